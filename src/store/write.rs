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
        if !path.exists() {
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
    let dir = person_dir(workspace, &record.person);
    create_private_dir(&dir).doing("create", &dir)?;
    // Writers make temporary files only while holding the lock, so any found
    // now were left by a writer that was killed: tidy them away.
    for leftover in Folder::read(&dir).map(|f| f.leftovers).unwrap_or_default() {
        let _ = std::fs::remove_file(leftover);
    }
    let path = free_name(&dir, record);
    write_private(&path, text.as_bytes())?;
    Ok(path)
}
