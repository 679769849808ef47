//! The organisation: who is in the workspace, their name, role, team and line
//! manager, and when they left. Pure: the roster's rules (ids, roles that
//! exist, managers who exist, no loop in a reporting line) and what a
//! re-import changes; `store` reads and writes the file, `roster::import`
//! reads a spreadsheet of people.

pub(crate) mod import;

use std::collections::{BTreeMap, HashMap, HashSet};

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::record::rules::strict_date;

/// The roster file's format version.
pub(crate) const SCHEMA: u32 = 1;

/// One person of the organisation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub(crate) struct Member {
    /// The person's id, as in `assessments/<id>/`.
    pub id: String,
    /// The name people know them by.
    pub name: String,
    /// The role profile they hold.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    /// Their team.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub team: Option<String>,
    /// Their line manager's id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub manager: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// The day they leave (`YYYY-MM-DD`): the first day they are no longer
    /// with the organisation (see [`active_on`]). Leavers stay, so their
    /// records stay readable.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub left: Option<String>,
}

impl Member {
    /// Whether they are with the organisation on `day` ([`active_on`]).
    pub(crate) fn is_active_on(&self, day: Date) -> bool {
        active_on(self.left.as_deref(), day)
    }
}

/// Whether `member` reports to `manager` and is with the organisation on
/// the manager's leaving date and after `today`: one left behind, who will
/// need a new line manager.
pub(crate) fn is_left_behind(member: &Member, manager: &Member, today: Date) -> bool {
    let Some(left) = manager.left.as_deref().and_then(strict_date) else {
        return false;
    };
    // Someone with the organisation on a later day is on every day before
    // it, back to the manager's leaving date.
    member.manager.as_deref() == Some(manager.id.as_str()) && member.is_active_on(left.max(today))
}

/// The one rule for leavers, used by every command: someone is with the
/// organisation on `day` when they have no leaving date or it is after
/// `day`. The leaving date is the first day they are gone, so they count up
/// to and including the day before it, and a date ahead changes nothing
/// until it comes. A leaving date that is not a date (which `validate`
/// reports) counts as gone: the roster says they left.
pub(crate) fn active_on(left: Option<&str>, day: Date) -> bool {
    left.is_none_or(|text| strict_date(text).is_some_and(|left| left > day))
}

/// `roster.toml`: every person, in id order. Every roster the library makes
/// is kept in that order ([`read`](crate::store::read_roster), [`replace`],
/// [`upsert`] sort it), so a person is found by a binary search.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub(crate) struct Roster {
    #[serde(default)]
    pub schema: u32,
    #[serde(default, rename = "person")]
    pub people: Vec<Member>,
    /// Entries left out when the file was read (an id that is not valid).
    #[serde(skip)]
    pub problems: Vec<crate::diagnostic::Diagnostic>,
}

impl PartialEq for Roster {
    fn eq(&self, other: &Self) -> bool {
        self.schema == other.schema && self.people == other.people
    }
}

impl Roster {
    /// The person with this id (the first entry, should the file name one
    /// twice). The roster is kept in id order ([`Roster::sort`]: reading,
    /// importing and adding keep it), so this is a binary search.
    pub(crate) fn get(&self, id: &str) -> Option<&Member> {
        let at = self.people.partition_point(|m| m.id.as_str() < id);
        self.people.get(at).filter(|m| m.id == id)
    }

    /// The name to show for a person, when the roster knows it.
    pub(crate) fn name(&self, id: &str) -> Option<&str> {
        self.get(id).map(|m| m.name.as_str())
    }

    /// The people whose line manager is `manager`; with `all`, everyone in
    /// the reporting line below them. Each person is looked at once, however
    /// deep the line.
    pub(crate) fn reports_of(&self, manager: &str, all: bool) -> Vec<&Member> {
        let mut reports: HashMap<&str, Vec<&Member>> = HashMap::new();
        for m in &self.people {
            if let Some(boss) = m.manager.as_deref() {
                reports.entry(boss).or_default().push(m);
            }
        }
        let mut found: Vec<&Member> = Vec::new();
        let mut bosses = vec![manager];
        let mut seen: HashSet<&str> = HashSet::from([manager]);
        while let Some(boss) = bosses.pop() {
            for &m in reports.get(boss).map_or(&[][..], Vec::as_slice) {
                if seen.insert(&m.id) {
                    found.push(m);
                    if all {
                        bosses.push(&m.id);
                    }
                }
            }
        }
        found.sort_by(|a, b| a.id.cmp(&b.id));
        found
    }

    /// The managers whose leaving date `self` sets or changes from `old`,
    /// each with the people who would still report to them
    /// ([`is_left_behind`]). One pass over each roster, however many
    /// leave at once.
    pub(crate) fn newly_left_behind(
        &self,
        old: &Roster,
        today: Date,
    ) -> Vec<(&Member, Vec<&Member>)> {
        let before: HashMap<&str, Option<&str>> = old
            .people
            .iter()
            .map(|m| (m.id.as_str(), m.left.as_deref()))
            .collect();
        let mut reports: HashMap<&str, Vec<&Member>> = HashMap::new();
        for m in &self.people {
            if let Some(manager) = m.manager.as_deref() {
                reports.entry(manager).or_default().push(m);
            }
        }
        self.people
            .iter()
            .filter(|m| m.left.is_some() && before.get(m.id.as_str()) != Some(&m.left.as_deref()))
            .filter_map(|m| {
                let behind: Vec<&Member> = reports
                    .get(m.id.as_str())?
                    .iter()
                    .copied()
                    .filter(|r| is_left_behind(r, m, today))
                    .collect();
                (!behind.is_empty()).then_some((m, behind))
            })
            .collect()
    }

    /// Sorted by id, as the file keeps them.
    pub(crate) fn sort(&mut self) {
        self.people.sort_by(|a, b| a.id.cmp(&b.id));
    }
}

/// How a new roster differs from the old one.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub(crate) struct Changes {
    pub added: Vec<String>,
    pub changed: Vec<String>,
    /// Marked as left: missing from a re-import.
    pub left: Vec<String>,
    pub unchanged: usize,
}

impl Changes {
    pub(crate) fn is_empty(&self) -> bool {
        self.added.is_empty() && self.changed.is_empty() && self.left.is_empty()
    }
}

/// Replace `old` with `new` (a full import): people missing from `new` are
/// kept, never deleted, and marked as having left on `day` unless they had
/// already gone by then (a leaving date later than `day` is brought
/// forward: they are missing from the organisation's list now).
pub(crate) fn replace(old: &Roster, new: Vec<Member>, day: Date) -> (Roster, Changes) {
    let mut changes = Changes::default();
    let mut people: BTreeMap<String, Member> = BTreeMap::new();
    for member in new {
        match old.get(&member.id) {
            None => changes.added.push(member.id.clone()),
            Some(before) if *before == member => changes.unchanged += 1,
            Some(_) => changes.changed.push(member.id.clone()),
        }
        people.insert(member.id.clone(), member);
    }
    for before in &old.people {
        if !people.contains_key(&before.id) {
            let mut gone = before.clone();
            if gone.is_active_on(day) {
                gone.left = Some(day.to_string());
                changes.left.push(gone.id.clone());
            } else {
                changes.unchanged += 1;
            }
            people.insert(gone.id.clone(), gone);
        }
    }
    let roster = Roster {
        schema: SCHEMA,
        people: people.into_values().collect(),
        problems: Vec::new(),
    };
    (roster, changes)
}

/// When a re-import would mark more than half of the people with the
/// organisation on `day` as left, (how many, of how many): more often a
/// file cut short, or the wrong file, than an organisation emptied.
pub(crate) fn mass_leave(old: &Roster, changes: &Changes, day: Date) -> Option<(usize, usize)> {
    let here = old.people.iter().filter(|m| m.is_active_on(day)).count();
    let leaving = changes.left.len();
    (leaving * 2 > here).then_some((leaving, here))
}

/// Add `member` to `old`, or update the person with its id.
pub(crate) fn upsert(old: &Roster, member: Member) -> (Roster, Changes) {
    let mut changes = Changes::default();
    let mut roster = old.clone();
    roster.schema = SCHEMA;
    match roster.people.iter_mut().find(|m| m.id == member.id) {
        Some(existing) if *existing == member => changes.unchanged += 1,
        Some(existing) => {
            *existing = member.clone();
            changes.changed.push(member.id.clone());
        }
        None => {
            changes.added.push(member.id.clone());
            roster.people.push(member);
        }
    }
    roster.sort();
    (roster, changes)
}

/// The people in a loop of line managers (`a` manages `b` manages `a`), in
/// the order given. Linear: each person's line is followed until it meets a
/// person already placed, so a reporting line 10 000 deep costs 10 000 steps,
/// not 10 000 for each person on it. A manager is found by id (the first
/// person with it, should two share one).
pub(crate) fn manager_loops(people: &[Member]) -> Vec<&str> {
    #[derive(Clone, Copy, PartialEq)]
    enum State {
        New,
        OnLine,
        Placed,
    }
    let mut index: HashMap<&str, usize> = HashMap::with_capacity(people.len());
    for (i, m) in people.iter().enumerate() {
        index.entry(m.id.as_str()).or_insert(i);
    }
    let manager: Vec<Option<usize>> = people
        .iter()
        .map(|m| m.manager.as_deref().and_then(|id| index.get(id).copied()))
        .collect();
    let mut state = vec![State::New; people.len()];
    let mut looped = vec![false; people.len()];
    let mut line = Vec::new();
    for start in 0..people.len() {
        let mut at = Some(start);
        while let Some(i) = at {
            match state[i] {
                State::New => {
                    state[i] = State::OnLine;
                    line.push(i);
                    at = manager[i];
                }
                State::OnLine => {
                    // The line came back to someone on it: they and everyone
                    // after them on the line manage each other in a loop.
                    let from = line.iter().rposition(|&p| p == i).unwrap_or(0);
                    for &p in &line[from..] {
                        looped[p] = true;
                    }
                    break;
                }
                State::Placed => break,
            }
        }
        for p in line.drain(..) {
            state[p] = State::Placed;
        }
    }
    people
        .iter()
        .zip(looped)
        .filter_map(|(m, looped)| looped.then_some(m.id.as_str()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn member(id: &str, manager: Option<&str>) -> Member {
        Member {
            id: id.to_owned(),
            name: id.to_uppercase(),
            manager: manager.map(str::to_owned),
            ..Member::default()
        }
    }

    #[test]
    fn a_reimport_marks_the_missing_as_left_and_says_what_changed() {
        let (old, _) = replace(
            &Roster::default(),
            vec![member("ann", None), member("bob", Some("ann"))],
            "2026-01-01".parse().unwrap(),
        );
        let mut bob = member("bob", Some("cat"));
        bob.team = Some("North".to_owned());
        let (new, changes) = replace(
            &old,
            vec![bob, member("cat", None)],
            "2026-06-01".parse().unwrap(),
        );
        assert_eq!(changes.added, vec!["cat"]);
        assert_eq!(changes.changed, vec!["bob"]);
        assert_eq!(changes.left, vec!["ann"]);
        assert_eq!(
            new.get("ann").and_then(|m| m.left.as_deref()),
            Some("2026-06-01")
        );
        assert_eq!(new.people.len(), 3, "nobody is deleted");
        // Missing again: a leaving date ahead is brought forward to the
        // import's day; one already past is kept.
        let mut later = new.clone();
        for m in &mut later.people {
            m.left = Some(
                if m.id == "bob" {
                    "2027-01-31"
                } else {
                    "2026-06-01"
                }
                .to_owned(),
            );
        }
        let (gone, changes) = replace(&later, Vec::new(), "2026-12-01".parse().unwrap());
        assert_eq!(changes.left, vec!["bob"]);
        assert_eq!(changes.unchanged, 2);
        assert_eq!(
            gone.get("bob").and_then(|m| m.left.as_deref()),
            Some("2026-12-01")
        );
    }

    #[test]
    fn more_than_half_of_the_roster_leaving_at_once_is_a_mass_leave() {
        let day = "2026-12-01".parse().unwrap();
        let (old, _) = replace(
            &Roster::default(),
            ["a", "b", "c", "d"].map(|id| member(id, None)).to_vec(),
            day,
        );
        let keep = |ids: &[&str]| {
            let (_, changes) = replace(&old, ids.iter().map(|id| member(id, None)).collect(), day);
            mass_leave(&old, &changes, day)
        };
        assert_eq!(keep(&["a", "b"]), None, "half is not more than half");
        assert_eq!(keep(&["a"]), Some((3, 4)));
        assert_eq!(keep(&[]), Some((4, 4)));
        assert_eq!(
            mass_leave(&Roster::default(), &Changes::default(), day),
            None,
            "a first import"
        );
    }

    #[test]
    fn people_who_stay_after_their_manager_leaves_are_left_behind() {
        let day = |text: &str| text.parse::<Date>().unwrap();
        let mut boss = member("boss", None);
        let mut stays = member("stays", Some("boss"));
        let mut same_day = member("same-day", Some("boss"));
        let mut after = member("after", Some("boss"));
        boss.left = Some("2026-06-30".to_owned());
        same_day.left = Some("2026-06-30".to_owned());
        after.left = Some("2026-09-30".to_owned());
        stays.left = None;
        let roster = Roster {
            schema: SCHEMA,
            people: vec![boss.clone(), stays, same_day, after, member("other", None)],
            problems: Vec::new(),
        };
        let ids = |today: &str| -> Vec<String> {
            roster
                .people
                .iter()
                .filter(|m| is_left_behind(m, &boss, day(today)))
                .map(|m| m.id.clone())
                .collect()
        };
        // Before September, `after` still works for a manager who has gone.
        assert_eq!(ids("2026-07-01"), ["stays", "after"]);
        // Later, `after` has left too: only `stays` is a gap to fill.
        assert_eq!(ids("2026-12-01"), ["stays"]);
        let old = Roster {
            people: roster
                .people
                .iter()
                .filter(|m| m.id != "boss")
                .cloned()
                .collect(),
            ..roster.clone()
        };
        let newly = roster.newly_left_behind(&old, day("2026-12-01"));
        assert_eq!(newly.len(), 1);
        assert_eq!(newly[0].0.id, "boss");
        assert!(
            roster
                .newly_left_behind(&roster, day("2026-12-01"))
                .is_empty()
        );
    }

    #[test]
    fn a_leaving_date_is_the_first_day_someone_is_gone() {
        let day = |text: &str| text.parse::<Date>().unwrap();
        assert!(active_on(None, day("2026-12-02")));
        assert!(active_on(Some("2027-02-28"), day("2026-12-02")));
        assert!(active_on(Some("2027-02-28"), day("2027-02-27")));
        assert!(!active_on(Some("2027-02-28"), day("2027-02-28")));
        assert!(!active_on(Some("2027-02-28"), day("2027-03-01")));
        assert!(!active_on(Some("soon"), day("2026-12-02")));
    }

    #[test]
    fn a_reporting_line_is_followed_down_and_loops_are_found() {
        let roster = Roster {
            schema: SCHEMA,
            people: vec![
                member("ann", None),
                member("bob", Some("ann")),
                member("cat", Some("bob")),
            ],
            problems: Vec::new(),
        };
        let direct: Vec<&str> = roster
            .reports_of("ann", false)
            .iter()
            .map(|m| m.id.as_str())
            .collect();
        let all: Vec<&str> = roster
            .reports_of("ann", true)
            .iter()
            .map(|m| m.id.as_str())
            .collect();
        assert_eq!(direct, vec!["bob"]);
        assert_eq!(all, vec!["bob", "cat"]);
        assert!(manager_loops(&roster.people).is_empty());
        let looped = [
            member("x", Some("y")),
            member("y", Some("x")),
            member("z", Some("z")),
        ];
        assert_eq!(manager_loops(&looped), vec!["x", "y", "z"]);
    }

    #[test]
    fn only_those_on_a_loop_are_in_it_not_those_whose_line_leads_into_it() {
        let people = [
            member("a", Some("b")),
            member("b", Some("c")),
            member("c", Some("d")),
            member("d", Some("b")),
            member("e", Some("a")),
            member("f", Some("nobody")),
        ];
        assert_eq!(manager_loops(&people), vec!["b", "c", "d"]);
    }

    /// p1 managed by p0, p2 by p1, ...: `n` people in one line.
    fn chain(n: usize) -> Vec<Member> {
        let mut people: Vec<Member> = (0..n)
            .map(|i| {
                member(
                    &format!("p{i}"),
                    i.checked_sub(1).map(|b| format!("p{b}")).as_deref(),
                )
            })
            .collect();
        people.sort_by(|a, b| a.id.cmp(&b.id));
        people
    }

    #[test]
    fn a_line_ten_thousand_deep_is_followed_whole() {
        let mut people = chain(10_000);
        assert!(manager_loops(&people).is_empty());
        let mut roster = Roster {
            schema: SCHEMA,
            people: people.clone(),
            problems: Vec::new(),
        };
        roster.sort();
        assert_eq!(roster.reports_of("p0", true).len(), 9_999);
        assert_eq!(roster.reports_of("p9998", true).len(), 1);
        assert_eq!(roster.reports_of("p0", false).len(), 1);
        assert_eq!(roster.get("p5000").map(|m| m.name.as_str()), Some("P5000"));
        assert!(roster.get("p10000").is_none());
        // p0 managed by the last: everyone is on the loop.
        let first = people.iter_mut().find(|m| m.id == "p0").unwrap();
        first.manager = Some("p9999".to_owned());
        assert_eq!(manager_loops(&people).len(), 10_000);
    }
}

/// What the reports know of a person: from the roster, else from their
/// records (the rater of their self-assessment is their name; the role named
/// on their latest record is their role).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub(crate) struct Profile {
    pub person: String,
    pub name: Option<String>,
    pub role: Option<String>,
    pub team: Option<String>,
    pub manager: Option<String>,
    pub manager_name: Option<String>,
    /// Who countersigns their appraisal: their line manager's own line
    /// manager in the roster (id, and name when known). Only the appraisal
    /// pack shows it; the reports' JSON names the line manager alone.
    #[serde(skip)]
    pub countersigner: Option<String>,
    #[serde(skip)]
    pub countersigner_name: Option<String>,
    pub left: Option<String>,
    /// Whether the roster lists the person.
    pub in_roster: bool,
    /// A person, or an organisation or team (whose records rate
    /// organisational capabilities). Present in JSON only for an organisation.
    #[serde(skip_serializing_if = "crate::model::Subject::is_person")]
    pub subject: crate::model::Subject,
}

impl Profile {
    /// `Alex Morgan (alex-morgan)`, or the id alone when no name is known.
    pub(crate) fn label(&self) -> String {
        match &self.name {
            Some(name) if *name != self.person => format!("{name} ({})", self.person),
            _ => self.person.clone(),
        }
    }

    /// The name, or the id when no name is known.
    pub(crate) fn display_name(&self) -> &str {
        self.name.as_deref().unwrap_or(&self.person)
    }

    /// Whether they are with the organisation on `day` ([`active_on`]).
    pub(crate) fn is_active_on(&self, day: Date) -> bool {
        active_on(self.left.as_deref(), day)
    }
}

/// The profile of `person`, from the roster and their records (oldest first).
pub(crate) fn profile(roster: &Roster, person: &str, records: &[crate::record::Filed]) -> Profile {
    use crate::record::RaterKind;
    let member = roster.get(person);
    let latest = |pick: &dyn Fn(&crate::record::Record) -> Option<String>| {
        records.iter().rev().find_map(|f| pick(&f.record))
    };
    let own_name = || {
        latest(&|r| {
            (r.by == RaterKind::SelfAssessment)
                .then(|| r.rater.clone())
                .flatten()
        })
    };
    let manager = member.and_then(|m| m.manager.clone());
    let countersigner = manager
        .as_deref()
        .and_then(|id| roster.get(id))
        .and_then(|m| m.manager.clone())
        .filter(|id| Some(id.as_str()) != manager.as_deref() && id != person);
    Profile {
        person: person.to_owned(),
        name: member.map(|m| m.name.clone()).or_else(own_name),
        role: member
            .and_then(|m| m.role.clone())
            .or_else(|| latest(&|r| r.role.clone())),
        team: member.and_then(|m| m.team.clone()),
        manager_name: manager
            .as_deref()
            .and_then(|id| roster.name(id))
            .map(str::to_owned),
        manager,
        countersigner_name: countersigner
            .as_deref()
            .and_then(|id| roster.name(id))
            .map(str::to_owned),
        countersigner,
        left: member.and_then(|m| m.left.clone()),
        in_roster: member.is_some(),
        // The roster holds people; an id it does not hold whose records rate
        // an organisation is an organisation.
        subject: if member.is_none()
            && records
                .iter()
                .any(|f| f.record.subject == crate::model::Subject::Organisation)
        {
            crate::model::Subject::Organisation
        } else {
            crate::model::Subject::Person
        },
    }
}
