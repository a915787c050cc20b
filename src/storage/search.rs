//! Full-text search over the FTS5 indexes of the search migration: agenda items,
//! rounds, status notes, position notes, round notes and quotes.

use serde::Serialize;

use super::Database;
use crate::error::Result;

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

impl Database {
    /// Everything matching an FTS5 query, best matches of each kind first; only the
    /// process `process_id` when one is given.
    pub async fn search(
        &self,
        fts_query: &str,
        process_id: Option<i64>,
        limit: i64,
    ) -> Result<Vec<SearchHit>> {
        let rows = sqlx::query_as!(
            SearchHit,
            r#"SELECT kind AS "kind!: String", process AS "process!: String", round AS "round?: String",
                      item AS "item?: String", party AS "party?: String", text AS "text!: String"
               FROM (
                   SELECT 1 AS ord, 'agenda_item' AS kind, ai.process_id, p.slug AS process, NULL AS round,
                          ai.slug AS item, NULL AS party,
                          COALESCE(snippet(agenda_item_fts, -1, '[', ']', '…', 16), '') AS text,
                          agenda_item_fts.rank AS score
                   FROM agenda_item_fts
                   JOIN agenda_item ai ON ai.agenda_item_id = agenda_item_fts.rowid
                   JOIN process p ON p.process_id = ai.process_id
                   WHERE agenda_item_fts MATCH ?1
                   UNION ALL
                   SELECT 2, 'round', r.process_id, p.slug, r.slug, NULL, NULL,
                          COALESCE(snippet(round_fts, -1, '[', ']', '…', 16), ''), round_fts.rank
                   FROM round_fts
                   JOIN round r ON r.round_id = round_fts.rowid
                   JOIN process p ON p.process_id = r.process_id
                   WHERE round_fts MATCH ?1
                   UNION ALL
                   SELECT 3, 'status_record', r.process_id, p.slug, r.slug, ai.slug, NULL,
                          COALESCE(snippet(status_record_fts, -1, '[', ']', '…', 16), ''), status_record_fts.rank
                   FROM status_record_fts
                   JOIN status_record sr ON sr.status_record_id = status_record_fts.rowid
                   JOIN round r ON r.round_id = sr.round_id
                   JOIN agenda_item ai ON ai.agenda_item_id = sr.agenda_item_id
                   JOIN process p ON p.process_id = r.process_id
                   WHERE status_record_fts MATCH ?1
                     AND NOT EXISTS (SELECT 1 FROM status_record c
                                     WHERE c.supersedes_status_record_id = sr.status_record_id)
                   UNION ALL
                   SELECT 4, 'position', r.process_id, p.slug, r.slug, ai.slug, pa.slug,
                          COALESCE(snippet(position_fts, -1, '[', ']', '…', 16), ''), position_fts.rank
                   FROM position_fts
                   JOIN position po ON po.position_id = position_fts.rowid
                   JOIN round r ON r.round_id = po.round_id
                   JOIN agenda_item ai ON ai.agenda_item_id = po.agenda_item_id
                   JOIN party pa ON pa.party_id = po.party_id
                   JOIN process p ON p.process_id = r.process_id
                   WHERE position_fts MATCH ?1
                     AND NOT EXISTS (SELECT 1 FROM position c WHERE c.supersedes_position_id = po.position_id)
                   UNION ALL
                   SELECT 5, 'round_note', r.process_id, p.slug, r.slug, NULL, NULL,
                          COALESCE(snippet(round_note_fts, -1, '[', ']', '…', 16), ''), round_note_fts.rank
                   FROM round_note_fts
                   JOIN round_note n ON n.round_note_id = round_note_fts.rowid
                   JOIN round r ON r.round_id = n.round_id
                   JOIN process p ON p.process_id = r.process_id
                   WHERE round_note_fts MATCH ?1
                   UNION ALL
                   SELECT 6, 'quote', r.process_id, p.slug, r.slug, ai.slug, pa.slug,
                          COALESCE(snippet(quote_fts, -1, '[', ']', '…', 16), ''), quote_fts.rank
                   FROM quote_fts
                   JOIN quote q ON q.quote_id = quote_fts.rowid
                   JOIN round r ON r.round_id = q.round_id
                   LEFT JOIN agenda_item ai ON ai.agenda_item_id = q.agenda_item_id
                   LEFT JOIN party pa ON pa.party_id = q.party_id
                   JOIN process p ON p.process_id = r.process_id
                   WHERE quote_fts MATCH ?1
               )
               WHERE ?2 IS NULL OR process_id = ?2
               ORDER BY ord, score, round, item
               LIMIT ?3"#,
            fts_query,
            process_id,
            limit
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
