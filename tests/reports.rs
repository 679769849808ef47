//! Every report on the example workspace: each format snapshotted once per
//! report, its other cases as tables (and run in every format).

use crate::common::{competency, pretty_html, run};

const FORMATS: [&str; 4] = ["table", "json", "csv", "markdown"];

/// A report in every format, each snapshotted as `NAME_FORMAT`: once per
/// report, on its first case.
fn report(name: &str, args: &[&str]) {
    report_in(name, args, &FORMATS);
}

/// Another case of a report: it runs in every format (the JSON parses), and
/// its table is snapshotted as `NAME_table`; each format's snapshot is the
/// report's first case.
fn variant(name: &str, args: &[&str]) {
    report_in(name, args, &["table"]);
}

fn report_in(name: &str, args: &[&str], snapshot: &[&str]) {
    for format in FORMATS {
        let (code, stdout, stderr) = run(competency()
            .args(["--workspace", "examples/workspace"])
            .args(args)
            .args(["--format", format]));
        // The export of all ratings holds peers' own (the example workspace
        // has some), and says whom it is for.
        let note = if args[0] == "export" && !args.contains(&"--latest") {
            "note: this export of all ratings holds each peer's own ratings and name: it is for HR; reports about a person show peers only as aggregates (--latest leaves peers out)\n"
        } else {
            ""
        };
        assert_eq!(
            (code, stderr.as_str()),
            (0, note),
            "{args:?} --format {format}"
        );
        if format == "json" {
            serde_json::from_str::<serde_json::Value>(&stdout)
                .unwrap_or_else(|e| panic!("{args:?}: {e}"));
        }
        if snapshot.contains(&format) {
            insta::assert_snapshot!(format!("{name}_{format}"), stdout);
        }
    }
}

/// The HTML document of a report, snapshotted as `NAME_html`, one element
/// per line (the stylesheet only in `gap_alex_html`).
fn html(name: &str, args: &[&str]) -> String {
    let (code, stdout, stderr) = run(competency()
        .args(["--workspace", "examples/workspace"])
        .args(args)
        .args(["--format", "html"]));
    assert_eq!((code, stderr.as_str()), (0, ""), "{args:?} --format html");
    let mut shown = pretty_html(&stdout);
    // Every document has the same stylesheet: shown in one snapshot only.
    if name != "gap_alex"
        && let (Some(start), Some(end)) = (shown.find("<style>"), shown.find("</style>"))
    {
        shown.replace_range(start + "<style>".len()..end, "(as in gap_alex_html)");
    }
    insta::assert_snapshot!(format!("{name}_html"), shown);
    stdout
}

#[test]
fn gap_of_a_link_worker_against_the_role() {
    report(
        "gap_alex",
        &["gap", "alex-morgan", "--role", "community-link-worker"],
    );
    html(
        "gap_alex",
        &["gap", "alex-morgan", "--role", "community-link-worker"],
    );
}

#[test]
fn gap_earlier_in_the_year_flags_self_and_manager_far_apart() {
    variant(
        "gap_alex_june",
        &[
            "gap",
            "alex-morgan",
            "--role",
            "community-link-worker",
            "--as-of",
            "2026-06-30",
        ],
    );
}

#[test]
fn gap_by_self_rating() {
    variant(
        "gap_alex_self",
        &[
            "gap",
            "alex-morgan",
            "--role",
            "community-link-worker",
            "--by",
            "self",
        ],
    );
}

#[test]
fn gap_on_a_scale_with_mid_points() {
    variant(
        "gap_dana",
        &["gap", "dana-cole", "--role", "council-officer"],
    );
    html("gap_dana", &["gap", "dana-cole"]);
}

#[test]
fn gap_explains_a_checklist_rating() {
    report(
        "gap_sunita_explain",
        &[
            "gap",
            "sunita",
            "--role",
            "nursery-practitioner",
            "--explain",
        ],
    );
}

#[test]
fn gap_with_an_unrated_requirement() {
    variant("gap_mary", &["gap", "mary", "--role", "support-worker"]);
}

#[test]
fn plan_towards_the_role() {
    report(
        "plan_alex",
        &["plan", "alex-morgan", "--role", "community-link-worker"],
    );
    html("plan_alex", &["plan", "alex-morgan"]);
}

#[test]
fn plan_on_a_given_day_with_a_given_review() {
    html(
        "plan_alex_june",
        &[
            "plan",
            "alex-morgan",
            "--as-of",
            "2026-06-30",
            "--next-review",
            "2026-09-30",
        ],
    );
}

#[test]
fn plan_on_a_framework_whose_behaviours_have_no_levels() {
    variant(
        "plan_priya",
        &["plan", "priya-shah", "--role", "caseworker"],
    );
    html("plan_priya", &["plan", "priya-shah"]);
}

#[test]
fn plan_towards_the_next_role() {
    variant(
        "plan_sunita_manager",
        &["plan", "sunita", "--role", "nursery-manager"],
    );
}

#[test]
fn team_matrix_and_training_needs() {
    report(
        "team_link_workers",
        &["team", "--role", "community-link-worker"],
    );
    html(
        "team_link_workers",
        &["team", "--role", "community-link-worker"],
    );
}

#[test]
fn team_of_a_reporting_line_in_several_frameworks() {
    html(
        "team_lee_grant_all",
        &["team", "--manager", "lee-grant", "--all"],
    );
}

#[test]
fn readiness_ranks_the_nearest_roles() {
    report("readiness_sunita", &["readiness", "sunita"]);
}

#[test]
fn history_of_ratings() {
    report("history_alex", &["history", "alex-morgan"]);
    html("history_alex", &["history", "alex-morgan"]);
}

#[test]
fn export_of_every_rating() {
    report("export", &["export"]);
}

#[test]
fn gap_json_follows_the_contract_shape() {
    let (_, stdout, _) = run(competency().args([
        "--workspace",
        "examples/workspace",
        "gap",
        "alex-morgan",
        "--role",
        "community-link-worker",
        "--format",
        "json",
    ]));
    let json: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(json["person"], "alex-morgan");
    assert_eq!(json["role"], "community-link-worker");
    assert_eq!(json["framework"], "wdcvs");
    assert_eq!(json["by"], "manager");
    assert_eq!(
        json["assessment"],
        "assessments/alex-morgan/2026-10-02-wdcvs-manager.toml"
    );
    for row in json["rows"].as_array().unwrap() {
        for key in [
            "competency",
            "required",
            "rating",
            "self",
            "manager",
            "gap",
            "status",
        ] {
            assert!(row.get(key).is_some(), "row without {key}");
        }
    }
    for key in ["meets", "exceeds", "below", "unrated", "not-applicable"] {
        assert!(json["summary"][key].is_u64(), "summary without {key}");
    }
}

#[test]
fn export_defaults_to_csv_with_one_row_per_rating() {
    let (code, stdout, _) = run(competency().args(["--workspace", "examples/workspace", "export"]));
    assert_eq!(code, 0);
    let mut lines = stdout.lines();
    assert_eq!(
        lines.next(),
        Some(
            "person,subject,framework,fingerprint,by,rater,role,date,status,competency,level,rank,not-applicable,evidence,file,amends,superseded,required,gap"
        )
    );
    let (_, people, _) = run(competency().args([
        "--workspace",
        "examples/workspace",
        "people",
        "--format",
        "json",
    ]));
    let people: serde_json::Value = serde_json::from_str(&people).unwrap();
    let ratings: u64 = people["people"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|p| p["assessments"].as_array().unwrap())
        .map(|a| a["ratings"].as_u64().unwrap())
        .sum();
    assert_eq!(lines.count() as u64, ratings);
}

#[test]
fn reports_refuse_unknown_people_and_roles() {
    let cases: [(&str, &[&str]); 6] = [
        (
            "misspelt_person",
            &["gap", "alex-morgn", "--role", "community-link-worker"],
        ),
        (
            "unknown_role",
            &["gap", "alex-morgan", "--role", "link-worker"],
        ),
        (
            "name_for_id",
            &["gap", "Alex Morgan", "--role", "community-link-worker"],
        ),
        (
            "bad_date",
            &[
                "gap",
                "alex-morgan",
                "--role",
                "community-link-worker",
                "--as-of",
                "2026-13-01",
            ],
        ),
        (
            "unknown_team_member",
            &[
                "team",
                "--role",
                "community-link-worker",
                "--people",
                "nobody",
            ],
        ),
        (
            "unknown_framework",
            &["readiness", "alex-morgan", "--framework", "nope"],
        ),
    ];
    for (name, args) in cases {
        let (code, stdout, stderr) = run(competency()
            .args(["--workspace", "examples/workspace"])
            .args(args));
        assert_eq!(code, 2, "{args:?}");
        assert!(stdout.is_empty());
        insta::assert_snapshot!(format!("refuse_{name}"), stderr);
    }
    // A role of a framework the person has no assessments on: every
    // requirement unrated, and how to record ratings.
    let (code, stdout, stderr) = run(competency()
        .args(["--workspace", "examples/workspace"])
        .args(["gap", "alex-morgan", "--role", "nursery-manager"]));
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stdout.contains("has no assessments on framework `sssc-clf` yet")
            && stdout.contains("competency assess alex-morgan --by self"),
        "{stdout}"
    );
}

#[test]
fn team_summary_gives_the_same_needs_without_a_line_per_person() {
    let json = |extra: &[&str]| -> serde_json::Value {
        let (code, stdout, _) = run(competency()
            .args([
                "--workspace",
                "examples/workspace",
                "team",
                "--role",
                "community-link-worker",
                "--format",
                "json",
            ])
            .args(extra));
        assert_eq!(code, 0);
        serde_json::from_str(&stdout).unwrap()
    };
    let (full, summary) = (json(&[]), json(&["--summary"]));
    let (full, summary) = (&full["sections"][0], &summary["sections"][0]);
    assert_eq!(full["needs"], summary["needs"]);
    assert_eq!(full["people"], summary["people"]);
    assert_eq!(full["meeting_role"], summary["meeting_role"]);
    assert_eq!(full["counted_by"], "manager");
    assert_eq!(summary["members"].as_array().unwrap().len(), 0);
    report(
        "team_summary",
        &["team", "--role", "community-link-worker", "--summary"],
    );
}
