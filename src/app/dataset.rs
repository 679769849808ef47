//! The workspace as a Parquet dataset's tables ([`crate::dataset`]) — every
//! rating, every person's standing against their own role as `team` counts
//! it, and the frameworks, roles and people they refer to, keyed by
//! pseudonymous keys (`export --format parquet`).

use std::collections::BTreeMap;

use super::team;
use crate::catalog::Catalog;
use crate::dataset::{Dataset, Kind, Table};
use crate::diagnostic::Diagnostic;
use crate::store;
use crate::workspace::Workspace;

/// A table per framework.
type Partitions = BTreeMap<String, Table>;

/// The workspace as a dataset: every rating, every person's standing against
/// their own role, the frameworks, roles and people; `people_identity`
/// (ids, names, emails) only when not `pseudonymous`.
pub(crate) fn build(
    ws: &Workspace,
    catalog: &Catalog,
    pseudonymous: bool,
) -> anyhow::Result<Built> {
    // Everyone is read (twice: ratings, then the team): through the index
    // of checked records.
    let ws = &store::with_index(ws);
    let roster = store::read_roster(ws)?;
    let salt = store::workspace_salt(ws.dir())?;
    let key = |id: &str| store::person_key(&salt, id);
    let (ratings, read_past, left_out) = ratings(ws, catalog, &roster, &key)?;
    let peers = ratings.values().any(Table::has_peer_rows);
    let team::Built {
        report,
        mut warnings,
        mut left,
        ..
    } = team::build(ws, catalog, &team::Query::everyone())?;
    // The team read the same records: each problem once.
    for d in read_past {
        if !warnings.contains(&d) {
            warnings.push(d);
        }
    }
    for d in left_out {
        if !left.contains(&d) {
            left.push(d);
        }
    }
    let mut dataset = Dataset::new();
    dataset.partitioned("ratings", ratings);
    dataset.partitioned("gaps", gaps(&report, &key)?);
    let (competencies, roles) = frameworks(catalog)?;
    let (people_table, identity) = people(&roster, &key)?;
    dataset.table("competencies", competencies);
    dataset.table("roles", roles);
    dataset.table("people", people_table);
    if !pseudonymous {
        dataset.table("people_identity", identity);
    }
    Ok(Built {
        dataset,
        peers,
        warnings,
        left,
    })
}

/// A dataset as built, before it is written.
pub(crate) struct Built {
    pub(crate) dataset: Dataset,
    /// Whether `ratings` holds peers' own ratings.
    pub(crate) peers: bool,
    pub(crate) warnings: Vec<Diagnostic>,
    pub(crate) left: Vec<Diagnostic>,
}

/// Every rating of every record, one table per framework; the records
/// read past, and those left out, with why.
fn ratings(
    ws: &Workspace,
    catalog: &Catalog,
    roster: &crate::roster::Roster,
    key: &dyn Fn(&str) -> String,
) -> anyhow::Result<(Partitions, Vec<Diagnostic>, Vec<Diagnostic>)> {
    // A rater is named by text: the roster's person of that name, else the
    // name itself, keyed.
    let rater_key = |name: &str| match roster.people.iter().find(|m| m.name == name) {
        Some(m) => key(&m.id),
        None => key(&format!("rater:{name}")),
    };
    let mut ratings: BTreeMap<String, Table> = BTreeMap::new();
    let people = store::people(ws)?;
    let past = super::each_person(ws, catalog, (&people, None), |person, records| {
        let superseded = crate::record::chain::superseded(&records, None);
        for filed in &records {
            let r = &filed.record;
            let framework = catalog.framework(&r.framework)?;
            let table = ratings
                .entry(r.framework.clone())
                .or_insert_with(ratings_table);
            for rating in &r.ratings {
                let rank = rating
                    .level
                    .as_deref()
                    .and_then(|l| framework.scale.rank(l))
                    .map(i64::from);
                let rater = match r.by {
                    crate::record::RaterKind::SelfAssessment => Some(key(person)),
                    _ => r.rater.as_deref().map(rater_key),
                };
                table.push(vec![
                    key(person).into(),
                    r.subject.as_str().into(),
                    r.framework.as_str().into(),
                    r.fingerprint.as_str().into(),
                    rating.competency.as_str().into(),
                    format!(
                        "urn:uuid:{}",
                        crate::case::identifier(
                            &r.framework,
                            &format!("competency/{}", rating.competency)
                        )
                    )
                    .into(),
                    rating.level.clone().into(),
                    rank.into(),
                    rating.not_applicable.into(),
                    r.by.as_str().into(),
                    rater.into(),
                    r.date.to_string().into(),
                    r.status.as_str().into(),
                    r.amends.clone().into(),
                    r.checksum.clone().into(),
                    // The file's name in the person's folder (the
                    // folder is named by their id).
                    filed.file.rsplit('/').next().unwrap_or_default().into(),
                    superseded.contains(filed.file.as_str()).into(),
                ])?;
            }
        }
        Ok(())
    })?;

    Ok((ratings, past.warnings, past.left))
}

/// Each person's standing per competency their role requires, as `team`
/// counts it, one table per framework.
fn gaps(
    report: &crate::report::team::TeamReport,
    key: &dyn Fn(&str) -> String,
) -> anyhow::Result<BTreeMap<String, Table>> {
    let mut gaps: BTreeMap<String, Table> = BTreeMap::new();
    for section in &report.sections {
        let table = gaps
            .entry(section.framework.clone())
            .or_insert_with(gaps_table);
        for member in &section.members {
            let counted = member.by.is_none_or(|by| by == section.counted_by);
            for cell in &member.cells {
                if cell.status == crate::report::Standing::NotRequired {
                    continue;
                }
                table.push(vec![
                    key(&member.person).into(),
                    member.role.as_str().into(),
                    cell.competency.as_str().into(),
                    cell.required.clone().into(),
                    cell.shown().into(),
                    cell.gap.into(),
                    cell.status.as_str().into(),
                    cell.rating.as_ref().map(|r| r.by.as_str()).into(),
                    cell.rating.as_ref().map(|r| r.status.as_str()).into(),
                    counted.into(),
                ])?;
            }
        }
    }

    Ok(gaps)
}

/// The competencies of every framework and the levels every role requires.
fn frameworks(catalog: &Catalog) -> anyhow::Result<(Table, Table)> {
    let mut competencies = Table::new(&[
        ("framework", Kind::Text),
        ("competency", Kind::Text),
        ("name", Kind::Text),
        ("case_id", Kind::Text),
        ("position", Kind::Int),
    ]);
    let mut roles = Table::new(&[
        ("role", Kind::Text),
        ("name", Kind::Text),
        ("framework", Kind::Text),
        ("competency", Kind::Text),
        ("required", Kind::Text),
        ("required_rank", Kind::Int),
    ]);
    for framework in catalog.frameworks() {
        for (i, c) in framework.competencies.iter().enumerate() {
            competencies.push(vec![
                framework.id.as_str().into(),
                c.id.as_str().into(),
                c.name.as_str().into(),
                format!(
                    "urn:uuid:{}",
                    crate::case::identifier(&framework.id, &format!("competency/{}", c.id))
                )
                .into(),
                i64::try_from(i + 1).unwrap_or(i64::MAX).into(),
            ])?;
        }
    }
    for role in catalog.roles() {
        let scale = catalog.framework(&role.framework).ok().map(|f| &f.scale);
        for (competency, level) in &role.required {
            roles.push(vec![
                role.id.as_str().into(),
                role.name.as_str().into(),
                role.framework.as_str().into(),
                competency.as_str().into(),
                level.as_str().into(),
                scale.and_then(|s| s.rank(level)).map(i64::from).into(),
            ])?;
        }
    }
    Ok((competencies, roles))
}

/// The roster, keyed, and the keys' identities.
fn people(
    roster: &crate::roster::Roster,
    key: &dyn Fn(&str) -> String,
) -> anyhow::Result<(Table, Table)> {
    let mut people_table = Table::new(&[
        ("person_key", Kind::Text),
        ("role", Kind::Text),
        ("team", Kind::Text),
        ("manager_key", Kind::Text),
        ("left", Kind::Text),
    ]);
    let mut identity = Table::new(&[
        ("person_key", Kind::Text),
        ("id", Kind::Text),
        ("name", Kind::Text),
        ("email", Kind::Text),
    ]);
    for m in &roster.people {
        people_table.push(vec![
            key(&m.id).into(),
            m.role.clone().into(),
            m.team.clone().into(),
            m.manager.as_deref().map(key).into(),
            m.left.clone().into(),
        ])?;
        identity.push(vec![
            key(&m.id).into(),
            m.id.as_str().into(),
            m.name.as_str().into(),
            m.email.clone().into(),
        ])?;
    }
    Ok((people_table, identity))
}

fn ratings_table() -> Table {
    Table::new(&[
        ("person_key", Kind::Text),
        ("subject", Kind::Text),
        ("framework", Kind::Text),
        ("framework_version", Kind::Text),
        ("competency", Kind::Text),
        ("case_id", Kind::Text),
        ("level", Kind::Text),
        ("rank", Kind::Int),
        ("not_applicable", Kind::Bool),
        ("rater_kind", Kind::Text),
        ("rater_key", Kind::Text),
        ("date", Kind::Text),
        ("status", Kind::Text),
        ("amends", Kind::Text),
        ("record_checksum", Kind::Text),
        ("record_file", Kind::Text),
        ("superseded", Kind::Bool),
    ])
}

fn gaps_table() -> Table {
    Table::new(&[
        ("person_key", Kind::Text),
        ("role", Kind::Text),
        ("competency", Kind::Text),
        ("required", Kind::Text),
        ("level", Kind::Text),
        ("gap", Kind::Int),
        ("status", Kind::Text),
        ("rated_by", Kind::Text),
        ("rating_status", Kind::Text),
        ("counted", Kind::Bool),
    ])
}
