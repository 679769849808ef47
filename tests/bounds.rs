//! Small inputs that ask for unbounded work: a reporting line 10 000 deep, a
//! CSV line of a million commas, a workbook whose cells lie a sheet apart or
//! whose one shared string unpacks to 100 MiB. Each is refused in one
//! sentence naming where, or done whole; none is timed here (scripts measure
//! speed), every outcome is checked.

use std::fmt::Write as _;

use calamine::Reader as _;

use crate::assess::Workspace;
use crate::common::run;

/// A roster CSV of `n` people in one line: p1 managed by p0, p2 by p1, ...
fn chain(n: usize) -> String {
    let mut csv = String::from("id,name,role,team,manager\n");
    for i in 0..n {
        let manager = i
            .checked_sub(1)
            .map(|b| format!("p{b}"))
            .unwrap_or_default();
        let _ = writeln!(csv, "p{i},Person {i},,,{manager}");
    }
    csv
}

fn people_import(ws: &Workspace, csv: &str) -> (i32, String, String) {
    let file = ws.dir.path().join("staff.csv");
    std::fs::write(&file, csv).unwrap();
    run(ws.cmd().args(["people", "import"]).arg(&file))
}

/// The people `status --manager ID --all` finds below a manager (owing
/// assessments or, holding no role, owing none).
fn below(ws: &Workspace, manager: &str) -> usize {
    let (code, stdout, stderr) =
        run(ws
            .cmd()
            .args(["status", "--manager", manager, "--all", "--format", "json"]));
    assert_eq!(code, 0, "{stderr}");
    let json: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    json["people"].as_array().unwrap().len() + json["not_owing"].as_array().unwrap().len()
}

#[test]
fn a_reporting_line_ten_thousand_deep_imports_whole_and_checks() {
    let ws = Workspace::new();
    let (code, stdout, stderr) = people_import(&ws, &chain(10_000));
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stdout.contains("10000 people in the roster (0 unchanged)"),
        "{stdout}"
    );
    let roster = std::fs::read_to_string(ws.root().join("roster.toml")).unwrap();
    assert_eq!(roster.matches("[[person]]").count(), 10_000);
    assert!(roster.contains("id = \"p9999\"\nname = \"Person 9999\"\nmanager = \"p9998\""));
    // Everyone is below the top of the line; one is below the second last.
    assert_eq!(below(&ws, "p0"), 9_999);
    assert_eq!(below(&ws, "p9998"), 1);
    let (code, stdout, stderr) = run(ws.cmd().arg("validate"));
    assert_eq!(code, 0, "{stdout}{stderr}");
    // One more at the bottom of the line; the top managed by the bottom is a
    // loop through all 10 001, and nothing changes.
    let (code, stdout, stderr) =
        run(ws
            .cmd()
            .args(["people", "add", "q", "--name", "Q", "--manager", "p9999"]));
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("added: Q (q)"), "{stdout}");
    let before = ws.snapshot();
    let (code, _, stderr) = run(ws.cmd().args(["people", "add", "p0", "--manager", "q"]));
    assert_eq!(code, 2);
    assert_eq!(
        stderr,
        "error: --manager: `p0` would be in a loop of line managers; nothing was changed\n"
    );
    assert_eq!(ws.snapshot(), before);
}

#[test]
fn a_loop_of_ten_thousand_is_refused_with_the_first_fifty_listed() {
    let ws = Workspace::new();
    let looped = chain(10_000).replacen("p0,Person 0,,,", "p0,Person 0,,,p9999", 1);
    let before = ws.snapshot();
    let (code, stdout, stderr) = people_import(&ws, &looped);
    assert_eq!((code, stdout.as_str()), (2, ""), "{stderr}");
    assert_eq!(ws.snapshot(), before, "nothing is written");
    let first = stderr.lines().next().unwrap();
    assert!(
        first.ends_with(
            "staff.csv:2:15: error[manager-loop]: manager: `p0` is in a loop of line managers (each manages the next, back to them)"
        ),
        "{stderr}"
    );
    assert_eq!(
        stderr.matches("error[manager-loop]").count(),
        50,
        "{stderr}"
    );
    assert!(
        stderr.contains("error[too-many-problems]: and 9950 more in"),
        "{stderr}"
    );
}

#[test]
fn a_csv_line_of_a_million_commas_is_refused_at_its_line() {
    let ws = Workspace::new();
    let commas = ",".repeat(1_600_000);
    std::fs::write(
        ws.root().join("ratings.csv"),
        format!("person,framework,by,competency,level\njo,wdcvs,self,team-working,3\n{commas}\n"),
    )
    .unwrap();
    std::fs::write(ws.root().join("staff.csv"), format!("{commas}\n")).unwrap();
    let before = ws.snapshot();
    let (code, stdout, stderr) = run(ws.cmd().args(["import", "ratings.csv"]));
    assert_eq!((code, stdout.as_str()), (2, ""));
    assert_eq!(
        stderr.lines().next().unwrap(),
        "ratings.csv:3:1: error[table-too-large]: the row has more than 1 000 cells; a table to import has at most 1 000 columns"
    );
    let (code, _, stderr) = run(ws.cmd().args(["people", "import", "staff.csv"]));
    assert_eq!(code, 2);
    assert!(
        stderr.starts_with(
            "staff.csv:1:1: error[table-too-large]: the row has more than 1 000 cells"
        ),
        "{stderr}"
    );
    assert_eq!(ws.snapshot(), before);
}

#[test]
fn a_csv_of_too_many_cells_or_rows_is_refused_before_it_is_held() {
    let ws = Workspace::new();
    // 20 columns: the 75 001st line passes 1 500 000 cells.
    let mut csv = String::from("person,framework,by,competency");
    csv.push_str(&",x".repeat(16));
    csv.push('\n');
    csv.push_str(&format!("a,b,c,d{}\n", ",".repeat(16)).repeat(76_000));
    std::fs::write(ws.root().join("cells.csv"), csv).unwrap();
    let (code, _, stderr) = run(ws.cmd().args(["import", "--dry-run", "cells.csv"]));
    assert_eq!(code, 2);
    assert_eq!(
        refusal(&stderr),
        "cells.csv:75001:1: error[table-too-large]: the file has more than 1 500 000 cells, more than import reads at once"
    );
    assert!(stderr.contains("split it into smaller files"), "{stderr}");
    // Four columns: each row one record; the 100 001st row is refused.
    let mut csv = String::from("person,framework,by,competency\n");
    csv.push_str(&"a,b,c,d\n".repeat(100_001));
    std::fs::write(ws.root().join("rows.csv"), csv).unwrap();
    let (code, _, stderr) = run(ws.cmd().args(["import", "--dry-run", "rows.csv"]));
    assert_eq!(code, 2);
    assert_eq!(
        refusal(&stderr),
        "rows.csv:100002:1: error[table-too-large]: the file has more than 100 000 rows, more than import reads at once"
    );
}

#[test]
fn the_cells_of_a_long_csv_line_are_each_placed_in_their_column() {
    // Columns the import does not know, then the ones it does: each cell is
    // located on the line (the warnings name their columns), and it imports.
    let ws = Workspace::new();
    let extra: Vec<String> = (0..40).map(|i| format!("é{i}")).collect();
    let header = format!("{},person,framework,by,competency,level", extra.join(","));
    let row = format!("{}jo,wdcvs,self,team-working,3", ",".repeat(40));
    std::fs::write(ws.root().join("ratings.csv"), format!("{header}\n{row}\n")).unwrap();
    let (code, stdout, stderr) = run(ws.cmd().args(["import", "ratings.csv"]));
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("assessments/jo/"), "{stdout}");
    // Columns count characters: `é` is two bytes but one column.
    let column = header[..header.find("é39").unwrap()].chars().count() + 1;
    assert_eq!(column, 147);
    assert!(
        stderr.contains(&format!(
            "ratings.csv:1:{column}: warning[unknown-key]: the column `é39` is not"
        )),
        "{stderr}"
    );
}

/// A workbook of one sheet made part by part, as a hostile file would be:
/// `rows` is the sheet's `<sheetData>` content, `strings` the shared
/// strings part's (`<si>` elements) when given, `dimension` the declared one.
fn workbook(rows: &str, strings: Option<&str>, dimension: Option<&str>) -> Vec<u8> {
    use std::io::Write as _;
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .compression_level(Some(1));
    let mut part = |name: &str, text: &str| {
        zip.start_file(name, options).unwrap();
        zip.write_all(text.as_bytes()).unwrap();
    };
    part(
        "_rels/.rels",
        r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#,
    );
    part(
        "xl/workbook.xml",
        r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>"#,
    );
    part(
        "xl/_rels/workbook.xml.rels",
        r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>"#,
    );
    let dimension = dimension
        .map(|d| format!(r#"<dimension ref="{d}"/>"#))
        .unwrap_or_default();
    part(
        "xl/worksheets/sheet1.xml",
        &format!(
            r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">{dimension}<sheetData>{rows}</sheetData></worksheet>"#
        ),
    );
    if let Some(strings) = strings {
        part(
            "xl/sharedStrings.xml",
            &format!(
                r#"<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">{strings}</sst>"#
            ),
        );
    }
    zip.finish().unwrap().into_inner()
}

/// A cell with its text inline.
fn cell(reference: &str, text: &str) -> String {
    format!(r#"<c r="{reference}" t="inlineStr"><is><t>{text}</t></is></c>"#)
}

/// A cell showing shared string `index`.
fn shared(reference: &str, index: usize) -> String {
    format!(r#"<c r="{reference}" t="s"><v>{index}</v></c>"#)
}

const HEADER: [&str; 5] = ["person", "framework", "by", "competency", "level"];

/// A header row of the import's columns at row 1, from column A.
fn header_row() -> String {
    let cells: String = HEADER
        .iter()
        .zip(["A", "B", "C", "D", "E"])
        .map(|(h, c)| cell(&format!("{c}1"), h))
        .collect();
    format!(r#"<row r="1">{cells}</row>"#)
}

/// Import `bytes` as `name.xlsx` (a dry run): exit code and stderr; nothing
/// may be written either way.
fn import_workbook(name: &str, bytes: &[u8]) -> (i32, String) {
    let ws = Workspace::new();
    let path = ws.root().join(format!("{name}.xlsx"));
    std::fs::write(&path, bytes).unwrap();
    let before = ws.snapshot();
    let (code, stdout, stderr) = run(ws.cmd().args(["import", "--dry-run"]).arg(&path));
    assert_eq!(ws.snapshot(), before);
    if code != 0 {
        assert_eq!(stdout, "");
    }
    (code, stderr.replace(&*ws.root().to_string_lossy(), "WS"))
}

/// The first line of stderr, and that it is the only problem.
fn refusal(stderr: &str) -> &str {
    assert_eq!(stderr.matches("error[").count(), 1, "{stderr}");
    stderr.lines().next().unwrap()
}

#[test]
fn a_workbook_with_cells_a_sheet_apart_is_refused_naming_the_far_cell() {
    // A1 and XFD1048576: a grid of 17 billion cells, from a 1.6 KB file.
    let bytes = workbook(
        &format!(
            r#"<row r="1">{}</row><row r="1048576">{}</row>"#,
            cell("A1", "person"),
            cell("XFD1048576", "x")
        ),
        None,
        Some("A1:XFD1048576"),
    );
    assert!(bytes.len() < 4096);
    let (code, stderr) = import_workbook("grid", &bytes);
    assert_eq!(code, 2);
    assert_eq!(
        refusal(&stderr),
        "WS/grid.xlsx:1048576:16384: error[table-too-large]: the cells of the first sheet span columns A to XFD (cell XFD1048576), more than the 1 000 columns a table to import may have"
    );
    assert!(
        stderr.contains("help: save the sheet as CSV and import that"),
        "{stderr}"
    );
}

#[test]
fn a_workbook_whose_grid_of_rows_and_columns_is_too_large_is_refused_before_it_is_made() {
    // 2 000 rows with a cell in column A, one cell in column ALL: two
    // million cells to lay out from 2 001 with text.
    let mut rows = header_row();
    for r in 2..=2_000 {
        rows.push_str(&format!(
            r#"<row r="{r}">{}</row>"#,
            cell(&format!("A{r}"), "x")
        ));
    }
    rows.push_str(&format!(r#"<row r="2001">{}</row>"#, cell("ALL2001", "y")));
    let (code, stderr) = import_workbook("wide", &workbook(&rows, None, None));
    assert_eq!(code, 2);
    assert_eq!(
        refusal(&stderr),
        "WS/wide.xlsx: error[table-too-large]: the cells of the first sheet span 2 001 rows and 1 000 columns, 2 001 000 cells, more than import reads at once (1 500 000)"
    );
}

#[test]
fn references_and_dimensions_outside_a_sheet_are_refused_before_they_are_read() {
    for (name, rows, dimension, message) in [
        (
            "column",
            format!(r#"<row r="1">{}</row>"#, cell("XFE1", "x")),
            None,
            "the first sheet names a cell `XFE1`, which lies beyond the last column of a sheet (XFD)",
        ),
        (
            "letters",
            format!(r#"<row r="1">{}</row>"#, cell("AAAAAAAAAAAAAAAA1", "x")),
            None,
            "the first sheet names a cell `AAAAAAAAAAAAAAAA1`, which lies beyond the last column of a sheet (XFD)",
        ),
        (
            "row",
            format!(r#"<row r="99999999999">{}</row>"#, cell("A1", "x")),
            None,
            "the first sheet names a row `99999999999`, which lies beyond the last row of a sheet (1 048 576)",
        ),
        (
            "backwards",
            header_row(),
            Some("B2:A1"),
            "the first sheet declares its range as `B2:A1`, which is not a range of cells (its corners are the wrong way round)",
        ),
    ] {
        let (code, stderr) = import_workbook(name, &workbook(&rows, None, dimension));
        assert_eq!(code, 2, "{name}: {stderr}");
        assert_eq!(
            refusal(&stderr),
            format!("WS/{name}.xlsx: error[table-too-large]: {message}")
        );
    }
}

#[test]
fn a_shared_string_of_a_hundred_mib_is_refused_unread() {
    // 100 MiB of one letter packs into about 100 KB.
    let strings = format!("<si><t>{}</t></si>", "a".repeat(100 << 20));
    let bytes = workbook(
        &format!(r#"{}<row r="2">{}</row>"#, header_row(), shared("A2", 0)),
        Some(&strings),
        None,
    );
    drop(strings);
    assert!(bytes.len() < 1 << 20, "{}", bytes.len());
    let (code, stderr) = import_workbook("string", &bytes);
    assert_eq!(code, 2);
    assert_eq!(
        refusal(&stderr),
        "WS/string.xlsx: error[table-too-large]: the part `xl/sharedStrings.xml` of the workbook unpacks to 101 MiB, more than import reads (32 MiB)"
    );
}

#[test]
fn a_shared_string_table_that_claims_more_strings_than_a_table_has_cells_is_refused() {
    let bytes = workbook(&header_row(), Some("<si><t>a</t></si>"), None);
    // The count is an attribute of the table's root; put it there.
    let strings = r#"<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" uniqueCount="999999999999999"><si><t>a</t></si></sst>"#;
    let bytes = replace_part(&bytes, "xl/sharedStrings.xml", strings);
    let (code, stderr) = import_workbook("count", &bytes);
    assert_eq!(code, 2);
    assert_eq!(
        refusal(&stderr),
        "WS/count.xlsx: error[table-too-large]: the workbook says it has 999999999999999 shared strings, more than import reads at once (1 500 000)"
    );
}

/// `bytes` with one part's text replaced.
fn replace_part(bytes: &[u8], name: &str, text: &str) -> Vec<u8> {
    use std::io::{Read as _, Write as _};
    let mut from = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut to = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for i in 0..from.len() {
        let mut file = from.by_index(i).unwrap();
        let part = file.name().unwrap().into_owned();
        let mut content = Vec::new();
        file.read_to_end(&mut content).unwrap();
        to.start_file(part.as_str(), zip::write::SimpleFileOptions::default())
            .unwrap();
        to.write_all(if part == name {
            text.as_bytes()
        } else {
            &content
        })
        .unwrap();
    }
    to.finish().unwrap().into_inner()
}

#[test]
fn one_long_shared_string_in_every_cell_is_refused_where_the_text_passes_what_a_file_holds() {
    // 30 000 characters, shown in 5 000 cells: 150 MB of text from a few KB.
    let mut rows = header_row();
    for r in 2..=1_001 {
        let cells: String = ["A", "B", "C", "D", "E"]
            .iter()
            .map(|c| shared(&format!("{c}{r}"), 0))
            .collect();
        rows.push_str(&format!(r#"<row r="{r}">{cells}</row>"#));
    }
    let strings = format!("<si><t>{}</t></si>", "e".repeat(30_000));
    let (code, stderr) = import_workbook("echo", &workbook(&rows, Some(&strings), None));
    assert_eq!(code, 2);
    // 16 MiB / 30 000 characters: the 560th cell passes, E113.
    assert_eq!(
        refusal(&stderr),
        "WS/echo.xlsx:113:5: error[table-too-large]: the cells of the first sheet hold more than 16 MiB of text (passed at E113), more than import reads from any file"
    );
}

#[test]
fn a_cell_longer_than_a_cell_may_hold_is_refused_with_its_reference() {
    let long = "L".repeat(40_000);
    let rows = format!(
        r#"{}<row r="2">{}{}</row><row r="3">{}</row>"#,
        header_row(),
        cell("A2", "jo"),
        shared("B2", 0),
        cell("D3", &long)
    );
    let (code, stderr) = import_workbook(
        "long",
        &workbook(&rows, Some(&format!("<si><t>{long}</t></si>")), None),
    );
    assert_eq!(code, 2);
    assert_eq!(
        refusal(&stderr),
        "WS/long.xlsx:2:2: error[table-too-large]: the cell B2 holds 40 000 characters, more than a cell may hold (32 767)"
    );
    // Inline, and made of runs of formatting.
    let runs = "<r><t>abcd</t></r>".repeat(10_000);
    let rows = format!(
        r#"{}<row r="2">{}<c r="E2" t="inlineStr"><is>{runs}</is></c></row>"#,
        header_row(),
        cell("A2", "jo")
    );
    let (code, stderr) = import_workbook("runs", &workbook(&rows, None, None));
    assert_eq!(code, 2);
    assert_eq!(
        refusal(&stderr),
        "WS/runs.xlsx:2:5: error[table-too-large]: the cell E2 holds 40 000 characters, more than a cell may hold (32 767)"
    );
}

#[test]
fn a_sheet_of_scattered_cells_imports_with_each_cell_in_its_place() {
    // The table starts at C3, has a blank row and cells without references
    // (each follows the one before), and its values are shared, inline and
    // numbers.
    let rows = format!(
        r#"<row r="3">{}<c t="inlineStr"><is><t>framework</t></is></c>{}{}{}</row><row r="4"></row><row r="6">{}{}<c t="inlineStr"><is><t>self</t></is></c>{}<c r="G6"><v>3</v></c></row>"#,
        cell("C3", "person"),
        cell("E3", "by"),
        cell("F3", "competency"),
        cell("G3", "level"),
        shared("C6", 0),
        cell("D6", "wdcvs"),
        cell("F6", "team-working"),
    );
    let ws = Workspace::new();
    let path = ws.root().join("scattered.xlsx");
    std::fs::write(&path, workbook(&rows, Some("<si><t>jo</t></si>"), None)).unwrap();
    let (code, stdout, stderr) = run(ws.cmd().arg("import").arg(&path));
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.starts_with("assessments/jo/"), "{stdout}");
    let (_, export, _) = run(ws.cmd().args(["export", "--format", "csv"]));
    let row = export.lines().nth(1).unwrap();
    assert!(row.starts_with("jo,person,wdcvs,"), "{row}");
    assert!(row.contains(",team-working,3,"), "{row}");
}

// ---------------------------------------------------------------------------
// Spoofing: bidirectional controls are control characters.

/// `Sam`, then a right-to-left override: `eeL` shows as `Lee`, so the name
/// shows as `SamLee` (or, at the start of a name, as another person's).
const SPOOF: &str = "Sam \u{202e}eeL";

/// Whether `text` holds a bidirectional embedding, override or isolate.
fn has_bidi_control(text: &str) -> bool {
    text.chars()
        .any(|c| ('\u{202a}'..='\u{202e}').contains(&c) || ('\u{2066}'..='\u{2069}').contains(&c))
}

#[test]
fn bidirectional_controls_are_refused_on_the_way_in() {
    let ws = Workspace::new();
    let before = ws.snapshot();
    // Flags, each of the nine.
    for c in [
        '\u{202a}', '\u{202b}', '\u{202c}', '\u{202d}', '\u{202e}', '\u{2066}', '\u{2067}',
        '\u{2068}', '\u{2069}',
    ] {
        let rater = format!("Sam {c}eeL");
        let (code, stdout, stderr) = run(ws.cmd().args([
            "assess",
            "jo",
            "--by",
            "manager",
            "--rater",
            &rater,
            "--set",
            "team-working=3",
        ]));
        assert_eq!((code, stdout.as_str()), (2, ""), "{c:?}: {stderr}");
        assert_eq!(
            stderr,
            format!(
                "error: `Sam \\u{{{:x}}}eeL` holds a control character (\\u{{{:x}}}); type the text without it. Nothing was done\n",
                u32::from(c),
                u32::from(c)
            )
        );
    }
    let (code, _, stderr) = run(ws.cmd().args(["people", "add", "sam", "--name", SPOOF]));
    assert_eq!(code, 2, "{stderr}");
    // A prepared file.
    let prepared = ws.dir.path().join("jo.toml");
    std::fs::write(
        &prepared,
        "person = \"jo\"\nby = \"manager\"\nrater = \"Sam \\u202eeeL\"\n\n[[rating]]\ncompetency = \"team-working\"\nlevel = \"3\"\n",
    )
    .unwrap();
    let (code, _, stderr) = run(ws.cmd().args(["assess", "jo", "--from"]).arg(&prepared));
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("error[control-character]: rater: the text holds a control character (\\u{202e}), which could show the text around it in another order"),
        "{stderr}"
    );
    // An import, a workbook and a roster.
    std::fs::write(
        ws.root().join("ratings.csv"),
        format!(
            "person,framework,by,rater,competency,level\njo,wdcvs,manager,{SPOOF},team-working,3\n"
        ),
    )
    .unwrap();
    let (code, _, stderr) = run(ws.cmd().args(["import", "ratings.csv"]));
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.starts_with("ratings.csv:2:18: error[control-character]: the cell holds a control character (\\u{202e}), which could show the text around it in another order"),
        "{stderr}"
    );
    let rows = format!(
        r#"<row r="1">{}{}{}{}{}{}</row><row r="2">{}{}{}{}{}{}</row>"#,
        cell("A1", "person"),
        cell("B1", "framework"),
        cell("C1", "by"),
        cell("D1", "rater"),
        cell("E1", "competency"),
        cell("F1", "level"),
        cell("A2", "jo"),
        cell("B2", "wdcvs"),
        cell("C2", "manager"),
        cell("D2", SPOOF),
        cell("E2", "team-working"),
        cell("F2", "3"),
    );
    std::fs::write(ws.root().join("ratings.xlsx"), workbook(&rows, None, None)).unwrap();
    let (code, _, stderr) = run(ws.cmd().args(["import", "ratings.xlsx"]));
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.starts_with("ratings.xlsx:2:4: error[control-character]: the cell holds a control character (\\u{202e})"),
        "{stderr}"
    );
    std::fs::write(
        ws.root().join("staff.csv"),
        format!("id,name,role,team,manager\nsam,{SPOOF},,,\n"),
    )
    .unwrap();
    let (code, _, stderr) = run(ws.cmd().args(["people", "import", "staff.csv"]));
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.starts_with("staff.csv:2:5: error[control-character]: name: the text holds a control character (\\u{202e}), which could show the text around it in another order"),
        "{stderr}"
    );
    std::fs::remove_file(ws.root().join("ratings.csv")).unwrap();
    std::fs::remove_file(ws.root().join("ratings.xlsx")).unwrap();
    std::fs::remove_file(ws.root().join("staff.csv")).unwrap();
    assert_eq!(ws.snapshot(), before, "nothing was written");
}

/// A workspace whose roster was edited by hand: Sam's name holds a
/// right-to-left override. Jo is rated by Sam, who manages Jo.
fn spoofed_roster() -> Workspace {
    let ws = Workspace::new();
    std::fs::write(
        ws.root().join("staff.csv"),
        "id,name,role,team,manager\nsam,Sam Lee,,North,\njo,Jo Bloggs,community-link-worker,North,sam\n",
    )
    .unwrap();
    let (code, _, stderr) = run(ws.cmd().args(["people", "import", "staff.csv"]));
    assert_eq!(code, 0, "{stderr}");
    let (code, _, stderr) = run(ws.cmd().args([
        "assess",
        "jo",
        "--by",
        "manager",
        "--rater",
        "Sam Lee",
        "--set",
        "team-working=2",
        "--evidence",
        "team-working=Ran the drop-in",
    ]));
    assert_eq!(code, 0, "{stderr}");
    let roster = ws.root().join("roster.toml");
    let text = std::fs::read_to_string(&roster).unwrap();
    std::fs::write(&roster, text.replace("Sam Lee", "Sam \\u202EeeL")).unwrap();
    ws
}

#[test]
fn a_hand_edited_name_with_a_bidirectional_control_is_reported_and_shown_escaped() {
    let ws = spoofed_roster();
    let (code, stdout, _) = run(ws.cmd().arg("validate"));
    assert_eq!(code, 1, "{stdout}");
    assert!(
        stdout.contains("error[control-character]: person[1].name: the text holds a control character (\\u{202e}), which could show the text around it in another order"),
        "{stdout}"
    );
    for args in [
        &["people"][..],
        &["people", "--format", "csv"],
        &["people", "--format", "markdown"],
        &["status"],
        &["team", "--manager", "sam"],
        &["team", "--manager", "sam", "--format", "html"],
        &["gap", "jo", "--format", "html"],
        &["plan", "jo", "--format", "html"],
        &["history", "jo", "--format", "html"],
    ] {
        let (code, stdout, stderr) = run(ws.cmd().args(args));
        assert!(code == 0 || code == 1, "{args:?}: {stderr}");
        assert!(
            !has_bidi_control(&stdout),
            "{args:?} printed it raw:\n{stdout}"
        );
        assert!(
            !has_bidi_control(&stderr),
            "{args:?} printed it raw:\n{stderr}"
        );
        if args[0] == "people" || args[0] == "status" || args[0] == "plan" {
            // Markdown escapes the backslash too.
            assert!(
                stdout.contains("\\u{202e}eeL"),
                "{args:?} does not show it escaped:\n{stdout}"
            );
        }
    }
}

#[test]
fn json_shows_a_bidirectional_control_as_a_json_escape_and_keeps_the_text() {
    let ws = crate::hostile::hostile_record_workspace();
    for args in [
        &["export", "--format", "json"][..],
        &[
            "plan",
            "amy",
            "--role",
            "community-link-worker",
            "--format",
            "json",
        ],
    ] {
        let (code, stdout, stderr) = run(ws.cmd().args(args));
        assert!(code == 0 || code == 1, "{args:?}: {stderr}");
        assert!(!has_bidi_control(&stdout), "{args:?}");
        assert!(stdout.contains("\\u202e"), "{args:?}: {stdout}");
        let json: serde_json::Value = serde_json::from_str(&stdout)
            .unwrap_or_else(|e| panic!("{args:?} is not JSON ({e}):\n{stdout}"));
        assert!(
            json.to_string()
                .contains("Led\\u001b[31m the day\u{9b}1m and\u{7f} more by \u{2067}\u{202e}eeL"),
            "{args:?}: the text is not kept: {json}"
        );
    }
}

#[test]
fn bidirectional_marks_are_kept_as_typed() {
    // A right-to-left mark settles the punctuation beside a name written
    // right to left; it cannot reverse a word, and is accepted.
    let ws = Workspace::new();
    let name = "\u{5e9}\u{5e8}\u{5d4} (Sarah)\u{200f}";
    let (code, stdout, stderr) = run(ws.cmd().args(["people", "add", "sarah", "--name", name]));
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains(name), "{stdout}");
    let (_, stdout, _) = run(ws.cmd().args(["people", "--format", "json"]));
    assert!(stdout.contains(name), "{stdout}");
}

// ---------------------------------------------------------------------------
// Silent cuts: a workbook never cuts a text.

/// A workspace where jo's self-assessment of team-working has `evidence`.
fn evidence_workspace(evidence: &str) -> Workspace {
    let ws = Workspace::new();
    let (code, _, stderr) = run(ws.cmd().args([
        "assess",
        "jo",
        "--by",
        "self",
        "--date",
        "2026-03-02",
        "--set",
        "team-working=2",
        "--evidence",
        &format!("team-working={evidence}"),
    ]));
    assert_eq!(code, 0, "{stderr}");
    ws
}

/// The evidence column of every row of `export --format csv`.
fn exported_evidence(ws: &Workspace) -> Vec<String> {
    let (code, stdout, stderr) = run(ws.cmd().args(["export", "--format", "csv"]));
    assert_eq!(code, 0, "{stderr}");
    let mut reader = csv::Reader::from_reader(stdout.as_bytes());
    let column = reader
        .headers()
        .unwrap()
        .iter()
        .position(|h| h == "evidence")
        .unwrap();
    reader
        .records()
        .map(|r| r.unwrap()[column].to_owned())
        .collect()
}

#[test]
fn evidence_longer_than_a_cell_is_refused_by_a_workbook_and_kept_whole_by_csv() {
    let long = format!("{}The end.", "Ran the drop-in every week. ".repeat(1_200));
    assert!(long.len() > 32_767);
    let ws = evidence_workspace(&long);
    let output = ws.dir.path().join("ratings.xlsx");
    let before = ws.snapshot();
    let (code, stdout, stderr) = run(ws
        .cmd()
        .args(["export", "--format", "xlsx", "--output"])
        .arg(&output));
    assert_eq!((code, stdout.as_str()), (2, ""));
    assert_eq!(
        stderr,
        "error: the evidence of jo's rating of `team-working` in assessments/jo/2026-03-02-wdcvs-self.toml is longer than an Excel cell holds (32 767 characters), and a workbook would cut it: nothing was written; use --format csv, which keeps it whole\n"
    );
    assert!(!output.exists(), "a workbook was written");
    assert_eq!(ws.snapshot(), before);
    // CSV keeps it whole, and import reads it back whole.
    assert!(exported_evidence(&ws) == [long.as_str()], "CSV cut it");
    let (_, csv, _) = run(ws.cmd().args(["export", "--format", "csv"]));
    let to = Workspace::new();
    std::fs::write(to.root().join("ratings.csv"), csv).unwrap();
    let (code, _, stderr) = run(to.cmd().args(["import", "ratings.csv"]));
    assert_eq!(code, 0, "{stderr}");
    assert!(exported_evidence(&to) == [long.as_str()], "import cut it");
}

#[test]
fn evidence_as_long_as_a_cell_holds_goes_through_a_workbook_and_back_whole() {
    // 32 767 UTF-16 units: `é` is one, the last `…` one.
    let mut full: String = "é".repeat(32_766);
    full.push('…');
    let ws = evidence_workspace(&full);
    let output = ws.dir.path().join("ratings.xlsx");
    let (code, _, stderr) = run(ws
        .cmd()
        .args(["export", "--format", "xlsx", "--output"])
        .arg(&output));
    assert_eq!(code, 0, "{stderr}");
    // Read back as a spreadsheet would: the cell holds the text whole.
    let mut book: calamine::Xlsx<_> = calamine::open_workbook(&output).unwrap();
    let range = book.worksheet_range("Ratings").unwrap();
    let header: Vec<String> = range
        .rows()
        .next()
        .unwrap()
        .iter()
        .map(ToString::to_string)
        .collect();
    let column = header.iter().position(|h| h == "evidence").unwrap();
    let cell = range.rows().nth(1).unwrap()[column].to_string();
    assert_eq!(cell.chars().count(), 32_767);
    assert!(cell == full, "the workbook changed it");
    // And imported from the workbook, whole.
    let to = Workspace::new();
    let (code, _, stderr) = run(to.cmd().arg("import").arg(&output));
    assert_eq!(code, 0, "{stderr}");
    assert!(
        exported_evidence(&to) == [full.as_str()],
        "import changed it"
    );
}

#[test]
fn a_name_longer_than_a_cell_is_refused_by_every_workbook_naming_its_column() {
    let ws = evidence_workspace("fine");
    let name = "Jo ".repeat(11_000);
    let (code, _, stderr) = run(ws.cmd().args([
        "people",
        "add",
        "jo",
        "--name",
        &name,
        "--role",
        "community-link-worker",
    ]));
    assert_eq!(code, 0, "{stderr}");
    let output = ws.dir.path().join("status.xlsx");
    let (code, _, stderr) = run(ws
        .cmd()
        .args(["status", "--format", "xlsx", "--output"])
        .arg(&output));
    assert_eq!(code, 2);
    assert_eq!(
        stderr,
        "error: the name of the row of `jo` is longer than an Excel cell holds (32 767 characters), and a workbook would cut it: nothing was written; use --format csv, which keeps it whole\n"
    );
    assert!(!output.exists());
}
