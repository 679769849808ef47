//! What makes a record valid, checked in one pass with every problem located:
//! the keys a record must have, ids, dates, and — against the catalogue — its
//! framework, role, competencies, levels and ticks. Pure: no file is read here.

use std::collections::HashSet;
use std::path::Path;

use toml::Spanned;

use super::{Method, Rating, RawRating, RawRecord, Record, SCHEMA, Sealed, Status};
use crate::catalog::Catalog;
use crate::diagnostic::{At, Code, Collector, Diagnostic, Location, did_you_mean, list_names};
use crate::error::Error;
use crate::id::is_valid_id;
use crate::model::{Framework, Subject};
use crate::text::normalise;

/// The outcome of checking a record: the record when it has every key a
/// record must have, and every problem found.
#[derive(Debug)]
pub struct Checked<R = Record> {
    pub record: Option<R>,
    pub diagnostics: Vec<Diagnostic>,
    /// The record's `amends`, as written and where (for checking links
    /// between records).
    pub amends: Option<Spanned<String>>,
}

impl<R> Checked<R> {
    /// A file that could not be read or parsed: only its problem.
    pub fn failed(problem: Diagnostic) -> Checked<R> {
        Checked {
            record: None,
            diagnostics: vec![problem],
            amends: None,
        }
    }

    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// Where a value is; a value built in memory has no place.
pub(crate) fn at<T>(value: &Spanned<T>) -> At {
    let span = value.span();
    if span.start == 0 && span.end == 0 {
        At::File
    } else {
        At::Span(span)
    }
}

pub(crate) use crate::date::strict_date;

/// Check a parsed record. With a catalogue, it is also checked against its
/// framework; without one, only its own shape (for records of a framework a
/// report does not use). `folder` is the name of the folder the file is in
/// (the person's id), when it is in a workspace.
pub fn check(
    file: &Path,
    source: &str,
    raw: RawRecord,
    catalog: Option<&Catalog>,
    folder: Option<&str>,
) -> Checked {
    let mut c = Collector::new(file, Some(source));
    let whole = has_every_key(&raw, &mut c);
    check_controls(&mut c, &raw);
    if let Some(person) = &raw.person {
        check_person(&mut c, person, folder);
    }
    check_dates(&mut c, &raw);
    if whole && raw.checksum.is_none() {
        missing_checksum(&mut c, raw.status == Some(Status::Final), "assess");
    }
    if let Some(catalog) = catalog
        && let Some(framework) = &raw.framework
    {
        match catalog.framework(framework.get_ref()) {
            Ok(framework) => check_against(&mut c, &raw, framework, catalog),
            Err(Error::Request(request)) => {
                let message = request.problem.to_string();
                c.error(Code::UnknownFramework, at(framework), "framework", message);
            }
            // The framework file itself is broken; validate reports it there.
            Err(_) => {}
        }
    }
    let amends = raw.amends.clone();
    let record = if whole { into_record(raw) } else { None };
    if let Some(record) = &record {
        check_seal(
            &mut c,
            record,
            "to correct a record, record a new assessment with `competency assess ... --amend <file>`",
        );
    }
    Checked {
        record,
        diagnostics: c.finish(),
        amends,
    }
}

/// A record with no checksum: an error when final (a change to it could
/// not be noticed), a warning when draft. `command` wrote it (`assess`,
/// `review`).
pub(crate) fn missing_checksum(c: &mut Collector<'_>, is_final: bool, command: &str) {
    let message = format!(
        "the record has no checksum, so a change to it cannot be noticed; it was not written by `competency {command}`"
    );
    let help = format!(
        "record it again with `competency {command}`; a record without a checksum never replaces a final record"
    );
    let added = if is_final {
        c.error(Code::MissingChecksum, At::File, "checksum", message)
    } else {
        c.warning(Code::MissingChecksum, At::File, "checksum", message)
    };
    added.help(help);
}

/// A record whose checksum no longer matches its content: a final record
/// must never change (an error); a draft edited by hand is only noted.
/// `help` says how to correct one.
pub(crate) fn check_seal<R: Sealed>(c: &mut Collector<'_>, record: &R, help: &str) {
    if record.checksum_matches() != Some(false) {
        return;
    }
    let (code, message) = match record.status() {
        Status::Final => (
            Code::EditedAfterFinal,
            "the record was changed after it was written as final; its checksum no longer matches",
        ),
        Status::Draft => (
            Code::EditedByHand,
            "the record was changed by hand after it was written; its checksum no longer matches",
        ),
    };
    let added = if record.status() == Status::Final {
        c.error(code, At::File, "checksum", message)
    } else {
        c.warning(code, At::File, "checksum", message)
    };
    added.help(help);
}

/// Whether the raw form has every key a record must have; each missing key
/// is a problem.
fn has_every_key(raw: &RawRecord, c: &mut Collector<'_>) -> bool {
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
        missing(raw.framework.is_some(), "framework"),
        missing(raw.fingerprint.is_some(), "fingerprint"),
        missing(raw.by.is_some(), "by"),
        missing(raw.date.is_some(), "date"),
        missing(raw.status.is_some(), "status"),
        missing(raw.created.is_some(), "created"),
    ];
    !all.contains(&false)
}

/// The record a raw form with every key holds, its values moved, not copied.
fn into_record(raw: RawRecord) -> Option<Record> {
    let text = |v: Option<Spanned<String>>| v.map(Spanned::into_inner);
    let (by, status) = (raw.by?, raw.status?);
    Some(Record {
        schema: raw.schema.unwrap_or(SCHEMA),
        person: text(raw.person).unwrap_or_default(),
        subject: raw.subject.unwrap_or_default(),
        framework: text(raw.framework).unwrap_or_default(),
        fingerprint: raw.fingerprint.unwrap_or_default(),
        by,
        rater: text(raw.rater),
        role: text(raw.role),
        date: raw.date.as_ref().and_then(|d| strict_date(d.get_ref()))?,
        status,
        created: text(raw.created).unwrap_or_default(),
        amends: text(raw.amends),
        checksum: raw.checksum,
        ratings: raw
            .ratings
            .into_iter()
            .map(RawRating::into_rating)
            .collect(),
    })
}

/// A text of a record or prepared file that holds a control character is a
/// problem at its place. The key is only spelt out when there is one.
pub(crate) fn check_control(
    c: &mut Collector<'_>,
    value: &Spanned<String>,
    key: &dyn Fn() -> String,
) {
    if let Some(found) = crate::text::find_control(value.get_ref()) {
        c.error(
            Code::ControlCharacter,
            at(value),
            &key(),
            format!(
                "the text holds a control character ({}), {}",
                crate::text::escape_controls(&found.to_string()),
                crate::text::control_risk(found)
            ),
        )
        .help("remove it; the tool shows it escaped until then");
    }
}

/// Every text of the record: none may hold a control character.
fn check_controls(c: &mut Collector<'_>, raw: &RawRecord) {
    let mut text = |value: &Spanned<String>, key: &dyn Fn() -> String| check_control(c, value, key);
    for (value, key) in [
        (&raw.person, "person"),
        (&raw.framework, "framework"),
        (&raw.rater, "rater"),
        (&raw.role, "role"),
        (&raw.date, "date"),
        (&raw.created, "created"),
        (&raw.amends, "amends"),
    ] {
        if let Some(value) = value {
            text(value, &|| key.to_owned());
        }
    }
    for (i, rating) in raw.ratings.iter().enumerate() {
        text(&rating.competency, &|| format!("rating[{i}].competency"));
        if let Some(level) = &rating.level {
            text(level, &|| format!("rating[{i}].level"));
        }
        if let Some(evidence) = &rating.evidence {
            text(evidence, &|| format!("rating[{i}].evidence"));
        }
        for (j, ticked) in rating.ticked.iter().enumerate() {
            text(ticked, &|| format!("rating[{i}].ticked[{j}]"));
        }
    }
}

pub(crate) fn check_person(c: &mut Collector<'_>, person: &Spanned<String>, folder: Option<&str>) {
    let id = person.get_ref();
    if !is_valid_id(id) {
        c.error(
            Code::BadId,
            at(person),
            "person",
            format!("`{}` is not a valid person id", id.escape_debug()),
        );
    } else if let Some(folder) = folder
        && folder != id
    {
        c.error(
            Code::PersonMismatch,
            at(person),
            "person",
            format!("the record is for `{id}` but is in the folder of `{folder}`"),
        );
    }
}

fn check_dates(c: &mut Collector<'_>, raw: &RawRecord) {
    check_record_dates(
        c,
        raw.date.as_ref(),
        raw.created.as_ref(),
        raw.amends.as_ref(),
    );
}

/// A record's day, its time of writing and the file it amends (a file name
/// in the same folder), whatever the kind of record.
pub(crate) fn check_record_dates(
    c: &mut Collector<'_>,
    date: Option<&Spanned<String>>,
    created: Option<&Spanned<String>>,
    amends: Option<&Spanned<String>>,
) {
    if let Some(date) = date
        && strict_date(date.get_ref()).is_none()
    {
        c.error(
            Code::BadDate,
            at(date),
            "date",
            format!(
                "`{}` is not a date (use YYYY-MM-DD, e.g. 2026-11-24)",
                date.get_ref().escape_debug()
            ),
        );
    }
    if let Some(created) = created
        && created.get_ref().parse::<jiff::Timestamp>().is_err()
    {
        c.error(
            Code::BadDate,
            at(created),
            "created",
            format!("`{}` is not a timestamp", created.get_ref().escape_debug()),
        );
    }
    if let Some(amends) = amends {
        let name = amends.get_ref();
        if name.contains(['/', '\\']) || name.starts_with('.') {
            c.error(
                Code::BadAmends,
                at(amends),
                "amends",
                format!("`{}` is not a record file name", name.escape_debug()),
            );
        }
    }
}

fn check_against(c: &mut Collector<'_>, raw: &RawRecord, framework: &Framework, catalog: &Catalog) {
    if let (Some(fingerprint), Some(named)) = (&raw.fingerprint, &raw.framework)
        && *fingerprint != framework.fingerprint
    {
        c.warning(
            Code::FrameworkChanged,
            at(named),
            "fingerprint",
            format!(
                "the record was made against framework `{}` {fingerprint}, which has changed since (now {})",
                framework.id, framework.fingerprint
            ),
        )
        .help("its ratings are still read; check them against the current indicators");
    }
    if let Some(role) = &raw.role {
        match catalog.role(role.get_ref()) {
            Ok(profile) if profile.framework != framework.id => {
                c.error(
                    Code::RoleFrameworkMismatch,
                    at(role),
                    "role",
                    format!(
                        "role `{}` belongs to framework `{}`, not `{}`",
                        profile.id, profile.framework, framework.id
                    ),
                );
            }
            Ok(_) => {}
            Err(e) => {
                c.error(Code::UnknownRole, at(role), "role", e.problem_text());
            }
        }
    }
    check_ratings(c, &raw.ratings, framework, raw.subject.unwrap_or_default());
}

/// Check the ratings of a record or a prepared file: known competencies of
/// the subject, each rated once, at a level of the scale, with ticks that are
/// the competency's indicators.
pub(crate) fn check_ratings(
    c: &mut Collector<'_>,
    ratings: &[RawRating],
    framework: &Framework,
    subject: Subject,
) {
    // Which competencies are rated, by their place in the framework.
    let mut seen = vec![false; framework.competencies.len()];
    for (i, rating) in ratings.iter().enumerate() {
        check_rating(c, rating, RatingKey(i), framework, subject, &mut seen);
    }
}

/// `rating[3]`: written out only when a problem names it.
#[derive(Clone, Copy)]
struct RatingKey(usize);

impl std::fmt::Display for RatingKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "rating[{}]", self.0)
    }
}

fn check_rating(
    c: &mut Collector<'_>,
    rating: &RawRating,
    key: RatingKey,
    framework: &Framework,
    subject: Subject,
    seen: &mut [bool],
) {
    let id = rating.competency.get_ref().as_str();
    let found = framework
        .competencies
        .iter()
        .position(|k| k.id == id)
        .map(|at| (at, &framework.competencies[at]));
    let Some((place, competency)) = found else {
        let help = did_you_mean(id, framework.competencies.iter().map(|k| k.id.as_str()))
            .map(|s| format!("did you mean `{s}`?"));
        c.error(
            Code::UnknownCompetency,
            at(&rating.competency),
            &format!("{key}.competency"),
            format!(
                "unknown competency `{}` in framework `{}`",
                id.escape_debug(),
                framework.id
            ),
        )
        .maybe_help(help);
        return;
    };
    if std::mem::replace(&mut seen[place], true) {
        c.error(
            Code::DuplicateRating,
            at(&rating.competency),
            &format!("{key}.competency"),
            format!("competency `{id}` is rated twice"),
        );
    }
    if competency.subject != subject {
        c.error(
            Code::WrongSubject,
            at(&rating.competency),
            &format!("{key}.competency"),
            format!(
                "`{id}` rates {}, but this record rates {}",
                competency.subject.words(),
                subject.words()
            ),
        );
    }
    if let Some(level) = &rating.level {
        if framework.scale.level(level.get_ref()).is_none() {
            c.error(
                Code::UnknownLevel,
                at(level),
                &format!("{key}.level"),
                format!(
                    "unknown level `{}` (the scale of `{}` has {})",
                    level.get_ref().escape_debug(),
                    framework.id,
                    list_names(framework.scale.codes(), "and")
                ),
            );
        }
        if rating.not_applicable {
            c.error(
                Code::ConflictingRating,
                at(level),
                &format!("{key}.level"),
                format!("`{id}` has a level and is marked not applicable"),
            );
        }
    }
    check_ticks(c, rating, key, framework, competency);
}

/// The ticks of a rating: indicators of its competency, and, for a level
/// said to come from the checklist, the level they give.
fn check_ticks(
    c: &mut Collector<'_>,
    rating: &RawRating,
    key: RatingKey,
    framework: &Framework,
    competency: &crate::model::Competency,
) {
    let id = rating.competency.get_ref().as_str();
    // The indicator texts, once, when there are ticks: checking each tick
    // against them stays linear.
    let indicators: HashSet<&str> = if rating.ticked.is_empty() {
        HashSet::new()
    } else {
        competency
            .all_indicators()
            .map(|i| i.text.as_str())
            .collect()
    };
    let mut all_known = true;
    for (j, ticked) in rating.ticked.iter().enumerate() {
        if !indicators.contains(normalise(ticked.get_ref()).as_str()) {
            all_known = false;
            c.error(
                Code::UnknownIndicator,
                at(ticked),
                &format!("{key}.ticked[{j}]"),
                format!("`{id}` has no indicator with this text"),
            );
        }
    }
    // A level said to come from the checklist must be the one its ticks give.
    if rating.method == Method::Checklist && all_known {
        let ticks: Vec<&str> = rating.ticked.iter().map(|t| t.get_ref().as_str()).collect();
        let derived = crate::checklist::derive_level(framework, competency, ticks);
        let level = rating.level.as_ref().map(|l| l.get_ref().as_str());
        if derived.level.as_deref() != level {
            let place = rating.level.as_ref().map_or(at(&rating.competency), at);
            c.error(
                Code::ChecklistMismatch,
                place,
                &format!("{key}.level"),
                format!(
                    "`{id}` is rated `{}` by checklist, but its ticks give {}",
                    level.unwrap_or("no level"),
                    derived
                        .level
                        .as_ref()
                        .map_or_else(|| "no level".to_owned(), |l| format!("`{l}`"))
                ),
            )
            .help(format!("the rule: {}", derived.explain()));
        }
    }
}

/// Check a prepared file's person and ratings against `framework`, so
/// problems point at its lines.
pub(crate) fn check_prepared(
    file: &Path,
    source: &str,
    raw: &RawRecord,
    framework: &Framework,
) -> Vec<Diagnostic> {
    let mut c = Collector::new(file, Some(source));
    check_controls(&mut c, raw);
    if let Some(person) = &raw.person {
        check_person(&mut c, person, None);
    }
    check_ratings(
        &mut c,
        &raw.ratings,
        framework,
        raw.subject.unwrap_or_default(),
    );
    c.finish()
        .into_iter()
        .filter(Diagnostic::is_error)
        .collect()
}

/// The ratings of a record, ready to be the base of a new one.
pub(crate) fn ratings_of(raw: &RawRecord) -> Vec<Rating> {
    raw.ratings.iter().map(RawRating::to_rating).collect()
}
