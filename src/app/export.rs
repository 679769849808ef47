//! `export`: every rating (or only those that count today), one row per
//! person, assessment and competency, written as it is read so memory does
//! not grow with the workspace.

use crate::catalog::Catalog;
use crate::diagnostic::Diagnostic;
use crate::model::RoleProfile;
use crate::record::{Filed, RaterKind};
use crate::render::export::{Entry, Writer};
use crate::report;
use crate::roster;
use crate::store;
use crate::workspace::Workspace;

/// Whether the export compares ratings with a role: one is given, or the
/// roster names each person's.
pub(crate) fn compared(ws: &Workspace, role: Option<&str>) -> anyhow::Result<bool> {
    Ok(role.is_some() || !store::read_roster(ws)?.people.is_empty())
}

/// What an export read past, left out, and whether it holds peers' own
/// ratings (an export for HR).
#[derive(Default)]
pub(crate) struct Exported {
    pub(crate) warnings: Vec<Diagnostic>,
    pub(crate) left: Vec<Diagnostic>,
    pub(crate) peers: bool,
}

/// Write every person's ratings to `writer`: all of them, or with `latest`
/// only those that count today; each against `role`, else (with a roster)
/// the person's own — the roster's, else the role on their latest record.
pub(crate) fn export(
    ws: &Workspace,
    catalog: &Catalog,
    role: Option<&str>,
    latest: bool,
    writer: &mut Writer<'_>,
) -> anyhow::Result<Exported> {
    // Everyone is read: through the index of checked records.
    let ws = &store::with_index(ws);
    let role = role.map(|r| catalog.role(r)).transpose()?;
    let roster = store::read_roster(ws)?;
    let role_of = |person: &str, records: &[Filed]| {
        role.or_else(|| {
            roster::profile(&roster, person, records)
                .role
                .and_then(|id| catalog.role(&id).ok())
        })
    };
    let people = store::people(ws)?;
    let mut peers = false;
    let past = super::each_person(ws, catalog, (&people, None), |person, records| {
        let role = role_of(person, &records);
        if latest {
            return export_latest(writer, catalog, person, &records, role);
        }
        let amended = crate::record::chain::superseded(&records, None);
        peers |= records.iter().any(|f| f.record.by == RaterKind::Peer);
        for filed in &records {
            writer.record(&Entry {
                file: &store::shown_path(person, &filed.file),
                record: &filed.record,
                framework: catalog.framework(&filed.record.framework)?,
                superseded: amended.contains(filed.file.as_str()),
                role,
            })?;
        }
        Ok(())
    })?;
    let mut left = store::stray_folders(ws);
    left.extend(past.left);
    Ok(Exported {
        warnings: past.warnings,
        left,
        peers,
    })
}

/// The ratings of `person` that count today: for each framework and kind of
/// rater, the latest rating of each competency among the records no
/// correction replaced (as `gap` and `team` choose them), in the
/// framework's order.
fn export_latest(
    writer: &mut Writer<'_>,
    catalog: &Catalog,
    person: &str,
    records: &[Filed],
    role: Option<&RoleProfile>,
) -> anyhow::Result<()> {
    let mut frameworks: Vec<&str> = records
        .iter()
        .map(|f| f.record.framework.as_str())
        .collect();
    frameworks.sort_unstable();
    frameworks.dedup();
    for id in frameworks {
        let framework = catalog.framework(id)?;
        let current = report::select::current(records, id, None);
        // A peer's own ratings are in the export of all ratings (for HR)
        // only: the latest ratings are about the person, and peers are never
        // singled out there.
        for kind in RaterKind::ALL.into_iter().filter(|k| *k != RaterKind::Peer) {
            for competency in &framework.competencies {
                let Some(used) = report::select::latest(&current, kind, &competency.id) else {
                    continue;
                };
                writer.rating(
                    &Entry {
                        file: &store::shown_path(person, used.file),
                        record: used.record,
                        framework,
                        superseded: false,
                        role,
                    },
                    used.rating,
                )?;
            }
        }
    }
    Ok(())
}
