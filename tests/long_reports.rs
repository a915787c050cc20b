//! Snapshots of every report format on a longer timeline than tests/reports.rs uses:
//! the Geneva seed, the follow-up, and two later rounds (one over three days), so that
//! items stand unaddressed for several rounds ("not addressed in the last 3 rounds"),
//! a range of dates is shown, plurals are counted past one, and, with `--rounds 2`,
//! the earlier rounds are grouped in the table, Markdown and HTML.

mod common;

use common::TestEnv;

const FOLLOW_UP: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/follow-up.toml");
const LATER: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/later-rounds.toml"
);

/// Four rounds held and one scheduled.
fn long_timeline() -> TestEnv {
    let env = TestEnv::seeded();
    env.ok(["import", FOLLOW_UP, LATER]);
    env
}

/// The report in `format`, with `extra` arguments, at a fixed width.
fn report(env: &TestEnv, format: &str, extra: &[&str]) -> String {
    let mut args = vec!["report", "--format", format];
    args.extend_from_slice(extra);
    let out = env
        .cmd()
        .env("COLUMNS", "100")
        .args(&args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn snapshot_every_format_on_a_longer_timeline() {
    let env = long_timeline();
    let table = report(&env, "table", &[]);
    // What this timeline is for: plurals past one, ranges, staleness.
    assert!(table.contains("4 rounds held"), "{table}");
    assert!(table.contains("Vienna, 9–11 Feb 2026"), "{table}");
    assert!(
        table.contains("not addressed in the last 3 rounds"),
        "{table}"
    );
    // A source cited for two rounds as a whole names both, apart.
    let markdown = report(&env, "markdown", &[]);
    assert!(
        markdown.contains(
            "cited for the rounds at Geneva, 5 Dec 2025 and Vienna, 9–11 Feb 2026 as a whole"
        ),
        "{markdown}"
    );
    insta::assert_snapshot!("long_report_table", table);
    for format in ["markdown", "json", "csv", "html"] {
        insta::assert_snapshot!(format!("long_report_{format}"), report(&env, format, &[]));
    }
}

#[test]
fn snapshot_the_formats_that_group_earlier_rounds() {
    let env = long_timeline();
    for format in ["table", "markdown", "html"] {
        insta::assert_snapshot!(
            format!("long_report_{format}_latest_2_rounds"),
            report(&env, format, &["--rounds", "2"])
        );
    }
}
