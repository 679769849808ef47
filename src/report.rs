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
pub(crate) use crate::record::fixture;
