//! The reads a report is built from, on a server: the counterpart of
//! `storage::report`, each statement that one's meaning in PostgreSQL's words (id
//! lists as arrays rather than JSON; an `as_of` of `None` read as the end of time).

use std::collections::HashMap;

use super::Server;
use parley_core::domain::Instant;
use parley_core::error::Result;
use parley_core::storage::report::{check_commitments, check_positions, check_rounds, status_row};
use parley_core::storage::{
    CitationRow, CommitmentRow, ItemRow, PositionRow, ReportNoteRow, ReportQuoteRow,
    RoundCitationRow, RoundRow, StatusRow,
};

const ROUNDS: &str = include_str!("queries/report_rounds.sql");
const ROUNDS_AS_OF: &str = include_str!("queries/report_rounds_as_of.sql");
const ITEMS: &str = include_str!("queries/report_items.sql");
const STATUSES: &str = include_str!("queries/report_statuses.sql");
const NOTES: &str = "SELECT status_record_id, note FROM status_record
     WHERE status_record_id = ANY($1) AND note IS NOT NULL";
const POSITIONS: &str = include_str!("queries/report_positions.sql");
const CITATIONS: &str = include_str!("queries/report_citations.sql");
const COMMITMENTS: &str = include_str!("queries/report_commitments.sql");
const ROUND_NOTES: &str = include_str!("queries/report_round_notes.sql");
const QUOTES: &str = include_str!("queries/report_quotes.sql");
const ROUND_CITATIONS: &str = "SELECT c.round_id, s.slug AS source
     FROM citation c
     JOIN source s ON s.source_id = c.source_id
     WHERE c.round_id = ANY($1)
     ORDER BY c.round_id, s.source_id";
const PROCESS_ID: &str = "SELECT process_id, name FROM process WHERE slug = $1";

/// A status record as [`STATUSES`] reads it.
type StatusTuple = (i64, i64, i64, String, Option<i64>, bool);

impl Server {
    /// The process's rounds recorded by `as_of`, in order, with their numbers.
    pub async fn report_rounds(
        &self,
        process_id: i64,
        as_of: Option<Instant>,
    ) -> Result<Vec<RoundRow>> {
        let rows = match as_of {
            None => sqlx::query_as(ROUNDS).bind(process_id),
            Some(as_of) => sqlx::query_as(ROUNDS_AS_OF).bind(process_id).bind(as_of),
        }
        .fetch_all(self.pool())
        .await?;
        check_rounds(&rows)?;
        Ok(rows)
    }

    /// The process's agenda items recorded by `as_of`, each as it read then.
    pub async fn report_items(
        &self,
        process_id: i64,
        as_of: Option<Instant>,
    ) -> Result<Vec<ItemRow>> {
        Ok(sqlx::query_as(ITEMS)
            .bind(process_id)
            .bind(as_of.unwrap_or(Instant::END_OF_TIME))
            .fetch_all(self.pool())
            .await?)
    }

    /// Every status record of the process in force at `as_of`, grouped by item.
    pub async fn report_statuses(
        &self,
        process_id: i64,
        as_of: Option<Instant>,
    ) -> Result<Vec<StatusRow>> {
        let rows: Vec<StatusTuple> = sqlx::query_as(STATUSES)
            .bind(process_id)
            .bind(as_of.unwrap_or(Instant::END_OF_TIME))
            .fetch_all(self.pool())
            .await?;
        rows.into_iter()
            .map(|(id, item, round, status, confidence, is_correction)| {
                status_row((id, item, round), &status, confidence, is_correction)
            })
            .collect()
    }

    /// The notes of the given status records.
    pub async fn report_notes(&self, status_record_ids: &[i64]) -> Result<HashMap<i64, String>> {
        let rows: Vec<(i64, String)> = sqlx::query_as(NOTES)
            .bind(status_record_ids)
            .fetch_all(self.pool())
            .await?;
        Ok(rows.into_iter().collect())
    }

    /// Every position of the process in force at `as_of`, its party named as it was
    /// then.
    pub async fn report_positions(
        &self,
        process_id: i64,
        as_of: Option<Instant>,
    ) -> Result<Vec<PositionRow>> {
        let rows = sqlx::query_as(POSITIONS)
            .bind(process_id)
            .bind(as_of.unwrap_or(Instant::END_OF_TIME))
            .fetch_all(self.pool())
            .await?;
        check_positions(&rows)?;
        Ok(rows)
    }

    /// The sources cited by the given status records, each as it read at `as_of`.
    pub async fn report_citations(
        &self,
        status_record_ids: &[i64],
        as_of: Option<Instant>,
    ) -> Result<Vec<CitationRow>> {
        Ok(sqlx::query_as(CITATIONS)
            .bind(status_record_ids)
            .bind(as_of.unwrap_or(Instant::END_OF_TIME))
            .fetch_all(self.pool())
            .await?)
    }

    /// The process's commitments recorded by `as_of`, with their fate then and their
    /// parties' names then.
    pub async fn report_commitments(
        &self,
        process_id: i64,
        as_of: Option<Instant>,
    ) -> Result<Vec<CommitmentRow>> {
        let rows = sqlx::query_as(COMMITMENTS)
            .bind(process_id)
            .bind(as_of.unwrap_or(Instant::END_OF_TIME))
            .fetch_all(self.pool())
            .await?;
        check_commitments(&rows)?;
        Ok(rows)
    }

    /// The notes of the process's rounds recorded by `as_of`, in the order written.
    pub async fn report_round_notes(
        &self,
        process_id: i64,
        as_of: Option<Instant>,
    ) -> Result<Vec<ReportNoteRow>> {
        Ok(sqlx::query_as(ROUND_NOTES)
            .bind(process_id)
            .bind(as_of.unwrap_or(Instant::END_OF_TIME))
            .fetch_all(self.pool())
            .await?)
    }

    /// The quotes of the process's rounds recorded by `as_of`, in the order written.
    pub async fn report_quotes(
        &self,
        process_id: i64,
        as_of: Option<Instant>,
    ) -> Result<Vec<ReportQuoteRow>> {
        Ok(sqlx::query_as(QUOTES)
            .bind(process_id)
            .bind(as_of.unwrap_or(Instant::END_OF_TIME))
            .fetch_all(self.pool())
            .await?)
    }

    /// The sources cited for the given rounds as a whole.
    pub async fn report_round_citations(&self, round_ids: &[i64]) -> Result<Vec<RoundCitationRow>> {
        Ok(sqlx::query_as(ROUND_CITATIONS)
            .bind(round_ids)
            .fetch_all(self.pool())
            .await?)
    }

    /// The id of a process by slug, with its name.
    pub async fn process_id(&self, slug: &str) -> Result<Option<(i64, String)>> {
        Ok(sqlx::query_as(PROCESS_ID)
            .bind(slug)
            .fetch_optional(self.pool())
            .await?)
    }
}
