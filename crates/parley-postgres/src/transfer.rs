//! Moving a whole timeline between a Parley file and a PostgreSQL server, with its
//! history: every table but the vocabularies (the migrations hold their rows), the
//! derived tables (round_order, status_in_force, round_status_count) and the
//! full-text indexes, which the target's own triggers rebuild as the rows arrive.
//! Ids are kept, so a round trip gives the same rows.
//!
//! The tables and their columns are read from PostgreSQL's catalog (the source's or
//! the target's), in the order their foreign keys need; both schemas are the same
//! public interface (tests/postgres_schema.rs holds them to it), and each side is at
//! this binary's latest version before a row moves.
//!
//! - File → server: the file is read in one read transaction (one snapshot, while
//!   others may write); the server's schema is created (or found empty) and every
//!   table loaded with `COPY … FROM STDIN` in one transaction, in table order so that
//!   foreign keys hold, the triggers checking each row; each identity is then moved
//!   past the ids copied.
//! - Server → file: the server is read in one `REPEATABLE READ READ ONLY`
//!   transaction; the rows are inserted into a new file in one `BEGIN IMMEDIATE`
//!   transaction with one prepared statement per table.
//!
//! A target that holds any row of a copied table is refused: a copy never merges.
//!
//! The catalog reads are checked macros; the per-table statements (each table's
//! SELECT, COPY, INSERT, LOCK and `setval`) are built at run time from the tables the
//! catalog lists, as a table's or column's name cannot be a parameter; the file's
//! statements are SQLite's, which this crate's macros (checked against PostgreSQL)
//! cannot check.

use std::fmt;
use std::sync::Arc;

use futures_util::TryStreamExt;
use sqlx::postgres::PgRow;
use sqlx::{AssertSqlSafe, Connection, PgConnection, Row, SqliteConnection};

use crate::{Server, ServerUrl, create_or_upgrade_in};
use parley_core::error::{Error, Result};
use parley_core::storage::Database;
use parley_core::storage::import::upkeep::DeferredUpkeep;

/// Tables the triggers keep from the others: rebuilt on the target, never copied.
const DERIVED: [&str; 3] = ["round_order", "status_in_force", "round_status_count"];
/// The fixed vocabularies: the migrations hold their rows on both backends.
const VOCABULARIES: [&str; 4] = ["status", "stance", "reliability", "credibility"];

/// How many bytes of `COPY` text go to the server at once.
const COPY_CHUNK: usize = 1 << 20;

/// What a copy moved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Transferred {
    /// Each table copied, in order, with its row count.
    pub tables: Vec<(String, u64)>,
}

impl Transferred {
    pub fn rows(&self) -> u64 {
        self.tables.iter().map(|(_, rows)| rows).sum()
    }
}

impl fmt::Display for Transferred {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} tables, {} rows", self.tables.len(), self.rows())
    }
}

/// A column as the copy moves it between the backends' types.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// bigint; SQLite's INTEGER.
    Integer,
    /// boolean; SQLite's 0/1.
    Flag,
    /// timestamptz; SQLite's ISO 8601 UTC text with milliseconds.
    Instant,
    /// text.
    Text,
}

#[derive(Debug)]
struct Column {
    name: String,
    kind: Kind,
}

#[derive(Debug)]
struct Table {
    name: String,
    columns: Vec<Column>,
    /// The identity column (`<table>_id`), whose sequence a load moves on.
    identity: Option<String>,
}

impl Table {
    fn column_list(&self) -> String {
        self.columns
            .iter()
            .map(|c| format!("\"{}\"", c.name))
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// Every row, each column as `read` reads it, in key order: a correction after
    /// what it corrects, a child item after its parent.
    fn select(&self, read: impl Fn(&Column) -> String) -> String {
        format!(
            "SELECT {} FROM \"{}\" ORDER BY \"{}\"",
            self.columns.iter().map(read).collect::<Vec<_>>().join(", "),
            self.name,
            self.columns[0].name
        )
    }
}

/// Copies the file's timeline onto the server, creating the schema there if the
/// database holds nothing; refuses a server database that holds a timeline.
pub async fn file_to_server(file: &Database, server: &Server) -> Result<Transferred> {
    let mut lite = file.pool().acquire().await?;
    // A deferred transaction: the first read fixes the snapshot every later one sees.
    let mut snapshot = lite.begin().await?;
    let mut pg = server.pool().acquire().await?;
    let mut tx = pg.begin().await?;
    // A large timeline takes longer than an everyday statement may.
    sqlx::query!("SET LOCAL statement_timeout = 0")
        .execute(&mut *tx)
        .await?;
    create_or_upgrade_in(&mut tx, server.url()).await?;
    let tables = tables(&mut tx).await?;
    same_tables(&mut snapshot, &tables, file).await?;
    refuse_a_timeline_on_the_server(&mut tx, &tables, server.url()).await?;
    let mut copied = Vec::with_capacity(tables.len());
    for table in &tables {
        let rows = copy_in(&mut snapshot, &mut tx, table).await?;
        if let Some(identity) = &table.identity {
            let name = &table.name;
            // Past the ids copied, never back: a history table's trigger may have moved
            // it past an id its rows hold already (ids are never reused).
            sqlx::query(AssertSqlSafe(format!(
                "SELECT setval(sequence, id) FROM (
                     SELECT sequence, GREATEST((SELECT max(\"{identity}\") FROM \"{name}\"),
                                               pg_sequence_last_value(sequence)) AS id
                     FROM (SELECT pg_get_serial_sequence('{name}', '{identity}')::regclass
                           AS sequence) AS s) AS held
                 WHERE id IS NOT NULL"
            )))
            .execute(&mut *tx)
            .await?;
        }
        copied.push((table.name.clone(), rows));
    }
    tx.commit().await?;
    snapshot.rollback().await?;
    Ok(Transferred { tables: copied })
}

/// Copies the server's timeline into `file`, a Parley file this process has just
/// created (schema, no records).
pub async fn server_to_file(server: &Server, file: &Database) -> Result<Transferred> {
    let mut pg = server.pool().acquire().await?;
    let mut snapshot = pg
        .begin_with("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        .await?;
    sqlx::query!("SET LOCAL statement_timeout = 0")
        .execute(&mut *snapshot)
        .await?;
    let tables = tables(&mut snapshot).await?;
    let mut lite = file.pool().acquire().await?;
    let mut tx = lite.begin_with("BEGIN IMMEDIATE").await?;
    same_tables(&mut tx, &tables, file).await?;
    refuse_a_timeline_in_the_file(&mut tx, &tables, file).await?;
    // The rows are loaded as a large import loads them: the per-row upkeep of the
    // status records, positions and citations is postponed, and done set-wise at the
    // end, checking the same rules.
    let deferred = DeferredUpkeep::begin(&mut tx).await?;
    let mut copied = Vec::with_capacity(tables.len());
    for table in &tables {
        let rows = copy_out(&mut snapshot, &mut tx, table).await?;
        copied.push((table.name.clone(), rows));
    }
    if let Some(deferred) = deferred {
        deferred.finish(&mut tx).await?;
    }
    tx.commit().await?;
    snapshot.rollback().await?;
    Ok(Transferred { tables: copied })
}

/// The tables a copy moves, from the server's catalog, each after the tables its
/// foreign keys name.
async fn tables(conn: &mut PgConnection) -> Result<Vec<Table>> {
    let rows = sqlx::query!(
        r#"SELECT c.relname::text AS "table!", a.attname::text AS "column!",
                  format_type(a.atttypid, a.atttypmod) AS "column_type!",
                  a.attidentity <> '' AS "identity!"
           FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
           JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
           WHERE n.nspname = 'public' AND c.relkind = 'r' AND c.relname <> '_sqlx_migrations'
           ORDER BY c.oid, a.attnum"#
    )
    .fetch_all(&mut *conn)
    .await?;
    // Each table's foreign keys, by name: the tables it must come after.
    let references: Vec<(String, String)> = sqlx::query!(
        r#"SELECT DISTINCT c.relname::text AS "from!", f.relname::text AS "to!"
           FROM pg_constraint k
           JOIN pg_class c ON c.oid = k.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
           JOIN pg_class f ON f.oid = k.confrelid
           WHERE k.contype = 'f' AND n.nspname = 'public' AND c.oid <> f.oid"#
    )
    .fetch_all(&mut *conn)
    .await?
    .into_iter()
    .map(|r| (r.from, r.to))
    .collect();
    let mut tables: Vec<Table> = Vec::new();
    for row in rows {
        let (table, column, ty, identity) = (row.table, row.column, row.column_type, row.identity);
        if DERIVED.contains(&table.as_str())
            || VOCABULARIES.contains(&table.as_str())
            || table.ends_with("_fts")
        {
            continue;
        }
        let kind = match ty.as_str() {
            "bigint" | "integer" => Kind::Integer,
            "boolean" => Kind::Flag,
            "timestamp with time zone" => Kind::Instant,
            "text" => Kind::Text,
            other => {
                return Err(Error::Unreadable(format!(
                    "a column {table}.{column} of type {other}, which a copy cannot move"
                )));
            }
        };
        if tables.last().is_none_or(|t| t.name != table) {
            tables.push(Table {
                name: table,
                columns: Vec::new(),
                identity: None,
            });
        }
        let last = tables.last_mut().expect("pushed");
        if identity {
            last.identity = Some(column.clone());
        }
        last.columns.push(Column { name: column, kind });
    }
    Ok(in_reference_order(tables, &references))
}

/// The tables each after those it references (a table referencing itself is loaded in
/// key order instead), otherwise in the order given.
fn in_reference_order(mut tables: Vec<Table>, references: &[(String, String)]) -> Vec<Table> {
    let mut ordered: Vec<Table> = Vec::with_capacity(tables.len());
    while !tables.is_empty() {
        let ready = tables
            .iter()
            .position(|t| {
                references.iter().all(|(from, to)| {
                    from != &t.name || !tables.iter().any(|other| &other.name == to)
                })
            })
            // A cycle of foreign keys (none in Parley's schema): the order given.
            .unwrap_or(0);
        ordered.push(tables.remove(ready));
    }
    ordered
}

/// Refuses a copy that would leave something behind: the file's tables (but for
/// SQLite's own, the migration log, the full-text indexes, the derived tables and the
/// vocabularies) and their columns must be the server's, so that no row or value is
/// silently dropped.
async fn same_tables(conn: &mut SqliteConnection, tables: &[Table], file: &Database) -> Result<()> {
    let rows: Vec<(String, String)> = sqlx::query_as(
        r"SELECT m.name, c.name FROM sqlite_master m JOIN pragma_table_info(m.name) c
          WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite\_%' ESCAPE '\'
            AND m.name NOT LIKE '\_%' ESCAPE '\' AND m.name NOT LIKE '%\_fts%' ESCAPE '\'
          ORDER BY m.name, c.cid",
    )
    .fetch_all(&mut *conn)
    .await?;
    let mut in_file: Vec<String> = rows
        .into_iter()
        .filter(|(table, _)| {
            !DERIVED.contains(&table.as_str()) && !VOCABULARIES.contains(&table.as_str())
        })
        .map(|(table, column)| format!("{table}.{column}"))
        .collect();
    let mut on_server: Vec<String> = tables
        .iter()
        .flat_map(|t| {
            t.columns
                .iter()
                .map(move |c| format!("{}.{}", t.name, c.name))
        })
        .collect();
    in_file.sort();
    on_server.sort();
    if in_file == on_server {
        return Ok(());
    }
    let only = |these: &[String], those: &[String]| {
        these
            .iter()
            .filter(|c| !those.contains(c))
            .cloned()
            .collect::<Vec<_>>()
            .join(", ")
    };
    Err(Error::Open {
        path: file.path().to_owned(),
        message: format!(
            "its schema and the server's differ (only in the file: [{}]; only on the server: \
             [{}]); a copy would lose what one holds and the other cannot, so nothing was copied",
            only(&in_file, &on_server),
            only(&on_server, &in_file)
        ),
    })
}

/// `SELECT EXISTS (…) OR …` over every copied table: whether any holds a row.
fn any_row(tables: &[Table]) -> String {
    let exists: Vec<String> = tables
        .iter()
        .map(|t| format!("EXISTS (SELECT 1 FROM \"{}\")", t.name))
        .collect();
    format!("SELECT {}", exists.join(" OR "))
}

/// Locks the copied tables against other writers for the copy's transaction, then
/// refuses a database that holds any of their rows.
async fn refuse_a_timeline_on_the_server(
    tx: &mut PgConnection,
    tables: &[Table],
    url: &ServerUrl,
) -> Result<()> {
    let names: Vec<String> = tables.iter().map(|t| format!("\"{}\"", t.name)).collect();
    sqlx::query(AssertSqlSafe(format!(
        "LOCK TABLE {} IN SHARE ROW EXCLUSIVE MODE",
        names.join(", ")
    )))
    .execute(&mut *tx)
    .await?;
    let holds: bool = sqlx::query_scalar(AssertSqlSafe(any_row(tables)))
        .fetch_one(&mut *tx)
        .await?;
    if holds {
        return Err(url.error(
            "holds a timeline already; a copy never merges into one or replaces it, and nothing \
             was written: copy to a database that holds nothing (CREATE DATABASE …), or one \
             that `parley --db URL init --empty` created",
        ));
    }
    Ok(())
}

async fn refuse_a_timeline_in_the_file(
    tx: &mut SqliteConnection,
    tables: &[Table],
    file: &Database,
) -> Result<()> {
    let holds: bool = sqlx::query_scalar(AssertSqlSafe(any_row(tables)))
        .fetch_one(&mut *tx)
        .await?;
    if holds {
        return Err(Error::Open {
            path: file.path().to_owned(),
            message: "holds a timeline already; a copy never merges into one or replaces it".into(),
        });
    }
    Ok(())
}

/// Loads one table from the file's snapshot with `COPY … FROM STDIN` (text format).
async fn copy_in(
    snapshot: &mut SqliteConnection,
    tx: &mut PgConnection,
    table: &Table,
) -> Result<u64> {
    let select = table.select(|c| format!("CAST(\"{}\" AS TEXT)", c.name));
    let mut copy = tx
        .copy_in_raw(&format!(
            "COPY \"{}\" ({}) FROM STDIN",
            table.name,
            table.column_list()
        ))
        .await?;
    let sent: Result<u64> = async {
        let mut rows = sqlx::query(AssertSqlSafe(select)).fetch(&mut *snapshot);
        let mut buffer = Vec::with_capacity(COPY_CHUNK + 4096);
        let mut count = 0;
        while let Some(row) = rows.try_next().await? {
            for i in 0..table.columns.len() {
                if i > 0 {
                    buffer.push(b'\t');
                }
                match row.try_get::<Option<&str>, _>(i)? {
                    None => buffer.extend_from_slice(b"\\N"),
                    Some(value) => copy_text(value, &mut buffer),
                }
            }
            buffer.push(b'\n');
            count += 1;
            if buffer.len() >= COPY_CHUNK {
                copy.send(std::mem::take(&mut buffer)).await?;
            }
        }
        if !buffer.is_empty() {
            copy.send(buffer).await?;
        }
        Ok(count)
    }
    .await;
    match sent {
        Ok(count) => {
            let loaded = copy.finish().await?;
            debug_assert_eq!(loaded, count);
            Ok(count)
        }
        Err(e) => {
            // Ends the COPY so that the transaction can roll back; the first error is
            // the one to report.
            let _ = copy.abort("parley: reading the file failed").await;
            Err(e)
        }
    }
}

/// A value in `COPY`'s text format: backslash, tab, newline and carriage return
/// escaped; everything else as it is.
fn copy_text(value: &str, out: &mut Vec<u8>) {
    for byte in value.bytes() {
        match byte {
            b'\\' => out.extend_from_slice(b"\\\\"),
            b'\t' => out.extend_from_slice(b"\\t"),
            b'\n' => out.extend_from_slice(b"\\n"),
            b'\r' => out.extend_from_slice(b"\\r"),
            other => out.push(other),
        }
    }
}

/// Inserts one table's rows from the server's snapshot into the file, many rows to a
/// statement: a statement per row costs a round trip to SQLite's worker thread each,
/// which is most of a large copy's time. Full batches share one prepared statement
/// (sqlx keeps it per connection); the last, shorter batch has its own.
async fn copy_out(
    snapshot: &mut PgConnection,
    tx: &mut SqliteConnection,
    table: &Table,
) -> Result<u64> {
    let select = table.select(|c| match c.kind {
        Kind::Integer | Kind::Text => format!("\"{}\"", c.name),
        Kind::Flag => format!("\"{}\"::int::int8", c.name),
        // SQLite's form: parley_core::domain::Instant's text.
        Kind::Instant => format!(
            "to_char(\"{}\" AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')",
            c.name
        ),
    });
    let columns = table.columns.len();
    let per_statement = (MAX_PARAMETERS / columns).clamp(1, ROWS_PER_INSERT);
    let full: Arc<str> = insert_rows(table, per_statement).into();
    let mut rows = sqlx::query(AssertSqlSafe(select)).fetch(&mut *snapshot);
    let mut batch: Vec<PgRow> = Vec::with_capacity(per_statement);
    let mut count = 0;
    loop {
        let row = rows.try_next().await?;
        let done = row.is_none();
        batch.extend(row);
        if batch.len() < per_statement && !done {
            continue;
        }
        if batch.is_empty() {
            break;
        }
        let insert: Arc<str> = match batch.len() == per_statement {
            true => full.clone(),
            false => insert_rows(table, batch.len()).into(),
        };
        let mut query = sqlx::query(AssertSqlSafe(insert));
        for row in &batch {
            for (i, column) in table.columns.iter().enumerate() {
                query = match column.kind {
                    Kind::Integer | Kind::Flag => query.bind(row.try_get::<Option<i64>, _>(i)?),
                    Kind::Instant | Kind::Text => query.bind(row.try_get::<Option<String>, _>(i)?),
                };
            }
        }
        query.execute(&mut *tx).await?;
        count += batch.len() as u64;
        batch.clear();
        if done {
            break;
        }
    }
    Ok(count)
}

/// SQLite's limit on a statement's parameters (SQLITE_MAX_VARIABLE_NUMBER's default).
const MAX_PARAMETERS: usize = 32_766;

/// Rows per INSERT of a copy into a file: past a few hundred, larger statements save
/// nothing more.
const ROWS_PER_INSERT: usize = 500;

/// `INSERT INTO table (columns) VALUES (?, …), …` for `rows` rows.
fn insert_rows(table: &Table, rows: usize) -> String {
    let row = format!("({})", vec!["?"; table.columns.len()].join(", "));
    format!(
        "INSERT INTO \"{}\" ({}) VALUES {}",
        table.name,
        table.column_list(),
        vec![row; rows].join(", ")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(name: &str) -> Table {
        Table {
            name: name.into(),
            columns: Vec::new(),
            identity: None,
        }
    }

    #[test]
    fn tables_come_after_the_tables_they_reference() {
        let references = [
            ("citation".to_owned(), "source".to_owned()),
            ("citation".to_owned(), "round".to_owned()),
            ("round".to_owned(), "process".to_owned()),
        ];
        let ordered = in_reference_order(
            vec![
                table("citation"),
                table("round"),
                table("source"),
                table("process"),
            ],
            &references,
        );
        let names: Vec<&str> = ordered.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(names, ["source", "process", "round", "citation"]);
    }

    #[test]
    fn copy_text_escapes_what_the_format_reads_specially() {
        let mut out = Vec::new();
        copy_text("a\\b\tc\nd\re é", &mut out);
        assert_eq!(out, b"a\\\\b\\tc\\nd\\re \xc3\xa9");
    }
}
