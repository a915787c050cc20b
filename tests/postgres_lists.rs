//! The listing, person and export reads on a PostgreSQL server give what they give
//! on a file: a timeline is built in a file with the real binary, `parley copy` moves
//! it to a fresh server database (ids included), and then every read the server has
//! of `round list/show`, `item list/show`, `party list`, `source list`, `person
//! list/show`, `outlet list` and `export` is called on both, through the library, for
//! a spread of arguments (every process, round, item and person, unknown ones, and
//! as-of instants before, at, between and after every write), and must return equal
//! values, errors included; the export's dossiers, from which the round files are
//! written, must be equal run by run. The commands that run on a server today print
//! the same bytes from both.
//!
//! Each test takes a database of its own on the server `PARLEY_TEST_POSTGRES` names
//! (`scripts/postgres-test-server start`), and is skipped with a note where it is unset.

mod common;

use std::path::PathBuf;

use common::TestEnv;
use common::postgres::PgDatabase;
use parley::domain::Instant;
use parley::domain::model::Dossier;
use parley::postgres::{Server, ServerUrl};
use parley::storage::Database;

const FOLLOW_UP: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/follow-up.toml");
const FATES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/fates.toml");
const SUB_ITEMS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/sub-items.toml");
const PERSONS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/persons.toml");

/// Runs a command at a given instant.
fn at(env: &mut TestEnv, now: &str, args: &[&str]) -> String {
    env.now = now.to_owned();
    env.ok(args)
}

/// A file holding the Geneva seed, whichever backend the suite runs on: these tests
/// copy a file to a server.
fn seeded_file() -> TestEnv {
    let env = TestEnv::file();
    env.ok(["init"]);
    env
}

/// The synth example (examples/synth.rs), which `cargo test` builds beside the test
/// binaries (`cargo build --example synth` for a narrow run).
fn synth(args: &[&str]) -> String {
    let exe = std::env::current_exe().expect("the test binary's path");
    let profile = exe
        .parent()
        .and_then(|deps| deps.parent())
        .expect("a target folder");
    let binary: PathBuf = profile
        .join("examples")
        .join(format!("synth{}", std::env::consts::EXE_SUFFIX));
    let out = std::process::Command::new(&binary)
        .args(args)
        .output()
        .unwrap_or_else(|e| {
            panic!(
                "run {} (`cargo build --example synth`): {e}",
                binary.display()
            )
        });
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8 output")
}

/// The seed with history, and a synth timeline beside it: the fixtures' rounds, fates,
/// sub-items and persons; a synth process imported and then revised (corrections
/// that supersede); a status corrected; a source, a party, an item and a participant
/// edited; aliases added and removed; a status, a quote and a round retracted; a
/// round's date changed (renumbering the rounds). Each written at its own instant.
fn timeline() -> TestEnv {
    let mut env = seeded_file();
    at(
        &mut env,
        "2025-12-06T09:00:00Z",
        &["import", FOLLOW_UP, FATES, SUB_ITEMS, PERSONS],
    );
    let steps: &[(&str, &[&str])] = &[
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
            "2025-12-08T09:00:00Z",
            &[
                "source",
                "edit",
                "fixture-wire-2025-12-05",
                "--title",
                "Lists exchanged",
            ],
        ),
        (
            "2025-12-08T09:01:00Z",
            &["party", "edit", "us", "--remove-alias", "usa"],
        ),
        (
            "2025-12-08T09:02:00Z",
            &["party", "edit", "ukraine", "--name", "Ukraine (Kyiv)"],
        ),
        (
            "2025-12-08T09:03:00Z",
            &[
                "item",
                "edit",
                "energy-infrastructure",
                "--title",
                "Strikes on energy",
            ],
        ),
        (
            "2025-12-08T09:03:30Z",
            &["party", "edit", "us", "--add-alias", "Uncle Sam"],
        ),
        (
            "2025-12-08T09:03:35Z",
            &["party", "edit", "us", "--add-alias", "Washington"],
        ),
        (
            "2025-12-08T09:03:40Z",
            &["party", "edit", "us", "--remove-alias", "Uncle Sam"],
        ),
        (
            "2025-12-08T09:04:00Z",
            &[
                "round",
                "edit",
                "follow-up-2025-12-05",
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
    ];
    for (now, args) in steps {
        at(&mut env, now, args);
    }
    let args = [
        "--rounds", "30", "--items", "10", "--seed", "5", "--prefix", "s-",
    ];
    let plain = env.write("plain.toml", &synth(&args));
    let revised = env.write(
        "revised.toml",
        &synth(&[&args[..], &["--revised"]].concat()),
    );
    at(
        &mut env,
        "2025-12-10T10:00:00Z",
        &["import", plain.to_str().unwrap()],
    );
    at(
        &mut env,
        "2025-12-10T11:00:00Z",
        &["import", revised.to_str().unwrap()],
    );
    at(
        &mut env,
        "2025-12-11T09:00:00Z",
        &[
            "round",
            "retract",
            "s-round-00003",
            "--process",
            "s-synthetic",
            "--reason",
            "Never held",
        ],
    );
    // A round moved to the front: the rounds are numbered differently before and after.
    at(
        &mut env,
        "2025-12-11T09:30:00Z",
        &[
            "round",
            "edit",
            "s-round-00010",
            "--process",
            "s-synthetic",
            "--date",
            "2019-06-01",
        ],
    );
    env
}

/// A fresh server database holding a copy of `env`'s file; None where no test server
/// is configured.
fn copied(env: &TestEnv) -> Option<(PgDatabase, ServerUrl)> {
    let db = PgDatabase::new()?;
    let url = db.url(None);
    env.ok(["copy", "--from", "parley.db", "--to", &url]);
    let url = ServerUrl::parse(&url).expect("a server URL");
    Some((db, url))
}

/// Both backends' answers to one call, errors as their messages.
macro_rules! same {
    ($file:expr, $server:expr, $method:ident ( $($arg:expr),* )) => {{
        let on_file = $file.$method($($arg),*).await.map_err(|e| e.to_string());
        let on_server = $server.$method($($arg),*).await.map_err(|e| e.to_string());
        assert_eq!(
            on_file,
            on_server,
            "{} ({}) differs between the file and the server",
            stringify!($method),
            stringify!($($arg),*)
        );
        on_file
    }};
}

/// The ids and names to call the reads with, read from the file (the server holds the
/// same ids), with one of each that names nothing.
struct Arguments {
    processes: Vec<i64>,
    rounds: Vec<i64>,
    items: Vec<(i64, String)>,
    persons: Vec<String>,
    instants: Vec<Option<Instant>>,
}

impl Arguments {
    fn of(env: &TestEnv) -> Arguments {
        let ids = |sql: &str| -> Vec<i64> {
            env.query(sql)
                .into_iter()
                .map(|r| r[0].parse().unwrap())
                .collect()
        };
        let mut processes = ids("SELECT process_id FROM process ORDER BY process_id");
        processes.push(9999);
        let mut rounds = ids("SELECT round_id FROM round ORDER BY round_id");
        rounds.push(99999);
        let mut items: Vec<(i64, String)> = env
            .query("SELECT process_id, slug FROM agenda_item ORDER BY agenda_item_id")
            .into_iter()
            .map(|r| (r[0].parse().unwrap(), r[1].clone()))
            .collect();
        items.push((processes[0], "no-such-item".into()));
        let mut persons: Vec<String> = env
            .query("SELECT slug FROM person ORDER BY person_id")
            .into_iter()
            .map(|mut r| r.remove(0))
            .collect();
        persons.push("no-such-person".into());
        // Every write's instant, a millisecond before and after it, and the ends of
        // time: before, at, between and after each write.
        let mut instants = vec![
            None,
            Some(Instant::START_OF_TIME),
            Some(Instant::END_OF_TIME),
        ];
        for r in env.query("SELECT DISTINCT recorded_at FROM write_log ORDER BY 1") {
            let at = Instant::parse(&r[0]).unwrap().to_datetime();
            for delta in [-1, 0, 1] {
                let moved = at + chrono::TimeDelta::milliseconds(delta);
                instants.push(Some(Instant::new(moved).unwrap()));
            }
        }
        Arguments {
            processes,
            rounds,
            items,
            persons,
            instants,
        }
    }
}

/// The commands of this area that run on a server today print, in every format, the
/// very bytes they print from the file.
fn commands_agree(env: &TestEnv, url: &str) {
    for command in [
        ["party", "list"],
        ["source", "list"],
        ["person", "list"],
        ["outlet", "list"],
    ] {
        for format in ["table", "csv", "json", "markdown"] {
            let args = [command[0], command[1], "--format", format];
            let on_file = env.ok(args);
            let on_server = env.ok([&["--db", url][..], &args[..]].concat());
            assert!(!on_file.is_empty(), "{args:?} prints");
            assert_eq!(on_file, on_server, "{args:?} on the file and on the server");
        }
    }
    let same = |args: &[&str]| {
        let on_file = env.ok(args);
        let on_server = env.ok([&["--db", url][..], args].concat());
        assert!(!on_file.is_empty(), "{args:?} prints");
        assert_eq!(on_file, on_server, "{args:?} on the file and on the server");
    };
    let slugs = |sql: &str| -> Vec<String> {
        env.query(sql)
            .into_iter()
            .map(|mut r| r.remove(0))
            .collect()
    };
    for process in slugs("SELECT slug FROM process ORDER BY process_id") {
        let p = process.as_str();
        for format in ["table", "json"] {
            same(&["round", "list", "--process", p, "--format", format]);
            same(&["item", "list", "--process", p, "--format", format]);
        }
        let rounds = slugs(&format!(
            "SELECT r.slug FROM round r JOIN process p USING (process_id)
             JOIN round_order o USING (round_id) WHERE p.slug = '{p}' ORDER BY r.round_id"
        ));
        for round in rounds.iter().take(12) {
            same(&["round", "show", round, "--process", p]);
            same(&[
                "round",
                "show",
                round,
                "--process",
                p,
                "--retracted",
                "--format",
                "json",
            ]);
        }
        let items = slugs(&format!(
            "SELECT i.slug FROM agenda_item i JOIN process p USING (process_id)
             WHERE p.slug = '{p}' ORDER BY i.agenda_item_id"
        ));
        for item in &items {
            same(&["item", "show", item, "--process", p, "--retracted"]);
        }
    }
    for person in slugs("SELECT slug FROM person ORDER BY person_id") {
        same(&["person", "show", &person, "--format", "json"]);
    }
}

/// Opens `env`'s file and its copy on the server, runs the commands on both, and runs
/// `check` on both through the library.
fn on_both(env: &TestEnv, check: impl AsyncFnOnce(&Database, &Server, &Arguments)) {
    let Some((db, url)) = copied(env) else { return };
    commands_agree(env, &db.url(None));
    let arguments = Arguments::of(env);
    db.block_on(async {
        let file = Database::open_read_only(env.file_path())
            .await
            .expect("open the file");
        let server = Server::open(&url).await.expect("open the server database");
        check(&file, &server, &arguments).await;
        server.close().await;
        file.close().await;
    });
}

/// Every listing and person read, for every argument.
async fn listings_agree(file: &Database, server: &Server, args: &Arguments) {
    let mut rounds_listed = 0;
    for &process in &args.processes {
        rounds_listed += same!(file, server, list_rounds(process)).map_or(0, |r| r.len());
        same!(file, server, list_items(process)).unwrap();
    }
    assert!(rounds_listed > 0, "the timeline lists rounds");
    let mut shown = 0;
    for &round in &args.rounds {
        for retracted in [false, true] {
            shown += same!(file, server, round_detail(round, retracted))
                .map_or(0, |d| d.statuses.len() + d.positions.len() + d.quotes.len());
        }
    }
    assert!(shown > 0, "the rounds shown hold claims");
    let mut records = 0;
    for (process, item) in &args.items {
        for &as_of in &args.instants {
            records += same!(file, server, item_records(*process, item, as_of))
                .unwrap()
                .len();
        }
    }
    assert!(records > 0, "the items hold records");
    let parties = same!(file, server, list_parties()).unwrap();
    assert!(
        parties
            .iter()
            .any(|p| p.aliases.as_deref().is_some_and(|a| a.contains(", ")))
    );
    same!(file, server, list_sources()).unwrap();
    same!(file, server, list_persons()).unwrap();
    same!(file, server, list_outlets()).unwrap();
    for person in &args.persons {
        same!(file, server, person_records(person)).unwrap();
    }
}

/// What an export hands over, run by run, or the error it stopped with.
async fn exported<F>(export: F) -> Result<Vec<Dossier>, String>
where
    F: AsyncFnOnce(&mut dyn FnMut(Dossier)) -> parley::Result<()>,
{
    let mut runs = Vec::new();
    export(&mut |dossier| runs.push(dossier))
        .await
        .map_err(|e| e.to_string())?;
    Ok(runs)
}

/// `export` of every process, whole and round by round, and of a few rounds at once:
/// the same dossiers, run by run, from which the round files are written (so the same
/// bytes).
async fn exports_agree(file: &Database, server: &Server, args: &Arguments) {
    let mut choices: Vec<Vec<i64>> = vec![Vec::new()];
    choices.extend(args.rounds.iter().map(|&r| vec![r]));
    choices.push(args.rounds.iter().step_by(3).copied().collect());
    let mut rounds = 0;
    for &process in &args.processes {
        for chosen in &choices {
            let on_file = exported(async |send| {
                file.export(process, chosen, async |d| {
                    send(d);
                    true
                })
                .await
            })
            .await;
            let on_server = exported(async |send| {
                server
                    .export(process, chosen, async |d| {
                        send(d);
                        true
                    })
                    .await
            })
            .await;
            assert_eq!(
                on_file, on_server,
                "export of process {process}, rounds {chosen:?}"
            );
            rounds += on_file.map_or(0, |runs| runs.iter().map(|d| d.rounds.len()).sum());
        }
    }
    assert!(rounds > 0, "the exports hold rounds");
}

#[test]
fn the_seed_reads_the_same_on_a_server() {
    if common::file_only() {
        return;
    }
    let env = seeded_file();
    on_both(&env, async |file, server, args| {
        listings_agree(file, server, args).await;
        exports_agree(file, server, args).await;
    });
}

#[test]
fn a_timeline_with_history_reads_the_same_on_a_server() {
    if common::file_only() {
        return;
    }
    let env = timeline();
    for table in [
        "party_alias_history",
        "retraction",
        "round_history",
        "person",
    ] {
        assert!(env.count(table) > 0, "the timeline fills {table}");
    }
    on_both(&env, async |file, server, args| {
        listings_agree(file, server, args).await;
        exports_agree(file, server, args).await;
    });
}
