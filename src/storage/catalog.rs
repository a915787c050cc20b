//! The names the database knows, for resolving what analysts type.

use std::collections::BTreeMap;

use super::Database;
use crate::domain::names::{Catalog, Catalogs};
use crate::error::Result;

impl Database {
    /// Every process, with the name it answers to: all that a command which only
    /// picks a process needs to read.
    pub async fn process_catalog(&self) -> Result<Catalog> {
        let mut processes = Catalogs::default().processes;
        for p in sqlx::query!("SELECT slug, name FROM process ORDER BY process_id")
            .fetch_all(self.pool())
            .await?
        {
            processes.insert(&p.slug, [p.name]);
        }
        Ok(processes)
    }

    /// Every process, party, source, agenda item and round, with the names each
    /// answers to.
    pub async fn catalogs(&self) -> Result<Catalogs> {
        let mut catalogs = Catalogs {
            processes: self.process_catalog().await?,
            ..Catalogs::default()
        };
        let pool = self.pool();

        let aliases = sqlx::query!(
            "SELECT p.slug, a.alias FROM party_alias a JOIN party p ON p.party_id = a.party_id"
        )
        .fetch_all(pool)
        .await?;
        let mut alias_map: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for a in aliases {
            alias_map.entry(a.slug).or_default().push(a.alias);
        }
        for p in sqlx::query!("SELECT slug, name, short_code FROM party ORDER BY party_id")
            .fetch_all(pool)
            .await?
        {
            let names = std::iter::once(p.name)
                .chain(p.short_code)
                .chain(alias_map.remove(&p.slug).unwrap_or_default());
            catalogs.parties.insert(&p.slug, names);
        }

        for slug in sqlx::query_scalar!("SELECT slug FROM source ORDER BY source_id")
            .fetch_all(pool)
            .await?
        {
            catalogs.sources.insert(&slug, std::iter::empty::<String>());
        }

        for i in sqlx::query!(
            r#"SELECT p.slug AS process, i.slug, i.title, parent.slug AS "parent?"
               FROM agenda_item i JOIN process p ON p.process_id = i.process_id
               LEFT JOIN agenda_item parent ON parent.agenda_item_id = i.parent_agenda_item_id
               ORDER BY i.agenda_item_id"#
        )
        .fetch_all(pool)
        .await?
        {
            catalogs.items_of(&i.process).insert(&i.slug, [i.title]);
            if let Some(parent) = i.parent {
                catalogs.parents_of(&i.process).insert(i.slug, parent);
            }
        }

        for r in sqlx::query!(
            "SELECT p.slug AS process, r.slug, r.title
             FROM round r JOIN process p ON p.process_id = r.process_id
             ORDER BY r.round_id"
        )
        .fetch_all(pool)
        .await?
        {
            catalogs.rounds_of(&r.process).insert(&r.slug, [r.title]);
        }
        Ok(catalogs)
    }
}
