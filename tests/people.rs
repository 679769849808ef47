//! The organisation: the roster (import, add, list), names in reports, each
//! person's own role, team scopes, the appraisal cycle, the questionnaire's
//! rater and role, and starter roles.

use std::path::Path;

use crate::assess::Workspace;
use crate::common::{competency, run};

const STAFF: &str = "id,name,role,team,manager\nsam-lee,Sam Lee,,Wellbeing,\nalex-morgan,Alex Morgan,community-link-worker,Wellbeing,sam-lee\njo-bloggs,Jo Bloggs,community-link-worker,Wellbeing,sam-lee\nkim-ng,Kim Ng,community-link-worker,Outreach,ann-ross\nann-ross,Ann Ross,,Outreach,\n";

fn import(ws: &Workspace, csv: &str) -> (i32, String, String) {
    let file = ws.dir.path().join("staff.csv");
    std::fs::write(&file, csv).unwrap();
    run(ws.cmd().args(["people", "import"]).arg(&file))
}

/// A workspace with the STAFF roster and ratings for Alex (self and manager)
/// and a self-assessment for Jo.
fn organisation() -> Workspace {
    let ws = Workspace::new();
    let (code, _, stderr) = import(&ws, STAFF);
    assert_eq!(code, 0, "{stderr}");
    for args in [
        &[
            "alex-morgan",
            "--by",
            "self",
            "--rater",
            "Alex Morgan",
            "--date",
            "2026-05-01",
            "--set",
            "team-working=3",
            "--set",
            "delivering-quality-services=2",
        ][..],
        &[
            "alex-morgan",
            "--by",
            "manager",
            "--rater",
            "Sam Lee",
            "--date",
            "2026-05-08",
            "--set",
            "team-working=2",
            "--set",
            "delivering-quality-services=2",
            "--final",
        ][..],
        &[
            "jo-bloggs",
            "--by",
            "self",
            "--rater",
            "Jo Bloggs",
            "--date",
            "2026-05-02",
            "--set",
            "team-working=4",
        ][..],
    ] {
        let (code, _, stderr) = run(ws.cmd().arg("assess").args(args));
        assert_eq!(code, 0, "{stderr}");
    }
    ws
}

#[test]
fn a_roster_with_mistakes_is_refused_at_each_place_and_nothing_is_written() {
    let ws = Workspace::new();
    let before = ws.snapshot();
    let bad = "id,name,role,team,manager\nann,Ann,community-link-worker,T,\nBad Id,X,,T,\nbob,Bob,nurse,T,zed\nann,Ann again,,T,\ncat,Cat,,T,dan\ndan,Dan,,T,cat\n";
    let (code, stdout, stderr) = import(&ws, bad);
    assert_eq!(code, 2, "{stdout}");
    let locations: Vec<&str> = stderr
        .lines()
        .filter(|l| l.contains(": error["))
        .map(|l| l.split(": error[").next().unwrap_or_default())
        .collect();
    let file = ws.dir.path().join("staff.csv").display().to_string();
    for (place, code) in [
        (":3:1", "bad-id"),
        (":4:9", "unknown-role"),
        (":4:17", "unknown-person"),
        (":5:1", "duplicate-id"),
        (":6:12", "manager-loop"),
    ] {
        assert!(
            locations
                .iter()
                .any(|l| l.ends_with(place) && l.starts_with(&file))
                && stderr.contains(&format!("error[{code}]")),
            "no {code} at {place}:\n{stderr}"
        );
    }
    assert_eq!(ws.snapshot(), before, "a refused roster changes nothing");
    let (code, _, stderr) = import(&ws, "id,name,role\nann,Ann,\n");
    assert_eq!(code, 2);
    assert!(
        stderr.contains("error[missing-column]") && stderr.contains(":1:1"),
        "{stderr}"
    );
}

#[test]
fn a_re_import_says_what_changed_and_marks_the_missing_as_left() {
    let ws = organisation();
    let smaller = "id,name,role,team,manager\nsam-lee,Sam Lee,,Wellbeing,\nalex-morgan,Alex Morgan,community-link-worker,Outreach,sam-lee\nann-ross,Ann Ross,,Outreach,\n";
    let file = ws.dir.path().join("staff.csv");
    std::fs::write(&file, smaller).unwrap();
    let (code, stdout, stderr) = run(ws
        .cmd()
        .args(["people", "import"])
        .arg(&file)
        .args(["--date", "2026-06-30"]));
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stdout.contains("changed: Alex Morgan (alex-morgan)"),
        "{stdout}"
    );
    let left = stdout
        .lines()
        .find(|l| l.starts_with("marked as left: "))
        .unwrap_or_default();
    assert!(left.contains("Jo Bloggs (jo-bloggs)"), "{stdout}");
    let roster = std::fs::read_to_string(ws.root().join("roster.toml")).unwrap();
    assert!(roster.contains("left = \"2026-06-30\""), "{roster}");
    // A leaver's records stay readable; lists leave them out unless asked.
    let (_, people, _) = run(ws.cmd().arg("people"));
    assert!(!people.contains("Jo Bloggs"), "{people}");
    let (_, people, _) = run(ws.cmd().args(["people", "--include-left"]));
    assert!(
        people.contains("Jo Bloggs (jo-bloggs) (left 2026-06-30)"),
        "{people}"
    );
    let (code, history, _) = run(ws.cmd().args(["history", "jo-bloggs"]));
    assert_eq!(code, 0);
    assert!(history.contains("Jo Bloggs"), "{history}");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(ws.root().join("roster.toml"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
    }
}

#[test]
fn people_add_checks_like_an_import_and_updates_in_place() {
    let ws = organisation();
    let (code, _, stderr) = run(ws.cmd().args([
        "people",
        "add",
        "new-one",
        "--role",
        "community-link-worker",
    ]));
    assert_eq!(code, 2);
    assert!(stderr.contains("--name"), "{stderr}");
    let (code, _, stderr) = run(ws.cmd().args([
        "people",
        "add",
        "new-one",
        "--name",
        "New One",
        "--manager",
        "nobody",
    ]));
    assert_eq!(code, 2);
    assert!(stderr.contains("`nobody` is not in the roster"), "{stderr}");
    let (code, _, stderr) =
        run(ws
            .cmd()
            .args(["people", "add", "sam-lee", "--manager", "alex-morgan"]));
    assert_eq!(code, 2, "Sam manages Alex, so Alex cannot manage Sam");
    assert!(stderr.contains("loop"), "{stderr}");
    let (code, stdout, stderr) =
        run(ws
            .cmd()
            .args(["people", "add", "jo-bloggs", "--team", "Outreach"]));
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stdout.contains("changed: Jo Bloggs (jo-bloggs)"),
        "{stdout}"
    );
    let roster = std::fs::read_to_string(ws.root().join("roster.toml")).unwrap();
    assert!(
        roster.contains(
            "name = \"Jo Bloggs\"\nrole = \"community-link-worker\"\nteam = \"Outreach\""
        ),
        "{roster}"
    );
}

#[test]
fn reports_use_the_persons_own_role_and_name_in_every_format() {
    let ws = organisation();
    for format in ["table", "json", "csv", "markdown"] {
        let (code, stdout, stderr) = run(ws.cmd().args(["gap", "alex-morgan", "--format", format]));
        assert_eq!(code, 0, "{format}: {stderr}");
        assert!(
            stdout.contains("community-link-worker"),
            "{format}: {stdout}"
        );
        if format != "csv" {
            assert!(stdout.contains("Alex Morgan"), "{format}: {stdout}");
        }
    }
    let (_, stdout, _) = run(ws
        .cmd()
        .args(["plan", "alex-morgan", "--format", "markdown"]));
    assert!(stdout.starts_with("# Appraisal: Alex Morgan"), "{stdout}");
    // Without a roster role, the role on the latest record counts; with none, say how to give one.
    let (code, _, stderr) = run(ws.cmd().args(["people", "add", "pat", "--name", "Pat"]));
    assert_eq!(code, 0, "{stderr}");
    run(ws
        .cmd()
        .args(["assess", "pat", "--by", "self", "--set", "team-working=2"]));
    let (code, _, stderr) = run(ws.cmd().args(["gap", "pat"]));
    assert_eq!(code, 2);
    assert!(
        stderr.contains("--role") && stderr.contains("people add pat --role"),
        "{stderr}"
    );
    let (code, _, stderr) = run(ws.cmd().args(["gap", "pat", "--role", "nurse"]));
    assert_eq!(code, 2);
    assert!(
        stderr.contains("competency roles") && stderr.contains("roles/*.yaml"),
        "{stderr}"
    );
}

fn team_people(ws: &Workspace, args: &[&str]) -> Vec<String> {
    let (code, stdout, stderr) = run(ws.cmd().arg("team").args(args).args(["--format", "json"]));
    assert_eq!(code, 0, "{args:?}: {stderr}");
    let json: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    // One section or several, the shape is the same: `sections[]`.
    let mut people: Vec<String> = json["sections"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|s| s["members"].as_array().unwrap())
        .map(|p| p["person"].as_str().unwrap().to_owned())
        .collect();
    people.sort();
    people
}

#[test]
fn team_scopes_by_manager_team_and_role_with_the_unrated_listed() {
    let ws = organisation();
    assert_eq!(
        team_people(&ws, &["--manager", "sam-lee"]),
        vec!["alex-morgan", "jo-bloggs"]
    );
    assert_eq!(team_people(&ws, &["--team", "Outreach"]), vec!["kim-ng"]);
    assert_eq!(
        team_people(&ws, &["--role", "community-link-worker"]),
        vec!["alex-morgan", "jo-bloggs", "kim-ng"]
    );
    // Kim has no rating: listed, all unrated, so a manager sees who is missing.
    let (_, stdout, _) = run(ws
        .cmd()
        .args(["team", "--team", "Outreach", "--format", "json"]));
    let json: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let kim = &json["sections"][0]["members"][0];
    assert_eq!(kim["name"], "Kim Ng");
    assert_eq!(kim["role"], "community-link-worker");
    assert!(
        kim["cells"]
            .as_array()
            .unwrap()
            .iter()
            .all(|c| c["status"] == "unrated")
    );
    let (code, _, stderr) = run(ws.cmd().args(["team", "--manager", "nobody"]));
    assert_eq!(code, 2);
    assert!(stderr.contains("unknown person `nobody`"), "{stderr}");
}

#[test]
fn a_team_over_several_frameworks_has_a_section_each_and_no_organisations() {
    let ws = organisation();
    run(ws.cmd().args([
        "people",
        "add",
        "dee",
        "--name",
        "Dee",
        "--role",
        "nursery-practitioner",
        "--manager",
        "sam-lee",
    ]));
    run(ws.cmd().args([
        "assess",
        "dee",
        "--framework",
        "sssc-clf",
        "--by",
        "self",
        "--set",
        "self-confidence=engaged",
    ]));
    run(ws.cmd().args([
        "assess",
        "home",
        "--subject",
        "organisation",
        "--framework",
        "sssc-clf",
        "--by",
        "manager",
        "--set",
        "access-to-feedback=engaged",
    ]));
    let (code, stdout, stderr) =
        run(ws
            .cmd()
            .args(["team", "--manager", "sam-lee", "--format", "json"]));
    assert_eq!(code, 0, "{stderr}");
    let json: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let sections = json["sections"].as_array().expect("sections");
    let frameworks: Vec<&str> = sections
        .iter()
        .map(|s| s["framework"].as_str().unwrap())
        .collect();
    assert_eq!(frameworks, vec!["wdcvs", "sssc-clf"]);
    let (_, all, _) = run(ws.cmd().args(["team", "--format", "csv"]));
    assert!(
        !all.contains("home,"),
        "an organisation is not a person: {all}"
    );
}

#[test]
fn status_lists_what_is_outstanding_and_overdue_on_a_fixed_day() {
    let ws = organisation();
    let settings = ws.root().join("competency.toml");
    let mut text = std::fs::read_to_string(&settings).unwrap();
    text.push_str("\n[cycle]\nstarts = \"04-01\"\ndue = \"10-31\"\n");
    std::fs::write(&settings, text).unwrap();
    let status = |day: &str, extra: &[&str]| {
        let (code, stdout, stderr) = run(ws
            .cmd()
            .args(["status", "--as-of", day, "--format", "json"])
            .args(extra));
        assert_eq!(code, 0, "{stderr}");
        serde_json::from_str::<serde_json::Value>(&stdout).unwrap()
    };
    let before = status("2026-10-01", &[]);
    assert_eq!(before["cycle"]["start"], "2026-04-01");
    assert_eq!(before["cycle"]["due"], "2026-10-31");
    let line = |json: &serde_json::Value, id: &str| {
        json["people"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["person"] == id)
            .cloned()
            .unwrap()
    };
    assert_eq!(
        line(&before, "alex-morgan")["outstanding"],
        serde_json::json!([])
    );
    assert_eq!(
        line(&before, "jo-bloggs")["outstanding"],
        serde_json::json!(["manager", "sign-off"])
    );
    assert_eq!(line(&before, "jo-bloggs")["overdue"], false);
    let after = status("2026-11-02", &[]);
    assert_eq!(line(&after, "jo-bloggs")["overdue"], true);
    assert_eq!(
        line(&after, "kim-ng")["outstanding"],
        serde_json::json!(["self", "manager", "sign-off"])
    );
    // A new cycle: last year's assessments no longer count.
    let next = status("2027-04-02", &["--manager", "sam-lee"]);
    assert_eq!(
        line(&next, "alex-morgan")["outstanding"],
        serde_json::json!(["self", "manager", "sign-off"])
    );
    assert_eq!(next["people"].as_array().unwrap().len(), 2);
    let (code, _, stderr) = run(ws.cmd().args(["status", "--team", "Nowhere"]));
    assert_eq!(code, 2);
    assert!(stderr.contains("unknown team"), "{stderr}");
}

#[test]
fn a_bad_cycle_in_the_settings_is_refused_at_its_line() {
    let ws = Workspace::new();
    let settings = ws.root().join("competency.toml");
    let mut text = std::fs::read_to_string(&settings).unwrap();
    text.push_str("\n[cycle]\nstarts = \"02-30\"\n");
    std::fs::write(&settings, text).unwrap();
    let (code, _, stderr) = run(ws.cmd().arg("status"));
    assert_eq!(code, 2);
    assert!(
        stderr.contains("competency.toml:") && stderr.contains("error[bad-date]"),
        "{stderr}"
    );
}

#[test]
fn init_writes_a_starter_role_where_the_source_defines_none() {
    let dir = tempfile::tempdir().unwrap();
    for (framework, file, role) in [
        ("ombudsman", "caseworker.yaml", "caseworker"),
        ("cherwell-snc", "council-roles.yaml", "service-manager"),
    ] {
        let ws = dir.path().join(framework);
        let (code, _, stderr) = run(competency()
            .arg("init")
            .arg(&ws)
            .args(["--framework", framework]));
        assert_eq!(code, 0, "{stderr}");
        let text = std::fs::read_to_string(ws.join("roles").join(file)).unwrap();
        assert!(
            text.starts_with('#') && text.contains("levels are your organisation's to set"),
            "{text}"
        );
        let (code, stdout, stderr) = run(competency()
            .arg("--workspace")
            .arg(&ws)
            .args(["role", role]));
        assert_eq!(code, 0, "{stderr}");
        assert!(!stdout.is_empty());
        let (code, stdout, _) = run(competency().arg("--workspace").arg(&ws).arg("validate"));
        assert_eq!(code, 0, "{stdout}");
    }
    let ombudsman =
        std::fs::read_to_string(dir.path().join("ombudsman/roles/caseworker.yaml")).unwrap();
    assert_eq!(
        ombudsman.matches(": \"3\"").count(),
        6,
        "every competency at Usually shown"
    );
    assert!(!Path::new(&dir.path().join("wdcvs-none")).exists());
}

#[test]
fn the_example_workspace_has_a_roster_with_two_managers_two_teams_and_a_leaver() {
    let (code, stdout, stderr) = run(competency().args([
        "--workspace",
        "examples/workspace",
        "people",
        "--include-left",
        "--format",
        "json",
    ]));
    assert_eq!(code, 0, "{stderr}");
    let json: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let people = json["people"].as_array().unwrap();
    let mut teams: Vec<&str> = people.iter().filter_map(|p| p["team"].as_str()).collect();
    teams.sort_unstable();
    teams.dedup();
    assert_eq!(teams, vec!["Council Services", "Wellbeing"]);
    let managers: Vec<&str> = people
        .iter()
        .filter_map(|p| p["manager"].as_str())
        .collect();
    assert!(managers.contains(&"sam-lee") && managers.contains(&"lee-grant"));
    assert!(people.iter().any(|p| p["left"].is_string()));
}

#[test]
fn init_says_to_add_the_people_before_assessing_them() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("ws");
    let (code, stdout, stderr) = run(competency()
        .arg("init")
        .arg(&ws)
        .args(["--framework", "wdcvs"]));
    assert_eq!(code, 0, "{stderr}");
    let shown = ws.display().to_string();
    let text = stdout.replace(&shown, "WS");
    insta::assert_snapshot!("init_next_steps", text);
    // The command it suggests runs once its words are filled in.
    let (code, _, stderr) = run(competency().arg("--workspace").arg(&ws).args([
        "people",
        "add",
        "alex-morgan",
        "--name",
        "Alex Morgan",
        "--role",
        "community-link-worker",
    ]));
    assert_eq!(code, 0, "{stderr}");
}

#[test]
fn init_sets_the_appraisal_cycle_and_the_pack_reviews_on_its_due_day_or_a_year_on() {
    let dir = tempfile::tempdir().unwrap();
    // A start that is not a day of the year is refused, and nothing made.
    let refused = dir.path().join("refused");
    let (code, _, stderr) = run(competency()
        .arg("init")
        .arg(&refused)
        .args(["--cycle-start", "04-31"]));
    assert_eq!(code, 2, "{stderr}");
    assert_eq!(
        stderr,
        "error: --cycle-start: `04-31` is not a month and day (use MM-DD, e.g. 04-01 for 1 April)\n"
    );
    assert!(!refused.exists());

    let april = dir.path().join("april");
    let (code, stdout, stderr) = run(competency().arg("init").arg(&april).args([
        "--framework",
        "wdcvs",
        "--cycle-start",
        "04-01",
    ]));
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stdout.contains("appraisal cycle: 1 April to 31 March, reviews due by 31 March"),
        "{stdout}"
    );
    let settings = std::fs::read_to_string(april.join("competency.toml")).unwrap();
    assert!(
        settings.contains("[cycle]\nstarts = \"04-01\"\n"),
        "{settings}"
    );

    // Without --cycle-start: the calendar year, said, and nothing written.
    let calendar = dir.path().join("calendar");
    let (code, stdout, stderr) = run(competency()
        .arg("init")
        .arg(&calendar)
        .args(["--framework", "wdcvs"]));
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stdout.contains("appraisal cycle: the calendar year"),
        "{stdout}"
    );
    let settings = std::fs::read_to_string(calendar.join("competency.toml")).unwrap();
    assert!(!settings.contains("cycle"), "{settings}");

    // A meeting on 2 December: never a review 29 days on.
    let next_review = |ws: &Path| -> String {
        let (code, _, stderr) = run(competency().arg("--workspace").arg(ws).args([
            "assess",
            "alex-morgan",
            "--by",
            "manager",
            "--rater",
            "Sam Lee",
            "--role",
            "community-link-worker",
            "--date",
            "2025-12-02",
            "--set",
            "team-working=3",
        ]));
        assert_eq!(code, 0, "{stderr}");
        let (code, stdout, stderr) = run(competency().arg("--workspace").arg(ws).args([
            "plan",
            "alex-morgan",
            "--role",
            "community-link-worker",
            "--format",
            "json",
        ]));
        assert_eq!(code, 0, "{stderr}");
        let plan: serde_json::Value = serde_json::from_str(&stdout).unwrap();
        plan["next_review"].as_str().unwrap().to_owned()
    };
    // No cycle in the settings: a year on.
    assert_eq!(next_review(&calendar), "2026-12-02");
    // The cycle's due day, 31 March, four months on.
    assert_eq!(next_review(&april), "2026-03-31");
}
