//! Full-text search on a server: [`parley_core::storage::search`]'s methods over the
//! `<table>_fts` tsvector tables (the 'simple' configuration) and their GIN indexes.
//!
//! The query is the one the SQLite side takes, an FTS5 query ([`SearchQuery`]'s
//! `ranked`, or `search_records`' text), read here by the same grammar (phrases,
//! quoted phrases, prefixes `word*`, AND, OR, NOT, brackets; implicit AND between
//! phrases side by side) and written as a tsquery: a phrase is its words joined by
//! `<->`, a prefix is `:*`, `a NOT b` is `a & !b`. What FTS5 refuses as a syntax error
//! is refused here with FTS5's words; column filters, `NEAR`, `^` and `+` are refused
//! as not run on a server. The same records are found, with the same filters and
//! kinds. Two things differ by nature and are not imitated: the text shown is
//! `ts_headline`'s (the same `[ ]` markers, about 16 words; it reads the record's
//! columns joined, where FTS5's `snippet` picks one column), and the best match first
//! order of agenda items and name records is `ts_rank_cd`'s, not bm25's (ties, and the
//! newest-first kinds, are ordered as on SQLite). The 'simple' configuration keeps
//! diacritics where FTS5's unicode61 folds them.

use super::Server;
use parley_core::error::{Error, Result};
use parley_core::storage::search::prefix;
use parley_core::storage::{RecordHit, SearchHit, SearchQuery};

impl Server {
    /// What matches an FTS5 query, at most `limit` hits, kind by kind, as
    /// [`parley_core::storage::Database::search`] finds them: agenda items best match first
    /// (by `ts_rank_cd`), then rounds, status notes in force, position notes in force,
    /// round notes and quotes, each newest first; only the process `process_id` when
    /// one is given.
    pub async fn search(
        &self,
        query: &SearchQuery,
        process_id: Option<i64>,
        limit: i64,
    ) -> Result<Vec<SearchHit>> {
        let tsquery = tsquery(&query.ranked)?;
        Ok(sqlx::query_file_as!(
            SearchHit,
            "src/queries/search_hits.sql",
            tsquery,
            process_id,
            limit
        )
        .fetch_all(self.pool())
        .await?)
    }

    /// Plain words as an FTS5 query that every word must match, as a word or as the
    /// start of one, each taken literally: the query the SQLite side ranks by. Its
    /// `newest_first` is the same query: a GIN index finds a prefix's rows without
    /// spelling out the words it starts.
    pub async fn plain_words_query(&self, words: &[&str]) -> Result<SearchQuery> {
        let query: Vec<String> = words.iter().map(|w| prefix(w)).collect();
        Ok(SearchQuery::as_given(&query.join(" ")))
    }

    /// Sources, parties, persons, outlets, commitments and fates matching an FTS5
    /// query, as [`parley_core::storage::Database::search_records`] finds them: in that
    /// order, best matches of each kind first (by `ts_rank_cd`), at most `limit`.
    pub async fn search_records(
        &self,
        fts_query: &str,
        process_id: Option<i64>,
        limit: i64,
    ) -> Result<Vec<RecordHit>> {
        let tsquery = tsquery(fts_query)?;
        Ok(sqlx::query_file_as!(
            RecordHit,
            "src/queries/search_records.sql",
            tsquery,
            process_id,
            limit
        )
        .fetch_all(self.pool())
        .await?)
    }
}

/// An FTS5 query, read.
#[derive(Debug, PartialEq)]
enum Expr {
    /// Folded words in a row; the last one a prefix when `prefix`.
    Phrase {
        words: Vec<String>,
        prefix: bool,
    },
    And(Box<Expr>, Box<Expr>),
    Or(Box<Expr>, Box<Expr>),
    /// What the left matches and the right does not.
    Not(Box<Expr>, Box<Expr>),
}

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Open,
    Close,
    And,
    Or,
    Not,
    Phrase { words: Vec<String>, prefix: bool },
}

/// An FTS5 query as the text of a PostgreSQL tsquery matching the same rows.
pub(crate) fn tsquery(fts_query: &str) -> Result<String> {
    let tokens = tokens(fts_query)?;
    let mut parser = Parser {
        tokens: &tokens,
        at: 0,
        query: fts_query,
    };
    let expr = parser.or()?;
    if let Some(token) = parser.tokens.get(parser.at) {
        return Err(syntax_error(fts_query, &spelling(token)));
    }
    Ok(render(&expr))
}

/// The words of text as FTS5's unicode61 tokenizer splits them: runs of letters and
/// digits, folded to lower case.
fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// A character FTS5 takes in a bareword.
fn bareword_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_' || c == '\u{1a}' || !c.is_ascii()
}

fn tokens(query: &str) -> Result<Vec<Token>> {
    let chars: Vec<char> = query.chars().collect();
    let mut tokens = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let text = match c {
            c if c.is_whitespace() => {
                i += 1;
                continue;
            }
            '(' => {
                tokens.push(Token::Open);
                i += 1;
                continue;
            }
            ')' => {
                tokens.push(Token::Close);
                i += 1;
                continue;
            }
            '"' => {
                let mut text = String::new();
                i += 1;
                loop {
                    match chars.get(i) {
                        None => {
                            return Err(Error::invalid_argument(
                                "TEXT",
                                format!("unterminated string (in the FTS5 query {query:?})"),
                            ));
                        }
                        Some('"') if chars.get(i + 1) == Some(&'"') => {
                            text.push('"');
                            i += 2;
                        }
                        Some('"') => {
                            i += 1;
                            break;
                        }
                        Some(&c) => {
                            text.push(c);
                            i += 1;
                        }
                    }
                }
                text
            }
            c if bareword_char(c) => {
                let start = i;
                while i < chars.len() && bareword_char(chars[i]) {
                    i += 1;
                }
                let word: String = chars[start..i].iter().collect();
                match word.as_str() {
                    "AND" => tokens.push(Token::And),
                    "OR" => tokens.push(Token::Or),
                    "NOT" => tokens.push(Token::Not),
                    "NEAR" if chars.get(i) == Some(&'(') => return Err(unsupported(query, "NEAR")),
                    _ => {
                        tokens.push(Token::Phrase {
                            words: Vec::new(),
                            prefix: false,
                        });
                        finish_phrase(&mut tokens, &word, &chars, &mut i, query)?;
                    }
                }
                continue;
            }
            ':' | '^' | '+' | '{' | '}' => return Err(unsupported(query, &c.to_string())),
            c => return Err(syntax_error(query, &c.to_string())),
        };
        tokens.push(Token::Phrase {
            words: Vec::new(),
            prefix: false,
        });
        finish_phrase(&mut tokens, &text, &chars, &mut i, query)?;
    }
    Ok(tokens)
}

/// Fills the phrase just pushed with the words of `text`, taking a `*` after it as a
/// prefix; a column filter after it is refused.
fn finish_phrase(
    tokens: &mut [Token],
    text: &str,
    chars: &[char],
    i: &mut usize,
    query: &str,
) -> Result<()> {
    let mut prefix = false;
    while chars.get(*i).is_some_and(|c| c.is_whitespace()) && chars.get(*i + 1) == Some(&'*') {
        *i += 1;
    }
    if chars.get(*i) == Some(&'*') {
        prefix = true;
        *i += 1;
    }
    if chars.get(*i) == Some(&':') {
        return Err(unsupported(query, ":"));
    }
    let words = words(text);
    if words.is_empty() {
        // FTS5 matches nothing for a phrase of no words; a tsquery has no such term.
        return Err(Error::invalid_argument(
            "TEXT",
            format!(
                "the phrase {text:?} holds no word to search for (in the FTS5 query {query:?})"
            ),
        ));
    }
    if let Some(last) = tokens.last_mut() {
        *last = Token::Phrase { words, prefix };
    }
    Ok(())
}

struct Parser<'a> {
    tokens: &'a [Token],
    at: usize,
    query: &'a str,
}

impl Parser<'_> {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.at)
    }

    fn or(&mut self) -> Result<Expr> {
        let mut left = self.and()?;
        while self.peek() == Some(&Token::Or) {
            self.at += 1;
            left = Expr::Or(Box::new(left), Box::new(self.and()?));
        }
        Ok(left)
    }

    fn and(&mut self) -> Result<Expr> {
        let mut left = self.not()?;
        while self.peek() == Some(&Token::And) {
            self.at += 1;
            left = Expr::And(Box::new(left), Box::new(self.not()?));
        }
        Ok(left)
    }

    fn not(&mut self) -> Result<Expr> {
        let mut left = self.adjacent()?;
        while self.peek() == Some(&Token::Not) {
            self.at += 1;
            left = Expr::Not(Box::new(left), Box::new(self.adjacent()?));
        }
        Ok(left)
    }

    /// Phrases (or bracketed groups) side by side: all must match.
    fn adjacent(&mut self) -> Result<Expr> {
        let mut left = self.primary()?;
        while matches!(self.peek(), Some(Token::Phrase { .. } | Token::Open)) {
            left = Expr::And(Box::new(left), Box::new(self.primary()?));
        }
        Ok(left)
    }

    fn primary(&mut self) -> Result<Expr> {
        match self.peek().cloned() {
            Some(Token::Phrase { words, prefix }) => {
                self.at += 1;
                Ok(Expr::Phrase { words, prefix })
            }
            Some(Token::Open) => {
                self.at += 1;
                let inner = self.or()?;
                match self.peek() {
                    Some(Token::Close) => {
                        self.at += 1;
                        Ok(inner)
                    }
                    Some(other) => Err(syntax_error(self.query, &spelling(other))),
                    None => Err(syntax_error(self.query, "")),
                }
            }
            Some(other) => Err(syntax_error(self.query, &spelling(&other))),
            None => Err(syntax_error(self.query, "")),
        }
    }
}

fn spelling(token: &Token) -> String {
    match token {
        Token::Open => "(".into(),
        Token::Close => ")".into(),
        Token::And => "AND".into(),
        Token::Or => "OR".into(),
        Token::Not => "NOT".into(),
        Token::Phrase { words, .. } => words.join(" "),
    }
}

fn render(expr: &Expr) -> String {
    match expr {
        Expr::Phrase { words, prefix } => {
            let mut terms: Vec<String> = words.iter().map(|w| format!("'{w}'")).collect();
            if *prefix && let Some(last) = terms.last_mut() {
                last.push_str(":*");
            }
            format!("({})", terms.join(" <-> "))
        }
        Expr::And(l, r) => format!("({} & {})", render(l), render(r)),
        Expr::Or(l, r) => format!("({} | {})", render(l), render(r)),
        Expr::Not(l, r) => format!("({} & !{})", render(l), render(r)),
    }
}

/// FTS5's words for a query it cannot read.
fn syntax_error(query: &str, near: &str) -> Error {
    Error::invalid_argument(
        "TEXT",
        format!("fts5: syntax error near \"{near}\" (in the FTS5 query {query:?})"),
    )
}

fn unsupported(query: &str, what: &str) -> Error {
    Error::invalid_argument(
        "TEXT",
        format!(
            "{what:?} (a column filter, NEAR, ^ or +) is not run on a server (in the FTS5 query {query:?})"
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::tsquery;

    #[test]
    fn fts5_queries_become_tsqueries_matching_the_same_rows() {
        assert_eq!(
            tsquery("\"prison\"* \"talks\"*").unwrap(),
            "(('prison':*) & ('talks':*))"
        );
        assert_eq!(
            tsquery("\"Peace framework\"").unwrap(),
            "('peace' <-> 'framework')"
        );
        assert_eq!(
            tsquery("guarantee* OR monitor* NOT x").unwrap(),
            "(('guarantee':*) | (('monitor':*) & !('x')))"
        );
        assert_eq!(
            tsquery("(a OR b) AND c").unwrap(),
            "((('a') | ('b')) & ('c'))"
        );
        assert_eq!(tsquery("\"x-ray\"").unwrap(), "('x' <-> 'ray')");
    }

    #[test]
    fn what_fts5_refuses_is_refused() {
        for query in ["AND", "a OR", "(a", "a)", "NOT a", "x-ray"] {
            let error = tsquery(query).unwrap_err().to_string();
            assert!(error.contains("fts5: syntax error"), "{query}: {error}");
        }
        let error = tsquery("\"open").unwrap_err().to_string();
        assert!(error.contains("unterminated string"), "{error}");
        assert!(tsquery("title:peace").is_err());
        assert!(tsquery("NEAR(a b)").is_err());
    }
}
