//! Where records live and how they get there: `assessments/<person>/*.toml`
//! in a workspace. Every filesystem concern of records is here — listing
//! folders, reading and checking a person's records for a report, walking the
//! whole workspace for `validate`, file modes, the write lock, atomic writes,
//! leftovers of interrupted writes, and the questionnaire's progress files.

mod lock;
mod progress;
mod read;
mod roster;
mod walk;
mod write;

use std::path::{Path, PathBuf};

pub(crate) use crate::file::entries;
pub use lock::{LOCK_FILE, WorkspaceLock};
pub use progress::{progress_path, read_progress, remove_progress, save_progress};
pub use read::{
    PersonRecords, RecordRead, check_record, file_name, linked_folder, person_records, read_amended,
};
pub use roster::{ROSTER_FILE, check_roster, read_roster, roster_path, write_roster};
pub use walk::{check_file, check_path, check_workspace};
pub use write::{NewRecord, write_record, write_records};

use crate::diagnostic::{Code, Diagnostic};
use crate::error::{Error, IoContext as _, Result};
use crate::file::{Kind, OpenFolder, Opened};
use crate::record::chain::is_record_name;
use crate::workspace::Workspace;

/// The folder of a person's records.
pub fn person_dir(workspace: &Workspace, person: &str) -> PathBuf {
    workspace.assessments_dir().join(person)
}

/// The ids of everyone with a folder under `assessments/`, sorted. A folder
/// that is a symbolic link is listed, so that checking it reports the link.
pub fn people(workspace: &Workspace) -> Result<Vec<String>> {
    let dir = workspace.assessments_dir();
    let mut people = Vec::new();
    for entry in entries(&dir)? {
        let kind = entry.file_type().doing("read the folder", &dir)?;
        if (kind.is_dir() || kind.is_symlink())
            && let Some(name) = entry.file_name().to_str()
            && !name.starts_with('.')
        {
            people.push(name.to_owned());
        }
    }
    people.sort();
    Ok(people)
}

/// What one person's folder holds: record files (and symbolic links named
/// like records, so that reading them reports the link), and leftover
/// temporary files of interrupted writes (which start with a dot and are
/// never records). The folder stays open, and its records are read relative
/// to it.
#[derive(Default)]
pub struct Folder {
    open: Option<OpenFolder>,
    pub records: Vec<PathBuf>,
    pub leftovers: Vec<PathBuf>,
}

impl Folder {
    /// Read the folder once; a missing folder is empty, and a folder that is
    /// a symbolic link is refused, never followed.
    pub fn read(dir: &Path) -> Result<Folder> {
        let (open, entries) = match OpenFolder::open(dir).doing("read the folder", dir)? {
            Opened::Missing => return Ok(Folder::default()),
            Opened::Link => return Err(Error::Invalid(vec![crate::file::symlink(dir)])),
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
    pub fn exists(&self) -> bool {
        self.open.is_some()
    }

    /// The text of one of the folder's `records`, read relative to the open
    /// folder (a link is refused).
    pub fn read_text(&self, record: &Path) -> std::result::Result<String, Diagnostic> {
        match (&self.open, record.file_name().and_then(|n| n.to_str())) {
            (Some(open), Some(name)) if record.parent() == Some(open.path()) => {
                open.read_text(name)
            }
            _ => crate::file::read_listed(record),
        }
    }
}

/// A warning when `path` can be read by anyone but its owner.
pub fn privacy(path: &Path) -> Option<Diagnostic> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let metadata = std::fs::symlink_metadata(path).ok()?;
        let mode = metadata.permissions().mode();
        if mode & 0o077 != 0 {
            let what = if metadata.is_dir() { "folder" } else { "file" };
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
                    if metadata.is_dir() { "700" } else { "600" },
                    crate::diagnostic::shown(path)
                )),
            );
        }
    }
    let _ = path;
    None
}

/// A record's path as reports show it: `assessments/<person>/<file>`.
pub fn shown_path(person: &str, file: &str) -> String {
    format!("assessments/{person}/{file}")
}
