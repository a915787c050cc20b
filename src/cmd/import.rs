use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::time::Duration;

use clap::Args;
use indicatif::{ProgressBar, ProgressStyle};

use crate::error::Result;
use crate::roundfile::{self, SourceText};
use crate::storage::ImportOptions;

/// Import round files: all of them or, on any problem, none.
///
/// Every file is read and checked before anything is written; problems are reported
/// with file, line, column and field. A round that already exists gets only what
/// changed, as corrections that keep the earlier records.
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
    pub async fn run(self, path: &Path) -> Result<()> {
        // Read the files before touching the database, so a missing file creates nothing.
        let sources = self
            .files
            .iter()
            .map(|f| SourceText::read(f))
            .collect::<Result<Vec<_>>>()?;
        let (db, _) = super::open(path, true).await?;
        let catalogs = db.catalogs().await?;
        let checking = spinner(&sources);
        let dossier = roundfile::load(&sources, &catalogs);
        checking.finish_and_clear();
        let dossier = dossier?;
        let recorded_at = crate::clock::to_column(crate::clock::now()?);
        let bar = progress_bar(dossier.rounds.len());
        let changes = db
            .import(
                &dossier,
                &ImportOptions {
                    recorded_at,
                    dry_run: self.dry_run,
                    progress: &|done| bar.set_position(done as u64),
                },
            )
            .await;
        bar.finish_and_clear();
        let changes = changes?;
        let verb = if self.dry_run { "would write" } else { "wrote" };
        println!("{verb}: {changes}");
        db.close().await;
        Ok(())
    }
}

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
