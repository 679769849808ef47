//! Interchange with the systems people already use, with the real binary:
//! `import` of export's CSV (and xlsx), the round trip, `export --latest` and
//! `--role`, Excel workbooks read back with a real reader, and `--output`.

use std::io::Read as _;
use std::path::{Path, PathBuf};

use calamine::{Data, Reader as _, Xlsx};

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
    // Importing the same file again adds nothing: every record is there.
    let (code, stdout, stderr) = run(to
        .cmd()
        .arg("import")
        .arg(from.dir.path().join("ratings.csv")));
    assert_eq!((code, stdout.as_str()), (0, ""), "{stderr}");
    assert!(
        stderr.starts_with("imported nothing from ")
            && stderr.ends_with("; 7 records already present, so skipped\n"),
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
    competency::testing::text::csv_cell(text).into_owned()
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
    // The same roster, so both exports compare each person with their own role.
    std::fs::copy(
        "examples/workspace/roster.toml",
        to.root().join("roster.toml"),
    )
    .unwrap();
    std::fs::write(to.root().join("ratings.csv"), &exported).unwrap();
    ok(&to, &["import", "ratings.csv"]);
    std::fs::remove_file(to.root().join("ratings.csv")).unwrap();
    let again = ok(&to, &["export"]);
    assert_eq!(table(&again, &["file"]), table(&exported, &["file"]));
}

#[test]
fn an_exported_workbook_imports_like_the_csv() {
    let from = varied();
    let exported = ok(&from, &["export"]);
    let workbook = from.dir.path().join("ratings.xlsx");
    ok(
        &from,
        &[
            "export",
            "--format",
            "xlsx",
            "--output",
            workbook.to_str().unwrap(),
        ],
    );
    let to = Workspace::new();
    let (code, _, stderr) = run(to.cmd().arg("import").arg(&workbook));
    assert_eq!(code, 0, "{stderr}");
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
    insta::assert_snapshot!(
        "a_bad_row_is_refused_at_its_line_and_nothing_is_written",
        stderr
    );
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
    insta::assert_snapshot!("a_table_without_the_columns_it_needs_is_refused", stderr);
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
    insta::assert_snapshot!("a_broken_csv_is_a_syntax_error_at_its_line", stderr);
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
    insta::assert_snapshot!(
        "columns_come_in_any_order_and_case_and_rows_group_into_records",
        stderr
    );
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
    let today = jiff::ZonedDateTime::now().date();
    assert_eq!(
        stdout,
        format!("would add assessments/ana/{today}-wdcvs-self.toml\n")
    );
    assert_eq!(
        stderr,
        "hr.csv: every row is valid; importing it would write 1 record (1 rating) of 1 person. Nothing was written\n"
    );
    assert_eq!(ws.snapshot(), before);
}

#[test]
fn export_latest_gives_only_the_ratings_that_count() {
    let ws = varied();
    let rows = table(&ok(&ws, &["export", "--latest"]), &[]);
    let [person, by, competency, level, file, superseded] =
        ["person", "by", "competency", "level", "file", "superseded"].map(|c| column(&rows, c));
    let jane: Vec<(&str, &str, &str, &str)> = rows[1..]
        .iter()
        .filter(|r| r[person] == "jane-doe")
        .map(|r| {
            (
                r[by].as_str(),
                r[competency].as_str(),
                r[level].as_str(),
                r[file].rsplit('/').next().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        jane,
        [
            ("self", "team-working", "3", "2026-03-01-wdcvs-self.toml"),
            (
                "self",
                "leading-supporting-and-developing-others",
                "2",
                "2026-01-01-wdcvs-self.toml"
            ),
            (
                "self",
                "networking-and-relationship-building",
                "",
                "2026-03-01-wdcvs-self.toml"
            ),
            (
                "self",
                "delivering-quality-services",
                "",
                "2026-03-01-wdcvs-self.toml"
            ),
            (
                "self",
                "customer-and-stakeholder-focus",
                "",
                "2026-03-01-wdcvs-self.toml"
            ),
            (
                "manager",
                "team-working",
                "3",
                "2026-03-05-wdcvs-manager-2.toml"
            ),
            (
                "manager",
                "self-awareness-and-impact-on-others",
                "4",
                "2026-03-05-wdcvs-manager-2.toml"
            ),
            // A peer's own rating is in the export of all ratings only.
        ]
    );
    assert!(rows[1..].iter().all(|r| r[superseded] == "false"));
    // Without --latest, the corrected record is there, marked.
    let all = table(&ok(&ws, &["export"]), &[]);
    assert!(
        all.iter()
            .any(|r| r[file].ends_with("2026-03-05-wdcvs-manager.toml") && r[superseded] == "true")
    );
}

#[test]
fn export_role_adds_required_and_gap_and_only_then() {
    let ws = varied();
    let plain = table(&ok(&ws, &["export"]), &[]);
    assert_eq!(plain[0].last().unwrap(), "superseded");
    let rows = table(
        &ok(
            &ws,
            &["export", "--latest", "--role", "community-link-worker"],
        ),
        &[],
    );
    assert_eq!(
        &rows[0][rows[0].len() - 3..],
        ["superseded", "required", "gap"]
    );
    let [person, by, competency, required, gap] =
        ["person", "by", "competency", "required", "gap"].map(|c| column(&rows, c));
    let find = |who: &str, kind: &str, comp: &str| {
        rows.iter()
            .find(|r| r[person] == who && r[by] == kind && r[competency] == comp)
            .map(|r| (r[required].clone(), r[gap].clone()))
            .unwrap()
    };
    assert_eq!(
        find("jane-doe", "manager", "team-working"),
        ("3".into(), "0".into())
    );
    // Peers are never singled out in the latest ratings.
    assert!(rows.iter().all(|r| r[by] != "peer"), "{rows:?}");
    assert_eq!(
        find(
            "jane-doe",
            "self",
            "leading-supporting-and-developing-others"
        ),
        ("4".into(), "-2".into())
    );
    // Not applicable: required, but no gap; another framework: neither.
    assert_eq!(
        find("jane-doe", "self", "customer-and-stakeholder-focus"),
        ("4".into(), String::new())
    );
    assert_eq!(
        find("riverside", "manager", "learning-and-performance-culture"),
        (String::new(), String::new())
    );
    let json: serde_json::Value = serde_json::from_str(&ok(
        &ws,
        &[
            "export",
            "--format",
            "json",
            "--role",
            "community-link-worker",
        ],
    ))
    .unwrap();
    assert!(json[0].get("required").is_some() && json[0].get("gap").is_some());
    let json: serde_json::Value =
        serde_json::from_str(&ok(&ws, &["export", "--format", "json"])).unwrap();
    assert!(json[0].get("required").is_none() && json[0].get("gap").is_none());
    let (code, _, stderr) = run(ws.cmd().args(["export", "--role", "nobody"]));
    assert_eq!(code, 2);
    assert!(
        stderr.starts_with("error: --role: unknown role `nobody`"),
        "{stderr}"
    );
}

/// A workbook's sheets as rows of cells.
fn sheets(path: &Path) -> Vec<(String, Vec<Vec<Data>>)> {
    let mut book: Xlsx<_> = calamine::open_workbook(path).unwrap();
    book.sheet_names()
        .into_iter()
        .map(|name| {
            let range = book.worksheet_range(&name).unwrap();
            (name, range.rows().map(<[Data]>::to_vec).collect())
        })
        .collect()
}

/// The XML of one part of a workbook.
fn part(path: &Path, name: &str) -> String {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut text = String::new();
    zip.by_name(name)
        .unwrap()
        .read_to_string(&mut text)
        .unwrap();
    text
}

fn text(cell: &Data) -> String {
    match cell {
        Data::String(s) => s.clone(),
        Data::Float(f) => f.to_string(),
        Data::Empty => String::new(),
        other => format!("{other:?}"),
    }
}

/// Each sheet has a frozen header and an autofilter, and no formula at all.
fn assert_tables(path: &Path, count: usize) {
    for i in 1..=count {
        let xml = part(path, &format!("xl/worksheets/sheet{i}.xml"));
        assert!(
            xml.contains("<pane ") && xml.contains("state=\"frozen\""),
            "sheet {i}"
        );
        assert!(xml.contains("<autoFilter ref=\"A1:"), "sheet {i}");
        assert!(!xml.contains("<f>"), "sheet {i} has a formula");
        assert!(xml.contains("<cols>"), "sheet {i}: columns are not sized");
    }
    let styles = part(path, "xl/styles.xml");
    assert!(styles.contains("<b/>"), "no bold header");
}

#[test]
fn export_writes_a_workbook_of_every_rating() {
    let ws = varied();
    let csv = table(&ok(&ws, &["export"]), &[]);
    let path = ws.dir.path().join("ratings.xlsx");
    let (code, stdout, stderr) = run(ws
        .cmd()
        .args(["export", "--format", "xlsx", "--output"])
        .arg(&path));
    assert_eq!((code, stdout.as_str()), (0, ""), "{stderr}");
    let book = sheets(&path);
    assert_eq!(book.len(), 1);
    let (name, rows) = &book[0];
    assert_eq!(name, "Ratings");
    assert_eq!(rows.len(), csv.len());
    let header: Vec<String> = rows[0].iter().map(text).collect();
    assert_eq!(header, csv[0]);
    // Evidence that looks like a formula is text, written as it was.
    let evidence = column(&csv, "evidence");
    assert!(rows.iter().any(
        |r| r[evidence] == Data::String("=HYPERLINK(\"http://example.com\",\"x\")".to_owned())
    ));
    // Ranks are numbers.
    let rank = column(&csv, "rank");
    assert_eq!(rows[1][rank], Data::Float(1.0));
    assert_tables(&path, 1);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
    }
}

fn example(args: &[&str], output: &Path) {
    let (code, _, stderr) = run(competency()
        .args(["-w", "examples/workspace"])
        .args(args)
        .args(["--format", "xlsx", "--output"])
        .arg(output));
    assert_eq!(code, 0, "{stderr}");
}

#[test]
fn gap_writes_a_workbook_with_standings_as_fill_and_words() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("gap.xlsx");
    example(
        &["gap", "alex-morgan", "--role", "community-link-worker"],
        &path,
    );
    let book = sheets(&path);
    let (name, rows) = &book[0];
    assert_eq!(name, "Gap");
    let header: Vec<String> = rows[0].iter().map(text).collect();
    assert_eq!(
        header,
        [
            "person",
            "role",
            "framework",
            "by",
            "competency",
            "name",
            "required",
            "rating",
            "self",
            "manager",
            "peer",
            "gap",
            "status",
            "discuss",
            "source"
        ]
    );
    let row = rows
        .iter()
        .find(|r| text(&r[4]) == "leading-supporting-and-developing-others")
        .unwrap();
    assert_eq!(text(&row[6]), "4");
    assert_eq!(row[11], Data::Float(-1.0));
    assert_eq!(text(&row[12]), "▼ below");
    assert!(rows.iter().any(|r| text(&r[12]) == "✓ meets"));
    assert!(rows.iter().any(|r| text(&r[12]) == "▲ exceeds"));
    assert_tables(&path, 1);
    // Below and meets are filled in Excel's "bad" and "good" colours.
    let styles = part(&path, "xl/styles.xml");
    assert!(
        styles.contains("FFC7CE") && styles.contains("C6EFCE"),
        "{styles}"
    );
}

#[test]
fn team_writes_a_matrix_the_training_needs_and_the_ratings() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("team.xlsx");
    example(&["team", "--role", "community-link-worker"], &path);
    let book = sheets(&path);
    let names: Vec<&str> = book.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["Matrix", "Training needs", "Ratings"]);
    let matrix = &book[0].1;
    assert_eq!(text(&matrix[0][0]), "person");
    assert_eq!(text(&matrix[0][1]), "role");
    assert_eq!(text(&matrix[0][2]), "by");
    assert_eq!(text(&matrix[0][3]), "ratings");
    assert_eq!(text(&matrix[0][4]), "Team Working (requires 3)");
    let alex = matrix
        .iter()
        .find(|r| text(&r[0]) == "Alex Morgan (alex-morgan)")
        .unwrap();
    // Whose ratings, and how final: Sam Lee's final assessment.
    assert_eq!(text(&alex[2]), "manager");
    assert_eq!(text(&alex[3]), "final");
    assert_eq!(text(&alex[4]), "4 ▲");
    assert_eq!(text(&alex[5]), "3 ▼");
    assert_eq!(text(&alex[7]), "4 ✓");
    let xml = part(&path, "xl/worksheets/sheet1.xml");
    assert!(
        xml.contains("xSplit=\"1\"") && xml.contains("ySplit=\"1\""),
        "{xml}"
    );
    let needs = &book[1].1;
    assert_eq!(text(&needs[0][1]), "competency");
    assert_eq!(needs.len(), 8);
    let ratings = &book[2].1;
    let header: Vec<String> = ratings[0].iter().map(text).collect();
    assert_eq!(
        header,
        [
            "person",
            "name",
            "role",
            "framework",
            "competency",
            "required",
            "rating",
            "by",
            "record status",
            "gap",
            "status"
        ]
    );
    assert_tables(&path, 3);

    let summary = dir.path().join("summary.xlsx");
    example(
        &["team", "--role", "community-link-worker", "--summary"],
        &summary,
    );
    let names: Vec<String> = sheets(&summary).into_iter().map(|(n, _)| n).collect();
    assert_eq!(names, ["Training needs"]);
}

#[test]
fn a_workbook_needs_an_output_file_in_a_folder_that_exists() {
    let (code, stdout, stderr) = run(competency().args([
        "-w",
        "examples/workspace",
        "team",
        "--role",
        "community-link-worker",
        "--format",
        "xlsx",
    ]));
    assert_eq!((code, stdout.as_str()), (2, ""));
    assert_eq!(
        stderr,
        "error: --format xlsx writes a workbook, which is not text: give --output FILE.xlsx\n"
    );
    let dir = tempfile::tempdir().unwrap();
    let missing: PathBuf = dir.path().join("no-such-folder").join("team.xlsx");
    for format in ["xlsx", "csv"] {
        let (code, _, stderr) = run(competency()
            .args([
                "-w",
                "examples/workspace",
                "export",
                "--format",
                format,
                "--output",
            ])
            .arg(&missing));
        assert_eq!(code, 2);
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
        assert!(
            stderr.starts_with("error: cannot write `")
                && stderr.ends_with(": no such file or folder\n"),
            "{stderr}"
        );
    }
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
}

#[test]
fn export_output_is_written_whole_and_private_or_not_at_all() {
    let ws = varied();
    let printed = ok(&ws, &["export"]);
    let path = ws.dir.path().join("x.csv");
    let (code, stdout, stderr) = run(ws.cmd().args(["export", "--output"]).arg(&path));
    // The workspace has a peer's record: the export says who it is for.
    assert_eq!(
        (code, stdout.as_str(), stderr.as_str()),
        (
            0,
            "",
            "note: this export of all ratings holds each peer's own ratings and name: it is for HR; reports about a person show peers only as aggregates (--latest leaves peers out)\n"
        )
    );
    assert_eq!(std::fs::read_to_string(&path).unwrap(), printed);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
    }
    // A command that fails writes no file and leaves nothing behind.
    let before: Vec<_> = std::fs::read_dir(ws.dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    let failed = ws.dir.path().join("y.csv");
    let (code, _, stderr) = run(ws
        .cmd()
        .args(["export", "--role", "no-such-role", "--output"])
        .arg(&failed));
    assert_eq!(code, 2, "{stderr}");
    assert!(!failed.exists());
    let after: Vec<_> = std::fs::read_dir(ws.dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(after, before);
    // A record that cannot be read is left out of the file and named.
    std::fs::write(
        ws.root()
            .join("assessments/jane-doe/2026-04-01-wdcvs-self.toml"),
        "schema = 1\nperson = [\n",
    )
    .unwrap();
    let partial = ws.dir.path().join("z.csv");
    let (code, _, stderr) = run(ws.cmd().args(["export", "--output"]).arg(&partial));
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("left out: ") && stderr.contains("error[syntax]"),
        "{stderr}"
    );
    assert!(std::fs::read_to_string(&partial).unwrap().lines().count() > 1);
}

#[test]
fn a_file_separated_by_semicolons_is_explained() {
    let ws = Workspace::new();
    std::fs::write(
        ws.root().join("semi.csv"),
        "person;framework;by;competency\nana;wdcvs;self;team-working\n",
    )
    .unwrap();
    let (code, _, stderr) = run(ws.cmd().args(["import", "semi.csv"]));
    assert_eq!(code, 2);
    assert!(stderr.contains("error[missing-column]"), "{stderr}");
    assert!(stderr.contains("separated by semicolons"), "{stderr}");
}

#[test]
fn a_csv_saved_by_excel_with_a_byte_order_mark_and_crlf_imports() {
    let ws = Workspace::new();
    std::fs::write(
        ws.root().join("excel.csv"),
        "\u{feff}person,framework,by,competency,level\r\nana,wdcvs,self,team-working,3\r\nana,wdcvs,self,team-workin,3\r\n",
    )
    .unwrap();
    let (code, _, stderr) = run(ws.cmd().args(["import", "excel.csv"]));
    assert_eq!(code, 2);
    assert!(
        stderr.starts_with("excel.csv:3:16: error[unknown-competency]"),
        "{stderr}"
    );
}

#[test]
fn ratings_made_against_an_older_framework_are_imported_with_a_warning() {
    let ws = Workspace::new();
    std::fs::write(
        ws.root().join("old.csv"),
        "person,framework,fingerprint,by,date,competency,level\n\
         ana,wdcvs,sha256:0123456789abcdef,self,2026-05-01,team-working,3\n",
    )
    .unwrap();
    let (code, stdout, stderr) = run(ws.cmd().args(["import", "old.csv"]));
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stderr.starts_with("old.csv:2:11: warning[framework-changed]: fingerprint: these ratings were made against framework `wdcvs` sha256:0123456789abcdef"),
        "{stderr}"
    );
    let record = std::fs::read_to_string(ws.root().join(stdout.trim())).unwrap();
    assert!(
        record.contains("fingerprint = \"sha256:ea1db7b88b3c6649\""),
        "{record}"
    );
}

#[test]
fn status_writes_a_workbook_of_who_owes_what() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("status.xlsx");
    example(&["status", "--as-of", "2027-03-02"], &path);
    let book = sheets(&path);
    assert_eq!(book[0].0, "Status");
    let rows = &book[0].1;
    assert_eq!(text(&rows[0][0]), "person");
    let jordan = rows.iter().find(|r| text(&r[0]) == "jordan-reid").unwrap();
    // Spelt as the table and the CSV spell it.
    assert_eq!(text(&jordan[8]), "done");
    let priya = rows.iter().find(|r| text(&r[0]) == "priya-shah").unwrap();
    assert_eq!(text(&priya[8]), "manager, sign-off");
    assert_eq!(text(&priya[9]), "overdue");
    assert_tables(&path, 1);
    let (_, csv, _) = run(competency().args([
        "--workspace",
        "examples/workspace",
        "status",
        "--as-of",
        "2027-03-02",
        "--format",
        "csv",
    ]));
    let line = csv.lines().find(|l| l.starts_with("priya-shah,")).unwrap();
    assert!(line.contains(",\"manager, sign-off\",true,"), "{line}");
}
