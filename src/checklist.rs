//! The checklist rule: deriving a level from ticked indicators. Pure; no I/O.
//!
//! - Cumulative scales (SSSC stages, Arun tiers): the highest level whose
//!   indicators, and those of every level below, are all ticked.
//! - Other scales: best fit, the level whose indicators are most fully shown
//!   (at least half of them; the higher level on a tie).
//!
//! Only positive indicators with a level decide. Negative behaviours ticked are
//! kept and reported, never silently dropped; they do not move the level,
//! because no source says by how much they should.
//!
//! An indicator whose words were lost in the source (shown with `[…]`) is
//! never asked about and never decides: it is left out of the derivation,
//! and the explanation says so. A level whose indicators were all lost is
//! judged on none of them.
//!
//! When the rule gives no level on a scale whose indicators have levels,
//! the ticks show the first level not reached: the rating is *below* the
//! first level ("not yet at Engaged"), which reports count as below it.

use serde::Serialize;

use crate::model::{Competency, Framework, Indicator, Perspective, Polarity};

/// Whether an indicator's words were lost in the source (`[…]` marks where):
/// it is shown as text, never ticked, and never decides a level.
pub(crate) fn is_fragment(text: &str) -> bool {
    text.contains("[…]")
}

/// How far the ticks cover one perspective of a level (SSSC's organisational
/// capabilities: the organisation's and the worker's).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub(crate) struct PerspectiveCover {
    pub perspective: Perspective,
    /// The framework's heading for it (`The social service worker`).
    pub name: String,
    pub ticked: usize,
    pub total: usize,
}

/// How far the ticks cover one level.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub(crate) struct LevelCover {
    pub level: String,
    pub ticked: usize,
    pub total: usize,
    /// Indicators of this level not ticked.
    pub missing: Vec<String>,
    /// Indicators of this level whose words were lost in the source: left
    /// out of `total`, never asked about.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub lost: Vec<String>,
    /// The same count per perspective, where the level's indicators have one.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub perspectives: Vec<PerspectiveCover>,
}

/// The derived level and the reasons for it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub(crate) struct Derivation {
    /// `None` when no level is reached (or the indicators have no levels).
    pub level: Option<String>,
    pub rule: Rule,
    pub cover: Vec<LevelCover>,
    /// Negative behaviours among the ticks.
    pub negative: Vec<String>,
    /// The heading of the scale's first level (`Engaged`) when the ticks
    /// show it not reached: the rating is below the first level.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub not_yet_at: Option<String>,
    /// What the framework calls its negative behaviours (`Contra Indicators`).
    #[serde(skip)]
    pub negative_label: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum Rule {
    Cumulative,
    BestFit,
    /// The indicators belong to no level, so no level can be derived.
    None,
}

/// The indicators a rater is asked to tick: every one but those whose
/// words were lost in the source (what the checks below hold the
/// questionnaire to).
#[cfg(test)]
pub(crate) fn tickable(competency: &Competency) -> impl Iterator<Item = &Indicator> {
    competency
        .all_indicators()
        .filter(|i| !is_fragment(&i.text))
}

/// Derive a level for `competency` from the indicator texts in `ticked`.
pub(crate) fn derive_level<'a>(
    framework: &Framework,
    competency: &Competency,
    ticked: impl IntoIterator<Item = &'a str>,
) -> Derivation {
    let ticked: Vec<&str> = ticked.into_iter().collect();
    let is_ticked = |text: &str| ticked.contains(&text);
    let cover: Vec<LevelCover> = framework
        .scale
        .levels
        .iter()
        .filter_map(|level| {
            let (lost, indicators): (Vec<&Indicator>, Vec<&Indicator>) = competency
                .all_indicators()
                .filter(|i| {
                    i.polarity == Polarity::Positive && i.level.as_deref() == Some(&level.code)
                })
                .partition(|i| is_fragment(&i.text));
            if indicators.is_empty() && lost.is_empty() {
                return None;
            }
            let mut perspectives: Vec<PerspectiveCover> = Vec::new();
            for i in &indicators {
                let Some(p) = i.perspective else { continue };
                let at = if let Some(at) = perspectives.iter().position(|c| c.perspective == p) {
                    at
                } else {
                    perspectives.push(PerspectiveCover {
                        perspective: p,
                        name: framework.perspective_name(p).to_owned(),
                        ticked: 0,
                        total: 0,
                    });
                    perspectives.len() - 1
                };
                perspectives[at].total += 1;
                if is_ticked(&i.text) {
                    perspectives[at].ticked += 1;
                }
            }
            Some(LevelCover {
                level: level.code.clone(),
                ticked: indicators.iter().filter(|i| is_ticked(&i.text)).count(),
                total: indicators.len(),
                missing: indicators
                    .iter()
                    .filter(|i| !is_ticked(&i.text))
                    .map(|i| i.text.clone())
                    .collect(),
                lost: lost.iter().map(|i| i.text.clone()).collect(),
                perspectives,
            })
        })
        .collect();
    let negative = competency
        .all_indicators()
        .filter(|i| i.polarity == Polarity::Negative && is_ticked(&i.text))
        .map(|i| i.text.clone())
        .collect();
    let (rule, level) = if cover.iter().all(|c| c.total == 0) {
        (Rule::None, None)
    } else if framework.scale.cumulative {
        // A level whose indicators were all lost asks nothing the ticks can
        // show: it is passed over (the explanation says so).
        let reached = cover
            .iter()
            .take_while(|c| c.ticked == c.total)
            .filter(|c| c.total > 0)
            .last()
            .map(|c| c.level.clone());
        (Rule::Cumulative, reached)
    } else {
        // Best fit: compare shares exactly (a/b >= c/d as a*d >= c*b).
        let best = cover
            .iter()
            .filter(|c| c.total > 0 && 2 * c.ticked >= c.total)
            .fold(None::<&LevelCover>, |best, c| match best {
                Some(b) if b.ticked * c.total > c.ticked * b.total => Some(b),
                _ => Some(c),
            });
        (Rule::BestFit, best.map(|c| c.level.clone()))
    };
    let not_yet_at = (rule != Rule::None && level.is_none())
        .then(|| framework.scale.levels.first())
        .flatten()
        .map(|first| framework.level_heading(&first.code));
    Derivation {
        level,
        rule,
        cover,
        negative,
        not_yet_at,
        negative_label: framework.labels.negative.clone(),
    }
}

/// "not yet at Engaged": a rating below the first level, in words.
pub(crate) fn not_yet_at(framework: &Framework) -> String {
    framework
        .scale
        .levels
        .first()
        .map_or_else(String::new, |l| {
            format!("not yet at {}", framework.level_heading(&l.code))
        })
}

impl LevelCover {
    /// `3 of 4 at `engaged``, or per perspective: ``engaged`: the
    /// organisation 2 of 2, the social service worker 0 of 3`.
    pub(crate) fn share(&self) -> String {
        let mut text = if self.perspectives.len() > 1 {
            let parts: Vec<String> = self
                .perspectives
                .iter()
                .map(|p| format!("{} {} of {}", p.name, p.ticked, p.total))
                .collect();
            format!("`{}`: {}", self.level, parts.join(", "))
        } else {
            format!("{} of {} at `{}`", self.ticked, self.total, self.level)
        };
        if !self.lost.is_empty() {
            let _ = std::fmt::Write::write_fmt(
                &mut text,
                format_args!(
                    " ({} lost in the source, […], left out{})",
                    self.lost.len(),
                    if self.total == 0 {
                        ": nothing at this level can be ticked"
                    } else {
                        ""
                    }
                ),
            );
        }
        text
    }
}

impl Derivation {
    /// One sentence on why the level is what it is.
    pub(crate) fn explain(&self) -> String {
        let shares: Vec<String> = self.cover.iter().map(LevelCover::share).collect();
        let not_yet = self.not_yet_at.as_deref().map_or_else(
            || "no level".to_owned(),
            |first| format!("not yet at {first}"),
        );
        let mut text = match (&self.rule, &self.level) {
            (Rule::None, _) => {
                "the indicators belong to no level, so the rater chooses one".to_owned()
            }
            (Rule::Cumulative, Some(level)) => format!(
                "`{level}`: every indicator up to it is shown ({}); levels are cumulative",
                shares.join(", ")
            ),
            (Rule::Cumulative, None) => format!(
                "{not_yet}: not every indicator of the first level is shown ({}); levels are cumulative",
                shares.join(", ")
            ),
            (Rule::BestFit, Some(level)) => format!("`{level}` fits best ({})", shares.join(", ")),
            (Rule::BestFit, None) => format!(
                "{not_yet}: no level has half of its indicators shown ({})",
                shares.join(", ")
            ),
        };
        if !self.negative.is_empty() {
            let _ = std::fmt::Write::write_fmt(
                &mut text,
                format_args!("; {} ticked: {}", self.negative_label, self.negative.len()),
            );
        }
        text
    }

    /// Whether the ticks show the first level not reached (a levelled rule,
    /// no level): a rating below the first level.
    pub(crate) fn is_below_first(&self) -> bool {
        self.not_yet_at.is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::framework_file::framework_from_str;

    fn framework(cumulative: bool) -> Framework {
        let yaml = format!(
            r#"
id: t
name: T
publisher: P
source: S
scale:
  cumulative: {cumulative}
  levels:
    - {{code: "1", label: One}}
    - {{code: "2", label: Two}}
    - {{code: "3", label: Three}}
competencies:
  - id: c
    name: C
    indicators:
      - level: "1"
        items: [a1, a2]
      - level: "2"
        items: [b1, b2]
      - level: "3"
        items: [c1, c2, c3, c4]
      - polarity: negative
        items: [bad]
"#
        );
        framework_from_str(std::path::Path::new("t.yaml"), &yaml, None)
            .ok()
            .unwrap()
    }

    fn derive(cumulative: bool, ticked: &[&str]) -> Derivation {
        let f = framework(cumulative);
        let c = f.competency("c").unwrap().clone();
        derive_level(&f, &c, ticked.iter().copied())
    }

    #[test]
    fn cumulative_scale_reaches_the_highest_level_with_every_level_below_complete() {
        assert_eq!(
            derive(true, &["a1", "a2", "b1", "b2"]).level.as_deref(),
            Some("2")
        );
        // Level 3 fully shown but level 2 not: level 1 only.
        assert_eq!(
            derive(true, &["a1", "a2", "b1", "c1", "c2", "c3", "c4"])
                .level
                .as_deref(),
            Some("1")
        );
    }

    #[test]
    fn cumulative_scale_gives_no_level_when_the_first_is_incomplete() {
        let d = derive(true, &["a1", "b1", "b2"]);
        assert_eq!(d.level, None);
        assert_eq!(d.cover[0].missing, vec!["a2"]);
    }

    #[test]
    fn best_fit_takes_the_most_fully_shown_level_of_at_least_half() {
        assert_eq!(
            derive(false, &["a1", "c1", "c2", "c3"]).level.as_deref(),
            Some("3")
        );
        assert_eq!(
            derive(false, &["a1", "a2", "c1", "c2"]).level.as_deref(),
            Some("1")
        );
        // A tie at 100% goes to the higher level.
        assert_eq!(
            derive(false, &["a1", "a2", "b1", "b2"]).level.as_deref(),
            Some("2")
        );
        assert_eq!(derive(false, &["c1"]).level, None);
    }

    #[test]
    fn negative_ticks_are_kept_and_do_not_move_the_level() {
        let d = derive(true, &["a1", "a2", "bad"]);
        assert_eq!(d.level.as_deref(), Some("1"));
        assert_eq!(d.negative, vec!["bad"]);
        assert!(
            d.explain().contains("Negative indicators ticked: 1"),
            "{}",
            d.explain()
        );
    }

    #[test]
    fn no_level_on_a_levelled_scale_is_below_the_first_level() {
        let d = derive(true, &["a1"]);
        assert_eq!(d.not_yet_at.as_deref(), Some("One"));
        assert!(d.is_below_first());
        assert!(
            d.explain().starts_with("not yet at One:"),
            "{}",
            d.explain()
        );
        let d = derive(false, &[]);
        assert!(
            d.is_below_first(),
            "best fit with nothing shown: below the first level"
        );
        assert!(!derive(true, &["a1", "a2"]).is_below_first());
    }

    #[test]
    fn fragments_lost_in_the_source_are_left_out_and_said_so() {
        let yaml = r#"
id: t
name: T
publisher: P
source: S
scale:
  cumulative: true
  levels:
    - {code: "1", label: One}
    - {code: "2", label: Two}
    - {code: "3", label: Three}
competencies:
  - id: c
    name: C
    indicators:
      - level: "1"
        items: [a1, "a2 […]"]
      - level: "2"
        items: ["[…] b1", "b2 […]"]
      - level: "3"
        items: [c1]
"#;
        let f = framework_from_str(std::path::Path::new("t.yaml"), yaml, None)
            .ok()
            .unwrap();
        let c = f.competency("c").unwrap();
        let tickable: Vec<&str> = tickable(c).map(|i| i.text.as_str()).collect();
        assert_eq!(tickable, vec!["a1", "c1"]);
        let d = derive_level(&f, c, ["a1", "c1"]);
        // Level 2 asks nothing the ticks can show: passed over, and said so.
        assert_eq!(d.level.as_deref(), Some("3"));
        assert_eq!(d.cover[0].total, 1);
        assert_eq!(d.cover[1].lost.len(), 2);
        assert!(
            d.explain()
                .contains("0 of 0 at `2` (2 lost in the source, […], left out: nothing at this level can be ticked)"),
            "{}",
            d.explain()
        );
    }

    #[test]
    fn each_perspective_of_a_level_is_counted_on_its_own() {
        let catalog = crate::catalog::Catalog::bundled();
        let f = catalog.framework("sssc-clf").unwrap();
        let c = f.competency("learning-and-performance-culture").unwrap();
        let organisation: Vec<&str> = c
            .all_indicators()
            .filter(|i| {
                i.level.as_deref() == Some("engaged")
                    && i.perspective == Some(crate::model::Perspective::Organisation)
            })
            .map(|i| i.text.as_str())
            .collect();
        let d = derive_level(f, c, organisation.iter().copied());
        let engaged = &d.cover[0];
        let counts: Vec<(&str, usize, usize)> = engaged
            .perspectives
            .iter()
            .map(|p| (p.name.as_str(), p.ticked, p.total))
            .collect();
        assert_eq!(
            counts,
            vec![
                ("The organisation", 2, 2),
                ("The social service worker", 0, 3)
            ]
        );
        assert!(
            d.explain()
                .contains("`engaged`: The organisation 2 of 2, The social service worker 0 of 3"),
            "{}",
            d.explain()
        );
    }

    #[test]
    fn nothing_ticked_derives_nothing() {
        assert_eq!(derive(true, &[]).level, None);
        assert_eq!(derive(false, &[]).level, None);
    }
}
