//! The names the database knows, for resolving what analysts type. A command reads
//! what it names: a slug (and a party's short code or alias) through its index; a
//! kind's every name only when a name is not one of those (parties and a process's
//! items are few), which also suggests the nearest on a name that is unknown. Only a
//! large import reads every name of every kind, once.

use super::Database;
use crate::domain::names::{Catalog, Catalogs, Named, NamesUsed};
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
        self.named_catalog(Named::Party).await
    }

    /// Every record of a named kind (parties, persons, outlets), with the names each
    /// answers to: its name, and a party's short code, and its aliases. One path for
    /// every kind: they are few, and resolve alike. A record's aliases come in the
    /// order they were added, on both backends.
    pub async fn named_catalog(&self, kind: Named) -> Result<Catalog> {
        let mut catalog = Catalog::new(kind.kind());
        let kind = kind.kind();
        let rows = sqlx::query!(
            r#"SELECT slug AS "slug!: String", name AS "name!: String" FROM (
                   SELECT 'party' AS kind, party_id AS id, 0 AS ord, 0 AS name_id, slug, name FROM party
                   UNION ALL SELECT 'party', party_id, 1, 0, slug, short_code FROM party WHERE short_code IS NOT NULL
                   UNION ALL SELECT 'party', a.party_id, 2, a.party_alias_id, p.slug, a.alias
                             FROM party_alias a JOIN party p ON p.party_id = a.party_id
                   UNION ALL SELECT 'person', person_id, 0, 0, slug, name FROM person
                   UNION ALL SELECT 'person', a.person_id, 2, a.person_alias_id, p.slug, a.alias
                             FROM person_alias a JOIN person p ON p.person_id = a.person_id
                   UNION ALL SELECT 'outlet', outlet_id, 0, 0, slug, name FROM outlet
                   UNION ALL SELECT 'outlet', a.outlet_id, 2, a.outlet_alias_id, o.slug, a.alias
                             FROM outlet_alias a JOIN outlet o ON o.outlet_id = a.outlet_id)
               WHERE kind = ?1
               ORDER BY id, ord, name_id"#,
            kind
        )
        .fetch_all(self.pool())
        .await?;
        for r in rows {
            catalog.insert(&r.slug, [r.name]);
        }
        Ok(catalog)
    }

    /// The party a name is the slug, short code or alias of (the last two regardless
    /// of ASCII case, as their columns compare), each through its index; `None` when
    /// it is none of those.
    pub async fn party_by_index(&self, name: &str) -> Result<Option<String>> {
        self.named_by_index(Named::Party, name).await
    }

    /// The record of a named kind whose slug, alias (or a party's short code) a name
    /// is, each through its index (aliases and short codes regardless of ASCII case,
    /// as their columns compare); `None` when it is none of those, or names two.
    pub async fn named_by_index(&self, kind: Named, name: &str) -> Result<Option<String>> {
        let kind = kind.kind();
        let slugs = sqlx::query_scalar!(
            r#"SELECT slug AS "slug!" FROM party WHERE ?1 = 'party' AND slug = ?2
               UNION SELECT slug FROM party WHERE ?1 = 'party' AND short_code = ?2
               UNION SELECT p.slug FROM party_alias a JOIN party p ON p.party_id = a.party_id
                     WHERE ?1 = 'party' AND a.alias = ?2
               UNION SELECT slug FROM person WHERE ?1 = 'person' AND slug = ?2
               UNION SELECT p.slug FROM person_alias a JOIN person p ON p.person_id = a.person_id
                     WHERE ?1 = 'person' AND a.alias = ?2
               UNION SELECT slug FROM outlet WHERE ?1 = 'outlet' AND slug = ?2
               UNION SELECT o.slug FROM outlet_alias a JOIN outlet o ON o.outlet_id = a.outlet_id
                     WHERE ?1 = 'outlet' AND a.alias = ?2"#,
            kind,
            name
        )
        .fetch_all(self.pool())
        .await?;
        // Names answer for one record; two would be ambiguous, which the catalog says.
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
            persons: self.named_catalog(Named::Person).await?,
            outlets: self.named_catalog(Named::Outlet).await?,
            sources: self.source_catalog().await?,
            ..Catalogs::default()
        };
        self.read_items(&mut catalogs, None).await?;
        let rounds = sqlx::query!(
            "SELECT p.slug AS process, r.slug, r.title
             FROM round r JOIN process p ON p.process_id = r.process_id
             ORDER BY r.round_id"
        )
        .fetch_all(self.pool())
        .await?;
        add_rounds(
            &mut catalogs,
            rounds.into_iter().map(|r| (r.process, r.slug, r.title)),
        );
        Ok(catalogs)
    }

    /// What files that use only `used` are checked against: every process, party,
    /// person and outlet
    /// and the items of the processes named (all few), and of sources and rounds,
    /// which may be many, only those named by slug. A file that names one otherwise
    /// (by another case, or mistyped) fails its check against these: it is checked
    /// again against [`Database::catalogs`], which finds or suggests the record.
    pub async fn catalogs_for(&self, used: &NamesUsed) -> Result<Catalogs> {
        let mut catalogs = Catalogs {
            processes: self.process_catalog().await?,
            parties: self.party_catalog().await?,
            persons: self.named_catalog(Named::Person).await?,
            outlets: self.named_catalog(Named::Outlet).await?,
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
        let rounds = sqlx::query!(
            r#"SELECT p.slug AS process, r.slug, r.title
               FROM json_each(?1) AS w
               JOIN process p ON p.slug = w.value ->> 0
               JOIN round r ON r.process_id = p.process_id AND r.slug = w.value ->> 1"#,
            rounds
        )
        .fetch_all(self.pool())
        .await?;
        add_rounds(
            &mut catalogs,
            rounds.into_iter().map(|r| (r.process, r.slug, r.title)),
        );
        Ok(catalogs)
    }

    /// The items (and their parents) of the processes in `processes`, a JSON array of
    /// slugs; of every process when `None`.
    async fn read_items(&self, catalogs: &mut Catalogs, processes: Option<&str>) -> Result<()> {
        let items = sqlx::query!(
            r#"SELECT p.slug AS process, i.slug, i.title, parent.slug AS "parent?"
               FROM agenda_item i JOIN process p ON p.process_id = i.process_id
               LEFT JOIN agenda_item parent ON parent.agenda_item_id = i.parent_agenda_item_id
               WHERE ?1 IS NULL OR p.slug IN (SELECT value FROM json_each(?1))
               ORDER BY i.agenda_item_id"#,
            processes
        )
        .fetch_all(self.pool())
        .await?;
        add_items(
            catalogs,
            items
                .into_iter()
                .map(|i| (i.process, i.slug, i.title, i.parent)),
        );
        Ok(())
    }
}

/// Adds rounds, as (process slug, round slug, title), to the catalogs: both backends'.
pub fn add_rounds(
    catalogs: &mut Catalogs,
    rounds: impl IntoIterator<Item = (String, String, String)>,
) {
    for (process, slug, title) in rounds {
        catalogs.rounds_of(&process).insert(&slug, [title]);
    }
}

/// Adds agenda items, as (process slug, item slug, title, parent's slug), to the
/// catalogs, with their parents: both backends'.
pub fn add_items(
    catalogs: &mut Catalogs,
    items: impl IntoIterator<Item = (String, String, String, Option<String>)>,
) {
    for (process, slug, title, parent) in items {
        catalogs.items_of(&process).insert(&slug, [title]);
        if let Some(parent) = parent {
            catalogs.parents_of(&process).insert(slug, parent);
        }
    }
}
