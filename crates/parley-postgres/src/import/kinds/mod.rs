//! Each kind of claim as the server stores it: the statement that reads the claims a
//! round holds in force, the one that inserts a batch of new ones (`UNNEST` of one
//! array per column), and, for the kinds amended in place, the UPDATE. The shared
//! path (planning, staging) is generic over [`PgKind`]; what differs per kind is here.
//! A claim's citations are read as one JSON array, as on SQLite, and parsed by the
//! same function. Status records and positions are in `records.rs`, commitments in
//! `commitments.rs`.

mod commitments;
mod records;

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use sqlx::PgConnection;

use super::write_log::instant;
use parley_core::domain::Credibility;
use parley_core::domain::model::{Citation, Participant};
use parley_core::error::{Error, Result};
use parley_core::storage::import::ids::Ids;
use parley_core::storage::import::kinds::{StagedClaim, StagedKind, citations, known, retraction};
use parley_core::storage::plan::*;

/// A kind of claim on the server.
pub(super) trait PgKind: StagedKind {
    /// The claims of this kind the round holds, in force.
    async fn read(conn: &mut PgConnection, round_id: i64) -> Result<Holdings<Self>>;

    /// Inserts new rows of this kind, with the ids they were given, in one statement.
    async fn insert(
        conn: &mut PgConnection,
        rows: &[StagedClaim<'_, Self>],
        ids: &Ids,
        at: DateTime<Utc>,
    ) -> Result<()>;

    /// Updates row `id` in place with the claim's values, for a kind the planner
    /// amends ([`Change::Amend`]).
    async fn amend(
        conn: &mut PgConnection,
        id: i64,
        claim: &Self::Claim,
        place: (&str, &Ids),
        at: DateTime<Utc>,
    ) -> Result<()> {
        let _ = (conn, id, claim, place, at);
        Err(Error::Conflict(format!(
            "the import planned to amend a claim of a kind that is never amended ({})",
            std::any::type_name::<Self>()
        )))
    }
}

/// A retraction's reason and instant, as a claim's query reads them.
pub(super) fn retracted(
    reason: Option<String>,
    at: Option<DateTime<Utc>>,
) -> Result<Option<Retraction>> {
    Ok(retraction(reason, at.map(instant).transpose()?))
}

pub(super) fn confidence(grade: Option<i64>) -> Result<Option<Credibility>> {
    grade
        .map(|g| Credibility::new(g).map_err(Error::Unreadable))
        .transpose()
}

impl PgKind for Participants {
    async fn read(conn: &mut PgConnection, round_id: i64) -> Result<Holdings<Self>> {
        let rows = sqlx::query!(
            r#"SELECT rp.round_party_id, p.slug AS party, rp.role, rp.note, pe.slug AS "lead?"
               FROM round_party rp JOIN party p ON p.party_id = rp.party_id
               LEFT JOIN person pe ON pe.person_id = rp.lead_person_id
               WHERE rp.round_id = $1"#,
            round_id
        )
        .fetch_all(&mut *conn)
        .await?;
        let mut held = HashMap::new();
        for r in rows {
            let id = r.round_party_id;
            let role = known("round_party", id, "role", &r.role)?;
            held.insert(
                r.party,
                HeldParticipant {
                    row: Row::Held(id),
                    role,
                    note: r.note,
                    lead: r.lead,
                },
            );
        }
        Ok(held)
    }

    async fn insert(
        conn: &mut PgConnection,
        rows: &[StagedClaim<'_, Self>],
        ids: &Ids,
        at: DateTime<Utc>,
    ) -> Result<()> {
        sqlx::query!(
            "INSERT INTO round_party (round_party_id, round_id, party_id, role, note,
                                      lead_person_id, recorded_at)
             SELECT u.*, $7::timestamptz
             FROM UNNEST($1::bigint[], $2::bigint[], $3::bigint[], $4::text[], $5::text[],
                         $6::bigint[]) AS u",
            &rows.iter().map(|r| r.id).collect::<Vec<_>>(),
            &rows.iter().map(|r| r.round_id).collect::<Vec<_>>(),
            &rows
                .iter()
                .map(|r| ids.parties[&r.claim.party])
                .collect::<Vec<_>>(),
            &rows
                .iter()
                .map(|r| r.claim.role.as_str())
                .collect::<Vec<_>>() as &[&str],
            &(rows.iter())
                .map(|r| r.claim.note.given().map(String::as_str))
                .collect::<Vec<_>>() as &[Option<&str>],
            &(rows.iter())
                .map(|r| r.claim.lead.as_ref().map(|l| ids.persons[l].0))
                .collect::<Vec<_>>() as &[Option<i64>],
            at
        )
        .execute(&mut *conn)
        .await?;
        Ok(())
    }

    async fn amend(
        conn: &mut PgConnection,
        id: i64,
        p: &Participant,
        (_, ids): (&str, &Ids),
        at: DateTime<Utc>,
    ) -> Result<()> {
        sqlx::query!(
            "UPDATE round_party SET role = $2, note = $3, lead_person_id = $4, recorded_at = $5
             WHERE round_party_id = $1",
            id,
            p.role.as_str(),
            p.note.given().map(String::as_str),
            p.lead.as_ref().map(|l| ids.persons[l].0),
            at
        )
        .execute(&mut *conn)
        .await?;
        Ok(())
    }
}

impl PgKind for Quotes {
    async fn read(conn: &mut PgConnection, round_id: i64) -> Result<Holdings<Self>> {
        let rows = sqlx::query!(
            r#"SELECT q.text, pe.slug AS "speaker?", q.speaker_name, q.speaker_description
               FROM quote q LEFT JOIN person pe ON pe.person_id = q.speaker_person_id
               WHERE q.round_id = $1"#,
            round_id
        )
        .fetch_all(&mut *conn)
        .await?;
        Ok(rows
            .into_iter()
            .map(|r| {
                let name = r.speaker_name.filter(|_| r.speaker.is_none());
                ((r.text, r.speaker, name, r.speaker_description), ())
            })
            .collect())
    }

    async fn insert(
        conn: &mut PgConnection,
        rows: &[StagedClaim<'_, Self>],
        ids: &Ids,
        at: DateTime<Utc>,
    ) -> Result<()> {
        // A person's quote holds their name as it is now, for readers of the table.
        let speaker = |r: &StagedClaim<'_, Self>| r.claim.speaker.as_ref().map(|p| &ids.persons[p]);
        sqlx::query!(
            "INSERT INTO quote (quote_id, round_id, party_id, agenda_item_id, speaker_person_id,
                                speaker_name, speaker_description, text, recorded_at)
             SELECT u.*, $9::timestamptz
             FROM UNNEST($1::bigint[], $2::bigint[], $3::bigint[], $4::bigint[], $5::bigint[],
                         $6::text[], $7::text[], $8::text[]) AS u",
            &rows.iter().map(|r| r.id).collect::<Vec<_>>(),
            &rows.iter().map(|r| r.round_id).collect::<Vec<_>>(),
            &(rows.iter())
                .map(|r| r.claim.party.as_ref().map(|p| ids.parties[p]))
                .collect::<Vec<_>>() as &[Option<i64>],
            &(rows.iter())
                .map(|r| r.claim.item.as_ref().map(|i| ids.item(r.process, i)))
                .collect::<Vec<_>>() as &[Option<i64>],
            &rows
                .iter()
                .map(|r| speaker(r).map(|(id, _)| *id))
                .collect::<Vec<_>>() as &[Option<i64>],
            &(rows.iter())
                .map(|r| speaker(r).map_or(r.claim.speaker_name.as_deref(), |(_, n)| Some(n)))
                .collect::<Vec<_>>() as &[Option<&str>],
            &(rows.iter())
                .map(|r| r.claim.speaker_description.as_deref())
                .collect::<Vec<_>>() as &[Option<&str>],
            &rows
                .iter()
                .map(|r| r.claim.text.as_str())
                .collect::<Vec<_>>() as &[&str],
            at
        )
        .execute(&mut *conn)
        .await?;
        Ok(())
    }
}

impl PgKind for Notes {
    async fn read(conn: &mut PgConnection, round_id: i64) -> Result<Holdings<Self>> {
        let rows = sqlx::query!(
            "SELECT round_note_id, kind, body FROM round_note WHERE round_id = $1",
            round_id
        )
        .fetch_all(&mut *conn)
        .await?;
        let mut held = HashMap::new();
        for r in rows {
            let kind = known("round_note", r.round_note_id, "kind", &r.kind)?;
            held.insert((kind, r.body), ());
        }
        Ok(held)
    }

    async fn insert(
        conn: &mut PgConnection,
        rows: &[StagedClaim<'_, Self>],
        _: &Ids,
        at: DateTime<Utc>,
    ) -> Result<()> {
        sqlx::query!(
            "INSERT INTO round_note (round_note_id, round_id, kind, body, recorded_at)
             SELECT u.*, $5::timestamptz
             FROM UNNEST($1::bigint[], $2::bigint[], $3::text[], $4::text[]) AS u",
            &rows.iter().map(|r| r.id).collect::<Vec<_>>(),
            &rows.iter().map(|r| r.round_id).collect::<Vec<_>>(),
            &rows
                .iter()
                .map(|r| r.claim.kind.as_str())
                .collect::<Vec<_>>() as &[&str],
            &rows
                .iter()
                .map(|r| r.claim.body.as_str())
                .collect::<Vec<_>>() as &[&str],
            at
        )
        .execute(&mut *conn)
        .await?;
        Ok(())
    }
}

/// The round's own citations, in the order written.
pub(super) async fn read_round_citations(
    conn: &mut PgConnection,
    round_id: i64,
) -> Result<Vec<Citation>> {
    let packed = sqlx::query_scalar!(
        r#"SELECT COALESCE(json_agg(json_build_array(s.slug, c.credibility)
                                    ORDER BY c.citation_id), '[]')::text AS "cited!"
           FROM citation c JOIN source s ON s.source_id = c.source_id
           WHERE c.round_id = $1"#,
        round_id
    )
    .fetch_one(&mut *conn)
    .await?;
    citations(&packed)
}
