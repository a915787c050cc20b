//! Imports on a PostgreSQL server, through the library: the same round files imported
//! into a file and into a server database that hold the same timeline leave the same
//! rows (every table, ids and instants included: the server's identities hand out the
//! ids SQLite's do when both hold the same rows, and the clock is fixed), and say the
//! same changes. A failed import and a dry run leave the server as it was; two
//! writers correcting one status serialise at the write lock, the second superseding
//! the first.
//!
//! The rows are compared by copying the server's database back into a new file
//! (`parley copy`, tested on its own in tests/postgres_commands.rs) and comparing
//! every table's rows with the original file's.
//!
//! Each test takes a database of its own on the server `PARLEY_TEST_POSTGRES` names
//! (`scripts/postgres-test-server start`), and is skipped with a note where it is unset.

mod common;

use std::path::Path;
use std::time::Duration;

use common::TestEnv;
use common::postgres::PgDatabase;
use parley::domain::Instant;
use parley::domain::model::Dossier;
use parley::postgres::{Server, ServerUrl};
use parley::roundfile::{self, SourceText};
use parley::storage::{Changes, Database, ImportOptions, Piece};
use sqlx::Connection;

const FOLLOW_UP: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/follow-up.toml");
const FATES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/fates.toml");
const SUB_ITEMS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/sub-items.toml");
const PERSONS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/persons.toml");
const LATER: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/later-rounds.toml"
);

/// A round the database holds, given again: its summary changes (a round edit), a
/// source it cites is graded (a regrade) and one is added, a participant's role
/// changes (an amendment), a status and a stance change (corrections), and a quote
/// and a note are new.
const CORRECTIONS: &str = r#"
[process]
slug = "ukraine-peace"

[[round]]
slug = "follow-up-2025-12-05"
title = "Follow-up talks"
date = "2025-12-05"
location = "Geneva"
format = "bilateral"
level = "senior_officials"
state = "held"
summary = "Lists were exchanged; the first swap was put off."
sources = [{ source = "fixture-wire-2025-12-05", credibility = 2 }, "fixture-blog-2025-12-05"]

[[round.participant]]
party = "us"
role = "mediator"

[[round.status]]
item = "prisoner-exchanges"
status = "stalled"
note = "Corrected: the swap was put off."

[[round.position]]
party = "ukraine"
item = "localized-ceasefires"
stance = "supports"
note = "Corrected: Kyiv accepts the lines."

[[round.quote]]
party = "ukraine"
speaker_description = "a Ukrainian delegate"
text = "We are ready for the next step."

[[round.note]]
kind = "assessment"
body = "The corrections came a week later."
"#;

/// The file of `env` and a fresh server database it was copied to: the same
/// timeline, the same ids.
struct Pair {
    env: TestEnv,
    db: PgDatabase,
    url: String,
}

impl Pair {
    fn new(env: TestEnv) -> Option<Pair> {
        let db = PgDatabase::new()?;
        let url = db.url(None);
        env.ok(["copy", "--from", "parley.db", "--to", &url]);
        Some(Pair { env, db, url })
    }

    fn file(&self) -> std::path::PathBuf {
        self.env.path("parley.db")
    }

    async fn server(&self) -> Server {
        let url = ServerUrl::parse(&self.url).expect("a postgres URL");
        Server::open(&url)
            .await
            .expect("the server's database opens")
    }

    /// Round files checked against the file's names (the server holds the same).
    async fn dossier(&self, files: &[&Path]) -> Dossier {
        let sources: Vec<SourceText> = (files.iter())
            .map(|f| SourceText::read(f).expect("a round file"))
            .collect();
        let (file, _) = Database::open(&self.file()).await.expect("the file opens");
        let catalogs = file.catalogs().await.expect("the names");
        file.close().await;
        roundfile::load(&sources, &catalogs).expect("the round files are valid")
    }

    /// Imports `files` into both at `now`, each through `Database::import` and
    /// `Server::import`; the two say the same changes, which are returned.
    fn import(&self, now: &str, files: &[&Path], dry_run: bool) -> Changes {
        let at = Instant::parse(now).expect("an instant");
        let clock = move || Ok(at);
        let options = ImportOptions {
            dry_run,
            clock: &clock,
            ..ImportOptions::new("import")
        };
        self.db.block_on(async {
            // Both checked before either is written: they hold the same names.
            let (for_file, for_server) = (self.dossier(files).await, self.dossier(files).await);
            let (file, _) = Database::open(&self.file()).await.expect("the file opens");
            let on_file = file.import(for_file, &options).await;
            file.close().await;
            let server = self.server().await;
            let on_server = server.import(for_server, &options).await;
            server.close().await;
            let (on_file, on_server) = (on_file.expect("file"), on_server.expect("server"));
            assert_eq!(on_file, on_server, "the two imports say the same changes");
            on_file
        })
    }

    /// Every row of every table the server holds, as a file would hold it.
    fn server_content(&self) -> Vec<String> {
        let mut back = TestEnv::new();
        back.now = self.env.now.clone();
        back.ok(["copy", "--from", &self.url, "--to", "parley.db"]);
        back.content()
    }

    fn assert_same_rows(&self) {
        common::assert_same_lines(&self.env.content(), &self.server_content());
    }
}

fn write(env: &TestEnv, name: &str, text: &str) -> std::path::PathBuf {
    env.write(name, text)
}

#[test]
fn round_files_write_the_same_rows_to_a_file_and_a_server() {
    if common::file_only() {
        return;
    }
    let Some(pair) = Pair::new(TestEnv::seeded()) else {
        return;
    };
    let first = pair.import(
        "2025-12-06T09:00:00Z",
        &[
            Path::new(FOLLOW_UP),
            Path::new(SUB_ITEMS),
            Path::new(PERSONS),
        ],
        false,
    );
    assert!(!first.is_empty(), "{first}");
    pair.assert_same_rows();

    // Corrections, amendments and a fate, to a round both hold.
    let corrections = write(&pair.env, "corrections.toml", CORRECTIONS);
    let second = pair.import(
        "2025-12-13T09:00:00Z",
        &[Path::new(FATES), &corrections, Path::new(LATER)],
        false,
    );
    assert!(!second.corrections.is_empty(), "{second}");
    assert!(!second.round_edits.is_empty(), "{second}");
    pair.assert_same_rows();

    // The last files again change nothing on either (fates.toml gives the round's
    // earlier summary back: it is left out).
    let again = pair.import(
        "2025-12-14T09:00:00Z",
        &[&corrections, Path::new(LATER)],
        false,
    );
    assert!(again.is_empty(), "{again}");
    pair.assert_same_rows();
}

#[test]
fn a_synthetic_timeline_writes_the_same_rows_to_a_file_and_a_server() {
    if common::file_only() {
        return;
    }
    let Some(pair) = Pair::new(TestEnv::empty()) else {
        return;
    };
    let synth = write(
        &pair.env,
        "synth.toml",
        &common::synthetic_round_file("synth", 40, 25),
    );
    let changes = pair.import("2025-12-06T09:00:00Z", &[&synth], false);
    assert!(!changes.is_empty(), "{changes}");
    pair.assert_same_rows();
    assert_eq!(pair.env.json(["report", "--format", "json"]), {
        let back = TestEnv::new();
        back.ok(["copy", "--from", &pair.url, "--to", "parley.db"]);
        back.json(["report", "--format", "json"])
    });
}

#[test]
fn a_dry_run_plans_the_same_and_writes_nothing() {
    if common::file_only() {
        return;
    }
    let Some(pair) = Pair::new(TestEnv::seeded()) else {
        return;
    };
    let before = pair.server_content();
    let planned = pair.import("2025-12-06T09:00:00Z", &[Path::new(FOLLOW_UP)], true);
    assert!(!planned.is_empty(), "{planned}");
    common::assert_same_lines(&before, &pair.server_content());
    pair.assert_same_rows();
}

/// An import whose pieces stop coming after the first has been written (the reader
/// failed) is rolled back whole: the server holds every row it held, and none of the
/// first piece's.
#[test]
fn an_import_that_fails_half_way_leaves_the_server_untouched() {
    if common::file_only() {
        return;
    }
    let Some(pair) = Pair::new(TestEnv::seeded()) else {
        return;
    };
    let before = pair.server_content();
    let failed = pair.db.block_on(async {
        let server = pair.server().await;
        let (sender, received) = tokio::sync::mpsc::channel(2);
        let first = pair.dossier(&[Path::new(FOLLOW_UP)]).await;
        sender.send(Piece::Records(first)).await.unwrap();
        // The import writes the first piece, then finds the sender gone.
        drop(sender);
        let failed = (server.import_pieces(received, 0, &ImportOptions::new("import"))).await;
        server.close().await;
        failed
    });
    assert!(
        matches!(failed, Err(parley::Error::Incomplete)),
        "{failed:?}"
    );
    common::assert_same_lines(&before, &pair.server_content());
    // The next import writes what it writes on the file (with other ids: a
    // sequence does not give back what a rolled-back transaction took).
    let changes = pair.import("2025-12-06T09:00:00Z", &[Path::new(FOLLOW_UP)], false);
    assert!(changes.rounds > 0, "{changes}");
}

/// A status correction at the round follow-up.toml adds.
fn correction(status: &str) -> String {
    format!(
        r#"
[process]
slug = "ukraine-peace"

[[round]]
slug = "follow-up-2025-12-05"

[[round.status]]
item = "prisoner-exchanges"
status = "{status}"
note = "Corrected to {status}."
"#
    )
}

/// Two writers whose plans depend on the same record (two corrections of one status)
/// both succeed, one after the other, the second superseding the first: neither reads
/// the status in force before it holds the write lock. A third session holds the lock
/// while both start, so that both are waiting at it, not yet having read anything;
/// had they read before the lock, both would supersede the same record (a lost
/// update, which the schema refuses, failing the second). Checked: with the lock
/// taken after the planner's reads, the second writer fails with "duplicate key value
/// violates unique constraint status_record_supersedes_status_record_id_key".
#[test]
fn two_corrections_of_one_status_serialise_and_the_second_supersedes_the_first() {
    if common::file_only() {
        return;
    }
    let Some(pair) = Pair::new(TestEnv::seeded()) else {
        return;
    };
    pair.import("2025-12-06T09:00:00Z", &[Path::new(FOLLOW_UP)], false);
    let stalled = write(&pair.env, "stalled.toml", &correction("stalled"));
    let agreed = write(&pair.env, "agreed.toml", &correction("agreed"));
    let (first, second) = pair.db.block_on(async {
        (
            pair.dossier(&[&stalled]).await,
            pair.dossier(&[&agreed]).await,
        )
    });

    let url = ServerUrl::parse(&pair.url).unwrap();
    let options = pair.db.options(None);
    pair.db.block_on(async {
        let mut holder = sqlx::PgConnection::connect_with(&options).await.unwrap();
        let mut held = holder.begin().await.unwrap();
        sqlx::query("SELECT pg_advisory_xact_lock(x'7061726c6579'::bigint)")
            .execute(&mut *held)
            .await
            .unwrap();
        let waiting = |n: i64| {
            let options = options.clone();
            async move {
                let mut watch = sqlx::PgConnection::connect_with(&options).await.unwrap();
                for _ in 0..600 {
                    // Sessions of this database waiting for any lock: the write
                    // lock, or (had a writer read and written before taking it) a
                    // row the other has written.
                    let waiters: i64 = sqlx::query_scalar(
                        "SELECT count(*) FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
                         WHERE NOT l.granted AND a.datname = current_database()",
                    )
                    .fetch_one(&mut watch)
                    .await
                    .unwrap();
                    if waiters == n {
                        return;
                    }
                    tokio::time::sleep(Duration::from_millis(50)).await;
                }
                panic!("{n} writers never waited");
            }
        };
        let writer = |dossier: Dossier, now: &'static str| {
            let url = url.clone();
            tokio::spawn(async move {
                let server = Server::open(&url).await.unwrap();
                let at = Instant::parse(now).unwrap();
                let clock = move || Ok(at);
                let options = ImportOptions {
                    clock: &clock,
                    ..ImportOptions::new("status set")
                };
                let changes = server.import(dossier, &options).await;
                server.close().await;
                changes
            })
        };
        let stalled = writer(first, "2025-12-07T09:00:00Z");
        waiting(1).await;
        let agreed = writer(second, "2025-12-07T09:00:01Z");
        waiting(2).await;
        held.commit().await.unwrap();
        let stalled = stalled.await.unwrap().expect("the first correction");
        let agreed = agreed.await.unwrap().expect("the second correction");
        assert_eq!(stalled.corrections.len(), 1, "{stalled}");
        assert_eq!(agreed.corrections.len(), 1, "{agreed}");
    });

    // The chain: the follow-up's status, superseded by `stalled`, superseded by `agreed`.
    let chain: Vec<(String, Option<String>)> = pair.db.block_on(async {
        let mut conn = pair.db.connect(None).await;
        sqlx::query_as(
            "SELECT sr.status, prev.status
             FROM status_record sr
             JOIN round r ON r.round_id = sr.round_id
             JOIN agenda_item i ON i.agenda_item_id = sr.agenda_item_id
             LEFT JOIN status_record prev ON prev.status_record_id = sr.supersedes_status_record_id
             WHERE r.slug = 'follow-up-2025-12-05' AND i.slug = 'prisoner-exchanges'
             ORDER BY sr.status_record_id",
        )
        .fetch_all(&mut conn)
        .await
        .unwrap()
    });
    let chain: Vec<(&str, Option<&str>)> = (chain.iter())
        .map(|(s, p)| (s.as_str(), p.as_deref()))
        .collect();
    assert_eq!(
        chain,
        [
            ("progressing", None),
            ("stalled", Some("progressing")),
            ("agreed", Some("stalled")),
        ]
    );
}

/// `init` on a server seeds it, as on a file: the same rows, stamped with the same
/// instant; a second `init` finds it up to date and writes nothing.
#[test]
fn init_seeds_a_server_as_it_seeds_a_file() {
    if common::file_only() {
        return;
    }
    let Some(db) = PgDatabase::new() else {
        return;
    };
    let url = db.url(None);
    let env = TestEnv::new();
    env.ok(["init"]);
    let out = env.run(["--db", &url, "init"]);
    assert!(out.status.success(), "{out:?}");
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(said.contains("with the shipped seed (1 process"), "{said}");
    let pair = Pair { env, db, url };
    pair.assert_same_rows();

    let again = pair.env.run(["--db", &pair.url, "init"]);
    assert!(again.status.success(), "{again:?}");
    let said = String::from_utf8_lossy(&again.stderr);
    assert!(said.contains("is up to date"), "{said}");
    pair.assert_same_rows();
}

/// Seeding adds only what the database lacks, on both: on a seeded timeline whose
/// seed round was corrected since, it writes nothing (no write log row either) and the
/// correction stays in force. (What it adds to an empty database, `init` shows above:
/// a seeded `init` on a server is this method in the schema's transaction.)
#[test]
fn insert_missing_adds_what_each_lacks_and_nothing_else() {
    if common::file_only() {
        return;
    }
    let Some(pair) = Pair::new(TestEnv::seeded()) else {
        return;
    };
    let corrected = write(&pair.env, "geneva.toml", &geneva_correction());
    pair.import("2025-12-06T09:00:00Z", &[&corrected], false);
    let seed = || {
        roundfile::load(
            &roundfile::seed_sources(),
            &parley::domain::names::Catalogs::default(),
        )
        .expect("the seed is valid")
    };
    let (on_file, on_server) = pair.db.block_on(async {
        let (file, _) = Database::open(&pair.file()).await.unwrap();
        let on_file = file.insert_missing(seed()).await.unwrap();
        file.close().await;
        let server = pair.server().await;
        let on_server = server.insert_missing(seed()).await.unwrap();
        server.close().await;
        (on_file, on_server)
    });
    assert!(on_file.is_empty(), "{on_file}");
    assert_eq!(on_file, on_server);
    pair.assert_same_rows();
}

/// A correction of one of the seed's statuses, at the seed's round.
fn geneva_correction() -> String {
    r#"
[process]
slug = "ukraine-peace"

[[round]]
slug = "geneva-2025-11-23"

[[round.status]]
item = "prisoner-exchanges"
status = "stalled"
note = "Corrected after the round."
"#
    .to_owned()
}

/// The commands that write through the import, on a server through the binary: a
/// seeded `init`, `import` of round files (with a dry run first), `status set` (a
/// correction) and `seed` print what they print on a file, and leave the same rows.
#[test]
fn init_import_status_set_and_seed_on_a_server_print_and_write_what_they_do_on_a_file() {
    if common::file_only() {
        return;
    }
    let Some(db) = PgDatabase::new() else {
        return;
    };
    let url = db.url(None);
    let mut env = TestEnv::new();
    let commands: [(&str, Vec<&str>); 5] = [
        ("2025-11-30T09:00:00Z", vec!["init"]),
        (
            "2025-12-06T09:00:00Z",
            vec!["import", "--dry-run", FOLLOW_UP, FATES],
        ),
        (
            "2025-12-06T09:00:00Z",
            vec!["import", FOLLOW_UP, SUB_ITEMS, PERSONS],
        ),
        (
            "2025-12-07T09:00:00Z",
            vec![
                "status",
                "set",
                "prisoner-exchanges",
                "--round",
                "follow-up-2025-12-05",
                "--status",
                "stalled",
                "--note",
                "Corrected: the swap was put off.",
            ],
        ),
        ("2025-12-08T09:00:00Z", vec!["seed"]),
    ];
    for (now, args) in commands {
        env.now = now.to_owned();
        let on_file = env.run(&args);
        let mut on_server_args = vec!["--db", url.as_str()];
        on_server_args.extend(&args);
        let on_server = env.run(&on_server_args);
        assert!(on_file.status.success(), "{args:?} {on_file:?}");
        assert!(on_server.status.success(), "{args:?} {on_server:?}");
        assert_eq!(
            String::from_utf8_lossy(&on_file.stdout),
            String::from_utf8_lossy(&on_server.stdout),
            "{args:?}"
        );
    }
    let pair = Pair { env, db, url };
    pair.assert_same_rows();
}
