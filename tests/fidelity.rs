//! Each bundled framework against counts made from its source document by
//! someone other than the author of its YAML (tests/fidelity/*.toml), and
//! `show` against the same counts in every format: the bundled frameworks
//! are checked by what they must hold, not by snapshots of their whole text
//! (`tests/browse.rs` snapshots each format once, on a small framework).

use std::collections::{BTreeMap, HashMap};

use competency::testing::catalog::Catalog;
use competency::testing::model::{Framework, Indicator, Perspective, Polarity};
use serde::Deserialize;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Expected {
    framework: String,
    competencies: usize,
    roles: Vec<String>,
    competency: Vec<ExpectedCompetency>,
    #[serde(default)]
    sample: Vec<Sample>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ExpectedCompetency {
    id: String,
    indicators: BTreeMap<String, usize>,
    #[serde(default)]
    standards: Option<usize>,
    #[serde(default)]
    theme: Vec<ExpectedTheme>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ExpectedTheme {
    id: String,
    indicators: BTreeMap<String, usize>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Sample {
    competency: String,
    #[serde(default)]
    theme: Option<String>,
    #[serde(default)]
    level: Option<String>,
    #[serde(default)]
    polarity: Option<String>,
    text: String,
}

fn key(i: &Indicator) -> String {
    let mut key = i.level.clone().unwrap_or_else(|| "-".to_owned());
    if i.polarity == Polarity::Negative {
        key.push_str("/negative");
    }
    match i.perspective {
        Some(Perspective::Organisation) => key.push_str("/organisation"),
        Some(Perspective::Worker) => key.push_str("/worker"),
        None => {}
    }
    key
}

fn counts(indicators: &[Indicator]) -> BTreeMap<String, usize> {
    let mut counts = BTreeMap::new();
    for i in indicators {
        *counts.entry(key(i)).or_insert(0) += 1;
    }
    counts
}

fn normalise(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn check(framework: &Framework, expected: &Expected) -> Vec<String> {
    let mut problems = Vec::new();
    if framework.competencies.len() != expected.competencies {
        problems.push(format!(
            "{} competencies, the source has {}",
            framework.competencies.len(),
            expected.competencies
        ));
    }
    let role_ids: Vec<&str> = framework.roles.iter().map(|r| r.id.as_str()).collect();
    if role_ids
        != expected
            .roles
            .iter()
            .map(String::as_str)
            .collect::<Vec<_>>()
    {
        problems.push(format!("roles {role_ids:?}, expected {:?}", expected.roles));
    }
    for e in &expected.competency {
        let Some(c) = framework.competency(&e.id) else {
            problems.push(format!("no competency `{}`", e.id));
            continue;
        };
        let got = counts(&c.indicators);
        if got != e.indicators {
            problems.push(format!(
                "{}: indicators {got:?}, counted {:?}",
                e.id, e.indicators
            ));
        }
        if let Some(n) = e.standards
            && n != c.standards.len()
        {
            problems.push(format!(
                "{}: {} standards, counted {n}",
                e.id,
                c.standards.len()
            ));
        }
        let theme_ids: Vec<&str> = c.themes.iter().map(|t| t.id.as_str()).collect();
        let expected_ids: Vec<&str> = e.theme.iter().map(|t| t.id.as_str()).collect();
        if theme_ids != expected_ids {
            problems.push(format!(
                "{}: themes {theme_ids:?}, expected {expected_ids:?}",
                e.id
            ));
        }
        for t in &e.theme {
            if let Some(theme) = c.theme(&t.id) {
                let got = counts(&theme.indicators);
                if got != t.indicators {
                    problems.push(format!(
                        "{}/{}: indicators {got:?}, counted {:?}",
                        e.id, t.id, t.indicators
                    ));
                }
            }
        }
    }
    if expected.competency.len() != framework.competencies.len() {
        problems.push("the counts file does not cover every competency".to_owned());
    }
    for s in &expected.sample {
        let Some(c) = framework.competency(&s.competency) else {
            problems.push(format!("sample: no competency `{}`", s.competency));
            continue;
        };
        let pool: Vec<&Indicator> = match &s.theme {
            Some(t) => c
                .theme(t)
                .map(|t| t.indicators.iter().collect())
                .unwrap_or_default(),
            None => c.all_indicators().collect(),
        };
        let text = normalise(&s.text);
        let found = pool.iter().any(|i| {
            i.text == text
                && s.level
                    .as_deref()
                    .is_none_or(|l| i.level.as_deref().unwrap_or("-") == l)
                && s.polarity
                    .as_deref()
                    .is_none_or(|p| (p == "negative") == (i.polarity == Polarity::Negative))
        });
        if !found {
            problems.push(format!("sample not found verbatim at its place: {text:?}"));
        }
    }
    problems
}

/// The counts taken from the source of bundled framework `id`.
fn expected(id: &str) -> Expected {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fidelity")
        .join(format!("{id}.toml"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    toml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The counts of one competency (`theme` empty) or theme, by the key of
/// [`key`], as the source file gives them.
fn expected_counts(expected: &Expected) -> BTreeMap<(String, String), BTreeMap<String, usize>> {
    let mut all = BTreeMap::new();
    for c in &expected.competency {
        all.insert((c.id.clone(), String::new()), c.indicators.clone());
        for t in &c.theme {
            all.insert((c.id.clone(), t.id.clone()), t.indicators.clone());
        }
    }
    all
}

/// [`key`] from the fields a format writes: a level (none: `-`), a polarity
/// and a perspective.
fn key_of(level: &str, polarity: &str, perspective: &str) -> String {
    let mut key = if level.is_empty() {
        "-".to_owned()
    } else {
        level.to_owned()
    };
    if polarity == "negative" {
        key.push_str("/negative");
    }
    if !perspective.is_empty() {
        key.push('/');
        key.push_str(perspective);
    }
    key
}

fn tally(
    counts: &mut BTreeMap<(String, String), BTreeMap<String, usize>>,
    place: (&str, &str),
    key: String,
) {
    *counts
        .entry((place.0.to_owned(), place.1.to_owned()))
        .or_default()
        .entry(key)
        .or_insert(0) += 1;
}

fn show(id: &str, format: &str) -> String {
    let (code, stdout, stderr) =
        crate::common::run(crate::common::competency().args(["show", id, "--format", format]));
    assert_eq!(
        (code, stderr.as_str()),
        (0, ""),
        "show {id} --format {format}"
    );
    stdout
}

/// A Markdown line with its escapes taken off (`\[` is `[`).
fn unescaped(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.extend(chars.next()),
            c => out.push(c),
        }
    }
    out
}

/// `show` gives every indicator of every bundled framework in every format,
/// as many as its source has: the CSV (one row per indicator) and the JSON
/// give the counts of tests/fidelity/*.toml, competency by competency and
/// theme by theme, for each level, polarity and perspective; the table and
/// Markdown end a line with each indicator's text, as often as the framework
/// holds it.
#[test]
fn show_gives_the_counts_of_the_source_in_every_format() {
    let catalog = Catalog::bundled();
    let mut problems = Vec::new();
    for id in catalog.framework_ids() {
        let want = expected_counts(&expected(id));
        let mut csv_counts = BTreeMap::new();
        let csv = show(id, "csv");
        let mut reader = csv::Reader::from_reader(csv.as_bytes());
        assert_eq!(
            reader.headers().unwrap(),
            vec![
                "framework",
                "competency",
                "theme",
                "level",
                "polarity",
                "perspective",
                "text"
            ]
        );
        for row in reader.records() {
            let row = row.unwrap();
            assert_eq!(&row[0], id);
            tally(
                &mut csv_counts,
                (&row[1], &row[2]),
                key_of(&row[3], &row[4], &row[5]),
            );
        }
        let mut json_counts = BTreeMap::new();
        let json: serde_json::Value = serde_json::from_str(&show(id, "json")).unwrap();
        let text = |v: &serde_json::Value, k: &str| v[k].as_str().unwrap_or_default().to_owned();
        for c in json["competencies"].as_array().unwrap() {
            let competency = text(c, "id");
            let themes = c["themes"]
                .as_array()
                .unwrap()
                .iter()
                .map(|t| (text(t, "id"), t));
            for (theme, holder) in std::iter::once((String::new(), c)).chain(themes) {
                for i in holder["indicators"].as_array().unwrap() {
                    let key = key_of(
                        &text(i, "level"),
                        &text(i, "polarity"),
                        &text(i, "perspective"),
                    );
                    tally(&mut json_counts, (&competency, &theme), key);
                }
            }
        }
        // A competency with themes holds no indicators of its own.
        let want: BTreeMap<_, _> = want.into_iter().filter(|(_, c)| !c.is_empty()).collect();
        for (format, got) in [("csv", csv_counts), ("json", json_counts)] {
            if got != want {
                problems.push(format!(
                    "show {id} --format {format}: {got:?}, the source has {want:?}"
                ));
            }
        }
        let framework = catalog.framework(id).unwrap();
        let mut held: HashMap<&str, usize> = HashMap::new();
        for c in &framework.competencies {
            for i in c.all_indicators() {
                *held.entry(i.text.as_str()).or_insert(0) += 1;
            }
        }
        for (format, output) in [
            ("table", show(id, "table")),
            ("markdown", show(id, "markdown")),
        ] {
            let mut shown: HashMap<String, usize> = HashMap::new();
            for line in output.lines() {
                let line = if format == "markdown" {
                    unescaped(line)
                } else {
                    line.to_owned()
                };
                for text in held.keys() {
                    if line.ends_with(text) {
                        *shown.entry((*text).to_owned()).or_insert(0) += 1;
                    }
                }
            }
            for (text, n) in &held {
                let got = shown.get(*text).copied().unwrap_or(0);
                if got < *n {
                    problems.push(format!(
                        "show {id} --format {format}: {got} of {n} times {text:?}"
                    ));
                }
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn every_bundled_framework_matches_the_counts_taken_from_its_source() {
    let catalog = Catalog::bundled();
    let mut checked = 0;
    let mut problems = Vec::new();
    for id in catalog.framework_ids() {
        let expected = expected(id);
        assert_eq!(expected.framework, id);
        assert!(expected.sample.len() >= 10, "{id}: too few samples");
        let framework = catalog.framework(id).unwrap();
        problems.extend(
            check(framework, &expected)
                .into_iter()
                .map(|p| format!("{id}: {p}")),
        );
        checked += 1;
    }
    assert_eq!(checked, 5);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn no_indicator_text_is_repeated_within_a_competency() {
    let catalog = Catalog::bundled();
    for framework in catalog.frameworks() {
        for c in &framework.competencies {
            let mut seen = std::collections::HashSet::new();
            for i in c.all_indicators() {
                assert!(
                    seen.insert((&i.text, &i.level, i.polarity, i.perspective)),
                    "{}/{}: repeated {:?}",
                    framework.id,
                    c.id,
                    i.text
                );
            }
        }
    }
}
