//! The PostgreSQL schema (migrations/postgres/) is the same public interface as SQLite's:
//! the same tables, columns, views, documentation and vocabularies; the worked queries
//! of docs/sql.md run on both; the rules hold on the server; the reader role changes
//! nothing; full-text search finds the seed's words.
//!
//! Each test takes a database of its own on the server `PARLEY_TEST_POSTGRES` names
//! (`scripts/postgres-test-server start`), and is skipped with a note where it is unset.

mod common;

use std::collections::BTreeMap;
use std::process::Command;

use common::TestEnv;
use common::breaches::{SETUP, breaches};
use common::postgres::PgDatabase;
use common::sql_docs::{Backend, doc_queries};
use parley::storage::rules::rules;
use sqlx::{Connection, Executor, PgConnection, Row, SqliteConnection};

static POSTGRES: sqlx::migrate::Migrator = sqlx::migrate!("migrations/postgres");
static SQLITE: sqlx::migrate::Migrator = sqlx::migrate!();

const FOLLOW_UP: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/follow-up.toml");
const FATES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/fates.toml");
const SUB_ITEMS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/sub-items.toml");
const PERSONS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/persons.toml");
const ROLES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/sql/postgres/roles.sql");

/// Tables the triggers keep: never copied, compared instead.
const DERIVED: [&str; 3] = ["round_order", "status_in_force", "round_status_count"];
/// The fixed vocabularies: the migration holds their rows.
const VOCABULARIES: [&str; 4] = ["status", "stance", "reliability", "credibility"];

/// A fresh database with the PostgreSQL migrations applied.
fn migrated() -> Option<PgDatabase> {
    let db = PgDatabase::new()?;
    db.block_on(async {
        let mut conn = db.connect(None).await;
        POSTGRES
            .run(&mut conn)
            .await
            .expect("the PostgreSQL migrations apply");
        conn.close().await.ok();
    });
    Some(db)
}

/// The fixture of tests/sql.rs: the Geneva seed, the follow-up round (with a sub-item's
/// status), what became of its commitment, persons, and a retracted quote.
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

/// The tables of the PostgreSQL schema in the order the migration creates them (each
/// after those its foreign keys name), with their columns and types.
async fn pg_tables(conn: &mut PgConnection) -> Vec<(String, Vec<(String, String)>)> {
    let rows = sqlx::query(
        "SELECT c.relname::text, a.attname::text, format_type(a.atttypid, a.atttypmod)
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
         JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
         WHERE n.nspname = 'public' AND c.relkind = 'r' AND c.relname <> '_sqlx_migrations'
         ORDER BY c.oid, a.attnum",
    )
    .fetch_all(&mut *conn)
    .await
    .unwrap();
    let mut tables: Vec<(String, Vec<(String, String)>)> = Vec::new();
    for row in rows {
        let (table, column, ty): (String, String, String) = (row.get(0), row.get(1), row.get(2));
        match tables.last_mut() {
            Some((name, columns)) if *name == table => columns.push((column, ty)),
            _ => tables.push((table, vec![(column, ty)])),
        }
    }
    tables
}

/// Rows of a PostgreSQL query whose columns are all text (or null).
async fn pg_rows(conn: &mut PgConnection, sql: &str) -> Vec<Vec<Option<String>>> {
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql.to_owned()))
        .fetch_all(&mut *conn)
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e}"));
    rows.iter()
        .map(|row| (0..row.len()).map(|i| row.get(i)).collect())
        .collect()
}

/// Copies every table of the SQLite file but the derived ones into PostgreSQL, row by
/// row in id order, with the triggers in place (so they check every row, and fill the
/// derived tables), then moves each identity past the ids copied.
async fn copy_into(db: &PgDatabase, sqlite: &std::path::Path) {
    let mut lite = SqliteConnection::connect(&format!("sqlite://{}?mode=ro", sqlite.display()))
        .await
        .unwrap();
    let mut pg = db.connect(None).await;
    let mut tx = pg.begin().await.unwrap();
    for (table, columns) in pg_tables(&mut tx).await {
        if DERIVED.contains(&table.as_str())
            || VOCABULARIES.contains(&table.as_str())
            || table.ends_with("_fts")
        {
            continue;
        }
        let names: Vec<&str> = columns.iter().map(|(c, _)| c.as_str()).collect();
        let select = format!(
            "SELECT {} FROM {table} ORDER BY 1",
            names
                .iter()
                .map(|c| format!("CAST({c} AS TEXT)"))
                .collect::<Vec<_>>()
                .join(", ")
        );
        let insert = format!(
            "INSERT INTO {table} ({}) VALUES ({})",
            names.join(", "),
            columns
                .iter()
                .enumerate()
                .map(|(i, (_, ty))| format!("CAST(${} AS {ty})", i + 1))
                .collect::<Vec<_>>()
                .join(", ")
        );
        let rows = sqlx::query(sqlx::AssertSqlSafe(select))
            .fetch_all(&mut lite)
            .await
            .unwrap();
        for row in rows {
            let mut query = sqlx::query(sqlx::AssertSqlSafe(insert.clone()));
            for i in 0..names.len() {
                query = query.bind(row.get::<Option<String>, _>(i));
            }
            query
                .execute(&mut *tx)
                .await
                .unwrap_or_else(|e| panic!("copy a row of {table}: {e}"));
        }
        if names[0] == format!("{table}_id") {
            tx.execute(sqlx::AssertSqlSafe(format!(
                "SELECT setval(pg_get_serial_sequence('{table}', '{table}_id'), \
                 GREATEST((SELECT max({table}_id) FROM {table}), 1))"
            )))
            .await
            .unwrap();
        }
    }
    tx.commit().await.unwrap();
}

/// A derived table on both backends, as text, in key order.
fn derived_on_both(
    env: &TestEnv,
    db: &PgDatabase,
    table: &str,
) -> (Vec<Vec<String>>, Vec<Vec<String>>) {
    let sql = format!("SELECT * FROM {table} ORDER BY 1, 2, 3");
    let lite = env.query(&sql.replace(
        ", 2, 3",
        if table == "round_status_count" {
            ", 2"
        } else {
            ", 2, 3"
        },
    ));
    let pg = db.block_on(async {
        let mut conn = db.connect(None).await;
        let columns = &pg_tables(&mut conn)
            .await
            .into_iter()
            .find(|(t, _)| t == table)
            .unwrap()
            .1;
        let casts: Vec<String> = columns.iter().map(|(c, _)| format!("{c}::text")).collect();
        let order = if table == "round_status_count" {
            "1, 2"
        } else {
            "1, 2, 3"
        };
        pg_rows(
            &mut conn,
            &format!("SELECT {} FROM {table} ORDER BY {order}", casts.join(", ")),
        )
        .await
    });
    let mut pg: Vec<Vec<String>> = pg
        .into_iter()
        .map(|row| {
            row.into_iter()
                .map(|v| v.unwrap_or_else(|| "NULL".into()))
                .collect()
        })
        .collect();
    // The same order on both, whatever each database sorts by.
    let mut lite = lite;
    lite.sort();
    pg.sort();
    (lite, pg)
}

#[test]
fn the_migration_set_reports_the_same_schema_version_as_sqlites() {
    if common::file_only() {
        return;
    }
    let Some(db) = migrated() else { return };
    let latest = SQLITE.iter().map(|m| m.version).max().unwrap();
    assert_eq!(latest, 20251219000000);
    assert_eq!(
        POSTGRES.iter().map(|m| m.version).max(),
        Some(latest),
        "each SQLite migration that changes the schema has a PostgreSQL one of the same version"
    );
    let applied: i64 = db.block_on(async {
        let mut conn = db.connect(None).await;
        sqlx::query_scalar("SELECT max(version) FROM _sqlx_migrations WHERE success")
            .fetch_one(&mut conn)
            .await
            .unwrap()
    });
    assert_eq!(applied, latest);
}

/// A table's or view's comment, and each column with its comment.
type Documented = (String, Vec<(String, String)>);

#[test]
fn the_same_tables_columns_views_and_documentation_as_sqlite() {
    if common::file_only() {
        return;
    }
    let Some(db) = migrated() else { return };
    let env = TestEnv::empty();
    let schema = env.json(["schema", "--format", "json"]);
    let objects = schema.as_array().expect("an array of objects");
    // (kind, name) -> (doc, [(column, doc)]) on PostgreSQL.
    let pg: BTreeMap<(String, String), Documented> = db.block_on(async {
        let mut conn = db.connect(None).await;
        let rows = pg_rows(
            &mut conn,
            "SELECT CASE c.relkind WHEN 'v' THEN 'view' ELSE 'table' END, c.relname::text,
                    COALESCE(obj_description(c.oid, 'pg_class'), ''), a.attname::text,
                    COALESCE(col_description(c.oid, a.attnum), '')
             FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
             JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
             WHERE n.nspname = 'public' AND c.relkind IN ('r', 'v') AND c.relname <> '_sqlx_migrations'
             ORDER BY c.relname, a.attnum",
        )
        .await;
        let mut objects: BTreeMap<_, (String, Vec<_>)> = BTreeMap::new();
        for row in rows {
            let [kind, name, doc, column, column_doc] = row.try_into().unwrap();
            let entry = objects
                .entry((kind.unwrap(), name.unwrap()))
                .or_insert_with(|| (doc.unwrap(), Vec::new()));
            entry.1.push((column.unwrap(), column_doc.unwrap()));
        }
        objects
    });
    let mut seen = 0;
    for object in objects {
        let kind = object["kind"].as_str().unwrap().to_owned();
        let name = object["name"].as_str().unwrap().to_owned();
        let doc = object["doc"].as_str().unwrap();
        let (pg_doc, pg_columns) = pg
            .get(&(kind.clone(), name.clone()))
            .unwrap_or_else(|| panic!("PostgreSQL has no {kind} {name}"));
        assert!(!doc.is_empty(), "{name} is documented");
        assert_eq!(pg_doc, doc, "the comment on {name}");
        seen += 1;
        if name.ends_with("_fts") {
            // FTS5's columns are PostgreSQL's one weighted tsvector, by design.
            let columns: Vec<&str> = pg_columns.iter().map(|(c, _)| c.as_str()).collect();
            assert_eq!(columns, ["rowid", "document"], "{name}");
            for (column, doc) in pg_columns {
                assert!(!doc.is_empty(), "{name}.{column} is documented");
            }
            let indexed: Vec<&str> = object["columns"]
                .as_array()
                .unwrap()
                .iter()
                .map(|c| c["name"].as_str().unwrap())
                .collect();
            let document_doc = &pg_columns[1].1;
            for column in indexed {
                assert!(
                    document_doc.contains(&format!(".{column} (")),
                    "{name}.document covers {column}"
                );
            }
            continue;
        }
        let sqlite_columns: Vec<(String, String)> = object["columns"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| {
                (
                    c["name"].as_str().unwrap().to_owned(),
                    c["doc"].as_str().unwrap().to_owned(),
                )
            })
            .collect();
        assert_eq!(
            pg_columns, &sqlite_columns,
            "the columns of {name}, in order, with their comments"
        );
    }
    assert_eq!(
        seen,
        pg.len(),
        "PostgreSQL has no table or view SQLite lacks"
    );
    assert!(seen > 50, "every table and view, found {seen}");
}

#[test]
fn the_vocabularies_hold_the_same_rows() {
    if common::file_only() {
        return;
    }
    let Some(db) = migrated() else { return };
    let env = TestEnv::empty();
    for (sqlite, postgres) in [
        (
            "SELECT slug, label, rank, is_setback, description FROM status ORDER BY slug",
            "SELECT slug, label, rank::text, is_setback::int::text, description FROM status ORDER BY slug",
        ),
        (
            "SELECT slug, label, rank, leaning, description FROM stance ORDER BY slug",
            "SELECT slug, label, rank::text, leaning::text, description FROM stance ORDER BY slug",
        ),
        (
            "SELECT grade, label, description FROM reliability ORDER BY grade",
            "SELECT grade, label, description FROM reliability ORDER BY grade",
        ),
        (
            "SELECT grade, label, description FROM credibility ORDER BY grade",
            "SELECT grade::text, label, description FROM credibility ORDER BY grade",
        ),
    ] {
        let lite = env.query(sqlite);
        let pg: Vec<Vec<String>> = db
            .block_on(async {
                let mut conn = db.connect(None).await;
                pg_rows(&mut conn, postgres).await
            })
            .into_iter()
            .map(|row| row.into_iter().map(Option::unwrap).collect())
            .collect();
        assert!(!lite.is_empty());
        assert_eq!(pg, lite, "{sqlite}");
    }
}

/// A copy of the fixture keeps the derived tables as SQLite's triggers kept them, every
/// worked query of docs/sql.md runs on it and finds as many rows as on SQLite, and
/// full-text search finds the same rows.
#[test]
fn the_worked_queries_and_search_find_the_same_rows_on_a_copy() {
    if common::file_only() {
        return;
    }
    let Some(db) = migrated() else { return };
    let env = fixture();
    db.block_on(copy_into(&db, &env.db));
    for table in DERIVED {
        let (lite, pg) = derived_on_both(&env, &db, table);
        assert!(!lite.is_empty(), "{table} has rows");
        assert_eq!(pg, lite, "{table}, kept by PostgreSQL's triggers");
    }

    let lite_queries = doc_queries(Backend::Sqlite);
    let pg_queries = doc_queries(Backend::Postgres);
    let shared: Vec<&String> = lite_queries
        .iter()
        .filter(|q| pg_queries.contains(q))
        .collect();
    assert!(
        shared.len() >= 20,
        "a score of shared worked queries, found {}",
        shared.len()
    );
    assert!(
        pg_queries.len() > shared.len(),
        "PostgreSQL's own search queries are documented"
    );
    db.block_on(async {
        let mut conn = db.connect(None).await;
        for query in &pg_queries {
            let rows = sqlx::query(sqlx::AssertSqlSafe(query.clone()))
                .fetch_all(&mut conn)
                .await
                .unwrap_or_else(|e| panic!("on PostgreSQL: {e}\n{query}"));
            assert!(!rows.is_empty(), "no rows on PostgreSQL from:\n{query}");
        }
    });
    for query in shared {
        let lite = env.query(query).len();
        let pg = db.block_on(async {
            let mut conn = db.connect(None).await;
            sqlx::query(sqlx::AssertSqlSafe(query.clone()))
                .fetch_all(&mut conn)
                .await
                .unwrap()
                .len()
        });
        assert_eq!(pg, lite, "as many rows on both from:\n{query}");
    }

    // Search: the same rows for the seed's words, prefix and plain.
    for (table, words, tsquery) in [
        ("status_record_fts", "prisoner*", "prisoner:*"),
        ("round_note_fts", "humanitarian", "humanitarian"),
        ("party_fts", "kyiv* OR ukrain*", "kyiv:* | ukrain:*"),
        ("source_fts", "geneva OR progress", "geneva | progress"),
        ("quote_fts", "peace", "peace"),
    ] {
        let lite = env.query(&format!(
            "SELECT rowid FROM {table} WHERE {table} MATCH '{words}' ORDER BY rowid"
        ));
        let pg: Vec<Vec<String>> = db.block_on(async {
            let mut conn = db.connect(None).await;
            pg_rows(
                &mut conn,
                &format!(
                    "SELECT rowid::text FROM {table} WHERE document @@ to_tsquery('simple', '{tsquery}') ORDER BY rowid"
                ),
            )
            .await
        })
        .into_iter()
        .map(|row| row.into_iter().map(Option::unwrap).collect())
        .collect();
        assert!(!lite.is_empty(), "the seed has {words} in {table}");
        assert_eq!(pg, lite, "{table} MATCH {words}");
    }
}

/// Runs the same statement on both; returns each backend's error message, if any.
fn on_both(env: &TestEnv, db: &PgDatabase, sql: &str) -> (Result<(), String>, Result<(), String>) {
    let lite = env.other_client(sql);
    let pg = db.block_on(async {
        let mut conn = db.connect(None).await;
        conn.execute(sqlx::AssertSqlSafe(sql.to_owned()))
            .await
            .map(|_| ())
            .map_err(|e| match e {
                sqlx::Error::Database(e) => e.message().to_owned(),
                other => other.to_string(),
            })
    });
    (lite, pg)
}

#[test]
fn the_rules_hold_on_the_server_with_sqlites_words() {
    if common::file_only() {
        return;
    }
    let Some(db) = migrated() else { return };
    let env = fixture();
    db.block_on(copy_into(&db, &env.db));

    // Append-only, fixed vocabularies and the write log: refused with the same words.
    for sql in [
        "UPDATE status_record SET note = 'changed' WHERE status_record_id = 1",
        "DELETE FROM status_record WHERE status_record_id = 1",
        "UPDATE position SET note = 'changed' WHERE position_id = 1",
        "DELETE FROM quote WHERE quote_id = 1",
        "DELETE FROM party WHERE party_id = 1",
        "INSERT INTO status (slug, label, rank, is_setback, description) VALUES ('x', 'X', 99, false, 'x')",
        "UPDATE write_log SET summary = 'changed' WHERE write_log_id = 1",
        "INSERT INTO write_log (recorded_at, clock_at, command, summary) VALUES ('2000-01-01T00:00:00.000Z', '2000-01-01T00:00:00.000Z', 'x', 'y')",
        "DELETE FROM retraction",
    ] {
        let (lite, pg) = on_both(&env, &db, sql);
        let lite = lite.expect_err(sql);
        assert_eq!(pg.expect_err(sql), lite, "{sql}");
    }

    // status_in_force follows an insert and a correction; round_order renumbers the
    // rounds after one dated between two others; round_status_count follows both.
    let rounds = env.query(
        "SELECT round_id, start_date FROM round WHERE start_date IS NOT NULL ORDER BY start_date",
    );
    assert!(
        rounds.len() >= 2,
        "two dated rounds to insert between: {rounds:?}"
    );
    let statements = [
        "INSERT INTO round (process_id, slug, title, start_date, state, recorded_at)
         VALUES (1, 'between', 'Between the first two', '2025-11-25', 'held', '2025-12-20T00:00:00.000Z')",
        "INSERT INTO status_record (agenda_item_id, round_id, status, recorded_at)
         SELECT 1, round_id, 'discussed', '2025-12-20T00:00:00.000Z' FROM round WHERE slug = 'between'",
        "INSERT INTO status_record (agenda_item_id, round_id, status, supersedes_status_record_id, recorded_at)
         SELECT 1, round_id, 'stalled', (SELECT max(status_record_id) FROM status_record), '2025-12-21T00:00:00.000Z'
         FROM round WHERE slug = 'between'",
    ];
    let before = derived_on_both(&env, &db, "round_order");
    for sql in statements {
        let (lite, pg) = on_both(&env, &db, sql);
        lite.unwrap_or_else(|e| panic!("SQLite: {e}\n{sql}"));
        pg.unwrap_or_else(|e| panic!("PostgreSQL: {e}\n{sql}"));
    }
    let after = derived_on_both(&env, &db, "round_order");
    assert_ne!(
        after.0, before.0,
        "the new round renumbers the ones after it"
    );
    for table in DERIVED {
        let (lite, pg) = derived_on_both(&env, &db, table);
        assert_eq!(
            pg, lite,
            "{table} after a round between two others and a correction"
        );
    }
    let in_force = env.query(
        "SELECT f.status_record_id = (SELECT max(status_record_id) FROM status_record)
         FROM status_in_force f JOIN round r ON r.round_id = f.round_id WHERE r.slug = 'between'",
    );
    assert_eq!(in_force, [["1"]], "the correction is in force");
}

/// Runs SQL through psql as `user`; psql's output and whether it succeeded.
fn psql(db: &PgDatabase, user: Option<&str>, sql: &str) -> (bool, String) {
    let out = Command::new("psql")
        .args(["-X", "-q", "-v", "ON_ERROR_STOP=1", "-c", sql])
        .args(db.psql_args(user))
        .output()
        .expect("psql runs (it comes with PostgreSQL)");
    let text =
        String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr);
    (out.status.success(), text)
}

#[test]
fn the_reader_reads_everything_and_changes_nothing_and_neither_role_reads_files() {
    if common::file_only() {
        return;
    }
    let Some(db) = migrated() else { return };
    let roles = std::fs::read_to_string(ROLES).unwrap();
    let (ok, out) = psql(&db, None, &roles);
    assert!(ok, "roles.sql runs: {out}");
    let (ok, out) = psql(&db, None, &roles);
    assert!(ok, "roles.sql runs again: {out}");
    let reader = db.login_in("parley_reader");
    let writer = db.login_in("parley_writer");

    // The reader reads every table and view.
    let objects: Vec<String> = db.block_on(async {
        let mut conn = db.connect(None).await;
        sqlx::query_scalar(
            "SELECT relname::text FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
             WHERE n.nspname = 'public' AND c.relkind IN ('r', 'v') ORDER BY 1",
        )
        .fetch_all(&mut conn)
        .await
        .unwrap()
    });
    assert!(objects.len() > 50);
    db.block_on(async {
        let mut conn = db.connect(Some(&reader)).await;
        for object in &objects {
            conn.execute(sqlx::AssertSqlSafe(format!(
                "SELECT * FROM {object} LIMIT 1"
            )))
            .await
            .unwrap_or_else(|e| panic!("the reader reads {object}: {e}"));
        }
    });

    let writes = [
        "INSERT INTO process (slug, name) VALUES ('x', 'X')",
        "UPDATE status SET label = 'x'",
        "DELETE FROM round_note_person",
        "TRUNCATE write_log",
        "CREATE TABLE mine (a int)",
        "CREATE TEMPORARY TABLE mine (a int)",
        "CREATE VIEW mine AS SELECT 1",
        "SELECT lo_creat(-1)",
        "SET default_transaction_read_only = off; INSERT INTO process (slug, name) VALUES ('x', 'X')",
    ];
    let files = [
        "SELECT pg_read_file('/etc/hostname')",
        "SELECT pg_ls_dir('.')",
        "SELECT lo_import('/etc/hostname')",
        "SELECT lo_export(1, '/tmp/parley-reader-export')",
        "COPY status TO '/tmp/parley-reader-copy'",
        "COPY status FROM '/etc/hostname'",
        "COPY status TO PROGRAM 'true'",
    ];
    // Through psql, as an analyst would try it.
    for sql in writes.iter().chain(&files) {
        let (ok, out) = psql(&db, Some(&reader), sql);
        assert!(!ok, "the reader ran through psql: {sql}\n{out}");
        assert!(
            out.contains("permission denied")
                || out.contains("must be superuser")
                || out.contains("privileges of the"),
            "{sql}: {out}"
        );
    }
    // Through sqlx, as a program would.
    db.block_on(async {
        for user in [&reader, &writer] {
            let mut conn = db.connect(Some(user)).await;
            let refused: &[&str] = if user == &reader {
                &writes
            } else {
                &writes[4..7]
            };
            for sql in refused.iter().chain(&files) {
                let result = conn.execute(*sql).await;
                assert!(result.is_err(), "{user} ran: {sql}");
            }
        }
    });
    // Nothing changed, and the writer writes what the rules allow.
    db.block_on(async {
        let mut conn = db.connect(Some(&writer)).await;
        conn.execute("INSERT INTO process (slug, name) VALUES ('written', 'Written')")
            .await
            .expect("the writer writes");
        let processes: i64 = sqlx::query_scalar("SELECT count(*) FROM process")
            .fetch_one(&mut conn)
            .await
            .unwrap();
        assert_eq!(processes, 1, "only the writer's row");
    });
}

/// Every breach tests/rules.rs makes on SQLite, made on PostgreSQL on a copy of the seed
/// with the same rows added (tests/common/breaches.rs): each is refused with its rule's
/// words. SQLite's REPLACE (delete, then insert) has no PostgreSQL form; those breaches
/// are left out here, and a PostgreSQL client cannot replace a row that way.
#[test]
fn every_rule_refuses_its_breach_on_the_server_with_sqlites_words() {
    if common::file_only() {
        return;
    }
    let Some(db) = migrated() else { return };
    let env = TestEnv::seeded();
    db.block_on(copy_into(&db, &env.db));
    let mut failures = Vec::new();
    let mut tried = 0;
    db.block_on(async {
        let mut conn = db.connect(None).await;
        sqlx::raw_sql(SETUP)
            .execute(&mut conn)
            .await
            .expect("the breaches' rows insert on PostgreSQL");
        for (trigger, sql) in breaches() {
            if sql.starts_with("REPLACE") || sql.contains(" OR REPLACE ") {
                continue;
            }
            // 0/1 flags are booleans here.
            let sql = if trigger == "status_no_insert" {
                sql.replace(", 8, 0, ", ", 8, false, ")
            } else {
                sql
            };
            tried += 1;
            let expected = rules()
                .iter()
                .find(|r| r.triggers.contains(&trigger))
                .unwrap_or_else(|| panic!("{trigger} belongs to a rule"))
                .message;
            let mut tx = conn.begin().await.unwrap();
            let result = sqlx::raw_sql(sqlx::AssertSqlSafe(sql.clone()))
                .execute(&mut *tx)
                .await;
            tx.rollback().await.unwrap();
            match result {
                Err(sqlx::Error::Database(e)) if e.message() == expected => {}
                other => failures.push(format!(
                    "{trigger}: {sql}\n  expected {expected:?}\n  got {other:?}"
                )),
            }
        }
    });
    assert!(
        failures.is_empty(),
        "{} of {tried}:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert!(tried >= 90, "most breaches run on PostgreSQL, {tried} did");
}
