//! Each framework as its source means it, end to end: the rules that make
//! SSSC, Cherwell and Arun what they are, through the real binary, from the
//! checklist to gap, plan, readiness, team and the HTML pack.

use serde_json::Value;

use crate::assess::Workspace;
use crate::common::run;

/// The three Engaged behaviours of SSSC Flexibility that Mary shows: of
/// the four, "Is open to change in own workplace." is not yet shown (the
/// paper: "John feels she is not yet able to do this").
const MARY_FLEXIBILITY: [&str; 3] = [
    "Acknowledge the importance of change in continually improving practice.",
    "Adapts own approach to the demands of the work environment.",
    "Adjusts a strongly held opinion in response to contradictory evidence.",
];

/// A workspace on `framework`.
fn workspace(framework: &str) -> Workspace {
    let ws = Workspace::new();
    std::fs::write(
        ws.root().join("competency.toml"),
        format!("name = \"Test\"\ndefault-framework = \"{framework}\"\n"),
    )
    .unwrap();
    ws
}

/// Run the binary in `ws`; expect `code`; give back stdout (and stderr).
fn ok(ws: &Workspace, args: &[&str]) -> String {
    let (code, stdout, stderr) = run(ws.cmd().args(args));
    assert_eq!(code, 0, "{args:?}\nstdout:\n{stdout}\nstderr:\n{stderr}");
    stdout
}

fn json(ws: &Workspace, args: &[&str]) -> Value {
    let mut args = args.to_vec();
    args.extend(["--format", "json"]);
    let text = ok(ws, &args);
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{args:?}: {e}\n{text}"))
}

/// Record a prepared file (TOML text) for `person`.
fn prepared(ws: &Workspace, person: &str, name: &str, text: &str) -> String {
    let path = ws.dir.path().join(name);
    std::fs::write(&path, text).unwrap();
    ok(ws, &["assess", person, "--from", path.to_str().unwrap()])
        .trim()
        .to_owned()
}

fn toml_list(items: &[&str]) -> String {
    let quoted: Vec<String> = items
        .iter()
        .map(|i| format!("\"{}\"", i.replace('"', "\\\"")))
        .collect();
    format!("[{}]", quoted.join(", "))
}

/// John's checklist of Mary's flexibility: three of the four Engaged
/// behaviours, so no level (the rule gives none), by checklist.
fn mary_by_checklist(ws: &Workspace) {
    ok(
        ws,
        &[
            "people",
            "add",
            "mary",
            "--name",
            "Mary",
            "--role",
            "support-worker",
        ],
    );
    prepared(
        ws,
        "mary",
        "mary.toml",
        &format!(
            "framework = \"sssc-clf\"\nby = \"manager\"\nrater = \"John\"\nrole = \"support-worker\"\ndate = \"2026-01-20\"\n\n[[rating]]\ncompetency = \"flexibility\"\nmethod = \"checklist\"\nticked = {}\n",
            toml_list(&MARY_FLEXIBILITY)
        ),
    );
}

// ---------------------------------------------------------------------------
// 2. "Not yet at the first level" is a rating below it.

#[test]
fn a_checklist_short_of_engaged_is_below_engaged_in_gap_readiness_team_and_history() {
    let ws = workspace("sssc-clf");
    mary_by_checklist(&ws);

    let gap = ok(&ws, &["gap", "mary"]);
    assert!(gap.contains("not yet at Engaged"), "{gap}");
    assert!(gap.contains("met 0 of 1 · 1 below"), "{gap}");
    let row = gap.lines().find(|l| l.contains("Flexibility")).unwrap();
    assert!(row.contains("-1") && row.contains("below"), "{row}");

    let report = json(&ws, &["gap", "mary"]);
    let row = &report["rows"][0];
    assert_eq!(row["status"], "below");
    assert_eq!(row["gap"], -1);
    assert_eq!(row["rating"], Value::Null);
    assert_eq!(row["below_scale"], serde_json::json!(["manager"]));
    assert_eq!(report["summary"]["below"], 1);
    assert_eq!(report["summary"]["unrated"], 0);

    let explained = ok(&ws, &["gap", "mary", "--explain"]);
    assert!(
        explained.contains("not yet at Engaged: not every indicator of the first level is shown (3 of 4 at `engaged`"),
        "{explained}"
    );
    assert!(
        explained.contains("Is open to change in own workplace."),
        "{explained}"
    );

    let readiness = json(&ws, &["readiness", "mary"]);
    let own = readiness
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["role"] == "support-worker")
        .unwrap();
    assert_eq!(own["shortfall"], 1);
    assert_eq!(own["below_first"], serde_json::json!(["flexibility"]));
    let table = ok(&ws, &["readiness", "mary"]);
    assert!(
        table.contains("flexibility −1 (not yet at Engaged)"),
        "{table}"
    );

    let team = json(&ws, &["team", "--role", "support-worker"]);
    let section = &team["sections"][0];
    assert_eq!(section["needs"][0]["below"], 1);
    assert_eq!(section["needs"][0]["shortfall"], 1);
    assert_eq!(section["needs"][0]["unrated"], 0);
    assert_eq!(
        section["members"][0]["cells"][0]["rating"]["below"],
        "engaged"
    );
    let matrix = ok(&ws, &["team", "--role", "support-worker"]);
    assert!(matrix.contains("<engaged ▼"), "{matrix}");
    assert!(matrix.contains("not yet at the first level"), "{matrix}");

    let history = ok(&ws, &["history", "mary"]);
    assert!(history.contains("not yet at Engaged"), "{history}");
    let export = ok(&ws, &["export"]);
    let line = export.lines().find(|l| l.contains("flexibility")).unwrap();
    assert!(line.contains(",,0,false,"), "level empty, rank 0: {line}");
}
