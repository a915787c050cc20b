//! The file in Datasette: `parley schema --format datasette` describes every table and
//! view from the schema's own comments, and Datasette, serving the seeded database
//! with that metadata on a loopback port, shows labels, search, facets and the views,
//! with the machinery hidden.
//!
//! Datasette is found through `PARLEY_DATASETTE` (`.ci/run` installs it in a virtual
//! environment and sets it), then `target/datasette/bin/datasette`, then `PATH`. Where
//! it is missing the served checks are skipped with a note, except in CI.
//!
//! Datasette reads a file: these are a file's tests, skipped in the PostgreSQL pass,
//! where a server's refusal of the format is checked instead.

mod common;

use std::io::{Read, Write};
use std::net::{Ipv4Addr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::TestEnv;
use serde_json::Value;

const FOLLOW_UP: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/follow-up.toml");
const FATES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/fates.toml");

/// The views an analyst is pointed to; each must answer in Datasette.
const VIEWS: [&str; 6] = [
    "current_status",
    "status_timeline",
    "movement",
    "round_sequence",
    "current_position",
    "commitment_status",
];

/// The seed and two fixtures, on the suite's backend.
fn fixture() -> TestEnv {
    let env = TestEnv::seeded();
    env.ok(["import", FOLLOW_UP, FATES]);
    env
}

/// The metadata for the test's database, written beside it; returns the file and
/// what it holds.
fn metadata(env: &TestEnv) -> (PathBuf, Value) {
    let text = env.ok(["schema", "--format", "datasette"]);
    let path = env.write("metadata.json", &text);
    (path, serde_json::from_str(&text).expect("metadata is JSON"))
}

/// Datasette reads a file: on a server, `schema --format datasette` is refused with
/// the way to one (a backup), as the README's "For a team" says, and writes nothing.
#[test]
fn a_servers_schema_points_datasette_to_a_backup() {
    if !common::on_server() {
        // The file's metadata is the other tests' (run in the file pass).
        return;
    }
    let env = fixture();
    let before = env.dump();
    let err = env.fails(["schema", "--format", "datasette"]);
    assert!(
        err.contains("Datasette reads a file") && err.contains("backup"),
        "{err}"
    );
    assert_eq!(env.dump(), before);
}

#[test]
fn the_metadata_describes_every_table_and_view_and_hides_the_machinery() {
    if common::file_only() {
        return;
    }
    let env = fixture();
    let (_, metadata) = metadata(&env);
    // Datasette names a database after its file: parley.db is "parley".
    let tables = metadata["databases"]["parley"]["tables"]
        .as_object()
        .expect("the database's tables, under its Datasette name");
    let schema = env.json(["schema", "--format", "json"]);
    for object in schema.as_array().unwrap() {
        let name = object["name"].as_str().unwrap();
        let table = &tables[name];
        let description = table["description"].as_str().unwrap_or_default();
        assert!(
            description.len() > 10 && !description.contains("Columns:"),
            "{name}: {description:?}"
        );
        for column in object["columns"].as_array().unwrap() {
            let column = column["name"].as_str().unwrap();
            assert!(
                table["columns"][column]
                    .as_str()
                    .is_some_and(|d| !d.is_empty()),
                "{name}.{column} has no description"
            );
        }
        for facet in table["facets"].as_array().into_iter().flatten() {
            let facet = facet.as_str().unwrap();
            assert!(
                object["columns"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|c| c["name"] == facet),
                "{name} facets on {facet}, which it lacks"
            );
        }
    }
    // Every table the schema leaves out is machinery, and hidden: the migration log
    // and the full-text indexes' shadow tables, which every index has.
    let internal = env.query(
        "SELECT name FROM sqlite_master WHERE type = 'table'
           AND (name LIKE '\\_%' ESCAPE '\\' OR name LIKE '%\\_fts\\_%' ESCAPE '\\')",
    );
    assert!(internal.len() > 40, "{internal:?}");
    for row in &internal {
        assert_eq!(tables[&row[0]]["hidden"], true, "{} is not hidden", row[0]);
    }
    for fts in ["source_fts", "party_alias_fts", "commitment_fate_fts"] {
        assert_eq!(tables[fts]["hidden"], true, "{fts} is not hidden");
    }
    assert_eq!(tables["_sqlx_migrations"]["hidden"], true);
    assert!(tables["status_record"].get("hidden").is_none());

    // What Datasette shows for a foreign key, and where its search and facets are.
    for (table, label) in [
        ("status", "label"),
        ("stance", "label"),
        ("reliability", "label"),
        ("credibility", "label"),
        ("commitment", "description"),
        ("party", "name"),
        ("agenda_item", "title"),
        ("round", "title"),
        ("source", "outlet"),
    ] {
        assert_eq!(tables[table]["label_column"], label, "{table}");
    }
    assert_eq!(tables["status"]["sort"], "rank");
    for (table, facets) in [
        ("status_record", &["status", "confidence"][..]),
        ("round", &["format", "level", "state"]),
        ("position", &["stance"]),
        ("commitment", &["kind"]),
        ("source", &["reliability"]),
        ("current_position", &["party", "stance"]),
        ("commitment_status", &["kind", "fate"]),
    ] {
        assert_eq!(
            tables[table]["facets"],
            serde_json::json!(facets),
            "{table}"
        );
    }
    for (table, fts, pk) in [
        ("source", "source_fts", "source_id"),
        ("party", "party_fts", "party_id"),
        ("party_alias", "party_alias_fts", "party_alias_id"),
        ("commitment", "commitment_fts", "commitment_id"),
        (
            "commitment_fate",
            "commitment_fate_fts",
            "commitment_fate_id",
        ),
        ("current_status", "status_record_fts", "status_record_id"),
        ("commitment_status", "commitment_fts", "commitment_id"),
    ] {
        assert_eq!(tables[table]["fts_table"], fts, "{table}");
        assert_eq!(tables[table]["fts_pk"], pk, "{table}");
    }
    // The views built on window functions carry no facets: each would evaluate the
    // whole view again.
    for view in [
        "current_status",
        "movement",
        "status_timeline",
        "round_sequence",
    ] {
        assert!(tables[view].get("facets").is_none(), "{view}");
    }
}

#[test]
fn the_metadata_is_named_after_the_database_file() {
    if common::file_only() {
        return;
    }
    let env = TestEnv::file();
    let timeline = env.path("talks.db");
    let out = env.ok([
        "--db",
        timeline.to_str().unwrap(),
        "schema",
        "--format",
        "datasette",
    ]);
    let metadata: Value = serde_json::from_str(&out).unwrap();
    let databases = metadata["databases"].as_object().unwrap();
    assert_eq!(databases.keys().collect::<Vec<_>>(), ["talks"]);
}

/// The Datasette to test against, if there is one.
fn datasette() -> Option<PathBuf> {
    let candidates = [
        std::env::var_os("PARLEY_DATASETTE").map(PathBuf::from),
        Some(Path::new(env!("CARGO_MANIFEST_DIR")).join("target/datasette/bin/datasette")),
        Some(PathBuf::from("datasette")),
    ];
    candidates.into_iter().flatten().find(|path| {
        Command::new(path)
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
    })
}

/// A Datasette serving one database on a loopback port; stopped when dropped.
struct Served {
    child: Child,
    port: u16,
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Served {
    fn start(datasette: &Path, env: &TestEnv, metadata: &Path) -> Served {
        // A port the system says is free; Datasette binds it a moment later.
        let port = TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
            .and_then(|l| l.local_addr())
            .expect("a free port")
            .port();
        let errors = env.path("datasette.err");
        let child = Command::new(datasette)
            .arg("serve")
            .arg(&env.db)
            .arg("--metadata")
            .arg(metadata)
            // As docs/sql.md runs it: facet suggestions evaluate every view once per
            // column.
            .args(["--setting", "suggest_facets", "off"])
            .args(["--host", "127.0.0.1", "--port", &port.to_string()])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(&errors).expect("a log file"))
            .spawn()
            .expect("start datasette");
        let mut served = Served { child, port };
        // Starting takes a second or two; the limit is for a machine that is busy, not
        // a measurement.
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            if served
                .try_get("/-/versions.json")
                .is_some_and(|(s, _)| s == 200)
            {
                return served;
            }
            if let Ok(Some(status)) = served.child.try_wait() {
                panic!(
                    "datasette exited ({status}): {}",
                    std::fs::read_to_string(&errors).unwrap_or_default()
                );
            }
            assert!(Instant::now() < deadline, "datasette did not start");
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// One HTTP/1.0 GET (the server closes the connection after the response, so the
    /// body is everything after the headers): status and body.
    fn try_get(&self, path: &str) -> Option<(u16, String)> {
        let mut stream = TcpStream::connect((Ipv4Addr::LOCALHOST, self.port)).ok()?;
        stream
            .set_read_timeout(Some(Duration::from_secs(60)))
            .ok()?;
        write!(stream, "GET {path} HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n").ok()?;
        let mut response = Vec::new();
        stream.read_to_end(&mut response).ok()?;
        let response = String::from_utf8(response).ok()?;
        let (head, body) = response.split_once("\r\n\r\n")?;
        let status = head.split_whitespace().nth(1)?.parse().ok()?;
        Some((status, body.to_owned()))
    }

    fn json(&self, path: &str) -> Value {
        let (status, body) = self
            .try_get(path)
            .unwrap_or_else(|| panic!("no response to {path}"));
        assert_eq!(status, 200, "GET {path}: {body}");
        serde_json::from_str(&body).unwrap_or_else(|e| panic!("GET {path}: not JSON ({e}): {body}"))
    }

    /// Rows of a table or view, as objects.
    fn rows(&self, path: &str) -> Vec<Value> {
        let separator = if path.contains('?') { '&' } else { '?' };
        let rows = self.json(&format!("{path}{separator}_shape=array"));
        rows.as_array().expect("an array of rows").clone()
    }
}

#[test]
fn datasette_serves_the_seed_with_labels_search_facets_and_views() {
    if common::file_only() {
        return;
    }
    let Some(datasette) = datasette() else {
        assert!(
            std::env::var_os("CI").is_none(),
            "Datasette is required in CI (.ci/run installs it and sets PARLEY_DATASETTE)"
        );
        // Printed past libtest's capture, so that a plain `cargo test` shows it.
        let _ = writeln!(
            std::io::stderr(),
            "note: Datasette is not installed (set PARLEY_DATASETTE, or run .ci/run); \
             skipping the Datasette test"
        );
        return;
    };
    let env = fixture();
    let (metadata, _) = metadata(&env);
    let served = Served::start(&datasette, &env, &metadata);

    // Labels: a status record's status reads as the status's label, its item and
    // round as their titles.
    let rows = served.rows("/parley/status_record.json?_labels=on&status=preliminary");
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert_eq!(
        rows[0]["status"],
        serde_json::json!({ "value": "preliminary", "label": "Preliminary agreement" })
    );
    assert_eq!(
        rows[0]["agenda_item_id"]["label"],
        "Humanitarian coordination"
    );
    assert_eq!(rows[0]["round_id"]["label"], "U.S.–Ukraine talks in Geneva");
    let rows = served.rows("/parley/citation.json?_labels=on&_size=1");
    assert_eq!(rows[0]["source_id"]["label"], "Reuters (via Investing.com)");
    // A sub-item's parent is a link too: a foreign key of its own column since
    // migration 20251213000000 (Datasette did not follow the composite key before).
    let rows = served.rows("/parley/agenda_item.json?_labels=on&slug=medical-deliveries");
    let parent = env
        .query("SELECT agenda_item_id FROM agenda_item WHERE slug = 'humanitarian-coordination'");
    assert_eq!(
        rows[0]["parent_agenda_item_id"],
        serde_json::json!({
            "value": parent[0][0].parse::<i64>().unwrap(),
            "label": "Humanitarian coordination"
        })
    );

    // Search: each table's search box finds the seed's text, aliases included.
    for (path, column, expected) in [
        (
            "/parley/source.json?_search=kyiv",
            "slug",
            "kyiv-post-2025-11-23",
        ),
        ("/parley/party.json?_search=UA", "slug", "ukraine"),
        (
            "/parley/party_alias.json?_search=washington",
            "alias",
            "Washington",
        ),
        (
            "/parley/commitment.json?_search=channels",
            "slug",
            "continuous-channels",
        ),
        (
            "/parley/agenda_item.json?_search=prisoner",
            "slug",
            "prisoner-exchanges",
        ),
        (
            "/parley/commitment_status.json?_search=prisoners",
            "commitment",
            "first-prisoner-swap",
        ),
        (
            "/parley/current_status.json?_search=moratorium",
            "item",
            "energy-infrastructure",
        ),
    ] {
        let rows = served.rows(path);
        let found: Vec<&Value> = rows.iter().map(|r| &r[column]).collect();
        assert_eq!(found, [expected], "{path}");
    }
    let rows = served.rows("/parley/commitment_fate.json?_search=dozens&_labels=on");
    assert_eq!(
        rows[0]["commitment_id"]["label"],
        "A first exchange of prisoners on the lists shared."
    );

    // Facets: asked for, and those the metadata sets, with counts and labels.
    let page = served.json("/parley/status_record.json?_facet=status");
    let statuses = &page["facet_results"]["status"]["results"];
    let contested = statuses
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["value"] == "contested")
        .expect("a contested facet");
    assert_eq!(contested["count"], 5);
    assert_eq!(contested["label"], "Contested");
    let page = served.json("/parley/round.json");
    for facet in ["state", "format", "level"] {
        assert!(
            page["facet_results"][facet]["results"].is_array(),
            "round has no {facet} facet: {}",
            page["facet_results"]
        );
    }
    // No suggestions: the setting the docs give is in force.
    assert_eq!(
        served.json("/parley/current_status.json")["suggested_facets"],
        serde_json::json!([])
    );
    let stances =
        served.json("/parley/current_position.json")["facet_results"]["stance"]["results"].clone();
    assert!(
        stances
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["value"] == "red_line" && r["count"] == 4),
        "{stances}"
    );

    // The status ladder in rank order.
    let ranks: Vec<i64> = served
        .rows("/parley/status.json")
        .iter()
        .map(|r| r["rank"].as_i64().unwrap())
        .collect();
    assert_eq!(ranks, [-2, -1, 0, 1, 2, 3, 4, 5, 6, 7]);

    // The database page lists the machinery as hidden, and the interface as not.
    let database = served.json("/parley.json");
    let tables = database["tables"].as_array().unwrap();
    let hidden = |name: &str| {
        tables
            .iter()
            .find(|t| t["name"] == name)
            .unwrap_or_else(|| panic!("{name} is not listed"))["hidden"]
            == true
    };
    for name in [
        "_sqlx_migrations",
        "source_fts",
        "source_fts_data",
        "source_fts_idx",
        "source_fts_docsize",
        "source_fts_config",
        "party_alias_fts_data",
        "commitment_fate_fts_idx",
    ] {
        assert!(hidden(name), "{name} is shown");
    }
    for name in ["status_record", "party_alias", "commitment_fate", "source"] {
        assert!(!hidden(name), "{name} is hidden");
    }

    // Every view answers, with the rows the file holds.
    for view in VIEWS {
        let rows = served.rows(&format!("/parley/{view}.json"));
        let count: usize = env.query(&format!("SELECT count(*) FROM {view}"))[0][0]
            .parse()
            .unwrap();
        assert!(count > 0, "{view} is empty");
        assert_eq!(rows.len(), count, "{view}");
    }

    // Column descriptions reach the page.
    let (status, page) = served.try_get("/parley/commitment_status").unwrap();
    assert_eq!(status, 200);
    assert!(
        page.contains("the slugs of the parties it binds"),
        "no column descriptions on the view's page"
    );
}
