//! The library's errors. Every failure is one of three things, and the type
//! says which: the request itself cannot be carried out (an unknown id, a bad
//! flag value: one sentence), the user's files have problems (located
//! diagnostics), or the file system failed. The command line turns them into
//! messages and exit codes; nothing here prints.

use std::fmt;
use std::path::Path;

use crate::diagnostic::{Diagnostic, shown};

#[derive(Debug)]
pub enum Error {
    /// The request cannot be carried out as given; the sentence says why.
    Usage(String),
    /// Problems in files the user gave or keeps in the workspace.
    Invalid(Vec<Diagnostic>),
    /// Reading or writing `path` failed.
    Io {
        /// What was being done: "cannot write `…`".
        doing: String,
        source: std::io::Error,
    },
}

pub(crate) type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    pub fn usage(message: impl Into<String>) -> Error {
        Error::Usage(message.into())
    }

    /// An I/O failure on a named path: "cannot {verb} \`{path}\`".
    pub fn io(verb: &str, path: &Path, source: std::io::Error) -> Error {
        Error::Io {
            doing: format!("cannot {verb} `{}`", shown(path)),
            source,
        }
    }

    /// A failure to produce what was asked for (a report's text), with its
    /// cause as the source: "{doing}: {cause}".
    pub fn io_other(doing: &str, cause: impl std::fmt::Display) -> Error {
        Error::Io {
            doing: doing.to_owned(),
            source: std::io::Error::other(cause.to_string()),
        }
    }

    /// Whether the reader of our output went away (`| head`): not an error.
    pub fn is_broken_pipe(&self) -> bool {
        matches!(self, Error::Io { source, .. } if source.kind() == std::io::ErrorKind::BrokenPipe)
    }

    /// The error in one sentence with its reason: what `Display` says, and
    /// for a failed read or write, why (the source, in plain words).
    pub fn sentence(&self) -> String {
        match self {
            Error::Io { doing, source } => format!("{doing}: {}", io_reason(source)),
            other => other.to_string(),
        }
    }

    /// The same error with more context in front of a usage sentence.
    #[must_use]
    pub fn context(self, before: &str) -> Error {
        match self {
            Error::Usage(message) => Error::Usage(format!("{before}: {message}")),
            Error::Io { doing, source } => Error::Io {
                doing: format!("{before}: {doing}"),
                source,
            },
            invalid @ Error::Invalid(_) => invalid,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Usage(message) => f.write_str(message),
            Error::Invalid(diagnostics) => {
                for (i, d) in diagnostics.iter().filter(|d| d.is_error()).enumerate() {
                    if i > 0 {
                        writeln!(f)?;
                    }
                    write!(f, "{d}")?;
                }
                Ok(())
            }
            // The reason is the source: `cli` writes the chain in plain words.
            Error::Io { doing, .. } => f.write_str(doing),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Io { source, .. } => Some(source),
            Error::Usage(_) | Error::Invalid(_) => None,
        }
    }
}

impl From<Diagnostic> for Error {
    fn from(d: Diagnostic) -> Self {
        Error::Invalid(vec![d])
    }
}

impl From<Vec<Diagnostic>> for Error {
    fn from(d: Vec<Diagnostic>) -> Self {
        Error::Invalid(d)
    }
}

/// A plain-words reason for an I/O error, without Rust's `(os error 2)`.
pub(crate) fn io_reason(e: &std::io::Error) -> String {
    use std::io::ErrorKind;
    match e.kind() {
        ErrorKind::NotFound => "no such file or folder".to_owned(),
        ErrorKind::PermissionDenied => "permission denied".to_owned(),
        ErrorKind::IsADirectory => "it is a folder, not a file".to_owned(),
        ErrorKind::NotADirectory => "a part of the path is a file, not a folder".to_owned(),
        _ => {
            let text = e.to_string();
            match text.find(" (os error") {
                Some(i) => text[..i].to_owned(),
                None => text,
            }
        }
    }
}

/// Turn an I/O result into an [`Error::Io`] naming what was done to which path.
pub(crate) trait IoContext<T> {
    fn doing(self, verb: &str, path: &Path) -> Result<T>;
}

impl<T> IoContext<T> for std::io::Result<T> {
    fn doing(self, verb: &str, path: &Path) -> Result<T> {
        self.map_err(|e| Error::io(verb, path, e))
    }
}

/// Shorthand for `Err(Error::Usage(format!(...)))`.
macro_rules! usage {
    ($($arg:tt)*) => {
        return Err($crate::error::Error::Usage(format!($($arg)*)))
    };
}
pub(crate) use usage;
