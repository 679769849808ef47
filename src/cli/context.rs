//! What every command gets: the format, how output looks, and the workspace
//! and the catalogue, looked for when first needed.

use std::fmt::Write as _;
use std::io::IsTerminal;

use super::FormatArg;
use crate::catalog::Catalog;
use crate::render::{self, Style};
use crate::workspace::{Locate, Workspace};

/// Whether the workspace has been looked for, and what was found.
pub(in crate::cli) enum Lookup {
    NotYet,
    None,
    Found(Box<Workspace>),
}

/// What every command gets: the format, how output looks, and lazy access
/// to the workspace and the catalogue.
pub(crate) struct Context {
    /// The text format to render (table when another kind was asked for).
    pub(crate) format: render::Format,
    /// The format asked for, when one was.
    pub(crate) wanted: Option<FormatArg>,
    pub(in crate::cli) format_given: bool,
    pub(crate) style: Style,
    pub(in crate::cli) locate: Locate,
    pub(in crate::cli) workspace: Lookup,
    /// The catalogue, made once when first asked for.
    pub(in crate::cli) catalog: Option<std::sync::Arc<Catalog>>,
    /// `--output`, for a command that writes a folder itself (a dataset).
    pub(in crate::cli) output: Option<std::path::PathBuf>,
}

impl Context {
    /// The workspace, if there is one; an error only when one was named and is not usable.
    pub(crate) fn workspace(&mut self) -> anyhow::Result<Option<&Workspace>> {
        if matches!(self.workspace, Lookup::NotYet) {
            self.workspace = match self.locate.root()? {
                Some(root) => Lookup::Found(Box::new(Workspace::open(&root)?)),
                None => Lookup::None,
            };
        }
        Ok(match &self.workspace {
            Lookup::Found(ws) => Some(ws),
            Lookup::NotYet | Lookup::None => None,
        })
    }

    /// The workspace, for commands that need one.
    pub(crate) fn require_workspace(&mut self) -> anyhow::Result<Workspace> {
        self.workspace()?.cloned().ok_or_else(|| {
            anyhow::anyhow!(
                "no workspace here: create one with `competency init`, or give --workspace DIR"
            )
        })
    }

    /// The catalogue for commands that only read frameworks: a workspace named
    /// by `--workspace` or `$COMPETENCY_WORKSPACE` that is not there is noted
    /// on stderr and left out, instead of stopping the command.
    pub(crate) fn browsing_catalog(&mut self) -> anyhow::Result<(std::sync::Arc<Catalog>, String)> {
        if let Locate::Given(dir, source) = &self.locate
            && !dir.join(crate::workspace::CONFIG_FILE).is_file()
        {
            let note = format!(
                "note: `{}` (from {source}) is not a workspace; showing the bundled frameworks only\n",
                dir.display()
            );
            self.workspace = Lookup::None;
            return Ok((std::sync::Arc::new(Catalog::bundled()), note));
        }
        Ok((self.catalog()?, String::new()))
    }

    /// Whether `format` was asked for.
    pub(crate) fn wants(&self, format: FormatArg) -> bool {
        self.wanted == Some(format)
    }

    /// The folder `--workspace` names, if it was given.
    pub(crate) fn workspace_flag(&self) -> Option<&std::path::Path> {
        match &self.locate {
            Locate::Given(dir, crate::workspace::Named::Flag) => Some(dir),
            _ => None,
        }
    }

    /// The format asked for, or `default` when none was.
    pub(crate) fn format_or(&self, default: render::Format) -> render::Format {
        if self.format_given {
            self.format
        } else {
            default
        }
    }

    /// The catalogue: bundled frameworks, plus the workspace's when there is one.
    pub(crate) fn catalog(&mut self) -> anyhow::Result<std::sync::Arc<Catalog>> {
        if let Some(catalog) = &self.catalog {
            return Ok(std::sync::Arc::clone(catalog));
        }
        let catalog = std::sync::Arc::new(match self.workspace()? {
            Some(ws) => Catalog::with_workspace(ws.dir())?,
            None => Catalog::bundled(),
        });
        self.catalog = Some(std::sync::Arc::clone(&catalog));
        Ok(catalog)
    }

    /// What the command should say it passed over: a change an earlier
    /// command left half done and now finished, and workspace files it left
    /// out because they cannot be used (none of them needed).
    pub(in crate::cli) fn notes(&self) -> String {
        let mut notes = String::new();
        if let Lookup::Found(ws) = &self.workspace
            && let Some(recovered) = &ws.recovered
        {
            let _ = writeln!(notes, "note: {}", recovered.sentence());
        }
        if let Some(catalog) = &self.catalog {
            for d in catalog.left_out() {
                notes.push_str(&d.headline());
                notes.push('\n');
            }
        }
        notes
    }
}

pub(in crate::cli) fn style(wide: bool) -> Style {
    let terminal = std::io::stdout().is_terminal();
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    let width = if terminal {
        terminal_width().unwrap_or(100)
    } else {
        100
    };
    Style {
        terminal,
        color: terminal && !no_color,
        width,
        wide,
    }
}

pub(in crate::cli) fn terminal_width() -> Option<u16> {
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.parse().ok())
        .or_else(|| comfy_table::Table::new().width())
        .filter(|w| *w >= 40)
}
