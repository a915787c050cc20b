//! The HTML report in a real browser: headless Chromium loads the page from disk with
//! no network and shows the chart, the items, the sources, and hostile notes as text.

mod common;

use std::process::Command;

use common::TestEnv;

const FOLLOW_UP: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/follow-up.toml");
const HOSTILE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/hostile.toml");

fn chromium() -> Option<&'static str> {
    ["chromium", "chromium-browser"].into_iter().find(|name| {
        Command::new(name)
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
    })
}

#[test]
fn the_html_report_renders_in_headless_chromium() {
    let Some(browser) = chromium() else {
        assert!(
            std::env::var_os("CI").is_none(),
            "chromium is required in CI (.ci/run installs it)"
        );
        eprintln!("note: chromium is not installed; skipping the browser test");
        return;
    };
    let env = TestEnv::seeded();
    env.ok(["import", FOLLOW_UP]);
    env.import_hostile(HOSTILE);
    let page = env.path("report.html");
    env.ok(["report", "--format", "html", "-o", page.to_str().unwrap()]);
    let profile = tempfile::tempdir().unwrap();

    let out = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-dev-shm-usage",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg("--dump-dom")
        .arg(format!("file://{}", page.display()))
        .output()
        .expect("run chromium");
    let dom = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success() && dom.contains("</html>"),
        "chromium failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    // The chart, with a cell per item and round and the legend.
    assert!(dom.contains("<svg"), "no chart in:\n{dom}");
    assert!(dom.contains("Prisoner exchanges at follow-up-2025-12-05: Progressing"));
    assert!(dom.contains("Preliminary agreement"), "the legend");
    // The per-item table and the sections.
    assert!(dom.contains("id=\"item-prisoner-exchanges\""));
    assert!(dom.contains("What moved at the latest round"));
    // The sources with their addresses.
    assert!(dom.contains("https://example.org/fixture-wire/2025-12-05"));
    // Hostile notes are text: shown escaped, never run, never markup.
    assert!(
        dom.contains("&lt;script&gt;document.body.setAttribute('data-pwned','1')&lt;/script&gt;")
    );
    assert!(!dom.contains("data-pwned=\"1\""), "a note's script ran");
    assert!(
        !dom.to_lowercase().contains("<script"),
        "a script element exists"
    );
    assert!(!dom.contains("<img"), "an image element exists");
    assert!(!dom.contains("<b>Bold</b>"), "a round title became markup");

    // On paper: the print stylesheet lays it out as a PDF.
    let pdf = env.path("report.pdf");
    let out = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-dev-shm-usage",
            "--no-pdf-header-footer",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg(format!("--print-to-pdf={}", pdf.display()))
        .arg(format!("file://{}", page.display()))
        .output()
        .expect("run chromium");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let bytes = std::fs::read(&pdf).expect("chromium wrote the PDF");
    assert!(bytes.starts_with(b"%PDF-"), "not a PDF");
    assert!(
        bytes.len() > 10_000,
        "a near-empty PDF ({} bytes)",
        bytes.len()
    );
}
