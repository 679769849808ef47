//! `history`: a person's ratings per competency over time.

use std::fmt::Write as _;

use super::{Format, Style, md};
use crate::error::Result;
use crate::report::history::{CompetencyHistory, HistoryEntry};
use crate::roster::Profile;

fn change_text(change: Option<i64>) -> String {
    match change {
        Some(c) if c > 0 => format!("+{c}"),
        Some(0) => "=".to_owned(),
        Some(c) => c.to_string(),
        None => String::new(),
    }
}

pub(crate) fn render_history(
    profile: &Profile,
    history: &[CompetencyHistory],
    format: Format,
    style: Style,
) -> Result<String> {
    let person = profile.person.as_str();
    Ok(match format {
        Format::Json => super::json(history)?,
        Format::Csv => super::csv(
            &[
                "person",
                "framework",
                "competency",
                "date",
                "by",
                "rater",
                "level",
                "change",
                "file",
            ],
            history_rows(history).map(|(h, e)| {
                vec![
                    person.to_owned(),
                    h.framework.clone(),
                    h.competency.clone(),
                    e.date.clone(),
                    e.by.to_string(),
                    e.rater.clone().unwrap_or_default(),
                    entry_level(e),
                    e.change.map(|c| c.to_string()).unwrap_or_default(),
                    e.file.clone(),
                ]
            }),
        )?,
        Format::Markdown => history_markdown(&profile.label(), history),
        Format::Table => history_table(profile, history, style),
    })
}

fn history_rows(
    history: &[CompetencyHistory],
) -> impl Iterator<Item = (&CompetencyHistory, &HistoryEntry)> {
    history
        .iter()
        .flat_map(|h| h.entries.iter().map(move |e| (h, e)))
}

fn entry_level(e: &HistoryEntry) -> String {
    if e.not_applicable {
        "n/a".to_owned()
    } else {
        e.level
            .clone()
            .or_else(|| e.below.clone())
            .unwrap_or_else(|| "–".to_owned())
    }
}

fn history_markdown(person: &str, history: &[CompetencyHistory]) -> String {
    let mut out = format!("# Ratings of {} over time\n", md(person));
    for h in history {
        let _ = writeln!(
            out,
            "\n## {} (`{}`, `{}`)\n\n| date | by | rater | level | change |\n|---|---|---|---|---|",
            md(&h.name),
            h.competency,
            h.framework
        );
        for e in &h.entries {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} |",
                e.date,
                e.by,
                md(e.rater.as_deref().unwrap_or("")),
                entry_level(e),
                change_text(e.change)
            );
        }
        if let Some(peers) = h.peers.text() {
            let _ = writeln!(out, "\nPeers: {}", md(&peers));
        }
        super::review::served_markdown(&h.actions, &mut out);
    }
    out
}

fn history_table(profile: &Profile, history: &[CompetencyHistory], style: Style) -> String {
    let person = profile.label();
    if history.is_empty() {
        return format!(
            "no ratings recorded for {person} yet; `competency assess {} --by self` records their own view, `--by manager` their manager's\n",
            profile.person
        );
    }
    let mut table = super::table(
        style,
        &[
            "framework",
            "competency",
            "date",
            "by",
            "rater",
            "level",
            "change",
        ],
    )
    .details(&["framework", "rater"]);
    for h in history {
        for (i, e) in h.entries.iter().enumerate() {
            let (framework, competency) = if i == 0 {
                (h.framework.clone(), h.name.clone())
            } else {
                (String::new(), String::new())
            };
            table.add_row(super::cells(vec![
                framework,
                competency,
                e.date.clone(),
                e.by.to_string(),
                e.rater.clone().unwrap_or_default(),
                entry_level(e),
                change_text(e.change),
            ]));
        }
    }
    let mut out = format!(
        "{}\n{table}\n",
        style.wrap(
            &format!(
                "ratings of {person} over time (change since the previous rating by the same kind of rater)"
            ),
            "",
            ""
        )
    );
    let peers: Vec<(&str, String)> = history
        .iter()
        .filter_map(|h| Some((h.name.as_str(), h.peers.text()?)))
        .collect();
    if !peers.is_empty() {
        out.push_str("\npeers' latest ratings (median, how many, range; never one peer's)\n");
        for (name, text) in peers {
            let _ = writeln!(
                out,
                "{}",
                style.wrap(&format!("{name}: {text}"), "  ", "    ")
            );
        }
    }
    let served: Vec<&CompetencyHistory> =
        history.iter().filter(|h| !h.actions.is_empty()).collect();
    if !served.is_empty() {
        out.push_str("\nactions agreed at reviews, beside the competency they served\n");
        for h in served {
            let last = h
                .entries
                .iter()
                .rev()
                .find(|e| e.level.is_some() || e.below.is_some());
            let now = last.map_or_else(String::new, |e| {
                format!(" (latest rating {}, {} {})", entry_level(e), e.by, e.date)
            });
            let _ = writeln!(out, "{}", style.wrap(&format!("{}{now}", h.name), "", "  "));
            super::review::served_lines(&h.actions, style, &mut out);
        }
    }
    out
}
