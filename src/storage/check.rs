//! `parley check`: SQLite's own checks, then the invariants Parley relies on.

use serde::Serialize;

use super::Database;
use crate::error::Result;

/// One problem found, with the check that found it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    pub check: &'static str,
    pub detail: String,
}

impl Database {
    /// Runs every check and returns the problems found (none for a sound file).
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

        for r in sqlx::query!(
            r#"SELECT sr.status_record_id AS "id!", i.slug AS item, r.slug AS round
               FROM status_record sr
               JOIN agenda_item i ON i.agenda_item_id = sr.agenda_item_id
               JOIN round r ON r.round_id = sr.round_id
               WHERE i.process_id <> r.process_id"#
        )
        .fetch_all(pool)
        .await?
        {
            problems.push(Problem {
                check: "same_process",
                detail: format!(
                    "status_record {}: item '{}' and round '{}' belong to different processes",
                    r.id, r.item, r.round
                ),
            });
        }

        for r in sqlx::query!(
            r#"SELECT n.status_record_id AS "id!", o.status_record_id AS "old!"
               FROM status_record n JOIN status_record o ON o.status_record_id = n.supersedes_status_record_id
               WHERE n.status_record_id <= o.status_record_id OR n.recorded_at < o.recorded_at
                  OR n.agenda_item_id <> o.agenda_item_id OR n.round_id <> o.round_id"#
        )
        .fetch_all(pool)
        .await?
        {
            problems.push(Problem {
                check: "supersedes_later",
                detail: format!(
                    "status_record {} supersedes {} but is not a later record of the same item and round",
                    r.id, r.old
                ),
            });
        }

        for r in sqlx::query!(
            r#"SELECT n.position_id AS "id!", o.position_id AS "old!"
               FROM position n JOIN position o ON o.position_id = n.supersedes_position_id
               WHERE n.position_id <= o.position_id OR n.recorded_at < o.recorded_at
                  OR n.party_id <> o.party_id OR n.agenda_item_id <> o.agenda_item_id OR n.round_id <> o.round_id"#
        )
        .fetch_all(pool)
        .await?
        {
            problems.push(Problem {
                check: "supersedes_later",
                detail: format!(
                    "position {} supersedes {} but is not a later record of the same party, item and round",
                    r.id, r.old
                ),
            });
        }

        for r in sqlx::query!(
            r#"SELECT i.slug AS item, r.slug AS round, count(*) AS "records!: i64"
               FROM status_record sr
               JOIN agenda_item i ON i.agenda_item_id = sr.agenda_item_id
               JOIN round r ON r.round_id = sr.round_id
               WHERE NOT EXISTS (SELECT 1 FROM status_record n WHERE n.supersedes_status_record_id = sr.status_record_id)
               GROUP BY sr.agenda_item_id, sr.round_id HAVING count(*) > 1"#
        )
        .fetch_all(pool)
        .await?
        {
            problems.push(Problem {
                check: "one_in_force",
                detail: format!(
                    "item '{}' has {} statuses in force at round '{}'",
                    r.item, r.records, r.round
                ),
            });
        }

        for r in sqlx::query!(
            r#"WITH RECURSIVE ancestry (start, current, depth) AS (
                   SELECT agenda_item_id, parent_agenda_item_id, 1 FROM agenda_item
                   WHERE parent_agenda_item_id IS NOT NULL
                   UNION ALL
                   SELECT a.start, i.parent_agenda_item_id, a.depth + 1
                   FROM ancestry a JOIN agenda_item i ON i.agenda_item_id = a.current
                   WHERE i.parent_agenda_item_id IS NOT NULL AND a.depth < 100
               )
               SELECT DISTINCT i.slug AS "item!: String"
               FROM ancestry a JOIN agenda_item i ON i.agenda_item_id = a.start
               WHERE a.current = a.start"#
        )
        .fetch_all(pool)
        .await?
        {
            problems.push(Problem {
                check: "item_hierarchy",
                detail: format!("agenda item '{}' is its own ancestor", r.item),
            });
        }

        problems.extend(round_order_problems(pool).await?);
        problems.extend(status_in_force_problems(pool).await?);
        Ok(problems)
    }
}

/// At most this many problems of one derived table are listed: past that, the table
/// is plainly wrong as a whole.
const DERIVED_LISTED: i64 = 100;

/// `round_order`: every round's stored number, process and date key against the
/// order recomputed from the rounds' dates (a partial date before the full dates it
/// contains, then row id; undated rounds last).
async fn round_order_problems(pool: &sqlx::SqlitePool) -> Result<Vec<Problem>> {
    let rows = sqlx::query!(
        r#"SELECT r.slug AS round, o.number AS "stored?: i64", s.number AS "expected!: i64"
           FROM (SELECT round_id, ROW_NUMBER() OVER (PARTITION BY process_id
                                                     ORDER BY start_date IS NULL, start_date, round_id) AS number
                 FROM round) s
           JOIN round r ON r.round_id = s.round_id
           LEFT JOIN round_order o ON o.round_id = s.round_id
           WHERE o.number IS NOT s.number OR o.date_key IS NOT COALESCE(r.start_date, 'undated')
              OR o.process_id IS NOT r.process_id
           ORDER BY r.process_id, s.number
           LIMIT ?1"#,
        DERIVED_LISTED
    )
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| Problem {
            check: "round_order",
            detail: match r.stored {
                None => format!("round '{}' is missing from round_order", r.round),
                Some(n) if n != r.expected => format!(
                    "round '{}' is numbered {n} in round_order; its date puts it at {}",
                    r.round, r.expected
                ),
                Some(_) => format!(
                    "round '{}' has a stale date or process in round_order",
                    r.round
                ),
            },
        })
        .collect())
}

/// `status_in_force`: the derived table against the records nothing supersedes,
/// recomputed from status_record: a row for every one, with its item, round and the
/// round's date key, and no other row.
async fn status_in_force_problems(pool: &sqlx::SqlitePool) -> Result<Vec<Problem>> {
    let rows = sqlx::query!(
        r#"WITH expected AS (
               SELECT sr.status_record_id, sr.agenda_item_id, COALESCE(r.start_date, 'undated') AS round_date_key,
                      sr.round_id
               FROM status_record sr JOIN round r ON r.round_id = sr.round_id
               WHERE NOT EXISTS (SELECT 1 FROM status_record c
                                 WHERE c.supersedes_status_record_id = sr.status_record_id)),
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
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| Problem {
            check: "status_in_force",
            detail: if r.missing {
                format!(
                    "status_record {} (item '{}', round '{}') is in force but status_in_force lacks it or holds it wrongly",
                    r.id, r.item, r.round
                )
            } else {
                format!(
                    "status_in_force names status_record {} (item '{}', round '{}'), which is not in force so",
                    r.id, r.item, r.round
                )
            },
        })
        .collect())
}
