//! Fuzzing the round-file parser and import validation. The default run is quick
//! and part of the suite; for a longer, bounded session (see README):
//!
//!     PROPTEST_CASES=20000 timeout 600 cargo test --release --test fuzz
//!
//! Failing inputs that proptest finds are saved in `tests/fuzz.proptest-regressions`
//! and replayed first on every run; the worst ones are also kept below as plain
//! regression tests.

use parley::domain::names::Catalogs;
use parley::roundfile::{self, SourceText};
use proptest::prelude::*;

const SEED: &str = include_str!("../seeds/geneva-2025-11-23.toml");

/// Loads text as a round file; it may be refused, but it must never panic, and a
/// refusal must say where.
fn load(text: &str) -> Result<(), String> {
    let source = SourceText::new("fuzz.toml", text);
    match roundfile::load(&[source], &Catalogs::default()) {
        Ok(_) => Ok(()),
        Err(e) => {
            for p in &e.problems {
                if p.message.is_empty() {
                    return Err(format!("a problem with no message: {p:?}"));
                }
                if p.line == 0 && !p.field.contains("parent") {
                    return Err(format!("a problem with no place: {p:?}"));
                }
                if p.line > text.lines().count().max(1) + 1 {
                    return Err(format!("a problem past the end of the file: {p:?}"));
                }
            }
            Ok(())
        }
    }
}

/// Small edits to a valid file: a span deleted, duplicated, or replaced with
/// characters that matter to TOML.
fn mutated_seed() -> impl Strategy<Value = String> {
    let len = SEED.len();
    (
        0..len,
        0..200usize,
        0..3u8,
        prop::sample::select(vec![
            "",
            "\"",
            "[",
            "]]",
            "=",
            "\n",
            "\\u00",
            "é",
            "[[round]]\n",
            "# ",
            "'''",
            "9999-99-99",
        ]),
    )
        .prop_map(move |(start, span, op, insert)| {
            let mut start = start;
            while !SEED.is_char_boundary(start) {
                start -= 1;
            }
            let mut end = (start + span).min(len);
            while !SEED.is_char_boundary(end) {
                end -= 1;
            }
            match op {
                0 => format!("{}{}", &SEED[..start], &SEED[end..]),
                1 => format!("{}{}{}", &SEED[..end], &SEED[start..end], &SEED[end..]),
                _ => format!("{}{insert}{}", &SEED[..start], &SEED[end..]),
            }
        })
}

/// Round files built from fragments: valid structure, values drawn from good and
/// bad ones alike.
fn generated_file() -> impl Strategy<Value = String> {
    let value = prop::sample::select(vec![
        "\"agreed\"",
        "\"agred\"",
        "\"held\"",
        "\"2025-11-23\"",
        "\"2025-02-30\"",
        "\"\"",
        "\"us\"",
        "\"nobody\"",
        "\"prisoner-exchanges\"",
        "3",
        "-1",
        "7",
        "\"red_line\"",
        "[]",
        "[\"x\"]",
        "\"A\"",
        "\"Z\"",
        "\"Україна\"",
    ]);
    let field = prop::sample::select(vec![
        "slug",
        "title",
        "date",
        "end_date",
        "state",
        "status",
        "item",
        "party",
        "stance",
        "role",
        "kind",
        "confidence",
        "sources",
        "name",
        "outlet",
        "parent",
        "text",
        "speaker_name",
        "reliability",
    ]);
    let table = prop::sample::select(vec![
        "[[party]]",
        "[[source]]",
        "[[item]]",
        "[[round]]",
        "[[round.status]]",
        "[[round.position]]",
        "[[round.participant]]",
        "[[round.quote]]",
        "[[round.commitment]]",
        "[[round.note]]",
    ]);
    prop::collection::vec((table, prop::collection::vec((field, value), 0..6)), 0..12).prop_map(
        |tables| {
            let mut text = String::from("[process]\nslug = \"p\"\nname = \"P\"\n");
            for (table, fields) in tables {
                text.push_str(table);
                text.push('\n');
                let mut seen = std::collections::HashSet::new();
                for (field, value) in fields {
                    if seen.insert(field) {
                        text.push_str(&format!("{field} = {value}\n"));
                    }
                }
            }
            text
        },
    )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_text_never_panics(text in "\\PC{0,400}") {
        load(&text).map_err(TestCaseError::fail)?;
    }

    #[test]
    fn an_edited_seed_never_panics(text in mutated_seed()) {
        load(&text).map_err(TestCaseError::fail)?;
    }

    #[test]
    fn generated_files_never_panic(text in generated_file()) {
        load(&text).map_err(TestCaseError::fail)?;
    }
}

/// What validation accepts, the database accepts: generated files that load are
/// imported into a fresh database without a constraint failure.
#[test]
fn whatever_validation_accepts_imports() {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    // A fixed seed: with a random one, all 48 files were now and then invalid, and the
    // run failed on "no generated file was valid" with nothing to reproduce (seen once in
    // CI). The same 48 files every run, at least one of them valid, as asserted below.
    let config = ProptestConfig {
        cases: 48,
        ..ProptestConfig::default()
    };
    let rng = proptest::test_runner::TestRng::deterministic_rng(config.rng_algorithm);
    let mut runner = proptest::test_runner::TestRunner::new_with_rng(config, rng);
    let accepted = std::cell::Cell::new(0);
    runner
        .run(&generated_file(), |text| {
            let source = SourceText::new("fuzz.toml", text.as_str());
            let Ok(dossier) = roundfile::load(&[source], &Catalogs::default()) else {
                return Ok(());
            };
            accepted.set(accepted.get() + 1);
            let dir = tempfile::tempdir().unwrap();
            let result = runtime.block_on(async {
                let (db, _) = parley::storage::Database::open(&dir.path().join("f.db")).await?;
                let options = parley::storage::ImportOptions::new("import");
                let changes = db.import(dossier, &options).await;
                db.close().await;
                changes
            });
            prop_assert!(
                result.is_ok(),
                "validated, then refused by the database: {:?}\n{}",
                result.err(),
                text
            );
            Ok(())
        })
        .unwrap();
    assert!(
        accepted.get() > 0,
        "no generated file was valid: the generator needs tuning"
    );
    eprintln!(
        "{} of 48 generated files were valid and imported",
        accepted.get()
    );
}

#[test]
fn regressions_found_by_fuzzing() {
    for text in [
        "",
        "[process]",
        "[process]\nslug = \"\"",
        "[process]\nslug = \"p\"\nname = \"P\"\n[[item]]\nslug = \"a\"\ntitle = \"A\"\nparent = \"a\"\n",
        "[process]\nslug = \"p\"\nname = \"P\"\n[[item]]\nslug = \"a\"\ntitle = \"A\"\nparent = \"b\"\n[[item]]\nslug = \"b\"\ntitle = \"B\"\nparent = \"a\"\n",
        "[process]\nslug = \"p\"\nname = \"P\"\n[[round]]\nslug = \"r\"\ntitle = \"R\"\nstate = \"held\"\nend_date = \"2025-01-01\"\n",
        "\u{feff}[process]\nslug = \"p\"\n",
        "[process]\nslug = \"p\"\nname = \"P\"\n[[round]]\nslug = \"r\"\ntitle = \"R\"\ndate = \"2025\"\nstate = \"held\"\nsources = [{ source = \"x\", credibility = 99 }]\n",
    ] {
        load(text).unwrap();
    }
}
