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

impl Server {
    /// The process's rounds recorded by `as_of`, in order, with their numbers.
    pub async fn report_rounds(
        &self,
        process_id: i64,
        as_of: Option<Instant>,
    ) -> Result<Vec<RoundRow>> {
        let rows = match as_of {
            None => {
                sqlx::query_file_as!(RoundRow, "src/queries/report_rounds.sql", process_id)
                    .fetch_all(self.pool())
                    .await?
            }
            Some(as_of) => {
                sqlx::query_file_as!(
                    RoundRow,
                    "src/queries/report_rounds_as_of.sql",
                    process_id,
                    as_of as Instant
                )
                .fetch_all(self.pool())
                .await?
            }
        };
        check_rounds(&rows)?;
        Ok(rows)
    }

    /// The process's agenda items recorded by `as_of`, each as it read then.
    pub async fn report_items(
        &self,
        process_id: i64,
        as_of: Option<Instant>,
    ) -> Result<Vec<ItemRow>> {
        Ok(sqlx::query_file_as!(
            ItemRow,
            "src/queries/report_items.sql",
            process_id,
            as_of.unwrap_or(Instant::END_OF_TIME) as Instant
        )
        .fetch_all(self.pool())
        .await?)
    }

    /// Every status record of the process in force at `as_of`, grouped by item.
    pub async fn report_statuses(
        &self,
        process_id: i64,
        as_of: Option<Instant>,
    ) -> Result<Vec<StatusRow>> {
        let rows = sqlx::query_file!(
            "src/queries/report_statuses.sql",
            process_id,
            as_of.unwrap_or(Instant::END_OF_TIME) as Instant
        )
        .fetch_all(self.pool())
        .await?;
        rows.into_iter()
            .map(|r| {
                status_row(
                    (r.status_record_id, r.agenda_item_id, r.round_id),
                    &r.status,
                    r.confidence,
                    r.is_correction,
                )
            })
            .collect()
    }

    /// The notes of the given status records.
    pub async fn report_notes(&self, status_record_ids: &[i64]) -> Result<HashMap<i64, String>> {
        let rows = sqlx::query!(
            r#"SELECT status_record_id, note AS "note!" FROM status_record
               WHERE status_record_id = ANY($1) AND note IS NOT NULL"#,
            status_record_ids
        )
        .fetch_all(self.pool())
        .await?;
        Ok(rows
            .into_iter()
            .map(|r| (r.status_record_id, r.note))
            .collect())
    }

    /// Every position of the process in force at `as_of`, its party named as it was
    /// then.
    pub async fn report_positions(
        &self,
        process_id: i64,
        as_of: Option<Instant>,
    ) -> Result<Vec<PositionRow>> {
        let rows = sqlx::query_file_as!(
            PositionRow,
            "src/queries/report_positions.sql",
            process_id,
            as_of.unwrap_or(Instant::END_OF_TIME) as Instant
        )
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
        Ok(sqlx::query_file_as!(
            CitationRow,
            "src/queries/report_citations.sql",
            status_record_ids,
            as_of.unwrap_or(Instant::END_OF_TIME) as Instant
        )
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
        let rows = sqlx::query_file_as!(
            CommitmentRow,
            "src/queries/report_commitments.sql",
            process_id,
            as_of.unwrap_or(Instant::END_OF_TIME) as Instant
        )
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
        Ok(sqlx::query_file_as!(
            ReportNoteRow,
            "src/queries/report_round_notes.sql",
            process_id,
            as_of.unwrap_or(Instant::END_OF_TIME) as Instant
        )
        .fetch_all(self.pool())
        .await?)
    }

    /// The quotes of the process's rounds recorded by `as_of`, in the order written.
    pub async fn report_quotes(
        &self,
        process_id: i64,
        as_of: Option<Instant>,
    ) -> Result<Vec<ReportQuoteRow>> {
        Ok(sqlx::query_file_as!(
            ReportQuoteRow,
            "src/queries/report_quotes.sql",
            process_id,
            as_of.unwrap_or(Instant::END_OF_TIME) as Instant
        )
        .fetch_all(self.pool())
        .await?)
    }

    /// The sources cited for the given rounds as a whole.
    pub async fn report_round_citations(&self, round_ids: &[i64]) -> Result<Vec<RoundCitationRow>> {
        Ok(sqlx::query_as!(
            RoundCitationRow,
            r#"SELECT c.round_id AS "round_id!", s.slug AS source
             FROM citation c
             JOIN source s ON s.source_id = c.source_id
             WHERE c.round_id = ANY($1)
             ORDER BY c.round_id, s.source_id"#,
            round_ids
        )
        .fetch_all(self.pool())
        .await?)
    }

    /// The id of a process by slug, with its name.
    pub async fn process_id(&self, slug: &str) -> Result<Option<(i64, String)>> {
        let row = sqlx::query!("SELECT process_id, name FROM process WHERE slug = $1", slug)
            .fetch_optional(self.pool())
            .await?;
        Ok(row.map(|r| (r.process_id, r.name)))
    }
}
