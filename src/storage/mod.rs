//! The storage layer: the SQLite file, its schema and every statement Parley runs.
//! Commands reach the database only through here.

mod catalog;
mod database;
mod history;
mod import;
mod report;
mod rounds;
mod schema;
mod search;
mod sql;

pub use database::{Database, Opened};
pub use history::HistoryRow;
pub use import::{Changes, ImportOptions};
pub use report::{CitationRow, CommitmentRow, ItemRow, PositionRow, RoundRow, StatusRow};
pub use schema::{SchemaColumn, SchemaObject};
pub use search::SearchHit;
pub use sql::QueryOutput;
