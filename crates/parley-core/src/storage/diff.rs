//! The reads behind `parley diff`: an item's status, and a party's stance, in force
//! after each of two rounds. Both cost what the two rounds hold, not the history.

use super::Database;
use super::unreadable::known;
use crate::domain::model::RoundRef;
use crate::domain::{Stance, Status};
use crate::error::Result;

/// An item with its status after each round (`None`: it had none yet).
#[derive(Debug, Clone, PartialEq)]
pub struct ItemStatuses {
    pub item: String,
    pub title: String,
    pub before: Option<Status>,
    pub after: Option<Status>,
}

/// A party's stance on an item after each round, for those that may differ.
#[derive(Debug, Clone, PartialEq)]
pub struct ItemStances {
    pub item: String,
    pub title: String,
    pub party: String,
    pub before: Option<Stance>,
    pub after: Option<Stance>,
}

impl Database {
    /// Every item of the process, in the order recorded, with its status in force
    /// after round `a` and after round `b`.
    pub async fn statuses_at(&self, a: &RoundRef, b: &RoundRef) -> Result<Vec<ItemStatuses>> {
        let rows = sqlx::query_file!(
            "src/storage/queries/diff_statuses.sql",
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
    /// party and item with a position recorded between the two (which are the only
    /// ones that can differ), by item in the order recorded, then party.
    pub async fn stances_at(&self, a: &RoundRef, b: &RoundRef) -> Result<Vec<ItemStances>> {
        let rows = sqlx::query_file!(
            "src/storage/queries/diff_stances.sql",
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

/// A record read beside an item (its id and value), if there is one.
pub type Found = (Option<i64>, Option<String>);

/// An item, as (slug, title), with the status record in force after each round, as
/// both backends read it: each status read as Parley's vocabulary.
pub fn item_statuses(
    (item, title): (String, String),
    before: Found,
    after: Found,
) -> Result<ItemStatuses> {
    let status = |(id, value): Found| match (id, value) {
        (Some(id), Some(value)) => known("status_record", id, "status", &value).map(Some),
        _ => Ok(None),
    };
    Ok(ItemStatuses {
        before: status(before)?,
        after: status(after)?,
        item,
        title,
    })
}

/// An item and a party, as (item slug, title, party slug), with the position in force
/// after each round, as both backends read it: each stance read as Parley's.
pub fn item_stances(
    (item, title, party): (String, String, String),
    before: Found,
    after: Found,
) -> Result<ItemStances> {
    let stance = |(id, value): Found| match (id, value) {
        (Some(id), Some(value)) => known("position", id, "stance", &value).map(Some),
        _ => Ok(None),
    };
    Ok(ItemStances {
        before: stance(before)?,
        after: stance(after)?,
        item,
        title,
        party,
    })
}
