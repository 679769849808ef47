//! `schema`: the JSON Schema of a kind of file, for editors and scripts.

use clap::{Args, ValueEnum};

use super::Outcome;
use crate::schema::{FileKind, schema};

#[derive(Debug, Args)]
pub(crate) struct SchemaArgs {
    /// The kind of file the schema describes
    #[arg(value_enum)]
    pub(crate) kind: SchemaKind,
}

/// The kinds of file, as named on the command line.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum SchemaKind {
    /// A framework file, frameworks/<id>.yaml
    Framework,
    /// A workspace role file, roles/*.yaml
    Role,
    /// An assessment record (or a prepared file for `assess --from`)
    Record,
    /// The workspace settings, competency.toml
    Settings,
    /// A review record, reviews/<person>/*.toml (or a prepared file for `review --from`)
    Review,
}

pub(crate) fn run(args: &SchemaArgs) -> Outcome {
    let kind = match args.kind {
        SchemaKind::Framework => FileKind::Framework,
        SchemaKind::Role => FileKind::Role,
        SchemaKind::Record => FileKind::Record,
        SchemaKind::Settings => FileKind::Settings,
        SchemaKind::Review => FileKind::Review,
    };
    let mut text = serde_json::to_string_pretty(&schema(kind)).unwrap_or_default();
    text.push('\n');
    Outcome::print(text)
}
