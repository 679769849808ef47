//! Where the agreed actions and objectives of a person's reviews stand on a
//! day: each one's status (open, done, dropped, carried over; met, partly
//! met, not met), its latest outcome, its due day (a carried-over action's
//! new one) and whether it is past it; and what the next review carries
//! from the last one. Pure: reviews in, figures out.

use std::collections::HashMap;

use serde::Serialize;

use crate::record::{Filed, Sealed, Status, chain};
use crate::review::{ItemKind, Mark, Review};

/// Where an action or objective stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum State {
    /// Nothing recorded since it was agreed.
    Open,
    Done,
    Dropped,
    /// Still to do, carried into the next cycle.
    CarriedOver,
    Met,
    PartlyMet,
    NotMet,
}

impl State {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            State::Open => "open",
            State::Done => "done",
            State::Dropped => "dropped",
            State::CarriedOver => "carried-over",
            State::Met => "met",
            State::PartlyMet => "partly-met",
            State::NotMet => "not-met",
        }
    }

    /// As people say it: `carried over`, `partly met`.
    pub(crate) fn words(self) -> &'static str {
        match self {
            State::CarriedOver => "carried over",
            State::PartlyMet => "partly met",
            State::NotMet => "not met",
            other => other.as_str(),
        }
    }

    /// Whether it is still to be done: open, or carried over.
    pub(crate) fn is_open(self) -> bool {
        matches!(self, State::Open | State::CarriedOver)
    }
}

impl From<Mark> for State {
    fn from(mark: Mark) -> Self {
        match mark {
            Mark::Done => State::Done,
            Mark::Dropped => State::Dropped,
            Mark::CarriedOver => State::CarriedOver,
            Mark::Met => State::Met,
            Mark::PartlyMet => State::PartlyMet,
            Mark::NotMet => State::NotMet,
        }
    }
}

/// An action or objective and where it stands.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub(crate) struct Item {
    pub id: String,
    pub kind: ItemKind,
    pub text: String,
    /// The framework of the review that agreed it.
    pub framework: Option<String>,
    /// The competency an action serves.
    pub competency: Option<String>,
    /// An action's owner: `self`, `manager` or a person id.
    pub owner: Option<String>,
    pub support: Option<String>,
    /// How an objective will be known to be met.
    pub measure: Option<String>,
    /// The day it is due: as agreed, or as set when it was carried over.
    pub due: String,
    /// The day of the review that agreed it, and that review's file.
    pub agreed: String,
    pub review: String,
    /// Whether that review is final (agreed by both) or a draft.
    pub review_status: Status,
    pub status: State,
    /// What came of it (an action) or a comment (an objective), as last recorded.
    pub outcome: Option<String>,
    /// The day of the review that last recorded its progress.
    pub updated: Option<String>,
    /// Still open on the day, and its due day before it.
    pub overdue: bool,
}

/// A review, as a report names it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub(crate) struct ReviewRef {
    pub file: String,
    pub date: String,
    pub status: Status,
    pub reviewer: Option<String>,
}

/// What a person's reviews agreed, as it stands on a day.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub(crate) struct Agreed {
    /// The day the figures are for.
    pub as_of: String,
    /// The latest review up to that day.
    pub last_review: Option<ReviewRef>,
    /// Every action and objective agreed, in the order agreed.
    pub items: Vec<Item>,
}

impl Agreed {
    /// The actions still open.
    pub(crate) fn open_actions(&self) -> impl Iterator<Item = &Item> {
        self.items
            .iter()
            .filter(|i| i.kind == ItemKind::Action && i.status.is_open())
    }

    /// Open actions past their due day.
    pub(crate) fn overdue_actions(&self) -> usize {
        self.open_actions().filter(|i| i.overdue).count()
    }

    /// What the next review takes up: everything the last review agreed or
    /// recorded progress on, and everything still open from before it.
    pub(crate) fn carried(&self) -> Vec<&Item> {
        let last = self.last_review.as_ref();
        let mut carried: Vec<&Item> = self
            .items
            .iter()
            .filter(|i| {
                i.status.is_open()
                    || last.is_some_and(|l| {
                        i.review == l.file || i.updated.as_deref() == Some(l.date.as_str())
                    })
            })
            .collect();
        // Actions first, then objectives, each in the order agreed.
        carried.sort_by_key(|i| i.kind == ItemKind::Objective);
        carried
    }
}

/// The reviews that count on `as_of`: those dated up to it
/// that no correction made by then replaced, oldest first.
pub(crate) fn counted(reviews: &[Filed<Review>], as_of: jiff::civil::Date) -> Vec<&Filed<Review>> {
    let upto: Vec<Filed<Review>> = reviews
        .iter()
        .filter(|f| f.record.date <= as_of)
        .cloned()
        .collect();
    let replaced = chain::superseded(&upto, None);
    let mut counted: Vec<&Filed<Review>> = reviews
        .iter()
        .filter(|f| f.record.date <= as_of && !replaced.contains(f.file.as_str()))
        .collect();
    counted.sort_by(|a, b| Filed::chronological(a, b));
    counted
}

/// Where every action and objective of `reviews` stands on `as_of`.
/// Progress on an item no earlier review agreed is passed over (`validate`
/// reports it), as is an id agreed a second time.
pub(crate) fn agreed(reviews: &[Filed<Review>], as_of: jiff::civil::Date) -> Agreed {
    let counted = counted(reviews, as_of);
    let day = as_of.to_string();
    let mut items: Vec<Item> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    for filed in &counted {
        let r = &filed.record;
        let agreed_here = |id: &str, kind, text: &str| Item {
            id: id.to_owned(),
            kind,
            text: text.to_owned(),
            framework: r.framework.clone(),
            competency: None,
            owner: None,
            support: None,
            measure: None,
            due: String::new(),
            agreed: r.date.to_string(),
            review: filed.file.clone(),
            review_status: r.status,
            status: State::Open,
            outcome: None,
            updated: None,
            overdue: false,
        };
        // Progress first: it is on items of earlier reviews only.
        for p in &r.progress {
            let Some(&at) = index.get(&p.item) else {
                continue;
            };
            let item = &mut items[at];
            if (p.status.is_for_action()) != (item.kind == ItemKind::Action) {
                continue;
            }
            item.status = State::from(p.status);
            item.outcome.clone_from(&p.outcome);
            item.updated = Some(r.date.to_string());
            if let Some(due) = &p.due {
                item.due.clone_from(due);
            }
        }
        for a in &r.actions {
            if index.contains_key(&a.id) {
                continue;
            }
            let mut item = agreed_here(&a.id, ItemKind::Action, &a.text);
            item.competency.clone_from(&a.competency);
            item.owner = Some(a.owner.clone());
            item.support.clone_from(&a.support);
            item.due.clone_from(&a.due);
            index.insert(a.id.clone(), items.len());
            items.push(item);
        }
        for o in &r.objectives {
            if index.contains_key(&o.id) {
                continue;
            }
            let mut item = agreed_here(&o.id, ItemKind::Objective, &o.text);
            item.measure.clone_from(&o.measure);
            item.due.clone_from(&o.due);
            index.insert(o.id.clone(), items.len());
            items.push(item);
        }
    }
    for item in &mut items {
        item.overdue = item.status.is_open() && item.due.as_str() < day.as_str();
    }
    Agreed {
        as_of: day,
        last_review: counted.last().map(|f| ReviewRef {
            file: f.file.clone(),
            date: f.record.date.to_string(),
            status: f.record.status(),
            reviewer: f.record.reviewer.clone(),
        }),
        items,
    }
}

/// One action in a list of several people's (`competency actions`).
#[derive(Clone, Debug, Serialize)]
pub(crate) struct ActionRow {
    pub person: String,
    pub name: Option<String>,
    pub manager: Option<String>,
    pub manager_name: Option<String>,
    #[serde(flatten)]
    pub action: Item,
}

/// Actions of the people in scope, as they stand on a day.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct ActionList {
    pub as_of: String,
    /// Whether actions done or dropped are listed too (else only open ones).
    pub closed_too: bool,
    pub actions: Vec<ActionRow>,
}

impl ActionList {
    pub(crate) fn open(&self) -> usize {
        self.actions
            .iter()
            .filter(|r| r.action.status.is_open())
            .count()
    }

    pub(crate) fn overdue(&self) -> usize {
        self.actions.iter().filter(|r| r.action.overdue).count()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::review::{Action, Objective, Progress};

    fn review(date: &str, created: &str) -> Review {
        let mut r = Review::new("ann", date.parse().unwrap(), created);
        r.status = Status::Final;
        r
    }

    fn action(id: &str, due: &str) -> Action {
        Action {
            id: id.to_owned(),
            text: format!("do {id}"),
            competency: None,
            owner: "self".to_owned(),
            due: due.to_owned(),
            support: None,
        }
    }

    fn progress(item: &str, status: Mark, due: Option<&str>) -> Progress {
        Progress {
            item: item.to_owned(),
            status,
            outcome: Some(format!("{item} {status}")),
            due: due.map(str::to_owned),
        }
    }

    fn filed(file: &str, record: Review) -> Filed<Review> {
        Filed {
            file: file.to_owned(),
            record,
        }
    }

    fn reviews() -> Vec<Filed<Review>> {
        let mut first = review("2026-03-17", "1");
        first.actions = vec![
            action("a1", "2026-06-30"),
            action("a2", "2026-09-30"),
            action("a3", "2026-10-31"),
        ];
        first.objectives = vec![Objective {
            id: "o1".to_owned(),
            text: "event".to_owned(),
            measure: None,
            due: "2026-05-31".to_owned(),
        }];
        let mut second = review("2026-10-02", "2");
        second.progress = vec![
            progress("a1", Mark::Done, None),
            progress("a2", Mark::CarriedOver, Some("2027-01-31")),
            progress("o1", Mark::Met, None),
            progress("a9", Mark::Done, None),
        ];
        second.actions = vec![action("a4", "2027-02-28")];
        vec![filed("1.toml", first), filed("2.toml", second)]
    }

    #[test]
    fn progress_sets_status_outcome_and_a_carried_over_due_day() {
        let a = agreed(&reviews(), "2026-11-29".parse().unwrap());
        let states: Vec<(&str, State, &str, bool)> = a
            .items
            .iter()
            .map(|i| (i.id.as_str(), i.status, i.due.as_str(), i.overdue))
            .collect();
        assert_eq!(
            states,
            vec![
                ("a1", State::Done, "2026-06-30", false),
                ("a2", State::CarriedOver, "2027-01-31", false),
                ("a3", State::Open, "2026-10-31", true),
                ("o1", State::Met, "2026-05-31", false),
                ("a4", State::Open, "2027-02-28", false),
            ]
        );
        assert_eq!(a.overdue_actions(), 1);
        assert_eq!(a.open_actions().count(), 3);
        assert_eq!(a.last_review.as_ref().unwrap().file, "2.toml");
        assert_eq!(a.carried().len(), 5);
    }

    #[test]
    fn a_day_before_the_later_review_sees_only_the_first() {
        let a = agreed(&reviews(), "2026-07-01".parse().unwrap());
        assert!(a.items.iter().all(|i| i.status == State::Open));
        let overdue: Vec<&str> = a
            .items
            .iter()
            .filter(|i| i.overdue)
            .map(|i| i.id.as_str())
            .collect();
        assert_eq!(overdue, ["a1", "o1"]);
        assert_eq!(a.last_review.unwrap().date, "2026-03-17");
    }

    #[test]
    fn a_correction_replaces_the_review_it_amends() {
        let mut all = reviews();
        let mut fixed = all[1].record.clone();
        fixed.created = "3".to_owned();
        fixed.progress.truncate(1);
        fixed.amends = Some("2.toml".to_owned());
        fixed.checksum = Some(fixed.content_checksum());
        all.push(filed("3.toml", fixed));
        let a = agreed(&all, "2026-11-29".parse().unwrap());
        let a2 = a.items.iter().find(|i| i.id == "a2").unwrap();
        assert_eq!(a2.status, State::Open);
        assert_eq!(a.last_review.unwrap().file, "3.toml");
    }
}
