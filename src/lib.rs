//! Parley: a timeline database for negotiation analysts.
//!
//! This package is the command line ([`cmd`]) over two storage backends, one crate
//! each, chosen at run time by what `--db` names ([`Backend`]):
//! - `parley-core` (re-exported here as [`domain`], [`roundfile`], [`report`],
//!   [`output`] and [`storage`]): the domain model, the round-file format, reports, and
//!   the storage interface with the SQLite backend, Parley's default;
//! - `parley-postgres` (re-exported as [`postgres`]): a team's timeline on a PostgreSQL
//!   server, and moving a timeline between a file and a server.
//!
//! Data flows one way: the command line reads round files and builds reports from the
//! domain model, which a backend writes to and reads from its database.

mod backend;
pub mod cmd;

pub use backend::Backend;
pub use parley_core::{Error, Result, clock, domain, error, output, report, roundfile, storage};
pub use parley_postgres as postgres;
