//! The questionnaire's progress files: the answers of an unfinished
//! questionnaire, kept as a hidden file in the person's folder (never mistaken
//! for a record), so a stopped questionnaire can carry on.

use std::path::{Path, PathBuf};

use super::{WorkspaceLock, person_dir};
use crate::error::{Error, Result};
use crate::file::{Links, read_text};
use crate::model::Subject;
use crate::record::{self, RaterKind, RawRecord, Record};
use crate::workspace::Workspace;

/// Where the answers of an unfinished questionnaire are kept.
pub fn progress_path(
    workspace: &Workspace,
    person: &str,
    framework: &str,
    by: RaterKind,
    subject: Subject,
) -> PathBuf {
    person_dir(workspace, person).join(format!(
        ".progress-{framework}-{by}-{}.toml",
        subject.as_str()
    ))
}

/// The saved answers, if there are any that read.
pub fn read_progress(path: &Path) -> Option<RawRecord> {
    let text = read_text(path, Links::Refuse).ok()?;
    record::parse(path, &text).ok()
}

/// Save the answers so far, under the workspace lock like every write, so a
/// record writer never takes this write's temporary file for a dead
/// writer's leftover.
pub fn save_progress(workspace: &Workspace, path: &Path, answers: &Record) -> Result<()> {
    let text = answers
        .to_toml()
        .map_err(|e| Error::Usage(format!("cannot write the answers as TOML: {e}")))?;
    let _lock = WorkspaceLock::acquire(&workspace.root)?;
    let dir = super::write::person_folder(workspace, &answers.person)?;
    crate::file::write_private(path, text.as_bytes()).inspect_err(|_| dir.undo())
}

/// Remove the progress file once its answers are in a record.
pub fn remove_progress(path: &Path) {
    let _ = std::fs::remove_file(path);
}
