//! `people`: list the people and organisations in the workspace.

use anyhow::Context as _;

use super::{Context, Outcome};
use crate::render::people::{Assessment, People, Person, render};
use crate::store;

pub(crate) fn run(cx: &mut Context) -> anyhow::Result<Outcome> {
    let workspace = cx
        .workspace()?
        .cloned()
        .context("no workspace here: create one with `competency init`, or give --workspace DIR")?;
    let ids = store::people(&workspace)
        .with_context(|| format!("cannot read `{}`", workspace.assessments_dir().display()))?;
    let mut model = People {
        people: Vec::new(),
        unreadable: Vec::new(),
    };
    for id in ids {
        let mut person = Person {
            id: id.clone(),
            subject: "person".to_owned(),
            assessments: Vec::new(),
        };
        for stored in store::person_records(&workspace, &id)? {
            let file = stored.file_name();
            match stored.record {
                Ok(record) => {
                    record.subject.as_str().clone_into(&mut person.subject);
                    person.assessments.push(Assessment {
                        file,
                        date: record.date().to_owned(),
                        framework: record.framework().to_owned(),
                        by: record.by.to_string(),
                        rater: record.rater.clone(),
                        role: record.role().map(str::to_owned),
                        status: record.status.as_str().to_owned(),
                        ratings: record.ratings.len(),
                        amends: record.amends().map(str::to_owned),
                    });
                }
                Err(_) => model
                    .unreadable
                    .push(workspace.display_path(&stored.path).display().to_string()),
            }
        }
        if !person.assessments.is_empty() {
            model.people.push(person);
        }
    }
    let stderr = String::new();
    Ok(Outcome {
        stdout: render(&model, cx.format, cx.style),
        stderr,
        code: 0,
    })
}
