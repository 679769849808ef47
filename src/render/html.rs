//! HTML documents for `plan` (the appraisal pack), `gap`, `team` and
//! `history`: one self-contained file each, with its CSS and SVG charts
//! inline, no script and nothing fetched, printable on A4 from any browser.
//!
//! This module owns the page shell and the print stylesheet, and the pieces
//! the reports share (a status as symbol, word and colour; levels as people
//! read them; a scale as a chart's axis; dates in words). All markup goes
//! through maud, which escapes every text it is given: a person's evidence
//! appears as text, never as markup. The one string inserted unescaped is the
//! stylesheet below, a constant.

pub(crate) mod calibrate;
pub(crate) mod gap;
pub(crate) mod history;
pub(crate) mod plan;
pub(crate) mod review;
pub(crate) mod team;

use maud::{DOCTYPE, Markup, PreEscaped, html};

use super::chart::{Axis, Tick};
use crate::model::Framework;
use crate::report::Standing;
use crate::text::escape_controls;

/// The stylesheet of every document: screen and print (A4). A status never
/// relies on colour alone: each has a symbol and a word, and the colours
/// differ in lightness, so a black-and-white printout reads the same.
const CSS: &str = r#"
@page { size: A4; margin: 14mm 13mm 15mm; }
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { font-family: "Segoe UI", "Helvetica Neue", Arial, "Liberation Sans", "DejaVu Sans", sans-serif;
  font-size: 10.5pt; line-height: 1.4; color: #111; background: #fff;
  max-width: 184mm; margin: 0 auto; padding: 10mm 4mm; }
@media print { body { max-width: none; padding: 0; } }
h1 { font-size: 18pt; line-height: 1.2; margin: 0 0 6pt; }
h2 { font-size: 13.5pt; margin: 16pt 0 6pt; padding-bottom: 2pt; border-bottom: 1.5pt solid #111; }
h3 { font-size: 11.5pt; margin: 12pt 0 4pt; }
h4 { font-size: 10.5pt; margin: 8pt 0 2pt; }
h1, h2, h3, h4 { break-after: avoid; page-break-after: avoid; }
table, figure, .keep { break-inside: avoid; page-break-inside: avoid; }
p, ul { margin: 3pt 0 6pt; }
table { border-collapse: collapse; width: 100%; margin: 4pt 0 8pt; }
th, td { border: 0.75pt solid #777; padding: 2.5pt 5pt; text-align: left; vertical-align: top; }
thead th { background: #e8e8e8; font-weight: 600; }
td.level, th.level { text-align: center; white-space: nowrap; }
.facts th { width: 28%; background: #f3f3f3; font-weight: 600; }
.facts ul { margin: 0; padding-left: 1.1em; }
.status { white-space: nowrap; font-weight: 600; }
.below { background: #f5b98a; } .meets { background: #d3ebd8; } .exceeds { background: #b7d9ef; }
.unrated { background: #ececec; } .not-applicable, .not-required { background: #fff; color: #555; }
.flag { display: inline-block; margin-left: 4pt; padding: 0 3pt; border: 0.75pt solid #111;
  font-size: 8.5pt; font-weight: 600; white-space: nowrap; }
.key { font-size: 9pt; color: #333; }
.key span { display: inline-block; margin-right: 8pt; padding: 0 3pt; }
.muted { color: #555; }
.below .muted, .below .role { color: #222; }
.note { border-left: 2.5pt solid #777; padding: 1pt 0 1pt 7pt; margin: 6pt 0; }
figure { margin: 6pt 0 8pt; }
figure svg { display: block; width: 100%; max-width: 160mm; height: auto; margin: 0 auto; }
figure svg.chart-radar { max-width: 128mm; }
figure svg.chart-needs { max-width: 150mm; }
figure svg.chart-history { max-width: none; }
figcaption { font-size: 9pt; color: #444; text-align: center; margin-top: 2pt; }
.pair { display: grid; grid-template-columns: minmax(0, 11fr) minmax(0, 9fr); gap: 4mm; align-items: start; }
.pair table { font-size: 9pt; }
td.date { white-space: nowrap; }
.pair figure { margin-top: 0; }
blockquote { margin: 2pt 0 4pt 0; padding-left: 7pt; border-left: 2pt solid #bbb; }
ul.todo { list-style: none; padding-left: 0; }
ul.todo li { position: relative; padding-left: 1.6em; margin-bottom: 2pt; }
ul.todo li::before { content: ""; position: absolute; left: 0.15em; top: 0.22em; width: 0.8em; height: 0.8em;
  border: 1.2pt solid #111; border-radius: 1.5pt; background: #fff; }
.ticked { font-size: 9pt; font-style: italic; color: #333; }
ul.lost { list-style: none; padding-left: 1.6em; color: #444; }
.contra { display: block; font-size: 9pt; font-weight: normal; margin-top: 1pt; }
table.write td { height: 10mm; }
table.sign td, table.sign tbody th { height: 13mm; vertical-align: bottom; }
table.sign th { width: 18%; }
.fill { display: inline-block; min-width: 45mm; border-bottom: 0.75pt solid #111; height: 1.1em; }
table.heatmap { font-size: 9pt; }
table.heatmap th, table.heatmap td { padding: 2pt 3pt; }
table.heatmap thead th { font-size: 8pt; font-weight: 600; vertical-align: bottom; }
table.heatmap th.person { min-width: 30mm; }
table.heatmap.many thead th.competency { writing-mode: vertical-rl; transform: rotate(180deg);
  text-align: left; vertical-align: middle; max-height: 42mm; padding: 3pt 1pt; }
table.heatmap td { text-align: center; white-space: nowrap; }
table.heatmap td.person, table.heatmap th[scope=row] { text-align: left; white-space: normal; background: none; }
table.heatmap tr.required td, table.heatmap tr.required th { background: #f3f3f3; font-style: italic; }
.role { display: block; font-size: 8pt; color: #444; font-weight: normal; }
footer { margin-top: 14pt; font-size: 8.5pt; color: #555; border-top: 0.75pt solid #aaa; padding-top: 3pt; }
td, th, li, p, figcaption, footer { overflow-wrap: break-word; }
.scroll { overflow-x: auto; position: relative; }
h2.sub { font-size: 11.5pt; margin: 12pt 0 4pt; padding-bottom: 0; border-bottom: none; }
.vh { position: absolute; width: 1px; height: 1px; margin: -1px; padding: 0; overflow: hidden;
  clip: rect(0 0 0 0); white-space: nowrap; border: 0; }
.scroll:focus-visible { outline: 2pt solid #1d4f91; outline-offset: 1pt; }
@media screen and (max-width: 640px) {
  body { padding: 4mm 3mm; }
  .pair { grid-template-columns: minmax(0, 1fr); }
  table.heatmap.many thead th.competency { writing-mode: horizontal-tb; transform: none; }
}
"#;

/// A whole document: the shell, the stylesheet, the body.
pub(crate) fn page(title: &str, body: &Markup) -> String {
    let document = html! {
        (DOCTYPE)
        html lang="en-GB" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (text(title)) }
                style { (PreEscaped(CSS)) }
            }
            body { main { (body) } }
        }
    }
    .into_string();
    scrolling_tables(&document) + "\n"
}

/// Each table in a box of its own that scrolls sideways when the screen is
/// narrower than the table (WCAG 1.4.10: the page itself never does), and
/// that a keyboard can reach and scroll (a focusable region). Text in the
/// document is escaped, so `<table` and `</table>` are only ever tags.
fn scrolling_tables(document: &str) -> String {
    const OPEN: &str = r#"<div class="scroll" role="region" tabindex="0" aria-label="Table, scrolls sideways on a narrow screen">"#;
    document
        .replace("<table", &format!("{OPEN}<table"))
        .replace("</table>", "</table></div>")
}

/// User or file text as a document shows it: control characters written
/// out (`\u{1b}`), as every other output does; maud escapes the rest.
pub(super) fn text(value: &str) -> String {
    escape_controls(value).into_owned()
}

/// The symbol of a status, for the heatmap and the status cells.
pub(super) fn symbol(status: Standing) -> &'static str {
    match status {
        Standing::Below => "▼",
        Standing::Meets => "✓",
        Standing::Exceeds => "▲",
        Standing::Unrated => "–",
        Standing::NotApplicable => "n/a",
        Standing::NotRequired => "·",
    }
}

/// The word of a status, as people say it.
pub(super) fn word(status: Standing) -> &'static str {
    match status {
        Standing::Below => "below",
        Standing::Meets => "meets",
        Standing::Exceeds => "exceeds",
        Standing::Unrated => "not rated",
        Standing::NotApplicable => "not assessed (marked not applicable)",
        Standing::NotRequired => "not required",
    }
}

/// A status as symbol, word and colour.
pub(super) fn status(status: Standing) -> Markup {
    html! {
        span class={ "status " (status.as_str()) } { (symbol(status)) " " (word(status)) }
    }
}

/// The key to the symbols.
pub(super) fn status_key() -> Markup {
    html! {
        p class="key" {
            "Key: "
            @for s in [Standing::Meets, Standing::Exceeds, Standing::Below, Standing::Unrated, Standing::NotRequired] {
                span class=(s.as_str()) { (symbol(s)) " " (word(s)) }
            }
        }
    }
}

/// A level as a document shows it: a short code as it is (`3`, `D`), a
/// word-like code by its label (`Established`); never marked up as code.
pub(super) fn level(framework: &Framework, code: &str) -> String {
    match framework.scale.level(code) {
        Some(level) if code.chars().count() > 2 => text(&level.label),
        _ => text(code),
    }
}

/// What the short codes of a scale stand for, when their labels say more
/// than `Level 3` (`1 Rarely shown, 2 Sometimes shown, …`).
pub(super) fn level_key(framework: &Framework) -> Option<Markup> {
    let levels = &framework.scale.levels;
    let telling = levels.iter().any(|l| {
        l.code.chars().count() <= 2 && l.label != l.code && l.label != format!("Level {}", l.code)
    });
    telling.then(|| {
        html! {
            p class="key" {
                "Levels: "
                @for (i, l) in levels.iter().enumerate() {
                    @if i > 0 { ", " }
                    (text(&l.code)) " " (text(&l.label))
                }
            }
        }
    })
}

/// The scale as a chart's axis: its labels, lowest first. A level no
/// indicator describes, between levels that have some, is a mid-point
/// (Cherwell's A, C, E and G): a minor tick.
pub(super) fn axis(framework: &Framework) -> Axis {
    let described = |code: &str| framework.describes(code);
    let any = framework.scale.levels.iter().any(|l| described(&l.code));
    Axis {
        levels: framework
            .scale
            .levels
            .iter()
            .map(|l| Tick {
                label: text(&l.label),
                minor: any && !described(&l.code),
            })
            .collect(),
    }
}

/// The rank of a level code on the framework's scale.
pub(super) fn rank(framework: &Framework, code: Option<&str>) -> Option<u32> {
    code.and_then(|c| framework.scale.rank(c))
}

/// `2026-10-02` as `2 October 2026`; anything else as it is.
pub(super) fn long_date(day: &str) -> String {
    const MONTHS: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    match crate::record::rules::strict_date(day) {
        Some(date) => {
            let month = usize::try_from(date.month() - 1)
                .ok()
                .and_then(|m| MONTHS.get(m))
                .copied()
                .unwrap_or("");
            format!("{} {month} {}", date.day(), date.year())
        }
        None => text(day),
    }
}

/// A chart with its caption, which points to the table that gives the same
/// figures (the chart's own text alternative is its `<title>` and `<desc>`).
pub(super) fn figure(chart: &Markup, caption: &str) -> Markup {
    html! {
        figure { (chart) figcaption { (caption) } }
    }
}

/// A line to write on.
pub(super) fn fill() -> Markup {
    html! { span class="fill" {} }
}

/// A gap in levels: `+1`, `0`, `−2`, or `–` with none.
pub(super) fn gap_text(gap: Option<i64>) -> String {
    match gap {
        Some(g) if g > 0 => format!("+{g}"),
        Some(g) if g < 0 => format!("−{}", g.unsigned_abs()),
        Some(_) => "0".to_owned(),
        None => "–".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Catalog;

    #[test]
    fn mid_points_are_the_levels_no_indicator_describes() {
        let catalog = Catalog::bundled();
        let minor = |id: &str| -> Vec<String> {
            let f = catalog.framework(id).unwrap();
            axis(f)
                .levels
                .into_iter()
                .filter(|t| t.minor)
                .map(|t| t.label)
                .collect()
        };
        assert_eq!(minor("cherwell-snc"), ["A", "C", "E", "G"]);
        assert!(minor("wdcvs").is_empty() && minor("sssc-clf").is_empty());
        // A scale added for rating describes no level: none is a mid-point.
        assert!(minor("ombudsman").is_empty());
    }

    #[test]
    fn levels_read_as_people_say_them() {
        let catalog = Catalog::bundled();
        let sssc = catalog.framework("sssc-clf").unwrap();
        let wdcvs = catalog.framework("wdcvs").unwrap();
        let ombudsman = catalog.framework("ombudsman").unwrap();
        assert_eq!(level(sssc, "established"), "Established");
        assert_eq!(level(wdcvs, "3"), "3");
        assert!(level_key(wdcvs).is_none() && level_key(sssc).is_none());
        let key = level_key(ombudsman).unwrap().into_string();
        assert!(key.contains("1 Rarely shown") && key.contains("4 Consistently shown"));
    }

    #[test]
    fn dates_are_written_in_words_and_gaps_with_a_minus_sign() {
        assert_eq!(long_date("2026-10-02"), "2 October 2026");
        assert_eq!(long_date("soon"), "soon");
        assert_eq!(
            [
                gap_text(Some(2)),
                gap_text(Some(-1)),
                gap_text(Some(0)),
                gap_text(None)
            ],
            ["+2", "−1", "0", "–"]
        );
    }

    #[test]
    fn the_page_is_a_whole_document_with_its_title_escaped() {
        let page = page("<b>Jo</b>", &html! { p { "x" } });
        assert!(page.starts_with("<!DOCTYPE html><html lang=\"en-GB\">"));
        assert!(page.contains("<title>&lt;b&gt;Jo&lt;/b&gt;</title>"));
        assert!(page.contains("@page { size: A4"));
        assert!(!page.contains("<script"));
    }
}
