//! Helpers shared by the integration tests.

use std::path::Path;
use std::process::Command;

/// The real binary, run from the repository root with colour off and no
/// workspace around it unless a test gives one.
pub fn competency() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_competency"));
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("NO_COLOR", "1")
        .env_remove("COMPETENCY_WORKSPACE")
        .env_remove("COLUMNS");
    cmd
}

/// Run and return (exit code, stdout, stderr).
pub fn run(cmd: &mut Command) -> (i32, String, String) {
    let output = cmd.output().expect("the binary runs");
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// A path relative to the repository root, with `/` separators, for stable snapshots.
pub fn relative(path: &Path) -> String {
    path.strip_prefix(env!("CARGO_MANIFEST_DIR"))
        .unwrap_or(path)
        .to_string_lossy()
        .replace('\\', "/")
}
