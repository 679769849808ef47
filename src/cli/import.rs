//! `import`: ratings from a CSV file (or an xlsx workbook) in `export`'s
//! columns, written as records — every one of them, or none.

use std::fmt::Write as _;
use std::path::PathBuf;

use clap::Args;

use super::{Context, Outcome};
use crate::assessment::Clock;
use crate::error::Error;
use crate::file::{Links, read_bytes, read_text};
use crate::import::{self, table};
use crate::store;

#[derive(Debug, Args)]
pub(crate) struct ImportArgs {
    /// A CSV file (or an .xlsx workbook, first sheet) with export's columns
    pub(crate) file: PathBuf,
    /// Check every row and say what would be imported, but write nothing
    #[arg(long)]
    pub(crate) dry_run: bool,
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
    let records = crate::render::count(imported.records.len(), "record", "records");
    let ratings = crate::render::count(imported.ratings, "rating", "ratings");
    let people = crate::render::count(imported.people, "person", "people");
    let shown = crate::diagnostic::shown(file);
    if args.dry_run {
        let note = format!(
            "{shown}: every row is valid; importing it would write {records} ({ratings}) of {people}. Nothing was written\n"
        );
        return Ok(Outcome::print_with_note(note, String::new()).warned(&imported.warnings));
    }
    let paths = store::write_records(&workspace, &imported.records)?;
    let mut stdout = String::new();
    for path in &paths {
        let _ = writeln!(
            stdout,
            "{}",
            path.strip_prefix(".").unwrap_or(path).display()
        );
    }
    let mut outcome = Outcome::print(stdout).warned(&imported.warnings);
    let _ = writeln!(
        outcome.stderr,
        "imported {records} ({ratings}) of {people} from {shown}"
    );
    Ok(outcome)
}
