//! Values read back that Parley cannot read: a status, stance or state outside its
//! vocabulary can only have been written by another program that bypassed the
//! schema's checks (triggers dropped, `PRAGMA ignore_check_constraints`). Reads that
//! meet one fail with a message naming the table, the row and the value, rather than
//! guessing or stopping with a decoding error.

use std::str::FromStr;

use crate::error::{Error, Result};

/// `value`, read from `column` of row `row` of `table`, as the vocabulary `T`.
pub fn known<T: FromStr>(table: &str, row: i64, column: &str, value: &str) -> Result<T> {
    value
        .parse()
        .map_err(|_| unreadable(table, row, column, value))
}

/// Like [`known`], for a column that may be empty.
pub fn known_opt<T: FromStr>(
    table: &str,
    row: i64,
    column: &str,
    value: Option<&str>,
) -> Result<Option<T>> {
    value.map(|v| known(table, row, column, v)).transpose()
}

pub fn unreadable(table: &str, row: i64, column: &str, value: &str) -> Error {
    Error::Unreadable(format!(
        "{table} {row} with {column} '{value}', which Parley cannot read; another program wrote it \
         (`parley check` lists every such row)"
    ))
}
