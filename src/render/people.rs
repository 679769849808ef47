//! `people`: who is in the workspace — the roster and everyone with records —
//! with each person's latest self and manager assessment.

use std::fmt::Write as _;

use serde::Serialize;

use super::{Format, Style, md};
use crate::error::Result;
use crate::roster::Profile;

#[derive(Debug, Serialize)]
pub(crate) struct People {
    pub people: Vec<Person>,
    /// Record files that could not be read; `validate` says why.
    pub unreadable: Vec<String>,
}

#[derive(Debug, Serialize)]
pub(crate) struct Person {
    pub id: String,
    /// `person` or `organisation`.
    pub subject: crate::model::Subject,
    #[serde(flatten)]
    pub profile: Profile,
    /// Whether they had left by the day listed (a leaving date may be ahead).
    #[serde(skip)]
    pub gone: bool,
    /// The latest self assessment and the latest manager assessment.
    pub latest_self: Option<Latest>,
    pub latest_manager: Option<Latest>,
    pub assessments: Vec<Assessment>,
}

/// When, by whom and how final an assessment is.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct Latest {
    pub date: String,
    pub rater: Option<String>,
    pub status: crate::record::Status,
    pub framework: String,
}

#[derive(Debug, Serialize)]
pub(crate) struct Assessment {
    pub file: String,
    pub date: String,
    pub framework: String,
    pub by: String,
    pub rater: Option<String>,
    pub role: Option<String>,
    pub status: crate::record::Status,
    pub ratings: usize,
    pub amends: Option<String>,
}

fn latest_text(latest: Option<&Latest>) -> String {
    latest.map_or_else(
        || "–".to_owned(),
        |l| {
            let mut text = l.date.clone();
            if let Some(rater) = &l.rater {
                let _ = write!(text, " {rater}");
            }
            if l.status != crate::record::Status::Final {
                let _ = write!(text, " ({})", l.status.as_str());
            }
            text
        },
    )
}

fn who(p: &Person) -> String {
    let mut who = p.profile.label();
    if p.subject == crate::model::Subject::Organisation {
        who.push_str(" (organisation)");
    }
    if let Some(left) = &p.profile.left {
        if p.gone {
            let _ = write!(who, " (left {left})");
        } else {
            let _ = write!(who, " (leaves {left})");
        }
    }
    who
}

fn opt(text: Option<&String>) -> String {
    text.cloned().unwrap_or_default()
}

pub(crate) fn render(model: &People, format: Format, style: Style) -> Result<String> {
    let mut out = match format {
        Format::Json => return super::json(model),
        Format::Csv => super::csv(
            &[
                "person",
                "name",
                "subject",
                "role",
                "team",
                "manager",
                "left",
                "in-roster",
                "last-self",
                "last-self-rater",
                "last-manager",
                "last-manager-rater",
                "assessments",
            ],
            model.people.iter().map(|p| {
                vec![
                    p.id.clone(),
                    opt(p.profile.name.as_ref()),
                    p.subject.as_str().to_owned(),
                    opt(p.profile.role.as_ref()),
                    opt(p.profile.team.as_ref()),
                    opt(p.profile.manager.as_ref()),
                    opt(p.profile.left.as_ref()),
                    p.profile.in_roster.to_string(),
                    p.latest_self
                        .as_ref()
                        .map(|l| l.date.clone())
                        .unwrap_or_default(),
                    p.latest_self
                        .as_ref()
                        .and_then(|l| l.rater.clone())
                        .unwrap_or_default(),
                    p.latest_manager
                        .as_ref()
                        .map(|l| l.date.clone())
                        .unwrap_or_default(),
                    p.latest_manager
                        .as_ref()
                        .and_then(|l| l.rater.clone())
                        .unwrap_or_default(),
                    p.assessments.len().to_string(),
                ]
            }),
        )?,
        Format::Markdown => markdown(model),
        Format::Table => table_text(model, style),
    };
    if !model.unreadable.is_empty() && format != Format::Csv {
        let _ = writeln!(
            out,
            "{} could not be read and {} left out; `competency validate` says why",
            super::count(model.unreadable.len(), "record file", "record files"),
            if model.unreadable.len() == 1 {
                "is"
            } else {
                "are"
            }
        );
    }
    Ok(out)
}

fn table_text(model: &People, style: Style) -> String {
    if model.people.is_empty() {
        return "nobody yet: add people with `competency people add ID --name NAME`, or record an assessment with `competency assess PERSON --by self`\n".to_owned();
    }
    let mut table = super::table(
        style,
        &[
            "person",
            "role",
            "team",
            "manager",
            "last self-assessment",
            "last manager assessment",
        ],
    )
    .details(&["team", "manager"]);
    for p in &model.people {
        table.add_row(super::cells([
            who(p),
            opt(p.profile.role.as_ref()),
            opt(p.profile.team.as_ref()),
            p.profile
                .manager_name
                .clone()
                .or_else(|| p.profile.manager.clone())
                .unwrap_or_default(),
            latest_text(p.latest_self.as_ref()),
            latest_text(p.latest_manager.as_ref()),
        ]));
    }
    format!(
        "{table}\n{}\n",
        super::count(model.people.len(), "person", "people")
    )
}

fn markdown(model: &People) -> String {
    let mut out = String::from(
        "| person | role | team | manager | last self-assessment | last manager assessment |\n|---|---|---|---|---|---|\n",
    );
    for p in &model.people {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} |",
            md(&who(p)),
            md(&opt(p.profile.role.as_ref())),
            md(&opt(p.profile.team.as_ref())),
            md(&p
                .profile
                .manager_name
                .clone()
                .or_else(|| p.profile.manager.clone())
                .unwrap_or_default()),
            md(&latest_text(p.latest_self.as_ref())),
            md(&latest_text(p.latest_manager.as_ref())),
        );
    }
    out
}
