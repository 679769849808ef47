//! Peers without names. A report about a person shows peers' ratings of a
//! competency only as an aggregate — how many peers, the median and the
//! range of the latest rating of each — and only when at least
//! `peer-minimum` peers rated it; below that it says "fewer than N peers"
//! and nothing else, so no single peer's rating can be read off. Their
//! evidence is shown with the aggregate, without names, in the order of the
//! text (never the records'). Pure: checked records in, aggregate out.

use jiff::civil::Date;
use serde::Serialize;

use super::select::rank;
use crate::model::Framework;
use crate::record::{Filed, RaterKind, Rating};
use crate::settings::PeerMinimum;

/// What a report about a person may say of peers' ratings of a competency.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "shown", rename_all = "snake_case")]
pub(crate) enum Peers {
    /// No peer rated it.
    None,
    /// Some peers rated it, fewer than the minimum: nothing more is said.
    FewerThan { minimum: u32 },
    /// The latest rating of each of `count` peers: their median (the lower
    /// of the two middle ones when the count is even) and range, as levels.
    Aggregate {
        count: usize,
        median: String,
        low: String,
        high: String,
    },
}

impl Peers {
    /// As a cell reads: `3 of 3 peers (2–4)`, `fewer than 3 peers`, or
    /// `None` when no peer rated it.
    pub(crate) fn text(&self) -> Option<String> {
        match self {
            Peers::None => None,
            Peers::FewerThan { minimum } => Some(format!("fewer than {minimum} peers")),
            Peers::Aggregate {
                count,
                median,
                low,
                high,
            } => Some(if low == high {
                format!("{median} ({count} peers)")
            } else {
                format!("{median} ({count} peers, {low}–{high})")
            }),
        }
    }
}

/// Peers' ratings of one competency, and what may be shown of them.
pub(crate) struct PeerView<'a> {
    pub peers: Peers,
    /// The ratings behind an aggregate (none when it is not shown).
    pub ratings: Vec<&'a Rating>,
}

/// Who a peer record is from: the rater's name, else (a record without
/// one) its file, so two unnamed peers are not taken for one.
fn peer_of(filed: &Filed) -> String {
    filed
        .record
        .rater
        .as_deref()
        .map_or_else(|| format!("file:{}", filed.file), crate::text::normalise)
        .to_lowercase()
}

/// The latest rating of `competency` by each peer among `current` (oldest
/// first), leaving out `n/a` and ratings without a rank.
fn latest_per_peer<'a>(
    framework: &Framework,
    current: &[&'a Filed],
    competency: &str,
) -> Vec<(u32, &'a Rating)> {
    let mut by_peer: Vec<(String, u32, &Rating)> = Vec::new();
    for filed in current.iter().filter(|f| f.record.by == RaterKind::Peer) {
        let Some(rating) = filed.record.rating(competency) else {
            continue;
        };
        let who = peer_of(filed);
        by_peer.retain(|(w, _, _)| *w != who);
        if let Some(r) = rank(framework, Some(rating)) {
            by_peer.push((who, r, rating));
        }
    }
    by_peer
        .into_iter()
        .map(|(_, r, rating)| (r, rating))
        .collect()
}

/// What a report may show of peers' ratings of `competency`.
pub(crate) fn view<'a>(
    framework: &Framework,
    current: &[&'a Filed],
    competency: &str,
    minimum: PeerMinimum,
) -> PeerView<'a> {
    let mut rated = latest_per_peer(framework, current, competency);
    if rated.is_empty() {
        return PeerView {
            peers: Peers::None,
            ratings: Vec::new(),
        };
    }
    if rated.len() < minimum.0 as usize {
        return PeerView {
            peers: Peers::FewerThan { minimum: minimum.0 },
            ratings: Vec::new(),
        };
    }
    rated.sort_by_key(|(r, _)| *r);
    let level = |r: u32| level_of(framework, r);
    let median = rated[(rated.len() - 1) / 2].0;
    PeerView {
        peers: Peers::Aggregate {
            count: rated.len(),
            median: level(median),
            low: level(rated[0].0),
            high: level(rated[rated.len() - 1].0),
        },
        ratings: rated.into_iter().map(|(_, rating)| rating).collect(),
    }
}

/// The level of rank `r` (`not yet at ...` for 0).
fn level_of(framework: &Framework, r: u32) -> String {
    if r == 0 {
        return super::select::not_yet_at(framework);
    }
    framework
        .scale
        .levels
        .iter()
        .find(|l| l.rank == r)
        .map_or_else(|| r.to_string(), |l| l.code.clone())
}

/// The peers who gave feedback on `person` on or after `since` and up to
/// `as_of` (`YYYY-MM-DD`): distinct raters of peer records.
pub(crate) fn count_since(records: &[Filed], since: Date, as_of: Date) -> usize {
    let mut peers: Vec<String> = records
        .iter()
        .filter(|f| f.record.by == RaterKind::Peer)
        .filter(|f| f.record.date >= since && f.record.date <= as_of)
        .map(peer_of)
        .collect();
    peers.sort();
    peers.dedup();
    peers.len()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::fixture::{filed, framework, record};

    fn day(text: &str) -> Date {
        text.parse().unwrap()
    }

    fn peer(file: &str, rater: &str, level: &str) -> Filed {
        let mut r = record(RaterKind::Peer, "2026-05-01", &[("one", Some(level))]);
        r.rater = Some(rater.to_owned());
        filed(file, r)
    }

    #[test]
    fn fewer_peers_than_the_minimum_say_nothing_but_that() {
        let f = framework(false);
        let records = [peer("1", "Pat", "B"), peer("2", "Quinn", "E")];
        let current: Vec<&Filed> = records.iter().collect();
        let v = view(&f, &current, "one", PeerMinimum(3));
        assert_eq!(v.peers, Peers::FewerThan { minimum: 3 });
        assert!(v.ratings.is_empty());
        assert_eq!(v.peers.text().unwrap(), "fewer than 3 peers");
    }

    #[test]
    fn each_peer_counts_once_with_their_latest_rating() {
        let f = framework(false);
        let records = [
            peer("1", "Pat", "A"),
            peer("2", "Quinn", "E"),
            peer("3", "pat", "C"),
            peer("4", "Robin", "B"),
        ];
        let current: Vec<&Filed> = records.iter().collect();
        let v = view(&f, &current, "one", PeerMinimum(3));
        assert_eq!(
            v.peers,
            Peers::Aggregate {
                count: 3,
                median: "C".to_owned(),
                low: "B".to_owned(),
                high: "E".to_owned()
            }
        );
        assert_eq!(
            count_since(&records, day("2026-01-01"), day("2026-12-31")),
            3
        );
        assert_eq!(
            count_since(&records, day("2026-06-01"), day("2026-12-31")),
            0
        );
    }
}
