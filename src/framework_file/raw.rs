//! Serde mirrors of the YAML files, exactly as written. Every struct denies
//! unknown fields and none uses `flatten` (which would silently disable that).
//! Values that later checks may complain about are `Spanned`, so the complaint
//! can point at them. These `///` comments are the reference for framework
//! authors; docs/framework-format.md shows the same with examples.

use schemars::JsonSchema;
use serde::Deserialize;
use serde_saphyr::Spanned;

pub(crate) type Text = Spanned<String>;

/// A competency framework file, `frameworks/<id>.yaml` (docs/framework-format.md).
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
#[schemars(rename = "Framework")]
pub(crate) struct RawFramework {
    /// Framework id; must equal the file name without `.yaml`.
    #[schemars(with = "String")]
    pub(crate) id: Text,
    /// The framework's title.
    #[schemars(with = "String")]
    pub(crate) name: Text,
    /// Who published the source document.
    #[schemars(with = "String")]
    pub(crate) publisher: Text,
    /// Year of the source document, when it states one.
    pub(crate) year: Option<i64>,
    /// The source document, as titled.
    #[schemars(with = "String")]
    pub(crate) source: Text,
    /// Where the source document can be read: an `https://` (or `http://`)
    /// address. CASE export gives it as `officialSourceURL`.
    #[schemars(with = "Option<String>")]
    pub(crate) source_url: Option<Text>,
    /// The framework this one was adapted from; `competency adapt` writes it.
    /// It does not change the fingerprint.
    pub(crate) based_on: Option<RawBasedOn>,
    /// Licence or attribution note.
    #[schemars(with = "Option<String>")]
    pub(crate) licence: Option<Text>,
    /// The framework's own introduction.
    #[schemars(with = "Option<String>")]
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

/// The framework a framework was adapted from.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
#[schemars(rename = "BasedOn")]
pub(crate) struct RawBasedOn {
    /// The original framework's id.
    #[schemars(with = "String")]
    pub(crate) id: Text,
    /// The original's fingerprint when it was adapted (`sha256:` and 16 hex digits).
    #[schemars(with = "String")]
    pub(crate) fingerprint: Text,
}

/// Headings shown over indicators.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
#[schemars(rename = "Labels")]
pub(crate) struct RawLabels {
    /// Heading over positive indicators that belong to no level.
    #[schemars(with = "Option<String>")]
    pub(crate) positive: Option<Text>,
    /// Heading over negative indicators.
    #[schemars(with = "Option<String>")]
    pub(crate) negative: Option<Text>,
    /// Heading over indicators seen from the organisation's perspective.
    #[schemars(with = "Option<String>")]
    pub(crate) organisation: Option<Text>,
    /// Heading over indicators seen from the worker's perspective.
    #[schemars(with = "Option<String>")]
    pub(crate) worker: Option<Text>,
}

/// The rating scale: ordered levels, lowest first.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
#[schemars(rename = "Scale")]
pub(crate) struct RawScale {
    /// A level is met only when its indicators and those of every lower level are.
    #[serde(default)]
    pub(crate) cumulative: bool,
    /// The source defines no levels; the scale was added for recording ratings.
    #[serde(default)]
    pub(crate) added_for_rating: bool,
    /// A note shown with the scale.
    #[schemars(with = "Option<String>")]
    pub(crate) note: Option<Text>,
    /// Levels, lowest first.
    pub(crate) levels: Vec<RawLevel>,
}

/// One level of the scale; its rank is its position.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
#[schemars(rename = "Level")]
pub(crate) struct RawLevel {
    /// Short code used in files and on the command line (`"3"`, `D`, `engaged`).
    #[schemars(with = "String")]
    pub(crate) code: Text,
    /// Name shown to people (`Level 3`, `Engaged`).
    #[schemars(with = "String")]
    pub(crate) label: Text,
    /// What the level means.
    #[schemars(with = "Option<String>")]
    pub(crate) description: Option<Text>,
}

/// A group of competencies (core, management, ...).
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
#[schemars(rename = "Group")]
pub(crate) struct RawGroup {
    /// Group id, named by competencies' `group`.
    #[schemars(with = "String")]
    pub(crate) id: Text,
    /// The group's heading.
    #[schemars(with = "String")]
    pub(crate) name: Text,
    /// What the group holds.
    #[schemars(with = "Option<String>")]
    pub(crate) description: Option<Text>,
    /// Level code -> the source's description of that level for this group.
    #[serde(default)]
    pub(crate) level_descriptions: Pairs,
    /// The source applies the group's competencies only to roles that
    /// require them (Cherwell's management competencies): they are offered
    /// and accepted for other roles only when asked for.
    #[serde(default)]
    pub(crate) only_where_required: bool,
}

/// A competency: its indicators, or themes holding them, or both.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
#[schemars(rename = "Competency")]
pub(crate) struct RawCompetency {
    /// Competency id, used in role profiles and records.
    #[schemars(with = "String")]
    pub(crate) id: Text,
    /// The competency's name, as the source gives it.
    #[schemars(with = "String")]
    pub(crate) name: Text,
    /// A group id.
    #[schemars(with = "Option<String>")]
    pub(crate) group: Option<Text>,
    /// `person` (default) or `organisation`.
    #[schemars(with = "Option<String>", extend("enum" = ["person", "organisation", null]))]
    pub(crate) subject: Option<Text>,
    /// The source's definition or description.
    #[schemars(with = "Option<String>")]
    pub(crate) definition: Option<Text>,
    /// The source's "why is it important?".
    #[schemars(with = "Option<String>")]
    pub(crate) why: Option<Text>,
    /// Indicator blocks.
    #[serde(default)]
    pub(crate) indicators: Vec<RawBlock>,
    /// Themes or competency areas, each with indicators.
    #[serde(default)]
    pub(crate) themes: Vec<RawTheme>,
    /// Related standards, verbatim.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub(crate) standards: Vec<Text>,
}

/// A theme or area of a competency, with its own indicators.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
#[schemars(rename = "Theme")]
pub(crate) struct RawTheme {
    /// Theme id, unique within its competency.
    #[schemars(with = "String")]
    pub(crate) id: Text,
    /// The theme's name.
    #[schemars(with = "String")]
    pub(crate) name: Text,
    /// What the theme covers.
    #[schemars(with = "Option<String>")]
    pub(crate) description: Option<Text>,
    /// Indicator blocks.
    #[serde(default)]
    pub(crate) indicators: Vec<RawBlock>,
}

/// Indicators sharing a level, polarity and perspective.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
#[schemars(rename = "IndicatorBlock")]
pub(crate) struct RawBlock {
    /// A scale code; omitted for behaviours that belong to no level.
    #[schemars(with = "Option<String>")]
    pub(crate) level: Option<Text>,
    /// `positive` (default) or `negative`.
    #[schemars(with = "Option<String>", extend("enum" = ["positive", "negative", null]))]
    pub(crate) polarity: Option<Text>,
    /// `organisation` or `worker`.
    #[schemars(with = "Option<String>", extend("enum" = ["organisation", "worker", null]))]
    pub(crate) perspective: Option<Text>,
    /// The indicator sentences, in source order.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub(crate) items: Vec<Text>,
}

/// A role profile, in a framework file or a workspace's `roles/*.yaml`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
#[schemars(rename = "Role")]
pub(crate) struct RawRole {
    /// Role id, given to `gap --role`.
    #[schemars(with = "String")]
    pub(crate) id: Text,
    /// The role's title.
    #[schemars(with = "String")]
    pub(crate) name: Text,
    /// Framework id; required in `roles/*.yaml`, implied in a framework file.
    #[schemars(with = "Option<String>")]
    pub(crate) framework: Option<Text>,
    /// Inferred from the source's examples rather than stated by it.
    #[serde(default)]
    pub(crate) illustrative: bool,
    /// A note shown with the role.
    #[schemars(with = "Option<String>")]
    pub(crate) note: Option<Text>,
    /// Competency id -> required level code.
    #[serde(default)]
    pub(crate) required: Pairs,
    /// The source's person specification.
    #[serde(default)]
    pub(crate) person_specification: Vec<RawSpecificationArea>,
}

/// One area of a person specification, verbatim.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
#[schemars(rename = "SpecificationArea")]
pub(crate) struct RawSpecificationArea {
    /// The area's heading (Attainments, Skills, ...).
    #[schemars(with = "String")]
    pub(crate) area: Text,
    /// What is essential.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub(crate) essential: Vec<Text>,
    /// What is desirable.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub(crate) desirable: Vec<Text>,
    /// How each is assessed (Application, Interview, ...).
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub(crate) assessed_by: Vec<Text>,
}

/// A workspace role file, `roles/*.yaml`: role profiles, each naming its framework.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
#[schemars(rename = "RoleFile")]
pub(crate) struct RawRoleFile {
    /// The role profiles.
    pub(crate) roles: Vec<RawRole>,
}

/// A mapping kept in document order, each key and value with its location.
#[derive(Debug, Default)]
pub(crate) struct Pairs(pub(crate) Vec<(Text, Text)>);

/// In a schema, a mapping of text to text (ids to level codes, level codes
/// to descriptions).
impl JsonSchema for Pairs {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Pairs".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "object",
            "additionalProperties": { "type": "string" }
        })
    }

    fn inline_schema() -> bool {
        true
    }
}

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
