//! Logging rounds from flags and round files, corrections with full history, and
//! export back out.

mod common;

use common::TestEnv;

/// Logs a follow-up round, held on 2 December 2025.
fn follow_up(env: &TestEnv) {
    env.ok([
        "round",
        "add",
        "--title",
        "Follow-up talks",
        "--date",
        "2025-12-02",
        "--location",
        "Istanbul",
        "--party",
        "US",
        "--party",
        "ukraine",
        "--state",
        "held",
    ]);
}

fn status_of(env: &TestEnv, item: &str) -> (String, String) {
    let rows = env.query(&format!(
        "SELECT status, movement FROM current_status WHERE item = '{item}'"
    ));
    (rows[0][0].clone(), rows[0][1].clone())
}

#[test]
fn round_add_logs_a_round_with_its_parties() {
    let mut env = TestEnv::seeded();
    env.now = "2025-12-03T09:00:00Z".into();
    let out = env.ok([
        "round",
        "add",
        "--title",
        "Follow-up talks",
        "--date",
        "2025-12-02",
        "--location",
        "Istanbul",
        "--party",
        "US",
        "--party",
        "Kyiv:delegation",
        "--format",
        "bilateral",
        "--level",
        "senior-officials",
    ]);
    assert!(out.contains("added round 2"), "{out}");
    assert!(out.contains("istanbul-2025-12-02"), "{out}");
    let row = env.query(
        "SELECT slug, start_date, location, format, level, state FROM round WHERE slug = 'istanbul-2025-12-02'",
    );
    assert_eq!(
        row[0],
        [
            "istanbul-2025-12-02",
            "2025-12-02",
            "Istanbul",
            "bilateral",
            "senior_officials",
            "held"
        ]
    );
    let parties = env.query(
        "SELECT p.slug, rp.role FROM round_party rp JOIN party p USING (party_id)
         JOIN round r USING (round_id) WHERE r.slug = 'istanbul-2025-12-02' ORDER BY p.slug",
    );
    assert_eq!(parties, [["ukraine", "delegation"], ["us", "delegation"]]);

    let list = env.json(["round", "list", "--format", "json"]);
    let rounds = list.as_array().unwrap();
    assert_eq!(rounds.len(), 2);
    assert_eq!(rounds[1]["number"], 2);
    assert_eq!(rounds[1]["round"], "istanbul-2025-12-02");

    let show = env.ok(["round", "show", "latest"]);
    assert!(
        show.contains(
            "Round 2 (istanbul-2025-12-02, 2 Dec 2025) of ukraine-peace: Follow-up talks"
        ),
        "{show}"
    );
    assert!(show.contains("Ukraine (ukraine): delegation"), "{show}");
    let show = env.json(["round", "show", "1", "--format", "json"]);
    assert_eq!(show["round"], "geneva-2025-11-23");
    assert_eq!(show["statuses"].as_array().unwrap().len(), 10);
    assert_eq!(show["quotes"].as_array().unwrap().len(), 3);
    assert_eq!(show["sources"].as_array().unwrap().len(), 6);
}

#[test]
fn a_round_in_the_future_is_scheduled_and_a_round_without_a_date_must_be() {
    let env = TestEnv::seeded();
    env.ok(["round", "add", "--title", "Next round", "--date", "2026-01"]);
    let state = env.query("SELECT state FROM round WHERE slug = 'next-round-2026-01'");
    assert_eq!(state[0][0], "scheduled");
    let err = env.fails(["round", "add", "--title", "Undated", "--state", "held"]);
    assert!(err.contains("--date"), "{err}");
}

#[test]
fn round_add_refuses_bad_flags_and_writes_nothing() {
    let env = TestEnv::seeded();
    let before = env.dump();
    let cases: [(&[&str], &str); 7] = [
        (&["--date", "2025-02-30"], "--date"),
        (
            &["--date", "2025-12-02", "--end-date", "2025-12-01"],
            "--end-date",
        ),
        (
            &["--date", "2025-12-02", "--party", "ukrain"],
            "did you mean 'ukraine'?",
        ),
        (
            &["--date", "2025-12-02", "--party", "us:chair"],
            "unknown participant role 'chair'",
        ),
        (
            &["--date", "2025-12-02", "--state", "hled"],
            "did you mean 'held'?",
        ),
        (
            &["--date", "2025-11-23", "--location", "Geneva"],
            "already exists",
        ),
        (
            &["--date", "2025-12-02", "--format", "bilaterl"],
            "did you mean 'bilateral'?",
        ),
    ];
    for (flags, expected) in cases {
        let mut args = vec!["round", "add", "--title", "Talks"];
        args.extend_from_slice(flags);
        let err = env.fails(&args);
        assert!(err.contains(expected), "{args:?}: {err}");
    }
    assert_eq!(env.dump(), before);
}

#[test]
fn status_set_moves_items_forward_and_back() {
    let env = TestEnv::seeded();
    follow_up(&env);
    let out = env.ok([
        "status",
        "set",
        "prisoner-exchanges",
        "--round",
        "latest",
        "--status",
        "discussed",
    ]);
    assert!(out.contains("advanced from proposed"), "{out}");
    let out = env.ok([
        "status",
        "set",
        "Dialogue channels",
        "--round",
        "2",
        "--status",
        "stalled",
    ]);
    assert!(out.contains("regressed from agreed"), "{out}");
    assert_eq!(
        status_of(&env, "prisoner-exchanges"),
        ("discussed".into(), "advanced".into())
    );
    assert_eq!(
        status_of(&env, "dialogue-channels"),
        ("stalled".into(), "regressed".into())
    );
    let moved = env.query(
        "SELECT item, previous_status, movement FROM movement WHERE round = 'istanbul-2025-12-02' ORDER BY item",
    );
    assert_eq!(
        moved,
        [
            ["dialogue-channels", "agreed", "regressed"],
            ["prisoner-exchanges", "proposed", "advanced"]
        ]
    );
}

#[test]
fn status_set_refuses_unknown_names_with_suggestions() {
    let env = TestEnv::seeded();
    let before = env.dump();
    let err = env.fails(["status", "set", "prisoner-exchange", "--status", "agreed"]);
    assert!(err.contains("did you mean 'prisoner-exchanges'?"), "{err}");
    let err = env.fails(["status", "set", "prisoner-exchanges", "--status", "agred"]);
    assert!(
        err.contains("--status") && err.contains("did you mean 'agreed'?"),
        "{err}"
    );
    let err = env.fails([
        "status",
        "set",
        "prisoner-exchanges",
        "--status",
        "agreed",
        "--round",
        "genva-2025-11-23",
    ]);
    assert!(
        err.contains("--round") && err.contains("did you mean 'geneva-2025-11-23'?"),
        "{err}"
    );
    let err = env.fails([
        "status",
        "set",
        "prisoner-exchanges",
        "--status",
        "agreed",
        "--round",
        "previous",
    ]);
    assert!(err.contains("fewer than two rounds"), "{err}");
    let err = env.fails([
        "status",
        "set",
        "prisoner-exchanges",
        "--status",
        "agreed",
        "--confidence",
        "7",
    ]);
    assert!(
        err.contains("--confidence") && err.contains("1 (confirmed) to 6"),
        "{err}"
    );
    let err = env.fails([
        "status",
        "set",
        "prisoner-exchanges",
        "--status",
        "agreed",
        "--source",
        "reuter",
    ]);
    assert!(err.contains("--source"), "{err}");
    assert_eq!(env.dump(), before);
}

#[test]
fn a_correction_supersedes_and_keeps_the_earlier_record_and_as_of_reads_the_past() {
    let mut env = TestEnv::seeded();
    follow_up(&env);
    env.now = "2025-12-03T10:00:00Z".into();
    env.ok([
        "status",
        "set",
        "prisoner-exchanges",
        "--status",
        "progressing",
        "--note",
        "Lists exchanged",
    ]);
    env.now = "2025-12-05T10:00:00Z".into();
    let out = env.ok([
        "status",
        "set",
        "prisoner-exchanges",
        "--status",
        "discussed",
        "--note",
        "Only discussed",
    ]);
    assert!(out.contains("corrected"), "{out}");

    let records = env.query(
        "SELECT sr.status, sr.supersedes_status_record_id IS NOT NULL, sr.recorded_at
         FROM status_record sr JOIN agenda_item i USING (agenda_item_id)
         WHERE i.slug = 'prisoner-exchanges' ORDER BY sr.status_record_id",
    );
    assert_eq!(records.len(), 3, "every record is kept: {records:?}");
    assert_eq!(records[1][0], "progressing");
    assert_eq!(records[2], ["discussed", "1", "2025-12-05T10:00:00.000Z"]);
    assert_eq!(status_of(&env, "prisoner-exchanges").0, "discussed");

    let then = env.json([
        "report",
        "--format",
        "json",
        "--as-of",
        "2025-12-04T00:00:00Z",
    ]);
    let item = then["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["item"] == "prisoner-exchanges")
        .unwrap();
    assert_eq!(item["status"], "progressing");
    let now = env.json(["report", "--format", "json"]);
    let item = now["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["item"] == "prisoner-exchanges")
        .unwrap();
    assert_eq!(item["status"], "discussed");
    assert_eq!(item["trajectory"][1]["corrected"], true);

    let before_follow_up = env.json([
        "report",
        "--format",
        "json",
        "--as-of",
        "2025-11-24T08:00:00Z",
    ]);
    assert_eq!(
        before_follow_up["rounds"].as_array().unwrap().len(),
        0,
        "nothing was recorded yet"
    );

    let history = env.json(["item", "show", "prisoner-exchanges", "--format", "json"]);
    let history = history.as_array().unwrap();
    assert_eq!(history.len(), 3);
    assert_eq!(history[1]["in_force"], false);
    assert_eq!(history[2]["correction"], true);
}

#[test]
fn setting_the_same_status_again_changes_nothing() {
    let env = TestEnv::seeded();
    let before = env.dump();
    let out = env.ok([
        "status", "set", "dialogue-channels", "--round", "geneva-2025-11-23", "--status", "agreed", "--note",
        "Both delegations agreed to maintain continuous diplomatic channels, with several follow-up rounds already scheduled.",
        "--source", "reuters-2025-11-23", "--source", "ap-2025-11-23", "--source", "sky-2025-11-23",
        "--source", "cgtn-2025-11-23", "--source", "kyiv-post-2025-11-23", "--source", "new-indian-express-2025-11-23",
    ]);
    assert!(out.starts_with("unchanged"), "{out}");
    assert_eq!(env.dump(), before);
}

#[test]
fn as_of_must_be_a_time() {
    let env = TestEnv::seeded();
    let err = env.fails(["report", "--as-of", "last tuesday"]);
    assert!(err.contains("--as-of") && err.contains("RFC 3339"), "{err}");
}

#[test]
fn position_set_records_and_corrects_stances() {
    let env = TestEnv::seeded();
    let out = env.ok([
        "position",
        "set",
        "Washington",
        "prisoner-exchanges",
        "--stance",
        "supports",
    ]);
    assert!(out.contains("set us on prisoner-exchanges"), "{out}");
    let out = env.ok([
        "position",
        "set",
        "UA",
        "territorial-questions",
        "--stance",
        "priority",
    ]);
    assert!(out.contains("corrected"), "{out}");
    let rows = env.query(
        "SELECT p.stance, p.supersedes_position_id IS NOT NULL FROM position p
         JOIN party pa USING (party_id) JOIN agenda_item i USING (agenda_item_id)
         WHERE pa.slug = 'ukraine' AND i.slug = 'territorial-questions' ORDER BY p.position_id",
    );
    assert_eq!(rows, [["red_line", "0"], ["priority", "1"]]);
    let err = env.fails([
        "position",
        "set",
        "UA",
        "territorial-questions",
        "--stance",
        "redline",
    ]);
    assert!(err.contains("did you mean 'red_line'?"), "{err}");
}

#[test]
fn items_parties_and_sources_are_added_and_listed() {
    let env = TestEnv::seeded();
    env.ok([
        "party", "add", "Turkey", "--short", "TR", "--alias", "Türkiye", "--alias", "Ankara",
    ]);
    env.ok([
        "party",
        "add",
        "Україна — делегація",
        "--slug",
        "ukraine-delegation",
        "--kind",
        "delegation",
    ]);
    env.ok([
        "source",
        "add",
        "AP News",
        "--title",
        "Talks resume",
        "--date",
        "2025-12-02",
        "--reliability",
        "b",
    ]);
    env.ok([
        "item",
        "add",
        "Energy infrastructure strikes",
        "--parent",
        "localized ceasefires",
    ]);

    let parties = env.json(["party", "list", "--format", "json"]);
    let turkey = parties
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["party"] == "turkey")
        .unwrap();
    assert_eq!(turkey["short_code"], "TR");
    assert_eq!(turkey["aliases"], "Türkiye, Ankara");
    let cyrillic = parties
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["party"] == "ukraine-delegation")
        .unwrap();
    assert_eq!(cyrillic["name"], "Україна — делегація");

    let sources = env.json(["source", "list", "--format", "json"]);
    let ap = sources
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["source"] == "ap-news-2025-12-02")
        .unwrap();
    assert_eq!(ap["reliability"], "B");
    assert_eq!(ap["citations"], 0);

    let items = env.json(["item", "list", "--format", "json"]);
    let strikes = items
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["item"] == "energy-infrastructure-strikes")
        .unwrap();
    assert_eq!(strikes["parent"], "localized-ceasefires");
    assert!(strikes["status"].is_null());

    // The new names resolve like the seeded ones.
    env.ok([
        "round",
        "add",
        "--title",
        "Istanbul talks",
        "--date",
        "2025-12-02",
        "--state",
        "held",
        "--party",
        "ankara:host",
    ]);
    env.ok([
        "status",
        "set",
        "energy infrastructure strikes",
        "--status",
        "proposed",
        "--source",
        "ap-news-2025-12-02:2",
    ]);
    let cited = env.query(
        "SELECT s.slug, c.credibility FROM citation c JOIN source s USING (source_id) WHERE c.status_record_id IS NOT NULL
         AND s.slug = 'ap-news-2025-12-02'",
    );
    assert_eq!(cited, [["ap-news-2025-12-02", "2"]]);

    let err = env.fails(["party", "add", "Turkey"]);
    assert!(err.contains("already exists"), "{err}");
    let err = env.fails(["party", "add", "Washington DC", "--alias", "washington"]);
    assert!(err.contains("already names party 'us'"), "{err}");
    // Ukraine's alias already (the slug, `ukraina`, is transliterated).
    let err = env.fails(["party", "add", "Україна"]);
    assert!(err.contains("already names party 'ukraine'"), "{err}");
    let err = env.fails(["item", "add", "   "]);
    assert!(err.contains("empty"), "{err}");
}
