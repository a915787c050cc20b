//! Retractions (issue 12): `status`, `position`, `commitment`, `quote`, `note` and
//! `round retract`. A retraction is an appended row with a reason: what it withdraws
//! stays in its table, leaves the reports, listings, views, diff, search and export,
//! and still shows in `report`, `item show` and `timeline` as of an instant before
//! it. A claim is retracted once, a retracted claim is never corrected, a retracted
//! round takes no more records, and another SQLite client can neither delete nor edit
//! a retraction. Every command here is new with the retraction table: each test fails
//! on the code before it (the commands did not exist).

mod common;

use common::TestEnv;

/// When the follow-up round is logged, and when things are retracted: a report as of
/// `BEFORE` reads the timeline between the two.
const LOGGED: &str = "2025-12-05T09:00:00Z";
const BEFORE: &str = "2025-12-06T00:00:00Z";
const RETRACTED: &str = "2025-12-07T09:00:00Z";

/// The Geneva seed and a follow-up round held on 2 December (round 2), at which
/// prisoner exchanges were agreed and Ukraine's stance on territorial questions was
/// open; then the clock moves on to `RETRACTED`.
fn follow_up() -> TestEnv {
    let mut env = TestEnv::seeded();
    env.now = LOGGED.into();
    env.ok([
        "round",
        "add",
        "--title",
        "Talks in Abu Dhabi",
        "--date",
        "2025-12-02",
        "--location",
        "Abu Dhabi",
        "--party",
        "US",
        "--party",
        "Ukraine",
    ]);
    env.ok([
        "status",
        "set",
        "prisoner-exchanges",
        "--round",
        "abu-dhabi-2025-12-02",
        "--status",
        "agreed",
    ]);
    env.ok([
        "position",
        "set",
        "Ukraine",
        "territorial-questions",
        "--stance",
        "open",
        "--round",
        "abu-dhabi-2025-12-02",
    ]);
    env.now = RETRACTED.into();
    env
}

/// One value from a `parley sql` query (through Parley, as an analyst would).
fn sql_value(env: &TestEnv, query: &str) -> String {
    let rows = env.json(["sql", query, "--format", "json"]);
    let row = &rows.as_array().expect("rows")[0];
    let (_, value) = row
        .as_object()
        .expect("a row")
        .iter()
        .next()
        .expect("a column");
    match value {
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn report_item(report: &serde_json::Value, item: &str) -> serde_json::Value {
    report["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["item"] == item)
        .unwrap_or_else(|| panic!("no item {item}"))
        .clone()
}

fn check_passes(env: &TestEnv) {
    assert!(env.ok(["check"]).starts_with("ok"), "check failed");
}

#[test]
fn a_retracted_status_leaves_the_views_and_the_earlier_round_shows_through() {
    let env = follow_up();
    let current =
        "SELECT status || ' at ' || round FROM current_status WHERE item = 'prisoner-exchanges'";
    assert_eq!(sql_value(&env, current), "agreed at abu-dhabi-2025-12-02");

    let said = env.ok([
        "status",
        "retract",
        "--round",
        "abu-dhabi-2025-12-02",
        "--item",
        "prisoner-exchanges",
        "--reason",
        "The report was about another item",
    ]);
    assert!(
        said.starts_with("retracted the status of prisoner-exchanges at round 2 (abu-dhabi-2025-12-02, 2 Dec 2025): \"agreed\""),
        "{said}"
    );
    // Every status view reads status_in_force: the record left it.
    assert_eq!(sql_value(&env, current), "proposed at geneva-2025-11-23");
    assert_eq!(
        sql_value(
            &env,
            "SELECT count(*) FROM status_timeline WHERE item = 'prisoner-exchanges'"
        ),
        "1"
    );
    assert_eq!(
        sql_value(
            &env,
            "SELECT count(*) FROM movement WHERE round = 'abu-dhabi-2025-12-02'"
        ),
        "0"
    );
    // The record stays, with its retraction beside it.
    assert_eq!(
        sql_value(
            &env,
            "SELECT sr.status || ': ' || x.reason FROM retraction x JOIN status_record sr USING (status_record_id)"
        ),
        "agreed: The report was about another item"
    );
    let report = env.json(["report", "--format", "json"]);
    assert_eq!(
        report_item(&report, "prisoner-exchanges")["status"],
        "proposed"
    );
    // item show and timeline of the present leave it out; --retracted lists it.
    let shown = env.json(["item", "show", "prisoner-exchanges", "--format", "json"]);
    assert_eq!(shown.as_array().unwrap().len(), 1, "{shown}");
    let all = env.json([
        "item",
        "show",
        "prisoner-exchanges",
        "--retracted",
        "--format",
        "json",
    ]);
    assert_eq!(all[1]["retracted"], "The report was about another item");
    let timeline = env.ok(["timeline", "prisoner-exchanges", "--format", "csv"]);
    assert!(!timeline.contains("agreed"), "{timeline}");
    check_passes(&env);
}

#[test]
fn as_of_an_instant_before_the_retraction_the_claim_still_shows() {
    let env = follow_up();
    env.ok([
        "status",
        "retract",
        "--round",
        "latest",
        "--item",
        "prisoner-exchanges",
        "--reason",
        "Logged in error",
    ]);
    let then = env.json(["report", "--as-of", BEFORE, "--format", "json"]);
    assert_eq!(report_item(&then, "prisoner-exchanges")["status"], "agreed");
    let now = env.json(["report", "--format", "json"]);
    assert_eq!(
        report_item(&now, "prisoner-exchanges")["status"],
        "proposed"
    );

    let shown = env.json([
        "item",
        "show",
        "prisoner-exchanges",
        "--as-of",
        BEFORE,
        "--format",
        "json",
    ]);
    let last = shown.as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["status"], "agreed");
    assert_eq!(last["in_force"], true);
    assert_eq!(last["round_number"], 2);
    assert!(last["retracted"].is_null());

    let timeline = env.ok([
        "timeline",
        "prisoner-exchanges",
        "--as-of",
        BEFORE,
        "--format",
        "csv",
    ]);
    assert!(
        timeline
            .contains("abu-dhabi-2025-12-02,2025-12-02,status,prisoner-exchanges,agreed,advanced"),
        "{timeline}"
    );
}

#[test]
fn a_retracted_position_leaves_current_position_and_the_earlier_stance_shows_through() {
    let env = follow_up();
    let stance = "SELECT stance || ' at ' || round FROM current_position WHERE party = 'ukraine' AND item = 'territorial-questions'";
    assert_eq!(sql_value(&env, stance), "open at abu-dhabi-2025-12-02");
    env.ok([
        "position",
        "retract",
        "--round",
        "2",
        "--item",
        "territorial-questions",
        "--party",
        "Kyiv",
        "--reason",
        "Misattributed",
    ]);
    assert_eq!(sql_value(&env, stance), "red_line at geneva-2025-11-23");
    // diff sees no stance change between the two rounds any more.
    let diff = env.ok(["diff", "1", "2", "--format", "csv"]);
    assert!(
        !diff.contains("territorial-questions,ukraine") && !diff.contains(",open"),
        "{diff}"
    );
    let then = env.json(["report", "--as-of", BEFORE, "--format", "json"]);
    let stances = report_item(&then, "territorial-questions").to_string();
    assert!(stances.contains("\"open\""), "{stances}");
    check_passes(&env);
}

#[test]
fn a_retracted_commitment_quote_and_note_leave_round_show_report_search_and_export() {
    let mut env = follow_up();
    env.now = LOGGED.into();
    env.ok([
        "commitment",
        "add",
        "Exchange lists of prisoners",
        "--kind",
        "agreement_in_principle",
        "--slug",
        "exchange-lists",
    ]);
    env.ok([
        "quote",
        "add",
        "Zanzibar words.",
        "--speaker-name",
        "Marco Rubio",
    ]);
    env.ok(["note", "add", "caution", "Quixotic caution"]);
    let shown = env.ok(["round", "show", "latest"]);
    let id_of = |mark: &str| -> String {
        let line = shown.lines().find(|l| l.contains(mark)).expect(mark);
        let start = line.find('[').unwrap();
        let end = line.find(']').unwrap();
        line[start + 1..end].split(' ').nth(1).unwrap().to_owned()
    };
    let quote = id_of("Zanzibar");
    let note = id_of("Quixotic");
    env.now = RETRACTED.into();

    env.ok([
        "commitment",
        "retract",
        "exchange-lists",
        "--reason",
        "Never agreed",
    ]);
    env.ok(["quote", "retract", &quote, "--reason", "Said elsewhere"]);
    env.ok(["note", "retract", &note, "--reason", "Belongs to Berlin"]);

    let shown = env.ok(["round", "show", "latest"]);
    for gone in ["exchange-lists", "Zanzibar", "Quixotic"] {
        assert!(!shown.contains(gone), "{gone} still shown:\n{shown}");
    }
    let all = env.ok(["round", "show", "latest", "--retracted"]);
    assert!(
        all.contains("Zanzibar words.” — Marco Rubio [retracted: Said elsewhere]"),
        "{all}"
    );
    assert!(all.contains("[retracted: Never agreed]"), "{all}");
    assert!(all.contains("[retracted: Belongs to Berlin]"), "{all}");

    assert_eq!(
        sql_value(
            &env,
            "SELECT count(*) FROM commitment_status WHERE commitment = 'exchange-lists'"
        ),
        "0"
    );
    let report = env.ok(["report", "--format", "json"]);
    for gone in ["exchange-lists", "Zanzibar", "Quixotic"] {
        assert!(!report.contains(gone), "{gone} still in the report");
    }
    let then = env.ok(["report", "--as-of", BEFORE, "--format", "json"]);
    for kept in ["exchange-lists", "Zanzibar", "Quixotic"] {
        assert!(then.contains(kept), "{kept} missing as of before");
    }
    for word in ["Zanzibar", "Quixotic"] {
        let found = env.ok(["search", word, "--format", "csv"]);
        assert_eq!(found.lines().count(), 1, "{word} still found: {found}");
    }
    let exported = env.ok(["export", "abu-dhabi-2025-12-02"]);
    for gone in ["exchange-lists", "Zanzibar", "Quixotic"] {
        assert!(!exported.contains(gone), "{gone} still exported");
    }
    // No fate for a retracted commitment.
    let err = env.fails(["commitment", "fate", "exchange-lists", "fulfilled"]);
    assert!(err.contains("was retracted"), "{err}");
    check_passes(&env);
}

#[test]
fn retracting_twice_says_it_already_was_and_writes_nothing() {
    let env = follow_up();
    let args = [
        "status",
        "retract",
        "--round",
        "latest",
        "--item",
        "prisoner-exchanges",
        "--reason",
        "Logged in error",
    ];
    env.ok(args);
    let before = env.dump();
    let err = env.fails(args);
    assert!(
        err.contains("was retracted already, at 2025-12-07T09:00:00.000Z (Logged in error)"),
        "{err}"
    );
    assert_eq!(env.dump(), before);
    let err = env.fails(["quote", "retract", "9999", "--reason", "x"]);
    assert!(
        err.contains("quote 9999 of ukraine-peace is not in the database"),
        "{err}"
    );
    // The reason is required, and must say something.
    let err = env.fails(["note", "retract", "1", "--reason", "  "]);
    assert!(err.contains("--reason"), "{err}");
    let out = env.run(["note", "retract", "1"]);
    assert!(!out.status.success());
    assert_eq!(env.dump(), before);
}

#[test]
fn a_retracted_claim_is_not_corrected_by_a_command_or_a_round_file() {
    let env = follow_up();
    env.ok([
        "status",
        "retract",
        "--round",
        "latest",
        "--item",
        "prisoner-exchanges",
        "--reason",
        "Logged in error",
    ]);
    env.ok([
        "position",
        "retract",
        "--round",
        "latest",
        "--item",
        "territorial-questions",
        "--party",
        "Ukraine",
        "--reason",
        "Logged in error",
    ]);
    let before = env.dump();
    let err = env.fails([
        "status",
        "set",
        "prisoner-exchanges",
        "--round",
        "latest",
        "--status",
        "discussed",
    ]);
    assert!(
        err.contains("was retracted at 2025-12-07T09:00:00.000Z (Logged in error); a retracted claim is not corrected"),
        "{err}"
    );
    let err = env.fails([
        "position",
        "set",
        "Ukraine",
        "territorial-questions",
        "--stance",
        "rejects",
    ]);
    assert!(err.contains("a retracted claim is not corrected"), "{err}");
    env.write(
        "again.toml",
        r#"[process]
slug = "ukraine-peace"

[[round]]
slug = "abu-dhabi-2025-12-02"

[[round.status]]
item = "prisoner-exchanges"
status = "discussed"
"#,
    );
    let err = env.fails(["import", "again.toml"]);
    assert!(err.contains("retracted"), "{err}");
    assert_eq!(env.dump(), before);
}

#[test]
fn a_retracted_round_leaves_the_numbering_and_the_views_and_takes_no_more_records() {
    let mut env = follow_up();
    env.now = "2025-12-20T09:00:00Z".into();
    env.ok([
        "round",
        "add",
        "--title",
        "Talks in Berlin",
        "--date",
        "2025-12-15",
        "--location",
        "Berlin",
        "--party",
        "US",
        "--party",
        "Ukraine",
    ]);
    env.now = "2025-12-21T09:00:00Z".into();
    let said = env.ok([
        "round",
        "retract",
        "abu-dhabi-2025-12-02",
        "--reason",
        "Logged twice",
    ]);
    assert!(
        said.contains("retracted round 2 (abu-dhabi-2025-12-02, 2 Dec 2025)"),
        "{said}"
    );
    assert!(
        said.contains("the 1 round(s) after it move down one number"),
        "{said}"
    );
    let rounds = env.json(["round", "list", "--format", "json"]);
    let listed: Vec<(i64, String)> = rounds
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["number"].as_i64().unwrap(),
                r["round"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert_eq!(
        listed,
        [
            (1, "geneva-2025-11-23".to_owned()),
            (2, "berlin-2025-12-15".to_owned())
        ]
    );
    assert_eq!(
        sql_value(
            &env,
            "SELECT string_agg(round || '=' || number, ' ' ORDER BY number) FROM round_sequence"
        ),
        "geneva-2025-11-23=1 berlin-2025-12-15=2"
    );
    assert_eq!(
        sql_value(
            &env,
            "SELECT count(*) FROM status_timeline WHERE round = 'abu-dhabi-2025-12-02'"
        ),
        "0"
    );
    assert_eq!(
        sql_value(
            &env,
            "SELECT status FROM current_status WHERE item = 'prisoner-exchanges'"
        ),
        "proposed"
    );
    assert_eq!(
        sql_value(
            &env,
            "SELECT stance FROM current_position WHERE party = 'ukraine' AND item = 'territorial-questions'"
        ),
        "red_line"
    );
    // As of before the retraction, the round is there, numbered as it was.
    let then = env.json([
        "report",
        "--as-of",
        "2025-12-20T12:00:00Z",
        "--format",
        "json",
    ]);
    assert_eq!(report_item(&then, "prisoner-exchanges")["status"], "agreed");
    let before = env.dump();
    let err = env.fails([
        "status",
        "set",
        "prisoner-exchanges",
        "--round",
        "abu-dhabi-2025-12-02",
        "--status",
        "stalled",
    ]);
    assert!(
        err.contains(
            "round 'abu-dhabi-2025-12-02' was retracted at 2025-12-21T09:00:00.000Z (Logged twice)"
        ),
        "{err}"
    );
    let err = env.fails([
        "round",
        "retract",
        "abu-dhabi-2025-12-02",
        "--reason",
        "again",
    ]);
    assert!(err.contains("was retracted"), "{err}");
    assert_eq!(env.dump(), before);
    check_passes(&env);
}

#[test]
fn another_client_cannot_delete_or_edit_a_retraction_or_correct_what_it_retracted() {
    let env = follow_up();
    env.ok([
        "status",
        "retract",
        "--round",
        "latest",
        "--item",
        "prisoner-exchanges",
        "--reason",
        "Logged in error",
    ]);
    for sql in [
        "DELETE FROM retraction",
        "UPDATE retraction SET reason = 'Nothing happened'",
        "UPDATE retraction SET status_record_id = NULL, round_id = 1",
    ] {
        let err = env.other_client(sql).expect_err(sql);
        assert_eq!(
            err,
            "retraction is append-only: rows are never changed or deleted"
        );
    }
    let err = env
        .other_client(
            "INSERT INTO status_record (agenda_item_id, round_id, status, supersedes_status_record_id)
             SELECT sr.agenda_item_id, sr.round_id, 'stalled', sr.status_record_id
             FROM retraction x JOIN status_record sr ON sr.status_record_id = x.status_record_id",
        )
        .expect_err("a correction of a retracted record");
    assert!(
        err.contains("a retracted claim is never corrected"),
        "{err}"
    );
    check_passes(&env);
}

/// The bulk path (a large import into a timeline with no status records yet) rebuilds
/// round_order and status_in_force set-wise at its end: a round retracted before it
/// stays out of the numbering. Before the rebuild skipped retracted rounds, it put the
/// round back in round_order, and `check` failed on the file.
#[test]
fn a_bulk_load_leaves_a_retracted_round_out_of_the_numbering() {
    let env = TestEnv::empty();
    env.write(
        "early.toml",
        r#"[process]
slug = "b-process"
name = "Synthetic process b-"

[[round]]
slug = "b-mistaken"
title = "Logged in error"
date = "2020-01-01"
state = "held"
"#,
    );
    env.ok(["import", "early.toml"]);
    env.ok([
        "round",
        "retract",
        "b-mistaken",
        "--reason",
        "No such meeting",
    ]);
    env.write("bulk.toml", &common::synthetic_round_file("b-", 120, 90));
    env.ok(["import", "bulk.toml"]);
    assert_eq!(
        sql_value(&env, "SELECT count(*) FROM round_order"),
        "120",
        "the retracted round is numbered again"
    );
    assert_eq!(
        sql_value(
            &env,
            "SELECT min(number) || '-' || max(number) FROM round_sequence"
        ),
        "1-120"
    );
    check_passes(&env);
}

/// A round file that would correct a retracted status is refused by the planner,
/// inside the write lock, at the claim's file:line:col, with what was retracted,
/// when, why and what to do instead; `--dry-run` says the same, and neither writes.
/// Before, only the trigger refused it, in the database's words and with no place
/// ("status_record: the record it corrects, or its round, is retracted; …").
#[test]
fn a_round_file_correcting_a_retracted_status_is_refused_at_the_claim() {
    let env = follow_up();
    env.ok([
        "status",
        "retract",
        "--round",
        "abu-dhabi-2025-12-02",
        "--item",
        "prisoner-exchanges",
        "--reason",
        "The wire report was about another round",
    ]);
    env.write(
        "correct.toml",
        r#"[process]
slug = "ukraine-peace"

[[round]]
slug = "abu-dhabi-2025-12-02"

[[round.status]]
item = "localized-ceasefires"
status = "discussed"

[[round.status]]
item = "prisoner-exchanges"
status = "discussed"
"#,
    );
    let before = env.dump();
    for dry_run in [true, false] {
        let args: &[&str] = match dry_run {
            true => &["import", "--dry-run", "correct.toml"],
            false => &["import", "correct.toml"],
        };
        let err = env.fails(args);
        assert!(
            err.contains(
                "correct.toml:11:1: round[1].status[2]: the status of 'prisoner-exchanges' at round \
                 'abu-dhabi-2025-12-02' was retracted at 2025-12-07T09:00:00.000Z (The wire report \
                 was about another round); a retracted claim is not corrected: record the item's \
                 status as a new claim at a later round; nothing was written"
            ),
            "dry run {dry_run}: {err}"
        );
        assert!(!err.contains("status_record:"), "{err}");
        assert_eq!(env.dump(), before, "dry run {dry_run}");
    }
}

/// A round file that adds a position to a retracted round is refused at the
/// position's place, naming the round's retraction; the round's claims already held,
/// given again, are let through (they write nothing), and so is an earlier round of
/// the file: the whole file is refused, and nothing is written. Before, the trigger's
/// words ("position: the row it corrects, or its round, is retracted") had no place.
#[test]
fn a_round_file_adding_a_position_to_a_retracted_round_is_refused_at_the_claim() {
    let mut env = follow_up();
    env.ok([
        "round",
        "retract",
        "abu-dhabi-2025-12-02",
        "--reason",
        "Logged twice",
    ]);
    env.now = "2025-12-08T09:00:00Z".into();
    env.write(
        "later.toml",
        r#"[process]
slug = "ukraine-peace"

[[round]]
slug = "geneva-2025-11-23"

[[round]]
slug = "abu-dhabi-2025-12-02"

[[round.position]]
party = "US"
item = "territorial-questions"
stance = "supports"
"#,
    );
    let before = env.dump();
    for args in [
        ["import", "--dry-run", "later.toml"].as_slice(),
        &["import", "later.toml"],
    ] {
        let err = env.fails(args);
        assert!(
            err.contains(
                "later.toml:10:1: round[2].position[1]: round 'abu-dhabi-2025-12-02' was retracted \
                 at 2025-12-07T09:00:00.000Z (Logged twice); a retracted round takes no more \
                 records and is never changed: log this in another round"
            ),
            "{args:?}: {err}"
        );
        assert!(!err.contains("position:"), "{err}");
        assert_eq!(env.dump(), before, "{args:?}");
    }
}

/// `status set` on a retracted round names the flag, the retraction's reason and
/// what to do instead, and writes nothing. Before, it said the round takes no more
/// records, but not what to do instead.
#[test]
fn status_set_on_a_retracted_round_names_the_flag_the_reason_and_what_to_do() {
    let env = follow_up();
    env.ok([
        "round",
        "retract",
        "abu-dhabi-2025-12-02",
        "--reason",
        "Logged twice",
    ]);
    let before = env.dump();
    let err = env.fails([
        "status",
        "set",
        "localized-ceasefires",
        "--round",
        "abu-dhabi-2025-12-02",
        "--status",
        "discussed",
    ]);
    assert!(
        err.contains("--round: round 'abu-dhabi-2025-12-02' was retracted at 2025-12-07T09:00:00.000Z (Logged twice)"),
        "{err}"
    );
    assert!(
        err.contains(
            "log this in another round (a new one, if the round itself was logged in error)"
        ),
        "{err}"
    );
    assert_eq!(env.dump(), before);
}

/// A retracted round that two files of one import name is refused in the file whose
/// claim would write there: the first names it with nothing new (and writes
/// nothing), the second adds a note, whose place the refusal gives.
#[test]
fn a_retracted_round_named_by_two_files_is_refused_in_the_one_that_writes_to_it() {
    let env = follow_up();
    env.ok([
        "round",
        "retract",
        "abu-dhabi-2025-12-02",
        "--reason",
        "Logged twice",
    ]);
    let round =
        "[process]\nslug = \"ukraine-peace\"\n\n[[round]]\nslug = \"abu-dhabi-2025-12-02\"\n";
    env.write("first.toml", round);
    env.write(
        "second.toml",
        &format!("{round}\n[[round.note]]\nkind = \"context\"\nbody = \"Held at a hotel\"\n"),
    );
    let before = env.dump();
    let err = env.fails(["import", "first.toml", "second.toml"]);
    assert!(
        err.contains(
            "second.toml:7:1: round[1].note[1]: round 'abu-dhabi-2025-12-02' was retracted at \
             2025-12-07T09:00:00.000Z (Logged twice)"
        ),
        "{err}"
    );
    assert_eq!(env.dump(), before);
}
