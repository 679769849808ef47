//! `validate`'s walk of a workspace: every record checked against the
//! frameworks, every folder's links (amendments), file modes, and leftovers
//! of interrupted writes. People are checked in parallel; their problems are
//! kept in folder order.

use std::path::Path;

use rayon::prelude::*;

use super::read::{chain_of, read_folder};
use super::{Folder, folders, person_dir, privacy};
use crate::catalog::Catalog;
use crate::diagnostic::{Code, Diagnostic};
use crate::id::is_valid_id;
use crate::workspace::Workspace;

/// Check one record file: readable, parseable, valid, private.
pub(crate) fn check_file(path: &Path, catalog: &Catalog, folder: Option<&str>) -> Vec<Diagnostic> {
    let mut diagnostics = super::read::read_given_record(path, Some(catalog), folder)
        .checked
        .diagnostics;
    if let Ok(metadata) = std::fs::metadata(path) {
        #[cfg(unix)]
        let mode = std::os::unix::fs::PermissionsExt::mode(&metadata.permissions());
        #[cfg(not(unix))]
        let mode = 0o600;
        diagnostics.extend(super::privacy_of(path, mode, metadata.is_dir()));
    }
    diagnostics
}

/// Check every record of a workspace, and its folders; returns the number of
/// files checked and every problem.
pub(crate) fn check_workspace(
    workspace: &Workspace,
    catalog: &Catalog,
) -> (usize, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    if let Some(recovered) = &workspace.recovered {
        diagnostics.push(recovered.diagnostic(workspace.dir()));
    }
    if super::is_pending(workspace.dir()) {
        diagnostics.push(Diagnostic::warning(
            Code::InterruptedChange,
            &workspace.dir().join(".competency/change"),
            "a change to the workspace was interrupted and is still to be completed or rolled back; the next command that can write here will do it (another command may be writing now)",
        ));
    }
    diagnostics.extend(privacy(workspace.dir(), ""));
    let (roster_files, roster_problems) = super::check_roster(workspace, catalog);
    diagnostics.extend(roster_problems);
    let people = match folders(workspace) {
        Ok(people) => people,
        Err(e) => {
            diagnostics.push(unreadable_folder(&workspace.assessments_dir(), &e));
            return (0, diagnostics);
        }
    };
    // Every record is read: through the index of checked records.
    let indexed = super::with_index(workspace);
    let per_person: Vec<(usize, Vec<Diagnostic>)> = people
        .par_iter()
        .map(|person| check_person(&indexed, catalog, person))
        .collect();
    let mut files = roster_files;
    for (count, problems) in per_person {
        files += count;
        diagnostics.extend(problems);
    }
    // Reviews are checked against the roster as it reads; a broken roster
    // is reported above, and owners are then not judged.
    let roster = super::read_roster(workspace).ok();
    let (reviews, problems) = super::check_reviews(
        workspace,
        crate::review::rules::Context {
            catalog,
            roster: roster.as_ref(),
            default_framework: None,
        },
    );
    files += reviews;
    diagnostics.extend(problems);
    (files, diagnostics)
}

pub(super) fn unreadable_folder(dir: &Path, e: &crate::error::Error) -> Diagnostic {
    let reason = match e {
        crate::error::Error::Io { source, .. } => crate::error::io_reason(source),
        other => other.to_string(),
    };
    Diagnostic::error(
        Code::UnreadableFile,
        dir,
        format!("cannot read the folder: {reason}"),
    )
}

/// One person's folder: its name, its privacy, every record, its links, leftovers.
fn check_person(
    workspace: &Workspace,
    catalog: &Catalog,
    person: &str,
) -> (usize, Vec<Diagnostic>) {
    let dir = person_dir(workspace, person);
    let mut diagnostics = Vec::new();
    if !is_valid_id(person) {
        diagnostics.push(
            Diagnostic::error(
                Code::BadId,
                &dir,
                format!(
                    "the folder name `{}` is not a valid person id",
                    person.escape_debug()
                ),
            )
            .with_help("rename the folder to lowercase letters, digits and hyphens"),
        );
    }
    let rel = super::person_rel(person);
    let folder = match Folder::read_at(workspace.dir(), &rel, &dir) {
        Ok(folder) => folder,
        Err(crate::error::Error::Invalid(link)) => {
            diagnostics.extend(link);
            return (0, diagnostics);
        }
        Err(e) => {
            diagnostics.push(unreadable_folder(&dir, &e));
            return (0, diagnostics);
        }
    };
    // The folder's mode, by its open handle (no second look-up of its path).
    diagnostics.extend(match folder.own_identity() {
        Some(own) => super::privacy_of(&workspace.dir().join(&rel), own.mode, true),
        None => privacy(workspace.dir(), &rel),
    });
    // Every record against its framework; from the index when unchanged.
    let index = workspace.index.as_deref();
    let mut read = read_folder(&folder, Some(catalog), person, None, index);
    let mut chained = chain_of(&read);
    if read.iter().any(|r| r.cached) && chained.iter().any(|d| !d.is_empty()) {
        // The links' problems are told with the files' text: read them all.
        read = read_folder(&folder, Some(catalog), person, None, None);
        chained = chain_of(&read);
    }
    for (r, links) in read.into_iter().zip(chained) {
        diagnostics.extend(r.checked.diagnostics);
        let rel = format!("{rel}/{}", super::file_name(&r.path));
        diagnostics.extend(match r.identity.or_else(|| folder.identity(&r.path)) {
            Some(identity) => super::privacy_of(&workspace.dir().join(&rel), identity.mode, false),
            None => privacy(workspace.dir(), &rel),
        });
        diagnostics.extend(links);
    }
    for leftover in &folder.leftovers {
        diagnostics.push(Diagnostic::warning(
            Code::LeftoverTemporaryFile,
            leftover,
            "a temporary file left by an interrupted write; it is not a record and is safe to delete",
        ));
    }
    (folder.records.len(), diagnostics)
}

/// Check one file named on the command line, whatever it is: workspace
/// settings, the roster, an assessment record (TOML), a framework or a role
/// file (YAML, told apart by parsing its top-level keys).
/// Whether a TOML file named on the command line is a review: it sits in
/// `reviews/<person>/`, or, outside `assessments/`, reads like one.
fn is_review_file(path: &Path) -> bool {
    let folder = |name: &str| {
        path.parent()
            .and_then(Path::parent)
            .is_some_and(|p| p.ends_with(name))
    };
    if folder(crate::review::FOLDER) {
        return true;
    }
    !folder("assessments")
        && crate::file::read_text(path, crate::file::Links::Follow)
            .is_ok_and(|text| crate::review::looks_like_review(&text))
}

pub(crate) fn check_path(catalog: &Catalog, path: &Path) -> Vec<Diagnostic> {
    use crate::file::{Links, read_text};
    use crate::framework_file;

    /// The top-level keys that tell a role file from a framework.
    #[derive(serde::Deserialize)]
    struct Kind {
        competencies: Option<serde::de::IgnoredAny>,
        roles: Option<serde::de::IgnoredAny>,
    }

    let is_toml = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("toml"));
    if is_toml && path.file_name().is_some_and(|n| n == crate::settings::FILE) {
        return match read_text(path, Links::Follow) {
            Ok(text) => crate::settings::Settings::from_text(path, &text, &|id| {
                catalog.framework_ids().any(|known| known == id)
            })
            .err()
            .unwrap_or_default(),
            Err(d) => vec![d],
        };
    }
    if is_toml && path.file_name().is_some_and(|n| n == super::ROSTER_FILE) {
        return match read_text(path, Links::Follow) {
            Ok(text) => super::check_roster_text(path, &text, catalog),
            Err(d) => vec![d],
        };
    }
    if is_toml && is_review_file(path) {
        return super::check_review_file(
            path,
            crate::review::rules::Context {
                catalog,
                roster: None,
                default_framework: None,
            },
        );
    }
    if is_toml {
        // A record in a workspace sits in `assessments/<person>/`.
        let folder = path
            .parent()
            .filter(|p| p.parent().is_some_and(|a| a.ends_with("assessments")))
            .and_then(|p| p.file_name())
            .and_then(|n| n.to_str());
        return check_file(path, catalog, folder);
    }
    let text = match read_text(path, Links::Follow) {
        Ok(text) => text,
        Err(d) => return vec![d],
    };
    let kind = crate::parse::parse_yaml::<Kind>(path, &text).ok();
    let is_role_file = kind.is_some_and(|k| k.competencies.is_none() && k.roles.is_some());
    if is_role_file {
        let find = |id: &str| catalog.framework(id).ok();
        framework_file::roles_from_str(path, &text, &find).diagnostics
    } else {
        let expected = path.file_stem().and_then(|s| s.to_str());
        framework_file::framework_from_str(path, &text, expected).diagnostics
    }
}
