//! Reading a record file and checking it against the frameworks: every
//! problem becomes a located diagnostic, collected in one pass.

use std::collections::HashSet;
use std::path::Path;

use rayon::prelude::*;
use toml::Spanned;

use super::{Record, SCHEMA, SubjectKind};
use crate::catalog::Catalog;
use crate::diagnostic::{Diagnostic, Location, did_you_mean, list_names};
use crate::id::is_valid_id;
use crate::load;
use crate::model::{Framework, Polarity, Subject};

/// Parse a record's text. Refuses a record from a newer version by its
/// `schema` number, before complaining about keys this version does not know.
pub fn parse(file: &Path, source: &str) -> Result<Record, Diagnostic> {
    if source.trim().is_empty() {
        return Err(Diagnostic::error("empty-file", file, "the file is empty"));
    }
    match load::parse_toml::<Record>(file, source) {
        Ok(record) if record.schema > SCHEMA => Err(newer_schema(file, source, record.schema)),
        Ok(record) => Ok(record),
        Err(d) => {
            #[derive(serde::Deserialize)]
            struct SchemaOnly {
                schema: Option<u32>,
            }
            match toml::from_str::<SchemaOnly>(source) {
                Ok(SchemaOnly {
                    schema: Some(schema),
                }) if schema > SCHEMA => Err(newer_schema(file, source, schema)),
                _ => Err(d),
            }
        }
    }
}

fn newer_schema(file: &Path, source: &str, schema: u32) -> Diagnostic {
    let line = source
        .lines()
        .position(|l| l.trim_start().starts_with("schema"))
        .map(|i| Location {
            line: i + 1,
            column: 1,
            length: 6,
        });
    Diagnostic::error(
        "newer-schema",
        file,
        format!(
            "the record uses format {schema}, newer than this version of competency reads (format {SCHEMA})"
        ),
    )
    .with_key("schema")
    .with_help("upgrade competency to read it; the file is left as it is")
    .at(line, Some(source))
}

/// Where a TOML value is, as a location.
fn locate<T>(spanned: &Spanned<T>, source: &str) -> Option<Location> {
    let span = spanned.span();
    if span.start == span.end && span.start == 0 {
        return None;
    }
    let start = span.start.min(source.len());
    let before = source.get(..start)?;
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    let length = source
        .get(start..span.end.min(source.len()))
        .map_or(1, |s| s.lines().next().map_or(1, |l| l.chars().count()));
    Some(Location {
        line,
        column,
        length: length.clamp(1, 80),
    })
}

struct Checker<'a> {
    file: &'a Path,
    source: &'a str,
    diagnostics: Vec<Diagnostic>,
}

impl Checker<'_> {
    fn error<T>(
        &mut self,
        code: &'static str,
        at: &Spanned<T>,
        key: &str,
        message: String,
    ) -> &mut Diagnostic {
        let d = Diagnostic::error(code, self.file, message)
            .with_key(key)
            .at(locate(at, self.source), Some(self.source));
        self.diagnostics.push(d);
        let last = self.diagnostics.len() - 1;
        &mut self.diagnostics[last]
    }

    fn warning<T>(
        &mut self,
        code: &'static str,
        at: &Spanned<T>,
        key: &str,
        message: String,
    ) -> &mut Diagnostic {
        let d = self.error(code, at, key, message);
        d.severity = crate::diagnostic::Severity::Warning;
        d
    }
}

/// Check a parsed record against the catalogue. `folder` is the name of the
/// folder the file is in (the person's id), when it is in a workspace.
pub fn check(
    file: &Path,
    source: &str,
    record: &Record,
    catalog: &Catalog,
    folder: Option<&str>,
) -> Vec<Diagnostic> {
    let mut c = Checker {
        file,
        source,
        diagnostics: Vec::new(),
    };
    let person = record.person();
    if !is_valid_id(person) {
        c.error(
            "bad-id",
            &record.person,
            "person",
            format!("`{}` is not a valid person id", person.escape_debug()),
        );
    } else if let Some(folder) = folder
        && folder != person
    {
        c.error(
            "person-mismatch",
            &record.person,
            "person",
            format!("the record is for `{person}` but is in the folder of `{folder}`"),
        );
    }
    check_dates(&mut c, record);
    match catalog.framework(record.framework()) {
        Ok(framework) => check_against(&mut c, record, framework, catalog),
        Err(crate::catalog::CatalogError::Unknown(message)) => {
            c.error("unknown-framework", &record.framework, "framework", message);
        }
        // The framework file itself is broken; validate reports it there.
        Err(crate::catalog::CatalogError::Invalid(_)) => {}
    }
    if let Some(false) = record.checksum_matches() {
        // A final record must never change; a draft edited by hand is only noted.
        let d = match record.status {
            super::Status::Final => Diagnostic::error(
                "edited-after-final",
                file,
                "the record was changed after it was written as final; its checksum no longer matches",
            ),
            super::Status::Draft => Diagnostic::warning(
                "edited-by-hand",
                file,
                "the record was changed by hand after it was written; its checksum no longer matches",
            ),
        };
        c.diagnostics.push(d.with_key("checksum").with_help(
            "to correct a record, record a new assessment with `competency assess ... --amend <file>`",
        ));
    }
    c.diagnostics
}

fn check_dates(c: &mut Checker<'_>, record: &Record) {
    if crate::assess::strict_date(record.date()).is_none() {
        c.error(
            "bad-date",
            &record.date,
            "date",
            format!(
                "`{}` is not a date (use YYYY-MM-DD, e.g. 2026-11-24)",
                record.date().escape_debug()
            ),
        );
    }
    if record.created().parse::<jiff::Timestamp>().is_err() {
        c.error(
            "bad-date",
            &record.created,
            "created",
            format!("`{}` is not a timestamp", record.created().escape_debug()),
        );
    }
    if let Some(amends) = &record.amends {
        let name = amends.get_ref();
        let exists = c.file.parent().is_some_and(|dir| dir.join(name).is_file());
        if name.contains(['/', '\\']) || name.starts_with('.') {
            c.error(
                "bad-amends",
                amends,
                "amends",
                format!("`{}` is not a record file name", name.escape_debug()),
            );
        } else if !exists {
            c.warning(
                "unknown-amends",
                amends,
                "amends",
                format!(
                    "the record amends `{}`, which is not in the same folder",
                    name.escape_debug()
                ),
            );
        }
    }
}

fn check_against(c: &mut Checker<'_>, record: &Record, framework: &Framework, catalog: &Catalog) {
    if record.fingerprint != framework.fingerprint {
        c.warning(
            "framework-changed",
            &record.framework,
            "fingerprint",
            format!(
                "the record was made against framework `{}` {}, which has changed since (now {})",
                framework.id, record.fingerprint, framework.fingerprint
            ),
        )
        .help = Some(
            "its ratings are still read; check them against the current indicators".to_owned(),
        );
    }
    if let Some(role) = &record.role {
        match catalog.role(role.get_ref()) {
            Ok(profile) if profile.framework != framework.id => {
                c.error(
                    "role-framework-mismatch",
                    role,
                    "role",
                    format!(
                        "role `{}` belongs to framework `{}`, not `{}`",
                        profile.id, profile.framework, framework.id
                    ),
                );
            }
            Ok(_) => {}
            Err(e) => {
                c.error("unknown-role", role, "role", e.to_string());
            }
        }
    }
    let subject = match record.subject {
        SubjectKind::Person => Subject::Person,
        SubjectKind::Organisation => Subject::Organisation,
    };
    let mut seen = HashSet::new();
    for (i, rating) in record.ratings.iter().enumerate() {
        check_rating(c, rating, i, framework, subject, &mut seen);
    }
}

/// One rating: a known competency of the record's subject, rated once, at a
/// level of the scale, with ticks that are the competency's indicators.
fn check_rating<'r>(
    c: &mut Checker<'_>,
    rating: &'r super::Rating,
    i: usize,
    framework: &Framework,
    subject: Subject,
    seen: &mut HashSet<&'r str>,
) {
    let key = format!("rating[{i}]");
    let id = rating.competency();
    let Some(competency) = framework.competency(id) else {
        let help = did_you_mean(id, framework.competencies.iter().map(|k| k.id.as_str()))
            .map(|s| format!("did you mean `{s}`?"));
        c.error(
            "unknown-competency",
            &rating.competency,
            &format!("{key}.competency"),
            format!(
                "unknown competency `{}` in framework `{}`",
                id.escape_debug(),
                framework.id
            ),
        )
        .help = help;
        return;
    };
    if !seen.insert(id) {
        c.error(
            "duplicate-rating",
            &rating.competency,
            &format!("{key}.competency"),
            format!("competency `{id}` is rated twice"),
        );
    }
    if competency.subject != subject {
        c.error(
            "wrong-subject",
            &rating.competency,
            &format!("{key}.competency"),
            format!(
                "`{id}` rates {}, but this record rates {}",
                subject_words(competency.subject),
                subject_words(subject)
            ),
        );
    }
    if let Some(level) = &rating.level {
        if framework.scale.level(level.get_ref()).is_none() {
            c.error(
                "unknown-level",
                level,
                &format!("{key}.level"),
                format!(
                    "unknown level `{}` (the scale of `{}` has {})",
                    level.get_ref().escape_debug(),
                    framework.id,
                    list_names(framework.scale.codes(), "and")
                ),
            );
        }
        if rating.not_applicable {
            c.error(
                "conflicting-rating",
                level,
                &format!("{key}.level"),
                format!("`{id}` has a level and is marked not applicable"),
            );
        }
    }
    let mut all_known = true;
    for (j, ticked) in rating.ticked.iter().enumerate() {
        let text = load::normalise(ticked.get_ref());
        if !competency.all_indicators().any(|ind| ind.text == text) {
            all_known = false;
            c.error(
                "unknown-indicator",
                ticked,
                &format!("{key}.ticked[{j}]"),
                format!("`{id}` has no indicator with this text"),
            );
        }
    }
    // A level said to come from the checklist must be the one its ticks give.
    if rating.method == super::Method::Checklist && all_known {
        let derived = crate::derive::derive_level(framework, competency, rating.ticked());
        if derived.level.as_deref() != rating.level() {
            let at = rating.level.as_ref().unwrap_or(&rating.competency);
            c.error(
                "checklist-mismatch",
                at,
                &format!("{key}.level"),
                format!(
                    "`{id}` is rated `{}` by checklist, but its ticks give {}",
                    rating.level().unwrap_or("no level"),
                    derived
                        .level
                        .map_or_else(|| "no level".to_owned(), |l| format!("`{l}`"))
                ),
            )
            .help = Some(format!("the rule: {}", derived.explain()));
        }
    }
}

fn subject_words(subject: Subject) -> &'static str {
    match subject {
        Subject::Person => "a person",
        Subject::Organisation => "an organisation or team",
    }
}

/// Whether the ticked indicator is a negative one (for display).
pub fn is_negative(framework: &Framework, competency: &str, text: &str) -> bool {
    framework
        .competency(competency)
        .and_then(|c| c.all_indicators().find(|i| i.text == text))
        .is_some_and(|i| i.polarity == Polarity::Negative)
}

/// Check one record file on disk: readable, parseable, valid, private.
pub fn check_file(path: &Path, catalog: &Catalog, folder: Option<&str>) -> Vec<Diagnostic> {
    check_stored(&crate::store::StoredRecord::read(path), catalog, folder)
}

fn check_stored(
    stored: &crate::store::StoredRecord,
    catalog: &Catalog,
    folder: Option<&str>,
) -> Vec<Diagnostic> {
    let mut diagnostics = match &stored.record {
        Ok(record) => check(&stored.path, &stored.source, record, catalog, folder),
        Err(d) => vec![d.clone()],
    };
    diagnostics.extend(privacy(&stored.path));
    diagnostics
}

/// A warning when `path` can be read by anyone but its owner.
pub fn privacy(path: &Path) -> Option<Diagnostic> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(path).ok()?.permissions().mode();
        if mode & 0o077 != 0 {
            let what = if path.is_dir() { "folder" } else { "file" };
            return Some(
                Diagnostic::warning(
                    "readable-by-others",
                    path,
                    format!(
                        "the {what} holds personal data but others can read it (mode {:o})",
                        mode & 0o777
                    ),
                )
                .with_help(format!(
                    "run `chmod {} {}`",
                    if path.is_dir() { "700" } else { "600" },
                    crate::diagnostic::shown(path)
                )),
            );
        }
    }
    let _ = path;
    None
}

/// Check every record of a workspace, and its folders; returns the number of
/// files checked and every problem.
pub fn check_workspace(
    workspace: &crate::workspace::Workspace,
    catalog: &Catalog,
) -> (usize, Vec<Diagnostic>) {
    let mut files = 0;
    let mut diagnostics = Vec::new();
    diagnostics.extend(privacy(&workspace.root));
    let people = match crate::store::people(workspace) {
        Ok(people) => people,
        Err(e) => {
            let dir = workspace.assessments_dir();
            diagnostics.push(Diagnostic::error(
                "unreadable-file",
                &dir,
                format!("cannot read the folder: {}", load::io_reason(&e)),
            ));
            return (files, diagnostics);
        }
    };
    // People are checked in parallel; their problems are kept in order.
    let per_person: Vec<(usize, Vec<Diagnostic>)> = people
        .par_iter()
        .map(|person| check_person(workspace, catalog, person))
        .collect();
    for (count, problems) in per_person {
        files += count;
        diagnostics.extend(problems);
    }
    (files, diagnostics)
}

/// One person's folder: its name, its privacy, every record, leftovers.
fn check_person(
    workspace: &crate::workspace::Workspace,
    catalog: &Catalog,
    person: &str,
) -> (usize, Vec<Diagnostic>) {
    let dir = crate::store::person_dir(workspace, person);
    let mut diagnostics = Vec::new();
    if !is_valid_id(person) {
        diagnostics.push(
            Diagnostic::error(
                "bad-id",
                &dir,
                format!(
                    "the folder name `{}` is not a valid person id",
                    person.escape_debug()
                ),
            )
            .with_help("rename the folder to lowercase letters, digits and hyphens"),
        );
    }
    diagnostics.extend(privacy(&dir));
    let folder = match crate::store::Folder::read(&dir) {
        Ok(folder) => folder,
        Err(e) => {
            diagnostics.push(Diagnostic::error(
                "unreadable-file",
                &dir,
                format!("cannot read the folder: {}", load::io_reason(&e)),
            ));
            return (0, diagnostics);
        }
    };
    // Which record amends which: two corrections of one record compete.
    let mut amended_by: Vec<(String, String)> = Vec::new();
    for path in &folder.records {
        let stored = crate::store::StoredRecord::read(path);
        diagnostics.extend(check_stored(&stored, catalog, Some(person)));
        if let Ok(record) = &stored.record
            && let Some(target) = &record.amends
        {
            let target = target.get_ref();
            if let Some((_, first)) = amended_by.iter().find(|(t, _)| t == target) {
                diagnostics.push(
                    Diagnostic::warning(
                        "amended-twice",
                        path,
                        format!("`{target}` is also amended by `{first}`; reports use the later of the two"),
                    )
                    .with_key("amends")
                    .at(locate(target_span(record), &stored.source), Some(&stored.source)),
                );
            }
            amended_by.push((target.clone(), stored.file_name()));
        }
    }
    for leftover in &folder.leftovers {
        diagnostics.push(Diagnostic::warning(
            "leftover-temporary-file",
            leftover,
            "a temporary file left by an interrupted write; it is not a record and is safe to delete",
        ));
    }
    (folder.records.len(), diagnostics)
}

/// The `amends` value of a record, for locating a warning about it.
fn target_span(record: &Record) -> &Spanned<String> {
    record.amends.as_ref().unwrap_or(&record.person)
}
