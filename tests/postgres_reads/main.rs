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
//! The timelines are files (`TestEnv::file`): the test is about a file and its copy,
//! and runs in the file pass only (`common::file_only`). Each test takes a database of its own on the
//! server `PARLEY_TEST_POSTGRES` names (`scripts/postgres-test-server start`), and is
//! skipped with a note where it is unset.
//!
//! [`timelines`] builds the two timelines; [`commands`] compares the binary's output,
//! [`methods`] the library's values.

mod commands;
#[path = "../common/mod.rs"]
mod common;
mod methods;
mod timelines;

use common::TestEnv;
use common::postgres::PgDatabase;
use parley::postgres::{Server, ServerUrl};
use parley::storage::Database;

use methods::{catalogs_agree, reports_agree, rounds_and_items_agree};

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
    commands::commands_agree(&env, &url, &as_ofs);
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

#[test]
fn the_seed_with_its_history_reads_the_same_on_a_server() {
    if common::file_only() {
        return;
    }
    let env = timelines::seed_with_history();
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
    if common::file_only() {
        return;
    }
    let env = timelines::synth_with_corrections();
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
