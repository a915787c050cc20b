use std::path::Path;

use clap::Args;

use crate::error::Result;
use crate::storage::Opened;

/// Create the database, or bring an existing one up to date.
///
/// A new database gets the shipped Geneva seed unless --empty is given.
///
/// Example: parley --db talks.db init --empty
#[derive(Debug, Args)]
pub struct Init {
    /// Create the schema only, with no seed data.
    #[arg(long)]
    pub empty: bool,
}

impl Init {
    pub async fn run(self, path: &Path) -> Result<()> {
        let (db, opened) = super::open(path, !self.empty).await?;
        match opened {
            Opened::Created(None) => eprintln!("parley: created {} (empty)", path.display()),
            Opened::Created(Some(_)) => {}
            Opened::Existing => eprintln!("parley: {} is up to date", path.display()),
        }
        db.close().await;
        Ok(())
    }
}
