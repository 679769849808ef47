//! Loading framework and role files: text -> `Raw*` (serde) -> checked model.
//! Every problem becomes a located [`Diagnostic`]; nothing here prints.

pub(crate) mod adapt;
pub(crate) mod raw;
mod rules;

pub(crate) use rules::location;

use std::path::Path;

use crate::diagnostic::Diagnostic;
use crate::model::{Framework, Origin, RoleProfile};
use crate::parse::parse_yaml;

/// What a load produced: the value when it could be built, and every problem found.
#[derive(Debug)]
pub struct Loaded<T> {
    pub value: Option<T>,
    pub diagnostics: Vec<Diagnostic>,
}

impl<T> Loaded<T> {
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }

    /// The value, if it was built without errors.
    pub fn ok(self) -> Result<T, Vec<Diagnostic>> {
        match self.value {
            Some(value) if !self.diagnostics.iter().any(Diagnostic::is_error) => Ok(value),
            _ => Err(self.diagnostics),
        }
    }

    fn failed(diagnostic: Diagnostic) -> Self {
        Loaded {
            value: None,
            diagnostics: vec![diagnostic],
        }
    }
}

/// The fingerprint of what ratings are made against: the scale's levels and
/// every competency with its indicators. Names, notes and roles do not count,
/// so fixing a publisher's name does not flag every record as out of date.
pub(crate) fn fingerprint(framework: &Framework) -> String {
    #[derive(serde::Serialize)]
    struct Rated<'a> {
        levels: Vec<(&'a str, u32)>,
        competencies: &'a [crate::model::Competency],
    }
    let rated = Rated {
        levels: framework
            .scale
            .levels
            .iter()
            .map(|l| (l.code.as_str(), l.rank))
            .collect(),
        competencies: &framework.competencies,
    };
    crate::digest::sha256(&serde_json::to_vec(&rated).unwrap_or_default(), 8)
}

/// Load a framework from YAML text. `expected_id` is the id the file name
/// implies (`frameworks/wdcvs.yaml` -> `wdcvs`), checked against the file's
/// `id`.
pub fn framework_from_str(
    file: &Path,
    source: &str,
    expected_id: Option<&str>,
) -> Loaded<Framework> {
    framework_from(file, source, expected_id, &Origin::File(file.to_path_buf()))
}

/// [`framework_from_str`], with where the text came from (given to the
/// roles it defines).
pub(crate) fn framework_from(
    file: &Path,
    source: &str,
    expected_id: Option<&str>,
    origin: &Origin,
) -> Loaded<Framework> {
    match parse_yaml::<raw::RawFramework>(file, source) {
        Ok(raw) => rules::framework(file, source, &raw, expected_id, origin),
        Err(d) => Loaded::failed(d),
    }
}

/// Load a `roles/*.yaml` file; `framework` finds a framework by id.
pub fn roles_from_str<'f>(
    file: &Path,
    source: &str,
    framework: &dyn Fn(&str) -> Option<&'f Framework>,
) -> Loaded<Vec<RoleProfile>> {
    match parse_yaml::<raw::RawRoleFile>(file, source) {
        Ok(raw) => rules::role_file(file, source, &raw, framework),
        Err(d) => Loaded::failed(d),
    }
}
