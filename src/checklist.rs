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

use serde::Serialize;

use crate::model::{Competency, Framework, Polarity};

/// How far the ticks cover one level.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub(crate) struct LevelCover {
    pub level: String,
    pub ticked: usize,
    pub total: usize,
    /// Indicators of this level not ticked.
    pub missing: Vec<String>,
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
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum Rule {
    Cumulative,
    BestFit,
    /// The indicators belong to no level, so no level can be derived.
    None,
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
            let indicators: Vec<&str> = competency
                .all_indicators()
                .filter(|i| {
                    i.polarity == Polarity::Positive && i.level.as_deref() == Some(&level.code)
                })
                .map(|i| i.text.as_str())
                .collect();
            (!indicators.is_empty()).then(|| LevelCover {
                level: level.code.clone(),
                ticked: indicators.iter().filter(|t| is_ticked(t)).count(),
                total: indicators.len(),
                missing: indicators
                    .iter()
                    .filter(|t| !is_ticked(t))
                    .map(|t| (*t).to_owned())
                    .collect(),
            })
        })
        .collect();
    let negative = competency
        .all_indicators()
        .filter(|i| i.polarity == Polarity::Negative && is_ticked(&i.text))
        .map(|i| i.text.clone())
        .collect();
    let (rule, level) = if cover.is_empty() {
        (Rule::None, None)
    } else if framework.scale.cumulative {
        let reached = cover
            .iter()
            .take_while(|c| c.ticked == c.total)
            .last()
            .map(|c| c.level.clone());
        (Rule::Cumulative, reached)
    } else {
        // Best fit: compare shares exactly (a/b >= c/d as a*d >= c*b).
        let best = cover.iter().filter(|c| 2 * c.ticked >= c.total).fold(
            None::<&LevelCover>,
            |best, c| match best {
                Some(b) if b.ticked * c.total > c.ticked * b.total => Some(b),
                _ => Some(c),
            },
        );
        (Rule::BestFit, best.map(|c| c.level.clone()))
    };
    Derivation {
        level,
        rule,
        cover,
        negative,
    }
}

impl Derivation {
    /// One sentence on why the level is what it is.
    pub(crate) fn explain(&self) -> String {
        let shares: Vec<String> = self
            .cover
            .iter()
            .map(|c| format!("{} of {} at `{}`", c.ticked, c.total, c.level))
            .collect();
        let mut text = match (&self.rule, &self.level) {
            (Rule::None, _) => {
                "the indicators belong to no level, so the rater chooses one".to_owned()
            }
            (Rule::Cumulative, Some(level)) => format!(
                "`{level}`: every indicator up to it is shown ({}); levels are cumulative",
                shares.join(", ")
            ),
            (Rule::Cumulative, None) => format!(
                "no level: not every indicator of the first level is shown ({}); levels are cumulative",
                shares.join(", ")
            ),
            (Rule::BestFit, Some(level)) => format!("`{level}` fits best ({})", shares.join(", ")),
            (Rule::BestFit, None) => format!(
                "no level: no level has half of its indicators shown ({})",
                shares.join(", ")
            ),
        };
        if !self.negative.is_empty() {
            let _ = std::fmt::Write::write_fmt(
                &mut text,
                format_args!("; {} negative behaviour(s) ticked", self.negative.len()),
            );
        }
        text
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
            d.explain().contains("1 negative behaviour(s) ticked"),
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
