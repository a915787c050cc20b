//! Status records and positions on the server: read in force, inserted in batches.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use sqlx::PgConnection;

use super::{PgKind, confidence, retracted};
use parley_core::error::Result;
use parley_core::storage::import::ids::Ids;
use parley_core::storage::import::kinds::{StagedClaim, citations, given, supersedes};
use parley_core::storage::plan::*;

impl PgKind for Statuses {
    async fn read(conn: &mut PgConnection, round_id: i64) -> Result<Holdings<Self>> {
        let rows = sqlx::query!(
            r#"SELECT sr.status_record_id, i.slug AS item, sr.status, sr.note, sr.confidence,
                      COALESCE((SELECT json_agg(json_build_array(s.slug, c.credibility)
                                                ORDER BY c.citation_id)
                                FROM citation c JOIN source s ON s.source_id = c.source_id
                                WHERE c.status_record_id = sr.status_record_id), '[]')::text
                          AS "cited!",
                      x.reason AS "reason?", x.recorded_at AS "retracted_at?"
               FROM status_record sr JOIN agenda_item i ON i.agenda_item_id = sr.agenda_item_id
               LEFT JOIN retraction x ON x.status_record_id = sr.status_record_id
               WHERE sr.round_id = $1
                 AND NOT EXISTS (SELECT 1 FROM status_record n
                                 WHERE n.supersedes_status_record_id = sr.status_record_id)"#,
            round_id
        )
        .fetch_all(&mut *conn)
        .await?;
        let mut held = HashMap::new();
        for r in rows {
            held.insert(
                r.item,
                HeldClaim {
                    row: Row::Held(r.status_record_id),
                    value: r.status,
                    note: r.note,
                    confidence: confidence(r.confidence)?,
                    citations: citations(&r.cited)?,
                    retraction: retracted(r.reason, r.retracted_at)?,
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
            "INSERT INTO status_record (status_record_id, agenda_item_id, round_id, status, note,
                                        confidence, supersedes_status_record_id, recorded_at)
             SELECT u.*, $8::timestamptz
             FROM UNNEST($1::bigint[], $2::bigint[], $3::bigint[], $4::text[], $5::text[],
                         $6::bigint[], $7::bigint[]) AS u",
            &rows.iter().map(|r| r.id).collect::<Vec<_>>(),
            &(rows.iter())
                .map(|r| ids.item(r.process, &r.claim.item))
                .collect::<Vec<_>>(),
            &rows.iter().map(|r| r.round_id).collect::<Vec<_>>(),
            &rows
                .iter()
                .map(|r| r.claim.status.as_str())
                .collect::<Vec<_>>() as &[&str],
            &(rows.iter())
                .map(|r| given(&r.claim.note).map(String::as_str))
                .collect::<Vec<_>>() as &[Option<&str>],
            &(rows.iter())
                .map(|r| given(&r.claim.confidence).map(|c| c.grade()))
                .collect::<Vec<_>>() as &[Option<i64>],
            &rows
                .iter()
                .map(|r| supersedes(r.action))
                .collect::<Vec<_>>() as &[Option<i64>],
            at
        )
        .execute(&mut *conn)
        .await?;
        Ok(())
    }
}

impl PgKind for Positions {
    async fn read(conn: &mut PgConnection, round_id: i64) -> Result<Holdings<Self>> {
        let rows = sqlx::query!(
            r#"SELECT p.position_id, pa.slug AS party, i.slug AS item, p.stance, p.note,
                      COALESCE((SELECT json_agg(json_build_array(s.slug, c.credibility)
                                                ORDER BY c.citation_id)
                                FROM citation c JOIN source s ON s.source_id = c.source_id
                                WHERE c.position_id = p.position_id), '[]')::text AS "cited!",
                      x.reason AS "reason?", x.recorded_at AS "retracted_at?"
               FROM position p
               JOIN party pa ON pa.party_id = p.party_id
               JOIN agenda_item i ON i.agenda_item_id = p.agenda_item_id
               LEFT JOIN retraction x ON x.position_id = p.position_id
               WHERE p.round_id = $1
                 AND NOT EXISTS (SELECT 1 FROM position n
                                 WHERE n.supersedes_position_id = p.position_id)"#,
            round_id
        )
        .fetch_all(&mut *conn)
        .await?;
        let mut held = HashMap::new();
        for r in rows {
            held.insert(
                (r.party, r.item),
                HeldClaim {
                    row: Row::Held(r.position_id),
                    value: r.stance,
                    note: r.note,
                    confidence: None,
                    citations: citations(&r.cited)?,
                    retraction: retracted(r.reason, r.retracted_at)?,
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
            "INSERT INTO position (position_id, party_id, agenda_item_id, round_id, stance, note,
                                   supersedes_position_id, recorded_at)
             SELECT u.*, $8::timestamptz
             FROM UNNEST($1::bigint[], $2::bigint[], $3::bigint[], $4::bigint[], $5::text[],
                         $6::text[], $7::bigint[]) AS u",
            &rows.iter().map(|r| r.id).collect::<Vec<_>>(),
            &rows
                .iter()
                .map(|r| ids.parties[&r.claim.party])
                .collect::<Vec<_>>(),
            &(rows.iter())
                .map(|r| ids.item(r.process, &r.claim.item))
                .collect::<Vec<_>>(),
            &rows.iter().map(|r| r.round_id).collect::<Vec<_>>(),
            &rows
                .iter()
                .map(|r| r.claim.stance.as_str())
                .collect::<Vec<_>>() as &[&str],
            &(rows.iter())
                .map(|r| given(&r.claim.note).map(String::as_str))
                .collect::<Vec<_>>() as &[Option<&str>],
            &rows
                .iter()
                .map(|r| supersedes(r.action))
                .collect::<Vec<_>>() as &[Option<i64>],
            at
        )
        .execute(&mut *conn)
        .await?;
        Ok(())
    }
}
