//! Shell completion of the workspace's own words: people (and their names),
//! role ids, framework ids, teams, competencies and their levels. The shell
//! asks the binary itself (`COMPETENCY_COMPLETE=bash competency -- ...`), so
//! completion knows what is in the workspace the command would use (by
//! `$COMPETENCY_WORKSPACE`, else the nearest workspace above the current
//! folder). Nothing here prints: the completion engine does.

use std::ffi::OsStr;

use clap_complete::CompletionCandidate;

use crate::catalog::Catalog;
use crate::store;
use crate::workspace::{Locate, Workspace};

/// The environment variable that asks the binary for completions.
pub(super) const VAR: &str = "COMPETENCY_COMPLETE";

/// The workspace a command run here would use, if there is one.
fn workspace() -> Option<Workspace> {
    let root = Locate::from_env(None).root().ok()??;
    Workspace::open(&root).ok()
}

fn catalog(ws: Option<&Workspace>) -> Catalog {
    ws.and_then(|ws| Catalog::with_workspace(ws.dir()).ok())
        .unwrap_or_else(Catalog::bundled)
}

/// The candidates among `words` (value, help) that start with `current`.
fn matching(current: &OsStr, words: Vec<(String, Option<String>)>) -> Vec<CompletionCandidate> {
    let current = current.to_string_lossy();
    words
        .into_iter()
        .filter(|(value, _)| value.starts_with(current.as_ref()))
        .map(|(value, help)| CompletionCandidate::new(value).help(help.map(Into::into)))
        .collect()
}

/// People: the roster's, and everyone with records.
pub(super) fn people(current: &OsStr) -> Vec<CompletionCandidate> {
    let Some(ws) = workspace() else {
        return Vec::new();
    };
    let roster = store::read_roster(&ws).unwrap_or_default();
    let mut words: Vec<(String, Option<String>)> = roster
        .people
        .iter()
        .map(|m| (m.id.clone(), Some(m.name.clone())))
        .collect();
    for id in store::people(&ws).unwrap_or_default() {
        if roster.get(&id).is_none() {
            words.push((id, None));
        }
    }
    words.sort();
    matching(current, words)
}

/// Role ids, with their names.
pub(super) fn roles(current: &OsStr) -> Vec<CompletionCandidate> {
    let ws = workspace();
    let catalog = catalog(ws.as_ref());
    let words = catalog
        .roles()
        .iter()
        .map(|r| (r.id.clone(), Some(r.name.clone())))
        .collect();
    matching(current, words)
}

/// Framework ids, with their names.
pub(super) fn frameworks(current: &OsStr) -> Vec<CompletionCandidate> {
    let ws = workspace();
    let catalog = catalog(ws.as_ref());
    let words = catalog
        .frameworks()
        .iter()
        .map(|f| (f.id.clone(), Some(f.name.clone())))
        .collect();
    matching(current, words)
}

/// The roster's teams.
pub(super) fn teams(current: &OsStr) -> Vec<CompletionCandidate> {
    let Some(ws) = workspace() else {
        return Vec::new();
    };
    let roster = store::read_roster(&ws).unwrap_or_default();
    let mut teams: Vec<String> = roster
        .people
        .iter()
        .filter_map(|m| m.team.clone())
        .collect();
    teams.sort();
    teams.dedup();
    matching(current, teams.into_iter().map(|t| (t, None)).collect())
}

/// The competencies of the workspace's default framework (every bundled
/// framework's when it has none), with their names.
fn competency_words(suffix: &str) -> Vec<(String, Option<String>)> {
    let ws = workspace();
    let catalog = catalog(ws.as_ref());
    let default = ws
        .as_ref()
        .and_then(|w| w.settings.default_framework.clone());
    let frameworks: Vec<&crate::model::Framework> = match default {
        Some(id) => catalog.framework(&id).into_iter().collect(),
        None => catalog.frameworks(),
    };
    frameworks
        .iter()
        .flat_map(|f| &f.competencies)
        .map(|c| (format!("{}{suffix}", c.id), Some(c.name.clone())))
        .collect()
}

/// Competency ids (`--na`).
pub(super) fn competencies(current: &OsStr) -> Vec<CompletionCandidate> {
    matching(current, competency_words(""))
}

/// `COMPETENCY=LEVEL` (`--set`, `--evidence`): the competency first, then
/// its scale's levels.
pub(super) fn ratings(current: &OsStr) -> Vec<CompletionCandidate> {
    let text = current.to_string_lossy();
    let Some((competency, _)) = text.split_once('=') else {
        return matching(current, competency_words("="));
    };
    let ws = workspace();
    let catalog = catalog(ws.as_ref());
    let default = ws
        .as_ref()
        .and_then(|w| w.settings.default_framework.clone());
    let frameworks: Vec<&crate::model::Framework> = match default {
        Some(id) => catalog.framework(&id).into_iter().collect(),
        None => catalog.frameworks(),
    };
    let words = frameworks
        .iter()
        .filter(|f| f.competency(competency).is_some())
        .flat_map(|f| &f.scale.levels)
        .map(|l| (format!("{competency}={}", l.code), Some(l.label.clone())))
        .collect();
    matching(current, words)
}
