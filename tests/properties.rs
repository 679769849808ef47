//! Property tests: loaders never panic, records survive a round trip, and the
//! gap arithmetic keeps its laws, whatever the input.

use std::path::Path;

use competency::testing::framework_file as load;
use competency::testing::model::{Framework, Subject};
use competency::testing::record::{self, Filed, Method, RaterKind, Rating, Record, SCHEMA};
use competency::testing::report::{self, Standing};
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
        date: jiff::civil::date(2026, 1, 1),
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
    let catalog = competency::testing::catalog::Catalog::bundled();
    let _ = load::framework_from_str(file, text, Some("x"));
    let _ = load::roles_from_str(file, text, &|id| catalog.framework(id).ok());
    if let Ok(raw) = record::parse(file, text) {
        let _ = record::rules::check(file, text, raw, Some(&catalog), Some("alex-morgan"));
    }
    let _ = competency::testing::assessment::person_id(text);
}

/// A record filed under a name, with a day and a time of writing from small
/// sets, so equal keys are common.
fn filed() -> impl Strategy<Value = Filed> {
    (0u8..3, 0u8..3, "[ab]{1,2}\\.toml").prop_map(|(day, time, file)| {
        let mut r = record(RaterKind::Manager, Vec::new());
        r.date = jiff::civil::date(2026, 1, i8::try_from(day + 1).unwrap());
        r.created = format!("2026-01-01T0{time}:00:00Z");
        Filed { file, record: r }
    })
}

/// A record as `assess` writes it, from a few varied parts.
fn written_record() -> impl Strategy<Value = String> {
    (
        prop::option::of("\\PC{0,20}"),
        prop::option::of("[A-Za-z' \"\\\\]{1,12}"),
        prop::collection::vec(prop::option::of(1usize..5), 1..4),
        prop::collection::vec("[a-z\"' ]{1,8}", 0..3),
        prop::option::of("[a-z0-9-]{1,10}\\.toml"),
        any::<bool>(),
    )
        .prop_map(|(evidence, rater, levels, ticked, amends, organisation)| {
            let ratings = levels
                .iter()
                .enumerate()
                .map(|(i, level)| {
                    let mut r = rating(&format!("c{i}"), *level, level.is_none());
                    r.evidence.clone_from(&evidence);
                    r.ticked.clone_from(&ticked);
                    if !ticked.is_empty() {
                        r.method = Method::Checklist;
                    }
                    r
                })
                .collect();
            let mut written = record(RaterKind::Peer, ratings);
            written.rater = rater;
            written.amends = amends;
            if organisation {
                written.subject = Subject::Organisation;
            }
            written.to_toml().unwrap()
        })
}

/// Lines a hand edit or a careless merge may bring into a record.
const ODD_LINES: &[&str] = &[
    "",
    "# a comment",
    "# \u{1} a control character in a comment",
    "# \u{7f} a delete in a comment",
    "[[rating]]",
    "[rating]",
    "[[rating]] # a comment",
    "[[ rating ]]",
    "competency = \"c9\"",
    "level = \"3\"",
    "level = 3",
    "not-applicable = true",
    "not-applicable = false",
    "method = \"checklist\"",
    "method = \"chosen\"",
    "ticked = []",
    "ticked = [\"x\"]",
    "ticked = [\"x\",]",
    "ticked = [ ]",
    "ticked = [\"x\",\"y\"]",
    "evidence = \"\"",
    "evidence = \"a\" # a comment",
    "evidence = '''a'''",
    "evidence = \"\"\"a\"\"\"\"",
    "evidence = \"\"\"\"\"\"",
    "evidence = ''''''''",
    "evidence = \"\\e\"",
    "evidence = \"\\x41\"",
    "evidence = \"\\u0041\"",
    "evidence = \"\\U0001F600\"",
    "evidence = \"\\uD800\"",
    "evidence = \"a\\\nb\"",
    "schema = 1",
    "schema = 0",
    "schema = 01",
    "schema = +1",
    "schema = 1_0",
    "schema = 4294967296",
    "person = \"p\"",
    "subject = \"person\"",
    "by = \"self\"",
    "status = \"final\"",
    "rater = 'x'",
    "amends = \"a.toml\"",
    "checksum = \"sha256:0\"",
    "colour = \"red\"",
    "rating = []",
    "level= \"3\"",
    " level = \"3\"",
    "level  = \"3\"",
    "\"level\" = \"3\"",
    "level.x = \"3\"",
];

/// Characters that change what a line means.
const ODD_CHARS: &[char] = &[
    '\r', '\t', ' ', '"', '\'', '\\', '#', '=', '[', ']', ',', '\0', '\u{7f}', '\u{85}',
    '\u{feff}', 'e', 'x', 'u',
];

/// One edit of a record's lines.
#[derive(Clone, Debug)]
enum LineEdit {
    Duplicate(prop::sample::Index, prop::sample::Index),
    /// A line pasted twice.
    Repeat(prop::sample::Index),
    Delete(prop::sample::Index),
    Swap(prop::sample::Index, prop::sample::Index),
    Insert(prop::sample::Index, usize),
    /// Keep the key, give the value of an odd line.
    Revalue(prop::sample::Index, usize),
    Char(prop::sample::Index, prop::sample::Index, usize),
    /// End a line with `\r\n`, a lone `\r`, or nothing.
    Ending(prop::sample::Index, usize),
}

fn line_edit() -> impl Strategy<Value = LineEdit> {
    let index = any::<prop::sample::Index>;
    prop_oneof![
        (index(), index()).prop_map(|(a, b)| LineEdit::Duplicate(a, b)),
        index().prop_map(LineEdit::Repeat),
        index().prop_map(LineEdit::Delete),
        (index(), index()).prop_map(|(a, b)| LineEdit::Swap(a, b)),
        (index(), 0..ODD_LINES.len()).prop_map(|(a, l)| LineEdit::Insert(a, l)),
        (index(), 0..ODD_LINES.len()).prop_map(|(a, l)| LineEdit::Revalue(a, l)),
        (index(), index(), 0..ODD_CHARS.len()).prop_map(|(a, b, c)| LineEdit::Char(a, b, c)),
        (index(), 0..3usize).prop_map(|(a, e)| LineEdit::Ending(a, e)),
    ]
}

/// `text` with `edits` applied to its lines.
fn mutate(text: &str, edits: &[LineEdit]) -> String {
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    let mut endings: Vec<&str> = vec!["\n"; lines.len()];
    for edit in edits {
        if lines.is_empty() {
            break;
        }
        let n = lines.len();
        match edit {
            LineEdit::Duplicate(a, b) => {
                let line = lines[a.index(n)].clone();
                let at = b.index(n + 1);
                lines.insert(at, line);
                endings.insert(at, "\n");
            }
            LineEdit::Repeat(a) => {
                let at = a.index(n);
                lines.insert(at, lines[at].clone());
                endings.insert(at, "\n");
            }
            LineEdit::Delete(a) => {
                let at = a.index(n);
                lines.remove(at);
                endings.remove(at);
            }
            LineEdit::Swap(a, b) => lines.swap(a.index(n), b.index(n)),
            LineEdit::Insert(a, l) => {
                let at = a.index(n + 1);
                lines.insert(at, ODD_LINES[*l].to_owned());
                endings.insert(at, "\n");
            }
            LineEdit::Revalue(a, l) => {
                let at = a.index(n);
                if let (Some((key, _)), Some((_, value))) =
                    (lines[at].split_once(" = "), ODD_LINES[*l].split_once(" = "))
                {
                    lines[at] = format!("{key} = {value}");
                }
            }
            LineEdit::Char(a, b, c) => {
                let line = &mut lines[a.index(n)];
                let chars: Vec<char> = line.chars().collect();
                let at = b.index(chars.len() + 1);
                let mut edited: String = chars[..at].iter().collect();
                edited.push(ODD_CHARS[*c]);
                edited.extend(&chars[at..]);
                *line = edited;
            }
            LineEdit::Ending(a, e) => endings[a.index(n)] = ["\r\n", "\r", ""][*e],
        }
    }
    let mut text = String::new();
    for (line, end) in lines.iter().zip(&endings) {
        text.push_str(line);
        text.push_str(end);
    }
    text
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
        let key = |f: &Filed| (f.record.date, f.record.created.clone(), f.file.clone());
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
            members.push((report::team::team_member(&format!("p{p}"), None, &f, &role, &records, report::team::Rules::MANAGERS), &role));
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

proptest! {
    // Mutations that the fast reader still accepts are about one case in
    // ten, and a duplicate key inside one rating rarer: more cases here.
    #![proptest_config(ProptestConfig::with_cases(2048))]

    #[test]
    fn whenever_the_fast_reader_accepts_a_mutated_record_the_toml_reader_reads_the_same(
        seed in written_record(),
        edits in prop::collection::vec(line_edit(), 1..6),
    ) {
        let text = mutate(&seed, &edits);
        if let Some(fast) = record::fast::parse(&text) {
            let slow = toml::from_str::<record::RawRecord>(&text);
            prop_assert!(
                slow.is_ok(),
                "the fast reader accepts what the toml reader refuses ({}):\n{}",
                slow.err().map(|e| e.to_string()).unwrap_or_default(),
                text
            );
            // Debug shows every field and every span.
            prop_assert_eq!(format!("{:?}", fast), format!("{:?}", slow.unwrap()), "{}", text);
        }
    }
}
