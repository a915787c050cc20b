//! The library's error type. Every variant says what failed, where, and what was
//! expected, so that the command line can print it as it stands. User text and
//! database values in a message are shown with control characters escaped
//! (`\u{1b}`), so that an error never carries an escape sequence to the terminal.

use std::path::PathBuf;

use crate::domain::names::Suggestions;

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file could not be read or written.
    #[error("{}: {source}", esc(path.display()))]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    /// The database file could not be opened as a Parley database.
    #[error("{}: {}", esc(path.display()), esc(message))]
    Open { path: PathBuf, message: String },

    /// There is no database at the path yet (no file, or one that holds nothing).
    #[error("{}: no database here yet; run `parley init` to create it", path.display())]
    NotCreated { path: PathBuf },

    /// The database was written by a newer Parley.
    #[error(
        "{}: written by a newer Parley (schema version {found}, this binary knows up to {known}); \
         upgrade Parley to use it. The file was not modified.",
        esc(path.display())
    )]
    NewerSchema {
        path: PathBuf,
        found: i64,
        known: i64,
    },

    /// A round file is malformed or says something the database cannot hold.
    #[error("{}", esc(.0))]
    RoundFile(#[from] crate::roundfile::RoundFileError),

    /// A name on the command line or in a file matches nothing known.
    #[error("unknown {kind} '{}'{}", esc(name), esc(suggestions))]
    UnknownName {
        kind: &'static str,
        name: String,
        suggestions: Suggestions,
    },

    /// A name matches more than one record.
    #[error("{kind} '{}' is ambiguous: it could be {}", esc(name), esc(candidates.join(", ")))]
    AmbiguousName {
        kind: &'static str,
        name: String,
        candidates: Vec<String>,
    },

    /// A command-line value is not what the flag takes.
    #[error("{}: {}", esc(flag), esc(message))]
    InvalidArgument { flag: String, message: String },

    /// The database refused a statement (a constraint, a lock held too long, a
    /// read-only or malformed file), or the schema could not be brought up to date:
    /// storage's own error, in the database's words.
    #[error("{}", esc(.0))]
    Storage(#[from] crate::storage::StorageError),

    /// A write broke a rule of the timeline that the database checks after a bulk
    /// load (in the words its trigger uses row by row).
    #[error("database: {}", esc(.0))]
    Constraint(String),

    /// A command meant to add a record the database, once the write lock was held,
    /// turned out to hold already (another writer added it meanwhile).
    #[error("{kind} '{slug}' already exists")]
    Exists { kind: &'static str, slug: String },

    /// A write that what the database held, once the write lock was held, does not
    /// allow; nothing was written.
    #[error("{0}; nothing was written")]
    Conflict(String),

    /// A claim that lands on a retracted round, or would correct a retracted claim,
    /// as the planner found once the write lock was held; nothing was written. The
    /// command that read the file or flags says where ([`crate::storage::Refusal`]).
    #[error("{}", esc(.0))]
    Retracted(Box<crate::storage::Refusal>),

    /// An import's records stopped arriving before the last of them (their reader
    /// stopped); nothing was written.
    #[error("the import stopped before its last records arrived; nothing was written")]
    Incomplete,

    /// The database holds something this Parley cannot read (edited by hand, or by
    /// a newer version).
    #[error("the database holds {}", esc(.0))]
    Unreadable(String),

    /// A `parley sql` query ran past its time limit and was stopped.
    #[error(
        "QUERY: the query ran past its time limit of {limit:?} and was stopped; \
         allow it longer with --timeout (e.g. --timeout 5m), or --timeout 0 for no limit"
    )]
    TimeLimit { limit: std::time::Duration },

    /// `parley check` found problems (it has printed them).
    #[error("check found {0} problem(s)")]
    Check(usize),

    /// Writing output failed.
    #[error("writing output: {}", esc(.0))]
    Output(String),
}

impl Error {
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            source,
        }
    }

    /// The exit code the command line ends with for a failure (clap's usage errors
    /// end with 2 on their own).
    pub fn exit_code(&self) -> u8 {
        1
    }

    pub fn invalid_argument(flag: impl Into<String>, message: impl Into<String>) -> Self {
        Error::InvalidArgument {
            flag: flag.into(),
            message: message.into(),
        }
    }
}

/// Text in a message, with control characters escaped.
fn esc(text: impl std::fmt::Display) -> String {
    crate::output::escape::control(&text.to_string()).into_owned()
}
