//! Full-text search over the FTS5 indexes of the search migration: agenda items,
//! rounds, status notes, position notes, round notes and quotes; and, with
//! [`Database::search_records`], over the records analysts look up by name: sources,
//! parties, persons and outlets and their aliases, commitments and the evidence for
//! their fates.

use std::collections::BTreeSet;

use serde::Serialize;
use sqlx::SqliteConnection;

use super::Database;
use crate::error::Result;

/// At most this many whole words stand for one plain word's prefix; past that, FTS5
/// matches the prefix itself.
const WORDS_FOR_A_PREFIX: usize = 16;

/// One match, with where it was found.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SearchHit {
    /// What matched: `agenda_item`, `round`, `status_record`, `position`, `round_note`
    /// or `quote` (the table name).
    pub kind: String,
    pub process: String,
    pub round: Option<String>,
    pub item: Option<String>,
    pub party: Option<String>,
    /// The matching text, shortened around the match, with matches in [brackets].
    pub text: String,
}

/// An FTS5 query, as each kind of record takes it. Both match the same rows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchQuery {
    /// For the kinds ranked best match first (by bm25, which reads every match
    /// anyway): as given, so that a prefix ranks as one term.
    pub ranked: String,
    /// For the kinds read newest first, where FTS5 stops at the limit: a prefix
    /// spelled out as the whole words it stands for, when there are few (see
    /// [`Database::plain_words_query`]).
    pub newest_first: String,
}

impl SearchQuery {
    /// A query the kinds all take as it is (`--fts`).
    pub fn as_given(query: &str) -> Self {
        SearchQuery {
            ranked: query.to_owned(),
            newest_first: query.to_owned(),
        }
    }
}

impl Database {
    /// What matches an FTS5 query, at most `limit` hits, kind by kind: agenda items
    /// best match first, then rounds, status notes in force, position notes in force,
    /// round notes and quotes, each newest first; only the process `process_id` when
    /// one is given. Each kind costs the hits it returns, not the size of its index.
    pub async fn search(
        &self,
        query: &SearchQuery,
        process_id: Option<i64>,
        limit: i64,
    ) -> Result<Vec<SearchHit>> {
        let fts_query = &query.ranked;
        let rows = sqlx::query_file_as!(
            SearchHit,
            "src/storage/queries/search.sql",
            query.ranked,
            process_id,
            limit,
            query.newest_first
        )
        .fetch_all(self.pool())
        .await
        .map_err(|e| match &e {
            // The statement is fixed: what SQLite refuses is the FTS5 query.
            sqlx::Error::Database(db) => crate::Error::invalid_argument(
                "TEXT",
                format!("{} (in the FTS5 query {fts_query:?})", db.message()),
            ),
            _ => e.into(),
        })?;
        Ok(rows)
    }
}

impl Database {
    /// Plain words as an FTS5 query that every word must match, as a word or as the
    /// start of one (`prison` finds "prisoner"); each is taken literally (punctuation
    /// and FTS5's keywords included).
    ///
    /// FTS5 matches a prefix (`"prison"*`) by merging the whole list of rows of every
    /// word that starts with it before returning the first: for a word in most notes,
    /// that is what the index holds (400,000 rows at 1M records), however few hits are
    /// shown. So a word is looked up first in the indexes' vocabularies, where finding
    /// the words it starts is a seek each: one that starts no other word is matched as
    /// itself, one that starts a few (`"prison" OR "prisoner"`) as those whole words,
    /// and FTS5 then reads only the newest rows of each. The same rows match either
    /// way. A word that starts many others, or is not plain ASCII (which the indexes'
    /// tokenizer folds by its own tables), is left to FTS5 as a prefix.
    pub async fn plain_words_query(&self, words: &[&str]) -> Result<SearchQuery> {
        let mut conn = self.pool().acquire().await?;
        let vocabularies = vocabularies(&mut conn).await?;
        let prefixes: Vec<String> = words.iter().map(|w| prefix(w)).collect();
        let mut parts = Vec::with_capacity(words.len());
        for (word, prefix) in words.iter().zip(&prefixes) {
            let expanded = match &vocabularies {
                Some(vocabularies) if word.bytes().all(|b| b.is_ascii_alphanumeric()) => {
                    words_starting(&mut conn, vocabularies, &word.to_ascii_lowercase()).await?
                }
                _ => None,
            };
            parts.push(match expanded {
                Some(terms) if terms.len() == 1 => format!("\"{}\"", terms[0]),
                Some(terms) if !terms.is_empty() => {
                    let terms: Vec<String> = terms.iter().map(|t| format!("\"{t}\"")).collect();
                    format!("({})", terms.join(" OR "))
                }
                _ => prefix.clone(),
            });
        }
        Ok(SearchQuery {
            ranked: prefixes.join(" "),
            // FTS5 takes phrases side by side as all; a group in brackets needs AND.
            newest_first: parts.join(" AND "),
        })
    }
}

/// A word as an FTS5 prefix query, taken literally.
pub fn prefix(word: &str) -> String {
    format!("\"{}\"*", word.replace('"', "\"\""))
}

/// The vocabulary tables (FTS5's `fts5vocab`, one row per occurrence, in term order)
/// of every full-text index, made in this connection's temporary schema when missing;
/// none when an index's name or tokenizer is not the ones Parley writes (plain words
/// are then matched as prefixes by FTS5).
async fn vocabularies(conn: &mut SqliteConnection) -> Result<Option<Vec<String>>> {
    let indexes = sqlx::query!(
        r#"SELECT name AS "name!: String", sql AS "sql!: String" FROM sqlite_master
           WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL TABLE%USING fts5(%'
           ORDER BY name"#
    )
    .fetch_all(&mut *conn)
    .await?;
    let plain = |name: &str| {
        name.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
    };
    if indexes
        .iter()
        .any(|i| !plain(&i.name) || !i.sql.contains("unicode61"))
    {
        return Ok(None);
    }
    let mut vocabularies = Vec::with_capacity(indexes.len());
    for index in indexes {
        let vocabulary = format!("{}_words", index.name);
        // Names checked plain above.
        let create = format!(
            "CREATE VIRTUAL TABLE IF NOT EXISTS temp.{vocabulary} USING fts5vocab(main, {}, instance)",
            index.name
        );
        sqlx::query(sqlx::AssertSqlSafe(create))
            .execute(&mut *conn)
            .await?;
        vocabularies.push(vocabulary);
    }
    Ok(Some(vocabularies))
}

/// The words of any index that start with `prefix` (a folded word), in order; none if
/// more than [`WORDS_FOR_A_PREFIX`]. Each is found by a seek to the first occurrence
/// of a word after the last one found.
async fn words_starting(
    conn: &mut SqliteConnection,
    vocabularies: &[String],
    prefix: &str,
) -> Result<Option<Vec<String>>> {
    let mut words = BTreeSet::new();
    for vocabulary in vocabularies {
        // Names from `vocabularies`.
        let next = format!("SELECT term FROM temp.{vocabulary} WHERE term >= ?1 LIMIT 1");
        let mut from = prefix.to_owned();
        loop {
            let word: Option<String> = sqlx::query_scalar(sqlx::AssertSqlSafe(next.as_str()))
                .bind(&from)
                .fetch_optional(&mut *conn)
                .await?;
            match word {
                Some(word) if word.starts_with(prefix) => {
                    // The least text after this word: the tokenizer keeps no
                    // control character in a word.
                    from = format!("{word}\u{1}");
                    words.insert(word);
                    if words.len() > WORDS_FOR_A_PREFIX {
                        return Ok(None);
                    }
                }
                _ => break,
            }
        }
    }
    Ok(Some(words.into_iter().collect()))
}

/// A match in a record analysts look up by name: a source (outlet, title), a party
/// (name, short code, or an alias), a person (name, role, or an alias), an outlet
/// (name, or an alias), a commitment (what it promises) or the evidence for a
/// commitment's fate.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RecordHit {
    /// What matched: `source`, `party`, `party_alias`, `person`, `person_alias`,
    /// `outlet`, `outlet_alias`, `commitment` or `commitment_fate` (the table name).
    pub kind: String,
    /// The process, for commitments and fates; none for sources and parties, which
    /// every process shares.
    pub process: Option<String>,
    /// The round that produced the commitment.
    pub round: Option<String>,
    /// The agenda item the commitment concerns.
    pub item: Option<String>,
    /// The party (named, or so called; a person's party).
    pub party: Option<String>,
    /// The person (named, or so called).
    pub person: Option<String>,
    /// The outlet (named, or so called).
    pub outlet: Option<String>,
    /// The source's slug.
    pub source: Option<String>,
    /// The commitment's slug, unique within its round.
    pub commitment: Option<String>,
    /// The matching text, shortened around the match, with matches in [brackets].
    pub text: String,
}

impl Database {
    /// Sources, parties, persons, outlets, commitments and fates matching an FTS5
    /// query, in that order, best matches of each kind first, at most `limit`. Each index is ranked and cut
    /// to `limit` before its rows are read. With `process_id`, commitments and fates
    /// of other processes are left out; sources and parties are kept (every process
    /// shares them).
    pub async fn search_records(
        &self,
        fts_query: &str,
        process_id: Option<i64>,
        limit: i64,
    ) -> Result<Vec<RecordHit>> {
        let rows = sqlx::query_as!(
            RecordHit,
            r#"SELECT kind AS "kind!: String", process AS "process?: String", round AS "round?: String",
                      item AS "item?: String", party AS "party?: String", person AS "person?: String",
                      outlet AS "outlet?: String", source AS "source?: String",
                      commitment AS "commitment?: String", text AS "text!: String"
               FROM (
                   SELECT 1 AS ord, 'source' AS kind, NULL AS process, NULL AS round, NULL AS item,
                          NULL AS party, NULL AS person, o.slug AS outlet, s.slug AS source,
                          NULL AS commitment, f.text, f.score
                   FROM (SELECT rowid AS id, rank AS score,
                                COALESCE(snippet(source_fts, -1, '[', ']', '…', 16), '') AS text
                         FROM source_fts WHERE source_fts MATCH ?1 ORDER BY rank LIMIT ?3) f
                   JOIN source s ON s.source_id = f.id
                   LEFT JOIN outlet o ON o.outlet_id = s.outlet_id
                   UNION ALL
                   SELECT 2, 'party', NULL, NULL, NULL, pa.slug, NULL, NULL, NULL, NULL, f.text, f.score
                   FROM (SELECT rowid AS id, rank AS score,
                                COALESCE(snippet(party_fts, -1, '[', ']', '…', 16), '') AS text
                         FROM party_fts WHERE party_fts MATCH ?1 ORDER BY rank LIMIT ?3) f
                   JOIN party pa ON pa.party_id = f.id
                   UNION ALL
                   SELECT 3, 'party_alias', NULL, NULL, NULL, pa.slug, NULL, NULL, NULL, NULL, f.text, f.score
                   FROM (SELECT rowid AS id, rank AS score,
                                COALESCE(snippet(party_alias_fts, -1, '[', ']', '…', 16), '') AS text
                         FROM party_alias_fts WHERE party_alias_fts MATCH ?1 ORDER BY rank LIMIT ?3) f
                   JOIN party_alias a ON a.party_alias_id = f.id
                   JOIN party pa ON pa.party_id = a.party_id
                   UNION ALL
                   SELECT 4, 'person', NULL, NULL, NULL, pa.slug, pe.slug, NULL, NULL, NULL, f.text, f.score
                   FROM (SELECT rowid AS id, rank AS score,
                                COALESCE(snippet(person_fts, -1, '[', ']', '…', 16), '') AS text
                         FROM person_fts WHERE person_fts MATCH ?1 ORDER BY rank LIMIT ?3) f
                   JOIN person pe ON pe.person_id = f.id
                   JOIN party pa ON pa.party_id = pe.party_id
                   UNION ALL
                   SELECT 5, 'person_alias', NULL, NULL, NULL, pa.slug, pe.slug, NULL, NULL, NULL, f.text, f.score
                   FROM (SELECT rowid AS id, rank AS score,
                                COALESCE(snippet(person_alias_fts, -1, '[', ']', '…', 16), '') AS text
                         FROM person_alias_fts WHERE person_alias_fts MATCH ?1 ORDER BY rank LIMIT ?3) f
                   JOIN person_alias a ON a.person_alias_id = f.id
                   JOIN person pe ON pe.person_id = a.person_id
                   JOIN party pa ON pa.party_id = pe.party_id
                   UNION ALL
                   SELECT 6, 'outlet', NULL, NULL, NULL, NULL, NULL, o.slug, NULL, NULL, f.text, f.score
                   FROM (SELECT rowid AS id, rank AS score,
                                COALESCE(snippet(outlet_fts, -1, '[', ']', '…', 16), '') AS text
                         FROM outlet_fts WHERE outlet_fts MATCH ?1 ORDER BY rank LIMIT ?3) f
                   JOIN outlet o ON o.outlet_id = f.id
                   UNION ALL
                   SELECT 7, 'outlet_alias', NULL, NULL, NULL, NULL, NULL, o.slug, NULL, NULL, f.text, f.score
                   FROM (SELECT rowid AS id, rank AS score,
                                COALESCE(snippet(outlet_alias_fts, -1, '[', ']', '…', 16), '') AS text
                         FROM outlet_alias_fts WHERE outlet_alias_fts MATCH ?1 ORDER BY rank LIMIT ?3) f
                   JOIN outlet_alias a ON a.outlet_alias_id = f.id
                   JOIN outlet o ON o.outlet_id = a.outlet_id
                   UNION ALL
                   SELECT 8, 'commitment', p.slug, r.slug, ai.slug, NULL, NULL, NULL, NULL, c.slug, f.text, f.score
                   FROM (SELECT rowid AS id, rank AS score,
                                COALESCE(snippet(commitment_fts, -1, '[', ']', '…', 16), '') AS text
                         FROM commitment_fts
                         WHERE commitment_fts MATCH ?1
                           AND (?2 IS NULL OR EXISTS (SELECT 1 FROM commitment c JOIN round r ON r.round_id = c.round_id
                                                      WHERE c.commitment_id = commitment_fts.rowid AND r.process_id = ?2))
                         ORDER BY rank LIMIT ?3) f
                   JOIN commitment c ON c.commitment_id = f.id
                   JOIN round r ON r.round_id = c.round_id
                   JOIN process p ON p.process_id = r.process_id
                   LEFT JOIN agenda_item ai ON ai.agenda_item_id = c.agenda_item_id
                   UNION ALL
                   SELECT 9, 'commitment_fate', p.slug, r.slug, ai.slug, NULL, NULL, NULL, NULL, c.slug, f.text, f.score
                   FROM (SELECT rowid AS id, rank AS score,
                                COALESCE(snippet(commitment_fate_fts, -1, '[', ']', '…', 16), '') AS text
                         FROM commitment_fate_fts
                         WHERE commitment_fate_fts MATCH ?1
                           AND (?2 IS NULL OR EXISTS (SELECT 1 FROM commitment_fate cf
                                                      JOIN commitment c ON c.commitment_id = cf.commitment_id
                                                      JOIN round r ON r.round_id = c.round_id
                                                      WHERE cf.commitment_fate_id = commitment_fate_fts.rowid
                                                        AND r.process_id = ?2))
                         ORDER BY rank LIMIT ?3) f
                   JOIN commitment_fate cf ON cf.commitment_fate_id = f.id
                   JOIN commitment c ON c.commitment_id = cf.commitment_id
                   JOIN round r ON r.round_id = c.round_id
                   JOIN process p ON p.process_id = r.process_id
                   LEFT JOIN agenda_item ai ON ai.agenda_item_id = c.agenda_item_id
               )
               ORDER BY ord, score, process, round, party, person, outlet, source, commitment
               LIMIT ?3"#,
            fts_query,
            process_id,
            limit
        )
        .fetch_all(self.pool())
        .await
        .map_err(|e| fts_query_error(e, fts_query))?;
        Ok(rows)
    }
}

/// A search statement is fixed: what SQLite refuses in one is the FTS5 query.
fn fts_query_error(e: sqlx::Error, fts_query: &str) -> crate::Error {
    match &e {
        sqlx::Error::Database(db) => crate::Error::invalid_argument(
            "TEXT",
            format!("{} (in the FTS5 query {fts_query:?})", db.message()),
        ),
        _ => e.into(),
    }
}
