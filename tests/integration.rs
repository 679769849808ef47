//! End-to-end tests: the real binary, on the bundled frameworks and on
//! fixtures that each contain one mistake.

// Test helpers fail loudly by design, and a test crate has no public API.
#![allow(
    unreachable_pub,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    // Table-driven tests list their cases inline.
    clippy::too_many_lines,
    clippy::format_push_string,
    // Small numbers in tests: counts, ranks, microseconds.
    clippy::cast_possible_truncation,
    clippy::cast_possible_wrap,
    clippy::cast_sign_loss
)]

mod adapt;
mod assess;
mod bounds;
mod browse;
mod calibrate;
mod case_export;
mod common;
mod completions;
mod corpus;
mod dataset;
mod documents;
mod durability;
mod examples;
mod fidelity;
mod frameworks;
mod honest;
mod hostile;
mod interchange;
mod layers;
mod peers;
mod people;
mod permissions;
mod properties;
mod purge;
mod questionnaire;
mod reports;
mod review;
mod roster;
mod sar;
mod schema;
mod terminal;
mod trust;
mod validate;
