//! The objects of a CASE 1.1 package, as serde types whose JSON is the
//! package's: member names as the spec spells them, absent options left out.

use serde::Serialize;
use uuid::Uuid;

use crate::model::{Labels, Perspective, Polarity, Subject};

/// A CASE 1.1 `CFPackage`: the document and all of its parts.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct CfPackage {
    #[serde(rename = "CFDocument")]
    pub document: CfDocument,
    #[serde(rename = "CFItems")]
    pub items: Vec<CfItem>,
    #[serde(rename = "CFAssociations")]
    pub associations: Vec<CfAssociation>,
    #[serde(rename = "CFDefinitions")]
    pub definitions: CfDefinitions,
    #[serde(rename = "CFRubrics")]
    pub rubrics: Vec<CfRubric>,
}

/// The framework (a `CFPckgDocument`).
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct CfDocument {
    pub identifier: Uuid,
    pub uri: String,
    pub case_version: &'static str,
    /// The framework's publisher: CASE's "entity with authority that
    /// promulgates the competency framework".
    pub creator: String,
    pub title: String,
    pub last_change_date_time: String,
    #[serde(rename = "officialSourceURL", skip_serializing_if = "Option::is_none")]
    pub official_source_url: Option<String>,
    pub publisher: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The framework's fingerprint: it changes exactly when what ratings are
    /// made against (levels, competencies, indicators) changes, and records
    /// keep it, so a package can be matched with the records made against it.
    /// Many frameworks state no year.
    pub version: String,
    /// The licence, defined in `CFDefinitions.CFLicenses`.
    #[serde(rename = "licenseURI", skip_serializing_if = "Option::is_none")]
    pub license_uri: Option<LinkUri>,
    /// `Source: {source}`, then `Licence: {licence}` when there is one.
    pub notes: String,
    pub extensions: DocumentExtensions,
}

/// Facts about the framework with no field in `CFDocument`.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct DocumentExtensions {
    /// The framework's id in this tool.
    pub framework: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub year: Option<i64>,
    /// The source document, as titled.
    pub source: String,
    /// The headings over level-less, negative and perspective indicators.
    pub labels: Labels,
}

/// A group, competency, theme or indicator (a `CFPckgItem`).
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct CfItem {
    pub identifier: Uuid,
    pub uri: String,
    pub full_statement: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub abbreviated_statement: Option<String>,
    /// A group's or competency's id, `{competency}.{theme}` for a theme,
    /// `{parent's code}.{n}` for an indicator.
    pub human_coding_scheme: String,
    /// 1-based position within the parent, as in `sequenceNumber`.
    pub list_enumeration: String,
    #[serde(rename = "CFItemType")]
    pub item_type: &'static str,
    #[serde(rename = "CFItemTypeURI")]
    pub item_type_uri: LinkUri,
    pub last_change_date_time: String,
    pub extensions: ItemExtensions,
}

/// Facts about an item with no field in `CFItem`; absent ones are left out.
#[derive(Clone, Debug, Default, Serialize)]
pub(crate) struct ItemExtensions {
    /// The id of a group, competency or theme in this tool.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subject: Option<Subject>,
    /// The source's "why is it important?".
    #[serde(skip_serializing_if = "Option::is_none")]
    pub why: Option<String>,
    /// Related standards, verbatim.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub standards: Vec<String>,
    /// An indicator's scale code; absent for behaviours of no level.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub level: Option<String>,
    /// Present on every indicator.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub polarity: Option<Polarity>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub perspective: Option<Perspective>,
}

/// A `CFPckgAssociation`.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct CfAssociation {
    pub identifier: Uuid,
    pub association_type: AssociationType,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sequence_number: Option<usize>,
    pub uri: String,
    #[serde(rename = "originNodeURI")]
    pub origin_node_uri: LinkUri,
    #[serde(rename = "destinationNodeURI")]
    pub destination_node_uri: LinkUri,
    pub last_change_date_time: String,
}

/// The association types this export uses, from CASE's vocabulary.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) enum AssociationType {
    /// Origin is a child of the destination in the tree.
    IsChildOf,
    /// The destination (a rubric level) defines the origin's level.
    HasSkillLevel,
}

/// A link to another object: CASE's `LinkURI`, and `LinkGenURI` without
/// `targetType` (every link here is to an object in this package).
#[derive(Clone, Debug, Serialize)]
pub(crate) struct LinkUri {
    pub title: String,
    pub identifier: Uuid,
    pub uri: String,
}

/// The item types and the licence the package refers to.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct CfDefinitions {
    #[serde(rename = "CFItemTypes")]
    pub item_types: Vec<CfItemType>,
    #[serde(rename = "CFLicenses", skip_serializing_if = "Vec::is_empty")]
    pub licenses: Vec<CfLicense>,
}

/// A `CFItemType`. The same five, with the same identifiers, in every package.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct CfItemType {
    pub identifier: Uuid,
    pub uri: String,
    pub title: &'static str,
    pub description: &'static str,
    pub hierarchy_code: &'static str,
    pub type_code: &'static str,
    pub last_change_date_time: String,
}

/// A `CFLicense` holding the framework's licence text.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct CfLicense {
    pub identifier: Uuid,
    pub uri: String,
    pub title: String,
    pub license_text: String,
    pub last_change_date_time: String,
}

/// The framework's scale as a `CFRubric`.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct CfRubric {
    pub identifier: Uuid,
    pub uri: String,
    pub title: String,
    /// The scale's note.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    pub last_change_date_time: String,
    #[serde(rename = "CFRubricCriteria")]
    pub criteria: Vec<CfRubricCriterion>,
    pub extensions: RubricExtensions,
}

/// The scale's rules.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct RubricExtensions {
    /// A level is met only when its indicators and those of every lower level are.
    pub cumulative: bool,
    /// The source defines no levels; the scale was added so ratings can be recorded.
    pub added_for_rating: bool,
}

/// One competency's row of the rubric.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct CfRubricCriterion {
    pub identifier: Uuid,
    pub uri: String,
    /// The competency's group.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
    /// The competency's name.
    pub description: String,
    #[serde(rename = "CFItemURI")]
    pub item_uri: LinkUri,
    pub position: usize,
    pub rubric_id: Uuid,
    pub last_change_date_time: String,
    #[serde(rename = "CFRubricCriterionLevels")]
    pub levels: Vec<CfRubricCriterionLevel>,
}

/// One scale level of one competency.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct CfRubricCriterionLevel {
    pub identifier: Uuid,
    pub uri: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    pub quality: String,
    pub score: u32,
    pub position: u32,
    pub rubric_criterion_id: Uuid,
    pub last_change_date_time: String,
    /// One object holding the level's code. A list because CASE 1.1 gives
    /// this class's `extensions` multiplicity `[0..unbounded]` (the JSON
    /// Schema: an array of objects), unlike every other class's `[0..1]`.
    pub extensions: Vec<LevelExtension>,
}

/// The scale code of a rubric level.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct LevelExtension {
    pub level: String,
}
