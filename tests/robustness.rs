//! Parley never loses or corrupts a record: bad input changes nothing, a killed
//! import leaves all or none, writers and readers run side by side, and schema
//! versions are respected.

mod common;

use std::time::Duration;

use common::{TestEnv, synthetic_round_file};

/// A seeded database with a follow-up round, so every kind of name has a record.
fn env_with_two_rounds() -> TestEnv {
    let env = TestEnv::seeded();
    env.ok([
        "round",
        "add",
        "--title",
        "Follow-up",
        "--date",
        "2025-11-24",
        "--state",
        "held",
        "--party",
        "us",
    ]);
    env
}

/// Runs a command that must fail; checks its message and that the database is
/// exactly as it was.
fn refused(env: &TestEnv, args: &[&str], expected: &[&str]) {
    let before = env.dump();
    let err = env.fails(args);
    for part in expected {
        assert!(
            err.contains(part),
            "parley {args:?}: expected {part:?} in:\n{err}"
        );
    }
    assert_eq!(env.dump(), before, "parley {args:?} changed the database");
}

#[test]
fn unknown_names_are_refused_with_the_nearest_known() {
    let env = env_with_two_rounds();
    refused(
        &env,
        &["status", "set", "prisoner-exchanges", "--status", "stalld"],
        &["--status", "did you mean 'stalled'?"],
    );
    refused(
        &env,
        &[
            "position",
            "set",
            "us",
            "prisoner-exchanges",
            "--stance",
            "suports",
        ],
        &["--stance", "did you mean 'supports'?"],
    );
    refused(
        &env,
        &[
            "status",
            "set",
            "teritorial-questions",
            "--status",
            "agreed",
        ],
        &["ITEM", "did you mean 'territorial-questions'?"],
    );
    refused(
        &env,
        &[
            "position",
            "set",
            "Rusia",
            "territorial-questions",
            "--stance",
            "rejects",
        ],
        &["PARTY", "did you mean 'russia'"],
    );
    refused(
        &env,
        &[
            "status",
            "set",
            "prisoner-exchanges",
            "--status",
            "agreed",
            "--round",
            "follow-upp",
        ],
        &["--round", "did you mean 'follow-up-2025-11-24'?"],
    );
    refused(
        &env,
        &[
            "status",
            "set",
            "prisoner-exchanges",
            "--status",
            "agreed",
            "--round",
            "9",
        ],
        &["--round", "no round 9"],
    );
    refused(
        &env,
        &["round", "show", "genevaa-2025-11-23"],
        &["did you mean 'geneva-2025-11-23'?"],
    );
    refused(
        &env,
        &["report", "--process", "ukraine-peeace"],
        &["unknown process", "did you mean 'ukraine-peace'?"],
    );
}

#[test]
fn impossible_dates_and_an_end_before_the_start_are_refused() {
    let env = TestEnv::seeded();
    refused(
        &env,
        &["round", "add", "--title", "T", "--date", "2025-02-29"],
        &["--date", "not a day of the calendar"],
    );
    refused(
        &env,
        &["round", "add", "--title", "T", "--date", "2025-13"],
        &["--date", "month 13"],
    );
    refused(
        &env,
        &["round", "add", "--title", "T", "--date", "23/11/2025"],
        &["--date", "expected YYYY-MM-DD"],
    );
    refused(
        &env,
        &[
            "round",
            "add",
            "--title",
            "T",
            "--date",
            "2025-12-05",
            "--end-date",
            "2025-12-04",
            "--state",
            "held",
        ],
        &["--end-date", "before it starts"],
    );
    refused(
        &env,
        &["source", "add", "AP", "--date", "2025-04-31"],
        &["--date"],
    );
}

#[test]
fn empty_and_absurdly_long_text_is_refused() {
    let env = TestEnv::seeded();
    refused(
        &env,
        &[
            "status",
            "set",
            "prisoner-exchanges",
            "--status",
            "agreed",
            "--note",
            "  ",
        ],
        &["--note", "empty"],
    );
    let long = "x".repeat(25_000);
    refused(
        &env,
        &[
            "status",
            "set",
            "prisoner-exchanges",
            "--status",
            "agreed",
            "--note",
            &long,
        ],
        &["--note", "at most 20000"],
    );
    let long_title = "t".repeat(301);
    refused(
        &env,
        &["item", "add", &long_title],
        &["TITLE", "at most 300"],
    );
    refused(
        &env,
        &["round", "add", "--title", ""],
        &["--title", "empty"],
    );
    let long_in_file = format!(
        "[process]\nslug = \"ukraine-peace\"\n[[round]]\nslug = \"r\"\ntitle = \"R\"\ndate = \"2025-12-01\"\nstate = \"held\"\nsummary = \"{}\"\n",
        "s".repeat(20_001)
    );
    let file = env.write("long.toml", &long_in_file);
    refused(
        &env,
        &["import", file.to_str().unwrap()],
        &["long.toml:8:11: round[1].summary", "at most 20000"],
    );
}

#[test]
fn malformed_files_are_refused_at_their_place() {
    let env = TestEnv::seeded();
    let toml = env.write(
        "broken.toml",
        "[process]\nslug = \"ukraine-peace\"\n[[round]\nslug = \"r\"\n",
    );
    refused(
        &env,
        &["import", toml.to_str().unwrap()],
        &["broken.toml:3:"],
    );

    let latin1 = env.path("latin1.toml");
    std::fs::write(&latin1, b"[process]\nslug = \"caf\xe9\"\n").unwrap();
    refused(
        &env,
        &["import", latin1.to_str().unwrap()],
        &["latin1.toml:2:", "not UTF-8"],
    );

    refused(
        &env,
        &["import", "does-not-exist.toml"],
        &["does-not-exist.toml", "No such file"],
    );

    std::fs::create_dir(env.path("a-folder")).unwrap();
    refused(&env, &["import", "a-folder"], &["a-folder"]);

    let dupes = env.write(
        "dupes.toml",
        "[process]\nslug = \"ukraine-peace\"\n[[source]]\nslug = \"s\"\noutlet = \"S\"\n[[source]]\nslug = \"s\"\noutlet = \"T\"\n",
    );
    refused(
        &env,
        &["import", dupes.to_str().unwrap()],
        &["dupes.toml:7:8: source[2].slug", "declared twice"],
    );

    let twice = env.write(
        "twice.toml",
        "[process]\nslug = \"ukraine-peace\"\n[[round]]\nslug = \"r\"\ntitle = \"R\"\ndate = \"2025-12-01\"\nstate = \"held\"\n\
         [[round.status]]\nitem = \"prisoner-exchanges\"\nstatus = \"agreed\"\n[[round.status]]\nitem = \"prisoner-exchanges\"\nstatus = \"stalled\"\n",
    );
    refused(
        &env,
        &["import", twice.to_str().unwrap()],
        &["twice.toml:12:8: round[1].status[2].item", "two statuses"],
    );

    let round_twice = env.write(
        "round-twice.toml",
        "[process]\nslug = \"ukraine-peace\"\n[[round]]\nslug = \"r\"\ntitle = \"R\"\ndate = \"2025-12-01\"\nstate = \"held\"\n\
         [[round]]\nslug = \"r\"\ntitle = \"R again\"\ndate = \"2025-12-02\"\nstate = \"held\"\n",
    );
    refused(
        &env,
        &["import", round_twice.to_str().unwrap()],
        &["round[2].slug", "appears twice"],
    );
}

#[test]
fn as_of_that_is_not_a_time_is_refused() {
    let env = TestEnv::seeded();
    refused(
        &env,
        &["report", "--as-of", "2025-13-01"],
        &["--as-of", "not a time"],
    );
}

#[test]
fn a_database_in_a_missing_folder_is_refused_and_nothing_is_created() {
    let env = TestEnv::new();
    let err = env.fails(["--db", "no/such/folder/parley.db", "report"]);
    assert!(
        err.contains("no/such") && err.contains("does not exist"),
        "{err}"
    );
    assert!(!env.path("no").exists());
}

#[test]
fn a_directory_is_not_a_database() {
    let env = TestEnv::new();
    std::fs::create_dir(env.path("dir.db")).unwrap();
    let err = env.fails(["--db", "dir.db", "report"]);
    assert!(err.contains("is a directory"), "{err}");
}

#[test]
fn a_read_only_database_is_read_but_never_written() {
    let env = TestEnv::seeded();
    env.ok(["backup", "snapshot.db"]); // settle the WAL into a file we can protect
    let path = env.path("snapshot.db");
    let mut permissions = std::fs::metadata(&path).unwrap().permissions();
    permissions.set_readonly(true);
    std::fs::set_permissions(&path, permissions).unwrap();
    let before = std::fs::read(&path).unwrap();

    let report = env.ok(["--db", "snapshot.db", "report", "--format", "json"]);
    assert!(report.contains("prisoner-exchanges"));
    let err = env.fails([
        "--db",
        "snapshot.db",
        "status",
        "set",
        "prisoner-exchanges",
        "--status",
        "agreed",
    ]);
    assert!(err.contains("read-only"), "{err}");
    assert_eq!(std::fs::read(&path).unwrap(), before);
}

#[test]
fn a_file_that_is_not_sqlite_is_left_byte_for_byte() {
    if common::file_only() {
        return;
    }
    let env = TestEnv::new();
    let text = b"These are my notes, not a database.\n".repeat(100);
    std::fs::write(&env.db, &text).unwrap();
    let err = env.fails(["report"]);
    assert!(err.contains("not a SQLite database"), "{err}");
    let err = env.fails(["init"]);
    assert!(err.contains("not a SQLite database"), "{err}");
    assert_eq!(std::fs::read(&env.db).unwrap(), text);
    assert!(!env.path("parley.db-wal").exists());
}

#[test]
fn a_sqlite_database_that_is_not_parleys_is_left_alone() {
    if common::file_only() {
        return;
    }
    let env = TestEnv::new();
    std::fs::File::create(&env.db).unwrap();
    env.execute("CREATE TABLE my_notes (body TEXT)").unwrap();
    let before = std::fs::read(&env.db).unwrap();
    let err = env.fails(["report"]);
    assert!(err.contains("not a Parley one"), "{err}");
    assert_eq!(std::fs::read(&env.db).unwrap(), before);
}

#[test]
fn non_latin_names_are_stored_and_shown_intact() {
    let env = TestEnv::seeded();
    env.ok([
        "party",
        "add",
        "Українська делегація",
        "--slug",
        "ua-delegation",
        "--alias",
        "Київ",
        "--kind",
        "delegation",
    ]);
    env.ok(["item", "add", "Обмін полоненими", "--slug", "obmin"]);
    env.ok([
        "round",
        "add",
        "--title",
        "Переговори в Стамбулі",
        "--date",
        "2025-11-24",
        "--state",
        "held",
        "--party",
        "київ",
    ]);
    env.ok([
        "status",
        "set",
        "обмін полоненими",
        "--status",
        "discussed",
        "--note",
        "Сторони обговорили списки.",
    ]);
    let names = env.query("SELECT name FROM party WHERE slug = 'ua-delegation'");
    assert_eq!(names[0][0], "Українська делегація");
    let report = env.json(["report", "--format", "json"]);
    let item = report["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["item"] == "obmin")
        .unwrap();
    assert_eq!(item["title"], "Обмін полоненими");
    assert_eq!(item["note"], "Сторони обговорили списки.");
    let table = env.ok(["report"]);
    assert!(table.contains("Обмін полоненими"), "{table}");
    let exported = env.ok(["export"]);
    assert!(exported.contains("Переговори в Стамбулі"));
}

/// A kill -9 while an import is writing leaves a whole database holding all of the
/// import or none of it. The kill is sent on a sign that writing has begun (the
/// write-ahead log has grown past [`WRITING`] while the import is still running) and
/// the test asserts that it landed then: the import died of the kill rather than
/// exiting on its own. An attempt whose import finished between the sign and the kill
/// proves nothing and is tried again.
#[test]
fn a_killed_import_leaves_a_whole_database_with_all_or_none_of_it() {
    if common::file_only() {
        return;
    }
    use std::os::unix::process::ExitStatusExt;
    /// Bytes of log that show the import has begun writing its transaction.
    const WRITING: u64 = 512 << 10;
    const ROUNDS: usize = 200;
    const ITEMS: usize = 40;
    let log_len =
        |env: &TestEnv| std::fs::metadata(env.path("parley.db-wal")).map_or(0, |m| m.len());
    let mut landed = Vec::new();
    for attempt in 0..3 {
        let env = TestEnv::seeded();
        env.write("big.toml", &synthetic_round_file("k-", ROUNDS, ITEMS));
        let base = env.count("status_record");
        let log_before = log_len(&env);
        let mut child = env
            .std_cmd()
            .args(["import", "big.toml"])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("spawn");
        let log_at_kill = loop {
            if child.try_wait().expect("poll the import").is_some() {
                break None; // finished before the log showed it writing
            }
            let log = log_len(&env);
            if log >= log_before + WRITING {
                child.kill().expect("SIGKILL");
                break Some(log);
            }
            std::thread::sleep(Duration::from_micros(200));
        };
        let status = child.wait().expect("reap the import");
        let Some(log_at_kill) = log_at_kill else {
            eprintln!("attempt {attempt}: the import finished before its log grew; again");
            continue;
        };
        if status.signal() != Some(9) {
            eprintln!(
                "attempt {attempt}: the import exited ({status}) before the kill landed; again"
            );
            continue;
        }
        assert!(log_at_kill >= log_before + WRITING, "writing had begun");
        assert_eq!(
            env.query("PRAGMA integrity_check"),
            [["ok"]],
            "attempt {attempt}: after a kill with {log_at_kill} bytes of log"
        );
        let check = env.run(["check"]);
        assert!(
            check.status.success(),
            "attempt {attempt}: check after the kill:\n{}",
            String::from_utf8_lossy(&check.stdout)
        );
        let count = env.count("status_record");
        assert!(
            count == base || count == base + (ROUNDS * ITEMS) as i64,
            "attempt {attempt}: a partial import: {count} records after a kill with {log_at_kill} bytes of log"
        );
        landed.push(log_at_kill);
    }
    assert!(
        !landed.is_empty(),
        "no kill landed while the import was writing: every import finished first"
    );
}

#[test]
fn parallel_imports_of_different_files_all_land() {
    let env = TestEnv::empty();
    let files: Vec<String> = (0..4)
        .map(|i| {
            let name = format!("p{i}.toml");
            env.write(&name, &synthetic_round_file(&format!("p{i}-"), 30, 20));
            name
        })
        .collect();
    let children: Vec<_> = files
        .iter()
        .map(|f| {
            env.std_cmd()
                .args(["import", f])
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for child in children {
        let out = child.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    assert_eq!(env.count("process"), 4);
    assert_eq!(env.count("status_record"), 4 * 30 * 20);
}

#[test]
fn a_reader_during_a_write_sees_all_or_none_of_it() {
    let env = TestEnv::seeded();
    env.write("big.toml", &synthetic_round_file("r-", 120, 30));
    let mut writer = env
        .std_cmd()
        .args(["import", "big.toml"])
        .stdout(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let mut seen = std::collections::BTreeSet::new();
    loop {
        let finished = writer.try_wait().unwrap().is_some();
        let counts =
            env.query("SELECT (SELECT count(*) FROM round), (SELECT count(*) FROM status_record)");
        let (rounds, records) = (counts[0][0].clone(), counts[0][1].clone());
        seen.insert((rounds.clone(), records.clone()));
        assert!(
            (rounds == "1" && records == "10")
                || (rounds == "121" && records == (10 + 120 * 30).to_string()),
            "a reader saw a half-written import: {rounds} rounds, {records} records"
        );
        if finished {
            break;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(writer.wait().unwrap().success());
    assert!(seen.contains(&("121".to_string(), (10 + 120 * 30).to_string())));
}

#[test]
fn a_database_from_a_newer_parley_is_refused_and_never_modified() {
    if common::file_only() {
        return;
    }
    let env = TestEnv::seeded();
    env.execute(
        "INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time)
         VALUES (29991231000000, 'from the future', 1, x'00', 0)",
    )
    .unwrap();
    env.execute("PRAGMA wal_checkpoint(TRUNCATE)").unwrap();
    let before = std::fs::read(&env.db).unwrap();
    for args in [
        &["report"][..],
        &["init"],
        &["status", "set", "prisoner-exchanges", "--status", "agreed"],
        &["check"],
    ] {
        let err = env.fails(args);
        assert!(
            err.contains("newer Parley") && err.contains("29991231000000"),
            "{args:?}: {err}"
        );
    }
    assert_eq!(std::fs::read(&env.db).unwrap(), before);
}

#[test]
fn an_older_database_is_copied_then_upgraded_in_place() {
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
    let env = TestEnv::new();
    // A file as the first release of Parley left it: the first migration only.
    let db = env.db.clone();
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
        .block_on(async {
            let options = sqlx::sqlite::SqliteConnectOptions::new()
                .filename(&db)
                .create_if_missing(true);
            let pool = sqlx::SqlitePool::connect_with(options).await.unwrap();
            parley::storage::MIGRATOR
                .run_to(migrations[0], &pool)
                .await
                .unwrap();
            pool.close().await;
        });
    let before = std::fs::read(&env.db).unwrap();
    let out = env.run(["init"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("copied"));
    let copy = env.path(&format!("parley.db.pre-{}.bak", migrations[0]));
    assert!(copy.exists(), "no copy at {}", copy.display());
    let applied = common::query_file(&copy, "SELECT count(*) FROM _sqlx_migrations");
    assert_eq!(applied, [["1"]]);
    let applied = env.query("SELECT count(*) FROM _sqlx_migrations");
    assert_eq!(applied[0][0], migrations.len().to_string());
    assert!(!before.is_empty());
}

#[test]
fn backup_copies_the_database_while_it_is_in_use() {
    let env = TestEnv::seeded();
    env.ok(["backup", "copy.db"]);
    let copy = env.path("copy.db");
    if env.server.is_none() {
        assert_eq!(common::dump_file(&copy), env.dump());
    }
    // A server's backup is a file holding the same timeline.
    let report = ["report", "--format", "json", "--rounds", "all"];
    assert_eq!(
        env.ok(report),
        env.ok([&["--db", "copy.db"][..], &report[..]].concat())
    );
    assert!(env.ok(["--db", "copy.db", "check"]).starts_with("ok"));
    let err = env.fails(["backup", "copy.db"]);
    assert!(err.contains("exists already"), "{err}");
}

#[test]
fn check_passes_a_sound_database_and_reports_broken_invariants() {
    let env = TestEnv::seeded();
    let out = env.ok(["check"]);
    assert!(out.starts_with("ok"), "{out}");

    // Break an invariant the way a hand-written SQL session could: a second process
    // whose round carries a status of the first process's item.
    env.drop_trigger("status_record_same_process");
    env.execute("INSERT INTO process (slug, name) VALUES ('other', 'Other')")
        .unwrap();
    env.execute("INSERT INTO round (process_id, slug, title, start_date, state) SELECT process_id, 'o', 'O', '2025-01-01', 'held' FROM process WHERE slug = 'other'").unwrap();
    env.execute(
        "INSERT INTO status_record (agenda_item_id, round_id, status)
         SELECT (SELECT agenda_item_id FROM agenda_item WHERE slug = 'prisoner-exchanges'), round_id, 'agreed' FROM round WHERE slug = 'o'",
    )
    .unwrap();
    let out = env.run(["check", "--format", "json"]);
    assert!(!out.status.success());
    let problems: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        problems[0]["check"], "status_record_same_process",
        "{problems}"
    );
}

#[test]
fn imports_and_logging_from_flags_run_side_by_side() {
    let env = env_with_two_rounds();
    env.write("a.toml", &synthetic_round_file("a-", 40, 20));
    env.write("b.toml", &synthetic_round_file("b-", 40, 20));
    let mut children = vec![
        env.std_cmd()
            .args(["import", "a.toml"])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap(),
        env.std_cmd()
            .args(["import", "b.toml"])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap(),
    ];
    for (item, status) in [
        ("prisoner-exchanges", "discussed"),
        ("dialogue-channels", "stalled"),
        ("localized-ceasefires", "discussed"),
        ("territorial-questions", "stalled"),
    ] {
        children.push(
            env.std_cmd()
                .args(["status", "set", item, "--status", status])
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap(),
        );
    }
    for child in children {
        let out = child.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    assert_eq!(env.count("status_record"), 10 + 2 * 40 * 20 + 4);
    let latest =
        env.query("SELECT count(*) FROM status_timeline WHERE round = 'follow-up-2025-11-24'");
    assert_eq!(latest, [["4"]]);
}

#[test]
fn a_bulk_import_into_an_empty_timeline_leaves_the_schema_and_search_as_they_were() {
    if common::file_only() {
        return;
    }
    let env = TestEnv::empty();
    let schema = "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY name";
    let before = env.query(schema);
    // Large enough for the bulk path, which builds indexes and full text after loading.
    env.write("bulk.toml", &synthetic_round_file("bulk-", 100, 110));
    env.ok(["import", "bulk.toml"]);
    assert_eq!(env.query(schema), before, "the schema must end as it began");
    assert_eq!(env.count("status_record"), 100 * 110);
    assert_eq!(env.query("PRAGMA integrity_check"), [["ok"]]);
    assert!(env.ok(["check"]).starts_with("ok"));
    // The full-text index holds every note, and new rows are indexed again by trigger.
    let hits = env
        .query("SELECT count(*) FROM status_record_fts WHERE status_record_fts MATCH '\"item 7\"'");
    assert_eq!(hits, [["100"]]);
    env.ok([
        "round",
        "add",
        "--title",
        "Later",
        "--date",
        "2020-12-31",
        "--state",
        "held",
        "--process",
        "bulk-process",
    ]);
    env.ok([
        "status",
        "set",
        "bulk-item-7",
        "--process",
        "bulk-process",
        "--status",
        "agreed",
        "--note",
        "zanzibar",
    ]);
    let found = env
        .query("SELECT count(*) FROM status_record_fts WHERE status_record_fts MATCH 'zanzibar'");
    assert_eq!(found, [["1"]]);
}
