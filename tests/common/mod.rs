//! The test harness: every test runs the real `parley` binary in its own temporary
//! folder, on its own database, with a cleared environment and a fixed clock.
//!
//! The suite runs twice (`.ci/run`):
//! - **The file pass** (`cargo test`): every database is a file.
//! - **The PostgreSQL pass** (`PARLEY_TEST_BACKEND=postgres cargo test`): every
//!   [`TestEnv`]'s database is a fresh database of its own on the test server
//!   (`PARLEY_TEST_POSTGRES`), so the same tests run every command on a server;
//!   [`TestEnv::seeded`] and [`TestEnv::empty`] copy a template database that `init`
//!   made once (`postgres::PgDatabase::copy_of`). [`TestEnv::query`], `execute`,
//!   `other_client`, `dump` and `content` read and write the server, its rows shown as
//!   a file's; [`TestEnv::index_hits`], [`TestEnv::drop_trigger`],
//!   [`TestEnv::sql_char`], [`TestEnv::as_file`] and [`TestEnv::backend`] say in either
//!   backend's terms what a test would otherwise say in SQLite's.
//!
//! A test about a file as such (its first use, WAL, its bytes, other SQLite clients,
//! SQLite's own SQL, plans and catalogue, Datasette), or one comparing a file with a
//! server of its own (the `postgres_*` tests), would only repeat the file pass in the
//! PostgreSQL pass: it begins with `if common::file_only() { return; }`, which skips it
//! there with a note, and then asks for [`TestEnv::file`] (which fails in that pass).
//! Where a test mixes such assertions with backend-neutral ones, the neutral part is a
//! test of its own.
#![allow(dead_code)]

pub mod breaches;
pub mod older;
pub mod postgres;
pub mod sql_docs;

use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::Command;
use sqlx::{Connection, Row, SqliteConnection, ValueRef};

/// The instant every test records at, unless it says otherwise.
pub const NOW: &str = "2025-11-24T09:00:00Z";

pub struct TestEnv {
    pub dir: tempfile::TempDir,
    /// The database file (on a server, a path no command uses).
    pub db: PathBuf,
    pub now: String,
    /// The server's database, when the suite runs on PostgreSQL.
    pub server: Option<postgres::PgDatabase>,
}

/// True in the PostgreSQL pass, where a test about files as such (or one comparing a
/// file with a server of its own, as the `postgres_*` tests do) stops, saying so: it
/// ran in the file pass, and would only repeat it. Such a test begins with
/// `if common::file_only() { return; }` and then asks for [`TestEnv::file`].
pub fn file_only() -> bool {
    if on_server() {
        eprintln!("file-only: ran in the file pass");
        return true;
    }
    false
}

/// Whether this run of the suite puts its databases on PostgreSQL.
pub fn on_server() -> bool {
    match std::env::var("PARLEY_TEST_BACKEND").as_deref() {
        Ok("postgres") => true,
        Ok("sqlite") | Err(_) => false,
        Ok(other) => panic!("PARLEY_TEST_BACKEND is sqlite or postgres, not {other:?}"),
    }
}

impl TestEnv {
    /// A fresh folder with no database in it yet: a file not created yet, or, on
    /// PostgreSQL, a database with no schema yet (`init` creates it there).
    pub fn new() -> Self {
        Self::on(postgres::PgDatabase::new)
    }

    /// A fresh folder and a database file not created yet, for a test about files as
    /// such, which begins with `if common::file_only() { return; }`: in the PostgreSQL
    /// pass it would only repeat the file pass, so asking for a file there fails.
    pub fn file() -> Self {
        assert!(
            !on_server(),
            "a test about files asked for one in the PostgreSQL pass: begin it with \
             `if common::file_only() {{ return; }}`"
        );
        Self::folder()
    }

    /// [`TestEnv::file`] holding the Geneva seed.
    pub fn seeded_file() -> Self {
        let env = Self::file();
        env.ok(["init"]);
        env
    }

    /// A fresh folder with no database file in it yet, whichever backend the suite
    /// runs on.
    fn folder() -> Self {
        let dir = tempfile::tempdir().expect("temporary folder");
        let db = dir.path().join("parley.db");
        TestEnv {
            dir,
            db,
            now: NOW.to_owned(),
            server: None,
        }
    }

    /// A fresh folder, with its database on the server when the suite runs there.
    fn on(server: impl FnOnce() -> Option<postgres::PgDatabase>) -> Self {
        let mut env = Self::folder();
        if on_server() {
            let server = server().expect("PARLEY_TEST_BACKEND=postgres needs PARLEY_TEST_POSTGRES");
            env.server = Some(server);
        }
        env
    }

    /// A database made by `parley <args>` at [`NOW`]: on a server, a copy of a
    /// template that the same command made once (see `postgres::PgDatabase::copy_of`).
    fn made_by(kind: &str, args: &[&str]) -> Self {
        let env = Self::on(|| {
            postgres::PgDatabase::copy_of(kind, |url| {
                let mut template = Self::folder();
                template.db = url.into();
                template.ok(args);
            })
        });
        if env.server.is_none() {
            env.ok(args);
        }
        env
    }
    /// What `--db` names: the file's path or the server database's URL.
    pub fn db_arg(&self) -> std::ffi::OsString {
        match &self.server {
            Some(server) => server.url(None).into(),
            None => self.db.clone().into(),
        }
    }

    /// The file, for a test that reads or changes it as a file; fails on a server.
    pub fn file_path(&self) -> &Path {
        assert!(
            self.server.is_none(),
            "this test needs a file: use TestEnv::file"
        );
        &self.db
    }

    /// A folder with a database holding the Geneva seed, as `init` leaves it.
    pub fn seeded() -> Self {
        Self::made_by("seeded", &["init"])
    }

    /// A folder with an empty database, as `init --empty` leaves it.
    pub fn empty() -> Self {
        Self::made_by("empty", &["init", "--empty"])
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    pub fn write(&self, name: &str, text: &str) -> PathBuf {
        let path = self.path(name);
        std::fs::write(&path, text).expect("write test file");
        path
    }

    /// The binary, in the test's folder, with nothing inherited but what it needs.
    pub fn cmd(&self) -> Command {
        Command::from_std(self.std_cmd())
    }

    /// The same, as a standard command, for tests that spawn processes themselves.
    pub fn std_cmd(&self) -> std::process::Command {
        let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("parley"));
        cmd.env_clear()
            .current_dir(self.dir.path())
            .env("PARLEY_DB", self.db_arg())
            .env("PARLEY_NOW", &self.now);
        cmd
    }

    pub fn run<I, S>(&self, args: I) -> Output
    where
        I: IntoIterator<Item = S>,
        S: AsRef<std::ffi::OsStr>,
    {
        self.cmd().args(args).output().expect("run parley")
    }

    /// Runs a command that must succeed; returns its standard output.
    pub fn ok<I, S>(&self, args: I) -> String
    where
        I: IntoIterator<Item = S>,
        S: AsRef<std::ffi::OsStr>,
    {
        let args: Vec<_> = args.into_iter().map(|a| a.as_ref().to_owned()).collect();
        let out = self.run(&args);
        assert!(
            out.status.success(),
            "parley {args:?} failed:\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).expect("UTF-8 output")
    }

    /// Runs a command that must fail and write nothing to standard output; returns
    /// its standard error.
    pub fn fails<I, S>(&self, args: I) -> String
    where
        I: IntoIterator<Item = S>,
        S: AsRef<std::ffi::OsStr>,
    {
        let args: Vec<_> = args.into_iter().map(|a| a.as_ref().to_owned()).collect();
        let out = self.run(&args);
        assert!(
            !out.status.success(),
            "parley {args:?} succeeded but should have failed"
        );
        assert!(
            out.stdout.is_empty(),
            "a failed command printed: {}",
            String::from_utf8_lossy(&out.stdout)
        );
        let stderr = String::from_utf8(out.stderr).expect("UTF-8 errors");
        assert!(!stderr.contains("panicked"), "parley panicked: {stderr}");
        stderr
    }

    pub fn json<I, S>(&self, args: I) -> serde_json::Value
    where
        I: IntoIterator<Item = S>,
        S: AsRef<std::ffi::OsStr>,
    {
        let text = self.ok(args);
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("not JSON ({e}):\n{text}"))
    }

    /// The database opened through the library, as a command opens it: the file, or
    /// the server's database.
    pub async fn backend(&self) -> parley::Backend {
        use parley::storage::Database;
        use parley::{Backend, postgres};
        match &self.server {
            Some(server) => {
                let url = postgres::ServerUrl::parse(&server.url(None)).expect("a server URL");
                Backend::Server(postgres::Server::open(&url).await.expect("open the server"))
            }
            None => Backend::File(Database::open(&self.db).await.expect("open the file").0),
        }
    }

    /// The database as a file, for a test that reads it through SQLite's catalogue:
    /// the file itself, or, on a server, a new file in the test's folder holding its
    /// timeline as `parley copy` writes it (every row, with its id).
    pub fn as_file(&self) -> PathBuf {
        let Some(server) = &self.server else {
            return self.db.clone();
        };
        static COPIES: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let n = COPIES.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let copy = self.path(&format!("server-copy-{n}.db"));
        let url = server.url(None);
        self.ok([
            "copy".as_ref(),
            "--from".as_ref(),
            std::ffi::OsStr::new(&url),
            "--to".as_ref(),
            copy.as_os_str(),
        ]);
        copy
    }

    /// Whether the command run so far created a database: a file, or a schema on
    /// the server.
    pub fn created(&self) -> bool {
        self.dump() != "<no database>"
    }

    /// Runs SQL on the database file directly, as an analyst's own tool would, and
    /// returns every row as text ("NULL" for null).
    pub fn query(&self, sql: &str) -> Vec<Vec<String>> {
        match &self.server {
            Some(server) => server.query_text(sql),
            None => query_file(&self.db, sql),
        }
    }

    /// Runs one statement that writes, returning the database's error message if it
    /// fails.
    pub fn execute(&self, sql: &str) -> Result<(), String> {
        if let Some(server) = &self.server {
            return server.execute(sql);
        }
        block_on(async {
            let mut conn = connect(&self.db).await;
            sqlx::raw_sql(sqlx::AssertSqlSafe(sql.to_owned()))
                .execute(&mut conn)
                .await
                .map(|_| ())
                .map_err(|e| e.to_string())
        })
    }

    /// Drops a trigger, as a client that wants a rule out of its way would (on a
    /// server, whichever table it is on).
    pub fn drop_trigger(&self, trigger: &str) {
        let sql = match &self.server {
            Some(_) => format!(
                "DO $$ DECLARE t record; BEGIN
                     SELECT tgrelid::regclass AS tab, tgname INTO STRICT t
                     FROM pg_trigger WHERE tgname = '{trigger}';
                     EXECUTE format('DROP TRIGGER %I ON %s', t.tgname, t.tab);
                 END $$"
            ),
            None => format!("DROP TRIGGER {trigger}"),
        };
        self.execute(&sql)
            .unwrap_or_else(|e| panic!("drop {trigger}: {e}"));
    }

    /// Runs statements as another client would: on a file, another SQLite client
    /// (the sqlite3 shell, Python, Datasette), foreign keys off; on a server, a
    /// connection of its own (psql). Returns the database's own message if it refuses.
    pub fn other_client(&self, sql: &str) -> Result<(), String> {
        match &self.server {
            Some(server) => server.execute(sql),
            None => other_client(&self.db, sql),
        }
    }

    /// Imports a round file whose text holds control characters (`\u001b`, `\u0007`)
    /// as another program would leave them: Parley refuses them at input, so the file
    /// is imported with placeholders, which another client then turns back into the
    /// characters, keeping the full-text index in step (on a server, a superuser with
    /// the append-only trigger disabled for the moment).
    pub fn import_hostile(&self, path: &str) {
        let text = std::fs::read_to_string(path).expect("read the fixture");
        let text = text.replace("\\u001b", "<ESC>").replace("\\u0007", "<BEL>");
        let tamed = self.write("hostile-tamed.toml", &text);
        self.ok([std::ffi::OsStr::new("import"), tamed.as_os_str()]);
        let (esc, bel) = (self.sql_char(27), self.sql_char(7));
        let restore = |column: &str| {
            format!("{column} = replace(replace({column}, '<ESC>', {esc}), '<BEL>', {bel})")
        };
        if let Some(server) = &self.server {
            // The search indexes follow by their own triggers.
            server
                .execute(&format!(
                    "UPDATE agenda_item SET {};
                     ALTER TABLE status_record DISABLE TRIGGER status_record_no_update;
                     UPDATE status_record SET {};
                     ALTER TABLE status_record ENABLE TRIGGER status_record_no_update;",
                    restore("title"),
                    restore("note")
                ))
                .expect("restore the control characters");
            return;
        }
        self.other_client(&format!(
            "UPDATE agenda_item SET {};
             DROP TRIGGER status_record_no_update;
             UPDATE status_record SET {};
             CREATE TRIGGER status_record_no_update BEFORE UPDATE ON status_record
             BEGIN
                 SELECT RAISE(ABORT, 'status_record is append-only: insert a correction that supersedes the record');
             END;
             INSERT INTO status_record_fts (status_record_fts) VALUES ('rebuild');",
            restore("title"),
            restore("note")
        ))
        .expect("restore the control characters");
    }

    /// The rows (rowids) a full-text index finds for `words`, in order: FTS5's MATCH
    /// on a file, the tsvector's `@@` on a server (a phrase's words joined with `<->`).
    pub fn index_hits(&self, index: &str, words: &str) -> Vec<i64> {
        let sql = match &self.server {
            Some(_) => format!(
                "SELECT rowid FROM {index}
                 WHERE document @@ phraseto_tsquery('simple', '{words}') ORDER BY rowid"
            ),
            None => format!(
                "SELECT rowid FROM {index} WHERE {index} MATCH '\"{words}\"' ORDER BY rowid"
            ),
        };
        self.query(&sql)
            .into_iter()
            .map(|row| row[0].parse().expect("a rowid"))
            .collect()
    }

    /// The SQL for the character of code point `code`: `char(…)` on a file, `chr(…)`
    /// on a server.
    pub fn sql_char(&self, code: u32) -> String {
        match &self.server {
            Some(_) => format!("chr({code})"),
            None => format!("char({code})"),
        }
    }

    /// A table's or view's columns, in order.
    pub fn columns(&self, table: &str) -> Vec<String> {
        let sql = match &self.server {
            Some(_) => format!(
                "SELECT column_name::text FROM information_schema.columns
                 WHERE table_schema = 'public' AND table_name = '{table}' ORDER BY ordinal_position"
            ),
            None => format!("SELECT name FROM pragma_table_info('{table}') ORDER BY cid"),
        };
        self.query(&sql)
            .into_iter()
            .map(|row| row[0].clone())
            .collect()
    }

    pub fn count(&self, table: &str) -> i64 {
        self.query(&format!("SELECT count(*) FROM {table}"))[0][0]
            .parse()
            .expect("a count")
    }

    /// Every row of every table, as text: equal dumps mean nothing was written.
    pub fn dump(&self) -> String {
        if let Some(server) = &self.server {
            return server.dump();
        }
        dump_file(&self.db)
    }

    /// What the database holds, line by line, for comparing two databases: every row
    /// of every table but the migration log (which records when the file was created)
    /// and the full-text indexes' segments (whose layout depends on how many
    /// statements wrote the rows); what those indexes find is compared instead.
    pub fn content(&self) -> Vec<String> {
        let dump = self.dump();
        if self.server.is_some() {
            // A server's search indexes are tables of their own, in the dump.
            return dump
                .lines()
                .filter(|line| !line.starts_with("## _sqlx_migrations"))
                .map(str::to_owned)
                .collect();
        }
        let mut skipped = false;
        let mut rows: Vec<String> = dump
            .lines()
            .filter(|line| {
                if let Some(table) = line.strip_prefix("## ") {
                    skipped = table == "_sqlx_migrations"
                        || table.ends_with("_fts_data")
                        || table.ends_with("_fts_idx");
                }
                !skipped
            })
            .map(str::to_owned)
            .collect();
        for (index, term) in [("round_fts", "round"), ("status_record_fts", "item")] {
            let found = self.query(&format!(
                "SELECT group_concat(rowid) FROM {index} WHERE {index} MATCH '{term}'"
            ));
            rows.push(format!("{index} {term}: {found:?}"));
        }
        rows
    }
}

/// Fails at the first line that differs, showing both.
pub fn assert_same_lines(left: &[String], right: &[String]) {
    if let Some((l, r)) = left.iter().zip(right).find(|(l, r)| l != r) {
        panic!("first difference:\n  {l}\n  {r}");
    }
    assert_eq!(
        left.len(),
        right.len(),
        "one holds more lines than the other"
    );
}

/// Imports a large file into two empty databases, once as it is (read in pieces) and
/// once written so that it must be read whole; checks that both wrote the same rows
/// and said the same, and returns what they said.
pub fn import_in_pieces_and_whole(text: &str) -> String {
    assert!(
        text.len() >= 512 << 10,
        "{} bytes is too small to split",
        text.len()
    );
    let pieces = TestEnv::empty();
    pieces.write("large.toml", text);
    let whole = TestEnv::empty();
    whole.write("large.toml", &unsplittable(text));
    let said = pieces.ok(["import", "large.toml"]);
    assert_eq!(said, whole.ok(["import", "large.toml"]));
    assert_same_lines(&pieces.content(), &whole.content());
    said
}

/// The same file, written so that it cannot be split into pieces: the first round's
/// header is indented, which TOML allows, so the head already holds a round.
pub fn unsplittable(text: &str) -> String {
    let at = text.find("\n[[round]]").expect("a round") + 1;
    format!("{}  {}", &text[..at], &text[at..])
}

/// See [`TestEnv::other_client`].
pub fn other_client(db: &Path, sql: &str) -> Result<(), String> {
    block_on(async {
        let options = sqlx::sqlite::SqliteConnectOptions::new()
            .filename(db)
            .foreign_keys(false);
        let mut conn = SqliteConnection::connect_with(&options)
            .await
            .unwrap_or_else(|e| panic!("open {}: {e}", db.display()));
        let result = sqlx::raw_sql(sqlx::AssertSqlSafe(sql.to_owned()))
            .execute(&mut conn)
            .await;
        conn.close().await.expect("close");
        result.map(|_| ()).map_err(|e| match e {
            sqlx::Error::Database(e) => e.message().to_owned(),
            other => other.to_string(),
        })
    })
}

pub fn query_file(db: &Path, sql: &str) -> Vec<Vec<String>> {
    block_on(async {
        let mut conn = connect(db).await;
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql.to_owned()))
            .fetch_all(&mut conn)
            .await
            .unwrap_or_else(|e| panic!("{sql}: {e}"));
        rows.iter()
            .map(|row| (0..row.columns().len()).map(|i| cell(row, i)).collect())
            .collect()
    })
}

pub fn dump_file(db: &Path) -> String {
    if !db.exists() {
        return "<no database>".into();
    }
    let tables = query_file(
        db,
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
    );
    let mut out = String::new();
    for table in tables {
        let name = &table[0];
        out.push_str(&format!("## {name}\n"));
        for row in query_file(db, &format!("SELECT * FROM \"{name}\" ORDER BY 1")) {
            out.push_str(&row.join("|"));
            out.push('\n');
        }
    }
    out
}

fn cell(row: &sqlx::sqlite::SqliteRow, i: usize) -> String {
    let raw = row.try_get_raw(i).expect("a column");
    if raw.is_null() {
        return "NULL".into();
    }
    if let Ok(v) = row.try_get::<i64, _>(i) {
        return v.to_string();
    }
    if let Ok(v) = row.try_get::<f64, _>(i) {
        return v.to_string();
    }
    if let Ok(v) = row.try_get::<String, _>(i) {
        return v;
    }
    match row.try_get::<Vec<u8>, _>(i) {
        Ok(bytes) => format!("<{} bytes>", bytes.len()),
        Err(_) => "<?>".into(),
    }
}

async fn connect(db: &Path) -> SqliteConnection {
    let options = sqlx::sqlite::SqliteConnectOptions::new()
        .filename(db)
        .foreign_keys(true);
    SqliteConnection::connect_with(&options)
        .await
        .unwrap_or_else(|e| panic!("open {}: {e}", db.display()))
}

fn block_on<F: std::future::Future>(future: F) -> F::Output {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime")
        .block_on(future)
}

/// A round file with its own process: `items` agenda items and `rounds` rounds, each
/// setting a status for every item, all slugs prefixed so that files with different
/// prefixes import side by side.
pub fn synthetic_round_file(prefix: &str, rounds: usize, items: usize) -> String {
    const LADDER: [&str; 7] = [
        "proposed",
        "discussed",
        "progressing",
        "preliminary",
        "agreed",
        "implementing",
        "implemented",
    ];
    let mut out = format!(
        "[process]\nslug = \"{prefix}process\"\nname = \"Synthetic process {prefix}\"\n\n\
         [[party]]\nslug = \"{prefix}a\"\nname = \"Party A {prefix}\"\nkind = \"state\"\n\n\
         [[source]]\nslug = \"{prefix}wire\"\noutlet = \"Wire {prefix}\"\n\n"
    );
    for i in 0..items {
        out.push_str(&format!(
            "[[item]]\nslug = \"{prefix}item-{i}\"\ntitle = \"Item {i} {prefix}\"\n\n"
        ));
    }
    for r in 0..rounds {
        let day =
            chrono::NaiveDate::from_ymd_opt(2020, 1, 1).unwrap() + chrono::Days::new(r as u64);
        out.push_str(&format!(
            "[[round]]\nslug = \"{prefix}round-{r}\"\ntitle = \"Round {r}\"\ndate = \"{day}\"\nstate = \"held\"\nsources = [\"{prefix}wire\"]\n\n\
             [[round.participant]]\nparty = \"{prefix}a\"\nrole = \"delegation\"\n\n"
        ));
        for i in 0..items {
            let status = LADDER[(r + i) % LADDER.len()];
            out.push_str(&format!(
                "[[round.status]]\nitem = \"{prefix}item-{i}\"\nstatus = \"{status}\"\nnote = \"Round {r}, item {i}.\"\n\n"
            ));
        }
    }
    out
}
