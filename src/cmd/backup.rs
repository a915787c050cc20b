use std::path::{Path, PathBuf};

use clap::Args;

use crate::error::Result;

/// Copy the database to a new file, consistently, while others may be writing.
///
/// Uses SQLite's VACUUM INTO: the copy is the database as of one moment, compacted.
///
/// Example: parley backup backups/parley-2025-12-01.db
#[derive(Debug, Args)]
pub struct Backup {
    /// The new file; it must not exist yet.
    pub file: PathBuf,
}

impl Backup {
    pub async fn run(self, path: &Path) -> Result<()> {
        let (db, _) = super::open(path, true).await?;
        db.backup(&self.file).await?;
        db.close().await;
        eprintln!(
            "parley: copied {} to {}",
            path.display(),
            self.file.display()
        );
        Ok(())
    }
}
