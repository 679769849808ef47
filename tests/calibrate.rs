//! `calibrate` and `impact`, through the real binary: raters against each
//! other on a workspace built for it, and a draft role held against the
//! workspace without writing anything.

use std::fmt::Write as _;

use scraper::{Html, Selector};

use crate::assess::Workspace;
use crate::common::{competency, pretty_html, run};

/// Run in `ws`; panics with stderr unless it exits 0. Returns stdout.
fn setup(ws: &Workspace, args: &[&str]) {
    let (code, _, stderr) = run(ws.cmd().args(args));
    assert_eq!(code, 0, "{args:?}: {stderr}");
}

/// A report run in `ws`: exit 0 and nothing on stderr. Returns stdout.
fn ok(ws: &Workspace, args: &[&str]) -> String {
    let (code, stdout, stderr) = run(ws.cmd().args(args));
    assert_eq!((code, stderr.as_str()), (0, ""), "{args:?}");
    stdout
}

const HEADER: &str = "person,framework,by,rater,role,date,status,competency,level\n";
const ROLE: &str = "community-link-worker";

/// Rows of one assessment: `level` for team working and delivering quality services.
fn rows(
    csv: &mut String,
    (person, by, rater): (&str, &str, &str),
    date: &str,
    status: &str,
    level: u8,
) {
    for competency in ["team-working", "delivering-quality-services"] {
        let _ = writeln!(
            csv,
            "{person},wdcvs,{by},{rater},{ROLE},{date},{status},{competency},{level}"
        );
    }
}

/// A workspace built so that Ann is exactly one level more lenient than
/// everyone else: she rates her five people 3 where the rest of the ratings
/// of the same role and competencies average 2 (Bob's and Cy's five at 2,
/// Eve's five at 3, 3, 2, 2, 2, and Dee's two at 1). Dee rated only two
/// people. Ann's people rate themselves 2. Bob also left a draft, and a peer
/// rated someone. Ann's people are team North, Bob's and Cy's South; Eve's
/// and Dee's are on no roster.
fn raters_workspace() -> Workspace {
    let ws = Workspace::new();
    let mut csv = HEADER.to_owned();
    let mut roster = "id,name,role,team,manager\n".to_owned();
    let raters: [(&str, &[u8], Option<&str>); 5] = [
        ("Ann", &[3, 3, 3, 3, 3], Some("North")),
        ("Bob", &[2, 2, 2, 2, 2], Some("South")),
        ("Cy", &[2, 2, 2, 2, 2], Some("South")),
        ("Eve", &[3, 3, 2, 2, 2], None),
        ("Dee", &[1, 1], None),
    ];
    for (rater, levels, team) in raters {
        for (i, level) in levels.iter().enumerate() {
            let person = format!("{}-{i}", rater.to_lowercase());
            rows(
                &mut csv,
                (&person, "manager", rater),
                "2026-06-10",
                "final",
                *level,
            );
            if rater == "Ann" {
                rows(
                    &mut csv,
                    (&person, "self", &person),
                    "2026-06-01",
                    "draft",
                    2,
                );
            }
            if let Some(team) = team {
                let _ = writeln!(roster, "{person},{person},{ROLE},{team},");
            }
        }
    }
    rows(
        &mut csv,
        ("bob-0", "manager", "Bob"),
        "2026-07-01",
        "draft",
        3,
    );
    rows(&mut csv, ("cy-0", "peer", "Pat"), "2026-07-01", "final", 4);
    // An earlier cycle's rating does not count in this one.
    rows(
        &mut csv,
        ("dee-0", "manager", "Dee"),
        "2025-06-01",
        "final",
        4,
    );
    std::fs::write(ws.dir.path().join("ratings.csv"), csv).unwrap();
    std::fs::write(ws.dir.path().join("staff.csv"), roster).unwrap();
    setup(&ws, &["import", "../ratings.csv"]);
    setup(&ws, &["people", "import", "../staff.csv"]);
    ws
}

fn json(ws: &Workspace, args: &[&str]) -> serde_json::Value {
    let stdout = ok(ws, &[args, &["--format", "json"]].concat());
    serde_json::from_str(&stdout).unwrap()
}

#[test]
fn a_rater_exactly_one_level_more_lenient_is_flagged_with_the_counts_and_one_with_two_people_is_not()
 {
    let ws = raters_workspace();
    let report = json(&ws, &["calibrate", "--as-of", "2026-12-01"]);
    let section = &report["sections"][0];
    assert_eq!(section["framework"], "wdcvs");
    let rater = |name: &str| {
        section["raters"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["name"] == name)
            .cloned()
            .unwrap_or_else(|| panic!("{name} is not calibrated: {section:#}"))
    };
    let ann = rater("Ann");
    assert_eq!(ann["flag"], "lenient");
    assert_eq!(ann["difference"], 1.0);
    // Her 10 ratings, compared with the other 17 of each competency.
    assert_eq!(
        (
            &ann["people"],
            &ann["ratings"],
            &ann["compared"],
            &ann["others"]
        ),
        (&5.into(), &10.into(), &10.into(), &34.into())
    );
    assert_eq!(ann["against_self"]["difference"], 1.0);
    assert_eq!(ann["against_self"]["pairs"], 10);
    for name in ["Bob", "Cy", "Eve"] {
        assert!(rater(name)["flag"].is_null(), "{name}");
    }
    // Dee rated two people, a level and more below everyone: listed, never compared.
    let too_few = section["too_few"].as_array().unwrap();
    assert_eq!(too_few.len(), 1, "{section:#}");
    assert_eq!(
        (
            &too_few[0]["rater"],
            &too_few[0]["people"],
            &too_few[0]["ratings"]
        ),
        (&"Dee".into(), &2.into(), &4.into())
    );
    let skipped: Vec<&str> = report["skipped"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["what"].as_str().unwrap())
        .collect();
    assert_eq!(skipped, ["draft manager's assessment", "peer's assessment"]);
    let table = ok(&ws, &["calibrate", "--as-of", "2026-12-01"]);
    insta::assert_snapshot!("calibrate_one_lenient_rater_table", table);
    let csv = ok(
        &ws,
        &["calibrate", "--as-of", "2026-12-01", "--format", "csv"],
    );
    insta::assert_snapshot!("calibrate_one_lenient_rater_csv", csv);
}

#[test]
fn the_calibration_page_has_one_chart_per_rater_and_flags_in_words() {
    let ws = raters_workspace();
    let page = ok(
        &ws,
        &["calibrate", "--as-of", "2026-12-01", "--format", "html"],
    );
    let html = Html::parse_document(&page);
    let select = |css: &str| Selector::parse(css).unwrap();
    let charts: Vec<_> = html.select(&select("svg.chart-calibration")).collect();
    assert_eq!(charts.len(), 4, "Ann, Bob, Cy and Eve: one chart each");
    for chart in &charts {
        assert_eq!(chart.value().attr("role"), Some("img"));
        assert!(chart.select(&select("title")).next().is_some());
        let desc: String = chart
            .select(&select("desc"))
            .next()
            .unwrap()
            .text()
            .collect();
        assert!(
            desc.contains("beside everyone else's for the same role"),
            "{desc}"
        );
    }
    // The flag is a symbol and a word in the raters' table, not a colour.
    let flags: Vec<String> = html
        .select(&select("table.raters td .flag"))
        .map(|f| f.text().collect())
        .collect();
    assert_eq!(flags, ["▲ lenient"]);
    // The document's body, one element per line: the stylesheet is the
    // shell's, snapshotted with the other documents.
    let body = pretty_html(&page[page.find("<body>").unwrap()..]);
    insta::assert_snapshot!("calibrate_one_lenient_rater_html", body);
}

#[test]
fn calibration_takes_the_scopes_of_team_and_status() {
    let ws = raters_workspace();
    // Team North is Ann's five people: nobody else rated them.
    let north = json(
        &ws,
        &["calibrate", "--as-of", "2026-12-01", "--team", "north"],
    );
    let ann = &north["sections"][0]["raters"][0];
    assert_eq!((&ann["name"], &ann["people"]), (&"Ann".into(), &5.into()));
    assert!(
        ann["difference"].is_null() && ann["flag"].is_null(),
        "{ann:#}"
    );
    assert!(north["scope"].as_str().unwrap().contains("team north"));
    let (code, stdout, stderr) = run(ws.cmd().args(["calibrate", "--team", "West"]));
    assert_eq!((code, stdout.as_str()), (2, ""));
    assert!(
        stderr.starts_with("error: --team: unknown team `West`"),
        "{stderr}"
    );
    let (code, _, stderr) = run(ws.cmd().args(["calibrate", "--manager", "nobody"]));
    assert_eq!(code, 2);
    assert!(
        stderr.contains("--manager: unknown person `nobody`"),
        "{stderr}"
    );
    let (code, _, stderr) =
        run(ws
            .cmd()
            .args(["calibrate", "--team", "North", "--manager", "ann-0"]));
    assert_eq!(code, 2, "{stderr}");
}

#[test]
fn a_framework_without_levels_of_its_own_cannot_be_calibrated_and_says_so() {
    let ws = raters_workspace();
    let (code, stdout, stderr) = run(ws.cmd().args([
        "calibrate",
        "--framework",
        "ombudsman",
        "--as-of",
        "2026-12-01",
    ]));
    assert_eq!((code, stderr.as_str()), (0, ""));
    assert!(
        stdout.contains("(ombudsman) cannot be calibrated: the framework defines no levels"),
        "{stdout}"
    );
    assert!(!stdout.contains("LENIENT"), "{stdout}");
}

/// The draft: team working lowered from 3 to 2, delivering quality services
/// raised from 3 to 4, the rest as the bundled role asks.
const DRAFT: &str = "\
roles:
  - id: community-link-worker
    name: Community Link Worker
    framework: wdcvs
    required:
      team-working: \"2\"
      leading-supporting-and-developing-others: \"4\"
      self-awareness-and-impact-on-others: \"4\"
      reason-judgement-and-decision-making: \"4\"
      networking-and-relationship-building: \"3\"
      delivering-quality-services: \"4\"
      customer-and-stakeholder-focus: \"4\"
";

#[test]
fn impact_of_a_changed_role_names_who_falls_below_who_meets_and_needs_per_team_writing_nothing() {
    let ws = raters_workspace();
    let draft = ws.dir.path().join("draft.yaml");
    std::fs::write(&draft, DRAFT).unwrap();
    let before = ws.snapshot();
    let report = json(&ws, &["impact", "../draft.yaml", "--as-of", "2026-12-01"]);
    let table = ok(&ws, &["impact", "../draft.yaml", "--as-of", "2026-12-01"]);
    let markdown = ok(
        &ws,
        &[
            "impact",
            "../draft.yaml",
            "--as-of",
            "2026-12-01",
            "--format",
            "markdown",
        ],
    );
    let csv = ok(
        &ws,
        &[
            "impact",
            "../draft.yaml",
            "--as-of",
            "2026-12-01",
            "--format",
            "csv",
        ],
    );
    assert_eq!(ws.snapshot(), before, "impact changed the workspace");
    let role = &report["roles"][0];
    assert_eq!(role["people"], 22);
    let people = |key: &str| -> Vec<String> {
        role[key]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["person"].as_str().unwrap().to_owned())
            .collect()
    };
    // Rated 3 on delivering quality services, now asked 4: Ann's five,
    // Eve's two, and bob-0 by Bob's later draft, which his line shows (as in
    // `team`), marked as a draft.
    let below = people("newly_below");
    assert_eq!(
        below,
        [
            "ann-0", "ann-1", "ann-2", "ann-3", "ann-4", "bob-0", "eve-0", "eve-1"
        ]
    );
    let bob = &role["newly_below"][5]["competencies"][0];
    assert_eq!(
        (&bob["level"], &bob["status"]),
        (&"3".into(), &"draft".into())
    );
    assert_eq!(role["newly_below"][0]["competencies"][0]["status"], "final");
    assert_eq!(role["drafts"], 1);
    assert!(table.contains("┆ 3 *"), "{table}");
    assert!(
        table.contains("*: from a draft record, not yet final."),
        "{table}"
    );
    // Rated 2 on team working, now asked 2: Bob's four, Cy's five, Eve's three.
    let meets = people("newly_meets");
    assert_eq!(meets.len(), 12, "{meets:?}");
    assert!(
        meets
            .iter()
            .all(|p| ["bob", "cy-", "eve"].iter().any(|r| p.starts_with(r)))
    );
    let team = |name: Option<&str>| {
        role["teams"]
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["team"].as_str() == name)
            .cloned()
            .unwrap()
    };
    let need = |needs: &serde_json::Value, id: &str| -> (u64, u64) {
        let n = needs
            .as_array()
            .unwrap()
            .iter()
            .find(|n| n["competency"] == id)
            .unwrap();
        (
            n["below_before"].as_u64().unwrap(),
            n["below_after"].as_u64().unwrap(),
        )
    };
    assert_eq!(
        need(&team(Some("North"))["needs"], "delivering-quality-services"),
        (0, 5)
    );
    assert_eq!(need(&team(Some("South"))["needs"], "team-working"), (9, 0));
    assert_eq!(
        need(&team(Some("South"))["needs"], "delivering-quality-services"),
        (9, 10)
    );
    assert_eq!(
        need(&team(None)["needs"], "delivering-quality-services"),
        (5, 7)
    );
    assert_eq!(
        need(&role["total"], "delivering-quality-services"),
        (14, 22)
    );
    // Dee's two, rated 1, are still below team working.
    assert_eq!(need(&role["total"], "team-working"), (14, 2));
    insta::assert_snapshot!("impact_changed_role_table", table);
    insta::assert_snapshot!("impact_changed_role_markdown", markdown);
    insta::assert_snapshot!("impact_changed_role_csv", csv);
}

#[test]
fn a_new_role_nobody_holds_changes_nobody() {
    let ws = raters_workspace();
    let draft = ws.dir.path().join("new.yaml");
    std::fs::write(
        &draft,
        "roles:\n  - id: senior-link-worker\n    name: Senior link worker\n    framework: wdcvs\n    required:\n      team-working: \"4\"\n",
    )
    .unwrap();
    let stdout = ok(&ws, &["impact", "../new.yaml"]);
    assert!(stdout.contains("a new role"), "{stdout}");
    assert!(
        stdout.contains("Nobody in the workspace holds senior-link-worker on this day"),
        "{stdout}"
    );
}

#[test]
fn a_hostile_or_wrong_role_file_is_refused_in_one_clear_error_and_nothing_is_written() {
    let ws = raters_workspace();
    let dir = ws.dir.path();
    let before = ws.snapshot();
    std::fs::write(
        dir.join("control.yaml"),
        DRAFT.replace("Community Link Worker", "Link\u{1b}]0;x\u{7}Worker"),
    )
    .unwrap();
    std::fs::write(
        dir.join("unknown.yaml"),
        DRAFT.replace("team-working: \"2\"", "team-work: \"9\""),
    )
    .unwrap();
    std::fs::write(
        dir.join("framework.yaml"),
        include_str!("../frameworks/wdcvs.yaml"),
    )
    .unwrap();
    // An alias bomb in the shape of a role file: 40 roles of 40 areas of 40
    // items, 64 000 strings from a few lines.
    let times = |alias: &str| vec![alias; 39].join(", ");
    let bomb = format!(
        "roles: [&role {{id: r, name: R, framework: wdcvs, required: {{team-working: \"1\"}}, person-specification: [&area {{area: A, essential: [&lol lol, {}], desirable: []}}, {}]}}, {}]\n",
        times("*lol"),
        times("*area"),
        times("*role")
    );
    std::fs::write(dir.join("bomb.yaml"), bomb).unwrap();
    std::fs::write(dir.join("empty.yaml"), "roles: []\n").unwrap();
    let huge = std::fs::File::create(dir.join("huge.yaml")).unwrap();
    huge.set_len(17 * 1024 * 1024).unwrap();
    let fifo = dir.join("fifo.yaml");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    std::fs::create_dir(dir.join("folder.yaml")).unwrap();
    let mut refusals = String::new();
    for name in [
        "control",
        "unknown",
        "framework",
        "bomb",
        "empty",
        "huge",
        "fifo",
        "folder",
        "missing",
    ] {
        let (code, stdout, stderr) = run(ws.cmd().args(["impact", &format!("../{name}.yaml")]));
        assert_eq!((code, stdout.as_str()), (2, ""), "{name}: {stderr}");
        assert!(!stderr.contains('\u{1b}'), "{name}: {stderr:?}");
        let _ = writeln!(refusals, "## {name}\n{stderr}");
    }
    assert_eq!(
        ws.snapshot(),
        before,
        "a refused draft changed the workspace"
    );
    insta::assert_snapshot!("impact_refuses_hostile_role_files", refusals);
}

#[test]
fn the_example_workspace_calibrates_the_nursery_and_the_draft_runs() {
    let (code, stdout, stderr) = run(competency().args([
        "--workspace",
        "examples/workspace",
        "calibrate",
        "--framework",
        "sssc-clf",
        "--as-of",
        "2026-12-01",
        "--format",
        "json",
    ]));
    assert_eq!((code, stderr.as_str()), (0, ""));
    let report: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let ray = &report["sections"][0]["raters"][0];
    assert_eq!(
        (&ray["name"], &ray["flag"]),
        (&"Ray".into(), &"lenient".into())
    );
    let (code, _, stderr) = run(competency().args([
        "--workspace",
        "examples/workspace",
        "impact",
        "examples/drafts/nursery-practitioner.yaml",
    ]));
    assert_eq!((code, stderr.as_str()), (0, ""));
}

/// A rater's name is the rater's own text: markup and a formula in it are
/// shown as text in the page, guarded in CSV, and the same in JSON.
#[test]
fn a_rater_named_in_markup_or_a_formula_is_shown_as_text_in_every_format() {
    let ws = Workspace::new();
    let hostile = "=HYPERLINK(\"http://x\")<script>alert(1)</script> & <b>Ann</b>";
    for (rater, level) in [(hostile, "3"), ("Bob", "2")] {
        for i in 0..5 {
            let person = format!("{}-{i}", if rater == "Bob" { "bob" } else { "ann" });
            setup(
                &ws,
                &[
                    "assess",
                    &person,
                    "--by",
                    "manager",
                    "--rater",
                    rater,
                    "--role",
                    ROLE,
                    "--date",
                    "2026-06-10",
                    "--set",
                    &format!("team-working={level}"),
                    "--final",
                ],
            );
        }
    }
    let args = ["calibrate", "--as-of", "2026-12-01", "--format"];
    let page = ok(&ws, &[&args[..], &["html"]].concat());
    assert!(
        !page.contains("<script>") && !page.contains("<b>"),
        "{page}"
    );
    let html = Html::parse_document(&page);
    let select = |css: &str| Selector::parse(css).unwrap();
    let names: Vec<String> = html
        .select(&select("table.raters tbody th"))
        .map(|td| td.text().collect::<String>().trim().to_owned())
        .collect();
    assert!(names.iter().any(|n| n == hostile), "{names:?}");
    let titles: Vec<String> = html
        .select(&select("svg.chart-calibration title"))
        .map(|t| t.text().collect())
        .collect();
    assert!(
        titles.contains(&format!("{hostile} against everyone else")),
        "{titles:?}"
    );
    let csv = ok(&ws, &[&args[..], &["csv"]].concat());
    assert!(
        csv.lines()
            .skip(1)
            .any(|l| l.starts_with("wdcvs,\"'=HYPERLINK(\"\"http://x\"\")<script>")),
        "{csv}"
    );
    let report = json(&ws, &["calibrate", "--as-of", "2026-12-01"]);
    let raters: Vec<&str> = report["sections"][0]["raters"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        raters,
        [
            "=HYPERLINK(\"http://x\")<script>alert(1)</script> & <b>Ann</b>",
            "Bob"
        ]
    );
}

/// Markup in a draft role's name is text in Markdown.
#[test]
fn a_draft_role_named_in_markup_is_escaped_in_markdown() {
    let ws = raters_workspace();
    std::fs::write(
        ws.dir.path().join("draft.yaml"),
        DRAFT.replace(
            "name: Community Link Worker",
            "name: \"<img src=x onerror=alert(1)> [link](http://x)\"",
        ),
    )
    .unwrap();
    let markdown = ok(
        &ws,
        &[
            "impact",
            "../draft.yaml",
            "--as-of",
            "2026-12-01",
            "--format",
            "markdown",
        ],
    );
    // Every `<` is escaped: no tag reaches a Markdown renderer.
    assert!(
        markdown
            .match_indices('<')
            .all(|(i, _)| markdown[..i].ends_with('\\')),
        "{markdown}"
    );
    assert!(
        markdown.contains("\\<img src=x onerror=alert(1)\\> \\[link\\](http://x)"),
        "{markdown}"
    );
}

/// A draft put in the workspace's roles/ beside the role it changes defines
/// the role twice: refused, as every report refuses it, never taken for a
/// new role.
#[test]
fn a_draft_in_roles_beside_the_published_role_is_refused_not_taken_for_a_new_role() {
    let ws = raters_workspace();
    std::fs::write(ws.root().join("roles/draft.yaml"), DRAFT).unwrap();
    let before = ws.snapshot();
    let (code, stdout, stderr) = run(ws.cmd().args(["impact", "roles/draft.yaml"]));
    assert_eq!((code, stdout.as_str()), (2, ""), "{stderr}");
    assert!(
        stderr.contains("role `community-link-worker` is defined in both"),
        "{stderr}"
    );
    assert_eq!(ws.snapshot(), before);
}
