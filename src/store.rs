//! Where records live and how they are written: `assessments/<person>/*.toml`
//! in a workspace. Writes hold the workspace lock, never replace an existing
//! file, go through a temporary file that is synced and renamed into place
//! (atomic-write-file), are readable by the owner only, and are parsed back
//! before they are committed.

use std::fs::File;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::{Context as _, bail};

use crate::diagnostic::Diagnostic;
use crate::load;
use crate::record::{self, Record};
use crate::workspace::Workspace;

/// The lock file, at the workspace root.
pub const LOCK_FILE: &str = ".competency.lock";

/// How long a writer waits for another to finish before giving up.
/// `COMPETENCY_LOCK_TIMEOUT_MS` overrides it (tests use a short wait).
fn lock_timeout() -> Duration {
    std::env::var("COMPETENCY_LOCK_TIMEOUT_MS")
        .ok()
        .and_then(|v| v.parse().ok())
        .map_or(Duration::from_secs(10), Duration::from_millis)
}

/// The workspace write lock; released when dropped (or when the process ends,
/// however it ends).
pub struct WorkspaceLock {
    _file: File,
}

impl WorkspaceLock {
    pub fn acquire(workspace: &Workspace) -> anyhow::Result<WorkspaceLock> {
        let path = workspace.root.join(LOCK_FILE);
        let file = File::options()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .with_context(|| format!("cannot open the workspace lock `{}`", path.display()))?;
        let timeout = lock_timeout();
        let start = Instant::now();
        loop {
            match file.try_lock() {
                Ok(()) => return Ok(WorkspaceLock { _file: file }),
                Err(std::fs::TryLockError::WouldBlock) if start.elapsed() < timeout => {
                    std::thread::sleep(Duration::from_millis(5));
                }
                Err(std::fs::TryLockError::WouldBlock) => bail!(
                    "another competency command is writing to the workspace `{}`; nothing was written (waited {} s), try again when it has finished",
                    workspace.root.display(),
                    timeout.as_secs_f32()
                ),
                Err(std::fs::TryLockError::Error(e)) => {
                    return Err(e).with_context(|| format!("cannot lock `{}`", path.display()));
                }
            }
        }
    }
}

/// Create a folder readable by the owner only (and its parents as needed).
pub fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder.create(dir)
}

/// The folder of a person's records.
pub fn person_dir(workspace: &Workspace, person: &str) -> PathBuf {
    workspace.assessments_dir().join(person)
}

/// `2026-11-24-wdcvs-manager.toml`, then `...-2.toml`, `...-3.toml`: the first
/// name not taken, so two assessments on one day never collide.
fn free_name(dir: &Path, record: &Record) -> PathBuf {
    let stem = format!("{}-{}-{}", record.date(), record.framework(), record.by);
    let mut n = 1u32;
    loop {
        let name = if n == 1 {
            format!("{stem}.toml")
        } else {
            format!("{stem}-{n}.toml")
        };
        let path = dir.join(name);
        if !path.exists() {
            return path;
        }
        n += 1;
    }
}

/// Write `record` as a new file under the workspace; returns its path.
pub fn write_record(workspace: &Workspace, record: &Record) -> anyhow::Result<PathBuf> {
    let text = record
        .to_toml()
        .map_err(|e| anyhow::anyhow!("cannot write the record as TOML: {e}"))?;
    // Parse the text back before anything touches the disk: what is written
    // must read as exactly the record that was meant.
    let reread = record::check::parse(Path::new("(new record)"), &text)
        .map_err(|d| anyhow::anyhow!("the new record does not read back: {}", d.headline()))?;
    let mut expected = record.clone();
    expected.checksum.clone_from(&reread.checksum);
    if reread != expected || reread.checksum_matches() != Some(true) {
        bail!("the new record does not read back as written; nothing was saved");
    }
    let _lock = WorkspaceLock::acquire(workspace)?;
    let dir = person_dir(workspace, record.person());
    create_private_dir(&dir).with_context(|| format!("cannot create `{}`", dir.display()))?;
    // Writers make temporary files only while holding the lock, so any found
    // now were left by a writer that was killed: tidy them away.
    for leftover in leftovers(&dir) {
        let _ = std::fs::remove_file(leftover);
    }
    let path = free_name(&dir, record);
    write_private(&path, text.as_bytes())?;
    Ok(path)
}

/// Atomically create or replace `path` with `bytes`, readable by the owner only.
pub fn write_private(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    let mut options = atomic_write_file::AtomicWriteFile::options();
    #[cfg(unix)]
    {
        use atomic_write_file::unix::OpenOptionsExt;
        options.preserve_mode(false).preserve_owner(false);
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    }
    let mut file = options
        .open(path)
        .with_context(|| format!("cannot write `{}`", path.display()))?;
    file.write_all(bytes)
        .and_then(|()| file.commit())
        .with_context(|| format!("cannot write `{}`", path.display()))
}

/// A record file read from disk: its path, text and the parsed record (or why not).
pub struct StoredRecord {
    pub path: PathBuf,
    pub source: String,
    pub record: Result<Record, Diagnostic>,
}

impl StoredRecord {
    pub fn read(path: &Path) -> StoredRecord {
        match load::read_text(path) {
            Ok(source) => {
                let record = record::check::parse(path, &source);
                StoredRecord {
                    path: path.to_path_buf(),
                    source,
                    record,
                }
            }
            Err(d) => StoredRecord {
                path: path.to_path_buf(),
                source: String::new(),
                record: Err(d),
            },
        }
    }

    pub fn file_name(&self) -> String {
        self.path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default()
    }
}

/// Whether a directory entry is a record file: `*.toml`, not hidden (the
/// temporary files of an interrupted write start with a dot).
pub fn is_record_name(name: &str) -> bool {
    !name.starts_with('.') && Path::new(name).extension().is_some_and(|e| e == "toml")
}

/// The ids of everyone with a folder under `assessments/`, sorted.
pub fn people(workspace: &Workspace) -> std::io::Result<Vec<String>> {
    let dir = workspace.assessments_dir();
    let entries = match std::fs::read_dir(&dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(e),
    };
    let mut people = Vec::new();
    for entry in entries {
        let entry = entry?;
        if entry.file_type()?.is_dir()
            && let Some(name) = entry.file_name().to_str()
            && !name.starts_with('.')
        {
            people.push(name.to_owned());
        }
    }
    people.sort();
    Ok(people)
}

/// What one person's folder holds: record files, and leftover temporary
/// files of interrupted writes (which start with a dot and are never records).
#[derive(Debug, Default)]
pub struct Folder {
    pub records: Vec<PathBuf>,
    pub leftovers: Vec<PathBuf>,
}

impl Folder {
    /// Read the folder once; a missing folder is empty.
    pub fn read(dir: &Path) -> std::io::Result<Folder> {
        let entries = match std::fs::read_dir(dir) {
            Ok(entries) => entries,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Folder::default()),
            Err(e) => return Err(e),
        };
        let mut folder = Folder::default();
        for entry in entries {
            let entry = entry?;
            let Some(name) = entry.file_name().to_str().map(str::to_owned) else {
                continue;
            };
            if !entry.file_type()?.is_file() {
                continue;
            }
            if is_record_name(&name) {
                folder.records.push(entry.path());
            } else if name.starts_with('.') && name.contains(".toml.") {
                folder.leftovers.push(entry.path());
            }
        }
        folder.records.sort();
        folder.leftovers.sort();
        Ok(folder)
    }
}

/// The record files in one person's folder, sorted by name.
pub fn record_paths(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    Folder::read(dir).map(|f| f.records)
}

/// Leftover temporary files of interrupted writes in one folder.
pub fn leftovers(dir: &Path) -> Vec<PathBuf> {
    Folder::read(dir).map(|f| f.leftovers).unwrap_or_default()
}

/// Every readable record of one person, oldest first.
pub fn person_records(workspace: &Workspace, person: &str) -> anyhow::Result<Vec<StoredRecord>> {
    let dir = person_dir(workspace, person);
    let paths = record_paths(&dir).with_context(|| format!("cannot read `{}`", dir.display()))?;
    let mut records: Vec<StoredRecord> = paths.iter().map(|p| StoredRecord::read(p)).collect();
    records.sort_by(|a, b| match (&a.record, &b.record) {
        (Ok(x), Ok(y)) => record::order_key(x).cmp(&record::order_key(y)),
        _ => a.path.cmp(&b.path),
    });
    Ok(records)
}
