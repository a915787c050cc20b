//! `parley round new`: a round file for the next round, ready to fill in, that imports
//! as printed once it holds a title and a date; and `--edit`, which opens it in the
//! analyst's editor and imports it when the editor exits (driven here by scripted
//! editors: shell scripts that edit the file as an analyst would).

mod common;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Output;

use common::TestEnv;

const FOLLOW_UP: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/follow-up.toml");

/// A seeded database, at a "now" after the rounds the tests log, with a folder of its
/// own for the editor's temporary files.
fn env() -> TestEnv {
    let mut env = TestEnv::seeded();
    env.now = "2026-01-15T09:00:00Z".into();
    std::fs::create_dir(env.path("tmp")).unwrap();
    env
}

/// `round new --edit …` with `editor` as `$EDITOR` (and the test's own temporary
/// folder); standard input is not a terminal, so it imports without asking.
fn edit(env: &TestEnv, editor: &str, args: &[&str]) -> Output {
    env.cmd()
        .env("EDITOR", editor)
        .env("TMPDIR", env.path("tmp"))
        .args(["round", "new", "--edit"])
        .args(args)
        .output()
        .expect("run parley")
}

/// An editor: a shell script, run as `script FILE`.
fn editor(env: &TestEnv, name: &str, body: &str) -> String {
    let path = env.write(
        name,
        &format!("#!/bin/sh\nPATH=/usr/bin:/bin\nset -e\n{body}\n"),
    );
    std::fs::set_permissions(&path, std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();
    path.display().to_string()
}

/// The files the editor flow left in the test's temporary folder.
fn kept(env: &TestEnv) -> Vec<PathBuf> {
    std::fs::read_dir(env.path("tmp"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).unwrap()
}

const ABU_DHABI: [&str; 6] = [
    "--title",
    "Talks in Abu Dhabi",
    "--date",
    "2025-12-02",
    "--location",
    "Abu Dhabi",
];

/// The status block an analyst adds for an item that moved, at the end of the file.
const MOVED: &str = "printf '\\n[[round.status]]\\nitem = \"prisoner-exchanges\"\\nstatus = \"%s\"\\nnote = \"Lists exchanged.\"\\n' \"$STATUS\" >> \"$1\"";

#[test]
fn the_template_imports_as_printed_with_the_last_rounds_parties() {
    let env = env();
    let mut args = vec!["round", "new", "-o", "abu-dhabi.toml"];
    args.extend(ABU_DHABI);
    assert_eq!(
        env.ok(&args),
        "",
        "written to the file, not to standard output"
    );
    let statuses = env.count("status_record");
    assert_eq!(
        env.ok(["import", "abu-dhabi.toml"]),
        "wrote: 1 round, 5 participants\n"
    );
    assert_eq!(
        env.query(
            "SELECT p.slug, rp.role FROM round_party rp JOIN party p USING (party_id)
             JOIN round r USING (round_id) WHERE r.slug = 'abu-dhabi-2025-12-02'
             ORDER BY rp.round_party_id"
        ),
        env.query(
            "SELECT p.slug, rp.role FROM round_party rp JOIN party p USING (party_id)
             JOIN round r USING (round_id) WHERE r.slug = 'geneva-2025-11-23'
             ORDER BY rp.round_party_id"
        )
    );
    assert_eq!(
        env.query("SELECT title, start_date, location, state FROM round WHERE slug = 'abu-dhabi-2025-12-02'"),
        [["Talks in Abu Dhabi", "2025-12-02", "Abu Dhabi", "held"]]
    );
    assert_eq!(
        env.count("status_record"),
        statuses,
        "every status is commented out"
    );
}

#[test]
fn an_unfilled_template_is_refused_saying_what_to_fill_in() {
    let env = env();
    env.write("next.toml", &env.ok(["round", "new"]));
    let before = env.dump();
    let err = env.fails(["import", "next.toml"]);
    for expected in [
        "round[1].title: round '' is new, so it needs a title",
        "round[1].date: a round that is held needs a date",
        "round[1].slug: '' is not a slug",
    ] {
        assert!(err.contains(expected), "{expected:?} in:\n{err}");
    }
    assert_eq!(env.dump(), before);

    // Given a date only, the title is still asked for.
    env.write(
        "dated.toml",
        &env.ok(["round", "new", "--date", "2025-12-02"]),
    );
    let err = env.fails(["import", "dated.toml"]);
    assert!(err.contains("needs a title"), "{err}");
    assert_eq!(env.dump(), before);
}

#[test]
fn every_item_is_listed_with_its_status_in_force_to_uncomment_where_it_moved() {
    let env = env();
    env.ok(["import", FOLLOW_UP]);
    let template = env.ok(["round", "new", "--title", "Talks", "--date", "2025-12-20"]);
    let items = env.count("agenda_item");
    assert_eq!(
        template.matches("\n# [[round.status]]\n").count() as i64,
        items
    );
    assert!(
        template.contains(
            "# [[round.status]]\n\
             # item = \"prisoner-exchanges\"   # Prisoner exchanges\n\
             # status = \"progressing\"   # in force since follow-up-2025-12-05 (5 Dec 2025)\n"
        ),
        "{template}"
    );
    assert!(
        template.contains(
            "# item = \"security-guarantees\"   # Security guarantees\n\
             # status = \"contested\"   # in force since geneva-2025-11-23 (23 Nov 2025)\n"
        ),
        "{template}"
    );
    // The last round held is the follow-up, not the scheduled third round.
    assert!(
        template.contains("the last round held, follow-up-2025-12-05 (5 Dec 2025)"),
        "{template}"
    );
    assert_eq!(template.matches("[[round.participant]]\n").count(), 2);

    // Uncommenting one block and changing its status records the move.
    let moved = template.replace(
        "# [[round.status]]\n\
         # item = \"prisoner-exchanges\"   # Prisoner exchanges\n\
         # status = \"progressing\"   # in force since follow-up-2025-12-05 (5 Dec 2025)\n\
         # note = \"\"\n",
        "[[round.status]]\n\
         item = \"prisoner-exchanges\"\n\
         status = \"agreed\"\n\
         note = \"The first swap was agreed.\"\n",
    );
    assert_ne!(moved, template);
    env.write("talks.toml", &moved);
    env.ok(["import", "talks.toml"]);
    assert_eq!(
        env.query("SELECT status, round FROM current_status WHERE item = 'prisoner-exchanges'"),
        [["agreed", "talks-2025-12-20"]]
    );
}

#[test]
fn the_sources_listed_are_the_newest_and_the_rest_are_pointed_to() {
    let env = env();
    let mut file = String::from("[process]\nslug = \"ukraine-peace\"\n\n");
    for i in 1..=25 {
        file.push_str(&format!(
            "[[source]]\nslug = \"wire-{i:02}\"\noutlet = \"Wire\"\npublished = \"2025-12-{i:02}\"\n\n"
        ));
    }
    env.write("sources.toml", &file);
    env.ok(["import", "sources.toml"]);
    let template = env.ok(["round", "new"]);
    let listed: Vec<&str> = template
        .lines()
        .filter_map(|l| l.strip_prefix("#   "))
        .filter(|l| !l.starts_with("parley"))
        .collect();
    assert_eq!(listed.len(), 20, "{template}");
    assert_eq!(
        listed[0], "wire-25 (Wire, 25 Dec 2025)",
        "the newest, not yet cited, first"
    );
    assert!(
        template.contains("`parley source list` lists all 31 (11 more)"),
        "{template}"
    );
}

#[test]
fn bad_flags_and_a_slug_that_exists_are_refused_writing_nothing() {
    let env = env();
    let before = env.dump();
    let cases: [(&[&str], &str); 4] = [
        (&["--date", "2025-13-01"], "--date"),
        (&["--state", "hled"], "did you mean 'held'?"),
        (
            &["--date", "2025-11-23", "--location", "Geneva"],
            "round 'geneva-2025-11-23' already exists; choose another --slug",
        ),
        (&["--slug", "latest"], "cannot name a round"),
    ];
    for (flags, expected) in cases {
        let mut args = vec!["round", "new", "-o", "out.toml"];
        args.extend_from_slice(flags);
        let err = env.fails(&args);
        assert!(err.contains(expected), "{args:?}: {err}");
        assert!(!env.path("out.toml").exists(), "{args:?} wrote its file");
    }
    assert_eq!(env.dump(), before);
}

/// The template's reads go through indexes: the last round held among this process's
/// rounds only, and each source's latest citation by the source's index. (The
/// statements of `crates/parley-core/src/storage/template.rs`.)
#[test]
fn the_template_reads_through_indexes() {
    if common::file_only() {
        return;
    }
    let env = env();
    let plan = |sql: &str| -> Vec<String> {
        env.query(&format!("EXPLAIN QUERY PLAN {sql}"))
            .into_iter()
            .map(|row| row[3].clone())
            .collect()
    };
    let last = plan(
        "SELECT r.round_id, r.slug, r.title, r.start_date AS date, r.location, r.format, r.level
         FROM round_sequence s JOIN round r ON r.round_id = s.round_id
         WHERE s.process_id = 1 AND s.state = 'held'
         ORDER BY s.number DESC LIMIT 1",
    );
    assert!(
        last.iter()
            .any(|l| l.contains("SEARCH o USING COVERING INDEX round_order_number (process_id=?)")),
        "{last:#?}"
    );
    let sources = plan(
        "SELECT source, outlet, published_on
         FROM (SELECT s.slug AS source, s.outlet, s.published_on, s.source_id,
                      (SELECT max(c.citation_id) FROM citation c
                       WHERE c.source_id = s.source_id) AS last_cited
               FROM source s)
         ORDER BY last_cited IS NOT NULL, last_cited DESC, source_id DESC
         LIMIT 20",
    );
    assert!(
        sources
            .iter()
            .any(|l| l.contains("USING COVERING INDEX citation_source_id (source_id=?)")),
        "{sources:#?}"
    );
    assert!(
        !sources.iter().any(|l| l.starts_with("SCAN c")),
        "every citation read: {sources:#?}"
    );
}

#[test]
fn edit_imports_the_file_when_the_editor_saves_it() {
    let env = env();
    let script = editor(&env, "analyst.sh", &format!("STATUS=discussed\n{MOVED}"));
    let out = edit(&env, &script, &ABU_DHABI);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(
        text(&out.stdout),
        "wrote: 1 round, 5 participants, 1 status\n"
    );
    assert_eq!(
        env.query("SELECT status, round FROM current_status WHERE item = 'prisoner-exchanges'"),
        [["discussed", "abu-dhabi-2025-12-02"]]
    );
    assert!(
        kept(&env).is_empty(),
        "the temporary file is removed: {:?}",
        kept(&env)
    );
}

#[test]
fn edit_writes_nothing_when_the_file_comes_back_unchanged() {
    let env = env();
    let before = env.dump();
    let out = edit(&env, "/bin/true", &ABU_DHABI);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout), "");
    assert!(
        text(&out.stderr).contains("came back unchanged; nothing was written"),
        "{}",
        text(&out.stderr)
    );
    assert_eq!(env.dump(), before);
    assert!(kept(&env).is_empty());
}

#[test]
fn edit_writes_nothing_when_the_editor_fails_and_keeps_what_was_typed() {
    let env = env();
    let before = env.dump();
    let script = editor(
        &env,
        "quits.sh",
        &format!("STATUS=discussed\n{MOVED}\nexit 3"),
    );
    let out = edit(&env, &script, &ABU_DHABI);
    assert!(!out.status.success());
    assert_eq!(text(&out.stdout), "");
    let err = text(&out.stderr);
    assert!(
        err.contains(&format!(
            "--edit: the editor ({script}) failed (exit status: 3); nothing was written"
        )),
        "{err}"
    );
    assert_eq!(env.dump(), before);
    let kept = kept(&env);
    assert_eq!(kept.len(), 1, "{kept:?}");
    assert!(
        err.contains(&kept[0].display().to_string()),
        "the kept file is named: {err}"
    );
    assert!(
        std::fs::read_to_string(&kept[0])
            .unwrap()
            .contains("status = \"discussed\"")
    );
}

/// The first save holds a typo; the file reopens with the problem at the top, where a
/// second editor session (the same script, run again) finds it and fixes it.
#[test]
fn a_problem_reopens_the_file_with_the_problems_on_top_until_a_fix_imports() {
    let env = env();
    let seen = env.path("seen.toml");
    let script = editor(
        &env,
        "typo.sh",
        &format!(
            "if [ ! -e {count} ]; then\n  touch {count}\n  STATUS=discused\n  {MOVED}\n\
             else\n  cp \"$1\" {seen}\n  sed -i 's/discused/discussed/' \"$1\"\nfi",
            count = env.path("count").display(),
            seen = seen.display(),
        ),
    );
    let out = edit(&env, &script, &ABU_DHABI);
    let err = text(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert!(
        err.contains("did not import; reopening it with the problems at the top"),
        "{err}"
    );
    assert_eq!(
        text(&out.stdout),
        "wrote: 1 round, 5 participants, 1 status\n"
    );
    assert_eq!(
        env.query("SELECT status FROM current_status WHERE item = 'prisoner-exchanges'"),
        [["discussed"]]
    );

    // What the analyst saw the second time: the problem at the top, naming the line
    // that holds the typo in the file as reopened.
    let reopened = std::fs::read_to_string(&seen).unwrap();
    let lines: Vec<&str> = reopened.lines().collect();
    assert!(
        lines[0].starts_with("# parley: this round file did not import"),
        "{reopened}"
    );
    let problem = lines
        .iter()
        .find(|l| l.contains("unknown status 'discused'"))
        .unwrap_or_else(|| panic!("{reopened}"));
    assert!(problem.contains("did you mean 'discussed'?"), "{problem}");
    let line: usize = problem
        .strip_prefix("# parley: line ")
        .and_then(|rest| rest.split(',').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("{problem}"));
    assert_eq!(
        lines[line - 1],
        "status = \"discused\"",
        "line {line} of:\n{reopened}"
    );
    assert!(kept(&env).is_empty());
}

/// Leaving the reopened file as it was gives up: nothing is written, and what was
/// typed is kept.
#[test]
fn giving_up_on_a_reopened_file_writes_nothing_and_keeps_it() {
    let env = env();
    let before = env.dump();
    let script = editor(
        &env,
        "gives-up.sh",
        &format!(
            "if [ ! -e {count} ]; then\n  touch {count}\n  STATUS=discused\n  {MOVED}\nfi",
            count = env.path("count").display(),
        ),
    );
    let out = edit(&env, &script, &ABU_DHABI);
    let err = text(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert!(
        err.contains("came back unchanged; nothing was written"),
        "{err}"
    );
    assert_eq!(env.dump(), before);
    let kept = kept(&env);
    assert_eq!(kept.len(), 1, "{kept:?}");
    assert!(err.contains(&kept[0].display().to_string()), "{err}");
}

#[test]
fn visual_comes_before_editor_and_its_arguments_are_split_on_spaces() {
    let env = env();
    let script = editor(&env, "visual.sh", &format!("STATUS=discussed\n{MOVED}"));
    let out = env
        .cmd()
        .env("VISUAL", format!("/bin/sh {script}"))
        .env("EDITOR", "/bin/false")
        .env("TMPDIR", env.path("tmp"))
        .args(["round", "new", "--edit"])
        .args(ABU_DHABI)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(
        env.query("SELECT status FROM current_status WHERE item = 'prisoner-exchanges'"),
        [["discussed"]]
    );
}

#[test]
fn edit_without_an_editor_is_refused_before_anything_is_written() {
    let env = env();
    let before = env.dump();
    let err = env.fails(["round", "new", "--edit", "--title", "Talks"]);
    assert!(
        err.contains("--edit: neither $VISUAL nor $EDITOR names an editor"),
        "{err}"
    );
    assert_eq!(env.dump(), before);
    assert!(
        Path::new(&env.path("tmp"))
            .read_dir()
            .unwrap()
            .next()
            .is_none()
    );
}

/// On a terminal (here a pseudo-terminal that `script` gives the command), the dry
/// run's summary is shown and `Import? [y/N]` asked: anything but yes writes nothing
/// and keeps the file; yes imports.
#[test]
fn on_a_terminal_the_dry_run_is_shown_and_only_yes_imports() {
    let script = Path::new("/usr/bin/script");
    if !script.exists() {
        let _ = writeln!(
            std::io::stderr(),
            "note: util-linux `script` is not installed; skipping the terminal test"
        );
        return;
    }
    let env = env();
    let analyst = editor(&env, "analyst.sh", &format!("STATUS=discussed\n{MOVED}"));
    let on_a_terminal = |answer: &str| {
        let parley = assert_cmd::cargo::cargo_bin("parley");
        let mut cmd = std::process::Command::new(script);
        cmd.env_clear()
            .current_dir(env.dir.path())
            .env("PATH", "/usr/bin:/bin")
            .env("PARLEY_DB", env.db_arg())
            .env("PARLEY_NOW", &env.now)
            .env("EDITOR", &analyst)
            .env("TMPDIR", env.path("tmp"))
            .args(["-qec"])
            .arg(format!(
                "{} round new --edit --title Talks --date 2025-12-02 --location Miami",
                parley.display()
            ))
            .arg("/dev/null")
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped());
        let mut child = cmd.spawn().unwrap();
        child
            .stdin
            .take()
            .unwrap()
            .write_all(answer.as_bytes())
            .unwrap();
        let out = child.wait_with_output().unwrap();
        assert!(out.status.success());
        text(&out.stdout).replace("\r\n", "\n")
    };
    let before = env.dump();
    let said = on_a_terminal("n\n");
    assert!(
        said.contains("would write: 1 round, 5 participants, 1 status\nImport? [y/N] "),
        "{said}"
    );
    assert!(
        said.contains("nothing was written; the round file is kept at"),
        "{said}"
    );
    assert_eq!(env.dump(), before);
    assert_eq!(kept(&env).len(), 1);

    let said = on_a_terminal("y\n");
    assert!(
        said.contains("Import? [y/N] wrote: 1 round, 5 participants, 1 status\n"),
        "{said}"
    );
    assert_eq!(
        env.query("SELECT status, round FROM current_status WHERE item = 'prisoner-exchanges'"),
        [["discussed", "miami-2025-12-02"]]
    );
}
