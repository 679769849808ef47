//! Content digests: framework fingerprints and record checksums.

use std::fmt::Write as _;

use sha2::{Digest, Sha256};

/// `sha256:` and the first `bytes` bytes of the SHA-256 of `data`, in hex.
pub fn sha256(data: &[u8], bytes: usize) -> String {
    let digest = Sha256::digest(data);
    let mut text = String::from("sha256:");
    for byte in digest.iter().take(bytes) {
        let _ = write!(text, "{byte:02x}");
    }
    text
}
