//! The serde mirror of a record file, exactly as written. Every field is
//! optional here, so one shape reads both records (where `rules` then
//! requires the fields a record must have) and prepared files (where flags may
//! give them). Values that rules may complain about are `Spanned`, so the
//! complaint can point at them. Denies unknown keys; never `flatten`.

use schemars::JsonSchema;
use serde::Deserialize;
use toml::Spanned;

use super::{Method, RaterKind, Status};
use crate::model::Subject;

/// An assessment record, `assessments/<person>/*.toml`, or a prepared file
/// for `assess --from`. `validate` requires more of a record than its shape.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
#[schemars(rename = "Record")]
pub struct RawRecord {
    /// Record format version.
    pub schema: Option<u32>,
    /// The person, organisation or team rated (an id).
    #[schemars(with = "Option<String>")]
    pub person: Option<Spanned<String>>,
    /// `person` (default) or `organisation`.
    pub subject: Option<Subject>,
    /// The framework id.
    #[schemars(with = "Option<String>")]
    pub framework: Option<Spanned<String>>,
    /// Fingerprint of the framework content the ratings were made against.
    pub fingerprint: Option<String>,
    /// `self`, `manager` or `peer`.
    pub by: Option<RaterKind>,
    /// The rater's name.
    #[schemars(with = "Option<String>")]
    pub rater: Option<Spanned<String>>,
    /// The role the person is assessed for.
    #[schemars(with = "Option<String>")]
    pub role: Option<Spanned<String>>,
    /// The day of the assessment, `YYYY-MM-DD`.
    #[schemars(with = "Option<String>")]
    pub date: Option<Spanned<String>>,
    /// `draft` or `final`.
    pub status: Option<Status>,
    /// When the record was written (UTC).
    #[schemars(with = "Option<String>")]
    pub created: Option<Spanned<String>>,
    /// File name of the record this one amends, in the same folder.
    #[schemars(with = "Option<String>")]
    pub amends: Option<Spanned<String>>,
    /// `sha256:` of the record's content.
    pub checksum: Option<String>,
    /// The ratings, one table per competency.
    #[serde(default, rename = "rating")]
    pub ratings: Vec<RawRating>,
}

/// One `[[rating]]` table.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
#[schemars(rename = "Rating")]
pub struct RawRating {
    /// A competency id of the record's framework.
    #[schemars(with = "String")]
    pub competency: Spanned<String>,
    /// A level code (or label, in a prepared file).
    #[schemars(with = "Option<String>")]
    pub level: Option<Spanned<String>>,
    /// The competency does not apply.
    #[serde(default)]
    pub not_applicable: bool,
    /// What shows the level.
    #[schemars(with = "Option<String>")]
    pub evidence: Option<Spanned<String>>,
    /// `chosen` (default) or `checklist`.
    #[serde(default)]
    pub method: Method,
    /// Indicators ticked as shown, verbatim.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub ticked: Vec<Spanned<String>>,
}

impl RawRating {
    /// The rating as a record holds it, values as written.
    pub fn to_rating(&self) -> super::Rating {
        super::Rating {
            competency: self.competency.get_ref().clone(),
            level: self.level.as_ref().map(|l| l.get_ref().clone()),
            not_applicable: self.not_applicable,
            evidence: self.evidence.as_ref().map(|e| e.get_ref().clone()),
            method: self.method,
            ticked: self.ticked.iter().map(|t| t.get_ref().clone()).collect(),
        }
    }

    /// [`to_rating`](Self::to_rating), the values moved.
    pub fn into_rating(self) -> super::Rating {
        super::Rating {
            competency: self.competency.into_inner(),
            level: self.level.map(Spanned::into_inner),
            not_applicable: self.not_applicable,
            evidence: self.evidence.map(Spanned::into_inner),
            method: self.method,
            ticked: self.ticked.into_iter().map(Spanned::into_inner).collect(),
        }
    }
}
