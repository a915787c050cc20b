//! Seeding: adding the records of a dossier (the shipped seed) that the database
//! lacks, and nothing else. A process, party, source, agenda item or round the
//! database already holds is left exactly as it is, corrections and all: seeding a
//! database that has the seed never writes.

use std::collections::HashSet;

use sqlx::{Connection, SqliteConnection};
use tokio::sync::mpsc;

use super::import::write_in_transaction;
use super::{Changes, Database, ImportOptions, Piece};
use crate::domain::model::Dossier;
use crate::error::Result;

impl Database {
    /// Adds the records of `dossier` the database lacks, in one `BEGIN IMMEDIATE`
    /// transaction; what exists, and the instant recorded, are decided once the lock
    /// is held.
    pub async fn insert_missing(&self, dossier: Dossier) -> Result<Changes> {
        let mut conn = self.pool().acquire().await?;
        let mut tx = conn.begin_with("BEGIN IMMEDIATE").await?;
        let changes = insert_missing_in(&mut tx, dossier).await?;
        tx.commit().await?;
        Ok(changes)
    }
}

/// [`Database::insert_missing`] on a connection already inside a write transaction.
pub(super) async fn insert_missing_in(
    conn: &mut SqliteConnection,
    dossier: Dossier,
) -> Result<Changes> {
    let dossier = without_held(conn, dossier).await?;
    if dossier.processes.is_empty()
        && dossier.parties.is_empty()
        && dossier.sources.is_empty()
        && dossier.items.is_empty()
        && dossier.rounds.is_empty()
    {
        return Ok(Changes::default());
    }
    let statuses = dossier.rounds.iter().map(|r| r.statuses.len()).sum();
    let (pieces, mut received) = mpsc::channel(2);
    for piece in [Piece::Records(dossier), Piece::Complete] {
        // The channel has room for both and its receiver is alive: this cannot fail.
        let _ = pieces.try_send(piece);
    }
    write_in_transaction(conn, &mut received, statuses, &ImportOptions::new("seed")).await
}

/// The dossier without the records the database holds (by slug).
async fn without_held(conn: &mut SqliteConnection, mut dossier: Dossier) -> Result<Dossier> {
    let processes: HashSet<String> = sqlx::query_scalar!("SELECT slug FROM process")
        .fetch_all(&mut *conn)
        .await?
        .into_iter()
        .collect();
    let parties: HashSet<String> = sqlx::query_scalar!("SELECT slug FROM party")
        .fetch_all(&mut *conn)
        .await?
        .into_iter()
        .collect();
    let sources: HashSet<String> = sqlx::query_scalar!("SELECT slug FROM source")
        .fetch_all(&mut *conn)
        .await?
        .into_iter()
        .collect();
    let items: HashSet<(String, String)> = sqlx::query!(
        "SELECT p.slug AS process, i.slug FROM agenda_item i JOIN process p ON p.process_id = i.process_id"
    )
    .fetch_all(&mut *conn)
    .await?
    .into_iter()
    .map(|r| (r.process, r.slug))
    .collect();
    let rounds: HashSet<(String, String)> = sqlx::query!(
        "SELECT p.slug AS process, r.slug FROM round r JOIN process p ON p.process_id = r.process_id"
    )
    .fetch_all(&mut *conn)
    .await?
    .into_iter()
    .map(|r| (r.process, r.slug))
    .collect();
    dossier.processes.retain(|p| !processes.contains(&p.slug));
    dossier.parties.retain(|p| !parties.contains(&p.slug));
    dossier.sources.retain(|s| !sources.contains(&s.slug));
    dossier
        .items
        .retain(|i| !items.contains(&(i.process.clone(), i.slug.clone())));
    dossier
        .rounds
        .retain(|r| !rounds.contains(&(r.process.clone(), r.slug.clone())));
    Ok(dossier)
}
