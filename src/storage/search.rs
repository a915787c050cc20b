//! Full-text search over the FTS5 indexes of the search migration: agenda items,
//! rounds, status notes, position notes, round notes and quotes.

use serde::Serialize;

use super::Database;
use crate::error::Result;

/// One match, with where it was found.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SearchHit {
    /// What matched: `agenda_item`, `round`, `status_record`, `position`, `round_note`
    /// or `quote` (the table name).
    pub kind: String,
    pub process: String,
    pub round: Option<String>,
    pub item: Option<String>,
    pub party: Option<String>,
    /// The matching text, shortened around the match, with matches in [brackets].
    pub text: String,
}

impl Database {
    /// What matches an FTS5 query, at most `limit` hits, kind by kind: agenda items
    /// best match first, then rounds, status notes in force, position notes in force,
    /// round notes and quotes, each newest first; only the process `process_id` when
    /// one is given. Each kind costs the hits it returns, not the size of its index.
    pub async fn search(
        &self,
        fts_query: &str,
        process_id: Option<i64>,
        limit: i64,
    ) -> Result<Vec<SearchHit>> {
        let rows = sqlx::query_file_as!(
            SearchHit,
            "src/storage/queries/search.sql",
            fts_query,
            process_id,
            limit
        )
        .fetch_all(self.pool())
        .await
        .map_err(|e| match &e {
            // The statement is fixed: what SQLite refuses is the FTS5 query.
            sqlx::Error::Database(db) => crate::Error::invalid_argument(
                "TEXT",
                format!("{} (in the FTS5 query {fts_query:?})", db.message()),
            ),
            _ => e.into(),
        })?;
        Ok(rows)
    }
}
