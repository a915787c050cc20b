//! The listing reads on a server: [`parley_core::storage::listing`]'s methods, method for
//! method, returning the same rows for the same timeline. Each statement is the
//! SQLite one's meaning in PostgreSQL's words (queries/listing_*.sql): aggregates in
//! the order SQLite's indexes hand the rows over, text ordered bytewise, counts as
//! bigint. Rows with an instant are read with a timestamptz and made [`Instant`]s
//! here.

use std::collections::HashMap;

use chrono::{DateTime, Utc};

use super::Server;
use parley_core::domain::{Instant, Level, RoundFormat, RoundState, Stance, Status};
use parley_core::error::{Error, Result};
use parley_core::storage::listing::{
    ClaimRow, CommitmentDetail, ItemListRow, ItemRecordRow, NoteRow, ParticipantRow, PartyListRow,
    QuoteRow, RoundDetail, RoundListRow, SourceCitation, SourceListRow,
};
use parley_core::storage::unreadable::{known, known_opt};

/// A timestamptz as Parley's [`Instant`] (in UTC), refused past the years 0000–9999
/// as an instant read from a file is.
pub(super) fn instant(at: DateTime<Utc>) -> Result<Instant> {
    Instant::new(at).map_err(|e| Error::Unreadable(e.to_string()))
}

/// A row of listing_round_show.sql.
struct RoundHead {
    number: i64,
    slug: String,
    process: String,
    title: String,
    start_date: Option<String>,
    end_date: Option<String>,
    location: Option<String>,
    format: Option<String>,
    level: Option<String>,
    state: String,
    tone: Option<String>,
    summary: Option<String>,
    recorded_at: DateTime<Utc>,
}

/// A row of listing_round_show_statuses.sql or _positions.sql.
struct Claim {
    id: i64,
    party: Option<String>,
    item: String,
    value: String,
    note: Option<String>,
    confidence: Option<i64>,
    recorded_at: DateTime<Utc>,
    corrects: bool,
    superseded: bool,
    sources: Option<String>,
    retracted: Option<String>,
}

impl Claim {
    fn read(self) -> Result<ClaimRow> {
        Ok(ClaimRow {
            id: self.id,
            party: self.party,
            item: self.item,
            value: self.value,
            note: self.note,
            confidence: self.confidence,
            recorded_at: instant(self.recorded_at)?,
            corrects: self.corrects,
            superseded: self.superseded,
            sources: self.sources,
            retracted: self.retracted,
        })
    }
}

/// A row of listing_item_records.sql.
struct Record {
    status_record_id: i64,
    round_id: i64,
    round: String,
    round_date: Option<String>,
    status: String,
    in_force: bool,
    correction: bool,
    note: Option<String>,
    confidence: Option<i64>,
    recorded_at: DateTime<Utc>,
    retracted: Option<String>,
}

impl Server {
    /// A process's rounds in number order, each with its participants and its count of
    /// statuses.
    pub async fn list_rounds(&self, process_id: i64) -> Result<Vec<RoundListRow>> {
        Ok(sqlx::query_file_as!(
            RoundListRow,
            "src/queries/listing_round_list.sql",
            process_id
        )
        .fetch_all(self.pool())
        .await?)
    }

    /// Everything on one round; retracted claims only when `retracted` is true.
    pub async fn round_detail(&self, round_id: i64, retracted: bool) -> Result<RoundDetail> {
        let pool = self.pool();
        let r = sqlx::query_file_as!(RoundHead, "src/queries/listing_round_show.sql", round_id)
            .fetch_one(pool)
            .await?;
        let sources = sqlx::query_file_as!(
            SourceCitation,
            "src/queries/listing_round_show_sources.sql",
            round_id
        )
        .fetch_all(pool)
        .await?;
        let participants = sqlx::query_file_as!(
            ParticipantRow,
            "src/queries/listing_round_show_participants.sql",
            round_id
        )
        .fetch_all(pool)
        .await?;
        let statuses = sqlx::query_file_as!(
            Claim,
            "src/queries/listing_round_show_statuses.sql",
            round_id
        )
        .fetch_all(pool)
        .await?;
        let positions = sqlx::query_file_as!(
            Claim,
            "src/queries/listing_round_show_positions.sql",
            round_id
        )
        .fetch_all(pool)
        .await?;
        let commitments = sqlx::query_file_as!(
            CommitmentDetail,
            "src/queries/listing_round_show_commitments.sql",
            round_id
        )
        .fetch_all(pool)
        .await?;
        let quotes = sqlx::query_file_as!(
            QuoteRow,
            "src/queries/listing_round_show_quotes.sql",
            round_id
        )
        .fetch_all(pool)
        .await?;
        let notes = sqlx::query_file_as!(
            NoteRow,
            "src/queries/listing_round_show_notes.sql",
            round_id
        )
        .fetch_all(pool)
        .await?;
        known::<RoundState>("round", round_id, "state", &r.state)?;
        known_opt::<RoundFormat>("round", round_id, "format", r.format.as_deref())?;
        known_opt::<Level>("round", round_id, "level", r.level.as_deref())?;
        let statuses = statuses
            .into_iter()
            .map(Claim::read)
            .collect::<Result<Vec<_>>>()?;
        let positions = positions
            .into_iter()
            .map(Claim::read)
            .collect::<Result<Vec<_>>>()?;
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
            recorded_at: instant(r.recorded_at)?,
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
            sqlx::query_file_as!(ItemListRow, "src/queries/listing_item_list.sql", process_id)
                .fetch_all(self.pool())
                .await?,
        )
    }

    /// Every status record of an item recorded by `as_of` (now when `None`), as
    /// [`parley_core::storage::Database::item_records`] reads them.
    pub async fn item_records(
        &self,
        process_id: i64,
        item: &str,
        as_of: Option<Instant>,
    ) -> Result<Vec<ItemRecordRow>> {
        let numbers: HashMap<i64, i64> = match as_of {
            // The rounds of the process as they stand now, with their numbers.
            None => sqlx::query!(
                "SELECT round_id, number FROM round_order WHERE process_id = $1",
                process_id
            )
            .fetch_all(self.pool())
            .await?
            .into_iter()
            .map(|r| (r.round_id, r.number))
            .collect(),
            Some(as_of) => sqlx::query_file!(
                "src/queries/listing_round_numbers.sql",
                process_id,
                as_of.to_datetime()
            )
            .fetch_all(self.pool())
            .await?
            .into_iter()
            .map(|r| (r.round_id, r.number))
            .collect(),
        };
        let as_of = as_of.unwrap_or(Instant::END_OF_TIME);
        let rows = sqlx::query_file_as!(
            Record,
            "src/queries/listing_item_records.sql",
            process_id,
            item,
            as_of.to_datetime()
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
                recorded_at: instant(r.recorded_at)?,
                retracted: r.retracted,
            });
        }
        Ok(records)
    }

    pub async fn list_parties(&self) -> Result<Vec<PartyListRow>> {
        Ok(
            sqlx::query_file_as!(PartyListRow, "src/queries/listing_parties.sql")
                .fetch_all(self.pool())
                .await?,
        )
    }

    pub async fn list_sources(&self) -> Result<Vec<SourceListRow>> {
        Ok(
            sqlx::query_file_as!(SourceListRow, "src/queries/listing_sources.sql")
                .fetch_all(self.pool())
                .await?,
        )
    }
}
