//! A workspace's folder, opened once. Every file and folder in it is reached
//! relative to that open handle, by a relative path of plain names, and never
//! through a symbolic link at any step: on Linux by `openat2` with
//! `RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS`, elsewhere (or where `openat2` is
//! refused) one component at a time with `O_NOFOLLOW`. A folder swapped for a
//! link while a command runs therefore cannot redirect a read or a write, and
//! no path from a file (a person's id, a journal entry) can leave the
//! workspace.
//!
//! Reading is for everyone; the writing operations are for `store::change`,
//! the workspace's one write path.

use std::io;
use std::path::{Path, PathBuf};

use super::{Kind, OpenFolder, Opened};
use crate::diagnostic::Diagnostic;

/// A workspace's root folder, open.
pub struct Root {
    path: PathBuf,
    #[cfg(unix)]
    fd: rustix::fd::OwnedFd,
    /// A lock file this command holds open for as long as it reads the
    /// workspace (see `store::lock::CommitLock`).
    pub(crate) held: std::sync::Mutex<Option<std::fs::File>>,
}

impl std::fmt::Debug for Root {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Root")
            .field("path", &self.path)
            .finish_non_exhaustive()
    }
}

/// Whether `rel` is a relative path of plain names: not empty, no `..`,
/// `.`, empty or absolute parts, no NUL.
pub(crate) fn is_plain(rel: &str) -> bool {
    !rel.is_empty()
        && !rel.contains('\0')
        && !rel.contains('\\')
        && rel
            .split('/')
            .all(|part| !part.is_empty() && part != "." && part != "..")
}

fn not_plain(rel: &str) -> io::Error {
    io::Error::new(
        io::ErrorKind::InvalidInput,
        format!(
            "`{}` is not a path inside the workspace",
            rel.escape_debug()
        ),
    )
}

/// The folder part and the last name of `rel` (`""` for the root itself).
fn split(rel: &str) -> (&str, &str) {
    match rel.rfind('/') {
        Some(i) => (&rel[..i], &rel[i + 1..]),
        None => ("", rel),
    }
}

/// What a path in the workspace is, as `lstat` says (a link not followed).
#[derive(Clone, Copy, Debug)]
pub struct Stat {
    pub kind: Kind,
    /// Permission bits.
    pub mode: u32,
    pub size: u64,
    /// Modification time, seconds since 1970.
    pub modified: i64,
}

impl Root {
    /// Open the workspace folder at `path`. A link at `path` itself is
    /// followed: it is the user's to give. Nothing below it ever is.
    pub fn open(path: &Path) -> io::Result<Root> {
        #[cfg(unix)]
        {
            use rustix::fs::{Mode, OFlags};
            let fd = rustix::fs::open(
                path,
                OFlags::RDONLY | OFlags::DIRECTORY | OFlags::CLOEXEC,
                Mode::empty(),
            )?;
            Ok(Root {
                path: path.to_path_buf(),
                fd,
                held: std::sync::Mutex::new(None),
            })
        }
        #[cfg(not(unix))]
        {
            if !std::fs::metadata(path)?.is_dir() {
                return Err(io::Error::new(io::ErrorKind::NotADirectory, "not a folder"));
            }
            Ok(Root {
                path: path.to_path_buf(),
                held: std::sync::Mutex::new(None),
            })
        }
    }

    /// The folder's path, as it was opened (for messages).
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The path of `rel` for messages.
    pub fn join(&self, rel: &str) -> PathBuf {
        let mut path = self.path.clone();
        for part in rel.split('/').filter(|p| !p.is_empty()) {
            path.push(part);
        }
        path
    }

    /// The path of the symbolic link that stops `rel` from opening: the
    /// first of its parts that is a link (for messages only).
    fn link_in(&self, rel: &str) -> PathBuf {
        let mut prefix = String::new();
        for part in rel.split('/') {
            if !prefix.is_empty() {
                prefix.push('/');
            }
            prefix.push_str(part);
            if matches!(self.stat(&prefix), Ok(Some(s)) if s.kind == Kind::Link) {
                return self.join(&prefix);
            }
        }
        self.join(rel)
    }

    /// Whether `e`, from opening `rel`, is a link in the way.
    pub fn is_link(&self, rel: &str, e: &io::Error) -> bool {
        is_link_error(e) || (e.kind() == io::ErrorKind::NotADirectory && self.has_link(rel))
    }

    /// The file `rel`'s text: a regular file (a link at any step refused,
    /// never followed), at most [`super::MAX_FILE_BYTES`], UTF-8.
    pub fn read_text(&self, rel: &str) -> Result<String, Diagnostic> {
        let path = self.join(rel);
        let bytes = self.read_bytes(rel)?;
        super::text_from_bytes(&path, bytes)
    }

    /// The file `rel`'s bytes, as [`Root::read_text`] reads them.
    pub fn read_bytes(&self, rel: &str) -> Result<Vec<u8>, Diagnostic> {
        let path = self.join(rel);
        let file = self.open_file(rel).map_err(|e| self.problem(rel, &e))?;
        let metadata = file.metadata().map_err(|e| super::unreadable(&path, &e))?;
        if metadata.is_dir() {
            return Err(super::unreadable(
                &path,
                &io::Error::from(io::ErrorKind::IsADirectory),
            ));
        }
        if !metadata.is_file() {
            return Err(super::not_a_file(&path));
        }
        super::read_open(&path, &file)
    }

    /// The problem of a failed open of `rel`, as a diagnostic.
    pub fn problem(&self, rel: &str, e: &io::Error) -> Diagnostic {
        if is_link_error(e) || (e.kind() == io::ErrorKind::NotADirectory && self.has_link(rel)) {
            super::symlink(&self.link_in(rel))
        } else {
            super::unreadable(&self.join(rel), e)
        }
    }

    /// Whether one of the parts of `rel` is a symbolic link.
    fn has_link(&self, rel: &str) -> bool {
        let mut prefix = String::new();
        rel.split('/').any(|part| {
            if !prefix.is_empty() {
                prefix.push('/');
            }
            prefix.push_str(part);
            matches!(self.stat(&prefix), Ok(Some(s)) if s.kind == Kind::Link)
        })
    }

    /// Open the folder `rel` (`""` for the root) and list it; a link at any
    /// step is reported as [`Opened::Link`], never followed.
    pub fn open_folder(&self, rel: &str) -> io::Result<Opened> {
        #[cfg(unix)]
        {
            use rustix::fs::OFlags;
            let flags = OFlags::RDONLY | OFlags::DIRECTORY | OFlags::CLOEXEC;
            let fd = if rel.is_empty() {
                rustix::io::dup(&self.fd)?
            } else {
                match self.open_at(rel, flags, 0) {
                    Ok(fd) => fd,
                    Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Opened::Missing),
                    Err(e) if is_link_error(&e) => return Ok(Opened::Link),
                    // `O_DIRECTORY | O_NOFOLLOW` on a link says "not a folder".
                    Err(e) if e.kind() == io::ErrorKind::NotADirectory && self.has_link(rel) => {
                        return Ok(Opened::Link);
                    }
                    Err(e) => return Err(e),
                }
            };
            OpenFolder::from_fd(self.join(rel), fd)
        }
        #[cfg(not(unix))]
        {
            OpenFolder::open(&self.join(rel))
        }
    }

    /// What `rel` is (`None` when nothing is there); a link is reported as
    /// one, not followed, and the folders above it must not be links.
    pub fn stat(&self, rel: &str) -> io::Result<Option<Stat>> {
        #[cfg(unix)]
        {
            use rustix::fs::{AtFlags, FileType};
            let (parent, name) = split(rel);
            if !is_plain(name) {
                return Err(not_plain(rel));
            }
            let at = match self.folder_fd(parent) {
                Ok(fd) => fd,
                Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
                Err(e) => return Err(e),
            };
            let stat = match rustix::fs::statat(&at, name, AtFlags::SYMLINK_NOFOLLOW) {
                Ok(stat) => stat,
                Err(rustix::io::Errno::NOENT) => return Ok(None),
                Err(e) => return Err(e.into()),
            };
            let kind = match FileType::from_raw_mode(stat.st_mode) {
                FileType::RegularFile => Kind::File,
                FileType::Directory => Kind::Folder,
                FileType::Symlink => Kind::Link,
                _ => Kind::Other,
            };
            Ok(Some(Stat {
                kind,
                mode: stat.st_mode & 0o7777,
                size: u64::try_from(stat.st_size).unwrap_or(0),
                modified: stat.st_mtime,
            }))
        }
        #[cfg(not(unix))]
        {
            let metadata = match std::fs::symlink_metadata(self.join(rel)) {
                Ok(m) => m,
                Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
                Err(e) => return Err(e),
            };
            let kind = if metadata.file_type().is_symlink() {
                Kind::Link
            } else if metadata.is_dir() {
                Kind::Folder
            } else if metadata.is_file() {
                Kind::File
            } else {
                Kind::Other
            };
            let modified = metadata
                .modified()
                .ok()
                .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(0));
            Ok(Some(Stat {
                kind,
                mode: 0o600,
                size: metadata.len(),
                modified,
            }))
        }
    }

    /// Whether a regular file is at `rel`.
    pub fn is_file(&self, rel: &str) -> bool {
        matches!(self.stat(rel), Ok(Some(s)) if s.kind == Kind::File)
    }

    /// Open the file `rel` for reading (never blocking on a pipe).
    fn open_file(&self, rel: &str) -> io::Result<std::fs::File> {
        #[cfg(unix)]
        {
            use rustix::fs::OFlags;
            let flags = OFlags::RDONLY | OFlags::NONBLOCK | OFlags::CLOEXEC;
            Ok(std::fs::File::from(self.open_at(rel, flags, 0)?))
        }
        #[cfg(not(unix))]
        {
            if matches!(self.stat(rel)?, Some(s) if s.kind == Kind::Link) {
                return Err(io::Error::other(LINK_MESSAGE));
            }
            std::fs::File::open(self.join(rel))
        }
    }

    // --- Writing: for store::change only ---------------------------------

    /// Make the folder `rel` (its parent must exist), private; false when a
    /// folder was already there.
    pub(crate) fn create_folder(&self, rel: &str) -> io::Result<bool> {
        #[cfg(unix)]
        {
            use rustix::fs::Mode;
            let (parent, name) = split(rel);
            let at = self.folder_fd(parent)?;
            match rustix::fs::mkdirat(&at, name, Mode::from_raw_mode(0o700)) {
                Ok(()) => Ok(true),
                Err(rustix::io::Errno::EXIST) => match self.stat(rel)? {
                    Some(s) if s.kind == Kind::Folder => Ok(false),
                    Some(s) if s.kind == Kind::Link => Err(link_error()),
                    _ => Err(io::Error::from(io::ErrorKind::AlreadyExists)),
                },
                Err(e) => Err(e.into()),
            }
        }
        #[cfg(not(unix))]
        {
            match std::fs::create_dir(self.join(rel)) {
                Ok(()) => Ok(true),
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => Ok(false),
                Err(e) => Err(e),
            }
        }
    }

    /// Make the folder `rel` and any folders above it that are missing.
    pub(crate) fn create_folders(&self, rel: &str) -> io::Result<()> {
        let mut at = 0;
        while let Some(i) = rel[at..].find('/').map(|i| at + i) {
            self.create_folder(&rel[..i])?;
            at = i + 1;
        }
        self.create_folder(rel).map(|_| ())
    }

    /// Write `bytes` to a new file `rel`, private; fails when anything is
    /// already there.
    pub(crate) fn write_new(&self, rel: &str, bytes: &[u8]) -> io::Result<std::fs::File> {
        use std::io::Write as _;
        #[cfg(unix)]
        let mut file = {
            use rustix::fs::OFlags;
            let flags = OFlags::WRONLY | OFlags::CREATE | OFlags::EXCL | OFlags::CLOEXEC;
            std::fs::File::from(self.open_at(rel, flags, 0o600)?)
        };
        #[cfg(not(unix))]
        let mut file = std::fs::File::options()
            .write(true)
            .create_new(true)
            .open(self.join(rel))?;
        file.write_all(bytes)?;
        Ok(file)
    }

    /// Rename `from` to `to`, both in the workspace. With `replace` false the
    /// rename fails when `to` exists (never overwriting a record).
    pub(crate) fn rename(&self, from: &str, to: &str, replace: bool) -> io::Result<()> {
        #[cfg(unix)]
        {
            let (from_dir, from_name) = split(from);
            let (to_dir, to_name) = split(to);
            if !is_plain(from_name) || !is_plain(to_name) {
                return Err(not_plain(if is_plain(from_name) { to } else { from }));
            }
            let old = self.folder_fd(from_dir)?;
            let new = self.folder_fd(to_dir)?;
            rename_at(&old, from_name, &new, to_name, replace)
        }
        #[cfg(not(unix))]
        {
            let target = self.join(to);
            if !replace && std::fs::symlink_metadata(&target).is_ok() {
                return Err(io::Error::from(io::ErrorKind::AlreadyExists));
            }
            std::fs::rename(self.join(from), target)
        }
    }

    /// Remove the file `rel`; nothing there is not an error.
    pub(crate) fn remove_file(&self, rel: &str) -> io::Result<()> {
        #[cfg(unix)]
        {
            let (parent, name) = split(rel);
            if !is_plain(name) {
                return Err(not_plain(rel));
            }
            let at = match self.folder_fd(parent) {
                Ok(fd) => fd,
                Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(()),
                Err(e) => return Err(e),
            };
            match rustix::fs::unlinkat(&at, name, rustix::fs::AtFlags::empty()) {
                Ok(()) | Err(rustix::io::Errno::NOENT) => Ok(()),
                Err(e) => Err(e.into()),
            }
        }
        #[cfg(not(unix))]
        {
            match std::fs::remove_file(self.join(rel)) {
                Err(e) if e.kind() != io::ErrorKind::NotFound => Err(e),
                _ => Ok(()),
            }
        }
    }

    /// Remove the folder `rel` and everything in it, following no link
    /// (a link inside is removed as a link); nothing there is not an error.
    pub(crate) fn remove_tree(&self, rel: &str) -> io::Result<()> {
        match self.open_folder(rel)? {
            Opened::Missing => return Ok(()),
            Opened::Link => return Err(link_error()),
            Opened::Folder(_, entries) => {
                for (name, kind) in entries {
                    let inner = format!("{rel}/{name}");
                    if kind == Kind::Folder {
                        self.remove_tree(&inner)?;
                    } else {
                        self.remove_file(&inner)?;
                    }
                }
            }
        }
        #[cfg(unix)]
        {
            let (parent, name) = split(rel);
            let at = self.folder_fd(parent)?;
            match rustix::fs::unlinkat(&at, name, rustix::fs::AtFlags::REMOVEDIR) {
                Ok(()) | Err(rustix::io::Errno::NOENT) => Ok(()),
                Err(e) => Err(e.into()),
            }
        }
        #[cfg(not(unix))]
        {
            std::fs::remove_dir(self.join(rel))
        }
    }

    /// Make everything written in the workspace durable: one `syncfs` on
    /// Linux, else each of `files` and `folders` synced.
    pub(crate) fn sync(&self, files: &[std::fs::File], folders: &[&str]) -> io::Result<()> {
        #[cfg(target_os = "linux")]
        {
            let _ = (files, folders);
            rustix::fs::syncfs(&self.fd)?;
            Ok(())
        }
        #[cfg(not(target_os = "linux"))]
        {
            for file in files {
                file.sync_all()?;
            }
            #[cfg(unix)]
            for folder in folders {
                rustix::fs::fsync(self.folder_fd(folder)?)?;
            }
            Ok(())
        }
    }

    /// Open the file `rel` for reading if it is there (`None` when it is not).
    pub(crate) fn open_existing(&self, rel: &str) -> io::Result<Option<std::fs::File>> {
        match self.open_file(rel) {
            Ok(file) => Ok(Some(file)),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// Open (creating it, private) the lock file `rel` for writing.
    pub(crate) fn lock_file(&self, rel: &str) -> io::Result<std::fs::File> {
        #[cfg(unix)]
        {
            use rustix::fs::OFlags;
            let flags = OFlags::RDWR | OFlags::CREATE | OFlags::CLOEXEC;
            Ok(std::fs::File::from(self.open_at(rel, flags, 0o600)?))
        }
        #[cfg(not(unix))]
        {
            std::fs::File::options()
                .read(true)
                .write(true)
                .create(true)
                .truncate(false)
                .open(self.join(rel))
        }
    }

    /// The folder `rel` of the workspace, open (no link followed at any
    /// step), for looking at what is in it by its handle.
    #[cfg(unix)]
    pub(crate) fn open_dir(&self, rel: &str) -> io::Result<rustix::fd::OwnedFd> {
        self.folder_fd(rel)
    }

    // --- Resolution -------------------------------------------------------

    /// The folder `rel` (`""`: the root), open.
    #[cfg(unix)]
    fn folder_fd(&self, rel: &str) -> io::Result<rustix::fd::OwnedFd> {
        use rustix::fs::OFlags;
        if rel.is_empty() {
            return Ok(rustix::io::dup(&self.fd)?);
        }
        self.open_at(rel, OFlags::RDONLY | OFlags::DIRECTORY | OFlags::CLOEXEC, 0)
    }

    /// Open `rel` beneath the root with `flags`, no link followed at any step.
    #[cfg(unix)]
    fn open_at(
        &self,
        rel: &str,
        flags: rustix::fs::OFlags,
        mode: u32,
    ) -> io::Result<rustix::fd::OwnedFd> {
        use rustix::fs::{Mode, OFlags};
        if !is_plain(rel) {
            return Err(not_plain(rel));
        }
        let flags = flags | OFlags::NOFOLLOW | OFlags::CLOEXEC;
        let mode = Mode::from_raw_mode(mode);
        #[cfg(target_os = "linux")]
        if let Some(result) = openat2(&self.fd, rel, flags, mode) {
            return result;
        }
        // One component at a time, refusing a link at each.
        let (parent, name) = split(rel);
        let mut at: Option<rustix::fd::OwnedFd> = None;
        for part in parent.split('/').filter(|p| !p.is_empty()) {
            // Not O_PATH: with it a link would open as itself.
            let dir_flags = OFlags::RDONLY | OFlags::DIRECTORY | OFlags::NOFOLLOW | OFlags::CLOEXEC;
            let next = match &at {
                None => rustix::fs::openat(&self.fd, part, dir_flags, Mode::empty()),
                Some(fd) => rustix::fs::openat(fd, part, dir_flags, Mode::empty()),
            };
            at = Some(next?);
        }
        let opened = match &at {
            None => rustix::fs::openat(&self.fd, name, flags, mode),
            Some(fd) => rustix::fs::openat(fd, name, flags, mode),
        };
        Ok(opened?)
    }
}

/// `openat2` beneath `root` with no link at any step, or `None` where the
/// system does not offer it (then the caller walks the path itself).
#[cfg(target_os = "linux")]
fn openat2(
    root: &rustix::fd::OwnedFd,
    rel: &str,
    flags: rustix::fs::OFlags,
    mode: rustix::fs::Mode,
) -> Option<io::Result<rustix::fd::OwnedFd>> {
    use rustix::fs::ResolveFlags;
    use rustix::io::Errno;
    use std::sync::atomic::{AtomicBool, Ordering};
    static MISSING: AtomicBool = AtomicBool::new(false);
    if MISSING.load(Ordering::Relaxed) {
        return None;
    }
    let resolve = ResolveFlags::BENEATH | ResolveFlags::NO_SYMLINKS | ResolveFlags::NO_MAGICLINKS;
    match rustix::fs::openat2(root, rel, flags, mode, resolve) {
        // Not offered by this kernel, or refused by a sandbox's filter.
        Err(Errno::NOSYS | Errno::PERM) => {
            MISSING.store(true, Ordering::Relaxed);
            None
        }
        // An escape attempt (`RESOLVE_BENEATH`): as a link, refused.
        Err(Errno::XDEV) => Some(Err(link_error())),
        other => Some(other.map_err(Into::into)),
    }
}

/// Rename within the workspace, by open folders.
#[cfg(unix)]
fn rename_at(
    old: &rustix::fd::OwnedFd,
    from: &str,
    new: &rustix::fd::OwnedFd,
    to: &str,
    replace: bool,
) -> io::Result<()> {
    if replace {
        return Ok(rustix::fs::renameat(old, from, new, to)?);
    }
    #[cfg(target_os = "linux")]
    {
        match rustix::fs::renameat_with(old, from, new, to, rustix::fs::RenameFlags::NOREPLACE) {
            Err(rustix::io::Errno::INVAL | rustix::io::Errno::NOSYS) => {}
            other => return Ok(other?),
        }
    }
    // No atomic no-replace rename here: link then unlink never replaces.
    rustix::fs::linkat(old, from, new, to, rustix::fs::AtFlags::empty())?;
    rustix::fs::unlinkat(old, from, rustix::fs::AtFlags::empty())?;
    Ok(())
}

const LINK_MESSAGE: &str = "a symbolic link is in the way; links are never followed in a workspace";

/// The error of a link found where a workspace file or folder should be.
pub(crate) fn link_error() -> io::Error {
    io::Error::other(LINK_MESSAGE)
}

/// Whether `e` says a link was in the way (`ELOOP` from `O_NOFOLLOW` or
/// `RESOLVE_NO_SYMLINKS`, or [`link_error`]).
pub(crate) fn is_link_error(e: &io::Error) -> bool {
    #[cfg(unix)]
    if e.raw_os_error() == Some(rustix::io::Errno::LOOP.raw_os_error()) {
        return true;
    }
    e.get_ref()
        .is_some_and(|inner| inner.to_string() == LINK_MESSAGE)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plain_relative_paths_are_accepted() {
        for ok in ["a", "a/b.toml", "assessments/ann/2026-01-01-x-self.toml"] {
            assert!(is_plain(ok), "{ok}");
        }
        for bad in [
            "", "/a", "a/", "a//b", "../a", "a/../b", "./a", "a\0b", "a\\b",
        ] {
            assert!(!is_plain(bad), "{bad:?}");
        }
    }

    #[cfg(unix)]
    #[test]
    fn no_link_is_followed_at_any_step_and_nothing_leaves_the_root() {
        let dir = tempfile::tempdir().unwrap();
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("secret.toml"), "x = 1\n").unwrap();
        std::fs::create_dir(dir.path().join("real")).unwrap();
        std::fs::write(dir.path().join("real/a.toml"), "a = 1\n").unwrap();
        std::os::unix::fs::symlink(outside.path(), dir.path().join("away")).unwrap();
        std::os::unix::fs::symlink(dir.path().join("real"), dir.path().join("inner")).unwrap();
        let root = Root::open(dir.path()).unwrap();
        assert_eq!(root.read_text("real/a.toml").unwrap(), "a = 1\n");
        for rel in ["away/secret.toml", "inner/a.toml"] {
            let refused = root.read_text(rel).unwrap_err();
            assert_eq!(refused.code, crate::diagnostic::Code::SymbolicLink, "{rel}");
        }
        assert!(matches!(root.open_folder("away"), Ok(Opened::Link)));
        assert!(root.read_text("../secret.toml").is_err());
        assert!(root.write_new("away/new.toml", b"x").is_err());
        assert!(!outside.path().join("new.toml").exists());
        assert!(matches!(root.stat("away"), Ok(Some(s)) if s.kind == Kind::Link));
        assert!(root.stat("away/secret.toml").is_err());
    }

    #[cfg(unix)]
    #[test]
    fn a_rename_without_replace_never_overwrites() {
        let dir = tempfile::tempdir().unwrap();
        let root = Root::open(dir.path()).unwrap();
        root.create_folders("a/b").unwrap();
        root.write_new("a/one", b"1").unwrap();
        root.write_new("a/b/two", b"2").unwrap();
        let refused = root.rename("a/one", "a/b/two", false).unwrap_err();
        assert_eq!(refused.kind(), io::ErrorKind::AlreadyExists);
        assert_eq!(std::fs::read(dir.path().join("a/b/two")).unwrap(), b"2");
        root.rename("a/one", "a/b/three", false).unwrap();
        assert!(!dir.path().join("a/one").exists());
        root.remove_tree("a").unwrap();
        assert!(!dir.path().join("a").exists());
    }
}
