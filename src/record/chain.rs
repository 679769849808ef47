//! How the records of one person's folder relate: a correction names the
//! record it amends (`amends = "file.toml"`), and the corrected record no
//! longer counts. Pure rules over the folder's records: which are superseded,
//! and which links are wrong.
//!
//! A correction replaces what it amends only when it can be trusted to: a
//! record without a valid checksum (made or changed by hand) never replaces a
//! final record, and records that amend each other replace nothing.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use toml::Spanned;

use super::{Filed, Record, Sealed, Status};
use crate::diagnostic::{Code, Diagnostic, SourceText};

/// Whether a file name is a record's: `*.toml`, not hidden (the temporary
/// files of an interrupted write start with a dot).
pub(crate) fn is_record_name(name: &str) -> bool {
    !name.starts_with('.') && Path::new(name).extension().is_some_and(|e| e == "toml")
}

/// Whether `amending` may replace `amended`.
fn may_replace<R: Sealed>(amending: &R, amended: &R) -> bool {
    amended.status() != Status::Final || amending.checksum_matches() == Some(true)
}

/// The file names in cycles of `amends` links (a record amending itself, two
/// amending each other, or longer loops).
fn in_cycles<'a>(links: &HashMap<&'a str, &'a str>) -> HashSet<&'a str> {
    let mut cyclic = HashSet::new();
    for &start in links.keys() {
        let mut seen = vec![start];
        let mut at = start;
        while let Some(&next) = links.get(at) {
            if next == start {
                cyclic.extend(seen.iter().copied());
                break;
            }
            if seen.contains(&next) {
                break;
            }
            seen.push(next);
            at = next;
        }
    }
    cyclic
}

/// The file names of records replaced by a correction dated on or before
/// `as_of` (all records when `None`).
pub(crate) fn superseded<R: Sealed>(
    records: &[Filed<R>],
    as_of: Option<jiff::civil::Date>,
) -> HashSet<&str> {
    let by_name: HashMap<&str, &R> = records
        .iter()
        .map(|f| (f.file.as_str(), &f.record))
        .collect();
    let links: HashMap<&str, &str> = records
        .iter()
        .filter_map(|f| Some((f.file.as_str(), f.record.amends()?)))
        .collect();
    let cyclic = in_cycles(&links);
    records
        .iter()
        .filter(|f| as_of.is_none_or(|d| f.record.order_key().0 <= d))
        .filter(|f| !cyclic.contains(f.file.as_str()))
        .filter_map(|f| {
            let target = f.record.amends()?;
            let amended = by_name.get(target)?;
            may_replace(&f.record, amended).then_some(target)
        })
        .collect()
}

/// One record file of a folder, as the chain rules see it.
pub(crate) struct Link<'a, R = Record> {
    pub path: &'a Path,
    pub source: &'a str,
    /// Its `amends` value, when it has one and the file could be read.
    pub amends: Option<&'a Spanned<String>>,
    /// The record, when it is complete.
    pub record: Option<&'a R>,
}

impl<R> Link<'_, R> {
    fn name(&self) -> String {
        self.path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default()
    }

    fn located(&self, d: Diagnostic, amends: &Spanned<String>) -> Diagnostic {
        let location = SourceText::new(self.source).location(amends.span());
        d.with_key("amends").at(Some(location), Some(self.source))
    }
}

/// The problems of a folder's links, per record (in the order given): an
/// `amends` naming no record in the folder, two records amending one,
/// records amending each other, and corrections that cannot replace a final
/// record.
pub(crate) fn check<R: Sealed>(links: &[Link<'_, R>]) -> Vec<Vec<Diagnostic>> {
    let names: Vec<String> = links.iter().map(Link::name).collect();
    let by_name: HashMap<&str, &Link<'_, R>> =
        names.iter().map(String::as_str).zip(links.iter()).collect();
    let targets: HashMap<&str, &str> = names
        .iter()
        .zip(links)
        .filter_map(|(name, l)| Some((name.as_str(), l.amends?.get_ref().as_str())))
        .collect();
    let cyclic = in_cycles(&targets);
    let mut first_amender: HashMap<&str, &str> = HashMap::new();
    links
        .iter()
        .zip(&names)
        .map(|(link, name)| {
            let mut problems = Vec::new();
            let Some(amends) = link.amends else {
                return problems;
            };
            let target = amends.get_ref().as_str();
            // A path or a hidden name is a `bad-amends` of the record's own rules.
            if target.contains(['/', '\\']) || target.starts_with('.') {
                return problems;
            }
            let warning = |code, message: String| {
                link.located(Diagnostic::warning(code, link.path, message), amends)
            };
            if cyclic.contains(name.as_str()) {
                let mut d = warning(
                    Code::AmendsCycle,
                    if target == name {
                        "the record amends itself".to_owned()
                    } else {
                        format!("the record amends `{target}`, which leads back to it")
                    },
                );
                d.severity = crate::diagnostic::Severity::Error;
                problems.push(d.with_help(
                    "a correction names an earlier record; make one of them amend nothing",
                ));
                return problems;
            }
            match by_name.get(target) {
                None => problems.push(warning(
                    Code::UnknownAmends,
                    format!(
                        "the record amends `{}`, which is not in the same folder",
                        target.escape_debug()
                    ),
                )),
                Some(amended) => {
                    if let (Some(record), Some(amended)) = (link.record, amended.record)
                        && !may_replace(record, amended)
                    {
                        problems.push(warning(
                            Code::IgnoredCorrection,
                            format!(
                                "the record amends the final record `{target}` but has no valid checksum, so it does not replace it"
                            ),
                        ));
                    }
                }
            }
            match first_amender.get(target) {
                Some(first) => problems.push(warning(
                    Code::AmendedTwice,
                    format!(
                        "`{target}` is also amended by `{first}`; reports use the later of the two"
                    ),
                )),
                None => {
                    first_amender.insert(target, name);
                }
            }
            problems
        })
        .collect()
}

/// The record in `records` that corrects the record named `file`, if any
/// (the latest, when there are several).
pub(crate) fn correction_of<'a, R: Sealed>(
    records: &'a [Filed<R>],
    file: &str,
) -> Option<&'a Filed<R>> {
    records
        .iter()
        .filter(|f| f.record.amends() == Some(file))
        .max_by(|a, b| a.record.order_key().cmp(&b.record.order_key()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::RaterKind;
    use crate::record::fixture::{filed, record};

    fn amending(file: &str, target: &str, sealed: bool) -> Filed {
        let mut r = record(RaterKind::Manager, "2026-02-01", &[("one", Some("A"))]);
        r.amends = Some(target.to_owned());
        if sealed {
            r.checksum = Some(r.content_checksum());
        }
        filed(file, r)
    }

    #[test]
    fn a_correction_replaces_what_it_amends() {
        let records = vec![
            filed("a.toml", record(RaterKind::Manager, "2026-01-01", &[])),
            amending("b.toml", "a.toml", true),
        ];
        assert_eq!(superseded(&records, None), HashSet::from(["a.toml"]));
        assert!(superseded(&records, "2026-01-15".parse().ok()).is_empty());
    }

    #[test]
    fn a_record_without_a_valid_checksum_never_replaces_a_final_record() {
        let records = vec![
            filed("a.toml", record(RaterKind::Manager, "2026-01-01", &[])),
            amending("b.toml", "a.toml", false),
        ];
        assert!(superseded(&records, None).is_empty());
    }

    #[test]
    fn records_that_amend_each_other_replace_nothing() {
        let records = vec![
            amending("a.toml", "b.toml", true),
            amending("b.toml", "a.toml", true),
            amending("c.toml", "c.toml", true),
        ];
        assert!(superseded(&records, None).is_empty());
    }
}
