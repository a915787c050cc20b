//! `parley sql`: analysts' own queries, run so that nothing can change the database
//! or create a file.
//!
//! The layers, any one of which refuses a write:
//! 1. the connection is opened read-only (`Database::open_read_only`), so SQLite
//!    refuses every write to the file and opens any `ATTACH`ed file read-only (a path
//!    that does not exist cannot be created);
//! 2. `PRAGMA query_only` is set on it, so even statements SQLite would otherwise run
//!    on a read-only file (`PRAGMA journal_mode = …`) are refused;
//! 3. one statement per invocation, and never `VACUUM` (`VACUUM INTO` writes a new
//!    file even from a read-only connection).
//!
//! Parameters (`:name`, `@name`, `$name` or `?`) are bound, never written into the SQL.

use serde_json::Value;
use sqlx::{Column, Executor, Row, SqlSafeStr, Statement, TypeInfo, ValueRef};

use super::Database;
use crate::error::{Error, Result};

/// A query's columns and rows, values as JSON (null, numbers, strings; blobs as hex).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct QueryOutput {
    pub columns: Vec<String>,
    pub rows: Vec<Vec<Value>>,
}

impl Database {
    /// Runs one read-only statement with named parameters bound.
    pub async fn read_only_query(
        &self,
        sql: &str,
        params: &[(String, String)],
    ) -> Result<QueryOutput> {
        let prepared = prepare(sql, params)?;
        let mut conn = self.pool().acquire().await?;
        // Static SQL, but a pragma: the query macros have nothing to check here.
        sqlx::query("PRAGMA query_only = ON")
            .execute(&mut *conn)
            .await?;
        let statement = (&mut *conn)
            .prepare(sqlx::AssertSqlSafe(prepared.sql.clone()).into_sql_str())
            .await
            .map_err(sqlite_error)?;
        let columns: Vec<String> = statement
            .columns()
            .iter()
            .map(|c| c.name().to_owned())
            .collect();
        // The user's SQL is dynamic by nature: it cannot go through the checked macros.
        let mut query = statement.query();
        for value in &prepared.values {
            query = match value {
                Bound::Int(i) => query.bind(*i),
                Bound::Text(t) => query.bind(t.clone()),
            };
        }
        let rows = query.fetch_all(&mut *conn).await.map_err(sqlite_error)?;
        let rows = rows
            .iter()
            .map(|row| (0..columns.len()).map(|i| value(row, i)).collect())
            .collect();
        Ok(QueryOutput { columns, rows })
    }
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
    let kind = raw.type_info().name().to_owned();
    match kind.as_str() {
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
enum Bound {
    Int(i64),
    Text(String),
}

#[derive(Debug, Clone, PartialEq)]
struct Prepared {
    sql: String,
    values: Vec<Bound>,
}

/// Checks that `sql` is one statement other than VACUUM, and rewrites its named
/// parameters to numbered ones (`?1`, `?2`, …) with their values in order. A value
/// that reads as an integer is bound as one; anything else as text.
fn prepare(sql: &str, params: &[(String, String)]) -> Result<Prepared> {
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
            out.push_str(&format!("?{index}"));
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
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(sql: &str, params: &[(&str, &str)]) -> Result<Prepared> {
        let params: Vec<(String, String)> = params
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect();
        prepare(sql, &params)
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
    fn a_missing_or_unused_parameter_is_an_error() {
        assert!(p("SELECT :a", &[]).is_err());
        assert!(p("SELECT 1", &[("a", "1")]).is_err());
    }
}
