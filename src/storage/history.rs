//! Every status record ever written, superseded ones included: the raw material of
//! `parley timeline`.

use serde::Serialize;

use super::Database;
use super::unreadable::known;
use crate::domain::Status;
use crate::error::Result;

/// A status record, in force or not.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HistoryRow {
    pub status_record_id: i64,
    pub round_id: i64,
    pub item: String,
    pub item_title: String,
    pub status: String,
    pub note: Option<String>,
    pub recorded_at: String,
    /// The record this one corrects, if any.
    pub supersedes: Option<i64>,
    /// Whether a later record corrects this one.
    pub superseded: bool,
}

impl Database {
    /// The status records of a process (of one item when `item` is a slug), in round
    /// order, then item order, then the order they were written.
    pub async fn status_history(
        &self,
        process_id: i64,
        item: Option<&str>,
    ) -> Result<Vec<HistoryRow>> {
        let rows = sqlx::query_as!(
            HistoryRow,
            r#"SELECT sr.status_record_id AS "status_record_id!", sr.round_id, ai.slug AS item,
                      ai.title AS item_title, sr.status, sr.note, sr.recorded_at,
                      sr.supersedes_status_record_id AS supersedes,
                      EXISTS (SELECT 1 FROM status_record c
                              WHERE c.supersedes_status_record_id = sr.status_record_id) AS "superseded!: bool"
               FROM status_record sr
               JOIN agenda_item ai ON ai.agenda_item_id = sr.agenda_item_id
               JOIN round_sequence rs ON rs.round_id = sr.round_id
               WHERE rs.process_id = ?1 AND (?2 IS NULL OR ai.slug = ?2)
               ORDER BY rs.number, ai.agenda_item_id, sr.status_record_id"#,
            process_id,
            item
        )
        .fetch_all(self.pool())
        .await?;
        for r in &rows {
            known::<Status>("status_record", r.status_record_id, "status", &r.status)?;
        }
        Ok(rows)
    }
}
