//! Content digests: framework fingerprints and record checksums.

use sha2::{Digest, Sha256};

/// `sha256:` and the first `bytes` bytes of the SHA-256 of `data`, in hex.
pub(crate) fn sha256(data: &[u8], bytes: usize) -> String {
    hex(&Sha256::digest(data), bytes)
}

/// [`sha256`] of what `write` writes into a buffer (kept per thread and
/// reused, so hashing a record allocates nothing). Should `write` fail, the
/// hash is of what it wrote.
pub(crate) fn sha256_of(bytes: usize, write: impl FnOnce(&mut Vec<u8>) -> bool) -> String {
    thread_local! {
        static BUFFER: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
    }
    BUFFER.with(|buffer| {
        // A nested call (none today) gets a buffer of its own.
        let mut own = Vec::new();
        let mut borrowed = buffer.try_borrow_mut();
        let buf = borrowed.as_deref_mut().unwrap_or(&mut own);
        buf.clear();
        let _ = write(buf);
        hex(&Sha256::digest(buf.as_slice()), bytes)
    })
}

fn hex(digest: &[u8], bytes: usize) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut text = String::with_capacity(7 + 2 * bytes);
    text.push_str("sha256:");
    for byte in digest.iter().take(bytes) {
        text.push(char::from(DIGITS[usize::from(byte >> 4)]));
        text.push(char::from(DIGITS[usize::from(byte & 0xf)]));
    }
    text
}
