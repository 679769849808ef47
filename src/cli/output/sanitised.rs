//! The last line of defence for output written as it is produced: no
//! control character gets through but tab and newline.

use std::io::Write;

/// A writer that lets no control character through (but tab and newline):
/// the last line of defence for output written as it is produced.
pub(super) struct Sanitised<W: Write> {
    inner: W,
    /// The start of a character split across two writes.
    pending: Vec<u8>,
}

impl<W: Write> Sanitised<W> {
    pub(super) fn new(inner: W) -> Self {
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
