//! SVG charts for the HTML appraisal documents: levels by competency (a radar
//! or grouped bars), a team's training needs, and one competency's ratings over
//! time. Owns the geometry and the drawing only: inputs are the plain types
//! below, which the HTML renderer fills from its report model; no I/O.
//!
//! Charts are drawn for paper. Each is one `<svg>` with a `viewBox` and
//! `width="100%"`, so it scales to the page; text takes the page's font; series
//! differ by dash pattern and marker shape as well as colour, so they read in
//! black and white; elements carry classes (`series-self`, `grid-minor`, …) so
//! a stylesheet can restyle them. All text goes through maud, which escapes it.
//! Numbers have at most one decimal, so snapshots are stable.

use std::fmt::{self, Write as _};

use jiff::civil::Date;
use maud::{Markup, Render, html};

pub(crate) use calibration::{Comparison, calibration};
use radar::radar;

/// A scale's levels, lowest first: the level of rank 1 is `levels[0]`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Axis {
    pub levels: Vec<Tick>,
}

/// One level of a scale as a chart shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Tick {
    /// The level's name, e.g. `Level 2`, `C` or `Established`.
    pub label: String,
    /// A mid-point between two described levels (Cherwell's A, C, E, G): a
    /// lighter, dotted gridline and a smaller label.
    pub minor: bool,
}

/// Whose levels a series holds; sets its colour, dash pattern and marker.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum SeriesKind {
    /// The role's required level: black, dashed, hollow squares (drawn on top,
    /// framing any rating at the same level).
    Required,
    /// The person's own rating: blue, solid, dots.
    SelfRating,
    /// The manager's rating: vermilion, dotted, triangles.
    Manager,
    /// A peer's rating: green, dash-dot, diamonds.
    Peer,
}

/// One series of levels: a rank per category, in the categories' order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Series {
    /// The name in the legend, e.g. `Required` or `Self`.
    pub name: String,
    pub kind: SeriesKind,
    /// Ranks on the axis (1 = its first level); `None`, or a value missing at
    /// the end, is unrated. A rank above the axis is drawn at its top.
    pub values: Vec<Option<u32>>,
}

/// A team's training need in one competency.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Need {
    pub label: String,
    /// People rated below the required level.
    pub below: u32,
    /// Levels short, added up over those people.
    pub shortfall: u32,
}

/// One rating of one competency at a date.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Point {
    pub date: Date,
    pub kind: SeriesKind,
    /// The rank on the axis; `None` when the record left it unrated.
    pub rank: Option<u32>,
}

/// Levels by competency, one series per rater: a radar ("skills wheel") for 3
/// to 12 categories, grouped horizontal bars for fewer (a radar needs three
/// spokes) or more (labels would crowd the wheel). An unrated value breaks a
/// radar's outline at its spoke; in bars it is written "not rated".
pub(crate) fn levels(categories: &[String], axis: &Axis, series: &[Series]) -> Markup {
    let n = categories.len();
    let names: Vec<&str> = series.iter().map(|s| s.name.as_str()).collect();
    let mut desc = format!("{} levels for {}", and_list(&names), count(n, "competency"));
    if let (Some(low), Some(high)) = (axis.levels.first(), axis.levels.last()) {
        let _ = write!(desc, ", on a scale from {} to {}", low.label, high.label);
    }
    let gap = series
        .iter()
        .any(|s| (0..n).any(|i| rank_at(s, i, 0).is_none()));
    if gap {
        desc.push_str("; a gap means not rated");
    }
    let wheel = RADAR.contains(&n);
    let looks: Vec<_> = series.iter().map(|s| (s.kind.look(), &*s.name)).collect();
    let (key, top) = legend(&looks, (wheel && gap).then_some(GAP_NOTE), W);
    let (kind, (body, height)) = if wheel {
        ("radar", radar(categories, axis, series, top))
    } else {
        ("bars", bars(categories, axis, series, top))
    };
    let body = html! { (key) (body) };
    frame((kind, W), "Levels by competency", &desc, height, &body)
}

/// Training needs in the order given (most needed first), in two panels side
/// by side: people below the required level and levels short in total, each
/// on its own scale from 0 with whole numbers at its ticks, and each bar's
/// number at its end.
pub(crate) fn needs(items: &[Need]) -> Markup {
    let (body, height, [people, levels]) = needs::panels(items);
    let mut desc = format!(
        "People below the required level and levels short in total, for {}, most needed first",
        count(items.len(), "competency")
    );
    if !items.is_empty() {
        let _ = write!(
            desc,
            "; people on a scale from 0 to {}, levels from 0 to {}",
            people.top(),
            levels.top()
        );
    }
    frame(("needs", W), "Training needs", &desc, height, &body)
}

/// One competency's ratings over time: x proportional to the days between the
/// first and last date (a single date is centred), y by level, one line per
/// kind of rater. An unrated point is left out and breaks its line.
pub(crate) fn history(title: &str, axis: &Axis, points: &[Point]) -> Markup {
    let mut pts = points.to_vec();
    pts.sort_by_key(|p| p.date);
    let mut kinds: Vec<SeriesKind> = pts.iter().map(|p| p.kind).collect();
    kinds.sort();
    kinds.dedup();
    let looks: Vec<_> = kinds.iter().map(|k| (k.look(), k.name())).collect();
    let gap = pts.iter().any(|p| p.rank.is_none());
    let (key, top) = legend(&looks, gap.then_some(GAP_NOTE), HISTORY_W);
    let max = max_rank(axis);
    let (x0, x1) = ((widest(axis).min(120.0) + 16.0).max(50.0), HISTORY_W - 30.0);
    let top = top + 10.0;
    let bottom = top + (f64::from(max.max(1)) * 24.0).max(72.0);
    let first = pts.first().map_or(Date::ZERO, |p| p.date);
    let last = pts.last().map_or(Date::ZERO, |p| p.date);
    // Points stay clear of the level labels and the ends of the gridlines.
    let x = |date| x_for_date(date, first, last, x0 + 12.0, x1 - 12.0);
    let mut dates: Vec<Date> = pts.iter().map(|p| p.date).collect();
    dates.dedup();
    let xs: Vec<f64> = dates.iter().map(|d| x(*d)).collect();
    let mut counts = Vec::new();
    for kind in &kinds {
        let c = pts.iter().filter(|p| p.kind == *kind).count();
        let s = if c == 1 { "" } else { "s" };
        counts.push(format!("{c} {} rating{s}", kind.name().to_lowercase()));
    }
    let desc = if pts.is_empty() {
        "No ratings".to_owned()
    } else {
        format!("{} from {} to {}", and_list(&counts), day(first), day(last))
    };
    let body = html! {
        (key)
        g class="grid" {
            @for (rank, tick) in ticks(axis) {
                @let (y, (class, stroke, dash)) = (y_for_rank(rank, max, top, bottom), grid_style(tick));
                line class=(class) x1=(N(x0)) y1=(N(y)) x2=(N(x1)) y2=(N(y)) stroke=(stroke) stroke-dasharray=[dash] {}
                (level_label(tick, (x0 - 6.0, y + 3.0), "end", None))
            }
            line class="baseline" x1=(N(x0)) y1=(N(bottom)) x2=(N(x1)) y2=(N(bottom)) stroke="#888" {}
        }
        @for kind in kinds.iter().rev() {
            @let line: Vec<_> = pts.iter().filter(|p| p.kind == *kind)
                .map(|p| p.rank.map(|r| (x(p.date), y_for_rank(r, max, top, bottom)))).collect();
            (series_marks(&kind.look(), &line, &open_path(&line)))
        }
        g class="dates" font-size="11.5" text-anchor="middle" {
            @for (i, (date, x)) in dates.iter().zip(&xs).enumerate() {
                line x1=(N(*x)) y1=(N(bottom)) x2=(N(*x)) y2=(N(bottom + 4.0)) stroke="#888" {}
                @if let Some(row) = date_row(&xs, i) {
                    text x=(N(*x)) y=(N(bottom + 15.0 + row * 12.0)) { (day(*date)) }
                }
            }
        }
        @if pts.is_empty() { (note(HISTORY_W, top + 14.0, "No ratings")) }
    };
    frame(("history", HISTORY_W), title, &desc, bottom + 34.0, &body)
}

/// Where spoke `i` of `n` meets `rank` of `max`, around the centre (0, 0);
/// ranks above the top clamp. Spoke 0 is half a spoke's angle clockwise
/// from straight up, and the others follow it clockwise, so that straight up
/// is free for the scale.
pub(crate) fn radar_point(n: usize, i: usize, rank: u32, max: u32, radius: f64) -> (f64, f64) {
    polar(n, fl(i % n.max(1)) + 0.5, rank, max, radius)
}

/// Where the scale's own spoke, straight up between the last spoke and the
/// first, meets `rank` of `max`: no competency's marker is ever on it.
pub(crate) fn radar_scale_point(n: usize, rank: u32, max: u32, radius: f64) -> (f64, f64) {
    polar(n, 0.0, rank, max, radius)
}

/// The point `spoke` spokes' angles of `n` clockwise from straight up (it may
/// fall between two), at `rank` of `max` on a wheel of `radius`.
fn polar(n: usize, spoke: f64, rank: u32, max: u32, radius: f64) -> (f64, f64) {
    if n == 0 || max == 0 {
        return (0.0, 0.0);
    }
    let angle = std::f64::consts::TAU * spoke / fl(n);
    let r = radius * f64::from(rank.min(max)) / f64::from(max);
    (r * angle.sin(), -r * angle.cos())
}

/// The length of a bar for `value` on a scale of `max` drawn `width` long.
pub(crate) fn bar_length(value: u32, max: u32, width: f64) -> f64 {
    width * f64::from(value.min(max)) / f64::from(max.max(1))
}

/// The x of `date` between `first` (at `x0`) and `last` (at `x1`), by days.
pub(crate) fn x_for_date(date: Date, first: Date, last: Date, x0: f64, x1: f64) -> f64 {
    let days = |a: Date, b: Date| f64::from(a.since(b).map_or(0, |span| span.get_days()));
    let span = days(last, first);
    if span <= 0.0 {
        return f64::midpoint(x0, x1);
    }
    x0 + (x1 - x0) * (days(date, first) / span).clamp(0.0, 1.0)
}

/// The y of `rank` of `max` between `top` and `bottom`: each level has an equal
/// band, rank 1 lowest; out-of-range ranks clamp, and with no levels, centre.
pub(crate) fn y_for_rank(rank: u32, max: u32, top: f64, bottom: f64) -> f64 {
    if max == 0 {
        return f64::midpoint(top, bottom);
    }
    bottom - (f64::from(rank.clamp(1, max)) - 0.5) / f64::from(max) * (bottom - top)
}

/// `text` wrapped to `width` characters on at most `max_lines` lines; the flag
/// says whether it was cut short (the last line then ends with `…`).
pub(crate) fn wrap(text: &str, width: usize, max_lines: usize) -> (Vec<String>, bool) {
    let (width, max_lines) = (width.max(2), max_lines.max(1));
    let mut lines: Vec<String> = textwrap::wrap(text, width)
        .into_iter()
        .map(Into::into)
        .collect();
    let cut = lines.len() > max_lines;
    lines.truncate(max_lines);
    if let Some(last) = lines.last_mut().filter(|_| cut) {
        // Make room for the ellipsis, dropping whole words where there are any.
        while last.chars().count() >= width {
            match last.rfind(' ') {
                Some(space) => last.truncate(space),
                None => _ = last.pop(),
            }
        }
        last.truncate(last.trim_end().len());
        last.push('…');
    }
    (lines, cut)
}

/// An SVG path through the points in order; `None` lifts the pen.
pub(crate) fn open_path(points: &[Option<(f64, f64)>]) -> String {
    let mut d = String::new();
    let mut pen = ' ';
    for point in points {
        if let Some((x, y)) = point {
            pen = if pen == ' ' { 'M' } else { 'L' };
            let _ = write!(d, "{pen}{} {} ", N(*x), N(*y));
        } else {
            pen = ' ';
        }
    }
    d.trim_end().to_owned()
}

/// A closed outline through the points when all are present; otherwise open
/// runs between gaps, started just after a gap so no run crosses the seam.
pub(crate) fn cyclic_path(points: &[Option<(f64, f64)>]) -> String {
    match points.iter().position(Option::is_none) {
        None if points.is_empty() => String::new(),
        None => open_path(points) + " Z",
        Some(gap) => open_path(&[&points[gap..], &points[..gap]].concat()),
    }
}

const W: f64 = 600.0;
/// The width of a history chart: narrower, so that beside its table on a
/// page its text keeps a readable size.
const HISTORY_W: f64 = 380.0;
const FONT: f64 = 12.0;
const LINE: f64 = 14.0;
/// Where bars start; category labels are right-aligned before it.
const X0: f64 = 190.0;
const RADAR: std::ops::RangeInclusive<usize> = 3..=12;
const GAP_NOTE: &str = "A gap in a line: not rated";

#[derive(Clone, Copy)]
enum Shape {
    Circle,
    Square,
    Triangle,
    Diamond,
    /// A bar swatch, with its fill's opacity.
    Bar(&'static str),
}

/// How a series is told apart: its class, colour (Okabe–Ito, safe for colour
/// blindness and distinct in grey), dash pattern (`None` = solid) and marker.
struct Look {
    class: Str,
    colour: Str,
    dash: Option<Str>,
    shape: Shape,
}

type Str = &'static str;

impl Look {
    const fn new(class: Str, colour: Str, dash: Option<Str>, shape: Shape) -> Self {
        Self {
            class,
            colour,
            dash,
            shape,
        }
    }
}

const BELOW: Look = Look::new("need-below", "#0072b2", None, Shape::Bar("1"));
const SHORT: Look = Look::new("need-shortfall", "#b84f00", Some("4 2"), Shape::Bar("0.2"));

impl SeriesKind {
    fn look(self) -> Look {
        match self {
            Self::Required => Look::new("series-required", "#111", Some("6 4"), Shape::Square),
            Self::SelfRating => Look::new("series-self", "#0072b2", None, Shape::Circle),
            Self::Manager => Look::new("series-manager", "#d55e00", Some("2 3"), Shape::Triangle),
            Self::Peer => Look::new("series-peer", "#009e73", Some("9 3 2 3"), Shape::Diamond),
        }
    }

    fn name(self) -> &'static str {
        match self {
            Self::Required => "Required",
            Self::SelfRating => "Self",
            Self::Manager => "Manager",
            Self::Peer => "Peer",
        }
    }
}

/// A number with at most one decimal and no `-0`, so snapshots are stable.
struct N(f64);

impl fmt::Display for N {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = format!("{:.1}", self.0);
        let text = text.strip_suffix(".0").unwrap_or(&text);
        f.write_str(if text == "-0" { "0" } else { text })
    }
}

impl Render for N {
    fn render_to(&self, buffer: &mut String) {
        let _ = write!(buffer, "{self}");
    }
}

fn fl(n: usize) -> f64 {
    f64::from(u32::try_from(n).unwrap_or(u32::MAX))
}

fn max_rank(axis: &Axis) -> u32 {
    u32::try_from(axis.levels.len()).unwrap_or(u32::MAX)
}

fn ticks(axis: &Axis) -> impl Iterator<Item = (u32, &Tick)> {
    (1u32..).zip(&axis.levels)
}

fn rank_at(series: &Series, i: usize, max: u32) -> Option<u32> {
    series.values.get(i).copied().flatten().map(|r| r.min(max))
}

/// A generous width of `text` at `size`: enough to keep labels apart.
fn text_width(text: &str, size: f64) -> f64 {
    fl(text.chars().count()) * size * 0.6
}

fn widest(axis: &Axis) -> f64 {
    axis.levels
        .iter()
        .fold(0.0, |w, t| text_width(&t.label, 11.0).max(w))
}

fn count(n: usize, word: &str) -> String {
    match (n, word.strip_suffix('y')) {
        (1, _) => format!("1 {word}"),
        (_, Some(stem)) => format!("{n} {stem}ies"),
        _ => format!("{n} {word}s"),
    }
}

fn and_list(items: &[impl AsRef<str>]) -> String {
    let items: Vec<&str> = items.iter().map(AsRef::as_ref).collect();
    match items.split_last() {
        None => "No".to_owned(),
        Some((last, [])) => (*last).to_owned(),
        Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
    }
}

fn day(date: Date) -> String {
    date.strftime("%-d %b %Y").to_string()
}

/// The `<svg>` of a chart of `kind` drawn `width` wide.
fn frame(
    (kind, width): (&str, f64),
    title: &str,
    desc: &str,
    height: f64,
    body: &Markup,
) -> Markup {
    html! {
        svg xmlns="http://www.w3.org/2000/svg" role="img" class={ "chart chart-" (kind) }
            viewBox={ "0 0 " (N(width)) " " (N(height)) } width="100%" font-family="inherit" {
            title { (title) }
            desc { (desc) }
            (body)
        }
    }
}

/// The legend, flowing onto more rows as needed, then an optional note;
/// returns it with its height.
fn legend(items: &[(Look, &str)], note: Option<&str>, width: f64) -> (Markup, f64) {
    let (mut x, mut y, mut placed) = (10.0, 14.0, Vec::new());
    let entries = items.iter().map(|(l, name)| (Some(l), *name));
    for (look, name) in entries.chain(note.map(|n| (None, n))) {
        let name = wrap(name, 40, 1).0.concat();
        let w = text_width(&name, FONT) + if look.is_some() { 36.0 } else { 0.0 };
        if x > 10.0 && x + w > width - 10.0 {
            (x, y) = (10.0, y + 18.0);
        }
        placed.push((look, name, x, y));
        x += w + 16.0;
    }
    let markup = html! {
        g class="legend" font-size=(N(FONT)) {
            @for (look, name, x, y) in &placed {
                @if let Some(look) = look {
                    g class=(look.class) {
                        @if !matches!(look.shape, Shape::Bar(_)) {
                            line x1=(N(*x)) y1=(N(*y)) x2=(N(x + 28.0)) y2=(N(*y)) stroke=(look.colour) stroke-width="2"
                                stroke-dasharray=[look.dash] {}
                        }
                        (marker(look, x + 14.0, *y))
                    }
                    text x=(N(x + 34.0)) y=(N(y + 4.0)) { (name) }
                } @else {
                    text x=(N(*x)) y=(N(y + 4.0)) font-style="italic" fill="#555" { (name) }
                }
            }
        }
    };
    (markup, if placed.is_empty() { 0.0 } else { y + 12.0 })
}

/// A marker centred on (x, y). The hollow square is larger than the filled
/// shapes and the dot smallest, so markers at one level nest inside each other.
fn marker(look: &Look, x: f64, y: f64) -> Markup {
    const SQUARE: [(f64, f64); 4] = [(-5.5, -5.5), (5.5, -5.5), (5.5, 5.5), (-5.5, 5.5)];
    const TRIANGLE: [(f64, f64); 3] = [(0.0, -6.5), (6.0, 4.0), (-6.0, 4.0)];
    const DIAMOND: [(f64, f64); 4] = [(0.0, -6.5), (6.5, 0.0), (0.0, 6.5), (-6.5, 0.0)];
    let (shape, fill): (&[_], _) = match look.shape {
        Shape::Circle => {
            return html! { circle cx=(N(x)) cy=(N(y)) r="3.5" fill=(look.colour) stroke="#fff" {} };
        }
        Shape::Bar(_) => return bar(look, x - 9.0, y - 5.0, 18.0),
        Shape::Square => (&SQUARE, "none"),
        Shape::Triangle => (&TRIANGLE, look.colour),
        Shape::Diamond => (&DIAMOND, look.colour),
    };
    let shape = points(shape.iter().map(|(dx, dy)| (x + dx, y + dy)));
    html! { polygon points=(shape) fill=(fill) stroke=(look.colour) stroke-width="1.5" {} }
}

fn bar(look: &Look, x: f64, y: f64, len: f64) -> Markup {
    let opacity = match look.shape {
        Shape::Bar(opacity) => opacity,
        _ => "0.25",
    };
    html! {
        rect x=(N(x)) y=(N(y)) width=(N(len)) height="10" fill=(look.colour) fill-opacity=(opacity) stroke=(look.colour)
            stroke-dasharray=[look.dash] {}
    }
}

fn points(pts: impl IntoIterator<Item = (f64, f64)>) -> String {
    let mut out = String::new();
    for (x, y) in pts {
        let _ = write!(out, "{},{} ", N(x), N(y));
    }
    out.trim_end().to_owned()
}

fn series_marks(look: &Look, pts: &[Option<(f64, f64)>], d: &str) -> Markup {
    html! {
        g class={ "series " (look.class) } {
            @if !d.is_empty() {
                path d=(d) fill="none" stroke=(look.colour) stroke-width="2" stroke-linejoin="round"
                    stroke-dasharray=[look.dash] {}
            }
            @for (x, y) in pts.iter().flatten() { (marker(look, *x, *y)) }
        }
    }
}

/// Gridlines and spokes: as dark as WCAG 1.4.11 asks of graphics a reader
/// needs (3.2:1 on white), yet lighter and thinner than any series.
const GRID: &str = "#909090";

/// A gridline's class, colour and dash: mid-points dotted.
fn grid_style(tick: &Tick) -> (&'static str, &'static str, Option<&'static str>) {
    [
        ("grid-major", GRID, None),
        ("grid-minor", GRID, Some("2 3")),
    ][usize::from(tick.minor)]
}

/// A level's label with a white halo, so it reads over lines; `dy` shifts the
/// text off its anchor (x, y), which stays where the level is.
fn level_label(tick: &Tick, (x, y): (f64, f64), anchor: &str, dy: Option<&str>) -> Markup {
    let (class, size, fill) =
        [("level", 12, "#333"), ("level level-minor", 11, "#555")][usize::from(tick.minor)];
    html! {
        text class=(class) x=(N(x)) y=(N(y)) dy=[dy] font-size=(size) fill=(fill) text-anchor=(anchor)
            stroke="#fff" stroke-width="3" paint-order="stroke" { (tick.label) }
    }
}

/// Lines of text from the first baseline `y`; a shortened label keeps its full
/// text as a `<title>` for screen readers and tooltips.
fn text_block(
    (x, y, end): (f64, f64, &str),
    (size, leading): (f64, f64),
    (lines, cut): &(Vec<String>, bool),
    full: &str,
) -> Markup {
    html! {
        text x=(N(x)) y=(N(y)) text-anchor=(end) font-size=(N(size)) {
            @if *cut { title { (full) } }
            @for (i, line) in lines.iter().enumerate() {
                tspan x=(N(x)) dy=(N(if i == 0 { 0.0 } else { leading })) { (line) }
            }
        }
    }
}

/// One row per label from `top`, each with room for `bars` bars and the label
/// wrapped and centred before them: each row's first bar's y and its label,
/// and the bottom.
fn rows(labels: &[&str], bars: usize, top: f64) -> (Vec<(f64, Markup)>, f64) {
    let (mut y, mut rows, stack) = (top, Vec::new(), fl(bars) * 13.0);
    for label in labels {
        let lines = wrap(label, 28, 3);
        let block = fl(lines.0.len()) * LINE;
        let h = stack.max(block) + 16.0;
        let baseline = y + (h - block) / 2.0 + LINE * 0.75;
        rows.push((
            y + (h - stack) / 2.0,
            text_block((X0 - 8.0, baseline, "end"), (FONT, LINE), &lines, label),
        ));
        y += h;
    }
    (rows, if labels.is_empty() { y + 36.0 } else { y })
}

fn note(width: f64, y: f64, text: &str) -> Markup {
    html! { text x=(N(width / 2.0)) y=(N(y)) text-anchor="middle" font-size=(N(FONT)) fill="#555" { (text) } }
}

/// The row of date `i`'s label (0 or 1), or none when it would crowd others:
/// the first and last are always labelled, the last on a second row if close.
fn date_row(xs: &[f64], i: usize) -> Option<f64> {
    const GAP: f64 = 72.0;
    let (first, end) = (*xs.first()?, *xs.last()?);
    if i == 0 || i + 1 == xs.len() {
        return Some(if i > 0 && end - first < GAP { 1.0 } else { 0.0 });
    }
    let fits = |x: f64, shown: f64| x - shown >= GAP && end - x >= GAP;
    let mut shown = first;
    for &x in xs.get(1..i)? {
        shown = if fits(x, shown) { x } else { shown };
    }
    xs.get(i).filter(|x| fits(**x, shown)).map(|_| 0.0)
}

fn bars(categories: &[String], axis: &Axis, series: &[Series], top: f64) -> (Markup, f64) {
    let max = max_rank(axis);
    let widest = widest(axis).min(160.0);
    // Room on the right for half the last level's label, centred on its line.
    let plot = W - X0 - 8.0 - (widest / 2.0).max(8.0);
    let stagger = widest + 6.0 > bar_length(1, max, plot);
    let axis_y = top + if stagger { 30.0 } else { 18.0 };
    let labels: Vec<&str> = categories.iter().map(String::as_str).collect();
    let (rows, bottom) = rows(&labels, series.len(), axis_y + 4.0);
    let body = html! {
        g class="grid" {
            @for (rank, tick) in ticks(axis) {
                @let (x, (class, stroke, dash)) = (X0 + bar_length(rank, max, plot), grid_style(tick));
                line class=(class) x1=(N(x)) y1=(N(axis_y)) x2=(N(x)) y2=(N(bottom)) stroke=(stroke) stroke-dasharray=[dash] {}
                (level_label(tick, (x, axis_y - if stagger && rank % 2 == 1 { 18.0 } else { 6.0 }), "middle", None))
            }
            line class="baseline" x1=(N(X0)) y1=(N(axis_y)) x2=(N(X0)) y2=(N(bottom)) stroke="#888" {}
        }
        @if categories.is_empty() { (note(W, axis_y + 24.0, "No competencies to show")) }
        @for (i, (y, label)) in rows.iter().enumerate() {
            (label)
            @for (j, s) in series.iter().enumerate() {
                @let (look, y) = (s.kind.look(), y + 13.0 * fl(j));
                g class={ "series " (look.class) } {
                    @if let Some(rank) = rank_at(s, i, max) {
                        @let len = bar_length(rank, max, plot);
                        (bar(&look, X0, y, len))
                        (marker(&look, X0 + len, y + 5.0))
                    } @else {
                        text x=(N(X0 + 6.0)) y=(N(y + 8.5)) font-size="10.5" font-style="italic" fill="#555" {
                            (s.name) ": not rated"
                        }
                    }
                }
            }
        }
    };
    (body, bottom + 8.0)
}

mod calibration;
mod needs;
mod radar;
#[cfg(test)]
mod tests;
