//! Review records: what an appraisal meeting agreed — development actions
//! and objectives for the coming cycle — and, at a later meeting, how each
//! went. One TOML file per meeting, `reviews/<person>/<date>-review.toml`,
//! written by `competency review`.
//!
//! Reviews flow as assessments do: text -> [`RawReview`] (serde, every field
//! optional; the same shape serves prepared files for `review --from`) ->
//! [`Review`] (checked, complete). They share the assessment's machinery
//! through [`Sealed`]: a checksum of the content, a final record never
//! rewritten, a correction that names the record it amends
//! ([`crate::record::chain`]). This module owns the review's shape and text
//! form; [`rules`] what makes one valid; [`build`] making one from what the
//! manager gave. Where reviews live is `store`'s business.
//!
//! An action or objective has an id unique among the person's reviews
//! (`a1`, `a2`, ... and `o1`, `o2`, ...), so a later meeting can say how it
//! went (`[[progress]] item = "a2"`) without naming the file it was agreed in.

pub(crate) mod build;
pub(crate) mod raw;
pub(crate) mod rules;

use std::fmt;
use std::path::Path;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

pub(crate) use raw::{RawAction, RawObjective, RawProgress, RawReview};

use crate::diagnostic::{Code, Diagnostic};
use crate::record::{Sealed, Status};

/// The review format this version writes; a higher number is refused.
pub(crate) const SCHEMA: u32 = 1;

/// The folder of reviews in a workspace, beside `assessments/`.
pub(crate) const FOLDER: &str = "reviews";

/// Who carries out an action: the person reviewed (`self`), their line
/// manager (`manager`, whoever that is when the action is acted on), or
/// someone on the roster, by id (a mentor, HR).
pub(crate) const OWNER_SELF: &str = "self";
pub(crate) const OWNER_MANAGER: &str = "manager";

/// How an action or objective went, recorded at a later meeting.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum Mark {
    /// An action carried out.
    Done,
    /// An action no longer wanted.
    Dropped,
    /// An action still to do, carried into the next cycle (with a new due day, or the old one).
    CarriedOver,
    /// An objective met.
    Met,
    /// An objective partly met.
    PartlyMet,
    /// An objective not met.
    NotMet,
}

impl Mark {
    pub(crate) const ACTION: [Mark; 3] = [Mark::Done, Mark::Dropped, Mark::CarriedOver];
    #[cfg(feature = "interactive")]
    pub(crate) const OBJECTIVE: [Mark; 3] = [Mark::Met, Mark::PartlyMet, Mark::NotMet];

    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Mark::Done => "done",
            Mark::Dropped => "dropped",
            Mark::CarriedOver => "carried-over",
            Mark::Met => "met",
            Mark::PartlyMet => "partly-met",
            Mark::NotMet => "not-met",
        }
    }

    /// As people say it: `carried over`, `partly met`.
    pub(crate) fn words(self) -> &'static str {
        match self {
            Mark::CarriedOver => "carried over",
            Mark::PartlyMet => "partly met",
            Mark::NotMet => "not met",
            other => other.as_str(),
        }
    }

    /// Whether the mark is one an action takes (else an objective's).
    pub(crate) fn is_for_action(self) -> bool {
        Self::ACTION.contains(&self)
    }
}

impl fmt::Display for Mark {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Whether an item id is an action's (`a3`) or an objective's (`o1`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum ItemKind {
    Action,
    Objective,
}

impl ItemKind {
    /// The kind and number of an item id: `a3` is action 3. `None` for
    /// anything else (`a0`, `a03`, `x1`, `a`).
    pub(crate) fn of(id: &str) -> Option<(ItemKind, u32)> {
        let (kind, number) = match id.as_bytes().first()? {
            b'a' => (ItemKind::Action, &id[1..]),
            b'o' => (ItemKind::Objective, &id[1..]),
            _ => return None,
        };
        let shaped = !number.is_empty()
            && number.len() <= 6
            && !number.starts_with('0')
            && number.bytes().all(|b| b.is_ascii_digit());
        shaped
            .then(|| number.parse().ok())
            .flatten()
            .map(|n| (kind, n))
    }

    pub(crate) fn prefix(self) -> char {
        match self {
            ItemKind::Action => 'a',
            ItemKind::Objective => 'o',
        }
    }

    pub(crate) fn as_str(self) -> &'static str {
        match self {
            ItemKind::Action => "action",
            ItemKind::Objective => "objective",
        }
    }
}

/// One appraisal meeting of one person, complete and checked. Its
/// `Serialize` form is the file's content (and what the checksum covers),
/// so field names and order are the format.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) struct Review {
    /// Review format version; see [`SCHEMA`].
    pub schema: u32,
    /// The person reviewed (an id; also the folder name).
    pub person: String,
    /// The framework the actions' competencies belong to.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub framework: Option<String>,
    /// Who held the review (a name).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reviewer: Option<String>,
    /// The day of the meeting (written `YYYY-MM-DD`).
    #[serde(serialize_with = "crate::date::iso")]
    pub date: jiff::civil::Date,
    pub status: Status,
    /// When the record was written (UTC); orders records of the same day.
    pub created: String,
    /// File name of the review this one amends, in the same folder.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub amends: Option<String>,
    /// `sha256:` of the record's content; detects a hand edit after writing.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub checksum: Option<String>,
    #[serde(rename = "action", skip_serializing_if = "Vec::is_empty")]
    pub actions: Vec<Action>,
    #[serde(rename = "objective", skip_serializing_if = "Vec::is_empty")]
    pub objectives: Vec<Objective>,
    #[serde(rename = "progress", skip_serializing_if = "Vec::is_empty")]
    pub progress: Vec<Progress>,
}

/// An agreed development action.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) struct Action {
    /// `a1`, `a2`, ...: unique among the person's reviews.
    pub id: String,
    pub text: String,
    /// The competency it serves, of the review's framework.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub competency: Option<String>,
    /// `self`, `manager`, or a person id of the roster.
    pub owner: String,
    /// The day it is due, `YYYY-MM-DD`.
    pub due: String,
    /// The support agreed (time, a course, a mentor).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub support: Option<String>,
}

/// An objective for the coming cycle.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) struct Objective {
    /// `o1`, `o2`, ...: unique among the person's reviews.
    pub id: String,
    pub text: String,
    /// How it will be known to be met.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub measure: Option<String>,
    /// The day it is due, `YYYY-MM-DD`.
    pub due: String,
}

/// How an action or objective of an earlier review went.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) struct Progress {
    /// The id of the action or objective (`a2`, `o1`).
    pub item: String,
    pub status: Mark,
    /// The outcome of an action, or a comment on an objective.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub outcome: Option<String>,
    /// A carried-over action's new due day.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub due: Option<String>,
}

const HEADER: &str = "\
# A review record, written by `competency review`: the actions and objectives
# agreed at an appraisal meeting, and how earlier ones went. Records are never
# rewritten: to correct one, run `competency review PERSON --amend <this file's name>`.
";

impl Review {
    /// An empty review of `person` on `date`, to fill in.
    pub(crate) fn new(person: &str, date: jiff::civil::Date, created: &str) -> Review {
        Review {
            schema: SCHEMA,
            person: person.to_owned(),
            framework: None,
            reviewer: None,
            date,
            status: Status::Draft,
            created: created.to_owned(),
            amends: None,
            checksum: None,
            actions: Vec::new(),
            objectives: Vec::new(),
            progress: Vec::new(),
        }
    }

    /// Whether the review says anything.
    pub(crate) fn is_empty(&self) -> bool {
        self.actions.is_empty() && self.objectives.is_empty() && self.progress.is_empty()
    }

    /// The ids of the actions and objectives it agrees.
    pub(crate) fn item_ids(&self) -> impl Iterator<Item = &str> {
        self.actions
            .iter()
            .map(|a| a.id.as_str())
            .chain(self.objectives.iter().map(|o| o.id.as_str()))
    }

    /// The checksum of the content: canonical JSON of the record without its
    /// checksum, as an assessment's.
    pub(crate) fn content_checksum(&self) -> String {
        let mut content = self.clone();
        content.checksum = None;
        crate::digest::sha256_of(16, |out| serde_json::to_writer(out, &content).is_ok())
    }

    /// The file's text, with its checksum filled in.
    pub(crate) fn to_toml(&self) -> Result<String, toml::ser::Error> {
        let mut sealed = self.clone();
        sealed.checksum = Some(self.content_checksum());
        let body = toml::to_string(&sealed)?;
        Ok(format!("{HEADER}{body}"))
    }
}

impl Sealed for Review {
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
        Review::content_checksum(self)
    }

    fn order_key(&self) -> (jiff::civil::Date, &str) {
        (self.date, &self.created)
    }
}

/// Parse a review's text (or a prepared file's), refusing one written by a
/// newer version by its `schema` number before complaining about keys this
/// version does not know.
pub(crate) fn parse(file: &Path, source: &str) -> Result<RawReview, Diagnostic> {
    if source.trim().is_empty() {
        return Err(Diagnostic::error(
            Code::EmptyFile,
            file,
            "the file is empty",
        ));
    }
    let newer = |schema: Option<u32>| match schema {
        Some(schema) if schema > SCHEMA => Some(crate::record::newer_schema(
            file, source, schema, SCHEMA, "review",
        )),
        _ => None,
    };
    match crate::parse::parse_toml::<RawReview>(file, source) {
        Ok(raw) => match newer(raw.schema) {
            Some(d) => Err(d),
            None => Ok(raw),
        },
        Err(d) => {
            #[derive(Deserialize)]
            struct SchemaOnly {
                schema: Option<u32>,
            }
            let schema = toml::from_str::<SchemaOnly>(source)
                .ok()
                .and_then(|s| s.schema);
            Err(newer(schema).unwrap_or(d))
        }
    }
}

/// Whether a TOML text looks like a review rather than an assessment: it
/// has actions, objectives or progress and no ratings or framework
/// fingerprint. For `validate FILE` outside a workspace's folders.
pub(crate) fn looks_like_review(source: &str) -> bool {
    #[derive(Deserialize)]
    struct Keys {
        action: Option<serde::de::IgnoredAny>,
        objective: Option<serde::de::IgnoredAny>,
        progress: Option<serde::de::IgnoredAny>,
        rating: Option<serde::de::IgnoredAny>,
        by: Option<serde::de::IgnoredAny>,
    }
    toml::from_str::<Keys>(source).is_ok_and(|k| {
        (k.action.is_some() || k.objective.is_some() || k.progress.is_some())
            && k.rating.is_none()
            && k.by.is_none()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn item_ids_are_a_letter_and_a_number_from_one() {
        assert_eq!(ItemKind::of("a1"), Some((ItemKind::Action, 1)));
        assert_eq!(ItemKind::of("o12"), Some((ItemKind::Objective, 12)));
        for bad in ["a0", "a01", "x1", "a", "", "a-1", "a1b", "A1", "a9999999"] {
            assert_eq!(ItemKind::of(bad), None, "{bad}");
        }
    }

    #[test]
    fn the_checksum_covers_everything_but_itself() {
        let mut review = Review::new(
            "ann",
            "2026-03-17".parse().unwrap(),
            "2026-03-17T10:00:00.000000000Z",
        );
        review.actions.push(Action {
            id: "a1".to_owned(),
            text: "Shadow a colleague".to_owned(),
            competency: None,
            owner: OWNER_SELF.to_owned(),
            due: "2026-06-30".to_owned(),
            support: None,
        });
        let sealed = review.content_checksum();
        review.checksum = Some("sha256:other".to_owned());
        assert_eq!(review.content_checksum(), sealed);
        review.actions[0].text.push('!');
        assert_ne!(review.content_checksum(), sealed);
    }
}
