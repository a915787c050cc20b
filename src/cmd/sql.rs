use std::path::Path;

use clap::Args;

use crate::error::Result;
use crate::output::{self, Tabular, TabularFormat};

/// Run one read-only SQL query and print its rows.
///
/// The database is opened read-only: nothing a query says can change it or create a
/// file (writes, ATTACH of a new file, PRAGMA changes and VACUUM are all refused), and
/// SQLite's own message is shown when it refuses. Parameters are bound, never pasted
/// into the SQL: write :name in the query and give -p name VALUE (a value that reads
/// as an integer is bound as one). `parley schema` documents the tables and views;
/// docs/sql.md has worked queries.
///
/// Example: parley sql "SELECT item, status FROM current_status WHERE status = :s" -p s contested
#[derive(Debug, Args)]
pub struct Sql {
    /// The query: one statement.
    #[arg(value_name = "QUERY")]
    pub query: String,

    /// A parameter: the query's :NAME (or @NAME, $NAME) takes VALUE. Repeatable; with
    /// `?` placeholders the values are taken in order.
    #[arg(short = 'p', long = "param", num_args = 2, value_names = ["NAME", "VALUE"])]
    pub params: Vec<String>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = TabularFormat::Table)]
    pub format: TabularFormat,
}

impl Sql {
    pub async fn run(self, path: &Path) -> Result<()> {
        let params: Vec<(String, String)> = self
            .params
            .chunks(2)
            .map(|p| (p[0].clone(), p.get(1).cloned().unwrap_or_default()))
            .collect();
        let db = super::open_read_only(path).await?;
        let result = db.read_only_query(&self.query, &params).await;
        db.close().await;
        let result = result?;
        let table = Tabular {
            columns: result.columns,
            rows: result.rows,
        };
        output::emit(&table.render(self.format), None)
    }
}
