//! `frameworks`, `show`, `roles`, `role`: browsing what is bundled and defined.

use anyhow::{Context as _, bail};
use clap::Args;

use super::{Context, FormatArg, Outcome};
use crate::catalog::unknown;
use crate::diagnostic::list_names;
use crate::model::Origin;
use crate::render::framework::{FrameworkRow, ShowView, render_list, render_show};
use crate::render::role;

#[derive(Debug, Args)]
pub(crate) struct ShowArgs {
    /// Framework id, e.g. wdcvs (see `competency frameworks`)
    pub(crate) framework: String,
    /// Only this competency, e.g. team-working
    pub(crate) competency: Option<String>,
    /// Only indicators at this level (code or label), e.g. 3, D, engaged
    #[arg(long, short = 'l')]
    pub(crate) level: Option<String>,
}

#[derive(Debug, Args)]
pub(crate) struct RolesArgs {
    /// Only roles of this framework
    pub(crate) framework: Option<String>,
}

#[derive(Debug, Args)]
pub(crate) struct RoleArgs {
    /// Role id, e.g. community-link-worker (see `competency roles`)
    pub(crate) role: String,
}

pub(crate) fn frameworks(cx: &mut Context) -> anyhow::Result<Outcome> {
    let (catalog, note) = cx.browsing_catalog()?;
    let frameworks = catalog.frameworks()?;
    let rows: Vec<FrameworkRow<'_>> = frameworks
        .iter()
        .map(|f| FrameworkRow::new(f, catalog.origin(&f.id).unwrap_or(&Origin::Bundled)))
        .collect();
    Ok(Outcome::print_with_note(
        note,
        render_list(&rows, cx.format, cx.style),
    ))
}

pub(crate) fn show(cx: &mut Context, args: &ShowArgs) -> anyhow::Result<Outcome> {
    let (catalog, note) = cx.browsing_catalog()?;
    let framework = catalog.framework(&args.framework)?;
    if cx.wants(FormatArg::Yaml) {
        if args.competency.is_some() || args.level.is_some() {
            bail!(
                "--format yaml prints the whole framework file; leave out the competency and --level"
            );
        }
        // The file as written, comments and all: the starting point for adapting it.
        let text = catalog.source_text(&framework.id)?;
        return Ok(Outcome::print_with_note(note, text.into_owned()));
    }
    let competency = match &args.competency {
        None => None,
        Some(id) => Some(framework.competency(id).ok_or_else(|| {
            anyhow::anyhow!(unknown(
                "competency",
                id,
                Some(&format!("framework `{}`", framework.id)),
                framework.competencies.iter().map(|c| c.id.as_str())
            ))
        })?),
    };
    let level = match &args.level {
        None => None,
        Some(input) => match framework.scale.find(input) {
            Some(level) => Some(level.code.as_str()),
            None => bail!(
                "unknown level `{}` in `{}` (the scale has {})",
                input.escape_debug(),
                framework.id,
                list_names(framework.scale.codes(), "and")
            ),
        },
    };
    let view = ShowView {
        framework,
        competency,
        level,
    };
    Ok(Outcome::print_with_note(
        note,
        render_show(&view, cx.format, cx.style),
    ))
}

pub(crate) fn roles(cx: &mut Context, args: &RolesArgs) -> anyhow::Result<Outcome> {
    let (catalog, note) = cx.browsing_catalog()?;
    if let Some(id) = &args.framework {
        catalog.framework(id)?;
    }
    let roles: Vec<_> = catalog
        .roles()?
        .into_iter()
        .filter(|r| args.framework.as_ref().is_none_or(|f| &r.framework == f))
        .collect();
    Ok(Outcome::print_with_note(
        note,
        role::render_list(&roles, cx.format, cx.style),
    ))
}

pub(crate) fn role(cx: &mut Context, args: &RoleArgs) -> anyhow::Result<Outcome> {
    let (catalog, note) = cx.browsing_catalog()?;
    let role = catalog.role(&args.role)?;
    let framework = catalog
        .framework(&role.framework)
        .with_context(|| format!("role `{}` names framework `{}`", role.id, role.framework))?;
    Ok(Outcome::print_with_note(
        note,
        role::render_one(role, framework, cx.format, cx.style),
    ))
}
