use std::path::{Path, PathBuf};

use clap::{Args, ValueEnum};

use crate::error::{Error, Result};
use crate::output;
use crate::report::{self, Report as ReportModel, ReportRequest};

/// Where each agenda item stands, and how it got there.
///
/// Prints a table on a terminal; --format json gives one stable JSON object.
///
/// Example: parley report --format json -o report.json
#[derive(Debug, Args)]
pub struct Report {
    /// The process to report on; may be left out when the database holds one.
    #[arg(long, value_name = "PROCESS")]
    pub process: Option<String>,

    /// Report as the database read at this instant (RFC 3339, or a date meaning the
    /// end of that day, UTC).
    #[arg(long, value_name = "TIME")]
    pub as_of: Option<String>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = ReportFormat::Table)]
    pub format: ReportFormat,

    /// Write to this file instead of standard output.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    Table,
    Json,
}

impl Report {
    pub async fn run(self, path: &Path) -> Result<()> {
        let as_of = self
            .as_of
            .as_deref()
            .map(|t| {
                crate::clock::parse_instant(t)
                    .map(crate::clock::to_column)
                    .map_err(|message| Error::invalid_argument("--as-of", message))
            })
            .transpose()?;
        let generated_at = crate::clock::to_column(crate::clock::now()?);
        let (db, _) = super::open(path, true).await?;
        let catalogs = db.catalogs().await?;
        let (process_id, process, process_name) =
            super::resolve_process(&db, &catalogs, self.process.as_deref()).await?;
        let request = ReportRequest {
            process_id,
            process,
            process_name,
            as_of,
            generated_at,
        };
        let model = ReportModel::build(&db, &request).await?;
        db.close().await;
        let to_terminal = self.output.is_none();
        let text = match self.format {
            ReportFormat::Table => {
                report::table::render(&model, to_terminal && output::colour_wanted())
            }
            ReportFormat::Json => report::json::render(&model),
        };
        output::emit(&text, self.output.as_deref())
    }
}
