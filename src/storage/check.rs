//! `parley check`: SQLite's own checks, the full-text indexes against their tables,
//! then every rule of the timeline (see [`super::rules`]).

use std::time::Duration;

use serde::Serialize;
use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{Connection, SqliteConnection};

use super::Database;
use super::rules::rules;
use crate::error::Result;

/// One problem found, with the check that found it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    pub check: &'static str,
    pub detail: String,
}

impl Database {
    /// Runs every check and returns the problems found (none for a sound file).
    /// Reading only; the full-text indexes are compared with their tables in a
    /// transaction that writes nothing and is rolled back, when the file is writable.
    pub async fn check(&self) -> Result<Vec<Problem>> {
        let pool = self.pool();
        let mut problems = Vec::new();

        // sqlx cannot describe the pragmas at compile time: these two are unchecked.
        let lines: Vec<String> = sqlx::query_scalar("PRAGMA integrity_check")
            .fetch_all(pool)
            .await?;
        for line in lines {
            if line != "ok" {
                problems.push(Problem {
                    check: "integrity_check",
                    detail: line,
                });
            }
        }

        let dangling: Vec<(String, Option<i64>, String)> =
            sqlx::query_as(r#"SELECT "table", rowid, parent FROM pragma_foreign_key_check"#)
                .fetch_all(pool)
                .await?;
        for (table, rowid, parent) in dangling {
            problems.push(Problem {
                check: "foreign_key_check",
                detail: format!(
                    "{table} row {} refers to a missing {parent}",
                    rowid.map_or("?".into(), |r| r.to_string())
                ),
            });
        }

        problems.extend(self.check_full_text().await?);

        let mut conn = pool.acquire().await?;
        for rule in rules() {
            for v in rule.violations(&mut conn, -1).await? {
                problems.push(Problem {
                    check: rule.name,
                    detail: format!("{} {}: {}", rule.table, v.row, v.detail),
                });
            }
        }
        Ok(problems)
    }

    /// Each full-text index compared with the table it indexes, by FTS5's own
    /// integrity check: a stale index (rows deleted, added or changed while its
    /// triggers were dropped) is a problem. SQLite runs that check only on a
    /// connection that may write, so it takes one and rolls back; a read-only file's
    /// indexes are left to `integrity_check`, which checks their structure alone.
    async fn check_full_text(&self) -> Result<Vec<Problem>> {
        let indexes = sqlx::query_scalar!(
            r#"SELECT name AS "name!: String" FROM sqlite_master
               WHERE type = 'table' AND name LIKE '%\_fts' ESCAPE '\' AND sql LIKE 'CREATE VIRTUAL TABLE%'
               ORDER BY name"#
        )
        .fetch_all(self.pool())
        .await?;
        let writable = std::fs::metadata(self.path()).is_ok_and(|m| !m.permissions().readonly());
        if indexes.is_empty() || !writable {
            return Ok(Vec::new());
        }
        let options = SqliteConnectOptions::new()
            .filename(self.path())
            .busy_timeout(Duration::from_secs(60));
        let Ok(mut conn) = SqliteConnection::connect_with(&options).await else {
            return Ok(Vec::new());
        };
        let mut problems = Vec::new();
        // The check writes nothing, but SQLite treats it as a write: take the lock at
        // once (waiting for other writers) rather than upgrade a read, which would fail
        // at once if another writer had committed since the read began.
        let mut tx = conn.begin_with("BEGIN IMMEDIATE").await?;
        for index in indexes {
            // Names come from sqlite_master, not from users.
            let sql = format!(
                "INSERT INTO \"{index}\" (\"{index}\", rank) VALUES ('integrity-check', 1)"
            );
            match sqlx::query(sqlx::AssertSqlSafe(sql))
                .execute(&mut *tx)
                .await
            {
                Ok(_) => {}
                Err(sqlx::Error::Database(e)) if e.message().contains("malformed") => {
                    let table = index.trim_end_matches("_fts");
                    problems.push(Problem {
                        check: "full_text_index",
                        detail: format!(
                            "{index} does not match {table}: rebuild it with INSERT INTO {index} ({index}) VALUES ('rebuild')"
                        ),
                    });
                }
                Err(e) => return Err(e.into()),
            }
        }
        tx.rollback().await?;
        conn.close().await?;
        Ok(problems)
    }
}
