use super::Target;
use std::path::PathBuf;

use clap::Args;

use crate::error::Result;
use crate::output::NewFile;
use crate::postgres::ServerUrl;

/// Copy the database to a new file, consistently, while others may be writing.
///
/// Uses SQLite's VACUUM INTO: the copy is the database as of one moment, compacted.
/// It is written under a temporary name beside FILE and takes FILE's name only once
/// complete, so a failed backup leaves nothing behind.
///
/// On a PostgreSQL database (--db postgres://…), the backup is a Parley file holding
/// the server's timeline as of one moment (a repeatable-read, read-only transaction),
/// written as `parley copy --to FILE` writes it and checked before it takes its name.
///
/// Example: parley backup backups/parley-2025-12-01.db
#[derive(Debug, Args)]
pub struct Backup {
    /// The new file; it must not exist yet, and must not be the database or one of
    /// its side files (-wal, -shm, -journal).
    pub file: PathBuf,
}

impl Backup {
    pub async fn run(self, target: &Target) -> Result<()> {
        let path = match target {
            Target::File(path) => path,
            Target::Server(url) => return self.run_on_server(url).await,
        };
        let copy = NewFile::reserve("FILE", &self.file, path)?;
        let (db, _) = super::open_file(path, true).await?;
        let copied = db.copy_to(copy.path()).await;
        db.close().await;
        copied?;
        copy.commit()?;
        eprintln!("parley: copied {} to {}", target, self.file.display());
        Ok(())
    }

    async fn run_on_server(self, url: &ServerUrl) -> Result<()> {
        // Created on first use, with the seed, as a file is.
        super::open_server(url, true).await?.0.close().await;
        let copied = super::copy::server_to_new_file(url, &self.file, "FILE").await?;
        eprintln!("parley: copied {url} to {} ({copied})", self.file.display());
        Ok(())
    }
}
