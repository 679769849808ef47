//! The roster file, `roster.toml` at the workspace root: personal data,
//! written atomically under the workspace lock and readable by its owner only.

use std::path::PathBuf;

use super::WorkspaceLock;
use crate::catalog::Catalog;
use crate::diagnostic::{Code, Diagnostic};
use crate::error::{Error, Result};
use crate::file::{Links, read_text, write_private};
use crate::roster::{Roster, import};
use crate::workspace::Workspace;

pub const ROSTER_FILE: &str = "roster.toml";

const HEADER: &str = "\
# The people of this workspace: id, name, role, team, line manager, and the
# day they left. Written by `competency people import` and `people add`; it
# is personal data, kept readable by its owner only.
";

pub fn roster_path(workspace: &Workspace) -> PathBuf {
    workspace.root.join(ROSTER_FILE)
}

/// The roster; empty when the workspace has none.
pub fn read_roster(workspace: &Workspace) -> Result<Roster> {
    let path = roster_path(workspace);
    if std::fs::symlink_metadata(&path).is_err() {
        return Ok(Roster::default());
    }
    let text = read_text(&path, Links::Refuse)?;
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
    roster.sort();
    Ok(roster)
}

/// The roster's problems, for `validate`: every person's values, checked as
/// an import would check them.
pub fn check_roster(workspace: &Workspace, catalog: &Catalog) -> (usize, Vec<Diagnostic>) {
    let path = roster_path(workspace);
    if std::fs::symlink_metadata(&path).is_err() {
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
    let mut diagnostics = Vec::new();
    for (i, member) in roster.people.iter().enumerate() {
        for (column, code, message) in import::problems(member, catalog) {
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
    diagnostics.extend(super::privacy(&path));
    (1, diagnostics)
}

/// Write the roster, replacing the old one in one step.
pub fn write_roster(workspace: &Workspace, roster: &Roster) -> Result<PathBuf> {
    let body = toml::to_string(roster)
        .map_err(|e| Error::Usage(format!("cannot write the roster as TOML: {e}")))?;
    let text = format!("{HEADER}{body}");
    let path = roster_path(workspace);
    let _lock = WorkspaceLock::acquire(&workspace.root)?;
    if std::fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_symlink()) {
        return Err(Error::Invalid(vec![crate::file::symlink(&path)]));
    }
    write_private(&path, text.as_bytes())?;
    Ok(path)
}
