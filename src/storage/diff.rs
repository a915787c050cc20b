//! The reads behind `parley diff`: an item's status, and a party's stance, in force
//! after each of two rounds. Both cost what the two rounds hold, not the history.

use super::Database;
use crate::domain::model::RoundRef;
use crate::error::Result;

/// An item with its status after each round (`None`: it had none yet).
#[derive(Debug, Clone, PartialEq)]
pub struct ItemStatuses {
    pub item: String,
    pub title: String,
    pub before: Option<String>,
    pub after: Option<String>,
}

/// A party's stance on an item after each round, for those that may differ.
#[derive(Debug, Clone, PartialEq)]
pub struct ItemStances {
    pub item: String,
    pub title: String,
    pub party: String,
    pub before: Option<String>,
    pub after: Option<String>,
}

impl Database {
    /// Every item of the process, in the order recorded, with its status in force
    /// after round `a` and after round `b`.
    pub async fn statuses_at(&self, a: &RoundRef, b: &RoundRef) -> Result<Vec<ItemStatuses>> {
        Ok(sqlx::query_file_as!(
            ItemStatuses,
            "src/storage/queries/diff_statuses.sql",
            b.process_id,
            a.round_id,
            b.round_id
        )
        .fetch_all(self.pool())
        .await?)
    }

    /// Each party's stance in force after round `a` and after round `b`, for every
    /// party and item with a position recorded between the two (which are the only
    /// ones that can differ), by item in the order recorded, then party.
    pub async fn stances_at(&self, a: &RoundRef, b: &RoundRef) -> Result<Vec<ItemStances>> {
        Ok(sqlx::query_file_as!(
            ItemStances,
            "src/storage/queries/diff_stances.sql",
            b.process_id,
            a.number,
            b.number
        )
        .fetch_all(self.pool())
        .await?)
    }
}
