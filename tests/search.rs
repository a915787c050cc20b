//! `parley search`: FTS5 over item titles, round summaries, notes and quotes, sources,
//! parties and their aliases, commitments and their fates, kept in step with the tables
//! by triggers.

mod common;

use common::TestEnv;
use serde_json::Value;

const FOLLOW_UP: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/follow-up.toml");
const FATES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/fates.toml");

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
    env.drop_trigger("citation_no_delete");
    env.drop_trigger("round_note_no_delete");
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
        // FTS5's own check of an index against its table (a server's are kept by
        // triggers in the same transaction).
        if env.server.is_some() {
            break;
        }
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

/// A hit's text is FTS5's snippet `on_a_file`; on a server it is ts_headline's, part
/// of the same text with the same markers (README, "For a team").
fn assert_shown(env: &TestEnv, hit: &Value, on_a_file: &str) {
    let text = hit["text"].as_str().unwrap();
    match env.server {
        Some(_) => assert!(text.contains('[') && on_a_file.contains(text), "{text}"),
        None => assert_eq!(text, on_a_file),
    }
}

/// The hits of one kind, each as the columns that name its record.
fn named(found: &[Value], kind: &str) -> Vec<Vec<Value>> {
    found
        .iter()
        .filter(|h| h["kind"] == kind)
        .map(|h| {
            ["process", "round", "item", "party", "source", "commitment"]
                .iter()
                .map(|c| h[*c].clone())
                .collect()
        })
        .collect()
}

#[test]
fn search_finds_sources_parties_aliases_commitments_and_fates() {
    let env = TestEnv::seeded();
    env.ok(["import", FOLLOW_UP, FATES]);
    let n = Value::Null;
    let s = |v: &str| Value::String(v.to_owned());

    // A source by outlet and by title; a party by an alias ("Kyiv" is Ukraine's).
    let found = hits(&env, &["kyiv"]);
    assert_eq!(
        named(&found, "source"),
        [vec![
            n.clone(),
            n.clone(),
            n.clone(),
            n.clone(),
            s("kyiv-post-2025-11-23"),
            n.clone()
        ]]
    );
    assert_eq!(
        named(&found, "party_alias"),
        [vec![
            n.clone(),
            n.clone(),
            n.clone(),
            s("ukraine"),
            n.clone(),
            n.clone()
        ]]
    );
    let found = hits(&env, &["refined", "peace", "framework"]);
    assert_eq!(found[0]["kind"], "source");
    assert_eq!(found[0]["source"], "reuters-2025-11-23");
    assert_shown(
        &env,
        &found[0],
        "US, Ukraine say they have an 'updated and [refined]' [peace] [framework] …",
    );
    // A party by name and by short code.
    assert_eq!(
        named(&hits(&env, &["aid", "organisations"]), "party"),
        [vec![
            n.clone(),
            n.clone(),
            n.clone(),
            s("aid-organisations"),
            n.clone(),
            n.clone()
        ]]
    );
    assert_eq!(
        named(&hits(&env, &["--fts", "RU"]), "party"),
        [vec![
            n.clone(),
            n.clone(),
            n.clone(),
            s("russia"),
            n.clone(),
            n.clone()
        ]]
    );
    // A commitment, with the round that produced it and its item.
    assert_eq!(
        named(&hits(&env, &["continuous", "diplomatic"]), "commitment"),
        [vec![
            s("ukraine-peace"),
            s("geneva-2025-11-23"),
            s("dialogue-channels"),
            n.clone(),
            n.clone(),
            s("continuous-channels")
        ]]
    );
    // What became of one.
    let found = hits(&env, &["dozens"]);
    assert_eq!(
        named(&found, "commitment_fate"),
        [vec![
            s("ukraine-peace"),
            s("follow-up-2025-12-05"),
            s("prisoner-exchanges"),
            n.clone(),
            n.clone(),
            s("first-prisoner-swap")
        ]]
    );
    assert_shown(
        &env,
        &found[0],
        "A first swap took place; [dozens] on the lists are still held.",
    );
    // The kinds searched before these come first, and the table shows the new columns.
    let found = hits(&env, &["prisoner"]);
    let kinds: Vec<&str> = found.iter().map(|h| h["kind"].as_str().unwrap()).collect();
    let first_record = kinds.iter().position(|k| *k == "source").unwrap();
    assert!(kinds[..first_record].contains(&"agenda_item"), "{kinds:?}");
    assert!(kinds[first_record..].contains(&"commitment"), "{kinds:?}");
    let table = env.ok(["search", "kyiv"]);
    assert!(table.contains("kyiv-post-2025-11-23"), "{table}");
}

#[test]
fn the_limit_counts_every_kind_and_a_process_keeps_shared_records() {
    let env = TestEnv::seeded();
    env.ok(["import", FOLLOW_UP]);
    // "ukraine" is in item descriptions, a round title, notes, sources and a party.
    let all = hits(&env, &["ukraine"]);
    assert!(all.len() > 10, "{all:?}");
    for limit in [1, 5, all.len() - 1] {
        let found = hits(&env, &["ukraine", "--limit", &limit.to_string()]);
        assert_eq!(found, all[..limit], "--limit {limit}");
    }
    assert!(hits(&env, &["ukraine", "--limit", "0"]).is_empty());

    // A second process with its own commitment: --process leaves it out, and keeps the
    // sources and parties every process shares.
    env.write(
        "other.toml",
        r#"
[process]
slug = "other-talks"
name = "Other talks"

[[round]]
slug = "other-1"
title = "Other round"
date = "2025-10-01"
state = "held"

[[round.commitment]]
slug = "other-mechanism"
kind = "mechanism"
description = "A mechanism for the exchange of Ukraine-bound grain."
parties = ["ukraine"]
"#,
    );
    env.ok(["import", "other.toml"]);
    let commitments = |args: &[&str]| -> Vec<String> {
        let mut found: Vec<String> = hits(&env, args)
            .iter()
            .filter(|h| h["kind"] == "commitment")
            .map(|h| h["commitment"].as_str().unwrap().to_owned())
            .collect();
        found.sort();
        found
    };
    assert_eq!(
        commitments(&["mechanism"]),
        ["humanitarian-mechanism", "other-mechanism"]
    );
    assert_eq!(
        commitments(&["mechanism", "--process", "ukraine-peace"]),
        ["humanitarian-mechanism"]
    );
    assert_eq!(
        commitments(&["mechanism", "--process", "other-talks"]),
        ["other-mechanism"]
    );
    let shared = hits(&env, &["kyiv", "--process", "other-talks"]);
    let kinds: Vec<&str> = shared.iter().map(|h| h["kind"].as_str().unwrap()).collect();
    // The outlet Kyiv Post too, which every process shares.
    assert_eq!(kinds, ["source", "party_alias", "outlet"]);
}

#[test]
fn the_new_indexes_follow_updates_and_deletes() {
    let env = TestEnv::seeded();
    env.ok(["import", FOLLOW_UP, FATES]);
    // Aliases are never changed and fates are append-only: another client drops the
    // guards first, to show that the indexes follow whatever reaches the tables.
    for guard in ["party_alias_no_update", "commitment_fate_no_update"] {
        env.drop_trigger(guard);
    }
    for sql in [
        "UPDATE source SET outlet = 'Wire Service' WHERE slug = 'sky-2025-11-23'",
        "UPDATE party SET name = 'Atlantic states', short_code = 'AS' WHERE slug = 'europe'",
        "UPDATE party_alias SET alias = 'Kiev' WHERE alias = 'Kyiv'",
        "UPDATE commitment SET description = 'Keep a hotline open.' WHERE slug = 'continuous-channels'",
        "UPDATE commitment_fate SET note = 'The swap was postponed.'",
        "DELETE FROM party_alias WHERE alias = 'Moscow'",
        // A change to a column no index holds leaves the indexes alone.
        "UPDATE source SET reliability = 'B' WHERE slug = 'ap-2025-11-23'",
    ] {
        env.execute(sql).unwrap_or_else(|e| panic!("{sql}: {e}"));
    }
    let first = |words: &[&str]| -> Option<(String, String)> {
        hits(&env, words).first().map(|h| {
            (
                h["kind"].as_str().unwrap().to_owned(),
                h["text"].as_str().unwrap().to_owned(),
            )
        })
    };
    // The source no longer says Sky; its outlet, Sky News, still does.
    let sky: Vec<Value> = hits(&env, &["sky"]);
    assert!(sky.iter().all(|h| h["kind"] == "outlet"), "{sky:?}");
    assert_eq!(first(&["wire", "service"]).unwrap().0, "source");
    assert_eq!(first(&["atlantic"]).unwrap().0, "party");
    assert!(
        hits(&env, &["kyiv"])
            .iter()
            .all(|h| h["kind"] != "party_alias")
    );
    assert_eq!(first(&["kiev"]).unwrap().0, "party_alias");
    assert!(hits(&env, &["moscow"]).is_empty());
    assert_eq!(first(&["hotline"]).unwrap().0, "commitment");
    assert!(hits(&env, &["dozens"]).is_empty());
    assert_eq!(first(&["postponed"]).unwrap().0, "commitment_fate");
    for table in [
        "source_fts",
        "party_fts",
        "party_alias_fts",
        "commitment_fts",
        "commitment_fate_fts",
    ] {
        // FTS5's own check of an index against its table (a server's are kept by
        // triggers in the same transaction).
        if env.server.is_some() {
            break;
        }
        env.execute(&format!(
            "INSERT INTO {table} ({table}, rank) VALUES ('integrity-check', 1)"
        ))
        .unwrap_or_else(|e| panic!("{table}: {e}"));
    }
}

/// The migration indexes what a database already held when it is upgraded: rows
/// written under the previous schema, with no index to keep, are found afterwards.
#[test]
fn upgrading_indexes_the_records_already_held() {
    if common::file_only() {
        return;
    }
    let env = TestEnv::new();
    let previous = parley::storage::MIGRATOR
        .iter()
        .map(|m| m.version)
        .filter(|v| *v < 20251212000000)
        .max()
        .expect("a migration before the search of records");
    let db = env.db.clone();
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
        .block_on(async {
            let options = sqlx::sqlite::SqliteConnectOptions::new()
                .filename(&db)
                .create_if_missing(true);
            let pool = sqlx::SqlitePool::connect_with(options).await.unwrap();
            parley::storage::MIGRATOR
                .run_to(previous, &pool)
                .await
                .unwrap();
            sqlx::raw_sql(
                "INSERT INTO process (process_id, slug, name) VALUES (1, 'p', 'P');
                 INSERT INTO party (party_id, slug, name, short_code, kind) VALUES (1, 'atlantis', 'Atlantis', 'AT', 'state');
                 INSERT INTO party_alias (party_id, alias) VALUES (1, 'Poseidonia');
                 INSERT INTO source (slug, outlet, title) VALUES ('gazette', 'Oceanic Gazette', 'Tides turn');
                 INSERT INTO round (round_id, process_id, slug, title, start_date, state) VALUES (1, 1, 'r', 'R', '2025-01-01', 'held');
                 INSERT INTO commitment (commitment_id, round_id, slug, kind, description) VALUES (1, 1, 'c', 'statement', 'Chart the reef.');
                 INSERT INTO commitment_fate (commitment_id, round_id, fate, note) VALUES (1, 1, 'broken', 'The reef went uncharted.');",
            )
            .execute(&pool)
            .await
            .unwrap();
            pool.close().await;
        });
    env.ok(["init"]);
    // The source's outlet text became an outlet (migration 20251216000000), indexed too.
    for (words, kinds) in [
        ("atlantis", &["party"][..]),
        ("poseidonia", &["party_alias"]),
        ("oceanic", &["source", "outlet"]),
        ("tides", &["source"]),
        ("chart", &["commitment"]),
        ("uncharted", &["commitment_fate"]),
    ] {
        let found = hits(&env, &[words]);
        let found: Vec<&str> = found.iter().map(|h| h["kind"].as_str().unwrap()).collect();
        assert_eq!(found, kinds, "{words}");
    }
}
