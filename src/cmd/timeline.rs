use super::Target;

use clap::Args;

use crate::domain::model::ProcessRef;
use crate::error::Result;
use crate::output::{self, TabularFormat};
use crate::report;
use crate::storage::prelude::*;

/// The chronological record: every round, and every status record written for it.
///
/// Corrections are marked: a record a later correction replaced shows as `corrected`, the record that replaced it as `correction`, each with
/// the time it was recorded. Name an item to see its history alone. Retracted records
/// and rounds are left out; --as-of shows the record as it stood at an earlier moment,
/// before later corrections and retractions.
///
/// Example: parley timeline prisoner-exchanges --format csv
#[derive(Debug, Args)]
pub struct Timeline {
    /// The agenda item (slug, title or alias); every item when left out.
    #[arg(value_name = "ITEM")]
    pub item: Option<String>,

    /// The process; may be left out when the database holds one.
    #[arg(long, value_name = "PROCESS")]
    pub process: Option<String>,

    /// The record as it stood at this instant (RFC 3339, or a date meaning the end of
    /// that day, UTC).
    #[arg(long, value_name = "TIME")]
    pub as_of: Option<String>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = TabularFormat::Table)]
    pub format: TabularFormat,
}

impl Timeline {
    pub async fn run(self, target: &Target) -> Result<()> {
        let as_of = super::as_of_flag(self.as_of.as_deref())?;
        let db = super::open_for_reading(target).await?;
        let mut catalogs = db.catalogs().await?;
        let ProcessRef {
            id: process_id,
            slug: process,
            ..
        } = super::resolve_process(&db, &catalogs.processes, self.process.as_deref()).await?;
        let item = match &self.item {
            Some(name) => Some(catalogs.items_of(&process).lookup(name)?.to_owned()),
            None => None,
        };
        let table = report::timeline::build(&db, process_id, item.as_deref(), as_of).await?;
        db.close().await;
        output::emit(&table.render(self.format), None)
    }
}
