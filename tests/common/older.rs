//! Files of an older schema, for the tests of a migration: this binary's migrations up
//! to a version, then another file's recorded rows copied over.

use std::collections::BTreeMap;
use std::path::Path;

use super::TestEnv;

pub fn block_on<F: std::future::Future>(future: F) -> F::Output {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
        .block_on(future)
}

/// Applies this binary's migrations up to `version`, each in its own transaction,
/// with foreign keys on (as Parley opens files); creates the file if need be.
pub fn migrate_to(db: &Path, version: i64) {
    block_on(async {
        let options = sqlx::sqlite::SqliteConnectOptions::new()
            .filename(db)
            .create_if_missing(true)
            .foreign_keys(true);
        let pool = sqlx::SqlitePool::connect_with(options).await.unwrap();
        parley::storage::MIGRATOR
            .run_to(version, &pool)
            .await
            .unwrap();
        pool.close().await;
    });
}

/// A file at the schema of `version` holding `source`'s rows of `tables` (in that
/// order, each after the rows it names), copied with foreign keys and triggers on,
/// ids kept, in the older file's columns (later migrations add some to the source's).
pub fn older_file_holding(db: &Path, version: i64, source: &Path, tables: &[&str]) {
    migrate_to(db, version);
    block_on(async {
        use sqlx::Connection;
        let options = sqlx::sqlite::SqliteConnectOptions::new()
            .filename(db)
            .foreign_keys(true);
        let mut conn = sqlx::SqliteConnection::connect_with(&options)
            .await
            .unwrap();
        let mut sql = format!("ATTACH DATABASE '{}' AS source; BEGIN;", source.display());
        for table in tables {
            let columns: Vec<String> =
                sqlx::query_scalar("SELECT name FROM pragma_table_info(?1, 'main') ORDER BY cid")
                    .bind(table)
                    .fetch_all(&mut conn)
                    .await
                    .unwrap();
            let columns = columns.join(", ");
            sql.push_str(&format!(
                "INSERT INTO main.{table} ({columns}) SELECT {columns} FROM source.{table} ORDER BY 1;"
            ));
        }
        sql.push_str("COMMIT; DETACH DATABASE source;");
        sqlx::raw_sql(sqlx::AssertSqlSafe(sql))
            .execute(&mut conn)
            .await
            .unwrap();
        conn.close().await.unwrap();
    });
}

/// Every schema object by name: its type, table and statement.
pub fn schema_objects(env: &TestEnv) -> BTreeMap<String, (String, String, String)> {
    env.query("SELECT name, type, tbl_name, COALESCE(sql, '') FROM sqlite_master")
        .into_iter()
        .map(|row| {
            (
                row[0].clone(),
                (row[1].clone(), row[2].clone(), row[3].clone()),
            )
        })
        .collect()
}
