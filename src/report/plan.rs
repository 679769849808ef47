//! A development plan: for each competency below the role's requirement,
//! the behaviours of each level between the rating and the requirement; the
//! strengths (met or exceeded, with their evidence); the plan's day and when
//! it is next reviewed.

use jiff::civil::Date;
use serde::Serialize;

use super::Standing;
use super::gap::{GapReport, GapRow, Ticked};
use super::status::cycle;
use crate::checklist::is_fragment;
use crate::model::{Competency, Framework, Perspective, Polarity};
use crate::record::RaterKind;

/// The behaviours still to show at one level: of one theme and one
/// perspective, in the source's order.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct PlanStep {
    /// The level, or `None` for behaviours that belong to no level.
    pub level: Option<String>,
    /// The theme (Cherwell's key themes), when the behaviours belong to one.
    pub theme: Option<String>,
    /// Whose view the behaviours describe (SSSC's organisational
    /// capabilities: the organisation's or the worker's).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub perspective: Option<Perspective>,
    /// Every behaviour of the level (and theme and perspective): none is
    /// dropped, ticked or not.
    pub behaviours: Vec<String>,
    /// Those of them someone ticked as shown in their latest checklist.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub ticked: Vec<Ticked>,
    /// Behaviours of the level whose words were lost in the source (`[…]`):
    /// shown as they survive, not to be ticked.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub lost: Vec<String>,
}

impl PlanStep {
    /// Who ticked `behaviour`, in rater order.
    pub(crate) fn ticked_by(&self, behaviour: &str) -> Vec<RaterKind> {
        self.ticked
            .iter()
            .filter(|t| t.text == behaviour)
            .map(|t| t.by)
            .collect()
    }
}

/// A competency below the role's requirement, and what it takes.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct PlanItem {
    pub competency: String,
    pub name: String,
    pub rating: Option<String>,
    /// The rating used is below the first level (`not yet at Engaged`).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub below_first: bool,
    pub required: String,
    pub steps: Vec<PlanStep>,
    pub negative: Vec<Ticked>,
    pub evidence: Vec<Ticked>,
}

/// A competency the person meets or exceeds, and the evidence for it.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct Strength {
    pub competency: String,
    pub name: String,
    pub required: String,
    pub rating: Option<String>,
    pub status: Standing,
    pub evidence: Vec<Ticked>,
    /// Negative behaviours recorded although the level is met (Arun's
    /// contra indicators): never hidden by a strength.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub negative: Vec<Ticked>,
}

/// A development plan: the gap report, and per competency below the role the
/// indicators of each level between the rating and the requirement.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct Plan {
    pub gap: GapReport,
    pub items: Vec<PlanItem>,
    /// Who the plan is for: name, team, line manager.
    pub profile: crate::roster::Profile,
    /// Competencies met or exceeded, in the role's order.
    pub strengths: Vec<Strength>,
    /// The plan's day: the day asked for (`--as-of`), else the day of its
    /// latest rating; `None` with no ratings.
    pub date: Option<String>,
    /// When the plan is next reviewed ([`next_review`], filled in by the
    /// caller, who has the settings); `None` leaves a line to fill in.
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
            negative: r.negative.clone(),
        })
        .collect()
}

/// The day of the next review: the one given; else, when the settings set
/// an appraisal cycle, the due day of the cycle the plan's day falls in if
/// that is at least three months ahead (a review sooner than that is the
/// one this meeting holds), else the next cycle's due day; with no cycle
/// set, a year after the plan's day. `None` without a day (the pack leaves a
/// line to fill in).
pub(crate) fn next_review(
    settings: &crate::settings::Settings,
    date: Option<Date>,
    given: Option<Date>,
) -> Option<Date> {
    if given.is_some() {
        return given;
    }
    let date = date?;
    if !settings.cycle_given {
        return date.checked_add(jiff::Span::new().years(1)).ok();
    }
    let rule = settings.cycle;
    let soonest = date.checked_add(jiff::Span::new().months(3)).ok()?;
    let this = cycle(rule, date);
    if this.due >= soonest {
        return Some(this.due);
    }
    // The next cycle's due day (after this cycle's last day).
    let next = this.end.tomorrow().ok()?;
    let due = cycle(rule, next).due;
    if due >= soonest {
        Some(due)
    } else {
        // A due day early in the cycle, already near: the one after it.
        let after = cycle(rule, next).end.tomorrow().ok()?;
        Some(cycle(rule, after).due)
    }
}

pub(crate) fn plan(framework: &Framework, gap: GapReport, profile: crate::roster::Profile) -> Plan {
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
            // Below the first level, or unrated: every level up to the
            // requirement is still to show.
            let have = row
                .rating
                .as_deref()
                .and_then(|l| framework.scale.rank(l))
                .unwrap_or(0);
            let need = framework.scale.rank(&row.required)?;
            let mut steps: Vec<PlanStep> = framework
                .scale
                .levels
                .iter()
                .filter(|l| l.rank > have && l.rank <= need)
                .flat_map(|level| steps_of(competency, Some(&level.code), row))
                .collect();
            if steps.is_empty() {
                // The indicators belong to no level (an added scale): every
                // effective behaviour is still to show, theme by theme.
                steps = steps_of(competency, None, row);
            }
            Some(PlanItem {
                competency: row.competency.clone(),
                name: row.name.clone(),
                rating: row.rating.clone(),
                below_first: row.is_below_first(gap.by),
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

/// The positive behaviours of `competency` at `level` (or of no level), one
/// step per theme and perspective, in the source's order, each with who
/// ticked it.
fn steps_of(competency: &Competency, level: Option<&str>, row: &GapRow) -> Vec<PlanStep> {
    let own = std::iter::once((None, competency.indicators.as_slice()));
    let themes = competency
        .themes
        .iter()
        .map(|t| (Some(t.name.as_str()), t.indicators.as_slice()));
    let mut steps: Vec<PlanStep> = Vec::new();
    for (theme, indicators) in own.chain(themes) {
        for i in indicators
            .iter()
            .filter(|i| i.polarity == Polarity::Positive && i.level.as_deref() == level)
        {
            let at = steps
                .iter()
                .position(|s| s.theme.as_deref() == theme && s.perspective == i.perspective)
                .unwrap_or_else(|| {
                    steps.push(PlanStep {
                        level: level.map(str::to_owned),
                        theme: theme.map(str::to_owned),
                        perspective: i.perspective,
                        behaviours: Vec::new(),
                        ticked: Vec::new(),
                        lost: Vec::new(),
                    });
                    steps.len() - 1
                });
            let step = &mut steps[at];
            if is_fragment(&i.text) {
                step.lost.push(i.text.clone());
                continue;
            }
            step.ticked
                .extend(row.ticked.iter().filter(|t| t.text == i.text).cloned());
            step.behaviours.push(i.text.clone());
        }
    }
    steps
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
        let g = gap(
            "p",
            &f,
            &role,
            &records,
            None,
            None,
            crate::settings::PeerMinimum::DEFAULT,
        );
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
    fn behaviours_ticked_in_a_self_assessment_are_listed_and_marked_never_dropped() {
        let f = framework(true);
        let role = RoleProfile {
            required: vec![("one".into(), "D".into())],
            ..f.roles[0].clone()
        };
        // The person ticked every B behaviour and one D; their manager rates A.
        let mut own = record(
            RaterKind::SelfAssessment,
            "2026-01-01",
            &[("one", Some("B"))],
        );
        own.ratings[0].method = crate::record::Method::Checklist;
        own.ratings[0].ticked = vec!["b1".into(), "b2".into(), "d1".into()];
        let manager = record(RaterKind::Manager, "2026-01-02", &[("one", Some("A"))]);
        let records = vec![filed("s.toml", own), filed("m.toml", manager)];
        let g = gap(
            "p",
            &f,
            &role,
            &records,
            None,
            None,
            crate::settings::PeerMinimum::DEFAULT,
        );
        let p = plan(&f, g, crate::roster::Profile::default());
        let steps = &p.items[0].steps;
        let listed: Vec<(Option<&str>, Vec<&str>)> = steps
            .iter()
            .map(|s| {
                (
                    s.level.as_deref(),
                    s.behaviours.iter().map(String::as_str).collect(),
                )
            })
            .collect();
        assert_eq!(
            listed,
            vec![(Some("B"), vec!["b1", "b2"]), (Some("D"), vec!["d1", "d2"])]
        );
        assert_eq!(steps[0].ticked_by("b1"), vec![RaterKind::SelfAssessment]);
        assert_eq!(steps[1].ticked_by("d1"), vec![RaterKind::SelfAssessment]);
        assert!(steps[1].ticked_by("d2").is_empty());
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
        let g = gap(
            "p",
            &f,
            &f.roles[0],
            &[filed("m.toml", rated)],
            None,
            None,
            crate::settings::PeerMinimum::DEFAULT,
        );
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
    fn the_next_review_is_the_cycles_due_day_at_least_three_months_on() {
        use crate::settings::CycleRule;
        let settings = |starts, due: Option<i8>| crate::settings::Settings {
            cycle: CycleRule {
                starts: crate::settings::MonthDay::new(starts, 1).unwrap(),
                due: due.and_then(|m| crate::settings::MonthDay::new(m, 1)),
            },
            cycle_given: true,
            ..crate::settings::Settings::default()
        };
        let april = settings(4, Some(3));
        let day = |y, m, d| Some(jiff::civil::date(y, m, d));
        assert_eq!(next_review(&april, day(2026, 10, 2), None), day(2027, 3, 1));
        // This cycle's due day too near (or past): the next cycle's.
        assert_eq!(next_review(&april, day(2027, 2, 2), None), day(2028, 3, 1));
        assert_eq!(next_review(&april, day(2027, 3, 15), None), day(2028, 3, 1));
        // The calendar year, written in the settings: never 29 days on.
        let calendar = settings(1, None);
        assert_eq!(
            next_review(&calendar, day(2026, 12, 2), None),
            day(2027, 12, 31)
        );
        assert_eq!(
            next_review(&calendar, day(2026, 3, 2), None),
            day(2026, 12, 31)
        );
        // No cycle in the settings: a year on.
        let unset = crate::settings::Settings::default();
        assert_eq!(
            next_review(&unset, day(2026, 12, 2), None),
            day(2027, 12, 2)
        );
        assert_eq!(
            next_review(&unset, day(2028, 2, 29), None),
            day(2029, 2, 28)
        );
        // A day given is the day.
        assert_eq!(
            next_review(&april, day(2026, 10, 2), day(2026, 12, 1)),
            day(2026, 12, 1)
        );
        assert_eq!(next_review(&april, None, None), None);
    }
}
