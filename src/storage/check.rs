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

        Ok(problems)
    }
}
