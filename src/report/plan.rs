//! A development plan: for each competency below the role's requirement,
//! the behaviours of each level between the rating and the requirement; the
//! strengths (met or exceeded, with their evidence); the plan's day and when
//! it is next reviewed.

use jiff::civil::Date;
use serde::Serialize;

use super::Standing;
use super::gap::{GapReport, Ticked};
use super::status::{Rule, cycle};
use crate::model::{Framework, Indicator, Polarity};

/// One level's behaviours still to show.
#[derive(Clone, Debug, Serialize)]
pub struct PlanStep {
    /// The level, or `None` for behaviours that belong to no level.
    pub level: Option<String>,
    /// The theme, for behaviours of no level listed theme by theme.
    pub theme: Option<String>,
    pub behaviours: Vec<String>,
}

/// A competency below the role's requirement, and what it takes.
#[derive(Clone, Debug, Serialize)]
pub struct PlanItem {
    pub competency: String,
    pub name: String,
    pub rating: Option<String>,
    pub required: String,
    pub steps: Vec<PlanStep>,
    pub negative: Vec<Ticked>,
    pub evidence: Vec<Ticked>,
}

/// A competency the person meets or exceeds, and the evidence for it.
#[derive(Clone, Debug, Serialize)]
pub struct Strength {
    pub competency: String,
    pub name: String,
    pub required: String,
    pub rating: Option<String>,
    pub status: Standing,
    pub evidence: Vec<Ticked>,
}

/// A development plan: the gap report, and per competency below the role the
/// indicators of each level between the rating and the requirement.
#[derive(Clone, Debug, Serialize)]
pub struct Plan {
    pub gap: GapReport,
    pub items: Vec<PlanItem>,
    /// Who the plan is for: name, team, line manager.
    pub profile: crate::roster::Profile,
    /// Competencies met or exceeded, in the role's order.
    pub strengths: Vec<Strength>,
    /// The plan's day: the day asked for (`--as-of`), else the day of its
    /// latest rating; `None` with no ratings.
    pub date: Option<String>,
    /// When the plan is next reviewed (filled in by the caller, who knows the
    /// appraisal cycle); `None` leaves a line to fill in.
    pub next_review: Option<String>,
    /// What the person's reviews agreed and where it stands (filled in by
    /// the caller, who reads the reviews); `None` when there is no review.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub review: Option<super::review::Agreed>,
}

/// The competencies met or exceeded, with their evidence.
fn strengths(gap: &GapReport) -> Vec<Strength> {
    gap.rows
        .iter()
        .filter(|r| matches!(r.status, Standing::Meets | Standing::Exceeds))
        .map(|r| Strength {
            competency: r.competency.clone(),
            name: r.name.clone(),
            required: r.required.clone(),
            rating: r.rating.clone(),
            status: r.status,
            evidence: r.evidence.clone(),
        })
        .collect()
}

/// The day of the next review: the one given, else the due day of the
/// appraisal cycle the plan's day falls in when that is still ahead of it,
/// else none (the pack leaves a line to fill in).
pub fn next_review(rule: Rule, date: Option<Date>, given: Option<Date>) -> Option<Date> {
    if given.is_some() {
        return given;
    }
    let date = date?;
    let due = cycle(rule, date).due;
    (due > date).then_some(due)
}

pub fn plan(framework: &Framework, gap: GapReport, profile: crate::roster::Profile) -> Plan {
    let strengths = strengths(&gap);
    let date = gap
        .as_of
        .clone()
        .or_else(|| gap.raters.iter().map(|r| r.date.clone()).max());
    let items = gap
        .rows
        .iter()
        .filter(|r| matches!(r.status, Standing::Below | Standing::Unrated))
        .filter_map(|row| {
            let competency = framework.competency(&row.competency)?;
            let have = row
                .rating
                .as_deref()
                .and_then(|l| framework.scale.rank(l))
                .unwrap_or(0);
            let need = framework.scale.rank(&row.required)?;
            // With a checklist, the behaviours still to show are those not ticked.
            let missing = |code: &str| {
                row.derivation
                    .as_ref()
                    .and_then(|d| d.cover.iter().find(|c| c.level == code))
                    .map(|c| c.missing.clone())
            };
            let mut steps: Vec<PlanStep> = framework
                .scale
                .levels
                .iter()
                .filter(|l| l.rank > have && l.rank <= need)
                .filter_map(|level| {
                    let behaviours = missing(&level.code).unwrap_or_else(|| {
                        competency
                            .all_indicators()
                            .filter(|i| {
                                i.polarity == Polarity::Positive
                                    && i.level.as_deref() == Some(&level.code)
                            })
                            .map(|i| i.text.clone())
                            .collect()
                    });
                    (!behaviours.is_empty()).then(|| PlanStep {
                        level: Some(level.code.clone()),
                        theme: None,
                        behaviours,
                    })
                })
                .collect();
            if steps.is_empty() {
                // The indicators belong to no level (an added scale): every
                // effective behaviour is still to show, theme by theme.
                let unlevelled = |indicators: &[Indicator]| -> Vec<String> {
                    indicators
                        .iter()
                        .filter(|i| i.polarity == Polarity::Positive && i.level.is_none())
                        .map(|i| i.text.clone())
                        .collect()
                };
                let own = unlevelled(&competency.indicators);
                if !own.is_empty() {
                    steps.push(PlanStep {
                        level: None,
                        theme: None,
                        behaviours: own,
                    });
                }
                for theme in &competency.themes {
                    let behaviours = unlevelled(&theme.indicators);
                    if !behaviours.is_empty() {
                        steps.push(PlanStep {
                            level: None,
                            theme: Some(theme.name.clone()),
                            behaviours,
                        });
                    }
                }
            }
            Some(PlanItem {
                competency: row.competency.clone(),
                name: row.name.clone(),
                rating: row.rating.clone(),
                required: row.required.clone(),
                steps,
                negative: row.negative.clone(),
                evidence: row.evidence.clone(),
            })
        })
        .collect();
    Plan {
        gap,
        items,
        profile,
        strengths,
        date,
        next_review: None,
        review: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::RoleProfile;
    use crate::record::RaterKind;
    use crate::report::fixture::{filed, framework, record};
    use crate::report::gap::gap;

    #[test]
    fn a_plan_lists_the_behaviours_of_each_level_up_to_the_requirement() {
        let f = framework(true);
        let role = RoleProfile {
            required: vec![("one".into(), "D".into())],
            ..f.roles[0].clone()
        };
        let records = vec![filed(
            "m.toml",
            record(RaterKind::Manager, "2026-01-01", &[("one", Some("A"))]),
        )];
        let g = gap("p", &f, &role, &records, None, None);
        let p = plan(&f, g, crate::roster::Profile::default());
        let steps: Vec<(Option<&str>, Vec<&str>)> = p.items[0]
            .steps
            .iter()
            .map(|s| {
                (
                    s.level.as_deref(),
                    s.behaviours.iter().map(String::as_str).collect(),
                )
            })
            .collect();
        assert_eq!(
            steps,
            vec![(Some("B"), vec!["b1", "b2"]), (Some("D"), vec!["d1", "d2"])]
        );
        assert!(p.strengths.is_empty());
        assert_eq!(p.date.as_deref(), Some("2026-01-01"));
    }

    #[test]
    fn strengths_are_the_competencies_met_or_exceeded_with_their_evidence() {
        let f = framework(false);
        let mut rated = record(
            RaterKind::Manager,
            "2026-01-01",
            &[("one", Some("C")), ("two", Some("D")), ("three", Some("B"))],
        );
        rated.ratings[1].evidence = Some("Ran the team day".to_owned());
        let g = gap("p", &f, &f.roles[0], &[filed("m.toml", rated)], None, None);
        let p = plan(&f, g, crate::roster::Profile::default());
        let strengths: Vec<(&str, Standing, usize)> = p
            .strengths
            .iter()
            .map(|s| (s.competency.as_str(), s.status, s.evidence.len()))
            .collect();
        assert_eq!(
            strengths,
            vec![("one", Standing::Meets, 0), ("two", Standing::Exceeds, 1)]
        );
    }

    #[test]
    fn the_next_review_is_the_cycles_due_day_when_it_is_still_ahead() {
        let rule = Rule {
            starts: (4, 1),
            due: Some((3, 1)),
        };
        let day = |y, m, d| Some(jiff::civil::date(y, m, d));
        assert_eq!(next_review(rule, day(2026, 10, 2), None), day(2027, 3, 1));
        // After the due day, the cycle's review has passed: a line to fill in.
        assert_eq!(next_review(rule, day(2027, 3, 15), None), None);
        assert_eq!(
            next_review(rule, day(2026, 10, 2), day(2026, 12, 1)),
            day(2026, 12, 1)
        );
        assert_eq!(next_review(rule, None, None), None);
    }
}
