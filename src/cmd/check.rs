use super::Target;

use clap::Args;
use serde_json::json;

use crate::error::{Error, Result};
use crate::output::{self, Tabular, TabularFormat};
use crate::storage::prelude::*;

/// Check the database's integrity and Parley's own invariants.
///
/// Runs SQLite's integrity and foreign-key checks, compares each full-text index with
/// its table, then checks every rule of the timeline that the schema's triggers enforce
/// (for rows another program wrote with them dropped): a status record's item and round
/// belong to one process; a correction is a later record of the same claim; one record
/// in force per item and round; vocabularies hold; no item is its own ancestor; the
/// stored round numbers and the status in force at each item's rounds agree with a
/// recomputation from the records.
///
/// Prints each problem found and exits non-zero if there is any.
///
/// Example: parley check
#[derive(Debug, Args)]
pub struct Check {
    /// Output format for the problems.
    #[arg(long, value_enum, default_value_t = TabularFormat::Table)]
    pub format: TabularFormat,
}

impl Check {
    pub async fn run(self, target: &Target) -> Result<()> {
        let db = super::open_read_only(target).await?;
        let problems = db.check().await?;
        db.close().await;
        if problems.is_empty() {
            if self.format == TabularFormat::Table {
                println!("ok: {} passed every check", target);
            } else {
                output::emit(&Tabular::new(["check", "detail"]).render(self.format), None)?;
            }
            return Ok(());
        }
        let mut table = Tabular::new(["check", "detail"]);
        for p in &problems {
            table.push(vec![json!(p.check), json!(p.detail)]);
        }
        // The problems are the command's findings; print them, then fail.
        output::emit(&table.render(self.format), None)?;
        Err(Error::Check(problems.len()))
    }
}
