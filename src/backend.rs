//! The database a command opened: a SQLite file or a PostgreSQL server's, behind the
//! one storage interface (`parley_core::storage::interface`).

use parley_core::storage::Database;
use parley_postgres::Server;

/// A database of either kind, as a command opened it.
#[derive(Debug)]
pub enum Backend {
    /// A SQLite file.
    File(Database),
    /// A database on a PostgreSQL server.
    Server(Server),
}

parley_core::implement_storage_by_variants!(Backend { File, Server });
