//! The serde mirror of a review file, exactly as written. Every field is
//! optional here, so one shape reads both reviews (where `rules` then
//! requires what a review must have) and prepared files for `review --from`
//! (where flags and the workspace fill in the rest). Values that rules may
//! complain about are `Spanned`, so the complaint can point at them. Denies
//! unknown keys; never `flatten`.

use schemars::JsonSchema;
use serde::Deserialize;
use toml::Spanned;

use super::{Action, Mark, Objective, Progress};
use crate::record::Status;

/// A review record, `reviews/<person>/*.toml`, or a prepared file for
/// `review --from`. `validate` requires more of a record than its shape.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
#[schemars(rename = "Review")]
pub(crate) struct RawReview {
    /// Review format version.
    pub schema: Option<u32>,
    /// The person reviewed (an id).
    #[schemars(with = "Option<String>")]
    pub person: Option<Spanned<String>>,
    /// The framework whose competencies the actions serve (default: that of
    /// the person's role).
    #[schemars(with = "Option<String>")]
    pub framework: Option<Spanned<String>>,
    /// Who held the review (a name; default: the person's line manager).
    #[schemars(with = "Option<String>")]
    pub reviewer: Option<Spanned<String>>,
    /// The day of the meeting, `YYYY-MM-DD`.
    #[schemars(with = "Option<String>")]
    pub date: Option<Spanned<String>>,
    /// `draft` or `final` (agreed; never changed).
    pub status: Option<Status>,
    /// When the record was written (UTC).
    #[schemars(with = "Option<String>")]
    pub created: Option<Spanned<String>>,
    /// File name of the review this one amends, in the same folder.
    #[schemars(with = "Option<String>")]
    pub amends: Option<Spanned<String>>,
    /// `sha256:` of the record's content.
    pub checksum: Option<String>,
    /// The development actions agreed, one table each.
    #[serde(default, rename = "action")]
    pub actions: Vec<RawAction>,
    /// The objectives for the coming cycle, one table each.
    #[serde(default, rename = "objective")]
    pub objectives: Vec<RawObjective>,
    /// How actions and objectives of earlier reviews went, one table each.
    #[serde(default, rename = "progress")]
    pub progress: Vec<RawProgress>,
}

/// One `[[action]]` table.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
#[schemars(rename = "Action")]
pub(crate) struct RawAction {
    /// `a1`, `a2`, ... (in a prepared file: left out for a new action).
    #[schemars(with = "Option<String>")]
    pub id: Option<Spanned<String>>,
    /// What will be done.
    #[schemars(with = "String")]
    pub text: Spanned<String>,
    /// The competency it serves (an id of the review's framework).
    #[schemars(with = "Option<String>")]
    pub competency: Option<Spanned<String>>,
    /// `self` (default), `manager`, or a person id of the roster.
    #[schemars(with = "Option<String>")]
    pub owner: Option<Spanned<String>>,
    /// The day it is due, `YYYY-MM-DD` (default: the appraisal cycle's due day).
    #[schemars(with = "Option<String>")]
    pub due: Option<Spanned<String>>,
    /// The support agreed.
    #[schemars(with = "Option<String>")]
    pub support: Option<Spanned<String>>,
}

/// One `[[objective]]` table.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
#[schemars(rename = "Objective")]
pub(crate) struct RawObjective {
    /// `o1`, `o2`, ... (in a prepared file: left out for a new objective).
    #[schemars(with = "Option<String>")]
    pub id: Option<Spanned<String>>,
    /// The objective.
    #[schemars(with = "String")]
    pub text: Spanned<String>,
    /// How it will be known to be met.
    #[schemars(with = "Option<String>")]
    pub measure: Option<Spanned<String>>,
    /// The day it is due, `YYYY-MM-DD` (default: the appraisal cycle's due day).
    #[schemars(with = "Option<String>")]
    pub due: Option<Spanned<String>>,
}

/// One `[[progress]]` table.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
#[schemars(rename = "Progress")]
pub(crate) struct RawProgress {
    /// The id of an action or objective of an earlier review (`a2`, `o1`).
    #[schemars(with = "String")]
    pub item: Spanned<String>,
    /// An action: `done`, `dropped` or `carried-over`; an objective: `met`,
    /// `partly-met` or `not-met`.
    #[schemars(with = "Mark")]
    pub status: Spanned<Mark>,
    /// The outcome of an action, or a comment on an objective.
    #[schemars(with = "Option<String>")]
    pub outcome: Option<Spanned<String>>,
    /// A carried-over action's new due day, `YYYY-MM-DD`.
    #[schemars(with = "Option<String>")]
    pub due: Option<Spanned<String>>,
}

fn text(value: Option<&Spanned<String>>) -> Option<String> {
    value.map(|v| v.get_ref().clone())
}

impl RawAction {
    /// The action as written; `due` and `owner` as given (empty when not).
    pub(crate) fn to_action(&self) -> Action {
        Action {
            id: text(self.id.as_ref()).unwrap_or_default(),
            text: self.text.get_ref().clone(),
            competency: text(self.competency.as_ref()),
            owner: text(self.owner.as_ref()).unwrap_or_default(),
            due: text(self.due.as_ref()).unwrap_or_default(),
            support: text(self.support.as_ref()),
        }
    }
}

impl RawObjective {
    /// The objective as written; `due` as given (empty when not).
    pub(crate) fn to_objective(&self) -> Objective {
        Objective {
            id: text(self.id.as_ref()).unwrap_or_default(),
            text: self.text.get_ref().clone(),
            measure: text(self.measure.as_ref()),
            due: text(self.due.as_ref()).unwrap_or_default(),
        }
    }
}

impl RawProgress {
    pub(crate) fn to_progress(&self) -> Progress {
        Progress {
            item: self.item.get_ref().clone(),
            status: *self.status.get_ref(),
            outcome: text(self.outcome.as_ref()),
            due: text(self.due.as_ref()),
        }
    }
}
