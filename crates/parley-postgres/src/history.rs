//! Every status record ever written, on a server: the counterpart of
//! `storage::history`, the raw material of `parley timeline`.

use super::Server;
use parley_core::domain::Instant;
use parley_core::error::Result;
use parley_core::storage::HistoryRow;
use parley_core::storage::history::check_history;

impl Server {
    /// The status records of a process (of one item when `item` is a slug) recorded
    /// by `as_of` (now when `None`), in round order, then item order, then the order
    /// they were written.
    pub async fn status_history(
        &self,
        process_id: i64,
        item: Option<&str>,
        as_of: Option<Instant>,
    ) -> Result<Vec<HistoryRow>> {
        let rows = sqlx::query_file_as!(
            HistoryRow,
            "src/queries/status_history.sql",
            process_id,
            item,
            as_of.unwrap_or(Instant::END_OF_TIME) as Instant
        )
        .fetch_all(self.pool())
        .await?;
        check_history(&rows)?;
        Ok(rows)
    }
}
