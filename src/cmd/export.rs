use std::path::{Path, PathBuf};

use clap::{Args, ValueEnum};

use crate::domain::model::ProcessRef;
use crate::error::Result;
use crate::output;
use crate::roundfile;

/// Write rounds back out in the round-file format.
///
/// The file holds the process, every party and source, the process's agenda items
/// and the rounds (all of them unless some are named), with the records in force:
/// importing it into an empty database reproduces the same timeline.
///
/// Example: parley export latest -o follow-up.toml
#[derive(Debug, Args)]
pub struct Export {
    /// Rounds to export: slugs, numbers, `latest` or `previous` [default: all].
    #[arg(value_name = "ROUND")]
    pub rounds: Vec<String>,
    /// The process [default: the only one].
    #[arg(long)]
    pub process: Option<String>,
    /// toml (the round-file format) or json (the same structure).
    #[arg(long, value_enum, default_value_t = ExportFormat::Toml)]
    pub format: ExportFormat,
    /// Write to this file instead of standard output.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    Toml,
    Json,
}

impl Export {
    pub async fn run(self, path: &Path) -> Result<()> {
        let file = output::OutputFile::new("--output", self.output.as_deref(), path)?;
        let (db, _) = super::open(path, true).await?;
        let processes = db.process_catalog().await?;
        let ProcessRef { id: process_id, .. } =
            super::resolve_process(&db, &processes, self.process.as_deref()).await?;
        let mut round_ids = Vec::new();
        for name in &self.rounds {
            round_ids.push(db.resolve_round(process_id, name, "ROUND").await?.round_id);
        }
        let dossier = db.export(process_id, &round_ids).await?;
        db.close().await;
        let text = match self.format {
            ExportFormat::Toml => {
                roundfile::to_toml(&dossier, &crate::clock::to_column(crate::clock::now()?))
            }
            ExportFormat::Json => roundfile::to_json(&dossier),
        };
        output::emit(&text, file.as_ref())
    }
}
