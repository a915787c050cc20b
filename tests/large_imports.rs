//! Large imports: files of 512 KiB and more are read and checked a piece at a time
//! while earlier pieces are written, and a large import into an empty timeline is
//! loaded in bulk. Neither may change what is written, what a problem reads like, or
//! what the database refuses.

mod common;

use common::{TestEnv, synthetic_round_file};
use parley::domain::names::Catalogs;
use parley::roundfile::{self, SourceText};
use parley::storage::{Database, ImportOptions};

/// 120 rounds of 90 statuses with notes: about 1 MB, 10,800 status records.
fn large_file(prefix: &str) -> String {
    let text = synthetic_round_file(prefix, 120, 90);
    assert!(
        text.len() > 512 << 10,
        "{} bytes is too small to split",
        text.len()
    );
    text
}

/// 1-based line of the first occurrence of `needle`.
fn line_of(text: &str, needle: &str) -> usize {
    let at = text.find(needle).expect("needle in text");
    text[..at].matches('\n').count() + 1
}

#[test]
fn a_file_read_in_pieces_writes_exactly_what_a_whole_read_writes() {
    let said = common::import_in_pieces_and_whole(&large_file("l-"));
    assert!(said.contains("10800 statuses"), "{said}");
}

#[test]
fn a_problem_late_in_a_large_file_is_reported_at_its_line_and_nothing_is_written() {
    let env = TestEnv::seeded();
    let before = env.dump();
    let good = large_file("p-");
    let text = good.replacen(
        "item = \"p-item-3\"\nstatus = \"implemented\"\nnote = \"Round 115,",
        "item = \"p-item-3\"\nstatus = \"implemnted\"\nnote = \"Round 115,",
        1,
    );
    assert_ne!(text, good, "the edit must apply");
    env.write("late.toml", &text);
    let err = env.fails(["import", "late.toml"]);
    let line = line_of(&text, "status = \"implemnted\"");
    assert!(
        err.contains(&format!("late.toml:{line}:")),
        "expected line {line}: {err}"
    );
    assert!(err.contains("round[116].status[4].status"), "{err}");
    assert_eq!(env.dump(), before, "a refused import wrote something");
}

#[test]
fn a_round_repeated_in_a_later_piece_is_refused_as_in_a_small_file() {
    let env = TestEnv::empty();
    let before = env.dump();
    let mut text = large_file("d-");
    text.push_str("\n[[round]]\nslug = \"d-round-3\"\ntitle = \"Again\"\nstate = \"held\"\n");
    env.write("twice.toml", &text);
    let err = env.fails(["import", "twice.toml"]);
    assert!(
        err.contains("round 'd-round-3' appears twice in this file"),
        "{err}"
    );
    assert!(err.contains("round[121].slug"), "{err}");
    assert_eq!(env.dump(), before);
}

#[test]
fn a_large_dry_run_reports_everything_and_writes_nothing() {
    let env = TestEnv::empty();
    let before = env.dump();
    env.write("large.toml", &large_file("y-"));
    let said = env.ok(["import", "--dry-run", "large.toml"]);
    assert!(said.starts_with("would write:"), "{said}");
    assert!(
        said.contains("120 rounds, 120 participants, 10800 statuses"),
        "{said}"
    );
    assert_eq!(env.dump(), before);
}

#[test]
fn a_bulk_load_followed_by_a_revised_round_writes_a_correction() {
    let env = TestEnv::empty();
    let text = large_file("c-");
    env.write("large.toml", &text);
    // The same round again in a second file of the same import, one status changed:
    // the bulk load must end before this round is compared with what it wrote.
    let start = text.find("[[round]]\nslug = \"c-round-7\"").unwrap();
    let end = start + text[start..].find("\n[[round]]\n").unwrap();
    let round = text[start..end].replacen(
        "status = \"implementing\"\nnote = \"Round 7, item 5.\"",
        "status = \"dropped\"\nnote = \"Round 7, item 5: talks on it ended.\"",
        1,
    );
    assert!(round.contains("dropped"), "the edit must apply");
    env.write(
        "revised.toml",
        &format!("[process]\nslug = \"c-process\"\n\n{round}"),
    );
    let said = env.ok(["import", "large.toml", "revised.toml"]);
    assert!(said.contains("1 status correction"), "{said}");
    let corrected = env.query(
        "SELECT old.status, new.status, i.slug, r.slug
         FROM status_record new
         JOIN status_record old ON old.status_record_id = new.supersedes_status_record_id
         JOIN agenda_item i ON i.agenda_item_id = new.agenda_item_id
         JOIN round r ON r.round_id = new.round_id",
    );
    assert_eq!(
        corrected,
        [["implementing", "dropped", "c-item-5", "c-round-7"]]
    );
    assert_eq!(env.index_hits("status_record_fts", "ended").len(), 1);
    assert!(env.ok(["check"]).starts_with("ok"));
}

/// What validation refuses never reaches the database; but should it ever, the
/// checks that replace the triggers during a bulk load refuse it in the trigger's
/// words, and the import writes nothing.
#[test]
fn a_bulk_load_refuses_what_its_triggers_would() {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let source = SourceText::new("bulk.toml", synthetic_round_file("b-", 120, 90));
    let mut twice = roundfile::load(&[source], &Catalogs::default()).expect("a valid file");
    let first = twice.rounds[0].statuses[0].clone();
    twice.rounds[0].statuses.push(first);
    let cases = [(twice, "the item already has a status at this round")];
    for (dossier, expected) in cases {
        let dir = tempfile::tempdir().unwrap();
        let db_path = dir.path().join("b.db");
        let (statuses, error) = runtime.block_on(async {
            let (db, _) = Database::open(&db_path).await.unwrap();
            let options = ImportOptions::new("import");
            let error = db.import(dossier, &options).await.err();
            let statuses: i64 = sqlx::query_scalar("SELECT count(*) FROM status_record")
                .fetch_one(db.pool())
                .await
                .unwrap();
            db.close().await;
            (statuses, error)
        });
        let error = error.map(|e| e.to_string()).unwrap_or_default();
        assert!(error.contains(expected), "expected '{expected}': '{error}'");
        assert_eq!(statuses, 0, "a refused import wrote status records");
    }
}
