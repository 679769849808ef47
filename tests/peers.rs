//! Peer feedback without names: every report about a person shows peers'
//! ratings of a competency only as an aggregate (how many, median, range)
//! and only when at least `peer-minimum` peers rated it; their evidence
//! without names, in an order that does not follow the records. Raw peer
//! records only in the export of all ratings, which says so.

use crate::assess::Workspace;
use crate::common::run;

/// Ann, a link worker, rated by her manager; `peers` of her colleagues rate
/// Team Working, each with a level no one else gives and evidence that
/// names the peer's record.
fn rated_by(peers: &[(&str, &str, &str, &str)]) -> Workspace {
    let ws = Workspace::new();
    for person in [
        &["sam-lee", "--name", "Sam Lee", "--team", "Wellbeing"][..],
        &[
            "ann",
            "--name",
            "Ann Lowe",
            "--role",
            "community-link-worker",
            "--team",
            "Wellbeing",
            "--manager",
            "sam-lee",
        ],
    ] {
        let (code, _, stderr) = run(ws.cmd().args(["people", "add"]).args(person));
        assert_eq!(code, 0, "{stderr}");
    }
    let (code, _, stderr) = run(ws.cmd().args([
        "assess",
        "ann",
        "--framework",
        "wdcvs",
        "--by",
        "manager",
        "--rater",
        "Sam Lee",
        "--date",
        "2026-03-10",
        "--set",
        "team-working=3",
        "--set",
        "delivering-quality-services=3",
        "--final",
    ]));
    assert_eq!(code, 0, "{stderr}");
    for (name, date, level, phrase) in peers {
        let (code, _, stderr) = run(ws.cmd().args([
            "assess",
            "ann",
            "--framework",
            "wdcvs",
            "--by",
            "peer",
            "--rater",
            name,
            "--date",
            date,
            "--set",
            &format!("team-working={level}"),
            "--evidence",
            &format!("team-working={phrase} ({})", secret(name)),
            "--final",
        ]));
        assert_eq!(code, 0, "{stderr}");
    }
    ws
}

/// A word only a peer's own record holds.
fn secret(name: &str) -> String {
    format!("SECRET-{}", name.split(' ').next().unwrap().to_uppercase())
}

// Name, day, level of Team Working, evidence: the evidence in the order of
// its text (Always, Brings, Clear) is not the records' (Pat, Quinn, Robin).
const PAT: (&str, &str, &str, &str) = ("Pat Peerson", "2026-05-05", "1", "Clear notes");
const QUINN: (&str, &str, &str, &str) = ("Quinn Quill", "2026-05-06", "4", "Always on time");
const ROBIN: (&str, &str, &str, &str) = ("Robin Rook", "2026-05-07", "2", "Brings calm");

/// Every report about Ann, in every format it gives as text.
fn reports_about_ann(ws: &Workspace) -> Vec<(String, String)> {
    let mut outputs = Vec::new();
    let commands: &[&[&str]] = &[
        &["gap", "ann"],
        &["plan", "ann"],
        &["history", "ann"],
        &["readiness", "ann"],
        &["team", "--manager", "sam-lee"],
        &["export", "--latest"],
    ];
    for command in commands {
        for format in ["table", "json", "csv", "markdown", "html"] {
            let (code, stdout, stderr) = run(ws.cmd().args(*command).args(["--format", format]));
            // Not every command gives every format.
            if code == 2 && stderr.contains("--format") {
                continue;
            }
            assert_eq!(code, 0, "{command:?} {format}: {stderr}");
            outputs.push((format!("{command:?} {format}"), stdout + &stderr));
        }
    }
    outputs
}

#[test]
fn no_report_about_a_person_names_a_peer_or_shows_one_peers_rating() {
    let ws = rated_by(&[PAT, QUINN]);
    let outputs = reports_about_ann(&ws);
    assert!(outputs.len() >= 20, "only {} outputs", outputs.len());
    for (what, text) in &outputs {
        for hidden in [
            "Pat Peerson",
            "Quinn Quill",
            "SECRET-PAT",
            "SECRET-QUINN",
            "2026-05-05",
            "2026-05-06",
            "wdcvs-peer",
        ] {
            assert!(!text.contains(hidden), "{what} shows {hidden:?}:\n{text}");
        }
    }
    // What the gap says of peers: fewer than 3, and nothing else.
    let (_, json, _) = run(ws.cmd().args(["gap", "ann", "--format", "json"]));
    let gap: serde_json::Value = serde_json::from_str(&json).unwrap();
    let row = &gap["rows"][0];
    assert_eq!(row["competency"], "team-working");
    assert_eq!(
        row["peers"],
        serde_json::json!({"shown": "fewer_than", "minimum": 3})
    );
    assert_eq!(row["peer"], "fewer than 3 peers");
    assert_eq!(gap["peer_count"], 2);
    let (_, table, _) = run(ws.cmd().args(["gap", "ann", "--wide"]));
    assert!(table.contains("fewer than 3 peers"), "{table}");
    // A single peer's rating is never the one a report uses.
    let (code, _, stderr) = run(ws.cmd().args(["gap", "ann", "--by", "peer"]));
    assert_eq!(code, 2);
    assert!(stderr.contains("shown only as an aggregate"), "{stderr}");
}

#[test]
fn enough_peers_are_shown_as_count_median_and_range_without_names() {
    let ws = rated_by(&[PAT, QUINN, ROBIN]);
    let (_, json, _) = run(ws.cmd().args(["gap", "ann", "--format", "json"]));
    let gap: serde_json::Value = serde_json::from_str(&json).unwrap();
    let row = &gap["rows"][0];
    assert_eq!(
        row["peers"],
        serde_json::json!({"shown": "aggregate", "count": 3, "median": "2", "low": "1", "high": "4"})
    );
    // Their evidence, without names, in the order of the text: not the
    // records' (Pat, Quinn, Robin).
    let peer_evidence: Vec<&str> = row["evidence"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["by"] == "peer")
        .map(|e| e["text"].as_str().unwrap())
        .collect();
    assert_eq!(
        peer_evidence,
        [
            "Always on time (SECRET-QUINN)",
            "Brings calm (SECRET-ROBIN)",
            "Clear notes (SECRET-PAT)"
        ]
    );
    for (what, text) in reports_about_ann(&ws) {
        for name in ["Pat Peerson", "Quinn Quill", "Robin Rook", "wdcvs-peer"] {
            assert!(!text.contains(name), "{what} names {name:?}:\n{text}");
        }
    }
    let (_, table, _) = run(ws.cmd().args(["gap", "ann", "--wide"]));
    assert!(table.contains("2 (3 peers, 1–4)"), "{table}");
    let (_, history, _) = run(ws.cmd().args(["history", "ann"]));
    assert!(
        history.contains("Team Working: 2 (3 peers, 1–4)"),
        "{history}"
    );
    // The export of all ratings has each peer's own, and says so.
    let (code, csv, stderr) = run(ws.cmd().args(["export"]));
    assert_eq!(code, 0, "{stderr}");
    assert!(csv.contains("Pat Peerson"), "{csv}");
    assert!(
        stderr.contains("each peer's own ratings and name: it is for HR"),
        "{stderr}"
    );
    // status counts the peers who gave feedback this cycle.
    let (_, status, _) =
        run(ws
            .cmd()
            .args(["status", "--as-of", "2026-12-01", "--format", "json"]));
    let status: serde_json::Value = serde_json::from_str(&status).unwrap();
    assert_eq!(status["people"][0]["peers"], 3);
}

#[test]
fn the_minimum_is_a_setting_of_two_or_more() {
    let ws = rated_by(&[PAT, QUINN]);
    let settings = ws.root().join("competency.toml");
    let text = std::fs::read_to_string(&settings).unwrap();
    std::fs::write(&settings, format!("{text}peer-minimum = 2\n")).unwrap();
    let (_, json, _) = run(ws.cmd().args(["gap", "ann", "--format", "json"]));
    let gap: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(gap["rows"][0]["peers"]["count"], 2);
    std::fs::write(&settings, format!("{text}peer-minimum = 1\n")).unwrap();
    // One could single a peer out: refused where it is written.
    let (code, stdout, stderr) = run(ws.cmd().args(["gap", "ann"]));
    assert_eq!(code, 2, "{stdout}");
    assert!(stderr.contains("competency.toml:"), "{stderr}");
    assert!(stderr.contains("peer-minimum"), "{stderr}");
    assert!(
        stderr.contains("not a number of peers of 2 or more"),
        "{stderr}"
    );
}
