//! Edits that keep history (issue 12): `round edit`, `source edit`, `party edit` and
//! `item edit` change only the fields given, show each change old → new, and keep the
//! earlier version in a history table, written by the table's trigger as round_history
//! is, so that another client's UPDATE lands there too.
//!
//! Before these commands a source's title, a party's name or an item's parent could
//! not be changed at all (`source add` of a taken slug said "choose another --slug"):
//! every test here fails on that Parley, at its first edit command; the history tables
//! and their triggers did not exist either, which the other-client tests check.

mod common;

use common::TestEnv;

const GENEVA: &str = "geneva-2025-11-23";
const LATER: &str = "2025-12-01T10:00:00Z";
const LATER_COLUMN: &str = "2025-12-01T10:00:00.000Z";
const SEEDED_AT: &str = "2025-11-24T09:00:00.000Z";

/// A seeded database whose edits record at [`LATER`], after the seed.
fn seeded_then_later() -> TestEnv {
    let mut env = TestEnv::seeded();
    env.now = LATER.into();
    env
}

fn writes(env: &TestEnv) -> Vec<Vec<String>> {
    env.query(
        "SELECT command, summary FROM write_log WHERE command <> 'seed' ORDER BY write_log_id",
    )
}

#[test]
fn source_edit_changes_the_fields_given_shows_old_and_new_and_keeps_the_old_version() {
    let env = seeded_then_later();
    let said = env.ok([
        "source",
        "edit",
        "ap-2025-11-23",
        "--title",
        "Talks in Geneva report progress",
        "--reliability",
        "b",
        "--url",
        "https://apnews.com/geneva",
    ]);
    assert_eq!(
        said,
        "source ap-2025-11-23: title \"In Geneva, US and Ukraine officials report progress …\" → \
         \"Talks in Geneva report progress\"; url (none) → \"https://apnews.com/geneva\"; \
         reliability (none) → B\n"
    );
    assert_eq!(
        env.query(
            "SELECT outlet, title, url, published_on, reliability, recorded_at FROM source WHERE slug = 'ap-2025-11-23'"
        ),
        [[
            "AP News",
            "Talks in Geneva report progress",
            "https://apnews.com/geneva",
            "2025-11-23",
            "B",
            LATER_COLUMN
        ]],
        "the fields given changed, the outlet and date not given are as they were"
    );
    assert_eq!(
        env.query(
            "SELECT s.slug, h.outlet, h.title, h.url, h.published_on, h.reliability, h.recorded_at, h.replaced_at
             FROM source_history h JOIN source s USING (source_id)"
        ),
        [[
            "ap-2025-11-23",
            "AP News",
            "In Geneva, US and Ukraine officials report progress …",
            "NULL",
            "2025-11-23",
            "NULL",
            SEEDED_AT,
            LATER_COLUMN
        ]]
    );
    assert_eq!(
        writes(&env),
        [[
            "source edit",
            "source ap-2025-11-23: title, url, reliability"
        ]]
    );

    // The same values again: nothing to change, nothing written.
    let before = env.dump();
    assert_eq!(
        env.ok(["source", "edit", "ap-2025-11-23", "--reliability", "B"]),
        "source ap-2025-11-23: nothing to change\n"
    );
    assert_eq!(env.dump(), before);

    // --clear empties an optional field; the version before is kept too.
    assert_eq!(
        env.ok(["source", "edit", "ap-2025-11-23", "--clear", "url"]),
        "source ap-2025-11-23: url \"https://apnews.com/geneva\" → (cleared)\n"
    );
    assert_eq!(env.count("source_history"), 2);
    assert!(env.ok(["check"]).starts_with("ok"));
}

/// `source edit --outlet` points the source at the outlet its new text names, as
/// `source add` does: an existing one (by name, with how it was obtained split off),
/// or a new one. Before, only the text column changed: `outlet_id` still named AP
/// News, so `outlet list` counted the source under its old outlet.
#[test]
fn source_edit_outlet_resolves_the_outlet_and_how_it_was_obtained() {
    let env = seeded_then_later();
    let outlet = |env: &TestEnv| {
        env.query(
            "SELECT s.outlet, o.slug, s.obtained_via FROM source s \
             JOIN outlet o ON o.outlet_id = s.outlet_id WHERE s.slug = 'ap-2025-11-23'",
        )
    };
    env.ok([
        "source",
        "edit",
        "ap-2025-11-23",
        "--outlet",
        "Reuters (via Yahoo News)",
    ]);
    assert_eq!(
        outlet(&env),
        [["Reuters (via Yahoo News)", "reuters", "Yahoo News"]]
    );
    let outlets = env.count("outlet");
    env.ok([
        "source",
        "edit",
        "ap-2025-11-23",
        "--outlet",
        "Ukrainska Pravda",
    ]);
    assert_eq!(
        outlet(&env),
        [["Ukrainska Pravda", "ukrainska-pravda", "NULL"]]
    );
    assert_eq!(env.count("outlet"), outlets + 1);
    assert_eq!(
        env.query("SELECT recorded_at FROM outlet WHERE slug = 'ukrainska-pravda'"),
        [[LATER_COLUMN]]
    );
    // The earlier versions are kept as any edit's are; the write passes every check.
    assert_eq!(env.count("source_history"), 2);
    env.ok(["check"]);
}

#[test]
fn a_bad_value_or_an_unknown_source_fails_naming_the_flag_and_writes_nothing() {
    let env = seeded_then_later();
    let before = env.dump();
    let cases: [(&[&str], &str); 5] = [
        (&["--reliability", "Z"], "--reliability"),
        (&["--date", "2025-13-01"], "--date"),
        (&["--title", "  "], "--title"),
        (&["--title", "X", "--clear", "title"], "--clear"),
        (&[], "EDIT"),
    ];
    for (flags, flag) in cases {
        let mut args = vec!["source", "edit", "ap-2025-11-23"];
        args.extend(flags);
        let err = env.fails(&args);
        assert!(err.contains(flag), "{args:?} should name {flag}: {err}");
    }
    let err = env.fails(["source", "edit", "ap-2025-11-32", "--title", "X"]);
    assert!(err.contains("SOURCE"), "{err}");
    assert!(
        err.contains("ap-2025-11-23"),
        "the nearest is suggested: {err}"
    );
    assert_eq!(env.dump(), before, "nothing was written");
}

#[test]
fn renaming_a_party_keeps_its_old_name_as_an_alias_and_its_earlier_version() {
    let env = seeded_then_later();
    assert_eq!(
        env.ok([
            "party",
            "edit",
            "Washington",
            "--name",
            "United States of America",
            "--kind",
            "delegation"
        ]),
        "party us: name \"United States\" → \"United States of America\"; kind state → delegation; \
         alias \"United States\" (added)\n"
    );
    assert_eq!(
        env.query("SELECT name, short_code, kind FROM party WHERE slug = 'us'"),
        [["United States of America", "US", "delegation"]],
        "the short code, not given, is as it was"
    );
    assert_eq!(
        env.query("SELECT name, short_code, kind, recorded_at, replaced_at FROM party_history"),
        [["United States", "US", "state", SEEDED_AT, LATER_COLUMN]]
    );
    // The old name still names the party.
    env.ok([
        "position",
        "set",
        "United States",
        "prisoner-exchanges",
        "--stance",
        "supports",
    ]);

    // Aliases added and removed; a removed one is kept in party_alias_history.
    assert_eq!(
        env.ok([
            "party",
            "edit",
            "us",
            "--remove-alias",
            "usa",
            "--add-alias",
            "America"
        ]),
        "party us: alias \"USA\" → (removed); alias \"America\" (added)\n"
    );
    assert_eq!(
        env.query("SELECT alias, recorded_at, removed_at FROM party_alias_history"),
        [["USA", SEEDED_AT, LATER_COLUMN]]
    );
    assert_eq!(
        env.query("SELECT count(*) FROM party_alias WHERE alias = 'USA'"),
        [["0"]]
    );

    // --drop-old-name renames without the alias.
    assert_eq!(
        env.ok([
            "party",
            "edit",
            "ukraine",
            "--name",
            "Ukraine (government)",
            "--drop-old-name"
        ]),
        "party ukraine: name \"Ukraine\" → \"Ukraine (government)\"\n"
    );
    assert!(env.ok(["check"]).starts_with("ok"));
}

#[test]
fn a_party_edit_that_would_clash_or_remove_an_alias_it_lacks_fails_and_writes_nothing() {
    let env = seeded_then_later();
    let before = env.dump();
    let err = env.fails(["party", "edit", "us", "--name", "Kyiv"]);
    assert!(
        err.starts_with("parley: --name: 'Kyiv' already names party 'ukraine'"),
        "{err}"
    );
    let err = env.fails(["party", "edit", "us", "--add-alias", "moscow"]);
    assert!(err.contains("--add-alias"), "{err}");
    // Found only once the write holds the lock: rolled back, with the flag named.
    let err = env.fails([
        "party",
        "edit",
        "us",
        "--name",
        "USA!",
        "--remove-alias",
        "Kyiv",
    ]);
    assert!(err.contains("--remove-alias"), "{err}");
    assert!(err.contains("Washington"), "its aliases are listed: {err}");
    let err = env.fails(["party", "edit", "nobody", "--name", "X"]);
    assert!(err.contains("PARTY"), "{err}");
    assert_eq!(env.dump(), before, "nothing was written");
}

#[test]
fn item_edit_retitles_and_moves_an_item_within_its_tree_and_keeps_its_versions() {
    let env = seeded_then_later();
    assert_eq!(
        env.ok([
            "item",
            "edit",
            "prisoner-exchanges",
            "--title",
            "Prisoner exchanges (all for all)",
            "--parent",
            "Humanitarian coordination"
        ]),
        "agenda item prisoner-exchanges: title \"Prisoner exchanges\" → \"Prisoner exchanges (all for all)\"; \
         parent (none) → humanitarian-coordination\n"
    );
    assert_eq!(
        env.query(
            "SELECT i.title, i.description, p.slug FROM agenda_item i
             JOIN agenda_item p ON p.agenda_item_id = i.parent_agenda_item_id WHERE i.slug = 'prisoner-exchanges'"
        ),
        [[
            "Prisoner exchanges (all for all)",
            "NULL",
            "humanitarian-coordination"
        ]]
    );
    // An item below it cannot become its parent, nor can the item itself.
    let before = env.dump();
    for (item, parent) in [
        ("humanitarian-coordination", "prisoner-exchanges"),
        ("prisoner-exchanges", "prisoner-exchanges"),
    ] {
        let err = env.fails(["item", "edit", item, "--parent", parent]);
        assert!(err.contains("--parent"), "{err}");
        assert!(err.contains("its own ancestor"), "{err}");
    }
    let err = env.fails(["item", "edit", "prisoner-exchanges", "--parent", "nowhere"]);
    assert!(err.contains("--parent"), "{err}");
    assert_eq!(env.dump(), before, "nothing was written");

    assert_eq!(
        env.ok(["item", "edit", "prisoner-exchanges", "--no-parent"]),
        "agenda item prisoner-exchanges: parent humanitarian-coordination → (cleared)\n"
    );
    assert_eq!(
        env.query(
            "SELECT title, parent_agenda_item_id IS NULL, recorded_at, replaced_at FROM agenda_item_history
             ORDER BY agenda_item_history_id"
        ),
        [
            ["Prisoner exchanges", "1", SEEDED_AT, LATER_COLUMN],
            ["Prisoner exchanges (all for all)", "0", LATER_COLUMN, LATER_COLUMN]
        ]
    );
    assert!(env.ok(["check"]).starts_with("ok"));
}

/// The seed writes each item with its parent: one version, no history.
#[test]
fn an_import_writes_a_new_item_with_its_parent_and_no_history() {
    let env = TestEnv::seeded();
    assert_eq!(env.count("agenda_item_history"), 0);
    assert_eq!(
        env.query("SELECT count(*) FROM agenda_item WHERE parent_agenda_item_id IS NOT NULL"),
        [["3"]]
    );
}

fn round_row(env: &TestEnv) -> Vec<Vec<String>> {
    env.query(&format!(
        "SELECT title, start_date, end_date, location, format, level, state, tone, summary, recorded_at
         FROM round WHERE slug = '{GENEVA}'"
    ))
}

#[test]
fn round_edit_writes_what_a_round_file_naming_the_round_with_those_fields_would() {
    let by_flags = seeded_then_later();
    let by_file = seeded_then_later();
    let flags_said = by_flags.ok([
        "round",
        "edit",
        GENEVA,
        "--title",
        "Geneva talks (day one)",
        "--end-date",
        "2025-11-24",
        "--level",
        "ministers",
        "--clear",
        "tone",
    ]);
    by_file.write(
        "edit.toml",
        &format!(
            "[process]\nslug = \"ukraine-peace\"\n\n[[round]]\nslug = \"{GENEVA}\"\n\
             title = \"Geneva talks (day one)\"\nend_date = \"2025-11-24\"\nlevel = \"ministers\"\n\
             clear = [\"tone\"]\n"
        ),
    );
    let file_said = by_file.ok(["import", "edit.toml"]);
    assert_eq!(
        flags_said, file_said,
        "the same changes, shown the same way"
    );
    assert!(
        flags_said.starts_with(&format!(
            "round {GENEVA}: title \"U.S.–Ukraine talks in Geneva\" → \"Geneva talks (day one)\"; \
             end_date (none) → 2025-11-24; level (none) → ministers; tone \"Described"
        )),
        "{flags_said}"
    );
    assert!(flags_said.ends_with("wrote: 1 round\n"), "{flags_said}");
    assert_eq!(round_row(&by_flags), round_row(&by_file));
    let history = "SELECT * FROM round_history";
    assert_eq!(by_flags.query(history), by_file.query(history));
    assert_eq!(by_flags.count("round_history"), 1);

    // Nothing new: nothing to change, nothing written.
    let before = by_flags.dump();
    assert_eq!(
        by_flags.ok(["round", "edit", "latest", "--level", "ministers"]),
        format!("round {GENEVA}: nothing to change\n")
    );
    assert_eq!(by_flags.dump(), before);
}

#[test]
fn round_edit_changes_participants_roles_and_notes_and_withdraws_one_keeping_history() {
    let env = seeded_then_later();
    let said = env.ok([
        "round",
        "edit",
        "latest",
        "--party",
        "Ukraine:host",
        "--party",
        "US::led by Marco Rubio",
        "--remove-party",
        "Russia",
    ]);
    assert_eq!(
        said,
        format!(
            "round {GENEVA}, participant ukraine: role delegation → host\n\
             round {GENEVA}, participant us: note (none) → \"led by Marco Rubio\"\n\
             round {GENEVA}, participant russia: withdrawn (was absent)\n\
             wrote: 2 participants, 1 participant withdrawn\n"
        )
    );
    let participants = "SELECT p.slug, rp.role, rp.note FROM round_party rp JOIN party p USING (party_id) ORDER BY p.slug";
    let rows = env.query(participants);
    assert!(!rows.iter().any(|r| r[0] == "russia"), "{rows:?}");
    assert!(rows.contains(&vec![
        "us".into(),
        "delegation".into(),
        "led by Marco Rubio".into()
    ]));
    assert!(rows.contains(&vec!["ukraine".into(), "host".into(), "NULL".into()]));
    assert_eq!(
        env.query(
            "SELECT p.slug, h.role, h.withdrawn, h.recorded_at, h.replaced_at
             FROM round_party_history h JOIN party p USING (party_id) ORDER BY h.round_party_history_id"
        ),
        [
            ["ukraine", "delegation", "0", SEEDED_AT, LATER_COLUMN],
            ["us", "delegation", "0", SEEDED_AT, LATER_COLUMN],
            ["russia", "absent", "1", SEEDED_AT, LATER_COLUMN],
        ]
    );
    // A role alone keeps the note held.
    env.ok(["round", "edit", "latest", "--party", "US:mediator"]);
    assert_eq!(
        env.query(
            "SELECT role, note FROM round_party JOIN party USING (party_id) WHERE slug = 'us'"
        ),
        [["mediator", "led by Marco Rubio"]]
    );
    // A note alone keeps the role held.
    env.ok([
        "round",
        "edit",
        "latest",
        "--party",
        "Ukraine::led by Rustem Umerov",
    ]);
    assert_eq!(
        env.query(
            "SELECT role, note FROM round_party JOIN party USING (party_id) WHERE slug = 'ukraine'"
        ),
        [["host", "led by Rustem Umerov"]]
    );
    // Withdrawn, the party may take part again.
    env.ok(["round", "edit", "latest", "--party", "Russia:absent"]);
    assert!(env.ok(["check"]).starts_with("ok"));
}

#[test]
fn a_round_edit_with_a_bad_value_fails_naming_the_flag_and_writes_nothing() {
    let env = seeded_then_later();
    let before = env.dump();
    let cases: [(&[&str], &str); 7] = [
        (&["--end-date", "2025-11-01"], "--end-date"),
        (&["--clear", "date"], "--clear"),
        (&["--format", "bilaterl"], "--format"),
        (
            &["--remove-party", "Europe", "--party", "Europe"],
            "--remove-party",
        ),
        (&["--remove-party", "Türkiye"], "--remove-party"),
        (&["--party", "Atlantis"], "--party"),
        (&[], "EDIT"),
    ];
    for (flags, flag) in cases {
        let mut args = vec!["round", "edit", GENEVA];
        args.extend(flags);
        let err = env.fails(&args);
        assert!(err.contains(flag), "{args:?} should name {flag}: {err}");
    }
    let err = env.fails(["round", "edit", "genva", "--title", "X"]);
    assert!(err.contains("ROUND"), "{err}");
    assert_eq!(env.dump(), before, "nothing was written");
}

/// An edit, then an import naming the round again with other fields: the import's
/// partial update changes only its own fields, so the edit is neither reverted nor
/// lost, and round_history holds both earlier versions.
#[test]
fn an_import_naming_an_edited_round_again_keeps_the_edit() {
    let mut env = seeded_then_later();
    env.ok(["round", "edit", GENEVA, "--title", "Geneva talks (edited)"]);
    env.now = "2025-12-02T10:00:00Z".into();
    env.write(
        "later.toml",
        &format!(
            "[process]\nslug = \"ukraine-peace\"\n\n[[round]]\nslug = \"{GENEVA}\"\n\
             location = \"Geneva, Switzerland\"\n\n[[round.note]]\nkind = \"context\"\nbody = \"A later note.\"\n"
        ),
    );
    let said = env.ok(["import", "later.toml"]);
    assert!(
        said.starts_with(&format!(
            "round {GENEVA}: location \"Geneva\" → \"Geneva, Switzerland\"\n"
        )),
        "{said}"
    );
    assert_eq!(
        env.query(&format!(
            "SELECT title, location FROM round WHERE slug = '{GENEVA}'"
        )),
        [["Geneva talks (edited)", "Geneva, Switzerland"]]
    );
    assert_eq!(
        env.query(
            "SELECT title, location, replaced_at FROM round_history ORDER BY round_history_id"
        ),
        [
            ["U.S.–Ukraine talks in Geneva", "Geneva", LATER_COLUMN],
            [
                "Geneva talks (edited)",
                "Geneva",
                "2025-12-02T10:00:00.000Z"
            ]
        ]
    );
}

/// The history is kept by triggers, so another client's writes are recorded as
/// Parley's are: an UPDATE keeps the old version, a DELETE of an alias or a
/// participant keeps the row.
#[test]
fn another_clients_updates_and_removals_land_in_history_too() {
    let env = seeded_then_later();
    env.other_client(
        "UPDATE source SET title = 'Edited in sqlite3', recorded_at = '2025-12-03T00:00:00.000Z'
             WHERE slug = 'sky-2025-11-23';
         UPDATE party SET short_code = 'RF' WHERE slug = 'russia';
         UPDATE agenda_item SET description = 'By hand' WHERE slug = 'winterization';
         UPDATE round_party SET role = 'observer' WHERE role = 'stakeholder' AND note LIKE 'International%';
         DELETE FROM party_alias WHERE alias = 'Moscow';
         DELETE FROM round_party WHERE role = 'absent';",
    )
    .expect("another client edits");
    assert_eq!(
        env.query("SELECT title, recorded_at, replaced_at FROM source_history"),
        [[
            "US hails 'tremendous progress' … but says negotiators 'need more time'",
            SEEDED_AT,
            "2025-12-03T00:00:00.000Z"
        ]]
    );
    assert_eq!(env.query("SELECT short_code FROM party_history"), [["RU"]]);
    assert_eq!(
        env.query("SELECT title, description FROM agenda_item_history"),
        [[
            "Winterization support",
            "Winterization support for vulnerable communities."
        ]]
    );
    assert_eq!(
        env.query(
            "SELECT role, withdrawn FROM round_party_history ORDER BY round_party_history_id"
        ),
        [["stakeholder", "0"], ["absent", "1"]]
    );
    assert_eq!(
        env.query("SELECT alias, recorded_at FROM party_alias_history"),
        [["Moscow", SEEDED_AT]]
    );
    // History rows themselves never change.
    let err = env
        .other_client("UPDATE source_history SET title = 'rewritten'")
        .unwrap_err();
    assert_eq!(
        err,
        "source_history is append-only: rows are never changed or deleted"
    );
    assert!(env.ok(["check"]).starts_with("ok"));
}

#[test]
fn every_edit_command_documents_itself_with_an_example() {
    let env = TestEnv::new();
    for command in ["round", "source", "party", "item"] {
        let help = env.ok([command, "edit", "--help"]);
        assert!(
            help.contains(&format!("Example: parley {command} edit")),
            "{help}"
        );
    }
    let help = env.ok(["party", "edit", "--help"]);
    assert!(help.contains("old name as an alias"), "{help}");
}

/// `report --as-of` before an edit shows the item, party and source as they read then;
/// without it, as they read now. Before the history tables the report read only the
/// rows as they are, so the first half fails on that code.
#[test]
fn a_report_as_of_before_an_edit_shows_the_records_as_they_read_then() {
    let env = seeded_then_later();
    env.ok([
        "item",
        "edit",
        "security-guarantees",
        "--title",
        "Guarantees",
    ]);
    env.ok(["party", "edit", "ukraine", "--name", "Ukraine (government)"]);
    env.ok([
        "source",
        "edit",
        "ap-2025-11-23",
        "--outlet",
        "Associated Press",
    ]);
    let shown = |report: &serde_json::Value| {
        let item = report["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["item"] == "security-guarantees")
            .unwrap()
            .clone();
        let party = item["stances"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["party"] == "ukraine")
            .unwrap()["party_name"]
            .clone();
        let outlet = item["sources"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["source"] == "ap-2025-11-23")
            .unwrap()["outlet"]
            .clone();
        (item["title"].clone(), party, outlet)
    };
    let then = env.json([
        "report",
        "--format",
        "json",
        "--as-of",
        "2025-11-30T00:00:00Z",
    ]);
    assert_eq!(
        shown(&then),
        (
            "Security guarantees".into(),
            "Ukraine".into(),
            "AP News".into()
        )
    );
    let now = env.json(["report", "--format", "json"]);
    assert_eq!(
        shown(&now),
        (
            "Guarantees".into(),
            "Ukraine (government)".into(),
            "Associated Press".into()
        )
    );
}

/// Another client adds an alias and removes it, twice: both removals are kept, each
/// under its own id. Before migrations/20251219000000_ids_never_reused.sql SQLite gave
/// the second alias the first one's id (the last row's, once deleted), and the history
/// named both under one id (before 20251214's trigger compared whole rows, it kept only
/// the first).
#[test]
fn aliases_removed_in_turn_are_kept_each_under_its_own_id() {
    let env = seeded_then_later();
    env.other_client(
        "INSERT INTO party_alias (party_id, alias, recorded_at) SELECT party_id, 'First', '2025-12-01T00:00:00.000Z' FROM party WHERE slug = 'us';
         DELETE FROM party_alias WHERE alias = 'First';
         INSERT INTO party_alias (party_id, alias, recorded_at) SELECT party_id, 'Second', '2025-12-02T00:00:00.000Z' FROM party WHERE slug = 'us';
         DELETE FROM party_alias WHERE alias = 'Second';",
    )
    .expect("another client adds and removes aliases");
    let rows = env.query(
        "SELECT alias, (SELECT count(DISTINCT party_alias_id) FROM party_alias_history)
         FROM party_alias_history ORDER BY party_alias_history_id",
    );
    assert_eq!(
        rows,
        [["First", "2"], ["Second", "2"]],
        "two removals kept, under two ids"
    );
}

/// An import that changes an item's title and its parent at once writes one new
/// version: one UPDATE, one `agenda_item_history` row (the item as it was). Before,
/// the title and the parent were two UPDATEs, and the item had two versions for one
/// write (the middle one never existed as anyone logged it).
#[test]
fn an_import_changing_an_items_title_and_parent_writes_one_version() {
    let mut env = TestEnv::seeded();
    env.now = "2025-12-05T09:00:00Z".into();
    env.write(
        "items.toml",
        r#"[process]
slug = "ukraine-peace"

[[item]]
slug = "medical-deliveries"
parent = "humanitarian-corridors"
title = "Medical and aid deliveries"
"#,
    );
    let said = env.ok(["import", "items.toml"]);
    assert!(said.contains("1 agenda item"), "{said}");
    assert_eq!(
        env.query(
            "SELECT h.title, p.slug FROM agenda_item_history h
             JOIN agenda_item p ON p.agenda_item_id = h.parent_agenda_item_id"
        ),
        [["Medical deliveries", "humanitarian-coordination"]]
    );
    assert_eq!(
        env.query(
            "SELECT i.title, p.slug FROM agenda_item i
             JOIN agenda_item p ON p.agenda_item_id = i.parent_agenda_item_id
             WHERE i.slug = 'medical-deliveries'"
        ),
        [["Medical and aid deliveries", "humanitarian-corridors"]]
    );
}
