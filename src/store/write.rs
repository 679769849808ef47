//! Writing: under the workspace lock, never replacing an existing file,
//! through a temporary file that is synced and renamed into place
//! (atomic-write-file), readable by the owner only, and parsed back before it
//! is committed.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use super::{Folder, WorkspaceLock, person_dir};
use crate::error::{Error, IoContext as _, Result};
use crate::file::{create_private_dir, write_private};
use crate::record::{self, Record};
use crate::workspace::Workspace;

/// `2026-11-24-wdcvs-manager.toml`, then `...-2.toml`, `...-3.toml`: the first
/// name not taken on disk or by an earlier record of the same batch, so two
/// assessments on one day never collide.
fn free_name(dir: &Path, record: &Record, taken: &HashSet<PathBuf>) -> PathBuf {
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
        if !taken.contains(&path) && std::fs::symlink_metadata(&path).is_err() {
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
    let reread = record::rules::check(file, &text, raw, None, None).record;
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
    let batch = [NewRecord {
        record: record.clone(),
        amends: None,
    }];
    write_records(workspace, &batch)?
        .pop()
        .ok_or_else(|| Error::Usage("nothing was written".to_owned()))
}

/// A record to write in a batch.
#[derive(Clone, Debug)]
pub struct NewRecord {
    pub record: Record,
    /// The position in the batch of the record this one amends: its `amends`
    /// becomes that record's new file name, known only once names are chosen.
    pub amends: Option<usize>,
}

/// Write every record of `batch` as a new file, under one hold of the
/// workspace lock; returns their paths, in the batch's order. Every record
/// is sealed (written as text and read back) before the first file is
/// written; if a write still fails, the files this batch wrote are removed
/// again, so the workspace is left as it was.
pub fn write_records(workspace: &Workspace, batch: &[NewRecord]) -> Result<Vec<PathBuf>> {
    for (i, new) in batch.iter().enumerate() {
        if let Some(target) = new.amends
            && (target == i
                || batch
                    .get(target)
                    .is_none_or(|t| t.record.person != new.record.person))
        {
            return Err(Error::Usage(format!(
                "record {} of the batch amends record {target}, which is not another record of `{}`",
                i + 1,
                new.record.person
            )));
        }
    }
    // Everything that can be checked is checked before anything touches the
    // disk; records that amend one of the batch are sealed once their
    // target's name is known, still before the first write.
    let mut texts = batch
        .iter()
        .map(|new| match new.amends {
            None => sealed_text(&new.record).map(Some),
            Some(_) => Ok(None),
        })
        .collect::<Result<Vec<_>>>()?;
    let _lock = WorkspaceLock::acquire(&workspace.root)?;
    let mut folders: Vec<PersonFolder> = Vec::new();
    let mut written = Vec::with_capacity(batch.len());
    let outcome = place(workspace, batch, &mut texts, &mut folders, &mut written);
    if outcome.is_err() {
        for path in &written {
            let _ = std::fs::remove_file(path);
        }
        for folder in &folders {
            folder.undo();
        }
        return outcome.map(|()| Vec::new());
    }
    Ok(written)
}

/// Choose every record's name, seal the records that name another, and
/// write them all; `written` collects the files written so far.
fn place(
    workspace: &Workspace,
    batch: &[NewRecord],
    texts: &mut [Option<String>],
    folders: &mut Vec<PersonFolder>,
    written: &mut Vec<PathBuf>,
) -> Result<()> {
    let mut taken = HashSet::new();
    let mut paths = Vec::with_capacity(batch.len());
    for new in batch {
        let person = new.record.person.as_str();
        let known = folders.iter().position(|f| f.person == person);
        let dir = if let Some(i) = known {
            &folders[i]
        } else {
            let folder = person_folder(workspace, person)?;
            // Writers make temporary files only while holding the lock, so
            // any found now were left by a writer that was killed: tidy them
            // away.
            for leftover in Folder::read(&folder.path)
                .map(|f| f.leftovers)
                .unwrap_or_default()
            {
                let _ = std::fs::remove_file(leftover);
            }
            folders.push(folder);
            &folders[folders.len() - 1]
        };
        let path = free_name(&dir.path, &new.record, &taken);
        taken.insert(path.clone());
        paths.push(path);
    }
    for (i, new) in batch.iter().enumerate() {
        if let Some(target) = new.amends {
            let mut record = new.record.clone();
            record.amends = Some(super::file_name(&paths[target]));
            texts[i] = Some(sealed_text(&record)?);
        }
    }
    for (path, text) in paths.into_iter().zip(texts.iter()) {
        let Some(text) = text else {
            return Err(Error::Usage(
                "a record of the batch was not sealed; nothing was saved".to_owned(),
            ));
        };
        write_private(&path, text.as_bytes())?;
        written.push(path);
    }
    Ok(())
}

/// A person's folder, ready to write in: never through a symbolic link.
pub(crate) struct PersonFolder {
    pub(crate) path: std::path::PathBuf,
    person: String,
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
    Ok(PersonFolder {
        path,
        person: person.to_owned(),
        made,
    })
}
