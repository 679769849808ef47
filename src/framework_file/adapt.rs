//! Adapting a framework: its YAML text with a new `id` (and `name`) and a
//! `based-on` entry naming the original and its fingerprint. A copy with a
//! new id renames the roles it carries (`community-link-worker` becomes
//! `NEW-community-link-worker`), so every existing role id keeps meaning the
//! original's role and nothing already recorded changes. The text is
//! edited line by line rather than re-serialised, so the original's comments
//! (`# Reconstructed: ...`), folded sentences and order stay as they were.
//! The result is loaded and compared with the original before it is given
//! back: it must be valid, carry the new id, name and `based-on`, and have the
//! original's fingerprint. Pure: never reads or writes a file.

use std::fmt::Write as _;
use std::path::Path;

use crate::error::{Error, Field, Remedy, Request, Result};
use crate::model::{BasedOn, Framework};

/// What to change.
#[derive(Clone, Debug)]
pub(crate) struct Adaptation<'a> {
    /// The new framework's id.
    pub id: &'a str,
    /// The new name; `None` keeps the original's.
    pub name: Option<&'a str>,
}

/// The text of `original` (whose YAML is `source`) adapted as `adaptation`
/// says, checked as a file `file` would be.
pub(crate) fn adapt(
    file: &Path,
    source: &str,
    original: &Framework,
    adaptation: &Adaptation<'_>,
) -> Result<String> {
    if !crate::id::is_valid_id(adaptation.id) {
        return Err(Error::refused(format!(
            "`{}` is not a valid framework id: use lowercase letters, digits and single hyphens ({})",
            adaptation.id.escape_debug(),
            crate::id::ID_PATTERN
        )));
    }
    if let Some(name) = adaptation.name {
        if name.trim().is_empty() {
            return Err(
                Request::refused("the name is empty; give the framework a name")
                    .on(Field::Name)
                    .into(),
            );
        }
        if let Some(c) = crate::text::find_control(name) {
            return Err(Request::refused(format!(
                "the name holds a control character ({}); type the name without it",
                crate::text::escape_controls(&c.to_string())
            ))
            .on(Field::Name)
            .into());
        }
    }
    let based_on = BasedOn {
        id: original.id.clone(),
        fingerprint: original.fingerprint.clone(),
    };
    // A copy under a new id must not take the original's role ids: records
    // and the roster that name them would suddenly point at the copy.
    let renames: Vec<(String, String)> = if adaptation.id == original.id {
        Vec::new()
    } else {
        original
            .roles
            .iter()
            .map(|r| (r.id.clone(), renamed_role(adaptation.id, &r.id)))
            .collect()
    };
    let text = edit(source, adaptation, &based_on, &renames).ok_or_else(|| {
        Error::from(
            Request::refused(format!(
                "the YAML of `{}` has no top-level `id:` and `name:` lines to replace",
                original.id
            ))
            .or(Remedy::CopyYaml {
                framework: original.id.clone(),
            }),
        )
    })?;
    let adapted = super::framework_from_str(file, &text, Some(adaptation.id))
        .ok()
        .map_err(Error::Invalid)?;
    let name = adaptation
        .name
        .map_or_else(|| original.name.clone(), crate::text::normalise);
    let roles_renamed = adapted.roles.len() == original.roles.len()
        && adapted.roles.iter().zip(&original.roles).all(|(new, old)| {
            let expected = renames
                .iter()
                .find(|(from, _)| *from == old.id)
                .map_or(old.id.as_str(), |(_, to)| to.as_str());
            new.id == expected && new.required == old.required
        });
    let same = adapted.id == adaptation.id
        && adapted.name == name
        && adapted.based_on.as_ref() == Some(&based_on)
        && adapted.fingerprint == original.fingerprint
        && roles_renamed;
    if !same {
        return Err(Error::refused(format!(
            "could not adapt the YAML of `{}` safely (the edited file is not the original with a new id and name); nothing was written",
            original.id
        )));
    }
    Ok(text)
}

/// The id a copy `framework` gives the original's role `role`.
pub(crate) fn renamed_role(framework: &str, role: &str) -> String {
    format!("{framework}-{role}")
}

/// One top-level entry of a YAML mapping: its key and its lines.
struct Entry {
    key: String,
    /// Index of its first line and one past its last.
    lines: std::ops::Range<usize>,
}

/// The top-level entries: a key at the start of a line, with the lines
/// indented below it (blank lines inside, not after).
fn entries(lines: &[&str]) -> Vec<Entry> {
    let mut entries: Vec<Entry> = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let starts_entry = top_level_key(line);
        let continues = line.starts_with([' ', '\t']) || line.trim().is_empty();
        match (starts_entry, entries.last_mut()) {
            (Some(key), _) => entries.push(Entry {
                key,
                lines: i..i + 1,
            }),
            (None, Some(last)) if continues && last.lines.end == i => {
                last.lines.end = i + 1;
            }
            _ => {}
        }
    }
    // Blank lines after an entry belong to what follows.
    for entry in &mut entries {
        while entry.lines.len() > 1 && lines[entry.lines.end - 1].trim().is_empty() {
            entry.lines.end -= 1;
        }
    }
    entries
}

/// The key of a line that starts a top-level entry (`id: wdcvs`).
fn top_level_key(line: &str) -> Option<String> {
    let (key, rest) = line.split_once(':')?;
    let simple = !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    let separated = rest.is_empty() || rest.starts_with([' ', '\t', '\r', '\n']);
    (simple && separated).then(|| key.to_owned())
}

/// `text` as a YAML scalar: plain when YAML reads it as this text whatever
/// the version (words, spaces and a little punctuation, starting with a
/// letter, not a word YAML 1.1 reads as true, false or null), else
/// double-quoted (JSON's quoting is YAML's).
fn scalar(text: &str) -> String {
    let plain = text.starts_with(char::is_alphabetic)
        && !text.ends_with(' ')
        && !text.contains("  ")
        && text
            .chars()
            .all(|c| c.is_alphanumeric() || " -.,()&/'".contains(c))
        && !matches!(
            text.to_ascii_lowercase().as_str(),
            "true" | "false" | "null" | "yes" | "no" | "on" | "off" | "y" | "n"
        );
    if plain {
        text.to_owned()
    } else {
        serde_json::Value::from(text).to_string()
    }
}

/// The edited text, or `None` when the top-level `id` or `name` is not found once.
fn edit(
    source: &str,
    adaptation: &Adaptation<'_>,
    based_on: &BasedOn,
    renames: &[(String, String)],
) -> Option<String> {
    let source = source.strip_prefix('\u{feff}').unwrap_or(source);
    let newline = if source.contains("\r\n") {
        "\r\n"
    } else {
        "\n"
    };
    let lines: Vec<&str> = source.split_inclusive('\n').collect();
    let entries = entries(&lines);
    let find = |key: &str| -> Option<&Entry> {
        let mut found = entries.iter().filter(|e| e.key == key);
        let entry = found.next()?;
        found.next().is_none().then_some(entry)
    };
    let id = find("id")?;
    let name = find("name")?;
    let old_based_on = entries.iter().find(|e| e.key == "based-on");
    let roles = entries
        .iter()
        .find(|e| e.key == "roles")
        .map(|e| e.lines.clone());
    let mut out = String::with_capacity(source.len() + 128);
    let mut i = 0;
    while i < lines.len() {
        if i == id.lines.start {
            let _ = write!(out, "id: {}{newline}", scalar(adaptation.id));
            i = id.lines.end;
        } else if i == name.lines.start {
            match adaptation.name {
                Some(new) => {
                    let _ = write!(out, "name: {}{newline}", scalar(new));
                }
                None => lines[name.lines.clone()]
                    .iter()
                    .for_each(|l| out.push_str(l)),
            }
            if !out.ends_with('\n') {
                out.push_str(newline);
            }
            let _ = write!(
                out,
                "based-on:{newline}  id: {}{newline}  fingerprint: {}{newline}",
                scalar(&based_on.id),
                scalar(&based_on.fingerprint)
            );
            i = name.lines.end;
        } else if let Some(old) = old_based_on.filter(|e| e.lines.start == i) {
            i = old.lines.end;
        } else if roles.as_ref().is_some_and(|r| r.contains(&i)) {
            out.push_str(&rename_role_line(lines[i], renames));
            i += 1;
        } else {
            out.push_str(lines[i]);
            i += 1;
        }
    }
    Some(out)
}

/// A line of the `roles:` entry, with a role's `id:` renamed as `renames`
/// says (indentation, the list's dash and the line ending kept).
fn rename_role_line(line: &str, renames: &[(String, String)]) -> String {
    let body = line.trim_end_matches(['\r', '\n']);
    let ending = &line[body.len()..];
    let indent = &body[..body.len() - body.trim_start().len()];
    let rest = body.trim_start();
    let (dash, rest) = match rest.strip_prefix("- ") {
        Some(after) => ("- ", after.trim_start()),
        None => ("", rest),
    };
    let Some(value) = rest.strip_prefix("id:") else {
        return line.to_owned();
    };
    let value = value.trim().trim_matches(['"', '\'']);
    match renames.iter().find(|(from, _)| from == value) {
        Some((_, to)) => format!("{indent}{dash}id: {}{ending}", scalar(to)),
        None => line.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::{BUNDLED, Catalog};

    fn adapt_bundled(id: &str, adaptation: &Adaptation<'_>) -> Result<String> {
        let catalog = Catalog::bundled();
        let original = catalog.framework(id).unwrap();
        let source = BUNDLED.iter().find(|(b, _)| *b == id).unwrap().1;
        let file = format!("frameworks/{}.yaml", adaptation.id);
        adapt(Path::new(&file), source, original, adaptation)
    }

    #[test]
    fn every_bundled_framework_adapts_keeping_its_comments() {
        for (id, source) in BUNDLED {
            let adaptation = Adaptation {
                id: "our-version",
                name: Some("Our version: \"adapted\" #1"),
            };
            let text = adapt_bundled(id, &adaptation).unwrap();
            let comments = |t: &str| -> Vec<String> {
                t.lines()
                    .filter(|l| l.trim_start().starts_with('#'))
                    .map(str::to_owned)
                    .collect()
            };
            assert_eq!(comments(&text), comments(source), "{id}");
            assert!(text.contains("\nbased-on:\n  id: "), "{id}");
            assert_eq!(text.matches("\nid: ").count(), 1, "{id}");
        }
    }

    #[test]
    fn adapting_an_adapted_framework_replaces_its_based_on() {
        let first = adapt_bundled(
            "wdcvs",
            &Adaptation {
                id: "first",
                name: None,
            },
        )
        .unwrap();
        let path = Path::new("frameworks/first.yaml");
        let original = super::super::framework_from_str(path, &first, Some("first"))
            .ok()
            .unwrap();
        let second = adapt(
            Path::new("frameworks/second.yaml"),
            &first,
            &original,
            &Adaptation {
                id: "second",
                name: Some("Second"),
            },
        )
        .unwrap();
        assert_eq!(second.matches("based-on:").count(), 1);
        assert!(second.contains("based-on:\n  id: first\n"));
    }

    #[test]
    fn refuses_a_bad_id_an_empty_name_and_a_control_character() {
        for (id, name) in [
            ("Our Version", None),
            ("ok", Some(" ")),
            ("ok", Some("a\u{1b}[2J")),
        ] {
            let result = adapt_bundled("arun", &Adaptation { id, name });
            assert!(matches!(result, Err(Error::Request(_))), "{id} {name:?}");
        }
    }

    #[test]
    fn a_file_without_top_level_id_lines_is_refused() {
        let catalog = Catalog::bundled();
        let original = catalog.framework("arun").unwrap();
        let flow = "{id: arun, name: A}\n";
        let result = adapt(
            Path::new("frameworks/x.yaml"),
            flow,
            original,
            &Adaptation {
                id: "x",
                name: None,
            },
        );
        assert!(matches!(result, Err(Error::Request(r))
            if r.problem.to_string().contains("top-level `id:`")
                && r.remedies == [Remedy::CopyYaml { framework: "arun".to_owned() }]));
    }

    #[test]
    fn scalars_are_quoted_only_when_yaml_would_misread_them() {
        assert_eq!(scalar("my-framework"), "my-framework");
        assert_eq!(scalar("Our caseworkers (2026)"), "Our caseworkers (2026)");
        assert_eq!(scalar("yes"), "\"yes\"");
        assert_eq!(scalar("No"), "\"No\"");
        assert_eq!(scalar("2024"), "\"2024\"");
        assert_eq!(scalar("sha256:ea1d"), "\"sha256:ea1d\"");
        assert_eq!(scalar("A: \"b\" # c"), "\"A: \\\"b\\\" # c\"");
    }
}
