use std::path::Path;

use clap::{Args, Subcommand};

use crate::domain::model::{Dossier, Source};
use crate::domain::{PartialDate, Reliability};
use crate::error::{Error, Result};
use crate::output::{self, Tabular, TabularFormat};

/// Add or list sources.
#[derive(Debug, Subcommand)]
pub enum SourceCommand {
    Add(Add),
    List(List),
}

impl SourceCommand {
    pub async fn run(self, path: &Path) -> Result<()> {
        match self {
            SourceCommand::Add(cmd) => cmd.run(path).await,
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
        let catalogs = db.catalogs().await?;
        let exists = |slug: &str| {
            Error::invalid_argument(
                "--slug",
                format!("source '{slug}' already exists; choose another --slug"),
            )
        };
        if catalogs.sources.contains(&slug) {
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
