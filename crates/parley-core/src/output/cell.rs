//! One value of a row as every tabular format writes it ([`super::tabular`]), lent by
//! whatever holds the row: a JSON value of a [`super::Tabular`], or a field of a
//! listing's own record, written without a copy.

use std::borrow::Cow;
use std::io::{self, Write};

use serde_json::Value;

use super::escape;

/// One value of a row, lent by what holds it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Cell<'a> {
    Null,
    Int(i64),
    Text(&'a str),
    /// Any other JSON value (a real number, a boolean), written as JSON writes it.
    Other(&'a Value),
}

impl<'a> From<&'a Value> for Cell<'a> {
    fn from(value: &'a Value) -> Self {
        match value {
            Value::Null => Cell::Null,
            Value::String(s) => Cell::Text(s),
            Value::Number(n) => n.as_i64().map_or(Cell::Other(value), Cell::Int),
            other => Cell::Other(other),
        }
    }
}

impl<'a> From<&'a str> for Cell<'a> {
    fn from(text: &'a str) -> Self {
        Cell::Text(text)
    }
}

impl<'a> From<&'a String> for Cell<'a> {
    fn from(text: &'a String) -> Self {
        Cell::Text(text)
    }
}

impl<'a> From<&'a Option<String>> for Cell<'a> {
    fn from(value: &'a Option<String>) -> Self {
        value.as_deref().map_or(Cell::Null, Cell::Text)
    }
}

impl From<i64> for Cell<'_> {
    fn from(n: i64) -> Self {
        Cell::Int(n)
    }
}

impl<'a> Cell<'a> {
    /// The cell as a person reads it: text bare, null empty, numbers as JSON writes them.
    pub(super) fn plain(self) -> Cow<'a, str> {
        match self {
            Cell::Null => Cow::Borrowed(""),
            Cell::Int(n) => Cow::Owned(n.to_string()),
            Cell::Text(s) => Cow::Borrowed(s),
            Cell::Other(v) => Cow::Owned(v.to_string()),
        }
    }

    /// The cell as a table shows it: its plain text, escaped for a terminal.
    pub(super) fn terminal(self) -> Cow<'a, str> {
        match self {
            Cell::Text(s) => escape::terminal(s),
            _ => self.plain(),
        }
    }

    /// The cell as JSON; an array or object inside a pretty-printed row is indented
    /// `indent` more on each of its lines.
    pub(super) fn write_json(
        self,
        out: &mut dyn Write,
        pretty_indent: Option<&str>,
    ) -> io::Result<()> {
        match self {
            Cell::Null => out.write_all(b"null"),
            Cell::Int(n) => write!(out, "{n}"),
            Cell::Text(s) => Ok(serde_json::to_writer(out, s)?),
            Cell::Other(v @ (Value::Array(_) | Value::Object(_))) if pretty_indent.is_some() => {
                let text = serde_json::to_string_pretty(v)?;
                let indent = pretty_indent.unwrap_or_default();
                for (i, line) in text.split('\n').enumerate() {
                    if i > 0 {
                        out.write_all(b"\n")?;
                        out.write_all(indent.as_bytes())?;
                    }
                    out.write_all(line.as_bytes())?;
                }
                Ok(())
            }
            Cell::Other(v) => Ok(serde_json::to_writer(out, v)?),
        }
    }
}
