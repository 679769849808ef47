//! Folders of a workspace, opened without following a symbolic link at their
//! own name, and the files in them listed and opened relative to the open
//! folder: no path is looked up twice, and neither the folder nor a file in
//! it can be a link leading out of the workspace.

use std::path::{Path, PathBuf};

use crate::diagnostic::Diagnostic;

/// What an entry of a folder is, as the listing says (a link is not followed).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    File,
    Folder,
    Link,
    Other,
}

/// A folder, opened.
pub struct OpenFolder {
    path: PathBuf,
    #[cfg(unix)]
    dir: rustix::fs::Dir,
}

/// What identifies a file's content without reading it: its size, its
/// modification and change times (seconds and nanoseconds), its inode and
/// device; with its kind and permission bits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Identity {
    /// A regular file (not a link, not anything else).
    pub regular: bool,
    /// A folder (not a link to one).
    pub folder: bool,
    /// Permission bits.
    pub mode: u32,
    pub size: u64,
    /// Modification time: seconds since 1970 and nanoseconds.
    pub modified: (i64, u32),
    /// Change time (of content or metadata; set by the system, not by a
    /// user): seconds since 1970 and nanoseconds.
    pub changed: (i64, u32),
    pub inode: u64,
    pub device: u64,
}

/// The identity of `rel` relative to the open folder `at`, not following a
/// link at its last step (the steps before it are folders the caller has
/// checked, and nothing is read through them: an identity is only compared).
#[cfg(unix)]
pub(crate) fn identity_at(at: rustix::fd::BorrowedFd<'_>, rel: &str) -> std::io::Result<Identity> {
    let stat = rustix::fs::statat(at, rel, rustix::fs::AtFlags::SYMLINK_NOFOLLOW)?;
    Ok(Identity::of(&stat))
}

impl Identity {
    #[cfg(unix)]
    fn of(stat: &rustix::fs::Stat) -> Identity {
        use rustix::fs::FileType;
        let kind = FileType::from_raw_mode(stat.st_mode);
        Identity {
            regular: kind == FileType::RegularFile,
            folder: kind == FileType::Directory,
            mode: stat.st_mode & 0o7777,
            size: u64::try_from(stat.st_size).unwrap_or(u64::MAX),
            modified: (
                stat.st_mtime,
                u32::try_from(stat.st_mtime_nsec).unwrap_or(0),
            ),
            changed: (
                stat.st_ctime,
                u32::try_from(stat.st_ctime_nsec).unwrap_or(0),
            ),
            inode: stat.st_ino,
            device: stat.st_dev,
        }
    }
}

/// What opening a folder found.
pub enum Opened {
    /// Nothing is there.
    Missing,
    /// A symbolic link is there; it was not followed.
    Link,
    /// The folder, and its entries (names that are not UTF-8 are left out).
    Folder(OpenFolder, Vec<(String, Kind)>),
}

impl OpenFolder {
    /// Open the folder at `path` and list it.
    pub fn open(path: &Path) -> std::io::Result<Opened> {
        #[cfg(unix)]
        {
            open_at(rustix::fs::CWD, path, path.to_path_buf())
        }
        #[cfg(not(unix))]
        {
            list(path.to_path_buf())
        }
    }

    /// The folder open as `fd` (found at `path`), listed.
    #[cfg(unix)]
    pub(crate) fn from_fd(path: PathBuf, fd: rustix::fd::OwnedFd) -> std::io::Result<Opened> {
        list_fd(fd, path)
    }

    /// Open the folder `name` inside this one, and list it.
    pub fn open_folder(&self, name: &str) -> std::io::Result<Opened> {
        let path = self.path.join(name);
        #[cfg(unix)]
        {
            open_at(self.fd()?, name, path)
        }
        #[cfg(not(unix))]
        {
            list(path)
        }
    }

    /// The folder's path, as it was opened.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Read the file `name` of this folder as [`super::read_listed`] does: a
    /// link is refused, never followed.
    pub fn read_text(&self, name: &str) -> Result<String, Diagnostic> {
        let path = self.path.join(name);
        #[cfg(unix)]
        {
            use rustix::fs::{Mode, OFlags};
            let flags = OFlags::RDONLY | OFlags::NOFOLLOW | OFlags::NONBLOCK | OFlags::CLOEXEC;
            let fd = self
                .fd()
                .and_then(|fd| {
                    rustix::fs::openat(fd, name, flags, Mode::empty()).map_err(Into::into)
                })
                .map_err(|e| {
                    if super::is_symlink(&path) {
                        super::symlink(&path)
                    } else {
                        super::unreadable(&path, &e)
                    }
                })?;
            let handle = std::fs::File::from(fd);
            super::text_from_bytes(&path, super::read_open(&path, &handle)?)
        }
        #[cfg(not(unix))]
        {
            super::read_listed(&path)
        }
    }

    /// The identity of the file `name` of this folder, not following a
    /// link: what tells whether it changed since it was last read (the
    /// index of checked records keys its entries by it).
    pub fn identity(&self, name: &str) -> std::io::Result<Identity> {
        #[cfg(unix)]
        {
            identity_at(self.fd()?, name)
        }
        #[cfg(not(unix))]
        {
            let _ = name;
            Err(std::io::Error::from(std::io::ErrorKind::Unsupported))
        }
    }

    /// The identity of this folder itself, by its open handle: its change
    /// and modification times change whenever a name in it is added,
    /// removed or renamed (not when a file's content changes).
    pub fn own_identity(&self) -> std::io::Result<Identity> {
        #[cfg(unix)]
        {
            Ok(Identity::of(&rustix::fs::fstat(self.fd()?)?))
        }
        #[cfg(not(unix))]
        {
            Err(std::io::Error::from(std::io::ErrorKind::Unsupported))
        }
    }

    #[cfg(unix)]
    fn fd(&self) -> std::io::Result<rustix::fd::BorrowedFd<'_>> {
        Ok(self.dir.fd()?)
    }
}

/// Open `name` relative to `at` as a folder, refusing to follow a link, and
/// list it by the open handle.
#[cfg(unix)]
fn open_at(
    at: impl rustix::fd::AsFd,
    name: impl rustix::path::Arg + Copy,
    path: PathBuf,
) -> std::io::Result<Opened> {
    use rustix::fs::{AtFlags, FileType, Mode, OFlags};
    use rustix::io::Errno;
    let flags = OFlags::RDONLY | OFlags::DIRECTORY | OFlags::NOFOLLOW | OFlags::CLOEXEC;
    let fd = match rustix::fs::openat(&at, name, flags, Mode::empty()) {
        Ok(fd) => fd,
        Err(Errno::NOENT) => return Ok(Opened::Missing),
        // A link (or something that is not a folder): which one?
        Err(e @ (Errno::LOOP | Errno::NOTDIR)) => {
            return match rustix::fs::statat(&at, name, AtFlags::SYMLINK_NOFOLLOW) {
                Ok(stat) if FileType::from_raw_mode(stat.st_mode) == FileType::Symlink => {
                    Ok(Opened::Link)
                }
                _ => Err(e.into()),
            };
        }
        Err(e) => return Err(e.into()),
    };
    list_fd(fd, path)
}

/// List the open folder `fd`, found at `path`.
#[cfg(unix)]
fn list_fd(fd: rustix::fd::OwnedFd, path: PathBuf) -> std::io::Result<Opened> {
    use rustix::fs::{AtFlags, FileType};
    let mut dir = rustix::fs::Dir::new(fd)?;
    let mut entries = Vec::new();
    while let Some(entry) = dir.next() {
        let entry = entry?;
        let Ok(name) = entry.file_name().to_str() else {
            continue;
        };
        if name == "." || name == ".." {
            continue;
        }
        let mut kind = entry.file_type();
        if kind == FileType::Unknown {
            // Some file systems do not say in the listing: ask, not following.
            kind = rustix::fs::statat(dir.fd()?, name, AtFlags::SYMLINK_NOFOLLOW)
                .map_or(FileType::Unknown, |s| FileType::from_raw_mode(s.st_mode));
        }
        let kind = match kind {
            FileType::RegularFile => Kind::File,
            FileType::Directory => Kind::Folder,
            FileType::Symlink => Kind::Link,
            _ => Kind::Other,
        };
        entries.push((name.to_owned(), kind));
    }
    Ok(Opened::Folder(OpenFolder { path, dir }, entries))
}

/// Where folders cannot be opened by handle: list the folder by its path,
/// after making sure it is not a link.
#[cfg(not(unix))]
fn list(path: PathBuf) -> std::io::Result<Opened> {
    match std::fs::symlink_metadata(&path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Opened::Missing),
        Err(e) => return Err(e),
        Ok(m) if m.file_type().is_symlink() => return Ok(Opened::Link),
        Ok(_) => {}
    }
    let mut entries = Vec::new();
    for entry in std::fs::read_dir(&path)? {
        let entry = entry?;
        let Some(name) = entry.file_name().to_str().map(str::to_owned) else {
            continue;
        };
        let kind = entry.file_type()?;
        let kind = if kind.is_symlink() {
            Kind::Link
        } else if kind.is_dir() {
            Kind::Folder
        } else if kind.is_file() {
            Kind::File
        } else {
            Kind::Other
        };
        entries.push((name, kind));
    }
    Ok(Opened::Folder(OpenFolder { path }, entries))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn listed(opened: std::io::Result<Opened>) -> Vec<(String, Kind)> {
        match opened {
            Ok(Opened::Folder(_, mut entries)) => {
                entries.sort();
                entries
            }
            Ok(Opened::Missing) => panic!("missing"),
            Ok(Opened::Link) => panic!("a link"),
            Err(e) => panic!("{e}"),
        }
    }

    #[test]
    fn lists_files_and_folders_and_reads_relative_to_the_folder() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.toml"), "x = 1\n").unwrap();
        std::fs::create_dir(dir.path().join("sub")).unwrap();
        let opened = OpenFolder::open(dir.path());
        let Ok(Opened::Folder(folder, _)) = OpenFolder::open(dir.path()) else {
            panic!("the folder opens");
        };
        assert_eq!(
            listed(opened),
            vec![
                ("a.toml".to_owned(), Kind::File),
                ("sub".to_owned(), Kind::Folder)
            ]
        );
        assert_eq!(folder.read_text("a.toml").unwrap(), "x = 1\n");
        assert!(matches!(folder.open_folder("nothing"), Ok(Opened::Missing)));
        assert!(listed(folder.open_folder("sub")).is_empty());
        assert!(matches!(
            OpenFolder::open(&dir.path().join("missing")),
            Ok(Opened::Missing)
        ));
    }

    #[cfg(unix)]
    #[test]
    fn links_are_seen_and_never_followed() {
        let dir = tempfile::tempdir().unwrap();
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("secret.toml"), "x = 1\n").unwrap();
        std::os::unix::fs::symlink(outside.path(), dir.path().join("away")).unwrap();
        std::os::unix::fs::symlink(
            outside.path().join("secret.toml"),
            dir.path().join("r.toml"),
        )
        .unwrap();
        assert!(matches!(
            OpenFolder::open(&dir.path().join("away")),
            Ok(Opened::Link)
        ));
        let Ok(Opened::Folder(folder, entries)) = OpenFolder::open(dir.path()) else {
            panic!("the folder opens");
        };
        assert!(entries.contains(&("away".to_owned(), Kind::Link)));
        assert!(entries.contains(&("r.toml".to_owned(), Kind::Link)));
        assert!(matches!(folder.open_folder("away"), Ok(Opened::Link)));
        let refused = folder.read_text("r.toml").unwrap_err();
        assert_eq!(refused.code, crate::diagnostic::Code::SymbolicLink);
    }
}
