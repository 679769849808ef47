//! Excel workbooks (`--format xlsx`): the helpers every workbook shares — a
//! table sheet with a bold, frozen header row, an autofilter over the whole
//! table and columns sized to their content; a standing shown as a fill
//! colour *and* a symbol and word, so it reads in black and white — and the
//! workbooks of `gap` and `team`. (`export` writes its rows through
//! [`Table`] as it reads them; see `render::export`.)
//!
//! Text from people is written as text with `write_string`, never as a
//! formula, so `=HYPERLINK(...)` in evidence stays words; control characters
//! are escaped as everywhere else. No CSV formula quote is needed here.
//!
//! A cell holds at most 32 767 characters (UTF-16 units, as Excel counts
//! them). Longer text is never cut: the workbook is refused, naming the
//! column and the row, so that nothing is written and `--format csv` (which
//! keeps it whole) can be used instead.

use rust_xlsxwriter::{Color, Format, FormatBorder, Workbook, Worksheet, XlsxError};

use crate::report::Standing;
use crate::report::gap::GapReport;
use crate::report::status::StatusReport;
use crate::report::team::{Section, TeamMember, TeamReport};
use crate::text::escape_controls;

/// The most UTF-16 units Excel keeps in a cell.
pub(crate) const MAX_CELL: usize = 32_767;

/// The widest a column is sized to, in pixels (about 60 characters).
const MAX_WIDTH: u32 = 420;

/// A cell's content.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Value {
    Text(String),
    Number(f64),
    Blank,
}

impl Value {
    /// Text, or a blank cell for empty text.
    pub(crate) fn text(text: impl AsRef<str>) -> Value {
        let text = text.as_ref();
        if text.is_empty() {
            Value::Blank
        } else {
            Value::Text(text.to_owned())
        }
    }

    /// A whole number (a rank, a gap, a count), or blank.
    pub(crate) fn number<N: Into<i64>>(number: Option<N>) -> Value {
        // Ranks, gaps and counts are far below 2^53: exact as f64.
        #[allow(clippy::cast_precision_loss)]
        number.map_or(Value::Blank, |n| Value::Number(n.into() as f64))
    }

    /// A count.
    pub(crate) fn count(n: usize) -> Value {
        Value::number(i64::try_from(n).ok())
    }
}

/// Text as a cell holds it: control characters escaped. `None` when it is
/// longer than a cell holds (it is never cut).
fn cell_text(text: &str) -> Option<String> {
    let text = escape_controls(text);
    (text.len() <= MAX_CELL || text.encode_utf16().count() <= MAX_CELL).then(|| text.into_owned())
}

/// The refusal of a text too long for a cell: `what` names it (`the
/// evidence of jo's rating of ...`). An error of the workbook, so that it
/// reaches the user as this sentence (see [`io_error`]).
pub(crate) fn too_long(what: &str) -> XlsxError {
    // MAX_CELL, written as messages write numbers.
    XlsxError::CustomError(format!(
        "{what} is longer than an Excel cell holds (32 767 characters), and a workbook would cut it: nothing was written; use --format csv, which keeps it whole"
    ))
}

/// The symbol and word of a standing, as the table reports show it.
pub(crate) fn standing_text(standing: Standing) -> &'static str {
    match standing {
        Standing::Meets => "✓ meets",
        Standing::Exceeds => "▲ exceeds",
        Standing::Below => "▼ below",
        Standing::Unrated => "– unrated",
        Standing::NotApplicable => "n/a",
        Standing::NotRequired => "· not required",
    }
}

/// The symbol alone, for a matrix cell.
pub(crate) fn standing_symbol(standing: Standing) -> &'static str {
    match standing {
        Standing::Meets => "✓",
        Standing::Exceeds => "▲",
        Standing::Below => "▼",
        Standing::Unrated => "–",
        Standing::NotApplicable => "n/a",
        Standing::NotRequired => "·",
    }
}

/// The fill of a standing: light colours with dark text, as Excel's own
/// "Good", "Bad" and "Neutral" styles; the symbol carries the meaning too.
pub(crate) fn standing_format(standing: Standing) -> Format {
    let (fill, font) = match standing {
        Standing::Meets => (0x00C6_EFCE, 0x0000_6100),
        Standing::Exceeds => (0x00BD_D7EE, 0x001F_4E78),
        Standing::Below => (0x00FF_C7CE, 0x009C_0006),
        Standing::Unrated => (0x00ED_EDED, 0x0059_5959),
        Standing::NotApplicable | Standing::NotRequired => (0x00F2_F2F2, 0x007F_7F7F),
    };
    Format::new()
        .set_background_color(Color::RGB(fill))
        .set_font_color(Color::RGB(font))
        .set_border(FormatBorder::Thin)
        .set_border_color(Color::RGB(0x00BF_BFBF))
}

/// One table on its own sheet: a bold header row, frozen (with the first
/// `frozen_columns` columns), rows below it, and on [`Table::finish`] an
/// autofilter over the whole table and columns sized to their content.
pub(crate) struct Table {
    sheet: Worksheet,
    /// The column titles, to name a column in a refusal.
    header: Vec<String>,
    /// The next row to write.
    row: u32,
}

impl Table {
    pub(crate) fn new(
        name: &str,
        header: &[&str],
        frozen_columns: u16,
    ) -> Result<Table, XlsxError> {
        let mut sheet = Worksheet::new();
        sheet.set_name(name)?;
        let bold = Format::new()
            .set_bold()
            .set_border_bottom(FormatBorder::Thin);
        for (col, title) in (0u16..).zip(header) {
            let text = cell_text(title)
                .ok_or_else(|| too_long(&format!("the title of column {}", col + 1)))?;
            sheet.write_string_with_format(0, col, text, &bold)?;
        }
        sheet.set_freeze_panes(1, frozen_columns)?;
        Ok(Table {
            sheet,
            header: header.iter().map(|&h| h.to_owned()).collect(),
            row: 1,
        })
    }

    /// Write the next row; `formats` gives a cell its own format (a fill).
    /// A text too long for a cell refuses the workbook, naming its column
    /// and the row by its first cell.
    pub(crate) fn row(
        &mut self,
        values: &[Value],
        formats: &[Option<&Format>],
    ) -> Result<(), XlsxError> {
        let first = match values.first() {
            Some(Value::Text(text)) => format!("the row of `{}`", escape_controls(text)),
            _ => format!("row {}", self.row + 1),
        };
        self.row_of(&first, values, formats)
    }

    /// As [`Table::row`], the row named by `what` in a refusal (`jo's
    /// rating of ...`).
    pub(crate) fn row_of(
        &mut self,
        what: &str,
        values: &[Value],
        formats: &[Option<&Format>],
    ) -> Result<(), XlsxError> {
        for (col, value) in (0u16..).zip(values) {
            let format = formats.get(usize::from(col)).copied().flatten();
            self.write(col, value, format).map_err(|e| match e {
                XlsxError::MaxStringLengthExceeded => {
                    let column = self
                        .header
                        .get(usize::from(col))
                        .map_or("cell", String::as_str);
                    too_long(&format!("the {column} of {what}"))
                }
                e => e,
            })?;
        }
        self.row += 1;
        Ok(())
    }

    fn write(&mut self, col: u16, value: &Value, format: Option<&Format>) -> Result<(), XlsxError> {
        let row = self.row;
        match (value, format) {
            (Value::Text(text), None) => {
                let text = cell_text(text).ok_or(XlsxError::MaxStringLengthExceeded)?;
                self.sheet.write_string(row, col, text)?;
            }
            (Value::Text(text), Some(f)) => {
                let text = cell_text(text).ok_or(XlsxError::MaxStringLengthExceeded)?;
                self.sheet.write_string_with_format(row, col, text, f)?;
            }
            (Value::Number(n), None) => {
                self.sheet.write_number(row, col, *n)?;
            }
            (Value::Number(n), Some(f)) => {
                self.sheet.write_number_with_format(row, col, *n, f)?;
            }
            (Value::Blank, Some(f)) => {
                self.sheet.write_blank(row, col, f)?;
            }
            (Value::Blank, None) => {}
        }
        Ok(())
    }

    /// A line of text below the table, after a blank row (outside the
    /// autofilter): a legend or a note.
    pub(crate) fn note(&mut self, text: &str) -> Result<(), XlsxError> {
        let text = cell_text(text).ok_or_else(|| too_long("the note under the table"))?;
        self.sheet.write_string(self.row + 1, 0, text)?;
        Ok(())
    }

    /// The finished sheet: autofilter on the table, columns sized.
    pub(crate) fn finish(mut self) -> Result<Worksheet, XlsxError> {
        let last_row = self.row.saturating_sub(1);
        let last_col = u16::try_from(self.header.len())
            .unwrap_or(u16::MAX)
            .saturating_sub(1);
        self.sheet.autofilter(0, 0, last_row, last_col)?;
        self.sheet.set_autofit_max_width(MAX_WIDTH);
        self.sheet.autofit();
        Ok(self.sheet)
    }
}

/// A workbook of `sheets`, as the bytes of an xlsx file.
pub(crate) fn workbook(sheets: Vec<Worksheet>) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    for sheet in sheets {
        book.push_worksheet(sheet);
    }
    book.save_to_buffer()
}

/// A workbook error as an I/O error, for writers that report those; a
/// refusal ([`too_long`]) as its own sentence.
pub(crate) fn io_error(e: &XlsxError) -> std::io::Error {
    match e {
        XlsxError::CustomError(sentence) => std::io::Error::other(sentence.clone()),
        e => std::io::Error::other(format!("cannot build the workbook: {e}")),
    }
}

/// `gap` as a workbook: one sheet, a row per requirement, the standing as
/// fill and word.
pub(crate) fn gap(report: &GapReport) -> Result<Vec<u8>, XlsxError> {
    let mut table = Table::new(
        "Gap",
        &[
            "person",
            "role",
            "framework",
            "by",
            "competency",
            "name",
            "required",
            "rating",
            "self",
            "manager",
            "peer",
            "gap",
            "status",
            "discuss",
            "source",
        ],
        5,
    )?;
    for r in &report.rows {
        let status = standing_format(r.status);
        let mut formats = vec![None; 15];
        formats[12] = Some(&status);
        let kind = |kind| super::notes::by_kind(r, kind, "");
        table.row(
            &[
                Value::text(&report.person),
                Value::text(&report.role),
                Value::text(&report.framework),
                Value::text(report.by.as_str()),
                Value::text(&r.competency),
                Value::text(&r.name),
                Value::text(&r.required),
                Value::text(r.rating.as_deref().unwrap_or_default()),
                Value::text(kind(crate::record::RaterKind::SelfAssessment)),
                Value::text(kind(crate::record::RaterKind::Manager)),
                Value::text(kind(crate::record::RaterKind::Peer)),
                Value::number(r.gap),
                Value::text(standing_text(r.status)),
                Value::text(if r.discuss { "discuss" } else { "" }),
                Value::text(r.source.as_deref().unwrap_or_default()),
            ],
            &formats,
        )?;
    }
    let s = &report.summary;
    table.note(&format!(
        "{} against {} ({}): met {} of {}, {} below, {} unrated. ✓ meets  ▲ exceeds  ▼ below  – unrated",
        report.person,
        report.role_name,
        report.role,
        s.met(),
        s.required(),
        s.below,
        s.unrated
    ))?;
    workbook(vec![table.finish()?])
}

/// `team` as a workbook: per framework the matrix (a row per person, a
/// column per competency, each cell the level and a symbol on the standing's
/// fill), then the training needs and the ratings a row each. A summary (no
/// members) has the training needs only.
pub(crate) fn team(report: &TeamReport) -> Result<Vec<u8>, XlsxError> {
    let mut sheets = Vec::new();
    let shown = report.sections.iter().any(|s| !s.members.is_empty());
    if shown {
        for section in &report.sections {
            let name = if report.sections.len() == 1 {
                "Matrix".to_owned()
            } else {
                format!("Matrix {}", section.framework)
            };
            sheets.push(team_matrix(section, &name)?);
        }
    }
    sheets.push(team_needs(report)?);
    if shown {
        sheets.push(team_ratings(report)?);
    }
    workbook(sheets)
}

/// A person as people read them: name and id.
fn who(m: &TeamMember) -> String {
    match &m.name {
        Some(name) if *name != m.person => format!("{name} ({})", m.person),
        _ => m.person.clone(),
    }
}

fn team_matrix(section: &Section, sheet: &str) -> Result<Worksheet, XlsxError> {
    let titles: Vec<String> = section
        .competency_names
        .iter()
        .zip(&section.competencies)
        .map(|(name, id)| {
            let required = section
                .needs
                .iter()
                .find(|n| &n.competency == id)
                .and_then(|n| n.required.as_deref())
                .unwrap_or("varies");
            format!("{name} (requires {required})")
        })
        .collect();
    let mut header = vec!["person", "role", "by", "ratings"];
    header.extend(titles.iter().map(String::as_str));
    header.extend(["met", "required", "not assessed", "shortfall", "counted"]);
    let mut table = Table::new(sheet, &header, 1)?;
    for m in &section.members {
        let mut values = vec![
            Value::text(who(m)),
            Value::text(&m.role),
            Value::text(m.by.map_or("", crate::report::Whose::as_str)),
            Value::text(match (m.by, m.all_final) {
                (None, _) => "",
                (Some(_), true) => "final",
                (Some(_), false) => "draft",
            }),
        ];
        let fills: Vec<Format> = m.cells.iter().map(|c| standing_format(c.status)).collect();
        let mut formats = vec![None, None, None, None];
        for (cell, fill) in m.cells.iter().zip(&fills) {
            let mut text = match (cell.shown(), cell.status) {
                (_, Standing::NotApplicable) => "n/a".to_owned(),
                (_, Standing::NotRequired) => standing_symbol(Standing::NotRequired).to_owned(),
                (None, s) => standing_symbol(s).to_owned(),
                (Some(level), s) => format!("{level} {}", standing_symbol(s)),
            };
            let tag = super::team::tag(cell);
            if !tag.is_empty() {
                text.push(' ');
                text.push_str(&tag);
            }
            // Negative behaviours recorded: marked, however high the level.
            if cell.rating.as_ref().is_some_and(|r| !r.negative.is_empty()) {
                text.push(' ');
                text.push_str(super::notes::NEGATIVE_MARK);
            }
            values.push(Value::Text(text));
            formats.push(Some(fill));
        }
        values.extend([
            Value::count(m.summary.met()),
            Value::count(m.summary.required()),
            Value::count(m.summary.not_applicable),
            Value::number(Some(m.shortfall)),
            Value::text(if m.by.is_none_or(|b| b == section.counted_by) {
                "yes"
            } else {
                "no"
            }),
        ]);
        table.row(&values, &formats)?;
    }
    let against = match (&section.role, &section.role_name) {
        (Some(id), Some(name)) => format!("{name} ({id})"),
        _ => "their own roles".to_owned(),
    };
    table.note(&format!(
        "{} against {against}, framework {}. {} {}",
        super::count(section.people, "person", "people"),
        section.framework,
        super::team::key(section),
        super::team::counts(section)
    ))?;
    table.finish()
}

fn team_needs(report: &TeamReport) -> Result<Worksheet, XlsxError> {
    let mut table = Table::new(
        "Training needs",
        &[
            "framework",
            "competency",
            "name",
            "required",
            "below",
            "shortfall (levels)",
            "unrated",
            "not assessed",
            "people",
            "by",
        ],
        1,
    )?;
    for section in &report.sections {
        for n in &section.needs {
            table.row(
                &[
                    Value::text(&section.framework),
                    Value::text(&n.competency),
                    Value::text(&n.name),
                    Value::text(n.required.as_deref().unwrap_or("varies")),
                    Value::count(n.below),
                    Value::number(Some(n.shortfall)),
                    Value::count(n.unrated),
                    Value::count(n.not_assessed),
                    Value::count(section.people),
                    Value::text(section.counted_by.as_str()),
                ],
                &[],
            )?;
        }
    }
    table.finish()
}

fn team_ratings(report: &TeamReport) -> Result<Worksheet, XlsxError> {
    let mut table = Table::new(
        "Ratings",
        &[
            "person",
            "name",
            "role",
            "framework",
            "competency",
            "required",
            "rating",
            "by",
            "record status",
            "gap",
            "status",
        ],
        1,
    )?;
    for section in &report.sections {
        for m in &section.members {
            for cell in m.cells.iter().filter(|c| c.status != Standing::NotRequired) {
                let fill = standing_format(cell.status);
                table.row(
                    &[
                        Value::text(&m.person),
                        Value::text(m.name.as_deref().unwrap_or_default()),
                        Value::text(&m.role),
                        Value::text(&section.framework),
                        Value::text(&cell.competency),
                        Value::text(cell.required.as_deref().unwrap_or_default()),
                        Value::text(cell.shown().unwrap_or_default()),
                        Value::text(cell.rating.as_ref().map_or("", |r| r.by.as_str())),
                        Value::text(cell.rating.as_ref().map_or("", |r| r.status.as_str())),
                        Value::number(cell.gap),
                        Value::text(standing_text(cell.status)),
                    ],
                    &[
                        None,
                        None,
                        None,
                        None,
                        None,
                        None,
                        None,
                        None,
                        None,
                        None,
                        Some(&fill),
                    ],
                )?;
            }
        }
    }
    table.finish()
}

/// `status` as a workbook: a row per person, what they owe this cycle filled
/// red when overdue, amber when outstanding and green when done.
pub(crate) fn status(report: &StatusReport) -> Result<Vec<u8>, XlsxError> {
    let mut table = Table::new(
        "Status",
        &[
            "person",
            "name",
            "role",
            "team",
            "manager",
            "last self",
            "last manager",
            "last final",
            "outstanding",
            "overdue",
            "actions open",
            "actions overdue",
            "peers this cycle",
        ],
        2,
    )?;
    let done = standing_format(Standing::Meets);
    let owed = standing_format(Standing::Unrated);
    let overdue = standing_format(Standing::Below);
    for line in &report.people {
        let outstanding: Vec<&str> = line.outstanding.iter().map(|o| o.as_str()).collect();
        let fill = if line.overdue {
            &overdue
        } else if outstanding.is_empty() {
            &done
        } else {
            &owed
        };
        let text = |t: &Option<String>| Value::text(t.as_deref().unwrap_or_default());
        table.row(
            &[
                Value::text(&line.person),
                text(&line.name),
                text(&line.role),
                text(&line.team),
                Value::text(
                    line.manager_name
                        .as_deref()
                        .or(line.manager.as_deref())
                        .unwrap_or_default(),
                ),
                text(&line.last_self),
                text(&line.last_manager),
                text(&line.last_final),
                // Spelt as the table and the CSV spell it.
                Value::text(if outstanding.is_empty() {
                    "done".to_owned()
                } else {
                    outstanding.join(", ")
                }),
                Value::text(if line.overdue { "overdue" } else { "" }),
                Value::count(line.actions_open),
                Value::count(line.actions_overdue),
                Value::count(line.peers),
            ],
            &[
                None,
                None,
                None,
                None,
                None,
                None,
                None,
                None,
                Some(fill),
                Some(fill),
            ],
        )?;
    }
    let c = &report.cycle;
    table.note(&format!(
        "Appraisal cycle {} to {}, due {}; as of {}.",
        c.start, c.end, c.due, c.as_of
    ))?;
    workbook(vec![table.finish()?])
}
