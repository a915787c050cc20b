//! Rows and columns, printed in whichever format the reader asked for: a table on a
//! terminal, JSON (an array of objects), newline-delimited JSON, CSV or Markdown.
//! Every listing command and `parley sql` print through here.

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
        match format {
            TabularFormat::Table => self.table(),
            TabularFormat::Json => {
                let objects: Vec<Value> = self.rows.iter().map(|r| self.object(r)).collect();
                let mut text = serde_json::to_string_pretty(&objects).expect("rows serialise");
                text.push('\n');
                text
            }
            TabularFormat::Nl => self
                .rows
                .iter()
                .map(|r| format!("{}\n", self.object(r)))
                .collect(),
            TabularFormat::Csv => self.csv(),
            TabularFormat::Markdown => self.markdown(),
        }
    }

    fn object(&self, row: &[Value]) -> Value {
        let map: Map<String, Value> = self
            .columns
            .iter()
            .cloned()
            .zip(row.iter().cloned())
            .collect();
        Value::Object(map)
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

    fn csv(&self) -> String {
        let mut writer = csv::Writer::from_writer(Vec::new());
        writer.write_record(&self.columns).expect("write to memory");
        for row in &self.rows {
            let cells: Vec<String> = row
                .iter()
                .map(|v| match v {
                    Value::String(s) => escape::csv_formula_safe(s).into_owned(),
                    other => plain(other),
                })
                .collect();
            writer.write_record(&cells).expect("write to memory");
        }
        String::from_utf8(writer.into_inner().expect("flush to memory"))
            .expect("UTF-8 in, UTF-8 out")
    }

    fn markdown(&self) -> String {
        let mut out = String::new();
        let header: Vec<String> = self
            .columns
            .iter()
            .map(|c| escape::markdown_cell(c))
            .collect();
        out.push_str(&format!("| {} |\n", header.join(" | ")));
        out.push_str(&format!("|{}\n", "---|".repeat(self.columns.len())));
        for row in &self.rows {
            let cells: Vec<String> = row
                .iter()
                .map(|v| escape::markdown_cell(&plain(v)))
                .collect();
            out.push_str(&format!("| {} |\n", cells.join(" | ")));
        }
        out
    }
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
