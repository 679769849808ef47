//! `team --format html`: per framework a heatmap of people × competencies
//! (colour, symbol and level in each cell), the training needs as a bar chart
//! beside their table, and the people who could not be compared.

use std::collections::BTreeMap;

use maud::{Markup, html};

use super::{described_by, figure, level, page, status_key, symbol, word};
use crate::model::Framework;
use crate::render::chart::{self, Need as Bar};
use crate::report::Standing;
use crate::report::team::{Cell, Section, TeamMember, TeamReport};

/// What the document calls roles (their names by id), and the frameworks of
/// the sections (for their names and levels).
#[derive(Clone, Debug, Default)]
pub(crate) struct Names<'a> {
    pub roles: BTreeMap<String, String>,
    pub frameworks: BTreeMap<String, &'a Framework>,
}

impl Names<'_> {
    fn role<'a>(&'a self, id: &'a str) -> &'a str {
        self.roles.get(id).map_or(id, String::as_str)
    }

    fn framework<'a>(&'a self, id: &'a str) -> &'a str {
        self.frameworks.get(id).map_or(id, |f| f.name.as_str())
    }

    /// A level as the document shows it.
    fn level(&self, framework: &str, code: &str) -> String {
        match self.frameworks.get(framework) {
            Some(f) => level(f, code),
            None => code.to_owned(),
        }
    }
}

pub(crate) fn render(report: &TeamReport, names: &Names) -> String {
    let people: usize = report.sections.iter().map(|s| s.people).sum();
    let day = match &report.as_of {
        Some(day) => format!("as of {}", super::long_date(day)),
        None => super::long_date(&report.date),
    };
    let title = format!("Team: {}, {day}", report.scope);
    let body = html! {
        h1 { "Team: " (report.scope) ", " (day) }
        p class="muted" {
            (crate::render::count(people, "person", "people")) " compared"
            @if !report.scope.contains("held against") { ", each with their own role" }
            @if report.sections.len() > 1 { ", in " (report.sections.len()) " frameworks" }
            ". Made on " (super::long_date(&report.date)) "."
        }
        @if report.sections.is_empty() { p { "Nobody in scope can be compared with a role." } }
        @for (i, section) in report.sections.iter().enumerate() { (section_html(section, names, i + 1)) }
        @if !report.unplaced.is_empty() {
            section class="keep" {
                h2 { "Not compared" }
                ul {
                    @for u in &report.unplaced {
                        li { strong { (u.name.as_deref().unwrap_or(&u.person)) } ": " (u.reason) }
                    }
                }
            }
        }
        (sources(report))
    };
    page(&title, &body)
}

/// The records each person's line was made from, so a reader can trace it.
fn sources(report: &TeamReport) -> Markup {
    let members = || report.sections.iter().flat_map(|s| &s.members);
    html! {
        @if members().any(|m| !m.sources.is_empty()) {
            footer {
                "Made with competency from these records of the workspace: "
                @for (i, m) in members().filter(|m| !m.sources.is_empty()).enumerate() {
                    @if i > 0 { "; " }
                    (person(m)) ": "
                    @for (j, file) in m.sources.iter().enumerate() {
                        @if j > 0 { ", " }
                        (crate::store::shown_path(&m.person, file))
                    }
                }
                "."
            }
        }
    }
}

/// One framework's section, the `n`th: its heatmap, key and needs.
fn section_html(section: &Section, names: &Names, n: usize) -> Markup {
    let title = match &section.role_name {
        Some(name) => name.clone(),
        None => "Their own roles".to_owned(),
    };
    // A heatmap of more competencies than A4 holds upright is printed on a
    // page of its own turned sideways.
    let wide = too_wide_upright(section, names);
    html! {
        section class={ "team" @if wide { " wide" } } {
            // The heading, the counts and the heatmap on one page.
            div class="keep map" {
                h2 { (title) span class="muted" { " — " (names.framework(&section.framework)) } }
                p {
                    @if section.people > 0 {
                        (crate::render::team::counts(section))
                    } @else { "Nobody in scope holds the role." }
                }
                // The keys above the heatmap: a heatmap longer than a page
                // goes on, its header repeated, and nothing is left after it.
                @if !section.members.is_empty() {
                    (status_key())
                    @if let Some(key) = crate::render::team::whose_key(section) {
                        p class="key" { (key) }
                    }
                    (heatmap(section, names, &title))
                }
            }
            @if !section.needs.is_empty() && section.people > 0 { (needs(section, names, &format!("needs-{n}"))) }
        }
    }
}

/// Whether the heatmap is wider than A4 upright (184 mm between the
/// margins), by an estimate of each column's least width: its heading's
/// longest word (8 pt bold, about 1.55 mm a character; a heading written
/// upwards, where there are many, about 3 characters wide) or its cells'
/// longest level word (9 pt, about 1.6 mm), with padding; the person's and
/// the "meets" column about 42 mm.
fn too_wide_upright(section: &Section, names: &Names) -> bool {
    let longest_word = |text: &str| {
        text.split_whitespace()
            .map(|w| w.chars().count())
            .max()
            .unwrap_or(0)
    };
    let level_word = names
        .frameworks
        .get(&section.framework)
        .and_then(|f| {
            f.scale
                .levels
                .iter()
                .map(|l| longest_word(&level(f, &l.code)))
                .max()
        })
        .unwrap_or(3)
        .max(longest_word("varies"));
    let upwards = section.competencies.len() > MANY;
    let columns: f64 = section
        .competency_names
        .iter()
        .map(|name| {
            let heading = if upwards { 3 } else { longest_word(name) };
            let chars = |n: usize| f64::from(u32::try_from(n).unwrap_or(u32::MAX));
            (chars(heading) * 1.55).max(chars(level_word) * 1.6) + 2.4
        })
        .sum();
    42.0 + columns > 184.0
}

/// More competencies than this: the heatmap's headings are written upwards.
const MANY: usize = 8;

/// People × competencies: each cell's colour, symbol and level.
fn heatmap(section: &Section, names: &Names, title: &str) -> Markup {
    // Name each person's role when the section mixes roles.
    let mixed = section.role.is_none();
    html! {
        table class={ "heatmap" @if section.competencies.len() > MANY { " many" } } {
            caption class="vh" {
                (title) ", " (names.framework(&section.framework)) ": each person's status and level per competency"
            }
            thead {
                tr {
                    th scope="col" class="person" { "Person" }
                    @for name in &section.competency_names { th scope="col" class="competency" { (name) } }
                    th scope="col" { "Meets" }
                }
            }
            tbody {
                tr class="required" {
                    th scope="row" { "Required" }
                    @for c in &section.competencies {
                        td { (shown(names, section, &required(section, c))) }
                    }
                    td {}
                }
                @for m in &section.members {
                    tr {
                        th scope="row" {
                            (person(m))
                            @if mixed { span class="role" { (names.role(&m.role)) } }
                        }
                        @for cell in &m.cells { (cell_html(cell, section, names)) }
                        td {
                            (m.summary.met()) " of " (m.summary.required())
                            @if let Some(by) = m.by.filter(|b| *b != section.counted_by) {
                                " " span class="whose" { (match by {
                                    crate::report::Whose::Own => "S",
                                    crate::report::Whose::Peers => "P",
                                    crate::report::Whose::Manager => "M",
                                }) }
                            }
                        }
                    }
                }
            }
        }
    }
}

fn person(m: &TeamMember) -> &str {
    m.name.as_deref().unwrap_or(&m.person)
}

/// The level every role of the section requires, or `varies`.
fn required(section: &Section, competency: &str) -> String {
    section
        .needs
        .iter()
        .find(|n| n.competency == competency)
        .and_then(|n| n.required.clone())
        .unwrap_or_else(|| "varies".to_owned())
}

fn varies(section: &Section, competency: &str) -> bool {
    required(section, competency) == "varies"
}

/// A level of the section's framework, or `varies`.
fn shown(names: &Names, section: &Section, code: &str) -> String {
    match code {
        "varies" => code.to_owned(),
        code => names.level(&section.framework, code),
    }
}

fn cell_html(cell: &Cell, section: &Section, names: &Names) -> Markup {
    let varies = varies(section, &cell.competency);
    let rating = match (
        cell.level(),
        cell.rating.as_ref().and_then(|r| r.below.as_deref()),
    ) {
        (Some(l), _) => Some(shown(names, section, l)),
        (None, Some(first)) => Some(format!("not yet at {}", shown(names, section, first))),
        (None, None) => None,
    };
    let tag = crate::render::team::tag(cell);
    let whose = cell.rating.as_ref().map(|r| {
        let by = match r.by {
            crate::report::Whose::Own => "their own rating",
            crate::report::Whose::Manager => "their manager's rating",
            crate::report::Whose::Peers => "their peers' rating",
        };
        format!("; {by}, {}", r.status.as_str())
    });
    let required = cell.required.as_deref().map(|l| shown(names, section, l));
    let label = match cell.status {
        Standing::NotRequired | Standing::NotApplicable => word(cell.status).to_owned(),
        s => format!(
            "{}{}{}{}",
            word(s),
            rating
                .as_deref()
                .map(|r| format!(" {r}"))
                .unwrap_or_default(),
            required
                .as_deref()
                .map(|r| format!(", required {r}"))
                .unwrap_or_default(),
            whose.unwrap_or_default()
        ),
    };
    let negative = cell
        .rating
        .as_ref()
        .map(|r| r.negative.as_slice())
        .unwrap_or_default();
    let label = if negative.is_empty() {
        label
    } else {
        format!(
            "{label}; {}: {}",
            section.negative_label,
            negative.join(" ")
        )
    };
    html! {
        td class=(cell.status.as_str()) title=(label) {
            // The symbol for the eye; the word for a screen reader, which
            // would read the symbol as a shape ("black down-pointing triangle").
            span aria-hidden="true" { (symbol(cell.status)) }
            span class="vh" { (word(cell.status)) }
            @if let Some(level) = &rating { " " (level) }
            @if !tag.is_empty() { " " span class="whose" { (tag) } }
            @if !negative.is_empty() { " " span class="negative" { (crate::render::notes::NEGATIVE_MARK) } }
            @if varies && let Some(r) = &required {
                br; span class="muted" { "of " (r) }
            }
        }
    }
}

/// The training needs: bars of people below and levels short, above the
/// table (`id`) that gives every competency's figures.
fn needs(section: &Section, names: &Names, id: &str) -> Markup {
    let to_u32 = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
    let bars: Vec<Bar> = section
        .needs
        .iter()
        .filter(|n| n.below > 0)
        .map(|n| Bar {
            label: n.name.clone(),
            below: to_u32(n.below),
            shortfall: u32::try_from(n.shortfall).unwrap_or(0),
        })
        .collect();
    html! {
        div class="keep" {
            h3 { (crate::render::team::needs_heading(section)) }
            div {
                (figure(&described_by(&chart::needs(&bars), id), "Competencies with people below the required level, most needed first; the table below gives every competency."))
                table class="needs" id=(id) {
                    caption class="vh" { (crate::render::team::needs_heading(section)) ", per competency" }
                    thead {
                        tr {
                            th scope="col" { "Competency" }
                            th scope="col" class="level" { "Required" }
                            th scope="col" class="level" { "Below" }
                            th scope="col" class="level" { "Levels short" }
                            th scope="col" class="level" { "Not rated" }
                            th scope="col" class="level" { "Not assessed" }
                        }
                    }
                    tbody {
                        @for n in &section.needs {
                            tr {
                                th scope="row" { (n.name) }
                                td class="level" { (shown(names, section, n.required.as_deref().unwrap_or("varies"))) }
                                td class="level" { (n.below) }
                                td class="level" { (n.shortfall) }
                                td class="level" { (n.unrated) }
                                td class="level" { (n.not_assessed) }
                            }
                        }
                    }
                }
            }
        }
    }
}
