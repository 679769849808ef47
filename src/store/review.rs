//! Where reviews live: `reviews/<person>/<date>-review.toml`, a folder of
//! their own beside `assessments/`, so every reader of assessments (reports,
//! import, export, and versions before reviews) reads one kind of record
//! only. Reading, writing and checking them uses the assessments'
//! machinery: the person's folder opened through the workspace's root
//! ([`Folder`]), names chosen and files sealed and committed by the one
//! write path ([`super::apply`]), `--amend` by [`super::read::amended_in`],
//! and the amendment chain of `record::chain`.

use std::path::{Path, PathBuf};

use super::read::{Amending, amended_in};
use super::{Change, Folder, privacy};
use crate::diagnostic::{Code, Diagnostic};
use crate::error::{Error, Result};
use crate::file::file_name;
use crate::id::Id;
use crate::record::Filed;
use crate::record::chain::{self, Link};
use crate::record::rules::Checked;
use crate::review::rules::{self, Context, Entry};
use crate::review::{self, FOLDER, Review};
use crate::workspace::Workspace;

/// The folder of a person's reviews, relative to the workspace.
pub(crate) fn review_rel(person: &str) -> String {
    format!("{FOLDER}/{person}")
}

/// A review's path as reports show it: `reviews/<person>/<file>`.
pub(crate) fn shown_review_path(person: &str, file: &str) -> String {
    format!("{FOLDER}/{person}/{file}")
}

/// The ids of everyone with a folder under `reviews/`, sorted (names that
/// are not ids are left out; `validate` reports them).
pub(crate) fn review_people(workspace: &Workspace) -> Result<Vec<String>> {
    let top = workspace.dir().join(FOLDER);
    let entries = match workspace.dir().open_folder(FOLDER) {
        Ok(crate::file::Opened::Missing) => return Ok(Vec::new()),
        Ok(crate::file::Opened::Link) => {
            return Err(Error::Invalid(vec![crate::file::symlink(&top)]));
        }
        Ok(crate::file::Opened::Folder(_, entries)) => entries,
        Err(e) => return Err(Error::io("read the folder", &top, e)),
    };
    let mut people: Vec<String> = entries
        .into_iter()
        .filter(|(name, kind)| {
            matches!(kind, crate::file::Kind::Folder | crate::file::Kind::Link)
                && crate::id::is_valid_id(name)
        })
        .map(|(name, _)| name)
        .collect();
    people.sort();
    Ok(people)
}

/// A person's reviews for a report, oldest first; the problems that do not
/// stop a review being used (named as warnings); and the reviews left out,
/// with the problems that say why.
#[derive(Debug, Default)]
pub(crate) struct PersonReviews {
    pub reviews: Vec<Filed<Review>>,
    pub warnings: Vec<Diagnostic>,
    pub left_out: Vec<Diagnostic>,
}

/// Problems a report reads past, naming them (as for assessments, and
/// progress on an item no review agrees, which reports pass over).
const READ_PAST: &[Code] = &[
    Code::EditedAfterFinal,
    Code::EditedByHand,
    Code::ControlCharacter,
    Code::IgnoredCorrection,
    Code::UnknownItem,
];

/// One review file read: its text and the outcome of checking it.
struct Read {
    path: PathBuf,
    text: String,
    checked: Checked<Review>,
}

fn check_one(
    path: &Path,
    text: std::result::Result<String, Diagnostic>,
    context: Option<Context<'_>>,
    folder: Option<&str>,
) -> Read {
    let (text, checked) = match text {
        Err(d) => (String::new(), Checked::failed(d)),
        Ok(text) => {
            let checked = match review::parse(path, &text) {
                Ok(raw) => rules::check(path, &text, raw, context, folder),
                Err(d) => Checked::failed(d),
            };
            (text, checked)
        }
    };
    Read {
        path: path.to_path_buf(),
        text,
        checked,
    }
}

/// Every review of a folder read and checked, and the problems across
/// them (amendments, ids), per file.
fn read_folder(
    folder: &Folder,
    context: Option<Context<'_>>,
    person: &str,
) -> (Vec<Read>, Vec<Vec<Diagnostic>>) {
    let read: Vec<Read> = folder
        .records
        .iter()
        .map(|path| check_one(path, folder.read_text(path), context, Some(person)))
        .collect();
    let links: Vec<Link<'_, Review>> = read
        .iter()
        .map(|r| Link {
            path: &r.path,
            source: &r.text,
            amends: r.checked.amends.as_ref(),
            record: r.checked.record.as_ref(),
        })
        .collect();
    let entries: Vec<Entry<'_>> = read
        .iter()
        .map(|r| Entry {
            path: &r.path,
            review: r.checked.record.as_ref(),
        })
        .collect();
    let across = chain::check(&links)
        .into_iter()
        .zip(rules::check_folder(&entries))
        .map(|(mut a, b)| {
            a.extend(b);
            a
        })
        .collect();
    (read, across)
}

/// The reviews of `person`, checked (against the catalogue and roster
/// when a context is given), oldest first. A review with errors is left
/// out, its problems in `left_out`; one changed by hand is read as it now
/// stands, with a warning.
pub(crate) fn person_reviews(
    workspace: &Workspace,
    context: Option<Context<'_>>,
    person: &Id,
) -> Result<PersonReviews> {
    let rel = review_rel(person.as_str());
    let dir = workspace.dir().join(&rel);
    let folder = Folder::read_at(workspace.dir(), &rel, &dir)?;
    if !folder.exists() {
        return Ok(PersonReviews::default());
    }
    let (read, across) = read_folder(&folder, context, person.as_str());
    let mut outcome = PersonReviews::default();
    for (r, across) in read.into_iter().zip(across) {
        let mut problems = Vec::new();
        for d in r.checked.diagnostics.into_iter().chain(across) {
            if READ_PAST.contains(&d.code) {
                outcome.warnings.push(d);
            } else if d.is_error() {
                problems.push(d);
            }
        }
        match r.checked.record {
            Some(review) if problems.is_empty() => outcome.reviews.push(Filed {
                file: file_name(&r.path),
                record: review,
            }),
            _ => outcome.left_out.extend(problems),
        }
    }
    outcome.reviews.sort_by(Filed::chronological);
    Ok(outcome)
}

/// Write a new review of `person`, through the one write path. Under the
/// lock, the person's reviews are read as they are now and handed to
/// `build` (which numbers new items after them and checks progress against
/// them); the review it returns is named, sealed and committed. Returns its
/// path. A person whose reviews cannot all be read gets none written, so
/// no id is given twice.
pub(crate) fn write_review(
    workspace: &Workspace,
    person: &Id,
    build: impl FnOnce(&[Filed<Review>]) -> Result<Review>,
) -> Result<PathBuf> {
    let what = format!("a review of {person}");
    let rel = super::apply(workspace.dir(), &what, |change| {
        let now = person_reviews(workspace, None, person)?;
        if !now.left_out.is_empty() {
            return Err(Error::Invalid(now.left_out).context(&format!(
                "a review of `{person}` cannot be read, so no new one is written (its ids could clash)"
            )));
        }
        let review = build(&now.reviews)?;
        stage_review(change, &review)
    })?;
    Ok(workspace.dir().join(&rel))
}

/// Add `review` to `change`: the first free name `<date>-review.toml` in
/// the person's folder, the file sealed.
pub(crate) fn stage_review(change: &mut Change<'_>, review: &Review) -> Result<String> {
    let rel = review_rel(&review.person);
    let name = change.free_name(&rel, format!("{}-review", review.date))?;
    change.review(review, &name)
}

/// The review's text, checked to read back as exactly the review meant.
pub(crate) fn sealed_review_text(review: &Review) -> Result<String> {
    let text = review
        .to_toml()
        .map_err(|e| Error::refused(format!("cannot write the review as TOML: {e}")))?;
    super::write::seal(review, text, |file, text| {
        let raw = review::parse(file, text)?;
        Ok(rules::check(file, text, raw, None, None).record)
    })
}

/// The review `--amend` names: a file name in the person's folder of
/// reviews, or a path to a file there; refused as an assessment's would be.
pub(crate) fn read_amended_review(
    workspace: &Workspace,
    person: &Id,
    given: &str,
) -> Result<(String, Review)> {
    let rel = review_rel(person.as_str());
    let dir = workspace.dir().join(&rel);
    let folder = Folder::read_at(workspace.dir(), &rel, &dir)?;
    amended_in(
        &Amending {
            dir: &dir,
            folder: &folder,
            person: person.as_str(),
            given,
            instead: "review",
        },
        |path| check_one(path, folder.read_text(path), None, Some(person.as_str())).checked,
        || Ok(person_reviews(workspace, None, person)?.reviews),
    )
}

/// `validate`'s walk of `reviews/`: every person's folder, every review
/// checked against the catalogue and roster, the links and ids across them,
/// file modes and leftovers. Returns the number of files and the problems.
pub(crate) fn check_reviews(
    workspace: &Workspace,
    context: Context<'_>,
) -> (usize, Vec<Diagnostic>) {
    let root = workspace.dir();
    let top = root.join(FOLDER);
    let entries = match root.open_folder(FOLDER) {
        Ok(crate::file::Opened::Missing) => return (0, Vec::new()),
        Ok(crate::file::Opened::Link) => return (0, vec![crate::file::symlink(&top)]),
        Ok(crate::file::Opened::Folder(_, entries)) => entries,
        Err(e) => {
            let e = Error::io("read the folder", &top, e);
            return (0, vec![super::walk::unreadable_folder(&top, &e)]);
        }
    };
    let mut people: Vec<String> = entries
        .into_iter()
        .filter(|(name, kind)| {
            matches!(kind, crate::file::Kind::Folder | crate::file::Kind::Link)
                && !name.starts_with('.')
        })
        .map(|(name, _)| name)
        .collect();
    people.sort();
    let mut diagnostics = Vec::new();
    diagnostics.extend(privacy(root, FOLDER));
    let mut files = 0;
    for person in people {
        let rel = review_rel(&person);
        let dir = root.join(&rel);
        if !crate::id::is_valid_id(&person) {
            diagnostics.push(
                Diagnostic::error(
                    Code::BadId,
                    &dir,
                    format!(
                        "the folder name `{}` is not a valid person id",
                        person.escape_debug()
                    ),
                )
                .with_help("rename the folder to lowercase letters, digits and hyphens"),
            );
            continue;
        }
        let folder = match Folder::read_at(root, &rel, &dir) {
            Ok(folder) => folder,
            Err(Error::Invalid(found)) => {
                diagnostics.extend(found);
                continue;
            }
            Err(e) => {
                diagnostics.push(super::walk::unreadable_folder(&dir, &e));
                continue;
            }
        };
        diagnostics.extend(privacy(root, &rel));
        let (read, across) = read_folder(&folder, Some(context), &person);
        files += read.len();
        for (r, across) in read.into_iter().zip(across) {
            diagnostics.extend(r.checked.diagnostics);
            diagnostics.extend(privacy(root, &format!("{rel}/{}", file_name(&r.path))));
            diagnostics.extend(across);
        }
        for leftover in &folder.leftovers {
            diagnostics.push(Diagnostic::warning(
                Code::LeftoverTemporaryFile,
                leftover,
                "a temporary file left by an interrupted write; it is not a record and is safe to delete",
            ));
        }
    }
    (files, diagnostics)
}

/// Check one review file named on the command line (`validate FILE`): its
/// folder's name is the person's when it sits in `reviews/<person>/`.
pub(crate) fn check_review_file(path: &Path, context: Context<'_>) -> Vec<Diagnostic> {
    let folder = path
        .parent()
        .filter(|p| p.parent().is_some_and(|a| a.ends_with(FOLDER)))
        .and_then(|p| p.file_name())
        .and_then(|n| n.to_str());
    let text = crate::file::read_text(path, crate::file::Links::Follow);
    let mut diagnostics = check_one(path, text, Some(context), folder)
        .checked
        .diagnostics;
    if let Ok(metadata) = std::fs::metadata(path) {
        #[cfg(unix)]
        let mode = std::os::unix::fs::PermissionsExt::mode(&metadata.permissions());
        #[cfg(not(unix))]
        let mode = 0o600;
        diagnostics.extend(super::privacy_of(path, mode, metadata.is_dir()));
    }
    diagnostics
}
