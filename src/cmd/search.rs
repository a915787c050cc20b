use super::Target;

use clap::Args;
use serde_json::{Value, json};

use crate::error::{Error, Result};
use crate::output::{self, Tabular, TabularFormat};
use crate::storage::SearchQuery;
use crate::storage::prelude::*;

/// Full-text search over notes, quotes, summaries, titles and names.
///
/// Searches agenda item titles, round titles and summaries, status and position
/// notes, round notes and quotes; then sources (outlet, title), parties (name, short
/// code, aliases), persons (name, role, aliases), outlets (name, aliases),
/// commitments and the notes on their fates. Matches are listed in
/// that order of kinds: rounds, notes and quotes (which grow with every round) newest
/// first, the others best match first.
///
/// Every word must appear (as a word or the start of one: `prison` finds
/// "prisoner"); case and accents are ignored. With --fts, TEXT is an FTS5 query
/// (`"peace framework"`, `guarantee* OR monitor*`, `NOT x`). Matches are shown
/// [bracketed].
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
    pub async fn run(self, target: &Target) -> Result<()> {
        let text = self.text.join(" ");
        let words = plain_words(&text);
        if (self.fts && text.trim().is_empty()) || (!self.fts && words.is_empty()) {
            return Err(Error::invalid_argument("TEXT", "nothing to search for"));
        }
        let db = super::open_for_reading(target).await?;
        let query = if self.fts {
            SearchQuery::as_given(&text)
        } else {
            db.plain_words_query(&words).await?
        };
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
        // What the first kinds left of the limit (a negative limit, as in SQLite, is none).
        let room = match self.limit {
            limit if limit < 0 => limit,
            limit => limit.saturating_sub(hits.len() as i64),
        };
        let records = if room != 0 {
            db.search_records(&query.ranked, process_id, room).await?
        } else {
            Vec::new()
        };
        db.close().await;
        let mut table = Tabular::new([
            "kind",
            "process",
            "round",
            "item",
            "party",
            "person",
            "outlet",
            "source",
            "commitment",
            "text",
        ]);
        let opt = |s: &Option<String>| s.as_ref().map_or(Value::Null, |s| json!(s));
        for h in &hits {
            table.push(vec![
                json!(h.kind),
                json!(h.process),
                opt(&h.round),
                opt(&h.item),
                opt(&h.party),
                Value::Null,
                Value::Null,
                Value::Null,
                Value::Null,
                json!(h.text),
            ]);
        }
        for h in &records {
            table.push(vec![
                json!(h.kind),
                opt(&h.process),
                opt(&h.round),
                opt(&h.item),
                opt(&h.party),
                opt(&h.person),
                opt(&h.outlet),
                opt(&h.source),
                opt(&h.commitment),
                json!(h.text),
            ]);
        }
        output::emit(&table.render(self.format), None)
    }
}

/// The words of plain text: what lies between characters that are not letters or
/// digits (as the full-text indexes' tokenizer splits text).
fn plain_words(text: &str) -> Vec<&str> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn plain_words_split_at_anything_but_letters_and_digits() {
        assert_eq!(
            super::plain_words("prisoner OR \"x-ray Україна"),
            ["prisoner", "OR", "x", "ray", "Україна"]
        );
    }
}
