//! The registry of diagnostic codes: every problem the tool can report in a
//! file has one stable kebab-case code, listed here once with its meaning.
//! The README's table is this registry, code for code and word for word, in
//! this order (checked both ways by `tests/examples.rs`), so a new code cannot
//! ship undocumented. Codes are never reused for another problem.

use std::fmt;

macro_rules! codes {
    ($($variant:ident = $text:literal: $meaning:literal,)*) => {
        /// A stable identifier for one kind of problem.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Code {
            $(#[doc = $meaning] $variant,)*
        }

        impl Code {
            /// Every code, in the order the README lists them.
            pub const ALL: &[Code] = &[$(Code::$variant,)*];

            /// The code as shown: `unknown-level`.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(Code::$variant => $text,)*
                }
            }

            /// What the problem is, in one line (the README's wording).
            pub fn meaning(self) -> &'static str {
                match self {
                    $(Code::$variant => $meaning,)*
                }
            }
        }
    };
}

codes! {
    Syntax = "syntax": "the YAML, TOML or CSV cannot be read (unclosed quote, bad indentation, a tab; a CSV row with more or fewer cells than the header)",
    WrongType = "wrong-type": "a value of the wrong kind (a list where text is expected, a word where a year is)",
    InvalidValue = "invalid-value": "a value outside the ones allowed (an unknown rater kind or status)",
    UnknownKey = "unknown-key": "a key the format does not have (often a typo)",
    MissingKey = "missing-key": "a required key is missing",
    DuplicateKey = "duplicate-key": "a key appears twice in one mapping",
    MissingColumn = "missing-column": "an imported table lacks a column it needs (ratings: `person`, `framework`, `by`, `competency`; a roster: `id`, `name`, `role`, `team`, `manager`)",
    DuplicateColumn = "duplicate-column": "an imported table names one column twice",
    ConflictingRows = "conflicting-rows": "rows of one imported record disagree on its subject, role, status or `amends`",
    MultipleDocuments = "multiple-documents": "more than one YAML document (`---`) in one file",
    TooComplex = "too-complex": "nesting or alias expansion beyond safe limits (alias bombs)",
    TooManyProblems = "too-many-problems": "a file has more problems than are listed (50); the rest are counted",
    EmptyFile = "empty-file": "the file is empty or only whitespace",
    NotUtf8 = "not-utf8": "the file is not UTF-8 text",
    FileTooLarge = "file-too-large": "the file is over 16 MiB",
    TableTooLarge = "table-too-large": "a table to import is beyond what import reads at once: more than 1 000 columns, 100 000 rows or 1 500 000 cells, a workbook cell over 32 767 characters, or a workbook that unpacks too large",
    UnreadableFile = "unreadable-file": "the file cannot be read (missing, a folder, no permission)",
    NotAFile = "not-a-file": "the path is not a regular file (a pipe, a device or a socket)",
    SymbolicLink = "symbolic-link": "a workspace file or folder is a symbolic link, which is never followed",
    BadId = "bad-id": "an id is not lowercase words joined by hyphens (`[a-z0-9]+(-[a-z0-9]+)*`)",
    BadLevelCode = "bad-level-code": "a level code is empty or has spaces",
    BadUrl = "bad-url": "a `source-url` is not a web address (`https://...`)",
    DuplicateId = "duplicate-id": "two competencies, themes, groups, roles or levels share an id; a role id is defined in two files (or in a file and a framework); two framework or role files share a name (`x.yaml`, `x.yml`); two roster entries share a person id",
    IdMismatch = "id-mismatch": "the framework id differs from its file name",
    UnknownLevel = "unknown-level": "an indicator, role or group names a level the scale lacks",
    UnknownCompetency = "unknown-competency": "a role requires a competency the framework lacks",
    UnknownFramework = "unknown-framework": "a role names a framework that does not exist",
    UnknownGroup = "unknown-group": "a competency names a group the framework lacks",
    UnknownPolarity = "unknown-polarity": "a polarity other than `positive` or `negative`",
    UnknownPerspective = "unknown-perspective": "a perspective other than `organisation` or `worker`",
    UnknownSubject = "unknown-subject": "a subject other than `person` or `organisation`",
    EmptyText = "empty-text": "a text is empty or only spaces",
    ControlCharacter = "control-character": "a text holds a control character (escape, bell, …, or a bidirectional override or isolate that reorders the text shown): refused from the command line and prepared files, reported in files on disk and shown escaped",
    EmptyScale = "empty-scale": "the scale has no levels",
    NoCompetencies = "no-competencies": "the framework has no competencies",
    NoIndicators = "no-indicators": "a competency, theme or indicator block has nothing in it",
    EmptyRole = "empty-role": "(warning) a role requires nothing",
    NewerSchema = "newer-schema": "a record written by a newer version of competency",
    BadDate = "bad-date": "a record's date or timestamp does not exist",
    PersonMismatch = "person-mismatch": "a record sits in another person's folder",
    DuplicateRating = "duplicate-rating": "a record rates one competency twice",
    ConflictingRating = "conflicting-rating": "a rating has a level and is marked not applicable",
    WrongSubject = "wrong-subject": "a person's record rates an organisational capability, or the reverse; a role requires both",
    UnknownIndicator = "unknown-indicator": "a ticked behaviour is not an indicator of the competency",
    ChecklistMismatch = "checklist-mismatch": "a rating marked `method = \"checklist\"` has a level its ticked behaviours do not give",
    UnknownPerson = "unknown-person": "a line manager who is neither in the roster nor in the file",
    ManagerLoop = "manager-loop": "people manage each other in a loop (a manages b manages a)",
    ReportsToLeaver = "reports-to-leaver": "(warning) someone still with the organisation reports to a line manager who has left, or leaves before them",
    AmendedTwice = "amended-twice": "(warning) two records amend the same record",
    AmendsCycle = "amends-cycle": "records amend each other (or one amends itself), so none could count",
    MissingChecksum = "missing-checksum": "a record has no checksum: an error when final, a warning when draft; it never replaces a final record",
    IgnoredCorrection = "ignored-correction": "(warning) a record without a valid checksum amends a final record, so it does not replace it",
    UnknownRole = "unknown-role": "a record names a role that does not exist",
    RoleFrameworkMismatch = "role-framework-mismatch": "a record names a role of another framework",
    UnknownOwner = "unknown-owner": "a review's action is owned by someone who is not `self`, `manager` or a person in the roster",
    DuplicateItem = "duplicate-item": "two of a person's reviews (or one review twice) agree an action or objective under one id",
    UnknownItem = "unknown-item": "(warning) a review records progress on an action or objective that no earlier review of the person agrees; reports pass over that line",
    BadAmends = "bad-amends": "`amends` is not the file name of a record",
    UnknownAmends = "unknown-amends": "(warning) `amends` names no record in the same folder",
    FrameworkChanged = "framework-changed": "(warning) the record was made against an older version of its framework (the fingerprints differ)",
    EditedAfterFinal = "edited-after-final": "a final record was changed by hand: its checksum no longer matches",
    EditedByHand = "edited-by-hand": "(warning) a draft record was changed by hand",
    ReadableByOthers = "readable-by-others": "(warning) a record or folder can be read by others than its owner",
    LeftoverTemporaryFile = "leftover-temporary-file": "(warning) a temporary file left by an interrupted write (safe to delete)",
    BrokenFramework = "broken-framework": "a record's framework file has errors, so reports leave the record out until the file is fixed",
    FinalRecordChanged = "final-record-changed": "imported rows change a final record already in the workspace; only `--amend` writes them, as an amendment naming it",
    AlreadyCorrected = "already-corrected": "imported rows change a record that a correction has replaced since; change the correction's rows instead",
    InterruptedChange = "interrupted-change": "(warning) a change to the workspace was interrupted (a kill, a power cut); it was completed, or rolled back when it had not been committed",
    BadBundle = "bad-bundle": "a subject-access bundle (`sar`) is not as its manifest says, or is no longer complete against the workspace (a warning when a file changed since)",
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl serde::Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_distinct_kebab_case_words() {
        let mut seen = std::collections::HashSet::new();
        for code in Code::ALL {
            let text = code.as_str();
            assert!(crate::id::is_valid_id(text), "{text}");
            assert!(seen.insert(text), "{text} twice");
        }
    }
}
