//! The reads a report is built from. Each takes an `as_of` instant: a record counts
//! only if it was recorded by then and nothing recorded by then supersedes or
//! retracts it (nor its round), so a report can be reproduced as it read at an
//! earlier moment. With no `as_of`, the records in force now are read (the same as
//! the views).

use futures_util::TryStreamExt;
use std::collections::HashMap;

use serde::Serialize;

use super::Database;
use super::unreadable::{known, known_opt};
use crate::domain::{
    CommitmentKind, Fate, Instant, Level, RoundFormat, RoundState, Stance, Status,
};
use crate::error::Result;

/// A round as a report lists it (the report's JSON prints it as it stands).
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct RoundRow {
    #[serde(skip)]
    pub round_id: i64,
    pub number: i64,
    pub round: String,
    pub title: String,
    pub date: Option<String>,
    pub end_date: Option<String>,
    pub location: Option<String>,
    pub format: Option<String>,
    pub level: Option<String>,
    pub state: String,
    pub tone: Option<String>,
    pub summary: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct ItemRow {
    pub agenda_item_id: i64,
    pub parent_agenda_item_id: Option<i64>,
    pub slug: String,
    pub title: String,
    pub description: Option<String>,
}

/// A status record in force.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StatusRow {
    pub status_record_id: i64,
    pub agenda_item_id: i64,
    pub round_id: i64,
    pub status: Status,
    pub confidence: Option<i64>,
    /// Whether it corrects an earlier record.
    pub is_correction: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct PositionRow {
    pub position_id: i64,
    pub party: String,
    pub party_name: String,
    pub agenda_item_id: i64,
    pub round_id: i64,
    pub stance: String,
    /// The stance as reports print it (`stance.label`).
    pub stance_label: String,
    pub note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct CitationRow {
    pub status_record_id: i64,
    pub source: String,
    pub outlet: String,
    pub title: Option<String>,
    pub url: Option<String>,
    pub published: Option<String>,
    pub reliability: Option<String>,
    pub credibility: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct CommitmentRow {
    pub commitment_id: i64,
    pub round_id: i64,
    pub slug: String,
    pub item: Option<String>,
    pub kind: String,
    pub description: String,
    pub due_date: Option<String>,
    /// The slugs of the parties it binds, as a JSON array.
    pub parties: String,
    /// Their names, in the same order, as a JSON array.
    pub party_names: String,
    pub fate: String,
}

/// A round note (driver, caution, context, assessment).
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct ReportNoteRow {
    pub round_id: i64,
    pub kind: String,
    pub body: String,
}

/// A quote, with its speaker's side.
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct ReportQuoteRow {
    pub round_id: i64,
    pub agenda_item_id: Option<i64>,
    pub party: Option<String>,
    pub party_name: Option<String>,
    pub speaker_name: Option<String>,
    pub speaker_description: Option<String>,
    pub text: String,
}

/// A source cited for a round as a whole.
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct RoundCitationRow {
    pub round_id: i64,
    pub source: String,
}

impl Database {
    /// The process's rounds recorded by `as_of`, in order, with their numbers. As of
    /// an earlier instant each round reads as it did then (its version in force, from
    /// `round_history`), and is numbered among the rounds recorded by then.
    pub async fn report_rounds(
        &self,
        process_id: i64,
        as_of: Option<Instant>,
    ) -> Result<Vec<RoundRow>> {
        let rows = match as_of {
            None => {
                sqlx::query_as!(
                    RoundRow,
                    r#"SELECT r.round_id AS "round_id!", s.number AS "number!: i64", r.slug AS round, r.title,
                              r.start_date AS date, r.end_date, r.location, r.format, r.level, r.state, r.tone,
                              r.summary
                       FROM round r
                       JOIN round_sequence s ON s.round_id = r.round_id
                       WHERE r.process_id = ?1
                       ORDER BY s.number"#,
                    process_id
                )
                .fetch_all(self.pool())
                .await?
            }
            // Numbered as round_sequence numbers: by start date, then as recorded.
            Some(as_of) => {
                sqlx::query_as!(
                    RoundRow,
                    r#"WITH version AS (
                           SELECT round_id, slug, title, start_date, end_date, location, format, level, state,
                                  tone, summary, recorded_at, 1 AS is_current
                           FROM round WHERE process_id = ?1 AND recorded_at <= ?2
                             AND NOT EXISTS (SELECT 1 FROM retraction x
                                             WHERE x.round_id = round.round_id AND x.recorded_at <= ?2)
                           UNION ALL
                           SELECT h.round_id, h.slug, h.title, h.start_date, h.end_date, h.location, h.format,
                                  h.level, h.state, h.tone, h.summary, h.recorded_at, 0
                           FROM round_history h JOIN round r ON r.round_id = h.round_id
                           WHERE r.process_id = ?1 AND h.recorded_at <= ?2 AND h.replaced_at > ?2
                             AND NOT EXISTS (SELECT 1 FROM retraction x
                                             WHERE x.round_id = r.round_id AND x.recorded_at <= ?2)
                       ),
                       in_force AS (
                           SELECT *, ROW_NUMBER() OVER (PARTITION BY round_id
                                                        ORDER BY recorded_at DESC, is_current DESC) AS pick
                           FROM version
                       )
                       SELECT round_id AS "round_id!: i64",
                              ROW_NUMBER() OVER (ORDER BY start_date IS NULL, start_date, round_id) AS "number!: i64",
                              slug AS "round!: String", title AS "title!: String", start_date AS "date?: String",
                              end_date AS "end_date?: String", location AS "location?: String",
                              format AS "format?: String", level AS "level?: String", state AS "state!: String",
                              tone AS "tone?: String", summary AS "summary?: String"
                       FROM in_force WHERE pick = 1
                       ORDER BY start_date IS NULL, start_date, round_id"#,
                    process_id,
                    as_of
                )
                .fetch_all(self.pool())
                .await?
            }
        };
        check_rounds(&rows)?;
        Ok(rows)
    }

    /// The process's agenda items recorded by `as_of`, in the order they were
    /// recorded, each as it read then: the earliest version in `agenda_item_history`
    /// replaced after `as_of`, else the item's row. An item's row changed before that
    /// history was kept records only its latest change, so an item changed since
    /// counts too if a status or position about it was recorded by then.
    pub async fn report_items(
        &self,
        process_id: i64,
        as_of: Option<Instant>,
    ) -> Result<Vec<ItemRow>> {
        let as_of = as_of.unwrap_or(Instant::END_OF_TIME);
        let rows = sqlx::query_as!(
            ItemRow,
            r#"SELECT i.agenda_item_id AS "agenda_item_id!",
                      CASE WHEN h.agenda_item_history_id IS NULL THEN i.parent_agenda_item_id
                           ELSE h.parent_agenda_item_id END AS "parent_agenda_item_id?: i64",
                      i.slug, COALESCE(h.title, i.title) AS "title!: String",
                      CASE WHEN h.agenda_item_history_id IS NULL THEN i.description
                           ELSE h.description END AS "description?: String"
               FROM agenda_item i
               LEFT JOIN agenda_item_history h
                 ON h.agenda_item_history_id = (SELECT v.agenda_item_history_id FROM agenda_item_history v
                                                WHERE v.agenda_item_id = i.agenda_item_id AND v.replaced_at > ?2
                                                ORDER BY v.replaced_at, v.agenda_item_history_id LIMIT 1)
               WHERE i.process_id = ?1
                 AND (i.recorded_at <= ?2 OR h.recorded_at <= ?2
                      OR EXISTS (SELECT 1 FROM status_record s
                                 WHERE s.agenda_item_id = i.agenda_item_id AND s.recorded_at <= ?2)
                      OR EXISTS (SELECT 1 FROM position p
                                 WHERE p.agenda_item_id = i.agenda_item_id AND p.recorded_at <= ?2))
               ORDER BY i.agenda_item_id"#,
            process_id,
            as_of
        )
        .fetch_all(self.pool())
        .await?;
        Ok(rows)
    }

    /// Every status record of the process in force at `as_of`, grouped by item.
    ///
    /// A report over a long history reads a million records; handing each across
    /// as a row of its own costs more than reading it. SQLite packs each item's
    /// records into one JSON array instead, so only one row per item crosses over.
    pub async fn report_statuses(
        &self,
        process_id: i64,
        as_of: Option<Instant>,
    ) -> Result<Vec<StatusRow>> {
        let as_of = as_of.unwrap_or(Instant::END_OF_TIME);
        let mut groups = sqlx::query!(
            r#"SELECT json_group_array(json_array(sr.status_record_id, sr.round_id, sr.status,
                                                  sr.confidence, sr.supersedes_status_record_id IS NOT NULL))
                          AS "records!: String",
                      sr.agenda_item_id
               FROM status_record sr
               JOIN round r ON r.round_id = sr.round_id
               WHERE r.process_id = ?1 AND sr.recorded_at <= ?2
                 AND NOT EXISTS (SELECT 1 FROM status_record c
                                 WHERE c.supersedes_status_record_id = sr.status_record_id
                                   AND c.recorded_at <= ?2)
                 AND NOT EXISTS (SELECT 1 FROM retraction x
                                 WHERE x.status_record_id = sr.status_record_id AND x.recorded_at <= ?2)
                 AND NOT EXISTS (SELECT 1 FROM retraction x WHERE x.round_id = sr.round_id AND x.recorded_at <= ?2)
               GROUP BY sr.agenda_item_id"#,
            process_id,
            as_of
        )
        .fetch(self.pool());
        // One item's text at a time: the records, not their JSON, are what is kept.
        let mut rows = Vec::new();
        while let Some(group) = groups.try_next().await? {
            type Packed = (i64, i64, String, Option<i64>, i64);
            let records: Vec<Packed> = serde_json::from_str(&group.records)
                .map_err(|e| sqlx::Error::Decode(Box::new(e)))?;
            for (status_record_id, round_id, status, confidence, is_correction) in records {
                rows.push(status_row(
                    (status_record_id, group.agenda_item_id, round_id),
                    &status,
                    confidence,
                    is_correction != 0,
                )?);
            }
        }
        Ok(rows)
    }

    /// The notes of the given status records (the report shows only the current
    /// record's, so the timeline read leaves them out).
    pub async fn report_notes(&self, status_record_ids: &[i64]) -> Result<HashMap<i64, String>> {
        let ids = serde_json::to_string(status_record_ids).expect("ids serialise");
        let rows = sqlx::query!(
            r#"SELECT status_record_id AS "id!", note AS "note!" FROM status_record
               WHERE status_record_id IN (SELECT value FROM json_each(?1)) AND note IS NOT NULL"#,
            ids
        )
        .fetch_all(self.pool())
        .await?;
        Ok(rows.into_iter().map(|r| (r.id, r.note)).collect())
    }

    /// Every position of the process in force at `as_of`, its party named as it was
    /// then (`party_history`).
    pub async fn report_positions(
        &self,
        process_id: i64,
        as_of: Option<Instant>,
    ) -> Result<Vec<PositionRow>> {
        let as_of = as_of.unwrap_or(Instant::END_OF_TIME);
        let rows = sqlx::query_as!(
            PositionRow,
            r#"SELECT p.position_id AS "position_id!", pa.slug AS party,
                      COALESCE((SELECT h.name FROM party_history h
                                WHERE h.party_id = pa.party_id AND h.replaced_at > ?2
                                ORDER BY h.replaced_at, h.party_history_id LIMIT 1), pa.name) AS "party_name!: String",
                      p.agenda_item_id, p.round_id, p.stance, COALESCE(st.label, p.stance) AS "stance_label!: String",
                      p.note
               FROM position p
               JOIN round r ON r.round_id = p.round_id
               JOIN party pa ON pa.party_id = p.party_id
               LEFT JOIN stance st ON st.slug = p.stance
               WHERE r.process_id = ?1 AND p.recorded_at <= ?2
                 AND NOT EXISTS (SELECT 1 FROM position c
                                 WHERE c.supersedes_position_id = p.position_id AND c.recorded_at <= ?2)
                 AND NOT EXISTS (SELECT 1 FROM retraction x WHERE x.position_id = p.position_id AND x.recorded_at <= ?2)
                 AND NOT EXISTS (SELECT 1 FROM retraction x WHERE x.round_id = p.round_id AND x.recorded_at <= ?2)
               ORDER BY p.position_id"#,
            process_id,
            as_of
        )
        .fetch_all(self.pool())
        .await?;
        check_positions(&rows)?;
        Ok(rows)
    }

    /// The sources cited by the given status records, each as it read at `as_of`
    /// (its earliest version in `source_history` replaced after then, else its row).
    pub async fn report_citations(
        &self,
        status_record_ids: &[i64],
        as_of: Option<Instant>,
    ) -> Result<Vec<CitationRow>> {
        let ids = serde_json::to_string(status_record_ids).expect("ids serialise");
        let as_of = as_of.unwrap_or(Instant::END_OF_TIME);
        let rows = sqlx::query_as!(
            CitationRow,
            r#"SELECT c.status_record_id AS "status_record_id!", s.slug AS source,
                      COALESCE(h.outlet, o.name || COALESCE(' (via ' || s.obtained_via || ')', ''), s.outlet)
                          AS "outlet!: String",
                      CASE WHEN h.source_history_id IS NULL THEN s.title ELSE h.title END AS "title?: String",
                      CASE WHEN h.source_history_id IS NULL THEN s.url ELSE h.url END AS "url?: String",
                      CASE WHEN h.source_history_id IS NULL THEN s.published_on ELSE h.published_on END
                          AS "published?: String",
                      CASE WHEN h.source_history_id IS NULL THEN s.reliability ELSE h.reliability END
                          AS "reliability?: String",
                      c.credibility
               FROM citation c
               JOIN source s ON s.source_id = c.source_id
               LEFT JOIN outlet o ON o.outlet_id = s.outlet_id
               LEFT JOIN source_history h
                 ON h.source_history_id = (SELECT v.source_history_id FROM source_history v
                                           WHERE v.source_id = s.source_id AND v.replaced_at > ?2
                                           ORDER BY v.replaced_at, v.source_history_id LIMIT 1)
               WHERE c.status_record_id IN (SELECT value FROM json_each(?1))
               ORDER BY c.status_record_id, s.source_id"#,
            ids,
            as_of
        )
        .fetch_all(self.pool())
        .await?;
        Ok(rows)
    }

    /// The process's commitments recorded by `as_of`, with their fate then and their
    /// parties' names then.
    pub async fn report_commitments(
        &self,
        process_id: i64,
        as_of: Option<Instant>,
    ) -> Result<Vec<CommitmentRow>> {
        let as_of = as_of.unwrap_or(Instant::END_OF_TIME);
        let rows = sqlx::query_as!(
            CommitmentRow,
            r#"SELECT c.commitment_id AS "commitment_id!", c.round_id, c.slug, i.slug AS "item?", c.kind,
                      c.description, c.due_date,
                      (SELECT json_group_array(slug) FROM
                         (SELECT pa.slug FROM commitment_party cp JOIN party pa ON pa.party_id = cp.party_id
                          WHERE cp.commitment_id = c.commitment_id ORDER BY cp.commitment_party_id))
                        AS "parties!: String",
                      (SELECT json_group_array(name) FROM
                         (SELECT COALESCE((SELECT h.name FROM party_history h
                                           WHERE h.party_id = pa.party_id AND h.replaced_at > ?2
                                           ORDER BY h.replaced_at, h.party_history_id LIMIT 1), pa.name) AS name
                          FROM commitment_party cp JOIN party pa ON pa.party_id = cp.party_id
                          WHERE cp.commitment_id = c.commitment_id ORDER BY cp.commitment_party_id))
                        AS "party_names!: String",
                      COALESCE((SELECT f.fate FROM commitment_fate f
                                WHERE f.commitment_id = c.commitment_id AND f.recorded_at <= ?2
                                ORDER BY f.recorded_at DESC, f.commitment_fate_id DESC LIMIT 1),
                               'open') AS "fate!: String"
               FROM commitment c
               JOIN round r ON r.round_id = c.round_id
               LEFT JOIN agenda_item i ON i.agenda_item_id = c.agenda_item_id
               WHERE r.process_id = ?1 AND c.recorded_at <= ?2
                 AND NOT EXISTS (SELECT 1 FROM retraction x
                                 WHERE x.commitment_id = c.commitment_id AND x.recorded_at <= ?2)
                 AND NOT EXISTS (SELECT 1 FROM retraction x WHERE x.round_id = c.round_id AND x.recorded_at <= ?2)
               ORDER BY c.commitment_id"#,
            process_id,
            as_of
        )
        .fetch_all(self.pool())
        .await?;
        check_commitments(&rows)?;
        Ok(rows)
    }

    /// The notes of the process's rounds recorded by `as_of`, in the order written.
    pub async fn report_round_notes(
        &self,
        process_id: i64,
        as_of: Option<Instant>,
    ) -> Result<Vec<ReportNoteRow>> {
        let as_of = as_of.unwrap_or(Instant::END_OF_TIME);
        let rows = sqlx::query_as!(
            ReportNoteRow,
            r#"SELECT n.round_id, n.kind, n.body
               FROM round_note n
               JOIN round r ON r.round_id = n.round_id
               WHERE r.process_id = ?1 AND n.recorded_at <= ?2
                 AND NOT EXISTS (SELECT 1 FROM retraction x
                                 WHERE x.round_note_id = n.round_note_id AND x.recorded_at <= ?2)
                 AND NOT EXISTS (SELECT 1 FROM retraction x WHERE x.round_id = n.round_id AND x.recorded_at <= ?2)
               ORDER BY n.round_note_id"#,
            process_id,
            as_of
        )
        .fetch_all(self.pool())
        .await?;
        Ok(rows)
    }

    /// The quotes of the process's rounds recorded by `as_of`, in the order written,
    /// the speaker's party named as it was then.
    pub async fn report_quotes(
        &self,
        process_id: i64,
        as_of: Option<Instant>,
    ) -> Result<Vec<ReportQuoteRow>> {
        let as_of = as_of.unwrap_or(Instant::END_OF_TIME);
        let rows = sqlx::query_as!(
            ReportQuoteRow,
            r#"SELECT q.round_id, q.agenda_item_id, pa.slug AS "party?",
                      COALESCE((SELECT h.name FROM party_history h
                                WHERE h.party_id = pa.party_id AND h.replaced_at > ?2
                                ORDER BY h.replaced_at, h.party_history_id LIMIT 1), pa.name) AS "party_name?: String",
                      q.speaker_name, q.speaker_description, q.text
               FROM quote q
               JOIN round r ON r.round_id = q.round_id
               LEFT JOIN party pa ON pa.party_id = q.party_id
               WHERE r.process_id = ?1 AND q.recorded_at <= ?2
                 AND NOT EXISTS (SELECT 1 FROM retraction x WHERE x.quote_id = q.quote_id AND x.recorded_at <= ?2)
                 AND NOT EXISTS (SELECT 1 FROM retraction x WHERE x.round_id = q.round_id AND x.recorded_at <= ?2)
               ORDER BY q.quote_id"#,
            process_id,
            as_of
        )
        .fetch_all(self.pool())
        .await?;
        Ok(rows)
    }

    /// The sources cited for the given rounds as a whole.
    pub async fn report_round_citations(&self, round_ids: &[i64]) -> Result<Vec<RoundCitationRow>> {
        let ids = serde_json::to_string(round_ids).expect("ids serialise");
        let rows = sqlx::query_as!(
            RoundCitationRow,
            r#"SELECT c.round_id AS "round_id!", s.slug AS source
               FROM citation c
               JOIN source s ON s.source_id = c.source_id
               WHERE c.round_id IN (SELECT value FROM json_each(?1))
               ORDER BY c.round_id, s.source_id"#,
            ids
        )
        .fetch_all(self.pool())
        .await?;
        Ok(rows)
    }

    /// The id of a process by slug.
    pub async fn process_id(&self, slug: &str) -> Result<Option<(i64, String)>> {
        let row = sqlx::query!(
            r#"SELECT process_id AS "process_id!", name FROM process WHERE slug = ?1"#,
            slug
        )
        .fetch_optional(self.pool())
        .await?;
        Ok(row.map(|r| (r.process_id, r.name)))
    }
}

// What both backends check of the rows they read: a value outside its vocabulary
// was written by another program, and fails the read naming the row.

/// Every round's state, format and level are Parley's.
pub fn check_rounds(rows: &[RoundRow]) -> Result<()> {
    for r in rows {
        known::<RoundState>("round", r.round_id, "state", &r.state)?;
        known_opt::<RoundFormat>("round", r.round_id, "format", r.format.as_deref())?;
        known_opt::<Level>("round", r.round_id, "level", r.level.as_deref())?;
    }
    Ok(())
}

/// A status record in force, its status read as Parley's vocabulary.
pub fn status_row(
    (status_record_id, agenda_item_id, round_id): (i64, i64, i64),
    status: &str,
    confidence: Option<i64>,
    is_correction: bool,
) -> Result<StatusRow> {
    Ok(StatusRow {
        status_record_id,
        agenda_item_id,
        round_id,
        status: known("status_record", status_record_id, "status", status)?,
        confidence,
        is_correction,
    })
}

/// Every position's stance is Parley's.
pub fn check_positions(rows: &[PositionRow]) -> Result<()> {
    for p in rows {
        known::<Stance>("position", p.position_id, "stance", &p.stance)?;
    }
    Ok(())
}

/// Every commitment's kind and fate are Parley's.
pub fn check_commitments(rows: &[CommitmentRow]) -> Result<()> {
    for c in rows {
        known::<CommitmentKind>("commitment", c.commitment_id, "kind", &c.kind)?;
        known::<Fate>("commitment", c.commitment_id, "fate", &c.fate)?;
    }
    Ok(())
}
