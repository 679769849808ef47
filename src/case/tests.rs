//! The package of every bundled framework, checked against what CASE 1.1
//! requires of each class and against the model it came from.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use serde_json::Value;

use super::*;
use crate::catalog::Catalog;
use crate::framework_file::framework_from_str;
use crate::model::{Competency, Framework, Polarity};

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
            let level_ids: HashSet<&str> = levels.iter().map(|l| text(l, "identifier")).collect();
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
    insta::assert_json_snapshot!(
        "a_small_framework_as_a_package",
        package(&framework, &options())
    );
}
