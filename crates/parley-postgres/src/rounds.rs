//! Reading rounds in their order, and finding the round an analyst named, on a
//! server: the counterpart of `storage::rounds`.

use super::Server;
use parley_core::domain::model::RoundRef;
use parley_core::error::Result;
use parley_core::storage::rounds::{RoundLookup, round_not_in_database, unresolved_round};

impl Server {
    /// A process's rounds in number order.
    pub async fn rounds(&self, process_id: i64) -> Result<Vec<RoundRef>> {
        Ok(
            sqlx::query_file_as!(RoundRef, "src/queries/rounds_in_order.sql", process_id)
                .fetch_all(self.pool())
                .await?,
        )
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
        let pool = self.pool();
        Ok(match RoundLookup::of(name) {
            RoundLookup::HeldFromLast(offset) => {
                sqlx::query_file_as!(
                    RoundRef,
                    "src/queries/round_held_from_last.sql",
                    process_id,
                    offset
                )
                .fetch_optional(pool)
                .await?
            }
            RoundLookup::Number(number) => {
                sqlx::query_file_as!(
                    RoundRef,
                    "src/queries/round_by_number.sql",
                    process_id,
                    number
                )
                .fetch_optional(pool)
                .await?
            }
            RoundLookup::Slug(slug) => {
                sqlx::query_file_as!(RoundRef, "src/queries/round_by_slug.sql", process_id, slug)
                    .fetch_optional(pool)
                    .await?
            }
        })
    }

    /// How an item stands at a round after corrections: its status there, its status
    /// at its previous round, and the movement between them.
    pub async fn movement_at(
        &self,
        item_id: i64,
        round_id: i64,
    ) -> Result<Option<(String, Option<String>, String)>> {
        let row = sqlx::query!(
            r#"SELECT status AS "status!", previous_status, movement AS "movement!"
               FROM movement WHERE agenda_item_id = $1 AND round_id = $2"#,
            item_id,
            round_id
        )
        .fetch_optional(self.pool())
        .await?;
        Ok(row.map(|r| (r.status, r.previous_status, r.movement)))
    }

    /// The id of an agenda item of a process.
    pub async fn item_id(&self, process_id: i64, slug: &str) -> Result<i64> {
        Ok(sqlx::query_scalar!(
            "SELECT agenda_item_id FROM agenda_item WHERE process_id = $1 AND slug = $2",
            process_id,
            slug
        )
        .fetch_one(self.pool())
        .await?)
    }

    /// The round of a process with this slug.
    pub async fn round_by_slug(&self, process_id: i64, slug: &str) -> Result<Option<RoundRef>> {
        Ok(sqlx::query_as!(
            RoundRef,
            r#"SELECT r.round_id, r.process_id, s.number AS "number!", r.slug, r.title,
                      r.start_date, r.state
               FROM round r JOIN round_sequence s ON s.round_id = r.round_id
               WHERE r.process_id = $1 AND r.slug = $2"#,
            process_id,
            slug
        )
        .fetch_optional(self.pool())
        .await?)
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
        let later = sqlx::query_file_as!(
            RoundRef,
            "src/queries/round_sequence_after.sql",
            process_id,
            round.number,
            shown
        )
        .fetch_all(self.pool())
        .await?;
        let after = sqlx::query_scalar!(
            r#"SELECT count(*) AS "count!" FROM round_sequence s JOIN round r ON r.round_id = s.round_id
               WHERE r.process_id = $1 AND s.number > $2"#,
            process_id,
            round.number
        )
        .fetch_one(self.pool())
        .await?;
        let more = after - later.len() as i64;
        Ok((round, later, more))
    }

    /// The rounds of a process that hold a commitment of this slug.
    pub async fn rounds_with_commitment(
        &self,
        process_id: i64,
        slug: &str,
    ) -> Result<Vec<RoundRef>> {
        Ok(sqlx::query_as!(
            RoundRef,
            r#"SELECT r.round_id, r.process_id, s.number AS "number!", r.slug, r.title,
                      r.start_date, r.state
               FROM commitment c
               JOIN round r ON r.round_id = c.round_id
               JOIN round_sequence s ON s.round_id = r.round_id
               WHERE r.process_id = $1 AND c.slug = $2
               ORDER BY s.number"#,
            process_id,
            slug
        )
        .fetch_all(self.pool())
        .await?)
    }

    /// The slugs of a process's commitments, for suggestions.
    pub async fn commitment_slugs(&self, process_id: i64) -> Result<Vec<String>> {
        // Ordered as SQLite's BINARY collation orders them, whatever the database's locale.
        Ok(sqlx::query_scalar!(
            r#"SELECT DISTINCT c.slug COLLATE "C" AS "slug!"
               FROM commitment c JOIN round r ON r.round_id = c.round_id
               WHERE r.process_id = $1 ORDER BY 1"#,
            process_id
        )
        .fetch_all(self.pool())
        .await?)
    }
}
