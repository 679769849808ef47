//! `readiness`: roles a person is nearest, best fit first.

use std::fmt::Write as _;

use super::{Format, Style, md};
use crate::error::Result;
use crate::report::readiness::Fit;
use crate::roster::Profile;

pub(crate) fn render_readiness(
    profile: &Profile,
    fits: &[Fit],
    format: Format,
    style: Style,
) -> Result<String> {
    let person = profile.person.as_str();
    Ok(match format {
        Format::Json => super::json(fits)?,
        Format::Csv => super::csv(
            &[
                "person",
                "role",
                "framework",
                "met",
                "required",
                "below",
                "unrated",
                "not-assessed",
                "shortfall",
                "current",
                "illustrative",
            ],
            fits.iter().map(|f| {
                vec![
                    person.to_owned(),
                    f.role.clone(),
                    f.framework.clone(),
                    f.summary.met().to_string(),
                    f.summary.required().to_string(),
                    f.summary.below.to_string(),
                    f.summary.unrated.to_string(),
                    f.summary.not_applicable.to_string(),
                    f.shortfall.to_string(),
                    f.current.to_string(),
                    f.illustrative.to_string(),
                ]
            }),
        )?,
        Format::Markdown => {
            let mut out = format!(
                "# Roles for {}, nearest first\n\n| role | framework | met | shortfall (levels) | still below |\n|---|---|---|---|---|\n",
                md(&profile.label())
            );
            for f in fits {
                let below: Vec<String> = f
                    .below
                    .iter()
                    .map(|b| {
                        if f.below_first.contains(&b.competency) {
                            format!("{} (-{}, {})", md(&b.name), b.levels, f.not_yet)
                        } else {
                            format!("{} (-{})", md(&b.name), b.levels)
                        }
                    })
                    .collect();
                let _ = writeln!(
                    out,
                    "| {} — `{}`{} | `{}` | {} of {} | {} | {} |",
                    md(&f.name),
                    f.role,
                    if f.current { " (current)" } else { "" },
                    f.framework,
                    f.summary.met(),
                    f.summary.required(),
                    f.shortfall,
                    below.join(", ")
                );
            }
            out
        }
        Format::Table => readiness_table(profile, fits, style),
    })
}

fn readiness_table(profile: &Profile, fits: &[Fit], style: Style) -> String {
    let mut out = format!(
        "{}\n",
        style.wrap(
            &format!(
                "roles for {}{}, nearest first",
                profile.label(),
                if profile.subject.is_organisation() {
                    " (organisation)"
                } else {
                    ""
                }
            ),
            "",
            ""
        )
    );
    if fits.is_empty() {
        let _ = writeln!(
            out,
            "no role can be compared: {} has no ratings yet on a framework with role profiles; record their own view with `competency assess {} --by self`, and their manager's with `--by manager`",
            profile.label(),
            profile.person
        );
        return out;
    }
    let mut table = super::table(
        style,
        &["role", "framework", "met", "shortfall", "still below"],
    )
    .details(&["framework", "still below"]);
    for f in fits {
        let mut name = format!("{} ({})", f.name, f.role);
        if f.current {
            name.push_str(" (current)");
        }
        let below: Vec<String> = f
            .below
            .iter()
            .map(|b| {
                if f.below_first.contains(&b.competency) {
                    format!("{} (-{}, {})", b.name, b.levels, f.not_yet)
                } else {
                    format!("{} (-{})", b.name, b.levels)
                }
            })
            .collect();
        let mut met = format!("{} of {}", f.summary.met(), f.summary.required());
        if f.summary.unrated > 0 {
            let _ = write!(met, " ({} unrated)", f.summary.unrated);
        }
        if f.summary.not_applicable > 0 {
            let _ = write!(met, " ({} not assessed)", f.summary.not_applicable);
        }
        table.add_row(vec![
            super::GridCell::new(&name),
            super::GridCell::new(&f.framework),
            super::GridCell::whole(&met),
            super::GridCell::new(&f.shortfall.to_string()),
            super::GridCell::new(&below.join(", ")),
        ]);
    }
    let _ = writeln!(out, "{table}");
    out
}
