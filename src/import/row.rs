//! The check of one row: every cell against the catalogue, every problem
//! collected at its cell, and the row as a rating of a record when it has
//! none.

use super::{Columns, Row, control};
use crate::catalog::Catalog;
use crate::diagnostic::{At, Code, Collector, did_you_mean, list_names};
use crate::error::Error;
use crate::id::{Id, suggest_id};
use crate::model::{Framework, Subject};
use crate::record::{Method, RaterKind, Rating, Status};

/// One row, checked.
pub(super) struct Line<'t> {
    pub(super) row: &'t Row,
    pub(super) person: String,
    pub(super) subject: Subject,
    pub(super) framework: &'t Framework,
    pub(super) by: RaterKind,
    pub(super) rater: Option<String>,
    pub(super) role: Option<String>,
    pub(super) date: String,
    pub(super) status: Status,
    pub(super) rating: Rating,
    /// The record's file name (export's `file`, without its folders).
    pub(super) file: Option<String>,
}

/// Checks rows against the catalogue, collecting every problem.
pub(super) struct Check<'a, 't> {
    pub(super) c: Collector<'a>,
    pub(super) catalog: &'t Catalog,
    pub(super) columns: Columns,
    pub(super) today: jiff::civil::Date,
    /// Frameworks whose files are broken, reported once.
    pub(super) broken: Vec<String>,
}

impl<'t> Check<'_, 't> {
    fn error(&mut self, row: &Row, column: &str, code: Code, message: String) {
        let at = self.columns.cell(row, column).map(|c| c.at);
        self.c.error(code, At::Location(at), column, message);
    }

    /// The row as a rating of a record, or `None` after reporting why not.
    pub(super) fn row(&mut self, row: &'t Row) -> Option<Line<'t>> {
        let before = self.c.has_errors();
        let mut clean = true;
        for cell in &row.cells {
            if let Some(found) = crate::text::find_control(&cell.text) {
                control(&mut self.c, At::Location(Some(cell.at)), "", found);
                clean = false;
            }
        }
        if !clean {
            return None;
        }
        // Every cell is checked, so one pass shows every problem of the row.
        let person = self.person(row);
        let framework = self.framework(row);
        let by = self.by(row);
        let subject = self.subject(row);
        let date = self.date(row);
        let status = self.status(row);
        let (role, rating) = match framework {
            Some(framework) => (
                self.role(row, framework).ok(),
                self.rating(row, framework, subject.unwrap_or_default()),
            ),
            None => (None, None),
        };
        let (
            Some(person),
            Some(framework),
            Some(by),
            Some(subject),
            Some(date),
            Some(status),
            Some(role),
            Some(rating),
        ) = (person, framework, by, subject, date, status, role, rating)
        else {
            return None;
        };
        // A row with problems found is not used, even where they came from
        // another cell (the collector counts them past its limit too).
        if !before && self.c.has_errors() {
            return None;
        }
        Some(Line {
            row,
            person,
            subject,
            framework,
            by,
            rater: self
                .columns
                .text(row, "rater")
                .map(crate::text::normalise)
                .filter(|r| !r.is_empty()),
            role,
            date,
            status,
            rating,
            file: self
                .columns
                .text(row, "file")
                .map(|f| f.rsplit(['/', '\\']).next().unwrap_or(f).to_owned()),
        })
    }

    fn person(&mut self, row: &Row) -> Option<String> {
        let Some(text) = self.columns.text(row, "person") else {
            self.error(
                row,
                "person",
                Code::EmptyText,
                "the person is empty".to_owned(),
            );
            return None;
        };
        if Id::parse(text).is_ok() {
            return Some(text.to_owned());
        }
        let example = suggest_id(text).unwrap_or_else(|| "jane-doe".to_owned());
        self.error(
            row,
            "person",
            Code::BadId,
            format!(
                "`{}` is not a valid person id: use lowercase letters, digits and hyphens (at most 64), e.g. `{example}`",
                text.escape_debug()
            ),
        );
        None
    }

    fn framework(&mut self, row: &Row) -> Option<&'t Framework> {
        let Some(id) = self.columns.text(row, "framework") else {
            self.error(
                row,
                "framework",
                Code::EmptyText,
                "the framework is empty".to_owned(),
            );
            return None;
        };
        match self.catalog.framework(id) {
            Ok(framework) => Some(framework),
            Err(Error::Invalid(problems)) => {
                // The framework file itself is broken: say so once.
                if !self.broken.iter().any(|b| b == id) {
                    self.broken.push(id.to_owned());
                    for d in problems {
                        self.c.push(d);
                    }
                }
                None
            }
            Err(e) => {
                self.error(row, "framework", Code::UnknownFramework, e.problem_text());
                None
            }
        }
    }

    fn by(&mut self, row: &Row) -> Option<RaterKind> {
        let text = self.columns.text(row, "by").unwrap_or_default();
        let found = RaterKind::ALL
            .into_iter()
            .find(|k| k.as_str().eq_ignore_ascii_case(text));
        if found.is_none() {
            self.error(
                row,
                "by",
                Code::InvalidValue,
                format!(
                    "`{}` is not a kind of rater: use `self`, `manager` or `peer`",
                    text.escape_debug()
                ),
            );
        }
        found
    }

    fn subject(&mut self, row: &Row) -> Option<Subject> {
        match self.columns.text(row, "subject") {
            None => Some(Subject::Person),
            Some(text) if text.eq_ignore_ascii_case("person") => Some(Subject::Person),
            Some(text) if text.eq_ignore_ascii_case("organisation") => Some(Subject::Organisation),
            Some(text) => {
                self.error(
                    row,
                    "subject",
                    Code::UnknownSubject,
                    format!(
                        "`{}` is not a subject: use `person` or `organisation`",
                        text.escape_debug()
                    ),
                );
                None
            }
        }
    }

    fn date(&mut self, row: &Row) -> Option<String> {
        let Some(text) = self.columns.text(row, "date") else {
            // As `assess`: no date is today.
            return Some(self.today.to_string());
        };
        match crate::date::accept(text, crate::date::Kind::NotFuture, self.today) {
            Ok(date) => Some(date.to_string()),
            Err(crate::date::Refused::NotADate(_)) => {
                self.error(
                    row,
                    "date",
                    Code::BadDate,
                    format!(
                        "`{}` is not a date (use YYYY-MM-DD, e.g. 2026-11-24)",
                        text.escape_debug()
                    ),
                );
                None
            }
            Err(refused) => {
                self.error(row, "date", Code::BadDate, refused.to_string());
                None
            }
        }
    }

    fn status(&mut self, row: &Row) -> Option<Status> {
        match self.columns.text(row, "status") {
            // As `assess`: a record is a draft unless it is marked final.
            None => Some(Status::Draft),
            Some(text) if text.eq_ignore_ascii_case("draft") => Some(Status::Draft),
            Some(text) if text.eq_ignore_ascii_case("final") => Some(Status::Final),
            Some(text) => {
                self.error(
                    row,
                    "status",
                    Code::InvalidValue,
                    format!(
                        "`{}` is not a status: use `draft` or `final`",
                        text.escape_debug()
                    ),
                );
                None
            }
        }
    }

    /// The role, if any; `Err` after reporting a problem.
    fn role(&mut self, row: &Row, framework: &Framework) -> Result<Option<String>, ()> {
        let Some(id) = self.columns.text(row, "role") else {
            return Ok(None);
        };
        match self.catalog.role(id) {
            Ok(role) if role.framework == framework.id => Ok(Some(role.id.clone())),
            Ok(role) => {
                let message = format!(
                    "role `{}` belongs to framework `{}`, not `{}`",
                    role.id, role.framework, framework.id
                );
                self.error(row, "role", Code::RoleFrameworkMismatch, message);
                Err(())
            }
            Err(e) => {
                self.error(row, "role", Code::UnknownRole, e.problem_text());
                Err(())
            }
        }
    }

    fn rating(&mut self, row: &Row, framework: &Framework, subject: Subject) -> Option<Rating> {
        let competency = self.competency(row, framework, subject);
        let mut ok = competency.is_some();
        let mut level = None;
        if let Some(text) = self.columns.text(row, "level") {
            if let Some(found) = framework.scale.find(text) {
                level = Some(found.code.clone());
            } else {
                self.error(
                    row,
                    "level",
                    Code::UnknownLevel,
                    format!(
                        "unknown level `{}` (the scale of `{}` has {})",
                        text.escape_debug(),
                        framework.id,
                        list_names(framework.scale.codes(), "and")
                    ),
                );
                ok = false;
            }
        }
        let not_applicable = match self.columns.text(row, "not-applicable") {
            None => false,
            Some(t)
                if ["true", "yes", "1"]
                    .iter()
                    .any(|y| t.eq_ignore_ascii_case(y)) =>
            {
                true
            }
            Some(t)
                if ["false", "no", "0"]
                    .iter()
                    .any(|n| t.eq_ignore_ascii_case(n)) =>
            {
                false
            }
            Some(t) => {
                self.error(
                    row,
                    "not-applicable",
                    Code::InvalidValue,
                    format!(
                        "`{}` is not yes or no: use `true` or `false` (or leave it empty)",
                        t.escape_debug()
                    ),
                );
                ok = false;
                false
            }
        };
        let competency = competency?;
        if not_applicable && level.is_some() {
            self.error(
                row,
                "level",
                Code::ConflictingRating,
                format!(
                    "`{}` has a level and is marked not applicable",
                    competency.id
                ),
            );
            ok = false;
        }
        // Evidence is kept as written (a record's evidence may hold line
        // breaks), so it comes back exactly as it was exported.
        let evidence = self
            .columns
            .cell(row, "evidence")
            .map(|c| c.text.clone())
            .filter(|e| !e.trim().is_empty());
        ok.then(|| Rating {
            competency: competency.id.clone(),
            level,
            not_applicable,
            evidence,
            method: Method::Chosen,
            ticked: Vec::new(),
        })
    }
}

impl Check<'_, '_> {
    /// The competency the row rates: of the framework, and of the row's subject.
    fn competency<'f>(
        &mut self,
        row: &Row,
        framework: &'f Framework,
        subject: Subject,
    ) -> Option<&'f crate::model::Competency> {
        let Some(id) = self.columns.text(row, "competency") else {
            self.error(
                row,
                "competency",
                Code::EmptyText,
                "the competency is empty".to_owned(),
            );
            return None;
        };
        let Some(competency) = framework.competency(id) else {
            let help = did_you_mean(id, framework.competencies.iter().map(|k| k.id.as_str()))
                .map(|s| format!("did you mean `{s}`?"));
            let at = self.columns.cell(row, "competency").map(|c| c.at);
            self.c
                .error(
                    Code::UnknownCompetency,
                    At::Location(at),
                    "competency",
                    format!(
                        "unknown competency `{}` in framework `{}`",
                        id.escape_debug(),
                        framework.id
                    ),
                )
                .maybe_help(help);
            return None;
        };
        if competency.subject != subject {
            self.error(
                row,
                "competency",
                Code::WrongSubject,
                format!(
                    "`{id}` rates {}, but this row rates {}",
                    competency.subject.words(),
                    subject.words()
                ),
            );
            return None;
        }
        Some(competency)
    }
}
