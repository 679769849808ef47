//! Every framework and role profile a command can see: the bundled frameworks
//! compiled into the binary, then a workspace's own `frameworks/*.yaml` (which
//! may adapt a bundled one by reusing its id) and `roles/*.yaml`.
//!
//! Files are parsed lazily and once: `gap` for one person reads only the
//! framework it needs, not all of them.

use std::collections::HashMap;
use std::fmt::{self, Write as _};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};

use crate::diagnostic::{Diagnostic, did_you_mean, list_names};
use crate::load::{self, Loaded};
use crate::model::{Framework, RoleProfile};

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

/// Where a framework or role came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Origin {
    Bundled,
    File(PathBuf),
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Origin::Bundled => f.write_str("bundled"),
            Origin::File(path) => write!(f, "{}", path.display()),
        }
    }
}

struct Entry {
    id: String,
    origin: Origin,
    loaded: OnceLock<Loaded<Framework>>,
}

impl Entry {
    /// Whether this framework could define role `id`: a bundled framework's
    /// text must contain the id; a workspace file is always looked at.
    fn may_define(&self, id: &str) -> bool {
        match &self.origin {
            Origin::Bundled => BUNDLED
                .iter()
                .any(|(bundled, text)| *bundled == self.id && text.contains(id)),
            Origin::File(_) => true,
        }
    }

    fn load(&self) -> &Loaded<Framework> {
        self.loaded.get_or_init(|| match &self.origin {
            Origin::Bundled => {
                let text = BUNDLED
                    .iter()
                    .find(|(id, _)| *id == self.id)
                    .map_or("", |(_, text)| *text);
                let path = PathBuf::from(format!("frameworks/{}.yaml", self.id));
                load::framework_from_str(&path, text, Some(&self.id))
            }
            Origin::File(path) => load::framework_from_file(path),
        })
    }
}

/// A problem finding or loading something by id.
#[derive(Debug)]
pub enum CatalogError {
    /// No such id; the message names what there is.
    Unknown(String),
    /// The file behind the id has errors.
    Invalid(Vec<Diagnostic>),
}

impl fmt::Display for CatalogError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CatalogError::Unknown(message) => f.write_str(message),
            CatalogError::Invalid(diagnostics) => {
                let errors: Vec<&Diagnostic> =
                    diagnostics.iter().filter(|d| d.is_error()).collect();
                for (i, d) in errors.iter().enumerate() {
                    if i > 0 {
                        writeln!(f)?;
                    }
                    write!(f, "{d}")?;
                }
                Ok(())
            }
        }
    }
}

impl std::error::Error for CatalogError {}

/// A workspace `roles/*.yaml` file.
struct RoleFile {
    path: PathBuf,
    text: OnceLock<Result<String, Diagnostic>>,
    loaded: OnceLock<Loaded<Vec<RoleProfile>>>,
}

impl RoleFile {
    fn text(&self) -> Result<&str, &Diagnostic> {
        self.text
            .get_or_init(|| load::read_text(&self.path))
            .as_ref()
            .map(String::as_str)
    }

    /// Whether the file could define role `id`: an unreadable file might (and
    /// its problem must be reported), a readable one must mention the id.
    fn may_define(&self, id: &str) -> bool {
        self.text().map_or(true, |text| text.contains(id))
    }
}

/// Frameworks and roles, bundled and from a workspace.
pub struct Catalog {
    entries: Vec<Entry>,
    role_files: Vec<RoleFile>,
    /// Role id -> the frameworks whose text mentions it, found once per id
    /// (reports look roles up for every record).
    candidates: Mutex<HashMap<String, Vec<usize>>>,
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
            candidates: Mutex::new(HashMap::new()),
        }
    }

    /// The bundled frameworks plus a workspace's `frameworks/` and `roles/`.
    /// A workspace framework with a bundled id replaces the bundled one.
    pub fn with_workspace(root: &Path) -> std::io::Result<Catalog> {
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
                loaded: OnceLock::new(),
            })
            .collect();
        Ok(catalog)
    }

    /// Framework ids, bundled first, in catalogue order.
    pub fn framework_ids(&self) -> impl Iterator<Item = &str> {
        self.entries.iter().map(|e| e.id.as_str())
    }

    pub fn origin(&self, framework: &str) -> Option<&Origin> {
        self.entries
            .iter()
            .find(|e| e.id == framework)
            .map(|e| &e.origin)
    }

    /// The framework with this id, loaded and valid.
    pub fn framework(&self, id: &str) -> Result<&Framework, CatalogError> {
        let Some(entry) = self.entries.iter().find(|e| e.id == id) else {
            return Err(CatalogError::Unknown(unknown(
                "framework",
                id,
                None,
                self.framework_ids(),
            )));
        };
        let loaded = entry.load();
        match &loaded.value {
            Some(framework) if !loaded.has_errors() => Ok(framework),
            _ => Err(CatalogError::Invalid(loaded.diagnostics.clone())),
        }
    }

    /// Every framework, in catalogue order; fails on the first invalid one.
    pub fn frameworks(&self) -> Result<Vec<&Framework>, CatalogError> {
        self.entries.iter().map(|e| self.framework(&e.id)).collect()
    }

    /// A workspace role file, read and checked once, when first needed.
    fn role_load<'a>(&'a self, file: &'a RoleFile) -> &'a Loaded<Vec<RoleProfile>> {
        file.loaded.get_or_init(|| {
            let find = |id: &str| self.framework(id).ok();
            match file.text() {
                Ok(text) => load::roles_from_str(&file.path, text, &find),
                Err(d) => Loaded {
                    value: None,
                    diagnostics: vec![d.clone()],
                },
            }
        })
    }

    fn role_loads(&self) -> impl DoubleEndedIterator<Item = &Loaded<Vec<RoleProfile>>> {
        self.role_files.iter().map(|f| self.role_load(f))
    }

    /// Every role profile: those in frameworks, then the workspace's.
    pub fn roles(&self) -> Result<Vec<&RoleProfile>, CatalogError> {
        let mut roles: Vec<&RoleProfile> = Vec::new();
        for framework in self.frameworks()? {
            roles.extend(framework.roles.iter());
        }
        for loaded in self.role_loads() {
            if loaded.has_errors() {
                return Err(CatalogError::Invalid(loaded.diagnostics.clone()));
            }
            roles.extend(loaded.value.iter().flatten());
        }
        Ok(roles)
    }

    /// The role profiles of one framework: its own, then the workspace's.
    /// Role files that do not mention the framework are not parsed.
    pub fn roles_of(&self, framework: &str) -> Result<Vec<&RoleProfile>, CatalogError> {
        let mut roles: Vec<&RoleProfile> = self.framework(framework)?.roles.iter().collect();
        for file in self.role_files.iter().filter(|f| f.may_define(framework)) {
            let loaded = self.role_load(file);
            if loaded.has_errors() {
                return Err(CatalogError::Invalid(loaded.diagnostics.clone()));
            }
            roles.extend(
                loaded
                    .value
                    .iter()
                    .flatten()
                    .filter(|r| r.framework == framework),
            );
        }
        Ok(roles)
    }

    /// The role profile with this id. A workspace role shadows a bundled one.
    ///
    /// Only the files that can define it are parsed: the workspace's role
    /// files, then frameworks whose text mentions the id (workspace ones
    /// first). `gap` for one role thus parses one bundled framework, not five.
    pub fn role(&self, id: &str) -> Result<&RoleProfile, CatalogError> {
        // Files whose text does not mention the id cannot define it.
        for file in self.role_files.iter().rev().filter(|f| f.may_define(id)) {
            let loaded = self.role_load(file);
            if loaded.has_errors() {
                return Err(CatalogError::Invalid(loaded.diagnostics.clone()));
            }
            if let Some(role) = loaded.value.iter().flatten().rev().find(|r| r.id == id) {
                return Ok(role);
            }
        }
        for entry in self
            .candidates(id)
            .into_iter()
            .rev()
            .map(|i| &self.entries[i])
        {
            let framework = self.framework(&entry.id)?;
            if let Some(role) = framework.roles.iter().rev().find(|r| r.id == id) {
                return Ok(role);
            }
        }
        let roles = self.roles()?;
        Err(CatalogError::Unknown(unknown(
            "role",
            id,
            None,
            roles.iter().map(|r| r.id.as_str()),
        )))
    }

    /// Indices of the frameworks that may define role `id`, in catalogue order.
    fn candidates(&self, id: &str) -> Vec<usize> {
        let find = || {
            self.entries
                .iter()
                .enumerate()
                .filter(|(_, e)| e.may_define(id))
                .map(|(i, _)| i)
                .collect::<Vec<_>>()
        };
        match self.candidates.lock() {
            Ok(mut memo) => memo.entry(id.to_owned()).or_insert_with(find).clone(),
            Err(_) => find(),
        }
    }

    /// Load everything and return every diagnostic, for `validate`.
    pub fn diagnostics(&self) -> Vec<Diagnostic> {
        let mut all = Vec::new();
        for entry in &self.entries {
            all.extend(entry.load().diagnostics.iter().cloned());
        }
        for loaded in self.role_loads() {
            all.extend(loaded.diagnostics.iter().cloned());
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
fn yaml_files(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(e),
    };
    let mut files = Vec::new();
    for entry in entries {
        let path = entry?.path();
        let is_yaml = path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("yaml") || e.eq_ignore_ascii_case("yml"));
        if is_yaml && path.is_file() {
            files.push(path);
        }
    }
    files.sort();
    Ok(files)
}
