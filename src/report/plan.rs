//! A development plan: for each competency below the role's requirement,
//! the behaviours of each level between the rating and the requirement.

use serde::Serialize;

use super::Standing;
use super::gap::{GapReport, Ticked};
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

/// A development plan: the gap report, and per competency below the role the
/// indicators of each level between the rating and the requirement.
#[derive(Clone, Debug, Serialize)]
pub struct Plan {
    pub gap: GapReport,
    pub items: Vec<PlanItem>,
    /// Who the plan is for: name, team, line manager.
    pub profile: crate::roster::Profile,
}

pub fn plan(framework: &Framework, gap: GapReport, profile: crate::roster::Profile) -> Plan {
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
    }
}
