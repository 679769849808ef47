//! HTML documents for `plan` (the appraisal pack), `gap`, `team` and
//! `history`: one self-contained file each, with its CSS and SVG charts
//! inline, no script and nothing fetched, printable on A4 from any browser.
//!
//! This module owns the page shell and the print stylesheet, and the pieces
//! the reports share (a status as symbol, word and colour; levels as people
//! read them; a scale as a chart's axis; dates in words). All markup goes
//! through maud, which escapes every text it is given: a person's evidence
//! appears as text, never as markup. The one string inserted unescaped is the
//! stylesheet: the constant below, and the printed page's running header and
//! footer, whose texts are CSS strings with every character but a letter,
//! a digit or a space written as an escape ([`css_string`]).
//!
//! Every document holds personal data (names and ratings): each says so at
//! its top and, printed, in the header of every page, beside its title; the
//! footer of every page gives the day it was made and "Page n of m" (CSS
//! page margin boxes, which Chromium prints from version 131).

pub(crate) mod calibrate;
pub(crate) mod gap;
pub(crate) mod history;
pub(crate) mod plan;
pub(crate) mod review;
pub(crate) mod team;

use std::fmt::Write as _;

use maud::{DOCTYPE, Markup, PreEscaped, html};

use super::chart::{Axis, Tick};
use crate::model::Framework;
use crate::report::Standing;
use crate::text::escape_controls;

/// The stylesheet of every document: screen and print (A4). A status never
/// relies on colour alone: each has a symbol and a word, and the colours
/// differ in lightness, so a black-and-white printout reads the same.
const CSS: &str = r#"
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
table, figure, .keep, ul.strengths > li, blockquote, tr { break-inside: avoid; page-break-inside: avoid; }
thead { display: table-header-group; }
.marking { font-size: 9pt; font-weight: 600; letter-spacing: 0.02em; margin: 0 0 4pt; }
.box { border: 0.75pt solid #777; height: 34mm; margin: 2pt 0 8pt; padding: 2pt 5pt; }
.box .hint { font-size: 9pt; color: #444; margin: 0; }
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
table.heatmap { break-inside: auto; page-break-inside: auto; }
@page wide { size: A4 landscape; }
@media print {
  section.team.wide > .map { page: wide; }
  table.heatmap td { white-space: normal; }
  .scroll { overflow: visible; }
}
table.heatmap td.person, table.heatmap th[scope=row] { text-align: left; white-space: normal; background: none; }
table.heatmap tr.required td, table.heatmap tr.required th { background: #f3f3f3; font-style: italic; }
.role { display: block; font-size: 8pt; color: #444; font-weight: normal; }
footer { margin-top: 14pt; font-size: 8.5pt; color: #555; border-top: 0.75pt solid #aaa; padding-top: 3pt; }
td, th, li, p, h1, h2, h3, h4, blockquote, figcaption, footer, caption { overflow-wrap: break-word; }
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

/// What every document says of itself: it holds personal data.
pub(crate) const MARKING: &str = "Confidential — personal data";

/// A whole document: the shell, the stylesheet, the body. `title` names the
/// document (whose it is, of what, when) in the browser, in the PDF and at
/// the top of every printed page.
pub(crate) fn page(title: &str, body: &Markup) -> String {
    let document = html! {
        (DOCTYPE)
        html lang="en-GB" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (text(title)) }
                style { (PreEscaped(CSS)) (PreEscaped(printed_page(title))) }
            }
            body {
                main {
                    p class="marking" { (MARKING) }
                    (body)
                }
            }
        }
    }
    .into_string();
    breakable(&scrolling_tables(&document)) + "\n"
}

/// The most characters a run of text without a space or a hyphen (after
/// which a browser may break a line) holds before the document offers the
/// browser a place to break it (`<wbr>`): a path, a URL or a hostile run of
/// letters wraps inside its table cell and the A4 page instead of widening
/// them. Words are shorter (`constructive/challenging` is 24) and never split.
const LONGEST_RUN: usize = 24;

/// [`LONGEST_RUN`] in a table cell, whose shortest width is its longest
/// run: a table of names and ids fits beside a chart on A4. Words are
/// shorter (`responsibilities` is 16).
const LONGEST_RUN_IN_CELL: usize = 16;

/// `document` with a `<wbr>` after every [`LONGEST_RUN`] characters of a run
/// of text without a space or hyphen: in the text between tags only, an entity
/// (`&amp;`) counted as one character and never split, and nothing changed
/// in the stylesheet, the title or a chart (whose labels are SVG text,
/// wrapped by the chart). Text in the document is escaped, so `<` and `>`
/// are only ever the ends of tags.
fn breakable(document: &str) -> String {
    let mut out = String::with_capacity(document.len() + document.len() / 16);
    let mut rest = document;
    let mut cells = 0usize;
    let named = |tag: &str, name: &str| {
        tag.strip_prefix(name)
            .is_some_and(|t| t.starts_with(['>', ' ']))
    };
    while let Some(open) = rest.find('<') {
        let (text, tagged) = rest.split_at(open);
        let longest = if cells > 0 {
            LONGEST_RUN_IN_CELL
        } else {
            LONGEST_RUN
        };
        break_runs(text, longest, &mut out);
        let Some(close) = tagged.find('>') else {
            out.push_str(tagged);
            return out;
        };
        let (tag, after) = tagged.split_at(close + 1);
        out.push_str(tag);
        rest = after;
        if named(tag, "<td") || named(tag, "<th") {
            cells += 1;
        } else if named(tag, "</td") || named(tag, "</th") {
            cells = cells.saturating_sub(1);
        }
        // Elements whose text is not the page's flowing text: kept whole.
        for name in ["style", "title", "svg"] {
            let opens = tag
                .strip_prefix('<')
                .and_then(|t| t.strip_prefix(name))
                .is_some_and(|t| t.starts_with(['>', ' ']));
            if opens {
                let end = format!("</{name}>");
                let until = rest.find(&end).map_or(rest.len(), |i| i + end.len());
                let (kept, after) = rest.split_at(until);
                out.push_str(kept);
                rest = after;
            }
        }
    }
    break_runs(rest, LONGEST_RUN, &mut out);
    out
}

/// Text between two tags, with `<wbr>` in each run longer than `longest`.
fn break_runs(text: &str, longest: usize, out: &mut String) {
    let mut run = 0;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c.is_whitespace() || c == '-' {
            run = 0;
            out.push(c);
            continue;
        }
        if run == longest {
            out.push_str("<wbr>");
            run = 0;
        }
        run += 1;
        if c == '&' {
            // An entity is one character: copied whole.
            let entity = text[i..]
                .find(';')
                .filter(|&e| e <= 10)
                .map_or(1, |e| e + 1);
            out.push_str(&text[i..i + entity]);
            for _ in 1..text[i..i + entity].chars().count() {
                chars.next();
            }
        } else {
            out.push(c);
        }
    }
}

/// The printed page: A4, its margins, and in them the marking and the
/// document's title at the top of every page, the day it was made and the
/// page's number of all at the foot (`Page 2 of 4`). The first page's
/// marking is the document's own first line, which a browser without margin
/// boxes prints too.
fn printed_page(title: &str) -> String {
    let small = "font-family: Arial, \"Liberation Sans\", \"DejaVu Sans\", sans-serif; font-size: 8pt; color: #333;";
    format!(
        "@page {{ size: A4; margin: 17mm 13mm 16mm;\n\
         \x20 @top-left {{ content: {marking}; {small} font-weight: 600; vertical-align: bottom; }}\n\
         \x20 @top-right {{ content: {title}; {small} text-align: right; vertical-align: bottom; }}\n\
         \x20 @bottom-left {{ content: {made}; {small} vertical-align: top; }}\n\
         \x20 @bottom-right {{ content: \"Page \" counter(page) \" of \" counter(pages); {small} text-align: right; vertical-align: top; }}\n\
         }}\n\
         @page :first {{ @top-left {{ content: none; }} }}\n",
        marking = css_string(MARKING),
        title = css_string(&shortened(&text(title), RUNNING_TITLE)),
        made = css_string(&format!(
            "Made on {}",
            long_date(&super::made_on().to_string())
        )),
    )
}

/// The most characters of a title the top of a printed page shows (about
/// half the width of A4 at 8 pt); a longer one ends in `…`.
const RUNNING_TITLE: usize = 70;

/// `value` cut to `most` characters, the last of them `…`, when longer.
fn shortened(value: &str, most: usize) -> String {
    if value.chars().count() <= most {
        return value.to_owned();
    }
    let mut cut: String = value.chars().take(most.saturating_sub(1)).collect();
    cut.push('…');
    cut
}

/// `value` as a quoted CSS string in which nothing but letters, digits and
/// spaces is written as itself: every other character is a hexadecimal
/// escape, so no text can end the string, the rule or the `<style>`.
fn css_string(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 2);
    out.push('"');
    for c in value.chars() {
        if c.is_ascii_alphanumeric() || c == ' ' {
            out.push(c);
        } else {
            // The space ends the escape; it is not part of the text.
            let _ = write!(out, "\\{:x} ", u32::from(c));
        }
    }
    out.push('"');
    out
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
    match crate::record::rules::strict_date(day) {
        Some(date) => date.strftime("%-d %B %Y").to_string(),
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

/// A chart tied to the table that gives its figures (`aria-describedby`),
/// by the table's `id`, which the document makes (never from user text).
pub(super) fn described_by(chart: &Markup, table: &str) -> Markup {
    PreEscaped(
        chart
            .0
            .replacen("<svg ", &format!("<svg aria-describedby=\"{table}\" "), 1),
    )
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
    fn a_long_run_is_offered_breaks_and_nothing_else_changes() {
        let run = "a".repeat(30);
        assert_eq!(
            breakable(&format!("<p>{run} word</p>")),
            format!("<p>{}<wbr>{} word</p>", "a".repeat(24), "a".repeat(6))
        );
        // Shorter in a table cell; never inside an entity; a hyphen is a
        // break already; the stylesheet, the title and charts untouched.
        assert_eq!(
            breakable(&format!("<td>{}&amp;b</td>", "a".repeat(15))),
            format!("<td>{}&amp;<wbr>b</td>", "a".repeat(15))
        );
        let hyphens = format!("<p>{}</p>", ["abcdefghij"; 6].join("-"));
        assert_eq!(breakable(&hyphens), hyphens);
        for kept in [
            format!("<style>{run}</style>"),
            format!("<title>{run}</title>"),
            format!("<svg role=\"img\"><text>{run}</text></svg>"),
        ] {
            assert_eq!(breakable(&kept), kept);
        }
    }

    #[test]
    fn the_running_title_is_a_css_string_nothing_can_end() {
        assert_eq!(css_string("Jo Bo"), "\"Jo Bo\"");
        assert_eq!(
            css_string("a\"}</style>—"),
            "\"a\\22 \\7d \\3c \\2f style\\3e \\2014 \""
        );
        assert_eq!(shortened("abcdef", 4), "abc…");
        assert_eq!(shortened("abc", 4), "abc");
        let page = page("Appraisal: <Jo>", &html! { p { "x" } });
        assert!(page.contains("@top-right { content: \"Appraisal\\3a  \\3c Jo\\3e \";"));
        assert!(page.contains("counter(page) \" of \" counter(pages)"));
        assert!(page.contains("<main><p class=\"marking\">Confidential — personal data</p>"));
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
