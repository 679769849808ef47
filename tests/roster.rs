//! The roster over time: a leaving date takes effect on that day in every
//! command, `--as-of` sees the organisation as it was, days outside the
//! accepted range are refused, and no import or leaver loses people quietly
//! (mass leaving, dry runs, managers who leave their reports behind,
//! duplicate ids and columns, a framework file shadowed by another).

use jiff::civil::Date;

use crate::assess::Workspace;
use crate::common::run;

const STAFF: &str = "id,name,role,team,manager\nsam-lee,Sam Lee,,Wellbeing,\nalex-morgan,Alex Morgan,community-link-worker,Wellbeing,sam-lee\njo-bloggs,Jo Bloggs,community-link-worker,Wellbeing,sam-lee\nkim-ng,Kim Ng,community-link-worker,Outreach,ann-ross\nann-ross,Ann Ross,,Outreach,\n";

/// Today as the binary sees it (the same clock and time zone).
fn today() -> Date {
    jiff::ZonedDateTime::now().date()
}

fn days(from: Date, n: i64) -> Date {
    from.checked_add(jiff::Span::new().days(n)).unwrap()
}

fn years(from: Date, n: i64) -> Date {
    from.checked_add(jiff::Span::new().years(n)).unwrap()
}

fn write_csv(ws: &Workspace, name: &str, csv: &str) -> std::path::PathBuf {
    let file = ws.dir.path().join(name);
    std::fs::write(&file, csv).unwrap();
    file
}

fn import(ws: &Workspace, csv: &str, extra: &[&str]) -> (i32, String, String) {
    let file = write_csv(ws, "staff.csv", csv);
    run(ws.cmd().args(["people", "import"]).arg(&file).args(extra))
}

fn staffed() -> Workspace {
    let ws = Workspace::new();
    let (code, _, stderr) = import(&ws, STAFF, &[]);
    assert_eq!(code, 0, "{stderr}");
    ws
}

fn ok(ws: &Workspace, args: &[&str]) -> String {
    let (code, stdout, stderr) = run(ws.cmd().args(args));
    assert_eq!(code, 0, "{args:?}: {stderr}");
    stdout
}

fn json(ws: &Workspace, args: &[&str]) -> serde_json::Value {
    let stdout = ok(ws, &[args, &["--format", "json"]].concat());
    serde_json::from_str(&stdout).unwrap()
}

/// The people `people` lists.
fn listed(ws: &Workspace, extra: &[&str]) -> Vec<String> {
    let json = json(ws, &[&["people"], extra].concat());
    let mut ids: Vec<String> = json["people"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].as_str().unwrap().to_owned())
        .collect();
    ids.sort();
    ids
}

/// The people `team` shows, placed or not.
fn in_team(ws: &Workspace, extra: &[&str]) -> Vec<String> {
    let json = json(ws, &[&["team"], extra].concat());
    let members: Vec<serde_json::Value> = json["sections"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|s| s["members"].as_array().cloned().unwrap_or_default())
        .collect();
    let unplaced = json["unplaced"].as_array().cloned().unwrap_or_default();
    let mut ids: Vec<String> = members
        .iter()
        .chain(&unplaced)
        .map(|p| p["person"].as_str().unwrap().to_owned())
        .collect();
    ids.sort();
    ids
}

/// The people `status` lists.
fn in_status(ws: &Workspace, extra: &[&str]) -> Vec<String> {
    let json = json(ws, &[&["status"], extra].concat());
    let mut ids: Vec<String> = json["people"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["person"].as_str().unwrap().to_owned())
        .collect();
    ids.sort();
    ids
}

fn roster(ws: &Workspace) -> String {
    std::fs::read_to_string(ws.root().join("roster.toml")).unwrap()
}

// ---------------------------------------------------------------------------
// 9. Dates that take effect too early
// ---------------------------------------------------------------------------

#[test]
fn a_leaving_date_ahead_keeps_the_person_until_that_day_in_people_team_and_status() {
    let ws = staffed();
    let leaves = days(today(), 30).to_string();
    let eve = days(today(), 29).to_string();
    ok(&ws, &["people", "add", "jo-bloggs", "--left", &leaves]);
    let table = ok(&ws, &["people"]);
    assert!(
        table.contains(&format!("Jo Bloggs (jo-bloggs) (leaves {leaves})")),
        "{table}"
    );
    let jo = "jo-bloggs".to_owned();
    // Today, and on the eve of the day, Jo is still here.
    for day in [None, Some(eve.as_str())] {
        let as_of: Vec<&str> = day.map(|d| vec!["--as-of", d]).unwrap_or_default();
        assert!(listed(&ws, &as_of).contains(&jo), "people {as_of:?}");
        assert!(
            in_team(&ws, &[&["--manager", "sam-lee"], &as_of[..]].concat()).contains(&jo),
            "team {as_of:?}"
        );
        assert!(in_status(&ws, &as_of).contains(&jo), "status {as_of:?}");
    }
    // From the day itself, Jo has left, everywhere.
    let on = ["--as-of", leaves.as_str()];
    assert!(!listed(&ws, &on).contains(&jo));
    assert!(!in_team(&ws, &[&["--manager", "sam-lee"], &on[..]].concat()).contains(&jo));
    assert!(!in_status(&ws, &on).contains(&jo));
    // ... unless leavers are asked for.
    assert!(listed(&ws, &[&on[..], &["--include-left"]].concat()).contains(&jo));
    assert!(
        in_team(
            &ws,
            &[&["--manager", "sam-lee", "--include-left"], &on[..]].concat()
        )
        .contains(&jo)
    );
}

#[test]
fn as_of_sees_the_organisation_as_it_was_that_day() {
    let ws = staffed();
    ok(&ws, &["people", "add", "kim-ng", "--left", "2026-06-30"]);
    let (code, _, stderr) = run(ws.cmd().args([
        "assess",
        "alex-morgan",
        "--by",
        "self",
        "--date",
        "2026-05-01",
        "--set",
        "team-working=3",
    ]));
    assert_eq!(code, 0, "{stderr}");
    let kim = "kim-ng".to_owned();
    // The day before Kim left, Kim was there; on the day, no longer.
    let before = ["--as-of", "2026-06-29"];
    let on = ["--as-of", "2026-06-30"];
    assert!(in_status(&ws, &before).contains(&kim));
    assert!(!in_status(&ws, &on).contains(&kim));
    assert!(listed(&ws, &before).contains(&kim));
    assert!(!listed(&ws, &on).contains(&kim));
    assert!(!listed(&ws, &[]).contains(&kim), "today, long after");
    assert!(in_team(&ws, &[&["--team", "Outreach"], &before[..]].concat()).contains(&kim));
    assert!(!in_team(&ws, &[&["--team", "Outreach"], &on[..]].concat()).contains(&kim));
    // Records made after the day do not count in it.
    let people = json(&ws, &["people", "--as-of", "2026-04-30"]);
    let alex = people["people"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == "alex-morgan")
        .unwrap()
        .clone();
    assert!(alex["latest_self"].is_null(), "{alex}");
    assert_eq!(alex["assessments"], serde_json::json!([]));
    let team = json(
        &ws,
        &["team", "--manager", "sam-lee", "--as-of", "2026-04-30"],
    );
    let rated: Vec<&serde_json::Value> = team["sections"][0]["members"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|m| m["cells"].as_array().unwrap())
        .filter(|c| !c["rating"].is_null())
        .collect();
    assert!(rated.is_empty(), "{team}");
    let team = json(
        &ws,
        &["team", "--manager", "sam-lee", "--as-of", "2026-05-01"],
    );
    assert!(team.to_string().contains("\"level\":\"3\""), "{team}");
}

#[test]
fn days_outside_the_accepted_range_are_refused_in_one_sentence_naming_the_flag() {
    let ws = staffed();
    let csv_far = write_csv(
        &ws,
        "far.csv",
        "id,name,role,team,manager,left\nsam-lee,Sam Lee,,Wellbeing,,2999-01-01\n",
    );
    let ratings = write_csv(
        &ws,
        "ratings.csv",
        "person,framework,by,competency,level,date\nalex-morgan,wdcvs,self,team-working,2,1850-01-01\n",
    );
    let far = years(days(today(), 10), 2).to_string();
    let before = ws.snapshot();
    let refused: Vec<(Vec<String>, &str)> = vec![
        (
            vec![
                "people",
                "add",
                "x-y",
                "--name",
                "X",
                "--left",
                "2999-01-01",
            ],
            "--left",
        ),
        (
            vec!["people", "add", "jo-bloggs", "--left", far.as_str()],
            "--left",
        ),
        (
            vec!["people", "add", "jo-bloggs", "--left", "1899-12-31"],
            "--left",
        ),
        (vec!["status", "--as-of", "9999-12-31"], "--as-of"),
        (vec!["status", "--as-of", "0001-01-01"], "--as-of"),
        (vec!["people", "--as-of", "2101-01-01"], "--as-of"),
        (
            vec!["team", "--manager", "sam-lee", "--as-of", "9999-12-31"],
            "--as-of",
        ),
        (
            vec![
                "gap",
                "alex-morgan",
                "--role",
                "community-link-worker",
                "--as-of",
                "9999-12-31",
            ],
            "--as-of",
        ),
        (
            vec![
                "plan",
                "alex-morgan",
                "--role",
                "community-link-worker",
                "--next-review",
                "2200-01-01",
            ],
            "--next-review",
        ),
        (
            vec!["people", "import", "staff.csv", "--date", "1800-01-01"],
            "--date",
        ),
        (
            vec![
                "assess",
                "alex-morgan",
                "--by",
                "self",
                "--date",
                "1899-12-31",
                "--set",
                "team-working=2",
            ],
            "1899-12-31",
        ),
    ]
    .into_iter()
    .map(|(args, name)| (args.into_iter().map(str::to_owned).collect(), name))
    .collect();
    write_csv(&ws, "staff.csv", STAFF);
    for (args, named) in &refused {
        let (code, stdout, stderr) = run(ws
            .cmd()
            .current_dir(ws.dir.path())
            .arg("--workspace")
            .arg(ws.root())
            .args(args));
        assert_eq!(code, 2, "{args:?} was accepted:\n{stdout}{stderr}");
        assert_eq!(
            stderr.lines().count(),
            1,
            "{args:?}: one sentence:\n{stderr}"
        );
        assert!(
            stderr.starts_with("error: ") && stderr.contains(named),
            "{args:?} does not name {named}:\n{stderr}"
        );
        assert!(!stderr.contains("-000001"), "{stderr}");
    }
    // Days in files: at the cell, file:line:column.
    let (code, _, stderr) = run(ws.cmd().args(["people", "import"]).arg(&csv_far));
    assert_eq!(code, 2);
    assert!(
        stderr.contains("far.csv:2:29") && stderr.contains("error[bad-date]"),
        "{stderr}"
    );
    let (code, _, stderr) = run(ws.cmd().arg("import").arg(&ratings));
    assert_eq!(code, 2);
    assert!(
        stderr.contains("ratings.csv:2:39") && stderr.contains("error[bad-date]"),
        "{stderr}"
    );
    let mut after = ws.snapshot();
    after.retain(|path, _| !path.ends_with("staff.csv"));
    let mut before = before;
    before.retain(|path, _| !path.ends_with("staff.csv"));
    assert_eq!(after, before, "a refused day changes nothing");
    // The edges of the range are accepted.
    let edge = years(today(), 2).to_string();
    ok(&ws, &["people", "add", "jo-bloggs", "--left", &edge]);
    ok(&ws, &["status", "--as-of", "2100-12-31"]);
    ok(&ws, &["status", "--as-of", "1900-01-01"]);
}

// ---------------------------------------------------------------------------
// 10. Quiet ways to lose people
// ---------------------------------------------------------------------------

#[test]
fn a_re_import_that_would_mark_most_of_the_roster_as_left_needs_allow_mass_leave() {
    let ws = staffed();
    let before = roster(&ws);
    let (code, stdout, stderr) = import(&ws, "id,name,role,team,manager\n", &[]);
    assert_eq!(code, 2, "{stdout}");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.contains("5 of the 5") && stderr.contains("--allow-mass-leave"),
        "{stderr}"
    );
    assert_eq!(roster(&ws), before, "nothing was changed");
    // Two of five is not more than half: no flag needed.
    let (code, stdout, stderr) = import(
        &ws,
        "id,name,role,team,manager\nsam-lee,Sam Lee,,Wellbeing,\nalex-morgan,Alex Morgan,community-link-worker,Wellbeing,sam-lee\nann-ross,Ann Ross,,Outreach,\n",
        &[],
    );
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("marked as left: "), "{stdout}");
    // Three more of the three still here: refused, then allowed.
    let (code, _, _) = import(&ws, "id,name,role,team,manager\n", &[]);
    assert_eq!(code, 2);
    let (code, stdout, stderr) =
        import(&ws, "id,name,role,team,manager\n", &["--allow-mass-leave"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("marked as left: "), "{stdout}");
    assert!(listed(&ws, &[]).is_empty());
    assert_eq!(
        listed(&ws, &["--include-left"]).len(),
        5,
        "nobody is deleted"
    );
}

#[test]
fn a_dry_run_says_what_an_import_would_change_and_writes_nothing() {
    let ws = staffed();
    let before = ws.snapshot();
    let csv = "id,name,role,team,manager\nsam-lee,Sam Lee,,Wellbeing,\nalex-morgan,Alex Morgan,community-link-worker,Outreach,sam-lee\njo-bloggs,Jo Bloggs,community-link-worker,Wellbeing,sam-lee\nann-ross,Ann Ross,,Outreach,\nnew-one,New One,,Outreach,ann-ross\n";
    let (code, stdout, stderr) = import(&ws, csv, &["--dry-run", "--date", "2026-11-30"]);
    assert_eq!(code, 0, "{stderr}");
    for line in [
        "would add: New One (new-one)",
        "would change: Alex Morgan (alex-morgan)",
        "would mark as left: Kim Ng (kim-ng)",
    ] {
        assert!(stdout.contains(line), "no `{line}` in:\n{stdout}");
    }
    assert!(
        stderr.contains("as left on 2026-11-30") && stderr.contains("Nothing was written"),
        "{stderr}"
    );
    let mut after = ws.snapshot();
    after.retain(|path, _| !path.ends_with("staff.csv"));
    let mut before = before;
    before.retain(|path, _| !path.ends_with("staff.csv"));
    assert_eq!(after, before, "a dry run writes nothing");
    // A dry run of an import that would be refused shows who would leave,
    // says it would be refused, and exits 1.
    let (code, stdout, stderr) = import(&ws, "id,name,role,team,manager\n", &["--dry-run"]);
    assert_eq!(code, 1, "{stderr}");
    assert!(stdout.contains("Sam Lee (sam-lee)"), "{stdout}");
    assert!(stderr.contains("--allow-mass-leave"), "{stderr}");
    // A dry run checks every row as the import would.
    let (code, _, stderr) = import(
        &ws,
        "id,name,role,team,manager\nBad Id,X,,T,\n",
        &["--dry-run"],
    );
    assert_eq!(code, 2);
    assert!(stderr.contains("error[bad-id]"), "{stderr}");
}

#[test]
fn a_manager_who_leaves_with_people_still_reporting_to_them_is_warned_about_and_validated() {
    let ws = staffed();
    let leaves = days(today(), 60).to_string();
    let (code, stdout, stderr) = run(ws
        .cmd()
        .args(["people", "add", "sam-lee", "--left", &leaves]));
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("changed: Sam Lee (sam-lee)"), "{stdout}");
    let warning = stderr
        .lines()
        .find(|l| l.starts_with("warning"))
        .unwrap_or_default();
    assert!(
        warning.contains("Alex Morgan (alex-morgan)")
            && warning.contains("Jo Bloggs (jo-bloggs)")
            && warning.contains(&leaves)
            && !warning.contains("kim-ng"),
        "{stderr}"
    );
    let (code, stdout, _) = run(ws.cmd().arg("validate"));
    assert_eq!(code, 0, "a warning, not an error:\n{stdout}");
    let flagged: Vec<&str> = stdout
        .lines()
        .filter(|l| l.contains("warning[reports-to-leaver]"))
        .collect();
    assert_eq!(flagged.len(), 2, "{stdout}");
    assert!(
        flagged.iter().all(|l| l.contains("roster.toml")),
        "{stdout}"
    );
    // Someone who leaves on or before their manager's day is not left behind.
    ok(&ws, &["people", "add", "jo-bloggs", "--left", &leaves]);
    ok(
        &ws,
        &["people", "add", "alex-morgan", "--manager", "ann-ross"],
    );
    let (code, stdout, _) = run(ws.cmd().arg("validate"));
    assert_eq!(code, 0);
    assert!(!stdout.contains("reports-to-leaver"), "{stdout}");
    // An import that marks a manager as left names who still reports to them.
    let (code, stdout, stderr) = import(
        &ws,
        "id,name,role,team,manager\nsam-lee,Sam Lee,,Wellbeing,\nalex-morgan,Alex Morgan,community-link-worker,Wellbeing,sam-lee\nkim-ng,Kim Ng,community-link-worker,Outreach,ann-ross\njo-bloggs,Jo Bloggs,community-link-worker,Wellbeing,sam-lee\n",
        &[],
    );
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stdout.contains("marked as left: Ann Ross (ann-ross)"),
        "{stdout}"
    );
    assert!(
        stderr.lines().any(|l| l.starts_with("warning")
            && l.contains("Ann Ross (ann-ross)")
            && l.contains("Kim Ng (kim-ng)")),
        "{stderr}"
    );
}

#[test]
fn validate_finds_an_id_twice_in_the_roster_and_changes_wait_until_it_is_fixed() {
    let ws = staffed();
    let mut text = roster(&ws);
    text.push_str("\n[[person]]\nid = \"alex-morgan\"\nname = \"Alex Again\"\n");
    std::fs::write(ws.root().join("roster.toml"), &text).unwrap();
    let first = text
        .lines()
        .position(|l| l == "id = \"alex-morgan\"")
        .unwrap()
        + 1;
    let second = text.lines().count() - 1;
    let (code, stdout, _) = run(ws.cmd().arg("validate"));
    assert_eq!(code, 1, "{stdout}");
    let line = stdout
        .lines()
        .find(|l| l.contains("error[duplicate-id]"))
        .unwrap_or_else(|| panic!("no duplicate-id in:\n{stdout}"));
    assert!(
        line.contains(&format!("roster.toml:{second}:")) && line.contains(&format!("line {first}")),
        "{line}"
    );
    // Named on its own, the roster is checked as a roster, not as a record.
    let (code, stdout, _) = run(ws.cmd().args(["validate", "roster.toml"]));
    assert_eq!(code, 1, "{stdout}");
    assert!(
        stdout.contains(&format!("roster.toml:{second}:"))
            && stdout.contains("error[duplicate-id]")
            && !stdout.contains("wrong-type"),
        "{stdout}"
    );
    let (code, _, stderr) =
        run(ws
            .cmd()
            .args(["people", "add", "jo-bloggs", "--team", "Outreach"]));
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("alex-morgan"), "{stderr}");
    assert_eq!(roster(&ws), text, "nothing was changed");
}

#[test]
fn people_import_warns_of_unknown_columns_and_refuses_a_column_named_twice() {
    let ws = staffed();
    let (code, stdout, stderr) = import(
        &ws,
        "id,name,role,team,manager,depratment\nsam-lee,Sam Lee,,Wellbeing,,HR\nalex-morgan,Alex Morgan,community-link-worker,Wellbeing,sam-lee,HR\njo-bloggs,Jo Bloggs,community-link-worker,Wellbeing,sam-lee,HR\nkim-ng,Kim Ng,community-link-worker,Outreach,ann-ross,HR\nann-ross,Ann Ross,,Outreach,,HR\n",
        &[],
    );
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("nothing changed"), "{stdout}");
    assert!(
        stderr.contains("staff.csv:1:27")
            && stderr.contains("warning[unknown-key]")
            && stderr.contains("depratment"),
        "{stderr}"
    );
    let before = roster(&ws);
    let (code, _, stderr) = import(
        &ws,
        "id,name,role,team,manager,name\nsam-lee,Sam Lee,,Wellbeing,,Samuel Lee\n",
        &[],
    );
    assert_eq!(code, 2);
    assert!(
        stderr.contains("staff.csv:1:27") && stderr.contains("error[duplicate-column]"),
        "{stderr}"
    );
    assert_eq!(roster(&ws), before);
}

#[test]
fn a_framework_file_shadowed_by_another_of_the_same_name_is_flagged() {
    let ws = Workspace::new();
    let frameworks = ws.root().join("frameworks");
    std::fs::create_dir_all(&frameworks).unwrap();
    let (code, _, stderr) = run(ws.cmd().args(["adapt", "wdcvs", "--id", "local"]));
    assert_eq!(code, 0, "{stderr}");
    let local = std::fs::read_to_string(frameworks.join("local.yaml")).unwrap();
    std::fs::write(frameworks.join("local.yml"), &local).unwrap();
    let (code, stdout, _) = run(ws.cmd().arg("validate"));
    assert_eq!(code, 0, "{stdout}");
    let line = stdout
        .lines()
        .find(|l| l.contains("warning[duplicate-id]"))
        .unwrap_or_else(|| panic!("no duplicate-id in:\n{stdout}"));
    assert!(
        line.contains("local.yml") && line.contains("local.yaml"),
        "{line}"
    );
}
