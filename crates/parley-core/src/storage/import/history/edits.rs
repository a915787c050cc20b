//! The edit-history tables' rows of the parties, sources and items, written as the
//! file carries them (a round's participants' are in `rows.rs`, with the round).

use sqlx::SqliteConnection;

use super::rows::{PROCESS_ID, Rows};
use crate::domain::history::*;
use crate::error::Result;
use crate::storage::import::staged::insert_rows;

/// Writes the edit-history rows of the parties, sources and items: each row
/// names its entry by the entry's row id (its place in the file); a removed
/// alias names an id after every alias the party goes by now (`aliases`).
pub(super) async fn write(
    rows: &Rows,
    conn: &mut SqliteConnection,
    aliases: i64,
    stamps: &Stamps,
) -> Result<()> {
    let parties: Vec<(i64, &PartyVersion)> = of(&stamps.party_versions);
    insert_rows(
        conn,
        "INSERT INTO party_history (party_id, slug, name, short_code, kind, recorded_at, \
         replaced_at) ",
        7,
        &parties,
        |b, (id, v)| {
            b.push_bind(*id)
                .push_bind(v.slug.clone())
                .push_bind(v.name.clone())
                .push_bind(v.short_code.clone())
                .push_bind(v.kind.clone())
                .push_bind(v.recorded_at.clone())
                .push_bind(v.replaced_at.clone());
        },
    )
    .await?;
    let removed: Vec<(i64, &RemovedAlias)> = of(&stamps.removed_aliases);
    let removed: Vec<(i64, i64, &RemovedAlias)> = (aliases + 1..)
        .zip(removed)
        .map(|(alias_id, (party_id, v))| (alias_id, party_id, v))
        .collect();
    insert_rows(
        conn,
        "INSERT INTO party_alias_history (party_alias_id, party_id, alias, recorded_at, \
         removed_at) ",
        5,
        &removed,
        |b, (alias_id, party_id, v)| {
            b.push_bind(*alias_id)
                .push_bind(*party_id)
                .push_bind(v.alias.clone())
                .push_bind(v.recorded_at.clone())
                .push_bind(v.removed_at.clone());
        },
    )
    .await?;
    let sources: Vec<(i64, &SourceVersion)> = of(&stamps.source_versions);
    insert_rows(
        conn,
        "INSERT INTO source_history (source_id, slug, outlet, title, url, published_on, \
         reliability, recorded_at, replaced_at) ",
        9,
        &sources,
        |b, (id, v)| {
            b.push_bind(*id)
                .push_bind(v.slug.clone())
                .push_bind(v.outlet.clone())
                .push_bind(v.title.clone())
                .push_bind(v.url.clone())
                .push_bind(v.published_on.clone())
                .push_bind(v.reliability.clone())
                .push_bind(v.recorded_at.clone())
                .push_bind(v.replaced_at.clone());
        },
    )
    .await?;
    let mut items = Vec::new();
    for (id, v) in of(&stamps.item_versions) {
        let parent = v.parent.as_deref().map(|p| rows.item(p)).transpose()?;
        items.push((id, parent, v));
    }
    insert_rows(
        conn,
        "INSERT INTO agenda_item_history (agenda_item_id, process_id, parent_agenda_item_id, \
         slug, title, description, recorded_at, replaced_at) ",
        8,
        &items,
        |b, (id, parent, v): &(i64, Option<i64>, &ItemVersion)| {
            b.push_bind(*id)
                .push_bind(PROCESS_ID)
                .push_bind(*parent)
                .push_bind(v.slug.clone())
                .push_bind(v.title.clone())
                .push_bind(v.description.clone())
                .push_bind(v.recorded_at.clone())
                .push_bind(v.replaced_at.clone());
        },
    )
    .await?;
    Ok(())
}

/// Each row of lists aligned with a kind of entry, with the entry's row id (its
/// place, from 1).
fn of<T>(lists: &[Vec<T>]) -> Vec<(i64, &T)> {
    lists
        .iter()
        .zip(1..)
        .flat_map(|(list, id)| list.iter().map(move |v| (id, v)))
        .collect()
}
