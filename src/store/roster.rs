//! The roster file, `roster.toml` at the workspace root: personal data, read
//! through the workspace's root and changed only through the one write path
//! (read under the lock, changed, checked, committed), readable by its owner
//! only.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use crate::catalog::Catalog;
use crate::diagnostic::{Code, Diagnostic, Excerpt, Location, SourceText};
use crate::error::{Error, Result};
use crate::file::Root;
use crate::roster::{Roster, import};
use crate::workspace::Workspace;

pub(crate) const ROSTER_FILE: &str = "roster.toml";

const HEADER: &str = "\
# The people of this workspace: id, name, role, team, line manager, and the
# day they left. Written by `competency people import` and `people add`; it
# is personal data, kept readable by its owner only.
";

/// The roster; empty when the workspace has none. People whose id is not a
/// valid id are left out (an id becomes a folder's name), and so is every
/// entry after the first with the same id; each is named in the roster's
/// `problems`.
pub(crate) fn read_roster(workspace: &Workspace) -> Result<Roster> {
    read_roster_at(workspace.dir())
}

pub(super) fn read_roster_at(root: &Root) -> Result<Roster> {
    if root.stat(ROSTER_FILE).ok().flatten().is_none() {
        return Ok(Roster::default());
    }
    let text = root.read_text(ROSTER_FILE)?;
    roster_from_text(&root.join(ROSTER_FILE), &text)
}

fn roster_from_text(path: &Path, text: &str) -> Result<Roster> {
    let mut roster: Roster = crate::parse::parse_toml(path, text)?;
    if roster.schema > crate::roster::SCHEMA {
        return Err(Error::Invalid(vec![
            Diagnostic::error(
                Code::NewerSchema,
                path,
                format!(
                    "the roster uses format {}, newer than this version of competency reads (format {})",
                    roster.schema,
                    crate::roster::SCHEMA
                ),
            )
            .with_key("schema"),
        ]));
    }
    let mut problems = Vec::new();
    roster.people.retain(|m| {
        let ok = crate::id::is_valid_id(&m.id);
        if !ok {
            problems.push(
                Diagnostic::warning(
                    Code::BadId,
                    path,
                    format!(
                        "`{}` is not a valid person id, so that entry of the roster is left out",
                        m.id.escape_debug()
                    ),
                )
                .with_help("correct the id in the HR system's export and import it again"),
            );
        }
        ok
    });
    // One entry per person: the first is kept, later ones are left out
    // (and any change refused until the file is corrected), so no command
    // picks one of the two at random or drops one when it writes. The sort
    // is stable: among entries with one id, the file's first comes first.
    roster.sort();
    let mut twice: Vec<String> = roster
        .people
        .windows(2)
        .filter(|pair| pair[0].id == pair[1].id)
        .map(|pair| pair[1].id.clone())
        .collect();
    if !twice.is_empty() {
        roster.people.dedup_by(|later, first| later.id == first.id);
        let places = Places::parse(text);
        twice.dedup();
        for id in &twice {
            let at = places.all(id);
            let first_line = at
                .first()
                .and_then(|j| places.location(*j, "id"))
                .map(|l| l.line);
            for j in at.iter().skip(1) {
                let also = first_line
                    .map(|l| format!(" (first at line {l})"))
                    .unwrap_or_default();
                problems.push(
                    places.place_at(
                        Diagnostic::warning(
                            Code::DuplicateId,
                            path,
                            format!(
                                "`{id}` is in the roster twice{also}, so this entry is left out"
                            ),
                        )
                        .with_help(
                            "keep one entry per person: merge the two, then import or add again",
                        ),
                        *j,
                        "id",
                    ),
                );
            }
        }
    }
    roster.problems = problems;
    Ok(roster)
}

/// Where each `[[person]]` of the roster is, in the file's order, to point
/// at a problem: the span of each of its values. Parsed only when a problem
/// is found; every lookup is by index, so thousands of problems cost no more
/// than one pass each.
struct Places<'t> {
    entries: Vec<BTreeMap<String, toml::Spanned<toml::Value>>>,
    /// Each id's entries, in the file's order.
    by_id: HashMap<String, Vec<usize>>,
    source: SourceText<'t>,
}

#[derive(serde::Deserialize)]
struct RawPlaces {
    #[serde(default, rename = "person")]
    people: Vec<BTreeMap<String, toml::Spanned<toml::Value>>>,
}

impl<'t> Places<'t> {
    /// The places in `text`; none when it does not parse (the roster's
    /// reader reports that).
    fn parse(text: &'t str) -> Places<'t> {
        let entries = toml::from_str::<RawPlaces>(text)
            .map(|raw| raw.people)
            .unwrap_or_default();
        let mut by_id: HashMap<String, Vec<usize>> = HashMap::new();
        for (j, entry) in entries.iter().enumerate() {
            if let Some(id) = entry.get("id").and_then(|v| v.get_ref().as_str()) {
                by_id.entry(id.to_owned()).or_default().push(j);
            }
        }
        Places {
            entries,
            by_id,
            source: SourceText::new(text),
        }
    }

    /// The entries with this id, in the file's order.
    fn all(&self, id: &str) -> &[usize] {
        self.by_id.get(id).map_or(&[], Vec::as_slice)
    }

    /// Where entry `j`'s `column` is (its id when it has no such value).
    fn location(&self, j: usize, column: &str) -> Option<Location> {
        let entry = self.entries.get(j)?;
        let value = entry.get(column).or_else(|| entry.get("id"))?;
        Some(self.source.location(value.span()))
    }

    /// `d` placed at entry `j`'s `column`: its key, line, column and the
    /// line's text.
    fn place_at(&self, mut d: Diagnostic, j: usize, column: &str) -> Diagnostic {
        d.key = Some(format!("person[{j}].{column}"));
        d.location = self.location(j, column);
        d.excerpt = d
            .location
            .and_then(|l| Some(Excerpt::new(self.source.line(l.line)?, l)));
        d
    }

    /// `d` placed at the `column` of the (first) entry of person `id`.
    fn place(&self, d: Diagnostic, id: &str, column: &str) -> Diagnostic {
        match self.all(id).first() {
            Some(j) => self.place_at(d, *j, column),
            None => d.with_key("person"),
        }
    }
}

/// The roster's problems, for `validate`: those of its text
/// ([`check_roster_text`]) and who can read it.
pub(crate) fn check_roster(workspace: &Workspace, catalog: &Catalog) -> (usize, Vec<Diagnostic>) {
    let path = workspace.root.join(ROSTER_FILE);
    if workspace.dir().stat(ROSTER_FILE).ok().flatten().is_none() {
        return (0, Vec::new());
    }
    let mut diagnostics = match workspace.dir().read_text(ROSTER_FILE) {
        Ok(text) => check_roster_text(&path, &text, catalog),
        Err(d) => vec![d],
    };
    diagnostics.extend(super::privacy(workspace.dir(), ROSTER_FILE));
    (1, diagnostics)
}

/// The problems of a roster's text: every person's values, checked as an
/// import would check them, each at its place in the file; an id twice;
/// and people who would still report to a manager who has left.
pub(crate) fn check_roster_text(path: &Path, text: &str, catalog: &Catalog) -> Vec<Diagnostic> {
    let roster = match roster_from_text(path, text) {
        Ok(roster) => roster,
        Err(Error::Invalid(diagnostics)) => return diagnostics,
        Err(e) => {
            return vec![Diagnostic::error(Code::UnreadableFile, path, e.to_string())];
        }
    };
    // Parsed again for places only when a problem needs one.
    let places = std::cell::OnceCell::new();
    let places = || places.get_or_init(|| Places::parse(text));
    // An entry left out of the roster is an error here: the file is wrong.
    let mut diagnostics: Vec<Diagnostic> = roster
        .problems
        .iter()
        .cloned()
        .map(|mut d| {
            d.severity = crate::diagnostic::Severity::Error;
            d
        })
        .collect();
    let today = crate::date::today();
    for member in &roster.people {
        for (column, code, message) in import::problems(member, catalog, today) {
            diagnostics.push(places().place(
                Diagnostic::error(code, path, message),
                &member.id,
                column,
            ));
        }
        if let Some(problem) = manager_problem(&roster, member, today, path) {
            diagnostics.push(places().place(problem, &member.id, "manager"));
        }
    }
    for id in crate::roster::manager_loops(&roster.people) {
        diagnostics.push(places().place(
            Diagnostic::error(
                Code::ManagerLoop,
                path,
                format!("`{id}` is in a loop of line managers"),
            ),
            id,
            "manager",
        ));
    }
    diagnostics
}

/// What is wrong with `member`'s line manager: not in the roster, or
/// leaving while `member` stays.
fn manager_problem(
    roster: &Roster,
    member: &crate::roster::Member,
    today: jiff::civil::Date,
    path: &Path,
) -> Option<Diagnostic> {
    let manager = member.manager.as_deref()?;
    let Some(boss) = roster.get(manager) else {
        return Some(Diagnostic::error(
            Code::UnknownPerson,
            path,
            format!(
                "the manager `{manager}` of `{}` is not in the roster",
                member.id
            ),
        ));
    };
    if !crate::roster::is_left_behind(member, boss, today) {
        return None;
    }
    Some(
        Diagnostic::warning(
            Code::ReportsToLeaver,
            path,
            format!(
                "`{}` reports to `{manager}`, whose leaving date is {}, and is still with the organisation after it",
                member.id,
                boss.left.as_deref().unwrap_or_default()
            ),
        )
        .with_help(format!(
            "give them a new line manager: `competency people add {} --manager ID`",
            member.id
        )),
    )
}

/// Change the roster through the workspace's one write path: under the
/// lock, `change` gets the roster as it is now and gives back the new one
/// (and what to report); the new roster is checked to read back, then
/// committed whole. Returns what `change` gave and the roster's path.
pub(crate) fn update_roster<T>(
    workspace: &Workspace,
    what: &str,
    change: impl FnOnce(Roster) -> Result<(Roster, T)>,
) -> Result<(T, PathBuf)> {
    let path = workspace.root.join(ROSTER_FILE);
    let value = super::apply(workspace.dir(), what, |staged| stage(staged, change))?;
    Ok((value, path))
}

/// What [`update_roster`] would do, against the roster as it is now, with
/// every check it makes; nothing is written (a `--dry-run`).
pub(crate) fn preview_roster<T>(
    workspace: &Workspace,
    change: impl FnOnce(Roster) -> Result<(Roster, T)>,
) -> Result<(T, PathBuf)> {
    let path = workspace.root.join(ROSTER_FILE);
    let value = super::preview(workspace.dir(), |staged| stage(staged, change))?;
    Ok((value, path))
}

/// Read the roster where the change is made, apply `change`, and stage the
/// new roster (checked to read back as it is).
fn stage<T>(
    staged: &mut super::Change<'_>,
    change: impl FnOnce(Roster) -> Result<(Roster, T)>,
) -> Result<T> {
    let current = read_roster_at(staged.root())?;
    if let Some(problem) = current.problems.first() {
        return Err(crate::error::Request::refused(format!(
            "the roster has an entry that cannot be kept ({}); correct roster.toml first. Nothing was changed",
            problem.message
        ))
        .or(crate::error::Remedy::Validate)
        .into());
    }
    let (mut roster, value) = change(current)?;
    stage_roster(staged, &mut roster)?;
    Ok(value)
}

/// Stage `roster` as the workspace's roster (sorted, in the current format,
/// checked to read back as it is).
pub(super) fn stage_roster(staged: &mut super::Change<'_>, roster: &mut Roster) -> Result<()> {
    roster.schema = crate::roster::SCHEMA;
    roster.sort();
    let body = toml::to_string(&roster)
        .map_err(|e| Error::refused(format!("cannot write the roster as TOML: {e}")))?;
    staged.roster(format!("{HEADER}{body}"), roster)
}
