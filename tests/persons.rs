//! Persons (issue 12): `person add / list / show`, a delegation's lead, a quote's
//! speaker and the persons a note names, by flags and in round files; persons resolve
//! as parties do. Outlets: a source's outlet resolves like a party's name, so that
//! `Reuters` and `Reuters (via Investing.com)` are one outlet, the "via" kept apart.
//!
//! Before this, a person was free text (`--speaker "Marco Rubio"` wrote a name that
//! nothing else could find) and every outlet text was its own outlet: each test below
//! fails on that code, for want of the commands, the fields or the tables.

mod common;

use common::TestEnv;
use serde_json::Value;

/// A seeded database with two negotiators.
fn with_persons() -> TestEnv {
    let env = TestEnv::seeded();
    env.ok([
        "person",
        "add",
        "Rustem Umerov",
        "--party",
        "Kyiv",
        "--role",
        "Secretary of the National Security and Defense Council",
        "--alias",
        "Umerov",
    ]);
    env.ok([
        "person",
        "add",
        "Marco Rubio",
        "--party",
        "US",
        "--role",
        "Secretary of State",
        "--alias",
        "Rubio",
    ]);
    env
}

#[test]
fn person_add_and_list() {
    let env = with_persons();
    let listed = env.json(["person", "list", "--format", "json"]);
    assert_eq!(
        listed,
        serde_json::json!([
            {"person": "rustem-umerov", "name": "Rustem Umerov", "party": "ukraine",
             "role": "Secretary of the National Security and Defense Council",
             "aliases": "Umerov", "rounds": 0},
            {"person": "marco-rubio", "name": "Marco Rubio", "party": "us",
             "role": "Secretary of State", "aliases": "Rubio", "rounds": 0},
        ])
    );
    let csv = env.ok(["person", "list", "--format", "csv"]);
    assert!(
        csv.starts_with("person,name,party,role,aliases,rounds\n"),
        "{csv}"
    );
    // The schema's rows, as an analyst reads them.
    assert_eq!(
        env.query(
            "SELECT p.slug, pa.slug, a.alias FROM person p JOIN party pa USING (party_id)
             JOIN person_alias a USING (person_id) ORDER BY p.person_id"
        ),
        [
            ["rustem-umerov", "ukraine", "Umerov"],
            ["marco-rubio", "us", "Rubio"]
        ]
    );
}

#[test]
fn a_name_another_person_answers_to_is_refused() {
    let env = with_persons();
    let before = env.dump();
    let err = env.fails([
        "person",
        "add",
        "Marco Rubio Jr",
        "--party",
        "US",
        "--alias",
        "RUBIO",
    ]);
    assert!(
        err.contains("--alias") && err.contains("already names person 'marco-rubio'"),
        "{err}"
    );
    let err = env.fails(["person", "add", "Someone", "--party", "Ukrain"]);
    assert!(err.contains("did you mean 'ukraine'?"), "{err}");
    let err = env.fails(["person", "add", "Marco Rubio", "--party", "US"]);
    assert!(err.contains("already exists"), "{err}");
    assert_eq!(env.dump(), before);
}

#[test]
fn persons_resolve_by_slug_alias_and_name_regardless_of_case() {
    let env = with_persons();
    env.ok([
        "quote",
        "add",
        "Productive.",
        "--speaker",
        "RUBIO",
        "--party",
        "US",
    ]);
    // The same speaker named otherwise is the same quote: nothing is written.
    for name in ["marco-rubio", "marco rubio", "Marco Rubio"] {
        let said = env.ok([
            "quote",
            "add",
            "Productive.",
            "--speaker",
            name,
            "--party",
            "US",
        ]);
        assert!(said.starts_with("unchanged"), "{name}: {said}");
    }
    assert_eq!(
        env.query(
            "SELECT p.slug, q.speaker_name FROM quote q JOIN person p ON p.person_id = q.speaker_person_id"
        ),
        [["marco-rubio", "Marco Rubio"]]
    );
}

#[test]
fn an_unknown_person_fails_with_suggestions_and_writes_nothing() {
    let env = with_persons();
    let before = env.dump();
    let err = env.fails(["quote", "add", "Words.", "--speaker", "Umerv"]);
    assert!(
        err.contains("--speaker: unknown person 'Umerv'; did you mean 'rustem-umerov'?"),
        "{err}"
    );
    let err = env.fails(["note", "add", "context", "Briefed.", "--person", "Rubi"]);
    assert!(
        err.contains("--person: unknown person 'Rubi'; did you mean 'marco-rubio'?"),
        "{err}"
    );
    let err = env.fails(["person", "show", "Witkof"]);
    assert!(err.contains("unknown person 'Witkof'"), "{err}");
    let err = env.fails([
        "round",
        "add",
        "--title",
        "Talks",
        "--date",
        "2025-11-30",
        "--party",
        "US",
        "--lead",
        "US=Rubbio",
    ]);
    assert!(err.contains("did you mean 'marco-rubio'?"), "{err}");
    // A lead names a party that takes part.
    let err = env.fails([
        "round",
        "add",
        "--title",
        "Talks",
        "--date",
        "2025-11-30",
        "--party",
        "US",
        "--lead",
        "Ukraine=Umerov",
    ]);
    assert!(err.contains("not given with --party"), "{err}");
    // A round file naming one is refused at its line.
    let file = env.write(
        "unknown.toml",
        "[process]\nslug = \"ukraine-peace\"\n\n[[round]]\nslug = \"geneva-2025-11-23\"\n\n\
         [[round.note]]\nkind = \"context\"\nbody = \"Briefed.\"\npersons = [\"Umerov\", \"Witkof\"]\n",
    );
    let err = env.fails(["import", file.to_str().unwrap()]);
    assert!(
        err.contains("unknown.toml:10:")
            && err.contains("round[1].note[1].persons[2]: unknown person 'Witkof'"),
        "{err}"
    );
    assert_eq!(env.dump(), before);
}

/// A round file with persons declared, a lead, a speaker and a note's persons.
const FLORIDA: &str = r#"[process]
slug = "ukraine-peace"

[[person]]
slug = "steve-witkoff"
name = "Steve Witkoff"
party = "US"
role = "Special Envoy"
aliases = ["Witkoff"]

[[person]]
slug = "rustem-umerov"
name = "Rustem Umerov"
party = "ukraine"
aliases = ["Umerov"]

[[round]]
slug = "florida-2025-11-30"
title = "Talks in Florida"
date = "2025-11-30"
state = "held"
sources = ["ap-2025-11-23"]

[[round.participant]]
party = "us"
role = "delegation"
lead = "Witkoff"

[[round.participant]]
party = "ukraine"
role = "delegation"
lead = "rustem-umerov"

[[round.quote]]
speaker = "witkoff"
party = "us"
text = "Very productive."

[[round.note]]
kind = "context"
body = "Umerov and Witkoff met before the round."
persons = ["Umerov", "Steve Witkoff"]
"#;

#[test]
fn a_round_file_with_leads_speakers_and_note_persons_imports_and_exports_the_same() {
    let env = TestEnv::seeded();
    env.write("florida.toml", FLORIDA);
    let said = env.ok(["import", "florida.toml"]);
    assert!(said.contains("2 persons"), "{said}");
    assert_eq!(
        env.query(
            "SELECT pa.slug, pe.slug FROM round_party rp JOIN party pa USING (party_id)
             JOIN person pe ON pe.person_id = rp.lead_person_id ORDER BY rp.round_party_id"
        ),
        [["us", "steve-witkoff"], ["ukraine", "rustem-umerov"]]
    );
    // Importing it again writes nothing: the quote and the leads are there.
    assert!(
        env.ok(["import", "florida.toml"])
            .contains("nothing changed")
    );

    let exported = env.ok(["export"]);
    for line in [
        "lead = \"steve-witkoff\"",
        "speaker = \"steve-witkoff\"",
        "persons = [\"rustem-umerov\", \"steve-witkoff\"]",
        "[[person]]\nslug = \"steve-witkoff\"\nname = \"Steve Witkoff\"\nparty = \"us\"\nrole = \"Special Envoy\"\naliases = [\"Witkoff\"]",
    ] {
        assert!(exported.contains(line), "{line} not in:\n{exported}");
    }
    // Into an empty database, and out again: the same file.
    let copy = TestEnv::empty();
    copy.write("all.toml", &exported);
    copy.ok(["import", "all.toml"]);
    let again = copy.ok(["export"]);
    let body = |text: &str| text.lines().skip(2).collect::<Vec<_>>().join("\n");
    assert_eq!(body(&again), body(&exported));
}

#[test]
fn flags_write_what_the_round_file_writes() {
    let flags = TestEnv::seeded();
    flags.ok([
        "person",
        "add",
        "Steve Witkoff",
        "--party",
        "US",
        "--role",
        "Special Envoy",
        "--alias",
        "Witkoff",
    ]);
    flags.ok([
        "person",
        "add",
        "Rustem Umerov",
        "--party",
        "ukraine",
        "--alias",
        "Umerov",
    ]);
    flags.ok([
        "round",
        "add",
        "--title",
        "Talks in Florida",
        "--date",
        "2025-11-30",
        "--state",
        "held",
        "--slug",
        "florida-2025-11-30",
        "--party",
        "US",
        "--party",
        "Ukraine",
        "--lead",
        "US=Witkoff",
        "--lead",
        "ua=Rustem Umerov",
        "--source",
        "ap-2025-11-23",
    ]);
    flags.ok([
        "quote",
        "add",
        "Very productive.",
        "--speaker",
        "witkoff",
        "--party",
        "us",
        "--round",
        "florida-2025-11-30",
    ]);
    flags.ok([
        "note",
        "add",
        "context",
        "Umerov and Witkoff met before the round.",
        "--person",
        "Umerov",
        "--person",
        "Steve Witkoff",
        "--round",
        "florida-2025-11-30",
    ]);
    let file = TestEnv::seeded();
    file.write("florida.toml", FLORIDA);
    file.ok(["import", "florida.toml"]);
    let body = |env: &TestEnv| {
        let text = env.ok(["export", "florida-2025-11-30"]);
        text.lines().skip(2).collect::<Vec<_>>().join("\n")
    };
    assert_eq!(body(&flags), body(&file));
}

#[test]
fn person_show_lists_what_they_did_in_round_order() {
    let env = TestEnv::seeded();
    env.write("florida.toml", FLORIDA);
    env.ok(["import", "florida.toml"]);
    // A round logged later but dated earlier comes first, and renumbers Florida.
    env.ok([
        "round",
        "add",
        "--title",
        "Call",
        "--date",
        "2025-11-20",
        "--slug",
        "call-2025-11-20",
        "--party",
        "US",
        "--lead",
        "US=Witkoff",
    ]);
    env.ok([
        "quote",
        "add",
        "Later words.",
        "--speaker",
        "Witkoff",
        "--round",
        "florida-2025-11-30",
    ]);
    let shown = env.json(["person", "show", "Steve Witkoff", "--format", "json"]);
    let rows: Vec<(i64, &str, &str, &str)> = shown
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["number"].as_i64().unwrap(),
                r["round"].as_str().unwrap(),
                r["part"].as_str().unwrap(),
                r["text"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        rows,
        [
            (1, "call-2025-11-20", "led", "delegation"),
            (3, "florida-2025-11-30", "led", "delegation"),
            (3, "florida-2025-11-30", "quote", "Very productive."),
            (3, "florida-2025-11-30", "quote", "Later words."),
            (
                3,
                "florida-2025-11-30",
                "note",
                "context: Umerov and Witkoff met before the round."
            ),
        ]
    );
    let listed = env.json(["person", "list", "--format", "json"]);
    let witkoff = listed
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["person"] == "steve-witkoff")
        .unwrap();
    assert_eq!(witkoff["rounds"], 2);
}

#[test]
fn search_finds_persons_by_name_alias_and_role() {
    let env = with_persons();
    let hits = |words: &str| -> Vec<(String, Value)> {
        env.json(["search", words, "--format", "json"])
            .as_array()
            .unwrap()
            .iter()
            .map(|h| (h["kind"].as_str().unwrap().to_owned(), h["person"].clone()))
            .collect()
    };
    assert_eq!(
        hits("umerov"),
        [
            ("person".to_owned(), Value::from("rustem-umerov")),
            ("person_alias".to_owned(), Value::from("rustem-umerov")),
        ]
    );
    assert_eq!(
        hits("secretary state"),
        [("person".to_owned(), Value::from("marco-rubio"))]
    );
    // The full-text indexes agree with their tables.
    env.ok(["check"]);
}

#[test]
fn outlets_merge_reuters_and_reuters_via_investing_com_keeping_the_via() {
    let env = TestEnv::seeded();
    // The seed's source names "Reuters (via Investing.com)": the outlet is Reuters.
    assert_eq!(
        env.query(
            "SELECT s.outlet, o.slug, o.name, s.obtained_via FROM source s
             JOIN outlet o USING (outlet_id) WHERE s.slug = 'reuters-2025-11-23'"
        ),
        [[
            "Reuters (via Investing.com)",
            "reuters",
            "Reuters",
            "Investing.com"
        ]]
    );
    let said = env.ok(["source", "add", "reuters", "--date", "2025-12-01"]);
    assert_eq!(said, "added source reuters-2025-12-01 (outlet reuters)\n");
    let said = env.ok([
        "source",
        "add",
        "Reuters (via Yahoo News)",
        "--date",
        "2025-12-02",
    ]);
    assert_eq!(said, "added source reuters-2025-12-02 (outlet reuters)\n");
    let said = env.ok([
        "source",
        "add",
        "Politico",
        "--date",
        "2025-12-02",
        "--via",
        "MSN",
    ]);
    assert_eq!(
        said,
        "added source politico-2025-12-02 (new outlet politico)\n"
    );
    assert_eq!(
        env.query(
            "SELECT s.slug, o.slug, s.obtained_via FROM source s JOIN outlet o USING (outlet_id)
             WHERE o.slug IN ('reuters', 'politico') ORDER BY s.source_id"
        ),
        [
            ["reuters-2025-11-23", "reuters", "Investing.com"],
            ["reuters-2025-12-01", "reuters", "NULL"],
            ["reuters-2025-12-02", "reuters", "Yahoo News"],
            ["politico-2025-12-02", "politico", "MSN"],
        ]
    );
    let outlets = env.json(["outlet", "list", "--format", "json"]);
    let reuters = &outlets.as_array().unwrap()[0];
    assert_eq!(reuters["outlet"], "reuters");
    assert_eq!(reuters["sources"], 3);
}

/// A database of the previous schema gets its outlets from the distinct outlet texts,
/// "(via …)" split off, when the migration runs.
#[test]
fn upgrading_gives_existing_sources_their_outlets() {
    if common::file_only() {
        return;
    }
    let env = TestEnv::file();
    let previous = parley::storage::MIGRATOR
        .iter()
        .map(|m| m.version)
        .filter(|v| *v < 20251216000000)
        .max()
        .expect("a migration before persons and outlets");
    let db = env.db.clone();
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
        .block_on(async {
            let options = sqlx::sqlite::SqliteConnectOptions::new()
                .filename(&db)
                .create_if_missing(true);
            let pool = sqlx::SqlitePool::connect_with(options).await.unwrap();
            parley::storage::MIGRATOR
                .run_to(previous, &pool)
                .await
                .unwrap();
            sqlx::raw_sql(
                "INSERT INTO source (slug, outlet) VALUES
                     ('a', 'Reuters (via Investing.com)'), ('b', 'reuters'), ('c', 'AP News'),
                     ('d', 'AP-News'), ('e', 'Україна Today');",
            )
            .execute(&pool)
            .await
            .unwrap();
            pool.close().await;
        });
    env.ok(["init"]);
    assert_eq!(
        env.query(
            "SELECT s.slug, o.slug, o.name, s.obtained_via FROM source s
             JOIN outlet o USING (outlet_id) ORDER BY s.slug"
        ),
        [
            ["a", "reuters", "Reuters", "Investing.com"],
            ["b", "reuters", "Reuters", "NULL"],
            ["c", "ap-news", "AP News", "NULL"],
            ["d", "ap-news", "AP News", "NULL"],
            ["e", "today", "Україна Today", "NULL"],
        ]
    );
    env.ok(["check"]);
}

/// Datasette's metadata picks the new tables up from the schema: descriptions, label
/// columns (a lead or speaker shows a name, not an id) and search boxes.
#[test]
fn datasette_metadata_labels_and_searches_persons_and_outlets() {
    if common::file_only() {
        return;
    }
    let env = TestEnv::seeded();
    let metadata = env.json(["schema", "--format", "datasette"]);
    let tables = &metadata["databases"]["parley"]["tables"];
    for (table, label, fts) in [
        ("person", "name", "person_fts"),
        ("person_alias", "alias", "person_alias_fts"),
        ("outlet", "name", "outlet_fts"),
        ("outlet_alias", "alias", "outlet_alias_fts"),
    ] {
        assert_eq!(tables[table]["label_column"], label, "{table}");
        assert_eq!(tables[table]["fts_table"], fts, "{table}");
        assert!(
            tables[table]["description"]
                .as_str()
                .is_some_and(|d| !d.is_empty()),
            "{table}"
        );
    }
    // Columns added to existing tables are documented too.
    for (table, column) in [
        ("quote", "speaker_person_id"),
        ("round_party", "lead_person_id"),
        ("source", "outlet_id"),
        ("source", "obtained_via"),
    ] {
        assert!(
            tables[table]["columns"][column]
                .as_str()
                .is_some_and(|d| !d.is_empty()),
            "{table}.{column}"
        );
    }
    assert_eq!(tables["person_fts"]["hidden"], true);
}
