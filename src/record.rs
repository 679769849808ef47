//! Assessment records: one TOML file per assessment, as `assess` writes it.
//!
//! This module owns the record's shape and its text form (serialise, parse,
//! checksum); `store` owns where records live and how they are written;
//! `record::check` owns what makes one valid against the frameworks.

pub mod check;

use std::fmt;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use toml::Spanned;

/// The record format this version writes. A record with a higher number was
/// written by a newer version and is refused rather than misread.
pub const SCHEMA: u32 = 1;

/// Who gave the ratings.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
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
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
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

/// Whether the record rates a person or an organisation (or team).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SubjectKind {
    #[default]
    Person,
    Organisation,
}

impl SubjectKind {
    pub fn as_str(self) -> &'static str {
        match self {
            SubjectKind::Person => "person",
            SubjectKind::Organisation => "organisation",
        }
    }

    #[allow(clippy::trivially_copy_pass_by_ref)] // serde's skip_serializing_if passes a reference
    fn is_person(&self) -> bool {
        *self == SubjectKind::Person
    }
}

/// How a rating's level was reached.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
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

/// One assessment of one person (or organisation) against one framework.
/// Fields that later checks point at are `Spanned`, so a problem in a file is
/// reported at its line; spans are ignored when records are compared.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Record {
    /// Record format version; see [`SCHEMA`].
    pub schema: u32,
    /// The person, organisation or team rated (an id; also the folder name).
    pub person: Spanned<String>,
    #[serde(default, skip_serializing_if = "SubjectKind::is_person")]
    pub subject: SubjectKind,
    pub framework: Spanned<String>,
    /// Fingerprint of the framework content the ratings were made against.
    pub fingerprint: String,
    pub by: RaterKind,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rater: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<Spanned<String>>,
    /// The day of the assessment, `YYYY-MM-DD`.
    pub date: Spanned<String>,
    pub status: Status,
    /// When the record was written (UTC); orders records of the same day.
    pub created: Spanned<String>,
    /// File name of the record this one amends, in the same folder.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amends: Option<Spanned<String>>,
    /// `sha256:` of the record's content; detects a hand edit after writing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub checksum: Option<String>,
    #[serde(default, rename = "rating", skip_serializing_if = "Vec::is_empty")]
    pub ratings: Vec<Rating>,
}

/// The rating of one competency.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Rating {
    pub competency: Spanned<String>,
    /// A level code of the framework's scale; absent when unrated or not applicable.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub level: Option<Spanned<String>>,
    #[serde(default, skip_serializing_if = "is_false")]
    pub not_applicable: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evidence: Option<String>,
    #[serde(default, skip_serializing_if = "Method::is_chosen")]
    pub method: Method,
    /// Indicators the rater ticked as shown, verbatim (checklist mode).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ticked: Vec<Spanned<String>>,
}

#[allow(clippy::trivially_copy_pass_by_ref)] // serde's skip_serializing_if passes a reference
fn is_false(value: &bool) -> bool {
    !*value
}

/// A value with no position, for records built in memory.
pub fn unspanned<T>(value: T) -> Spanned<T> {
    Spanned::new(0..0, value)
}

impl Rating {
    pub fn new(competency: &str) -> Rating {
        Rating {
            competency: unspanned(competency.to_owned()),
            level: None,
            not_applicable: false,
            evidence: None,
            method: Method::Chosen,
            ticked: Vec::new(),
        }
    }

    pub fn competency(&self) -> &str {
        self.competency.get_ref()
    }

    pub fn level(&self) -> Option<&str> {
        self.level.as_ref().map(|l| l.get_ref().as_str())
    }

    pub fn ticked(&self) -> impl Iterator<Item = &str> {
        self.ticked.iter().map(|t| t.get_ref().as_str())
    }
}

const HEADER: &str = "\
# An assessment record, written by `competency assess`.
# Records are never rewritten: to correct one, record a new assessment with
# `competency assess ... --amend <this file's name>`.
";

impl Record {
    pub fn person(&self) -> &str {
        self.person.get_ref()
    }

    pub fn framework(&self) -> &str {
        self.framework.get_ref()
    }

    pub fn date(&self) -> &str {
        self.date.get_ref()
    }

    pub fn created(&self) -> &str {
        self.created.get_ref()
    }

    pub fn role(&self) -> Option<&str> {
        self.role.as_ref().map(|r| r.get_ref().as_str())
    }

    pub fn amends(&self) -> Option<&str> {
        self.amends.as_ref().map(|r| r.get_ref().as_str())
    }

    pub fn rating(&self, competency: &str) -> Option<&Rating> {
        self.ratings.iter().find(|r| r.competency() == competency)
    }

    /// The checksum of the record's content, whatever its `checksum` field says.
    /// Computed over canonical JSON, so comments and layout do not count.
    pub fn content_checksum(&self) -> String {
        let mut copy = self.clone();
        copy.checksum = None;
        let json = serde_json::to_vec(&copy).unwrap_or_default();
        let digest = Sha256::digest(&json);
        let mut text = String::from("sha256:");
        for byte in digest.iter().take(16) {
            use fmt::Write as _;
            let _ = write!(text, "{byte:02x}");
        }
        text
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
}

/// A time-ordering key for records: date, then time of writing.
pub fn order_key(record: &Record) -> (&str, &str) {
    (record.date(), record.created())
}
