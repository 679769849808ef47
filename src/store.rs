//! Where records live and how they get there: `assessments/<person>/*.toml`
//! in a workspace. Every filesystem concern of records is here — listing
//! folders, reading and checking a person's records for a report, walking the
//! whole workspace for `validate`, file modes, the write lock, atomic writes,
//! leftovers of interrupted writes, and the questionnaire's progress files.
//! Every file is reached through the workspace's open root (`file::Root`),
//! and every change goes through one write path, [`change::apply`].

mod change;
mod index;
mod lock;
#[cfg(feature = "interactive")]
mod progress;
mod purge;
mod read;
mod review;
mod roster;
mod walk;
mod write;

use std::path::{Path, PathBuf};

pub(crate) use crate::file::file_name;
pub(crate) use change::PRIVATE_DIR;
pub(crate) use change::{Change, Recovered, apply, is_pending, preview, recover};
pub(crate) use index::{Index, with_index};
pub(crate) use lock::{CommitLock, WorkspaceLock};
#[cfg(feature = "interactive")]
pub(crate) use progress::Progress;
pub(crate) use purge::{Purge, is_progress_of, person_key, purge, workspace_salt};
pub(crate) use read::{PersonRecords, check_record, person_records, read_amended};
pub(crate) use review::{
    check_review_file, check_reviews, person_reviews, read_amended_review, review_people,
    review_rel, shown_review_path, write_review,
};
pub(crate) use roster::{
    ROSTER_FILE, check_roster, check_roster_text, preview_roster, read_roster, update_roster,
};
pub(crate) use walk::{check_path, check_workspace};
pub(crate) use write::{NewRecord, stage_records, write_record};

use crate::diagnostic::{Code, Diagnostic};
use crate::error::{Error, Result};
use crate::file::{Kind, OpenFolder, Opened, Root};
use crate::record::chain::is_record_name;
use crate::workspace::Workspace;

/// The folder of a person's records (for messages).
pub(crate) fn person_dir(workspace: &Workspace, person: &str) -> PathBuf {
    workspace.assessments_dir().join(person)
}

/// The folder of a person's records, relative to the workspace.
pub(crate) fn person_rel(person: &str) -> String {
    format!("assessments/{person}")
}

/// The ids of everyone with a folder under `assessments/`, sorted; folders
/// whose names are not valid ids are left out (see [`stray_folders`]). A
/// folder that is a symbolic link is listed, so that reading it reports the
/// link.
pub(crate) fn people(workspace: &Workspace) -> Result<Vec<String>> {
    let mut people = folders(workspace)?;
    people.retain(|name| crate::id::is_valid_id(name));
    Ok(people)
}

/// The folders under `assessments/` that are not a valid person id, as
/// problems for a report's list of what it left out.
pub(crate) fn stray_folders(workspace: &Workspace) -> Vec<Diagnostic> {
    folders(workspace)
        .unwrap_or_default()
        .into_iter()
        .filter(|name| !crate::id::is_valid_id(name))
        .map(|name| {
            Diagnostic::error(
                Code::BadId,
                &person_dir(workspace, &name),
                format!(
                    "the folder name `{}` is not a valid person id, so its records are not read",
                    name.escape_debug()
                ),
            )
        })
        .collect()
}

/// Every folder under `assessments/` (hidden ones aside), sorted, whatever
/// its name: for `validate`, which reports the names that are not ids.
pub(crate) fn folders(workspace: &Workspace) -> Result<Vec<String>> {
    let dir = workspace.assessments_dir();
    let entries = match workspace.dir().open_folder("assessments") {
        Ok(Opened::Missing) => return Ok(Vec::new()),
        Ok(Opened::Link) => return Err(Error::Invalid(vec![crate::file::symlink(&dir)])),
        Ok(Opened::Folder(_, entries)) => entries,
        Err(e) => return Err(Error::io("read the folder", &dir, e)),
    };
    let mut people: Vec<String> = entries
        .into_iter()
        .filter(|(name, kind)| matches!(kind, Kind::Folder | Kind::Link) && !name.starts_with('.'))
        .map(|(name, _)| name)
        .collect();
    people.sort();
    Ok(people)
}

/// What one person's folder holds: record files (and symbolic links named
/// like records, so that reading them reports the link), and leftover
/// temporary files of interrupted writes (which start with a dot and are
/// never records). The folder stays open, and its records are read relative
/// to it.
#[derive(Default)]
pub(crate) struct Folder {
    open: Option<OpenFolder>,
    pub records: Vec<PathBuf>,
    pub leftovers: Vec<PathBuf>,
}

impl Folder {
    /// Read a person's folder once, through the workspace's root (no link
    /// followed at any step); a missing folder is empty, and one that is (or
    /// lies behind) a symbolic link is refused. A person id that is not a
    /// valid id is refused before it becomes a path.
    pub(crate) fn read(workspace: &Workspace, person: &str) -> Result<Folder> {
        let dir = person_dir(workspace, person);
        if !crate::id::is_valid_id(person) {
            return Err(Error::refused(format!(
                "`{}` is not a valid person id, so no folder is read for it",
                person.escape_debug()
            )));
        }
        Self::read_at(workspace.dir(), &person_rel(person), &dir)
    }

    /// Read the folder `rel` of `root` (at `dir`, for messages).
    pub(crate) fn read_at(root: &Root, rel: &str, dir: &Path) -> Result<Folder> {
        let opened = root
            .open_folder(rel)
            .map_err(|e| Error::io("read the folder", dir, e))?;
        let (open, entries) = match opened {
            Opened::Missing => return Ok(Folder::default()),
            Opened::Link => {
                return Err(Error::Invalid(vec![
                    root.problem(rel, &crate::file::link_error()),
                ]));
            }
            Opened::Folder(open, entries) => (open, entries),
        };
        let mut folder = Folder::default();
        for (name, kind) in entries {
            if !matches!(kind, Kind::File | Kind::Link) {
                continue;
            }
            if is_record_name(&name) {
                folder.records.push(dir.join(name));
            } else if name.starts_with('.') && name.contains(".toml.") {
                folder.leftovers.push(dir.join(name));
            }
        }
        folder.records.sort();
        folder.leftovers.sort();
        folder.open = Some(open);
        Ok(folder)
    }

    /// Whether the folder is there.
    pub(crate) fn exists(&self) -> bool {
        self.open.is_some()
    }

    /// The identity of one of the folder's `records` (size, times, inode),
    /// taken relative to the open folder, not following a link; `None` when
    /// it cannot be taken.
    pub(crate) fn identity(&self, record: &Path) -> Option<crate::file::Identity> {
        match (&self.open, record.file_name().and_then(|n| n.to_str())) {
            (Some(open), Some(name)) if record.parent() == Some(open.path()) => {
                open.identity(name).ok()
            }
            _ => None,
        }
    }

    /// The identity of the folder itself (`None` when it is not there).
    pub(crate) fn own_identity(&self) -> Option<crate::file::Identity> {
        self.open.as_ref().and_then(|open| open.own_identity().ok())
    }

    /// The text of one of the folder's `records`, read relative to the open
    /// folder (a link is refused).
    pub(crate) fn read_text(&self, record: &Path) -> std::result::Result<String, Diagnostic> {
        match (&self.open, record.file_name().and_then(|n| n.to_str())) {
            (Some(open), Some(name)) if record.parent() == Some(open.path()) => {
                open.read_text(name)
            }
            _ => Err(Diagnostic::error(
                Code::UnreadableFile,
                record,
                "cannot read the record: it is not in the folder that was listed",
            )),
        }
    }
}

/// A warning when the workspace's `rel` (`""`: the workspace folder) can be
/// read by anyone but its owner.
pub(crate) fn privacy(root: &Root, rel: &str) -> Option<Diagnostic> {
    let path = root.join(rel);
    let (mode, is_dir) = if rel.is_empty() {
        let metadata = std::fs::metadata(root.path()).ok()?;
        #[cfg(unix)]
        let mode = std::os::unix::fs::PermissionsExt::mode(&metadata.permissions());
        #[cfg(not(unix))]
        let mode = 0o700;
        (mode, true)
    } else {
        let stat = root.stat(rel).ok()??;
        (stat.mode, stat.kind == Kind::Folder)
    };
    privacy_of(&path, mode, is_dir)
}

/// A warning when a file or folder at `path` with `mode` can be read by others.
pub(crate) fn privacy_of(path: &Path, mode: u32, is_dir: bool) -> Option<Diagnostic> {
    #[cfg(unix)]
    {
        let path = path.to_path_buf();
        let path = path.as_path();
        if mode & 0o077 != 0 {
            let what = if is_dir { "folder" } else { "file" };
            return Some(
                Diagnostic::warning(
                    Code::ReadableByOthers,
                    path,
                    format!(
                        "the {what} holds personal data but others can read it (mode {:o})",
                        mode & 0o777
                    ),
                )
                .with_help(format!(
                    "run `chmod {} {}`",
                    if is_dir { "700" } else { "600" },
                    crate::diagnostic::shown(path)
                )),
            );
        }
    }
    let _ = (path, mode, is_dir);
    None
}

/// A record's path as reports show it: `assessments/<person>/<file>`.
pub(crate) fn shown_path(person: &str, file: &str) -> String {
    format!("assessments/{person}/{file}")
}
