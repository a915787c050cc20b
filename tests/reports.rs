//! Reports on a fixture of the Geneva round plus a follow-up round that moves items:
//! snapshots of every format, and what each format must show.

mod common;

use common::TestEnv;
use serde_json::Value;

pub const FOLLOW_UP: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/follow-up.toml");
pub const HOSTILE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/hostile.toml");

/// The Geneva seed, then the follow-up round.
fn fixture() -> TestEnv {
    let env = TestEnv::seeded();
    env.ok(["import", FOLLOW_UP]);
    env
}

fn item<'a>(report: &'a Value, slug: &str) -> &'a Value {
    report["items"]
        .as_array()
        .expect("items")
        .iter()
        .find(|i| i["item"] == slug)
        .unwrap_or_else(|| panic!("{slug} missing"))
}

#[test]
fn snapshot_table() {
    insta::assert_snapshot!("report_table", fixture().ok(["report"]));
}

#[test]
fn snapshot_markdown() {
    insta::assert_snapshot!(
        "report_markdown",
        fixture().ok(["report", "--format", "markdown"])
    );
}

#[test]
fn snapshot_json() {
    insta::assert_snapshot!("report_json", fixture().ok(["report", "--format", "json"]));
}

#[test]
fn snapshot_csv() {
    insta::assert_snapshot!("report_csv", fixture().ok(["report", "--format", "csv"]));
}

#[test]
fn snapshot_html() {
    insta::assert_snapshot!("report_html", fixture().ok(["report", "--format", "html"]));
}

#[test]
fn the_json_gives_the_trajectory_and_the_movement_of_a_moved_item() {
    let report = fixture().json(["report", "--format", "json"]);
    let prisoners = item(&report, "prisoner-exchanges");
    assert_eq!(prisoners["status"], "progressing");
    assert_eq!(prisoners["movement"], "advanced");
    assert_eq!(prisoners["previous_status"], "proposed");
    assert_eq!(prisoners["round"], "follow-up-2025-12-05");
    assert_eq!(
        prisoners["trajectory"],
        serde_json::json!([
            { "round": "geneva-2025-11-23", "status": "proposed", "corrected": false },
            { "round": "follow-up-2025-12-05", "status": "progressing", "corrected": false },
        ])
    );
    assert_eq!(prisoners["source_count"], 1);
    assert_eq!(prisoners["weakest_reliability"], "C");
    let stances: Vec<(&str, &str)> = prisoners["stances"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| (s["party"].as_str().unwrap(), s["stance"].as_str().unwrap()))
        .collect();
    assert_eq!(stances, [("ukraine", "red_line"), ("us", "supports")]);

    assert_eq!(
        item(&report, "localized-ceasefires")["movement"],
        "regressed"
    );
    assert_eq!(
        item(&report, "territorial-questions")["movement"],
        "unchanged"
    );
    assert_eq!(item(&report, "territorial-questions")["setback_rounds"], 2);
    assert_eq!(item(&report, "energy-infrastructure")["movement"], "new");
    // Two sources graded C and D: the weakest is D.
    assert_eq!(
        item(&report, "humanitarian-coordination")["weakest_reliability"],
        "D"
    );

    assert_eq!(report["latest_round"], "follow-up-2025-12-05");
    assert_eq!(report["next_round"]["round"], "next-round-2026-01");
    let moved: Vec<(&str, &str)> = report["moved"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| (m["item"].as_str().unwrap(), m["movement"].as_str().unwrap()))
        .collect();
    assert!(
        moved.contains(&("prisoner-exchanges", "advanced")),
        "{moved:?}"
    );
    assert!(moved.contains(&("localized-ceasefires", "regressed")));
    assert!(moved.contains(&("energy-infrastructure", "new")));
    assert!(!moved.iter().any(|(i, _)| *i == "dialogue-channels"));
    let territorial = report["setbacks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["item"] == "territorial-questions")
        .expect("territorial questions are a setback");
    assert_eq!(territorial["rounds"], 2);
    assert_eq!(territorial["since_round"], "geneva-2025-11-23");
}

#[test]
fn the_csv_has_item_and_status_columns_and_no_cell_a_spreadsheet_would_run() {
    let env = fixture();
    env.import_hostile(HOSTILE);
    let text = env.ok(["report", "--format", "csv"]);
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let headers = reader.headers().unwrap().clone();
    let col = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let (item_col, status_col) = (col("item"), col("status"));
    let mut rows = 0;
    let mut saw_hostile = false;
    for record in reader.records() {
        let record = record.unwrap();
        rows += 1;
        for cell in record.iter() {
            // Numbers (a rank of -1) are numbers to a spreadsheet, not formulas.
            assert!(
                cell.parse::<f64>().is_ok() || !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                "a spreadsheet would run {cell:?}"
            );
        }
        if &record[item_col] == "prisoner-exchanges" {
            assert_eq!(&record[status_col], "stalled");
            assert!(record.iter().any(|c| c == "'@SUM(1+1) +1 -1 =1+1"));
        }
        if &record[item_col] == "hostile-item" {
            saw_hostile = true;
            assert!(record.iter().any(|c| c == "'=cmd|' /C calc'!A0"));
        }
    }
    assert!(saw_hostile);
    assert_eq!(rows, 16, "one row per agenda item");
}

#[test]
fn the_markdown_holds_a_table_and_escapes_user_text() {
    let env = fixture();
    env.import_hostile(HOSTILE);
    let text = env.ok(["report", "--format", "markdown"]);
    assert!(text.contains("\n| Agenda item | Status |"), "{text}");
    assert!(text.contains("\n|---|---|"));
    assert!(text.contains("| Prisoner exchanges | Stalled |"));
    assert!(!text.contains("<script>"), "raw markup in:\n{text}");
    assert!(text.contains("&lt;script&gt;"));
    assert!(text.contains("\\*not bold\\*"));
    assert!(text.contains("\\[link\\]"));
    // The hostile item's row has as many cells as the header.
    let row = text
        .lines()
        .find(|l| l.contains("cmd"))
        .expect("the hostile item's row");
    assert_eq!(row.matches(" | ").count(), 7, "{row}");
}

#[test]
fn the_html_is_self_contained_and_escapes_user_text() {
    let env = fixture();
    env.import_hostile(HOSTILE);
    let html = env.ok(["report", "--format", "html"]);
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.contains("<svg"), "an inline SVG chart");
    assert!(html.contains("Content-Security-Policy"));
    assert!(html.contains("@media print"));
    let lower = html.to_lowercase();
    for loads in [
        "<script",
        "<link",
        "<img",
        "<iframe",
        "@import",
        "url(",
        "src=\"",
        "href=\"//",
    ] {
        assert!(!lower.contains(loads), "the page holds {loads}");
    }
    assert!(html.contains("&lt;script&gt;document.body.setAttribute"));
    assert!(html.contains("&lt;img src=x onerror=alert(1)&gt; Outlet"));
    assert!(
        !html.contains("href=\"javascript:"),
        "only http(s) addresses become links"
    );
    assert!(html.contains(
        "<a href=\"https://example.org/fixture-wire/2025-12-05\">https://example.org/fixture-wire/2025-12-05</a>"
    ));
}

#[test]
fn the_terminal_table_fits_100_columns_without_colour() {
    let env = fixture();
    env.import_hostile(HOSTILE);
    let table = env.ok(["report"]);
    assert!(table.lines().all(|l| l.chars().count() <= 100), "{table}");
    assert!(
        !table.contains('\u{1b}'),
        "an escape sequence reached the terminal"
    );
    assert!(!table.contains('\u{7}'));
    assert!(table.contains("Escape \\u{1b}[31mred"), "{table}");
    let sql = env.ok([
        "sql",
        "SELECT title, note FROM current_status JOIN agenda_item USING (agenda_item_id)",
    ]);
    assert!(
        !sql.contains('\u{1b}'),
        "an escape sequence reached the terminal"
    );
    assert!(sql.contains("\\u{1b}[2J cleared"), "{sql}");
    for section in [
        "What moved at the latest round (hostile-round)",
        "Contested or stalled",
        "Open commitments",
        "Next round",
        "first-prisoner-swap",
        "Third round (next-round-2026-01): 2026-01, Geneva",
    ] {
        assert!(table.contains(section), "{section} missing:\n{table}");
    }
}

#[test]
fn since_limits_the_rounds_the_report_covers() {
    let env = fixture();
    let report = env.json(["report", "--format", "json", "--since", "latest"]);
    assert_eq!(report["since"], "follow-up-2025-12-05");
    let rounds: Vec<&str> = report["rounds"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["round"].as_str().unwrap())
        .collect();
    assert_eq!(rounds, ["follow-up-2025-12-05", "next-round-2026-01"]);
    let prisoners = item(&report, "prisoner-exchanges");
    assert_eq!(prisoners["trajectory"].as_array().unwrap().len(), 1);
    assert_eq!(
        prisoners["movement"], "advanced",
        "movement still counts earlier rounds"
    );
    assert_eq!(item(&report, "dialogue-channels")["status"], "agreed");
    assert!(
        report["commitments"]
            .as_array()
            .unwrap()
            .iter()
            .all(|c| c["round"] == "follow-up-2025-12-05")
    );

    let by_number = env.json(["report", "--format", "json", "--since", "2"]);
    assert_eq!(by_number["since"], "follow-up-2025-12-05");
    let err = env.fails(["report", "--since", "folow-up-2025-12-05"]);
    assert!(err.contains("--since"), "{err}");
    assert!(
        err.contains("follow-up-2025-12-05"),
        "suggests the nearest: {err}"
    );
}

#[test]
fn as_of_shows_what_was_known_before_the_follow_up() {
    let mut env = TestEnv::seeded();
    env.now = "2025-12-06T10:00:00Z".into();
    env.ok(["import", FOLLOW_UP]);
    let then = env.json(["report", "--format", "json", "--as-of", "2025-11-30"]);
    assert_eq!(item(&then, "prisoner-exchanges")["status"], "proposed");
    assert_eq!(item(&then, "prisoner-exchanges")["movement"], "new");
    let now = env.json(["report", "--format", "json"]);
    assert_eq!(item(&now, "prisoner-exchanges")["status"], "progressing");
}

#[test]
fn output_goes_to_a_file_with_o() {
    let env = fixture();
    let path = env.path("report.html");
    let stdout = env.ok(["report", "--format", "html", "-o", path.to_str().unwrap()]);
    assert!(stdout.is_empty());
    let html = std::fs::read_to_string(&path).unwrap();
    assert!(html.contains("<svg"));
}

#[test]
fn diff_names_the_moved_items_new_items_and_changed_stances() {
    let env = fixture();
    let rows = env.json(["diff", "previous", "latest", "--format", "json"]);
    let rows = rows.as_array().unwrap();
    let find = |change: &str, item: &str| {
        rows.iter()
            .find(|r| r["change"] == change && r["item"] == item)
            .unwrap_or_else(|| panic!("{change} {item} missing: {rows:?}"))
    };
    let prisoners = find("status", "prisoner-exchanges");
    assert_eq!(prisoners["before"], "proposed");
    assert_eq!(prisoners["after"], "progressing");
    assert_eq!(prisoners["movement"], "advanced");
    assert_eq!(
        find("status", "localized-ceasefires")["movement"],
        "regressed"
    );
    assert_eq!(find("new", "energy-infrastructure")["after"], "proposed");
    let stance = find("stance", "localized-ceasefires");
    assert_eq!(stance["party"], "ukraine");
    assert_eq!(stance["after"], "opposes");
    assert!(
        !rows.iter().any(|r| r["item"] == "territorial-questions"),
        "an unchanged status is not a change"
    );
    let table = env.ok(["diff", "1", "2"]);
    assert!(table.contains("prisoner-exchanges"), "{table}");
    insta::assert_snapshot!("diff_previous_latest", table);
    assert_eq!(
        env.ok(["diff", "latest", "latest", "--format", "csv"])
            .lines()
            .count(),
        1
    );
    let err = env.fails(["diff", "genva-2025-11-23", "latest"]);
    assert!(err.contains("geneva-2025-11-23"), "{err}");
}

/// The follow-up round again, correcting the prisoner-exchange status, recorded later.
const CORRECTION: &str = r#"
[process]
slug = "ukraine-peace"

[[round]]
slug = "follow-up-2025-12-05"
title = "Follow-up talks"
date = "2025-12-05"
location = "Geneva"
format = "bilateral"
level = "senior_officials"
state = "held"
summary = "The delegations exchanged prisoner lists and agreed the humanitarian mechanism; localized ceasefires were disputed."
sources = ["fixture-wire-2025-12-05"]

[[round.status]]
item = "prisoner-exchanges"
status = "discussed"
note = "Correction: lists were discussed, not yet exchanged."
"#;

#[test]
fn the_timeline_marks_corrections() {
    let mut env = fixture();
    env.now = "2025-12-07T08:00:00Z".into();
    let file = env.write("correction.toml", CORRECTION);
    env.ok(["import", file.to_str().unwrap()]);

    let rows = env.json(["timeline", "prisoner-exchanges", "--format", "json"]);
    let rows = rows.as_array().unwrap();
    let events: Vec<(&str, &str, &str)> = rows
        .iter()
        .map(|r| {
            (
                r["round"].as_str().unwrap(),
                r["event"].as_str().unwrap(),
                r["status"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        events,
        [
            ("geneva-2025-11-23", "status", "proposed"),
            ("follow-up-2025-12-05", "corrected", "progressing"),
            ("follow-up-2025-12-05", "correction", "discussed"),
        ]
    );
    assert_eq!(rows[1]["recorded_at"], "2025-11-24T09:00:00.000Z");
    assert_eq!(rows[2]["recorded_at"], "2025-12-07T08:00:00.000Z");
    assert_eq!(rows[2]["movement"], "advanced");
    assert!(rows[1]["movement"].is_null());

    let report = env.json(["report", "--format", "json"]);
    let prisoners = item(&report, "prisoner-exchanges");
    assert_eq!(prisoners["status"], "discussed");
    assert_eq!(prisoners["trajectory"][1]["corrected"], true);

    let all = env.json(["timeline", "--format", "json"]);
    let all = all.as_array().unwrap();
    let rounds: Vec<&str> = all
        .iter()
        .filter(|r| r["event"].as_str().unwrap().starts_with("round"))
        .map(|r| r["round"].as_str().unwrap())
        .collect();
    assert_eq!(
        rounds,
        [
            "geneva-2025-11-23",
            "follow-up-2025-12-05",
            "next-round-2026-01"
        ]
    );
    assert_eq!(all[0]["event"], "round held");
    assert_eq!(all.last().unwrap()["event"], "round scheduled");
    insta::assert_snapshot!(
        "timeline_prisoner_exchanges",
        env.ok(["timeline", "prisoner-exchanges", "--format", "csv"])
    );
    let err = env.fails(["timeline", "prisoner-exchange"]);
    assert!(err.contains("prisoner-exchanges"), "{err}");
}

/// Runs `parley report` on a pseudo-terminal (util-linux `script`), so that standard
/// output is a terminal; None when `script` is not installed.
fn report_on_a_terminal(env: &TestEnv, no_color: bool) -> Option<String> {
    let mut cmd = std::process::Command::new("script");
    cmd.env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("PARLEY_DB", &env.db)
        .env("PARLEY_NOW", &env.now)
        .env("TERM", "xterm-256color")
        .args([
            "-qec",
            &format!("{} report", env!("CARGO_BIN_EXE_parley")),
            "/dev/null",
        ]);
    if no_color {
        cmd.env("NO_COLOR", "1");
    }
    let out = cmd.output().ok()?;
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    Some(String::from_utf8_lossy(&out.stdout).into_owned())
}

#[test]
fn statuses_are_coloured_on_a_terminal_but_never_under_no_color() {
    let env = fixture();
    let Some(coloured) = report_on_a_terminal(&env, false) else {
        eprintln!("note: `script` is not installed; skipping the terminal test");
        return;
    };
    assert!(
        coloured.contains("\u{1b}["),
        "no colour on a terminal:\n{coloured}"
    );
    assert!(coloured.contains("Progressing"));
    let plain = report_on_a_terminal(&env, true).unwrap();
    assert!(!plain.contains('\u{1b}'), "colour under NO_COLOR:\n{plain}");
    assert!(plain.contains("Progressing"));
}
