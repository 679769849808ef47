//! Which days the tool accepts, decided in one place. Every day given on the
//! command line (`--date`, `--as-of`, `--left`, `--next-review`) or read
//! from an imported table or the roster (a rating's `date`, a person's
//! `left`) goes through [`accept`], so a year typed as 2999 or 0001 is
//! refused in one sentence instead of being written down or reported on.
//! Dates in records already written are checked by `record::rules`.

use jiff::civil::Date;

/// The first and last year of any day accepted. Nobody's assessment,
/// appraisal or leaving date falls outside them, and inside them every
/// cycle and every date prints with four digits.
pub(crate) const FIRST_YEAR: i16 = 1900;
pub(crate) const LAST_YEAR: i16 = 2100;

/// How many years ahead of today a leaving date may be. Notice periods run
/// weeks to months; a fixed-term contract's end or a retirement is seldom
/// known further ahead. A later date is far more often a mistyped year
/// (2062 for 2026), and the real one can be entered when it comes nearer.
pub(crate) const LEAVING_YEARS_AHEAD: i16 = 2;

/// What a day is for, which decides how far from today it may be.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    /// A day to look at or plan for (`--as-of`, `--next-review`): any day
    /// of the years accepted.
    Any,
    /// A day that has come: an assessment's day, or the day an import marks
    /// the people missing from it as having left.
    NotFuture,
    /// A leaving date: up to [`LEAVING_YEARS_AHEAD`] years ahead.
    Leaving,
}

/// Why a day is refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Refused {
    /// Not `YYYY-MM-DD`, or a day that does not exist (the text as given).
    NotADate(String),
    Future(Date),
    /// A leaving date beyond the latest accepted today.
    TooFarAhead {
        day: Date,
        latest: Date,
    },
    /// A year outside [`FIRST_YEAR`]..=[`LAST_YEAR`].
    OutOfRange(Date),
}

impl std::fmt::Display for Refused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Refused::NotADate(text) => write!(
                f,
                "`{}` is not a date: use YYYY-MM-DD, e.g. 2026-11-24",
                text.trim().escape_debug()
            ),
            Refused::Future(day) => write!(f, "the date {day} is in the future"),
            Refused::TooFarAhead { day, latest } => write!(
                f,
                "the leaving date {day} is more than {LEAVING_YEARS_AHEAD} years ahead: it can be at most {latest}; enter it when it is nearer"
            ),
            Refused::OutOfRange(day) => write!(
                f,
                "the date {day} is outside the years {FIRST_YEAR} to {LAST_YEAR}"
            ),
        }
    }
}

/// `text` as a day of this kind, or why it is refused.
pub(crate) fn accept(text: &str, kind: Kind, today: Date) -> Result<Date, Refused> {
    let Some(day) = strict_date(text) else {
        return Err(Refused::NotADate(text.to_owned()));
    };
    match kind {
        Kind::NotFuture if day > today => return Err(Refused::Future(day)),
        Kind::Leaving => {
            let latest = latest_leaving(today);
            if day > latest {
                return Err(Refused::TooFarAhead { day, latest });
            }
        }
        Kind::Any | Kind::NotFuture => {}
    }
    if !(FIRST_YEAR..=LAST_YEAR).contains(&day.year()) {
        return Err(Refused::OutOfRange(day));
    }
    Ok(day)
}

/// A day given for `field`, when it was given: checked, or refused naming
/// the field.
pub(crate) fn given(
    field: crate::error::Field,
    text: Option<&str>,
    kind: Kind,
    today: Date,
) -> crate::error::Result<Option<Date>> {
    text.map(|text| {
        accept(text, kind, today).map_err(|r| {
            crate::error::Request::refused(r.to_string())
                .on(field)
                .into()
        })
    })
    .transpose()
}

/// The latest leaving date accepted today.
pub(crate) fn latest_leaving(today: Date) -> Date {
    today
        .checked_add(jiff::Span::new().years(LEAVING_YEARS_AHEAD))
        .unwrap_or(today)
}

/// Today, by the clock and time zone of the machine.
pub(crate) fn today() -> Date {
    jiff::ZonedDateTime::now().date()
}

/// The day `years` years before `day` (28 February for 29 February in
/// other years): under a retention period of `years`, people who left
/// before it are kept no longer.
pub(crate) fn years_before(day: Date, years: u16) -> Date {
    day.checked_sub(jiff::Span::new().years(i64::from(years)))
        .unwrap_or(Date::MIN)
}

/// A day written exactly as `YYYY-MM-DD`: a time after it is refused, not dropped.
pub(crate) fn strict_date(text: &str) -> Option<Date> {
    let text = text.trim();
    let shape = text.len() == 10
        && text.bytes().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                b == b'-'
            } else {
                b.is_ascii_digit()
            }
        });
    if shape { text.parse().ok() } else { None }
}

/// A day as `YYYY-MM-DD`, for serde's `serialize_with`: the form every
/// record, review and report writes.
#[allow(clippy::trivially_copy_pass_by_ref)] // serde's serialize_with passes a reference
pub(crate) fn iso<S: serde::Serializer>(date: &Date, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(date)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn years_before_keeps_the_day_or_takes_the_last_of_february() {
        assert_eq!(
            years_before(jiff::civil::date(2026, 12, 3), 6),
            jiff::civil::date(2020, 12, 3)
        );
        assert_eq!(
            years_before(jiff::civil::date(2028, 2, 29), 1),
            jiff::civil::date(2027, 2, 28)
        );
        assert_eq!(
            years_before(jiff::civil::date(2026, 1, 1), 100).year(),
            1926
        );
    }

    fn day(text: &str) -> Date {
        text.parse().unwrap()
    }

    #[test]
    fn each_kind_of_day_has_its_range() {
        let today = day("2026-12-02");
        for (text, kind, accepted) in [
            ("2026-12-02", Kind::NotFuture, true),
            ("2026-12-03", Kind::NotFuture, false),
            ("1899-12-31", Kind::NotFuture, false),
            ("1900-01-01", Kind::NotFuture, true),
            ("2028-12-02", Kind::Leaving, true),
            ("2028-12-03", Kind::Leaving, false),
            ("2999-01-01", Kind::Leaving, false),
            ("1899-12-31", Kind::Leaving, false),
            ("2100-12-31", Kind::Any, true),
            ("2101-01-01", Kind::Any, false),
            ("9999-12-31", Kind::Any, false),
            ("0001-01-01", Kind::Any, false),
            ("2026-02-30", Kind::Any, false),
            ("2026-1-1", Kind::Any, false),
        ] {
            assert_eq!(
                accept(text, kind, today).is_ok(),
                accepted,
                "{text} {kind:?}: {:?}",
                accept(text, kind, today)
            );
        }
    }

    #[test]
    fn a_refusal_names_the_value_and_the_limit() {
        let today = day("2026-12-02");
        assert_eq!(
            accept("2999-01-01", Kind::Leaving, today)
                .unwrap_err()
                .to_string(),
            "the leaving date 2999-01-01 is more than 2 years ahead: it can be at most 2028-12-02; enter it when it is nearer"
        );
        assert_eq!(
            accept("9999-12-31", Kind::Any, today)
                .unwrap_err()
                .to_string(),
            "the date 9999-12-31 is outside the years 1900 to 2100"
        );
        assert_eq!(
            accept("2026-02-30", Kind::Any, today)
                .unwrap_err()
                .to_string(),
            "`2026-02-30` is not a date: use YYYY-MM-DD, e.g. 2026-11-24"
        );
        let e = given(
            crate::error::Field::Left,
            Some("2999-01-01"),
            Kind::Leaving,
            today,
        );
        assert!(matches!(e, Err(crate::error::Error::Request(r))
                if r.field == Some(crate::error::Field::Left)
                    && r.problem.to_string().starts_with("the leaving date 2999-01-01")));
    }
}
