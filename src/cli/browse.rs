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
    #[arg(add = clap_complete::ArgValueCompleter::new(super::complete::frameworks))]
    pub(crate) framework: String,
    /// Only this competency, e.g. team-working
    pub(crate) competency: Option<String>,
    /// Only indicators at this level (code or label), e.g. 3, D, engaged
    #[arg(long, short = 'l')]
    pub(crate) level: Option<String>,
    /// With --format case: where the package's objects are served, e.g.
    /// `https://example.org/ims/case/v1p1`; each `uri` is then
    /// `URI/CFItems/IDENTIFIER` (and so on per kind) instead of `urn:uuid:IDENTIFIER`
    #[arg(long, value_name = "URI")]
    pub(crate) base_uri: Option<String>,
}

#[derive(Debug, Args)]
pub(crate) struct RolesArgs {
    /// Only roles of this framework
    #[arg(add = clap_complete::ArgValueCompleter::new(super::complete::frameworks))]
    pub(crate) framework: Option<String>,
}

#[derive(Debug, Args)]
pub(crate) struct RoleArgs {
    /// Role id, e.g. community-link-worker (see `competency roles`)
    #[arg(add = clap_complete::ArgValueCompleter::new(super::complete::roles))]
    pub(crate) role: String,
}

pub(crate) fn frameworks(cx: &mut Context) -> anyhow::Result<Outcome> {
    let (catalog, note) = cx.browsing_catalog()?;
    let frameworks = catalog.frameworks();
    let rows: Vec<FrameworkRow<'_>> = frameworks
        .iter()
        .map(|f| FrameworkRow::new(f, catalog.origin(&f.id).unwrap_or(&Origin::Bundled)))
        .collect();
    // A list that had to leave a file out is not the whole list.
    let code = i32::from(!catalog.left_out().is_empty());
    Ok(Outcome {
        code,
        ..Outcome::print_with_note(note, render_list(&rows, cx.format, cx.style)?)
    })
}

pub(crate) fn show(cx: &mut Context, args: &ShowArgs) -> anyhow::Result<Outcome> {
    let (catalog, note) = cx.browsing_catalog()?;
    let framework = catalog.framework(&args.framework)?;
    if args.base_uri.is_some() && !cx.wants(FormatArg::Case) {
        bail!("--base-uri is for --format case; add --format case, or leave out --base-uri");
    }
    let whole = |format: &str| {
        if args.competency.is_some() || args.level.is_some() {
            bail!(
                "--format {format} gives the whole framework; leave out the competency and --level"
            );
        }
        Ok(())
    };
    if cx.wants(FormatArg::Case) {
        whole("case")?;
        let options = crate::case::Options {
            base_uri: args.base_uri.as_deref().map(base_uri).transpose()?,
            last_change: catalog.last_change(&framework.id)?.to_string(),
            official_source_url: framework.source_url.clone(),
        };
        let package = crate::case::package(framework, &options);
        let text = serde_json::to_string_pretty(&package)?;
        let mut text = crate::text::json_controls(&text).into_owned();
        text.push('\n');
        return Ok(Outcome::print_with_note(note, text));
    }
    if cx.wants(FormatArg::Yaml) {
        whole("yaml")?;
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
        render_show(&view, cx.format, cx.style)?,
    ))
}

/// A base URI for CASE: an `https://` or `http://` address with no spaces,
/// query or fragment (each object's path is added to its end).
fn base_uri(uri: &str) -> anyhow::Result<String> {
    let rest = uri
        .strip_prefix("https://")
        .or_else(|| uri.strip_prefix("http://"));
    match rest {
        Some(rest)
            if !rest.is_empty()
                && !rest.starts_with('/')
                && !rest.contains(|c: char| c.is_whitespace() || c == '?' || c == '#') =>
        {
            Ok(uri.trim_end_matches('/').to_owned())
        }
        _ => bail!(
            "--base-uri `{}` is not a web address to add paths to; give one like https://example.org/ims/case/v1p1",
            uri.escape_debug()
        ),
    }
}

pub(crate) fn roles(cx: &mut Context, args: &RolesArgs) -> anyhow::Result<Outcome> {
    let (catalog, note) = cx.browsing_catalog()?;
    if let Some(id) = &args.framework {
        catalog.framework(id)?;
    }
    let roles: Vec<_> = catalog
        .roles()
        .into_iter()
        .filter(|r| args.framework.as_ref().is_none_or(|f| &r.framework == f))
        .collect();
    // A role id defined in two places is listed twice, and said so.
    let mut note = note;
    let duplicates = catalog.duplicate_roles();
    for d in &duplicates {
        note.push_str(&d.headline());
        note.push('\n');
    }
    let code = i32::from(!catalog.left_out().is_empty() || !duplicates.is_empty());
    Ok(Outcome {
        code,
        ..Outcome::print_with_note(note, role::render_list(&roles, cx.format, cx.style)?)
    })
}

pub(crate) fn role(cx: &mut Context, args: &RoleArgs) -> anyhow::Result<Outcome> {
    let (catalog, note) = cx.browsing_catalog()?;
    let role = catalog.role(&args.role)?;
    let framework = catalog
        .framework(&role.framework)
        .with_context(|| format!("role `{}` names framework `{}`", role.id, role.framework))?;
    Ok(Outcome::print_with_note(
        note,
        role::render_one(role, framework, cx.format, cx.style)?,
    ))
}
