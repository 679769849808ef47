//! Every table the tool prints, on a real terminal (tmux, colour on) 80, 100
//! and 120 columns wide: no line wider than the terminal, and no word broken
//! inside itself — every word on the screen is a word of the same report
//! piped, where nothing is wrapped. When the columns cannot fit, the table
//! leaves out detail columns (and says so) or shows one block per row.

use std::path::PathBuf;

use crate::common::{Tmux, competency, run};

const BIN: &str = env!("CARGO_BIN_EXE_competency");

/// Every command that prints a table, on the example workspace.
const TABLES: &[&str] = &[
    "frameworks",
    "roles",
    "role community-link-worker",
    "show wdcvs team-working --level 3",
    "people",
    "status --as-of 2026-11-29",
    "team --role community-link-worker",
    "team --manager lee-grant --all",
    "gap alex-morgan",
    "gap dana-cole",
    "plan alex-morgan",
    "readiness sunita",
    "readiness alex-morgan",
    "history alex-morgan",
    "history dana-cole",
    "calibrate --as-of 2026-12-01",
    "impact examples/drafts/nursery-practitioner.yaml --as-of 2026-12-01",
];

fn example_workspace() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("examples/workspace")
}

/// The words of a text, borders and table rules aside.
fn words(text: &str) -> Vec<&str> {
    text.split(|c: char| c.is_whitespace() || "│┆┌┐└┘├┤╞╡╪═─┬┴┼╤╧".contains(c))
        .filter(|w| !w.is_empty())
        .collect()
}

/// What a table says when it leaves columns out, and what only a terminal
/// shows (the gap's bars and their key): the tool's own words.
const NOTE: &str = "not shown: the terminal is too narrow; --wide shows every column) on the scale: █ the rating, ▒ short of the required level, ░ the rest of the scale";

#[test]
#[ignore = "needs tmux"]
fn every_table_fits_80_100_and_120_columns_with_no_word_broken() {
    let tmux = Tmux::start("tables");
    for (n, args) in TABLES.iter().enumerate() {
        let (code, piped, stderr) = run(competency()
            .arg("--workspace")
            .arg(example_workspace())
            .args(args.split(' ')));
        assert_eq!(code, 0, "{args}: {stderr}");
        let mut known: Vec<&str> = words(&piped);
        known.extend(words(NOTE));
        // A numbered matrix's numbers and its key's separators.
        known.extend(["·"]);
        for width in [80u16, 100, 120] {
            let session = format!("t{n}-{width}");
            let script = format!(
                "env -u NO_COLOR -u COLUMNS -u LINES -u COMPETENCY_WORKSPACE TERM=xterm-256color SOURCE_DATE_EPOCH=1796083200 '{BIN}' --workspace '{}' {args}; echo EXIT=$?; sleep 120",
                example_workspace().display()
            );
            tmux.session(&session, width, 200, &script);
            tmux.wait_for(&session, &["EXIT="]);
            let pane = tmux.capture(&session, false);
            let screen = pane.split("EXIT=").next().unwrap_or_default();
            assert!(pane.contains("EXIT=0"), "{args} at {width}:\n{pane}");
            for line in screen.lines() {
                let shown = textwrap::core::display_width(line);
                assert!(
                    shown <= usize::from(width),
                    "{args} at {width} columns: a line {shown} wide: {line:?}\n{screen}"
                );
            }
            for word in words(screen) {
                // A column's number, or a gap's bar (drawn only on a terminal).
                let number = word
                    .chars()
                    .all(|c| c.is_ascii_digit() || "█▒░".contains(c));
                // A word of the report, whole; or a column's number, or a
                // piece of the note about columns left out.
                let inside = word.trim_start_matches('(').trim_end_matches([',', ')']);
                assert!(
                    number || known.contains(&word) || known.contains(&inside),
                    "{args} at {width} columns: `{word}` is not a word of the report: a word was broken\n{screen}"
                );
            }
        }
    }
}
