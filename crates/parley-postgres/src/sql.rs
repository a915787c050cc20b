//! `parley sql` on a server: one statement in a `READ ONLY` transaction (which the
//! server refuses every write in, whoever connects), stopped by the server's own
//! `statement_timeout`, with rows handed over as they come. The transaction is always
//! rolled back. Parameters are bound as on a file (`:name` becomes `$1`).
//!
//! A read-only transaction does not stop what a superuser may do without writing to
//! the database (`COPY … TO` a server file, `pg_read_file`): analysts connect as
//! parley_reader, which may do neither (sql/postgres/roles.sql).

use std::time::Duration;

use futures_util::TryStreamExt;
use serde_json::Value;
use sqlx::postgres::PgRow;
use sqlx::{Column, Connection, Executor, Row, SqlSafeStr, Statement, TypeInfo, ValueRef};

use super::Server;
use parley_core::error::{Error, Result};
use parley_core::storage::RowSink;
use parley_core::storage::sql::{Bound, Placeholders, prepare};

/// SQLSTATE of a statement the server cancelled (here: its statement_timeout).
const QUERY_CANCELED: &str = "57014";

impl Server {
    /// Runs one statement read-only with its parameters bound, handing its columns and
    /// then each row to `sink`; `limit` (none for zero) stops it on the server
    /// ([`Error::TimeLimit`]).
    pub async fn read_only_query(
        &self,
        sql: &str,
        params: &[(String, String)],
        limit: Duration,
        sink: &mut dyn RowSink,
    ) -> Result<()> {
        let prepared = prepare(sql, params, Placeholders::Postgres)?;
        if prepared.anonymous {
            return Err(Error::invalid_argument(
                "QUERY",
                "PostgreSQL takes no ? parameters: name them (:name) and give -p name VALUE",
            ));
        }
        let mut conn = self.pool().acquire().await?;
        let mut tx = conn.begin_with("BEGIN READ ONLY").await?;
        // SET LOCAL, with the value bound (SET takes no parameters); returns the value.
        sqlx::query_scalar!(
            "SELECT set_config('statement_timeout', $1, true)",
            limit.as_millis().to_string()
        )
        .fetch_one(&mut *tx)
        .await?;
        let statement = (&mut *tx)
            .prepare(sqlx::AssertSqlSafe(prepared.sql.clone()).into_sql_str())
            .await
            .map_err(|e| query_error(e, limit))?;
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
        let ran: Result<()> = async {
            let mut rows = query.fetch(&mut *tx);
            while let Some(row) = rows.try_next().await.map_err(|e| query_error(e, limit))? {
                let values = (0..columns.len()).map(|i| value(&row, i)).collect();
                if !sink.row(values)? {
                    break;
                }
            }
            Ok(())
        }
        .await;
        // Never committed: nothing in it is kept, whatever it was.
        tx.rollback().await.ok();
        ran
    }
}

/// The server's refusal of the query, in its words, at the query; a cancelled one
/// ran past its time.
fn query_error(error: sqlx::Error, limit: Duration) -> Error {
    match &error {
        sqlx::Error::Database(db) if db.code().as_deref() == Some(QUERY_CANCELED) => {
            Error::TimeLimit { limit }
        }
        sqlx::Error::Database(db) => Error::invalid_argument("QUERY", db.message().to_owned()),
        _ => error.into(),
    }
}

/// A cell as JSON: integers, numbers, booleans and text as themselves; instants in
/// the form a file holds them (`2025-11-23T10:00:00.000Z`); a type Parley's schema does
/// not use (an array, a tsvector), which the query can cast to text, as `<type>`.
fn value(row: &PgRow, i: usize) -> Value {
    let Ok(raw) = row.try_get_raw(i) else {
        return Value::Null;
    };
    if raw.is_null() {
        return Value::Null;
    }
    let type_name = raw.type_info().name().to_owned();
    match type_name.as_str() {
        "INT2" => row.try_get::<i16, _>(i).map_or(Value::Null, Value::from),
        "INT4" => row.try_get::<i32, _>(i).map_or(Value::Null, Value::from),
        "INT8" => row.try_get::<i64, _>(i).map_or(Value::Null, Value::from),
        "FLOAT4" => row.try_get::<f32, _>(i).map_or(Value::Null, Value::from),
        "FLOAT8" => row.try_get::<f64, _>(i).map_or(Value::Null, Value::from),
        "BOOL" => row.try_get::<bool, _>(i).map_or(Value::Null, Value::from),
        "TIMESTAMPTZ" => {
            row.try_get::<chrono::DateTime<chrono::Utc>, _>(i)
                .map_or(Value::Null, |t| {
                    match parley_core::domain::Instant::new(t) {
                        Ok(instant) => Value::from(instant.to_string()),
                        Err(_) => Value::from(t.to_rfc3339()),
                    }
                })
        }
        "TEXT" | "VARCHAR" | "NAME" | "BPCHAR" | "CHAR" => {
            row.try_get::<String, _>(i).map_or(Value::Null, Value::from)
        }
        other => Value::from(format!("<{}>", other.to_lowercase())),
    }
}
