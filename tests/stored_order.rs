//! The stored round order (round_order, status_in_force) and each round's count of
//! statuses (round_status_count): filled for files written before them, rebuilt after
//! a bulk import exactly as the triggers would have kept them, checked by `parley
//! check`; and the read commands built on them (naming rounds, `round list`, search,
//! streamed export).

mod common;

use common::{TestEnv, synthetic_round_file};

const FOLLOW_UP: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/follow-up.toml");

/// What the public views say, by name (row ids depend on what else the file holds),
/// in a fixed order, a line per row: equal for equal timelines.
fn views(env: &TestEnv) -> Vec<String> {
    [
        "SELECT process, round, number, round_date, state FROM round_sequence ORDER BY process, number",
        "SELECT process, item, item_title, round, round_number, round_date, status, status_label, rank,
                note, confidence, recorded_at
         FROM status_timeline ORDER BY process, item, round_number",
        "SELECT process, item, round, round_number, status, previous_round, previous_status, previous_rank,
                movement
         FROM movement ORDER BY process, item, round_number",
        "SELECT process, item, status, rank, round, round_number, round_date, note, previous_status, movement
         FROM current_status ORDER BY process, item",
    ]
    .iter()
    .flat_map(|q| env.query(q).into_iter().map(|row| row.join("|")))
    .collect()
}

/// A file written by the Parley before the stored order (the migrations up to the
/// graded indexes) holding rounds recorded out of date order, an undated round,
/// rounds sharing a date, a partial date, and corrections: the migration fills the
/// derived tables, and the views re-created on them say exactly what the old ones did.
#[test]
fn a_file_from_before_the_stored_order_reads_the_same_after_the_upgrade() {
    if common::file_only() {
        return;
    }
    let env = TestEnv::new();
    let db = env.db.clone();
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
        .block_on(async {
            let options = sqlx::sqlite::SqliteConnectOptions::new()
                .filename(&db)
                .create_if_missing(true)
                .foreign_keys(true);
            let pool = sqlx::SqlitePool::connect_with(options).await.unwrap();
            parley::storage::MIGRATOR
                .run_to(20251203000000, &pool)
                .await
                .unwrap();
            sqlx::raw_sql(
                "INSERT INTO process (process_id, slug, name) VALUES (1, 'p', 'P'), (2, 'q', 'Q');
                 INSERT INTO agenda_item (agenda_item_id, process_id, slug, title)
                     VALUES (1, 1, 'a', 'A'), (2, 1, 'b', 'B'), (3, 2, 'c', 'C');
                 INSERT INTO round (round_id, process_id, slug, title, start_date, state) VALUES
                     (1, 1, 'late', 'Late', '2025-03-02', 'held'),
                     (2, 1, 'early', 'Early', '2025-01', 'held'),
                     (3, 1, 'undated', 'Undated', NULL, 'scheduled'),
                     (4, 1, 'same-day', 'Same day', '2025-03-02', 'held'),
                     (5, 1, 'first-of-march', 'First of March', '2025-03-01', 'held'),
                     (6, 2, 'other', 'Other', '2024-12-31', 'held');
                 INSERT INTO status_record (status_record_id, agenda_item_id, round_id, status, supersedes_status_record_id) VALUES
                     (1, 1, 1, 'agreed', NULL), (2, 1, 2, 'proposed', NULL), (3, 1, 4, 'stalled', NULL),
                     (4, 1, 5, 'discussed', NULL), (5, 1, 5, 'progressing', 4), (6, 1, 5, 'preliminary', 5),
                     (7, 2, 3, 'proposed', NULL), (8, 2, 1, 'contested', NULL), (9, 3, 6, 'agreed', NULL);",
            )
            .execute(&pool)
            .await
            .unwrap();
            pool.close().await;
        });
    let before = views(&env);
    assert_eq!(
        env.query("SELECT count(*) FROM current_status"),
        [["3"]],
        "three items have a status"
    );

    env.ok(["round", "list", "--process", "p"]);
    common::assert_same_lines(&views(&env), &before);
    assert_eq!(
        env.query("SELECT count(*) FROM status_in_force"),
        [["7"]],
        "a row per item and round with a status, corrections folded"
    );
    assert_eq!(
        counts(&env),
        [
            ["early", "1"],
            ["first-of-march", "1"],
            ["late", "2"],
            ["other", "1"],
            ["same-day", "1"],
            ["undated", "1"]
        ],
        "round_status_count filled from the file's records, corrections folded"
    );
    assert!(env.ok(["check"]).starts_with("ok"));
}

/// Each round's stored count of statuses, by round slug.
fn counts(env: &TestEnv) -> Vec<Vec<String>> {
    env.query(
        "SELECT r.slug, c.statuses FROM round_status_count c JOIN round r ON r.round_id = c.round_id
         ORDER BY r.slug",
    )
}

/// `round list` reads each round's count of statuses from round_status_count, which
/// the triggers keep as statuses are logged: a first status counts, a correction does
/// not (the item still has one status there), another item's does; a round with none
/// has no row and lists 0.
#[test]
fn round_list_counts_the_items_with_a_status_at_each_round() {
    let env = TestEnv::seeded();
    env.ok([
        "round",
        "add",
        "--title",
        "Follow-up",
        "--date",
        "2025-11-24",
    ]);
    let statuses = |env: &TestEnv| -> String {
        let csv = env.ok(["round", "list", "--format", "csv"]);
        let last = csv.lines().last().unwrap().to_owned();
        last.rsplit(',').next().unwrap().to_owned()
    };
    assert_eq!(statuses(&env), "0");
    assert!(
        env.query(
            "SELECT * FROM round_status_count WHERE round_id = (SELECT MAX(round_id) FROM round)"
        )
        .is_empty()
    );
    env.ok([
        "status",
        "set",
        "prisoner-exchanges",
        "--status",
        "discussed",
    ]);
    assert_eq!(statuses(&env), "1");
    env.ok(["status", "set", "prisoner-exchanges", "--status", "agreed"]);
    assert_eq!(
        statuses(&env),
        "1",
        "a correction is the same item's status"
    );
    env.ok([
        "status",
        "set",
        "localized-ceasefires",
        "--status",
        "stalled",
    ]);
    assert_eq!(statuses(&env), "2");
    assert!(env.ok(["check"]).starts_with("ok"));
}

/// A large file loads in bulk, with the derived tables' triggers postponed and the
/// tables rebuilt set-wise at the end; the same file imported where a bulk load is
/// declined goes through the triggers row by row. Its rounds are written newest first,
/// so that every round the triggers see lands before all the others.
#[test]
fn a_bulk_load_orders_rounds_exactly_as_the_triggers_do() {
    let text = synthetic_round_file("b-", 120, 90);
    let (head, rest) = text.split_at(text.find("\n[[round]]\n").unwrap());
    let mut rounds: Vec<&str> = rest.split("\n[[round]]\n").skip(1).collect();
    rounds.reverse();
    let reversed: String = rounds.iter().map(|r| format!("\n[[round]]\n{r}")).collect();
    let reversed = format!("{head}{reversed}");
    assert_eq!(reversed.len(), text.len(), "the same rounds, reordered");

    let bulk = TestEnv::empty();
    bulk.write("large.toml", &reversed);
    bulk.write("other.toml", &synthetic_round_file("x-", 1, 1));
    bulk.ok(["import", "large.toml"]);
    bulk.ok(["import", "other.toml"]);

    // A status record already in the timeline declines the bulk load.
    let rows = TestEnv::empty();
    rows.write("large.toml", &reversed);
    rows.write("other.toml", &synthetic_round_file("x-", 1, 1));
    rows.ok(["import", "other.toml"]);
    rows.ok(["import", "large.toml"]);

    common::assert_same_lines(&views(&bulk), &views(&rows));
    let numbered = bulk.query(
        "SELECT round, number FROM round_sequence WHERE process = 'b-process' AND number IN (1, 120)
         ORDER BY number",
    );
    assert_eq!(numbered, [["b-round-0", "1"], ["b-round-119", "120"]]);
    assert_eq!(counts(&bulk).len(), 121, "every round has statuses");
    assert_eq!(counts(&bulk), counts(&rows));
    assert_eq!(
        bulk.ok(["round", "list", "--process", "b-process", "--format", "csv"]),
        rows.ok(["round", "list", "--process", "b-process", "--format", "csv"])
    );
    assert!(bulk.ok(["check"]).starts_with("ok"));
    assert!(rows.ok(["check"]).starts_with("ok"));
}

/// `parley check` recomputes the derived tables: a number, a date key, a row or a
/// count changed by hand is reported.
#[test]
fn check_reports_a_stored_order_that_disagrees_with_the_records() {
    let env = TestEnv::seeded();
    env.ok(["import", FOLLOW_UP]);
    let problems = |env: &TestEnv| -> Vec<(String, String)> {
        let out = env.run(["check", "--format", "json"]);
        let rows: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        rows.as_array()
            .unwrap()
            .iter()
            .map(|p| {
                (
                    p["check"].as_str().unwrap().to_owned(),
                    p["detail"].as_str().unwrap().to_owned(),
                )
            })
            .collect()
    };
    assert!(problems(&env).is_empty());

    env.execute("UPDATE round_order SET number = 7 WHERE round_id = (SELECT round_id FROM round WHERE slug = 'geneva-2025-11-23')")
        .unwrap();
    let found = problems(&env);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].0, "round_order");
    assert!(
        found[0].1.contains("'geneva-2025-11-23' is numbered 7"),
        "{found:?}"
    );
    env.execute("UPDATE round_order SET number = 1 WHERE number = 7")
        .unwrap();

    env.execute("UPDATE round_status_count SET statuses = 99 WHERE round_id = (SELECT MIN(round_id) FROM round_status_count)")
        .unwrap();
    env.execute("DELETE FROM round_status_count WHERE round_id = (SELECT MAX(round_id) FROM round_status_count)")
        .unwrap();
    let found = problems(&env);
    assert!(
        found.iter().all(|(check, _)| check == "round_status_count"),
        "{found:?}"
    );
    assert_eq!(found.len(), 2, "{found:?}");
    assert!(found[0].1.contains("a count of 99"), "{found:?}");
    assert!(found[1].1.contains("no count"), "{found:?}");
    let recount = "DELETE FROM round_status_count;
         INSERT INTO round_status_count SELECT round_id, count(*) FROM status_in_force GROUP BY round_id";
    env.execute(recount).unwrap();
    assert!(problems(&env).is_empty());

    env.execute("UPDATE status_in_force SET round_date_key = '2020' WHERE status_record_id = (SELECT MIN(status_record_id) FROM status_in_force)")
        .unwrap();
    env.execute("DELETE FROM status_in_force WHERE status_record_id = (SELECT MAX(status_record_id) FROM status_in_force)")
        .unwrap();
    let found = problems(&env);
    assert!(
        found.iter().all(|(check, _)| check == "status_in_force"),
        "{found:?}"
    );
    // The changed row is both missing as it should be and present as it should not.
    assert_eq!(found.len(), 3, "{found:?}");
    assert_eq!(
        found
            .iter()
            .filter(|(_, d)| d.contains("is not in force so"))
            .count(),
        1,
        "{found:?}"
    );
}

#[test]
fn rounds_are_named_by_latest_previous_number_slug_or_title() {
    let env = TestEnv::seeded();
    env.ok(["import", FOLLOW_UP]);
    let named = |name: &str| -> String {
        let round = env.json(["round", "show", name, "--format", "json"]);
        format!("{} {}", round["number"], round["round"].as_str().unwrap())
    };
    // The last round is only scheduled: `latest` is the last one held.
    assert_eq!(named("latest"), "2 follow-up-2025-12-05");
    assert_eq!(named("LATEST"), "2 follow-up-2025-12-05");
    assert_eq!(named("previous"), "1 geneva-2025-11-23");
    assert_eq!(named("3"), "3 next-round-2026-01");
    assert_eq!(named("#1"), "1 geneva-2025-11-23");
    assert_eq!(named("follow-up-2025-12-05"), "2 follow-up-2025-12-05");
    assert_eq!(named(" follow-up talks "), "2 follow-up-2025-12-05");
    let err = env.fails(["round", "show", "9"]);
    assert!(
        err.contains("there is no round 9; this process has 3 round(s)"),
        "{err}"
    );
    let err = env.fails(["round", "show", "follow-up-2025-12-5"]);
    assert!(
        err.contains("did you mean 'follow-up-2025-12-05'?"),
        "{err}"
    );

    let one = TestEnv::seeded();
    let err = one.fails(["round", "show", "previous"]);
    assert!(
        err.contains("fewer than two rounds have been held"),
        "{err}"
    );
}

/// Rounds and claims are listed newest first, so that a common word costs a page of
/// hits, not the whole index; agenda items keep the best match first.
#[test]
fn search_lists_the_newest_matches_first() {
    let env = TestEnv::empty();
    env.write("synthetic.toml", &synthetic_round_file("s-", 30, 2));
    env.ok(["import", "synthetic.toml"]);
    let found = env.json(["search", "round", "--limit", "3", "--format", "json"]);
    let hits = |found: &serde_json::Value, field: &str| -> Vec<(String, String)> {
        (found.as_array().unwrap().iter())
            .map(|h| (h["kind"].to_string(), h[field].to_string()))
            .collect()
    };
    let rounds: Vec<(String, String)> = ["29", "28", "27"]
        .map(|n| ("\"round\"".to_owned(), format!("\"s-round-{n}\"")))
        .into();
    assert_eq!(hits(&found, "round"), rounds);
    let notes = env.json(["search", "item", "1", "--limit", "2", "--format", "json"]);
    let items = |found: &serde_json::Value| -> Vec<(String, String)> {
        (found.as_array().unwrap().iter())
            .map(|h| (h["item"].to_string(), h["round"].to_string()))
            .collect()
    };
    assert_eq!(
        items(&notes),
        [
            ("\"s-item-1\"".to_owned(), "null".to_owned()),
            ("\"s-item-1\"".to_owned(), "\"s-round-29\"".to_owned())
        ]
    );
    if env.server.is_none() {
        // The text shown is FTS5's snippet on a file (a server's is ts_headline's).
        let text = |found: &serde_json::Value| -> Vec<String> {
            (found.as_array().unwrap().iter())
                .map(|h| h["text"].as_str().unwrap().to_owned())
                .collect()
        };
        assert_eq!(text(&found), ["[Round] 29", "[Round] 28", "[Round] 27"]);
        assert_eq!(text(&notes), ["[Item] [1] s-", "Round 29, [item] [1]."]);
    }
}

/// An export longer than one run of rounds reads back into an empty database as the
/// same timeline, to standard output and to a file, in both formats.
#[test]
fn an_export_of_many_runs_of_rounds_imports_back_as_the_same_timeline() {
    let env = TestEnv::empty();
    env.write("synthetic.toml", &synthetic_round_file("e-", 600, 3));
    env.ok(["import", "synthetic.toml"]);
    let exported = env.ok(["export"]);
    env.ok(["export", "--format", "json", "-o", "export.json"]);
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(env.path("export.json")).unwrap()).unwrap();
    assert_eq!(json["round"].as_array().unwrap().len(), 600);
    assert_eq!(json["round"][599]["slug"], "e-round-599");

    let copy = TestEnv::empty();
    copy.write("export.toml", &exported);
    copy.ok(["import", "export.toml"]);
    common::assert_same_lines(&views(&copy), &views(&env));

    // A chosen round on its own.
    let one = env.ok(["export", "300"]);
    assert_eq!(one.matches("[[round]]").count(), 1);
    assert!(one.contains("slug = \"e-round-299\""), "{one}");
}

/// `round list` reads participants by a range of round ids and joins them to the
/// rounds it lists: a round of another process whose id lies among them lends none of
/// its participants, and each round lists its own in party order.
#[test]
fn round_list_shows_each_rounds_own_participants_among_another_processs_rounds() {
    let env = TestEnv::seeded();
    env.other_client(
        "INSERT INTO process (process_id, slug, name) VALUES (2, 'q', 'Q');
         INSERT INTO round (round_id, process_id, slug, title, start_date, state) VALUES
             (2, 2, 'q-first', 'Q first', '2025-11-24', 'held'),
             (3, 1, 'p-second', 'P second', '2025-11-25', 'held'),
             (4, 2, 'q-second', 'Q second', '2025-11-26', 'held'),
             (5, 1, 'p-third', 'P third', '2025-11-27', 'held');
         INSERT INTO round_party (round_id, party_id, role) VALUES
             (2, 1, 'host'), (3, 4, 'observer'), (3, 2, 'mediator'), (4, 3, 'delegation');",
    )
    .unwrap();
    let parties = |process: &str| -> Vec<String> {
        env.json(["round", "list", "--process", process, "--format", "json"])
            .as_array()
            .unwrap()
            .iter()
            .map(|r| format!("{}: {}", r["round"], r["parties"]))
            .collect()
    };
    assert_eq!(
        parties("ukraine-peace"),
        [
            "\"geneva-2025-11-23\": \"us (delegation), ukraine (delegation), russia (absent), \
             europe (stakeholder), aid-organisations (stakeholder)\"",
            "\"p-second\": \"ukraine (mediator), europe (observer)\"",
            "\"p-third\": null",
        ]
    );
    assert_eq!(
        parties("q"),
        [
            "\"q-first\": \"us (host)\"",
            "\"q-second\": \"russia (delegation)\""
        ]
    );
}
