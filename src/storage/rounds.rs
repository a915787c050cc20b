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
    /// A round's details as the domain holds them, with no claims: the base that
    /// commands add one claim to before writing it.
    pub async fn round_details(&self, round_id: i64) -> Result<crate::domain::model::Round> {
        use crate::domain::model::Round;
        let r = sqlx::query!(
            "SELECT p.slug AS process, r.slug, r.title, r.start_date, r.end_date, r.location, r.format,
                    r.level, r.state, r.tone, r.summary
             FROM round r JOIN process p ON p.process_id = r.process_id WHERE r.round_id = ?1",
            round_id
        )
        .fetch_one(self.pool())
        .await?;
        let unreadable = |what: &str, value: &str| {
            crate::Error::Unreadable(format!("an unknown {what} '{value}'"))
        };
        let date = |d: Option<String>| {
            d.map(|d| d.parse().map_err(|_| unreadable("date", &d)))
                .transpose()
        };
        Ok(Round {
            process: r.process,
            slug: r.slug,
            title: r.title,
            start_date: date(r.start_date)?,
            end_date: date(r.end_date)?,
            location: r.location,
            format: r
                .format
                .map(|f| f.parse().map_err(|_| unreadable("round format", &f)))
                .transpose()?,
            level: r
                .level
                .map(|l| l.parse().map_err(|_| unreadable("level", &l)))
                .transpose()?,
            state: r
                .state
                .parse()
                .map_err(|_| unreadable("round state", &r.state))?,
            tone: r.tone,
            summary: r.summary,
            sources: Vec::new(),
            participants: Vec::new(),
            statuses: Vec::new(),
            positions: Vec::new(),
            commitments: Vec::new(),
            quotes: Vec::new(),
            notes: Vec::new(),
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
