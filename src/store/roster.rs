//! The roster file, `roster.toml` at the workspace root: personal data, read
//! through the workspace's root and changed only through the one write path
//! (read under the lock, changed, checked, committed), readable by its owner
//! only.

use std::path::PathBuf;

use crate::catalog::Catalog;
use crate::diagnostic::{Code, Diagnostic};
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
/// valid id are left out (an id becomes a folder's name), each named in the
/// roster's `problems`.
pub fn read_roster(workspace: &Workspace) -> Result<Roster> {
    read_roster_at(workspace.dir())
}

fn read_roster_at(root: &Root) -> Result<Roster> {
    let path = root.join(ROSTER_FILE);
    if root.stat(ROSTER_FILE).ok().flatten().is_none() {
        return Ok(Roster::default());
    }
    let text = root.read_text(ROSTER_FILE)?;
    let mut roster: Roster = crate::parse::parse_toml(&path, &text)?;
    if roster.schema > crate::roster::SCHEMA {
        return Err(Error::Invalid(vec![
            Diagnostic::error(
                Code::NewerSchema,
                &path,
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
                    &path,
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
    roster.problems = problems;
    roster.sort();
    Ok(roster)
}

/// The roster's problems, for `validate`: every person's values, checked as
/// an import would check them.
pub fn check_roster(workspace: &Workspace, catalog: &Catalog) -> (usize, Vec<Diagnostic>) {
    let path = workspace.root.join(ROSTER_FILE);
    if workspace.dir().stat(ROSTER_FILE).ok().flatten().is_none() {
        return (0, Vec::new());
    }
    let roster = match read_roster(workspace) {
        Ok(roster) => roster,
        Err(Error::Invalid(diagnostics)) => return (1, diagnostics),
        Err(e) => {
            return (
                1,
                vec![Diagnostic::error(
                    Code::UnreadableFile,
                    &path,
                    e.to_string(),
                )],
            );
        }
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
    for (i, member) in roster.people.iter().enumerate() {
        for (column, code, message) in import::problems(member, catalog, today) {
            diagnostics.push(
                Diagnostic::error(code, &path, message).with_key(format!("person[{i}].{column}")),
            );
        }
        if let Some(manager) = &member.manager
            && roster.get(manager).is_none()
        {
            diagnostics.push(
                Diagnostic::error(
                    Code::UnknownPerson,
                    &path,
                    format!(
                        "the manager `{manager}` of `{}` is not in the roster",
                        member.id
                    ),
                )
                .with_key(format!("person[{i}].manager")),
            );
        }
    }
    for id in crate::roster::manager_loops(&roster.people) {
        diagnostics.push(
            Diagnostic::error(
                Code::ManagerLoop,
                &path,
                format!("`{id}` is in a loop of line managers"),
            )
            .with_key("person"),
        );
    }
    diagnostics.extend(super::privacy(workspace.dir(), ROSTER_FILE));
    (1, diagnostics)
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
