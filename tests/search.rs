//! `parley search`: FTS5 over item titles, round summaries, notes and quotes, kept in
//! step with the tables by triggers.

mod common;

use common::TestEnv;
use serde_json::Value;

const FOLLOW_UP: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/follow-up.toml");

fn hits(env: &TestEnv, args: &[&str]) -> Vec<Value> {
    let mut all = vec!["search"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--format", "json"]);
    env.json(all).as_array().expect("an array").clone()
}

#[test]
fn search_prisoner_finds_the_prisoner_exchange_item() {
    let env = TestEnv::seeded();
    let found = hits(&env, &["prisoner"]);
    assert_eq!(found[0]["kind"], "agenda_item");
    assert_eq!(found[0]["item"], "prisoner-exchanges");
    assert_eq!(found[0]["text"], "[Prisoner] exchanges");
    let table = env.ok(["search", "prisoner"]);
    assert!(table.contains("prisoner-exchanges"), "{table}");
}

#[test]
fn search_covers_notes_quotes_and_summaries() {
    let env = TestEnv::seeded();
    let kinds = |query: &str| -> Vec<String> {
        hits(&env, &[query])
            .iter()
            .map(|h| h["kind"].as_str().unwrap().to_owned())
            .collect()
    };
    assert!(kinds("imminent").contains(&"quote".to_owned()));
    assert!(kinds("posturing").contains(&"round_note".to_owned()));
    assert!(
        kinds("posturing").contains(&"round".to_owned()),
        "the round's tone"
    );
    assert!(kinds("winterization").contains(&"status_record".to_owned()));
    assert!(kinds("frontline").contains(&"position".to_owned()));
    // Every word must appear; case and accents are ignored.
    assert!(hits(&env, &["PRISONER", "zzzz"]).is_empty());
}

#[test]
fn new_rounds_are_searchable_at_once() {
    let env = TestEnv::seeded();
    assert!(hits(&env, &["moratorium"]).is_empty());
    env.ok(["import", FOLLOW_UP]);
    let found = hits(&env, &["moratorium"]);
    let kinds: Vec<&str> = found.iter().map(|h| h["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds, ["agenda_item", "status_record"]);
    assert!(found.iter().all(|h| h["item"] == "energy-infrastructure"));
}

#[test]
fn the_indexes_follow_updates_and_deletes() {
    let env = TestEnv::seeded();
    env.execute(
        "UPDATE agenda_item SET title = 'Detainee swaps' WHERE slug = 'prisoner-exchanges'",
    )
    .unwrap();
    assert!(
        hits(&env, &["prisoner"])
            .iter()
            .all(|h| h["kind"] != "agenda_item")
    );
    assert_eq!(hits(&env, &["detainee"])[0]["item"], "prisoner-exchanges");
    // Nothing recorded is ever deleted; a client that drops the guards anyway still
    // keeps the index in step through its delete triggers.
    let err = env.execute("DELETE FROM round_note").unwrap_err();
    assert!(err.contains("append-only"), "{err}");
    env.execute("DROP TRIGGER citation_no_delete").unwrap();
    env.execute("DROP TRIGGER round_note_no_delete").unwrap();
    env.execute("DELETE FROM citation WHERE round_note_id IS NOT NULL")
        .unwrap();
    env.execute("DELETE FROM round_note").unwrap();
    assert!(
        hits(&env, &["posturing"])
            .iter()
            .all(|h| h["kind"] != "round_note")
    );
    for table in [
        "agenda_item_fts",
        "round_fts",
        "round_note_fts",
        "quote_fts",
        "status_record_fts",
        "position_fts",
    ] {
        env.execute(&format!(
            "INSERT INTO {table} ({table}, rank) VALUES ('integrity-check', 1)"
        ))
        .unwrap_or_else(|e| panic!("{table}: {e}"));
    }
}

#[test]
fn fts_syntax_is_available_and_plain_words_are_taken_literally() {
    let env = TestEnv::seeded();
    let found = hits(&env, &["--fts", "\"security guarantees\""]);
    assert!(found.iter().any(|h| h["item"] == "security-guarantees"));
    // FTS5 operators and punctuation in plain words do not break the query.
    hits(&env, &["NOT", "\"(", "AND"]);
    let err = env.fails(["search", "--fts", "\"unbalanced"]);
    assert!(err.contains("TEXT"), "{err}");
}
