//! The HTML documents as a browser reads them: parsed with html5ever (the
//! parser of Servo, as `scraper` wraps it), checked for their structure, for
//! text that stays text, and for anything that would reach the network; and
//! the appraisal pack printed to PDF by headless Chromium, read back with
//! poppler's `pdftotext` and `pdfinfo`.

use std::path::Path;
use std::process::Command;

use scraper::{ElementRef, Html, Selector};

use crate::assess::Workspace;
use crate::common::{competency, program, run};

/// A report of the example workspace as HTML, parsed.
fn document(args: &[&str]) -> (String, Html) {
    let (code, stdout, stderr) = run(competency()
        .args(["--workspace", "examples/workspace"])
        .args(args)
        .args(["--format", "html"]));
    assert_eq!((code, stderr.as_str()), (0, ""), "{args:?}");
    let html = Html::parse_document(&stdout);
    (stdout, html)
}

fn select<'a>(html: &'a Html, css: &str) -> Vec<ElementRef<'a>> {
    let selector = Selector::parse(css).unwrap();
    html.select(&selector).collect()
}

fn text(element: &ElementRef) -> String {
    element.text().collect::<String>()
}

/// The competency names a role requires, from the gap report's JSON.
fn competency_names(person: &str) -> Vec<String> {
    let (_, stdout, _) = run(competency().args([
        "--workspace",
        "examples/workspace",
        "gap",
        person,
        "--format",
        "json",
    ]));
    let json: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    json["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["name"].as_str().unwrap().to_owned())
        .collect()
}

/// What every document must be: a whole English page with one stylesheet,
/// each chart an image with a title and a description, no script, nothing
/// fetched from elsewhere.
fn assert_self_contained(html: &Html, charts: usize) {
    assert_eq!(select(html, "html")[0].value().attr("lang"), Some("en-GB"));
    assert_eq!(select(html, "meta[charset]").len(), 1);
    assert_eq!(select(html, "head > title").len(), 1);
    assert_eq!(select(html, "style").len(), 1);
    let svgs = select(html, "svg");
    assert_eq!(svgs.len(), charts, "one <svg> per chart");
    for svg in &svgs {
        assert_eq!(svg.value().attr("role"), Some("img"));
        let title = Selector::parse(":scope > title").unwrap();
        let desc = Selector::parse(":scope > desc").unwrap();
        assert_eq!(svg.select(&title).count(), 1, "a chart without a <title>");
        assert_eq!(svg.select(&desc).count(), 1, "a chart without a <desc>");
    }
    assert!(select(html, "script").is_empty(), "a <script>");
    for element in select(html, "*") {
        for (name, value) in element.value().attrs() {
            assert!(!name.starts_with("on"), "an event handler: {name}={value}");
            if matches!(name, "src" | "href" | "srcset" | "action" | "data") {
                let value = value.trim().to_ascii_lowercase();
                assert!(
                    !value.starts_with("http") && !value.starts_with("//"),
                    "fetched from the network: {name}={value}"
                );
            }
        }
    }
    let style = text(&select(html, "style")[0]);
    assert!(!style.contains("url(") && !style.contains("@import"));
}

#[test]
fn the_appraisal_pack_has_what_a_meeting_needs() {
    let (_, html) = document(&["plan", "alex-morgan"]);
    assert_self_contained(&html, 1);
    let headings: Vec<String> = select(&html, "h2").iter().map(text).collect();
    for wanted in [
        "Where things stand",
        "Strengths",
        "Development plan",
        "Agreed actions",
        "Next review",
        "Sign-off",
    ] {
        assert!(
            headings.iter().any(|h| h == wanted),
            "{wanted}: {headings:?}"
        );
    }
    let body = text(&select(&html, "body")[0]);
    for name in competency_names("alex-morgan") {
        assert!(body.contains(&name), "{name} missing");
    }
    assert!(text(&select(&html, "h1")[0]).contains("Alex Morgan"));
    // Marked as personal data, first thing.
    assert_eq!(
        text(&select(&html, "main > p.marking:first-child")[0]),
        "Confidential — personal data"
    );
    // Three signatures: the person, the line manager, and the line
    // manager's own manager from the roster, who countersigns.
    let signers: Vec<String> = select(&html, "table.sign tbody tr")
        .iter()
        .map(|row| row.text().map(str::trim).collect::<Vec<_>>().join("|"))
        .collect();
    assert_eq!(
        signers,
        [
            "Person|Alex Morgan",
            "Line manager|Sam Lee",
            "Countersigning manager|Lee Grant"
        ]
    );
    let sign_off = text(&select(&html, "table.sign")[0]);
    assert!(sign_off.contains("Signature") && sign_off.contains("Date"));
    // A box each for the person's and the manager's comments.
    let comments: Vec<String> = select(&html, "section.comments h3")
        .iter()
        .map(text)
        .collect();
    assert_eq!(comments, ["Person: Alex Morgan", "Line manager: Sam Lee"]);
    assert_eq!(select(&html, "section.comments div.box").len(), 2);
    // Rows to write the agreed actions in, with whose each is (as a review
    // records them), and tick boxes for behaviours.
    let columns: Vec<String> = select(&html, "table.actions thead th")
        .iter()
        .map(text)
        .collect();
    assert_eq!(columns, ["Action", "Owner", "By when", "Support"]);
    assert!(select(&html, "table.actions tbody tr").len() >= 3);
    // The actions, the next review and the signatures are kept together.
    let closing = select(&html, "section.keep.closing");
    assert_eq!(closing.len(), 1);
    assert_eq!(
        select(&html, "section.closing h2")
            .iter()
            .map(text)
            .collect::<Vec<_>>(),
        ["Agreed actions", "Next review", "Sign-off"]
    );
    assert!(!select(&html, "ul.todo li").is_empty());
    let facts = text(&select(&html, "table.facts")[0]);
    for fact in [
        "Community Link Worker",
        "Wellbeing",
        "Sam Lee",
        "2 October 2026",
    ] {
        assert!(facts.contains(fact), "{fact}: {facts}");
    }
    // The next review: the appraisal cycle's due day (1 March).
    let closing = text(&select(&html, "section.closing")[0]);
    assert!(closing.contains("Next review1 March 2027"), "{closing}");
    // Levels are text, never marked up as code.
    assert!(select(&html, "code").is_empty());
}

#[test]
fn gap_team_and_history_documents_name_people_and_draw_each_chart() {
    let (_, gap) = document(&["gap", "dana-cole"]);
    assert_self_contained(&gap, 1);
    let body = text(&select(&gap, "body")[0]);
    for name in competency_names("dana-cole") {
        assert!(body.contains(&name), "{name} missing");
    }
    // Cherwell's mid-points are on the chart's axis, as minor levels.
    assert_eq!(select(&gap, "svg text.level-minor").len(), 4);

    let (_, team) = document(&["team", "--manager", "lee-grant", "--all"]);
    // A heatmap and a training-needs chart per framework.
    assert_eq!(select(&team, "table.heatmap").len(), 3);
    assert_self_contained(&team, 3);
    let people: Vec<String> = select(&team, "table.heatmap tbody th[scope=row]")
        .iter()
        .map(text)
        .collect();
    for name in ["Priya Shah", "Dana Cole", "Alex Morgan", "Jordan Reid"] {
        assert!(people.iter().any(|p| p.starts_with(name)), "{people:?}");
    }
    assert!(people.iter().all(|p| !p.contains("alex-morgan")));
    // Each cell says its status in a symbol as well as by its colour.
    for cell in select(&team, "table.heatmap td.below") {
        assert!(text(&cell).starts_with('▼'), "{}", text(&cell));
        // A screen reader hears the word, not the shape.
        let heard: Vec<String> = cell
            .select(&Selector::parse("span.vh").unwrap())
            .map(|s| text(&s))
            .collect();
        assert_eq!(heard, ["below"], "{}", cell.html());
        assert!(
            cell.select(&Selector::parse("span[aria-hidden=true]").unwrap())
                .any(|s| text(&s) == "▼"),
            "{}",
            cell.html()
        );
    }
    assert!(
        text(&select(&team, "body")[0]).contains("Sam Lee"),
        "not compared, with why"
    );

    let (_, history) = document(&["history", "alex-morgan"]);
    // One section per competency, its heading one level below the title's,
    // its chart named for it.
    let competencies = select(&history, "h2").len();
    assert_eq!(competencies, 7);
    assert!(select(&history, "h3").is_empty(), "a heading level skipped");
    for heading in select(&history, "h2") {
        let name = text(&heading);
        assert!(
            history_names_chart(&history, &name),
            "no chart titled for {name}"
        );
    }
    assert_self_contained(&history, competencies);
    assert_eq!(select(&history, "table.history").len(), competencies);
}

/// For a screen reader: every data table has a caption, every chart is
/// described by the table that gives its figures, and each document's
/// title says whose it is and when.
#[test]
fn every_table_is_captioned_and_every_chart_tied_to_its_table() {
    let kinds: &[&[&str]] = &[
        &["plan", "alex-morgan"],
        &["gap", "dana-cole"],
        &["team", "--manager", "lee-grant", "--all"],
        &["team", "--summary"],
        &["history", "alex-morgan"],
        &["calibrate"],
    ];
    for args in kinds {
        let (_, html) = document(args);
        for table in select(&html, "table") {
            let caption = Selector::parse(":scope > caption").unwrap();
            assert_eq!(
                table.select(&caption).count(),
                1,
                "{args:?}: a table without a caption: {:?}",
                table.value().attr("class")
            );
        }
        for svg in select(&html, "svg") {
            let id = svg
                .value()
                .attr("aria-describedby")
                .unwrap_or_else(|| panic!("{args:?}: a chart not tied to its table"));
            assert_eq!(
                select(&html, &format!("table#{id}")).len(),
                1,
                "{args:?}: {id}"
            );
        }
    }
    let title = |args: &[&str]| text(&select(&document(args).1, "head > title")[0]);
    assert_eq!(
        title(&["team", "--manager", "lee-grant", "--all"]),
        "Team: everyone in Lee Grant's reporting line, 1 December 2026"
    );
    assert_eq!(
        title(&["history", "alex-morgan"]),
        "Ratings over time: Alex Morgan, 1 December 2026"
    );
}

#[test]
fn evidence_that_looks_like_markup_stays_text() {
    let ws = Workspace::new();
    let evil = "<script>alert(1)</script><img src=http://example.org/x onerror=alert(2)>";
    let (code, _, stderr) = run(ws.cmd().args([
        "assess",
        "jo",
        "--by",
        "self",
        "--rater",
        "Jo <b>Bold</b>",
        "--role",
        "community-link-worker",
        "--set",
        "team-working=2",
        "--evidence",
        &format!("team-working={evil}"),
    ]));
    assert_eq!(code, 0, "{stderr}");
    for args in [
        &["plan", "jo", "--role", "community-link-worker"][..],
        &["gap", "jo", "--role", "community-link-worker"],
        &["history", "jo"],
        &["team", "--role", "community-link-worker"],
    ] {
        let (code, stdout, stderr) = run(ws.cmd().args(args).args(["--format", "html"]));
        assert_eq!(code, 0, "{args:?}: {stderr}");
        let html = Html::parse_document(&stdout);
        assert!(select(&html, "script").is_empty(), "{args:?}");
        assert!(select(&html, "img").is_empty() && select(&html, "b").is_empty());
        let body = text(&select(&html, "body")[0]);
        assert!(body.contains("Jo <b>Bold</b>"), "{args:?}: {body}");
        if args[0] == "plan" {
            assert!(body.contains(evil), "the evidence, as text");
            // Escaped (a long run may be offered a break, `<wbr>`, but the
            // markup is never whole).
            assert!(
                stdout
                    .replace("<wbr>", "")
                    .contains("&lt;script&gt;alert(1)&lt;/script&gt;")
            );
        }
    }
}

#[test]
fn documents_never_carry_control_characters_from_a_hand_edited_record() {
    let ws = crate::hostile::hostile_record_workspace();
    for args in [
        &["plan", "amy", "--role", "community-link-worker"][..],
        &["gap", "amy", "--role", "community-link-worker"],
        &["team", "--role", "community-link-worker"],
        &["history", "amy"],
    ] {
        let args = [args, &["--format", "html"]].concat();
        crate::hostile::assert_report_prints_no_control(&ws, &args);
    }
}

/// Whether a chart of `html` is titled "Ratings over time: NAME".
fn history_names_chart(html: &Html, name: &str) -> bool {
    select(html, "svg title")
        .iter()
        .any(|t| text(t) == format!("Ratings over time: {name}"))
}

/// Print `page` to `pdf` with headless Chromium, with bookmarks from the
/// headings: no network, no profile kept.
fn print_to_pdf(chromium: &Path, page: &Path, pdf: &Path, profile: &Path) {
    let mut browser = Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg(format!("--print-to-pdf={}", pdf.display()))
        .arg("--no-pdf-header-footer")
        .arg("--generate-pdf-document-outline")
        .arg(format!("file://{}", page.display()))
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("chromium starts");
    // A browser that hangs must not hang the tests: two minutes at most.
    let started = std::time::Instant::now();
    while browser.try_wait().unwrap().is_none() {
        if started.elapsed() > std::time::Duration::from_secs(120) {
            let _ = browser.kill();
            panic!("chromium did not finish printing in two minutes");
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    assert!(pdf.is_file(), "chromium wrote no PDF");
}

/// A document printed by headless Chromium, read back with poppler.
struct Printed {
    /// Each page's text, laid out (`pdftotext -layout`).
    pages: Vec<String>,
    /// `pdfinfo`'s report.
    info: String,
    /// The PDF's bytes.
    bytes: Vec<u8>,
    /// How near the rightmost word of any page comes to the page's right
    /// edge, in points (the least gap).
    right_gap: f64,
    /// The headings of the document, as its HTML gives them.
    headings: Vec<String>,
}

/// `args` of the workspace at `ws` as HTML, printed to A4 by Chromium.
fn printed(ws: &Path, args: &[&str]) -> Printed {
    let chromium = program(&["chromium", "chromium-browser", "google-chrome"]);
    let (pdftotext, pdfinfo) = (program(&["pdftotext"]), program(&["pdfinfo"]));
    let dir = tempfile::tempdir().unwrap();
    let (page, pdf) = (dir.path().join("doc.html"), dir.path().join("doc.pdf"));
    let (code, _, stderr) = run(competency()
        .arg("--workspace")
        .arg(ws)
        .args(args)
        .args(["--format", "html", "--output"])
        .arg(&page));
    assert_eq!(code, 0, "{args:?}: {stderr}");
    let html = Html::parse_document(&std::fs::read_to_string(&page).unwrap());
    let headings = select(&html, "h1, h2, h3, h4")
        .iter()
        .map(|h| text(h).split_whitespace().collect::<Vec<_>>().join(" "))
        .collect();
    print_to_pdf(&chromium, &page, &pdf, &dir.path().join("profile"));
    // Each page's size too (`Page    1 size: …`).
    let info = Command::new(pdfinfo)
        .args(["-f", "1", "-l", "999"])
        .arg(&pdf)
        .output()
        .unwrap();
    let laid_out = Command::new(&pdftotext)
        .args(["-layout"])
        .arg(&pdf)
        .arg("-")
        .output()
        .unwrap();
    let mut pages: Vec<String> = String::from_utf8_lossy(&laid_out.stdout)
        .split('\u{c}')
        .map(str::to_owned)
        .collect();
    if pages.last().is_some_and(|p| p.trim().is_empty()) {
        pages.pop();
    }
    let boxes = Command::new(&pdftotext)
        .arg("-bbox")
        .arg(&pdf)
        .arg("-")
        .output()
        .unwrap();
    // Each page's width, then its words' right ends.
    let attribute = |line: &str, name: &str| -> Option<f64> {
        line.split(&format!("{name}=\""))
            .nth(1)?
            .split('"')
            .next()?
            .parse()
            .ok()
    };
    let mut width = 0.0;
    let mut right_gap = f64::MAX;
    for line in String::from_utf8_lossy(&boxes.stdout).lines() {
        if line.trim_start().starts_with("<page ") {
            width = attribute(line, "width").unwrap();
        } else if let Some(right) = attribute(line, "xMax") {
            right_gap = right_gap.min(width - right);
        }
    }
    Printed {
        pages,
        info: String::from_utf8_lossy(&info.stdout).into_owned(),
        bytes: std::fs::read(&pdf).unwrap(),
        right_gap,
        headings,
    }
}

impl Printed {
    fn field(&self, name: &str) -> String {
        self.info
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .map_or_else(
                || panic!("no {name} in {}", self.info),
                |v| v.trim().to_owned(),
            )
    }

    /// Each page's lines with text, the running header and footer left out.
    fn bodies(&self) -> Vec<Vec<String>> {
        self.pages
            .iter()
            .map(|page| {
                let lines: Vec<String> = page
                    .lines()
                    .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
                    .filter(|l| !l.is_empty())
                    .collect();
                // The first line is the header, the last the footer.
                lines[1..lines.len() - 1].to_vec()
            })
            .collect()
    }

    /// What every printed page must carry: A4 (the first page upright); the
    /// marking and the title
    /// at the top (the first page's marking is the document's first line);
    /// the day made and `Page n of m` at the foot; no heading as the last
    /// thing on a page; no word past the right margin.
    fn assert_every_page_is_marked(&self, title: &str) {
        // `594.96 x 841.92 pts (A4)`: A4 is 595 × 842 points.
        let size: Vec<f64> = self
            .field("Page    1 size:")
            .split_whitespace()
            .filter_map(|w| w.parse().ok())
            .collect();
        assert!(
            size.len() == 2 && (size[0] - 595.0).abs() < 2.0 && (size[1] - 842.0).abs() < 2.0,
            "{}",
            self.info
        );
        let count = self.pages.len();
        assert_eq!(self.field("Pages:"), count.to_string());
        for (n, page) in self.pages.iter().enumerate() {
            let lines: Vec<&str> = page.lines().filter(|l| !l.trim().is_empty()).collect();
            let (top, foot) = (lines[0], lines[lines.len() - 1]);
            let marked = if n == 0 { lines[1] } else { top };
            assert!(
                marked
                    .trim_start()
                    .starts_with("Confidential — personal data"),
                "page {}: {marked}",
                n + 1
            );
            assert!(top.trim_end().ends_with(title), "page {}: {top}", n + 1);
            assert!(
                foot.trim_start().starts_with("Made on 1 December 2026"),
                "page {}: {foot}",
                n + 1
            );
            assert!(
                foot.trim_end()
                    .ends_with(&format!("Page {} of {count}", n + 1)),
                "page {}: {foot}",
                n + 1
            );
        }
        for (n, body) in self.bodies().iter().enumerate() {
            let last = body.last().unwrap();
            assert!(
                !self.headings.contains(last),
                "page {} ends with the heading {last:?}",
                n + 1
            );
        }
        // 13 mm from the right edge (and a point for rounding).
        let margin = 13.0 / 25.4 * 72.0;
        assert!(
            self.right_gap >= margin - 1.0,
            "a word comes {} pt from the edge",
            self.right_gap
        );
    }
}

#[test]
#[ignore = "needs chromium and poppler-utils"]
fn the_appraisal_pack_prints_on_a4_in_a_real_browser() {
    let pack = printed(Path::new("examples/workspace"), &["plan", "alex-morgan"]);
    assert!(
        (1..=6).contains(&pack.pages.len()),
        "{} pages",
        pack.pages.len()
    );
    pack.assert_every_page_is_marked("Appraisal: Alex Morgan");
    // Bookmarks from the headings: the PDF has an outline.
    assert!(
        pack.bytes.windows(9).any(|w| w == b"/Outlines"),
        "the PDF has no outline (bookmarks)"
    );
    // Words in table cells and chart labels may wrap: compare with spaces folded.
    let printed = pack.bodies().concat().join(" ");
    for name in competency_names("alex-morgan") {
        let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(printed.contains(&name), "{name} not printed");
    }
    for words in [
        "Alex Morgan",
        "Sam Lee",
        "Lee Grant",
        "Comments",
        "Countersigning manager",
    ] {
        assert!(printed.contains(words), "{words} not printed");
    }
    // The signatures are on the page of the agreed actions and the next
    // review, and nothing of the pack but its sources follows them.
    let bodies = pack.bodies();
    let signed = bodies
        .iter()
        .position(|b| b.iter().any(|l| l == "Sign-off"))
        .unwrap();
    let page = &bodies[signed];
    for heading in ["Agreed actions", "Next review"] {
        assert!(page.iter().any(|l| l == heading), "{heading}: {page:?}");
    }
    assert_eq!(signed, bodies.len() - 1, "pages after the sign-off");
}

/// The team and history documents printed as the pack is: every page
/// marked and numbered, with the scope (or the person) and the day on top; a
/// heatmap longer than a page repeats its header on the next; a heatmap
/// of more competencies than fit upright on a page turned sideways.
#[test]
#[ignore = "needs chromium and poppler-utils"]
fn team_and_history_documents_print_marked_and_numbered() {
    let examples = Path::new("examples/workspace");
    let history = printed(examples, &["history", "alex-morgan"]);
    history.assert_every_page_is_marked("Ratings over time: Alex Morgan, 1 December 2026");
    assert!(history.pages.len() > 1);

    let team = printed(examples, &["team"]);
    team.assert_every_page_is_marked("Team: everyone in the workspace, 1 December 2026");
    // Five heatmaps, and the header of the one longer than a page again on
    // the next.
    let headers = team
        .bodies()
        .concat()
        .iter()
        .filter(|l| l.starts_with("Person "))
        .count();
    assert!(headers > 5, "{headers} heatmap headers");
    let sizes: Vec<String> = (1..=team.pages.len())
        .map(|n| team.field(&format!("Page {n:>4} size:")))
        .collect();
    assert!(
        sizes.iter().any(|s| s.starts_with("841.92 x 594.96")),
        "no page turned sideways: {sizes:?}"
    );

    let (_, html) = document(&["team", "--manager", "sam-lee", "--as-of", "2026-06-30"]);
    assert_eq!(
        text(&select(&html, "h1")[0]),
        "Team: the people Sam Lee manages, as of 30 June 2026"
    );
}

/// Ids, paths, URLs and hostile runs of letters with no space wrap inside
/// A4 in every document that shows them: no word is printed past the
/// margin, and every page is still marked.
#[test]
#[ignore = "needs chromium and poppler-utils"]
fn long_words_wrap_inside_the_printed_page() {
    let ws = Workspace::new();
    let long = "x".repeat(150);
    let id = format!("zz-{}", "q".repeat(60));
    let (code, _, stderr) = run(ws.cmd().args([
        "people",
        "add",
        &id,
        "--name",
        &format!("Zed{long}"),
        "--role",
        "community-link-worker",
    ]));
    assert_eq!(code, 0, "{stderr}");
    let evidence = format!(
        "team-working=See https://example.org/{}/report.pdf and {long}",
        "a".repeat(120)
    );
    let (code, _, stderr) = run(ws.cmd().args([
        "assess",
        &id,
        "--by",
        "self",
        "--date",
        "2026-03-02",
        "--set",
        "team-working=2",
        "--evidence",
        &evidence,
    ]));
    assert_eq!(code, 0, "{stderr}");
    // A title longer than the top of a page holds is cut, with `…`.
    let cut = |title: String| title.chars().take(69).collect::<String>() + "…";
    for (args, title) in [
        (
            &["plan", id.as_str()][..],
            cut(format!("Appraisal: Zed{long}")),
        ),
        (
            &["history", id.as_str()],
            cut(format!("Ratings over time: Zed{long}")),
        ),
        (
            &["team"],
            "Team: everyone in the workspace, 1 December 2026".to_owned(),
        ),
    ] {
        let doc = printed(&ws.root(), args);
        doc.assert_every_page_is_marked(&title);
    }
}

/// Every kind of document the tool writes, from the example workspace,
/// checked by axe-core (WCAG 2.0, 2.1 and 2.2, A and AA) in the system
/// Chromium at 1280 and at 320 CSS px, where the page itself must not
/// scroll sideways (1.4.10): no violation in any. `tests/a11y` holds the
/// script and its locked packages (`npm ci --prefix tests/a11y`, as
/// `.ci/run` does).
#[test]
#[ignore = "needs chromium, node and tests/a11y's packages"]
fn every_kind_of_document_passes_axe_core_at_two_widths() {
    let chromium = program(&["chromium", "chromium-browser", "google-chrome"]);
    let node = program(&["node"]);
    assert!(
        Path::new("tests/a11y/node_modules/axe-core").is_dir()
            && Path::new("tests/a11y/node_modules/puppeteer-core").is_dir(),
        "this test needs axe-core and puppeteer-core: `npm ci --prefix tests/a11y` (`.ci/run` does)"
    );
    let dir = tempfile::tempdir().unwrap();
    let kinds: &[(&str, &[&str])] = &[
        ("gap", &["gap", "alex-morgan"]),
        ("plan", &["plan", "alex-morgan"]),
        (
            "plan-organisation",
            &["plan", "riverside-care-home", "--role", "care-home"],
        ),
        ("gap-cherwell", &["gap", "dana-cole"]),
        ("team", &["team"]),
        ("team-summary", &["team", "--summary"]),
        ("history", &["history", "alex-morgan"]),
        ("calibrate", &["calibrate"]),
    ];
    let mut files = Vec::new();
    for (name, args) in kinds {
        let (stdout, _) = document(args);
        let file = dir.path().join(format!("{name}.html"));
        std::fs::write(&file, stdout).unwrap();
        files.push(file);
    }
    let output = Command::new(node)
        .arg("tests/a11y/check.mjs")
        .arg(&chromium)
        .args(&files)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let mut checked = 0;
    let mut problems = Vec::new();
    for line in String::from_utf8(output.stdout).unwrap().lines() {
        let result: serde_json::Value = serde_json::from_str(line).unwrap();
        checked += 1;
        for v in result["violations"].as_array().unwrap() {
            problems.push(format!(
                "{} at {} px: {} ({}) {}",
                result["file"].as_str().unwrap().rsplit('/').next().unwrap(),
                result["width"],
                v["rule"],
                v["help"],
                v["nodes"]
            ));
        }
    }
    assert_eq!(checked, kinds.len() * 2, "every document at both widths");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
