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
use crate::record::chain::{self, Link};
use crate::record::rules::{self, Checked};
use crate::record::{self, Filed, Record};
use crate::workspace::Workspace;

/// A person's records for a report, oldest first, and the problems that do
/// not stop it (a record changed by hand, a correction that cannot replace
/// what it amends), which the report names as warnings.
#[derive(Debug, Default)]
pub struct PersonRecords {
    pub records: Vec<Filed>,
    pub warnings: Vec<Diagnostic>,
}

/// Problems a report reads past, naming them: the record is read as it
/// stands, and the problem stays `validate`'s to report as an error.
const READ_PAST: &[Code] = &[
    Code::EditedAfterFinal,
    Code::EditedByHand,
    Code::ControlCharacter,
    Code::IgnoredCorrection,
];

/// A record file read from a workspace: its text and the outcome of
/// checking it.
pub struct RecordRead {
    pub text: String,
    pub checked: Checked,
}

/// Read and check one record file given by its path: with `listed`, one a
/// folder listing found (a regular file or a link, which is refused);
/// otherwise a path given on the command line.
pub(crate) fn read_record_as(
    path: &Path,
    catalog: Option<&Catalog>,
    folder: Option<&str>,
    listed: bool,
) -> RecordRead {
    let text = if listed {
        crate::file::read_listed(path)
    } else {
        read_text(path, Links::Refuse)
    };
    check_record(path, text, catalog, folder)
}

/// Check one record file, given its text as read (or why it could not be
/// read). `folder` is the person's folder it is in, when it is in one.
pub fn check_record(
    path: &Path,
    text: std::result::Result<String, Diagnostic>,
    catalog: Option<&Catalog>,
    folder: Option<&str>,
) -> RecordRead {
    let failed = |text: String, d: Diagnostic| RecordRead {
        text,
        checked: Checked::failed(d),
    };
    let text = match text {
        Ok(text) => text,
        Err(d) => return failed(String::new(), d),
    };
    match record::parse(path, &text) {
        Ok(raw) => RecordRead {
            checked: rules::check(path, &text, raw, catalog, folder),
            text,
        },
        Err(d) => failed(text, d),
    }
}

/// The records of `person`, checked, oldest first. With `only`, records of
/// other frameworks are left out, after checking that they read; with no
/// catalogue, records are only checked for their own shape (their other
/// problems are `validate`'s to report). A record with errors stops the
/// report; a record changed by hand is read as it now stands, with a warning.
pub fn person_records(
    workspace: &Workspace,
    catalog: Option<&Catalog>,
    person: &Id,
    only: Option<&str>,
) -> Result<PersonRecords> {
    let dir = person_dir(workspace, person.as_str());
    if let Some(d) = linked_assessments(workspace) {
        return Err(Error::Invalid(vec![d]));
    }
    let folder = Folder::read(&dir)?;
    if !folder.exists() {
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
    let mut read = Vec::with_capacity(folder.records.len());
    for path in &folder.records {
        let text = folder.read_text(path);
        let raw = text
            .as_ref()
            .map_err(Clone::clone)
            .and_then(|text| record::parse(path, text));
        let used = raw.as_ref().is_ok_and(|raw| {
            let framework = raw.framework.as_ref().map(|f| f.get_ref().as_str());
            only.is_none_or(|f| Some(f) == framework)
        });
        let checked = match (&text, raw) {
            (Ok(text), Ok(raw)) => rules::check(
                path,
                text,
                raw,
                catalog.filter(|_| used),
                Some(person.as_str()),
            ),
            (Err(d), _) => Checked::failed(d.clone()),
            (_, Err(d)) => Checked::failed(d),
        };
        read.push((path, text.unwrap_or_default(), checked, used));
    }
    let links: Vec<Link<'_>> = read
        .iter()
        .map(|(path, text, checked, _)| Link {
            path,
            source: text,
            amends: checked.amends.as_ref(),
            record: checked.record.as_ref(),
        })
        .collect();
    let chained = chain::check(&links);
    let mut outcome = PersonRecords::default();
    let mut problems = Vec::new();
    for ((path, _, checked, used), links) in read.into_iter().zip(chained) {
        let complete = checked.record.is_some();
        for d in checked.diagnostics.into_iter().chain(links) {
            if READ_PAST.contains(&d.code) || !d.is_error() {
                if used && READ_PAST.contains(&d.code) {
                    outcome.warnings.push(d);
                }
            } else if used || !complete {
                // Records of another framework must read, but are not judged here.
                problems.push(d);
            }
        }
        if let (true, Some(record)) = (used, checked.record) {
            outcome.records.push(Filed {
                file: file_name(path),
                record,
            });
        }
    }
    if !problems.is_empty() {
        return Err(Error::Invalid(problems));
    }
    outcome.records.sort_by(Filed::chronological);
    Ok(outcome)
}

/// The problem of a person's folder (or the assessments folder) that is a
/// symbolic link: it is never followed, for reading or writing.
pub fn linked_folder(workspace: &Workspace, dir: &Path) -> Option<Diagnostic> {
    linked_assessments(workspace).or_else(|| linked(dir))
}

/// The problem of an assessments folder that is a symbolic link.
fn linked_assessments(workspace: &Workspace) -> Option<Diagnostic> {
    linked(&workspace.assessments_dir())
}

fn linked(dir: &Path) -> Option<Diagnostic> {
    std::fs::symlink_metadata(dir)
        .is_ok_and(|m| m.file_type().is_symlink())
        .then(|| crate::file::symlink(dir))
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
    let read = read_record_as(&path, None, Some(person), false);
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
    if record.person != person {
        return Err(Error::Usage(format!(
            "--amend {name}: the record is for `{}`, not `{person}`; a correction must be of the same person's record",
            record.person.escape_debug()
        )));
    }
    // A record already corrected is amended through its correction, so the
    // newest correction is always the one that counts.
    let id = Id::parse(person).map_err(|e| Error::Usage(e.to_string()))?;
    let others = person_records(workspace, None, &id, None)?;
    if let Some(first) = chain::correction_of(&others.records, &name) {
        // Follow the corrections to the one that counts now.
        let mut newest = first;
        let mut seen = vec![name.as_str()];
        while let Some(next) = chain::correction_of(&others.records, &newest.file) {
            if seen.contains(&next.file.as_str()) {
                break;
            }
            seen.push(&newest.file);
            newest = next;
        }
        return Err(Error::Usage(format!(
            "--amend {name}: the record has already been corrected by `{}`; amend `{}` instead",
            first.file, newest.file
        )));
    }
    Ok((name, record))
}
