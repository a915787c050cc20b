use super::Target;

use clap::{Args, Subcommand};

use crate::error::Result;
use crate::output::{self, Tabular, TabularFormat};
use crate::storage::prelude::*;

/// List outlets: who publishes the sources.
#[derive(Debug, Subcommand)]
pub enum OutletCommand {
    List(List),
}

impl OutletCommand {
    pub async fn run(self, target: &Target) -> Result<()> {
        match self {
            OutletCommand::List(cmd) => cmd.run(target).await,
        }
    }
}

/// List every outlet with its aliases and how many sources it published.
///
/// An outlet is made by `source add` (or a round file's source) naming one no outlet
/// answers to; `Reuters (via Investing.com)` names the outlet Reuters.
///
/// Example: parley outlet list --format csv
#[derive(Debug, Args)]
pub struct List {
    /// Output format.
    #[arg(long, value_enum, default_value_t = TabularFormat::Table)]
    pub format: TabularFormat,
}

impl List {
    pub async fn run(self, target: &Target) -> Result<()> {
        let db = super::open_for_reading(target).await?;
        let rows = db.list_outlets().await?;
        db.close().await;
        output::emit(&Tabular::from_records(&rows).render(self.format), None)
    }
}
