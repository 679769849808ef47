//! `validate`: every malformed fixture is reported with its code, location and
//! key, the valid ones pass, and nothing panics.

use insta_cmd::assert_cmd_snapshot;

use crate::common::{competency, relative, run};

#[test]
fn the_bundled_frameworks_are_valid() {
    assert_cmd_snapshot!(competency().arg("validate"));
}

#[test]
fn a_valid_framework_file_passes() {
    assert_cmd_snapshot!(
        competency().args(["validate", "tests/fixtures/frameworks/valid/minimal.yaml"])
    );
}

#[test]
fn every_invalid_framework_is_reported_with_a_location() {
    insta::glob!("fixtures/frameworks/invalid/*.yaml", |path| {
        let (code, stdout, stderr) = run(competency().arg("validate").arg(relative(path)));
        assert_eq!(code, 1, "{}: {stdout}{stderr}", path.display());
        assert!(!stderr.contains("panicked"), "{stderr}");
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        // The file is named after its mistake; the first diagnostic says so.
        let first = stdout.lines().next().unwrap_or_default();
        assert!(first.contains("error["), "{name}: {first}");
        insta::assert_snapshot!(stdout);
    });
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
    assert_cmd_snapshot!(competency().args(["validate", "no/such/file.yaml"]));
}
