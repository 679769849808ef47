//! A framework as a CASE 1.1 package: the 1EdTech Competencies and Academic
//! Standards Exchange `CFPackage`, whose JSON is the serde form of
//! [`CfPackage`]. Pure: builds the package, never reads, prints or writes.
//!
//! What goes where (the spec leaves these to the implementer):
//!
//! - Items, in tree order: each group (`Competency Group`), each competency
//!   (`Competency`), each theme (`Theme`) and every indicator (`Indicator`, or
//!   `Contra-indicator` when its polarity is negative). An indicator's
//!   `fullStatement` is its text exactly as in the model. A group, competency
//!   or theme with a description or definition states that (the spec's
//!   `fullStatement` is "the textual content that … describes a specific
//!   competency"), with its name as `abbreviatedStatement`, which CASE tools
//!   show as the short label; without one, its name is the statement.
//! - The tree is `isChildOf` associations ("the source/origin is a child of
//!   the target/destination") with `sequenceNumber`, which the spec prefers
//!   to `listEnumeration`; both are given. Top-level groups, then competencies
//!   with no group, are children of the document.
//! - One rubric for the scale, with one criterion per competency (its
//!   `CFItemURI` names the competency's item, its `category` the group) and,
//!   in each, one level per scale level: `score` and `position` are the rank,
//!   `quality` the label, `description` the group's own description of that
//!   level where it has one (SSSC), else the level's. Criteria per competency,
//!   not one shared criterion, because a group can describe the levels in its
//!   own words and because each indicator can then point at its own
//!   competency's level.
//! - An indicator with a level has a `hasSkillLevel` association to that
//!   rubric level: "the destination of this association is understood to
//!   define a given skill level".
//! - Model facts with no CASE field go in `extensions`: an item's model `id`,
//!   an indicator's `polarity`, `level` and `perspective`, a competency's
//!   `subject`, `why` and `standards`, the scale's rules, the framework's id,
//!   year, source and headings.
//! - Items carry no `CFDocumentURI`: inside a package they are `CFPckgItem`s,
//!   which the spec defines without it (the official JSON Schema sets
//!   `additionalProperties: false`); they reach the document through
//!   `isChildOf`.
//!
//! Identifiers are name-based (version 5) UUIDs of a path below the framework id
//! (`competency:{framework}/competency/{id}/theme/{id}/indicator/{n}`), so
//! they are the same on every run and across versions of the framework, and
//! an importer updates rather than duplicates. `uri`s are `urn:uuid:{id}`, or
//! with a base URI `{base}/{CASE REST collection}/{id}`, which is where the
//! CASE REST binding serves each object (`{base}/CFItems/{id}`).

mod build;
#[cfg(test)]
mod tests;
mod types;

use uuid::Uuid;

pub(crate) use build::package;

/// The CASE identifier of the object at `path` below framework
/// `framework` (`competency/ID` for a competency; empty for the framework):
/// the one `show --format case` gives it.
pub(crate) fn identifier(framework: &str, path: &str) -> Uuid {
    let name = if path.is_empty() {
        format!("competency:{framework}")
    } else {
        format!("competency:{framework}/{path}")
    };
    Uuid::new_v5(&NAMESPACE, name.as_bytes())
}

/// The namespace of every identifier this module makes. Never change it:
/// identifiers are only stable while it stays the same.
pub(crate) const NAMESPACE: Uuid = Uuid::from_u128(0x1f5d_407c_b0e9_4f7d_9415_40fd_fd54_674a);

/// The CASE version the package declares in `CFDocument.caseVersion`.
pub(crate) const CASE_VERSION: &str = "1.1";

/// How the package is addressed and dated.
#[derive(Clone, Debug)]
pub(crate) struct Options {
    /// Where the objects are served, e.g. `https://example.org/ims/case/v1p1`:
    /// each `uri` is then `{base}/CFItems/{identifier}` (and so on per kind);
    /// `None` gives `urn:uuid:{identifier}`.
    pub base_uri: Option<String>,
    /// An ISO 8601 date-time (`2026-01-31T12:00:00Z`), used as every
    /// object's `lastChangeDateTime`.
    pub last_change: String,
    /// Where people can read the source document: `officialSourceURL`.
    pub official_source_url: Option<String>,
}
