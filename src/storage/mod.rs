//! The storage layer: the SQLite file, its schema and every statement Parley runs.
//! Commands reach the database only through here.

mod catalog;
pub mod check;
mod database;
mod diff;
mod export;
mod history;
mod import;
pub mod listing;
mod report;
mod rounds;
mod schema;
mod search;
mod sql;

pub use database::{Database, MIGRATOR, Opened};
pub use diff::{ItemStances, ItemStatuses};
pub use history::HistoryRow;
pub use import::{Changes, ImportOptions, Piece};
pub use report::{CitationRow, CommitmentRow, ItemRow, PositionRow, RoundRow, StatusRow};
pub use schema::{SchemaColumn, SchemaObject};
pub use search::SearchHit;
pub use sql::QueryOutput;
