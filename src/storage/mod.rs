//! The storage layer: the SQLite file, its schema and every statement Parley runs.
//! Commands reach the database only through here.

mod catalog;
pub mod check;
mod database;
mod export;
mod import;
pub mod listing;
mod report;
mod rounds;
mod schema;

pub use database::{Database, MIGRATOR, Opened};
pub use import::{Changes, ImportOptions};
pub use report::{CitationRow, CommitmentRow, ItemRow, PositionRow, RoundRow, StatusRow};
pub use schema::{SchemaColumn, SchemaObject};
