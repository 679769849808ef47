//! The shipped examples stay valid (the example workspace, its roles and
//! records, the prepared file), and the documentation is executed: every
//! shell block of the README and every example of every `--help` runs, in a
//! copy of the example workspace, and the output the README shows is the
//! output expected. The README's table of diagnostic codes is the registry's.

use std::fmt::Write as _;
use std::path::Path;

use crate::common::{competency, copy_tree, program, run};

#[test]
fn the_example_workspace_is_valid_with_no_warnings() {
    let (code, stdout, stderr) = run(competency().args([
        "--workspace",
        "examples/workspace",
        "validate",
        "--format",
        "json",
    ]));
    assert_eq!((code, stderr.as_str()), (0, ""), "{stdout}");
    let report: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(report["errors"], 0, "{stdout}");
    // Git does not keep the private file modes `assess` sets, so a fresh clone
    // warns that the fictional records are readable by others; nothing else may.
    let other: Vec<&serde_json::Value> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] != "readable-by-others")
        .collect();
    assert!(other.is_empty(), "{other:#?}");
}

#[test]
fn people_of_the_example_workspace() {
    let (code, stdout, _) = run(competency().args(["--workspace", "examples/workspace", "people"]));
    assert_eq!(code, 0);
    insta::assert_snapshot!("people_of_the_example_workspace", stdout);
}

#[test]
fn the_prepared_example_is_a_valid_record_shape() {
    let (code, stdout, _) = run(competency().args([
        "--workspace",
        "examples/workspace",
        "validate",
        "examples/prepared/sunita-self.toml",
    ]));
    // A prepared file lacks the fields assess adds (schema, person, dates), so it is
    // not itself a record; recording it in a copy of the workspace must work.
    assert_eq!(code, 1, "{stdout}");
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("ws");
    assert_eq!(run(competency().arg("init").arg(&ws)).0, 0);
    let (code, stdout, stderr) = run(competency().arg("--workspace").arg(&ws).args([
        "assess",
        "sunita",
        "--from",
        "examples/prepared/sunita-self.toml",
    ]));
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stdout.contains("assessments/sunita/2026-08-04-sssc-clf-self.toml"),
        "{stdout}"
    );
}

/// README commands that are not run, each with why. Matched at the start of
/// a command; every entry must match some command, so the list cannot
/// outlive what it excuses.
const README_NOT_RUN: &[(&str, &str)] = &[
    // The README's first block builds and tests the project: this test is
    // part of that build, and running the tests from inside them would not end.
    ("cargo run", "builds the project this test is part of"),
    ("cargo test", "runs the tests this test is one of"),
    ("cargo clippy", "a developer's check, run by CI"),
    ("cargo fmt", "rewrites the sources"),
    ("bash .ci/run", "CI itself, which runs these tests"),
    // Reads the system's manual path with man-db, which a machine may lack;
    // the page it shows is written by the lines before it, which run.
    ("man competency", "needs man-db"),
    // Prints a document with the reader's browser; tests/documents.rs
    // prints the pack the same way, with these flags, and checks the PDF.
    ("chromium", "the reader's browser, which a machine may lack"),
];

/// `--help` examples that are not run, as [`README_NOT_RUN`].
const HELP_NOT_RUN: &[(&str, &str)] = &[("competency man | man -l -", "needs man-db")];

/// What running a command of the documentation must give, other than success
/// with nothing on stderr but notes: the questionnaire, which the README says
/// needs a terminal ("with no ratings and no terminal (a script), `assess`
/// stops with an error instead of waiting"); a file with a mistake, which the
/// README shows `validate` finding; and a re-import of the same ratings.
fn expected_exit(command: &str) -> (i32, &'static str) {
    let words: Vec<&str> = command.split_whitespace().collect();
    let gives_ratings = ["--set", "--na", "--from", "--amend"]
        .iter()
        .any(|flag| words.contains(flag));
    if words.get(1) == Some(&"assess") && !gives_ratings {
        return (2, "run in a terminal to answer the questionnaire");
    }
    // `review` with nothing to record asks its questionnaire too.
    if words.get(1) == Some(&"review") && words.len() == 3 {
        return (2, "run in a terminal to answer the questionnaire");
    }
    if command.starts_with("competency validate my-framework.yaml") {
        return (1, "error[unknown-level]");
    }
    (0, "")
}

/// Files the documentation's commands read without making them: the HR
/// system's export the roster is imported from, a framework file with a
/// mistake, and ratings corrected in a spreadsheet. (Each is named in the
/// text; the rest the commands make themselves, in order.)
const GIVEN_FILES: &[(&str, &str)] = &[
    ("staff.csv", "examples/prepared/staff.csv"),
    (
        "my-framework.yaml",
        "tests/fixtures/readme/my-framework.yaml",
    ),
    ("corrected.csv", "tests/fixtures/readme/corrected.csv"),
];

/// A folder like the repository's as a reader has it: the examples (the
/// workspace a copy, so commands that write change nothing here), the files
/// above, and a home folder with the places completions and manual pages go.
struct Sandbox {
    dir: tempfile::TempDir,
}

impl Sandbox {
    fn new() -> Sandbox {
        let dir = tempfile::tempdir().unwrap();
        copy_tree(Path::new("examples"), &dir.path().join("examples"));
        for (name, from) in GIVEN_FILES {
            std::fs::copy(from, dir.path().join(name)).unwrap();
        }
        for folder in [
            ".local/share/bash-completion/completions",
            ".zfunc",
            ".config/fish/completions",
            ".config/elvish",
            ".local/share/man/man1",
        ] {
            std::fs::create_dir_all(dir.path().join("home").join(folder)).unwrap();
        }
        Sandbox { dir }
    }

    /// Run `commands` in one shell, in order, as a reader would type them
    /// after `export COMPETENCY_WORKSPACE=$PWD/examples/workspace`, with the
    /// tool on `PATH`. Returns the shell's standard output and, per
    /// command, its exit code and what it printed (standard output, then
    /// standard error).
    fn run(&self, commands: &[String]) -> (String, Vec<(i32, String)>) {
        let root = self.dir.path();
        let mut script = String::new();
        for (i, command) in commands.iter().enumerate() {
            // Braces, not a subshell: `cd` carries on to the next command.
            let _ = write!(
                script,
                "{{\n{command}\n}} >\"$STATUS/{i}.out\" 2>\"$STATUS/{i}.err\"\n\
                 echo $? >\"$STATUS/{i}.code\"\ncat \"$STATUS/{i}.out\"\n"
            );
        }
        let status = tempfile::tempdir().unwrap();
        let bin = Path::new(env!("CARGO_BIN_EXE_competency"))
            .parent()
            .unwrap();
        let path = std::env::join_paths(std::iter::once(bin.to_path_buf()).chain(
            std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default()),
        ))
        .unwrap();
        let shell = std::process::Command::new(program(&["bash"]))
            .arg("-c")
            .arg(&script)
            .current_dir(root)
            // The environment of every test's `competency()`.
            .envs(shell_env(&competency()))
            .env("PATH", path)
            .env("HOME", root.join("home"))
            // PowerShell's profile script, for the line that appends to it.
            .env("PROFILE", root.join("home/profile.ps1"))
            .env("COMPETENCY_WORKSPACE", root.join("examples/workspace"))
            .env("STATUS", status.path())
            .stdin(std::process::Stdio::null())
            .output()
            .unwrap();
        let results = (0..commands.len())
            .map(|i| {
                let read = |ext: &str| {
                    std::fs::read_to_string(status.path().join(format!("{i}.{ext}")))
                        .unwrap_or_default()
                };
                (
                    read("code").trim().parse().unwrap_or(-1),
                    read("out") + &read("err"),
                )
            })
            .collect();
        (String::from_utf8_lossy(&shell.stdout).into_owned(), results)
    }
}

/// The environment variables `command` sets.
fn shell_env(command: &std::process::Command) -> Vec<(std::ffi::OsString, std::ffi::OsString)> {
    command
        .get_envs()
        .filter_map(|(k, v)| Some((k.to_owned(), v?.to_owned())))
        .collect()
}

/// A fenced block of the README: its language, text and first line.
struct Block {
    lang: String,
    text: String,
    line: usize,
}

fn blocks(markdown: &str) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut open: Option<Block> = None;
    for (i, line) in markdown.lines().enumerate() {
        match (&mut open, line.strip_prefix("```")) {
            (None, Some(lang)) => {
                open = Some(Block {
                    lang: lang.trim().to_owned(),
                    text: String::new(),
                    line: i + 1,
                });
            }
            (Some(_), Some("")) => blocks.extend(open.take()),
            (Some(block), _) => {
                block.text.push_str(line);
                block.text.push('\n');
            }
            (None, None) => {}
        }
    }
    assert!(open.is_none(), "README.md ends inside a fenced block");
    blocks
}

/// The commands of a shell text: continued lines joined, comments and blank
/// lines left out.
fn commands(text: &str) -> Vec<String> {
    let mut commands = Vec::new();
    let mut current = String::new();
    for line in text.lines() {
        let line = line.trim();
        if current.is_empty() && (line.is_empty() || line.starts_with('#')) {
            continue;
        }
        if let Some(part) = line.strip_suffix('\\') {
            current.push_str(part);
            current.push(' ');
        } else {
            current.push_str(line);
            commands.push(std::mem::take(&mut current));
        }
    }
    assert!(current.is_empty(), "a command ends with `\\`: {current}");
    commands
}

/// Whether `stdout` is what the README shows: the same text, or, where the
/// README leaves lines out (a line `...`), each shown run of lines in order.
fn shows(stdout: &str, expected: &str) -> bool {
    if !expected.lines().any(|l| l == "...") {
        return stdout == expected;
    }
    let mut rest = stdout;
    for part in expected.split("...\n").filter(|p| !p.is_empty()) {
        match rest.find(part) {
            Some(at) => rest = &rest[at + part.len()..],
            None => return false,
        }
    }
    true
}

/// Run `commands` (a README block or a command's examples) in `sandbox`,
/// checking each one's exit code; returns the problems found.
fn check_commands(
    sandbox: &Sandbox,
    place: &str,
    commands: &[String],
    (not_run, excused): (&[(&'static str, &str)], &mut Vec<&'static str>),
) -> (usize, String, Vec<String>) {
    let mut problems = Vec::new();
    let runnable: Vec<String> = commands
        .iter()
        .filter(
            |c| match not_run.iter().find(|(prefix, _)| c.starts_with(prefix)) {
                Some((prefix, _)) => {
                    excused.push(prefix);
                    false
                }
                None => true,
            },
        )
        .cloned()
        .collect();
    let (stdout, results) = sandbox.run(&runnable);
    for (command, (code, printed)) in runnable.iter().zip(results) {
        let (exit, says) = expected_exit(command);
        if code != exit || !printed.contains(says) {
            problems.push(format!(
                "{place}: `{command}` exited {code} (expected {exit}{}):\n{}",
                if says.is_empty() {
                    String::new()
                } else {
                    format!(", saying `{says}`")
                },
                printed.trim_end()
            ));
        }
    }
    (runnable.len(), stdout, problems)
}

/// Each entry of `not_run` excused some command.
fn all_used(not_run: &[(&str, &str)], excused: &[&str]) -> Vec<String> {
    not_run
        .iter()
        .filter(|(prefix, _)| !excused.contains(prefix))
        .map(|(prefix, why)| format!("`{prefix}` is excused ({why}), but no command is that"))
        .collect()
}

/// Every shell block of the README runs (in order, in one sandbox, as a
/// reader would follow it), each command succeeds or fails as documented,
/// and every output the README shows is the output of the block before it.
#[test]
fn every_readme_command_runs_and_prints_what_the_readme_shows() {
    let readme = std::fs::read_to_string("README.md").unwrap();
    let blocks = blocks(&readme);
    let sandbox = Sandbox::new();
    let mut problems = Vec::new();
    let mut excused = Vec::new();
    let (mut run_blocks, mut shown) = (0, 0);
    let mut last: Option<(usize, String)> = None;
    for block in &blocks {
        match block.lang.as_str() {
            "sh" => {
                let commands = commands(&block.text);
                assert!(
                    !commands.is_empty(),
                    "README.md:{}: an empty sh block",
                    block.line
                );
                let place = format!("README.md:{}", block.line);
                let (ran, stdout, found) =
                    check_commands(&sandbox, &place, &commands, (README_NOT_RUN, &mut excused));
                problems.extend(found);
                if ran > 0 {
                    run_blocks += 1;
                }
                last = Some((block.line, stdout));
            }
            "text" => {
                let Some((line, stdout)) = last.take() else {
                    panic!(
                        "README.md:{}: shown output with no sh block before it",
                        block.line
                    );
                };
                if !shows(&stdout, &block.text) {
                    problems.push(format!(
                        "README.md:{}: the block at line {line} prints\n{stdout}\nnot what the README shows:\n{}",
                        block.line, block.text
                    ));
                }
                shown += 1;
            }
            // Files shown as examples (a record, settings), not commands.
            _ => last = None,
        }
    }
    problems.extend(all_used(README_NOT_RUN, &excused));
    assert!(problems.is_empty(), "{}", problems.join("\n\n"));
    assert!(
        run_blocks >= 20 && shown >= 6,
        "{run_blocks} blocks run, {shown} outputs compared"
    );
}

/// The examples of `competency COMMAND --help` and of each command under
/// it, in the order the help lists the commands: each line under
/// "Examples:" that starts with `competency`, continued lines joined.
fn help_examples(path: &[String], found: &mut Vec<(String, Vec<String>)>) {
    let (code, help, stderr) = run(competency().args(path).arg("--help"));
    assert_eq!(code, 0, "competency {} --help: {stderr}", path.join(" "));
    let mut section = "";
    let (mut examples, mut under) = (String::new(), Vec::new());
    for line in help.lines() {
        if !line.starts_with(' ') && !line.is_empty() {
            section = line.trim_end_matches(':');
            continue;
        }
        match section {
            // `  name  what it does`; a description's next lines are
            // indented further.
            "Commands" if !line.starts_with("   ") => {
                let name = line.split_whitespace().next().unwrap_or_default();
                if !name.is_empty() && name != "help" {
                    under.push(name.to_owned());
                }
            }
            "Examples" if !line.trim().is_empty() => {
                examples.push_str(line);
                examples.push('\n');
            }
            _ => {}
        }
    }
    let commands = commands(&examples)
        .into_iter()
        .filter(|c| c.starts_with("competency"))
        .collect();
    found.push((path.join(" "), commands));
    for name in under {
        let mut path = path.to_vec();
        path.push(name);
        help_examples(&path, found);
    }
}

/// Every example in every command's `--help` runs, in the order the help
/// lists the commands, in one copy of the example workspace (as the README's
/// commands do: `import` reads what `export` wrote), and succeeds or fails
/// as documented. Every command has examples.
#[test]
fn every_help_example_runs() {
    let mut examples = Vec::new();
    help_examples(&[], &mut examples);
    let sandbox = Sandbox::new();
    let (mut problems, mut excused, mut count) = (Vec::new(), Vec::new(), 0);
    for (command, commands) in &examples {
        let place = format!("competency {command} --help");
        let (ran, _, found) =
            check_commands(&sandbox, &place, commands, (HELP_NOT_RUN, &mut excused));
        problems.extend(found);
        count += ran;
        if commands.is_empty() && !command.is_empty() {
            problems.push(format!("{place} gives no example"));
        }
    }
    problems.extend(all_used(HELP_NOT_RUN, &excused));
    assert!(problems.is_empty(), "{}", problems.join("\n\n"));
    assert!(count >= 60, "only {count} examples found in --help");
}

/// The README's table of diagnostic codes is the registry, both ways: each
/// code once, in the registry's order, with its meaning word for word.
#[test]
fn the_readme_table_of_codes_is_the_registry() {
    use competency::testing::diagnostic::Code;
    let readme = std::fs::read_to_string("README.md").unwrap();
    let table: Vec<(String, String)> = readme
        .lines()
        .skip_while(|l| *l != "| code | meaning |")
        .skip(2)
        .take_while(|l| l.starts_with('|'))
        .map(|row| {
            let cells: Vec<&str> = row.trim_matches('|').splitn(2, " | ").collect();
            let (code, meaning) = (cells[0].trim(), cells.get(1).map_or("", |m| m.trim()));
            // `empty-role` (warning) | a role requires nothing
            match code.strip_suffix(" (warning)") {
                Some(code) => (
                    code.trim_matches('`').to_owned(),
                    format!("(warning) {meaning}"),
                ),
                None => (code.trim_matches('`').to_owned(), meaning.to_owned()),
            }
        })
        .collect();
    let registry: Vec<(String, String)> = Code::ALL
        .iter()
        .map(|c| (c.as_str().to_owned(), c.meaning().to_owned()))
        .collect();
    let mut problems = Vec::new();
    for (code, meaning) in &registry {
        if !table.iter().any(|(c, m)| c == code && m == meaning) {
            problems.push(format!("the README's table lacks `{code}`: {meaning}"));
        }
    }
    for (code, meaning) in &table {
        if !registry.iter().any(|(c, m)| c == code && m == meaning) {
            problems.push(format!("the registry lacks `{code}`: {meaning}"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    assert_eq!(
        table, registry,
        "the README lists the codes in the registry's order"
    );
}
