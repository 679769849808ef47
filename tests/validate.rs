//! `validate`: every malformed fixture is reported with its code, location and
//! key, the valid ones pass, and nothing panics.

use insta_cmd::assert_cmd_snapshot;

use std::path::PathBuf;

use crate::common::{competency, run};

/// The invalid framework fixtures, each with one mistake, in name order:
/// the one suite of them (`tests/corpus.rs` runs them in a workspace and
/// compares with what `validate` says here).
fn invalid_frameworks() -> Vec<(String, PathBuf)> {
    let mut found: Vec<(String, PathBuf)> = std::fs::read_dir("tests/fixtures/frameworks/invalid")
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .map(|p| (p.file_stem().unwrap().to_string_lossy().into_owned(), p))
        .collect();
    found.sort();
    assert!(found.len() >= 30, "{} invalid fixtures", found.len());
    found
}

#[test]
fn the_bundled_frameworks_are_valid() {
    assert_cmd_snapshot!(
        "the_bundled_frameworks_are_valid",
        competency().arg("validate")
    );
}

#[test]
fn a_valid_framework_file_passes() {
    assert_cmd_snapshot!(
        "a_valid_framework_file_passes",
        competency().args(["validate", "tests/fixtures/frameworks/valid/minimal.yaml"])
    );
}

#[test]
fn every_invalid_framework_is_reported_with_a_location() {
    for (name, path) in invalid_frameworks() {
        let (code, stdout, stderr) = run(competency().arg("validate").arg(&path));
        assert_eq!(code, 1, "{}: {stdout}{stderr}", path.display());
        assert!(!stderr.contains("panicked"), "{stderr}");
        // The first line is the first error (which one: see the next test).
        let first = stdout.lines().next().unwrap_or_default();
        assert!(first.contains("error["), "{name}: {first}");
        insta::assert_snapshot!(format!("invalid_framework_{name}"), stdout);
    }
}

/// The invalid fixtures named after their input rather than after a code,
/// with the code each must give. Every other one holds its code in its name,
/// as whole words: `unknown-level`, `wrong-type-year`, `role-unknown-level`.
const NAMED_AFTER_THE_INPUT: &[(&str, &[&str])] = &[
    ("too-complex", &["alias-bomb", "alias-flood"]),
    // No framework field nests deeper than eight levels, so nesting where
    // text is expected is a wrong type at its first bracket, long before
    // the depth budget (which guards the readers that skip values).
    (
        "wrong-type",
        &[
            "block-without-items",
            "deep-nesting",
            "not-a-mapping",
            "null-text",
        ],
    ),
    ("bad-id", &["lookalike-id"]),
    ("syntax", &["tab-indentation"]),
    ("empty-file", &["whitespace-only"]),
];

/// The longest diagnostic code that `name` holds as whole words.
fn code_in_name(name: &str) -> Option<&'static str> {
    let words = format!("-{name}-");
    competency::testing::diagnostic::Code::ALL
        .iter()
        .map(|c| c.as_str())
        .filter(|c| words.contains(&format!("-{c}-")))
        .max_by_key(|c| c.len())
}

#[test]
fn every_invalid_framework_fails_first_with_the_code_its_name_promises() {
    let mut seen = Vec::new();
    for (name, path) in invalid_frameworks() {
        let listed = NAMED_AFTER_THE_INPUT
            .iter()
            .find(|(_, names)| names.contains(&name.as_str()))
            .map(|(code, _)| *code);
        let promised = match (listed, code_in_name(&name)) {
            (Some(code), None) | (None, Some(code)) => code,
            (Some(_), Some(code)) => {
                panic!("{name} holds its code `{code}`; take it out of NAMED_AFTER_THE_INPUT")
            }
            (None, None) => panic!(
                "{name} names no diagnostic code: rename it after the code it must give, or list it in NAMED_AFTER_THE_INPUT"
            ),
        };
        let (code, stdout, stderr) = run(competency()
            .args(["validate", "--format", "json"])
            .arg(&path));
        assert_eq!(code, 1, "{name}: {stdout}{stderr}");
        let json: serde_json::Value = serde_json::from_str(&stdout).unwrap();
        let codes: Vec<&str> = json["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|d| d["code"].as_str())
            .collect();
        assert_eq!(
            codes.first().copied(),
            Some(promised),
            "{name} must fail first with `{promised}`; it gives {codes:?}"
        );
        seen.push(name);
    }
    // The table names only fixtures that exist.
    for (_, names) in NAMED_AFTER_THE_INPUT {
        for name in *names {
            assert!(seen.iter().any(|s| s == name), "no fixture {name}.yaml");
        }
    }
}

#[test]
fn validate_reports_every_problem_in_one_pass() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string("tests/fixtures/frameworks/valid/minimal.yaml")
        .unwrap()
        .replace("id: minimal", "id: several")
        .replace("  - id: learning-culture", "  - id: Learning")
        .replace("      - level: \"2\"", "      - level: \"7\"")
        .replace("      team-working: \"2\"", "      team-workin: \"2\"");
    let file = dir.path().join("several.yaml");
    std::fs::write(&file, text).unwrap();
    let (code, stdout, _) = run(competency().arg("validate").arg(&file));
    assert_eq!(code, 1);
    for expected in [
        "error[bad-id]",
        "error[unknown-level]",
        "error[unknown-competency]",
        "4 errors",
    ] {
        assert!(stdout.contains(expected), "missing {expected} in\n{stdout}");
    }
}

#[test]
fn validate_json_lists_diagnostics_with_positions() {
    let (code, stdout, _) = run(competency().args([
        "validate",
        "--format",
        "json",
        "tests/fixtures/frameworks/invalid/unknown-level.yaml",
    ]));
    assert_eq!(code, 1);
    let json: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let d = &json["diagnostics"][0];
    assert_eq!(d["code"], "unknown-level");
    assert_eq!(d["key"], "competencies[0].indicators[1].level");
    assert_eq!(d["location"]["line"], 40);
    assert_eq!(d["location"]["column"], 16);
}

#[test]
fn other_commands_refuse_a_bad_workspace_framework_with_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("competency.toml"), "name = \"test\"\n").unwrap();
    std::fs::create_dir(dir.path().join("frameworks")).unwrap();
    std::fs::copy(
        "tests/fixtures/frameworks/invalid/unknown-level.yaml",
        dir.path().join("frameworks/unknown-level.yaml"),
    )
    .unwrap();
    let (code, stdout, stderr) = run(competency()
        .arg("--workspace")
        .arg(dir.path())
        .args(["show", "unknown-level"]));
    assert_eq!(code, 2);
    assert!(stdout.is_empty());
    assert!(stderr.contains("error[unknown-level]"), "{stderr}");
    let (code, ..) = run(competency()
        .arg("--workspace")
        .arg(dir.path())
        .arg("validate"));
    assert_eq!(code, 1);
}

#[test]
fn a_missing_file_is_one_clear_sentence() {
    assert_cmd_snapshot!(
        "a_missing_file_is_one_clear_sentence",
        competency().args(["validate", "no/such/file.yaml"])
    );
}
