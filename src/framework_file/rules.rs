//! Turning `Raw*` values into the model while checking every rule that serde
//! cannot: id shapes, duplicates, references to levels, groups and
//! competencies, empty text. Every problem is pushed as a diagnostic and the
//! check goes on, so an author sees all of them in one pass.

use std::collections::HashSet;
use std::path::Path;

use super::raw::{
    Pairs, RawBlock, RawCompetency, RawFramework, RawGroup, RawRole, RawRoleFile, RawScale, Text,
};
use super::{Loaded, fingerprint};
use crate::diagnostic::{Added, At, Code, Collector, Location, did_you_mean, list_names};
use crate::id::is_valid_id;
use crate::model::{
    BasedOn, Competency, Framework, Group, Indicator, Labels, Level, Origin, Perspective, Polarity,
    RoleProfile, Scale, SpecificationArea, Subject, Theme,
};
use crate::text::normalise;

/// The rules' view of a file: its problems so far.
struct Checker<'a> {
    c: Collector<'a>,
}

/// Where a value is in its file.
pub(crate) fn location(text: &Text) -> Option<Location> {
    let l = text.referenced;
    let line = usize::try_from(l.line()).ok()?;
    (line > 0).then(|| Location {
        line,
        column: usize::try_from(l.column()).unwrap_or(1),
        length: usize::try_from(l.span().len()).unwrap_or(1).clamp(1, 80),
    })
}

impl Checker<'_> {
    fn error(&mut self, code: Code, at: &Text, key: &str, message: String) -> Added<'_> {
        self.c.error(code, At::Location(location(at)), key, message)
    }

    fn warning(&mut self, code: Code, at: &Text, key: &str, message: String) {
        self.c
            .warning(code, At::Location(location(at)), key, message);
    }

    /// A problem with no place in the file beyond its key.
    fn error_at_key(&mut self, code: Code, key: &str, message: &str) -> Added<'_> {
        self.c.error(code, At::File, key, message)
    }

    /// Normalised text; empty text is an error.
    fn text(&mut self, text: &Text, key: &str) -> String {
        let normal = normalise(&text.value);
        if normal.is_empty() {
            self.error(Code::EmptyText, text, key, "the text is empty".to_owned());
        }
        self.no_controls(text, key);
        normal
    }

    /// A control character in a text could drive the terminal of whoever
    /// reads it; it is an error, and shown escaped.
    fn no_controls(&mut self, text: &Text, key: &str) {
        if let Some(c) = crate::text::find_control(&text.value) {
            self.error(
                Code::ControlCharacter,
                text,
                key,
                format!(
                    "the text holds a control character ({}), {}",
                    crate::text::escape_controls(&c.to_string()),
                    crate::text::control_risk(c)
                ),
            )
            .help("remove it");
        }
    }

    /// An address people can open: `https://` or `http://`, no spaces.
    fn url(&mut self, url: &Text, key: &str) -> String {
        let value = self.text(url, key);
        let rest = value
            .strip_prefix("https://")
            .or_else(|| value.strip_prefix("http://"));
        if !value.is_empty() && !rest.is_some_and(|r| !r.is_empty() && !r.contains(' ')) {
            self.error(
                Code::BadUrl,
                url,
                key,
                format!("`{}` is not a web address", value.escape_debug()),
            )
            .help("give the whole address, starting with `https://`");
        }
        value
    }

    fn optional_text(&mut self, text: Option<&Text>, key: &str) -> Option<String> {
        text.map(|t| self.text(t, key))
    }

    fn texts(&mut self, texts: &[Text], key: &str) -> Vec<String> {
        texts
            .iter()
            .enumerate()
            .map(|(i, t)| self.text(t, &format!("{key}[{i}]")))
            .collect()
    }

    /// An id; a bad shape or a repeat among `seen` is an error.
    fn id(&mut self, id: &Text, key: &str, what: &str, seen: &mut HashSet<String>) -> String {
        let value = id.value.trim().to_owned();
        if !is_valid_id(&value) {
            let help = crate::id::suggest_id(&value).map_or_else(
                || "ids are lowercase letters, digits and single hyphens".to_owned(),
                |s| format!("ids are lowercase letters, digits and single hyphens, e.g. `{s}`"),
            );
            self.error(
                Code::BadId,
                id,
                key,
                format!("`{}` is not a valid {what} id", value.escape_debug()),
            )
            .help(help);
        } else if !seen.insert(value.clone()) {
            self.error(
                Code::DuplicateId,
                id,
                key,
                format!("{what} id `{value}` is used twice"),
            );
        }
        value
    }

    /// A level code of `scale`, or an error naming the levels there are.
    fn level(&mut self, code: &Text, key: &str, scale: &Scale) -> Option<String> {
        let value = code.value.trim();
        if let Some(level) = scale.find(value) {
            return Some(level.code.clone());
        }
        if !scale.levels.is_empty() {
            let message = format!(
                "unknown level `{}` (the scale has {})",
                value.escape_debug(),
                list_names(scale.codes(), "and")
            );
            let suggestion =
                did_you_mean(value, scale.codes()).map(|s| format!("did you mean `{s}`?"));
            self.error(Code::UnknownLevel, code, key, message)
                .maybe_help(suggestion);
        }
        None
    }

    fn scale(&mut self, raw: &RawScale) -> Scale {
        let mut levels: Vec<Level> = Vec::new();
        let mut seen = HashSet::new();
        for (i, level) in raw.levels.iter().enumerate() {
            let key = format!("scale.levels[{i}]");
            let code = level.code.value.trim().to_owned();
            if code.is_empty()
                || code
                    .chars()
                    .any(|c| c.is_whitespace() || crate::text::is_control(c))
            {
                self.error(
                    Code::BadLevelCode,
                    &level.code,
                    &format!("{key}.code"),
                    format!(
                        "`{}` is not a level code: codes are one word",
                        code.escape_debug()
                    ),
                );
            } else if !seen.insert(code.to_lowercase()) {
                self.error(
                    Code::DuplicateId,
                    &level.code,
                    &format!("{key}.code"),
                    format!("level code `{code}` is used twice"),
                );
            }
            let label = self.text(&level.label, &format!("{key}.label"));
            let description =
                self.optional_text(level.description.as_ref(), &format!("{key}.description"));
            levels.push(Level {
                code,
                rank: u32::try_from(i + 1).unwrap_or(u32::MAX),
                label,
                description,
            });
        }
        Scale {
            cumulative: raw.cumulative,
            added_for_rating: raw.added_for_rating,
            note: self.optional_text(raw.note.as_ref(), "scale.note"),
            levels,
        }
    }

    fn group(
        &mut self,
        raw: &RawGroup,
        i: usize,
        scale: &Scale,
        seen: &mut HashSet<String>,
    ) -> Group {
        let key = format!("groups[{i}]");
        let id = self.id(&raw.id, &format!("{key}.id"), "group", seen);
        let mut level_descriptions = Vec::new();
        for (code, text) in &raw.level_descriptions.0 {
            let entry_key = format!("{key}.level-descriptions.{}", code.value);
            if let Some(code) = self.level(code, &entry_key, scale) {
                let text = self.text(text, &entry_key);
                level_descriptions.push((code, text));
            }
        }
        level_descriptions.sort_by_key(|(code, _)| scale.rank(code));
        Group {
            id,
            name: self.text(&raw.name, &format!("{key}.name")),
            description: self
                .optional_text(raw.description.as_ref(), &format!("{key}.description")),
            level_descriptions,
            only_where_required: raw.only_where_required,
        }
    }

    fn blocks(&mut self, blocks: &[RawBlock], key: &str, scale: &Scale) -> Vec<Indicator> {
        let mut indicators = Vec::new();
        for (i, block) in blocks.iter().enumerate() {
            let block_key = format!("{key}[{i}]");
            let level = block
                .level
                .as_ref()
                .and_then(|l| self.level(l, &format!("{block_key}.level"), scale));
            let polarity = match block.polarity.as_ref().map(|p| (p, p.value.trim())) {
                None | Some((_, "positive")) => Polarity::Positive,
                Some((_, "negative")) => Polarity::Negative,
                Some((at, other)) => {
                    self.error(
                        Code::UnknownPolarity,
                        at,
                        &format!("{block_key}.polarity"),
                        format!(
                            "unknown polarity `{}` (use `positive` or `negative`)",
                            other.escape_debug()
                        ),
                    );
                    Polarity::Positive
                }
            };
            let perspective = match block.perspective.as_ref().map(|p| (p, p.value.trim())) {
                None => None,
                Some((_, "organisation")) => Some(Perspective::Organisation),
                Some((_, "worker")) => Some(Perspective::Worker),
                Some((at, other)) => {
                    self.error(
                        Code::UnknownPerspective,
                        at,
                        &format!("{block_key}.perspective"),
                        format!(
                            "unknown perspective `{}` (use `organisation` or `worker`)",
                            other.escape_debug()
                        ),
                    );
                    None
                }
            };
            if block.items.is_empty() {
                let at = block
                    .level
                    .as_ref()
                    .or(block.polarity.as_ref())
                    .or(block.perspective.as_ref());
                if let Some(at) = at {
                    self.error(
                        Code::NoIndicators,
                        at,
                        &block_key,
                        "the block has no items".to_owned(),
                    );
                } else {
                    self.error_at_key(Code::NoIndicators, &block_key, "the block has no items");
                }
            }
            for (j, item) in block.items.iter().enumerate() {
                let text = self.text(item, &format!("{block_key}.items[{j}]"));
                indicators.push(Indicator {
                    level: level.clone(),
                    text,
                    polarity,
                    perspective,
                });
            }
        }
        indicators
    }

    fn competency(
        &mut self,
        raw: &RawCompetency,
        i: usize,
        scale: &Scale,
        groups: &[Group],
        seen: &mut HashSet<String>,
    ) -> Competency {
        let key = format!("competencies[{i}]");
        let id = self.id(&raw.id, &format!("{key}.id"), "competency", seen);
        let group = raw.group.as_ref().map(|g| {
            let value = g.value.trim().to_owned();
            if !groups.iter().any(|known| known.id == value) {
                let message = if groups.is_empty() {
                    format!(
                        "unknown group `{}` (the framework defines no groups)",
                        value.escape_debug()
                    )
                } else {
                    format!(
                        "unknown group `{}` (the groups are {})",
                        value.escape_debug(),
                        list_names(groups.iter().map(|g| g.id.as_str()), "and")
                    )
                };
                self.error(Code::UnknownGroup, g, &format!("{key}.group"), message);
            }
            value
        });
        let subject = match raw.subject.as_ref().map(|s| (s, s.value.trim())) {
            None | Some((_, "person")) => Subject::Person,
            Some((_, "organisation")) => Subject::Organisation,
            Some((at, other)) => {
                self.error(
                    Code::UnknownSubject,
                    at,
                    &format!("{key}.subject"),
                    format!(
                        "unknown subject `{}` (use `person` or `organisation`)",
                        other.escape_debug()
                    ),
                );
                Subject::Person
            }
        };
        let indicators = self.blocks(&raw.indicators, &format!("{key}.indicators"), scale);
        let mut theme_ids = HashSet::new();
        let mut themes = Vec::new();
        for (t, theme) in raw.themes.iter().enumerate() {
            let theme_key = format!("{key}.themes[{t}]");
            let theme_id = self.id(
                &theme.id,
                &format!("{theme_key}.id"),
                "theme",
                &mut theme_ids,
            );
            let theme_indicators =
                self.blocks(&theme.indicators, &format!("{theme_key}.indicators"), scale);
            if theme_indicators.is_empty() && theme.indicators.is_empty() {
                self.error(
                    Code::NoIndicators,
                    &theme.id,
                    &theme_key,
                    format!("theme `{theme_id}` has no indicators"),
                );
            }
            themes.push(Theme {
                id: theme_id,
                name: self.text(&theme.name, &format!("{theme_key}.name")),
                description: self.optional_text(
                    theme.description.as_ref(),
                    &format!("{theme_key}.description"),
                ),
                indicators: theme_indicators,
            });
        }
        if raw.indicators.is_empty() && raw.themes.is_empty() {
            self.error(
                Code::NoIndicators,
                &raw.id,
                &key,
                format!("competency `{id}` has no indicators and no themes"),
            );
        }
        Competency {
            name: self.text(&raw.name, &format!("{key}.name")),
            group,
            subject,
            definition: self.optional_text(raw.definition.as_ref(), &format!("{key}.definition")),
            why: self.optional_text(raw.why.as_ref(), &format!("{key}.why")),
            indicators,
            themes,
            standards: self.texts(&raw.standards, &format!("{key}.standards")),
            id,
        }
    }

    /// A role of `framework`; `key` is where the role sits in its file.
    fn role(
        &mut self,
        raw: &RawRole,
        key: &str,
        framework: &Framework,
        origin: &Origin,
        seen: &mut HashSet<String>,
    ) -> RoleProfile {
        let id = self.id(&raw.id, &format!("{key}.id"), "role", seen);
        let required = self.required(&raw.required, &format!("{key}.required"), framework);
        // A role is for a person or for an organisation, as the
        // competencies it requires rate; never both.
        let subject_of = |c: &str| framework.competency(c).map(|c| c.subject);
        let subject = required
            .first()
            .and_then(|(c, _)| subject_of(c))
            .unwrap_or_default();
        if let Some((other, _)) = required
            .iter()
            .find(|(c, _)| subject_of(c).is_some_and(|s| s != subject))
        {
            let first = required
                .first()
                .map(|(c, _)| c.as_str())
                .unwrap_or_default();
            self.error(
                Code::WrongSubject,
                &raw.id,
                &format!("{key}.required"),
                format!(
                    "role `{id}` requires `{first}`, which rates {}, and `{other}`, which rates {}; a role is for a person or for an organisation, not both",
                    subject.words(),
                    subject_of(other).unwrap_or_default().words()
                ),
            )
            .help("put the organisational capabilities in a role of their own");
        }
        if raw.required.0.is_empty() {
            self.warning(
                Code::EmptyRole,
                &raw.id,
                key,
                format!(
                    "role `{id}` requires no competencies, so there is nothing to compare against"
                ),
            );
        }
        let person_specification = raw
            .person_specification
            .iter()
            .enumerate()
            .map(|(i, area)| {
                let area_key = format!("{key}.person-specification[{i}]");
                SpecificationArea {
                    area: self.text(&area.area, &format!("{area_key}.area")),
                    essential: self.texts(&area.essential, &format!("{area_key}.essential")),
                    desirable: self.texts(&area.desirable, &format!("{area_key}.desirable")),
                    assessed_by: self.texts(&area.assessed_by, &format!("{area_key}.assessed-by")),
                }
            })
            .collect();
        RoleProfile {
            name: self.text(&raw.name, &format!("{key}.name")),
            framework: framework.id.clone(),
            illustrative: raw.illustrative,
            note: self.optional_text(raw.note.as_ref(), &format!("{key}.note")),
            required,
            subject,
            person_specification,
            origin: origin.clone(),
            id,
        }
    }

    fn required(
        &mut self,
        pairs: &Pairs,
        key: &str,
        framework: &Framework,
    ) -> Vec<(String, String)> {
        let mut required = Vec::new();
        for (competency, level) in &pairs.0 {
            let entry_key = format!("{key}.{}", competency.value);
            let id = competency.value.trim();
            if framework.competency(id).is_none() {
                let message = format!(
                    "unknown competency `{}` in framework `{}`",
                    id.escape_debug(),
                    framework.id
                );
                let help = did_you_mean(id, framework.competencies.iter().map(|c| c.id.as_str()))
                    .map_or_else(
                        || {
                            format!(
                                "the competencies are {}",
                                list_names(
                                    framework.competencies.iter().map(|c| c.id.as_str()),
                                    "and"
                                )
                            )
                        },
                        |s| format!("did you mean `{s}`?"),
                    );
                self.error(Code::UnknownCompetency, competency, &entry_key, message)
                    .help(help);
                continue;
            }
            if let Some(code) = self.level(level, &entry_key, &framework.scale) {
                required.push((id.to_owned(), code));
            }
        }
        required.sort_by_key(|(c, _)| framework.competencies.iter().position(|k| &k.id == c));
        required
    }
}

pub(super) fn framework(
    file: &Path,
    source: &str,
    raw: &RawFramework,
    expected_id: Option<&str>,
    origin: &Origin,
) -> Loaded<Framework> {
    let mut c = Checker {
        c: Collector::new(file, Some(source)),
    };
    let id = c.id(&raw.id, "id", "framework", &mut HashSet::new());
    if let Some(expected) = expected_id
        && expected != id
        && is_valid_id(&id)
    {
        c.error(
            Code::IdMismatch,
            &raw.id,
            "id",
            format!("the framework id `{id}` does not match the file name `{expected}.yaml`"),
        )
        .help(format!(
            "rename the file to `{id}.yaml` or set `id: {expected}`"
        ));
    }
    let scale = c.scale(&raw.scale);
    if scale.levels.is_empty() {
        c.error_at_key(Code::EmptyScale, "scale.levels", "the scale has no levels")
            .help("add at least one level; see docs/framework-format.md");
    }
    let mut group_ids = HashSet::new();
    let groups: Vec<Group> = raw
        .groups
        .iter()
        .enumerate()
        .map(|(i, g)| c.group(g, i, &scale, &mut group_ids))
        .collect();
    let mut competency_ids = HashSet::new();
    let competencies: Vec<Competency> = raw
        .competencies
        .iter()
        .enumerate()
        .map(|(i, k)| c.competency(k, i, &scale, &groups, &mut competency_ids))
        .collect();
    if competencies.is_empty() {
        c.error_at_key(
            Code::NoCompetencies,
            "competencies",
            "the framework has no competencies",
        );
    }
    let labels = Labels {
        positive: label(
            &mut c,
            raw.labels.positive.as_ref(),
            "labels.positive",
            "Positive indicators",
        ),
        negative: label(
            &mut c,
            raw.labels.negative.as_ref(),
            "labels.negative",
            "Negative indicators",
        ),
        organisation: label(
            &mut c,
            raw.labels.organisation.as_ref(),
            "labels.organisation",
            "The organisation",
        ),
        worker: label(
            &mut c,
            raw.labels.worker.as_ref(),
            "labels.worker",
            "The worker",
        ),
    };
    let mut framework = Framework {
        name: c.text(&raw.name, "name"),
        publisher: c.text(&raw.publisher, "publisher"),
        year: raw.year,
        source: c.text(&raw.source, "source"),
        source_url: raw.source_url.as_ref().map(|u| c.url(u, "source-url")),
        based_on: raw.based_on.as_ref().map(|b| BasedOn {
            id: c.id(&b.id, "based-on.id", "framework", &mut HashSet::new()),
            fingerprint: c.text(&b.fingerprint, "based-on.fingerprint"),
        }),
        licence: c.optional_text(raw.licence.as_ref(), "licence"),
        description: c.optional_text(raw.description.as_ref(), "description"),
        fingerprint: String::new(),
        labels,
        scale,
        groups,
        competencies,
        roles: Vec::new(),
        id,
    };
    framework.fingerprint = fingerprint(&framework);
    framework.roles = framework_roles(&mut c, raw, &framework, origin);
    Loaded {
        value: Some(framework),
        diagnostics: c.c.finish(),
    }
}

/// The roles a framework file defines; each belongs to that framework.
fn framework_roles(
    c: &mut Checker<'_>,
    raw: &RawFramework,
    framework: &Framework,
    origin: &Origin,
) -> Vec<RoleProfile> {
    let mut role_ids = HashSet::new();
    let mut roles = Vec::new();
    for (i, role) in raw.roles.iter().enumerate() {
        let key = format!("roles[{i}]");
        if let Some(named) = &role.framework
            && named.value.trim() != framework.id
        {
            c.error(
                Code::UnknownFramework,
                named,
                &format!("{key}.framework"),
                format!(
                    "a role in framework `{}` cannot belong to framework `{}`",
                    framework.id,
                    named.value.trim()
                ),
            );
        }
        roles.push(c.role(role, &key, framework, origin, &mut role_ids));
    }
    roles
}

fn label(c: &mut Checker<'_>, text: Option<&Text>, key: &str, default: &str) -> String {
    c.optional_text(text, key)
        .unwrap_or_else(|| default.to_owned())
}

pub(super) fn role_file<'f>(
    file: &Path,
    source: &str,
    raw: &RawRoleFile,
    find: &dyn Fn(&str) -> Option<&'f Framework>,
) -> Loaded<Vec<RoleProfile>> {
    let mut c = Checker {
        c: Collector::new(file, Some(source)),
    };
    let origin = Origin::File(file.to_path_buf());
    let mut seen = HashSet::new();
    let mut roles = Vec::new();
    for (i, role) in raw.roles.iter().enumerate() {
        let key = format!("roles[{i}]");
        let Some(named) = &role.framework else {
            c.error(
                Code::MissingKey,
                &role.id,
                &key,
                "missing key `framework`: a role file must name each role's framework".to_owned(),
            );
            continue;
        };
        let framework_id = named.value.trim();
        match find(framework_id) {
            Some(framework) => roles.push(c.role(role, &key, framework, &origin, &mut seen)),
            None => {
                c.error(
                    Code::UnknownFramework,
                    named,
                    &format!("{key}.framework"),
                    format!("unknown framework `{}`", framework_id.escape_debug()),
                );
            }
        }
    }
    if raw.roles.is_empty() {
        c.c.warning(
            Code::EmptyRole,
            At::File,
            "roles",
            "the file defines no roles",
        );
    }
    Loaded {
        value: Some(roles),
        diagnostics: c.c.finish(),
    }
}
