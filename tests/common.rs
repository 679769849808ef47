//! Helpers shared by the integration tests.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::thread::sleep;
use std::time::{Duration, Instant};

/// The real binary, run from the repository root with colour off and no
/// workspace around it unless a test gives one.
pub fn competency() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_competency"));
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("NO_COLOR", "1")
        .env_remove("COMPETENCY_WORKSPACE")
        .env_remove("COLUMNS")
        // Documents say the day they were made: a fixed one, so snapshots
        // stay the same from day to day.
        .env("SOURCE_DATE_EPOCH", "1796083200");
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

/// Set (to anything) by `.ci/run`: no test may skip. A test that cannot do
/// its work where it runs fails instead of passing without testing.
pub const NO_SKIP: &str = "COMPETENCY_TESTS_NO_SKIP";

/// The first of `names` found on `PATH`.
fn find_program(names: &[&str]) -> Option<PathBuf> {
    let paths = std::env::var_os("PATH")?;
    names.iter().find_map(|name| {
        std::env::split_paths(&paths)
            .map(|dir| dir.join(name))
            .find(|path| path.is_file())
    })
}

/// The first of `names` (one program under its several names) on `PATH`.
///
/// A test that needs a program a developer may not have (tmux, Chromium,
/// poppler) is `#[ignore = "needs …"]`: `cargo test` lists it as ignored,
/// and it runs only when asked for (`cargo test -- --include-ignored`, as
/// `.ci/run` does). Asked for, a missing program fails the test; it never
/// passes without testing. Programs every Unix has (`sh`, `bash`) are
/// needed the same way, without the `ignore`.
pub fn program(names: &[&str]) -> PathBuf {
    find_program(names).unwrap_or_else(|| {
        panic!(
            "this test needs {} on PATH, and it is not there: install it (`.ci/run` does)",
            names.join(" or ")
        )
    })
}

/// Whether file modes bind this process, so that a permission test proves
/// something: false for root (or any user that reads a file whatever its
/// mode). Then the test skips, saying so on the terminal, unless
/// [`NO_SKIP`] is set, where it fails: `.ci/run` runs these tests as an
/// unprivileged user.
pub fn file_modes_bind(dir: &Path) -> bool {
    use std::io::Write;
    use std::os::unix::fs::PermissionsExt;
    let probe = dir.join("permission-probe");
    std::fs::write(&probe, "x").expect("probe written");
    std::fs::set_permissions(&probe, std::fs::Permissions::from_mode(0o000)).expect("chmod");
    let privileged = std::fs::read(&probe).is_ok();
    let _ = std::fs::remove_file(&probe);
    if !privileged {
        return true;
    }
    let why = "this user reads files whatever their mode (root, or CAP_DAC_OVERRIDE), so nothing is unreadable to it";
    assert!(
        std::env::var_os(NO_SKIP).is_none(),
        "{why}; {NO_SKIP} is set, so this test may not skip: run it as an unprivileged user (`.ci/run` does)"
    );
    // Straight to the terminal: the test harness captures `println!` of a
    // test that passes, and a skip must be seen.
    let test = std::thread::current().name().unwrap_or("a test").to_owned();
    let _ = writeln!(std::io::stderr(), "skipped {test}: {why}");
    false
}

/// Driving a real terminal: tmux on a private socket.
pub struct Tmux {
    socket: String,
}

impl Tmux {
    /// A private tmux server; a test that uses one is `#[ignore = "needs
    /// tmux"]`, and fails without tmux when asked for (see `common::program`).
    pub fn start(tag: &str) -> Tmux {
        program(&["tmux"]);
        Tmux {
            socket: format!("competency-hostile-{}-{tag}", std::process::id()),
        }
    }

    pub fn run(&self, args: &[&str]) -> Option<String> {
        let output = Command::new("tmux")
            .args(["-L", &self.socket, "-f", "/dev/null"])
            .args(args)
            .output()
            .ok()?;
        output
            .status
            .success()
            .then(|| String::from_utf8_lossy(&output.stdout).into_owned())
    }

    pub fn session(&self, name: &str, width: u16, height: u16, script: &str) {
        let (w, h) = (width.to_string(), height.to_string());
        self.run(&["new-session", "-d", "-s", name, "-x", &w, "-y", &h, script])
            .expect("tmux starts a session");
    }

    /// The pane as displayed, history included; `joined` joins wrapped lines.
    pub fn capture(&self, session: &str, joined: bool) -> String {
        let mut args = vec!["capture-pane", "-p", "-S", "-", "-t", session];
        if joined {
            args.push("-J");
        }
        self.run(&args).unwrap_or_default()
    }

    /// Wait until the pane shows one of `texts`; returns the pane.
    pub fn wait_for(&self, session: &str, texts: &[&str]) -> String {
        let start = Instant::now();
        loop {
            let pane = self.capture(session, true);
            if texts.iter().any(|t| pane.contains(t)) {
                return pane;
            }
            assert!(
                start.elapsed() < Duration::from_secs(30),
                "waited for {texts:?}; the pane shows:\n{pane}"
            );
            sleep(Duration::from_millis(100));
        }
    }

    pub fn keys(&self, session: &str, keys: &[&str]) {
        for key in keys {
            self.run(&["send-keys", "-t", session, key])
                .expect("tmux send-keys");
            sleep(Duration::from_millis(200));
        }
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let socket = self.run(&["display-message", "-p", "#{socket_path}"]);
        let _ = self.run(&["kill-server"]);
        if let Some(socket) = socket {
            let _ = std::fs::remove_file(socket.trim());
        }
    }
}

/// An HTML (or SVG) document one element per line, indented by depth, for
/// snapshots a reviewer can read: each tag starts a line, an element with
/// nothing in it or only a line of text stays on one (`<td>3 ✓</td>`), and
/// other text has lines of its own (trimmed; a stylesheet's lines kept as
/// they are). Only tags start with `<` in a document the tool writes: text
/// escapes it.
pub fn pretty_html(document: &str) -> String {
    // Tags and the text between them; whitespace-only text dropped.
    let mut pieces = Vec::new();
    let mut rest = document;
    while !rest.is_empty() {
        let end = if rest.starts_with('<') {
            rest.find('>').map_or(rest.len(), |i| i + 1)
        } else {
            rest.find('<').unwrap_or(rest.len())
        };
        let (piece, next) = rest.split_at(end);
        rest = next;
        if !piece.trim().is_empty() {
            pieces.push(piece.trim());
        }
    }
    let closes = |p: &str| p.starts_with("</");
    let opens = |p: &str| {
        let name: String = p
            .trim_start_matches('<')
            .chars()
            .take_while(char::is_ascii_alphanumeric)
            .collect();
        p.starts_with('<')
            && !p.starts_with("</")
            && !p.starts_with("<!")
            && !p.ends_with("/>")
            && !["meta", "link", "br", "wbr", "hr", "img", "input", "col"]
                .iter()
                .any(|v| name.eq_ignore_ascii_case(v))
    };
    let mut out = String::with_capacity(document.len() * 2);
    let mut depth = 0usize;
    let mut i = 0;
    while i < pieces.len() {
        let piece = pieces[i];
        if closes(piece) {
            depth = depth.saturating_sub(1);
        }
        let indent = "  ".repeat(depth);
        let next = |k: usize| pieces.get(i + k).copied().unwrap_or_default();
        if opens(piece) && closes(next(1)) {
            out.push_str(&format!("{indent}{piece}{}\n", next(1)));
            i += 2;
            continue;
        }
        if opens(piece) && !next(1).starts_with('<') && !next(1).contains('\n') && closes(next(2)) {
            out.push_str(&format!("{indent}{piece}{}{}\n", next(1), next(2)));
            i += 3;
            continue;
        }
        for line in piece.lines() {
            out.push_str(&format!("{indent}{}\n", line.trim_end()));
        }
        if opens(piece) {
            depth += 1;
        }
        i += 1;
    }
    out
}

/// Copy the folder tree `from` to `to` (made when missing).
pub fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        // The derived index of checked records is never copied: it is the
        // source's (private to whoever ran reports there), and a copy builds
        // its own.
        if from.ends_with(".competency")
            && entry
                .file_name()
                .to_str()
                .is_some_and(|n| n.starts_with("index"))
        {
            continue;
        }
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// `sha256:` and the SHA-256 of `bytes` in hex, as the tool writes digests.
pub fn sha256(bytes: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(bytes)
        .iter()
        .fold(String::from("sha256:"), |mut text, b| {
            use std::fmt::Write as _;
            let _ = write!(text, "{b:02x}");
            text
        })
}

/// Whether `path` is the index of checked records (or a new one being
/// written): derived from the records, written by reports, safe to delete;
/// not the workspace's data, so "nothing changed" does not count it.
pub fn is_derived(path: &Path) -> bool {
    path.ends_with(".competency/index") || path.ends_with(".competency/index.new")
}
