//! Text from people and files: whitespace normalised on the way in, control
//! characters found on the way in and escaped on the way out.
//!
//! A control character is C0 other than tab and newline, DEL, C1, or a
//! bidirectional embedding, override or isolate (U+202A–U+202E,
//! U+2066–U+2069). Text from the command line or a prepared file that holds
//! one is refused; text from a file on disk is reported by `validate` and
//! shown escaped (`\u{1b}`, `\u{202e}`), so nothing the tool prints can move
//! the cursor, set a terminal's title, clear the screen, or show one name in
//! the place of another by reversing it (`Sam\u{202e}eeL` shown as
//! `SamLee`). The bidirectional marks (U+200E, U+200F, U+061C) are kept: they
//! only settle the direction of the punctuation and digits beside them,
//! cannot reverse a word, and are typed in names written right to left.

use std::borrow::Cow;

/// Collapse runs of whitespace to single spaces and trim: the source's words,
/// whatever the line wrapping of the file.
pub(crate) fn normalise(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Whether `c` is a control character that must not reach a terminal or a
/// page: C0 but tab and newline, DEL, C1, and the bidirectional controls.
pub(crate) fn is_control(c: char) -> bool {
    (c.is_control() && c != '\t' && c != '\n')
        || ('\u{80}'..='\u{9f}').contains(&c)
        || is_bidi_control(c)
}

/// Whether `c` is a bidirectional embedding, override or isolate, which
/// reorders the text after it: LRE, RLE, PDF, LRO, RLO (U+202A–U+202E) and
/// LRI, RLI, FSI, PDI (U+2066–U+2069).
pub(crate) fn is_bidi_control(c: char) -> bool {
    ('\u{202a}'..='\u{202e}').contains(&c) || ('\u{2066}'..='\u{2069}').contains(&c)
}

/// What a control character could do, for messages: `which could drive a
/// terminal`.
pub(crate) fn control_risk(c: char) -> &'static str {
    if is_bidi_control(c) {
        "which could show the text around it in another order"
    } else {
        "which could drive a terminal"
    }
}

/// The first control character in `text`, if any.
pub(crate) fn find_control(text: &str) -> Option<char> {
    // Every control character is a byte below 0x20, 0x7f, or starts with
    // 0xc2 (C1) or 0xe2 (the bidirectional controls, among punctuation such
    // as dashes and quotes): most text has none, and is passed over byte by
    // byte. Blocks of 32 bytes are tested whole (no early exit inside a
    // block), which the compiler turns into vector instructions.
    let suspect =
        |b: u8| (b < 0x20 && b != b'\t' && b != b'\n') || b == 0x7f || b == 0xc2 || b == 0xe2;
    let any = text
        .as_bytes()
        .chunks(32)
        .any(|block| block.iter().fold(0u8, |hit, &b| hit | u8::from(suspect(b))) != 0);
    if !any {
        return None;
    }
    text.chars().find(|&c| is_control(c))
}

/// Write `c` as Rust writes an escaped character: `\u{1b}`.
fn push_escaped(out: &mut String, c: char) {
    use std::fmt::Write as _;
    let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
}

/// `text` with every control character written as `\u{1b}`.
pub(crate) fn escape_controls(text: &str) -> Cow<'_, str> {
    if find_control(text).is_none() {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if is_control(c) {
            push_escaped(&mut out, c);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// `text` as a terminal may show it: control characters escaped, except the
/// colour codes the tool itself writes (`ESC [ digits ; m`) when `colour` is
/// on. The last line of defence behind every renderer, which escapes the
/// text it is given.
pub(crate) fn for_terminal(text: &str, colour: bool) -> Cow<'_, str> {
    if find_control(text).is_none() {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        if c == '\u{1b}' && colour {
            let sgr = rest[1..]
                .strip_prefix('[')
                .and_then(|r| {
                    r.find(|c: char| !(c.is_ascii_digit() || c == ';'))
                        .map(|i| (r, i))
                })
                .filter(|(r, i)| r[*i..].starts_with('m'));
            if let Some((_, i)) = sgr {
                let len = 1 + 1 + i + 1;
                out.push_str(&rest[..len]);
                rest = &rest[len..];
                continue;
            }
        }
        if is_control(c) {
            push_escaped(&mut out, c);
        } else {
            out.push(c);
        }
        rest = &rest[c.len_utf8()..];
    }
    Cow::Owned(out)
}

/// JSON text with every control character that `serde_json` leaves as it is
/// (DEL, C1, the bidirectional controls) written as a JSON escape
/// (`\u202e`): the same text to a JSON reader, and nothing for the terminal
/// filter to rewrite into an escape JSON does not have. Such characters only
/// occur inside JSON strings, so each is replaced where it stands.
pub(crate) fn json_controls(json: &str) -> Cow<'_, str> {
    if find_control(json).is_none() {
        return Cow::Borrowed(json);
    }
    let mut out = String::with_capacity(json.len() + 8);
    for c in json.chars() {
        if is_control(c) {
            use std::fmt::Write as _;
            let _ = write!(out, "\\u{:04x}", u32::from(c));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Whether a spreadsheet would take `text` as a formula: it begins with `=`,
/// `+`, `-`, `@`, tab or carriage return and is not a number (a level, a
/// rank, a gap such as `-2` stays a number).
fn is_formula_like(text: &str) -> bool {
    text.starts_with(['=', '+', '-', '@', '\t', '\r']) && text.parse::<f64>().is_err()
}

/// Whether a CSV cell gets the guard quote: formula-like text, and text that
/// begins with `'` before formula-like text or another `'` (so a text that
/// really starts with a quote comes back whole). The one rule behind
/// [`csv_cell`] and [`csv_uncell`].
fn needs_guard(text: &str) -> bool {
    is_formula_like(text)
        || text
            .strip_prefix('\'')
            .is_some_and(|rest| rest.starts_with('\'') || is_formula_like(rest))
}

/// A CSV cell that a spreadsheet will not run as a formula: text beginning
/// with `=`, `+`, `-`, `@`, tab or carriage return gets a leading `'`; a
/// number (a level, a rank, a gap such as `-2`) is left as it is. Text that
/// begins with a quote before such a character (or before another quote)
/// gets one too, so `csv_uncell` gives back exactly what was written.
/// Control characters are escaped.
pub fn csv_cell(text: &str) -> Cow<'_, str> {
    if needs_guard(text) {
        return Cow::Owned(format!("'{}", escape_controls(text)));
    }
    escape_controls(text)
}

/// A CSV cell as it was before [`csv_cell`] guarded it: the `'` the guard
/// added is taken off (`'=SUM(1)` → `=SUM(1)`, `'-late` → `-late`, `''x` →
/// `'x`); any other text is left as it is (`'tis`, `'-2`, `-2`).
pub(crate) fn csv_uncell(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if needs_guard(rest) => rest,
        _ => cell,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_escaped_and_tabs_and_newlines_kept() {
        assert_eq!(escape_controls("a\u{1b}]0;x\u{7}b"), "a\\u{1b}]0;x\\u{7}b");
        assert_eq!(escape_controls("tab\tline\n"), "tab\tline\n");
        assert_eq!(
            escape_controls("c1\u{9b}2J del\u{7f}"),
            "c1\\u{9b}2J del\\u{7f}"
        );
        assert_eq!(escape_controls("é ✓"), "é ✓");
        assert!(matches!(escape_controls("plain"), Cow::Borrowed(_)));
    }

    #[test]
    fn bidirectional_controls_are_control_characters_and_marks_are_not() {
        // `Sam`, then a right-to-left override: `eeL` would show as `Lee`.
        assert_eq!(find_control("Sam\u{202e}eeL"), Some('\u{202e}'));
        assert_eq!(escape_controls("Sam\u{202e}eeL"), "Sam\\u{202e}eeL");
        for c in [
            '\u{202a}', '\u{202b}', '\u{202c}', '\u{202d}', '\u{2066}', '\u{2067}', '\u{2068}',
            '\u{2069}',
        ] {
            assert!(is_control(c), "{c:?}");
            assert_eq!(find_control(&format!("a—b{c}")), Some(c));
        }
        for c in [
            '\u{200e}', '\u{200f}', '\u{061c}', '\u{2029}', '\u{2065}', '\u{206a}', '—', '’', '…',
        ] {
            assert!(!is_control(c), "{c:?}");
        }
        assert_eq!(find_control("it’s — fine…"), None);
        assert_eq!(for_terminal("a\u{2067}b", true), "a\\u{2067}b");
    }

    #[test]
    fn json_keeps_its_text_and_shows_no_control() {
        let json = serde_json::to_string(&"a\u{7f}\u{9b}\u{202e}b\u{1b}").unwrap();
        let shown = json_controls(&json);
        assert_eq!(shown, "\"a\\u007f\\u009b\\u202eb\\u001b\"");
        assert_eq!(find_control(&shown), None);
        let back: String = serde_json::from_str(&shown).unwrap();
        assert_eq!(back, "a\u{7f}\u{9b}\u{202e}b\u{1b}");
    }

    #[test]
    fn the_terminal_keeps_only_the_tools_own_colour_codes() {
        let own = "\u{1b}[33m██\u{1b}[0m";
        assert_eq!(for_terminal(own, true), own);
        assert_eq!(for_terminal(own, false), "\\u{1b}[33m██\\u{1b}[0m");
        assert_eq!(
            for_terminal("\u{1b}[2J\u{1b}]0;t\u{7}", true),
            "\\u{1b}[2J\\u{1b}]0;t\\u{7}"
        );
    }

    #[test]
    fn formulas_get_a_quote_and_numbers_do_not() {
        assert_eq!(csv_cell("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(csv_cell("@SUM(1+1)"), "'@SUM(1+1)");
        assert_eq!(csv_cell("+44 20"), "'+44 20");
        assert_eq!(csv_cell("-late"), "'-late");
        assert_eq!(csv_cell("\tx"), "'\tx");
        assert_eq!(csv_cell("-2"), "-2");
        assert_eq!(csv_cell("+1"), "+1");
        assert_eq!(csv_cell("3"), "3");
        assert_eq!(csv_cell("plain = fine"), "plain = fine");
        assert_eq!(csv_cell("'=x"), "''=x");
        assert_eq!(csv_cell("'tis"), "'tis");
    }

    #[test]
    fn the_guard_quote_comes_off_and_nothing_else_does() {
        assert_eq!(csv_uncell("'=SUM(1)"), "=SUM(1)");
        assert_eq!(csv_uncell("'-late"), "-late");
        assert_eq!(csv_uncell("''=x"), "'=x");
        assert_eq!(csv_uncell("'tis"), "'tis");
        assert_eq!(csv_uncell("'-2"), "'-2");
        assert_eq!(csv_uncell("-2"), "-2");
        assert_eq!(csv_uncell("'"), "'");
        assert_eq!(csv_uncell("plain"), "plain");
    }

    #[test]
    fn every_text_survives_the_guard_and_its_removal() {
        for quotes in ["", "'", "''", "'''"] {
            for start in ["", "=", "+", "-", "@", "\t", "-2", "+1", "x", " "] {
                for tail in ["", "A1", "late", "'"] {
                    let text = format!("{quotes}{start}{tail}");
                    let cell = csv_cell(&text);
                    assert_eq!(csv_uncell(&cell), text, "{text:?} -> {cell:?}");
                }
            }
        }
    }
}
