use super::Target;
use std::io::{self, Write};
use std::time::{Duration, Instant};

use clap::Args;
use serde_json::Value;

use crate::error::{Error, Result};
use crate::output::tabular::RowWriter;
use crate::output::{Tabular, TabularFormat};
use crate::postgres::ServerUrl;
use crate::storage::{RowSink, TimeLimit};

/// Rows the table format shows at most: it must hold every row to size its columns.
const TABLE_ROWS: usize = 1000;

/// Run one read-only SQL query and print its rows.
///
/// The database is opened read-only: nothing a query says can change it or create a
/// file (writes, ATTACH of a new file, PRAGMA changes and VACUUM are all refused), and
/// SQLite's own message is shown when it refuses. Parameters are bound, never pasted
/// into the SQL: write :name in the query and give -p name VALUE (a value that reads
/// as an integer is bound as one). `parley schema` documents the tables and views;
/// docs/sql.md has worked queries.
///
/// Every format but the table is written row by row as the query runs, so a result
/// of any size streams through; the table shows the first 1000 rows.
///
/// On a PostgreSQL database (--db postgres://…) the query runs in a READ ONLY
/// transaction, which the server rolls back, with --timeout as its statement_timeout;
/// connect as a parley_reader login (README, "For a team").
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

    /// Stop the query if it runs longer than this: a number with ms, s, m or h (10s,
    /// 2m), or 0 for no limit. Time spent waiting for the reader of the output does
    /// not count (on a server it does: the server's statement_timeout stops it).
    #[arg(long, value_name = "DURATION", default_value = "30s")]
    pub timeout: String,
}

impl Sql {
    pub async fn run(self, target: &Target) -> Result<()> {
        let path = match target {
            Target::File(path) => path,
            Target::Server(url) => return self.run_on_server(url).await,
        };
        let (timeout, params) = self.parsed()?;
        let db = super::open_file_read_only(path).await?;
        let limit = (!timeout.is_zero()).then(|| TimeLimit::new(timeout));
        let result = self
            .print(limit.as_ref(), async |query, sink| {
                db.read_only_query(query, &params, limit.as_ref(), sink)
                    .await
            })
            .await;
        db.close().await;
        result
    }

    /// On a server: the same output, the query run in a read-only transaction and
    /// stopped by the server once it has run --timeout (the server counts the time
    /// it waits for a slow reader of the output too).
    async fn run_on_server(self, url: &ServerUrl) -> Result<()> {
        let (timeout, params) = self.parsed()?;
        let (server, _) = super::open_server(url, true).await?;
        let result = self
            .print(None, async |query, sink| {
                server.read_only_query(query, &params, timeout, sink).await
            })
            .await;
        server.close().await;
        result
    }

    /// The time limit and the parameters as (name, value) pairs.
    fn parsed(&self) -> Result<(Duration, Vec<(String, String)>)> {
        let timeout = parse_duration(&self.timeout)
            .map_err(|message| Error::invalid_argument("--timeout", message))?;
        let params = self
            .params
            .chunks(2)
            .map(|p| (p[0].clone(), p.get(1).cloned().unwrap_or_default()))
            .collect();
        Ok((timeout, params))
    }

    /// Runs the query through `run`, which hands its rows to a sink, and prints them
    /// in the format asked for.
    async fn print(
        self,
        limit: Option<&TimeLimit>,
        run: impl AsyncFnOnce(&str, &mut dyn RowSink) -> Result<()>,
    ) -> Result<()> {
        match self.format {
            TabularFormat::Table => {
                let mut table = CappedTable::default();
                let ran = run(&self.query, &mut table).await;
                ran.and_then(|()| table.print())
            }
            format => {
                let mut out = io::BufWriter::new(Paced {
                    out: io::stdout().lock(),
                    limit: limit.cloned(),
                });
                let mut rows = Streamed::new(format, &mut out);
                let ran = run(&self.query, &mut rows).await;
                ran.and_then(|()| rows.finish())
            }
        }
    }
}

/// Parses a duration as people write it: `500ms`, `10s`, `2m`, `1h`; `0` alone for
/// none.
fn parse_duration(text: &str) -> std::result::Result<Duration, String> {
    let text = text.trim();
    if text == "0" {
        return Ok(Duration::ZERO);
    }
    let split = text
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(text.len());
    let (number, unit) = text.split_at(split);
    let unit_seconds = match unit {
        "ms" => 0.001,
        "s" => 1.0,
        "m" => 60.0,
        "h" => 3600.0,
        _ => f64::NAN,
    };
    match number.parse::<u32>() {
        Ok(n) if unit_seconds.is_finite() => {
            Ok(Duration::from_secs_f64(f64::from(n) * unit_seconds))
        }
        _ => Err(format!(
            "'{text}' is not a duration; expected a number with ms, s, m or h (10s, 2m), or 0 for no limit"
        )),
    }
}

/// The table format's rows, up to [`TABLE_ROWS`]; whether the query had more.
#[derive(Default)]
struct CappedTable {
    table: Tabular,
    more: bool,
}

impl RowSink for CappedTable {
    fn columns(&mut self, columns: &[String]) -> Result<()> {
        self.table = Tabular::new(columns.iter().cloned());
        Ok(())
    }

    fn row(&mut self, row: Vec<Value>) -> Result<bool> {
        if self.table.rows.len() == TABLE_ROWS {
            self.more = true;
            return Ok(false);
        }
        self.table.push(row);
        Ok(true)
    }
}

impl CappedTable {
    fn print(&self) -> Result<()> {
        crate::output::emit(&self.table.render(TabularFormat::Table), None)?;
        if self.more {
            eprintln!(
                "parley: showed the first {TABLE_ROWS} rows; the query returns more. For every \
                 row use --format csv (or json, nl, markdown), or narrow the query with WHERE \
                 or LIMIT"
            );
        }
        Ok(())
    }
}

/// Rows written to standard output as they arrive. A reader that goes away
/// (`parley sql … | head`) stops the query quietly.
struct Streamed<'w> {
    format: TabularFormat,
    /// The output, until the columns are known and a writer takes it.
    out: Option<&'w mut dyn Write>,
    writer: Option<RowWriter<'w>>,
    reader_gone: bool,
}

impl<'w> Streamed<'w> {
    fn new(format: TabularFormat, out: &'w mut dyn Write) -> Self {
        Streamed {
            format,
            out: Some(out),
            writer: None,
            reader_gone: false,
        }
    }

    /// Ends the output (a JSON array is closed, a header without rows written).
    fn finish(self) -> Result<()> {
        match self.writer {
            Some(writer) if !self.reader_gone => written(writer.finish()).map(|_| ()),
            _ => Ok(()),
        }
    }
}

impl RowSink for Streamed<'_> {
    fn columns(&mut self, columns: &[String]) -> Result<()> {
        if let Some(out) = self.out.take() {
            self.writer = Some(RowWriter::begin(self.format, columns, out));
        }
        Ok(())
    }

    fn row(&mut self, row: Vec<Value>) -> Result<bool> {
        let Some(writer) = &mut self.writer else {
            return Ok(false);
        };
        self.reader_gone = !written(writer.row(&row))?;
        Ok(!self.reader_gone)
    }
}

/// Whether a write reached the reader: `false` if the reader has gone (a closed
/// pipe is the reader's choice, not an error).
fn written(result: io::Result<()>) -> Result<bool> {
    match result {
        Ok(()) => Ok(true),
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(false),
        Err(e) => Err(Error::Output(e.to_string())),
    }
}

/// Standard output that tells the time limit how long each write waited for the
/// reader, so that a pager or a slow pipe does not use up the query's time.
struct Paced<W> {
    out: W,
    limit: Option<TimeLimit>,
}

impl<W: Write> Paced<W> {
    fn timed<T>(&mut self, write: impl FnOnce(&mut W) -> io::Result<T>) -> io::Result<T> {
        let started = Instant::now();
        let result = write(&mut self.out);
        if let Some(limit) = &self.limit {
            limit.waited(started.elapsed());
        }
        result
    }
}

impl<W: Write> Write for Paced<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.timed(|out| out.write(buf))
    }

    fn flush(&mut self) -> io::Result<()> {
        self.timed(Write::flush)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_are_read_as_people_write_them() {
        assert_eq!(parse_duration("0"), Ok(Duration::ZERO));
        assert_eq!(parse_duration("500ms"), Ok(Duration::from_millis(500)));
        assert_eq!(parse_duration("10s"), Ok(Duration::from_secs(10)));
        assert_eq!(parse_duration("2m"), Ok(Duration::from_secs(120)));
        assert_eq!(parse_duration("1h"), Ok(Duration::from_secs(3600)));
        for bad in ["", "s", "10", "-1s", "1.5s", "10x", "soon"] {
            assert!(parse_duration(bad).is_err(), "{bad}");
        }
    }
}
