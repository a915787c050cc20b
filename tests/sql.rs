//! `parley sql` reads and never writes; the worked queries in docs/sql.md run; the file
//! reads without Parley.

mod common;

use common::TestEnv;

const FOLLOW_UP: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/follow-up.toml");

fn fixture() -> TestEnv {
    let env = TestEnv::seeded();
    env.ok(["import", FOLLOW_UP]);
    env
}

#[test]
fn sql_prints_rows_in_every_format() {
    let env = fixture();
    let q = "SELECT item, status, rank FROM current_status WHERE item = 'prisoner-exchanges'";
    let json = env.json(["sql", q, "--format", "json"]);
    assert_eq!(
        json,
        serde_json::json!([{ "item": "prisoner-exchanges", "status": "progressing", "rank": 3 }])
    );
    assert_eq!(
        env.ok(["sql", q, "--format", "csv"]),
        "item,status,rank\nprisoner-exchanges,progressing,3\n"
    );
    assert_eq!(
        env.ok(["sql", q, "--format", "nl"]),
        "{\"item\":\"prisoner-exchanges\",\"status\":\"progressing\",\"rank\":3}\n"
    );
    assert!(
        env.ok(["sql", q, "--format", "markdown"])
            .starts_with("| item | status | rank |")
    );
    assert!(env.ok(["sql", q]).contains("prisoner-exchanges"));
    // Columns are printed even when no row matches.
    assert_eq!(
        env.ok([
            "sql",
            "SELECT item FROM current_status WHERE 0",
            "--format",
            "csv"
        ]),
        "item\n"
    );
}

#[test]
fn parameters_are_bound_not_pasted() {
    let env = fixture();
    let q =
        "SELECT item FROM current_status WHERE status = :status AND rank >= :rank ORDER BY item";
    let rows = env.json([
        "sql",
        q,
        "-p",
        "status",
        "contested",
        "-p",
        "rank",
        "0",
        "--format",
        "json",
    ]);
    assert_eq!(rows.as_array().unwrap().len(), 4);
    let hostile = env.json([
        "sql",
        "SELECT item FROM current_status WHERE item = :item",
        "-p",
        "item",
        "x' OR '1'='1",
        "--format",
        "json",
    ]);
    assert_eq!(hostile, serde_json::json!([]));
    let err = env.fails(["sql", "SELECT :missing"]);
    assert!(err.contains("-p missing VALUE"), "{err}");
}

#[test]
fn sqlites_own_message_is_shown_on_failure() {
    let env = fixture();
    let err = env.fails(["sql", "SELECT * FROM no_such_table"]);
    assert!(err.contains("no such table: no_such_table"), "{err}");
    let err = env.fails(["sql", "SELEC 1"]);
    assert!(err.contains("syntax error"), "{err}");
}

#[test]
fn sql_refuses_every_write_and_leaves_the_file_unchanged() {
    let env = fixture();
    let bytes = std::fs::read(&env.db).unwrap();
    let dump = env.dump();
    let attached = env.path("attached.db");
    let vacuumed = env.path("vacuumed.db");
    let statements = [
        "DROP TABLE round_note".to_owned(),
        "DROP VIEW current_status".to_owned(),
        "INSERT INTO party (slug, name, kind) VALUES ('x', 'X', 'state')".to_owned(),
        "UPDATE agenda_item SET title = 'x'".to_owned(),
        "DELETE FROM round_note".to_owned(),
        "CREATE TABLE x (a)".to_owned(),
        format!("ATTACH '{}' AS x", attached.display()),
        format!("ATTACH 'file:{}?mode=rwc' AS x", attached.display()),
        "PRAGMA journal_mode = DELETE".to_owned(),
        "PRAGMA user_version = 5".to_owned(),
        "PRAGMA foreign_keys = OFF".to_owned(),
        format!("VACUUM INTO '{}'", vacuumed.display()),
        "VACUUM".to_owned(),
        "SELECT 1; DROP TABLE round_note".to_owned(),
        "REINDEX".to_owned(),
        "ANALYZE".to_owned(),
    ];
    for statement in &statements {
        let out = env.run(["sql", statement.as_str()]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        // A pragma that only reads or sets the connection may succeed; nothing else.
        if out.status.success() {
            assert!(
                statement.starts_with("PRAGMA foreign_keys"),
                "{statement} succeeded"
            );
        } else {
            assert!(stderr.starts_with("parley: "), "{statement}: {stderr}");
            assert!(out.stdout.is_empty());
        }
        assert!(
            !attached.exists(),
            "{statement} created {}",
            attached.display()
        );
        assert!(
            !vacuumed.exists(),
            "{statement} created {}",
            vacuumed.display()
        );
    }
    let err = env.fails(["sql", "DROP TABLE round_note"]);
    assert!(
        err.contains("attempt to write a readonly database"),
        "{err}"
    );
    assert_eq!(
        std::fs::read(&env.db).unwrap(),
        bytes,
        "the file's bytes changed"
    );
    assert_eq!(env.dump(), dump);
    assert_eq!(env.query("PRAGMA user_version"), [["0"]]);
    assert_eq!(env.query("PRAGMA journal_mode"), [["wal"]]);
}

/// Every ```sql block of docs/sql.md.
fn doc_queries() -> Vec<String> {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/sql.md"))
        .expect("docs/sql.md");
    let mut blocks = Vec::new();
    let mut current: Option<String> = None;
    for line in text.lines() {
        match (&mut current, line.trim_end()) {
            (None, "```sql") => current = Some(String::new()),
            (Some(_), "```") => blocks.push(current.take().unwrap()),
            (Some(block), line) => {
                block.push_str(line);
                block.push('\n');
            }
            (None, _) => {}
        }
    }
    blocks
}

#[test]
fn every_worked_query_in_the_sql_docs_runs_and_finds_rows() {
    let env = fixture();
    let queries = doc_queries();
    assert!(
        queries.len() >= 12,
        "a dozen worked queries, found {}",
        queries.len()
    );
    for query in &queries {
        let rows = env.json(["sql", query.as_str(), "--format", "json"]);
        assert!(
            rows.as_array().is_some_and(|r| !r.is_empty()),
            "no rows from:\n{query}"
        );
        // The analyst's own tool reads the same.
        assert_eq!(
            env.query(query).len(),
            rows.as_array().unwrap().len(),
            "{query}"
        );
    }
}

#[test]
fn python_reads_the_views_without_parley() {
    let env = fixture();
    let script = r#"
import sqlite3, sys
con = sqlite3.connect(sys.argv[1])
for view in ("current_status", "status_timeline", "movement"):
    rows = con.execute(f"SELECT process, item, round, status FROM {view}").fetchall()
    print(view, len(rows))
print(con.execute("SELECT movement FROM current_status WHERE item = 'prisoner-exchanges'").fetchone()[0])
"#;
    let out = match std::process::Command::new("python3")
        .arg("-c")
        .arg(script)
        .arg(&env.db)
        .output()
    {
        Ok(out) => out,
        Err(e) => {
            eprintln!("note: python3 could not run ({e}); skipping");
            return;
        }
    };
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("current_status 11"), "{stdout}");
    assert!(stdout.contains("status_timeline 15"), "{stdout}");
    assert!(stdout.contains("movement 15"), "{stdout}");
    assert!(stdout.trim_end().ends_with("advanced"), "{stdout}");
}
