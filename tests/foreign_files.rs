//! Files Parley did not write are refused and left exactly as they were: another
//! application's SQLite file (with or without a migration table of its own), and
//! anything that is not a regular file (a FIFO, a device, a socket, a directory). A
//! file's tests, skipped in the PostgreSQL pass (tests/postgres_commands.rs refuses
//! another application's database on a server).

mod common;

use std::os::unix::fs::FileTypeExt;
use std::path::Path;
use std::time::{Duration, Instant, SystemTime};

use common::TestEnv;

/// Commands that open the database every way Parley does: for writing, for
/// reading, read-only (`sql`, `check`) and for copying.
const COMMANDS: [&[&str]; 7] = [
    &["report"],
    &["init"],
    &["seed"],
    &["status", "set", "prisoner-exchanges", "--status", "agreed"],
    &["sql", "SELECT 1"],
    &["check"],
    &["backup", "copy.db"],
];

/// Another application's file, in rollback-journal mode (a read-only look at a
/// WAL file may create its `-shm`, which would blur what "untouched" means).
fn foreign_file(env: &TestEnv, statements: &str) {
    std::fs::File::create(&env.db).unwrap();
    env.execute(statements).unwrap();
    assert_eq!(env.query("PRAGMA journal_mode"), [["delete"]]);
}

fn side_files(env: &TestEnv) -> Vec<String> {
    ["-wal", "-shm", "-journal"]
        .iter()
        .map(|s| format!("parley.db{s}"))
        .filter(|name| env.path(name).exists())
        .collect()
}

/// Every command refuses the file with `expected` in its message, and the file's
/// bytes and modification time stay as they were, with no side file created.
fn refused_untouched(env: &TestEnv, expected: &str, not_expected: &str) {
    let bytes = std::fs::read(&env.db).unwrap();
    let modified: SystemTime = std::fs::metadata(&env.db).unwrap().modified().unwrap();
    for args in COMMANDS {
        let err = env.fails(args);
        assert!(err.contains(expected), "{args:?}: {err}");
        assert!(!err.contains(not_expected), "{args:?}: {err}");
        assert_eq!(
            std::fs::read(&env.db).unwrap(),
            bytes,
            "{args:?} changed the file"
        );
        assert_eq!(
            std::fs::metadata(&env.db).unwrap().modified().unwrap(),
            modified,
            "{args:?} wrote to the file"
        );
        assert_eq!(side_files(env), Vec::<String>::new(), "{args:?}");
        assert!(!env.path("copy.db").exists());
    }
}

/// Before the fix an empty `_sqlx_migrations` counted as "no migrations yet": the file
/// received Parley's schema, the seed and WAL mode.
#[test]
fn another_sqlx_apps_file_with_an_empty_migration_table_is_refused_untouched() {
    if common::file_only() {
        return;
    }
    let env = TestEnv::file();
    foreign_file(
        &env,
        "CREATE TABLE _sqlx_migrations (version BIGINT PRIMARY KEY, description TEXT NOT NULL,
             installed_on TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP, success BOOLEAN NOT NULL,
             checksum BLOB NOT NULL, execution_time BIGINT NOT NULL);
         CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT);
         INSERT INTO users (name) VALUES ('ada');",
    );
    refused_untouched(&env, "not a Parley", "newer Parley");
}

/// A migration table and nothing else is not an empty database either.
#[test]
fn a_file_holding_only_an_empty_migration_table_is_refused_untouched() {
    if common::file_only() {
        return;
    }
    let env = TestEnv::file();
    foreign_file(
        &env,
        "CREATE TABLE _sqlx_migrations (version BIGINT PRIMARY KEY, description TEXT NOT NULL,
             installed_on TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP, success BOOLEAN NOT NULL,
             checksum BLOB NOT NULL, execution_time BIGINT NOT NULL)",
    );
    refused_untouched(&env, "not a Parley", "newer Parley");
}

/// Before the fix another application's versions read as "written by a newer
/// Parley".
#[test]
fn another_sqlx_apps_file_with_its_own_versions_is_called_foreign() {
    if common::file_only() {
        return;
    }
    let env = TestEnv::file();
    foreign_file(
        &env,
        "CREATE TABLE _sqlx_migrations (version BIGINT PRIMARY KEY, description TEXT NOT NULL,
             installed_on TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP, success BOOLEAN NOT NULL,
             checksum BLOB NOT NULL, execution_time BIGINT NOT NULL);
         INSERT INTO _sqlx_migrations VALUES (20200101000000, 'create users', '2020-01-01', 1, x'0102', 5);
         CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT);",
    );
    refused_untouched(&env, "not a Parley", "newer Parley");
}

/// A first migration with Parley's version number but another application's
/// checksum and description is not Parley's.
#[test]
fn a_borrowed_version_number_does_not_make_a_file_parleys() {
    if common::file_only() {
        return;
    }
    let env = TestEnv::file();
    let first = parley::storage::MIGRATOR.iter().next().unwrap().version;
    foreign_file(
        &env,
        &format!(
            "CREATE TABLE _sqlx_migrations (version BIGINT PRIMARY KEY, description TEXT NOT NULL,
                 installed_on TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP, success BOOLEAN NOT NULL,
                 checksum BLOB NOT NULL, execution_time BIGINT NOT NULL);
             INSERT INTO _sqlx_migrations VALUES ({first}, 'create users', '2020-01-01', 1, x'0102', 5);
             INSERT INTO _sqlx_migrations VALUES (29990101000000, 'more users', '2020-01-01', 1, x'0102', 5);
             CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT);"
        ),
    );
    refused_untouched(&env, "not a Parley", "newer Parley");
}

/// A file Parley wrote, with a version this binary does not know, is still "newer".
#[test]
fn a_newer_parleys_file_is_still_called_newer() {
    if common::file_only() {
        return;
    }
    let env = TestEnv::seeded_file();
    env.execute(
        "INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time)
         VALUES (29991231000000, 'from the future', 1, x'00', 0)",
    )
    .unwrap();
    let err = env.fails(["report"]);
    assert!(err.contains("newer Parley"), "{err}");
    let err = env.fails(["sql", "SELECT 1"]);
    assert!(err.contains("newer Parley"), "{err}");
}

/// An empty file and a SQLite file with no objects are new databases.
#[test]
fn an_empty_file_or_an_empty_database_is_created() {
    if common::file_only() {
        return;
    }
    let env = TestEnv::file();
    std::fs::File::create(&env.db).unwrap();
    env.ok(["report"]);
    assert_eq!(env.count("round"), 1);

    let env = TestEnv::file();
    std::fs::File::create(&env.db).unwrap();
    env.execute("PRAGMA user_version = 0; VACUUM").unwrap();
    env.ok(["report"]);
    assert_eq!(env.count("round"), 1);
}

fn mkfifo(path: &Path) {
    let status = std::process::Command::new("mkfifo")
        .arg(path)
        .status()
        .expect("mkfifo");
    assert!(status.success());
}

/// Runs parley and fails the test instead of hanging if it does not end in time.
fn fails_in_time(env: &TestEnv, args: &[&str]) -> String {
    let mut child = env
        .std_cmd()
        .args(args)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(20);
    while child.try_wait().unwrap().is_none() {
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("parley {args:?} hung");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let out = child.wait_with_output().unwrap();
    assert!(!out.status.success(), "parley {args:?} succeeded");
    assert!(out.stdout.is_empty());
    String::from_utf8(out.stderr).unwrap()
}

/// Before the fix, reading the header of a FIFO waited forever for a writer.
#[test]
fn a_fifo_as_the_database_is_refused_at_once() {
    if common::file_only() {
        return;
    }
    let env = TestEnv::file();
    mkfifo(&env.db);
    std::os::unix::fs::symlink(&env.db, env.path("link.db")).unwrap();
    for args in COMMANDS {
        let err = fails_in_time(&env, args);
        assert!(
            err.contains("FIFO") && err.contains("not a regular file"),
            "{args:?}: {err}"
        );
    }
    let err = fails_in_time(&env, &["--db", "link.db", "report"]);
    assert!(err.contains("FIFO"), "{err}");
    assert!(std::fs::metadata(&env.db).unwrap().file_type().is_fifo());
    assert_eq!(side_files(&env), Vec::<String>::new());
}

/// Before the fix `/dev/null` as the database failed with "disk I/O error" (and
/// SQLite tried to put its side files in /dev).
#[test]
fn dev_null_as_the_database_is_refused_and_stays_a_device() {
    if common::file_only() {
        return;
    }
    let env = TestEnv::file();
    for args in [&["report"][..], &["sql", "SELECT 1"], &["init"]] {
        let err = env
            .cmd()
            .env("PARLEY_DB", "/dev/null")
            .args(args)
            .output()
            .unwrap();
        assert!(!err.status.success());
        let err = String::from_utf8(err.stderr).unwrap();
        assert!(
            err.contains("/dev/null") && err.contains("character device"),
            "{args:?}: {err}"
        );
        assert!(!err.contains("disk I/O"), "{err}");
    }
    let meta = std::fs::metadata("/dev/null").unwrap();
    assert!(meta.file_type().is_char_device());
    assert!(!Path::new("/dev/null-wal").exists());
}

#[test]
fn a_socket_as_the_database_is_refused() {
    if common::file_only() {
        return;
    }
    let env = TestEnv::file();
    let _listener = std::os::unix::net::UnixListener::bind(&env.db).unwrap();
    let err = fails_in_time(&env, &["report"]);
    assert!(err.contains("socket"), "{err}");
    assert!(std::fs::metadata(&env.db).unwrap().file_type().is_socket());
}
