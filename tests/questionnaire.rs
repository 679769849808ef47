//! A smoke test of the real questionnaire in a real terminal, driven through
//! tmux. Ignored unless asked for (`cargo test -- --include-ignored`); asked
//! for, it fails without tmux (see `common::program`).

use std::process::Command;
use std::thread::sleep;
use std::time::{Duration, Instant};

use crate::assess::Workspace;
use crate::common::program;

fn tmux(args: &[&str]) -> Option<String> {
    let output = Command::new("tmux").args(args).output().ok()?;
    output
        .status
        .success()
        .then(|| String::from_utf8_lossy(&output.stdout).into_owned())
}

/// Wait until the pane shows `text`, or fail with what it shows.
fn wait_for(session: &str, text: &str) {
    let start = Instant::now();
    loop {
        let pane = tmux(&["capture-pane", "-p", "-t", session]).unwrap_or_default();
        if pane.contains(text) {
            return;
        }
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "waited for {text:?}; the pane shows:\n{pane}"
        );
        sleep(Duration::from_millis(100));
    }
}

fn keys(session: &str, keys: &[&str]) {
    for key in keys {
        tmux(&["send-keys", "-t", session, key]).expect("tmux send-keys");
        sleep(Duration::from_millis(150));
    }
}

#[test]
#[ignore = "needs tmux"]
fn the_questionnaire_records_an_assessment_in_a_real_terminal() {
    program(&["tmux"]);
    let ws = Workspace::new();
    let session = format!("competency-test-{}", std::process::id());
    let out = ws.dir.path().join("stdout.txt");
    let script = format!(
        "cd '{}' && NO_COLOR=1 '{}' assess jo --framework arun --by self > '{}'; echo EXIT=$?; sleep 30",
        ws.root().display(),
        env!("CARGO_BIN_EXE_competency"),
        out.display()
    );
    tmux(&[
        "new-session",
        "-d",
        "-s",
        &session,
        "-x",
        "160",
        "-y",
        "50",
        &script,
    ])
    .expect("tmux starts");
    let _cleanup = Kill(session.clone());
    // Who is rating and for which role, asked because no flag said.
    wait_for(&session, "Who is rating?");
    keys(&session, &["Jo Bloggs", "Enter"]);
    wait_for(&session, "Which role is this assessment for?");
    keys(&session, &["People Managers", "Enter"]);
    wait_for(&session, "Level for Customer Focus?");
    // Filter the options to "People Managers" and choose it; then give evidence.
    keys(&session, &["People", "Enter"]);
    wait_for(&session, "Evidence");
    keys(&session, &["Ran the tenants' forum", "Enter"]);
    // Skip the other four competencies (typing filters the choices; the
    // menu starts on the first level, so Enter alone would not skip).
    for name in ["Accountability", "Respect", "Embraces Change", "Synergy"] {
        wait_for(&session, &format!("Level for {name}?"));
        keys(&session, &["Skip", "Enter"]);
    }
    wait_for(&session, "Save this assessment?");
    keys(&session, &["Enter"]);
    wait_for(&session, "Mark it final");
    keys(&session, &["Enter"]);
    wait_for(&session, "EXIT=");
    let pane = tmux(&["capture-pane", "-p", "-t", &session]).unwrap_or_default();
    assert!(pane.contains("EXIT=0"), "{pane}");
    let printed = std::fs::read_to_string(&out).unwrap();
    let record = ws.root().join(printed.trim());
    let text = std::fs::read_to_string(&record)
        .unwrap_or_else(|e| panic!("{}: {e}\n{pane}", record.display()));
    assert!(
        text.contains("competency = \"customer-focus\"\nlevel = \"people-managers\""),
        "{text}"
    );
    assert!(
        text.contains("evidence = \"Ran the tenants' forum\""),
        "{text}"
    );
    assert!(text.contains("rater = \"Jo Bloggs\""), "{text}");
    assert!(text.contains("role = \"people-manager\""), "{text}");
    assert!(
        !text.contains("accountability"),
        "skipped competencies are left out: {text}"
    );
    // The answers in progress were cleared once the record was saved.
    let progress: Vec<_> = std::fs::read_dir(record.parent().unwrap())
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().starts_with(".progress"))
        .collect();
    assert!(progress.is_empty());
}

struct Kill(String);

impl Drop for Kill {
    fn drop(&mut self) {
        let _ = tmux(&["kill-session", "-t", &self.0]);
    }
}

/// A manager re-assessing sees, beside each question, the person's own
/// latest rating and evidence, with the day and finality of their
/// self-assessment.
#[test]
#[ignore = "needs tmux"]
fn a_manager_sees_the_persons_own_rating_beside_each_question() {
    program(&["tmux"]);
    let ws = Workspace::new();
    let (code, _, stderr) = crate::common::run(ws.cmd().args([
        "assess",
        "jo",
        "--framework",
        "arun",
        "--by",
        "self",
        "--rater",
        "Jo Bloggs",
        "--date",
        "2026-05-01",
        "--set",
        "customer-focus=all-colleagues",
        "--evidence",
        "customer-focus=Ran the tenants' forum",
    ]));
    assert_eq!(code, 0, "{stderr}");
    let session = format!("competency-own-{}", std::process::id());
    let script = format!(
        "cd '{}' && NO_COLOR=1 '{}' assess jo --framework arun --by manager --rater 'Sam Lee' > '{}'; sleep 30",
        ws.root().display(),
        env!("CARGO_BIN_EXE_competency"),
        ws.dir.path().join("stdout.txt").display(),
    );
    tmux(&[
        "new-session",
        "-d",
        "-s",
        &session,
        "-x",
        "160",
        "-y",
        "50",
        &script,
    ])
    .expect("tmux starts");
    let _cleanup = Kill(session.clone());
    wait_for(&session, "Which role is this assessment for?");
    keys(&session, &["Enter"]);
    wait_for(&session, "Level for Customer Focus?");
    wait_for(
        &session,
        "Their own rating: all-colleagues — All Colleagues (self-assessment of 2026-05-01, draft)",
    );
    wait_for(&session, "Their evidence: Ran the tenants' forum");
    keys(&session, &["Escape"]);
}

/// Ctrl-C while typing evidence keeps what was typed: it is saved with the
/// rating, the terminal says so and how to carry on, and carrying on puts it
/// in the record.
#[test]
#[ignore = "needs tmux"]
fn evidence_half_typed_when_ctrl_c_is_pressed_is_kept() {
    program(&["tmux"]);
    let ws = Workspace::new();
    let session = format!("competency-ctrl-c-{}", std::process::id());
    let out = ws.dir.path().join("stdout.txt");
    let script = format!(
        "cd '{}' && NO_COLOR=1 '{}' assess jo --framework arun --by self --rater 'Jo Bloggs' --role people-manager > '{}'; echo EXIT=$?; sleep 60",
        ws.root().display(),
        env!("CARGO_BIN_EXE_competency"),
        out.display()
    );
    tmux(&[
        "new-session",
        "-d",
        "-s",
        &session,
        "-x",
        "160",
        "-y",
        "50",
        &script,
    ])
    .expect("tmux starts");
    let _cleanup = Kill(session.clone());
    wait_for(&session, "Level for Customer Focus?");
    keys(&session, &["People", "Enter"]);
    wait_for(&session, "Evidence");
    keys(&session, &["Ran the tenants' for", "C-c"]);
    wait_for(&session, "EXIT=");
    let pane = tmux(&["capture-pane", "-p", "-t", &session]).unwrap_or_default();
    assert!(pane.contains("EXIT=130"), "{pane}");
    let said = pane.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        said.contains("Kept the evidence typed so far for Customer Focus."),
        "{pane}"
    );
    assert!(
        said.contains("stopped: your answers so far are kept in"),
        "{pane}"
    );
    // Carrying on: Customer Focus is not asked again, and its evidence is
    // in the record.
    let again = format!("{session}-again");
    tmux(&[
        "new-session",
        "-d",
        "-s",
        &again,
        "-x",
        "160",
        "-y",
        "50",
        &script,
    ])
    .expect("tmux starts");
    let _cleanup_again = Kill(again.clone());
    wait_for(&again, "Carry on from there?");
    keys(&again, &["Enter"]);
    for name in ["Accountability", "Respect", "Embraces Change", "Synergy"] {
        wait_for(&again, &format!("Level for {name}?"));
        keys(&again, &["Skip", "Enter"]);
    }
    wait_for(&again, "Save this assessment?");
    keys(&again, &["Enter"]);
    wait_for(&again, "Mark it final");
    keys(&again, &["Enter"]);
    wait_for(&again, "EXIT=");
    let pane = tmux(&["capture-pane", "-p", "-t", &again]).unwrap_or_default();
    assert!(pane.contains("EXIT=0"), "{pane}");
    assert!(!pane.contains("Level for Customer Focus?"), "{pane}");
    let printed = std::fs::read_to_string(&out).unwrap();
    let text = std::fs::read_to_string(ws.root().join(printed.trim())).unwrap();
    assert!(
        text.contains("level = \"people-managers\"\nevidence = \"Ran the tenants' for\""),
        "{text}"
    );
}
