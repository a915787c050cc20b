//! The read-only lookups of retractions, on a server: the counterpart of those of
//! `storage::retract`. Each finds the row a target names as SQLite's `find` does (a
//! status or position: the one in force) and reads its retraction, in one statement.

use super::Server;
use parley_core::domain::Instant;
use parley_core::error::Result;
use parley_core::storage::RetractTarget;

/// A retraction as the statements below read it.
struct Found {
    reason: String,
    recorded_at: Instant,
}

impl Found {
    fn pair(self) -> (String, Instant) {
        (self.reason, self.recorded_at)
    }
}

impl Server {
    /// The retraction of what `target` names, if it was retracted: its reason and
    /// when.
    pub async fn retraction(&self, target: RetractTarget<'_>) -> Result<Option<(String, Instant)>> {
        let pool = self.pool();
        let found = match target {
            RetractTarget::Round { round_id } => {
                sqlx::query_as!(
                    Found,
                    r#"SELECT x.reason, x.recorded_at AS "recorded_at: Instant" FROM retraction x
                       WHERE x.round_id IN (SELECT round_id FROM round WHERE round_id = $1)"#,
                    round_id
                )
                .fetch_optional(pool)
                .await?
            }
            RetractTarget::Status { round_id, item } => {
                sqlx::query_as!(
                    Found,
                    r#"SELECT x.reason, x.recorded_at AS "recorded_at: Instant" FROM retraction x
                       WHERE x.status_record_id IN (
                           SELECT sr.status_record_id
                           FROM status_record sr
                           JOIN agenda_item i ON i.agenda_item_id = sr.agenda_item_id
                           JOIN round r ON r.round_id = sr.round_id
                           WHERE sr.round_id = $1 AND i.process_id = r.process_id AND i.slug = $2
                             AND NOT EXISTS (SELECT 1 FROM status_record c
                                             WHERE c.supersedes_status_record_id = sr.status_record_id))"#,
                    round_id,
                    item
                )
                .fetch_optional(pool)
                .await?
            }
            RetractTarget::Position {
                round_id,
                party,
                item,
            } => {
                sqlx::query_as!(
                    Found,
                    r#"SELECT x.reason, x.recorded_at AS "recorded_at: Instant" FROM retraction x
                       WHERE x.position_id IN (
                           SELECT p.position_id
                           FROM position p
                           JOIN party pa ON pa.party_id = p.party_id
                           JOIN agenda_item i ON i.agenda_item_id = p.agenda_item_id
                           JOIN round r ON r.round_id = p.round_id
                           WHERE p.round_id = $1 AND pa.slug = $2 AND i.process_id = r.process_id
                             AND i.slug = $3
                             AND NOT EXISTS (SELECT 1 FROM position c
                                             WHERE c.supersedes_position_id = p.position_id))"#,
                    round_id,
                    party,
                    item
                )
                .fetch_optional(pool)
                .await?
            }
            RetractTarget::Commitment { round_id, slug } => {
                sqlx::query_as!(
                    Found,
                    r#"SELECT x.reason, x.recorded_at AS "recorded_at: Instant" FROM retraction x
                       WHERE x.commitment_id IN (SELECT commitment_id FROM commitment
                                                 WHERE round_id = $1 AND slug = $2)"#,
                    round_id,
                    slug
                )
                .fetch_optional(pool)
                .await?
            }
            RetractTarget::Quote {
                process_id,
                quote_id,
            } => {
                sqlx::query_as!(
                    Found,
                    r#"SELECT x.reason, x.recorded_at AS "recorded_at: Instant" FROM retraction x
                       WHERE x.quote_id IN (SELECT q.quote_id FROM quote q
                                            JOIN round r ON r.round_id = q.round_id
                                            WHERE q.quote_id = $1 AND r.process_id = $2)"#,
                    quote_id,
                    process_id
                )
                .fetch_optional(pool)
                .await?
            }
            RetractTarget::Note {
                process_id,
                round_note_id,
            } => {
                sqlx::query_as!(
                    Found,
                    r#"SELECT x.reason, x.recorded_at AS "recorded_at: Instant" FROM retraction x
                       WHERE x.round_note_id IN (SELECT n.round_note_id FROM round_note n
                                                 JOIN round r ON r.round_id = n.round_id
                                                 WHERE n.round_note_id = $1 AND r.process_id = $2)"#,
                    round_note_id,
                    process_id
                )
                .fetch_optional(pool)
                .await?
            }
        };
        Ok(found.map(Found::pair))
    }

    /// The retraction of a round with this slug, if the process has one that was
    /// retracted: its reason and when.
    pub async fn retracted_round(
        &self,
        process_id: i64,
        slug: &str,
    ) -> Result<Option<(String, Instant)>> {
        let found = sqlx::query_as!(
            Found,
            r#"SELECT x.reason, x.recorded_at AS "recorded_at: Instant"
               FROM round r JOIN retraction x ON x.round_id = r.round_id
               WHERE r.process_id = $1 AND r.slug = $2"#,
            process_id,
            slug
        )
        .fetch_optional(self.pool())
        .await?;
        Ok(found.map(Found::pair))
    }
}
