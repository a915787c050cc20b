//! Every read method, called with the same arguments on the file and on the server.

use std::fmt::Debug;

use chrono::TimeDelta;
use parley::domain::Instant;
use parley::domain::names::{Named, NamesUsed};
use parley::storage::RetractTarget;

use super::Both;

/// The same value from both, or the same error; the file's value.
fn same<T: PartialEq + Debug>(
    what: &str,
    file: parley::Result<T>,
    server: parley::Result<T>,
) -> Option<T> {
    match (file, server) {
        (Ok(file), Ok(server)) => {
            assert_eq!(file, server, "{what}");
            Some(file)
        }
        (Err(file), Err(server)) => {
            assert_eq!(file.to_string(), server.to_string(), "{what}");
            None
        }
        (file, server) => panic!("{what}: the file gave {file:?}, the server {server:?}"),
    }
}

/// Calls a method with the same arguments on both and asserts they agree.
macro_rules! same {
    ($both:expr, $method:ident ( $($arg:expr),* )) => {
        same(
            &format!("{}{:?}", stringify!($method), ($(&$arg,)*)),
            $both.file.$method($($arg),*).await,
            $both.server.$method($($arg),*).await,
        )
    };
    ($both:expr, $method:ident ( $($arg:expr),* ), $what:expr) => {
        same(
            &format!("{}: {}", stringify!($method), $what),
            $both.file.$method($($arg),*).await,
            $both.server.$method($($arg),*).await,
        )
    };
}

impl Both {
    /// The one column of a query on the file, as text.
    async fn column(&self, sql: &str) -> Vec<String> {
        let sql = format!("WITH q (v) AS ({sql}) SELECT CAST(v AS TEXT) FROM q");
        sqlx::query_scalar(sqlx::AssertSqlSafe(sql))
            .fetch_all(self.file.pool())
            .await
            .expect("a query of the file")
    }

    async fn ids(&self, sql: &str) -> Vec<i64> {
        let ids = self.column(sql).await;
        ids.iter().map(|id| id.parse().unwrap()).collect()
    }

    /// Every instant something was written, each with the instants just before and
    /// just after it, and both ends of time.
    async fn as_ofs(&self) -> Vec<Option<Instant>> {
        let written = self.column(
            "SELECT DISTINCT recorded_at FROM (
                 SELECT recorded_at FROM write_log UNION SELECT recorded_at FROM round
                 UNION SELECT recorded_at FROM status_record UNION SELECT recorded_at FROM agenda_item
                 UNION SELECT replaced_at FROM party_history UNION SELECT replaced_at FROM round_history)
             ORDER BY 1",
            )
            .await;
        assert!(written.len() > 2, "{written:?}");
        let mut as_ofs = vec![
            None,
            Some(Instant::START_OF_TIME),
            Some(Instant::END_OF_TIME),
        ];
        for text in written {
            let t: Instant = text.parse().expect("an instant");
            let ms = TimeDelta::milliseconds(1);
            for moment in [t.to_datetime() - ms, t.to_datetime(), t.to_datetime() + ms] {
                as_ofs.push(Some(Instant::new(moment).unwrap()));
            }
        }
        as_ofs
    }
}

/// The names the file knows, in the case they were written, in other cases, and
/// names it does not.
async fn names(both: &Both, sql: &str) -> Vec<String> {
    let mut names = both.column(sql).await;
    let cased: Vec<String> = names
        .iter()
        .flat_map(|n| [n.to_uppercase(), n.to_lowercase(), format!(" {n} ")])
        .collect();
    names.extend(cased);
    names.extend([
        "nope".into(),
        String::new(),
        "Ukrane".into(),
        "latest".into(),
    ]);
    names
}

/// Every catalog, and every name of every kind resolved by index.
pub async fn catalogs_agree(both: &Both) {
    same!(both, process_catalog());
    same!(both, party_catalog());
    same!(both, source_catalog());
    same!(both, catalogs());
    for kind in [Named::Party, Named::Person, Named::Outlet] {
        same!(both, named_catalog(kind));
    }
    let party_names = names(
        both,
        "SELECT slug FROM party UNION ALL SELECT name FROM party UNION ALL SELECT short_code FROM party
         WHERE short_code IS NOT NULL UNION ALL SELECT alias FROM party_alias",
    ).await;
    for name in &party_names {
        same!(both, party_by_index(name));
    }
    for (kind, sql) in [
        (Named::Party, "SELECT alias FROM party_alias"),
        (
            Named::Person,
            "SELECT slug FROM person UNION ALL SELECT alias FROM person_alias",
        ),
        (
            Named::Outlet,
            "SELECT slug FROM outlet UNION ALL SELECT alias FROM outlet_alias",
        ),
    ] {
        for name in names(both, sql).await {
            same!(both, named_by_index(kind, &name));
        }
    }
    for slug in names(both, "SELECT slug FROM source").await {
        same!(both, source_by_slug(&slug));
    }
    let processes = both.column("SELECT slug FROM process").await;
    let sources = both
        .column("SELECT slug FROM source ORDER BY source_id DESC")
        .await;
    let rounds: Vec<(String, String)> = sqlx::query_as(
        "SELECT p.slug, r.slug FROM round r JOIN process p USING (process_id) ORDER BY r.round_id DESC",
    )
    .fetch_all(both.file.pool())
    .await
    .unwrap();
    for used in [
        NamesUsed::default(),
        NamesUsed {
            processes: processes.clone(),
            sources: sources.clone(),
            rounds: rounds.clone(),
        },
        NamesUsed {
            processes: vec!["nope".into(), processes[0].clone()],
            sources: vec![
                sources[0].clone(),
                "nope".into(),
                sources[sources.len() - 1].clone(),
            ],
            rounds: vec![
                rounds[rounds.len() - 1].clone(),
                ("nope".into(), rounds[0].1.clone()),
                (rounds[0].0.clone(), "nope".into()),
                rounds[0].clone(),
            ],
        },
    ] {
        same!(both, catalogs_for(&used), format!("{used:?}"));
    }
}

/// Every process's items, rounds, names of rounds, commitments, movements, diffs and
/// template facts; every retraction lookup.
pub async fn rounds_and_items_agree(both: &Both) {
    for slug in names(both, "SELECT slug FROM process").await {
        same!(both, process_id(&slug));
    }
    for process_id in both.ids("SELECT process_id FROM process").await {
        same!(both, item_catalog(process_id));
        let items = names(
            both,
            &format!("SELECT slug FROM agenda_item WHERE process_id = {process_id}"),
        )
        .await;
        for item in &items {
            same!(both, item_by_slug(process_id, item));
            same!(both, item_and_ancestors(process_id, item));
            same!(both, item_id(process_id, item));
        }
        let rounds = same!(both, rounds(process_id)).unwrap();
        assert!(!rounds.is_empty());
        let mut round_names = names(
            both,
            &format!(
                "SELECT slug FROM round WHERE process_id = {process_id}
                 UNION ALL SELECT title FROM round WHERE process_id = {process_id}"
            ),
        )
        .await;
        round_names.extend(["previous", "0", "1", "#2", "999", "-1"].map(String::from));
        for name in &round_names {
            same!(both, resolve_round(process_id, name, "--round"));
            same!(both, round_by_slug(process_id, name));
            same!(both, round_exists(process_id, name));
            same!(both, retracted_round(process_id, name));
            for shown in [0, 1, 3, 100] {
                same!(both, round_and_later(process_id, name, shown));
            }
        }
        for commitment in names(both, "SELECT slug FROM commitment").await {
            same!(both, rounds_with_commitment(process_id, &commitment));
        }
        same!(both, commitment_slugs(process_id));
        for sources in [0, 1, 3, 1000] {
            same!(both, next_round_facts(process_id, sources));
        }
        let item_ids = both
            .ids(&format!(
                "SELECT agenda_item_id FROM agenda_item WHERE process_id = {process_id}"
            ))
            .await;
        for round in &rounds {
            for &item in &item_ids {
                same!(both, movement_at(item, round.round_id));
            }
        }
        // Every pair for a few rounds; for many, each round against its neighbour, the
        // first and the last.
        let n = rounds.len();
        for (i, a) in rounds.iter().enumerate() {
            for (j, b) in rounds.iter().enumerate() {
                if n <= 6 || j == i || j == i + 1 || i == j + 1 || j == 0 || j == n - 1 {
                    same!(both, statuses_at(a, b), format!("{} → {}", a.slug, b.slug));
                    same!(both, stances_at(a, b), format!("{} → {}", a.slug, b.slug));
                }
            }
        }
    }
    retractions_agree(both).await;
}

/// The retraction of every round, item's status, party's stance, commitment, quote
/// and note, retracted or not, and of ones that do not exist; every retraction the
/// file holds is found (through the target its command names) at least once.
async fn retractions_agree(both: &Both) {
    let rounds = both
        .ids("SELECT round_id FROM round UNION ALL SELECT 999999")
        .await;
    let items = both
        .column("SELECT DISTINCT slug FROM agenda_item UNION ALL SELECT 'nope'")
        .await;
    let commitments = both
        .column("SELECT DISTINCT slug FROM commitment UNION ALL SELECT 'nope'")
        .await;
    let mut targets = Vec::new();
    for &round_id in &rounds {
        targets.push(RetractTarget::Round { round_id });
        for item in &items {
            targets.push(RetractTarget::Status { round_id, item });
        }
        for slug in &commitments {
            targets.push(RetractTarget::Commitment { round_id, slug });
        }
    }
    // Every position's (round, party, item), and ones with an unknown party or item.
    let positions: Vec<(i64, String, String)> = sqlx::query_as(
        "SELECT p.round_id, pa.slug, i.slug FROM position p
         JOIN party pa ON pa.party_id = p.party_id
         JOIN agenda_item i ON i.agenda_item_id = p.agenda_item_id
         UNION ALL SELECT round_id, 'nope', 'localized-ceasefires' FROM round
         UNION ALL SELECT round_id, 'us', 'nope' FROM round",
    )
    .fetch_all(both.file.pool())
    .await
    .unwrap();
    for (round_id, party, item) in &positions {
        targets.push(RetractTarget::Position {
            round_id: *round_id,
            party,
            item,
        });
    }
    let quotes = both
        .ids("SELECT quote_id FROM quote UNION ALL SELECT 999999")
        .await;
    let notes = both
        .ids("SELECT round_note_id FROM round_note UNION ALL SELECT 999999")
        .await;
    for process_id in both
        .ids("SELECT process_id FROM process UNION ALL SELECT 999999")
        .await
    {
        for &quote_id in &quotes {
            targets.push(RetractTarget::Quote {
                process_id,
                quote_id,
            });
        }
        for &round_note_id in &notes {
            targets.push(RetractTarget::Note {
                process_id,
                round_note_id,
            });
        }
    }
    let mut found = 0;
    for target in targets {
        if let Some(Some(_)) = same!(both, retraction(target)) {
            found += 1;
        }
    }
    let retractions = both.ids("SELECT count(*) FROM retraction").await[0];
    assert!(found >= retractions as usize, "{found} of {retractions}");
}

/// Every read a report and a timeline are built from, as of every instant.
pub async fn reports_agree(both: &Both) {
    let as_ofs = both.as_ofs().await;
    for process_id in both
        .ids("SELECT process_id FROM process UNION ALL SELECT 999999")
        .await
    {
        let items: Vec<Option<String>> = [None, Some("nope".to_owned())]
            .into_iter()
            .chain(
                both.column(&format!(
                    "SELECT slug FROM agenda_item WHERE process_id = {process_id}"
                ))
                .await
                .into_iter()
                .map(Some),
            )
            .collect();
        for &as_of in &as_ofs {
            let when = format!("process {process_id} as of {as_of:?}");
            let rounds = same!(both, report_rounds(process_id, as_of), &when).unwrap();
            same!(both, report_items(process_id, as_of), &when);
            let statuses = report_statuses_agree(both, process_id, as_of).await;
            same!(both, report_positions(process_id, as_of), &when);
            same!(both, report_commitments(process_id, as_of), &when);
            same!(both, report_round_notes(process_id, as_of), &when);
            same!(both, report_quotes(process_id, as_of), &when);
            let ids: Vec<i64> = statuses.iter().map(|s| s.status_record_id).collect();
            same!(both, report_notes(&ids), &when);
            same!(both, report_citations(&ids, as_of), &when);
            let round_ids: Vec<i64> = rounds.iter().map(|r| r.round_id).collect();
            same!(both, report_round_citations(&round_ids), &when);
            for item in &items {
                same!(
                    both,
                    status_history(process_id, item.as_deref(), as_of),
                    &when
                );
            }
        }
    }
}

/// `report_statuses` on both: the same records, grouped by item in the same order.
/// Within an item SQLite's order is its plan's (json_group_array over a group the
/// statement does not order), which the report does not rely on (it sorts each
/// item's records by round): the records of each item are compared as sets.
async fn report_statuses_agree(
    both: &Both,
    process_id: i64,
    as_of: Option<Instant>,
) -> Vec<parley::storage::StatusRow> {
    let file = both.file.report_statuses(process_id, as_of).await.unwrap();
    let server = both
        .server
        .report_statuses(process_id, as_of)
        .await
        .unwrap();
    let items = |rows: &[parley::storage::StatusRow]| {
        let mut items: Vec<i64> = rows.iter().map(|s| s.agenda_item_id).collect();
        items.dedup();
        items
    };
    assert_eq!(
        items(&file),
        items(&server),
        "items of {process_id} as of {as_of:?}"
    );
    let sorted = |mut rows: Vec<parley::storage::StatusRow>| {
        rows.sort_by_key(|s| (s.agenda_item_id, s.status_record_id));
        rows
    };
    let file = sorted(file);
    assert_eq!(
        file,
        sorted(server),
        "report_statuses({process_id}, {as_of:?})"
    );
    file
}
