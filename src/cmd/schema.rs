use super::Target;

use clap::{Args, ValueEnum};

use crate::error::{Error, Result};
use crate::output;
use crate::postgres::ServerUrl;
use crate::storage::SchemaObject;

/// The tables and views of the database, documented.
///
/// The schema is Parley's public interface for SQL: this prints every table and view
/// with what it holds and what each column means. On a PostgreSQL database it prints
/// the same documentation, from COMMENT ON, with the server's column types.
///
/// Example: parley schema --format json
///
/// Example: parley schema --format datasette > metadata.json && datasette parley.db -m
/// metadata.json --setting suggest_facets off
#[derive(Debug, Args)]
pub struct Schema {
    /// Output format.
    #[arg(long, value_enum, default_value_t = SchemaFormat::Text)]
    pub format: SchemaFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SchemaFormat {
    /// Readable documentation.
    Text,
    /// One JSON array of tables and views.
    Json,
    /// The CREATE statements, as SQLite stores them.
    Sql,
    /// A Datasette metadata file (JSON) for this database: descriptions, labels,
    /// facets, search, and the internal tables hidden. Datasette names the database
    /// after its file, and so does the metadata.
    Datasette,
}

impl Schema {
    pub async fn run(self, target: &Target) -> Result<()> {
        let path = match target {
            Target::File(path) => path,
            Target::Server(url) => return self.run_on_server(url).await,
        };
        let (db, _) = super::open_file(path, true).await?;
        let objects = db.schema().await?;
        let internal = match self.format {
            SchemaFormat::Datasette => db.internal_tables().await?,
            _ => Vec::new(),
        };
        db.close().await;
        let text = match self.format {
            SchemaFormat::Sql => objects.iter().map(|o| format!("{};\n\n", o.sql)).collect(),
            SchemaFormat::Datasette => {
                // Datasette's name for a database is its file's name without the extension.
                let name = path.file_stem().unwrap_or_default().to_string_lossy();
                let metadata = output::datasette::metadata(&name, &objects, &internal);
                let mut s = serde_json::to_string_pretty(&metadata).expect("metadata serialises");
                s.push('\n');
                s
            }
            format => render(format, &objects),
        };
        output::emit(&text, None)
    }

    /// On a server: the same documentation, from its COMMENT ON, with the server's
    /// types. The CREATE statements (`--format sql`) and Datasette's metadata are a
    /// file's.
    async fn run_on_server(self, url: &ServerUrl) -> Result<()> {
        if matches!(self.format, SchemaFormat::Sql | SchemaFormat::Datasette) {
            return Err(Error::invalid_argument(
                "--format",
                "on a PostgreSQL database schema prints text or json; for the CREATE \
                 statements use `pg_dump --schema-only`, and Datasette reads a file \
                 (`parley --db URL backup FILE`)",
            ));
        }
        let (server, _) = super::open_server(url, true).await?;
        let objects = server.schema().await;
        server.close().await;
        output::emit(&render(self.format, &objects?), None)
    }
}

/// The text and JSON formats, which read the same on both backends.
fn render(format: SchemaFormat, objects: &[SchemaObject]) -> String {
    match format {
        SchemaFormat::Json => {
            let mut s = serde_json::to_string_pretty(objects).expect("schema serialises");
            s.push('\n');
            s
        }
        _ => render_text(objects),
    }
}

fn render_text(objects: &[SchemaObject]) -> String {
    let mut out = String::new();
    for o in objects {
        out.push_str(&format!("{} {}\n", o.kind, o.name));
        for line in wrap(&o.doc, 88) {
            out.push_str(&format!("    {line}\n"));
        }
        let width = o.columns.iter().map(|c| c.name.len()).max().unwrap_or(0);
        for c in &o.columns {
            let mut kind = c.r#type.clone();
            if c.primary_key {
                kind.push_str(" key");
            } else if c.not_null {
                kind.push_str(" not null");
            }
            if let Some(target) = &c.references {
                kind.push_str(&format!(" → {target}"));
            }
            let doc = if c.doc.is_empty() {
                String::new()
            } else {
                format!("  {}", c.doc)
            };
            out.push_str(&format!("    {:width$}  {kind}{doc}\n", c.name));
        }
        out.push('\n');
    }
    out
}

fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && line.len() + 1 + word.len() > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}
