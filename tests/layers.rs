//! ARCHITECTURE.md's map of the layers is true: every module of `src/` is
//! on it, and each imports only from its own layer or those below it; the
//! command line stays thin (no file of it, `src/cli.rs` and `src/cli/`, over
//! 300 lines).
//!
//! A module's tests (`#[cfg(test)] mod tests` at the end of a file, or a file
//! declared under `#[cfg(test)]`) may build their inputs from any layer, and
//! comments may name any item: both are left out of the check.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

/// The layers in ARCHITECTURE.md's map, top first: each line of the code
/// block that starts in the first column names the modules of one layer
/// (`review.rs review/`, `id.rs text.rs digest.rs`).
fn layers() -> Vec<Vec<String>> {
    let text = fs::read_to_string("ARCHITECTURE.md").unwrap();
    let block = text
        .split("```")
        .nth(1)
        .expect("ARCHITECTURE.md has a code block with the map of layers");
    block
        .lines()
        .filter(|line| line.starts_with(|c: char| c.is_ascii_lowercase()))
        .map(|line| {
            line.split_whitespace()
                .map_while(|word| {
                    let name = word
                        .strip_suffix(".rs")
                        .or_else(|| word.strip_suffix('/'))?;
                    name.chars()
                        .all(|c| c.is_ascii_lowercase() || c == '_')
                        .then(|| name.to_owned())
                })
                .collect::<BTreeSet<_>>()
                .into_iter()
                .collect()
        })
        .collect()
}

/// Every `.rs` file under `dir`.
fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The top-level module a file of `src/` belongs to (`src/store/read.rs`:
/// `store`), or none for the crate's root files.
fn module_of(path: &Path) -> Option<String> {
    let rel = path.strip_prefix("src").unwrap();
    let first = rel.components().next()?.as_os_str().to_str()?;
    let name = first.strip_suffix(".rs").unwrap_or(first);
    (!["lib", "main", "testing"].contains(&name)).then(|| name.to_owned())
}

/// Files that are test code: declared under `#[cfg(test)]` (`mod tests;`,
/// `pub(crate) mod fixture;`).
fn test_files(files: &[PathBuf]) -> BTreeSet<PathBuf> {
    let mut out = BTreeSet::new();
    for file in files {
        let text = fs::read_to_string(file).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        for pair in lines.windows(2) {
            let next = pair[1].trim();
            let declared = next
                .strip_prefix("pub(crate) ")
                .unwrap_or(next)
                .strip_prefix("mod ")
                .and_then(|rest| rest.strip_suffix(';'));
            if pair[0].trim() == "#[cfg(test)]"
                && let Some(name) = declared
            {
                let parent = if file.ends_with("lib.rs") {
                    file.parent().unwrap().to_path_buf()
                } else {
                    file.with_extension("")
                };
                out.insert(parent.join(format!("{name}.rs")));
            }
        }
    }
    out
}

/// The code of a file without its comments and its `mod tests` (by this
/// crate's habit, the last item of a file).
fn code(text: &str) -> String {
    let mut out = String::new();
    let mut lines = text.lines().peekable();
    while let Some(line) = lines.next() {
        if line.trim() == "#[cfg(test)]"
            && lines
                .peek()
                .is_some_and(|next| next.trim().starts_with("mod tests {"))
        {
            break;
        }
        if !line.trim_start().starts_with("//") {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

/// The top-level modules `code` reaches through `crate::`: paths
/// (`crate::store::read`) and groups (`use crate::{store, report::Whose}`).
fn reached(code: &str) -> BTreeSet<String> {
    let ident = |s: &str| -> String {
        s.chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect()
    };
    let mut out = BTreeSet::new();
    for (at, _) in code.match_indices("crate::") {
        let rest = &code[at + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            // The first name of each item of the group, at its top depth.
            let mut depth = 0;
            let mut start = true;
            for (i, c) in group.char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' if depth == 0 => break,
                    '}' => depth -= 1,
                    ',' if depth == 0 => start = true,
                    c if start && depth == 0 && (c.is_ascii_alphabetic() || c == '_') => {
                        out.insert(ident(&group[i..]));
                        start = false;
                    }
                    _ => {}
                }
            }
        } else {
            out.insert(ident(rest));
        }
    }
    out
}

#[test]
fn every_module_imports_only_its_own_layer_or_those_below() {
    let layers = layers();
    let layer_of: BTreeMap<&str, usize> = layers
        .iter()
        .enumerate()
        .flat_map(|(i, names)| names.iter().map(move |n| (n.as_str(), i)))
        .collect();
    let mut files = Vec::new();
    sources(Path::new("src"), &mut files);
    files.sort();
    let tests = test_files(&files);
    let mut unlisted = BTreeSet::new();
    let mut upward = Vec::new();
    for file in files.iter().filter(|f| !tests.contains(*f)) {
        let Some(module) = module_of(file) else {
            continue;
        };
        let Some(&own) = layer_of.get(module.as_str()) else {
            unlisted.insert(module);
            continue;
        };
        let text = fs::read_to_string(file).unwrap();
        for target in reached(&code(&text)) {
            if let Some(&theirs) = layer_of.get(target.as_str())
                && theirs < own
            {
                upward.push(format!(
                    "{}: {module} (layer {own}) reaches {target} (layer {theirs}) above it",
                    file.display()
                ));
            }
        }
    }
    assert!(
        unlisted.is_empty(),
        "modules missing from ARCHITECTURE.md's map: {unlisted:?}"
    );
    assert!(
        upward.is_empty(),
        "imports running up the layers:\n{}",
        upward.join("\n")
    );
    // The map names only modules that exist.
    for name in layer_of.keys() {
        let file = Path::new("src").join(format!("{name}.rs"));
        let dir = Path::new("src").join(name);
        assert!(
            file.exists() || dir.is_dir(),
            "ARCHITECTURE.md names `{name}`, which is not a module of src/"
        );
    }
}

#[test]
fn the_check_finds_paths_and_groups_and_skips_comments_and_tests() {
    let text = "use crate::{store, report::{Whose, team}};\n\
                // crate::cli in a comment\n\
                fn f() { crate::app::person::gap(); }\n\
                #[cfg(test)]\n\
                mod tests {\n    use crate::render;\n}\n";
    let found = reached(&code(text));
    let names: Vec<&str> = found.iter().map(String::as_str).collect();
    assert_eq!(names, ["app", "report", "store"]);
}

#[test]
fn no_file_of_the_command_line_is_over_300_lines() {
    let mut files = vec![PathBuf::from("src/cli.rs")];
    sources(Path::new("src/cli"), &mut files);
    let long: Vec<String> = files
        .iter()
        .filter_map(|f| {
            let lines = fs::read_to_string(f).unwrap().lines().count();
            (lines > 300).then(|| format!("{} ({lines} lines)", f.display()))
        })
        .collect();
    assert!(
        long.is_empty(),
        "the command line only parses, calls the application layer and prints; move the work to src/app/: {long:?}"
    );
}

/// The library never words a flag or a command line: a refused request
/// names its field and remedy by type (`error::Field`, `error::Remedy`) and
/// the command line words them (`cli/words.rs`). Only these may: the command
/// line itself; the render layer and diagnostics (report text and help);
/// the questionnaire (an interactive terminal front end of its own); and
/// each place below, text for a reader of a file or report, never an error
/// a request gets back.
#[test]
fn only_the_command_line_words_flags_and_commands() {
    const FRONT_ENDS: &[&str] = &[
        "src/cli",
        "src/render",
        "src/diagnostic",
        "src/questionnaire",
    ];
    // (file, a fragment of the line): why each may.
    const ALLOWED: &[(&str, &str)] = &[
        // The comment at the top of a record or review file, for its reader.
        ("src/record.rs", "# An assessment record, written by"),
        ("src/record.rs", "# `competency assess ... --amend"),
        ("src/review.rs", "# A review record, written by"),
        ("src/review.rs", "# rewritten: to correct one, run"),
        ("src/store/roster.rs", "# day they left. Written by"),
        // Help of diagnostics (what `validate` and reports print).
        (
            "src/record/rules.rs",
            "to correct a record, record a new assessment",
        ),
        (
            "src/record/rules.rs",
            "it was not written by `competency {command}`",
        ),
        (
            "src/record/rules.rs",
            "record it again with `competency {command}`",
        ),
        ("src/review/rules.rs", "const HELP_AMEND"),
        ("src/review/rules.rs", "or give --framework"),
        ("src/import/reconcile.rs", "import with --amend"),
        (
            "src/settings.rs",
            "`competency frameworks` lists the frameworks",
        ),
        (
            "src/store/roster.rs",
            "give them a new line manager: `competency people add",
        ),
        (
            "src/catalog.rs",
            "so it was left out (`competency validate` lists its problems)",
        ),
        (
            "src/store/read.rs",
            "has problems (`competency validate` lists them)",
        ),
        // Report text: the settings shown by `init`, a purge's kept people,
        // a subject access bundle's note.
        ("src/settings.rs", "init --cycle-start MM-DD"),
        (
            "src/store/purge.rs",
            "give each a new manager: `competency people add",
        ),
        ("src/sar.rs", "`competency validate` on this file checks it"),
    ];
    let flag = |line: &str| {
        let bytes = line.as_bytes();
        (0..bytes.len().saturating_sub(4)).any(|i| {
            bytes[i] == b'-'
                && bytes[i + 1] == b'-'
                && (i == 0 || !bytes[i - 1].is_ascii_alphanumeric() && bytes[i - 1] != b'-')
                && bytes[i + 2..i + 5].iter().all(u8::is_ascii_lowercase)
        }) || line.contains("`competency ")
    };
    let mut files = Vec::new();
    sources(Path::new("src"), &mut files);
    files.sort();
    let tests = test_files(&files);
    let mut found = Vec::new();
    for file in &files {
        let shown = file.to_string_lossy().replace('\\', "/");
        if tests.contains(file) || FRONT_ENDS.iter().any(|f| shown.starts_with(f)) {
            continue;
        }
        for line in code(&fs::read_to_string(file).unwrap()).lines() {
            let allowed = ALLOWED
                .iter()
                .any(|(f, fragment)| *f == shown && line.contains(fragment));
            if flag(line) && !allowed {
                found.push(format!("{shown}: {}", line.trim()));
            }
        }
    }
    assert!(
        found.is_empty(),
        "flags or commands worded outside the command line:\n{}",
        found.join("\n")
    );
    assert!(flag("\"give --role ROLE\"") && flag("(`competency roles` lists them)"));
    assert!(!flag("x--y") && !flag("a -- b") && !flag("\"--\""));
}
