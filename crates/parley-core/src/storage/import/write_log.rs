//! The instant a write records, and the `write_log` row that keeps it.
//!
//! The instant is read from the clock once the write holds the lock, and moved up to
//! the newest instant in the log when the clock is behind it: writes then record in
//! the order they commit, whatever order their clocks were read in, and a correction
//! never precedes what it corrects. The log's newest row is read through its primary
//! key, whatever the size of the file. Instants stay typed until they are bound.

use sqlx::SqliteConnection;

use crate::domain::Instant;
use crate::error::Result;

/// When a write records: the instant every row it stamps carries, and the clock's
/// reading it came from.
pub struct WriteStamp {
    pub recorded_at: Instant,
    pub clock_at: Instant,
}

impl WriteStamp {
    /// The stamp for a write that holds the write lock, from the clock's reading.
    pub async fn take(conn: &mut SqliteConnection, now: Instant) -> Result<Self> {
        let latest = sqlx::query_scalar!(
            r#"SELECT recorded_at AS "recorded_at: Instant" FROM write_log ORDER BY write_log_id DESC LIMIT 1"#
        )
        .fetch_optional(&mut *conn)
        .await?;
        Ok(WriteStamp::after(latest, now))
    }

    /// The stamp for a write whose clock reads `now`, when the log's newest row
    /// records `latest`: whatever the backend.
    pub fn after(latest: Option<Instant>, now: Instant) -> Self {
        // Rounded up to the millisecond the columns hold, so that an instant another
        // client wrote more finely is never written back earlier.
        let latest = latest.map(Instant::ceil_to_millis);
        WriteStamp {
            recorded_at: latest.filter(|latest| *latest > now).unwrap_or(now),
            clock_at: now,
        }
    }

    /// Appends the write's row to the log: what wrote, and what it wrote; returns
    /// the row's id.
    pub async fn log(
        &self,
        conn: &mut SqliteConnection,
        command: &str,
        summary: &str,
    ) -> Result<i64> {
        let written = sqlx::query!(
            "INSERT INTO write_log (recorded_at, clock_at, command, summary) VALUES (?1, ?2, ?3, ?4)",
            self.recorded_at,
            self.clock_at,
            command,
            summary
        )
        .execute(&mut *conn)
        .await?;
        Ok(written.last_insert_rowid())
    }
}
