//! The one entry point for each format the tool reads (YAML, TOML, and
//! tables: CSV and xlsx),
//! turning the parser's first error into a located [`Diagnostic`] in the
//! project's words. Nothing else calls a parser directly.
//!
//! [`Diagnostic`]: crate::diagnostic::Diagnostic

pub(crate) mod table;
mod toml;
mod yaml;

pub(crate) use self::toml::parse_toml;
pub(crate) use self::yaml::parse_yaml;

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
