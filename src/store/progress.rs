//! The questionnaire's progress files: the answers of an unfinished
//! questionnaire, kept in the workspace's own folder
//! (`.competency/progress/`), never in a person's folder (which appears only
//! with their first record), so a stopped questionnaire can carry on.
//! Saved and removed through the workspace's one write path.

use std::path::PathBuf;

use super::Change;
use crate::error::Result;
use crate::model::Subject;
use crate::record::{self, RaterKind, RawRecord, Record};
use crate::workspace::Workspace;

/// Where the answers of one unfinished questionnaire are kept.
#[derive(Clone, Debug)]
pub(crate) struct Progress {
    rel: String,
    /// Where versions before 0.2 kept them: a hidden file in the person's folder.
    legacy: String,
    path: PathBuf,
}

impl Progress {
    /// The progress file of `person`'s questionnaire on `framework` by `by`.
    pub(crate) fn of(
        workspace: &Workspace,
        person: &str,
        framework: &str,
        by: RaterKind,
        subject: Subject,
    ) -> Progress {
        let name = format!("{framework}-{by}-{}.toml", subject.as_str());
        let rel = format!("{}/progress/{person}-{name}", super::change::PRIVATE_DIR);
        Progress {
            path: workspace.dir().join(&rel),
            legacy: format!("assessments/{person}/.progress-{name}"),
            rel,
        }
    }

    /// The file's path, for messages.
    pub(crate) fn path(&self) -> &std::path::Path {
        &self.path
    }

    /// Whether answers are kept.
    pub(crate) fn exists(&self, workspace: &Workspace) -> bool {
        workspace.dir().is_file(&self.rel) || workspace.dir().is_file(&self.legacy)
    }

    /// The saved answers, if there are any that read.
    pub(crate) fn read(&self, workspace: &Workspace) -> Option<RawRecord> {
        [&self.rel, &self.legacy].into_iter().find_map(|rel| {
            let text = workspace.dir().read_text(rel).ok()?;
            record::parse(&workspace.dir().join(rel), &text).ok()
        })
    }

    /// Save the answers so far, replacing the last saved.
    pub(crate) fn save(&self, workspace: &Workspace, answers: &Record) -> Result<()> {
        super::apply(
            workspace.dir(),
            "saving the questionnaire's answers",
            |change| change.progress(&self.rel, answers),
        )
    }

    /// Remove the answers, in the change that writes the record they became.
    pub(crate) fn remove(&self, change: &mut Change<'_>) -> Result<()> {
        change.remove_private(&self.rel)?;
        if change.root().is_file(&self.legacy) {
            change.remove_private(&self.legacy)?;
        }
        Ok(())
    }
}
