//! `export --format parquet --output DIR`: the workspace as a Parquet
//! dataset, built by [`crate::app::dataset`] and written whole.

use super::report::ExportArgs;
use super::{Context, Outcome};
use crate::error::Error;

pub(crate) fn run(cx: &mut Context, args: &ExportArgs) -> anyhow::Result<Outcome> {
    if args.latest || args.role.is_some() {
        return Err(Error::refused(
            "--format parquet writes every rating and each person's standing against their own role; --latest and --role are for the other formats".to_owned(),
        )
        .into());
    }
    let Some(dir) = cx.output.clone() else {
        return Err(Error::refused("--format parquet needs --output DIR".to_owned()).into());
    };
    let ws = cx.require_workspace()?;
    let built = crate::app::dataset::build(&ws, &*cx.catalog()?, args.pseudonymous)?;
    let made = crate::render::made_on().to_string();
    let (files, rows) = built.dataset.write(&dir, &made, args.pseudonymous)?;
    let mut note = format!(
        "wrote the dataset {}: {} and manifest.json, {}\n",
        crate::diagnostic::shown(&dir),
        crate::render::count(files - 1, "Parquet file", "Parquet files"),
        crate::render::count(rows, "row", "rows"),
    );
    if built.peers {
        note.push_str(
            "note: `ratings` holds each peer's own ratings (under a key, not a name): the dataset is for HR and data teams; reports about a person show peers only as aggregates\n",
        );
    }
    Ok(Outcome::print_with_note(note, String::new())
        .warned(&built.warnings)
        .left_out(&crate::render::left_out::from_problems(&built.left), cx))
}
