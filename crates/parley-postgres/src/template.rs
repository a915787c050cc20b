//! What a round file for a process's next round starts from, on a server: the
//! counterpart of `storage::template`.

use super::Server;
use parley_core::error::Result;
use parley_core::storage::{
    LastRound, NextRoundFacts, TemplateItem, TemplateParticipant, TemplateSource,
};

impl Server {
    /// What the template of `process_id`'s next round starts from, with at most
    /// `sources` sources.
    pub async fn next_round_facts(&self, process_id: i64, sources: i64) -> Result<NextRoundFacts> {
        let pool = self.pool();
        let last_round = sqlx::query_as!(
            LastRound,
            "SELECT r.round_id, r.slug, r.title, r.start_date AS date,
                    r.location, r.format, r.level
             FROM round_sequence s JOIN round r ON r.round_id = s.round_id
             WHERE s.process_id = $1 AND s.state = 'held'
             ORDER BY s.number DESC
             LIMIT 1",
            process_id
        )
        .fetch_optional(pool)
        .await?;
        let participants = match &last_round {
            None => Vec::new(),
            Some(last) => {
                sqlx::query_as!(
                    TemplateParticipant,
                    r#"SELECT p.slug AS party, p.name, rp.role, rp.note,
                              pe.slug AS "lead?", pe.name AS "lead_name?"
                     FROM round_party rp JOIN party p ON p.party_id = rp.party_id
                     LEFT JOIN person pe ON pe.person_id = rp.lead_person_id
                     WHERE rp.round_id = $1
                     ORDER BY rp.round_party_id"#,
                    last.round_id
                )
                .fetch_all(pool)
                .await?
            }
        };
        let items = sqlx::query_as!(
            TemplateItem,
            r#"SELECT i.slug AS item, i.title, parent.slug AS "parent?",
                      c.status AS "status?", c.round AS "round?", c.round_date AS "round_date?"
             FROM agenda_item i
             LEFT JOIN agenda_item parent ON parent.agenda_item_id = i.parent_agenda_item_id
             LEFT JOIN current_status c ON c.agenda_item_id = i.agenda_item_id
             WHERE i.process_id = $1
             ORDER BY i.agenda_item_id"#,
            process_id
        )
        .fetch_all(pool)
        .await?;
        let sources =
            sqlx::query_file_as!(TemplateSource, "src/queries/template_sources.sql", sources)
                .fetch_all(pool)
                .await?;
        let source_count = sqlx::query_scalar!(r#"SELECT count(*) AS "count!" FROM source"#)
            .fetch_one(pool)
            .await?;
        Ok(NextRoundFacts {
            last_round,
            participants,
            items,
            sources,
            source_count,
        })
    }

    /// Whether a process holds a round of this slug.
    pub async fn round_exists(&self, process_id: i64, slug: &str) -> Result<bool> {
        Ok(sqlx::query_scalar!(
            r#"SELECT EXISTS (SELECT 1 FROM round WHERE process_id = $1 AND slug = $2) AS "exists!""#,
            process_id,
            slug
        )
        .fetch_one(self.pool())
        .await?)
    }
}
