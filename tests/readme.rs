//! The README, and docs/round-file.md, run as written: every shell block, in order, on
//! one new database, so that the documents and the binary cannot drift apart.
//!
//! How a document's ```sh blocks are read:
//!
//! - Each document runs in a fresh temporary folder of its own, whose `parley.db` is the
//!   database (`$PARLEY_DB`): the first command creates it, with the Geneva seed, as on
//!   a new machine. The clock (`$PARLEY_NOW`) is fixed after every date the documents
//!   log, so that their rounds are held rounds.
//! - A line ending in `\` continues on the next. Words are split as a POSIX shell
//!   splits them (quotes, escapes), and `#` starts a comment.
//! - `parley …` runs the binary and must succeed. A `> FILE` at the end writes its
//!   standard output to FILE in the folder.
//! - `sqlite3 FILE "SQL"` runs the SQL on FILE through the test's own SQLite connection
//!   (the sqlite3 shell need not be installed) and must succeed.
//! - `cargo …` (also after `VAR=value` settings) is not run: it builds, installs or
//!   tests Parley itself, which is what runs this test.
//! - A block opened with ```` ```sh no-run ```` is not run at all: for a line that
//!   needs what a test cannot give (an editor, a terminal).
//! - Any other line fails the test: a document shows only what runs.

mod common;

use std::path::Path;

use common::TestEnv;

/// One command of a document: its line (the first, for a continued one) and text.
struct Line {
    number: usize,
    text: String,
}

/// The lines of every ```sh block that runs, in order, with continuations joined.
fn shell_lines(document: &str) -> Vec<Line> {
    let mut lines = Vec::new();
    let mut in_block: Option<bool> = None; // Some(runs) inside a block
    let mut pending: Option<Line> = None;
    for (i, line) in document.lines().enumerate() {
        let number = i + 1;
        match in_block {
            None => {
                if let Some(info) = line.trim_start().strip_prefix("```") {
                    let mut words = info.split_whitespace();
                    // Another language's block (or one without a language) is
                    // skipped to its end.
                    in_block = Some(words.next() == Some("sh") && !words.any(|w| w == "no-run"));
                }
            }
            Some(runs) => {
                if line.trim_start().starts_with("```") {
                    assert!(
                        pending.is_none(),
                        "line {number}: a block ends inside a `\\` line"
                    );
                    in_block = None;
                    continue;
                }
                if !runs {
                    continue;
                }
                let (text, continues) = match line.trim_end().strip_suffix('\\') {
                    Some(start) => (start, true),
                    None => (line, false),
                };
                let joined = match pending.take() {
                    Some(mut earlier) => {
                        earlier.text.push(' ');
                        earlier.text.push_str(text.trim());
                        earlier
                    }
                    None => Line {
                        number,
                        text: text.trim().to_owned(),
                    },
                };
                if continues {
                    pending = Some(joined);
                } else if !joined.text.is_empty() {
                    lines.push(joined);
                }
            }
        }
    }
    assert!(in_block.is_none(), "a block is not closed");
    lines
}

/// Whether a command line builds, installs or tests Parley: `cargo …`, possibly after
/// `VAR=value` settings.
fn is_cargo(words: &[String]) -> bool {
    words
        .iter()
        .find(|w| !(w.contains('=') && w.starts_with(|c: char| c.is_ascii_uppercase())))
        .is_some_and(|w| w == "cargo")
}

/// Runs a document's shell blocks in a new folder; returns how many `parley` commands
/// ran.
fn run_document(name: &str) -> usize {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(name);
    let document = std::fs::read_to_string(&path).expect("read the document");
    let mut env = TestEnv::new();
    env.now = "2026-01-15T09:00:00Z".into();
    let mut ran = 0;
    for line in shell_lines(&document) {
        let at = format!("{name}:{}: `{}`", line.number, line.text);
        let mut words =
            shlex::split(&line.text).unwrap_or_else(|| panic!("{at}: cannot split into words"));
        if words.is_empty() || is_cargo(&words) {
            continue;
        }
        match words[0].as_str() {
            "parley" => {
                let redirect = match words.iter().position(|w| w == ">") {
                    Some(i) => {
                        let target = words.get(i + 1).cloned();
                        assert_eq!(i + 2, words.len(), "{at}: `> FILE` ends the line");
                        words.truncate(i);
                        target
                    }
                    None => None,
                };
                let out = env.run(&words[1..]);
                assert!(
                    out.status.success(),
                    "{at} failed:\n{}",
                    String::from_utf8_lossy(&out.stderr)
                );
                if let Some(file) = redirect {
                    std::fs::write(env.path(&file), &out.stdout).unwrap();
                }
                ran += 1;
            }
            "sqlite3" => {
                let [_, file, sql] = words.as_slice() else {
                    panic!("{at}: expected `sqlite3 FILE \"SQL\"`");
                };
                if env.server.is_some() && file == "parley.db" {
                    // In the PostgreSQL pass the commands' database is the server's.
                    env.query(sql);
                    continue;
                }
                let db = env.path(file);
                assert!(db.exists(), "{at}: no database {file}");
                common::query_file(&db, sql);
            }
            _ => panic!(
                "{at}: not a parley, sqlite3 or cargo command; a line that cannot run goes in a \
                 ```sh no-run block"
            ),
        }
    }
    ran
}

#[test]
fn every_shell_block_of_the_readme_runs_in_order_on_one_new_database() {
    let ran = run_document("README.md");
    // A guard against a reader that finds nothing to run.
    assert!(ran >= 25, "only {ran} parley commands ran");
}

#[test]
fn every_shell_block_of_the_round_file_documentation_runs() {
    let ran = run_document("docs/round-file.md");
    assert!(ran >= 4, "only {ran} parley commands ran");
}

#[test]
fn the_readme_says_how_to_install_parley_and_which_rust_it_needs() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let rust = env!("CARGO_PKG_RUST_VERSION");
    assert!(
        readme.contains(&format!("Rust {rust} or newer")),
        "the README does not name Rust {rust}, Cargo.toml's rust-version"
    );
    assert!(readme.contains("cargo install --locked --path ."));
}

#[test]
fn the_reader_joins_lines_skips_no_run_blocks_and_other_languages() {
    let document = "text\n```sh\nparley a \\\n    --b c   # note\n\nparley d\n```\n\
                    ```sh no-run\nparley never\n```\n```toml\nparley = 1\n```\n";
    let lines: Vec<(usize, String)> = shell_lines(document)
        .into_iter()
        .map(|l| (l.number, l.text))
        .collect();
    assert_eq!(
        lines,
        [
            (3, "parley a --b c   # note".to_owned()),
            (6, "parley d".to_owned())
        ]
    );
    assert_eq!(
        shlex::split(&lines[0].1).unwrap(),
        ["parley", "a", "--b", "c"]
    );
    let words = |s: &str| shlex::split(s).unwrap();
    assert!(is_cargo(&words("cargo test --locked")));
    assert!(is_cargo(&words("PARLEY_SOAK_SECS=600 cargo test")));
    assert!(!is_cargo(&words("parley report")));
}
