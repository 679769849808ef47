//! Time the record readers alone, apart from the file system and the checks:
//!
//!     cargo run --release --example read-records -- /tmp/ws-10k [RUNS]
//!
//! Every record of the workspace is read into memory once; then, RUNS times
//! (default 10), all of them are parsed by the fast reader
//! (`record::fast::parse`), by the `toml` crate (what `record::parse` falls
//! back to), and by `record::parse` itself (the fast reader, else `toml`).
//! Prints, for each reader, the fastest, median and slowest run over all
//! records and per record, on one thread. Nothing here is asserted: the
//! figures go in BENCHMARKS.md.

// A command-line tool of its own: it reports on stdout and stderr.
#![allow(
    clippy::print_stdout,
    clippy::print_stderr,
    clippy::cast_precision_loss
)]

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use competency::testing::record::{self, RawRecord};

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args_os().skip(1);
    let Some(workspace) = args.next().map(PathBuf::from) else {
        bail!("usage: read-records WORKSPACE [RUNS]");
    };
    let runs: usize = match args.next() {
        Some(n) => n.to_string_lossy().parse().context("RUNS is a number")?,
        None => 10,
    };
    let texts = records(&workspace)?;
    if texts.is_empty() {
        bail!(
            "no records under {}",
            workspace.join("assessments").display()
        );
    }
    let bytes: usize = texts.iter().map(String::len).sum();
    let fast = texts
        .iter()
        .filter(|t| record::fast::parse(t).is_some())
        .count();
    println!(
        "{} records, {:.1} MiB; the fast reader reads {fast} of them",
        texts.len(),
        mib(bytes)
    );
    let file = Path::new("x.toml");
    time("fast reader", &texts, runs, |t| {
        record::fast::parse(t).is_some()
    });
    time("toml crate", &texts, runs, |t| {
        toml::from_str::<RawRecord>(t).is_ok()
    });
    time("record::parse", &texts, runs, |t| {
        record::parse(file, t).is_ok()
    });
    Ok(())
}

/// The text of every `assessments/*/*.toml`.
fn records(workspace: &Path) -> anyhow::Result<Vec<String>> {
    let mut texts = Vec::new();
    let assessments = workspace.join("assessments");
    for person in std::fs::read_dir(&assessments)
        .with_context(|| format!("cannot list {}", assessments.display()))?
    {
        let person = person?.path();
        if !person.is_dir() {
            continue;
        }
        for file in std::fs::read_dir(&person)? {
            let file = file?.path();
            if file.extension().is_some_and(|e| e == "toml") {
                texts.push(std::fs::read_to_string(&file)?);
            }
        }
    }
    Ok(texts)
}

/// Parse every text `runs` times with `read` and print the spread.
fn time(name: &str, texts: &[String], runs: usize, read: impl Fn(&str) -> bool) {
    let mut times: Vec<Duration> = (0..runs.max(1))
        .map(|_| {
            let start = Instant::now();
            let read_ok = texts.iter().filter(|t| read(t)).count();
            let elapsed = start.elapsed();
            std::hint::black_box(read_ok);
            elapsed
        })
        .collect();
    times.sort();
    let per_record = |d: Duration| d.as_secs_f64() * 1e6 / texts.len() as f64;
    let (min, median, max) = (times[0], times[times.len() / 2], times[times.len() - 1]);
    println!(
        "{name:>14}: {:8.1} ms min, {:8.1} ms median, {:8.1} ms max; {:6.2} µs a record (median)",
        ms(min),
        ms(median),
        ms(max),
        per_record(median)
    );
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn mib(bytes: usize) -> f64 {
    bytes as f64 / (1024.0 * 1024.0)
}
