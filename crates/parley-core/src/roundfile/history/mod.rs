//! The history export: a round file that also holds when every row was recorded and
//! every row a later one replaced, so that importing it into an empty database
//! reproduces the database it came from (docs/round-file.md, "History exports").
//!
//! The records in force are written and checked exactly as in a plain round file;
//! what a history export adds ([`Stamps`]) is written into the same entries (each
//! entry's `recorded_at`, a round's `[[round.version]]`, a claim's
//! `[[round.status.superseded]]`, a commitment's `[[round.commitment.fates]]`, the
//! edit-history rows under their source, party, item or round, a `retracted` table)
//! and beside them (the write log, `[[history.write]]`), and read back here. One function per kind of record on each side: a kind that gains a
//! history adds its arm to `write::annotate_round` and `read::RoundStampsCheck::round`.
//!
//! - `write.rs`: the stamps written into the entries, and the streamed writers;
//! - `read.rs`: a history export read and checked back;
//! - `audit.rs`: the write log, retractions and edit-history rows read back;
//! - `outside.rs`: the fields only a history export holds, refused elsewhere.

mod audit;
mod outside;
mod read;
mod write;

pub(super) use outside::{has_history_fields, history_fields_outside_history};
pub use read::load_history;
pub use write::{HistoryRuns, write_history_json, write_history_toml};

use super::SourceText;

/// Whether a file is a history export: it has a `[history]` table. Found without
/// parsing, so that a large file is parsed once, by the path it takes.
pub fn is_history(source: &SourceText) -> bool {
    source.text.lines().any(|line| line.trim() == "[history]")
}
