//! The timelines compared: the Geneva seed with a history of edits, corrections and
//! retractions, and a synth timeline with corrections and retractions, each written
//! through the binary at instants of its own.

use std::path::PathBuf;
use std::process::Command;

use crate::common::TestEnv;

const FOLLOW_UP: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/follow-up.toml");
const FATES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/fates.toml");
const SUB_ITEMS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/sub-items.toml");
const PERSONS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/persons.toml");

/// Runs a command at a given instant.
fn at(env: &mut TestEnv, now: &str, args: &[&str]) {
    env.now = now.to_owned();
    env.ok(args);
}

/// The Geneva seed, then at later instants each: the fixtures' rounds, fates,
/// sub-items and persons; a status and a position corrected; a source, a party, an
/// item and a round edited (each keeping its earlier version); an alias added and
/// removed; a status, a quote, a note, a position and a commitment retracted; and
/// the scheduled round
/// retracted (it leaves the numbering; its slug is answered with its retraction).
pub fn seed_with_history() -> TestEnv {
    let mut env = TestEnv::file();
    env.ok(["init"]);
    let steps: &[(&str, &[&str])] = &[
        (
            "2025-12-06T09:00:00Z",
            &["import", FOLLOW_UP, FATES, SUB_ITEMS, PERSONS],
        ),
        (
            "2025-12-07T09:00:00Z",
            &[
                "status",
                "set",
                "prisoner-exchanges",
                "--round",
                "follow-up-2025-12-05",
                "--status",
                "stalled",
                "--note",
                "Corrected: the swap was put off.",
            ],
        ),
        (
            "2025-12-07T10:00:00Z",
            &[
                "source",
                "edit",
                "fixture-wire-2025-12-05",
                "--title",
                "Follow-up talks: lists exchanged",
            ],
        ),
        (
            "2025-12-08T09:00:00Z",
            &["party", "edit", "ukraine", "--name", "Ukraine (Kyiv)"],
        ),
        (
            "2025-12-08T09:01:00Z",
            &["party", "edit", "us", "--add-alias", "Uncle Sam"],
        ),
        (
            "2025-12-08T09:02:00Z",
            &["party", "edit", "us", "--remove-alias", "usa"],
        ),
        (
            "2025-12-08T09:03:00Z",
            &[
                "item",
                "edit",
                "energy-infrastructure",
                "--title",
                "Strikes on energy infrastructure",
            ],
        ),
        (
            "2025-12-08T09:04:00Z",
            &[
                "round",
                "edit",
                "follow-up-2025-12-05",
                "--title",
                "Follow-up talks (Abu Dhabi)",
                "--party",
                "US:host:led by the envoy",
            ],
        ),
        (
            "2025-12-09T09:00:00Z",
            &[
                "status",
                "retract",
                "--round",
                "follow-up-2025-12-05",
                "--item",
                "humanitarian-coordination",
                "--reason",
                "The mechanism was Geneva's",
            ],
        ),
        (
            "2025-12-09T09:10:00Z",
            &[
                "quote",
                "retract",
                "1",
                "--reason",
                "Attributed to the wrong official",
            ],
        ),
        (
            "2025-12-09T09:20:00Z",
            &[
                "note",
                "retract",
                "2",
                "--reason",
                "Written about another round",
            ],
        ),
        (
            "2025-12-09T09:30:00Z",
            &[
                "position",
                "retract",
                "--round",
                "geneva-2025-11-23",
                "--item",
                "localized-ceasefires",
                "--party",
                "us",
                "--reason",
                "Said by an observer",
            ],
        ),
        (
            "2025-12-09T09:40:00Z",
            &[
                "commitment",
                "retract",
                "first-prisoner-swap",
                "--reason",
                "Never agreed",
            ],
        ),
        (
            "2025-12-10T09:00:00Z",
            &[
                "round",
                "retract",
                "next-round-2026-01",
                "--reason",
                "Never announced",
            ],
        ),
    ];
    for (now, args) in steps {
        at(&mut env, now, args);
    }
    env
}

/// The synth example, which `cargo test` builds beside the test binaries.
fn synth_binary() -> PathBuf {
    let exe = std::env::current_exe().expect("the test binary's path");
    let profile = exe
        .parent()
        .and_then(|deps| deps.parent())
        .expect("a target folder");
    profile
        .join("examples")
        .join(format!("synth{}", std::env::consts::EXE_SUFFIX))
}

fn synth(args: &[&str]) -> String {
    let out = Command::new(synth_binary())
        .args(args)
        .output()
        .expect("run synth (`cargo test` builds examples)");
    assert!(out.status.success(), "synth {args:?}: {out:?}");
    String::from_utf8(out.stdout).expect("UTF-8")
}

/// A synth timeline (every kind of record synth writes), then its revised file (about
/// one status in ten corrected), a status retracted and a round retracted, each at
/// its own instant.
pub fn synth_with_corrections() -> TestEnv {
    let mut env = TestEnv::file();
    env.ok(["init", "--empty"]);
    let args = ["--rounds", "24", "--items", "12", "--seed", "3"];
    let plain = env.write("plain.toml", &synth(&args));
    let revised = env.write(
        "revised.toml",
        &synth(&[&args[..], &["--revised"]].concat()),
    );
    at(
        &mut env,
        "2026-01-01T09:00:00Z",
        &["import", plain.to_str().unwrap()],
    );
    at(
        &mut env,
        "2026-01-02T09:00:00Z",
        &["import", revised.to_str().unwrap()],
    );
    let round = |env: &TestEnv, n: usize| {
        env.query("SELECT slug FROM round ORDER BY round_id")[n][0].clone()
    };
    let item = env.query("SELECT slug FROM agenda_item ORDER BY agenda_item_id")[1][0].clone();
    let (third, fifth) = (round(&env, 3), round(&env, 5));
    at(
        &mut env,
        "2026-01-03T09:00:00Z",
        &[
            "status", "retract", "--round", &third, "--item", &item, "--reason", "Misread",
        ],
    );
    at(
        &mut env,
        "2026-01-04T09:00:00Z",
        &["round", "retract", &fifth, "--reason", "Logged twice"],
    );
    env
}
