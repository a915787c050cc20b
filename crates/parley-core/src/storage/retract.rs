//! Retractions: a claim or a round logged in error, withdrawn by an appended
//! `retraction` row with a reason (migrations/20251215000000_retractions.sql). The
//! schema's triggers take what is retracted out of the derived tables and refuse to
//! correct it; this module finds the row a command names, refuses one retracted
//! already, and writes the retraction and its `write_log` row in one transaction.
//!
//! Every kind takes one path: what differs is the query that finds the row (by the
//! names its add or set command takes) and the column of `retraction` it fills.

use sqlx::{Connection, SqliteConnection};

use super::Database;
use super::import::write_log::WriteStamp;
use crate::clock;
use crate::domain::Instant;
use crate::error::{Error, Result};

/// What a retraction names, as its command names it. Names are resolved (slugs, a
/// round's id) before; the row they stand for is found once the write lock is held.
#[derive(Debug, Clone, Copy)]
pub enum RetractTarget<'a> {
    /// A round, with everything logged at it.
    Round { round_id: i64 },
    /// The status in force of an item (by slug) at a round.
    Status { round_id: i64, item: &'a str },
    /// The stance in force of a party (by slug) on an item at a round.
    Position {
        round_id: i64,
        party: &'a str,
        item: &'a str,
    },
    /// A round's commitment, by its slug.
    Commitment { round_id: i64, slug: &'a str },
    /// A quote of the process, by the id `round show` prints beside it.
    Quote { process_id: i64, quote_id: i64 },
    /// A round note of the process, by the id `round show` prints beside it.
    Note { process_id: i64, round_note_id: i64 },
}

/// The row a target stands for: the column of `retraction` it fills, its round, and
/// what it says (the status, the stance, the words), for the command's message.
#[derive(Debug, Default)]
pub struct Found {
    pub round_id: Option<i64>,
    pub status_record_id: Option<i64>,
    pub position_id: Option<i64>,
    pub commitment_id: Option<i64>,
    pub quote_id: Option<i64>,
    pub round_note_id: Option<i64>,
    /// The round the claim was logged at (the round itself, for a round).
    pub at_round: i64,
    pub said: String,
}

/// The refusal of a retraction naming what the database does not hold.
pub fn not_held(what: &str) -> Error {
    Error::Conflict(format!("{what} is not in the database"))
}

/// The refusal of a retraction of what was retracted already.
pub fn retracted_already(what: &str, reason: &str, at: Instant) -> Error {
    Error::Conflict(format!("{what} was retracted already, at {at} ({reason})"))
}

/// The refusal of a retraction of a claim whose round was retracted.
pub fn round_retracted(what: &str, reason: &str, at: Instant) -> Error {
    Error::Conflict(format!(
        "the round of {what} was retracted at {at} ({reason}), with everything logged at it"
    ))
}

/// What the write log says a retraction wrote.
pub fn summary(what: &str) -> String {
    format!("retracted {what}")
}

/// A retraction written.
#[derive(Debug, Clone, PartialEq)]
pub struct Retracted {
    /// What the claim said: a status, a stance, a commitment's description, a
    /// quote's or note's words, a round's title.
    pub said: String,
    /// When it was retracted (its `recorded_at`).
    pub recorded_at: Instant,
}

impl Database {
    /// Retracts what `target` names, with `reason`, in one `BEGIN IMMEDIATE`
    /// transaction that also appends the write's row to `write_log`. `what` names
    /// it in messages and in the log (`the status of prisoner-exchanges at round 2
    /// (…)`). Refused, writing nothing, when it does not exist, was retracted
    /// already, or was logged at a round that was.
    pub async fn retract(
        &self,
        target: RetractTarget<'_>,
        what: &str,
        reason: &str,
        command: &str,
    ) -> Result<Retracted> {
        let mut conn = self.pool().acquire().await?;
        let mut tx = conn.begin_with("BEGIN IMMEDIATE").await?;
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
        sqlx::query!(
            "INSERT INTO retraction (round_id, status_record_id, position_id, commitment_id, quote_id,
                                     round_note_id, reason, write_log_id, recorded_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            found.round_id,
            found.status_record_id,
            found.position_id,
            found.commitment_id,
            found.quote_id,
            found.round_note_id,
            reason,
            write_log_id,
            at
        )
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(Retracted {
            said: found.said,
            recorded_at: at,
        })
    }

    /// The retraction of what `target` names, if it was retracted: its reason and
    /// when. For the commands that would correct it, to refuse with the reason (the
    /// schema's triggers refuse it too, whoever writes).
    pub async fn retraction(&self, target: RetractTarget<'_>) -> Result<Option<(String, Instant)>> {
        let mut conn = self.pool().acquire().await?;
        match find(&mut conn, target).await? {
            Some(found) => retraction_of(&mut conn, &found).await,
            None => Ok(None),
        }
    }

    /// The retraction of a round with this slug, if the process has one that was
    /// retracted: its reason and when.
    pub async fn retracted_round(
        &self,
        process_id: i64,
        slug: &str,
    ) -> Result<Option<(String, Instant)>> {
        let row = sqlx::query!(
            r#"SELECT x.reason, x.recorded_at AS "recorded_at: Instant" FROM round r JOIN retraction x ON x.round_id = r.round_id
               WHERE r.process_id = ?1 AND r.slug = ?2"#,
            process_id,
            slug
        )
        .fetch_optional(self.pool())
        .await?;
        Ok(row.map(|r| (r.reason, r.recorded_at)))
    }
}

/// The row `target` stands for: for a status or position, the one in force.
async fn find(conn: &mut SqliteConnection, target: RetractTarget<'_>) -> Result<Option<Found>> {
    let found = match target {
        RetractTarget::Round { round_id } => {
            sqlx::query!(
                r#"SELECT round_id AS "id!", title FROM round WHERE round_id = ?1"#,
                round_id
            )
            .fetch_optional(&mut *conn)
            .await?
            .map(|r| Found {
                round_id: Some(r.id),
                at_round: r.id,
                said: r.title,
                ..Found::default()
            })
        }
        RetractTarget::Status { round_id, item } => sqlx::query!(
            r#"SELECT sr.status_record_id AS "id!", sr.status
               FROM status_record sr
               JOIN agenda_item i ON i.agenda_item_id = sr.agenda_item_id
               JOIN round r ON r.round_id = sr.round_id
               WHERE sr.round_id = ?1 AND i.process_id = r.process_id AND i.slug = ?2
                 AND NOT EXISTS (SELECT 1 FROM status_record c
                                 WHERE c.supersedes_status_record_id = sr.status_record_id)"#,
            round_id,
            item
        )
        .fetch_optional(&mut *conn)
        .await?
        .map(|r| Found {
            status_record_id: Some(r.id),
            at_round: round_id,
            said: r.status,
            ..Found::default()
        }),
        RetractTarget::Position {
            round_id,
            party,
            item,
        } => sqlx::query!(
            r#"SELECT p.position_id AS "id!", p.stance
               FROM position p
               JOIN party pa ON pa.party_id = p.party_id
               JOIN agenda_item i ON i.agenda_item_id = p.agenda_item_id
               JOIN round r ON r.round_id = p.round_id
               WHERE p.round_id = ?1 AND pa.slug = ?2 AND i.process_id = r.process_id AND i.slug = ?3
                 AND NOT EXISTS (SELECT 1 FROM position c WHERE c.supersedes_position_id = p.position_id)"#,
            round_id,
            party,
            item
        )
        .fetch_optional(&mut *conn)
        .await?
        .map(|r| Found {
            position_id: Some(r.id),
            at_round: round_id,
            said: r.stance,
            ..Found::default()
        }),
        RetractTarget::Commitment { round_id, slug } => sqlx::query!(
            r#"SELECT commitment_id AS "id!", description FROM commitment WHERE round_id = ?1 AND slug = ?2"#,
            round_id,
            slug
        )
        .fetch_optional(&mut *conn)
        .await?
        .map(|r| Found {
            commitment_id: Some(r.id),
            at_round: round_id,
            said: r.description,
            ..Found::default()
        }),
        RetractTarget::Quote {
            process_id,
            quote_id,
        } => sqlx::query!(
            r#"SELECT q.quote_id AS "id!", q.round_id, q.text
               FROM quote q JOIN round r ON r.round_id = q.round_id
               WHERE q.quote_id = ?1 AND r.process_id = ?2"#,
            quote_id,
            process_id
        )
        .fetch_optional(&mut *conn)
        .await?
        .map(|r| Found {
            quote_id: Some(r.id),
            at_round: r.round_id,
            said: r.text,
            ..Found::default()
        }),
        RetractTarget::Note {
            process_id,
            round_note_id,
        } => sqlx::query!(
            r#"SELECT n.round_note_id AS "id!", n.round_id, n.body
               FROM round_note n JOIN round r ON r.round_id = n.round_id
               WHERE n.round_note_id = ?1 AND r.process_id = ?2"#,
            round_note_id,
            process_id
        )
        .fetch_optional(&mut *conn)
        .await?
        .map(|r| Found {
            round_note_id: Some(r.id),
            at_round: r.round_id,
            said: r.body,
            ..Found::default()
        }),
    };
    Ok(found)
}

/// The retraction of the row found, if it has one: its reason and when. Each column
/// is looked up through its own unique index.
async fn retraction_of(
    conn: &mut SqliteConnection,
    found: &Found,
) -> Result<Option<(String, Instant)>> {
    let row = sqlx::query!(
        r#"SELECT reason AS "reason!: String", recorded_at AS "recorded_at!: Instant" FROM (
               SELECT reason, recorded_at FROM retraction WHERE round_id = ?1
               UNION ALL SELECT reason, recorded_at FROM retraction WHERE status_record_id = ?2
               UNION ALL SELECT reason, recorded_at FROM retraction WHERE position_id = ?3
               UNION ALL SELECT reason, recorded_at FROM retraction WHERE commitment_id = ?4
               UNION ALL SELECT reason, recorded_at FROM retraction WHERE quote_id = ?5
               UNION ALL SELECT reason, recorded_at FROM retraction WHERE round_note_id = ?6)"#,
        found.round_id,
        found.status_record_id,
        found.position_id,
        found.commitment_id,
        found.quote_id,
        found.round_note_id
    )
    .fetch_optional(&mut *conn)
    .await?;
    Ok(row.map(|r| (r.reason, r.recorded_at)))
}

/// The retraction of a round, if it has one: its reason and when.
async fn round_retraction(
    conn: &mut SqliteConnection,
    round_id: i64,
) -> Result<Option<(String, Instant)>> {
    let row = sqlx::query!(
        r#"SELECT reason, recorded_at AS "recorded_at: Instant" FROM retraction WHERE round_id = ?1"#,
        round_id
    )
    .fetch_optional(&mut *conn)
    .await?;
    Ok(row.map(|r| (r.reason, r.recorded_at)))
}
