//! People against a role: a line per person, and the training needs that
//! add up their shortfalls per competency.

use serde::Serialize;

use super::select::{compare, current, default_by, latest};
use super::{Standing, Summary};
use crate::model::{Framework, RoleProfile};
use crate::record::{Filed, RaterKind};

/// A person's line in a team report.
#[derive(Clone, Debug, Serialize)]
pub struct TeamMember {
    pub person: String,
    /// Rating used per competency of the role, in the role's order.
    pub cells: Vec<Cell>,
    pub summary: Summary,
    /// Ranks short of the role, summed over the competencies below it.
    pub shortfall: i64,
}

#[derive(Clone, Debug, Serialize)]
pub struct Cell {
    pub rating: Option<String>,
    pub gap: Option<i64>,
    pub status: Standing,
}

/// Per competency: how many are below the role and by how much in all.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Need {
    pub competency: String,
    pub name: String,
    pub required: String,
    pub below: usize,
    pub unrated: usize,
    pub shortfall: i64,
}

#[derive(Clone, Debug, Serialize)]
pub struct TeamReport {
    pub role: String,
    pub role_name: String,
    pub framework: String,
    pub competencies: Vec<String>,
    /// How many people were compared (also when `members` is left out).
    pub people: usize,
    /// Every person's line; empty for a summary.
    pub members: Vec<TeamMember>,
    /// Sorted by need: most people below first, then largest shortfall.
    pub needs: Vec<Need>,
    pub meeting_role: usize,
}

/// One person's line against `role`.
pub fn team_member(
    person: &str,
    framework: &Framework,
    role: &RoleProfile,
    records: &[Filed],
    by: Option<RaterKind>,
) -> Option<TeamMember> {
    let current = current(records, &framework.id, None);
    if current.is_empty() {
        return None;
    }
    let by = by.unwrap_or_else(|| default_by(&current));
    let mut summary = Summary::default();
    let mut shortfall = 0;
    let cells = role
        .required
        .iter()
        .map(|(id, required)| {
            let used = latest(&current, by, id);
            let (gap, status) = compare(framework, required, used.map(|u| u.rating));
            summary.add(status);
            if let Some(g) = gap.filter(|g| *g < 0) {
                shortfall -= g;
            }
            Cell {
                rating: used.and_then(|u| u.rating.level.clone()),
                gap,
                status,
            }
        })
        .collect();
    Some(TeamMember {
        person: person.to_owned(),
        cells,
        summary,
        shortfall,
    })
}

/// Add up members into training needs; sorted by need.
/// Training needs added up person by person, so a summary of any number of
/// people takes the same memory.
#[derive(Clone, Debug)]
pub struct Tally {
    needs: Vec<Need>,
    people: usize,
    meeting_role: usize,
}

impl Tally {
    pub fn new(framework: &Framework, role: &RoleProfile) -> Tally {
        let needs = role
            .required
            .iter()
            .map(|(id, required)| Need {
                competency: id.clone(),
                name: framework
                    .competency(id)
                    .map_or_else(|| id.clone(), |c| c.name.clone()),
                required: required.clone(),
                ..Need::default()
            })
            .collect();
        Tally {
            needs,
            people: 0,
            meeting_role: 0,
        }
    }

    pub fn add(&mut self, member: &TeamMember) {
        self.people += 1;
        if member.summary.met() == member.summary.applicable() {
            self.meeting_role += 1;
        }
        for (need, cell) in self.needs.iter_mut().zip(&member.cells) {
            match (cell.status, cell.gap) {
                (Standing::Below, Some(g)) => {
                    need.below += 1;
                    need.shortfall -= g;
                }
                (Standing::Unrated, _) => need.unrated += 1,
                _ => {}
            }
        }
    }

    /// Combine two tallies of different people.
    #[must_use]
    pub fn merge(mut self, other: Tally) -> Tally {
        self.people += other.people;
        self.meeting_role += other.meeting_role;
        for (a, b) in self.needs.iter_mut().zip(other.needs) {
            a.below += b.below;
            a.shortfall += b.shortfall;
            a.unrated += b.unrated;
        }
        self
    }

    /// The report: needs sorted by need. `members` may be empty for a summary.
    pub fn report(
        self,
        framework: &Framework,
        role: &RoleProfile,
        members: Vec<TeamMember>,
    ) -> TeamReport {
        let mut needs = self.needs;
        needs.sort_by(|a, b| b.below.cmp(&a.below).then(b.shortfall.cmp(&a.shortfall)));
        TeamReport {
            role: role.id.clone(),
            role_name: role.name.clone(),
            framework: framework.id.clone(),
            competencies: role.required.iter().map(|(c, _)| c.clone()).collect(),
            people: self.people,
            members,
            needs,
            meeting_role: self.meeting_role,
        }
    }
}

/// Add up members into training needs; sorted by need.
pub fn team(framework: &Framework, role: &RoleProfile, members: Vec<TeamMember>) -> TeamReport {
    let mut tally = Tally::new(framework, role);
    for member in &members {
        tally.add(member);
    }
    tally.report(framework, role, members)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::fixture::{filed, framework, record};

    #[test]
    fn team_totals_are_the_sum_of_person_gaps_sorted_by_need() {
        let f = framework(false);
        let role = f.roles[0].clone();
        let people = [
            (
                "ann",
                vec![("one", Some("A")), ("two", Some("B")), ("three", Some("B"))],
            ),
            (
                "bob",
                vec![("one", Some("C")), ("two", Some("A")), ("three", Some("C"))],
            ),
            ("cat", vec![("one", Some("E")), ("two", Some("B"))]),
        ];
        let mut members = Vec::new();
        for (person, ratings) in &people {
            let records = vec![filed(
                "m.toml",
                record(RaterKind::Manager, "2026-01-01", ratings),
            )];
            members.push(team_member(person, &f, &role, &records, None).unwrap());
        }
        let shortfalls: Vec<i64> = members.iter().map(|m| m.shortfall).collect();
        assert_eq!(shortfalls, vec![4, 2, 0]);
        let report = team(&f, &role, members);
        let needs: Vec<(&str, usize, i64, usize)> = report
            .needs
            .iter()
            .map(|n| (n.competency.as_str(), n.below, n.shortfall, n.unrated))
            .collect();
        assert_eq!(
            needs,
            vec![("three", 2, 3, 1), ("one", 1, 2, 0), ("two", 1, 1, 0)]
        );
        let total: i64 = report.needs.iter().map(|n| n.shortfall).sum();
        assert_eq!(
            total,
            report.members.iter().map(|m| m.shortfall).sum::<i64>()
        );
        assert_eq!(report.meeting_role, 0);
    }
}
