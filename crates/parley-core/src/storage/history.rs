//! Every status record ever written, superseded ones included: the raw material of
//! `parley timeline`.

use serde::Serialize;

use super::Database;
use super::unreadable::known;
use crate::domain::{Instant, Status};
use crate::error::Result;

/// A status record, in force or not.
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct HistoryRow {
    pub status_record_id: i64,
    pub round_id: i64,
    pub item: String,
    pub item_title: String,
    pub status: String,
    pub note: Option<String>,
    pub recorded_at: Instant,
    /// The record this one corrects, if any.
    pub supersedes: Option<i64>,
    /// Whether a later record corrects this one.
    pub superseded: bool,
}

impl Database {
    /// The status records of a process (of one item when `item` is a slug) recorded
    /// by `as_of` (now when `None`), in round order, then item order, then the order
    /// they were written. A record counts as superseded only by a correction recorded
    /// by then; an item's records at a round whose status was retracted by then (the
    /// retracted record and the ones it corrected), and those of rounds retracted by
    /// then, are left out.
    pub async fn status_history(
        &self,
        process_id: i64,
        item: Option<&str>,
        as_of: Option<Instant>,
    ) -> Result<Vec<HistoryRow>> {
        let as_of = as_of.unwrap_or(Instant::END_OF_TIME);
        let rows = sqlx::query_as!(
            HistoryRow,
            r#"SELECT sr.status_record_id AS "status_record_id!", sr.round_id, ai.slug AS item,
                      ai.title AS item_title, sr.status, sr.note, sr.recorded_at AS "recorded_at: Instant",
                      sr.supersedes_status_record_id AS supersedes,
                      EXISTS (SELECT 1 FROM status_record c
                              WHERE c.supersedes_status_record_id = sr.status_record_id
                                AND c.recorded_at <= ?3) AS "superseded!: bool"
               FROM status_record sr
               JOIN agenda_item ai ON ai.agenda_item_id = sr.agenda_item_id
               JOIN round r ON r.round_id = sr.round_id
               WHERE r.process_id = ?1 AND (?2 IS NULL OR ai.slug = ?2) AND sr.recorded_at <= ?3
                 AND NOT EXISTS (SELECT 1 FROM status_record r JOIN retraction x ON x.status_record_id = r.status_record_id
                                 WHERE r.agenda_item_id = sr.agenda_item_id AND r.round_id = sr.round_id
                                   AND x.recorded_at <= ?3)
                 AND NOT EXISTS (SELECT 1 FROM retraction x WHERE x.round_id = sr.round_id AND x.recorded_at <= ?3)
               ORDER BY COALESCE(r.start_date, 'undated'), r.round_id, ai.agenda_item_id, sr.status_record_id"#,
            process_id,
            item,
            as_of
        )
        .fetch_all(self.pool())
        .await?;
        check_history(&rows)?;
        Ok(rows)
    }
}

/// Every record's status is Parley's (both backends check what they read).
pub fn check_history(rows: &[HistoryRow]) -> Result<()> {
    for r in rows {
        known::<Status>("status_record", r.status_record_id, "status", &r.status)?;
    }
    Ok(())
}
