use super::Target;
use std::path::PathBuf;

use clap::{Args, ValueEnum};

use crate::domain::model::ProcessRef;
use crate::error::Result;
use crate::output;
use crate::report::{self, Report as ReportModel, ReportRequest, RoundWindow};
use crate::storage::prelude::*;

/// Where each agenda item stands, and how it got there.
///
/// Per agenda item: the current status and the round that set it, how it moved there,
/// its trajectory across rounds, each party's latest stance and the sources behind
/// it; then what moved at the latest round, what is contested or stalled, open
/// commitments and the next scheduled round. A table on a terminal; Markdown, JSON
/// (docs/report-json.md), CSV (one row per item) and a self-contained HTML page with a
/// status chart.
///
/// Example: parley report --format html -o report.html
#[derive(Debug, Args)]
pub struct Report {
    /// The process to report on; may be left out when the database holds one.
    #[arg(long, value_name = "PROCESS")]
    pub process: Option<String>,

    /// Report as the database read at this instant (RFC 3339, or a date meaning the
    /// end of that day, UTC).
    #[arg(long, value_name = "TIME")]
    pub as_of: Option<String>,

    /// Cover only the rounds from ROUND on (a slug, a number, `latest` or
    /// `previous`): the trajectories, the chart, the rounds and the commitments listed
    /// start there. Current statuses, movement and setback counts are unchanged: they
    /// say where each item stands now, which earlier rounds decided.
    #[arg(long, value_name = "ROUND")]
    pub since: Option<String>,

    /// How many of the latest rounds the chart shows as columns and the table,
    /// Markdown and HTML give a section of their own (a number, or `all`); earlier
    /// rounds are grouped. JSON and CSV always hold every round.
    #[arg(long, value_name = "N|all", default_value = "12", value_parser = parse_window)]
    pub rounds: RoundWindow,

    /// Output format.
    #[arg(long, value_enum, default_value_t = ReportFormat::Table)]
    pub format: ReportFormat,

    /// Write to this file instead of standard output.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    /// A table for a terminal, then the sections.
    Table,
    /// Markdown: the per-item table and the sections.
    Markdown,
    /// One stable JSON object (docs/report-json.md).
    Json,
    /// One row per agenda item, formulas neutralised.
    Csv,
    /// One self-contained page with a status chart, for screen and paper.
    Html,
}

impl Report {
    pub async fn run(self, target: &Target) -> Result<()> {
        let as_of = super::as_of_flag(self.as_of.as_deref())?;
        let generated_at = crate::clock::now()?;
        let file =
            output::OutputFile::new("--output", self.output.as_deref(), target.local_file())?;
        let db = super::open_for_reading(target).await?;
        let processes = db.process_catalog().await?;
        let ProcessRef {
            id: process_id,
            slug: process,
            name: process_name,
        } = super::resolve_process(&db, &processes, self.process.as_deref()).await?;
        let request = ReportRequest {
            process_id,
            process,
            process_name,
            as_of,
            generated_at,
        };
        let mut model = ReportModel::build(&db, &request).await?;
        if let Some(since) = &self.since {
            let round = db.resolve_round(process_id, since, "--since").await?;
            model = model.since(&round.slug, round.number);
        }
        db.close().await;
        let to_terminal = file.is_none();
        let window = self.rounds;
        let text = match self.format {
            ReportFormat::Table => report::table::render(
                &model,
                to_terminal && output::colour_wanted(),
                if to_terminal {
                    output::grid::output_width()
                } else {
                    output::grid::DEFAULT_WIDTH
                },
                window,
            ),
            // Streamed: at a million records the text would be larger than the model.
            ReportFormat::Json => {
                return output::write_with(file.as_ref(), |out| report::json::write(&model, out));
            }
            // Streamed too, and bounded: the page stays small at any size.
            ReportFormat::Html => {
                return output::write_with(file.as_ref(), |out| {
                    report::html::write(&model, window, out)
                });
            }
            ReportFormat::Markdown => report::markdown::render(&model, window),
            ReportFormat::Csv => report::csv::render(&model),
        };
        output::emit(&text, file.as_ref())
    }
}

/// `--rounds`: a positive number, or `all`.
fn parse_window(text: &str) -> std::result::Result<RoundWindow, String> {
    if text.trim().eq_ignore_ascii_case("all") {
        return Ok(RoundWindow::ALL);
    }
    match text.trim().parse::<usize>() {
        Ok(n) if n > 0 => Ok(RoundWindow(Some(n))),
        _ => Err(format!(
            "'{text}' is not a number of rounds; expected a positive number (e.g. 12) or 'all'"
        )),
    }
}
