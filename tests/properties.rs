//! Property tests: loaders never panic, records survive a round trip, and the
//! gap arithmetic keeps its laws, whatever the input.

use std::path::Path;

use competency::framework_file as load;
use competency::model::{Framework, Subject};
use competency::record::{self, Filed, Method, RaterKind, Rating, Record, SCHEMA};
use competency::report::{self, Standing};
use proptest::prelude::*;

/// A JSON-like tree: what any structurally valid YAML or TOML document holds.
fn tree() -> impl Strategy<Value = serde_json::Value> {
    let leaf = prop_oneof![
        Just(serde_json::Value::Null),
        any::<bool>().prop_map(serde_json::Value::from),
        any::<i64>().prop_map(serde_json::Value::from),
        "[a-z0-9 ._-]{0,12}".prop_map(serde_json::Value::from),
        "\\PC{0,20}".prop_map(serde_json::Value::from),
    ];
    let keys = prop_oneof![
        // Keys the loaders know, so parsing goes deep before it fails.
        Just("id".to_owned()),
        Just("name".to_owned()),
        Just("scale".to_owned()),
        Just("levels".to_owned()),
        Just("code".to_owned()),
        Just("competencies".to_owned()),
        Just("indicators".to_owned()),
        Just("items".to_owned()),
        Just("roles".to_owned()),
        Just("required".to_owned()),
        Just("rating".to_owned()),
        Just("competency".to_owned()),
        Just("level".to_owned()),
        Just("schema".to_owned()),
        "[a-z-]{1,10}",
    ];
    leaf.prop_recursive(5, 64, 6, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(serde_json::Value::from),
            prop::collection::btree_map(keys.clone(), inner, 0..6)
                .prop_map(|m| serde_json::Value::Object(m.into_iter().collect())),
        ]
    })
}

fn framework_yaml(levels: usize, cumulative: bool) -> String {
    let scale: Vec<String> = (1..=levels)
        .map(|i| format!("    - {{code: \"{i}\", label: Level {i}}}"))
        .collect();
    let blocks: Vec<String> = (1..=levels)
        .map(|i| format!("      - level: \"{i}\"\n        items: [shown at {i}]"))
        .collect();
    format!(
        "id: p\nname: P\npublisher: P\nsource: S\nscale:\n  cumulative: {cumulative}\n  levels:\n{}\ncompetencies:\n{}\nroles:\n  - id: r\n    name: R\n    required: {{{}}}\n",
        scale.join("\n"),
        (0..4)
            .map(|c| format!(
                "  - id: c{c}\n    name: C{c}\n    indicators:\n{}",
                blocks.join("\n")
            ))
            .collect::<Vec<_>>()
            .join("\n"),
        (0..4)
            .map(|c| format!("c{c}: \"{}\"", 1 + c % levels))
            .collect::<Vec<_>>()
            .join(", ")
    )
}

fn framework(levels: usize) -> Framework {
    load::framework_from_str(Path::new("p.yaml"), &framework_yaml(levels, false), None)
        .ok()
        .unwrap()
}

fn rating(competency: &str, level: Option<usize>, not_applicable: bool) -> Rating {
    let mut r = Rating::new(competency);
    r.level = level.map(|l| l.to_string());
    r.not_applicable = not_applicable && level.is_none();
    r
}

fn record(by: RaterKind, ratings: Vec<Rating>) -> Record {
    Record {
        schema: SCHEMA,
        person: "p".to_owned(),
        subject: Subject::Person,
        framework: "p".to_owned(),
        fingerprint: String::new(),
        by,
        rater: None,
        role: None,
        date: "2026-01-01".to_owned(),
        status: record::Status::Final,
        created: "2026-01-01T00:00:00Z".to_owned(),
        amends: None,
        checksum: None,
        ratings,
    }
}

/// Real files to mutate: bundled frameworks, the example records, a role file.
const SEEDS: &[&str] = &[
    include_str!("../frameworks/wdcvs.yaml"),
    include_str!("../frameworks/sssc-clf.yaml"),
    include_str!("../examples/workspace/roles/cherwell.yaml"),
    include_str!("../examples/workspace/assessments/alex-morgan/2026-03-10-wdcvs-self.toml"),
    include_str!("../examples/workspace/assessments/sunita/2026-08-04-sssc-clf-self.toml"),
    include_str!("../examples/prepared/sunita-self.toml"),
];

/// Every loader on one text; none may panic.
fn load_everything(text: &str) {
    let file = Path::new("x");
    let catalog = competency::catalog::Catalog::bundled();
    let _ = load::framework_from_str(file, text, Some("x"));
    let _ = load::roles_from_str(file, text, &|id| catalog.framework(id).ok());
    if let Ok(raw) = record::parse(file, text) {
        let _ = record::rules::check(file, text, raw, Some(&catalog), Some("alex-morgan"));
    }
    let _ = competency::assessment::person_id(text);
}

/// A record filed under a name, with a day and a time of writing from small
/// sets, so equal keys are common.
fn filed() -> impl Strategy<Value = Filed> {
    (0u8..3, 0u8..3, "[ab]{1,2}\\.toml").prop_map(|(day, time, file)| {
        let mut r = record(RaterKind::Manager, Vec::new());
        r.date = format!("2026-01-0{}", day + 1);
        r.created = format!("2026-01-01T0{time}:00:00Z");
        Filed { file, record: r }
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn records_are_read_in_one_total_order(mut records in prop::collection::vec(filed(), 0..12)) {
        let mut reversed: Vec<Filed> = records.iter().rev().cloned().collect();
        records.sort_by(Filed::chronological);
        reversed.sort_by(Filed::chronological);
        // Sorted, and the same whatever order the folder listed them in.
        prop_assert!(records.windows(2).all(|w| Filed::chronological(&w[0], &w[1]).is_le()));
        let key = |f: &Filed| (f.record.date.clone(), f.record.created.clone(), f.file.clone());
        prop_assert_eq!(
            records.iter().map(key).collect::<Vec<_>>(),
            reversed.iter().map(key).collect::<Vec<_>>()
        );
    }


    #[test]
    fn arbitrary_text_never_panics_any_loader(text in "\\PC{0,400}") {
        load_everything(&text);
    }

    #[test]
    fn mutated_real_files_never_panic_any_loader(
        seed in 0..SEEDS.len(),
        edits in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>(), 0u8..4), 1..12),
    ) {
        // A real file with a few bytes changed, inserted or cut: it stays
        // close enough to the format to reach deep into every loader.
        let mut bytes = SEEDS[seed].as_bytes().to_vec();
        for (at, byte, kind) in edits {
            if bytes.is_empty() {
                break;
            }
            let i = at.index(bytes.len());
            match kind {
                0 => bytes[i] = byte,
                1 => bytes.insert(i, byte),
                2 => {
                    bytes.remove(i);
                }
                _ => {
                    // A structural character where it can do most harm.
                    let structural = b"[]{}:=\"\n-#&*";
                    bytes.insert(i, structural[usize::from(byte) % structural.len()]);
                }
            }
        }
        let text = String::from_utf8_lossy(&bytes);
        load_everything(&text);
    }

    #[test]
    fn arbitrary_yaml_and_toml_never_panic_the_loaders(value in tree()) {
        let file = Path::new("x");
        if let Ok(yaml) = serde_saphyr::to_string(&value) {
            let _ = load::framework_from_str(file, &yaml, Some("x"));
            let _ = load::roles_from_str(file, &yaml, &|_| None);
        }
        if let Ok(toml) = toml::to_string(&value) {
            let _ = record::parse(file, &toml);
        }
    }

    #[test]
    fn a_record_reads_back_as_written(
        evidence in prop::option::of("\\PC{0,80}"),
        rater in prop::option::of("[A-Za-z' -]{1,30}"),
        levels in prop::collection::vec(prop::option::of(1usize..5), 1..6),
        by in prop::sample::select(RaterKind::ALL.to_vec()),
        ticked in prop::collection::vec("\\PC{1,40}", 0..3),
    ) {
        let ratings: Vec<Rating> = levels
            .iter()
            .enumerate()
            .map(|(i, level)| {
                let mut r = rating(&format!("c{i}"), *level, level.is_none());
                r.evidence = evidence.clone();
                r.ticked.clone_from(&ticked);
                r.method = if ticked.is_empty() { Method::Chosen } else { Method::Checklist };
                r
            })
            .collect();
        let mut written = record(by, ratings);
        written.rater = rater;
        let text = written.to_toml().unwrap();
        let raw = record::parse(Path::new("x.toml"), &text).unwrap();
        let read = record::rules::check(Path::new("x.toml"), &text, raw, None, None).record.unwrap();
        prop_assert_eq!(read.checksum_matches(), Some(true));
        let mut expected = written.clone();
        expected.checksum = read.checksum.clone();
        prop_assert_eq!(read, expected);
    }

    #[test]
    fn the_fast_reader_and_the_toml_reader_agree_on_every_record_assess_writes(
        evidence in prop::option::of("\\PC{0,80}"),
        rater in prop::option::of("\\PC{1,30}"),
        levels in prop::collection::vec(prop::option::of(1usize..5), 1..6),
        by in prop::sample::select(RaterKind::ALL.to_vec()),
        ticked in prop::collection::vec("\\PC{1,40}", 0..3),
        amends in prop::option::of("[a-z0-9-]{1,20}\\.toml"),
        organisation in any::<bool>(),
    ) {
        let ratings: Vec<Rating> = levels
            .iter()
            .enumerate()
            .map(|(i, level)| {
                let mut r = rating(&format!("c{i}"), *level, level.is_none());
                r.evidence = evidence.clone();
                r.ticked.clone_from(&ticked);
                r.method = if ticked.is_empty() { Method::Chosen } else { Method::Checklist };
                r
            })
            .collect();
        let mut written = record(by, ratings);
        written.rater = rater;
        written.amends = amends;
        if organisation {
            written.subject = Subject::Organisation;
        }
        let text = written.to_toml().unwrap();
        let fast = record::fast::parse(&text);
        prop_assert!(fast.is_some(), "the fast reader gave up on:\n{}", text);
        let slow: record::RawRecord = toml::from_str(&text).unwrap();
        prop_assert_eq!(format!("{:?}", fast.unwrap()), format!("{:?}", slow));
    }

    #[test]
    fn gap_is_antisymmetric_and_status_follows_its_sign(levels in 1usize..10, have in 1usize..10, need in 1usize..10) {
        let f = framework(levels);
        let (have, need) = (1 + (have - 1) % levels, 1 + (need - 1) % levels);
        let (gap, status) = report::select::compare(&f, &need.to_string(), Some(&rating("c0", Some(have), false)));
        let (back, _) = report::select::compare(&f, &have.to_string(), Some(&rating("c0", Some(need), false)));
        let gap = gap.unwrap();
        prop_assert_eq!(Some(-gap), back);
        prop_assert_eq!(gap, have as i64 - need as i64);
        let expected = match gap.signum() { -1 => Standing::Below, 0 => Standing::Meets, _ => Standing::Exceeds };
        prop_assert_eq!(status, expected);
    }

    #[test]
    fn team_totals_equal_the_sum_of_person_gaps(
        levels in 2usize..6,
        people in prop::collection::vec(prop::collection::vec(prop::option::of(1usize..6), 4), 0..12),
    ) {
        let f = framework(levels);
        let role = f.roles[0].clone();
        let mut members = Vec::new();
        let mut below = [0usize; 4];
        let mut shortfall = [0i64; 4];
        for (p, ratings) in people.iter().enumerate() {
            let ratings: Vec<Rating> = ratings
                .iter()
                .enumerate()
                .map(|(c, l)| rating(&format!("c{c}"), l.map(|l| 1 + (l - 1) % levels), false))
                .collect();
            for (c, r) in ratings.iter().enumerate() {
                let need = 1 + c % levels;
                if let Some(have) = r.level.as_deref().and_then(|l| l.parse::<usize>().ok()).filter(|h| *h < need) {
                    below[c] += 1;
                    shortfall[c] += (need - have) as i64;
                }
            }
            let records = [Filed { file: "m.toml".to_owned(), record: record(RaterKind::Manager, ratings) }];
            members.push((report::team::team_member(&format!("p{p}"), None, &f, &role, &records, None, None), &role));
        }
        let person_total: i64 = members.iter().map(|(m, _)| m.shortfall).sum();
        let report = report::team::section(&f, members);
        let team_total: i64 = report.needs.iter().map(|n| n.shortfall).sum();
        prop_assert_eq!(team_total, person_total);
        prop_assert_eq!(team_total, shortfall.iter().sum::<i64>());
        for need in &report.needs {
            let c: usize = need.competency[1..].parse().unwrap();
            prop_assert_eq!(need.below, below[c]);
            prop_assert_eq!(need.shortfall, shortfall[c]);
        }
        prop_assert!(report.needs.windows(2).all(|w| (w[0].below, w[0].shortfall) >= (w[1].below, w[1].shortfall)));
    }
}
