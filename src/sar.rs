//! A subject-access bundle: everything the workspace holds about one person,
//! as one zip file, with a manifest (`manifest.json`) that names each file's
//! SHA-256 and where it came from, what was left out and why, and states
//! what the bundle is complete against — which `validate` checks again
//! against the workspace ([`check`]).

use std::io::{Read, Write};
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::diagnostic::{Code, Diagnostic};
use crate::error::{Error, Result};

/// The manifest's format version.
pub(crate) const SCHEMA: u32 = 1;
/// The manifest's name inside the zip.
pub(crate) const MANIFEST: &str = "manifest.json";
/// How a peer's record left out is named in the manifest: not by its file
/// name, which holds the day the peer rated; it is known by its SHA-256.
pub(crate) const PEER_RECORD: &str = "(a peer's record)";
/// Most bytes read from one member of a bundle being checked.
const MAX_MEMBER: u64 = 64 * 1024 * 1024;

/// `manifest.json`.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub(crate) struct Manifest {
    pub schema: u32,
    /// The person's id, and their name on the roster.
    pub person: String,
    pub name: String,
    /// The day the bundle was made.
    pub made: String,
    /// Every file in the bundle but this manifest.
    pub files: Vec<Member>,
    /// Files about the person not in the bundle, and why.
    pub left_out: Vec<LeftOut>,
    /// Records the person wrote about others, as a rater: which and when,
    /// not what they rated.
    pub rated_others: Vec<Rated>,
    /// Reports that could not be made, and why.
    #[serde(default)]
    pub notes: Vec<String>,
    /// What the bundle is complete against.
    pub complete: Completeness,
}

/// A file in the bundle.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub(crate) struct Member {
    /// Its name inside the zip.
    pub path: String,
    /// The workspace file it is a copy of (records, the roster entry's
    /// file), when it is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    pub sha256: String,
    /// What it is, in words.
    pub what: String,
}

/// A file about the person left out, and why.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub(crate) struct LeftOut {
    pub source: String,
    pub sha256: String,
    pub why: String,
}

/// A record the person wrote about someone else.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub(crate) struct Rated {
    pub record: String,
    pub date: String,
    pub by: String,
}

/// The statement of completeness: every file of the person's folders on
/// the day is in `files` or `left-out`.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub(crate) struct Completeness {
    /// The person's folders (assessments, reviews), relative to the workspace.
    pub folders: Vec<String>,
    /// How many files they held.
    pub files_in_folders: usize,
    pub statement: String,
}

/// A bundle being built.
#[derive(Default)]
pub(crate) struct Bundle {
    pub manifest: Manifest,
    entries: Vec<(String, Vec<u8>)>,
}

impl Bundle {
    pub(crate) fn new(person: &str, name: &str, made: &str, folders: &[String]) -> Bundle {
        Bundle {
            manifest: Manifest {
                schema: SCHEMA,
                person: person.to_owned(),
                name: name.to_owned(),
                made: made.to_owned(),
                complete: Completeness {
                    folders: folders.to_vec(),
                    ..Completeness::default()
                },
                ..Manifest::default()
            },
            entries: Vec::new(),
        }
    }

    /// Add a file at `path` in the zip.
    pub(crate) fn add(&mut self, path: &str, source: Option<&str>, what: &str, bytes: Vec<u8>) {
        self.manifest.files.push(Member {
            path: path.to_owned(),
            source: source.map(str::to_owned),
            sha256: sha256(&bytes),
            what: what.to_owned(),
        });
        self.entries.push((path.to_owned(), bytes));
    }

    /// The zip: the manifest first, then every file in the order added.
    pub(crate) fn zip(mut self, files_in_folders: usize) -> Result<Vec<u8>> {
        let m = &mut self.manifest;
        m.complete.files_in_folders = files_in_folders;
        m.complete.statement = format!(
            "On {}, {} held {}; each is in this bundle (`files`, by `source`) or named in `left-out` with why. `competency validate` on this file checks it against the workspace again.",
            m.made,
            m.complete.folders.join(" and "),
            crate::render::count(files_in_folders, "file", "files")
        );
        let manifest = crate::render::json(&self.manifest)?;
        let failed =
            |e: &dyn std::fmt::Display| Error::refused(format!("cannot write the zip: {e}"));
        let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated)
            .unix_permissions(0o600);
        for (path, bytes) in std::iter::once((MANIFEST, manifest.as_bytes()))
            .chain(self.entries.iter().map(|(p, b)| (p.as_str(), b.as_slice())))
        {
            zip.start_file(path, options).map_err(|e| failed(&e))?;
            zip.write_all(bytes).map_err(|e| failed(&e))?;
        }
        Ok(zip.finish().map_err(|e| failed(&e))?.into_inner())
    }
}

/// The person's folders: their assessments and their reviews.
pub(crate) fn folders(person: &str) -> [String; 2] {
    [
        crate::store::person_rel(person),
        crate::store::review_rel(person),
    ]
}

/// Every entry of the person's folders, as `(path in the workspace, kind)`,
/// sorted; a folder that is a link is refused, a missing one is empty.
pub(crate) fn person_files(
    root: &crate::file::Root,
    person: &str,
) -> Result<Vec<(String, crate::file::Kind)>> {
    use crate::file::Opened;
    let mut files = Vec::new();
    for folder in folders(person) {
        match root.open_folder(&folder) {
            Ok(Opened::Folder(_, entries)) => {
                files.extend(
                    entries
                        .into_iter()
                        .map(|(name, kind)| (format!("{folder}/{name}"), kind)),
                );
            }
            Ok(Opened::Missing) => {}
            Ok(Opened::Link) => {
                return Err(Error::Invalid(vec![crate::file::symlink(
                    &root.join(&folder),
                )]));
            }
            Err(e) => return Err(Error::io("read the folder", &root.join(&folder), e)),
        }
    }
    files.sort();
    Ok(files)
}

/// Each file of the person's folders now, with its SHA-256 (empty for what
/// is not a regular file): what a bundle is checked against.
pub(crate) fn files_now(root: &crate::file::Root, person: &str) -> Result<Vec<(String, String)>> {
    let mut now = Vec::new();
    for (rel, kind) in person_files(root, person)? {
        let digest = if kind == crate::file::Kind::File {
            sha256(&root.read_bytes(&rel)?)
        } else {
            String::new()
        };
        now.push((rel, digest));
    }
    Ok(now)
}

/// `sha256:` and the whole SHA-256 of `bytes`, in hex.
pub(crate) fn sha256(bytes: &[u8]) -> String {
    crate::digest::sha256(bytes, 32)
}

/// What `validate` finds wrong with the bundle at `path`: a member that is
/// not as its manifest says, and — against `now`, the files of the
/// person's folders in the workspace as they are now (each file's path in
/// the workspace and SHA-256) — a file neither in the bundle nor left out
/// with a reason, or one changed since.
pub(crate) fn check(path: &Path, now: Option<&[(String, String)]>) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    let bytes = match crate::file::read_bytes(path, crate::file::Links::Follow) {
        Ok(bytes) => bytes,
        Err(d) => return vec![d],
    };
    let bad = |message: String| Diagnostic::error(Code::BadBundle, path, message);
    let mut archive = match zip::ZipArchive::new(std::io::Cursor::new(bytes)) {
        Ok(archive) => archive,
        Err(e) => return vec![bad(format!("not a zip file this tool can read ({e})"))],
    };
    let Some(text) = member(&mut archive, MANIFEST) else {
        return vec![bad(format!("the zip has no `{MANIFEST}`"))];
    };
    let manifest: Manifest = match serde_json::from_slice(&text) {
        Ok(m) => m,
        Err(e) => {
            return vec![bad(format!(
                "`{MANIFEST}` is not a manifest this tool wrote ({e})"
            ))];
        }
    };
    if manifest.schema > SCHEMA {
        return vec![bad(format!(
            "the manifest uses format {}, newer than this version of competency reads (format {SCHEMA})",
            manifest.schema
        ))];
    }
    for m in &manifest.files {
        match member(&mut archive, &m.path) {
            None => problems.push(bad(format!(
                "`{}` is in the manifest but not in the zip",
                m.path.escape_debug()
            ))),
            Some(bytes) if sha256(&bytes) != m.sha256 => problems.push(bad(format!(
                "`{}` is not the file the manifest names (its SHA-256 differs)",
                m.path.escape_debug()
            ))),
            Some(_) => {}
        }
    }
    let Some(now) = now else {
        return problems;
    };
    let listed = |source: &str, digest: &str| -> Option<&str> {
        let peer = manifest
            .left_out
            .iter()
            .find(|l| l.source == PEER_RECORD && l.sha256 == digest)
            .map(|l| l.sha256.as_str());
        peer.or_else(|| {
            manifest
                .files
                .iter()
                .filter_map(|m| m.source.as_deref().map(|s| (s, m.sha256.as_str())))
                .chain(
                    manifest
                        .left_out
                        .iter()
                        .map(|l| (l.source.as_str(), l.sha256.as_str())),
                )
                .find(|(s, _)| *s == source)
                .map(|(_, digest)| digest)
        })
    };
    for (source, digest) in now {
        match listed(source, digest) {
            None => problems.push(bad(format!(
                "`{}` is in the workspace but neither in the bundle nor left out with a reason: the bundle is not complete (made {})",
                source.escape_debug(),
                manifest.made
            ))),
            Some(d) if d != digest => problems.push(
                Diagnostic::warning(
                    Code::BadBundle,
                    path,
                    format!(
                        "`{}` has changed since the bundle was made ({})",
                        source.escape_debug(),
                        manifest.made
                    ),
                ),
            ),
            Some(_) => {}
        }
    }
    if now.len() < manifest.complete.files_in_folders {
        problems.push(Diagnostic::warning(
            Code::BadBundle,
            path,
            format!(
                "{} held {} when the bundle was made, {} now",
                manifest.complete.folders.join(" and "),
                crate::render::count(manifest.complete.files_in_folders, "file", "files"),
                now.len()
            ),
        ));
    }
    problems
}

/// The bytes of the member `name`, at most [`MAX_MEMBER`].
fn member<R: Read + std::io::Seek>(
    archive: &mut zip::ZipArchive<R>,
    name: &str,
) -> Option<Vec<u8>> {
    let file = archive.by_name(name).ok()?;
    let mut bytes = Vec::new();
    file.take(MAX_MEMBER).read_to_end(&mut bytes).ok()?;
    Some(bytes)
}

/// The person a bundle's manifest names, read from the zip at `path`.
pub(crate) fn person_of(path: &Path) -> Option<String> {
    let bytes = crate::file::read_bytes(path, crate::file::Links::Follow).ok()?;
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).ok()?;
    let text = member(&mut archive, MANIFEST)?;
    let manifest: Manifest = serde_json::from_slice(&text).ok()?;
    crate::id::is_valid_id(&manifest.person).then_some(manifest.person)
}
