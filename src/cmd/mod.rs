//! The command line: one file per command, each a clap `Args` struct with an
//! `async fn run`. Commands parse what the user typed, call the domain and storage
//! layers, and print; they hold no SQL of their own.

mod backup;
mod check;
mod claim;
mod commitment;
mod completions;
mod copy;
mod diff;
mod edit;
mod export;
mod flags;
mod import;
mod init;
mod item;
mod note;
mod outlet;
mod party;
mod person;
mod position;
mod quote;
mod record_edit;
mod report;
mod retract;
mod round;
mod round_edit;
mod round_new;
mod schema;
mod search;
mod seed;
mod source;
mod sql;
mod status;
mod timeline;

use std::path::{Path, PathBuf};

use clap::{Parser, Subcommand};

use crate::domain::model::{Dossier, RoundRef};
use crate::domain::names::Catalogs;
use crate::error::{Error, Result};
use crate::roundfile;
use crate::storage::postgres::{Server, ServerUrl};
use crate::storage::{Backend, Changes, Database, ImportOptions, Opened, Seed, Storage};

pub(crate) use self::claim::ClaimAt;
pub(crate) use self::flags::{
    as_of_flag, commitment_round, item_flag, name_flag, opt_name_flag, opt_text_flag, parse_flag,
    party_flag, person_flag, process_flag, resolve_flag, resolve_process, slug_flag, sources_flag,
    text_flag, vocabulary,
};

/// Parley: a timeline database for negotiation analysts.
///
/// One SQLite file holds each negotiation round by round: who met, which agenda items
/// were on the table, what status each reached, each party's stance, what was
/// promised, and the sources behind every claim.
#[derive(Debug, Parser)]
#[command(name = "parley", version, propagate_version = true)]
pub struct Cli {
    /// The database: a file (created, with the Geneva seed, on first use), or a
    /// PostgreSQL database's URL (postgres://USER@HOST/DATABASE), on which init, copy,
    /// backup, sql, schema, report, diff, timeline and the listings (round, item,
    /// party, person, source and outlet list; round, item and person show) run today
    /// (README, "For a team").
    #[arg(
        long,
        global = true,
        env = "PARLEY_DB",
        default_value = "parley.db",
        value_name = "PATH|URL",
        value_parser = Target::parse
    )]
    pub db: Target,

    #[command(subcommand)]
    pub command: Command,
}

/// What `--db` names: a file, or a database on a PostgreSQL server.
#[derive(Debug, Clone)]
pub enum Target {
    File(PathBuf),
    Server(ServerUrl),
}

impl Target {
    /// A `postgres://` or `postgresql://` URL is a server; any other URL (`mysql://`)
    /// is refused by name rather than taken for a folder called `mysql:`; anything
    /// else is a file's path.
    pub fn parse(value: &str) -> std::result::Result<Target, String> {
        if let Some(url) = ServerUrl::parse(value) {
            return Ok(Target::Server(url));
        }
        match value.split_once("://") {
            Some((scheme, _)) if !scheme.is_empty() && !scheme.contains('/') => Err(format!(
                "'{scheme}://' URLs are not supported: give a file's path, or a PostgreSQL \
                 database's URL (postgres://USER@HOST/DATABASE)"
            )),
            _ => Ok(Target::File(PathBuf::from(value))),
        }
    }
}

impl Target {
    /// The file an output must never overwrite: the database's, or none (an empty
    /// path, which names no file) for a server.
    pub fn local_file(&self) -> &Path {
        match self {
            Target::File(path) => path,
            Target::Server(_) => Path::new(""),
        }
    }
}

impl std::fmt::Display for Target {
    /// The file's path, or the URL with its password hidden.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Target::File(path) => write!(f, "{}", path.display()),
            Target::Server(url) => write!(f, "{url}"),
        }
    }
}

#[derive(Debug, Subcommand)]
pub enum Command {
    Init(init::Init),
    Seed(seed::Seed),
    Import(import::Import),
    Export(export::Export),
    #[command(subcommand)]
    Round(round::RoundCommand),
    #[command(subcommand)]
    Status(status::StatusCommand),
    #[command(subcommand)]
    Position(position::PositionCommand),
    #[command(subcommand)]
    Quote(quote::QuoteCommand),
    #[command(subcommand)]
    Note(note::NoteCommand),
    #[command(subcommand)]
    Commitment(commitment::CommitmentCommand),
    #[command(subcommand)]
    Item(item::ItemCommand),
    #[command(subcommand)]
    Party(party::PartyCommand),
    #[command(subcommand)]
    Person(person::PersonCommand),
    #[command(subcommand)]
    Source(source::SourceCommand),
    #[command(subcommand)]
    Outlet(outlet::OutletCommand),
    Report(report::Report),
    Diff(diff::Diff),
    Timeline(timeline::Timeline),
    Search(search::Search),
    Sql(sql::Sql),
    Schema(schema::Schema),
    Check(check::Check),
    Backup(backup::Backup),
    Copy(copy::Copy),
    Completions(completions::Completions),
}

impl Cli {
    pub async fn run(self) -> Result<()> {
        let target = &self.db;
        match self.command {
            Command::Init(cmd) => cmd.run(target).await,
            Command::Seed(cmd) => cmd.run(target).await,
            Command::Import(cmd) => cmd.run(target).await,
            Command::Export(cmd) => cmd.run(target).await,
            Command::Round(cmd) => cmd.run(target).await,
            Command::Status(cmd) => cmd.run(target).await,
            Command::Position(cmd) => cmd.run(target).await,
            Command::Quote(cmd) => cmd.run(target).await,
            Command::Note(cmd) => cmd.run(target).await,
            Command::Commitment(cmd) => cmd.run(target).await,
            Command::Item(cmd) => cmd.run(target).await,
            Command::Party(cmd) => cmd.run(target).await,
            Command::Person(cmd) => cmd.run(target).await,
            Command::Source(cmd) => cmd.run(target).await,
            Command::Outlet(cmd) => cmd.run(target).await,
            Command::Report(cmd) => cmd.run(target).await,
            Command::Diff(cmd) => cmd.run(target).await,
            Command::Timeline(cmd) => cmd.run(target).await,
            Command::Search(cmd) => cmd.run(target).await,
            Command::Sql(cmd) => cmd.run(target).await,
            Command::Schema(cmd) => cmd.run(target).await,
            Command::Check(cmd) => cmd.run(target).await,
            Command::Backup(cmd) => cmd.run(target).await,
            Command::Copy(cmd) => cmd.run().await,
            Command::Completions(cmd) => cmd.run().await,
        }
    }
}

/// Opens the database, creating it on first use: a file that does not exist, or a
/// server's database that holds nothing yet, gets Parley's schema and the shipped seed
/// rounds unless `seed_new` is false (`init --empty`); an older schema is brought up
/// to date. Only the process that creates the schema writes the seed, in the
/// transaction that creates it.
pub(crate) async fn open(target: &Target, seed_new: bool) -> Result<(Backend, Opened)> {
    match target {
        Target::File(path) => {
            let (db, opened) = open_file(path, seed_new).await?;
            Ok((Backend::File(db), opened))
        }
        Target::Server(url) => {
            let (server, opened) = open_server(url, seed_new).await?;
            Ok((Backend::Server(server), opened))
        }
    }
}

/// Opens a server's database as [`open`] does, for the commands that do a server's
/// own work (`sql`, `schema`, `backup`).
pub(crate) async fn open_server(url: &ServerUrl, seed_new: bool) -> Result<(Server, Opened)> {
    // The database is new: no names to resolve against but the seed's own.
    let seed = || seed_dossier(&Catalogs::default());
    let (server, opened) = Server::open_with(url, seed_new.then_some(&seed as Seed)).await?;
    if let Opened::Created(Some(changes)) = &opened {
        eprintln!("parley: created Parley's schema on {url} with the shipped seed ({changes})");
    }
    Ok((server, opened))
}

/// Opens a file as [`open`] does, for the commands that do a file's own work.
pub(crate) async fn open_file(path: &Path, seed_new: bool) -> Result<(Database, Opened)> {
    // The file is new: no names to resolve against but the seed's own.
    let seed = || seed_dossier(&Catalogs::default());
    let (db, opened) = Database::open_with(path, seed_new.then_some(&seed as Seed)).await?;
    if let Opened::Created(Some(changes)) = &opened {
        eprintln!(
            "parley: created {} with the shipped seed ({changes})",
            path.display()
        );
    }
    Ok((db, opened))
}

/// Opens the database for a command that only inspects it (`check`): a file
/// read-only (one with no database yet is first created, with the seed, as every
/// command does, or waited for if another process is creating it); a server as
/// [`open`] does.
pub(crate) async fn open_read_only(target: &Target) -> Result<Backend> {
    match target {
        Target::File(path) => Ok(Backend::File(open_file_read_only(path).await?)),
        // With the seed, as every command creates a database (`init --empty` aside).
        Target::Server(_) => Ok(open(target, true).await?.0),
    }
}

/// Opens a file read-only as [`open_read_only`] does, for `sql`, which runs SQLite's
/// SQL on it.
pub(crate) async fn open_file_read_only(path: &Path) -> Result<Database> {
    match Database::open_read_only(path).await {
        Err(Error::NotCreated { .. }) => {
            open_file(path, true).await?.0.close().await;
            Database::open_read_only(path).await
        }
        opened => opened,
    }
}

/// Opens the database for a command that only reads: a file read-only on one
/// connection when it is up to date, created (with the seed) or upgraded first as
/// [`open`] does when not; a server as [`open`] does.
pub(crate) async fn open_for_reading(target: &Target) -> Result<Backend> {
    if let Target::File(path) = target
        && let Some(db) = Database::open_current_read_only(path).await?
    {
        return Ok(Backend::File(db));
    }
    Ok(open(target, true).await?.0)
}

/// Adds the shipped seed's records that the database lacks; never changes, corrects
/// or re-adds one it has.
pub(crate) async fn import_seeds(db: &impl Storage) -> Result<Changes> {
    let dossier = seed_dossier(&db.catalogs().await?)?;
    db.insert_missing(dossier).await
}

/// The seed rounds compiled into the binary, checked against the names `known`.
pub(crate) fn seed_dossier(known: &Catalogs) -> Result<Dossier> {
    Ok(roundfile::load(&roundfile::seed_sources(), known)?)
}

/// Writes records that a command assembled from its flags, through the import path
/// that round files take. What the records are written against (whether a round
/// exists, the record in force, the instant) is read once the write lock is held.
pub(crate) async fn write(db: &impl Storage, command: &str, dossier: Dossier) -> Result<Changes> {
    db.import(dossier, &ImportOptions::new(command)).await
}

/// Writes records a command adds. One that the database turns out to hold already
/// once the write lock is held (another writer added it since the command looked) is
/// refused with the error `exists` makes from its slug, as the command's own check
/// would have been.
pub(crate) async fn write_new(
    db: &impl Storage,
    command: &str,
    dossier: Dossier,
    exists: impl FnOnce(&str) -> Error,
) -> Result<Changes> {
    let options = ImportOptions {
        adds_only: true,
        ..ImportOptions::new(command)
    };
    db.import(dossier, &options).await.map_err(|e| match e {
        Error::Exists { slug, .. } => exists(&slug),
        e => e,
    })
}

/// A round as every message and listing for people names it by number:
/// `round 2 (abu-dhabi-2025-12-02, 2 Dec 2025)`. Numbers follow the dates, so a round
/// logged with an earlier date renumbers those after it: the slug beside the number is
/// the name that stays.
pub(crate) fn round_label(round: &RoundRef) -> String {
    round_label_of(round.number, &round.slug, round.start_date.as_deref())
}

/// [`round_label`] from a round's number, slug and first day.
pub(crate) fn round_label_of(number: i64, slug: &str, date: Option<&str>) -> String {
    let date = date
        .map(|d| format!(", {}", crate::report::text::date(d)))
        .unwrap_or_default();
    format!("round {number} ({slug}{date})")
}

/// `note and sources kept`: what a correction carried over, or nothing.
pub(crate) fn kept_phrase(kept: &[&str]) -> String {
    match kept {
        [] => String::new(),
        [one] => format!("; {one} kept"),
        [init @ .., last] => format!("; {} and {last} kept", init.join(", ")),
    }
}
