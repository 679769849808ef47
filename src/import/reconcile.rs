//! An import held against the workspace as it is (read under the lock, so
//! nothing changes between the check and the write): a record whose rows
//! match one already there is recognised and skipped, so importing the
//! workspace's own export adds nothing; a changed record that is in the
//! workspace as a final one is refused unless `--amend`, which writes an
//! amendment naming it; a changed draft is written as its correction. Pure:
//! the caller reads the existing records.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use super::Imported;
use crate::diagnostic::{At, Code, Collector, Diagnostic, Location};
use crate::record::{Filed, Record, Status, chain};
use crate::store::NewRecord;

/// Where one imported record came from in the table.
#[derive(Clone, Debug, Default)]
pub(crate) struct Origin {
    /// The first row of the record.
    pub at: Option<Location>,
    /// The `file` column's record name, when the table has one.
    pub file: Option<String>,
}

/// What an import will do, record by record.
#[derive(Debug, Default)]
pub(crate) struct Reconciled {
    /// The records to write (new ones, and corrections of existing ones).
    pub records: Vec<NewRecord>,
    /// Records already in the workspace: (person, file), skipped.
    pub present: Vec<(String, String)>,
    /// Written records that correct one already there: (person, file amended).
    pub corrections: Vec<(String, String)>,
    /// Records refused (a final record changed without `--amend`), located.
    pub refused: Vec<Diagnostic>,
}

/// Whether two records say the same: the same person, framework, rater,
/// role, day, status and ratings (levels, not applicable, evidence; in any
/// order). When each was written, its checksum, the framework's fingerprint,
/// what it amends and how a level was reached (a checklist's ticks, which a
/// table cannot carry) are not compared: an exported record read back
/// differs only in those.
pub(crate) fn same_content(a: &Record, b: &Record) -> bool {
    let ratings = rating_keys;
    a.person == b.person
        && a.subject == b.subject
        && a.framework == b.framework
        && a.by == b.by
        && a.rater == b.rater
        && a.role == b.role
        && a.date == b.date
        && a.status == b.status
        && ratings(a) == ratings(b)
}

/// A record's ratings as what they say, in competency order.
type RatingKey<'r> = (&'r str, Option<&'r str>, bool, Option<&'r str>);

fn rating_keys(r: &Record) -> Vec<RatingKey<'_>> {
    let mut ratings: Vec<RatingKey<'_>> = r
        .ratings
        .iter()
        .map(|x| {
            (
                x.competency.as_str(),
                x.level.as_deref(),
                x.not_applicable,
                x.evidence.as_deref(),
            )
        })
        .collect();
    ratings.sort_by(|x, y| x.0.cmp(y.0));
    ratings
}

/// Whether `a` and `b` are the same assessment (maybe with other ratings):
/// same person, framework, rater, day and subject.
fn same_assessment(a: &Record, b: &Record) -> bool {
    a.person == b.person
        && a.subject == b.subject
        && a.framework == b.framework
        && a.by == b.by
        && a.rater == b.rater
        && a.date == b.date
}

/// The first rating that differs between an existing record and its
/// imported rows, in words, to say why a final record is refused.
fn first_difference(existing: &Record, imported: &Record) -> String {
    for rating in &imported.ratings {
        let before = existing
            .ratings
            .iter()
            .find(|r| r.competency == rating.competency);
        let shown = |r: Option<&crate::record::Rating>| match r {
            None => "no rating".to_owned(),
            Some(r) if r.not_applicable => "not applicable".to_owned(),
            Some(r) => r
                .level
                .as_deref()
                .map_or_else(|| "no level".to_owned(), |l| format!("level `{l}`")),
        };
        if before.map(|b| (&b.level, b.not_applicable))
            != Some((&rating.level, rating.not_applicable))
        {
            return format!(
                "`{}` is {} in the record and {} here",
                rating.competency,
                shown(before),
                shown(Some(rating))
            );
        }
        if before.and_then(|b| b.evidence.as_deref()) != rating.evidence.as_deref() {
            return format!("the evidence for `{}` differs", rating.competency);
        }
    }
    if existing.status != imported.status {
        return format!(
            "the record is {} and the rows say {}",
            existing.status.as_str(),
            imported.status.as_str()
        );
    }
    "its ratings differ".to_owned()
}

/// Hold `imported` against each person's records as they are now
/// (`existing`, oldest first). `file` and `source` locate the problems.
pub(crate) fn reconcile(
    file: &Path,
    source: Option<&str>,
    imported: Imported,
    existing: &mut dyn FnMut(&str) -> Vec<Filed>,
    amend: bool,
) -> Reconciled {
    // Where each imported record went: written at an index of `out.records`,
    // or already in the workspace as a file.
    enum Placed {
        Written(usize),
        Present(String),
    }
    let mut c = Collector::new(file, source);
    let mut by_person: HashMap<String, Vec<Filed>> = HashMap::new();
    let mut out = Reconciled::default();
    let mut placed: Vec<Placed> = Vec::with_capacity(imported.records.len());
    let mut amends_of: Vec<Option<usize>> = Vec::new();
    for (new, origin) in imported.records.into_iter().zip(imported.origins) {
        let person = new.record.person.clone();
        let records = by_person
            .entry(person.clone())
            .or_insert_with(|| existing(&person));
        let superseded: HashSet<&str> = chain::superseded(records, None);
        let at = At::Location(origin.at);
        // The record the rows name (export's `file`), else the latest current
        // record of the same assessment.
        let named = origin
            .file
            .as_deref()
            .and_then(|f| records.iter().find(|r| r.file == f));
        let same = named.or_else(|| {
            records
                .iter()
                .rev()
                .filter(|r| !superseded.contains(r.file.as_str()))
                .find(|r| same_assessment(&r.record, &new.record))
        });
        if let Some(present) = named
            .filter(|r| same_content(&r.record, &new.record))
            .or_else(|| {
                records
                    .iter()
                    .find(|r| same_content(&r.record, &new.record))
            })
        {
            out.present.push((person, present.file.clone()));
            placed.push(Placed::Present(present.file.clone()));
            continue;
        }
        let mut new = new;
        if let Some(target) = same {
            if superseded.contains(target.file.as_str()) {
                let newest = newest_correction(records, &target.file);
                c.error(
                    Code::AlreadyCorrected,
                    at,
                    "file",
                    format!(
                        "these rows change `{}` of `{person}`, which has been corrected since by `{newest}`; change the rows of `{newest}` instead",
                        target.file
                    ),
                );
                placed.push(Placed::Present(target.file.clone()));
                continue;
            }
            if target.record.status == Status::Final && !amend {
                c.error(
                    Code::FinalRecordChanged,
                    at,
                    "file",
                    format!(
                        "these rows change `{}` of `{person}`, a final record ({}); a final record is only changed by an amendment",
                        target.file,
                        first_difference(&target.record, &new.record)
                    ),
                )
                .help("import with --amend to write the rows as an amendment of that record, or correct the rows");
                placed.push(Placed::Present(target.file.clone()));
                continue;
            }
            new.record.amends = Some(target.file.clone());
            new.amends = None;
            out.corrections.push((person, target.file.clone()));
        }
        amends_of.push(new.amends);
        placed.push(Placed::Written(out.records.len()));
        out.records.push(new);
    }
    // Links within the table, to the records' places now: a record written,
    // or one already in the workspace (then named by its file).
    for (i, target) in amends_of.iter().enumerate() {
        let Some(target) = *target else { continue };
        let record = &mut out.records[i];
        match placed.get(target) {
            Some(Placed::Written(j)) if *j != i => record.amends = Some(*j),
            Some(Placed::Present(file)) => {
                record.amends = None;
                record.record.amends = Some(file.clone());
            }
            _ => record.amends = None,
        }
    }
    out.refused = c.finish();
    out
}

/// The newest correction of `file` among a person's records.
fn newest_correction(records: &[Filed], file: &str) -> String {
    let mut newest = file.to_owned();
    let mut seen = HashSet::from([file.to_owned()]);
    while let Some(next) = chain::correction_of(records, &newest) {
        if !seen.insert(next.file.clone()) {
            break;
        }
        newest.clone_from(&next.file);
    }
    newest
}
