//! Pure report arithmetic: which ratings count, gaps against a role, team
//! aggregation, role readiness and history. No I/O; renderers draw the models.

use std::collections::HashSet;

use serde::Serialize;

use crate::derive::{Derivation, derive_level};
use crate::model::{Framework, Polarity, RoleProfile};
use crate::record::{RaterKind, Rating, Record, order_key};

/// Self and manager ratings this many ranks apart are flagged for discussion.
pub const DIVERGENCE: i64 = 2;

/// A record with the name of its file (`2026-11-24-wdcvs-manager.toml`).
#[derive(Clone, Debug)]
pub struct Named<'a> {
    pub file: &'a str,
    pub record: &'a Record,
}

/// Where a person stands on one competency against one requirement.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    Below,
    Meets,
    Exceeds,
    Unrated,
    NotApplicable,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Below => "below",
            Status::Meets => "meets",
            Status::Exceeds => "exceeds",
            Status::Unrated => "unrated",
            Status::NotApplicable => "not-applicable",
        }
    }
}

/// One rating as it is used in a report: level, where it came from, and the
/// record's rater kind.
#[derive(Clone, Debug)]
pub struct Used<'a> {
    pub rating: &'a Rating,
    pub record: &'a Record,
    pub file: &'a str,
}

/// The records that count: of `framework`, dated on or before `as_of`, and not
/// superseded by a record that amends them.
pub fn current<'a>(records: &[Named<'a>], framework: &str, as_of: Option<&str>) -> Vec<Named<'a>> {
    let by_then = |n: &&Named<'a>| as_of.is_none_or(|d| n.record.date() <= d);
    // Only corrections that existed by then replace what they correct.
    let amended: HashSet<&str> = records
        .iter()
        .filter(by_then)
        .filter_map(|n| n.record.amends())
        .collect();
    let mut current: Vec<Named<'a>> = records
        .iter()
        .filter(|n| n.record.framework() == framework)
        .filter(by_then)
        .filter(|n| !amended.contains(n.file))
        .cloned()
        .collect();
    current.sort_by(|a, b| order_key(a.record).cmp(&order_key(b.record)));
    current
}

/// The latest rating of `competency` by raters of `kind` (records oldest first).
pub fn latest<'a>(records: &[Named<'a>], kind: RaterKind, competency: &str) -> Option<Used<'a>> {
    records
        .iter()
        .rev()
        .filter(|n| n.record.by == kind)
        .find_map(|n| {
            n.record.rating(competency).map(|rating| Used {
                rating,
                record: n.record,
                file: n.file,
            })
        })
}

/// The default rater kind: manager when there is a manager assessment, else self.
pub fn default_by(records: &[Named<'_>]) -> RaterKind {
    if records.iter().any(|n| n.record.by == RaterKind::Manager) {
        RaterKind::Manager
    } else {
        RaterKind::SelfAssessment
    }
}

/// `rank(rating) - rank(required)`, and the status it gives.
pub fn compare(
    framework: &Framework,
    required: &str,
    rating: Option<&Rating>,
) -> (Option<i64>, Status) {
    let Some(rating) = rating else {
        return (None, Status::Unrated);
    };
    if rating.not_applicable {
        return (None, Status::NotApplicable);
    }
    let (Some(have), Some(need)) = (
        rating.level().and_then(|l| framework.scale.rank(l)),
        framework.scale.rank(required),
    ) else {
        return (None, Status::Unrated);
    };
    let gap = i64::from(have) - i64::from(need);
    let status = match gap {
        g if g < 0 => Status::Below,
        0 => Status::Meets,
        _ => Status::Exceeds,
    };
    (Some(gap), status)
}

/// The rank of a rating's level, if it has one.
pub fn rank(framework: &Framework, rating: Option<&Rating>) -> Option<u32> {
    rating
        .filter(|r| !r.not_applicable)
        .and_then(Rating::level)
        .and_then(|l| framework.scale.rank(l))
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    pub meets: usize,
    pub exceeds: usize,
    pub below: usize,
    pub unrated: usize,
    #[serde(rename = "not-applicable")]
    pub not_applicable: usize,
}

impl Summary {
    pub fn add(&mut self, status: Status) {
        match status {
            Status::Meets => self.meets += 1,
            Status::Exceeds => self.exceeds += 1,
            Status::Below => self.below += 1,
            Status::Unrated => self.unrated += 1,
            Status::NotApplicable => self.not_applicable += 1,
        }
    }

    /// Requirements met or exceeded.
    pub fn met(&self) -> usize {
        self.meets + self.exceeds
    }

    /// Requirements that apply (not applicable ones left out).
    pub fn applicable(&self) -> usize {
        self.meets + self.exceeds + self.below + self.unrated
    }
}

/// A behaviour ticked as shown in a rating, with who ticked it.
#[derive(Clone, Debug, Serialize)]
pub struct Ticked {
    pub by: RaterKind,
    pub text: String,
}

/// One competency of a gap report.
#[derive(Clone, Debug, Serialize)]
pub struct GapRow {
    pub competency: String,
    pub name: String,
    pub required: String,
    /// The rating used (by the report's rater kind).
    pub rating: Option<String>,
    /// The latest level of each rater kind; `None` when unrated or not applicable.
    #[serde(rename = "self")]
    pub self_level: Option<String>,
    pub manager: Option<String>,
    pub peer: Option<String>,
    /// Rater kinds whose latest rating marks the competency not applicable.
    pub not_applicable: Vec<RaterKind>,
    pub gap: Option<i64>,
    pub status: Status,
    /// Self and manager differ by [`DIVERGENCE`] ranks or more.
    pub discuss: bool,
    /// The record the rating used comes from.
    pub source: Option<String>,
    /// The rating used was made against an older version of the framework.
    pub stale: bool,
    /// Evidence noted, by rater kind.
    pub evidence: Vec<Ticked>,
    /// Negative behaviours ticked as shown, by rater kind.
    pub negative: Vec<Ticked>,
    /// How a checklist rating's level follows from its ticks.
    pub derivation: Option<Derivation>,
    /// Whose checklist `derivation` explains.
    pub derived_by: Option<RaterKind>,
}

/// A person against a role.
#[derive(Clone, Debug, Serialize)]
pub struct GapReport {
    pub person: String,
    pub role: String,
    pub role_name: String,
    pub framework: String,
    pub by: RaterKind,
    /// The latest record of the report's rater kind, as a workspace path.
    pub assessment: Option<String>,
    pub as_of: Option<String>,
    pub rows: Vec<GapRow>,
    pub summary: Summary,
    /// Raters and dates of the latest records of each kind.
    pub raters: Vec<RaterLine>,
    /// Final records that were changed by hand after they were written.
    pub edited: Vec<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct RaterLine {
    pub by: RaterKind,
    pub rater: Option<String>,
    pub date: String,
    pub status: String,
    pub file: String,
}

/// The gap report of `person` (whose records are `records`) against `role`.
/// `by` forces the rater kind; `None` takes [`default_by`].
pub fn gap(
    person: &str,
    framework: &Framework,
    role: &RoleProfile,
    records: &[Named<'_>],
    by: Option<RaterKind>,
    as_of: Option<&str>,
) -> GapReport {
    let current = current(records, &framework.id, as_of);
    let by = by.unwrap_or_else(|| default_by(&current));
    let level_of = |kind, id: &str| {
        latest(&current, kind, id).and_then(|u| u.rating.level().map(str::to_owned))
    };
    let mut summary = Summary::default();
    let rows = role
        .required
        .iter()
        .map(|(id, required)| {
            let used = latest(&current, by, id);
            let (gap, status) = compare(framework, required, used.as_ref().map(|u| u.rating));
            summary.add(status);
            let self_rank = rank(framework, latest(&current, RaterKind::SelfAssessment, id).map(|u| u.rating));
            let manager_rank = rank(framework, latest(&current, RaterKind::Manager, id).map(|u| u.rating));
            let discuss = matches!((self_rank, manager_rank), (Some(s), Some(m)) if (i64::from(s) - i64::from(m)).abs() >= DIVERGENCE);
            let mut evidence = Vec::new();
            let mut negative = Vec::new();
            for kind in RaterKind::ALL {
                if let Some(u) = latest(&current, kind, id) {
                    if let Some(text) = &u.rating.evidence {
                        evidence.push(Ticked { by: kind, text: text.clone() });
                    }
                    negative.extend(negative_ticks(framework, id, u.rating).map(|text| Ticked { by: kind, text }));
                }
            }
            // Explain the rating used when it came from a checklist; else the
            // latest checklist of another rater, saying whose it is.
            let checklist = std::iter::once(by)
                .chain(RaterKind::ALL)
                .find_map(|kind| latest(&current, kind, id).filter(|u| !u.rating.ticked.is_empty()));
            let derivation = checklist.as_ref().and_then(|u| {
                framework
                    .competency(id)
                    .map(|c| derive_level(framework, c, u.rating.ticked()))
            });
            let derived_by = checklist.map(|u| u.record.by);
            GapRow {
                competency: id.clone(),
                name: framework.competency(id).map_or_else(|| id.clone(), |c| c.name.clone()),
                required: required.clone(),
                rating: used.as_ref().and_then(|u| u.rating.level().map(str::to_owned)),
                self_level: level_of(RaterKind::SelfAssessment, id),
                manager: level_of(RaterKind::Manager, id),
                peer: level_of(RaterKind::Peer, id),
                not_applicable: RaterKind::ALL
                    .into_iter()
                    .filter(|&kind| latest(&current, kind, id).is_some_and(|u| u.rating.not_applicable))
                    .collect(),
                gap,
                status,
                discuss,
                source: used.as_ref().map(|u| u.file.to_owned()),
                stale: used.as_ref().is_some_and(|u| u.record.fingerprint != framework.fingerprint),
                evidence,
                negative,
                derivation,
                derived_by,
            }
        })
        .collect();
    let raters = RaterKind::ALL
        .iter()
        .filter_map(|&kind| {
            current
                .iter()
                .rev()
                .find(|n| n.record.by == kind)
                .map(|n| RaterLine {
                    by: kind,
                    rater: n.record.rater.clone(),
                    date: n.record.date().to_owned(),
                    status: n.record.status.as_str().to_owned(),
                    file: n.file.to_owned(),
                })
        })
        .collect::<Vec<_>>();
    let assessment = raters
        .iter()
        .find(|r| r.by == by)
        .map(|r| format!("assessments/{person}/{}", r.file));
    let edited = current
        .iter()
        .filter(|n| n.record.status == crate::record::Status::Final)
        .filter(|n| n.record.checksum_matches() == Some(false))
        .map(|n| n.file.to_owned())
        .collect();
    GapReport {
        edited,
        person: person.to_owned(),
        role: role.id.clone(),
        role_name: role.name.clone(),
        framework: framework.id.clone(),
        by,
        assessment,
        as_of: as_of.map(str::to_owned),
        rows,
        summary,
        raters,
    }
}

/// The negative behaviours ticked in a rating.
fn negative_ticks<'a>(
    framework: &'a Framework,
    competency: &'a str,
    rating: &'a Rating,
) -> impl Iterator<Item = String> + 'a {
    let indicators: Vec<_> = framework
        .competency(competency)
        .map(|c| {
            c.all_indicators()
                .filter(|i| i.polarity == Polarity::Negative)
                .collect()
        })
        .unwrap_or_default();
    rating
        .ticked()
        .filter(move |t| indicators.iter().any(|i| i.text == *t))
        .map(str::to_owned)
}

/// One level's behaviours still to show.
#[derive(Clone, Debug, Serialize)]
pub struct PlanStep {
    /// The level, or `None` for behaviours that belong to no level.
    pub level: Option<String>,
    /// The theme, for behaviours of no level listed theme by theme.
    pub theme: Option<String>,
    pub behaviours: Vec<String>,
}

/// A competency below the role's requirement, and what it takes.
#[derive(Clone, Debug, Serialize)]
pub struct PlanItem {
    pub competency: String,
    pub name: String,
    pub rating: Option<String>,
    pub required: String,
    pub steps: Vec<PlanStep>,
    pub negative: Vec<Ticked>,
    pub evidence: Vec<Ticked>,
}

/// A development plan: the gap report, and per competency below the role the
/// indicators of each level between the rating and the requirement.
#[derive(Clone, Debug, Serialize)]
pub struct Plan {
    pub gap: GapReport,
    pub items: Vec<PlanItem>,
}

pub fn plan(framework: &Framework, gap: GapReport) -> Plan {
    let items = gap
        .rows
        .iter()
        .filter(|r| matches!(r.status, Status::Below | Status::Unrated))
        .filter_map(|row| {
            let competency = framework.competency(&row.competency)?;
            let have = row
                .rating
                .as_deref()
                .and_then(|l| framework.scale.rank(l))
                .unwrap_or(0);
            let need = framework.scale.rank(&row.required)?;
            // With a checklist, the behaviours still to show are those not ticked.
            let missing = |code: &str| {
                row.derivation
                    .as_ref()
                    .and_then(|d| d.cover.iter().find(|c| c.level == code))
                    .map(|c| c.missing.clone())
            };
            let mut steps: Vec<PlanStep> = framework
                .scale
                .levels
                .iter()
                .filter(|l| l.rank > have && l.rank <= need)
                .filter_map(|level| {
                    let behaviours = missing(&level.code).unwrap_or_else(|| {
                        competency
                            .all_indicators()
                            .filter(|i| {
                                i.polarity == Polarity::Positive
                                    && i.level.as_deref() == Some(&level.code)
                            })
                            .map(|i| i.text.clone())
                            .collect()
                    });
                    (!behaviours.is_empty()).then(|| PlanStep {
                        level: Some(level.code.clone()),
                        theme: None,
                        behaviours,
                    })
                })
                .collect();
            if steps.is_empty() {
                // The indicators belong to no level (an added scale): every
                // effective behaviour is still to show, theme by theme.
                let unlevelled = |indicators: &[crate::model::Indicator]| -> Vec<String> {
                    indicators
                        .iter()
                        .filter(|i| i.polarity == Polarity::Positive && i.level.is_none())
                        .map(|i| i.text.clone())
                        .collect()
                };
                let own = unlevelled(&competency.indicators);
                if !own.is_empty() {
                    steps.push(PlanStep {
                        level: None,
                        theme: None,
                        behaviours: own,
                    });
                }
                for theme in &competency.themes {
                    let behaviours = unlevelled(&theme.indicators);
                    if !behaviours.is_empty() {
                        steps.push(PlanStep {
                            level: None,
                            theme: Some(theme.name.clone()),
                            behaviours,
                        });
                    }
                }
            }
            Some(PlanItem {
                competency: row.competency.clone(),
                name: row.name.clone(),
                rating: row.rating.clone(),
                required: row.required.clone(),
                steps,
                negative: row.negative.clone(),
                evidence: row.evidence.clone(),
            })
        })
        .collect();
    Plan { gap, items }
}

/// A person's line in a team report.
#[derive(Clone, Debug, Serialize)]
pub struct TeamMember {
    pub person: String,
    /// Rating used per competency of the role, in the role's order.
    pub cells: Vec<Cell>,
    pub summary: Summary,
    /// Ranks short of the role, summed over the competencies below it.
    pub shortfall: i64,
}

#[derive(Clone, Debug, Serialize)]
pub struct Cell {
    pub rating: Option<String>,
    pub gap: Option<i64>,
    pub status: Status,
}

/// Per competency: how many are below the role and by how much in all.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Need {
    pub competency: String,
    pub name: String,
    pub required: String,
    pub below: usize,
    pub unrated: usize,
    pub shortfall: i64,
}

#[derive(Clone, Debug, Serialize)]
pub struct TeamReport {
    pub role: String,
    pub role_name: String,
    pub framework: String,
    pub competencies: Vec<String>,
    /// How many people were compared (also when `members` is left out).
    pub people: usize,
    /// Every person's line; empty for a summary.
    pub members: Vec<TeamMember>,
    /// Sorted by need: most people below first, then largest shortfall.
    pub needs: Vec<Need>,
    pub meeting_role: usize,
}

/// One person's line against `role`.
pub fn team_member(
    person: &str,
    framework: &Framework,
    role: &RoleProfile,
    records: &[Named<'_>],
    by: Option<RaterKind>,
) -> Option<TeamMember> {
    let current = current(records, &framework.id, None);
    if current.is_empty() {
        return None;
    }
    let by = by.unwrap_or_else(|| default_by(&current));
    let mut summary = Summary::default();
    let mut shortfall = 0;
    let cells = role
        .required
        .iter()
        .map(|(id, required)| {
            let used = latest(&current, by, id);
            let (gap, status) = compare(framework, required, used.as_ref().map(|u| u.rating));
            summary.add(status);
            if let Some(g) = gap.filter(|g| *g < 0) {
                shortfall -= g;
            }
            Cell {
                rating: used.and_then(|u| u.rating.level().map(str::to_owned)),
                gap,
                status,
            }
        })
        .collect();
    Some(TeamMember {
        person: person.to_owned(),
        cells,
        summary,
        shortfall,
    })
}

/// Add up members into training needs; sorted by need.
/// Training needs added up person by person, so a summary of any number of
/// people takes the same memory.
#[derive(Clone, Debug)]
pub struct Tally {
    needs: Vec<Need>,
    people: usize,
    meeting_role: usize,
}

impl Tally {
    pub fn new(framework: &Framework, role: &RoleProfile) -> Tally {
        let needs = role
            .required
            .iter()
            .map(|(id, required)| Need {
                competency: id.clone(),
                name: framework
                    .competency(id)
                    .map_or_else(|| id.clone(), |c| c.name.clone()),
                required: required.clone(),
                ..Need::default()
            })
            .collect();
        Tally {
            needs,
            people: 0,
            meeting_role: 0,
        }
    }

    pub fn add(&mut self, member: &TeamMember) {
        self.people += 1;
        if member.summary.met() == member.summary.applicable() {
            self.meeting_role += 1;
        }
        for (need, cell) in self.needs.iter_mut().zip(&member.cells) {
            match (cell.status, cell.gap) {
                (Status::Below, Some(g)) => {
                    need.below += 1;
                    need.shortfall -= g;
                }
                (Status::Unrated, _) => need.unrated += 1,
                _ => {}
            }
        }
    }

    /// Combine two tallies of different people.
    #[must_use]
    pub fn merge(mut self, other: Tally) -> Tally {
        self.people += other.people;
        self.meeting_role += other.meeting_role;
        for (a, b) in self.needs.iter_mut().zip(other.needs) {
            a.below += b.below;
            a.shortfall += b.shortfall;
            a.unrated += b.unrated;
        }
        self
    }

    /// The report: needs sorted by need. `members` may be empty for a summary.
    pub fn report(
        self,
        framework: &Framework,
        role: &RoleProfile,
        members: Vec<TeamMember>,
    ) -> TeamReport {
        let mut needs = self.needs;
        needs.sort_by(|a, b| b.below.cmp(&a.below).then(b.shortfall.cmp(&a.shortfall)));
        TeamReport {
            role: role.id.clone(),
            role_name: role.name.clone(),
            framework: framework.id.clone(),
            competencies: role.required.iter().map(|(c, _)| c.clone()).collect(),
            people: self.people,
            members,
            needs,
            meeting_role: self.meeting_role,
        }
    }
}

/// Add up members into training needs; sorted by need.
pub fn team(framework: &Framework, role: &RoleProfile, members: Vec<TeamMember>) -> TeamReport {
    let mut tally = Tally::new(framework, role);
    for member in &members {
        tally.add(member);
    }
    tally.report(framework, role, members)
}

/// One role in a readiness ranking.
#[derive(Clone, Debug, Serialize)]
pub struct Fit {
    pub role: String,
    pub name: String,
    pub framework: String,
    pub illustrative: bool,
    pub summary: Summary,
    pub required: usize,
    pub shortfall: i64,
    /// The competencies still below the role, with the ranks missing.
    pub below: Vec<(String, i64)>,
    /// The person's own role (named in their latest record).
    pub current: bool,
}

/// Every role in `roles` the person's ratings can be compared with, best fit first.
pub fn readiness(
    frameworks: &[&Framework],
    roles: &[&RoleProfile],
    records: &[Named<'_>],
    by: Option<RaterKind>,
) -> Vec<Fit> {
    let mut fits: Vec<Fit> = roles
        .iter()
        .filter_map(|role| {
            let framework = frameworks.iter().find(|f| f.id == role.framework)?;
            let current = current(records, &framework.id, None);
            if current.is_empty() {
                return None;
            }
            let report = gap("", framework, role, records, by, None);
            let shortfall = report
                .rows
                .iter()
                .filter_map(|r| r.gap.filter(|g| *g < 0))
                .map(|g| -g)
                .sum();
            Some(Fit {
                role: role.id.clone(),
                name: role.name.clone(),
                framework: framework.id.clone(),
                illustrative: role.illustrative,
                required: role.required.len(),
                shortfall,
                below: report
                    .rows
                    .iter()
                    .filter_map(|r| r.gap.filter(|g| *g < 0).map(|g| (r.competency.clone(), -g)))
                    .collect(),
                current: current.last().and_then(|n| n.record.role()) == Some(role.id.as_str()),
                summary: report.summary,
            })
        })
        .collect();
    // Best fit: the largest share met; then the fewest requirements not yet
    // rated (a known gap is nearer than an unknown one); then the smallest shortfall.
    fits.sort_by(|a, b| {
        let share = |f: &Fit| (f.summary.met(), f.summary.applicable().max(1));
        let (am, at) = share(a);
        let (bm, bt) = share(b);
        (bm * at)
            .cmp(&(am * bt))
            .then(a.summary.unrated.cmp(&b.summary.unrated))
            .then(a.shortfall.cmp(&b.shortfall))
            .then(a.role.cmp(&b.role))
    });
    fits
}

/// One rating in a person's history.
#[derive(Clone, Debug, Serialize)]
pub struct HistoryEntry {
    pub date: String,
    pub by: RaterKind,
    pub rater: Option<String>,
    pub level: Option<String>,
    pub not_applicable: bool,
    /// Ranks up (+) or down (−) since this rater kind's previous rating.
    pub change: Option<i64>,
    pub file: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct CompetencyHistory {
    pub framework: String,
    pub competency: String,
    pub name: String,
    pub entries: Vec<HistoryEntry>,
}

/// Ratings per competency over time, by rater kind, with the change since the
/// previous rating of the same kind. Amended records are left out.
pub fn history(framework: &Framework, records: &[Named<'_>]) -> Vec<CompetencyHistory> {
    let current = current(records, &framework.id, None);
    framework
        .competencies
        .iter()
        .filter_map(|c| {
            let mut previous: Vec<(RaterKind, u32)> = Vec::new();
            let entries: Vec<HistoryEntry> = current
                .iter()
                .filter_map(|n| n.record.rating(&c.id).map(|r| (n, r)))
                .map(|(n, r)| {
                    let rank = rank(framework, Some(r));
                    let before = previous
                        .iter()
                        .rev()
                        .find(|(k, _)| *k == n.record.by)
                        .map(|(_, r)| *r);
                    let change = rank
                        .zip(before)
                        .map(|(now, then)| i64::from(now) - i64::from(then));
                    if let Some(rank) = rank {
                        previous.push((n.record.by, rank));
                    }
                    HistoryEntry {
                        date: n.record.date().to_owned(),
                        by: n.record.by,
                        rater: n.record.rater.clone(),
                        level: r.level().map(str::to_owned),
                        not_applicable: r.not_applicable,
                        change,
                        file: n.file.to_owned(),
                    }
                })
                .collect();
            (!entries.is_empty()).then(|| CompetencyHistory {
                framework: framework.id.clone(),
                competency: c.id.clone(),
                name: c.name.clone(),
                entries,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::framework_from_str;
    use crate::record::{SCHEMA, Status as RecordStatus, SubjectKind, unspanned};

    /// A scale with mid-points (A..E, indicators at B and D) and a role.
    fn framework(cumulative: bool) -> Framework {
        let yaml = format!(
            r"
id: t
name: T
publisher: P
source: S
scale:
  cumulative: {cumulative}
  levels:
    - {{code: A, label: A}}
    - {{code: B, label: B}}
    - {{code: C, label: C}}
    - {{code: D, label: D}}
    - {{code: E, label: E}}
competencies:
  - id: one
    name: One
    indicators:
      - level: B
        items: [b1, b2]
      - level: D
        items: [d1, d2]
      - polarity: negative
        items: [bad]
  - id: two
    name: Two
    indicators:
      - level: B
        items: [x]
  - id: three
    name: Three
    indicators:
      - level: B
        items: [y]
roles:
  - id: r
    name: R
    required: {{one: C, two: B, three: D}}
"
        );
        framework_from_str(std::path::Path::new("t.yaml"), &yaml, None)
            .ok()
            .unwrap()
    }

    fn record(by: RaterKind, date: &str, ratings: &[(&str, Option<&str>)]) -> Record {
        Record {
            schema: SCHEMA,
            person: unspanned("p".to_owned()),
            subject: SubjectKind::Person,
            framework: unspanned("t".to_owned()),
            fingerprint: framework(false).fingerprint,
            by,
            rater: None,
            role: None,
            date: unspanned(date.to_owned()),
            status: RecordStatus::Final,
            created: unspanned(format!("{date}T00:00:00Z")),
            amends: None,
            checksum: None,
            ratings: ratings
                .iter()
                .map(|(c, level)| {
                    let mut r = Rating::new(c);
                    match level {
                        Some("n/a") => r.not_applicable = true,
                        Some(l) => r.level = Some(unspanned((*l).to_owned())),
                        None => {}
                    }
                    r
                })
                .collect(),
        }
    }

    fn named(records: &[(String, Record)]) -> Vec<Named<'_>> {
        records
            .iter()
            .map(|(f, r)| Named { file: f, record: r })
            .collect()
    }

    fn report(records: &[(String, Record)], by: Option<RaterKind>) -> GapReport {
        let f = framework(false);
        let role = f.roles[0].clone();
        gap("p", &f, &role, &named(records), by, None)
    }

    #[test]
    fn gap_is_zero_when_the_level_is_met_and_counts_ranks_through_mid_points() {
        let records = vec![(
            "a.toml".to_owned(),
            record(
                RaterKind::Manager,
                "2026-01-01",
                &[("one", Some("C")), ("two", Some("D")), ("three", Some("B"))],
            ),
        )];
        let r = report(&records, None);
        let gaps: Vec<(Option<i64>, Status)> = r.rows.iter().map(|r| (r.gap, r.status)).collect();
        // C meets C; D is two ranks above B (C sits between); B is two below D.
        assert_eq!(
            gaps,
            vec![
                (Some(0), Status::Meets),
                (Some(2), Status::Exceeds),
                (Some(-2), Status::Below)
            ]
        );
        assert_eq!(
            r.summary,
            Summary {
                meets: 1,
                exceeds: 1,
                below: 1,
                unrated: 0,
                not_applicable: 0
            }
        );
        assert_eq!(r.by, RaterKind::Manager);
    }

    #[test]
    fn unrated_and_not_applicable_have_no_gap() {
        let records = vec![(
            "a.toml".to_owned(),
            record(
                RaterKind::SelfAssessment,
                "2026-01-01",
                &[("one", Some("n/a")), ("two", None)],
            ),
        )];
        let r = report(&records, None);
        assert_eq!(
            r.by,
            RaterKind::SelfAssessment,
            "no manager record, so self"
        );
        let statuses: Vec<Status> = r.rows.iter().map(|r| r.status).collect();
        assert_eq!(
            statuses,
            vec![Status::NotApplicable, Status::Unrated, Status::Unrated]
        );
        assert!(r.rows.iter().all(|r| r.gap.is_none()));
        assert_eq!(r.summary.applicable(), 2);
    }

    #[test]
    fn the_latest_rating_of_each_kind_counts_and_amended_records_do_not() {
        let mut early = record(
            RaterKind::Manager,
            "2026-01-01",
            &[("one", Some("A")), ("two", Some("B"))],
        );
        early.status = RecordStatus::Final;
        let late = record(RaterKind::Manager, "2026-03-01", &[("one", Some("E"))]);
        let mut amending = record(RaterKind::Manager, "2026-02-01", &[("two", Some("C"))]);
        amending.amends = Some(unspanned("early.toml".to_owned()));
        let records = vec![
            ("early.toml".to_owned(), early),
            ("late.toml".to_owned(), late),
            ("amend.toml".to_owned(), amending),
        ];
        let r = report(&records, None);
        assert_eq!(r.rows[0].rating.as_deref(), Some("E"));
        assert_eq!(r.rows[0].source.as_deref(), Some("late.toml"));
        // `two` comes from the amendment; the amended record no longer counts.
        assert_eq!(r.rows[1].rating.as_deref(), Some("C"));
        assert_eq!(r.assessment.as_deref(), Some("assessments/p/late.toml"));
        let f = framework(false);
        let role = f.roles[0].clone();
        let earlier = gap("p", &f, &role, &named(&records), None, Some("2026-02-15"));
        // As of mid-February the later record does not count yet and the early one
        // is amended, so only the amendment counts: it rates `two`, not `one`.
        assert_eq!(earlier.rows[0].rating, None);
        assert_eq!(earlier.rows[1].rating.as_deref(), Some("C"));
    }

    #[test]
    fn self_and_manager_two_ranks_apart_are_flagged_for_discussion() {
        let records = vec![
            (
                "s.toml".to_owned(),
                record(
                    RaterKind::SelfAssessment,
                    "2026-01-01",
                    &[("one", Some("E")), ("two", Some("B")), ("three", Some("C"))],
                ),
            ),
            (
                "m.toml".to_owned(),
                record(
                    RaterKind::Manager,
                    "2026-01-02",
                    &[("one", Some("C")), ("two", Some("B")), ("three", Some("D"))],
                ),
            ),
        ];
        let r = report(&records, None);
        let discuss: Vec<bool> = r.rows.iter().map(|r| r.discuss).collect();
        assert_eq!(
            discuss,
            vec![true, false, false],
            "2 ranks apart is flagged, 1 is not"
        );
        assert_eq!(r.rows[0].self_level.as_deref(), Some("E"));
        assert_eq!(r.rows[0].manager.as_deref(), Some("C"));
        let by_self = report(&records, Some(RaterKind::SelfAssessment));
        assert_eq!(by_self.rows[0].rating.as_deref(), Some("E"));
    }

    #[test]
    fn gap_is_antisymmetric_and_its_sign_gives_the_status() {
        let f = framework(false);
        for have in ["A", "B", "C", "D", "E"] {
            for need in ["A", "B", "C", "D", "E"] {
                let mut r = Rating::new("one");
                r.level = Some(unspanned(have.to_owned()));
                let (gap, status) = compare(&f, need, Some(&r));
                let mut back = Rating::new("one");
                back.level = Some(unspanned(need.to_owned()));
                let (reverse, _) = compare(&f, have, Some(&back));
                assert_eq!(gap.map(|g| -g), reverse);
                let expected = match gap.unwrap().signum() {
                    -1 => Status::Below,
                    0 => Status::Meets,
                    _ => Status::Exceeds,
                };
                assert_eq!(status, expected);
            }
        }
    }

    #[test]
    fn team_totals_are_the_sum_of_person_gaps_sorted_by_need() {
        let f = framework(false);
        let role = f.roles[0].clone();
        let people = [
            (
                "ann",
                vec![("one", Some("A")), ("two", Some("B")), ("three", Some("B"))],
            ),
            (
                "bob",
                vec![("one", Some("C")), ("two", Some("A")), ("three", Some("C"))],
            ),
            ("cat", vec![("one", Some("E")), ("two", Some("B"))]),
        ];
        let mut members = Vec::new();
        for (person, ratings) in &people {
            let records = vec![(
                "m.toml".to_owned(),
                record(RaterKind::Manager, "2026-01-01", ratings),
            )];
            members.push(team_member(person, &f, &role, &named(&records), None).unwrap());
        }
        let shortfalls: Vec<i64> = members.iter().map(|m| m.shortfall).collect();
        assert_eq!(shortfalls, vec![4, 2, 0]);
        let report = team(&f, &role, members);
        let needs: Vec<(&str, usize, i64, usize)> = report
            .needs
            .iter()
            .map(|n| (n.competency.as_str(), n.below, n.shortfall, n.unrated))
            .collect();
        assert_eq!(
            needs,
            vec![("three", 2, 3, 1), ("one", 1, 2, 0), ("two", 1, 1, 0)]
        );
        let total: i64 = report.needs.iter().map(|n| n.shortfall).sum();
        assert_eq!(
            total,
            report.members.iter().map(|m| m.shortfall).sum::<i64>()
        );
        assert_eq!(report.meeting_role, 0);
    }

    #[test]
    fn history_shows_the_change_since_the_same_raters_previous_rating() {
        let f = framework(false);
        let records = vec![
            (
                "1.toml".to_owned(),
                record(RaterKind::Manager, "2026-01-01", &[("one", Some("B"))]),
            ),
            (
                "2.toml".to_owned(),
                record(
                    RaterKind::SelfAssessment,
                    "2026-02-01",
                    &[("one", Some("E"))],
                ),
            ),
            (
                "3.toml".to_owned(),
                record(RaterKind::Manager, "2026-03-01", &[("one", Some("D"))]),
            ),
        ];
        let history = history(&f, &named(&records));
        assert_eq!(history.len(), 1);
        let changes: Vec<Option<i64>> = history[0].entries.iter().map(|e| e.change).collect();
        assert_eq!(changes, vec![None, None, Some(2)]);
    }

    #[test]
    fn readiness_ranks_roles_by_share_met_then_shortfall() {
        let f = framework(false);
        let near = RoleProfile {
            id: "near".into(),
            required: vec![("one".into(), "B".into())],
            ..f.roles[0].clone()
        };
        let far = RoleProfile {
            id: "far".into(),
            required: vec![("one".into(), "E".into())],
            ..f.roles[0].clone()
        };
        let records = vec![(
            "m.toml".to_owned(),
            record(
                RaterKind::Manager,
                "2026-01-01",
                &[("one", Some("C")), ("two", Some("B")), ("three", Some("D"))],
            ),
        )];
        let fits = readiness(&[&f], &[&far, &f.roles[0], &near], &named(&records), None);
        let order: Vec<&str> = fits.iter().map(|f| f.role.as_str()).collect();
        assert_eq!(order, vec!["near", "r", "far"]);
        assert_eq!(fits[2].shortfall, 2);
        assert_eq!(fits[2].below, vec![("one".to_owned(), 2)]);
    }

    #[test]
    fn a_plan_lists_the_behaviours_of_each_level_up_to_the_requirement() {
        let f = framework(true);
        let role = RoleProfile {
            required: vec![("one".into(), "D".into())],
            ..f.roles[0].clone()
        };
        let records = vec![(
            "m.toml".to_owned(),
            record(RaterKind::Manager, "2026-01-01", &[("one", Some("A"))]),
        )];
        let g = gap("p", &f, &role, &named(&records), None, None);
        let p = plan(&f, g);
        let steps: Vec<(Option<&str>, Vec<&str>)> = p.items[0]
            .steps
            .iter()
            .map(|s| {
                (
                    s.level.as_deref(),
                    s.behaviours.iter().map(String::as_str).collect(),
                )
            })
            .collect();
        assert_eq!(
            steps,
            vec![(Some("B"), vec!["b1", "b2"]), (Some("D"), vec!["d1", "d2"])]
        );
    }
}
