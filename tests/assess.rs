//! `init`, `assess` and `people` in a temporary workspace, with the real binary.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use insta_cmd::assert_cmd_snapshot;

use crate::common::{competency, run};

/// A fresh workspace in a temporary folder.
pub struct Workspace {
    pub dir: tempfile::TempDir,
}

impl Workspace {
    pub fn new() -> Workspace {
        let dir = tempfile::tempdir().unwrap();
        let (code, _, stderr) = run(competency().arg("init").arg(dir.path().join("ws")).args([
            "--name",
            "Test",
            "--framework",
            "wdcvs",
        ]));
        assert_eq!(code, 0, "{stderr}");
        Workspace { dir }
    }

    pub fn root(&self) -> PathBuf {
        self.dir.path().join("ws")
    }

    /// The binary, run inside the workspace.
    pub fn cmd(&self) -> std::process::Command {
        let mut cmd = competency();
        cmd.current_dir(self.root());
        cmd
    }

    /// Every file under the workspace with its bytes, to prove nothing changed
    /// (the index of checked records aside: reports write it).
    pub fn snapshot(&self) -> BTreeMap<PathBuf, Vec<u8>> {
        fn walk(dir: &Path, files: &mut BTreeMap<PathBuf, Vec<u8>>) {
            for entry in std::fs::read_dir(dir).unwrap() {
                let path = entry.unwrap().path();
                if crate::common::is_derived(&path) {
                    continue;
                }
                if path.is_dir() {
                    files.insert(path.clone(), Vec::new());
                    walk(&path, files);
                } else {
                    files.insert(path.clone(), std::fs::read(&path).unwrap());
                }
            }
        }
        let mut files = BTreeMap::new();
        walk(&self.root(), &mut files);
        files
    }

    pub fn records(&self, person: &str) -> Vec<PathBuf> {
        let dir = self.root().join("assessments").join(person);
        let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
            .map(|d| {
                d.map(|e| e.unwrap().path())
                    .filter(|p| p.extension().is_some_and(|e| e == "toml"))
                    .collect()
            })
            .unwrap_or_default();
        files.sort();
        files
    }
}

#[cfg(unix)]
fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

#[test]
fn init_creates_a_private_workspace_and_refuses_to_overwrite_one() {
    let ws = Workspace::new();
    let root = ws.root();
    for sub in ["roles", "assessments"] {
        assert!(root.join(sub).is_dir());
    }
    assert!(root.join("README.md").is_file());
    let config = std::fs::read_to_string(root.join("competency.toml")).unwrap();
    assert!(config.contains("name = \"Test\""), "{config}");
    assert!(config.contains("default-framework = \"wdcvs\""), "{config}");
    #[cfg(unix)]
    assert_eq!(mode(&root), 0o700);
    let before = ws.snapshot();
    let (code, _, stderr) = run(competency().arg("init").arg(&root));
    assert_eq!(code, 2);
    assert!(stderr.contains("already a workspace"), "{stderr}");
    assert_eq!(ws.snapshot(), before);
}

#[test]
fn recording_twice_on_one_day_writes_two_private_records() {
    let ws = Workspace::new();
    for _ in 0..2 {
        let (code, stdout, stderr) = run(ws.cmd().args([
            "assess",
            "jane-doe",
            "--by",
            "self",
            "--set",
            "team-working=3",
        ]));
        assert_eq!(code, 0, "{stderr}");
        assert!(
            stdout.trim().starts_with("assessments/jane-doe/"),
            "{stdout}"
        );
        assert!(ws.root().join(stdout.trim()).is_file());
    }
    let records = ws.records("jane-doe");
    assert_eq!(records.len(), 2);
    let names: Vec<String> = records
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    assert!(
        names[0].ends_with("-wdcvs-self-2.toml") || names[1].ends_with("-wdcvs-self-2.toml"),
        "{names:?}"
    );
    #[cfg(unix)]
    {
        for record in &records {
            assert_eq!(mode(record), 0o600, "{}", record.display());
        }
        assert_eq!(mode(records[0].parent().unwrap()), 0o700);
    }
    let (code, stdout, _) = run(ws.cmd().arg("validate"));
    assert_eq!(code, 0, "{stdout}");
}

#[test]
fn a_record_carries_what_the_rater_gave() {
    let ws = Workspace::new();
    let (code, stdout, stderr) = run(ws.cmd().args([
        "assess",
        "jane-doe",
        "--by",
        "manager",
        "--rater",
        "Sam Lee",
        "--role",
        "community-link-worker",
        "--date",
        "2026-11-02",
        "--set",
        "team-working=Level 3",
        "--set",
        "delivering-quality-services=level 2",
        "--na",
        "networking-and-relationship-building",
        "--evidence",
        "team-working=Led the practice team day",
        "--final",
    ]));
    assert_eq!((code, stderr.as_str()), (0, ""));
    assert_eq!(
        stdout.trim(),
        "assessments/jane-doe/2026-11-02-wdcvs-manager.toml"
    );
    let text = std::fs::read_to_string(ws.root().join(stdout.trim())).unwrap();
    let record: toml::Table = toml::from_str(&text).unwrap();
    assert_eq!(record["schema"].as_integer(), Some(1));
    assert_eq!(record["person"].as_str(), Some("jane-doe"));
    assert_eq!(record["by"].as_str(), Some("manager"));
    assert_eq!(record["rater"].as_str(), Some("Sam Lee"));
    assert_eq!(record["status"].as_str(), Some("final"));
    assert!(
        record["fingerprint"]
            .as_str()
            .unwrap()
            .starts_with("sha256:")
    );
    assert!(record["checksum"].as_str().unwrap().starts_with("sha256:"));
    let ratings = record["rating"].as_array().unwrap();
    let by_id = |id: &str| {
        ratings
            .iter()
            .find(|r| r["competency"].as_str() == Some(id))
            .unwrap()
    };
    assert_eq!(by_id("team-working")["level"].as_str(), Some("3"));
    assert_eq!(
        by_id("team-working")["evidence"].as_str(),
        Some("Led the practice team day")
    );
    assert_eq!(
        by_id("delivering-quality-services")["level"].as_str(),
        Some("2")
    );
    assert_eq!(
        by_id("networking-and-relationship-building")["not-applicable"].as_bool(),
        Some(true)
    );
}

#[test]
fn refused_inputs_write_nothing_and_say_why_in_one_sentence() {
    let ws = Workspace::new();
    let before = ws.snapshot();
    let cases: &[&[&str]] = &[
        &["assess", "../x", "--by", "self", "--set", "team-working=3"],
        &[
            "assess",
            "Jane Doe",
            "--by",
            "self",
            "--set",
            "team-working=3",
        ],
        &[
            "assess",
            "jane-doe",
            "--by",
            "self",
            "--set",
            "team-workin=3",
        ],
        &[
            "assess",
            "jane-doe",
            "--by",
            "self",
            "--set",
            "team-working=9",
        ],
        &[
            "assess",
            "jane-doe",
            "--by",
            "self",
            "--set",
            "team-working",
        ],
        &[
            "assess",
            "jane-doe",
            "--by",
            "self",
            "--set",
            "team-working=3",
            "--date",
            "2026-02-30",
        ],
        &[
            "assess",
            "jane-doe",
            "--by",
            "self",
            "--set",
            "team-working=3",
            "--date",
            "2999-01-01",
        ],
        &[
            "assess",
            "jane-doe",
            "--by",
            "self",
            "--set",
            "team-working=3",
            "--framework",
            "nope",
        ],
        &[
            "assess",
            "jane-doe",
            "--by",
            "self",
            "--set",
            "team-working=3",
            "--role",
            "nursery-manager",
        ],
        &[
            "assess",
            "jane-doe",
            "--by",
            "self",
            "--set",
            "team-working=3",
            "--na",
            "team-working",
        ],
        &["assess", "jane-doe", "--set", "team-working=3"],
        &["assess", "jane-doe", "--by", "self"],
        &[
            "assess",
            "jane-doe",
            "--by",
            "self",
            "--framework",
            "sssc-clf",
            "--set",
            "access-to-feedback=engaged",
        ],
        &[
            "assess",
            "jane-doe",
            "--by",
            "self",
            "--amend",
            "no-such-record.toml",
        ],
        &[
            "assess",
            "jane-doe",
            "--by",
            "boss",
            "--set",
            "team-working=3",
        ],
    ];
    let mut transcript = String::new();
    for args in cases {
        let (code, stdout, stderr) = run(ws.cmd().args(*args).stdin(std::process::Stdio::null()));
        assert_eq!(code, 2, "{args:?}: {stdout}{stderr}");
        assert!(stdout.is_empty(), "{args:?}: {stdout}");
        assert!(!stderr.contains("panicked"), "{stderr}");
        transcript.push_str(&format!("$ competency {}\n{stderr}\n", args.join(" ")));
        assert_eq!(ws.snapshot(), before, "{args:?} changed the workspace");
    }
    insta::assert_snapshot!(
        "refused_inputs_write_nothing_and_say_why_in_one_sentence",
        transcript
    );
}

#[test]
fn from_reads_a_record_back_into_a_new_one_with_the_same_ratings() {
    let ws = Workspace::new();
    let (_, first, _) = run(ws.cmd().args([
        "assess",
        "jane-doe",
        "--by",
        "manager",
        "--date",
        "2026-11-02",
        "--set",
        "team-working=3",
        "--evidence",
        "team-working=Led the day",
        "--na",
        "delivering-quality-services",
    ]));
    let first = ws.root().join(first.trim());
    let (code, second, stderr) = run(ws.cmd().args(["assess", "jane-doe", "--from"]).arg(&first));
    assert_eq!(code, 0, "{stderr}");
    let second = ws.root().join(second.trim());
    assert_ne!(first, second);
    let read =
        |p: &Path| -> toml::Table { toml::from_str(&std::fs::read_to_string(p).unwrap()).unwrap() };
    let (a, b) = (read(&first), read(&second));
    assert_eq!(a["rating"], b["rating"]);
    for key in ["person", "framework", "by", "date", "fingerprint"] {
        assert_eq!(a[key], b[key], "{key}");
    }
    assert_ne!(a["created"], b["created"]);
}

#[test]
fn a_prepared_file_with_mistakes_is_refused_at_their_lines() {
    let ws = Workspace::new();
    let file = ws.dir.path().join("prepared.toml");
    std::fs::write(
        &file,
        "framework = \"wdcvs\"\nby = \"self\"\n\n[[rating]]\ncompetency = \"team-working\"\nlevel = \"7\"\n\n[[rating]]\ncompetency = \"teamwork\"\nlevel = \"1\"\n",
    )
    .unwrap();
    let before = ws.snapshot();
    let (code, _, stderr) = run(ws.cmd().args(["assess", "jane-doe", "--from"]).arg(&file));
    assert_eq!(code, 2);
    assert!(
        stderr.contains("prepared.toml:6:9: error[unknown-level]"),
        "{stderr}"
    );
    assert!(
        stderr.contains("prepared.toml:9:14: error[unknown-competency]"),
        "{stderr}"
    );
    assert_eq!(ws.snapshot(), before);
}

#[test]
fn a_final_record_is_never_rewritten_and_an_amendment_names_it() {
    let ws = Workspace::new();
    let (_, first, _) = run(ws.cmd().args([
        "assess",
        "jane-doe",
        "--by",
        "manager",
        "--set",
        "team-working=2",
        "--final",
    ]));
    let first_path = ws.root().join(first.trim());
    let original = std::fs::read(&first_path).unwrap();
    let name = first_path
        .file_name()
        .unwrap()
        .to_string_lossy()
        .into_owned();
    let (code, second, stderr) = run(ws.cmd().args([
        "assess",
        "jane-doe",
        "--amend",
        &name,
        "--set",
        "team-working=3",
        "--final",
    ]));
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(std::fs::read(&first_path).unwrap(), original);
    let amended: toml::Table =
        toml::from_str(&std::fs::read_to_string(ws.root().join(second.trim())).unwrap()).unwrap();
    assert_eq!(amended["amends"].as_str(), Some(name.as_str()));
    assert_eq!(amended["by"].as_str(), Some("manager"));
    assert_eq!(amended["rating"][0]["level"].as_str(), Some("3"));
    // A hand edit of the final record is caught by validate.
    let edited = String::from_utf8(original)
        .unwrap()
        .replace("level = \"2\"", "level = \"4\"");
    std::fs::write(&first_path, edited).unwrap();
    let (code, stdout, _) = run(ws.cmd().arg("validate"));
    assert_eq!(code, 1);
    assert!(stdout.contains("error[edited-after-final]"), "{stdout}");
    // It cannot be amended: that would carry the edit into a valid-looking record.
    let (code, _, stderr) = run(ws.cmd().args([
        "assess",
        "jane-doe",
        "--amend",
        &name,
        "--set",
        "team-working=1",
    ]));
    assert_eq!(code, 2);
    assert!(stderr.contains("changed by hand"), "{stderr}");
}

#[test]
fn a_hand_edited_final_record_is_read_as_it_stands_and_flagged() {
    let ws = Workspace::new();
    let (_, path, _) = run(ws.cmd().args([
        "assess",
        "jane-doe",
        "--by",
        "manager",
        "--set",
        "team-working=2",
        "--final",
    ]));
    let path = ws.root().join(path.trim());
    let text = std::fs::read_to_string(&path)
        .unwrap()
        .replace("level = \"2\"", "level = \"4\"");
    std::fs::write(&path, text).unwrap();
    let (code, stdout, stderr) =
        run(ws
            .cmd()
            .args(["gap", "jane-doe", "--role", "community-link-worker"]));
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stdout.contains("was changed by hand after it was written"),
        "{stdout}"
    );
    let (code, _, _) = run(ws.cmd().args(["history", "jane-doe"]));
    assert_eq!(code, 0);
    let (code, stdout, _) = run(ws.cmd().arg("validate"));
    assert_eq!(code, 1);
    assert!(stdout.contains("error[edited-after-final]"), "{stdout}");
}

#[test]
fn a_correction_keeps_the_day_and_kind_of_what_it_corrects() {
    let ws = Workspace::new();
    let (_, march, _) = run(ws.cmd().args([
        "assess",
        "pat",
        "--by",
        "manager",
        "--date",
        "2026-03-01",
        "--set",
        "team-working=2",
        "--final",
    ]));
    run(ws.cmd().args([
        "assess",
        "pat",
        "--by",
        "manager",
        "--date",
        "2026-06-01",
        "--set",
        "team-working=3",
        "--final",
    ]));
    let march = Path::new(march.trim())
        .file_name()
        .unwrap()
        .to_string_lossy()
        .into_owned();
    let (code, amended, stderr) = run(ws.cmd().args([
        "assess",
        "pat",
        "--amend",
        &march,
        "--set",
        "team-working=1",
        "--final",
    ]));
    assert_eq!(code, 0, "{stderr}");
    assert!(
        amended.trim().ends_with("2026-03-01-wdcvs-manager-2.toml"),
        "{amended}"
    );
    // June's assessment is still the latest.
    let (_, json, _) = run(ws.cmd().args([
        "gap",
        "pat",
        "--role",
        "community-link-worker",
        "--format",
        "json",
    ]));
    let json: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(json["rows"][0]["rating"], "3");
    // As of April, the correction (made for March) counts.
    let (_, json, _) = run(ws.cmd().args([
        "gap",
        "pat",
        "--role",
        "community-link-worker",
        "--as-of",
        "2026-04-01",
        "--format",
        "json",
    ]));
    let json: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(json["rows"][0]["rating"], "1");
    // A correction stays a manager's assessment on the same framework.
    for args in [
        vec![
            "assess",
            "pat",
            "--amend",
            march.as_str(),
            "--by",
            "self",
            "--set",
            "team-working=1",
        ],
        vec![
            "assess",
            "pat",
            "--amend",
            march.as_str(),
            "--framework",
            "sssc-clf",
            "--set",
            "flexibility=engaged",
        ],
    ] {
        let (code, _, stderr) = run(ws.cmd().args(&args));
        assert_eq!(code, 2, "{args:?}");
        assert!(stderr.starts_with("error: --amend"), "{stderr}");
    }
}

#[test]
fn validate_warns_when_a_record_was_made_against_an_older_framework() {
    let ws = Workspace::new();
    let (code, _, _) = run(ws.cmd().args([
        "assess",
        "jane-doe",
        "--by",
        "self",
        "--set",
        "team-working=3",
    ]));
    assert_eq!(code, 0);
    // Adapt the framework in the workspace: one indicator reworded.
    let yaml = std::fs::read_to_string("frameworks/wdcvs.yaml")
        .unwrap()
        .replacen(
            "You see yourself as part of the wider team",
            "You see yourself as part of the whole organisation",
            1,
        );
    std::fs::create_dir(ws.root().join("frameworks")).unwrap();
    std::fs::write(ws.root().join("frameworks/wdcvs.yaml"), yaml).unwrap();
    let (code, stdout, _) = run(ws.cmd().arg("validate"));
    assert_eq!(code, 0, "a warning is not an error: {stdout}");
    assert!(stdout.contains("warning[framework-changed]"), "{stdout}");
    assert!(stdout.contains("which has changed since"), "{stdout}");
}

#[test]
fn validate_finds_unknown_competencies_levels_and_bad_dates_in_records() {
    let ws = Workspace::new();
    let dir = ws.root().join("assessments/jane-doe");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("2026-01-01-wdcvs-self.toml"),
        "schema = 1\nperson = \"jane-doe\"\nframework = \"wdcvs\"\nfingerprint = \"sha256:0\"\nby = \"self\"\ndate = \"2026-02-30\"\nstatus = \"draft\"\ncreated = \"2026-01-01T00:00:00Z\"\n\n[[rating]]\ncompetency = \"team-workin\"\nlevel = \"3\"\n\n[[rating]]\ncompetency = \"team-working\"\nlevel = \"5\"\n",
    )
    .unwrap();
    // Modes as a default umask leaves them, whatever this machine's umask is.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let set =
            |p: &Path, m| std::fs::set_permissions(p, std::fs::Permissions::from_mode(m)).unwrap();
        set(&dir, 0o755);
        set(&dir.join("2026-01-01-wdcvs-self.toml"), 0o644);
    }
    let output = run(ws.cmd().arg("validate"));
    assert_eq!(output.0, 1);
    insta::assert_snapshot!(
        "validate_finds_unknown_competencies_levels_and_bad_dates_in_records",
        output.1
    );
}

#[test]
fn people_lists_everyone_and_their_assessments() {
    let ws = Workspace::new();
    for args in [
        [
            "assess",
            "jane-doe",
            "--by",
            "self",
            "--date",
            "2026-10-01",
            "--set",
            "team-working=3",
        ],
        [
            "assess",
            "jane-doe",
            "--by",
            "manager",
            "--date",
            "2026-10-08",
            "--set",
            "team-working=2",
        ],
        [
            "assess",
            "omar-ali",
            "--by",
            "self",
            "--date",
            "2026-09-30",
            "--set",
            "team-working=4",
        ],
    ] {
        assert_eq!(run(ws.cmd().args(args)).0, 0);
    }
    let (code, stdout, _) = run(ws.cmd().arg("people"));
    assert_eq!(code, 0);
    insta::assert_snapshot!("people_lists_everyone_and_their_assessments", stdout);
    let (_, json, _) = run(ws.cmd().args(["people", "--format", "json"]));
    let json: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(json["people"].as_array().unwrap().len(), 2);
}

#[test]
fn an_organisation_is_assessed_on_organisational_capabilities_only() {
    let ws = Workspace::new();
    let (code, stdout, stderr) = run(ws.cmd().args([
        "assess",
        "east-care-home",
        "--subject",
        "organisation",
        "--framework",
        "sssc-clf",
        "--by",
        "manager",
        "--set",
        "access-to-feedback=engaged",
    ]));
    assert_eq!(code, 0, "{stderr}");
    let text = std::fs::read_to_string(ws.root().join(stdout.trim())).unwrap();
    assert!(text.contains("subject = \"organisation\""), "{text}");
    let (code, _, stderr) = run(ws.cmd().args([
        "assess",
        "east-care-home",
        "--subject",
        "organisation",
        "--framework",
        "sssc-clf",
        "--by",
        "manager",
        "--set",
        "flexibility=engaged",
    ]));
    assert_eq!(code, 2);
    assert!(stderr.contains("rates a person"), "{stderr}");
}

#[test]
fn a_writer_that_cannot_take_the_lock_gives_up_with_a_clear_message() {
    let ws = Workspace::new();
    let lock = std::fs::File::options()
        .create(true)
        .truncate(false)
        .write(true)
        .open(ws.root().join(".competency.lock"))
        .unwrap();
    lock.lock().unwrap();
    let before = ws.snapshot();
    let (code, _, stderr) = run(ws.cmd().env("COMPETENCY_LOCK_TIMEOUT_MS", "200").args([
        "assess",
        "jane-doe",
        "--by",
        "self",
        "--set",
        "team-working=3",
    ]));
    assert_eq!(code, 2);
    assert!(
        stderr.contains("another competency command is writing"),
        "{stderr}"
    );
    assert_eq!(ws.snapshot(), before);
    lock.unlock().unwrap();
    assert_eq!(
        run(ws.cmd().args([
            "assess",
            "jane-doe",
            "--by",
            "self",
            "--set",
            "team-working=3"
        ]))
        .0,
        0
    );
}

#[test]
fn assess_outside_a_workspace_says_how_to_make_one() {
    let dir = tempfile::tempdir().unwrap();
    let mut cmd = competency();
    cmd.current_dir(dir.path());
    assert_cmd_snapshot!(
        "assess_outside_a_workspace_says_how_to_make_one",
        cmd.args([
            "assess",
            "jane-doe",
            "--framework",
            "wdcvs",
            "--by",
            "self",
            "--set",
            "team-working=3"
        ])
    );
}

#[test]
fn a_prepared_file_may_give_levels_by_label() {
    let ws = Workspace::new();
    let file = ws.dir.path().join("prepared.toml");
    std::fs::write(&file, "framework = \"wdcvs\"\nby = \"manager\"\n\n[[rating]]\ncompetency = \"team-working\"\nlevel = \"Level 3\"\n").unwrap();
    let (code, stdout, stderr) = run(ws.cmd().args(["assess", "jane-doe", "--from"]).arg(&file));
    assert_eq!(code, 0, "{stderr}");
    let text = std::fs::read_to_string(ws.root().join(stdout.trim())).unwrap();
    assert!(text.contains("level = \"3\""), "{text}");
    std::fs::write(&file, "  \n").unwrap();
    let (code, _, stderr) = run(ws.cmd().args(["assess", "jane-doe", "--from"]).arg(&file));
    assert_eq!(code, 2);
    assert!(stderr.contains("error[empty-file]"), "{stderr}");
}

#[test]
fn a_record_amended_twice_is_pointed_out() {
    let ws = Workspace::new();
    let (_, first, _) = run(ws.cmd().args([
        "assess",
        "jane-doe",
        "--by",
        "manager",
        "--set",
        "team-working=2",
        "--final",
    ]));
    let name = Path::new(first.trim())
        .file_name()
        .unwrap()
        .to_string_lossy()
        .into_owned();
    let (code, second, stderr) = run(ws.cmd().args([
        "assess",
        "jane-doe",
        "--amend",
        &name,
        "--set",
        "team-working=3",
    ]));
    assert_eq!(code, 0, "{stderr}");
    // A second correction of the same record is refused by `assess`; a copy
    // made by hand is pointed out by `validate`.
    let (code, _, stderr) = run(ws.cmd().args([
        "assess",
        "jane-doe",
        "--amend",
        &name,
        "--set",
        "team-working=4",
    ]));
    assert_eq!(code, 2);
    assert!(stderr.contains("already been corrected"), "{stderr}");
    let second = ws.root().join(second.trim());
    std::fs::copy(
        &second,
        second.with_file_name("2026-01-01-wdcvs-manager-copy.toml"),
    )
    .unwrap();
    let (code, stdout, _) = run(ws.cmd().arg("validate"));
    assert_eq!(code, 0, "a warning: {stdout}");
    assert!(stdout.contains("warning[amended-twice]"), "{stdout}");
}

#[test]
fn not_applicable_and_missing_raters_are_said_plainly_in_gap() {
    let ws = Workspace::new();
    // Only a peer has rated: no rating a report can use, and the peer is
    // not singled out.
    run(ws.cmd().args([
        "assess",
        "bo-kim",
        "--by",
        "peer",
        "--set",
        "team-working=3",
        "--na",
        "delivering-quality-services",
    ]));
    let (code, stdout, _) =
        run(ws
            .cmd()
            .args(["gap", "bo-kim", "--role", "community-link-worker"]));
    assert_eq!(code, 0);
    assert!(
        stdout.contains("has no assessments on framework `wdcvs` yet"),
        "{stdout}"
    );
    assert!(stdout.contains("fewer than 3 peers"), "{stdout}");
    let (code, _, stderr) = run(ws.cmd().args(["gap", "bo-kim", "--by", "peer"]));
    assert_eq!(code, 2, "{stderr}");
    // Not applicable, said by the person: no level, and who said it.
    run(ws.cmd().args([
        "assess",
        "bo-kim",
        "--by",
        "self",
        "--set",
        "team-working=3",
        "--na",
        "delivering-quality-services",
    ]));
    let (_, stdout, _) = run(ws
        .cmd()
        .args(["gap", "bo-kim", "--role", "community-link-worker"]));
    assert!(stdout.contains("not assessed (n/a)"), "{stdout}");
    let (_, json, _) = run(ws.cmd().args([
        "gap",
        "bo-kim",
        "--role",
        "community-link-worker",
        "--format",
        "json",
    ]));
    let json: serde_json::Value = serde_json::from_str(&json).unwrap();
    let dqs = json["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["competency"] == "delivering-quality-services")
        .unwrap();
    assert_eq!(dqs["status"], "not-applicable");
    assert!(dqs["self"].is_null(), "levels are codes or null: {dqs}");
    assert_eq!(dqs["not_applicable"], serde_json::json!(["self"]));
}

#[test]
fn export_leaves_out_a_bad_record_and_names_it() {
    let ws = Workspace::new();
    run(ws
        .cmd()
        .args(["assess", "amy", "--by", "self", "--set", "team-working=3"]));
    std::fs::create_dir_all(ws.root().join("assessments/zed")).unwrap();
    std::fs::write(
        ws.root().join("assessments/zed/2026-01-01-wdcvs-self.toml"),
        "schema = 1\nbroken",
    )
    .unwrap();
    for format in ["csv", "json"] {
        let (code, stdout, stderr) = run(ws.cmd().args(["export", "--format", format]));
        assert_eq!(code, 1, "{stderr}");
        assert!(stdout.contains("amy"), "{format}: {stdout}");
        assert!(!stdout.contains("zed"), "{format}: {stdout}");
        assert!(
            stderr.contains("left out: assessments/zed/2026-01-01-wdcvs-self.toml:2:"),
            "{stderr}"
        );
    }
}

#[test]
fn init_uses_the_workspace_flag_and_leaves_an_existing_folder_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("shared");
    std::fs::create_dir(&target).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&target, std::fs::Permissions::from_mode(0o750)).unwrap();
    }
    let (code, _, stderr) = run(competency()
        .current_dir(dir.path())
        .arg("--workspace")
        .arg(&target)
        .arg("init"));
    assert_eq!(code, 0, "{stderr}");
    assert!(target.join("competency.toml").is_file());
    assert!(!dir.path().join("competency.toml").exists());
    #[cfg(unix)]
    {
        assert_eq!(
            mode(&target),
            0o750,
            "the folder's own permissions are kept"
        );
        assert!(stderr.contains("chmod 700"), "{stderr}");
        assert_eq!(mode(&target.join("assessments")), 0o700);
    }
}

#[test]
fn browsing_works_when_the_named_workspace_is_not_there() {
    let (code, stdout, stderr) = run(competency()
        .env("COMPETENCY_WORKSPACE", "/no/such/folder")
        .args(["show", "wdcvs", "team-working"]));
    assert_eq!(code, 0);
    assert!(stdout.contains("Team Working"));
    assert!(stderr.starts_with("note: `/no/such/folder`"), "{stderr}");
    let (code, _, _) = run(competency()
        .env("COMPETENCY_WORKSPACE", "/no/such/folder")
        .arg("people"));
    assert_eq!(code, 2, "commands that need the workspace still stop");
}

#[test]
fn export_larger_than_memory_holds_comes_out_whole_and_says_when_it_cannot_hold_it() {
    let ws = Workspace::new();
    // One rating with 9 MB of evidence: more than export keeps in memory
    // (8 MiB) before it holds the rest in a temporary file.
    let evidence = "Ran the weekly drop-in and wrote it up. ".repeat(230_000);
    let file = ws.dir.path().join("prepared.toml");
    std::fs::write(
        &file,
        format!(
            "framework = \"wdcvs\"\nby = \"self\"\n\n[[rating]]\ncompetency = \"team-working\"\nlevel = \"3\"\nevidence = \"{evidence}\"\n"
        ),
    )
    .unwrap();
    let (code, _, stderr) = run(ws.cmd().args(["assess", "jane-doe", "--from"]).arg(&file));
    assert_eq!(code, 0, "{stderr}");
    let (code, stdout, stderr) = run(ws.cmd().args(["export", "--format", "csv"]));
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.len() > 9_000_000, "{} bytes", stdout.len());
    assert!(stdout.contains(evidence.trim_end()));
    let (code, stdout, stderr) = run(ws
        .cmd()
        .env("TMPDIR", ws.dir.path().join("no-such-folder"))
        .args(["export", "--format", "csv"]));
    assert_eq!(code, 2);
    assert!(stdout.is_empty(), "{} bytes", stdout.len());
    assert!(
        stderr.contains("cannot make a temporary file") && stderr.contains("--output FILE"),
        "{stderr}"
    );
}
