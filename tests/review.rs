//! `review` and what the next review is given: the record an appraisal
//! meeting leaves (actions, objectives, later their progress), written
//! through the one write path, sealed and amended as assessments are; and
//! `plan`, `status`, `actions` and `history` showing it. The real binary,
//! on a small workspace built here.

use std::path::{Path, PathBuf};

use calamine::Reader as _;

use crate::assess::Workspace;
use crate::common::{competency, pretty_html, run};

/// A workspace with a line manager and two link workers (one who has left),
/// and Ann's manager assessment of 2026-03-10: below the role in two
/// competencies.
fn team() -> Workspace {
    let ws = Workspace::new();
    for person in [
        &["sam-lee", "--name", "Sam Lee", "--team", "Wellbeing"][..],
        &[
            "ann",
            "--name",
            "Ann Lowe",
            "--role",
            "community-link-worker",
            "--team",
            "Wellbeing",
            "--manager",
            "sam-lee",
        ],
        &[
            "ben",
            "--name",
            "Ben Hart",
            "--role",
            "community-link-worker",
            "--team",
            "Wellbeing",
            "--manager",
            "sam-lee",
        ],
    ] {
        let (code, _, stderr) = run(ws.cmd().args(["people", "add"]).args(person));
        assert_eq!(code, 0, "{stderr}");
    }
    let (code, _, stderr) = run(ws.cmd().args([
        "assess",
        "ann",
        "--framework",
        "wdcvs",
        "--by",
        "manager",
        "--rater",
        "Sam Lee",
        "--date",
        "2026-03-10",
        "--set",
        "team-working=2",
        "--set",
        "leading-supporting-and-developing-others=2",
        "--final",
    ]));
    assert_eq!(code, 0, "{stderr}");
    ws
}

/// `review` run in `ws`; its exit code, stdout and stderr.
fn review(ws: &Workspace, args: &[&str]) -> (i32, String, String) {
    run(ws.cmd().arg("review").args(args))
}

/// Last spring's review of Ann: two actions and an objective, final.
fn first_review(ws: &Workspace) -> PathBuf {
    let (code, stdout, stderr) = review(
        ws,
        &[
            "ann",
            "--date",
            "2026-03-17",
            "--action",
            "Shadow a senior link worker; competency=leading-supporting-and-developing-others; due=2026-06-30; support=Two rota days a month",
            "--action",
            "Book the difficult conversations course; owner=manager; due=2026-09-30",
            "--objective",
            "Run the spring wellbeing event; measure=40 people or more attend; due=2026-05-31",
            "--final",
        ],
    );
    assert_eq!((code, stderr.as_str()), (0, ""), "{stdout}");
    assert_eq!(stdout, "reviews/ann/2026-03-17-review.toml\n");
    ws.root().join(stdout.trim())
}

/// The autumn's review: progress on each item, and a new action.
fn second_review(ws: &Workspace) -> PathBuf {
    let (code, stdout, stderr) = review(
        ws,
        &[
            "ann",
            "--date",
            "2026-10-02",
            "--done",
            "a1=Shadowed Jordan on eight referrals",
            "--carried-over",
            "a2=Course cancelled; due=2027-01-31",
            "--partly-met",
            "o1=32 people came",
            "--action",
            "Lead one team meeting a month; competency=team-working; due=2026-11-30",
            "--final",
        ],
    );
    assert_eq!((code, stderr.as_str()), (0, ""), "{stdout}");
    assert_eq!(stdout, "reviews/ann/2026-10-02-review.toml\n");
    ws.root().join(stdout.trim())
}

/// A review file with what changes from run to run (the time of writing,
/// and so the checksum) blanked.
fn stable(path: &Path) -> String {
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .map(|line| {
            if line.starts_with("created = ") {
                "created = \"[time of writing]\"".to_owned()
            } else if line.starts_with("checksum = ") {
                "checksum = \"[checksum]\"".to_owned()
            } else {
                line.to_owned()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn json(ws: &Workspace, args: &[&str]) -> serde_json::Value {
    let (code, stdout, stderr) = run(ws.cmd().args(args).args(["--format", "json"]));
    assert_eq!(code, 0, "{args:?}: {stderr}");
    serde_json::from_str(&stdout).unwrap()
}

#[test]
fn a_review_records_actions_and_objectives_numbered_with_their_defaults() {
    let ws = team();
    let path = first_review(&ws);
    insta::assert_snapshot!("review_file_of_a_first_meeting", stable(&path));
    // The owner defaults to self, the reviewer to the line manager, and a due
    // day left out to the appraisal cycle's (the calendar year here).
    let (code, stdout, stderr) = review(
        &ws,
        &["ann", "--date", "2026-03-18", "--action", "Read the guide"],
    );
    assert_eq!(code, 0, "{stderr}");
    let text = std::fs::read_to_string(ws.root().join(stdout.trim())).unwrap();
    for line in [
        "id = \"a3\"",
        "owner = \"self\"",
        "due = \"2026-12-31\"",
        "reviewer = \"Sam Lee\"",
        "status = \"draft\"",
    ] {
        assert!(text.contains(line), "{line} not in:\n{text}");
    }
    // The files are the workspace's own: validate reads them, clean.
    let (code, stdout, _) = run(ws.cmd().arg("validate"));
    assert_eq!(code, 0, "{stdout}");
}

#[test]
fn progress_at_a_later_review_is_where_each_item_stands() {
    let ws = team();
    first_review(&ws);
    let second = second_review(&ws);
    insta::assert_snapshot!("review_file_of_progress", stable(&second));
    let list = json(
        &ws,
        &[
            "actions",
            "ann",
            "--include-closed",
            "--as-of",
            "2026-12-01",
        ],
    );
    let rows: Vec<(String, String, String, bool)> = list["actions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            (
                a["id"].as_str().unwrap().to_owned(),
                a["status"].as_str().unwrap().to_owned(),
                a["due"].as_str().unwrap().to_owned(),
                a["overdue"].as_bool().unwrap(),
            )
        })
        .collect();
    let row = |id: &str, status: &str, due: &str, overdue: bool| {
        (id.to_owned(), status.to_owned(), due.to_owned(), overdue)
    };
    assert_eq!(
        rows,
        vec![
            row("a1", "done", "2026-06-30", false),
            row("a2", "carried-over", "2027-01-31", false),
            row("a3", "open", "2026-11-30", true),
        ]
    );
    // Open only, by default: the one done is left out.
    let open = json(&ws, &["actions", "ann", "--as-of", "2026-12-01"]);
    assert_eq!(open["actions"].as_array().unwrap().len(), 2);
    // Before the autumn review, nothing had been recorded.
    let then = json(&ws, &["actions", "ann", "--as-of", "2026-07-01"]);
    let states: Vec<&str> = then["actions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["status"].as_str().unwrap())
        .collect();
    assert_eq!(states, ["open", "open"]);
}

#[test]
fn progress_must_name_an_earlier_item_with_a_mark_that_fits_it() {
    let ws = team();
    first_review(&ws);
    let before = ws.snapshot();
    let cases: &[(&[&str], &str)] = &[
        (&["--done", "a9=Done"], "no review of `ann` agrees `a9`"),
        (
            &["--met", "a1=Done"],
            "`a1` is an action; give --done, --dropped or --carried-over",
        ),
        (
            &["--done", "o1=Done"],
            "`o1` is an objective; give --met, --partly-met or --not-met",
        ),
        (&["--done", "a1"], "must be ID=TEXT"),
        (&["--done", "a1="], "say what came of it"),
        (
            &["--done", "a1=x", "--dropped", "a1=y"],
            "progress on `a1` is given twice",
        ),
    ];
    for (args, expected) in cases {
        let (code, stdout, stderr) =
            review(&ws, &[&["ann", "--date", "2026-10-02"][..], args].concat());
        assert_eq!(code, 2, "{args:?}: {stdout}{stderr}");
        assert!(stderr.contains(expected), "{args:?}: {stderr}");
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
    }
    // Progress before the item was agreed.
    let (code, _, stderr) = review(&ws, &["ann", "--date", "2026-03-01", "--done", "a1=x"]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("was agreed on 2026-03-17, after this review's day"),
        "{stderr}"
    );
    assert_eq!(ws.snapshot(), before, "a refused review wrote something");
}

#[test]
fn what_cannot_be_a_review_is_refused_and_nothing_is_written() {
    let ws = team();
    let before = ws.snapshot();
    let cases: &[(&[&str], &str)] = &[
        (&["ann"], "nothing to record"),
        (
            &["ann", "--action", "Read\u{1b}[31m it"],
            "control character",
        ),
        (&["ann", "--action", "Read\u{202e}it"], "control character"),
        (
            &["ann", "--objective", "Grow; measure=a\u{7}b"],
            "control character",
        ),
        (&["ann", "--action", "   "], "the text is empty"),
        (
            &["ann", "--action", "x; competency=teamworking"],
            "did you mean `team-working`?",
        ),
        (
            &["ann", "--action", "x; owner=nobody"],
            "the owner must be `self`, `manager` or a person id",
        ),
        (
            &["ann", "--action", "x; supprot=time"],
            "did you mean `support=`?",
        ),
        (&["ann", "--action", "x; due=2026-02-30"], "due"),
        (
            &[
                "ann",
                "--date",
                "2026-03-17",
                "--action",
                "x; due=2026-03-01",
            ],
            "before the review's day",
        ),
        (&["ann", "--date", "2099-01-01", "--action", "x"], "future"),
        (&["Ann!", "--action", "x"], "not a valid person id"),
    ];
    for (args, expected) in cases {
        let (code, stdout, stderr) = review(&ws, args);
        assert_eq!(code, 2, "{args:?}: {stdout}{stderr}");
        assert!(stderr.contains(expected), "{args:?}: {stderr}");
    }
    assert_eq!(ws.snapshot(), before, "a refused review wrote something");
}

#[test]
fn a_final_review_is_never_rewritten_and_is_corrected_by_amendment() {
    let ws = team();
    let first = first_review(&ws);
    let sealed = std::fs::read(&first).unwrap();
    // An amendment keeps the items (and their ids) and adds to them.
    let (code, stdout, stderr) = review(
        &ws,
        &[
            "ann",
            "--amend",
            "2026-03-17-review.toml",
            "--action",
            "Read the safeguarding guide; due=2026-05-01",
            "--final",
        ],
    );
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(stdout, "reviews/ann/2026-03-17-review-2.toml\n");
    assert_eq!(
        std::fs::read(&first).unwrap(),
        sealed,
        "the final review was rewritten"
    );
    let amended = std::fs::read_to_string(ws.root().join(stdout.trim())).unwrap();
    assert!(
        amended.contains("amends = \"2026-03-17-review.toml\""),
        "{amended}"
    );
    let list = json(&ws, &["actions", "ann", "--as-of", "2026-04-01"]);
    let ids: Vec<&str> = list["actions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["a1", "a2", "a3"]);
    // An id already agreed is not agreed again.
    let prepared = ws.dir.path().join("again.toml");
    std::fs::write(&prepared, "[[action]]\nid = \"a1\"\ntext = \"Again\"\n").unwrap();
    let (code, _, stderr) = review(&ws, &["ann", "--from", prepared.to_str().unwrap()]);
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("`a1` is already agreed in `2026-03-17-review-2.toml`"),
        "{stderr}"
    );
    // A hand edit of a final review is an error validate names; --amend
    // refuses to build on it.
    let text = String::from_utf8(sealed).unwrap();
    std::fs::write(&first, text.replace("Shadow a senior", "Shadow any")).unwrap();
    let (code, stdout, _) = run(ws.cmd().arg("validate"));
    assert_eq!(code, 1, "{stdout}");
    assert!(stdout.contains("error[edited-after-final]"), "{stdout}");
    assert!(
        stdout.contains("reviews/ann/2026-03-17-review.toml"),
        "{stdout}"
    );
    let (code, _, stderr) = review(
        &ws,
        &["ann", "--amend", "2026-03-17-review.toml", "--action", "x"],
    );
    assert_eq!(code, 2);
    assert!(stderr.contains("changed by hand"), "{stderr}");
}

#[test]
fn a_prepared_file_is_checked_whole_and_recorded() {
    let ws = team();
    first_review(&ws);
    let prepared = ws.dir.path().join("prepared.toml");
    std::fs::write(
        &prepared,
        "person = \"ann\"\ndate = \"2026-10-02\"\n\n[[progress]]\nitem = \"a1\"\nstatus = \"met\"\noutcome = \"x\"\n\n[[action]]\ntext = \"Mentor a new starter\"\ncompetency = \"teamworking\"\nowner = \"nobody\"\n",
    )
    .unwrap();
    let (code, stdout, stderr) = review(&ws, &["ann", "--from", prepared.to_str().unwrap()]);
    assert_eq!(code, 2, "{stdout}");
    // Every problem, each at its line.
    for expected in [
        "prepared.toml:6:10",
        "prepared.toml:11:14",
        "prepared.toml:12:9",
        "is for an objective",
        "unknown competency",
        "the owner `nobody`",
    ] {
        assert!(stderr.contains(expected), "{expected} not in:\n{stderr}");
    }
    std::fs::write(
        &prepared,
        "person = \"ann\"\ndate = \"2026-10-02\"\n\n[[progress]]\nitem = \"a1\"\nstatus = \"done\"\noutcome = \"Shadowed Jordan\"\n\n[[action]]\ntext = \"Mentor a new starter\"\ncompetency = \"team-working\"\n",
    )
    .unwrap();
    let (code, stdout, stderr) = review(
        &ws,
        &["ann", "--from", prepared.to_str().unwrap(), "--final"],
    );
    assert_eq!(code, 0, "{stderr}");
    let text = std::fs::read_to_string(ws.root().join(stdout.trim())).unwrap();
    assert!(text.contains("id = \"a3\""), "{text}");
    assert!(text.contains("status = \"final\""), "{text}");
    // A flag that disagrees with the file is refused.
    let (code, _, stderr) = review(
        &ws,
        &[
            "ann",
            "--from",
            prepared.to_str().unwrap(),
            "--date",
            "2026-10-03",
        ],
    );
    assert_eq!(code, 2);
    assert!(stderr.contains("differs from"), "{stderr}");
}

#[test]
fn the_shipped_prepared_review_records_in_a_copy_of_the_example() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("ws");
    assert_eq!(run(competency().arg("init").arg(&ws)).0, 0);
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
    let (code, stdout, stderr) = run(competency().arg("--workspace").arg(&ws).args([
        "review",
        "alex-morgan",
        "--from",
        "examples/prepared/alex-review.toml",
    ]));
    assert_eq!(code, 0, "{stderr}");
    let text = std::fs::read_to_string(ws.join(stdout.trim())).unwrap();
    assert!(
        text.contains("id = \"a1\"") && text.contains("id = \"o1\""),
        "{text}"
    );
}

#[test]
fn validate_names_problems_across_a_persons_reviews() {
    let ws = team();
    first_review(&ws);
    second_review(&ws);
    // A review written by hand that agrees an id already taken and records
    // progress on an item nobody agreed.
    std::fs::write(
        ws.root().join("reviews/ann/2026-11-01-review.toml"),
        "schema = 1\nperson = \"ann\"\ndate = \"2026-11-01\"\nstatus = \"draft\"\ncreated = \"2026-11-01T10:00:00Z\"\n\n[[action]]\nid = \"a1\"\ntext = \"Again\"\nowner = \"self\"\ndue = \"2026-12-01\"\n\n[[progress]]\nitem = \"a7\"\nstatus = \"done\"\noutcome = \"x\"\n",
    )
    .unwrap();
    let (code, stdout, _) = run(ws.cmd().arg("validate"));
    assert_eq!(code, 1, "{stdout}");
    for expected in [
        "error[duplicate-item]",
        "warning[unknown-item]",
        "warning[missing-checksum]",
    ] {
        assert!(stdout.contains(expected), "{expected} not in:\n{stdout}");
    }
    // The same file named alone.
    let (code, stdout, _) = run(ws
        .cmd()
        .args(["validate", "reviews/ann/2026-11-01-review.toml"]));
    assert_eq!(code, 0, "{stdout}");
    assert!(stdout.contains("warning[missing-checksum]"), "{stdout}");
    // The schema of a review accepts the files review writes.
    let (code, stdout, _) = run(ws.cmd().args(["schema", "review"]));
    assert_eq!(code, 0);
    assert!(stdout.contains("\"progress\""), "{stdout}");
}

#[test]
fn the_plan_carries_the_last_review_in_every_format() {
    let ws = team();
    first_review(&ws);
    second_review(&ws);
    let plan = |format: &str| {
        let (code, stdout, stderr) =
            run(ws
                .cmd()
                .args(["plan", "ann", "--as-of", "2026-12-01", "--format", format]));
        assert_eq!(code, 0, "{stderr}");
        stdout
    };
    let text = plan("table");
    let section = &text[text.find("Since the last review").unwrap()..];
    insta::assert_snapshot!("plan_since_the_last_review_table", section);
    let markdown = plan("markdown");
    let section = &markdown[markdown.find("## Since the last review").unwrap()..];
    insta::assert_snapshot!("plan_since_the_last_review_markdown", section);
    let html = pretty_html(&plan("html"));
    let section = &html[html.find("<section class=\"review\">").unwrap()..];
    let section = &section[..section.find("</section>").unwrap() + "</section>".len()];
    insta::assert_snapshot!("plan_since_the_last_review_html", section);
    let json: serde_json::Value = serde_json::from_str(&plan("json")).unwrap();
    assert_eq!(
        json["review"]["last_review"]["file"],
        "2026-10-02-review.toml"
    );
    assert_eq!(json["review"]["items"].as_array().unwrap().len(), 4);
    // On a day before any review, there is no section.
    let (_, early, _) = run(ws.cmd().args(["plan", "ann", "--as-of", "2026-03-12"]));
    assert!(!early.contains("Since the last review"), "{early}");
}

#[test]
fn status_counts_overdue_actions_per_person_and_per_manager() {
    let ws = team();
    first_review(&ws);
    second_review(&ws);
    let (code, _, stderr) = review(
        &ws,
        &[
            "ben",
            "--date",
            "2026-04-01",
            "--action",
            "Visit each practice; due=2026-06-30",
        ],
    );
    assert_eq!(code, 0, "{stderr}");
    let report = json(&ws, &["status", "--as-of", "2026-12-01"]);
    let people: Vec<(&str, u64, u64)> = report["people"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            (
                l["person"].as_str().unwrap(),
                l["actions_open"].as_u64().unwrap(),
                l["actions_overdue"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(people, [("ann", 2, 1), ("ben", 1, 1)]);
    assert_eq!(report["managers"][0]["manager"], "sam-lee");
    assert_eq!(report["managers"][0]["actions_open"], 3);
    assert_eq!(report["managers"][0]["actions_overdue"], 2);
    let (code, table, _) = run(ws.cmd().args(["status", "--as-of", "2026-12-01", "--wide"]));
    assert_eq!(code, 0);
    insta::assert_snapshot!("status_with_overdue_actions", table);
}

#[test]
fn actions_lists_a_scope_in_every_format() {
    let ws = team();
    first_review(&ws);
    second_review(&ws);
    let (code, _, stderr) = review(
        &ws,
        &[
            "ben",
            "--date",
            "2026-04-01",
            "--action",
            "Visit each practice; due=2026-06-30",
        ],
    );
    assert_eq!(code, 0, "{stderr}");
    let people = |args: &[&str]| -> Vec<String> {
        let list = json(
            &ws,
            &[&["actions", "--as-of", "2026-12-01"][..], args].concat(),
        );
        list["actions"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| {
                format!(
                    "{} {}",
                    a["person"].as_str().unwrap(),
                    a["id"].as_str().unwrap()
                )
            })
            .collect()
    };
    let all = ["ann a2", "ann a3", "ben a1"];
    assert_eq!(people(&[]), all);
    assert_eq!(people(&["--manager", "sam-lee"]), all);
    assert_eq!(people(&["--team", "Wellbeing"]), all);
    assert_eq!(people(&["ben"]), ["ben a1"]);
    assert_eq!(people(&["--overdue"]), ["ann a3", "ben a1"]);
    let (code, table, _) = run(ws
        .cmd()
        .args(["actions", "--as-of", "2026-12-01", "--wide"]));
    assert_eq!(code, 0);
    insta::assert_snapshot!("actions_table", table);
    let (code, csv, _) =
        run(ws
            .cmd()
            .args(["actions", "--as-of", "2026-12-01", "--format", "csv"]));
    assert_eq!(code, 0);
    insta::assert_snapshot!("actions_csv", csv);
    let (code, md, _) =
        run(ws
            .cmd()
            .args(["actions", "--as-of", "2026-12-01", "--format", "markdown"]));
    assert_eq!(code, 0);
    insta::assert_snapshot!("actions_markdown", md);
    let book = ws.dir.path().join("actions.xlsx");
    let (code, _, stderr) = run(ws
        .cmd()
        .args([
            "actions",
            "--as-of",
            "2026-12-01",
            "--format",
            "xlsx",
            "--output",
        ])
        .arg(&book));
    assert_eq!(code, 0, "{stderr}");
    let mut workbook: calamine::Xlsx<_> = calamine::open_workbook(&book).unwrap();
    let sheet = workbook.worksheet_range("Actions").unwrap();
    let ids: Vec<String> = sheet
        .rows()
        .skip(1)
        .filter_map(|r| r.get(3).map(ToString::to_string))
        .filter(|s| !s.is_empty())
        .collect();
    assert_eq!(ids, ["a2", "a3", "a1"]);
    // A scope that does not exist is refused.
    let (code, _, stderr) = run(ws.cmd().args(["actions", "--manager", "nobody"]));
    assert_eq!(code, 2, "{stderr}");
}

#[test]
fn history_shows_a_rating_beside_the_actions_that_served_it() {
    let ws = team();
    first_review(&ws);
    second_review(&ws);
    let (code, _, stderr) = run(ws.cmd().args([
        "assess",
        "ann",
        "--framework",
        "wdcvs",
        "--by",
        "manager",
        "--rater",
        "Sam Lee",
        "--date",
        "2026-11-20",
        "--set",
        "leading-supporting-and-developing-others=3",
        "--final",
    ]));
    assert_eq!(code, 0, "{stderr}");
    let (code, table, _) = run(ws.cmd().args(["history", "ann", "--wide"]));
    assert_eq!(code, 0);
    insta::assert_snapshot!("history_with_actions_table", table);
    let history = json(&ws, &["history", "ann"]);
    let served: Vec<(&str, &str)> = history
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|h| {
            h["actions"]
                .as_array()
                .into_iter()
                .flatten()
                .map(move |a| (h["competency"].as_str().unwrap(), a["id"].as_str().unwrap()))
        })
        .collect();
    assert_eq!(
        served,
        [
            ("team-working", "a3"),
            ("leading-supporting-and-developing-others", "a1")
        ]
    );
    let (code, html, _) = run(ws.cmd().args(["history", "ann", "--format", "html"]));
    assert_eq!(code, 0);
    assert!(html.contains("Actions that served it"), "{html}");
}

#[test]
fn hostile_text_in_a_review_is_escaped_on_every_way_out() {
    let ws = team();
    let hostile = "<script>alert(1)</script> | **bold** =HYPERLINK(\"x\")";
    let (code, _, stderr) = review(
        &ws,
        &[
            "ann",
            "--date",
            "2026-03-17",
            "--action",
            &format!("{hostile}; due=2026-06-30; support=<b>time</b>"),
            "--action",
            "=1+1; due=2026-06-30",
            "--objective",
            &format!("{hostile}; measure=@SUM(A1)"),
        ],
    );
    assert_eq!(code, 0, "{stderr}");
    let out = |args: &[&str]| {
        let (code, stdout, stderr) = run(ws.cmd().args(args));
        assert_eq!(code, 0, "{args:?}: {stderr}");
        stdout
    };
    let html = out(&["plan", "ann", "--as-of", "2026-04-01", "--format", "html"]);
    assert!(!html.contains("<script>alert"), "raw markup in the pack");
    assert!(!html.contains("<b>time"), "raw markup in the pack");
    // Escaped: text a browser shows as it was typed (a long run may be
    // offered a break, `<wbr>`, which is not text).
    assert!(html.contains("&lt;script&gt;alert(1)"));
    assert!(
        html.replace("<wbr>", "")
            .contains("&lt;script&gt;alert(1)&lt;/script&gt;")
    );
    let markdown = out(&[
        "plan",
        "ann",
        "--as-of",
        "2026-04-01",
        "--format",
        "markdown",
    ]);
    assert!(markdown.contains("\\| \\*\\*bold\\*\\*"), "{markdown}");
    let csv = out(&["actions", "ann", "--as-of", "2026-04-01", "--format", "csv"]);
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let row = reader.records().next().unwrap().unwrap();
    assert_eq!(&row[4], hostile, "the text is kept whole, in one cell");
    let actions_md = out(&[
        "actions",
        "ann",
        "--as-of",
        "2026-04-01",
        "--format",
        "markdown",
    ]);
    assert!(!actions_md.contains("<script>"), "{actions_md}");
    // A formula is guarded in CSV: a quote before it, taken off by import.
    let formula = reader.records().next().unwrap().unwrap();
    assert_eq!(&formula[4], "'=1+1", "{csv}");
    // A control character put in a draft by hand is named by validate and
    // shown escaped on a terminal.
    let path = ws.root().join("reviews/ann/2026-03-17-review.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, text.replace("<b>time", "<b>time\\u001b[2J")).unwrap();
    let (code, stdout, _) = run(ws.cmd().arg("validate"));
    assert_eq!(code, 1, "{stdout}");
    assert!(stdout.contains("control-character"), "{stdout}");
    let (_, table, _) = run(ws
        .cmd()
        .args(["actions", "ann", "--as-of", "2026-04-01", "--wide"]));
    assert!(!table.contains('\u{1b}'), "{table}");
}

#[test]
#[ignore = "needs tmux"]
fn the_review_questionnaire_asks_how_each_open_item_went_then_offers_the_gaps() {
    let tmux = crate::common::Tmux::start("review");
    let ws = team();
    first_review(&ws);
    let out = ws.dir.path().join("stdout.txt");
    let script = format!(
        "cd '{}' && NO_COLOR=1 '{}' review ann --date 2026-10-02 > '{}'; echo EXIT=$?; sleep 30",
        ws.root().display(),
        env!("CARGO_BIN_EXE_competency"),
        out.display()
    );
    tmux.session("q", 160, 50, &script);
    tmux.wait_for("q", &["action a1: Shadow a senior link worker"]);
    tmux.wait_for("q", &["How did it go?"]);
    tmux.keys("q", &["Done", "Enter"]);
    tmux.wait_for("q", &["What came of it?"]);
    tmux.keys("q", &["Shadowed Jordan", "Enter"]);
    // a2: nothing to record yet (the menu starts there).
    tmux.wait_for("q", &["action a2: Book the difficult"]);
    tmux.keys("q", &["Enter"]);
    tmux.wait_for("q", &["objective o1: Run the spring"]);
    tmux.keys("q", &["Partly", "Enter"]);
    tmux.wait_for("q", &["A comment on it"]);
    tmux.keys("q", &["32 people came", "Enter"]);
    // The gaps of the plan first: Team Working and Leading are below the role.
    let pane = tmux.wait_for("q", &["The competencies below the role are offered first"]);
    assert!(pane.contains("Team Working (2 → 3)"), "{pane}");
    tmux.keys("q", &["Team Working", "Enter"]);
    tmux.wait_for("q", &["Behaviours still to show in Team Working"]);
    tmux.wait_for("q", &["The action:"]);
    // Start from the first behaviour offered; clear it and type another.
    erase(&tmux, 80);
    tmux.keys("q", &["Lead the weekly team huddle", "Enter"]);
    tmux.wait_for("q", &["Who does it?"]);
    tmux.keys("q", &["Enter"]);
    tmux.wait_for("q", &["Due by (YYYY-MM-DD):"]);
    erase(&tmux, 10);
    tmux.keys("q", &["2026-13-01", "Enter"]);
    tmux.wait_for("q", &["try again"]);
    erase(&tmux, 10);
    tmux.keys("q", &["2026-12-15", "Enter"]);
    tmux.wait_for("q", &["Support agreed"]);
    tmux.keys("q", &["Enter"]);
    tmux.wait_for("q", &["Add an action? The competencies"]);
    tmux.keys("q", &["No more", "Enter"]);
    tmux.wait_for("q", &["Add an objective?"]);
    tmux.keys("q", &["n", "Enter"]);
    tmux.wait_for("q", &["Save this review?"]);
    tmux.keys("q", &["Enter"]);
    tmux.wait_for("q", &["Mark it final"]);
    tmux.keys("q", &["Enter"]);
    let pane = tmux.wait_for("q", &["EXIT="]);
    assert!(pane.contains("EXIT=0"), "{pane}");
    let printed = std::fs::read_to_string(&out).unwrap();
    let text = std::fs::read_to_string(ws.root().join(printed.trim()))
        .unwrap_or_else(|e| panic!("{printed}: {e}\n{pane}"));
    for expected in [
        "item = \"a1\"\nstatus = \"done\"\noutcome = \"Shadowed Jordan\"",
        "item = \"o1\"\nstatus = \"partly-met\"\noutcome = \"32 people came\"",
        "id = \"a3\"\ntext = \"Lead the weekly team huddle\"\ncompetency = \"team-working\"\nowner = \"self\"\ndue = \"2026-12-15\"",
        "status = \"draft\"",
    ] {
        assert!(text.contains(expected), "{expected} not in:\n{text}");
    }
    assert!(!text.contains("item = \"a2\""), "{text}");
}

/// Backspace `n` times: the questionnaire's text starts on a suggestion.
fn erase(tmux: &crate::common::Tmux, n: u32) {
    tmux.run(&["send-keys", "-t", "q", "-N", &n.to_string(), "BSpace"])
        .expect("tmux send-keys");
}

#[test]
fn a_subject_access_bundle_holds_the_persons_reviews() {
    let ws = team();
    first_review(&ws);
    second_review(&ws);
    let zip = ws.dir.path().join("ann.zip");
    let (code, _, stderr) = run(ws.cmd().args(["sar", "ann", "--output"]).arg(&zip));
    assert_eq!(code, 0, "{stderr}");
    let mut archive = zip::ZipArchive::new(std::fs::File::open(&zip).unwrap()).unwrap();
    let names: Vec<String> = (0..archive.len())
        .map(|i| archive.by_index(i).unwrap().name().unwrap().into_owned())
        .collect();
    for review in [
        "reviews/2026-03-17-review.toml",
        "reviews/2026-10-02-review.toml",
    ] {
        assert!(
            names.iter().any(|n| n == review),
            "{review} not in {names:?}"
        );
    }
    let mut text = String::new();
    std::io::Read::read_to_string(
        &mut archive.by_name("reviews/2026-10-02-review.toml").unwrap(),
        &mut text,
    )
    .unwrap();
    assert!(
        text.contains("Shadowed Jordan on eight referrals"),
        "{text}"
    );
    // The bundle still checks out against the workspace.
    let (code, stdout, _) = run(ws.cmd().arg("validate").arg(&zip));
    assert_eq!(code, 0, "{stdout}");
}
