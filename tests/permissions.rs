//! Folders the tool may not read. These prove something only where file
//! modes bind the process: as root they skip (saying so), and under `.ci/run`
//! (which runs them as an unprivileged user) they fail rather than skip; see
//! `common::file_modes_bind`. Their names all start `permissions::`, so
//! `.ci/run` can run them apart.

use std::path::Path;

use crate::assess::Workspace;
use crate::common::{competency, file_modes_bind, run};

fn chmod(path: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).expect("chmod");
}

#[test]
fn a_workspace_folder_that_cannot_be_read_is_not_said_to_have_no_settings() {
    let ws = Workspace::new();
    if !file_modes_bind(ws.dir.path()) {
        return;
    }
    chmod(&ws.root(), 0o000);
    let (code, _, stderr) = run(competency().arg("--workspace").arg(ws.root()).arg("people"));
    chmod(&ws.root(), 0o700);
    assert_eq!(code, 2, "{stderr}");
    assert!(
        !stderr.contains("no competency.toml"),
        "the folder cannot be read; that is what is wrong: {stderr}"
    );
}

#[test]
fn an_unreadable_roles_folder_is_named_in_the_message() {
    let ws = Workspace::new();
    if !file_modes_bind(ws.dir.path()) {
        return;
    }
    chmod(&ws.root().join("roles"), 0o000);
    let (code, _, stderr) = run(ws.cmd().arg("roles"));
    chmod(&ws.root().join("roles"), 0o700);
    // The bundled roles are still listed; the folder is left out, named,
    // with why, and the exit code says something was left out.
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("roles") && stderr.contains("permission denied"),
        "the message does not say that roles/ cannot be read: {stderr}"
    );
}

#[test]
fn a_read_only_workspace_still_reports_though_its_index_cannot_be_written() {
    use crate::index::{report, workspace};
    let (dir, root) = workspace();
    if !file_modes_bind(dir.path()) {
        return;
    }
    let without = report(&root, &["team", "--format", "json"], false);
    std::fs::create_dir_all(root.join(".competency")).unwrap();
    chmod(&root.join(".competency"), 0o500);
    chmod(&root, 0o500);
    let with = report(&root, &["team", "--format", "json"], true);
    chmod(&root, 0o700);
    chmod(&root.join(".competency"), 0o700);
    assert_eq!(with, without);
}
