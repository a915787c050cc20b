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

/// The search indexes, one per searchable table.
const FTS_TABLES: [&str; 6] = [
    "agenda_item_fts",
    "round_fts",
    "status_record_fts",
    "position_fts",
    "round_note_fts",
    "quote_fts",
];

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
    for table in FTS_TABLES {
        let object = find(table);
        assert!(
            object["doc"]
                .as_str()
                .unwrap()
                .starts_with("Full-text index")
        );
    }
}

/// A file's search indexes are FTS5 tables over their base tables, which Datasette
/// and sqlite-utils detect; FTS5's shadow tables are not shown.
#[test]
fn a_files_search_indexes_are_found_as_datasette_finds_them() {
    if common::file_only() {
        return;
    }
    let env = TestEnv::seeded_file();
    let schema = env.json(["schema", "--format", "json"]);
    let objects = schema.as_array().unwrap();
    for table in FTS_TABLES {
        let object = objects
            .iter()
            .find(|o| o["name"] == table)
            .unwrap_or_else(|| panic!("{table} missing from the schema"));
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
/// exist; create it first"): a server that cannot be reached is named in the error,
/// its password hidden, and nothing is written here. Another scheme is refused by name.
#[test]
fn a_database_url_names_a_server_and_another_scheme_is_refused_by_name() {
    if common::file_only() {
        return;
    }
    let env = TestEnv::file();
    // Port 1 on this machine: refused at once, with no network needed.
    let url = "postgres://parley:s3cret@127.0.0.1:1/ukraine";
    let by_flag = env.fails(["--db", url, "report"]);
    let by_variable = env
        .cmd()
        .env("PARLEY_DB", url)
        .args(["report"])
        .output()
        .unwrap();
    assert!(!by_variable.status.success());
    assert!(by_variable.stdout.is_empty());
    for err in [
        by_flag,
        String::from_utf8_lossy(&by_variable.stderr).into_owned(),
    ] {
        assert!(
            err.contains("postgres://parley:***@127.0.0.1:1/ukraine: cannot connect"),
            "{err}"
        );
        assert!(!err.contains("s3cret"), "{err}");
    }
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
