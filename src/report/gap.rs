//! A person against a role: per requirement the rating used, the latest of
//! each kind of rater, the gap in levels and where that leaves them.

use serde::Serialize;

use super::select::{compare, current, default_by, is_below_first, latest, not_yet_at, rank};
use super::{Standing, Summary};
use crate::checklist::{Derivation, derive_level};
use crate::model::{Framework, Perspective, Polarity, RoleProfile, Subject};
use crate::record::{Filed, RaterKind, Rating, Status};
use crate::settings::PeerMinimum;

/// Self and manager ratings this many ranks apart are flagged for discussion.
pub(crate) const DIVERGENCE: i64 = 2;

/// A text noted in a rating (evidence, a behaviour ticked), with who noted it.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct Ticked {
    pub by: RaterKind,
    pub text: String,
    /// Whose view a ticked behaviour is, where the source gives two
    /// (SSSC's organisational capabilities: the organisation's, or its
    /// workers').
    #[serde(skip_serializing_if = "Option::is_none")]
    pub perspective: Option<Perspective>,
}

/// One competency of a gap report.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct GapRow {
    pub competency: String,
    pub name: String,
    pub required: String,
    /// The rating used (by the report's rater kind).
    pub rating: Option<String>,
    /// The latest level of each rater kind; `None` when unrated or not applicable.
    #[serde(rename = "self")]
    pub self_level: Option<String>,
    pub manager: Option<String>,
    /// Peers' ratings as a cell reads them: an aggregate, `fewer than 3
    /// peers`, or `None` when no peer rated it ([`super::peers`]).
    pub peer: Option<String>,
    /// Peers' ratings as an aggregate, or why none is shown.
    pub peers: super::peers::Peers,
    /// Rater kinds whose latest rating marks the competency not applicable.
    pub not_applicable: Vec<RaterKind>,
    /// Rater kinds whose latest rating is below the first level: a
    /// checklist that shows the first level not reached. Their level is
    /// `None`; the gap counts it as rank 0.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub below_scale: Vec<RaterKind>,
    /// How a rating below the first level reads: `not yet at Engaged`.
    #[serde(skip)]
    pub not_yet: String,
    pub gap: Option<i64>,
    pub status: Standing,
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
    /// The other behaviours ticked as shown in each kind's latest checklist.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub ticked: Vec<Ticked>,
    /// How a checklist rating's level follows from its ticks.
    pub derivation: Option<Derivation>,
    /// Whose checklist `derivation` explains.
    pub derived_by: Option<RaterKind>,
}

/// A person against a role.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct GapReport {
    pub person: String,
    /// The person's name, where the roster or their self-assessment gives it
    /// (filled in by the caller).
    pub name: Option<String>,
    pub role: String,
    pub role_name: String,
    /// A person, or an organisation (a role of organisational capabilities).
    /// Present in JSON only for an organisation.
    #[serde(skip_serializing_if = "Subject::is_person")]
    pub subject: Subject,
    pub framework: String,
    pub by: RaterKind,
    /// The latest record of the report's rater kind, as a workspace path
    /// (filled in by the caller, who knows where records live).
    pub assessment: Option<String>,
    pub as_of: Option<String>,
    pub rows: Vec<GapRow>,
    pub summary: Summary,
    /// Every record the report's ratings come from, by kind of rater (self,
    /// manager, peer), newest first within a kind, each with the
    /// competencies it gives; a kind whose records rate none of the role's
    /// competencies has its latest record.
    pub raters: Vec<RaterLine>,
    /// Final records that were changed by hand after they were written.
    pub edited: Vec<String>,
    /// What the framework calls its negative behaviours (Arun's "Contra
    /// Indicators", WDCVS's "When things are not going well").
    #[serde(skip)]
    pub negative_label: String,
    /// How many peers rated any of the role's competencies (never who).
    pub peer_count: usize,
    /// How many peers must rate a competency before their ratings show.
    pub peer_minimum: u32,
}

/// A record a report's ratings come from.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct RaterLine {
    pub by: RaterKind,
    pub rater: Option<String>,
    pub date: String,
    pub status: String,
    pub file: String,
    /// The competencies whose latest rating of this kind is in this record,
    /// in the role's order.
    pub competencies: Vec<String>,
    /// Their names, in the same order.
    #[serde(skip)]
    pub names: Vec<String>,
}

impl GapRow {
    /// Whether the rating used is below the first level.
    pub(crate) fn is_below_first(&self, by: RaterKind) -> bool {
        self.below_scale.contains(&by)
    }
}

impl GapReport {
    /// `Alex Morgan (alex-morgan)`, or the id when no name is known.
    pub(crate) fn who(&self) -> String {
        match &self.name {
            Some(name) if *name != self.person => format!("{name} ({})", self.person),
            _ => self.person.clone(),
        }
    }

    /// Whether the ratings of `kind` come from more than one record.
    pub(crate) fn several(&self, kind: RaterKind) -> bool {
        self.raters.iter().filter(|r| r.by == kind).count() > 1
    }

    /// The file name of the latest record of the report's rater kind.
    pub(crate) fn used_file(&self) -> Option<&str> {
        self.raters
            .iter()
            .find(|r| r.by == self.by)
            .map(|r| r.file.as_str())
    }
}

/// The gap report of `person` (whose records are `records`) against `role`.
/// `by` forces the rater kind; `None` takes [`default_by`].
pub(crate) fn gap(
    person: &str,
    framework: &Framework,
    role: &RoleProfile,
    records: &[Filed],
    by: Option<RaterKind>,
    as_of: Option<jiff::civil::Date>,
    minimum: PeerMinimum,
) -> GapReport {
    let current = current(records, &framework.id, as_of);
    // A single peer's rating is never the one a report uses.
    let by = by
        .filter(|b| *b != RaterKind::Peer)
        .unwrap_or_else(|| default_by(&current));
    let mut summary = Summary::default();
    let rows = role
        .required
        .iter()
        .map(|(id, required)| {
            let row = row(framework, &current, by, id, required, minimum);
            summary.add(row.status);
            row
        })
        .collect();
    let raters = raters(framework, &current, role);
    let edited = current
        .iter()
        .filter(|f| f.record.status == Status::Final)
        .filter(|f| f.record.checksum_matches() == Some(false))
        .map(|f| f.file.clone())
        .collect();
    let mut peers: Vec<String> = current
        .iter()
        .filter(|f| f.record.by == RaterKind::Peer)
        .filter(|f| {
            role.required
                .iter()
                .any(|(id, _)| f.record.rating(id).is_some())
        })
        .map(|f| {
            f.record
                .rater
                .clone()
                .unwrap_or_else(|| f.file.clone())
                .to_lowercase()
        })
        .collect();
    peers.sort();
    peers.dedup();
    GapReport {
        peer_count: peers.len(),
        peer_minimum: minimum.0,
        edited,
        person: person.to_owned(),
        name: None,
        role: role.id.clone(),
        role_name: role.name.clone(),
        subject: role.subject,
        framework: framework.id.clone(),
        by,
        assessment: None,
        as_of: as_of.map(|d| d.to_string()),
        rows,
        summary,
        raters,
        negative_label: framework.labels.negative.clone(),
    }
}

/// Every record whose ratings a report on `role` shows, by kind of rater,
/// newest first, each with the competencies it gives.
fn raters(framework: &Framework, current: &[&Filed], role: &RoleProfile) -> Vec<RaterLine> {
    let mut lines: Vec<RaterLine> = Vec::new();
    // Peers are never named: they are counted in `peer_count`.
    for kind in RaterKind::ALL.into_iter().filter(|k| *k != RaterKind::Peer) {
        let mut of_kind: Vec<(&Filed, Vec<&str>)> = Vec::new();
        for (id, _) in &role.required {
            let Some(used) = latest(current, kind, id) else {
                continue;
            };
            match of_kind.iter_mut().find(|(f, _)| f.file == used.file) {
                Some((_, ids)) => ids.push(id),
                None => {
                    if let Some(filed) = current.iter().find(|f| f.file == used.file) {
                        of_kind.push((filed, vec![id.as_str()]));
                    }
                }
            }
        }
        if of_kind.is_empty()
            && let Some(latest) = current.iter().rev().find(|f| f.record.by == kind)
        {
            of_kind.push((latest, Vec::new()));
        }
        of_kind.sort_by(|a, b| Filed::chronological(b.0, a.0));
        lines.extend(of_kind.into_iter().map(|(f, ids)| {
            RaterLine {
                by: kind,
                rater: f.record.rater.clone(),
                date: f.record.date.to_string(),
                status: f.record.status.as_str().to_owned(),
                file: f.file.clone(),
                names: ids
                    .iter()
                    .map(|id| {
                        framework
                            .competency(id)
                            .map_or_else(|| (*id).to_owned(), |c| c.name.clone())
                    })
                    .collect(),
                competencies: ids.iter().map(|id| (*id).to_owned()).collect(),
            }
        }));
    }
    lines
}

/// One requirement: the rating used and what every kind of rater said.
fn row(
    framework: &Framework,
    current: &[&Filed],
    by: RaterKind,
    id: &str,
    required: &str,
    minimum: PeerMinimum,
) -> GapRow {
    let used = latest(current, by, id);
    let peers = super::peers::view(framework, current, id, minimum);
    // Every kind but peers, whose ratings are shown only as an aggregate.
    let named = || RaterKind::ALL.into_iter().filter(|k| *k != RaterKind::Peer);
    let (gap, status) = compare(framework, required, used.map(|u| u.rating));
    let of = |kind| latest(current, kind, id);
    let level_of = |kind| of(kind).and_then(|u| u.rating.level.clone());
    let self_rank = rank(framework, of(RaterKind::SelfAssessment).map(|u| u.rating));
    let manager_rank = rank(framework, of(RaterKind::Manager).map(|u| u.rating));
    let discuss = matches!((self_rank, manager_rank),
        (Some(s), Some(m)) if (i64::from(s) - i64::from(m)).abs() >= DIVERGENCE);
    let mut evidence = Vec::new();
    let mut negative = Vec::new();
    let mut ticked = Vec::new();
    for kind in named() {
        if let Some(u) = of(kind) {
            ticked.extend(
                u.rating
                    .ticked
                    .iter()
                    .filter(|t| !framework.is_negative(id, t))
                    .map(|t| Ticked {
                        by: kind,
                        text: t.clone(),
                        perspective: framework
                            .competency(id)
                            .and_then(|c| c.indicator(t))
                            .and_then(|i| i.perspective),
                    }),
            );
            if let Some(text) = &u.rating.evidence {
                evidence.push(Ticked {
                    by: kind,
                    text: text.clone(),
                    perspective: None,
                });
            }
            negative.extend(negative_ticks(framework, id, u.rating).map(|text| Ticked {
                by: kind,
                text,
                perspective: None,
            }));
        }
    }
    peer_texts(
        framework,
        id,
        &peers.ratings,
        &mut evidence,
        &mut ticked,
        &mut negative,
    );
    // Explain the rating used when it came from a checklist; else the
    // latest checklist of another rater (never a peer), saying whose it is.
    let checklist = std::iter::once(by)
        .chain(named())
        .find_map(|kind| of(kind).filter(|u| !u.rating.ticked.is_empty()));
    let derivation = checklist.and_then(|u| {
        framework
            .competency(id)
            .map(|c| derive_level(framework, c, u.rating.ticked.iter().map(String::as_str)))
    });
    GapRow {
        competency: id.to_owned(),
        name: framework
            .competency(id)
            .map_or_else(|| id.to_owned(), |c| c.name.clone()),
        required: required.to_owned(),
        rating: used.and_then(|u| u.rating.level.clone()),
        self_level: level_of(RaterKind::SelfAssessment),
        manager: level_of(RaterKind::Manager),
        peer: peers.peers.text(),
        peers: peers.peers,
        not_applicable: named()
            .filter(|&kind| of(kind).is_some_and(|u| u.rating.not_applicable))
            .collect(),
        below_scale: named()
            .filter(|&kind| of(kind).is_some_and(|u| is_below_first(framework, u.rating)))
            .collect(),
        not_yet: not_yet_at(framework),
        gap,
        status,
        discuss,
        source: used.map(|u| u.file.to_owned()),
        stale: used.is_some_and(|u| u.record.fingerprint != framework.fingerprint),
        evidence,
        negative,
        ticked,
        derivation,
        derived_by: checklist.map(|u| u.record.by),
    }
}

/// Peers' evidence and behaviours ticked, with the aggregate only: without
/// names, in the order of the text rather than of the records.
fn peer_texts(
    framework: &Framework,
    id: &str,
    ratings: &[&Rating],
    evidence: &mut Vec<Ticked>,
    ticked: &mut Vec<Ticked>,
    negative: &mut Vec<Ticked>,
) {
    let add = |texts: Vec<String>, into: &mut Vec<Ticked>| {
        let mut texts = texts;
        texts.sort();
        texts.dedup();
        into.extend(texts.into_iter().map(|text| {
            Ticked {
                by: RaterKind::Peer,
                perspective: framework
                    .competency(id)
                    .and_then(|c| c.indicator(&text))
                    .and_then(|i| i.perspective),
                text,
            }
        }));
    };
    add(
        ratings.iter().filter_map(|r| r.evidence.clone()).collect(),
        evidence,
    );
    add(
        ratings
            .iter()
            .flat_map(|r| {
                r.ticked
                    .iter()
                    .filter(|t| !framework.is_negative(id, t))
                    .cloned()
            })
            .collect(),
        ticked,
    );
    add(
        ratings
            .iter()
            .flat_map(|r| negative_ticks(framework, id, r))
            .collect(),
        negative,
    );
}

/// The negative behaviours ticked in a rating.
pub(crate) fn negative_ticks<'a>(
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
        .ticked
        .iter()
        .filter(move |t| indicators.iter().any(|i| i.text == **t))
        .cloned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::fixture::{filed, framework, record};

    fn report(records: &[Filed], by: Option<RaterKind>) -> GapReport {
        let f = framework(false);
        let role = f.roles[0].clone();
        gap("p", &f, &role, records, by, None, PeerMinimum::DEFAULT)
    }

    #[test]
    fn gap_is_zero_when_the_level_is_met_and_counts_ranks_through_mid_points() {
        let records = vec![filed(
            "a.toml",
            record(
                RaterKind::Manager,
                "2026-01-01",
                &[("one", Some("C")), ("two", Some("D")), ("three", Some("B"))],
            ),
        )];
        let r = report(&records, None);
        let gaps: Vec<(Option<i64>, Standing)> = r.rows.iter().map(|r| (r.gap, r.status)).collect();
        // C meets C; D is two ranks above B (C sits between); B is two below D.
        assert_eq!(
            gaps,
            vec![
                (Some(0), Standing::Meets),
                (Some(2), Standing::Exceeds),
                (Some(-2), Standing::Below)
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
        let records = vec![filed(
            "a.toml",
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
        let standings: Vec<Standing> = r.rows.iter().map(|r| r.status).collect();
        assert_eq!(
            standings,
            vec![
                Standing::NotApplicable,
                Standing::Unrated,
                Standing::Unrated
            ]
        );
        assert!(r.rows.iter().all(|r| r.gap.is_none()));
        // Every requirement counts, the one marked not applicable too: it
        // is not assessed, and never met.
        assert_eq!(r.summary.required(), 3);
        assert_eq!(r.summary.met(), 0);
        assert!(!r.summary.meets_all());
    }

    #[test]
    fn the_latest_rating_of_each_kind_counts_and_amended_records_do_not() {
        let early = record(
            RaterKind::Manager,
            "2026-01-01",
            &[("one", Some("A")), ("two", Some("B"))],
        );
        let late = record(RaterKind::Manager, "2026-03-01", &[("one", Some("E"))]);
        let mut amending = record(RaterKind::Manager, "2026-02-01", &[("two", Some("C"))]);
        amending.amends = Some("early.toml".to_owned());
        // A correction of a final record counts only when it is sealed.
        amending.checksum = Some(amending.content_checksum());
        let records = vec![
            filed("early.toml", early),
            filed("late.toml", late),
            filed("amend.toml", amending),
        ];
        let r = report(&records, None);
        assert_eq!(r.rows[0].rating.as_deref(), Some("E"));
        assert_eq!(r.rows[0].source.as_deref(), Some("late.toml"));
        // `two` comes from the amendment; the amended record no longer counts.
        assert_eq!(r.rows[1].rating.as_deref(), Some("C"));
        assert_eq!(r.used_file(), Some("late.toml"));
        let f = framework(false);
        let role = f.roles[0].clone();
        let earlier = gap(
            "p",
            &f,
            &role,
            &records,
            None,
            "2026-02-15".parse().ok(),
            PeerMinimum::DEFAULT,
        );
        // As of mid-February the later record does not count yet and the early one
        // is amended, so only the amendment counts: it rates `two`, not `one`.
        assert_eq!(earlier.rows[0].rating, None);
        assert_eq!(earlier.rows[1].rating.as_deref(), Some("C"));
    }

    #[test]
    fn self_and_manager_two_ranks_apart_are_flagged_for_discussion() {
        let records = vec![
            filed(
                "s.toml",
                record(
                    RaterKind::SelfAssessment,
                    "2026-01-01",
                    &[("one", Some("E")), ("two", Some("B")), ("three", Some("C"))],
                ),
            ),
            filed(
                "m.toml",
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
}
