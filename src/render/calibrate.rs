//! `calibrate`: each rater against everyone else, per framework, as a table,
//! JSON (the report's serde form) or CSV (one row per rater, role,
//! competency and level). The HTML page is `render/html/calibrate.rs`.

use std::fmt::Write as _;

use super::{Format, Style, count};
use crate::error::Result;
use crate::report::calibrate::{CalibrationReport, NotCalibrated, Rater, Section};

/// A difference in levels, signed, two decimals: `+1.00`, `−0.50`, `0.00`.
pub(crate) fn levels(value: f64) -> String {
    let text = format!("{:.2}", value.abs());
    if text == "0.00" {
        text
    } else if value > 0.0 {
        format!("+{text}")
    } else {
        format!("−{text}")
    }
}

/// The same, or `–` with nothing to compare.
fn maybe(value: Option<f64>) -> String {
    value.map_or_else(|| "–".to_owned(), levels)
}

/// The cycle, the day and whose ratings.
pub(crate) fn cycle_words(report: &CalibrationReport) -> String {
    let c = &report.cycle;
    format!(
        "appraisal cycle {} to {}, as of {}; {}",
        c.start, c.end, c.as_of, report.scope
    )
}

/// The heading: the cycle, the day, whose ratings.
pub(crate) fn heading(report: &CalibrationReport) -> String {
    format!("Calibration of raters: {}", cycle_words(report))
}

/// What counts, and when a rater is flagged, in one paragraph.
pub(crate) fn rules(report: &CalibrationReport) -> String {
    let r = &report.rules;
    format!(
        "Counted: final manager's assessments dated in the cycle, corrections applied (per rater and person, the latest). \
         Each rating is compared with everyone else's for the same role and competency; differences are in levels \
         (positive: the rater rates higher). A rater is calibrated with at least {} rated on a framework this cycle, \
         and flagged lenient or severe at a difference of {} or more over at least {} of their ratings \
         and {} of others'.",
        count(r.minimum_people, "person", "people"),
        if (r.threshold - 0.5).abs() < 1e-9 {
            "half a level".to_owned()
        } else {
            format!("{:.2} levels", r.threshold)
        },
        r.minimum_compared,
        r.minimum_compared
    )
}

/// A framework's name and id, and what a level is on its scale.
pub(crate) fn section_heading(section: &Section) -> String {
    let mut heading = format!("{} ({})", section.framework_name, section.framework);
    if section.ranks_per_level > 1 {
        let _ = write!(
            heading,
            " — a level is {} steps of its scale: a mid-point is half a level",
            section.ranks_per_level
        );
    }
    heading
}

/// The flag as a word (capitals on a terminal, so it is seen without colour).
pub(crate) fn flag_word(rater: &Rater) -> String {
    match rater.flag {
        Some(lean) => lean.as_str().to_owned(),
        None if rater.unflagged.is_some() => "not flagged: too few ratings".to_owned(),
        None => "–".to_owned(),
    }
}

/// `+0.80 (10 vs 8)`: the difference from everyone else and the counts behind it.
pub(crate) fn against_others(rater: &Rater) -> String {
    match rater.difference {
        Some(d) => format!("{} ({} vs {})", levels(d), rater.compared, rater.others),
        None => "– (nobody else rated the same)".to_owned(),
    }
}

/// `+0.50 (8, 4 draft)`: the difference from people's own ratings, how
/// many pairs, and how many of the people's own ratings are drafts.
pub(crate) fn against_self(rater: &Rater) -> String {
    let own = &rater.against_self;
    match own.difference {
        Some(d) if own.drafts > 0 => {
            format!("{} ({}, {} draft)", levels(d), own.pairs, own.drafts)
        }
        Some(d) => format!("{} ({})", levels(d), own.pairs),
        None => "– (no own ratings)".to_owned(),
    }
}

/// How many ratings of a framework that cannot be calibrated were left out.
pub(crate) fn left_out_words(n: &NotCalibrated) -> String {
    if n.assessments == 0 {
        "It has no final manager's assessments in scope this cycle.".to_owned()
    } else {
        format!(
            "Left out: {} by {}.",
            count(
                n.assessments,
                "final manager's assessment",
                "final manager's assessments"
            ),
            count(n.raters, "rater", "raters")
        )
    }
}

pub(crate) fn render(report: &CalibrationReport, format: Format, style: Style) -> Result<String> {
    Ok(match format {
        Format::Json => super::json(report)?,
        Format::Csv => csv(report)?,
        Format::Table | Format::Markdown => table(report, style),
    })
}

fn csv(report: &CalibrationReport) -> Result<String> {
    let mut rows: Vec<Vec<String>> = Vec::new();
    let opt = |v: Option<f64>| v.map(|v| format!("{v:.2}")).unwrap_or_default();
    for s in &report.sections {
        for r in &s.raters {
            let line = [
                s.framework.clone(),
                r.name.clone(),
                r.people.to_string(),
                r.ratings.to_string(),
                r.compared.to_string(),
                r.others.to_string(),
                opt(r.difference),
                r.against_self.pairs.to_string(),
                r.against_self.drafts.to_string(),
                opt(r.against_self.difference),
                r.flag.map(|f| f.as_str().to_owned()).unwrap_or_default(),
            ];
            for d in &r.distributions {
                for l in &d.levels {
                    let mut row = line.to_vec();
                    row.extend([
                        d.role.clone(),
                        d.competency.clone(),
                        l.level.clone(),
                        l.rater.to_string(),
                        l.others.to_string(),
                        opt(d.difference),
                    ]);
                    rows.push(row);
                }
            }
        }
        for t in &s.too_few {
            let mut row = vec![
                s.framework.clone(),
                t.rater.clone(),
                t.people.to_string(),
                t.ratings.to_string(),
            ];
            row.extend(std::iter::repeat_n(String::new(), 6));
            row.push("too-few-people".to_owned());
            row.extend(std::iter::repeat_n(String::new(), 6));
            rows.push(row);
        }
    }
    super::csv(
        &[
            "framework",
            "rater",
            "people",
            "ratings",
            "compared",
            "others",
            "difference",
            "self-pairs",
            "self-drafts",
            "self-difference",
            "flag",
            "role",
            "competency",
            "level",
            "rater-count",
            "others-count",
            "competency-difference",
        ],
        rows,
    )
}

fn table(report: &CalibrationReport, style: Style) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}", style.wrap(&heading(report), "", ""));
    let _ = writeln!(out, "{}", style.wrap(&rules(report), "", ""));
    if report.sections.is_empty() && report.not_calibrated.is_empty() {
        out.push_str("\nNo final manager's ratings in scope this cycle.\n");
    }
    for s in &report.sections {
        let _ = writeln!(out, "\n{}", style.wrap(&section_heading(s), "", ""));
        if s.raters.is_empty() {
            out.push_str(
                "No rater has rated enough people on this framework this cycle to be calibrated.\n",
            );
        } else {
            let mut grid = super::table(
                style,
                &[
                    "rater",
                    "people",
                    "ratings",
                    "against others",
                    "against own",
                    "flag",
                ],
            )
            .details(&["against own"]);
            for r in &s.raters {
                let flag = match r.flag {
                    Some(lean) => lean.as_str().to_uppercase(),
                    None => flag_word(r),
                };
                grid.add_row(super::cells([
                    r.name.clone(),
                    r.people.to_string(),
                    r.ratings.to_string(),
                    against_others(r),
                    against_self(r),
                    flag,
                ]));
            }
            let _ = writeln!(out, "{grid}");
            out.push_str(&style.wrap(
                "against others: the mean difference from everyone else's ratings of the same role and competency, in levels, with the rater's ratings compared and the others' they were compared with; against own: from the people's own ratings this cycle, with how many, and how many of those are drafts",
                "",
                "",
            ));
            out.push('\n');
        }
        if !s.too_few.is_empty() {
            let names: Vec<String> = s
                .too_few
                .iter()
                .map(|t| {
                    format!(
                        "{} ({}, {})",
                        t.rater,
                        count(t.people, "person", "people"),
                        count(t.ratings, "rating", "ratings")
                    )
                })
                .collect();
            let line = format!(
                "Not calibrated, fewer than {} rated this cycle: {}.",
                count(report.rules.minimum_people, "person", "people"),
                names.join("; ")
            );
            let _ = writeln!(out, "{}", style.wrap(&line, "", ""));
        }
        for r in &s.raters {
            distributions(r, style, &mut out);
        }
    }
    for n in &report.not_calibrated {
        let line = format!(
            "{} ({}) cannot be calibrated: {}. {}",
            n.framework_name,
            n.framework,
            n.reason,
            left_out_words(n)
        );
        let _ = writeln!(out, "\n{}", style.wrap(&line, "", ""));
    }
    if !report.skipped.is_empty() {
        out.push_str("\nNot counted:\n");
        for s in &report.skipped {
            let _ = writeln!(
                out,
                "{}",
                style.wrap(&format!("- {} {}: {}", s.count, s.what, s.reason), "", "  ")
            );
        }
    }
    out
}

/// The role a rater's ratings are all of, if they are of one.
pub(crate) fn one_role(rater: &Rater) -> Option<&str> {
    let first = rater.distributions.first()?.role.as_str();
    rater
        .distributions
        .iter()
        .all(|d| d.role == first)
        .then_some(first)
}

/// `2 vs 3`: the rater's ratings at a level and everyone else's; `–` for none.
pub(crate) fn versus(rater: usize, others: usize) -> String {
    if rater + others == 0 {
        "–".to_owned()
    } else {
        format!("{rater} vs {others}")
    }
}

/// The title over a rater's levels.
pub(crate) fn distribution_title(rater: &Rater) -> String {
    match one_role(rater) {
        Some(role) => format!(
            "{}: ratings of {role} per competency and level, the rater's vs everyone else's",
            rater.name
        ),
        None => format!(
            "{}: ratings per role, competency and level, the rater's vs everyone else's for the same role",
            rater.name
        ),
    }
}

/// One rater's ratings per competency and level against everyone else's.
fn distributions(rater: &Rater, style: Style, out: &mut String) {
    let _ = writeln!(out, "\n{}", style.wrap(&distribution_title(rater), "", ""));
    if let Some(why) = &rater.unflagged {
        let _ = writeln!(
            out,
            "{}",
            style.wrap(&format!("Not flagged: {why}."), "", "")
        );
    }
    let Some(first) = rater.distributions.first() else {
        return;
    };
    let roles = one_role(rater).is_none();
    let mut header: Vec<&str> = vec!["competency"];
    if roles {
        header.push("role");
    }
    header.extend(first.levels.iter().map(|l| l.level.as_str()));
    header.push("difference");
    let mut grid = super::table(style, &header);
    for d in &rater.distributions {
        let mut row = vec![d.name.clone()];
        if roles {
            row.push(d.role.clone());
        }
        row.extend(d.levels.iter().map(|l| versus(l.rater, l.others)));
        row.push(maybe(d.difference));
        grid.add_row(super::cells(row));
    }
    let _ = writeln!(out, "{grid}");
}
