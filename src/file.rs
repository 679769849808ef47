//! Single files, read and written safely. Only regular files are read: a
//! pipe or a device is refused at once rather than waited on, a file over
//! [`MAX_FILE_BYTES`] is refused without being read whole, and text must be
//! UTF-8. Files inside a workspace are opened without following symbolic
//! links, so a link can never lead a report or a write out of the workspace.

use std::fs::File;
use std::io::Read as _;
use std::path::Path;

use crate::diagnostic::{Code, Diagnostic, Location, SourceText};
use crate::error::io_reason;

mod folder;
mod root;
pub(crate) use folder::{Kind, OpenFolder, Opened};
pub(crate) use root::{Root, is_link_error, is_plain, link_error};

/// Files larger than this are refused before parsing: no framework, role or
/// record file comes near it, and it keeps a mistaken path from eating memory.
pub(crate) const MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;

/// Whether a symbolic link at the path itself may be followed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Links {
    /// A path the user named on the command line: its link is theirs to give.
    Follow,
    /// A file found in a workspace: a link is refused, never followed.
    Refuse,
}

/// The file name of a path, as a string.
pub(crate) fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// Open `file` for reading if it is a regular file.
pub(crate) fn open_regular(file: &Path, links: Links) -> Result<File, Diagnostic> {
    let mut options = File::options();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        // Never block on a pipe; never follow a link where links are refused.
        use rustix::fs::OFlags;
        let mut flags = OFlags::NONBLOCK;
        if links == Links::Refuse {
            flags |= OFlags::NOFOLLOW;
        }
        options.custom_flags(flags.bits().cast_signed());
    }
    let handle = options.open(file).map_err(|e| {
        if links == Links::Refuse && is_symlink(file) {
            symlink(file)
        } else {
            unreadable(file, &e)
        }
    })?;
    let metadata = handle.metadata().map_err(|e| unreadable(file, &e))?;
    if metadata.is_dir() {
        return Err(Diagnostic::error(
            Code::UnreadableFile,
            file,
            "cannot read the file: it is a folder, not a file",
        ));
    }
    if !metadata.is_file() {
        return Err(not_a_file(file));
    }
    Ok(handle)
}

/// The problem of a pipe, a device or a socket where a file should be.
fn not_a_file(file: &Path) -> Diagnostic {
    Diagnostic::error(
        Code::NotAFile,
        file,
        "this is not a regular file (it is a pipe, a device or a socket); give a file",
    )
}

fn is_symlink(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink())
}

/// The problem of a symbolic link found where a workspace file should be.
pub(crate) fn symlink(path: &Path) -> Diagnostic {
    Diagnostic::error(
        Code::SymbolicLink,
        path,
        "this is a symbolic link; files in a workspace must be real files, and links are never followed",
    )
    .with_help("replace the link with the file itself, or remove it")
}

fn unreadable(file: &Path, e: &std::io::Error) -> Diagnostic {
    Diagnostic::error(
        Code::UnreadableFile,
        file,
        format!("cannot read the file: {}", io_reason(e)),
    )
}

/// Read a file a folder listing showed to be a regular file (or a link,
/// which is refused): as [`read_text`] with links refused, without asking the
/// file system again what kind of file it is. Should it have been swapped
/// for a pipe or a device since, the non-blocking read finds it empty or
/// over the size limit, and it is refused as such. (On Unix a folder's
/// files are read relative to its open handle instead.)
#[cfg(not(unix))]
pub(crate) fn read_listed(file: &Path) -> Result<String, Diagnostic> {
    let mut options = File::options();
    options.read(true);
    let handle = options.open(file).map_err(|e| {
        if is_symlink(file) {
            symlink(file)
        } else {
            unreadable(file, &e)
        }
    })?;
    text_from_bytes(file, read_open(file, &handle)?)
}

/// Read a user file as text: refuses anything but a regular file, huge files
/// and invalid UTF-8 (naming the line and column of the first bad byte), and
/// drops a leading byte-order mark.
pub(crate) fn read_text(file: &Path, links: Links) -> Result<String, Diagnostic> {
    text_from_bytes(file, read_bytes(file, links)?)
}

/// Read a user file's bytes: a regular file of at most [`MAX_FILE_BYTES`].
pub(crate) fn read_bytes(file: &Path, links: Links) -> Result<Vec<u8>, Diagnostic> {
    let handle = open_regular(file, links)?;
    read_open(file, &handle)
}

/// The bytes of an open file, at most [`MAX_FILE_BYTES`].
fn read_open(file: &Path, handle: &File) -> Result<Vec<u8>, Diagnostic> {
    // Read at most one byte past the limit: a huge file is refused without
    // being read whole. Room for a typical file up front.
    let mut bytes = Vec::with_capacity(8192);
    handle
        .take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| unreadable(file, &e))?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        let size = handle.metadata().map_or(MAX_FILE_BYTES + 1, |m| m.len());
        return Err(Diagnostic::error(
            Code::FileTooLarge,
            file,
            format!(
                "the file is {} MiB; files over {} MiB are refused",
                size / (1024 * 1024),
                MAX_FILE_BYTES / (1024 * 1024)
            ),
        ));
    }
    Ok(bytes)
}

/// Decode `bytes` as UTF-8 text, as [`read_text`] does.
pub(crate) fn text_from_bytes(file: &Path, bytes: Vec<u8>) -> Result<String, Diagnostic> {
    match String::from_utf8(bytes) {
        Ok(mut text) => {
            if text.starts_with('\u{feff}') {
                text.drain(..'\u{feff}'.len_utf8());
            }
            Ok(text)
        }
        Err(e) => {
            let valid = e.utf8_error().valid_up_to();
            let byte = e.as_bytes().get(valid).copied().unwrap_or_default();
            // Everything before the bad byte is text: locate its end.
            let before = std::str::from_utf8(&e.as_bytes()[..valid]).unwrap_or_default();
            let location = Location {
                length: 1,
                ..SourceText::new(before).location(valid..valid)
            };
            Err(Diagnostic::error(
                Code::NotUtf8,
                file,
                format!("the file is not UTF-8 text (byte 0x{byte:02x}); save it as UTF-8"),
            )
            .at(Some(location), None))
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
