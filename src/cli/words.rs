//! How the command line words a refused request: each field as its flag,
//! each remedy as the command line that carries it out. The library names
//! fields and remedies by type only (`error::Field`, `error::Remedy`), so
//! these words are the command line's alone.

use std::fmt::Write as _;

use crate::error::{Field, Listing, Problem, Remedy, Request};

/// The flag that gives `field`; `None` for an argument (the person).
pub(super) fn flag(field: Field) -> Option<String> {
    Some(
        match field {
            Field::Person => return None,
            Field::Framework => "--framework",
            Field::Role => "--role",
            Field::Against => "--against",
            Field::Manager => "--manager",
            Field::Team => "--team",
            Field::By => "--by",
            Field::Rater => "--rater",
            Field::Subject => "--subject",
            Field::Date => "--date",
            Field::AsOf => "--as-of",
            Field::NextReview => "--next-review",
            Field::LeftBefore => "--left-before",
            Field::Left => "--left",
            Field::Email => "--email",
            Field::Set => "--set",
            Field::Na => "--na",
            Field::Evidence => "--evidence",
            Field::From => "--from",
            Field::Amend => "--amend",
            Field::Action => "--action",
            Field::Objective => "--objective",
            Field::Progress(mark) => return Some(format!("--{mark}")),
            Field::Reviewer => "--reviewer",
            Field::Name => "--name",
            Field::Workspace => "--workspace",
            Field::CycleStart => "--cycle-start",
            Field::Output => "--output",
            Field::Format => "--format",
        }
        .to_owned(),
    )
}

/// What a flag's value stands for in a usage line: `--role ROLE`.
fn placeholder(field: Field) -> &'static str {
    match field {
        Field::Person | Field::Manager => "ID",
        Field::Framework => "FRAMEWORK",
        Field::Email => "EMAIL",
        Field::Role | Field::Against => "ROLE",
        Field::Team => "TEAM",
        Field::By => "self|manager|peer",
        Field::Rater | Field::Reviewer | Field::Name => "NAME",
        Field::Subject => "person|organisation",
        Field::Date | Field::AsOf | Field::Left | Field::NextReview | Field::LeftBefore => {
            "YYYY-MM-DD"
        }
        Field::Set => "COMPETENCY=LEVEL",
        Field::Na => "COMPETENCY",
        Field::Evidence => "COMPETENCY=TEXT",
        Field::From | Field::Amend => "FILE",
        Field::Action | Field::Objective => "TEXT",
        Field::Progress(_) => "ID=TEXT",
        Field::Workspace | Field::Output => "DIR",
        Field::CycleStart => "MM-DD",
        Field::Format => "FORMAT",
    }
}

/// A flag with its value: `--role ROLE`, or the argument's placeholder.
fn usage(field: Field) -> String {
    match flag(field) {
        Some(flag) => format!("{flag} {}", placeholder(field)),
        None => placeholder(field).to_owned(),
    }
}

/// The flag of `field` with `value`, as typed on the command line.
fn typed(field: Field, value: &str) -> String {
    match flag(field) {
        Some(flag) => format!("{flag} {value}"),
        None => value.to_owned(),
    }
}

/// The request's error as one sentence for the terminal: `--set x=9:
/// unknown level ...; give ...`.
pub(super) fn request(request: &Request) -> String {
    let mut text = String::new();
    for before in &request.within {
        let _ = write!(text, "{before}: ");
    }
    let value = request.value.as_deref();
    let named = request.field.and_then(|field| {
        flag(field).map(|flag| match value {
            Some(value) => format!("{flag} {value}"),
            None => flag,
        })
    });
    let mut first = "; ";
    match (&named, &request.problem) {
        (Some(_), Problem::Missing) if request.field == Some(Field::By) => {
            text.push_str("who is rating?");
            first = " ";
        }
        (Some(_), Problem::Missing) => {
            let noun = request.field.map_or("value", Field::noun);
            let _ = write!(text, "no {noun}");
            first = ": ";
        }
        (Some(named), Problem::Conflicts { with }) => {
            let with = flag(*with).unwrap_or_else(|| with.noun().to_owned());
            let _ = match value {
                Some(value) => write!(text, "{named}: `{value}` is also given with {with}"),
                None => write!(text, "{named}: it is also given with {with}"),
            };
        }
        (Some(named), problem) => {
            let _ = write!(text, "{named}: {problem}");
        }
        (None, Problem::Missing) => {
            let _ = write!(text, "nothing given");
            first = ": ";
        }
        (None, problem) => {
            let _ = write!(text, "{problem}");
        }
    }
    for (i, remedy) in request.remedies.iter().enumerate() {
        text.push_str(if i == 0 { first } else { ", or " });
        text.push_str(&self::remedy(remedy, request));
    }
    text
}

/// `a, b or c`: flags as typed, without quotes.
fn join(items: &[String], conjunction: &str) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} {conjunction} {last}", init.join(", ")),
    }
}

/// `{kind}: ...`, a line for each.
fn lines(kind: &str, requests: &[Request]) -> String {
    let mut text = String::new();
    for r in requests {
        let _ = writeln!(text, "{kind}: {}", request(r));
    }
    text
}

/// Notes on a request, a line each: `note: ...`.
pub(super) fn notes(notes: &[Request]) -> String {
    lines("note", notes)
}

/// Warnings on a request, a line each: `warning: ...`.
pub(super) fn warnings(warnings: &[Request]) -> String {
    lines("warning", warnings)
}

/// A remedy as what to type.
fn remedy(remedy: &Remedy, request: &Request) -> String {
    match remedy {
        Remedy::Give { field, example } => match example {
            Some(example) => format!("give {} (e.g. {})", usage(*field), typed(*field, example)),
            None => format!("give {}", usage(*field)),
        },
        Remedy::OneOf(fields) => {
            let flags: Vec<String> = fields
                .iter()
                .map(|f| flag(*f).unwrap_or_else(|| f.noun().to_owned()))
                .collect();
            format!("give {}", join(&flags, "or"))
        }
        Remedy::Choose { field, values } => {
            let typed: Vec<String> = values.iter().map(|v| typed(*field, v)).collect();
            format!("give {}", join(&typed, "or"))
        }
        Remedy::Setting(key) => format!("set `{key}` in competency.toml"),
        Remedy::InFile(key) => format!("give `{key} = \"...\"` in the file"),
        Remedy::List(listing) => {
            let command = match listing {
                Listing::People => "competency people".to_owned(),
                Listing::Roles => "competency roles".to_owned(),
                Listing::Frameworks => "competency frameworks".to_owned(),
                Listing::Actions { person } => {
                    format!(
                        "competency actions {}",
                        person.as_deref().unwrap_or("PERSON")
                    )
                }
            };
            format!("`{command}` lists them")
        }
        Remedy::DefineRole => "a workspace defines its own in roles/*.yaml".to_owned(),
        Remedy::Validate => "`competency validate` lists the problems".to_owned(),
        Remedy::AddToRoster { id } => {
            format!("add them first (`competency people add {id} --name NAME`)")
        }
        Remedy::RoleInRoster { id } => {
            format!("record it in the roster with `competency people add {id} --role ROLE`")
        }
        Remedy::NewManager { id } => format!(
            "give {} a new line manager (`competency people add {} --manager ID`)",
            id.as_deref()
                .map_or("them".to_owned(), |id| format!("`{id}`")),
            id.as_deref().unwrap_or("ID")
        ),
        Remedy::Amend { record } => format!("give --amend {record}"),
        Remedy::WithoutAmend { what } => format!("record a new {what} without --amend"),
        Remedy::LeaveIdOut => "for a new one, leave its id out".to_owned(),
        Remedy::Init { dir } => format!("create one with `competency init {dir}`"),
        Remedy::AllCompetencies => "give --all-competencies to rate it anyway".to_owned(),
        Remedy::AllowMassLeave => {
            "if they have left, import it again with --allow-mass-leave".to_owned()
        }
        Remedy::CopyYaml { framework } => {
            format!("copy it with `competency show {framework} --format yaml` and edit it by hand")
        }
        Remedy::CarryOn {
            person,
            framework,
            by,
        } => format!("`competency assess {person} --framework {framework} --by {by}` carries on"),
        Remedy::HoldAgainst { framework, role } => format!(
            "to hold them against it, use `competency team --framework {framework} --against {role}`"
        ),
        Remedy::Outcome { example } => {
            let field = request.field.map_or_else(String::new, |f| {
                flag(f).map_or_else(String::new, |flag| format!("{flag} "))
            });
            let id = request.value.as_deref().unwrap_or("ID");
            format!("say what came of it, e.g. `{field}{id}=\"{example}\"`")
        }
    }
}
