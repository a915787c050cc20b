//! The instant a write records, and the `write_log` row that keeps it.
//!
//! The instant is read from the clock once the write holds the lock, and moved up to
//! the newest instant in the log when the clock is behind it: writes then record in
//! the order they commit, whatever order their clocks were read in, and a correction
//! never precedes what it corrects. The log's newest row is read through its primary
//! key, whatever the size of the file. Instants stay typed until they are bound.

use chrono::{DateTime, TimeDelta, Utc};
use sqlx::SqliteConnection;

use crate::clock;
use crate::error::{Error, Result};

/// When a write records: the instant every row it stamps carries, and the clock's
/// reading it came from.
pub(in crate::storage) struct Instant {
    pub recorded_at: DateTime<Utc>,
    pub clock_at: DateTime<Utc>,
}

impl Instant {
    /// The instant for a write that holds the write lock, from the clock's reading.
    pub(in crate::storage) async fn take(
        conn: &mut SqliteConnection,
        now: DateTime<Utc>,
    ) -> Result<Self> {
        let latest = sqlx::query_scalar!(
            "SELECT recorded_at FROM write_log ORDER BY write_log_id DESC LIMIT 1"
        )
        .fetch_optional(&mut *conn)
        .await?;
        let latest = latest.as_deref().map(latest_instant).transpose()?;
        Ok(Instant {
            recorded_at: latest.filter(|latest| *latest > now).unwrap_or(now),
            clock_at: now,
        })
    }

    /// Appends the write's row to the log: what wrote, and what it wrote.
    pub(in crate::storage) async fn log(
        &self,
        conn: &mut SqliteConnection,
        command: &str,
        summary: &str,
    ) -> Result<()> {
        let (recorded_at, clock_at) = (
            clock::to_column(self.recorded_at),
            clock::to_column(self.clock_at),
        );
        sqlx::query!(
            "INSERT INTO write_log (recorded_at, clock_at, command, summary) VALUES (?1, ?2, ?3, ?4)",
            recorded_at,
            clock_at,
            command,
            summary
        )
        .execute(&mut *conn)
        .await?;
        Ok(())
    }
}

/// The log's latest instant, read; rounded up to the millisecond the columns hold,
/// so that an instant another client wrote more finely is never written back earlier.
fn latest_instant(text: &str) -> Result<DateTime<Utc>> {
    let latest = DateTime::parse_from_rfc3339(text)
        .map_err(|_| Error::Unreadable(format!("write_log with the recorded_at '{text}'")))?
        .with_timezone(&Utc);
    let below_millis = i64::from(latest.timestamp_subsec_nanos() % 1_000_000);
    Ok(match below_millis {
        0 => latest,
        n => latest + TimeDelta::nanoseconds(1_000_000 - n),
    })
}
