//! Importing and exporting round files: all or nothing, errors at their place,
//! idempotence, corrections, and the round trip.

mod common;

use common::TestEnv;

const FOLLOW_UP: &str = r#"
[process]
slug = "ukraine-peace"

[[source]]
slug = "ap-2025-12-02"
outlet = "AP News"
published = "2025-12-02"
reliability = "B"

[[round]]
slug = "istanbul-2025-12-02"
title = "Follow-up talks in Istanbul"
date = "2025-12-02"
state = "held"
sources = ["ap-2025-12-02"]

[[round.participant]]
party = "US"
role = "delegation"

[[round.participant]]
party = "Kyiv"
role = "delegation"

[[round.status]]
item = "prisoner-exchanges"
status = "discussed"
note = "Taken up by both delegations."

[[round.status]]
item = "Dialogue channels"
status = "stalled"

[[round]]
slug = "berlin-2026-01"
title = "Next round"
date = "2026-01"
state = "scheduled"
"#;

#[test]
fn a_file_with_several_rounds_imports_and_moves_items() {
    let env = TestEnv::seeded();
    let file = env.write("follow-up.toml", FOLLOW_UP);
    let out = env.ok(["import".as_ref(), file.as_os_str()]);
    assert!(
        out.contains("2 rounds") && out.contains("2 statuses"),
        "{out}"
    );
    let moved = env.query(
        "SELECT item, movement FROM movement WHERE round = 'istanbul-2025-12-02' ORDER BY item",
    );
    assert_eq!(
        moved,
        [
            ["dialogue-channels", "regressed"],
            ["prisoner-exchanges", "advanced"]
        ]
    );
    let report = env.json(["report", "--format", "json"]);
    assert_eq!(report["next_round"]["round"], "berlin-2026-01");
    assert_eq!(report["latest_round"], "istanbul-2025-12-02");
}

#[test]
fn importing_the_same_file_twice_changes_nothing() {
    let env = TestEnv::seeded();
    let file = env.write("follow-up.toml", FOLLOW_UP);
    env.ok(["import".as_ref(), file.as_os_str()]);
    let before = env.dump();
    let out = env.ok(["import".as_ref(), file.as_os_str()]);
    assert!(out.contains("nothing changed"), "{out}");
    assert_eq!(env.dump(), before);
}

#[test]
fn a_changed_file_is_applied_as_corrections() {
    let mut env = TestEnv::seeded();
    let file = env.write("follow-up.toml", FOLLOW_UP);
    env.ok(["import".as_ref(), file.as_os_str()]);
    env.now = "2025-12-06T12:00:00Z".into();
    env.write(
        "follow-up.toml",
        &FOLLOW_UP.replace("status = \"stalled\"", "status = \"agreed\""),
    );
    let out = env.ok(["import".as_ref(), file.as_os_str()]);
    assert!(out.contains("1 status correction"), "{out}");
    let records = env.query(
        "SELECT sr.status FROM status_record sr JOIN agenda_item i USING (agenda_item_id)
         JOIN round r USING (round_id) WHERE i.slug = 'dialogue-channels' AND r.slug = 'istanbul-2025-12-02'
         ORDER BY sr.status_record_id",
    );
    assert_eq!(records, [["stalled"], ["agreed"]]);
}

#[test]
fn dry_run_reports_and_writes_nothing() {
    let env = TestEnv::seeded();
    let before = env.dump();
    let file = env.write("follow-up.toml", FOLLOW_UP);
    let out = env.ok(["import".as_ref(), file.as_os_str(), "--dry-run".as_ref()]);
    assert!(out.starts_with("would write"), "{out}");
    assert_eq!(env.dump(), before);
}

#[test]
fn a_file_whose_last_record_is_invalid_leaves_the_database_untouched() {
    let env = TestEnv::seeded();
    let before = env.dump();
    let bad = format!(
        "{FOLLOW_UP}\n[[round.status]]\nitem = \"prisoner-exchanges\"\nstatus = \"agred\"\n"
    );
    let file = env.write("bad.toml", &bad);
    let err = env.fails(["import".as_ref(), file.as_os_str()]);
    let last_line = bad.lines().count();
    assert!(
        err.contains(&format!(
            "bad.toml:{last_line}:10: round[2].status[1].status: unknown status 'agred'"
        )),
        "{err}"
    );
    assert!(err.contains("did you mean 'agreed'?"), "{err}");
    assert_eq!(env.dump(), before);
}

#[test]
fn all_files_of_one_import_or_none() {
    let env = TestEnv::seeded();
    let before = env.dump();
    let good = env.write("good.toml", FOLLOW_UP);
    let bad = env.write("bad.toml", "[process]\nslug = \"ukraine-peace\"\n\n[[round]]\nslug = \"x\"\ntitle = \"X\"\nstate = \"held\"\n");
    let err = env.fails(["import".as_ref(), good.as_os_str(), bad.as_os_str()]);
    assert!(
        err.contains("bad.toml") && err.contains("round[1].date"),
        "{err}"
    );
    assert_eq!(env.dump(), before);
}

#[test]
fn problems_are_reported_at_their_file_line_and_column() {
    let env = TestEnv::seeded();
    let cases = [
        (
            "[process]\nslug = \"ukraine-peace\"\nname = \n",
            "syntax.toml:3:",
        ),
        (
            "[process]\nslug = \"ukraine-peace\"\ncolour = \"red\"\n",
            "syntax.toml:3:1: process.colour: unknown field 'colour'; expected one of: slug, name, description",
        ),
        (
            "[process]\nslug = \"new-process\"\n",
            "process 'new-process' is new, so it needs a name",
        ),
        (
            "[process]\nslug = \"ukraine-peace\"\n[[round]]\nslug = \"r\"\ntitle = \"R\"\ndate = \"2025-12-02\"\nend_date = \"2025-12-01\"\nstate = \"held\"\n",
            "ends (2025-12-01) before it starts (2025-12-02)",
        ),
        (
            "[process]\nslug = \"ukraine-peace\"\n[[round]]\nslug = \"r\"\ntitle = \"R\"\ndate = \"2025-12-02\"\nstate = \"held\"\n[[round.status]]\nitem = \"prisoner-exchanges\"\nstatus = \"agreed\"\n[[round.status]]\nitem = \"Prisoner exchanges\"\nstatus = \"proposed\"\n",
            "has two statuses in this round",
        ),
        (
            "[process]\nslug = \"ukraine-peace\"\n[[item]]\nslug = \"a\"\ntitle = \"A\"\n[[item]]\nslug = \"a\"\ntitle = \"B\"\n",
            "item 'a' is declared twice",
        ),
        (
            "[process]\nslug = \"ukraine-peace\"\n[[round]]\nslug = \"r\"\ntitle = \"\"\ndate = \"2025-12-02\"\nstate = \"held\"\n",
            "round[1].title: is empty",
        ),
        (
            "[process]\nslug = \"ukraine-peace\"\n[[round]]\nslug = \"Geneva 2\"\ntitle = \"R\"\ndate = \"2025-12-02\"\nstate = \"held\"\n",
            "'Geneva 2' is not a slug",
        ),
        (
            "[process]\nslug = \"ukraine-peace\"\n[[round]]\nslug = \"r\"\ntitle = \"R\"\ndate = \"2025-12-02\"\nstate = \"held\"\n[[round.position]]\nparty = \"rusia\"\nitem = \"territorial-questions\"\nstance = \"rejects\"\n",
            "unknown party 'rusia'; did you mean 'russia'",
        ),
    ];
    let before = env.dump();
    for (text, expected) in cases {
        let file = env.write("syntax.toml", text);
        let err = env.fails(["import".as_ref(), file.as_os_str()]);
        assert!(err.contains(expected), "expected {expected:?} in:\n{err}");
        assert!(err.contains("syntax.toml:"), "{err}");
    }
    assert_eq!(env.dump(), before);
}

#[test]
fn export_then_import_into_an_empty_database_reproduces_the_timeline() {
    let mut env = TestEnv::seeded();
    let file = env.write("follow-up.toml", FOLLOW_UP);
    env.ok(["import".as_ref(), file.as_os_str()]);
    env.now = "2025-12-07T09:00:00Z".into();
    env.ok([
        "status",
        "set",
        "prisoner-exchanges",
        "--status",
        "progressing",
        "--source",
        "ap-2025-12-02:2",
    ]);
    env.ok([
        "position",
        "set",
        "us",
        "prisoner-exchanges",
        "--stance",
        "supports",
    ]);

    let exported = env.ok(["export"]);
    let copy = env.write("export.toml", &exported);
    let json = env.json(["export", "--format", "json"]);
    assert_eq!(json["round"].as_array().unwrap().len(), 3);

    let other = TestEnv::empty();
    other.ok(["import".as_ref(), copy.as_os_str()]);
    let timeline = "SELECT process, item, round, round_number, round_date, status, note, confidence FROM status_timeline ORDER BY item, round_number";
    assert_eq!(other.query(timeline), env.query(timeline));
    let stances = "SELECT pa.slug, i.slug, r.slug, p.stance, p.note FROM position p JOIN party pa USING (party_id)
                   JOIN agenda_item i USING (agenda_item_id) JOIN round r ON r.round_id = p.round_id
                   WHERE NOT EXISTS (SELECT 1 FROM position n WHERE n.supersedes_position_id = p.position_id)
                   ORDER BY 1, 2, 3";
    assert_eq!(other.query(stances), env.query(stances));
    let citations = "SELECT count(*) FROM citation c WHERE c.status_record_id IN (SELECT status_record_id FROM status_timeline)";
    assert_eq!(other.query(citations), env.query(citations));
    for table in [
        "round_party",
        "commitment",
        "quote",
        "round_note",
        "party_alias",
        "source",
        "agenda_item",
    ] {
        assert_eq!(other.count(table), env.count(table), "{table}");
    }

    // Exporting one round names it.
    let one = env.ok(["export", "latest"]);
    assert!(
        one.contains("istanbul-2025-12-02") && !one.contains("slug = \"geneva-2025-11-23\""),
        "{one}"
    );
}

#[test]
fn the_example_in_the_round_file_documentation_imports() {
    let env = TestEnv::seeded();
    let doc = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/round-file.md"))
        .unwrap();
    let example = doc
        .rsplit("```toml")
        .next()
        .and_then(|rest| rest.split("```").next())
        .expect("a TOML example at the end of docs/round-file.md");
    let file = env.write("example.toml", example);
    env.ok(["import".as_ref(), file.as_os_str()]);
    assert_eq!(env.count("round"), 2);
}

#[test]
fn the_shipped_seed_is_a_valid_round_file() {
    let env = TestEnv::empty();
    let seed = concat!(env!("CARGO_MANIFEST_DIR"), "/seeds/geneva-2025-11-23.toml");
    env.ok(["import", seed]);
    assert_eq!(env.count("status_record"), 10);
}

#[test]
fn six_parallel_writers_all_succeed() {
    let env = TestEnv::seeded();
    let children: Vec<_> = (0..6)
        .map(|i| {
            env.std_cmd()
                .args([
                    "round",
                    "add",
                    "--title",
                    &format!("Parallel round {i}"),
                    "--date",
                    &format!("2025-12-{:02}", i + 1),
                    "--party",
                    "us",
                    "--party",
                    "ukraine",
                ])
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .expect("spawn parley")
        })
        .collect();
    for child in children {
        let out = child.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    assert_eq!(env.count("round"), 7);
    assert_eq!(env.count("round_party"), 5 + 12);
}

/// A commitment's fate is a history: a new commitment records one only when the file
/// says more than "open"; a later change of fate or evidence is appended.
#[test]
fn commitment_fates_start_with_a_new_commitment_and_changes_are_appended() {
    let env = TestEnv::seeded();
    let round = |fate_a: &str, fate_b: &str| {
        format!(
            r#"
[process]
slug = "ukraine-peace"

[[round]]
slug = "istanbul-2025-12-02"
title = "Follow-up talks in Istanbul"
date = "2025-12-02"
state = "held"
sources = ["reuters-2025-11-23"]

[[round.commitment]]
slug = "lists"
item = "prisoner-exchanges"
kind = "agreement"
description = "Exchange lists of prisoners."
parties = ["us", "ukraine"]
{fate_a}

[[round.commitment]]
slug = "quiet"
kind = "follow_up"
description = "Keep the talks out of the press."
parties = ["ukraine"]
{fate_b}

[[round.commitment]]
slug = "unassessed"
kind = "follow_up"
description = "Meet again."
"#
        )
    };
    let fates = "SELECT c.slug, f.fate, COALESCE(f.note, '-') FROM commitment_fate f
                 JOIN commitment c USING (commitment_id) ORDER BY f.commitment_fate_id";
    env.write(
        "a.toml",
        &round(
            "fate = \"fulfilled\"\nfate_note = \"Lists were swapped.\"",
            "fate = \"open\"",
        ),
    );
    let said = env.ok(["import", "a.toml"]);
    assert!(said.contains("3 commitments, 1 commitment fate"), "{said}");
    assert_eq!(
        env.query(fates),
        [["lists", "fulfilled", "Lists were swapped."]]
    );
    assert_eq!(
        env.query(
            "SELECT count(*) FROM commitment_party JOIN commitment USING (commitment_id)
             WHERE slug IN ('lists', 'quiet', 'unassessed')"
        ),
        [["3"]]
    );
    assert_eq!(
        env.query(
            "SELECT count(*) FROM citation JOIN commitment USING (commitment_id)
             WHERE slug IN ('lists', 'quiet', 'unassessed')"
        ),
        [["3"]]
    );
    // The same round again: the second commitment was broken, then the evidence grew.
    env.write(
        "b.toml",
        &round(
            "fate = \"fulfilled\"\nfate_note = \"Lists were swapped.\"",
            "fate = \"broken\"\nfate_note = \"Leaked within a day.\"",
        ),
    );
    let said = env.ok(["import", "b.toml"]);
    assert_eq!(said, "wrote: 1 commitment fate\n");
    assert_eq!(env.ok(["import", "b.toml"]), "wrote: nothing changed\n");
    assert_eq!(
        env.query(fates),
        [
            ["lists", "fulfilled", "Lists were swapped."],
            ["quiet", "broken", "Leaked within a day."]
        ]
    );
}

/// Declarations are upserts: what is unchanged writes nothing, a change is written
/// and counted once per record, and an item may name a parent declared after it.
#[test]
fn declarations_write_only_what_changed_and_count_each_record_once() {
    let env = TestEnv::seeded();
    let file = r#"
[process]
slug = "ukraine-peace"

[[party]]
slug = "us"
name = "United States"
short = "US"
kind = "state"
aliases = ["U.S.", "USA", "Washington", "America"]

[[party]]
slug = "ukraine"
name = "Ukraine"
short = "UA"
kind = "state"
aliases = ["Kyiv", "Україна"]

[[source]]
slug = "reuters-2025-11-23"
outlet = "Reuters (via Investing.com)"
title = "US, Ukraine say they have an 'updated and refined' peace framework …"
published = "2025-11-23"

[[source]]
slug = "kyiv-independent-2025-11-24"
outlet = "The Kyiv Independent"
reliability = "B"

[[item]]
slug = "medical-deliveries"
parent = "winter-aid"
title = "Medical deliveries"

[[item]]
slug = "winterization"
parent = "humanitarian-coordination"
title = "Winterization support for vulnerable communities"

[[item]]
slug = "winter-aid"
title = "Winter aid"
"#;
    env.write("declarations.toml", file);
    let said = env.ok(["import", "declarations.toml"]);
    // The new source's outlet, The Kyiv Independent, is a new outlet.
    assert_eq!(said, "wrote: 1 party, 1 outlet, 1 source, 3 agenda items\n");
    assert_eq!(
        env.query(
            "SELECT i.slug, i.title, COALESCE(p.slug, '-') FROM agenda_item i
             LEFT JOIN agenda_item p ON p.agenda_item_id = i.parent_agenda_item_id
             WHERE i.slug IN ('medical-deliveries', 'winterization', 'winter-aid') ORDER BY i.slug"
        ),
        [
            ["medical-deliveries", "Medical deliveries", "winter-aid"],
            ["winter-aid", "Winter aid", "-"],
            [
                "winterization",
                "Winterization support for vulnerable communities",
                "humanitarian-coordination"
            ],
        ]
    );
    assert_eq!(
        env.query(
            // (lower(): a server's alias column does not ignore case as a file's does.)
            "SELECT p.slug FROM party_alias a JOIN party p USING (party_id) WHERE lower(alias) = 'america'"
        ),
        [["us"]]
    );
    assert_eq!(
        env.ok(["import", "declarations.toml"]),
        "wrote: nothing changed\n"
    );
}
