//! Writes that wait for the write lock: what another writer committed meanwhile is
//! never written back over. Each test holds the lock itself, as another writer would
//! (`BEGIN IMMEDIATE` on its own connection), changes the database, starts parley,
//! checks that parley is waiting, and only then commits. On a server the lock is
//! Parley's advisory lock, taken in the test's own transaction.
//!
//! Each fails on a parley that reads what it writes before taking the lock: the read
//! happens while the test's change is uncommitted, so the old value is read, and
//! written back once the lock is free.

mod common;

use std::process::{Child, Output, Stdio};
use std::time::{Duration, Instant};

use common::TestEnv;
use sqlx::{Connection, SqliteConnection};

/// How long parley is given to reach the lock. A write command that is not waiting
/// finishes well within it; one still running after it is waiting for the lock.
const REACH_THE_LOCK: Duration = Duration::from_secs(2);

/// Runs `during` while the test holds the write lock with `change` made but not yet
/// committed; commits once `during` returns, and returns what it returned.
fn while_locked<T>(env: &TestEnv, change: &str, during: impl FnOnce() -> T) -> T {
    if let Some(server) = &env.server {
        return server.block_on(async {
            let mut conn = server.connect(None).await;
            // Parley's write lock on a server, held until the transaction ends.
            sqlx::raw_sql("BEGIN")
                .execute(&mut conn)
                .await
                .expect("begin");
            sqlx::query("SELECT pg_advisory_xact_lock($1)")
                .bind(parley::postgres::WRITE_LOCK)
                .execute(&mut conn)
                .await
                .expect("take the write lock");
            let result = locked(&mut conn, change, during).await;
            conn.close().await.ok();
            result
        });
    }
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    runtime.block_on(async {
        let options = sqlx::sqlite::SqliteConnectOptions::new()
            .filename(&env.db)
            .foreign_keys(true);
        let mut conn = SqliteConnection::connect_with(&options)
            .await
            .expect("open the database");
        sqlx::raw_sql("BEGIN IMMEDIATE")
            .execute(&mut conn)
            .await
            .expect("take the write lock");
        let result = locked(&mut conn, change, during).await;
        conn.close().await.ok();
        result
    })
}

/// Makes `change` in the transaction that holds the write lock on `conn`, runs
/// `during`, then commits.
async fn locked<C, T>(conn: &mut C, change: &str, during: impl FnOnce() -> T) -> T
where
    C: Connection,
    for<'c> &'c mut C: sqlx::Executor<'c, Database = C::Database>,
{
    sqlx::raw_sql(sqlx::AssertSqlSafe(change.to_owned()))
        .execute(&mut *conn)
        .await
        .unwrap_or_else(|e| panic!("{change}: {e}"));
    let result = during();
    sqlx::raw_sql("COMMIT")
        .execute(&mut *conn)
        .await
        .expect("commit");
    result
}

/// Starts parley in the background.
fn start(env: &TestEnv, args: &[&str]) -> Child {
    env.std_cmd()
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn parley")
}

/// Waits [`REACH_THE_LOCK`] and checks that parley is still running: waiting for the
/// lock the test holds.
fn assert_waiting(child: &mut Child, what: &str) {
    let start = Instant::now();
    while start.elapsed() < REACH_THE_LOCK {
        if let Some(status) = child.try_wait().expect("poll parley") {
            panic!(
                "{what} did not wait for the write lock: it exited ({status}) while the test held it"
            );
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn succeeded(child: Child, what: &str) -> String {
    let out = child.wait_with_output().expect("wait for parley");
    assert!(
        out.status.success(),
        "{what} failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8 output")
}

const RETITLE: &str = "UPDATE round SET title = 'Retitled while the lock was held', \
                       recorded_at = '2025-11-24T08:30:00.000Z' WHERE slug = 'geneva-2025-11-23'";

fn geneva_title(env: &TestEnv) -> String {
    env.query("SELECT title FROM round WHERE slug = 'geneva-2025-11-23'")[0][0].clone()
}

#[test]
fn status_set_waiting_for_the_lock_keeps_a_round_title_committed_meanwhile() {
    let env = TestEnv::seeded();
    let child = while_locked(&env, RETITLE, || {
        let mut child = start(
            &env,
            &[
                "status",
                "set",
                "prisoner-exchanges",
                "--round",
                "geneva-2025-11-23",
                "--status",
                "discussed",
            ],
        );
        assert_waiting(&mut child, "status set");
        child
    });
    let said = succeeded(child, "status set");
    assert!(said.starts_with("corrected prisoner-exchanges"), "{said}");
    assert_eq!(geneva_title(&env), "Retitled while the lock was held");
    assert_eq!(
        env.count("round_history"),
        1,
        "only the test's own change is a new version of the round"
    );
    assert_eq!(
        env.query("SELECT status FROM current_status WHERE item = 'prisoner-exchanges'"),
        [["discussed"]]
    );
}

#[test]
fn position_set_waiting_for_the_lock_keeps_a_round_title_committed_meanwhile() {
    let env = TestEnv::seeded();
    let child = while_locked(&env, RETITLE, || {
        let mut child = start(
            &env,
            &[
                "position",
                "set",
                "us",
                "prisoner-exchanges",
                "--stance",
                "supports",
                "--round",
                "geneva-2025-11-23",
            ],
        );
        assert_waiting(&mut child, "position set");
        child
    });
    let said = succeeded(child, "position set");
    assert!(said.starts_with("set us on prisoner-exchanges"), "{said}");
    assert_eq!(geneva_title(&env), "Retitled while the lock was held");
    assert_eq!(env.count("round_history"), 1);
}

/// A round file that adds a quote to the seed round names the round by its slug
/// alone; the round's details, changed by another writer meanwhile, stay as that
/// writer left them.
#[test]
fn an_import_waiting_for_the_lock_keeps_round_details_committed_meanwhile() {
    let env = TestEnv::seeded();
    env.write(
        "quote.toml",
        "[process]\nslug = \"ukraine-peace\"\n\n[[round]]\nslug = \"geneva-2025-11-23\"\n\n\
         [[round.quote]]\nspeaker_description = \"a Ukrainian negotiator\"\ntext = \"We are not there yet.\"\n",
    );
    let change = "UPDATE round SET title = 'Retitled while the lock was held', location = 'Geneva, Switzerland', \
                  recorded_at = '2025-11-24T08:30:00.000Z' WHERE slug = 'geneva-2025-11-23'";
    let child = while_locked(&env, change, || {
        let mut child = start(&env, &["import", "quote.toml"]);
        assert_waiting(&mut child, "import");
        child
    });
    assert_eq!(succeeded(child, "import"), "wrote: 1 quote\n");
    assert_eq!(
        env.query("SELECT title, location FROM round WHERE slug = 'geneva-2025-11-23'"),
        [["Retitled while the lock was held", "Geneva, Switzerland"]]
    );
}

/// Two analysts add a round with the same slug at once: both see it free before
/// either writes. The one that writes second finds it taken once it holds the lock,
/// and is refused, rather than overwriting the first one's round.
#[test]
fn two_round_adds_of_one_slug_at_once_add_one_round_and_refuse_the_other() {
    let env = TestEnv::seeded();
    let add = |title: &str| {
        [
            "round",
            "add",
            "--title",
            title,
            "--slug",
            "istanbul-2025-12-02",
            "--date",
            "2025-12-02",
            "--state",
            "held",
        ]
        .map(str::to_owned)
    };
    let children = while_locked(&env, "SELECT 1", || {
        let mut children: Vec<Child> = ["First analyst's round", "Second analyst's round"]
            .into_iter()
            .map(|title| {
                env.std_cmd()
                    .args(add(title))
                    .stdout(Stdio::piped())
                    .stderr(Stdio::piped())
                    .spawn()
                    .expect("spawn parley")
            })
            .collect();
        for child in &mut children {
            assert_waiting(child, "round add");
        }
        children
    });
    let outs: Vec<Output> = children
        .into_iter()
        .map(|c| c.wait_with_output().expect("wait for parley"))
        .collect();
    let added: Vec<&Output> = outs.iter().filter(|o| o.status.success()).collect();
    let refused: Vec<&Output> = outs.iter().filter(|o| !o.status.success()).collect();
    assert_eq!(
        (added.len(), refused.len()),
        (1, 1),
        "one round added, one refused: {outs:?}"
    );
    let err = String::from_utf8_lossy(&refused[0].stderr);
    assert!(
        err.contains("--slug") && err.contains("round 'istanbul-2025-12-02' already exists"),
        "{err}"
    );
    assert!(refused[0].stdout.is_empty());
    let said = String::from_utf8_lossy(&added[0].stdout);
    let title = env.query("SELECT title FROM round WHERE slug = 'istanbul-2025-12-02'");
    assert_eq!(title.len(), 1);
    assert!(
        said.contains("added round"),
        "the one that succeeded says so: {said}"
    );
    assert_eq!(
        env.count("round_history"),
        0,
        "the refused one changed nothing of the round added"
    );
}
