//! Content digests: framework fingerprints and record checksums.

use std::fmt::Write as _;

use sha2::{Digest, Sha256};

/// `sha256:` and the first `bytes` bytes of the SHA-256 of `data`, in hex.
pub fn sha256(data: &[u8], bytes: usize) -> String {
    hex(&Sha256::digest(data), bytes)
}

/// [`sha256`] of what `write` writes, hashed as it is written (no buffer).
/// Should `write` fail, the hash is of what it wrote.
pub fn sha256_of(bytes: usize, write: impl FnOnce(&mut dyn std::io::Write) -> bool) -> String {
    struct Hashing(Sha256);
    impl std::io::Write for Hashing {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0.update(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let mut hashing = Hashing(Sha256::new());
    let _ = write(&mut hashing);
    hex(&hashing.0.finalize(), bytes)
}

fn hex(digest: &[u8], bytes: usize) -> String {
    let mut text = String::from("sha256:");
    for byte in digest.iter().take(bytes) {
        let _ = write!(text, "{byte:02x}");
    }
    text
}
