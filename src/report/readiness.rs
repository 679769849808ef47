//! Which roles a person is nearest: every role their ratings can be
//! compared with, ranked by fit.

use crate::settings::PeerMinimum;
use serde::Serialize;

use super::Summary;
use super::gap::gap;
use super::select::current;
use crate::model::{Framework, RoleProfile};
use crate::record::{Filed, RaterKind};

/// One role in a readiness ranking.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct Fit {
    pub role: String,
    pub name: String,
    pub framework: String,
    pub illustrative: bool,
    pub summary: Summary,
    pub required: usize,
    pub shortfall: i64,
    /// The competencies still below the role, with the ranks missing.
    pub below: Vec<Short>,
    /// Those of them rated below the first level (`not yet at Engaged`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub below_first: Vec<String>,
    /// How a rating below the first level reads: `not yet at Engaged`.
    #[serde(skip)]
    pub not_yet: String,
    /// The person's own role (named in their latest record).
    pub current: bool,
}

/// A competency still below a role.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct Short {
    pub competency: String,
    pub name: String,
    /// Levels short of the requirement.
    pub levels: i64,
}

/// Every role in `roles` the person's ratings can be compared with, best fit first.
pub(crate) fn readiness(
    person: &str,
    current_role: Option<&str>,
    frameworks: &[&Framework],
    roles: &[&RoleProfile],
    records: &[Filed],
    by: Option<RaterKind>,
) -> Vec<Fit> {
    let mut fits: Vec<Fit> = roles
        .iter()
        .filter_map(|role| {
            let framework = frameworks.iter().find(|f| f.id == role.framework)?;
            let current = current(records, &framework.id, None);
            if current.is_empty() {
                return None;
            }
            // Readiness shows the rating used only, never peers'.
            let report = gap(
                person,
                framework,
                role,
                records,
                by,
                None,
                PeerMinimum::DEFAULT,
            );
            let shortfall = report
                .rows
                .iter()
                .filter_map(|r| r.gap.filter(|g| *g < 0))
                .map(|g| -g)
                .sum();
            Some(Fit {
                role: role.id.clone(),
                name: role.name.clone(),
                framework: framework.id.clone(),
                illustrative: role.illustrative,
                required: role.required.len(),
                shortfall,
                below: report
                    .rows
                    .iter()
                    .filter_map(|r| {
                        r.gap.filter(|g| *g < 0).map(|g| Short {
                            competency: r.competency.clone(),
                            name: r.name.clone(),
                            levels: -g,
                        })
                    })
                    .collect(),
                below_first: report
                    .rows
                    .iter()
                    .filter(|r| r.is_below_first(report.by))
                    .map(|r| r.competency.clone())
                    .collect(),
                not_yet: super::select::not_yet_at(framework),
                current: current_role
                    .or_else(|| current.last().and_then(|f| f.record.role.as_deref()))
                    == Some(role.id.as_str()),
                summary: report.summary,
            })
        })
        .collect();
    // Best fit: the largest share met; then the fewest requirements not yet
    // rated (a known gap is nearer than an unknown one); then the smallest shortfall.
    fits.sort_by(|a, b| {
        let share = |f: &Fit| (f.summary.met(), f.summary.required().max(1));
        let (am, at) = share(a);
        let (bm, bt) = share(b);
        (bm * at)
            .cmp(&(am * bt))
            .then(a.summary.unrated.cmp(&b.summary.unrated))
            .then(a.shortfall.cmp(&b.shortfall))
            .then(a.role.cmp(&b.role))
    });
    fits
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::fixture::{filed, framework, record};

    #[test]
    fn readiness_ranks_roles_by_share_met_then_shortfall() {
        let f = framework(false);
        let near = RoleProfile {
            id: "near".into(),
            required: vec![("one".into(), "B".into())],
            ..f.roles[0].clone()
        };
        let far = RoleProfile {
            id: "far".into(),
            required: vec![("one".into(), "E".into())],
            ..f.roles[0].clone()
        };
        let records = vec![filed(
            "m.toml",
            record(
                RaterKind::Manager,
                "2026-01-01",
                &[("one", Some("C")), ("two", Some("B")), ("three", Some("D"))],
            ),
        )];
        let fits = readiness(
            "p",
            None,
            &[&f],
            &[&far, &f.roles[0], &near],
            &records,
            None,
        );
        let order: Vec<&str> = fits.iter().map(|f| f.role.as_str()).collect();
        assert_eq!(order, vec!["near", "r", "far"]);
        assert_eq!(fits[2].shortfall, 2);
        let below: Vec<(&str, i64)> = fits[2]
            .below
            .iter()
            .map(|b| (b.competency.as_str(), b.levels))
            .collect();
        assert_eq!(below, vec![("one", 2)]);
    }
}
