//! Retention: `purge --left-before DATE` removes the people who left before
//! the day with every file about them, after a dry run, all or nothing, and
//! leaves a tombstone per person in `purged.log` that names no one.

use std::process::Stdio;
use std::time::{Duration, Instant};

use insta::assert_snapshot;

use crate::assess::Workspace;
use crate::common::{copy_tree, run};

fn ok(ws: &Workspace, args: &[&str]) -> String {
    let (code, stdout, stderr) = run(ws.cmd().args(args));
    assert_eq!(code, 0, "{args:?}: {stderr}");
    stdout
}

fn write(ws: &Workspace, name: &str, text: &str) -> std::path::PathBuf {
    let path = ws.dir.path().join(name);
    std::fs::write(&path, text).unwrap();
    path
}

/// Ann left in 2019 (two assessments, a review, and saved answers of an
/// unfinished questionnaire), Ann Lee and Bo stay (Ann Lee's saved answers must
/// survive Ann's purge), Cy left in 2019 but still manages Bo, and Di left
/// last month.
fn organisation() -> Workspace {
    let ws = Workspace::new();
    let staff = write(
        &ws,
        "staff.csv",
        "id,name,role,team,manager,left\nann,Ann Smith,community-link-worker,Wellbeing,,2019-03-31\nann-lee,Ann Lee,community-link-worker,Wellbeing,,\ncy,Cy Young,,Wellbeing,,2019-06-30\nbo,Bo Chan,community-link-worker,Wellbeing,cy,\ndi,Di Patel,community-link-worker,Wellbeing,,2026-11-01\n",
    );
    ok(&ws, &["people", "import", staff.to_str().unwrap()]);
    let ratings = write(
        &ws,
        "ratings.csv",
        "person,framework,by,date,competency,level,status\nann,wdcvs,self,2018-05-01,team-working,3,final\nann,wdcvs,manager,2018-05-08,team-working,2,final\nann-lee,wdcvs,self,2026-05-01,team-working,3,draft\nbo,wdcvs,self,2026-05-01,team-working,2,draft\ndi,wdcvs,self,2026-05-01,team-working,4,draft\n",
    );
    ok(&ws, &["import", ratings.to_str().unwrap()]);
    ok(
        &ws,
        &[
            "review",
            "ann",
            "--date",
            "2018-05-08",
            "--action",
            "Shadow a colleague; due=2018-09-01",
        ],
    );
    let progress = ws.root().join(".competency/progress");
    std::fs::create_dir_all(&progress).unwrap();
    for name in [
        "ann-wdcvs-self-person.toml",
        "ann-lee-wdcvs-self-person.toml",
    ] {
        std::fs::write(progress.join(name), "# saved answers\n").unwrap();
    }
    ws
}

#[test]
fn a_dry_run_says_who_would_go_and_writes_nothing() {
    let ws = organisation();
    let before = ws.snapshot();
    let (code, stdout, stderr) = run(ws.cmd().args(["purge", "--left-before", "2020-01-01"]));
    // Cy is kept (still Bo's manager): the output says so, and exits 1.
    assert_eq!(code, 1, "{stderr}");
    assert_snapshot!("purge_dry_run_table", stdout);
    assert!(
        stderr.contains("Cy Young (cy) left 2019-06-30 but is kept: still the line manager of Bo Chan (bo), who stays"),
        "{stderr}"
    );
    let (_, json, _) =
        run(ws
            .cmd()
            .args(["purge", "--left-before", "2020-01-01", "--format", "json"]));
    assert_snapshot!("purge_dry_run_json", json);
    assert_eq!(ws.snapshot(), before, "a dry run changed the workspace");
}

#[test]
fn apply_removes_the_people_their_records_and_saved_answers_and_leaves_a_nameless_tombstone() {
    let ws = organisation();
    let (code, stdout, stderr) =
        run(ws
            .cmd()
            .args(["purge", "--left-before", "2020-01-01", "--apply"]));
    assert_eq!(code, 1, "Cy is kept, so exit 1: {stderr}");
    assert!(
        stdout.starts_with("Removed 1 person who left before 2020-01-01"),
        "{stdout}"
    );
    let root = ws.root();
    assert!(!root.join("assessments/ann").exists());
    assert!(!root.join("reviews/ann").exists());
    assert!(
        !root
            .join(".competency/progress/ann-wdcvs-self-person.toml")
            .exists()
    );
    // Ann Lee's id starts with Ann's: her saved answers and records stay.
    assert!(
        root.join(".competency/progress/ann-lee-wdcvs-self-person.toml")
            .exists()
    );
    assert!(root.join("assessments/ann-lee").exists());
    let roster = std::fs::read_to_string(root.join("roster.toml")).unwrap();
    assert!(!roster.contains("Ann Smith"), "{roster}");
    assert!(
        roster.contains("Cy Young") && roster.contains("Ann Lee"),
        "{roster}"
    );

    let log = std::fs::read_to_string(root.join("purged.log")).unwrap();
    let lines: Vec<serde_json::Value> = log
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 1, "{log}");
    let line = &lines[0];
    assert_eq!(line["left"], "2019-03-31");
    assert_eq!(line["records"], 3, "two assessments and a review");
    assert_eq!(line["files"], 4, "three records and the saved answers");
    assert!(line["person"].as_str().unwrap().starts_with("p-"), "{log}");
    assert!(
        line["digest"].as_str().unwrap().starts_with("sha256:"),
        "{log}"
    );
    for name in ["Ann", "ann", "Smith"] {
        assert!(!log.contains(name), "the tombstone names {name}: {log}");
    }

    // The workspace is whole: validate is clean, the reports no longer know Ann.
    let (code, out, _) = run(ws.cmd().arg("validate"));
    assert_eq!(code, 0, "{out}");
    let people = ok(&ws, &["people", "--include-left", "--format", "csv"]);
    assert!(!people.contains("Ann Smith"), "{people}");
    assert!(people.contains("Ann Lee"), "{people}");
    let export = ok(&ws, &["export"]);
    assert!(!export.lines().any(|l| l.starts_with("ann,")), "{export}");

    // Once Bo has a new manager, Cy goes too; the log grows by one line, and
    // the salt (hence Ann's key) is the one made the first time.
    ok(&ws, &["people", "add", "bo", "--manager", "ann-lee"]);
    let (code, _, stderr) = run(ws
        .cmd()
        .args(["purge", "--left-before", "2020-01-01", "--apply"]));
    assert_eq!(code, 0, "{stderr}");
    let again = std::fs::read_to_string(root.join("purged.log")).unwrap();
    assert_eq!(again.lines().count(), 2, "{again}");
    assert!(again.starts_with(&log), "the first line changed: {again}");
    let (_, stdout, _) = run(ws.cmd().args(["purge", "--left-before", "2020-01-01"]));
    assert!(
        stdout.starts_with("No one who left before 2020-01-01 is to be removed."),
        "{stdout}"
    );
}

#[test]
fn a_day_to_come_or_a_bad_day_is_refused() {
    let ws = organisation();
    let before = ws.snapshot();
    for day in ["2999-01-01", "2020-02-30", "last year"] {
        let (code, _, stderr) = run(ws.cmd().args(["purge", "--left-before", day, "--apply"]));
        assert_eq!(code, 2, "{day}: {stderr}");
        assert!(stderr.contains("--left-before"), "{day}: {stderr}");
    }
    assert_eq!(ws.snapshot(), before);
}

#[test]
fn with_a_retention_period_status_names_the_leavers_past_it_and_purge_needs_no_day() {
    let ws = organisation();
    let (code, _, stderr) = run(ws.cmd().arg("purge"));
    assert_eq!(code, 2, "no day and no period: {stderr}");
    assert!(stderr.contains("retention-years"), "{stderr}");
    let settings = ws.root().join("competency.toml");
    let mut text = std::fs::read_to_string(&settings).unwrap();
    text = text.replacen("name = ", "retention-years = 6\nname = ", 1);
    std::fs::write(&settings, text).unwrap();

    let status = ok(&ws, &["status"]);
    assert!(
        status.contains("Past the retention period (6 years after leaving): 2 people left before"),
        "{status}"
    );
    assert!(
        status.contains("Ann Smith (ann, left 2019-03-31); Cy Young (cy, left 2019-06-30)"),
        "{status}"
    );
    let json: serde_json::Value =
        serde_json::from_str(&ok(&ws, &["status", "--format", "json"])).unwrap();
    assert_eq!(json["retention"]["years"], 6);
    assert_eq!(json["retention"]["past"].as_array().unwrap().len(), 2);
    // A manager's view is not about retention.
    let team = ok(&ws, &["status", "--team", "Wellbeing"]);
    assert!(!team.contains("retention"), "{team}");

    // Di left last month: within the period, not named, not removed.
    let (code, stdout, _) = run(ws.cmd().args(["purge", "--apply"]));
    assert_eq!(code, 1, "Cy is kept: {stdout}");
    assert!(stdout.starts_with("Removed 1 person"), "{stdout}");
    assert!(ws.root().join("assessments/di").exists());
    let status = ok(&ws, &["status"]);
    assert!(
        status.contains("1 person left before") && !status.contains("Ann Smith"),
        "{status}"
    );
}

#[test]
fn a_purge_killed_at_any_instant_removes_everyone_or_no_one() {
    const LEAVERS: usize = 200;
    let template = Workspace::new();
    let mut staff = String::from("id,name,role,team,manager,left\nstays,Stays Here,,,,\n");
    let mut ratings = String::from("person,framework,by,date,competency,level\n");
    for i in 0..LEAVERS {
        staff.push_str(&format!("p{i},Person {i},,,,2019-01-31\n"));
        ratings.push_str(&format!("p{i},wdcvs,self,2018-05-01,team-working,3\n"));
    }
    let staff = write(&template, "staff.csv", &staff);
    let ratings = write(&template, "ratings.csv", &ratings);
    ok(
        &template,
        &[
            "people",
            "import",
            staff.to_str().unwrap(),
            "--allow-mass-leave",
        ],
    );
    ok(&template, &["import", ratings.to_str().unwrap()]);
    // How long one purge takes here, to spread the kills across it: the
    // quickest of three, so a slow first run does not spread the waits
    // past the purges' end.
    let typical = (0..3)
        .map(|_| {
            let timing = tempfile::tempdir().unwrap();
            copy_tree(&template.root(), timing.path());
            let start = Instant::now();
            let (code, _, stderr) = run(crate::common::competency()
                .current_dir(timing.path())
                .args(["purge", "--left-before", "2020-01-01", "--apply"]));
            assert_eq!(code, 0, "{stderr}");
            start.elapsed().as_micros() as u64
        })
        .min()
        .unwrap_or(1);

    let mut seed: u64 = 0x9e37;
    let (mut none, mut all, mut killed) = (0, 0, 0);
    for trial in 0..20 {
        let dir = tempfile::tempdir().unwrap();
        copy_tree(&template.root(), dir.path());
        seed = seed
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        let wait = (seed >> 33) % (typical * 11 / 10).max(1);
        let mut child = crate::common::competency()
            .current_dir(dir.path())
            .args(["purge", "--left-before", "2020-01-01", "--apply"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_micros(wait));
        if child.try_wait().unwrap().is_none() {
            child.kill().unwrap();
            killed += 1;
        }
        child.wait().unwrap();
        // The next command completes or rolls back what the kill left.
        let (code, out, _) = run(crate::common::competency()
            .current_dir(dir.path())
            .args(["validate"]));
        assert!(code == 0, "trial {trial}: {out}");
        assert!(!dir.path().join(".competency/change").exists());
        let folders = std::fs::read_dir(dir.path().join("assessments"))
            .unwrap()
            .count();
        let roster = std::fs::read_to_string(dir.path().join("roster.toml")).unwrap();
        let in_roster = roster.matches("\nid = \"p").count();
        let log_lines =
            std::fs::read_to_string(dir.path().join("purged.log")).map_or(0, |l| l.lines().count());
        if folders == LEAVERS && in_roster == LEAVERS && log_lines == 0 {
            none += 1;
        } else if folders == 0 && in_roster == 0 && log_lines == LEAVERS {
            all += 1;
        } else {
            panic!(
                "trial {trial}: {folders} folders, {in_roster} in the roster, {log_lines} tombstones after a kill"
            );
        }
    }
    assert!(killed >= 7, "only {killed} of 20 purges were killed");
    println!(
        "20 purges of {LEAVERS} people, {killed} killed: {none} removed no one, {all} everyone"
    );
}
