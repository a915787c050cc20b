//! Corrections from flags: setting a status or stance again keeps what it is not
//! given, names what it replaced, and writes nothing when nothing is new; and every
//! write records at an instant no earlier than what the file already holds, so a
//! correction never precedes what it corrects, however the clock runs.

mod common;

use common::TestEnv;

const GENEVA: &str = "geneva-2025-11-23";

/// The status records of an item at the seed round, oldest first: status, note,
/// confidence, its sources (by slug, in order) and recorded_at.
fn records(env: &TestEnv, item: &str) -> Vec<Vec<String>> {
    env.query(&format!(
        "SELECT sr.status, COALESCE(sr.note, '-'), COALESCE(CAST(sr.confidence AS TEXT), '-'),
                COALESCE((SELECT string_agg(s.slug, ' ' ORDER BY s.slug) FROM citation c
                          JOIN source s USING (source_id)
                          WHERE c.status_record_id = sr.status_record_id), '-'),
                sr.recorded_at
         FROM status_record sr JOIN agenda_item i USING (agenda_item_id)
         JOIN round r ON r.round_id = sr.round_id
         WHERE i.slug = '{item}' AND r.slug = '{GENEVA}' ORDER BY sr.status_record_id"
    ))
}

/// Fails before the fix: the correction was written with no note, no confidence and
/// no sources, and the message said nothing of what it replaced.
#[test]
fn status_set_again_keeps_the_note_sources_and_confidence_in_force() {
    let mut env = TestEnv::seeded();
    env.ok([
        "status",
        "set",
        "prisoner-exchanges",
        "--round",
        GENEVA,
        "--status",
        "proposed",
        "--confidence",
        "3",
    ]);
    let seeded = records(&env, "prisoner-exchanges");
    assert_eq!(seeded.len(), 2);
    let (note, sources) = (seeded[1][1].clone(), seeded[1][3].clone());
    assert!(
        note.starts_with("Emphasized by Ukrainian negotiators"),
        "{note}"
    );
    assert_eq!(seeded[1][2], "3");
    assert!(sources.contains("kyiv-post-2025-11-23"), "{sources}");

    env.now = "2025-11-25T09:00:00Z".into();
    let said = env.ok([
        "status",
        "set",
        "prisoner-exchanges",
        "--round",
        GENEVA,
        "--status",
        "discussed",
    ]);
    assert_eq!(
        said,
        format!(
            "corrected prisoner-exchanges at round 1 ({GENEVA}, 23 Nov 2025): now discussed, was proposed; \
             note, confidence and sources kept\n"
        )
    );
    let corrected = records(&env, "prisoner-exchanges");
    assert_eq!(
        corrected[2],
        [
            "discussed",
            note.as_str(),
            "3",
            sources.as_str(),
            "2025-11-25T09:00:00.000Z"
        ]
    );

    // What is given replaces what is in force; the rest is kept.
    let said = env.ok([
        "status",
        "set",
        "prisoner-exchanges",
        "--round",
        GENEVA,
        "--status",
        "discussed",
        "--note",
        "Lists of prisoners were exchanged.",
        "--source",
        "ap-2025-11-23",
    ]);
    assert_eq!(
        said,
        format!(
            "corrected prisoner-exchanges at round 1 ({GENEVA}, 23 Nov 2025): still discussed; confidence kept\n"
        )
    );
    let corrected = records(&env, "prisoner-exchanges");
    assert_eq!(
        corrected[3][..4],
        [
            "discussed",
            "Lists of prisoners were exchanged.",
            "3",
            "ap-2025-11-23"
        ]
    );
    assert!(env.ok(["check"]).starts_with("ok"));
}

/// Fails before the fix: the same status again wrote a correction that dropped the
/// note and sources, and said it was a change.
#[test]
fn setting_the_same_status_with_nothing_new_writes_nothing_and_says_so() {
    let env = TestEnv::seeded();
    let before = env.dump();
    let said = env.ok([
        "status",
        "set",
        "prisoner-exchanges",
        "--round",
        GENEVA,
        "--status",
        "proposed",
    ]);
    assert_eq!(
        said,
        format!(
            "unchanged: prisoner-exchanges at round 1 ({GENEVA}, 23 Nov 2025) is already proposed, \
             with the same note, confidence and sources; nothing was written\n"
        )
    );
    assert_eq!(env.dump(), before);
}

/// Fails before the fix: the corrected stance lost its note and sources.
#[test]
fn position_set_again_keeps_the_note_and_sources_in_force() {
    let env = TestEnv::seeded();
    let stances = "SELECT p.stance, COALESCE(p.note, '-'), (SELECT count(*) FROM citation c WHERE c.position_id = p.position_id)
                   FROM position p JOIN party pa USING (party_id) JOIN agenda_item i USING (agenda_item_id)
                   WHERE pa.slug = 'ukraine' AND i.slug = 'prisoner-exchanges' ORDER BY p.position_id";
    let seeded = env.query(stances);
    assert_eq!(seeded.len(), 1);
    assert_eq!(seeded[0][1], "A non-negotiable priority.");
    assert_ne!(seeded[0][2], "0", "the seed cites its sources");

    let said = env.ok([
        "position",
        "set",
        "UA",
        "prisoner-exchanges",
        "--stance",
        "priority",
    ]);
    assert_eq!(
        said,
        format!(
            "corrected ukraine on prisoner-exchanges at round 1 ({GENEVA}, 23 Nov 2025): now priority, \
             was red_line; note and sources kept\n"
        )
    );
    let after = env.query(stances);
    assert_eq!(
        after[1],
        ["priority", seeded[0][1].as_str(), seeded[0][2].as_str()]
    );

    let before = env.dump();
    let said = env.ok([
        "position",
        "set",
        "UA",
        "prisoner-exchanges",
        "--stance",
        "priority",
    ]);
    assert!(
        said.starts_with("unchanged: ukraine on prisoner-exchanges")
            && said.contains("nothing was written"),
        "{said}"
    );
    assert_eq!(env.dump(), before);
}

/// A clock that runs backwards: a status set at 12:00:05, then a correction whose
/// clock reads 12:00:03. The correction records at 12:00:05, not before what it
/// corrects, so `--as-of 12:00:04` shows what was known then (the seed's status,
/// recorded at 09:00), never a correction nobody had recorded yet; and `check` passes.
///
/// Fails before the fix: the correction recorded 12:00:03, `--as-of 12:00:04` showed
/// it, and `check` found it superseding a later record.
#[test]
fn a_clock_that_runs_backwards_never_records_a_correction_before_what_it_corrects() {
    let mut env = TestEnv::seeded();
    let set = |env: &TestEnv, status: &str| {
        env.ok([
            "status",
            "set",
            "prisoner-exchanges",
            "--round",
            GENEVA,
            "--status",
            status,
        ]);
    };
    env.now = "2025-11-24T12:00:05Z".into();
    set(&env, "progressing");
    env.now = "2025-11-24T12:00:03Z".into();
    set(&env, "agreed");
    let stamps = env.query(
        "SELECT sr.status, sr.recorded_at FROM status_record sr JOIN agenda_item i USING (agenda_item_id)
         WHERE i.slug = 'prisoner-exchanges' ORDER BY sr.status_record_id",
    );
    assert_eq!(
        stamps,
        [
            ["proposed", "2025-11-24T09:00:00.000Z"],
            ["progressing", "2025-11-24T12:00:05.000Z"],
            ["agreed", "2025-11-24T12:00:05.000Z"],
        ]
    );
    let status_at = |as_of: &str| {
        let report = env.json(["report", "--format", "json", "--as-of", as_of]);
        let item = report["items"]
            .as_array()
            .expect("items")
            .iter()
            .find(|i| i["item"] == "prisoner-exchanges")
            .expect("the item")
            .clone();
        item["status"].as_str().expect("a status").to_owned()
    };
    assert_eq!(status_at("2025-11-24T12:00:04Z"), "proposed");
    assert_eq!(status_at("2025-11-24T12:00:05Z"), "agreed");
    assert!(env.ok(["check"]).starts_with("ok"));
    // The log keeps the clock's own reading beside the instant recorded.
    assert_eq!(
        env.query("SELECT command, recorded_at, clock_at, summary FROM write_log ORDER BY write_log_id DESC LIMIT 1"),
        [[
            "status set",
            "2025-11-24T12:00:05.000Z",
            "2025-11-24T12:00:03.000Z",
            "1 status correction, 6 citations"
        ]]
    );
}

/// A trigger refuses a correction recorded before what it corrects; `check` still
/// reports one that another SQLite client wrote after dropping that trigger.
#[test]
fn check_reports_a_correction_recorded_before_what_it_corrects() {
    let env = TestEnv::seeded();
    let backdated = "INSERT INTO status_record (agenda_item_id, round_id, status, supersedes_status_record_id, recorded_at)
         SELECT agenda_item_id, round_id, 'agreed', status_record_id, '2025-01-01T00:00:00.000Z'
         FROM status_record JOIN agenda_item USING (agenda_item_id) WHERE slug = 'prisoner-exchanges'";
    let refused = env.execute(backdated).unwrap_err();
    assert!(refused.contains("a correction comes after"), "{refused}");
    env.drop_trigger("status_record_correction_later");
    env.execute(backdated).unwrap();
    let out = env.run(["check", "--format", "json"]);
    assert!(!out.status.success());
    let problems: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        problems[0]["check"], "status_record_correction_later",
        "{problems}"
    );
}

/// The log's instants never run backwards, whoever writes the row.
#[test]
fn the_write_log_refuses_an_instant_before_the_latest() {
    let env = TestEnv::seeded();
    let err = env
        .execute(
            "INSERT INTO write_log (recorded_at, clock_at, command, summary)
             VALUES ('2025-01-01T00:00:00.000Z', '2025-01-01T00:00:00.000Z', 'sqlite3', 'by hand')",
        )
        .unwrap_err();
    assert!(err.contains("before the previous write"), "{err}");
    let err = env.execute("DELETE FROM write_log").unwrap_err();
    assert!(err.contains("append-only"), "{err}");
}
