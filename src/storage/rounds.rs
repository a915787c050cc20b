//! Reading rounds in their order, and finding the round an analyst named.

use super::Database;
use crate::domain::model::RoundRef;
use crate::error::Result;

impl Database {
    /// A process's rounds in number order.
    pub async fn rounds(&self, process_id: i64) -> Result<Vec<RoundRef>> {
        Ok(sqlx::query_file_as!(
            RoundRef,
            "src/storage/queries/rounds_in_order.sql",
            process_id
        )
        .fetch_all(self.pool())
        .await?)
    }

    /// The round an analyst named (see [`RoundRef::find`]); an error names `flag`.
    ///
    /// `latest`, `previous`, a number and an exact slug are each one indexed lookup.
    /// Anything else (a title, a slug in another case, a mistyped name), and a name
    /// that finds nothing that way, is resolved against every round of the process,
    /// which also gives the error its suggestions.
    pub async fn resolve_round(&self, process_id: i64, name: &str, flag: &str) -> Result<RoundRef> {
        if let Some(round) = self.find_round(process_id, name.trim()).await? {
            return Ok(round);
        }
        let rounds = self.rounds(process_id).await?;
        RoundRef::find(&rounds, name)
            .cloned()
            .map_err(|message| crate::Error::invalid_argument(flag, message))
    }

    /// The round a name picks out by index, tried in [`RoundRef::find`]'s order;
    /// `None` when it needs the full search.
    async fn find_round(&self, process_id: i64, name: &str) -> Result<Option<RoundRef>> {
        let pool = self.pool();
        let held_from_last = |offset: i64| {
            sqlx::query_file_as!(
                RoundRef,
                "src/storage/queries/round_held_from_last.sql",
                process_id,
                offset
            )
            .fetch_optional(pool)
        };
        let found = match name.to_ascii_lowercase().as_str() {
            "latest" => held_from_last(0).await?,
            "previous" => held_from_last(1).await?,
            _ => match name.trim_start_matches('#').parse::<i64>() {
                Ok(number) => {
                    sqlx::query_file_as!(
                        RoundRef,
                        "src/storage/queries/round_by_number.sql",
                        process_id,
                        number
                    )
                    .fetch_optional(pool)
                    .await?
                }
                Err(_) => {
                    sqlx::query_file_as!(
                        RoundRef,
                        "src/storage/queries/round_by_slug.sql",
                        process_id,
                        name
                    )
                    .fetch_optional(pool)
                    .await?
                }
            },
        };
        Ok(found)
    }
}

impl Database {
    /// How an item stands at a round after corrections: its status there, its status
    /// at its previous round, and the movement between them.
    pub async fn movement_at(
        &self,
        item_id: i64,
        round_id: i64,
    ) -> Result<Option<(String, Option<String>, String)>> {
        let row = sqlx::query!(
            r#"SELECT status AS "status!: String", previous_status AS "previous_status?: String",
                      movement AS "movement!: String"
               FROM movement WHERE agenda_item_id = ?1 AND round_id = ?2"#,
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
            r#"SELECT agenda_item_id AS "id!" FROM agenda_item WHERE process_id = ?1 AND slug = ?2"#,
            process_id,
            slug
        )
        .fetch_one(self.pool())
        .await?)
    }
}
