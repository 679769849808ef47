//! `people`: who is in the workspace and what has been recorded for them.

use std::fmt::Write as _;

use serde::Serialize;

use super::{Format, Style, md};

#[derive(Debug, Serialize)]
pub struct People {
    pub people: Vec<Person>,
    /// Record files that could not be read; `validate` says why.
    pub unreadable: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct Person {
    pub id: String,
    /// `person` or `organisation`.
    pub subject: String,
    pub assessments: Vec<Assessment>,
}

#[derive(Debug, Serialize)]
pub struct Assessment {
    pub file: String,
    pub date: String,
    pub framework: String,
    pub by: String,
    pub rater: Option<String>,
    pub role: Option<String>,
    pub status: String,
    pub ratings: usize,
    pub amends: Option<String>,
}

pub fn render(model: &People, format: Format, style: Style) -> String {
    let rows = model
        .people
        .iter()
        .flat_map(|p| p.assessments.iter().map(move |a| (p, a)));
    let mut out = match format {
        Format::Json => return super::json(model),
        Format::Csv => super::csv(
            &[
                "person",
                "subject",
                "date",
                "framework",
                "by",
                "rater",
                "role",
                "status",
                "ratings",
                "amends",
                "file",
            ],
            rows.map(|(p, a)| {
                vec![
                    p.id.clone(),
                    p.subject.clone(),
                    a.date.clone(),
                    a.framework.clone(),
                    a.by.clone(),
                    a.rater.clone().unwrap_or_default(),
                    a.role.clone().unwrap_or_default(),
                    a.status.clone(),
                    a.ratings.to_string(),
                    a.amends.clone().unwrap_or_default(),
                    a.file.clone(),
                ]
            }),
        ),
        Format::Markdown => markdown(model),
        Format::Table => table_text(model, style),
    };
    if !model.unreadable.is_empty() && format != Format::Csv {
        let _ = writeln!(
            out,
            "{} record file(s) could not be read and are left out; `competency validate` says why",
            model.unreadable.len()
        );
    }
    out
}

fn table_text(model: &People, style: Style) -> String {
    if model.people.is_empty() {
        return "no assessments yet: record one with `competency assess PERSON --framework FW --by self`\n".to_owned();
    }
    let mut table = super::table(
        style,
        &[
            "person",
            "date",
            "framework",
            "by",
            "rater",
            "role",
            "status",
            "ratings",
            "file",
        ],
    );
    for p in &model.people {
        for (i, a) in p.assessments.iter().enumerate() {
            let who = if i > 0 {
                String::new()
            } else if p.subject == "organisation" {
                format!("{} (organisation)", p.id)
            } else {
                p.id.clone()
            };
            let status = match &a.amends {
                Some(amended) => format!("{} (amends {amended})", a.status),
                None => a.status.clone(),
            };
            table.add_row(super::cells(vec![
                who,
                a.date.clone(),
                a.framework.clone(),
                a.by.clone(),
                a.rater.clone().unwrap_or_default(),
                a.role.clone().unwrap_or_default(),
                status,
                a.ratings.to_string(),
                a.file.clone(),
            ]));
        }
    }
    format!(
        "{table}\n{}\n",
        super::count(model.people.len(), "person", "people")
    )
}

fn markdown(model: &People) -> String {
    let rows = model
        .people
        .iter()
        .flat_map(|p| p.assessments.iter().map(move |a| (p, a)));
    let mut out = String::from(
        "| person | date | framework | by | rater | status | ratings |\n|---|---|---|---|---|---|---|\n",
    );
    for (p, a) in rows {
        let _ = writeln!(
            out,
            "| `{}`{} | {} | `{}` | {} | {} | {} | {} |",
            p.id,
            if p.subject == "organisation" {
                " (organisation)"
            } else {
                ""
            },
            a.date,
            a.framework,
            a.by,
            md(a.rater.as_deref().unwrap_or("")),
            a.status,
            a.ratings
        );
    }
    out
}
