//! Every framework and role profile a command can see: the bundled frameworks
//! compiled into the binary, then a workspace's own `frameworks/*.yaml` (which
//! replace a bundled framework with the same id) and `roles/*.yaml`.
//!
//! Files are parsed lazily and once. A role is found through an index, never
//! by searching text: the bundled frameworks' roles are listed in
//! [`BUNDLED_ROLES`] (a test keeps the list true), role files are indexed by
//! parsing them, and only the file that defines the role is checked in full,
//! so `gap` for one person reads one framework, not five.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use crate::diagnostic::{Diagnostic, did_you_mean, list_names};
use crate::error::{Error, IoContext as _, Result};
use crate::file::{Links, read_text};
use crate::framework_file::{self, Loaded, raw::RawRoleFile};
use crate::model::{Framework, Origin, RoleProfile};

/// The bundled frameworks: id and YAML text.
pub const BUNDLED: &[(&str, &str)] = &[
    ("ombudsman", include_str!("../frameworks/ombudsman.yaml")),
    ("arun", include_str!("../frameworks/arun.yaml")),
    (
        "cherwell-snc",
        include_str!("../frameworks/cherwell-snc.yaml"),
    ),
    ("wdcvs", include_str!("../frameworks/wdcvs.yaml")),
    ("sssc-clf", include_str!("../frameworks/sssc-clf.yaml")),
];

/// When this project last changed each bundled framework's YAML (the time of
/// that commit, UTC), with a digest of the text as it was then. It is CASE
/// export's `lastChangeDateTime`: honest, and the same on every run. A test
/// fails when a file changes and its entry does not; the entry then takes the
/// time of the change and the digest the test prints.
pub const BUNDLED_CHANGED: &[(&str, &str, &str)] = &[
    (
        "ombudsman",
        "2026-11-25T22:05:24Z",
        "sha256:8c70b445f6aecddb",
    ),
    ("arun", "2026-11-25T22:59:38Z", "sha256:a0d4efddc913e442"),
    (
        "cherwell-snc",
        "2026-11-25T22:59:38Z",
        "sha256:33100f76ed6e9544",
    ),
    ("wdcvs", "2026-11-25T22:05:24Z", "sha256:6a42a6fbff07042b"),
    (
        "sssc-clf",
        "2026-11-25T22:59:38Z",
        "sha256:ff133a4956bc3537",
    ),
];

/// The roles the bundled frameworks define: role id and framework id.
pub const BUNDLED_ROLES: &[(&str, &str)] = &[
    ("residential-services-staff", "arun"),
    ("people-manager", "arun"),
    ("leadership", "arun"),
    ("community-link-worker", "wdcvs"),
    ("support-worker", "sssc-clf"),
    ("nursery-practitioner", "sssc-clf"),
    ("nursery-manager", "sssc-clf"),
];

struct Entry {
    id: String,
    origin: Origin,
    loaded: OnceLock<Loaded<Framework>>,
}

impl Entry {
    fn load(&self) -> &Loaded<Framework> {
        self.loaded.get_or_init(|| match &self.origin {
            Origin::Bundled => {
                let text = BUNDLED
                    .iter()
                    .find(|(id, _)| *id == self.id)
                    .map_or("", |(_, text)| *text);
                let path = PathBuf::from(format!("frameworks/{}.yaml", self.id));
                framework_file::framework_from(&path, text, Some(&self.id), &Origin::Bundled)
            }
            Origin::File(path) => framework_file::framework_from_file(path, Links::Refuse),
        })
    }
}

/// A workspace `roles/*.yaml` file: read once, indexed once (the ids of its
/// roles and their frameworks, from the parsed file), checked once.
struct RoleFile {
    path: PathBuf,
    text: OnceLock<Result<String, Diagnostic>>,
    index: OnceLock<Result<Vec<(String, String)>, Diagnostic>>,
    loaded: OnceLock<Loaded<Vec<RoleProfile>>>,
}

impl RoleFile {
    fn text(&self) -> Result<&str, &Diagnostic> {
        self.text
            .get_or_init(|| read_text(&self.path, Links::Refuse))
            .as_ref()
            .map(String::as_str)
    }

    /// The roles the file defines (id, framework id), or why it cannot be read.
    fn index(&self) -> Result<&[(String, String)], &Diagnostic> {
        self.index
            .get_or_init(|| {
                let text = self.text().map_err(Clone::clone)?;
                let raw = crate::parse::parse_yaml::<RawRoleFile>(&self.path, text)?;
                Ok(raw
                    .roles
                    .iter()
                    .map(|r| {
                        let framework = r
                            .framework
                            .as_ref()
                            .map(|f| f.value.trim().to_owned())
                            .unwrap_or_default();
                        (r.id.value.trim().to_owned(), framework)
                    })
                    .collect())
            })
            .as_ref()
            .map(Vec::as_slice)
    }
}

/// Frameworks and roles, bundled and from a workspace.
pub struct Catalog {
    entries: Vec<Entry>,
    role_files: Vec<RoleFile>,
}

impl Catalog {
    /// Only the bundled frameworks.
    pub fn bundled() -> Catalog {
        Catalog {
            entries: BUNDLED
                .iter()
                .map(|(id, _)| Entry {
                    id: (*id).to_owned(),
                    origin: Origin::Bundled,
                    loaded: OnceLock::new(),
                })
                .collect(),
            role_files: Vec::new(),
        }
    }

    /// The bundled frameworks plus a workspace's `frameworks/` and `roles/`.
    /// A workspace framework with a bundled id replaces the bundled one.
    pub fn with_workspace(root: &Path) -> Result<Catalog> {
        let mut catalog = Catalog::bundled();
        for path in yaml_files(&root.join("frameworks"))? {
            let id = path
                .file_stem()
                .and_then(|s| s.to_str())
                .unwrap_or_default()
                .to_owned();
            catalog.entries.retain(|e| e.id != id);
            catalog.entries.push(Entry {
                id,
                origin: Origin::File(path),
                loaded: OnceLock::new(),
            });
        }
        catalog.role_files = yaml_files(&root.join("roles"))?
            .into_iter()
            .map(|path| RoleFile {
                path,
                text: OnceLock::new(),
                index: OnceLock::new(),
                loaded: OnceLock::new(),
            })
            .collect();
        Ok(catalog)
    }

    /// A framework's YAML as it is written: the bundled text, or the
    /// workspace file's.
    pub fn source_text(&self, id: &str) -> Result<std::borrow::Cow<'static, str>> {
        match self.entry(id).map(|e| &e.origin) {
            None => Err(Error::Usage(unknown(
                "framework",
                id,
                None,
                self.framework_ids(),
            ))),
            Some(Origin::Bundled) => Ok(std::borrow::Cow::Borrowed(
                BUNDLED
                    .iter()
                    .find(|(b, _)| *b == id)
                    .map_or("", |(_, text)| *text),
            )),
            Some(Origin::File(path)) => {
                Ok(std::borrow::Cow::Owned(read_text(path, Links::Refuse)?))
            }
        }
    }

    /// When a framework's file last changed, UTC, to the second: for a
    /// bundled framework when this project last changed its YAML
    /// ([`BUNDLED_CHANGED`]), for a workspace file its modification time.
    pub fn last_change(&self, id: &str) -> Result<jiff::Timestamp> {
        let unknown_date = || Error::Usage(format!("no date is recorded for framework `{id}`"));
        match self.origin(id) {
            None => Err(Error::Usage(unknown(
                "framework",
                id,
                None,
                self.framework_ids(),
            ))),
            Some(Origin::Bundled) => BUNDLED_CHANGED
                .iter()
                .find(|(b, _, _)| *b == id)
                .and_then(|(_, when, _)| when.parse().ok())
                .ok_or_else(unknown_date),
            Some(Origin::File(path)) => {
                let modified = std::fs::symlink_metadata(path)
                    .and_then(|m| m.modified())
                    .doing("read the modification time of", path)?;
                let when = jiff::Timestamp::try_from(modified).map_err(|_| unknown_date())?;
                jiff::Timestamp::from_second(when.as_second()).map_err(|_| unknown_date())
            }
        }
    }

    /// Framework ids, bundled first, in catalogue order.
    pub fn framework_ids(&self) -> impl Iterator<Item = &str> {
        self.entries.iter().map(|e| e.id.as_str())
    }

    pub fn origin(&self, framework: &str) -> Option<&Origin> {
        self.entry(framework).map(|e| &e.origin)
    }

    fn entry(&self, id: &str) -> Option<&Entry> {
        self.entries.iter().find(|e| e.id == id)
    }

    /// The framework with this id, loaded and valid.
    pub fn framework(&self, id: &str) -> Result<&Framework> {
        let Some(entry) = self.entry(id) else {
            return Err(Error::Usage(unknown(
                "framework",
                id,
                None,
                self.framework_ids(),
            )));
        };
        let loaded = entry.load();
        match &loaded.value {
            Some(framework) if !loaded.has_errors() => Ok(framework),
            _ => Err(Error::Invalid(loaded.diagnostics.clone())),
        }
    }

    /// Every framework, in catalogue order; fails on the first invalid one.
    pub fn frameworks(&self) -> Result<Vec<&Framework>> {
        self.entries.iter().map(|e| self.framework(&e.id)).collect()
    }

    /// A workspace role file, checked once, when first needed.
    fn role_load<'a>(&'a self, file: &'a RoleFile) -> &'a Loaded<Vec<RoleProfile>> {
        file.loaded.get_or_init(|| {
            let find = |id: &str| self.framework(id).ok();
            match file.text() {
                Ok(text) => framework_file::roles_from_str(&file.path, text, &find),
                Err(d) => Loaded {
                    value: None,
                    diagnostics: vec![d.clone()],
                },
            }
        })
    }

    /// The valid roles of a role file.
    fn file_roles<'a>(&'a self, file: &'a RoleFile) -> Result<&'a [RoleProfile]> {
        let loaded = self.role_load(file);
        match &loaded.value {
            Some(roles) if !loaded.has_errors() => Ok(roles),
            _ => Err(Error::Invalid(loaded.diagnostics.clone())),
        }
    }

    /// Every role profile: those in frameworks, then the workspace's.
    pub fn roles(&self) -> Result<Vec<&RoleProfile>> {
        let mut roles: Vec<&RoleProfile> = Vec::new();
        for framework in self.frameworks()? {
            roles.extend(framework.roles.iter());
        }
        for file in &self.role_files {
            roles.extend(self.file_roles(file)?);
        }
        Ok(roles)
    }

    /// The role profiles of one framework: its own, then the workspace's.
    /// Only role files with a role of this framework are checked in full.
    pub fn roles_of(&self, framework: &str) -> Result<Vec<&RoleProfile>> {
        let mut roles: Vec<&RoleProfile> = self.framework(framework)?.roles.iter().collect();
        for file in &self.role_files {
            let index = file.index().map_err(|d| Error::Invalid(vec![d.clone()]))?;
            if index.iter().any(|(_, f)| f == framework) {
                roles.extend(
                    self.file_roles(file)?
                        .iter()
                        .filter(|r| r.framework == framework),
                );
            }
        }
        Ok(roles)
    }

    /// The role profile with this id: a workspace role file's (the last file
    /// wins), else a workspace framework's, else a bundled framework's.
    pub fn role(&self, id: &str) -> Result<&RoleProfile> {
        for file in self.role_files.iter().rev() {
            let index = file.index().map_err(|d| Error::Invalid(vec![d.clone()]))?;
            if index.iter().any(|(role, _)| role == id) {
                let roles = self.file_roles(file)?;
                if let Some(role) = roles.iter().rev().find(|r| r.id == id) {
                    return Ok(role);
                }
            }
        }
        for entry in self.entries.iter().rev() {
            let defines = match &entry.origin {
                Origin::Bundled => BUNDLED_ROLES
                    .iter()
                    .any(|(role, framework)| *role == id && *framework == entry.id),
                // A workspace framework is rare and small enough to load to know.
                Origin::File(_) => true,
            };
            if defines {
                let framework = self.framework(&entry.id)?;
                if let Some(role) = framework.roles.iter().rev().find(|r| r.id == id) {
                    return Ok(role);
                }
            }
        }
        let roles = self.roles()?;
        let mut message = unknown("role", id, None, roles.iter().map(|r| r.id.as_str()));
        message.push_str(
            "; `competency roles` lists the roles, and a workspace defines its own in roles/*.yaml",
        );
        Err(Error::Usage(message))
    }

    /// Load everything and return every diagnostic, for `validate`.
    pub fn diagnostics(&self) -> Vec<Diagnostic> {
        let mut all = Vec::new();
        for entry in &self.entries {
            all.extend(entry.load().diagnostics.iter().cloned());
        }
        for file in &self.role_files {
            all.extend(self.role_load(file).diagnostics.iter().cloned());
        }
        all
    }

    /// Files checked by [`Catalog::diagnostics`], for the summary line.
    pub fn file_count(&self) -> usize {
        self.entries.len() + self.role_files.len()
    }
}

/// "unknown framework \`x\` (known frameworks: ...)", or "...; did you mean
/// \`y\`?" when one is close. `scope` says where it was looked for.
pub fn unknown<'a>(
    what: &str,
    id: &str,
    scope: Option<&str>,
    known: impl Iterator<Item = &'a str>,
) -> String {
    use std::fmt::Write as _;
    let known: Vec<&str> = known.collect();
    let mut message = format!("unknown {what} `{}`", id.escape_debug());
    if let Some(scope) = scope {
        let _ = write!(message, " in {scope}");
    }
    if let Some(suggestion) = did_you_mean(id, known.iter().copied()) {
        let _ = write!(message, "; did you mean `{suggestion}`?");
    } else {
        let names = list_names(known, "and");
        let plural = match what {
            "person" => "people".to_owned(),
            w if w.ends_with('y') => format!("{}ies", &w[..w.len() - 1]),
            w => format!("{w}s"),
        };
        if names.is_empty() {
            let _ = write!(message, " (there are no {plural})");
        } else {
            let _ = write!(message, " (known {plural}: {names})");
        }
    }
    message
}

/// The `*.yaml` files in `dir`, sorted; none when `dir` does not exist.
/// Symbolic links are listed (reading them reports the link, never its target).
fn yaml_files(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for entry in crate::file::entries(dir)? {
        let path = entry.path();
        let is_yaml = path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("yaml") || e.eq_ignore_ascii_case("yml"));
        let kind = entry.file_type().doing("read the folder", dir)?;
        if is_yaml && (kind.is_file() || kind.is_symlink()) {
            files.push(path);
        }
    }
    files.sort();
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_bundled_framework_has_the_date_of_its_text() {
        assert_eq!(BUNDLED_CHANGED.len(), BUNDLED.len());
        let catalog = Catalog::bundled();
        for ((id, text), (changed, when, digest)) in BUNDLED.iter().zip(BUNDLED_CHANGED) {
            assert_eq!(id, changed);
            let now = crate::digest::sha256(text.as_bytes(), 8);
            assert_eq!(
                &now, digest,
                "frameworks/{id}.yaml changed: in BUNDLED_CHANGED give it the time of the change and the digest `{now}`"
            );
            let parsed = catalog.last_change(id).unwrap();
            assert_eq!(parsed.to_string(), *when);
        }
    }

    #[test]
    fn the_bundled_roles_index_lists_every_role_of_every_bundled_framework() {
        let catalog = Catalog::bundled();
        let mut defined: Vec<(String, String)> = catalog
            .frameworks()
            .unwrap()
            .iter()
            .flat_map(|f| f.roles.iter().map(|r| (r.id.clone(), r.framework.clone())))
            .collect();
        let mut listed: Vec<(String, String)> = BUNDLED_ROLES
            .iter()
            .map(|(r, f)| ((*r).to_owned(), (*f).to_owned()))
            .collect();
        defined.sort();
        listed.sort();
        assert_eq!(defined, listed);
    }
}
