//! Each vocabulary's Rust list (`src/domain/vocab.rs`) against the schema that the
//! migrations build: the lookup tables' rows, the CHECK constraints' lists and the
//! lists that the triggers guarding other clients' writes hold. A value added, renamed
//! or dropped on one side only fails here, and so does a vocabulary the schema checks
//! that Rust does not know.

mod common;

use std::collections::BTreeMap;

use common::TestEnv;
use parley::domain::{
    CommitmentKind, Credibility, Fate, Level, NoteKind, PartyKind, Reliability, Role, RoundFormat,
    RoundState, Stance, Status,
};

/// The vocabularies the schema holds as CHECK lists of text, by table and column.
fn rust_lists() -> BTreeMap<(&'static str, &'static str), &'static [&'static str]> {
    BTreeMap::from([
        (("party", "kind"), PartyKind::SLUGS),
        (("round", "format"), RoundFormat::SLUGS),
        (("round", "level"), Level::SLUGS),
        (("round", "state"), RoundState::SLUGS),
        (("round_party", "role"), Role::SLUGS),
        (("commitment", "kind"), CommitmentKind::SLUGS),
        (("commitment_fate", "fate"), Fate::SLUGS),
        (("round_note", "kind"), NoteKind::SLUGS),
        (("reliability", "grade"), Reliability::SLUGS),
    ])
}

/// The values a trigger lists for a column of the row it guards (`NEW.status NOT IN
/// (…)`), by column.
fn trigger_lists() -> BTreeMap<&'static str, &'static [&'static str]> {
    BTreeMap::from([
        ("status", Status::SLUGS),
        ("stance", Stance::SLUGS),
        ("reliability", Reliability::SLUGS),
    ])
}

/// Every list of quoted values in `sql` that a column's CHECK constraint (`CHECK
/// (column IN (…))`) or a trigger's condition (`NEW.column NOT IN (…)`) holds, with the
/// column. Lists inside a wider condition (`state IN ('scheduled', 'postponed')` of
/// the rule that a held round has a date) are not vocabularies and are left out.
fn quoted_lists(sql: &str) -> Vec<(String, Vec<String>)> {
    let mut found = Vec::new();
    let mut rest = sql;
    while let Some(at) = rest.find(" IN (") {
        let before = &rest[..at];
        let after = &rest[at + " IN (".len()..];
        let end = after.find(')').expect("a closed list");
        let list = &after[..end];
        rest = &after[end..];
        if !list.trim_start().starts_with('\'') {
            continue; // numbers, or a subquery
        }
        let column = match before.strip_suffix(" NOT") {
            Some(condition) => condition.rsplit_once("NEW."),
            None => before.rsplit_once("CHECK ("),
        };
        let Some((_, column)) = column.filter(|(_, c)| !c.contains([' ', '(', '\n'])) else {
            continue;
        };
        let column = column.to_owned();
        let values = list
            .split(',')
            .map(|v| v.trim().trim_matches('\'').to_owned())
            .collect();
        found.push((column, values));
    }
    found
}

fn sorted(values: &[impl AsRef<str>]) -> Vec<String> {
    let mut v: Vec<String> = values.iter().map(|s| s.as_ref().to_owned()).collect();
    v.sort();
    v
}

#[test]
fn every_check_list_in_the_schema_is_a_rust_vocabulary_with_the_same_values() {
    if common::file_only() {
        return;
    }
    let env = TestEnv::empty();
    let expected = rust_lists();
    let mut seen = BTreeMap::new();
    for row in
        env.query("SELECT name, sql FROM sqlite_master WHERE type = 'table' AND sql IS NOT NULL")
    {
        let (table, sql) = (&row[0], &row[1]);
        for (column, values) in quoted_lists(sql) {
            let rust = expected
                .iter()
                .find(|(k, _)| k.0 == table && k.1 == column)
                .map(|(_, v)| *v)
                .unwrap_or_else(|| {
                    panic!("{table}.{column} is a vocabulary ({values:?}) with no Rust list here")
                });
            assert_eq!(
                sorted(&values),
                sorted(rust),
                "{table}.{column}: the CHECK list and the Rust list differ"
            );
            seen.insert((table.clone(), column), ());
        }
    }
    for key in expected.keys() {
        assert!(
            seen.contains_key(&(key.0.to_owned(), key.1.to_owned())),
            "{}.{} has no CHECK list in the schema",
            key.0,
            key.1
        );
    }
}

#[test]
fn the_triggers_that_guard_other_clients_list_the_same_values() {
    if common::file_only() {
        return;
    }
    let env = TestEnv::empty();
    let expected = trigger_lists();
    let mut seen = BTreeMap::new();
    for row in env.query("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'") {
        let (trigger, sql) = (&row[0], &row[1]);
        for (column, values) in quoted_lists(sql) {
            let Some(rust) = expected.get(column.as_str()) else {
                continue; // reserved words such as a round slug's 'latest', 'previous'
            };
            assert_eq!(
                sorted(&values),
                sorted(rust),
                "trigger {trigger}: NEW.{column}'s list and the Rust list differ"
            );
            seen.insert(column, ());
        }
    }
    for column in expected.keys() {
        assert!(
            seen.contains_key(*column),
            "no trigger lists the values of {column}"
        );
    }
}

#[test]
fn the_status_lookup_table_holds_the_rust_ladder_ranks_and_labels() {
    let env = TestEnv::empty();
    let rows = env.query("SELECT slug, label, rank, is_setback FROM status ORDER BY rank DESC");
    let mut rust: Vec<&Status> = Status::ALL.iter().collect();
    rust.sort_by_key(|s| std::cmp::Reverse(s.rank()));
    let rust: Vec<Vec<String>> = rust
        .iter()
        .map(|s| {
            vec![
                s.as_str().to_owned(),
                s.label().to_owned(),
                s.rank().to_string(),
                i64::from(s.is_setback()).to_string(),
            ]
        })
        .collect();
    assert_eq!(rows, rust);
}

#[test]
fn the_stance_lookup_table_holds_the_rust_stances_in_their_order() {
    let env = TestEnv::empty();
    let rows: Vec<String> = env
        .query("SELECT slug FROM stance ORDER BY rank")
        .into_iter()
        .map(|r| r[0].clone())
        .collect();
    assert_eq!(rows, Stance::SLUGS);
}

#[test]
fn the_grade_lookup_tables_hold_the_admiralty_codes() {
    let env = TestEnv::empty();
    let reliability: Vec<String> = env
        .query("SELECT grade FROM reliability ORDER BY grade")
        .into_iter()
        .map(|r| r[0].clone())
        .collect();
    assert_eq!(reliability, Reliability::SLUGS);
    let credibility: Vec<i64> = env
        .query("SELECT grade FROM credibility ORDER BY grade")
        .into_iter()
        .map(|r| r[0].parse().unwrap())
        .collect();
    let rust: Vec<i64> = (-1..=8).filter(|g| Credibility::new(*g).is_ok()).collect();
    assert_eq!(credibility, rust);
}

#[test]
fn help_lists_each_vocabulary_flag_s_values() {
    let env = TestEnv::new();
    let cases: [(&[&str], &[&str]); 6] = [
        (&["status", "set", "--help"], Status::SLUGS),
        (&["position", "set", "--help"], Stance::SLUGS),
        (&["party", "add", "--help"], PartyKind::SLUGS),
        (&["source", "add", "--help"], Reliability::SLUGS),
        (&["round", "add", "--help"], RoundState::SLUGS),
        (&["round", "add", "--help"], Role::SLUGS),
    ];
    // The help as one line: clap wraps it to the width it assumes.
    let help_of = |args: &[&str]| {
        env.ok(args)
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    };
    for (args, values) in cases {
        let help = help_of(args);
        let listed = values.join(", ");
        assert!(
            help.contains(&listed),
            "{args:?} does not list {listed}:\n{help}"
        );
    }
    let help = help_of(&["round", "add", "--help"]);
    assert!(help.contains(&RoundFormat::SLUGS.join(", ")), "{help}");
    assert!(help.contains(&Level::SLUGS.join(", ")), "{help}");
}

#[test]
fn a_vocabulary_flag_still_takes_hyphens_and_any_case_and_suggests_on_a_typo() {
    let env = TestEnv::seeded();
    env.ok([
        "position",
        "set",
        "ukraine",
        "prisoner-exchanges",
        "--stance",
        "RED-LINE",
    ]);
    let err = env.fails(["status", "set", "prisoner-exchanges", "--status", "propsed"]);
    assert!(err.contains("--status"), "{err}");
    assert!(err.contains("did you mean 'proposed'?"), "{err}");
    assert!(!err.contains("'dropped'"), "{err}");
}
