//! Calibration of raters, for HR: per framework, each rater's final manager
//! ratings in the appraisal cycle against everyone else's for the same role
//! and competency, and against the people's own ratings, with a flag where a
//! rater is half a level or more more lenient or severe than the rest.
//!
//! What counts, and why:
//! - A rater's ratings are the final manager's assessments dated in the
//!   cycle (up to its day), corrections applied: per rater and person the
//!   latest. Drafts, peers' assessments, assessments naming no rater, of
//!   people with no role, and of organisations are left out, counted by
//!   reason. A rating marked not applicable has no level to compare.
//! - A rater is calibrated only with at least [`MINIMUM_PEOPLE`] people
//!   rated on the framework this cycle; the others are listed with their
//!   counts, never compared.
//! - Each of a rater's ratings is compared with the mean of everyone else's
//!   for the same role and competency; the rater's difference is the mean
//!   of those differences, in levels (a Cherwell mid-point is half a level:
//!   [`Framework::ranks_per_level`]). A flag needs a difference of at least
//!   [`THRESHOLD`] levels over at least [`MINIMUM_COMPARED`] of the rater's
//!   ratings and as many of others', so no one is flagged on two ratings.
//! - A framework whose levels the tool added for rating (the source defines
//!   none) cannot be calibrated: its ratings are counted, not compared.
//!
//! Pure: no I/O. The command gives each person's records; this adds them up.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use super::select::{current, latest, rank};
use super::status::Cycle;
use crate::model::{Framework, Subject};
use crate::record::{Filed, RaterKind, Status};

/// People a rater must have rated on a framework this cycle to be calibrated.
pub(crate) const MINIMUM_PEOPLE: usize = 5;
/// Ratings a flag needs: of the rater's, compared, and of others', compared with.
pub(crate) const MINIMUM_COMPARED: usize = 5;
/// The difference, in levels, that is flagged.
pub(crate) const THRESHOLD: f64 = 0.5;

/// Which way a rater leans from the rest.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum Lean {
    /// Rates higher than everyone else.
    Lenient,
    /// Rates lower than everyone else.
    Severe,
}

impl Lean {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Lean::Lenient => "lenient",
            Lean::Severe => "severe",
        }
    }
}

/// How many ratings of one level, by the rater and by everyone else.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub(crate) struct LevelCount {
    pub level: String,
    pub rater: usize,
    pub others: usize,
}

/// A rater's ratings of one competency for one role, against everyone else's.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct Distribution {
    pub role: String,
    pub competency: String,
    pub name: String,
    /// Every level of the scale, lowest first.
    pub levels: Vec<LevelCount>,
    pub ratings: usize,
    pub others: usize,
    /// Mean rank on the scale.
    pub mean: f64,
    /// Everyone else's mean rank; none when nobody else rated it.
    pub others_mean: Option<f64>,
    /// `mean - others_mean`, in levels.
    pub difference: Option<f64>,
}

/// The rater's ratings against the people's own.
#[derive(Clone, Debug, Default, Serialize)]
pub(crate) struct AgainstSelf {
    /// Ratings whose person rated the same competency themselves this cycle.
    pub pairs: usize,
    /// Of those, how many people's own ratings are from draft records.
    pub drafts: usize,
    /// Mean of (rater's rank − person's own rank), in levels; positive: the
    /// rater rates higher than people rate themselves.
    pub difference: Option<f64>,
}

/// One rater with enough people rated to be calibrated.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct Rater {
    pub name: String,
    pub people: usize,
    pub ratings: usize,
    /// The rater's ratings that others also gave for the same role and competency.
    pub compared: usize,
    /// Others' ratings they were compared with.
    pub others: usize,
    /// Mean difference from everyone else, in levels; positive: more lenient.
    pub difference: Option<f64>,
    pub against_self: AgainstSelf,
    pub flag: Option<Lean>,
    /// Why there is no flag although the difference reaches the threshold:
    /// too few ratings to say.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unflagged: Option<String>,
    pub distributions: Vec<Distribution>,
}

/// A rater with too few people rated this cycle to be calibrated.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct TooFew {
    pub rater: String,
    pub people: usize,
    pub ratings: usize,
}

/// A level of the scale, for the key.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct LevelName {
    pub code: String,
    pub label: String,
}

/// The raters of one framework.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct Section {
    pub framework: String,
    pub framework_name: String,
    pub levels: Vec<LevelName>,
    /// Steps of the scale in one level (2 with mid-points).
    pub ranks_per_level: u32,
    pub raters: Vec<Rater>,
    pub too_few: Vec<TooFew>,
}

/// A framework whose ratings cannot be calibrated, and how many there were.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct NotCalibrated {
    pub framework: String,
    pub framework_name: String,
    pub reason: String,
    pub assessments: usize,
    pub raters: usize,
}

/// Assessments or ratings the calibration did not count, and why.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct Skipped {
    pub count: usize,
    /// What they are: `draft manager's assessments`.
    pub what: &'static str,
    pub reason: &'static str,
}

/// The rules a report was made by, stated in it.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct Rules {
    pub minimum_people: usize,
    pub minimum_compared: usize,
    pub threshold: f64,
}

#[derive(Clone, Debug, Serialize)]
pub(crate) struct CalibrationReport {
    pub scope: String,
    pub cycle: Cycle,
    pub rules: Rules,
    pub sections: Vec<Section>,
    pub not_calibrated: Vec<NotCalibrated>,
    pub skipped: Vec<Skipped>,
}

/// Why an assessment or rating is not counted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Skip {
    Draft,
    Peer,
    NoRater,
    Earlier,
    NoRole,
    Organisation,
    NotApplicable,
}

impl Skip {
    /// What is not counted: one, and more than one.
    fn what(self) -> (&'static str, &'static str) {
        match self {
            Skip::Draft => ("draft manager's assessment", "draft manager's assessments"),
            Skip::Peer => ("peer's assessment", "peers' assessments"),
            Skip::NoRater => (
                "manager's assessment that names no rater",
                "manager's assessments that name no rater",
            ),
            Skip::Earlier => (
                "earlier assessment of a person by the same rater this cycle",
                "earlier assessments of a person by the same rater this cycle",
            ),
            Skip::NoRole => (
                "assessment of someone with no role",
                "assessments of people with no role",
            ),
            Skip::Organisation => (
                "assessment of an organisation or team",
                "assessments of an organisation or team",
            ),
            Skip::NotApplicable => (
                "rating marked not applicable",
                "ratings marked not applicable",
            ),
        }
    }

    /// Why it is not counted.
    fn reason(self) -> &'static str {
        match self {
            Skip::Draft => "only final ones count",
            Skip::Peer => "only final manager's ratings count as a rater's",
            Skip::NoRater => "there is no one to count them for",
            Skip::Earlier => "the latest counts",
            Skip::NoRole => "there is no one rated for the same role to compare them with",
            Skip::Organisation => "not a person",
            Skip::NotApplicable => "no level to compare",
        }
    }
}

/// One counted rating.
struct Counted {
    rater: usize,
    person: String,
    role: String,
    competency: String,
    rank: u32,
    /// The person's own rank for the competency this cycle, and how final.
    own: Option<(u32, Status)>,
}

/// Ratings added up person by person, then compared.
pub(crate) struct Calibration {
    cycle: Cycle,
    /// Rater names: the first spelling seen, by their key.
    names: Vec<String>,
    keys: BTreeMap<String, usize>,
    ratings: BTreeMap<String, Vec<Counted>>,
    skipped: BTreeMap<Skip, usize>,
    /// Frameworks without levels of their own: assessments and raters.
    unlevelled: BTreeMap<String, (usize, BTreeSet<String>)>,
}

/// One person rated, as calibration reads them.
pub(crate) struct Ratee<'a> {
    pub person: &'a str,
    /// Their role when a record does not say (the roster's, else their latest record's).
    pub role: Option<&'a str>,
    /// Their records, every framework (or only the one asked for).
    pub records: &'a [Filed],
}

/// A rater's name as it is grouped: spaces collapsed, any case.
fn rater_key(name: &str) -> String {
    name.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

impl Calibration {
    pub(crate) fn new(cycle: Cycle) -> Calibration {
        Calibration {
            cycle,
            names: Vec::new(),
            keys: BTreeMap::new(),
            ratings: BTreeMap::new(),
            skipped: BTreeMap::new(),
            unlevelled: BTreeMap::new(),
        }
    }

    fn skip(&mut self, why: Skip, n: usize) {
        if n > 0 {
            *self.skipped.entry(why).or_default() += n;
        }
    }

    fn rater(&mut self, name: &str) -> usize {
        let key = rater_key(name);
        if let Some(i) = self.keys.get(&key) {
            return *i;
        }
        let shown = name.split_whitespace().collect::<Vec<_>>().join(" ");
        self.names.push(shown);
        self.keys.insert(key, self.names.len() - 1);
        self.names.len() - 1
    }

    /// Whether a record is dated in the cycle, up to its day.
    fn in_cycle(&self, f: &Filed) -> bool {
        let d = f.record.date;
        d >= self.cycle.start && d <= self.cycle.end && d <= self.cycle.as_of
    }

    /// Count one person's ratings; `framework` finds a framework by id
    /// (`None`: it cannot be used, and its records are not counted).
    pub(crate) fn add<'f>(
        &mut self,
        person: &Ratee<'_>,
        framework: &dyn Fn(&str) -> Option<&'f Framework>,
    ) {
        let as_of = self.cycle.as_of;
        let mut ids: Vec<&str> = person
            .records
            .iter()
            .map(|f| f.record.framework.as_str())
            .collect();
        ids.sort_unstable();
        ids.dedup();
        for id in ids {
            let Some(framework) = framework(id) else {
                continue;
            };
            let records: Vec<&Filed> = current(person.records, id, Some(as_of))
                .into_iter()
                .filter(|f| self.in_cycle(f))
                .collect();
            let managers: Vec<&Filed> = records
                .iter()
                .copied()
                .filter(|f| f.record.by == RaterKind::Manager)
                .collect();
            if records
                .iter()
                .any(|f| f.record.subject == Subject::Organisation)
            {
                self.skip(Skip::Organisation, managers.len());
                continue;
            }
            self.skip(
                Skip::Peer,
                records
                    .iter()
                    .filter(|f| f.record.by == RaterKind::Peer)
                    .count(),
            );
            self.skip(
                Skip::Draft,
                managers
                    .iter()
                    .filter(|f| f.record.status == Status::Draft)
                    .count(),
            );
            let finals: Vec<&Filed> = managers
                .into_iter()
                .filter(|f| f.record.status == Status::Final)
                .collect();
            if framework.scale.added_for_rating {
                if finals.is_empty() {
                    continue;
                }
                let entry = self.unlevelled.entry(id.to_owned()).or_default();
                entry.0 += finals.len();
                entry.1.extend(
                    finals
                        .iter()
                        .filter_map(|f| f.record.rater.as_deref())
                        .map(rater_key),
                );
                continue;
            }
            self.count_finals(person, framework, &finals, &records);
        }
    }

    /// Count the latest final assessment of each rater of one person on one
    /// framework, beside the person's own ratings (`records`: in the cycle,
    /// oldest first).
    fn count_finals(
        &mut self,
        person: &Ratee<'_>,
        framework: &Framework,
        finals: &[&Filed],
        records: &[&Filed],
    ) {
        let id = framework.id.as_str();
        // Oldest first: a rater's later assessment replaces their earlier one.
        let mut by_rater: BTreeMap<String, &Filed> = BTreeMap::new();
        for f in finals.iter().copied() {
            let Some(name) = f.record.rater.as_deref().filter(|n| !n.trim().is_empty()) else {
                self.skip(Skip::NoRater, 1);
                continue;
            };
            if by_rater.insert(rater_key(name), f).is_some() {
                self.skip(Skip::Earlier, 1);
            }
        }
        let own: Vec<&Filed> = records
            .iter()
            .copied()
            .filter(|f| f.record.by == RaterKind::SelfAssessment)
            .collect();
        for f in by_rater.into_values() {
            let Some(role) = f.record.role.as_deref().or(person.role) else {
                self.skip(Skip::NoRole, 1);
                continue;
            };
            let name = f.record.rater.as_deref().unwrap_or_default();
            let rater = self.rater(name);
            for rating in &f.record.ratings {
                if rating.not_applicable {
                    self.skip(Skip::NotApplicable, 1);
                    continue;
                }
                let Some(rank) = rank(framework, Some(rating)) else {
                    continue;
                };
                let own = latest(&own, RaterKind::SelfAssessment, &rating.competency)
                    .and_then(|u| Some((rank_of(framework, u.rating)?, u.record.status)));
                self.ratings
                    .entry(id.to_owned())
                    .or_default()
                    .push(Counted {
                        rater,
                        person: person.person.to_owned(),
                        role: role.to_owned(),
                        competency: rating.competency.clone(),
                        rank,
                        own,
                    });
            }
        }
    }

    /// The report: per framework (in the order of `frameworks`), each rater.
    /// A framework without levels of its own is named when it has final
    /// manager's ratings, or when it is the only one asked about.
    pub(crate) fn report(self, scope: String, frameworks: &[&Framework]) -> CalibrationReport {
        let only = frameworks.len() == 1;
        let mut sections = Vec::new();
        for framework in frameworks {
            if let Some(ratings) = self.ratings.get(&framework.id) {
                sections.push(section(framework, ratings, &self.names));
            }
        }
        let not_calibrated = frameworks
            .iter()
            .filter(|f| f.scale.added_for_rating)
            .filter_map(|f| {
                let none = (0, BTreeSet::new());
                let (assessments, raters) = match self.unlevelled.get(&f.id) {
                    Some(found) => found,
                    None if only => &none,
                    None => return None,
                };
                Some(NotCalibrated {
                    framework: f.id.clone(),
                    framework_name: f.name.clone(),
                    reason: "the framework defines no levels (the tool added its scale so ratings can be recorded), so there is no level to be lenient or severe by".to_owned(),
                    assessments: *assessments,
                    raters: raters.len(),
                })
            })
            .collect();
        CalibrationReport {
            scope,
            cycle: self.cycle,
            rules: Rules {
                minimum_people: MINIMUM_PEOPLE,
                minimum_compared: MINIMUM_COMPARED,
                threshold: THRESHOLD,
            },
            sections,
            not_calibrated,
            skipped: self
                .skipped
                .into_iter()
                .map(|(why, count)| {
                    let (one, many) = why.what();
                    Skipped {
                        count,
                        what: if count == 1 { one } else { many },
                        reason: why.reason(),
                    }
                })
                .collect(),
        }
    }
}

fn rank_of(framework: &Framework, rating: &crate::record::Rating) -> Option<u32> {
    rank(framework, Some(rating))
}

fn fl(n: usize) -> f64 {
    f64::from(u32::try_from(n).unwrap_or(u32::MAX))
}

/// Two decimals, so the same records give the same figures everywhere.
fn round(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// How many ratings at each rank.
#[derive(Clone, Debug, Default)]
struct Ranks(BTreeMap<u32, usize>);

impl Ranks {
    fn add(&mut self, rank: u32) {
        *self.0.entry(rank).or_default() += 1;
    }

    fn at(&self, rank: u32) -> usize {
        self.0.get(&rank).copied().unwrap_or_default()
    }

    fn count(&self) -> usize {
        self.0.values().sum()
    }

    fn total(&self) -> f64 {
        self.0
            .iter()
            .map(|(rank, n)| f64::from(*rank) * fl(*n))
            .sum()
    }

    /// These ranks without `other`'s (which are among them).
    fn without(&self, other: &Ranks) -> Ranks {
        Ranks(
            self.0
                .iter()
                .map(|(rank, n)| (*rank, n.saturating_sub(other.at(*rank))))
                .filter(|(_, n)| *n > 0)
                .collect(),
        )
    }

    fn mean(&self) -> Option<f64> {
        let n = self.count();
        (n > 0).then(|| self.total() / fl(n))
    }
}

fn section(framework: &Framework, ratings: &[Counted], names: &[String]) -> Section {
    // Every rating per (role, competency), and each rater's.
    let mut all: BTreeMap<(&str, &str), Ranks> = BTreeMap::new();
    let mut raters: BTreeMap<usize, Vec<&Counted>> = BTreeMap::new();
    for c in ratings {
        all.entry((&c.role, &c.competency)).or_default().add(c.rank);
        raters.entry(c.rater).or_default().push(c);
    }
    let mut calibrated = Vec::new();
    let mut too_few = Vec::new();
    for (rater, mine) in raters {
        let name = names.get(rater).cloned().unwrap_or_default();
        let people: BTreeSet<&str> = mine.iter().map(|c| c.person.as_str()).collect();
        if people.len() < MINIMUM_PEOPLE {
            too_few.push(TooFew {
                rater: name,
                people: people.len(),
                ratings: mine.len(),
            });
            continue;
        }
        calibrated.push(rater_line(framework, name, people.len(), &mine, &all));
    }
    let by_name = |a: &String, b: &String| a.to_lowercase().cmp(&b.to_lowercase());
    calibrated.sort_by(|a, b| by_name(&a.name, &b.name));
    too_few.sort_by(|a, b| by_name(&a.rater, &b.rater));
    Section {
        framework: framework.id.clone(),
        framework_name: framework.name.clone(),
        levels: framework
            .scale
            .levels
            .iter()
            .map(|l| LevelName {
                code: l.code.clone(),
                label: l.label.clone(),
            })
            .collect(),
        ranks_per_level: framework.ranks_per_level(),
        raters: calibrated,
        too_few,
    }
}

/// The counts per level of the scale, lowest first; a rating below the
/// first level (rank 0) as `<` and the first level's code.
fn levels(framework: &Framework, mine: &Ranks, others: &Ranks) -> Vec<LevelCount> {
    let mut levels = Vec::new();
    if mine.at(0) + others.at(0) > 0 {
        let first = framework
            .scale
            .levels
            .first()
            .map_or("", |l| l.code.as_str());
        levels.push(LevelCount {
            level: format!("<{first}"),
            rater: mine.at(0),
            others: others.at(0),
        });
    }
    levels.extend(framework.scale.levels.iter().map(|l| LevelCount {
        level: l.code.clone(),
        rater: mine.at(l.rank),
        others: others.at(l.rank),
    }));
    levels
}

fn rater_line(
    framework: &Framework,
    name: String,
    people: usize,
    mine: &[&Counted],
    all: &BTreeMap<(&str, &str), Ranks>,
) -> Rater {
    let step = f64::from(framework.ranks_per_level().max(1));
    // The rater's own ratings per (role, competency), in framework order.
    let mut groups: BTreeMap<(usize, &str, &str), Ranks> = BTreeMap::new();
    for c in mine {
        let at = framework
            .competencies
            .iter()
            .position(|k| k.id == c.competency)
            .unwrap_or(usize::MAX);
        groups
            .entry((at, &c.role, &c.competency))
            .or_default()
            .add(c.rank);
    }
    let (mut compared, mut others, mut sum) = (0, 0, 0.0);
    let mut distributions = Vec::new();
    for ((_, role, competency), own) in groups {
        let rest = all
            .get(&(role, competency))
            .map(|everyone| everyone.without(&own))
            .unwrap_or_default();
        let mean = own.mean().unwrap_or_default();
        let others_mean = rest.mean();
        let difference = others_mean.map(|o| (mean - o) / step);
        if let Some(d) = difference {
            compared += own.count();
            others += rest.count();
            sum += d * fl(own.count());
        }
        distributions.push(Distribution {
            role: role.to_owned(),
            competency: competency.to_owned(),
            name: framework
                .competency(competency)
                .map_or_else(|| competency.to_owned(), |c| c.name.clone()),
            levels: levels(framework, &own, &rest),
            ratings: own.count(),
            others: rest.count(),
            mean: round(mean),
            others_mean: others_mean.map(round),
            difference: difference.map(round),
        });
    }
    let difference = (compared > 0).then(|| sum / fl(compared));
    let enough = compared >= MINIMUM_COMPARED && others >= MINIMUM_COMPARED;
    let reaches = difference.is_some_and(|d| d.abs() + 1e-9 >= THRESHOLD);
    let flag = match difference {
        Some(d) if enough && reaches => Some(if d > 0.0 { Lean::Lenient } else { Lean::Severe }),
        _ => None,
    };
    let unflagged = (reaches && !enough).then(|| {
        format!(
            "too few ratings to flag: {compared} of the rater's compared with {others} of others' (a flag needs {MINIMUM_COMPARED} of each)"
        )
    });
    let pairs: Vec<f64> = mine
        .iter()
        .filter_map(|c| {
            c.own
                .map(|(o, _)| (f64::from(c.rank) - f64::from(o)) / step)
        })
        .collect();
    Rater {
        name,
        people,
        ratings: mine.len(),
        compared,
        others,
        difference: difference.map(round),
        against_self: AgainstSelf {
            pairs: pairs.len(),
            drafts: mine
                .iter()
                .filter(|c| matches!(c.own, Some((_, Status::Draft))))
                .count(),
            difference: (!pairs.is_empty())
                .then(|| round(pairs.iter().sum::<f64>() / fl(pairs.len()))),
        },
        flag,
        unflagged,
        distributions,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Catalog;
    use crate::record::RaterKind::{Manager, Peer, SelfAssessment};
    use crate::report::fixture::{filed, framework, record};

    fn cycle() -> Cycle {
        super::super::status::cycle(
            crate::settings::CycleRule::CALENDAR_YEAR,
            "2026-12-01".parse().unwrap(),
        )
    }

    /// A final manager's record of `one` and `two` at `level` by `rater`.
    fn rated(rater: &str, date: &str, level: &str) -> Filed {
        let mut r = record(Manager, date, &[("one", Some(level)), ("two", Some(level))]);
        r.rater = Some(rater.to_owned());
        r.role = Some("r".to_owned());
        filed(&format!("{date}-{rater}.toml"), r)
    }

    /// Everyone's records: `people` people per rater, each rated at a level.
    fn calibrate(
        raters: &[(&str, usize, &str)],
        extra: &[(&str, Vec<Filed>)],
    ) -> CalibrationReport {
        let f = framework(false);
        let mut c = Calibration::new(cycle());
        let find = |id: &str| (id == "t").then_some(&f);
        for (rater, people, level) in raters {
            for i in 0..*people {
                let records = vec![rated(rater, "2026-06-01", level)];
                let person = format!("{rater}-{i}");
                c.add(
                    &Ratee {
                        person: &person,
                        role: None,
                        records: &records,
                    },
                    &find,
                );
            }
        }
        for (person, records) in extra {
            c.add(
                &Ratee {
                    person,
                    role: Some("r"),
                    records,
                },
                &find,
            );
        }
        c.report("everyone".to_owned(), &[&f])
    }

    #[test]
    fn a_level_is_two_steps_where_the_levels_between_are_mid_points() {
        let catalog = Catalog::bundled();
        let step = |id: &str| catalog.framework(id).unwrap().ranks_per_level();
        assert_eq!(step("cherwell-snc"), 2);
        for id in ["wdcvs", "sssc-clf", "arun", "ombudsman"] {
            assert_eq!(step(id), 1, "{id}");
        }
        // The fixture describes B and D only, of A to E.
        assert_eq!(framework(false).ranks_per_level(), 2);
    }

    #[test]
    fn a_rater_one_step_above_the_rest_on_a_scale_with_mid_points_is_half_a_level_lenient() {
        let report = calibrate(&[("Ann", 5, "C"), ("Bob", 5, "B"), ("Cy", 5, "B")], &[]);
        let s = &report.sections[0];
        let ann = s.raters.iter().find(|r| r.name == "Ann").unwrap();
        assert_eq!(
            (ann.people, ann.ratings, ann.compared, ann.others),
            (5, 10, 10, 20)
        );
        assert_eq!(ann.difference, Some(0.5));
        assert_eq!(ann.flag, Some(Lean::Lenient));
        // Bob against Ann and Cy: a quarter of a level lower, not flagged.
        let bob = s.raters.iter().find(|r| r.name == "Bob").unwrap();
        assert_eq!((bob.difference, bob.flag), (Some(-0.25), None));
        let one = &ann.distributions[0];
        let counts: Vec<(usize, usize)> = one.levels.iter().map(|l| (l.rater, l.others)).collect();
        assert_eq!(counts, [(0, 0), (0, 10), (5, 0), (0, 0), (0, 0)]);
    }

    #[test]
    fn a_rater_with_two_people_is_listed_with_the_counts_never_flagged() {
        let report = calibrate(&[("Ann", 5, "B"), ("Dee", 2, "E")], &[]);
        let s = &report.sections[0];
        assert_eq!(s.too_few.len(), 1);
        assert_eq!((s.too_few[0].people, s.too_few[0].ratings), (2, 4));
        // Ann is compared with Dee's 4 ratings: too few to flag, and said so.
        let ann = &s.raters[0];
        assert_eq!(ann.difference, Some(-1.5));
        assert_eq!(ann.flag, None);
        assert!(
            ann.unflagged
                .as_deref()
                .unwrap()
                .contains("10 of the rater's compared with 4")
        );
    }

    #[test]
    fn only_final_manager_ratings_in_the_cycle_count_and_the_rest_is_counted_with_why() {
        let mut draft = rated("Ann", "2026-07-01", "E");
        draft.record.status = Status::Draft;
        let mut peer = rated("Pat", "2026-07-01", "E");
        peer.record.by = Peer;
        let mut nameless = rated("x", "2026-07-01", "E");
        nameless.record.rater = None;
        let before = rated("Ann", "2025-06-01", "E");
        let earlier = rated("Ann", "2026-02-01", "E");
        let mut own = record(
            SelfAssessment,
            "2026-05-01",
            &[("one", Some("A")), ("two", Some("n/a"))],
        );
        own.rater = Some("Zed".to_owned());
        let records = vec![
            before,
            earlier,
            filed("own.toml", own),
            draft,
            peer,
            nameless,
        ];
        let report = calibrate(&[("Ann", 4, "B")], &[("zed", records)]);
        let skipped: Vec<(usize, &str)> =
            report.skipped.iter().map(|s| (s.count, s.what)).collect();
        assert_eq!(
            skipped,
            [
                (1, "draft manager's assessment"),
                (1, "peer's assessment"),
                (1, "manager's assessment that names no rater"),
            ]
        );
        // Ann's final rating of Zed from February counts (the 2025 one is
        // another cycle): five people, and Zed's own rating beside it.
        let ann = &report.sections[0].raters[0];
        assert_eq!(ann.people, 5);
        assert_eq!((ann.against_self.pairs, ann.against_self.drafts), (1, 0));
        // E against A, on a scale where a level is two steps.
        assert_eq!(ann.against_self.difference, Some(2.0));
    }

    #[test]
    fn a_framework_without_levels_of_its_own_is_not_calibrated() {
        let catalog = Catalog::bundled();
        let ombudsman = catalog.framework("ombudsman").unwrap();
        let mut c = Calibration::new(cycle());
        let mut r = record(Manager, "2026-06-01", &[("analytical", Some("3"))]);
        r.framework = "ombudsman".to_owned();
        r.rater = Some("Lee".to_owned());
        let records = vec![filed("m.toml", r)];
        let find = |id: &str| catalog.framework(id).ok();
        c.add(
            &Ratee {
                person: "p",
                role: Some("caseworker"),
                records: &records,
            },
            &find,
        );
        let report = c.report(String::new(), &[ombudsman]);
        assert!(report.sections.is_empty());
        assert_eq!(report.not_calibrated.len(), 1);
        assert_eq!(
            (
                report.not_calibrated[0].assessments,
                report.not_calibrated[0].raters
            ),
            (1, 1)
        );
    }
}
