//! The PostgreSQL backend: connecting to a server named by a
//! `postgres://` URL, creating or upgrading its schema (migrations/postgres/), the
//! roles (sql/postgres/roles.sql), and telling a Parley database from an empty one,
//! another application's or a newer Parley's. Moving a timeline between a file and a
//! server is [`transfer`]'s; the schema's documentation and read-only queries
//! are [`schema`]'s and [`sql`]'s. Edits ([`edit`]), retractions ([`retract`]), a
//! history export's import ([`history_import`]) and `check` ([`check`]) take the
//! file's paths with the server's statements; every write takes the write lock and
//! logs itself as on a file ([`write_log`]).
//!
//! The reads `report`, `diff`, `timeline` and name resolution are built on are
//! `Server` methods of the same names, arguments and row types as `Database`'s,
//! each statement the SQLite one's meaning: [`catalog`], [`rounds`], [`report`],
//! [`diff`], [`history`], [`template`], [`retraction`]; instants cross as
//! `timestamptz` (`parley_core::storage::instant_on_server`). What the rows go through in Rust (vocabulary checks,
//! catalogs, a round name's lookup and errors) is one function both backends call.
//! So are the listings ([`listing`], [`persons`]) and the export ([`export`], whose
//! rows become round files in `storage/export_rows.rs` for both backends).
//!
//! Writes through the import (every logging command, `import`, `seed`, a seeded
//! `init`) are [`import`]'s: the planner's `Store` on the server, one transaction per
//! import behind Parley's advisory write lock, ids from the identity sequences; and
//! [`seed`]'s, which adds what the database lacks.
//!
//! Its static statements are checked at compile time against a PostgreSQL database
//! (this crate's `sqlx.toml` and `.sqlx/`; `scripts/sqlx-prepare` prepares them on a
//! throwaway server), and their results on every call by tests/postgres_reads.rs and
//! tests/postgres_edits.rs against the SQLite statement's. Statements built at run
//! time (a table or a batch chosen in code) say so where they are built.

mod catalog;
mod check;
mod diff;
mod edit;
mod export;
mod history;
mod history_export;
mod history_import;
mod import;
mod listing;
mod persons;
mod report;
mod retract;
mod retraction;
mod rounds;
mod schema;
mod search;
mod seed;
mod sql;
mod template;
pub mod transfer;
mod url;
mod write_log;

use std::time::Duration;

use sqlx::postgres::{PgConnectOptions, PgPool, PgPoolOptions};
use sqlx::{Connection, PgConnection};

pub use self::url::ServerUrl;
use parley_core::error::{Error, Result};
use parley_core::storage::migration_log::{self, Applied, FOREIGN_LOG, Verdict};
use parley_core::storage::{Opened, Seed};

/// The key of the transaction-scoped advisory lock (`pg_advisory_xact_lock`) every
/// Parley writer takes before it reads what it will write on, as `BEGIN IMMEDIATE`
/// does on a file: "parley" in ASCII. Creating the schema takes it too, so that two
/// processes using a new database at once create it once.
///
/// An advisory lock rather than `LOCK TABLE write_log IN EXCLUSIVE MODE`: it blocks
/// no one but another writer (readers, `parley sql`, a backup's snapshot and other
/// clients' plain reads of any table go on), needs no privilege on a table, and,
/// being transaction-scoped, is released by the commit or rollback, or by the server
/// when the session dies. It waits at most the session's `lock_timeout`.
pub const WRITE_LOCK: i64 = 0x7061_726c_6579;

/// The PostgreSQL migrations compiled into this binary.
pub static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("../../migrations/postgres");

/// The roles, run by `parley init --roles` (a superuser's work: it creates roles).
const ROLES: &str = include_str!("../../../sql/postgres/roles.sql");

/// How long one statement may run on the server before it is stopped, unless the
/// command sets its own (a copy lifts it; `parley sql` has `--timeout`).
pub const STATEMENT_TIMEOUT: Duration = Duration::from_secs(60);

/// How long a statement waits for a lock another session holds before giving up, as
/// SQLite's busy timeout does for a file.
const LOCK_TIMEOUT: Duration = Duration::from_secs(60);

/// What a server's database holds, as far as Parley is concerned. Another
/// application's database, or a newer Parley's, is refused by [`Server::classify`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ServerSchema {
    /// No tables at all: a database still to be created.
    New,
    /// Parley's, with this many of this binary's migrations applied.
    Parley { applied: usize },
}

impl ServerSchema {
    /// Whether the schema is this binary's, up to date.
    pub fn is_current(self) -> bool {
        self == ServerSchema::Parley { applied: known() }
    }
}

/// A role that `init --roles` found on the server after running roles.sql.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Role {
    pub name: String,
    pub comment: String,
}

/// A connection pool to one database on a PostgreSQL server.
#[derive(Debug, Clone)]
pub struct Server {
    pool: PgPool,
    url: ServerUrl,
}

impl Server {
    /// Connects to the database `url` names: a small pool whose sessions call
    /// themselves `parley` (pg_stat_activity shows it) and stop a statement that runs
    /// past [`STATEMENT_TIMEOUT`] or waits for a lock past a minute.
    pub async fn connect(url: &ServerUrl) -> Result<Server> {
        let options: PgConnectOptions = url
            .expose()
            .parse()
            .map_err(|e: sqlx::Error| url.error(e.to_string()))?;
        let options = options.application_name("parley").options([
            ("statement_timeout", millis(STATEMENT_TIMEOUT)),
            ("lock_timeout", millis(LOCK_TIMEOUT)),
        ]);
        // A server that cannot be reached is said at once, in its own words: the pool
        // would retry until its timeout, which reads as a busy database.
        let probe = PgConnection::connect_with(&options)
            .await
            .map_err(|e| url.error(format!("cannot connect: {e}")))?;
        probe.close().await.ok();
        let pool = PgPoolOptions::new()
            .max_connections(4)
            .acquire_timeout(Duration::from_secs(30))
            .connect_with(options)
            .await
            .map_err(|e| url.error(parley_core::storage::StorageError::from(e).to_string()))?;
        Ok(Server {
            pool,
            url: url.clone(),
        })
    }

    /// Connects to a database that holds Parley's schema, up to date: one that holds
    /// nothing yet, another application's, an older or a newer Parley's is refused,
    /// saying what to run.
    pub async fn open(url: &ServerUrl) -> Result<Server> {
        let server = Server::connect(url).await?;
        let schema = server.classify().await;
        match schema {
            Ok(schema) if schema.is_current() => Ok(server),
            Ok(ServerSchema::New) => {
                server.close().await;
                Err(url.error(
                    "holds no Parley timeline yet: create the schema with `parley --db URL init \
                     --empty`, or move a file there with `parley copy --from FILE --to URL`",
                ))
            }
            Ok(ServerSchema::Parley { .. }) => {
                server.close().await;
                Err(url.error(
                    "holds an older Parley schema; bring it up to date with `parley --db URL init \
                     --empty`",
                ))
            }
            Err(e) => {
                server.close().await;
                Err(e)
            }
        }
    }

    /// Connects to the database `url` names and opens it as a file is opened: one
    /// that holds nothing yet gets Parley's schema, with the records `seed` gives when
    /// given one, and an older Parley's is brought up to date, each in one transaction
    /// (what was created is said by [`Opened`]); another application's database, or a
    /// newer Parley's, is refused.
    pub async fn open_with(url: &ServerUrl, seed: Option<Seed<'_>>) -> Result<(Server, Opened)> {
        let server = Server::connect(url).await?;
        let opened = match server.classify().await {
            Ok(schema) if schema.is_current() => Ok(Opened::Existing),
            Ok(_) => match seed {
                Some(seed) => server
                    .create_with_seed(seed)
                    .await
                    .map(|created| match created {
                        Some(changes) => Opened::Created(Some(Box::new(changes))),
                        None => Opened::Existing,
                    }),
                None => server
                    .create_or_upgrade()
                    .await
                    .map(|created| match created {
                        true => Opened::Created(None),
                        false => Opened::Existing,
                    }),
            },
            Err(e) => Err(e),
        };
        match opened {
            Ok(opened) => Ok((server, opened)),
            Err(e) => {
                server.close().await;
                Err(e)
            }
        }
    }

    pub fn pool(&self) -> &PgPool {
        &self.pool
    }

    pub fn url(&self) -> &ServerUrl {
        &self.url
    }

    pub async fn close(self) {
        self.pool.close().await;
    }

    /// What the database holds; another application's database and a newer Parley's
    /// are refused.
    pub async fn classify(&self) -> Result<ServerSchema> {
        let mut conn = self.pool.acquire().await?;
        classify(&mut conn, &self.url).await
    }

    /// Creates the schema on a database that holds nothing, or brings Parley's up to
    /// date, in one transaction (sqlx's migrator also takes an advisory lock, so that
    /// two processes initialising one database at once apply each migration once).
    /// `Created` if the database held nothing.
    pub async fn create_or_upgrade(&self) -> Result<bool> {
        let mut conn = self.pool.acquire().await?;
        let mut tx = conn.begin().await?;
        let created = create_or_upgrade_in(&mut tx, &self.url).await?;
        tx.commit().await?;
        Ok(created)
    }

    /// Runs sql/postgres/roles.sql (creating parley_writer and parley_reader, if
    /// missing, and their grants) and reads back the roles it made, with their
    /// comments.
    pub async fn create_roles(&self) -> Result<Vec<Role>> {
        let mut conn = self.pool.acquire().await?;
        sqlx::raw_sql(ROLES)
            .execute(&mut *conn)
            .await
            .map_err(|e| {
                self.url.error(format!(
                    "the roles could not be created ({}); --roles needs a superuser's login",
                    parley_core::storage::StorageError::from(e)
                ))
            })?;
        let roles = sqlx::query!(
            r#"SELECT rolname::text AS "name!", shobj_description(oid, 'pg_authid') AS comment
               FROM pg_roles WHERE rolname IN ('parley_writer', 'parley_reader')
               ORDER BY rolname DESC"#
        )
        .fetch_all(&mut *conn)
        .await?;
        Ok(roles
            .into_iter()
            .map(|role| Role {
                name: role.name,
                comment: role.comment.unwrap_or_default(),
            })
            .collect())
    }
}

/// [`Server::create_or_upgrade`] inside the caller's transaction (a copy creates the
/// schema and its rows in one). True if the database held nothing.
pub(crate) async fn create_or_upgrade_in(conn: &mut PgConnection, url: &ServerUrl) -> Result<bool> {
    // An up-to-date schema needs no lock (a writer of this process may hold it, e.g.
    // `import --history`, whose copy opens the schema here).
    if classify(conn, url).await?.is_current() {
        return Ok(false);
    }
    // Another process creating the schema at this moment has committed by the time the
    // lock is ours, and is seen.
    write_log::lock(&mut *conn).await?;
    let schema = classify(conn, url).await?;
    if schema.is_current() {
        return Ok(false);
    }
    MIGRATOR.run(&mut *conn).await?;
    Ok(schema == ServerSchema::New)
}

/// How many migrations this binary holds.
fn known() -> usize {
    MIGRATOR.iter().count()
}

/// Says what the database holds; refuses another application's and a newer Parley's.
/// A database with no table or view outside PostgreSQL's own schemas is new; any
/// other is Parley's only if its `_sqlx_migrations` holds Parley's first PostgreSQL
/// migration (version, description and checksum); then a version this binary does not
/// know means a newer Parley wrote it (the same refusal as for a file).
pub(crate) async fn classify(conn: &mut PgConnection, url: &ServerUrl) -> Result<ServerSchema> {
    let objects = sqlx::query_scalar!(
        r#"SELECT count(*) AS "objects!" FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
           WHERE c.relkind IN ('r', 'v', 'm', 'p', 'f')
             AND n.nspname NOT IN ('pg_catalog', 'information_schema')
             AND n.nspname NOT LIKE 'pg\_%'"#
    )
    .fetch_one(&mut *conn)
    .await?;
    if objects == 0 {
        return Ok(ServerSchema::New);
    }
    let foreign = |why: &str| {
        url.error(format!(
            "holds tables, but not a Parley timeline ({why}); it was left as it was"
        ))
    };
    let has_migrations = sqlx::query_scalar!(
        r#"SELECT to_regclass('public._sqlx_migrations') IS NOT NULL AS "has_migrations!""#
    )
    .fetch_one(&mut *conn)
    .await?;
    if !has_migrations {
        return Err(foreign("it has no migration table"));
    }
    // Not a macro: sqlx's own table, which a database migrated without sqlx's migrator
    // (scripts/sqlx-prepare's, by psql) does not hold to check it against.
    let applied: Vec<Applied> = sqlx::query_as(
        "SELECT version, description, checksum FROM public._sqlx_migrations ORDER BY version",
    )
    .fetch_all(&mut *conn)
    .await?;
    match migration_log::judge(&applied, &MIGRATOR) {
        Verdict::Parley { applied } => Ok(ServerSchema::Parley { applied }),
        Verdict::Foreign => Err(foreign(FOREIGN_LOG)),
        Verdict::Newer { found, known } => Err(Error::NewerSchema {
            path: url.to_string().into(),
            found,
            known,
        }),
    }
}

/// A duration as PostgreSQL's settings take it.
fn millis(duration: Duration) -> String {
    format!("{}ms", duration.as_millis())
}

parley_core::implement_storage_by_inherent_methods!(Server);
