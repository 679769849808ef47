//! Loading framework and role files: bytes -> text -> `Raw*` (serde) -> checked
//! model. YAML is read here and nowhere else. Every problem becomes a located
//! [`Diagnostic`]; nothing here prints.

mod check;
pub(crate) mod raw;

use std::fmt::Write as _;
use std::path::Path;

use serde::de::DeserializeOwned;
use sha2::{Digest, Sha256};

use crate::diagnostic::{Diagnostic, Location};
use crate::model::{Framework, RoleProfile};

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
}

/// Files larger than this are refused before parsing: no framework, role or
/// record file comes near it, and it keeps a mistaken path from eating memory.
pub const MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;

/// Read a user file as text: refuses huge files and invalid UTF-8 (naming the
/// line and column of the first bad byte) and drops a leading byte-order mark.
pub fn read_text(file: &Path) -> Result<String, Diagnostic> {
    let too_large = |size: u64| {
        Diagnostic::error(
            "file-too-large",
            file,
            format!(
                "the file is {} MiB; files over {} MiB are refused",
                size / (1024 * 1024),
                MAX_FILE_BYTES / (1024 * 1024)
            ),
        )
    };
    let unreadable = |e: std::io::Error| {
        Diagnostic::error(
            "unreadable-file",
            file,
            format!("cannot read the file: {}", io_reason(&e)),
        )
    };
    // Read at most one byte past the limit: a huge file is refused without
    // being read whole, and a small one costs no extra `stat`.
    let handle = std::fs::File::open(file).map_err(unreadable)?;
    // Room for a typical file up front, so the read needs no small probe first.
    let mut bytes = Vec::with_capacity(8192);
    std::io::Read::read_to_end(
        &mut std::io::Read::take(&handle, MAX_FILE_BYTES + 1),
        &mut bytes,
    )
    .map_err(unreadable)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        let size = handle.metadata().map_or(MAX_FILE_BYTES + 1, |m| m.len());
        return Err(too_large(size));
    }
    text_from_bytes(file, bytes)
}

/// Decode `bytes` as UTF-8 text, as [`read_text`] does.
pub fn text_from_bytes(file: &Path, bytes: Vec<u8>) -> Result<String, Diagnostic> {
    match String::from_utf8(bytes) {
        Ok(mut text) => {
            if text.starts_with('\u{feff}') {
                text.drain(..'\u{feff}'.len_utf8());
            }
            Ok(text)
        }
        Err(e) => {
            let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
            let before = String::from_utf8_lossy(valid);
            let line = before.matches('\n').count() + 1;
            let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
            let byte = e.as_bytes().get(valid.len()).copied().unwrap_or_default();
            let location = Location {
                line,
                column,
                length: 1,
            };
            Err(Diagnostic::error(
                "not-utf8",
                file,
                format!("the file is not UTF-8 text (byte 0x{byte:02x}); save it as UTF-8"),
            )
            .at(Some(location), None))
        }
    }
}

/// A plain-words reason for an I/O error, without Rust's `(os error 2)`.
pub fn io_reason(e: &std::io::Error) -> String {
    use std::io::ErrorKind;
    match e.kind() {
        ErrorKind::NotFound => "no such file or folder".to_owned(),
        ErrorKind::PermissionDenied => "permission denied".to_owned(),
        ErrorKind::IsADirectory => "it is a folder, not a file".to_owned(),
        _ => {
            let text = e.to_string();
            match text.find(" (os error") {
                Some(i) => text[..i].to_owned(),
                None => text,
            }
        }
    }
}

/// Parse YAML into `T`: the project's one YAML entry point. Budgets guard
/// against alias bombs and deep nesting; duplicate keys are refused.
pub(crate) fn parse_yaml<T: DeserializeOwned>(file: &Path, source: &str) -> Result<T, Diagnostic> {
    if source.trim().is_empty() {
        return Err(Diagnostic::error("empty-file", file, "the file is empty"));
    }
    let options = serde_saphyr::options! {
        budget: serde_saphyr::budget! {
            max_depth: 32,
            max_documents: 1,
            max_aliases: 1_000,
            max_nodes: 200_000,
        },
    };
    let mut path = String::new();
    let result = serde_saphyr::with_deserializer_from_str_with_options(source, options, |de| {
        serde_path_to_error::deserialize::<_, T>(de).map_err(|e| {
            path = e.path().to_string();
            e.into_inner()
        })
    });
    result.map_err(|e| yaml_diagnostic(file, source, &path, &e))
}

fn yaml_diagnostic(
    file: &Path,
    source: &str,
    path: &str,
    error: &serde_saphyr::Error,
) -> Diagnostic {
    use serde_saphyr::Error as E;
    let inner = innermost(error);
    let code = match inner {
        E::SerdeUnknownField { .. } => "unknown-key",
        E::SerdeMissingField { .. } => "missing-key",
        E::DuplicateMappingKey { .. } => "duplicate-key",
        E::MultipleDocuments { .. }
        | E::Budget {
            breach: serde_saphyr::budget::BudgetBreach::Documents { .. },
            ..
        } => "multiple-documents",
        E::Budget { .. }
        | E::AliasReplayLimitExceeded { .. }
        | E::AliasExpansionLimitExceeded { .. }
        | E::AliasReplayStackDepthExceeded { .. }
        | E::AliasReplayCounterOverflow { .. } => "too-complex",
        E::SerdeInvalidType { .. }
        | E::SerdeInvalidValue { .. }
        | E::SerdeInvalidLength { .. }
        | E::SerdeUnknownVariant { .. }
        | E::NullIntoString { .. }
        | E::InvalidScalar { .. }
        | E::InvalidBooleanStrict { .. }
        | E::Unexpected { .. } => "wrong-type",
        _ => "syntax",
    };
    let message = yaml_message(inner, code, source.contains('\t'));
    let location = error.location().map(|l| Location {
        line: usize::try_from(l.line()).unwrap_or(usize::MAX),
        column: usize::try_from(l.column()).unwrap_or(usize::MAX),
        length: usize::try_from(l.span().len()).unwrap_or(1).clamp(1, 80),
    });
    Diagnostic::error(code, file, message)
        .with_key(clean_path(path))
        .at(location.filter(|l| l.line > 0), Some(source))
}

/// A serde path as a key: without the `value` field of `Spanned` wrappers and
/// without `?` for positions serde could not name.
fn clean_path(path: &str) -> String {
    let mut key = path
        .replace(".$__serde_spanned_private_value", "")
        .replace(".value", "");
    if let Some(i) = key.find('?') {
        key.truncate(i);
    }
    key.trim_end_matches('.').trim_start_matches('.').to_owned()
}

fn innermost(error: &serde_saphyr::Error) -> &serde_saphyr::Error {
    use serde_saphyr::Error as E;
    match error.without_snippet() {
        E::AliasError { error, .. } => innermost(error),
        other => other,
    }
}

/// The parser's message in our style: lowercase, no location suffix (the
/// diagnostic carries the location), no trailing period, and in words a
/// framework author knows rather than serde's.
fn yaml_message(error: &serde_saphyr::Error, code: &str, has_tabs: bool) -> String {
    use serde_saphyr::{Error as E, budget::BudgetBreach};
    match error {
        E::Budget { breach, .. } => {
            return match breach {
                BudgetBreach::Documents { .. } => {
                    "the file holds more than one YAML document (a `---` line); keep one per file"
                        .to_owned()
                }
                BudgetBreach::Depth { .. } => "the YAML is nested too deeply".to_owned(),
                BudgetBreach::Aliases { .. } => {
                    "the YAML uses too many aliases (`*name`); write the values out".to_owned()
                }
                _ => "the YAML is too large or expands too much to be read safely".to_owned(),
            };
        }
        E::NullIntoString { .. } => return "expected text, found an empty value".to_owned(),
        _ => {}
    }
    let rendered = error.render_with_formatter(&serde_saphyr::UserMessageFormatter);
    let mut text = rendered
        .lines()
        .next()
        .unwrap_or_default()
        .trim()
        .to_owned();
    if let Some(i) = text.find(" at line ") {
        text.truncate(i);
    }
    let text = text.trim_end_matches('.');
    let mut text = text
        .replace("expected string scalar", "expected text")
        .replace(
            "expected mapping start",
            "expected a mapping of `key: value` lines",
        )
        .replace(
            "expected sequence start",
            "expected a list (`- item` lines)",
        )
        .replace("duplicate mapping key", "duplicate key")
        .replace("unknown field", "unknown key")
        .replace("missing field", "missing key")
        .replace(" is not allowed here", "");
    if text.starts_with("invalid i") || text.starts_with("invalid u") {
        "expected a whole number".clone_into(&mut text);
    }
    if code == "too-complex" {
        text = format!("the YAML expands too much to be read safely ({text})");
    }
    if code == "syntax" && has_tabs && text.contains("tab") {
        text.push_str(" (YAML indents with spaces, not tabs)");
    }
    lowercase_first(&text)
}

/// `Expected x` -> `expected x`, but `YAML x` stays as it is.
fn lowercase_first(text: &str) -> String {
    let mut chars = text.chars();
    match (chars.next(), chars.next()) {
        (Some(first), Some(second)) if !second.is_uppercase() => {
            first.to_lowercase().chain(text.chars().skip(1)).collect()
        }
        (None, _) => "the file could not be read".to_owned(),
        _ => text.to_owned(),
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
    let json = serde_json::to_vec(&rated).unwrap_or_default();
    let digest = Sha256::digest(&json);
    let mut fingerprint = String::from("sha256:");
    for byte in digest.iter().take(8) {
        let _ = write!(fingerprint, "{byte:02x}");
    }
    fingerprint
}

/// Load a framework from YAML text. `expected_id` is the id the file name
/// implies (`frameworks/wdcvs.yaml` -> `wdcvs`), checked against the file's `id`.
pub fn framework_from_str(
    file: &Path,
    source: &str,
    expected_id: Option<&str>,
) -> Loaded<Framework> {
    match parse_yaml::<raw::RawFramework>(file, source) {
        Ok(raw) => check::framework(file, source, &raw, expected_id),
        Err(d) => Loaded {
            value: None,
            diagnostics: vec![d],
        },
    }
}

/// Load a framework file from disk.
pub fn framework_from_file(file: &Path) -> Loaded<Framework> {
    let expected = file.file_stem().and_then(|s| s.to_str());
    match read_text(file) {
        Ok(text) => framework_from_str(file, &text, expected),
        Err(d) => Loaded {
            value: None,
            diagnostics: vec![d],
        },
    }
}

/// Load a `roles/*.yaml` file; `framework` finds a framework by id.
pub fn roles_from_str<'f>(
    file: &Path,
    source: &str,
    framework: &dyn Fn(&str) -> Option<&'f Framework>,
) -> Loaded<Vec<RoleProfile>> {
    match parse_yaml::<raw::RawRoleFile>(file, source) {
        Ok(raw) => check::role_file(file, source, &raw, framework),
        Err(d) => Loaded {
            value: None,
            diagnostics: vec![d],
        },
    }
}

/// Collapse runs of whitespace to single spaces and trim: the source's words,
/// whatever the line wrapping of the file.
pub fn normalise(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Parse TOML into `T`: the one TOML entry point, with the same located
/// diagnostics as YAML.
pub(crate) fn parse_toml<T: DeserializeOwned>(file: &Path, source: &str) -> Result<T, Diagnostic> {
    // The fast path: most files are fine. Only a failure is parsed again,
    // tracking the key path, to say where the problem is.
    if let Ok(value) = toml::from_str::<T>(source) {
        return Ok(value);
    }
    let mut path = String::new();
    let result = toml::de::Deserializer::parse(source).and_then(|de| {
        serde_path_to_error::deserialize::<_, T>(de).map_err(|e| {
            path = e.path().to_string();
            e.into_inner()
        })
    });
    result.map_err(|e| toml_diagnostic(file, source, &path, &e))
}

fn toml_diagnostic(file: &Path, source: &str, path: &str, error: &toml::de::Error) -> Diagnostic {
    let message = error.message().trim().trim_end_matches('.').to_owned();
    let (code, mut message) = if message.contains("recurse") {
        (
            "too-complex",
            "the file is nested too deeply to be read safely".to_owned(),
        )
    } else {
        (toml_code(&message, path), message)
    };
    // Say what is expected in words a person preparing a record knows.
    for (from, to) in [
        ("unknown variant", "unknown value"),
        ("expected a string", "expected text"),
        ("expected u32", "expected a whole number"),
        ("expected u64", "expected a whole number"),
        ("expected i64", "expected a whole number"),
    ] {
        message = message.replace(from, to);
    }
    if code == "duplicate-key"
        && let Some(key) = error
            .span()
            .and_then(|span| source.get(span.start..))
            .and_then(|rest| rest.lines().next())
            .and_then(|line| line.split('=').next())
            .map(str::trim)
            .filter(|k| !k.is_empty())
    {
        message = format!("duplicate key `{key}`");
    }
    toml_located(file, source, path, error, code, &message)
}

fn toml_code(message: &str, path: &str) -> &'static str {
    if message.starts_with("unknown field") || message.starts_with("unknown key") {
        "unknown-key"
    } else if message.starts_with("missing field") || message.starts_with("missing key") {
        "missing-key"
    } else if message.contains("duplicate key") {
        "duplicate-key"
    } else if message.starts_with("invalid type") || message.starts_with("invalid value") {
        "wrong-type"
    } else if path.is_empty() || path == "." {
        "syntax"
    } else {
        "invalid-value"
    }
}

fn toml_located(
    file: &Path,
    source: &str,
    path: &str,
    error: &toml::de::Error,
    code: &'static str,
    message: &str,
) -> Diagnostic {
    let location = error.span().map(|span| {
        let start = span.start.min(source.len());
        let before = source.get(..start).unwrap_or_default();
        let line = before.matches('\n').count() + 1;
        let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        let length = source
            .get(start..span.end.min(source.len()))
            .map_or(1, |s| s.lines().next().map_or(1, |l| l.chars().count()));
        Location {
            line,
            column,
            length: length.clamp(1, 80),
        }
    });
    let message = lowercase_first(
        &message
            .replace("unknown field", "unknown key")
            .replace("missing field", "missing key"),
    );
    Diagnostic::error(code, file, message)
        .with_key(clean_path(path))
        .at(location, Some(source))
}
