//! `export`: every rating flattened, one row per person, assessment and
//! competency, for spreadsheets and HR systems. Rows are written as they come,
//! so memory stays flat however large the workspace (except `table`, which must
//! see every row to size its columns, and `xlsx`, which builds the workbook).

use std::borrow::Cow;
use std::io::Write;

use serde::Serialize;

use super::xlsx::{self, Value};
use super::{Format, Style, md};
use crate::model::{Framework, RoleProfile};
use crate::record::{Rating, Record};
use crate::text::{csv_cell, escape_controls};

/// A cell's text in CSV, Markdown and the table; and its number, for a
/// workbook, when it is one.
trait Cell {
    fn cell(&self) -> Cow<'_, str>;

    fn number(&self) -> Option<i64> {
        None
    }
}

impl Cell for &str {
    fn cell(&self) -> Cow<'_, str> {
        Cow::Borrowed(self)
    }
}

impl Cell for Option<&str> {
    fn cell(&self) -> Cow<'_, str> {
        Cow::Borrowed(self.unwrap_or_default())
    }
}

impl Cell for Option<u32> {
    fn cell(&self) -> Cow<'_, str> {
        self.map(|n| n.to_string()).unwrap_or_default().into()
    }

    fn number(&self) -> Option<i64> {
        self.map(i64::from)
    }
}

impl Cell for Option<i64> {
    fn cell(&self) -> Cow<'_, str> {
        self.map(|n| n.to_string()).unwrap_or_default().into()
    }

    fn number(&self) -> Option<i64> {
        *self
    }
}

impl Cell for bool {
    fn cell(&self) -> Cow<'_, str> {
        Cow::Borrowed(if *self { "true" } else { "false" })
    }
}

/// The row's fields, their column names and their order, stated once: the
/// JSON keys, the CSV header and the cells all come from this list. Columns
/// under `compared` are present only when ratings are compared with a role
/// (`--role`), after the others so scripts that read the rest by position
/// keep working.
macro_rules! row {
    (
        $($(#[doc = $doc:literal])* $field:ident: $ty:ty = $name:literal,)*;
        compared { $($(#[doc = $cdoc:literal])* $cfield:ident: $cty:ty = $cname:literal,)* }
    ) => {
        /// One exported rating.
        #[derive(Serialize)]
        struct Row<'a> {
            $($(#[doc = $doc])* #[serde(rename = $name)] $field: $ty,)*
            $($(#[doc = $cdoc])*
              #[serde(rename = $cname, skip_serializing_if = "Option::is_none")]
              $cfield: Option<$cty>,)*
        }

        /// The columns of every export, in order.
        pub(crate) const COLUMNS: &[&str] = &[$($name,)*];

        /// The columns added when ratings are compared with a role.
        pub(crate) const COMPARED_COLUMNS: &[&str] = &[$($cname,)*];

        impl Row<'_> {
            /// The cells of the row: each as text, and as a number where it is one.
            fn cells(&self) -> Vec<(Cow<'_, str>, Option<i64>)> {
                let mut cells = vec![$((self.$field.cell(), self.$field.number()),)*];
                $(if let Some(value) = &self.$cfield {
                    cells.push((value.cell(), value.number()));
                })*
                cells
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
    superseded: bool = "superseded",;
    compared {
        /// The level the role requires of the competency (empty when the
        /// role is of another framework or does not require it).
        required: Option<&'a str> = "required",
        /// rank(level) − rank(required), as `gap` counts it.
        gap: Option<i64> = "gap",
    }
}

/// The columns of an export, with the compared ones when asked for.
pub(crate) fn columns(compared: bool) -> Vec<&'static str> {
    let mut columns = COLUMNS.to_vec();
    if compared {
        columns.extend(COMPARED_COLUMNS);
    }
    columns
}

/// Where a rating came from and what it is compared with.
pub(crate) struct Entry<'a> {
    /// The record's path as reports show it.
    pub file: &'a str,
    pub record: &'a Record,
    pub framework: &'a Framework,
    /// A later record corrects this one.
    pub superseded: bool,
    /// The role to compare with, when the export compares; `None` there
    /// leaves `required` and `gap` empty for this rating.
    pub role: Option<&'a RoleProfile>,
}

enum Sink<'w> {
    /// Boxed: the CSV writer keeps its buffer inline.
    Csv(Box<csv::Writer<&'w mut dyn Write>>),
    Json {
        out: &'w mut dyn Write,
        first: bool,
    },
    Markdown(&'w mut dyn Write),
    Table {
        out: &'w mut dyn Write,
        table: super::Grid,
    },
    /// Boxed: a sheet is large, and only one writer is ever made.
    Xlsx(Box<xlsx::Table>),
}

/// Writes rows as records are read.
pub(crate) struct Writer<'w> {
    sink: Sink<'w>,
    /// Whether rows carry the compared columns.
    compared: bool,
}

impl<'w> Writer<'w> {
    /// A writer of text in `format`; `compared` adds `required` and `gap`.
    pub(crate) fn new(
        out: &'w mut dyn Write,
        format: Format,
        compared: bool,
    ) -> std::io::Result<Writer<'w>> {
        let columns = columns(compared);
        let columns = columns.as_slice();
        let sink = match format {
            Format::Csv => {
                let mut w = csv::Writer::from_writer(out);
                w.write_record(columns)?;
                Sink::Csv(Box::new(w))
            }
            Format::Json => {
                out.write_all(b"[")?;
                Sink::Json { out, first: true }
            }
            Format::Markdown => {
                writeln!(out, "| {} |", columns.join(" | "))?;
                writeln!(out, "|{}", "---|".repeat(columns.len()))?;
                Sink::Markdown(out)
            }
            Format::Table => Sink::Table {
                out,
                table: super::table(Style::PLAIN, columns),
            },
        };
        Ok(Writer { sink, compared })
    }

    /// A writer of an xlsx workbook: one sheet of every row, given back by
    /// [`Writer::finish`].
    pub(crate) fn xlsx(compared: bool) -> std::io::Result<Writer<'w>> {
        let table =
            xlsx::Table::new("Ratings", &columns(compared), 1).map_err(|e| xlsx::io_error(&e))?;
        Ok(Writer {
            sink: Sink::Xlsx(Box::new(table)),
            compared,
        })
    }

    /// Write every rating of the entry's record.
    pub(crate) fn record(&mut self, entry: &Entry<'_>) -> std::io::Result<()> {
        for rating in &entry.record.ratings {
            self.rating(entry, rating)?;
        }
        Ok(())
    }

    /// Write one rating of the entry's record.
    pub(crate) fn rating(&mut self, entry: &Entry<'_>, rating: &Rating) -> std::io::Result<()> {
        let Entry {
            file,
            record,
            framework,
            superseded,
            role,
        } = *entry;
        let required = role
            .filter(|r| r.framework == record.framework)
            .and_then(|r| r.required.iter().find(|(c, _)| *c == rating.competency))
            .map(|(_, level)| level.as_str());
        let date = record.date.to_string();
        let row = Row {
            person: &record.person,
            subject: record.subject.as_str(),
            framework: &record.framework,
            fingerprint: &record.fingerprint,
            by: record.by.as_str(),
            rater: record.rater.as_deref(),
            role: record.role.as_deref(),
            date: &date,
            status: record.status.as_str(),
            competency: &rating.competency,
            level: rating.level.as_deref(),
            // A rating below the first level (a checklist that shows the
            // first level not reached) has no level and rank 0.
            rank: crate::report::select::rank(framework, Some(rating)),
            not_applicable: rating.not_applicable,
            evidence: rating.evidence.as_deref(),
            file,
            amends: record.amends.as_deref(),
            superseded,
            required: self.compared.then_some(required),
            gap: self.compared.then(|| {
                required.and_then(|r| crate::report::select::compare(framework, r, Some(rating)).0)
            }),
        };
        match &mut self.sink {
            Sink::Csv(w) => {
                for (cell, _) in row.cells() {
                    w.write_field(csv_cell(&cell).as_bytes())?;
                }
                w.write_record(None::<&[u8]>)?;
            }
            Sink::Json { out, first } => {
                out.write_all(if *first { b"\n  " } else { b",\n  " })?;
                *first = false;
                let json = serde_json::to_string(&row)?;
                out.write_all(crate::text::json_controls(&json).as_bytes())?;
            }
            Sink::Markdown(out) => {
                let cells: Vec<String> = row.cells().iter().map(|(c, _)| md(c)).collect();
                writeln!(out, "| {} |", cells.join(" | "))?;
            }
            Sink::Table { table, .. } => {
                table.add_row(super::cells(row.cells().into_iter().map(|(c, _)| c)));
            }
            Sink::Xlsx(table) => {
                let values: Vec<Value> = row
                    .cells()
                    .into_iter()
                    .map(|(text, number)| match number {
                        Some(n) => Value::number(Some(n)),
                        None => Value::text(text),
                    })
                    .collect();
                let what = format!(
                    "{}'s rating of `{}` in {}",
                    escape_controls(row.person),
                    escape_controls(row.competency),
                    escape_controls(row.file)
                );
                table
                    .row_of(&what, &values, &[])
                    .map_err(|e| xlsx::io_error(&e))?;
            }
        }
        Ok(())
    }

    /// Finish the output; a workbook's bytes are given back to be written.
    pub(crate) fn finish(self) -> std::io::Result<Option<Vec<u8>>> {
        match self.sink {
            Sink::Csv(mut w) => w.flush()?,
            Sink::Json { out, first } => {
                out.write_all(if first { b"]\n" } else { b"\n]\n" })?;
                out.flush()?;
            }
            Sink::Markdown(out) => out.flush()?,
            Sink::Table { out, table } => {
                writeln!(out, "{table}")?;
                out.flush()?;
            }
            Sink::Xlsx(table) => {
                let sheet = (*table).finish().map_err(|e| xlsx::io_error(&e))?;
                let bytes = xlsx::workbook(vec![sheet]).map_err(|e| xlsx::io_error(&e))?;
                return Ok(Some(bytes));
            }
        }
        Ok(None)
    }
}
