//! `parley sql` reads and never writes; the worked queries in docs/sql.md run, in
//! Parley and in Python; the views analysts would otherwise write answer as documented;
//! the file reads without Parley.

mod common;

use common::TestEnv;
use common::sql_docs::{Backend, doc_queries};

const FOLLOW_UP: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/follow-up.toml");
const FATES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/fates.toml");
const SUB_ITEMS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/sub-items.toml");
const PERSONS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/persons.toml");

/// The Geneva seed, the follow-up round (with a sub-item's status), what became of its
/// commitment, persons, and a retracted quote.
fn fixture() -> TestEnv {
    let env = TestEnv::seeded();
    env.ok(["import", FOLLOW_UP, FATES, SUB_ITEMS, PERSONS]);
    env.ok([
        "quote",
        "retract",
        "1",
        "--reason",
        "Attributed to the wrong official",
    ]);
    env
}

/// Runs `script` in python3 with the database's path as its argument; None (with a
/// note) where python3 cannot run, except in CI.
fn python(env: &TestEnv, script: &str, stdin: &str) -> Option<String> {
    use std::io::Write;
    let child = std::process::Command::new("python3")
        .arg("-c")
        .arg(script)
        .arg(&env.db)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn();
    let mut child = match child {
        Ok(child) => child,
        Err(e) => {
            assert!(
                std::env::var_os("CI").is_none(),
                "python3 is required in CI: {e}"
            );
            let _ = writeln!(
                std::io::stderr(),
                "note: python3 could not run ({e}); skipping"
            );
            return None;
        }
    };
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    Some(String::from_utf8(out.stdout).unwrap())
}

#[test]
fn sql_prints_rows_in_every_format() {
    let env = fixture();
    let q = "SELECT item, status, rank FROM current_status WHERE item = 'prisoner-exchanges'";
    let json = env.json(["sql", q, "--format", "json"]);
    assert_eq!(
        json,
        serde_json::json!([{ "item": "prisoner-exchanges", "status": "progressing", "rank": 3 }])
    );
    assert_eq!(
        env.ok(["sql", q, "--format", "csv"]),
        "item,status,rank\nprisoner-exchanges,progressing,3\n"
    );
    assert_eq!(
        env.ok(["sql", q, "--format", "nl"]),
        "{\"item\":\"prisoner-exchanges\",\"status\":\"progressing\",\"rank\":3}\n"
    );
    assert!(
        env.ok(["sql", q, "--format", "markdown"])
            .starts_with("| item | status | rank |")
    );
    assert!(env.ok(["sql", q]).contains("prisoner-exchanges"));
    // Columns are printed even when no row matches.
    assert_eq!(
        env.ok([
            "sql",
            "SELECT item FROM current_status WHERE 1 = 0",
            "--format",
            "csv"
        ]),
        "item\n"
    );
}

#[test]
fn parameters_are_bound_not_pasted() {
    let env = fixture();
    let q =
        "SELECT item FROM current_status WHERE status = :status AND rank >= :rank ORDER BY item";
    let rows = env.json([
        "sql",
        q,
        "-p",
        "status",
        "contested",
        "-p",
        "rank",
        "0",
        "--format",
        "json",
    ]);
    assert_eq!(rows.as_array().unwrap().len(), 4);
    let hostile = env.json([
        "sql",
        "SELECT item FROM current_status WHERE item = :item",
        "-p",
        "item",
        "x' OR '1'='1",
        "--format",
        "json",
    ]);
    assert_eq!(hostile, serde_json::json!([]));
    let err = env.fails(["sql", "SELECT :missing"]);
    assert!(err.contains("-p missing VALUE"), "{err}");
}

#[test]
fn sqlites_own_message_is_shown_on_failure() {
    let env = fixture();
    let err = env.fails(["sql", "SELECT * FROM no_such_table"]);
    let own = match env.server {
        Some(_) => "relation \"no_such_table\" does not exist",
        None => "no such table: no_such_table",
    };
    assert!(err.contains(own), "{err}");
    let err = env.fails(["sql", "SELEC 1"]);
    assert!(err.contains("syntax error"), "{err}");
}

#[test]
fn sql_refuses_every_write_and_leaves_the_file_unchanged() {
    if common::file_only() {
        return;
    }
    let env = fixture();
    let bytes = std::fs::read(&env.db).unwrap();
    let dump = env.dump();
    let attached = env.path("attached.db");
    let vacuumed = env.path("vacuumed.db");
    let statements = [
        "DROP TABLE round_note".to_owned(),
        "DROP VIEW current_status".to_owned(),
        "INSERT INTO party (slug, name, kind) VALUES ('x', 'X', 'state')".to_owned(),
        "UPDATE agenda_item SET title = 'x'".to_owned(),
        "DELETE FROM round_note".to_owned(),
        "CREATE TABLE x (a)".to_owned(),
        format!("ATTACH '{}' AS x", attached.display()),
        format!("ATTACH 'file:{}?mode=rwc' AS x", attached.display()),
        "PRAGMA journal_mode = DELETE".to_owned(),
        "PRAGMA user_version = 5".to_owned(),
        "PRAGMA foreign_keys = OFF".to_owned(),
        format!("VACUUM INTO '{}'", vacuumed.display()),
        "VACUUM".to_owned(),
        "SELECT 1; DROP TABLE round_note".to_owned(),
        "REINDEX".to_owned(),
        "ANALYZE".to_owned(),
    ];
    for statement in &statements {
        let out = env.run(["sql", statement.as_str()]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        // A pragma that only reads or sets the connection may succeed; nothing else.
        if out.status.success() {
            assert!(
                statement.starts_with("PRAGMA foreign_keys"),
                "{statement} succeeded"
            );
        } else {
            assert!(stderr.starts_with("parley: "), "{statement}: {stderr}");
            assert!(out.stdout.is_empty());
        }
        assert!(
            !attached.exists(),
            "{statement} created {}",
            attached.display()
        );
        assert!(
            !vacuumed.exists(),
            "{statement} created {}",
            vacuumed.display()
        );
    }
    let err = env.fails(["sql", "DROP TABLE round_note"]);
    assert!(
        err.contains("attempt to write a readonly database"),
        "{err}"
    );
    assert_eq!(
        std::fs::read(&env.db).unwrap(),
        bytes,
        "the file's bytes changed"
    );
    assert_eq!(env.dump(), dump);
    assert_eq!(env.query("PRAGMA user_version"), [["0"]]);
    assert_eq!(env.query("PRAGMA journal_mode"), [["wal"]]);
}

#[test]
fn every_worked_query_in_the_sql_docs_runs_and_finds_rows() {
    let env = fixture();
    let queries = doc_queries(match env.server {
        Some(_) => Backend::Postgres,
        None => Backend::Sqlite,
    });
    assert!(
        queries.len() >= 20,
        "a score of worked queries, found {}",
        queries.len()
    );
    let mut from_parley = Vec::new();
    for query in &queries {
        let rows = env.json(["sql", query.as_str(), "--format", "json"]);
        assert!(
            rows.as_array().is_some_and(|r| !r.is_empty()),
            "no rows from:\n{query}"
        );
        // The analyst's own tools read the same.
        assert_eq!(
            env.query(query).len(),
            rows.as_array().unwrap().len(),
            "{query}"
        );
        // Each row as its values, in column order, as Python gives them.
        from_parley.push(serde_json::Value::Array(
            rows.as_array()
                .unwrap()
                .iter()
                .map(|row| {
                    serde_json::Value::Array(row.as_object().unwrap().values().cloned().collect())
                })
                .collect(),
        ));
    }
    if env.server.is_some() {
        // Python's sqlite3 reads a file.
        return;
    }
    let script = r#"
import json, sqlite3, sys
con = sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True)
print(json.dumps([con.execute(q).fetchall() for q in json.load(sys.stdin)]))
"#;
    let Some(out) = python(&env, script, &serde_json::to_string(&queries).unwrap()) else {
        return;
    };
    let from_python: Vec<serde_json::Value> = serde_json::from_str(&out).unwrap();
    for ((query, parley), python) in queries.iter().zip(&from_parley).zip(&from_python) {
        assert_eq!(parley, python, "Parley and Python differ on:\n{query}");
    }
}

#[test]
fn python_reads_the_views_without_parley() {
    if common::file_only() {
        return;
    }
    let env = fixture();
    let script = r#"
import sqlite3, sys
con = sqlite3.connect(sys.argv[1])
for view in ("current_status", "status_timeline", "movement"):
    rows = con.execute(f"SELECT process, item, round, status FROM {view}").fetchall()
    print(view, len(rows))
print("current_position", len(con.execute("SELECT party, item, stance FROM current_position").fetchall()))
print("commitment_status", len(con.execute("SELECT commitment, fate FROM commitment_status").fetchall()))
print(con.execute("SELECT movement FROM current_status WHERE item = 'prisoner-exchanges'").fetchone()[0])
"#;
    let Some(stdout) = python(&env, script, "") else {
        return;
    };
    assert!(stdout.contains("current_status 12"), "{stdout}");
    assert!(stdout.contains("status_timeline 16"), "{stdout}");
    assert!(stdout.contains("movement 16"), "{stdout}");
    assert!(stdout.contains("current_position 9"), "{stdout}");
    assert!(stdout.contains("commitment_status 4"), "{stdout}");
    assert!(stdout.trim_end().ends_with("advanced"), "{stdout}");
}

/// The view's documentation lists its columns ("Columns: a, b, and the row ids c, d"),
/// and each column has its own comment.
fn assert_documented(env: &TestEnv, view: &str) {
    let schema = env.json(["schema", "--format", "json"]);
    let object = schema
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["name"] == view)
        .unwrap_or_else(|| panic!("{view} is not in the schema"));
    assert_eq!(object["kind"], "view");
    let doc = object["doc"].as_str().unwrap();
    let listed: Vec<&str> = doc
        .split_once("Columns:")
        .unwrap_or_else(|| panic!("{view}: {doc}"))
        .1
        .trim_end_matches('.')
        .split([',', ' '])
        .filter(|w| !w.is_empty() && !["and", "the", "row", "ids", "then"].contains(w))
        .collect();
    let columns: Vec<&str> = object["columns"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert_eq!(listed, columns, "{view}: the doc's list of columns");
    for column in object["columns"].as_array().unwrap() {
        let doc = column["doc"].as_str().unwrap();
        assert!(doc.len() > 5, "{view}.{} is not documented", column["name"]);
    }
}

#[test]
fn current_position_is_each_partys_stance_at_its_latest_round_after_corrections() {
    let env = fixture();
    assert_documented(&env, "current_position");
    let stances = |party: &str| {
        env.query(&format!(
            "SELECT item, stance, stance_label, round, round_date, party_name FROM current_position
             WHERE party = '{party}' ORDER BY item"
        ))
    };
    // Ukraine opposed localized ceasefires at the follow-up; its Geneva red lines stand.
    let ukraine = stances("ukraine");
    assert_eq!(ukraine.len(), 5);
    assert_eq!(
        ukraine[1],
        [
            "localized-ceasefires",
            "opposes",
            "Opposes",
            "follow-up-2025-12-05",
            "2025-12-05",
            "Ukraine"
        ]
    );
    assert!(
        ukraine
            .iter()
            .filter(|r| r[0] != "localized-ceasefires")
            .all(|r| r[1] == "red_line" && r[3] == "geneva-2025-11-23"),
        "{ukraine:?}"
    );
    // One row per party and item, however many rounds stated it.
    assert_eq!(
        env.query("SELECT count(*), count(DISTINCT party || ' ' || item) FROM current_position"),
        [["9", "9"]]
    );

    // A correction at the latest round replaces the stance; a round recorded later but
    // dated earlier does not count as later.
    env.write(
        "correction.toml",
        r#"
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

[[round.position]]
party = "ukraine"
item = "localized-ceasefires"
stance = "rejects"
note = "Rejects the lines outright."

[[round]]
slug = "back-channel-2025-11-01"
title = "Back channel"
date = "2025-11-01"
state = "held"

[[round.position]]
party = "ukraine"
item = "territorial-questions"
stance = "open"
"#,
    );
    env.ok(["import", "correction.toml"]);
    let ukraine = stances("ukraine");
    assert_eq!(ukraine[1][1], "rejects");
    let territory = ukraine
        .iter()
        .find(|r| r[0] == "territorial-questions")
        .unwrap();
    assert_eq!(territory[1], "red_line", "the earlier-dated round won");
    assert_eq!(
        env.query("SELECT count(*) FROM current_position WHERE party = 'ukraine'"),
        [["5"]]
    );
}

#[test]
fn commitment_status_shows_the_latest_fate_or_open() {
    let env = fixture();
    assert_documented(&env, "commitment_status");
    let rows = env.query(
        "SELECT commitment, round, item, parties, fate, fate_round, fate_note FROM commitment_status
         ORDER BY commitment_id",
    );
    assert_eq!(
        rows,
        [
            [
                "humanitarian-mechanism",
                "geneva-2025-11-23",
                "humanitarian-coordination",
                "us, ukraine",
                "open",
                "NULL",
                "NULL"
            ],
            [
                "continuous-channels",
                "geneva-2025-11-23",
                "dialogue-channels",
                "us, ukraine",
                "open",
                "NULL",
                "NULL"
            ],
            [
                "follow-up-rounds",
                "geneva-2025-11-23",
                "dialogue-channels",
                "us, ukraine",
                "open",
                "NULL",
                "NULL"
            ],
            [
                "first-prisoner-swap",
                "follow-up-2025-12-05",
                "prisoner-exchanges",
                "us, ukraine",
                "partly_fulfilled",
                "follow-up-2025-12-05",
                "A first swap took place; dozens on the lists are still held."
            ],
        ]
    );
    // A later fate is the fate now; the earlier one stays in commitment_fate.
    let later = std::fs::read_to_string(FATES).unwrap().replace(
        "fate = \"partly_fulfilled\"\nfate_note = \"A first swap took place; dozens on the lists are still held.\"",
        "fate = \"fulfilled\"\nfate_note = \"The rest were exchanged.\"",
    );
    assert!(later.contains("The rest"), "the fixture changed");
    env.write("later.toml", &later);
    env.cmd()
        .env("PARLEY_NOW", "2025-12-20T09:00:00Z")
        .args(["import", "later.toml"])
        .assert()
        .success();
    assert_eq!(
        env.query(
            "SELECT fate, fate_note, fate_recorded_at FROM commitment_status
             WHERE commitment = 'first-prisoner-swap'"
        ),
        [[
            "fulfilled",
            "The rest were exchanged.",
            "2025-12-20T09:00:00.000Z"
        ]]
    );
    assert_eq!(env.count("commitment_fate"), 2);
    assert_eq!(
        env.query("SELECT count(*) FROM commitment_status"),
        [["4"]],
        "one row per commitment"
    );
}

/// The status views' later columns: the round's title, the parent item, whether the
/// status is a setback, the previous status's label, and the count and best grade of
/// the record's sources, each checked against what the fixture recorded. The columns
/// they had keep their place.
#[test]
fn the_status_views_name_the_round_the_parent_the_setbacks_and_the_sources() {
    let env = fixture();
    for view in ["status_timeline", "movement", "current_status"] {
        assert_documented(&env, view);
    }
    let columns = |view: &str| -> Vec<String> { env.columns(view) };
    // The columns analysts' queries name by position stay first, in their order.
    assert_eq!(
        columns("current_status")[..17],
        [
            "process",
            "item",
            "item_title",
            "status",
            "status_label",
            "rank",
            "round",
            "round_number",
            "round_date",
            "note",
            "confidence",
            "previous_status",
            "movement",
            "recorded_at",
            "status_record_id",
            "agenda_item_id",
            "round_id"
        ]
    );
    assert_eq!(columns("movement")[..15], columns("status_timeline")[..15]);
    assert_eq!(
        columns("movement")[15..19],
        [
            "previous_round",
            "previous_status",
            "previous_rank",
            "movement"
        ]
    );

    let current = |item: &str| {
        env.query(&format!(
            "SELECT round_title, parent_item, parent_item_title, is_setback, previous_status_label,
                    source_count, COALESCE(best_reliability, '-')
             FROM current_status WHERE item = '{item}'"
        ))
    };
    // A sub-item names its parent; two graded sources, the better is C.
    assert_eq!(
        current("medical-deliveries"),
        [[
            "Follow-up talks",
            "humanitarian-coordination",
            "Humanitarian coordination",
            "0",
            "NULL",
            "2",
            "C"
        ]]
    );
    // A regression onto a setback, from Proposed, on one source graded D.
    assert_eq!(
        current("localized-ceasefires"),
        [["Follow-up talks", "NULL", "NULL", "1", "Proposed", "1", "D"]]
    );
    // Geneva's records cite the article's six outlets, none graded.
    assert_eq!(
        current("security-guarantees"),
        [[
            "U.S.–Ukraine talks in Geneva",
            "NULL",
            "NULL",
            "1",
            "NULL",
            "6",
            "-"
        ]]
    );
    // The same in every row of the timeline, against the tables themselves.
    let mismatches = env.query(
        "SELECT m.item, m.round FROM movement m
         JOIN status_timeline t ON t.status_record_id = m.status_record_id
         JOIN round r ON r.round_id = m.round_id
         JOIN status s ON s.slug = m.status
         LEFT JOIN status ps ON ps.slug = m.previous_status
         WHERE m.round_title IS DISTINCT FROM r.title OR t.round_title IS DISTINCT FROM r.title
            OR m.is_setback IS DISTINCT FROM s.is_setback OR t.is_setback IS DISTINCT FROM s.is_setback
            OR m.previous_status_label IS DISTINCT FROM ps.label
            OR m.source_count IS DISTINCT FROM (SELECT count(DISTINCT source_id) FROM citation
                                      WHERE status_record_id = m.status_record_id)
            OR t.source_count IS DISTINCT FROM m.source_count OR t.best_reliability IS DISTINCT FROM m.best_reliability
            OR t.parent_item IS DISTINCT FROM m.parent_item",
    );
    assert!(mismatches.is_empty(), "{mismatches:?}");
    assert_eq!(
        env.query("SELECT count(*) FROM movement WHERE parent_item = 'humanitarian-coordination'"),
        [["1"]]
    );
    assert_eq!(
        env.query(
            "SELECT previous_status, previous_status_label FROM movement
             WHERE item = 'humanitarian-coordination' AND movement = 'advanced'"
        ),
        [["preliminary", "Preliminary agreement"]]
    );
}

/// The new views find "the latest" through indexes, row by row, not by scanning or
/// sorting whole tables.
#[test]
fn the_new_views_are_driven_by_indexes() {
    if common::file_only() {
        return;
    }
    let env = fixture();
    let plan = |sql: &str| -> Vec<String> {
        env.query(&format!("EXPLAIN QUERY PLAN {sql}"))
            .into_iter()
            .map(|row| row[3].clone())
            .collect()
    };
    let uses = |plan: &[String], step: &str| plan.iter().any(|l| l.contains(step));
    // Tables read whole: subqueries' results are not tables.
    let scans = |plan: &[String]| -> Vec<String> {
        plan.iter()
            .filter(|l| l.starts_with("SCAN") && !l.contains("subquery"))
            .cloned()
            .collect()
    };
    let position = plan("SELECT * FROM current_position");
    // A later round's stance is looked up by party and item; a correction by the row
    // it supersedes.
    assert!(
        uses(
            &position,
            "INDEX position_party_item_round (party_id=? AND agenda_item_id=?)"
        ),
        "{position:#?}"
    );
    assert!(
        uses(
            &position,
            "INDEX sqlite_autoindex_position_1 (supersedes_position_id=?)"
        ),
        "{position:#?}"
    );
    assert_eq!(scans(&position), ["SCAN po"], "{position:#?}");

    let commitments = plan("SELECT * FROM commitment_status");
    // The latest fate is the first entry of an index, with no sort.
    assert!(
        uses(
            &commitments,
            "INDEX commitment_fate_commitment_id (commitment_id=?)"
        ),
        "{commitments:#?}"
    );
    let fate = commitments
        .iter()
        .position(|l| l.contains("commitment_fate_commitment_id"))
        .unwrap();
    assert!(
        commitments
            .get(fate + 1)
            .is_none_or(|next| !next.contains("TEMP B-TREE")),
        "the latest fate is sorted for: {commitments:#?}"
    );
    assert_eq!(scans(&commitments), ["SCAN c"], "{commitments:#?}");
}
