//! Instants another client wrote in a form of its own. No CHECK constrains the text
//! of a `recorded_at` column (the schema takes any text there), so a client such as
//! Python's `datetime.isoformat()` may write an offset and microseconds. Parley reads
//! any RFC 3339 form as the instant it names and shows it in its own form (UTC,
//! milliseconds, `Z`), as it writes every instant; the row keeps what the client wrote.

mod common;

use common::TestEnv;

/// Another client's correction of prisoner-exchanges, recorded at `at`.
fn correction_at(env: &TestEnv, at: &str) {
    env.other_client(&format!(
        "INSERT INTO status_record (agenda_item_id, round_id, status, supersedes_status_record_id, recorded_at)
         SELECT sr.agenda_item_id, sr.round_id, 'agreed', sr.status_record_id, '{at}'
         FROM status_record sr JOIN agenda_item ai ON ai.agenda_item_id = sr.agenda_item_id
         WHERE ai.slug = 'prisoner-exchanges'
           AND NOT EXISTS (SELECT 1 FROM status_record c
                           WHERE c.supersedes_status_record_id = sr.status_record_id)"
    ))
    .unwrap();
}

/// Before instants were typed, each of these printed the client's text as it was
/// (`2025-11-24T11:30:00.123456+01:00`), beside Parley's own `…Z` instants.
#[test]
fn an_instant_another_client_wrote_with_an_offset_reads_as_that_instant_in_utc() {
    if common::file_only() {
        return;
    }
    let env = TestEnv::seeded_file();
    correction_at(&env, "2025-11-24T11:30:00.123456+01:00");
    let in_utc = "2025-11-24T10:30:00.123Z";

    let records = env.json(["item", "show", "prisoner-exchanges", "--format", "json"]);
    let stamps: Vec<&str> = records["records"]
        .as_array()
        .or(records.as_array())
        .expect("a list of records")
        .iter()
        .map(|r| r["recorded_at"].as_str().unwrap())
        .collect();
    assert!(stamps.contains(&in_utc), "{stamps:?}");
    assert!(
        stamps.iter().all(|s| s.len() == 24 && s.ends_with('Z')),
        "{stamps:?}"
    );

    let timeline = env.ok(["timeline", "prisoner-exchanges", "--format", "csv"]);
    assert!(timeline.contains(in_utc), "{timeline}");
    assert!(!timeline.contains("+01:00"), "{timeline}");

    // Parley changed nothing in the row.
    let held = env.query("SELECT max(recorded_at) FROM status_record");
    assert_eq!(held[0][0], "2025-11-24T11:30:00.123456+01:00");
    assert!(env.ok(["check"]).starts_with("ok"));
}

/// Text in an instant column that reads as no instant stops the read with the value
/// named, rather than printing it as if it were one. (The trigger that keeps a
/// correction after what it corrects, and the as-of filters, compare text: this one
/// sorts after the record it corrects and before the end of time.)
#[test]
fn a_recorded_at_that_is_not_an_instant_is_refused_with_its_value_named() {
    if common::file_only() {
        return;
    }
    let env = TestEnv::seeded_file();
    correction_at(&env, "2025-11-25 in the evening");
    let err = env.fails(["item", "show", "prisoner-exchanges"]);
    assert!(
        err.contains("2025-11-25 in the evening")
            && err.contains("expected an instant in RFC 3339"),
        "{err}"
    );
    let err = env.fails(["timeline", "prisoner-exchanges"]);
    assert!(err.contains("2025-11-25 in the evening"), "{err}");
}
