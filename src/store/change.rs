//! The workspace's one write path. Every change — a record, an import, the
//! roster, a framework copy, the questionnaire's saved answers, a new
//! workspace — goes through [`apply`]:
//!
//! 1. take the workspace lock;
//! 2. finish or roll back a change an earlier command left half done;
//! 3. read the current state *under the lock* and build the change from it
//!    (the caller's closure), each file checked by the reader that will read
//!    it back ([`Change`]'s typed methods: nothing unchecked can be added);
//! 4. stage every file in `.competency/change/files/`, make them durable;
//! 5. write the journal (`.competency/change/journal`, by rename: the commit
//!    point) naming where each staged file goes;
//! 6. move the files into place by renames (a person's folder is made just
//!    before its first record moves in), make that durable, and remove the
//!    journal.
//!
//! A kill before step 5 leaves only staged files, which the next command
//! removes; a kill after it leaves a journal, which the next command carries
//! out to the end. Either way the workspace holds all of the change or none
//! of it. Every file is reached through the workspace's open root
//! ([`Root`]): no step follows a symbolic link or leaves the workspace.

use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;

use serde::{Deserialize, Serialize};

use super::WorkspaceLock;
use crate::diagnostic::{Code, Diagnostic};
use crate::error::{Error, Result};
use crate::file::{Kind, MAX_FILE_BYTES, Opened, Root, is_plain};
use crate::record::Record;

/// The tool's own folder in a workspace.
pub(crate) const PRIVATE_DIR: &str = ".competency";
/// A change being committed.
const CHANGE_DIR: &str = ".competency/change";
const STAGED_DIR: &str = ".competency/change/files";
const JOURNAL: &str = ".competency/change/journal";
const JOURNAL_NEW: &str = ".competency/change/journal.new";

/// Where each file of a change goes, written before any is moved.
#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
struct Journal {
    /// What the change is, in words: "import of ratings.csv".
    what: String,
    /// When it was committed (UTC).
    started: String,
    #[serde(default, rename = "step")]
    steps: Vec<Step>,
}

/// One step of a change.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
struct Step {
    /// `create` (never over an existing file), `replace`, `remove` or `folder`.
    action: Action,
    /// The file, relative to the workspace.
    path: String,
    /// The staged file's name in `.competency/change/files/`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    staged: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
enum Action {
    Create,
    Replace,
    Remove,
    /// A folder made (with those above it) when missing.
    Folder,
    /// A person's folder removed with everything in it (a purge).
    RemoveTree,
}

/// A change to a workspace, built under the lock and checked file by file.
pub(crate) struct Change<'r> {
    root: &'r Root,
    what: String,
    steps: Vec<(Step, Vec<u8>)>,
    /// Per record folder: the names taken (on disk or by this change), and
    /// the next number to try for each name's stem.
    names: HashMap<String, Names>,
}

#[derive(Default)]
struct Names {
    taken: HashSet<String>,
    next: HashMap<String, u32>,
}

impl<'r> Change<'r> {
    fn new(root: &'r Root, what: &str) -> Self {
        Change {
            root,
            what: what.to_owned(),
            steps: Vec::new(),
            names: HashMap::new(),
        }
    }

    /// Whether the change does nothing.
    pub(crate) fn is_empty(&self) -> bool {
        self.steps.is_empty()
    }

    /// The workspace root the change is made in.
    pub(crate) fn root(&self) -> &'r Root {
        self.root
    }

    fn push(&mut self, action: Action, path: String, bytes: Vec<u8>) -> Result<()> {
        if !is_plain(&path) {
            return Err(Error::refused(format!(
                "`{}` is not a path inside the workspace; nothing was written",
                path.escape_debug()
            )));
        }
        if bytes.len() as u64 > MAX_FILE_BYTES {
            return Err(Error::Invalid(vec![
                Diagnostic::error(
                    Code::FileTooLarge,
                    &self.root.join(&path),
                    format!(
                        "the file would be {} MiB, but files over {} MiB are refused when read; nothing was written",
                        bytes.len() / (1024 * 1024),
                        MAX_FILE_BYTES / (1024 * 1024)
                    ),
                )
                .with_help("shorten the longest texts (evidence) and try again"),
            ]));
        }
        let staged = matches!(action, Action::Create | Action::Replace)
            .then(|| self.steps.len().to_string());
        self.steps.push((
            Step {
                action,
                path,
                staged,
            },
            bytes,
        ));
        Ok(())
    }

    /// A free file name for `record` in its person's folder:
    /// `2026-11-24-wdcvs-manager.toml`, then `...-2.toml`, `...-3.toml`, the
    /// first not taken on disk or by this change. The folder is listed once.
    pub(crate) fn record_name(&mut self, record: &Record) -> Result<String> {
        let person = record.person.as_str();
        if !crate::id::is_valid_id(person) {
            return Err(Error::refused(format!(
                "`{}` is not a valid person id; nothing was written",
                person.escape_debug()
            )));
        }
        let stem = format!("{}-{}-{}", record.date, record.framework, record.by);
        self.free_name(&super::person_rel(person), stem)
    }

    /// The first name `STEM.toml`, `STEM-2.toml`, ... in the workspace's
    /// folder `rel` not taken on disk or by this change: the naming of
    /// every kind of record. The folder is listed once per change.
    pub(crate) fn free_name(&mut self, rel: &str, stem: String) -> Result<String> {
        if !self.names.contains_key(rel) {
            let names = self.listed(rel)?;
            self.names.insert(rel.to_owned(), names);
        }
        let names = self.names.entry(rel.to_owned()).or_default();
        let mut n = names.next.get(&stem).copied().unwrap_or(1);
        let name = loop {
            let name = if n == 1 {
                format!("{stem}.toml")
            } else {
                format!("{stem}-{n}.toml")
            };
            if !names.taken.contains(&name) {
                break name;
            }
            n += 1;
        };
        names.next.insert(stem, n + 1);
        names.taken.insert(name.clone());
        Ok(name)
    }

    /// The names in a folder of the workspace (none when it is missing).
    fn listed(&self, rel: &str) -> Result<Names> {
        let path = self.root.join(rel);
        match self.root.open_folder(rel) {
            Ok(Opened::Missing) => Ok(Names::default()),
            Ok(Opened::Link) => Err(Error::Invalid(vec![crate::file::symlink(&path)])),
            Ok(Opened::Folder(_, entries)) => Ok(Names {
                taken: entries.into_iter().map(|(name, _)| name).collect(),
                next: HashMap::new(),
            }),
            Err(e) => Err(Error::io("read the folder", &path, e)),
        }
    }

    /// Add a new record under `name` (from [`Change::record_name`]), sealed:
    /// written as text and read back as exactly this record.
    pub(crate) fn record(&mut self, record: &Record, name: &str) -> Result<String> {
        if !crate::record::chain::is_record_name(name) {
            return Err(Error::refused(format!(
                "`{}` is not a record's file name; nothing was written",
                name.escape_debug()
            )));
        }
        let text = super::write::sealed_text(record)?;
        let path = format!("assessments/{}/{name}", record.person);
        self.push(Action::Create, path.clone(), text.into_bytes())?;
        Ok(path)
    }

    /// Add a new review under `name` (from [`Change::free_name`] in its
    /// person's folder of reviews), sealed as a record is.
    pub(crate) fn review(&mut self, review: &crate::review::Review, name: &str) -> Result<String> {
        if !crate::record::chain::is_record_name(name) || !crate::id::is_valid_id(&review.person) {
            return Err(Error::refused(format!(
                "`{}` is not a review's file name; nothing was written",
                name.escape_debug()
            )));
        }
        let text = super::review::sealed_review_text(review)?;
        let path = format!("{}/{name}", super::review::review_rel(&review.person));
        self.push(Action::Create, path.clone(), text.into_bytes())?;
        Ok(path)
    }

    /// Replace the roster with `text`, which must read back as `roster`.
    pub(crate) fn roster(&mut self, text: String, roster: &crate::roster::Roster) -> Result<()> {
        let path = self.root.join(super::ROSTER_FILE);
        let reread: crate::roster::Roster = crate::parse::parse_toml(&path, &text)?;
        let mut expected = roster.clone();
        expected.sort();
        let mut reread = reread;
        reread.sort();
        if reread != expected {
            return Err(Error::refused(
                "the new roster does not read back as written; nothing was changed".to_owned(),
            ));
        }
        self.push(
            Action::Replace,
            super::ROSTER_FILE.to_owned(),
            text.into_bytes(),
        )
    }

    /// A new framework file `frameworks/ID.yaml`, which must load as a valid
    /// framework with that id.
    pub(crate) fn framework(&mut self, id: &str, text: &str) -> Result<String> {
        let rel = format!("frameworks/{id}.yaml");
        let loaded =
            crate::framework_file::framework_from_str(&self.root.join(&rel), text, Some(id));
        if loaded.value.is_none() || loaded.has_errors() {
            return Err(Error::Invalid(loaded.diagnostics));
        }
        self.push(Action::Create, rel.clone(), text.as_bytes().to_vec())?;
        Ok(rel)
    }

    /// The settings file, `competency.toml`, which must read as settings.
    pub(crate) fn settings(&mut self, text: &str, replace: bool) -> Result<()> {
        let path = self.root.join(crate::settings::FILE);
        crate::settings::Settings::from_text(&path, text, &|id| {
            crate::catalog::BUNDLED.iter().any(|(b, _)| *b == id)
                || self.root.is_file(&format!("frameworks/{id}.yaml"))
        })?;
        let action = if replace {
            Action::Replace
        } else {
            Action::Create
        };
        self.push(
            action,
            crate::settings::FILE.to_owned(),
            text.as_bytes().to_vec(),
        )
    }

    /// A new file of plain text that no command reads back (a workspace's
    /// README) or a starter role file (checked when first used, as a
    /// user's own).
    pub(crate) fn text_file(&mut self, rel: &str, text: &str) -> Result<()> {
        let allowed = rel == "README.md"
            || (rel.starts_with("roles/")
                && std::path::Path::new(rel)
                    .extension()
                    .is_some_and(|e| e == "yaml"));
        if !allowed {
            return Err(Error::refused(format!(
                "`{}` is not a file the tool writes; nothing was written",
                rel.escape_debug()
            )));
        }
        self.push(Action::Create, rel.to_owned(), text.as_bytes().to_vec())
    }

    /// A folder of the workspace's layout (`roles`, `assessments`), made
    /// when missing.
    pub(crate) fn folder(&mut self, rel: &str) -> Result<()> {
        if !matches!(rel, "roles" | "assessments" | "frameworks") {
            return Err(Error::refused(format!(
                "`{}` is not a folder the tool makes; nothing was written",
                rel.escape_debug()
            )));
        }
        self.push(Action::Folder, rel.to_owned(), Vec::new())
    }

    /// The questionnaire's saved answers, replacing earlier ones; they must
    /// read back as a record's text does.
    #[cfg(feature = "interactive")]
    pub(crate) fn progress(&mut self, rel: &str, answers: &Record) -> Result<()> {
        let text = answers
            .to_toml()
            .map_err(|e| Error::refused(format!("cannot write the answers as TOML: {e}")))?;
        crate::record::parse(&self.root.join(rel), &text).map_err(|d| Error::Invalid(vec![d]))?;
        Self::check_private(rel)?;
        self.push(Action::Replace, rel.to_owned(), text.into_bytes())
    }

    /// Remove a person's folders, `assessments/<id>` and `reviews/<id>`,
    /// with everything in them.
    pub(crate) fn remove_person_folder(&mut self, person: &str) -> Result<()> {
        if !crate::id::is_valid_id(person) {
            return Err(Error::refused(format!(
                "`{}` is not a valid person id; nothing was removed",
                person.escape_debug()
            )));
        }
        self.push(Action::RemoveTree, super::person_rel(person), Vec::new())?;
        self.push(
            Action::RemoveTree,
            super::review::review_rel(person),
            Vec::new(),
        )
    }

    /// Remove the questionnaire's saved answers `.competency/progress/NAME`.
    pub(crate) fn remove_file(&mut self, rel: &str) -> Result<()> {
        let saved = rel
            .strip_prefix(".competency/progress/")
            .is_some_and(|name| !name.is_empty() && !name.contains('/'));
        if !saved {
            return Err(Error::refused(format!(
                "`{}` is not a file of saved answers; nothing was removed",
                rel.escape_debug()
            )));
        }
        self.push(Action::Remove, rel.to_owned(), Vec::new())
    }

    /// Replace `purged.log` with `text`: one JSON object per line.
    pub(crate) fn purge_log(&mut self, text: &str) -> Result<()> {
        let path = self.root.join(super::purge::PURGED_LOG);
        for (i, line) in text.lines().enumerate() {
            if !serde_json::from_str::<serde_json::Value>(line).is_ok_and(|v| v.is_object()) {
                return Err(Error::refused(format!(
                    "`{}` line {} is not a tombstone this tool wrote; correct it, then purge again. Nothing was removed",
                    path.display(),
                    i + 1
                )));
            }
        }
        self.push(
            Action::Replace,
            super::purge::PURGED_LOG.to_owned(),
            text.as_bytes().to_vec(),
        )
    }

    /// A new file of the tool's own that never changes once made (the
    /// workspace's salt).
    pub(crate) fn salt(&mut self, rel: &str, text: &str) -> Result<()> {
        if !rel.starts_with(".competency/") || rel.starts_with(".competency/change") {
            return Err(Error::refused(format!(
                "`{}` is not one of the tool's own files; nothing was written",
                rel.escape_debug()
            )));
        }
        self.push(Action::Create, rel.to_owned(), text.as_bytes().to_vec())
    }

    /// Remove a file of the tool's own (`.competency/...`), such as saved
    /// answers once they are in a record.
    #[cfg(feature = "interactive")]
    pub(crate) fn remove_private(&mut self, rel: &str) -> Result<()> {
        Self::check_private(rel)?;
        self.push(Action::Remove, rel.to_owned(), Vec::new())
    }

    #[cfg(feature = "interactive")]
    fn check_private(rel: &str) -> Result<()> {
        let own = rel.starts_with(".competency/") && !rel.starts_with(".competency/change");
        // The questionnaire's answers as versions before 0.2 kept them.
        let legacy = rel.starts_with("assessments/")
            && rel
                .rsplit('/')
                .next()
                .is_some_and(|name| name.starts_with(".progress-"));
        if own || legacy {
            Ok(())
        } else {
            Err(Error::refused(format!(
                "`{}` is not one of the tool's own files; nothing was written",
                rel.escape_debug()
            )))
        }
    }
}

/// Apply a change to the workspace at `root`: under its lock, after
/// finishing any change left half done, `build` reads what it needs and adds
/// the files; then all are committed, or none.
pub(crate) fn apply<T>(
    root: &Root,
    what: &str,
    build: impl FnOnce(&mut Change<'_>) -> Result<T>,
) -> Result<T> {
    super::lock::CommitLock::released(root, || {
        let _lock = WorkspaceLock::acquire(root)?;
        recover_locked(root)?;
        let mut change = Change::new(root, what);
        let value = build(&mut change)?;
        if !change.is_empty() {
            commit(root, change)?;
        }
        Ok(value)
    })
}

/// Build a change as [`apply`] would, against the workspace as it is now,
/// and commit nothing: what a `--dry-run` reports.
pub(crate) fn preview<T>(
    root: &Root,
    build: impl FnOnce(&mut Change<'_>) -> Result<T>,
) -> Result<T> {
    let mut change = Change::new(root, "a dry run");
    build(&mut change)
}

/// A change an earlier command left half done, and what became of it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Recovered {
    /// What the change was.
    pub what: String,
    /// When it was started, when known.
    pub started: Option<String>,
    /// True when it was carried out to the end (its journal was written);
    /// false when it was rolled back (nothing of it had been committed).
    pub completed: bool,
    /// Files it put in place now.
    pub files: usize,
    /// Files that could not be put in place because something else was
    /// already there (kept as it was).
    pub conflicts: Vec<String>,
}

impl Recovered {
    /// In words, for a note on stderr and `validate`.
    pub(crate) fn sentence(&self) -> String {
        let when = self
            .started
            .as_deref()
            .map(|s| format!(" (started {s})"))
            .unwrap_or_default();
        let mut text = if self.completed {
            format!(
                "a change was interrupted{when}: {}; it has now been completed ({} {} put in place)",
                self.what,
                self.files,
                if self.files == 1 { "file" } else { "files" }
            )
        } else {
            format!(
                "a change was interrupted before it was committed{when}: {}; nothing of it was kept",
                self.what
            )
        };
        if !self.conflicts.is_empty() {
            let _ = write!(
                text,
                "; {} could not be put in place because a file was already there: {}",
                self.conflicts.len(),
                self.conflicts.join(", ")
            );
        }
        text
    }

    /// As a diagnostic, for `validate`.
    pub(crate) fn diagnostic(&self, root: &Root) -> Diagnostic {
        Diagnostic::warning(
            Code::InterruptedChange,
            &root.join(CHANGE_DIR),
            self.sentence(),
        )
    }
}

/// Whether a change was left half done (its folder is there).
pub(crate) fn is_pending(root: &Root) -> bool {
    matches!(root.stat(CHANGE_DIR), Ok(Some(_)))
}

/// Finish or roll back a change left half done, if there is one and no
/// other command is writing; `None` when there was nothing to do (or it
/// could not be done now: another command holds the lock, or the workspace
/// cannot be written).
pub(crate) fn recover(root: &Root) -> Result<Option<Recovered>> {
    if !is_pending(root) {
        return Ok(None);
    }
    let Ok(Some(_lock)) = WorkspaceLock::try_acquire(root) else {
        return Ok(None);
    };
    recover_locked(root)
}

fn recover_locked(root: &Root) -> Result<Option<Recovered>> {
    if !is_pending(root) {
        return Ok(None);
    }
    let io = |e| Error::io("finish an interrupted change in", &root.join(CHANGE_DIR), e);
    // No journal: the change was never committed, so nothing of it is kept.
    if root.stat(JOURNAL).map_err(io)?.is_none() {
        root.remove_tree(CHANGE_DIR).map_err(io)?;
        return Ok(Some(Recovered {
            what: "a change that had not been committed".to_owned(),
            started: None,
            completed: false,
            files: 0,
            conflicts: Vec::new(),
        }));
    }
    let text = root
        .read_text(JOURNAL)
        .map_err(|d| Error::Invalid(vec![d]))?;
    let journal: Journal = crate::parse::parse_toml(&root.join(JOURNAL), &text).map_err(|d| {
        Error::Invalid(vec![d.with_help(
            "this journal of an interrupted change cannot be read; if you are sure nothing of the change is needed, remove the folder .competency/change",
        )])
    })?;
    let mut recovered = Recovered {
        what: journal.what.clone(),
        started: Some(journal.started.clone()),
        completed: true,
        files: 0,
        conflicts: Vec::new(),
    };
    for step in &journal.steps {
        match carry_out(root, step) {
            Ok(true) => recovered.files += 1,
            Ok(false) => {}
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                recovered.conflicts.push(step.path.clone());
            }
            Err(e) => {
                return Err(Error::io(
                    "finish an interrupted change in",
                    &root.join(&step.path),
                    e,
                ));
            }
        }
    }
    root.sync(&[], &[]).map_err(io)?;
    root.remove_tree(CHANGE_DIR).map_err(io)?;
    Ok(Some(recovered))
}

/// Commit a change built under the lock.
fn commit(root: &Root, change: Change<'_>) -> Result<()> {
    let io = |path: &str| {
        let path = root.join(path);
        move |e| Error::io("write", &path, e)
    };
    root.create_folder(PRIVATE_DIR).map_err(io(PRIVATE_DIR))?;
    root.remove_tree(CHANGE_DIR).map_err(io(CHANGE_DIR))?;
    root.create_folder(CHANGE_DIR).map_err(io(CHANGE_DIR))?;
    root.create_folder(STAGED_DIR).map_err(io(STAGED_DIR))?;
    let mut written = Vec::new();
    let mut steps = Vec::with_capacity(change.steps.len());
    for (step, bytes) in change.steps {
        if let Some(staged) = &step.staged {
            let rel = format!("{STAGED_DIR}/{staged}");
            written.push(root.write_new(&rel, &bytes).map_err(io(&rel))?);
        }
        steps.push(step);
    }
    root.sync(&written, &[STAGED_DIR]).map_err(io(STAGED_DIR))?;
    drop(written);
    let journal = Journal {
        what: change.what,
        started: jiff::Timestamp::now()
            .round(jiff::Unit::Second)
            .map_or_else(|_| jiff::Timestamp::now().to_string(), |t| t.to_string()),
        steps,
    };
    let text = format!(
        "# A change being committed to this workspace. If this file is here, a\n# command was interrupted: the next competency command completes the change.\n{}",
        toml::to_string(&journal)
            .map_err(|e| Error::refused(format!("cannot write the journal: {e}")))?
    );
    let file = root
        .write_new(JOURNAL_NEW, text.as_bytes())
        .map_err(io(JOURNAL_NEW))?;
    root.sync(&[file], &[CHANGE_DIR]).map_err(io(JOURNAL_NEW))?;
    // The commit point: from here on the change is carried out, now or by
    // the next command.
    root.rename(JOURNAL_NEW, JOURNAL, true)
        .map_err(io(JOURNAL))?;
    root.sync(&[], &[CHANGE_DIR]).map_err(io(JOURNAL))?;
    let mut folders: Vec<String> = Vec::new();
    super::lock::CommitLock::exclusive(root, || {
        for step in &journal.steps {
            if let Err(e) = carry_out(root, step) {
                return Err(Error::io("write", &root.join(&step.path), e).context(
                    "the change is committed and will be completed by the next competency command",
                ));
            }
            let parent = step.path.rsplit_once('/').map_or("", |(p, _)| p);
            if !folders.iter().any(|f| f == parent) {
                folders.push(parent.to_owned());
            }
        }
        Ok(())
    })?;
    let folders: Vec<&str> = folders.iter().map(String::as_str).collect();
    root.sync(&[], &folders).map_err(io(CHANGE_DIR))?;
    root.remove_tree(CHANGE_DIR).map_err(io(CHANGE_DIR))?;
    Ok(())
}

/// Carry out one step of a committed change; false when it had already
/// been done. A file to create whose place is taken is an `AlreadyExists`
/// error (the staged copy is kept until the change folder goes).
fn carry_out(root: &Root, step: &Step) -> std::io::Result<bool> {
    if !is_plain(&step.path) || step.path.starts_with(CHANGE_DIR) {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            "the journal names a path outside the workspace's files",
        ));
    }
    match step.action {
        Action::Remove => {
            root.remove_file(&step.path)?;
            return Ok(true);
        }
        Action::RemoveTree => {
            // Only a person's folder, whatever the journal says.
            let person = step
                .path
                .strip_prefix("assessments/")
                .or_else(|| step.path.strip_prefix("reviews/"))
                .unwrap_or_default();
            if !crate::id::is_valid_id(person) {
                return Err(std::io::Error::new(
                    std::io::ErrorKind::InvalidInput,
                    "the journal names a folder to remove that is not a person's",
                ));
            }
            root.remove_tree(&step.path)?;
            return Ok(true);
        }
        Action::Folder => {
            root.create_folders(&step.path)?;
            return Ok(false);
        }
        Action::Create | Action::Replace => {}
    }
    let Some(staged) = &step.staged else {
        return Ok(false);
    };
    let from = format!("{STAGED_DIR}/{staged}");
    if !is_plain(&from) || staged.contains('/') {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            "the journal names a staged file outside its folder",
        ));
    }
    match root.stat(&from)? {
        Some(s) if s.kind == Kind::File => {}
        // Already moved into place.
        _ => return Ok(false),
    }
    if let Some((parent, _)) = step.path.rsplit_once('/') {
        root.create_folders(parent)?;
    }
    root.rename(&from, &step.path, step.action == Action::Replace)?;
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn root() -> (tempfile::TempDir, Root) {
        let dir = tempfile::tempdir().unwrap();
        let root = Root::open(dir.path()).unwrap();
        (dir, root)
    }

    fn roster_text(ids: &[&str]) -> (String, crate::roster::Roster) {
        let roster = crate::roster::Roster {
            schema: crate::roster::SCHEMA,
            people: ids
                .iter()
                .map(|id| crate::roster::Member {
                    id: (*id).to_owned(),
                    name: id.to_uppercase(),
                    ..crate::roster::Member::default()
                })
                .collect(),
            problems: Vec::new(),
        };
        (toml::to_string(&roster).unwrap(), roster)
    }

    #[test]
    fn a_change_is_committed_whole_and_leaves_no_journal() {
        let (dir, root) = root();
        let (text, roster) = roster_text(&["ann"]);
        apply(&root, "a test", |change| change.roster(text, &roster)).unwrap();
        assert!(dir.path().join("roster.toml").is_file());
        assert!(!dir.path().join(CHANGE_DIR).exists());
    }

    #[test]
    fn a_change_killed_after_its_journal_is_completed_and_one_killed_before_is_rolled_back() {
        let (dir, root) = root();
        // Staged, journal written, nothing moved: as if killed at the commit point.
        root.create_folders(STAGED_DIR).unwrap();
        let (text, _) = roster_text(&["bob"]);
        root.write_new(&format!("{STAGED_DIR}/0"), text.as_bytes())
            .unwrap();
        let journal = Journal {
            what: "a test".to_owned(),
            started: "2026-01-01T00:00:00Z".to_owned(),
            steps: vec![Step {
                action: Action::Replace,
                path: "roster.toml".to_owned(),
                staged: Some("0".to_owned()),
            }],
        };
        root.write_new(JOURNAL, toml::to_string(&journal).unwrap().as_bytes())
            .unwrap();
        let recovered = recover(&root).unwrap().unwrap();
        assert!(recovered.completed);
        assert_eq!(recovered.files, 1);
        assert_eq!(
            std::fs::read_to_string(dir.path().join("roster.toml")).unwrap(),
            text
        );
        assert!(!dir.path().join(CHANGE_DIR).exists());
        // Staged only: rolled back.
        root.create_folders(STAGED_DIR).unwrap();
        root.write_new(&format!("{STAGED_DIR}/0"), b"x").unwrap();
        let recovered = recover(&root).unwrap().unwrap();
        assert!(!recovered.completed);
        assert_eq!(
            std::fs::read_to_string(dir.path().join("roster.toml")).unwrap(),
            text
        );
        assert!(recover(&root).unwrap().is_none());
    }

    #[test]
    fn a_journal_cannot_send_a_file_outside_the_workspace() {
        let (_dir, root) = root();
        root.create_folders(STAGED_DIR).unwrap();
        root.write_new(&format!("{STAGED_DIR}/0"), b"x").unwrap();
        for path in [
            "../outside.toml",
            "/tmp/outside.toml",
            ".competency/change/x",
        ] {
            let step = Step {
                action: Action::Create,
                path: path.to_owned(),
                staged: Some("0".to_owned()),
            };
            assert!(carry_out(&root, &step).is_err(), "{path}");
        }
    }

    #[test]
    fn record_names_count_up_once_per_stem_without_rescanning() {
        let (dir, root) = root();
        std::fs::create_dir_all(dir.path().join("assessments/ann")).unwrap();
        std::fs::write(
            dir.path()
                .join("assessments/ann/2026-01-01-wdcvs-self.toml"),
            "",
        )
        .unwrap();
        let mut change = Change::new(&root, "test");
        let mut record = crate::record::fixture::record(
            crate::record::RaterKind::SelfAssessment,
            "2026-01-01",
            &[],
        );
        record.person = "ann".to_owned();
        record.framework = "wdcvs".to_owned();
        let names: Vec<String> = (0..3)
            .map(|_| change.record_name(&record).unwrap())
            .collect();
        assert_eq!(
            names,
            [
                "2026-01-01-wdcvs-self-2.toml",
                "2026-01-01-wdcvs-self-3.toml",
                "2026-01-01-wdcvs-self-4.toml"
            ]
        );
    }
}
