//! The worked queries of docs/sql.md, for the backend that runs them.
//!
//! A ```sql block runs on both SQLite and PostgreSQL; a ```sql sqlite block only on
//! SQLite (full-text search with FTS5's MATCH), a ```sql postgres block only on
//! PostgreSQL (the same questions with tsvector).

/// Which database a query is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// Every query of docs/sql.md that runs on `backend`, in the order written.
pub fn doc_queries(backend: Backend) -> Vec<String> {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/sql.md"))
        .expect("docs/sql.md");
    let mut blocks = Vec::new();
    let mut current: Option<String> = None;
    for line in text.lines() {
        match (&mut current, line.trim_end()) {
            (None, fence) if fence.starts_with("```sql") => {
                let runs_here = match fence.trim_start_matches("```sql").trim() {
                    "" => true,
                    "sqlite" => backend == Backend::Sqlite,
                    "postgres" => backend == Backend::Postgres,
                    other => panic!("docs/sql.md: unknown fence ```sql {other}"),
                };
                // A block for the other backend is read and left out.
                current = Some(if runs_here {
                    String::new()
                } else {
                    "\u{0}".to_owned()
                });
            }
            (Some(_), "```") => {
                let block = current.take().unwrap();
                if !block.starts_with('\u{0}') {
                    blocks.push(block);
                }
            }
            (Some(block), line) => {
                block.push_str(line);
                block.push('\n');
            }
            (None, _) => {}
        }
    }
    blocks
}
