use super::Target;

use clap::Args;

use crate::domain::model::ProcessRef;
use crate::error::Result;
use crate::output::{self, TabularFormat};
use crate::report;
use crate::storage::prelude::*;

/// What changed between two rounds.
///
/// Lists items whose status differs (both statuses and the direction), items new at
/// the second round, and stances that changed.
///
/// Rounds are named by slug, number, title, `latest` or `previous`. An item's status at
/// a round is the one in force after it, set there or at an earlier round.
///
/// Example: parley diff previous latest
#[derive(Debug, Args)]
pub struct Diff {
    /// The earlier round.
    #[arg(value_name = "ROUND_A")]
    pub a: String,

    /// The later round.
    #[arg(value_name = "ROUND_B")]
    pub b: String,

    /// The process; may be left out when the database holds one.
    #[arg(long, value_name = "PROCESS")]
    pub process: Option<String>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = TabularFormat::Table)]
    pub format: TabularFormat,
}

impl Diff {
    pub async fn run(self, target: &Target) -> Result<()> {
        let db = super::open_for_reading(target).await?;
        let processes = db.process_catalog().await?;
        let ProcessRef { id: process_id, .. } =
            super::resolve_process(&db, &processes, self.process.as_deref()).await?;
        let a = db.resolve_round(process_id, &self.a, "ROUND_A").await?;
        let b = db.resolve_round(process_id, &self.b, "ROUND_B").await?;
        let changes = report::diff::changes(&db, &a, &b).await?;
        db.close().await;
        let text = report::diff::tabular(&changes).render(self.format);
        output::emit(&text, None)
    }
}
