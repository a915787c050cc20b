//! Edits, retractions, `import --history` and `check` on a PostgreSQL server, shown by
//! equivalence: the same timeline in a file and, copied, on a server; every write
//! applied to both through the library, each answering the same (the edit reported,
//! the retraction written, the very same refusal) and leaving the same rows in every
//! table, the history tables and the write log included (the server is copied back
//! into a file and the two files compared row by row).
//!
//! The clock is fixed for the whole test binary (`PARLEY_NOW`, read by the library's
//! writes in this process): both backends stamp every write alike.
//!
//! Each test takes a database of its own on the server `PARLEY_TEST_POSTGRES` names
//! (`scripts/postgres-test-server start`), and is skipped with a note where it is unset.

mod common;

use std::fmt::Debug;
use std::sync::Once;

use common::TestEnv;
use common::breaches::{SETUP, breaches};
use common::postgres::PgDatabase;
use parley::domain::model::{FieldUpdates, Outlet, Update};
use parley::postgres::{Server, ServerUrl};
use parley::storage::check::Problem;
use parley::storage::edit::{AliasEdit, EditKey, EditTable, Items, Parties, SourceOutlet, Sources};
use parley::storage::rules::rules;
use parley::storage::{Database, RetractTarget};

const FOLLOW_UP: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/follow-up.toml");
const FATES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/fates.toml");
const SUB_ITEMS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/sub-items.toml");
const PERSONS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/persons.toml");

/// The instant every write of this process records (after every fixture's).
const CLOCK: &str = "2025-12-20T09:00:00Z";

/// Fixes the library's clock for this process, once, before any write through it.
fn fixed_clock() {
    static SET: Once = Once::new();
    SET.call_once(|| {
        // SAFETY: set once, to the same value for every test of this binary, before
        // the library reads it; the binaries the tests run get their own environment.
        unsafe { std::env::set_var("PARLEY_NOW", CLOCK) };
    });
}

/// A file holding the Geneva seed, whichever backend the suite runs on.
fn seeded_file() -> TestEnv {
    let env = TestEnv::file();
    env.ok(["init"]);
    env
}

/// The seed with the fixtures' rounds, fates, sub-items and persons, a correction, a
/// source, party and item edited and an alias removed, written through the binary.
fn timeline() -> TestEnv {
    let mut env = seeded_file();
    let mut at = |now: &str, args: &[&str]| {
        env.now = now.to_owned();
        env.ok(args);
    };
    at(
        "2025-12-06T09:00:00Z",
        &["import", FOLLOW_UP, FATES, SUB_ITEMS, PERSONS],
    );
    at(
        "2025-12-07T09:00:00Z",
        &[
            "status",
            "set",
            "prisoner-exchanges",
            "--round",
            "follow-up-2025-12-05",
            "--status",
            "stalled",
        ],
    );
    at(
        "2025-12-08T09:00:00Z",
        &["party", "edit", "us", "--remove-alias", "usa"],
    );
    at(
        "2025-12-08T09:01:00Z",
        &[
            "source",
            "edit",
            "fixture-wire-2025-12-05",
            "--title",
            "Lists exchanged",
        ],
    );
    env
}

/// [`timeline`] with a synthetic process beside the seed's (process 2): its rounds,
/// items and statuses.
fn timeline_and_synth() -> TestEnv {
    let mut env = timeline();
    let synth = env.write("synth.toml", &common::synthetic_round_file("s-", 6, 4));
    env.now = "2025-12-08T10:00:00Z".into();
    env.ok(["import", synth.to_str().unwrap()]);
    env
}

/// A file and its copy on a fresh server database, both open through the library.
struct Pair {
    env: TestEnv,
    pg: PgDatabase,
    file: Database,
    server: Server,
}

impl Pair {
    fn new(env: TestEnv) -> Option<Pair> {
        fixed_clock();
        let pg = PgDatabase::new()?;
        let url = pg.url(None);
        env.ok(["copy", "--from", "parley.db", "--to", &url]);
        let (file, server) = pg.block_on(async {
            let (file, _) = Database::open(&env.db).await.expect("the file opens");
            let url = ServerUrl::parse(&url).expect("a server URL");
            let server = Server::open(&url).await.expect("the server opens");
            (file, server)
        });
        Some(Pair {
            env,
            pg,
            file,
            server,
        })
    }

    /// Edits the record `key` names on both, which must answer alike.
    fn edit<T: EditTable>(
        &self,
        key: EditKey<'_>,
        updates: &FieldUpdates,
        extra: &T::Extra,
    ) -> Result<String, String> {
        let command = "edit";
        self.same(
            async {
                self.file
                    .edit_record::<T>(command, key, updates, extra)
                    .await
            },
            async {
                self.server
                    .edit_record::<T>(command, key, updates, extra)
                    .await
            },
        )
    }

    fn retract(&self, target: RetractTarget<'_>, what: &str) -> Result<String, String> {
        let reason = "logged in error";
        self.same(
            async { self.file.retract(target, what, reason, "retract").await },
            async { self.server.retract(target, what, reason, "retract").await },
        )
    }

    /// Runs the same call on the file, then on the server; both must give the same
    /// value or the same refusal, which is returned (as Debug text, or the error's).
    fn same<T: PartialEq + Debug>(
        &self,
        on_file: impl Future<Output = parley::Result<T>>,
        on_server: impl Future<Output = parley::Result<T>>,
    ) -> Result<String, String> {
        let file = self.pg.block_on(on_file).map_err(|e| e.to_string());
        let server = self.pg.block_on(on_server).map_err(|e| e.to_string());
        assert_eq!(file, server, "the file and the server answer alike");
        file.map(|v| format!("{v:?}"))
    }

    /// Copies the server back into a new file: it holds every row the file holds.
    fn assert_same_rows(self) {
        let url = self.pg.url(None);
        self.pg.block_on(async {
            self.file.close().await;
            self.server.close().await;
        });
        let back = TestEnv::file();
        back.ok(["copy", "--from", &url, "--to", "parley.db"]);
        common::assert_same_lines(&self.env.content(), &back.content());
    }
}

fn set(value: &str) -> Update<String> {
    Update::Set(value.to_owned())
}

fn key(slug: &str) -> EditKey<'_> {
    EditKey {
        process_id: None,
        slug,
    }
}

fn item(slug: &str) -> EditKey<'_> {
    EditKey {
        process_id: Some(1),
        slug,
    }
}

/// Sources, parties and items edited on both: each field change, a new outlet, aliases
/// added and removed (in another case than held), a rename keeping the old name, an
/// item given a parent and a parent cleared, an edit that changes nothing; and the
/// refusals: an unknown record, an alias not held, a short code or outlet slug another
/// holds, a parent that is not an item, an item made its own ancestor.
#[test]
fn edits_leave_the_same_rows_and_refusals_on_a_server() {
    if common::file_only() {
        return;
    }
    let Some(pair) = Pair::new(timeline_and_synth()) else {
        return;
    };
    let none = AliasEdit::default();
    let done = |r: Result<String, String>| r.expect("the edit is written");
    let refused = |r: Result<String, String>, words: &str| {
        let err = r.expect_err("the edit is refused");
        assert!(err.contains(words), "{err}");
    };

    // Parties.
    let renamed = done(pair.edit::<Parties>(
        key("ukraine"),
        &vec![("name", set("Ukraine (Kyiv)")), ("short", set("UKR"))],
        &AliasEdit {
            keep_old_name: true,
            ..AliasEdit::default()
        },
    ));
    assert!(renamed.contains("Ukraine (Kyiv)"), "{renamed}");
    done(pair.edit::<Parties>(
        key("us"),
        &vec![],
        &AliasEdit {
            add: vec!["Uncle Sam".into(), "uncle sam".into()],
            remove: vec!["washington".into()],
            keep_old_name: false,
        },
    ));
    done(pair.edit::<Parties>(
        key("us"),
        &vec![("short", Update::Clear)],
        &AliasEdit {
            remove: vec!["UNCLE SAM".into()],
            ..AliasEdit::default()
        },
    ));
    let unchanged = done(pair.edit::<Parties>(key("russia"), &vec![("short", set("RU"))], &none));
    assert!(unchanged.contains("fields: []"), "{unchanged}");
    refused(
        pair.edit::<Parties>(key("nobody"), &vec![("name", set("No one"))], &none),
        "party 'nobody' is not in the database",
    );
    refused(
        pair.edit::<Parties>(
            key("russia"),
            &vec![],
            &AliasEdit {
                remove: vec!["Kremlin".into()],
                ..AliasEdit::default()
            },
        ),
        "the party has no alias 'Kremlin'",
    );
    refused(
        pair.edit::<Parties>(key("russia"), &vec![("short", set("EU"))], &none),
        "party",
    );

    // Sources.
    done(pair.edit::<Sources>(
        key("ap-2025-11-23"),
        &vec![("title", set("Talks in Geneva")), ("url", Update::Clear)],
        &None,
    ));
    done(pair.edit::<Sources>(
        key("sky-2025-11-23"),
        &vec![
            ("outlet", set("Sky News Arabia")),
            ("reliability", set("B")),
        ],
        &Some(SourceOutlet {
            slug: "sky-news-arabia".into(),
            obtained_via: None,
            new: Some(Outlet {
                slug: "sky-news-arabia".into(),
                name: "Sky News Arabia".into(),
                aliases: vec![],
            }),
        }),
    ));
    done(pair.edit::<Sources>(
        key("cgtn-2025-11-23"),
        &vec![("outlet", set("Reuters via CGTN"))],
        &Some(SourceOutlet {
            slug: "reuters".into(),
            obtained_via: Some("CGTN".into()),
            new: None,
        }),
    ));
    refused(
        pair.edit::<Sources>(
            key("kyiv-post-2025-11-23"),
            &vec![("outlet", set("Another Reuters"))],
            &Some(SourceOutlet {
                slug: "reuters".into(),
                obtained_via: None,
                new: Some(Outlet {
                    slug: "reuters".into(),
                    name: "Another Reuters".into(),
                    aliases: vec![],
                }),
            }),
        ),
        "outlet",
    );
    refused(
        pair.edit::<Sources>(
            key("kyiv-post-2025-11-23"),
            &vec![("outlet", set("Gone"))],
            &Some(SourceOutlet {
                slug: "no-such-outlet".into(),
                obtained_via: None,
                new: None,
            }),
        ),
        "outlet 'no-such-outlet' is no longer in the database",
    );
    refused(
        pair.edit::<Sources>(key("no-such-source"), &vec![("title", set("T"))], &None),
        "source 'no-such-source' is not in the database",
    );

    // Items.
    done(pair.edit::<Items>(
        item("winterization"),
        &vec![
            ("title", set("Winter supplies")),
            ("description", set("Heating and shelter")),
            ("parent", set("humanitarian-corridors")),
        ],
        &(),
    ));
    done(pair.edit::<Items>(
        item("medical-deliveries"),
        &vec![("parent", Update::Clear)],
        &(),
    ));
    refused(
        pair.edit::<Items>(
            item("civilian-evacuations"),
            &vec![("parent", set("no-such-item"))],
            &(),
        ),
        "its new parent 'no-such-item' is not an item of its process",
    );
    refused(
        pair.edit::<Items>(
            item("humanitarian-corridors"),
            &vec![("parent", set("winterization"))],
            &(),
        ),
        "own ancestor",
    );
    done(pair.edit::<Items>(
        EditKey {
            process_id: Some(2),
            slug: "s-item-3",
        },
        &vec![("parent", set("s-item-0")), ("title", set("Item three"))],
        &(),
    ));
    refused(
        pair.edit::<Items>(
            EditKey {
                process_id: Some(99),
                slug: "winterization",
            },
            &vec![("title", set("T"))],
            &(),
        ),
        "agenda item 'winterization' is not in the database",
    );
    pair.assert_same_rows();
}

/// Every kind of retraction on both, then each refused alike: retracted already, a
/// claim of a retracted round, what is not there.
#[test]
fn retractions_leave_the_same_rows_and_refusals_on_a_server() {
    if common::file_only() {
        return;
    }
    let Some(pair) = Pair::new(timeline_and_synth()) else {
        return;
    };
    let geneva = 1;
    let follow_up = 2;
    let done = |r: Result<String, String>| r.expect("the retraction is written");
    let refused = |r: Result<String, String>, words: &str| {
        let err = r.expect_err("the retraction is refused");
        assert!(err.contains(words), "{err}");
    };
    let status = RetractTarget::Status {
        round_id: follow_up,
        item: "prisoner-exchanges",
    };
    let said = done(pair.retract(status, "the status of prisoner-exchanges"));
    assert!(said.contains("stalled"), "the correction in force: {said}");
    refused(
        pair.retract(status, "the status of prisoner-exchanges"),
        "was retracted already, at 2025-12-20T09:00:00.000Z (logged in error)",
    );
    done(pair.retract(
        RetractTarget::Position {
            round_id: geneva,
            party: "ukraine",
            item: "security-guarantees",
        },
        "a stance",
    ));
    done(pair.retract(
        RetractTarget::Commitment {
            round_id: geneva,
            slug: "continuous-channels",
        },
        "a commitment",
    ));
    done(pair.retract(
        RetractTarget::Quote {
            process_id: 1,
            quote_id: 2,
        },
        "quote 2",
    ));
    done(pair.retract(
        RetractTarget::Note {
            process_id: 1,
            round_note_id: 3,
        },
        "note 3",
    ));
    done(pair.retract(
        RetractTarget::Round {
            round_id: follow_up,
        },
        "the follow-up round",
    ));
    // The synthetic process: a status in its middle round, then a later round whole.
    let synth_round = |slug: &str| -> i64 {
        pair.env
            .query(&format!("SELECT round_id FROM round WHERE slug = '{slug}'"))[0][0]
            .parse()
            .unwrap()
    };
    done(pair.retract(
        RetractTarget::Status {
            round_id: synth_round("s-round-2"),
            item: "s-item-1",
        },
        "a synthetic status",
    ));
    done(pair.retract(
        RetractTarget::Round {
            round_id: synth_round("s-round-4"),
        },
        "a synthetic round",
    ));
    refused(
        pair.retract(
            RetractTarget::Quote {
                process_id: 1,
                quote_id: 4,
            },
            "quote 4",
        ),
        "the round of quote 4 was retracted at",
    );
    refused(
        pair.retract(
            RetractTarget::Status {
                round_id: geneva,
                item: "no-such-item",
            },
            "the status of no-such-item",
        ),
        "the status of no-such-item is not in the database",
    );
    refused(
        pair.retract(
            RetractTarget::Note {
                process_id: 2,
                round_note_id: 1,
            },
            "note 1",
        ),
        "note 1 is not in the database",
    );
    pair.assert_same_rows();
}

/// A history export of a timeline with corrections, edits, a removed alias, a
/// withdrawn participant and retractions, imported into a fresh file (through the
/// binary) and into a fresh server database (through the library): the same rows,
/// the same changes reported; a dry run writes nothing; a second import is refused
/// with the file's words.
#[test]
fn a_history_export_imports_into_a_server_as_into_a_file() {
    if common::file_only() {
        return;
    }
    fixed_clock();
    let Some(pg) = PgDatabase::new() else { return };
    let mut source = timeline();
    source.now = "2025-12-09T09:00:00Z".into();
    source.ok([
        "round",
        "edit",
        "follow-up-2025-12-05",
        "--party",
        "US:host:led by the envoy",
    ]);
    source.ok(["party", "edit", "ukraine", "--name", "Ukraine (Kyiv)"]);
    source.ok([
        "item",
        "edit",
        "winterization",
        "--title",
        "Winter supplies",
    ]);
    source.now = "2025-12-10T09:00:00Z".into();
    source.ok([
        "status",
        "retract",
        "--round",
        "follow-up-2025-12-05",
        "--item",
        "humanitarian-coordination",
        "--reason",
        "The mechanism was Geneva's",
    ]);
    source.ok(["quote", "retract", "1", "--reason", "Misattributed"]);
    let export = source.path("history.toml");
    source.ok(["export", "--history", "-o", export.to_str().unwrap()]);

    let mut file = TestEnv::file();
    file.now = CLOCK.into();
    let said = file.ok(["import", export.to_str().unwrap()]);
    for table in [
        "source_history",
        "party_history",
        "party_alias_history",
        "agenda_item_history",
        "round_party_history",
        "retraction",
    ] {
        assert!(file.count(table) > 0, "the export fills {table}");
    }

    let url = pg.url(None);
    file.ok(["--db", &url, "init", "--empty"]);
    let text = parley::roundfile::SourceText::read(&export).expect("the export reads");
    let import = |dry_run: bool| {
        let (dossier, stamps) = parley::roundfile::load_history(&text).expect("a history");
        let options = parley::storage::ImportOptions {
            dry_run,
            ..parley::storage::ImportOptions::new("import")
        };
        pg.block_on(async {
            let server = Server::open(&ServerUrl::parse(&url).unwrap())
                .await
                .unwrap();
            let changes = server.import_history(dossier, stamps, &options).await;
            server.close().await;
            changes.map(|c| c.to_string()).map_err(|e| e.to_string())
        })
    };
    let dry = import(true).expect("a dry run");
    let empty: i64 = pg.block_on(async {
        let mut conn = pg.connect(None).await;
        sqlx::query_scalar("SELECT count(*) FROM process")
            .fetch_one(&mut conn)
            .await
            .unwrap()
    });
    assert_eq!(empty, 0, "a dry run writes nothing");
    let changes = import(false).expect("the import is written");
    assert_eq!(dry, changes);
    assert!(
        said.contains(&changes),
        "the file's import said: {said}\nthe server's: {changes}"
    );

    let back = TestEnv::file();
    back.ok(["copy", "--from", &url, "--to", "parley.db"]);
    common::assert_same_lines(&file.content(), &back.content());

    // Through the binary: the same words, the same rows.
    let Some(other) = PgDatabase::new() else {
        return;
    };
    let other_url = other.url(None);
    file.ok(["--db", &other_url, "init", "--empty"]);
    let on_server = file.ok(["--db", &other_url, "import", export.to_str().unwrap()]);
    assert_eq!(on_server, said);
    let back = TestEnv::file();
    back.ok(["copy", "--from", &other_url, "--to", "parley.db"]);
    common::assert_same_lines(&file.content(), &back.content());

    let again = import(false).expect_err("a database that holds records is refused");
    let file_again = file.fails(["import", export.to_str().unwrap()]);
    assert!(
        again.contains("imports only into a database that holds no records"),
        "{again}"
    );
    assert!(
        file_again.contains(&again),
        "the file: {file_again}\nthe server: {again}"
    );
}

/// `check` on both backends: nothing on a clean copy (with the rows every breach leans
/// on); then each rule that leaves a row to find broken the same way on a fresh copy
/// of both, its triggers dropped from the file and disabled on the server (as a
/// superuser can): the same problems, in the same order, with the same words, the rule
/// named. The rules the server holds whatever its triggers are exactly those a foreign
/// key also guards: a server's foreign keys hold for every session.
#[test]
fn check_finds_the_same_problems_on_a_server() {
    if common::file_only() {
        return;
    }
    let template = seeded_file();
    template.execute(SETUP).expect("the breaches' rows insert");
    let fresh = || {
        let env = TestEnv::file();
        std::fs::copy(&template.db, &env.db).expect("copy the template");
        Pair::new(env)
    };
    let check = |pair: &Pair| -> Vec<Problem> {
        let file = pair
            .pg
            .block_on(pair.file.check())
            .expect("the file's check");
        let server = pair
            .pg
            .block_on(pair.server.check())
            .expect("the server's check");
        assert_eq!(file, server, "the file and the server find the same");
        file
    };
    let Some(clean) = fresh() else { return };
    assert_eq!(check(&clean), vec![], "a clean copy");
    // The derived tables, changed behind their triggers' backs the same way.
    let derived = "UPDATE round_order SET number = number + 5 WHERE round_id = 1;
                   DELETE FROM status_in_force WHERE status_record_id = 3;
                   UPDATE round_status_count SET statuses = statuses + 2 WHERE round_id = 1;";
    clean.env.other_client(derived).expect("the file takes it");
    clean.pg.block_on(async {
        let mut conn = clean.pg.connect(None).await;
        sqlx::raw_sql(derived)
            .execute(&mut conn)
            .await
            .expect("the server takes it");
    });
    let problems = check(&clean);
    for derived in ["round_order", "status_in_force", "round_status_count"] {
        assert!(
            problems.iter().any(|p| p.check == derived),
            "{derived}: {problems:?}"
        );
    }
    // Through the binary: the same output, byte for byte, and the same failure.
    let url = clean.pg.url(None);
    let on_file = clean.env.run(["check", "--format", "json"]);
    let on_server = clean.env.run(["--db", &url, "check", "--format", "json"]);
    assert_eq!(on_file.status.code(), Some(1));
    assert_eq!(on_server.status.code(), on_file.status.code());
    assert!(!on_file.stdout.is_empty());
    assert_eq!(on_server.stdout, on_file.stdout);
    drop(clean);

    let breaches = breaches();
    let mut held = Vec::new();
    for rule in rules().iter().filter(|r| r.findable()) {
        let pair = fresh().expect("a server");
        let sql = &breaches[rule.triggers[0]];
        let triggers: Vec<String> = rule.triggers.iter().map(|t| format!("'{t}'")).collect();
        let on_server = pair.pg.block_on(async {
            let mut conn = pair.pg.connect(None).await;
            sqlx::raw_sql(sqlx::AssertSqlSafe(format!(
                "DO $$ DECLARE t record; BEGIN
                     FOR t IN SELECT tgrelid::regclass AS tab, tgname FROM pg_trigger
                              WHERE tgname IN ({}) LOOP
                         EXECUTE format('ALTER TABLE %s DISABLE TRIGGER %I', t.tab, t.tgname);
                     END LOOP;
                 END $$",
                triggers.join(", ")
            )))
            .execute(&mut conn)
            .await
            .expect("the triggers are disabled");
            sqlx::raw_sql(sqlx::AssertSqlSafe(sql.clone()))
                .execute(&mut conn)
                .await
        });
        if on_server.is_err() {
            held.push(rule.name);
            continue;
        }
        for trigger in rule.triggers {
            pair.env
                .execute(&format!("DROP TRIGGER {trigger}"))
                .unwrap();
        }
        pair.env
            .other_client(&format!("PRAGMA ignore_check_constraints = ON; {sql}"))
            .unwrap_or_else(|e| panic!("{}: {sql}: {e}", rule.name));
        let problems = check(&pair);
        assert!(
            problems.iter().any(|p| p.check == rule.name),
            "{} is not named: {problems:?}",
            rule.name
        );
    }
    let guarded: Vec<&str> = (rules().iter())
        .filter(|r| r.findable() && r.foreign_key)
        .map(|r| r.name)
        .collect();
    assert_eq!(held, guarded, "the rules the server holds");
}
