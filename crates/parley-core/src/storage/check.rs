//! `parley check`: SQLite's own checks, the full-text indexes against their tables,
//! then every rule of the timeline (see [`super::rules`]).

use std::time::Duration;

use serde::Serialize;
use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{Connection, SqliteConnection};

use super::rules::{Rule, Violation, rules};
use super::{Database, StorageError};
use crate::error::{Error, Result};

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
            let found = rule.violations(&mut conn, -1).await;
            for v in unless_table_missing(found)? {
                problems.push(rule_problem(rule, v));
            }
        }
        // The derived tables, against a recomputation from the records.
        problems.extend(unless_table_missing(round_order_problems(&mut conn).await)?);
        problems.extend(unless_table_missing(
            status_in_force_problems(&mut conn).await,
        )?);
        problems.extend(unless_table_missing(
            round_status_count_problems(&mut conn).await,
        )?);
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

/// A row that breaks a rule, as `check` reports it (on either backend).
pub fn rule_problem(rule: &Rule, v: Violation) -> Problem {
    Problem {
        check: rule.name,
        detail: format!("{} {}: {}", rule.table, v.row, v.detail),
    }
}

/// At most this many problems of one derived table are listed: past that, the table
/// is plainly wrong as a whole.
pub const DERIVED_LISTED: i64 = 100;

/// `round_order`: every round's stored number, process and date key against the
/// order recomputed from the rounds' dates (a partial date before the full dates it
/// contains, then row id; undated rounds last), retracted rounds left out; and no row
/// for a retracted round.
async fn round_order_problems(conn: &mut SqliteConnection) -> Result<Vec<Problem>> {
    let rows = sqlx::query!(
        r#"SELECT round AS "round!: String", stored AS "stored?: i64", expected AS "expected?: i64"
           FROM (SELECT r.slug AS round, o.number AS stored, s.number AS expected, r.process_id AS process_id
                 FROM (SELECT round_id, ROW_NUMBER() OVER (PARTITION BY process_id
                                                           ORDER BY start_date IS NULL, start_date, round_id) AS number
                       FROM round
                       WHERE NOT EXISTS (SELECT 1 FROM retraction x WHERE x.round_id = round.round_id)) s
                 JOIN round r ON r.round_id = s.round_id
                 LEFT JOIN round_order o ON o.round_id = s.round_id
                 WHERE o.number IS NOT s.number OR o.date_key IS NOT COALESCE(r.start_date, 'undated')
                    OR o.process_id IS NOT r.process_id
                 UNION ALL
                 SELECT r.slug, o.number, NULL, r.process_id
                 FROM retraction x
                 JOIN round_order o ON o.round_id = x.round_id
                 JOIN round r ON r.round_id = x.round_id)
           ORDER BY process_id, expected IS NULL, expected
           LIMIT ?1"#,
        DERIVED_LISTED
    )
    .fetch_all(&mut *conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| round_order_problem(&r.round, r.stored, r.expected))
        .collect())
}

/// A round whose `round_order` row is wrong: its number there (`stored`) and the one
/// its date gives it (`expected`, none for a retracted round).
pub fn round_order_problem(round: &str, stored: Option<i64>, expected: Option<i64>) -> Problem {
    Problem {
        check: "round_order",
        detail: match (stored, expected) {
            (_, None) => format!("round '{round}' is retracted, but round_order still numbers it"),
            (None, _) => format!("round '{round}' is missing from round_order"),
            (Some(n), Some(e)) if n != e => {
                format!("round '{round}' is numbered {n} in round_order; its date puts it at {e}")
            }
            (Some(_), Some(_)) => {
                format!("round '{round}' has a stale date or process in round_order")
            }
        },
    }
}

/// `status_in_force`: the derived table against the records nothing supersedes or
/// retracts (at rounds not retracted), recomputed from status_record: a row for
/// every one, with its item, round and the round's date key, and no other row.
async fn status_in_force_problems(conn: &mut SqliteConnection) -> Result<Vec<Problem>> {
    let rows = sqlx::query!(
        r#"WITH expected AS (
               SELECT sr.status_record_id, sr.agenda_item_id, COALESCE(r.start_date, 'undated') AS round_date_key,
                      sr.round_id
               FROM status_record sr JOIN round r ON r.round_id = sr.round_id
               WHERE NOT EXISTS (SELECT 1 FROM status_record c
                                 WHERE c.supersedes_status_record_id = sr.status_record_id)
                 AND NOT EXISTS (SELECT 1 FROM retraction x WHERE x.status_record_id = sr.status_record_id)
                 AND NOT EXISTS (SELECT 1 FROM retraction x WHERE x.round_id = sr.round_id)),
           stored AS (
               SELECT status_record_id, agenda_item_id, round_date_key, round_id FROM status_in_force),
           wrong AS (
               SELECT 1 AS missing, * FROM (SELECT * FROM expected EXCEPT SELECT * FROM stored)
               UNION ALL
               SELECT 0, * FROM (SELECT * FROM stored EXCEPT SELECT * FROM expected))
           SELECT w.missing AS "missing!: bool", w.status_record_id AS "id!: i64",
                  COALESCE(i.slug, '?') AS "item!: String", COALESCE(r.slug, '?') AS "round!: String"
           FROM wrong w
           LEFT JOIN agenda_item i ON i.agenda_item_id = w.agenda_item_id
           LEFT JOIN round r ON r.round_id = w.round_id
           ORDER BY w.status_record_id, w.missing
           LIMIT ?1"#,
        DERIVED_LISTED
    )
    .fetch_all(&mut *conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| status_in_force_problem(r.missing, r.id, &r.item, &r.round))
        .collect())
}

/// A status record `status_in_force` lacks (`missing`) or holds though it is not in
/// force so.
pub fn status_in_force_problem(missing: bool, id: i64, item: &str, round: &str) -> Problem {
    Problem {
        check: "status_in_force",
        detail: if missing {
            format!(
                "status_record {id} (item '{item}', round '{round}') is in force but status_in_force lacks it or holds it wrongly"
            )
        } else {
            format!(
                "status_in_force names status_record {id} (item '{item}', round '{round}'), which is not in force so"
            )
        },
    }
}

/// `round_status_count`: each round's stored count against a count of its rows in
/// status_in_force (checked above against the records), and no row for a round with
/// none.
async fn round_status_count_problems(conn: &mut SqliteConnection) -> Result<Vec<Problem>> {
    let rows = sqlx::query!(
        r#"WITH expected AS (SELECT round_id, count(*) AS statuses FROM status_in_force GROUP BY round_id)
           SELECT COALESCE(r.slug, '?') AS "round!: String", c.statuses AS "stored?: i64",
                  e.statuses AS "expected?: i64"
           FROM (SELECT round_id FROM expected UNION SELECT round_id FROM round_status_count) w
           LEFT JOIN expected e ON e.round_id = w.round_id
           LEFT JOIN round_status_count c ON c.round_id = w.round_id
           LEFT JOIN round r ON r.round_id = w.round_id
           WHERE c.statuses IS NOT e.statuses
           ORDER BY w.round_id
           LIMIT ?1"#,
        DERIVED_LISTED
    )
    .fetch_all(&mut *conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| round_status_count_problem(&r.round, r.stored, r.expected))
        .collect())
}

/// A round whose `round_status_count` (`stored`) is not its count of rows in
/// status_in_force (`expected`).
pub fn round_status_count_problem(
    round: &str,
    stored: Option<i64>,
    expected: Option<i64>,
) -> Problem {
    Problem {
        check: "round_status_count",
        detail: format!(
            "round '{round}' has {} in round_status_count; status_in_force holds {} of its statuses",
            stored.map_or("no count".to_owned(), |n| format!("a count of {n}")),
            expected.unwrap_or(0)
        ),
    }
}

/// A check's findings, or none when the file lacks a table it reads: a file of an
/// older schema (one an upgrade refused) is checked by the rules its tables have, so
/// that `check` can name the rows that stopped the upgrade.
fn unless_table_missing<T>(found: Result<Vec<T>>) -> Result<Vec<T>> {
    match found {
        Err(Error::Storage(StorageError::Refused { message }))
            if message.starts_with("no such table") =>
        {
            Ok(Vec::new())
        }
        other => other,
    }
}
