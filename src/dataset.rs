//! A Parquet dataset of a workspace, for a data team to query with `DuckDB`,
//! Spark or pandas without this tool: fact tables `ratings` and `gaps`
//! partitioned by `framework=`, dimensions `competencies`, `roles` and
//! `people` keyed by pseudonymous keys, names and emails only in
//! `people_identity`, and `manifest.json` with the schema version, row
//! counts and each file's SHA-256. The folder appears whole or not at all:
//! it is written beside its place and renamed into it.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use parquet::data_type::{BoolType, ByteArray, ByteArrayType, Int64Type};
use parquet::file::properties::WriterProperties;
use parquet::file::writer::SerializedFileWriter;
use parquet::schema::parser::parse_message_type;
use serde::Serialize;

use crate::error::{Error, Result};

/// The dataset's schema version, in `manifest.json`.
pub(crate) const SCHEMA: u32 = 1;

/// One column's values; `None` is a null.
pub(crate) enum Values {
    Text(Vec<Option<String>>),
    Int(Vec<Option<i64>>),
    Bool(Vec<Option<bool>>),
}

/// A table: named columns of equal length.
pub(crate) struct Table {
    columns: Vec<(&'static str, Values)>,
}

/// A value for [`Table::push`].
pub(crate) enum Value {
    Text(Option<String>),
    Int(Option<i64>),
    Bool(Option<bool>),
}

impl From<&str> for Value {
    fn from(v: &str) -> Self {
        Value::Text(Some(v.to_owned()))
    }
}
impl From<String> for Value {
    fn from(v: String) -> Self {
        Value::Text(Some(v))
    }
}
impl From<Option<String>> for Value {
    fn from(v: Option<String>) -> Self {
        Value::Text(v)
    }
}
impl From<Option<&str>> for Value {
    fn from(v: Option<&str>) -> Self {
        Value::Text(v.map(str::to_owned))
    }
}
impl From<i64> for Value {
    fn from(v: i64) -> Self {
        Value::Int(Some(v))
    }
}
impl From<Option<i64>> for Value {
    fn from(v: Option<i64>) -> Self {
        Value::Int(v)
    }
}
impl From<bool> for Value {
    fn from(v: bool) -> Self {
        Value::Bool(Some(v))
    }
}

impl Table {
    /// A table of text columns named `text`, whole-number columns `ints`
    /// and true/false columns `bools`, in the order given by `order`.
    pub(crate) fn new(columns: &[(&'static str, Kind)]) -> Table {
        Table {
            columns: columns
                .iter()
                .map(|(name, kind)| {
                    let values = match kind {
                        Kind::Text => Values::Text(Vec::new()),
                        Kind::Int => Values::Int(Vec::new()),
                        Kind::Bool => Values::Bool(Vec::new()),
                    };
                    (*name, values)
                })
                .collect(),
        }
    }

    /// Add a row: one value per column, in order, of the column's kind.
    pub(crate) fn push(&mut self, row: Vec<Value>) -> Result<()> {
        if row.len() != self.columns.len() {
            return Err(Error::refused(format!(
                "a dataset row has {} values for {} columns",
                row.len(),
                self.columns.len()
            )));
        }
        for ((name, column), value) in self.columns.iter_mut().zip(row) {
            match (column, value) {
                (Values::Text(v), Value::Text(x)) => v.push(x),
                (Values::Int(v), Value::Int(x)) => v.push(x),
                (Values::Bool(v), Value::Bool(x)) => v.push(x),
                _ => {
                    return Err(Error::refused(format!(
                        "a dataset value of the wrong kind for the column `{name}`"
                    )));
                }
            }
        }
        Ok(())
    }

    /// Whether a `rater_kind` column holds a peer's rating.
    pub(crate) fn has_peer_rows(&self) -> bool {
        self.columns.iter().any(|(name, values)| {
            *name == "rater_kind"
                && matches!(values, Values::Text(v) if v.iter().any(|x| x.as_deref() == Some("peer")))
        })
    }

    pub(crate) fn rows(&self) -> usize {
        self.columns.first().map_or(0, |(_, v)| match v {
            Values::Text(v) => v.len(),
            Values::Int(v) => v.len(),
            Values::Bool(v) => v.len(),
        })
    }

    /// The table as a Parquet file (one row group, uncompressed; every
    /// column optional, text as UTF-8).
    pub(crate) fn parquet(&self) -> Result<Vec<u8>> {
        let failed = |e: parquet::errors::ParquetError| {
            Error::refused(format!("cannot write a Parquet file: {e}"))
        };
        let mut message = String::from("message row {\n");
        for (name, values) in &self.columns {
            let kind = match values {
                Values::Text(_) => "BYTE_ARRAY",
                Values::Int(_) => "INT64",
                Values::Bool(_) => "BOOLEAN",
            };
            let annotation = if matches!(values, Values::Text(_)) {
                " (UTF8)"
            } else {
                ""
            };
            let _ = writeln!(message, "  OPTIONAL {kind} {name}{annotation};");
        }
        message.push('}');
        let schema = Arc::new(parse_message_type(&message).map_err(failed)?);
        let properties = Arc::new(
            WriterProperties::builder()
                .set_created_by(format!("competency {}", env!("CARGO_PKG_VERSION")))
                .build(),
        );
        let mut writer =
            SerializedFileWriter::new(Vec::new(), schema, properties).map_err(failed)?;
        let mut group = writer.next_row_group().map_err(failed)?;
        for (_, values) in &self.columns {
            let Some(mut column) = group.next_column().map_err(failed)? else {
                break;
            };
            match values {
                Values::Text(v) => {
                    let (present, levels) = split(v, |s| ByteArray::from(s.as_bytes().to_vec()));
                    column
                        .typed::<ByteArrayType>()
                        .write_batch(&present, Some(&levels), None)
                        .map_err(failed)?;
                }
                Values::Int(v) => {
                    let (present, levels) = split(v, |n| *n);
                    column
                        .typed::<Int64Type>()
                        .write_batch(&present, Some(&levels), None)
                        .map_err(failed)?;
                }
                Values::Bool(v) => {
                    let (present, levels) = split(v, |b| *b);
                    column
                        .typed::<BoolType>()
                        .write_batch(&present, Some(&levels), None)
                        .map_err(failed)?;
                }
            }
            column.close().map_err(failed)?;
        }
        group.close().map_err(failed)?;
        writer.into_inner().map_err(failed)
    }
}

/// A column's kind.
#[derive(Clone, Copy)]
pub(crate) enum Kind {
    Text,
    Int,
    Bool,
}

/// The values present, and a definition level per row (1 present, 0 null).
fn split<T, U>(values: &[Option<T>], convert: impl Fn(&T) -> U) -> (Vec<U>, Vec<i16>) {
    let mut present = Vec::with_capacity(values.len());
    let mut levels = Vec::with_capacity(values.len());
    for v in values {
        match v {
            Some(v) => {
                present.push(convert(v));
                levels.push(1);
            }
            None => levels.push(0),
        }
    }
    (present, levels)
}

/// A file of the dataset, as the manifest lists it.
#[derive(Serialize)]
#[serde(rename_all = "kebab-case")]
struct Listed {
    path: String,
    table: String,
    rows: usize,
    sha256: String,
}

#[derive(Serialize)]
#[serde(rename_all = "kebab-case")]
struct Manifest<'a> {
    schema_version: u32,
    made: &'a str,
    /// Whether `people_identity` was left out.
    pseudonymous: bool,
    keys: &'static str,
    files: Vec<Listed>,
}

/// The dataset's files: `(path inside the folder, table name, table)`.
pub(crate) struct Dataset {
    files: Vec<(String, String, Table)>,
}

impl Dataset {
    pub(crate) fn new() -> Dataset {
        Dataset { files: Vec::new() }
    }

    /// A table in one file, `NAME.parquet`.
    pub(crate) fn table(&mut self, name: &str, table: Table) {
        self.files
            .push((format!("{name}.parquet"), name.to_owned(), table));
    }

    /// A table partitioned by framework: `NAME/framework=ID/part-0.parquet`.
    pub(crate) fn partitioned(&mut self, name: &str, parts: BTreeMap<String, Table>) {
        for (framework, table) in parts {
            self.files.push((
                format!("{name}/framework={framework}/part-0.parquet"),
                name.to_owned(),
                table,
            ));
        }
    }

    /// Write the dataset to the folder `dir` (which must not exist, or be
    /// empty): built in a hidden folder beside it, then renamed into place.
    /// Returns the number of files and of rows.
    pub(crate) fn write(
        self,
        dir: &Path,
        made: &str,
        pseudonymous: bool,
    ) -> Result<(usize, usize)> {
        let parent = match dir.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let name = dir.file_name().map_or_else(
            || "dataset".to_owned(),
            |n| n.to_string_lossy().into_owned(),
        );
        let staging = tempfile::Builder::new()
            .prefix(&format!(".{name}."))
            .tempdir_in(&parent)
            .map_err(|e| Error::io("write a folder in", &parent, e))?;
        let mut listed = Vec::new();
        let mut rows = 0;
        for (path, table_name, table) in &self.files {
            let bytes = table.parquet()?;
            let target = staging.path().join(path);
            if let Some(folder) = target.parent() {
                std::fs::create_dir_all(folder).map_err(|e| Error::io("write", folder, e))?;
            }
            std::fs::write(&target, &bytes).map_err(|e| Error::io("write", &target, e))?;
            rows += table.rows();
            listed.push(Listed {
                path: path.clone(),
                table: table_name.clone(),
                rows: table.rows(),
                sha256: crate::digest::sha256(&bytes, 32),
            });
        }
        let count = listed.len() + 1;
        let manifest = Manifest {
            schema_version: SCHEMA,
            made,
            pseudonymous,
            keys: "person-key and rater-key are the same for one person in every file of this workspace (a salted SHA-256 of their id); people_identity, when present, maps them to ids, names and emails",
            files: listed,
        };
        let manifest_path = staging.path().join("manifest.json");
        std::fs::write(&manifest_path, crate::render::json(&manifest)?)
            .map_err(|e| Error::io("write", &manifest_path, e))?;
        let staged = staging.keep();
        // Onto an empty folder or a new name; never over anything else.
        if let Err(e) = std::fs::rename(&staged, dir) {
            let _ = std::fs::remove_dir_all(&staged);
            return Err(Error::io("write the dataset to", dir, e));
        }
        Ok((count, rows))
    }
}
