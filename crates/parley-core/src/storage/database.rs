//! Opening the database: what the file is, pragmas, and creating or upgrading the
//! schema once, under the write lock, however many processes open it at once.

use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::time::{Duration, Instant};

use sqlx::sqlite::{SqliteConnectOptions, SqlitePool, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{Connection, SqliteConnection};

use super::Changes;
use super::error::is_busy;
use super::migration_log::{self, Applied, FOREIGN_LOG, Verdict};
use crate::domain::model::Dossier;
use crate::error::{Error, Result};

/// The migrations compiled into this binary.
pub static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("../../migrations");

/// How long a writer waits for another to finish before giving up. Imports of a
/// million records take seconds; a generous wait lets parallel analysts all succeed.
const BUSY_TIMEOUT: Duration = Duration::from_secs(60);

/// What opening found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Opened {
    /// The file did not exist, or held nothing yet: this process created the schema,
    /// and wrote the seed's records if it was given one (what it wrote).
    Created(Option<Box<Changes>>),
    /// A Parley database, brought up to date if it was older.
    Existing,
}

/// The records a new database starts with: called only by the process that creates
/// the file, inside the transaction that creates it (which also reads the clock).
pub type Seed<'a> = &'a dyn Fn() -> Result<Dossier>;

/// An open Parley database.
#[derive(Debug, Clone)]
pub struct Database {
    pool: SqlitePool,
    path: PathBuf,
}

/// What a file holds, as far as opening it is concerned. Anything else (another
/// application's file, a newer Parley's) is refused by [`classify`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Schema {
    /// No objects at all: a database still to be created.
    New,
    /// Parley's, with this many of this binary's migrations applied.
    Parley { applied: usize },
}

impl Database {
    /// Opens the file for reading and writing, creating it and its schema (with no
    /// records) if need be.
    pub async fn open(path: &Path) -> Result<(Database, Opened)> {
        Database::open_with(path, None).await
    }

    /// Opens the file for reading and writing. A file that does not exist or holds
    /// nothing is created, with `seed`'s records if given, in one transaction under
    /// the write lock: processes opening it at the same moment wait for that
    /// transaction and then find a complete database.
    ///
    /// An existing file is first inspected read-only: anything that is not a regular
    /// file, not a Parley database, or written by a newer Parley is refused before
    /// anything is written to it. An older one is copied beside itself, then upgraded
    /// in place, under the write lock.
    pub async fn open_with(path: &Path, seed: Option<Seed<'_>>) -> Result<(Database, Opened)> {
        check_openable(path)?;
        if is_read_only(path) {
            // Respect the file's mode even for root: read it, write nothing.
            let (db, schema) = Database::connect_read_only(path).await?;
            if schema != (Schema::Parley { applied: known() }) {
                db.close().await;
                return Err(Error::Open {
                    path: path.to_owned(),
                    message: "is read-only and needs a schema upgrade; make it writable first"
                        .into(),
                });
            }
            return Ok((db, Opened::Existing));
        }
        let inspected = inspect(path).await?;
        let options = base_options(path)?
            .create_if_missing(true)
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
        if !inspected.is_some_and(|i| i.wal) {
            db.enter_wal().await?;
        }
        // An up-to-date file is not written to at all, so opening never contends
        // with other writers.
        if inspected.is_some_and(|i| i.schema == Schema::Parley { applied: known() }) {
            return Ok((db, Opened::Existing));
        }
        let opened = db.create_or_upgrade(seed).await?;
        Ok((db, opened))
    }

    /// Opens an existing database so that no statement can change it. A path with no
    /// database yet (missing, empty, or holding no objects) is [`Error::NotCreated`].
    pub async fn open_read_only(path: &Path) -> Result<Database> {
        check_openable(path)?;
        Ok(Database::connect_read_only(path).await?.0)
    }

    /// Opens an up-to-date database read-only, on one connection, for a command that
    /// only reads: the schema is parsed once, and no lock but a reader's is ever taken.
    /// `None` when the file must first be created or upgraded ([`Database::open_with`]).
    pub async fn open_current_read_only(path: &Path) -> Result<Option<Database>> {
        check_openable(path)?;
        match Database::connect_read_only(path).await {
            Ok((db, schema)) if schema == (Schema::Parley { applied: known() }) => Ok(Some(db)),
            Ok((db, _)) => {
                db.close().await;
                Ok(None)
            }
            Err(Error::NotCreated { .. }) => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// A read-only connection to a file that holds Parley's schema (or an older one).
    async fn connect_read_only(path: &Path) -> Result<(Database, Schema)> {
        if !path.exists() {
            return Err(Error::NotCreated {
                path: path.to_owned(),
            });
        }
        let options = base_options(path)?
            .read_only(true)
            .busy_timeout(BUSY_TIMEOUT)
            .foreign_keys(true);
        let pool = SqlitePoolOptions::new()
            .max_connections(1)
            .connect_with(options)
            .await
            .map_err(|e| open_error(path, e))?;
        let mut conn = pool.acquire().await?;
        let schema = classify(&mut conn, path).await;
        drop(conn);
        let db = Database {
            pool,
            path: path.to_owned(),
        };
        match schema {
            Ok(schema @ Schema::Parley { .. }) => Ok((db, schema)),
            Ok(Schema::New) => {
                db.close().await;
                Err(Error::NotCreated {
                    path: path.to_owned(),
                })
            }
            Err(e) => {
                db.close().await;
                Err(e)
            }
        }
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

    /// Puts the file in WAL mode. Switching takes a lock that SQLite's busy timeout
    /// does not wait for, and cannot happen inside a transaction: retried for a
    /// while, since another process may be switching the same file at this moment.
    async fn enter_wal(&self) -> Result<()> {
        let deadline = Instant::now() + BUSY_TIMEOUT;
        let mut conn = self.pool.acquire().await?;
        loop {
            let mode = sqlx::query_scalar::<_, String>("PRAGMA journal_mode = WAL")
                .fetch_one(&mut *conn)
                .await;
            let waiting = match mode {
                Ok(mode) if mode.eq_ignore_ascii_case("wal") => return Ok(()),
                Ok(mode) => format!("the file stays in {mode} mode"),
                Err(e) if is_busy(&e) => e.to_string(),
                Err(e) => return Err(open_error(&self.path, e)),
            };
            if Instant::now() >= deadline {
                return Err(Error::Open {
                    path: self.path.clone(),
                    message: format!("could not switch to WAL mode: {waiting}"),
                });
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    /// Creates the schema (and writes the seed) or upgrades it, in one `BEGIN
    /// IMMEDIATE` transaction. What the file holds is read again once the lock is
    /// held: another process may have created or upgraded it meanwhile, and then
    /// there is nothing to do.
    async fn create_or_upgrade(&self, seed: Option<Seed<'_>>) -> Result<Opened> {
        let mut conn = self.pool.acquire().await?;
        let mut tx = conn.begin_with("BEGIN IMMEDIATE").await?;
        let opened = match classify(&mut tx, &self.path).await? {
            Schema::Parley { applied } if applied >= known() => {
                tx.rollback().await?;
                return Ok(Opened::Existing);
            }
            Schema::Parley { applied } => {
                self.copy_before_upgrade(applied).await?;
                Opened::Existing
            }
            Schema::New => Opened::Created(None),
        };
        // Inside a transaction, sqlx applies each migration in a savepoint (its
        // `begin` nests), so every migration and its `_sqlx_migrations` row commit
        // together with the seed, or not at all.
        let upgrading = matches!(opened, Opened::Existing);
        MIGRATOR
            .run(&mut *tx)
            .await
            .map_err(|e| self.not_upgraded(upgrading, e.into()))?;
        let opened = match (opened, seed) {
            (Opened::Created(_), Some(seed)) => {
                let changes = super::seed::insert_missing_in(&mut tx, seed()?).await?;
                Opened::Created(Some(Box::new(changes)))
            }
            (opened, _) => opened,
        };
        // Foreign keys a migration defers (one that rebuilds a table) are checked here.
        tx.commit()
            .await
            .map_err(|e| self.not_upgraded(upgrading, e.into()))?;
        Ok(opened)
    }

    /// An upgrade that failed says so, and what to run: the file is left as it was,
    /// and `parley check` (which reads an older file as it is) names the rows at
    /// fault, such as a row another client wrote with foreign keys off.
    fn not_upgraded(&self, upgrading: bool, error: Error) -> Error {
        if !upgrading {
            return error;
        }
        Error::Open {
            path: self.path.clone(),
            message: format!(
                "could not be upgraded to this version's schema ({error}); it is left as it was: \
                 `parley check` lists the rows at fault"
            ),
        }
    }

    /// Copies a file about to be upgraded to `<file>.pre-<version>.bak`, where
    /// `<version>` is the schema it holds, so that an upgrade can always be undone.
    /// Called with the write lock held, so the copy is the file as it is upgraded.
    async fn copy_before_upgrade(&self, applied: usize) -> Result<()> {
        let version = MIGRATOR
            .iter()
            .nth(applied.saturating_sub(1))
            .map_or(0, |m| m.version);
        let mut copy = self.path.as_os_str().to_owned();
        copy.push(format!(".pre-{version}.bak"));
        let copy = PathBuf::from(copy);
        if copy.exists() {
            // An earlier attempt made the copy already; keep the first one.
            return Ok(());
        }
        let file = crate::output::NewFile::reserve("--db", &copy, &self.path)?;
        // Another connection: VACUUM cannot run inside this one's transaction.
        let options = base_options(&self.path)?
            .read_only(true)
            .busy_timeout(BUSY_TIMEOUT);
        let mut reader = SqliteConnection::connect_with(&options)
            .await
            .map_err(|e| open_error(&self.path, e))?;
        let target = file.path().to_string_lossy().into_owned();
        let copied = sqlx::query("VACUUM INTO ?1")
            .bind(&target)
            .execute(&mut reader)
            .await;
        reader.close().await.ok();
        copied.map_err(|e| open_error(&self.path, e))?;
        file.commit()?;
        eprintln!(
            "parley: upgrading {} to this version's schema; the old file was copied to {}",
            self.path.display(),
            copy.display()
        );
        Ok(())
    }
}

/// How many migrations this binary holds.
fn known() -> usize {
    MIGRATOR.iter().count()
}

/// What an existing file was found to be, by a read-only look before opening it for
/// writing.
#[derive(Debug, Clone, Copy)]
struct Inspection {
    schema: Schema,
    /// Whether the file is already in WAL mode.
    wal: bool,
}

/// Looks at an existing, non-empty file without writing to it: `None` for a file
/// still to be created. A file that is not Parley's, or a newer Parley's, is refused.
async fn inspect(path: &Path) -> Result<Option<Inspection>> {
    if std::fs::metadata(path).map_or(true, |m| m.len() == 0) {
        return Ok(None);
    }
    let options = base_options(path)?
        .read_only(true)
        .busy_timeout(BUSY_TIMEOUT);
    let mut conn = SqliteConnection::connect_with(&options)
        .await
        .map_err(|e| open_error(path, e))?;
    let schema = classify(&mut conn, path).await;
    let journal = sqlx::query_scalar::<_, String>("PRAGMA journal_mode")
        .fetch_one(&mut conn)
        .await
        .map_err(|e| open_error(path, e));
    conn.close().await.ok();
    Ok(Some(Inspection {
        schema: schema?,
        wal: journal?.eq_ignore_ascii_case("wal"),
    }))
}

/// Says what a file holds; refuses another application's file and a newer Parley's.
///
/// A file with no objects at all is new. Any other file is Parley's only if its
/// `_sqlx_migrations` holds Parley's first migration (version, description and
/// checksum); then a version this binary does not know means a newer Parley wrote it.
/// (The queries are not checked at compile time: the schema the query macros are
/// checked against has no `_sqlx_migrations`.)
async fn classify(conn: &mut SqliteConnection, path: &Path) -> Result<Schema> {
    let objects: i64 = sqlx::query_scalar("SELECT count(*) FROM sqlite_master")
        .fetch_one(&mut *conn)
        .await
        .map_err(|e| open_error(path, e))?;
    if objects == 0 {
        return Ok(Schema::New);
    }
    let foreign = |why: &str| Error::Open {
        path: path.to_owned(),
        message: format!(
            "is a SQLite database, but not a Parley one ({why}); it was left as it was"
        ),
    };
    let has_migrations: bool = sqlx::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_sqlx_migrations')",
    )
    .fetch_one(&mut *conn)
    .await
    .map_err(|e| open_error(path, e))?;
    if !has_migrations {
        return Err(foreign("it has no migration table"));
    }
    let applied: Vec<Applied> = sqlx::query_as(
        "SELECT version, description, checksum FROM _sqlx_migrations ORDER BY version",
    )
    .fetch_all(&mut *conn)
    .await
    .map_err(|e| open_error(path, e))?;
    match migration_log::judge(&applied, &MIGRATOR) {
        Verdict::Parley { applied } => Ok(Schema::Parley { applied }),
        Verdict::Foreign => Err(foreign(FOREIGN_LOG)),
        Verdict::Newer { found, known } => Err(Error::NewerSchema {
            path: path.to_owned(),
            found,
            known,
        }),
    }
}

/// Whether the file exists and its permissions allow no one to write it.
fn is_read_only(path: &Path) -> bool {
    std::fs::metadata(path).is_ok_and(|m| m.permissions().readonly())
}

fn base_options(path: &Path) -> Result<SqliteConnectOptions> {
    Ok(SqliteConnectOptions::from_str("sqlite:")
        .map_err(|e| open_error(path, e))?
        .filename(path))
}

/// Refuses, before SQLite touches it, a path that cannot hold a database: anything
/// but a regular file (judged from its metadata, following symbolic links, without
/// opening it: opening a FIFO waits for a writer), a missing folder, or a file that
/// is not SQLite.
fn check_openable(path: &Path) -> Result<()> {
    let fail = |message: String| {
        Err(Error::Open {
            path: path.to_owned(),
            message,
        })
    };
    let meta = match std::fs::metadata(path) {
        Ok(meta) => meta,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            if let Some(parent) = path.parent()
                && !parent.as_os_str().is_empty()
                && !parent.is_dir()
            {
                return fail(format!(
                    "the folder {} does not exist; create it first",
                    parent.display()
                ));
            }
            return Ok(());
        }
        Err(e) => return Err(Error::io(path, e)),
    };
    if !meta.is_file() {
        return fail(format!(
            "is {}, not a regular file; a database is a regular file (or a path that does not exist yet)",
            file_kind(&meta)
        ));
    }
    use std::io::Read;
    let mut header = [0u8; 16];
    let mut file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    let read = file.read(&mut header).map_err(|e| Error::io(path, e))?;
    // An empty file is an empty database; anything else must carry SQLite's header.
    if read > 0 && (read < header.len() || &header != b"SQLite format 3\0") {
        return fail("is not a SQLite database; it was left as it was".into());
    }
    Ok(())
}

/// What a file that is not a regular file is, in words.
fn file_kind(meta: &std::fs::Metadata) -> &'static str {
    let kind = meta.file_type();
    if kind.is_dir() {
        return "a directory";
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            return "a FIFO (named pipe)";
        }
        if kind.is_socket() {
            return "a socket";
        }
        if kind.is_char_device() {
            return "a character device";
        }
        if kind.is_block_device() {
            return "a block device";
        }
    }
    "a special file"
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
