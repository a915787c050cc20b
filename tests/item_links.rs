//! An item's parent is a foreign key of its own column (migrations/20251213000000_…),
//! which Datasette, sqlite-utils and DB browsers follow as a link, and the rule the
//! composite key held (a parent of the same process) is a trigger. The migration
//! rebuilds agenda_item: these tests upgrade a file holding a timeline from the schema
//! before it and check that the rows, every other schema object and the file's
//! integrity come through unchanged.

mod common;

use std::path::Path;

use common::TestEnv;
use common::older;

const FOLLOW_UP: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/follow-up.toml");
const FATES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/fates.toml");
const SUB_ITEMS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/sub-items.toml");

/// The migration this file tests, and the one before it.
const REBUILD: i64 = 20251213000000;
const BEFORE_REBUILD: i64 = 20251212000000;

/// The tables that hold what was recorded, in an order that inserts a row after the
/// rows it names. (The vocabularies come with the schema; round_order,
/// status_in_force and the full-text indexes are kept by triggers as rows arrive.)
const RECORDED: [&str; 17] = [
    "process",
    "party",
    "party_alias",
    "source",
    "round",
    "round_history",
    "round_party",
    "agenda_item",
    "status_record",
    "position",
    "commitment",
    "commitment_party",
    "commitment_fate",
    "round_note",
    "quote",
    "citation",
    "write_log",
];

/// A file at the schema before the rebuild, holding what `source` holds: the
/// migrations up to [`BEFORE_REBUILD`], then every recorded row copied over with
/// foreign keys on (so the old composite key checks every parent).
fn older_file_holding(db: &Path, source: &Path) {
    older::older_file_holding(db, BEFORE_REBUILD, source, &RECORDED);
}

/// The source timeline: the seed, the follow-up with a sub-item's status, a fate.
fn timeline() -> TestEnv {
    let env = TestEnv::seeded();
    env.ok(["import", FOLLOW_UP, FATES, SUB_ITEMS]);
    env
}

/// A file at the schema before the rebuild holding the source timeline, checked to
/// hold every recorded table's rows; with the source, for comparison.
fn older_timeline() -> (TestEnv, TestEnv) {
    let source = timeline();
    let env = TestEnv::file();
    older_file_holding(&env.db, &source.db);
    // Every recorded table is copied: a table added later must join the list.
    let tables: Vec<String> = env
        .query(
            r"SELECT name FROM sqlite_master WHERE type = 'table' AND sql NOT LIKE '%USING fts5%'
                AND name NOT LIKE '%\_fts\_%' ESCAPE '\' AND name NOT LIKE 'sqlite\_%' ESCAPE '\'
                AND name NOT IN ('_sqlx_migrations', 'round_order', 'status_in_force',
                                 'status', 'stance', 'reliability', 'credibility')
              ORDER BY name",
        )
        .into_iter()
        .map(|row| row[0].clone())
        .collect();
    let mut recorded: Vec<String> = RECORDED.iter().map(|t| t.to_string()).collect();
    recorded.sort();
    assert_eq!(tables, recorded);
    // Every row copied (later migrations add columns, so rows are counted, not compared).
    for table in RECORDED {
        let count = format!("SELECT count(*) FROM {table}");
        assert_eq!(env.query(&count), source.query(&count), "{table}");
    }
    (env, source)
}

/// The schema objects the rebuild means to change (or add, or drop).
const INTENDED: [&str; 7] = [
    "agenda_item",
    "agenda_item_parent_same_process",
    "agenda_item_parent_same_process_update",
    // The unique (agenda_item_id, process_id) that only the composite key pointed to.
    "sqlite_autoindex_agenda_item_2",
    "current_status",
    "movement",
    "status_timeline",
];

#[test]
fn the_rebuild_changes_the_parent_key_and_the_status_views_and_nothing_else() {
    if common::file_only() {
        return;
    }
    let (env, _) = older_timeline();
    // The old schema: the composite key, which foreign_key_list shows as two columns.
    assert_eq!(
        env.query(
            r#"SELECT "from", "to" FROM pragma_foreign_key_list('agenda_item')
               WHERE "table" = 'agenda_item' ORDER BY seq"#
        ),
        [
            ["parent_agenda_item_id", "agenda_item_id"],
            ["process_id", "process_id"]
        ]
    );
    let before_schema = older::schema_objects(&env);
    let before_rows = env.content();
    let medical = "SELECT rowid FROM agenda_item_fts WHERE agenda_item_fts MATCH 'medical'";
    let found_before = env.query(medical);
    assert_eq!(found_before.len(), 1);

    older::migrate_to(&env.db, REBUILD);

    assert!(env.query("PRAGMA foreign_key_check").is_empty());
    assert_eq!(env.query("PRAGMA integrity_check"), [["ok"]]);
    // The rows, what the full-text indexes find and the derived tables, unchanged.
    common::assert_same_lines(&before_rows, &env.content());
    assert_eq!(env.query(medical), found_before);
    // The schema: what the migration means to change, and nothing else; every index
    // and trigger of agenda_item is back with the statement it had.
    let after_schema = older::schema_objects(&env);
    let mut changed: Vec<&str> = before_schema
        .keys()
        .chain(after_schema.keys())
        .filter(|name| before_schema.get(*name) != after_schema.get(*name))
        .map(String::as_str)
        .collect();
    changed.sort();
    changed.dedup();
    let mut intended = INTENDED.to_vec();
    intended.sort();
    assert_eq!(changed, intended);
    // The parent is a foreign key of its own column.
    assert_eq!(
        env.query(
            r#"SELECT "from", "to" FROM pragma_foreign_key_list('agenda_item')
               WHERE "table" = 'agenda_item'"#
        ),
        [["parent_agenda_item_id", "agenda_item_id"]]
    );
}

/// Parley upgrades such a file (`init`, like any command that writes) in one transaction (every migration and its log row
/// commit together, foreign keys on), checks it sound, and writes to it as before.
#[test]
fn parley_upgrades_a_timeline_across_the_rebuild() {
    if common::file_only() {
        return;
    }
    let (env, source) = older_timeline();
    let out = env.run(["init"]);
    assert!(out.status.success());
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(said.contains("upgrading"), "{said}");
    let check = env.ok(["check"]);
    assert!(check.starts_with("ok"), "{check}");
    assert_eq!(
        env.query("SELECT count(*) FROM _sqlx_migrations")[0][0],
        parley::storage::MIGRATOR.iter().count().to_string()
    );
    assert!(env.query("PRAGMA foreign_key_check").is_empty());
    let views = "SELECT * FROM movement ORDER BY status_record_id";
    assert_eq!(env.query(views), source.query(views));
    env.ok([
        "item",
        "add",
        "Medical evacuations by air",
        "--parent",
        "medical-deliveries",
    ]);
    assert_eq!(
        env.query(
            "SELECT p.slug FROM agenda_item i JOIN agenda_item p ON p.agenda_item_id = i.parent_agenda_item_id
             WHERE i.title = 'Medical evacuations by air'"
        ),
        [["medical-deliveries"]]
    );
    assert!(env.ok(["check"]).starts_with("ok"));
}

/// The other process's item, under one of the seed's.
const OTHER_PROCESS_ITEM: &str = "INSERT INTO agenda_item (process_id, slug, title, parent_agenda_item_id)
     SELECT process_id, 'stray', 'Stray', (SELECT agenda_item_id FROM agenda_item WHERE slug = 'prisoner-exchanges')
     FROM process WHERE slug = 'other'";
const SAME_PROCESS: &str = "agenda_item: an item's parent must be an item of the same process";

#[test]
fn a_parent_must_be_an_item_of_the_same_process() {
    let env = timeline();
    env.execute("INSERT INTO process (slug, name) VALUES ('other', 'Other')")
        .unwrap();
    let before = env.dump();
    let err = env.execute(OTHER_PROCESS_ITEM).unwrap_err();
    assert!(err.contains(SAME_PROCESS), "{err}");
    assert_eq!(env.dump(), before);
    // Within the process, a parent is taken as before.
    env.execute(
        "UPDATE agenda_item SET parent_agenda_item_id = (SELECT agenda_item_id FROM agenda_item WHERE slug = 'security-architecture')
         WHERE slug = 'security-guarantees'",
    )
    .unwrap();
    assert!(env.ok(["check"]).starts_with("ok"));
}

/// Another SQLite client, with foreign keys off, meets the same rule, and a parent
/// that is no item is refused too.
#[test]
fn a_parent_must_be_an_item_of_the_same_process_for_another_sqlite_client() {
    if common::file_only() {
        return;
    }
    let env = TestEnv::seeded_file();
    env.ok(["import", FOLLOW_UP, FATES, SUB_ITEMS]);
    env.execute("INSERT INTO process (slug, name) VALUES ('other', 'Other')")
        .unwrap();
    let before = env.dump();
    assert_eq!(
        env.other_client(OTHER_PROCESS_ITEM).unwrap_err(),
        SAME_PROCESS
    );
    assert_eq!(
        env.other_client(
            "UPDATE agenda_item SET parent_agenda_item_id = 9999 WHERE slug = 'winterization'"
        )
        .unwrap_err(),
        SAME_PROCESS
    );
    assert_eq!(env.dump(), before);
    env.other_client(
        "UPDATE agenda_item SET parent_agenda_item_id = (SELECT agenda_item_id FROM agenda_item WHERE slug = 'security-architecture')
         WHERE slug = 'security-guarantees'",
    )
    .unwrap();
    assert!(env.ok(["check"]).starts_with("ok"));
}

/// A parent that does not exist, written by a client with foreign keys off before the
/// trigger existed, stops the upgrade (the rebuilt table checks every row's keys): the
/// file is left as it was, and the message says how to find the row. Before, the
/// upgrade failed with SQLite's bare "FOREIGN KEY constraint failed".
#[test]
fn an_upgrade_stopped_by_a_broken_row_says_where_to_look_and_changes_nothing() {
    if common::file_only() {
        return;
    }
    let (env, _) = older_timeline();
    env.other_client(
        "INSERT INTO agenda_item (process_id, slug, title, parent_agenda_item_id) VALUES (1, 'orphan', 'Orphan', 9999)",
    )
    .unwrap();
    let before = env.dump();
    let err = env.fails(["init"]);
    assert!(
        err.contains("could not be upgraded") && err.contains("parley check"),
        "{err}"
    );
    assert_eq!(env.dump(), before);
    let out = env.run(["check", "--format", "json"]);
    assert!(!out.status.success());
    let problems: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(
        problems.as_array().unwrap().iter().any(|p| {
            p["check"] == "agenda_item_parent_same_process"
                && p["detail"].as_str().unwrap().contains("9999")
        }),
        "{problems}"
    );
}

/// `parley schema` lists tables in the order the migrations introduced them: the
/// rebuilt agenda_item keeps its place beside round and source, where SQLite's own
/// order (a rebuilt table is its newest object) put it last.
#[test]
fn the_rebuilt_table_keeps_its_place_in_the_schema() {
    let env = TestEnv::seeded();
    let schema = env.json(["schema", "--format", "json"]);
    let tables: Vec<&str> = schema
        .as_array()
        .unwrap()
        .iter()
        .filter(|o| o["kind"] == "table")
        .map(|o| o["name"].as_str().unwrap())
        .collect();
    let at = |name: &str| tables.iter().position(|t| *t == name).unwrap();
    assert_eq!(at("agenda_item"), at("round_party") + 1, "{tables:?}");
    if env.server.is_none() {
        // (A server's schema creates outlet before source, whose key names it.)
        assert_eq!(at("source"), at("agenda_item") + 1, "{tables:?}");
    }
    assert!(at("status_in_force") > at("write_log"), "{tables:?}");
    // Views after every table, in the order they were introduced.
    let kinds: Vec<&str> = schema
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["kind"].as_str().unwrap())
        .collect();
    assert!(
        kinds
            .windows(2)
            .all(|w| !(w[0] == "view" && w[1] == "table"))
    );
}
