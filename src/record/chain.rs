//! How the records of one person's folder relate: a correction names the
//! record it amends (`amends = "file.toml"`), and the corrected record no
//! longer counts. Pure rules over the folder's records: which are superseded,
//! and which links are wrong.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use toml::Spanned;

use super::Filed;
use crate::diagnostic::{Code, Diagnostic, SourceText};

/// Whether a file name is a record's: `*.toml`, not hidden (the temporary
/// files of an interrupted write start with a dot).
pub fn is_record_name(name: &str) -> bool {
    !name.starts_with('.') && Path::new(name).extension().is_some_and(|e| e == "toml")
}

/// The file names of records amended by another record dated on or before
/// `as_of` (all records when `None`).
pub fn superseded<'a>(records: &'a [Filed], as_of: Option<&str>) -> HashSet<&'a str> {
    records
        .iter()
        .filter(|f| as_of.is_none_or(|d| f.record.date.as_str() <= d))
        .filter_map(|f| f.record.amends.as_deref())
        .collect()
}

/// One record file of a folder, as the chain rules see it.
pub struct Link<'a> {
    pub path: &'a Path,
    pub source: &'a str,
    /// Its `amends` value, when it has one and the file could be read.
    pub amends: Option<&'a Spanned<String>>,
}

impl Link<'_> {
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
/// `amends` naming no record in the folder, and two records amending one.
pub fn check(links: &[Link<'_>]) -> Vec<Vec<Diagnostic>> {
    let names: HashSet<String> = links.iter().map(Link::name).collect();
    let mut first_amender: HashMap<&str, String> = HashMap::new();
    links
        .iter()
        .map(|link| {
            let mut problems = Vec::new();
            let Some(amends) = link.amends else {
                return problems;
            };
            let target = amends.get_ref().as_str();
            // A path or a hidden name is a `bad-amends` of the record's own rules.
            if target.contains(['/', '\\']) || target.starts_with('.') {
                return problems;
            }
            if !names.contains(target) {
                problems.push(link.located(
                    Diagnostic::warning(
                        Code::UnknownAmends,
                        link.path,
                        format!(
                            "the record amends `{}`, which is not in the same folder",
                            target.escape_debug()
                        ),
                    ),
                    amends,
                ));
            }
            match first_amender.get(target) {
                Some(first) => problems.push(link.located(
                    Diagnostic::warning(
                        Code::AmendedTwice,
                        link.path,
                        format!(
                            "`{target}` is also amended by `{first}`; reports use the later of the two"
                        ),
                    ),
                    amends,
                )),
                None => {
                    first_amender.insert(target, link.name());
                }
            }
            problems
        })
        .collect()
}
