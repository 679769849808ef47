//! `frameworks`, `show`, `roles`, `role` on the bundled frameworks.

use insta_cmd::assert_cmd_snapshot;

use crate::common::{competency, run};

const FRAMEWORKS: [&str; 5] = ["ombudsman", "arun", "cherwell-snc", "wdcvs", "sssc-clf"];

#[test]
fn frameworks_lists_the_five_bundled_frameworks_in_every_format() {
    for format in ["table", "json", "csv", "markdown"] {
        assert_cmd_snapshot!(
            format!("frameworks_{format}"),
            competency().args(["frameworks", "--format", format])
        );
    }
}

/// Each format of `show`, once, on the smallest framework that has every
/// feature (a cumulative scale, a group with level descriptions, themes,
/// negative indicators, perspectives, standards and a role). The bundled
/// frameworks are checked in every format by the counts of their sources
/// (`tests/fidelity.rs`).
#[test]
fn show_gives_a_framework_in_every_format() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("competency.toml"), "name = \"show\"\n").unwrap();
    std::fs::create_dir(dir.path().join("frameworks")).unwrap();
    std::fs::copy(
        "tests/fixtures/frameworks/valid/minimal.yaml",
        dir.path().join("frameworks/minimal.yaml"),
    )
    .unwrap();
    for format in ["table", "markdown", "json", "csv"] {
        let (code, stdout, stderr) = run(competency()
            .arg("--workspace")
            .arg(dir.path())
            .args(["show", "minimal", "--format", format]));
        assert_eq!((code, stderr.as_str()), (0, ""), "show --format {format}");
        insta::assert_snapshot!(format!("show_minimal_{format}"), stdout);
    }
}

#[test]
fn show_json_follows_the_contract_shape() {
    for id in FRAMEWORKS {
        let (_, stdout, _) = run(competency().args(["show", id, "--format", "json"]));
        let json: serde_json::Value = serde_json::from_str(&stdout).unwrap();
        for key in [
            "id",
            "name",
            "publisher",
            "year",
            "source",
            "scale",
            "groups",
            "competencies",
            "roles",
        ] {
            assert!(json.get(key).is_some(), "{id}: missing {key}");
        }
        assert_eq!(json["id"], id);
        for level in json["scale"].as_array().unwrap() {
            for key in ["code", "rank", "label", "description"] {
                assert!(level.get(key).is_some(), "{id}: level without {key}");
            }
        }
        for group in json["groups"].as_array().unwrap() {
            assert!(
                group["level_descriptions"].is_object(),
                "{id}: group level_descriptions"
            );
        }
        for c in json["competencies"].as_array().unwrap() {
            for key in [
                "id",
                "name",
                "group",
                "subject",
                "definition",
                "why",
                "indicators",
                "themes",
                "standards",
            ] {
                assert!(c.get(key).is_some(), "{id}: competency without {key}");
            }
            let themes = c["themes"].as_array().unwrap();
            let indicators = c["indicators"].as_array().unwrap().iter().chain(
                themes
                    .iter()
                    .flat_map(|t| t["indicators"].as_array().unwrap()),
            );
            for i in indicators {
                assert!(i["text"].as_str().is_some_and(|t| !t.is_empty()));
                assert!(matches!(
                    i["polarity"].as_str(),
                    Some("positive" | "negative")
                ));
                assert!(i["level"].is_null() || i["level"].is_string());
                assert!(matches!(
                    i["perspective"].as_str(),
                    None | Some("organisation" | "worker")
                ));
            }
        }
    }
}

#[test]
fn show_narrows_to_one_competency_and_level() {
    assert_cmd_snapshot!(
        "show_wdcvs_team_working_level_3",
        competency().args(["show", "wdcvs", "team-working", "--level", "3"])
    );
    assert_cmd_snapshot!(
        "show_sssc_clf_flexibility_established_markdown",
        competency().args([
            "show",
            "sssc-clf",
            "flexibility",
            "--level",
            "Established",
            "--format",
            "markdown"
        ])
    );
}

#[test]
fn show_refuses_unknown_ids_and_levels_with_a_suggestion() {
    assert_cmd_snapshot!(
        "show_unknown_framework",
        competency().args(["show", "wdcv"])
    );
    assert_cmd_snapshot!(
        "show_unknown_competency",
        competency().args(["show", "wdcvs", "teamworking"])
    );
    assert_cmd_snapshot!(
        "show_unknown_level",
        competency().args(["show", "wdcvs", "--level", "9"])
    );
}

#[test]
fn roles_and_role_show_the_profiles_of_the_sources() {
    assert_cmd_snapshot!("roles", competency().args(["roles"]));
    assert_cmd_snapshot!(
        "roles_sssc_clf_json",
        competency().args(["roles", "sssc-clf", "--format", "json"])
    );
    assert_cmd_snapshot!(
        "role_community_link_worker",
        competency().args(["role", "community-link-worker"])
    );
    assert_cmd_snapshot!(
        "role_nursery_manager_markdown",
        competency().args(["role", "nursery-manager", "--format", "markdown"])
    );
    assert_cmd_snapshot!(
        "role_community_link_worker_csv",
        competency().args(["role", "community-link-worker", "--format", "csv"])
    );
    assert_cmd_snapshot!("role_unknown", competency().args(["role", "no-such-role"]));
}

#[test]
fn help_has_an_example_for_every_command() {
    let (_, top, _) = run(competency().arg("--help"));
    let commands: Vec<&str> = top
        .lines()
        .skip_while(|l| !l.starts_with("Commands:"))
        .skip(1)
        .take_while(|l| l.starts_with("  "))
        .filter_map(|l| l.split_whitespace().next())
        .filter(|c| *c != "help")
        .collect();
    assert!(commands.len() >= 5, "{commands:?}");
    for command in commands {
        let (code, help, _) = run(competency().args([command, "--help"]));
        assert_eq!(code, 0);
        assert!(
            help.contains("Examples:"),
            "`{command} --help` has no example"
        );
        assert!(
            help.contains(&format!("competency {command}")),
            "`{command} --help` example does not use it"
        );
    }
    assert_cmd_snapshot!("help", competency().arg("--help"));
}

#[test]
fn each_command_offers_only_the_formats_it_can_give() {
    let help = |args: &[&str]| {
        let (code, stdout, stderr) = run(competency().args(args).arg("--help"));
        assert_eq!(code, 0, "{stderr}");
        // Words as they read, whatever the wrapping.
        stdout.split_whitespace().collect::<Vec<_>>().join(" ")
    };
    // A command that prints one thing offers none.
    for command in [
        &["init"][..],
        &["assess"],
        &["import"],
        &["adapt"],
        &["people", "add"],
    ] {
        let text = help(command);
        assert!(!text.contains("--format"), "{command:?}:\n{text}");
    }
    assert!(help(&["show"]).contains("[possible values: table, json, csv, markdown, yaml, case]"));
    assert!(help(&["gap"]).contains("[possible values: table, json, csv, markdown, html, xlsx]"));
    assert!(help(&["people"]).contains("[possible values: table, json, csv, markdown]"));
    // Asked for one it cannot give, it says which it can.
    let (code, _, stderr) = run(competency().args(["roles", "--format", "html"]));
    assert_eq!(code, 2);
    assert!(
        stderr.contains("[possible values: table, json, csv, markdown]"),
        "{stderr}"
    );
    let (code, _, stderr) = run(competency().args(["init", "x", "--format", "json"]));
    assert_eq!(code, 2);
    assert!(
        stderr.contains("this command has one output only"),
        "{stderr}"
    );
}
