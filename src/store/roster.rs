//! The roster file, `roster.toml` at the workspace root: personal data, read
//! through the workspace's root and changed only through the one write path
//! (read under the lock, changed, checked, committed), readable by its owner
//! only.

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};

use crate::catalog::Catalog;
use crate::diagnostic::{Code, Diagnostic, Location, SourceText};
use crate::error::{Error, Result};
use crate::file::Root;
use crate::roster::{Roster, import};
use crate::workspace::Workspace;

pub const ROSTER_FILE: &str = "roster.toml";

const HEADER: &str = "\
# The people of this workspace: id, name, role, team, line manager, and the
# day they left. Written by `competency people import` and `people add`; it
# is personal data, kept readable by its owner only.
";

/// The roster; empty when the workspace has none. People whose id is not a
/// valid id are left out (an id becomes a folder's name), and so is every
/// entry after the first with the same id; each is named in the roster's
/// `problems`.
pub fn read_roster(workspace: &Workspace) -> Result<Roster> {
    read_roster_at(workspace.dir())
}

fn read_roster_at(root: &Root) -> Result<Roster> {
    if root.stat(ROSTER_FILE).ok().flatten().is_none() {
        return Ok(Roster::default());
    }
    let text = root.read_text(ROSTER_FILE)?;
    roster_from_text(&root.join(ROSTER_FILE), &text)
}

fn roster_from_text(path: &Path, text: &str) -> Result<Roster> {
    let mut roster: Roster = crate::parse::parse_toml(path, text)?;
    if roster.schema > crate::roster::SCHEMA {
        return Err(Error::Invalid(vec![
            Diagnostic::error(
                Code::NewerSchema,
                path,
                format!(
                    "the roster uses format {}, newer than this version of competency reads (format {})",
                    roster.schema,
                    crate::roster::SCHEMA
                ),
            )
            .with_key("schema"),
        ]));
    }
    let mut problems = Vec::new();
    roster.people.retain(|m| {
        let ok = crate::id::is_valid_id(&m.id);
        if !ok {
            problems.push(
                Diagnostic::warning(
                    Code::BadId,
                    path,
                    format!(
                        "`{}` is not a valid person id, so that entry of the roster is left out",
                        m.id.escape_debug()
                    ),
                )
                .with_help("correct the id in the HR system's export and import it again"),
            );
        }
        ok
    });
    // One entry per person: the first is kept, later ones are left out
    // (and any change refused until the file is corrected), so no command
    // picks one of the two at random or drops one when it writes.
    let mut seen: HashSet<String> = HashSet::new();
    let mut twice: Vec<String> = Vec::new();
    roster.people.retain(|m| {
        let first = seen.insert(m.id.clone());
        if !first {
            twice.push(m.id.clone());
        }
        first
    });
    if !twice.is_empty() {
        let places = Places::parse(text);
        twice.sort();
        twice.dedup();
        for id in &twice {
            let at = places.all(id);
            let first_line = at.first().and_then(|j| places.line(*j));
            for j in at.iter().skip(1) {
                let also = first_line
                    .map(|l| format!(" (first at line {l})"))
                    .unwrap_or_default();
                problems.push(
                    Diagnostic::warning(
                        Code::DuplicateId,
                        path,
                        format!("`{id}` is in the roster twice{also}, so this entry is left out"),
                    )
                    .with_key(format!("person[{j}].id"))
                    .with_help("keep one entry per person: merge the two, then import or add again")
                    .at(places.location(*j, "id"), Some(text)),
                );
            }
        }
    }
    roster.problems = problems;
    roster.sort();
    Ok(roster)
}

/// Where each `[[person]]` of the roster is, in the file's order, to point
/// at a problem: the span of each of its values.
struct Places<'t> {
    entries: Vec<BTreeMap<String, toml::Spanned<toml::Value>>>,
    source: SourceText<'t>,
}

#[derive(serde::Deserialize)]
struct RawPlaces {
    #[serde(default, rename = "person")]
    people: Vec<BTreeMap<String, toml::Spanned<toml::Value>>>,
}

impl<'t> Places<'t> {
    /// The places in `text`; none when it does not parse (the roster's
    /// reader reports that).
    fn parse(text: &'t str) -> Places<'t> {
        Places {
            entries: toml::from_str::<RawPlaces>(text)
                .map(|raw| raw.people)
                .unwrap_or_default(),
            source: SourceText::new(text),
        }
    }

    /// The entries with this id, in the file's order.
    fn all(&self, id: &str) -> Vec<usize> {
        (0..self.entries.len())
            .filter(|j| {
                self.entries[*j]
                    .get("id")
                    .is_some_and(|v| v.get_ref().as_str() == Some(id))
            })
            .collect()
    }

    /// The first entry with this id.
    fn first(&self, id: &str) -> Option<usize> {
        self.all(id).first().copied()
    }

    /// Where entry `j`'s `column` is (its id when it has no such value).
    fn location(&self, j: usize, column: &str) -> Option<Location> {
        let entry = self.entries.get(j)?;
        let value = entry.get(column).or_else(|| entry.get("id"))?;
        Some(self.source.location(value.span()))
    }

    fn line(&self, j: usize) -> Option<usize> {
        self.location(j, "id").map(|l| l.line)
    }
}

/// The roster's problems, for `validate`: those of its text
/// ([`check_roster_text`]) and who can read it.
pub fn check_roster(workspace: &Workspace, catalog: &Catalog) -> (usize, Vec<Diagnostic>) {
    let path = workspace.root.join(ROSTER_FILE);
    if workspace.dir().stat(ROSTER_FILE).ok().flatten().is_none() {
        return (0, Vec::new());
    }
    let mut diagnostics = match workspace.dir().read_text(ROSTER_FILE) {
        Ok(text) => check_roster_text(&path, &text, catalog),
        Err(d) => vec![d],
    };
    diagnostics.extend(super::privacy(workspace.dir(), ROSTER_FILE));
    (1, diagnostics)
}

/// The problems of a roster's text: every person's values, checked as an
/// import would check them, each at its place in the file; an id twice;
/// and people who would still report to a manager who has left.
pub fn check_roster_text(path: &Path, text: &str, catalog: &Catalog) -> Vec<Diagnostic> {
    let roster = match roster_from_text(path, text) {
        Ok(roster) => roster,
        Err(Error::Invalid(diagnostics)) => return diagnostics,
        Err(e) => {
            return vec![Diagnostic::error(Code::UnreadableFile, path, e.to_string())];
        }
    };
    let places = Places::parse(text);
    // Each person's own entry: its place in the file, for the key and the line.
    let at = |id: &str, column: &str| {
        let j = places.first(id);
        let key = j.map_or_else(|| "person".to_owned(), |j| format!("person[{j}].{column}"));
        (key, j.and_then(|j| places.location(j, column)))
    };
    // An entry left out of the roster is an error here: the file is wrong.
    let mut diagnostics: Vec<Diagnostic> = roster
        .problems
        .iter()
        .cloned()
        .map(|mut d| {
            d.severity = crate::diagnostic::Severity::Error;
            d
        })
        .collect();
    let today = crate::date::today();
    for member in &roster.people {
        for (column, code, message) in import::problems(member, catalog, today) {
            let (key, location) = at(&member.id, column);
            diagnostics.push(
                Diagnostic::error(code, path, message)
                    .with_key(key)
                    .at(location, Some(text)),
            );
        }
        if let Some(problem) = manager_problem(&roster, member, today, path) {
            let (key, location) = at(&member.id, "manager");
            diagnostics.push(problem.with_key(key).at(location, Some(text)));
        }
    }
    for id in crate::roster::manager_loops(&roster.people) {
        let (key, location) = at(id, "manager");
        diagnostics.push(
            Diagnostic::error(
                Code::ManagerLoop,
                path,
                format!("`{id}` is in a loop of line managers"),
            )
            .with_key(key)
            .at(location, Some(text)),
        );
    }
    diagnostics
}

/// What is wrong with `member`'s line manager: not in the roster, or
/// leaving while `member` stays.
fn manager_problem(
    roster: &Roster,
    member: &crate::roster::Member,
    today: jiff::civil::Date,
    path: &Path,
) -> Option<Diagnostic> {
    let manager = member.manager.as_deref()?;
    let Some(boss) = roster.get(manager) else {
        return Some(Diagnostic::error(
            Code::UnknownPerson,
            path,
            format!(
                "the manager `{manager}` of `{}` is not in the roster",
                member.id
            ),
        ));
    };
    if !roster
        .left_behind(boss, today)
        .iter()
        .any(|m| m.id == member.id)
    {
        return None;
    }
    Some(
        Diagnostic::warning(
            Code::ReportsToLeaver,
            path,
            format!(
                "`{}` reports to `{manager}`, whose leaving date is {}, and is still with the organisation after it",
                member.id,
                boss.left.as_deref().unwrap_or_default()
            ),
        )
        .with_help(format!(
            "give them a new line manager: `competency people add {} --manager ID`",
            member.id
        )),
    )
}

/// Change the roster through the workspace's one write path: under the
/// lock, `change` gets the roster as it is now and gives back the new one
/// (and what to report); the new roster is checked to read back, then
/// committed whole. Returns what `change` gave and the roster's path.
pub fn update_roster<T>(
    workspace: &Workspace,
    what: &str,
    change: impl FnOnce(Roster) -> Result<(Roster, T)>,
) -> Result<(T, PathBuf)> {
    let path = workspace.root.join(ROSTER_FILE);
    let value = super::apply(workspace.dir(), what, |staged| stage(staged, change))?;
    Ok((value, path))
}

/// What [`update_roster`] would do, against the roster as it is now, with
/// every check it makes; nothing is written (a `--dry-run`).
pub fn preview_roster<T>(
    workspace: &Workspace,
    change: impl FnOnce(Roster) -> Result<(Roster, T)>,
) -> Result<(T, PathBuf)> {
    let path = workspace.root.join(ROSTER_FILE);
    let value = super::preview(workspace.dir(), |staged| stage(staged, change))?;
    Ok((value, path))
}

/// Read the roster where the change is made, apply `change`, and stage the
/// new roster (checked to read back as it is).
fn stage<T>(
    staged: &mut super::Change<'_>,
    change: impl FnOnce(Roster) -> Result<(Roster, T)>,
) -> Result<T> {
    let current = read_roster_at(staged.root())?;
    if let Some(problem) = current.problems.first() {
        return Err(Error::Usage(format!(
            "the roster has an entry that cannot be kept ({}); correct roster.toml first (`competency validate` lists the problems). Nothing was changed",
            problem.message
        )));
    }
    let (mut roster, value) = change(current)?;
    roster.schema = crate::roster::SCHEMA;
    roster.sort();
    let body = toml::to_string(&roster)
        .map_err(|e| Error::Usage(format!("cannot write the roster as TOML: {e}")))?;
    staged.roster(format!("{HEADER}{body}"), &roster)?;
    Ok(value)
}
