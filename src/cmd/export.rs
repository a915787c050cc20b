use super::Target;
use std::io::{self, BufWriter, Seek, SeekFrom, Write};
use std::path::PathBuf;

use clap::{Args, ValueEnum};

use tokio::sync::mpsc;

use crate::domain::history::Stamps;
use crate::domain::model::{Dossier, ProcessRef};
use crate::error::{Error, Result};
use crate::output;
use crate::roundfile;
use crate::storage::prelude::*;

/// Write rounds back out in the round-file format.
///
/// The file holds the process, every party and source, the process's agenda items
/// and the rounds (all of them unless some are named), with the records in force:
/// a readable file of what stands now, which any database imports. With --history
/// it holds every record, corrected and replaced ones too, each with the instant it
/// was recorded: importing that into an empty database reproduces every row, so
/// that a timeline moves between files with its audit trail. Either is written as
/// it is read, in bounded memory, however large the database.
///
/// Example: parley export latest -o follow-up.toml
///
/// Example, a timeline moved to a new file with its audit trail: parley export --history -o
/// talks-history.toml, then parley --db copy.db import talks-history.toml
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
    /// Every record, not only those in force: corrections, earlier versions of rounds
    /// and every fate, each with its recorded_at (docs/round-file.md). Imports only
    /// into an empty database, which it then reproduces row for row.
    #[arg(long, conflicts_with = "rounds")]
    pub history: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    Toml,
    Json,
}

impl Export {
    pub async fn run(self, target: &Target) -> Result<()> {
        let exported_at = crate::clock::now()?.to_string();
        let file =
            output::OutputFile::new("--output", self.output.as_deref(), target.local_file())?;
        let db = super::open_for_reading(target).await?;
        let processes = db.process_catalog().await?;
        let ProcessRef { id: process_id, .. } =
            super::resolve_process(&db, &processes, self.process.as_deref()).await?;
        let mut round_ids = Vec::new();
        for name in &self.rounds {
            round_ids.push(db.resolve_round(process_id, name, "ROUND").await?.round_id);
        }
        // The file is written on a thread of its own as the rounds are read here; a
        // few runs of rounds wait between the two at most.
        let (parts, mut received) = mpsc::channel::<Part>(2);
        let (format, history) = (self.format, self.history);
        let writer = tokio::task::spawn_blocking(move || {
            let mut write = |out: &mut dyn Write| {
                let (head, head_stamps) = match received.blocking_recv() {
                    Some(Part::Read(read)) => *read,
                    _ => return Err(interrupted()),
                };
                let mut runs = std::iter::from_fn(|| match received.blocking_recv() {
                    Some(Part::Read(read)) => {
                        let (run, stamps) = *read;
                        Some(Ok((run.rounds, stamps.rounds)))
                    }
                    Some(Part::End) => None,
                    None => Some(Err(interrupted())),
                });
                if history {
                    let (head, runs) = (&head, &mut runs);
                    return match format {
                        ExportFormat::Toml => roundfile::write_history_toml(
                            head,
                            &head_stamps,
                            runs,
                            &exported_at,
                            out,
                        ),
                        ExportFormat::Json => roundfile::write_history_json(
                            head,
                            &head_stamps,
                            runs,
                            &exported_at,
                            out,
                        ),
                    };
                }
                let mut rounds = runs.map(|run| run.map(|(rounds, _)| rounds));
                match format {
                    ExportFormat::Toml => {
                        roundfile::write_toml(&head, &mut rounds, &exported_at, out)
                    }
                    ExportFormat::Json => roundfile::write_json(&head, &mut rounds, out),
                }
            };
            match file {
                Some(file) => output::write_with(Some(&file), write),
                // What reaches standard output cannot be taken back: the export is
                // spooled to a temporary file, and copied out once it is whole.
                None => {
                    let spooled = tempfile::tempfile().and_then(|mut spool| {
                        let mut out = BufWriter::new(&mut spool);
                        write(&mut out)?;
                        out.flush()?;
                        drop(out);
                        spool.seek(SeekFrom::Start(0))?;
                        Ok(spool)
                    });
                    let mut spool = spooled.map_err(|e| Error::Output(e.to_string()))?;
                    output::write_with(None, |out| io::copy(&mut spool, out).map(drop))
                }
            }
        });
        let read = match self.history {
            true => {
                db.export_history(process_id, async |read, stamps| {
                    parts
                        .send(Part::Read(Box::new((read, stamps))))
                        .await
                        .is_ok()
                })
                .await
            }
            false => {
                db.export(process_id, &round_ids, async |read| {
                    let stamps = Stamps::default();
                    parts
                        .send(Part::Read(Box::new((read, stamps))))
                        .await
                        .is_ok()
                })
                .await
            }
        };
        if read.is_ok() {
            // The writer may have stopped already (its reader went away): nothing to say.
            let _ = parts.send(Part::End).await;
        }
        drop(parts);
        let written = writer
            .await
            .map_err(|e| Error::Output(format!("the export's writer failed: {e}")))?;
        db.close().await;
        // A failed read also stops the writer; its error is the one to report.
        read?;
        written
    }
}

/// What the export's writer receives: what was read (first the head, then runs of
/// rounds, each with its history when the export keeps it, else none), then the
/// end. Without the end, the writer fails and writes nothing: an output file is not
/// put in place, and nothing spooled reaches standard output.
enum Part {
    Read(Box<(Dossier, Stamps)>),
    End,
}

fn interrupted() -> io::Error {
    io::Error::other("the export was interrupted")
}
