//! Opening the database: pragmas, schema migrations and the write transaction.

use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::time::Duration;

use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};
use sqlx::{Sqlite, Transaction};

use crate::error::{Error, Result};

/// The migrations compiled into this binary.
pub static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!();

/// How long a writer waits for another to finish before giving up. Imports of a
/// million records take seconds; a generous wait lets parallel analysts all succeed.
const BUSY_TIMEOUT: Duration = Duration::from_secs(60);

/// What opening found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Opened {
    /// The file did not exist, or held no schema yet: it was just set up.
    Created,
    /// A Parley database, brought up to date if it was older.
    Existing,
}

/// An open Parley database.
#[derive(Debug, Clone)]
pub struct Database {
    pool: SqlitePool,
    path: PathBuf,
}

impl Database {
    /// Opens the file for reading and writing, creating it and its schema if need be.
    pub async fn open(path: &Path) -> Result<(Database, Opened)> {
        check_openable(path)?;
        let options = base_options(path)?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            // Under WAL, FULL syncs the log at every commit: an import that reported
            // success survives a power cut, at the price of one fsync per import.
            .synchronous(SqliteSynchronous::Full)
            .busy_timeout(BUSY_TIMEOUT)
            .foreign_keys(true);
        let pool = SqlitePoolOptions::new()
            .max_connections(4)
            .connect_with(options)
            .await
            .map_err(|e| open_error(path, e))?;
        let db = Database {
            pool,
            path: path.to_owned(),
        };
        let opened = db.migrate().await?;
        Ok((db, opened))
    }

    /// Opens an existing database so that no statement can change it.
    pub async fn open_read_only(path: &Path) -> Result<Database> {
        if !path.exists() {
            return Err(Error::Open {
                path: path.to_owned(),
                message: "no such database; run `parley init` to create it".into(),
            });
        }
        check_openable(path)?;
        let options = base_options(path)?
            .read_only(true)
            .busy_timeout(BUSY_TIMEOUT)
            .foreign_keys(true);
        let pool = SqlitePoolOptions::new()
            .max_connections(1)
            .connect_with(options)
            .await
            .map_err(|e| open_error(path, e))?;
        let db = Database {
            pool,
            path: path.to_owned(),
        };
        db.refuse_newer_schema().await?;
        Ok(db)
    }

    pub fn pool(&self) -> &SqlitePool {
        &self.pool
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Begins a write transaction that takes the write lock at once, waiting (up to
    /// the busy timeout) while another writer holds it. A deferred transaction would
    /// instead fail when it tried to upgrade from reading to writing.
    pub async fn begin_write(&self) -> Result<Transaction<'static, Sqlite>> {
        Ok(self.pool.begin_with("BEGIN IMMEDIATE").await?)
    }

    pub async fn close(self) {
        self.pool.close().await;
    }

    /// Brings the schema up to date and says whether it was new. An up-to-date file is
    /// not written to at all, so opening never contends with other writers.
    async fn migrate(&self) -> Result<Opened> {
        let applied = self.refuse_newer_schema().await?;
        let opened = if applied == 0 {
            Opened::Created
        } else {
            Opened::Existing
        };
        if applied == MIGRATOR.iter().count() {
            return Ok(opened);
        }
        if let Err(error) = MIGRATOR.run(&self.pool).await {
            // Another process may have created or upgraded the file at the same moment;
            // what matters is that the schema is now complete.
            if self.refuse_newer_schema().await? != MIGRATOR.iter().count() {
                return Err(error.into());
            }
        }
        Ok(opened)
    }

    /// The number of migrations the file has applied; an error, before anything is
    /// written, if it has one this binary does not know.
    async fn refuse_newer_schema(&self) -> Result<usize> {
        let has_table: bool = sqlx::query_scalar(
            "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_sqlx_migrations')",
        )
        .fetch_one(&self.pool)
        .await
        .map_err(|e| open_error(&self.path, e))?;
        if !has_table {
            return Ok(0);
        }
        let versions: Vec<i64> =
            sqlx::query_scalar("SELECT version FROM _sqlx_migrations ORDER BY version")
                .fetch_all(&self.pool)
                .await?;
        let known = MIGRATOR.iter().map(|m| m.version).max().unwrap_or(0);
        if let Some(&found) = versions
            .iter()
            .find(|v| !MIGRATOR.iter().any(|m| m.version == **v))
        {
            return Err(Error::NewerSchema {
                path: self.path.clone(),
                found,
                known,
            });
        }
        Ok(versions.len())
    }
}

fn base_options(path: &Path) -> Result<SqliteConnectOptions> {
    Ok(SqliteConnectOptions::from_str("sqlite:")
        .map_err(|e| open_error(path, e))?
        .filename(path))
}

/// Refuses, before SQLite touches it, a path that cannot hold a database: a
/// directory, a missing folder, or a file that is not SQLite.
fn check_openable(path: &Path) -> Result<()> {
    let fail = |message: String| {
        Err(Error::Open {
            path: path.to_owned(),
            message,
        })
    };
    if path.is_dir() {
        return fail("is a directory; expected a database file".into());
    }
    if let Some(parent) = path.parent()
        && !parent.as_os_str().is_empty()
        && !parent.is_dir()
    {
        return fail(format!(
            "the folder {} does not exist; create it first",
            parent.display()
        ));
    }
    if path.exists() {
        use std::io::Read;
        let mut header = [0u8; 16];
        let mut file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
        let read = file.read(&mut header).map_err(|e| Error::io(path, e))?;
        // An empty file is an empty database; anything else must carry SQLite's header.
        if read > 0 && (read < header.len() || &header != b"SQLite format 3\0") {
            return fail("is not a SQLite database; it was left as it was".into());
        }
    }
    Ok(())
}

fn open_error(path: &Path, error: sqlx::Error) -> Error {
    let message = match &error {
        sqlx::Error::Database(db) => db.message().to_owned(),
        other => other.to_string(),
    };
    Error::Open {
        path: path.to_owned(),
        message,
    }
}
