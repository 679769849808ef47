//! Each framework as its source means it, end to end: the rules that make
//! SSSC, Cherwell and Arun what they are, through the real binary, from the
//! checklist to gap, plan, readiness, team and the HTML pack.

use std::path::Path;

use serde_json::Value;

use crate::assess::Workspace;
use crate::common::Tmux;
use crate::common::run;

/// The three Engaged behaviours of SSSC Flexibility that Mary shows: of
/// the four, "Is open to change in own workplace." is not yet shown (the
/// paper: "John feels she is not yet able to do this").
const MARY_FLEXIBILITY: [&str; 3] = [
    "Acknowledge the importance of change in continually improving practice.",
    "Adapts own approach to the demands of the work environment.",
    "Adjusts a strongly held opinion in response to contradictory evidence.",
];

/// A workspace on `framework`.
fn workspace(framework: &str) -> Workspace {
    let ws = Workspace::new();
    std::fs::write(
        ws.root().join("competency.toml"),
        format!("name = \"Test\"\ndefault-framework = \"{framework}\"\n"),
    )
    .unwrap();
    ws
}

/// Run the binary in `ws`; expect `code`; give back stdout (and stderr).
fn ok(ws: &Workspace, args: &[&str]) -> String {
    let (code, stdout, stderr) = run(ws.cmd().args(args));
    assert_eq!(code, 0, "{args:?}\nstdout:\n{stdout}\nstderr:\n{stderr}");
    stdout
}

/// Run the binary in `ws`; expect it to fail with `expected`; give back stderr.
fn fails(ws: &Workspace, args: &[&str], expected: i32) -> String {
    let (code, stdout, stderr) = run(ws.cmd().args(args));
    assert_eq!(
        code, expected,
        "{args:?}\nstdout:\n{stdout}\nstderr:\n{stderr}"
    );
    stderr
}

fn json(ws: &Workspace, args: &[&str]) -> Value {
    let mut args = args.to_vec();
    args.extend(["--format", "json"]);
    let text = ok(ws, &args);
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{args:?}: {e}\n{text}"))
}

/// Record a prepared file (TOML text) for `person`.
fn prepared(ws: &Workspace, person: &str, name: &str, text: &str) -> String {
    let path = ws.dir.path().join(name);
    std::fs::write(&path, text).unwrap();
    ok(ws, &["assess", person, "--from", path.to_str().unwrap()])
        .trim()
        .to_owned()
}

/// The texts of a competency's indicators (with its themes'), as the
/// binary shows them: those at `level` (`None`: every one) of `polarity`.
fn indicators(
    framework: &str,
    competency: &str,
    level: Option<&str>,
    polarity: &str,
) -> Vec<String> {
    let (code, stdout, stderr) =
        run(crate::common::competency().args(["show", framework, competency, "--format", "json"]));
    assert_eq!(code, 0, "{stderr}");
    let shown: Value = serde_json::from_str(&stdout).unwrap();
    let c = shown["competencies"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == competency)
        .unwrap();
    let own = c["indicators"].as_array().unwrap().iter();
    let themes = c["themes"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|t| t["indicators"].as_array().unwrap().iter());
    own.chain(themes)
        .filter(|i| level.is_none_or(|l| i["level"] == l))
        .filter(|i| i["polarity"] == polarity)
        .map(|i| i["text"].as_str().unwrap().to_owned())
        .collect()
}

/// The positive indicators of SSSC `competency` at each of `levels`.
fn sssc(competency: &str, levels: &[&str]) -> Vec<String> {
    levels
        .iter()
        .flat_map(|l| indicators("sssc-clf", competency, Some(l), "positive"))
        .collect()
}

fn toml_strings(items: &[String]) -> String {
    toml_list(&items.iter().map(String::as_str).collect::<Vec<_>>())
}

fn toml_list(items: &[&str]) -> String {
    let quoted: Vec<String> = items
        .iter()
        .map(|i| format!("\"{}\"", i.replace('"', "\\\"")))
        .collect();
    format!("[{}]", quoted.join(", "))
}

/// John's checklist of Mary's flexibility: three of the four Engaged
/// behaviours, so no level (the rule gives none), by checklist.
fn mary_by_checklist(ws: &Workspace) {
    ok(
        ws,
        &[
            "people",
            "add",
            "mary",
            "--name",
            "Mary",
            "--role",
            "support-worker",
        ],
    );
    prepared(
        ws,
        "mary",
        "mary.toml",
        &format!(
            "framework = \"sssc-clf\"\nby = \"manager\"\nrater = \"John\"\nrole = \"support-worker\"\ndate = \"2026-01-20\"\n\n[[rating]]\ncompetency = \"flexibility\"\nmethod = \"checklist\"\nticked = {}\n",
            toml_list(&MARY_FLEXIBILITY)
        ),
    );
}

// ---------------------------------------------------------------------------
// 2. "Not yet at the first level" is a rating below it.

#[test]
fn a_checklist_short_of_engaged_is_below_engaged_in_gap_readiness_team_and_history() {
    let ws = workspace("sssc-clf");
    mary_by_checklist(&ws);

    let gap = ok(&ws, &["gap", "mary"]);
    assert!(gap.contains("not yet at Engaged"), "{gap}");
    assert!(gap.contains("met 0 of 1 · 1 below"), "{gap}");
    let row = gap.lines().find(|l| l.contains("Flexibility")).unwrap();
    assert!(row.contains("-1") && row.contains("below"), "{row}");

    let report = json(&ws, &["gap", "mary"]);
    let row = &report["rows"][0];
    assert_eq!(row["status"], "below");
    assert_eq!(row["gap"], -1);
    assert_eq!(row["rating"], Value::Null);
    assert_eq!(row["below_scale"], serde_json::json!(["manager"]));
    assert_eq!(report["summary"]["below"], 1);
    assert_eq!(report["summary"]["unrated"], 0);

    let explained = ok(&ws, &["gap", "mary", "--explain"]);
    assert!(
        explained.contains("not yet at Engaged: not every indicator of the first level is shown (3 of 4 at `engaged`"),
        "{explained}"
    );
    assert!(
        explained.contains("Is open to change in own workplace."),
        "{explained}"
    );

    let readiness = json(&ws, &["readiness", "mary"]);
    let own = readiness
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["role"] == "support-worker")
        .unwrap();
    assert_eq!(own["shortfall"], 1);
    assert_eq!(own["below_first"], serde_json::json!(["flexibility"]));
    let table = ok(&ws, &["readiness", "mary"]);
    assert!(
        table.contains("Flexibility (-1, not yet at Engaged)"),
        "{table}"
    );

    let team = json(&ws, &["team", "--role", "support-worker"]);
    let section = &team["sections"][0];
    assert_eq!(section["needs"][0]["below"], 1);
    assert_eq!(section["needs"][0]["shortfall"], 1);
    assert_eq!(section["needs"][0]["unrated"], 0);
    assert_eq!(
        section["members"][0]["cells"][0]["rating"]["below"],
        "engaged"
    );
    let matrix = ok(&ws, &["team", "--role", "support-worker"]);
    assert!(matrix.contains("<engaged ▼"), "{matrix}");
    assert!(matrix.contains("not yet at the first level"), "{matrix}");

    let history = ok(&ws, &["history", "mary"]);
    assert!(history.contains("not yet at Engaged"), "{history}");
    let export = ok(&ws, &["export"]);
    let line = export.lines().find(|l| l.contains("flexibility")).unwrap();
    assert!(line.contains(",,0,false,"), "level empty, rank 0: {line}");
}

// ---------------------------------------------------------------------------
// 1 and 2 in a real terminal: the checklist questionnaire of Mary's
// flexibility, driven through tmux.

const BIN: &str = env!("CARGO_BIN_EXE_competency");

/// The personal capabilities of SSSC, in the questionnaire's order.
const SSSC_PERSONAL: [&str; 17] = [
    "Self Confidence",
    "Accurate Self Assessment",
    "Lifelong Learning",
    "Awareness of impact on others",
    "Flexibility",
    "Judgement",
    "Initiative",
    "Managing workloads",
    "Resilience",
    "A focus on service users and carers",
    "Empathy",
    "Developing others",
    "Motivating and leading others",
    "Working with others across organisational boundaries",
    "Organisational awareness",
    "Teamwork",
    "Managing conflict",
];

/// Start `assess ARGS` in `ws` in a tmux session 100 columns wide; stdout
/// goes to a file, read back by [`finish`].
fn questionnaire(tmux: &Tmux, ws: &Workspace, session: &str, args: &str) {
    let script = format!(
        "cd '{}' && NO_COLOR=1 TERM=xterm-256color '{BIN}' assess {args} > '{}'; echo EXIT=$?; sleep 120",
        ws.root().display(),
        ws.dir.path().join(format!("{session}.out")).display()
    );
    tmux.session(session, 100, 50, &script);
}

/// Save, leave it a draft, and give back the record written.
fn finish(tmux: &Tmux, ws: &Workspace, session: &str) -> String {
    tmux.wait_for(session, &["Save this assessment?"]);
    tmux.keys(session, &["Enter"]);
    tmux.wait_for(session, &["Mark it final"]);
    tmux.keys(session, &["Enter"]);
    let pane = tmux.wait_for(session, &["EXIT="]);
    assert!(pane.contains("EXIT=0"), "{pane}");
    let printed = std::fs::read_to_string(ws.dir.path().join(format!("{session}.out"))).unwrap();
    std::fs::read_to_string(ws.root().join(printed.trim())).unwrap()
}

/// The pane's words on one line, as the questionnaire wraps its own text.
fn one_line(pane: &str) -> String {
    pane.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Leave the competency `name` unanswered: tick nothing, then skip.
fn skip(tmux: &Tmux, session: &str, name: &str) {
    tmux.wait_for(
        session,
        &[&format!("Which of these behaviours are shown? — {name}")],
    );
    tmux.keys(session, &["Enter"]);
    tmux.wait_for(session, &[&format!("Level for {name}")]);
    tmux.keys(session, &["Skip", "Enter"]);
}

#[test]
#[ignore = "needs tmux"]
fn marys_checklist_in_a_real_terminal_starts_on_not_yet_at_engaged_and_gap_counts_it_below() {
    let tmux = Tmux::start("mary");
    let ws = workspace("sssc-clf");
    ok(
        &ws,
        &[
            "people",
            "add",
            "mary",
            "--name",
            "Mary",
            "--role",
            "support-worker",
        ],
    );
    questionnaire(
        &tmux,
        &ws,
        "mary",
        "mary --by manager --rater John --role support-worker --checklist",
    );
    for name in &SSSC_PERSONAL[..4] {
        skip(&tmux, "mary", name);
    }
    tmux.wait_for(
        "mary",
        &["Which of these behaviours are shown? — Flexibility"],
    );
    // The second, third and fourth of the four Engaged behaviours.
    tmux.keys(
        "mary",
        &["Down", "Space", "Down", "Space", "Down", "Space", "Enter"],
    );
    let pane = tmux.wait_for("mary", &["Level for Flexibility?"]);
    assert!(
        pane.contains("Derived: not yet at Engaged: not every indicator of the first level is shown (3 of 4 at `engaged`"),
        "{pane}"
    );
    // The cursor is on "not yet", not on Engaged: Enter keeps what the ticks show.
    let cursor = pane
        .lines()
        .find(|l| l.trim_start().starts_with('>'))
        .unwrap_or_default();
    assert!(cursor.contains("Not yet at Engaged"), "{pane}");
    tmux.keys("mary", &["Enter"]);
    tmux.wait_for("mary", &["Evidence"]);
    tmux.keys("mary", &["Complains of change for change's sake", "Enter"]);
    for name in &SSSC_PERSONAL[5..] {
        skip(&tmux, "mary", name);
    }
    let pane = tmux.wait_for("mary", &["Save this assessment?"]);
    assert!(
        pane.contains("Flexibility: not yet at Engaged (by the checklist) — 3 behaviours shown"),
        "{pane}"
    );
    // Teamwork's two Established behaviours, whose words were lost in the
    // source, are shown as such and never offered; SSSC has no behaviours
    // to avoid, so nothing is marked ✗.
    let all = one_line(&pane);
    assert!(
        all.contains("Lost in the source, so not asked and left out of the level (2 behaviours): [Established] […] objectives and work of the team. [Established] Understands the needs of the team and is able to […]"),
        "{all}"
    );
    assert!(!all.contains('✗'), "{all}");
    let record = finish(&tmux, &ws, "mary");
    assert!(record.contains("method = \"checklist\""), "{record}");
    assert!(
        !record.contains("level ="),
        "no level was reached: {record}"
    );

    let gap = ok(&ws, &["gap", "mary"]);
    let row = gap.lines().find(|l| l.contains("Flexibility")).unwrap();
    assert!(
        row.contains("not yet at Engaged") && row.contains("-1") && row.contains("below"),
        "{gap}"
    );
    assert!(gap.contains("met 0 of 1 · 1 below"), "{gap}");
}

// ---------------------------------------------------------------------------
// 3. The plan lists every behaviour between the rating used and the
// requirement, and marks the ones the person ticked.

#[test]
fn the_plan_keeps_behaviours_the_person_ticked_and_marks_them_for_discussion() {
    let ws = workspace("sssc-clf");
    ok(
        &ws,
        &[
            "people",
            "add",
            "mary-brown",
            "--name",
            "Mary Brown",
            "--role",
            "nursery-practitioner",
        ],
    );
    // Her own checklist: self confidence up to Accomplished, motivating and
    // leading others up to Established.
    prepared(
        &ws,
        "mary-brown",
        "self.toml",
        &format!(
            "framework = \"sssc-clf\"\nby = \"self\"\ndate = \"2026-08-04\"\n\n[[rating]]\ncompetency = \"self-confidence\"\nlevel = \"accomplished\"\nmethod = \"checklist\"\nticked = {}\n\n[[rating]]\ncompetency = \"motivating-and-leading-others\"\nlevel = \"established\"\nmethod = \"checklist\"\nticked = {}\n",
            toml_strings(&sssc(
                "self-confidence",
                &["engaged", "established", "accomplished"]
            )),
            toml_strings(&sssc(
                "motivating-and-leading-others",
                &["engaged", "established"]
            )),
        ),
    );
    // Her manager's lower rating, which the plan uses.
    ok(
        &ws,
        &[
            "assess",
            "mary-brown",
            "--by",
            "manager",
            "--rater",
            "Ray",
            "--date",
            "2026-08-11",
            "--set",
            "self-confidence=established",
            "--set",
            "motivating-and-leading-others=engaged",
        ],
    );
    let plan = ok(&ws, &["plan", "mary-brown", "--role", "nursery-manager"]);
    let confidence = plan
        .split("== Self Confidence (self-confidence): established → accomplished ==")
        .nth(1)
        .unwrap();
    let confidence = confidence.split("==").next().unwrap();
    for behaviour in sssc("self-confidence", &["accomplished"]) {
        assert!(
            confidence.contains(&behaviour),
            "{behaviour} missing:\n{plan}"
        );
    }
    assert_eq!(
        confidence
            .matches("✓ you ticked this; your manager's rating is lower — discuss")
            .count(),
        5,
        "{plan}"
    );
    let motivating = plan
        .split("== Motivating and leading others (motivating-and-leading-others): engaged → accomplished ==")
        .nth(1)
        .unwrap();
    assert!(
        motivating.contains("Established — behaviours to show:"),
        "{plan}"
    );
    assert!(
        motivating.contains("Accomplished — behaviours to show:"),
        "{plan}"
    );
    for behaviour in sssc(
        "motivating-and-leading-others",
        &["established", "accomplished"],
    ) {
        assert!(
            motivating.contains(&behaviour),
            "{behaviour} missing:\n{plan}"
        );
    }

    let markdown = ok(
        &ws,
        &[
            "plan",
            "mary-brown",
            "--role",
            "nursery-manager",
            "--format",
            "markdown",
        ],
    );
    assert!(
        markdown.contains("- [ ] Is able to nurture the self confidence of others. — *you ticked this; your manager's rating is lower — discuss*"),
        "{markdown}"
    );
    let html = ok(
        &ws,
        &[
            "plan",
            "mary-brown",
            "--role",
            "nursery-manager",
            "--format",
            "html",
        ],
    );
    assert_eq!(
        html.matches("✓ you ticked this; your manager&#39;s rating is lower — discuss")
            .count()
            + html
                .matches("✓ you ticked this; your manager's rating is lower — discuss")
                .count(),
        9,
        "five Accomplished behaviours of self confidence, four Established of motivating"
    );
    let json = json(&ws, &["plan", "mary-brown", "--role", "nursery-manager"]);
    let steps = json["items"][1]["steps"].as_array().unwrap();
    assert_eq!(steps[0]["level"], "established");
    assert_eq!(steps[0]["behaviours"].as_array().unwrap().len(), 4);
    assert_eq!(steps[0]["ticked"].as_array().unwrap().len(), 4);
}

// ---------------------------------------------------------------------------
// 4. Reports name every record their ratings come from.

/// A Cherwell workspace with its starter roles (`init --framework cherwell-snc`).
fn cherwell() -> Workspace {
    let dir = tempfile::tempdir().unwrap();
    let (code, _, stderr) = run(crate::common::competency()
        .arg("init")
        .arg(dir.path().join("ws"))
        .args(["--name", "Councils", "--framework", "cherwell-snc"]));
    assert_eq!(code, 0, "{stderr}");
    Workspace { dir }
}

const CHERWELL_CORE: [&str; 7] = [
    "communication",
    "performance-and-outcome-focus",
    "customer-focus",
    "innovation-continuous-improvement-and-problem-solving",
    "collaborative-teamwork",
    "financial-and-commercial-awareness",
    "technical-expertise",
];

#[test]
fn every_record_a_reports_ratings_come_from_is_named_with_what_it_gives() {
    let ws = cherwell();
    ok(
        &ws,
        &[
            "people",
            "add",
            "dana-cole",
            "--name",
            "Dana Cole",
            "--role",
            "council-officer",
        ],
    );
    let mut all = vec![
        "assess",
        "dana-cole",
        "--by",
        "manager",
        "--rater",
        "Lee Grant",
        "--date",
        "2026-11-20",
        "--final",
    ];
    let sets: Vec<String> = CHERWELL_CORE.iter().map(|c| format!("{c}=D")).collect();
    for set in &sets {
        all.extend(["--set", set.as_str()]);
    }
    ok(&ws, &all);
    ok(
        &ws,
        &[
            "assess",
            "dana-cole",
            "--by",
            "manager",
            "--rater",
            "Lee Grant",
            "--date",
            "2026-12-02",
            "--set",
            "communication=E",
            "--set",
            "customer-focus=F",
            "--set",
            "technical-expertise=F",
        ],
    );
    let gap = ok(&ws, &["gap", "dana-cole"]);
    let ratings = gap.lines().nth(1).unwrap();
    assert!(
        ratings.contains("manager (Lee Grant) 2026-12-02 draft, used for Communication · Customer Focus · Technical Expertise")
            && ratings.contains("manager (Lee Grant) 2026-11-20 final, used for Performance and Outcome Focus · Innovation, Continuous Improvement and Problem Solving · Collaborative Teamwork · Financial and Commercial Awareness"),
        "{gap}"
    );
    let report = json(&ws, &["gap", "dana-cole"]);
    let raters: Vec<(String, usize)> = report["raters"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["date"].as_str().unwrap().to_owned(),
                r["competencies"].as_array().unwrap().len(),
            )
        })
        .collect();
    assert_eq!(
        raters,
        vec![("2026-12-02".to_owned(), 3), ("2026-11-20".to_owned(), 4)]
    );
    let pack = ok(&ws, &["plan", "dana-cole", "--format", "html"]);
    assert!(pack.contains("2 December 2026 (draft) — used in this document, for Communication · Customer Focus · Technical Expertise"), "{pack}");
    assert!(
        pack.contains(
            "20 November 2026 (final) — used in this document, for Performance and Outcome Focus"
        ),
        "{pack}"
    );
    assert!(
        pack.contains("2026-12-02-cherwell-snc-manager.toml, assessments/dana-cole/2026-11-20-cherwell-snc-manager.toml"),
        "the footer names both records"
    );
    let markdown = ok(&ws, &["plan", "dana-cole", "--format", "markdown"]);
    assert!(
        markdown.contains("2026-11-20 final, used for"),
        "{markdown}"
    );
}

// ---------------------------------------------------------------------------
// 5. A role id defined in two files is reported, never chosen silently.

#[test]
fn a_role_id_in_two_role_files_is_reported_naming_both_and_never_chosen() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("ws");
    std::fs::create_dir_all(root.join("roles")).unwrap();
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/workspace/roles/cherwell.yaml"),
        root.join("roles/cherwell.yaml"),
    )
    .unwrap();
    let (code, _, stderr) = run(crate::common::competency()
        .arg("init")
        .arg(&root)
        .args(["--framework", "cherwell-snc"]));
    assert_eq!(code, 0, "{stderr}");
    assert!(root.join("roles/council-roles.yaml").is_file());
    let ws = Workspace { dir };

    let (code, stdout, stderr) = run(ws.cmd().arg("roles"));
    assert_eq!(code, 1, "{stdout}{stderr}");
    assert_eq!(stdout.matches("council-officer").count(), 2, "{stdout}");
    assert!(
        stderr.contains("roles/council-roles.yaml:12:9: error[duplicate-id]: roles[0].id: role `council-officer` is also defined in roles/cherwell.yaml"),
        "{stderr}"
    );

    let refused = fails(&ws, &["role", "council-officer"], 2);
    assert!(
        refused.contains("role `council-officer` is defined in both `roles/cherwell.yaml` and `roles/council-roles.yaml`"),
        "{refused}"
    );
    ok(&ws, &["people", "add", "dana-cole", "--name", "Dana Cole"]);
    ok(
        &ws,
        &[
            "assess",
            "dana-cole",
            "--by",
            "self",
            "--set",
            "communication=D",
        ],
    );
    let refused = fails(&ws, &["gap", "dana-cole", "--role", "council-officer"], 2);
    assert!(refused.contains("defined in both"), "{refused}");

    let (code, stdout, stderr) = run(ws.cmd().arg("validate"));
    assert_eq!(code, 1, "{stdout}{stderr}");
    let all = format!("{stdout}{stderr}");
    assert_eq!(all.matches("error[duplicate-id]").count(), 2, "{all}");
    assert!(
        all.contains("role `service-manager` is also defined in roles/cherwell.yaml"),
        "{all}"
    );
}

// ---------------------------------------------------------------------------
// 6. Organisations have their own roles and reports; persons and
// organisations are never compared with each other's roles.

/// Riverside care home, assessed by John Smith on the organisational
/// capabilities (a prepared record).
fn riverside(ws: &Workspace) {
    prepared(
        ws,
        "riverside-care-home",
        "riverside.toml",
        "subject = \"organisation\"\nframework = \"sssc-clf\"\nby = \"manager\"\nrater = \"John Smith\"\ndate = \"2026-01-25\"\n\n[[rating]]\ncompetency = \"learning-and-performance-culture\"\nlevel = \"engaged\"\nevidence = \"Aspiring to established.\"\n\n[[rating]]\ncompetency = \"access-to-feedback\"\nlevel = \"engaged\"\n",
    );
}

#[test]
fn an_organisation_is_reviewed_against_an_organisations_role_in_words_of_its_own() {
    let ws = workspace("sssc-clf");
    riverside(&ws);
    mary_by_checklist(&ws);

    // No role known: the organisational roles are offered, not `people add`.
    let refused = fails(&ws, &["gap", "riverside-care-home"], 2);
    assert!(
        refused.contains("no role is known for `riverside-care-home`, an organisation")
            && refused.contains("`care-home`")
            && !refused.contains("people add"),
        "{refused}"
    );
    // Never a person's role for an organisation, nor the reverse.
    let refused = fails(
        &ws,
        &["gap", "riverside-care-home", "--role", "support-worker"],
        2,
    );
    assert!(
        refused.contains("role `support-worker` is a role for a person, and `riverside-care-home` is an organisation"),
        "{refused}"
    );
    let refused = fails(&ws, &["plan", "mary", "--role", "care-home"], 2);
    assert!(
        refused.contains("role `care-home` is a role for an organisation"),
        "{refused}"
    );
    let refused = fails(
        &ws,
        &[
            "assess",
            "riverside-care-home",
            "--subject",
            "organisation",
            "--by",
            "manager",
            "--role",
            "support-worker",
            "--set",
            "access-to-feedback=engaged",
        ],
        2,
    );
    assert!(
        refused.contains("role `support-worker` is a role for a person"),
        "{refused}"
    );

    // Readiness ranks organisations' roles only.
    let readiness = json(&ws, &["readiness", "riverside-care-home"]);
    let roles: Vec<&str> = readiness
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["role"].as_str().unwrap())
        .collect();
    assert_eq!(roles, vec!["care-home"]);
    let mary: Vec<String> = json(&ws, &["readiness", "mary"])
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["role"].as_str().unwrap().to_owned())
        .collect();
    assert!(!mary.contains(&"care-home".to_owned()), "{mary:?}");

    let gap = ok(&ws, &["gap", "riverside-care-home", "--role", "care-home"]);
    assert!(
        gap.starts_with("riverside-care-home (organisation) against Residential care home"),
        "{gap}"
    );
    assert!(gap.contains("met 0 of 1 · 1 below"), "{gap}");
    // An organisation is assessed, not managed.
    assert!(
        gap.contains("ratings: assessed (John Smith) 2026-01-25"),
        "{gap}"
    );
    assert!(
        gap.lines().any(|l| l.contains("┆ assessed ┆")) && !gap.contains("manager"),
        "{gap}"
    );

    // The review document: an organisational review, assessed by John Smith.
    for format in ["html", "markdown"] {
        let pack = ok(
            &ws,
            &[
                "plan",
                "riverside-care-home",
                "--role",
                "care-home",
                "--format",
                format,
            ],
        );
        assert!(
            pack.contains("Organisational review: riverside-care-home"),
            "{pack}"
        );
        assert!(pack.contains("Organisation"), "{pack}");
        assert!(pack.contains("Assessed by"), "{pack}");
        assert!(pack.contains("John Smith"), "{pack}");
        assert!(pack.contains("(assessed)"), "{pack}");
        for word in ["Appraisal", "Line manager", "Person", "Manager"] {
            assert!(!pack.contains(word), "{format} says {word}:\n{pack}");
        }
    }
    let html = ok(
        &ws,
        &[
            "gap",
            "riverside-care-home",
            "--role",
            "care-home",
            "--format",
            "html",
        ],
    );
    assert!(html.contains("Organisational review against"), "{html}");
    assert!(!html.contains("Manager assessment"), "{html}");
}

#[test]
fn organisations_roles_are_written_validated_and_shown_as_such() {
    let dir = tempfile::tempdir().unwrap();
    let (code, _, stderr) = run(crate::common::competency()
        .arg("init")
        .arg(dir.path().join("ws"))
        .args(["--framework", "sssc-clf"]));
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("roles/organisation.yaml"), "{stderr}");
    let ws = Workspace { dir };
    ok(&ws, &["validate"]);
    let role = ok(&ws, &["role", "our-organisation"]);
    assert!(
        role.contains("A role for an organisation or team"),
        "{role}"
    );
    let roles = json(&ws, &["roles"]);
    let subjects: Vec<(&str, &str)> = roles
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["framework"] == "sssc-clf")
        .map(|r| (r["id"].as_str().unwrap(), r["subject"].as_str().unwrap()))
        .collect();
    assert!(
        subjects.contains(&("care-home", "organisation")),
        "{subjects:?}"
    );
    assert!(
        subjects.contains(&("our-organisation", "organisation")),
        "{subjects:?}"
    );
    assert!(
        subjects.contains(&("support-worker", "person")),
        "{subjects:?}"
    );

    // A role asking for both kinds is refused by validate.
    std::fs::write(
        ws.root().join("roles/mixed.yaml"),
        "roles:\n  - id: mixed\n    name: Mixed\n    framework: sssc-clf\n    required:\n      flexibility: engaged\n      access-to-feedback: engaged\n",
    )
    .unwrap();
    let (code, stdout, stderr) = run(ws.cmd().arg("validate"));
    assert_eq!(code, 1, "{stdout}{stderr}");
    assert!(
        format!("{stdout}{stderr}").contains("error[wrong-subject]: roles[0].required: role `mixed` requires `flexibility`, which rates a person, and `access-to-feedback`, which rates an organisation or team"),
        "{stdout}{stderr}"
    );
}

// ---------------------------------------------------------------------------
// 7. Each indicator keeps its perspective; the level is explained per
// perspective.

#[test]
fn the_organisations_and_the_workers_indicators_are_kept_apart_in_every_output() {
    let ws = workspace("sssc-clf");
    let organisation = indicators(
        "sssc-clf",
        "learning-and-performance-culture",
        Some("engaged"),
        "positive",
    );
    // The first two Engaged indicators are the organisation's own.
    prepared(
        &ws,
        "riverside-care-home",
        "riverside.toml",
        &format!(
            "subject = \"organisation\"\nframework = \"sssc-clf\"\nby = \"manager\"\nrater = \"John Smith\"\nrole = \"care-home\"\ndate = \"2026-01-25\"\n\n[[rating]]\ncompetency = \"learning-and-performance-culture\"\nmethod = \"checklist\"\nticked = {}\n",
            toml_strings(&organisation[..2])
        ),
    );
    let explained = ok(&ws, &["gap", "riverside-care-home", "--explain"]);
    assert!(
        explained.contains("not yet at Engaged: not every indicator of the first level is shown (`engaged`: The organisation 2 of 2, The social service worker 0 of 3"),
        "{explained}"
    );
    assert!(
        explained.contains("[The social service worker] Feels that the organisation values their insight and contributions."),
        "{explained}"
    );
    // The same list in Markdown and HTML, each behaviour with whose view it is.
    let markdown = ok(
        &ws,
        &[
            "gap",
            "riverside-care-home",
            "--explain",
            "--format",
            "markdown",
        ],
    );
    assert!(
        markdown.contains("- *The social service worker:* Feels that the organisation values their insight and contributions."),
        "{markdown}"
    );
    let html = ok(
        &ws,
        &[
            "gap",
            "riverside-care-home",
            "--explain",
            "--format",
            "html",
        ],
    );
    assert!(
        html.contains("<li><span class=\"muted\">The social service worker: </span>Feels that"),
        "{html}"
    );
    // JSON: each behaviour ticked says whose view it is.
    let gap = json(&ws, &["gap", "riverside-care-home"]);
    let ticked = gap["rows"][0]["ticked"].as_array().unwrap();
    assert_eq!(ticked.len(), 2, "{gap}");
    assert!(
        ticked.iter().all(|t| t["perspective"] == "organisation"),
        "{gap}"
    );
    let plan = ok(&ws, &["plan", "riverside-care-home"]);
    for heading in [
        "Engaged — The organisation — behaviours to show:",
        "Engaged — The social service worker — behaviours to show:",
        "Established — The organisation — behaviours to show:",
        "Established — The social service worker — behaviours to show:",
    ] {
        assert!(plan.contains(heading), "{heading}:\n{plan}");
    }
    let html = ok(&ws, &["plan", "riverside-care-home", "--format", "html"]);
    assert!(
        html.contains("<h4>Engaged — The social service worker — behaviours to show</h4>"),
        "{html}"
    );
    let csv = ok(&ws, &["plan", "riverside-care-home", "--format", "csv"]);
    let line = csv
        .lines()
        .find(|l| l.contains("Feels that the organisation values their insight"))
        .unwrap();
    assert!(line.contains(",The social service worker,"), "{line}");
    let json = json(&ws, &["plan", "riverside-care-home"]);
    assert_eq!(json["items"][0]["steps"][1]["perspective"], "worker");
}

#[test]
#[ignore = "needs tmux"]
fn an_organisations_checklist_in_a_real_terminal_explains_its_level_per_perspective() {
    let tmux = Tmux::start("riverside");
    let ws = workspace("sssc-clf");
    questionnaire(
        &tmux,
        &ws,
        "riverside",
        "riverside-care-home --subject organisation --by manager --rater 'John Smith' --checklist",
    );
    // The role question offers organisations' roles only: the one there is.
    let pane = tmux.wait_for("riverside", &["Which role is this assessment for?"]);
    assert!(
        pane.contains("Residential care home") && !pane.contains("Support worker"),
        "{pane}"
    );
    tmux.keys("riverside", &["Enter"]);
    // The terminal breaks the long name over lines: wait for its start.
    let first = "A belief that the organisation";
    tmux.wait_for(
        "riverside",
        &[&format!("Which of these behaviours are shown? — {first}")],
    );
    let pane = tmux.capture("riverside", true);
    assert!(
        pane.contains("[Engaged — The social service worker]"),
        "{pane}"
    );
    // The organisation's two Engaged indicators.
    tmux.keys("riverside", &["Space", "Down", "Space", "Enter"]);
    let pane = one_line(&tmux.wait_for("riverside", &[&format!("Level for {first}")]));
    assert!(
        pane.contains("`engaged`: The organisation 2 of 2, The social service worker 0 of 3"),
        "{pane}"
    );
    tmux.keys("riverside", &["Enter"]);
    tmux.wait_for("riverside", &["Evidence"]);
    tmux.keys("riverside", &["Enter"]);
    for name in [
        "Planning for learning, development",
        "Access to learning and development",
        "Access to feedback",
        "A workplace that focuses on health",
    ] {
        skip(&tmux, "riverside", name);
    }
    let record = finish(&tmux, &ws, "riverside");
    assert!(record.contains("subject = \"organisation\""), "{record}");
    assert!(record.contains("role = \"care-home\""), "{record}");
    let explained = ok(
        &ws,
        &[
            "gap",
            "riverside-care-home",
            "--role",
            "care-home",
            "--explain",
        ],
    );
    assert!(
        explained.contains("The social service worker 0 of 3"),
        "{explained}"
    );
}

// ---------------------------------------------------------------------------
// 11, 12. Negative behaviours recorded are never hidden by a level met, and
// are named in the framework's own word.

/// Kim, a member of Arun's Residential Services staff: her manager rates
/// Synergy above the role with two contra indicators ticked, Customer Focus
/// met with two more; her own checklist ticks two on Accountability.
fn kim() -> Workspace {
    let ws = workspace("arun");
    ok(
        &ws,
        &[
            "people",
            "add",
            "kim",
            "--name",
            "Kim Park",
            "--role",
            "residential-services-staff",
        ],
    );
    prepared(
        &ws,
        "kim",
        "self.toml",
        "framework = \"arun\"\nby = \"self\"\ndate = \"2026-02-20\"\n\n[[rating]]\ncompetency = \"accountability\"\nticked = [\"Focuses on own needs and benefits.\", \"Does not accept responsibility for own actions.\"]\n",
    );
    prepared(
        &ws,
        "kim",
        "manager.toml",
        "framework = \"arun\"\nby = \"manager\"\nrater = \"Pat Jones\"\ndate = \"2026-03-01\"\n\n[[rating]]\ncompetency = \"synergy\"\nlevel = \"people-managers\"\nticked = [\"Does the bare minimum to get by.\", \"Works 'in silo' and doesn't share information or expertise.\"]\n\n[[rating]]\ncompetency = \"customer-focus\"\nlevel = \"all-colleagues\"\nticked = [\"Does not treat all customers fairly and with respect.\", \"Makes assumptions rather than finding out the customers' needs.\"]\n",
    );
    ws
}

const KIMS_CONTRAS: [&str; 6] = [
    "Does the bare minimum to get by.",
    "Works 'in silo' and doesn't share information or expertise.",
    "Does not treat all customers fairly and with respect.",
    "Makes assumptions rather than finding out the customers' needs.",
    "Focuses on own needs and benefits.",
    "Does not accept responsibility for own actions.",
];

#[test]
fn contra_indicators_are_marked_on_every_row_cell_and_strength_and_all_are_in_the_pack() {
    let ws = kim();
    let gap = ok(&ws, &["gap", "kim"]);
    let row = gap.lines().find(|l| l.contains("Synergy")).unwrap();
    assert!(row.contains("exceeds · ✗ 2"), "{gap}");
    let row = gap.lines().find(|l| l.contains("Accountability")).unwrap();
    assert!(row.contains("✗ 2"), "{gap}");
    assert!(gap.contains("✗ Contra Indicators (recorded):"), "{gap}");
    for contra in KIMS_CONTRAS {
        assert!(gap.contains(contra), "{contra}:\n{gap}");
    }
    assert!(!gap.contains("Negative behaviours"), "{gap}");

    // The plan's strengths carry the mark and the behaviours.
    let plan = ok(&ws, &["plan", "kim"]);
    assert!(
        plan.contains(
            "Synergy: exceeds people-managers (required all-colleagues) · ✗ 2 Contra Indicators recorded"
        ),
        "{plan}"
    );
    assert!(
        plan.contains("    ✗ Does the bare minimum to get by. (manager)"),
        "{plan}"
    );

    // The pack: every contra indicator recorded is listed under the table,
    // those of a competency in the plan too; each strength is marked.
    let pack = ok(&ws, &["plan", "kim", "--format", "html"]);
    let notes = pack
        .split("Contra Indicators (recorded)</h3>")
        .nth(1)
        .and_then(|rest| rest.split("</ul>").next())
        .unwrap_or_else(|| panic!("no list of contra indicators:\n{pack}"));
    for contra in KIMS_CONTRAS {
        let escaped = contra.replace('\'', "&#39;");
        assert!(
            notes.contains(contra) || notes.contains(&escaped),
            "{contra} not in the list:\n{notes}"
        );
    }
    let strengths = pack.split("<h2>Strengths</h2>").nth(1).unwrap();
    assert!(
        strengths.contains("✗ 2 Contra Indicators recorded"),
        "{strengths}"
    );
    assert!(!pack.contains("Negative behaviours"), "{pack}");
    let markdown = ok(&ws, &["plan", "kim", "--format", "markdown"]);
    assert!(
        markdown.contains("| exceeds, ✗ 2 |")
            && markdown.contains("### ✗ Contra Indicators (recorded)"),
        "{markdown}"
    );

    // A team cell: the mark, and the key says what it means.
    let team = ok(&ws, &["team", "--role", "residential-services-staff"]);
    let line = team.lines().find(|l| l.contains("Kim Park")).unwrap();
    assert_eq!(line.matches('✗').count(), 2, "{team}");
    assert!(team.contains("✗ Contra Indicators recorded"), "{team}");
    let cells = json(&ws, &["team", "--role", "residential-services-staff"]);
    let synergy = cells["sections"][0]["members"][0]["cells"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["competency"] == "synergy")
        .unwrap()
        .clone();
    assert_eq!(
        synergy["rating"]["negative"][0], "Does the bare minimum to get by.",
        "{synergy}"
    );
    // The workbook's cell too.
    let book = ws.dir.path().join("team.xlsx");
    ok(
        &ws,
        &[
            "team",
            "--role",
            "residential-services-staff",
            "--format",
            "xlsx",
            "--output",
            book.to_str().unwrap(),
        ],
    );
    let mut book: calamine::Xlsx<_> = calamine::open_workbook(&book).unwrap();
    let mut cells = Vec::new();
    for name in calamine::Reader::sheet_names(&book) {
        let range = calamine::Reader::worksheet_range(&mut book, &name).unwrap();
        cells.extend(range.rows().flatten().map(ToString::to_string));
    }
    assert!(
        cells.iter().any(|c| c == "people-managers ▲ * ✗"),
        "{cells:?}"
    );
    assert!(
        cells
            .iter()
            .any(|c| c.contains("✗ Contra Indicators recorded")),
        "{cells:?}"
    );
}

#[test]
fn each_framework_names_its_negative_behaviours_in_its_own_words() {
    for (framework, role, competency, level, behaviour, heading) in [
        (
            "wdcvs",
            "community-link-worker",
            "team-working",
            "3",
            "Does not engage with people in other teams",
            "When things are not going well (recorded)",
        ),
        (
            "ombudsman",
            "caseworker",
            "analytical",
            "3",
            "Overlooks potentially important details",
            "Ineffective behaviours (recorded)",
        ),
    ] {
        let ws = workspace(framework);
        if framework == "ombudsman" {
            // The Association's framework defines no roles: one of our own.
            std::fs::create_dir_all(ws.root().join("roles")).unwrap();
            std::fs::write(
                ws.root().join("roles/caseworker.yaml"),
                "roles:\n  - id: caseworker\n    name: Caseworker\n    framework: ombudsman\n    required:\n      analytical: \"3\"\n",
            )
            .unwrap();
        }
        prepared(
            &ws,
            "sam",
            "sam.toml",
            &format!(
                "framework = \"{framework}\"\nby = \"manager\"\nrole = \"{role}\"\ndate = \"2026-03-01\"\n\n[[rating]]\ncompetency = \"{competency}\"\nlevel = \"{level}\"\nticked = [\"{behaviour}\"]\n"
            ),
        );
        let gap = ok(&ws, &["gap", "sam", "--role", role]);
        assert!(gap.contains(heading), "{framework}: {gap}");
        assert!(!gap.contains("Negative behaviours"), "{framework}: {gap}");
        let pack = ok(&ws, &["plan", "sam", "--role", role, "--format", "html"]);
        assert!(pack.contains(heading), "{framework}: {pack}");
    }
}

// ---------------------------------------------------------------------------
// 9. Cherwell's management competencies only for roles that require them.

#[test]
fn management_competencies_are_rated_only_for_roles_that_require_them_or_when_asked() {
    let ws = cherwell();
    ok(
        &ws,
        &[
            "people",
            "add",
            "dana-cole",
            "--name",
            "Dana Cole",
            "--role",
            "council-officer",
        ],
    );
    // The council officer's role is taken from the roster.
    let refused = fails(
        &ws,
        &[
            "assess",
            "dana-cole",
            "--by",
            "manager",
            "--set",
            "managing-people-and-change=C",
        ],
        2,
    );
    assert!(
        refused.contains("`managing-people-and-change` is one of the Management Competencies, which framework `cherwell-snc` applies only to roles that require them, and role `council-officer` does not require it; give --all-competencies"),
        "{refused}"
    );
    // No role at all: the same, and how to name one.
    let refused = fails(
        &ws,
        &[
            "assess",
            "sam",
            "--by",
            "manager",
            "--set",
            "strategic-thinking=D",
        ],
        2,
    );
    assert!(refused.contains("give --role ROLE"), "{refused}");
    // Asked for explicitly, it is recorded.
    let written = ok(
        &ws,
        &[
            "assess",
            "dana-cole",
            "--by",
            "manager",
            "--set",
            "managing-people-and-change=C",
            "--all-competencies",
        ],
    );
    let record = std::fs::read_to_string(ws.root().join(written.trim())).unwrap();
    assert!(record.contains("managing-people-and-change"), "{record}");
    // A role that requires them takes them without a flag.
    ok(
        &ws,
        &[
            "assess",
            "lee-grant",
            "--by",
            "manager",
            "--role",
            "service-manager",
            "--set",
            "managing-people-and-change=D",
        ],
    );
}

#[test]
#[ignore = "needs tmux"]
fn a_council_officers_checklist_asks_the_seven_core_competencies_and_says_why() {
    let tmux = Tmux::start("dana");
    let ws = cherwell();
    questionnaire(
        &tmux,
        &ws,
        "dana",
        "dana-cole --by manager --rater 'Lee Grant' --role council-officer --checklist",
    );
    let pane = one_line(&tmux.wait_for("dana", &["[1/7]"]));
    assert!(
        pane.contains("Not asked: the Management Competencies (Managing People and Change, Collaborative Leadership, Strategic Thinking, Commercial Focus), which the framework applies only to roles that require them; role `council-officer` does not require them. Give --all-competencies to be asked them too."),
        "{pane}"
    );
    assert!(!pane.contains("/11]"), "{pane}");
    // The behaviours are asked theme by theme, under the theme's name.
    assert!(
        pane.contains("Which of these behaviours are shown? — Communication: Style (1 of 4)"),
        "{pane}"
    );
}

// ---------------------------------------------------------------------------
// 10. Cherwell's mid-points said in the source's terms; every label printed
// is accepted; the plan grouped by key theme.

#[test]
fn cherwell_mid_points_are_described_and_every_printed_level_label_is_accepted() {
    let ws = cherwell();
    let show = ok(&ws, &["show", "cherwell-snc"]);
    for line in [
        "Mid-point rating below B: no indicators of its own",
        "Mid-point rating between B and D: no indicators of its own",
        "Mid-point rating between F and H: no indicators of its own",
    ] {
        assert!(show.contains(line), "{line}:\n{show}");
    }
    let described = show
        .lines()
        .filter(|l| l.contains("Described by its indicators in each competency"))
        .count();
    assert_eq!(described, 4, "{show}");
    let markdown = ok(&ws, &["show", "cherwell-snc", "--format", "markdown"]);
    assert!(
        markdown
            .contains("| `C` | C | Mid-point rating between B and D: no indicators of its own |"),
        "{markdown}"
    );

    // `show` and the checklist print "Level D": it is accepted as D.
    assert!(show.contains("Level D"), "{show}");
    ok(
        &ws,
        &[
            "people",
            "add",
            "dana-cole",
            "--name",
            "Dana Cole",
            "--role",
            "council-officer",
        ],
    );
    let written = ok(
        &ws,
        &[
            "assess",
            "dana-cole",
            "--by",
            "manager",
            "--set",
            "communication=Level D",
            "--set",
            "customer-focus=level c",
        ],
    );
    let record = std::fs::read_to_string(ws.root().join(written.trim())).unwrap();
    assert!(
        record.contains("competency = \"communication\"\nlevel = \"D\""),
        "{record}"
    );
    assert!(
        record.contains("competency = \"customer-focus\"\nlevel = \"C\""),
        "{record}"
    );
    let refused = fails(
        &ws,
        &[
            "assess",
            "dana-cole",
            "--by",
            "manager",
            "--set",
            "communication=Level Z",
        ],
        2,
    );
    assert!(refused.contains("unknown level `Level Z`"), "{refused}");

    // The plan lists a mid-point's next level theme by theme.
    let plan = ok(&ws, &["plan", "dana-cole"]);
    for heading in [
        "== Customer Focus (customer-focus): C → D ==",
        "Customer Needs: Level D — behaviours to show:",
        "Customer Relationship Management: Level D — behaviours to show:",
    ] {
        assert!(plan.contains(heading), "{heading}:\n{plan}");
    }
}

// ---------------------------------------------------------------------------
// 8. `show` prints shared stage descriptors once and says what a fragment is.

#[test]
fn show_prints_the_shared_stages_once_and_marks_words_lost_in_the_source() {
    let ws = workspace("sssc-clf");
    for format in ["table", "markdown"] {
        let show = ok(&ws, &["show", "sssc-clf", "--format", format]);
        assert!(
            show.contains("Description and stages as for Managing self above."),
            "{format}: {show}"
        );
        let stage =
            "Employees in social services at this stage will be able to consistently demonstrate";
        assert_eq!(show.matches(stage).count(), 1, "{format}: {show}");
    }
    let teamwork = ok(
        &ws,
        &["show", "sssc-clf", "teamwork", "--level", "established"],
    );
    assert!(
        teamwork.contains("(words lost in the source: never asked in a checklist, not counted for a level) […] objectives and work of the team."),
        "{teamwork}"
    );
}

// ---------------------------------------------------------------------------
// 1, 11. The level menu never starts on a level the ticks did not reach, and
// the checklist's summary counts contra indicators apart.

#[test]
#[ignore = "needs tmux"]
fn an_arun_checklist_with_only_a_contra_indicator_starts_on_not_yet_and_counts_it_apart() {
    let tmux = Tmux::start("kim");
    let ws = workspace("arun");
    questionnaire(
        &tmux,
        &ws,
        "kim",
        "kim --by manager --rater 'Pat Jones' --role residential-services-staff --checklist",
    );
    for name in [
        "Customer Focus",
        "Accountability",
        "Respect",
        "Embraces Change",
    ] {
        skip(&tmux, "kim", name);
    }
    tmux.wait_for("kim", &["Which of these behaviours are shown? — Synergy"]);
    // "Does the bare minimum to get by." is the sixth contra indicator,
    // after the 21 behaviours of the three tiers.
    let mut keys = vec!["Down"; 26];
    keys.extend(["Space", "Enter"]);
    tmux.keys("kim", &keys);
    let pane = tmux.wait_for("kim", &["Level for Synergy?"]);
    let cursor = pane
        .lines()
        .find(|l| l.trim_start().starts_with('>'))
        .unwrap_or_default();
    assert!(cursor.contains("Not yet at All Colleagues"), "{pane}");
    assert!(
        one_line(&pane).contains("✗ recorded: Does the bare minimum to get by."),
        "{pane}"
    );
    tmux.keys("kim", &["Enter"]);
    tmux.wait_for("kim", &["Evidence"]);
    tmux.keys("kim", &["Enter"]);
    let pane = one_line(&tmux.wait_for("kim", &["Save this assessment?"]));
    assert!(
        pane.contains(
            "Synergy: not yet at All Colleagues (by the checklist) — Contra Indicators recorded: 1"
        ),
        "{pane}"
    );
    assert!(!pane.contains("behaviour shown"), "{pane}");
    let record = finish(&tmux, &ws, "kim");
    assert!(!record.contains("level ="), "{record}");
    let gap = ok(
        &ws,
        &[
            "gap",
            "kim",
            "--role",
            "residential-services-staff",
            "--explain",
        ],
    );
    assert!(!gap.contains("the rater chose"), "{gap}");
    let row = gap.lines().find(|l| l.contains("Synergy")).unwrap();
    assert!(row.contains("below · ✗ 1"), "{gap}");
}

#[test]
#[ignore = "needs tmux"]
fn a_cherwell_checklist_with_nothing_ticked_never_records_the_mid_point_a() {
    let tmux = Tmux::start("jo");
    let ws = cherwell();
    questionnaire(
        &tmux,
        &ws,
        "jo",
        "jo --by manager --rater 'Lee Grant' --role council-officer --checklist",
    );
    // Communication: nothing ticked in any of its four key themes.
    for _ in 0..4 {
        tmux.wait_for(
            "jo",
            &["Which of these behaviours are shown? — Communication"],
        );
        tmux.keys("jo", &["Enter"]);
    }
    let pane = tmux.wait_for("jo", &["Level for Communication?"]);
    let cursor = pane
        .lines()
        .find(|l| l.trim_start().starts_with('>'))
        .unwrap_or_default();
    // Enter keeps what the ticks show; the mid-point A only by moving to it.
    assert!(cursor.contains("Not yet at"), "{pane}");
    tmux.keys("jo", &["Enter"]);
    tmux.wait_for("jo", &["Evidence"]);
    tmux.keys("jo", &["Enter"]);
    // Stop at the next competency: the answer so far is kept in the
    // questionnaire's progress file, which says what Enter recorded.
    tmux.wait_for("jo", &["[2/7]"]);
    tmux.keys("jo", &["Escape"]);
    tmux.wait_for("jo", &["EXIT="]);
    let progress = find_file(&ws.root(), "jo-cherwell-snc-manager")
        .unwrap_or_else(|| panic!("no progress file in {}", ws.root().display()));
    let kept = std::fs::read_to_string(progress).unwrap();
    assert!(kept.contains("competency = \"communication\""), "{kept}");
    assert!(!kept.contains("level = "), "{kept}");
}

/// The first file under `dir` whose name starts with `prefix`.
fn find_file(dir: &std::path::Path, prefix: &str) -> Option<std::path::PathBuf> {
    for entry in std::fs::read_dir(dir).ok()?.flatten() {
        let path = entry.path();
        if path.is_dir() {
            if let Some(found) = find_file(&path, prefix) {
                return Some(found);
            }
        } else if entry.file_name().to_string_lossy().starts_with(prefix) {
            return Some(path);
        }
    }
    None
}
