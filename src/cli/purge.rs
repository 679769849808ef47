//! `purge`: remove the people who left before a day, with every file about
//! them (a dry run unless `--apply`).

use std::fmt::Write as _;

use clap::Args;

use super::{Context, Outcome};
use crate::render::purge::render;
use crate::store;

#[derive(Debug, Args)]
pub(crate) struct PurgeArgs {
    /// Remove the people whose leaving day (the first day they were gone) is
    /// before this day, YYYY-MM-DD (not in the future). Default: the day
    /// `retention-years` (competency.toml) years ago
    #[arg(long, value_name = "DATE")]
    pub(crate) left_before: Option<String>,
    /// Remove them; without it, only say who would be removed
    #[arg(long)]
    pub(crate) apply: bool,
}

pub(crate) fn run(cx: &mut Context, args: &PurgeArgs) -> anyhow::Result<Outcome> {
    let workspace = cx.require_workspace()?;
    let catalog = cx.catalog()?;
    let today = crate::date::today();
    let given = crate::date::given(
        crate::error::Field::LeftBefore,
        args.left_before.as_deref(),
        crate::date::Kind::NotFuture,
        today,
    )?;
    let before = match (given, workspace.settings.retention_years) {
        (Some(day), _) => day,
        (None, Some(years)) => crate::date::years_before(today, years),
        (None, None) => {
            return Err(crate::error::Error::refused(
                "give --left-before DATE, or set how long records are kept after someone leaves (`retention-years = 6` in competency.toml)".to_owned(),
            )
            .into());
        }
    };
    let purge = store::purge(workspace.dir(), &catalog, before, today, !args.apply)?;
    let mut outcome = Outcome::print(render(&purge, args.apply, cx.format, cx.style)?);
    if !purge.kept.is_empty() {
        for k in &purge.kept {
            let _ = writeln!(
                outcome.stderr,
                "note: {} ({}) left {} but is kept: {}",
                k.name.escape_debug(),
                k.id,
                k.left,
                k.why
            );
        }
        outcome.code = 1;
    }
    Ok(outcome)
}
