//! "Now", as Parley records it. `PARLEY_NOW` (an RFC 3339 instant) fixes the clock so
//! that tests and replays write the same `recorded_at` every time.

use crate::domain::Instant;
use crate::error::{Error, Result};

/// The environment variable that fixes the clock.
pub const NOW_VAR: &str = "PARLEY_NOW";

/// The current instant: `$PARLEY_NOW` when set (as [`Instant::parse`] reads it),
/// else the system clock.
pub fn now() -> Result<Instant> {
    match std::env::var(NOW_VAR) {
        Ok(value) if !value.trim().is_empty() => Instant::parse(&value)
            .map_err(|message| Error::invalid_argument(format!("${NOW_VAR}"), message)),
        _ => Instant::new(chrono::Utc::now())
            .map_err(|out| Error::Conflict(format!("the system clock's reading {out}"))),
    }
}
