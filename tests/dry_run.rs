//! `import --dry-run` plans the import and writes nothing, without taking the write
//! lock; it says exactly what the import would write. Each test imports the same files
//! into two copies of one database, once as a dry run and once for real, and compares
//! what they said (and that the dry run left its copy as it was).

mod common;

use common::TestEnv;

/// A follow-up round new to the database, with a claim of every kind.
const NEW_ROUND: &str = r#"
[process]
slug = "ukraine-peace"

[[party]]
slug = "turkey"
name = "Turkey"
short = "TR"
kind = "state"
aliases = ["Türkiye"]

[[source]]
slug = "ap-2025-12-02"
outlet = "AP News"
title = "Talks resume in Istanbul"
published = "2025-12-02"

[[item]]
slug = "energy-strikes"
parent = "localized-ceasefires"
title = "Energy infrastructure strikes"

[[round]]
slug = "istanbul-2025-12-02"
title = "Follow-up talks in Istanbul"
date = "2025-12-02"
location = "Istanbul"
state = "held"
sources = ["ap-2025-12-02"]

[[round.participant]]
party = "us"
role = "delegation"
note = "led by Marco Rubio"

[[round.participant]]
party = "Türkiye"
role = "host"

[[round.status]]
item = "prisoner-exchanges"
status = "discussed"
note = "Lists exchanged."

[[round.status]]
item = "energy-strikes"
status = "proposed"
sources = [{ source = "ap-2025-12-02", credibility = 2 }]

[[round.position]]
party = "ukraine"
item = "territorial-questions"
stance = "red_line"

[[round.commitment]]
slug = "exchange-lists"
item = "prisoner-exchanges"
kind = "agreement_in_principle"
description = "Exchange lists of prisoners within a week."
parties = ["us", "ukraine"]
fate = "open"

[[round.quote]]
speaker_name = "Marco Rubio"
party = "us"
text = "Productive."

[[round.quote]]
speaker_name = "Marco Rubio"
party = "us"
text = "Productive."

[[round.note]]
kind = "caution"
body = "Nothing is agreed until everything is agreed."
"#;

/// The Geneva round named again: statuses and stances corrected, one unchanged,
/// commitments amended and given a fate, a quote it has and one it lacks.
const CORRECTIONS: &str = r#"
[process]
slug = "ukraine-peace"

[[round]]
slug = "geneva-2025-11-23"
sources = ["reuters-2025-11-23", { source = "ap-2025-11-23", credibility = 2 }]

[[round.status]]
item = "prisoner-exchanges"
status = "discussed"

[[round.status]]
item = "security-guarantees"
status = "contested"
note = "Listed among the deeply contested issues."

[[round.position]]
party = "ukraine"
item = "territorial-questions"
stance = "priority"
note = "Read again."

[[round.commitment]]
slug = "humanitarian-mechanism"
item = "humanitarian-coordination"
kind = "mechanism"
description = "A preliminary mechanism to expand humanitarian assistance."
parties = ["us", "ukraine", "aid-organisations"]
fate = "partly_fulfilled"
fate_note = "Some convoys only."

[[round.quote]]
speaker_description = "a Ukrainian negotiator"
text = "We are not there yet."

[[round.note]]
kind = "context"
body = "Read again a week later."
"#;

/// The Geneva round's details changed in part: a title, a cleared tone, a new place.
const PARTIAL: &str = r#"
[process]
slug = "ukraine-peace"

[[round]]
slug = "geneva-2025-11-23"
title = "U.S.–Ukraine talks in Geneva (first day)"
location = "Geneva, Switzerland"
clear = ["tone"]

[[round.participant]]
party = "ukraine"
role = "delegation"
note = "led by Rustem Umerov"
"#;

/// A second file naming the round the first adds, and the Geneva round the other
/// files change: compared with what the first files would have written.
const AGAIN: &str = r#"
[process]
slug = "ukraine-peace"

[[party]]
slug = "turkey"
name = "Republic of Türkiye"
short = "TR"
kind = "state"
aliases = ["Türkiye", "Ankara"]

[[source]]
slug = "ap-2025-12-02"
outlet = "AP News"
title = "Talks resume in Istanbul, with Turkey hosting"
published = "2025-12-02"

[[round]]
slug = "istanbul-2025-12-02"
tone = "Cautious"
sources = ["ap-2025-12-02", "reuters-2025-11-23"]

[[round.participant]]
party = "us"
role = "delegation"
note = "led by Steve Witkoff"

[[round.status]]
item = "prisoner-exchanges"
status = "progressing"
note = "Lists exchanged."

[[round.status]]
item = "energy-strikes"
status = "proposed"
sources = [{ source = "ap-2025-12-02", credibility = 2 }]

[[round.commitment]]
slug = "exchange-lists"
item = "prisoner-exchanges"
kind = "agreement_in_principle"
description = "Exchange lists of prisoners within a week."
parties = ["us", "ukraine"]
fate = "fulfilled"

[[round.quote]]
speaker_name = "Marco Rubio"
party = "us"
text = "Productive."

[[round.quote]]
speaker_name = "Marco Rubio"
party = "us"
text = "Very productive."

[[round]]
slug = "geneva-2025-11-23"
title = "U.S.–Ukraine talks in Geneva"

[[round.status]]
item = "prisoner-exchanges"
status = "progressing"

[[round.commitment]]
slug = "humanitarian-mechanism"
item = "humanitarian-coordination"
kind = "mechanism"
description = "A preliminary mechanism to expand humanitarian assistance."
parties = ["us", "ukraine", "aid-organisations"]
fate = "partly_fulfilled"
fate_note = "Some convoys only."
"#;

/// Imports `files` (written into both folders) as a dry run into one seeded
/// database and for real into another; checks that the dry run wrote nothing and
/// said what the real import did, and returns what that was.
fn dry_run_says_what_import_writes(files: &[(&str, &str)]) -> String {
    let dry = TestEnv::seeded();
    let real = TestEnv::seeded();
    for (name, text) in files {
        dry.write(name, text);
        real.write(name, text);
    }
    let names: Vec<&str> = files.iter().map(|(name, _)| *name).collect();
    let before = dry.dump();
    let said = dry.ok([&["import", "--dry-run"][..], &names].concat());
    assert_eq!(dry.dump(), before, "the dry run wrote");
    let wrote = real.ok([&["import"][..], &names].concat());
    assert_eq!(said.replace("would write: ", "wrote: "), wrote);
    assert!(!wrote.contains("nothing changed"), "{wrote}");
    wrote
}

#[test]
fn a_dry_run_of_new_rounds_says_what_the_import_writes() {
    let wrote = dry_run_says_what_import_writes(&[("new.toml", NEW_ROUND)]);
    // The repeated quote is written once; the open fate says nothing, so is not kept.
    assert!(
        wrote.contains("1 round,") && wrote.contains("1 quote,"),
        "{wrote}"
    );
    assert!(!wrote.contains("commitment fate"), "{wrote}");
}

#[test]
fn a_dry_run_of_corrections_says_what_the_import_writes() {
    let wrote = dry_run_says_what_import_writes(&[("corrections.toml", CORRECTIONS)]);
    assert!(wrote.contains("status correction"), "{wrote}");
    assert!(wrote.contains("1 position correction"), "{wrote}");
    assert!(wrote.contains("1 commitment fate"), "{wrote}");
}

#[test]
fn a_dry_run_of_a_partial_round_update_lists_the_same_edits() {
    let wrote = dry_run_says_what_import_writes(&[("partial.toml", PARTIAL)]);
    assert!(
        wrote.starts_with("round geneva-2025-11-23: title"),
        "{wrote}"
    );
    assert!(wrote.contains("tone "), "{wrote}");
}

#[test]
fn a_dry_run_compares_a_round_named_again_with_what_it_would_have_written() {
    let wrote = dry_run_says_what_import_writes(&[
        ("new.toml", NEW_ROUND),
        ("corrections.toml", CORRECTIONS),
        ("partial.toml", PARTIAL),
        ("again.toml", AGAIN),
    ]);
    // Both edits of the Geneva title are listed, each against the one before it.
    assert_eq!(
        wrote.matches("round geneva-2025-11-23: ").count(),
        2,
        "{wrote}"
    );
    assert!(wrote.contains("round istanbul-2025-12-02: tone"), "{wrote}");
}

#[test]
fn a_dry_run_of_a_file_read_in_pieces_says_what_the_import_writes() {
    let text = common::synthetic_round_file("p-", 60, 150);
    assert!(text.len() >= 512 << 10, "{} bytes", text.len());
    let mut again = common::synthetic_round_file("p-", 3, 150);
    // The same rounds' statuses moved on one step, in a second file.
    again = again.replace("status = \"proposed\"", "status = \"stalled\"");
    dry_run_says_what_import_writes(&[("large.toml", &text), ("again.toml", &again)]);
}

/// A dry run reads what it compares with in a read transaction: another writer
/// holding the write lock does not hold it up (an import waits for the lock, and
/// would fail here after the 60-second busy timeout).
#[test]
fn a_dry_run_does_not_take_the_write_lock() {
    use std::io::{BufRead, BufReader, Write};
    use std::process::{Command, Stdio};

    let env = TestEnv::seeded();
    env.write("corrections.toml", CORRECTIONS);
    let Ok(mut writer) = Command::new("sqlite3")
        .arg(&env.db)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
    else {
        eprintln!("skipped: the sqlite3 shell is not installed");
        return;
    };
    let mut stdin = writer.stdin.take().expect("a pipe");
    writeln!(stdin, "BEGIN IMMEDIATE; SELECT 'locked';").expect("the shell reads");
    stdin.flush().expect("the shell reads");
    // The shell answers once it holds the lock.
    let mut line = String::new();
    BufReader::new(writer.stdout.take().expect("a pipe"))
        .read_line(&mut line)
        .expect("the shell answers");
    assert_eq!(line.trim(), "locked");

    let said = env.ok(["import", "--dry-run", "corrections.toml"]);
    assert!(said.starts_with("would write:"), "{said}");

    writeln!(stdin, "ROLLBACK;").expect("the shell reads");
    drop(stdin);
    writer.wait().expect("the shell ends");
}
