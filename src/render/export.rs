//! `export`: every rating flattened, one row per person, assessment and
//! competency, for spreadsheets and HR systems. Rows are written as they come,
//! so memory stays flat however large the workspace (except `table`, which must
//! see every row to size its columns).

use std::io::Write;

use serde::Serialize;

use super::{Format, Style, md};
use crate::model::Framework;
use crate::record::Record;
use crate::text::csv_cell;

/// A cell's text in CSV, Markdown and the table.
trait Cell {
    fn cell(&self) -> String;
}

impl Cell for &str {
    fn cell(&self) -> String {
        (*self).to_owned()
    }
}

impl Cell for Option<&str> {
    fn cell(&self) -> String {
        self.unwrap_or_default().to_owned()
    }
}

impl Cell for Option<u32> {
    fn cell(&self) -> String {
        self.map(|n| n.to_string()).unwrap_or_default()
    }
}

impl Cell for bool {
    fn cell(&self) -> String {
        self.to_string()
    }
}

/// The row's fields, their column names and their order, stated once: the
/// JSON keys, the CSV header and the cells all come from this list.
macro_rules! row {
    ($($(#[doc = $doc:literal])* $field:ident: $ty:ty = $name:literal,)*) => {
        /// One exported rating.
        #[derive(Serialize)]
        struct Row<'a> {
            $($(#[doc = $doc])* #[serde(rename = $name)] $field: $ty,)*
        }

        /// The columns, in order.
        pub const COLUMNS: &[&str] = &[$($name,)*];

        impl Row<'_> {
            fn cells(&self) -> Vec<String> {
                vec![$(self.$field.cell(),)*]
            }
        }
    };
}

row! {
    person: &'a str = "person",
    subject: &'a str = "subject",
    framework: &'a str = "framework",
    fingerprint: &'a str = "fingerprint",
    by: &'a str = "by",
    rater: Option<&'a str> = "rater",
    role: Option<&'a str> = "role",
    date: &'a str = "date",
    status: &'a str = "status",
    competency: &'a str = "competency",
    level: Option<&'a str> = "level",
    rank: Option<u32> = "rank",
    not_applicable: bool = "not-applicable",
    evidence: Option<&'a str> = "evidence",
    file: &'a str = "file",
    /// The record this one corrects.
    amends: Option<&'a str> = "amends",
    /// A later record corrects this one: reports no longer count it.
    superseded: bool = "superseded",
}

enum Sink<'w> {
    Csv(csv::Writer<&'w mut dyn Write>),
    Json {
        out: &'w mut dyn Write,
        first: bool,
    },
    Markdown(&'w mut dyn Write),
    Table {
        out: &'w mut dyn Write,
        table: comfy_table::Table,
    },
}

/// Writes rows as records are read.
pub struct Writer<'w> {
    sink: Sink<'w>,
}

impl<'w> Writer<'w> {
    pub fn new(out: &'w mut dyn Write, format: Format) -> std::io::Result<Writer<'w>> {
        let sink = match format {
            Format::Csv => {
                let mut w = csv::Writer::from_writer(out);
                w.write_record(COLUMNS)?;
                Sink::Csv(w)
            }
            Format::Json => {
                out.write_all(b"[")?;
                Sink::Json { out, first: true }
            }
            Format::Markdown => {
                writeln!(out, "| {} |", COLUMNS.join(" | "))?;
                writeln!(out, "|{}", "---|".repeat(COLUMNS.len()))?;
                Sink::Markdown(out)
            }
            Format::Table => Sink::Table {
                out,
                table: super::table(Style::PLAIN, COLUMNS),
            },
        };
        Ok(Writer { sink })
    }

    /// Write every rating of `record` (found at `file`).
    pub fn record(
        &mut self,
        file: &str,
        record: &Record,
        framework: &Framework,
        superseded: bool,
    ) -> std::io::Result<()> {
        for rating in &record.ratings {
            let row = Row {
                person: &record.person,
                subject: record.subject.as_str(),
                framework: &record.framework,
                fingerprint: &record.fingerprint,
                by: record.by.as_str(),
                rater: record.rater.as_deref(),
                role: record.role.as_deref(),
                date: &record.date,
                status: record.status.as_str(),
                competency: &rating.competency,
                level: rating.level.as_deref(),
                rank: rating
                    .level
                    .as_deref()
                    .and_then(|l| framework.scale.rank(l)),
                not_applicable: rating.not_applicable,
                evidence: rating.evidence.as_deref(),
                file,
                amends: record.amends.as_deref(),
                superseded,
            };
            match &mut self.sink {
                Sink::Csv(w) => {
                    w.write_record(row.cells().iter().map(|c| csv_cell(c).into_owned()))?;
                }
                Sink::Json { out, first } => {
                    out.write_all(if *first { b"\n  " } else { b",\n  " })?;
                    *first = false;
                    serde_json::to_writer(&mut *out, &row)?;
                }
                Sink::Markdown(out) => {
                    let cells: Vec<String> = row.cells().iter().map(|c| md(c)).collect();
                    writeln!(out, "| {} |", cells.join(" | "))?;
                }
                Sink::Table { table, .. } => {
                    table.add_row(super::cells(row.cells()));
                }
            }
        }
        Ok(())
    }

    pub fn finish(self) -> std::io::Result<()> {
        match self.sink {
            Sink::Csv(mut w) => w.flush(),
            Sink::Json { out, first } => {
                out.write_all(if first { b"]\n" } else { b"\n]\n" })?;
                out.flush()
            }
            Sink::Markdown(out) => out.flush(),
            Sink::Table { out, table } => {
                writeln!(out, "{table}")?;
                out.flush()
            }
        }
    }
}
