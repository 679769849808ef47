//! Interchange with the systems people already use, with the real binary:
//! `import` of export's CSV and the round trip.

use crate::assess::Workspace;
use crate::common::{competency, run};

/// Run in `ws`; panics with stderr unless it exits 0. Returns stdout.
fn ok(ws: &Workspace, args: &[&str]) -> String {
    let (code, stdout, stderr) = run(ws.cmd().args(args));
    assert_eq!(code, 0, "{args:?}: {stderr}");
    stdout
}

#[rustfmt::skip]
/// A workspace with what a round trip must carry: formula-like, quoted,
/// comma and multi-line evidence, labels, not applicable, a draft, a
/// correction of a final record, and an organisation's record.
fn varied() -> Workspace {
    let ws = Workspace::new();
    ok(
        &ws,
        &[
            "assess", "jane-doe", "--by", "self", "--date", "2026-01-01",
            "--set", "team-working=1",
            "--set", "leading-supporting-and-developing-others=2",
            "--final",
        ],
    );
    ok(
        &ws,
        &[
            "assess", "jane-doe", "--by", "self", "--rater", "Jane Doe", "--date", "2026-03-01",
            "--set", "team-working=3",
            "--evidence", "team-working==HYPERLINK(\"http://example.com\",\"x\")",
            "--evidence", "networking-and-relationship-building=-late to two meetings",
            "--evidence", "delivering-quality-services='quoted', with a comma",
            "--na", "customer-and-stakeholder-focus",
            "--final",
        ],
    );
    ok(
        &ws,
        &[
            "assess", "jane-doe", "--by", "manager", "--rater", "Sam Lee",
            "--role", "community-link-worker", "--date", "2026-03-05",
            "--set", "team-working=2",
            "--set", "self-awareness-and-impact-on-others=Level 4",
            "--final",
        ],
    );
    ok(
        &ws,
        &[
            "assess", "jane-doe", "--amend", "2026-03-05-wdcvs-manager.toml",
            "--set", "team-working=3", "--final",
        ],
    );
    ok(
        &ws,
        &[
            "assess", "jane-doe", "--by", "peer", "--rater", "Ola", "--date", "2026-03-06",
            "--set", "team-working=4",
        ],
    );
    let prepared = ws.root().join("prepared.toml");
    std::fs::write(
        &prepared,
        "person = \"sam\"\nframework = \"wdcvs\"\nby = \"self\"\ndate = \"2026-02-10\"\n\n[[rating]]\ncompetency = \"team-working\"\nlevel = \"2\"\nevidence = \"\"\"first line\nsecond, \"quoted\" line\"\"\"\n",
    )
    .unwrap();
    ok(&ws, &["assess", "sam", "--from", "prepared.toml"]);
    std::fs::remove_file(prepared).unwrap();
    ok(
        &ws,
        &[
            "assess", "riverside", "--subject", "organisation", "--framework", "sssc-clf",
            "--by", "manager", "--date", "2026-02-01",
            "--set", "learning-and-performance-culture=engaged",
        ],
    );
    ws
}

/// CSV text as rows of cells, without the named columns.
fn table(csv: &str, drop: &[&str]) -> Vec<Vec<String>> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(csv.as_bytes());
    let rows: Vec<Vec<String>> = reader
        .records()
        .map(|r| r.unwrap().iter().map(str::to_owned).collect())
        .collect();
    let keep: Vec<bool> = rows[0]
        .iter()
        .map(|h| !drop.contains(&h.as_str()))
        .collect();
    rows.into_iter()
        .map(|row| {
            row.into_iter()
                .zip(&keep)
                .filter(|(_, k)| **k)
                .map(|(c, _)| c)
                .collect()
        })
        .collect()
}

fn column(rows: &[Vec<String>], name: &str) -> usize {
    rows[0].iter().position(|h| h == name).unwrap()
}

#[test]
fn an_exported_workspace_imported_into_an_empty_one_exports_the_same_ratings() {
    let from = varied();
    let exported = ok(&from, &["export"]);
    std::fs::write(from.dir.path().join("ratings.csv"), &exported).unwrap();
    let to = Workspace::new();
    let (code, stdout, stderr) = run(to
        .cmd()
        .arg("import")
        .arg(from.dir.path().join("ratings.csv")));
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(stdout.lines().count(), 7, "{stdout}");
    assert!(
        stdout.lines().all(|l| l.starts_with("assessments/")),
        "{stdout}"
    );
    assert!(
        stderr.starts_with("imported 7 records (13 ratings) of 3 people from "),
        "{stderr}"
    );
    let again = ok(&to, &["export"]);
    // The file names are chosen anew; everything else comes back, the
    // correction (`amends`, `superseded`) and the fingerprints included.
    assert_eq!(table(&again, &["file"]), table(&exported, &["file"]));
    let rows = table(&again, &[]);
    let evidence = column(&rows, "evidence");
    let texts: Vec<&str> = rows.iter().map(|r| r[evidence].as_str()).collect();
    for text in [
        "=HYPERLINK(\"http://example.com\",\"x\")",
        "-late to two meetings",
        "'quoted', with a comma",
        "first line\nsecond, \"quoted\" line",
    ] {
        let guarded = competency_csv_cell(text);
        assert!(
            texts.contains(&guarded.as_str()),
            "{guarded:?} in {texts:?}"
        );
    }
    let (code, stdout, _) = run(to.cmd().arg("validate"));
    assert_eq!(code, 0, "{stdout}");
    assert!(stdout.contains("0 errors, 0 warnings"), "{stdout}");
    #[cfg(unix)]
    for path in to.records("jane-doe") {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "{}", path.display());
    }
}

/// A text as export writes it into a CSV cell.
fn competency_csv_cell(text: &str) -> String {
    competency::text::csv_cell(text).into_owned()
}

#[test]
fn the_example_workspace_round_trips_through_csv() {
    let (code, exported, stderr) = run(competency().args(["-w", "examples/workspace", "export"]));
    assert_eq!(code, 0, "{stderr}");
    let to = Workspace::new();
    for entry in std::fs::read_dir("examples/workspace/roles").unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(
            &path,
            to.root().join("roles").join(path.file_name().unwrap()),
        )
        .unwrap();
    }
    std::fs::write(to.root().join("ratings.csv"), &exported).unwrap();
    ok(&to, &["import", "ratings.csv"]);
    std::fs::remove_file(to.root().join("ratings.csv")).unwrap();
    let again = ok(&to, &["export"]);
    assert_eq!(table(&again, &["file"]), table(&exported, &["file"]));
}

#[test]
fn a_bad_row_is_refused_at_its_line_and_nothing_is_written() {
    let ws = Workspace::new();
    ok(
        &ws,
        &["assess", "jo", "--by", "self", "--set", "team-working=2"],
    );
    std::fs::write(
        ws.root().join("bad.csv"),
        "Person,Framework,BY,competency,level,evidence,date,not-applicable,status\n\
         jo,wdcvs,self,team-working,Level 3,fine,2026-01-01,,final\n\
         jo,wdcvs,self,team-workin,3,,2026-01-01,,final\n\
         Jo Smith,wdcvs,boss,team-working,9,,2026-13-01,maybe,done\n\
         jo,wdcvs,self,team-working,2,,2026-01-01,,final\n\
         jo,wdcvs,manager,team-working,2,,2026-01-02,,draft\n\
         jo,wdcvs,manager,delivering-quality-services,2,,2026-01-02,,final\n\
         jo,nope,self,team-working,2,,2030-01-01,,\n\
         \"jo\u{1b}[2J\",wdcvs,self,x,1,,,,\n\
         jo,sssc-clf,self,learning-and-performance-culture,engaged,,2026-01-01,,\n",
    )
    .unwrap();
    let before = ws.snapshot();
    let (code, stdout, stderr) = run(ws.cmd().args(["import", "bad.csv"]));
    assert_eq!(code, 2);
    assert_eq!(stdout, "");
    assert_eq!(ws.snapshot(), before, "the workspace changed");
    insta::assert_snapshot!(stderr);
}

#[test]
fn a_table_without_the_columns_it_needs_is_refused() {
    let ws = Workspace::new();
    std::fs::write(
        ws.root().join("cols.csv"),
        "person,framework,competency,level,Person,levl\njo,wdcvs,team-working,3,jo,3\n",
    )
    .unwrap();
    let before = ws.snapshot();
    let (code, _, stderr) = run(ws.cmd().args(["import", "cols.csv"]));
    assert_eq!(code, 2);
    assert_eq!(ws.snapshot(), before);
    insta::assert_snapshot!(stderr);
}

#[test]
fn a_broken_csv_is_a_syntax_error_at_its_line() {
    let ws = Workspace::new();
    std::fs::write(
        ws.root().join("broken.csv"),
        "person,framework,by,competency,level\njo,wdcvs,self,team-working\njo,wdcvs,self,team-working,\"3\n",
    )
    .unwrap();
    let (code, _, stderr) = run(ws.cmd().args(["import", "broken.csv"]));
    assert_eq!(code, 2);
    insta::assert_snapshot!(stderr);
    assert!(ws.records("jo").is_empty());
}

#[test]
fn columns_come_in_any_order_and_case_and_rows_group_into_records() {
    let ws = Workspace::new();
    std::fs::write(
        ws.root().join("hr.csv"),
        "Competency,LEVEL,Person,By,Framework,Rater,Date,Rank,Notes\n\
         team-working,Level 3,ana,manager,wdcvs,Sam Lee,2026-05-01,99,ignored\n\
         networking-and-relationship-building,2,ana,manager,wdcvs,Sam Lee,2026-05-01,,\n\
         team-working,4,ana,manager,wdcvs,Kim Bo,2026-05-01,,\n\
         team-working,2,ana,self,wdcvs,,2026-05-01,,\n",
    )
    .unwrap();
    let (code, stdout, stderr) = run(ws.cmd().args(["import", "hr.csv"]));
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(
        stdout,
        "assessments/ana/2026-05-01-wdcvs-manager.toml\n\
         assessments/ana/2026-05-01-wdcvs-manager-2.toml\n\
         assessments/ana/2026-05-01-wdcvs-self.toml\n"
    );
    insta::assert_snapshot!(stderr);
    let first = std::fs::read_to_string(ws.root().join(stdout.lines().next().unwrap())).unwrap();
    assert!(first.contains("rater = \"Sam Lee\""), "{first}");
    assert!(first.contains("level = \"3\""), "{first}");
    assert!(first.contains("status = \"draft\""), "{first}");
    assert!(first.contains("checksum = \"sha256:"), "{first}");
    assert_eq!(first.matches("[[rating]]").count(), 2, "{first}");
}

#[test]
fn a_correction_of_a_record_outside_the_file_is_imported_without_it() {
    let ws = Workspace::new();
    std::fs::write(
        ws.root().join("fix.csv"),
        "person,framework,by,date,status,competency,level,file,amends\n\
         ana,wdcvs,manager,2026-05-01,final,team-working,3,assessments/ana/2026-05-01-wdcvs-manager-2.toml,2026-05-01-wdcvs-manager.toml\n",
    )
    .unwrap();
    let (code, stdout, stderr) = run(ws.cmd().args(["import", "fix.csv"]));
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("warning[unknown-amends]"), "{stderr}");
    let record = std::fs::read_to_string(ws.root().join(stdout.trim())).unwrap();
    assert!(!record.contains("amends"), "{record}");
}

#[test]
fn records_that_amend_each_other_are_refused() {
    let ws = Workspace::new();
    std::fs::write(
        ws.root().join("loop.csv"),
        "person,framework,by,date,competency,level,file,amends\n\
         ana,wdcvs,self,2026-05-01,team-working,3,a.toml,b.toml\n\
         ana,wdcvs,self,2026-05-01,team-working,2,b.toml,a.toml\n",
    )
    .unwrap();
    let (code, _, stderr) = run(ws.cmd().args(["import", "loop.csv"]));
    assert_eq!(code, 2);
    assert!(stderr.contains("error[amends-cycle]"), "{stderr}");
    assert!(ws.records("ana").is_empty());
}

#[test]
fn a_dry_run_checks_everything_and_writes_nothing() {
    let ws = Workspace::new();
    std::fs::write(
        ws.root().join("hr.csv"),
        "person,framework,by,competency,level\nana,wdcvs,self,team-working,3\n",
    )
    .unwrap();
    let before = ws.snapshot();
    let (code, stdout, stderr) = run(ws.cmd().args(["import", "hr.csv", "--dry-run"]));
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(stdout, "");
    assert_eq!(
        stderr,
        "hr.csv: every row is valid; importing it would write 1 record (1 rating) of 1 person. Nothing was written\n"
    );
    assert_eq!(ws.snapshot(), before);
}
