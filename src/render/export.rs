//! `export`: every rating flattened, one row per person, assessment and
//! competency, for spreadsheets and HR systems. Rows are written as they come,
//! so memory stays flat however large the workspace (except `table`, which must
//! see every row to size its columns).

use std::io::Write;

use serde::Serialize;

use super::{Format, Style, md};
use crate::model::Framework;
use crate::record::Record;

pub const COLUMNS: [&str; 17] = [
    "person",
    "subject",
    "framework",
    "fingerprint",
    "by",
    "rater",
    "role",
    "date",
    "status",
    "competency",
    "level",
    "rank",
    "not-applicable",
    "evidence",
    "file",
    "amends",
    "superseded",
];

/// One exported rating.
#[derive(Serialize)]
#[serde(rename_all = "kebab-case")]
struct Row<'a> {
    person: &'a str,
    subject: &'a str,
    framework: &'a str,
    fingerprint: &'a str,
    by: &'a str,
    rater: Option<&'a str>,
    role: Option<&'a str>,
    date: &'a str,
    status: &'a str,
    competency: &'a str,
    level: Option<&'a str>,
    rank: Option<u32>,
    not_applicable: bool,
    evidence: Option<&'a str>,
    file: &'a str,
    /// The record this one corrects.
    amends: Option<&'a str>,
    /// A later record corrects this one: reports no longer count it.
    superseded: bool,
}

impl Row<'_> {
    fn cells(&self) -> Vec<String> {
        vec![
            self.person.to_owned(),
            self.subject.to_owned(),
            self.framework.to_owned(),
            self.fingerprint.to_owned(),
            self.by.to_owned(),
            self.rater.unwrap_or_default().to_owned(),
            self.role.unwrap_or_default().to_owned(),
            self.date.to_owned(),
            self.status.to_owned(),
            self.competency.to_owned(),
            self.level.unwrap_or_default().to_owned(),
            self.rank.map(|r| r.to_string()).unwrap_or_default(),
            self.not_applicable.to_string(),
            self.evidence.unwrap_or_default().to_owned(),
            self.file.to_owned(),
            self.amends.unwrap_or_default().to_owned(),
            self.superseded.to_string(),
        ]
    }
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
                table: super::table(Style::PLAIN, &COLUMNS),
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
                person: record.person(),
                subject: record.subject.as_str(),
                framework: record.framework(),
                fingerprint: &record.fingerprint,
                by: record.by.as_str(),
                rater: record.rater.as_deref(),
                role: record.role(),
                date: record.date(),
                status: record.status.as_str(),
                competency: rating.competency(),
                level: rating.level(),
                rank: rating.level().and_then(|l| framework.scale.rank(l)),
                not_applicable: rating.not_applicable,
                evidence: rating.evidence.as_deref(),
                file,
                amends: record.amends(),
                superseded,
            };
            match &mut self.sink {
                Sink::Csv(w) => w.write_record(row.cells())?,
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
                    table.add_row(row.cells());
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
