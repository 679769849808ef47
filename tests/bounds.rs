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
        let manager = i
            .checked_sub(1)
            .map(|b| format!("p{b}"))
            .unwrap_or_default();
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
    let (code, stdout, stderr) =
        run(ws
            .cmd()
            .args(["status", "--manager", manager, "--all", "--format", "json"]));
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
    let (code, stdout, stderr) =
        run(ws
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
    assert_eq!(
        stderr.matches("error[manager-loop]").count(),
        50,
        "{stderr}"
    );
    assert!(
        stderr.contains("error[too-many-problems]: and 9950 more in"),
        "{stderr}"
    );
}

#[test]
fn a_csv_line_of_a_million_commas_is_refused_at_its_line() {
    let ws = Workspace::new();
    let commas = ",".repeat(1_600_000);
    std::fs::write(
        ws.root().join("ratings.csv"),
        format!("person,framework,by,competency,level\njo,wdcvs,self,team-working,3\n{commas}\n"),
    )
    .unwrap();
    std::fs::write(ws.root().join("staff.csv"), format!("{commas}\n")).unwrap();
    let before = ws.snapshot();
    let (code, stdout, stderr) = run(ws.cmd().args(["import", "ratings.csv"]));
    assert_eq!((code, stdout.as_str()), (2, ""));
    assert_eq!(
        stderr.lines().next().unwrap(),
        "ratings.csv:3:1: error[table-too-large]: the row has more than 1 000 cells; a table to import has at most 1 000 columns"
    );
    let (code, _, stderr) = run(ws.cmd().args(["people", "import", "staff.csv"]));
    assert_eq!(code, 2);
    assert!(
        stderr.starts_with(
            "staff.csv:1:1: error[table-too-large]: the row has more than 1 000 cells"
        ),
        "{stderr}"
    );
    assert_eq!(ws.snapshot(), before);
}

#[test]
fn a_csv_of_too_many_short_cells_is_refused_before_it_is_held() {
    let ws = Workspace::new();
    let mut csv = String::from("person,framework,by,competency\n");
    csv.push_str(&"a,b,c,d\n".repeat(400_000));
    std::fs::write(ws.root().join("ratings.csv"), csv).unwrap();
    let (code, _, stderr) = run(ws.cmd().args(["import", "--dry-run", "ratings.csv"]));
    assert_eq!(code, 2);
    assert_eq!(
        stderr.lines().next().unwrap(),
        "ratings.csv:375001:1: error[table-too-large]: the file has more than 1 500 000 cells, more than import reads at once"
    );
    assert!(stderr.contains("split it into smaller files"), "{stderr}");
}

#[test]
fn the_cells_of_a_long_csv_line_are_each_placed_in_their_column() {
    // Columns the import does not know, then the ones it does: each cell is
    // located on the line (the warnings name their columns), and it imports.
    let ws = Workspace::new();
    let extra: Vec<String> = (0..40).map(|i| format!("é{i}")).collect();
    let header = format!("{},person,framework,by,competency,level", extra.join(","));
    let row = format!("{}jo,wdcvs,self,team-working,3", ",".repeat(40));
    std::fs::write(ws.root().join("ratings.csv"), format!("{header}\n{row}\n")).unwrap();
    let (code, stdout, stderr) = run(ws.cmd().args(["import", "ratings.csv"]));
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("assessments/jo/"), "{stdout}");
    // Columns count characters: `é` is two bytes but one column.
    let column = header[..header.find("é39").unwrap()].chars().count() + 1;
    assert_eq!(column, 147);
    assert!(
        stderr.contains(&format!(
            "ratings.csv:1:{column}: warning[unknown-key]: the column `é39` is not"
        )),
        "{stderr}"
    );
}
