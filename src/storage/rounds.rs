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

    /// The round an analyst named (see [`RoundRef::find`]).
    pub async fn resolve_round(&self, process_id: i64, name: &str) -> Result<RoundRef> {
        let rounds = self.rounds(process_id).await?;
        RoundRef::find(&rounds, name).cloned()
    }
}
