//! The appraisal cycle: which cycle a day falls in, and what each person
//! still owes this cycle — a self-assessment, a manager assessment, a
//! sign-off (a final manager assessment) — marked overdue after the due day.

use jiff::civil::Date;
use serde::Serialize;

use crate::record::{Filed, RaterKind, Status, chain};
use crate::roster::Profile;

/// How a workspace's cycle runs: it starts each year on a month and day, and
/// assessments are due by a month and day within it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rule {
    pub starts: (i8, i8),
    /// The due day; `None`: the cycle's last day.
    pub due: Option<(i8, i8)>,
}

impl Default for Rule {
    /// The calendar year.
    fn default() -> Self {
        Rule {
            starts: (1, 1),
            due: None,
        }
    }
}

/// Parse `MM-DD` (e.g. `04-01`).
pub fn month_day(text: &str) -> Option<(i8, i8)> {
    let (m, d) = text.trim().split_once('-')?;
    if m.len() != 2 || d.len() != 2 {
        return None;
    }
    let (m, d): (i8, i8) = (m.parse().ok()?, d.parse().ok()?);
    // Any year with 29 February accepts every real month and day.
    Date::new(2024, m, d).ok().map(|_| (m, d))
}

/// The day `(month, day)` in `year`; 29 February is the 28th in other years.
fn on(year: i16, (month, day): (i8, i8)) -> Date {
    Date::new(year, month, day)
        .or_else(|_| Date::new(year, month, day - 1))
        .unwrap_or_default()
}

/// One cycle: its first and last day, the due day, and the day of the report.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Cycle {
    #[serde(serialize_with = "iso")]
    pub start: Date,
    #[serde(serialize_with = "iso")]
    pub end: Date,
    #[serde(serialize_with = "iso")]
    pub due: Date,
    #[serde(serialize_with = "iso")]
    pub as_of: Date,
}

/// A day as `YYYY-MM-DD`.
#[allow(clippy::trivially_copy_pass_by_ref)] // serde's serialize_with passes a reference
fn iso<S: serde::Serializer>(date: &Date, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(date)
}

/// The cycle `as_of` falls in.
pub fn cycle(rule: Rule, as_of: Date) -> Cycle {
    let this_year = on(as_of.year(), rule.starts);
    let start = if this_year <= as_of {
        this_year
    } else {
        on(as_of.year() - 1, rule.starts)
    };
    let next = on(start.year() + 1, rule.starts);
    let end = next.yesterday().unwrap_or(next);
    let due = match rule.due {
        None => end,
        Some(md) => {
            let first = on(start.year(), md);
            if first >= start {
                first
            } else {
                on(start.year() + 1, md)
            }
        }
    };
    Cycle {
        start,
        end,
        due,
        as_of,
    }
}

/// Something a person still owes this cycle.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Owed {
    #[serde(rename = "self")]
    SelfAssessment,
    Manager,
    SignOff,
}

impl Owed {
    pub fn as_str(self) -> &'static str {
        match self {
            Owed::SelfAssessment => "self",
            Owed::Manager => "manager",
            Owed::SignOff => "sign-off",
        }
    }
}

/// A person's line in `status`.
#[derive(Clone, Debug, Serialize)]
pub struct Line {
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
}

/// What `person` (with `records`, oldest first) owes in `cycle`.
pub fn line(profile: &Profile, records: &[Filed], cycle: &Cycle) -> Line {
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
            .map(|f| f.record.date.clone())
    };
    let in_cycle = |f: &Filed| {
        f.record
            .date
            .parse::<Date>()
            .is_ok_and(|d| d >= cycle.start && d <= cycle.end && d <= cycle.as_of)
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
    }
}

/// Someone in scope who owes nothing this cycle, and why.
#[derive(Clone, Debug, Serialize)]
pub struct NotOwing {
    pub person: String,
    pub name: Option<String>,
    pub reason: String,
}

/// The status report: the cycle, the line of everyone who owes assessments
/// in it (the people who hold a role), and who in scope owes none.
#[derive(Clone, Debug, Serialize)]
pub struct StatusReport {
    pub cycle: Cycle,
    pub people: Vec<Line>,
    pub not_owing: Vec<NotOwing>,
    /// Per line manager of the people listed: their agreed actions.
    pub managers: Vec<ManagerActions>,
}

/// A line manager's people's agreed actions: how many are open, and how
/// many of those past their due day.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ManagerActions {
    pub manager: String,
    pub name: Option<String>,
    pub people: usize,
    pub actions_open: usize,
    pub actions_overdue: usize,
}

/// The agreed actions of `lines`, per line manager (people without one are
/// not counted here), in the order of the managers' ids.
pub fn per_manager(lines: &[Line]) -> Vec<ManagerActions> {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::fixture::{filed, record};

    fn day(text: &str) -> Date {
        text.parse().unwrap()
    }

    #[test]
    fn a_cycle_from_1_april_is_found_from_any_day() {
        let rule = Rule {
            starts: (4, 1),
            due: Some((3, 1)),
        };
        let c = cycle(rule, day("2026-11-29"));
        assert_eq!(
            (c.start, c.end, c.due),
            (day("2026-04-01"), day("2027-03-31"), day("2027-03-01"))
        );
        let c = cycle(rule, day("2026-02-10"));
        assert_eq!((c.start, c.end), (day("2025-04-01"), day("2026-03-31")));
        let calendar = cycle(Rule::default(), day("2026-07-01"));
        assert_eq!(
            (calendar.start, calendar.due),
            (day("2026-01-01"), day("2026-12-31"))
        );
    }

    #[test]
    fn what_is_owed_this_cycle_and_when_it_is_overdue() {
        let rule = Rule {
            starts: (4, 1),
            due: Some((10, 31)),
        };
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

    #[test]
    fn a_month_and_day_must_exist() {
        assert_eq!(month_day("04-01"), Some((4, 1)));
        assert_eq!(month_day("02-29"), Some((2, 29)));
        assert_eq!(month_day("02-30"), None);
        assert_eq!(month_day("4-1"), None);
    }
}
