//! General rules, checked on many generated cases: the SQL views derive movement
//! exactly as the domain does, corrections included, and rounds are numbered in
//! date order, through any sequence of writes that the stored order must follow.
//! The cases write to a file's tables directly: the PostgreSQL pass skips them
//! (tests/postgres_schema.rs and tests/postgres_reads compare the server's views and
//! reads with the file's).

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
        let env = common::TestEnv::file();
        env.ok(["init", "--empty"]);
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
        if common::file_only() {
            return Ok(());
        }
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
        if common::file_only() {
            return Ok(());
        }
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

    /// The stored order (round_order, status_in_force) is kept by triggers through
    /// any sequence of writes: rounds added in any date order (so between two others),
    /// rounds re-dated (to another place, or to no date), statuses and corrections at
    /// any round. (Rounds are never deleted: a rule of the schema refuses it.) The views then agree with the
    /// domain's order and movement rule, exactly as if recomputed from scratch.
    #[test]
    fn the_stored_order_follows_every_write(ops in prop::collection::vec(op(), 1..40)) {
        if common::file_only() {
            return Ok(());
        }
        thread_local!(static SCRATCH: std::cell::RefCell<Option<Scratch>> = const { std::cell::RefCell::new(None) });
        SCRATCH.with(|cell| {
            let mut cell = cell.borrow_mut();
            let scratch = cell.get_or_insert_with(Scratch::new);
            let (views, expected) = scratch.runtime.block_on(async {
                let mut tx = scratch.conn.begin().await.unwrap();
                let mut model = Model::default();
                sqlx::query("INSERT INTO process (process_id, slug, name) VALUES (1, 'p', 'P')").execute(&mut *tx).await.unwrap();
                for i in 0..ITEMS {
                    sqlx::query("INSERT INTO agenda_item (agenda_item_id, process_id, slug, title) VALUES (?1, 1, ?2, 'I')")
                        .bind(i as i64 + 1).bind(format!("i{i}")).execute(&mut *tx).await.unwrap();
                }
                for op in &ops {
                    model.apply(op, &mut tx).await;
                }
                let views = Views::read(&mut tx).await;
                tx.rollback().await.unwrap();
                (views, model.expected())
            });
            prop_assert_eq!(views, expected);
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

/// Items in the stored-order cases.
const ITEMS: usize = 2;

/// One write in a stored-order case. Round and item indexes wrap around what exists.
#[derive(Debug, Clone)]
enum Op {
    /// A new round, with a date or none (scheduled).
    AddRound(Option<PartialDate>),
    /// A round's date changes.
    Redate(usize, Option<PartialDate>),
    /// An item's status at a round: a first record, or a correction of the one in force.
    Status(usize, usize, Status),
}

fn op() -> impl Strategy<Value = Op> {
    let date = || prop::option::weighted(0.85, partial_date());
    prop_oneof![
        3 => date().prop_map(Op::AddRound),
        1 => (any::<usize>(), date()).prop_map(|(r, d)| Op::Redate(r, d)),
        4 => (0..ITEMS, any::<usize>(), status()).prop_map(|(i, r, s)| Op::Status(i, r, s)),
    ]
}

/// What the writes should have produced, kept in Rust.
#[derive(Default)]
struct Model {
    /// (round id, date) of every round that exists, in the order added.
    rounds: Vec<(i64, Option<PartialDate>)>,
    next_round: i64,
    /// (item, round id) -> (status record in force, its status).
    in_force: std::collections::BTreeMap<(usize, i64), (i64, Status)>,
}

impl Model {
    async fn apply(&mut self, op: &Op, conn: &mut SqliteConnection) {
        match op {
            Op::AddRound(date) => {
                self.next_round += 1;
                let id = self.next_round;
                sqlx::query("INSERT INTO round (round_id, process_id, slug, title, start_date, state) VALUES (?1, 1, ?2, 'R', ?3, ?4)")
                    .bind(id).bind(format!("r{id}")).bind(date.map(|d| d.to_string()))
                    .bind(if date.is_some() { "held" } else { "scheduled" })
                    .execute(&mut *conn).await.unwrap();
                self.rounds.push((id, *date));
            }
            Op::Redate(r, date) if !self.rounds.is_empty() => {
                let at = r % self.rounds.len();
                sqlx::query("UPDATE round SET start_date = ?2, state = ?3 WHERE round_id = ?1")
                    .bind(self.rounds[at].0)
                    .bind(date.map(|d| d.to_string()))
                    .bind(if date.is_some() { "held" } else { "scheduled" })
                    .execute(&mut *conn)
                    .await
                    .unwrap();
                self.rounds[at].1 = *date;
            }
            Op::Status(item, r, status) if !self.rounds.is_empty() => {
                let round = self.rounds[r % self.rounds.len()].0;
                let supersedes = self.in_force.get(&(*item, round)).map(|&(id, _)| id);
                let id: i64 = sqlx::query_scalar(
                    "INSERT INTO status_record (agenda_item_id, round_id, status, supersedes_status_record_id)
                     VALUES (?1, ?2, ?3, ?4) RETURNING status_record_id")
                    .bind(*item as i64 + 1).bind(round).bind(status.as_str()).bind(supersedes)
                    .fetch_one(&mut *conn).await.unwrap();
                self.in_force.insert((*item, round), (id, *status));
            }
            _ => {}
        }
    }

    /// The views as the domain computes them.
    fn expected(&self) -> Views {
        // By date (a partial date before the full dates it contains), then as
        // recorded; undated rounds last.
        let mut order = self.rounds.clone();
        order.sort_by_key(|&(id, date)| (date.is_none(), date, id));
        let number = |round: i64| order.iter().position(|&(id, _)| id == round).unwrap() as i64 + 1;
        let mut views = Views {
            sequence: order.iter().map(|&(id, _)| format!("r{id}")).collect(),
            ..Views::default()
        };
        for item in 0..ITEMS {
            let mut previous = None;
            for &(round, _) in &order {
                let Some(&(_, status)) = self.in_force.get(&(item, round)) else {
                    continue;
                };
                let moved = Movement::between(previous, status).as_str().to_owned();
                views.movement.push((
                    format!("i{item}"),
                    number(round),
                    status.as_str().to_owned(),
                    moved,
                ));
                previous = Some(status);
            }
            if let Some(last) = views.movement.iter().rfind(|m| m.0 == format!("i{item}")) {
                views.current.push(last.clone());
            }
        }
        let date_key = |round: i64| {
            let date = self.rounds.iter().find(|&&(id, _)| id == round).unwrap().1;
            date.map_or("undated".to_owned(), |d| d.to_string())
        };
        views.in_force = self
            .in_force
            .iter()
            .map(|(&(_, round), &(id, _))| (id, date_key(round)))
            .collect();
        views.in_force.sort();
        views
    }
}

/// What the views and the derived table say.
#[derive(Debug, Default, PartialEq)]
struct Views {
    /// Round slugs in number order.
    sequence: Vec<String>,
    /// (item, round number, status, movement), by item then number.
    movement: Vec<(String, i64, String, String)>,
    /// The same, for each item's latest round.
    current: Vec<(String, i64, String, String)>,
    /// (status record, round date key) of every row of status_in_force.
    in_force: Vec<(i64, String)>,
}

impl Views {
    async fn read(conn: &mut SqliteConnection) -> Views {
        let numbered: Vec<(String, i64)> =
            sqlx::query_as("SELECT round, number FROM round_sequence ORDER BY number")
                .fetch_all(&mut *conn)
                .await
                .unwrap();
        assert!(
            numbered.iter().zip(1..).all(|((_, n), i)| *n == i),
            "numbers run from 1 without gaps: {numbered:?}"
        );
        Views {
            sequence: numbered.into_iter().map(|(round, _)| round).collect(),
            movement: sqlx::query_as("SELECT item, round_number, status, movement FROM movement ORDER BY item, round_number")
                .fetch_all(&mut *conn).await.unwrap(),
            current: sqlx::query_as("SELECT item, round_number, status, movement FROM current_status ORDER BY item")
                .fetch_all(&mut *conn).await.unwrap(),
            in_force: sqlx::query_as("SELECT status_record_id, round_date_key FROM status_in_force ORDER BY 1")
                .fetch_all(&mut *conn).await.unwrap(),
        }
    }
}
