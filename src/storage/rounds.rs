//! Reading rounds in their order.

use super::Database;
use crate::domain::model::RoundRef;
use crate::error::Result;

impl Database {
    /// A process's rounds in number order.
    pub async fn rounds(&self, process_id: i64) -> Result<Vec<RoundRef>> {
        let rows = sqlx::query_as!(
            RoundRef,
            r#"SELECT r.round_id AS "round_id!", r.process_id, s.number AS "number!: i64", r.slug, r.title,
                      r.start_date, r.state
               FROM round r JOIN round_sequence s ON s.round_id = r.round_id
               WHERE r.process_id = ?1
               ORDER BY s.number"#,
            process_id
        )
        .fetch_all(self.pool())
        .await?;
        Ok(rows)
    }

    /// The round an analyst named (see [`RoundRef::find`]); an error names `flag`.
    pub async fn resolve_round(&self, process_id: i64, name: &str, flag: &str) -> Result<RoundRef> {
        let rounds = self.rounds(process_id).await?;
        RoundRef::find(&rounds, name)
            .cloned()
            .map_err(|message| crate::Error::invalid_argument(flag, message))
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
