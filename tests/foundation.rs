//! The foundation: a fresh database holds the Geneva round as the article reads,
//! seeding is idempotent, and the schema itself guards the data.

mod common;

use common::TestEnv;

/// The ten Geneva agenda items and the status the seed article supports for each.
const GENEVA: [(&str, &str); 10] = [
    ("humanitarian-coordination", "preliminary"),
    ("humanitarian-corridors", "proposed"),
    ("localized-ceasefires", "proposed"),
    ("security-architecture", "discussed"),
    ("security-guarantees", "contested"),
    ("territorial-questions", "contested"),
    ("international-monitors", "contested"),
    ("prisoner-exchanges", "proposed"),
    ("economic-stabilization", "discussed"),
    ("dialogue-channels", "agreed"),
];

#[test]
fn a_fresh_report_shows_every_geneva_item_at_the_status_the_article_supports() {
    let env = TestEnv::new();
    let report = env.json(["report", "--format", "json"]);
    assert!(env.created(), "the first command creates the database");

    let items = report["items"].as_array().expect("an items array");
    for (item, status) in GENEVA {
        let entry = items
            .iter()
            .find(|i| i["item"] == item)
            .unwrap_or_else(|| panic!("{item} missing from the report"));
        assert_eq!(entry["status"], status, "{item}");
        assert_eq!(entry["movement"], "new", "{item}");
        assert!(entry["title"].as_str().is_some_and(|t| !t.is_empty()));
        assert_eq!(
            entry["trajectory"],
            serde_json::json!([{ "round": "geneva-2025-11-23", "status": status, "corrected": false }])
        );
    }
    let with_status = items.iter().filter(|i| !i["status"].is_null()).count();
    assert_eq!(with_status, 10);
}

#[test]
fn the_terminal_report_names_each_item_its_status_and_round() {
    let env = TestEnv::new();
    let table = env.ok(["report"]);
    for title in [
        "Humanitarian coordination",
        "Dialogue channels",
        "Prisoner exchanges",
    ] {
        assert!(table.contains(title), "{title} missing:\n{table}");
    }
    assert!(table.contains("Preliminary agreement") || table.contains("Preliminary"));
    // The round by place and date, not by slug.
    assert!(table.contains("Geneva, 23 Nov 2025"));
    assert!(
        !table.contains('\u{1b}'),
        "no colour when not on a terminal"
    );
    assert!(
        table.lines().all(|l| parley::output::grid::width(l) <= 100),
        "fits 100 columns:\n{table}"
    );
}

#[test]
fn the_current_status_view_lists_the_ten_items() {
    let env = TestEnv::seeded();
    let rows = env.query("SELECT item, status FROM current_status ORDER BY item");
    let mut expected: Vec<Vec<String>> = GENEVA
        .iter()
        .map(|(i, s)| vec![i.to_string(), s.to_string()])
        .collect();
    expected.sort();
    assert_eq!(rows, expected);
}

#[test]
fn seeding_twice_changes_nothing() {
    let env = TestEnv::seeded();
    let before = env.dump();
    let out = env.run(["seed"]);
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("nothing changed"));
    assert_eq!(env.dump(), before);
}

#[test]
fn seeding_an_empty_database_fills_it() {
    let env = TestEnv::empty();
    env.ok(["seed"]);
    assert_eq!(env.count("status_record"), 10);
    assert_eq!(env.count("round"), 1);
}

#[test]
fn init_empty_holds_no_data_but_the_vocabularies() {
    let env = TestEnv::empty();
    for table in [
        "process",
        "party",
        "party_alias",
        "round",
        "round_party",
        "agenda_item",
        "source",
        "status_record",
        "position",
        "commitment",
        "commitment_party",
        "commitment_fate",
        "round_note",
        "quote",
        "citation",
        "round_history",
    ] {
        assert_eq!(env.count(table), 0, "{table} should be empty");
    }
    assert_eq!(env.count("status"), 10);
    assert_eq!(env.count("stance"), 7);
    assert_eq!(env.count("reliability"), 6);
    assert_eq!(env.count("credibility"), 6);
}

#[test]
fn init_on_an_existing_database_keeps_it() {
    let env = TestEnv::seeded();
    let before = env.dump();
    env.ok(["init"]);
    assert_eq!(env.dump(), before);
}

#[test]
fn the_database_is_opened_in_wal_mode() {
    if common::file_only() {
        return;
    }
    let env = TestEnv::seeded();
    assert_eq!(
        env.query("PRAGMA journal_mode"),
        vec![vec!["wal".to_string()]]
    );
}

#[test]
fn the_seed_ties_every_claim_to_the_articles_sources() {
    let env = TestEnv::seeded();
    assert_eq!(env.count("source"), 6);
    let uncited = env.query(
        "SELECT count(*) FROM status_record sr
         WHERE NOT EXISTS (SELECT 1 FROM citation c WHERE c.status_record_id = sr.status_record_id)",
    );
    assert_eq!(uncited[0][0], "0");
    let quotes = env.query("SELECT text FROM quote ORDER BY quote_id");
    assert!(
        quotes
            .iter()
            .any(|q| q[0].contains("the door is no longer closed"))
    );
    let drivers = env.query("SELECT count(*) FROM round_note WHERE kind = 'driver'");
    assert_eq!(drivers[0][0], "4");
    let absent = env.query(
        "SELECT p.slug FROM round_party rp JOIN party p USING (party_id) WHERE rp.role = 'absent'",
    );
    assert_eq!(absent, vec![vec!["russia".to_string()]]);
}

#[test]
fn every_record_carries_the_clock_it_was_recorded_at() {
    let env = TestEnv::seeded();
    let stamps = env.query("SELECT DISTINCT recorded_at FROM status_record");
    assert_eq!(stamps, vec![vec!["2025-11-24T09:00:00.000Z".to_string()]]);
}

#[test]
fn the_schema_rejects_an_unknown_status() {
    let env = TestEnv::seeded();
    let err = env
        .execute(
            "INSERT INTO status_record (agenda_item_id, round_id, status, supersedes_status_record_id)
             SELECT sr.agenda_item_id, sr.round_id, 'agred', sr.status_record_id FROM status_record sr LIMIT 1",
        )
        .unwrap_err();
    // A trigger, so that clients with foreign keys off are refused too.
    assert!(err.contains("status_record.status must be one of"), "{err}");
}

#[test]
fn the_schema_rejects_a_dangling_reference() {
    let env = TestEnv::seeded();
    let err = env
        .execute("INSERT INTO round_party (round_id, party_id, role) VALUES (999, 1, 'delegation')")
        .unwrap_err();
    // SQLite's words or PostgreSQL's.
    assert!(err.to_lowercase().contains("foreign key"), "{err}");
}

#[test]
fn the_schema_rejects_values_outside_its_vocabularies() {
    let env = TestEnv::seeded();
    let err = env
        .execute("INSERT INTO round (process_id, slug, title, start_date, state) VALUES (1, 'x', 'X', '2025-12-01', 'happening')")
        .unwrap_err();
    assert!(err.to_lowercase().contains("check constraint"), "{err}");
    let err = env
        .execute("INSERT INTO round (process_id, slug, title, start_date, state) VALUES (1, 'x', 'X', '1 Dec 2025', 'held')")
        .unwrap_err();
    assert!(err.to_lowercase().contains("check constraint"), "{err}");
    let err = env
        .execute("INSERT INTO round (process_id, slug, title, start_date, end_date, state) VALUES (1, 'x', 'X', '2025-12-02', '2025-12-01', 'held')")
        .unwrap_err();
    assert!(err.to_lowercase().contains("check constraint"), "{err}");
}

#[test]
fn status_records_are_append_only() {
    let env = TestEnv::seeded();
    let err = env
        .execute("UPDATE status_record SET status = 'agreed'")
        .unwrap_err();
    assert!(err.contains("append-only"), "{err}");
    let err = env.execute("DELETE FROM status_record").unwrap_err();
    assert!(err.contains("append-only"), "{err}");
    let err = env
        .execute(
            "INSERT INTO status_record (agenda_item_id, round_id, status)
             SELECT agenda_item_id, round_id, 'agreed' FROM status_record LIMIT 1",
        )
        .unwrap_err();
    assert!(err.contains("supersedes"), "{err}");
}

#[test]
fn the_views_answer_plain_sql() {
    let env = TestEnv::seeded();
    let current = env.query(
        "SELECT process, item, item_title, status, rank, round, round_date FROM current_status
         WHERE item = 'dialogue-channels'",
    );
    assert_eq!(
        current,
        vec![
            vec![
                "ukraine-peace",
                "dialogue-channels",
                "Dialogue channels",
                "agreed",
                "5",
                "geneva-2025-11-23",
                "2025-11-23",
            ]
            .into_iter()
            .map(String::from)
            .collect::<Vec<_>>()
        ]
    );
    let timeline = env.query(
        "SELECT process, item, round, round_date, status, rank, note FROM status_timeline
         WHERE item = 'territorial-questions'",
    );
    assert_eq!(timeline.len(), 1);
    assert_eq!(timeline[0][4], "contested");
    assert_eq!(timeline[0][5], "0");
    let movement = env.query("SELECT item, previous_status, movement FROM movement ORDER BY item");
    assert_eq!(movement.len(), 10);
    assert!(movement.iter().all(|r| r[1] == "NULL" && r[2] == "new"));
}

#[test]
fn the_schema_command_documents_every_table_column_and_view() {
    let env = TestEnv::seeded();
    let schema = env.json(["schema", "--format", "json"]);
    let objects = schema.as_array().expect("an array");
    let names: Vec<&str> = objects.iter().filter_map(|o| o["name"].as_str()).collect();
    for required in [
        "process",
        "party",
        "round",
        "round_party",
        "agenda_item",
        "status",
        "status_record",
        "stance",
        "position",
        "commitment",
        "quote",
        "source",
        "citation",
        "current_status",
        "status_timeline",
        "movement",
    ] {
        assert!(
            names.contains(&required),
            "{required} missing from `parley schema`"
        );
    }
    for object in objects {
        let name = object["name"].as_str().unwrap();
        assert!(
            object["doc"].as_str().is_some_and(|d| d.len() > 10),
            "{name} has no documentation"
        );
        if object["kind"] == "table" {
            for column in object["columns"].as_array().unwrap() {
                assert!(
                    column["doc"].as_str().is_some_and(|d| !d.is_empty()),
                    "{name}.{} has no documentation",
                    column["name"]
                );
            }
        }
    }
    let text = env.ok(["schema"]);
    assert!(text.contains("view current_status"));
    assert!(text.contains("→ agenda_item.agenda_item_id"));
}

#[test]
fn the_tables_are_strict() {
    if common::file_only() {
        return;
    }
    let env = TestEnv::seeded();
    let loose = env.query(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'
         AND name NOT LIKE '\\_%' ESCAPE '\\' AND name NOT LIKE '%fts%' AND sql NOT LIKE '%) STRICT%'",
    );
    assert!(loose.is_empty(), "tables not STRICT: {loose:?}");
}

#[test]
fn every_foreign_key_has_an_index() {
    let env = TestEnv::seeded();
    let unindexed = env.query(if env.server.is_some() {
        // A key whose first column leads no index (a primary key's included).
        "SELECT c.conrelid::regclass::text, a.attname::text
         FROM pg_constraint c
         JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
         WHERE c.contype = 'f' AND c.connamespace = 'public'::regnamespace
           AND NOT EXISTS (SELECT 1 FROM pg_index i
                           WHERE i.indrelid = c.conrelid AND i.indkey[0] = c.conkey[1])"
    } else {
        "SELECT m.name, f.\"from\"
         FROM sqlite_master m, pragma_foreign_key_list(m.name) f
         WHERE m.type = 'table'
           AND NOT EXISTS (SELECT 1 FROM pragma_index_list(m.name) il, pragma_index_info(il.name) ii
                           WHERE ii.seqno = 0 AND ii.name = f.\"from\")
           AND NOT EXISTS (SELECT 1 FROM pragma_table_info(m.name) t WHERE t.pk = 1 AND t.name = f.\"from\")"
    });
    assert!(
        unindexed.is_empty(),
        "foreign keys without an index: {unindexed:?}"
    );
}
