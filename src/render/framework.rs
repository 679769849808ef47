//! `frameworks` and `show`: a framework as a readable document (table format),
//! Markdown, the normalised JSON of `show --format json`, or CSV (one row per
//! indicator).

use std::fmt::Write as _;

use serde::Serialize;

use super::{Format, Style, md};
use crate::error::Result;
use crate::model::{Competency, Framework, Indicator, Origin, Perspective, Polarity};

/// What `show` prints: a framework, optionally narrowed.
pub(crate) struct ShowView<'a> {
    pub framework: &'a Framework,
    /// Only this competency.
    pub competency: Option<&'a Competency>,
    /// Only indicators at this level code.
    pub level: Option<&'a str>,
}

impl ShowView<'_> {
    fn competencies(&self) -> Vec<&Competency> {
        match self.competency {
            Some(c) => vec![c],
            None => self.framework.competencies.iter().collect(),
        }
    }

    fn keeps(&self, indicator: &Indicator) -> bool {
        self.level
            .is_none_or(|l| indicator.level.as_deref() == Some(l))
    }

    /// A theme is shown unless a level filter leaves it empty.
    fn shows(&self, theme: &crate::model::Theme) -> bool {
        self.level.is_none() || theme.indicators.iter().any(|i| self.keeps(i))
    }
}

/// One row of `frameworks`.
#[derive(Serialize)]
pub(crate) struct FrameworkRow<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub publisher: &'a str,
    pub year: Option<i64>,
    pub scale: String,
    pub cumulative: bool,
    pub competencies: usize,
    pub indicators: usize,
    pub origin: String,
    /// Whether it is the one compiled into the tool.
    #[serde(skip)]
    pub bundled: bool,
}

impl<'a> FrameworkRow<'a> {
    pub(crate) fn new(framework: &'a Framework, origin: &Origin) -> Self {
        FrameworkRow {
            id: &framework.id,
            name: &framework.name,
            publisher: &framework.publisher,
            year: framework.year,
            scale: scale_summary(framework),
            cumulative: framework.scale.cumulative,
            competencies: framework.competencies.len(),
            indicators: framework.indicator_count(),
            origin: origin.to_string(),
            bundled: *origin == Origin::Bundled,
        }
    }
}

/// `1–4`, `A–H`, `engaged–exemplary`, with `(added)` for a scale the source lacks.
fn scale_summary(framework: &Framework) -> String {
    let levels = &framework.scale.levels;
    let mut text = match (levels.first(), levels.last()) {
        (Some(first), Some(last)) if levels.len() > 1 => format!("{}–{}", first.code, last.code),
        (Some(only), _) => only.code.clone(),
        _ => String::new(),
    };
    if framework.scale.added_for_rating {
        text.push_str(" (added)");
    }
    text
}

pub(crate) fn render_list(
    rows: &[FrameworkRow<'_>],
    format: Format,
    style: Style,
) -> Result<String> {
    Ok(match format {
        Format::Json => super::json(rows)?,
        Format::Csv => super::csv(
            &[
                "id",
                "name",
                "publisher",
                "year",
                "scale",
                "cumulative",
                "competencies",
                "indicators",
                "origin",
            ],
            rows.iter().map(|r| {
                vec![
                    r.id.to_owned(),
                    r.name.to_owned(),
                    r.publisher.to_owned(),
                    r.year.map(|y| y.to_string()).unwrap_or_default(),
                    r.scale.clone(),
                    r.cumulative.to_string(),
                    r.competencies.to_string(),
                    r.indicators.to_string(),
                    r.origin.clone(),
                ]
            }),
        )?,
        Format::Markdown => {
            let mut out = String::from(
                "| id | name | publisher | year | scale | competencies | indicators |\n|---|---|---|---|---|---|---|\n",
            );
            for r in rows {
                let _ = writeln!(
                    out,
                    "| `{}` | {} | {} | {} | {} | {} | {} |",
                    r.id,
                    md(r.name),
                    md(r.publisher),
                    r.year.map(|y| y.to_string()).unwrap_or_default(),
                    md(&r.scale),
                    r.competencies,
                    r.indicators
                );
            }
            out
        }
        Format::Table => {
            let mut table = super::table(
                style,
                &[
                    "id",
                    "name",
                    "publisher",
                    "year",
                    "scale",
                    "competencies",
                    "indicators",
                ],
            );
            for r in rows {
                table.add_row(super::cells(vec![
                    r.id.to_owned(),
                    r.name.to_owned(),
                    r.publisher.to_owned(),
                    r.year.map(|y| y.to_string()).unwrap_or_default(),
                    r.scale.clone(),
                    r.competencies.to_string(),
                    r.indicators.to_string(),
                ]));
            }
            let mut out = format!("{table}\n");
            for r in rows.iter().filter(|r| !r.bundled) {
                let replaces = crate::catalog::BUNDLED.iter().any(|(id, _)| *id == r.id);
                let _ = writeln!(
                    out,
                    "`{}` is loaded from {}{}",
                    r.id,
                    r.origin,
                    if replaces {
                        ", in place of the bundled one"
                    } else {
                        ""
                    }
                );
            }
            out
        }
    })
}

/// Consecutive indicators that share a heading.
fn runs<'a>(
    framework: &Framework,
    indicators: impl Iterator<Item = &'a Indicator>,
) -> Vec<(String, Vec<&'a Indicator>)> {
    let mut runs: Vec<(String, Vec<&Indicator>)> = Vec::new();
    for indicator in indicators {
        let heading = framework.indicator_heading(indicator);
        match runs.last_mut() {
            Some((last, items)) if *last == heading => items.push(indicator),
            _ => runs.push((heading, vec![indicator])),
        }
    }
    runs
}

pub(crate) fn render_show(view: &ShowView<'_>, format: Format, style: Style) -> Result<String> {
    Ok(match format {
        Format::Json => show_json(view)?,
        Format::Csv => show_csv(view)?,
        Format::Markdown => show_markdown(view),
        Format::Table => show_text(view, style),
    })
}

fn show_json(view: &ShowView<'_>) -> Result<String> {
    if view.competency.is_none() && view.level.is_none() {
        return super::json(view.framework);
    }
    // Narrowed: the same shape, holding only what was asked for.
    let mut narrowed = view.framework.clone();
    narrowed.competencies = view
        .competencies()
        .into_iter()
        .map(|c| {
            let mut c = c.clone();
            c.indicators.retain(|i| view.keeps(i));
            for theme in &mut c.themes {
                theme.indicators.retain(|i| view.keeps(i));
            }
            c
        })
        .collect();
    super::json(&narrowed)
}

fn show_csv(view: &ShowView<'_>) -> Result<String> {
    let f = view.framework;
    let mut rows = Vec::new();
    for c in view.competencies() {
        let sources = std::iter::once((None, &c.indicators))
            .chain(c.themes.iter().map(|t| (Some(t), &t.indicators)));
        for (theme, indicators) in sources {
            for i in indicators.iter().filter(|i| view.keeps(i)) {
                rows.push(vec![
                    f.id.clone(),
                    c.id.clone(),
                    theme.map(|t| t.id.clone()).unwrap_or_default(),
                    i.level.clone().unwrap_or_default(),
                    polarity_word(i.polarity).to_owned(),
                    i.perspective
                        .map(perspective_word)
                        .unwrap_or_default()
                        .to_owned(),
                    i.text.clone(),
                ]);
            }
        }
    }
    super::csv(
        &[
            "framework",
            "competency",
            "theme",
            "level",
            "polarity",
            "perspective",
            "text",
        ],
        rows,
    )
}

fn polarity_word(p: Polarity) -> &'static str {
    match p {
        Polarity::Positive => "positive",
        Polarity::Negative => "negative",
    }
}

fn perspective_word(p: Perspective) -> &'static str {
    match p {
        Perspective::Organisation => "organisation",
        Perspective::Worker => "worker",
    }
}

fn show_markdown(view: &ShowView<'_>) -> String {
    let f = view.framework;
    let mut out = String::new();
    if view.competency.is_none() {
        let _ = writeln!(out, "# {}\n", md(&f.name));
        let year = f.year.map(|y| format!(", {y}")).unwrap_or_default();
        let _ = writeln!(
            out,
            "*{}{year}.* Source: {}.\n",
            md(&f.publisher),
            md(&f.source)
        );
        if let Some(licence) = &f.licence {
            let _ = writeln!(out, "{}\n", md(licence));
        }
        if let Some(description) = &f.description {
            let _ = writeln!(out, "{}\n", md(description));
        }
        out.push_str("## Scale\n\n");
        if let Some(note) = scale_note(f) {
            let _ = writeln!(out, "> {}\n", md(&note));
        }
        out.push_str("| code | label | description |\n|---|---|---|\n");
        for level in &f.scale.levels {
            let _ = writeln!(
                out,
                "| `{}` | {} | {} |",
                level.code,
                md(&level.label),
                md(&f.level_description(level).unwrap_or_default())
            );
        }
        out.push('\n');
        for (i, group) in f.groups.iter().enumerate() {
            let _ = writeln!(out, "## {} (`{}`)\n", md(&group.name), group.id);
            if let Some(same) = same_as(f, i) {
                let _ = writeln!(out, "{}\n", md(&same_text(same)));
                continue;
            }
            if let Some(d) = &group.description {
                let _ = writeln!(out, "{}\n", md(d));
            }
            for (code, text) in &group.level_descriptions {
                let _ = writeln!(out, "- **{}**: {}", md(&f.level_heading(code)), md(text));
            }
            if !group.level_descriptions.is_empty() {
                out.push('\n');
            }
        }
    }
    for c in view.competencies() {
        let _ = writeln!(out, "## {} (`{}`)\n", md(&c.name), c.id);
        competency_facts_markdown(f, c, &mut out);
        for (heading, items) in runs(f, c.indicators.iter().filter(|i| view.keeps(i))) {
            let _ = writeln!(out, "### {}\n", md(&heading));
            for i in items {
                let _ = writeln!(out, "- {}", md(&shown_text(&i.text)));
            }
            out.push('\n');
        }
        for t in c.themes.iter().filter(|t| view.shows(t)) {
            let _ = writeln!(out, "### {} (`{}`)\n", md(&t.name), t.id);
            if let Some(d) = &t.description {
                let _ = writeln!(out, "{}\n", md(d));
            }
            for (heading, items) in runs(f, t.indicators.iter().filter(|i| view.keeps(i))) {
                let _ = writeln!(out, "#### {}\n", md(&heading));
                for i in items {
                    let _ = writeln!(out, "- {}", md(&shown_text(&i.text)));
                }
                out.push('\n');
            }
        }
        if !c.standards.is_empty() {
            out.push_str("### Related standards\n\n");
            for s in &c.standards {
                let _ = writeln!(out, "- {}", md(s));
            }
            out.push('\n');
        }
    }
    if let Some(level) = view.level {
        cumulative_reminder(f, level, &mut out);
    }
    out
}

fn competency_facts_markdown(f: &Framework, c: &Competency, out: &mut String) {
    if let Some(group) = c.group.as_deref().and_then(|g| f.group(g)) {
        let _ = writeln!(out, "*Group:* {}\n", md(&group.name));
    }
    if c.subject == crate::model::Subject::Organisation {
        out.push_str("*Rates an organisation or team, not a person.*\n\n");
    }
    if let Some(d) = &c.definition {
        let _ = writeln!(out, "**Definition.** {}\n", md(d));
    }
    if let Some(w) = &c.why {
        let _ = writeln!(out, "**Why is it important?** {}\n", md(w));
    }
}

fn scale_note(f: &Framework) -> Option<String> {
    let mut parts = Vec::new();
    if f.scale.added_for_rating {
        parts.push("This scale was added by the competency tool so ratings can be recorded; it is not part of the source framework.".to_owned());
    }
    if f.scale.cumulative {
        parts.push("Levels are cumulative: a level is met only when its indicators and those of every lower level are met.".to_owned());
    }
    if let Some(note) = &f.scale.note {
        parts.push(note.clone());
    }
    (!parts.is_empty()).then(|| parts.join(" "))
}

fn cumulative_reminder(f: &Framework, level: &str, out: &mut String) {
    let has_own = f.competencies.iter().any(|c| {
        c.all_indicators()
            .any(|i| i.level.as_deref() == Some(level))
    });
    if !has_own && f.scale.added_for_rating {
        let _ = writeln!(
            out,
            "The source defines no levels: `{level}` is a level of the scale added for rating, so no behaviour belongs to it; the behaviours apply at every level."
        );
    } else if !has_own {
        let _ = writeln!(
            out,
            "Level `{level}` has no indicators of its own in this framework: it is a rating between the levels around it."
        );
    }
    let below: Vec<String> = f
        .scale
        .levels
        .iter()
        .take_while(|l| l.code != level)
        .map(|l| l.code.clone())
        .collect();
    if f.scale.cumulative && !below.is_empty() {
        let _ = writeln!(
            out,
            "Levels are cumulative: meeting `{level}` also requires the indicators of {}.",
            crate::diagnostic::list_names(&below, "and")
        );
    }
}

fn show_text(view: &ShowView<'_>, style: Style) -> String {
    let f = view.framework;
    let mut out = String::new();
    let para = |out: &mut String, text: &str, indent: &str| {
        let _ = writeln!(out, "{}", style.wrap(text, indent, indent));
    };
    if view.competency.is_none() {
        let _ = writeln!(out, "{} ({})", f.name, f.id);
        let year = f.year.map(|y| format!(", {y}")).unwrap_or_default();
        para(
            &mut out,
            &format!("{}{year}. Source: {}.", f.publisher, f.source),
            "",
        );
        if let Some(licence) = &f.licence {
            para(&mut out, licence, "");
        }
        if let Some(description) = &f.description {
            out.push('\n');
            para(&mut out, description, "");
        }
        out.push_str("\nScale\n");
        if let Some(note) = scale_note(f) {
            para(&mut out, &note, "  ");
        }
        let mut table = super::table(style, &["code", "label", "description"]);
        for level in &f.scale.levels {
            table.add_row(super::cells(vec![
                level.code.clone(),
                level.label.clone(),
                f.level_description(level).unwrap_or_default(),
            ]));
        }
        let _ = writeln!(out, "{table}");
        for (i, group) in f.groups.iter().enumerate() {
            let _ = writeln!(out, "\nGroup: {} ({})", group.name, group.id);
            if let Some(same) = same_as(f, i) {
                para(&mut out, &same_text(same), "  ");
                continue;
            }
            if let Some(d) = &group.description {
                para(&mut out, d, "  ");
            }
            for (code, text) in &group.level_descriptions {
                para(
                    &mut out,
                    &format!("{}: {text}", f.level_heading(code)),
                    "  ",
                );
            }
        }
    }
    for c in view.competencies() {
        let _ = writeln!(out, "\n== {} ({}) ==", c.name, c.id);
        if let Some(group) = c.group.as_deref().and_then(|g| f.group(g)) {
            let _ = writeln!(out, "Group: {}", group.name);
        }
        if c.subject == crate::model::Subject::Organisation {
            out.push_str("Rates an organisation or team, not a person.\n");
        }
        if let Some(d) = &c.definition {
            para(&mut out, &format!("Definition: {d}"), "");
        }
        if let Some(w) = &c.why {
            para(&mut out, &format!("Why is it important? {w}"), "");
        }
        indicator_runs_text(
            f,
            c.indicators.iter().filter(|i| view.keeps(i)),
            "",
            style,
            &mut out,
        );
        for t in c.themes.iter().filter(|t| view.shows(t)) {
            let _ = writeln!(out, "\n-- {} ({}) --", t.name, t.id);
            if let Some(d) = &t.description {
                para(&mut out, d, "  ");
            }
            indicator_runs_text(
                f,
                t.indicators.iter().filter(|i| view.keeps(i)),
                "  ",
                style,
                &mut out,
            );
        }
        if !c.standards.is_empty() {
            out.push_str("\nRelated standards\n");
            for s in &c.standards {
                let _ = writeln!(out, "{}", style.wrap(s, "  - ", "    "));
            }
        }
    }
    if let Some(level) = view.level {
        out.push('\n');
        cumulative_reminder(f, level, &mut out);
    }
    out
}

fn indicator_runs_text<'a>(
    f: &Framework,
    indicators: impl Iterator<Item = &'a Indicator>,
    indent: &str,
    style: Style,
    out: &mut String,
) {
    for (heading, items) in runs(f, indicators) {
        let _ = writeln!(out, "\n{indent}{heading}");
        let bullet = if items
            .first()
            .is_some_and(|i| i.polarity == Polarity::Negative)
        {
            "✗ "
        } else {
            "• "
        };
        for i in items {
            let _ = writeln!(
                out,
                "{}",
                style.wrap(
                    &shown_text(&i.text),
                    &format!("{indent}  {bullet}"),
                    &format!("{indent}    ")
                )
            );
        }
    }
}

/// What a fragment says of itself: its words were lost in the source
/// (`[…]` marks where), so a checklist never asks it and no level counts it.
const FRAGMENT_NOTE: &str =
    "(words lost in the source: never asked in a checklist, not counted for a level)";

/// An indicator's text as `show` prints it: a fragment says what it is,
/// before its words (which end the line, as every indicator's do).
fn shown_text(text: &str) -> String {
    if crate::checklist::is_fragment(text) {
        format!("{FRAGMENT_NOTE} {text}")
    } else {
        text.to_owned()
    }
}

/// An earlier group with the same description and level descriptions as
/// group `i` (SSSC's Managing self and Managing relationships share the
/// personal capabilities' four stages), so they are printed once.
fn same_as(f: &Framework, i: usize) -> Option<&crate::model::Group> {
    let group = f.groups.get(i)?;
    if group.description.is_none() && group.level_descriptions.is_empty() {
        return None;
    }
    f.groups[..i].iter().find(|g| {
        g.description == group.description && g.level_descriptions == group.level_descriptions
    })
}

/// What a group that shares an earlier one's descriptions says.
fn same_text(earlier: &crate::model::Group) -> String {
    format!("Description and stages as for {} above.", earlier.name)
}
