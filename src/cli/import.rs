//! `import`: ratings from a CSV file (or an xlsx workbook) in `export`'s
//! columns, written as records — every one of them, or none. Rows are
//! checked first; then, under the workspace lock, held against the records
//! already there: what is already present is skipped, a changed final
//! record is refused unless `--amend`, and the rest is committed in one
//! change.

use std::fmt::Write as _;
use std::path::PathBuf;

use clap::Args;

use super::{Context, Outcome};
use crate::assessment::Clock;
use crate::error::Error;
use crate::file::{Links, read_bytes, read_text};
use crate::import::{self, Reconciled, table};
use crate::render::count;
use crate::store;
use crate::workspace::Workspace;

#[derive(Debug, Args)]
pub(crate) struct ImportArgs {
    /// A CSV file (or an .xlsx workbook, first sheet) with export's columns
    pub(crate) file: PathBuf,
    /// Check every row and say what would be added, skipped and refused, but write nothing
    #[arg(long)]
    pub(crate) dry_run: bool,
    /// Write rows that change a final record already in the workspace as an
    /// amendment naming it (without it they are refused)
    #[arg(long)]
    pub(crate) amend: bool,
}

/// What an import did (or, on a dry run, would do).
struct Done {
    /// The records written, relative to the workspace.
    written: Vec<String>,
    reconciled: Reconciled,
}

pub(crate) fn run(cx: &mut Context, args: &ImportArgs) -> anyhow::Result<Outcome> {
    let workspace = cx.require_workspace()?;
    let catalog = cx.catalog()?;
    let file = &args.file;
    let is_workbook = file
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"));
    let (table, source) = if is_workbook {
        let bytes = read_bytes(file, Links::Follow).map_err(Error::from)?;
        (table::read_xlsx(file, bytes).map_err(Error::from)?, None)
    } else {
        let text = read_text(file, Links::Follow).map_err(Error::from)?;
        (
            table::read_csv(file, &text).map_err(Error::from)?,
            Some(text),
        )
    };
    let imported = import::import(file, source.as_deref(), &table, &catalog, &Clock::system())
        .map_err(Error::from)?;
    let warnings = imported.warnings.clone();
    let shown = crate::diagnostic::shown(file).to_string();
    let build = |change: &mut store::Change<'_>| -> crate::error::Result<Done> {
        let reconciled = import::reconcile(
            file,
            source.as_deref(),
            imported,
            &mut |person| existing(&workspace, person),
            args.amend,
        );
        if reconciled
            .refused
            .iter()
            .any(crate::diagnostic::Diagnostic::is_error)
        {
            return Err(Error::Invalid(reconciled.refused));
        }
        let written = store::stage_records(change, &reconciled.records)?;
        Ok(Done {
            written,
            reconciled,
        })
    };
    if args.dry_run {
        let done = store::preview(workspace.dir(), build)?;
        let mut outcome = Outcome::print(dry_run_text(&workspace, &done)).warned(&warnings);
        outcome.stderr.push_str(&summary(&shown, &done, true));
        return Ok(outcome);
    }
    let done = store::apply(workspace.dir(), &format!("import of {shown}"), build)?;
    let mut stdout = String::new();
    for rel in &done.written {
        let path = workspace.dir().join(rel);
        let _ = writeln!(
            stdout,
            "{}",
            path.strip_prefix(".").unwrap_or(&path).display()
        );
    }
    let mut outcome = Outcome::print(stdout).warned(&warnings);
    outcome.stderr.push_str(&summary(&shown, &done, false));
    Ok(outcome)
}

/// A person's records as they are now (none when they cannot be read: a
/// record that cannot be read cannot be matched).
fn existing(workspace: &Workspace, person: &str) -> Vec<crate::record::Filed> {
    crate::id::Id::parse(person)
        .ok()
        .and_then(|id| store::person_records(workspace, None, &id, None).ok())
        .map(|read| read.records)
        .unwrap_or_default()
}

/// One line saying what an import did or would do.
fn summary(shown: &str, done: &Done, dry_run: bool) -> String {
    let records = &done.reconciled.records;
    let ratings: usize = records.iter().map(|r| r.record.ratings.len()).sum();
    let mut people: Vec<&str> = records.iter().map(|r| r.record.person.as_str()).collect();
    people.sort_unstable();
    people.dedup();
    let what = format!(
        "{} ({}) of {}",
        count(records.len(), "record", "records"),
        count(ratings, "rating", "ratings"),
        count(people.len(), "person", "people")
    );
    let mut line = match (dry_run, records.is_empty()) {
        (true, _) => format!("{shown}: every row is valid; importing it would write {what}"),
        (false, false) => format!("imported {what} from {shown}"),
        (false, true) => format!("imported nothing from {shown}"),
    };
    let corrections = done.reconciled.corrections.len();
    if corrections > 0 {
        let _ = write!(
            line,
            " ({corrections} of them {} a record already there)",
            if dry_run {
                "would correct"
            } else {
                "correcting"
            }
        );
    }
    let present = done.reconciled.present.len();
    if present > 0 {
        let _ = write!(
            line,
            "; {} already present, so skipped",
            count(present, "record", "records")
        );
    }
    line.push_str(if dry_run {
        ". Nothing was written\n"
    } else {
        "\n"
    });
    line
}

/// What a dry run found: each record that would be written (and what it
/// would correct), and each already present.
fn dry_run_text(workspace: &Workspace, done: &Done) -> String {
    let mut out = String::new();
    let amended: std::collections::HashSet<(&str, &str)> = done
        .reconciled
        .corrections
        .iter()
        .map(|(p, f)| (p.as_str(), f.as_str()))
        .collect();
    for (rel, new) in done.written.iter().zip(&done.reconciled.records) {
        let path = workspace.dir().join(rel);
        let path = path
            .strip_prefix(".")
            .unwrap_or(&path)
            .display()
            .to_string();
        match new.record.amends.as_deref() {
            Some(target) if amended.contains(&(new.record.person.as_str(), target)) => {
                let _ = writeln!(out, "would add {path} (correcting {target})");
            }
            _ => {
                let _ = writeln!(out, "would add {path}");
            }
        }
    }
    for (person, file) in &done.reconciled.present {
        let _ = writeln!(out, "already present: {}", store::shown_path(person, file));
    }
    out
}
