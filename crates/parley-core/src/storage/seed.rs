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
pub async fn insert_missing_in(conn: &mut SqliteConnection, dossier: Dossier) -> Result<Changes> {
    let Some(dossier) = held(conn).await?.missing_from(dossier) else {
        return Ok(Changes::default());
    };
    let statuses = dossier.rounds.iter().map(|r| r.statuses.len()).sum();
    let mut received = pieces_of(dossier);
    write_in_transaction(conn, &mut received, statuses, &ImportOptions::new("seed")).await
}

/// A dossier as the pieces of one import: its records, then the end.
pub fn pieces_of(dossier: Dossier) -> mpsc::Receiver<Piece> {
    let (pieces, received) = mpsc::channel(2);
    for piece in [Piece::Records(dossier), Piece::Complete] {
        // The channel has room for both and its receiver is alive: this cannot fail.
        let _ = pieces.try_send(piece);
    }
    received
}

/// The slugs of the records a database holds that seeding compares with: whatever
/// the backend reads them from.
#[derive(Default)]
pub struct HeldSlugs {
    pub processes: HashSet<String>,
    pub parties: HashSet<String>,
    pub sources: HashSet<String>,
    /// (process slug, item slug)
    pub items: HashSet<(String, String)>,
    /// (process slug, round slug)
    pub rounds: HashSet<(String, String)>,
}

impl HeldSlugs {
    /// The dossier without the records held (by slug); `None` if nothing is left.
    pub fn missing_from(&self, mut dossier: Dossier) -> Option<Dossier> {
        dossier
            .processes
            .retain(|p| !self.processes.contains(&p.slug));
        dossier.parties.retain(|p| !self.parties.contains(&p.slug));
        dossier.sources.retain(|s| !self.sources.contains(&s.slug));
        dossier
            .items
            .retain(|i| !self.items.contains(&(i.process.clone(), i.slug.clone())));
        dossier
            .rounds
            .retain(|r| !self.rounds.contains(&(r.process.clone(), r.slug.clone())));
        let nothing = dossier.processes.is_empty()
            && dossier.parties.is_empty()
            && dossier.sources.is_empty()
            && dossier.items.is_empty()
            && dossier.rounds.is_empty();
        (!nothing).then_some(dossier)
    }
}

/// The slugs the database holds.
async fn held(conn: &mut SqliteConnection) -> Result<HeldSlugs> {
    let processes = sqlx::query_scalar!("SELECT slug FROM process")
        .fetch_all(&mut *conn)
        .await?
        .into_iter()
        .collect();
    let parties = sqlx::query_scalar!("SELECT slug FROM party")
        .fetch_all(&mut *conn)
        .await?
        .into_iter()
        .collect();
    let sources = sqlx::query_scalar!("SELECT slug FROM source")
        .fetch_all(&mut *conn)
        .await?
        .into_iter()
        .collect();
    let items = sqlx::query!(
        "SELECT p.slug AS process, i.slug FROM agenda_item i JOIN process p ON p.process_id = i.process_id"
    )
    .fetch_all(&mut *conn)
    .await?
    .into_iter()
    .map(|r| (r.process, r.slug))
    .collect();
    let rounds = sqlx::query!(
        "SELECT p.slug AS process, r.slug FROM round r JOIN process p ON p.process_id = r.process_id"
    )
    .fetch_all(&mut *conn)
    .await?
    .into_iter()
    .map(|r| (r.process, r.slug))
    .collect();
    Ok(HeldSlugs {
        processes,
        parties,
        sources,
        items,
        rounds,
    })
}
