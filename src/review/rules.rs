//! What makes a review valid, checked in one pass with every problem
//! located: the keys a review must have, ids, days, texts, and — against
//! the catalogue and the roster — the competencies actions serve and who
//! owns them; then, across a person's reviews, that no id is agreed twice
//! and that progress names an item agreed before it. Pure: no file is read
//! here. The record rules shared with assessments (person, days, checksum,
//! control characters) are `record::rules`'s.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use toml::Spanned;

use super::{ItemKind, Mark, OWNER_MANAGER, OWNER_SELF, RawReview, Review, SCHEMA};
use crate::catalog::Catalog;
use crate::diagnostic::{At, Code, Collector, Diagnostic, Location, did_you_mean};
use crate::error::Error;
use crate::id::is_valid_id;
use crate::model::{Framework, Subject};
use crate::record::rules::{
    Checked, at, check_control, check_person, check_record_dates, check_seal, missing_checksum,
    strict_date,
};
use crate::record::{Filed, Sealed, Status, chain};
use crate::roster::Roster;

/// What a review is checked against, when it is in a workspace.
#[derive(Clone, Copy)]
pub(crate) struct Context<'a> {
    pub catalog: &'a Catalog,
    /// The roster, when it could be read (owners are then checked).
    pub roster: Option<&'a Roster>,
    /// The framework of a prepared file that names none: that of the
    /// person's role (records on disk name theirs).
    pub default_framework: Option<&'a str>,
}

const HELP_AMEND: &str = "to correct a review, run `competency review PERSON --amend <file>` (with --from for a whole new text)";

/// Check a parsed review file. With a context, the competencies of its
/// actions and their owners are checked too. `folder` is the person's
/// folder it is in, when it is in a workspace.
pub(crate) fn check(
    file: &Path,
    source: &str,
    raw: RawReview,
    context: Option<Context<'_>>,
    folder: Option<&str>,
) -> Checked<Review> {
    let mut c = Collector::new(file, Some(source));
    let whole = has_every_key(&raw, &mut c);
    check_body(&mut c, &raw, context, folder, true);
    if whole && raw.checksum.is_none() {
        missing_checksum(&mut c, raw.status == Some(Status::Final), "review");
    }
    let amends = raw.amends.clone();
    let review = if whole { into_review(raw) } else { None };
    if let Some(review) = &review {
        check_seal(&mut c, review, HELP_AMEND);
    }
    Checked {
        record: review,
        diagnostics: c.finish(),
        amends,
    }
}

/// Check a prepared file (`review --from`): everything a review's body must
/// be, each problem at its line, but ids, owners and due days may be left
/// out (the command fills them in). Only errors are returned.
pub(crate) fn check_prepared(
    file: &Path,
    source: &str,
    raw: &RawReview,
    context: Context<'_>,
) -> Vec<Diagnostic> {
    let mut c = Collector::new(file, Some(source));
    check_body(&mut c, raw, Some(context), None, false);
    c.finish()
        .into_iter()
        .filter(Diagnostic::is_error)
        .collect()
}

/// Every key a review file must have; each missing one is a problem.
fn has_every_key(raw: &RawReview, c: &mut Collector<'_>) -> bool {
    let start = At::Location(Some(Location {
        line: 1,
        column: 1,
        length: 1,
    }));
    let mut missing = |present: bool, key: &str| {
        if !present {
            c.error(
                Code::MissingKey,
                start.clone(),
                "",
                format!("missing key `{key}`"),
            );
        }
        present
    };
    let all = [
        missing(raw.schema.is_some(), "schema"),
        missing(raw.person.is_some(), "person"),
        missing(raw.date.is_some(), "date"),
        missing(raw.status.is_some(), "status"),
        missing(raw.created.is_some(), "created"),
    ];
    !all.contains(&false)
}

/// The review a raw form with every key holds.
fn into_review(raw: RawReview) -> Option<Review> {
    let text = |v: Option<Spanned<String>>| v.map(Spanned::into_inner);
    Some(Review {
        schema: raw.schema.unwrap_or(SCHEMA),
        person: text(raw.person).unwrap_or_default(),
        framework: text(raw.framework),
        reviewer: text(raw.reviewer),
        date: raw
            .date
            .as_ref()
            .and_then(|d| crate::date::strict_date(d.get_ref()))?,
        status: raw.status?,
        created: text(raw.created).unwrap_or_default(),
        amends: text(raw.amends),
        checksum: raw.checksum,
        actions: raw
            .actions
            .iter()
            .map(super::RawAction::to_action)
            .collect(),
        objectives: raw
            .objectives
            .iter()
            .map(super::RawObjective::to_objective)
            .collect(),
        progress: raw
            .progress
            .iter()
            .map(super::RawProgress::to_progress)
            .collect(),
    })
}

/// The body of a review or prepared file. `complete`: a record, whose ids,
/// owners and due days must be there.
fn check_body(
    c: &mut Collector<'_>,
    raw: &RawReview,
    context: Option<Context<'_>>,
    folder: Option<&str>,
    complete: bool,
) {
    check_controls(c, raw);
    if let Some(person) = &raw.person {
        check_person(c, person, folder);
    }
    check_record_dates(
        c,
        raw.date.as_ref(),
        raw.created.as_ref(),
        raw.amends.as_ref(),
    );
    let framework = context.and_then(|cx| framework_of(c, raw, cx));
    let mut ids: HashSet<&str> = HashSet::new();
    for (i, action) in raw.actions.iter().enumerate() {
        let key = |field: &str| format!("action[{i}].{field}");
        item_id(
            c,
            action.id.as_ref(),
            ItemKind::Action,
            &mut ids,
            &key,
            complete,
        );
        not_empty(c, &action.text, &key("text"));
        due(c, action.due.as_ref(), &key, complete);
        if let Some(support) = &action.support {
            not_empty(c, support, &key("support"));
        }
        owner(
            c,
            action.owner.as_ref(),
            context.and_then(|cx| cx.roster),
            &key,
            complete,
        );
        if let Some(competency) = &action.competency {
            served(c, competency, raw, context, framework, &key("competency"));
        }
    }
    for (i, objective) in raw.objectives.iter().enumerate() {
        let key = |field: &str| format!("objective[{i}].{field}");
        item_id(
            c,
            objective.id.as_ref(),
            ItemKind::Objective,
            &mut ids,
            &key,
            complete,
        );
        not_empty(c, &objective.text, &key("text"));
        if let Some(measure) = &objective.measure {
            not_empty(c, measure, &key("measure"));
        }
        due(c, objective.due.as_ref(), &key, complete);
    }
    check_progress(c, raw, &ids, complete);
}

/// The progress lines of a review: each on an item id not agreed in the same
/// review, once, with a mark that fits its kind.
fn check_progress(c: &mut Collector<'_>, raw: &RawReview, ids: &HashSet<&str>, complete: bool) {
    let mut marked: HashSet<&str> = HashSet::new();
    for (i, progress) in raw.progress.iter().enumerate() {
        let key = |field: &str| format!("progress[{i}].{field}");
        let id = progress.item.get_ref().as_str();
        let Some((kind, _)) = ItemKind::of(id) else {
            c.error(
                Code::BadId,
                at(&progress.item),
                &key("item"),
                format!(
                    "`{}` is not the id of an action or objective (`a1`, `o2`, ...)",
                    id.escape_debug()
                ),
            );
            continue;
        };
        if ids.contains(id) {
            c.error(
                Code::UnknownItem,
                at(&progress.item),
                &key("item"),
                format!("progress on `{id}`, which this same review agrees"),
            )
            .help("progress is recorded at a later review");
        } else if !marked.insert(id) {
            c.error(
                Code::DuplicateItem,
                at(&progress.item),
                &key("item"),
                format!("progress on `{id}` is recorded twice in this review"),
            );
        }
        mark_fits(c, progress, kind, &key);
        if let Some(outcome) = &progress.outcome {
            not_empty(c, outcome, &key("outcome"));
        }
        if let Some(day) = &progress.due {
            if *progress.status.get_ref() == Mark::CarriedOver {
                due(c, Some(day), &key, complete);
            } else {
                c.error(
                    Code::InvalidValue,
                    at(day),
                    &key("due"),
                    format!(
                        "a new due day is for an action carried over, not one {}",
                        progress.status.get_ref().words()
                    ),
                );
            }
        }
    }
}

/// Every text of the review: none may hold a control character.
fn check_controls(c: &mut Collector<'_>, raw: &RawReview) {
    for (value, key) in [
        (&raw.person, "person"),
        (&raw.framework, "framework"),
        (&raw.reviewer, "reviewer"),
        (&raw.date, "date"),
        (&raw.created, "created"),
        (&raw.amends, "amends"),
    ] {
        if let Some(value) = value {
            check_control(c, value, &|| key.to_owned());
        }
    }
    for (i, a) in raw.actions.iter().enumerate() {
        check_control(c, &a.text, &|| format!("action[{i}].text"));
        for (value, field) in [
            (&a.id, "id"),
            (&a.competency, "competency"),
            (&a.owner, "owner"),
            (&a.due, "due"),
            (&a.support, "support"),
        ] {
            if let Some(value) = value {
                check_control(c, value, &|| format!("action[{i}].{field}"));
            }
        }
    }
    for (i, o) in raw.objectives.iter().enumerate() {
        check_control(c, &o.text, &|| format!("objective[{i}].text"));
        for (value, field) in [(&o.id, "id"), (&o.measure, "measure"), (&o.due, "due")] {
            if let Some(value) = value {
                check_control(c, value, &|| format!("objective[{i}].{field}"));
            }
        }
    }
    for (i, p) in raw.progress.iter().enumerate() {
        check_control(c, &p.item, &|| format!("progress[{i}].item"));
        for (value, field) in [(&p.outcome, "outcome"), (&p.due, "due")] {
            if let Some(value) = value {
                check_control(c, value, &|| format!("progress[{i}].{field}"));
            }
        }
    }
}

/// The review's framework, when it names one the catalogue has.
fn framework_of<'c>(
    c: &mut Collector<'_>,
    raw: &RawReview,
    context: Context<'c>,
) -> Option<&'c Framework> {
    let Some(named) = raw.framework.as_ref() else {
        return context
            .default_framework
            .and_then(|id| context.catalog.framework(id).ok());
    };
    match context.catalog.framework(named.get_ref()) {
        Ok(framework) => Some(framework),
        Err(Error::Request(request)) => {
            let message = request.problem.to_string();
            c.error(Code::UnknownFramework, at(named), "framework", message);
            None
        }
        // The framework file itself is broken; validate reports it there.
        Err(_) => None,
    }
}

fn item_id<'r>(
    c: &mut Collector<'_>,
    id: Option<&'r Spanned<String>>,
    kind: ItemKind,
    seen: &mut HashSet<&'r str>,
    key: &dyn Fn(&str) -> String,
    complete: bool,
) {
    let Some(id) = id else {
        if complete {
            c.error(
                Code::MissingKey,
                At::File,
                &key("id"),
                format!("missing key `{}`", key("id")),
            );
        }
        return;
    };
    let text = id.get_ref().as_str();
    match ItemKind::of(text) {
        Some((found, _)) if found == kind => {
            if !seen.insert(text) {
                c.error(
                    Code::DuplicateItem,
                    at(id),
                    &key("id"),
                    format!("`{text}` is agreed twice in this review"),
                );
            }
        }
        _ => {
            c.error(
                Code::BadId,
                at(id),
                &key("id"),
                format!(
                    "`{}` is not the id of an {} (`{}1`, `{}2`, ...)",
                    text.escape_debug(),
                    kind.as_str(),
                    kind.prefix(),
                    kind.prefix()
                ),
            );
        }
    }
}

fn not_empty(c: &mut Collector<'_>, value: &Spanned<String>, key: &str) {
    if value.get_ref().trim().is_empty() {
        c.error(Code::EmptyText, at(value), key, "the text is empty");
    }
}

fn due(
    c: &mut Collector<'_>,
    day: Option<&Spanned<String>>,
    key: &dyn Fn(&str) -> String,
    complete: bool,
) {
    match day {
        Some(day) => {
            let accepted = strict_date(day.get_ref()).is_some_and(|d| {
                (crate::date::FIRST_YEAR..=crate::date::LAST_YEAR).contains(&d.year())
            });
            if !accepted {
                c.error(
                    Code::BadDate,
                    at(day),
                    &key("due"),
                    format!(
                        "`{}` is not a date from {} to {} (use YYYY-MM-DD, e.g. 2027-03-01)",
                        day.get_ref().escape_debug(),
                        crate::date::FIRST_YEAR,
                        crate::date::LAST_YEAR
                    ),
                );
            }
        }
        None if complete => {
            c.error(
                Code::MissingKey,
                At::File,
                &key("due"),
                format!("missing key `{}`", key("due")),
            );
        }
        None => {}
    }
}

/// Who owns an action: `self`, `manager`, or a person of the roster.
fn owner(
    c: &mut Collector<'_>,
    owner: Option<&Spanned<String>>,
    roster: Option<&Roster>,
    key: &dyn Fn(&str) -> String,
    complete: bool,
) {
    let Some(owner) = owner else {
        if complete {
            c.error(
                Code::MissingKey,
                At::File,
                &key("owner"),
                format!("missing key `{}`", key("owner")),
            );
        }
        return;
    };
    let id = owner.get_ref().as_str();
    if id == OWNER_SELF || id == OWNER_MANAGER {
        return;
    }
    let known = roster.is_none_or(|r| r.get(id).is_some());
    if !is_valid_id(id) || !known {
        let help = roster
            .and_then(|r| did_you_mean(id, r.people.iter().map(|m| m.id.as_str())))
            .map(|s| format!("did you mean `{s}`?"))
            .or_else(|| Some("`self`, `manager`, or a person id of the roster".to_owned()));
        c.error(
            Code::UnknownOwner,
            at(owner),
            &key("owner"),
            format!(
                "the owner `{}` is not `self`, `manager` or a person in the roster",
                id.escape_debug()
            ),
        )
        .maybe_help(help);
    }
}

/// The competency an action serves: of the review's framework, and one
/// that rates a person.
fn served(
    c: &mut Collector<'_>,
    competency: &Spanned<String>,
    raw: &RawReview,
    context: Option<Context<'_>>,
    framework: Option<&Framework>,
    key: &str,
) {
    if context.is_none() {
        return;
    }
    let id = competency.get_ref().as_str();
    let Some(framework) = framework else {
        if raw.framework.is_none() && context.is_some_and(|cx| cx.default_framework.is_none()) {
            c.error(
                Code::MissingKey,
                at(competency),
                "framework",
                format!(
                    "the action serves `{}`, but the review names no framework",
                    id.escape_debug()
                ),
            )
            .help("add `framework = \"...\"` (the framework of the person's role), or give --framework");
        }
        return;
    };
    match framework.competency(id) {
        Some(found) if found.subject == Subject::Person => {}
        Some(_) => {
            c.error(
                Code::WrongSubject,
                at(competency),
                key,
                format!("`{id}` rates an organisation or team, not a person"),
            );
        }
        None => {
            let help = did_you_mean(id, framework.competencies.iter().map(|k| k.id.as_str()))
                .map(|s| format!("did you mean `{s}`?"));
            c.error(
                Code::UnknownCompetency,
                at(competency),
                key,
                format!(
                    "unknown competency `{}` in framework `{}`",
                    id.escape_debug(),
                    framework.id
                ),
            )
            .maybe_help(help);
        }
    }
}

/// An action is done, dropped or carried over; an objective met, partly
/// met or not met.
fn mark_fits(
    c: &mut Collector<'_>,
    progress: &super::RawProgress,
    kind: ItemKind,
    key: &dyn Fn(&str) -> String,
) {
    let mark = *progress.status.get_ref();
    if mark.is_for_action() != (kind == ItemKind::Action) {
        let allowed = match kind {
            ItemKind::Action => "`done`, `dropped` or `carried-over`",
            ItemKind::Objective => "`met`, `partly-met` or `not-met`",
        };
        c.error(
            Code::InvalidValue,
            at(&progress.status),
            &key("status"),
            format!(
                "`{}` is an {}, and `{mark}` is for an {}: an {} is {allowed}",
                progress.item.get_ref(),
                kind.as_str(),
                if kind == ItemKind::Action {
                    "objective"
                } else {
                    "action"
                },
                kind.as_str()
            ),
        );
    }
}

/// One review file of a person's folder, as the folder rules see it.
pub(crate) struct Entry<'a> {
    pub path: &'a Path,
    pub review: Option<&'a Review>,
}

/// The problems across a person's reviews, per file (in the order given):
/// an id agreed by two reviews that both count, and progress on an item no
/// review that counts agreed on or before its day. Reviews a correction
/// replaced do not count.
pub(crate) fn check_folder(entries: &[Entry<'_>]) -> Vec<Vec<Diagnostic>> {
    let filed: Vec<Filed<Review>> = entries
        .iter()
        .filter_map(|e| {
            Some(Filed {
                file: crate::file::file_name(e.path),
                record: e.review?.clone(),
            })
        })
        .collect();
    let replaced = chain::superseded(&filed, None);
    let counts = |e: &Entry<'_>| {
        e.review.is_some() && !replaced.contains(crate::file::file_name(e.path).as_str())
    };
    // Where each id is agreed: the earliest review that counts.
    let mut agreed: HashMap<&str, (&Review, &Path)> = HashMap::new();
    let mut order: Vec<&Entry<'_>> = entries.iter().filter(|e| counts(e)).collect();
    order.sort_by(|a, b| {
        let (a, b) = (
            a.review.map(Sealed::order_key),
            b.review.map(Sealed::order_key),
        );
        a.cmp(&b)
    });
    let mut twice: HashMap<&Path, Vec<Diagnostic>> = HashMap::new();
    for entry in &order {
        let Some(review) = entry.review else { continue };
        for id in review.item_ids() {
            match agreed.get(id) {
                Some((_, first)) => twice.entry(entry.path).or_default().push(
                    Diagnostic::error(
                        Code::DuplicateItem,
                        entry.path,
                        format!(
                            "`{id}` is also agreed in `{}`; each action and objective has its own id",
                            crate::file::file_name(first)
                        ),
                    )
                    .with_help("record this review again with new ids (leave `id` out in a prepared file), or amend one of the two"),
                ),
                None => {
                    agreed.insert(id, (review, entry.path));
                }
            }
        }
    }
    entries
        .iter()
        .map(|entry| {
            let mut problems = twice.remove(entry.path).unwrap_or_default();
            let Some(review) = entry.review.filter(|_| counts(entry)) else {
                return problems;
            };
            for (i, progress) in review.progress.iter().enumerate() {
                let before = agreed
                    .get(progress.item.as_str())
                    .is_some_and(|(r, _)| r.order_key() <= review.order_key());
                if !before {
                    problems.push(
                        Diagnostic::warning(
                            Code::UnknownItem,
                            entry.path,
                            format!(
                                "progress on `{}`, which no earlier review of `{}` agrees; reports pass over it",
                                progress.item, review.person
                            ),
                        )
                        .with_key(format!("progress[{i}].item")),
                    );
                }
            }
            problems
        })
        .collect()
}
