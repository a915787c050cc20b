//! Writing a checked [`Dossier`] to the server in one transaction: PostgreSQL's side
//! of the planner ([`parley_core::storage::plan`]), as `storage/import/` is SQLite's. The
//! planning is the same; what differs is how rows are read and written.
//!
//! - One transaction per import, all or nothing. Writers serialise before they read
//!   anything a plan depends on: the first statement takes Parley's write lock, a
//!   transaction-scoped advisory lock ([`super::write_log::lock`]), and every read comes after
//!   it, under READ COMMITTED, so each read sees what the writer before committed (a
//!   read taken before the lock would be a lost update). The instant the write
//!   records is read after the lock too ([`write_log`]).
//! - Ids are the server's own: each table's identity sequence hands out the ids of
//!   the rows a batch inserts ([`staged`]), never `MAX(id) + 1`. The rows a plan names
//!   by id are those the store read.
//! - Rows are written table by table, one statement per table per batch (`UNNEST` of
//!   one array per column); the schema's triggers check every row.
//! - Not `COPY … FROM STDIN`: it was measured and does not pay (BENCHMARKS.md,
//!   "PostgreSQL: import and report"). With status records and citations, nine tenths
//!   of a large import's time, sent as `COPY` text, the import was 1.06× as fast at 30k
//!   statuses and 1.18× at 10k, far from the 1.3× that would earn a second write path.
//!   The time is the schema's row triggers (`citation_new_key` alone takes 160 µs a
//!   citation; a status record has twelve), which fire for `COPY` as for `INSERT` and
//!   keep it from batching its inserts: `COPY` saves only reading the arrays. What
//!   would pay is a load that checks the rules set-wise over the new rows, as the
//!   SQLite import postpones its triggers (`storage/import/upkeep.rs`).
//! - A dry run plans the same in a read-only transaction, takes no lock and writes
//!   nothing ([`DryRun`]).
//!
//! Files: `read.rs` (what the planner asks for), `kinds/` (a round's claims),
//! `declarations.rs` (processes, parties, sources, items), `apply.rs` (a round's
//! plan, staged), `staged.rs` (the batch and its INSERTs), `write_log.rs`.
//!
//! Every statement is static and compile-time checked against PostgreSQL (`query!`
//! and its kin; `scripts/sqlx-prepare postgres` keeps `.sqlx/`); a batch travels as
//! one array per column, so no statement is built at run time. Only the transactions'
//! `BEGIN` lines are plain text: they are no queries but how `begin_with` opens one.

mod apply;
mod declarations;
mod kinds;
mod read;
mod staged;
pub(super) mod write_log;

use sqlx::{Connection, PgConnection};
use tokio::sync::mpsc;

use self::staged::Batch;
use super::Server;
use parley_core::domain::Instant;
use parley_core::domain::model::Dossier;
use parley_core::error::Result;
use parley_core::storage::ImportOptions;
use parley_core::storage::import::ids::Ids;
use parley_core::storage::import::staged::FLUSH_ROWS;
use parley_core::storage::plan::*;

/// How a write transaction begins: READ COMMITTED whatever the server's default, so
/// that each statement after the lock sees every commit before it.
pub(crate) const BEGIN_WRITE: &str = "BEGIN ISOLATION LEVEL READ COMMITTED";

/// How a dry run's transaction begins: it cannot write.
const BEGIN_DRY_RUN: &str = "BEGIN ISOLATION LEVEL READ COMMITTED READ ONLY";

impl Server {
    /// Writes a dossier in one transaction: all of it or none.
    pub async fn import(&self, dossier: Dossier, options: &ImportOptions<'_>) -> Result<Changes> {
        let statuses = dossier.rounds.iter().map(|r| r.statuses.len()).sum();
        let (pieces, received) = mpsc::channel(2);
        for piece in [Piece::Records(dossier), Piece::Complete] {
            // The channel has room for both and its receiver is alive: this cannot fail.
            let _ = pieces.try_send(piece);
        }
        self.import_pieces(received, statuses, options).await
    }

    /// Writes pieces as they arrive, in one transaction that commits only once
    /// [`Piece::Complete`] has arrived; if the sender goes away before that,
    /// everything is rolled back and the import fails with
    /// [`parley_core::Error::Incomplete`]. `expected_statuses` is the `Database` method's:
    /// the server loads every import the same way (its triggers check each row), so
    /// it is not needed here. A dry run plans the pieces in a read-only transaction,
    /// which takes no lock and writes nothing.
    pub async fn import_pieces(
        &self,
        mut pieces: mpsc::Receiver<Piece>,
        expected_statuses: usize,
        options: &ImportOptions<'_>,
    ) -> Result<Changes> {
        let _ = expected_statuses;
        let mut conn = self.pool().acquire().await?;
        if options.dry_run {
            let mut tx = conn.begin_with(BEGIN_DRY_RUN).await?;
            // A dry run writes no row: the instant it would stamp them with is never used.
            let mut store = DryRun::new(PgStore::new(&mut tx, Instant::END_OF_TIME));
            let planned = run(
                &mut store,
                &mut pieces,
                plan_options(options),
                options.progress,
            );
            let planned = planned.await;
            drop(store);
            drop(pieces);
            tx.rollback().await?;
            return planned;
        }
        let mut tx = conn.begin_with(BEGIN_WRITE).await?;
        let written = write_in_transaction(&mut tx, &mut pieces, options).await;
        // Stop the sender before waiting for the transaction to end.
        drop(pieces);
        let ended = match written {
            Ok(_) => tx.commit().await,
            Err(_) => tx.rollback().await,
        };
        let changes = written?;
        ended?;
        Ok(changes)
    }
}

fn plan_options(options: &ImportOptions<'_>) -> PlanOptions {
    PlanOptions {
        adds_only: options.adds_only,
    }
}

/// Takes the write lock, then writes pieces as they arrive on a connection inside a
/// write transaction ([`BEGIN_WRITE`]), which the caller commits or rolls back.
pub(crate) async fn write_in_transaction(
    conn: &mut PgConnection,
    pieces: &mut mpsc::Receiver<Piece>,
    options: &ImportOptions<'_>,
) -> Result<Changes> {
    super::write_log::lock(&mut *conn).await?;
    write_locked(conn, pieces, options).await
}

/// [`write_in_transaction`] for a transaction that holds the write lock already.
pub(crate) async fn write_locked(
    conn: &mut PgConnection,
    pieces: &mut mpsc::Receiver<Piece>,
    options: &ImportOptions<'_>,
) -> Result<Changes> {
    let stamp = write_log::take(&mut *conn, (options.clock)()?).await?;
    let mut store = PgStore::new(&mut *conn, stamp.recorded_at);
    let changes = run(&mut store, pieces, plan_options(options), options.progress).await?;
    drop(store);
    if !changes.is_empty() {
        write_log::log(&stamp, &mut *conn, options.command, &changes.to_string()).await?;
    }
    Ok(changes)
}

/// The server as the planner's [`Store`]: reads through the import's transaction,
/// stages what the plans insert and writes it a batch at a time.
pub(super) struct PgStore<'c> {
    conn: &'c mut PgConnection,
    /// The `recorded_at` of every row written.
    at: Instant,
    ids: Ids,
    batch: Batch,
}

impl<'c> PgStore<'c> {
    fn new(conn: &'c mut PgConnection, at: Instant) -> Self {
        PgStore {
            conn,
            at,
            ids: Ids::default(),
            batch: Batch::default(),
        }
    }

    /// Writes every staged row.
    async fn flush(&mut self) -> Result<()> {
        if self.batch.is_empty() {
            return Ok(());
        }
        let batch = std::mem::take(&mut self.batch);
        batch.write(&mut *self.conn, &mut self.ids, self.at).await
    }
}

impl Store for PgStore<'_> {
    async fn declarations(&mut self, wanted: &Wanted) -> Result<HeldDeclarations> {
        self.read_declarations(wanted).await
    }

    async fn held_rounds(&mut self, wanted: &[(String, String)]) -> Result<Vec<(String, String)>> {
        self.read_held_rounds(wanted).await
    }

    async fn round_view(&mut self, process: &str, slug: &str, parts: Parts) -> Result<RoundView> {
        // What is staged is written first: the round is read as it stands.
        self.flush().await?;
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
        self.flush().await
    }
}
