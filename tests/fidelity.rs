//! Each bundled framework against counts made from its source document by
//! someone other than the author of its YAML (tests/fidelity/*.toml).

use std::collections::BTreeMap;

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

#[test]
fn every_bundled_framework_matches_the_counts_taken_from_its_source() {
    let catalog = Catalog::bundled();
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fidelity");
    let mut checked = 0;
    let mut problems = Vec::new();
    for id in catalog.framework_ids() {
        let path = dir.join(format!("{id}.toml"));
        let text =
            std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let expected: Expected =
            toml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
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
