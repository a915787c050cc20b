//! Opening the database: pragmas, schema migrations and the write transaction.

use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::time::Duration;

use sqlx::Connection;
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};

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

/// What a look at an existing file, before opening it for writing, found.
struct Inspection {
    /// Migrations the file has applied.
    applied: usize,
    /// Whether the file is already in WAL mode.
    wal: bool,
}

impl Database {
    /// Opens the file for reading and writing, creating it and its schema if need be.
    ///
    /// An existing file is first inspected read-only: a file that is not a Parley
    /// database, or one written by a newer Parley, is refused before anything is
    /// written to it. An older one is copied beside itself, then upgraded in place.
    pub async fn open(path: &Path) -> Result<(Database, Opened)> {
        check_openable(path)?;
        if is_read_only(path) {
            // Respect the file's mode even for root: read it, write nothing.
            let db = Database::open_read_only(path).await?;
            if db.refuse_newer_schema().await? < MIGRATOR.iter().count() {
                return Err(Error::Open {
                    path: path.to_owned(),
                    message: "is read-only and needs a schema upgrade; make it writable first"
                        .into(),
                });
            }
            return Ok((db, Opened::Existing));
        }
        let inspection = inspect(path).await?;
        let known = MIGRATOR.iter().count();
        if let Some(Inspection { applied, .. }) = &inspection
            && *applied > 0
            && *applied < known
        {
            backup_before_upgrade(path, *applied).await?;
        }
        let mut options = base_options(path)?
            .create_if_missing(true)
            // Under WAL, FULL syncs the log at every commit: an import that reported
            // success survives a power cut, at the price of one fsync per import.
            .synchronous(SqliteSynchronous::Full)
            .busy_timeout(BUSY_TIMEOUT)
            .foreign_keys(true);
        // WAL is a lasting property of the file; switching to it takes a lock that
        // cannot wait for other writers, so it is set only when the file needs it.
        if !inspection.as_ref().is_some_and(|i| i.wal) {
            options = options.journal_mode(SqliteJournalMode::Wal);
        }
        let pool = SqlitePoolOptions::new()
            .max_connections(4)
            .connect_with(options)
            .await
            .map_err(|e| open_error(path, e))?;
        let db = Database {
            pool,
            path: path.to_owned(),
        };
        // The inspection already read the file's versions; a new file has none.
        let applied = inspection.map_or(0, |i| i.applied);
        let opened = db.migrate(applied).await?;
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

    pub async fn close(self) {
        self.pool.close().await;
    }

    /// Brings the schema up to date and says whether it was new. An up-to-date file is
    /// not written to at all, so opening never contends with other writers.
    async fn migrate(&self, applied: usize) -> Result<Opened> {
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
        let mut conn = self.pool.acquire().await?;
        let versions = Database::schema_versions(&mut conn)
            .await
            .map_err(|e| open_error(&self.path, e))?
            .unwrap_or_default();
        check_versions(&self.path, &versions)?;
        Ok(versions.len())
    }

    /// The migration versions a file has applied, or `None` if it has no migration
    /// table (a new file, or not Parley's).
    async fn schema_versions(conn: &mut sqlx::SqliteConnection) -> sqlx::Result<Option<Vec<i64>>> {
        let has_table: bool = sqlx::query_scalar(
            "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_sqlx_migrations')",
        )
        .fetch_one(&mut *conn)
        .await?;
        if !has_table {
            return Ok(None);
        }
        let versions = sqlx::query_scalar("SELECT version FROM _sqlx_migrations ORDER BY version")
            .fetch_all(&mut *conn)
            .await?;
        Ok(Some(versions))
    }

    /// Copies the database into the empty file `target` while others may be writing
    /// (`VACUUM INTO`): a consistent snapshot as of one moment.
    pub async fn copy_to(&self, target: &Path) -> Result<()> {
        let target = target.to_string_lossy().into_owned();
        sqlx::query("VACUUM INTO ?1")
            .bind(&target)
            .execute(&self.pool)
            .await?;
        Ok(())
    }
}

/// Whether the file exists and its permissions allow no one to write it.
fn is_read_only(path: &Path) -> bool {
    std::fs::metadata(path).is_ok_and(|m| m.permissions().readonly())
}

/// Looks at an existing, non-empty file without writing to it: `None` for a file
/// still to be created.
async fn inspect(path: &Path) -> Result<Option<Inspection>> {
    if std::fs::metadata(path)
        .map(|m| m.len() == 0)
        .unwrap_or(true)
    {
        return Ok(None);
    }
    let options = base_options(path)?
        .read_only(true)
        .busy_timeout(BUSY_TIMEOUT);
    let mut conn = sqlx::SqliteConnection::connect_with(&options)
        .await
        .map_err(|e| open_error(path, e))?;
    let probe = Database::schema_versions(&mut conn)
        .await
        .map_err(|e| open_error(path, e));
    let journal: String = sqlx::query_scalar("PRAGMA journal_mode")
        .fetch_one(&mut conn)
        .await
        .map_err(|e| open_error(path, e))?;
    let objects: i64 = sqlx::query_scalar("SELECT count(*) FROM sqlite_master")
        .fetch_one(&mut conn)
        .await
        .map_err(|e| open_error(path, e))?;
    conn.close().await.ok();
    let versions = probe?;
    if versions.is_none() && objects > 0 {
        return Err(Error::Open {
            path: path.to_owned(),
            message: "is a SQLite database, but not a Parley one; it was left as it was".into(),
        });
    }
    let versions = versions.unwrap_or_default();
    check_versions(path, &versions)?;
    Ok(Some(Inspection {
        applied: versions.len(),
        wal: journal.eq_ignore_ascii_case("wal"),
    }))
}

/// Refuses a file that has applied a migration this binary does not know.
fn check_versions(path: &Path, versions: &[i64]) -> Result<()> {
    let known = MIGRATOR.iter().map(|m| m.version).max().unwrap_or(0);
    match versions
        .iter()
        .find(|v| !MIGRATOR.iter().any(|m| m.version == **v))
    {
        Some(&found) => Err(Error::NewerSchema {
            path: path.to_owned(),
            found,
            known,
        }),
        None => Ok(()),
    }
}

/// Copies a file about to be upgraded to `<file>.pre-<version>.bak`, where
/// `<version>` is the schema it held, so that an upgrade can always be undone.
async fn backup_before_upgrade(path: &Path, applied: usize) -> Result<()> {
    let version = MIGRATOR
        .iter()
        .nth(applied - 1)
        .map(|m| m.version)
        .unwrap_or(0);
    let mut copy = path.as_os_str().to_owned();
    copy.push(format!(".pre-{version}.bak"));
    let copy = PathBuf::from(copy);
    if copy.exists() {
        // An earlier attempt made the copy already; keep the first one.
        return Ok(());
    }
    let options = base_options(path)?
        .read_only(true)
        .busy_timeout(BUSY_TIMEOUT);
    let mut conn = sqlx::SqliteConnection::connect_with(&options)
        .await
        .map_err(|e| open_error(path, e))?;
    let target = copy.to_string_lossy().into_owned();
    sqlx::query("VACUUM INTO ?1")
        .bind(&target)
        .execute(&mut conn)
        .await
        .map_err(|e| open_error(path, e))?;
    conn.close().await.ok();
    eprintln!(
        "parley: upgrading {} to this version's schema; the old file was copied to {}",
        path.display(),
        copy.display()
    );
    Ok(())
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
