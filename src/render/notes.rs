//! The notes under a gap table (`gap` and `plan`): what to discuss, negative
//! behaviours recorded, records changed by hand, ratings made against an older
//! framework, and a missing rater. Built once from the report here; each
//! medium (text, Markdown, HTML) only lays them out, so they say the same
//! everywhere.

use std::fmt::Write as _;

use crate::record::RaterKind;
use crate::report::gap::{DIVERGENCE, GapReport, GapRow};

/// The heading of the list of competencies to discuss.
pub(crate) const DISCUSS: &str = "To discuss";

/// Why a competency is to be discussed.
pub(crate) fn discuss_reason() -> String {
    format!("self and manager {DIVERGENCE} or more levels apart")
}

/// The heading of the negative behaviours recorded, in the framework's own
/// word: `Contra Indicators (recorded)`.
pub(crate) fn negative_heading(label: &str) -> String {
    format!("{label} (recorded)")
}

/// The mark of a row, cell or strength with negative behaviours recorded.
pub(crate) const NEGATIVE_MARK: &str = "✗";

/// The sentence about ratings made against an older version of the framework.
pub(crate) const STALE: &str = "Some ratings were made against an older version of the framework; check them against its current indicators (`competency validate` lists them).";

/// The sentence about a final record changed by hand.
pub(crate) fn edited(file: &str) -> String {
    format!(
        "The final record {file} was changed by hand after it was written; its ratings are read as they now stand (`competency validate` lists it)."
    )
}

/// A competency whose self and manager ratings are far apart.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Discuss {
    pub competency: String,
    pub name: String,
    pub self_level: String,
    pub manager: String,
}

/// A negative behaviour ticked as shown.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Negative {
    pub competency: String,
    pub name: String,
    pub by: RaterKind,
    pub text: String,
}

/// Everything worth saying under a gap table.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Notes {
    /// The report's rater kind has no assessment here: why every row is unrated.
    pub missing_rater: Option<String>,
    pub discuss: Vec<Discuss>,
    pub negative: Vec<Negative>,
    /// What the framework calls its negative behaviours.
    pub negative_label: String,
    /// Final records changed by hand after they were written.
    pub edited: Vec<String>,
    /// The competencies whose rating was made against an older framework.
    pub stale: Vec<String>,
}

impl Notes {
    pub(crate) fn of(report: &GapReport) -> Notes {
        Notes {
            missing_rater: missing_rater(report),
            discuss: report
                .rows
                .iter()
                .filter(|r| r.discuss)
                .map(|r| Discuss {
                    competency: r.competency.clone(),
                    name: r.name.clone(),
                    self_level: by_kind(r, RaterKind::SelfAssessment, "–"),
                    manager: by_kind(r, RaterKind::Manager, "–"),
                })
                .collect(),
            negative: report
                .rows
                .iter()
                .flat_map(|r| {
                    r.negative.iter().map(|n| Negative {
                        competency: r.competency.clone(),
                        name: r.name.clone(),
                        by: n.by,
                        text: n.text.clone(),
                    })
                })
                .collect(),
            negative_label: report.negative_label.clone(),
            edited: report.edited.clone(),
            stale: report
                .rows
                .iter()
                .filter(|r| r.stale)
                .map(|r| r.name.clone())
                .collect(),
        }
    }
}

/// One rater kind's latest level in a row: the code, `n/a`, `not yet at
/// Engaged` (below the first level), or `none` when unrated.
pub(crate) fn by_kind(row: &GapRow, kind: RaterKind, none: &str) -> String {
    let level = match kind {
        RaterKind::SelfAssessment => &row.self_level,
        RaterKind::Manager => &row.manager,
        RaterKind::Peer => &row.peer,
    };
    match level {
        Some(level) => level.clone(),
        None if row.not_applicable.contains(&kind) => "n/a".to_owned(),
        None if row.below_scale.contains(&kind) => row.not_yet.clone(),
        None => none.to_owned(),
    }
}

/// When the report's rater kind has no assessment here, say so and name the others.
fn missing_rater(report: &GapReport) -> Option<String> {
    if report.raters.iter().any(|r| r.by == report.by) {
        return None;
    }
    if report.raters.is_empty() && report.subject.is_organisation() {
        return Some(format!(
            "{} has no assessments on framework `{}` yet, so every requirement shows as unrated; record one with `competency assess {} --subject organisation --framework {} --by manager`",
            report.who(),
            report.framework,
            report.person,
            report.framework
        ));
    }
    if report.raters.is_empty() {
        return Some(format!(
            "{} has no assessments on framework `{}` yet, so every requirement shows as unrated; record their own view with `competency assess {} --by self`, and their manager's with `--by manager`",
            report.who(),
            report.framework,
            report.person
        ));
    }
    let others: Vec<String> = report
        .raters
        .iter()
        .map(|r| format!("--by {}", r.by))
        .collect();
    let mut note = format!(
        "there is no {} assessment on framework `{}`, so every requirement shows as unrated",
        report.by, report.framework
    );
    if !others.is_empty() {
        let _ = write!(note, "; try {}", others.join(" or "));
    }
    Some(note)
}
