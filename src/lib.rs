//! Parley: a timeline database for negotiation analysts.
//!
//! Data flows one way: the command line ([`cmd`]) reads round files ([`roundfile`]) and
//! builds reports ([`report`]) from the domain model ([`domain`]), which the storage
//! layer ([`storage`]) writes to and reads from SQLite.

pub mod clock;
pub mod cmd;
pub mod domain;
pub mod error;
pub mod output;
pub mod report;
pub mod roundfile;
pub mod storage;

pub use error::{Error, Result};
