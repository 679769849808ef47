//! The bad-input corpus: malformed frameworks, role profiles, assessment
//! records, workspace settings and command lines. For every case: the exit
//! code, one located sentence on stderr (snapshotted), no panic, and a
//! workspace left byte for byte as it was.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::common::{competency, run};

const RECORD: &str = "schema = 1\nperson = \"jane-doe\"\nframework = \"wdcvs\"\nfingerprint = \"sha256:ea1db7b88b3c6649\"\nby = \"self\"\ndate = \"2026-11-01\"\nstatus = \"draft\"\ncreated = \"2026-11-01T09:00:00Z\"\n\n[[rating]]\ncompetency = \"team-working\"\nlevel = \"3\"\n";

/// A workspace with one valid record of jane-doe.
fn workspace() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::write(
        root.join("competency.toml"),
        "name = \"Corpus\"\ndefault-framework = \"wdcvs\"\n",
    )
    .unwrap();
    for sub in ["roles", "frameworks", "assessments/jane-doe"] {
        std::fs::create_dir_all(root.join(sub)).unwrap();
    }
    std::fs::write(
        root.join("assessments/jane-doe/2026-11-01-wdcvs-self.toml"),
        RECORD,
    )
    .unwrap();
    dir
}

fn contents(root: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut files = BTreeMap::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if crate::common::is_derived(&path) {
                continue;
            }
            if path.is_dir() {
                files.insert(path.clone(), Vec::new());
                stack.push(path);
            } else {
                files.insert(path.clone(), std::fs::read(&path).unwrap());
            }
        }
    }
    files
}

/// Run one case and check everything the corpus promises; snapshot its
/// stderr as `corpus_NAME`.
fn check(name: &str, root: &Path, args: &[&str], exit: i32) {
    let stderr = run_case(name, root, args, exit);
    insta::assert_snapshot!(format!("corpus_{name}"), stderr);
}

/// Run one case and check everything the corpus promises; its stderr.
fn run_case(name: &str, root: &Path, args: &[&str], exit: i32) -> String {
    let before = contents(root);
    let mut cmd = competency();
    cmd.current_dir(root)
        .args(args)
        .stdin(std::process::Stdio::null());
    let (code, stdout, stderr) = run(&mut cmd);
    assert_eq!(
        code, exit,
        "{name}: exit code\nstdout: {stdout}\nstderr: {stderr}"
    );
    assert!(
        !stderr.contains("panicked") && !stderr.contains("RUST_BACKTRACE"),
        "{name}: {stderr}"
    );
    let first = stderr.lines().next().unwrap_or_default();
    assert!(!first.is_empty(), "{name}: nothing on stderr");
    assert_eq!(contents(root), before, "{name}: the workspace changed");
    stderr
}

/// The first line names the file (with line and column when the problem has a place).
fn assert_located(name: &str, stderr: &str, file: &str) {
    let first = stderr.lines().next().unwrap_or_default();
    assert!(
        first.starts_with(file) && first.contains(": error["),
        "{name}: not located at {file}: {first}"
    );
}

fn fixtures(dir: &str, extension: &str) -> Vec<PathBuf> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(Path::new("tests/fixtures").join(dir))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == extension))
        .collect();
    paths.sort();
    paths
}

fn stem(path: &Path) -> String {
    path.file_stem().unwrap().to_string_lossy().into_owned()
}

/// The invalid framework fixtures, in a workspace: a command that needs the
/// framework stops (exit 2) with the problem `validate` finds in the file,
/// the same words at the same place (`tests/validate.rs` snapshots it, once).
#[test]
fn malformed_frameworks_in_a_workspace_stop_every_command_that_needs_them() {
    let cases = fixtures("frameworks/invalid", "yaml");
    assert!(cases.len() >= 30);
    for path in cases {
        let id = stem(&path);
        let ws = workspace();
        let target = format!("frameworks/{id}.yaml");
        std::fs::copy(&path, ws.path().join(&target)).unwrap();
        let stderr = run_case(&format!("framework_{id}"), ws.path(), &["show", &id], 2);
        assert_located(&id, &stderr, &target);
        let (_, validated, _) = run(competency().arg("validate").arg(&path));
        let fixture = format!("tests/fixtures/frameworks/invalid/{id}.yaml");
        let first = |text: &str, file: &str| {
            text.lines()
                .next()
                .unwrap_or_default()
                .strip_prefix(file)
                .map(str::to_owned)
        };
        assert_eq!(
            first(&stderr, &target),
            first(&validated, &fixture),
            "{id}: `show` and `validate` disagree\n{stderr}\n{validated}"
        );
    }
}

/// A report that left `file` out names it on stderr, located, and says so
/// in its output.
fn assert_left_out(name: &str, stdout: &str, stderr: &str, file: &str) {
    assert!(
        stderr
            .lines()
            .any(|l| l.starts_with(&format!("left out: {file}:")) && l.contains(": error[")),
        "{name}: {file} is not named as left out, located: {stderr}"
    );
    assert!(
        stdout.contains("Left out of this report") && stdout.contains(file),
        "{name}: the report does not say it left {file} out:\n{stdout}"
    );
}

#[test]
fn malformed_records_are_left_out_of_reports_and_named_never_misread() {
    let cases = fixtures("corpus/records", "toml");
    assert!(cases.len() >= 30);
    for path in cases {
        let name = stem(&path);
        let ws = workspace();
        let target = format!("assessments/jane-doe/2026-11-02-wdcvs-self-{name}.toml");
        std::fs::copy(&path, ws.path().join(&target)).unwrap();
        let mut cmd = competency();
        cmd.current_dir(ws.path()).args(["history", "jane-doe"]);
        let (_, stdout, stderr) = run(&mut cmd);
        assert_left_out(&name, &stdout, &stderr, &target);
        // The good record is still reported.
        assert!(stdout.contains("Team Working"), "{name}: {stdout}");
        check(
            &format!("record_{name}"),
            ws.path(),
            &["history", "jane-doe"],
            1,
        );
        // validate reports the same problem, located, and exits 1.
        let mut cmd = competency();
        cmd.current_dir(ws.path()).arg("validate");
        let (code, stdout, _) = run(&mut cmd);
        assert_eq!(code, 1, "{name}: validate");
        assert!(
            stdout
                .lines()
                .any(|l| l.starts_with(&target) && l.contains(": error[")),
            "{name}: validate does not locate the problem in {target}:\n{stdout}"
        );
    }
}

#[test]
fn malformed_role_files_are_left_out_of_the_list_of_roles_and_named() {
    let cases = fixtures("corpus/roles", "yaml");
    assert!(cases.len() >= 10);
    for path in cases {
        let name = stem(&path);
        let ws = workspace();
        let target = format!("roles/{name}.yaml");
        std::fs::copy(&path, ws.path().join(&target)).unwrap();
        let mut cmd = competency();
        cmd.current_dir(ws.path()).arg("roles");
        let (_, stdout, stderr) = run(&mut cmd);
        let first = stderr.lines().next().unwrap_or_default();
        assert!(
            first.starts_with(&target) && first.contains("left out"),
            "{name}: {target} not named as left out: {stderr}"
        );
        // The bundled roles are still listed.
        assert!(stdout.contains("community-link-worker"), "{name}: {stdout}");
        check(&format!("role_{name}"), ws.path(), &["roles"], 1);
    }
}

#[test]
fn malformed_workspace_settings_stop_every_workspace_command() {
    let cases = fixtures("corpus/config", "toml");
    assert!(cases.len() >= 6);
    for path in cases {
        let name = stem(&path);
        let ws = workspace();
        std::fs::copy(&path, ws.path().join("competency.toml")).unwrap();
        let mut cmd = competency();
        cmd.current_dir(ws.path()).arg("people");
        let (_, _, stderr) = run(&mut cmd);
        assert_located(&name, &stderr, "competency.toml");
        check(&format!("config_{name}"), ws.path(), &["people"], 2);
    }
}

#[test]
fn generated_huge_long_and_deep_inputs_are_refused_with_a_location() {
    // A framework file over the 16 MiB limit.
    let ws = workspace();
    let mut huge = String::from("id: huge\nname: Huge\npublisher: P\nsource: S\ndescription: >-\n");
    let line = format!("  {}\n", "lorem ipsum ".repeat(100));
    while huge.len() < 17 * 1024 * 1024 {
        huge.push_str(&line);
    }
    std::fs::write(ws.path().join("frameworks/huge.yaml"), huge).unwrap();
    check("generated_huge_framework", ws.path(), &["show", "huge"], 2);

    // A record with a 1 MB line and a mistake at its end.
    let ws = workspace();
    let long = RECORD.replace(
        "level = \"3\"",
        &format!(
            "evidence = \"{}\"\nlevel = \"3\"\ncolour = \"red\"",
            "x".repeat(1_000_000)
        ),
    );
    let target = "assessments/jane-doe/2026-11-02-wdcvs-self-long.toml";
    std::fs::write(ws.path().join(target), long).unwrap();
    check(
        "generated_long_line_record",
        ws.path(),
        &["history", "jane-doe"],
        1,
    );

    // A record nested 100 000 deep.
    let ws = workspace();
    let deep = format!("schema = {}{}\n", "[".repeat(100_000), "]".repeat(100_000));
    std::fs::write(
        ws.path().join("assessments/jane-doe/2026-11-02-deep.toml"),
        deep,
    )
    .unwrap();
    check(
        "generated_deep_record",
        ws.path(),
        &["history", "jane-doe"],
        1,
    );

    // A person folder whose name is a unicode look-alike (Cyrillic `а`).
    let ws = workspace();
    std::fs::create_dir(ws.path().join("assessments/j\u{430}ne-doe")).unwrap();
    let mut cmd = competency();
    cmd.current_dir(ws.path()).arg("validate");
    let (code, stdout, _) = run(&mut cmd);
    assert_eq!(code, 1);
    assert!(stdout.contains("error[bad-id]"), "{stdout}");
}

#[test]
fn bad_command_lines_are_refused_in_one_sentence() {
    let cases: &[(&str, &[&str], i32)] = &[
        ("no-command", &[], 2),
        ("unknown-command", &["grade", "jane-doe"], 2),
        ("missing-argument", &["show"], 2),
        ("unknown-format", &["frameworks", "--format", "xml"], 2),
        ("unknown-framework", &["show", "wdcv"], 2),
        ("unknown-competency", &["show", "wdcvs", "teamwork"], 2),
        ("level-out-of-scale", &["show", "wdcvs", "--level", "7"], 2),
        ("unknown-role", &["role", "link-worker"], 2),
        (
            "person-with-path",
            &["gap", "../jane-doe", "--role", "community-link-worker"],
            2,
        ),
        (
            "person-with-space",
            &[
                "assess",
                "Jane Doe",
                "--by",
                "self",
                "--set",
                "team-working=3",
            ],
            2,
        ),
        (
            "person-lookalike",
            &[
                "assess",
                "j\u{430}ne-doe",
                "--by",
                "self",
                "--set",
                "team-working=3",
            ],
            2,
        ),
        (
            "person-empty",
            &["assess", "", "--by", "self", "--set", "team-working=3"],
            2,
        ),
        (
            "person-dot-dot",
            &["assess", "..", "--by", "self", "--set", "team-working=3"],
            2,
        ),
        (
            "unknown-rater-kind",
            &[
                "assess",
                "jane-doe",
                "--by",
                "boss",
                "--set",
                "team-working=3",
            ],
            2,
        ),
        (
            "set-without-level",
            &[
                "assess",
                "jane-doe",
                "--by",
                "self",
                "--set",
                "team-working",
            ],
            2,
        ),
        (
            "set-level-out-of-scale",
            &[
                "assess",
                "jane-doe",
                "--by",
                "self",
                "--set",
                "team-working=5",
            ],
            2,
        ),
        (
            "date-does-not-exist",
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
            2,
        ),
        (
            "date-not-a-date",
            &[
                "assess",
                "jane-doe",
                "--by",
                "self",
                "--set",
                "team-working=3",
                "--date",
                "next week",
            ],
            2,
        ),
        (
            "from-missing-file",
            &[
                "assess",
                "jane-doe",
                "--by",
                "self",
                "--from",
                "nowhere.toml",
            ],
            2,
        ),
        (
            "amend-missing-record",
            &[
                "assess",
                "jane-doe",
                "--amend",
                "2026-01-01-wdcvs-self.toml",
                "--set",
                "team-working=3",
            ],
            2,
        ),
        (
            "no-ratings-no-terminal",
            &["assess", "jane-doe", "--by", "self"],
            2,
        ),
        (
            "as-of-not-a-date",
            &[
                "gap",
                "jane-doe",
                "--role",
                "community-link-worker",
                "--as-of",
                "2026-02-30",
            ],
            2,
        ),
        (
            "team-unknown-person",
            &[
                "team",
                "--role",
                "community-link-worker",
                "--people",
                "john-smith",
            ],
            2,
        ),
        (
            "workspace-missing",
            &["--workspace", "no/such/folder", "people"],
            2,
        ),
        ("init-over-a-workspace", &["init", "."], 2),
    ];
    for (name, args, exit) in cases {
        let ws = workspace();
        check(&format!("args_{name}"), ws.path(), args, *exit);
    }
}
