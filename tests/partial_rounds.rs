//! A `[[round]]` naming a round the database holds updates only what it gives: the
//! slug is all it needs, `clear` empties optional fields, and the import (and its dry
//! run) lists each field it changes, old → new.
//!
//! Every test here but the last fails on a Parley whose round files needed a title
//! and a state for every round and wrote a round's details whole (blanking what a file
//! left out); the last checks that exported files still import as they did.

mod common;

use common::TestEnv;

const GENEVA: &str = "geneva-2025-11-23";

fn geneva(env: &TestEnv) -> Vec<Vec<String>> {
    env.query(&format!(
        "SELECT title, start_date, end_date, location, format, level, state, tone, summary, recorded_at
         FROM round WHERE slug = '{GENEVA}'"
    ))
}

fn round_file(body: &str) -> String {
    format!("[process]\nslug = \"ukraine-peace\"\n\n[[round]]\nslug = \"{GENEVA}\"\n{body}")
}

#[test]
fn a_file_naming_the_seed_round_with_only_a_quote_keeps_every_detail_of_the_round() {
    let env = TestEnv::seeded();
    let before = geneva(&env);
    env.write(
        "quote.toml",
        &round_file(
            "\n[[round.quote]]\nspeaker_description = \"a Ukrainian negotiator\"\n\
             text = \"We are not there yet.\"\nsources = [\"kyiv-post-2025-11-23\"]\n",
        ),
    );
    assert_eq!(
        env.ok(["import", "quote.toml"]),
        "wrote: 1 quote, 1 citation\n"
    );
    assert_eq!(geneva(&env), before, "the round's details are as they were");
    assert_eq!(env.count("round_history"), 0, "no new version of the round");
    assert_eq!(
        env.query("SELECT count(*) FROM quote WHERE text = 'We are not there yet.'"),
        [["1"]]
    );
    // The same file again writes nothing.
    assert_eq!(env.ok(["import", "quote.toml"]), "wrote: nothing changed\n");
}

#[test]
fn clearing_the_tone_clears_it_and_round_history_keeps_the_old_version() {
    let mut env = TestEnv::seeded();
    let before = geneva(&env);
    let tone = before[0][7].clone();
    assert!(tone.starts_with("Described by diplomats"), "{tone}");
    env.now = "2025-11-25T10:00:00Z".into();
    env.write("clear.toml", &round_file("clear = [\"tone\"]\n"));
    let said = env.ok(["import", "clear.toml"]);
    assert_eq!(
        said,
        format!(
            "round {GENEVA}: tone \"Described by diplomats from both sides as \\\"substantive\\\", \\\"f\"… → (cleared)\n\
             wrote: 1 round\n"
        )
    );
    let after = geneva(&env);
    assert_eq!(after[0][7], "NULL", "the tone is cleared");
    let mut expected = before[0].clone();
    expected[7] = "NULL".into();
    expected[9] = "2025-11-25T10:00:00.000Z".into();
    assert_eq!(after[0], expected, "every other detail is kept");
    assert_eq!(
        env.query("SELECT tone, recorded_at, replaced_at FROM round_history"),
        [[
            tone.as_str(),
            "2025-11-24T09:00:00.000Z",
            "2025-11-25T10:00:00.000Z"
        ]]
    );
    assert!(env.ok(["check"]).starts_with("ok"));
}

#[test]
fn the_dry_run_names_each_change_old_to_new_and_the_import_says_the_same() {
    let env = TestEnv::seeded();
    env.write(
        "edit.toml",
        &round_file(
            "title = \"Talks in Geneva\"\nlevel = \"senior_officials\"\nend_date = \"2025-11-24\"\n\
             state = \"held\"\nclear = [\"location\", \"format\"]\n",
        ),
    );
    let expected = format!(
        "round {GENEVA}: title \"U.S.–Ukraine talks in Geneva\" → \"Talks in Geneva\"; \
         end_date (none) → 2025-11-24; location \"Geneva\" → (cleared); format bilateral → (cleared); \
         level (none) → senior_officials\n"
    );
    let before = env.dump();
    let dry = env.ok(["import", "edit.toml", "--dry-run"]);
    assert_eq!(dry, format!("{expected}would write: 1 round\n"));
    assert_eq!(env.dump(), before, "a dry run writes nothing");
    let wet = env.ok(["import", "edit.toml"]);
    assert_eq!(wet, format!("{expected}wrote: 1 round\n"));
    assert_eq!(
        env.query(&format!(
            "SELECT title, end_date, location, format, level, state FROM round WHERE slug = '{GENEVA}'"
        )),
        [[
            "Talks in Geneva",
            "2025-11-24",
            "NULL",
            "NULL",
            "senior_officials",
            "held"
        ]]
    );
}

#[test]
fn a_partial_entry_for_a_round_that_does_not_exist_is_refused_at_its_line() {
    let env = TestEnv::seeded();
    env.write(
        "new.toml",
        "[process]\nslug = \"ukraine-peace\"\n\n[[round]]\nslug = \"geneva-2025-11-32\"\n\n\
         [[round.quote]]\nspeaker_description = \"a Ukrainian negotiator\"\ntext = \"Not yet.\"\n\n\
         [[round]]\nslug = \"istanbul-2025-12-02\"\ntitle = \"Istanbul\"\ndate = \"2025-12-02\"\n",
    );
    let before = env.dump();
    let err = env.fails(["import", "new.toml"]);
    assert!(
        err.contains(
            "new.toml:4:1: round[1].title: round 'geneva-2025-11-32' is new, so it needs a title and a state"
        ),
        "{err}"
    );
    assert!(
        err.contains(
            "new.toml:11:1: round[2].state: round 'istanbul-2025-12-02' is new, so it needs a state"
        ),
        "{err}"
    );
    assert_eq!(env.dump(), before);
}

#[test]
fn clear_names_only_optional_fields_each_at_its_place() {
    let env = TestEnv::seeded();
    env.write(
        "clear.toml",
        &round_file("location = \"Bern\"\nclear = [\"title\", \"colour\", \"location\", \"tone\", \"tone\"]\n"),
    );
    let before = env.dump();
    let err = env.fails(["import", "clear.toml"]);
    for expected in [
        "clear.toml:7:10: round[1].clear[1]: 'title' cannot be cleared",
        "clear.toml:7:19: round[1].clear[2]: 'colour' is not a field that can be cleared; expected one of: date, end_date, location, format, level, tone, summary",
        "clear.toml:7:29: round[1].clear[3]: 'location' is given a value and cleared; keep one",
        "clear.toml:7:49: round[1].clear[5]: 'tone' is named twice",
    ] {
        assert!(err.contains(expected), "expected {expected:?} in:\n{err}");
    }
    assert_eq!(env.dump(), before);
}

/// A file that gives some of a round's dates is checked, once the write lock is held,
/// against the dates the round holds: here an end before the held start.
#[test]
fn dates_given_in_part_are_checked_against_those_the_round_holds() {
    let env = TestEnv::seeded();
    env.write("end.toml", &round_file("end_date = \"2025-11-20\"\n"));
    let before = env.dump();
    let err = env.fails(["import", "end.toml"]);
    assert!(
        err.contains(&format!(
            "round '{GENEVA}': end_date: the round ends (2025-11-20) before it starts (2025-11-23)"
        )) && err.contains("nothing was written"),
        "{err}"
    );
    assert_eq!(env.dump(), before);

    // A held round cannot lose its date; a postponed one can.
    env.write("undated.toml", &round_file("clear = [\"date\"]\n"));
    let err = env.fails(["import", "undated.toml"]);
    assert!(
        err.contains("date: a round that is held needs a date"),
        "{err}"
    );
    env.write(
        "postponed.toml",
        &round_file("state = \"postponed\"\nclear = [\"date\"]\n"),
    );
    let said = env.ok(["import", "postponed.toml"]);
    assert_eq!(
        said,
        format!(
            "round {GENEVA}: date 2025-11-23 → (cleared); state held → postponed\nwrote: 1 round\n"
        )
    );
}

/// An exported round holds every detail and no `clear`: importing it into an empty
/// database makes the same round, and importing it again changes nothing.
#[test]
fn an_exported_round_still_imports_whole_and_again_changes_nothing() {
    let env = TestEnv::seeded();
    let exported = env.ok(["export"]);
    assert!(!exported.contains("clear"), "{exported}");
    env.write("export.toml", &exported);
    assert_eq!(
        env.ok(["import", "export.toml"]),
        "wrote: nothing changed\n"
    );
    let other = TestEnv::empty();
    other.write("export.toml", &exported);
    other.ok(["import", "export.toml"]);
    assert_eq!(geneva(&other), geneva(&env));
}

/// The example in docs/round-file.md ("Updating a round") imports and prints what the
/// documentation says it prints.
#[test]
fn the_documented_round_update_does_what_the_documentation_says() {
    let env = TestEnv::seeded();
    let doc = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/round-file.md"))
        .unwrap();
    let section = doc
        .split("### Updating a round")
        .nth(1)
        .expect("a section on updating a round");
    let example = section
        .split("```toml")
        .nth(1)
        .and_then(|rest| rest.split("```").next())
        .expect("a TOML example");
    let (_, after) = section.split_once(example).expect("the example");
    let output = after
        .split("```\n")
        .nth(2)
        .expect("the output the import prints, in the next block");
    env.write("update.toml", example);
    assert_eq!(env.ok(["import", "update.toml"]), output);
}
