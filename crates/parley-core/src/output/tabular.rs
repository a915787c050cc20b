//! Rows and columns, printed in whichever format the reader asked for: a table on a
//! terminal, JSON (an array of objects), newline-delimited JSON, CSV or Markdown.
//! Every listing command and `parley sql` print through here.
//!
//! Every format writes [`Cell`]s, lent by whatever holds the rows: a [`Tabular`]'s JSON
//! values, or a listing's own records through [`write_rows`], which writes them to
//! their destination as it goes (no copy of a cell, no row built whole) and prints
//! exactly what a [`Tabular`] of the same values prints (tested).

use std::borrow::Cow;
use std::io::{self, Write};

use clap::ValueEnum;
use serde_json::Value;

pub use super::cell::Cell;
use super::escape;
use table::write_table;
#[cfg(test)]
use table::{column_widths, unwrapped_table};

mod table;

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

/// Writes `rows` in `format` to `out`, the cells of each put in column order by
/// `cells` into the vector it is given (emptied for each row). A table measures every
/// row first, then writes; the other formats write each row as it comes.
pub fn write_rows<'a, R>(
    format: TabularFormat,
    columns: &[String],
    rows: &'a [R],
    cells: impl Fn(&'a R, &mut Vec<Cell<'a>>),
    out: &mut dyn Write,
) -> io::Result<()> {
    if format == TabularFormat::Table {
        return write_table(columns, rows, cells, out);
    }
    let mut writer = RowWriter::begin(format, columns, out);
    let mut row = Vec::with_capacity(columns.len());
    for record in rows {
        row.clear();
        cells(record, &mut row);
        writer.cells(&row)?;
    }
    writer.finish()
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
        let mut out = Vec::new();
        write_rows(
            format,
            &self.columns,
            &self.rows,
            |row, cells| cells.extend(row.iter().map(Cell::from)),
            &mut out,
        )
        .expect("write to memory");
        String::from_utf8(out).expect("UTF-8 in, UTF-8 out")
    }
}

/// Writes rows as they come, in any format but the table (which must see every row
/// to size its columns): what the listing commands print, and `parley sql` streams in
/// bounded memory.
pub struct RowWriter<'w> {
    columns: Vec<String>,
    /// Whether no two columns share a name. A JSON object holds a name once (the last
    /// value under it, at the first place), as serde_json's map does.
    distinct: bool,
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
        let distinct = columns
            .iter()
            .enumerate()
            .all(|(i, c)| !columns[..i].contains(c));
        RowWriter {
            columns: columns.to_vec(),
            distinct,
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
        let cells: Vec<Cell<'_>> = row.iter().map(Cell::from).collect();
        self.cells(&cells)
    }

    /// Writes one row, its cells in column order.
    pub fn cells(&mut self, row: &[Cell<'_>]) -> io::Result<()> {
        debug_assert_eq!(row.len(), self.columns.len());
        if self.rows == 0 {
            self.header()?;
        }
        match &mut self.sink {
            Sink::Json(out) if !self.distinct => {
                let object = serde_json::to_string_pretty(&object(&self.columns, row))?;
                out.write_all(if self.rows == 0 { b"[\n" } else { b",\n" })?;
                for (i, line) in object.lines().enumerate() {
                    if i > 0 {
                        out.write_all(b"\n")?;
                    }
                    write!(out, "  {line}")?;
                }
            }
            Sink::Nl(out) if !self.distinct => {
                serde_json::to_writer(&mut **out, &object(&self.columns, row))?;
                out.write_all(b"\n")?;
            }
            Sink::Json(out) => {
                // serde_json's pretty object, every line indented once more inside
                // the array.
                out.write_all(if self.rows == 0 { b"[\n  {" } else { b",\n  {" })?;
                for (i, (column, cell)) in self.columns.iter().zip(row).enumerate() {
                    out.write_all(if i == 0 { b"\n    " } else { b",\n    " })?;
                    serde_json::to_writer(&mut **out, column)?;
                    out.write_all(b": ")?;
                    cell.write_json(*out, Some("    "))?;
                }
                out.write_all(if self.columns.is_empty() {
                    b"}"
                } else {
                    b"\n  }"
                })?;
            }
            Sink::Nl(out) => {
                out.write_all(b"{")?;
                for (i, (column, cell)) in self.columns.iter().zip(row).enumerate() {
                    if i > 0 {
                        out.write_all(b",")?;
                    }
                    serde_json::to_writer(&mut **out, column)?;
                    out.write_all(b":")?;
                    cell.write_json(*out, None)?;
                }
                out.write_all(b"}\n")?;
            }
            Sink::Csv(writer) => {
                writer.write_record(row.iter().map(|cell| {
                    let text = match *cell {
                        Cell::Text(s) => escape::csv_formula_safe(s),
                        other => other.plain(),
                    };
                    match text {
                        Cow::Borrowed(s) => Cow::Borrowed(s.as_bytes()),
                        Cow::Owned(s) => Cow::Owned(s.into_bytes()),
                    }
                }))?;
            }
            Sink::Markdown(out) => {
                out.write_all(b"| ")?;
                for (i, cell) in row.iter().enumerate() {
                    if i > 0 {
                        out.write_all(b" | ")?;
                    }
                    out.write_all(escape::markdown_cell(&cell.plain()).as_bytes())?;
                }
                out.write_all(b" |\n")?;
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

/// A row as a JSON object, keys in column order (a name given twice once).
fn object(columns: &[String], row: &[Cell<'_>]) -> Value {
    let map: serde_json::Map<String, Value> = columns
        .iter()
        .zip(row)
        .map(|(column, cell)| {
            let value = match *cell {
                Cell::Null => Value::Null,
                Cell::Int(n) => n.into(),
                Cell::Text(s) => s.into(),
                Cell::Other(v) => v.clone(),
            };
            (column.clone(), value)
        })
        .collect();
    Value::Object(map)
}

/// A value as a person reads it: strings bare, null empty.
pub fn plain(value: &Value) -> String {
    Cell::from(value).plain().into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use comfy_table::{ContentArrangement, Table, presets};
    use proptest::strategy::Strategy;
    use serde_json::{Map, json};

    fn sample() -> Tabular {
        let mut t = Tabular::new(["item", "status", "rank"]);
        t.push(vec![json!("=HYPERLINK(\"x\")"), json!("agreed"), json!(5)]);
        t.push(vec![json!("a | b"), Value::Null, json!(-1)]);
        t
    }

    /// A `Tabular`'s row's cells (its rows are `Vec`s, which `write_rows` lends).
    #[allow(clippy::ptr_arg)]
    fn value_cells<'a>(row: &'a Vec<Value>, cells: &mut Vec<Cell<'a>>) {
        cells.extend(row.iter().map(Cell::from));
    }

    /// What comfy-table draws with wrapping disabled: the unwrapped table's reference.
    fn unwrapped(columns: &[String], rows: &[Vec<Value>]) -> String {
        let widths = column_widths(columns, rows, &value_cells);
        let mut out = Vec::new();
        unwrapped_table(columns, rows, value_cells, &widths, &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    fn comfy_unwrapped(columns: &[String], rows: &[Vec<Value>]) -> String {
        let mut table = Table::new();
        table
            .load_preset(presets::UTF8_FULL_CONDENSED)
            .set_header(columns)
            .set_content_arrangement(ContentArrangement::Disabled)
            .force_no_tty();
        for row in rows {
            table.add_row(row.iter().map(|v| escape::terminal(&plain(v)).into_owned()));
        }
        let mut text = table.to_string();
        text.push('\n');
        text
    }

    /// JSON and newline-delimited JSON as serde_json writes an object per row (what
    /// the row writer wrote before it wrote cells itself): the reference.
    fn serde_json_rows(format: TabularFormat, columns: &[String], rows: &[Vec<Value>]) -> String {
        let object = |row: &Vec<Value>| {
            let map: Map<String, Value> =
                columns.iter().cloned().zip(row.iter().cloned()).collect();
            Value::Object(map)
        };
        let mut out = String::new();
        for (n, row) in rows.iter().enumerate() {
            if format == TabularFormat::Nl {
                out.push_str(&serde_json::to_string(&object(row)).unwrap());
                out.push('\n');
                continue;
            }
            out.push_str(if n == 0 { "[\n" } else { ",\n" });
            let pretty = serde_json::to_string_pretty(&object(row)).unwrap();
            for (i, line) in pretty.lines().enumerate() {
                if i > 0 {
                    out.push('\n');
                }
                out.push_str("  ");
                out.push_str(line);
            }
        }
        if format == TabularFormat::Json {
            out.push_str(if rows.is_empty() { "[]\n" } else { "\n]\n" });
        }
        out
    }

    fn any_cell() -> impl Strategy<Value = Value> {
        proptest::prop_oneof![
            "[a-zé日本\u{301} \n\t\u{1b}|\"\\\\=,]{0,12}".prop_map(Value::String),
            proptest::num::i64::ANY.prop_map(|n| json!(n)),
            proptest::num::f64::NORMAL.prop_map(|n| json!(n)),
            proptest::bool::ANY.prop_map(Value::Bool),
            proptest::strategy::Just(Value::Null),
        ]
    }

    #[test]
    fn an_unwrapped_table_is_drawn_as_comfy_table_draws_it() {
        let t = sample();
        assert_eq!(
            unwrapped(&t.columns, &t.rows),
            comfy_unwrapped(&t.columns, &t.rows)
        );
        let empty = Tabular::new(["round", "title"]);
        assert_eq!(
            unwrapped(&empty.columns, &empty.rows),
            comfy_unwrapped(&empty.columns, &empty.rows)
        );
    }

    proptest::proptest! {
        /// Any cells (wide and combining characters, line breaks, control characters,
        /// empty text, numbers and nulls) are laid out exactly as comfy-table lays them out.
        #[test]
        fn unwrapped_tables_match_comfy_table(
            rows in proptest::collection::vec(
                proptest::collection::vec(
                    proptest::prop_oneof![
                        "[a-zé日本\u{301} \n\t\u{1b}|]{0,12}".prop_map(Value::String),
                        proptest::num::i64::ANY.prop_map(|n| json!(n)),
                        proptest::strategy::Just(Value::Null),
                    ],
                    3,
                ),
                0..6,
            ),
        ) {
            let columns = vec!["a".to_owned(), "column\nb".to_owned(), String::new()];
            proptest::prop_assert_eq!(unwrapped(&columns, &rows), comfy_unwrapped(&columns, &rows));
        }

        /// The row writer's JSON is serde_json's, byte for byte: a pretty object per row
        /// in an array, or a compact one per line.
        #[test]
        fn json_rows_are_written_as_serde_json_writes_them(
            rows in proptest::collection::vec(proptest::collection::vec(any_cell(), 3), 0..5),
        ) {
            let mut t = Tabular::new(["a", "quote\"d", "é"]);
            t.rows = rows;
            for format in [TabularFormat::Json, TabularFormat::Nl] {
                proptest::prop_assert_eq!(
                    t.render(format),
                    serde_json_rows(format, &t.columns, &t.rows)
                );
            }
        }

        /// Records written through `write_rows` print exactly what a `Tabular` of the
        /// same values prints, in every format.
        #[test]
        fn records_print_as_a_tabular_of_their_values(
            rows in proptest::collection::vec(
                (proptest::num::i64::ANY, "[a-z日\n\u{1b}|=]{0,8}", proptest::option::of("[a-z ,()]{0,8}")),
                0..5,
            ),
        ) {
            let columns = vec!["number".to_owned(), "text".to_owned(), "maybe".to_owned()];
            let mut t = Tabular::new(columns.clone());
            for (n, text, maybe) in &rows {
                t.push(vec![json!(n), json!(text), maybe.clone().map_or(Value::Null, Value::String)]);
            }
            for format in [
                TabularFormat::Table,
                TabularFormat::Json,
                TabularFormat::Nl,
                TabularFormat::Csv,
                TabularFormat::Markdown,
            ] {
                let mut out = Vec::new();
                write_rows(
                    format,
                    &columns,
                    &rows,
                    |(n, text, maybe), cells| {
                        cells.extend([Cell::from(*n), Cell::from(text), Cell::from(maybe)]);
                    },
                    &mut out,
                )
                .unwrap();
                proptest::prop_assert_eq!(String::from_utf8(out).unwrap(), t.render(format));
            }
        }
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
