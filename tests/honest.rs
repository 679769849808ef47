//! Honest figures: every rating says whose it is and how final, n/a never
//! counts as met, the roster fills in what it knows, and a group can be held
//! against a role it does not hold — through the real binary.

use serde_json::Value;

use crate::assess::Workspace;
use crate::common::run;

fn ok(ws: &Workspace, args: &[&str]) -> String {
    let (code, stdout, stderr) = run(ws.cmd().args(args));
    assert_eq!(code, 0, "{args:?}: {stderr}");
    stdout
}

fn json(ws: &Workspace, args: &[&str]) -> Value {
    serde_json::from_str(&ok(ws, args)).unwrap()
}

const CASEWORK: [&str; 6] = [
    "analytical",
    "impactful",
    "constructive",
    "approachable",
    "open-minded",
    "professional",
];

/// Tom Hughes manages three caseworkers: Ann and Ben with final manager
/// assessments (Ann meets the role, Ben does not), and Ellie with only her
/// own draft self-assessment, all 4s.
fn casework_team() -> Workspace {
    let ws = Workspace::new();
    // The Ombudsman framework defines no roles: the starter role does.
    std::fs::write(
        ws.root().join("roles/caseworker.yaml"),
        "roles:\n  - id: caseworker\n    name: Caseworker\n    framework: ombudsman\n    required:\n      analytical: \"3\"\n      impactful: \"3\"\n      constructive: \"3\"\n      approachable: \"3\"\n      open-minded: \"3\"\n      professional: \"3\"\n",
    )
    .unwrap();
    ok(
        &ws,
        &["people", "add", "tom-hughes", "--name", "Tom Hughes"],
    );
    for (id, name) in [
        ("ann-lee", "Ann Lee"),
        ("ben-day", "Ben Day"),
        ("ellie-ward", "Ellie Ward"),
    ] {
        ok(
            &ws,
            &[
                "people",
                "add",
                id,
                "--name",
                name,
                "--role",
                "caseworker",
                "--manager",
                "tom-hughes",
            ],
        );
    }
    let sets = |level: &str| -> Vec<String> {
        CASEWORK
            .iter()
            .flat_map(|c| ["--set".to_owned(), format!("{c}={level}")])
            .collect()
    };
    for (person, by, level, fin) in [
        ("ann-lee", "manager", "3", true),
        ("ben-day", "manager", "2", true),
        ("ellie-ward", "self", "4", false),
    ] {
        let mut args: Vec<String> = ["assess", person, "--framework", "ombudsman", "--by", by]
            .iter()
            .map(|s| (*s).to_owned())
            .collect();
        args.extend(sets(level));
        if fin {
            args.push("--final".to_owned());
        }
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        ok(&ws, &args);
    }
    ws
}

#[test]
fn a_self_assessment_never_passes_as_the_team_s_rating() {
    let ws = casework_team();
    let table = ok(&ws, &["team", "--manager", "tom-hughes"]);
    let ellie = table
        .lines()
        .find(|l| l.contains("Ellie Ward"))
        .expect("Ellie's line");
    assert!(
        ellie.contains("4 ▲ S*"),
        "her cells say whose and how final: {ellie}"
    );
    assert!(
        table.contains("1 of 3 people meet the whole of their role by their manager's ratings"),
        "{table}"
    );
    assert!(
        table.contains(
            "Self-assessed only (1; shown, counted as not yet rated): Ellie Ward (ellie-ward)"
        ),
        "{table}"
    );
    assert!(
        table.contains("S the person's own rating"),
        "the key: {table}"
    );
    // JSON: each rating's by and status; always sections.
    let report = json(
        &ws,
        &["team", "--manager", "tom-hughes", "--format", "json"],
    );
    let section = &report["sections"][0];
    assert_eq!(section["meeting_role"], 1);
    assert_eq!(section["counted_by"], "manager");
    assert_eq!(section["not_counted"][0]["person"], "ellie-ward");
    let members = section["members"].as_array().unwrap();
    let ellie = members
        .iter()
        .find(|m| m["person"] == "ellie-ward")
        .unwrap();
    assert_eq!(ellie["by"], "self");
    assert_eq!(ellie["meets_role"], false);
    assert_eq!(ellie["cells"][0]["rating"]["by"], "self");
    assert_eq!(ellie["cells"][0]["rating"]["status"], "draft");
    let ann = members.iter().find(|m| m["person"] == "ann-lee").unwrap();
    assert_eq!(ann["cells"][0]["rating"]["by"], "manager");
    assert_eq!(ann["cells"][0]["rating"]["status"], "final");
    // Her own view is not counted in the training needs: unrated there.
    let analytical = section["needs"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["competency"] == "analytical")
        .unwrap();
    assert_eq!(
        (analytical["below"].as_u64(), analytical["unrated"].as_u64()),
        (Some(1), Some(1))
    );
    // CSV carries whose and how final as columns.
    let csv = ok(&ws, &["team", "--manager", "tom-hughes", "--format", "csv"]);
    let header = csv.lines().next().unwrap();
    assert!(
        header.starts_with("person,name,role,framework,by,ratings,"),
        "{header}"
    );
    let line = csv.lines().find(|l| l.starts_with("ellie-ward,")).unwrap();
    assert!(
        line.contains(",self,draft,") && line.ends_with(",false"),
        "{line}"
    );
    // Asked for by self, the figures count their own ratings, and say so.
    let own = ok(&ws, &["team", "--manager", "tom-hughes", "--by", "self"]);
    assert!(own.contains("by their own ratings"), "{own}");
}

#[test]
fn the_team_document_says_whose_team_when_and_whose_each_rating_is() {
    let ws = casework_team();
    let html = ok(
        &ws,
        &["team", "--manager", "tom-hughes", "--format", "html"],
    );
    let doc = scraper::Html::parse_document(&html);
    let select = |css: &str| scraper::Selector::parse(css).unwrap();
    let title: String = doc
        .select(&select("title"))
        .next()
        .unwrap()
        .text()
        .collect();
    assert!(title.contains("the people Tom Hughes manages"), "{title}");
    let h1: String = doc.select(&select("h1")).next().unwrap().text().collect();
    assert!(h1.contains("Tom Hughes"), "{h1}");
    let text: String = doc.root_element().text().collect();
    assert!(
        text.contains("Made on 1 December 2026"),
        "the day it was made"
    );
    assert!(text.contains("Self-assessed only"), "who is not counted");
    assert!(
        text.contains("assessments/ellie-ward/") && text.contains("assessments/ann-lee/"),
        "the records it was made from"
    );
    // Ellie's cells carry the mark, and a reader hears whose rating it is.
    let row = doc
        .select(&select("tbody tr"))
        .find(|r| r.text().collect::<String>().contains("Ellie Ward"))
        .unwrap();
    let cell = row.select(&select("td")).next().unwrap();
    let whose: String = cell
        .select(&select(".whose"))
        .next()
        .unwrap()
        .text()
        .collect();
    assert_eq!(whose, "S*");
    assert!(
        cell.value()
            .attr("title")
            .unwrap()
            .contains("their own rating, draft")
    );
}

#[test]
fn a_required_competency_marked_not_applicable_is_not_assessed_never_met() {
    let ws = casework_team();
    // Ann's manager marks four of the six as not applicable, the rest met.
    ok(
        &ws,
        &[
            "assess",
            "ann-lee",
            "--framework",
            "ombudsman",
            "--by",
            "manager",
            "--set",
            "analytical=3",
            "--set",
            "impactful=3",
            "--na",
            "constructive",
            "--na",
            "approachable",
            "--na",
            "open-minded",
            "--na",
            "professional",
            "--final",
        ],
    );
    let gap = ok(&ws, &["gap", "ann-lee"]);
    assert!(gap.contains("met 2 of 6"), "{gap}");
    assert!(gap.contains("4 not assessed"), "{gap}");
    let row = gap.lines().find(|l| l.contains("Constructive")).unwrap();
    assert!(row.contains("not assessed (n/a)"), "{row}");
    assert!(
        !row.contains('▒'),
        "no shortfall bar for what was not assessed: {row}"
    );
    let gap = json(&ws, &["gap", "ann-lee", "--format", "json"]);
    assert_eq!(gap["summary"]["not-applicable"], 4);
    let readiness = ok(&ws, &["readiness", "ann-lee"]);
    let line = readiness
        .lines()
        .find(|l| l.contains("caseworker"))
        .unwrap();
    assert!(
        line.contains("2 of 6") && line.contains("4 not assessed"),
        "{line}"
    );
    let team = json(
        &ws,
        &["team", "--manager", "tom-hughes", "--format", "json"],
    );
    let section = &team["sections"][0];
    assert_eq!(section["meeting_role"], 0, "n/a never meets the role");
    let constructive = section["needs"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["competency"] == "constructive")
        .unwrap();
    assert_eq!(constructive["not_assessed"], 1);
}

#[test]
fn a_group_can_be_held_against_a_role_it_does_not_hold() {
    let ws = Workspace::new();
    // No roster, records without a role: everyone assessed on WDCVS.
    for (person, level) in [("amy", "3"), ("bob", "2")] {
        ok(
            &ws,
            &[
                "assess",
                person,
                "--by",
                "manager",
                "--set",
                &format!("team-working={level}"),
                "--final",
            ],
        );
    }
    let (code, stdout, stderr) = run(ws.cmd().args(["team", "--role", "community-link-worker"]));
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stdout.contains("nobody in scope holds the role"),
        "{stdout}"
    );
    assert!(
        stderr.contains("2 people were assessed on framework `wdcvs` without a role")
            && stderr.contains("--against community-link-worker"),
        "{stderr}"
    );
    let report = json(
        &ws,
        &[
            "team",
            "--framework",
            "wdcvs",
            "--against",
            "community-link-worker",
            "--format",
            "json",
        ],
    );
    assert_eq!(
        report["scope"],
        "people assessed on WDCVS Competency Framework, held against the role Community Link Worker"
    );
    let section = &report["sections"][0];
    assert_eq!(section["role"], "community-link-worker");
    assert_eq!(section["people"], 2);
    let members: Vec<&str> = section["members"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["person"].as_str().unwrap())
        .collect();
    assert_eq!(members, ["amy", "bob"]);
}

#[test]
fn status_asks_assessments_only_of_people_with_a_role_and_a_sign_off_only_of_a_manager() {
    let ws = casework_team();
    // Ellie signs her own self-assessment as final: that is no sign-off.
    let mut args = vec![
        "assess",
        "ellie-ward",
        "--framework",
        "ombudsman",
        "--by",
        "self",
        "--final",
    ];
    args.extend(["--set", "analytical=4"]);
    ok(&ws, &args);
    let report = json(&ws, &["status", "--format", "json"]);
    let people: Vec<&str> = report["people"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["person"].as_str().unwrap())
        .collect();
    assert_eq!(
        people,
        ["ann-lee", "ben-day", "ellie-ward"],
        "Tom holds no role"
    );
    assert_eq!(report["not_owing"][0]["person"], "tom-hughes");
    let ellie = &report["people"][2];
    assert!(ellie["last_final"].is_null(), "{ellie}");
    assert_eq!(
        ellie["outstanding"],
        serde_json::json!(["manager", "sign-off"])
    );
    let table = ok(&ws, &["status"]);
    assert!(
        table.contains("3 of 3") || table.contains("of 3 people done"),
        "only the three with a role are counted: {table}"
    );
    assert!(
        table.contains("Not counted: 1 person owes nothing this cycle — Tom Hughes (tom-hughes)"),
        "{table}"
    );
}

#[test]
fn assess_takes_the_framework_role_and_rater_from_the_roster() {
    let ws = Workspace::new();
    // The workspace's default framework is WDCVS; Dafydd's role is Cherwell's.
    std::fs::write(
        ws.root().join("roles/council.yaml"),
        "roles:\n  - id: council-officer\n    name: Council officer\n    framework: cherwell-snc\n    required:\n      communication: D\n",
    )
    .unwrap();
    ok(&ws, &["people", "add", "lee-grant", "--name", "Lee Grant"]);
    ok(
        &ws,
        &[
            "people",
            "add",
            "dafydd",
            "--name",
            "Dafydd Rhys",
            "--role",
            "council-officer",
            "--manager",
            "lee-grant",
        ],
    );
    for (by, rater) in [("manager", "Lee Grant"), ("self", "Dafydd Rhys")] {
        let path = ok(
            &ws,
            &["assess", "dafydd", "--by", by, "--set", "communication=E"],
        );
        let text = std::fs::read_to_string(ws.root().join(path.trim())).unwrap();
        for line in [
            "framework = \"cherwell-snc\"",
            &format!("rater = \"{rater}\""),
            "role = \"council-officer\"",
        ] {
            assert!(text.contains(line), "{by}: {line} not in\n{text}");
        }
    }
    // --rater and --framework still win.
    let path = ok(
        &ws,
        &[
            "assess",
            "dafydd",
            "--by",
            "manager",
            "--rater",
            "Acting Manager",
            "--set",
            "communication=C",
        ],
    );
    let text = std::fs::read_to_string(ws.root().join(path.trim())).unwrap();
    assert!(text.contains("rater = \"Acting Manager\""), "{text}");
    let (code, _, stderr) = run(ws.cmd().args([
        "assess",
        "dafydd",
        "--framework",
        "wdcvs",
        "--by",
        "self",
        "--set",
        "communication=E",
    ]));
    assert_eq!(code, 2);
    assert!(stderr.contains("in framework `wdcvs`"), "{stderr}");
}

#[test]
fn someone_on_the_roster_without_ratings_gets_a_blank_report_and_how_to_record() {
    let ws = Workspace::new();
    ok(
        &ws,
        &[
            "people",
            "add",
            "gareth-williams",
            "--name",
            "Gareth Williams",
            "--role",
            "community-link-worker",
        ],
    );
    let gap = ok(&ws, &["gap", "gareth-williams"]);
    assert!(gap.contains("met 0 of 7 · 0 below · 7 unrated"), "{gap}");
    assert!(
        gap.contains("competency assess gareth-williams --by self"),
        "{gap}"
    );
    assert!(!gap.contains("did you mean"), "{gap}");
    let plan = ok(&ws, &["plan", "gareth-williams"]);
    assert!(
        plan.contains("Team Working (team-working): – → 3"),
        "{plan}"
    );
    for command in ["readiness", "history"] {
        let out = ok(&ws, &[command, "gareth-williams"]);
        assert!(
            out.contains("competency assess gareth-williams --by self"),
            "{command}: {out}"
        );
    }
    // Someone the roster does not know is still an unknown id.
    let (code, _, stderr) = run(ws.cmd().args(["gap", "gareth-wiliams"]));
    assert_eq!(code, 2);
    assert!(
        stderr.contains("did you mean `gareth-williams`?"),
        "{stderr}"
    );
}
