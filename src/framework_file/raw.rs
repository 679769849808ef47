//! Serde mirrors of the YAML files, exactly as written. Every struct denies
//! unknown fields and none uses `flatten` (which would silently disable that).
//! Values that later checks may complain about are `Spanned`, so the complaint
//! can point at them. These `///` comments are the reference for framework
//! authors; docs/framework-format.md shows the same with examples.

use serde::Deserialize;
use serde_saphyr::Spanned;

pub(crate) type Text = Spanned<String>;

/// A framework file, `frameworks/<id>.yaml`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub(crate) struct RawFramework {
    /// Framework id; must equal the file name without `.yaml`.
    pub(crate) id: Text,
    /// The framework's title.
    pub(crate) name: Text,
    /// Who published the source document.
    pub(crate) publisher: Text,
    /// Year of the source document, when it states one.
    pub(crate) year: Option<i64>,
    /// The source document, as titled.
    pub(crate) source: Text,
    /// Licence or attribution note.
    pub(crate) licence: Option<Text>,
    /// The framework's own introduction.
    pub(crate) description: Option<Text>,
    /// Headings for level-less and perspective indicators.
    #[serde(default)]
    pub(crate) labels: RawLabels,
    /// The rating scale.
    pub(crate) scale: RawScale,
    /// Groups of competencies (core / management, ...).
    #[serde(default)]
    pub(crate) groups: Vec<RawGroup>,
    /// The competencies, in source order.
    pub(crate) competencies: Vec<RawCompetency>,
    /// Role profiles stated by the source.
    #[serde(default)]
    pub(crate) roles: Vec<RawRole>,
}

/// Headings shown over indicators.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub(crate) struct RawLabels {
    /// Heading over positive indicators that belong to no level.
    pub(crate) positive: Option<Text>,
    /// Heading over negative indicators.
    pub(crate) negative: Option<Text>,
    /// Heading over indicators seen from the organisation's perspective.
    pub(crate) organisation: Option<Text>,
    /// Heading over indicators seen from the worker's perspective.
    pub(crate) worker: Option<Text>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub(crate) struct RawScale {
    /// A level is met only when its indicators and those of every lower level are.
    #[serde(default)]
    pub(crate) cumulative: bool,
    /// The source defines no levels; the scale was added for recording ratings.
    #[serde(default)]
    pub(crate) added_for_rating: bool,
    /// A note shown with the scale.
    pub(crate) note: Option<Text>,
    /// Levels, lowest first.
    pub(crate) levels: Vec<RawLevel>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub(crate) struct RawLevel {
    /// Short code used in files and on the command line (`"3"`, `D`, `engaged`).
    pub(crate) code: Text,
    /// Name shown to people (`Level 3`, `Engaged`).
    pub(crate) label: Text,
    /// What the level means.
    pub(crate) description: Option<Text>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub(crate) struct RawGroup {
    pub(crate) id: Text,
    pub(crate) name: Text,
    pub(crate) description: Option<Text>,
    /// Level code -> the source's description of that level for this group.
    #[serde(default)]
    pub(crate) level_descriptions: Pairs,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub(crate) struct RawCompetency {
    pub(crate) id: Text,
    pub(crate) name: Text,
    /// A group id.
    pub(crate) group: Option<Text>,
    /// `person` (default) or `organisation`.
    pub(crate) subject: Option<Text>,
    /// The source's definition or description.
    pub(crate) definition: Option<Text>,
    /// The source's "why is it important?".
    pub(crate) why: Option<Text>,
    /// Indicator blocks.
    #[serde(default)]
    pub(crate) indicators: Vec<RawBlock>,
    /// Themes or competency areas, each with indicators.
    #[serde(default)]
    pub(crate) themes: Vec<RawTheme>,
    /// Related standards, verbatim.
    #[serde(default)]
    pub(crate) standards: Vec<Text>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub(crate) struct RawTheme {
    pub(crate) id: Text,
    pub(crate) name: Text,
    pub(crate) description: Option<Text>,
    #[serde(default)]
    pub(crate) indicators: Vec<RawBlock>,
}

/// Indicators sharing a level, polarity and perspective.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub(crate) struct RawBlock {
    /// A scale code; omitted for behaviours that belong to no level.
    pub(crate) level: Option<Text>,
    /// `positive` (default) or `negative`.
    pub(crate) polarity: Option<Text>,
    /// `organisation` or `worker`.
    pub(crate) perspective: Option<Text>,
    /// The indicator sentences, in source order.
    #[serde(default)]
    pub(crate) items: Vec<Text>,
}

/// A role profile, in a framework file or a workspace's `roles/*.yaml`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub(crate) struct RawRole {
    pub(crate) id: Text,
    pub(crate) name: Text,
    /// Framework id; required in `roles/*.yaml`, implied in a framework file.
    pub(crate) framework: Option<Text>,
    /// Inferred from the source's examples rather than stated by it.
    #[serde(default)]
    pub(crate) illustrative: bool,
    pub(crate) note: Option<Text>,
    /// Competency id -> required level code.
    #[serde(default)]
    pub(crate) required: Pairs,
    /// The source's person specification.
    #[serde(default)]
    pub(crate) person_specification: Vec<RawSpecificationArea>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub(crate) struct RawSpecificationArea {
    pub(crate) area: Text,
    #[serde(default)]
    pub(crate) essential: Vec<Text>,
    #[serde(default)]
    pub(crate) desirable: Vec<Text>,
    #[serde(default)]
    pub(crate) assessed_by: Vec<Text>,
}

/// A `roles/*.yaml` file.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub(crate) struct RawRoleFile {
    pub(crate) roles: Vec<RawRole>,
}

/// A mapping kept in document order, each key and value with its location.
#[derive(Debug, Default)]
pub(crate) struct Pairs(pub(crate) Vec<(Text, Text)>);

impl<'de> Deserialize<'de> for Pairs {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct PairsVisitor;
        impl<'de> serde::de::Visitor<'de> for PairsVisitor {
            type Value = Pairs;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a mapping of ids to level codes")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<Pairs, A::Error> {
                let mut pairs = Vec::new();
                while let Some(entry) = map.next_entry()? {
                    pairs.push(entry);
                }
                Ok(Pairs(pairs))
            }
        }
        deserializer.deserialize_map(PairsVisitor)
    }
}
