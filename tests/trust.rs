//! Trust: one safe way to change a workspace. Races between writers, kills
//! at any instant, re-imports, `--output` over what is not a plain file,
//! paths out of the workspace, and one bad file among many — each through
//! the real binary.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::assess::Workspace;
use crate::common::run;

const BIN: &str = env!("CARGO_BIN_EXE_competency");

fn ok(ws: &Workspace, args: &[&str]) -> String {
    let (code, stdout, stderr) = run(ws.cmd().args(args));
    assert_eq!(code, 0, "{args:?}: {stderr}");
    stdout
}

/// The ids in the workspace's roster.
fn roster_ids(ws: &Workspace) -> Vec<String> {
    let text = std::fs::read_to_string(ws.root().join("roster.toml")).unwrap_or_default();
    let roster: toml::Value = toml::from_str(&text).unwrap();
    let mut ids: Vec<String> = roster
        .get("person")
        .and_then(|p| p.as_array())
        .map(|people| {
            people
                .iter()
                .map(|m| m["id"].as_str().unwrap().to_owned())
                .collect()
        })
        .unwrap_or_default();
    ids.sort();
    ids
}

/// Every record file under `assessments/`, and every person folder with none.
fn records_and_empty_folders(root: &Path) -> (usize, Vec<PathBuf>) {
    let mut records = 0;
    let mut empty = Vec::new();
    for person in std::fs::read_dir(root.join("assessments")).unwrap() {
        let dir = person.unwrap().path();
        let count = std::fs::read_dir(&dir)
            .unwrap()
            .filter(|e| {
                e.as_ref()
                    .unwrap()
                    .path()
                    .extension()
                    .is_some_and(|x| x == "toml")
            })
            .count();
        if count == 0 {
            empty.push(dir);
        }
        records += count;
    }
    (records, empty)
}

// ---------------------------------------------------------------------------
// 1. Concurrent roster changes are never lost.

#[test]
fn forty_people_added_at_once_are_all_in_the_roster() {
    for trial in 0..3 {
        let ws = Workspace::new();
        let children: Vec<_> = (0..40)
            .map(|i| {
                ws.cmd()
                    .args([
                        "people",
                        "add",
                        &format!("p{i}"),
                        "--name",
                        &format!("P {i}"),
                    ])
                    .stdout(Stdio::null())
                    .stderr(Stdio::piped())
                    .spawn()
                    .unwrap()
            })
            .collect();
        for child in children {
            let out = child.wait_with_output().unwrap();
            assert!(
                out.status.success(),
                "trial {trial}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        assert_eq!(roster_ids(&ws).len(), 40, "trial {trial}");
    }
}

#[test]
fn a_people_import_racing_people_add_keeps_everyone() {
    let ws = Workspace::new();
    let mut csv = String::from("id,name,role,team,manager\n");
    for i in 0..20 {
        csv.push_str(&format!("imported-{i},Imported {i},,North,\n"));
    }
    std::fs::write(ws.root().join("staff.csv"), csv).unwrap();
    let mut children: Vec<_> = (0..20)
        .map(|i| {
            ws.cmd()
                .args(["people", "add", &format!("added-{i}"), "--name", "Added"])
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    children.insert(
        10,
        ws.cmd()
            .args(["people", "import", "staff.csv", "--allow-mass-leave"])
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap(),
    );
    for child in children {
        let out = child.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    // People added before the import are marked as left by it (they are
    // not in the file; more than half of the roster when most came first,
    // hence --allow-mass-leave), never removed; people added after stay
    // active.
    let ids = roster_ids(&ws);
    assert_eq!(ids.len(), 40, "{ids:?}");
}

// ---------------------------------------------------------------------------
// 2. An import killed at any instant leaves all of it or none of it.

fn ratings_csv(people: usize) -> String {
    let mut csv = String::from("person,framework,by,date,competency,level\n");
    for i in 0..people {
        csv.push_str(&format!("p{i},wdcvs,self,2026-05-01,team-working,3\n"));
    }
    csv
}

#[test]
fn an_import_killed_at_any_instant_leaves_all_of_it_or_none() {
    const PEOPLE: usize = 250;
    let template = Workspace::new();
    std::fs::write(template.dir.path().join("ratings.csv"), ratings_csv(PEOPLE)).unwrap();
    let csv = template.dir.path().join("ratings.csv");
    // How long one import takes here, to spread the kills across it: the
    // quickest of three, so a slow first run (a loaded machine, a cold
    // cache) does not spread the waits past the imports' end.
    let typical = (0..3)
        .map(|_| {
            let ws = Workspace::new();
            let start = Instant::now();
            let (code, _, stderr) = run(ws.cmd().arg("import").arg(&csv));
            assert_eq!(code, 0, "{stderr}");
            start.elapsed().as_micros() as u64
        })
        .min()
        .unwrap_or(1);
    let mut seed: u64 = 0x5eed;
    let (mut nothing, mut everything, mut killed) = (0, 0, 0);
    // An import that finished before its kill narrows the waits: on a
    // loaded machine the imports that follow may be quicker than the
    // measure. At least 30 trials, and more (up to 90) until 10 were killed.
    let mut limit = (typical * 11 / 10).max(1);
    let mut trial = 0;
    while trial < 30 || (killed < 10 && trial < 90) {
        trial += 1;
        let ws = Workspace::new();
        seed = seed
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        let wait = (seed >> 33) % limit;
        let mut child = ws
            .cmd()
            .arg("import")
            .arg(&csv)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_micros(wait));
        if child.try_wait().unwrap().is_none() {
            child.kill().unwrap();
            killed += 1;
        } else {
            limit = (limit * 3 / 4).max(1);
        }
        child.wait().unwrap();
        // The next command completes or rolls back what the kill left.
        let (code, stdout, _) = run(ws.cmd().args(["validate", "--format", "json"]));
        assert_eq!(code, 0, "trial {trial}: {stdout}");
        assert!(!ws.root().join(".competency/change").exists());
        let (records, empty) = records_and_empty_folders(&ws.root());
        assert!(
            records == 0 || records == PEOPLE,
            "trial {trial}: {records} of {PEOPLE} records after a kill"
        );
        assert!(empty.is_empty(), "trial {trial}: empty folders {empty:?}");
        if records == 0 {
            nothing += 1;
        } else {
            everything += 1;
        }
    }
    assert!(killed >= 10, "only {killed} of {trial} imports were killed");
    println!(
        "{trial} imports of {PEOPLE} records, {killed} killed: {nothing} left nothing, {everything} left everything"
    );
}

#[test]
fn validate_reports_a_change_that_a_kill_interrupted() {
    let ws = Workspace::new();
    // A committed change whose files were not yet moved: as a kill leaves it.
    let change = ws.root().join(".competency/change");
    std::fs::create_dir_all(change.join("files")).unwrap();
    let record = "schema = 1\nperson = \"amy\"\nframework = \"wdcvs\"\nby = \"self\"\ndate = \"2026-05-01\"\nstatus = \"draft\"\ncreated = \"2026-05-01T09:00:00Z\"\n\n[[rating]]\ncompetency = \"team-working\"\nlevel = \"3\"\n";
    std::fs::write(change.join("files/0"), record).unwrap();
    std::fs::write(
        change.join("journal"),
        "what = \"import of ratings.csv\"\nstarted = \"2026-05-01T09:00:00Z\"\n\n[[step]]\naction = \"create\"\npath = \"assessments/amy/2026-05-01-wdcvs-self.toml\"\nstaged = \"0\"\n",
    )
    .unwrap();
    let (code, stdout, _) = run(ws.cmd().arg("validate"));
    assert!(code <= 1, "{stdout}");
    assert!(
        stdout.contains("warning[interrupted-change]")
            && stdout.contains("import of ratings.csv")
            && stdout.contains("completed"),
        "{stdout}"
    );
    assert!(
        ws.root()
            .join("assessments/amy/2026-05-01-wdcvs-self.toml")
            .is_file()
    );
    assert!(!change.exists());
}

// ---------------------------------------------------------------------------
// 3. Import is idempotent, and never overrides a signed-off rating.

fn signed_off() -> Workspace {
    let ws = Workspace::new();
    ok(
        &ws,
        &[
            "assess",
            "amy",
            "--by",
            "self",
            "--date",
            "2026-03-01",
            "--set",
            "team-working=3",
            "--set",
            "networking-and-relationship-building=2",
        ],
    );
    ok(
        &ws,
        &[
            "assess",
            "amy",
            "--by",
            "manager",
            "--rater",
            "Sam Lee",
            "--date",
            "2026-03-05",
            "--role",
            "community-link-worker",
            "--set",
            "team-working=2",
            "--set",
            "networking-and-relationship-building=3",
            "--final",
        ],
    );
    ok(
        &ws,
        &[
            "assess",
            "ben",
            "--by",
            "self",
            "--date",
            "2026-03-02",
            "--set",
            "team-working=4",
        ],
    );
    ws
}

#[test]
fn importing_the_workspace_s_own_export_adds_nothing() {
    let ws = signed_off();
    let exported = ok(&ws, &["export"]);
    std::fs::write(ws.dir.path().join("all.csv"), &exported).unwrap();
    let before = ws.snapshot();
    let (code, stdout, stderr) = run(ws.cmd().arg("import").arg(ws.dir.path().join("all.csv")));
    assert_eq!((code, stdout.as_str()), (0, ""), "{stderr}");
    assert!(
        stderr.contains("imported nothing") && stderr.contains("3 records already present"),
        "{stderr}"
    );
    assert_eq!(ws.snapshot(), before);
    assert_eq!(ok(&ws, &["export"]), exported);
    // Without the `file` column the same rows are still recognised.
    let (_, latest, _) = run(ws.cmd().args(["export", "--latest"]));
    std::fs::write(ws.dir.path().join("latest.csv"), latest).unwrap();
    let (code, stdout, stderr) = run(ws.cmd().arg("import").arg(ws.dir.path().join("latest.csv")));
    assert_eq!((code, stdout.as_str()), (0, ""), "{stderr}");
    assert_eq!(ws.snapshot(), before);
}

/// The export with amy's final manager rating of team-working changed to 4.
fn changed_final_row(ws: &Workspace) -> PathBuf {
    let exported = ok(ws, &["export"]);
    let mut changed = String::new();
    for line in exported.lines() {
        if line.starts_with("amy,")
            && line.contains(",manager,")
            && line.contains(",team-working,2,")
        {
            changed.push_str(&line.replace(",team-working,2,", ",team-working,4,"));
        } else {
            changed.push_str(line);
        }
        changed.push('\n');
    }
    assert_ne!(changed, exported, "the manager's row was found");
    let path = ws.dir.path().join("changed.csv");
    std::fs::write(&path, changed).unwrap();
    path
}

#[test]
fn a_changed_final_record_is_refused_unless_amend_which_writes_an_amendment() {
    let ws = signed_off();
    let path = changed_final_row(&ws);
    let before = ws.snapshot();
    for dry in [false, true] {
        let mut cmd = ws.cmd();
        cmd.arg("import").arg(&path);
        if dry {
            cmd.arg("--dry-run");
        }
        let (code, _, stderr) = run(&mut cmd);
        assert_eq!(code, 2, "{stderr}");
        assert!(
            stderr.contains("error[final-record-changed]")
                && stderr.contains("2026-03-05-wdcvs-manager.toml")
                && stderr.contains("--amend"),
            "{stderr}"
        );
        assert_eq!(ws.snapshot(), before, "dry run {dry}");
    }
    // With --amend, a dry run says what it would write, then the import does.
    let (code, stdout, stderr) = run(ws
        .cmd()
        .arg("import")
        .arg(&path)
        .args(["--amend", "--dry-run"]));
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stdout.contains("would add assessments/amy/")
            && stdout.contains("(correcting 2026-03-05-wdcvs-manager.toml)")
            && stdout.contains("already present: assessments/ben/"),
        "{stdout}"
    );
    assert_eq!(ws.snapshot(), before);
    let (code, stdout, stderr) = run(ws.cmd().arg("import").arg(&path).arg("--amend"));
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(stdout.lines().count(), 1, "{stdout}");
    let written = ws.root().join(stdout.trim());
    let text = std::fs::read_to_string(&written).unwrap();
    assert!(
        text.contains("amends = \"2026-03-05-wdcvs-manager.toml\""),
        "{text}"
    );
    let gap = ok(
        &ws,
        &[
            "gap",
            "amy",
            "--role",
            "community-link-worker",
            "--format",
            "json",
        ],
    );
    let gap: serde_json::Value = serde_json::from_str(&gap).unwrap();
    let row = gap["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["competency"] == "team-working")
        .unwrap();
    assert_eq!(row["manager"], "4");
    // And the same file again adds nothing more.
    let (code, stdout, stderr) = run(ws.cmd().arg("import").arg(&path).arg("--amend"));
    assert_eq!((code, stdout.as_str()), (0, ""), "{stderr}");
}

// ---------------------------------------------------------------------------
// 4. Nothing is written that the reader would refuse.

#[test]
fn a_record_too_large_to_read_back_is_never_written() {
    let ws = Workspace::new();
    let evidence = "x".repeat(9 * 1024 * 1024);
    let prepared = |competency: &str| {
        format!(
            "person = \"amy\"\nframework = \"wdcvs\"\nby = \"self\"\ndate = \"2026-03-01\"\n\n[[rating]]\ncompetency = \"{competency}\"\nlevel = \"2\"\nevidence = \"{evidence}\"\n"
        )
    };
    std::fs::write(ws.dir.path().join("a.toml"), prepared("team-working")).unwrap();
    std::fs::write(
        ws.dir.path().join("b.toml"),
        prepared("networking-and-relationship-building"),
    )
    .unwrap();
    let first = ok(&ws, &["assess", "amy", "--from", "../a.toml"]);
    let name = Path::new(first.trim())
        .file_name()
        .unwrap()
        .to_string_lossy()
        .into_owned();
    let before = ws.snapshot();
    // The amendment keeps the first evidence and adds the second: 18 MiB.
    let (code, stdout, stderr) =
        run(ws
            .cmd()
            .args(["assess", "amy", "--amend", &name, "--from", "../b.toml"]));
    assert_eq!((code, stdout.as_str()), (2, ""), "{stderr}");
    assert!(stderr.contains("error[file-too-large]"), "{stderr}");
    assert_eq!(ws.snapshot(), before);
    // Every report still reads the workspace.
    for args in [
        &["export"][..],
        &["team"][..],
        &["status"][..],
        &["validate"][..],
    ] {
        let (code, _, stderr) = run(ws.cmd().args(args));
        assert_eq!(code, 0, "{args:?}: {stderr}");
    }
}

// ---------------------------------------------------------------------------
// 5. --output writes to a device or FIFO, never replaces it, and never
//    writes among the workspace's own data.

fn is_fifo(path: &Path) -> bool {
    use std::os::unix::fs::FileTypeExt;
    std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_fifo())
}

#[test]
fn output_to_a_fifo_writes_into_it_and_leaves_it_a_fifo() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("pipe");
    let made = Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(made.success());
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || std::fs::read_to_string(fifo).unwrap())
    };
    let (code, stdout, stderr) = run(Command::new(BIN)
        .args(["frameworks", "--format", "csv", "--output"])
        .arg(&fifo));
    assert_eq!((code, stdout.as_str()), (0, ""), "{stderr}");
    let read = reader.join().unwrap();
    assert!(read.starts_with("id,name,"), "{read}");
    assert!(is_fifo(&fifo), "the FIFO was replaced");
}

#[test]
fn output_to_a_character_device_writes_to_it_and_leaves_it_a_device() {
    use std::os::unix::fs::FileTypeExt;
    let dir = tempfile::tempdir().unwrap();
    // A device node of our own, the null device's numbers (1, 3): never the
    // machine's /dev/null itself.
    let null = dir.path().join("null");
    let made = Command::new("mknod")
        .arg(&null)
        .args(["c", "1", "3"])
        .stderr(Stdio::null())
        .status()
        .unwrap();
    if !made.success() {
        // Only root makes device nodes; `.ci/run` runs this test as root.
        assert!(
            std::env::var_os(crate::common::NO_SKIP).is_none(),
            "making a device node needs root, and this test may not skip"
        );
        eprintln!("skipped: making a device node needs root");
        return;
    }
    let (code, _, stderr) = run(Command::new(BIN)
        .args(["frameworks", "--output"])
        .arg(&null));
    assert_eq!(code, 0, "{stderr}");
    let kind = std::fs::symlink_metadata(&null).unwrap().file_type();
    assert!(kind.is_char_device(), "the device node was replaced");
}

#[test]
fn output_among_the_workspace_s_own_data_or_to_a_folder_is_refused() {
    let ws = Workspace::new();
    ok(&ws, &["people", "add", "amy", "--name", "Amy"]);
    let record = ok(
        &ws,
        &[
            "assess",
            "amy",
            "--by",
            "self",
            "--set",
            "team-working=3",
            "--final",
        ],
    );
    let before = ws.snapshot();
    for target in [
        record.trim(),
        "roster.toml",
        "competency.toml",
        "roles/new.yaml",
        "frameworks/wdcvs.yaml",
        "assessments/new/x.csv",
    ] {
        let (code, stdout, stderr) = run(ws.cmd().args(["export", "--output", target]));
        assert_eq!((code, stdout.as_str()), (2, ""), "{target}: {stderr}");
        assert!(
            stderr.starts_with(&format!(
                "error: --output {target} is among the workspace's own data"
            )),
            "{target}: {stderr}"
        );
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
        assert_eq!(ws.snapshot(), before, "{target}");
    }
    // Also through a path that reaches the workspace from outside.
    let outside = ws.dir.path().join("ws/../ws/roster.toml");
    let (code, _, stderr) = run(ws.cmd().arg("export").arg("--output").arg(&outside));
    assert_eq!(code, 2, "{stderr}");
    let (code, _, stderr) = run(ws.cmd().args(["export", "--output", "assessments"]));
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("is a folder; give a file name"), "{stderr}");
    // Beside the data, in the workspace folder itself, is fine.
    ok(&ws, &["export", "--output", "ratings.csv"]);
    let mut after = ws.snapshot();
    assert!(after.remove(&ws.root().join("ratings.csv")).is_some());
    assert_eq!(after, before);
}

// ---------------------------------------------------------------------------
// 6. No path out of the workspace.

fn outside_secret(ws: &Workspace) -> PathBuf {
    let outside = ws.dir.path().join("outside/secret");
    std::fs::create_dir_all(&outside).unwrap();
    std::fs::write(
        outside.join("2026-01-01-wdcvs-self.toml"),
        "schema = 1\nperson = \"secret\"\nframework = \"wdcvs\"\nby = \"self\"\nrater = \"TOP SECRET NAME\"\ndate = \"2026-01-01\"\nstatus = \"draft\"\ncreated = \"2026-01-01T00:00:00Z\"\n",
    )
    .unwrap();
    outside
}

#[test]
fn a_roster_id_that_is_a_path_is_left_out_and_never_read() {
    let ws = Workspace::new();
    outside_secret(&ws);
    std::fs::write(
        ws.root().join("roster.toml"),
        "schema = 1\n\n[[person]]\nid = \"../../outside/secret\"\nname = \"Secret\"\n\n[[person]]\nid = \"amy\"\nname = \"Amy\"\n",
    )
    .unwrap();
    for args in [
        &["people"][..],
        &["team"][..],
        &["status"][..],
        &["export"][..],
    ] {
        let (code, stdout, stderr) = run(ws.cmd().args(args));
        assert!(code <= 1, "{args:?}: {stderr}");
        assert!(
            !stdout.contains("TOP SECRET") && !stderr.contains("TOP SECRET"),
            "{args:?} read outside the workspace"
        );
    }
    let (code, stdout, _) = run(ws.cmd().arg("validate"));
    assert_eq!(code, 1, "{stdout}");
    assert!(stdout.contains("not a valid person id"), "{stdout}");
    // And no roster change keeps or uses it without saying.
    let (code, _, stderr) = run(ws.cmd().args(["people", "add", "ben", "--name", "Ben"]));
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("correct roster.toml first"), "{stderr}");
}

#[test]
fn frameworks_and_roles_folders_that_are_links_are_refused() {
    let ws = Workspace::new();
    let elsewhere = ws.dir.path().join("elsewhere");
    std::fs::create_dir_all(&elsewhere).unwrap();
    let (_, yaml, _) = run(ws.cmd().args(["show", "wdcvs", "--format", "yaml"]));
    std::fs::write(
        elsewhere.join("planted.yaml"),
        yaml.replace("id: wdcvs", "id: planted"),
    )
    .unwrap();
    std::fs::remove_dir(ws.root().join("roles")).unwrap();
    std::os::unix::fs::symlink(&elsewhere, ws.root().join("frameworks")).unwrap();
    std::os::unix::fs::symlink(&elsewhere, ws.root().join("roles")).unwrap();
    let (code, stdout, _) = run(ws.cmd().arg("validate"));
    assert_eq!(code, 1, "{stdout}");
    assert_eq!(
        stdout.matches("error[symbolic-link]").count(),
        2,
        "{stdout}"
    );
    let (code, stdout, stderr) = run(ws.cmd().arg("frameworks"));
    assert_eq!(code, 1, "{stderr}");
    assert!(!stdout.contains("planted"), "{stdout}");
    assert!(stderr.contains("symbolic link"), "{stderr}");
    let (code, _, _) = run(ws.cmd().args(["show", "planted"]));
    assert_eq!(code, 2);
}

#[test]
fn a_person_folder_swapped_for_a_link_during_imports_never_sends_a_write_outside() {
    use rustix::fs::{CWD, RenameFlags, renameat_with};
    let ws = Workspace::new();
    let outside = ws.dir.path().join("outside");
    std::fs::create_dir_all(&outside).unwrap();
    let people = ws.root().join("assessments");
    std::fs::create_dir_all(people.join("amy")).unwrap();
    std::os::unix::fs::symlink(&outside, people.join("amy-swap")).unwrap();
    let mut csv = String::from("person,framework,by,date,competency,level\n");
    for day in 1..=28 {
        csv.push_str(&format!("amy,wdcvs,self,2026-02-{day:02},team-working,3\n"));
    }
    let file = ws.dir.path().join("amy.csv");
    std::fs::write(&file, csv).unwrap();
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let swapper = {
        let stop = std::sync::Arc::clone(&stop);
        let (a, b) = (people.join("amy"), people.join("amy-swap"));
        std::thread::spawn(move || {
            let mut swaps = 0u64;
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                if renameat_with(CWD, &a, CWD, &b, RenameFlags::EXCHANGE).is_ok() {
                    swaps += 1;
                }
            }
            swaps
        })
    };
    for _ in 0..20 {
        let _ = run(ws.cmd().arg("import").arg(&file));
    }
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    let swaps = swapper.join().unwrap();
    assert!(swaps > 100, "only {swaps} swaps");
    let written: Vec<_> = std::fs::read_dir(&outside).unwrap().collect();
    assert!(
        written.is_empty(),
        "{} files written outside the workspace",
        written.len()
    );
}

// ---------------------------------------------------------------------------
// 8. One bad file never blocks everyone.

#[test]
fn a_broken_framework_file_nobody_needs_is_one_warning() {
    let ws = Workspace::new();
    ok(&ws, &["people", "add", "sam", "--name", "Sam"]);
    ok(
        &ws,
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
        ],
    );
    ok(
        &ws,
        &["assess", "amy", "--by", "self", "--set", "team-working=3"],
    );
    std::fs::create_dir_all(ws.root().join("frameworks")).unwrap();
    std::fs::write(ws.root().join("frameworks/zz.yaml"), "name: [\n").unwrap();
    for args in [
        &["gap", "amy"][..],
        &["plan", "amy"][..],
        &["team", "--manager", "sam"][..],
        &["readiness", "amy"][..],
        &[
            "people",
            "add",
            "ben",
            "--name",
            "Ben",
            "--role",
            "community-link-worker",
        ][..],
    ] {
        let (code, _, stderr) = run(ws.cmd().args(args));
        assert_eq!(code, 0, "{args:?}: {stderr}");
        let warnings: Vec<&str> = stderr.lines().filter(|l| l.contains("zz.yaml")).collect();
        assert!(warnings.len() <= 1, "{args:?}: {stderr}");
        for line in warnings {
            assert!(
                line.contains("warning[") && line.contains("left out"),
                "{line}"
            );
        }
    }
}

#[test]
fn records_on_a_broken_framework_are_left_out_and_the_rest_reported() {
    let ws = Workspace::new();
    let (_, yaml, _) = run(ws.cmd().args(["show", "wdcvs", "--format", "yaml"]));
    let draft = yaml
        .replacen("id: wdcvs", "id: draft", 1)
        .replace("  - id: community-link-worker", "  - id: draft-link-worker");
    std::fs::create_dir_all(ws.root().join("frameworks")).unwrap();
    std::fs::write(ws.root().join("frameworks/draft.yaml"), &draft).unwrap();
    ok(
        &ws,
        &["assess", "amy", "--by", "self", "--set", "team-working=3"],
    );
    ok(
        &ws,
        &[
            "assess",
            "ben",
            "--framework",
            "draft",
            "--by",
            "self",
            "--set",
            "team-working=2",
        ],
    );
    // The draft gets a level its scale lacks.
    std::fs::write(
        ws.root().join("frameworks/draft.yaml"),
        draft.replacen("level: \"1\"", "level: \"9\"", 1),
    )
    .unwrap();
    let (code, stdout, stderr) = run(ws.cmd().args(["export", "--format", "csv"]));
    assert_eq!(code, 1, "{stderr}");
    assert!(stdout.contains("\namy,"), "{stdout}");
    assert!(!stdout.contains("\nben,"), "{stdout}");
    assert!(
        stderr.contains("left out: assessments/ben/") && stderr.contains("error[broken-framework]"),
        "{stderr}"
    );
    let (code, stdout, stderr) = run(ws.cmd().args(["team", "--format", "json"]));
    assert_eq!(code, 1, "{stderr}");
    let json: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(json["left_out"][0]["code"], "broken-framework", "{json}");
}

#[test]
fn a_report_run_while_an_import_commits_sees_all_of_it_or_none() {
    const PEOPLE: usize = 400;
    let ws = Workspace::new();
    // One change committed before, so the commit lock exists.
    ok(
        &ws,
        &["assess", "amy", "--by", "self", "--set", "team-working=3"],
    );
    std::fs::write(ws.dir.path().join("ratings.csv"), ratings_csv(PEOPLE)).unwrap();
    let mut import = ws
        .cmd()
        .arg("import")
        .arg(ws.dir.path().join("ratings.csv"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut seen = Vec::new();
    loop {
        let done = import.try_wait().unwrap().is_some();
        let (code, stdout, stderr) = run(ws.cmd().args(["export", "--format", "csv"]));
        assert_eq!(code, 0, "{stderr}");
        let imported = stdout
            .lines()
            .filter(|l| l.starts_with('p') && l.as_bytes().get(1).is_some_and(u8::is_ascii_digit))
            .count();
        assert!(
            imported == 0 || imported == PEOPLE,
            "export saw {imported} of the {PEOPLE} records of an import being committed"
        );
        seen.push(imported);
        if done {
            break;
        }
    }
    assert_eq!(seen.last(), Some(&PEOPLE));
}

#[test]
fn the_example_workspace_s_export_imported_again_adds_nothing() {
    // Checklist ratings (whose ticks a table cannot carry), corrections,
    // peers and an organisation's record included.
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("ws");
    let status = Command::new("cp")
        .arg("-r")
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/workspace"))
        .arg(&root)
        .status()
        .unwrap();
    assert!(status.success());
    let (code, exported, stderr) = run(Command::new(BIN).current_dir(&root).arg("export"));
    assert_eq!(code, 0, "{stderr}");
    std::fs::write(dir.path().join("all.csv"), &exported).unwrap();
    let (records, _) = records_and_empty_folders(&root);
    let (code, stdout, stderr) = run(Command::new(BIN)
        .current_dir(&root)
        .arg("import")
        .arg(dir.path().join("all.csv")));
    assert_eq!((code, stdout.as_str()), (0, ""), "{stderr}");
    assert!(
        stderr.contains("imported nothing from ")
            && stderr.contains(&format!("{records} records already present")),
        "{stderr}"
    );
    assert_eq!(records_and_empty_folders(&root).0, records);
}
