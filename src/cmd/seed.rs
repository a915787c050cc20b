use super::Target;

use clap::Args;

use crate::error::Result;
use crate::storage::Opened;
use crate::storage::prelude::*;

/// Import the seed rounds shipped with Parley (idempotent).
///
/// The seeds are compiled into the binary, so this works from any folder. Only what
/// the database lacks is added: a process, party, source, agenda item or round it
/// already holds is left as it is, with any correction made since. Running it again
/// changes nothing.
///
/// Example: parley seed
#[derive(Debug, Args)]
pub struct Seed {}

impl Seed {
    pub async fn run(self, target: &Target) -> Result<()> {
        let (db, opened) = super::open(target, true).await?;
        // A database created just now got the seed with its schema (and said so).
        if opened == Opened::Existing {
            let changes = super::import_seeds(&db).await;
            db.close().await;
            eprintln!("parley: seed: {}", changes?);
        } else {
            db.close().await;
        }
        Ok(())
    }
}
