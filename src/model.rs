//! The validated domain: frameworks, their scales, competencies, indicators
//! and role profiles. One model fits all five bundled sources with no
//! per-framework code. Built only by `framework_file`; never parses or prints.
//!
//! The `Serialize` form of [`Framework`] is the JSON of `show FW --format json`,
//! which scripts rely on (the README shows it), so field names here are part
//! of the interface.

use std::fmt::{self, Write as _};
use std::path::PathBuf;

use serde::{Deserialize, Serialize};

/// A competency framework.
#[derive(Clone, Debug)]
pub struct Framework {
    pub id: String,
    pub name: String,
    pub publisher: String,
    pub year: Option<i64>,
    pub source: String,
    /// Where the source document can be read (`officialSourceURL` in CASE).
    pub source_url: Option<String>,
    /// The framework this one was adapted from.
    pub based_on: Option<BasedOn>,
    pub licence: Option<String>,
    pub description: Option<String>,
    /// `sha256:` and 16 hex digits of the framework's content; records keep it
    /// so a later change to the framework can be detected.
    pub fingerprint: String,
    pub labels: Labels,
    pub scale: Scale,
    pub groups: Vec<Group>,
    pub competencies: Vec<Competency>,
    pub roles: Vec<RoleProfile>,
}

/// The framework a framework was adapted from (`competency adapt`), and its
/// fingerprint then.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct BasedOn {
    pub id: String,
    pub fingerprint: String,
}

/// Headings for indicators that belong to no level, and for perspectives.
#[derive(Clone, Debug, Serialize)]
pub struct Labels {
    pub positive: String,
    pub negative: String,
    pub organisation: String,
    pub worker: String,
}

/// The ordered levels of a framework.
#[derive(Clone, Debug, Serialize)]
pub struct Scale {
    /// A level is met only when its indicators and those of every lower level are.
    pub cumulative: bool,
    /// The source defines no levels; this scale was added so ratings can be recorded.
    pub added_for_rating: bool,
    pub note: Option<String>,
    /// Lowest first; `rank` is the 1-based position.
    pub levels: Vec<Level>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Level {
    pub code: String,
    pub rank: u32,
    pub label: String,
    pub description: Option<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Group {
    pub id: String,
    pub name: String,
    pub description: Option<String>,
    /// The source's description of each level for this group, in scale order.
    #[serde(serialize_with = "serialize_pairs")]
    pub level_descriptions: Vec<(String, String)>,
    /// The source applies these competencies only to roles that require
    /// them (Cherwell's management competencies).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub only_where_required: bool,
}

/// Whether a competency (and a record) rates a person, or an organisation or team.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum Subject {
    #[default]
    Person,
    Organisation,
}

impl Subject {
    pub fn as_str(self) -> &'static str {
        match self {
            Subject::Person => "person",
            Subject::Organisation => "organisation",
        }
    }

    /// `a person`, `an organisation or team`: for sentences.
    pub fn words(self) -> &'static str {
        match self {
            Subject::Person => "a person",
            Subject::Organisation => "an organisation or team",
        }
    }

    /// Whether this is an organisation (or team).
    pub fn is_organisation(self) -> bool {
        self == Subject::Organisation
    }

    #[allow(clippy::trivially_copy_pass_by_ref)] // serde's skip_serializing_if passes a reference
    pub fn is_person(&self) -> bool {
        *self == Subject::Person
    }
}

/// Where a framework or role came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Origin {
    Bundled,
    File(PathBuf),
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Origin::Bundled => f.write_str("bundled"),
            Origin::File(path) => write!(f, "{}", path.display()),
        }
    }
}

#[derive(Clone, Debug, Serialize)]
pub struct Competency {
    pub id: String,
    pub name: String,
    pub group: Option<String>,
    pub subject: Subject,
    pub definition: Option<String>,
    pub why: Option<String>,
    pub indicators: Vec<Indicator>,
    pub themes: Vec<Theme>,
    pub standards: Vec<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Theme {
    pub id: String,
    pub name: String,
    pub description: Option<String>,
    pub indicators: Vec<Indicator>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Polarity {
    Positive,
    Negative,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Perspective {
    Organisation,
    Worker,
}

/// One behaviour, verbatim from the source.
#[derive(Clone, Debug, Serialize)]
pub struct Indicator {
    /// A scale code, or `None` for behaviours that belong to no level.
    pub level: Option<String>,
    pub text: String,
    pub polarity: Polarity,
    pub perspective: Option<Perspective>,
}

/// The levels a role requires.
#[derive(Clone, Debug, Serialize)]
pub struct RoleProfile {
    pub id: String,
    pub name: String,
    pub framework: String,
    /// Inferred from the source's examples rather than stated by it.
    pub illustrative: bool,
    pub note: Option<String>,
    /// Competency id -> level code, in the framework's competency order.
    #[serde(serialize_with = "serialize_pairs")]
    pub required: Vec<(String, String)>,
    /// Whom the role is for: a person, or an organisation or team (a role
    /// of SSSC's organisational capabilities), as the competencies it
    /// requires rate. Present in JSON only for an organisation.
    #[serde(skip_serializing_if = "Subject::is_person")]
    pub subject: Subject,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub person_specification: Vec<SpecificationArea>,
    /// Where the role was defined.
    #[serde(skip)]
    pub origin: Origin,
}

/// One row of a person specification.
#[derive(Clone, Debug, Serialize)]
pub struct SpecificationArea {
    pub area: String,
    pub essential: Vec<String>,
    pub desirable: Vec<String>,
    pub assessed_by: Vec<String>,
}

impl Framework {
    pub fn competency(&self, id: &str) -> Option<&Competency> {
        self.competencies.iter().find(|c| c.id == id)
    }

    /// Whether some indicator describes the level `code`.
    pub fn describes(&self, code: &str) -> bool {
        self.competencies
            .iter()
            .flat_map(Competency::all_indicators)
            .any(|i| i.level.as_deref() == Some(code))
    }

    /// For a mid-point rating (Cherwell's A, C, E and G: a level no
    /// indicator describes, on a scale where others are), what it lies
    /// between: the described levels just below and just above it.
    pub fn mid_point(&self, code: &str) -> Option<(Option<&str>, &str)> {
        let levels = &self.scale.levels;
        let at = levels.iter().position(|l| l.code == code)?;
        if self.describes(code) || !levels.iter().any(|l| self.describes(&l.code)) {
            return None;
        }
        let below = levels[..at]
            .iter()
            .rev()
            .find(|l| self.describes(&l.code))
            .map(|l| l.code.as_str());
        // A level above every described one is not a mid-point: the scale
        // simply goes on past what the source describes.
        let above = levels[at + 1..]
            .iter()
            .find(|l| self.describes(&l.code))
            .map(|l| l.code.as_str())?;
        Some((below, above))
    }

    /// A level's description: the source's, else, where the source gives
    /// none, what the scale makes of it (`Mid-point rating between B and D:
    /// no indicators of its own`, `Described by its indicators`).
    pub fn level_description(&self, level: &Level) -> Option<String> {
        if let Some(d) = &level.description {
            return Some(d.clone());
        }
        match self.mid_point(&level.code) {
            Some((Some(b), a)) => Some(format!(
                "Mid-point rating between {b} and {a}: no indicators of its own"
            )),
            Some((None, a)) => Some(format!(
                "Mid-point rating below {a}: no indicators of its own"
            )),
            None if self.describes(&level.code)
                && self
                    .scale
                    .levels
                    .iter()
                    .any(|l| self.mid_point(&l.code).is_some()) =>
            {
                Some("Described by its indicators in each competency".to_owned())
            }
            None => None,
        }
    }

    pub fn group(&self, id: &str) -> Option<&Group> {
        self.groups.iter().find(|g| g.id == id)
    }

    /// Steps of the scale in one level: 2 where described levels alternate
    /// with levels no indicator describes, the mid-points between them
    /// (Cherwell's A, C, E and G around B, D and F), else 1. A difference of
    /// one step on such a scale is half a level.
    pub fn ranks_per_level(&self) -> u32 {
        let described: Vec<bool> = self
            .scale
            .levels
            .iter()
            .map(|l| self.describes(&l.code))
            .collect();
        let alternate = described.len() > 1 && described.windows(2).all(|w| w[0] != w[1]);
        if alternate { 2 } else { 1 }
    }

    /// The group that keeps `competency` for roles that require it
    /// (Cherwell's Management Competencies), if any.
    pub fn reserved_by(&self, competency: &str) -> Option<&Group> {
        self.competency(competency)
            .and_then(|c| c.group.as_deref())
            .and_then(|g| self.group(g))
            .filter(|g| g.only_where_required)
    }

    /// Whether an assessment for `role` (or for no role) is offered
    /// `competency`: every one, but those a group keeps for roles that
    /// require them only where `role` does.
    pub fn offered(&self, competency: &str, role: Option<&RoleProfile>) -> bool {
        self.reserved_by(competency).is_none()
            || role.is_some_and(|r| r.required_level(competency).is_some())
    }

    pub fn indicator_count(&self) -> usize {
        self.competencies
            .iter()
            .map(Competency::indicator_count)
            .sum()
    }

    /// The heading of a level: its label (`Engaged`), or `Level 3` where the
    /// label is only the code.
    pub fn level_heading(&self, code: &str) -> String {
        match self.scale.level(code) {
            Some(level) if level.label != level.code => level.label.clone(),
            _ => format!("Level {code}"),
        }
    }

    /// The heading over a run of indicators sharing level, polarity and
    /// perspective: `Level 3`, `Effective behaviours`, `Engaged — The worker`.
    pub fn indicator_heading(&self, indicator: &Indicator) -> String {
        let labels = &self.labels;
        let mut heading = match (&indicator.level, indicator.polarity) {
            (None, Polarity::Positive) => labels.positive.clone(),
            (None, Polarity::Negative) => labels.negative.clone(),
            (Some(code), polarity) => {
                let mut h = self.level_heading(code);
                if polarity == Polarity::Negative {
                    let _ = write!(h, " — {}", labels.negative);
                }
                h
            }
        };
        if let Some(perspective) = indicator.perspective {
            let name = match perspective {
                Perspective::Organisation => &labels.organisation,
                Perspective::Worker => &labels.worker,
            };
            let _ = write!(heading, " — {name}");
        }
        heading
    }

    /// The framework's heading for a perspective (`The social service worker`).
    pub fn perspective_name(&self, perspective: Perspective) -> &str {
        match perspective {
            Perspective::Organisation => &self.labels.organisation,
            Perspective::Worker => &self.labels.worker,
        }
    }

    /// The competencies that rate this kind of subject.
    pub fn competencies_of(&self, subject: Subject) -> impl Iterator<Item = &Competency> {
        self.competencies
            .iter()
            .filter(move |c| c.subject == subject)
    }

    /// Whether `text` is one of the competency's negative indicators.
    pub fn is_negative(&self, competency: &str, text: &str) -> bool {
        self.competency(competency)
            .and_then(|c| c.all_indicators().find(|i| i.text == text))
            .is_some_and(|i| i.polarity == Polarity::Negative)
    }
}

impl Scale {
    /// The level with this code, exactly.
    pub fn level(&self, code: &str) -> Option<&Level> {
        self.levels.iter().find(|l| l.code == code)
    }

    /// The level a user means by `input`: its code or label, case-insensitively.
    /// The level `input` names: its code or label (any case), or `Level
    /// CODE` as a level without a label of its own is printed (Cherwell's
    /// `Level D`).
    pub fn find(&self, input: &str) -> Option<&Level> {
        let input = input.trim();
        let named = |input: &str| {
            self.level(input).or_else(|| {
                self.levels.iter().find(|l| {
                    l.code.eq_ignore_ascii_case(input) || l.label.eq_ignore_ascii_case(input)
                })
            })
        };
        named(input).or_else(|| {
            let (word, code) = input.split_once(char::is_whitespace)?;
            word.eq_ignore_ascii_case("level")
                .then(|| {
                    self.levels
                        .iter()
                        .find(|l| l.code.eq_ignore_ascii_case(code.trim()))
                })
                .flatten()
                .filter(|l| l.label == l.code)
        })
    }

    pub fn rank(&self, code: &str) -> Option<u32> {
        self.level(code).map(|l| l.rank)
    }

    pub fn codes(&self) -> impl Iterator<Item = &str> {
        self.levels.iter().map(|l| l.code.as_str())
    }

    pub fn top(&self) -> Option<&Level> {
        self.levels.last()
    }
}

impl Competency {
    /// Every indicator: the competency's own, then each theme's.
    pub fn all_indicators(&self) -> impl Iterator<Item = &Indicator> {
        self.indicators
            .iter()
            .chain(self.themes.iter().flat_map(|t| t.indicators.iter()))
    }

    pub fn indicator_count(&self) -> usize {
        self.all_indicators().count()
    }

    /// The indicator with this text (its level, polarity, perspective).
    pub fn indicator(&self, text: &str) -> Option<&Indicator> {
        self.all_indicators().find(|i| i.text == text)
    }

    pub fn theme(&self, id: &str) -> Option<&Theme> {
        self.themes.iter().find(|t| t.id == id)
    }
}

impl RoleProfile {
    pub fn required_level(&self, competency: &str) -> Option<&str> {
        self.required
            .iter()
            .find(|(c, _)| c == competency)
            .map(|(_, l)| l.as_str())
    }
}

impl Serialize for Framework {
    /// The JSON of `show --format json`: `scale` is the list of levels; the scale's rules
    /// follow as `scale_rules`, the headings as `labels`; `source_url` and
    /// `based_on` appear only when the file has them.
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        #[derive(Serialize)]
        struct ScaleRules<'a> {
            cumulative: bool,
            added_for_rating: bool,
            note: Option<&'a str>,
        }
        let mut out = s.serialize_struct("Framework", 16)?;
        out.serialize_field("id", &self.id)?;
        out.serialize_field("name", &self.name)?;
        out.serialize_field("publisher", &self.publisher)?;
        out.serialize_field("year", &self.year)?;
        out.serialize_field("source", &self.source)?;
        // Present only when the file gives them, so older scripts see no change.
        if let Some(url) = &self.source_url {
            out.serialize_field("source_url", url)?;
        }
        if let Some(based_on) = &self.based_on {
            out.serialize_field("based_on", based_on)?;
        }
        out.serialize_field("licence", &self.licence)?;
        out.serialize_field("description", &self.description)?;
        out.serialize_field("fingerprint", &self.fingerprint)?;
        out.serialize_field("scale", &self.scale.levels)?;
        out.serialize_field(
            "scale_rules",
            &ScaleRules {
                cumulative: self.scale.cumulative,
                added_for_rating: self.scale.added_for_rating,
                note: self.scale.note.as_deref(),
            },
        )?;
        out.serialize_field("labels", &self.labels)?;
        out.serialize_field("groups", &self.groups)?;
        out.serialize_field("competencies", &self.competencies)?;
        out.serialize_field("roles", &self.roles)?;
        out.end()
    }
}

fn serialize_pairs<S: serde::Serializer>(
    pairs: &[(String, String)],
    s: S,
) -> Result<S::Ok, S::Error> {
    use serde::ser::SerializeMap;
    let mut map = s.serialize_map(Some(pairs.len()))?;
    for (k, v) in pairs {
        map.serialize_entry(k, v)?;
    }
    map.end()
}
