//! CSV with positions: every cell knows its line and column, so a problem in
//! a spreadsheet someone exported is reported at `FILE:LINE:COLUMN` like a
//! problem in YAML or TOML.

use std::path::Path;

use crate::diagnostic::{Code, Diagnostic, Location};

/// A CSV file: its header (names lowercased and trimmed) and rows.
#[derive(Debug)]
pub struct Table {
    pub columns: Vec<String>,
    pub header_line: usize,
    pub rows: Vec<Row>,
}

/// One row, with the line it starts on.
#[derive(Debug)]
pub struct Row {
    pub line: usize,
    pub cells: Vec<Cell>,
}

/// One cell and the column (in characters, 1-based) where it starts.
#[derive(Debug)]
pub struct Cell {
    pub text: String,
    pub column: usize,
}

impl Table {
    /// The index of a column by name, any case.
    pub fn column(&self, name: &str) -> Option<usize> {
        self.columns
            .iter()
            .position(|c| c.eq_ignore_ascii_case(name))
    }
}

impl Row {
    /// A cell's text, trimmed; empty when the row is short.
    pub fn text(&self, column: Option<usize>) -> &str {
        column
            .and_then(|i| self.cells.get(i))
            .map_or("", |c| c.text.trim())
    }

    /// Where a cell is (the start of the row when the row is short).
    pub fn location(&self, column: Option<usize>) -> Location {
        let at = column.and_then(|i| self.cells.get(i));
        Location {
            line: self.line,
            column: at.map_or(1, |c| c.column),
            length: at.map_or(1, |c| c.text.chars().count().clamp(1, 80)),
        }
    }
}

/// The starting column of each field of one physical line, aware of quotes.
fn field_columns(line: &str) -> Vec<usize> {
    let mut columns = vec![1];
    let mut quoted = false;
    for (i, c) in line.chars().enumerate() {
        match c {
            '"' => quoted = !quoted,
            ',' if !quoted => columns.push(i + 2),
            _ => {}
        }
    }
    columns
}

/// Parse `text` as CSV with a header row. Blank lines are skipped.
pub fn parse_csv(file: &Path, text: &str) -> Result<Table, Diagnostic> {
    if text.trim().is_empty() {
        return Err(Diagnostic::error(
            Code::EmptyFile,
            file,
            "the file is empty",
        ));
    }
    let lines: Vec<&str> = text.lines().collect();
    let mut reader = ::csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut records = Vec::new();
    for record in reader.records() {
        match record {
            Ok(record) => records.push(record),
            Err(e) => {
                let line = e
                    .position()
                    .and_then(|p| usize::try_from(p.line()).ok())
                    .unwrap_or(1);
                return Err(Diagnostic::error(
                    Code::Syntax,
                    file,
                    format!("the CSV cannot be read: {}", csv_reason(&e)),
                )
                .at(
                    Some(Location {
                        line,
                        column: 1,
                        length: 1,
                    }),
                    Some(text),
                ));
            }
        }
    }
    let source = crate::diagnostic::SourceText::new(text);
    let mut rows = records.into_iter().filter_map(|record| {
        // The record's byte offset is exact; blank lines before it are skipped.
        let start = record
            .position()
            .and_then(|p| usize::try_from(p.byte()).ok())
            .unwrap_or(0)
            .min(text.len());
        let blank = text[start..].len() - text[start..].trim_start_matches(['\n', '\r']).len();
        let line = source.location(start + blank..start + blank).line;
        if record.iter().all(|c| c.trim().is_empty()) {
            return None;
        }
        let columns = lines
            .get(line.saturating_sub(1))
            .map(|l| field_columns(l))
            .unwrap_or_default();
        let cells = record
            .iter()
            .enumerate()
            .map(|(i, text)| Cell {
                text: text.to_owned(),
                column: columns.get(i).copied().unwrap_or(1),
            })
            .collect();
        Some(Row { line, cells })
    });
    let Some(header) = rows.next() else {
        return Err(Diagnostic::error(
            Code::EmptyFile,
            file,
            "the file is empty",
        ));
    };
    Ok(Table {
        columns: header
            .cells
            .iter()
            .map(|c| c.text.trim().trim_start_matches('\u{feff}').to_lowercase())
            .collect(),
        header_line: header.line,
        rows: rows.collect(),
    })
}

fn csv_reason(e: &::csv::Error) -> String {
    if let ::csv::ErrorKind::Utf8 { .. } = e.kind() {
        return "it is not UTF-8 text".to_owned();
    }
    let text = e.to_string();
    text.split(": ").last().unwrap_or(&text).to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_know_their_line_and_column() {
        let text = "id,Name\n\nann,\"Ann, Lee\"\nbob,Bob\n";
        let table = parse_csv(Path::new("p.csv"), text).unwrap();
        assert_eq!(table.columns, vec!["id", "name"]);
        assert_eq!(table.rows.len(), 2);
        let ann = &table.rows[0];
        assert_eq!(ann.line, 3);
        assert_eq!(ann.text(table.column("NAME")), "Ann, Lee");
        assert_eq!(ann.location(Some(1)).column, 5);
        assert_eq!(
            table.rows[1].location(Some(1)),
            Location {
                line: 4,
                column: 5,
                length: 3
            }
        );
    }
}
