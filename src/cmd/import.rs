use super::Target;
use std::io::IsTerminal;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use clap::Args;
use indicatif::{ProgressBar, ProgressStyle};
use tokio::sync::mpsc;

use crate::domain::model::Dossier;
use crate::domain::names::Catalogs;
use crate::error::{Error, Result};
use crate::roundfile::{self, SourceText};
use crate::storage::prelude::*;
use crate::storage::{Changes, ImportOptions, Piece};

/// Import round files: all of them or, on any problem, none.
///
/// Every file is checked before the import commits; problems are reported with file,
/// line, column and field. A round that already exists gets only what changed, as
/// corrections that keep the earlier records; a round's details change only in the
/// fields the file gives (or clears), and each change is listed, old → new. Large
/// files are written as they are read, in the one transaction that any problem rolls
/// back.
///
/// Example: parley import rounds/istanbul-2025-12.toml
#[derive(Debug, Args)]
pub struct Import {
    /// Round files (TOML; see docs/round-file.md).
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,

    /// Check everything and report what would change, writing nothing.
    #[arg(long)]
    pub dry_run: bool,
}

impl Import {
    pub async fn run(self, target: &Target) -> Result<()> {
        // Read the files before touching the database, so a missing file creates nothing.
        let sources = self
            .files
            .iter()
            .map(|f| SourceText::read(f))
            .collect::<Result<Arc<[_]>>>()?;
        if sources.iter().any(roundfile::is_history) {
            return import_history(target, &sources, self.dry_run).await;
        }
        let (db, _) = super::open(target, true).await?;
        let changes = import_sources(&db, &sources, self.dry_run, "import").await;
        db.close().await;
        print_changes(&changes?, self.dry_run);
        Ok(())
    }
}

/// Imports round files: every file checked, then all of them written in one
/// transaction, or none. What `parley import` does, and `parley round new --edit` with
/// the file it edited. `command` names the writer in the write log.
pub(crate) async fn import_sources(
    db: &impl Storage,
    sources: &Arc<[SourceText]>,
    dry_run: bool,
    command: &str,
) -> Result<Changes> {
    let importer = Importer { dry_run, command };
    // A claim the writer refused because of a retraction, at its place in the files.
    importer.import(db, sources).await.map_err(|e| match e {
        Error::Retracted(refusal) => match roundfile::refusal_problem(sources, &refusal) {
            Some(problem) => Error::RoundFile(problem),
            None => Error::Retracted(refusal),
        },
        e => e,
    })
}

/// Imports a history export (`parley export --history`): checked whole, then every
/// row written as it was, into a database that holds no records (a path with no
/// database yet is created empty for it, not with the seed).
async fn import_history(target: &Target, sources: &[SourceText], dry_run: bool) -> Result<()> {
    let [source] = sources else {
        return Err(Error::invalid_argument(
            "FILE",
            "a history export is imported on its own, into an empty database: name it alone",
        ));
    };
    let checking = spinner(sources);
    let loaded = roundfile::load_history(source);
    checking.finish_and_clear();
    let (dossier, stamps) = loaded?;
    let (db, _) = super::open(target, false).await?;
    let bar = progress_bar(dossier.rounds.len());
    let progress = |done: usize| bar.set_position(done as u64);
    let options = ImportOptions {
        dry_run,
        progress: &progress,
        ..ImportOptions::new("import")
    };
    let changes = db.import_history(dossier, stamps, &options).await;
    bar.finish_and_clear();
    db.close().await;
    print_changes(&changes?, dry_run);
    Ok(())
}

/// Prints what an import wrote, or would write: each round the database held whose
/// details change, field by field, then the count of records.
pub(crate) fn print_changes(changes: &Changes, dry_run: bool) {
    for edit in &changes.round_edits {
        println!("{edit}");
    }
    for edit in &changes.participant_edits {
        println!("{edit}");
    }
    let verb = if dry_run { "would write" } else { "wrote" };
    println!("{verb}: {changes}");
}

struct Importer<'a> {
    dry_run: bool,
    command: &'a str,
}

impl Importer<'_> {
    async fn import(&self, db: &impl Storage, sources: &Arc<[SourceText]>) -> Result<Changes> {
        if !roundfile::reads_in_pieces(sources) {
            return self.import_small(db, sources).await;
        }
        // A large import reads every name once.
        let catalogs = db.catalogs().await?;
        match self.import_in_pieces(db, sources, &catalogs).await? {
            Some(changes) => Ok(changes),
            None => self.import_whole(db, sources, &catalogs).await,
        }
    }

    /// Reads, checks and writes at once: one thread reads and checks the files a
    /// piece at a time while this one writes the pieces already checked. Gives `None`,
    /// having written nothing, when the files must be read whole instead (to report a
    /// problem, or for a layout that does not split).
    async fn import_in_pieces(
        &self,
        db: &impl Storage,
        sources: &Arc<[SourceText]>,
        catalogs: &Catalogs,
    ) -> Result<Option<Changes>> {
        let (pieces, received) = mpsc::channel(PIECES_IN_FLIGHT);
        let reader = {
            let (sources, catalogs) = (Arc::clone(sources), catalogs.clone());
            std::thread::spawn(move || {
                let delivered = |d| pieces.blocking_send(Piece::Records(d)).is_ok();
                let read = roundfile::load_in_pieces(&sources, &catalogs, delivered);
                if read.is_ok() {
                    // Nothing to do if the writer has stopped: it reports why.
                    let _ = pieces.blocking_send(Piece::Complete);
                }
            })
        };
        let bar = progress_bar(match std::io::stderr().is_terminal() {
            true => roundfile::round_count(sources),
            false => 0,
        });
        let progress = |done: usize| bar.set_position(done as u64);
        let options = self.options(&progress);
        let expected_statuses = roundfile::status_count(sources);
        let written = db
            .import_pieces(received, expected_statuses, &options)
            .await;
        bar.finish_and_clear();
        // The reader has finished, or stops at its next piece now that the
        // receiver is gone.
        let _ = reader.join();
        match written {
            // The reader stopped before the last piece: nothing was written.
            Err(Error::Incomplete) => Ok(None),
            written => written.map(Some),
        }
    }

    /// Reads and checks small files, reading of the database only the names they use
    /// (see `Database::catalogs_for`); files that do not pass against those are
    /// checked again against every name, which reports their problems exactly.
    async fn import_small(&self, db: &impl Storage, sources: &[SourceText]) -> Result<Changes> {
        if let Some(used) = roundfile::names_used(sources) {
            let catalogs = db.catalogs_for(&used).await?;
            if let Ok(dossier) = roundfile::load(sources, &catalogs) {
                return self.write(db, dossier).await;
            }
        }
        self.import_whole(db, sources, &db.catalogs().await?).await
    }

    /// Reads and checks every file whole, then writes.
    async fn import_whole(
        &self,
        db: &impl Storage,
        sources: &[SourceText],
        catalogs: &Catalogs,
    ) -> Result<Changes> {
        let checking = spinner(sources);
        let dossier = roundfile::load(sources, catalogs);
        checking.finish_and_clear();
        self.write(db, dossier?).await
    }

    async fn write(&self, db: &impl Storage, dossier: Dossier) -> Result<Changes> {
        let bar = progress_bar(dossier.rounds.len());
        let progress = |done: usize| bar.set_position(done as u64);
        let changes = db.import(dossier, &self.options(&progress)).await;
        bar.finish_and_clear();
        changes
    }

    fn options<'a>(&self, progress: &'a (dyn Fn(usize) + Sync)) -> ImportOptions<'a>
    where
        Self: 'a,
    {
        ImportOptions {
            dry_run: self.dry_run,
            progress,
            ..ImportOptions::new(self.command)
        }
    }
}

/// Checked pieces waiting to be written: enough to keep the writer busy, few enough
/// to bound memory.
const PIECES_IN_FLIGHT: usize = 16;

/// Large files take seconds to read and check; say so on a terminal. Hidden when
/// standard error is not a terminal, so that scripts and logs stay clean.
fn spinner(sources: &[SourceText]) -> ProgressBar {
    let bytes: usize = sources.iter().map(|s| s.text.len()).sum();
    if !std::io::stderr().is_terminal() || bytes < 1 << 20 {
        return ProgressBar::hidden();
    }
    let spinner = ProgressBar::new_spinner().with_message(format!(
        "checking {} MB of round files",
        bytes.div_ceil(1 << 20)
    ));
    spinner.enable_steady_tick(Duration::from_millis(120));
    spinner
}

/// Rounds written so far, on standard error when it is a terminal.
fn progress_bar(rounds: usize) -> ProgressBar {
    if !std::io::stderr().is_terminal() || rounds < 2 {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(rounds as u64);
    bar.set_style(
        ProgressStyle::with_template("writing {bar:40} {pos}/{len} rounds  {elapsed}")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    bar
}
