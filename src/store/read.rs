//! Reading a person's records for a report: every file read once, parsed,
//! checked, and refused as a whole when one is bad — a report stops (with the
//! located problems) rather than misread a record.

use std::path::Path;

use super::{Folder, person_dir};
use crate::catalog::Catalog;
use crate::diagnostic::{Code, Diagnostic, shown};
use crate::error::{Error, Result};
use crate::file::file_name;
use crate::file::{Links, read_text};
use crate::id::Id;
use crate::record::chain::{self, Link};
use crate::record::rules::{self, Checked};
use crate::record::{self, Filed, Record, Sealed};
use crate::workspace::Workspace;

/// A person's records for a report, oldest first; the problems that do not
/// stop a record being used (a record changed by hand, a correction that
/// cannot replace what it amends), which the report names as warnings; and
/// the records it cannot use, left out with the problems that say why.
#[derive(Debug, Default)]
pub(crate) struct PersonRecords {
    pub records: Vec<Filed>,
    pub warnings: Vec<Diagnostic>,
    /// Problems of records left out: every error of every record that
    /// cannot be read or checked.
    pub left_out: Vec<Diagnostic>,
    /// Whether the person has a folder of records at all.
    pub exists: bool,
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
pub(crate) struct RecordRead {
    pub text: String,
    pub checked: Checked,
}

/// Read and check one record file named on the command line (`validate
/// FILE`): the user's own path, whose link is theirs to give.
pub(crate) fn read_given_record(
    path: &Path,
    catalog: Option<&Catalog>,
    folder: Option<&str>,
) -> RecordRead {
    check_record(path, read_text(path, Links::Follow), catalog, folder)
}

/// Check one record file, given its text as read (or why it could not be
/// read). `folder` is the person's folder it is in, when it is in one.
pub(crate) fn check_record(
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
/// problems are `validate`'s to report). A record with errors is left out,
/// its problems in `left_out`, and the rest are used; a record changed by
/// hand is read as it now stands, with a warning. A person with no folder
/// has no records (`exists` is false).
pub(crate) fn person_records(
    workspace: &Workspace,
    catalog: Option<&Catalog>,
    person: &Id,
    only: Option<&str>,
) -> Result<PersonRecords> {
    let folder = Folder::read(workspace, person.as_str())?;
    if !folder.exists() {
        return Ok(PersonRecords::default());
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
    let mut outcome = PersonRecords {
        exists: true,
        ..PersonRecords::default()
    };
    for ((path, _, checked, used), links) in read.into_iter().zip(chained) {
        let complete = checked.record.is_some();
        let mut problems = Vec::new();
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
        // A record whose framework file is broken cannot be read against it.
        if let (true, Some(catalog), Some(record)) = (used, catalog, &checked.record)
            && problems.is_empty()
            && let Err(Error::Invalid(found)) = catalog.framework(&record.framework)
        {
            let file = found
                .first()
                .map(|d| shown(&d.file).to_string())
                .unwrap_or_default();
            problems.push(Diagnostic::error(
                Code::BrokenFramework,
                path,
                format!(
                    "its framework `{}` cannot be used: {file} has problems (`competency validate` lists them)",
                    record.framework,
                ),
            ));
        }
        if !problems.is_empty() {
            outcome.left_out.extend(problems);
            continue;
        }
        if let (true, Some(record)) = (used, checked.record) {
            outcome.records.push(Filed {
                file: file_name(path),
                record,
            });
        }
    }
    outcome.records.sort_by(Filed::chronological);
    Ok(outcome)
}

/// The record `--amend` names: a file name in the person's folder, or a
/// path to a file there. Refused when it is not one of this person's
/// records, cannot be read, or was changed by hand (a correction would carry
/// the edit into a new, valid-looking record).
pub(crate) fn read_amended(
    workspace: &Workspace,
    person: &str,
    given: &str,
) -> Result<(String, Record)> {
    let dir = person_dir(workspace, person);
    let folder = Folder::read(workspace, person)?;
    amended_in(
        &Amending {
            dir: &dir,
            folder: &folder,
            person,
            given,
            instead: "record a new assessment without --amend",
        },
        |path| check_record(path, folder.read_text(path), None, Some(person)).checked,
        || {
            let id = Id::parse(person).map_err(|e| Error::Usage(e.to_string()))?;
            Ok(person_records(workspace, None, &id, None)?.records)
        },
    )
}

/// What `--amend` names, and where: the person's folder of one kind of
/// record (assessments, reviews).
pub(crate) struct Amending<'a> {
    pub(crate) dir: &'a Path,
    pub(crate) folder: &'a Folder,
    pub(crate) person: &'a str,
    pub(crate) given: &'a str,
    /// What to do instead when the record was changed by hand.
    pub(crate) instead: &'a str,
}

/// The record `--amend` names, of any kind: `check` reads and checks one
/// file of the folder, `all` reads every record of the folder (to follow
/// corrections to the one that counts now).
pub(crate) fn amended_in<R: Sealed>(
    a: &Amending<'_>,
    check: impl Fn(&Path) -> Checked<R>,
    all: impl FnOnce() -> Result<Vec<Filed<R>>>,
) -> Result<(String, R)> {
    let (dir, given, person) = (a.dir, a.given, a.person);
    let as_path = Path::new(given);
    // A file name in the person's folder, or a path to a file there.
    if as_path.components().count() != 1
        && as_path
            .parent()
            .map(Path::canonicalize)
            .and_then(std::result::Result::ok)
            != dir.canonicalize().ok()
    {
        return Err(Error::Usage(format!(
            "--amend {given}: the record is not one of this person's (it must be in `{}`)",
            shown(dir)
        )));
    }
    let name = file_name(as_path);
    let Some(path) = a.folder.records.iter().find(|p| file_name(p) == name) else {
        return Err(Error::Usage(format!(
            "--amend {given}: there is no such record (looked for `{}`)",
            shown(&dir.join(&name))
        )));
    };
    let checked = check(path);
    if checked
        .record
        .as_ref()
        .is_some_and(|r| r.checksum_matches() == Some(false))
    {
        return Err(Error::Usage(format!(
            "--amend {name}: the record was changed by hand after it was written (its checksum no longer matches); restore it from a backup, or {}",
            a.instead
        )));
    }
    let bad = checked.has_errors();
    let Some(record) = checked.record.filter(|_| !bad) else {
        return Err(Error::Invalid(
            checked
                .diagnostics
                .into_iter()
                .filter(Diagnostic::is_error)
                .collect(),
        ));
    };
    if record.person() != person {
        return Err(Error::Usage(format!(
            "--amend {name}: the record is for `{}`, not `{person}`; a correction must be of the same person's record",
            record.person().escape_debug()
        )));
    }
    // A record already corrected is amended through its correction, so the
    // newest correction is always the one that counts.
    let others = all()?;
    if let Some(first) = chain::correction_of(&others, &name) {
        // Follow the corrections to the one that counts now.
        let mut newest = first;
        let mut seen = vec![name.as_str()];
        while let Some(next) = chain::correction_of(&others, &newest.file) {
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
