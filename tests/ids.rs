//! Ids are never reused (migrations/20251219000000_ids_never_reused.sql). An alias
//! removed or a participant withdrawn leaves its table, and party_alias_history or
//! round_party_history names it by its id. Before that migration both tables took
//! `INTEGER PRIMARY KEY` ids, which SQLite hands out again once the largest is deleted:
//! the next alias or participant took the id of the one just removed, and the history
//! row then named a record it never recorded. Each test below removes or withdraws the
//! newest row, so on that schema each one's next row takes the id the history names,
//! and the assertions marked "(fails before)" fail.

mod common;

use std::path::Path;

use common::TestEnv;
use common::older;

/// The migration this file tests, and the one before it.
const IDS: i64 = 20251219000000;
const BEFORE_IDS: i64 = 20251218000000;

/// The seed with a removed alias and a withdrawn participant, each the newest of its
/// table: alias 11 ("Moscow (old)", added then removed) and participant 5 (the aid
/// organisations, the seed round's last).
fn timeline_with_removals() -> TestEnv {
    let env = TestEnv::seeded();
    env.ok(["party", "edit", "Russia", "--add-alias", "Moscow (old)"]);
    env.ok(["party", "edit", "Russia", "--remove-alias", "Moscow (old)"]);
    env.ok([
        "round",
        "edit",
        "latest",
        "--remove-party",
        "aid-organisations",
    ]);
    assert_eq!(removed(&env), [["11", "russia", "Moscow (old)"]]);
    assert_eq!(withdrawn(&env), [["5", "aid-organisations", "stakeholder"]]);
    env
}

/// (party_alias_id, party, alias) of every removed alias.
fn removed(env: &TestEnv) -> Vec<Vec<String>> {
    env.query(
        "SELECT h.party_alias_id, p.slug, h.alias FROM party_alias_history h
         JOIN party p USING (party_id) ORDER BY h.party_alias_history_id",
    )
}

/// (round_party_id, party, role) of every withdrawn participant.
fn withdrawn(env: &TestEnv) -> Vec<Vec<String>> {
    env.query(
        "SELECT h.round_party_id, p.slug, h.role FROM round_party_history h
         JOIN party p USING (party_id) WHERE h.withdrawn ORDER BY h.round_party_history_id",
    )
}

/// The id of the alias or participant in force that `sql` selects.
fn id(env: &TestEnv, sql: &str) -> i64 {
    env.query(sql)[0][0].parse().unwrap()
}

fn alias_id(env: &TestEnv, alias: &str) -> i64 {
    id(
        env,
        &format!("SELECT party_alias_id FROM party_alias WHERE alias = '{alias}'"),
    )
}

fn participant_id(env: &TestEnv, party: &str) -> i64 {
    id(
        env,
        &format!(
            "SELECT round_party_id FROM round_party JOIN party USING (party_id) WHERE slug = '{party}'"
        ),
    )
}

/// Adds an alias and a participant (the withdrawn party again, as an observer), and
/// checks that each took an id no history row names, the history rows still naming
/// what they recorded.
fn adds_take_new_ids(env: &TestEnv) {
    let (aliases_removed, participants_withdrawn) = (removed(env), withdrawn(env));
    env.ok(["party", "edit", "Ukraine", "--add-alias", "Kyiv (capital)"]);
    env.ok([
        "round",
        "edit",
        "latest",
        "--party",
        "aid-organisations:observer",
    ]);
    let alias = alias_id(env, "Kyiv (capital)");
    let participant = participant_id(env, "aid-organisations");
    let held_aliases: Vec<i64> = aliases_removed
        .iter()
        .map(|r| r[0].parse().unwrap())
        .collect();
    let held_participants: Vec<i64> = participants_withdrawn
        .iter()
        .map(|r| r[0].parse().unwrap())
        .collect();
    // (fails before) The new rows took the ids the history names.
    assert!(
        held_aliases.iter().all(|held| alias > *held),
        "alias {alias}, removed {held_aliases:?}"
    );
    assert!(
        held_participants.iter().all(|held| participant > *held),
        "participant {participant}, withdrawn {held_participants:?}"
    );
    // The history rows are as they were, and name no row in force.
    assert_eq!(removed(env), aliases_removed);
    assert_eq!(withdrawn(env), participants_withdrawn);
    assert!(
        env.query(
            "SELECT 1 FROM party_alias a JOIN party_alias_history h USING (party_alias_id)
             UNION ALL
             SELECT 1 FROM round_party rp JOIN round_party_history h USING (round_party_id) WHERE h.withdrawn"
        )
        .is_empty()
    );
    let check = env.ok(["check"]);
    assert!(check.starts_with("ok"), "{check}");
}

#[test]
fn an_alias_or_participant_added_after_a_removal_never_takes_the_removed_ones_id() {
    let env = timeline_with_removals();
    adds_take_new_ids(&env);
    assert_eq!(alias_id(&env, "Kyiv (capital)"), 12);
    assert_eq!(participant_id(&env, "aid-organisations"), 6);
    // What the history says the round held is what it held: `round show` lists the
    // participant in force once, as an observer.
    let shown = env.json(["round", "show", "latest", "--format", "json"]);
    let text = shown.to_string();
    assert_eq!(text.matches("aid-organisations").count(), 1, "{text}");
}

/// `export --history` carries the removed alias and the withdrawn participant into a
/// new file, which gives them ids after those of the rows in force (their place in the
/// file): there, too, what is added next takes ids of its own, and the new file
/// exports as the old one did.
#[test]
fn a_history_export_round_trips_and_its_copy_never_hands_a_held_id_out_again() {
    let env = timeline_with_removals();
    let export = env.path("history.toml");
    env.ok(["export", "--history", "-o", export.to_str().unwrap()]);

    let copy = TestEnv::new();
    copy.ok(["import", export.to_str().unwrap()]);
    assert_eq!(removed(&copy), removed(&env));
    assert_eq!(withdrawn(&copy), withdrawn(&env));
    let again = copy.path("again.toml");
    copy.ok(["export", "--history", "-o", again.to_str().unwrap()]);
    let (first, second) = (
        std::fs::read_to_string(&export).unwrap(),
        std::fs::read_to_string(&again).unwrap(),
    );
    // The copy's write log adds the import's own row; the rest is the same.
    let second: Vec<&str> = second
        .split("\n\n")
        .filter(|entry| {
            !(entry.starts_with("[[history.write]]") && entry.contains("command = \"import\""))
        })
        .collect();
    let lines = |text: &str| text.lines().map(str::to_owned).collect::<Vec<_>>();
    common::assert_same_lines(&lines(&first), &lines(&second.join("\n\n")));
    assert_eq!(lines(&first).len(), lines(&second.join("\n\n")).len());

    // The copy gave the removed alias and the withdrawn participant the ids after the
    // rows in force (10 aliases, 4 participants): the sequences start past them.
    assert_eq!(removed(&copy)[0][0], "11");
    assert_eq!(withdrawn(&copy)[0][0], "5");
    adds_take_new_ids(&copy);
    if copy.server.is_none() {
        // The file's own record of the ids handed out.
        assert_eq!(
            copy.query("SELECT name, seq FROM sqlite_sequence ORDER BY name"),
            [["party_alias", "12"], ["round_party", "6"]]
        );
    }
}

/// The rows of an older file: the migrations up to [`BEFORE_IDS`], then `source`'s
/// recorded rows, copied table by table with foreign keys and triggers on, ids kept.
fn older_file_holding(db: &Path, source: &Path) {
    // Every table that holds what was recorded, each after the rows it names.
    const RECORDED: [&str; 28] = [
        "process",
        "party",
        "party_alias",
        "party_history",
        "party_alias_history",
        "person",
        "person_alias",
        "outlet",
        "outlet_alias",
        "source",
        "source_history",
        "round",
        "round_history",
        "round_party",
        "round_party_history",
        "agenda_item",
        "agenda_item_history",
        "status_record",
        "position",
        "commitment",
        "commitment_party",
        "commitment_fate",
        "round_note",
        "round_note_person",
        "quote",
        "citation",
        "write_log",
        "retraction",
    ];
    older::older_file_holding(db, BEFORE_IDS, source, &RECORDED);
    let tables: Vec<String> = older::block_on(async {
        use sqlx::Connection;
        let mut conn = sqlx::SqliteConnection::connect(&format!("sqlite:{}", db.display()))
            .await
            .unwrap();
        sqlx::query_scalar(
            r"SELECT name FROM sqlite_master WHERE type = 'table' AND sql NOT LIKE '%USING fts5%'
                AND name NOT LIKE '%\_fts\_%' ESCAPE '\' AND name NOT LIKE 'sqlite\_%' ESCAPE '\'
                AND name NOT IN ('_sqlx_migrations', 'round_order', 'status_in_force', 'round_status_count',
                                 'status', 'stance', 'reliability', 'credibility')
              ORDER BY name",
        )
        .fetch_all(&mut conn)
        .await
        .unwrap()
    });
    let mut recorded = RECORDED.map(str::to_owned).to_vec();
    recorded.sort();
    assert_eq!(tables, recorded, "a table added later must join RECORDED");
}

/// A file written before the migration, whose removed alias and withdrawn participant
/// hold the largest ids their tables have held: (the older file, its source).
fn older_file() -> (TestEnv, TestEnv) {
    let source = timeline_with_removals();
    let env = TestEnv::file();
    older_file_holding(&env.db, &source.db);
    (env, source)
}

/// The rebuild keeps every row and id, every index and trigger as it was, and changes
/// only the two tables' statements (AUTOINCREMENT) and adds the sequences and the
/// triggers that keep them.
#[test]
fn the_rebuild_keeps_the_rows_ids_and_history_and_changes_only_the_ids_handed_out() {
    if common::file_only() {
        return;
    }
    let (env, _) = older_file();
    let before_schema = older::schema_objects(&env);
    let before_rows = env.content();
    let found = "SELECT rowid FROM party_alias_fts WHERE party_alias_fts MATCH 'washington'";
    let found_before = env.query(found);
    assert_eq!(found_before.len(), 1);

    older::migrate_to(&env.db, IDS);

    assert!(env.query("PRAGMA foreign_key_check").is_empty());
    assert_eq!(env.query("PRAGMA integrity_check"), [["ok"]]);
    common::assert_same_lines(&before_rows, &env.content());
    assert_eq!(env.query(found), found_before);
    assert_eq!(
        env.query("SELECT name, seq FROM sqlite_sequence ORDER BY name"),
        [["party_alias", "11"], ["round_party", "5"]]
    );
    let after_schema = older::schema_objects(&env);
    let mut changed: Vec<&str> = before_schema
        .keys()
        .chain(after_schema.keys())
        .filter(|name| before_schema.get(*name) != after_schema.get(*name))
        .map(String::as_str)
        .collect();
    changed.sort();
    changed.dedup();
    assert_eq!(
        changed,
        [
            "party_alias",
            "party_alias_history_reserves_id",
            "party_alias_new_id",
            "round_party",
            "round_party_history_reserves_id",
            "round_party_new_id",
            "sqlite_sequence",
        ]
    );
    for table in ["party_alias", "round_party"] {
        let (_, _, sql) = &after_schema[table];
        assert!(sql.contains("INTEGER PRIMARY KEY AUTOINCREMENT"), "{sql}");
        assert!(sql.trim_end().ends_with(") STRICT"), "{sql}");
    }
    // The columns in the order they had (round_party's lead_person_id, added by a later
    // migration, stays last).
    assert_eq!(
        env.query("SELECT group_concat(name, ',') FROM (SELECT name FROM pragma_table_info('round_party') ORDER BY cid)"),
        [["round_party_id,round_id,party_id,role,note,recorded_at,lead_person_id"]]
    );
}

/// Parley upgrades the older file (`init`, like any command that writes), checks it
/// sound, and then adds aliases and participants with ids of their own.
#[test]
fn parley_upgrades_an_older_file_and_keeps_its_ids_and_history() {
    if common::file_only() {
        return;
    }
    let (env, source) = older_file();
    let before = env.content();
    let out = env.run(["init"]);
    assert!(out.status.success());
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(said.contains("upgrading"), "{said}");
    common::assert_same_lines(&before, &env.content());
    assert_eq!(removed(&env), removed(&source));
    assert_eq!(withdrawn(&env), withdrawn(&source));
    adds_take_new_ids(&env);
    assert_eq!(alias_id(&env, "Kyiv (capital)"), 12);
    assert_eq!(participant_id(&env, "aid-organisations"), 6);
}

/// `check` finds what only another client can do: a sequence moved back below an id
/// the history holds (the next row would take it, and the trigger would then refuse
/// every add).
#[test]
fn check_names_a_sequence_moved_back_below_a_held_id() {
    if common::file_only() {
        return;
    }
    let env = timeline_with_removals();
    env.other_client("UPDATE sqlite_sequence SET seq = 4 WHERE name = 'round_party'")
        .unwrap();
    let out = env.run(["check", "--format", "json"]);
    assert!(!out.status.success());
    let problems: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let problems = problems.as_array().unwrap();
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert_eq!(problems[0]["check"], "round_party_id_never_reused");
    assert_eq!(
        problems[0]["detail"],
        "round_party 5: id 5 has been held, but sqlite_sequence hands out ids after 4: a new participant could take it"
    );
    // A participant added now is refused, not given the withdrawn one's id.
    let err = env.fails([
        "round",
        "edit",
        "latest",
        "--party",
        "aid-organisations:observer",
    ]);
    assert!(
        err.contains("round_party: a new participant takes an id no participant has held"),
        "{err}"
    );
    assert_eq!(withdrawn(&env), [["5", "aid-organisations", "stakeholder"]]);
}

/// A file written before the migration may already hold a reused id: there, the alias
/// and the participant added after the removal took the removed ones' ids, and the
/// participant was then edited (its version names the reused id too). The upgrade gives
/// each a new id, after every id held, moves the participant's version with it, and
/// leaves the history naming the removed alias and the withdrawn participant.
#[test]
fn an_upgrade_gives_a_row_that_took_a_held_id_a_new_one_with_its_versions() {
    if common::file_only() {
        return;
    }
    let (env, _) = older_file();
    env.other_client(
        "INSERT INTO party_alias (party_id, alias) SELECT party_id, 'Kyiv (capital)' FROM party WHERE slug = 'ukraine';
         INSERT INTO round_party (round_id, party_id, role) SELECT r.round_id, p.party_id, 'observer'
             FROM round r, party p WHERE p.slug = 'aid-organisations';
         UPDATE round_party SET role = 'host', recorded_at = '2025-11-25T00:00:00.000Z'
             WHERE party_id = (SELECT party_id FROM party WHERE slug = 'aid-organisations');",
    )
    .unwrap();
    // The old schema handed the held ids out again.
    assert_eq!(alias_id(&env, "Kyiv (capital)"), 11);
    assert_eq!(participant_id(&env, "aid-organisations"), 5);
    let versions = "SELECT round_party_id, role, withdrawn FROM round_party_history ORDER BY round_party_history_id";
    assert_eq!(
        env.query(versions),
        [["5", "stakeholder", "1"], ["5", "observer", "0"]]
    );

    older::migrate_to(&env.db, IDS);

    assert_eq!(alias_id(&env, "Kyiv (capital)"), 12);
    assert_eq!(participant_id(&env, "aid-organisations"), 6);
    assert_eq!(removed(&env), [["11", "russia", "Moscow (old)"]]);
    assert_eq!(
        env.query(versions),
        [["5", "stakeholder", "1"], ["6", "observer", "0"]]
    );
    assert_eq!(
        env.query("SELECT rowid FROM party_alias_fts WHERE party_alias_fts MATCH 'capital'"),
        [["12"]]
    );
    assert_eq!(
        env.query("SELECT name, seq FROM sqlite_sequence ORDER BY name"),
        [["party_alias", "12"], ["round_party", "6"]]
    );
    let check = env.ok(["check"]);
    assert!(check.starts_with("ok"), "{check}");
}
