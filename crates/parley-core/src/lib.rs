//! Parley's core: the domain model ([`domain`]), the round-file format
//! ([`roundfile`]), reports ([`report`]) and output ([`output`]), and the storage
//! layer ([`storage`]): the interface every backend implements and the SQLite
//! backend, Parley's default. The PostgreSQL backend is the `parley-postgres`
//! crate; the command line is the `parley` package.
//!
//! Data flows one way: the command line reads round files and builds reports from the
//! domain model, which the storage layer writes to and reads from a database.

pub mod clock;
pub mod domain;
pub mod error;
pub mod output;
pub mod report;
pub mod roundfile;
pub mod storage;

pub use error::{Error, Result};
