//! A database of its own on the test PostgreSQL server, for each test that needs one.
//!
//! The server is named by `PARLEY_TEST_POSTGRES` (a URL to a superuser's connection:
//! `scripts/postgres-test-server start` prints one, and `.ci/run` sets it). Where it is
//! unset the test is skipped with a note on stderr, except in CI, where it fails.
//!
//! Tests reach it as `common::postgres`; the harness puts every test's database here
//! when `PARLEY_TEST_BACKEND=postgres` ([`super::TestEnv`]).
#![allow(dead_code)]

use std::io::Write;
use std::sync::atomic::{AtomicUsize, Ordering};

use sqlx::postgres::PgConnectOptions;
use sqlx::{ConnectOptions, Connection, PgConnection};

/// A fresh database on the test server, dropped (with the login roles the test made)
/// when this is dropped.
pub struct PgDatabase {
    pub name: String,
    /// PARLEY_TEST_POSTGRES as given.
    server_url: String,
    server: PgConnectOptions,
    logins: std::sync::Mutex<Vec<String>>,
    runtime: tokio::runtime::Runtime,
}

impl PgDatabase {
    /// A new, empty database; None (with a note) where no test server is configured.
    pub fn new() -> Option<Self> {
        let database = Self::unnamed()?;
        database.admin(&format!("CREATE DATABASE {}", database.name));
        Some(database)
    }

    /// A new database holding what `make` writes on a database that holds nothing
    /// (`parley init`, say): a copy (`CREATE DATABASE … TEMPLATE`) of a template that
    /// `make` builds once per server and per build of the binary, named
    /// `parley_template_<kind>_<build>`, which is far cheaper than running the
    /// migrations and the seed for every test. `make` gets the template's URL.
    pub fn copy_of(kind: &str, make: impl FnOnce(&str)) -> Option<Self> {
        let database = Self::unnamed()?;
        let template = format!("parley_template_{kind}_{:016x}", build_stamp());
        database.ensure_template(&template, make);
        database.admin(&format!(
            "CREATE DATABASE {} TEMPLATE {template}",
            database.name
        ));
        Some(database)
    }

    /// Builds `template` with `make` unless the server holds it already. Processes
    /// running at once build it once: the first holds an advisory lock while it
    /// builds under another name and renames the result, so a template is never seen
    /// half made (one left half made by a failed build is dropped by the next).
    fn ensure_template(&self, template: &str, make: impl FnOnce(&str)) {
        static READY: std::sync::Mutex<Vec<String>> = std::sync::Mutex::new(Vec::new());
        if READY.lock().unwrap().iter().any(|t| t == template) {
            return;
        }
        let building = format!("{template}_building");
        let mut conn = self
            .block_on(self.server.connect())
            .expect("connect to PARLEY_TEST_POSTGRES");
        let run = |conn: &mut PgConnection, sql: String| {
            self.block_on(sqlx::raw_sql(sqlx::AssertSqlSafe(sql.clone())).execute(&mut *conn))
                .unwrap_or_else(|e| panic!("{sql}: {e}"));
        };
        // Session-level: released when the connection ends, even if `make` panics.
        run(
            &mut conn,
            format!("SELECT pg_advisory_lock({TEMPLATE_LOCK})"),
        );
        let exists: bool = self
            .block_on(
                sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)")
                    .bind(template)
                    .fetch_one(&mut conn),
            )
            .expect("look the template up");
        if !exists {
            run(
                &mut conn,
                format!("DROP DATABASE IF EXISTS {building} WITH (FORCE)"),
            );
            run(&mut conn, format!("CREATE DATABASE {building}"));
            make(&self.url_of(&building, None));
            run(
                &mut conn,
                format!("ALTER DATABASE {building} RENAME TO {template}"),
            );
        }
        run(
            &mut conn,
            format!("SELECT pg_advisory_unlock({TEMPLATE_LOCK})"),
        );
        self.block_on(conn.close()).ok();
        READY.lock().unwrap().push(template.to_owned());
    }

    /// A database's handle, named but not created yet; None (with a note) where no
    /// test server is configured.
    fn unnamed() -> Option<Self> {
        let Some(url) = std::env::var_os("PARLEY_TEST_POSTGRES") else {
            assert!(
                std::env::var_os("CI").is_none(),
                "PostgreSQL is required in CI (.ci/run starts one and sets PARLEY_TEST_POSTGRES)"
            );
            // Printed past libtest's capture, so that a plain `cargo test` shows it.
            let _ = writeln!(
                std::io::stderr(),
                "note: PARLEY_TEST_POSTGRES is not set (run `export PARLEY_TEST_POSTGRES=$(scripts/postgres-test-server start)`); \
                 skipping the PostgreSQL test"
            );
            return None;
        };
        let url = url.into_string().expect("PARLEY_TEST_POSTGRES is UTF-8");
        let server: PgConnectOptions = url
            .parse()
            .expect("PARLEY_TEST_POSTGRES is a postgres:// URL");
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        let name = format!(
            "parley_test_{}_{}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::Relaxed)
        );
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("a tokio runtime");
        Some(PgDatabase {
            name,
            server_url: url,
            server,
            logins: Default::default(),
            runtime,
        })
    }

    /// Runs `future` to its end on this database's runtime.
    pub fn block_on<F: std::future::Future>(&self, future: F) -> F::Output {
        self.runtime.block_on(future)
    }

    /// Connection options for this database, as the server's user or as `user`.
    pub fn options(&self, user: Option<&str>) -> PgConnectOptions {
        let options = self.server.clone().database(&self.name);
        match user {
            Some(user) => options.username(user),
            None => options,
        }
    }

    /// The URL of this database for `parley --db`, as the server's user or as `user`:
    /// the server's URL with its database (and user) replaced, its parameters (the
    /// socket's folder) kept.
    pub fn url(&self, user: Option<&str>) -> String {
        self.url_of(&self.name, user)
    }

    /// The URL of `database` on this server, as the server's user or as `user`.
    fn url_of(&self, database: &str, user: Option<&str>) -> String {
        let (scheme, rest) = self.server_url.split_once("://").expect("a URL");
        let (rest, query) = match rest.split_once('?') {
            Some((rest, query)) => (rest, format!("?{query}")),
            None => (rest, String::new()),
        };
        let authority = rest
            .split_once('/')
            .map_or(rest, |(authority, _)| authority);
        let authority = match (user, authority.rsplit_once('@')) {
            (Some(user), Some((_, host))) => format!("{user}@{host}"),
            (Some(user), None) => format!("{user}@{authority}"),
            (None, _) => authority.to_owned(),
        };
        format!("{scheme}://{authority}/{database}{query}")
    }

    /// psql's arguments to connect to this database, as the server's user or as `user`.
    pub fn psql_args(&self, user: Option<&str>) -> Vec<String> {
        let options = self.options(user);
        let host = match options.get_socket() {
            Some(socket) => socket.display().to_string(),
            None => options.get_host().to_owned(),
        };
        vec![
            "-h".into(),
            host,
            "-p".into(),
            options.get_port().to_string(),
            "-U".into(),
            options.get_username().to_owned(),
            "-d".into(),
            self.name.clone(),
        ]
    }

    /// A connection to this database, as the server's user or as `user`.
    pub async fn connect(&self, user: Option<&str>) -> PgConnection {
        self.options(user)
            .connect()
            .await
            .unwrap_or_else(|e| panic!("connect to {} as {user:?}: {e}", self.name))
    }

    /// Runs a query and returns every row as text ("NULL" for null), as
    /// `TestEnv::query` does for a file: each row read as JSON, so that any column
    /// type becomes text without naming it.
    pub fn query_text(&self, sql: &str) -> Vec<Vec<String>> {
        // One statement, whose closing semicolon would end the wrapped one.
        let inner = sql.trim_end().trim_end_matches(';');
        let wrapped = format!("SELECT row_to_json(q)::text FROM ({inner}) AS q");
        let rows: Vec<String> = self.block_on(async {
            let mut conn = self.connect(None).await;
            let rows = sqlx::query_scalar(sqlx::AssertSqlSafe(wrapped))
                .fetch_all(&mut conn)
                .await
                .unwrap_or_else(|e| panic!("{sql}: {e}"));
            conn.close().await.ok();
            rows
        });
        rows.iter()
            .map(|row| {
                let Cells(cells) = serde_json::from_str(row).expect("a JSON object");
                cells.into_iter().map(as_a_file_writes_it).collect()
            })
            .collect()
    }

    /// Every row of every table, as text, as `common::dump_file` writes a file's:
    /// equal dumps mean nothing was written. The migration log is left out (it
    /// records when the schema was made); "<no database>" when there is no schema yet.
    pub fn dump(&self) -> String {
        let tables = self.query_text(
            "SELECT tablename::text FROM pg_tables WHERE schemaname = 'public'
               AND tablename <> '_sqlx_migrations' ORDER BY tablename COLLATE \"C\"",
        );
        if tables.is_empty() {
            return "<no database>".into();
        }
        let mut out = String::new();
        for table in tables {
            let name = &table[0];
            out.push_str(&format!("## {name}\n"));
            // Rows that share a first column in a known order, whatever order the
            // writes left them in.
            let sql = format!("SELECT * FROM \"{name}\" AS t ORDER BY 1, t::text COLLATE \"C\"");
            for row in self.query_text(&sql) {
                out.push_str(&row.join("|"));
                out.push('\n');
            }
        }
        out
    }

    /// Runs statements that write, returning the server's message if it refuses.
    pub fn execute(&self, sql: &str) -> Result<(), String> {
        self.block_on(async {
            let mut conn = self.connect(None).await;
            let result = sqlx::raw_sql(sqlx::AssertSqlSafe(sql.to_owned()))
                .execute(&mut conn)
                .await;
            conn.close().await.ok();
            result.map(|_| ()).map_err(|e| match e {
                sqlx::Error::Database(e) => e.message().to_owned(),
                other => other.to_string(),
            })
        })
    }

    /// A login role of this test's own, member of `group`; dropped with the database.
    pub fn login_in(&self, group: &str) -> String {
        let login = format!("{}_{group}", self.name);
        self.admin(&format!("CREATE ROLE {login} LOGIN IN ROLE {group}"));
        self.logins.lock().unwrap().push(login.clone());
        login
    }

    /// Runs one statement on the server's own database (`postgres`).
    fn admin(&self, sql: &str) {
        let server = self.server.clone();
        let sql = sql.to_owned();
        self.runtime.block_on(async move {
            let mut conn = server
                .connect()
                .await
                .expect("connect to PARLEY_TEST_POSTGRES");
            sqlx::raw_sql(sqlx::AssertSqlSafe(sql.clone()))
                .execute(&mut conn)
                .await
                .unwrap_or_else(|e| panic!("{sql}: {e}"));
            conn.close().await.ok();
        });
    }
}

/// The advisory lock (on the server's own database) under which a template is built.
const TEMPLATE_LOCK: i64 = 0x7465_6d70_6c61_7465;

/// Tells one build of the `parley` binary from another (its size and time of
/// writing), so that a template made by an older build, with older migrations, is
/// never copied.
fn build_stamp() -> u64 {
    use std::hash::{Hash, Hasher};
    let binary = assert_cmd::cargo::cargo_bin("parley");
    let meta = std::fs::metadata(&binary).unwrap_or_else(|e| panic!("{}: {e}", binary.display()));
    // DefaultHasher::new() has fixed keys: every process gets the same stamp.
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    meta.len().hash(&mut hasher);
    meta.modified()
        .expect("a modification time")
        .hash(&mut hasher);
    hasher.finish()
}

/// A row's values in column order, duplicate column names included (a JSON map would
/// keep one of each).
struct Cells(Vec<serde_json::Value>);

impl<'de> serde::Deserialize<'de> for Cells {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = Cells;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a row as a JSON object")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<Cells, A::Error> {
                let mut cells = Vec::new();
                while let Some((_, value)) = map.next_entry::<String, serde_json::Value>()? {
                    cells.push(value);
                }
                Ok(Cells(cells))
            }
        }
        deserializer.deserialize_map(Visitor)
    }
}

/// A value as `TestEnv::query` shows a file's: NULL, flags as 0 and 1, instants in
/// Parley's stored form (UTC, milliseconds, `Z`), everything else as its text.
fn as_a_file_writes_it(value: serde_json::Value) -> String {
    match value {
        serde_json::Value::Null => "NULL".to_owned(),
        serde_json::Value::Bool(flag) => u8::from(flag).to_string(),
        serde_json::Value::String(text) => match chrono::DateTime::parse_from_rfc3339(&text) {
            Ok(instant) if text.len() > 10 => instant
                .with_timezone(&chrono::Utc)
                .format("%Y-%m-%dT%H:%M:%S%.3fZ")
                .to_string(),
            _ => text,
        },
        other => other.to_string(),
    }
}

impl Drop for PgDatabase {
    fn drop(&mut self) {
        let mut statements = vec![format!(
            "DROP DATABASE IF EXISTS {} WITH (FORCE)",
            self.name
        )];
        for login in self.logins.lock().unwrap().drain(..) {
            statements.push(format!("DROP ROLE IF EXISTS {login}"));
        }
        for sql in statements {
            let server = self.server.clone();
            // Best effort: a failed drop must not hide the test's own failure.
            let _ = self.runtime.block_on(async move {
                let mut conn = server.connect().await?;
                sqlx::raw_sql(sqlx::AssertSqlSafe(sql))
                    .execute(&mut conn)
                    .await
            });
        }
    }
}
