//! Building a package: the tree of items, its associations and the rubric,
//! with identifiers derived from each object's path below the framework.

use uuid::Uuid;

use super::types::{
    AssociationType, CfAssociation, CfDefinitions, CfDocument, CfItem, CfItemType, CfLicense,
    CfPackage, CfRubric, CfRubricCriterion, CfRubricCriterionLevel, DocumentExtensions,
    ItemExtensions, LevelExtension, LinkUri, RubricExtensions,
};
use super::{CASE_VERSION, NAMESPACE, Options};
use crate::model::{Competency, Framework, Group, Indicator, Polarity, Theme};

/// The package of `framework`.
pub(crate) fn package(framework: &Framework, options: &Options) -> CfPackage {
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
        super::identifier(&self.framework.id, path)
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
