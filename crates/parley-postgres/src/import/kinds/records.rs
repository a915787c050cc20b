//! Status records and positions on the server: read in force, inserted in batches.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use sqlx::PgConnection;

use super::{PgKind, confidence, retracted};
use parley_core::error::Result;
use parley_core::storage::import::ids::Ids;
use parley_core::storage::import::kinds::{StagedClaim, citations, given, supersedes};
use parley_core::storage::plan::*;

const STATUSES: &str = "SELECT sr.status_record_id, i.slug, sr.status, sr.note, sr.confidence,
           COALESCE((SELECT json_agg(json_build_array(s.slug, c.credibility) ORDER BY c.citation_id)
                     FROM citation c JOIN source s ON s.source_id = c.source_id
                     WHERE c.status_record_id = sr.status_record_id), '[]')::text,
           x.reason, x.recorded_at
    FROM status_record sr JOIN agenda_item i ON i.agenda_item_id = sr.agenda_item_id
    LEFT JOIN retraction x ON x.status_record_id = sr.status_record_id
    WHERE sr.round_id = $1
      AND NOT EXISTS (SELECT 1 FROM status_record n
                      WHERE n.supersedes_status_record_id = sr.status_record_id)";
const INSERT_STATUSES: &str = "INSERT INTO status_record (status_record_id, agenda_item_id, round_id, status, note,
                                                          confidence, supersedes_status_record_id, recorded_at)
    SELECT u.*, $8::timestamptz
    FROM UNNEST($1::bigint[], $2::bigint[], $3::bigint[], $4::text[], $5::text[], $6::bigint[],
                $7::bigint[]) AS u";

type RecordRow = (
    i64,
    String,
    String,
    Option<String>,
    Option<i64>,
    String,
    Option<String>,
    Option<DateTime<Utc>>,
);

impl PgKind for Statuses {
    async fn read(conn: &mut PgConnection, round_id: i64) -> Result<Holdings<Self>> {
        let rows: Vec<RecordRow> = sqlx::query_as(STATUSES)
            .bind(round_id)
            .fetch_all(&mut *conn)
            .await?;
        let mut held = HashMap::new();
        for (id, item, status, note, grade, cited, reason, retracted_at) in rows {
            held.insert(
                item,
                HeldClaim {
                    row: Row::Held(id),
                    value: status,
                    note,
                    confidence: confidence(grade)?,
                    citations: citations(&cited)?,
                    retraction: retracted(reason, retracted_at)?,
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
        sqlx::query(INSERT_STATUSES)
            .bind(rows.iter().map(|r| r.id).collect::<Vec<_>>())
            .bind(
                (rows.iter())
                    .map(|r| ids.item(r.process, &r.claim.item))
                    .collect::<Vec<_>>(),
            )
            .bind(rows.iter().map(|r| r.round_id).collect::<Vec<_>>())
            .bind(
                rows.iter()
                    .map(|r| r.claim.status.as_str())
                    .collect::<Vec<_>>(),
            )
            .bind(
                (rows.iter())
                    .map(|r| given(&r.claim.note).map(String::as_str))
                    .collect::<Vec<_>>(),
            )
            .bind(
                (rows.iter())
                    .map(|r| given(&r.claim.confidence).map(|c| c.grade()))
                    .collect::<Vec<_>>(),
            )
            .bind(
                rows.iter()
                    .map(|r| supersedes(r.action))
                    .collect::<Vec<_>>(),
            )
            .bind(at)
            .execute(&mut *conn)
            .await?;
        Ok(())
    }
}

const POSITIONS: &str = "SELECT p.position_id, pa.slug, i.slug, p.stance, p.note,
           COALESCE((SELECT json_agg(json_build_array(s.slug, c.credibility) ORDER BY c.citation_id)
                     FROM citation c JOIN source s ON s.source_id = c.source_id
                     WHERE c.position_id = p.position_id), '[]')::text,
           x.reason, x.recorded_at
    FROM position p
    JOIN party pa ON pa.party_id = p.party_id
    JOIN agenda_item i ON i.agenda_item_id = p.agenda_item_id
    LEFT JOIN retraction x ON x.position_id = p.position_id
    WHERE p.round_id = $1
      AND NOT EXISTS (SELECT 1 FROM position n WHERE n.supersedes_position_id = p.position_id)";
const INSERT_POSITIONS: &str =
    "INSERT INTO position (position_id, party_id, agenda_item_id, round_id, stance, note,
                                                     supersedes_position_id, recorded_at)
    SELECT u.*, $8::timestamptz
    FROM UNNEST($1::bigint[], $2::bigint[], $3::bigint[], $4::bigint[], $5::text[], $6::text[],
                $7::bigint[]) AS u";

type PositionRow = (
    i64,
    String,
    String,
    String,
    Option<String>,
    String,
    Option<String>,
    Option<DateTime<Utc>>,
);

impl PgKind for Positions {
    async fn read(conn: &mut PgConnection, round_id: i64) -> Result<Holdings<Self>> {
        let rows: Vec<PositionRow> = sqlx::query_as(POSITIONS)
            .bind(round_id)
            .fetch_all(&mut *conn)
            .await?;
        let mut held = HashMap::new();
        for (id, party, item, stance, note, cited, reason, retracted_at) in rows {
            held.insert(
                (party, item),
                HeldClaim {
                    row: Row::Held(id),
                    value: stance,
                    note,
                    confidence: None,
                    citations: citations(&cited)?,
                    retraction: retracted(reason, retracted_at)?,
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
        sqlx::query(INSERT_POSITIONS)
            .bind(rows.iter().map(|r| r.id).collect::<Vec<_>>())
            .bind(
                rows.iter()
                    .map(|r| ids.parties[&r.claim.party])
                    .collect::<Vec<_>>(),
            )
            .bind(
                (rows.iter())
                    .map(|r| ids.item(r.process, &r.claim.item))
                    .collect::<Vec<_>>(),
            )
            .bind(rows.iter().map(|r| r.round_id).collect::<Vec<_>>())
            .bind(
                rows.iter()
                    .map(|r| r.claim.stance.as_str())
                    .collect::<Vec<_>>(),
            )
            .bind(
                (rows.iter())
                    .map(|r| given(&r.claim.note).map(String::as_str))
                    .collect::<Vec<_>>(),
            )
            .bind(
                rows.iter()
                    .map(|r| supersedes(r.action))
                    .collect::<Vec<_>>(),
            )
            .bind(at)
            .execute(&mut *conn)
            .await?;
        Ok(())
    }
}
