//! `calibrate`: each rater's final manager ratings this appraisal cycle
//! against everyone else's for the same role, read for everyone in scope
//! through the index of checked records.

use std::collections::HashSet;

use jiff::civil::Date;

use super::Scope;
use crate::catalog::Catalog;
use crate::diagnostic::Diagnostic;
use crate::model::Framework;
use crate::report::calibrate::{Calibration, CalibrationReport, Ratee};
use crate::report::status::cycle;
use crate::roster::{self, Roster};
use crate::store;
use crate::workspace::Workspace;

/// A calibration, with what reading it warned about and left out.
pub(crate) struct Built<'c> {
    pub(crate) report: CalibrationReport,
    /// The frameworks calibrated: `framework`, else every one.
    pub(crate) frameworks: Vec<&'c Framework>,
    pub(crate) warnings: Vec<Diagnostic>,
    pub(crate) left: Vec<Diagnostic>,
}

/// Calibrate the final manager ratings of the people in `scope` (on
/// `framework` only, when given) in the cycle of `as_of`.
pub(crate) fn build<'c>(
    ws: &Workspace,
    catalog: &'c Catalog,
    (scope, framework): (&Scope, Option<&str>),
    as_of: Date,
) -> anyhow::Result<Built<'c>> {
    // Everyone is read: through the index of checked records.
    let ws = &store::with_index(ws);
    if let Some(framework) = framework {
        catalog.framework(framework)?;
    }
    let cycle = cycle(ws.settings.cycle, as_of);
    let roster = store::read_roster(ws)?;
    let ids = scope.ids(&roster)?;
    let folders = store::people(ws)?;
    let people: Vec<String> = match ids {
        Some(ids) => {
            let ids: HashSet<String> = ids.into_iter().collect();
            folders.into_iter().filter(|p| ids.contains(p)).collect()
        }
        None => folders,
    };
    let mut calibration = Calibration::new(cycle);
    let find = |id: &str| catalog.framework(id).ok();
    let past = super::each_person(ws, catalog, (&people, framework), |person, records| {
        let profile = roster::profile(&roster, person, &records);
        calibration.add(
            &Ratee {
                person,
                role: profile.role.as_deref(),
                records: &records,
            },
            &find,
        );
        Ok(())
    })?;
    let mut left = store::stray_folders(ws);
    left.extend(past.left);
    let frameworks: Vec<&Framework> = match framework {
        Some(id) => vec![catalog.framework(id)?],
        None => catalog.frameworks(),
    };
    let report = calibration.report(scope_words(scope, framework, &roster), &frameworks);
    Ok(Built {
        report,
        frameworks,
        warnings: past.warnings,
        left,
    })
}

/// Whose ratings are calibrated, in words.
fn scope_words(scope: &Scope, framework: Option<&str>, roster: &Roster) -> String {
    let mut words = match (&scope.manager, &scope.team) {
        (Some(manager), _) => {
            let name = roster.name(manager).unwrap_or(manager);
            if scope.all {
                format!("ratings of everyone in {name}'s reporting line")
            } else {
                format!("ratings of the people {name} manages")
            }
        }
        (None, Some(team)) => format!("ratings of team {}", team.trim()),
        (None, None) => "every rating in the workspace".to_owned(),
    };
    if let Some(framework) = framework {
        words.push_str(" on framework ");
        words.push_str(framework);
    }
    words
}
