//! `import --history` on the server: a history export written into a database that
//! holds no records, every row as the file holds it (ids given in the file's order,
//! instants as carried, the earlier versions, the carried write log and the
//! retractions), as [`parley_core::storage::Database::import_history`] writes it into a file.
//!
//! The rows are the file's by construction: the export is imported into a new,
//! private Parley file (the file's path, with its planning of ids, corrections and
//! history), which is then copied onto the server as `parley copy` copies one
//! ([`crate::transfer::file_to_server`]: one transaction, `COPY`, the server's
//! triggers checking every row and rebuilding the derived tables and search indexes).
//! No second writer of the same rows exists to drift from the first.
//!
//! The server's write lock is held from before the database is found empty until the
//! copy has committed, so that no other Parley write lands between; a database that
//! holds records is refused with the file's words. A database that holds no records
//! but a write log (writes that recorded nothing) is refused by the copy, which takes
//! only a database holding no timeline row at all; a file takes it. A dry run imports
//! into the private file and copies nothing.

use sqlx::Connection;

use super::Server;
use super::write_log;
use crate::transfer;
use parley_core::domain::history::Stamps;
use parley_core::domain::model::Dossier;
use parley_core::error::{Error, Result};
use parley_core::storage::import::history::refuse_records;
use parley_core::storage::{Changes, Database, ImportOptions};

impl Server {
    /// Writes a history export, all of it or none, into a database that holds no
    /// records; refused, with nothing written, otherwise. A dry run writes nothing.
    pub async fn import_history(
        &self,
        dossier: Dossier,
        stamps: Stamps,
        options: &ImportOptions<'_>,
    ) -> Result<Changes> {
        let mut conn = self.pool().acquire().await?;
        let mut lock = conn.begin().await?;
        write_log::lock(&mut lock).await?;
        let held = sqlx::query_file!("src/queries/history_held.sql")
            .fetch_one(&mut *lock)
            .await?;
        refuse_records([
            held.processes,
            held.parties,
            held.sources,
            held.persons,
            held.outlets,
        ])?;
        let staging = tempfile::tempdir().map_err(|e| {
            Error::Conflict(format!(
                "a private file for the import could not be made in {}: {e}",
                std::env::temp_dir().display()
            ))
        })?;
        let (file, _) = Database::open(&staging.path().join("history.db")).await?;
        let imported = file.import_history(dossier, stamps, options).await;
        let copied = match (&imported, options.dry_run) {
            (Ok(_), false) => transfer::file_to_server(&file, self).await.map(|_| ()),
            _ => Ok(()),
        };
        file.close().await;
        // The lock's transaction wrote nothing: ending it releases the lock.
        lock.rollback().await?;
        let changes = imported?;
        copied?;
        Ok(changes)
    }
}
