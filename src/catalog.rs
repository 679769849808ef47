//! Every framework and role profile a command can see: the bundled frameworks
//! compiled into the binary, then a workspace's own `frameworks/*.yaml` (which
//! replace a bundled framework with the same id) and `roles/*.yaml`.
//!
//! Files are parsed lazily and once. A role is found through an index, never
//! by searching text: the bundled frameworks' roles are listed in
//! [`BUNDLED_ROLES`] (a test keeps the list true), role files are indexed by
//! parsing them, and only the file that defines the role is checked in full,
//! so `gap` for one person reads one framework, not five.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, OnceLock};

use crate::diagnostic::{Code, Diagnostic, list_names};
use crate::error::{Error, Remedy, Request, Result, Unknown};
use crate::file::{Kind, Opened, Root};
use crate::framework_file::{self, Loaded, raw::RawRoleFile};
use crate::model::{Framework, Origin, RoleProfile};

/// The bundled frameworks: id and YAML text.
pub(crate) const BUNDLED: &[(&str, &str)] = &[
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
pub(crate) const BUNDLED_CHANGED: &[(&str, &str, &str)] = &[
    (
        "ombudsman",
        "2026-11-25T22:05:24Z",
        "sha256:8c70b445f6aecddb",
    ),
    ("arun", "2026-11-25T22:59:38Z", "sha256:a0d4efddc913e442"),
    (
        "cherwell-snc",
        "2026-12-03T09:15:40Z",
        "sha256:dacebab86829fcf3",
    ),
    ("wdcvs", "2026-11-25T22:05:24Z", "sha256:6a42a6fbff07042b"),
    (
        "sssc-clf",
        "2026-12-03T08:10:15Z",
        "sha256:eec29cb74ebcdc22",
    ),
];

/// The roles the bundled frameworks define: role id and framework id.
pub(crate) const BUNDLED_ROLES: &[(&str, &str)] = &[
    ("residential-services-staff", "arun"),
    ("people-manager", "arun"),
    ("leadership", "arun"),
    ("community-link-worker", "wdcvs"),
    ("support-worker", "sssc-clf"),
    ("nursery-practitioner", "sssc-clf"),
    ("nursery-manager", "sssc-clf"),
    ("care-home", "sssc-clf"),
];

struct Entry {
    id: String,
    origin: Origin,
    /// A workspace file's path relative to the workspace, and its text.
    file: Option<WorkspaceFile>,
    loaded: OnceLock<Loaded<Framework>>,
    /// The ids of the roles a workspace framework defines, read without
    /// checking the rest of the file.
    roles: OnceLock<Result<Vec<String>, Diagnostic>>,
}

/// A YAML file of the workspace, read once through its root.
struct WorkspaceFile {
    root: Arc<Root>,
    rel: String,
    path: PathBuf,
    text: OnceLock<Result<String, Diagnostic>>,
}

impl WorkspaceFile {
    fn new(root: &Arc<Root>, rel: String) -> Self {
        WorkspaceFile {
            path: root.join(&rel),
            root: Arc::clone(root),
            rel,
            text: OnceLock::new(),
        }
    }

    fn text(&self) -> Result<&str, &Diagnostic> {
        self.text
            .get_or_init(|| self.root.read_text(&self.rel))
            .as_ref()
            .map(String::as_str)
    }
}

impl Entry {
    fn load(&self) -> &Loaded<Framework> {
        self.loaded.get_or_init(|| match &self.file {
            None => {
                let text = BUNDLED
                    .iter()
                    .find(|(id, _)| *id == self.id)
                    .map_or("", |(_, text)| *text);
                let path = PathBuf::from(format!("frameworks/{}.yaml", self.id));
                framework_file::framework_from(&path, text, Some(&self.id), &Origin::Bundled)
            }
            Some(file) => match file.text() {
                Ok(text) => {
                    framework_file::framework_from(&file.path, text, Some(&self.id), &self.origin)
                }
                Err(d) => Loaded {
                    value: None,
                    diagnostics: vec![d.clone()],
                },
            },
        })
    }

    /// Whether the framework defines the role `id`: for a bundled framework
    /// from [`BUNDLED_ROLES`], for a workspace file from its `roles:` ids
    /// alone (a file that cannot even be read that far says so).
    fn defines(&self, id: &str) -> Result<bool, &Diagnostic> {
        let Some(file) = &self.file else {
            return Ok(BUNDLED_ROLES
                .iter()
                .any(|(role, framework)| *role == id && *framework == self.id));
        };
        let ids = self.roles.get_or_init(|| {
            #[derive(serde::Deserialize)]
            struct Index {
                #[serde(default)]
                roles: Vec<RoleId>,
            }
            #[derive(serde::Deserialize)]
            struct RoleId {
                id: String,
            }
            let text = file.text().map_err(Clone::clone)?;
            let index = crate::parse::parse_yaml::<Index>(&file.path, text)?;
            Ok(index
                .roles
                .into_iter()
                .map(|r| r.id.trim().to_owned())
                .collect())
        });
        ids.as_ref().map(|ids| ids.iter().any(|r| r == id))
    }
}

/// A workspace `roles/*.yaml` file: read once, indexed once (the ids of its
/// roles and their frameworks, from the parsed file), checked once.
struct RoleFile {
    file: WorkspaceFile,
    index: OnceLock<Result<Vec<(String, String)>, Diagnostic>>,
    /// Where each role's id is in the file, in the index's order.
    places: OnceLock<Vec<Option<crate::diagnostic::Location>>>,
    loaded: OnceLock<Loaded<Vec<RoleProfile>>>,
}

/// A place a role id is defined: a framework (bundled or the workspace's)
/// or a workspace role file.
struct Definition {
    /// `roles/cherwell.yaml`, `frameworks/x.yaml`, or "the bundled framework `arun`".
    place: String,
    /// The file, when it is a workspace file, with the id's key and place in it.
    file: Option<(PathBuf, String, Option<crate::diagnostic::Location>)>,
}

impl RoleFile {
    fn text(&self) -> Result<&str, &Diagnostic> {
        self.file.text()
    }

    /// The roles the file defines (id, framework id), or why it cannot be read.
    fn index(&self) -> Result<&[(String, String)], &Diagnostic> {
        self.index
            .get_or_init(|| {
                let text = self.text().map_err(Clone::clone)?;
                let raw = crate::parse::parse_yaml::<RawRoleFile>(&self.file.path, text)?;
                let _ = self.places.set(
                    raw.roles
                        .iter()
                        .map(|r| framework_file::location(&r.id))
                        .collect(),
                );
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

    /// Where the `n`th role's id is in the file.
    fn place(&self, n: usize) -> Option<crate::diagnostic::Location> {
        self.places.get().and_then(|p| p.get(n).copied().flatten())
    }
}

/// Frameworks and roles, bundled and from a workspace.
pub struct Catalog {
    entries: Vec<Entry>,
    role_files: Vec<RoleFile>,
    /// Workspace files left out when the folders were listed (a link, a
    /// file whose id another file already has).
    listed: Vec<Diagnostic>,
    /// Workspace files found broken when a command looked into them but did
    /// not need them: each becomes one warning.
    passed_over: Mutex<Vec<Diagnostic>>,
    /// Where each role looked up so far is defined (a report looks one up
    /// per record): the catalogue does not change, so once is enough.
    found: Mutex<HashMap<String, Found>>,
}

/// Where [`Catalog::role`] found a role: the role file and the role's
/// place in it, or the framework entry and the role's place in it.
#[derive(Clone, Copy)]
enum Found {
    File(usize, usize),
    Framework(usize, usize),
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
                    file: None,
                    loaded: OnceLock::new(),
                    roles: OnceLock::new(),
                })
                .collect(),
            role_files: Vec::new(),
            listed: Vec::new(),
            passed_over: Mutex::new(Vec::new()),
            found: Mutex::new(HashMap::new()),
        }
    }

    /// The bundled frameworks plus a workspace's `frameworks/` and `roles/`,
    /// read through the workspace's root (no link followed). A workspace
    /// framework with a bundled id replaces the bundled one. Nothing is read
    /// but the folders' listings until a command asks.
    pub fn with_workspace(root: &Arc<Root>) -> Result<Catalog> {
        let mut catalog = Catalog::bundled();
        let (frameworks, listed) = yaml_files(root, "frameworks");
        catalog.listed.extend(listed);
        for rel in frameworks {
            let id = rel
                .rsplit('/')
                .next()
                .and_then(|name| name.rsplit_once('.'))
                .map_or_else(String::new, |(stem, _)| stem.to_owned());
            catalog.entries.retain(|e| e.id != id);
            let file = WorkspaceFile::new(root, rel);
            catalog.entries.push(Entry {
                id,
                origin: Origin::File(file.path.clone()),
                file: Some(file),
                loaded: OnceLock::new(),
                roles: OnceLock::new(),
            });
        }
        let (roles, listed) = yaml_files(root, "roles");
        catalog.listed.extend(listed);
        catalog.role_files = roles
            .into_iter()
            .map(|rel| RoleFile {
                file: WorkspaceFile::new(root, rel),
                index: OnceLock::new(),
                places: OnceLock::new(),
                loaded: OnceLock::new(),
            })
            .collect();
        Ok(catalog)
    }

    /// Workspace files this command left out: listed but unusable (a link,
    /// an id taken twice), or found broken while looking for something else
    /// and not needed. One warning each, for the command to show.
    pub fn left_out(&self) -> Vec<Diagnostic> {
        let mut all = self.listed.clone();
        if let Ok(passed) = self.passed_over.lock() {
            for d in passed.iter() {
                if !all.iter().any(|a| a.file == d.file) {
                    all.push(d.clone());
                }
            }
        }
        all
    }

    /// Note a file found broken but not needed.
    fn pass_over(&self, path: &std::path::Path, problem: &Diagnostic) {
        let d = Diagnostic::warning(
            problem.code,
            path,
            format!(
                "this file cannot be used ({}), so it was left out (`competency validate` lists its problems)",
                problem.message
            ),
        );
        if let Ok(mut passed) = self.passed_over.lock()
            && !passed.iter().any(|p| p.file == d.file)
        {
            passed.push(d);
        }
    }

    /// A framework's YAML as it is written: the bundled text, or the
    /// workspace file's.
    pub fn source_text(&self, id: &str) -> Result<std::borrow::Cow<'static, str>> {
        match self.entry(id).map(|e| &e.origin) {
            None => Err(self.unknown_framework(id)),
            Some(Origin::Bundled) => Ok(std::borrow::Cow::Borrowed(
                BUNDLED
                    .iter()
                    .find(|(b, _)| *b == id)
                    .map_or("", |(_, text)| *text),
            )),
            Some(Origin::File(_)) => {
                let file = self
                    .entry(id)
                    .and_then(|e| e.file.as_ref())
                    .ok_or_else(|| Request::refused(format!("no file is known for `{id}`")))?;
                Ok(std::borrow::Cow::Owned(
                    file.text().map_err(Clone::clone)?.to_owned(),
                ))
            }
        }
    }

    /// When a framework's file last changed, UTC, to the second: for a
    /// bundled framework when this project last changed its YAML
    /// (`BUNDLED_CHANGED`), for a workspace file its modification time.
    pub fn last_change(&self, id: &str) -> Result<jiff::Timestamp> {
        let unknown_date = || {
            Error::from(Request::refused(format!(
                "no date is recorded for framework `{id}`"
            )))
        };
        match self.origin(id) {
            None => Err(self.unknown_framework(id)),
            Some(Origin::Bundled) => BUNDLED_CHANGED
                .iter()
                .find(|(b, _, _)| *b == id)
                .and_then(|(_, when, _)| when.parse().ok())
                .ok_or_else(unknown_date),
            Some(Origin::File(path)) => {
                let file = self
                    .entry(id)
                    .and_then(|e| e.file.as_ref())
                    .ok_or_else(unknown_date)?;
                let stat = file
                    .root
                    .stat(&file.rel)
                    .map_err(|e| Error::io("read the modification time of", path, e))?
                    .ok_or_else(unknown_date)?;
                jiff::Timestamp::from_second(stat.modified).map_err(|_| unknown_date())
            }
        }
    }

    /// The error for a framework id that is not in the catalogue.
    fn unknown_framework(&self, id: &str) -> Error {
        Request::new(Unknown::new("framework", id, None, self.framework_ids()))
            .on(crate::error::Field::Framework)
            .into()
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
            return Err(self.unknown_framework(id));
        };
        let loaded = entry.load();
        match &loaded.value {
            Some(framework) if !loaded.has_errors() => Ok(framework),
            _ => Err(Error::Invalid(loaded.diagnostics.clone())),
        }
    }

    /// Every framework that loads, in catalogue order; a workspace file
    /// that does not is left out (and named by [`Catalog::left_out`]).
    pub fn frameworks(&self) -> Vec<&Framework> {
        self.entries
            .iter()
            .filter_map(|e| {
                let framework = self.framework(&e.id).ok();
                if framework.is_none()
                    && let Some(file) = &e.file
                    && let Some(d) = e.load().diagnostics.iter().find(|d| d.is_error())
                {
                    self.pass_over(&file.path, d);
                }
                framework
            })
            .collect()
    }

    /// A workspace role file, checked once, when first needed.
    fn role_load<'a>(&'a self, file: &'a RoleFile) -> &'a Loaded<Vec<RoleProfile>> {
        file.loaded.get_or_init(|| {
            let find = |id: &str| self.framework(id).ok();
            match file.text() {
                Ok(text) => framework_file::roles_from_str(&file.file.path, text, &find),
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

    /// Every role profile that loads: those in frameworks, then the
    /// workspace's. Files that do not load are left out (and named by
    /// [`Catalog::left_out`]).
    pub fn roles(&self) -> Vec<&RoleProfile> {
        let mut roles: Vec<&RoleProfile> = Vec::new();
        for framework in self.frameworks() {
            roles.extend(framework.roles.iter());
        }
        for file in &self.role_files {
            match self.file_roles(file) {
                Ok(found) => roles.extend(found),
                Err(_) => {
                    if let Some(d) = self
                        .role_load(file)
                        .diagnostics
                        .iter()
                        .find(|d| d.is_error())
                    {
                        self.pass_over(&file.file.path, d);
                    }
                }
            }
        }
        roles
    }

    /// The role profiles of one framework: its own, then the workspace's.
    /// Only role files with a role of this framework are checked in full; a
    /// role file that cannot be read is left out with a warning.
    pub fn roles_of(&self, framework: &str) -> Result<Vec<&RoleProfile>> {
        let mut roles: Vec<&RoleProfile> = self.framework(framework)?.roles.iter().collect();
        for file in &self.role_files {
            let index = match file.index() {
                Ok(index) => index,
                Err(d) => {
                    self.pass_over(&file.file.path, d);
                    continue;
                }
            };
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

    /// The role profile with this id, wherever it is defined: a workspace
    /// role file, a workspace framework or a bundled framework. Only the
    /// file that defines it must be valid; files that cannot even be read
    /// far enough to know their roles are passed over with a warning (and
    /// named when the role is not found). An id defined in two places is
    /// refused, naming both: the command never chooses one silently.
    /// The role `id`, or `None` when nothing defines it and every role file
    /// could be read (one that could not might define it: then, as a role
    /// defined twice, the error [`Catalog::role`] gives).
    pub fn find_role(&self, id: &str) -> Result<Option<&RoleProfile>> {
        let mut unreadable: Vec<String> = Vec::new();
        let places = self.definitions(Some(id), &mut unreadable);
        if places.is_empty() && unreadable.is_empty() {
            return Ok(None);
        }
        self.role(id).map(Some)
    }

    pub fn role(&self, id: &str) -> Result<&RoleProfile> {
        if let Some(role) = self.found_before(id) {
            return Ok(role);
        }
        let mut unreadable: Vec<String> = Vec::new();
        let places = self.definitions(Some(id), &mut unreadable);
        if places.len() > 1 {
            let both = if places.len() == 2 { "both " } else { "" };
            return Err(Request::refused(format!(
                "role `{id}` is defined in {both}{}, so it is not clear which is meant; keep it in one place",
                list_names(places.iter().map(|d| d.place.as_str()), "and")
            ))
            .on(crate::error::Field::Role)
            .or(Remedy::Validate)
            .into());
        }
        for (f, file) in self.role_files.iter().enumerate().rev() {
            if let Ok(index) = file.index()
                && index.iter().any(|(role, _)| role == id)
            {
                let roles = self.file_roles(file)?;
                if let Some(r) = roles.iter().rposition(|r| r.id == id) {
                    return Ok(self.remember(id, Found::File(f, r), &roles[r]));
                }
            }
        }
        for (e, entry) in self.entries.iter().enumerate().rev() {
            if let Ok(true) = entry.defines(id) {
                let framework = self.framework(&entry.id)?;
                if let Some(r) = framework.roles.iter().rposition(|r| r.id == id) {
                    return Ok(self.remember(id, Found::Framework(e, r), &framework.roles[r]));
                }
            }
        }
        let roles = self.roles();
        let mut unknown = Unknown::new("role", id, None, roles.iter().map(|r| r.id.as_str()));
        unknown.unreadable = unreadable;
        let validate = !unknown.unreadable.is_empty();
        let mut request = Request::new(unknown)
            .on(crate::error::Field::Role)
            .or(Remedy::List(crate::error::Listing::Roles))
            .or(Remedy::DefineRole);
        if validate {
            request = request.or(Remedy::Validate);
        }
        Err(request.into())
    }

    /// Every place the role `id` is defined (every role, when `None`), in
    /// the catalogue's order: frameworks (bundled first), then workspace
    /// role files. Files that cannot be read far enough are passed over,
    /// and named in `unreadable`.
    fn definitions(&self, id: Option<&str>, unreadable: &mut Vec<String>) -> Vec<Definition> {
        self.definitions_of(id, unreadable)
            .into_iter()
            .map(|(_, d)| d)
            .collect()
    }

    /// The role `id` where an earlier [`Catalog::role`] found it.
    fn found_before(&self, id: &str) -> Option<&RoleProfile> {
        let found = *self.found.lock().ok()?.get(id)?;
        match found {
            Found::File(f, r) => self.file_roles(self.role_files.get(f)?).ok()?.get(r),
            Found::Framework(e, r) => self.framework(&self.entries.get(e)?.id).ok()?.roles.get(r),
        }
    }

    fn remember<'a>(&self, id: &str, found: Found, role: &'a RoleProfile) -> &'a RoleProfile {
        if let Ok(mut all) = self.found.lock() {
            all.insert(id.to_owned(), found);
        }
        role
    }

    fn definitions_of(
        &self,
        id: Option<&str>,
        unreadable: &mut Vec<String>,
    ) -> Vec<(String, Definition)> {
        let wanted = |role: &str| id.is_none_or(|id| id == role);
        let mut found = Vec::new();
        for entry in &self.entries {
            match &entry.file {
                None => {
                    for (role, _) in BUNDLED_ROLES
                        .iter()
                        .filter(|(r, f)| *f == entry.id && wanted(r))
                    {
                        found.push((
                            (*role).to_owned(),
                            Definition {
                                place: format!("the bundled framework `{}`", entry.id),
                                file: None,
                            },
                        ));
                    }
                }
                Some(file) => {
                    let _ = entry.defines("");
                    match entry.roles.get() {
                        Some(Ok(ids)) => {
                            for (n, role) in ids.iter().enumerate().filter(|(_, r)| wanted(r)) {
                                found.push((
                                    role.clone(),
                                    Definition {
                                        place: crate::diagnostic::shown(&file.path).to_string(),
                                        file: Some((
                                            file.path.clone(),
                                            format!("roles[{n}].id"),
                                            None,
                                        )),
                                    },
                                ));
                            }
                        }
                        Some(Err(d)) => {
                            self.pass_over(&file.path, d);
                            unreadable.push(crate::diagnostic::shown(&file.path).to_string());
                        }
                        None => {}
                    }
                }
            }
        }
        for file in &self.role_files {
            match file.index() {
                Ok(index) => {
                    for (n, (role, _)) in index.iter().enumerate().filter(|(_, (r, _))| wanted(r)) {
                        found.push((
                            role.clone(),
                            Definition {
                                place: crate::diagnostic::shown(&file.file.path).to_string(),
                                file: Some((
                                    file.file.path.clone(),
                                    format!("roles[{n}].id"),
                                    file.place(n),
                                )),
                            },
                        ));
                    }
                }
                Err(d) => {
                    self.pass_over(&file.file.path, d);
                    unreadable.push(crate::diagnostic::shown(&file.file.path).to_string());
                }
            }
        }
        found
    }

    /// Role ids defined in more than one place: one error at each place
    /// after the first, naming the first (`duplicate-id`).
    pub fn duplicate_roles(&self) -> Vec<Diagnostic> {
        let all = self.definitions_of(None, &mut Vec::new());
        let mut problems = Vec::new();
        for (n, (id, definition)) in all.iter().enumerate() {
            let Some((first_id, first)) = all[..n].iter().find(|(other, _)| other == id) else {
                continue;
            };
            // A role given twice in one file is that file's own problem.
            if first.place == definition.place {
                continue;
            }
            let message = format!(
                "role `{first_id}` is also defined in {}; a role id must be defined once, and commands that need `{id}` refuse until it is",
                first.place
            );
            let d = match &definition.file {
                Some((path, key, location)) => {
                    let text = self
                        .role_files
                        .iter()
                        .find(|f| f.file.path == *path)
                        .and_then(|f| f.text().ok());
                    Diagnostic::error(Code::DuplicateId, path, message)
                        .with_key(key.clone())
                        .at(*location, text)
                }
                None => Diagnostic::error(Code::DuplicateId, &PathBuf::from("roles"), message),
            };
            problems.push(d.with_help("rename one of them, or remove the one not wanted"));
        }
        problems
    }

    /// Load everything and return every diagnostic, for `validate`.
    pub fn diagnostics(&self) -> Vec<Diagnostic> {
        let mut all = self.listed.clone();
        for entry in &self.entries {
            all.extend(entry.load().diagnostics.iter().cloned());
        }
        for file in &self.role_files {
            all.extend(self.role_load(file).diagnostics.iter().cloned());
        }
        all.extend(self.duplicate_roles());
        all
    }

    /// Files checked by [`Catalog::diagnostics`], for the summary line.
    pub fn file_count(&self) -> usize {
        self.entries.len() + self.role_files.len()
    }
}

/// "unknown framework \`x\` (known frameworks: ...)", or "...; did you mean
/// \`y\`?" when one is close. `scope` says where it was looked for.
pub(crate) fn unknown<'a>(
    what: &'static str,
    id: &str,
    scope: Option<&str>,
    known: impl Iterator<Item = &'a str>,
) -> String {
    Unknown::new(what, id, scope, known).to_string()
}

/// The `*.yaml` (and `*.yml`) files of the workspace folder `dir`, sorted
/// by path relative to the workspace; none when the folder is missing.
/// Symbolic links are listed (reading them reports the link, never its
/// target). Also what is left out: the folder itself when it is a link or
/// cannot be read, and a file whose id another file already has (`x.yml`
/// beside `x.yaml`: the `.yaml` is used).
fn yaml_files(root: &Root, dir: &str) -> (Vec<String>, Vec<Diagnostic>) {
    let path = root.join(dir);
    let entries = match root.open_folder(dir) {
        Ok(Opened::Missing) => return (Vec::new(), Vec::new()),
        Ok(Opened::Link) => {
            return (
                Vec::new(),
                vec![crate::file::symlink(&path).with_help(format!(
                    "replace the link with the folder itself; until then nothing in {dir}/ is used"
                ))],
            );
        }
        Ok(Opened::Folder(_, entries)) => entries,
        Err(e) => {
            return (
                Vec::new(),
                vec![Diagnostic::error(
                    Code::UnreadableFile,
                    &path,
                    format!(
                        "cannot read the folder: {}; nothing in it is used",
                        crate::error::io_reason(&e)
                    ),
                )],
            );
        }
    };
    let mut files: Vec<(String, String)> = entries
        .into_iter()
        .filter(|(_, kind)| matches!(kind, Kind::File | Kind::Link))
        .filter_map(|(name, _)| {
            let (stem, ext) = name.rsplit_once('.')?;
            (ext.eq_ignore_ascii_case("yaml") || ext.eq_ignore_ascii_case("yml"))
                .then(|| (stem.to_owned(), name.clone()))
        })
        .collect();
    // `.yaml` before `.yml` for the same stem, then by name.
    files.sort_by(|a, b| {
        (&a.0, !a.1.to_ascii_lowercase().ends_with(".yaml"), &a.1).cmp(&(
            &b.0,
            !b.1.to_ascii_lowercase().ends_with(".yaml"),
            &b.1,
        ))
    });
    let mut kept: Vec<String> = Vec::new();
    let mut problems = Vec::new();
    let mut last: Option<(String, String)> = None;
    for (stem, name) in files {
        if let Some((seen, used)) = &last
            && *seen == stem
        {
            problems.push(
                Diagnostic::warning(
                    Code::DuplicateId,
                    &path.join(&name),
                    format!("`{name}` has the same name as `{used}` in {dir}/, which is the one used; this file is left out"),
                )
                .with_help("keep one of the two files"),
            );
            continue;
        }
        kept.push(format!("{dir}/{name}"));
        last = Some((stem, name));
    }
    kept.sort();
    (kept, problems)
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
