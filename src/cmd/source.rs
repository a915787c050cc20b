use std::path::Path;

use clap::{Args, Subcommand};

use crate::domain::model::{Dossier, Source};
use crate::domain::{PartialDate, Reliability};
use crate::error::{Error, Result};
use crate::output::{self, Tabular, TabularFormat};
use crate::storage::edit::{EditKey, Sources};

/// Add, edit or list sources.
#[derive(Debug, Subcommand)]
pub enum SourceCommand {
    Add(Add),
    Edit(Edit),
    List(List),
}

impl SourceCommand {
    pub async fn run(self, path: &Path) -> Result<()> {
        match self {
            SourceCommand::Add(cmd) => cmd.run(path).await,
            SourceCommand::Edit(cmd) => cmd.run(path).await,
            SourceCommand::List(cmd) => cmd.run(path).await,
        }
    }
}

/// Add a source: a publication that claims rest on.
///
/// Example: parley source add "AP News" --title "Talks resume in Istanbul" --date 2025-12-02
/// --url https://apnews.com/... --reliability B
#[derive(Debug, Args)]
pub struct Add {
    /// Who published it.
    pub outlet: String,
    /// Stable name [default: made from the outlet and the date].
    #[arg(long)]
    pub slug: Option<String>,
    /// Headline or document title.
    #[arg(long)]
    pub title: Option<String>,
    /// Address.
    #[arg(long)]
    pub url: Option<String>,
    /// Publication date: YYYY-MM-DD, YYYY-MM or YYYY.
    #[arg(long)]
    pub date: Option<String>,
    /// Admiralty reliability: A (completely reliable) to F (cannot be judged).
    #[arg(long, value_parser = super::vocabulary::<Reliability>())]
    pub reliability: Option<Reliability>,
}

impl Add {
    pub async fn run(self, path: &Path) -> Result<()> {
        let outlet = super::name_flag("OUTLET", &self.outlet)?;
        let published_on: Option<PartialDate> = self
            .date
            .as_deref()
            .map(|d| super::parse_flag("--date", d))
            .transpose()?;
        let base = match published_on {
            Some(date) => format!("{outlet} {date}"),
            None => outlet.clone(),
        };
        let slug = super::slug_flag(self.slug.as_deref(), &base)?;
        let reliability = self.reliability;
        let source = Source {
            slug: slug.clone(),
            outlet,
            title: super::opt_text_flag("--title", self.title.as_deref())?,
            url: super::opt_text_flag("--url", self.url.as_deref())?,
            published_on,
            reliability,
        };
        let (db, _) = super::open(path, true).await?;
        let exists = |slug: &str| {
            Error::invalid_argument(
                "--slug",
                format!(
                    "source '{slug}' already exists; choose another --slug, or change it with `parley source edit {slug}`"
                ),
            )
        };
        if db.source_by_slug(&slug).await?.is_some() {
            return Err(exists(&slug));
        }
        let dossier = Dossier {
            sources: vec![source],
            ..Dossier::default()
        };
        super::write_new(&db, "source add", dossier, exists).await?;
        db.close().await;
        println!("added source {slug}");
        Ok(())
    }
}

/// Change a source's outlet, title, address, date or grade: only the fields given.
///
/// The source keeps its slug (its stable name, which claims cite). Its earlier version is
/// kept in source_history, and what changed is shown old → new; a source that holds
/// every value given already is left as it is ("nothing to change").
///
/// Example: parley source edit ap-news-2025-12-09 --title "Talks resume in Istanbul" --reliability A
/// --clear url
#[derive(Debug, Args)]
pub struct Edit {
    /// The source, by its slug.
    pub source: String,
    /// Who published it.
    #[arg(long)]
    pub outlet: Option<String>,
    /// Headline or document title.
    #[arg(long)]
    pub title: Option<String>,
    /// Address.
    #[arg(long)]
    pub url: Option<String>,
    /// Publication date: YYYY-MM-DD, YYYY-MM or YYYY.
    #[arg(long)]
    pub date: Option<String>,
    /// Admiralty reliability: A (completely reliable) to F (cannot be judged).
    #[arg(long, value_parser = super::vocabulary::<Reliability>())]
    pub reliability: Option<Reliability>,
    /// A field to empty. Repeatable.
    #[arg(long, value_name = "FIELD", value_parser = ["title", "url", "date", "reliability"])]
    pub clear: Vec<String>,
}

impl Edit {
    pub async fn run(self, path: &Path) -> Result<()> {
        let date: Option<PartialDate> = self
            .date
            .as_deref()
            .map(|d| super::parse_flag("--date", d))
            .transpose()?;
        let updates = super::record_edit::field_updates(
            vec![
                (
                    "outlet",
                    super::opt_name_flag("--outlet", self.outlet.as_deref())?,
                ),
                (
                    "title",
                    super::opt_text_flag("--title", self.title.as_deref())?,
                ),
                ("url", super::opt_text_flag("--url", self.url.as_deref())?),
                ("date", date.map(|d| d.to_string())),
                (
                    "reliability",
                    self.reliability.map(|r| r.as_str().to_owned()),
                ),
            ],
            &self.clear,
            false,
            "--outlet, --title, --url, --date, --reliability or --clear",
        )?;
        let (db, _) = super::open(path, true).await?;
        let slug = match db.source_by_slug(self.source.trim()).await? {
            Some(slug) => slug,
            None => super::resolve_flag(&db.source_catalog().await?, "SOURCE", &self.source)?,
        };
        let key = EditKey {
            process_id: None,
            slug: &slug,
        };
        let edit = db
            .edit_record::<Sources>("source edit", key, &updates, &())
            .await;
        db.close().await;
        super::record_edit::print(&edit?);
        Ok(())
    }
}

/// List every source with its grade and how many claims cite it.
///
/// Example: parley source list --format markdown
#[derive(Debug, Args)]
pub struct List {
    /// Output format.
    #[arg(long, value_enum, default_value_t = TabularFormat::Table)]
    pub format: TabularFormat,
}

impl List {
    pub async fn run(self, path: &Path) -> Result<()> {
        let (db, _) = super::open(path, true).await?;
        let rows = db.list_sources().await?;
        db.close().await;
        let table = Tabular::from_records(&rows);
        output::emit(&table.render(self.format), None)
    }
}
