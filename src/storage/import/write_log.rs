//! The instant a write records, and the `write_log` row that keeps it.
//!
//! The instant is read from the clock once the write holds the lock, and moved up to
//! the newest instant in the log when the clock is behind it: writes then record in
//! the order they commit, whatever order their clocks were read in, and a correction
//! never precedes what it corrects. The log's newest row is read through its primary
//! key, whatever the size of the file.

use chrono::{DateTime, Utc};
use sqlx::SqliteConnection;

use crate::clock;
use crate::error::Result;

/// When a write records: the instant every row it stamps carries, and the clock's
/// reading it came from.
pub(super) struct Instant {
    pub recorded_at: String,
    pub clock_at: String,
}

impl Instant {
    /// The instant for a write that holds the write lock, from the clock's reading.
    pub(super) async fn take(conn: &mut SqliteConnection, now: DateTime<Utc>) -> Result<Self> {
        let clock_at = clock::to_column(now);
        let latest = sqlx::query_scalar!(
            "SELECT recorded_at FROM write_log ORDER BY write_log_id DESC LIMIT 1"
        )
        .fetch_optional(&mut *conn)
        .await?;
        // Both are UTC text of one fixed width, so they compare as text.
        let recorded_at = match latest {
            Some(latest) if latest > clock_at => latest,
            _ => clock_at.clone(),
        };
        Ok(Instant {
            recorded_at,
            clock_at,
        })
    }

    /// Appends the write's row to the log: what wrote, and what it wrote.
    pub(super) async fn log(
        &self,
        conn: &mut SqliteConnection,
        command: &str,
        summary: &str,
    ) -> Result<()> {
        sqlx::query!(
            "INSERT INTO write_log (recorded_at, clock_at, command, summary) VALUES (?1, ?2, ?3, ?4)",
            self.recorded_at,
            self.clock_at,
            command,
            summary
        )
        .execute(&mut *conn)
        .await?;
        Ok(())
    }
}
