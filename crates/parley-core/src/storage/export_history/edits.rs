//! The earlier versions a history export carries: those of the head's sources,
//! parties (and their removed aliases) and items, and those of rounds and their
//! participants, read by round id (a run of rounds in force, or the retracted ones).

use std::collections::HashMap;

use sqlx::SqliteConnection;

use crate::domain::history::*;
use crate::error::Result;

/// The edit-history tables' rows of the head, each aligned with the entries
/// [`export_head`] reads (sources, parties, items, in row-id order).
pub(super) struct EditHistory {
    pub(super) sources: Vec<Vec<SourceVersion>>,
    pub(super) parties: Vec<Vec<PartyVersion>>,
    pub(super) removed_aliases: Vec<Vec<RemovedAlias>>,
    pub(super) items: Vec<Vec<ItemVersion>>,
}

/// Rows grouped by the row id they belong to, then laid out in the order of `ids`.
fn aligned<T>(ids: &[i64], rows: impl IntoIterator<Item = (i64, T)>) -> Vec<Vec<T>> {
    let mut by_id: HashMap<i64, Vec<T>> = HashMap::new();
    for (id, row) in rows {
        by_id.entry(id).or_default().push(row);
    }
    ids.iter()
        .map(|id| by_id.remove(id).unwrap_or_default())
        .collect()
}

pub(super) async fn edit_history(
    conn: &mut SqliteConnection,
    process_id: i64,
) -> Result<EditHistory> {
    let source_ids = sqlx::query_scalar!("SELECT source_id FROM source ORDER BY source_id")
        .fetch_all(&mut *conn)
        .await?;
    let party_ids = sqlx::query_scalar!(r#"SELECT party_id AS "id!" FROM party ORDER BY party_id"#)
        .fetch_all(&mut *conn)
        .await?;
    let item_ids = sqlx::query_scalar!(
        "SELECT agenda_item_id FROM agenda_item WHERE process_id = ?1 ORDER BY agenda_item_id",
        process_id
    )
    .fetch_all(&mut *conn)
    .await?;
    let sources = sqlx::query!(
        "SELECT source_id, slug, outlet, title, url, published_on, reliability, recorded_at, replaced_at
         FROM source_history ORDER BY source_history_id"
    )
    .fetch_all(&mut *conn)
    .await?
    .into_iter()
    .map(|h| {
        (
            h.source_id,
            SourceVersion {
                slug: h.slug,
                outlet: h.outlet,
                title: h.title,
                url: h.url,
                published_on: h.published_on,
                reliability: h.reliability,
                recorded_at: h.recorded_at,
                replaced_at: h.replaced_at,
            },
        )
    });
    let sources = aligned(&source_ids, sources);
    let parties = sqlx::query!(
        "SELECT party_id, slug, name, short_code, kind, recorded_at, replaced_at
         FROM party_history ORDER BY party_history_id"
    )
    .fetch_all(&mut *conn)
    .await?
    .into_iter()
    .map(|h| {
        (
            h.party_id,
            PartyVersion {
                slug: h.slug,
                name: h.name,
                short_code: h.short_code,
                kind: h.kind,
                recorded_at: h.recorded_at,
                replaced_at: h.replaced_at,
            },
        )
    });
    let parties = aligned(&party_ids, parties);
    let removed = sqlx::query!(
        "SELECT party_id, alias, recorded_at, removed_at
         FROM party_alias_history ORDER BY party_alias_history_id"
    )
    .fetch_all(&mut *conn)
    .await?
    .into_iter()
    .map(|h| {
        (
            h.party_id,
            RemovedAlias {
                alias: h.alias,
                recorded_at: h.recorded_at,
                removed_at: h.removed_at,
            },
        )
    });
    let removed_aliases = aligned(&party_ids, removed);
    let items = sqlx::query!(
        r#"SELECT h.agenda_item_id, h.slug, p.slug AS "parent?", h.title, h.description,
                  h.recorded_at, h.replaced_at
           FROM agenda_item_history h
           JOIN agenda_item i ON i.agenda_item_id = h.agenda_item_id
           LEFT JOIN agenda_item p ON p.agenda_item_id = h.parent_agenda_item_id
           WHERE i.process_id = ?1
           ORDER BY h.agenda_item_history_id"#,
        process_id
    )
    .fetch_all(&mut *conn)
    .await?
    .into_iter()
    .map(|h| {
        (
            h.agenda_item_id,
            ItemVersion {
                slug: h.slug,
                parent: h.parent,
                title: h.title,
                description: h.description,
                recorded_at: h.recorded_at,
                replaced_at: h.replaced_at,
            },
        )
    });
    let items = aligned(&item_ids, items);
    Ok(EditHistory {
        sources,
        parties,
        removed_aliases,
        items,
    })
}

/// The participants' earlier versions and withdrawals of the rounds whose ids `ids`
/// lists (a JSON array), in the order written, by round.
pub(super) async fn participant_versions_of(
    conn: &mut SqliteConnection,
    ids: &str,
) -> Result<HashMap<i64, Vec<ParticipantVersion>>> {
    let mut versions: HashMap<i64, Vec<ParticipantVersion>> = HashMap::new();
    for h in sqlx::query!(
        "SELECT h.round_id, pa.slug AS party, h.role, h.note, h.recorded_at, h.replaced_at, h.withdrawn
         FROM round_party_history h JOIN party pa ON pa.party_id = h.party_id
         WHERE h.round_id IN (SELECT value FROM json_each(?1))
         ORDER BY h.round_party_history_id",
        ids
    )
    .fetch_all(&mut *conn)
    .await?
    {
        versions.entry(h.round_id).or_default().push(ParticipantVersion {
            party: h.party,
            role: h.role,
            note: h.note,
            recorded_at: h.recorded_at,
            replaced_at: h.replaced_at,
            withdrawn: h.withdrawn != 0,
        });
    }
    Ok(versions)
}

/// The earlier versions of the rounds whose ids `ids` lists (a JSON array), oldest
/// first, by round.
pub(super) async fn round_versions_of(
    conn: &mut SqliteConnection,
    ids: &str,
) -> Result<HashMap<i64, Vec<RoundVersion>>> {
    let mut versions: HashMap<i64, Vec<RoundVersion>> = HashMap::new();
    for h in sqlx::query!(
        "SELECT h.round_id, h.slug, h.title, h.start_date, h.end_date, h.location, h.format, h.level,
                h.state, h.tone, h.summary, h.recorded_at, h.replaced_at
         FROM round_history h
         WHERE h.round_id IN (SELECT value FROM json_each(?1))
         ORDER BY h.round_history_id",
        ids
    )
    .fetch_all(&mut *conn)
    .await?
    {
        versions.entry(h.round_id).or_default().push(RoundVersion {
            slug: h.slug,
            title: h.title,
            start_date: h.start_date,
            end_date: h.end_date,
            location: h.location,
            format: h.format,
            level: h.level,
            state: h.state,
            tone: h.tone,
            summary: h.summary,
            recorded_at: h.recorded_at,
            replaced_at: h.replaced_at,
        });
    }
    Ok(versions)
}
