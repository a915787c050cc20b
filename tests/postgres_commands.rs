//! The commands that run on a PostgreSQL server today, driven through the real binary:
//! `copy` between a file and a server (both ways, with the whole history), `backup`,
//! `sql` and `schema` on a server, `init --empty --roles`, and the refusal of every
//! other command by name.
//!
//! Each test takes a database of its own on the server `PARLEY_TEST_POSTGRES` names
//! (`scripts/postgres-test-server start`), and is skipped with a note where it is unset.

mod common;

use common::TestEnv;
use common::postgres::PgDatabase;
use sqlx::{Connection, Executor};

const FOLLOW_UP: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/follow-up.toml");
const FATES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/fates.toml");
const SUB_ITEMS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/sub-items.toml");
const PERSONS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/persons.toml");

/// Runs a command at a given instant.
fn at(env: &mut TestEnv, now: &str, args: &[&str]) -> String {
    env.now = now.to_owned();
    env.ok(args)
}

/// A timeline with history: the seed and the fixtures' rounds, fates, sub-items and
/// persons; a status corrected; a source, a party, an item and a participant edited
/// (each keeping its earlier version) and two aliases removed (the last one added,
/// so that the history holds the highest id); a status, a position and
/// a quote retracted. Each written at its own instant.
fn history() -> TestEnv {
    let mut env = TestEnv::seeded();
    at(
        &mut env,
        "2025-12-06T09:00:00Z",
        &["import", FOLLOW_UP, FATES, SUB_ITEMS, PERSONS],
    );
    at(
        &mut env,
        "2025-12-07T09:00:00Z",
        &[
            "status",
            "set",
            "prisoner-exchanges",
            "--round",
            "follow-up-2025-12-05",
            "--status",
            "stalled",
            "--note",
            "Corrected: the swap was put off.",
        ],
    );
    at(
        &mut env,
        "2025-12-08T09:00:00Z",
        &[
            "source",
            "edit",
            "fixture-wire-2025-12-05",
            "--title",
            "Follow-up talks: lists exchanged",
        ],
    );
    at(
        &mut env,
        "2025-12-08T09:01:00Z",
        &["party", "edit", "us", "--remove-alias", "usa"],
    );
    at(
        &mut env,
        "2025-12-08T09:02:00Z",
        &["party", "edit", "ukraine", "--name", "Ukraine (Kyiv)"],
    );
    at(
        &mut env,
        "2025-12-08T09:03:00Z",
        &[
            "item",
            "edit",
            "energy-infrastructure",
            "--title",
            "Strikes on energy infrastructure",
        ],
    );
    at(
        &mut env,
        "2025-12-08T09:03:30Z",
        &["party", "edit", "us", "--add-alias", "Uncle Sam"],
    );
    at(
        &mut env,
        "2025-12-08T09:03:40Z",
        &["party", "edit", "us", "--remove-alias", "Uncle Sam"],
    );
    at(
        &mut env,
        "2025-12-08T09:04:00Z",
        &[
            "round",
            "edit",
            "follow-up-2025-12-05",
            "--party",
            "US:host:led by the envoy",
        ],
    );
    at(
        &mut env,
        "2025-12-09T09:00:00Z",
        &[
            "status",
            "retract",
            "--round",
            "follow-up-2025-12-05",
            "--item",
            "humanitarian-coordination",
            "--reason",
            "The mechanism was Geneva's",
        ],
    );
    at(
        &mut env,
        "2025-12-09T09:10:00Z",
        &[
            "quote",
            "retract",
            "1",
            "--reason",
            "Attributed to the wrong official",
        ],
    );
    env
}

/// The tables that hold history: a fixture that leaves one empty proves nothing.
const HISTORY_TABLES: [&str; 7] = [
    "source_history",
    "party_history",
    "party_alias_history",
    "agenda_item_history",
    "round_party_history",
    "retraction",
    "write_log",
];

/// Copies `env`'s file to a fresh server database and back into a new file; the new
/// file holds every row of every table the original holds (ids, history, the write
/// log, the derived tables the triggers rebuilt, what the full-text indexes find),
/// and `parley check` passes on it.
fn round_trip(env: &TestEnv) -> Option<PgDatabase> {
    let db = PgDatabase::new()?;
    let url = db.url(None);
    let said = env.run(["copy", "--from", "parley.db", "--to", &url]);
    assert!(said.status.success(), "{said:?}");
    let err = String::from_utf8_lossy(&said.stderr);
    assert!(err.contains("copied parley.db to postgres://"), "{err}");
    assert!(err.contains(" tables, "), "{err}");

    let mut back = TestEnv::new();
    back.now = env.now.clone();
    back.ok(["copy", "--from", &url, "--to", "parley.db"]);
    common::assert_same_lines(&env.content(), &back.content());
    let checked = back.ok(["check"]);
    assert!(
        checked.starts_with("ok: ") && checked.contains("passed every check"),
        "{checked}"
    );
    assert_eq!(
        env.json(["report", "--format", "json"]),
        back.json(["report", "--format", "json"])
    );
    Some(db)
}

#[test]
fn the_seed_goes_to_a_server_and_back_with_every_row() {
    if common::file_only() {
        return;
    }
    round_trip(&TestEnv::seeded());
}

/// Ids are never reused on the server either: after a copy, a new row of each table
/// that lost one (an alias removed) takes an id past every id the table and its
/// history hold, and a new process one past those copied.
fn new_ids_are_fresh(env: &TestEnv, db: &PgDatabase) {
    let held = |sql: &str| -> i64 { env.query(sql)[0][0].parse().unwrap() };
    let alias_held = held(
        "SELECT max(id) FROM (SELECT party_alias_id AS id FROM party_alias
                              UNION ALL SELECT party_alias_id FROM party_alias_history)",
    );
    let process_held = held("SELECT max(process_id) FROM process");
    db.block_on(async {
        let mut conn = db.connect(None).await;
        let alias: i64 = sqlx::query_scalar(
            "INSERT INTO party_alias (party_id, alias) VALUES (1, 'A fresh name')
             RETURNING party_alias_id",
        )
        .fetch_one(&mut conn)
        .await
        .expect("a new alias takes a fresh id");
        assert!(alias > alias_held, "{alias} after {alias_held}");
        let process: i64 = sqlx::query_scalar(
            "INSERT INTO process (slug, name) VALUES ('fresh', 'Fresh') RETURNING process_id",
        )
        .fetch_one(&mut conn)
        .await
        .unwrap();
        assert_eq!(process, process_held + 1);
    });
}

#[test]
fn a_timeline_with_edits_retractions_and_history_goes_to_a_server_and_back() {
    if common::file_only() {
        return;
    }
    let env = history();
    for table in HISTORY_TABLES {
        assert!(env.count(table) > 0, "the fixture fills {table}");
    }
    let Some(db) = round_trip(&env) else { return };
    let removed: i64 = env.query("SELECT max(party_alias_id) FROM party_alias_history")[0][0]
        .parse()
        .unwrap();
    let kept: i64 = env.query("SELECT max(party_alias_id) FROM party_alias")[0][0]
        .parse()
        .unwrap();
    assert!(removed > kept, "the removed alias held the highest id");
    new_ids_are_fresh(&env, &db);
}

/// A second copy onto a server that holds a timeline is refused whole: nothing is
/// merged or replaced.
#[test]
fn a_copy_onto_a_server_that_holds_a_timeline_is_refused() {
    if common::file_only() {
        return;
    }
    let Some(db) = PgDatabase::new() else { return };
    let url = db.url(None);
    let env = TestEnv::seeded();
    env.ok(["copy", "--from", "parley.db", "--to", &url]);
    let other = history();
    let err = other.fails(["copy", "--from", "parley.db", "--to", &url]);
    assert!(err.contains("holds a timeline already"), "{err}");
    assert!(err.contains("nothing was written"), "{err}");
    // The server holds the seed still, as a copy back shows.
    let back = TestEnv::new();
    back.ok(["copy", "--from", &url, "--to", "parley.db"]);
    common::assert_same_lines(&env.content(), &back.content());
}

/// A database of a newer Parley's schema is refused with a newer file's words, by
/// every command, and nothing is written.
#[test]
fn a_newer_schema_on_the_server_is_refused_as_a_newer_file_is() {
    if common::file_only() {
        return;
    }
    let Some(db) = PgDatabase::new() else { return };
    let url = db.url(None);
    let env = TestEnv::empty();
    env.ok(["--db", &url, "init", "--empty"]);
    db.block_on(async {
        let mut conn = db.connect(None).await;
        conn.execute(
            "INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time)
             VALUES (29991231000000, 'from the future', true, '\\x00', 0)",
        )
        .await
        .unwrap();
        conn.close().await.ok();
    });
    for args in [
        vec!["copy", "--from", "parley.db", "--to", &url],
        vec!["copy", "--from", &url, "--to", "copy.db"],
        vec!["--db", &url, "backup", "backup.db"],
        vec!["--db", &url, "sql", "SELECT 1"],
        vec!["--db", &url, "init", "--empty"],
    ] {
        let err = env.fails(&args);
        assert!(
            err.contains("written by a newer Parley (schema version 29991231000000"),
            "{args:?}: {err}"
        );
    }
    assert!(!env.path("copy.db").exists());
    assert!(!env.path("backup.db").exists());
}

/// Another application's database is refused, and left as it was.
#[test]
fn a_database_that_holds_other_tables_is_refused() {
    if common::file_only() {
        return;
    }
    let Some(db) = PgDatabase::new() else { return };
    let url = db.url(None);
    db.block_on(async {
        let mut conn = db.connect(None).await;
        conn.execute("CREATE TABLE invoices (id int)")
            .await
            .unwrap();
        conn.close().await.ok();
    });
    let env = TestEnv::seeded();
    for args in [
        vec!["copy", "--from", "parley.db", "--to", &url],
        vec!["--db", &url, "init", "--empty"],
    ] {
        let err = env.fails(&args);
        assert!(err.contains("but not a Parley timeline"), "{args:?}: {err}");
    }
    let tables: i64 = db.block_on(async {
        let mut conn = db.connect(None).await;
        sqlx::query_scalar("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")
            .fetch_one(&mut conn)
            .await
            .unwrap()
    });
    assert_eq!(tables, 1, "only the other application's table");
}

/// A backup of a server is a Parley file whose report is the original file's, and an
/// existing file is refused as `backup` refuses it on a file.
#[test]
fn a_backup_of_a_server_is_a_file_with_the_same_report() {
    if common::file_only() {
        return;
    }
    let Some(db) = PgDatabase::new() else { return };
    let url = db.url(None);
    let env = history();
    env.ok(["copy", "--from", "parley.db", "--to", &url]);
    let out = env.run(["--db", &url, "backup", "offline.db"]);
    assert!(out.status.success(), "{out:?}");
    assert!(out.stdout.is_empty());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("copied postgres://"), "{err}");
    assert!(err.contains("to offline.db"), "{err}");
    let original = env.json(["report", "--format", "json"]);
    let backup = env.json(["--db", "offline.db", "report", "--format", "json"]);
    assert_eq!(backup, original);
    assert_eq!(
        env.ok(["--db", "offline.db", "check"]).trim(),
        "ok: offline.db passed every check"
    );

    // The same refusal as a file's backup gives, and the file is left alone.
    let before = std::fs::read(env.path("offline.db")).unwrap();
    let on_server = env.fails(["--db", &url, "backup", "offline.db"]);
    let on_file = env.fails(["backup", "offline.db"]);
    assert_eq!(on_server, on_file);
    assert!(
        on_server.contains("exists already; choose a new file"),
        "{on_server}"
    );
    assert_eq!(std::fs::read(env.path("offline.db")).unwrap(), before);
}

/// `sql` on a server: the rows a file gives for the same query, a write refused by
/// the read-only transaction (nothing written), a long statement stopped.
#[test]
fn sql_on_a_server_reads_refuses_writes_and_stops_a_long_statement() {
    if common::file_only() {
        return;
    }
    let Some(db) = PgDatabase::new() else { return };
    let url = db.url(None);
    let env = history();
    env.ok(["copy", "--from", "parley.db", "--to", &url]);
    let query = "SELECT item, round_number, status FROM status_timeline WHERE item = :item \
                 ORDER BY round_number";
    for format in ["json", "csv"] {
        let on_file = env.ok([
            "sql",
            query,
            "-p",
            "item",
            "prisoner-exchanges",
            "--format",
            format,
        ]);
        let on_server = env.ok([
            "--db",
            &url,
            "sql",
            query,
            "-p",
            "item",
            "prisoner-exchanges",
            "--format",
            format,
        ]);
        assert!(on_file.contains("prisoner-exchanges"), "{on_file}");
        assert_eq!(on_server, on_file, "{format}");
    }

    let before = env.ok([
        "--db",
        &url,
        "sql",
        "SELECT count(*) FROM process",
        "--format",
        "csv",
    ]);
    for write in [
        "INSERT INTO process (slug, name) VALUES ('x', 'X')",
        "DELETE FROM write_log",
    ] {
        let out = env.run(["--db", &url, "sql", write]);
        assert!(!out.status.success());
        assert!(out.stdout.is_empty());
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("read-only transaction"), "{write}: {err}");
    }
    let after = env.ok([
        "--db",
        &url,
        "sql",
        "SELECT count(*) FROM process",
        "--format",
        "csv",
    ]);
    assert_eq!(after, before);

    let err = env.fails([
        "--db",
        &url,
        "sql",
        "SELECT pg_sleep(30)",
        "--timeout",
        "200ms",
    ]);
    assert!(err.contains("ran past its time limit of 200ms"), "{err}");
}

/// A table's or view's name and comment, with each column's name and comment.
type Documented = (String, String, Vec<(String, String)>);

/// `init --empty --roles` on a server: the schema, documented as on a file, and the
/// roles, with which a reader reads and cannot write.
#[test]
fn init_on_a_server_creates_the_schema_and_roles_a_reader_cannot_write_with() {
    if common::file_only() {
        return;
    }
    let Some(db) = PgDatabase::new() else { return };
    let url = db.url(None);
    let env = TestEnv::empty();

    let out = env.run(["--db", &url, "init", "--empty", "--roles"]);
    assert!(out.status.success(), "{out:?}");
    let printed = String::from_utf8_lossy(&out.stdout);
    assert!(printed.contains("parley_writer\t"), "{printed}");
    assert!(printed.contains("parley_reader\t"), "{printed}");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("created Parley's schema"), "{err}");
    assert!(err.contains("IN ROLE parley_reader"), "{err}");
    let again = env.run(["--db", &url, "init", "--empty"]);
    assert!(String::from_utf8_lossy(&again.stderr).contains("is up to date"));

    // The same documentation as a file's, table by table and column by column, but for
    // the full-text tables (PostgreSQL's one tsvector column, by design).
    let docs = |schema: serde_json::Value| -> Vec<Documented> {
        schema
            .as_array()
            .unwrap()
            .iter()
            .filter(|o| !o["name"].as_str().unwrap().ends_with("_fts"))
            .map(|o| {
                (
                    o["name"].as_str().unwrap().to_owned(),
                    o["doc"].as_str().unwrap().to_owned(),
                    o["columns"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .map(|c| {
                            (
                                c["name"].as_str().unwrap().to_owned(),
                                c["doc"].as_str().unwrap().to_owned(),
                            )
                        })
                        .collect(),
                )
            })
            .collect()
    };
    // Compared by name: each backend lists its tables in the order it created them.
    let mut on_file = docs(env.json(["schema", "--format", "json"]));
    let mut on_server = docs(env.json(["--db", &url, "schema", "--format", "json"]));
    on_file.sort();
    on_server.sort();
    assert!(on_file.len() > 40);
    assert_eq!(on_server, on_file);

    // A reader's login reads through Parley, and cannot write even outside it.
    let reader = db.login_in("parley_reader");
    let reader_url = db.url(Some(&reader));
    let count = env.ok([
        "--db",
        &reader_url,
        "sql",
        "SELECT count(*) AS n FROM status",
        "--format",
        "csv",
    ]);
    assert_eq!(
        count,
        env.ok(["sql", "SELECT count(*) AS n FROM status", "--format", "csv"])
    );
    assert_ne!(count, "n\n0\n");
    // Creating roles is a superuser's work, and says so.
    let writer_url = db.url(Some(&db.login_in("parley_writer")));
    let err = env.fails(["--db", &writer_url, "init", "--empty", "--roles"]);
    assert!(err.contains("--roles needs a superuser's login"), "{err}");

    // Even with its session's transactions read-write, it has no right to write.
    db.block_on(async {
        let mut conn = db.connect(Some(&reader)).await;
        conn.execute("SET default_transaction_read_only = off")
            .await
            .unwrap();
        for write in [
            "INSERT INTO process (slug, name) VALUES ('x', 'X')",
            "DELETE FROM status",
            "CREATE TABLE mine (a int)",
        ] {
            let refused = conn.execute(write).await.expect_err(write);
            assert!(
                refused.to_string().contains("permission denied"),
                "{write}: {refused}"
            );
        }
    });
}

/// A file holding a table (or column) the server's schema lacks is refused rather than
/// copied without it, and the server is left without a table.
#[test]
fn a_file_holding_what_the_server_cannot_is_refused_whole() {
    if common::file_only() {
        return;
    }
    let Some(db) = PgDatabase::new() else { return };
    let url = db.url(None);
    let env = TestEnv::seeded();
    env.other_client("ALTER TABLE round_note ADD COLUMN mood TEXT")
        .unwrap();
    let err = env.fails(["copy", "--from", "parley.db", "--to", &url]);
    assert!(err.contains("only in the file: [round_note.mood]"), "{err}");
    assert!(err.contains("nothing was copied"), "{err}");
    let tables: i64 = db.block_on(async {
        let mut conn = db.connect(None).await;
        sqlx::query_scalar("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")
            .fetch_one(&mut conn)
            .await
            .unwrap()
    });
    assert_eq!(tables, 0, "the schema the copy created was rolled back");
}
