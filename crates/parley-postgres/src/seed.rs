//! Seeding a server: adding the records of a dossier (the shipped seed) that the
//! database lacks, and nothing else, as [`parley_core::storage::Database::insert_missing`]
//! does for a file. What exists is read once the write lock is held, in the same
//! transaction as the write; which records are missing is decided by the same
//! function for both backends.

use sqlx::{Connection, PgConnection};

use super::import::{BEGIN_WRITE, write_locked};
use super::write_log;
use super::{Server, create_or_upgrade_in};
use parley_core::domain::model::Dossier;
use parley_core::error::Result;
use parley_core::storage::seed::{HeldSlugs, pieces_of};
use parley_core::storage::{Changes, ImportOptions};

impl Server {
    /// Adds the records of `dossier` the database lacks, in one transaction; what
    /// exists, and the instant recorded, are decided once the write lock is held.
    pub async fn insert_missing(&self, dossier: Dossier) -> Result<Changes> {
        let mut conn = self.pool().acquire().await?;
        let mut tx = conn.begin_with(BEGIN_WRITE).await?;
        write_log::lock(&mut tx).await?;
        let changes = insert_missing_locked(&mut tx, dossier).await?;
        tx.commit().await?;
        Ok(changes)
    }

    /// Creates the schema on a database that holds nothing, with the records of the
    /// dossier `seed` gives, or brings Parley's up to date (adding nothing), in one
    /// transaction: a failed seed leaves no schema behind, as on a file. What the
    /// seed wrote if the database held nothing; `None` if it held Parley's already.
    pub async fn create_with_seed(
        &self,
        seed: impl FnOnce() -> Result<Dossier>,
    ) -> Result<Option<Changes>> {
        let mut conn = self.pool().acquire().await?;
        let mut tx = conn.begin_with(BEGIN_WRITE).await?;
        if !create_or_upgrade_in(&mut tx, self.url()).await? {
            tx.commit().await?;
            return Ok(None);
        }
        write_log::lock(&mut tx).await?;
        let changes = insert_missing_locked(&mut tx, seed()?).await?;
        tx.commit().await?;
        Ok(Some(changes))
    }
}

/// [`Server::insert_missing`] in a transaction that holds the write lock.
async fn insert_missing_locked(conn: &mut PgConnection, dossier: Dossier) -> Result<Changes> {
    let Some(dossier) = held(&mut *conn).await?.missing_from(dossier) else {
        return Ok(Changes::default());
    };
    let mut pieces = pieces_of(dossier);
    write_locked(conn, &mut pieces, &ImportOptions::new("seed")).await
}

/// The slugs the database holds.
async fn held(conn: &mut PgConnection) -> Result<HeldSlugs> {
    let processes = sqlx::query_scalar!("SELECT slug FROM process")
        .fetch_all(&mut *conn)
        .await?;
    let parties = sqlx::query_scalar!("SELECT slug FROM party")
        .fetch_all(&mut *conn)
        .await?;
    let sources = sqlx::query_scalar!("SELECT slug FROM source")
        .fetch_all(&mut *conn)
        .await?;
    let items = sqlx::query!(
        "SELECT p.slug AS process, i.slug AS item
         FROM agenda_item i JOIN process p ON p.process_id = i.process_id"
    )
    .fetch_all(&mut *conn)
    .await?;
    let rounds = sqlx::query!(
        "SELECT p.slug AS process, r.slug AS round
         FROM round r JOIN process p ON p.process_id = r.process_id"
    )
    .fetch_all(&mut *conn)
    .await?;
    Ok(HeldSlugs {
        processes: processes.into_iter().collect(),
        parties: parties.into_iter().collect(),
        sources: sources.into_iter().collect(),
        items: items.into_iter().map(|r| (r.process, r.item)).collect(),
        rounds: rounds.into_iter().map(|r| (r.process, r.round)).collect(),
    })
}
