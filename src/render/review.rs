//! Agreed actions and objectives in every medium: `competency actions`
//! (table, JSON, CSV, Markdown, workbook), the "since the last review"
//! section of `plan` (text and Markdown; HTML is `html::review`), and the
//! actions beside a competency's ratings in `history`. Every text from a
//! review is escaped by the medium's one escaper (`cells`/`wrap`, `md`,
//! `csv`, the workbook's `Table`).

use std::fmt::Write as _;

use rust_xlsxwriter::XlsxError;

use super::xlsx::{Table, Value, standing_format, workbook};
use super::{Format, Style, md};
use crate::error::Result;
use crate::model::Framework;
use crate::report::Standing;
use crate::report::review::{ActionList, ActionRow, Agreed, Item, State};
use crate::review::ItemKind;

/// An item's status as a word, with `overdue` when it is past due.
pub(crate) fn status_text(item: &Item) -> String {
    if item.overdue {
        format!("{} · OVERDUE", item.status.words())
    } else {
        item.status.words().to_owned()
    }
}

/// A competency by name when the framework has it, else by id.
fn competency_name(framework: Option<&Framework>, item: &Item) -> String {
    let Some(id) = item.competency.as_deref() else {
        return String::new();
    };
    framework
        .filter(|f| item.framework.as_deref().is_none_or(|i| i == f.id))
        .and_then(|f| f.competency(id))
        .map_or_else(|| id.to_owned(), |c| c.name.clone())
}

fn who(row: &ActionRow) -> String {
    match &row.name {
        Some(name) if *name != row.person => format!("{name} ({})", row.person),
        _ => row.person.clone(),
    }
}

fn manager(row: &ActionRow) -> String {
    row.manager_name
        .clone()
        .or_else(|| row.manager.clone())
        .unwrap_or_default()
}

/// `3 open, 1 past its due day`, `3 open, 2 past their due day`.
fn tally(list: &ActionList) -> String {
    let mut text = format!(
        "agreed actions as of {}: {} open, {} past {} due day",
        list.as_of,
        list.open(),
        list.overdue(),
        if list.overdue() == 1 { "its" } else { "their" }
    );
    if list.closed_too {
        let closed = list.actions.len() - list.open();
        let _ = write!(text, "; {closed} done or dropped");
    }
    text
}

/// The columns of `actions` in CSV and the workbook.
const COLUMNS: &[&str] = &[
    "person",
    "name",
    "manager",
    "id",
    "action",
    "competency",
    "owner",
    "support",
    "due",
    "status",
    "overdue",
    "outcome",
    "updated",
    "agreed",
    "review",
];

fn cells(row: &ActionRow) -> Vec<String> {
    let a = &row.action;
    let text = |v: &Option<String>| v.clone().unwrap_or_default();
    vec![
        row.person.clone(),
        text(&row.name),
        text(&row.manager),
        a.id.clone(),
        a.text.clone(),
        text(&a.competency),
        text(&a.owner),
        text(&a.support),
        a.due.clone(),
        a.status.as_str().to_owned(),
        a.overdue.to_string(),
        text(&a.outcome),
        text(&a.updated),
        a.agreed.clone(),
        crate::store::shown_review_path(&row.person, &a.review),
    ]
}

/// `competency actions` in a text format.
pub(crate) fn render_actions(list: &ActionList, format: Format, style: Style) -> Result<String> {
    Ok(match format {
        Format::Json => super::json(list)?,
        Format::Csv => super::csv(COLUMNS, list.actions.iter().map(cells))?,
        Format::Markdown => {
            let mut out = format!(
                "# Agreed actions\n\n{}\n\n| person | id | action | competency | owner | due | status | outcome | manager |\n|---|---|---|---|---|---|---|---|---|\n",
                md(&tally(list))
            );
            for row in &list.actions {
                let a = &row.action;
                let _ = writeln!(
                    out,
                    "| {} | {} | {} | {} | {} | {} | {} | {} | {} |",
                    md(&who(row)),
                    md(&a.id),
                    md(&a.text),
                    md(a.competency.as_deref().unwrap_or_default()),
                    md(a.owner.as_deref().unwrap_or_default()),
                    md(&a.due),
                    if a.overdue {
                        format!("{} **overdue**", a.status.words())
                    } else {
                        a.status.words().to_owned()
                    },
                    md(a.outcome.as_deref().unwrap_or_default()),
                    md(&manager(row))
                );
            }
            out
        }
        Format::Table => {
            let mut out = format!("{}\n", style.wrap(&tally(list), "", ""));
            if list.actions.is_empty() {
                out.push_str(if list.closed_too {
                    "no actions agreed in scope\n"
                } else {
                    "no open actions in scope (--include-closed lists those done or dropped)\n"
                });
                return Ok(out);
            }
            let mut table = super::table(
                style,
                &[
                    "person",
                    "id",
                    "action",
                    "competency",
                    "owner",
                    "due",
                    "status",
                    "outcome",
                    "manager",
                ],
            )
            .details(&["manager", "competency", "outcome", "owner"]);
            for row in &list.actions {
                let a = &row.action;
                table.add_row(super::cells([
                    who(row),
                    a.id.clone(),
                    a.text.clone(),
                    a.competency.clone().unwrap_or_default(),
                    a.owner.clone().unwrap_or_default(),
                    a.due.clone(),
                    status_text(a),
                    a.outcome.clone().unwrap_or_default(),
                    manager(row),
                ]));
            }
            let _ = writeln!(out, "{table}");
            out
        }
    })
}

/// `competency actions --format xlsx`: one sheet, a row per action, its
/// status filled red when past due, amber while open, green when done.
pub(crate) fn actions_workbook(list: &ActionList) -> Result<Vec<u8>, XlsxError> {
    let mut sheet = actions_sheet(&list.actions)?;
    sheet.note(&format!("{}.", tally(list)))?;
    workbook(vec![sheet.finish()?])
}

/// The sheet of actions, for `actions` and `export`'s workbook.
pub(crate) fn actions_sheet(rows: &[ActionRow]) -> Result<Table, XlsxError> {
    let mut table = Table::new("Actions", COLUMNS, 1)?;
    let done = standing_format(Standing::Meets);
    let open = standing_format(Standing::Unrated);
    let late = standing_format(Standing::Below);
    let status = COLUMNS.iter().position(|c| *c == "status");
    for row in rows {
        let fill = if row.action.overdue {
            &late
        } else if row.action.status.is_open() {
            &open
        } else {
            &done
        };
        let values: Vec<Value> = cells(row).iter().map(Value::text).collect();
        let formats: Vec<Option<&rust_xlsxwriter::Format>> = (0..COLUMNS.len())
            .map(|i| (Some(i) == status).then_some(fill))
            .collect();
        table.row_of(
            &format!(
                "action {} of `{}`",
                row.action.id,
                crate::text::escape_controls(&row.person)
            ),
            &values,
            &formats,
        )?;
    }
    Ok(table)
}

/// The heading of the section a plan gives the last review.
pub(crate) fn carried_heading(agreed: &Agreed) -> String {
    match &agreed.last_review {
        Some(last) => format!(
            "Since the last review ({}, {}{})",
            last.date,
            last.status.as_str(),
            last.reviewer
                .as_deref()
                .map(|r| format!(", {r}"))
                .unwrap_or_default()
        ),
        None => "Since the last review".to_owned(),
    }
}

/// What is still open, in a sentence.
pub(crate) fn still_open(agreed: &Agreed) -> String {
    let actions = agreed.open_actions().count();
    let objectives = agreed
        .items
        .iter()
        .filter(|i| i.kind == ItemKind::Objective && i.status.is_open())
        .count();
    if actions == 0 && objectives == 0 {
        return format!("As of {}, nothing agreed is still open.", agreed.as_of);
    }
    format!(
        "As of {}, still open: {} ({} past {} due day) and {}.",
        agreed.as_of,
        super::count(actions, "action", "actions"),
        agreed.overdue_actions(),
        if agreed.overdue_actions() == 1 {
            "its"
        } else {
            "their"
        },
        super::count(objectives, "objective", "objectives")
    )
}

/// The plan's section on the last review, as text: a table of what it
/// carries, then what is still open.
pub(crate) fn carried_text(agreed: &Agreed, framework: &Framework, style: Style) -> String {
    let mut out = format!("\n{}\n", style.wrap(&carried_heading(agreed), "", ""));
    let items = agreed.carried();
    if !items.is_empty() {
        let mut table = super::table(
            style,
            &[
                "id",
                "action or objective",
                "competency",
                "owner",
                "due",
                "status",
                "outcome",
            ],
        )
        .details(&["competency", "owner"]);
        for item in items {
            table.add_row(super::cells([
                item.id.clone(),
                item_text(item),
                competency_name(Some(framework), item),
                item.owner.clone().unwrap_or_default(),
                item.due.clone(),
                status_text(item),
                item.outcome.clone().unwrap_or_default(),
            ]));
        }
        let _ = writeln!(out, "{table}");
    }
    out.push_str(&style.wrap(&still_open(agreed), "", ""));
    out.push('\n');
    out
}

/// An item's text, with an objective's measure and an action's support.
fn item_text(item: &Item) -> String {
    let mut text = item.text.clone();
    if let Some(measure) = &item.measure {
        let _ = write!(text, " (measure: {measure})");
    }
    if let Some(support) = &item.support {
        let _ = write!(text, " (support: {support})");
    }
    text
}

/// The plan's section on the last review, as Markdown.
pub(crate) fn carried_markdown(agreed: &Agreed, framework: &Framework, out: &mut String) {
    let _ = writeln!(out, "## {}\n", md(&carried_heading(agreed)));
    let items = agreed.carried();
    let (actions, objectives): (Vec<&Item>, Vec<&Item>) =
        items.iter().partition(|i| i.kind == ItemKind::Action);
    if !actions.is_empty() {
        out.push_str("| action | competency | owner | support | due | status | outcome |\n|---|---|---|---|---|---|---|\n");
        for a in actions {
            let _ = writeln!(
                out,
                "| {} {} | {} | {} | {} | {} | {} | {} |",
                md(&a.id),
                md(&a.text),
                md(&competency_name(Some(framework), a)),
                md(a.owner.as_deref().unwrap_or_default()),
                md(a.support.as_deref().unwrap_or_default()),
                md(&a.due),
                status_markdown(a),
                md(a.outcome.as_deref().unwrap_or_default())
            );
        }
        out.push('\n');
    }
    if !objectives.is_empty() {
        out.push_str("| objective | measure | due | status | comment |\n|---|---|---|---|---|\n");
        for o in objectives {
            let _ = writeln!(
                out,
                "| {} {} | {} | {} | {} | {} |",
                md(&o.id),
                md(&o.text),
                md(o.measure.as_deref().unwrap_or_default()),
                md(&o.due),
                status_markdown(o),
                md(o.outcome.as_deref().unwrap_or_default())
            );
        }
        out.push('\n');
    }
    let _ = writeln!(out, "{}\n", md(&still_open(agreed)));
}

fn status_markdown(item: &Item) -> String {
    let word = md(item.status.words());
    if item.overdue {
        format!("{word} **overdue**")
    } else if item.status == State::Open {
        word
    } else {
        format!("*{word}*")
    }
}

/// The actions that served a competency, as lines under its ratings.
pub(crate) fn served_lines(actions: &[Item], style: Style, out: &mut String) {
    for a in actions {
        let mut line = format!(
            "{} {} (agreed {}, due {}): {}",
            a.id,
            a.text,
            a.agreed,
            a.due,
            status_text(a)
        );
        if let Some(outcome) = &a.outcome {
            let _ = write!(line, " — {outcome}");
        }
        let _ = writeln!(out, "{}", style.wrap(&line, "  ", "    "));
    }
}

/// The actions that served a competency, as a Markdown list.
pub(crate) fn served_markdown(actions: &[Item], out: &mut String) {
    if actions.is_empty() {
        return;
    }
    out.push_str("\nActions that served it:\n\n");
    for a in actions {
        let _ = write!(
            out,
            "- {} {} (agreed {}, due {}): {}",
            md(&a.id),
            md(&a.text),
            md(&a.agreed),
            md(&a.due),
            status_markdown(a)
        );
        if let Some(outcome) = &a.outcome {
            let _ = write!(out, " — {}", md(outcome));
        }
        out.push('\n');
    }
}
