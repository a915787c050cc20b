//! The command line itself: help with an example on every command, shell completions
//! from the same definitions, and the schema documenting the views and indexes.

mod common;

use common::TestEnv;

const COMMANDS: [&str; 10] = [
    "init",
    "seed",
    "import",
    "report",
    "schema",
    "diff",
    "timeline",
    "sql",
    "search",
    "completions",
];

#[test]
fn every_command_has_help_with_an_example() {
    let env = TestEnv::new();
    let top = env.ok(["--help"]);
    for command in COMMANDS {
        assert!(
            top.contains(command),
            "{command} missing from --help:\n{top}"
        );
        let help = env.ok([command, "--help"]);
        let example = help
            .lines()
            .find(|l| l.trim_start().starts_with("Example: parley "))
            .unwrap_or_else(|| panic!("`parley {command} --help` has no example:\n{help}"));
        assert!(example.contains(command), "{example}");
    }
    assert!(!env.db.exists(), "help creates no database");
}

#[test]
fn completions_come_from_the_command_definitions() {
    let env = TestEnv::new();
    for shell in ["bash", "zsh", "fish", "powershell"] {
        let script = env.ok(["completions", shell]);
        for command in ["report", "timeline", "search", "sql"] {
            assert!(
                script.contains(command),
                "{shell} completions lack {command}"
            );
        }
        assert!(
            script.contains("since"),
            "{shell} completions lack report's flags"
        );
    }
    let err = env.fails(["completions", "tcsh"]);
    assert!(err.contains("bash"), "{err}");
    assert!(!env.db.exists(), "completions create no database");
}

#[test]
fn the_schema_documents_the_views_and_the_search_indexes() {
    let env = TestEnv::seeded();
    let schema = env.json(["schema", "--format", "json"]);
    let objects = schema.as_array().unwrap();
    let find = |name: &str| {
        objects
            .iter()
            .find(|o| o["name"] == name)
            .unwrap_or_else(|| panic!("{name} missing from the schema"))
    };
    for view in [
        "current_status",
        "status_timeline",
        "movement",
        "round_sequence",
    ] {
        let object = find(view);
        assert_eq!(object["kind"], "view");
        let doc = object["doc"].as_str().unwrap();
        assert!(doc.contains("Columns:"), "{view}: {doc}");
        for column in object["columns"].as_array().unwrap() {
            let name = column["name"].as_str().unwrap();
            assert!(
                column["doc"].as_str().is_some_and(|d| d.len() > 5),
                "{view}.{name} has no documentation"
            );
        }
    }
    assert!(
        find("movement")["doc"]
            .as_str()
            .unwrap()
            .contains("'regressed'")
    );
    for table in [
        "agenda_item_fts",
        "round_fts",
        "status_record_fts",
        "position_fts",
        "round_note_fts",
        "quote_fts",
    ] {
        let object = find(table);
        assert!(
            object["doc"]
                .as_str()
                .unwrap()
                .starts_with("Full-text index")
        );
        let base = table.trim_end_matches("_fts");
        assert!(
            object["sql"]
                .as_str()
                .unwrap()
                .contains(&format!("content=\"{base}\""))
        );
        // How Datasette and sqlite-utils find a table's full-text index (their
        // detect_fts), run as they run it.
        let found = env.query(&format!(
            "SELECT name FROM sqlite_master WHERE rootpage = 0
               AND sql LIKE '%VIRTUAL TABLE%USING FTS%content=\"{base}\"%'"
        ));
        assert_eq!(found, [[table]], "{base}'s index is not detected");
    }
    assert!(
        !objects
            .iter()
            .any(|o| o["name"].as_str().unwrap().contains("_fts_")),
        "FTS5's own shadow tables are not part of the interface"
    );
}

/// A server URL, by flag or by PARLEY_DB, is taken for a server rather than for a
/// folder called `postgres:` (before: "the folder postgres://parley@db.example does not
/// exist; create it first"); a command that does not run on a server yet says so by
/// name, with exit code 2, before anything is touched (no connection is made: the
/// host does not exist). Another scheme is refused by name.
#[test]
fn a_database_url_names_a_server_and_a_command_not_there_yet_is_refused_by_name() {
    let env = TestEnv::new();
    for (args, command) in [
        (
            vec![
                "--db",
                "postgres://parley:s3cret@db.example/ukraine",
                "seed",
            ],
            "seed",
        ),
        (
            vec![
                "--db=postgresql://localhost/parley",
                "round",
                "retract",
                "latest",
                "--reason",
                "logged twice",
            ],
            "round",
        ),
    ] {
        let out = env.run(&args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(out.stdout.is_empty());
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.contains(&format!(
                "`parley {command}` does not run on PostgreSQL yet"
            )),
            "{err}"
        );
        assert!(
            err.contains(
                "on a server Parley runs: init, copy, backup, sql, schema, report, diff, timeline, check, import --history"
            ),
            "{err}"
        );
        assert!(!err.contains("s3cret"), "{err}");
    }
    let out = env
        .cmd()
        .env("PARLEY_DB", "postgres://parley@db.example/ukraine")
        .args(["seed"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("`parley seed` does not run on PostgreSQL yet"),
        "{err}"
    );
    assert!(out.stdout.is_empty());
    assert_eq!(
        std::fs::read_dir(env.dir.path()).unwrap().count(),
        0,
        "nothing written"
    );
    let err = env.fails(["--db", "mysql://db.example/x", "report"]);
    assert!(err.contains("'mysql://' URLs are not supported"), "{err}");
    // A path with a colon but no scheme is still a path.
    env.ok(["--db", "a:b.db", "init", "--empty"]);
    assert!(env.path("a:b.db").exists());
}
