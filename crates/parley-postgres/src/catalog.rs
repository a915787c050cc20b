//! The names a server's database knows, for resolving what analysts type: the
//! counterpart, method for method, of `storage::catalog` on SQLite.

use super::Server;
use parley_core::domain::names::{Catalog, Catalogs, Named, NamesUsed};
use parley_core::error::Result;
use parley_core::storage::catalog::{add_items, add_rounds};

impl Server {
    /// Every process, with the name it answers to.
    pub async fn process_catalog(&self) -> Result<Catalog> {
        let mut processes = Catalogs::default().processes;
        for row in sqlx::query!("SELECT slug, name FROM process ORDER BY process_id")
            .fetch_all(self.pool())
            .await?
        {
            processes.insert(&row.slug, [row.name]);
        }
        Ok(processes)
    }

    /// Every party, with the names each answers to: name, short code and aliases.
    pub async fn party_catalog(&self) -> Result<Catalog> {
        self.named_catalog(Named::Party).await
    }

    /// Every record of a named kind, with the names each answers to.
    pub async fn named_catalog(&self, kind: Named) -> Result<Catalog> {
        let mut catalog = Catalog::new(kind.kind());
        for row in sqlx::query_file!("src/queries/named_catalog.sql", kind.kind())
            .fetch_all(self.pool())
            .await?
        {
            catalog.insert(&row.slug, [row.name]);
        }
        Ok(catalog)
    }

    /// The party a name is the slug, short code or alias of.
    pub async fn party_by_index(&self, name: &str) -> Result<Option<String>> {
        self.named_by_index(Named::Party, name).await
    }

    /// The record of a named kind whose slug, alias (or a party's short code) a name
    /// is; `None` when it is none of those, or names two.
    pub async fn named_by_index(&self, kind: Named, name: &str) -> Result<Option<String>> {
        let slugs: Vec<String> =
            sqlx::query_file_scalar!("src/queries/named_by_index.sql", kind.kind(), name)
                .fetch_all(self.pool())
                .await?;
        Ok(match <[String; 1]>::try_from(slugs) {
            Ok([slug]) => Some(slug),
            Err(_) => None,
        })
    }

    /// A process's agenda items, with the titles they answer to.
    pub async fn item_catalog(&self, process_id: i64) -> Result<Catalog> {
        let mut items = Catalog::new("agenda item");
        for row in sqlx::query!(
            "SELECT slug, title FROM agenda_item WHERE process_id = $1 ORDER BY agenda_item_id",
            process_id
        )
        .fetch_all(self.pool())
        .await?
        {
            items.insert(&row.slug, [row.title]);
        }
        Ok(items)
    }

    /// The agenda item of a process whose slug `slug` is.
    pub async fn item_by_slug(&self, process_id: i64, slug: &str) -> Result<Option<String>> {
        Ok(sqlx::query_scalar!(
            "SELECT slug FROM agenda_item WHERE process_id = $1 AND slug = $2",
            process_id,
            slug
        )
        .fetch_optional(self.pool())
        .await?)
    }

    /// An agenda item and the items above it, from `slug` up to the top of its tree.
    pub async fn item_and_ancestors(&self, process_id: i64, slug: &str) -> Result<Vec<String>> {
        Ok(
            sqlx::query_file_scalar!("src/queries/item_and_ancestors.sql", process_id, slug)
                .fetch_all(self.pool())
                .await?,
        )
    }

    /// Every source's slug.
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

    /// Whether a source of this slug exists.
    pub async fn source_by_slug(&self, slug: &str) -> Result<Option<String>> {
        Ok(
            sqlx::query_scalar!("SELECT slug FROM source WHERE slug = $1", slug)
                .fetch_optional(self.pool())
                .await?,
        )
    }

    /// Every process, party, source, agenda item and round, with the names each
    /// answers to.
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

    /// What files that use only `used` are checked against (see
    /// `Database::catalogs_for`).
    pub async fn catalogs_for(&self, used: &NamesUsed) -> Result<Catalogs> {
        let mut catalogs = Catalogs {
            processes: self.process_catalog().await?,
            parties: self.party_catalog().await?,
            persons: self.named_catalog(Named::Person).await?,
            outlets: self.named_catalog(Named::Outlet).await?,
            ..Catalogs::default()
        };
        self.read_items(&mut catalogs, Some(&used.processes))
            .await?;
        // In slug order, as SQLite reads them (through the IN list's sorted index).
        for slug in sqlx::query_scalar!(
            r#"SELECT slug FROM source WHERE slug = ANY($1) ORDER BY slug COLLATE "C""#,
            &used.sources
        )
        .fetch_all(self.pool())
        .await?
        {
            catalogs.sources.insert(&slug, std::iter::empty::<String>());
        }
        let (processes, rounds): (Vec<&str>, Vec<&str>) = used
            .rounds
            .iter()
            .map(|(process, round)| (process.as_str(), round.as_str()))
            .unzip();
        let rounds = sqlx::query_file!(
            "src/queries/catalog_rounds_named.sql",
            &processes as &[&str],
            &rounds as &[&str]
        )
        .fetch_all(self.pool())
        .await?;
        add_rounds(
            &mut catalogs,
            rounds.into_iter().map(|r| (r.process, r.slug, r.title)),
        );
        Ok(catalogs)
    }

    /// The items (and their parents) of the processes named; of every process when
    /// `None`.
    async fn read_items(
        &self,
        catalogs: &mut Catalogs,
        processes: Option<&[String]>,
    ) -> Result<()> {
        let items = sqlx::query_file!("src/queries/catalog_items.sql", processes)
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
