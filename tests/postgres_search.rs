//! Full-text search on a PostgreSQL server finds the records it finds in a file: a
//! timeline is built in a file with the real binary (the Geneva seed; the seed with
//! the fixtures, corrections, edits and retractions), `parley copy` moves it to a
//! fresh server database (ids included), and `search`, `plain_words_query` and
//! `search_records` are called on both, through the library, for a spread of queries:
//! every word of the records' text as plain words, several words, quoted phrases,
//! prefixes, OR / AND / NOT and brackets, words in no record, and malformed queries.
//! The SET of hits (kind and the names of the record) must be equal; the kinds read
//! newest first must come in the same order; a malformed query fails with the same
//! error. The snippet text and the order of the kinds ranked best match first (bm25
//! on a file, ts_rank_cd on a server) differ by nature and are not compared.
//! `parley --db <url> search` lists the same records as on the file.
//!
//! Each test takes a database of its own on the server `PARLEY_TEST_POSTGRES` names
//! (`scripts/postgres-test-server start`), and is skipped with a note where it is unset.

mod common;

use std::collections::BTreeSet;

use common::TestEnv;
use common::postgres::PgDatabase;
use parley::postgres::{Server, ServerUrl};
use parley::storage::{Database, RecordHit, SearchHit, SearchQuery};
use serde_json::Value;

const FOLLOW_UP: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/follow-up.toml");
const FATES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/fates.toml");
const SUB_ITEMS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/sub-items.toml");
const PERSONS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/persons.toml");

/// Large enough that no kind is cut: the sets compared are every match.
const ALL: i64 = 10_000;

fn seeded_file() -> TestEnv {
    let env = TestEnv::file();
    env.ok(["init"]);
    env
}

/// The seed, the fixtures, and what makes search leave records out or find new text:
/// a status corrected, an item renamed, an alias added, a quote, a status and a
/// round retracted.
fn seed_with_fixtures() -> TestEnv {
    let mut env = seeded_file();
    let steps: &[(&str, &[&str])] = &[
        (
            "2025-12-06T09:00:00Z",
            &["import", FOLLOW_UP, FATES, SUB_ITEMS, PERSONS],
        ),
        (
            "2025-12-07T09:00:00Z",
            &[
                "status",
                "set",
                "prisoner-exchanges",
                "--round",
                "follow-up-2025-12-05",
                "--status",
                "stalled",
                "--note",
                "Corrected: the swap was put off.",
            ],
        ),
        (
            "2025-12-08T09:00:00Z",
            &[
                "item",
                "edit",
                "energy-infrastructure",
                "--title",
                "Strikes on energy",
            ],
        ),
        (
            "2025-12-08T09:01:00Z",
            &["party", "edit", "us", "--add-alias", "Uncle Sam"],
        ),
        (
            "2025-12-09T09:00:00Z",
            &[
                "status",
                "retract",
                "--round",
                "follow-up-2025-12-05",
                "--item",
                "humanitarian-coordination",
                "--reason",
                "The mechanism was Geneva's",
            ],
        ),
        (
            "2025-12-09T09:10:00Z",
            &[
                "quote",
                "retract",
                "1",
                "--reason",
                "Attributed to the wrong official",
            ],
        ),
    ];
    for (now, args) in steps {
        env.now = (*now).to_owned();
        env.ok(*args);
    }
    env
}

/// A search hit without its snippet.
fn hit_key(h: &SearchHit) -> Vec<Option<String>> {
    vec![
        Some(h.kind.clone()),
        Some(h.process.clone()),
        h.round.clone(),
        h.item.clone(),
        h.party.clone(),
    ]
}

/// A record hit without its snippet.
fn record_key(h: &RecordHit) -> Vec<Option<String>> {
    vec![
        Some(h.kind.clone()),
        h.process.clone(),
        h.round.clone(),
        h.item.clone(),
        h.party.clone(),
        h.person.clone(),
        h.outlet.clone(),
        h.source.clone(),
        h.commitment.clone(),
    ]
}

/// What both backends find for `query` (plain words or an FTS5 query), compared:
/// the same hits as sets, the newest-first kinds in the same order, the same error.
/// Returns how many hits there were.
async fn same_hits(
    file: &Database,
    server: &Server,
    query: &str,
    plain: bool,
    process_id: Option<i64>,
) -> usize {
    let (on_file, on_server) = if plain {
        let words: Vec<&str> = query
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .collect();
        (
            file.plain_words_query(&words).await.expect("plain words"),
            server.plain_words_query(&words).await.expect("plain words"),
        )
    } else {
        (SearchQuery::as_given(query), SearchQuery::as_given(query))
    };
    assert_eq!(
        on_file.ranked, on_server.ranked,
        "{query}: the ranked query"
    );
    let file_hits = file.search(&on_file, process_id, ALL).await;
    let server_hits = server.search(&on_server, process_id, ALL).await;
    let file_records = file.search_records(&on_file.ranked, process_id, ALL).await;
    let server_records = server
        .search_records(&on_server.ranked, process_id, ALL)
        .await;
    match (file_hits, server_hits) {
        (Ok(f), Ok(s)) => {
            let set = |hits: &[SearchHit]| hits.iter().map(hit_key).collect::<BTreeSet<_>>();
            assert_eq!(set(&f), set(&s), "{query} ({process_id:?}): search");
            assert_eq!(f.len(), s.len(), "{query}: search, as many hits");
            let newest_first = |hits: &[SearchHit]| {
                hits.iter()
                    .filter(|h| h.kind != "agenda_item")
                    .map(hit_key)
                    .collect::<Vec<_>>()
            };
            assert_eq!(newest_first(&f), newest_first(&s), "{query}: newest first");
            for h in &s {
                assert!(!h.text.is_empty() || h.kind == "round", "{query}: {h:?}");
            }
            let (fr, sr) = (
                file_records.expect("records"),
                server_records.expect("records"),
            );
            let set = |hits: &[RecordHit]| hits.iter().map(record_key).collect::<BTreeSet<_>>();
            assert_eq!(
                set(&fr),
                set(&sr),
                "{query} ({process_id:?}): search_records"
            );
            assert_eq!(fr.len(), sr.len(), "{query}: search_records, as many");
            let kinds =
                |hits: &[RecordHit]| hits.iter().map(|h| h.kind.clone()).collect::<Vec<_>>();
            assert_eq!(kinds(&fr), kinds(&sr), "{query}: records kind by kind");
            f.len() + fr.len()
        }
        (Err(f), Err(s)) => {
            assert_eq!(f.to_string(), s.to_string(), "{query}: the error");
            let (fr, sr) = (
                file_records.expect_err("records refuse it too"),
                server_records.expect_err("records refuse it too"),
            );
            assert_eq!(
                fr.to_string(),
                sr.to_string(),
                "{query}: the records' error"
            );
            0
        }
        (f, s) => panic!("{query}: the file gives {f:?}, the server {s:?}"),
    }
}

/// Words of the seed that PostgreSQL's parser does not cut where FTS5's unicode61
/// does: "reuters.com" is one host name there, "U.S." one word `u.s` (documented in
/// parley-postgres's search.rs); every other word of the timelines is found alike.
const TOKENIZED_OTHERWISE: &[&str] = &["com", "s"];

/// The distinct words of the records' text in the file, every `step`-th.
fn words_of(env: &TestEnv, step: usize) -> Vec<String> {
    let rows = env.query(
        "SELECT title || ' ' || COALESCE(description, '') FROM agenda_item
         UNION ALL SELECT COALESCE(summary, '') || ' ' || COALESCE(tone, '') FROM round
         UNION ALL SELECT COALESCE(note, '') FROM status_record
         UNION ALL SELECT COALESCE(note, '') FROM position
         UNION ALL SELECT body FROM round_note
         UNION ALL SELECT text FROM quote
         UNION ALL SELECT name FROM party UNION ALL SELECT alias FROM party_alias
         UNION ALL SELECT outlet || ' ' || COALESCE(title, '') FROM source
         UNION ALL SELECT description FROM commitment
         UNION ALL SELECT COALESCE(note, '') FROM commitment_fate",
    );
    let words: BTreeSet<String> = rows
        .iter()
        .flat_map(|r| {
            r[0].split(|c: char| !c.is_alphanumeric())
                .filter(|w| !w.is_empty())
                .map(str::to_lowercase)
                .collect::<Vec<_>>()
        })
        .collect();
    words
        .into_iter()
        .filter(|w| !TOKENIZED_OTHERWISE.contains(&w.as_str()))
        .step_by(step)
        .collect()
}

/// The queries beyond single words: several words, phrases, prefixes, operators, a
/// word in no record, and malformed queries.
const QUERIES: &[(&str, bool)] = &[
    ("prisoner exchanges", true),
    ("PRISONER zzzz", true),
    ("pris", true),
    ("energy infra", true),
    ("NOT \"( AND", true),
    ("zzzzqqq", true),
    ("\"security guarantees\"", false),
    ("\"prisoner exchanges\"", false),
    ("secur* guarant*", false),
    ("\"secur\"*", false),
    ("prisoner OR energy", false),
    ("prisoner NOT exchanges", false),
    ("energy AND (strikes OR moratorium)", false),
    ("(ceasefire OR truce) NOT monitor*", false),
    ("geneva AND talks OR kyiv", false),
    ("zzzzqqq OR yyyyxxx", false),
    ("\"unbalanced", false),
    ("AND prisoner", false),
    ("prisoner OR", false),
    ("(prisoner", false),
    ("prisoner)", false),
    ("NOT prisoner", false),
];

/// Copies `env`'s file to a fresh server database and compares every query on both.
fn search_agrees(env: &TestEnv, step: usize) {
    let Some(pg) = PgDatabase::new() else { return };
    let url = pg.url(None);
    env.ok(["copy", "--from", "parley.db", "--to", &url]);
    let processes: Vec<i64> = env
        .query("SELECT process_id FROM process ORDER BY process_id")
        .into_iter()
        .map(|r| r[0].parse().expect("an id"))
        .collect();
    let words = words_of(env, step);
    assert!(words.len() > 20, "{} words", words.len());
    pg.block_on(async {
        let file = Database::open_read_only(env.file_path())
            .await
            .expect("open the file");
        let server = Server::open(&ServerUrl::parse(&url).expect("a URL"))
            .await
            .expect("open the server");
        let mut found = 0;
        for word in &words {
            found += same_hits(&file, &server, word, true, None).await;
            found += same_hits(&file, &server, &format!("\"{word}\"*"), false, None).await;
        }
        assert!(found > words.len(), "every word finds its record");
        for (query, plain) in QUERIES {
            for process_id in [None, processes.first().copied(), Some(999_999)] {
                same_hits(&file, &server, query, *plain, process_id).await;
            }
        }
        // The limit cuts both to as many (a negative one cuts none).
        for limit in [0, 1, 3, -1] {
            let query = SearchQuery::as_given("prisoner OR energy OR talks");
            let f = file.search(&query, None, limit).await.expect("search");
            let s = server.search(&query, None, limit).await.expect("search");
            assert_eq!(f.len(), s.len(), "limit {limit}");
            let f = file
                .search_records("us OR geneva", None, limit)
                .await
                .expect("records");
            let s = server
                .search_records("us OR geneva", None, limit)
                .await
                .expect("records");
            assert_eq!(f.len(), s.len(), "records, limit {limit}");
        }
        server.close().await;
        file.close().await;
    });
    commands_agree(env, &url);
}

/// The hits `parley search` lists, without their text.
fn listed(env: &TestEnv, db: Option<&str>, args: &[&str]) -> BTreeSet<String> {
    let mut all: Vec<&str> = Vec::new();
    if let Some(db) = db {
        all.extend(["--db", db]);
    }
    all.push("search");
    all.extend_from_slice(args);
    all.extend(["--format", "json", "--limit", "1000"]);
    env.json(all)
        .as_array()
        .expect("an array")
        .iter()
        .map(|h| {
            let mut h = h.clone();
            h.as_object_mut().expect("an object").remove("text");
            Value::to_string(&h)
        })
        .collect()
}

/// `parley --db <url> search` runs and lists what the file lists; a malformed query
/// fails the same way.
fn commands_agree(env: &TestEnv, url: &str) {
    for args in [
        &["prisoner"][..],
        &["prisoner", "exchange"],
        &["geneva"],
        &["us"],
        &["--fts", "\"security guarantees\" OR truce*"],
    ] {
        let on_file = listed(env, None, args);
        assert!(!on_file.is_empty(), "{args:?} finds something");
        assert_eq!(on_file, listed(env, Some(url), args), "{args:?}");
    }
    let process = &env.query("SELECT slug FROM process ORDER BY process_id")[0][0];
    let args = ["kyiv", "--process", process];
    assert_eq!(listed(env, None, &args), listed(env, Some(url), &args));
    let on_file = env.fails(["search", "--fts", "\"unbalanced"]);
    let on_server = env.fails(["--db", url, "search", "--fts", "\"unbalanced"]);
    assert_eq!(on_file, on_server);
}

#[test]
fn the_seed_searches_the_same_on_a_server() {
    if common::file_only() {
        return;
    }
    search_agrees(&seeded_file(), 1);
}

#[test]
fn the_seed_with_fixtures_and_history_searches_the_same_on_a_server() {
    if common::file_only() {
        return;
    }
    let env = seed_with_fixtures();
    assert!(env.count("retraction") >= 2);
    search_agrees(&env, 3);
}
