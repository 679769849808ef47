//! Identifiers of competencies, themes, roles, groups, frameworks and people.
//!
//! An id is lowercase ASCII words joined by single hyphens, e.g. `team-working`.
//! Ids from users become file names, so anything else is refused before it can
//! reach a path.

use std::fmt;

/// The id pattern, as shown to users in messages.
pub(crate) const ID_PATTERN: &str = "[a-z0-9]+(-[a-z0-9]+)*";

/// The longest id accepted.
pub(crate) const MAX_ID_LEN: usize = 64;

/// A validated identifier.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(transparent)]
pub struct Id(String);

impl Id {
    /// Validate `text` as an id.
    pub fn parse(text: &str) -> Result<Id, IdError> {
        if is_valid_id(text) {
            Ok(Id(text.to_owned()))
        } else {
            Err(IdError {
                text: text.to_owned(),
            })
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Id {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl AsRef<str> for Id {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

/// `text` is not a valid id.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IdError {
    pub text: String,
}

impl fmt::Display for IdError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "`{}` is not a valid id", self.text.escape_debug())?;
        match suggest_id(&self.text) {
            Some(suggestion) => write!(
                f,
                " (ids are lowercase letters, digits and single hyphens, e.g. `{suggestion}`)"
            ),
            None => f.write_str(" (ids are lowercase letters, digits and single hyphens)"),
        }
    }
}

impl std::error::Error for IdError {}

/// Whether `text` matches [`ID_PATTERN`].
pub(crate) fn is_valid_id(text: &str) -> bool {
    // Ids become file and folder names: keep them well inside any limit.
    !text.is_empty()
        && text.len() <= MAX_ID_LEN
        && text.split('-').all(|word| {
            !word.is_empty()
                && word
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
}

/// A valid id that a user probably meant by `text` (`Jane Doe` -> `jane-doe`), if any.
pub(crate) fn suggest_id(text: &str) -> Option<String> {
    let words: Vec<String> = text
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_ascii_lowercase)
        .collect();
    let suggestion = words.join("-");
    (is_valid_id(&suggestion) && suggestion != text).then_some(suggestion)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lowercase_words_joined_by_hyphens_are_ids() {
        for ok in ["a", "team-working", "level-2", "x1-y2-z3"] {
            assert!(is_valid_id(ok), "{ok}");
        }
    }

    #[test]
    fn paths_spaces_capitals_and_lookalikes_are_not_ids() {
        for bad in [
            "",
            "-",
            "a-",
            "-a",
            "a--b",
            "../x",
            "a/b",
            "Jane Doe",
            "Jane",
            "a_b",
            "a.b",
            "\u{0430}bc",
            "caf\u{e9}",
            "a\u{2010}b",
            "a b",
            ".",
            "..",
        ] {
            assert!(!is_valid_id(bad), "{bad:?}");
            assert!(Id::parse(bad).is_err());
        }
    }

    #[test]
    fn a_name_suggests_its_id() {
        assert_eq!(suggest_id("Jane Doe").as_deref(), Some("jane-doe"));
        assert_eq!(suggest_id("../x").as_deref(), Some("x"));
        assert_eq!(suggest_id("ok"), None);
    }
}
