//! The storage layer: the interface every backend implements ([`interface`]), the
//! SQLite backend (the default: [`Database`], its schema and every statement it runs),
//! and what both backends share (the import's planner, export rows, edit decisions,
//! rules). Commands reach a database only through here.

pub mod catalog;
pub mod check;
mod database;
pub mod diff;
pub mod edit;
mod error;
mod export;
mod export_history;
pub mod export_rows;
pub mod history;
pub mod import;
pub mod instant;
mod instant_on_server;
pub mod interface;
pub mod listing;
pub mod migration_log;
pub mod persons;
pub mod plan;
mod raw_rows;
pub mod report;
pub mod retract;
pub mod rounds;
pub mod rules;
mod schema;
pub mod search;
pub mod seed;
pub mod sql;
mod template;
pub mod unreadable;

pub use database::{Database, MIGRATOR, Opened, Seed};
pub use diff::{ItemStances, ItemStatuses};
pub use error::StorageError;
pub use history::HistoryRow;
pub use import::ImportOptions;
pub use interface::{Exports, Inspect, Listings, Lookup, Reports, Storage, Writes, prelude};
pub use plan::{
    Changes, ClaimPlace, Correction, FateChange, FieldEdit, ParticipantEdit, Piece, RecordEdit,
    Refusal, RetractedPart, RoundEdit,
};
pub use report::{
    CitationRow, CommitmentRow, ItemRow, PositionRow, ReportNoteRow, ReportQuoteRow,
    RoundCitationRow, RoundRow, StatusRow,
};
pub use retract::{RetractTarget, Retracted};
pub use schema::{SchemaColumn, SchemaObject};
pub use search::{RecordHit, SearchHit, SearchQuery};
pub use sql::{RowSink, TimeLimit};
pub use template::{LastRound, NextRoundFacts, TemplateItem, TemplateParticipant, TemplateSource};
