//! Tables for the terminal: the project's look, and on a terminal a layout
//! that breaks lines between words and after the hyphens of ids
//! (`community-` / `link-worker`), never inside a word or a date, whenever
//! the table can fit that way. comfy-table draws the borders; when even the
//! longest words do not fit side by side, its own wrapping takes over.

use std::fmt;

use comfy_table::{Cell, Color, ContentArrangement, Table, presets};
use textwrap::core::display_width;

use super::Style;
use crate::text::escape_controls;

/// One cell: its text (control characters already escaped) and colour.
#[derive(Clone, Debug)]
pub(crate) struct GridCell {
    text: String,
    color: Option<Color>,
}

impl GridCell {
    /// A cell showing `text`, control characters escaped so that the table
    /// measures what is shown.
    pub(crate) fn new(text: &str) -> Self {
        GridCell {
            text: escape_controls(text).into_owned(),
            color: None,
        }
    }

    /// The cell in colour (used only where colour is on).
    #[must_use]
    pub(crate) fn fg(mut self, color: Color) -> Self {
        self.color = Some(color);
        self
    }
}

/// A table being filled; drawn by `Display`.
pub(crate) struct Grid {
    style: Style,
    header: Vec<GridCell>,
    rows: Vec<Vec<GridCell>>,
}

impl Grid {
    pub(crate) fn new(style: Style, header: &[&str]) -> Self {
        Grid {
            style,
            header: header.iter().map(|h| GridCell::new(h)).collect(),
            rows: Vec::new(),
        }
    }

    pub(crate) fn add_row(&mut self, cells: Vec<GridCell>) -> &mut Self {
        self.rows.push(cells);
        self
    }

    /// Whether, on a terminal, every word fits whole in its column (always,
    /// elsewhere: nothing is wrapped there).
    pub(crate) fn fits_whole_words(&self) -> bool {
        !self.style.terminal
            || widths(&self.columns(), usize::from(self.style.width)).is_some_and(|w| w.whole_words)
    }

    /// Each column's texts, header first.
    fn columns(&self) -> Vec<Vec<&str>> {
        (0..self.header.len())
            .map(|i| {
                std::iter::once(&self.header)
                    .chain(&self.rows)
                    .filter_map(|row| row.get(i).map(|c| c.text.as_str()))
                    .collect()
            })
            .collect()
    }

    /// The comfy-table that draws it: on a terminal with the widths chosen
    /// here, and each cell wrapped to its column.
    fn build(&self) -> Table {
        let mut table = Table::new();
        table.load_style(presets::UTF8_FULL_CONDENSED);
        if !self.style.terminal {
            table
                .set_content_arrangement(ContentArrangement::Disabled)
                .force_no_tty();
            fill(&mut table, &self.header, &self.rows, None);
            return table;
        }
        if let Some(layout) = widths(&self.columns(), usize::from(self.style.width)) {
            table.set_content_arrangement(ContentArrangement::Disabled);
            fill(&mut table, &self.header, &self.rows, Some(&layout.widths));
        } else {
            table
                .set_content_arrangement(ContentArrangement::Dynamic)
                .set_width(self.style.width);
            fill(&mut table, &self.header, &self.rows, None);
        }
        table
    }
}

impl fmt::Display for Grid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.build())
    }
}

/// Put the cells in `table`, wrapped to `widths` when given.
fn fill(table: &mut Table, header: &[GridCell], rows: &[Vec<GridCell>], widths: Option<&[usize]>) {
    let cell = |i: usize, c: &GridCell| {
        let text = match widths.and_then(|w| w.get(i)) {
            Some(&width) => wrap(&c.text, width),
            None => c.text.clone(),
        };
        let cell = Cell::new(text);
        match c.color {
            Some(color) => cell.fg(color),
            None => cell,
        }
    };
    table.set_header(header.iter().enumerate().map(|(i, c)| cell(i, c)));
    for row in rows {
        table.add_row(row.iter().enumerate().map(|(i, c)| cell(i, c)));
    }
}

/// Where a word may break: after a hyphen between two letters (`link-worker`),
/// so dates (`2026-03-10`) and numbers (`-2`) stay whole.
fn after_hyphens(word: &str) -> Vec<usize> {
    let mut points = Vec::new();
    let mut chars = word.char_indices().peekable();
    let mut before: Option<char> = None;
    while let Some((i, c)) = chars.next() {
        if c == '-'
            && before.is_some_and(char::is_alphabetic)
            && chars.peek().is_some_and(|&(_, next)| next.is_alphabetic())
        {
            points.push(i + 1);
        }
        before = Some(c);
    }
    points
}

/// The widest piece of `text` that cannot be broken.
fn unbreakable(text: &str) -> usize {
    text.split_whitespace()
        .map(|word| {
            let mut widest = 0;
            let mut start = 0;
            for end in after_hyphens(word).into_iter().chain([word.len()]) {
                widest = widest.max(display_width(&word[start..end]));
                start = end;
            }
            widest
        })
        .max()
        .unwrap_or(0)
}

/// The widest line of `text` as it is.
fn widest_line(text: &str) -> usize {
    text.lines().map(display_width).max().unwrap_or(0)
}

/// `text` wrapped to `width`, between words and after hyphens.
fn wrap(text: &str, width: usize) -> String {
    let options = textwrap::Options::new(width.max(1))
        .word_splitter(textwrap::WordSplitter::Custom(after_hyphens))
        .break_words(true);
    textwrap::fill(text, options)
}

/// Column widths (of content), and whether every word fits whole.
#[derive(Debug, PartialEq, Eq)]
struct Layout {
    widths: Vec<usize>,
    whole_words: bool,
}

/// Column widths for a table `total` columns wide: each column at least its
/// widest unbreakable piece, the room left shared by how much more each
/// would like. When the pieces do not fit side by side, the widest are cut
/// to one width (as wide as fits) and broken there; `None` when even that
/// leaves less than 3 columns of text each.
fn widths(columns: &[Vec<&str>], total: usize) -> Option<Layout> {
    // Borders and padding: `│ a ┆ b │` is 3 per column and 1 more.
    let room = total.checked_sub(3 * columns.len() + 1)?;
    let wanted: Vec<usize> = columns
        .iter()
        .map(|c| c.iter().map(|t| widest_line(t)).max().unwrap_or(0).max(1))
        .collect();
    if wanted.iter().sum::<usize>() <= room {
        return Some(Layout {
            widths: wanted,
            whole_words: true,
        });
    }
    let mut least: Vec<usize> = columns
        .iter()
        .zip(&wanted)
        .map(|(c, &w)| {
            c.iter()
                .map(|t| unbreakable(t))
                .max()
                .unwrap_or(0)
                .clamp(1, w)
        })
        .collect();
    let whole_words = least.iter().sum::<usize>() <= room;
    if !whole_words {
        // The widest cap that fits: columns narrower than it keep their words.
        let fits = |cap: usize| least.iter().map(|&l| l.min(cap)).sum::<usize>() <= room;
        let cap = (3..=least.iter().copied().max().unwrap_or(0))
            .take_while(|&cap| fits(cap))
            .last()?;
        for l in &mut least {
            *l = (*l).min(cap);
        }
    }
    let mut left = room - least.iter().sum::<usize>();
    let mut widths = least;
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
    Some(Layout {
        widths,
        whole_words,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terminal(width: u16) -> Style {
        Style {
            terminal: true,
            color: false,
            width,
        }
    }

    #[test]
    fn words_break_after_the_hyphens_of_ids_but_dates_and_numbers_stay_whole() {
        assert_eq!(after_hyphens("community-link-worker"), vec![10, 15]);
        assert!(after_hyphens("2026-03-10").is_empty());
        assert!(after_hyphens("-2").is_empty());
        assert_eq!(unbreakable("community-link-worker 2026-03-10"), 10);
        assert_eq!(wrap("community-link-worker", 12), "community-\nlink-worker");
    }

    #[test]
    fn widths_fit_the_terminal_and_never_go_below_the_longest_word() {
        let columns = vec![
            vec!["person", "Alex Morgan (alex-morgan)"],
            vec!["role", "community-link-worker"],
            vec!["last self", "2026-03-10"],
            vec!["outstanding", "self, manager, sign-off"],
        ];
        let layout = widths(&columns, 60).unwrap();
        let w = &layout.widths;
        assert!(layout.whole_words);
        assert!(w.iter().sum::<usize>() + 3 * 4 < 60, "{w:?}");
        assert!(w[2] >= 10 && w[3] >= "manager,".len(), "{w:?}");
        // Wide enough: every column as wide as it wants.
        assert_eq!(widths(&columns, 200).unwrap().widths, vec![25, 21, 10, 23]);
        // Too narrow for the longest words side by side: the widest are cut
        // to one width, the narrow ones keep theirs.
        let cut = widths(&columns, 34).unwrap();
        assert!(!cut.whole_words);
        assert!(cut.widths.iter().sum::<usize>() + 3 * 4 < 34, "{cut:?}");
        assert!(cut.widths[1] < "community-".len(), "{cut:?}");
        // Not even 3 columns of text each: comfy-table decides.
        assert_eq!(widths(&columns, 20), None);
    }

    #[test]
    fn a_table_on_a_narrow_terminal_keeps_its_lines_within_it_and_its_words_whole() {
        let mut grid = Grid::new(
            terminal(60),
            &["person", "role", "last self", "outstanding"],
        );
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
        let text = grid.to_string();
        let lines: Vec<&str> = text.lines().collect();
        let width = display_width(lines[0]);
        assert!(width <= 60, "{text}");
        assert!(lines.iter().all(|l| display_width(l) == width), "{text}");
        assert!(text.contains("2026-03-10"), "{text}");
        assert!(text.contains("community-"), "{text}");
        assert!(
            !text.contains("communit\n") && !text.contains("sign-\n"),
            "{text}"
        );
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
