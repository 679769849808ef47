//! Building an assessment record from what the rater gave: flags, a prepared
//! file, an amended record, the questionnaire's answers. Pure: the caller
//! reads files and writes the result. Everything is checked before a record
//! exists, so a refused input never leaves anything behind.

use std::path::Path;

use crate::catalog::{Catalog, unknown};
use crate::diagnostic::{Diagnostic, list_names};
use crate::error::{Error, Result, refused};
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
    crate::date::accept(text, crate::date::Kind::NotFuture, today)
        .map_err(|refused| Error::refused(refused.to_string()))
}

/// A person (or organisation) id from the command line, refused with the id it
/// probably should be.
pub fn person_id(text: &str) -> Result<Id> {
    Id::parse(text).map_err(|_| match suggest_id(text) {
        Some(s) => Error::refused(format!(
            "`{}` is not a valid person id: use lowercase letters, digits and hyphens (at most 64), e.g. `{s}`",
            text.escape_debug()
        )),
        None => Error::refused(format!(
            "`{}` is not a valid person id: use lowercase letters, digits and hyphens (at most 64), e.g. `jane-doe`",
            text.escape_debug()
        )),
    })
}

/// The competency a flag names, checked against the framework and the subject.
fn competency<'f>(
    framework: &'f Framework,
    id: &str,
    subject: Subject,
    flag: &str,
) -> Result<&'f Competency> {
    let Some(c) = framework.competency(id) else {
        refused!(
            "{flag}: {}",
            unknown(
                "competency",
                id,
                Some(&format!("framework `{}`", framework.id)),
                framework.competencies.iter().map(|c| c.id.as_str())
            )
        );
    };
    match (c.subject, subject) {
        (Subject::Organisation, Subject::Person) => refused!(
            "{flag}: `{id}` rates an organisation or team, not a person; record it with `--subject organisation` and the organisation's id"
        ),
        (Subject::Person, Subject::Organisation) => refused!(
            "{flag}: `{id}` rates a person, but this assessment is of an organisation (`--subject organisation`)"
        ),
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
        None => "this assessment names no role that does (give --role ROLE)".to_owned(),
    };
    refused!(
        "`{id}` is one of the {}, which framework `{}` applies only to roles that require them, and {whose}: give --all-competencies to rate it anyway",
        group.name,
        framework.id
    );
}

/// The level `input` names in `framework` (code or label, any case).
pub(crate) fn level(framework: &Framework, input: &str, context: &str) -> Result<String> {
    match framework.scale.find(input) {
        Some(level) => Ok(level.code.clone()),
        None => refused!(
            "{context}: unknown level `{}` (the scale of `{}` has {})",
            input.escape_debug(),
            framework.id,
            list_names(framework.scale.codes(), "and")
        ),
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
        let c = competency(framework, id, request.subject, &format!("--set {value}"))?;
        let code = level(framework, input, &format!("--set {value}"))?;
        if set_here.contains(&c.id.as_str()) {
            refused!("--set {value}: `{}` is set twice", c.id);
        }
        set_here.push(&c.id);
        let rating = rating_mut(ratings, &c.id);
        rating.level = Some(code);
        rating.not_applicable = false;
        rating.method = Method::Chosen;
    }
    for id in &request.not_applicable {
        let c = competency(framework, id.trim(), request.subject, &format!("--na {id}"))?;
        if set_here.contains(&c.id.as_str()) {
            refused!("--na {id}: `{}` is also given a level with --set", c.id);
        }
        let rating = rating_mut(ratings, &c.id);
        rating.level = None;
        rating.not_applicable = true;
    }
    for value in &request.evidence {
        let (id, text) = (value.competency.as_str(), value.value.as_str());
        let c = competency(
            framework,
            id,
            request.subject,
            &format!("--evidence {id}=…"),
        )?;
        let text = crate::text::normalise(text);
        if text.is_empty() {
            refused!("--evidence {id}=: the evidence is empty");
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

/// Two values for one field must agree.
fn agree<T: PartialEq + std::fmt::Display>(
    field: &str,
    flag: Option<T>,
    file: Option<T>,
    from: &Path,
) -> Result<Option<T>> {
    match (flag, file) {
        (Some(a), Some(b)) if a != b => refused!(
            "--{field} `{a}` differs from `{field} = \"{b}\"` in `{}`; give one or make them agree",
            from.display()
        ),
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
        "framework",
        request.framework.take(),
        text(&prepared.framework),
        from,
    )?;
    request.by = agree("by", request.by.take(), prepared.by, from)?;
    request.rater = agree("rater", request.rater.take(), text(&prepared.rater), from)?;
    request.role = agree("role", request.role.take(), text(&prepared.role), from)?;
    request.date = agree("date", request.date.take(), text(&prepared.date), from)?;
    if let Some(subject) = prepared.subject {
        if request.subject != subject && request.subject != Subject::default() {
            refused!("--subject differs from the subject in `{}`", from.display());
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
                " (an organisation's is recorded with --subject organisation)"
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
        refused!(
            "no framework: give --framework (e.g. --framework wdcvs), or set `default-framework` in competency.toml"
        );
    };
    let framework = inputs.catalog.framework(framework_id)?;
    let Some(by) = request.by.or(amended.map(|r| r.by)) else {
        refused!("who is rating? give --by self, --by manager or --by peer");
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
        let c = competency(framework, id, request.subject, &format!("rating of `{id}`"))?;
        if let Some(level) = &rating.level {
            self::level(framework, level, &format!("rating of `{}`", c.id))?;
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
        refused!(
            "no ratings given: use --set COMPETENCY=LEVEL (e.g. --set team-working=3), --na COMPETENCY or --from FILE"
        );
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

/// A correction stays what the record was: the same framework, rater kind and subject.
fn same_kind(
    name: &str,
    amended: &Record,
    framework: &str,
    by: RaterKind,
    subject: Subject,
) -> Result<()> {
    if amended.framework != framework {
        refused!(
            "--amend {name}: the record is an assessment on framework `{}`, not `{framework}`",
            amended.framework
        );
    }
    if amended.by != by {
        refused!(
            "--amend {name}: the record was made by `{}`, so its correction must be too (not `--by {by}`)",
            amended.by
        );
    }
    if amended.subject != subject {
        refused!(
            "--amend {name}: the record rates a {}, not a {}",
            amended.subject.as_str(),
            subject.as_str()
        );
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
