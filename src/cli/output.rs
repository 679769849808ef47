//! Where output goes and in which formats a command can give it: standard
//! output, or `--output FILE` written atomically (readable by its owner only,
//! since reports hold personal data). Nothing printed carries a control
//! character the tool did not put there.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use super::{Command, FormatArg, Outcome, print_stderr};

/// The formats a command can give, beyond `table` (which every command has).
fn formats(command: &Command) -> &'static [FormatArg] {
    use FormatArg::{Case, Csv, Html, Json, Markdown, Table, Xlsx, Yaml};
    match command {
        Command::Show(_) => &[Table, Json, Csv, Markdown, Yaml, Case],
        Command::Gap(_) | Command::Team(_) => &[Table, Json, Csv, Markdown, Html, Xlsx],
        Command::Plan(_) | Command::History(_) => &[Table, Json, Csv, Markdown, Html],
        Command::Export(_) | Command::Status(_) => &[Table, Json, Csv, Markdown, Xlsx],
        // These print one thing: JSON, a script, roff, a sentence.
        Command::Schema(_) => &[Json],
        Command::Adapt(_) | Command::Completions(_) | Command::Man(_) => &[],
        _ => &[Table, Json, Csv, Markdown],
    }
}

/// Refuse, before anything runs, a format the command cannot give, and a
/// binary format with nowhere to go.
pub(super) fn check(
    command: &Command,
    wanted: Option<FormatArg>,
    output: Option<&Path>,
) -> Result<(), String> {
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
    if format == FormatArg::Xlsx && output.is_none() {
        return Err(
            "--format xlsx writes a workbook, which is not text: give --output FILE.xlsx"
                .to_owned(),
        );
    }
    Ok(())
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
            let mut file = private_file(path)?;
            let outcome = {
                let mut out = Sanitised::new(std::io::BufWriter::new(&mut file));
                let outcome = run(&mut out)?;
                out.flush()?;
                outcome
            };
            // A failed command never commits: the file is left as it was.
            file.commit()
                .map_err(|e| crate::error::Error::io("write", path, e))?;
            return Ok(outcome);
        }
        // Held back until the command has succeeded: a failure prints nothing.
        let mut held = HeldBack::default();
        let outcome = {
            let mut out = Sanitised::new(&mut held);
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
    match crate::file::write_private(path, bytes) {
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

/// Output held back until the command that writes it has succeeded: in
/// memory up to [`HeldBack::IN_MEMORY`] bytes, then in an unnamed temporary
/// file (readable by no one else, and gone however the process ends), so
/// memory stays flat however large the output grows.
#[derive(Default)]
struct HeldBack {
    memory: Vec<u8>,
    file: Option<std::io::BufWriter<std::fs::File>>,
}

impl HeldBack {
    const IN_MEMORY: usize = 8 * 1024 * 1024;

    /// Write everything held to `out`.
    fn release(self, out: &mut impl Write) -> std::io::Result<()> {
        match self.file {
            None => out.write_all(&self.memory)?,
            Some(file) => {
                let mut file = file
                    .into_inner()
                    .map_err(std::io::IntoInnerError::into_error)?;
                std::io::Seek::rewind(&mut file)?;
                std::io::copy(&mut file, out)?;
            }
        }
        out.flush()
    }
}

impl Write for HeldBack {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.file.is_none() && self.memory.len() + buf.len() > Self::IN_MEMORY {
            let file = tempfile::tempfile().map_err(|e| {
                std::io::Error::new(
                    e.kind(),
                    format!(
                        "cannot make a temporary file in {} to hold the output until it is \
                         complete ({e}); set TMPDIR to a folder you can write to, or use \
                         --output FILE",
                        std::env::temp_dir().display()
                    ),
                )
            })?;
            let mut file = std::io::BufWriter::new(file);
            file.write_all(&self.memory)?;
            self.memory = Vec::new();
            self.file = Some(file);
        }
        match &mut self.file {
            Some(file) => file.write_all(buf)?,
            None => self.memory.extend_from_slice(buf),
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.file.as_mut().map_or(Ok(()), Write::flush)
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
            assert_eq!(held.file.is_some(), size > HeldBack::IN_MEMORY);
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
