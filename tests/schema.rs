//! `schema`: the JSON Schemas printed by the real binary accept every file the
//! project ships and refuse a key the loader refuses.

use std::path::{Path, PathBuf};

use insta_cmd::assert_cmd_snapshot;
use serde_json::Value;

use crate::common::{competency, relative, run};

const KINDS: [&str; 5] = ["framework", "role", "record", "settings", "review"];

/// The schema the binary prints for `kind`.
fn schema(kind: &str) -> Value {
    let (code, stdout, stderr) = run(competency().args(["schema", kind]));
    assert_eq!((code, stderr.as_str()), (0, ""), "schema {kind}");
    serde_json::from_str(&stdout).unwrap()
}

fn validator(kind: &str) -> jsonschema::Validator {
    jsonschema::draft7::new(&schema(kind)).unwrap()
}

fn files(dir: &str, extension: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == extension))
        .collect();
    files.sort();
    assert!(
        !files.is_empty(),
        "no .{extension} files in {}",
        dir.display()
    );
    files
}

/// A YAML or TOML file as the JSON value an editor's language server checks.
fn as_json(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap();
    if path.extension().is_some_and(|e| e == "toml") {
        toml::from_str(&text).unwrap()
    } else {
        serde_saphyr::from_str(&text).unwrap()
    }
}

/// The schema's complaints about `path`, one line each.
fn problems(validator: &jsonschema::Validator, path: &Path) -> Vec<String> {
    validator
        .iter_errors(&as_json(path))
        .map(|e| format!("{}: {e}", e.instance_path()))
        .collect()
}

#[test]
fn each_schema_is_draft_7_and_refuses_unknown_keys_at_the_top() {
    for kind in KINDS {
        let schema = schema(kind);
        assert_eq!(schema["$schema"], "http://json-schema.org/draft-07/schema#");
        assert_eq!(schema["type"], "object", "{kind}");
        assert_eq!(schema["additionalProperties"], false, "{kind}");
        assert!(schema["title"].as_str().unwrap().starts_with("competency "));
    }
}

#[test]
fn every_shipped_file_is_valid_against_its_schema() {
    let mut checked = 0;
    let groups = [
        ("framework", files("frameworks", "yaml")),
        ("role", files("examples/workspace/roles", "yaml")),
        (
            "settings",
            vec![Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/workspace/competency.toml")],
        ),
        ("record", {
            let mut records = Vec::new();
            for person in std::fs::read_dir(
                Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/workspace/assessments"),
            )
            .unwrap()
            {
                let person = person.unwrap().path();
                records.extend(files(&relative(&person), "toml"));
            }
            records.extend(
                files("examples/prepared", "toml")
                    .into_iter()
                    .filter(|p| !p.ends_with("alex-review.toml")),
            );
            records
        }),
        ("review", {
            let mut reviews = Vec::new();
            for person in std::fs::read_dir(
                Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/workspace/reviews"),
            )
            .unwrap()
            {
                reviews.extend(files(&relative(&person.unwrap().path()), "toml"));
            }
            reviews.push(
                Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/prepared/alex-review.toml"),
            );
            reviews
        }),
    ];
    for (kind, paths) in groups {
        let validator = validator(kind);
        for path in paths {
            let problems = problems(&validator, &path);
            assert!(problems.is_empty(), "{}: {problems:#?}", relative(&path));
            checked += 1;
        }
    }
    assert!(checked >= 5 + 3 + 1 + 10 + 3, "only {checked} files");
}

#[test]
fn an_unknown_key_fails_the_schema_as_it_fails_validate() {
    let dir = tempfile::tempdir().unwrap();
    let original = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("frameworks/wdcvs.yaml"),
    )
    .unwrap();
    let path = dir.path().join("wdcvs.yaml");
    std::fs::write(&path, original.replace("\npublisher:", "\npublsher:")).unwrap();
    let schema = problems(&validator("framework"), &path);
    assert!(schema.iter().any(|p| p.contains("publsher")), "{schema:#?}");
    let (code, stdout, _) = run(competency().arg("validate").arg(&path));
    assert_eq!(code, 1);
    assert!(
        stdout.contains("error[unknown-key]: publsher: unknown key `publsher`"),
        "{stdout}"
    );

    let record = dir.path().join("record.toml");
    std::fs::write(
        &record,
        "person = \"ann\"\nframework = \"wdcvs\"\nmood = \"good\"\n",
    )
    .unwrap();
    let problems = problems(&validator("record"), &record);
    assert!(problems.iter().any(|p| p.contains("mood")), "{problems:#?}");
}

#[test]
fn a_value_of_the_wrong_kind_fails_the_schema() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("roles.yaml");
    std::fs::write(
        &path,
        "roles:\n  - id: x\n    name: X\n    framework: wdcvs\n    illustrative: sometimes\n    required: [team-working]\n",
    )
    .unwrap();
    let problems = problems(&validator("role"), &path);
    assert_eq!(problems.len(), 2, "{problems:#?}");
}

#[test]
fn the_settings_schema() {
    assert_cmd_snapshot!(
        "the_settings_schema",
        competency().args(["schema", "settings"])
    );
}

#[test]
fn schema_refuses_other_formats_and_writes_to_a_file() {
    let (code, _, stderr) = run(competency().args(["schema", "role", "--format", "csv"]));
    assert_eq!(code, 2);
    // The formats the command can give, and only those.
    assert_eq!(
        stderr,
        "error: invalid value 'csv' for '--format <FORMAT>'\n  [possible values: json]\n\nFor more information, try '--help'.\n"
    );
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("role.schema.json");
    let (code, stdout, _) = run(competency().args(["schema", "role", "--output"]).arg(&out));
    assert_eq!((code, stdout.as_str()), (0, ""));
    let written: Value = serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    assert_eq!(written, schema("role"));
}
