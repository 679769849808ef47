//! Small inputs that ask for unbounded work: a reporting line 10 000 deep, a
//! CSV line of a million commas, a workbook whose cells lie a sheet apart or
//! whose one shared string unpacks to 100 MiB. Each is refused in one
//! sentence naming where, or done whole; none is timed here (scripts measure
//! speed), every outcome is checked.

use std::fmt::Write as _;

use crate::assess::Workspace;
use crate::common::run;

/// A roster CSV of `n` people in one line: p1 managed by p0, p2 by p1, ...
fn chain(n: usize) -> String {
    let mut csv = String::from("id,name,role,team,manager\n");
    for i in 0..n {
        let manager = i.checked_sub(1).map(|b| format!("p{b}")).unwrap_or_default();
        let _ = writeln!(csv, "p{i},Person {i},,,{manager}");
    }
    csv
}

fn people_import(ws: &Workspace, csv: &str) -> (i32, String, String) {
    let file = ws.dir.path().join("staff.csv");
    std::fs::write(&file, csv).unwrap();
    run(ws.cmd().args(["people", "import"]).arg(&file))
}

/// The people `status --manager ID --all` counts below a manager.
fn below(ws: &Workspace, manager: &str) -> usize {
    let (code, stdout, stderr) = run(ws.cmd().args([
        "status",
        "--manager",
        manager,
        "--all",
        "--format",
        "json",
    ]));
    assert_eq!(code, 0, "{stderr}");
    let json: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    json["people"].as_array().unwrap().len()
}

#[test]
fn a_reporting_line_ten_thousand_deep_imports_whole_and_checks() {
    let ws = Workspace::new();
    let (code, stdout, stderr) = people_import(&ws, &chain(10_000));
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stdout.contains("10000 people in the roster (0 unchanged)"),
        "{stdout}"
    );
    let roster = std::fs::read_to_string(ws.root().join("roster.toml")).unwrap();
    assert_eq!(roster.matches("[[person]]").count(), 10_000);
    assert!(roster.contains("id = \"p9999\"\nname = \"Person 9999\"\nmanager = \"p9998\""));
    // Everyone is below the top of the line; one is below the second last.
    assert_eq!(below(&ws, "p0"), 9_999);
    assert_eq!(below(&ws, "p9998"), 1);
    let (code, stdout, stderr) = run(ws.cmd().arg("validate"));
    assert_eq!(code, 0, "{stdout}{stderr}");
    // One more at the bottom of the line; the top managed by the bottom is a
    // loop through all 10 001, and nothing changes.
    let (code, stdout, stderr) = run(ws
        .cmd()
        .args(["people", "add", "q", "--name", "Q", "--manager", "p9999"]));
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("added: Q (q)"), "{stdout}");
    let before = ws.snapshot();
    let (code, _, stderr) = run(ws.cmd().args(["people", "add", "p0", "--manager", "q"]));
    assert_eq!(code, 2);
    assert_eq!(
        stderr,
        "error: --manager: `p0` would be in a loop of line managers; nothing was changed\n"
    );
    assert_eq!(ws.snapshot(), before);
}

#[test]
fn a_loop_of_ten_thousand_is_refused_with_the_first_fifty_listed() {
    let ws = Workspace::new();
    let looped = chain(10_000).replacen("p0,Person 0,,,", "p0,Person 0,,,p9999", 1);
    let before = ws.snapshot();
    let (code, stdout, stderr) = people_import(&ws, &looped);
    assert_eq!((code, stdout.as_str()), (2, ""), "{stderr}");
    assert_eq!(ws.snapshot(), before, "nothing is written");
    let first = stderr.lines().next().unwrap();
    assert!(
        first.ends_with(
            "staff.csv:2:15: error[manager-loop]: manager: `p0` is in a loop of line managers (each manages the next, back to them)"
        ),
        "{stderr}"
    );
    assert_eq!(stderr.matches("error[manager-loop]").count(), 50, "{stderr}");
    assert!(
        stderr.contains("error[too-many-problems]: and 9950 more in"),
        "{stderr}"
    );
}
