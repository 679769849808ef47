//! Subject access: `sar PERSON --output FILE.zip` bundles every file about
//! the person (peers' ratings only as the reports show them), the reports
//! about them, the records they wrote as a rater, and a manifest that
//! `validate` checks against the workspace again.

use std::io::Read;

use crate::assess::Workspace;
use crate::common::run;

fn ok(ws: &Workspace, args: &[&str]) -> String {
    let (code, stdout, stderr) = run(ws.cmd().args(args));
    assert_eq!(code, 0, "{args:?}: {stderr}");
    stdout
}

/// Alex (self, manager and a peer's record, and saved answers), managed by
/// Sam, who also rated Jo.
fn organisation() -> Workspace {
    let ws = Workspace::new();
    let staff = ws.dir.path().join("staff.csv");
    std::fs::write(
        &staff,
        "id,name,role,team,manager\nsam-lee,Sam Lee,,Wellbeing,\nalex-morgan,Alex Morgan,community-link-worker,Wellbeing,sam-lee\njo-bloggs,Jo Bloggs,community-link-worker,Wellbeing,sam-lee\n",
    )
    .unwrap();
    ok(&ws, &["people", "import", staff.to_str().unwrap()]);
    for args in [
        &[
            "alex-morgan",
            "--by",
            "self",
            "--rater",
            "Alex Morgan",
            "--date",
            "2026-05-01",
            "--set",
            "team-working=3",
        ][..],
        &[
            "alex-morgan",
            "--by",
            "manager",
            "--rater",
            "Sam Lee",
            "--date",
            "2026-05-08",
            "--set",
            "team-working=2",
            "--final",
        ][..],
        &[
            "alex-morgan",
            "--by",
            "peer",
            "--rater",
            "Pat Peer",
            "--date",
            "2026-05-09",
            "--set",
            "team-working=4",
            "--evidence",
            "team-working=Pat saw it",
        ][..],
        &[
            "jo-bloggs",
            "--by",
            "manager",
            "--rater",
            "Sam Lee",
            "--date",
            "2026-05-10",
            "--set",
            "team-working=3",
        ][..],
    ] {
        ok(
            &ws,
            &[&["assess", "--framework", "wdcvs"][..], args].concat(),
        );
    }
    ok(
        &ws,
        &[
            "review",
            "alex-morgan",
            "--date",
            "2026-05-08",
            "--action",
            "Lead a practice team day; competency=team-working; due=2026-09-30",
        ],
    );
    let progress = ws.root().join(".competency/progress");
    std::fs::create_dir_all(&progress).unwrap();
    std::fs::write(
        progress.join("alex-morgan-wdcvs-self-person.toml"),
        "# saved answers\n",
    )
    .unwrap();
    ws
}

fn zip_members(path: &std::path::Path) -> Vec<(String, Vec<u8>)> {
    let mut archive = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    (0..archive.len())
        .map(|i| {
            let mut file = archive.by_index(i).unwrap();
            let mut bytes = Vec::new();
            file.read_to_end(&mut bytes).unwrap();
            (file.name().unwrap().to_string(), bytes)
        })
        .collect()
}

#[test]
fn a_bundle_holds_everything_about_the_person_and_validate_checks_it() {
    let ws = organisation();
    let zip = ws.dir.path().join("alex.zip");
    ok(
        &ws,
        &["sar", "alex-morgan", "--output", zip.to_str().unwrap()],
    );
    let members = zip_members(&zip);
    let names: Vec<&str> = members.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        [
            "manifest.json",
            "records/2026-05-01-wdcvs-self.toml",
            "records/2026-05-08-wdcvs-manager.toml",
            "reviews/2026-05-08-review.toml",
            "roster-entry.json",
            "saved-answers/alex-morgan-wdcvs-self-person.toml",
            "reports/gap.html",
            "reports/gap.json",
            "reports/plan.html",
            "reports/plan.json",
            "reports/history.html",
            "reports/history.json",
        ]
    );
    let manifest: serde_json::Value = serde_json::from_slice(&members[0].1).unwrap();
    assert_eq!(manifest["person"], "alex-morgan");
    assert_eq!(manifest["complete"]["files-in-folders"], 4);
    // Each file's digest is in the manifest.
    for (name, bytes) in &members[1..] {
        let entry = manifest["files"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["path"] == name.as_str())
            .unwrap();
        let digest = entry["sha256"].as_str().unwrap();
        assert!(
            digest.starts_with("sha256:") && digest.len() == 71,
            "{digest}"
        );
        assert!(!bytes.is_empty(), "{name} is empty");
    }
    // The peer's record is left out, with why; its file is not in the zip.
    let left_out = manifest["left-out"].as_array().unwrap();
    assert_eq!(left_out.len(), 1, "{manifest:#}");
    // Not by its file name, which holds the day the peer rated: by digest.
    assert_eq!(left_out[0]["source"], "(a peer's record)");
    let peer_file = std::fs::read_dir(ws.root().join("assessments/alex-morgan"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.to_string_lossy().ends_with("-peer.toml"))
        .unwrap();
    let digest = crate::common::sha256(&std::fs::read(peer_file).unwrap());
    assert_eq!(left_out[0]["sha256"], digest.as_str());
    assert!(left_out[0]["why"].as_str().unwrap().contains("peer"));
    // A single peer's rating, name, evidence and day are in no report.
    for (name, bytes) in &members {
        let text = String::from_utf8_lossy(bytes);
        for secret in ["Pat Peer", "Pat saw it", "2026-05-09"] {
            assert!(!text.contains(secret), "{name} holds {secret}");
        }
    }
    // Records are the workspace's bytes, unchanged.
    let record = std::fs::read(
        ws.root()
            .join("assessments/alex-morgan/2026-05-08-wdcvs-manager.toml"),
    )
    .unwrap();
    assert_eq!(members[2].1, record);

    // Sam's bundle names the records Sam wrote about others, not their ratings.
    let sam = ws.dir.path().join("sam.zip");
    ok(&ws, &["sar", "sam-lee", "--output", sam.to_str().unwrap()]);
    let members = zip_members(&sam);
    let manifest: serde_json::Value = serde_json::from_slice(&members[0].1).unwrap();
    let rated: Vec<&str> = manifest["rated-others"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["record"].as_str().unwrap())
        .collect();
    assert_eq!(
        rated,
        [
            "assessments/alex-morgan/2026-05-08-wdcvs-manager.toml",
            "assessments/jo-bloggs/2026-05-10-wdcvs-manager.toml"
        ]
    );
    assert!(
        !members.iter().any(|(name, _)| name.starts_with("records/")),
        "Sam has no records of their own"
    );

    // validate: the bundle is whole and complete now ...
    let (code, out, _) = run(ws.cmd().args(["validate", zip.to_str().unwrap()]));
    assert_eq!(code, 0, "{out}");
    // ... not once Alex has a record the bundle lacks ...
    ok(
        &ws,
        &[
            "assess",
            "alex-morgan",
            "--framework",
            "wdcvs",
            "--by",
            "self",
            "--date",
            "2026-06-01",
            "--set",
            "team-working=4",
        ],
    );
    let (code, out, _) = run(ws.cmd().args(["validate", zip.to_str().unwrap()]));
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("error[bad-bundle]")
            && out.contains("2026-06-01-wdcvs-self.toml` is in the workspace but neither in the bundle nor left out"),
        "{out}"
    );
    // ... and not when a file in it was changed.
    let mut bytes = std::fs::read(&zip).unwrap();
    let at = bytes.windows(7).position(|w| w == b"records").unwrap();
    bytes[at] = b'R';
    std::fs::write(&zip, bytes).unwrap();
    let (code, out, _) = run(ws.cmd().args(["validate", zip.to_str().unwrap()]));
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("error[bad-bundle]"), "{out}");
}

#[test]
fn sar_needs_an_output_file_and_a_person_the_workspace_knows() {
    let ws = organisation();
    let before = ws.snapshot();
    let (code, _, stderr) = run(ws.cmd().args(["sar", "alex-morgan"]));
    assert_eq!(code, 2);
    assert!(stderr.contains("give --output FILE.zip"), "{stderr}");
    let zip = ws.dir.path().join("x.zip");
    let (code, _, stderr) =
        run(ws
            .cmd()
            .args(["sar", "nobody", "--output", zip.to_str().unwrap()]));
    assert_eq!(code, 2);
    assert!(stderr.contains("no one with the id `nobody`"), "{stderr}");
    assert!(!zip.exists());
    let (code, _, stderr) = run(ws
        .cmd()
        .args(["sar", "../x", "--output", zip.to_str().unwrap()]));
    assert_eq!(code, 2, "{stderr}");
    assert_eq!(ws.snapshot(), before, "sar wrote into the workspace");
}
