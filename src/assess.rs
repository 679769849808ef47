//! Building an assessment record from what the rater gave: flags, a prepared
//! file, an amended record. Pure: the caller reads files and writes the result.
//! Everything is checked before a record exists, so a refused input never
//! leaves anything behind.

use std::path::{Path, PathBuf};

use anyhow::{Context as _, bail};
use serde::Deserialize;
use toml::Spanned;

use crate::catalog::{Catalog, unknown};
use crate::diagnostic::{Diagnostic, list_names, shown};
use crate::id::{Id, suggest_id};
use crate::model::{Competency, Framework, Subject};
use crate::record::{
    self, Method, RaterKind, Rating, Record, SCHEMA, Status, SubjectKind, unspanned,
};

/// What the rater asked for.
#[derive(Clone, Debug, Default)]
pub struct Request {
    pub person: String,
    pub framework: Option<String>,
    pub by: Option<RaterKind>,
    pub rater: Option<String>,
    pub role: Option<String>,
    pub date: Option<String>,
    pub subject: SubjectKind,
    /// `--set COMP=LEVEL`, in order.
    pub set: Vec<String>,
    /// `--evidence COMP=TEXT`.
    pub evidence: Vec<String>,
    /// `--na COMP`.
    pub not_applicable: Vec<String>,
    pub is_final: bool,
}

impl Request {
    /// Whether any rating was given on the command line.
    pub fn has_ratings(&self) -> bool {
        !self.set.is_empty() || !self.evidence.is_empty() || !self.not_applicable.is_empty()
    }
}

/// A prepared record (`--from FILE`): the shape `assess` writes, with every
/// field optional except the ratings.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Prepared {
    pub schema: Option<u32>,
    pub person: Option<Spanned<String>>,
    pub subject: Option<SubjectKind>,
    pub framework: Option<Spanned<String>>,
    pub fingerprint: Option<String>,
    pub by: Option<RaterKind>,
    pub rater: Option<String>,
    pub role: Option<Spanned<String>>,
    pub date: Option<Spanned<String>>,
    pub status: Option<Status>,
    pub created: Option<Spanned<String>>,
    pub amends: Option<Spanned<String>>,
    pub checksum: Option<String>,
    #[serde(default, rename = "rating")]
    pub ratings: Vec<Rating>,
}

/// The times a record is stamped with.
#[derive(Clone, Debug)]
pub struct Clock {
    pub today: jiff::civil::Date,
    pub now: jiff::Timestamp,
}

impl Clock {
    pub fn system() -> Clock {
        Clock {
            today: jiff::ZonedDateTime::now().date(),
            now: jiff::Timestamp::now(),
        }
    }
}

/// Parse `--date`: a real day, not in the future.
pub fn parse_date(text: &str, today: jiff::civil::Date) -> anyhow::Result<jiff::civil::Date> {
    let date = strict_date(text).ok_or_else(|| {
        anyhow::anyhow!(
            "`{}` is not a date: use YYYY-MM-DD, e.g. 2026-11-24",
            text.escape_debug()
        )
    })?;
    if date > today {
        bail!("the date {date} is in the future");
    }
    Ok(date)
}

/// A day written exactly as `YYYY-MM-DD`: a time after it is refused, not dropped.
pub fn strict_date(text: &str) -> Option<jiff::civil::Date> {
    let text = text.trim();
    let shape = text.len() == 10
        && text.bytes().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                b == b'-'
            } else {
                b.is_ascii_digit()
            }
        });
    if shape { text.parse().ok() } else { None }
}

/// A person (or organisation) id from the command line, refused with the id it
/// probably should be.
pub fn person_id(text: &str) -> anyhow::Result<Id> {
    Id::parse(text).map_err(|_| match suggest_id(text) {
        Some(s) => anyhow::anyhow!(
            "`{}` is not a valid person id: use lowercase letters, digits and hyphens (at most 64), e.g. `{s}`",
            text.escape_debug()
        ),
        None => anyhow::anyhow!(
            "`{}` is not a valid person id: use lowercase letters, digits and hyphens (at most 64), e.g. `jane-doe`",
            text.escape_debug()
        ),
    })
}

fn split_pair<'a>(flag: &str, value: &'a str) -> anyhow::Result<(&'a str, &'a str)> {
    match value.split_once('=') {
        Some((k, v)) if !k.trim().is_empty() => Ok((k.trim(), v.trim())),
        _ if flag == "--evidence" => bail!(
            "`{flag} {}` must be COMPETENCY=TEXT, e.g. `{flag} team-working=\"Led the team day\"`",
            value.escape_debug()
        ),
        _ => bail!(
            "`{flag} {}` must be COMPETENCY=LEVEL, e.g. `{flag} team-working=3`",
            value.escape_debug()
        ),
    }
}

/// The competency a flag names, checked against the framework and the subject.
fn competency<'f>(
    framework: &'f Framework,
    id: &str,
    subject: SubjectKind,
    flag: &str,
) -> anyhow::Result<&'f Competency> {
    let Some(c) = framework.competency(id) else {
        bail!(
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
        (Subject::Organisation, SubjectKind::Person) => bail!(
            "{flag}: `{id}` rates an organisation or team, not a person; record it with `--subject organisation` and the organisation's id"
        ),
        (Subject::Person, SubjectKind::Organisation) => bail!(
            "{flag}: `{id}` rates a person, but this assessment is of an organisation (`--subject organisation`)"
        ),
        _ => Ok(c),
    }
}

/// The level `input` names in `framework` (code or label, any case).
pub fn level(framework: &Framework, input: &str, context: &str) -> anyhow::Result<String> {
    match framework.scale.find(input) {
        Some(level) => Ok(level.code.clone()),
        None => bail!(
            "{context}: unknown level `{}` (the scale of `{}` has {})",
            input.escape_debug(),
            framework.id,
            list_names(framework.scale.codes(), "and")
        ),
    }
}

fn rating_mut<'r>(ratings: &'r mut Vec<Rating>, competency: &str) -> &'r mut Rating {
    let i = if let Some(i) = ratings.iter().position(|r| r.competency() == competency) {
        i
    } else {
        ratings.push(Rating::new(competency));
        ratings.len() - 1
    };
    &mut ratings[i]
}

/// Apply `--set`, `--na` and `--evidence` to `ratings`, checking each.
pub fn apply_flags(
    framework: &Framework,
    request: &Request,
    ratings: &mut Vec<Rating>,
) -> anyhow::Result<()> {
    let mut set_here: Vec<&str> = Vec::new();
    for value in &request.set {
        let (id, input) = split_pair("--set", value)?;
        let c = competency(framework, id, request.subject, &format!("--set {value}"))?;
        let code = level(framework, input, &format!("--set {value}"))?;
        if set_here.contains(&c.id.as_str()) {
            bail!("--set {value}: `{}` is set twice", c.id);
        }
        set_here.push(&c.id);
        let rating = rating_mut(ratings, &c.id);
        rating.level = Some(unspanned(code));
        rating.not_applicable = false;
        rating.method = Method::Chosen;
    }
    for id in &request.not_applicable {
        let c = competency(framework, id.trim(), request.subject, &format!("--na {id}"))?;
        if set_here.contains(&c.id.as_str()) {
            bail!("--na {id}: `{}` is also given a level with --set", c.id);
        }
        let rating = rating_mut(ratings, &c.id);
        rating.level = None;
        rating.not_applicable = true;
    }
    for value in &request.evidence {
        let (id, text) = split_pair("--evidence", value)?;
        let c = competency(
            framework,
            id,
            request.subject,
            &format!("--evidence {id}=…"),
        )?;
        let text = crate::load::normalise(text);
        if text.is_empty() {
            bail!("--evidence {id}=: the evidence is empty");
        }
        rating_mut(ratings, &c.id).evidence = Some(text);
    }
    Ok(())
}

/// Read a prepared record (`--from`): the same located diagnostics as validate.
pub fn read_prepared(path: &Path) -> Result<(Prepared, String), Diagnostic> {
    let text = crate::load::read_text(path)?;
    if text.trim().is_empty() {
        return Err(Diagnostic::error("empty-file", path, "the file is empty"));
    }
    let prepared = crate::load::parse_toml::<Prepared>(path, &text)?;
    if let Some(schema) = prepared.schema
        && schema > SCHEMA
    {
        return Err(Diagnostic::error(
            "newer-schema",
            path,
            format!(
                "the file uses record format {schema}, newer than this version reads ({SCHEMA})"
            ),
        )
        .with_key("schema"));
    }
    Ok((prepared, text))
}

/// Two values for one field must agree.
fn agree<T: PartialEq + std::fmt::Display>(
    field: &str,
    flag: Option<T>,
    file: Option<T>,
    from: &Path,
) -> anyhow::Result<Option<T>> {
    match (flag, file) {
        (Some(a), Some(b)) if a != b => bail!(
            "--{field} `{a}` differs from `{field} = \"{b}\"` in `{}`; give one or make them agree",
            from.display()
        ),
        (Some(a), _) => Ok(Some(a)),
        (None, b) => Ok(b),
    }
}

/// Fill `request` from a prepared file; the file's values must agree with the flags.
pub fn merge_prepared(
    request: &mut Request,
    prepared: &Prepared,
    from: &Path,
) -> anyhow::Result<()> {
    if let Some(person) = &prepared.person
        && person.get_ref() != &request.person
    {
        bail!(
            "`{}` is for `{}`, not `{}`",
            from.display(),
            person.get_ref(),
            request.person
        );
    }
    request.framework = agree(
        "framework",
        request.framework.take(),
        prepared.framework.as_ref().map(|f| f.get_ref().clone()),
        from,
    )?;
    request.by = agree("by", request.by.take(), prepared.by, from)?;
    request.rater = agree("rater", request.rater.take(), prepared.rater.clone(), from)?;
    request.role = agree(
        "role",
        request.role.take(),
        prepared.role.as_ref().map(|r| r.get_ref().clone()),
        from,
    )?;
    request.date = agree(
        "date",
        request.date.take(),
        prepared.date.as_ref().map(|d| d.get_ref().clone()),
        from,
    )?;
    if let Some(subject) = prepared.subject {
        if request.subject != subject && request.subject != SubjectKind::default() {
            bail!("--subject differs from the subject in `{}`", from.display());
        }
        request.subject = subject;
    }
    if prepared.status == Some(Status::Final) {
        request.is_final = true;
    }
    Ok(())
}

/// Everything `build` needs besides the request.
pub struct Inputs<'a> {
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
pub fn build(request: &Request, inputs: Inputs<'_>) -> anyhow::Result<Record> {
    build_inner(request, inputs, false)
}

/// Build the record of an unfinished questionnaire: like [`build`], but
/// competencies answered with "skip" are kept, so a resumed questionnaire does
/// not ask them again.
pub fn build_progress(request: &Request, inputs: Inputs<'_>) -> anyhow::Result<Record> {
    build_inner(request, inputs, true)
}

fn build_inner(
    request: &Request,
    inputs: Inputs<'_>,
    keep_skipped: bool,
) -> anyhow::Result<Record> {
    let person = person_id(&request.person)?;
    let framework_id = request
        .framework
        .as_deref()
        .or(inputs.amends.as_ref().map(|(_, r)| r.framework()))
        .or(inputs.default_framework)
        .context("no framework: give --framework (e.g. --framework wdcvs), or set `default-framework` in competency.toml")?;
    let framework = inputs.catalog.framework(framework_id)?;
    let by = request
        .by
        .or(inputs.amends.as_ref().map(|(_, r)| r.by))
        .context("who is rating? give --by self, --by manager or --by peer")?;
    if let Some((name, amended)) = &inputs.amends {
        same_kind(name, amended, &framework.id, by, request.subject)?;
    }
    let role = match request
        .role
        .as_deref()
        .or(inputs.amends.as_ref().and_then(|(_, r)| r.role()))
    {
        Some(id) => {
            let role = inputs.catalog.role(id)?;
            if role.framework != framework.id {
                bail!(
                    "role `{}` is a role of framework `{}`, not `{}`",
                    role.id,
                    role.framework,
                    framework.id
                );
            }
            Some(role.id.clone())
        }
        None => None,
    };
    let today = inputs.clock.today;
    // A correction keeps the day of the record it corrects, so it does not
    // overtake assessments made since.
    let date = match (&request.date, &inputs.amends) {
        (Some(text), _) => parse_date(text, today)?,
        (None, Some((_, amended))) => parse_date(amended.date(), today)?,
        (None, None) => today,
    };
    let mut ratings = inputs.base;
    for rating in &ratings {
        // Base ratings come from a file or an earlier record: same checks as flags.
        let id = rating.competency();
        let c = competency(framework, id, request.subject, &format!("rating of `{id}`"))?;
        if let Some(level) = rating.level() {
            self::level(framework, level, &format!("rating of `{}`", c.id))?;
        }
    }
    apply_flags(framework, request, &mut ratings)?;
    // Keep the framework's order, so records read like the framework.
    ratings.sort_by_key(|r| {
        framework
            .competencies
            .iter()
            .position(|c| c.id == r.competency())
    });
    if !keep_skipped {
        ratings.retain(|r| {
            r.level.is_some() || r.not_applicable || r.evidence.is_some() || !r.ticked.is_empty()
        });
    }
    if ratings.is_empty() && !keep_skipped {
        bail!(
            "no ratings given: use --set COMPETENCY=LEVEL (e.g. --set team-working=3), --na COMPETENCY or --from FILE"
        );
    }
    Ok(Record {
        schema: SCHEMA,
        person: unspanned(person.to_string()),
        subject: request.subject,
        framework: unspanned(framework.id.clone()),
        fingerprint: framework.fingerprint.clone(),
        by,
        rater: request
            .rater
            .clone()
            .or_else(|| inputs.amends.as_ref().and_then(|(_, r)| r.rater.clone()))
            .or_else(|| inputs.default_rater.map(str::to_owned))
            .map(|r| crate::load::normalise(&r))
            .filter(|r| !r.is_empty()),
        role: role.map(unspanned),
        date: unspanned(date.to_string()),
        status: if request.is_final {
            Status::Final
        } else {
            Status::Draft
        },
        created: unspanned(inputs.clock.now.to_string()),
        amends: inputs.amends.map(|(name, _)| unspanned(name)),
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
    subject: SubjectKind,
) -> anyhow::Result<()> {
    if amended.framework() != framework {
        bail!(
            "--amend {name}: the record is an assessment on framework `{}`, not `{framework}`",
            amended.framework()
        );
    }
    if amended.by != by {
        bail!(
            "--amend {name}: the record was made by `{}`, so its correction must be too (not `--by {by}`)",
            amended.by
        );
    }
    if amended.subject != subject {
        bail!(
            "--amend {name}: the record rates a {}, not a {}",
            amended.subject.as_str(),
            subject.as_str()
        );
    }
    Ok(())
}

/// Find the record `--amend` names: a file name in the person's folder, or a path.
pub fn amended_path(person_dir: &Path, given: &str) -> anyhow::Result<PathBuf> {
    let as_path = Path::new(given);
    let path = if as_path.components().count() == 1 {
        person_dir.join(given)
    } else {
        as_path.to_path_buf()
    };
    if !path.is_file() {
        bail!(
            "--amend {given}: there is no such record (looked for `{}`)",
            shown(&path)
        );
    }
    if path.parent().map(Path::canonicalize).and_then(Result::ok) != person_dir.canonicalize().ok()
    {
        bail!(
            "--amend {given}: the record is not one of this person's (it must be in `{}`)",
            shown(person_dir)
        );
    }
    Ok(path)
}

/// The ratings of `record`, ready to be the base of an amendment.
pub fn ratings_of(record: &Record) -> Vec<Rating> {
    fresh(&record.ratings)
}

/// The ratings of a prepared file.
pub fn ratings_of_prepared(prepared: &Prepared) -> Vec<Rating> {
    fresh(&prepared.ratings)
}

/// Copies of `ratings` without positions in the file they came from.
fn fresh(ratings: &[Rating]) -> Vec<Rating> {
    ratings
        .iter()
        .map(|r| Rating {
            competency: unspanned(r.competency().to_owned()),
            level: r.level().map(|l| unspanned(l.to_owned())),
            not_applicable: r.not_applicable,
            evidence: r.evidence.clone(),
            method: r.method,
            ticked: r.ticked().map(|t| unspanned(t.to_owned())).collect(),
        })
        .collect()
}

/// Levels given by label in a prepared file (`Level 3`), as their codes (`3`).
pub fn codes_for_labels(framework: &Framework, prepared: &mut Prepared) {
    for rating in &mut prepared.ratings {
        if let Some(level) = &mut rating.level
            && framework.scale.level(level.get_ref()).is_none()
            && let Some(found) = framework.scale.find(level.get_ref())
        {
            *level.get_mut() = found.code.clone();
        }
    }
}

/// Check a prepared file's ratings in place, so problems point at its lines.
pub fn check_prepared(
    path: &Path,
    source: &str,
    prepared: &Prepared,
    framework: &Framework,
    catalog: &Catalog,
) -> Vec<Diagnostic> {
    let probe = Record {
        schema: SCHEMA,
        person: prepared
            .person
            .clone()
            .unwrap_or_else(|| unspanned("x".to_owned())),
        subject: prepared.subject.unwrap_or_default(),
        framework: unspanned(framework.id.clone()),
        fingerprint: framework.fingerprint.clone(),
        by: RaterKind::SelfAssessment,
        rater: None,
        role: None,
        date: unspanned("2000-01-01".to_owned()),
        status: Status::Draft,
        created: unspanned("2000-01-01T00:00:00Z".to_owned()),
        amends: None,
        checksum: None,
        ratings: prepared.ratings.clone(),
    };
    record::check::check(path, source, &probe, catalog, None)
        .into_iter()
        .filter(Diagnostic::is_error)
        .collect()
}
