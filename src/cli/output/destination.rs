//! Where `--output` may write: a regular file (or a new one), replaced; a
//! device, FIFO or terminal, written to; never a workspace's own data.

use std::path::{Path, PathBuf};

/// Where `--output` writes.
#[derive(Debug, PartialEq, Eq)]
pub(in crate::cli) enum Destination {
    /// A regular file (there or not yet): replaced atomically.
    File(PathBuf),
    /// A character device, FIFO or terminal: written to, never replaced.
    Device(PathBuf),
}

/// The workspace's own data, relative to its folder: never an output.
const WORKSPACE_DATA: &[&str] = &[
    "assessments",
    "reviews",
    "roles",
    "frameworks",
    ".competency",
    "roster.toml",
    "purged.log",
    "competency.toml",
    ".competency.lock",
];

/// Decide where `--output PATH` writes, or say in one sentence why it
/// cannot. A link is followed, as a shell's redirection follows it.
pub(in crate::cli) fn destination(path: &Path) -> Result<Destination, String> {
    let shown = crate::text::escape_controls(&path.display().to_string()).into_owned();
    let metadata = match std::fs::symlink_metadata(path) {
        Ok(m) => Some(m),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => {
            return Err(format!(
                "--output {shown}: cannot use it: {}",
                crate::error::io_reason(&e)
            ));
        }
    };
    let (path, metadata) = match metadata {
        Some(m) if m.file_type().is_symlink() => match std::fs::canonicalize(path) {
            Ok(target) => {
                let metadata = std::fs::metadata(&target).map_err(|e| {
                    format!(
                        "--output {shown}: cannot use it: {}",
                        crate::error::io_reason(&e)
                    )
                })?;
                (target, Some(metadata))
            }
            Err(_) => {
                return Err(format!(
                    "--output {shown} is a symbolic link to nothing; give a file name"
                ));
            }
        },
        other => (path.to_path_buf(), other),
    };
    if let Some(m) = &metadata {
        if m.is_dir() {
            return Err(format!(
                "--output {shown} is a folder; give a file name, e.g. {}",
                Path::new(&shown).join("report.csv").display()
            ));
        }
        #[cfg(unix)]
        {
            use std::os::unix::fs::FileTypeExt;
            let kind = m.file_type();
            if kind.is_block_device() {
                return Err(format!(
                    "--output {shown} is a disk (a block device); a report is never written onto one"
                ));
            }
            if kind.is_char_device() || kind.is_fifo() {
                return Ok(Destination::Device(path));
            }
            if kind.is_socket() {
                return Err(format!("--output {shown} is a socket; give a file name"));
            }
        }
    }
    if let Some(data) = workspace_data(&path) {
        return Err(format!(
            "--output {shown} is among the workspace's own data ({data}); a report is never written there, so give a path outside it"
        ));
    }
    Ok(Destination::File(path))
}

/// Whether `--output PATH` can take a dataset: a new folder, or an empty
/// one, outside any workspace's own data; one sentence why not.
pub(in crate::cli) fn dataset_destination(path: &Path) -> Result<(), String> {
    let shown = crate::text::escape_controls(&path.display().to_string()).into_owned();
    match std::fs::symlink_metadata(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => {
            return Err(format!(
                "--output {shown}: cannot use it: {}",
                crate::error::io_reason(&e)
            ));
        }
        Ok(m) if m.is_dir() => {
            let empty = std::fs::read_dir(path).is_ok_and(|mut d| d.next().is_none());
            if !empty {
                return Err(format!(
                    "--output {shown} is a folder with files in it; a dataset is written to a new or empty folder, so nothing in it is replaced"
                ));
            }
        }
        Ok(_) => {
            return Err(format!(
                "--output {shown} is not a folder; a dataset is a folder of files: give a new folder's name"
            ));
        }
    }
    if let Some(data) = workspace_data(path) {
        return Err(format!(
            "--output {shown} is among the workspace's own data ({data}); a dataset is never written there, so give a path outside it"
        ));
    }
    Ok(())
}

/// The part of a workspace's own data `path` would be, if it is in one:
/// any folder above it that holds `competency.toml` is a workspace. Folders
/// that do not exist yet are taken as named (so `frameworks/x.yaml` is
/// refused before `frameworks/` is there).
fn workspace_data(path: &Path) -> Option<String> {
    let full = absolute(path)?;
    for root in full.ancestors().skip(1) {
        if root.join(crate::workspace::CONFIG_FILE).is_file()
            && let Ok(rel) = full.strip_prefix(root)
            && let Some(first) = rel.components().next()
        {
            let first = first.as_os_str().to_string_lossy();
            if WORKSPACE_DATA.iter().any(|d| first.eq_ignore_ascii_case(d)) {
                let mut data = first.into_owned();
                if rel.components().count() > 1 {
                    data.push('/');
                }
                return Some(data);
            }
        }
    }
    None
}

/// `path` made absolute through the nearest folder above it that exists
/// (links and `..` in that part resolved); the rest as written.
fn absolute(path: &Path) -> Option<PathBuf> {
    let path = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().ok()?.join(path)
    };
    let mut rest: Vec<std::ffi::OsString> = Vec::new();
    let mut at = path.as_path();
    loop {
        if let Ok(real) = std::fs::canonicalize(at) {
            let mut full = real;
            for part in rest.iter().rev() {
                if part == ".." {
                    full.pop();
                } else if part != "." {
                    full.push(part);
                }
            }
            return Some(full);
        }
        rest.push(
            at.file_name()
                .map_or_else(|| "..".into(), ToOwned::to_owned),
        );
        at = at.parent()?;
    }
}
