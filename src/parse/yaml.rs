//! YAML through serde-saphyr, with budgets against alias bombs and deep
//! nesting, duplicate keys refused, and the error's variant deciding the code.

use std::path::Path;

use serde::de::DeserializeOwned;

use super::{clean_path, lowercase_first};
use crate::diagnostic::{Code, Diagnostic, Location};

/// Parse YAML into `T`: the project's one YAML entry point.
pub(crate) fn parse_yaml<T: DeserializeOwned>(file: &Path, source: &str) -> Result<T, Diagnostic> {
    if source.trim().is_empty() {
        return Err(Diagnostic::error(
            Code::EmptyFile,
            file,
            "the file is empty",
        ));
    }
    let options = serde_saphyr::options! {
        budget: serde_saphyr::budget! {
            max_depth: 32,
            max_documents: 1,
            max_aliases: 1_000,
            max_nodes: 200_000,
        },
        // An alias bomb in the shape of a framework (each anchor repeating
        // the one before) passes every type check while it grows: stop it
        // when its aliases have given 50 000 values, far beyond what a
        // framework written by hand repeats, and before the node budget.
        alias_limits: serde_saphyr::alias_limits! {
            max_total_replayed_events: 50_000,
        },
    };
    // Parsed first without tracking the key path (most files are valid;
    // tracking costs a third of a bundled framework's parse), and again
    // with it to say where, only when that fails.
    let quick =
        serde_saphyr::with_deserializer_from_str_with_options(source, options.clone(), |de| {
            T::deserialize(de)
        });
    if let Ok(value) = quick {
        return Ok(value);
    }
    let mut path = String::new();
    let result = serde_saphyr::with_deserializer_from_str_with_options(source, options, |de| {
        serde_path_to_error::deserialize::<_, T>(de).map_err(|e| {
            path = e.path().to_string();
            e.into_inner()
        })
    });
    result.map_err(|e| diagnostic(file, source, &path, &e))
}

fn diagnostic(file: &Path, source: &str, path: &str, error: &serde_saphyr::Error) -> Diagnostic {
    let inner = innermost(error);
    let code = code(inner);
    let message = message(inner, code, source.contains('\t'));
    let location = error.location().map(|l| Location {
        line: usize::try_from(l.line()).unwrap_or(usize::MAX),
        column: usize::try_from(l.column()).unwrap_or(usize::MAX),
        length: usize::try_from(l.span().len()).unwrap_or(1).clamp(1, 80),
    });
    Diagnostic::error(code, file, message)
        .with_key(clean_path(path))
        .at(location.filter(|l| l.line > 0), Some(source))
}

/// The code, from the error's variant.
fn code(error: &serde_saphyr::Error) -> Code {
    use serde_saphyr::Error as E;
    match error {
        E::SerdeUnknownField { .. } => Code::UnknownKey,
        E::SerdeMissingField { .. } => Code::MissingKey,
        E::DuplicateMappingKey { .. } => Code::DuplicateKey,
        E::MultipleDocuments { .. }
        | E::Budget {
            breach: serde_saphyr::budget::BudgetBreach::Documents { .. },
            ..
        } => Code::MultipleDocuments,
        E::Budget { .. }
        | E::AliasReplayLimitExceeded { .. }
        | E::AliasExpansionLimitExceeded { .. }
        | E::AliasReplayStackDepthExceeded { .. }
        | E::AliasReplayCounterOverflow { .. } => Code::TooComplex,
        E::SerdeInvalidType { .. }
        | E::SerdeInvalidValue { .. }
        | E::SerdeInvalidLength { .. }
        | E::SerdeUnknownVariant { .. }
        | E::NullIntoString { .. }
        | E::InvalidScalar { .. }
        | E::InvalidBooleanStrict { .. }
        | E::Unexpected { .. } => Code::WrongType,
        _ => Code::Syntax,
    }
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
fn message(error: &serde_saphyr::Error, code: Code, has_tabs: bool) -> String {
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
        E::AliasReplayLimitExceeded { .. }
        | E::AliasExpansionLimitExceeded { .. }
        | E::AliasReplayStackDepthExceeded { .. } => {
            return "the YAML's aliases (`*name`) expand to too much to be read safely; write the values out"
                .to_owned();
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
    // serde's words for what a framework author calls text, lists and keys.
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
    if code == Code::TooComplex {
        text = format!("the YAML expands too much to be read safely ({text})");
    }
    if code == Code::Syntax && has_tabs && text.contains("tab") {
        text.push_str(" (YAML indents with spaces, not tabs)");
    }
    lowercase_first(&text)
}
