//! The index of checked records (`.competency/index`) is never a second
//! source of truth: whatever happens to the records between runs (edited,
//! touched, renamed, deleted, a checksum changed by hand, changed keeping
//! size and modification time) and to the index itself (cut, damaged,
//! deleted), every report made with it is byte for byte the report made
//! without it, with the same exit code. And it is private, never followed
//! through a link, and never needed: a workspace that cannot be written
//! still reports.

use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use proptest::prelude::*;

use crate::common::{competency, copy_tree, run};

/// The reports compared, with and without the index: those that read
/// everyone (and use the index), then those about one person (which do
/// not, and are compared once per case).
const REPORTS: &[&[&str]] = &[
    &["team", "--format", "json"],
    &["team"],
    &["team", "--role", "community-link-worker", "--summary"],
    &["export", "--format", "csv"],
    &["validate"],
    &["status"],
];
const ONE_PERSON: &[&[&str]] = &[
    &["gap", "alex-morgan"],
    &["history", "alex-morgan"],
    &["readiness", "alex-morgan"],
];

/// A copy of the example workspace, private as the tool makes them.
pub(crate) fn workspace() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("ws");
    copy_tree(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/workspace"),
        &root,
    );
    // Reports run on the example itself write its index: not this one's.
    let _ = std::fs::remove_file(root.join(".competency/index"));
    (dir, root)
}

/// A report, run in `root`, with the index or without it.
pub(crate) fn report(root: &Path, args: &[&str], index: bool) -> (i32, String, String) {
    let mut cmd = competency();
    cmd.current_dir(root)
        .args(args)
        // Files changed a moment ago may be stored: the test waits out the
        // clock's tick after each run instead (see `settle`).
        .env("COMPETENCY_INDEX_SETTLE_MS", "0");
    if index {
        cmd.env_remove("COMPETENCY_NO_INDEX");
    } else {
        cmd.env("COMPETENCY_NO_INDEX", "1");
    }
    run(&mut cmd)
}

/// Wait longer than a tick of the file system's clock, so that a change
/// made now gets a change time other than one the index stored.
fn settle() {
    std::thread::sleep(Duration::from_millis(15));
}

/// Every report with the index equals the report without it. Each report
/// starts from the index as it was (each would bring it up to date for the
/// next); the reports without it run side by side.
fn assert_reports_agree(root: &Path, reports: &[&[&str]]) {
    let index = root.join(".competency/index");
    let saved = std::fs::read(&index).ok();
    let without: Vec<_> = std::thread::scope(|scope| {
        let runs: Vec<_> = reports
            .iter()
            .map(|args| scope.spawn(move || report(root, args, false)))
            .collect();
        runs.into_iter().map(|r| r.join().unwrap()).collect()
    });
    for (args, without) in reports.iter().zip(without) {
        match &saved {
            // Written in place: the index keeps its mode.
            Some(bytes) if index.exists() => std::fs::write(&index, bytes).unwrap(),
            Some(_) => {}
            None => {
                let _ = std::fs::remove_file(&index);
            }
        }
        let with = report(root, args, true);
        assert_eq!(
            with,
            without,
            "`{}` with the index differs from the report without it",
            args.join(" ")
        );
    }
    settle();
}

/// The record files of the workspace, sorted.
fn records(root: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for person in std::fs::read_dir(root.join("assessments")).unwrap() {
        let person = person.unwrap().path();
        if !person.is_dir() {
            continue;
        }
        for file in std::fs::read_dir(&person).unwrap() {
            let file = file.unwrap().path();
            if file.extension().is_some_and(|e| e == "toml") {
                files.push(file);
            }
        }
    }
    files.sort();
    files
}

fn set_modified(path: &Path, when: SystemTime) {
    let file = std::fs::File::options().write(true).open(path).unwrap();
    file.set_times(std::fs::FileTimes::new().set_modified(when))
        .unwrap();
}

/// What happens between two runs.
#[derive(Clone, Debug)]
enum Step {
    /// A level changed by hand (the checksum no longer matches).
    EditLevel(usize),
    /// A comment added: the same record, another size.
    AddComment(usize),
    /// Touched: the same content, a new modification time.
    Touch(usize),
    /// Renamed within its folder.
    Rename(usize),
    /// Copied to a new name in its folder: a record more.
    Copy(usize),
    Delete(usize),
    /// The checksum changed by hand.
    EditChecksum(usize),
    /// One character of the text changed, the size kept and the
    /// modification time set back to what it was (the change time differs).
    SameSizeAndTime(usize),
    /// The index cut short.
    TruncateIndex(u64),
    /// A byte of the index changed.
    DamageIndex(u64),
    DeleteIndex,
}

/// Changes to records three times as likely as changes to the index (which
/// would hide the records' changes from it).
fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        3 => any::<usize>().prop_map(Step::EditLevel),
        3 => any::<usize>().prop_map(Step::AddComment),
        3 => any::<usize>().prop_map(Step::Touch),
        3 => any::<usize>().prop_map(Step::Rename),
        3 => any::<usize>().prop_map(Step::Copy),
        3 => any::<usize>().prop_map(Step::Delete),
        3 => any::<usize>().prop_map(Step::EditChecksum),
        3 => any::<usize>().prop_map(Step::SameSizeAndTime),
        1 => any::<u64>().prop_map(Step::TruncateIndex),
        1 => any::<u64>().prop_map(Step::DamageIndex),
        1 => Just(Step::DeleteIndex),
    ]
}

/// Carry out `step` in the workspace at `root`.
fn take(root: &Path, step: &Step) {
    let files = records(root);
    let pick = |n: usize| files[n % files.len()].clone();
    let index = root.join(".competency/index");
    match *step {
        Step::EditLevel(n) => {
            let path = pick(n);
            let text = std::fs::read_to_string(&path).unwrap();
            let edited = text.replacen("level = \"", "level = \"9", 1);
            std::fs::write(&path, edited).unwrap();
        }
        Step::AddComment(n) => {
            let path = pick(n);
            let mut text = std::fs::read_to_string(&path).unwrap();
            text.push_str("# a comment added by hand\n");
            std::fs::write(&path, text).unwrap();
        }
        Step::Touch(n) => set_modified(&pick(n), SystemTime::now()),
        Step::Rename(n) => {
            let path = pick(n);
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            let renamed = format!("{}-renamed.toml", name.trim_end_matches(".toml"));
            std::fs::rename(&path, path.with_file_name(renamed)).unwrap();
        }
        Step::Copy(n) => {
            let path = pick(n);
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            let copy = format!("{}-copy.toml", name.trim_end_matches(".toml"));
            std::fs::copy(&path, path.with_file_name(copy)).unwrap();
        }
        Step::Delete(n) => std::fs::remove_file(pick(n)).unwrap(),
        Step::EditChecksum(n) => {
            let path = pick(n);
            let text = std::fs::read_to_string(&path).unwrap();
            let edited = text.replacen("checksum = \"sha256:", "checksum = \"sha256:0", 1);
            std::fs::write(&path, edited).unwrap();
        }
        Step::SameSizeAndTime(n) => {
            let path = pick(n);
            let before = std::fs::metadata(&path).unwrap();
            let mut bytes = std::fs::read(&path).unwrap();
            // A digit of the record's date or checksum: the same size.
            if let Some(at) = bytes.iter().rposition(u8::is_ascii_digit) {
                bytes[at] = if bytes[at] == b'1' { b'2' } else { b'1' };
            }
            std::fs::write(&path, &bytes).unwrap();
            set_modified(&path, before.modified().unwrap());
            let after = std::fs::metadata(&path).unwrap();
            assert_eq!(
                (after.len(), after.modified().unwrap()),
                (before.len(), before.modified().unwrap())
            );
        }
        Step::TruncateIndex(at) => {
            if let Ok(meta) = std::fs::metadata(&index) {
                let file = std::fs::File::options().write(true).open(&index).unwrap();
                file.set_len(at % meta.len().max(1)).unwrap();
            }
        }
        Step::DamageIndex(at) => {
            if let Ok(mut bytes) = std::fs::read(&index)
                && !bytes.is_empty()
            {
                let at = usize::try_from(at % bytes.len() as u64).unwrap();
                bytes[at] ^= 0x5a;
                // Written in place, keeping the file's mode.
                let mut file = std::fs::File::options().write(true).open(&index).unwrap();
                std::io::Write::write_all(&mut file, &bytes).unwrap();
            }
        }
        Step::DeleteIndex => {
            let _ = std::fs::remove_file(&index);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 4,
        max_shrink_iters: 20,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn every_report_with_the_index_is_the_report_without_it(
        rounds in prop::collection::vec(prop::collection::vec(step(), 2..8), 1..4)
    ) {
        let (_dir, root) = workspace();
        // Builds the index.
        assert_reports_agree(&root, REPORTS);
        for steps in &rounds {
            for step in steps {
                take(&root, step);
            }
            // Uses it (what is unchanged), and brings it up to date.
            assert_reports_agree(&root, REPORTS);
        }
        // Uses it as the last round left it.
        assert_reports_agree(&root, REPORTS);
        assert_reports_agree(&root, ONE_PERSON);
    }
}

/// Each kind of change in turn, the index used before each: every one is
/// seen (`validate` names a changed record; `export` shows its ratings).
#[test]
fn every_kind_of_change_is_seen() {
    let (_dir, root) = workspace();
    // Each on another person's folder (the records sorted by path: the
    // copy of aileen-fraser's first record comes second), so that each
    // finds the index holding that folder whole.
    let steps = [
        Step::Copy(0),
        Step::SameSizeAndTime(9),
        Step::EditLevel(11),
        Step::AddComment(13),
        Step::Touch(14),
        Step::EditChecksum(16),
        Step::Rename(18),
        Step::Delete(20),
        Step::DamageIndex(100),
        Step::TruncateIndex(1000),
        Step::DeleteIndex,
    ];
    let reports: &[&[&str]] = &[&["validate"], &["export", "--format", "csv"]];
    assert_reports_agree(&root, reports);
    for step in &steps {
        take(&root, step);
        assert_reports_agree(&root, reports);
    }
}

#[test]
fn the_index_is_private_and_deleting_it_changes_nothing() {
    let (_dir, root) = workspace();
    let first = report(&root, &["team", "--format", "json"], true);
    let index = root.join(".competency/index");
    let mode =
        std::os::unix::fs::PermissionsExt::mode(&std::fs::metadata(&index).unwrap().permissions());
    assert_eq!(mode & 0o777, 0o600, "the index holds personal data");
    std::fs::remove_file(&index).unwrap();
    assert_eq!(report(&root, &["team", "--format", "json"], true), first);
    assert!(index.exists(), "the index is written again");
}

#[test]
fn an_index_readable_by_others_is_not_trusted_but_rewritten_private() {
    let (_dir, root) = workspace();
    let first = report(&root, &["export", "--format", "csv"], true);
    let index = root.join(".competency/index");
    std::fs::set_permissions(&index, std::os::unix::fs::PermissionsExt::from_mode(0o644)).unwrap();
    assert_eq!(report(&root, &["export", "--format", "csv"], true), first);
    let mode =
        std::os::unix::fs::PermissionsExt::mode(&std::fs::metadata(&index).unwrap().permissions());
    assert_eq!(mode & 0o777, 0o600);
}

#[test]
fn a_symlinked_index_is_not_followed() {
    let (dir, root) = workspace();
    let first = report(&root, &["team", "--format", "json"], true);
    let index = root.join(".competency/index");
    // The link leads to a copy of a good index, outside the workspace.
    let elsewhere = dir.path().join("elsewhere");
    std::fs::copy(&index, &elsewhere).unwrap();
    std::fs::set_permissions(
        &elsewhere,
        std::os::unix::fs::PermissionsExt::from_mode(0o600),
    )
    .unwrap();
    let before = std::fs::read(&elsewhere).unwrap();
    std::fs::remove_file(&index).unwrap();
    std::os::unix::fs::symlink(&elsewhere, &index).unwrap();
    assert_eq!(report(&root, &["team", "--format", "json"], true), first);
    // The link was replaced by a file of the workspace; its target untouched.
    assert!(
        !std::fs::symlink_metadata(&index)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert_eq!(std::fs::read(&elsewhere).unwrap(), before);
}

#[test]
fn a_workspace_where_the_index_cannot_be_written_still_reports() {
    let (_dir, root) = workspace();
    let without = report(&root, &["team", "--format", "json"], false);
    // Something in the way of the index (a folder, not empty): the new
    // one cannot be renamed into place.
    std::fs::create_dir_all(root.join(".competency/index/x")).unwrap();
    assert_eq!(report(&root, &["team", "--format", "json"], true), without);
    assert!(root.join(".competency/index/x").is_dir());
    // Nothing staged is left behind.
    let left: Vec<_> = std::fs::read_dir(root.join(".competency"))
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .filter(|n| n.to_string_lossy().starts_with("index."))
        .collect();
    assert!(left.is_empty(), "{left:?}");
}

#[test]
fn staging_files_of_stopped_reports_are_removed_by_the_next_index_written() {
    let (_dir, root) = workspace();
    let first = report(&root, &["team", "--format", "json"], true);
    // A report stopped while it staged its sections left these.
    for stale in ["index.new", "index.new.4000000"] {
        std::fs::write(root.join(".competency").join(stale), b"partial").unwrap();
    }
    std::fs::remove_file(root.join(".competency/index")).unwrap();
    assert_eq!(report(&root, &["team", "--format", "json"], true), first);
    let names: Vec<_> = std::fs::read_dir(root.join(".competency"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.starts_with("index"))
        .collect();
    assert_eq!(names, ["index"]);
}

#[test]
fn the_index_can_be_turned_off() {
    let (_dir, root) = workspace();
    report(&root, &["team", "--format", "json"], false);
    assert!(!root.join(".competency/index").exists());
}
