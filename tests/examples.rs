//! The shipped examples stay valid: the example workspace, its roles and
//! records, and the prepared file.

use crate::common::{competency, run};

#[test]
fn the_example_workspace_is_valid_with_no_warnings() {
    let (code, stdout, stderr) = run(competency().args([
        "--workspace",
        "examples/workspace",
        "validate",
        "--format",
        "json",
    ]));
    assert_eq!((code, stderr.as_str()), (0, ""), "{stdout}");
    let report: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(report["errors"], 0, "{stdout}");
    // Git does not keep the private file modes `assess` sets, so a fresh clone
    // warns that the fictional records are readable by others; nothing else may.
    let other: Vec<&serde_json::Value> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] != "readable-by-others")
        .collect();
    assert!(other.is_empty(), "{other:#?}");
}

#[test]
fn people_of_the_example_workspace() {
    let (code, stdout, _) = run(competency().args(["--workspace", "examples/workspace", "people"]));
    assert_eq!(code, 0);
    insta::assert_snapshot!(stdout);
}

#[test]
fn the_prepared_example_is_a_valid_record_shape() {
    let (code, stdout, _) = run(competency().args([
        "--workspace",
        "examples/workspace",
        "validate",
        "examples/prepared/sunita-self.toml",
    ]));
    // A prepared file lacks the fields assess adds (schema, person, dates), so it is
    // not itself a record; recording it in a copy of the workspace must work.
    assert_eq!(code, 1, "{stdout}");
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("ws");
    assert_eq!(run(competency().arg("init").arg(&ws)).0, 0);
    let (code, stdout, stderr) = run(competency().arg("--workspace").arg(&ws).args([
        "assess",
        "sunita",
        "--from",
        "examples/prepared/sunita-self.toml",
    ]));
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stdout.contains("assessments/sunita/2026-08-04-sssc-clf-self.toml"),
        "{stdout}"
    );
}

/// Each README example followed by its output must still print that output.
#[test]
fn the_readme_examples_print_what_the_readme_shows() {
    let readme = std::fs::read_to_string("README.md").unwrap();
    let mut checked = 0;
    let blocks: Vec<&str> = readme.split("```").collect();
    for pair in blocks.windows(3) {
        let (command, output) = (pair[0], pair[2]);
        let Some(command) = command.strip_prefix("sh\n") else {
            continue;
        };
        let Some(expected) = output.strip_prefix("text\n") else {
            continue;
        };
        if !pair[1].trim().is_empty() || expected.contains("...") || command.lines().count() != 1 {
            continue;
        }
        let args: Vec<&str> = command.split_whitespace().skip(1).collect();
        let (code, stdout, stderr) = run(competency()
            .args(["--workspace", "examples/workspace"])
            .args(&args));
        assert_eq!(code, 0, "{command}: {stderr}");
        assert_eq!(
            stdout,
            expected,
            "README output of `{}` is out of date",
            command.trim()
        );
        checked += 1;
    }
    assert!(checked >= 1, "no README example was checked");
}
