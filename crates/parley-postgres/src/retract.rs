//! Retractions on the server: the same path as a file's ([`parley_core::storage::retract`]:
//! the row a target stands for found once the write lock is held, a claim retracted
//! already or logged at a retracted round refused with the same words, the retraction
//! and its `write_log` row in one transaction), with the server's statements. The
//! server's triggers take what is retracted out of the derived tables, as a file's do.

use chrono::{DateTime, Utc};
use sqlx::{Connection, PgConnection};

use super::Server;
use super::write_log::{self, WriteStamp, bound, read};
use parley_core::clock;
use parley_core::domain::Instant;
use parley_core::error::Result;
use parley_core::storage::retract::{Found, not_held, retracted_already, round_retracted, summary};
use parley_core::storage::{RetractTarget, Retracted};

const FIND_ROUND: &str = include_str!("queries/retract_find_round.sql");
const FIND_STATUS: &str = include_str!("queries/retract_find_status.sql");
const FIND_POSITION: &str = include_str!("queries/retract_find_position.sql");
const FIND_COMMITMENT: &str = include_str!("queries/retract_find_commitment.sql");
const FIND_QUOTE: &str = include_str!("queries/retract_find_quote.sql");
const FIND_NOTE: &str = include_str!("queries/retract_find_note.sql");
const RETRACTION_OF: &str = include_str!("queries/retract_retraction_of.sql");
const ROUND_RETRACTION: &str = include_str!("queries/retract_round_retraction.sql");
const INSERT: &str = include_str!("queries/retract_insert.sql");

impl Server {
    /// Retracts what `target` names, with `reason`, in one transaction under the write
    /// lock that also appends the write's row to `write_log`; as
    /// [`parley_core::storage::Database::retract`] does on a file.
    pub async fn retract(
        &self,
        target: RetractTarget<'_>,
        what: &str,
        reason: &str,
        command: &str,
    ) -> Result<Retracted> {
        let mut conn = self.pool().acquire().await?;
        let mut tx = conn.begin().await?;
        write_log::lock(&mut tx).await?;
        let found = find(&mut tx, target).await?.ok_or_else(|| not_held(what))?;
        if let Some((reason, at)) = retraction_of(&mut tx, &found).await? {
            return Err(retracted_already(what, &reason, at));
        }
        if found.round_id.is_none()
            && let Some((reason, at)) = round_retraction(&mut tx, found.at_round).await?
        {
            return Err(round_retracted(what, &reason, at));
        }
        let stamp = WriteStamp::take(&mut tx, clock::now()?).await?;
        let at = stamp.recorded_at;
        let write_log_id = stamp.log(&mut tx, command, &summary(what)).await?;
        sqlx::query(INSERT)
            .bind(found.round_id)
            .bind(found.status_record_id)
            .bind(found.position_id)
            .bind(found.commitment_id)
            .bind(found.quote_id)
            .bind(found.round_note_id)
            .bind(reason)
            .bind(write_log_id)
            .bind(bound(at))
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(Retracted {
            said: found.said,
            recorded_at: at,
        })
    }
}

/// The row `target` stands for: for a status or position, the one in force.
async fn find(conn: &mut PgConnection, target: RetractTarget<'_>) -> Result<Option<Found>> {
    let found = match target {
        RetractTarget::Round { round_id } => {
            let row: Option<(i64, String)> = sqlx::query_as(FIND_ROUND)
                .bind(round_id)
                .fetch_optional(&mut *conn)
                .await?;
            row.map(|(id, title)| Found {
                round_id: Some(id),
                at_round: id,
                said: title,
                ..Found::default()
            })
        }
        RetractTarget::Status { round_id, item } => {
            let row: Option<(i64, String)> = sqlx::query_as(FIND_STATUS)
                .bind(round_id)
                .bind(item)
                .fetch_optional(&mut *conn)
                .await?;
            row.map(|(id, status)| Found {
                status_record_id: Some(id),
                at_round: round_id,
                said: status,
                ..Found::default()
            })
        }
        RetractTarget::Position {
            round_id,
            party,
            item,
        } => {
            let row: Option<(i64, String)> = sqlx::query_as(FIND_POSITION)
                .bind(round_id)
                .bind(party)
                .bind(item)
                .fetch_optional(&mut *conn)
                .await?;
            row.map(|(id, stance)| Found {
                position_id: Some(id),
                at_round: round_id,
                said: stance,
                ..Found::default()
            })
        }
        RetractTarget::Commitment { round_id, slug } => {
            let row: Option<(i64, String)> = sqlx::query_as(FIND_COMMITMENT)
                .bind(round_id)
                .bind(slug)
                .fetch_optional(&mut *conn)
                .await?;
            row.map(|(id, description)| Found {
                commitment_id: Some(id),
                at_round: round_id,
                said: description,
                ..Found::default()
            })
        }
        RetractTarget::Quote {
            process_id,
            quote_id,
        } => {
            let row: Option<(i64, i64, String)> = sqlx::query_as(FIND_QUOTE)
                .bind(quote_id)
                .bind(process_id)
                .fetch_optional(&mut *conn)
                .await?;
            row.map(|(id, round_id, text)| Found {
                quote_id: Some(id),
                at_round: round_id,
                said: text,
                ..Found::default()
            })
        }
        RetractTarget::Note {
            process_id,
            round_note_id,
        } => {
            let row: Option<(i64, i64, String)> = sqlx::query_as(FIND_NOTE)
                .bind(round_note_id)
                .bind(process_id)
                .fetch_optional(&mut *conn)
                .await?;
            row.map(|(id, round_id, body)| Found {
                round_note_id: Some(id),
                at_round: round_id,
                said: body,
                ..Found::default()
            })
        }
    };
    Ok(found)
}

/// The retraction of the row found, if it has one: its reason and when.
async fn retraction_of(
    conn: &mut PgConnection,
    found: &Found,
) -> Result<Option<(String, Instant)>> {
    let row: Option<(String, DateTime<Utc>)> = sqlx::query_as(RETRACTION_OF)
        .bind(found.round_id)
        .bind(found.status_record_id)
        .bind(found.position_id)
        .bind(found.commitment_id)
        .bind(found.quote_id)
        .bind(found.round_note_id)
        .fetch_optional(&mut *conn)
        .await?;
    row.map(|(reason, at)| Ok((reason, read(at)?))).transpose()
}

/// The retraction of a round, if it has one: its reason and when.
async fn round_retraction(
    conn: &mut PgConnection,
    round_id: i64,
) -> Result<Option<(String, Instant)>> {
    let row: Option<(String, DateTime<Utc>)> = sqlx::query_as(ROUND_RETRACTION)
        .bind(round_id)
        .fetch_optional(&mut *conn)
        .await?;
    row.map(|(reason, at)| Ok((reason, read(at)?))).transpose()
}
