//! A workspace's settings, `competency.toml`: read raw with spans
//! ([`RawSettings`]), then checked once into [`Settings`] — texts without
//! control characters, the appraisal cycle's days real days of the year, the
//! default framework one that exists — every problem found in one pass and
//! pointed at. Nothing here reads a file: the workspace gives the text and
//! says which frameworks exist.

use std::path::Path;

use jiff::civil::Date;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use toml::Spanned;

use crate::diagnostic::{At, Code, Collector, Diagnostic};
use crate::parse::parse_toml;

/// The settings file's name, in the workspace folder.
pub(crate) const FILE: &str = "competency.toml";

// `competency.toml` as written. Denies unknown keys; never `flatten`.
/// A workspace's settings, `competency.toml`.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
#[schemars(rename = "Settings")]
pub(crate) struct RawSettings {
    /// The workspace's name, e.g. the organisation or team.
    #[serde(default)]
    #[schemars(with = "String", extend("default" = ""))]
    name: Option<Spanned<String>>,
    /// Framework used by `assess` and `readiness` when `--framework` is not given.
    #[schemars(with = "Option<String>")]
    default_framework: Option<Spanned<String>>,
    /// Rater name used by `assess` when `--rater` is not given.
    #[schemars(with = "Option<String>")]
    default_rater: Option<Spanned<String>>,
    /// How many years a person's records are kept after they leave:
    /// `status` names the people past it, and `purge` without
    /// `--left-before` removes them. None: no period is set.
    #[schemars(with = "Option<u16>", range(min = 1, max = 100))]
    retention_years: Option<Spanned<i64>>,
    /// The appraisal cycle (default: the calendar year, and a pack's next
    /// review a year after its meeting; `init --cycle-start` writes one).
    cycle: Option<RawCycle>,
    /// How many peers must have rated a competency before a report about a
    /// person shows their ratings, and then only as count, median and range
    /// (default 3; at least 2).
    #[schemars(with = "Option<u32>", range(min = 2))]
    peer_minimum: Option<Spanned<i64>>,
}

/// `[cycle]` in competency.toml: when the yearly appraisal cycle starts, and
/// when assessments are due within it.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
#[schemars(rename = "CycleConfig")]
struct RawCycle {
    /// The day each cycle starts, `MM-DD` (e.g. `04-01` for 1 April).
    #[schemars(with = "String")]
    starts: Spanned<String>,
    /// The day assessments are due, `MM-DD`, within the cycle (default: its last day).
    #[schemars(with = "Option<String>")]
    due: Option<Spanned<String>>,
}

/// A workspace's settings, checked.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Settings {
    /// The workspace's name, e.g. the organisation or team.
    pub name: String,
    /// Framework used by `assess` and `readiness` when `--framework` is not given.
    pub default_framework: Option<String>,
    /// Rater name used by `assess` when `--rater` is not given.
    pub default_rater: Option<String>,
    /// The appraisal cycle: the calendar year unless `[cycle]` says otherwise.
    pub cycle: CycleRule,
    /// Whether `[cycle]` is written in the settings: then a pack's next
    /// review falls on the cycle's due day; without it, a year after the
    /// meeting (`report::plan::next_review`).
    pub cycle_given: bool,
    /// Years a person's records are kept after they leave (1 to 100).
    pub retention_years: Option<u16>,
    /// How many peers must have rated a competency before reports about a
    /// person show peers' ratings (as an aggregate only).
    pub peer_minimum: PeerMinimum,
}

/// The fewest peers whose ratings of a competency a report about a person
/// shows, as count, median and range: fewer could single one out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct PeerMinimum(pub u32);

impl PeerMinimum {
    pub(crate) const DEFAULT: PeerMinimum = PeerMinimum(3);
}

impl Default for PeerMinimum {
    fn default() -> Self {
        PeerMinimum::DEFAULT
    }
}

/// `retention-years`, checked: whole years from 1 to 100.
fn retention(out: &mut Collector<'_>, years: &Spanned<i64>) -> Option<u16> {
    let checked = u16::try_from(*years.get_ref())
        .ok()
        .filter(|y| (1..=100).contains(y));
    if checked.is_none() {
        out.error(
            Code::InvalidValue,
            At::Span(years.span()),
            "retention-years",
            format!("{} is not a number of years from 1 to 100", years.get_ref()),
        );
    }
    checked
}

/// A day of the year, month and day, that exists in some year (29 February
/// included).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct MonthDay {
    month: i8,
    day: i8,
}

impl MonthDay {
    /// `month` and `day` when some year has that day.
    pub(crate) fn new(month: i8, day: i8) -> Option<MonthDay> {
        // A leap year has every real month and day.
        Date::new(2024, month, day)
            .ok()
            .map(|_| MonthDay { month, day })
    }

    /// `MM-DD` (e.g. `04-01`), exactly two digits each.
    pub(crate) fn parse(text: &str) -> Option<MonthDay> {
        let (m, d) = text.trim().split_once('-')?;
        let digits = |s: &str| s.len() == 2 && s.bytes().all(|b| b.is_ascii_digit());
        if !digits(m) || !digits(d) {
            return None;
        }
        MonthDay::new(m.parse().ok()?, d.parse().ok()?)
    }

    /// This day in `year`; 29 February is the 28th in other years.
    pub(crate) fn in_year(self, year: i16) -> Date {
        Date::new(year, self.month, self.day)
            .or_else(|_| Date::new(year, self.month, self.day - 1))
            .unwrap_or_default()
    }
}

impl std::fmt::Display for MonthDay {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:02}-{:02}", self.month, self.day)
    }
}

/// How a workspace's appraisal cycle runs: it starts each year on a month
/// and day, and assessments are due by a month and day within it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct CycleRule {
    pub starts: MonthDay,
    /// The due day; `None`: the cycle's last day.
    pub due: Option<MonthDay>,
}

impl CycleRule {
    /// The calendar year, due on its last day: the rule when the settings
    /// give none.
    pub(crate) const CALENDAR_YEAR: CycleRule = CycleRule {
        starts: MonthDay { month: 1, day: 1 },
        due: None,
    };
}

impl CycleRule {
    /// The cycle `init --cycle-start` asks for: starting on the day given
    /// (`MM-DD`), else on 1 January; due on its last day.
    pub(crate) fn starting(start: Option<&str>) -> Result<CycleRule, crate::error::Error> {
        let Some(text) = start else {
            return Ok(CycleRule::CALENDAR_YEAR);
        };
        let starts = MonthDay::parse(text).ok_or_else(|| {
            crate::error::Error::from(
                crate::error::Request::refused(format!(
                    "`{}` is not a month and day (use MM-DD, e.g. 04-01 for 1 April)",
                    crate::text::escape_controls(text)
                ))
                .on(crate::error::Field::CycleStart),
            )
        })?;
        Ok(CycleRule { starts, due: None })
    }

    /// The cycle in words, as `init` says it: `appraisal cycle: 1 April to
    /// 31 March, reviews due by 31 March (…)`.
    pub(crate) fn said(self, by_default: bool) -> String {
        let day = |d: Date| d.strftime("%-d %B").to_string();
        let start = self.starts.in_year(2025);
        let end = self.starts.in_year(2026).yesterday().unwrap_or(start);
        let due = self.due.map_or(end, |d| d.in_year(2025));
        if by_default {
            format!(
                "appraisal cycle: the calendar year, reviews due by {}\n\
                 \x20 (a pack's next review: a year after its meeting; another cycle:\n\
                 \x20 init --cycle-start MM-DD, or [cycle] in competency.toml)",
                day(due)
            )
        } else {
            format!(
                "appraisal cycle: {} to {}, reviews due by {} ([cycle] in competency.toml)",
                day(start),
                day(end),
                day(due)
            )
        }
    }
}

impl Default for CycleRule {
    fn default() -> Self {
        CycleRule::CALENDAR_YEAR
    }
}

/// The settings as `init` writes them.
#[derive(Serialize)]
#[serde(rename_all = "kebab-case")]
struct Written<'a> {
    name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    default_framework: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    default_rater: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    retention_years: Option<u16>,
    #[serde(skip_serializing_if = "Option::is_none")]
    cycle: Option<WrittenCycle>,
    #[serde(skip_serializing_if = "Option::is_none")]
    peer_minimum: Option<u32>,
}

#[derive(Serialize)]
struct WrittenCycle {
    starts: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    due: Option<String>,
}

impl Settings {
    /// Settings from the text of `competency.toml` (`file`, for messages):
    /// parsed with the place of every value, then checked; every problem is
    /// returned, each at its place. `framework_exists` says whether a
    /// framework id names a framework the workspace can use.
    pub(crate) fn from_text(
        file: &Path,
        text: &str,
        framework_exists: &dyn Fn(&str) -> bool,
    ) -> Result<Settings, Vec<Diagnostic>> {
        let raw: RawSettings = parse_toml(file, text).map_err(|d| vec![d])?;
        let mut out = Collector::new(file, Some(text));
        let mut checked_text = |key: &str, value: Option<Spanned<String>>| {
            let value = value?;
            if let Some(c) = crate::text::find_control(value.get_ref()) {
                out.error(
                    Code::ControlCharacter,
                    At::Span(value.span()),
                    key,
                    format!(
                        "the text holds a control character ({}), {}",
                        crate::text::escape_controls(&c.to_string()),
                        crate::text::control_risk(c)
                    ),
                );
            }
            Some(value.into_inner())
        };
        let name = checked_text("name", raw.name).unwrap_or_default();
        let default_rater = checked_text("default-rater", raw.default_rater);
        let default_framework = raw.default_framework.map(|id| {
            if !framework_exists(id.get_ref()) {
                out.error(
                    Code::UnknownFramework,
                    At::Span(id.span()),
                    "default-framework",
                    format!("unknown framework `{}`", id.get_ref().escape_debug()),
                )
                .help("`competency frameworks` lists the frameworks");
            }
            id.into_inner()
        });
        let retention_years = raw.retention_years.and_then(|y| retention(&mut out, &y));
        let mut day = |key: &str, value: &Spanned<String>| {
            let day = MonthDay::parse(value.get_ref());
            if day.is_none() {
                out.error(
                    Code::BadDate,
                    At::Span(value.span()),
                    key,
                    format!(
                        "`{}` is not a month and day (use MM-DD, e.g. 04-01 for 1 April)",
                        value.get_ref().escape_debug()
                    ),
                );
            }
            day
        };
        let cycle_given = raw.cycle.is_some();
        let cycle = match raw.cycle {
            None => Some(CycleRule::CALENDAR_YEAR),
            Some(cycle) => {
                let starts = day("cycle.starts", &cycle.starts);
                let due = cycle.due.as_ref().map(|due| day("cycle.due", due));
                match (starts, due) {
                    (Some(starts), None) => Some(CycleRule { starts, due: None }),
                    (Some(starts), Some(Some(due))) => Some(CycleRule {
                        starts,
                        due: Some(due),
                    }),
                    _ => None,
                }
            }
        };
        let peer_minimum = match raw.peer_minimum {
            None => PeerMinimum::DEFAULT,
            Some(n) => match u32::try_from(*n.get_ref()) {
                Ok(n) if n >= 2 => PeerMinimum(n),
                _ => {
                    out.error(
                        Code::InvalidValue,
                        At::Span(n.span()),
                        "peer-minimum",
                        format!(
                            "`{}` is not a number of peers of 2 or more (fewer could single one out)",
                            n.get_ref()
                        ),
                    );
                    PeerMinimum::DEFAULT
                }
            },
        };
        match cycle {
            Some(cycle) if !out.has_errors() => Ok(Settings {
                name,
                default_framework,
                default_rater,
                cycle,
                cycle_given,
                retention_years,
                peer_minimum,
            }),
            _ => Err(out.finish()),
        }
    }

    /// The text of `competency.toml` for these settings, a comment first.
    pub(crate) fn to_text(&self) -> Result<String, toml::ser::Error> {
        let written = Written {
            name: &self.name,
            default_framework: self.default_framework.as_deref(),
            default_rater: self.default_rater.as_deref(),
            retention_years: self.retention_years,
            cycle: (self.cycle_given || self.cycle != CycleRule::CALENDAR_YEAR).then(|| {
                WrittenCycle {
                    starts: self.cycle.starts.to_string(),
                    due: self.cycle.due.map(|d| d.to_string()),
                }
            }),
            peer_minimum: (self.peer_minimum != PeerMinimum::DEFAULT)
                .then_some(self.peer_minimum.0),
        };
        Ok(format!(
            "# Settings of this competency workspace.\n{}",
            toml::to_string(&written)?
        ))
    }
}

/// One cycle: its first and last day, the due day, and the day of the report.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub(crate) struct Cycle {
    #[serde(serialize_with = "iso")]
    pub start: Date,
    #[serde(serialize_with = "iso")]
    pub end: Date,
    #[serde(serialize_with = "iso")]
    pub due: Date,
    #[serde(serialize_with = "iso")]
    pub as_of: Date,
}

/// A day as `YYYY-MM-DD`.
#[allow(clippy::trivially_copy_pass_by_ref)] // serde's serialize_with passes a reference
fn iso<S: serde::Serializer>(date: &Date, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(date)
}

/// The cycle `as_of` falls in.
pub(crate) fn cycle(rule: CycleRule, as_of: Date) -> Cycle {
    let this_year = rule.starts.in_year(as_of.year());
    let start = if this_year <= as_of {
        this_year
    } else {
        rule.starts.in_year(as_of.year() - 1)
    };
    let next = rule.starts.in_year(start.year() + 1);
    let end = next.yesterday().unwrap_or(next);
    let due = match rule.due {
        None => end,
        Some(md) => {
            let first = md.in_year(start.year());
            if first >= start {
                first
            } else {
                md.in_year(start.year() + 1)
            }
        }
    };
    Cycle {
        start,
        end,
        due,
        as_of,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Result<Settings, Vec<Diagnostic>> {
        Settings::from_text(Path::new(FILE), text, &|id| id == "wdcvs")
    }

    #[test]
    fn a_month_and_day_must_exist() {
        assert_eq!(MonthDay::parse("04-01"), MonthDay::new(4, 1));
        assert!(MonthDay::parse("02-29").is_some());
        for text in ["02-30", "4-1", "13-01", "00-10", "+4-01", "04-1x", ""] {
            assert_eq!(MonthDay::parse(text), None, "{text:?}");
        }
        assert_eq!(
            MonthDay::new(2, 29).map(|d| d.in_year(2027)),
            Some(jiff::civil::date(2027, 2, 28))
        );
    }

    #[test]
    fn settings_are_read_with_a_typed_cycle() {
        let settings = read(
            "name = \"Wellbeing\"\ndefault-framework = \"wdcvs\"\n\n[cycle]\nstarts = \"04-01\"\ndue = \"03-01\"\n",
        )
        .unwrap();
        assert_eq!(settings.name, "Wellbeing");
        assert_eq!(settings.default_framework.as_deref(), Some("wdcvs"));
        assert_eq!(
            settings.cycle,
            CycleRule {
                starts: MonthDay::new(4, 1).unwrap(),
                due: MonthDay::new(3, 1),
            }
        );
        // No [cycle]: the calendar year, said once, here.
        assert_eq!(
            read("name = \"x\"\n").unwrap().cycle,
            CycleRule::CALENDAR_YEAR
        );
    }

    #[test]
    fn every_problem_is_found_at_its_own_place() {
        let text = "name = \"a\\u0007b\"\ndefault-framework = \"nope\"\n# a comment naming due = \"x\"\n[cycle]\nstarts = \"04-31\"\ndue = \"3-1\"\n";
        let problems = read(text).unwrap_err();
        let found: Vec<(String, String, usize, usize)> = problems
            .iter()
            .map(|d| {
                let l = d.location.unwrap();
                (
                    d.code.to_string(),
                    d.key.clone().unwrap_or_default(),
                    l.line,
                    l.column,
                )
            })
            .collect();
        assert_eq!(
            found,
            [
                ("control-character", "name", 1, 8),
                ("unknown-framework", "default-framework", 2, 21),
                ("bad-date", "cycle.starts", 5, 10),
                ("bad-date", "cycle.due", 6, 7),
            ]
            .map(|(c, k, l, col)| (c.to_owned(), k.to_owned(), l, col))
        );
    }

    #[test]
    fn a_retention_period_is_whole_years_from_1_to_100() {
        assert_eq!(
            read("name = \"x\"\nretention-years = 6\n")
                .unwrap()
                .retention_years,
            Some(6)
        );
        for bad in ["0", "101", "-3", "70000"] {
            let problems = read(&format!("name = \"x\"\nretention-years = {bad}\n")).unwrap_err();
            assert_eq!(problems[0].code.to_string(), "invalid-value", "{bad}");
        }
        assert!(read("name = \"x\"\nretention-years = \"six\"\n").is_err());
    }

    #[test]
    fn written_settings_read_back_the_same() {
        for settings in [
            Settings {
                name: "Team \"A\"".to_owned(),
                default_framework: Some("wdcvs".to_owned()),
                ..Settings::default()
            },
            Settings {
                name: "calendar".to_owned(),
                cycle_given: true,
                ..Settings::default()
            },
            Settings {
                name: "x".to_owned(),
                peer_minimum: PeerMinimum(5),
                default_rater: Some("Sam Lee".to_owned()),
                cycle: CycleRule {
                    starts: MonthDay::new(4, 1).unwrap(),
                    due: MonthDay::new(2, 29),
                },
                cycle_given: true,
                retention_years: Some(6),
                ..Settings::default()
            },
        ] {
            assert_eq!(read(&settings.to_text().unwrap()).unwrap(), settings);
        }
    }
}
