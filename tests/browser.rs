//! The HTML report in a real browser: headless Chromium loads the page from disk with
//! no network and shows the chart, the items, the sources, and hostile notes as text;
//! the page fits a phone and a desktop without scrolling sideways, its chart cells are
//! a readable size, a long timeline prints in a bounded number of pages, and
//! screenshots are left for a reviewer in `target/screenshots/`.
//!
//! Measurements are taken by a small script injected into a copy of the page (the
//! report itself runs no script and its Content-Security-Policy forbids one): it writes
//! what it measured into the DOM, which `--dump-dom` hands back.
//!
//! Without chromium the tests are skipped with a note, except in CI (`CI` set), where
//! a missing browser is a failure.

mod common;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use common::TestEnv;
use serde_json::Value;

const FOLLOW_UP: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/follow-up.toml");
const HOSTILE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/hostile.toml");

fn chromium() -> Option<&'static str> {
    let found = ["chromium", "chromium-browser"].into_iter().find(|name| {
        Command::new(name)
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
    });
    if found.is_none() {
        assert!(
            std::env::var_os("CI").is_none(),
            "chromium is required in CI (.ci/run installs it)"
        );
        // Written to the process's standard error itself: libtest captures what the
        // print macros write, so `eprintln!` would hide the skip from a normal run.
        let _ = writeln!(
            std::io::stderr(),
            "note: chromium is not installed; skipping the browser test (in CI, with CI set, this fails)"
        );
    }
    found
}

/// Runs headless Chromium on a page with no network, in a profile of its own.
fn run(browser: &str, page: &Path, args: &[String]) -> Output {
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
            "--hide-scrollbars",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .args(args)
        .arg(format!("file://{}", page.display()))
        .output()
        .expect("run chromium");
    assert!(
        out.status.success(),
        "chromium failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// Where screenshots are left for a reviewer: `target/screenshots/`.
fn screenshots() -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .expect("the target folder")
        .join("screenshots");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn screenshot(browser: &str, page: &Path, name: &str, width: u32, height: u32) -> PathBuf {
    let path = screenshots().join(format!("{name}-{width}.png"));
    run(
        browser,
        page,
        &[
            format!("--window-size={width},{height}"),
            format!("--screenshot={}", path.display()),
        ],
    );
    assert!(
        std::fs::metadata(&path).is_ok_and(|m| m.len() > 5_000),
        "no screenshot at {}",
        path.display()
    );
    println!("screenshot: {}", path.display());
    path
}

/// What the injected script reports about the page laid out at one window width.
const MEASURE: &str = r#"<script>
addEventListener('load', () => {
  const root = document.documentElement;
  const area = document.querySelector('.chart-area');
  const cells = [...document.querySelectorAll('.grid tbody td:not([colspan])')];
  const size = cells.map(c => c.getBoundingClientRect());
  const label = document.querySelector('.grid tbody th.lab');
  const item = document.querySelector('article.item');
  const out = {
    window: innerWidth,
    page: root.scrollWidth,
    overflowing: [...document.body.querySelectorAll('*')]
      .filter(e => !e.closest('.chart-area') && e.getBoundingClientRect().right > innerWidth + 1)
      .slice(0, 5).map(e => e.tagName + '.' + e.className),
    chart_visible: area.clientWidth,
    chart_content: area.scrollWidth,
    cell_min_width: Math.min(...size.map(r => r.width)),
    cell_min_height: Math.min(...size.map(r => r.height)),
    cells: cells.length,
    label_position: getComputedStyle(label).position,
    item_display: getComputedStyle(item).display,
    item_border: getComputedStyle(item).borderTopStyle,
  };
  const pre = document.createElement('pre');
  pre.id = 'measured';
  pre.textContent = JSON.stringify(out);
  document.body.append(pre);
});
</script>"#;

/// Lays out a copy of the page, with the measuring script (and `extra_css`), at a
/// window width, and returns what the script measured.
fn measure(browser: &str, page: &Path, width: u32, extra_css: &str) -> Value {
    let html = std::fs::read_to_string(page).unwrap();
    let copy = page.with_extension(format!("measured-{width}.html"));
    let html = html
        .replace(
            "content=\"default-src 'none'; style-src 'unsafe-inline'\"",
            "content=\"default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'\"",
        )
        .replace(
            "</body>",
            &format!("<style>{extra_css}</style>{MEASURE}</body>"),
        );
    std::fs::write(&copy, html).unwrap();
    let out = run(
        browser,
        &copy,
        &[
            format!("--window-size={width},900"),
            "--virtual-time-budget=2000".into(),
            "--dump-dom".into(),
        ],
    );
    let dom = String::from_utf8_lossy(&out.stdout);
    let json = dom
        .split("<pre id=\"measured\">")
        .nth(1)
        .and_then(|rest| rest.split("</pre>").next())
        .unwrap_or_else(|| panic!("nothing measured in:\n{dom}"));
    serde_json::from_str(&json.replace("&quot;", "\"").replace("&amp;", "&")).unwrap()
}

/// Whether the page does not scroll sideways, its chart cells are readable, and the
/// chart's labels stay put while it scrolls in its own area; if not, why.
fn fits(m: &Value, what: &str) -> Result<(), String> {
    let (window, page) = (m["window"].as_f64().unwrap(), m["page"].as_f64().unwrap());
    if page > window || m["overflowing"] != serde_json::json!([]) {
        return Err(format!(
            "{what}: the page is {page}px wide in a {window}px window: {}",
            m["overflowing"]
        ));
    }
    let (w, h) = (
        m["cell_min_width"].as_f64().unwrap(),
        m["cell_min_height"].as_f64().unwrap(),
    );
    if w < 24.0 || h < 18.0 {
        return Err(format!("{what}: chart cells {w}×{h}px, below 24×18"));
    }
    if m["label_position"] != "sticky" {
        return Err(format!("{what}: the item labels scroll away"));
    }
    Ok(())
}

fn assert_fits(m: &Value, what: &str) {
    if let Err(why) = fits(m, what) {
        panic!("{why}");
    }
}

/// Pages in a PDF that Chromium wrote.
fn pdf_pages(pdf: &[u8]) -> usize {
    let marker = b"/Type /Page";
    pdf.windows(marker.len() + 1)
        .filter(|w| w.starts_with(marker) && w[marker.len()] != b's')
        .count()
}

fn print(browser: &str, page: &Path) -> Vec<u8> {
    let pdf = page.with_extension("pdf");
    run(
        browser,
        page,
        &[
            "--no-pdf-header-footer".into(),
            format!("--print-to-pdf={}", pdf.display()),
        ],
    );
    let bytes = std::fs::read(&pdf).expect("chromium wrote the PDF");
    assert!(bytes.starts_with(b"%PDF-"), "not a PDF");
    bytes
}

/// A varied timeline: `items` agenda items and `rounds` held rounds a few days apart,
/// each addressing about half the items, whose statuses mostly hold, sometimes climb
/// the ladder and sometimes fall into a setback. Deterministic.
fn varied_timeline(rounds: usize, items: usize) -> String {
    const STATUSES: [&str; 10] = [
        "proposed",
        "discussed",
        "progressing",
        "preliminary",
        "agreed",
        "implementing",
        "implemented",
        "contested",
        "stalled",
        "dropped",
    ];
    let mut seed: u64 = 0x5eed;
    let mut next = move |n: u64| {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (seed >> 33) % n
    };
    let places = ["Geneva", "Istanbul", "Vienna", "Doha", "Oslo", "Riyadh"];
    let mut out = String::from(
        "[process]\nslug = \"varied\"\nname = \"A long negotiation\"\n\n\
         [[source]]\nslug = \"varied-wire\"\noutlet = \"Wire\"\nreliability = \"B\"\n\n",
    );
    for i in 0..items {
        out.push_str(&format!(
            "[[item]]\nslug = \"item-{i}\"\ntitle = \"Agenda item number {i}\"\n\n"
        ));
    }
    let mut status = vec![0usize; items];
    for r in 0..rounds {
        let day =
            chrono::NaiveDate::from_ymd_opt(2015, 1, 1).unwrap() + chrono::Days::new(r as u64 * 9);
        out.push_str(&format!(
            "[[round]]\nslug = \"round-{r}\"\ntitle = \"Round {r}\"\ndate = \"{day}\"\n\
             location = \"{}\"\nstate = \"held\"\nsources = [\"varied-wire\"]\n\n",
            places[r % places.len()]
        ));
        for (i, s) in status.iter_mut().enumerate() {
            if r > 0 && next(2) == 0 {
                continue;
            }
            *s = match next(100) {
                0..=79 => *s,
                80..=91 if *s < 6 => *s + 1,
                80..=91 => next(3) as usize,
                _ => 7 + next(3) as usize,
            };
            out.push_str(&format!(
                "[[round.status]]\nitem = \"item-{i}\"\nstatus = \"{}\"\n\n",
                STATUSES[*s]
            ));
        }
    }
    out
}

#[test]
fn the_html_report_renders_in_headless_chromium() {
    let Some(browser) = chromium() else { return };
    let env = TestEnv::seeded();
    env.ok(["import", FOLLOW_UP]);
    env.import_hostile(HOSTILE);
    let page = env.path("report.html");
    env.ok(["report", "--format", "html", "-o", page.to_str().unwrap()]);

    let out = run(browser, &page, &["--dump-dom".into()]);
    let dom = String::from_utf8_lossy(&out.stdout);
    assert!(dom.contains("</html>"), "no page: {dom}");
    // The summary first, then the chart, then the detail.
    let at = |needle: &str| {
        dom.find(needle)
            .unwrap_or_else(|| panic!("{needle} missing"))
    };
    assert!(at("id=\"summary\"") < at("id=\"chart\""));
    assert!(at("id=\"chart\"") < at("id=\"items\""));
    // A chart cell per record, with its movement, and the legend.
    assert!(dom.contains("title=\"Progressing, advanced: recorded at Geneva, 5 Dec 2025\""));
    assert!(dom.contains("<i>▲3</i>"), "the advance is marked");
    assert!(dom.contains("<i>▼≠</i>"), "the regression is marked");
    assert!(dom.contains("Preliminary agreement"), "the legend");
    // The items and the sections.
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

    // On paper: A4, numbered pages, the report's date.
    let pdf = print(browser, &page);
    assert!(pdf.len() > 10_000, "a near-empty PDF ({} bytes)", pdf.len());
    let pages = pdf_pages(&pdf);
    assert!((2..=8).contains(&pages), "{pages} pages");
    let a4 = b"/MediaBox [0 0 594.95996 841.91998]";
    assert!(pdf.windows(a4.len()).any(|w| w == a4), "not A4 portrait");
    // What the pages say, where poppler's pdftotext can read them: each page numbered
    // and dated in its margins, and a first page that holds the summary and the chart's
    // start rather than a title alone.
    let pdf_path = page.with_extension("pdf");
    if let Some(first) = pdf_text(&pdf_path, 1) {
        let date = "Report of 24 Nov 2025";
        assert!(first.contains(&format!("Page 1 of {pages}")), "{first}");
        assert!(
            first.matches(date).count() >= 2,
            "the date in the margin: {first}"
        );
        for part in ["Summary", "Contested or stalled", "Status by round"] {
            assert!(first.contains(part), "page 1 lacks {part}: {first}");
        }
        let last = pdf_text(&pdf_path, pages).unwrap();
        assert!(last.contains(&format!("Page {pages} of {pages}")), "{last}");
    }
}

/// The text of one page of a PDF, by poppler's `pdftotext`; None (with a note) where it
/// is not installed.
fn pdf_text(pdf: &Path, page: usize) -> Option<String> {
    let page = page.to_string();
    match Command::new("pdftotext")
        .args(["-f", &page, "-l", &page, "-layout"])
        .arg(pdf)
        .arg("-")
        .output()
    {
        Ok(out) if out.status.success() => Some(String::from_utf8_lossy(&out.stdout).into_owned()),
        Ok(out) => panic!("pdftotext failed: {}", String::from_utf8_lossy(&out.stderr)),
        Err(e) => {
            let _ = writeln!(
                std::io::stderr(),
                "note: pdftotext could not run ({e}); the printed pages' text is not checked"
            );
            None
        }
    }
}

/// The Geneva report and a 40-item, 300-round timeline, at a phone's width and a
/// desktop's: no sideways scroll of the page, readable chart cells, labels that stay
/// put, items as cards on the phone, and the long chart within one screen's width.
#[test]
fn the_page_fits_a_phone_and_a_desktop() {
    let Some(browser) = chromium() else { return };
    let env = TestEnv::seeded();
    env.ok(["import", FOLLOW_UP]);
    let geneva = env.path("geneva.html");
    env.ok(["report", "--format", "html", "-o", geneva.to_str().unwrap()]);

    let long = TestEnv::empty();
    let file = long.write("long.toml", &varied_timeline(300, 40));
    long.ok(["import", file.to_str().unwrap()]);
    let timeline = long.path("timeline.html");
    long.ok([
        "report",
        "--format",
        "html",
        "-o",
        timeline.to_str().unwrap(),
    ]);

    for (page, name) in [(&geneva, "geneva"), (&timeline, "timeline-40x300")] {
        for width in [420, 1400] {
            let m = measure(browser, page, width, "");
            assert_fits(&m, &format!("{name} at {width}px"));
            if width == 420 {
                assert_eq!(m["item_display"], "block", "{name}: items are cards");
                assert_eq!(m["item_border"], "solid", "{name}: items are cards");
            } else {
                assert_eq!(
                    m["chart_content"], m["chart_visible"],
                    "{name}: the chart fits a 1400px screen without scrolling"
                );
            }
            screenshot(browser, page, name, width, 2400);
        }
    }
    // The long timeline's default chart: the latest 12 rounds and one grouped column.
    let html = std::fs::read_to_string(&timeline).unwrap();
    assert_eq!(html.matches("<th class=\"r").count(), 12);
    assert!(html.contains("earlier: 288 rounds"));
}

/// The measurements catch what they are for: a chart that spills out of its area
/// makes the page scroll sideways, and the check fails.
#[test]
fn the_overflow_check_catches_a_chart_that_spills_out() {
    let Some(browser) = chromium() else { return };
    let env = TestEnv::empty();
    let file = env.write("long.toml", &varied_timeline(60, 10));
    env.ok(["import", file.to_str().unwrap()]);
    let page = env.path("report.html");
    env.ok([
        "report",
        "--format",
        "html",
        "--rounds",
        "all",
        "-o",
        page.to_str().unwrap(),
    ]);
    let fine = measure(browser, &page, 1400, "");
    assert_fits(&fine, "60 rounds in their own scrolling area");
    assert!(
        fine["chart_content"].as_f64() > fine["chart_visible"].as_f64(),
        "60 rounds scroll sideways inside the chart's area"
    );
    let broken = measure(
        browser,
        &page,
        1400,
        ".chart-area { overflow: visible !important; max-width: none !important; }",
    );
    let verdict = fits(&broken, "a spilling chart");
    assert!(
        verdict.as_ref().is_err_and(|why| why.contains("px wide")),
        "a chart wider than the page went unnoticed: {broken}"
    );
}

/// A 300-round timeline prints in a bounded number of pages, whole or windowed.
#[test]
fn a_long_timeline_prints_in_a_bounded_number_of_pages() {
    let Some(browser) = chromium() else { return };
    let env = TestEnv::empty();
    let file = env.write("long.toml", &varied_timeline(300, 40));
    env.ok(["import", file.to_str().unwrap()]);
    for (rounds, most) in [("12", 16), ("all", 24)] {
        let page = env.path(&format!("rounds-{rounds}.html"));
        env.ok([
            "report",
            "--format",
            "html",
            "--rounds",
            rounds,
            "-o",
            page.to_str().unwrap(),
        ]);
        let pages = pdf_pages(&print(browser, &page));
        assert!(
            pages <= most,
            "--rounds {rounds}: {pages} pages, more than {most}"
        );
        if rounds == "12" {
            let shot = screenshots().join("timeline-40x300-print.pdf");
            std::fs::copy(page.with_extension("pdf"), &shot).unwrap();
            println!("printed: {}", shot.display());
        }
    }
}
