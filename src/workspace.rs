//! Finding, opening and creating workspaces, and reading their settings.
//!
//! A workspace is a folder with `competency.toml`, `roles/` and
//! `assessments/<person>/`. It is found by `--workspace`, else
//! `$COMPETENCY_WORKSPACE`, else the nearest folder upward from the current
//! directory that has `competency.toml`.

use std::path::{Path, PathBuf};

use std::sync::Arc;

use crate::diagnostic::{Code, Diagnostic};
use crate::error::{Error, Field, IoContext as _, Remedy, Request, Result};
use crate::file::{Root, create_private_dir};
pub(crate) use crate::settings::FILE as CONFIG_FILE;
use crate::settings::Settings;

pub(crate) const ENV_VAR: &str = "COMPETENCY_WORKSPACE";

/// An open workspace.
#[derive(Clone, Debug)]
pub(crate) struct Workspace {
    /// The folder's path, as given (for messages).
    pub root: PathBuf,
    /// The folder, open.
    dir: Arc<Root>,
    /// Its settings, checked when it was opened.
    pub settings: Settings,
    /// A change an earlier command left half done, finished or rolled back
    /// when the workspace was opened.
    pub recovered: Option<crate::store::Recovered>,
    /// The index of checked records, for a report that reads everyone
    /// (`store::with_index`); none otherwise.
    pub index: Option<Arc<crate::store::Index>>,
}

/// How a workspace was asked for.
#[derive(Clone, Debug)]
pub(crate) enum Locate {
    /// `--workspace DIR` or `$COMPETENCY_WORKSPACE`: must be a workspace.
    Given(PathBuf, Named),
    /// Search upward from this folder.
    Search(PathBuf),
}

/// Where a workspace named outright was named.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Named {
    /// The command line's `--workspace`.
    Flag,
    /// The environment's `$COMPETENCY_WORKSPACE`.
    Environment,
}

impl std::fmt::Display for Named {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Named::Flag => "the command line",
            Named::Environment => "$COMPETENCY_WORKSPACE",
        })
    }
}

impl Locate {
    /// From `--workspace`, the environment, or the current directory.
    pub(crate) fn from_env(flag: Option<&Path>) -> Locate {
        if let Some(dir) = flag {
            return Locate::Given(dir.to_path_buf(), Named::Flag);
        }
        if let Some(dir) = std::env::var_os(ENV_VAR).filter(|v| !v.is_empty()) {
            return Locate::Given(PathBuf::from(dir), Named::Environment);
        }
        Locate::Search(std::env::current_dir().unwrap_or_else(|_| PathBuf::from(".")))
    }

    /// The workspace root, `None` when searching found none.
    pub(crate) fn root(&self) -> Result<Option<PathBuf>> {
        match self {
            Locate::Given(dir, source) => {
                // Named on the command line: about that field; from the
                // environment: the sentence says so.
                let from = match source {
                    Named::Flag => String::new(),
                    Named::Environment => format!(" (from {source})"),
                };
                let refuse = |sentence: String| -> Request {
                    match source {
                        Named::Flag => Request::refused(sentence).on(Field::Workspace),
                        Named::Environment => Request::refused(sentence),
                    }
                };
                let config = dir.join(CONFIG_FILE);
                match std::fs::metadata(&config) {
                    Ok(m) if m.is_file() => return Ok(Some(dir.clone())),
                    Err(e) if e.kind() == std::io::ErrorKind::PermissionDenied => {
                        return Err(Error::from(refuse(format!(
                            "cannot read the workspace folder `{}`{from}: permission denied",
                            dir.display()
                        ))));
                    }
                    _ => {}
                }
                match std::fs::metadata(dir) {
                    Ok(m) if m.is_dir() => Err(refuse(format!(
                        "`{}`{from} is not a workspace: it has no {CONFIG_FILE}",
                        dir.display(),
                    ))
                    .or(Remedy::Init {
                        dir: dir.display().to_string(),
                    })
                    .into()),
                    Ok(_) => Err(Error::from(refuse(format!(
                        "`{}`{from} is a file, not a folder; give the workspace folder",
                        dir.display()
                    )))),
                    Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                        Err(Error::from(refuse(format!(
                            "the workspace folder `{}`{from} does not exist",
                            dir.display()
                        ))))
                    }
                    Err(e) => Err(Error::io("read the workspace folder", dir, e)),
                }
            }
            // Found by searching up from the current folder: name it relative to
            // that folder (`.`, `..`), so paths in messages stay short.
            Locate::Search(start) => Ok(start
                .ancestors()
                .enumerate()
                .find(|(_, dir)| dir.join(CONFIG_FILE).is_file())
                .map(|(up, _)| match up {
                    0 => PathBuf::from("."),
                    n => std::iter::repeat_n("..", n).collect(),
                })),
        }
    }
}

impl Workspace {
    /// Open the workspace at `root`: its folder, once (everything in it is
    /// read relative to that handle), and its settings. A change an earlier
    /// command left half done is finished or rolled back first.
    pub(crate) fn open(root: &Path) -> Result<Workspace> {
        let file = root.join(CONFIG_FILE);
        let dir = Root::open(root).map_err(|e| {
            Diagnostic::error(
                Code::UnreadableFile,
                root,
                format!(
                    "cannot open the workspace folder: {}",
                    crate::error::io_reason(&e)
                ),
            )
        })?;
        let recovered = match crate::store::recover(&dir) {
            Ok(recovered) => recovered,
            Err(Error::Invalid(mut d)) if !d.is_empty() => return Err(d.remove(0).into()),
            Err(e) => {
                return Err(Diagnostic::error(Code::InterruptedChange, &file, e.sentence()).into());
            }
        };
        // From here on this command sees any change whole or not at all.
        crate::store::CommitLock::hold_shared(&dir);
        let text = dir.read_text(CONFIG_FILE)?;
        let settings = Settings::from_text(&file, &text, &|id| {
            crate::catalog::BUNDLED.iter().any(|(b, _)| *b == id)
                || dir.is_file(&format!("frameworks/{id}.yaml"))
        })?;
        Ok(Workspace {
            root: root.to_path_buf(),
            dir: Arc::new(dir),
            settings,
            recovered,
            index: None,
        })
    }

    /// The workspace's open folder: every file in it is read through this.
    pub(crate) fn dir(&self) -> &Arc<Root> {
        &self.dir
    }

    pub(crate) fn assessments_dir(&self) -> PathBuf {
        self.root.join("assessments")
    }

    /// A path for messages: relative to the workspace when inside it.
    pub(crate) fn display_path(&self, path: &Path) -> PathBuf {
        path.strip_prefix(&self.root)
            .map_or_else(|_| path.to_path_buf(), Path::to_path_buf)
    }
}

/// What `init` made.
#[derive(Debug)]
pub(crate) struct Created {
    /// The folder was there before (its permissions were left as they were).
    pub existed: bool,
    /// Starter role files written into `roles/`.
    pub roles: Vec<PathBuf>,
}

/// Starter role profiles for the frameworks whose sources define no roles,
/// and an organisation's starter role for SSSC (whose organisational
/// capabilities rate the organisation): framework id, file name in
/// `roles/`, text.
const STARTER_ROLES: &[(&str, &str, &str)] = &[
    (
        "ombudsman",
        "caseworker.yaml",
        include_str!("workspace/starter/ombudsman.yaml"),
    ),
    (
        "cherwell-snc",
        "council-roles.yaml",
        include_str!("workspace/starter/cherwell-snc.yaml"),
    ),
    (
        "sssc-clf",
        "organisation.yaml",
        include_str!("workspace/starter/sssc-clf.yaml"),
    ),
];

const README: &str = include_str!("workspace/README.md");

/// Create a workspace in `dir`: settings, `roles/`, `assessments/` and a
/// README, private to the owner, through the workspace's one write path
/// with the settings file last: a workspace exists once it is there, so an
/// interrupted `init` leaves no half workspace (and the next `init` finishes
/// or rolls back what it left).
pub(crate) fn create(dir: &Path, settings: &Settings) -> Result<Created> {
    let already = || {
        Error::refused(format!(
            "`{}` is already a workspace (it has {CONFIG_FILE}); nothing was changed",
            dir.display()
        ))
    };
    // Refused before anything is touched (the lock included); checked again
    // under the lock.
    if std::fs::symlink_metadata(dir.join(CONFIG_FILE)).is_ok() {
        return Err(already());
    }
    if dir.exists() && !dir.is_dir() {
        return Err(Error::refused(format!(
            "`{}` is a file, not a folder; give a folder for the workspace",
            dir.display()
        )));
    }
    let text = settings
        .to_text()
        .map_err(|e| Error::io_other("cannot write the settings", e))?;
    // A folder made here is private (0700); one that was already there keeps
    // its permissions.
    let existed = dir.exists();
    create_private_dir(dir).doing("create", dir)?;
    let root = Root::open(dir).doing("open", dir)?;
    crate::store::apply(&root, "creating the workspace", |change| {
        if change.root().stat(CONFIG_FILE).ok().flatten().is_some() {
            return Err(already());
        }
        for sub in ["roles", "assessments"] {
            change.folder(sub)?;
        }
        if change.root().stat("README.md").ok().flatten().is_none() {
            change.text_file("README.md", README)?;
        }
        // A framework whose source defines no roles gets a starter role to
        // adapt; SSSC a starter role for the organisation itself.
        let mut roles = Vec::new();
        for (framework, name, text) in STARTER_ROLES {
            let rel = format!("roles/{name}");
            if settings.default_framework.as_deref() == Some(*framework)
                && change.root().stat(&rel).ok().flatten().is_none()
            {
                change.text_file(&rel, text)?;
                roles.push(dir.join("roles").join(name));
            }
        }
        change.settings(&text, false)?;
        Ok(Created { existed, roles })
    })
}
