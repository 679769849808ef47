//! Finding, opening and creating workspaces, and reading their settings.
//!
//! A workspace is a folder with `competency.toml`, `roles/` and
//! `assessments/<person>/`. It is found by `--workspace`, else
//! `$COMPETENCY_WORKSPACE`, else the nearest folder upward from the current
//! directory that has `competency.toml`.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::diagnostic::{Code, Diagnostic, Location};
use crate::error::{Error, IoContext as _, Result};
use std::sync::Arc;

use crate::file::{Root, create_private_dir};
use crate::parse::parse_toml;

pub const CONFIG_FILE: &str = "competency.toml";
pub const ENV_VAR: &str = "COMPETENCY_WORKSPACE";

/// A workspace's settings, `competency.toml`.
#[derive(Clone, Debug, Default, Deserialize, Serialize, PartialEq, Eq, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
#[schemars(rename = "Settings")]
pub struct Config {
    /// The workspace's name, e.g. the organisation or team.
    #[serde(default)]
    pub name: String,
    /// Framework used by `assess` and `readiness` when `--framework` is not given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_framework: Option<String>,
    /// Rater name used by `assess` when `--rater` is not given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_rater: Option<String>,
    /// The appraisal cycle (default: the calendar year).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cycle: Option<CycleConfig>,
}

/// `[cycle]` in competency.toml: when the yearly appraisal cycle starts, and
/// when assessments are due within it.
#[derive(Clone, Debug, Default, Deserialize, Serialize, PartialEq, Eq, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct CycleConfig {
    /// The day each cycle starts, `MM-DD` (e.g. `04-01` for 1 April).
    pub starts: String,
    /// The day assessments are due, `MM-DD`, within the cycle (default: its last day).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due: Option<String>,
}

impl Config {
    /// The cycle rule; the calendar year when none is set.
    pub fn cycle_rule(&self) -> crate::report::status::Rule {
        use crate::report::status::{Rule, month_day};
        self.cycle
            .as_ref()
            .and_then(|c| {
                Some(Rule {
                    starts: month_day(&c.starts)?,
                    due: match &c.due {
                        Some(due) => Some(month_day(due)?),
                        None => None,
                    },
                })
            })
            .unwrap_or_default()
    }
}

/// An open workspace.
#[derive(Clone, Debug)]
pub struct Workspace {
    /// The folder's path, as given (for messages).
    pub root: PathBuf,
    /// The folder, open.
    dir: Arc<Root>,
    pub config: Config,
    /// A change an earlier command left half done, finished or rolled back
    /// when the workspace was opened.
    pub recovered: Option<crate::store::Recovered>,
}

/// How a workspace was asked for.
#[derive(Clone, Debug)]
pub enum Locate {
    /// `--workspace DIR` or `$COMPETENCY_WORKSPACE`: must be a workspace.
    Given(PathBuf, &'static str),
    /// Search upward from this folder.
    Search(PathBuf),
}

impl Locate {
    /// From `--workspace`, the environment, or the current directory.
    pub fn from_env(flag: Option<&Path>) -> Locate {
        if let Some(dir) = flag {
            return Locate::Given(dir.to_path_buf(), "--workspace");
        }
        if let Some(dir) = std::env::var_os(ENV_VAR).filter(|v| !v.is_empty()) {
            return Locate::Given(PathBuf::from(dir), "$COMPETENCY_WORKSPACE");
        }
        Locate::Search(std::env::current_dir().unwrap_or_else(|_| PathBuf::from(".")))
    }

    /// The workspace root, `None` when searching found none.
    pub fn root(&self) -> Result<Option<PathBuf>> {
        match self {
            Locate::Given(dir, source) => {
                let config = dir.join(CONFIG_FILE);
                match std::fs::metadata(&config) {
                    Ok(m) if m.is_file() => return Ok(Some(dir.clone())),
                    Err(e) if e.kind() == std::io::ErrorKind::PermissionDenied => {
                        return Err(Error::Usage(format!(
                            "cannot read the workspace folder `{}` (from {source}): permission denied",
                            dir.display()
                        )));
                    }
                    _ => {}
                }
                match std::fs::metadata(dir) {
                    Ok(m) if m.is_dir() => Err(Error::Usage(format!(
                        "`{}` (from {source}) is not a workspace: it has no {CONFIG_FILE}; create one with `competency init {}`",
                        dir.display(),
                        dir.display()
                    ))),
                    Ok(_) => Err(Error::Usage(format!(
                        "`{}` (from {source}) is a file, not a folder; give the workspace folder",
                        dir.display()
                    ))),
                    Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                        Err(Error::Usage(format!(
                            "the workspace folder `{}` (from {source}) does not exist",
                            dir.display()
                        )))
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

impl Config {
    /// Settings from the text of `competency.toml` (`file`, for messages):
    /// parsed, and their texts and dates checked.
    pub fn from_text(file: &Path, text: &str) -> Result<Config, Diagnostic> {
        let config: Config = parse_toml(file, text)?;
        let line_of = |key: &str| {
            text.lines()
                .position(|l| l.trim_start().starts_with(key))
                .map(|i| Location {
                    line: i + 1,
                    column: 1,
                    length: key.len(),
                })
        };
        for (key, value) in [
            ("name", Some(&config.name)),
            ("default-rater", config.default_rater.as_ref()),
        ] {
            if let Some(c) = value.and_then(|v| crate::text::find_control(v)) {
                return Err(Diagnostic::error(
                    Code::ControlCharacter,
                    file,
                    format!(
                        "the text holds a control character ({}), {}",
                        crate::text::escape_controls(&c.to_string()),
                        crate::text::control_risk(c)
                    ),
                )
                .with_key(key)
                .at(line_of(key), Some(text)));
            }
        }
        if let Some(cycle) = &config.cycle {
            for (key, value) in [("starts", Some(&cycle.starts)), ("due", cycle.due.as_ref())] {
                if let Some(value) = value
                    && crate::report::status::month_day(value).is_none()
                {
                    return Err(Diagnostic::error(
                        Code::BadDate,
                        file,
                        format!(
                            "`{}` is not a month and day (use MM-DD, e.g. 04-01 for 1 April)",
                            value.escape_debug()
                        ),
                    )
                    .with_key(format!("cycle.{key}"))
                    .at(line_of(key), Some(text)));
                }
            }
        }
        Ok(config)
    }
}

impl Workspace {
    /// Open the workspace at `root`: its folder, once (everything in it is
    /// read relative to that handle), and its settings. A change an earlier
    /// command left half done is finished or rolled back first.
    pub fn open(root: &Path) -> Result<Workspace, Diagnostic> {
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
            Err(Error::Invalid(mut d)) if !d.is_empty() => return Err(d.remove(0)),
            Err(e) => {
                return Err(Diagnostic::error(
                    Code::InterruptedChange,
                    &file,
                    e.to_string(),
                ));
            }
        };
        // From here on this command sees any change whole or not at all.
        crate::store::CommitLock::hold_shared(&dir);
        let text = dir.read_text(CONFIG_FILE)?;
        let config = Config::from_text(&file, &text)?;
        if let Some(id) = &config.default_framework {
            let known = crate::catalog::BUNDLED.iter().any(|(b, _)| b == id)
                || dir.is_file(&format!("frameworks/{id}.yaml"));
            if !known {
                let line = text
                    .lines()
                    .position(|l| l.trim_start().starts_with("default-framework"))
                    .map(|i| Location {
                        line: i + 1,
                        column: 1,
                        length: "default-framework".len(),
                    });
                return Err(Diagnostic::error(
                    Code::UnknownFramework,
                    &file,
                    format!("unknown framework `{}`", id.escape_debug()),
                )
                .with_key("default-framework")
                .with_help("`competency frameworks` lists the frameworks")
                .at(line, Some(&text)));
            }
        }
        Ok(Workspace {
            root: root.to_path_buf(),
            dir: Arc::new(dir),
            config,
            recovered,
        })
    }

    /// The workspace's open folder: every file in it is read through this.
    pub fn dir(&self) -> &Arc<Root> {
        &self.dir
    }

    pub fn assessments_dir(&self) -> PathBuf {
        self.root.join("assessments")
    }

    /// A path for messages: relative to the workspace when inside it.
    pub fn display_path(&self, path: &Path) -> PathBuf {
        path.strip_prefix(&self.root)
            .map_or_else(|_| path.to_path_buf(), Path::to_path_buf)
    }
}

/// What `init` made.
#[derive(Debug)]
pub struct Created {
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
pub fn create(dir: &Path, config: &Config) -> Result<Created> {
    let already = || {
        Error::Usage(format!(
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
        return Err(Error::Usage(format!(
            "`{}` is a file, not a folder; give a folder for the workspace",
            dir.display()
        )));
    }
    let text = format!(
        "# Settings of this competency workspace.\n{}",
        toml::to_string(config)
            .map_err(|e| Error::Usage(format!("cannot write the settings: {e}")))?
    );
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
            if config.default_framework.as_deref() == Some(*framework)
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
