//! Retractions on the server: the same path as a file's ([`parley_core::storage::retract`]:
//! the row a target stands for found once the write lock is held, a claim retracted
//! already or logged at a retracted round refused with the same words, the retraction
//! and its `write_log` row in one transaction), with the server's statements. The
//! server's triggers take what is retracted out of the derived tables, as a file's do.

use sqlx::{Connection, PgConnection};

use super::Server;
use super::write_log::{self, WriteStamp, bound, read};
use parley_core::clock;
use parley_core::domain::Instant;
use parley_core::error::Result;
use parley_core::storage::retract::{Found, not_held, retracted_already, round_retracted, summary};
use parley_core::storage::{RetractTarget, Retracted};

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
        sqlx::query_file!(
            "src/queries/retract_insert.sql",
            found.round_id,
            found.status_record_id,
            found.position_id,
            found.commitment_id,
            found.quote_id,
            found.round_note_id,
            reason,
            write_log_id,
            bound(at)
        )
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
            let row = sqlx::query_file!("src/queries/retract_find_round.sql", round_id)
                .fetch_optional(&mut *conn)
                .await?;
            row.map(|row| Found {
                round_id: Some(row.round_id),
                at_round: row.round_id,
                said: row.title,
                ..Found::default()
            })
        }
        RetractTarget::Status { round_id, item } => {
            let row = sqlx::query_file!("src/queries/retract_find_status.sql", round_id, item)
                .fetch_optional(&mut *conn)
                .await?;
            row.map(|row| Found {
                status_record_id: Some(row.status_record_id),
                at_round: round_id,
                said: row.status,
                ..Found::default()
            })
        }
        RetractTarget::Position {
            round_id,
            party,
            item,
        } => {
            let row = sqlx::query_file!(
                "src/queries/retract_find_position.sql",
                round_id,
                party,
                item
            )
            .fetch_optional(&mut *conn)
            .await?;
            row.map(|row| Found {
                position_id: Some(row.position_id),
                at_round: round_id,
                said: row.stance,
                ..Found::default()
            })
        }
        RetractTarget::Commitment { round_id, slug } => {
            let row = sqlx::query_file!("src/queries/retract_find_commitment.sql", round_id, slug)
                .fetch_optional(&mut *conn)
                .await?;
            row.map(|row| Found {
                commitment_id: Some(row.commitment_id),
                at_round: round_id,
                said: row.description,
                ..Found::default()
            })
        }
        RetractTarget::Quote {
            process_id,
            quote_id,
        } => {
            let row = sqlx::query_file!("src/queries/retract_find_quote.sql", quote_id, process_id)
                .fetch_optional(&mut *conn)
                .await?;
            row.map(|row| Found {
                quote_id: Some(row.quote_id),
                at_round: row.round_id,
                said: row.text,
                ..Found::default()
            })
        }
        RetractTarget::Note {
            process_id,
            round_note_id,
        } => {
            let row = sqlx::query_file!(
                "src/queries/retract_find_note.sql",
                round_note_id,
                process_id
            )
            .fetch_optional(&mut *conn)
            .await?;
            row.map(|row| Found {
                round_note_id: Some(row.round_note_id),
                at_round: row.round_id,
                said: row.body,
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
    let row = sqlx::query_file!(
        "src/queries/retract_retraction_of.sql",
        found.round_id,
        found.status_record_id,
        found.position_id,
        found.commitment_id,
        found.quote_id,
        found.round_note_id
    )
    .fetch_optional(&mut *conn)
    .await?;
    row.map(|row| Ok((row.reason, read(row.recorded_at)?)))
        .transpose()
}

/// The retraction of a round, if it has one: its reason and when.
async fn round_retraction(
    conn: &mut PgConnection,
    round_id: i64,
) -> Result<Option<(String, Instant)>> {
    let row = sqlx::query_file!("src/queries/retract_round_retraction.sql", round_id)
        .fetch_optional(&mut *conn)
        .await?;
    row.map(|row| Ok((row.reason, read(row.recorded_at)?)))
        .transpose()
}
