//! Pure report arithmetic, one module per question: which ratings count
//! ([`select`]), a person against a role and the plan that follows ([`gap`],
//! [`plan`]), people against their roles ([`team`]), which roles a person is
//! nearest ([`readiness`]) and how ratings moved ([`history`]). No I/O: each
//! takes checked records and the catalogue's models and returns a report
//! model that `render` draws.

pub(crate) mod calibrate;
pub(crate) mod gap;
pub(crate) mod history;
pub(crate) mod impact;
pub(crate) mod peers;
pub(crate) mod plan;
pub(crate) mod readiness;
pub(crate) mod review;
pub(crate) mod select;
pub(crate) mod status;
pub(crate) mod team;

use serde::Serialize;

/// Where a person stands on one competency against one requirement.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Standing {
    Below,
    Meets,
    Exceeds,
    Unrated,
    NotApplicable,
    /// The person's role asks nothing of this competency (a team of mixed roles).
    NotRequired,
}

impl Standing {
    pub fn as_str(self) -> &'static str {
        match self {
            Standing::Below => "below",
            Standing::Meets => "meets",
            Standing::Exceeds => "exceeds",
            Standing::Unrated => "unrated",
            Standing::NotApplicable => "not-applicable",
            Standing::NotRequired => "not-required",
        }
    }
}

/// How many requirements stand where.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    pub meets: usize,
    pub exceeds: usize,
    pub below: usize,
    pub unrated: usize,
    #[serde(rename = "not-applicable")]
    pub not_applicable: usize,
}

impl Summary {
    pub fn add(&mut self, standing: Standing) {
        match standing {
            Standing::Meets => self.meets += 1,
            Standing::Exceeds => self.exceeds += 1,
            Standing::Below => self.below += 1,
            Standing::Unrated => self.unrated += 1,
            Standing::NotApplicable => self.not_applicable += 1,
            Standing::NotRequired => {}
        }
    }

    /// Requirements met or exceeded.
    pub fn met(&self) -> usize {
        self.meets + self.exceeds
    }

    /// Every requirement: met, below, unrated or not assessed (a rater
    /// marked a competency the role requires as not applicable: it is
    /// never counted as met).
    pub fn required(&self) -> usize {
        self.meets + self.exceeds + self.below + self.unrated + self.not_applicable
    }

    /// Whether every requirement is met or exceeded.
    pub fn meets_all(&self) -> bool {
        self.required() > 0 && self.met() == self.required()
    }
}

/// Whose rating a figure shows: the person's own, their line manager's, or
/// their peers'.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Whose {
    #[serde(rename = "self")]
    Own,
    Manager,
    Peers,
}

impl Whose {
    pub fn as_str(self) -> &'static str {
        match self {
            Whose::Own => "self",
            Whose::Manager => "manager",
            Whose::Peers => "peers",
        }
    }

    /// In words, for a sentence: "their own", "their manager's".
    pub fn possessive(self) -> &'static str {
        match self {
            Whose::Own => "their own",
            Whose::Manager => "their manager's",
            Whose::Peers => "their peers'",
        }
    }
}

impl From<crate::record::RaterKind> for Whose {
    fn from(kind: crate::record::RaterKind) -> Self {
        match kind {
            crate::record::RaterKind::SelfAssessment => Whose::Own,
            crate::record::RaterKind::Manager => Whose::Manager,
            crate::record::RaterKind::Peer => Whose::Peers,
        }
    }
}

#[cfg(test)]
pub(crate) mod fixture {
    //! A small framework and records for the reports' unit tests.

    use crate::framework_file::framework_from_str;
    use crate::model::Framework;
    use crate::record::{Filed, RaterKind, Rating, Record, SCHEMA, Status};

    /// A scale with mid-points (A..E, indicators at B and D) and a role.
    pub(crate) fn framework(cumulative: bool) -> Framework {
        let yaml = format!(
            r"
id: t
name: T
publisher: P
source: S
scale:
  cumulative: {cumulative}
  levels:
    - {{code: A, label: A}}
    - {{code: B, label: B}}
    - {{code: C, label: C}}
    - {{code: D, label: D}}
    - {{code: E, label: E}}
competencies:
  - id: one
    name: One
    indicators:
      - level: B
        items: [b1, b2]
      - level: D
        items: [d1, d2]
      - polarity: negative
        items: [bad]
  - id: two
    name: Two
    indicators:
      - level: B
        items: [x]
  - id: three
    name: Three
    indicators:
      - level: B
        items: [y]
roles:
  - id: r
    name: R
    required: {{one: C, two: B, three: D}}
"
        );
        framework_from_str(std::path::Path::new("t.yaml"), &yaml, None)
            .ok()
            .unwrap()
    }

    pub(crate) fn record(by: RaterKind, date: &str, ratings: &[(&str, Option<&str>)]) -> Record {
        Record {
            schema: SCHEMA,
            person: "p".to_owned(),
            subject: crate::model::Subject::Person,
            framework: "t".to_owned(),
            fingerprint: framework(false).fingerprint,
            by,
            rater: None,
            role: None,
            date: date.to_owned(),
            status: Status::Final,
            created: format!("{date}T00:00:00Z"),
            amends: None,
            checksum: None,
            ratings: ratings
                .iter()
                .map(|(c, level)| {
                    let mut r = Rating::new(c);
                    match level {
                        Some("n/a") => r.not_applicable = true,
                        Some(l) => r.level = Some((*l).to_owned()),
                        None => {}
                    }
                    r
                })
                .collect(),
        }
    }

    pub(crate) fn filed(file: &str, record: Record) -> Filed {
        Filed {
            file: file.to_owned(),
            record,
        }
    }
}
