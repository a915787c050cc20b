//! Reads behind the listing commands (`round list`, `item list`, `party list`,
//! `source list`) and the detail views (`round show`, `item show`).

use serde::Serialize;

use super::Database;
use super::unreadable::{known, known_opt};
use crate::domain::{Level, RoundFormat, RoundState, Stance, Status};
use crate::error::Result;

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct RoundListRow {
    pub number: i64,
    pub round: String,
    pub title: String,
    pub date: Option<String>,
    pub end_date: Option<String>,
    pub location: Option<String>,
    pub format: Option<String>,
    pub level: Option<String>,
    pub state: String,
    pub parties: Option<String>,
    pub statuses: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RoundDetail {
    pub number: i64,
    pub round: String,
    pub process: String,
    pub title: String,
    pub date: Option<String>,
    pub end_date: Option<String>,
    pub location: Option<String>,
    pub format: Option<String>,
    pub level: Option<String>,
    pub state: String,
    pub tone: Option<String>,
    pub summary: Option<String>,
    pub recorded_at: String,
    pub sources: Vec<SourceCitation>,
    pub participants: Vec<ParticipantRow>,
    pub statuses: Vec<ClaimRow>,
    pub positions: Vec<ClaimRow>,
    pub commitments: Vec<CommitmentDetail>,
    pub quotes: Vec<QuoteRow>,
    pub notes: Vec<NoteRow>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SourceCitation {
    pub source: String,
    pub outlet: String,
    pub title: Option<String>,
    pub url: Option<String>,
    pub reliability: Option<String>,
    pub credibility: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ParticipantRow {
    pub party: String,
    pub name: String,
    pub role: String,
    pub note: Option<String>,
}

/// A status record or a position, with the record it corrects and its sources.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClaimRow {
    /// The status record's or position's row id.
    #[serde(skip)]
    pub id: i64,
    /// The party, for a position.
    pub party: Option<String>,
    pub item: String,
    /// The status or the stance.
    pub value: String,
    pub note: Option<String>,
    pub confidence: Option<i64>,
    pub recorded_at: String,
    /// Whether this record corrects an earlier one.
    pub corrects: bool,
    /// Whether a later record corrects this one (it is no longer in force).
    pub superseded: bool,
    pub sources: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CommitmentDetail {
    pub commitment: String,
    pub item: Option<String>,
    pub kind: String,
    pub description: String,
    pub due_date: Option<String>,
    pub parties: Option<String>,
    pub fate: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QuoteRow {
    pub speaker: String,
    pub party: Option<String>,
    pub item: Option<String>,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NoteRow {
    pub kind: String,
    pub body: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct ItemListRow {
    pub item: String,
    pub title: String,
    pub parent: Option<String>,
    pub status: Option<String>,
    pub round: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct ItemRecordRow {
    #[serde(skip)]
    pub status_record_id: i64,
    pub round_number: i64,
    pub round: String,
    pub round_date: Option<String>,
    pub status: String,
    /// Whether no later record corrects this one.
    pub in_force: bool,
    /// Whether this record corrects an earlier one.
    pub correction: bool,
    pub note: Option<String>,
    pub confidence: Option<i64>,
    pub recorded_at: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct PartyListRow {
    pub party: String,
    pub name: String,
    pub short_code: Option<String>,
    pub kind: String,
    pub aliases: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct SourceListRow {
    pub source: String,
    pub outlet: String,
    pub title: Option<String>,
    pub url: Option<String>,
    pub published_on: Option<String>,
    pub reliability: Option<String>,
    pub citations: i64,
}

impl Database {
    pub async fn list_rounds(&self, process_id: i64) -> Result<Vec<RoundListRow>> {
        Ok(sqlx::query_as!(
            RoundListRow,
            r#"SELECT s.number AS "number!: i64", r.slug AS round, r.title, r.start_date AS date, r.end_date,
                      r.location, r.format, r.level, r.state,
                      (SELECT group_concat(p.slug || ' (' || rp.role || ')', ', ')
                       FROM round_party rp JOIN party p ON p.party_id = rp.party_id
                       WHERE rp.round_id = r.round_id) AS "parties?: String",
                      (SELECT count(*) FROM status_record sr WHERE sr.round_id = r.round_id
                         AND sr.supersedes_status_record_id IS NULL) AS "statuses!: i64"
               FROM round r JOIN round_sequence s ON s.round_id = r.round_id
               WHERE r.process_id = ?1
               ORDER BY s.number"#,
            process_id
        )
        .fetch_all(self.pool())
        .await?)
    }

    pub async fn round_detail(&self, round_id: i64) -> Result<RoundDetail> {
        let pool = self.pool();
        let r = sqlx::query!(
            r#"SELECT s.number AS "number!: i64", r.slug, s.process, r.title, r.start_date, r.end_date,
                      r.location, r.format, r.level, r.state, r.tone, r.summary, r.recorded_at
               FROM round r JOIN round_sequence s ON s.round_id = r.round_id
               WHERE r.round_id = ?1"#,
            round_id
        )
        .fetch_one(pool)
        .await?;
        let sources = sqlx::query_as!(
            SourceCitation,
            "SELECT s.slug AS source, s.outlet, s.title, s.url, s.reliability, c.credibility
             FROM citation c JOIN source s ON s.source_id = c.source_id
             WHERE c.round_id = ?1 ORDER BY s.source_id",
            round_id
        )
        .fetch_all(pool)
        .await?;
        let participants = sqlx::query_as!(
            ParticipantRow,
            "SELECT p.slug AS party, p.name, rp.role, rp.note
             FROM round_party rp JOIN party p ON p.party_id = rp.party_id
             WHERE rp.round_id = ?1 ORDER BY rp.round_party_id",
            round_id
        )
        .fetch_all(pool)
        .await?;
        let statuses = sqlx::query_as!(
            ClaimRow,
            r#"SELECT sr.status_record_id AS "id!", NULL AS "party?: String", i.slug AS item, sr.status AS value,
                      sr.note, sr.confidence,
                      sr.recorded_at,
                      sr.supersedes_status_record_id IS NOT NULL AS "corrects!: bool",
                      EXISTS (SELECT 1 FROM status_record n
                              WHERE n.supersedes_status_record_id = sr.status_record_id) AS "superseded!: bool",
                      (SELECT group_concat(s.slug, ', ') FROM citation c JOIN source s ON s.source_id = c.source_id
                       WHERE c.status_record_id = sr.status_record_id) AS "sources?: String"
               FROM status_record sr JOIN agenda_item i ON i.agenda_item_id = sr.agenda_item_id
               WHERE sr.round_id = ?1
               ORDER BY i.agenda_item_id, sr.status_record_id"#,
            round_id
        )
        .fetch_all(pool)
        .await?;
        let positions = sqlx::query_as!(
            ClaimRow,
            r#"SELECT p.position_id AS "id!", pa.slug AS "party?: String", i.slug AS item, p.stance AS value, p.note,
                      NULL AS "confidence?: i64", p.recorded_at,
                      p.supersedes_position_id IS NOT NULL AS "corrects!: bool",
                      EXISTS (SELECT 1 FROM position n WHERE n.supersedes_position_id = p.position_id) AS "superseded!: bool",
                      (SELECT group_concat(s.slug, ', ') FROM citation c JOIN source s ON s.source_id = c.source_id
                       WHERE c.position_id = p.position_id) AS "sources?: String"
               FROM position p
               JOIN agenda_item i ON i.agenda_item_id = p.agenda_item_id
               JOIN party pa ON pa.party_id = p.party_id
               WHERE p.round_id = ?1
               ORDER BY pa.party_id, i.agenda_item_id, p.position_id"#,
            round_id
        )
        .fetch_all(pool)
        .await?;
        let commitments = sqlx::query_as!(
            CommitmentDetail,
            r#"SELECT c.slug AS commitment, i.slug AS "item?", c.kind, c.description, c.due_date,
                      (SELECT group_concat(pa.slug, ', ') FROM commitment_party cp
                       JOIN party pa ON pa.party_id = cp.party_id
                       WHERE cp.commitment_id = c.commitment_id) AS "parties?: String",
                      COALESCE((SELECT f.fate FROM commitment_fate f WHERE f.commitment_id = c.commitment_id
                                ORDER BY f.recorded_at DESC, f.commitment_fate_id DESC LIMIT 1), 'open') AS "fate!: String"
               FROM commitment c LEFT JOIN agenda_item i ON i.agenda_item_id = c.agenda_item_id
               WHERE c.round_id = ?1 ORDER BY c.commitment_id"#,
            round_id
        )
        .fetch_all(pool)
        .await?;
        let quotes = sqlx::query_as!(
            QuoteRow,
            r#"SELECT COALESCE(q.speaker_name || COALESCE(', ' || q.speaker_description, ''),
                               q.speaker_description) AS "speaker!: String",
                      pa.slug AS "party?", i.slug AS "item?", q.text
               FROM quote q
               LEFT JOIN party pa ON pa.party_id = q.party_id
               LEFT JOIN agenda_item i ON i.agenda_item_id = q.agenda_item_id
               WHERE q.round_id = ?1 ORDER BY q.quote_id"#,
            round_id
        )
        .fetch_all(pool)
        .await?;
        let notes = sqlx::query_as!(
            NoteRow,
            "SELECT kind, body FROM round_note WHERE round_id = ?1 ORDER BY round_note_id",
            round_id
        )
        .fetch_all(pool)
        .await?;
        known::<RoundState>("round", round_id, "state", &r.state)?;
        known_opt::<RoundFormat>("round", round_id, "format", r.format.as_deref())?;
        known_opt::<Level>("round", round_id, "level", r.level.as_deref())?;
        for s in &statuses {
            known::<Status>("status_record", s.id, "status", &s.value)?;
        }
        for p in &positions {
            known::<Stance>("position", p.id, "stance", &p.value)?;
        }
        Ok(RoundDetail {
            number: r.number,
            round: r.slug,
            process: r.process,
            title: r.title,
            date: r.start_date,
            end_date: r.end_date,
            location: r.location,
            format: r.format,
            level: r.level,
            state: r.state,
            tone: r.tone,
            summary: r.summary,
            recorded_at: r.recorded_at,
            sources,
            participants,
            statuses,
            positions,
            commitments,
            quotes,
            notes,
        })
    }

    pub async fn list_items(&self, process_id: i64) -> Result<Vec<ItemListRow>> {
        Ok(sqlx::query_as!(
            ItemListRow,
            r#"SELECT i.slug AS item, i.title, p.slug AS "parent?", c.status AS "status?", c.round AS "round?"
               FROM agenda_item i
               LEFT JOIN agenda_item p ON p.agenda_item_id = i.parent_agenda_item_id
               LEFT JOIN current_status c ON c.agenda_item_id = i.agenda_item_id
               WHERE i.process_id = ?1
               ORDER BY i.agenda_item_id"#,
            process_id
        )
        .fetch_all(self.pool())
        .await?)
    }

    /// Every status record of an item, corrections and corrected records included, in
    /// round order and then in the order they were recorded.
    pub async fn item_records(&self, process_id: i64, item: &str) -> Result<Vec<ItemRecordRow>> {
        let rows = sqlx::query_as!(
            ItemRecordRow,
            r#"SELECT sr.status_record_id AS "status_record_id!", s.number AS "round_number!: i64", s.round AS "round!: String", s.round_date, sr.status,
                      NOT EXISTS (SELECT 1 FROM status_record n
                                  WHERE n.supersedes_status_record_id = sr.status_record_id) AS "in_force!: bool",
                      sr.supersedes_status_record_id IS NOT NULL AS "correction!: bool",
                      sr.note, sr.confidence, sr.recorded_at
               FROM status_record sr
               JOIN agenda_item i ON i.agenda_item_id = sr.agenda_item_id
               JOIN round_sequence s ON s.round_id = sr.round_id
               WHERE i.process_id = ?1 AND i.slug = ?2
               ORDER BY s.number, sr.recorded_at, sr.status_record_id"#,
            process_id,
            item
        )
        .fetch_all(self.pool())
        .await?;
        for r in &rows {
            known::<Status>("status_record", r.status_record_id, "status", &r.status)?;
        }
        Ok(rows)
    }

    pub async fn list_parties(&self) -> Result<Vec<PartyListRow>> {
        Ok(sqlx::query_as!(
            PartyListRow,
            r#"SELECT p.slug AS party, p.name, p.short_code, p.kind,
                      (SELECT group_concat(a.alias, ', ') FROM party_alias a WHERE a.party_id = p.party_id)
                          AS "aliases?: String"
               FROM party p ORDER BY p.party_id"#
        )
        .fetch_all(self.pool())
        .await?)
    }

    pub async fn list_sources(&self) -> Result<Vec<SourceListRow>> {
        Ok(sqlx::query_as!(
            SourceListRow,
            r#"SELECT s.slug AS source, s.outlet, s.title, s.url, s.published_on, s.reliability,
                      (SELECT count(*) FROM citation c WHERE c.source_id = s.source_id) AS "citations!: i64"
               FROM source s ORDER BY s.source_id"#
        )
        .fetch_all(self.pool())
        .await?)
    }
}
