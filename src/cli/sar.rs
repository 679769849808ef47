//! `sar`: a subject-access bundle — every file the workspace holds about a
//! person, the reports about them, and the records they wrote as a rater,
//! in one zip with a manifest.

use clap::Args;

use super::{Context, Outcome};
use crate::error::Error;
use crate::file::{Kind, Opened};
use crate::record::RaterKind;
use crate::sar::{Bundle, LeftOut, Rated, sha256};
use crate::store;

#[derive(Debug, Args)]
pub(crate) struct SarArgs {
    /// The person, e.g. alex-morgan
    #[arg(add = clap_complete::ArgValueCompleter::new(super::complete::people))]
    pub(crate) person: String,
}

/// The reports a bundle holds, each as HTML and JSON.
const REPORTS: [(&str, &str); 3] = [
    ("gap", "their ratings against their role"),
    ("plan", "their development plan"),
    ("history", "their ratings over time"),
];

pub(crate) fn run(cx: &mut Context, args: &SarArgs) -> anyhow::Result<Outcome> {
    let ws = cx.require_workspace()?;
    let catalog = cx.catalog()?;
    let id = crate::assessment::person_id(&args.person)?;
    let id = id.as_str();
    let roster = store::read_roster(&ws)?;
    let member = roster.people.iter().find(|m| m.id == id);
    let root = ws.dir();
    let entries = crate::sar::person_files(root, id)?;
    if member.is_none() && entries.is_empty() {
        return Err(Error::refused(format!(
            "no one with the id `{id}` is in the roster or has records; `competency people --include-left` lists everyone"
        ))
        .into());
    }
    let name = member.map_or(id, |m| m.name.as_str());
    let mut bundle = Bundle::new(
        id,
        name,
        &crate::render::made_on().to_string(),
        &crate::sar::folders(id),
    );

    folder_files(&ws, &mut bundle, &entries, id)?;
    if let Some(member) = member {
        bundle.add(
            "roster-entry.json",
            None,
            "their entry in the roster (roster.toml)",
            crate::render::json(member)?.into_bytes(),
        );
    }
    saved_answers(&ws, &mut bundle, id, &catalog)?;
    reports(&mut bundle, id, &cx.locate);
    bundle.manifest.rated_others = rated_others(&ws, id, name)?;
    Ok(Outcome::binary(bundle.zip(entries.len())?))
}

/// Every file of the person's folder, but a peer's rating and what is not
/// a regular file, which are named as left out with why.
fn folder_files(
    ws: &crate::workspace::Workspace,
    bundle: &mut Bundle,
    entries: &[(String, Kind)],
    id: &str,
) -> anyhow::Result<()> {
    let root = ws.dir();
    let reviews = format!("{}/", store::review_rel(id));
    // Who wrote each record of theirs: a peer's rating stays out.
    let read = store::person_records(ws, None, &crate::assessment::person_id(id)?, None)?;
    let by_file = |file: &str| {
        read.records
            .iter()
            .find(|f| f.file.rsplit('/').next() == Some(file))
            .map(|f| &f.record)
    };
    for (rel, kind) in entries {
        let rel = rel.clone();
        let file = rel.rsplit('/').next().unwrap_or_default();
        let place = if rel.starts_with(&reviews) {
            "reviews"
        } else {
            "records"
        };
        if *kind != Kind::File {
            bundle.manifest.left_out.push(LeftOut {
                source: rel,
                sha256: String::new(),
                why: "not a regular file (a link or a folder is never followed)".to_owned(),
            });
            continue;
        }
        let bytes = root.read_bytes(&rel).map_err(Error::from)?;
        if place == "reviews" {
            bundle.add(
                &format!("reviews/{file}"),
                Some(&rel),
                "a review: actions and objectives agreed, and how they went",
                bytes,
            );
            continue;
        }
        match by_file(file) {
            Some(record) if record.by == RaterKind::Peer => {
                // Not even its name: that holds the day the peer rated.
                bundle.manifest.left_out.push(LeftOut {
                    source: crate::sar::PEER_RECORD.to_owned(),
                    sha256: sha256(&bytes),
                    why: "a peer's rating: peers are shown only together, in the reports' peer figures".to_owned(),
                });
            }
            Some(record) => {
                let what = format!(
                    "{} assessment on {}, {} ({})",
                    record.by,
                    record.framework,
                    record.date,
                    record.status.as_str()
                );
                bundle.add(&format!("records/{file}"), Some(&rel), &what, bytes);
            }
            None => {
                bundle.add(
                    &format!("records/{file}"),
                    Some(&rel),
                    "a file in their folder",
                    bytes,
                );
            }
        }
    }
    Ok(())
}

/// The answers an unfinished questionnaire about them saved.
fn saved_answers(
    ws: &crate::workspace::Workspace,
    bundle: &mut Bundle,
    id: &str,
    catalog: &crate::catalog::Catalog,
) -> anyhow::Result<()> {
    let root = ws.dir();
    let saved = format!("{}/progress", store::PRIVATE_DIR);
    let Ok(Opened::Folder(_, entries)) = root.open_folder(&saved) else {
        return Ok(());
    };
    let mut names: Vec<String> = entries
        .into_iter()
        .filter(|(name, kind)| *kind == Kind::File && store::is_progress_of(name, id, catalog))
        .map(|(name, _)| name)
        .collect();
    names.sort();
    for file in names {
        let rel = format!("{saved}/{file}");
        let bytes = root.read_bytes(&rel).map_err(Error::from)?;
        bundle.add(
            &format!("saved-answers/{file}"),
            Some(&rel),
            "answers saved by an unfinished questionnaire",
            bytes,
        );
    }
    Ok(())
}

/// The reports about them, each as HTML and JSON, made as the commands
/// make them; one that cannot be made is a note saying why.
fn reports(bundle: &mut Bundle, id: &str, locate: &crate::workspace::Locate) {
    for (report, what) in REPORTS {
        for format in ["html", "json"] {
            match super::in_process(&[report, id, "--format", format], locate.clone()) {
                Ok(outcome) if outcome.code <= 1 => {
                    let what = if outcome.code == 1 {
                        format!(
                            "{what} ({format}); some records were left out: its notes say which"
                        )
                    } else {
                        format!("{what} ({format})")
                    };
                    bundle.add(
                        &format!("reports/{report}.{format}"),
                        None,
                        &what,
                        outcome.stdout.into_bytes(),
                    );
                }
                Ok(outcome) => bundle
                    .manifest
                    .notes
                    .push(format!("no {report} report: {}", outcome.stderr.trim())),
                Err(e) => bundle.manifest.notes.push(format!(
                    "no {report} report: {}",
                    super::error_text(&e).trim()
                )),
            }
        }
    }
}

/// The records about other people whose rater is `name` (or `id`).
fn rated_others(
    ws: &crate::workspace::Workspace,
    id: &str,
    name: &str,
) -> anyhow::Result<Vec<Rated>> {
    let mut rated = Vec::new();
    for person in store::people(ws)? {
        if person == id {
            continue;
        }
        let Ok(person) = crate::assessment::person_id(&person) else {
            continue;
        };
        let read = store::person_records(ws, None, &person, None)?;
        for f in read.records {
            if f.record
                .rater
                .as_deref()
                .is_some_and(|r| r == name || r == id)
            {
                rated.push(Rated {
                    record: format!(
                        "{}/{}",
                        store::person_rel(person.as_str()),
                        f.file.rsplit('/').next().unwrap_or_default()
                    ),
                    date: f.record.date.to_string(),
                    by: f.record.by.to_string(),
                });
            }
        }
    }
    rated.sort_by(|a, b| a.record.cmp(&b.record));
    Ok(rated)
}
