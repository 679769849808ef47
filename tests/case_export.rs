//! `show FW --format case`: a CASE 1.1 package from the real binary.

use std::collections::HashSet;

use serde_json::Value;

use crate::assess::Workspace;
use crate::common::{competency, run};

const FRAMEWORKS: [&str; 5] = ["ombudsman", "arun", "cherwell-snc", "wdcvs", "sssc-clf"];

fn case(cmd: &mut std::process::Command) -> (String, Value) {
    let (code, stdout, stderr) = run(cmd);
    assert_eq!((code, stderr.as_str()), (0, ""));
    let json = serde_json::from_str(&stdout).unwrap();
    (stdout, json)
}

fn list<'a>(value: &'a Value, key: &str) -> &'a Vec<Value> {
    value[key]
        .as_array()
        .unwrap_or_else(|| panic!("no list `{key}` in {value}"))
}

/// Every member named is a non-empty string.
fn has_text(object: &Value, keys: &[&str]) {
    for key in keys {
        assert!(
            object[key].as_str().is_some_and(|s| !s.is_empty()),
            "no `{key}` in {object}"
        );
    }
}

/// A `LinkURI`: title, identifier and uri.
fn is_link(object: &Value) {
    has_text(object, &["title", "identifier", "uri"]);
}

#[test]
fn every_bundled_framework_is_a_case_package_with_the_required_fields() {
    for id in FRAMEWORKS {
        let (first, p) = case(competency().args(["show", id, "--format", "case"]));
        let (second, _) = case(competency().args(["show", id, "--format", "case"]));
        assert_eq!(first, second, "{id}: not the same on a second run");

        let document = &p["CFDocument"];
        has_text(
            document,
            &[
                "identifier",
                "uri",
                "creator",
                "title",
                "lastChangeDateTime",
                "caseVersion",
                "version",
            ],
        );
        assert_eq!(document["caseVersion"], "1.1");
        assert!(document["uri"].as_str().unwrap().starts_with("urn:uuid:"));
        // No bundled source document gives its own web address.
        assert!(document.get("officialSourceURL").is_none(), "{id}");

        let mut ids = HashSet::from([document["identifier"].as_str().unwrap()]);
        for item in list(&p, "CFItems") {
            has_text(
                item,
                &[
                    "identifier",
                    "uri",
                    "fullStatement",
                    "humanCodingScheme",
                    "CFItemType",
                    "lastChangeDateTime",
                ],
            );
            is_link(&item["CFItemTypeURI"]);
            assert!(ids.insert(item["identifier"].as_str().unwrap()), "{item}");
        }
        let rubrics = list(&p, "CFRubrics");
        assert_eq!(rubrics.len(), 1);
        for criterion in list(&rubrics[0], "CFRubricCriteria") {
            is_link(&criterion["CFItemURI"]);
            for level in list(criterion, "CFRubricCriterionLevels") {
                has_text(
                    level,
                    &["identifier", "uri", "quality", "lastChangeDateTime"],
                );
                assert!(level["score"].as_u64().is_some_and(|s| s >= 1));
                ids.insert(level["identifier"].as_str().unwrap());
            }
        }
        let associations = list(&p, "CFAssociations");
        assert!(!associations.is_empty());
        for a in associations {
            has_text(
                a,
                &["identifier", "associationType", "uri", "lastChangeDateTime"],
            );
            for end in ["originNodeURI", "destinationNodeURI"] {
                is_link(&a[end]);
                let target = a[end]["identifier"].as_str().unwrap();
                assert!(
                    ids.contains(target),
                    "{id}: {end} of {a} is not in the package"
                );
            }
        }
        for item_type in list(&p["CFDefinitions"], "CFItemTypes") {
            has_text(
                item_type,
                &["identifier", "uri", "title", "description", "hierarchyCode"],
            );
        }
    }
}

#[test]
fn a_bundled_framework_is_dated_when_this_project_last_changed_its_text() {
    let (_, p) = case(competency().args(["show", "wdcvs", "--format", "case"]));
    assert_eq!(
        p["CFDocument"]["lastChangeDateTime"],
        "2026-11-25T22:05:24Z"
    );
    let mut document = p["CFDocument"].clone();
    // The licence and source texts are long; the rest shows the shape.
    document["notes"] = Value::from("…");
    insta::assert_json_snapshot!(
        "a_bundled_framework_is_dated_when_this_project_last_changed_its_text",
        document
    );
}

#[test]
fn a_base_uri_gives_every_object_an_address_under_it() {
    let (_, plain) = case(competency().args(["show", "arun", "--format", "case"]));
    let (_, based) = case(competency().args([
        "show",
        "arun",
        "--format",
        "case",
        "--base-uri",
        "https://example.org/ims/case/v1p1/",
    ]));
    let document = &based["CFDocument"];
    let identifier = document["identifier"].as_str().unwrap();
    assert_eq!(plain["CFDocument"]["identifier"], identifier);
    assert_eq!(
        document["uri"],
        format!("https://example.org/ims/case/v1p1/CFDocuments/{identifier}")
    );
    let item = &list(&based, "CFItems")[0];
    assert_eq!(
        item["uri"],
        format!(
            "https://example.org/ims/case/v1p1/CFItems/{}",
            item["identifier"].as_str().unwrap()
        )
    );
}

#[test]
fn a_workspace_framework_is_dated_by_its_file_and_names_its_source_url() {
    let ws = Workspace::new();
    let (code, _, stderr) = run(ws.cmd().args(["adapt", "ombudsman", "--id", "ours"]));
    assert_eq!(code, 0, "{stderr}");
    let path = ws.root().join("frameworks/ours.yaml");
    let text = std::fs::read_to_string(&path).unwrap();
    let text = text.replacen(
        "\nbased-on:",
        "\nsource-url: https://example.org/caseworker-framework.pdf\nbased-on:",
        1,
    );
    std::fs::write(&path, text).unwrap();
    let when = std::time::UNIX_EPOCH + std::time::Duration::from_secs(1_780_000_000);
    std::fs::File::options()
        .write(true)
        .open(&path)
        .unwrap()
        .set_modified(when)
        .unwrap();
    let (_, p) = case(ws.cmd().args(["show", "ours", "--format", "case"]));
    let document = &p["CFDocument"];
    assert_eq!(document["lastChangeDateTime"], "2026-05-28T20:26:40Z");
    assert_eq!(
        document["officialSourceURL"],
        "https://example.org/caseworker-framework.pdf"
    );
    let (_, json) = case(ws.cmd().args(["show", "ours", "--format", "json"]));
    assert_eq!(
        json["source_url"],
        "https://example.org/caseworker-framework.pdf"
    );
}

#[test]
fn a_source_url_that_is_not_a_web_address_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    let original = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("frameworks/arun.yaml"),
    )
    .unwrap();
    let path = dir.path().join("arun.yaml");
    std::fs::write(
        &path,
        original.replacen(
            "\npublisher:",
            "\nsource-url: www.arun.example\npublisher:",
            1,
        ),
    )
    .unwrap();
    let (code, stdout, _) = run(competency().arg("validate").arg(&path));
    assert_eq!(code, 1);
    assert!(
        stdout.contains("error[bad-url]: source-url: `www.arun.example` is not a web address"),
        "{stdout}"
    );
}

#[test]
fn case_options_are_refused_where_they_mean_nothing() {
    let cases: [(&str, &[&str]); 4] = [
        (
            "base-uri-without-case",
            &["show", "wdcvs", "--base-uri", "https://example.org"],
        ),
        (
            "bad-base-uri",
            &[
                "show",
                "wdcvs",
                "--format",
                "case",
                "--base-uri",
                "example.org/x",
            ],
        ),
        (
            "base-uri-with-query",
            &[
                "show",
                "wdcvs",
                "--format",
                "case",
                "--base-uri",
                "https://example.org/?a=b",
            ],
        ),
        (
            "case-of-one-competency",
            &["show", "wdcvs", "team-working", "--format", "case"],
        ),
    ];
    for (name, args) in cases {
        let (code, stdout, stderr) = run(competency().args(args));
        assert_eq!((code, stdout.as_str()), (2, ""), "{name}");
        insta::assert_snapshot!(format!("case_refuses_{name}"), stderr);
    }
}
