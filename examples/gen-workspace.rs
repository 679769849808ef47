//! Generate a realistic organisation-sized workspace for benchmarks:
//!
//!     cargo run --release --example gen-workspace -- --people 10000 --out /tmp/ws-10k
//!
//! Every person has a self and a manager assessment on WDCVS or on Cherwell
//! (a fifth on both, and some with an earlier manager assessment too), with
//! ratings scattered around their role's requirements and evidence drawn from
//! a list of plausible sentences. Records are made with the library and
//! written in exactly the form `competency assess` writes (one TOML file per
//! assessment, same names, same checksum); writing skips the per-file sync and
//! lock, since nothing else touches the folder while it is generated.

// A command-line tool of its own: it reports on stderr.
#![allow(clippy::print_stderr)]

use std::path::PathBuf;

use anyhow::bail;
use competency::testing::catalog::Catalog;
use competency::testing::model::Framework;
use competency::testing::model::Subject;
use competency::testing::record::{RaterKind, Rating, Record, SCHEMA, Status};

const EVIDENCE: &[&str] = &[
    "Led the weekly team meeting and followed up every action.",
    "Feedback from two partner organisations praised the clear updates.",
    "Mentored a new colleague through their first three months.",
    "Redesigned the referral form, cutting waiting times by a week.",
    "Handled a difficult complaint calmly and resolved it at first contact.",
    "Presented the quarterly figures to the management team.",
    "Missed two reporting deadlines this quarter; agreed a plan to catch up.",
    "Built links with three community groups new to the service.",
    "Kept case records accurate and up to date at every audit.",
    "Asked for feedback after each project and acted on it.",
];

const FIRST: &[&str] = &[
    "alex", "sam", "jo", "priya", "omar", "lee", "dana", "kim", "ravi", "fiona", "mo", "tess",
    "ian", "nia", "ben", "zara",
];
const LAST: &[&str] = &[
    "morgan", "reid", "shah", "ali", "grant", "cole", "taylor", "evans", "patel", "clark",
    "hughes", "price", "ward", "bell", "khan", "ross",
];

/// A small deterministic generator: the same `--seed` gives the same workspace.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }

    fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next()).unwrap_or(0) % n.max(1)
    }
}

/// Generate a benchmark workspace.
#[derive(clap::Parser)]
struct Args {
    /// How many people
    #[arg(long)]
    people: usize,
    /// The folder to create (must not be a workspace yet)
    #[arg(long)]
    out: PathBuf,
    /// Seed of the generator: the same seed gives the same workspace
    #[arg(long, default_value_t = 7)]
    seed: u64,
}

const ROLES: &str = "\
# Role profiles of the generated organisation.
roles:
  - id: council-officer
    name: Council officer
    framework: cherwell-snc
    required:
      communication: D
      performance-and-outcome-focus: D
      customer-focus: D
      innovation-continuous-improvement-and-problem-solving: D
      collaborative-teamwork: D
      financial-and-commercial-awareness: D
      technical-expertise: D
  - id: service-manager
    name: Service manager
    framework: cherwell-snc
    required:
      communication: F
      performance-and-outcome-focus: F
      customer-focus: F
      collaborative-teamwork: F
      managing-people-and-change: D
      collaborative-leadership: D
      strategic-thinking: D
";

fn ratings(framework: &Framework, rng: &mut Lcg, centre: usize) -> Vec<Rating> {
    let top = framework.scale.levels.len();
    let mut ratings = Vec::new();
    for c in &framework.competencies {
        // One competency in ten is left unrated.
        if rng.below(10) == 0 {
            continue;
        }
        let mut r = Rating::new(&c.id);
        let rank = (centre + rng.below(3)).saturating_sub(1).clamp(1, top);
        r.level = Some(framework.scale.levels[rank - 1].code.clone());
        if rng.below(3) == 0 {
            r.evidence = Some(EVIDENCE[rng.below(EVIDENCE.len())].to_owned());
        }
        ratings.push(r);
    }
    ratings
}

/// A new file readable by its owner only, as `assess` leaves records.
fn private_file(path: &std::path::Path, text: &str) -> std::io::Result<()> {
    use std::io::Write as _;
    let mut options = std::fs::File::options();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path)?.write_all(text.as_bytes())
}

fn main() -> anyhow::Result<()> {
    let args = <Args as clap::Parser>::parse();
    if args.out.join("competency.toml").exists() {
        bail!(
            "`{}` is already a workspace; give a new folder",
            args.out.display()
        );
    }
    let catalog = Catalog::bundled();
    let wdcvs = catalog.framework("wdcvs")?;
    let cherwell = catalog.framework("cherwell-snc")?;
    competency::testing::file::create_private_dir(&args.out.join("roles"))?;
    competency::testing::file::create_private_dir(&args.out.join("assessments"))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&args.out, std::fs::Permissions::from_mode(0o700))?;
    }
    private_file(
        &args.out.join("competency.toml"),
        &format!(
            "# A generated organisation of {} people.\nname = \"Generated\"\ndefault-framework = \"wdcvs\"\n",
            args.people
        ),
    )?;
    private_file(&args.out.join("roles/generated.yaml"), ROLES)?;
    let mut rng = Lcg(args.seed);
    let mut files = 0usize;
    for i in 0..args.people {
        files += person(&args, i, &mut rng, wdcvs, cherwell)?;
    }
    eprintln!(
        "wrote {} people, {files} records, to {}",
        args.people,
        args.out.display()
    );
    Ok(())
}

/// Write person `i`'s assessments; returns how many records.
fn person(
    args: &Args,
    i: usize,
    rng: &mut Lcg,
    wdcvs: &Framework,
    cherwell: &Framework,
) -> anyhow::Result<usize> {
    let person = format!(
        "{}-{}-{i}",
        FIRST[rng.below(FIRST.len())],
        LAST[rng.below(LAST.len())]
    );
    let dir = args.out.join("assessments").join(&person);
    competency::testing::file::create_private_dir(&dir)?;
    // Four in five are link workers, two in five council officers or managers.
    let on_wdcvs = i % 5 != 4;
    let on_cherwell = i % 5 >= 3;
    let cherwell_role = if i.is_multiple_of(7) {
        "service-manager"
    } else {
        "council-officer"
    };
    let mut files = 0;
    for (framework, role, centre) in [
        (wdcvs, "community-link-worker", 3),
        (cherwell, cherwell_role, 4),
    ]
    .into_iter()
    .filter(|(f, _, _)| {
        if f.id == "wdcvs" {
            on_wdcvs
        } else {
            on_cherwell
        }
    }) {
        let mut kinds = vec![
            (RaterKind::SelfAssessment, jiff::civil::date(2026, 3, 2)),
            (RaterKind::Manager, jiff::civil::date(2026, 3, 9)),
        ];
        if i.is_multiple_of(3) {
            kinds.push((RaterKind::Manager, jiff::civil::date(2026, 9, 14)));
        }
        for (by, date) in kinds {
            let record = Record {
                schema: SCHEMA,
                person: person.clone(),
                subject: Subject::Person,
                framework: framework.id.clone(),
                fingerprint: framework.fingerprint.clone(),
                by,
                rater: Some(if by == RaterKind::Manager {
                    "Line Manager".to_owned()
                } else {
                    person.clone()
                }),
                role: Some(role.to_owned()),
                date,
                status: if by == RaterKind::Manager {
                    Status::Final
                } else {
                    Status::Draft
                },
                created: format!("{date}T10:00:00Z"),
                amends: None,
                checksum: None,
                ratings: ratings(framework, rng, centre),
            };
            let text = record.to_toml().map_err(|e| anyhow::anyhow!("{e}"))?;
            private_file(
                &dir.join(format!("{date}-{}-{by}.toml", framework.id)),
                &text,
            )?;
            files += 1;
        }
    }
    Ok(files)
}
