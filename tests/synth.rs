//! The synthetic workload (examples/synth.rs): its files import, the same seed gives
//! the same bytes, prefixes keep files apart, and a revised file writes corrections.

mod common;

use std::path::PathBuf;
use std::process::Command;

use common::TestEnv;

/// The synth example, which `cargo test` builds beside the test binaries.
fn synth_binary() -> PathBuf {
    let exe = std::env::current_exe().expect("the test binary's path");
    // target/<profile>/deps/synth-<hash> → target/<profile>/examples/synth
    let profile = exe
        .parent()
        .and_then(|deps| deps.parent())
        .expect("a target folder");
    let binary = profile
        .join("examples")
        .join(format!("synth{}", std::env::consts::EXE_SUFFIX));
    assert!(
        binary.exists(),
        "{} is missing: `cargo test` builds examples",
        binary.display()
    );
    binary
}

fn synth(args: &[&str]) -> String {
    let out = Command::new(synth_binary())
        .args(args)
        .output()
        .expect("run synth");
    assert!(
        out.status.success(),
        "synth {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8 output")
}

const SMALL: [&str; 6] = ["--rounds", "20", "--items", "10", "--seed", "7"];

#[test]
fn the_same_seed_gives_the_same_file_and_another_seed_another() {
    let a = synth(&SMALL);
    let b = synth(&SMALL);
    assert_eq!(a, b, "same seed, same bytes");
    let c = synth(&["--rounds", "20", "--items", "10", "--seed", "8"]);
    assert_ne!(a, c, "another seed, another file");
}

#[test]
fn a_synthetic_file_imports_into_an_empty_database() {
    let env = TestEnv::empty();
    let file = env.write("synth.toml", &synth(&SMALL));
    let out = env.ok(["import", file.to_str().unwrap()]);
    assert!(out.contains("20 rounds"), "{out}");

    // Half the items at every round.
    assert_eq!(env.count("round"), 20);
    assert_eq!(env.count("agenda_item"), 10);
    assert_eq!(env.count("party"), 30);
    assert_eq!(env.count("status_record"), 20 * 5);
    assert!(env.count("position") > 0);
    assert!(
        env.count("citation") >= 20 * 5,
        "every status cites a source"
    );
    let rounds = env.query("SELECT count(*) FROM round_sequence WHERE round_date IS NOT NULL");
    assert_eq!(rounds[0][0], "20");

    // The views and the report read it.
    let current = env.query("SELECT count(*) FROM current_status");
    assert_eq!(current[0][0], "10");
    let moved = env.query("SELECT count(DISTINCT movement) FROM movement");
    assert!(moved[0][0].parse::<i64>().unwrap() >= 2, "{moved:?}");
    let report = env.json(["report", "--format", "json"]);
    let items = report["items"].as_array().expect("items");
    assert_eq!(items.len(), 10);
    let steps: usize = items
        .iter()
        .map(|i| i["trajectory"].as_array().unwrap().len())
        .sum();
    assert_eq!(steps, 100);

    // Importing it again writes nothing.
    let before = env.dump();
    let again = env.ok(["import", file.to_str().unwrap()]);
    assert!(again.contains("nothing changed"), "{again}");
    assert_eq!(env.dump(), before);
}

#[test]
fn files_with_different_prefixes_share_a_database() {
    let env = TestEnv::empty();
    let a = env.write(
        "a.toml",
        &synth(&[&SMALL[..], &["--prefix", "a-"]].concat()),
    );
    let b = env.write(
        "b.toml",
        &synth(&[&SMALL[..], &["--prefix", "b-"]].concat()),
    );
    env.ok(["import", a.to_str().unwrap(), b.to_str().unwrap()]);
    assert_eq!(env.count("process"), 2);
    assert_eq!(env.count("party"), 60);
    assert_eq!(env.count("round"), 40);
    assert_eq!(env.count("status_record"), 200);
    let slugs =
        env.query("SELECT count(*) FROM round WHERE NOT (slug LIKE 'a-%' OR slug LIKE 'b-%')");
    assert_eq!(slugs[0][0], "0");
}

#[test]
fn a_revised_file_writes_corrections_that_supersede() {
    let env = TestEnv::empty();
    let args = ["--rounds", "60", "--items", "20", "--seed", "3"];
    let plain = env.write("plain.toml", &synth(&args));
    let revised = env.write(
        "revised.toml",
        &synth(&[&args[..], &["--revised"]].concat()),
    );
    env.ok(["import", plain.to_str().unwrap()]);
    let out = env.ok(["import", revised.to_str().unwrap()]);
    assert!(out.contains("status correction"), "{out}");
    let corrections: i64 = env
        .query("SELECT count(*) FROM status_record WHERE supersedes_status_record_id IS NOT NULL")
        [0][0]
        .parse()
        .unwrap();
    assert!(corrections > 0);
    // Still one status in force per item and round.
    let in_force = env.query("SELECT count(*) FROM status_timeline");
    assert_eq!(in_force[0][0], (60 * 10).to_string());
}

#[test]
fn a_large_file_read_in_pieces_writes_what_a_whole_read_writes() {
    // Every kind of record synth writes: positions, commitments, quotes, notes, graded
    // and claim-specific sources. 512 KiB and more is read in pieces.
    let text = synth(&["--rounds", "120", "--items", "100", "--seed", "5"]);
    let said = common::import_in_pieces_and_whole(&text);
    for kind in ["commitments", "quotes", "positions", "notes"] {
        assert!(said.contains(kind), "no {kind}: {said}");
    }
}
