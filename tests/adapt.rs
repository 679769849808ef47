//! `adapt`: a workspace's own copy of a framework, with the real binary.

use insta_cmd::assert_cmd_snapshot;
use serde_json::Value;

use crate::assess::Workspace;
use crate::common::{competency, run};

fn show_json(cmd: &mut std::process::Command, id: &str) -> Value {
    let (code, stdout, stderr) = run(cmd.args(["show", id, "--format", "json"]));
    assert_eq!(code, 0, "{stderr}");
    serde_json::from_str(&stdout).unwrap()
}

/// The framework's JSON without what adapting changes: its id, name and
/// `based_on`, and its roles' framework and the prefix their ids take.
fn without_identity(mut json: Value, prefix: &str) -> Value {
    let object = json.as_object_mut().unwrap();
    for key in ["id", "name", "based_on"] {
        object.remove(key);
    }
    for role in object["roles"].as_array_mut().unwrap() {
        let role = role.as_object_mut().unwrap();
        role.remove("framework");
        let id = role["id"].as_str().unwrap();
        let id = id.strip_prefix(prefix).unwrap_or(id).to_owned();
        role.insert("id".to_owned(), Value::from(id));
    }
    json
}

#[test]
fn adapt_writes_a_private_copy_equal_to_the_original_but_for_id_name_and_based_on() {
    let ws = Workspace::new();
    for id in ["ombudsman", "arun", "cherwell-snc", "wdcvs", "sssc-clf"] {
        let new = format!("our-{id}");
        let (code, stdout, stderr) = run(ws.cmd().args([
            "adapt",
            id,
            "--id",
            &new,
            "--name",
            "Our version: \"adapted\" # 2026",
        ]));
        assert_eq!((code, stderr.as_str()), (0, ""), "{stderr}");
        let roles = ["arun", "wdcvs", "sssc-clf"].contains(&id);
        assert_eq!(
            stdout.contains("under new ids") || stdout.contains("under a new id"),
            roles,
            "{stdout}"
        );
        assert!(
            stdout.starts_with(&format!(
                "wrote frameworks/{new}.yaml: `{new}`, based on `{id}`"
            )),
            "{stdout}"
        );
        let path = ws.root().join("frameworks").join(format!("{new}.yaml"));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, 0o600, "{new}");
        }

        let original = show_json(&mut competency(), id);
        let adapted = show_json(&mut ws.cmd(), &new);
        assert_eq!(adapted["id"], new.as_str());
        assert_eq!(adapted["name"], "Our version: \"adapted\" # 2026");
        assert_eq!(adapted["based_on"]["id"], id);
        assert_eq!(adapted["based_on"]["fingerprint"], original["fingerprint"]);
        assert_eq!(adapted["fingerprint"], original["fingerprint"]);
        // The copy's roles carry the new id in front of the original's.
        for role in adapted["roles"].as_array().unwrap() {
            assert!(
                role["id"].as_str().unwrap().starts_with(&format!("{new}-")),
                "{role}"
            );
        }
        assert_eq!(
            without_identity(adapted, &format!("{new}-")),
            without_identity(original, "")
        );

        // The comments of the original are all there, in order.
        let (_, yaml, _) = run(competency().args(["show", id, "--format", "yaml"]));
        let comments = |text: &str| -> Vec<String> {
            text.lines()
                .filter(|l| l.trim_start().starts_with('#'))
                .map(str::to_owned)
                .collect()
        };
        let written = std::fs::read_to_string(&path).unwrap();
        assert_eq!(comments(&written), comments(&yaml), "{new}");
    }
    let (code, stdout, stderr) = run(ws.cmd().arg("validate"));
    assert_eq!(code, 0, "{stdout}{stderr}");
}

#[test]
fn adapt_prints_what_it_wrote() {
    let ws = Workspace::new();
    assert_cmd_snapshot!(
        "adapt_prints_what_it_wrote",
        ws.cmd().args([
            "adapt",
            "ombudsman",
            "--id",
            "our-caseworkers",
            "--name",
            "Our caseworker competencies"
        ])
    );
    let text = std::fs::read_to_string(ws.root().join("frameworks/our-caseworkers.yaml")).unwrap();
    let fingerprint = show_json(&mut competency(), "ombudsman")["fingerprint"].clone();
    let head: Vec<&str> = text
        .lines()
        .skip_while(|l| l.starts_with('#'))
        .take(6)
        .collect();
    assert_eq!(
        head,
        [
            "id: our-caseworkers",
            "name: Our caseworker competencies",
            "based-on:",
            "  id: ombudsman",
            &format!("  fingerprint: {fingerprint}"),
            "publisher: Ombudsman Association",
        ]
    );
}

#[test]
fn adapting_keeps_every_record_role_and_report_as_it_was() {
    let ws = Workspace::new();
    for args in [
        &["people", "add", "sam", "--name", "Sam"][..],
        &[
            "people",
            "add",
            "amy",
            "--name",
            "Amy",
            "--role",
            "community-link-worker",
            "--manager",
            "sam",
        ][..],
        &[
            "assess",
            "amy",
            "--framework",
            "wdcvs",
            "--by",
            "manager",
            "--role",
            "community-link-worker",
            "--set",
            "team-working=2",
            "--final",
        ][..],
    ] {
        let (code, _, stderr) = run(ws.cmd().args(args));
        assert_eq!(code, 0, "{args:?}: {stderr}");
    }
    let reports: [&[&str]; 4] = [
        &["gap", "amy", "--format", "json"],
        &["team", "--manager", "sam", "--format", "json"],
        &["validate"],
        &["role", "community-link-worker", "--format", "json"],
    ];
    let before: Vec<(i32, String)> = reports
        .iter()
        .map(|args| {
            let (code, stdout, _) = run(ws.cmd().args(*args));
            (code, stdout)
        })
        .collect();
    assert_cmd_snapshot!(
        "adapting_keeps_every_record_role_and_report_as_it_was",
        ws.cmd().args(["adapt", "wdcvs", "--id", "our-wdcvs"])
    );
    for (args, (code, stdout)) in reports.iter().zip(&before) {
        let (now, out, stderr) = run(ws.cmd().args(*args));
        assert_eq!(now, *code, "{args:?}: {stderr}");
        if args[0] == "validate" {
            // One more file checked, and no problem.
            assert_eq!(now, 0, "{out}");
        } else {
            assert_eq!(&out, stdout, "{args:?} changed after adapt");
        }
    }
    let (_, role, _) = run(ws.cmd().args([
        "role",
        "our-wdcvs-community-link-worker",
        "--format",
        "json",
    ]));
    let role: Value = serde_json::from_str(&role).unwrap();
    assert_eq!(role["framework"], "our-wdcvs");
}

#[test]
fn a_copy_under_the_bundled_id_replaces_the_bundled_framework() {
    let ws = Workspace::new();
    assert_cmd_snapshot!(
        "a_copy_under_the_bundled_id_replaces_the_bundled_framework",
        ws.cmd().args(["adapt", "wdcvs", "--id", "wdcvs"])
    );
    let (code, csv, _) = run(ws.cmd().args(["frameworks", "--format", "csv"]));
    assert_eq!(code, 0);
    let wdcvs = csv.lines().find(|l| l.starts_with("wdcvs,")).unwrap();
    assert!(wdcvs.ends_with(",./frameworks/wdcvs.yaml"), "{wdcvs}");
    let (_, table, _) = run(ws.cmd().arg("frameworks"));
    assert!(
        table.contains(
            "`wdcvs` is loaded from ./frameworks/wdcvs.yaml, in place of the bundled one"
        ),
        "{table}"
    );
    // Records made against the bundled text still match: the content is the same.
    let json = show_json(&mut ws.cmd(), "wdcvs");
    assert_eq!(json["based_on"]["fingerprint"], json["fingerprint"]);
}

#[test]
fn adapt_refuses_and_writes_nothing() {
    let ws = Workspace::new();
    let (code, _, _) = run(ws.cmd().args(["adapt", "arun", "--id", "mine"]));
    assert_eq!(code, 0);
    let before = ws.snapshot();
    let cases: [(&str, &[&str]); 6] = [
        ("existing-file", &["adapt", "wdcvs", "--id", "mine"]),
        ("bad-id", &["adapt", "wdcvs", "--id", "Our Version"]),
        ("path-id", &["adapt", "wdcvs", "--id", "../x"]),
        ("another-bundled-id", &["adapt", "wdcvs", "--id", "arun"]),
        (
            "control-character",
            &["adapt", "wdcvs", "--id", "x", "--name", "a\u{1b}[2Jb"],
        ),
        ("unknown-framework", &["adapt", "wdcsv", "--id", "x"]),
    ];
    for (name, args) in cases {
        let (code, stdout, stderr) = run(ws.cmd().args(args));
        assert_eq!((code, stdout.as_str()), (2, ""), "{name}: {stderr}");
        insta::assert_snapshot!(format!("adapt_refuses_{name}"), stderr);
        assert_eq!(ws.snapshot(), before, "{name} changed the workspace");
    }
}

#[test]
fn adapt_needs_a_workspace() {
    let dir = tempfile::tempdir().unwrap();
    let (code, _, stderr) = run(competency()
        .current_dir(dir.path())
        .args(["adapt", "wdcvs", "--id", "mine"]));
    assert_eq!(code, 2);
    assert_eq!(
        stderr,
        "error: no workspace here: create one with `competency init`, or give --workspace DIR\n"
    );
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
}
