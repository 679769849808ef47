//! How a person's ratings moved: per competency, every rating over time with
//! the change since the previous rating by the same kind of rater.

use serde::Serialize;

use super::select::{current, is_below_first, not_yet_at, rank};
use crate::model::Framework;
use crate::record::{Filed, RaterKind};

/// One rating in a person's history.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct HistoryEntry {
    pub date: String,
    pub by: RaterKind,
    pub rater: Option<String>,
    pub level: Option<String>,
    /// `not yet at Engaged`, for a rating below the first level.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub below: Option<String>,
    pub not_applicable: bool,
    /// Ranks up (+) or down (−) since this rater kind's previous rating.
    pub change: Option<i64>,
    pub file: String,
}

#[derive(Clone, Debug, Serialize)]
pub(crate) struct CompetencyHistory {
    pub framework: String,
    pub competency: String,
    pub name: String,
    pub entries: Vec<HistoryEntry>,
    /// Peers' latest ratings as an aggregate, or why none is shown: a
    /// peer's own rating is never an entry ([`super::peers`]).
    pub peers: super::peers::Peers,
    /// The agreed actions of the person's reviews that served this
    /// competency, where each stands (filled in by [`with_actions`]).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub actions: Vec<crate::report::review::Item>,
}

/// Put each action of `agreed` beside the competency (of its framework) it
/// served.
pub(crate) fn with_actions(
    history: &mut [CompetencyHistory],
    agreed: &crate::report::review::Agreed,
) {
    for h in history {
        h.actions = agreed
            .items
            .iter()
            .filter(|i| i.kind == crate::review::ItemKind::Action)
            .filter(|i| i.competency.as_deref() == Some(h.competency.as_str()))
            .filter(|i| i.framework.as_deref().is_none_or(|f| f == h.framework))
            .cloned()
            .collect();
    }
}

/// Ratings per competency over time, by rater kind, with the change since the
/// previous rating of the same kind. Amended records are left out.
pub(crate) fn history(
    framework: &Framework,
    records: &[Filed],
    minimum: crate::settings::PeerMinimum,
) -> Vec<CompetencyHistory> {
    let current = current(records, &framework.id, None);
    framework
        .competencies
        .iter()
        .filter_map(|c| {
            let mut previous: Vec<(RaterKind, u32)> = Vec::new();
            let entries: Vec<HistoryEntry> = current
                .iter()
                .filter(|f| f.record.by != RaterKind::Peer)
                .filter_map(|f| f.record.rating(&c.id).map(|r| (f, r)))
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
                        date: n.record.date.to_string(),
                        by: n.record.by,
                        rater: n.record.rater.clone(),
                        level: r.level.clone(),
                        below: is_below_first(framework, r).then(|| not_yet_at(framework)),
                        not_applicable: r.not_applicable,
                        change,
                        file: n.file.clone(),
                    }
                })
                .collect();
            let peers = super::peers::view(framework, &current, &c.id, minimum).peers;
            (!entries.is_empty() || peers != super::peers::Peers::None).then(|| CompetencyHistory {
                framework: framework.id.clone(),
                competency: c.id.clone(),
                name: c.name.clone(),
                peers,
                entries,
                actions: Vec::new(),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::fixture::{filed, framework, record};

    #[test]
    fn history_shows_the_change_since_the_same_raters_previous_rating() {
        let f = framework(false);
        let records = vec![
            filed(
                "1.toml",
                record(RaterKind::Manager, "2026-01-01", &[("one", Some("B"))]),
            ),
            filed(
                "2.toml",
                record(
                    RaterKind::SelfAssessment,
                    "2026-02-01",
                    &[("one", Some("E"))],
                ),
            ),
            filed(
                "3.toml",
                record(RaterKind::Manager, "2026-03-01", &[("one", Some("D"))]),
            ),
        ];
        let history = history(&f, &records, crate::settings::PeerMinimum::DEFAULT);
        assert_eq!(history.len(), 1);
        let changes: Vec<Option<i64>> = history[0].entries.iter().map(|e| e.change).collect();
        assert_eq!(changes, vec![None, None, Some(2)]);
    }
}
