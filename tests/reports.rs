//! Reports on a fixture of the Geneva round plus a follow-up round that moves items:
//! snapshots of every format, and what each format must show.

mod common;

use common::TestEnv;
use serde_json::Value;

pub const FOLLOW_UP: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/follow-up.toml");
pub const HOSTILE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/hostile.toml");
pub const LATER: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/later-rounds.toml"
);

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
fn snapshot_seed_table() {
    insta::assert_snapshot!("seed_report_table", TestEnv::seeded().ok(["report"]));
}

#[test]
fn snapshot_seed_markdown() {
    insta::assert_snapshot!(
        "seed_report_markdown",
        TestEnv::seeded().ok(["report", "--format", "markdown"])
    );
}

#[test]
fn snapshot_seed_json() {
    insta::assert_snapshot!(
        "seed_report_json",
        TestEnv::seeded().ok(["report", "--format", "json"])
    );
}

#[test]
fn snapshot_seed_csv() {
    insta::assert_snapshot!(
        "seed_report_csv",
        TestEnv::seeded().ok(["report", "--format", "csv"])
    );
}

#[test]
fn snapshot_seed_html() {
    insta::assert_snapshot!(
        "seed_report_html",
        TestEnv::seeded().ok(["report", "--format", "html"])
    );
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
    assert!(html.contains("<table class=\"grid"), "the chart");
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
    assert!(
        html.contains("&lt;b&gt;Bold&lt;/b&gt; round"),
        "a round title is text"
    );
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
    assert!(
        table.lines().all(|l| parley::output::grid::width(l) <= 100),
        "{table}"
    );
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
        "What moved at the latest round (<b>Bold</b> round | with a pipe, 10 Dec 2025)",
        "Contested or stalled",
        "Open commitments",
        "Next round",
        "A first exchange of prisoners on the lists shared.",
        "Geneva, Jan 2026 (Third round)",
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
    assert_eq!(prisoners["earlier_status"], "proposed", "what stood before");
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
    assert!(html.contains("<table class=\"grid"));
    assert!(html.ends_with("</html>\n"));
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
    report_on_a_terminal_of(env, no_color, None)
}

/// The same, on a terminal `columns` wide when given.
fn report_on_a_terminal_of(env: &TestEnv, no_color: bool, columns: Option<u16>) -> Option<String> {
    let resize = columns.map_or(String::new(), |c| format!("stty cols {c} rows 50; "));
    let mut cmd = std::process::Command::new("script");
    cmd.env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("PARLEY_DB", env.db_arg())
        .env("PARLEY_NOW", &env.now)
        .env("TERM", "xterm-256color")
        .args([
            "-qec",
            &format!("{resize}{} report", env!("CARGO_BIN_EXE_parley")),
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

/// Every format that prints for people names parties, stances, kinds and rounds by
/// their names and labels, with proper plurals; JSON keeps the slugs.
#[test]
fn reports_print_names_and_labels_not_slugs() {
    let env = fixture();
    // Wide enough that no phrase wraps.
    let table = env
        .cmd()
        .env("COLUMNS", "250")
        .arg("report")
        .output()
        .unwrap();
    let table = String::from_utf8(table.stdout).unwrap();
    let markdown = env.ok(["report", "--format", "markdown"]);
    let html = env.ok(["report", "--format", "html"]);
    for (format, text) in [("table", &table), ("markdown", &markdown), ("html", &html)] {
        for wanted in [
            "United States: Proposes",
            "Ukraine: Red line",
            "Agreement in principle",
            "Binds: United States, Ukraine",
            "2 rounds held",
            "Geneva, 23 Nov 2025",
            "Preliminary agreement → Agreed",
        ] {
            assert!(text.contains(wanted), "{format} lacks {wanted:?}:\n{text}");
        }
        for slug in [
            "red_line",
            "agreement_in_principle",
            "us: proposes",
            "round(s)",
            "geneva-2025-11-23",
            "Binds: us",
        ] {
            let shown = if format == "html" {
                // Slugs stay in anchors (`id="round-geneva-2025-11-23"`), not in text.
                text.replace("id=\"round-geneva-2025-11-23\"", "")
            } else {
                text.to_string()
            };
            assert!(!shown.contains(slug), "{format} prints the slug {slug:?}");
        }
    }
    assert!(TestEnv::seeded().ok(["report"]).contains("1 round held"));
    let json = env.json(["report", "--format", "json"]);
    let stance = &item(&json, "territorial-questions")["stances"][0];
    assert_eq!(stance["stance"], "red_line");
    assert_eq!(stance["stance_label"], "Red line");
    let swap = json["commitments"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["commitment"] == "first-prisoner-swap")
        .unwrap();
    assert_eq!(swap["parties"], serde_json::json!(["us", "ukraine"]));
    assert_eq!(
        swap["party_names"],
        serde_json::json!(["United States", "Ukraine"])
    );
    assert_eq!(json["rounds"][0]["label"], "Geneva, 23 Nov 2025");
}

/// "Sources: 6 (ungraded)" read as six confirmations: the sources are named where
/// the claim is, said to be the round's own when they are, and listed once.
#[test]
fn the_sources_are_named_and_the_rounds_own_are_said_to_be() {
    let env = TestEnv::seeded();
    let table = env.ok(["report"]);
    assert!(!table.contains("6 (ungraded)"), "{table}");
    let markdown = env.ok(["report", "--format", "markdown"]);
    let row = markdown
        .lines()
        .find(|l| l.starts_with("| Dialogue channels |"))
        .expect("the dialogue channels row");
    assert!(
        row.contains("Reuters (via Investing.com), AP News, Sky News, CGTN News, Kyiv Post, The New Indian Express (23 Nov 2025, ungraded); the round's sources"),
        "{row}"
    );
    let json = env.json(["report", "--format", "json"]);
    assert_eq!(
        item(&json, "dialogue-channels")["cites_round_sources"],
        true
    );
    assert_eq!(json["sources"].as_array().unwrap().len(), 6);
    assert_eq!(json["sources"][1]["source"], "ap-2025-11-23");
    assert_eq!(json["sources"][1]["rounds"][0], "geneva-2025-11-23");
    assert_eq!(json["sources"][1]["items"].as_array().unwrap().len(), 10);
    // Once each, the six together, since they support the same claims.
    let html = env.ok(["report", "--format", "html"]);
    assert_eq!(html.matches("<b>AP News</b>").count(), 1);
    assert!(html.contains("Together these 6 support the statuses of 10 items"));

    // A claim with sources of its own is not said to rest on the round's.
    let env = fixture();
    let json = env.json(["report", "--format", "json"]);
    assert_eq!(
        item(&json, "localized-ceasefires")["cites_round_sources"],
        false
    );
    assert_eq!(
        item(&json, "prisoner-exchanges")["cites_round_sources"],
        true
    );
}

/// A round's cautions concern every item it addressed; quotes on an item go with it.
#[test]
fn each_item_shows_its_rounds_cautions_and_its_quotes() {
    let env = fixture();
    let json = env.json(["report", "--format", "json"]);
    let dialogue = item(&json, "dialogue-channels");
    assert!(
        dialogue["cautions"][0]
            .as_str()
            .unwrap()
            .contains("no final agreement has been reached")
    );
    assert_eq!(
        item(&json, "prisoner-exchanges")["cautions"],
        serde_json::json!([]),
        "the follow-up round noted no caution"
    );
    let quote = &item(&json, "security-architecture")["quotes"][0];
    assert_eq!(quote["text"], "serious and technically productive");
    assert_eq!(quote["speaker_description"], "U.S. negotiators");
    let geneva = &json["rounds"][0];
    assert_eq!(geneva["notes"].as_array().unwrap().len(), 6);
    assert_eq!(geneva["quotes"].as_array().unwrap().len(), 3);

    let markdown = env.ok(["report", "--format", "markdown"]);
    let row = markdown
        .lines()
        .find(|l| l.starts_with("| Dialogue channels |"))
        .unwrap();
    assert!(row.contains("no final agreement has been reached"), "{row}");
    let row = markdown
        .lines()
        .find(|l| l.starts_with("| Security architecture |"))
        .unwrap();
    assert!(
        row.contains("“serious and technically productive” — U.S. negotiators (United States)"),
        "{row}"
    );

    let html = env.ok(["report", "--format", "html"]);
    let card = html
        .split("<article class=\"item\" id=\"item-dialogue-channels\">")
        .nth(1)
        .and_then(|rest| rest.split("</article>").next())
        .expect("the dialogue channels card");
    assert!(
        card.contains("no final agreement has been reached"),
        "{card}"
    );
    // The round's tone and caution head its section.
    let round = html
        .split("<article class=\"round\" id=\"round-geneva-2025-11-23\">")
        .nth(1)
        .and_then(|rest| rest.split("</article>").next())
        .unwrap();
    let tone = round.find("Tone:").unwrap();
    let caution = round.find("Caution:").unwrap();
    let statuses = round.find("Current statuses set here").unwrap();
    assert!(tone < caution && caution < statuses, "{round}");
}

/// An item the latest rounds did not address says so, and when it was last addressed;
/// a round over several days shows its range, a partial date reads as partial.
#[test]
fn a_stale_status_says_when_it_was_last_addressed() {
    let env = fixture();
    env.ok(["import", LATER]);
    let json = env.json(["report", "--format", "json"]);
    let monitors = item(&json, "international-monitors");
    assert_eq!(monitors["rounds_since"], 3);
    assert_eq!(monitors["round_label"], "Geneva, 23 Nov 2025");
    assert_eq!(item(&json, "energy-infrastructure")["rounds_since"], 0);
    assert_eq!(item(&json, "prisoner-exchanges")["rounds_since"], 1);

    let markdown = env.ok(["report", "--format", "markdown"]);
    assert!(
        markdown.contains("not addressed in the last 3 rounds; last at Geneva, 23 Nov 2025"),
        "{markdown}"
    );
    assert!(markdown.contains(
        "International monitors: Contested since Geneva, 23 Nov 2025; not addressed in the last 3 rounds"
    ));
    assert!(!markdown.contains("for 1 round"));
    let table = env.ok(["report"]);
    assert!(table.contains("Vienna, 9–11 Feb 2026"), "{table}");
    assert!(
        table.contains("Geneva, Jan 2026"),
        "a partial date: {table}"
    );
    let html = env.ok(["report", "--format", "html"]);
    assert!(html.contains("Vienna · 9–11 Feb 2026"), "the column head");
    // The later round's caution goes with the item it set, not with the others.
    let prisoners = item(&json, "prisoner-exchanges");
    assert_eq!(
        prisoners["cautions"][0],
        "Officials warned that the swap could still collapse over the lists."
    );
    assert_eq!(
        item(&json, "energy-infrastructure")["cautions"],
        serde_json::json!([])
    );
    assert_eq!(
        prisoners["quotes"][0]["round_label"],
        "Vienna, 9–11 Feb 2026"
    );
}

/// The table takes the width it is given (`$COLUMNS` when not on a terminal), counts
/// wide characters as two columns, and keeps words whole.
#[test]
fn the_terminal_table_uses_the_width_it_is_given() {
    let env = fixture();
    let wide = env.write(
        "wide.toml",
        r#"
[process]
slug = "ukraine-peace"

[[item]]
slug = "wide-item"
title = "和平交渉の人道回廊 Humanitarian corridors (détente)"

[[round]]
slug = "wide-round"
title = "和平交渉"
date = "2025-12-20"
location = "東京"
state = "held"

[[round.status]]
item = "wide-item"
status = "discussed"
note = "Taken up."
"#,
    );
    env.ok(["import", wide.to_str().unwrap()]);
    let out = env
        .cmd()
        .env("COLUMNS", "200")
        .arg("report")
        .output()
        .unwrap();
    let table = String::from_utf8(out.stdout).unwrap();
    let widths: Vec<usize> = table.lines().map(parley::output::grid::width).collect();
    assert!(widths.iter().all(|w| *w <= 200), "{table}");
    assert!(
        widths.iter().any(|w| *w > 150),
        "the table uses the room:\n{table}"
    );
    // At 200 columns every title fits whole on its line.
    assert!(
        table.contains("Economic stabilization and reconstruction"),
        "{table}"
    );
    assert!(
        table.contains("和平交渉の人道回廊 Humanitarian corridors (détente)"),
        "{table}"
    );
    // The table's rule lines and its rows are one width, measured by display width.
    let border = widths[table.lines().position(|l| l.starts_with('┌')).unwrap()];
    for line in table.lines().filter(|l| l.starts_with('│')) {
        assert_eq!(parley::output::grid::width(line), border, "{line}");
    }
    let narrow = env
        .cmd()
        .env("COLUMNS", "60")
        .arg("report")
        .output()
        .unwrap();
    let narrow = String::from_utf8(narrow.stdout).unwrap();
    assert!(
        narrow.lines().all(|l| parley::output::grid::width(l) <= 60),
        "{narrow}"
    );
    // Too narrow for seven columns: the items are listed one under another.
    assert!(!narrow.contains('┆'), "{narrow}");
    assert!(
        narrow.contains("Dialogue channels — Agreed ⚠ (new)"),
        "{narrow}"
    );
}

#[test]
fn rounds_sets_the_window_and_refuses_nonsense() {
    let env = fixture();
    let html = env.ok(["report", "--format", "html", "--rounds", "1"]);
    assert!(html.contains("earlier: 2 rounds"), "the grouped column");
    assert_eq!(html.matches("<th class=\"r").count(), 1, "one round column");
    let all = env.ok(["report", "--format", "html", "--rounds", "all"]);
    assert!(!all.contains("earlier:"));
    assert_eq!(all.matches("<th class=\"r").count(), 3);
    let err = env.fails(["report", "--rounds", "0"]);
    assert!(err.contains("--rounds"), "{err}");
    assert!(err.contains("'all'"), "{err}");
}

/// The HTML page's size is bounded: at 2,000 rounds of 40 items asked for whole, the
/// chart shows at most MAX_COLUMNS rounds, says so, and the file stays small.
#[test]
fn the_html_page_stays_bounded_when_asked_for_every_round() {
    let env = TestEnv::empty();
    let file = env.write("big.toml", &common::synthetic_round_file("h-", 2_000, 40));
    env.ok(["import", file.to_str().unwrap()]);
    let html = env.ok(["report", "--format", "html", "--rounds", "all"]);
    assert!(
        html.len() < parley::report::html::MAX_BYTES,
        "{} bytes",
        html.len()
    );
    assert_eq!(
        html.matches("<th class=\"r").count(),
        parley::report::html::MAX_COLUMNS
    );
    assert!(html.contains("earlier: 1600 rounds"));
    assert!(html.contains("The chart shows 400 rounds of 2000"));
    let cells = html.matches("<td").count();
    assert!(
        cells <= parley::report::html::MAX_CELLS + 40,
        "{cells} cells"
    );
}

/// The worst a page can be asked to hold: many items with the longest titles, notes and
/// cautions the round-file format allows, every character one that HTML escapes. The
/// page still stays under its bound, and says what it left out.
#[test]
fn the_html_page_stays_bounded_with_the_longest_texts() {
    let items = 300;
    // A TOML literal string: no escapes, and none of it may be a quote of its own kind.
    let title = "<&\"".repeat(96);
    let long = "'".repeat(20_000);
    let mut file = String::from("[process]\nslug = \"worst\"\nname = \"Worst\"\n\n");
    for i in 0..items {
        file.push_str(&format!(
            "[[item]]\nslug = \"w-{i}\"\ntitle = '{title}{i}'\n\n"
        ));
    }
    for r in 0..3 {
        file.push_str(&format!(
            "[[round]]\nslug = \"r-{r}\"\ntitle = \"Round {r}\"\ndate = \"2020-01-0{}\"\nstate = \"held\"\ntone = \"{long}\"\n\n",
            r + 1
        ));
        for _ in 0..12 {
            file.push_str(&format!(
                "[[round.note]]\nkind = \"caution\"\nbody = \"{long}\"\n\n"
            ));
        }
        for i in 0..items {
            file.push_str(&format!(
                "[[round.status]]\nitem = \"w-{i}\"\nstatus = \"discussed\"\nnote = \"{long}\"\n\n"
            ));
        }
    }
    let env = TestEnv::empty();
    let path = env.write("worst.toml", &file);
    env.ok(["import", path.to_str().unwrap()]);
    let html = env.ok(["report", "--format", "html", "--rounds", "all"]);
    assert!(
        html.len() < parley::report::html::MAX_BYTES,
        "{} bytes",
        html.len()
    );
    assert!(
        html.contains("not shown here"),
        "the budget said what it left out"
    );
    assert!(html.ends_with("</html>\n"));
}

/// On a terminal the table takes the terminal's width, not a fixed 100 columns.
#[test]
fn the_table_takes_the_terminals_width() {
    let env = fixture();
    let Some(table) = report_on_a_terminal_of(&env, true, Some(160)) else {
        eprintln!("note: `script` is not installed; skipping the terminal test");
        return;
    };
    let widths: Vec<usize> = table
        .lines()
        .map(|l| parley::output::grid::width(l.trim_end_matches('\r')))
        .collect();
    assert!(widths.iter().all(|w| *w <= 160), "{table}");
    assert!(widths.iter().any(|w| *w > 130), "{table}");
}
