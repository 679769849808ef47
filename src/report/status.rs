//! The appraisal cycle: which cycle a day falls in, and what each person
//! still owes this cycle — a self-assessment, a manager assessment, a
//! sign-off (a final manager assessment) — marked overdue after the due day.

use jiff::civil::Date;
use serde::Serialize;

use crate::record::{Filed, RaterKind, Status, chain};
use crate::roster::Profile;

pub(crate) use crate::settings::{Cycle, cycle};

/// Something a person still owes this cycle.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum Owed {
    #[serde(rename = "self")]
    SelfAssessment,
    Manager,
    SignOff,
}

impl Owed {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Owed::SelfAssessment => "self",
            Owed::Manager => "manager",
            Owed::SignOff => "sign-off",
        }
    }
}

/// A person's line in `status`.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct Line {
    pub person: String,
    pub name: Option<String>,
    pub role: Option<String>,
    pub team: Option<String>,
    pub manager: Option<String>,
    pub manager_name: Option<String>,
    pub last_self: Option<String>,
    pub last_manager: Option<String>,
    pub last_final: Option<String>,
    pub outstanding: Vec<Owed>,
    pub overdue: bool,
    /// Agreed actions of their reviews still open on the day, and those of
    /// them past their due day.
    pub actions_open: usize,
    pub actions_overdue: usize,
    /// How many peers have given feedback this cycle (up to the day); never who.
    pub peers: usize,
}

/// What `person` (with `records`, oldest first) owes in `cycle`.
pub(crate) fn line(profile: &Profile, records: &[Filed], cycle: &Cycle) -> Line {
    let superseded = chain::superseded(records, None);
    let counted: Vec<&Filed> = records
        .iter()
        .filter(|f| !superseded.contains(f.file.as_str()))
        .collect();
    let last = |keep: &dyn Fn(&Filed) -> bool| {
        counted
            .iter()
            .rev()
            .find(|f| keep(f))
            .map(|f| f.record.date.to_string())
    };
    let in_cycle = |f: &Filed| {
        let d = f.record.date;
        d >= cycle.start && d <= cycle.end && d <= cycle.as_of
    };
    let done = |keep: &dyn Fn(&Filed) -> bool| counted.iter().any(|f| in_cycle(f) && keep(f));
    let mut outstanding = Vec::new();
    if !done(&|f| f.record.by == RaterKind::SelfAssessment) {
        outstanding.push(Owed::SelfAssessment);
    }
    if !done(&|f| f.record.by == RaterKind::Manager) {
        outstanding.push(Owed::Manager);
    }
    if !done(&|f| f.record.by == RaterKind::Manager && f.record.status == Status::Final) {
        outstanding.push(Owed::SignOff);
    }
    Line {
        person: profile.person.clone(),
        name: profile.name.clone(),
        role: profile.role.clone(),
        team: profile.team.clone(),
        manager: profile.manager.clone(),
        manager_name: profile.manager_name.clone(),
        last_self: last(&|f| f.record.by == RaterKind::SelfAssessment),
        last_manager: last(&|f| f.record.by == RaterKind::Manager),
        // A sign-off: a final assessment by the manager, never the
        // person's own final self-assessment.
        last_final: last(&|f| {
            f.record.by == RaterKind::Manager && f.record.status == Status::Final
        }),
        overdue: !outstanding.is_empty() && cycle.as_of > cycle.due,
        outstanding,
        actions_open: 0,
        actions_overdue: 0,
        peers: super::peers::count_since(records, cycle.start, cycle.as_of),
    }
}

/// Someone in scope who owes nothing this cycle, and why.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct NotOwing {
    pub person: String,
    pub name: Option<String>,
    pub reason: String,
}

/// The status report: the cycle, the line of everyone who owes assessments
/// in it (the people who hold a role), and who in scope owes none.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct StatusReport {
    pub cycle: Cycle,
    pub people: Vec<Line>,
    pub not_owing: Vec<NotOwing>,
    /// Per line manager of the people listed: their agreed actions.
    pub managers: Vec<ManagerActions>,
    /// With a retention period set and the whole organisation in scope:
    /// the leavers kept longer than it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub retention: Option<Retention>,
}

/// A line manager's people's agreed actions: how many are open, and how
/// many of those past their due day.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub(crate) struct ManagerActions {
    pub manager: String,
    pub name: Option<String>,
    pub people: usize,
    pub actions_open: usize,
    pub actions_overdue: usize,
}

/// The agreed actions of `lines`, per line manager (people without one are
/// not counted here), in the order of the managers' ids.
pub(crate) fn per_manager(lines: &[Line]) -> Vec<ManagerActions> {
    let mut managers: std::collections::BTreeMap<&str, ManagerActions> =
        std::collections::BTreeMap::new();
    for line in lines {
        let Some(manager) = line.manager.as_deref() else {
            continue;
        };
        let entry = managers.entry(manager).or_insert_with(|| ManagerActions {
            manager: manager.to_owned(),
            name: line.manager_name.clone(),
            people: 0,
            actions_open: 0,
            actions_overdue: 0,
        });
        entry.people += 1;
        entry.actions_open += line.actions_open;
        entry.actions_overdue += line.actions_overdue;
    }
    managers.into_values().collect()
}

/// The leavers past the workspace's retention period.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) struct Retention {
    pub years: u16,
    /// People who left before this day (`YYYY-MM-DD`) are past it.
    pub left_before: String,
    pub past: Vec<Leaver>,
}

/// Someone who left, named for HR.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct Leaver {
    pub person: String,
    pub name: String,
    pub left: String,
}

/// The people of `roster` who left before `left_before`.
pub(crate) fn past_retention(
    roster: &crate::roster::Roster,
    years: u16,
    left_before: Date,
) -> Retention {
    let past = roster
        .people
        .iter()
        .filter(|m| {
            m.left
                .as_deref()
                .and_then(crate::record::rules::strict_date)
                .is_some_and(|left| left < left_before)
        })
        .map(|m| Leaver {
            person: m.id.clone(),
            name: m.name.clone(),
            left: m.left.clone().unwrap_or_default(),
        })
        .collect();
    Retention {
        years,
        left_before: left_before.to_string(),
        past,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::fixture::{filed, record};
    use crate::settings::{CycleRule, MonthDay};

    fn day(text: &str) -> Date {
        text.parse().unwrap()
    }

    /// A cycle from 1 April, due on `month`-`day`.
    fn april(month: i8, day: i8) -> CycleRule {
        CycleRule {
            starts: MonthDay::new(4, 1).unwrap(),
            due: MonthDay::new(month, day),
        }
    }

    #[test]
    fn a_cycle_from_1_april_is_found_from_any_day() {
        let rule = april(3, 1);
        let c = cycle(rule, day("2026-11-29"));
        assert_eq!(
            (c.start, c.end, c.due),
            (day("2026-04-01"), day("2027-03-31"), day("2027-03-01"))
        );
        let c = cycle(rule, day("2026-02-10"));
        assert_eq!((c.start, c.end), (day("2025-04-01"), day("2026-03-31")));
        let calendar = cycle(CycleRule::CALENDAR_YEAR, day("2026-07-01"));
        assert_eq!(
            (calendar.start, calendar.due),
            (day("2026-01-01"), day("2026-12-31"))
        );
    }

    #[test]
    fn what_is_owed_this_cycle_and_when_it_is_overdue() {
        let rule = april(10, 31);
        let mut draft = record(RaterKind::Manager, "2026-05-02", &[]);
        draft.status = Status::Draft;
        let records = vec![
            filed(
                "old.toml",
                record(RaterKind::SelfAssessment, "2026-01-10", &[]),
            ),
            filed("m.toml", draft),
        ];
        let profile = Profile {
            person: "p".to_owned(),
            ..Profile::default()
        };
        let before = line(&profile, &records, &cycle(rule, day("2026-10-01")));
        assert_eq!(
            before.outstanding,
            vec![Owed::SelfAssessment, Owed::SignOff]
        );
        assert!(!before.overdue);
        let after = line(&profile, &records, &cycle(rule, day("2026-11-29")));
        assert!(after.overdue);
        assert_eq!(after.last_self.as_deref(), Some("2026-01-10"));
    }
}
