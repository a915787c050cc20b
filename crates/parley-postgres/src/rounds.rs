//! Reading rounds in their order, and finding the round an analyst named, on a
//! server: the counterpart of `storage::rounds`.

use super::Server;
use parley_core::domain::model::RoundRef;
use parley_core::error::Result;
use parley_core::storage::rounds::{RoundLookup, round_not_in_database, unresolved_round};

const ROUNDS_IN_ORDER: &str = include_str!("queries/rounds_in_order.sql");
const ROUND_BY_NUMBER: &str = include_str!("queries/round_by_number.sql");
const ROUND_BY_SLUG: &str = include_str!("queries/round_by_slug.sql");
const ROUND_HELD_FROM_LAST: &str = include_str!("queries/round_held_from_last.sql");
const MOVEMENT_AT: &str = "SELECT status, previous_status, movement
     FROM movement WHERE agenda_item_id = $1 AND round_id = $2";
const ITEM_ID: &str = "SELECT agenda_item_id FROM agenda_item WHERE process_id = $1 AND slug = $2";
const ROUND_IN_SEQUENCE_BY_SLUG: &str =
    "SELECT r.round_id, r.process_id, s.number, r.slug, r.title, r.start_date, r.state
     FROM round r JOIN round_sequence s ON s.round_id = r.round_id
     WHERE r.process_id = $1 AND r.slug = $2";
const ROUNDS_AFTER: &str = include_str!("queries/round_sequence_after.sql");
const COUNT_AFTER: &str =
    "SELECT count(*) FROM round_sequence s JOIN round r ON r.round_id = s.round_id
     WHERE r.process_id = $1 AND s.number > $2";
const ROUNDS_WITH_COMMITMENT: &str =
    "SELECT r.round_id, r.process_id, s.number, r.slug, r.title, r.start_date, r.state
     FROM commitment c
     JOIN round r ON r.round_id = c.round_id
     JOIN round_sequence s ON s.round_id = r.round_id
     WHERE r.process_id = $1 AND c.slug = $2
     ORDER BY s.number";
// Ordered as SQLite's BINARY collation orders them, whatever the database's locale.
const COMMITMENT_SLUGS: &str = r#"SELECT DISTINCT c.slug COLLATE "C" FROM commitment c JOIN round r ON r.round_id = c.round_id
     WHERE r.process_id = $1 ORDER BY 1"#;

/// A round as the statements above read it: round_id, process_id, number, slug,
/// title, start_date, state.
type RoundTuple = (i64, i64, i64, String, String, Option<String>, String);

fn round_ref(
    (round_id, process_id, number, slug, title, start_date, state): RoundTuple,
) -> RoundRef {
    RoundRef {
        round_id,
        process_id,
        number,
        slug,
        title,
        start_date,
        state,
    }
}

impl Server {
    /// A process's rounds in number order.
    pub async fn rounds(&self, process_id: i64) -> Result<Vec<RoundRef>> {
        let rows: Vec<RoundTuple> = sqlx::query_as(ROUNDS_IN_ORDER)
            .bind(process_id)
            .fetch_all(self.pool())
            .await?;
        Ok(rows.into_iter().map(round_ref).collect())
    }

    /// The round an analyst named (see [`RoundRef::find`]); an error names `flag`.
    pub async fn resolve_round(&self, process_id: i64, name: &str, flag: &str) -> Result<RoundRef> {
        if let Some(round) = self.find_round(process_id, name.trim()).await? {
            return Ok(round);
        }
        let rounds = self.rounds(process_id).await?;
        match RoundRef::find(&rounds, name) {
            Ok(found) => Ok(found.clone()),
            Err(message) => {
                let retracted = self.retracted_round(process_id, name.trim()).await?;
                Err(unresolved_round(name, flag, message, retracted))
            }
        }
    }

    /// The round a name picks out by index; `None` when it needs the full search.
    async fn find_round(&self, process_id: i64, name: &str) -> Result<Option<RoundRef>> {
        let query = match RoundLookup::of(name) {
            RoundLookup::HeldFromLast(offset) => sqlx::query_as(ROUND_HELD_FROM_LAST)
                .bind(process_id)
                .bind(offset),
            RoundLookup::Number(number) => sqlx::query_as(ROUND_BY_NUMBER)
                .bind(process_id)
                .bind(number),
            RoundLookup::Slug(slug) => sqlx::query_as(ROUND_BY_SLUG).bind(process_id).bind(slug),
        };
        let found: Option<RoundTuple> = query.fetch_optional(self.pool()).await?;
        Ok(found.map(round_ref))
    }

    /// How an item stands at a round after corrections: its status there, its status
    /// at its previous round, and the movement between them.
    pub async fn movement_at(
        &self,
        item_id: i64,
        round_id: i64,
    ) -> Result<Option<(String, Option<String>, String)>> {
        Ok(sqlx::query_as(MOVEMENT_AT)
            .bind(item_id)
            .bind(round_id)
            .fetch_optional(self.pool())
            .await?)
    }

    /// The id of an agenda item of a process.
    pub async fn item_id(&self, process_id: i64, slug: &str) -> Result<i64> {
        Ok(sqlx::query_scalar(ITEM_ID)
            .bind(process_id)
            .bind(slug)
            .fetch_one(self.pool())
            .await?)
    }

    /// The round of a process with this slug.
    pub async fn round_by_slug(&self, process_id: i64, slug: &str) -> Result<Option<RoundRef>> {
        let found: Option<RoundTuple> = sqlx::query_as(ROUND_IN_SEQUENCE_BY_SLUG)
            .bind(process_id)
            .bind(slug)
            .fetch_optional(self.pool())
            .await?;
        Ok(found.map(round_ref))
    }

    /// A round, the first `shown` rounds after it in number order, and how many more
    /// there are.
    pub async fn round_and_later(
        &self,
        process_id: i64,
        slug: &str,
        shown: i64,
    ) -> Result<(RoundRef, Vec<RoundRef>, i64)> {
        let round = self
            .round_by_slug(process_id, slug)
            .await?
            .ok_or_else(|| round_not_in_database(slug))?;
        let later: Vec<RoundTuple> = sqlx::query_as(ROUNDS_AFTER)
            .bind(process_id)
            .bind(round.number)
            .bind(shown)
            .fetch_all(self.pool())
            .await?;
        let after: i64 = sqlx::query_scalar(COUNT_AFTER)
            .bind(process_id)
            .bind(round.number)
            .fetch_one(self.pool())
            .await?;
        let more = after - later.len() as i64;
        Ok((round, later.into_iter().map(round_ref).collect(), more))
    }

    /// The rounds of a process that hold a commitment of this slug.
    pub async fn rounds_with_commitment(
        &self,
        process_id: i64,
        slug: &str,
    ) -> Result<Vec<RoundRef>> {
        let rows: Vec<RoundTuple> = sqlx::query_as(ROUNDS_WITH_COMMITMENT)
            .bind(process_id)
            .bind(slug)
            .fetch_all(self.pool())
            .await?;
        Ok(rows.into_iter().map(round_ref).collect())
    }

    /// The slugs of a process's commitments, for suggestions.
    pub async fn commitment_slugs(&self, process_id: i64) -> Result<Vec<String>> {
        Ok(sqlx::query_scalar(COMMITMENT_SLUGS)
            .bind(process_id)
            .fetch_all(self.pool())
            .await?)
    }
}
