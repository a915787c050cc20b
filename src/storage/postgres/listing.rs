//! The listing reads on a server: [`crate::storage::listing`]'s methods, method for
//! method, returning the same rows for the same timeline. Each statement is the
//! SQLite one's meaning in PostgreSQL's words (queries/listing_*.sql): aggregates in
//! the order SQLite's indexes hand the rows over, text ordered bytewise, counts as
//! bigint.

use std::collections::HashMap;

use chrono::{DateTime, Utc};

use super::Server;
use crate::domain::{Instant, Level, RoundFormat, RoundState, Stance, Status};
use crate::error::{Error, Result};
use crate::storage::listing::{
    ClaimRow, CommitmentDetail, ItemListRow, ItemRecordRow, NoteRow, ParticipantRow, PartyListRow,
    QuoteRow, RoundDetail, RoundListRow, SourceCitation, SourceListRow,
};
use crate::storage::unreadable::{known, known_opt};

/// A timestamptz as Parley's [`Instant`] (in UTC), refused past the years 0000–9999
/// as an instant read from a file is.
pub(super) fn instant(at: DateTime<Utc>) -> Result<Instant> {
    Instant::new(at).map_err(|e| Error::Unreadable(e.to_string()))
}

/// The rounds of a process as they stand now, with their numbers.
const ROUND_NUMBERS_NOW: &str = "SELECT round_id, number FROM round_order WHERE process_id = $1";

/// A row of listing_round_show_statuses.sql or _positions.sql.
type ClaimTuple = (
    i64,
    Option<String>,
    String,
    String,
    Option<String>,
    Option<i64>,
    DateTime<Utc>,
    bool,
    bool,
    Option<String>,
    Option<String>,
);

fn claim(row: ClaimTuple) -> Result<ClaimRow> {
    let (
        id,
        party,
        item,
        value,
        note,
        confidence,
        recorded_at,
        corrects,
        superseded,
        sources,
        retracted,
    ) = row;
    Ok(ClaimRow {
        id,
        party,
        item,
        value,
        note,
        confidence,
        recorded_at: instant(recorded_at)?,
        corrects,
        superseded,
        sources,
        retracted,
    })
}

impl Server {
    /// A process's rounds in number order, each with its participants and its count of
    /// statuses.
    pub async fn list_rounds(&self, process_id: i64) -> Result<Vec<RoundListRow>> {
        type Row = (
            i64,
            String,
            String,
            Option<String>,
            Option<String>,
            Option<String>,
            Option<String>,
            Option<String>,
            String,
            Option<String>,
            i64,
        );
        let rows: Vec<Row> = sqlx::query_as(include_str!("queries/listing_round_list.sql"))
            .bind(process_id)
            .fetch_all(self.pool())
            .await?;
        Ok(rows
            .into_iter()
            .map(
                |(
                    number,
                    round,
                    title,
                    date,
                    end_date,
                    location,
                    format,
                    level,
                    state,
                    parties,
                    statuses,
                )| {
                    RoundListRow {
                        number,
                        round,
                        title,
                        date,
                        end_date,
                        location,
                        format,
                        level,
                        state,
                        parties,
                        statuses,
                    }
                },
            )
            .collect())
    }

    /// Everything on one round; retracted claims only when `retracted` is true.
    pub async fn round_detail(&self, round_id: i64, retracted: bool) -> Result<RoundDetail> {
        let pool = self.pool();
        type Head = (
            i64,
            String,
            String,
            String,
            Option<String>,
            Option<String>,
            Option<String>,
            Option<String>,
            Option<String>,
            String,
            Option<String>,
            Option<String>,
            DateTime<Utc>,
        );
        let (
            number,
            slug,
            process,
            title,
            date,
            end_date,
            location,
            format,
            level,
            state,
            tone,
            summary,
            recorded_at,
        ): Head = sqlx::query_as(include_str!("queries/listing_round_show.sql"))
            .bind(round_id)
            .fetch_one(pool)
            .await?;
        type Source = (
            String,
            String,
            Option<String>,
            Option<String>,
            Option<String>,
            Option<i64>,
        );
        let sources: Vec<Source> =
            sqlx::query_as(include_str!("queries/listing_round_show_sources.sql"))
                .bind(round_id)
                .fetch_all(pool)
                .await?;
        type Participant = (
            String,
            String,
            String,
            Option<String>,
            Option<String>,
            Option<String>,
        );
        let participants: Vec<Participant> =
            sqlx::query_as(include_str!("queries/listing_round_show_participants.sql"))
                .bind(round_id)
                .fetch_all(pool)
                .await?;
        let statuses: Vec<ClaimTuple> =
            sqlx::query_as(include_str!("queries/listing_round_show_statuses.sql"))
                .bind(round_id)
                .fetch_all(pool)
                .await?;
        let positions: Vec<ClaimTuple> =
            sqlx::query_as(include_str!("queries/listing_round_show_positions.sql"))
                .bind(round_id)
                .fetch_all(pool)
                .await?;
        type Commitment = (
            String,
            Option<String>,
            String,
            String,
            Option<String>,
            Option<String>,
            String,
            Option<String>,
        );
        let commitments: Vec<Commitment> =
            sqlx::query_as(include_str!("queries/listing_round_show_commitments.sql"))
                .bind(round_id)
                .fetch_all(pool)
                .await?;
        type Quote = (
            i64,
            String,
            Option<String>,
            Option<String>,
            String,
            Option<String>,
        );
        let quotes: Vec<Quote> =
            sqlx::query_as(include_str!("queries/listing_round_show_quotes.sql"))
                .bind(round_id)
                .fetch_all(pool)
                .await?;
        type Note = (i64, String, String, Option<String>);
        let notes: Vec<Note> = sqlx::query_as(include_str!("queries/listing_round_show_notes.sql"))
            .bind(round_id)
            .fetch_all(pool)
            .await?;

        known::<RoundState>("round", round_id, "state", &state)?;
        known_opt::<RoundFormat>("round", round_id, "format", format.as_deref())?;
        known_opt::<Level>("round", round_id, "level", level.as_deref())?;
        let mut statuses = statuses
            .into_iter()
            .map(claim)
            .collect::<Result<Vec<_>>>()?;
        let mut positions = positions
            .into_iter()
            .map(claim)
            .collect::<Result<Vec<_>>>()?;
        for s in &statuses {
            known::<Status>("status_record", s.id, "status", &s.value)?;
        }
        for p in &positions {
            known::<Stance>("position", p.id, "stance", &p.value)?;
        }
        let mut commitments: Vec<CommitmentDetail> = commitments
            .into_iter()
            .map(
                |(commitment, item, kind, description, due_date, parties, fate, retracted)| {
                    CommitmentDetail {
                        commitment,
                        item,
                        kind,
                        description,
                        due_date,
                        parties,
                        fate,
                        retracted,
                    }
                },
            )
            .collect();
        let mut quotes: Vec<QuoteRow> = quotes
            .into_iter()
            .map(|(id, speaker, party, item, text, retracted)| QuoteRow {
                id,
                speaker,
                party,
                item,
                text,
                retracted,
            })
            .collect();
        let mut notes: Vec<NoteRow> = notes
            .into_iter()
            .map(|(id, kind, body, retracted)| NoteRow {
                id,
                kind,
                body,
                retracted,
            })
            .collect();
        if !retracted {
            statuses.retain(|c| c.retracted.is_none());
            positions.retain(|c| c.retracted.is_none());
            commitments.retain(|c| c.retracted.is_none());
            quotes.retain(|q| q.retracted.is_none());
            notes.retain(|n| n.retracted.is_none());
        }
        Ok(RoundDetail {
            number,
            round: slug,
            process,
            title,
            date,
            end_date,
            location,
            format,
            level,
            state,
            tone,
            summary,
            recorded_at: instant(recorded_at)?,
            sources: sources
                .into_iter()
                .map(
                    |(source, outlet, title, url, reliability, credibility)| SourceCitation {
                        source,
                        outlet,
                        title,
                        url,
                        reliability,
                        credibility,
                    },
                )
                .collect(),
            participants: participants
                .into_iter()
                .map(
                    |(party, name, role, note, lead, lead_slug)| ParticipantRow {
                        party,
                        name,
                        role,
                        note,
                        lead,
                        lead_slug,
                    },
                )
                .collect(),
            statuses,
            positions,
            commitments,
            quotes,
            notes,
        })
    }

    pub async fn list_items(&self, process_id: i64) -> Result<Vec<ItemListRow>> {
        type Row = (
            String,
            String,
            Option<String>,
            Option<String>,
            Option<String>,
        );
        let rows: Vec<Row> = sqlx::query_as(include_str!("queries/listing_item_list.sql"))
            .bind(process_id)
            .fetch_all(self.pool())
            .await?;
        Ok(rows
            .into_iter()
            .map(|(item, title, parent, status, round)| ItemListRow {
                item,
                title,
                parent,
                status,
                round,
            })
            .collect())
    }

    /// Every status record of an item recorded by `as_of` (now when `None`), as
    /// [`crate::storage::Database::item_records`] reads them.
    pub async fn item_records(
        &self,
        process_id: i64,
        item: &str,
        as_of: Option<Instant>,
    ) -> Result<Vec<ItemRecordRow>> {
        let numbers: Vec<(i64, i64)> = match as_of {
            None => sqlx::query_as(ROUND_NUMBERS_NOW).bind(process_id),
            Some(as_of) => sqlx::query_as(include_str!("queries/listing_round_numbers.sql"))
                .bind(process_id)
                .bind(as_of.to_datetime()),
        }
        .fetch_all(self.pool())
        .await?;
        let numbers: HashMap<i64, i64> = numbers.into_iter().collect();
        let as_of = as_of.unwrap_or(Instant::END_OF_TIME);
        type Row = (
            i64,
            i64,
            String,
            Option<String>,
            String,
            bool,
            bool,
            Option<String>,
            Option<i64>,
            DateTime<Utc>,
            Option<String>,
        );
        let rows: Vec<Row> = sqlx::query_as(include_str!("queries/listing_item_records.sql"))
            .bind(process_id)
            .bind(item)
            .bind(as_of.to_datetime())
            .fetch_all(self.pool())
            .await?;
        let mut records = Vec::with_capacity(rows.len());
        for (
            id,
            round_id,
            round,
            round_date,
            status,
            in_force,
            correction,
            note,
            confidence,
            recorded_at,
            retracted,
        ) in rows
        {
            known::<Status>("status_record", id, "status", &status)?;
            records.push(ItemRecordRow {
                status_record_id: id,
                round_number: numbers.get(&round_id).copied().unwrap_or_default(),
                round,
                round_date,
                status,
                in_force: in_force && retracted.is_none(),
                correction,
                note,
                confidence,
                recorded_at: instant(recorded_at)?,
                retracted,
            });
        }
        Ok(records)
    }

    pub async fn list_parties(&self) -> Result<Vec<PartyListRow>> {
        type Row = (String, String, Option<String>, String, Option<String>);
        let rows: Vec<Row> = sqlx::query_as(include_str!("queries/listing_parties.sql"))
            .fetch_all(self.pool())
            .await?;
        Ok(rows
            .into_iter()
            .map(|(party, name, short_code, kind, aliases)| PartyListRow {
                party,
                name,
                short_code,
                kind,
                aliases,
            })
            .collect())
    }

    pub async fn list_sources(&self) -> Result<Vec<SourceListRow>> {
        type Row = (
            String,
            String,
            Option<String>,
            Option<String>,
            Option<String>,
            Option<String>,
            i64,
        );
        let rows: Vec<Row> = sqlx::query_as(include_str!("queries/listing_sources.sql"))
            .fetch_all(self.pool())
            .await?;
        Ok(rows
            .into_iter()
            .map(
                |(source, outlet, title, url, published_on, reliability, citations)| {
                    SourceListRow {
                        source,
                        outlet,
                        title,
                        url,
                        published_on,
                        reliability,
                        citations,
                    }
                },
            )
            .collect())
    }
}
