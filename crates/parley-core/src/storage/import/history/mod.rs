//! Writing a history export ([`Stamps`] beside the records in force) into a database
//! that holds no records: every row as it was, with its own `recorded_at`, each
//! corrected record before the one that corrects it, the earlier versions in their
//! history tables, every fate of a commitment in order. The carried write log comes
//! first and the retractions last (naming its writes), after every claim and after
//! the deferred upkeep, so that their triggers keep the derived tables. Nothing is planned
//! against what the database holds (it holds nothing), so the rows go straight to
//! multi-row INSERTs, a run of rounds at a time, with the bulk path's deferred upkeep
//! ([`DeferredUpkeep`]) for a large file.
//!
//! Row ids are given here, in the order of the file (they are not the exported
//! database's: ids are not part of a timeline). Foreign keys are checked at commit
//! (`defer_foreign_keys`), so that an item may name a parent declared after it and a
//! fate the round, later in the file, at which it was learned.
//!
//! - `mod.rs`: the transaction, the refusal of a database that holds records, the
//!   carried write log and the import's own row;
//! - `rows.rs`: each record's row ids and rows, one arm per kind of record
//!   ([`Rows::round`]): a kind that gains a history adds its rows there;
//! - `batch.rs`: the rows of a run of rounds, and their multi-row INSERTs.

use sqlx::{Connection, SqliteConnection};

mod batch;
mod edits;
mod rows;

use self::batch::Batch;
use self::rows::Rows;
use super::upkeep::DeferredUpkeep;
use super::write_log::WriteStamp;
use super::{BULK_STATUSES, ImportOptions};
use crate::domain::Instant;
use crate::domain::history::*;
use crate::domain::model::Dossier;
use crate::error::{Error, Result};
use crate::storage::{Changes, Database};

/// Rounds whose rows are written together: bounded memory, few statements.
const ROUNDS_PER_RUN: usize = 256;

impl Database {
    /// Writes a history export in one `BEGIN IMMEDIATE` transaction: all of it or
    /// none. Refused, with nothing written, unless the database holds no records. A
    /// dry run writes everything and rolls it back.
    pub async fn import_history(
        &self,
        dossier: Dossier,
        stamps: Stamps,
        options: &ImportOptions<'_>,
    ) -> Result<Changes> {
        let mut conn = self.pool().acquire().await?;
        sqlx::query("PRAGMA cache_size = -262144")
            .execute(&mut *conn)
            .await?;
        sqlx::query("PRAGMA temp_store = MEMORY")
            .execute(&mut *conn)
            .await?;
        let mut tx = conn.begin_with("BEGIN IMMEDIATE").await?;
        let written = write_history(&mut tx, dossier, stamps, options).await;
        let ended = match (&written, options.dry_run) {
            (Ok(_), false) => tx.commit().await,
            _ => tx.rollback().await,
        };
        sqlx::query("PRAGMA cache_size = -2000")
            .execute(&mut *conn)
            .await?;
        let changes = written?;
        ended?;
        Ok(changes)
    }
}

async fn write_history(
    conn: &mut SqliteConnection,
    dossier: Dossier,
    stamps: Stamps,
    options: &ImportOptions<'_>,
) -> Result<Changes> {
    refuse_unless_empty(conn).await?;
    sqlx::query("PRAGMA defer_foreign_keys = ON")
        .execute(&mut *conn)
        .await?;
    // The carried write log first, in order: every write it records is older than
    // this one, whose own row follows it.
    let first_write = sqlx::query_scalar!(
        r#"SELECT COALESCE(MAX(write_log_id), 0) + 1 AS "first!: i64" FROM write_log"#
    )
    .fetch_one(&mut *conn)
    .await?;
    batch::write_log(conn, &stamps.writes, first_write).await?;
    let statuses: usize = stamps
        .rounds
        .iter()
        .flat_map(|r| &r.statuses)
        .map(|c| 1 + c.superseded.len())
        .sum();
    let deferred = match statuses >= BULK_STATUSES {
        true => DeferredUpkeep::begin(&mut *conn).await?,
        false => None,
    };
    let mut rows = Rows::new(&dossier);
    let mut changes = rows.declarations(conn, &dossier, &stamps).await?;
    let runs = dossier
        .rounds
        .chunks(ROUNDS_PER_RUN)
        .zip(stamps.rounds.chunks(ROUNDS_PER_RUN));
    let mut written = 0;
    for (rounds, round_stamps) in runs {
        let mut batch = Batch::default();
        for (round, stamp) in rounds.iter().zip(round_stamps) {
            rows.round(&mut batch, round, stamp, &mut changes)?;
        }
        batch.write(conn).await?;
        written += rounds.len();
        (options.progress)(written);
    }
    if let Some(deferred) = deferred {
        deferred.finish(&mut *conn).await?;
    }
    // Retractions last: a retracted round takes no more claims, and their triggers
    // keep the derived tables, whichever path wrote the rows.
    batch::write_retractions(conn, &rows.retractions, first_write).await?;
    let instant = instant_after(conn, (options.clock)()?, &stamps).await?;
    instant
        .log(
            &mut *conn,
            options.command,
            &format!("{changes} (a history export)"),
        )
        .await?;
    Ok(changes)
}

/// A history export reproduces the rows it holds as they were; merged into records
/// the database holds, they would be neither (ids, corrections and instants would
/// interleave with the database's own), so the database must hold none.
async fn refuse_unless_empty(conn: &mut SqliteConnection) -> Result<()> {
    let held = sqlx::query!(
        r#"SELECT (SELECT COUNT(*) FROM process) AS "processes!: i64",
                  (SELECT COUNT(*) FROM party) AS "parties!: i64",
                  (SELECT COUNT(*) FROM source) AS "sources!: i64",
                  (SELECT COUNT(*) FROM person) AS "persons!: i64",
                  (SELECT COUNT(*) FROM outlet) AS "outlets!: i64""#
    )
    .fetch_one(&mut *conn)
    .await?;
    refuse_records([
        held.processes,
        held.parties,
        held.sources,
        held.persons,
        held.outlets,
    ])
}

/// The refusal of a database that holds records, by how many processes, parties,
/// sources, persons and outlets it holds (on either backend).
pub fn refuse_records(held: [i64; 5]) -> Result<()> {
    if held.iter().sum::<i64>() == 0 {
        return Ok(());
    }
    let [processes, parties, sources, persons, outlets] = held;
    Err(Error::Conflict(format!(
        "a history export imports only into a database that holds no records, where it can \
         reproduce every row as it was; this one holds {} process(es), {} party(ies), {} \
         source(s), {} person(s) and {} outlet(s). Import it into a new file (`parley --db NEW.db import FILE` creates it \
         empty), or import a plain export (`parley export`, without --history), which merges",
        processes, parties, sources, persons, outlets
    )))
}

/// The write's own instant: the clock's, moved up to the latest instant the log or
/// the imported rows hold, so that the next write never records before them.
async fn instant_after(
    conn: &mut SqliteConnection,
    now: Instant,
    stamps: &Stamps,
) -> Result<WriteStamp> {
    let mut stamp = WriteStamp::take(&mut *conn, now).await?;
    if let Some(latest) = stamps.latest() {
        stamp.recorded_at = stamp.recorded_at.max(latest.ceil_to_millis());
    }
    Ok(stamp)
}
