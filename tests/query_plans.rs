//! The read commands and the public views cost what they show: their query plans,
//! asserted with `EXPLAIN QUERY PLAN` (no timing). Parley's statements are the very
//! files its storage layer runs (`crates/parley-core/src/storage/queries/*.sql`, read by `query_file!`);
//! the views are planned as an analyst's tool plans them, by the bundled SQLite and,
//! when it is installed, by the `sqlite3` shell.
//!
//! A plan may scan only what it is expected to (one row per agenda item, a full-text
//! index's matches, a few rows already found); never `status_record`, `status_in_force`,
//! `round` or `citation` (the views count and grade each record's sources). Before the stored round order, each view and most of these statements
//! scanned `status_record` (and numbered every round with a window function), so each
//! case below failed on that schema. These are SQLite's plans: the PostgreSQL pass
//! skips them.

mod common;

use std::path::Path;

use common::TestEnv;

const QUERIES: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/crates/parley-core/src/storage/queries"
);
const FOLLOW_UP: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/follow-up.toml");

/// A record counts as in force when status_in_force holds it: one seek on its key.
const IN_FORCE: &str = "f USING PRIMARY KEY (agenda_item_id=? AND round_date_key=? AND round_id=?)";

/// A round's statuses: its records, by status_record's index on round_id.
const BY_ROUND: &str = "sr USING INDEX status_record_round_id (round_id=?)";

/// What one statement's plan must show.
struct Expect {
    /// The statement file, or a query on a view.
    what: &'static str,
    /// Tables (by the alias the statement gives them) that may be scanned whole.
    may_scan: &'static [&'static str],
    /// Text the plan must contain: the indexes that make it cheap (` | ` between
    /// alternatives, when SQLite versions choose differently).
    uses: &'static [&'static str],
}

const STATEMENTS: &[Expect] = &[
    Expect {
        what: "diff_stances",
        // The rounds between the two, and the distinct (party, item) pairs found there.
        may_scan: &["pairs"],
        uses: &[
            "round_order_number (process_id=? AND number>?",
            "position_round_id (round_id=?)",
            "position_party_item_round (party_id=? AND agenda_item_id=?)",
        ],
    },
    Expect {
        what: "diff_statuses",
        may_scan: &[],
        uses: &["f USING PRIMARY KEY (agenda_item_id=? AND round_date_key<"],
    },
    Expect {
        what: "item_list",
        may_scan: &[],
        uses: &["l USING PRIMARY KEY (agenda_item_id=?)"],
    },
    Expect {
        what: "round_by_number",
        may_scan: &[],
        uses: &["round_order_number (process_id=? AND number=?)"],
    },
    Expect {
        what: "round_by_slug",
        may_scan: &[],
        uses: &["(process_id=? AND slug=?)"],
    },
    Expect {
        what: "round_held_from_last",
        may_scan: &[],
        uses: &["round_order_number (process_id=?)"],
    },
    Expect {
        what: "round_list",
        may_scan: &[],
        uses: &[
            // One range of the process's rounds in number order.
            "round_order_number (process_id=?)",
            // Each round's row, and its count of statuses, stored: one seek, no record read.
            "SEARCH r USING INTEGER PRIMARY KEY (rowid=?)",
            "SEARCH c USING INTEGER PRIMARY KEY (rowid=?)",
        ],
    },
    Expect {
        what: "round_list_participants",
        may_scan: &[],
        // Every participant of the listed rounds' ids, from one range of an index
        // that holds the round, the party and the role.
        uses: &[
            "SEARCH rp USING COVERING INDEX round_party_round_role (round_id>? AND round_id<?)",
        ],
    },
    Expect {
        what: "round_show",
        may_scan: &[],
        uses: &["SEARCH o USING INTEGER PRIMARY KEY"],
    },
    Expect {
        what: "round_show_commitments",
        may_scan: &[],
        uses: &["(round_id=?)"],
    },
    Expect {
        what: "round_show_notes",
        may_scan: &[],
        uses: &["round_note_round_id (round_id=?)"],
    },
    Expect {
        what: "round_show_participants",
        may_scan: &[],
        uses: &["(round_id=?)"],
    },
    Expect {
        what: "round_show_positions",
        may_scan: &[],
        uses: &["position_round_id (round_id=?)"],
    },
    Expect {
        what: "round_show_quotes",
        may_scan: &[],
        uses: &["quote_round_id (round_id=?)"],
    },
    Expect {
        what: "round_show_sources",
        may_scan: &[],
        uses: &["citation_round_id (round_id=?)"],
    },
    Expect {
        what: "round_show_statuses",
        may_scan: &[],
        uses: &[
            "status_record_round_id (round_id=?)",
            "citation_status_record_id (status_record_id=?)",
        ],
    },
    Expect {
        what: "rounds_in_order",
        may_scan: &[],
        uses: &["round_order_number (process_id=?)"],
    },
    Expect {
        what: "search",
        // Each full-text index yields its matches; the kinds' pages are merged.
        may_scan: &[
            "agenda_item_fts",
            "round_fts",
            "status_record_fts",
            "position_fts",
            "round_note_fts",
            "quote_fts",
            "(subquery-",
        ],
        // 192: the matches read newest first (ORDER BY rowid DESC, consumed by
        // FTS5), so that reading stops at the limit instead of sorting every match.
        uses: &[
            "round_fts VIRTUAL TABLE INDEX 192:",
            "status_record_fts VIRTUAL TABLE INDEX 192:",
            "position_fts VIRTUAL TABLE INDEX 192:",
            "round_note_fts VIRTUAL TABLE INDEX 192:",
            "quote_fts VIRTUAL TABLE INDEX 192:",
            // A status note counts only while its record is in force.
            IN_FORCE,
        ],
    },
];

/// A record's sources, counted and graded: its citations by citation's index on
/// status_record_id (no scan of citation), each source by its key.
const SOURCES: &str = "c USING COVERING INDEX citation_status_record_id (status_record_id=?)";
const SOURCE_GRADE: &str = "so USING INTEGER PRIMARY KEY";

const VIEWS: &[Expect] = &[
    Expect {
        what: "SELECT * FROM current_status",
        // One row per item: the latest round is one seek per item.
        may_scan: &["latest_of"],
        uses: &[
            "l USING PRIMARY KEY (agenda_item_id=?)",
            SOURCES,
            SOURCE_GRADE,
        ],
    },
    Expect {
        what: "SELECT item, round_title, parent_item, parent_item_title, is_setback, \
               previous_status_label, source_count, best_reliability FROM current_status",
        may_scan: &["latest_of"],
        uses: &[
            "l USING PRIMARY KEY (agenda_item_id=?)",
            "parent USING INTEGER PRIMARY KEY",
            "pst USING PRIMARY KEY (slug=?)",
            SOURCES,
            SOURCE_GRADE,
        ],
    },
    // Before current_status started from the items whatever it read, a query reading
    // only columns status_record's indexes cover scanned every status record.
    Expect {
        what: "SELECT item, status FROM current_status",
        may_scan: &["latest_of"],
        uses: &["l USING PRIMARY KEY (agenda_item_id=?)"],
    },
    Expect {
        what: "SELECT * FROM current_status WHERE item = ?1",
        may_scan: &[],
        uses: &[
            "latest_of USING INDEX agenda_item_slug (slug=?)",
            "l USING PRIMARY KEY (agenda_item_id=?)",
        ],
    },
    Expect {
        what: "SELECT * FROM current_status WHERE agenda_item_id = ?1",
        may_scan: &[],
        uses: &["latest_of USING INTEGER PRIMARY KEY"],
    },
    Expect {
        what: "SELECT item, source_count, best_reliability FROM status_timeline WHERE round_id = ?1",
        may_scan: &[],
        uses: &[BY_ROUND, IN_FORCE, SOURCES, SOURCE_GRADE],
    },
    Expect {
        what: "SELECT * FROM movement WHERE is_setback = 1 AND round = ?1",
        may_scan: &[],
        uses: &["round_slug (slug=?)", BY_ROUND, IN_FORCE, SOURCES],
    },
    Expect {
        what: "SELECT * FROM status_timeline WHERE agenda_item_id = ?1",
        may_scan: &[],
        uses: &["f USING PRIMARY KEY (agenda_item_id=?)"],
    },
    Expect {
        what: "SELECT * FROM status_timeline WHERE item = ?1",
        may_scan: &[],
        uses: &[
            "agenda_item_slug (slug=?)",
            "f USING PRIMARY KEY (agenda_item_id=?)",
        ],
    },
    Expect {
        what: "SELECT * FROM status_timeline WHERE round = ?1",
        may_scan: &[],
        uses: &["round_slug (slug=?)", BY_ROUND, IN_FORCE],
    },
    Expect {
        what: "SELECT * FROM movement WHERE agenda_item_id = ?1",
        may_scan: &[],
        uses: &[
            "f USING PRIMARY KEY (agenda_item_id=?)",
            "f USING PRIMARY KEY (agenda_item_id=? AND round_date_key<",
        ],
    },
    Expect {
        what: "SELECT * FROM movement WHERE item = ?1",
        may_scan: &[],
        uses: &["agenda_item_slug (slug=?)", "round_date_key<"],
    },
    Expect {
        what: "SELECT * FROM movement WHERE round_id = ?1",
        may_scan: &[],
        uses: &[BY_ROUND, IN_FORCE, "round_date_key<"],
    },
    Expect {
        what: "SELECT * FROM movement WHERE round = ?1",
        may_scan: &[],
        uses: &["round_slug (slug=?)", BY_ROUND, IN_FORCE],
    },
    Expect {
        what: "SELECT * FROM movement WHERE round_number = ?1",
        may_scan: &[],
        uses: &[
            "round_order_number_any_process (number=?)",
            BY_ROUND,
            IN_FORCE,
        ],
    },
    Expect {
        what: "SELECT * FROM round_sequence WHERE process = ?1 AND number = ?2",
        may_scan: &[],
        uses: &["round_order_number (process_id=? AND number=?)"],
    },
];

fn fixture() -> TestEnv {
    let env = TestEnv::seeded();
    env.ok(["import", FOLLOW_UP]);
    env
}

/// The plan of `sql`, one line per step, as the bundled SQLite makes it.
fn plan(db: &Path, sql: &str) -> Vec<String> {
    common::query_file(db, &format!("EXPLAIN QUERY PLAN {sql}"))
        .into_iter()
        .map(|row| row[3].clone())
        .collect()
}

/// Checks a plan against what is expected of it; returns the problems found.
fn problems(expect: &Expect, plan: &[String]) -> Vec<String> {
    let mut found = Vec::new();
    for line in plan {
        let Some(rest) = line.trim_start().strip_prefix("SCAN ") else {
            continue;
        };
        let allowed = rest.starts_with("CONSTANT ROW")
            || expect.may_scan.iter().any(|t| {
                rest.split_whitespace().next() == Some(t)
                    || (t.ends_with('-') && rest.starts_with(t))
            });
        if !allowed {
            found.push(format!("scans: {line}"));
        }
    }
    for wanted in expect.uses {
        let found_one = wanted
            .split(" | ")
            .any(|one| plan.iter().any(|line| line.contains(one)));
        if !found_one {
            found.push(format!("does not use {wanted}"));
        }
    }
    found
}

fn assert_plans(plans: impl IntoIterator<Item = (String, Vec<String>, &'static Expect)>) {
    let mut failures = Vec::new();
    for (what, plan, expect) in plans {
        let found = problems(expect, &plan);
        if !found.is_empty() {
            failures.push(format!(
                "{what}: {}\n  plan:\n    {}",
                found.join("; "),
                plan.join("\n    ")
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn every_statement_behind_the_read_commands_is_planned_and_seeks() {
    if common::file_only() {
        return;
    }
    let mut files: Vec<String> = std::fs::read_dir(QUERIES)
        .expect("the statements' folder")
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter_map(|name| name.strip_suffix(".sql").map(str::to_owned))
        .collect();
    files.sort();
    let mut expected: Vec<&str> = STATEMENTS.iter().map(|e| e.what).collect();
    expected.sort();
    assert_eq!(files, expected, "every statement file has its expectation");

    let env = fixture();
    assert_plans(STATEMENTS.iter().map(|expect| {
        let sql = std::fs::read_to_string(format!("{QUERIES}/{}.sql", expect.what)).unwrap();
        (expect.what.to_owned(), plan(&env.db, &sql), expect)
    }));
}

/// `round list` reads its rounds in index order (no sort), and their participants apart
/// in one range, in index order too: no subquery per round. Its statement had looked up
/// each round's participants (a seek into round_party's index and one into party per
/// participant) and sorted the rounds: more than half of the command at 1M records.
#[test]
fn round_list_reads_ranges_not_a_subquery_per_round() {
    if common::file_only() {
        return;
    }
    let env = fixture();
    let read = |what: &str| {
        let sql = std::fs::read_to_string(format!("{QUERIES}/{what}.sql")).unwrap();
        plan(&env.db, &sql)
    };
    let rounds = read("round_list");
    for absent in ["round_party", "party", "TEMP B-TREE", "CORRELATED"] {
        assert!(
            !rounds.iter().any(|line| line.contains(absent)),
            "round_list: {absent} in\n{}",
            rounds.join("\n")
        );
    }
    let participants = read("round_list_participants");
    assert_eq!(
        participants,
        ["SEARCH rp USING COVERING INDEX round_party_round_role (round_id>? AND round_id<?)"],
        "round_list_participants: one range of the index, nothing else"
    );
}

#[test]
fn the_views_seek_in_sqlite() {
    if common::file_only() {
        return;
    }
    let env = fixture();
    assert_plans(
        VIEWS
            .iter()
            .map(|expect| (expect.what.to_owned(), plan(&env.db, expect.what), expect)),
    );
}

/// The same plans from the `sqlite3` shell analysts use, which is older than the
/// SQLite Parley bundles.
#[test]
fn the_views_seek_in_the_sqlite3_shell() {
    if common::file_only() {
        return;
    }
    let env = fixture();
    let mut plans = Vec::new();
    for expect in VIEWS {
        let sql = format!("EXPLAIN QUERY PLAN {}", expect.what);
        let out = match std::process::Command::new("sqlite3")
            .arg(&env.db)
            .arg(&sql)
            .output()
        {
            Ok(out) => out,
            Err(e) => {
                eprintln!("note: the sqlite3 shell could not run ({e}); skipping");
                return;
            }
        };
        assert!(
            out.status.success(),
            "{sql}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let lines = String::from_utf8_lossy(&out.stdout)
            .lines()
            .filter(|l| *l != "QUERY PLAN")
            .map(|l| l.trim_start_matches(['|', '`', '-', ' ']).to_owned())
            .collect();
        plans.push((format!("sqlite3: {}", expect.what), lines, expect));
    }
    assert_plans(plans);
}
