//! The organisation: who is in the workspace, their name, role, team and line
//! manager, and when they left. Pure: the roster's rules (ids, roles that
//! exist, managers who exist, no loop in a reporting line) and what a
//! re-import changes; `store` reads and writes the file, `roster::import`
//! reads a spreadsheet of people.

pub mod import;

use std::collections::{BTreeMap, HashMap, HashSet};

use serde::{Deserialize, Serialize};

/// The roster file's format version.
pub const SCHEMA: u32 = 1;

/// One person of the organisation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Member {
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
    /// The day they left (`YYYY-MM-DD`); leavers stay, so their records
    /// stay readable.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub left: Option<String>,
}

impl Member {
    pub fn is_active(&self) -> bool {
        self.left.is_none()
    }
}

/// `roster.toml`: every person, in id order. Every roster the library makes
/// is kept in that order ([`read`](crate::store::read_roster), [`replace`],
/// [`upsert`] sort it), so a person is found by a binary search.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Roster {
    #[serde(default)]
    pub schema: u32,
    #[serde(default, rename = "person")]
    pub people: Vec<Member>,
}

impl Roster {
    /// The person with this id (the first, should the file name them twice).
    pub fn get(&self, id: &str) -> Option<&Member> {
        let at = self.people.partition_point(|m| m.id.as_str() < id);
        self.people.get(at).filter(|m| m.id == id)
    }

    /// The name to show for a person, when the roster knows it.
    pub fn name(&self, id: &str) -> Option<&str> {
        self.get(id).map(|m| m.name.as_str())
    }

    /// The people whose line manager is `manager`; with `all`, everyone in
    /// the reporting line below them. Each person is looked at once, however
    /// deep the line.
    pub fn reports_of(&self, manager: &str, all: bool) -> Vec<&Member> {
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

    /// Sorted by id, as the file keeps them.
    pub fn sort(&mut self) {
        self.people.sort_by(|a, b| a.id.cmp(&b.id));
    }
}

/// How a new roster differs from the old one.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Changes {
    pub added: Vec<String>,
    pub changed: Vec<String>,
    /// Marked as left: missing from a re-import.
    pub left: Vec<String>,
    pub unchanged: usize,
}

impl Changes {
    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.changed.is_empty() && self.left.is_empty()
    }
}

/// Replace `old` with `new` (a full import): people missing from `new` are
/// kept, marked as left on `today`, never deleted.
pub fn replace(old: &Roster, new: Vec<Member>, today: &str) -> (Roster, Changes) {
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
            if gone.left.is_none() {
                gone.left = Some(today.to_owned());
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
    };
    (roster, changes)
}

/// Add `member` to `old`, or update the person with its id.
pub fn upsert(old: &Roster, member: Member) -> (Roster, Changes) {
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
pub fn manager_loops(people: &[Member]) -> Vec<&str> {
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
            "2026-01-01",
        );
        let mut bob = member("bob", Some("cat"));
        bob.team = Some("North".to_owned());
        let (new, changes) = replace(&old, vec![bob, member("cat", None)], "2026-06-01");
        assert_eq!(changes.added, vec!["cat"]);
        assert_eq!(changes.changed, vec!["bob"]);
        assert_eq!(changes.left, vec!["ann"]);
        assert_eq!(
            new.get("ann").and_then(|m| m.left.as_deref()),
            Some("2026-06-01")
        );
        assert_eq!(new.people.len(), 3, "nobody is deleted");
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
        let roster = Roster {
            schema: SCHEMA,
            people: people.clone(),
        };
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
pub struct Profile {
    pub person: String,
    pub name: Option<String>,
    pub role: Option<String>,
    pub team: Option<String>,
    pub manager: Option<String>,
    pub manager_name: Option<String>,
    pub left: Option<String>,
    /// Whether the roster lists the person.
    pub in_roster: bool,
}

impl Profile {
    /// `Alex Morgan (alex-morgan)`, or the id alone when no name is known.
    pub fn label(&self) -> String {
        match &self.name {
            Some(name) if *name != self.person => format!("{name} ({})", self.person),
            _ => self.person.clone(),
        }
    }

    /// The name, or the id when no name is known.
    pub fn display_name(&self) -> &str {
        self.name.as_deref().unwrap_or(&self.person)
    }
}

/// The profile of `person`, from the roster and their records (oldest first).
pub fn profile(roster: &Roster, person: &str, records: &[crate::record::Filed]) -> Profile {
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
        left: member.and_then(|m| m.left.clone()),
        in_roster: member.is_some(),
    }
}
