//! First use under concurrency: on a path that does not exist yet, any number of
//! processes running any commands at once create the schema and import the seed
//! exactly once; re-seeding a database that has the seed never writes.

mod common;

use std::process::{Child, Stdio};

use common::TestEnv;

/// Every table that holds records, for counting.
const TABLES: [&str; 17] = [
    "process",
    "party",
    "party_alias",
    "source",
    "agenda_item",
    "round",
    "round_history",
    "round_party",
    "status_record",
    "position",
    "commitment",
    "commitment_party",
    "commitment_fate",
    "quote",
    "round_note",
    "citation",
    "_sqlx_migrations",
];

fn counts(env: &TestEnv) -> Vec<(&'static str, i64)> {
    TABLES.iter().map(|t| (*t, env.count(t))).collect()
}

/// A file as the first release of Parley left it: the first migration only.
fn create_at_first_migration(db: &std::path::Path, first: i64) {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
        .block_on(async {
            let options = sqlx::sqlite::SqliteConnectOptions::new()
                .filename(db)
                .create_if_missing(true);
            let pool = sqlx::SqlitePool::connect_with(options).await.unwrap();
            parley::storage::MIGRATOR
                .run_to(first, &pool)
                .await
                .unwrap();
            pool.close().await;
        });
}

fn spawn(env: &TestEnv, args: &[&str]) -> Child {
    env.std_cmd()
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn parley")
}

/// Eight processes at once on a new path: two set statuses on the seed's round,
/// the others read. Before the fix most trials lost a status set that reported
/// success (another process re-imported the seed over it), and some processes
/// failed with "not a Parley one", "table status already exists" or "holds no
/// process yet".
#[test]
fn many_processes_on_a_new_path_create_and_seed_it_once() {
    let reference = TestEnv::seeded();
    let mut expected = counts(&reference);
    for (table, count) in &mut expected {
        match *table {
            "status_record" => *count += 2, // the two corrections below
            "citation" => *count += 12,     // each keeps the seed's six sources
            _ => {}
        }
    }
    let sets = [
        (
            "prisoner-exchanges",
            "agreed",
            "Set while the file was created (a)",
        ),
        (
            "territorial-questions",
            "stalled",
            "Set while the file was created (b)",
        ),
    ];
    for trial in 0..4 {
        let env = TestEnv::new();
        let mut children = Vec::new();
        for (i, (item, status, note)) in sets.iter().enumerate() {
            children.push(spawn(
                &env,
                &[
                    "status", "set", item, "--round", "latest", "--status", status, "--note", note,
                ],
            ));
            children.push(spawn(&env, &["report", "--format", "json"]));
            children.push(spawn(&env, &["round", "list"]));
            children.push(spawn(
                &env,
                &["sql", &format!("SELECT count(*) FROM round -- {i}")],
            ));
            children.push(spawn(&env, &["check"]));
        }
        for child in children {
            let out = child.wait_with_output().unwrap();
            assert!(
                out.status.success(),
                "trial {trial}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        for (item, status, note) in sets {
            let found = env.query(&format!(
                "SELECT count(*), (SELECT status FROM current_status WHERE item = '{item}')
                 FROM status_record WHERE note = '{note}'"
            ));
            assert_eq!(
                found,
                [["1".to_string(), status.to_string()]],
                "trial {trial}: {item}"
            );
        }
        assert_eq!(counts(&env), expected, "trial {trial}");
        let check = env.ok(["check"]);
        assert!(check.starts_with("ok"), "trial {trial}: {check}");
    }
}

/// `check`, the one command that only inspects, creates a new database as every
/// command does: with the seed. On a server it used to create the schema alone, so a
/// writer starting at the same moment found no process to write to (the soak on
/// PostgreSQL caught it); this test failed there before the fix.
#[test]
fn check_on_a_new_database_creates_it_with_the_seed() {
    let env = TestEnv::new();
    let check = env.ok(["check"]);
    assert!(check.starts_with("ok"), "{check}");
    assert_eq!(counts(&env), counts(&TestEnv::seeded()));
    let report = env.ok(["report"]);
    assert!(report.contains("Geneva"), "{report}");
}

/// An older file upgraded by several processes at once: one copy is made, of the
/// file as it was, and every process succeeds. Before the fix each process copied
/// the file on its own (`VACUUM INTO` the same name) and the later ones failed.
#[test]
fn many_processes_upgrading_an_older_file_copy_it_once() {
    if common::file_only() {
        return;
    }
    let migrations: Vec<i64> = parley::storage::MIGRATOR
        .iter()
        .map(|m| m.version)
        .collect();
    if migrations.len() < 2 {
        eprintln!("only one migration exists: no older schema to upgrade from");
        return;
    }
    for trial in 0..3 {
        let env = TestEnv::file();
        create_at_first_migration(&env.db, migrations[0]);
        let children: Vec<Child> = (0..6)
            .map(|i| match i % 3 {
                0 => spawn(&env, &["init"]),
                1 => spawn(&env, &["schema"]),
                _ => spawn(&env, &["seed"]),
            })
            .collect();
        for child in children {
            let out = child.wait_with_output().unwrap();
            assert!(
                out.status.success(),
                "trial {trial}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        let copy = env.path(&format!("parley.db.pre-{}.bak", migrations[0]));
        assert_eq!(
            common::query_file(&copy, "SELECT count(*) FROM _sqlx_migrations"),
            [["1"]],
            "trial {trial}"
        );
        assert_eq!(
            env.query("SELECT count(*) FROM _sqlx_migrations")[0][0],
            migrations.len().to_string()
        );
        // The seed went in once, whichever `seed` came first.
        assert_eq!(env.count("round"), 1, "trial {trial}");
        assert!(env.ok(["check"]).starts_with("ok"));
    }
}

/// Before the fix `parley seed` imported the shipped seed again and wrote a
/// correction that put back the seed's status over the analyst's.
#[test]
fn seeding_again_after_a_correction_writes_nothing() {
    let env = TestEnv::seeded();
    env.ok([
        "status",
        "set",
        "prisoner-exchanges",
        "--status",
        "agreed",
        "--note",
        "Corrected by an analyst",
    ]);
    let before = env.dump();
    let out = env.run(["seed"]);
    assert!(out.status.success());
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(said.contains("nothing changed"), "{said}");
    assert_eq!(env.dump(), before);
    let status = env.query("SELECT status FROM current_status WHERE item = 'prisoner-exchanges'");
    assert_eq!(status, [["agreed"]]);
}

/// Seeding adds what the database lacks, and only that.
#[test]
fn seeding_adds_only_what_is_missing() {
    let env = TestEnv::empty();
    env.write(
        "mine.toml",
        r#"
[process]
slug = "ukraine-peace"
name = "My own name for the process"

[[party]]
slug = "us"
name = "The United States of America"
kind = "state"
"#,
    );
    env.ok(["import", "mine.toml"]);
    let said = env.run(["seed"]);
    assert!(said.status.success());
    assert_eq!(
        env.query("SELECT name FROM process"),
        [["My own name for the process"]]
    );
    assert_eq!(
        env.query("SELECT name FROM party WHERE slug = 'us'"),
        [["The United States of America"]]
    );
    let reference = TestEnv::seeded();
    for table in ["agenda_item", "round", "status_record", "source"] {
        assert_eq!(env.count(table), reference.count(table), "{table}");
    }
    // Every other party of the seed was added.
    assert_eq!(env.count("party"), reference.count("party"));
    let before = env.dump();
    env.ok(["seed"]);
    assert_eq!(env.dump(), before);
}
