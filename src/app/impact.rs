//! `impact`: what draft role profiles would change for the people who hold
//! those roles, against the workspace as it is (read through the index of
//! checked records), writing nothing.

use std::collections::HashSet;

use jiff::civil::Date;

use super::person::records_of;
use crate::catalog::Catalog;
use crate::diagnostic::Diagnostic;
use crate::model::{RoleProfile, Subject};
use crate::record::Filed;
use crate::report::impact::{Holder, RoleImpact, impact};
use crate::roster::{self, Profile};
use crate::store;
use crate::workspace::Workspace;

/// Each draft's impact on the people who hold its role on `as_of` (today
/// when `None`), with what reading warned about and left out.
pub(crate) fn build(
    ws: &Workspace,
    catalog: &Catalog,
    drafts: &[RoleProfile],
    as_of: Option<Date>,
) -> anyhow::Result<(Vec<RoleImpact>, Vec<Diagnostic>, Vec<Diagnostic>)> {
    // Everyone is read: through the index of checked records.
    let ws = &store::with_index(ws);
    let day = as_of.unwrap_or_else(crate::date::today);
    let roster = store::read_roster(ws)?;
    let ids: HashSet<&str> = drafts.iter().map(|r| r.id.as_str()).collect();
    // Only people who may hold a drafted role are read: the roster's
    // holders, and people it does not list (their role is on their records).
    let folders: HashSet<String> = store::people(ws)?.into_iter().collect();
    let mut people: Vec<String> = roster
        .people
        .iter()
        .filter(|m| m.role.as_deref().is_some_and(|r| ids.contains(r)))
        .map(|m| m.id.clone())
        .collect();
    people.extend(folders.iter().filter(|p| roster.get(p).is_none()).cloned());
    people.sort();
    people.dedup();
    let mut holders: Vec<(Profile, Vec<Filed>)> = Vec::new();
    let mut warnings = Vec::new();
    let mut left = store::stray_folders(ws);
    super::read_in_order(
        &people,
        |person| {
            if folders.contains(person) {
                records_of(ws, catalog, person, None).map(Some)
            } else {
                Ok(None)
            }
        },
        |person, read| {
            let read = read?.unwrap_or_default();
            warnings.extend(read.warnings);
            left.extend(read.left_out);
            let profile = roster::profile(&roster, person, &read.records);
            let organisation = read
                .records
                .iter()
                .any(|f| f.record.subject == Subject::Organisation);
            let holds = profile.role.as_deref().is_some_and(|r| ids.contains(r));
            if holds && !organisation && profile.is_active_on(day) {
                holders.push((profile, read.records));
            }
            Ok(())
        },
    )?;
    let mut roles = Vec::new();
    for draft in drafts {
        let framework = catalog.framework(&draft.framework)?;
        // None: defined nowhere in the workspace, a new role. A role defined
        // twice (the draft put in roles/ beside the published one, say) is
        // refused, as every report refuses it.
        let now = match catalog.find_role(&draft.id)? {
            Some(role) => Some((catalog.framework(&role.framework)?, role)),
            None => None,
        };
        let of_role: Vec<Holder<'_>> = holders
            .iter()
            .filter(|(p, _)| p.role.as_deref() == Some(draft.id.as_str()))
            .map(|(p, records)| Holder {
                person: &p.person,
                name: p.name.as_deref(),
                team: p.team.as_deref(),
                records,
            })
            .collect();
        roles.push(impact((framework, draft), now, &of_role, as_of));
    }
    Ok((roles, warnings, left))
}
