//! Building a review from what the manager gave: flags, a prepared file, an
//! amended review, the questionnaire's answers. Pure: the caller reads the
//! person's reviews (under the workspace lock, so two reviews written at
//! once cannot take one id) and writes the result. Everything is checked
//! before a review exists, so a refused input never leaves anything behind.
//!
//! The flags a line manager types: `--action "TEXT; competency=ID;
//! owner=WHO; due=DATE; support=TEXT"` and `--objective "TEXT; measure=TEXT;
//! due=DATE"` (only the text is needed); progress as `--done a1=OUTCOME`,
//! `--dropped`, `--carried-over "a2=OUTCOME; due=DATE"`, `--met o1=COMMENT`,
//! `--partly-met`, `--not-met`.

use std::collections::{HashMap, HashSet};

use jiff::civil::Date;

use super::{
    Action, ItemKind, Mark, OWNER_MANAGER, OWNER_SELF, Objective, Progress, Review, SCHEMA,
};
use crate::assessment::{Clock, parse_date, person_id};
use crate::catalog::Catalog;
use crate::diagnostic::did_you_mean;
use crate::error::{Error, Field, Listing, Problem, Remedy, Request as Refusal, Result, Unknown};
use crate::model::{Framework, Subject};
use crate::record::{Filed, Sealed, Status, chain};
use crate::roster::Roster;
use crate::settings::CycleRule;
use crate::settings::cycle;

/// What the manager asked for on the command line.
#[derive(Clone, Debug, Default)]
pub(crate) struct Request {
    pub person: String,
    pub framework: Option<String>,
    pub reviewer: Option<String>,
    pub date: Option<String>,
    /// `--action` values, in order.
    pub actions: Vec<String>,
    /// `--objective` values, in order.
    pub objectives: Vec<String>,
    /// `--done ID=TEXT` and the other progress flags, in order.
    pub progress: Vec<(Mark, String)>,
    pub is_final: bool,
}

impl Request {
    /// Whether anything to record was given on the command line.
    pub(crate) fn has_items(&self) -> bool {
        !self.actions.is_empty() || !self.objectives.is_empty() || !self.progress.is_empty()
    }
}

/// Items to start from: a prepared file's, or an amended review's. An
/// empty id, owner or due day is filled in.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct Base {
    pub actions: Vec<Action>,
    pub objectives: Vec<Objective>,
    pub progress: Vec<Progress>,
}

impl Base {
    /// The items of a review, to amend it.
    pub(crate) fn of(review: &Review) -> Base {
        Base {
            actions: review.actions.clone(),
            objectives: review.objectives.clone(),
            progress: review.progress.clone(),
        }
    }
}

/// Everything `build` needs besides the request.
pub(crate) struct Inputs<'a> {
    pub catalog: &'a Catalog,
    pub roster: &'a Roster,
    pub clock: &'a Clock,
    /// The appraisal cycle: an item's due day by default is its due day.
    pub rule: CycleRule,
    /// The framework of the person's role, else the workspace's default.
    pub default_framework: Option<&'a str>,
    /// The reviewer by default: the person's line manager's name.
    pub default_reviewer: Option<&'a str>,
    pub base: Base,
    /// The review being amended (its file name and content).
    pub amends: Option<(String, &'a Review)>,
    /// The person's reviews as they are now.
    pub earlier: &'a [Filed<Review>],
}

/// The keys an `--action` value may give after its text.
pub(crate) const ACTION_KEYS: &[&str] = &["competency", "owner", "due", "support"];
/// The keys an `--objective` value may give after its text.
pub(crate) const OBJECTIVE_KEYS: &[&str] = &["measure", "due"];

/// The text of a flag's value and the `key=value` fields after it,
/// separated by `;`: `Shadow a colleague; owner=self; due=2026-06-30`. A
/// part that is not `word=...` belongs to the text (`Read it; then
/// discuss`); a word that is not one of `keys` is refused with what it
/// might be.
pub(crate) fn fields(
    at: &At,
    value: &str,
    keys: &[&'static str],
) -> Result<(String, HashMap<&'static str, String>)> {
    let mut parts = value.split(';');
    let mut text = parts.next().unwrap_or_default().to_owned();
    let mut found: HashMap<&'static str, String> = HashMap::new();
    for part in parts {
        let field = part.split_once('=').and_then(|(k, v)| {
            let k = k.trim();
            (!k.is_empty() && k.bytes().all(|b| b.is_ascii_alphabetic() || b == b'-'))
                .then_some((k, v))
        });
        let Some((key, field_value)) = field else {
            text.push(';');
            text.push_str(part);
            continue;
        };
        let lower = key.to_ascii_lowercase();
        let lower = if lower == "serves" {
            "competency".to_owned()
        } else {
            lower
        };
        let Some(known) = keys.iter().find(|k| **k == lower) else {
            let hint = did_you_mean(&lower, keys.iter().copied())
                .map_or_else(String::new, |s| format!("; did you mean `{s}=`?"));
            return Err(at.on(Refusal::refused(format!(
                "`{}=` is not one of {}{hint}",
                key.escape_debug(),
                keys.iter()
                    .map(|k| format!("`{k}=`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ))));
        };
        if found.insert(known, field_value.trim().to_owned()).is_some() {
            return Err(at.on(Refusal::new(Problem::GivenTwice {
                what: format!("`{known}=`"),
            })));
        }
    }
    Ok((text, found))
}

/// What part of a review a message is about: a field with the value given
/// (`--action "Shadow a senior…"`), a field alone, or an item by its id
/// (`action a1`, from a file or an earlier review).
#[derive(Clone, Debug)]
pub(crate) enum At {
    Field(Field, String),
    Bare(Field),
    Item(String),
}

impl At {
    /// `refusal`, said to be about this.
    fn on(&self, refusal: Refusal) -> Error {
        match self {
            At::Field(field, value) => refusal.given(*field, value.clone()).into(),
            At::Bare(field) => refusal.on(*field).into(),
            At::Item(label) => Error::from(refusal).context(label),
        }
    }
}

/// A text as it is kept: whitespace normalised; refused when it holds a
/// control character or is empty.
fn clean(text: &str, what: &At) -> Result<String> {
    if let Some(c) = crate::text::find_control(text) {
        return Err(what.on(Refusal::refused(format!(
            "the text holds a control character ({}); type it without",
            crate::text::escape_controls(&c.to_string())
        ))));
    }
    let text = crate::text::normalise(text);
    if text.is_empty() {
        return Err(what.on(Refusal::refused("the text is empty")));
    }
    Ok(text)
}

fn optional(text: Option<&str>, what: &At) -> Result<Option<String>> {
    match text.map(crate::text::normalise) {
        Some(t) if t.is_empty() => Ok(None),
        Some(t) => clean(&t, what).map(Some),
        None => Ok(None),
    }
}

/// The action an `--action` value describes; empty id and owner, and the
/// due day as given (empty for the default).
pub(crate) fn action_from_flag(value: &str) -> Result<Action> {
    let at = At::Field(Field::Action, short(value));
    let (text, mut f) = fields(&at, value, ACTION_KEYS)?;
    Ok(Action {
        id: String::new(),
        text,
        competency: f.remove("competency").filter(|c| !c.is_empty()),
        owner: f.remove("owner").unwrap_or_default(),
        due: f.remove("due").unwrap_or_default(),
        support: f.remove("support"),
    })
}

/// The objective an `--objective` value describes.
pub(crate) fn objective_from_flag(value: &str) -> Result<Objective> {
    let at = At::Field(Field::Objective, short(value));
    let (text, mut f) = fields(&at, value, OBJECTIVE_KEYS)?;
    Ok(Objective {
        id: String::new(),
        text,
        measure: f.remove("measure"),
        due: f.remove("due").unwrap_or_default(),
    })
}

/// The progress a `--done ID=TEXT` (or other mark) flag records.
pub(crate) fn progress_from_flag(mark: Mark, value: &str) -> Result<Progress> {
    let Some((id, rest)) = value.split_once('=') else {
        return Err(Refusal::refused(format!(
            "it must be ID=TEXT, e.g. `{}1=\"{}\"`",
            if mark.is_for_action() { 'a' } else { 'o' },
            if mark.is_for_action() {
                "What came of it"
            } else {
                "How far it was met"
            }
        ))
        .given(
            Field::Progress(mark.as_str()),
            format!("`{}`", value.escape_debug()),
        )
        .into());
    };
    let (outcome, due) = if mark == Mark::CarriedOver {
        let at = At::Field(Field::Progress(mark.as_str()), id.trim().to_owned());
        let (text, mut f) = fields(&at, rest, &["due"])?;
        (text, f.remove("due"))
    } else {
        (rest.to_owned(), None)
    };
    Ok(Progress {
        item: id.trim().to_owned(),
        status: mark,
        outcome: Some(outcome),
        due,
    })
}

/// The start of a long text, for a message.
fn short(text: &str) -> String {
    let first: String = text.chars().take(40).collect();
    let first = crate::text::escape_controls(&first).into_owned();
    if text.chars().count() > 40 {
        format!("\"{first}…\"")
    } else {
        format!("\"{first}\"")
    }
}

/// The day an action or objective is due when none is given: the due day of
/// the appraisal cycle the review falls in, or of the next one when that
/// day has passed.
pub(crate) fn default_due(rule: CycleRule, date: Date) -> Date {
    let this = cycle(rule, date);
    if this.due > date {
        this.due
    } else {
        cycle(rule, this.end.tomorrow().unwrap_or(this.end)).due
    }
}

/// The ids already agreed: by reviews that count (no correction replaced
/// them), other than the one being amended, with the file of each.
fn agreed<'a>(
    earlier: &'a [Filed<Review>],
    amended: Option<&str>,
) -> HashMap<&'a str, &'a Filed<Review>> {
    let replaced = chain::superseded(earlier, None);
    let mut ids = HashMap::new();
    for filed in earlier {
        if replaced.contains(filed.file.as_str()) || Some(filed.file.as_str()) == amended {
            continue;
        }
        for id in filed.record.item_ids() {
            ids.entry(id).or_insert(filed);
        }
    }
    ids
}

/// Numbers ids: the next free number of each kind, after every id the
/// person's reviews ever used (a replaced review's too, so an id never
/// comes back with another meaning).
struct Numbers {
    next: HashMap<char, u32>,
}

impl Numbers {
    fn new<'a>(used: impl Iterator<Item = &'a str>) -> Numbers {
        let mut next = HashMap::from([('a', 1), ('o', 1)]);
        for id in used {
            if let Some((kind, n)) = ItemKind::of(id) {
                let slot = next.entry(kind.prefix()).or_insert(1);
                *slot = (*slot).max(n.saturating_add(1));
            }
        }
        Numbers { next }
    }

    fn take(&mut self, kind: ItemKind) -> String {
        let slot = self.next.entry(kind.prefix()).or_insert(1);
        let id = format!("{}{}", kind.prefix(), *slot);
        *slot = slot.saturating_add(1);
        id
    }
}

/// Build the review `request` describes. Fails, with one sentence, on the
/// first thing that cannot be right.
pub(crate) fn build(request: &Request, inputs: &Inputs<'_>) -> Result<Review> {
    let person = person_id(&request.person)?;
    let amended = inputs.amends.as_ref().map(|(_, r)| *r);
    let amended_file = inputs.amends.as_ref().map(|(name, _)| name.as_str());
    let today = inputs.clock.today;
    // A correction keeps the day of the review it corrects.
    let date = match (&request.date, amended) {
        (Some(text), _) => parse_date(text, today)?,
        (None, Some(amended)) => parse_date(&amended.date.to_string(), today)?,
        (None, None) => today,
    };
    let framework = match request
        .framework
        .as_deref()
        .or(amended.and_then(|r| r.framework.as_deref()))
        .or(inputs.default_framework)
    {
        Some(id) => Some(inputs.catalog.framework(id)?),
        None => None,
    };
    let mut actions = inputs.base.actions.clone();
    for value in &request.actions {
        actions.push(action_from_flag(value)?);
    }
    let mut objectives = inputs.base.objectives.clone();
    for value in &request.objectives {
        objectives.push(objective_from_flag(value)?);
    }
    let mut progress = inputs.base.progress.clone();
    for (mark, value) in &request.progress {
        progress.push(progress_from_flag(*mark, value)?);
    }
    let taken = agreed(inputs.earlier, amended_file);
    let mut numbers = Numbers::new(
        inputs
            .earlier
            .iter()
            .flat_map(|f| f.record.item_ids())
            .chain(actions.iter().map(|a| a.id.as_str()))
            .chain(objectives.iter().map(|o| o.id.as_str())),
    );
    let items = Items {
        inputs,
        framework,
        date,
        taken: &taken,
    };
    let mut here: HashSet<String> = HashSet::new();
    let mut review = Review::new(person.as_str(), date, &format!("{:.9}", inputs.clock.now));
    for action in actions {
        let what = label(ItemKind::Action, &action.id, &action.text);
        let id = items.id(&action.id, ItemKind::Action, &mut numbers, &mut here)?;
        review.actions.push(items.action(&action, id, &what)?);
    }
    for objective in objectives {
        let what = label(ItemKind::Objective, &objective.id, &objective.text);
        let id = items.id(&objective.id, ItemKind::Objective, &mut numbers, &mut here)?;
        review
            .objectives
            .push(items.objective(&objective, id, &what)?);
    }
    let mut marked: HashSet<String> = HashSet::new();
    for line in progress {
        let line = items.progress(&line, &here)?;
        if !marked.insert(line.item.clone()) {
            return Err(Refusal::new(Problem::GivenTwice {
                what: format!("progress on `{}`", line.item),
            })
            .on(Field::Progress(line.status.as_str()))
            .into());
        }
        review.progress.push(line);
    }
    if review.is_empty() {
        return Err(nothing_to_record());
    }
    review.schema = SCHEMA;
    review.framework = framework.map(|f| f.id.clone());
    review.reviewer = optional(
        request
            .reviewer
            .as_deref()
            .or(amended.and_then(|r| r.reviewer.as_deref()))
            .or(inputs.default_reviewer),
        &At::Bare(Field::Reviewer),
    )?;
    review.status = if request.is_final {
        Status::Final
    } else {
        Status::Draft
    };
    review.amends = amended_file.map(str::to_owned);
    Ok(review)
}

/// A review with nothing in it, and what it could record.
fn nothing_to_record() -> Error {
    let give = |field, example: Option<&str>| Remedy::Give {
        field,
        example: example.map(str::to_owned),
    };
    Refusal::refused("nothing to record")
        .or(give(Field::Action, None))
        .or(give(Field::Objective, None))
        .or(give(
            Field::Progress(Mark::Done.as_str()),
            Some("a1=\"...\""),
        ))
        .or(give(
            Field::Progress(Mark::Met.as_str()),
            Some("o1=\"...\""),
        ))
        .or(give(Field::From, None))
        .into()
}

/// How a message names an item: by its id when it has one, else by the
/// start of its text as given (`--action "Shadow a senior…"`).
fn label(kind: ItemKind, id: &str, text: &str) -> At {
    if id.trim().is_empty() {
        let field = match kind {
            ItemKind::Action => Field::Action,
            ItemKind::Objective => Field::Objective,
        };
        At::Field(field, short(text))
    } else {
        At::Item(format!("{} {}", kind.as_str(), id.trim()))
    }
}

/// What finishing an item needs.
struct Items<'a> {
    inputs: &'a Inputs<'a>,
    framework: Option<&'a Framework>,
    date: Date,
    taken: &'a HashMap<&'a str, &'a Filed<Review>>,
}

impl Items<'_> {
    /// The id an item keeps (its own, when free) or is given.
    fn id(
        &self,
        given: &str,
        kind: ItemKind,
        numbers: &mut Numbers,
        here: &mut HashSet<String>,
    ) -> Result<String> {
        let given = given.trim();
        let id = if given.is_empty() {
            numbers.take(kind)
        } else {
            match ItemKind::of(given) {
                Some((found, _)) if found == kind => {}
                _ => {
                    return Err(Error::refused(format!(
                        "`{}` is not the id of an {} (`{}1`, `{}2`, ...)",
                        given.escape_debug(),
                        kind.as_str(),
                        kind.prefix(),
                        kind.prefix()
                    )));
                }
            }
            if let Some(filed) = self.taken.get(given) {
                return Err(Refusal::refused(format!(
                    "`{given}` is already agreed in `{}`",
                    filed.file
                ))
                .or(Remedy::Amend {
                    record: filed.file.clone(),
                })
                .or(Remedy::LeaveIdOut)
                .into());
            }
            given.to_owned()
        };
        if !here.insert(id.clone()) {
            return Err(Refusal::new(Problem::GivenTwice {
                what: format!("`{id}`"),
            })
            .into());
        }
        Ok(id)
    }

    fn due(&self, given: &str, what: &At) -> Result<String> {
        if given.trim().is_empty() {
            return Ok(default_due(self.inputs.rule, self.date).to_string());
        }
        let day = crate::date::accept(given, crate::date::Kind::Any, self.inputs.clock.today)
            .map_err(|r| what.on(Refusal::refused(format!("due {r}"))))?;
        if day < self.date {
            return Err(what.on(Refusal::refused(format!(
                "due {day} is before the review's day, {}",
                self.date
            ))));
        }
        Ok(day.to_string())
    }

    fn action(&self, action: &Action, id: String, what: &At) -> Result<Action> {
        let text = clean(&action.text, what)?;
        let competency = match action.competency.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(given) => Some(self.competency(given, what)?),
        };
        Ok(Action {
            owner: self.owner(&action.owner, what)?,
            due: self.due(&action.due, what)?,
            support: optional(action.support.as_deref(), what)?,
            id,
            text,
            competency,
        })
    }

    fn objective(&self, objective: &Objective, id: String, what: &At) -> Result<Objective> {
        Ok(Objective {
            text: clean(&objective.text, what)?,
            measure: optional(objective.measure.as_deref(), what)?,
            due: self.due(&objective.due, what)?,
            id,
        })
    }

    /// The competency an action serves, of the review's framework.
    fn competency(&self, given: &str, what: &At) -> Result<String> {
        let Some(framework) = self.framework else {
            return Err(what.on(Refusal::refused(format!(
                "it serves `{}`, but no framework is known for this person",
                given.escape_debug()
            ))
            .or(Remedy::Give {
                field: Field::Framework,
                example: Some("wdcvs".to_owned()),
            })));
        };
        match framework.competency(given) {
            Some(c) if c.subject == Subject::Person => Ok(c.id.clone()),
            Some(c) => Err(what.on(Refusal::refused(format!(
                "`{}` rates an organisation or team, not a person",
                c.id
            )))),
            None => Err(what.on(Refusal::new(Unknown::new(
                "competency",
                given,
                Some(&format!("framework `{}`", framework.id)),
                framework.competencies.iter().map(|c| c.id.as_str()),
            )))),
        }
    }

    /// Who owns an action: `self` (default), `manager`, or a person of the roster.
    fn owner(&self, given: &str, what: &At) -> Result<String> {
        let given = given.trim();
        let lower = given.to_ascii_lowercase();
        if given.is_empty() || lower == OWNER_SELF {
            return Ok(OWNER_SELF.to_owned());
        }
        if lower == OWNER_MANAGER {
            return Ok(OWNER_MANAGER.to_owned());
        }
        if self.inputs.roster.get(given).is_some() {
            return Ok(given.to_owned());
        }
        let roster = &self.inputs.roster.people;
        Err(what.on(Refusal::refused(format!(
            "the owner must be `self`, `manager` or a person id of the roster; {}",
            Unknown::new(
                "person",
                given,
                Some("the roster"),
                roster.iter().map(|m| m.id.as_str())
            )
        ))))
    }

    /// A progress line: on an item an earlier review agreed, with a mark
    /// that fits it.
    fn progress(&self, line: &Progress, here: &HashSet<String>) -> Result<Progress> {
        let id = line.item.trim().to_owned();
        let field = Field::Progress(line.status.as_str());
        let what = At::Field(field, id.clone());
        let Some((kind, _)) = ItemKind::of(&id) else {
            return Err(
                Refusal::refused("not the id of an action or objective (`a1`, `o2`, ...)")
                    .given(field, id.escape_debug().to_string())
                    .into(),
            );
        };
        if line.status.is_for_action() != (kind == ItemKind::Action) {
            let fits = match kind {
                ItemKind::Action => [Mark::Done, Mark::Dropped, Mark::CarriedOver],
                ItemKind::Objective => [Mark::Met, Mark::PartlyMet, Mark::NotMet],
            };
            return Err(what.on(
                Refusal::refused(format!("`{id}` is an {}", kind.as_str())).or(Remedy::OneOf(
                    fits.map(|m| Field::Progress(m.as_str())).to_vec(),
                )),
            ));
        }
        if here.contains(&id) {
            return Err(what.on(Refusal::refused(format!(
                "`{id}` is agreed in this same review; progress is recorded at a later one"
            ))));
        }
        match self.taken.get(id.as_str()) {
            Some(filed) if filed.record.date <= self.date => {}
            Some(filed) => {
                return Err(what.on(Refusal::refused(format!(
                    "`{id}` was agreed on {}, after this review's day ({})",
                    filed.record.date, self.date
                ))));
            }
            None => {
                let known: Vec<&str> = self.taken.keys().copied().collect();
                let hint = did_you_mean(&id, known.iter().copied())
                    .map_or_else(String::new, |s| format!("; did you mean `{s}`?"));
                let person = self.inputs.earlier.first().map(|f| f.record.person());
                return Err(what.on(Refusal::refused(format!(
                    "no review of `{}` agrees `{id}`{hint}",
                    person.unwrap_or("this person")
                ))
                .or(Remedy::List(Listing::Actions {
                    person: person.map(str::to_owned),
                }))));
            }
        }
        let outcome = match line.outcome.as_deref().map(str::trim) {
            Some(text) if !text.is_empty() => clean(text, &what)?,
            _ => {
                return Err(
                    what.on(Refusal::refused("no outcome is given").or(Remedy::Outcome {
                        example: if kind == ItemKind::Action {
                            "Finished in May"
                        } else {
                            "52 people came"
                        },
                    })),
                );
            }
        };
        let due = match line.due.as_deref() {
            Some(day) if line.status == Mark::CarriedOver => Some(self.due(day, &what)?),
            Some(_) => {
                return Err(what.on(Refusal::refused(
                    "a new due day is for an action carried over",
                )));
            }
            None => None,
        };
        Ok(Progress {
            item: id,
            status: line.status,
            outcome: Some(outcome),
            due,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_flag_gives_its_text_then_fields_and_keeps_other_semicolons_in_the_text() {
        let (text, f) = fields(
            &At::Bare(Field::Action),
            "Read the guide; then discuss it; owner=manager; due = 2026-06-30 ; serves=team-working",
            ACTION_KEYS,
        )
        .unwrap();
        assert_eq!(text, "Read the guide; then discuss it");
        assert_eq!(f["owner"], "manager");
        assert_eq!(f["due"], "2026-06-30");
        assert_eq!(f["competency"], "team-working");
    }

    #[test]
    fn an_unknown_field_is_refused_with_a_suggestion() {
        let e = fields(&At::Bare(Field::Action), "x; supprot=time", ACTION_KEYS).unwrap_err();
        assert!(matches!(&e, Error::Request(r) if r.field == Some(Field::Action)));
        assert_eq!(
            e.to_string(),
            "action: `supprot=` is not one of `competency=`, `owner=`, `due=`, `support=`; did you mean `support=`?"
        );
        let e = fields(
            &At::Bare(Field::Objective),
            "x; due=1; due=2",
            OBJECTIVE_KEYS,
        )
        .unwrap_err();
        assert!(matches!(&e, Error::Request(r)
            if r.field == Some(Field::Objective)
                && r.problem == Problem::GivenTwice { what: "`due=`".to_owned() }));
    }

    #[test]
    fn the_default_due_day_is_the_cycles_or_the_next_ones_when_it_has_passed() {
        let rule = CycleRule {
            starts: crate::settings::MonthDay::new(4, 1).unwrap(),
            due: crate::settings::MonthDay::new(3, 1),
        };
        let day = |t: &str| t.parse::<Date>().unwrap();
        assert_eq!(default_due(rule, day("2026-10-02")), day("2027-03-01"));
        assert_eq!(default_due(rule, day("2026-03-17")), day("2027-03-01"));
        assert_eq!(default_due(rule, day("2026-02-10")), day("2026-03-01"));
    }

    #[test]
    fn ids_continue_after_every_id_ever_used() {
        let mut n = Numbers::new(["a1", "a3", "o2", "x9", "a01"].into_iter());
        assert_eq!(n.take(ItemKind::Action), "a4");
        assert_eq!(n.take(ItemKind::Action), "a5");
        assert_eq!(n.take(ItemKind::Objective), "o3");
    }
}
