//! The storage layer: the SQLite file, its schema and every statement Parley runs;
//! the PostgreSQL server as far as it runs today ([`postgres`]), and moving a
//! timeline between the two ([`transfer`]). Commands reach the database only through
//! here.

mod catalog;
pub mod check;
mod database;
mod diff;
pub mod edit;
mod error;
mod export;
mod export_history;
mod history;
mod import;
mod instant;
pub mod interface;
pub mod listing;
mod migration_log;
pub mod persons;
pub mod plan;
pub mod postgres;
mod raw_rows;
mod report;
mod retract;
mod rounds;
pub mod rules;
mod schema;
mod search;
mod seed;
mod sql;
mod template;
pub mod transfer;
mod unreadable;

pub use database::{Database, MIGRATOR, Opened, Seed};
pub use diff::{ItemStances, ItemStatuses};
pub use error::StorageError;
pub use history::HistoryRow;
pub use import::ImportOptions;
pub use interface::{
    Backend, Exports, Inspect, Listings, Lookup, Reports, Storage, Writes, prelude,
};
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
