//! Many short rows read in place through SQLite's C API, on a connection sqlx lends for
//! it ([`SqliteConnection::lock_handle`]), for the one read where sqlx's hand-over costs
//! more than SQLite's work: `round list`, 10,000 rounds and 30,000 participants at 1M
//! records. Through sqlx each row crosses from its worker thread as an owned copy
//! (about 15,000 instructions a row, measured with callgrind: more than reading it);
//! packed into JSON by SQLite and decoded here, the encoding and decoding cost as much
//! again. Read here, a value is borrowed from SQLite until the next row.
//!
//! The statements stay files beside the others (`src/storage/queries/`), planned by
//! tests/query_plans.rs (which prepares each against the schema: a name the schema
//! lacks fails there) and run by the tests of the commands behind them; what they give
//! up is sqlx's check of their columns' types at compile time.
//!
//! sqlx pins the `libsqlite3-sys` it links; Parley names the same version (Cargo.toml),
//! as sqlx asks of direct calls.

use std::ffi::{CStr, c_char, c_int};
use std::ptr::NonNull;

use libsqlite3_sys as ffi;
use sqlx::SqliteConnection;

use super::StorageError;
use crate::error::{Error, Result};

/// Runs `sql` with `params` bound to `?1`, `?2`, … and hands `each` every row it
/// returns, in order. Nothing else uses the connection meanwhile.
pub(crate) async fn for_each_row(
    conn: &mut SqliteConnection,
    sql: &str,
    params: &[i64],
    mut each: impl FnMut(&Row<'_>) -> Result<()>,
) -> Result<()> {
    let mut handle = conn.lock_handle().await?;
    let db = handle.as_raw_handle();
    let statement = Statement::prepare(db, sql)?;
    for (i, value) in (1..).zip(params) {
        // SAFETY: the statement is live and `i` is a parameter index from 1.
        let code = unsafe { ffi::sqlite3_bind_int64(statement.raw(), i, *value) };
        if code != ffi::SQLITE_OK {
            return Err(failure(db, code));
        }
    }
    loop {
        // SAFETY: the statement is live; the lock keeps sqlx's worker off the handle.
        match unsafe { ffi::sqlite3_step(statement.raw()) } {
            ffi::SQLITE_ROW => each(&Row {
                statement: &statement,
            })?,
            ffi::SQLITE_DONE => return Ok(()),
            code => return Err(failure(db, code)),
        }
    }
}

/// The row a statement stands on.
pub(crate) struct Row<'s> {
    statement: &'s Statement,
}

impl Row<'_> {
    /// Column `i` (from 0) as an integer; NULL reads as 0.
    pub(crate) fn int(&self, i: c_int) -> i64 {
        // SAFETY: the statement stands on a row; an index out of range reads as NULL.
        unsafe { ffi::sqlite3_column_int64(self.statement.raw(), i) }
    }

    /// Column `i` (from 0) as text, borrowed until the next row; `None` for NULL.
    pub(crate) fn text(&self, i: c_int) -> Result<Option<&str>> {
        let raw = self.statement.raw();
        // SAFETY: the statement stands on a row. sqlite3_column_text converts the value
        // to UTF-8 text in place first and returns a pointer valid until the next step
        // (which `&self` outlives: `each` gets the row by reference), and
        // sqlite3_column_bytes, called after it, its length in bytes.
        let bytes = unsafe {
            let text = ffi::sqlite3_column_text(raw, i);
            if text.is_null() {
                return Ok(None);
            }
            let len = ffi::sqlite3_column_bytes(raw, i);
            std::slice::from_raw_parts(text, usize::try_from(len).unwrap_or(0))
        };
        std::str::from_utf8(bytes).map(Some).map_err(|e| {
            Error::Storage(StorageError::Decode {
                message: format!("column {i} holds text that is not UTF-8: {e}"),
            })
        })
    }

    /// Like [`Row::text`], for a column that is never NULL.
    pub(crate) fn text_set(&self, i: c_int) -> Result<&str> {
        self.text(i)?.ok_or_else(|| {
            Error::Storage(StorageError::Decode {
                message: format!("column {i} is NULL where a value was expected"),
            })
        })
    }
}

/// A prepared statement, finalized when dropped.
struct Statement(NonNull<ffi::sqlite3_stmt>);

impl Statement {
    fn prepare(db: NonNull<ffi::sqlite3>, sql: &str) -> Result<Statement> {
        let len = c_int::try_from(sql.len()).expect("a statement shorter than 2 GiB");
        let mut raw = std::ptr::null_mut();
        // SAFETY: `sql` is valid for `len` bytes (no NUL needed when the length is
        // given); `raw` receives the statement or NULL.
        let code = unsafe {
            ffi::sqlite3_prepare_v3(
                db.as_ptr(),
                sql.as_ptr().cast::<c_char>(),
                len,
                0,
                &mut raw,
                std::ptr::null_mut(),
            )
        };
        if code != ffi::SQLITE_OK {
            return Err(failure(db, code));
        }
        NonNull::new(raw).map(Statement).ok_or_else(|| {
            Error::Storage(StorageError::Refused {
                message: "the statement is empty".into(),
            })
        })
    }

    fn raw(&self) -> *mut ffi::sqlite3_stmt {
        self.0.as_ptr()
    }
}

impl Drop for Statement {
    fn drop(&mut self) {
        // SAFETY: the statement was prepared on a handle still locked for us, and is
        // finalized once.
        unsafe { ffi::sqlite3_finalize(self.0.as_ptr()) };
    }
}

/// SQLite's refusal, in its own words, sorted as sqlx's errors are.
fn failure(db: NonNull<ffi::sqlite3>, code: c_int) -> Error {
    // SAFETY: the handle is live; sqlite3_errmsg returns a NUL-terminated string owned
    // by SQLite, copied before any other call.
    let message = unsafe { CStr::from_ptr(ffi::sqlite3_errmsg(db.as_ptr())) }
        .to_string_lossy()
        .into_owned();
    Error::Storage(super::error::refusal(Some(code), message))
}

#[cfg(test)]
mod tests {
    use sqlx::{Connection, Executor};

    use super::*;

    async fn connection() -> SqliteConnection {
        let mut conn = SqliteConnection::connect("sqlite::memory:").await.unwrap();
        conn.execute(
            "CREATE TABLE t (n INTEGER, s TEXT) STRICT; \
             INSERT INTO t VALUES (1, 'héllo'), (2, NULL), (3, 'a''b');",
        )
        .await
        .unwrap();
        conn
    }

    #[tokio::test]
    async fn reads_every_row_in_order_with_its_values_in_place() {
        let mut conn = connection().await;
        let mut seen = Vec::new();
        for_each_row(
            &mut conn,
            "SELECT n, s FROM t WHERE n >= ?1 ORDER BY n",
            &[1],
            |row| {
                seen.push((row.int(0), row.text(1)?.map(str::to_owned)));
                Ok(())
            },
        )
        .await
        .unwrap();
        assert_eq!(
            seen,
            [
                (1, Some("héllo".to_owned())),
                (2, None),
                (3, Some("a'b".to_owned()))
            ]
        );
        // The connection is sqlx's again afterwards.
        let n: i64 = sqlx::query_scalar("SELECT count(*) FROM t")
            .fetch_one(&mut conn)
            .await
            .unwrap();
        assert_eq!(n, 3);
    }

    #[tokio::test]
    async fn a_refused_statement_or_a_null_where_text_is_due_is_an_error() {
        let mut conn = connection().await;
        let refused = for_each_row(&mut conn, "SELECT missing FROM t", &[], |_| Ok(())).await;
        let Err(Error::Storage(StorageError::Refused { message })) = refused else {
            panic!("expected a refusal, got {refused:?}");
        };
        assert!(message.contains("no such column: missing"), "{message}");
        let null = for_each_row(&mut conn, "SELECT s FROM t WHERE n = 2", &[], |row| {
            row.text_set(0).map(drop)
        })
        .await;
        assert!(
            matches!(null, Err(Error::Storage(StorageError::Decode { .. }))),
            "{null:?}"
        );
    }
}
