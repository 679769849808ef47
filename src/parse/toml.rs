//! TOML through the `toml` crate, with the same located diagnostics as YAML.
//!
//! The `toml` crate's error has no kind, only a message and a span. Codes are
//! read from the messages serde itself writes (`unknown field`, `missing
//! field`, `invalid type`, `invalid value`), whose wording serde fixes for
//! every format; the tests below pin each one, so a change is caught.

use std::path::Path;

use serde::de::DeserializeOwned;

use super::{clean_path, lowercase_first};
use crate::diagnostic::{Code, Diagnostic, SourceText};

/// Parse TOML into `T`: the one TOML entry point.
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
    match result {
        Ok(value) => Ok(value),
        Err(e) => Err(diagnostic(file, source, &path, &e)),
    }
}

fn diagnostic(file: &Path, source: &str, path: &str, error: &toml::de::Error) -> Diagnostic {
    let message = error.message().trim().trim_end_matches('.').to_owned();
    let (code, mut message) = if message.contains("recurse") {
        (
            Code::TooComplex,
            "the file is nested too deeply to be read safely".to_owned(),
        )
    } else {
        (code(&message, path), message)
    };
    // Say what is expected in words a person preparing a record knows.
    for (from, to) in [
        ("unknown variant", "unknown value"),
        ("expected a string", "expected text"),
        ("expected u32", "expected a whole number"),
        ("expected u64", "expected a whole number"),
        ("expected i64", "expected a whole number"),
        ("unknown field", "unknown key"),
        ("missing field", "missing key"),
    ] {
        message = message.replace(from, to);
    }
    if code == Code::DuplicateKey
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
    let location = error
        .span()
        .map(|span| SourceText::new(source).location(span));
    Diagnostic::error(code, file, lowercase_first(&message))
        .with_key(clean_path(path))
        .at(location, Some(source))
}

fn code(message: &str, path: &str) -> Code {
    if message.starts_with("unknown field") || message.starts_with("unknown key") {
        Code::UnknownKey
    } else if message.starts_with("missing field") || message.starts_with("missing key") {
        Code::MissingKey
    } else if message.contains("duplicate key") {
        Code::DuplicateKey
    } else if message.starts_with("invalid type") || message.starts_with("invalid value") {
        Code::WrongType
    } else if path.is_empty() || path == "." {
        Code::Syntax
    } else {
        Code::InvalidValue
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct T {
        n: u32,
        kind: Option<Kind>,
    }

    #[derive(Debug, serde::Deserialize)]
    #[serde(rename_all = "kebab-case")]
    enum Kind {
        One,
    }

    fn code_of(text: &str) -> Code {
        parse_toml::<T>(Path::new("t.toml"), text).map_or_else(|d| d.code, |_| Code::Syntax)
    }

    #[test]
    fn each_kind_of_toml_error_gets_its_code() {
        assert_eq!(code_of("n = 1\nx = 2"), Code::UnknownKey);
        assert_eq!(code_of("kind = \"one\""), Code::MissingKey);
        assert_eq!(code_of("n = 1\nn = 2"), Code::DuplicateKey);
        assert_eq!(code_of("n = \"one\""), Code::WrongType);
        assert_eq!(code_of("n = 1\nkind = \"two\""), Code::InvalidValue);
        assert_eq!(code_of("n = "), Code::Syntax);
    }
}
