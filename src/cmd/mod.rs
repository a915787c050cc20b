//! The command line: one file per command, each a clap `Args` struct with an
//! `async fn run`. Commands parse what the user typed, call the domain and storage
//! layers, and print; they hold no SQL of their own.

mod completions;
mod diff;
mod import;
mod init;
mod report;
mod schema;
mod search;
mod seed;
mod sql;
mod timeline;

use std::path::{Path, PathBuf};

use clap::{Parser, Subcommand};

use crate::domain::names::Catalogs;
use crate::error::{Error, Result};
use crate::roundfile;
use crate::storage::{Changes, Database, ImportOptions, Opened};

/// Parley: a timeline database for negotiation analysts.
///
/// One SQLite file holds each negotiation round by round: who met, which agenda items
/// were on the table, what status each reached, each party's stance, what was
/// promised, and the sources behind every claim.
#[derive(Debug, Parser)]
#[command(name = "parley", version, propagate_version = true)]
pub struct Cli {
    /// The database file. Created, with the Geneva seed, on first use.
    #[arg(
        long,
        global = true,
        env = "PARLEY_DB",
        default_value = "parley.db",
        value_name = "PATH"
    )]
    pub db: PathBuf,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    Init(init::Init),
    Seed(seed::Seed),
    Import(import::Import),
    Report(report::Report),
    Schema(schema::Schema),
    Diff(diff::Diff),
    Timeline(timeline::Timeline),
    Sql(sql::Sql),
    Search(search::Search),
    Completions(completions::Completions),
}

impl Cli {
    pub async fn run(self) -> Result<()> {
        match self.command {
            Command::Init(cmd) => cmd.run(&self.db).await,
            Command::Seed(cmd) => cmd.run(&self.db).await,
            Command::Import(cmd) => cmd.run(&self.db).await,
            Command::Report(cmd) => cmd.run(&self.db).await,
            Command::Schema(cmd) => cmd.run(&self.db).await,
            Command::Diff(cmd) => cmd.run(&self.db).await,
            Command::Timeline(cmd) => cmd.run(&self.db).await,
            Command::Sql(cmd) => cmd.run(&self.db).await,
            Command::Search(cmd) => cmd.run(&self.db).await,
            Command::Completions(cmd) => cmd.run(&self.db).await,
        }
    }
}

/// Opens the database, creating it on first use; a new database gets the shipped
/// seed rounds unless `seed_new` is false (`init --empty`).
pub(crate) async fn open(path: &Path, seed_new: bool) -> Result<(Database, Opened)> {
    let (db, opened) = Database::open(path).await?;
    if opened == Opened::Created && seed_new {
        let changes = import_seeds(&db).await?;
        eprintln!(
            "parley: created {} with the shipped seed ({changes})",
            path.display()
        );
    }
    Ok((db, opened))
}

/// Imports the seed rounds compiled into the binary.
pub(crate) async fn import_seeds(db: &Database) -> Result<Changes> {
    let catalogs = db.catalogs().await?;
    let dossier = roundfile::load(&roundfile::seed_sources(), &catalogs)?;
    db.import(
        &dossier,
        &ImportOptions {
            recorded_at: crate::clock::to_column(crate::clock::now()?),
            dry_run: false,
            progress: &|_| {},
        },
    )
    .await
}

/// The process a command is about: the one named, or the only one there is.
pub(crate) async fn resolve_process(
    db: &Database,
    catalogs: &Catalogs,
    name: Option<&str>,
) -> Result<(i64, String, String)> {
    let slug = match name {
        Some(name) => catalogs.processes.lookup(name)?.to_owned(),
        None => {
            let slugs: Vec<&str> = catalogs.processes.slugs().collect();
            match slugs.as_slice() {
                [one] => one.to_string(),
                [] => {
                    return Err(Error::invalid_argument(
                        "--process",
                        "the database holds no process yet; import a round file or run `parley seed`",
                    ));
                }
                many => {
                    return Err(Error::invalid_argument(
                        "--process",
                        format!(
                            "the database holds several processes; name one of {}",
                            many.join(", ")
                        ),
                    ));
                }
            }
        }
    };
    let (id, name) = db.process_id(&slug).await?.ok_or_else(|| {
        catalogs.processes.error(
            &slug,
            crate::domain::names::Unresolved::Unknown(Default::default()),
        )
    })?;
    Ok((id, slug, name))
}
