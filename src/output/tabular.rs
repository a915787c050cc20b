//! Rows and columns, printed in whichever format the reader asked for: a table on a
//! terminal, JSON (an array of objects), newline-delimited JSON, CSV or Markdown.
//! Every listing command and `parley sql` print through here.

use std::io::{self, Write};

use clap::ValueEnum;
use comfy_table::{ContentArrangement, Table, presets};
use serde_json::{Map, Value};

use super::escape;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TabularFormat {
    /// A table for people.
    Table,
    /// One JSON array of objects, keys in column order.
    Json,
    /// Newline-delimited JSON: one object per line.
    Nl,
    /// CSV with a header row; formulas are neutralised.
    Csv,
    /// A Markdown table.
    Markdown,
}

/// Named columns and rows of JSON values (null, numbers, strings).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Tabular {
    pub columns: Vec<String>,
    pub rows: Vec<Vec<Value>>,
}

impl Tabular {
    pub fn new(columns: impl IntoIterator<Item = impl Into<String>>) -> Self {
        Tabular {
            columns: columns.into_iter().map(Into::into).collect(),
            rows: Vec::new(),
        }
    }

    /// Rows of a serialisable record type, one column per field in declaration
    /// order. The columns come from `T::default()`, so an empty list still has its
    /// header.
    pub fn from_records<T: serde::Serialize + Default>(records: &[T]) -> Self {
        let columns = match serde_json::to_value(T::default()) {
            Ok(Value::Object(map)) => map.keys().cloned().collect(),
            _ => Vec::new(),
        };
        let mut table = Tabular::new(columns);
        for record in records {
            if let Ok(Value::Object(map)) = serde_json::to_value(record) {
                table.push(map.into_iter().map(|(_, v)| v).collect());
            }
        }
        table
    }

    pub fn push(&mut self, row: Vec<Value>) {
        debug_assert_eq!(row.len(), self.columns.len());
        self.rows.push(row);
    }

    pub fn render(&self, format: TabularFormat) -> String {
        if format == TabularFormat::Table {
            return self.table();
        }
        let mut out = Vec::new();
        let mut writer = RowWriter::begin(format, &self.columns, &mut out);
        let written = self.rows.iter().try_for_each(|row| writer.row(row));
        written
            .and_then(|_| writer.finish())
            .expect("write to memory");
        String::from_utf8(out).expect("UTF-8 in, UTF-8 out")
    }

    fn table(&self) -> String {
        let mut table = Table::new();
        table
            .load_preset(presets::UTF8_FULL_CONDENSED)
            .set_header(&self.columns);
        // On a terminal, wrap cells to its width; piped, keep each row on one line.
        if super::stdout_is_terminal() {
            table.set_content_arrangement(ContentArrangement::Dynamic);
        } else {
            table
                .set_content_arrangement(ContentArrangement::Disabled)
                .force_no_tty();
        }
        for row in &self.rows {
            table.add_row(row.iter().map(|v| escape::terminal(&plain(v)).into_owned()));
        }
        let mut text = table.to_string();
        text.push('\n');
        text
    }
}

/// Writes rows as they come, in any format but the table (which must see every row
/// to size its columns): what the listing commands print, and `parley sql` streams in
/// bounded memory.
pub struct RowWriter<'w> {
    columns: Vec<String>,
    rows: u64,
    sink: Sink<'w>,
}

enum Sink<'w> {
    /// One pretty-printed JSON array of objects, opened at the first row.
    Json(&'w mut dyn Write),
    Nl(&'w mut dyn Write),
    Csv(Box<csv::Writer<&'w mut dyn Write>>),
    Markdown(&'w mut dyn Write),
}

impl<'w> RowWriter<'w> {
    /// Starts writing rows of `columns` to `out`. The header is written with the
    /// first row (or at the end, if there is none), so that a query failing before
    /// its first row leaves the output empty.
    ///
    /// # Panics
    /// On [`TabularFormat::Table`], which cannot be streamed.
    pub fn begin(format: TabularFormat, columns: &[String], out: &'w mut dyn Write) -> Self {
        let sink = match format {
            TabularFormat::Table => panic!("a table is rendered whole, not streamed"),
            TabularFormat::Json => Sink::Json(out),
            TabularFormat::Nl => Sink::Nl(out),
            TabularFormat::Csv => Sink::Csv(Box::new(csv::Writer::from_writer(out))),
            TabularFormat::Markdown => Sink::Markdown(out),
        };
        RowWriter {
            columns: columns.to_vec(),
            rows: 0,
            sink,
        }
    }

    fn header(&mut self) -> io::Result<()> {
        match &mut self.sink {
            Sink::Csv(writer) => writer.write_record(&self.columns)?,
            Sink::Markdown(out) => {
                let header: Vec<String> = self
                    .columns
                    .iter()
                    .map(|c| escape::markdown_cell(c))
                    .collect();
                writeln!(out, "| {} |", header.join(" | "))?;
                writeln!(out, "|{}", "---|".repeat(self.columns.len()))?;
            }
            Sink::Json(_) | Sink::Nl(_) => {}
        }
        Ok(())
    }

    pub fn row(&mut self, row: &[Value]) -> io::Result<()> {
        debug_assert_eq!(row.len(), self.columns.len());
        if self.rows == 0 {
            self.header()?;
        }
        match &mut self.sink {
            Sink::Json(out) => {
                let object = serde_json::to_string_pretty(&object(&self.columns, row))?;
                out.write_all(if self.rows == 0 { b"[\n" } else { b",\n" })?;
                // Inside the array, every line of the object is indented once more.
                for (i, line) in object.lines().enumerate() {
                    if i > 0 {
                        out.write_all(b"\n")?;
                    }
                    write!(out, "  {line}")?;
                }
            }
            Sink::Nl(out) => {
                serde_json::to_writer(&mut *out, &object(&self.columns, row))?;
                out.write_all(b"\n")?;
            }
            Sink::Csv(writer) => {
                writer.write_record(row.iter().map(|v| match v {
                    Value::String(s) => escape::csv_formula_safe(s).into_owned(),
                    other => plain(other),
                }))?;
            }
            Sink::Markdown(out) => {
                let cells: Vec<String> = row
                    .iter()
                    .map(|v| escape::markdown_cell(&plain(v)))
                    .collect();
                writeln!(out, "| {} |", cells.join(" | "))?;
            }
        }
        self.rows += 1;
        Ok(())
    }

    /// Closes what the format opened and flushes.
    pub fn finish(mut self) -> io::Result<()> {
        if self.rows == 0 {
            self.header()?;
        }
        match self.sink {
            Sink::Json(out) => {
                out.write_all(if self.rows == 0 { b"[]\n" } else { b"\n]\n" })?;
                out.flush()
            }
            Sink::Nl(out) | Sink::Markdown(out) => out.flush(),
            Sink::Csv(mut writer) => writer.flush(),
        }
    }
}

/// A row as a JSON object, keys in column order.
fn object(columns: &[String], row: &[Value]) -> Value {
    let map: Map<String, Value> = columns.iter().cloned().zip(row.iter().cloned()).collect();
    Value::Object(map)
}

/// A value as a person reads it: strings bare, null empty.
pub fn plain(value: &Value) -> String {
    match value {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn sample() -> Tabular {
        let mut t = Tabular::new(["item", "status", "rank"]);
        t.push(vec![json!("=HYPERLINK(\"x\")"), json!("agreed"), json!(5)]);
        t.push(vec![json!("a | b"), Value::Null, json!(-1)]);
        t
    }

    #[test]
    fn json_keeps_column_order() {
        let text = sample().render(TabularFormat::Json);
        let item = text.find("\"item\"").unwrap();
        let rank = text.find("\"rank\"").unwrap();
        assert!(item < rank, "{text}");
    }

    #[test]
    fn csv_neutralises_formulas_but_not_numbers() {
        let text = sample().render(TabularFormat::Csv);
        assert!(text.contains("\"'=HYPERLINK(\"\"x\"\")\""), "{text}");
        assert!(text.contains(",-1"), "{text}");
    }

    #[test]
    fn markdown_escapes_pipes() {
        let text = sample().render(TabularFormat::Markdown);
        assert!(text.contains("a \\| b"), "{text}");
        assert_eq!(text.lines().count(), 4);
    }

    #[test]
    fn nl_is_one_object_per_line() {
        let text = sample().render(TabularFormat::Nl);
        assert_eq!(text.lines().count(), 2);
        for line in text.lines() {
            serde_json::from_str::<Value>(line).unwrap();
        }
    }
}
