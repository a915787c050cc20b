//! The reads behind `parley diff`, on a server: the counterpart of `storage::diff`.

use super::Server;
use parley_core::domain::model::RoundRef;
use parley_core::error::Result;
use parley_core::storage::diff::{item_stances, item_statuses};
use parley_core::storage::{ItemStances, ItemStatuses};

impl Server {
    /// Every item of the process, in the order recorded, with its status in force
    /// after round `a` and after round `b`.
    pub async fn statuses_at(&self, a: &RoundRef, b: &RoundRef) -> Result<Vec<ItemStatuses>> {
        let rows = sqlx::query_file!(
            "src/queries/diff_statuses.sql",
            b.process_id,
            a.round_id,
            b.round_id
        )
        .fetch_all(self.pool())
        .await?;
        rows.into_iter()
            .map(|r| {
                item_statuses(
                    (r.item, r.title),
                    (r.before_id, r.before),
                    (r.after_id, r.after),
                )
            })
            .collect()
    }

    /// Each party's stance in force after round `a` and after round `b`, for every
    /// party and item with a position recorded between the two.
    pub async fn stances_at(&self, a: &RoundRef, b: &RoundRef) -> Result<Vec<ItemStances>> {
        let rows = sqlx::query_file!(
            "src/queries/diff_stances.sql",
            b.process_id,
            a.number,
            b.number
        )
        .fetch_all(self.pool())
        .await?;
        rows.into_iter()
            .map(|r| {
                item_stances(
                    (r.item, r.title, r.party),
                    (r.before_id, r.before),
                    (r.after_id, r.after),
                )
            })
            .collect()
    }
}
