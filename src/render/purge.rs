//! `purge`: who a purge removes (or would remove), with what, and who it
//! keeps and why.

use std::fmt::Write as _;

use super::{Format, Style, cells, count, md};
use crate::error::Result;
use crate::store::Purge;

/// The purge as `format`; `applied` says whether it was carried out.
pub(crate) fn render(purge: &Purge, applied: bool, format: Format, style: Style) -> Result<String> {
    Ok(match format {
        Format::Json => super::json(&serde_json::json!({
            "applied": applied,
            "left-before": purge.left_before,
            "removed": purge.removed,
            "kept": purge.kept,
        }))?,
        Format::Csv => super::csv(
            &[
                "id", "name", "left", "records", "files", "removed", "why-kept",
            ],
            purge
                .removed
                .iter()
                .map(|l| {
                    vec![
                        l.id.clone(),
                        l.name.clone(),
                        l.left.clone(),
                        l.records.to_string(),
                        l.files.to_string(),
                        applied.to_string(),
                        String::new(),
                    ]
                })
                .chain(purge.kept.iter().map(|k| {
                    vec![
                        k.id.clone(),
                        k.name.clone(),
                        k.left.clone(),
                        String::new(),
                        String::new(),
                        "false".to_owned(),
                        k.why.clone(),
                    ]
                })),
        )?,
        Format::Markdown => markdown(purge, applied),
        Format::Table => table(purge, applied, style),
    })
}

fn heading(purge: &Purge, applied: bool) -> String {
    let n = count(purge.removed.len(), "person", "people");
    match (applied, purge.removed.is_empty()) {
        (_, true) => format!(
            "No one who left before {} is to be removed.",
            purge.left_before
        ),
        (true, false) => format!(
            "Removed {n} who left before {}, with every file about them; a line each in purged.log.",
            purge.left_before
        ),
        (false, false) => format!(
            "Would remove {n} who left before {}, with every file about them (a dry run: nothing was removed).",
            purge.left_before
        ),
    }
}

fn table(purge: &Purge, applied: bool, style: Style) -> String {
    let mut out = style.wrap(&heading(purge, applied), "", "");
    out.push_str("\n\n");
    if !purge.removed.is_empty() {
        let mut grid = super::table(style, &["Person", "Left", "Records", "Files"]);
        for l in &purge.removed {
            grid.add_row(cells([
                format!("{} ({})", l.name, l.id),
                l.left.clone(),
                l.records.to_string(),
                l.files.to_string(),
            ]));
        }
        let _ = writeln!(out, "{grid}");
    }
    for k in &purge.kept {
        out.push('\n');
        out.push_str(&style.wrap(
            &format!("Kept: {} ({}), left {}: {}.", k.name, k.id, k.left, k.why),
            "",
            "  ",
        ));
        out.push('\n');
    }
    if !applied && !purge.removed.is_empty() {
        out.push('\n');
        out.push_str(&style.wrap(
            "next: run the same command with --apply to remove them (this cannot be undone; keep a backup if policy asks for one)",
            "",
            "  ",
        ));
        out.push('\n');
    }
    out
}

fn markdown(purge: &Purge, applied: bool) -> String {
    let mut out = format!("{}\n\n", md(&heading(purge, applied)));
    if !purge.removed.is_empty() {
        out.push_str("| Person | Left | Records | Files |\n|---|---|---:|---:|\n");
        for l in &purge.removed {
            let _ = writeln!(
                out,
                "| {} ({}) | {} | {} | {} |",
                md(&l.name),
                md(&l.id),
                md(&l.left),
                l.records,
                l.files
            );
        }
        out.push('\n');
    }
    for k in &purge.kept {
        let _ = writeln!(
            out,
            "- Kept: {} ({}), left {}: {}.",
            md(&k.name),
            md(&k.id),
            md(&k.left),
            md(&k.why)
        );
    }
    out
}
