//! Writing a checked [`Dossier`] in one transaction, SQLite's side of the planner
//! ([`super::plan`]). What each piece changes is planned against what the database
//! holds, read inside the transaction once the write lock is held (whether a round
//! exists, its details, the records in force, the next free ids, the instant the
//! write records), and only that is written: a changed status or stance becomes a
//! correction that supersedes the record in force, so importing the same file twice
//! writes nothing the second time. A command's claim and a file's take this one path.
//!
//! - `mod.rs`: the transaction, pieces, and the [`Store`] SQLite is to the planner;
//! - `read.rs`: what the planner asks for (declarations, rounds, a round's claims);
//! - `declarations.rs`: writing processes, parties, sources and items;
//! - `apply.rs`: applying a round's plan, in place or staged;
//! - `staged.rs`: the staged rows and their multi-row INSERTs;
//! - `kinds.rs`: each kind of claim's table and the query that reads it;
//! - `ids.rs`: row ids by slug, for what the plans name;
//! - `upkeep.rs`: the upkeep a bulk load into an empty timeline postpones;
//! - `write_log.rs`: the instant a write records, and its row in `write_log`;
//! - `history.rs`: writing a history export, every row as it was, into an empty database.
//!
//! A dry run plans the same against a read transaction, takes no lock, and writes
//! nothing ([`super::plan::DryRun`]).

mod apply;
pub mod declarations;
pub mod history;
pub mod ids;
pub mod kinds;
mod read;
pub mod staged;
pub mod upkeep;
pub mod write_log;

use crate::domain::Instant;
use sqlx::{Connection, SqliteConnection};
use tokio::sync::mpsc;

use self::ids::Ids;
use self::staged::{Batch, FLUSH_ROWS};
use self::upkeep::DeferredUpkeep;
use self::write_log::WriteStamp;
use super::Database;
use super::plan::*;
use crate::domain::model::Dossier;
use crate::error::Result;

/// How an import runs.
pub struct ImportOptions<'a> {
    /// What writes, as the write log records it: `import`, `status set`, …
    pub command: &'a str,
    /// Plan everything and say what would change, writing nothing.
    pub dry_run: bool,
    /// Refuse a record the import declares (a process, party, source, item, round or
    /// commitment) that the database already holds, instead of updating it: for
    /// commands that add one.
    pub adds_only: bool,
    /// Reads the clock; called once the write lock is held (see `write_log`).
    pub clock: &'a (dyn Fn() -> Result<Instant> + Sync),
    /// Called as rounds are written, with the number written so far.
    pub progress: &'a (dyn Fn(usize) + Sync),
}

impl<'a> ImportOptions<'a> {
    /// A write by `command`, recorded by Parley's clock, with no progress shown.
    pub fn new(command: &'a str) -> Self {
        ImportOptions {
            command,
            dry_run: false,
            adds_only: false,
            clock: &crate::clock::now,
            progress: &|_| {},
        }
    }

    fn plan(&self) -> PlanOptions {
        PlanOptions {
            adds_only: self.adds_only,
        }
    }
}

impl Database {
    /// Writes a dossier in one `BEGIN IMMEDIATE` transaction: all of it or none.
    pub async fn import(&self, dossier: Dossier, options: &ImportOptions<'_>) -> Result<Changes> {
        let statuses = dossier.rounds.iter().map(|r| r.statuses.len()).sum();
        let (pieces, received) = mpsc::channel(2);
        for piece in [Piece::Records(dossier), Piece::Complete] {
            // The channel has room for both and its receiver is alive: this cannot fail.
            let _ = pieces.try_send(piece);
        }
        self.import_pieces(received, statuses, options).await
    }

    /// Writes pieces as they arrive, in one `BEGIN IMMEDIATE` transaction that commits
    /// only once [`Piece::Complete`] has arrived. If the sender goes away before that,
    /// everything is rolled back and the import fails with
    /// [`crate::Error::Incomplete`]. `expected_statuses` is about how many status
    /// records the pieces hold, if known: a large import into an empty timeline is
    /// loaded in bulk from its first write. A dry run plans the pieces in a read
    /// transaction, which takes no lock and writes nothing.
    pub async fn import_pieces(
        &self,
        mut pieces: mpsc::Receiver<Piece>,
        expected_statuses: usize,
        options: &ImportOptions<'_>,
    ) -> Result<Changes> {
        let mut conn = self.pool().acquire().await?;
        if options.dry_run {
            let mut tx = conn.begin().await?;
            // A dry run writes no row: the instant it would stamp them with is never used.
            let unused = Instant::END_OF_TIME;
            let mut store = DryRun::new(SqliteStore::new(&mut tx, unused, 0));
            let planned = run(&mut store, &mut pieces, options.plan(), options.progress).await;
            drop(store);
            drop(pieces);
            tx.rollback().await?;
            return planned;
        }
        // A large import touches far more pages than the default 2 MB cache holds;
        // spilling them to the log mid-transaction doubles the writing. The cache
        // grows only as pages are touched, so a small import stays small.
        sqlx::query("PRAGMA cache_size = -262144")
            .execute(&mut *conn)
            .await?;
        // Multi-row INSERTs keep a statement journal; in memory, not in a temporary file.
        sqlx::query("PRAGMA temp_store = MEMORY")
            .execute(&mut *conn)
            .await?;
        // Take the write lock at once, waiting (up to the busy timeout) while another
        // writer holds it: a deferred transaction would fail when it upgraded.
        let mut tx = conn.begin_with("BEGIN IMMEDIATE").await?;
        let written = write_in_transaction(&mut tx, &mut pieces, expected_statuses, options).await;
        // Stop the sender before waiting for the transaction to end.
        drop(pieces);
        let ended = match written {
            Ok(_) => tx.commit().await,
            Err(_) => tx.rollback().await,
        };
        // Give the connection back to the pool with the default cache.
        sqlx::query("PRAGMA cache_size = -2000")
            .execute(&mut *conn)
            .await?;
        let changes = written?;
        ended?;
        Ok(changes)
    }
}

/// Writes pieces as they arrive on a connection already inside a write transaction
/// (taken with `BEGIN IMMEDIATE`), which the caller commits or rolls back; fails with
/// [`crate::Error::Incomplete`] if the sender goes away before [`Piece::Complete`].
pub async fn write_in_transaction(
    conn: &mut SqliteConnection,
    pieces: &mut mpsc::Receiver<Piece>,
    expected_statuses: usize,
    options: &ImportOptions<'_>,
) -> Result<Changes> {
    let stamp = WriteStamp::take(&mut *conn, (options.clock)()?).await?;
    let mut store = SqliteStore::new(&mut *conn, stamp.recorded_at, expected_statuses);
    let changes = run(&mut store, pieces, options.plan(), options.progress).await?;
    drop(store);
    if !changes.is_empty() {
        stamp
            .log(&mut *conn, options.command, &changes.to_string())
            .await?;
    }
    Ok(changes)
}

/// Status records an import must bring before it loads the timeline in bulk.
pub const BULK_STATUSES: usize = 10_000;

/// Whether this import loads the timeline in bulk: decided at the first write of
/// staged rows, by how many status records it brings (or is expected to).
enum Bulk {
    Undecided,
    Declined,
    Loading(DeferredUpkeep),
}

/// SQLite as the planner's [`Store`]: reads through the import's transaction, writes
/// what the plans say.
pub struct SqliteStore<'c> {
    conn: &'c mut SqliteConnection,
    /// The `recorded_at` of every row written.
    at: Instant,
    ids: Ids,
    batch: Batch,
    bulk: Bulk,
    /// About how many status records the import brings, if known beforehand.
    expected_statuses: usize,
}

impl<'c> SqliteStore<'c> {
    fn new(conn: &'c mut SqliteConnection, at: Instant, expected_statuses: usize) -> Self {
        SqliteStore {
            conn,
            at,
            ids: Ids::default(),
            batch: Batch::default(),
            bulk: Bulk::Undecided,
            expected_statuses,
        }
    }

    /// Writes every staged row; the first write decides whether this is a bulk load.
    async fn flush(&mut self) -> Result<()> {
        if self.batch.is_empty() {
            return Ok(());
        }
        if let Bulk::Undecided = self.bulk {
            // A full batch means more to come; otherwise count what there is.
            let statuses = self.batch.statuses.max(self.expected_statuses);
            let large = statuses >= BULK_STATUSES || self.batch.rows >= FLUSH_ROWS;
            self.bulk = match large {
                true => DeferredUpkeep::begin(&mut *self.conn)
                    .await?
                    .map_or(Bulk::Declined, Bulk::Loading),
                false => Bulk::Declined,
            };
        }
        let batch = std::mem::take(&mut self.batch);
        staged::write(&mut *self.conn, batch, &self.ids, self.at).await
    }

    /// Ends a bulk load, if one is under way: builds what it postponed and checks
    /// what the triggers would have checked.
    async fn end_bulk(&mut self) -> Result<()> {
        if let Bulk::Loading(deferred) = std::mem::replace(&mut self.bulk, Bulk::Declined) {
            deferred.finish(&mut *self.conn).await?;
        }
        Ok(())
    }
}

impl Store for SqliteStore<'_> {
    async fn declarations(&mut self, wanted: &Wanted) -> Result<HeldDeclarations> {
        self.read_declarations(wanted).await
    }

    async fn held_rounds(&mut self, wanted: &[(String, String)]) -> Result<Vec<(String, String)>> {
        self.read_held_rounds(wanted).await
    }

    async fn round_view(&mut self, process: &str, slug: &str, parts: Parts) -> Result<RoundView> {
        // What is staged is written first, and what a bulk load postponed is built:
        // the round is read as it stands, through the indexes.
        self.flush().await?;
        self.end_bulk().await?;
        self.read_round(process, slug, parts).await
    }

    fn keeps_views(&self) -> bool {
        false
    }

    async fn apply_declarations(&mut self, plan: DeclarationPlan) -> Result<()> {
        self.write_declarations(plan).await
    }

    async fn apply_round(&mut self, plan: RoundPlan, _: Option<RoundView>) -> Result<bool> {
        self.apply(plan).await?;
        if self.batch.rows < FLUSH_ROWS {
            return Ok(false);
        }
        self.flush().await?;
        Ok(true)
    }

    async fn piece_done(&mut self) -> Result<()> {
        self.flush().await
    }

    async fn finish(&mut self) -> Result<()> {
        self.flush().await?;
        self.end_bulk().await
    }
}
