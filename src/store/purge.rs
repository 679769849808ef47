//! Retention: removing the people who left before a day, with every file
//! about them, through the workspace's one write path. What is removed is
//! decided under the lock from the workspace as it is then; the roster
//! without them, a tombstone line per person in `purged.log` and the removal
//! of their folders are one change: a kill at any instant leaves all of it
//! or none.

use std::fmt::Write as _;

use jiff::civil::Date;
use serde::Serialize;

use super::Change;
use crate::catalog::Catalog;
use crate::error::{Error, Result};
use crate::file::{Kind, Opened, Root};
use crate::model::Subject;
use crate::record::RaterKind;
use crate::record::chain::is_record_name;
use crate::record::rules::strict_date;
use crate::roster::{Member, Roster};

/// The log of purged people, in the workspace folder: one JSON line each.
pub(crate) const PURGED_LOG: &str = "purged.log";
/// The workspace's salt for pseudonymous keys (private, made once).
const SALT_FILE: &str = ".competency/salt";

/// One person a purge removes (or, in a dry run, would remove).
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) struct Leaver {
    pub id: String,
    pub name: String,
    pub left: String,
    /// Record files in their folder (assessments, reviews, amendments).
    pub records: usize,
    /// Every file removed: their folder's files and the questionnaire's
    /// saved answers about them.
    pub files: usize,
}

/// Someone who left before the day but is kept, and why.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) struct Kept {
    pub id: String,
    pub name: String,
    pub left: String,
    pub why: String,
}

/// What a purge removes and keeps.
#[derive(Clone, Debug, Default, Serialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) struct Purge {
    pub left_before: String,
    pub removed: Vec<Leaver>,
    pub kept: Vec<Kept>,
}

/// One line of `purged.log`: no name, no id.
#[derive(Serialize)]
#[serde(rename_all = "kebab-case")]
struct Tombstone<'a> {
    /// The day of the purge.
    purged: &'a str,
    /// The person's pseudonymous key ([`person_key`]).
    person: String,
    left: &'a str,
    records: usize,
    files: usize,
    /// SHA-256 over the names and digests of the files removed.
    digest: String,
}

/// Remove (or, with `dry_run`, only find) the people of the roster who left
/// before `before`: their roster entry, their folder `assessments/<id>/`
/// with everything in it, and the questionnaire's saved answers about them;
/// a tombstone line each in `purged.log`. Someone who is still the line
/// manager of a person who stays is kept, and said why.
pub(crate) fn purge(
    root: &Root,
    catalog: &Catalog,
    before: Date,
    today: Date,
    dry_run: bool,
) -> Result<Purge> {
    let what = format!("purge of the people who left before {before}");
    let build = |change: &mut Change<'_>| stage(change, catalog, before, today);
    if dry_run {
        super::preview(root, build)
    } else {
        super::apply(root, &what, build)
    }
}

fn stage(change: &mut Change<'_>, catalog: &Catalog, before: Date, today: Date) -> Result<Purge> {
    let root = change.root();
    let roster = super::roster::read_roster_at(root)?;
    if let Some(problem) = roster.problems.first() {
        return Err(crate::error::Request::refused(format!(
            "the roster has an entry that cannot be kept ({}); correct roster.toml first. Nothing was removed",
            problem.message
        ))
        .or(crate::error::Remedy::Validate)
        .into());
    }
    let (leaving, kept) = leavers(&roster, before);
    let mut purge = Purge {
        left_before: before.to_string(),
        kept,
        ..Purge::default()
    };
    if leaving.is_empty() {
        return Ok(purge);
    }
    let salt = salt(change)?;
    let progress = listed(root, &format!("{}/progress", super::change::PRIVATE_DIR))?;
    let day = today.to_string();
    let mut log = match root.stat(PURGED_LOG).map_err(|e| io(root, PURGED_LOG, e))? {
        Some(_) => root.read_text(PURGED_LOG)?,
        None => String::new(),
    };
    if !log.is_empty() && !log.ends_with('\n') {
        log.push('\n');
    }
    for m in &leaving {
        let saved: Vec<String> = progress
            .iter()
            .filter(|(name, kind)| *kind == Kind::File && is_progress_of(name, &m.id, catalog))
            .map(|(name, _)| format!("{}/progress/{name}", super::change::PRIVATE_DIR))
            .collect();
        let (leaver, tombstone) = stage_person(change, m, &saved, &salt, &day)?;
        log.push_str(&tombstone);
        log.push('\n');
        purge.removed.push(leaver);
    }
    let mut staying = Roster {
        people: roster
            .people
            .iter()
            .filter(|m| !leaving.iter().any(|l| l.id == m.id))
            .cloned()
            .collect(),
        ..roster.clone()
    };
    super::roster::stage_roster(change, &mut staying)?;
    change.purge_log(&log)?;
    Ok(purge)
}

/// The people of `roster` who left before `before` and can go, and those
/// who left but must stay: a leaver who still manages someone who stays
/// would leave that person with a manager the roster no longer has.
fn leavers(roster: &Roster, before: Date) -> (Vec<&Member>, Vec<Kept>) {
    let gone = |m: &Member| {
        m.left
            .as_deref()
            .and_then(strict_date)
            .is_some_and(|left| left < before)
    };
    let mut leaving = Vec::new();
    let mut kept = Vec::new();
    for m in roster.people.iter().filter(|m| gone(m)) {
        let staying: Vec<&Member> = roster
            .people
            .iter()
            .filter(|r| !gone(r) && r.manager.as_deref() == Some(m.id.as_str()))
            .collect();
        let Some(first) = staying.first() else {
            leaving.push(m);
            continue;
        };
        let names: Vec<String> = staying
            .iter()
            .map(|r| format!("{} ({})", r.name, r.id))
            .collect();
        kept.push(Kept {
            id: m.id.clone(),
            name: m.name.clone(),
            left: m.left.clone().unwrap_or_default(),
            why: format!(
                "still the line manager of {}, who {} (give each a new manager: `competency people add {} --manager ID`)",
                and_list(&names),
                if staying.len() == 1 { "stays" } else { "stay" },
                first.id
            ),
        });
    }
    (leaving, kept)
}

/// Stage the removal of one leaver's folder and saved answers; what is
/// removed, and their tombstone line.
fn stage_person(
    change: &mut Change<'_>,
    m: &Member,
    saved: &[String],
    salt: &[u8],
    day: &str,
) -> Result<(Leaver, String)> {
    let root = change.root();
    let mut files = Vec::new();
    for folder in [super::person_rel(&m.id), super::review::review_rel(&m.id)] {
        for (name, kind) in listed(root, &folder)? {
            if !matches!(kind, Kind::File | Kind::Link) {
                return Err(Error::refused(format!(
                    "`{}` holds `{}`, which is not a file; move it out, then purge again. Nothing was removed",
                    root.join(&folder).display(),
                    name.escape_debug()
                )));
            }
            files.push(format!("{folder}/{name}"));
        }
    }
    let records = files
        .iter()
        .filter(|f| f.rsplit('/').next().is_some_and(is_record_name))
        .count();
    let left = m.left.as_deref().unwrap_or_default();
    let tombstone = Tombstone {
        purged: day,
        person: person_key(salt, &m.id),
        left,
        records,
        files: files.len() + saved.len(),
        digest: digest_of(root, files.iter().chain(saved))?,
    };
    let line = serde_json::to_string(&tombstone)
        .map_err(|e| Error::refused(format!("cannot write the tombstone: {e}")))?;
    for rel in saved {
        change.remove_file(rel)?;
    }
    change.remove_person_folder(&m.id)?;
    let leaver = Leaver {
        id: m.id.clone(),
        name: m.name.clone(),
        left: left.to_owned(),
        records,
        files: tombstone.files,
    };
    Ok((leaver, line))
}

/// `a`, `a and b`, `a, b and c`.
fn and_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// Whether `name` in `.competency/progress/` holds saved answers about
/// `person`: `<person>-<framework>-<by>-<subject>.toml` for a framework the
/// workspace knows (so `ann` never takes `ann-lee`'s).
pub(crate) fn is_progress_of(name: &str, person: &str, catalog: &Catalog) -> bool {
    let Some(rest) = name
        .strip_prefix(person)
        .and_then(|r| r.strip_prefix('-'))
        .and_then(|r| r.strip_suffix(".toml"))
    else {
        return false;
    };
    catalog.frameworks().iter().any(|fw| {
        RaterKind::ALL.iter().any(|by| {
            [Subject::Person, Subject::Organisation]
                .iter()
                .any(|s| rest == format!("{}-{by}-{}", fw.id, s.as_str()))
        })
    })
}

/// The names and kinds in a folder of the workspace (none when missing).
fn listed(root: &Root, rel: &str) -> Result<Vec<(String, Kind)>> {
    match root.open_folder(rel) {
        Ok(Opened::Missing) => Ok(Vec::new()),
        Ok(Opened::Link) => Err(Error::Invalid(vec![crate::file::symlink(&root.join(rel))])),
        Ok(Opened::Folder(_, mut entries)) => {
            entries.sort_by(|a, b| a.0.cmp(&b.0));
            Ok(entries)
        }
        Err(e) => Err(io(root, rel, e)),
    }
}

fn io(root: &Root, rel: &str, e: std::io::Error) -> Error {
    Error::io("read", &root.join(rel), e)
}

/// SHA-256 over each file's path and its own SHA-256, one line each: what
/// was removed, provable later by whoever kept a copy, without the data.
/// A link is digested as a link (its bytes are never read).
fn digest_of<'a>(root: &Root, files: impl Iterator<Item = &'a String>) -> Result<String> {
    let mut lines = String::new();
    for rel in files {
        let digest = match root.stat(rel).map_err(|e| io(root, rel, e))? {
            Some(s) if s.kind == Kind::File => {
                crate::digest::sha256(&root.read_bytes(rel).map_err(Error::from)?, 32)
            }
            _ => "link".to_owned(),
        };
        let _ = writeln!(lines, "{rel} {digest}");
    }
    Ok(crate::digest::sha256(lines.as_bytes(), 32))
}

/// A person's pseudonymous key: `p-` and 16 hex digits of the SHA-256 of
/// the workspace's salt and their id. The same in every file the tool
/// writes for this workspace; without the salt it names no one.
pub(crate) fn person_key(salt: &[u8], id: &str) -> String {
    let mut data = salt.to_vec();
    data.push(b'\n');
    data.extend_from_slice(id.as_bytes());
    let hex = crate::digest::sha256(&data, 8);
    format!("p-{}", hex.trim_start_matches("sha256:"))
}

/// The workspace's salt for pseudonymous keys; made (through the one write
/// path) the first time it is needed.
pub(crate) fn workspace_salt(root: &Root) -> Result<Vec<u8>> {
    super::apply(root, "the workspace's salt for pseudonymous keys", salt)
}

/// The workspace's salt, made (in this change) when it has none yet.
fn salt(change: &mut Change<'_>) -> Result<Vec<u8>> {
    let root = change.root();
    if root
        .stat(SALT_FILE)
        .map_err(|e| io(root, SALT_FILE, e))?
        .is_some()
    {
        let text = root.read_text(SALT_FILE)?;
        let salt = text.trim();
        if salt.len() == 64 && salt.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Ok(salt.as_bytes().to_vec());
        }
        return Err(Error::refused(format!(
            "`{}` is not a salt this tool wrote (64 hex digits); restore it from a backup. Nothing was removed",
            root.join(SALT_FILE).display()
        )));
    }
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes)
        .map_err(|e| Error::refused(format!("cannot make a random salt: {e}")))?;
    // 64 hex digits (hashing random bytes keeps them random).
    let salt = crate::digest::sha256(&bytes, 32)
        .trim_start_matches("sha256:")
        .to_owned();
    change.salt(SALT_FILE, &salt)?;
    Ok(salt.into_bytes())
}
