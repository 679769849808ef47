//! `import`: ratings in `export`'s columns turned into records, each built
//! as `assess` builds it ([`assessment::build`]). Every row is checked, and
//! every problem located at its line and column, before any record exists:
//! a file with one bad cell imports nothing. Pure: the caller reads the file
//! ([`table`]) and writes the records (`store::write_records`, one lock).
//!
//! Rows are grouped into one record per person, framework, rater kind,
//! rater, date and — when the table has export's `file` column — file, since
//! a record and its correction share the other five. An `amends` naming the
//! `file` of another record in the same table is kept (pointing at that
//! record's new file); one naming a record outside the table cannot be, and
//! is dropped with a warning.

mod group;
mod reconcile;
mod row;

use std::collections::HashMap;
use std::path::Path;

use crate::assessment::{self, Clock, Inputs, Request};
use crate::catalog::Catalog;
use crate::diagnostic::{At, Code, Collector, Diagnostic, did_you_mean, list_names};
pub(crate) use crate::parse::table::{self, Cell, Row, Table};
use crate::record::Status;
use crate::store::NewRecord;
use group::{Group, group, links};
pub(crate) use reconcile::{Origin, Reconciled, reconcile};
use row::{Check, Line};

/// Columns a table must have.
pub(crate) const REQUIRED: &[&str] = &["person", "framework", "by", "competency"];

/// Columns read when a table has them.
pub(crate) const OPTIONAL: &[&str] = &[
    "subject",
    "rater",
    "role",
    "date",
    "status",
    "level",
    "not-applicable",
    "evidence",
    "file",
    "amends",
    "fingerprint",
];

/// Columns of `export` that are worked out again rather than read.
const DERIVED: &[&str] = &["rank", "superseded", "required", "gap"];

/// What a table gives: the records to write, in the table's order, and
/// what the user should know but does not stop the import.
#[derive(Debug)]
pub(crate) struct Imported {
    pub records: Vec<NewRecord>,
    /// Where each record came from in the table, in the same order.
    pub origins: Vec<Origin>,
    pub warnings: Vec<Diagnostic>,
}

/// Turn `table` (read from `file`; `source` is its text, for snippets) into
/// records. Fails with every problem found, errors and warnings, in the
/// order of the file.
pub(crate) fn import(
    file: &Path,
    source: Option<&str>,
    table: &Table,
    catalog: &Catalog,
    clock: &Clock,
) -> Result<Imported, Vec<Diagnostic>> {
    let mut c = Collector::new(file, source);
    let Some(columns) = columns(&mut c, table) else {
        return Err(sorted(c.finish()));
    };
    if table.rows.is_empty() {
        c.error(
            Code::EmptyFile,
            At::File,
            "",
            "the file has a header but no rows: nothing to import",
        );
        return Err(sorted(c.finish()));
    }
    let mut check = Check {
        c,
        catalog,
        columns,
        today: clock.today,
        broken: Vec::new(),
    };
    let lines: Vec<Line<'_>> = table.rows.iter().filter_map(|row| check.row(row)).collect();
    let Check { mut c, columns, .. } = check;
    let groups = group(&mut c, &columns, lines);
    let targets = links(&mut c, &columns, &groups);
    let mut records = Vec::with_capacity(groups.len());
    let mut origins = Vec::with_capacity(groups.len());
    for (i, group) in groups.iter().enumerate() {
        let first = &group.lines[0];
        if let (Some(cell), false) = (
            columns.cell(first.row, "fingerprint"),
            columns
                .text(first.row, "fingerprint")
                .is_none_or(|f| f == first.framework.fingerprint),
        ) {
            c.warning(
                Code::FrameworkChanged,
                At::Location(Some(cell.at)),
                "fingerprint",
                format!(
                    "these ratings were made against framework `{}` {}, which has changed since (now {}); they are imported as made against the current version",
                    first.framework.id,
                    cell.text.trim(),
                    first.framework.fingerprint
                ),
            );
        }
        match build(group, catalog, clock, i) {
            Ok(record) => {
                records.push(NewRecord {
                    record,
                    amends: targets[i],
                });
                origins.push(Origin {
                    at: first.row.cells.first().map(|c| c.at),
                    file: first.file.clone(),
                });
            }
            Err(e) => {
                c.error(
                    Code::InvalidValue,
                    At::Location(Some(first.row.cells[0].at)),
                    "",
                    e.sentence(),
                );
            }
        }
    }
    let diagnostics = sorted(c.finish());
    if diagnostics.iter().any(Diagnostic::is_error) {
        return Err(diagnostics);
    }
    Ok(Imported {
        records,
        origins,
        warnings: diagnostics,
    })
}

/// Problems in the order of the file; the count of those left out last.
fn sorted(mut diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
    diagnostics.sort_by_key(|d| {
        (
            d.code == Code::TooManyProblems,
            d.location.map_or((0, 0), |l| (l.line, l.column)),
        )
    });
    diagnostics
}

/// Where each known column is in the table.
struct Columns {
    index: HashMap<&'static str, usize>,
}

impl Columns {
    fn cell<'r>(&self, row: &'r Row, name: &str) -> Option<&'r Cell> {
        self.index.get(name).and_then(|&i| row.cells.get(i))
    }

    /// The cell's text, trimmed; `None` when the column is absent or the cell blank.
    fn text<'r>(&self, row: &'r Row, name: &str) -> Option<&'r str> {
        self.cell(row, name)
            .map(|c| c.text.trim())
            .filter(|t| !t.is_empty())
    }

    fn has(&self, name: &str) -> bool {
        self.index.contains_key(name)
    }
}

/// Read the header: known columns in any order and case; unknown ones are
/// ignored with a warning (a typo would otherwise drop a column silently).
fn columns(c: &mut Collector<'_>, table: &Table) -> Option<Columns> {
    let known = || REQUIRED.iter().chain(OPTIONAL).chain(DERIVED).copied();
    let mut index = HashMap::new();
    for (i, cell) in table.header.iter().enumerate() {
        let name = cell.text.trim().to_lowercase();
        let at = At::Location(Some(cell.at));
        if let Some(problem) = crate::text::find_control(&name) {
            control(c, at, "", problem);
            continue;
        }
        match known().find(|k| *k == name) {
            Some(k) => {
                if index.insert(k, i).is_some() {
                    c.error(
                        Code::DuplicateColumn,
                        at,
                        "",
                        format!("the column `{k}` is named twice"),
                    )
                    .help("keep one of them");
                }
            }
            None => {
                c.warning(
                    Code::UnknownKey,
                    at,
                    "",
                    format!(
                        "the column `{}` is not one of export's columns, so it is ignored",
                        name.escape_debug()
                    ),
                )
                .maybe_help(did_you_mean(&name, known()).map(|s| format!("did you mean `{s}`?")));
            }
        }
    }
    let header_at = table.header.first().map(|c| c.at);
    // Spreadsheets in some languages save "CSV" with semicolons or tabs.
    let one_cell = match table.header.as_slice() {
        [only] => [';', '\t'].into_iter().find(|d| only.text.contains(*d)),
        _ => None,
    };
    for name in REQUIRED {
        if !index.contains_key(name) {
            let help = match one_cell {
                Some(d) => format!(
                    "the header is one cell holding `{}`: cells seem to be separated by {}, but CSV separates them with commas; save the file as CSV (comma delimited)",
                    d.escape_debug(),
                    if d == ';' { "semicolons" } else { "tabs" }
                ),
                None => format!(
                    "the first row names the columns: {} are needed; {} are read when present",
                    list_names(REQUIRED, "and"),
                    list_names(OPTIONAL, "and")
                ),
            };
            c.error(
                Code::MissingColumn,
                At::Location(header_at),
                "",
                format!("the header has no `{name}` column"),
            )
            .help(help);
        }
    }
    if c.has_errors() {
        return None;
    }
    Some(Columns { index })
}

fn control(c: &mut Collector<'_>, at: At, key: &str, found: char) {
    c.error(
        Code::ControlCharacter,
        at,
        key,
        format!(
            "the cell holds a control character ({}), {}",
            crate::text::escape_controls(&found.to_string()),
            crate::text::control_risk(found)
        ),
    )
    .help("remove it from the cell");
}

/// The record of a group, built exactly as `assess` builds one; the `i`th
/// record is stamped `i` nanoseconds after the clock, so records keep the
/// table's order among themselves.
fn build(
    group: &Group<'_>,
    catalog: &Catalog,
    clock: &Clock,
    i: usize,
) -> crate::error::Result<crate::record::Record> {
    let first = &group.lines[0];
    if !group.lines.iter().any(|l| l.rating.is_answered()) {
        return Err(crate::error::Error::refused(format!(
            "the record of `{}` ({} by {} on {}) gives no level, evidence or not-applicable in any row",
            first.person, first.framework.id, first.by, first.date
        )));
    }
    let request = Request {
        person: first.person.clone(),
        framework: Some(first.framework.id.clone()),
        by: Some(first.by),
        rater: first.rater.clone(),
        role: first.role.clone(),
        date: Some(first.date.clone()),
        subject: first.subject,
        is_final: first.status == Status::Final,
        // Ratings come back as they were recorded, whatever their role.
        all_competencies: true,
        ..Request::default()
    };
    let offset = jiff::SignedDuration::from_nanos(i64::try_from(i).unwrap_or(i64::MAX));
    let clock = Clock {
        today: clock.today,
        now: clock.now.checked_add(offset).unwrap_or(clock.now),
    };
    assessment::build(
        &request,
        Inputs {
            catalog,
            default_framework: None,
            default_rater: None,
            clock: &clock,
            base: group.lines.iter().map(|l| l.rating.clone()).collect(),
            amends: None,
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_keep_the_order_of_the_file_whatever_the_clock_says() {
        let text = "person,framework,by,date,competency,level\n\
                    ana,wdcvs,self,2026-01-01,team-working,1\n\
                    ana,wdcvs,manager,2026-01-01,team-working,2\n\
                    ana,wdcvs,peer,2026-01-01,team-working,3\n";
        let file = Path::new("t.csv");
        let table = table::read_csv(file, text).unwrap();
        let catalog = Catalog::bundled();
        // A clock whose nanoseconds end in zeros: shorter text if unpadded.
        for nanos in [0, 999_999_999, 100, 120_000_000] {
            let clock = Clock {
                today: jiff::civil::date(2026, 6, 1),
                now: jiff::Timestamp::new(1_800_000_000, nanos).unwrap(),
            };
            let imported = import(file, Some(text), &table, &catalog, &clock).unwrap();
            let created: Vec<&str> = imported
                .records
                .iter()
                .map(|r| r.record.created.as_str())
                .collect();
            let mut sorted = created.clone();
            sorted.sort_unstable();
            assert_eq!(created, sorted, "{nanos}");
        }
    }
}
