//! A write on the server: the write lock, the instant it records and its `write_log`
//! row, as `storage::import::write_log` does for a file.
//!
//! Every Parley writer takes one transaction-scoped advisory lock ([`WRITE_LOCK`])
//! before it reads anything it will decide on, as `BEGIN IMMEDIATE` does on a file:
//! writers then run one after the other, and the instant a write takes (read once the
//! lock is held, moved up to the log's newest) never precedes one already committed.
//!
//! Instants cross to the server as `timestamptz` (UTC) cut to the millisecond, as the
//! text a file holds is, so that a file and its copy hold the very same instants.

use chrono::{DateTime, SubsecRound, Utc};
use sqlx::PgConnection;

use super::WRITE_LOCK;
use parley_core::domain::Instant;
use parley_core::error::{Error, Result};

/// Waits for the write lock, held until the transaction `conn` is in ends.
pub(crate) async fn lock(conn: &mut PgConnection) -> Result<()> {
    sqlx::query!("SELECT pg_advisory_xact_lock($1)", WRITE_LOCK)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// An instant as the server's `timestamptz` columns take it: cut to the millisecond,
/// as a file's text holds it.
pub(super) fn bound(instant: Instant) -> DateTime<Utc> {
    instant.to_datetime().trunc_subsecs(3)
}

/// An instant a `timestamptz` column held.
pub(super) fn read(at: DateTime<Utc>) -> Result<Instant> {
    Instant::new(at).map_err(|out| Error::Unreadable(format!("an instant in the database: {out}")))
}

/// When a write records, as [`parley_core::storage::import::write_log::WriteStamp`] takes it.
pub(super) struct WriteStamp {
    pub recorded_at: Instant,
    pub clock_at: Instant,
}

impl WriteStamp {
    /// The stamp for a write that holds the write lock, from the clock's reading:
    /// moved up to the log's newest instant when the clock is behind it.
    pub(super) async fn take(conn: &mut PgConnection, now: Instant) -> Result<Self> {
        let latest = sqlx::query_file_scalar!("src/queries/write_log_latest.sql")
            .fetch_optional(&mut *conn)
            .await?;
        let latest = latest.map(read).transpose()?.map(Instant::ceil_to_millis);
        Ok(WriteStamp {
            recorded_at: latest.filter(|latest| *latest > now).unwrap_or(now),
            clock_at: now,
        })
    }

    /// Appends the write's row to the log; returns its id.
    pub(super) async fn log(
        &self,
        conn: &mut PgConnection,
        command: &str,
        summary: &str,
    ) -> Result<i64> {
        let id = sqlx::query_file_scalar!(
            "src/queries/write_log_append.sql",
            bound(self.recorded_at),
            bound(self.clock_at),
            command,
            summary
        )
        .fetch_one(&mut *conn)
        .await?;
        Ok(id)
    }
}
