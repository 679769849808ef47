//! `gap`: a person against a role. `plan` builds on its table and notes.

use std::fmt::Write as _;

use super::notes::{self, Notes, by_kind};
use super::{Format, Style, md};
use crate::error::Result;
use crate::model::{Framework, Subject};
use crate::record::RaterKind;
use crate::report::Standing;
use crate::report::gap::{GapReport, GapRow};

/// How the report is drawn beyond its format.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Options {
    /// Show which ticked behaviours decided each checklist rating.
    pub explain: bool,
}

/// ` (organisation)` after an organisation's name, so nobody reads its
/// review as a person's.
pub(super) fn organisation(report: &GapReport) -> &'static str {
    if report.subject.is_organisation() {
        " (organisation)"
    } else {
        ""
    }
}

pub(super) fn level_text(level: Option<&str>) -> String {
    level.unwrap_or("–").to_owned()
}

/// The rating a row uses, as a person reads it: its level, `not yet at
/// Engaged` below the first level, or `–`.
pub(super) fn rating_text(row: &GapRow, by: RaterKind) -> String {
    if row.is_below_first(by) {
        row.not_yet.clone()
    } else {
        level_text(row.rating.as_deref())
    }
}

fn gap_text(gap: Option<i64>) -> String {
    match gap {
        Some(g) if g > 0 => format!("+{g}"),
        Some(g) => g.to_string(),
        None => "–".to_owned(),
    }
}

/// The heading of the column of bars, and their key.
const SCALE: &str = "on the scale";
const SCALE_KEY: &str =
    "on the scale: █ the rating, ▒ short of the required level, ░ the rest of the scale";

/// A small bar: one cell per level up to the top of the scale; filled to the
/// rating, shaded where the requirement is not yet reached. A competency
/// with no level (unrated, or marked not applicable) has no bar: its
/// shortfall is unknown, not the whole requirement.
fn bar(framework: &Framework, row: &GapRow) -> String {
    if !matches!(
        row.status,
        Standing::Below | Standing::Meets | Standing::Exceeds
    ) {
        return String::new();
    }
    let top = framework.scale.levels.len();
    let have = row
        .rating
        .as_deref()
        .and_then(|l| framework.scale.rank(l))
        .unwrap_or(0) as usize;
    let need = framework.scale.rank(&row.required).unwrap_or(0) as usize;
    format!(
        "{}{}{}",
        "█".repeat(have.min(top)),
        "▒".repeat(need.saturating_sub(have)),
        "░".repeat(top.saturating_sub(have.max(need)))
    )
}

/// The bar's cell: coloured by the standing when colour is on. The table
/// applies the colour after measuring the text, so borders line up.
fn bar_cell(framework: &Framework, row: &GapRow, style: Style) -> super::GridCell {
    let cell = super::GridCell::new(&bar(framework, row));
    if !style.color {
        return cell;
    }
    match row.status {
        Standing::Below => cell.fg(comfy_table::Color::Yellow),
        Standing::Meets | Standing::Exceeds => cell.fg(comfy_table::Color::Green),
        Standing::Unrated | Standing::NotApplicable | Standing::NotRequired => cell,
    }
}

pub(super) fn summary_line(report: &GapReport) -> String {
    let s = &report.summary;
    let mut line = format!("met {} of {}", s.met(), s.required());
    if s.exceeds > 0 {
        let _ = write!(line, " ({} exceeded)", s.exceeds);
    }
    let _ = write!(line, " · {} below", s.below);
    if s.unrated > 0 {
        let _ = write!(line, " · {} unrated", s.unrated);
    }
    if s.not_applicable > 0 {
        let _ = write!(
            line,
            " · {} not assessed (marked not applicable, though the role requires {}; never counted as met)",
            s.not_applicable,
            if s.not_applicable == 1 { "it" } else { "them" }
        );
    }
    line
}

/// A row's status as a person reads it: `not assessed (n/a)` for a
/// requirement the rater marked not applicable.
pub(super) fn status_text(status: Standing) -> &'static str {
    match status {
        Standing::NotApplicable => "not assessed (n/a)",
        other => other.as_str(),
    }
}

/// A kind of rater as reports name it: `self`, `manager`, `peer`; an
/// organisation is not managed, so its assessor's ratings are `assessed`.
pub(super) fn by_word(by: RaterKind, subject: Subject) -> String {
    match (by, subject) {
        (RaterKind::Manager, Subject::Organisation) => "assessed".to_owned(),
        _ => by.to_string(),
    }
}

pub(super) fn raters_line(report: &GapReport) -> String {
    let parts: Vec<String> = report
        .raters
        .iter()
        .map(|r| {
            let who = r
                .rater
                .as_deref()
                .map(|n| format!(" ({n})"))
                .unwrap_or_default();
            let used = if r.by == report.by { ", used" } else { "" };
            let mut part = format!(
                "{}{who} {} {}{used}",
                by_word(r.by, report.subject),
                r.date,
                r.status
            );
            // Ratings of one kind from several records: say which gives what.
            if report.several(r.by) {
                let _ = write!(part, " for {}", names_list(&r.names));
            }
            part
        })
        .collect();
    let mut parts = parts;
    if report.peer_count > 0 {
        parts.push(format!(
            "{} (shown only where {} or more rated a competency: how many, median, range)",
            super::count(report.peer_count, "peer", "peers"),
            report.peer_minimum
        ));
    }
    if parts.is_empty() {
        "no assessments on this framework".to_owned()
    } else {
        parts.join("; ")
    }
}

/// Whether any row has peers' ratings to show (an aggregate or "fewer than").
fn has_peers(report: &GapReport) -> bool {
    report.rows.iter().any(|r| r.peer.is_some())
}

/// `A · B · C` (names may hold commas: Cherwell's "Innovation, Continuous
/// Improvement and Problem Solving"); `nothing the role requires` for none.
pub(crate) fn names_list(names: &[String]) -> String {
    if names.is_empty() {
        "nothing the role requires".to_owned()
    } else {
        names.join(" · ")
    }
}

pub(crate) fn render_gap(
    framework: &Framework,
    report: &GapReport,
    format: Format,
    style: Style,
    options: Options,
) -> Result<String> {
    Ok(match format {
        Format::Json => super::json(report)?,
        Format::Csv => gap_csv(report)?,
        Format::Markdown => {
            let mut out = format!(
                "# {}{} against {} — role `{}`\n\nFramework: {} (`{}`). Ratings: {}.\n\n",
                md(&report.who()),
                organisation(report),
                md(&report.role_name),
                report.role,
                md(&framework.name),
                framework.id,
                md(&raters_line(report))
            );
            gap_markdown(framework, report, &Notes::of(report), options, &mut out);
            out
        }
        Format::Table => gap_table(framework, report, &Notes::of(report), style, options),
    })
}

fn gap_csv(report: &GapReport) -> Result<String> {
    super::csv(
        &[
            "person",
            "role",
            "framework",
            "by",
            "competency",
            "required",
            "rating",
            "self",
            "manager",
            "peer",
            "gap",
            "status",
            "discuss",
            "source",
        ],
        report.rows.iter().map(|r| {
            vec![
                report.person.clone(),
                report.role.clone(),
                report.framework.clone(),
                report.by.to_string(),
                r.competency.clone(),
                r.required.clone(),
                if r.is_below_first(report.by) {
                    r.not_yet.clone()
                } else {
                    r.rating.clone().unwrap_or_default()
                },
                by_kind(r, RaterKind::SelfAssessment, ""),
                by_kind(r, RaterKind::Manager, ""),
                by_kind(r, RaterKind::Peer, ""),
                r.gap.map(|g| g.to_string()).unwrap_or_default(),
                r.status.as_str().to_owned(),
                r.discuss.to_string(),
                r.source.clone().unwrap_or_default(),
            ]
        }),
    )
}

pub(super) fn gap_table(
    framework: &Framework,
    report: &GapReport,
    notes: &Notes,
    style: Style,
    options: Options,
) -> String {
    let heading = format!(
        "{}{} against {} — role {}, framework {}",
        report.who(),
        organisation(report),
        report.role_name,
        report.role,
        report.framework
    );
    let mut out = format!("{}\n", style.wrap(&heading, "", ""));
    if let Some(as_of) = &report.as_of {
        let _ = writeln!(out, "as of {as_of}");
    }
    let _ = writeln!(
        out,
        "{}",
        style.wrap(&format!("ratings: {}", raters_line(report)), "", "  ")
    );
    if let Some(note) = &notes.missing_rater {
        let _ = writeln!(out, "{}", style.wrap(&format!("note: {note}"), "", "  "));
    }
    let manager = by_word(RaterKind::Manager, report.subject);
    let peers = has_peers(report);
    let mut header = vec!["competency", "required", "rating", "self", manager.as_str()];
    if peers {
        header.push("peers");
    }
    header.extend(["gap", "status"]);
    if style.terminal {
        header.push(SCALE);
    }
    let mut table = super::table(style, &header).details(&[SCALE]);
    for row in &report.rows {
        let mut status = status_text(row.status).to_owned();
        if row.discuss {
            status.push_str(" · discuss");
        }
        if row.stale {
            status.push_str(" · older framework");
        }
        status.push_str(&negative_mark(row));
        let mut values = vec![
            row.name.clone(),
            row.required.clone(),
            rating_text(row, report.by),
            by_kind(row, RaterKind::SelfAssessment, "–"),
            by_kind(row, RaterKind::Manager, "–"),
        ];
        if peers {
            values.push(by_kind(row, RaterKind::Peer, "–"));
        }
        values.extend([gap_text(row.gap), status]);
        let mut cells = super::cells(values);
        if style.terminal {
            cells.push(bar_cell(framework, row, style));
        }
        table.add_row(cells);
    }
    let _ = writeln!(out, "{table}");
    if style.terminal && table.shows(SCALE) {
        let _ = writeln!(out, "{}", style.wrap(SCALE_KEY, "", ""));
    }
    let _ = writeln!(out, "{}", style.wrap(&summary_line(report), "", ""));
    notes_text(notes, style, &mut out);
    if options.explain {
        explain_text(framework, report, style, &mut out);
    }
    out
}

fn notes_text(notes: &Notes, style: Style, out: &mut String) {
    if !notes.discuss.is_empty() {
        let _ = writeln!(out, "\n{} ({}):", notes::DISCUSS, notes::discuss_reason());
        for d in &notes.discuss {
            let _ = writeln!(
                out,
                "  {}: self {}, manager {}",
                d.name, d.self_level, d.manager
            );
        }
    }
    if !notes.negative.is_empty() {
        let _ = writeln!(
            out,
            "\n{} {}:",
            notes::NEGATIVE_MARK,
            notes::negative_heading(&notes.negative_label)
        );
        for n in &notes.negative {
            let _ = writeln!(
                out,
                "{}",
                style.wrap(
                    &format!("{} ({}): {}", n.name, n.by, n.text),
                    "  ✗ ",
                    "    "
                )
            );
        }
    }
    for file in &notes.edited {
        let _ = writeln!(out, "\n{}", notes::edited(file));
    }
    if !notes.stale.is_empty() {
        let _ = writeln!(out, "\n{}", notes::STALE);
    }
}

/// ` · ✗ 2` after a row's status when negative behaviours are recorded for
/// its competency (listed under the table), however high its rating.
pub(super) fn negative_mark(row: &GapRow) -> String {
    if row.negative.is_empty() {
        String::new()
    } else {
        format!(" · {} {}", notes::NEGATIVE_MARK, row.negative.len())
    }
}

/// The level a checklist rating gives or the rater chose.
fn chosen(r: &GapRow) -> Option<&str> {
    r.derived_by.and_then(|kind| match kind {
        RaterKind::SelfAssessment => r.self_level.as_deref(),
        RaterKind::Manager => r.manager.as_deref(),
        RaterKind::Peer => r.peer.as_deref(),
    })
}

/// A behaviour and whose view it is (`None` where the source gives one).
pub(super) type Whose<'a> = (Option<&'a str>, &'a str);

/// For `--explain`, what decides the next step: the first level above the
/// rating with behaviours not yet ticked, and those behaviours, each with
/// whose view it is where the source gives two (SSSC's organisational
/// capabilities: the organisation's, or its workers').
pub(super) fn next_missing<'a>(
    framework: &'a Framework,
    r: &'a GapRow,
) -> Option<(&'a str, Vec<Whose<'a>>)> {
    let d = r.derivation.as_ref()?;
    let rank = |code: &str| framework.scale.rank(code).unwrap_or(0);
    let above = chosen(r).or(d.level.as_deref()).map_or(0, rank);
    let next = d
        .cover
        .iter()
        .filter(|c| rank(&c.level) > above)
        .find(|c| !c.missing.is_empty())?;
    let competency = framework.competency(&r.competency);
    let missing = next
        .missing
        .iter()
        .map(|m| {
            let whose = competency
                .and_then(|c| c.indicator(m))
                .and_then(|i| i.perspective)
                .map(|p| framework.perspective_name(p));
            (whose, m.as_str())
        })
        .collect();
    Some((next.level.as_str(), missing))
}

/// For `--explain`: how each checklist rating follows from its ticks.
fn explain_text(framework: &Framework, report: &GapReport, style: Style, out: &mut String) {
    for r in &report.rows {
        if let Some(d) = &r.derivation {
            let whose = r
                .derived_by
                .map(|b| format!(" ({})", by_word(b, report.subject)))
                .unwrap_or_default();
            let _ = writeln!(
                out,
                "\n{} — from the checklist{whose}: {}",
                r.name,
                d.explain()
            );
            // The level the rater gave may differ from what the ticks give.
            let chosen = chosen(r);
            if chosen.is_some() && chosen != d.level.as_deref() {
                let _ = writeln!(
                    out,
                    "  the rater chose `{}`; the ticked behaviours alone give {}",
                    chosen.unwrap_or_default(),
                    d.level
                        .as_deref()
                        .map_or_else(|| "no level".to_owned(), |l| format!("`{l}`"))
                );
            }
            if let Some((level, missing)) = next_missing(framework, r) {
                let _ = writeln!(out, "  not yet ticked at {level}:");
                for (whose, text) in missing {
                    let whose = whose.map(|w| format!("[{w}] ")).unwrap_or_default();
                    let _ = writeln!(
                        out,
                        "{}",
                        style.wrap(&format!("{whose}{text}"), "    • ", "      ")
                    );
                }
            }
            for n in &d.negative {
                let _ = writeln!(out, "{}", style.wrap(n, "    ✗ ticked: ", "      "));
            }
        }
    }
    if report.rows.iter().all(|r| r.derivation.is_none()) {
        let _ = writeln!(
            out,
            "\nNo rating here came from a checklist, so there are no ticks to explain."
        );
    }
}

pub(super) fn gap_markdown(
    framework: &Framework,
    report: &GapReport,
    notes: &Notes,
    options: Options,
    out: &mut String,
) {
    if let Some(note) = &notes.missing_rater {
        let _ = writeln!(out, "> Note: {}\n", md(note));
    }
    let peers = has_peers(report);
    let _ = writeln!(
        out,
        "| competency | required | rating | self | {} |{} gap | status |\n|---|---|---|---|---|{}---|---|",
        by_word(RaterKind::Manager, report.subject),
        if peers { " peers |" } else { "" },
        if peers { "---|" } else { "" }
    );
    for r in &report.rows {
        let mut status = status_text(r.status).to_owned();
        if r.discuss {
            status.push_str(", **discuss**");
        }
        if r.stale {
            status.push_str(", older framework");
        }
        if !r.negative.is_empty() {
            let _ = write!(status, ", {} {}", notes::NEGATIVE_MARK, r.negative.len());
        }
        let peer_cell = if peers {
            format!(" {} |", md(&by_kind(r, RaterKind::Peer, "–")))
        } else {
            String::new()
        };
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} |{peer_cell} {} | {} |",
            md(&r.name),
            md(&r.required),
            md(&rating_text(r, report.by)),
            md(&by_kind(r, RaterKind::SelfAssessment, "–")),
            md(&by_kind(r, RaterKind::Manager, "–")),
            gap_text(r.gap),
            status
        );
    }
    let _ = writeln!(out, "\n{}\n", summary_line(report));
    notes_markdown(notes, out);
    if options.explain {
        for r in &report.rows {
            if let Some(d) = &r.derivation {
                let whose = r
                    .derived_by
                    .map(|b| format!(" ({})", by_word(b, report.subject)))
                    .unwrap_or_default();
                let _ = writeln!(
                    out,
                    "**{}** from the checklist{whose}: {}\n",
                    md(&r.name),
                    md(&d.explain())
                );
                if let Some((level, missing)) = next_missing(framework, r) {
                    let _ = writeln!(out, "Not yet ticked at {}:\n", md(level));
                    for (whose, text) in missing {
                        match whose {
                            Some(w) => {
                                let _ = writeln!(out, "- *{}:* {}", md(w), md(text));
                            }
                            None => {
                                let _ = writeln!(out, "- {}", md(text));
                            }
                        }
                    }
                    out.push('\n');
                }
            }
        }
    }
}

fn notes_markdown(notes: &Notes, out: &mut String) {
    if !notes.discuss.is_empty() {
        let reason = notes::discuss_reason();
        let mut reason = reason.chars();
        let first = reason
            .next()
            .map(|c| c.to_uppercase().to_string())
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "### {}\n\n{first}{}:\n",
            notes::DISCUSS,
            reason.as_str()
        );
        for d in &notes.discuss {
            let _ = writeln!(
                out,
                "- **{}**: self {}, manager {}",
                md(&d.name),
                md(&d.self_level),
                md(&d.manager)
            );
        }
        out.push('\n');
    }
    if !notes.negative.is_empty() {
        let _ = writeln!(
            out,
            "### {} {}\n",
            notes::NEGATIVE_MARK,
            md(&notes::negative_heading(&notes.negative_label))
        );
        for n in &notes.negative {
            let _ = writeln!(out, "- **{}** *({})*: {}", md(&n.name), n.by, md(&n.text));
        }
        out.push('\n');
    }
    for file in &notes.edited {
        let _ = writeln!(out, "> {}\n", md(&notes::edited(file)));
    }
    if !notes.stale.is_empty() {
        let _ = writeln!(out, "> {}\n", md(notes::STALE));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Catalog;

    fn row(rating: Option<&str>, required: &str, status: Standing) -> GapRow {
        GapRow {
            competency: "team-working".into(),
            name: "Team Working".into(),
            required: required.into(),
            rating: rating.map(Into::into),
            self_level: None,
            manager: None,
            peer: None,
            peers: crate::report::peers::Peers::None,
            gap: None,
            status,
            discuss: false,
            source: None,
            stale: false,
            evidence: Vec::new(),
            negative: Vec::new(),
            ticked: Vec::new(),
            not_applicable: Vec::new(),
            below_scale: Vec::new(),
            not_yet: "not yet at Level 1".into(),
            derivation: None,
            derived_by: None,
        }
    }

    #[test]
    fn the_bar_fills_to_the_rating_and_shades_what_the_role_still_needs() {
        let catalog = Catalog::bundled();
        let f = catalog.framework("wdcvs").unwrap();
        assert_eq!(bar(f, &row(Some("2"), "3", Standing::Below)), "██▒░");
        assert_eq!(bar(f, &row(Some("4"), "3", Standing::Exceeds)), "████");
        // No level: no bar, never the shortfall's shading.
        assert_eq!(bar(f, &row(None, "2", Standing::Unrated)), "");
        assert_eq!(bar(f, &row(None, "2", Standing::NotApplicable)), "");
    }
}
