//! `parley export --history` and its import: a timeline moves between files with its
//! audit trail. Every table the schema holds (found by walking sqlite_master, so
//! that tables added later are compared too) must hold the same rows in the copy as
//! in the original, with the same recorded_at, compared as sets of rows without row
//! ids and with every reference resolved to the row it names. The write log is
//! compared in order: the copy's is the original's, carried by the export, then
//! the import's own row (docs/round-file.md). On a server, each database is read
//! through a file holding its copy (`TestEnv::as_file`).

mod common;

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use common::{TestEnv, query_file, synthetic_round_file};

/// Runs a command at a given instant.
fn at(env: &mut TestEnv, now: &str, args: &[&str]) -> String {
    env.now = now.to_owned();
    env.ok(args)
}

/// A timeline with everything a history holds: corrections of statuses and stances
/// (and a correction of a correction), a round edited by a partial update (twice),
/// commitments with several fates (one learned at a later round), several rounds,
/// sources, parties with aliases added at different times, quotes and notes, each
/// written at its own instant.
fn timeline() -> TestEnv {
    let mut env = TestEnv::seeded();
    at(
        &mut env,
        "2025-11-25T10:00:00Z",
        &[
            "party", "add", "Turkey", "--short", "TR", "--alias", "Türkiye",
        ],
    );
    // Persons with aliases, an outlet declared with an alias, and a source of it
    // obtained through another site.
    at(
        &mut env,
        "2025-11-25T10:01:00Z",
        &[
            "person",
            "add",
            "Marco Rubio",
            "--party",
            "US",
            "--role",
            "Secretary of State",
            "--alias",
            "Rubio",
        ],
    );
    at(
        &mut env,
        "2025-11-25T10:02:00Z",
        &[
            "person",
            "add",
            "Rustem Umerov",
            "--party",
            "Ukraine",
            "--alias",
            "Umerov",
        ],
    );
    let outlets = env.write(
        "outlets.toml",
        "[process]\nslug = \"ukraine-peace\"\n\n[[outlet]]\nslug = \"interfax\"\n\
         name = \"Interfax\"\naliases = [\"Interfax-Ukraine\"]\n",
    );
    at(
        &mut env,
        "2025-11-25T10:03:00Z",
        &["import", outlets.to_str().unwrap()],
    );
    at(
        &mut env,
        "2025-11-25T10:04:00Z",
        &[
            "source",
            "add",
            "Interfax-Ukraine",
            "--via",
            "Yahoo News",
            "--title",
            "Umerov heads the delegation",
            "--date",
            "2025-12-08",
        ],
    );
    at(
        &mut env,
        "2025-11-25T10:05:00Z",
        &[
            "source",
            "add",
            "AP News",
            "--title",
            "Talks in Istanbul",
            "--date",
            "2025-12-09",
            "--reliability",
            "B",
        ],
    );
    at(
        &mut env,
        "2025-11-25T10:10:00Z",
        &[
            "item",
            "add",
            "Energy infrastructure",
            "--parent",
            "localized-ceasefires",
        ],
    );
    at(
        &mut env,
        "2025-12-09T18:00:00Z",
        &[
            "round",
            "add",
            "--title",
            "Follow-up talks",
            "--date",
            "2025-12-09",
            "--location",
            "Istanbul",
            "--party",
            "US",
            "--party",
            "Ukraine",
            "--party",
            "Turkey:host",
            "--lead",
            "Ukraine=Umerov",
            "--source",
            "ap-news-2025-12-09",
        ],
    );
    at(
        &mut env,
        "2025-12-09T18:30:00Z",
        &[
            "status",
            "set",
            "prisoner-exchanges",
            "--round",
            "latest",
            "--status",
            "discussed",
            "--note",
            "Taken up by both delegations",
            "--confidence",
            "2",
        ],
    );
    // A correction, then a correction of the correction.
    at(
        &mut env,
        "2025-12-10T08:00:00Z",
        &[
            "status",
            "set",
            "prisoner-exchanges",
            "--round",
            "latest",
            "--status",
            "progressing",
            "--source",
            "ap-news-2025-12-09",
        ],
    );
    at(
        &mut env,
        "2025-12-11T08:00:00Z",
        &[
            "status",
            "set",
            "prisoner-exchanges",
            "--round",
            "latest",
            "--status",
            "agreed",
            "--note",
            "Lists agreed",
        ],
    );
    // A correction at the first round, long after it.
    at(
        &mut env,
        "2025-12-11T09:00:00Z",
        &[
            "status",
            "set",
            "territorial-questions",
            "--round",
            "geneva-2025-11-23",
            "--status",
            "stalled",
        ],
    );
    at(
        &mut env,
        "2025-12-09T19:00:00Z",
        &[
            "position",
            "set",
            "Ukraine",
            "territorial-questions",
            "--stance",
            "red_line",
        ],
    );
    at(
        &mut env,
        "2025-12-12T09:00:00Z",
        &[
            "position",
            "set",
            "Ukraine",
            "territorial-questions",
            "--stance",
            "opposes",
            "--note",
            "Softened",
        ],
    );
    at(
        &mut env,
        "2025-12-12T10:00:00Z",
        &[
            "quote",
            "add",
            "Productive.",
            "--speaker",
            "Marco Rubio",
            "--party",
            "US",
        ],
    );
    at(
        &mut env,
        "2025-12-12T10:05:00Z",
        &[
            "note",
            "add",
            "caution",
            "Nothing is agreed until everything is agreed",
            "--person",
            "Umerov",
        ],
    );
    at(
        &mut env,
        "2025-12-12T10:10:00Z",
        &[
            "commitment",
            "add",
            "Exchange prisoner lists",
            "--kind",
            "agreement_in_principle",
            "--party",
            "US",
            "--party",
            "Ukraine",
            "--slug",
            "exchange-lists",
        ],
    );
    at(
        &mut env,
        "2025-12-13T10:00:00Z",
        &[
            "commitment",
            "fate",
            "exchange-lists",
            "partly_fulfilled",
            "--note",
            "Half the lists",
        ],
    );
    at(
        &mut env,
        "2025-12-14T10:00:00Z",
        &[
            "commitment",
            "fate",
            "exchange-lists",
            "fulfilled",
            "--note",
            "Lists exchanged",
        ],
    );
    // A third round, at which a fate of a first-round commitment is learned.
    at(
        &mut env,
        "2025-12-20T12:00:00Z",
        &[
            "round",
            "add",
            "--title",
            "Talks in Miami",
            "--date",
            "2025-12-20",
            "--location",
            "Miami",
            "--party",
            "US",
            "--party",
            "Ukraine",
        ],
    );
    at(
        &mut env,
        "2025-12-20T13:00:00Z",
        &[
            "commitment",
            "fate",
            "continuous-channels",
            "broken",
            "--note",
            "Channels closed",
            "--round",
            "geneva-2025-11-23",
        ],
    );
    // The first round edited twice by partial updates: each keeps its earlier version.
    let edit = env.write(
        "edit.toml",
        "[process]\nslug = \"ukraine-peace\"\n\n[[round]]\nslug = \"geneva-2025-11-23\"\n\
         title = \"U.S.–Ukraine talks in Geneva (first day)\"\nclear = [\"tone\"]\n",
    );
    at(
        &mut env,
        "2025-12-21T09:00:00Z",
        &["import", edit.to_str().unwrap()],
    );
    let edit = env.write(
        "edit2.toml",
        "[process]\nslug = \"ukraine-peace\"\n\n[[round]]\nslug = \"istanbul-2025-12-09\"\n\
         location = \"Istanbul, Dolmabahçe Palace\"\nsources = [\"reuters-2025-11-23\"]\n",
    );
    at(
        &mut env,
        "2025-12-21T09:30:00Z",
        &["import", edit.to_str().unwrap()],
    );
    edits(&mut env);
    retractions(&mut env);
    env
}

/// Before the first edit of a source, party, item or participant, and after the last.
const BEFORE_EDITS: &str = "2025-12-21T09:39:00Z";
const AFTER_EDITS: &str = "2025-12-21T09:50:00Z";

/// An edit of each kind that keeps its earlier version: a source retitled, a party
/// renamed and one of another party's aliases removed, an item retitled and moved
/// to the top level, a participant's role and note changed and another withdrawn.
fn edits(env: &mut TestEnv) {
    at(
        env,
        "2025-12-21T09:40:00Z",
        &[
            "source",
            "edit",
            "ap-news-2025-12-09",
            "--title",
            "Talks in Istanbul resume",
        ],
    );
    at(
        env,
        "2025-12-21T09:41:00Z",
        &["party", "edit", "turkey", "--name", "Republic of Türkiye"],
    );
    at(
        env,
        "2025-12-21T09:42:00Z",
        &["party", "edit", "us", "--remove-alias", "usa"],
    );
    at(
        env,
        "2025-12-21T09:43:00Z",
        &[
            "item",
            "edit",
            "energy-infrastructure",
            "--title",
            "Energy infrastructure strikes",
            "--no-parent",
        ],
    );
    at(
        env,
        "2025-12-21T09:44:00Z",
        &[
            "round",
            "edit",
            "istanbul-2025-12-09",
            "--party",
            "US:host:led by Marco Rubio",
            "--remove-party",
            "Turkey",
        ],
    );
}

/// Before the first retraction, and after the last.
const BEFORE_RETRACTIONS: &str = "2025-12-21T23:00:00Z";
const AFTER_RETRACTIONS: &str = "2025-12-23T00:00:00Z";

/// Every kind of retraction: a status record with the records it corrected, a
/// position, a commitment with its fates, a quote and a note (each at the second
/// round, which stays), and a back-dated round with a claim of its own (its
/// retraction moves the later rounds' numbers down again).
fn retractions(env: &mut TestEnv) {
    at(
        env,
        "2025-12-21T10:00:00Z",
        &[
            "round",
            "add",
            "--title",
            "Talks in Berlin",
            "--date",
            "2025-12-15",
            "--location",
            "Berlin",
            "--party",
            "US",
            "--party",
            "Ukraine",
            "--source",
            "ap-news-2025-12-09",
        ],
    );
    at(
        env,
        "2025-12-21T10:05:00Z",
        &[
            "status",
            "set",
            "energy-infrastructure",
            "--round",
            "berlin-2025-12-15",
            "--status",
            "discussed",
        ],
    );
    at(
        env,
        "2025-12-22T09:00:00Z",
        &[
            "status",
            "retract",
            "--round",
            "istanbul-2025-12-09",
            "--item",
            "prisoner-exchanges",
            "--reason",
            "The lists were Geneva's",
        ],
    );
    at(
        env,
        "2025-12-22T09:10:00Z",
        &[
            "position",
            "retract",
            "--round",
            "istanbul-2025-12-09",
            "--item",
            "territorial-questions",
            "--party",
            "Ukraine",
            "--reason",
            "Misattributed",
        ],
    );
    at(
        env,
        "2025-12-22T09:20:00Z",
        &[
            "commitment",
            "retract",
            "exchange-lists",
            "--reason",
            "Never agreed",
        ],
    );
    let quote = env.query("SELECT quote_id FROM quote WHERE text = 'Productive.'")[0][0].clone();
    at(
        env,
        "2025-12-22T09:30:00Z",
        &["quote", "retract", &quote, "--reason", "Said elsewhere"],
    );
    let note = env
        .query("SELECT round_note_id FROM round_note WHERE body LIKE 'Nothing is agreed%'")[0][0]
        .clone();
    // Two writes at one instant (the clock does not move): a retraction names its
    // write by place in the log, not by instant.
    at(
        env,
        "2025-12-22T09:30:00Z",
        &["note", "retract", &note, "--reason", "Belongs to Berlin"],
    );
    at(
        env,
        "2025-12-22T10:00:00Z",
        &[
            "round",
            "retract",
            "berlin-2025-12-15",
            "--reason",
            "Logged twice",
        ],
    );
}

/// The tables of a database that hold data: every table in sqlite_master but the
/// schema's own bookkeeping (sqlite_*, the migration log) and the full-text indexes'
/// shadow tables (whose bytes depend on how many statements wrote the rows; the
/// full-text tables' own rows are compared instead).
fn data_tables(db: &Path) -> Vec<String> {
    let virtual_tables: Vec<String> = query_file(
        db,
        "SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL TABLE%'",
    )
    .into_iter()
    .map(|r| r[0].clone())
    .collect();
    query_file(
        db,
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' \
         AND name <> '_sqlx_migrations' ORDER BY name",
    )
    .into_iter()
    .map(|r| r[0].clone())
    .filter(|name| {
        !virtual_tables
            .iter()
            .any(|v| name != v && name.starts_with(&format!("{v}_")))
    })
    .collect()
}

/// How one column reads: as it is, dropped (the table's row id), or through the
/// row it names.
#[derive(Clone)]
enum Column {
    Value(String),
    RowId,
    Reference { column: String, table: String },
}

/// One table, read whole.
struct Table {
    columns: Vec<Column>,
    rows: Vec<Vec<String>>,
    /// Row id → index in `rows`, when the table has a row id.
    by_id: HashMap<String, usize>,
}

/// A database's rows as comparable text: row ids dropped, every reference replaced
/// by the row it names (recursively), so that two databases whose ids differ but
/// whose timelines are the same read the same.
struct Rows {
    tables: BTreeMap<String, Table>,
    /// (table, row id) → the row as text.
    resolved: HashMap<(String, String), String>,
}

impl Rows {
    fn read(db: &Path) -> Self {
        let names = data_tables(db);
        let mut row_ids = HashMap::new();
        for table in &names {
            let pk: Vec<Vec<String>> = query_file(
                db,
                &format!("SELECT name, type FROM pragma_table_info('{table}') WHERE pk > 0"),
            );
            if let [column] = pk.as_slice()
                && column[1].eq_ignore_ascii_case("INTEGER")
            {
                row_ids.insert(table.clone(), column[0].clone());
            }
        }
        let mut tables = BTreeMap::new();
        for table in names {
            let columns = columns(db, &table, &row_ids);
            let rows = query_file(db, &format!("SELECT * FROM \"{table}\""));
            let id_at = columns.iter().position(|c| matches!(c, Column::RowId));
            let by_id = id_at
                .map(|at| {
                    rows.iter()
                        .enumerate()
                        .map(|(i, r)| (r[at].clone(), i))
                        .collect()
                })
                .unwrap_or_default();
            tables.insert(
                table,
                Table {
                    columns,
                    rows,
                    by_id,
                },
            );
        }
        Rows {
            tables,
            resolved: HashMap::new(),
        }
    }

    /// Every row of a table as text, sorted.
    fn table(&mut self, table: &str) -> Vec<String> {
        let count = self.tables[table].rows.len();
        let mut out: Vec<String> = (0..count).map(|i| self.row(table, i)).collect();
        out.sort();
        out
    }

    fn row(&mut self, table: &str, index: usize) -> String {
        let columns = self.tables[table].columns.clone();
        let row = self.tables[table].rows[index].clone();
        let mut cells = Vec::new();
        for (column, value) in columns.iter().zip(row) {
            match column {
                Column::RowId => {}
                Column::Value(name) => cells.push(format!("{name}={value}")),
                Column::Reference { column, table } => {
                    let named = match value.as_str() {
                        "NULL" => "NULL".to_owned(),
                        id => self.named(table, id),
                    };
                    cells.push(format!("{column}→{named}"));
                }
            }
        }
        cells.join(", ")
    }

    /// The row a reference names, as text.
    fn named(&mut self, table: &str, id: &str) -> String {
        let key = (table.to_owned(), id.to_owned());
        if let Some(text) = self.resolved.get(&key) {
            return text.clone();
        }
        let text = match self
            .tables
            .get(table)
            .and_then(|t| t.by_id.get(id))
            .copied()
        {
            Some(index) => format!("{table}({})", self.row(table, index)),
            // A row that is gone (a removed alias, a withdrawn participant) is
            // named by its history rows only; its id is not the timeline's.
            None => format!("{table}(gone)"),
        };
        self.resolved.insert(key, text.clone());
        text
    }
}

/// How each column of a table reads. A reference is a declared foreign key to
/// another table's row id, or (for the derived tables, whose ids are not declared as
/// foreign keys) a column named `<table>_id` after a table with that row id.
fn columns(db: &Path, table: &str, row_ids: &HashMap<String, String>) -> Vec<Column> {
    let foreign: HashMap<String, (String, String)> = query_file(
        db,
        &format!("SELECT \"from\", \"table\", \"to\" FROM pragma_foreign_key_list('{table}')"),
    )
    .into_iter()
    .map(|r| (r[0].clone(), (r[1].clone(), r[2].clone())))
    .collect();
    query_file(
        db,
        &format!("SELECT name FROM pragma_table_info('{table}') ORDER BY cid"),
    )
    .into_iter()
    .map(|r| {
        let name = r[0].clone();
        if row_ids.get(table) == Some(&name) {
            return Column::RowId;
        }
        let target = foreign
            .get(&name)
            .filter(|(t, to)| row_ids.get(t) == Some(to))
            .map(|(t, _)| t.clone())
            .or_else(|| {
                let t = name.strip_suffix("_id")?;
                (row_ids.get(t) == Some(&name)).then(|| t.to_owned())
            });
        match target {
            Some(table) => Column::Reference {
                column: name,
                table,
            },
            None => Column::Value(name),
        }
    })
    .collect()
}

/// Every data table's rows, by table, write_log aside (the test compares it in
/// order: the copy's has one more row, the import's own).
fn content(db: &Path) -> BTreeMap<String, Vec<String>> {
    let mut rows = Rows::read(db);
    let tables: Vec<String> = rows.tables.keys().cloned().collect();
    tables
        .into_iter()
        .filter(|t| t != "write_log")
        .map(|t| {
            let content = rows.table(&t);
            (t, content)
        })
        .collect()
}

fn assert_same_tables(original: &Path, copy: &Path) {
    let (left, right) = (content(original), content(copy));
    assert_eq!(
        left.keys().collect::<Vec<_>>(),
        right.keys().collect::<Vec<_>>(),
        "the same tables"
    );
    for (table, rows) in &left {
        let theirs = &right[table];
        if rows == theirs {
            continue;
        }
        let missing: Vec<&String> = rows.iter().filter(|r| !theirs.contains(r)).collect();
        let extra: Vec<&String> = theirs.iter().filter(|r| !rows.contains(r)).collect();
        assert!(
            rows == theirs,
            "{table} differs:\n  only in the original: {missing:#?}\n  only in the copy: {extra:#?}"
        );
    }
}

/// Imports a history export into a new file (a path with no database yet, which
/// the import creates empty), as the README shows.
fn import_copy(history: &Path) -> TestEnv {
    let mut copy = TestEnv::new();
    copy.now = "2026-01-05T12:00:00Z".to_owned();
    let out = copy.ok(["import", history.to_str().unwrap()]);
    assert!(out.contains("wrote:"), "{out}");
    copy
}

#[test]
fn a_history_export_imported_into_a_new_file_reproduces_every_row() {
    let mut env = timeline();
    env.now = "2026-01-01T00:00:00Z".to_owned();
    let history = env.path("history.toml");
    env.ok(["export", "--history", "-o", history.to_str().unwrap()]);
    let text = std::fs::read_to_string(&history).unwrap();
    for part in [
        "[history]",
        "[[round.version]]",
        "[[round.status.superseded]]",
        "[[round.position.superseded]]",
        "[[round.commitment.fates]]",
        "aliases_recorded_at",
        "recorded_at = \"2025-12-10T08:00:00.000Z\"",
        "[[history.write]]",
        "[round.retracted]",
        "[round.status.retracted]",
        "[round.position.retracted]",
        "[round.commitment.retracted]",
        "[round.quote.retracted]",
        "[round.note.retracted]",
        "[[source.version]]",
        "[[party.version]]",
        "[[party.removed_alias]]",
        "[[item.version]]",
        "[[round.participant_version]]",
    ] {
        assert!(text.contains(part), "the export holds {part}");
    }

    let copy = import_copy(&history);
    // The timeline has what the comparison must see: corrections, versions, fates.
    for (table, at_least) in [
        ("round_history", 1),
        ("commitment_fate", 3),
        ("round", 3),
        ("party_alias", 6),
        ("person", 2),
        ("person_alias", 2),
        ("outlet_alias", 1),
        ("round_note_person", 1),
        ("retraction", 6),
        ("write_log", 30),
        ("source_history", 1),
        ("party_history", 1),
        ("party_alias_history", 1),
        ("agenda_item_history", 1),
        ("round_party_history", 2),
    ] {
        assert!(
            env.count(table) >= at_least,
            "{table}: {}",
            env.count(table)
        );
    }
    assert_eq!(
        env.query(
            "SELECT COUNT(*) FROM status_record WHERE supersedes_status_record_id IS NOT NULL"
        )[0][0],
        "3"
    );
    assert_eq!(
        env.query("SELECT COUNT(*) FROM position WHERE supersedes_position_id IS NOT NULL")[0][0],
        "1"
    );
    // A participant withdrawn (its round_party row gone) and one changed.
    assert_eq!(
        env.query("SELECT withdrawn, COUNT(*) FROM round_party_history GROUP BY withdrawn"),
        [["0", "1"], ["1", "1"]]
    );
    // A lead, a person's quote and a source obtained through another site.
    for (what, sql) in [
        (
            "lead",
            "SELECT COUNT(*) FROM round_party WHERE lead_person_id IS NOT NULL",
        ),
        (
            "speaker",
            "SELECT COUNT(*) FROM quote WHERE speaker_person_id IS NOT NULL",
        ),
        (
            "via",
            "SELECT COUNT(*) FROM source WHERE obtained_via IS NOT NULL AND outlet_id IS NOT NULL",
        ),
    ] {
        assert!(env.query(sql)[0][0] != "0", "{what}");
    }
    assert_same_tables(&env.as_file(), &copy.as_file());

    // The copy's write log is the original's, in order, then the import's own row,
    // at the clock's instant.
    let log = "SELECT command, recorded_at, clock_at, summary FROM write_log ORDER BY write_log_id";
    let (original, mut copied) = (env.query(log), copy.query(log));
    let own = copied.pop().expect("the import's own row");
    assert_eq!(copied, original);
    assert_eq!(own[0], "import");
    assert_eq!(own[1], "2026-01-05T12:00:00.000Z");
    assert!(own[3].contains("history export"), "{own:?}");
    // Each retraction names the same write in both (the comparison above resolves
    // write_log_id to the write's row; its place in the log is the same too).
    let named = "SELECT reason, write_log_id FROM retraction ORDER BY reason";
    assert_eq!(env.query(named), copy.query(named));
    // A clock behind the rows imported is moved up to the latest of them, so that
    // the next write never records before what is there.
    let mut behind = TestEnv::new();
    behind.now = "2025-01-01T00:00:00Z".to_owned();
    behind.ok(["import", history.to_str().unwrap()]);
    let log = behind
        .query("SELECT recorded_at, clock_at FROM write_log ORDER BY write_log_id DESC LIMIT 1");
    assert_eq!(
        log,
        [["2025-12-22T10:00:00.000Z", "2025-01-01T00:00:00.000Z"]]
    );

    // What the team knew at instants before the corrections reads the same in both.
    let mut copy = copy;
    copy.now = env.now.clone();
    for as_of in [
        "2025-11-24T10:00:00Z",
        "2025-12-09T18:45:00Z",
        "2025-12-10T12:00:00Z",
        "2025-12-12T08:00:00Z",
        BEFORE_EDITS,
        AFTER_EDITS,
        BEFORE_RETRACTIONS,
        "2025-12-22T09:15:00Z",
        AFTER_RETRACTIONS,
        "2025-12-31T00:00:00Z",
    ] {
        for args in [
            vec!["report", "--as-of", as_of, "--format", "json"],
            vec!["report", "--as-of", as_of, "--format", "markdown"],
        ] {
            assert_eq!(env.ok(&args), copy.ok(&args), "{args:?}");
        }
    }
    assert_eq!(
        env.ok(["timeline", "prisoner-exchanges", "--format", "json"]),
        copy.ok(["timeline", "prisoner-exchanges", "--format", "json"])
    );
    // And the copy passes every check, and exports the same history again, byte
    // for byte, but for one more write: the import's own.
    copy.ok(["check"]);
    let again = copy.path("again.toml");
    copy.ok(["export", "--history", "-o", again.to_str().unwrap()]);
    let again = std::fs::read_to_string(again).unwrap();
    let own = again.rfind("[[history.write]]").unwrap();
    let end = own + again[own..].find("\n\n").unwrap() + 2;
    assert!(again[own..end].contains("command = \"import\""));
    assert!(format!("{}{}", &again[..own], &again[end..]) == text);
}

/// The plain export stays what it was: the records in force, which an empty
/// database imports to the same statuses (without the corrections, so the JSON
/// report's `corrected` marks are what it loses; the CSV report has none).
#[test]
fn the_plain_export_still_round_trips_the_records_in_force() {
    let mut env = timeline();
    env.now = "2026-01-01T00:00:00Z".to_owned();
    let plain = env.path("plain.toml");
    env.ok(["export", "-o", plain.to_str().unwrap()]);
    let text = std::fs::read_to_string(&plain).unwrap();
    assert!(!text.contains("recorded_at") && !text.contains("[history]"));
    let mut copy = TestEnv::empty();
    copy.now = env.now.clone();
    copy.ok(["import", plain.to_str().unwrap()]);
    assert_eq!(
        env.ok(["report", "--format", "csv"]),
        copy.ok(["report", "--format", "csv"])
    );
    assert_eq!(
        copy.query(
            "SELECT COUNT(*) FROM status_record WHERE supersedes_status_record_id IS NOT NULL"
        )[0][0],
        "0"
    );
    // What the plain export loses, the table-by-table comparison sees: it is the
    // comparison the history export passes, and it is not blind.
    let (original, copied) = (content(&env.as_file()), content(&copy.as_file()));
    for table in [
        "status_record",
        "position",
        "round_history",
        "commitment_fate",
        "round",
    ] {
        assert_ne!(original[table], copied[table], "{table}");
    }
}

#[test]
fn a_history_export_is_refused_by_a_database_that_holds_records() {
    let env = TestEnv::seeded();
    let history = env.path("history.toml");
    env.ok(["export", "--history", "-o", history.to_str().unwrap()]);
    let before = env.dump();
    let err = env.fails(["import", history.to_str().unwrap()]);
    assert!(
        err.contains("a history export imports only into a database that holds no records")
            && err
                .contains("1 process(es), 5 party(ies), 6 source(s), 0 person(s) and 6 outlet(s)")
            && err.contains("nothing was written"),
        "{err}"
    );
    assert_eq!(env.dump(), before);
    // --dry-run says the same, and a new empty file takes it.
    env.fails(["import", "--dry-run", history.to_str().unwrap()]);
    let copy = TestEnv::empty();
    let out = copy.ok(["import", "--dry-run", history.to_str().unwrap()]);
    assert!(out.starts_with("would write: 1 process"), "{out}");
    assert_eq!(copy.count("round"), 0);
}

/// Persons and outlets are records too: a database holding one outlet alone (which
/// the import before persons counted as empty) refuses a history export.
#[test]
fn a_history_export_is_refused_by_a_database_that_holds_an_outlet_alone() {
    let env = TestEnv::seeded();
    let history = env.path("history.toml");
    env.ok(["export", "--history", "-o", history.to_str().unwrap()]);
    let copy = TestEnv::empty();
    copy.execute("INSERT INTO outlet (slug, name) VALUES ('wire', 'Wire')")
        .unwrap();
    let before = copy.dump();
    let err = copy.fails(["import", history.to_str().unwrap()]);
    assert!(
        err.contains("0 process(es), 0 party(ies), 0 source(s), 0 person(s) and 1 outlet(s)"),
        "{err}"
    );
    assert_eq!(copy.dump(), before);
}

#[test]
fn a_plain_round_file_giving_history_fields_is_refused_at_their_place() {
    let env = TestEnv::seeded();
    let file = env.write(
        "f.toml",
        "[process]\nslug = \"ukraine-peace\"\n\n[[round]]\nslug = \"geneva-2025-11-23\"\n\
         recorded_at = \"2025-01-01T00:00:00Z\"\n\n[[round.note]]\nkind = \"caution\"\nbody = \"x\"\n\n\
         [[round.status]]\nitem = \"prisoner-exchanges\"\nstatus = \"agreed\"\n\n\
         [[round.status.superseded]]\nstatus = \"proposed\"\nrecorded_at = \"2025-01-01T00:00:00Z\"\n",
    );
    let before = env.dump();
    let err = env.fails(["import", file.to_str().unwrap()]);
    assert!(
        err.contains("f.toml:6:15: round[1].recorded_at: only a history export"),
        "{err}"
    );
    assert!(
        err.contains("f.toml:16:1: round[1].status[1].superseded: only a history export"),
        "{err}"
    );
    assert_eq!(env.dump(), before);
}

#[test]
fn a_history_export_with_a_bad_instant_or_a_missing_one_is_refused_where_it_is() {
    let env = TestEnv::seeded();
    let history = env.path("history.toml");
    env.ok(["export", "--history", "-o", history.to_str().unwrap()]);
    let text = std::fs::read_to_string(&history).unwrap();
    // The process's instant, after the carried write log (whose first write, the
    // seed, is at the same instant).
    let (log, rest) = text.split_at(text.find("\n[process]").unwrap());
    let broken = format!(
        "{log}{}",
        rest.replacen(
            "recorded_at = \"2025-11-24T09:00:00.000Z\"",
            "recorded_at = \"yesterday\"",
            1,
        )
    )
    .replacen(
        "\nrecorded_at = \"2025-11-24T09:00:00.000Z\"\n\n[[round.note]]",
        "\n\n[[round.note]]",
        1,
    );
    let path = env.write("broken.toml", &broken);
    let copy = TestEnv::new();
    let err = copy.fails(["import", path.to_str().unwrap()]);
    assert!(
        err.contains("process.recorded_at: 'yesterday' is not an instant"),
        "{err}"
    );
    assert!(
        err.contains(".recorded_at: a history export gives every record's recorded_at"),
        "{err}"
    );
    assert!(!copy.created(), "nothing was created");
}

/// A history export large enough for the bulk path (deferred index upkeep, rules
/// checked set-wise) reproduces the database as the row-by-row path does.
#[test]
fn a_large_history_export_takes_the_bulk_path_and_reproduces_every_row() {
    let mut env = TestEnv::empty();
    let file = env.write("large.toml", &synthetic_round_file("b-", 120, 90));
    env.ok(["import", file.to_str().unwrap()]);
    at(
        &mut env,
        "2025-12-01T00:00:00Z",
        &[
            "status",
            "set",
            "b-item-3",
            "--round",
            "b-round-5",
            "--status",
            "stalled",
            "--note",
            "Corrected",
        ],
    );
    let history = env.path("history.toml");
    env.ok(["export", "--history", "-o", history.to_str().unwrap()]);
    assert!(env.count("status_record") > 10_000);
    let copy = import_copy(&history);
    assert_same_tables(&env.as_file(), &copy.as_file());
    copy.ok(["check"]);
}

/// A retraction names the write that made it by its place in the carried log: one
/// naming a write the file does not carry is refused at its place, nothing written.
#[test]
fn a_retraction_naming_a_write_the_file_does_not_carry_is_refused_where_it_is() {
    let mut env = TestEnv::seeded();
    at(
        &mut env,
        "2025-12-01T00:00:00Z",
        &[
            "status",
            "retract",
            "--round",
            "latest",
            "--item",
            "prisoner-exchanges",
            "--reason",
            "Logged in error",
        ],
    );
    let history = env.path("history.toml");
    env.ok(["export", "--history", "-o", history.to_str().unwrap()]);
    let text = std::fs::read_to_string(&history).unwrap();
    let writes = text.matches("[[history.write]]").count();
    assert_eq!(writes, 2, "the seed and the retraction");
    let named = "[round.status.retracted]\nreason = \"Logged in error\"\n\
                 recorded_at = \"2025-12-01T00:00:00.000Z\"\nwrite = 2\n";
    assert!(text.contains(named), "{text}");
    let line = text[..text.find(named).unwrap()].lines().count() + 4;
    let path = env.write(
        "broken.toml",
        &text.replace(named, &named.replace("write = 2", "write = 3")),
    );
    let copy = TestEnv::new();
    let err = copy.fails(["import", path.to_str().unwrap()]);
    assert!(
        err.contains(&format!(
            "broken.toml:{line}:9: round[1].status[10].retracted.write: write 3 is not in the file"
        )),
        "{err}"
    );
    assert!(!copy.created(), "nothing was created");
    // (The retracted record follows the nine in force.) As exported, it imports,
    // and the retraction names the same write.
    let copy = import_copy(&history);
    let named = "SELECT x.reason, w.command, w.recorded_at FROM retraction x \
                 JOIN write_log w ON w.write_log_id = x.write_log_id";
    assert_eq!(env.query(named), copy.query(named));
    assert_eq!(copy.count("write_log"), 3);
}
