//! The library's errors. Every failure is one of three things, and the type
//! says which: the request itself cannot be carried out ([`Request`]: which
//! part of it, what is wrong, what would put it right, each typed), the
//! user's files have problems (located diagnostics), or the file system
//! failed. A front end words them: the command line turns each field into its
//! flag and each remedy into a command line; nothing here prints, and nothing
//! here names a flag or a command.

use std::fmt;
use std::path::Path;

use crate::diagnostic::{Diagnostic, shown};

#[derive(Debug)]
pub enum Error {
    /// The request cannot be carried out as given.
    Request(Box<Request>),
    /// Problems in files the user gave or keeps in the workspace.
    Invalid(Vec<Diagnostic>),
    /// Reading or writing `path` failed.
    Io {
        /// What was being done: "cannot write `…`".
        doing: String,
        source: std::io::Error,
    },
}

/// A request that cannot be carried out as given: the part of it at fault
/// (a [`Field`], with the value given), what is wrong with it (a
/// [`Problem`]), and what would put it right ([`Remedy`]s, in order). A front
/// end shows the field its own way (a flag, a form field) and words each
/// remedy as its own action (a command line, a button).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    /// The part of the request at fault; `None` for the request as a whole.
    pub field: Option<Field>,
    /// The value given for the field, when a message should quote it.
    pub value: Option<String>,
    pub problem: Problem,
    /// What would put it right, any one of them; empty when only another
    /// request would.
    pub remedies: Vec<Remedy>,
    /// What was being done, outermost first ("the review of `x`").
    pub within: Vec<String>,
}

/// A part of a request: what a user gives (on the command line, a flag or an
/// argument; in a form, a field).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    /// The person (or organisation) a command is about.
    Person,
    /// The framework to rate, review or list against.
    Framework,
    /// The role to compare with or record.
    Role,
    /// The role everyone in a team is compared with.
    Against,
    /// A line manager (a scope, or a roster entry's).
    Manager,
    /// A team (a scope, or a roster entry's).
    Team,
    /// Who rates: self, manager or peer.
    By,
    /// The name of who rated.
    Rater,
    /// Whether a person or an organisation is rated.
    Subject,
    /// The day of a record.
    Date,
    /// The day a report is as of.
    AsOf,
    /// The day of the next review a report looks ahead to.
    NextReview,
    /// The day before which leavers' records are purged.
    LeftBefore,
    /// The day someone left.
    Left,
    /// An email address.
    Email,
    /// A level given for a competency.
    Set,
    /// A competency marked not applicable.
    Na,
    /// Evidence for a competency.
    Evidence,
    /// A file to read the request from.
    From,
    /// The record a new one corrects.
    Amend,
    /// An action agreed at a review.
    Action,
    /// An objective agreed at a review.
    Objective,
    /// Progress on an earlier action or objective, by its mark (`done`,
    /// `carried-over`, `not-met`).
    Progress(&'static str),
    /// Who held a review.
    Reviewer,
    /// A name (a person's, a framework's).
    Name,
    /// The workspace folder.
    Workspace,
    /// The day the appraisal cycle starts.
    CycleStart,
    /// Where output goes.
    Output,
    /// The format of a report.
    Format,
}

/// What is wrong with what was given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// Not one of the known ids.
    Unknown(Unknown),
    /// A person id that is not in the roster.
    NotInRoster { id: String },
    /// Nothing was given, and nothing else says what it should be.
    Missing,
    /// Given more than once.
    GivenTwice { what: String },
    /// Given together with another field that rules it out.
    Conflicts { with: Field },
    /// Refused for a reason in the organisation's words (no remedy in it).
    Refused(String),
}

/// An id that is not one of the known ones, with what was looked for, where,
/// and the nearest known id when one is close.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unknown {
    /// What kind of thing: "framework", "competency", "person".
    pub what: &'static str,
    pub id: String,
    /// Where it was looked for: "framework `wdcvs`", "the roster".
    pub scope: Option<String>,
    /// A known id close to the one given.
    pub suggestion: Option<String>,
    /// Every known id, when none is close.
    pub known: Vec<String>,
    /// Files that could not be read, so what they define is not known.
    pub unreadable: Vec<String>,
}

/// What would put a request right.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Remedy {
    /// Give this field, with an example value.
    Give {
        field: Field,
        example: Option<String>,
    },
    /// Give one of these fields.
    OneOf(Vec<Field>),
    /// Give this field with one of these values.
    Choose {
        field: Field,
        values: Vec<&'static str>,
    },
    /// Set a key of the workspace settings.
    Setting(&'static str),
    /// Give a key in the file the request is read from.
    InFile(&'static str),
    /// See the list of these.
    List(Listing),
    /// Define the role in the workspace's own role files.
    DefineRole,
    /// Look at the problems of the workspace's files.
    Validate,
    /// Add the person to the roster, with a name.
    AddToRoster { id: String },
    /// Record a person's role in the roster.
    RoleInRoster { id: String },
    /// Give a person a new line manager in the roster.
    NewManager { id: Option<String> },
    /// Correct this record by amending it.
    Amend { record: String },
    /// Record a new one (an assessment, a review) rather than a correction.
    WithoutAmend { what: &'static str },
    /// Leave out the id of a new action or objective.
    LeaveIdOut,
    /// Make the folder a workspace.
    Init { dir: String },
    /// Rate competencies the person's role does not require.
    AllCompetencies,
    /// Mark more than half of the roster as left on purpose.
    AllowMassLeave,
    /// Copy a framework's YAML to edit it by hand.
    CopyYaml { framework: String },
    /// Carry on a questionnaire that was stopped.
    CarryOn {
        person: String,
        framework: String,
        by: String,
    },
    /// Compare everyone assessed on the framework with the role.
    HoldAgainst { framework: String, role: String },
    /// Say what came of an action or objective.
    Outcome { example: &'static str },
}

/// Something a front end can list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Listing {
    People,
    Roles,
    Frameworks,
    /// The actions and objectives agreed for a person.
    Actions {
        person: Option<String>,
    },
}

pub(crate) type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// A request refused for a reason in the organisation's words, on no
    /// particular field.
    pub fn refused(sentence: impl Into<String>) -> Error {
        Request::refused(sentence).into()
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

    /// The error as a located diagnostic's message: for a request, its
    /// problem alone (the diagnostic names the place; no remedy for a
    /// request that was not made), else the sentence.
    pub fn problem_text(&self) -> String {
        match self {
            Error::Request(request) => request.problem.to_string(),
            other => other.sentence(),
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

    /// The same error with more context in front: what was being done.
    #[must_use]
    pub fn context(self, before: &str) -> Error {
        match self {
            Error::Request(mut request) => {
                request.within.insert(0, before.to_owned());
                Error::Request(request)
            }
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
            Error::Request(request) => request.fmt(f),
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
            Error::Request(_) | Error::Invalid(_) => None,
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

/// Shorthand for `return Err(Request::refused(format!(...)).into())`: a
/// request refused for a reason in the organisation's words.
macro_rules! refused {
    ($($arg:tt)*) => {
        return Err($crate::error::Request::refused(format!($($arg)*)).into())
    };
}
pub(crate) use refused;

impl Request {
    /// A request with `problem`, on no field yet and with no remedy.
    pub fn new(problem: impl Into<Problem>) -> Request {
        Request {
            field: None,
            value: None,
            problem: problem.into(),
            remedies: Vec::new(),
            within: Vec::new(),
        }
    }

    /// Refused for a reason in the organisation's words.
    pub fn refused(sentence: impl Into<String>) -> Request {
        Request::new(Problem::Refused(sentence.into()))
    }

    /// About `field`.
    #[must_use]
    pub fn on(mut self, field: Field) -> Request {
        self.field = Some(field);
        self
    }

    /// About `field`, quoting the value given.
    #[must_use]
    pub fn given(mut self, field: Field, value: impl Into<String>) -> Request {
        self.field = Some(field);
        self.value = Some(value.into());
        self
    }

    /// With one more remedy.
    #[must_use]
    pub fn or(mut self, remedy: Remedy) -> Request {
        self.remedies.push(remedy);
        self
    }
}

impl From<Request> for Error {
    fn from(request: Request) -> Self {
        Error::Request(Box::new(request))
    }
}

impl From<Unknown> for Problem {
    fn from(unknown: Unknown) -> Self {
        Problem::Unknown(unknown)
    }
}

impl Unknown {
    /// `id` is not one of `known` (`what`s, looked for in `scope`).
    pub fn new<'a>(
        what: &'static str,
        id: &str,
        scope: Option<&str>,
        known: impl Iterator<Item = &'a str>,
    ) -> Unknown {
        let known: Vec<&str> = known.collect();
        let suggestion = crate::diagnostic::did_you_mean(id, known.iter().copied());
        Unknown {
            what,
            id: id.to_owned(),
            scope: scope.map(str::to_owned),
            known: if suggestion.is_some() {
                Vec::new()
            } else {
                known.iter().map(|k| (*k).to_owned()).collect()
            },
            suggestion: suggestion.map(str::to_owned),
            unreadable: Vec::new(),
        }
    }
}

/// "unknown framework \`x\` (known frameworks: ...)", or "...; did you mean
/// \`y\`?" when one is close.
impl fmt::Display for Unknown {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unknown {} `{}`", self.what, self.id.escape_debug())?;
        if let Some(scope) = &self.scope {
            write!(f, " in {scope}")?;
        }
        let plural = match self.what {
            "person" => "people".to_owned(),
            w if w.ends_with('y') => format!("{}ies", &w[..w.len() - 1]),
            w => format!("{w}s"),
        };
        if let Some(suggestion) = &self.suggestion {
            write!(f, "; did you mean `{suggestion}`?")?;
        } else {
            let names = crate::diagnostic::list_names(self.known.iter().map(String::as_str), "and");
            if names.is_empty() {
                write!(f, " (there are no {plural})")?;
            } else {
                write!(f, " (known {plural}: {names})")?;
            }
        }
        if !self.unreadable.is_empty() {
            write!(
                f,
                " ({} could not be read, so any {plural} defined there are unknown)",
                crate::diagnostic::list_names(self.unreadable.iter().map(String::as_str), "and")
            )?;
        }
        Ok(())
    }
}

impl Field {
    /// The field as a message names it: its noun, or for progress its mark
    /// (`done`).
    pub fn label(self) -> String {
        match self {
            Field::Progress(mark) => format!("`{mark}`"),
            other => other.noun().to_owned(),
        }
    }

    /// The field in plain words, for a front end that has no name of its own.
    pub fn noun(self) -> &'static str {
        match self {
            Field::Person => "person",
            Field::Framework => "framework",
            Field::Role => "role",
            Field::Against => "role to compare against",
            Field::Manager => "line manager",
            Field::Team => "team",
            Field::By => "who rates",
            Field::Rater => "rater",
            Field::Subject => "subject",
            Field::Date => "date",
            Field::AsOf => "as-of date",
            Field::NextReview => "day of the next review",
            Field::LeftBefore => "leaving day to purge before",
            Field::Left => "leaving date",
            Field::Email => "email",
            Field::Set => "level",
            Field::Na => "not applicable",
            Field::Evidence => "evidence",
            Field::From => "file",
            Field::Amend => "record to amend",
            Field::Action => "action",
            Field::Objective => "objective",
            Field::Progress(_) => "progress",
            Field::Reviewer => "reviewer",
            Field::Name => "name",
            Field::Workspace => "workspace",
            Field::CycleStart => "cycle start",
            Field::Output => "output",
            Field::Format => "format",
        }
    }
}

/// The problem in plain words; a problem that names another field names it
/// by [`Field::noun`].
impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Problem::Unknown(unknown) => unknown.fmt(f),
            Problem::NotInRoster { id } => {
                write!(f, "`{}` is not in the roster", id.escape_debug())
            }
            Problem::Missing => f.write_str("nothing is given"),
            Problem::GivenTwice { what } => write!(f, "{what} is given twice"),
            Problem::Conflicts { with } => write!(f, "it conflicts with the {}", with.noun()),
            Problem::Refused(sentence) => f.write_str(sentence),
        }
    }
}

/// The remedy in plain words, naming no flag or command.
impl fmt::Display for Remedy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Remedy::Give { field, example } => {
                write!(f, "give the {}", field.noun())?;
                match example {
                    Some(e) => write!(f, " (e.g. {e})"),
                    None => Ok(()),
                }
            }
            Remedy::OneOf(fields) => {
                let names: Vec<String> = fields.iter().map(|f| f.label()).collect();
                write!(f, "give {}", crate::diagnostic::list_names(names, "or"))
            }
            Remedy::Choose { field, values } => write!(
                f,
                "give the {}: {}",
                field.noun(),
                crate::diagnostic::list_names(values.iter().copied(), "or")
            ),
            Remedy::Setting(key) => write!(f, "set `{key}` in competency.toml"),
            Remedy::InFile(key) => write!(f, "give `{key} = \"...\"` in the file"),
            Remedy::List(listing) => write!(f, "see the list of {}", listing.noun()),
            Remedy::DefineRole => f.write_str("a workspace defines its own roles in roles/*.yaml"),
            Remedy::Validate => f.write_str("validating the workspace lists the problems"),
            Remedy::AddToRoster { id } => write!(f, "add `{id}` to the roster first"),
            Remedy::RoleInRoster { id } => write!(f, "record the role of `{id}` in the roster"),
            Remedy::NewManager { id: Some(id) } => write!(f, "give `{id}` a new line manager"),
            Remedy::NewManager { id: None } => f.write_str("give them a new line manager"),
            Remedy::Amend { record } => write!(f, "amend `{record}`"),
            Remedy::WithoutAmend { what } => write!(f, "record a new {what}, not a correction"),
            Remedy::LeaveIdOut => f.write_str("for a new one, leave its id out"),
            Remedy::Init { dir } => write!(f, "make `{dir}` a workspace"),
            Remedy::AllCompetencies => f.write_str("ask to rate every competency"),
            Remedy::AllowMassLeave => f.write_str("allow marking more than half as left"),
            Remedy::CopyYaml { framework } => {
                write!(f, "copy the YAML of `{framework}` and edit it by hand")
            }
            Remedy::CarryOn { .. } => f.write_str("carrying on the questionnaire finishes it"),
            Remedy::HoldAgainst { framework, role } => write!(
                f,
                "to hold them against it, compare everyone assessed on framework `{framework}` with role `{role}`"
            ),
            Remedy::Outcome { example } => write!(f, "say what came of it, e.g. \"{example}\""),
        }
    }
}

impl Listing {
    /// What is listed, in plain words.
    pub fn noun(&self) -> &'static str {
        match self {
            Listing::People => "people",
            Listing::Roles => "roles",
            Listing::Frameworks => "frameworks",
            Listing::Actions { .. } => "actions and objectives",
        }
    }
}

/// The request's error in plain words: "{within}: {field} {value}: {problem};
/// {remedy} or {remedy}".
impl fmt::Display for Request {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for before in &self.within {
            write!(f, "{before}: ")?;
        }
        match (self.field, &self.problem) {
            (Some(field), Problem::Missing) => write!(f, "no {} is given", field.noun())?,
            (Some(field), problem) => {
                f.write_str(field.noun())?;
                if let Some(value) = &self.value {
                    write!(f, " {value}")?;
                }
                write!(f, ": {problem}")?;
            }
            (None, problem) => problem.fmt(f)?,
        }
        for (i, remedy) in self.remedies.iter().enumerate() {
            f.write_str(if i == 0 { "; " } else { ", or " })?;
            remedy.fmt(f)?;
        }
        Ok(())
    }
}

impl std::error::Error for Request {}
