use std::path::Path;

use clap::Args;
use serde_json::{Value, json};

use crate::error::{Error, Result};
use crate::output::{self, Tabular, TabularFormat};

/// Full-text search over notes, quotes, summaries and titles.
///
/// Searches agenda item titles, round titles and summaries, status and position
/// notes, round notes and quotes.
///
/// Every word must appear (as a word or the start of one: `prison` finds
/// "prisoner"); case and accents are ignored. With --fts, TEXT is an FTS5 query
/// (`"peace framework"`, `guarantee* OR monitor*`, `NOT x`). Matches are shown
/// [bracketed]: agenda items first, best match first, then rounds, status notes,
/// position notes, round notes and quotes, each newest first.
///
/// Example: parley search prisoner
#[derive(Debug, Args)]
pub struct Search {
    /// What to look for.
    #[arg(value_name = "TEXT", required = true)]
    pub text: Vec<String>,

    /// Take TEXT as an FTS5 query rather than plain words.
    #[arg(long)]
    pub fts: bool,

    /// Only this process.
    #[arg(long, value_name = "PROCESS")]
    pub process: Option<String>,

    /// At most this many matches.
    #[arg(long, default_value_t = 50, value_name = "N")]
    pub limit: i64,

    /// Output format.
    #[arg(long, value_enum, default_value_t = TabularFormat::Table)]
    pub format: TabularFormat,
}

impl Search {
    pub async fn run(self, path: &Path) -> Result<()> {
        let text = self.text.join(" ");
        let query = if self.fts {
            text.clone()
        } else {
            plain_words(&text)
        };
        if query.trim().is_empty() {
            return Err(Error::invalid_argument("TEXT", "nothing to search for"));
        }
        let (db, _) = super::open(path, true).await?;
        let process_id = match &self.process {
            Some(name) => {
                let processes = db.process_catalog().await?;
                Some(
                    super::resolve_process(&db, &processes, Some(name))
                        .await?
                        .id,
                )
            }
            None => None,
        };
        let hits = db.search(&query, process_id, self.limit).await?;
        db.close().await;
        let mut table = Tabular::new(["kind", "process", "round", "item", "party", "text"]);
        let opt = |s: &Option<String>| s.as_ref().map_or(Value::Null, |s| json!(s));
        for h in &hits {
            table.push(vec![
                json!(h.kind),
                json!(h.process),
                opt(&h.round),
                opt(&h.item),
                opt(&h.party),
                json!(h.text),
            ]);
        }
        output::emit(&table.render(self.format), None)
    }
}

/// Plain words as an FTS5 query: each word quoted (so punctuation and FTS5 keywords
/// are taken literally) and matched as a prefix; all must appear.
fn plain_words(text: &str) -> String {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| format!("\"{w}\"*"))
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    #[test]
    fn plain_words_are_quoted_prefixes() {
        assert_eq!(
            super::plain_words("prisoner OR \"x"),
            "\"prisoner\"* \"OR\"* \"x\"*"
        );
    }
}
