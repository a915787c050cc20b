//! Other SQLite clients (the sqlite3 shell, Python, Datasette) open the file with
//! foreign keys off and may write anything SQL allows. Issue 10, item 7: each attack
//! below destroyed or corrupted history on the code before the new triggers (the
//! REPLACE deleted the old record and `check` said ok; `bogus` went in and stopped the
//! report with no row named); now each is refused, the file is unchanged and `check`
//! still passes. What a client that drops the triggers leaves behind is found by
//! `check`, and reads name the row they cannot read. These are a file's (the PostgreSQL
//! pass skips them), but for text with escape sequences, which any client of either
//! backend may write.

mod common;

use common::TestEnv;

/// Runs an attack as another client; it must be refused with `expected` in SQLite's
/// message and leave every row as it was.
fn refused(env: &TestEnv, sql: &str, expected: &str) {
    let before = env.dump();
    let err = env
        .other_client(sql)
        .expect_err(&format!("went through: {sql}"));
    assert!(err.contains(expected), "{sql}: {err}");
    assert_eq!(env.dump(), before, "{sql} changed the file");
}

const MEDICAL: &str = "(SELECT agenda_item_id FROM agenda_item WHERE slug = 'medical-deliveries')";

#[test]
fn the_issues_attacks_are_refused_and_the_file_stays_sound() {
    if common::file_only() {
        return;
    }
    let env = TestEnv::seeded_file();
    // A correction, so that there is one to replace.
    env.ok(["status", "set", "prisoner-exchanges", "--status", "agreed"]);
    // An existing id, on an item with no record at that round: REPLACE would delete
    // the old record and write this one in its place.
    refused(
        &env,
        &format!(
            "REPLACE INTO status_record (status_record_id, agenda_item_id, round_id, status)
             SELECT 1, {MEDICAL}, round_id, 'agreed' FROM status_record WHERE status_record_id = 1"
        ),
        "records are never replaced",
    );
    // A second correction of a corrected record: REPLACE on the unique
    // supersedes_status_record_id would delete the first correction.
    refused(
        &env,
        "REPLACE INTO status_record (agenda_item_id, round_id, status, supersedes_status_record_id)
         SELECT agenda_item_id, round_id, 'stalled', supersedes_status_record_id FROM status_record
         WHERE supersedes_status_record_id IS NOT NULL",
        "corrected already",
    );
    refused(
        &env,
        &format!(
            "INSERT INTO status_record (agenda_item_id, round_id, status)
             SELECT {MEDICAL}, round_id, 'bogus' FROM round LIMIT 1"
        ),
        "status_record.status must be one of",
    );
    refused(&env, "DELETE FROM status_record", "append-only");
    refused(
        &env,
        "DELETE FROM agenda_item",
        "nothing recorded is ever deleted",
    );
    refused(
        &env,
        "UPDATE status_record SET status = 'agreed'",
        "append-only",
    );
    refused(
        &env,
        "REPLACE INTO agenda_item (process_id, slug, title) SELECT process_id, slug, 'Gone' FROM agenda_item LIMIT 1",
        "rows are never replaced",
    );
    refused(
        &env,
        "INSERT INTO source (slug, outlet, reliability) VALUES ('x', 'X', 'Q')",
        "source.reliability must be",
    );
    let out = env.ok(["check"]);
    assert!(out.starts_with("ok"), "{out}");
}

#[test]
fn check_finds_a_full_text_index_out_of_step_with_its_table() {
    if common::file_only() {
        return;
    }
    // A client that drops the guards and deletes: the index keeps the row.
    let env = TestEnv::seeded_file();
    env.other_client(
        "DROP TRIGGER status_record_no_delete;
         DROP TRIGGER citation_no_delete;
         DELETE FROM citation WHERE status_record_id = 1;
         DELETE FROM status_record WHERE status_record_id = 1",
    )
    .unwrap();
    let problems = env.run(["check", "--format", "json"]);
    assert!(!problems.status.success());
    let text = String::from_utf8(problems.stdout).unwrap();
    assert!(
        text.contains("full_text_index") && text.contains("status_record_fts does not match"),
        "{text}"
    );

    // A client that writes to the table with the index's trigger dropped.
    let env = TestEnv::seeded_file();
    env.other_client(
        "DROP TRIGGER round_note_fts_insert;
         INSERT INTO round_note (round_id, kind, body) SELECT min(round_id), 'context', 'Unindexed' FROM round",
    )
    .unwrap();
    let out = env.run(["check"]);
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("round_note_fts does not match"),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
}

/// A status and a round state outside their vocabularies, as a client that dropped
/// the trigger or ignored CHECK constraints leaves them.
fn env_with_unreadable_values() -> (TestEnv, String) {
    let env = TestEnv::seeded_file();
    env.ok([
        "round",
        "add",
        "--title",
        "Follow-up",
        "--date",
        "2025-11-24",
        "--state",
        "held",
    ]);
    env.other_client(&format!(
        "DROP TRIGGER status_record_status;
         INSERT INTO status_record (agenda_item_id, round_id, status)
         SELECT {MEDICAL}, max(round_id), 'bogus' FROM round"
    ))
    .unwrap();
    let id = env.query("SELECT status_record_id FROM status_record WHERE status = 'bogus'")[0][0]
        .clone();
    (env, id)
}

#[test]
fn reads_that_meet_an_unknown_status_name_the_row_and_the_value() {
    if common::file_only() {
        return;
    }
    let (env, id) = env_with_unreadable_values();
    let expected = format!("status_record {id} with status 'bogus'");
    for args in [
        &["report"][..],
        &["report", "--format", "json"],
        &["round", "show", "latest"],
        &["item", "show", "medical-deliveries"],
        &["timeline", "medical-deliveries"],
        &["diff", "previous", "latest"],
        &["export"],
    ] {
        let err = env.fails(args);
        assert!(err.contains(&expected), "parley {args:?}: {err}");
    }
    let out = env.run(["check", "--format", "json"]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("status_record_status"));
}

#[test]
fn reads_that_meet_an_unknown_round_state_name_the_row_and_the_value() {
    if common::file_only() {
        return;
    }
    let env = TestEnv::seeded_file();
    env.other_client(
        "PRAGMA ignore_check_constraints = ON;
         UPDATE round SET state = 'happening' WHERE round_id = 1",
    )
    .unwrap();
    for args in [&["report"][..], &["round", "show", "1"], &["export"]] {
        let err = env.fails(args);
        assert!(
            err.contains("round 1 with state 'happening'"),
            "parley {args:?}: {err}"
        );
    }
}

#[test]
fn text_with_escape_sequences_from_other_clients_is_shown_escaped() {
    let env = TestEnv::seeded();
    let (esc, bel) = (env.sql_char(27), env.sql_char(7));
    env.execute(&format!(
        "UPDATE round SET title = 'Geneva ' || {esc} || '[31mred' || {esc} || ']0;owned' || {bel}
         WHERE round_id = 1"
    ))
    .unwrap();
    for args in [
        &["round", "show", "latest"][..],
        &["round", "list"],
        &["round", "list", "--format", "csv"],
        &["round", "list", "--format", "markdown"],
        &["report"],
        &["report", "--format", "markdown"],
    ] {
        let out = env.ok(args);
        assert!(!out.contains('\u{1b}'), "parley {args:?}:\n{out}");
        assert!(!out.contains('\u{7}'), "parley {args:?}:\n{out}");
    }
    let shown = env.ok(["round", "show", "latest"]);
    assert!(shown.contains("Geneva \\u{1b}[31mred"), "{shown}");
    // An error that echoes the name escapes it too.
    let err = env.fails(["round", "show", "\u{1b}[31mnone"]);
    assert!(!err.contains('\u{1b}'), "{err}");
    assert!(err.contains("\\u{1b}[31mnone"), "{err}");
}
