//! A small framework and records for unit tests (reports, the amendment
//! chain, the store).

use crate::framework_file::framework_from_str;
use crate::model::Framework;
use crate::record::{Filed, RaterKind, Rating, Record, SCHEMA, Status};

/// A scale with mid-points (A..E, indicators at B and D) and a role.
pub(crate) fn framework(cumulative: bool) -> Framework {
    let yaml = format!(
        r"
id: t
name: T
publisher: P
source: S
scale:
  cumulative: {cumulative}
  levels:
    - {{code: A, label: A}}
    - {{code: B, label: B}}
    - {{code: C, label: C}}
    - {{code: D, label: D}}
    - {{code: E, label: E}}
competencies:
  - id: one
    name: One
    indicators:
      - level: B
        items: [b1, b2]
      - level: D
        items: [d1, d2]
      - polarity: negative
        items: [bad]
  - id: two
    name: Two
    indicators:
      - level: B
        items: [x]
  - id: three
    name: Three
    indicators:
      - level: B
        items: [y]
roles:
  - id: r
    name: R
    required: {{one: C, two: B, three: D}}
"
    );
    framework_from_str(std::path::Path::new("t.yaml"), &yaml, None)
        .ok()
        .unwrap()
}

pub(crate) fn record(by: RaterKind, date: &str, ratings: &[(&str, Option<&str>)]) -> Record {
    Record {
        schema: SCHEMA,
        person: "p".to_owned(),
        subject: crate::model::Subject::Person,
        framework: "t".to_owned(),
        fingerprint: framework(false).fingerprint,
        by,
        rater: None,
        role: None,
        date: date.parse().unwrap(),
        status: Status::Final,
        created: format!("{date}T00:00:00Z"),
        amends: None,
        checksum: None,
        ratings: ratings
            .iter()
            .map(|(c, level)| {
                let mut r = Rating::new(c);
                match level {
                    Some("n/a") => r.not_applicable = true,
                    Some(l) => r.level = Some((*l).to_owned()),
                    None => {}
                }
                r
            })
            .collect(),
    }
}

pub(crate) fn filed(file: &str, record: Record) -> Filed {
    Filed {
        file: file.to_owned(),
        record,
    }
}
