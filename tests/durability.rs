//! Crash and concurrency safety of the record store, with the real binary:
//! writers killed at random points, and two writers at once.

use std::collections::BTreeSet;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::assess::Workspace;
use crate::common::run;

fn assess(root: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_competency"));
    cmd.current_dir(root)
        .env_remove("COMPETENCY_WORKSPACE")
        .args([
            "assess",
            "jane-doe",
            "--by",
            "self",
            "--set",
            "team-working=3",
            "--evidence",
            "team-working=Written under test",
        ])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    cmd
}

/// Record files and hidden leftovers in jane-doe's folder.
fn files(root: &Path) -> (Vec<String>, Vec<String>) {
    let dir = root.join("assessments/jane-doe");
    let mut records = Vec::new();
    let mut hidden = Vec::new();
    for entry in std::fs::read_dir(dir).into_iter().flatten() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        if name.starts_with('.') {
            hidden.push(name);
        } else {
            records.push(name);
        }
    }
    records.sort();
    (records, hidden)
}

/// A small deterministic generator, so a failure can be replayed.
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % n.max(1)
    }
}

#[test]
fn writers_killed_at_random_points_never_leave_a_torn_or_lost_record() {
    let ws = Workspace::new();
    let root = ws.root();
    // How long one write takes here (the median of five), to spread the kills across it.
    let mut times: Vec<u64> = (0..5)
        .map(|_| {
            let start = Instant::now();
            assert!(assess(&root).output().unwrap().status.success());
            start.elapsed().as_micros() as u64
        })
        .collect();
    times.sort_unstable();
    let typical = times[2];
    let mut rng = Lcg(0x5eed);
    let mut completed: Vec<String> = Vec::new();
    let (mut kills, mut runs) = (0, 0);
    while kills < 200 && runs < 2000 {
        runs += 1;
        let mut child = assess(&root).spawn().unwrap();
        std::thread::sleep(Duration::from_micros(rng.below(typical * 5 / 4)));
        if child.try_wait().unwrap().is_none() {
            child.kill().unwrap(); // SIGKILL: no chance to clean up
            kills += 1;
        }
        let output = child.wait_with_output().unwrap();
        if output.status.success() {
            completed.push(String::from_utf8_lossy(&output.stdout).trim().to_owned());
        }
    }
    assert!(kills >= 200, "only {kills} kills in {runs} runs");
    // The next command finishes (or rolls back) a change a kill interrupted,
    // and says so; after it nothing is half done.
    let (code, stdout, _) = run(Command::new(env!("CARGO_BIN_EXE_competency"))
        .current_dir(&root)
        .args(["validate", "--format", "json"]));
    assert_eq!(code, 0, "{stdout}");
    assert!(
        !root.join(".competency/change").exists(),
        "a change was left half done"
    );
    let (records, hidden) = files(&root);
    // No completed record was lost, and every file that looks like a record is one.
    for path in &completed {
        assert!(
            root.join(path).is_file(),
            "a completed record is missing: {path}"
        );
    }
    assert!(
        records.len() > completed.len(),
        "the first write and every completed one are there"
    );
    for name in &records {
        let text = std::fs::read_to_string(root.join("assessments/jane-doe").join(name)).unwrap();
        let raw = competency::testing::record::parse(Path::new(name), &text)
            .unwrap_or_else(|d| panic!("{name} is torn: {}", d.headline()));
        let record =
            competency::testing::record::rules::check(Path::new(name), &text, raw, None, None)
                .record
                .unwrap_or_else(|| panic!("{name} is incomplete"));
        assert_eq!(record.checksum_matches(), Some(true), "{name}");
    }
    // Staged files never sit among the records.
    let report: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let leftovers = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == "leftover-temporary-file")
        .count();
    assert_eq!(leftovers, hidden.len());
    assert!(
        hidden.is_empty(),
        "temporary files in a person's folder: {hidden:?}"
    );
    let (_, people, _) = run(Command::new(env!("CARGO_BIN_EXE_competency"))
        .current_dir(&root)
        .args(["people", "--format", "json"]));
    let people: serde_json::Value = serde_json::from_str(&people).unwrap();
    assert_eq!(
        people["people"][0]["assessments"].as_array().unwrap().len(),
        records.len()
    );
    println!(
        "{runs} runs, {kills} killed with SIGKILL, {} completed, {} records, {} leftover temporary files",
        completed.len(),
        records.len(),
        hidden.len()
    );
}

#[test]
fn two_writers_at_once_end_with_every_record_distinct_and_valid() {
    let ws = Workspace::new();
    let root = ws.root();
    let writers: Vec<_> = (0..2)
        .map(|_| {
            let root = root.clone();
            std::thread::spawn(move || {
                (0..200)
                    .map(|_| {
                        let output = assess(&root).output().unwrap();
                        assert!(
                            output.status.success(),
                            "{}",
                            String::from_utf8_lossy(&output.stderr)
                        );
                        String::from_utf8_lossy(&output.stdout).trim().to_owned()
                    })
                    .collect::<Vec<_>>()
            })
        })
        .collect();
    let printed: Vec<String> = writers
        .into_iter()
        .flat_map(|w| w.join().unwrap())
        .collect();
    let distinct: BTreeSet<&String> = printed.iter().collect();
    assert_eq!(printed.len(), 400);
    assert_eq!(distinct.len(), 400, "two writers were given the same file");
    let (records, hidden) = files(&root);
    assert_eq!(records.len(), 400);
    assert!(hidden.is_empty(), "{hidden:?}");
    let (code, stdout, _) = run(Command::new(env!("CARGO_BIN_EXE_competency"))
        .current_dir(&root)
        .arg("validate"));
    assert_eq!(code, 0, "{stdout}");
    assert!(stdout.contains("0 errors, 0 warnings"), "{stdout}");
}
