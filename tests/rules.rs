//! The timeline's rules are written once (crates/parley-core/src/storage/rules.rs) and enforced by the
//! schema's triggers: these tests keep the two alike. Every trigger that raises is a
//! rule's, with the rule's message; every rule is broken by another client (foreign
//! keys off) with its triggers in place, which must refuse with the rule's message
//! and change nothing, and with its triggers dropped, after which `parley check` must
//! name the rule (when the rule leaves a row to find).
//!
//! Before this list existed the rules lived in three places (the triggers, the
//! import's set-based check and `check`) and most of these breaches went through:
//! the trigger-in-place half fails on that code for every rule added with it.
//!
//! These read the file's triggers: the PostgreSQL pass skips them, and
//! tests/postgres_schema.rs and tests/postgres_edits.rs hold the server to the same
//! rules and words.

mod common;

use std::collections::BTreeMap;

use common::TestEnv;
use common::breaches::{SETUP, breaches};
use parley::storage::rules::{Rule, rules};

/// The database file and its write-ahead log, byte for byte (quicker than a dump, and
/// stricter).
fn bytes(env: &TestEnv) -> (Vec<u8>, Vec<u8>) {
    let wal = env.db.with_extension("db-wal");
    (
        std::fs::read(&env.db).unwrap(),
        std::fs::read(wal).unwrap_or_default(),
    )
}

/// A seeded database with [`SETUP`]'s rows, copied afresh for each case.
struct Template {
    env: TestEnv,
}

impl Template {
    fn new() -> Self {
        let env = TestEnv::seeded_file();
        env.execute(SETUP).expect("the setup is valid");
        Template { env }
    }

    fn copy(&self) -> TestEnv {
        let env = TestEnv::file();
        std::fs::copy(&self.env.db, &env.db).expect("copy the template");
        env
    }
}

/// The `RAISE(ABORT, '…')` messages of every trigger in the schema, by name.
fn raised_messages(env: &TestEnv) -> BTreeMap<String, String> {
    env.query("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'")
        .into_iter()
        .filter_map(|row| {
            let at = row[1].find("RAISE(ABORT, '")? + "RAISE(ABORT, '".len();
            let end = row[1][at..].find("')")?;
            Some((row[0].clone(), row[1][at..at + end].replace("''", "'")))
        })
        .collect()
}

fn rule_of(trigger: &str) -> &'static Rule {
    rules()
        .iter()
        .find(|r| r.triggers.contains(&trigger))
        .unwrap_or_else(|| {
            panic!(
                "trigger {trigger} belongs to no rule in crates/parley-core/src/storage/rules.rs"
            )
        })
}

#[test]
fn every_trigger_that_refuses_a_write_is_a_rule_with_its_message() {
    if common::file_only() {
        return;
    }
    let env = TestEnv::seeded();
    let raised = raised_messages(&env);
    for (trigger, message) in &raised {
        assert_eq!(
            rule_of(trigger).message,
            message,
            "trigger {trigger} raises another message than its rule"
        );
    }
    for rule in rules() {
        for trigger in rule.triggers {
            assert!(
                raised.contains_key(*trigger),
                "rule {} names trigger {trigger}, which the schema lacks",
                rule.name
            );
        }
    }
    let names: std::collections::BTreeSet<_> = rules().iter().map(|r| r.name).collect();
    assert_eq!(names.len(), rules().len(), "two rules share a name");
}

#[test]
fn every_rule_refuses_another_client_with_its_message_and_changes_nothing() {
    if common::file_only() {
        return;
    }
    let template = Template::new();
    let breaches = breaches();
    for rule in rules() {
        for trigger in rule.triggers {
            let sql = breaches
                .get(trigger)
                .unwrap_or_else(|| panic!("no breach of {trigger} in this test"));
            let env = template.copy();
            let before = bytes(&env);
            let err = env
                .other_client(sql)
                .expect_err(&format!("{trigger} let this through: {sql}"));
            assert_eq!(err, rule.message, "{trigger}: {sql}");
            assert!(bytes(&env) == before, "{trigger}: the file changed");
        }
    }
    assert!(template.env.ok(["check"]).starts_with("ok"));
}

#[test]
fn with_its_triggers_dropped_check_names_every_rule_that_leaves_a_row_to_find() {
    if common::file_only() {
        return;
    }
    let template = Template::new();
    let breaches = breaches();
    for rule in rules().iter().filter(|r| r.findable()) {
        let env = template.copy();
        for trigger in rule.triggers {
            env.execute(&format!("DROP TRIGGER {trigger}")).unwrap();
        }
        let sql = &breaches[rule.triggers[0]];
        // With triggers dropped, some breaches still meet a CHECK or a foreign key
        // of the table; other clients skip both as easily.
        env.other_client(&format!("PRAGMA ignore_check_constraints = ON; {sql}"))
            .unwrap_or_else(|e| panic!("{}: {sql}: {e}", rule.name));
        let out = env.run(["check", "--format", "json"]);
        assert!(!out.status.success(), "{}: check passed", rule.name);
        let problems: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert!(
            problems
                .as_array()
                .unwrap()
                .iter()
                .any(|p| p["check"] == rule.name),
            "{}: check did not name it: {problems}",
            rule.name
        );
    }
}
