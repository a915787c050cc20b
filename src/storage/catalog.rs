//! The names the database knows, for resolving what analysts type. A command reads
//! what it names: a slug (and a party's short code or alias) through its index; a
//! kind's every name only when a name is not one of those (parties and a process's
//! items are few), which also suggests the nearest on a name that is unknown. Only a
//! large import reads every name of every kind, once.

use std::collections::BTreeMap;

use super::Database;
use crate::domain::names::{Catalog, Catalogs, NamesUsed};
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

    /// Every party, with the names each answers to: name, short code and aliases.
    pub async fn party_catalog(&self) -> Result<Catalog> {
        let mut parties = Catalogs::default().parties;
        let aliases = sqlx::query!(
            "SELECT p.slug, a.alias FROM party_alias a JOIN party p ON p.party_id = a.party_id"
        )
        .fetch_all(self.pool())
        .await?;
        let mut alias_map: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for a in aliases {
            alias_map.entry(a.slug).or_default().push(a.alias);
        }
        for p in sqlx::query!("SELECT slug, name, short_code FROM party ORDER BY party_id")
            .fetch_all(self.pool())
            .await?
        {
            let names = std::iter::once(p.name)
                .chain(p.short_code)
                .chain(alias_map.remove(&p.slug).unwrap_or_default());
            parties.insert(&p.slug, names);
        }
        Ok(parties)
    }

    /// The party a name is the slug, short code or alias of (the last two regardless
    /// of ASCII case, as their columns compare), each through its index; `None` when
    /// it is none of those.
    pub async fn party_by_index(&self, name: &str) -> Result<Option<String>> {
        let slugs = sqlx::query_scalar!(
            r#"SELECT slug AS "slug!" FROM party WHERE slug = ?1
               UNION SELECT slug FROM party WHERE short_code = ?1
               UNION SELECT p.slug FROM party_alias a JOIN party p ON p.party_id = a.party_id
                     WHERE a.alias = ?1"#,
            name
        )
        .fetch_all(self.pool())
        .await?;
        // Names answer for one party; two would be ambiguous, which the catalog says.
        Ok(match <[String; 1]>::try_from(slugs) {
            Ok([slug]) => Some(slug),
            Err(_) => None,
        })
    }

    /// A process's agenda items, with the titles they answer to.
    pub async fn item_catalog(&self, process_id: i64) -> Result<Catalog> {
        let mut items = Catalog::new("agenda item");
        for i in sqlx::query!(
            "SELECT slug, title FROM agenda_item WHERE process_id = ?1 ORDER BY agenda_item_id",
            process_id
        )
        .fetch_all(self.pool())
        .await?
        {
            items.insert(&i.slug, [i.title]);
        }
        Ok(items)
    }

    /// The agenda item of a process whose slug `slug` is, through its index.
    pub async fn item_by_slug(&self, process_id: i64, slug: &str) -> Result<Option<String>> {
        Ok(sqlx::query_scalar!(
            "SELECT slug FROM agenda_item WHERE process_id = ?1 AND slug = ?2",
            process_id,
            slug
        )
        .fetch_optional(self.pool())
        .await?)
    }

    /// An agenda item and the items above it, from `slug` up to the top of its tree,
    /// each through the primary key.
    pub async fn item_and_ancestors(&self, process_id: i64, slug: &str) -> Result<Vec<String>> {
        Ok(sqlx::query_scalar!(
            r#"WITH RECURSIVE up (agenda_item_id, depth) AS (
                   SELECT agenda_item_id, 0 FROM agenda_item WHERE process_id = ?1 AND slug = ?2
                   UNION ALL
                   SELECT i.parent_agenda_item_id, up.depth + 1
                   FROM up JOIN agenda_item i ON i.agenda_item_id = up.agenda_item_id
                   WHERE i.parent_agenda_item_id IS NOT NULL AND up.depth < 1000
               )
               SELECT i.slug AS "slug!" FROM up JOIN agenda_item i ON i.agenda_item_id = up.agenda_item_id
               ORDER BY up.depth"#,
            process_id,
            slug
        )
        .fetch_all(self.pool())
        .await?)
    }

    /// Every source's slug (sources answer to nothing else).
    pub async fn source_catalog(&self) -> Result<Catalog> {
        let mut sources = Catalogs::default().sources;
        for slug in sqlx::query_scalar!("SELECT slug FROM source ORDER BY source_id")
            .fetch_all(self.pool())
            .await?
        {
            sources.insert(&slug, std::iter::empty::<String>());
        }
        Ok(sources)
    }

    /// Whether a source of this slug exists, through its index.
    pub async fn source_by_slug(&self, slug: &str) -> Result<Option<String>> {
        Ok(
            sqlx::query_scalar!("SELECT slug FROM source WHERE slug = ?1", slug)
                .fetch_optional(self.pool())
                .await?,
        )
    }

    /// Every process, party, source, agenda item and round, with the names each
    /// answers to: what a large import checks its files against.
    pub async fn catalogs(&self) -> Result<Catalogs> {
        let mut catalogs = Catalogs {
            processes: self.process_catalog().await?,
            parties: self.party_catalog().await?,
            sources: self.source_catalog().await?,
            ..Catalogs::default()
        };
        self.read_items(&mut catalogs, None).await?;
        for r in sqlx::query!(
            "SELECT p.slug AS process, r.slug, r.title
             FROM round r JOIN process p ON p.process_id = r.process_id
             ORDER BY r.round_id"
        )
        .fetch_all(self.pool())
        .await?
        {
            catalogs.rounds_of(&r.process).insert(&r.slug, [r.title]);
        }
        Ok(catalogs)
    }

    /// What files that use only `used` are checked against: every process and party
    /// and the items of the processes named (all few), and of sources and rounds,
    /// which may be many, only those named by slug. A file that names one otherwise
    /// (by another case, or mistyped) fails its check against these: it is checked
    /// again against [`Database::catalogs`], which finds or suggests the record.
    pub async fn catalogs_for(&self, used: &NamesUsed) -> Result<Catalogs> {
        let mut catalogs = Catalogs {
            processes: self.process_catalog().await?,
            parties: self.party_catalog().await?,
            ..Catalogs::default()
        };
        let processes = serde_json::to_string(&used.processes).expect("names serialise");
        self.read_items(&mut catalogs, Some(&processes)).await?;
        let sources = serde_json::to_string(&used.sources).expect("names serialise");
        for slug in sqlx::query_scalar!(
            "SELECT slug FROM source WHERE slug IN (SELECT value FROM json_each(?1))",
            sources
        )
        .fetch_all(self.pool())
        .await?
        {
            catalogs.sources.insert(&slug, std::iter::empty::<String>());
        }
        let rounds = serde_json::to_string(&used.rounds).expect("names serialise");
        for r in sqlx::query!(
            r#"SELECT p.slug AS process, r.slug, r.title
               FROM json_each(?1) AS w
               JOIN process p ON p.slug = w.value ->> 0
               JOIN round r ON r.process_id = p.process_id AND r.slug = w.value ->> 1"#,
            rounds
        )
        .fetch_all(self.pool())
        .await?
        {
            catalogs.rounds_of(&r.process).insert(&r.slug, [r.title]);
        }
        Ok(catalogs)
    }

    /// The items (and their parents) of the processes in `processes`, a JSON array of
    /// slugs; of every process when `None`.
    async fn read_items(&self, catalogs: &mut Catalogs, processes: Option<&str>) -> Result<()> {
        for i in sqlx::query!(
            r#"SELECT p.slug AS process, i.slug, i.title, parent.slug AS "parent?"
               FROM agenda_item i JOIN process p ON p.process_id = i.process_id
               LEFT JOIN agenda_item parent ON parent.agenda_item_id = i.parent_agenda_item_id
               WHERE ?1 IS NULL OR p.slug IN (SELECT value FROM json_each(?1))
               ORDER BY i.agenda_item_id"#,
            processes
        )
        .fetch_all(self.pool())
        .await?
        {
            catalogs.items_of(&i.process).insert(&i.slug, [i.title]);
            if let Some(parent) = i.parent {
                catalogs.parents_of(&i.process).insert(i.slug, parent);
            }
        }
        Ok(())
    }
}
