//! Writing: under the workspace lock, never replacing an existing file,
//! through a temporary file that is synced and renamed into place
//! (atomic-write-file), readable by the owner only, and parsed back before it
//! is committed.

use std::path::{Path, PathBuf};

use super::{Folder, WorkspaceLock, person_dir};
use crate::error::{Error, IoContext as _, Result};
use crate::file::{create_private_dir, write_private};
use crate::record::{self, Record};
use crate::workspace::Workspace;

/// `2026-11-24-wdcvs-manager.toml`, then `...-2.toml`, `...-3.toml`: the first
/// name not taken, so two assessments on one day never collide.
fn free_name(dir: &Path, record: &Record) -> PathBuf {
    let stem = format!("{}-{}-{}", record.date, record.framework, record.by);
    let mut n = 1u32;
    loop {
        let name = if n == 1 {
            format!("{stem}.toml")
        } else {
            format!("{stem}-{n}.toml")
        };
        let path = dir.join(name);
        // Taken by anything, even a link that leads nowhere.
        if std::fs::symlink_metadata(&path).is_err() {
            return path;
        }
        n += 1;
    }
}

/// The record's text, checked to read back as exactly the record meant.
pub(crate) fn sealed_text(record: &Record) -> Result<String> {
    let text = record
        .to_toml()
        .map_err(|e| Error::Usage(format!("cannot write the record as TOML: {e}")))?;
    let file = Path::new("(new record)");
    let raw = record::parse(file, &text).map_err(|d| {
        Error::Usage(format!(
            "the new record does not read back: {}",
            d.headline()
        ))
    })?;
    let reread = record::rules::check(file, &text, &raw, None, None).record;
    let mut expected = record.clone();
    expected.checksum = reread.as_ref().and_then(|r| r.checksum.clone());
    if reread.as_ref() != Some(&expected) || reread.and_then(|r| r.checksum_matches()) != Some(true)
    {
        return Err(Error::Usage(
            "the new record does not read back as written; nothing was saved".to_owned(),
        ));
    }
    Ok(text)
}

/// Write `record` as a new file under the workspace; returns its path.
pub fn write_record(workspace: &Workspace, record: &Record) -> Result<PathBuf> {
    // Everything is checked before anything touches the disk.
    let text = sealed_text(record)?;
    let _lock = WorkspaceLock::acquire(&workspace.root)?;
    let dir = person_folder(workspace, &record.person)?;
    // Writers make temporary files only while holding the lock, so any found
    // now were left by a writer that was killed: tidy them away.
    for leftover in Folder::read(&dir.path)
        .map(|f| f.leftovers)
        .unwrap_or_default()
    {
        let _ = std::fs::remove_file(leftover);
    }
    let path = free_name(&dir.path, record);
    write_private(&path, text.as_bytes()).inspect_err(|_| dir.undo())?;
    Ok(path)
}

/// A person's folder, ready to write in: never through a symbolic link.
pub(crate) struct PersonFolder {
    pub(crate) path: std::path::PathBuf,
    /// Made by this write (so a failed first write can take it away again).
    made: bool,
}

impl PersonFolder {
    /// After a failed write: remove the folder if this write made it (and
    /// only if it is still empty), so nothing is left behind.
    pub(crate) fn undo(&self) {
        if self.made {
            let _ = std::fs::remove_dir(&self.path);
        }
    }
}

/// The person's folder, made private if it is not there; refused when it or
/// the assessments folder is a symbolic link.
pub(crate) fn person_folder(workspace: &Workspace, person: &str) -> Result<PersonFolder> {
    let path = person_dir(workspace, person);
    if let Some(d) = super::linked_folder(workspace, &path) {
        return Err(Error::Invalid(vec![d]));
    }
    let made = std::fs::symlink_metadata(&path).is_err();
    create_private_dir(&path).doing("create", &path)?;
    Ok(PersonFolder { path, made })
}
