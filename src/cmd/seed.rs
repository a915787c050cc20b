use std::path::Path;

use clap::Args;

use crate::error::Result;

/// Import the seed rounds shipped with Parley (idempotent).
///
/// The seeds are compiled into the binary, so this works from any folder. Running it
/// again changes nothing.
///
/// Example: parley seed
#[derive(Debug, Args)]
pub struct Seed {}

impl Seed {
    pub async fn run(self, path: &Path) -> Result<()> {
        let (db, _) = super::open(path, false).await?;
        let changes = super::import_seeds(&db).await?;
        eprintln!("parley: seed: {changes}");
        db.close().await;
        Ok(())
    }
}
