//! The commands that log a claim by flags: `quote add`, `note add`, `commitment add`,
//! `commitment fate`, and participants' roles and notes on `round add`. Each writes
//! exactly what a round file would (compared row by row with an import of the file
//! that says the same), with the same checks, names and citations.

mod common;

use common::{TestEnv, assert_same_lines};

/// What a database holds, but for the write log, whose `command` names the writer.
fn content(env: &TestEnv) -> Vec<String> {
    let mut in_log = false;
    env.content()
        .into_iter()
        .filter(|line| {
            if let Some(table) = line.strip_prefix("## ") {
                in_log = table == "write_log";
            }
            !in_log
        })
        .collect()
}

/// Runs `args` on one seeded database and imports `file` into another: both must
/// then hold the same rows. Returns the command's output and its database.
fn same_as_round_file(args: &[&str], file: &str) -> (String, TestEnv) {
    let flags = TestEnv::seeded();
    let said = flags.ok(args);
    let imported = TestEnv::seeded();
    imported.write("same.toml", file);
    imported.ok(["import", "same.toml"]);
    assert_same_lines(&content(&flags), &content(&imported));
    (said, flags)
}

/// The Geneva round named by slug, with the sources it holds: what a file's claims
/// that name none cite.
const GENEVA: &str = r#"[process]
slug = "ukraine-peace"

[[round]]
slug = "geneva-2025-11-23"
sources = ["reuters-2025-11-23", "ap-2025-11-23", "sky-2025-11-23", "cgtn-2025-11-23",
           "kyiv-post-2025-11-23", "new-indian-express-2025-11-23"]
"#;

#[test]
fn quote_add_writes_what_a_round_file_would_and_cites_the_rounds_sources() {
    let (said, env) = same_as_round_file(
        &[
            "quote",
            "add",
            "We are not there yet.",
            "--speaker-description",
            "a Ukrainian negotiator",
            "--party",
            "Kyiv",
            "--item",
            "Territorial questions",
            "--round",
            "1",
        ],
        &format!(
            "{GENEVA}\n[[round.quote]]\nspeaker_description = \"a Ukrainian negotiator\"\nparty = \"ukraine\"\nitem = \"territorial-questions\"\ntext = \"We are not there yet.\"\n"
        ),
    );
    assert_eq!(
        said,
        "added a quote at round 1 (geneva-2025-11-23, 23 Nov 2025): “We are not there yet.” — \
         a Ukrainian negotiator (ukraine); citing the round's 6 sources\n"
    );
    // Without --source, it cites the round's sources, as a round file's quote does.
    let cited = env.query(
        "SELECT count(*) FROM citation c JOIN quote q ON q.quote_id = c.quote_id
         WHERE q.text = 'We are not there yet.'",
    );
    assert_eq!(cited, [["6"]]);
}

#[test]
fn quote_add_with_a_source_cites_it_alone() {
    let (said, _) = same_as_round_file(
        &[
            "quote",
            "add",
            "Productive.",
            "--speaker-name",
            "Marco Rubio",
            "--party",
            "US",
            "--source",
            "reuters-2025-11-23:2",
        ],
        &format!(
            "{GENEVA}\n[[round.quote]]\nspeaker_name = \"Marco Rubio\"\nparty = \"us\"\ntext = \"Productive.\"\nsources = [{{ source = \"reuters-2025-11-23\", credibility = 2 }}]\n"
        ),
    );
    assert!(
        said.ends_with("— Marco Rubio (us); citing reuters-2025-11-23\n"),
        "{said}"
    );
}

#[test]
fn a_repeated_quote_writes_nothing() {
    let env = TestEnv::seeded();
    let args = [
        "quote",
        "add",
        "Productive.",
        "--speaker-name",
        "Marco Rubio",
    ];
    env.ok(args);
    let before = env.dump();
    let said = env.ok(args);
    assert_eq!(
        said,
        "unchanged: round 1 (geneva-2025-11-23, 23 Nov 2025) already has this quote from Marco Rubio; \
         nothing was written\n"
    );
    assert_eq!(env.dump(), before);
    // The seed's own quote, given again by flags, is the same quote.
    let said = env.ok([
        "quote",
        "add",
        "serious and technically productive",
        "--speaker-description",
        "diplomats from both sides",
    ]);
    assert!(
        said.starts_with("added"),
        "a different speaker is another quote: {said}"
    );
}

#[test]
fn a_quote_needs_a_speaker() {
    let env = TestEnv::seeded();
    let err = env.fails(["quote", "add", "Words."]);
    assert!(err.contains("--speaker"), "{err}");
}

#[test]
fn note_add_writes_what_a_round_file_would_and_once() {
    let args = [
        "note",
        "add",
        "caution",
        "Nothing is agreed until everything is agreed.",
        "--round",
        "geneva-2025-11-23",
    ];
    let (said, env) = same_as_round_file(
        &args,
        &format!(
            "{GENEVA}\n[[round.note]]\nkind = \"caution\"\nbody = \"Nothing is agreed until everything is agreed.\"\n"
        ),
    );
    assert!(
        said.starts_with("added a caution note at round 1 (geneva-2025-11-23, 23 Nov 2025)"),
        "{said}"
    );
    let before = env.dump();
    let again = env.ok(args);
    assert!(again.starts_with("unchanged:"), "{again}");
    assert_eq!(env.dump(), before);
    let err = env.fails(["note", "add", "cuation", "Text."]);
    assert!(err.contains("did you mean 'caution'"), "{err}");
}

#[test]
fn commitment_add_writes_what_a_round_file_would() {
    let (said, env) = same_as_round_file(
        &[
            "commitment",
            "add",
            "Exchange lists of prisoners within a week.",
            "--kind",
            "agreement-in-principle",
            "--item",
            "prisoner-exchanges",
            "--party",
            "US",
            "--party",
            "Ukraine",
            "--due",
            "2025-12",
            "--slug",
            "exchange-lists",
        ],
        &format!(
            "{GENEVA}\n[[round.commitment]]\nslug = \"exchange-lists\"\nitem = \"prisoner-exchanges\"\nkind = \"agreement_in_principle\"\ndescription = \"Exchange lists of prisoners within a week.\"\ndue = \"2025-12\"\nparties = [\"us\", \"ukraine\"]\n"
        ),
    );
    assert_eq!(
        said,
        "added commitment exchange-lists at round 1 (geneva-2025-11-23, 23 Nov 2025): agreement in \
         principle, binding us, ukraine, due 2025-12; citing the round's 6 sources\n"
    );
    // A commitment the round holds is refused, and nothing is written.
    let before = env.dump();
    let err = env.fails([
        "commitment",
        "add",
        "Something else.",
        "--kind",
        "statement",
        "--slug",
        "exchange-lists",
    ]);
    assert!(
        err.contains("commitment 'exchange-lists' already exists"),
        "{err}"
    );
    assert!(err.contains("parley commitment fate"), "{err}");
    assert_eq!(env.dump(), before);
}

#[test]
fn commitment_add_makes_a_short_slug_and_records_a_first_fate_that_says_more_than_open() {
    let env = TestEnv::seeded();
    let said = env.ok([
        "commitment",
        "add",
        "A joint working group on the return of deported children to Ukraine",
        "--kind",
        "mechanism",
        "--fate",
        "open",
    ]);
    assert!(
        said.starts_with("added commitment a-joint-working-group-on-the-return-of at"),
        "{said}"
    );
    assert_eq!(
        env.count("commitment_fate"),
        0,
        "an open first fate says nothing new"
    );
    env.ok([
        "commitment",
        "add",
        "Another",
        "--kind",
        "statement",
        "--fate",
        "broken",
        "--fate-note",
        "Denied the next day.",
    ]);
    assert_eq!(
        env.query("SELECT fate, note FROM commitment_fate"),
        [["broken", "Denied the next day."]]
    );
}

#[test]
fn commitment_fate_writes_what_a_round_file_would_and_keeps_the_history() {
    let (said, env) = same_as_round_file(
        &[
            "commitment",
            "fate",
            "humanitarian-mechanism",
            "partly-fulfilled",
            "--note",
            "Some convoys only.",
            "--source",
            "ap-2025-11-23:2",
        ],
        &format!(
            "{GENEVA}\n[[round.commitment]]\nslug = \"humanitarian-mechanism\"\nitem = \"humanitarian-coordination\"\nkind = \"mechanism\"\ndescription = \"A preliminary mechanism to expand humanitarian assistance, giving aid organisations greater access to conflict-affected regions.\"\nparties = [\"us\", \"ukraine\"]\nfate = \"partly_fulfilled\"\nfate_note = \"Some convoys only.\"\nsources = [{{ source = \"ap-2025-11-23\", credibility = 2 }}]\n"
        ),
    );
    assert_eq!(
        said,
        "recorded commitment humanitarian-mechanism of round 1 (geneva-2025-11-23, 23 Nov 2025): now \
         partly_fulfilled, was open; 1 citation added\n"
    );
    let before = env.dump();
    let again = env.ok([
        "commitment",
        "fate",
        "humanitarian-mechanism",
        "partly_fulfilled",
    ]);
    assert!(again.starts_with("unchanged:"), "{again}");
    assert_eq!(env.dump(), before);
    env.ok(["commitment", "fate", "humanitarian-mechanism", "fulfilled"]);
    assert_eq!(
        env.query("SELECT fate FROM commitment_fate ORDER BY commitment_fate_id"),
        [["partly_fulfilled"], ["fulfilled"]]
    );
}

#[test]
fn commitment_fate_finds_the_commitment_by_slug_or_asks_for_its_round() {
    let env = TestEnv::seeded();
    let err = env.fails(["commitment", "fate", "humanitarian-mechanisms", "fulfilled"]);
    assert!(
        err.contains("did you mean 'humanitarian-mechanism'"),
        "{err}"
    );
    env.ok([
        "round",
        "add",
        "--title",
        "Follow-up",
        "--date",
        "2025-12-02",
        "--slug",
        "follow-up",
    ]);
    env.ok([
        "commitment",
        "add",
        "Again",
        "--kind",
        "mechanism",
        "--slug",
        "humanitarian-mechanism",
        "--round",
        "follow-up",
    ]);
    let err = env.fails(["commitment", "fate", "humanitarian-mechanism", "fulfilled"]);
    assert!(err.contains("--round"), "{err}");
    assert!(
        err.contains("geneva-2025-11-23") && err.contains("follow-up"),
        "{err}"
    );
    let said = env.ok([
        "commitment",
        "fate",
        "humanitarian-mechanism",
        "fulfilled",
        "--round",
        "follow-up",
    ]);
    assert!(
        said.contains("of round 2 (follow-up, 2 Dec 2025): now fulfilled"),
        "{said}"
    );
    let err = env.fails([
        "commitment",
        "fate",
        "continuous-channels",
        "fulfilled",
        "--round",
        "follow-up",
    ]);
    assert!(
        err.contains("has no commitment 'continuous-channels'"),
        "{err}"
    );
}

#[test]
fn round_add_records_each_participants_role_and_note() {
    let env = TestEnv::seeded();
    env.ok(["party", "add", "Turkey", "--short", "TR"]);
    let said = env.ok([
        "round",
        "add",
        "--title",
        "Follow-up talks",
        "--date",
        "2025-12-02",
        "--location",
        "Istanbul",
        "--party",
        "US:delegation:led by Marco Rubio: the Secretary of State",
        "--party",
        "Kyiv::led by Rustem Umerov",
        "--party",
        "TR:host",
    ]);
    assert!(said.starts_with("added round 2"), "{said}");
    assert_eq!(
        env.query(
            "SELECT p.slug, rp.role, coalesce(rp.note, '-') FROM round_party rp JOIN party p USING (party_id)
             JOIN round r USING (round_id) WHERE r.slug = 'istanbul-2025-12-02' ORDER BY p.slug"
        ),
        [
            ["turkey", "host", "-"],
            ["ukraine", "delegation", "led by Rustem Umerov"],
            ["us", "delegation", "led by Marco Rubio: the Secretary of State"],
        ]
    );
    let err = env.fails([
        "round",
        "add",
        "--title",
        "Other",
        "--date",
        "2025-12-03",
        "--party",
        "US:leader",
    ]);
    assert!(
        err.contains("--party") && err.contains("delegation"),
        "{err}"
    );
}

/// A status logged by flags without --source at a round that has no status of its
/// item cites the round's sources, as a round file's status does; a correction keeps
/// those of the record it corrects.
#[test]
fn status_set_without_sources_cites_the_rounds() {
    let env = TestEnv::seeded();
    env.ok([
        "status",
        "set",
        "medical-deliveries",
        "--status",
        "discussed",
    ]);
    let cited = |item: &str| {
        env.query(&format!(
            "SELECT count(*) FROM citation c JOIN status_record sr USING (status_record_id)
             JOIN agenda_item i USING (agenda_item_id)
             WHERE i.slug = '{item}' AND NOT EXISTS (SELECT 1 FROM status_record n
                   WHERE n.supersedes_status_record_id = sr.status_record_id)"
        ))[0][0]
            .clone()
    };
    assert_eq!(cited("medical-deliveries"), "6");
    env.ok([
        "status",
        "set",
        "medical-deliveries",
        "--status",
        "progressing",
        "--source",
        "ap-2025-11-23",
    ]);
    assert_eq!(cited("medical-deliveries"), "1");
    env.ok(["status", "set", "medical-deliveries", "--status", "agreed"]);
    assert_eq!(
        cited("medical-deliveries"),
        "1",
        "a correction keeps the sources in force"
    );
}

#[test]
fn every_claim_command_shows_an_example() {
    let env = TestEnv::new();
    for command in [
        ["quote", "add"],
        ["note", "add"],
        ["commitment", "add"],
        ["commitment", "fate"],
        ["round", "add"],
    ] {
        let help = env.ok([command[0], command[1], "--help"]);
        assert!(help.contains("Example: parley"), "{command:?}: {help}");
    }
}
