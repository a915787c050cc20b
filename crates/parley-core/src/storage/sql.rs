//! `parley sql`: analysts' own queries, run so that nothing can change the database
//! or create a file, within a time limit, with rows handed over as they come.
//!
//! The layers, any one of which refuses a write:
//! 1. the connection is opened read-only (`Database::open_read_only`), so SQLite
//!    refuses every write to the file and opens any `ATTACH`ed file read-only (a path
//!    that does not exist cannot be created);
//! 2. `PRAGMA query_only` is set on it, so even statements SQLite would otherwise run
//!    on a read-only file are refused;
//! 3. one statement per invocation, never `VACUUM` (`VACUUM INTO` writes a new file
//!    even from a read-only connection), and no pragma that sets a value or writes
//!    (on a read-only connection SQLite ignores some of those silently, and answers
//!    `journal_mode = delete` with "disk I/O error").
//!
//! Parameters (`:name`, `@name`, `$name` or `?`) are bound, never written into the SQL.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use futures_util::TryStreamExt;
use serde_json::Value;
use sqlx::{Column, Executor, Row, SqlSafeStr, Statement, TypeInfo, ValueRef};

use super::Database;
use crate::error::{Error, Result};

/// Takes a query's columns, then its rows one at a time.
pub trait RowSink {
    fn columns(&mut self, columns: &[String]) -> Result<()>;
    /// Takes one row; `Ok(false)` stops the query there.
    fn row(&mut self, row: Vec<Value>) -> Result<bool>;
}

/// How long a query may run. Time spent waiting for the reader of the output (a
/// pager, a slow pipe), reported with [`TimeLimit::waited`], does not count.
#[derive(Debug, Clone)]
pub struct TimeLimit(Arc<Clock>);

#[derive(Debug)]
struct Clock {
    limit: Duration,
    started: Instant,
    waited_nanos: AtomicU64,
    expired: AtomicBool,
}

impl TimeLimit {
    pub fn new(limit: Duration) -> Self {
        TimeLimit(Arc::new(Clock {
            limit,
            started: Instant::now(),
            waited_nanos: AtomicU64::new(0),
            expired: AtomicBool::new(false),
        }))
    }

    /// Takes `time` off the clock: it was spent waiting for the output's reader.
    pub fn waited(&self, time: Duration) {
        let nanos = u64::try_from(time.as_nanos()).unwrap_or(u64::MAX);
        self.0.waited_nanos.fetch_add(nanos, Ordering::Relaxed);
    }

    /// Whether the query has used up its time (and stays so once it has).
    fn expired(&self) -> bool {
        let clock = &self.0;
        if clock.expired.load(Ordering::Relaxed) {
            return true;
        }
        let waited = Duration::from_nanos(clock.waited_nanos.load(Ordering::Relaxed));
        let over = clock.started.elapsed().saturating_sub(waited) > clock.limit;
        if over {
            clock.expired.store(true, Ordering::Relaxed);
        }
        over
    }
}

/// SQLite runs this many virtual-machine steps between looks at the clock: often
/// enough to stop within milliseconds, rarely enough to cost nothing measurable.
const STEPS_BETWEEN_LOOKS: i32 = 10_000;

impl Database {
    /// Runs one read-only statement with named parameters bound, handing its columns
    /// and then each row to `sink` as SQLite produces them. With a `limit`, SQLite is
    /// interrupted once the query has run that long ([`Error::TimeLimit`]).
    pub async fn read_only_query(
        &self,
        sql: &str,
        params: &[(String, String)],
        limit: Option<&TimeLimit>,
        sink: &mut dyn RowSink,
    ) -> Result<()> {
        let prepared = prepare(sql, params, Placeholders::Sqlite)?;
        let mut conn = self.pool().acquire().await?;
        // Static SQL, but a pragma: the query macros have nothing to check here.
        sqlx::query("PRAGMA query_only = ON")
            .execute(&mut *conn)
            .await?;
        if let Some(limit) = limit {
            let clock = limit.clone();
            conn.lock_handle()
                .await?
                .set_progress_handler(STEPS_BETWEEN_LOOKS, move || !clock.expired());
        }
        let ran = run(&mut conn, &prepared, sink).await;
        if limit.is_some() {
            conn.lock_handle().await?.remove_progress_handler();
        }
        match ran {
            Err(_) if limit.is_some_and(TimeLimit::expired) => Err(Error::TimeLimit {
                limit: limit.map(|l| l.0.limit).unwrap_or_default(),
            }),
            other => other,
        }
    }
}

async fn run(
    conn: &mut sqlx::SqliteConnection,
    prepared: &Prepared,
    sink: &mut dyn RowSink,
) -> Result<()> {
    let statement = (&mut *conn)
        .prepare(sqlx::AssertSqlSafe(prepared.sql.clone()).into_sql_str())
        .await
        .map_err(sqlite_error)?;
    let columns: Vec<String> = statement
        .columns()
        .iter()
        .map(|c| c.name().to_owned())
        .collect();
    sink.columns(&columns)?;
    // The user's SQL is dynamic by nature: it cannot go through the checked macros.
    let mut query = statement.query();
    for value in &prepared.values {
        query = match value {
            Bound::Int(i) => query.bind(*i),
            Bound::Text(t) => query.bind(t.clone()),
        };
    }
    // Rows arrive as SQLite steps; dropping the stream stops the statement.
    let mut rows = query.fetch(&mut *conn);
    while let Some(row) = rows.try_next().await.map_err(sqlite_error)? {
        let values = (0..columns.len()).map(|i| value(&row, i)).collect();
        if !sink.row(values)? {
            break;
        }
    }
    Ok(())
}

fn sqlite_error(e: sqlx::Error) -> Error {
    match &e {
        sqlx::Error::Database(db) => Error::invalid_argument("QUERY", db.message().to_owned()),
        _ => e.into(),
    }
}

fn value(row: &sqlx::sqlite::SqliteRow, i: usize) -> Value {
    let Ok(raw) = row.try_get_raw(i) else {
        return Value::Null;
    };
    if raw.is_null() {
        return Value::Null;
    }
    match raw.type_info().name() {
        "INTEGER" => row.try_get::<i64, _>(i).map_or(Value::Null, Value::from),
        "REAL" => row.try_get::<f64, _>(i).map_or(Value::Null, Value::from),
        "BLOB" => row.try_get::<Vec<u8>, _>(i).map_or(Value::Null, |b| {
            Value::from(format!(
                "x'{}'",
                b.iter().map(|x| format!("{x:02x}")).collect::<String>()
            ))
        }),
        _ => row.try_get::<String, _>(i).map_or(Value::Null, Value::from),
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Bound {
    Int(i64),
    Text(String),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Prepared {
    pub sql: String,
    pub values: Vec<Bound>,
    /// Whether the query has `?` placeholders, which PostgreSQL does not take.
    pub anonymous: bool,
}

/// How a backend numbers parameters: SQLite's `?1`, PostgreSQL's `$1`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Placeholders {
    Sqlite,
    Postgres,
}

/// Checks that `sql` is one statement other than VACUUM, and rewrites its named
/// parameters to numbered ones (`?1`, `?2`, … or `$1`, `$2`, …) with their values in
/// order. A value that reads as an integer is bound as one; anything else as text.
/// PostgreSQL's casts (`value::text`) are not parameters.
pub fn prepare(
    sql: &str,
    params: &[(String, String)],
    placeholders: Placeholders,
) -> Result<Prepared> {
    let fail = |message: String| Err(Error::invalid_argument("QUERY", message));
    let chars: Vec<char> = sql.chars().collect();
    let mut out = String::with_capacity(sql.len());
    let mut names: Vec<String> = Vec::new();
    let mut first_word = String::new();
    let mut ended = false; // a `;` has been seen
    let mut i = 0;
    let mut anonymous = 0usize;
    while i < chars.len() {
        let c = chars[i];
        // Quoted strings and identifiers, copied as they are.
        if let Some(close) = match c {
            '\'' => Some('\''),
            '"' => Some('"'),
            '`' => Some('`'),
            '[' => Some(']'),
            _ => None,
        } {
            if ended {
                return fail("one statement at a time: remove what follows the first ';'".into());
            }
            out.push(c);
            i += 1;
            while i < chars.len() {
                out.push(chars[i]);
                if chars[i] == close {
                    if close != ']' && chars.get(i + 1) == Some(&close) {
                        out.push(close);
                        i += 2;
                        continue;
                    }
                    break;
                }
                i += 1;
            }
            i += 1;
            continue;
        }
        if c == '-' && chars.get(i + 1) == Some(&'-') {
            while i < chars.len() && chars[i] != '\n' {
                out.push(chars[i]);
                i += 1;
            }
            continue;
        }
        if c == '/' && chars.get(i + 1) == Some(&'*') {
            out.push_str("/*");
            i += 2;
            while i < chars.len() && !(chars[i] == '*' && chars.get(i + 1) == Some(&'/')) {
                out.push(chars[i]);
                i += 1;
            }
            out.push_str("*/");
            i += 2;
            continue;
        }
        if c.is_whitespace() {
            out.push(c);
            i += 1;
            continue;
        }
        if c == ':' && chars.get(i + 1) == Some(&':') {
            out.push_str("::");
            i += 2;
            continue;
        }
        if c == ';' {
            ended = true;
            out.push(c);
            i += 1;
            continue;
        }
        if ended {
            return fail("one statement at a time: remove what follows the first ';'".into());
        }
        if first_word.is_empty() && c.is_alphabetic() {
            let start = i;
            while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '_') {
                i += 1;
            }
            first_word = chars[start..i].iter().collect();
            out.push_str(&first_word);
            continue;
        }
        if matches!(c, ':' | '@' | '$')
            && chars
                .get(i + 1)
                .is_some_and(|n| n.is_alphanumeric() || *n == '_')
        {
            let start = i + 1;
            i += 1;
            while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '_') {
                i += 1;
            }
            let name: String = chars[start..i].iter().collect();
            let index = match names.iter().position(|n| *n == name) {
                Some(p) => p + 1,
                None => {
                    names.push(name);
                    names.len()
                }
            };
            match placeholders {
                Placeholders::Sqlite => out.push_str(&format!("?{index}")),
                Placeholders::Postgres => out.push_str(&format!("${index}")),
            }
            continue;
        }
        if c == '?' {
            anonymous += 1;
        }
        if first_word.is_empty() {
            first_word.push(c);
        }
        out.push(c);
        i += 1;
    }
    if first_word.is_empty() {
        return fail("no statement given".into());
    }
    if first_word.eq_ignore_ascii_case("vacuum") {
        return fail(
            "VACUUM is refused: `parley sql` never writes a file (VACUUM INTO would)".into(),
        );
    }
    if first_word.eq_ignore_ascii_case("pragma") {
        check_pragma(sql)?;
    }
    if anonymous > 0 && !names.is_empty() {
        return fail("use either named parameters (:name) or ?, not both".into());
    }
    let lookup = |name: &str| {
        params
            .iter()
            .find(|(n, _)| n.trim_start_matches([':', '@', '$']) == name)
            .map(|(_, v)| v.clone())
    };
    let mut values = Vec::new();
    if anonymous > 0 {
        // `?` placeholders take the values in the order the -p flags were given.
        values.extend(params.iter().map(|(_, v)| v.clone()));
    } else {
        for name in &names {
            match lookup(name) {
                Some(v) => values.push(v),
                None => {
                    return Err(Error::invalid_argument(
                        "-p",
                        format!(
                            "the query uses :{name} but no value was given; add `-p {name} VALUE`"
                        ),
                    ));
                }
            }
        }
        if let Some((unused, _)) = params.iter().find(|(n, _)| {
            !names
                .iter()
                .any(|m| m == n.trim_start_matches([':', '@', '$']))
        }) {
            return Err(Error::invalid_argument(
                "-p",
                format!("the query has no parameter :{unused}"),
            ));
        }
    }
    let values = values
        .into_iter()
        .map(|v| match v.parse::<i64>() {
            Ok(n) if n.to_string() == v => Bound::Int(n),
            _ => Bound::Text(v),
        })
        .collect();
    Ok(Prepared {
        sql: if names.is_empty() {
            sql.to_owned()
        } else {
            out
        },
        values,
        anonymous: anonymous > 0,
    })
}

/// Pragmas that take an argument in parentheses to say what to read, not to set.
const READING_PRAGMAS: [&str; 10] = [
    "foreign_key_check",
    "foreign_key_list",
    "index_info",
    "index_list",
    "index_xinfo",
    "integrity_check",
    "quick_check",
    "table_info",
    "table_list",
    "table_xinfo",
];

/// Pragmas that write to the database whatever their argument.
const WRITING_PRAGMAS: [&str; 3] = ["incremental_vacuum", "optimize", "wal_checkpoint"];

/// Refuses a pragma that sets something (`PRAGMA x = y`, or `PRAGMA x(y)` but for
/// those whose argument names what to read) or writes, with the read-only message:
/// on a read-only connection SQLite ignores some silently (`writable_schema = 1`) and
/// fails others obscurely (`journal_mode = delete`: "disk I/O error").
fn check_pragma(sql: &str) -> Result<()> {
    let tokens = words(sql);
    // PRAGMA [schema.]name, then what follows the name.
    let (name, next) = match tokens.as_slice() {
        [_, _schema, dot, name, rest @ ..] if dot == "." => (name, rest.first()),
        [_, name, rest @ ..] => (name, rest.first()),
        _ => return Ok(()),
    };
    let name = name.to_ascii_lowercase();
    let sets = match next.map(String::as_str) {
        Some("=") => true,
        Some("(") => !READING_PRAGMAS.contains(&name.as_str()),
        _ => false,
    };
    let why = if WRITING_PRAGMAS.contains(&name.as_str()) {
        format!("PRAGMA {name} writes to the database")
    } else if sets {
        format!("PRAGMA {name} with a value would change a setting; `PRAGMA {name}` alone reads it")
    } else {
        return Ok(());
    };
    Err(Error::invalid_argument(
        "QUERY",
        format!("attempt to write a readonly database: `parley sql` is read-only, and {why}"),
    ))
}

/// The statement's words and punctuation, up to its first `;`, without comments or
/// whitespace; quoted names unquoted (`"x"`, `[x]` and `` `x` `` are all `x`).
fn words(sql: &str) -> Vec<String> {
    let chars: Vec<char> = sql.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == ';' {
            break;
        } else if c.is_whitespace() {
            i += 1;
        } else if c == '-' && chars.get(i + 1) == Some(&'-') {
            while i < chars.len() && chars[i] != '\n' {
                i += 1;
            }
        } else if c == '/' && chars.get(i + 1) == Some(&'*') {
            i += 2;
            while i < chars.len() && !(chars[i] == '*' && chars.get(i + 1) == Some(&'/')) {
                i += 1;
            }
            i += 2;
        } else if let Some(close) = match c {
            '"' => Some('"'),
            '`' => Some('`'),
            '[' => Some(']'),
            '\'' => Some('\''),
            _ => None,
        } {
            let start = i + 1;
            i = start;
            while i < chars.len() && chars[i] != close {
                i += 1;
            }
            out.push(chars[start..i.min(chars.len())].iter().collect());
            i += 1;
        } else if c.is_alphanumeric() || c == '_' {
            let start = i;
            while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '_') {
                i += 1;
            }
            out.push(chars[start..i].iter().collect());
        } else {
            out.push(c.to_string());
            i += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(sql: &str, params: &[(&str, &str)]) -> Result<Prepared> {
        let params: Vec<(String, String)> = params
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect();
        prepare(sql, &params, Placeholders::Sqlite)
    }

    /// On PostgreSQL the parameters are `$1`, `$2`, and a cast is not a parameter.
    #[test]
    fn postgres_parameters_are_dollar_numbered_and_casts_stay() {
        let params = vec![("item".to_owned(), "x".to_owned())];
        let got = prepare(
            "SELECT rank::text FROM status WHERE slug = :item OR label = :item",
            &params,
            Placeholders::Postgres,
        )
        .unwrap();
        assert_eq!(
            got.sql,
            "SELECT rank::text FROM status WHERE slug = $1 OR label = $1"
        );
        assert_eq!(got.values, [Bound::Text("x".into())]);
    }

    #[test]
    fn named_parameters_become_numbered_and_bound() {
        let got = p(
            "SELECT * FROM x WHERE a = :item AND b = ':not' AND c = @n AND d = :item",
            &[("item", "prisoner-exchanges"), ("n", "3")],
        )
        .unwrap();
        assert_eq!(
            got.sql,
            "SELECT * FROM x WHERE a = ?1 AND b = ':not' AND c = ?2 AND d = ?1"
        );
        assert_eq!(
            got.values,
            vec![Bound::Text("prisoner-exchanges".into()), Bound::Int(3)]
        );
    }

    #[test]
    fn refuses_a_second_statement_and_vacuum() {
        assert!(p("SELECT 1; DROP TABLE round", &[]).is_err());
        assert!(p("SELECT 1; -- done\n", &[]).is_ok());
        assert!(p("SELECT ';' ; ", &[]).is_ok());
        assert!(p("  vacuum into 'x.db'", &[]).is_err());
        assert!(p("/* c */ VACUUM", &[]).is_err());
        assert!(p("", &[]).is_err());
    }

    #[test]
    fn pragmas_that_set_or_write_are_refused_and_those_that_read_are_not() {
        for sql in [
            "PRAGMA writable_schema = 1",
            "pragma QUERY_ONLY=0",
            "PRAGMA main.journal_mode = delete",
            "PRAGMA \"user_version\" = 3",
            "PRAGMA [cache_size](10)",
            "/* x */ PRAGMA -- y\n foreign_keys = OFF;",
            "PRAGMA optimize",
            "PRAGMA wal_checkpoint(TRUNCATE)",
        ] {
            let err = p(sql, &[]).unwrap_err().to_string();
            assert!(err.contains("read-only"), "{sql}: {err}");
        }
        for sql in [
            "PRAGMA table_info(round)",
            "PRAGMA main.table_xinfo('round')",
            "PRAGMA foreign_key_list(status_record)",
            "PRAGMA integrity_check(5)",
            "PRAGMA journal_mode",
            "PRAGMA query_only;",
            "SELECT * FROM pragma_table_info('round') WHERE name = 'x'",
        ] {
            p(sql, &[]).unwrap_or_else(|e| panic!("{sql}: {e}"));
        }
    }

    #[test]
    fn a_missing_or_unused_parameter_is_an_error() {
        assert!(p("SELECT :a", &[]).is_err());
        assert!(p("SELECT 1", &[("a", "1")]).is_err());
    }
}
