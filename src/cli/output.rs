//! Where output goes and in which formats a command can give it: standard
//! output, or `--output FILE`. A regular file (or a new one) is replaced
//! atomically, readable by its owner only (reports hold personal data); a
//! device, a FIFO or a terminal is written to as a shell redirection would,
//! never replaced; a path among a workspace's own data (records, roles,
//! frameworks, the roster, the settings) is refused. Nothing printed carries
//! a control character the tool did not put there.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use super::{Command, FormatArg, Outcome, print_stderr};

/// The formats the command (or sub-command, `people import`) named `path`
/// can give; none for a command that prints one thing (a path, a sentence,
/// a script, a page).
pub(super) fn formats_of(path: &[&str]) -> &'static [FormatArg] {
    use FormatArg::{Case, Csv, Html, Json, Markdown, Parquet, Table, Xlsx, Yaml};
    match path {
        ["show"] => &[Table, Json, Csv, Markdown, Yaml, Case],
        ["gap" | "team"] => &[Table, Json, Csv, Markdown, Html, Xlsx],
        ["plan" | "history"] => &[Table, Json, Csv, Markdown, Html],
        ["export"] => &[Table, Json, Csv, Markdown, Xlsx, Parquet],
        ["status" | "actions"] => &[Table, Json, Csv, Markdown, Xlsx],
        ["schema"] => &[Json],
        ["calibrate"] => &[Table, Json, Csv, Html],
        ["impact"] => &[Table, Json, Csv, Markdown],
        ["frameworks" | "roles" | "role" | "people" | "readiness" | "validate" | "purge"] => {
            &[Table, Json, Csv, Markdown]
        }
        _ => &[],
    }
}

/// The formats a parsed command can give.
fn formats(command: &Command) -> &'static [FormatArg] {
    formats_of(&command.path())
}

/// Refuse, before anything runs, a format the command cannot give, and a
/// binary format with nowhere to go.
pub(super) fn check(
    command: &Command,
    wanted: Option<FormatArg>,
    output: Option<&Path>,
) -> Result<(), String> {
    if matches!(command, Command::Sar(_)) && output.is_none() {
        return Err("sar writes a zip file, which is not text: give --output FILE.zip".to_owned());
    }
    let Some(format) = wanted else {
        return Ok(());
    };
    let supported = formats(command);
    if supported.is_empty() {
        return Err(format!(
            "--format {} is not available here; this command has one output only",
            format.name()
        ));
    }
    if !supported.contains(&format) {
        let names: Vec<&str> = supported.iter().map(|f| f.name()).collect();
        return Err(format!(
            "--format {} is not available here; this command writes {}",
            format.name(),
            crate::diagnostic::list_names(names, "or")
        ));
    }
    if format == FormatArg::Parquet && output.is_none() {
        return Err(
            "--format parquet writes a dataset, a folder of files: give --output DIR (a new or empty folder)"
                .to_owned(),
        );
    }
    if format == FormatArg::Xlsx && output.is_none() {
        return Err(
            "--format xlsx writes a workbook, which is not text: give --output FILE.xlsx"
                .to_owned(),
        );
    }
    Ok(())
}

/// Where `--output` writes.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Destination {
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
pub(super) fn destination(path: &Path) -> Result<Destination, String> {
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
pub(super) fn dataset_destination(path: &Path) -> Result<(), String> {
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

/// An open `--output`: an atomic file committed at the end, or a device
/// written as it goes.
enum Opened {
    File(atomic_write_file::AtomicWriteFile),
    Device(std::fs::File),
}

impl Opened {
    fn open(path: &Path) -> anyhow::Result<Opened> {
        match destination(path).map_err(anyhow::Error::msg)? {
            Destination::File(path) => Ok(Opened::File(private_file(&path)?)),
            Destination::Device(path) => {
                // Like a shell's `>`: opened for writing, never created or replaced.
                let file = std::fs::File::options()
                    .write(true)
                    .open(&path)
                    .map_err(|e| crate::error::Error::io("write", &path, e))?;
                Ok(Opened::Device(file))
            }
        }
    }

    fn commit(self, path: &Path) -> anyhow::Result<()> {
        match self {
            Opened::File(file) => file
                .commit()
                .map_err(|e| crate::error::Error::io("write", path, e).into()),
            Opened::Device(mut file) => file
                .flush()
                .map_err(|e| crate::error::Error::io("write", path, e).into()),
        }
    }
}

impl Write for Opened {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match self {
            Opened::File(f) => f.write(buf),
            Opened::Device(f) => f.write(buf),
        }
    }

    fn flush(&mut self) -> std::io::Result<()> {
        match self {
            Opened::File(f) => f.flush(),
            Opened::Device(f) => f.flush(),
        }
    }
}

/// Where a command's output goes.
pub(super) struct Sink {
    file: Option<PathBuf>,
}

impl Sink {
    pub(super) fn new(file: Option<PathBuf>) -> Self {
        Sink { file }
    }

    /// Run a command that writes its output as it goes (`export`): into the
    /// file, committed only when the command succeeds, or to stdout.
    pub(super) fn stream(
        &self,
        run: impl FnOnce(&mut dyn Write) -> anyhow::Result<Outcome>,
    ) -> anyhow::Result<Outcome> {
        if let Some(path) = &self.file {
            let mut file = Opened::open(path)?;
            let outcome = {
                let mut out = Sanitised::new(std::io::BufWriter::new(&mut file));
                let outcome = run(&mut out)?;
                out.flush()?;
                outcome
            };
            // A failed command never commits: the file is left as it was.
            file.commit(path)?;
            return Ok(outcome);
        }
        // Held back until the command has succeeded: a failure prints nothing.
        let mut held = HeldBack::default();
        let outcome = {
            // Buffered: once in its file, the output is not written a piece at a time.
            let mut out = Sanitised::new(std::io::BufWriter::new(&mut held));
            let outcome = run(&mut out)?;
            out.flush()?;
            outcome
        };
        held.release(&mut std::io::stdout().lock())?;
        Ok(outcome)
    }

    /// Deliver what a command produced; false after saying why it could not.
    pub(super) fn deliver(&self, outcome: &Outcome, colour: bool) -> bool {
        match (&self.file, &outcome.binary) {
            (Some(path), Some(bytes)) => write_file(path, bytes),
            (Some(path), None) if !outcome.stdout.is_empty() => write_file(
                path,
                crate::text::for_terminal(&outcome.stdout, false).as_bytes(),
            ),
            (Some(_), None) => true,
            (None, Some(bytes)) => {
                if std::io::stdout().is_terminal() {
                    print_stderr(
                        "error: this format is not text; give --output FILE or redirect to a file\n",
                    );
                    return false;
                }
                print_bytes(bytes)
            }
            (None, None) => {
                outcome.stdout.is_empty()
                    || print_bytes(crate::text::for_terminal(&outcome.stdout, colour).as_bytes())
            }
        }
    }
}

/// An atomic file, created readable by its owner only.
fn private_file(path: &Path) -> anyhow::Result<atomic_write_file::AtomicWriteFile> {
    let mut options = atomic_write_file::AtomicWriteFile::options();
    #[cfg(unix)]
    {
        use atomic_write_file::unix::OpenOptionsExt;
        options.preserve_mode(false).preserve_owner(false);
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    }
    Ok(options
        .open(path)
        .map_err(|e| crate::error::Error::io("write", path, e))?)
}

fn write_file(path: &Path, bytes: &[u8]) -> bool {
    let written = Opened::open(path).and_then(|mut file| {
        file.write_all(bytes)
            .map_err(|e| crate::error::Error::io("write", path, e))?;
        file.commit(path)
    });
    match written {
        Ok(()) => true,
        Err(e) => {
            print_stderr(&format!("error: {e}\n"));
            false
        }
    }
}

/// Write to stdout; a closed pipe (`| head`) is not an error. Returns false on
/// any other failure, after saying so on stderr.
fn print_bytes(bytes: &[u8]) -> bool {
    let mut out = std::io::stdout().lock();
    match out.write_all(bytes).and_then(|()| out.flush()) {
        Ok(()) => true,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => true,
        Err(e) => {
            print_stderr(&format!(
                "error: cannot write the output: {}\n",
                crate::error::io_reason(&e)
            ));
            false
        }
    }
}

/// Output held back until the command that writes it has succeeded:
/// tempfile's spooled file, in memory up to [`HeldBack::IN_MEMORY`] bytes,
/// then in an unnamed temporary file (readable by no one else, and gone
/// however the process ends), so memory stays flat however large the output
/// grows.
struct HeldBack(tempfile::SpooledTempFile);

impl Default for HeldBack {
    fn default() -> Self {
        HeldBack(tempfile::SpooledTempFile::new(Self::IN_MEMORY))
    }
}

impl HeldBack {
    const IN_MEMORY: usize = 8 * 1024 * 1024;

    /// Write everything held to `out`.
    fn release(mut self, out: &mut impl Write) -> std::io::Result<()> {
        std::io::Seek::rewind(&mut self.0)?;
        std::io::copy(&mut self.0, out)?;
        out.flush()
    }
}

impl Write for HeldBack {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let rolled = self.0.is_rolled();
        // Writing to memory cannot fail: an error before the output is in
        // its file is the file's creation.
        self.0.write(buf).map_err(|e| {
            if rolled {
                return e;
            }
            std::io::Error::new(
                e.kind(),
                format!(
                    "cannot make a temporary file in {} to hold the output until it is \
                     complete ({e}); set TMPDIR to a folder you can write to, or use \
                     --output FILE",
                    std::env::temp_dir().display()
                ),
            )
        })
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.0.flush()
    }
}

/// A writer that lets no control character through (but tab and newline):
/// the last line of defence for output written as it is produced.
struct Sanitised<W: Write> {
    inner: W,
    /// The start of a character split across two writes.
    pending: Vec<u8>,
}

impl<W: Write> Sanitised<W> {
    fn new(inner: W) -> Self {
        Sanitised {
            inner,
            pending: Vec::new(),
        }
    }
}

impl<W: Write> Write for Sanitised<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.pending.is_empty() {
            // The usual case, with no copy: whole characters go out at once,
            // and only an incomplete one at the end waits.
            let valid = match std::str::from_utf8(buf) {
                Ok(text) => text.len(),
                Err(e) if e.error_len().is_none() => e.valid_up_to(),
                Err(_) => 0,
            };
            if valid > 0 {
                let text = std::str::from_utf8(&buf[..valid]).unwrap_or_default();
                self.inner
                    .write_all(crate::text::for_terminal(text, false).as_bytes())?;
                self.pending.extend_from_slice(&buf[valid..]);
                return Ok(buf.len());
            }
        }
        self.pending.extend_from_slice(buf);
        // An incomplete character at the end waits for the next write;
        // invalid bytes go out as they are (the writers never make any).
        let valid = match std::str::from_utf8(&self.pending) {
            Err(e) if e.error_len().is_none() => e.valid_up_to(),
            _ => self.pending.len(),
        };
        let text = String::from_utf8_lossy(&self.pending[..valid]);
        self.inner
            .write_all(crate::text::for_terminal(&text, false).as_bytes())?;
        self.pending.drain(..valid);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        if !self.pending.is_empty() {
            let text = String::from_utf8_lossy(&self.pending).into_owned();
            self.inner
                .write_all(crate::text::for_terminal(&text, false).as_bytes())?;
            self.pending.clear();
        }
        self.inner.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn output_held_back_comes_out_whole_from_memory_or_from_its_file() {
        for size in [10, HeldBack::IN_MEMORY + 4096] {
            let written: Vec<u8> = (0..size).map(|i| b"abcdefgh\n"[i % 9]).collect();
            let mut held = HeldBack::default();
            for piece in written.chunks(1000) {
                held.write_all(piece).unwrap();
            }
            assert_eq!(held.0.is_rolled(), size > HeldBack::IN_MEMORY);
            let mut out = Vec::new();
            held.release(&mut out).unwrap();
            assert!(out == written, "{size} bytes held back");
        }
    }

    #[test]
    fn sanitised_output_escapes_control_characters_split_across_writes() {
        let mut out = Vec::new();
        {
            let mut s = Sanitised::new(&mut out);
            s.write_all(b"plain \x1b]0;x\x07 ").unwrap();
            // é split across two writes.
            s.write_all(&[0xc3]).unwrap();
            s.write_all(&[0xa9, b'\n']).unwrap();
            s.flush().unwrap();
        }
        let text = String::from_utf8(out).unwrap();
        assert!(!text.contains('\x1b') && !text.contains('\x07'), "{text:?}");
        assert!(text.ends_with("é\n"), "{text:?}");
    }
}
