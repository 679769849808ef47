//! Reading a person's records for a report: every file read once, parsed,
//! checked, and refused as a whole when one is bad — a report stops (with the
//! located problems) rather than misread a record.

use std::borrow::Cow;
use std::path::Path;

use super::index::{Index, Keep, Stored};
use super::{Folder, person_dir};
use crate::catalog::Catalog;
use crate::diagnostic::{Code, Diagnostic, shown};
use crate::error::{Error, Field, Remedy, Request, Result};
use crate::file::{Identity, Links, file_name, read_text};
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

/// A record file read from a workspace: the outcome of checking it.
pub(crate) struct RecordRead {
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
    let failed = |d: Diagnostic| RecordRead {
        checked: Checked::failed(d),
    };
    let text = match text {
        Ok(text) => text,
        Err(d) => return failed(d),
    };
    match record::parse(path, &text) {
        Ok(raw) => RecordRead {
            checked: rules::check(path, &text, raw, catalog, folder),
        },
        Err(d) => failed(d),
    }
}

/// The records of `person`, checked, oldest first. With `only`, records of
/// other frameworks are left out, after checking that they read; with no
/// catalogue, records are only checked for their own shape (their other
/// problems are `validate`'s to report). A record with errors is left out,
/// its problems in `left_out`, and the rest are used; a record changed by
/// hand is read as it now stands, with a warning. A person with no folder
/// has no records (`exists` is false). With the workspace's index on
/// ([`super::with_index`]), a record unchanged since it was checked is
/// taken from it; the outcome is the same.
pub(crate) fn person_records(
    workspace: &Workspace,
    catalog: Option<&Catalog>,
    person: &Id,
    only: Option<&str>,
) -> Result<PersonRecords> {
    let index = workspace.index.as_deref();
    // The folder unchanged since the index was written, and every record
    // in it: nothing is listed or read.
    let unlisted = index
        .and_then(|index| unlisted(index, workspace, catalog, person.as_str(), only))
        .map(|read| (chain_of(&read), read))
        .filter(|(chained, _)| chained.iter().all(Vec::is_empty));
    let folder;
    let (read, chained) = if let Some((chained, read)) = unlisted {
        (read, chained)
    } else {
        folder = Folder::read(workspace, person.as_str())?;
        if !folder.exists() {
            return Ok(PersonRecords::default());
        }
        let mut read = read_folder(&folder, catalog, person.as_str(), only, index);
        let mut chained = chain_of(&read);
        if read.iter().any(|r| r.cached) && chained.iter().any(|d| !d.is_empty()) {
            // The links' problems are told with the files' text: read them all.
            read = read_folder(&folder, catalog, person.as_str(), only, None);
            chained = chain_of(&read);
        }
        (read, chained)
    };
    let mut outcome = PersonRecords {
        exists: true,
        ..PersonRecords::default()
    };
    for (
        FileRead {
            path,
            checked,
            used,
            ..
        },
        links,
    ) in read.into_iter().zip(chained)
    {
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
                &path,
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
                file: file_name(&path),
                record,
            });
        }
    }
    outcome.records.sort_by(Filed::chronological);
    Ok(outcome)
}

/// One record file of a folder, read and checked (or taken from the index).
pub(super) struct FileRead<'f> {
    pub path: Cow<'f, Path>,
    /// Its text; empty when it was taken from the index.
    pub text: String,
    pub checked: Checked,
    /// Of the framework asked for (every record when none is).
    pub used: bool,
    /// Taken from the index: it had no problem when it was last checked,
    /// and is unchanged since.
    pub cached: bool,
    /// Its identity, when it was taken (with the index).
    pub identity: Option<Identity>,
}

/// The problems of the links between a folder's records (amendments), per file.
pub(super) fn chain_of(read: &[FileRead<'_>]) -> Vec<Vec<Diagnostic>> {
    let links: Vec<Link<'_>> = read
        .iter()
        .map(|r| Link {
            path: &r.path,
            source: &r.text,
            amends: r.checked.amends.as_ref(),
            record: r.checked.record.as_ref(),
        })
        .collect();
    chain::check(&links)
}

/// Read and check one record file of a folder: records of `only`'s
/// framework (all when `None`) against `catalog`, others for their shape.
fn read_file<'f>(
    folder: &Folder,
    path: &'f Path,
    catalog: Option<&Catalog>,
    person: &str,
    only: Option<&str>,
) -> FileRead<'f> {
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
        (Ok(text), Ok(raw)) => {
            rules::check(path, text, raw, catalog.filter(|_| used), Some(person))
        }
        (Err(d), _) => Checked::failed(d.clone()),
        (_, Err(d)) => Checked::failed(d),
    };
    FileRead {
        path: Cow::Borrowed(path),
        text: text.unwrap_or_default(),
        checked,
        used,
        cached: false,
        identity: None,
    }
}

/// Every record of `person` from the index, without listing their folder:
/// when the folder's identity is what the index holds (no name added,
/// removed or renamed since), and each file's identity is what the index
/// holds for it, with a record that had no problem (checked as this report
/// asks). `None` otherwise: the folder is then listed and read.
fn unlisted<'f>(
    index: &Index,
    workspace: &Workspace,
    catalog: Option<&Catalog>,
    person: &str,
    only: Option<&str>,
) -> Option<Vec<FileRead<'f>>> {
    if !crate::id::is_valid_id(person) {
        return None;
    }
    let mut section = index.section(person);
    let names = section.names_if_unlisted(&index.identity(person)?)?;
    let dir = person_dir(workspace, person);
    let mut read = Vec::with_capacity(names.len());
    for name in names {
        let identity = index.identity(&format!("{person}/{name}"))?;
        let Some(Stored::Clean(record, against)) = section.take(&name, &identity) else {
            return None;
        };
        let used = only.is_none_or(|f| f == record.framework);
        let catalog = catalog.filter(|_| used);
        if !against && catalog.is_some() {
            return None;
        }
        read.push(cached(dir.join(name), record, used, catalog));
    }
    Some(read)
}

/// A record taken from the index, with the catalogue's look-ups its check
/// would make (so a command notes the same files).
fn cached<'f>(
    path: impl Into<Cow<'f, Path>>,
    record: Record,
    used: bool,
    catalog: Option<&Catalog>,
) -> FileRead<'f> {
    if let Some(catalog) = catalog
        && catalog.framework(&record.framework).is_ok()
        && let Some(role) = &record.role
    {
        let _ = catalog.role(role);
    }
    let amends = record.amends.clone().map(|a| toml::Spanned::new(0..0, a));
    FileRead {
        path: path.into(),
        text: String::new(),
        checked: Checked {
            record: Some(record),
            diagnostics: Vec::new(),
            amends,
        },
        used,
        cached: true,
        identity: None,
    }
}

/// What a file's entry in the index is to say.
#[derive(Clone, Copy)]
enum Plan {
    Recheck,
    /// Clean, checked against its framework or not.
    Clean(bool),
}

/// Every record of `folder` (of `person`), read and checked as
/// [`person_records`] does. With `index`, a file whose identity is what the
/// index holds for it is taken from there (with the catalogue's look-ups
/// its check would make, so a command notes the same files), and the
/// person's section is replaced when anything differs.
pub(super) fn read_folder<'f>(
    folder: &'f Folder,
    catalog: Option<&Catalog>,
    person: &str,
    only: Option<&str>,
    index: Option<&Index>,
) -> Vec<FileRead<'f>> {
    let Some(index) = index else {
        return folder
            .records
            .iter()
            .map(|path| read_file(folder, path, catalog, person, only))
            .collect();
    };
    let mut section = index.section(person);
    let mut read = Vec::with_capacity(folder.records.len());
    let mut plans: Vec<Option<(Identity, Plan)>> = Vec::with_capacity(folder.records.len());
    let mut changed = false;
    for path in &folder.records {
        let identity = folder.identity(path);
        let found = identity
            .as_ref()
            .and_then(|identity| section.take(&file_name(path), identity));
        let recheck = match found {
            Some(Stored::Clean(record, against)) => {
                let used = only.is_none_or(|f| f == record.framework);
                let catalog = catalog.filter(|_| used);
                if against || catalog.is_none() {
                    let mut file = cached(path.as_path(), record, used, catalog);
                    file.identity = identity;
                    read.push(file);
                    plans.push(identity.map(|i| (i, Plan::Clean(against))));
                    continue;
                }
                false
            }
            Some(Stored::Recheck) => true,
            None => false,
        };
        let mut file = read_file(folder, path, catalog, person, only);
        file.identity = identity;
        let plan = match identity {
            // Known to need checking every time: its entry stays.
            Some(identity) if recheck => Some((identity, Plan::Recheck)),
            Some(identity) if index.may_store(&identity) => {
                changed = true;
                let clean = file.checked.record.is_some() && file.checked.diagnostics.is_empty();
                let against = file.used && catalog.is_some();
                Some((
                    identity,
                    if clean {
                        Plan::Clean(against)
                    } else {
                        Plan::Recheck
                    },
                ))
            }
            // Not stored: read again next time.
            _ => None,
        };
        plans.push(plan);
        read.push(file);
    }
    // The folder's identity, taken after it was listed: kept when every
    // record file has an entry, so the next report need not list it.
    let own = folder
        .own_identity()
        .filter(|i| index.may_store_folder(i) && plans.iter().all(Option::is_some));
    if changed || section.is_stale() || section.folder_differs(own.as_ref()) {
        let entries: Vec<(&str, Identity, Keep<'_>)> = read
            .iter()
            .zip(&plans)
            .filter_map(|(file, plan)| {
                let (identity, plan) = plan.as_ref()?;
                let name = file.path.file_name()?.to_str()?;
                let keep = match plan {
                    Plan::Recheck => Keep::Recheck,
                    Plan::Clean(against) => Keep::Clean(file.checked.record.as_ref()?, *against),
                };
                Some((name, *identity, keep))
            })
            .collect();
        index.replace(person, own.as_ref(), &entries);
    }
    read
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
            instead: "assessment",
        },
        |path| check_record(path, folder.read_text(path), None, Some(person)).checked,
        || {
            let id = Id::parse(person)
                .map_err(|e| Error::from(Request::refused(e.to_string()).on(Field::Person)))?;
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
    /// What a new record instead of a correction is: "assessment", "review".
    pub(crate) instead: &'static str,
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
        return Err(Request::refused(format!(
            "the record is not one of this person's (it must be in `{}`)",
            shown(dir)
        ))
        .given(Field::Amend, given)
        .into());
    }
    let name = file_name(as_path);
    let Some(path) = a.folder.records.iter().find(|p| file_name(p) == name) else {
        return Err(Request::refused(format!(
            "there is no such record (looked for `{}`)",
            shown(&dir.join(&name))
        ))
        .given(Field::Amend, given)
        .into());
    };
    let checked = check(path);
    if checked
        .record
        .as_ref()
        .is_some_and(|r| r.checksum_matches() == Some(false))
    {
        return Err(Request::refused(
            "the record was changed by hand after it was written (its checksum no longer matches); restore it from a backup",
        )
        .given(Field::Amend, name)
        .or(Remedy::WithoutAmend { what: a.instead })
        .into());
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
        return Err(Request::refused(format!(
            "the record is for `{}`, not `{person}`; a correction must be of the same person's record",
            record.person().escape_debug()
        ))
        .given(Field::Amend, name)
        .into());
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
        return Err(Request::refused(format!(
            "the record has already been corrected by `{}`",
            first.file
        ))
        .given(Field::Amend, name)
        .or(Remedy::Amend {
            record: newest.file.clone(),
        })
        .into());
    }
    Ok((name, record))
}
