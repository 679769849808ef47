//! A framework as a CASE 1.1 package: the 1EdTech Competencies and Academic
//! Standards Exchange `CFPackage`, whose JSON is the serde form of
//! [`CfPackage`]. Pure: builds the package, never reads, prints or writes.
//!
//! What goes where (the spec leaves these to the implementer):
//!
//! - Items, in tree order: each group (`Competency Group`), each competency
//!   (`Competency`), each theme (`Theme`) and every indicator (`Indicator`, or
//!   `Contra-indicator` when its polarity is negative). An indicator's
//!   `fullStatement` is its text exactly as in the model. A group, competency
//!   or theme with a description or definition states that (the spec's
//!   `fullStatement` is "the textual content that … describes a specific
//!   competency"), with its name as `abbreviatedStatement`, which CASE tools
//!   show as the short label; without one, its name is the statement.
//! - The tree is `isChildOf` associations ("the source/origin is a child of
//!   the target/destination") with `sequenceNumber`, which the spec prefers
//!   to `listEnumeration`; both are given. Top-level groups, then competencies
//!   with no group, are children of the document.
//! - One rubric for the scale, with one criterion per competency (its
//!   `CFItemURI` names the competency's item, its `category` the group) and,
//!   in each, one level per scale level: `score` and `position` are the rank,
//!   `quality` the label, `description` the group's own description of that
//!   level where it has one (SSSC), else the level's. Criteria per competency,
//!   not one shared criterion, because a group can describe the levels in its
//!   own words and because each indicator can then point at its own
//!   competency's level.
//! - An indicator with a level has a `hasSkillLevel` association to that
//!   rubric level: "the destination of this association is understood to
//!   define a given skill level".
//! - Model facts with no CASE field go in `extensions`: an item's model `id`,
//!   an indicator's `polarity`, `level` and `perspective`, a competency's
//!   `subject`, `why` and `standards`, the scale's rules, the framework's id,
//!   year, source and headings.
//! - Items carry no `CFDocumentURI`: inside a package they are `CFPckgItem`s,
//!   which the spec defines without it (the official JSON Schema sets
//!   `additionalProperties: false`); they reach the document through
//!   `isChildOf`.
//!
//! Identifiers are name-based (version 5) UUIDs of a path below the framework id
//! (`competency:{framework}/competency/{id}/theme/{id}/indicator/{n}`), so
//! they are the same on every run and across versions of the framework, and
//! an importer updates rather than duplicates. `uri`s are `urn:uuid:{id}`, or
//! with a base URI `{base}/{CASE REST collection}/{id}`, which is where the
//! CASE REST binding serves each object (`{base}/CFItems/{id}`).

use serde::Serialize;
use uuid::Uuid;

use crate::model::{
    Competency, Framework, Group, Indicator, Labels, Perspective, Polarity, Subject, Theme,
};

/// The namespace of every identifier this module makes. Never change it:
/// identifiers are only stable while it stays the same.
pub const NAMESPACE: Uuid = Uuid::from_u128(0x1f5d_407c_b0e9_4f7d_9415_40fd_fd54_674a);

/// The CASE version the package declares in `CFDocument.caseVersion`.
pub const CASE_VERSION: &str = "1.1";

/// How the package is addressed and dated.
#[derive(Clone, Debug)]
pub struct Options {
    /// Where the objects are served, e.g. `https://example.org/ims/case/v1p1`:
    /// each `uri` is then `{base}/CFItems/{identifier}` (and so on per kind);
    /// `None` gives `urn:uuid:{identifier}`.
    pub base_uri: Option<String>,
    /// An ISO 8601 date-time (`2026-01-31T12:00:00Z`), used as every
    /// object's `lastChangeDateTime`.
    pub last_change: String,
    /// Where people can read the source document: `officialSourceURL`.
    pub official_source_url: Option<String>,
}

/// A CASE 1.1 `CFPackage`: the document and all of its parts.
#[derive(Clone, Debug, Serialize)]
pub struct CfPackage {
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
pub struct CfDocument {
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
pub struct DocumentExtensions {
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
pub struct CfItem {
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
pub struct ItemExtensions {
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
pub struct CfAssociation {
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
pub enum AssociationType {
    /// Origin is a child of the destination in the tree.
    IsChildOf,
    /// The destination (a rubric level) defines the origin's level.
    HasSkillLevel,
}

/// A link to another object: CASE's `LinkURI`, and `LinkGenURI` without
/// `targetType` (every link here is to an object in this package).
#[derive(Clone, Debug, Serialize)]
pub struct LinkUri {
    pub title: String,
    pub identifier: Uuid,
    pub uri: String,
}

/// The item types and the licence the package refers to.
#[derive(Clone, Debug, Serialize)]
pub struct CfDefinitions {
    #[serde(rename = "CFItemTypes")]
    pub item_types: Vec<CfItemType>,
    #[serde(rename = "CFLicenses", skip_serializing_if = "Vec::is_empty")]
    pub licenses: Vec<CfLicense>,
}

/// A `CFItemType`. The same five, with the same identifiers, in every package.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CfItemType {
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
pub struct CfLicense {
    pub identifier: Uuid,
    pub uri: String,
    pub title: String,
    pub license_text: String,
    pub last_change_date_time: String,
}

/// The framework's scale as a `CFRubric`.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CfRubric {
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
pub struct RubricExtensions {
    /// A level is met only when its indicators and those of every lower level are.
    pub cumulative: bool,
    /// The source defines no levels; the scale was added so ratings can be recorded.
    pub added_for_rating: bool,
}

/// One competency's row of the rubric.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CfRubricCriterion {
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
pub struct CfRubricCriterionLevel {
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
pub struct LevelExtension {
    pub level: String,
}

/// The package of `framework`.
pub fn package(framework: &Framework, options: &Options) -> CfPackage {
    let mut builder = Builder {
        framework,
        options,
        items: Vec::new(),
        associations: Vec::new(),
        rubric_levels: Vec::new(),
    };
    let document = builder.document();
    let root = Node::of_document(&document);
    // The rubric first: indicators link to its levels.
    let rubric = builder.rubric();
    builder.tree(&root);
    let definitions = CfDefinitions {
        item_types: ItemType::ALL
            .iter()
            .map(|t| builder.item_type(*t))
            .collect(),
        licenses: builder.license().into_iter().collect(),
    };
    CfPackage {
        document,
        items: builder.items,
        associations: builder.associations,
        definitions,
        rubrics: vec![rubric],
    }
}

/// The kinds of item, each a `CFItemType`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum ItemType {
    Group,
    Competency,
    Theme,
    Indicator,
    ContraIndicator,
}

impl ItemType {
    const ALL: [ItemType; 5] = [
        ItemType::Group,
        ItemType::Competency,
        ItemType::Theme,
        ItemType::Indicator,
        ItemType::ContraIndicator,
    ];

    fn title(self) -> &'static str {
        match self {
            ItemType::Group => "Competency Group",
            ItemType::Competency => "Competency",
            ItemType::Theme => "Theme",
            ItemType::Indicator => "Indicator",
            ItemType::ContraIndicator => "Contra-indicator",
        }
    }

    fn code(self) -> &'static str {
        match self {
            ItemType::Group => "competency-group",
            ItemType::Competency => "competency",
            ItemType::Theme => "theme",
            ItemType::Indicator => "indicator",
            ItemType::ContraIndicator => "contra-indicator",
        }
    }

    fn hierarchy_code(self) -> &'static str {
        match self {
            ItemType::Group => "1",
            ItemType::Competency => "2",
            ItemType::Theme => "3",
            ItemType::Indicator => "4",
            ItemType::ContraIndicator => "5",
        }
    }

    fn description(self) -> &'static str {
        match self {
            ItemType::Group => "A heading under which the framework groups competencies.",
            ItemType::Competency => "A competency, rated on the framework's scale.",
            ItemType::Theme => "A theme or area of a competency, holding some of its indicators.",
            ItemType::Indicator => {
                "A behaviour that shows the competency, verbatim from the source."
            }
            ItemType::ContraIndicator => {
                "A behaviour that shows the competency is lacking (negative polarity), verbatim from the source."
            }
        }
    }

    /// Item types are the same in every package, so their identifiers do not
    /// depend on the framework.
    fn identifier(self) -> Uuid {
        Uuid::new_v5(
            &NAMESPACE,
            format!("competency:item-type/{}", self.code()).as_bytes(),
        )
    }
}

/// An object that associations and criteria can point at.
struct Node {
    link: LinkUri,
    /// The identifier path below the framework (`competency/team-working`).
    path: String,
    /// The human coding scheme of an item; empty for the document.
    code: String,
}

impl Node {
    fn of_document(document: &CfDocument) -> Node {
        Node {
            link: LinkUri {
                title: document.title.clone(),
                identifier: document.identifier,
                uri: document.uri.clone(),
            },
            path: String::new(),
            code: String::new(),
        }
    }
}

/// What an item states and is called.
struct Statement {
    full: String,
    abbreviated: Option<String>,
}

impl Statement {
    /// The description when there is one, named by `name`; else the name.
    fn of(name: &str, description: Option<&String>) -> Statement {
        match description {
            Some(description) => Statement {
                full: description.clone(),
                abbreviated: Some(name.to_owned()),
            },
            None => Statement {
                full: name.to_owned(),
                abbreviated: None,
            },
        }
    }

    fn title(&self) -> &str {
        self.abbreviated.as_deref().unwrap_or(&self.full)
    }
}

/// An item to add below a parent.
struct NewItem {
    /// The identifier path below the framework.
    path: String,
    /// The human coding scheme.
    code: String,
    item_type: ItemType,
    statement: Statement,
    /// 1-based, among the parent's children.
    position: usize,
    extensions: ItemExtensions,
}

/// A rubric level, for `hasSkillLevel` associations.
struct RubricLevel {
    competency: String,
    level: String,
    link: LinkUri,
}

struct Builder<'a> {
    framework: &'a Framework,
    options: &'a Options,
    items: Vec<CfItem>,
    associations: Vec<CfAssociation>,
    rubric_levels: Vec<RubricLevel>,
}

impl Builder<'_> {
    /// The identifier of the object at `path` below the framework.
    fn identifier(&self, path: &str) -> Uuid {
        let name = if path.is_empty() {
            format!("competency:{}", self.framework.id)
        } else {
            format!("competency:{}/{path}", self.framework.id)
        };
        Uuid::new_v5(&NAMESPACE, name.as_bytes())
    }

    /// Where the object is served: `collection` is its CASE REST collection.
    fn uri(&self, collection: &str, identifier: Uuid) -> String {
        match &self.options.base_uri {
            Some(base) => format!("{}/{collection}/{identifier}", base.trim_end_matches('/')),
            None => format!("urn:uuid:{identifier}"),
        }
    }

    fn last_change(&self) -> String {
        self.options.last_change.clone()
    }

    fn document(&self) -> CfDocument {
        let f = self.framework;
        let identifier = self.identifier("");
        let mut notes = format!("Source: {}", f.source);
        if let Some(licence) = &f.licence {
            notes.push_str("\n\nLicence: ");
            notes.push_str(licence);
        }
        CfDocument {
            identifier,
            uri: self.uri("CFDocuments", identifier),
            case_version: CASE_VERSION,
            creator: f.publisher.clone(),
            title: f.name.clone(),
            last_change_date_time: self.last_change(),
            official_source_url: self.options.official_source_url.clone(),
            publisher: f.publisher.clone(),
            description: f.description.clone(),
            version: f.fingerprint.clone(),
            license_uri: self.license().map(|l| LinkUri {
                title: l.title,
                identifier: l.identifier,
                uri: l.uri,
            }),
            notes,
            extensions: DocumentExtensions {
                framework: f.id.clone(),
                year: f.year,
                source: f.source.clone(),
                labels: f.labels.clone(),
            },
        }
    }

    fn license(&self) -> Option<CfLicense> {
        let text = self.framework.licence.as_ref()?;
        let identifier = self.identifier("licence");
        Some(CfLicense {
            identifier,
            uri: self.uri("CFLicenses", identifier),
            title: format!("Licence of {}", self.framework.name),
            license_text: text.clone(),
            last_change_date_time: self.last_change(),
        })
    }

    fn item_type(&self, item_type: ItemType) -> CfItemType {
        let identifier = item_type.identifier();
        CfItemType {
            identifier,
            uri: self.uri("CFItemTypes", identifier),
            title: item_type.title(),
            description: item_type.description(),
            hierarchy_code: item_type.hierarchy_code(),
            type_code: item_type.code(),
            last_change_date_time: self.last_change(),
        }
    }

    /// Groups, then competencies with no group, under the document.
    fn tree(&mut self, root: &Node) {
        let f = self.framework;
        let mut position = 0;
        for group in &f.groups {
            position += 1;
            let node = self.group(root, group, position);
            let members = f
                .competencies
                .iter()
                .filter(|c| c.group.as_deref() == Some(group.id.as_str()));
            for (i, competency) in members.enumerate() {
                self.competency(&node, competency, i + 1);
            }
        }
        let ungrouped = f
            .competencies
            .iter()
            .filter(|c| c.group.as_deref().and_then(|g| f.group(g)).is_none());
        for competency in ungrouped {
            position += 1;
            self.competency(root, competency, position);
        }
    }

    fn group(&mut self, parent: &Node, group: &Group, position: usize) -> Node {
        let statement = Statement::of(&group.name, group.description.as_ref());
        let extensions = ItemExtensions {
            id: Some(group.id.clone()),
            ..ItemExtensions::default()
        };
        self.item(
            parent,
            NewItem {
                path: format!("group/{}", group.id),
                code: group.id.clone(),
                item_type: ItemType::Group,
                statement,
                position,
                extensions,
            },
        )
    }

    fn competency(&mut self, parent: &Node, competency: &Competency, position: usize) {
        let statement = Statement::of(&competency.name, competency.definition.as_ref());
        let extensions = ItemExtensions {
            id: Some(competency.id.clone()),
            subject: Some(competency.subject),
            why: competency.why.clone(),
            standards: competency.standards.clone(),
            ..ItemExtensions::default()
        };
        let node = self.item(
            parent,
            NewItem {
                path: format!("competency/{}", competency.id),
                code: competency.id.clone(),
                item_type: ItemType::Competency,
                statement,
                position,
                extensions,
            },
        );
        self.indicators(&node, competency, &competency.indicators);
        for (i, theme) in competency.themes.iter().enumerate() {
            let position = competency.indicators.len() + i + 1;
            let node = self.theme(&node, competency, theme, position);
            self.indicators(&node, competency, &theme.indicators);
        }
    }

    fn theme(
        &mut self,
        parent: &Node,
        competency: &Competency,
        theme: &Theme,
        position: usize,
    ) -> Node {
        let statement = Statement::of(&theme.name, theme.description.as_ref());
        let extensions = ItemExtensions {
            id: Some(theme.id.clone()),
            ..ItemExtensions::default()
        };
        self.item(
            parent,
            NewItem {
                path: format!("{}/theme/{}", parent.path, theme.id),
                code: format!("{}.{}", competency.id, theme.id),
                item_type: ItemType::Theme,
                statement,
                position,
                extensions,
            },
        )
    }

    /// A competency's or theme's own indicators, numbered from 1.
    fn indicators(&mut self, parent: &Node, competency: &Competency, indicators: &[Indicator]) {
        for (i, indicator) in indicators.iter().enumerate() {
            let n = i + 1;
            let item_type = match indicator.polarity {
                Polarity::Positive => ItemType::Indicator,
                Polarity::Negative => ItemType::ContraIndicator,
            };
            let statement = Statement {
                full: indicator.text.clone(),
                abbreviated: None,
            };
            let extensions = ItemExtensions {
                level: indicator.level.clone(),
                polarity: Some(indicator.polarity),
                perspective: indicator.perspective,
                ..ItemExtensions::default()
            };
            let node = self.item(
                parent,
                NewItem {
                    path: format!("{}/indicator/{n}", parent.path),
                    code: format!("{}.{n}", parent.code),
                    item_type,
                    statement,
                    position: n,
                    extensions,
                },
            );
            if let Some(level) = &indicator.level {
                let destination = self
                    .rubric_levels
                    .iter()
                    .find(|l| l.competency == competency.id && l.level == *level)
                    .map(|l| l.link.clone());
                if let Some(destination) = destination {
                    self.associate(
                        AssociationType::HasSkillLevel,
                        &node.link,
                        destination,
                        None,
                    );
                }
            }
        }
    }

    /// Add an item and its `isChildOf` association to `parent`.
    fn item(&mut self, parent: &Node, new: NewItem) -> Node {
        let NewItem {
            path,
            code,
            item_type,
            statement,
            position,
            extensions,
        } = new;
        let identifier = self.identifier(&path);
        let uri = self.uri("CFItems", identifier);
        let link = LinkUri {
            title: statement.title().to_owned(),
            identifier,
            uri: uri.clone(),
        };
        let type_identifier = item_type.identifier();
        self.items.push(CfItem {
            identifier,
            uri,
            full_statement: statement.full,
            abbreviated_statement: statement.abbreviated,
            human_coding_scheme: code.clone(),
            list_enumeration: position.to_string(),
            item_type: item_type.title(),
            item_type_uri: LinkUri {
                title: item_type.title().to_owned(),
                identifier: type_identifier,
                uri: self.uri("CFItemTypes", type_identifier),
            },
            last_change_date_time: self.last_change(),
            extensions,
        });
        self.associate(
            AssociationType::IsChildOf,
            &link,
            parent.link.clone(),
            Some(position),
        );
        Node { link, path, code }
    }

    fn associate(
        &mut self,
        association_type: AssociationType,
        origin: &LinkUri,
        destination: LinkUri,
        sequence_number: Option<usize>,
    ) {
        let kind = match association_type {
            AssociationType::IsChildOf => "isChildOf",
            AssociationType::HasSkillLevel => "hasSkillLevel",
        };
        let identifier = self.identifier(&format!(
            "association/{kind}/{}/{}",
            origin.identifier, destination.identifier
        ));
        self.associations.push(CfAssociation {
            identifier,
            association_type,
            sequence_number,
            uri: self.uri("CFAssociations", identifier),
            origin_node_uri: origin.clone(),
            destination_node_uri: destination,
            last_change_date_time: self.last_change(),
        });
    }

    /// The scale as a rubric; records its levels for `hasSkillLevel`.
    fn rubric(&mut self) -> CfRubric {
        let f = self.framework;
        let identifier = self.identifier("rubric");
        let criteria = f
            .competencies
            .iter()
            .enumerate()
            .map(|(i, c)| self.criterion(identifier, c, i + 1))
            .collect();
        CfRubric {
            identifier,
            uri: self.uri("CFRubrics", identifier),
            title: format!("{}: levels", f.name),
            description: f.scale.note.clone(),
            last_change_date_time: self.last_change(),
            criteria,
            extensions: RubricExtensions {
                cumulative: f.scale.cumulative,
                added_for_rating: f.scale.added_for_rating,
            },
        }
    }

    fn criterion(
        &mut self,
        rubric: Uuid,
        competency: &Competency,
        position: usize,
    ) -> CfRubricCriterion {
        let f = self.framework;
        let path = format!("rubric/competency/{}", competency.id);
        let identifier = self.identifier(&path);
        let group = competency.group.as_deref().and_then(|g| f.group(g));
        let item = self.identifier(&format!("competency/{}", competency.id));
        let mut levels = Vec::new();
        for level in &f.scale.levels {
            let level_identifier = self.identifier(&format!("{path}/level/{}", level.code));
            let uri = self.uri("CFRubricCriterionLevels", level_identifier);
            let description = group
                .and_then(|g| {
                    g.level_descriptions
                        .iter()
                        .find(|(code, _)| *code == level.code)
                })
                .map(|(_, text)| text.clone())
                .or_else(|| level.description.clone());
            self.rubric_levels.push(RubricLevel {
                competency: competency.id.clone(),
                level: level.code.clone(),
                link: LinkUri {
                    title: level.label.clone(),
                    identifier: level_identifier,
                    uri: uri.clone(),
                },
            });
            levels.push(CfRubricCriterionLevel {
                identifier: level_identifier,
                uri,
                description,
                quality: level.label.clone(),
                score: level.rank,
                position: level.rank,
                rubric_criterion_id: identifier,
                last_change_date_time: self.last_change(),
                extensions: vec![LevelExtension {
                    level: level.code.clone(),
                }],
            });
        }
        CfRubricCriterion {
            identifier,
            uri: self.uri("CFRubricCriteria", identifier),
            category: group.map(|g| g.name.clone()),
            description: competency.name.clone(),
            item_uri: LinkUri {
                title: competency.name.clone(),
                identifier: item,
                uri: self.uri("CFItems", item),
            },
            position,
            rubric_id: rubric,
            last_change_date_time: self.last_change(),
            levels,
        }
    }
}

#[cfg(test)]
mod tests {
    use std::collections::{HashMap, HashSet};
    use std::path::Path;

    use serde_json::Value;

    use super::*;
    use crate::catalog::Catalog;
    use crate::framework_file::framework_from_str;

    const WHEN: &str = "2026-01-31T12:00:00Z";
    const BASE: &str = "https://example.org/ims/case/v1p1";

    fn options() -> Options {
        Options {
            base_uri: None,
            last_change: WHEN.to_owned(),
            official_source_url: None,
        }
    }

    fn with_base() -> Options {
        Options {
            base_uri: Some(format!("{BASE}/")),
            ..options()
        }
    }

    fn bundled() -> Vec<Framework> {
        let catalog = Catalog::bundled();
        let ids: Vec<String> = catalog.framework_ids().map(str::to_owned).collect();
        assert_eq!(ids.len(), 5);
        ids.iter()
            .map(|id| catalog.framework(id).unwrap().clone())
            .collect()
    }

    fn json(framework: &Framework, options: &Options) -> Value {
        serde_json::to_value(package(framework, options)).unwrap()
    }

    fn list<'a>(value: &'a Value, key: &str) -> &'a Vec<Value> {
        value[key]
            .as_array()
            .unwrap_or_else(|| panic!("`{key}` is not a list in {value}"))
    }

    fn text<'a>(value: &'a Value, key: &str) -> &'a str {
        value[key]
            .as_str()
            .unwrap_or_else(|| panic!("`{key}` is not a string in {value}"))
    }

    /// Lowercase 8-4-4-4-12, version 5, RFC 4122 variant: inside CASE's pattern.
    fn is_case_uuid(text: &str) -> bool {
        Uuid::parse_str(text).is_ok_and(|u| {
            u.hyphenated().to_string() == text
                && u.get_version_num() == 5
                && u.get_variant() == uuid::Variant::RFC4122
        })
    }

    fn items_of_type<'a>(package: &'a Value, types: &[&str]) -> Vec<&'a Value> {
        list(package, "CFItems")
            .iter()
            .filter(|i| types.contains(&text(i, "CFItemType")))
            .collect()
    }

    fn associations_of_type<'a>(package: &'a Value, kind: &str) -> Vec<&'a Value> {
        list(package, "CFAssociations")
            .iter()
            .filter(|a| text(a, "associationType") == kind)
            .collect()
    }

    fn rubric(package: &Value) -> &Value {
        let rubrics = list(package, "CFRubrics");
        assert_eq!(rubrics.len(), 1);
        &rubrics[0]
    }

    fn criterion_levels(package: &Value) -> Vec<&Value> {
        list(rubric(package), "CFRubricCriteria")
            .iter()
            .flat_map(|c| list(c, "CFRubricCriterionLevels"))
            .collect()
    }

    /// Every object that has an identifier of its own, with the REST
    /// collection its `uri` names.
    fn objects(package: &Value) -> Vec<(&'static str, &Value)> {
        let mut out = vec![("CFDocuments", &package["CFDocument"])];
        out.extend(list(package, "CFItems").iter().map(|v| ("CFItems", v)));
        let associations = list(package, "CFAssociations");
        out.extend(associations.iter().map(|v| ("CFAssociations", v)));
        let rubric = rubric(package);
        out.push(("CFRubrics", rubric));
        for criterion in list(rubric, "CFRubricCriteria") {
            out.push(("CFRubricCriteria", criterion));
            let levels = list(criterion, "CFRubricCriterionLevels");
            out.extend(levels.iter().map(|v| ("CFRubricCriterionLevels", v)));
        }
        let definitions = &package["CFDefinitions"];
        let types = list(definitions, "CFItemTypes");
        out.extend(types.iter().map(|v| ("CFItemTypes", v)));
        if let Some(licences) = definitions["CFLicenses"].as_array() {
            out.extend(licences.iter().map(|v| ("CFLicenses", v)));
        }
        out
    }

    /// Item identifier -> its parent's identifier, from `isChildOf`.
    fn parents(package: &Value) -> HashMap<&str, &str> {
        let mut parents = HashMap::new();
        for a in associations_of_type(package, "isChildOf") {
            let child = text(&a["originNodeURI"], "identifier");
            let parent = text(&a["destinationNodeURI"], "identifier");
            assert!(parents.insert(child, parent).is_none(), "two parents: {a}");
        }
        parents
    }

    fn has_link(value: &Value) -> bool {
        ["title", "identifier", "uri"]
            .iter()
            .all(|k| value[k].as_str().is_some_and(|s| !s.is_empty()))
    }

    #[test]
    fn every_object_has_the_fields_case_requires() {
        for framework in bundled() {
            let p = json(&framework, &options());
            for (_, object) in objects(&p) {
                assert!(is_case_uuid(text(object, "identifier")), "{object}");
                assert!(!text(object, "uri").is_empty(), "{object}");
                assert_eq!(text(object, "lastChangeDateTime"), WHEN, "{object}");
            }
            let document = &p["CFDocument"];
            assert_eq!(text(document, "creator"), framework.publisher);
            assert_eq!(text(document, "title"), framework.name);
            assert_eq!(text(document, "caseVersion"), "1.1");
            assert_eq!(text(document, "version"), framework.fingerprint);
            assert!(text(document, "notes").contains(&framework.source));
            assert!(document.get("officialSourceURL").is_none());
            for item in list(&p, "CFItems") {
                assert!(!text(item, "fullStatement").is_empty(), "{item}");
                assert!(!text(item, "humanCodingScheme").is_empty(), "{item}");
                assert!(text(item, "listEnumeration").parse::<usize>().unwrap() >= 1);
                assert!(has_link(&item["CFItemTypeURI"]), "{item}");
                // A CFPckgItem has no CFDocumentURI: the official schema
                // forbids members it does not define.
                assert!(item.get("CFDocumentURI").is_none(), "{item}");
            }
            for association in list(&p, "CFAssociations") {
                assert!(has_link(&association["originNodeURI"]), "{association}");
                assert!(
                    has_link(&association["destinationNodeURI"]),
                    "{association}"
                );
            }
            for item_type in list(&p["CFDefinitions"], "CFItemTypes") {
                for key in ["title", "description", "hierarchyCode"] {
                    assert!(!text(item_type, key).is_empty(), "{item_type}");
                }
            }
            let licences = p["CFDefinitions"]["CFLicenses"].as_array();
            assert_eq!(
                licences.map(Vec::len),
                framework.licence.as_ref().map(|_| 1)
            );
            for licence in licences.into_iter().flatten() {
                assert_eq!(
                    Some(text(licence, "licenseText")),
                    framework.licence.as_deref()
                );
                let link = &document["licenseURI"];
                assert_eq!(link["identifier"], licence["identifier"]);
            }
        }
    }

    #[test]
    fn every_item_is_a_descendant_of_the_document() {
        for framework in bundled() {
            let p = json(&framework, &options());
            let document = text(&p["CFDocument"], "identifier");
            let parents = parents(&p);
            let items = list(&p, "CFItems");
            assert_eq!(parents.len(), items.len());
            for item in items {
                let mut node = text(item, "identifier");
                for _ in 0..items.len() {
                    if node == document {
                        break;
                    }
                    node = parents[node];
                }
                assert_eq!(node, document, "{item}");
            }
        }
    }

    #[test]
    fn every_association_joins_objects_of_the_package() {
        for framework in bundled() {
            for options in [options(), with_base()] {
                let p = json(&framework, &options);
                let document = &p["CFDocument"];
                let items = list(&p, "CFItems");
                let levels = criterion_levels(&p);
                let uri_of: HashMap<&str, &str> = std::iter::once(document)
                    .chain(items)
                    .chain(levels.iter().copied())
                    .map(|o| (text(o, "identifier"), text(o, "uri")))
                    .collect();
                let item_ids: HashSet<&str> = items.iter().map(|i| text(i, "identifier")).collect();
                let level_ids: HashSet<&str> =
                    levels.iter().map(|l| text(l, "identifier")).collect();
                for a in list(&p, "CFAssociations") {
                    for end in ["originNodeURI", "destinationNodeURI"] {
                        let link = &a[end];
                        let target = uri_of.get(text(link, "identifier"));
                        assert_eq!(target, Some(&text(link, "uri")), "{end} of {a}");
                    }
                    let origin = text(&a["originNodeURI"], "identifier");
                    let destination = text(&a["destinationNodeURI"], "identifier");
                    assert!(item_ids.contains(origin), "{a}");
                    match text(a, "associationType") {
                        "isChildOf" => assert!(!level_ids.contains(destination), "{a}"),
                        "hasSkillLevel" => assert!(level_ids.contains(destination), "{a}"),
                        other => panic!("unexpected association type `{other}`"),
                    }
                    let is_child_of = text(a, "associationType") == "isChildOf";
                    assert_eq!(a["sequenceNumber"].is_u64(), is_child_of, "{a}");
                }
                for criterion in list(rubric(&p), "CFRubricCriteria") {
                    let item = &criterion["CFItemURI"];
                    let target = uri_of.get(text(item, "identifier"));
                    assert_eq!(target, Some(&text(item, "uri")), "{criterion}");
                }
            }
        }
    }

    #[test]
    fn every_indicator_is_one_item_holding_its_text_verbatim() {
        for framework in bundled() {
            let p = json(&framework, &options());
            let indicators = items_of_type(&p, &["Indicator", "Contra-indicator"]);
            assert_eq!(
                indicators.len(),
                framework.indicator_count(),
                "{}",
                framework.id
            );
            let items = list(&p, "CFItems");
            for competency in &framework.competencies {
                for indicator in competency.all_indicators() {
                    let same: Vec<&Value> = items
                        .iter()
                        .filter(|i| text(i, "fullStatement") == indicator.text)
                        .collect();
                    assert_eq!(same.len(), 1, "{:?}", indicator.text);
                    let item = same[0];
                    let expected_type = match indicator.polarity {
                        Polarity::Positive => "Indicator",
                        Polarity::Negative => "Contra-indicator",
                    };
                    assert_eq!(text(item, "CFItemType"), expected_type);
                    let extensions = &item["extensions"];
                    assert_eq!(extensions["level"].as_str(), indicator.level.as_deref());
                    assert_eq!(
                        extensions["polarity"],
                        serde_json::to_value(indicator.polarity).unwrap()
                    );
                    assert_eq!(
                        extensions["perspective"],
                        serde_json::to_value(indicator.perspective).unwrap()
                    );
                }
            }
        }
    }

    #[test]
    fn every_indicator_with_a_level_points_at_its_competencys_rubric_level() {
        for framework in bundled() {
            let p = json(&framework, &options());
            let items: HashMap<&str, &Value> = list(&p, "CFItems")
                .iter()
                .map(|i| (text(i, "identifier"), i))
                .collect();
            let parents = parents(&p);
            let mut level_of = HashMap::new();
            for criterion in list(rubric(&p), "CFRubricCriteria") {
                let competency = text(&criterion["CFItemURI"], "identifier");
                for level in list(criterion, "CFRubricCriterionLevels") {
                    let code = text(&level["extensions"][0], "level");
                    level_of.insert(text(level, "identifier"), (competency, code));
                }
            }
            let links = associations_of_type(&p, "hasSkillLevel");
            let with_level = framework
                .competencies
                .iter()
                .flat_map(Competency::all_indicators)
                .filter(|i| i.level.is_some())
                .count();
            assert_eq!(links.len(), with_level, "{}", framework.id);
            for link in links {
                let indicator = items[text(&link["originNodeURI"], "identifier")];
                let mut ancestor = text(indicator, "identifier");
                while text(items[ancestor], "CFItemType") != "Competency" {
                    ancestor = parents[ancestor];
                }
                let level = level_of[text(&link["destinationNodeURI"], "identifier")];
                assert_eq!(level, (ancestor, text(&indicator["extensions"], "level")));
            }
        }
    }

    #[test]
    fn the_rubric_has_every_scale_level_for_every_competency() {
        for framework in bundled() {
            let p = json(&framework, &options());
            let rubric = rubric(&p);
            let criteria = list(rubric, "CFRubricCriteria");
            assert_eq!(criteria.len(), framework.competencies.len());
            let competency_items: HashMap<&str, &Value> = items_of_type(&p, &["Competency"])
                .into_iter()
                .map(|i| (text(i, "identifier"), i))
                .collect();
            for (criterion, competency) in criteria.iter().zip(&framework.competencies) {
                assert_eq!(criterion["rubricId"], rubric["identifier"]);
                assert_eq!(text(criterion, "description"), competency.name);
                let item = competency_items[text(&criterion["CFItemURI"], "identifier")];
                assert_eq!(
                    item["extensions"]["id"].as_str(),
                    Some(competency.id.as_str())
                );
                let levels = list(criterion, "CFRubricCriterionLevels");
                assert_eq!(levels.len(), framework.scale.levels.len());
                for (level, scale_level) in levels.iter().zip(&framework.scale.levels) {
                    assert_eq!(level["rubricCriterionId"], criterion["identifier"]);
                    assert_eq!(level["score"].as_u64(), Some(u64::from(scale_level.rank)));
                    assert_eq!(
                        level["position"].as_u64(),
                        Some(u64::from(scale_level.rank))
                    );
                    assert_eq!(text(level, "quality"), scale_level.label);
                    assert_eq!(text(&level["extensions"][0], "level"), scale_level.code);
                    let group = competency.group.as_deref().and_then(|g| framework.group(g));
                    let own = group.and_then(|g| {
                        g.level_descriptions
                            .iter()
                            .find(|(code, _)| *code == scale_level.code)
                            .map(|(_, text)| text.as_str())
                    });
                    let expected = own.or(scale_level.description.as_deref());
                    assert_eq!(level["description"].as_str(), expected);
                }
            }
        }
    }

    #[test]
    fn sssc_levels_are_described_in_each_groups_own_words() {
        let catalog = Catalog::bundled();
        let sssc = catalog.framework("sssc-clf").unwrap();
        let p = json(sssc, &options());
        let descriptions: HashSet<&str> = criterion_levels(&p)
            .iter()
            .filter(|l| text(&l["extensions"][0], "level") == "engaged")
            .map(|l| text(l, "description"))
            .collect();
        // Personal and organisational capabilities describe the stages
        // differently (two personal groups share one text).
        let groups_words: HashSet<&str> = sssc
            .groups
            .iter()
            .flat_map(|g| &g.level_descriptions)
            .filter(|(code, _)| code == "engaged")
            .map(|(_, text)| text.as_str())
            .collect();
        assert_eq!(groups_words.len(), 2);
        assert_eq!(descriptions, groups_words);
    }

    #[test]
    fn identifiers_are_unique_and_the_same_on_every_run() {
        let mut seen = HashSet::new();
        for framework in bundled() {
            let first = json(&framework, &options());
            assert_eq!(first, json(&framework, &options()));
            for (collection, object) in objects(&first) {
                // Item types are shared by every package, on purpose.
                if collection != "CFItemTypes" {
                    let id = text(object, "identifier").to_owned();
                    assert!(seen.insert(id), "{object}");
                }
            }
        }
    }

    #[test]
    fn identifiers_follow_paths_not_content() {
        let catalog = Catalog::bundled();
        let wdcvs = catalog.framework("wdcvs").unwrap();
        let p = json(wdcvs, &options());
        let expected = |name: &str| Uuid::new_v5(&NAMESPACE, name.as_bytes()).to_string();
        assert_eq!(
            text(&p["CFDocument"], "identifier"),
            expected("competency:wdcvs")
        );
        let team_working = items_of_type(&p, &["Competency"])[0];
        assert_eq!(
            text(team_working, "identifier"),
            expected("competency:wdcvs/competency/team-working")
        );
        let first_indicator = items_of_type(&p, &["Indicator"])[0];
        assert_eq!(
            text(first_indicator, "identifier"),
            expected("competency:wdcvs/competency/team-working/indicator/1")
        );
        assert_eq!(text(first_indicator, "humanCodingScheme"), "team-working.1");

        // A new version of the text keeps every identifier.
        let mut revised = wdcvs.clone();
        revised.name.push_str(" (revised)");
        revised.fingerprint = "sha256:0000000000000000".to_owned();
        revised.competencies[0].indicators[0]
            .text
            .push_str(" promptly");
        let ids = |p: &Value| -> Vec<String> {
            objects(p)
                .iter()
                .map(|(_, o)| text(o, "identifier").to_owned())
                .collect()
        };
        let revised = json(&revised, &options());
        assert_ne!(p, revised);
        assert_eq!(ids(&p), ids(&revised));
    }

    #[test]
    fn a_base_uri_changes_the_uris_but_not_the_identifiers() {
        for framework in bundled() {
            let plain = json(&framework, &options());
            let based = json(&framework, &with_base());
            let plain = objects(&plain);
            let based = objects(&based);
            assert_eq!(plain.len(), based.len());
            for ((collection, a), (_, b)) in plain.iter().zip(&based) {
                let id = text(a, "identifier");
                assert_eq!(id, text(b, "identifier"));
                assert_eq!(text(a, "uri"), format!("urn:uuid:{id}"));
                assert_eq!(text(b, "uri"), format!("{BASE}/{collection}/{id}"));
            }
        }
    }

    #[test]
    fn the_package_is_json_with_the_case_member_names() {
        for framework in bundled() {
            let options = Options {
                official_source_url: Some("https://example.org/source.pdf".to_owned()),
                ..options()
            };
            let p = package(&framework, &options);
            let text = serde_json::to_string_pretty(&p).unwrap();
            let parsed: Value = serde_json::from_str(&text).unwrap();
            assert_eq!(parsed, serde_json::to_value(&p).unwrap());
            let keys: Vec<&str> = parsed
                .as_object()
                .unwrap()
                .keys()
                .map(String::as_str)
                .collect();
            assert_eq!(
                keys,
                [
                    "CFAssociations",
                    "CFDefinitions",
                    "CFDocument",
                    "CFItems",
                    "CFRubrics"
                ]
            );
            assert_eq!(
                parsed["CFDocument"]["officialSourceURL"],
                "https://example.org/source.pdf"
            );
        }
    }

    #[test]
    fn items_and_associations_add_up() {
        for framework in bundled() {
            let p = package(&framework, &options());
            let themes: usize = framework.competencies.iter().map(|c| c.themes.len()).sum();
            let with_level = framework
                .competencies
                .iter()
                .flat_map(Competency::all_indicators)
                .filter(|i| i.level.is_some())
                .count();
            let items = framework.groups.len()
                + framework.competencies.len()
                + themes
                + framework.indicator_count();
            assert_eq!(p.items.len(), items, "{}", framework.id);
            assert_eq!(p.associations.len(), items + with_level, "{}", framework.id);
        }
    }

    #[test]
    fn a_small_framework_as_a_package() {
        let yaml = r"
id: t
name: T
publisher: P
year: 2020
source: S
licence: L
description: D
labels:
  negative: Not going well
scale:
  cumulative: true
  note: N
  levels:
    - {code: a, label: A, description: The lower level}
    - {code: b, label: B}
groups:
  - id: g
    name: G
    level-descriptions:
      a: A, in the group's words
competencies:
  - id: one
    name: One
    group: g
    definition: What one is.
    why: Why one matters.
    indicators:
      - level: a
        items: [Does one at a.]
      - polarity: negative
        items: [Fails at one.]
  - id: two
    name: Two
    subject: organisation
    themes:
      - id: th
        name: Th
        indicators:
          - level: b
            perspective: worker
            items: [Does two at b.]
";
        let framework = framework_from_str(Path::new("t.yaml"), yaml, None)
            .ok()
            .unwrap();
        insta::assert_json_snapshot!(package(&framework, &options()));
    }
}
