//! Reads behind the listing commands (`round list`, `item list`, `party list`,
//! `source list`) and the detail views (`round show`, `item show`).

use serde::Serialize;

use super::Database;
use super::raw_rows;
use super::unreadable::{known, known_opt, unreadable};
use crate::domain::{Instant, Level, RoundFormat, RoundState, Stance, Status};
use crate::error::Result;

#[derive(Debug, Clone, Default, PartialEq, Serialize, sqlx::FromRow)]
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
    pub recorded_at: Instant,
    pub sources: Vec<SourceCitation>,
    pub participants: Vec<ParticipantRow>,
    pub statuses: Vec<ClaimRow>,
    pub positions: Vec<ClaimRow>,
    pub commitments: Vec<CommitmentDetail>,
    pub quotes: Vec<QuoteRow>,
    pub notes: Vec<NoteRow>,
}

impl RoundDetail {
    /// The round as shown: its retracted claims kept only when `retracted` asks for
    /// them. Both backends read every claim with its retraction, then call this.
    pub fn shown(mut self, retracted: bool) -> Self {
        if !retracted {
            self.statuses.retain(|c| c.retracted.is_none());
            self.positions.retain(|c| c.retracted.is_none());
            self.commitments.retain(|c| c.retracted.is_none());
            self.quotes.retain(|q| q.retracted.is_none());
            self.notes.retain(|n| n.retracted.is_none());
        }
        self
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct SourceCitation {
    pub source: String,
    pub outlet: String,
    pub title: Option<String>,
    pub url: Option<String>,
    pub reliability: Option<String>,
    pub credibility: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct ParticipantRow {
    pub party: String,
    pub name: String,
    pub role: String,
    pub note: Option<String>,
    /// The name of the person who led the delegation.
    pub lead: Option<String>,
    /// That person's slug, which names them in a round file.
    #[serde(skip)]
    pub lead_slug: Option<String>,
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
    pub recorded_at: Instant,
    /// Whether this record corrects an earlier one.
    pub corrects: bool,
    /// Whether a later record corrects this one (it is no longer in force).
    pub superseded: bool,
    pub sources: Option<String>,
    /// The reason it was retracted, if it was (shown only when asked for).
    pub retracted: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct CommitmentDetail {
    pub commitment: String,
    pub item: Option<String>,
    pub kind: String,
    pub description: String,
    pub due_date: Option<String>,
    pub parties: Option<String>,
    pub fate: String,
    /// The reason it was retracted, if it was (shown only when asked for).
    pub retracted: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct QuoteRow {
    /// The quote's row id: what `quote retract` names it by.
    pub id: i64,
    pub speaker: String,
    pub party: Option<String>,
    pub item: Option<String>,
    pub text: String,
    /// The reason it was retracted, if it was (shown only when asked for).
    pub retracted: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct NoteRow {
    /// The note's row id: what `note retract` names it by.
    pub id: i64,
    pub kind: String,
    pub body: String,
    /// The reason it was retracted, if it was (shown only when asked for).
    pub retracted: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, sqlx::FromRow)]
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
    pub recorded_at: Instant,
    /// The reason it was retracted, if it was (listed only when asked for).
    pub retracted: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, sqlx::FromRow)]
pub struct PartyListRow {
    pub party: String,
    pub name: String,
    pub short_code: Option<String>,
    pub kind: String,
    pub aliases: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, sqlx::FromRow)]
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
    /// A process's rounds in number order, each with its participants and its count of
    /// statuses: the rounds from one range of an index, their participants from one range
    /// of another, joined here.
    pub async fn list_rounds(&self, process_id: i64) -> Result<Vec<RoundListRow>> {
        // One connection for every statement: handed back to the pool between them, it
        // may not be idle yet when the next asks, and another is opened, with its own
        // parse of the schema (14 million instructions, 4% of the command at 1M records).
        let mut conn = self.pool().acquire().await?;
        let mut rows: Vec<RoundListRow> = Vec::new();
        let mut ids: Vec<(i64, usize)> = Vec::new();
        let sql = include_str!("queries/round_list.sql");
        raw_rows::for_each_row(&mut conn, sql, &[process_id], |r| {
            ids.push((r.int(1), rows.len()));
            let owned = |text: Option<&str>| text.map(str::to_owned);
            rows.push(RoundListRow {
                number: r.int(0),
                round: r.text_set(2)?.to_owned(),
                title: r.text_set(3)?.to_owned(),
                date: owned(r.text(4)?),
                end_date: owned(r.text(5)?),
                location: owned(r.text(6)?),
                format: owned(r.text(7)?),
                level: owned(r.text(8)?),
                state: r.text_set(9)?.to_owned(),
                parties: None,
                statuses: r.int(10),
            });
            Ok(())
        })
        .await?;
        // Round ids in order, to meet the participants, which come in that order.
        ids.sort_unstable();
        let (Some(&(first, _)), Some(&(last, _))) = (ids.first(), ids.last()) else {
            return Ok(rows);
        };
        let slugs: std::collections::HashMap<i64, String> =
            sqlx::query!(r#"SELECT party_id AS "party_id!", slug FROM party"#)
                .fetch_all(&mut *conn)
                .await?
                .into_iter()
                .map(|p| (p.party_id, p.slug))
                .collect();
        let sql = include_str!("queries/round_list_participants.sql");
        let mut listed = ids.iter().peekable();
        raw_rows::for_each_row(&mut conn, sql, &[first, last], |p| {
            let (round_id, party_id) = (p.int(0), p.int(1));
            while listed.next_if(|(id, _)| *id < round_id).is_some() {}
            let Some(&&(_, row)) = listed.peek().filter(|(id, _)| *id == round_id) else {
                // A round of another process, among the listed ones' ids.
                return Ok(());
            };
            let slug = slugs.get(&party_id).ok_or_else(|| {
                unreadable(
                    "round",
                    round_id,
                    "participant's party_id",
                    &party_id.to_string(),
                )
            })?;
            let parties = rows[row].parties.get_or_insert_with(String::new);
            if !parties.is_empty() {
                parties.push_str(", ");
            }
            parties.push_str(slug);
            parties.push_str(" (");
            parties.push_str(p.text_set(2)?);
            parties.push(')');
            Ok(())
        })
        .await?;
        Ok(rows)
    }

    /// Everything on one round; retracted claims only when `retracted` is true.
    pub async fn round_detail(&self, round_id: i64, retracted: bool) -> Result<RoundDetail> {
        let pool = self.pool();
        let r = sqlx::query_file!("src/storage/queries/round_show.sql", round_id)
            .fetch_one(pool)
            .await?;
        let sources = sqlx::query_file_as!(
            SourceCitation,
            "src/storage/queries/round_show_sources.sql",
            round_id
        )
        .fetch_all(pool)
        .await?;
        let participants = sqlx::query_file_as!(
            ParticipantRow,
            "src/storage/queries/round_show_participants.sql",
            round_id
        )
        .fetch_all(pool)
        .await?;
        let statuses = sqlx::query_file_as!(
            ClaimRow,
            "src/storage/queries/round_show_statuses.sql",
            round_id
        )
        .fetch_all(pool)
        .await?;
        let positions = sqlx::query_file_as!(
            ClaimRow,
            "src/storage/queries/round_show_positions.sql",
            round_id
        )
        .fetch_all(pool)
        .await?;
        let commitments = sqlx::query_file_as!(
            CommitmentDetail,
            "src/storage/queries/round_show_commitments.sql",
            round_id
        )
        .fetch_all(pool)
        .await?;
        let quotes = sqlx::query_file_as!(
            QuoteRow,
            "src/storage/queries/round_show_quotes.sql",
            round_id
        )
        .fetch_all(pool)
        .await?;
        let notes = sqlx::query_file_as!(
            NoteRow,
            "src/storage/queries/round_show_notes.sql",
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
        }
        .shown(retracted))
    }

    pub async fn list_items(&self, process_id: i64) -> Result<Vec<ItemListRow>> {
        Ok(
            sqlx::query_file_as!(ItemListRow, "src/storage/queries/item_list.sql", process_id)
                .fetch_all(self.pool())
                .await?,
        )
    }

    /// Every status record of an item recorded by `as_of` (now when `None`),
    /// corrections and corrected records included, in round order and then in the
    /// order they were recorded; each with whether it was in force then and, if it was
    /// retracted by then, the reason. The records of a round retracted by then are left
    /// out; the rounds are numbered as they were then.
    pub async fn item_records(
        &self,
        process_id: i64,
        item: &str,
        as_of: Option<Instant>,
    ) -> Result<Vec<ItemRecordRow>> {
        let numbers: std::collections::HashMap<i64, i64> = self
            .report_rounds(process_id, as_of)
            .await?
            .into_iter()
            .map(|r| (r.round_id, r.number))
            .collect();
        let as_of = as_of.unwrap_or(Instant::END_OF_TIME);
        let rows = sqlx::query!(
            r#"SELECT sr.status_record_id AS "status_record_id!", sr.round_id, r.slug AS round,
                      r.start_date AS round_date, sr.status,
                      NOT EXISTS (SELECT 1 FROM status_record n
                                  WHERE n.supersedes_status_record_id = sr.status_record_id
                                    AND n.recorded_at <= ?3) AS "in_force!: bool",
                      sr.supersedes_status_record_id IS NOT NULL AS "correction!: bool",
                      sr.note, sr.confidence, sr.recorded_at AS "recorded_at: Instant",
                      (SELECT x.reason FROM status_record r JOIN retraction x ON x.status_record_id = r.status_record_id
                       WHERE r.agenda_item_id = sr.agenda_item_id AND r.round_id = sr.round_id
                         AND x.recorded_at <= ?3) AS "retracted?: String"
               FROM status_record sr
               JOIN agenda_item i ON i.agenda_item_id = sr.agenda_item_id
               JOIN round r ON r.round_id = sr.round_id
               WHERE i.process_id = ?1 AND i.slug = ?2 AND sr.recorded_at <= ?3
                 AND NOT EXISTS (SELECT 1 FROM retraction x WHERE x.round_id = sr.round_id AND x.recorded_at <= ?3)
               ORDER BY COALESCE(r.start_date, 'undated'), r.round_id, sr.recorded_at, sr.status_record_id"#,
            process_id,
            item,
            as_of
        )
        .fetch_all(self.pool())
        .await?;
        let mut records = Vec::with_capacity(rows.len());
        for r in rows {
            known::<Status>("status_record", r.status_record_id, "status", &r.status)?;
            records.push(ItemRecordRow {
                status_record_id: r.status_record_id,
                round_number: numbers.get(&r.round_id).copied().unwrap_or_default(),
                round: r.round,
                round_date: r.round_date,
                status: r.status,
                in_force: r.in_force && r.retracted.is_none(),
                correction: r.correction,
                note: r.note,
                confidence: r.confidence,
                recorded_at: r.recorded_at,
                retracted: r.retracted,
            });
        }
        Ok(records)
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
