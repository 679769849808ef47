//! People against their roles: a line per person, and the training needs that
//! add up their shortfalls per competency. People whose roles use different
//! frameworks are in one section per framework; within a section each person
//! is compared with their own role.
//!
//! Every cell says whose rating it shows and how final it is. The figures
//! (who meets their role, the training needs) count one kind of rater's
//! ratings — their line manager's unless asked otherwise — so a person's own
//! draft view never passes as the team's: someone with only a
//! self-assessment is shown with it, marked, counted as not yet rated, and
//! named apart.

use serde::Serialize;

use super::select::{compare, current, default_by, is_below_first, latest};
use super::{Standing, Summary, Whose};
use crate::model::{Framework, RoleProfile};
use crate::record::{Filed, RaterKind, Status};

/// A person's line in a team report.
#[derive(Clone, Debug, Serialize)]
pub struct TeamMember {
    pub person: String,
    pub name: Option<String>,
    /// The role the person is compared with.
    pub role: String,
    /// Whose ratings the line shows (`None`: nobody has rated them).
    pub by: Option<Whose>,
    /// Whether every rating shown is from a final record.
    pub all_final: bool,
    /// Per competency of the section; `not-required` where their role asks nothing.
    pub cells: Vec<Cell>,
    pub summary: Summary,
    /// Ranks short of the role, summed over the competencies below it.
    pub shortfall: i64,
    /// Whether the line counts as meeting the role: every requirement met
    /// by the ratings the figures count.
    pub meets_role: bool,
    /// The records the line's ratings come from (file names in the
    /// person's folder), oldest first.
    pub sources: Vec<String>,
}

/// One rating as a team cell shows it: the level, whose, how final.
#[derive(Clone, Debug, Serialize)]
pub struct Rated {
    /// The level; `None` when the rater marked the competency not applicable,
    /// or the rating is below the first level.
    pub level: Option<String>,
    /// The scale's first level, when the rating is below it (a checklist
    /// that shows the first level not reached).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub below: Option<String>,
    pub by: Whose,
    pub status: Status,
    /// Negative behaviours ticked in this rating (Arun's contra
    /// indicators): shown with the cell, however high its level.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub negative: Vec<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Cell {
    pub competency: String,
    /// The level the person's role requires here.
    pub required: Option<String>,
    /// The rating shown; `None` when nobody rated it.
    pub rating: Option<Rated>,
    pub gap: Option<i64>,
    pub status: Standing,
}

impl Cell {
    /// The level shown, if any.
    pub fn level(&self) -> Option<&str> {
        self.rating.as_ref().and_then(|r| r.level.as_deref())
    }

    /// The level as a cell shows it: the code, or `<engaged` for a rating
    /// below the first level.
    pub fn shown(&self) -> Option<String> {
        let rated = self.rating.as_ref()?;
        match (&rated.level, &rated.below) {
            (Some(level), _) => Some(level.clone()),
            (None, Some(first)) => Some(format!("<{first}")),
            (None, None) => None,
        }
    }
}

/// Someone in a section whose line is not counted in its figures: only
/// their own (or peers') ratings are recorded.
#[derive(Clone, Debug, Serialize)]
pub struct NotCounted {
    pub person: String,
    pub name: Option<String>,
    pub by: Whose,
}

/// Per competency: how many are below their role and by how much in all.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Need {
    pub competency: String,
    pub name: String,
    /// The level required, when every role in the section requires the same.
    pub required: Option<String>,
    pub below: usize,
    pub unrated: usize,
    /// People whose rater marked the competency not applicable although
    /// their role requires it: not assessed, never met.
    pub not_assessed: usize,
    pub shortfall: i64,
}

/// The people of one framework.
#[derive(Clone, Debug, Serialize)]
pub struct Section {
    /// The role, when everyone in the section holds the same one.
    pub role: Option<String>,
    pub role_name: Option<String>,
    pub framework: String,
    /// Every competency any of the section's roles requires, in framework order.
    pub competencies: Vec<String>,
    /// Their names, in the same order.
    pub competency_names: Vec<String>,
    /// How many people were compared (also when `members` is left out).
    pub people: usize,
    /// Every person's line; empty for a summary.
    pub members: Vec<TeamMember>,
    /// Sorted by need: most people below first, then largest shortfall.
    pub needs: Vec<Need>,
    /// People whose line meets the whole of their role by the ratings the
    /// figures count.
    pub meeting_role: usize,
    /// Whose ratings the figures (meeting the role, the training needs) count.
    pub counted_by: Whose,
    /// People shown with ratings of another kind, not counted in the
    /// figures (they count as not yet rated): self-assessed only, say.
    pub not_counted: Vec<NotCounted>,
    /// People counted whose ratings come (partly) from draft records.
    pub drafts: usize,
    /// What the framework calls its negative behaviours (`Contra Indicators`).
    #[serde(skip)]
    pub negative_label: String,
}

/// Someone in scope who cannot be compared with a role.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct Unplaced {
    pub person: String,
    pub name: Option<String>,
    pub reason: String,
}

/// How a team's lines are drawn: whose ratings each line shows (`None`: per
/// person, their manager's when they have a manager assessment, else their
/// own), up to which day, and whose ratings the figures count.
#[derive(Clone, Copy, Debug)]
pub struct Rules {
    pub by: Option<RaterKind>,
    pub as_of: Option<jiff::civil::Date>,
    pub counted: Whose,
}

impl Rules {
    /// Each line by its person's manager's ratings where there are some,
    /// all records, counting managers'.
    pub const MANAGERS: Rules = Rules {
        by: None,
        as_of: None,
        counted: Whose::Manager,
    };
}

/// A team: one section per framework (always a list, however many), and
/// the people who could not be placed.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct TeamReport {
    /// Who is in the report, in words: "the people Sam Lee manages".
    pub scope: String,
    /// The day the report was made.
    pub date: String,
    /// The day the figures are for (`--as-of`), when not the day made.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub as_of: Option<String>,
    pub sections: Vec<Section>,
    pub unplaced: Vec<Unplaced>,
}

/// One person's line: each competency their role requires, in framework
/// order, by the ratings of `by` (default: their manager's when they have a
/// manager assessment, else their own) dated on or before `as_of` (all when
/// `None`). Someone with no ratings on the framework is all unrated, so a
/// manager sees who is missing. `counted` is whose ratings the report's
/// figures count: the line meets the role only when its ratings are that
/// kind's and meet every requirement.
pub fn team_member(
    person: &str,
    name: Option<&str>,
    framework: &Framework,
    role: &RoleProfile,
    records: &[Filed],
    rules: Rules,
) -> TeamMember {
    let Rules { by, as_of, counted } = rules;
    let current = current(records, &framework.id, as_of);
    let kind = by.unwrap_or_else(|| default_by(&current));
    let mut summary = Summary::default();
    let mut shortfall = 0;
    let mut any = false;
    let mut all_final = true;
    let mut sources: Vec<&Filed> = Vec::new();
    let cells = role
        .required
        .iter()
        .map(|(id, required)| {
            let used = latest(&current, kind, id);
            let (gap, status) = compare(framework, required, used.map(|u| u.rating));
            summary.add(status);
            if let Some(g) = gap.filter(|g| *g < 0) {
                shortfall -= g;
            }
            if let Some(u) = used
                && let Some(filed) = current.iter().find(|f| f.file == u.file)
                && !sources.iter().any(|s| s.file == filed.file)
            {
                sources.push(filed);
            }
            let rating = used.map(|u| {
                any = true;
                all_final &= u.record.status == Status::Final;
                Rated {
                    level: (!u.rating.not_applicable)
                        .then(|| u.rating.level.clone())
                        .flatten(),
                    below: is_below_first(framework, u.rating)
                        .then(|| framework.scale.levels.first().map(|l| l.code.clone()))
                        .flatten(),
                    by: Whose::from(u.record.by),
                    status: u.record.status,
                    negative: crate::report::gap::negative_ticks(framework, id, u.rating).collect(),
                }
            });
            Cell {
                competency: id.clone(),
                required: Some(required.clone()),
                rating,
                gap,
                status,
            }
        })
        .collect();
    let by = any.then(|| Whose::from(kind));
    sources.sort_by(|a, b| Filed::chronological(a, b));
    TeamMember {
        sources: sources.iter().map(|f| f.file.clone()).collect(),
        person: person.to_owned(),
        name: name.map(str::to_owned),
        role: role.id.clone(),
        meets_role: by == Some(counted) && summary.meets_all(),
        by,
        all_final: any && all_final,
        cells,
        summary,
        shortfall,
    }
}

/// Training needs added up person by person, so a summary of any number of
/// people takes the same memory.
#[derive(Clone, Debug)]
pub(crate) struct Tally {
    framework: String,
    negative_label: String,
    /// Every competency of the framework, in order: id and name.
    order: Vec<(String, String)>,
    /// The needs of the competencies any role asked for, by position in `order`.
    needs: Vec<Option<Need>>,
    /// How many of the roles ask for each competency, by position in `order`.
    asked: Vec<usize>,
    roles: Vec<(String, String)>,
    people: usize,
    meeting_role: usize,
    counted_by: Whose,
    not_counted: Vec<NotCounted>,
    drafts: usize,
}

impl Tally {
    /// A tally of the ratings of `counted_by` (their manager's, unless a
    /// report asks for another kind).
    pub(crate) fn new(framework: &Framework, counted_by: Whose) -> Tally {
        Tally {
            framework: framework.id.clone(),
            negative_label: framework.labels.negative.clone(),
            order: framework
                .competencies
                .iter()
                .map(|c| (c.id.clone(), c.name.clone()))
                .collect(),
            needs: vec![None; framework.competencies.len()],
            asked: vec![0; framework.competencies.len()],
            roles: Vec::new(),
            people: 0,
            meeting_role: 0,
            counted_by,
            not_counted: Vec::new(),
            drafts: 0,
        }
    }

    /// The section of a role nobody in scope holds: its competencies, no one.
    pub(crate) fn empty(framework: &Framework, role: &RoleProfile, counted_by: Whose) -> Section {
        let mut tally = Tally::new(framework, counted_by);
        tally.roles.push((role.id.clone(), role.name.clone()));
        for (i, c) in framework.competencies.iter().enumerate() {
            if let Some(required) = role.required_level(&c.id) {
                tally.asked[i] = 1;
                tally.needs[i] = Some(Need {
                    competency: c.id.clone(),
                    name: c.name.clone(),
                    required: Some(required.to_owned()),
                    ..Need::default()
                });
            }
        }
        tally.section(Vec::new())
    }

    /// Count one person's line against `role`.
    pub(crate) fn add(&mut self, member: &TeamMember, role: &RoleProfile) {
        if !self.roles.iter().any(|(id, _)| *id == role.id) {
            self.roles.push((role.id.clone(), role.name.clone()));
            for (i, (id, _)) in self.order.iter().enumerate() {
                if role.required_level(id).is_some() {
                    self.asked[i] += 1;
                }
            }
        }
        self.people += 1;
        if member.meets_role {
            self.meeting_role += 1;
        }
        // A line of another kind's ratings (a self-assessment, where the
        // figures count managers') is shown but counts as not yet rated.
        let counted = match member.by {
            Some(by) if by != self.counted_by => {
                self.not_counted.push(NotCounted {
                    person: member.person.clone(),
                    name: member.name.clone(),
                    by,
                });
                false
            }
            _ => true,
        };
        if counted && member.by.is_some() && !member.all_final {
            self.drafts += 1;
        }
        for cell in &member.cells {
            let Some(i) = self.order.iter().position(|(id, _)| *id == cell.competency) else {
                continue;
            };
            let (id, name) = &self.order[i];
            let need = self.needs[i].get_or_insert_with(|| Need {
                competency: id.clone(),
                name: name.clone(),
                required: cell.required.clone(),
                ..Need::default()
            });
            if need.required != cell.required {
                need.required = None;
            }
            if !counted {
                if cell.status != Standing::NotRequired {
                    need.unrated += 1;
                }
                continue;
            }
            match (cell.status, cell.gap) {
                (Standing::Below, Some(g)) => {
                    need.below += 1;
                    need.shortfall -= g;
                }
                (Standing::Unrated, _) => need.unrated += 1,
                (Standing::NotApplicable, _) => need.not_assessed += 1,
                _ => {}
            }
        }
    }

    /// The section: members' lines laid out on the section's competencies,
    /// needs sorted by need. `members` may be empty for a summary. A level
    /// is "required" of a competency only when every role of the section
    /// asks the same one; else it varies (and each cell shows its own).
    pub(crate) fn section(mut self, members: Vec<TeamMember>) -> Section {
        let roles = self.roles.len();
        for (need, asked) in self.needs.iter_mut().zip(&self.asked) {
            if let Some(need) = need
                && *asked < roles
            {
                need.required = None;
            }
        }
        let present: Vec<&Need> = self.needs.iter().flatten().collect();
        let competencies: Vec<String> = present.iter().map(|n| n.competency.clone()).collect();
        let competency_names: Vec<String> = present.iter().map(|n| n.name.clone()).collect();
        let members = members
            .into_iter()
            .map(|mut m| {
                // Most lines have the section's competencies already, in
                // its order; the others are laid out on them (cells moved,
                // not copied).
                let laid_out = m.cells.len() == competencies.len()
                    && m.cells
                        .iter()
                        .zip(&competencies)
                        .all(|(c, id)| c.competency == *id);
                if !laid_out {
                    let mut cells = std::mem::take(&mut m.cells);
                    m.cells = competencies
                        .iter()
                        .map(|id| match cells.iter().position(|c| c.competency == *id) {
                            Some(i) => cells.swap_remove(i),
                            None => Cell {
                                competency: id.clone(),
                                required: None,
                                rating: None,
                                gap: None,
                                status: Standing::NotRequired,
                            },
                        })
                        .collect();
                }
                m
            })
            .collect();
        let mut needs: Vec<Need> = self.needs.into_iter().flatten().collect();
        needs.sort_by(|a, b| b.below.cmp(&a.below).then(b.shortfall.cmp(&a.shortfall)));
        let single = match self.roles.as_slice() {
            [(id, name)] => Some((id.clone(), name.clone())),
            _ => None,
        };
        Section {
            role: single.as_ref().map(|(id, _)| id.clone()),
            role_name: single.map(|(_, name)| name),
            framework: self.framework,
            competencies,
            competency_names,
            people: self.people,
            members,
            needs,
            meeting_role: self.meeting_role,
            counted_by: self.counted_by,
            not_counted: self.not_counted,
            drafts: self.drafts,
            negative_label: self.negative_label,
        }
    }
}

/// A section from its members (each with their role): needs added up,
/// sorted by need, counting managers' ratings.
pub fn section(framework: &Framework, members: Vec<(TeamMember, &RoleProfile)>) -> Section {
    let mut tally = Tally::new(framework, Whose::Manager);
    for (member, role) in &members {
        tally.add(member, role);
    }
    tally.section(members.into_iter().map(|(m, _)| m).collect())
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
            members.push((
                team_member(person, None, &f, &role, &records, Rules::MANAGERS),
                &role,
            ));
        }
        let shortfalls: Vec<i64> = members.iter().map(|(m, _)| m.shortfall).collect();
        assert_eq!(shortfalls, vec![4, 2, 0]);
        let report = section(&f, members);
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

    #[test]
    fn people_with_different_roles_are_each_held_to_their_own() {
        let f = framework(false);
        let high = f.roles[0].clone();
        let low = RoleProfile {
            id: "low".into(),
            required: vec![("one".into(), "A".into())],
            ..high.clone()
        };
        let records = vec![filed(
            "m.toml",
            record(RaterKind::Manager, "2026-01-01", &[("one", Some("B"))]),
        )];
        let a = team_member("a", None, &f, &high, &records, Rules::MANAGERS);
        let b = team_member("b", None, &f, &low, &records, Rules::MANAGERS);
        assert_eq!(a.cells[0].status, Standing::Below, "C is required, B given");
        assert_eq!(
            b.cells[0].status,
            Standing::Exceeds,
            "A is required, B given"
        );
        let s = section(&f, vec![(a, &high), (b, &low)]);
        assert_eq!(s.members[1].cells[1].status, Standing::NotRequired);
        assert_eq!(s.role, None, "two roles: no single role");
        assert!(
            s.needs
                .iter()
                .find(|n| n.competency == "one")
                .unwrap()
                .required
                .is_none()
        );
    }

    #[test]
    fn someone_without_ratings_is_all_unrated() {
        let f = framework(false);
        let role = f.roles[0].clone();
        let m = team_member("new", Some("New Starter"), &f, &role, &[], Rules::MANAGERS);
        assert!(m.cells.iter().all(|c| c.status == Standing::Unrated));
        assert_eq!(m.summary.unrated, 3);
    }
}
