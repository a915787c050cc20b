use std::path::{Path, PathBuf};

use clap::Args;

use crate::error::Result;
use crate::roundfile::{self, SourceText};
use crate::storage::ImportOptions;

/// Import round files: all of them or, on any problem, none.
///
/// Every file is read and checked before anything is written; problems are reported
/// with file, line, column and field. A round that already exists gets only what
/// changed, as corrections that keep the earlier records.
///
/// Example: parley import rounds/istanbul-2025-12.toml
#[derive(Debug, Args)]
pub struct Import {
    /// Round files (TOML; see docs/round-file.md).
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,

    /// Check everything and report what would change, writing nothing.
    #[arg(long)]
    pub dry_run: bool,
}

impl Import {
    pub async fn run(self, path: &Path) -> Result<()> {
        // Read the files before touching the database, so a missing file creates nothing.
        let sources = self
            .files
            .iter()
            .map(|f| SourceText::read(f))
            .collect::<Result<Vec<_>>>()?;
        let (db, _) = super::open(path, true).await?;
        let catalogs = db.catalogs().await?;
        let dossier = roundfile::load(&sources, &catalogs)?;
        let changes = db
            .import(
                &dossier,
                &ImportOptions {
                    recorded_at: crate::clock::to_column(crate::clock::now()?),
                    dry_run: self.dry_run,
                    progress: &|_| {},
                },
            )
            .await?;
        let verb = if self.dry_run { "would write" } else { "wrote" };
        println!("{verb}: {changes}");
        db.close().await;
        Ok(())
    }
}
