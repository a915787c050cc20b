//! Commitments on the server: read with their parties, latest fate and citations;
//! inserted in batches; amended in place.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use sqlx::PgConnection;

use super::{PgKind, retracted};
use parley_core::domain::PartialDate;
use parley_core::domain::model::Commitment;
use parley_core::error::{Error, Result};
use parley_core::storage::import::ids::Ids;
use parley_core::storage::import::kinds::{StagedClaim, citations, given, known};
use parley_core::storage::plan::*;

impl PgKind for Commitments {
    async fn read(conn: &mut PgConnection, round_id: i64) -> Result<Holdings<Self>> {
        let rows = sqlx::query!(
            r#"SELECT c.commitment_id, c.slug, i.slug AS "item?", c.kind, c.description,
                      c.due_date,
                      COALESCE((SELECT json_agg(p.slug ORDER BY cp.commitment_party_id)
                                FROM commitment_party cp JOIN party p ON p.party_id = cp.party_id
                                WHERE cp.commitment_id = c.commitment_id), '[]')::text
                          AS "parties!",
                      f.fate AS "fate?", f.note AS "fate_note?",
                      COALESCE((SELECT json_agg(json_build_array(s.slug, ci.credibility)
                                                ORDER BY ci.citation_id)
                                FROM citation ci JOIN source s ON s.source_id = ci.source_id
                                WHERE ci.commitment_id = c.commitment_id), '[]')::text
                          AS "cited!",
                      x.reason AS "reason?", x.recorded_at AS "retracted_at?"
               FROM commitment c
               LEFT JOIN agenda_item i ON i.agenda_item_id = c.agenda_item_id
               LEFT JOIN retraction x ON x.commitment_id = c.commitment_id
               LEFT JOIN commitment_fate f ON f.commitment_fate_id =
                   (SELECT commitment_fate_id FROM commitment_fate
                    WHERE commitment_id = c.commitment_id
                    ORDER BY recorded_at DESC, commitment_fate_id DESC LIMIT 1)
               WHERE c.round_id = $1"#,
            round_id
        )
        .fetch_all(&mut *conn)
        .await?;
        let mut held = HashMap::new();
        for r in rows {
            let id = r.commitment_id;
            let fate = match r.fate {
                Some(fate) => Some(HeldFate {
                    fate: known("commitment_fate", id, "fate", &fate)?,
                    note: r.fate_note,
                }),
                None => None,
            };
            let parties: Vec<String> = serde_json::from_str(&r.parties).map_err(|e| {
                Error::Unreadable(format!("commitment {id}'s parties that do not read: {e}"))
            })?;
            let due_date = (r.due_date.as_deref())
                .map(|d| known("commitment", id, "due_date", d))
                .transpose()?;
            held.insert(
                r.slug,
                HeldCommitment {
                    row: Row::Held(id),
                    item: r.item,
                    kind: known("commitment", id, "kind", &r.kind)?,
                    description: r.description,
                    due_date,
                    parties,
                    fate,
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
        let item = |r: &StagedClaim<'_, Self>| given(&r.claim.item).map(|i| ids.item(r.process, i));
        sqlx::query!(
            "INSERT INTO commitment (commitment_id, round_id, agenda_item_id, slug, kind,
                                     description, due_date, recorded_at)
             SELECT u.*, $8::timestamptz
             FROM UNNEST($1::bigint[], $2::bigint[], $3::bigint[], $4::text[], $5::text[],
                         $6::text[], $7::text[]) AS u",
            &rows.iter().map(|r| r.id).collect::<Vec<_>>(),
            &rows.iter().map(|r| r.round_id).collect::<Vec<_>>(),
            &rows.iter().map(item).collect::<Vec<_>>() as &[Option<i64>],
            &rows
                .iter()
                .map(|r| r.claim.slug.as_str())
                .collect::<Vec<_>>() as &[&str],
            &(rows.iter())
                .map(|r| r.claim.kind.map(|k| k.as_str()))
                .collect::<Vec<_>>() as &[Option<&str>],
            &(rows.iter())
                .map(|r| r.claim.description.as_deref())
                .collect::<Vec<_>>() as &[Option<&str>],
            &(rows.iter())
                .map(|r| given(&r.claim.due_date).map(PartialDate::to_string))
                .collect::<Vec<_>>() as &[Option<String>],
            at
        )
        .execute(&mut *conn)
        .await?;
        Ok(())
    }

    async fn amend(
        conn: &mut PgConnection,
        id: i64,
        c: &Commitment,
        (process, ids): (&str, &Ids),
        at: DateTime<Utc>,
    ) -> Result<()> {
        sqlx::query!(
            "UPDATE commitment SET agenda_item_id = $2, kind = $3, description = $4,
                                   due_date = $5, recorded_at = $6
             WHERE commitment_id = $1",
            id,
            given(&c.item).map(|i| ids.item(process, i)),
            c.kind.map(|k| k.as_str()),
            c.description.as_deref(),
            given(&c.due_date).map(PartialDate::to_string),
            at
        )
        .execute(&mut *conn)
        .await?;
        Ok(())
    }
}
