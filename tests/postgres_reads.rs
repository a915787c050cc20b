//! The reads `report`, `diff`, `timeline` and every command's name resolution are
//! built on give the same values on a server as on a file: a timeline is built in a
//! file through the binary, `parley copy` moves it to a fresh server database (ids
//! included), and every read method of `Database` and of `postgres::Server` is called
//! on both with the same arguments: every process, round, item, party and source,
//! names that resolve and names that do not (the same error), and as-of instants
//! before, at and after every write.
//!
//! Then the commands these reads complete (`report` in every format, with `--as-of`
//! and `--since`; `diff`; `timeline`) are run through the binary on the file and on
//! the server: the same standard output, byte for byte, and the same errors.
//!
//! The timelines are files whatever `PARLEY_TEST_BACKEND` says (`TestEnv::file`): the
//! test is about a file and its copy. Each test takes a database of its own on the server `PARLEY_TEST_POSTGRES` names
//! (`scripts/postgres-test-server start`), and is skipped with a note where it is unset.

mod common;

use std::fmt::Debug;
use std::path::PathBuf;
use std::process::Command;

use chrono::TimeDelta;
use common::TestEnv;
use common::postgres::PgDatabase;
use parley::domain::Instant;
use parley::domain::names::{Named, NamesUsed};
use parley::storage::postgres::{Server, ServerUrl};
use parley::storage::{Database, RetractTarget};

const FOLLOW_UP: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/follow-up.toml");
const FATES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/fates.toml");
const SUB_ITEMS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/sub-items.toml");
const PERSONS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/persons.toml");

/// Runs a command at a given instant.
fn at(env: &mut TestEnv, now: &str, args: &[&str]) {
    env.now = now.to_owned();
    env.ok(args);
}

/// The Geneva seed, then at later instants each: the fixtures' rounds, fates,
/// sub-items and persons; a status and a position corrected; a source, a party, an
/// item and a round edited (each keeping its earlier version); an alias added and
/// removed; a status, a quote, a note, a position and a commitment retracted; and
/// the scheduled round
/// retracted (it leaves the numbering; its slug is answered with its retraction).
fn seed_with_history() -> TestEnv {
    let mut env = TestEnv::file();
    env.ok(["init"]);
    let steps: &[(&str, &[&str])] = &[
        (
            "2025-12-06T09:00:00Z",
            &["import", FOLLOW_UP, FATES, SUB_ITEMS, PERSONS],
        ),
        (
            "2025-12-07T09:00:00Z",
            &[
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
        (
            "2025-12-07T10:00:00Z",
            &[
                "source",
                "edit",
                "fixture-wire-2025-12-05",
                "--title",
                "Follow-up talks: lists exchanged",
            ],
        ),
        (
            "2025-12-08T09:00:00Z",
            &["party", "edit", "ukraine", "--name", "Ukraine (Kyiv)"],
        ),
        (
            "2025-12-08T09:01:00Z",
            &["party", "edit", "us", "--add-alias", "Uncle Sam"],
        ),
        (
            "2025-12-08T09:02:00Z",
            &["party", "edit", "us", "--remove-alias", "usa"],
        ),
        (
            "2025-12-08T09:03:00Z",
            &[
                "item",
                "edit",
                "energy-infrastructure",
                "--title",
                "Strikes on energy infrastructure",
            ],
        ),
        (
            "2025-12-08T09:04:00Z",
            &[
                "round",
                "edit",
                "follow-up-2025-12-05",
                "--title",
                "Follow-up talks (Abu Dhabi)",
                "--party",
                "US:host:led by the envoy",
            ],
        ),
        (
            "2025-12-09T09:00:00Z",
            &[
                "status",
                "retract",
                "--round",
                "follow-up-2025-12-05",
                "--item",
                "humanitarian-coordination",
                "--reason",
                "The mechanism was Geneva's",
            ],
        ),
        (
            "2025-12-09T09:10:00Z",
            &[
                "quote",
                "retract",
                "1",
                "--reason",
                "Attributed to the wrong official",
            ],
        ),
        (
            "2025-12-09T09:20:00Z",
            &[
                "note",
                "retract",
                "2",
                "--reason",
                "Written about another round",
            ],
        ),
        (
            "2025-12-09T09:30:00Z",
            &[
                "position",
                "retract",
                "--round",
                "geneva-2025-11-23",
                "--item",
                "localized-ceasefires",
                "--party",
                "us",
                "--reason",
                "Said by an observer",
            ],
        ),
        (
            "2025-12-09T09:40:00Z",
            &[
                "commitment",
                "retract",
                "first-prisoner-swap",
                "--reason",
                "Never agreed",
            ],
        ),
        (
            "2025-12-10T09:00:00Z",
            &[
                "round",
                "retract",
                "next-round-2026-01",
                "--reason",
                "Never announced",
            ],
        ),
    ];
    for (now, args) in steps {
        at(&mut env, now, args);
    }
    env
}

/// The synth example, which `cargo test` builds beside the test binaries.
fn synth_binary() -> PathBuf {
    let exe = std::env::current_exe().expect("the test binary's path");
    let profile = exe
        .parent()
        .and_then(|deps| deps.parent())
        .expect("a target folder");
    profile
        .join("examples")
        .join(format!("synth{}", std::env::consts::EXE_SUFFIX))
}

fn synth(args: &[&str]) -> String {
    let out = Command::new(synth_binary())
        .args(args)
        .output()
        .expect("run synth (`cargo test` builds examples)");
    assert!(out.status.success(), "synth {args:?}: {out:?}");
    String::from_utf8(out.stdout).expect("UTF-8")
}

/// A synth timeline (every kind of record synth writes), then its revised file (about
/// one status in ten corrected), a status retracted and a round retracted, each at
/// its own instant.
fn synth_with_corrections() -> TestEnv {
    let mut env = TestEnv::file();
    env.ok(["init", "--empty"]);
    let args = ["--rounds", "24", "--items", "12", "--seed", "3"];
    let plain = env.write("plain.toml", &synth(&args));
    let revised = env.write(
        "revised.toml",
        &synth(&[&args[..], &["--revised"]].concat()),
    );
    at(
        &mut env,
        "2026-01-01T09:00:00Z",
        &["import", plain.to_str().unwrap()],
    );
    at(
        &mut env,
        "2026-01-02T09:00:00Z",
        &["import", revised.to_str().unwrap()],
    );
    let round = |env: &TestEnv, n: usize| {
        env.query("SELECT slug FROM round ORDER BY round_id")[n][0].clone()
    };
    let item = env.query("SELECT slug FROM agenda_item ORDER BY agenda_item_id")[1][0].clone();
    let (third, fifth) = (round(&env, 3), round(&env, 5));
    at(
        &mut env,
        "2026-01-03T09:00:00Z",
        &[
            "status", "retract", "--round", &third, "--item", &item, "--reason", "Misread",
        ],
    );
    at(
        &mut env,
        "2026-01-04T09:00:00Z",
        &["round", "retract", &fifth, "--reason", "Logged twice"],
    );
    env
}

/// The same command on the file and on the server: the same exit status, standard
/// output and standard error, byte for byte. Whether it succeeded.
fn same_output(env: &TestEnv, url: &str, args: &[&str]) -> bool {
    let on_file = env.run(args);
    let on_server = env.run([&["--db", url][..], args].concat());
    assert_eq!(
        String::from_utf8_lossy(&on_file.stdout),
        String::from_utf8_lossy(&on_server.stdout),
        "{args:?}"
    );
    assert_eq!(
        String::from_utf8_lossy(&on_file.stderr),
        String::from_utf8_lossy(&on_server.stderr),
        "{args:?}"
    );
    assert_eq!(on_file.status.code(), on_server.status.code(), "{args:?}");
    on_file.status.success()
}

/// `report` in every format, as of every day written and around the writes, since
/// each round; `diff` between rounds; `timeline` of the process, of each item, as of
/// each instant; and names that do not resolve (the same error, exit code and all).
fn commands_agree(env: &TestEnv, url: &str, as_ofs: &[String]) {
    let rounds: Vec<String> = env
        .query("SELECT round FROM round_sequence ORDER BY number")
        .into_iter()
        .map(|mut row| row.remove(0))
        .collect();
    let items: Vec<String> = env
        .query("SELECT slug FROM agenda_item ORDER BY agenda_item_id")
        .into_iter()
        .map(|mut row| row.remove(0))
        .collect();
    for format in ["json", "markdown", "csv", "table", "html"] {
        assert!(same_output(env, url, &["report", "--format", format]));
    }
    for as_of in as_ofs {
        assert!(same_output(
            env,
            url,
            &["report", "--format", "json", "--as-of", as_of]
        ));
        assert!(same_output(env, url, &["timeline", "--as-of", as_of]));
    }
    for since in rounds
        .iter()
        .map(String::as_str)
        .chain(["latest", "previous"])
    {
        assert!(same_output(
            env,
            url,
            &["report", "--format", "markdown", "--since", since]
        ));
    }
    // Each round against the next, and the first against the last, both ways.
    for pair in rounds.windows(2) {
        assert!(same_output(env, url, &["diff", &pair[0], &pair[1]]));
    }
    let (first, last) = (&rounds[0], &rounds[rounds.len() - 1]);
    assert!(same_output(env, url, &["diff", first, last]));
    assert!(same_output(env, url, &["diff", last, first]));
    assert!(same_output(env, url, &["diff", "previous", "latest"]));
    assert!(same_output(env, url, &["timeline"]));
    for item in &items {
        assert!(same_output(
            env,
            url,
            &["timeline", item, "--format", "csv"]
        ));
    }
    for refused in [
        &["report", "--since", "nowhere"][..],
        &["report", "--process", "nope"],
        &["report", "--as-of", "not a time"],
        &["diff", &rounds[0], "nowhere"],
        &["diff", "999", "latest"],
        &["timeline", "nope"],
    ] {
        assert!(!same_output(env, url, refused), "{refused:?}");
    }
}

/// A file and its copy on a fresh server database, both opened through the library.
struct Both {
    file: Database,
    server: Server,
    /// The file's folder, removed when both are dropped.
    _env: TestEnv,
}

/// Copies `env`'s file to a fresh server database, runs the commands on both
/// (`as_ofs`: the instants to report as of), and `check` on both opened.
fn on_both(env: TestEnv, as_ofs: &[&str], check: impl AsyncFnOnce(&Both)) {
    let Some(pg) = PgDatabase::new() else { return };
    let url = pg.url(None);
    env.ok(["copy", "--from", "parley.db", "--to", &url]);
    let as_ofs: Vec<String> = as_ofs.iter().map(|t| t.to_string()).collect();
    commands_agree(&env, &url, &as_ofs);
    pg.block_on(async {
        let file = Database::open_read_only(&env.db)
            .await
            .expect("open the file");
        let server = Server::open(&ServerUrl::parse(&url).expect("a URL"))
            .await
            .expect("open the server");
        let both = Both {
            file,
            server,
            _env: env,
        };
        check(&both).await;
        both.server.close().await;
        both.file.close().await;
    });
}

/// The same value from both, or the same error; the file's value.
fn same<T: PartialEq + Debug>(
    what: &str,
    file: parley::Result<T>,
    server: parley::Result<T>,
) -> Option<T> {
    match (file, server) {
        (Ok(file), Ok(server)) => {
            assert_eq!(file, server, "{what}");
            Some(file)
        }
        (Err(file), Err(server)) => {
            assert_eq!(file.to_string(), server.to_string(), "{what}");
            None
        }
        (file, server) => panic!("{what}: the file gave {file:?}, the server {server:?}"),
    }
}

/// Calls a method with the same arguments on both and asserts they agree.
macro_rules! same {
    ($both:expr, $method:ident ( $($arg:expr),* )) => {
        same(
            &format!("{}{:?}", stringify!($method), ($(&$arg,)*)),
            $both.file.$method($($arg),*).await,
            $both.server.$method($($arg),*).await,
        )
    };
    ($both:expr, $method:ident ( $($arg:expr),* ), $what:expr) => {
        same(
            &format!("{}: {}", stringify!($method), $what),
            $both.file.$method($($arg),*).await,
            $both.server.$method($($arg),*).await,
        )
    };
}

impl Both {
    /// The one column of a query on the file, as text.
    async fn column(&self, sql: &str) -> Vec<String> {
        let sql = format!("WITH q (v) AS ({sql}) SELECT CAST(v AS TEXT) FROM q");
        sqlx::query_scalar(sqlx::AssertSqlSafe(sql))
            .fetch_all(self.file.pool())
            .await
            .expect("a query of the file")
    }

    async fn ids(&self, sql: &str) -> Vec<i64> {
        let ids = self.column(sql).await;
        ids.iter().map(|id| id.parse().unwrap()).collect()
    }

    /// Every instant something was written, each with the instants just before and
    /// just after it, and both ends of time.
    async fn as_ofs(&self) -> Vec<Option<Instant>> {
        let written = self.column(
            "SELECT DISTINCT recorded_at FROM (
                 SELECT recorded_at FROM write_log UNION SELECT recorded_at FROM round
                 UNION SELECT recorded_at FROM status_record UNION SELECT recorded_at FROM agenda_item
                 UNION SELECT replaced_at FROM party_history UNION SELECT replaced_at FROM round_history)
             ORDER BY 1",
            )
            .await;
        assert!(written.len() > 2, "{written:?}");
        let mut as_ofs = vec![
            None,
            Some(Instant::START_OF_TIME),
            Some(Instant::END_OF_TIME),
        ];
        for text in written {
            let t: Instant = text.parse().expect("an instant");
            let ms = TimeDelta::milliseconds(1);
            for moment in [t.to_datetime() - ms, t.to_datetime(), t.to_datetime() + ms] {
                as_ofs.push(Some(Instant::new(moment).unwrap()));
            }
        }
        as_ofs
    }
}

/// The names the file knows, in the case they were written, in other cases, and
/// names it does not.
async fn names(both: &Both, sql: &str) -> Vec<String> {
    let mut names = both.column(sql).await;
    let cased: Vec<String> = names
        .iter()
        .flat_map(|n| [n.to_uppercase(), n.to_lowercase(), format!(" {n} ")])
        .collect();
    names.extend(cased);
    names.extend([
        "nope".into(),
        String::new(),
        "Ukrane".into(),
        "latest".into(),
    ]);
    names
}

/// Every catalog, and every name of every kind resolved by index.
async fn catalogs_agree(both: &Both) {
    same!(both, process_catalog());
    same!(both, party_catalog());
    same!(both, source_catalog());
    same!(both, catalogs());
    for kind in [Named::Party, Named::Person, Named::Outlet] {
        same!(both, named_catalog(kind));
    }
    let party_names = names(
        both,
        "SELECT slug FROM party UNION ALL SELECT name FROM party UNION ALL SELECT short_code FROM party
         WHERE short_code IS NOT NULL UNION ALL SELECT alias FROM party_alias",
    ).await;
    for name in &party_names {
        same!(both, party_by_index(name));
    }
    for (kind, sql) in [
        (Named::Party, "SELECT alias FROM party_alias"),
        (
            Named::Person,
            "SELECT slug FROM person UNION ALL SELECT alias FROM person_alias",
        ),
        (
            Named::Outlet,
            "SELECT slug FROM outlet UNION ALL SELECT alias FROM outlet_alias",
        ),
    ] {
        for name in names(both, sql).await {
            same!(both, named_by_index(kind, &name));
        }
    }
    for slug in names(both, "SELECT slug FROM source").await {
        same!(both, source_by_slug(&slug));
    }
    let processes = both.column("SELECT slug FROM process").await;
    let sources = both
        .column("SELECT slug FROM source ORDER BY source_id DESC")
        .await;
    let rounds: Vec<(String, String)> = sqlx::query_as(
        "SELECT p.slug, r.slug FROM round r JOIN process p USING (process_id) ORDER BY r.round_id DESC",
    )
    .fetch_all(both.file.pool())
    .await
    .unwrap();
    for used in [
        NamesUsed::default(),
        NamesUsed {
            processes: processes.clone(),
            sources: sources.clone(),
            rounds: rounds.clone(),
        },
        NamesUsed {
            processes: vec!["nope".into(), processes[0].clone()],
            sources: vec![
                sources[0].clone(),
                "nope".into(),
                sources[sources.len() - 1].clone(),
            ],
            rounds: vec![
                rounds[rounds.len() - 1].clone(),
                ("nope".into(), rounds[0].1.clone()),
                (rounds[0].0.clone(), "nope".into()),
                rounds[0].clone(),
            ],
        },
    ] {
        same!(both, catalogs_for(&used), format!("{used:?}"));
    }
}

/// Every process's items, rounds, names of rounds, commitments, movements, diffs and
/// template facts; every retraction lookup.
async fn rounds_and_items_agree(both: &Both) {
    for slug in names(both, "SELECT slug FROM process").await {
        same!(both, process_id(&slug));
    }
    for process_id in both.ids("SELECT process_id FROM process").await {
        same!(both, item_catalog(process_id));
        let items = names(
            both,
            &format!("SELECT slug FROM agenda_item WHERE process_id = {process_id}"),
        )
        .await;
        for item in &items {
            same!(both, item_by_slug(process_id, item));
            same!(both, item_and_ancestors(process_id, item));
            same!(both, item_id(process_id, item));
        }
        let rounds = same!(both, rounds(process_id)).unwrap();
        assert!(!rounds.is_empty());
        let mut round_names = names(
            both,
            &format!(
                "SELECT slug FROM round WHERE process_id = {process_id}
                 UNION ALL SELECT title FROM round WHERE process_id = {process_id}"
            ),
        )
        .await;
        round_names.extend(["previous", "0", "1", "#2", "999", "-1"].map(String::from));
        for name in &round_names {
            same!(both, resolve_round(process_id, name, "--round"));
            same!(both, round_by_slug(process_id, name));
            same!(both, round_exists(process_id, name));
            same!(both, retracted_round(process_id, name));
            for shown in [0, 1, 3, 100] {
                same!(both, round_and_later(process_id, name, shown));
            }
        }
        for commitment in names(both, "SELECT slug FROM commitment").await {
            same!(both, rounds_with_commitment(process_id, &commitment));
        }
        same!(both, commitment_slugs(process_id));
        for sources in [0, 1, 3, 1000] {
            same!(both, next_round_facts(process_id, sources));
        }
        let item_ids = both
            .ids(&format!(
                "SELECT agenda_item_id FROM agenda_item WHERE process_id = {process_id}"
            ))
            .await;
        for round in &rounds {
            for &item in &item_ids {
                same!(both, movement_at(item, round.round_id));
            }
        }
        // Every pair for a few rounds; for many, each round against its neighbour, the
        // first and the last.
        let n = rounds.len();
        for (i, a) in rounds.iter().enumerate() {
            for (j, b) in rounds.iter().enumerate() {
                if n <= 6 || j == i || j == i + 1 || i == j + 1 || j == 0 || j == n - 1 {
                    same!(both, statuses_at(a, b), format!("{} → {}", a.slug, b.slug));
                    same!(both, stances_at(a, b), format!("{} → {}", a.slug, b.slug));
                }
            }
        }
    }
    retractions_agree(both).await;
}

/// The retraction of every round, item's status, party's stance, commitment, quote
/// and note, retracted or not, and of ones that do not exist; every retraction the
/// file holds is found (through the target its command names) at least once.
async fn retractions_agree(both: &Both) {
    let rounds = both
        .ids("SELECT round_id FROM round UNION ALL SELECT 999999")
        .await;
    let items = both
        .column("SELECT DISTINCT slug FROM agenda_item UNION ALL SELECT 'nope'")
        .await;
    let commitments = both
        .column("SELECT DISTINCT slug FROM commitment UNION ALL SELECT 'nope'")
        .await;
    let mut targets = Vec::new();
    for &round_id in &rounds {
        targets.push(RetractTarget::Round { round_id });
        for item in &items {
            targets.push(RetractTarget::Status { round_id, item });
        }
        for slug in &commitments {
            targets.push(RetractTarget::Commitment { round_id, slug });
        }
    }
    // Every position's (round, party, item), and ones with an unknown party or item.
    let positions: Vec<(i64, String, String)> = sqlx::query_as(
        "SELECT p.round_id, pa.slug, i.slug FROM position p
         JOIN party pa ON pa.party_id = p.party_id
         JOIN agenda_item i ON i.agenda_item_id = p.agenda_item_id
         UNION ALL SELECT round_id, 'nope', 'localized-ceasefires' FROM round
         UNION ALL SELECT round_id, 'us', 'nope' FROM round",
    )
    .fetch_all(both.file.pool())
    .await
    .unwrap();
    for (round_id, party, item) in &positions {
        targets.push(RetractTarget::Position {
            round_id: *round_id,
            party,
            item,
        });
    }
    let quotes = both
        .ids("SELECT quote_id FROM quote UNION ALL SELECT 999999")
        .await;
    let notes = both
        .ids("SELECT round_note_id FROM round_note UNION ALL SELECT 999999")
        .await;
    for process_id in both
        .ids("SELECT process_id FROM process UNION ALL SELECT 999999")
        .await
    {
        for &quote_id in &quotes {
            targets.push(RetractTarget::Quote {
                process_id,
                quote_id,
            });
        }
        for &round_note_id in &notes {
            targets.push(RetractTarget::Note {
                process_id,
                round_note_id,
            });
        }
    }
    let mut found = 0;
    for target in targets {
        if let Some(Some(_)) = same!(both, retraction(target)) {
            found += 1;
        }
    }
    let retractions = both.ids("SELECT count(*) FROM retraction").await[0];
    assert!(found >= retractions as usize, "{found} of {retractions}");
}

/// Every read a report and a timeline are built from, as of every instant.
async fn reports_agree(both: &Both) {
    let as_ofs = both.as_ofs().await;
    for process_id in both
        .ids("SELECT process_id FROM process UNION ALL SELECT 999999")
        .await
    {
        let items: Vec<Option<String>> = [None, Some("nope".to_owned())]
            .into_iter()
            .chain(
                both.column(&format!(
                    "SELECT slug FROM agenda_item WHERE process_id = {process_id}"
                ))
                .await
                .into_iter()
                .map(Some),
            )
            .collect();
        for &as_of in &as_ofs {
            let when = format!("process {process_id} as of {as_of:?}");
            let rounds = same!(both, report_rounds(process_id, as_of), &when).unwrap();
            same!(both, report_items(process_id, as_of), &when);
            let statuses = report_statuses_agree(both, process_id, as_of).await;
            same!(both, report_positions(process_id, as_of), &when);
            same!(both, report_commitments(process_id, as_of), &when);
            same!(both, report_round_notes(process_id, as_of), &when);
            same!(both, report_quotes(process_id, as_of), &when);
            let ids: Vec<i64> = statuses.iter().map(|s| s.status_record_id).collect();
            same!(both, report_notes(&ids), &when);
            same!(both, report_citations(&ids, as_of), &when);
            let round_ids: Vec<i64> = rounds.iter().map(|r| r.round_id).collect();
            same!(both, report_round_citations(&round_ids), &when);
            for item in &items {
                same!(
                    both,
                    status_history(process_id, item.as_deref(), as_of),
                    &when
                );
            }
        }
    }
}

/// `report_statuses` on both: the same records, grouped by item in the same order.
/// Within an item SQLite's order is its plan's (json_group_array over a group the
/// statement does not order), which the report does not rely on (it sorts each
/// item's records by round): the records of each item are compared as sets.
async fn report_statuses_agree(
    both: &Both,
    process_id: i64,
    as_of: Option<Instant>,
) -> Vec<parley::storage::StatusRow> {
    let file = both.file.report_statuses(process_id, as_of).await.unwrap();
    let server = both
        .server
        .report_statuses(process_id, as_of)
        .await
        .unwrap();
    let items = |rows: &[parley::storage::StatusRow]| {
        let mut items: Vec<i64> = rows.iter().map(|s| s.agenda_item_id).collect();
        items.dedup();
        items
    };
    assert_eq!(
        items(&file),
        items(&server),
        "items of {process_id} as of {as_of:?}"
    );
    let sorted = |mut rows: Vec<parley::storage::StatusRow>| {
        rows.sort_by_key(|s| (s.agenda_item_id, s.status_record_id));
        rows
    };
    let file = sorted(file);
    assert_eq!(
        file,
        sorted(server),
        "report_statuses({process_id}, {as_of:?})"
    );
    file
}

#[test]
fn the_seed_with_its_history_reads_the_same_on_a_server() {
    let env = seed_with_history();
    assert!(env.count("retraction") >= 4);
    assert!(env.count("round_history") > 0);
    let as_ofs = [
        "2025-11-23",
        "2025-11-24T09:00:00Z",
        "2025-12-06",
        "2025-12-07T09:00:00Z",
        "2025-12-07T09:59:59.999Z",
        "2025-12-08T09:02:00Z",
        "2025-12-09T09:05:00Z",
        "2025-12-09",
        "2025-12-10T09:00:00Z",
        "2030-01-01",
    ];
    on_both(env, &as_ofs, async |both| {
        catalogs_agree(both).await;
        rounds_and_items_agree(both).await;
        reports_agree(both).await;
    });
}

#[test]
fn a_synth_timeline_with_corrections_reads_the_same_on_a_server() {
    let env = synth_with_corrections();
    let corrections: i64 = env
        .query("SELECT count(*) FROM status_record WHERE supersedes_status_record_id IS NOT NULL")
        [0][0]
        .parse()
        .unwrap();
    assert!(corrections > 0, "the revised file corrects statuses");
    assert_eq!(env.count("retraction"), 2);
    let as_ofs = [
        "2025-12-31",
        "2026-01-01T09:00:00Z",
        "2026-01-01",
        "2026-01-02T08:59:59.999Z",
        "2026-01-02T09:00:00Z",
        "2026-01-03T09:00:00Z",
        "2026-01-04",
    ];
    on_both(env, &as_ofs, async |both| {
        catalogs_agree(both).await;
        rounds_and_items_agree(both).await;
        reports_agree(both).await;
    });
}
