//! General rules, checked on many generated cases: the SQL views derive movement
//! exactly as the domain does, corrections included, and rounds are numbered in
//! date order.

mod common;

use parley::domain::{Movement, PartialDate, Status};
use proptest::prelude::*;
use sqlx::{Connection, SqliteConnection};

/// One database file for the whole test; every case writes inside a transaction
/// that it rolls back.
struct Scratch {
    _env: common::TestEnv,
    conn: SqliteConnection,
    runtime: tokio::runtime::Runtime,
}

impl Scratch {
    fn new() -> Self {
        let env = common::TestEnv::empty();
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        let conn = runtime.block_on(async {
            let options = sqlx::sqlite::SqliteConnectOptions::new()
                .filename(&env.db)
                .foreign_keys(true);
            SqliteConnection::connect_with(&options).await.unwrap()
        });
        Scratch {
            _env: env,
            conn,
            runtime,
        }
    }
}

fn status() -> impl Strategy<Value = Status> {
    prop::sample::select(Status::ALL.to_vec())
}

/// Per round, the item's status (None: the round did not address it) and the
/// corrections recorded after it, in order.
fn history() -> impl Strategy<Value = Vec<Option<(Status, Vec<Status>)>>> {
    prop::collection::vec(
        prop::option::of((status(), prop::collection::vec(status(), 0..3))),
        1..12,
    )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn the_movement_view_agrees_with_the_domain(histories in prop::collection::vec(history(), 1..4)) {
        thread_local!(static SCRATCH: std::cell::RefCell<Option<Scratch>> = const { std::cell::RefCell::new(None) });
        SCRATCH.with(|cell| {
            let mut cell = cell.borrow_mut();
            let scratch = cell.get_or_insert_with(Scratch::new);
            let rounds = histories.iter().map(Vec::len).max().unwrap();
            let (sql_rows, expected) = scratch.runtime.block_on(async {
                let mut tx = scratch.conn.begin().await.unwrap();
                sqlx::query("INSERT INTO process (process_id, slug, name) VALUES (1, 'p', 'P')").execute(&mut *tx).await.unwrap();
                for r in 0..rounds {
                    // Recorded in reverse, so numbering must come from the dates.
                    let r = rounds - 1 - r;
                    sqlx::query("INSERT INTO round (round_id, process_id, slug, title, start_date, state) VALUES (?1, 1, ?2, 'R', ?3, 'held')")
                        .bind(r as i64 + 1).bind(format!("r{r}")).bind(format!("2025-01-{:02}", r + 1))
                        .execute(&mut *tx).await.unwrap();
                }
                let mut expected = Vec::new();
                for (i, history) in histories.iter().enumerate() {
                    let item_id = i as i64 + 1;
                    sqlx::query("INSERT INTO agenda_item (agenda_item_id, process_id, slug, title) VALUES (?1, 1, ?2, 'I')")
                        .bind(item_id).bind(format!("i{i}")).execute(&mut *tx).await.unwrap();
                    let mut previous = None;
                    for (r, entry) in history.iter().enumerate() {
                        let Some((first, corrections)) = entry else { continue };
                        let mut superseded: Option<i64> = None;
                        for status in std::iter::once(first).chain(corrections) {
                            let id: i64 = sqlx::query_scalar(
                                "INSERT INTO status_record (agenda_item_id, round_id, status, supersedes_status_record_id)
                                 VALUES (?1, ?2, ?3, ?4) RETURNING status_record_id")
                                .bind(item_id).bind(r as i64 + 1).bind(status.as_str()).bind(superseded)
                                .fetch_one(&mut *tx).await.unwrap();
                            superseded = Some(id);
                        }
                        let in_force = *corrections.last().unwrap_or(first);
                        expected.push((format!("i{i}"), format!("r{r}"), in_force.as_str().to_owned(),
                                       Movement::between(previous, in_force).as_str().to_owned()));
                        previous = Some(in_force);
                    }
                }
                let rows: Vec<(String, String, String, String)> = sqlx::query_as(
                    "SELECT item, round, status, movement FROM movement ORDER BY item, round_number")
                    .fetch_all(&mut *tx).await.unwrap();
                tx.rollback().await.unwrap();
                (rows, expected)
            });
            let mut expected = expected;
            expected.sort_by(|a, b| a.0.cmp(&b.0).then(a.1[1..].parse::<u32>().unwrap().cmp(&b.1[1..].parse::<u32>().unwrap())));
            prop_assert_eq!(sql_rows, expected);
            Ok(())
        })?;
    }

    #[test]
    fn rounds_are_numbered_in_date_order(dates in prop::collection::vec(partial_date(), 1..15)) {
        thread_local!(static SCRATCH: std::cell::RefCell<Option<Scratch>> = const { std::cell::RefCell::new(None) });
        SCRATCH.with(|cell| {
            let mut cell = cell.borrow_mut();
            let scratch = cell.get_or_insert_with(Scratch::new);
            let numbered: Vec<String> = scratch.runtime.block_on(async {
                let mut tx = scratch.conn.begin().await.unwrap();
                sqlx::query("INSERT INTO process (process_id, slug, name) VALUES (1, 'p', 'P')").execute(&mut *tx).await.unwrap();
                for (i, date) in dates.iter().enumerate() {
                    sqlx::query("INSERT INTO round (process_id, slug, title, start_date, state) VALUES (1, ?1, 'R', ?2, 'held')")
                        .bind(format!("r{i}")).bind(date.to_string()).execute(&mut *tx).await.unwrap();
                }
                let rows: Vec<String> = sqlx::query_scalar("SELECT round FROM round_sequence ORDER BY number")
                    .fetch_all(&mut *tx).await.unwrap();
                tx.rollback().await.unwrap();
                rows
            });
            // The domain's order: by date, then in the order recorded.
            let mut expected: Vec<(PartialDate, usize)> = dates.iter().copied().zip(0..).collect();
            expected.sort();
            let expected: Vec<String> = expected.into_iter().map(|(_, i)| format!("r{i}")).collect();
            prop_assert_eq!(numbered, expected);
            Ok(())
        })?;
    }

    #[test]
    fn a_partial_date_prints_and_parses_back(date in partial_date()) {
        prop_assert_eq!(date.to_string().parse::<PartialDate>().unwrap(), date);
    }
}

fn partial_date() -> impl Strategy<Value = PartialDate> {
    (
        2020u16..2027,
        prop::option::of(1u8..=12),
        1u8..=28,
        any::<bool>(),
    )
        .prop_map(|(y, m, d, with_day)| {
            let day = if with_day && m.is_some() {
                Some(d)
            } else {
                None
            };
            PartialDate::from_ymd(y, m, day).unwrap()
        })
}
