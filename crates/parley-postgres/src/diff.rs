//! The reads behind `parley diff`, on a server: the counterpart of `storage::diff`.

use super::Server;
use parley_core::domain::model::RoundRef;
use parley_core::error::Result;
use parley_core::storage::diff::{item_stances, item_statuses};
use parley_core::storage::{ItemStances, ItemStatuses};

const STATUSES: &str = include_str!("queries/diff_statuses.sql");
const STANCES: &str = include_str!("queries/diff_stances.sql");

/// A row of [`STATUSES`]: item, title, before_id, before, after_id, after.
type StatusPair = (
    String,
    String,
    Option<i64>,
    Option<String>,
    Option<i64>,
    Option<String>,
);

/// A row of [`STANCES`]: item, title, party, before_id, before, after_id, after.
type StancePair = (
    String,
    String,
    String,
    Option<i64>,
    Option<String>,
    Option<i64>,
    Option<String>,
);

impl Server {
    /// Every item of the process, in the order recorded, with its status in force
    /// after round `a` and after round `b`.
    pub async fn statuses_at(&self, a: &RoundRef, b: &RoundRef) -> Result<Vec<ItemStatuses>> {
        let rows: Vec<StatusPair> = sqlx::query_as(STATUSES)
            .bind(b.process_id)
            .bind(a.round_id)
            .bind(b.round_id)
            .fetch_all(self.pool())
            .await?;
        rows.into_iter()
            .map(|(item, title, before_id, before, after_id, after)| {
                item_statuses((item, title), (before_id, before), (after_id, after))
            })
            .collect()
    }

    /// Each party's stance in force after round `a` and after round `b`, for every
    /// party and item with a position recorded between the two.
    pub async fn stances_at(&self, a: &RoundRef, b: &RoundRef) -> Result<Vec<ItemStances>> {
        let rows: Vec<StancePair> = sqlx::query_as(STANCES)
            .bind(b.process_id)
            .bind(a.number)
            .bind(b.number)
            .fetch_all(self.pool())
            .await?;
        rows.into_iter()
            .map(|(item, title, party, before_id, before, after_id, after)| {
                item_stances((item, title, party), (before_id, before), (after_id, after))
            })
            .collect()
    }
}
