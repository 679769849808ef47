//! Writing records: each named under the lock (never over an existing
//! file), sealed (written as text and read back as exactly the record
//! meant), and committed through the workspace's one write path
//! ([`super::apply`]), readable by the owner only.

use std::path::{Path, PathBuf};

use super::Change;
use crate::diagnostic::Diagnostic;
use crate::error::{Error, Result};
use crate::record::{self, Record, Sealed};
use crate::workspace::Workspace;

/// The record's text, checked to read back as exactly the record meant.
pub(crate) fn sealed_text(record: &Record) -> Result<String> {
    let text = record
        .to_toml()
        .map_err(|e| Error::refused(format!("cannot write the record as TOML: {e}")))?;
    seal(record, text, |file, text| {
        let raw = record::parse(file, text)?;
        Ok(record::rules::check(file, text, raw, None, None).record)
    })
}

/// `text`, the file of `record` (of any kind), once it reads back (by
/// `reread`) as exactly the record meant, its checksum matching.
pub(crate) fn seal<R: Sealed + Clone + PartialEq>(
    record: &R,
    text: String,
    reread: impl FnOnce(&Path, &str) -> std::result::Result<Option<R>, Diagnostic>,
) -> Result<String> {
    let file = Path::new("(new record)");
    let reread = reread(file, &text).map_err(|d| {
        Error::refused(format!(
            "the new record does not read back: {}",
            d.headline()
        ))
    })?;
    let mut expected = record.clone();
    expected.set_checksum(
        reread
            .as_ref()
            .and_then(|r| r.checksum().map(str::to_owned)),
    );
    if reread.as_ref() != Some(&expected) || reread.and_then(|r| r.checksum_matches()) != Some(true)
    {
        return Err(Error::refused(
            "the new record does not read back as written; nothing was saved".to_owned(),
        ));
    }
    Ok(text)
}

/// Write `record` as a new file under the workspace, through the one write
/// path; returns its path. `also` adds to the same change (the
/// questionnaire's saved answers removed once they are in the record).
pub(crate) fn write_record(
    workspace: &Workspace,
    record: &Record,
    also: impl FnOnce(&mut Change<'_>) -> Result<()>,
) -> Result<PathBuf> {
    let batch = [NewRecord {
        record: record.clone(),
        amends: None,
    }];
    let what = format!("a {} assessment of {}", record.by, record.person);
    let mut paths = super::apply(workspace.dir(), &what, |change| {
        let paths = stage_records(change, &batch)?;
        also(change)?;
        Ok(paths)
    })?;
    let rel = paths
        .pop()
        .ok_or_else(|| Error::refused("nothing was written".to_owned()))?;
    Ok(workspace.dir().join(&rel))
}

/// A record to write in a batch.
#[derive(Clone, Debug)]
pub(crate) struct NewRecord {
    pub record: Record,
    /// The position in the batch of the record this one amends: its `amends`
    /// becomes that record's new file name, known only once names are chosen.
    pub amends: Option<usize>,
}

/// Add every record of `batch` to `change`: each named (the first free name
/// in its person's folder, as the folder is now, under the lock) and sealed.
/// Returns their paths relative to the workspace, in the batch's order.
pub(crate) fn stage_records(change: &mut Change<'_>, batch: &[NewRecord]) -> Result<Vec<String>> {
    for (i, new) in batch.iter().enumerate() {
        if let Some(target) = new.amends
            && (target == i
                || batch
                    .get(target)
                    .is_none_or(|t| t.record.person != new.record.person))
        {
            return Err(Error::refused(format!(
                "record {} of the batch amends record {target}, which is not another record of `{}`",
                i + 1,
                new.record.person
            )));
        }
    }
    let names = batch
        .iter()
        .map(|new| change.record_name(&new.record))
        .collect::<Result<Vec<_>>>()?;
    let mut paths = Vec::with_capacity(batch.len());
    for (new, name) in batch.iter().zip(&names) {
        let path = match new.amends {
            None => change.record(&new.record, name)?,
            Some(target) => {
                let mut record = new.record.clone();
                record.amends = Some(names[target].clone());
                change.record(&record, name)?
            }
        };
        paths.push(path);
    }
    Ok(paths)
}
