//! `export --history` on the server: a process's audit trail (every record as first
//! written, each earlier version, the write log, the retractions), as
//! [`parley_core::storage::Database::export_history`] writes it from a file.
//!
//! The trail is the file's by construction: the server is copied, in one
//! REPEATABLE READ snapshot, into a new, private Parley file
//! ([`crate::transfer::server_to_file`], every row and id as the server holds
//! them), and the file's own export reads it. There is no second reader of some
//! thirty statements to drift from the first, and the export is as consistent as a
//! backup. The price is the copy: the whole timeline, where a file's export reads
//! only the process's rows.

use super::Server;
use crate::transfer;
use parley_core::domain::history::Stamps;
use parley_core::domain::model::Dossier;
use parley_core::error::{Error, Result};
use parley_core::storage::Database;

impl Server {
    /// Hands `send` the process's audit trail, run by run, as
    /// [`Database::export_history`] does; stops early when `send` says so.
    pub async fn export_history(
        &self,
        process_id: i64,
        send: impl AsyncFnMut(Dossier, Stamps) -> bool,
    ) -> Result<()> {
        let staging = tempfile::tempdir().map_err(|e| {
            Error::Conflict(format!(
                "a private file for the export could not be made in {}: {e}",
                std::env::temp_dir().display()
            ))
        })?;
        let (file, _) = Database::open(&staging.path().join("history.db")).await?;
        let exported = match transfer::server_to_file(self, &file).await {
            Ok(_) => file.export_history(process_id, send).await,
            Err(e) => Err(e),
        };
        file.close().await;
        exported
    }
}
