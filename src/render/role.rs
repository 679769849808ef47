//! `roles` and `role`: role profiles and the levels they require.

use std::fmt::Write as _;

use serde::Serialize;

use super::{Format, Style, md};
use crate::error::Result;
use crate::model::{Framework, Origin, RoleProfile, SpecificationArea};

#[derive(Serialize)]
struct RoleRow<'a> {
    id: &'a str,
    name: &'a str,
    framework: &'a str,
    competencies: usize,
    illustrative: bool,
    origin: String,
    /// Where the role is defined, as a table shows it: `framework`, or the
    /// file within the workspace (`roles/caseworker.yaml`), so the column is
    /// as narrow wherever the workspace is.
    #[serde(skip)]
    source: String,
    /// Whom the role is for: `person`, or `organisation`.
    subject: crate::model::Subject,
}

pub(crate) fn render_list(roles: &[&RoleProfile], format: Format, style: Style) -> Result<String> {
    let rows: Vec<RoleRow<'_>> = roles
        .iter()
        .map(|r| RoleRow {
            id: &r.id,
            name: &r.name,
            framework: &r.framework,
            competencies: r.required.len(),
            illustrative: r.illustrative,
            origin: r.origin.to_string(),
            source: match &r.origin {
                Origin::Bundled if r.illustrative => "framework (illustrative)".to_owned(),
                Origin::Bundled => "framework".to_owned(),
                Origin::File(path) => {
                    let parts: Vec<_> = path.components().rev().take(2).collect();
                    parts
                        .iter()
                        .rev()
                        .map(|c| c.as_os_str().to_string_lossy())
                        .collect::<Vec<_>>()
                        .join("/")
                }
            },
            subject: r.subject,
        })
        .collect();
    // An organisation's role says so wherever its name is shown.
    let name = |r: &RoleRow<'_>| {
        if r.subject == crate::model::Subject::Organisation {
            format!("{} (organisation)", r.name)
        } else {
            r.name.to_owned()
        }
    };
    Ok(match format {
        Format::Json => super::json(&rows)?,
        Format::Csv => super::csv(
            &[
                "id",
                "name",
                "framework",
                "competencies",
                "illustrative",
                "origin",
                "subject",
            ],
            rows.iter().map(|r| {
                vec![
                    r.id.to_owned(),
                    r.name.to_owned(),
                    r.framework.to_owned(),
                    r.competencies.to_string(),
                    r.illustrative.to_string(),
                    r.origin.clone(),
                    r.subject.as_str().to_owned(),
                ]
            }),
        )?,
        Format::Markdown => {
            let mut out = String::from(
                "| id | name | framework | competencies | illustrative |\n|---|---|---|---|---|\n",
            );
            for r in &rows {
                let _ = writeln!(
                    out,
                    "| `{}` | {} | `{}` | {} | {} |",
                    r.id,
                    md(&name(r)),
                    r.framework,
                    r.competencies,
                    if r.illustrative { "yes" } else { "" }
                );
            }
            out
        }
        Format::Table => {
            if rows.is_empty() {
                return Ok("no role profiles\n".to_owned());
            }
            let mut table = super::table(
                style,
                &["id", "name", "framework", "competencies", "source"],
            );
            for r in &rows {
                let source = r.source.clone();
                table.add_row(super::cells(vec![
                    r.id.to_owned(),
                    name(r),
                    r.framework.to_owned(),
                    r.competencies.to_string(),
                    source,
                ]));
            }
            format!("{table}\n")
        }
    })
}

#[derive(Serialize)]
struct Requirement<'a> {
    competency: &'a str,
    name: &'a str,
    level: &'a str,
    label: &'a str,
    rank: u32,
}

fn requirements<'a>(role: &'a RoleProfile, framework: &'a Framework) -> Vec<Requirement<'a>> {
    role.required
        .iter()
        .map(|(competency, code)| {
            let level = framework.scale.level(code);
            Requirement {
                competency,
                name: framework
                    .competency(competency)
                    .map_or("", |c| c.name.as_str()),
                level: code,
                label: level.map_or("", |l| l.label.as_str()),
                rank: level.map_or(0, |l| l.rank),
            }
        })
        .collect()
}

pub(crate) fn render_one(
    role: &RoleProfile,
    framework: &Framework,
    format: Format,
    style: Style,
) -> Result<String> {
    let requirements = requirements(role, framework);
    Ok(match format {
        Format::Json => super::json(role)?,
        Format::Csv => super::csv(
            &[
                "role",
                "framework",
                "competency",
                "name",
                "level",
                "label",
                "rank",
            ],
            requirements.iter().map(|r| {
                vec![
                    role.id.clone(),
                    role.framework.clone(),
                    r.competency.to_owned(),
                    r.name.to_owned(),
                    r.level.to_owned(),
                    r.label.to_owned(),
                    r.rank.to_string(),
                ]
            }),
        )?,
        Format::Markdown => one_markdown(role, framework, &requirements),
        Format::Table => one_table(role, framework, &requirements, style),
    })
}

const ILLUSTRATIVE: &str = "Illustrative: inferred from the source's examples, not stated by it.";

/// What an organisation's role says of itself.
const ORGANISATIONAL: &str = "A role for an organisation or team: it requires organisational capabilities, and is compared with organisations' assessments (`--subject organisation`), never a person's.";

fn specification_lists(area: &SpecificationArea) -> [(&'static str, &Vec<String>); 3] {
    [
        ("Essential", &area.essential),
        ("Desirable", &area.desirable),
        ("Assessed by", &area.assessed_by),
    ]
}

fn one_markdown(
    role: &RoleProfile,
    framework: &Framework,
    requirements: &[Requirement<'_>],
) -> String {
    let mut out = format!(
        "# {} — role `{}`\n\nFramework: {} (`{}`)\n\n",
        md(&role.name),
        role.id,
        md(&framework.name),
        framework.id
    );
    if role.illustrative {
        let _ = writeln!(out, "*{ILLUSTRATIVE}*\n");
    }
    if role.subject.is_organisation() {
        let _ = writeln!(out, "{}\n", md(ORGANISATIONAL));
    }
    if let Some(note) = &role.note {
        let _ = writeln!(out, "{}\n", md(note));
    }
    out.push_str("| competency | required level |\n|---|---|\n");
    for r in requirements {
        let _ = writeln!(
            out,
            "| {} (`{}`) | `{}` {} |",
            md(r.name),
            r.competency,
            r.level,
            md(r.label)
        );
    }
    for area in &role.person_specification {
        let _ = writeln!(out, "\n## Person specification: {}\n", md(&area.area));
        for (title, items) in specification_lists(area) {
            if !items.is_empty() {
                let _ = writeln!(out, "**{title}**\n");
                for item in items {
                    let _ = writeln!(out, "- {}", md(item));
                }
                out.push('\n');
            }
        }
    }
    out
}

fn one_table(
    role: &RoleProfile,
    framework: &Framework,
    requirements: &[Requirement<'_>],
    style: Style,
) -> String {
    let mut out = format!(
        "{} — role {}\nFramework: {} ({})\n",
        role.name, role.id, framework.name, framework.id
    );
    if role.illustrative {
        let _ = writeln!(out, "{ILLUSTRATIVE}");
    }
    if role.subject.is_organisation() {
        let _ = writeln!(out, "{}", style.wrap(ORGANISATIONAL, "", ""));
    }
    if let Some(note) = &role.note {
        let _ = writeln!(out, "{}", style.wrap(note, "", ""));
    }
    let mut table = super::table(style, &["competency", "name", "required", "label"]);
    for r in requirements {
        table.add_row(super::cells(vec![r.competency, r.name, r.level, r.label]));
    }
    let _ = writeln!(out, "{table}");
    for area in &role.person_specification {
        let _ = writeln!(out, "\nPerson specification: {}", area.area);
        for (title, items) in specification_lists(area) {
            if !items.is_empty() {
                let _ = writeln!(out, "  {title}");
                for item in items {
                    let _ = writeln!(out, "{}", style.wrap(item, "    • ", "      "));
                }
            }
        }
    }
    out
}
