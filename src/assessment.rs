//! Building an assessment record from what the rater gave: flags, a prepared
//! file, an amended record, the questionnaire's answers. Pure: the caller
//! reads files and writes the result. Everything is checked before a record
//! exists, so a refused input never leaves anything behind.

use std::path::Path;

use crate::catalog::Catalog;
use crate::diagnostic::{Diagnostic, list_names};
use crate::error::{self, Error, Field, Problem, Remedy, Result, Unknown, refused};
use crate::file::{Links, read_text};
use crate::id::{Id, suggest_id};
use crate::model::{Competency, Framework, RoleProfile, Subject};
use crate::record::{self, Method, RaterKind, Rating, RawRecord, Record, SCHEMA, Status};

/// What the rater asked for.
#[derive(Clone, Debug, Default)]
pub(crate) struct Request {
    pub person: String,
    pub framework: Option<String>,
    pub by: Option<RaterKind>,
    pub rater: Option<String>,
    pub role: Option<String>,
    pub date: Option<String>,
    pub subject: Subject,
    /// `--set COMP=LEVEL`, in order.
    pub set: Vec<Pair>,
    /// `--evidence COMP=TEXT`.
    pub evidence: Vec<Pair>,
    /// `--na COMP`.
    pub not_applicable: Vec<String>,
    pub is_final: bool,
    /// `--all-competencies`: also rate competencies the framework keeps for
    /// roles that require them (Cherwell's management competencies) when
    /// the assessment's role does not.
    pub all_competencies: bool,
}

/// `COMPETENCY=VALUE`, as `--set` and `--evidence` take it: split when the
/// command line is read, so a value without `=` is refused there.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Pair {
    pub competency: String,
    pub value: String,
}

impl Pair {
    /// `--set`'s value (clap's value parser).
    pub(crate) fn level(text: &str) -> std::result::Result<Pair, String> {
        Pair::parse(text, "COMPETENCY=LEVEL, e.g. `team-working=3`")
    }

    /// `--evidence`'s value (clap's value parser).
    pub(crate) fn evidence(text: &str) -> std::result::Result<Pair, String> {
        Pair::parse(
            text,
            "COMPETENCY=TEXT, e.g. `team-working=\"Led the team day\"`",
        )
    }

    fn parse(text: &str, shape: &str) -> std::result::Result<Pair, String> {
        match text.split_once('=') {
            Some((competency, value)) if !competency.trim().is_empty() => Ok(Pair {
                competency: competency.trim().to_owned(),
                value: value.trim().to_owned(),
            }),
            _ => Err(format!("give {shape}")),
        }
    }
}

impl std::fmt::Display for Pair {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}={}", self.competency, self.value)
    }
}

impl Request {
    /// Whether any rating was given on the command line.
    pub(crate) fn has_ratings(&self) -> bool {
        !self.set.is_empty() || !self.evidence.is_empty() || !self.not_applicable.is_empty()
    }
}

/// The times a record is stamped with.
#[derive(Clone, Debug)]
pub(crate) struct Clock {
    pub today: jiff::civil::Date,
    pub now: jiff::Timestamp,
}

impl Clock {
    pub(crate) fn system() -> Clock {
        Clock {
            today: jiff::ZonedDateTime::now().date(),
            now: jiff::Timestamp::now(),
        }
    }
}

/// Parse `--date`: a real day, not in the future, in the years accepted
/// (`crate::date`).
pub(crate) fn parse_date(text: &str, today: jiff::civil::Date) -> Result<jiff::civil::Date> {
    crate::date::accept(text, crate::date::Kind::NotFuture, today).map_err(|refused| {
        error::Request::refused(refused.to_string())
            .on(Field::Date)
            .into()
    })
}

/// A person (or organisation) id from the command line, refused with the id it
/// probably should be.
pub fn person_id(text: &str) -> Result<Id> {
    Id::parse(text).map_err(|_| {
        let example = suggest_id(text).unwrap_or_else(|| "jane-doe".to_owned());
        error::Request::refused(format!(
            "`{}` is not a valid person id: use lowercase letters, digits and hyphens (at most 64), e.g. `{example}`",
            text.escape_debug()
        ))
        .on(Field::Person)
        .into()
    })
}

/// Where a competency or level was given: a field of the request with its
/// value (`--set x=3`), or a rating read from a file or an earlier record.
enum At<'a> {
    Field(Field, String),
    Rating(&'a str),
}

impl At<'_> {
    /// `request`, said to be about this.
    fn on(&self, request: error::Request) -> Error {
        match self {
            At::Field(field, value) => request.given(*field, value.clone()).into(),
            At::Rating(id) => Error::from(request).context(&format!("rating of `{id}`")),
        }
    }
}

/// The competency a field names, checked against the framework and the subject.
fn competency<'f>(
    framework: &'f Framework,
    id: &str,
    subject: Subject,
    at: &At<'_>,
) -> Result<&'f Competency> {
    let Some(c) = framework.competency(id) else {
        return Err(at.on(error::Request::new(Unknown::new(
            "competency",
            id,
            Some(&format!("framework `{}`", framework.id)),
            framework.competencies.iter().map(|c| c.id.as_str()),
        ))));
    };
    let organisation = Remedy::Choose {
        field: Field::Subject,
        values: vec!["organisation"],
    };
    match (c.subject, subject) {
        (Subject::Organisation, Subject::Person) => Err(at.on(
            error::Request::refused(format!(
                "`{id}` rates an organisation or team, not a person, and is recorded with the organisation's id"
            ))
            .or(organisation),
        )),
        (Subject::Person, Subject::Organisation) => Err(at.on(error::Request::refused(format!(
            "`{id}` rates a person, but this assessment is of an organisation"
        )))),
        _ => Ok(c),
    }
}

/// Refuse a rating of a competency the framework keeps for roles that
/// require it (Cherwell's management competencies) when `role` does not,
/// saying why and how to rate it anyway.
fn offered(framework: &Framework, id: &str, role: Option<&RoleProfile>) -> Result<()> {
    let Some(group) = framework.reserved_by(id) else {
        return Ok(());
    };
    if framework.offered(id, role) {
        return Ok(());
    }
    let whose = match role {
        Some(role) => format!("role `{}` does not require it", role.id),
        None => "this assessment names no role that does".to_owned(),
    };
    let mut refused = error::Request::refused(format!(
        "`{id}` is one of the {}, which framework `{}` applies only to roles that require them, and {whose}",
        group.name, framework.id
    ));
    if role.is_none() {
        refused = refused.or(Remedy::Give {
            field: Field::Role,
            example: None,
        });
    }
    Err(refused.or(Remedy::AllCompetencies).into())
}

/// The level `input` names in `framework` (code or label, any case).
fn level(framework: &Framework, input: &str, at: &At<'_>) -> Result<String> {
    match framework.scale.find(input) {
        Some(level) => Ok(level.code.clone()),
        None => Err(at.on(error::Request::refused(format!(
            "unknown level `{}` (the scale of `{}` has {})",
            input.escape_debug(),
            framework.id,
            list_names(framework.scale.codes(), "and")
        )))),
    }
}

fn rating_mut<'r>(ratings: &'r mut Vec<Rating>, competency: &str) -> &'r mut Rating {
    let i = if let Some(i) = ratings.iter().position(|r| r.competency == competency) {
        i
    } else {
        ratings.push(Rating::new(competency));
        ratings.len() - 1
    };
    &mut ratings[i]
}

/// Apply `--set`, `--na` and `--evidence` to `ratings`, checking each.
pub(crate) fn apply_flags(
    framework: &Framework,
    request: &Request,
    ratings: &mut Vec<Rating>,
) -> Result<()> {
    let mut set_here: Vec<&str> = Vec::new();
    for value in &request.set {
        let (id, input) = (value.competency.as_str(), value.value.as_str());
        let at = At::Field(Field::Set, value.to_string());
        let c = competency(framework, id, request.subject, &at)?;
        let code = level(framework, input, &at)?;
        if set_here.contains(&c.id.as_str()) {
            return Err(at.on(error::Request::new(Problem::GivenTwice {
                what: format!("`{}`", c.id),
            })));
        }
        set_here.push(&c.id);
        let rating = rating_mut(ratings, &c.id);
        rating.level = Some(code);
        rating.not_applicable = false;
        rating.method = Method::Chosen;
    }
    for id in &request.not_applicable {
        let at = At::Field(Field::Na, id.clone());
        let c = competency(framework, id.trim(), request.subject, &at)?;
        if set_here.contains(&c.id.as_str()) {
            return Err(at.on(error::Request::new(Problem::Conflicts { with: Field::Set })));
        }
        let rating = rating_mut(ratings, &c.id);
        rating.level = None;
        rating.not_applicable = true;
    }
    for value in &request.evidence {
        let (id, text) = (value.competency.as_str(), value.value.as_str());
        let at = At::Field(Field::Evidence, format!("{id}=…"));
        let c = competency(framework, id, request.subject, &at)?;
        let text = crate::text::normalise(text);
        if text.is_empty() {
            return Err(at.on(error::Request::refused("the evidence is empty")));
        }
        rating_mut(ratings, &c.id).evidence = Some(text);
    }
    Ok(())
}

/// Read a prepared record (`--from`): the shape `assess` writes, every field
/// optional; the same located diagnostics as `validate`.
pub(crate) fn read_prepared(path: &Path) -> Result<(RawRecord, String), Diagnostic> {
    let text = read_text(path, Links::Follow)?;
    let prepared = record::parse(path, &text)?;
    Ok((prepared, text))
}

/// Two values for one field must agree: the request's, and the file's
/// `key`.
fn agree<T: PartialEq + std::fmt::Display>(
    (field, key): (Field, &str),
    flag: Option<T>,
    file: Option<T>,
    from: &Path,
) -> Result<Option<T>> {
    match (flag, file) {
        (Some(a), Some(b)) if a != b => Err(error::Request::refused(format!(
            "it differs from `{key} = \"{b}\"` in `{}`; give one or make them agree",
            from.display()
        ))
        .given(field, format!("`{a}`"))
        .into()),
        (Some(a), _) => Ok(Some(a)),
        (None, b) => Ok(b),
    }
}

/// Fill `request` from a prepared file; the file's values must agree with the flags.
pub(crate) fn merge_prepared(
    request: &mut Request,
    prepared: &RawRecord,
    from: &Path,
) -> Result<()> {
    let text = |v: &Option<toml::Spanned<String>>| v.as_ref().map(|s| s.get_ref().clone());
    if let Some(person) = &prepared.person
        && person.get_ref() != &request.person
    {
        refused!(
            "`{}` is for `{}`, not `{}`",
            from.display(),
            person.get_ref(),
            request.person
        );
    }
    request.framework = agree(
        (Field::Framework, "framework"),
        request.framework.take(),
        text(&prepared.framework),
        from,
    )?;
    request.by = agree((Field::By, "by"), request.by.take(), prepared.by, from)?;
    request.rater = agree(
        (Field::Rater, "rater"),
        request.rater.take(),
        text(&prepared.rater),
        from,
    )?;
    request.role = agree(
        (Field::Role, "role"),
        request.role.take(),
        text(&prepared.role),
        from,
    )?;
    request.date = agree(
        (Field::Date, "date"),
        request.date.take(),
        text(&prepared.date),
        from,
    )?;
    if let Some(subject) = prepared.subject {
        if request.subject != subject && request.subject != Subject::default() {
            return Err(error::Request::refused(format!(
                "it differs from the subject in `{}`",
                from.display()
            ))
            .on(Field::Subject)
            .into());
        }
        request.subject = subject;
    }
    if prepared.status == Some(Status::Final) {
        request.is_final = true;
    }
    Ok(())
}

/// Everything `build` needs besides the request.
pub(crate) struct Inputs<'a> {
    pub catalog: &'a Catalog,
    pub default_framework: Option<&'a str>,
    pub default_rater: Option<&'a str>,
    pub clock: &'a Clock,
    /// Ratings to start from: a prepared file's, or an amended record's.
    pub base: Vec<Rating>,
    /// The record being amended (its file name and content).
    pub amends: Option<(String, &'a Record)>,
}

/// Build the record `request` describes. Fails, with one sentence, on the first
/// thing that cannot be right.
pub(crate) fn build(request: &Request, inputs: Inputs<'_>) -> Result<Record> {
    build_inner(request, inputs, false)
}

/// Build the record of an unfinished questionnaire: like [`build`], but
/// competencies answered with "skip" are kept, so a resumed questionnaire does
/// not ask them again.
#[cfg(feature = "interactive")]
pub(crate) fn build_progress(request: &Request, inputs: Inputs<'_>) -> Result<Record> {
    build_inner(request, inputs, true)
}

/// The role an assessment names: one of its framework's, and for the kind
/// of subject it rates (a person's role, or an organisation's).
fn role_of(catalog: &Catalog, id: &str, framework: &Framework, subject: Subject) -> Result<String> {
    let role = catalog.role(id)?;
    if role.framework != framework.id {
        refused!(
            "role `{}` is a role of framework `{}`, not `{}`",
            role.id,
            role.framework,
            framework.id
        );
    }
    if role.subject != subject {
        refused!(
            "role `{}` is a role for {}, but this assessment rates {}{}",
            role.id,
            role.subject.words(),
            subject.words(),
            if role.subject == Subject::Organisation {
                " (an organisation's is recorded as an organisation's)"
            } else {
                ""
            }
        );
    }
    Ok(role.id.clone())
}

fn build_inner(request: &Request, inputs: Inputs<'_>, keep_skipped: bool) -> Result<Record> {
    let person = person_id(&request.person)?;
    let amended = inputs.amends.as_ref().map(|(_, r)| *r);
    let Some(framework_id) = request
        .framework
        .as_deref()
        .or(amended.map(|r| r.framework.as_str()))
        .or(inputs.default_framework)
    else {
        return Err(missing(Field::Framework));
    };
    let framework = inputs.catalog.framework(framework_id)?;
    let Some(by) = request.by.or(amended.map(|r| r.by)) else {
        return Err(missing(Field::By));
    };
    if let Some((name, amended)) = &inputs.amends {
        same_kind(name, amended, &framework.id, by, request.subject)?;
    }
    let role = match request
        .role
        .as_deref()
        .or(amended.and_then(|r| r.role.as_deref()))
    {
        Some(id) => Some(role_of(inputs.catalog, id, framework, request.subject)?),
        None => None,
    };
    let today = inputs.clock.today;
    // A correction keeps the day of the record it corrects, so it does not
    // overtake assessments made since.
    let date = match (&request.date, amended) {
        (Some(text), _) => parse_date(text, today)?,
        (None, Some(amended)) => parse_date(&amended.date.to_string(), today)?,
        (None, None) => today,
    };
    let mut ratings = inputs.base;
    for rating in &ratings {
        // Base ratings come from a file or an earlier record: same checks as flags.
        let id = &rating.competency;
        let c = competency(framework, id, request.subject, &At::Rating(id))?;
        if let Some(level) = &rating.level {
            self::level(framework, level, &At::Rating(&c.id))?;
        }
    }
    apply_flags(framework, request, &mut ratings)?;
    if !request.all_competencies {
        let role = role.as_deref().and_then(|id| inputs.catalog.role(id).ok());
        for r in &ratings {
            offered(framework, &r.competency, role)?;
        }
    }
    // Keep the framework's order, so records read like the framework.
    ratings.sort_by_key(|r| {
        framework
            .competencies
            .iter()
            .position(|c| c.id == r.competency)
    });
    if !keep_skipped {
        ratings.retain(Rating::is_answered);
    }
    if ratings.is_empty() && !keep_skipped {
        return Err(missing(Field::Set));
    }
    Ok(Record {
        schema: SCHEMA,
        person: person.to_string(),
        subject: request.subject,
        framework: framework.id.clone(),
        fingerprint: framework.fingerprint.clone(),
        by,
        rater: request
            .rater
            .clone()
            .or_else(|| amended.and_then(|r| r.rater.clone()))
            .or_else(|| inputs.default_rater.map(str::to_owned))
            .map(|r| crate::text::normalise(&r))
            .filter(|r| !r.is_empty()),
        role,
        date,
        status: if request.is_final {
            Status::Final
        } else {
            Status::Draft
        },
        // Always nine digits of the second: records of one day are ordered
        // by this text, and `…01.5Z` would sort before `…01Z`.
        created: format!("{:.9}", inputs.clock.now),
        amends: inputs.amends.map(|(name, _)| name),
        checksum: None,
        ratings,
    })
}

/// An assessment that does not say what it needs: its framework, who rates,
/// or any rating (`Field::Set`), with how to give it.
fn missing(field: Field) -> Error {
    let give = |field, example: Option<&str>| Remedy::Give {
        field,
        example: example.map(str::to_owned),
    };
    match field {
        Field::Framework => error::Request::new(Problem::Missing)
            .on(field)
            .or(give(field, Some("wdcvs")))
            .or(Remedy::Setting("default-framework")),
        Field::By => error::Request::new(Problem::Missing)
            .on(field)
            .or(Remedy::Choose {
                field,
                values: vec!["self", "manager", "peer"],
            }),
        _ => error::Request::refused("no ratings given")
            .or(give(Field::Set, Some("team-working=3")))
            .or(give(Field::Na, None))
            .or(give(Field::From, None)),
    }
    .into()
}

/// A correction stays what the record was: the same framework, rater kind and subject.
fn same_kind(
    name: &str,
    amended: &Record,
    framework: &str,
    by: RaterKind,
    subject: Subject,
) -> Result<()> {
    let amend = |sentence: String| -> Result<()> {
        Err(error::Request::refused(sentence)
            .given(Field::Amend, name)
            .into())
    };
    if amended.framework != framework {
        return amend(format!(
            "the record is an assessment on framework `{}`, not `{framework}`",
            amended.framework
        ));
    }
    if amended.by != by {
        return amend(format!(
            "the record was made by `{}`, so its correction must be too (not by `{by}`)",
            amended.by
        ));
    }
    if amended.subject != subject {
        return amend(format!(
            "the record rates a {}, not a {}",
            amended.subject.as_str(),
            subject.as_str()
        ));
    }
    Ok(())
}

/// Levels given by label in a prepared file (`Level 3`), as their codes (`3`).
pub(crate) fn codes_for_labels(framework: &Framework, prepared: &mut RawRecord) {
    for rating in &mut prepared.ratings {
        if let Some(level) = &mut rating.level
            && framework.scale.level(level.get_ref()).is_none()
            && let Some(found) = framework.scale.find(level.get_ref())
        {
            *level.get_mut() = found.code.clone();
        }
    }
}
