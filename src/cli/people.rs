//! `people`: list the people and organisations in the workspace.

use super::{Context, Outcome};
use crate::file::{Links, read_text};
use crate::record;
use crate::render::people::{Assessment, People, Person, render};
use crate::store::{self, Folder};

pub(crate) fn run(cx: &mut Context) -> anyhow::Result<Outcome> {
    let workspace = super::report::workspace(cx)?;
    let ids = store::people(&workspace)?;
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
        let folder = Folder::read(&store::person_dir(&workspace, &id))?;
        let mut records = Vec::new();
        for path in &folder.records {
            let checked = read_text(path, Links::Refuse).ok().and_then(|text| {
                let raw = record::parse(path, &text).ok()?;
                record::rules::check(path, &text, &raw, None, None).record
            });
            match checked {
                Some(record) => records.push((store::file_name(path), record)),
                None => model
                    .unreadable
                    .push(workspace.display_path(path).display().to_string()),
            }
        }
        records.sort_by(|(fa, a), (fb, b)| a.order_key().cmp(&b.order_key()).then(fa.cmp(fb)));
        for (file, record) in records {
            record.subject.as_str().clone_into(&mut person.subject);
            person.assessments.push(Assessment {
                file,
                date: record.date,
                framework: record.framework,
                by: record.by.to_string(),
                rater: record.rater,
                role: record.role,
                status: record.status.as_str().to_owned(),
                ratings: record.ratings.len(),
                amends: record.amends,
            });
        }
        if !person.assessments.is_empty() {
            model.people.push(person);
        }
    }
    Ok(Outcome::print(render(&model, cx.format, cx.style)))
}
