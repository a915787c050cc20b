//! Rows and columns, printed in whichever format the reader asked for: a table on a
//! terminal, JSON (an array of objects), newline-delimited JSON, CSV or Markdown.
//! Every listing command and `parley sql` print through here.

use std::io::{self, Write};

use clap::ValueEnum;
use comfy_table::{ContentArrangement, Table, presets};
use serde_json::{Map, Value};
use unicode_width::UnicodeWidthStr;

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
        let widths = column_widths(&self.columns, &self.rows);
        // Piped or redirected, each row stays on one line; on a terminal too when the
        // table fits its width (a column per cell, as comfy-table would lay it out).
        // Drawn directly, in one pass to measure and one to write.
        let drawn = widths.iter().sum::<usize>() + 3 * widths.len() + 1;
        if !super::stdout_is_terminal() || drawn <= super::grid::output_width() {
            return unwrapped_table(&self.columns, &self.rows, &widths);
        }
        // Wider than the terminal: cells wrap to its width.
        let mut table = Table::new();
        table
            .load_preset(presets::UTF8_FULL_CONDENSED)
            .set_header(&self.columns)
            .set_content_arrangement(ContentArrangement::Dynamic);
        for row in &self.rows {
            table.add_row(row.iter().map(|v| escape::terminal(&plain(v)).into_owned()));
        }
        let mut text = table.to_string();
        text.push('\n');
        text
    }
}

/// Each column's width in a table that does not wrap: its widest line, header
/// included, measured on the values themselves (no cell is copied); at least 1.
fn column_widths(columns: &[String], rows: &[Vec<Value>]) -> Vec<usize> {
    let mut widths: Vec<usize> = columns.iter().map(|c| widest_line(c).max(1)).collect();
    for row in rows {
        for (width, value) in widths.iter_mut().zip(row) {
            with_cell_text(value, |text| *width = (*width).max(widest_line(text)));
        }
    }
    widths
}

/// A table with no wrapping, columns `widths` wide (see [`column_widths`]), exactly as
/// comfy-table draws one with the `UTF8_FULL_CONDENSED` preset and its content
/// arrangement disabled (tested): a line break in a cell starts another line of its
/// row. comfy-table copies every cell into lines of its own before laying them out
/// (0.15 s for the 10,000 rows of `round list` at 1M records); here each cell is
/// written from the value itself.
fn unwrapped_table(columns: &[String], rows: &[Vec<Value>], widths: &[usize]) -> String {
    let line = widths.iter().sum::<usize>() + 3 * widths.len() + 1;
    // Box-drawing characters take three bytes each.
    let mut out = String::with_capacity((rows.len() + 4) * (line + 2 * widths.len() + 2));
    let rule = |out: &mut String, [left, fill, mid, right]: [char; 4]| {
        out.push(left);
        for (i, width) in widths.iter().enumerate() {
            if i > 0 {
                out.push(mid);
            }
            out.extend(std::iter::repeat_n(fill, width + 2));
        }
        out.push(right);
        out.push('\n');
    };
    rule(&mut out, ['┌', '─', '┬', '┐']);
    write_row(&mut out, columns, widths);
    rule(&mut out, ['╞', '═', '╪', '╡']);
    let mut cells: Vec<std::borrow::Cow<'_, str>> = Vec::with_capacity(widths.len());
    for row in rows {
        cells.clear();
        cells.extend(row.iter().map(|v| match v {
            Value::String(s) => escape::terminal(s),
            other => std::borrow::Cow::Owned(plain(other)),
        }));
        write_row(&mut out, &cells, widths);
    }
    rule(&mut out, ['└', '─', '┴', '┘']);
    out
}

/// A value's text as the table shows it, escaped for a terminal, lent to `f`.
fn with_cell_text<R>(value: &Value, f: impl FnOnce(&str) -> R) -> R {
    match value {
        Value::String(s) => f(&escape::terminal(s)),
        Value::Null => f(""),
        other => f(&other.to_string()),
    }
}

/// The display width of a text's widest line.
fn widest_line(text: &str) -> usize {
    text.split('\n').map(display_width).max().unwrap_or(0)
}

/// The columns a line takes on a terminal: its length when it is printable ASCII (as
/// most cells are), else as unicode-width measures it (which comfy-table uses too).
fn display_width(line: &str) -> usize {
    if line.bytes().all(|b| (b' '..=b'~').contains(&b)) {
        line.len()
    } else {
        line.width()
    }
}

/// One row of an unwrapped table: as many lines as its tallest cell.
fn write_row(out: &mut String, cells: &[impl AsRef<str>], widths: &[usize]) {
    let height = cells
        .iter()
        .map(|c| c.as_ref().split('\n').count())
        .max()
        .unwrap_or(1);
    for line in 0..height {
        out.push('│');
        for (i, width) in widths.iter().enumerate() {
            if i > 0 {
                out.push('┆');
            }
            let text = match cells.get(i).map(AsRef::as_ref) {
                Some(cell) if height == 1 => cell,
                Some(cell) => cell.split('\n').nth(line).unwrap_or(""),
                None => "",
            };
            out.push(' ');
            out.push_str(text);
            out.extend(std::iter::repeat_n(
                ' ',
                width.saturating_sub(display_width(text)) + 1,
            ));
        }
        out.push('│');
        out.push('\n');
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
    use proptest::strategy::Strategy;
    use serde_json::json;

    fn sample() -> Tabular {
        let mut t = Tabular::new(["item", "status", "rank"]);
        t.push(vec![json!("=HYPERLINK(\"x\")"), json!("agreed"), json!(5)]);
        t.push(vec![json!("a | b"), Value::Null, json!(-1)]);
        t
    }

    /// What comfy-table draws with wrapping disabled: the unwrapped table's reference.
    fn unwrapped(columns: &[String], rows: &[Vec<Value>]) -> String {
        unwrapped_table(columns, rows, &column_widths(columns, rows))
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
