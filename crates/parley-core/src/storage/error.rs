//! Storage's own error: what the database refused or failed at, in its own words,
//! sorted into the kinds that Parley tells apart, with no driver's type in it. The
//! rest of Parley sees [`StorageError`] inside [`crate::Error::Storage`] and never
//! the driver's error, so that another backend converts its own driver's errors
//! into the same kinds.
//!
//! The conversions from sqlx's errors live here, for both backends (a PostgreSQL
//! refusal is told by its SQLSTATE, a SQLite one by its result code). `?` inside storage keeps converting a `sqlx::Error` (or a
//! `MigrateError`) into [`crate::Error`]: those `From` implementations route
//! through [`StorageError`], so the library error holds no sqlx type.
//!
//! Each kind's text is what the command line prints after `parley: `, unchanged
//! from when the library error wrapped sqlx's: the database's own message behind
//! `database: `, ours where the database says nothing an analyst can act on (a
//! read-only file, a pool that handed out no connection in time).

use sqlx::migrate::MigrateError;

/// What the database refused or failed at. Messages are the database's own words
/// (control characters are escaped where [`crate::Error`] shows them).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StorageError {
    /// A statement broke a constraint (a foreign key, a CHECK, a unique key) or one
    /// of the timeline's rules that a trigger enforces; nothing it meant to write
    /// was written.
    #[error("database: {message}")]
    Rule { message: String },

    /// Another connection held the database busy (or locked) for longer than the
    /// busy timeout, or no connection came free in time.
    #[error("database: {message}")]
    Busy { message: String },

    /// The database file (or the directory that holds it) cannot be written.
    #[error("database: the database file is read-only; nothing was written")]
    ReadOnly,

    /// The database refused a statement for another reason: a table it lacks (a
    /// file of an older schema), a malformed file, a query it cannot run.
    #[error("database: {message}")]
    Refused { message: String },

    /// Reaching the database failed: the connection, or reading or writing the file
    /// underneath it.
    #[error("database: {message}")]
    Connection { message: String },

    /// The schema could not be brought up to date.
    #[error("migrating the database: {message}")]
    Migration { message: String },

    /// A row, or a value in one, could not be read as what Parley expected of it.
    #[error("database: {message}")]
    Decode { message: String },

    /// Anything else the driver reported (a value it could not send, a row a query
    /// was expected to return and did not).
    #[error("database: {message}")]
    Other { message: String },
}

// SQLite's primary result codes (the low byte of an extended code) that decide a
// refusal's kind: https://www.sqlite.org/rescode.html
const SQLITE_BUSY: i32 = 5;
const SQLITE_LOCKED: i32 = 6;
const SQLITE_IOERR: i32 = 10;
const SQLITE_FULL: i32 = 13;
const SQLITE_CANTOPEN: i32 = 14;
const SQLITE_CONSTRAINT: i32 = 19;

/// SQLite's primary result code for an error the database returned, if any.
fn sqlite_code(error: &sqlx::Error) -> Option<i32> {
    match error {
        sqlx::Error::Database(e) => e
            .code()
            .and_then(|c| c.parse::<i32>().ok())
            .map(|c| c & 0xff),
        _ => None,
    }
}

/// Whether SQLite said another connection holds a lock (SQLITE_BUSY, SQLITE_LOCKED
/// and their extended codes).
pub(super) fn is_busy(error: &sqlx::Error) -> bool {
    matches!(sqlite_code(error), Some(SQLITE_BUSY | SQLITE_LOCKED))
}

/// PostgreSQL's refusals by SQLSTATE class or code
/// (https://www.postgresql.org/docs/current/errcodes-appendix.html): a constraint
/// or one of the rules' triggers (they raise 23000) is a rule; a serialization
/// failure, a deadlock or a lock not granted in time is busy; a lost or refused
/// connection (the server, the login, a database that does not exist, the server's
/// resources) is a connection failure; anything else (a read-only transaction's
/// refusal, a cancelled statement, a missing table, a permission) is refused, in the
/// server's words.
fn postgres_kind(code: &str, message: String) -> StorageError {
    match code {
        _ if code.starts_with("23") => StorageError::Rule { message },
        "40001" | "40P01" | "55P03" => StorageError::Busy { message },
        _ if ["08", "28", "53", "57P"]
            .iter()
            .any(|c| code.starts_with(c))
            || code == "3D000" =>
        {
            StorageError::Connection { message }
        }
        _ => StorageError::Refused { message },
    }
}

/// SQLite's refusal, by its result code (extended or primary), sorted into its kind.
pub(super) fn refusal(code: Option<i32>, message: String) -> StorageError {
    match code.map(|c| c & 0xff) {
        Some(SQLITE_BUSY | SQLITE_LOCKED) => StorageError::Busy { message },
        Some(SQLITE_CONSTRAINT) => StorageError::Rule { message },
        Some(SQLITE_IOERR | SQLITE_FULL | SQLITE_CANTOPEN) => StorageError::Connection { message },
        _ => StorageError::Refused { message },
    }
}

impl From<sqlx::Error> for StorageError {
    fn from(error: sqlx::Error) -> Self {
        if let sqlx::Error::Database(e) = &error
            && let Some(pg) = e.try_downcast_ref::<sqlx::postgres::PgDatabaseError>()
        {
            return postgres_kind(pg.code(), pg.message().to_owned());
        }
        let code = sqlite_code(&error);
        match error {
            // SQLite's words for a write to a read-only file (SQLITE_READONLY), as
            // the library error always matched them.
            sqlx::Error::Database(e) if e.message().contains("readonly database") => {
                StorageError::ReadOnly
            }
            sqlx::Error::Database(e) => refusal(code, e.message().to_owned()),
            sqlx::Error::PoolTimedOut => StorageError::Busy {
                message: "timed out waiting for the database; another process holds it busy".into(),
            },
            e @ (sqlx::Error::Io(_)
            | sqlx::Error::Tls(_)
            | sqlx::Error::Protocol(_)
            | sqlx::Error::Configuration(_)
            | sqlx::Error::PoolClosed
            | sqlx::Error::WorkerCrashed) => StorageError::Connection {
                message: e.to_string(),
            },
            e @ (sqlx::Error::Decode(_)
            | sqlx::Error::ColumnDecode { .. }
            | sqlx::Error::ColumnNotFound(_)
            | sqlx::Error::ColumnIndexOutOfBounds { .. }
            | sqlx::Error::TypeNotFound { .. }) => StorageError::Decode {
                message: e.to_string(),
            },
            other => StorageError::Other {
                message: other.to_string(),
            },
        }
    }
}

impl From<MigrateError> for StorageError {
    fn from(error: MigrateError) -> Self {
        StorageError::Migration {
            message: error.to_string(),
        }
    }
}

/// `?` on a sqlx result inside storage: through [`StorageError`].
impl From<sqlx::Error> for crate::Error {
    fn from(error: sqlx::Error) -> Self {
        crate::Error::Storage(error.into())
    }
}

/// `?` on a migration's result inside storage: through [`StorageError`].
impl From<MigrateError> for crate::Error {
    fn from(error: MigrateError) -> Self {
        crate::Error::Storage(error.into())
    }
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use sqlx::sqlite::SqliteConnectOptions;
    use sqlx::{Connection, SqliteConnection};

    use super::*;

    /// A fresh file of its own for one test (removed first, in case a run stopped
    /// before removing it).
    fn file(name: &str) -> PathBuf {
        let path = std::env::temp_dir().join(format!(
            "parley-storage-error-{}-{name}.db",
            std::process::id()
        ));
        let _ = std::fs::remove_file(&path);
        path
    }

    async fn connect(path: &PathBuf, read_only: bool) -> SqliteConnection {
        let options = SqliteConnectOptions::new()
            .filename(path)
            .create_if_missing(!read_only)
            .read_only(read_only)
            .busy_timeout(std::time::Duration::ZERO);
        SqliteConnection::connect_with(&options).await.unwrap()
    }

    async fn refusal(conn: &mut SqliteConnection, sql: &str) -> StorageError {
        let error = sqlx::raw_sql(sqlx::AssertSqlSafe(sql.to_owned()))
            .execute(conn)
            .await
            .expect_err(sql);
        StorageError::from(error)
    }

    /// What SQLite refuses lands in the kind the command line and the tests tell
    /// apart, with SQLite's own message.
    #[tokio::test]
    async fn sqlite_refusals_sort_into_their_kinds() {
        let path = file("kinds");
        let mut conn = connect(&path, false).await;
        sqlx::raw_sql(
            "CREATE TABLE note (body TEXT NOT NULL CHECK (body <> ''));
             CREATE TRIGGER note_append_only BEFORE DELETE ON note
             BEGIN SELECT RAISE(ABORT, 'note is append-only'); END;
             INSERT INTO note VALUES ('kept');",
        )
        .execute(&mut conn)
        .await
        .unwrap();

        let check = refusal(&mut conn, "INSERT INTO note VALUES ('')").await;
        assert_eq!(
            check,
            StorageError::Rule {
                message: "CHECK constraint failed: body <> ''".into()
            }
        );
        let trigger = refusal(&mut conn, "DELETE FROM note").await;
        assert_eq!(trigger.to_string(), "database: note is append-only");
        assert!(matches!(trigger, StorageError::Rule { .. }));
        let missing = refusal(&mut conn, "SELECT * FROM nothing_here").await;
        assert_eq!(
            missing,
            StorageError::Refused {
                message: "no such table: nothing_here".into()
            }
        );

        // Another connection holding the write lock: busy once the (here zero)
        // busy timeout has passed.
        let mut other = connect(&path, false).await;
        sqlx::raw_sql("BEGIN IMMEDIATE")
            .execute(&mut other)
            .await
            .unwrap();
        let busy = refusal(&mut conn, "BEGIN IMMEDIATE").await;
        assert_eq!(
            busy,
            StorageError::Busy {
                message: "database is locked".into()
            }
        );
        other.close().await.unwrap();

        let mut reader = connect(&path, true).await;
        let read_only = refusal(&mut reader, "INSERT INTO note VALUES ('more')").await;
        assert_eq!(read_only, StorageError::ReadOnly);
        assert_eq!(
            read_only.to_string(),
            "database: the database file is read-only; nothing was written"
        );
        reader.close().await.unwrap();
        conn.close().await.unwrap();
        std::fs::remove_file(&path).unwrap();
    }

    /// The driver's own failures keep the words the library error printed.
    #[test]
    fn driver_failures_read_as_the_library_error_printed_them() {
        assert_eq!(
            StorageError::from(sqlx::Error::PoolTimedOut).to_string(),
            "database: timed out waiting for the database; another process holds it busy"
        );
        assert_eq!(
            StorageError::from(sqlx::Error::RowNotFound).to_string(),
            "database: no rows returned by a query that expected to return at least one row"
        );
        assert_eq!(
            StorageError::from(sqlx::Error::Decode("not JSON".into())),
            StorageError::Decode {
                message: "error occurred while decoding: not JSON".into()
            }
        );
        assert!(matches!(
            StorageError::from(sqlx::Error::PoolClosed),
            StorageError::Connection { .. }
        ));
        let migration = StorageError::from(MigrateError::VersionMissing(20251211000000));
        assert_eq!(
            migration.to_string(),
            format!(
                "migrating the database: {}",
                MigrateError::VersionMissing(20251211000000)
            )
        );
    }

    /// PostgreSQL's refusals sort by SQLSTATE into the same kinds: the rules'
    /// triggers (23000) and constraints are rules, a serialization failure or a lock
    /// not granted in time is busy, a read-only transaction's refusal keeps the
    /// server's words (a file's ReadOnly speaks of a file).
    #[test]
    fn postgres_refusals_sort_into_their_kinds() {
        let kind = |code: &str| postgres_kind(code, "said".into());
        let rule = StorageError::Rule {
            message: "said".into(),
        };
        for code in ["23000", "23505", "23514", "23503"] {
            assert_eq!(kind(code), rule, "{code}");
        }
        for code in ["40001", "40P01", "55P03"] {
            assert!(matches!(kind(code), StorageError::Busy { .. }), "{code}");
        }
        for code in ["08006", "28P01", "3D000", "53300", "57P01"] {
            assert!(
                matches!(kind(code), StorageError::Connection { .. }),
                "{code}"
            );
        }
        for code in ["25006", "57014", "42P01", "42501"] {
            assert_eq!(
                kind(code),
                StorageError::Refused {
                    message: "said".into()
                },
                "{code}"
            );
        }
    }

    /// The library error shows storage's text as it stands, control characters
    /// escaped.
    #[test]
    fn the_library_error_shows_it_escaped() {
        let error = crate::Error::from(StorageError::Rule {
            message: "slug '\u{1b}[31m' refused".into(),
        });
        assert_eq!(error.to_string(), r"database: slug '\u{1b}[31m' refused");
    }
}
