//! Assessment records: one TOML file per assessment, as `assess` writes it.
//!
//! Records flow one way: text -> [`RawRecord`] (serde, every field optional;
//! the same shape serves prepared files) -> [`Record`] (checked, complete).
//! This module owns the record's shape, its text form (serialise, checksum)
//! and the pure rules that make one valid ([`rules`]) and decide which
//! records a correction replaces ([`chain`]). Where records live and how they
//! are written is `store`'s business.

pub(crate) mod chain;
pub(crate) mod fast;
#[cfg(test)]
pub(crate) mod fixture;
pub(crate) mod raw;
pub(crate) mod rules;

use std::fmt;
use std::path::Path;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

pub(crate) use raw::{RawRating, RawRecord};

use crate::diagnostic::{Code, Diagnostic, Location};
use crate::model::Subject;

/// The record format this version writes. A record with a higher number was
/// written by a newer version and is refused rather than misread.
pub const SCHEMA: u32 = 1;

/// Who gave the ratings.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum RaterKind {
    #[serde(rename = "self")]
    SelfAssessment,
    Manager,
    Peer,
}

impl RaterKind {
    pub const ALL: [RaterKind; 3] = [
        RaterKind::SelfAssessment,
        RaterKind::Manager,
        RaterKind::Peer,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            RaterKind::SelfAssessment => "self",
            RaterKind::Manager => "manager",
            RaterKind::Peer => "peer",
        }
    }
}

impl fmt::Display for RaterKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// `draft` until the rater marks it `final`; a final record is never rewritten.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    Draft,
    Final,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Draft => "draft",
            Status::Final => "final",
        }
    }
}

/// How a rating's level was reached.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Method {
    /// The rater chose the level.
    #[default]
    Chosen,
    /// The level was derived from the ticked indicators by the framework's rule.
    Checklist,
}

impl Method {
    #[allow(clippy::trivially_copy_pass_by_ref)] // serde's skip_serializing_if passes a reference
    fn is_chosen(&self) -> bool {
        *self == Method::Chosen
    }
}

/// One assessment of one person (or organisation) against one framework,
/// complete and checked. Its `Serialize` form is the record file's content
/// (and what the checksum covers), so field names and order are the format.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct Record {
    /// Record format version; see [`SCHEMA`].
    pub schema: u32,
    /// The person, organisation or team rated (an id; also the folder name).
    pub person: String,
    #[serde(skip_serializing_if = "Subject::is_person")]
    pub subject: Subject,
    pub framework: String,
    /// Fingerprint of the framework content the ratings were made against.
    pub fingerprint: String,
    pub by: RaterKind,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rater: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    /// The day of the assessment (written `YYYY-MM-DD`).
    #[serde(serialize_with = "crate::date::iso")]
    pub date: jiff::civil::Date,
    pub status: Status,
    /// When the record was written (UTC); orders records of the same day.
    pub created: String,
    /// File name of the record this one amends, in the same folder.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub amends: Option<String>,
    /// `sha256:` of the record's content; detects a hand edit after writing.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub checksum: Option<String>,
    #[serde(rename = "rating", skip_serializing_if = "Vec::is_empty")]
    pub ratings: Vec<Rating>,
}

/// The rating of one competency.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct Rating {
    pub competency: String,
    /// A level code of the framework's scale; absent when unrated or not applicable.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub level: Option<String>,
    #[serde(skip_serializing_if = "is_false")]
    pub not_applicable: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub evidence: Option<String>,
    #[serde(skip_serializing_if = "Method::is_chosen")]
    pub method: Method,
    /// Indicators the rater ticked as shown, verbatim (checklist mode).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub ticked: Vec<String>,
}

#[allow(clippy::trivially_copy_pass_by_ref)] // serde's skip_serializing_if passes a reference
fn is_false(value: &bool) -> bool {
    !*value
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_checksum_is_of_the_records_serde_form_without_its_checksum() {
        let mut r = crate::record::fixture::record(
            RaterKind::Manager,
            "2026-01-01",
            &[("one", Some("A")), ("two", Some("n/a"))],
        );
        r.rater = Some("Sam \"Lee\"".to_owned());
        r.ratings[0].evidence = Some("é ✓".to_owned());
        r.ratings[0].ticked = vec!["x".to_owned()];
        r.checksum = Some("sha256:anything".to_owned());
        let mut copy = r.clone();
        copy.checksum = None;
        let expected = crate::digest::sha256(&serde_json::to_vec(&copy).unwrap(), 16);
        assert_eq!(r.content_checksum(), expected);
    }
}

/// What every kind of record written by the tool has, and what the
/// amendment chain ([`chain`]), the sealing of a new file and `--amend`
/// need of it: a status (a final record is never changed), a checksum of its
/// content, the file it amends, and its place in time. Assessments
/// ([`Record`]) and reviews ([`crate::review::Review`]) share this
/// machinery rather than each having its own.
pub trait Sealed {
    fn status(&self) -> Status;
    /// File name of the record this one amends, in the same folder.
    fn amends(&self) -> Option<&str>;
    /// The person (or organisation) the record is about: its folder's name.
    fn person(&self) -> &str;
    /// The checksum the record carries.
    fn checksum(&self) -> Option<&str>;
    fn set_checksum(&mut self, checksum: Option<String>);
    /// The checksum of the record's content, whatever its `checksum` says.
    fn content_checksum(&self) -> String;
    /// A time-ordering key: date, then time of writing.
    fn order_key(&self) -> (jiff::civil::Date, &str);

    /// Whether the stored checksum matches the content (a record with no
    /// checksum was not written by this tool and is not judged).
    fn checksum_matches(&self) -> Option<bool> {
        self.checksum().map(|c| c == self.content_checksum())
    }
}

impl Sealed for Record {
    fn status(&self) -> Status {
        self.status
    }

    fn amends(&self) -> Option<&str> {
        self.amends.as_deref()
    }

    fn person(&self) -> &str {
        &self.person
    }

    fn checksum(&self) -> Option<&str> {
        self.checksum.as_deref()
    }

    fn set_checksum(&mut self, checksum: Option<String>) {
        self.checksum = checksum;
    }

    fn content_checksum(&self) -> String {
        Record::content_checksum(self)
    }

    fn order_key(&self) -> (jiff::civil::Date, &str) {
        Record::order_key(self)
    }
}

/// A record and the name of its file (`2026-11-24-wdcvs-manager.toml`) in
/// its person's folder. An assessment unless said otherwise
/// (`Filed<Review>`).
#[derive(Clone, Debug, PartialEq)]
pub struct Filed<R = Record> {
    pub file: String,
    pub record: R,
}

impl<R: Sealed> Filed<R> {
    /// The order records are read in: by day, then time of writing, then
    /// file name. A total order, whatever the records hold.
    pub fn chronological(a: &Filed<R>, b: &Filed<R>) -> std::cmp::Ordering {
        a.record
            .order_key()
            .cmp(&b.record.order_key())
            .then_with(|| a.file.cmp(&b.file))
    }
}

impl Rating {
    pub fn new(competency: &str) -> Rating {
        Rating {
            competency: competency.to_owned(),
            level: None,
            not_applicable: false,
            evidence: None,
            method: Method::Chosen,
            ticked: Vec::new(),
        }
    }

    /// Whether the rating is below the first level of the scale: made with
    /// the checklist, with no level, and its ticks show the first level not
    /// reached (SSSC's "not yet able" at Engaged). A rating left without a
    /// level by choice, or on a framework whose indicators have no levels,
    /// is unrated.
    pub fn is_below_first(&self, framework: &crate::model::Framework) -> bool {
        self.method == Method::Checklist
            && self.level.is_none()
            && !self.not_applicable
            && framework.competency(&self.competency).is_some_and(|c| {
                crate::checklist::derive_level(framework, c, self.ticked.iter().map(String::as_str))
                    .is_below_first()
            })
    }

    /// Whether the rating says anything: a level, not applicable, evidence or ticks.
    pub fn is_answered(&self) -> bool {
        self.level.is_some()
            || self.not_applicable
            || self.evidence.is_some()
            || !self.ticked.is_empty()
    }
}

const HEADER: &str = "\
# An assessment record, written by `competency assess`.
# Records are never rewritten: to correct one, record a new assessment with
# `competency assess ... --amend <this file's name>`.
";

impl Record {
    pub fn rating(&self, competency: &str) -> Option<&Rating> {
        self.ratings.iter().find(|r| r.competency == competency)
    }

    /// The checksum of the record's content, whatever its `checksum` field says.
    /// Computed over canonical JSON (the record's serde form without its
    /// checksum), so comments and layout do not count. The JSON is written
    /// into a reused buffer, with no copy of the record.
    pub fn content_checksum(&self) -> String {
        /// The record's serde form, borrowed, without the checksum.
        #[derive(Serialize)]
        #[serde(rename_all = "kebab-case")]
        struct Content<'a> {
            schema: u32,
            person: &'a str,
            #[serde(skip_serializing_if = "Subject::is_person")]
            subject: Subject,
            framework: &'a str,
            fingerprint: &'a str,
            by: RaterKind,
            #[serde(skip_serializing_if = "Option::is_none")]
            rater: Option<&'a str>,
            #[serde(skip_serializing_if = "Option::is_none")]
            role: Option<&'a str>,
            #[serde(serialize_with = "crate::date::iso")]
            date: jiff::civil::Date,
            status: Status,
            created: &'a str,
            #[serde(skip_serializing_if = "Option::is_none")]
            amends: Option<&'a str>,
            #[serde(rename = "rating", skip_serializing_if = "<[Rating]>::is_empty")]
            ratings: &'a [Rating],
        }
        let content = Content {
            schema: self.schema,
            person: &self.person,
            subject: self.subject,
            framework: &self.framework,
            fingerprint: &self.fingerprint,
            by: self.by,
            rater: self.rater.as_deref(),
            role: self.role.as_deref(),
            date: self.date,
            status: self.status,
            created: &self.created,
            amends: self.amends.as_deref(),
            ratings: &self.ratings,
        };
        crate::digest::sha256_of(16, |out| serde_json::to_writer(out, &content).is_ok())
    }

    /// Whether the stored checksum matches the content (a record with no
    /// checksum was not written by this tool and is not judged).
    pub fn checksum_matches(&self) -> Option<bool> {
        self.checksum
            .as_ref()
            .map(|c| *c == self.content_checksum())
    }

    /// The file's text, with its checksum filled in.
    pub fn to_toml(&self) -> Result<String, toml::ser::Error> {
        let mut sealed = self.clone();
        sealed.checksum = Some(self.content_checksum());
        let body = toml::to_string(&sealed)?;
        Ok(format!("{HEADER}{body}"))
    }

    /// A time-ordering key: date, then time of writing.
    pub fn order_key(&self) -> (jiff::civil::Date, &str) {
        (self.date, &self.created)
    }
}

/// Parse a record's text (or a prepared file's). Refuses a record from a
/// newer version by its `schema` number, before complaining about keys this
/// version does not know.
pub fn parse(file: &Path, source: &str) -> Result<RawRecord, Diagnostic> {
    if source.trim().is_empty() {
        return Err(Diagnostic::error(
            Code::EmptyFile,
            file,
            "the file is empty",
        ));
    }
    // The layout `assess` writes is read directly; anything else by `toml`.
    if let Some(raw) = fast::parse(source) {
        return match raw.schema {
            Some(schema) if schema > SCHEMA => {
                Err(newer_schema(file, source, schema, SCHEMA, "record"))
            }
            _ => Ok(raw),
        };
    }
    match crate::parse::parse_toml::<RawRecord>(file, source) {
        Ok(raw) => match raw.schema {
            Some(schema) if schema > SCHEMA => {
                Err(newer_schema(file, source, schema, SCHEMA, "record"))
            }
            _ => Ok(raw),
        },
        Err(d) => {
            #[derive(serde::Deserialize)]
            struct SchemaOnly {
                schema: Option<u32>,
            }
            match toml::from_str::<SchemaOnly>(source) {
                Ok(SchemaOnly {
                    schema: Some(schema),
                }) if schema > SCHEMA => Err(newer_schema(file, source, schema, SCHEMA, "record")),
                _ => Err(d),
            }
        }
    }
}

/// The refusal of a file of format `schema`, newer than the `current` one
/// this version reads; `what` names the kind of file (`record`, `review`).
pub(crate) fn newer_schema(
    file: &Path,
    source: &str,
    schema: u32,
    current: u32,
    what: &str,
) -> Diagnostic {
    let line = source
        .lines()
        .position(|l| l.trim_start().starts_with("schema"))
        .map(|i| Location {
            line: i + 1,
            column: 1,
            length: 6,
        });
    Diagnostic::error(
        Code::NewerSchema,
        file,
        format!(
            "the {what} uses format {schema}, newer than this version of competency reads (format {current})"
        ),
    )
    .with_key("schema")
    .with_help("upgrade competency to read it; the file is left as it is")
    .at(line, Some(source))
}
