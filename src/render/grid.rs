//! Tables for the terminal: the project's look, and on a terminal a layout
//! in which no word is ever broken inside itself (ids, dates and numbers
//! included), lines break only between words, and every line fits the
//! terminal. When the columns cannot fit side by side, the table first
//! leaves out its detail columns (and says which; `--wide` shows them), and
//! when even that does not fit it is laid out as one block per row. Piped or
//! redirected, every cell stays on one line.

use std::fmt::{self, Write as _};

use comfy_table::{Cell, Color, ContentArrangement, Table, presets};
use textwrap::core::display_width;
use unicode_width::UnicodeWidthStr;

use super::Style;
use crate::text::escape_controls;

/// One cell: its text (control characters already escaped) and colour.
#[derive(Clone, Debug)]
pub(crate) struct GridCell {
    text: String,
    color: Option<Color>,
    /// Kept on one line whatever the width (`3 of 7`, `4 ▲ S*`).
    whole: bool,
}

impl GridCell {
    /// A cell showing `text`, control characters escaped so that the table
    /// measures what is shown.
    pub(crate) fn new(text: &str) -> Self {
        GridCell {
            text: escape_controls(text).into_owned(),
            color: None,
            whole: false,
        }
    }

    /// A cell showing `text`, taken as it is unless it holds a control
    /// character (then escaped, as [`GridCell::new`] does).
    pub(crate) fn owned(text: String) -> Self {
        let text = match escape_controls(&text) {
            std::borrow::Cow::Borrowed(_) => text,
            std::borrow::Cow::Owned(escaped) => escaped,
        };
        GridCell {
            text,
            color: None,
            whole: false,
        }
    }

    /// A cell whose text is never broken across lines (a count such as
    /// `3 of 7`, a level with its marks).
    pub(crate) fn whole(text: &str) -> Self {
        GridCell {
            whole: true,
            ..GridCell::new(text)
        }
    }

    /// [`GridCell::whole`] of an owned text.
    pub(crate) fn whole_owned(text: String) -> Self {
        GridCell {
            whole: true,
            ..GridCell::owned(text)
        }
    }

    /// The cell in colour (used only where colour is on).
    #[must_use]
    pub(crate) fn fg(mut self, color: Color) -> Self {
        self.color = Some(color);
        self
    }

    /// The widest piece of the cell that cannot be broken.
    fn unbreakable(&self) -> usize {
        if self.whole {
            widest_line(&self.text)
        } else {
            unbreakable(&self.text)
        }
    }
}

/// A table being filled; drawn by `Display`.
pub(crate) struct Grid {
    style: Style,
    header: Vec<GridCell>,
    rows: Vec<Vec<GridCell>>,
    /// Columns that may be left out on a narrow terminal, the first to go
    /// first.
    details: Vec<usize>,
}

/// How a table is drawn on a terminal.
#[derive(Debug, PartialEq, Eq)]
enum Plan {
    /// These columns, at these widths.
    Table {
        shown: Vec<usize>,
        widths: Vec<usize>,
    },
    /// One block per row: the columns do not fit side by side.
    Blocks,
}

impl Grid {
    pub(crate) fn new(style: Style, header: &[&str]) -> Self {
        Grid {
            style,
            header: header.iter().map(|h| GridCell::new(h)).collect(),
            rows: Vec::new(),
            details: Vec::new(),
        }
    }

    pub(crate) fn add_row(&mut self, cells: Vec<GridCell>) -> &mut Self {
        self.rows.push(cells);
        self
    }

    /// Columns (by header) that may be left out, in this order, when the
    /// table does not fit the terminal; the table then says which were.
    #[must_use]
    pub(crate) fn details(mut self, names: &[&str]) -> Self {
        self.details = names
            .iter()
            .filter_map(|n| self.header.iter().position(|h| h.text == *n))
            .collect();
        self
    }

    /// Whether, on a terminal, every column fits side by side with no word
    /// broken (always, elsewhere: nothing is wrapped there).
    pub(crate) fn fits_whole_words(&self) -> bool {
        !self.style.terminal
            || self.style.wide
            || matches!(self.plan(), Plan::Table { ref shown, .. } if shown.len() == self.header.len())
    }

    /// Whether the column `name` is drawn (a detail column may be left out
    /// on a narrow terminal).
    pub(crate) fn shows(&self, name: &str) -> bool {
        let Some(i) = self.header.iter().position(|h| h.text == name) else {
            return false;
        };
        if !self.style.terminal || self.style.wide {
            return true;
        }
        matches!(self.plan(), Plan::Table { ref shown, .. } if shown.contains(&i))
    }

    /// The tallest header, in lines, when the table is drawn.
    pub(crate) fn header_lines(&self) -> usize {
        if !self.style.terminal || self.style.wide {
            return 1;
        }
        match self.plan() {
            Plan::Table { shown, widths } => shown
                .iter()
                .zip(&widths)
                .map(|(&i, &w)| wrap(&self.header[i].text, w).lines().count())
                .max()
                .unwrap_or(1),
            Plan::Blocks => 1,
        }
    }

    /// The column `i`'s cells, header first.
    fn column(&self, i: usize) -> impl Iterator<Item = &GridCell> {
        std::iter::once(&self.header)
            .chain(&self.rows)
            .filter_map(move |row| row.get(i))
    }

    /// How the table is drawn on this terminal.
    fn plan(&self) -> Plan {
        let all: Vec<usize> = (0..self.header.len()).collect();
        for dropped in 0..=self.details.len() {
            let shown: Vec<usize> = all
                .iter()
                .copied()
                .filter(|i| !self.details[..dropped].contains(i))
                .collect();
            let least: Vec<usize> = shown
                .iter()
                .map(|&i| {
                    self.column(i)
                        .map(GridCell::unbreakable)
                        .max()
                        .unwrap_or(1)
                        .max(1)
                })
                .collect();
            let wanted: Vec<usize> = shown
                .iter()
                .map(|&i| {
                    self.column(i)
                        .map(|c| widest_line(&c.text))
                        .max()
                        .unwrap_or(1)
                        .max(1)
                })
                .collect();
            if let Some(widths) = widths(&least, &wanted, usize::from(self.style.width)) {
                // A cell four lines tall reads worse than a column left out,
                // while there is one to leave out.
                let tall = self.tallest(&shown, &widths) > 3;
                if !tall || dropped == self.details.len() {
                    return Plan::Table { shown, widths };
                }
            }
        }
        Plan::Blocks
    }

    /// The most lines any cell of `shown` columns takes at `widths`.
    fn tallest(&self, shown: &[usize], widths: &[usize]) -> usize {
        self.rows
            .iter()
            .flat_map(|row| {
                shown.iter().zip(widths).filter_map(|(&i, &w)| {
                    row.get(i)
                        .filter(|c| !c.whole)
                        .map(|c| wrap(&c.text, w).lines().count())
                })
            })
            .max()
            .unwrap_or(1)
    }

    /// The comfy-table that draws `shown` columns at `widths` (or all,
    /// unwrapped, when `None`).
    fn table(&self, shown: Option<(&[usize], &[usize])>) -> Table {
        let mut table = Table::new();
        table.load_style(presets::UTF8_FULL_CONDENSED);
        table.set_content_arrangement(ContentArrangement::Disabled);
        if !self.style.terminal {
            table.force_no_tty();
        }
        let all: Vec<usize> = (0..self.header.len()).collect();
        let (columns, widths) = match shown {
            Some((columns, widths)) => (columns.to_vec(), Some(widths)),
            None => (all, None),
        };
        let cell = |k: usize, c: &GridCell| {
            let text = match widths.and_then(|w| w.get(k)) {
                Some(&width) if !c.whole => wrap(&c.text, width),
                _ => c.text.clone(),
            };
            let cell = Cell::new(text);
            match c.color {
                Some(color) if self.style.color => cell.fg(color),
                _ => cell,
            }
        };
        let pick = |row: &[GridCell]| -> Vec<Cell> {
            columns
                .iter()
                .enumerate()
                .filter_map(|(k, &i)| row.get(i).map(|c| cell(k, c)))
                .collect()
        };
        table.set_header(pick(&self.header));
        for row in &self.rows {
            table.add_row(pick(row));
        }
        table
    }

    /// The content widths of every column for [`Grid::plain`]: the widest
    /// line of each, measured as comfy-table measures it; `None` when
    /// comfy-table must draw it (a column wider than it counts).
    fn plain_widths(&self) -> Option<Vec<usize>> {
        // comfy-table gives an empty column one character.
        let mut widths = vec![1; self.header.len()];
        for row in std::iter::once(&self.header).chain(&self.rows) {
            for (w, cell) in widths.iter_mut().zip(row) {
                for line in cell.text.split('\n') {
                    *w = (*w).max(UnicodeWidthStr::width(line));
                }
            }
        }
        widths
            .iter()
            .all(|&w| u16::try_from(w).is_ok())
            .then_some(widths)
    }

    /// Every column, unwrapped and without colour, drawn exactly as
    /// comfy-table draws it (`UTF8_FULL_CONDENSED`; a property test holds
    /// the two equal), straight into `f`: a report of thousands of rows
    /// piped to a file spends its time here, and comfy-table builds a
    /// string per cell line and a vector per row.
    fn plain(&self, f: &mut fmt::Formatter<'_>, widths: &[usize]) -> fmt::Result {
        let rule = |f: &mut fmt::Formatter<'_>, [left, fill, join, right]: [char; 4]| {
            f.write_char(left)?;
            for (k, &w) in widths.iter().enumerate() {
                if k > 0 {
                    f.write_char(join)?;
                }
                for _ in 0..w + 2 {
                    f.write_char(fill)?;
                }
            }
            f.write_char(right)
        };
        let row = |f: &mut fmt::Formatter<'_>, cells: &[GridCell]| -> fmt::Result {
            let height = cells
                .iter()
                .take(widths.len())
                .map(|c| c.text.split('\n').count())
                .max()
                .unwrap_or(1)
                .max(1);
            for n in 0..height {
                f.write_str("\n│")?;
                for (k, &w) in widths.iter().enumerate() {
                    if k > 0 {
                        f.write_char('┆')?;
                    }
                    let line = cells
                        .get(k)
                        .and_then(|c| c.text.split('\n').nth(n))
                        .unwrap_or("");
                    write!(f, " {line}")?;
                    for _ in 0..=w - UnicodeWidthStr::width(line) {
                        f.write_char(' ')?;
                    }
                }
                f.write_char('│')?;
            }
            Ok(())
        };
        rule(f, ['┌', '─', '┬', '┐'])?;
        row(f, &self.header)?;
        f.write_char('\n')?;
        rule(f, ['╞', '═', '╪', '╡'])?;
        for cells in &self.rows {
            row(f, cells)?;
        }
        f.write_char('\n')?;
        rule(f, ['└', '─', '┴', '┘'])
    }

    /// One block per row: the first cell as its title, then each other
    /// column's header and value, wrapped between words to the terminal.
    fn blocks(&self) -> String {
        let width = usize::from(self.style.width);
        let labels: Vec<&str> = self
            .header
            .iter()
            .skip(1)
            .map(|h| h.text.as_str())
            .collect();
        let label_width = labels.iter().map(|l| display_width(l)).max().unwrap_or(0);
        let mut out = String::new();
        for (n, row) in self.rows.iter().enumerate() {
            if n > 0 {
                out.push('\n');
            }
            let title = row.first().map_or("", |c| c.text.as_str());
            let _ = writeln!(out, "{}", fill_words(title, width, "", "  "));
            for (label, cell) in labels.iter().zip(row.iter().skip(1)) {
                if cell.text.trim().is_empty() {
                    continue;
                }
                let first = format!(
                    "  {label}{} ",
                    " ".repeat(label_width - display_width(label))
                );
                let rest = " ".repeat(display_width(&first));
                let _ = writeln!(out, "{}", fill_words(&cell.text, width, &first, &rest));
            }
        }
        out
    }
}

impl fmt::Display for Grid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if !self.style.terminal || self.style.wide {
            if !self.style.color
                && let Some(widths) = self.plain_widths()
            {
                return self.plain(f, &widths);
            }
            return write!(f, "{}", self.table(None));
        }
        match self.plan() {
            Plan::Table { shown, widths } => {
                write!(f, "{}", self.table(Some((&shown, &widths))))?;
                let left: Vec<&str> = (0..self.header.len())
                    .filter(|i| !shown.contains(i))
                    .map(|i| self.header[i].text.as_str())
                    .collect();
                if !left.is_empty() {
                    let note = format!(
                        "({} not shown: the terminal is too narrow; --wide shows every column)",
                        left.join(", ")
                    );
                    write!(
                        f,
                        "\n{}",
                        fill_words(&note, usize::from(self.style.width), "", "")
                    )?;
                }
                Ok(())
            }
            // A block ends with a line break, as a table does not.
            Plan::Blocks => write!(f, "{}", self.blocks().trim_end_matches('\n')),
        }
    }
}

/// `text` filled to `width` between words only (a word longer than the
/// line stays whole), the first line after `first`, the rest after `rest`.
pub(crate) fn fill_words(text: &str, width: usize, first: &str, rest: &str) -> String {
    let options = textwrap::Options::new(width.max(1))
        .initial_indent(first)
        .subsequent_indent(rest)
        .word_separator(textwrap::WordSeparator::AsciiSpace)
        .word_splitter(textwrap::WordSplitter::NoHyphenation)
        .break_words(false);
    textwrap::fill(text, options)
}

/// The widest word of `text`: words are never broken.
fn unbreakable(text: &str) -> usize {
    text.split([' ', '\n'])
        .map(display_width)
        .max()
        .unwrap_or(0)
}

/// The widest line of `text` as it is.
fn widest_line(text: &str) -> usize {
    text.lines().map(display_width).max().unwrap_or(0)
}

/// `text` wrapped to `width`, between words only.
fn wrap(text: &str, width: usize) -> String {
    text.lines()
        .map(|line| fill_words(line, width, "", ""))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Column widths (of content) for a table `total` columns wide: each column
/// at least its widest word (`least`), the room left shared by how much more
/// each would like (`wanted`); `None` when the words do not fit side by side.
fn widths(least: &[usize], wanted: &[usize], total: usize) -> Option<Vec<usize>> {
    // Borders and padding: `│ a ┆ b │` is 3 per column and 1 more.
    let room = total.checked_sub(3 * least.len() + 1)?;
    if wanted.iter().sum::<usize>() <= room {
        return Some(wanted.to_vec());
    }
    if least.iter().sum::<usize>() > room {
        return None;
    }
    let mut left = room - least.iter().sum::<usize>();
    let mut widths = least.to_vec();
    // Share the spare room by what each column still wants, a round at a
    // time, so narrow columns that want little are filled first.
    loop {
        let short: Vec<usize> = (0..widths.len())
            .filter(|&i| widths[i] < wanted[i])
            .collect();
        if short.is_empty() || left == 0 {
            break;
        }
        let want: usize = short.iter().map(|&i| wanted[i] - widths[i]).sum();
        let mut given = 0;
        for &i in &short {
            let part = ((wanted[i] - widths[i]) * left / want)
                .max(1)
                .min(wanted[i] - widths[i])
                .min(left - given);
            widths[i] += part;
            given += part;
        }
        left -= given;
        if given == 0 {
            break;
        }
    }
    Some(widths)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terminal(width: u16) -> Style {
        Style {
            terminal: true,
            color: false,
            width,
            wide: false,
        }
    }

    fn grid(width: u16) -> Grid {
        let mut grid = Grid::new(
            terminal(width),
            &["person", "role", "last self", "outstanding"],
        )
        .details(&["last self"]);
        grid.add_row(
            [
                "Alex Morgan (alex-morgan)",
                "community-link-worker",
                "2026-03-10",
                "self, manager, sign-off",
            ]
            .iter()
            .map(|t| GridCell::new(t))
            .collect(),
        );
        grid
    }

    /// Every word of `words` is somewhere in `text` whole.
    fn whole(text: &str, words: &[&str]) {
        let found: Vec<&str> = text
            .split(|c: char| c.is_whitespace() || "│┆".contains(c))
            .collect();
        for word in words {
            assert!(found.contains(word), "`{word}` broken in:\n{text}");
        }
    }

    #[test]
    fn widths_fit_the_terminal_and_never_go_below_the_longest_word() {
        let least = [11, 21, 10, 8];
        let wanted = [25, 21, 10, 23];
        let w = widths(&least, &wanted, 80).unwrap();
        assert!(w.iter().sum::<usize>() + 3 * 4 < 80, "{w:?}");
        assert!(w.iter().zip(&least).all(|(w, l)| w >= l), "{w:?}");
        assert_eq!(widths(&least, &wanted, 200).unwrap(), wanted);
        // The words do not fit side by side: no widths.
        assert_eq!(widths(&least, &wanted, 60), None);
    }

    #[test]
    fn a_table_keeps_every_word_whole_and_every_line_within_the_terminal() {
        for width in [40, 60, 80, 120] {
            let text = grid(width).to_string();
            for line in text.lines() {
                assert!(
                    display_width(line) <= usize::from(width),
                    "{width}:\n{text}"
                );
            }
            whole(
                &text,
                &["(alex-morgan)", "community-link-worker", "sign-off"],
            );
        }
    }

    #[test]
    fn detail_columns_go_first_and_the_table_says_so_then_rows_become_blocks() {
        assert!(grid(80).to_string().contains("2026-03-10"));
        let text = grid(60).to_string();
        assert!(!text.contains("2026-03-10"), "{text}");
        let said: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(
            said.contains(
                "(last self not shown: the terminal is too narrow; --wide shows every column)"
            ),
            "{text}"
        );
        let narrow = grid(40).to_string();
        assert!(!narrow.contains('│'), "blocks, not a table:\n{narrow}");
        assert!(
            narrow.starts_with("Alex Morgan (alex-morgan)\n  role"),
            "{narrow}"
        );
        assert!(narrow.contains("last self   2026-03-10"), "{narrow}");
    }

    #[test]
    fn wide_shows_every_column_whatever_the_terminal() {
        let mut style = terminal(40);
        style.wide = true;
        let mut g = grid(40);
        g.style = style;
        let text = g.to_string();
        assert!(text.contains("2026-03-10") && text.contains('│'), "{text}");
    }

    #[test]
    fn a_whole_cell_is_never_broken() {
        let mut g = Grid::new(terminal(40), &["person", "meets"]);
        g.add_row(vec![GridCell::new("A"), GridCell::whole("3 of 7")]);
        assert!(g.to_string().contains("3 of 7"));
    }

    /// Text of cells: wide, combining and zero-width characters, spaces,
    /// empty lines and line breaks.
    fn cell_text() -> impl proptest::strategy::Strategy<Value = String> {
        proptest::string::string_regex("([a-z ]|☕|漢|é|e\u{301}|\u{200d}|🧑\u{200d}🌾|\n|—){0,12}")
            .unwrap_or_else(|e| panic!("{e}"))
    }

    struct Plain<'a>(&'a Grid, &'a [usize]);

    impl fmt::Display for Plain<'_> {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            self.0.plain(f, self.1)
        }
    }

    proptest::proptest! {
        #[test]
        fn the_plain_drawer_draws_what_comfy_table_draws(
            header in proptest::collection::vec(cell_text(), 1..5),
            rows in proptest::collection::vec(proptest::collection::vec(cell_text(), 0..6), 0..5),
        ) {
            let names: Vec<&str> = header.iter().map(String::as_str).collect();
            let mut grid = Grid::new(Style::PLAIN, &names);
            for row in &rows {
                grid.add_row(row.iter().map(|t| GridCell::new(t)).collect());
            }
            let widths = grid.plain_widths().unwrap_or_else(|| panic!("no widths"));
            proptest::prop_assert_eq!(
                Plain(&grid, &widths).to_string(),
                grid.table(None).to_string()
            );
        }
    }

    #[test]
    fn control_characters_are_escaped_before_the_table_measures_them() {
        let mut grid = Grid::new(Style::PLAIN, &["rater"]);
        grid.add_row(vec![GridCell::new("Sam\u{1b}]0;x\u{7}")]);
        let text = grid.to_string();
        assert!(
            !text.contains('\u{1b}') && text.contains("\\u{1b}"),
            "{text}"
        );
    }
}
