//! A table to import, read into cells that know where they are: a CSV file
//! (line and column of each cell, so a problem is shown under its line) or
//! the first sheet of an xlsx workbook (row and column). Nothing is
//! interpreted here beyond taking off the formula guard `export` adds to CSV
//! and writing workbook numbers and dates as text.

mod workbook;

use std::path::Path;

pub(crate) use workbook::read_xlsx;

use crate::diagnostic::{Code, Collector, Diagnostic, Location, SourceText};

/// One cell: its text and where it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Cell {
    pub text: String,
    pub at: Location,
}

/// A data row: its line (CSV) or row number (xlsx), and its cells, as many
/// as the header has.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Row {
    pub line: usize,
    pub cells: Vec<Cell>,
}

/// A table with a header row.
#[derive(Clone, Debug, Default)]
pub(crate) struct Table {
    pub header: Vec<Cell>,
    pub rows: Vec<Row>,
}

impl Table {
    /// The index of a column by its header, in any case.
    pub(crate) fn column(&self, name: &str) -> Option<usize> {
        self.header
            .iter()
            .position(|c| c.text.trim().eq_ignore_ascii_case(name))
    }

    /// The line (or row) of the header.
    pub(crate) fn header_line(&self) -> usize {
        self.header.first().map_or(1, |c| c.at.line)
    }
}

impl Row {
    /// A cell's text, trimmed; empty when the column is missing.
    pub(crate) fn text(&self, column: Option<usize>) -> &str {
        column
            .and_then(|i| self.cells.get(i))
            .map_or("", |c| c.text.trim())
    }

    /// Where a cell is (the row's start when the column is missing).
    pub(crate) fn location(&self, column: Option<usize>) -> Location {
        column.and_then(|i| self.cells.get(i)).map_or(
            Location {
                line: self.line,
                column: 1,
                length: 1,
            },
            |c| c.at,
        )
    }
}

/// The most columns a table to import may have: far more than any table of
/// ratings or people (export writes 17), and a bound on the cells a short
/// line of commas can make.
pub(crate) const MAX_COLUMNS: usize = 1_000;

/// The most cells a table to import may have in all, header included: a
/// 16 MiB CSV file of ratings as `export` writes them has about 1 100 000.
/// Each costs memory however short its text, so a file of short cells is
/// refused here rather than held whole.
pub(crate) const MAX_CELLS: usize = 1_500_000;

/// The most rows (below the header) a table to import may have: a 16 MiB
/// CSV file of ratings as `export` writes them has about 67 000. Each row
/// of an import becomes a rating, and a record when it is the only row of
/// its record; more than this is imported in parts.
pub(crate) const MAX_ROWS: usize = 100_000;

/// Read CSV text (the whole file) into a table. Problems of shape — a row
/// with more or fewer cells than the header, a quote that is never closed —
/// are collected, each at its line (the first [`LIMIT`], the rest counted).
/// A row wider than [`MAX_COLUMNS`], or a file of more than [`MAX_CELLS`]
/// cells or [`MAX_ROWS`] rows, is refused before anything is held. Linear in the text, however it is shaped.
pub(crate) fn read_csv(file: &Path, text: &str) -> Result<Table, Vec<Diagnostic>> {
    if text.trim().is_empty() {
        return Err(vec![Diagnostic::error(
            Code::EmptyFile,
            file,
            "the file is empty; it needs a header row (person,framework,by,competency,...) and a row per rating",
        )]);
    }
    if let Some(problem) = too_large(file, text) {
        return Err(vec![problem]);
    }
    let source = SourceText::new(text);
    let mut cursor = source.cursor();
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut table = Table::default();
    let mut problems = Collector::new(file, None);
    let mut record = csv::StringRecord::new();
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                problems.push(syntax(file, &source, &e));
                // A broken quote swallows the rest of the file: stop here.
                break;
            }
        }
        let start = record
            .position()
            .map_or(0, |p| usize::try_from(p.byte()).unwrap_or(usize::MAX));
        let (starts, unclosed) = field_starts(text, start, record.len());
        if let Some(quote) = unclosed {
            problems.push(
                Diagnostic::error(
                    Code::Syntax,
                    file,
                    "the quote that opens this cell is never closed, so the rest of the file would be one cell",
                )
                .with_help("close it with `\"`; a quote inside a quoted cell is written twice (`\"\"`)")
                .at_in(cursor.location(quote..quote + 1), &source),
            );
            break;
        }
        if !table.header.is_empty() && record.len() != table.header.len() {
            // Only the last cell is located: the row is refused whole.
            let last = starts.last().map_or(start, |&at| at);
            let width = record.iter().next_back().map_or(1, str::len).max(1);
            let at = cursor.location(last..last + width);
            problems.push(
                Diagnostic::error(
                    Code::Syntax,
                    file,
                    format!(
                        "the row has {} cells, but the header has {}",
                        record.len(),
                        table.header.len()
                    ),
                )
                .with_help("every row needs a cell for each column of the header, empty or not")
                .at_in(at, &source),
            );
            continue;
        }
        let cells: Vec<Cell> = record
            .iter()
            .zip(starts)
            .map(|(value, at)| Cell {
                text: crate::text::csv_uncell(value).to_owned(),
                at: cursor.location(at..at + value.len().max(1)),
            })
            .collect();
        let line = cells.first().map_or(1, |c| c.at.line);
        if table.header.is_empty() {
            table.header = cells;
        } else {
            table.rows.push(Row { line, cells });
        }
    }
    let problems = problems.finish();
    if problems.is_empty() {
        Ok(table)
    } else {
        Err(problems)
    }
}

/// A table too large to hold, found before anything of it is held: a row
/// of more than [`MAX_COLUMNS`] cells, more than [`MAX_CELLS`] in all, or
/// more than [`MAX_ROWS`] rows below the header.
/// The fields are only counted here, one at a time into a fixed buffer, and
/// the problem is placed at the start of the row where the bound is passed.
fn too_large(file: &Path, text: &str) -> Option<Diagnostic> {
    use csv_core::ReadFieldResult;
    let bytes = text.as_bytes();
    let mut reader = csv_core::Reader::new();
    let mut out = [0u8; 4096];
    let (mut at, mut row_start, mut in_row, mut cells) = (0usize, 0usize, 0usize, 0usize);
    let mut rows = 0usize;
    loop {
        let (result, read, _) = reader.read_field(&bytes[at..], &mut out);
        at += read;
        match result {
            // The reader asks for more only while there is more.
            ReadFieldResult::InputEmpty if read == 0 && at >= bytes.len() => return None,
            ReadFieldResult::InputEmpty | ReadFieldResult::OutputFull => {}
            ReadFieldResult::End => return None,
            ReadFieldResult::Field { record_end } => {
                in_row += 1;
                cells += 1;
                if in_row > MAX_COLUMNS || cells > MAX_CELLS {
                    break;
                }
                if record_end {
                    // The header is the first row.
                    if rows > MAX_ROWS {
                        break;
                    }
                    rows += 1;
                    in_row = 0;
                    row_start = at;
                }
            }
        }
    }
    let (message, help) = if in_row > MAX_COLUMNS {
        (
            format!(
                "the row has more than {} cells; a table to import has at most {} columns",
                group_digits(MAX_COLUMNS),
                group_digits(MAX_COLUMNS)
            ),
            "keep only the columns import reads (the header names them) and save it again",
        )
    } else if cells > MAX_CELLS {
        (
            format!(
                "the file has more than {} cells, more than import reads at once",
                group_digits(MAX_CELLS)
            ),
            "split it into smaller files, each with the header row, and import them one after the other",
        )
    } else {
        (
            format!(
                "the file has more than {} rows, more than import reads at once",
                group_digits(MAX_ROWS)
            ),
            "split it into smaller files, each with the header row, and import them one after the other",
        )
    };
    // The row starts after any blank lines before it.
    let row_start = row_start
        + bytes[row_start.min(bytes.len())..]
            .iter()
            .take_while(|b| matches!(b, b'\r' | b'\n'))
            .count();
    let source = SourceText::new(text);
    let location = Location {
        length: 1,
        ..source.location(row_start..row_start + 1)
    };
    Some(
        Diagnostic::error(Code::TableTooLarge, file, message)
            .with_help(help)
            .at_in(location, &source),
    )
}

/// `1 500 000`: a count with its thousands apart, as messages write them.
fn group_digits(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, d) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(' ');
        }
        out.push(d);
    }
    out
}

/// A workbook cell as text, as a person would have typed it.
pub(super) fn xlsx_text(value: &calamine::Data) -> String {
    use calamine::Data;
    match value {
        Data::Empty => String::new(),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Int(n) => n.to_string(),
        #[allow(clippy::cast_possible_truncation)] // checked: a whole number in range
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => (*f as i64).to_string(),
        Data::Float(f) => f.to_string(),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(d) if d.is_datetime() => excel_date(d.as_f64()),
        Data::DateTime(d) => d.as_f64().to_string(),
        Data::Error(e) => format!("#{e:?}"),
    }
}

/// An Excel date serial (days since 30 December 1899) as `YYYY-MM-DD`.
fn excel_date(serial: f64) -> String {
    let epoch = jiff::civil::date(1899, 12, 30);
    #[allow(clippy::cast_possible_truncation)] // clamped to a span jiff can hold
    let days = serial.floor().clamp(0.0, 2_900_000.0) as i32;
    epoch
        .checked_add(jiff::Span::new().days(days))
        .map_or_else(|_| serial.to_string(), |d| d.to_string())
}

/// A CSV reading error at its line.
fn syntax(file: &Path, source: &SourceText<'_>, e: &csv::Error) -> Diagnostic {
    let message = if let csv::ErrorKind::Utf8 { .. } = e.kind() {
        "the file is not UTF-8 text; save it as UTF-8".to_owned()
    } else {
        let text = e.to_string();
        // The position is given as a location; keep only the reason.
        match text.rfind(": ") {
            Some(i) => text[i + 2..].to_owned(),
            None => text,
        }
    };
    let diagnostic = Diagnostic::error(Code::Syntax, file, message);
    match e.position() {
        Some(p) => {
            let byte = usize::try_from(p.byte()).unwrap_or(usize::MAX);
            diagnostic.at_in(source.location(byte..byte + 1), source)
        }
        None => diagnostic,
    }
}

/// The byte offset where each of the `count` fields of the CSV record
/// starting at `start` begins, and where a quote opens that never closes
/// (the reader takes the rest of the file as that cell instead of failing).
/// The reader has already split the record, so this only walks it: a quoted
/// field runs to its closing quote (`""` is a quote inside it), any field to
/// the next comma.
fn field_starts(text: &str, start: usize, count: usize) -> (Vec<usize>, Option<usize>) {
    let bytes = text.as_bytes();
    let mut starts = Vec::with_capacity(count);
    let mut i = start.min(bytes.len());
    // The reader may place a record at the line break before it (the `\n`
    // of a `\r\n`).
    while matches!(bytes.get(i), Some(b'\r' | b'\n')) {
        i += 1;
    }
    while starts.len() < count {
        starts.push(i);
        if bytes.get(i) == Some(&b'"') {
            let open = i;
            i += 1;
            let mut closed = false;
            while let Some(&b) = bytes.get(i) {
                i += 1;
                if b == b'"' {
                    if bytes.get(i) == Some(&b'"') {
                        i += 1;
                    } else {
                        closed = true;
                        break;
                    }
                }
            }
            if !closed {
                return (starts, Some(open));
            }
        }
        while let Some(&b) = bytes.get(i) {
            if matches!(b, b',' | b'\n' | b'\r') {
                break;
            }
            i += 1;
        }
        if bytes.get(i) == Some(&b',') {
            i += 1;
        } else {
            // The line ends: any field left is empty, at the end.
            while starts.len() < count {
                starts.push(i);
            }
        }
    }
    (starts, None)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Table {
        read_csv(Path::new("t.csv"), text).unwrap()
    }

    #[test]
    fn cells_know_their_line_and_column() {
        let table = read("person,level\r\njo,3\n\"a, b\",\"x\n\"\"y\"\"\"\nsam,\n");
        let at = |row: usize, cell: usize| {
            let c = &table.rows[row].cells[cell];
            (c.text.as_str(), c.at.line, c.at.column)
        };
        assert_eq!(table.header[1].text, "level");
        assert_eq!(at(0, 0), ("jo", 2, 1));
        assert_eq!(at(0, 1), ("3", 2, 4));
        assert_eq!(at(1, 0), ("a, b", 3, 1));
        assert_eq!(at(1, 1), ("x\n\"y\"", 3, 8));
        assert_eq!(at(2, 0), ("sam", 5, 1));
        assert_eq!(at(2, 1), ("", 5, 5));
    }

    #[test]
    fn the_formula_guard_comes_off() {
        let table = read("evidence\n'=SUM(1)\n'-late\n'tis\n");
        let texts: Vec<&str> = table
            .rows
            .iter()
            .map(|r| r.cells[0].text.as_str())
            .collect();
        assert_eq!(texts, ["=SUM(1)", "-late", "'tis"]);
    }

    #[test]
    fn rows_of_the_wrong_length_are_each_refused_at_their_line() {
        let problems = read_csv(Path::new("t.csv"), "a,b\n1,2,3\n4\n5,6\n").unwrap_err();
        let lines: Vec<usize> = problems.iter().map(|d| d.location.unwrap().line).collect();
        assert_eq!(lines, [2, 3]);
        assert!(problems.iter().all(|d| d.code == Code::Syntax));
    }

    #[test]
    fn a_row_too_wide_is_refused_at_its_line_holding_nothing() {
        let wide = ",".repeat(MAX_COLUMNS);
        let fits = ",".repeat(MAX_COLUMNS - 1);
        let table = read(&format!("{fits}\n{fits}\n"));
        assert_eq!(table.header.len(), MAX_COLUMNS);
        assert_eq!(table.rows[0].cells[MAX_COLUMNS - 1].at.column, MAX_COLUMNS);
        let problems = read_csv(Path::new("t.csv"), &format!("a,b\n1,2\n\n{wide}\n")).unwrap_err();
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].code, Code::TableTooLarge);
        let at = problems[0].location.unwrap();
        assert_eq!((at.line, at.column), (4, 1));
        assert_eq!(
            problems[0].message,
            "the row has more than 1 000 cells; a table to import has at most 1 000 columns"
        );
    }

    #[test]
    fn a_file_of_too_many_cells_is_refused_at_the_row_that_passes_the_bound() {
        let rows = MAX_CELLS / 20;
        let text = format!("{}\n", ["a"; 20].join(",")).repeat(rows);
        assert_eq!(read(&text).rows.len(), rows - 1);
        let problems =
            read_csv(Path::new("t.csv"), &format!("{text}{}\n", ",".repeat(19))).unwrap_err();
        assert_eq!(problems[0].code, Code::TableTooLarge);
        assert_eq!(problems[0].location.unwrap().line, rows + 1);
        assert!(problems[0].message.contains("more than 1 500 000 cells"));
    }

    #[test]
    fn a_file_of_too_many_rows_is_refused_at_the_first_row_past_the_bound() {
        let text = format!("a,b\n{}", "1,2\n".repeat(MAX_ROWS));
        assert_eq!(read(&text).rows.len(), MAX_ROWS);
        let problems = read_csv(Path::new("t.csv"), &format!("{text}3,4\n")).unwrap_err();
        assert_eq!(problems[0].code, Code::TableTooLarge);
        assert_eq!(problems[0].location.unwrap().line, MAX_ROWS + 2);
        assert_eq!(
            problems[0].message,
            "the file has more than 100 000 rows, more than import reads at once"
        );
    }

    #[test]
    fn only_the_first_problems_are_listed_and_the_rest_counted() {
        let text = format!("a,b\n{}", "1\n".repeat(60));
        let problems = read_csv(Path::new("t.csv"), &text).unwrap_err();
        assert_eq!(problems.len(), crate::diagnostic::LIMIT + 1);
        assert_eq!(
            problems[crate::diagnostic::LIMIT].code,
            Code::TooManyProblems
        );
    }

    #[test]
    fn workbook_dates_are_days() {
        assert_eq!(excel_date(45_658.0), "2025-01-01");
        assert_eq!(excel_date(45_658.75), "2025-01-01");
    }

    #[test]
    fn an_unclosed_quote_is_a_syntax_error_at_the_quote() {
        let problems = read_csv(Path::new("t.csv"), "a,b\n1,\"2\n3,4\n").unwrap_err();
        assert_eq!(problems[0].code, Code::Syntax);
        let at = problems[0].location.unwrap();
        assert_eq!((at.line, at.column), (2, 3));
    }
}
