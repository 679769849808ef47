//! End-to-end tests: the real binary, on the bundled frameworks and on
//! fixtures that each contain one mistake.

// Test helpers fail loudly by design, and a test crate has no public API.
#![allow(
    unreachable_pub,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic
)]

mod browse;
mod common;
mod fidelity;
mod validate;
