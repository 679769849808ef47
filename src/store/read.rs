//! Reading a person's records for a report: every file read once, parsed,
//! checked, and refused as a whole when one is bad — a report stops (with the
//! located problems) rather than misread a record.

use std::fmt::Write as _;
use std::path::Path;

use super::{Folder, people, person_dir};
use crate::catalog::Catalog;
use crate::diagnostic::{Code, Diagnostic, did_you_mean, shown};
use crate::error::{Error, Result};
use crate::file::{Links, read_text};
use crate::id::Id;
use crate::record::rules::{self, Checked};
use crate::record::{self, Filed, RawRecord, Record};
use crate::workspace::Workspace;

/// A person's records that count for a report, oldest first.
pub type PersonRecords = Vec<Filed>;

/// A record file read from a workspace: its text, its parsed form, and the
/// outcome of checking it.
pub struct RecordRead {
    pub text: String,
    pub raw: Option<RawRecord>,
    pub checked: Checked,
}

/// Read and check one record file in a workspace.
pub fn read_record(path: &Path, catalog: Option<&Catalog>, folder: Option<&str>) -> RecordRead {
    let failed = |text: String, d: Diagnostic| RecordRead {
        text,
        raw: None,
        checked: Checked {
            record: None,
            diagnostics: vec![d],
        },
    };
    let text = match read_text(path, Links::Refuse) {
        Ok(text) => text,
        Err(d) => return failed(String::new(), d),
    };
    match record::parse(path, &text) {
        Ok(raw) => RecordRead {
            checked: rules::check(path, &text, &raw, catalog, folder),
            raw: Some(raw),
            text,
        },
        Err(d) => failed(text, d),
    }
}

/// The records of `person`, checked, oldest first. With `only`, records of
/// other frameworks are left out, after checking that they parse; with no
/// catalogue, records are only parsed (their problems are `validate`'s to
/// report). A record with errors stops the report; a final record edited by
/// hand is read as it now stands (reports say so; `validate` reports it).
pub fn person_records(
    workspace: &Workspace,
    catalog: Option<&Catalog>,
    person: &Id,
    only: Option<&str>,
) -> Result<PersonRecords> {
    let dir = person_dir(workspace, person.as_str());
    let folder = Folder::read(&dir)?;
    if folder.records.is_empty() && !dir.is_dir() {
        let everyone = people(workspace).unwrap_or_default();
        let mut message = format!("no assessments for `{person}` in this workspace");
        match did_you_mean(person.as_str(), everyone.iter().map(String::as_str)) {
            Some(s) => {
                let _ = write!(message, "; did you mean `{s}`?");
            }
            None => message.push_str(" (`competency people` lists who has some)"),
        }
        return Err(Error::Usage(message));
    }
    let mut records = Vec::new();
    let mut problems: Vec<Diagnostic> = Vec::new();
    for path in &folder.records {
        let text = match read_text(path, Links::Refuse) {
            Ok(text) => text,
            Err(d) => {
                problems.push(d);
                continue;
            }
        };
        let raw = match record::parse(path, &text) {
            Ok(raw) => raw,
            Err(d) => {
                problems.push(d);
                continue;
            }
        };
        let framework = raw.framework.as_ref().map(|f| f.get_ref().as_str());
        let used = only.is_none_or(|f| Some(f) == framework);
        let checked = rules::check(
            path,
            &text,
            &raw,
            catalog.filter(|_| used),
            Some(person.as_str()),
        );
        let errors = checked.diagnostics.into_iter().filter(Diagnostic::is_error);
        if !used {
            // Records of another framework must read, but are not judged here.
            if checked.record.is_none() {
                problems.extend(errors);
            }
            continue;
        }
        problems.extend(errors.filter(|d| d.code != Code::EditedAfterFinal));
        if let Some(record) = checked.record {
            records.push(Filed {
                file: file_name(path),
                record,
            });
        }
    }
    if !problems.is_empty() {
        return Err(Error::Invalid(problems));
    }
    records.sort_by(|a, b| {
        a.record
            .order_key()
            .cmp(&b.record.order_key())
            .then_with(|| a.file.cmp(&b.file))
    });
    Ok(records)
}

/// The file name of a path, as a string.
pub fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// The record `--amend` names: a file name in the person's folder, or a
/// path to a file there. Refused when it is not one of this person's
/// records, cannot be read, or was changed by hand (a correction would carry
/// the edit into a new, valid-looking record).
pub fn read_amended(workspace: &Workspace, person: &str, given: &str) -> Result<(String, Record)> {
    let dir = person_dir(workspace, person);
    let as_path = Path::new(given);
    let path = if as_path.components().count() == 1 {
        dir.join(given)
    } else {
        as_path.to_path_buf()
    };
    if !path.is_file() {
        return Err(Error::Usage(format!(
            "--amend {given}: there is no such record (looked for `{}`)",
            shown(&path)
        )));
    }
    if path
        .parent()
        .map(Path::canonicalize)
        .and_then(std::result::Result::ok)
        != dir.canonicalize().ok()
    {
        return Err(Error::Usage(format!(
            "--amend {given}: the record is not one of this person's (it must be in `{}`)",
            shown(&dir)
        )));
    }
    let name = file_name(&path);
    let read = read_record(&path, None, Some(person));
    if read
        .checked
        .record
        .as_ref()
        .is_some_and(|r| r.checksum_matches() == Some(false))
    {
        return Err(Error::Usage(format!(
            "--amend {name}: the record was changed by hand after it was written (its checksum no longer matches); restore it from a backup, or record a new assessment without --amend"
        )));
    }
    let bad = read.checked.has_errors();
    let Some(record) = read.checked.record.filter(|_| !bad) else {
        return Err(Error::Invalid(
            read.checked
                .diagnostics
                .into_iter()
                .filter(Diagnostic::is_error)
                .collect(),
        ));
    };
    Ok((name, record))
}
