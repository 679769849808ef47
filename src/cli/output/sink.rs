//! Writing a command's output: to standard output or `--output`, held back
//! until the command succeeds, with no control character the tool did not
//! put there.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use super::destination::{Destination, destination};
use super::sanitised::Sanitised;
use crate::cli::{Outcome, print_stderr};

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
pub(in crate::cli) struct Sink {
    file: Option<PathBuf>,
}

impl Sink {
    pub(in crate::cli) fn new(file: Option<PathBuf>) -> Self {
        Sink { file }
    }

    /// Run a command that writes its output as it goes (`export`): into the
    /// file, committed only when the command succeeds, or to stdout.
    pub(in crate::cli) fn stream(
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
    pub(in crate::cli) fn deliver(&self, outcome: &Outcome, colour: bool) -> bool {
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
            print_stderr(&crate::cli::error_text(&e));
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
}
