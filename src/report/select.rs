//! Which ratings count: the records of a framework up to a day, without
//! those a correction replaced, and the latest rating of each kind of rater.

use jiff::civil::Date;

use super::Standing;
pub(crate) use crate::checklist::not_yet_at;
use crate::model::Framework;
use crate::record::{Filed, RaterKind, Rating, Record, chain};

/// One rating as it is used in a report, with its record and file.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Used<'a> {
    pub rating: &'a Rating,
    pub record: &'a Record,
    pub file: &'a str,
}

/// The records that count: of `framework`, dated on or before `as_of`, and
/// not superseded by a correction that existed by then; oldest first.
pub(crate) fn current<'a>(
    records: &'a [Filed],
    framework: &str,
    as_of: Option<Date>,
) -> Vec<&'a Filed> {
    let amended = chain::superseded(records, as_of);
    let mut current: Vec<&Filed> = records
        .iter()
        .filter(|f| f.record.framework == framework)
        .filter(|f| as_of.is_none_or(|d| f.record.date <= d))
        .filter(|f| !amended.contains(f.file.as_str()))
        .collect();
    current.sort_by(|a, b| Filed::chronological(a, b));
    current
}

/// The latest rating of `competency` by raters of `kind` (records oldest first).
pub(crate) fn latest<'a>(
    records: &[&'a Filed],
    kind: RaterKind,
    competency: &str,
) -> Option<Used<'a>> {
    records
        .iter()
        .rev()
        .filter(|f| f.record.by == kind)
        .find_map(|f| {
            f.record.rating(competency).map(|rating| Used {
                rating,
                record: &f.record,
                file: &f.file,
            })
        })
}

/// The default rater kind: manager when there is a manager assessment, else self.
pub(crate) fn default_by(records: &[&Filed]) -> RaterKind {
    if records.iter().any(|f| f.record.by == RaterKind::Manager) {
        RaterKind::Manager
    } else {
        RaterKind::SelfAssessment
    }
}

/// `rank(rating) - rank(required)`, and where that leaves the person. A
/// rating below the first level (a checklist that shows the first level not
/// reached) has rank 0: below any requirement, by the whole of it.
pub fn compare(
    framework: &Framework,
    required: &str,
    rating: Option<&Rating>,
) -> (Option<i64>, Standing) {
    let Some(rating) = rating else {
        return (None, Standing::Unrated);
    };
    if rating.not_applicable {
        return (None, Standing::NotApplicable);
    }
    let (Some(have), Some(need)) = (
        rank(framework, Some(rating)),
        framework.scale.rank(required),
    ) else {
        return (None, Standing::Unrated);
    };
    let gap = i64::from(have) - i64::from(need);
    let standing = match gap {
        g if g < 0 => Standing::Below,
        0 => Standing::Meets,
        _ => Standing::Exceeds,
    };
    (Some(gap), standing)
}

/// Whether a rating is below the first level ([`Rating::is_below_first`]).
pub(crate) fn is_below_first(framework: &Framework, rating: &Rating) -> bool {
    rating.is_below_first(framework)
}

/// The rank of a rating's level, if it has one; 0 for a rating below the
/// first level ([`is_below_first`]).
pub(crate) fn rank(framework: &Framework, rating: Option<&Rating>) -> Option<u32> {
    let rating = rating.filter(|r| !r.not_applicable)?;
    match rating.level.as_deref() {
        Some(level) => framework.scale.rank(level),
        None => is_below_first(framework, rating).then_some(0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::Method;
    use crate::report::fixture::framework;

    #[test]
    fn a_checklist_short_of_the_first_level_is_rank_0_and_below_by_the_whole_requirement() {
        let f = framework(true);
        let mut r = Rating::new("one");
        r.method = Method::Checklist;
        r.ticked = vec!["b1".to_owned()];
        assert!(is_below_first(&f, &r));
        assert_eq!(rank(&f, Some(&r)), Some(0));
        assert_eq!(compare(&f, "C", Some(&r)), (Some(-3), Standing::Below));
        assert_eq!(not_yet_at(&f), "not yet at Level A");
        // Left without a level by choice: unrated, not below.
        r.method = Method::Chosen;
        assert!(!is_below_first(&f, &r));
        assert_eq!(compare(&f, "C", Some(&r)), (None, Standing::Unrated));
        // A checklist that reaches a level has it.
        let mut reached = Rating::new("one");
        reached.method = Method::Checklist;
        reached.ticked = vec!["b1".to_owned(), "b2".to_owned()];
        reached.level = Some("B".to_owned());
        assert!(!is_below_first(&f, &reached));
    }

    #[test]
    fn gap_is_antisymmetric_and_its_sign_gives_the_standing() {
        let f = framework(false);
        for have in ["A", "B", "C", "D", "E"] {
            for need in ["A", "B", "C", "D", "E"] {
                let mut r = Rating::new("one");
                r.level = Some(have.to_owned());
                let (gap, standing) = compare(&f, need, Some(&r));
                let mut back = Rating::new("one");
                back.level = Some(need.to_owned());
                let (reverse, _) = compare(&f, have, Some(&back));
                assert_eq!(gap.map(|g| -g), reverse);
                let expected = match gap.unwrap().signum() {
                    -1 => Standing::Below,
                    0 => Standing::Meets,
                    _ => Standing::Exceeds,
                };
                assert_eq!(standing, expected);
            }
        }
    }
}
