//! The impact of a draft role profile before it is published: for the people
//! who hold the role, who would newly fall below a requirement, who would
//! newly meet one they are below today, who would meet the whole role, and
//! how the training needs would change, per team and in total.
//!
//! The figures are the team report's ([`team_member`], [`Tally`]): each
//! person's line shows their manager's ratings where there are some, else
//! their own; only the manager's count (a requirement nobody rated is never
//! met), and someone with only their own ratings is shown, marked, and not
//! counted. Pure: no I/O.

use std::collections::BTreeMap;

use serde::Serialize;

use super::team::{Need, Rules, Tally, TeamMember, team_member};
use super::{Standing, Whose};
use crate::model::{Framework, RoleProfile};
use crate::record::{Filed, Status};

/// How a requirement changes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum Change {
    Added,
    Removed,
    Raised,
    Lowered,
    /// Now on another framework's scale.
    Changed,
    Same,
}

impl Change {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Change::Added => "added",
            Change::Removed => "removed",
            Change::Raised => "raised",
            Change::Lowered => "lowered",
            Change::Changed => "changed",
            Change::Same => "same",
        }
    }
}

/// One competency's requirement, now and in the draft.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct Requirement {
    pub competency: String,
    pub name: String,
    pub before: Option<String>,
    pub after: Option<String>,
    pub change: Change,
}

/// A person's standing on one competency, now and with the draft.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct Moved {
    pub competency: String,
    pub name: String,
    /// The level their line shows (none: not rated).
    pub level: Option<String>,
    /// How final the record of that rating is (none: not rated).
    pub status: Option<Status>,
    pub required_before: Option<String>,
    pub required_after: Option<String>,
    pub before: Standing,
    pub after: Standing,
}

/// Someone whose standing would change.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct Affected {
    pub person: String,
    pub name: Option<String>,
    pub team: Option<String>,
    /// Whose ratings their line shows (none: nobody has rated them).
    pub by: Option<Whose>,
    /// Whether the figures count them: their ratings are the manager's.
    pub counted: bool,
    pub competencies: Vec<Moved>,
}

/// Someone, by id and name.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct Who {
    pub person: String,
    pub name: Option<String>,
    pub team: Option<String>,
}

/// One competency's training need, now and with the draft.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub(crate) struct NeedChange {
    pub competency: String,
    pub name: String,
    pub below_before: usize,
    pub below_after: usize,
    pub shortfall_before: i64,
    pub shortfall_after: i64,
    pub unrated_before: usize,
    pub unrated_after: usize,
}

impl NeedChange {
    pub(crate) fn changes(&self) -> bool {
        self.below_before != self.below_after
            || self.shortfall_before != self.shortfall_after
            || self.unrated_before != self.unrated_after
    }
}

/// The training needs of one team (none: people the roster gives no team).
#[derive(Clone, Debug, Serialize)]
pub(crate) struct TeamNeeds {
    pub team: Option<String>,
    pub people: usize,
    pub needs: Vec<NeedChange>,
}

/// One role of the draft.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct RoleImpact {
    pub role: String,
    pub name: String,
    pub framework: String,
    /// The role as the workspace has it now: its framework, or none for a new role.
    pub framework_before: Option<String>,
    pub requirements: Vec<Requirement>,
    /// People who hold the role and are with the organisation on the day.
    pub people: usize,
    pub counted_by: Whose,
    pub meeting_before: usize,
    pub meeting_after: usize,
    pub newly_below: Vec<Affected>,
    pub newly_meets: Vec<Affected>,
    pub now_meet_role: Vec<Who>,
    pub no_longer_meet_role: Vec<Who>,
    /// People shown with ratings the figures do not count (only their own).
    pub not_counted: Vec<Who>,
    /// People counted whose ratings come (partly) from draft records.
    pub drafts: usize,
    pub teams: Vec<TeamNeeds>,
    pub total: Vec<NeedChange>,
}

#[derive(Clone, Debug, Serialize)]
pub(crate) struct ImpactReport {
    /// The draft file, as given.
    pub file: String,
    pub as_of: String,
    pub roles: Vec<RoleImpact>,
}

/// One holder of the role, as the command read them.
pub(crate) struct Holder<'a> {
    pub person: &'a str,
    pub name: Option<&'a str>,
    pub team: Option<&'a str>,
    pub records: &'a [Filed],
}

/// The role now (with its framework), when the workspace has one.
pub(crate) type Now<'a> = Option<(&'a Framework, &'a RoleProfile)>;

/// Tallies of one group of people, before and after.
struct Pair {
    people: usize,
    before: Option<Tally>,
    after: Tally,
}

/// Add up the impact of `draft` (on `framework`) for `holders`, against
/// `now`, counting ratings up to `as_of`.
pub(crate) fn impact(
    (framework, draft): (&Framework, &RoleProfile),
    now: Now<'_>,
    holders: &[Holder<'_>],
    as_of: Option<jiff::civil::Date>,
) -> RoleImpact {
    let counted_by = Whose::Manager;
    let rules = Rules {
        by: None,
        as_of,
        counted: counted_by,
    };
    let new_pair = || Pair {
        people: 0,
        before: now.map(|(f, _)| Tally::new(f, counted_by)),
        after: Tally::new(framework, counted_by),
    };
    let mut total = new_pair();
    let mut teams: BTreeMap<Option<String>, Pair> = BTreeMap::new();
    let mut report = RoleImpact {
        role: draft.id.clone(),
        name: draft.name.clone(),
        framework: draft.framework.clone(),
        framework_before: now.map(|(f, _)| f.id.clone()),
        requirements: requirements(framework, draft, now),
        people: holders.len(),
        counted_by,
        meeting_before: 0,
        meeting_after: 0,
        newly_below: Vec::new(),
        newly_meets: Vec::new(),
        now_meet_role: Vec::new(),
        no_longer_meet_role: Vec::new(),
        not_counted: Vec::new(),
        drafts: 0,
        teams: Vec::new(),
        total: Vec::new(),
    };
    for h in holders {
        let after = team_member(h.person, h.name, framework, draft, h.records, rules);
        let before = now.map(|(f, r)| (team_member(h.person, h.name, f, r, h.records, rules), r));
        let who = Who {
            person: h.person.to_owned(),
            name: h.name.map(str::to_owned),
            team: h.team.map(str::to_owned),
        };
        let counted = after.by == Some(counted_by);
        if after.by.is_some() && !counted {
            report.not_counted.push(who.clone());
        }
        if counted && after.by.is_some() && !after.all_final {
            report.drafts += 1;
        }
        let met_before = before.as_ref().is_some_and(|(m, _)| m.meets_role);
        report.meeting_before += usize::from(met_before);
        report.meeting_after += usize::from(after.meets_role);
        match (met_before, after.meets_role) {
            (false, true) => report.now_meet_role.push(who.clone()),
            (true, false) => report.no_longer_meet_role.push(who.clone()),
            _ => {}
        }
        let (below, meets) = moved(framework, before.as_ref().map(|(m, _)| m), &after);
        let person = |competencies: Vec<Moved>| Affected {
            person: who.person.clone(),
            name: who.name.clone(),
            team: who.team.clone(),
            by: after.by,
            counted,
            competencies,
        };
        if !below.is_empty() {
            report.newly_below.push(person(below));
        }
        if !meets.is_empty() {
            report.newly_meets.push(person(meets));
        }
        let team = teams
            .entry(h.team.map(str::to_owned))
            .or_insert_with(new_pair);
        for pair in [&mut total, team] {
            pair.people += 1;
            pair.after.add(&after, draft);
            if let (Some(tally), Some((member, role))) = (&mut pair.before, &before) {
                tally.add(member, role);
            }
        }
    }
    // Teams by name, people without a team last.
    let mut teams: Vec<(Option<String>, Pair)> = teams.into_iter().collect();
    teams.sort_by_key(|(team, _)| (team.is_none(), team.clone()));
    report.teams = teams
        .into_iter()
        .map(|(team, pair)| TeamNeeds {
            team,
            people: pair.people,
            needs: needs(framework, pair),
        })
        .collect();
    report.total = needs(framework, total);
    report
}

/// Each competency either version requires: the level now and in the draft.
fn requirements(framework: &Framework, draft: &RoleProfile, now: Now<'_>) -> Vec<Requirement> {
    let mut ids: Vec<&str> = draft.required.iter().map(|(c, _)| c.as_str()).collect();
    if let Some((_, role)) = now {
        for (c, _) in &role.required {
            if !ids.contains(&c.as_str()) {
                ids.push(c);
            }
        }
    }
    // A role moved to another framework: its levels are not comparable.
    let same_scale = now.is_some_and(|(f, _)| f.id == framework.id);
    ids.into_iter()
        .map(|id| {
            let before = now.and_then(|(_, r)| r.required_level(id).map(str::to_owned));
            let after = draft.required_level(id).map(str::to_owned);
            let name = framework
                .competency(id)
                .or_else(|| now.and_then(|(f, _)| f.competency(id)))
                .map_or_else(|| id.to_owned(), |c| c.name.clone());
            let rank = |code: &String| framework.scale.rank(code);
            let change = match (&before, &after) {
                (None, Some(_)) => Change::Added,
                (Some(_), None) => Change::Removed,
                (Some(b), Some(a)) => match (rank(b), rank(a)) {
                    (Some(b), Some(a)) if same_scale => match a.cmp(&b) {
                        std::cmp::Ordering::Greater => Change::Raised,
                        std::cmp::Ordering::Less => Change::Lowered,
                        std::cmp::Ordering::Equal => Change::Same,
                    },
                    _ => Change::Changed,
                },
                (None, None) => Change::Same,
            };
            Requirement {
                competency: id.to_owned(),
                name,
                before,
                after,
                change,
            }
        })
        .collect()
}

/// The competencies a person would newly be below, and those they would
/// newly meet (below today, met with the draft).
fn moved(
    framework: &Framework,
    before: Option<&TeamMember>,
    after: &TeamMember,
) -> (Vec<Moved>, Vec<Moved>) {
    let mut competencies: Vec<&str> = after.cells.iter().map(|c| c.competency.as_str()).collect();
    if let Some(b) = before {
        for c in &b.cells {
            if !competencies.contains(&c.competency.as_str()) {
                competencies.push(&c.competency);
            }
        }
    }
    let (mut below, mut meets) = (Vec::new(), Vec::new());
    for id in competencies {
        let was = before.and_then(|b| b.cells.iter().find(|c| c.competency == id));
        let is = after.cells.iter().find(|c| c.competency == id);
        let status =
            |cell: Option<&super::team::Cell>| cell.map_or(Standing::NotRequired, |c| c.status);
        let (b, a) = (status(was), status(is));
        let entry = || Moved {
            competency: id.to_owned(),
            name: framework
                .competency(id)
                .map_or_else(|| id.to_owned(), |c| c.name.clone()),
            level: is.or(was).and_then(|c| c.level()).map(str::to_owned),
            status: is.or(was).and_then(|c| c.rating.as_ref()).map(|r| r.status),
            required_before: was.and_then(|c| c.required.clone()),
            required_after: is.and_then(|c| c.required.clone()),
            before: b,
            after: a,
        };
        if a == Standing::Below && b != Standing::Below {
            below.push(entry());
        } else if matches!(a, Standing::Meets | Standing::Exceeds) && b == Standing::Below {
            meets.push(entry());
        }
    }
    (below, meets)
}

/// The needs of a group, competency by competency (the draft's first, then
/// those only the role now asks for), in framework order.
fn needs(framework: &Framework, pair: Pair) -> Vec<NeedChange> {
    let after = pair.after.section(Vec::new()).needs;
    let before: Vec<Need> = pair
        .before
        .map(|t| t.section(Vec::new()).needs)
        .unwrap_or_default();
    let order = |id: &str| {
        framework
            .competencies
            .iter()
            .position(|c| c.id == id)
            .unwrap_or(usize::MAX)
    };
    let mut rows: Vec<NeedChange> = Vec::new();
    for n in &after {
        rows.push(NeedChange {
            competency: n.competency.clone(),
            name: n.name.clone(),
            below_after: n.below,
            shortfall_after: n.shortfall,
            unrated_after: n.unrated,
            ..NeedChange::default()
        });
    }
    for n in &before {
        let at = rows.iter().position(|r| r.competency == n.competency);
        let at = at.unwrap_or_else(|| {
            rows.push(NeedChange {
                competency: n.competency.clone(),
                name: n.name.clone(),
                ..NeedChange::default()
            });
            rows.len() - 1
        });
        let row = &mut rows[at];
        row.below_before = n.below;
        row.shortfall_before = n.shortfall;
        row.unrated_before = n.unrated;
    }
    rows.sort_by_key(|r| order(&r.competency));
    rows
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::RaterKind::{Manager, SelfAssessment};
    use crate::report::fixture::{filed, framework, record};

    #[test]
    fn a_changed_role_says_who_falls_below_who_meets_and_how_needs_change_per_team() {
        let f = framework(false);
        let now = f.roles[0].clone(); // one: C, two: B, three: D
        let draft = RoleProfile {
            required: vec![("one".into(), "B".into()), ("two".into(), "C".into())],
            ..now.clone()
        };
        let ann = vec![filed(
            "m.toml",
            record(
                Manager,
                "2026-01-01",
                &[("one", Some("B")), ("two", Some("B")), ("three", Some("D"))],
            ),
        )];
        let bob = vec![filed(
            "m.toml",
            record(
                Manager,
                "2026-01-01",
                &[("one", Some("C")), ("two", Some("C")), ("three", Some("A"))],
            ),
        )];
        let own = vec![filed(
            "s.toml",
            record(
                SelfAssessment,
                "2026-01-01",
                &[("one", Some("A")), ("two", Some("B"))],
            ),
        )];
        let holders = [
            Holder {
                person: "ann",
                name: Some("Ann"),
                team: Some("North"),
                records: &ann,
            },
            Holder {
                person: "bob",
                name: None,
                team: None,
                records: &bob,
            },
            Holder {
                person: "cy",
                name: None,
                team: Some("North"),
                records: &own,
            },
        ];
        let r = impact((&f, &draft), Some((&f, &now)), &holders, None);
        let changes: Vec<(&str, Change)> = r
            .requirements
            .iter()
            .map(|q| (q.competency.as_str(), q.change))
            .collect();
        assert_eq!(
            changes,
            [
                ("one", Change::Lowered),
                ("two", Change::Raised),
                ("three", Change::Removed)
            ]
        );
        let names = |people: &[Affected]| -> Vec<(String, bool)> {
            people
                .iter()
                .map(|p| (p.person.clone(), p.counted))
                .collect()
        };
        // Ann: B on two, now required C; Cy only by her own rating, marked.
        assert_eq!(
            names(&r.newly_below),
            [("ann".into(), true), ("cy".into(), false)]
        );
        assert_eq!(r.newly_below[0].competencies[0].competency, "two");
        // Ann: B on one, no longer below.
        assert_eq!(names(&r.newly_meets), [("ann".into(), true)]);
        // Bob is below on three now; the draft drops it.
        let who = |w: &[Who]| w.iter().map(|w| w.person.clone()).collect::<Vec<_>>();
        assert_eq!(who(&r.now_meet_role), ["bob"]);
        assert_eq!((r.meeting_before, r.meeting_after), (0, 1));
        assert_eq!(who(&r.not_counted), ["cy"]);
        // Per team: North (Ann, Cy) then no team (Bob); the total is their sum.
        let teams: Vec<Option<&str>> = r.teams.iter().map(|t| t.team.as_deref()).collect();
        assert_eq!(teams, [Some("North"), None]);
        let need = |needs: &[NeedChange], id: &str| {
            let n = needs.iter().find(|n| n.competency == id).unwrap();
            (
                n.below_before,
                n.below_after,
                n.shortfall_before,
                n.shortfall_after,
            )
        };
        assert_eq!(need(&r.teams[0].needs, "two"), (0, 1, 0, 1));
        assert_eq!(need(&r.teams[0].needs, "one"), (1, 0, 1, 0));
        assert_eq!(need(&r.teams[1].needs, "three"), (1, 0, 3, 0));
        assert_eq!(need(&r.total, "three"), (1, 0, 3, 0));
        assert_eq!(need(&r.total, "one"), (1, 0, 1, 0));
        // Cy counts as not rated, before and after.
        let n = r.total.iter().find(|n| n.competency == "two").unwrap();
        assert_eq!((n.unrated_before, n.unrated_after), (1, 1));
    }

    #[test]
    fn a_new_role_has_nothing_before_it() {
        let f = framework(false);
        let draft = RoleProfile {
            id: "new".into(),
            ..f.roles[0].clone()
        };
        let records = vec![filed(
            "m.toml",
            record(Manager, "2026-01-01", &[("one", Some("A"))]),
        )];
        let holders = [Holder {
            person: "p",
            name: None,
            team: None,
            records: &records,
        }];
        let r = impact((&f, &draft), None, &holders, None);
        assert!(r.framework_before.is_none());
        assert!(r.requirements.iter().all(|q| q.change == Change::Added));
        assert_eq!(r.newly_below.len(), 1);
        assert!(r.newly_meets.is_empty());
    }
}
