//! References, names and text (issue 10, items 10–13), and `report --as-of` before
//! the first record (item 15). Each test failed on the code before: round slugs `1`
//! and `latest` were accepted, a parent cycle across two imports was written, three
//! spellings of Türkiye made three parties, ESC reached the terminal and the
//! database, and `--as-of` before anything listed every item.

mod common;

use common::TestEnv;

/// A fixed second instant, for records written after the seed.
const LATER: &str = "2025-11-25T09:00:00Z";

fn refused(env: &TestEnv, args: &[&str], expected: &[&str]) -> String {
    let before = env.dump();
    let err = env.fails(args);
    for part in expected {
        assert!(
            err.contains(part),
            "parley {args:?}: expected {part:?} in:\n{err}"
        );
    }
    assert_eq!(env.dump(), before, "parley {args:?} changed the database");
    err
}

const ROUND_FILE_HEAD: &str = "[process]\nslug = \"ukraine-peace\"\n\n";

#[test]
fn round_slugs_that_read_as_references_are_refused_on_every_path() {
    let env = TestEnv::seeded();
    for slug in ["1", "42", "latest", "previous"] {
        refused(
            &env,
            &[
                "round",
                "add",
                "--title",
                "Talks",
                "--date",
                "2025-11-24",
                "--slug",
                slug,
            ],
            &["--slug", "cannot name a round"],
        );
        env.write(
            "r.toml",
            &format!(
                "{ROUND_FILE_HEAD}[[round]]\nslug = \"{slug}\"\ntitle = \"Talks\"\ndate = \"2025-11-24\"\nstate = \"held\"\n"
            ),
        );
        refused(
            &env,
            &["import", "r.toml"],
            &["r.toml:5:8: round[1].slug", "cannot name a round"],
        );
    }
    // Made from a title, the slug gets a suffix instead.
    env.ok(["round", "add", "--title", "Latest", "--state", "scheduled"]);
    env.ok(["round", "add", "--title", "2025", "--state", "scheduled"]);
    let slugs = env.query("SELECT slug FROM round ORDER BY round_id");
    let slugs: Vec<&str> = slugs.iter().map(|r| r[0].as_str()).collect();
    assert!(
        slugs.contains(&"latest-round") && slugs.contains(&"2025-round"),
        "{slugs:?}"
    );
    // `--round 1` still names the first round, not one called "1".
    let shown = env.ok(["round", "show", "1"]);
    assert!(shown.starts_with("Round 1 (geneva-2025-11-23, "), "{shown}");
}

#[test]
fn a_parent_cycle_through_the_database_is_refused_at_the_second_files_line() {
    let env = TestEnv::seeded();
    env.write(
        "child.toml",
        &format!(
            "{ROUND_FILE_HEAD}[[item]]\nslug = \"parent-item\"\ntitle = \"Parent item\"\n\n\
             [[item]]\nslug = \"child-item\"\ntitle = \"Child item\"\nparent = \"parent-item\"\n"
        ),
    );
    env.ok(["import", "child.toml"]);
    env.write(
        "cycle.toml",
        &format!(
            "{ROUND_FILE_HEAD}[[item]]\nslug = \"parent-item\"\ntitle = \"Parent item\"\nparent = \"child-item\"\n"
        ),
    );
    refused(
        &env,
        &["import", "cycle.toml"],
        &[
            "cycle.toml:7:10: item[1].parent",
            "'parent-item' would be its own ancestor: parent-item → child-item → parent-item",
        ],
    );
    assert!(env.ok(["check"]).starts_with("ok"));
}

/// Two imports checked at once, each adding half a cycle: the second to take the
/// write lock finds the other's link there and is refused, naming the items.
#[test]
fn the_writer_checks_parent_cycles_again_under_the_lock() {
    use parley::storage::{ImportOptions, Lookup, Storage, Writes};
    let env = TestEnv::seeded();
    env.write(
        "items.toml",
        &format!(
            "{ROUND_FILE_HEAD}[[item]]\nslug = \"a-item\"\ntitle = \"A\"\n\n[[item]]\nslug = \"b-item\"\ntitle = \"B\"\n"
        ),
    );
    env.ok(["import", "items.toml"]);
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let err = runtime.block_on(async {
        let db = env.backend().await;
        let catalogs = db.catalogs().await.unwrap();
        let file = |child: &str, parent: &str| {
            parley::roundfile::SourceText::new(
                format!("{child}.toml"),
                format!(
                    "{ROUND_FILE_HEAD}[[item]]\nslug = \"{child}\"\ntitle = \"{}\"\nparent = \"{parent}\"\n",
                    child.to_uppercase()
                ),
            )
        };
        // Both checked against the database before either is written.
        let first = parley::roundfile::load(&[file("a-item", "b-item")], &catalogs).unwrap();
        let second = parley::roundfile::load(&[file("b-item", "a-item")], &catalogs).unwrap();
        let options = ImportOptions::new("import");
        db.import(first, &options).await.unwrap();
        let err = db.import(second, &options).await.unwrap_err().to_string();
        db.close().await;
        err
    });
    assert!(
        err.contains("'b-item' would be its own ancestor: b-item → a-item → b-item"),
        "{err}"
    );
    let parent = env.query("SELECT parent_agenda_item_id FROM agenda_item WHERE slug = 'b-item'");
    assert_eq!(parent[0][0], "NULL");
}

#[test]
fn names_equal_under_normalisation_and_case_are_one_name() {
    let env = TestEnv::seeded();
    env.ok([
        "party",
        "add",
        "Turkey",
        "--short",
        "TR",
        "--alias",
        "T\u{fc}rkiye",
    ]);
    let slug = env.query("SELECT slug FROM party WHERE name = 'Turkey'");
    assert_eq!(slug[0][0], "turkey");
    for spelling in ["Tu\u{308}rkiye", "T\u{dc}RKIYE"] {
        refused(
            &env,
            &["party", "add", "Other", "--alias", spelling],
            &["--alias", "already names party 'turkey'"],
        );
        refused(
            &env,
            &["party", "add", spelling],
            &["NAME", "already names party 'turkey'"],
        );
        // And every spelling finds the one party.
        let out = env.ok([
            "round",
            "add",
            "--title",
            "Talks",
            "--date",
            "2025-11-24",
            "--party",
            spelling,
            "--slug",
            &format!("talks-{}", spelling.len()),
        ]);
        assert!(out.contains("added round"), "{out}");
    }
    let turkey_rounds = env.query(
        "SELECT count(*) FROM round_party JOIN party USING (party_id) WHERE slug = 'turkey'",
    );
    assert_eq!(turkey_rounds[0][0], "2");
    // In a round file, the clash is refused at its field, whether the other name is in
    // the database or earlier in the same import.
    env.write(
        "alias.toml",
        &format!(
            "{ROUND_FILE_HEAD}[[party]]\nslug = \"ankara\"\nname = \"Ankara\"\nkind = \"delegation\"\naliases = [\"TU\u{308}RKIYE\"]\n"
        ),
    );
    refused(
        &env,
        &["import", "alias.toml"],
        &["alias.toml:8:12: party[1].aliases[1]: 'TU\u{308}RKIYE' already names party 'turkey'"],
    );
    env.write(
        "parties.toml",
        &format!(
            "{ROUND_FILE_HEAD}[[party]]\nslug = \"ankara\"\nname = \"Ankara\"\nkind = \"delegation\"\n\n\
             [[party]]\nslug = \"ankara-2\"\nname = \"ANKARA\"\nkind = \"delegation\"\n"
        ),
    );
    refused(
        &env,
        &["import", "parties.toml"],
        &["parties.toml:11:8: party[2].name: 'ANKARA' already names party 'ankara'"],
    );
    // Agenda item titles are names too, within their process.
    refused(
        &env,
        &["item", "add", "PRISONER EXCHANGES", "--slug", "swaps"],
        &["TITLE", "already names agenda item 'prisoner-exchanges'"],
    );
}

#[test]
fn slugs_made_from_names_transliterate() {
    let env = TestEnv::seeded();
    env.ok(["party", "add", "Беларусь"]);
    env.ok(["item", "add", "Überwachung der Waffenruhe"]);
    let party = env.query("SELECT slug FROM party WHERE name = 'Беларусь'");
    assert_eq!(party[0][0], "belarus");
    let item = env.query("SELECT slug FROM agenda_item WHERE title = 'Überwachung der Waffenruhe'");
    assert_eq!(item[0][0], "uberwachung-der-waffenruhe");
}

#[test]
fn control_characters_are_refused_in_flags_and_files_and_never_echoed_raw() {
    let env = TestEnv::seeded();
    let err = refused(
        &env,
        &[
            "round",
            "add",
            "--title",
            "\u{1b}[31mRed talks",
            "--date",
            "2025-11-24",
        ],
        &["--title", "control character \\u{1b}"],
    );
    assert!(!err.contains('\u{1b}'), "{err}");
    let err = refused(
        &env,
        &["status", "set", "\u{1b}]0;owned\u{7}", "--status", "agreed"],
        &["unknown agenda item '\\u{1b}]0;owned\\u{7}'"],
    );
    assert!(!err.contains('\u{1b}') && !err.contains('\u{7}'), "{err}");
    for (value, shown) in [
        ("\\u001b[2J", "\\u{1b}"),
        ("a\\u0000b", "\\u{0}"),
        ("a\\rb", "\\u{d}"),
    ] {
        env.write(
            "r.toml",
            &format!(
                "{ROUND_FILE_HEAD}[[round]]\nslug = \"r\"\ntitle = \"R\"\ndate = \"2025-11-24\"\nstate = \"held\"\nsummary = \"{value}\"\n"
            ),
        );
        let err = refused(&env, &["import", "r.toml"], &["round[1].summary", shown]);
        assert!(!err.chars().any(|c| c.is_control() && c != '\n'), "{err:?}");
    }
    // A Windows line break is a line break.
    env.write(
        "r.toml",
        &format!(
            "{ROUND_FILE_HEAD}[[round]]\nslug = \"r\"\ntitle = \"R\"\ndate = \"2025-11-24\"\nstate = \"held\"\nsummary = \"one\\r\\ntwo\"\n"
        ),
    );
    env.ok(["import", "r.toml"]);
    let summary = env.query("SELECT summary FROM round WHERE slug = 'r'");
    assert_eq!(summary[0][0], "one\ntwo");
}

#[test]
fn report_as_of_shows_only_what_existed_then() {
    let mut env = TestEnv::seeded();
    env.now = LATER.into();
    env.ok(["item", "add", "Energy infrastructure", "--slug", "energy"]);
    env.write(
        "retitle.toml",
        &format!(
            "{ROUND_FILE_HEAD}[[round]]\nslug = \"geneva-2025-11-23\"\ntitle = \"Geneva, retitled\"\ndate = \"2025-11-23\"\nstate = \"held\"\n"
        ),
    );
    env.ok(["import", "retitle.toml"]);

    // Before anything was recorded: nothing.
    let before = env.json([
        "report",
        "--format",
        "json",
        "--as-of",
        "2025-11-01T00:00:00Z",
    ]);
    assert_eq!(before["rounds"], serde_json::json!([]));
    assert_eq!(before["items"], serde_json::json!([]));
    assert_eq!(before["latest_round"], serde_json::Value::Null);

    // Between the seed and the later writes: the seed's items, the round as titled then.
    let then = env.json([
        "report",
        "--format",
        "json",
        "--as-of",
        "2025-11-24T12:00:00Z",
    ]);
    let items: Vec<&str> = then["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["item"].as_str().unwrap())
        .collect();
    assert!(items.contains(&"prisoner-exchanges"), "{items:?}");
    assert!(!items.contains(&"energy"), "{items:?}");
    assert_eq!(then["rounds"][0]["title"], "U.S.–Ukraine talks in Geneva");

    let now = env.json(["report", "--format", "json"]);
    assert_eq!(now["rounds"][0]["title"], "Geneva, retitled");
    assert!(
        now["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|i| i["item"] == "energy")
    );
}
