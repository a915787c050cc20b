//! The instant a write records on the server, and its row in `write_log`: the same
//! [`WriteStamp`] as on SQLite (the clock's reading, moved up to the log's newest
//! instant when the clock is behind it), read once the write lock is held.
//!
//! Instants travel as `timestamptz`, cut to the millisecond a SQLite file holds, so
//! that a file and a server given the same writes hold the same instants. (A private
//! conversion until `postgres/instant.rs` gives [`Instant`] its PostgreSQL type.)

use chrono::{DateTime, SubsecRound, Utc};
use sqlx::PgConnection;

use parley_core::domain::Instant;
use parley_core::error::{Error, Result};
use parley_core::storage::import::write_log::WriteStamp;

/// An instant as a `timestamptz` column holds it: to the millisecond.
pub(crate) fn column(at: Instant) -> DateTime<Utc> {
    at.to_datetime().trunc_subsecs(3)
}

/// An instant a `timestamptz` column holds.
pub(crate) fn instant(at: DateTime<Utc>) -> Result<Instant> {
    Instant::new(at).map_err(|e| Error::Unreadable(format!("an instant {e}")))
}

/// The stamp for a write that holds the write lock, from the clock's reading.
pub(super) async fn take(conn: &mut PgConnection, now: Instant) -> Result<WriteStamp> {
    // The log's newest instant, by its primary key.
    let latest: Option<DateTime<Utc>> =
        sqlx::query_scalar!("SELECT recorded_at FROM write_log ORDER BY write_log_id DESC LIMIT 1")
            .fetch_optional(&mut *conn)
            .await?;
    Ok(WriteStamp::after(latest.map(instant).transpose()?, now))
}

/// Appends the write's row to the log; returns the row's id.
pub(super) async fn log(
    stamp: &WriteStamp,
    conn: &mut PgConnection,
    command: &str,
    summary: &str,
) -> Result<i64> {
    Ok(sqlx::query_scalar!(
        "INSERT INTO write_log (recorded_at, clock_at, command, summary)
         VALUES ($1, $2, $3, $4) RETURNING write_log_id",
        column(stamp.recorded_at),
        column(stamp.clock_at),
        command,
        summary
    )
    .fetch_one(&mut *conn)
    .await?)
}
