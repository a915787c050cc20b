use std::path::Path;

use clap::{Args, Subcommand};

use crate::domain::model::{Dossier, Source, split_obtained_via};
use crate::domain::names::Named;
use crate::domain::{PartialDate, Reliability};
use crate::error::{Error, Result};
use crate::output::{self, Tabular, TabularFormat};
use crate::roundfile::resolve_outlet;

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
/// OUTLET is resolved like a party's name (slug, name or alias, regardless of case);
/// one no outlet answers to becomes a new outlet. `Reuters (via Investing.com)` is
/// the outlet Reuters, obtained via Investing.com (or give --via).
///
/// Example: parley source add "AP News" --title "Talks resume in Istanbul" --date 2025-12-02
/// --url https://apnews.com/... --reliability B
#[derive(Debug, Args)]
pub struct Add {
    /// Who published it: an outlet's slug, name or alias, or a new outlet's name.
    pub outlet: String,
    /// How the article was obtained, as it says (e.g. Investing.com).
    #[arg(long, value_name = "TEXT")]
    pub via: Option<String>,
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
        let via = super::opt_name_flag("--via", self.via.as_deref())?;
        let (name, _) = split_obtained_via(&outlet);
        let base = match published_on {
            Some(date) => format!("{name} {date}"),
            None => name.to_owned(),
        };
        let slug = super::slug_flag(self.slug.as_deref(), &base)?;
        let reliability = self.reliability;
        let (db, _) = super::open(path, true).await?;
        // Outlets are few: every name is read, to find the one named or make it.
        let mut outlets = db.named_catalog(Named::Outlet).await?;
        let (outlet_slug, split_via, new_outlet) = resolve_outlet(&mut outlets, &outlet)
            .map_err(|m| Error::invalid_argument("OUTLET", m))?;
        let source = Source {
            slug: slug.clone(),
            outlet,
            outlet_slug: outlet_slug.clone(),
            obtained_via: via.or(split_via),
            title: super::opt_text_flag("--title", self.title.as_deref())?,
            url: super::opt_text_flag("--url", self.url.as_deref())?,
            published_on,
            reliability,
        };
        let exists = |slug: &str| {
            Error::invalid_argument(
                "--slug",
                format!("source '{slug}' already exists; choose another --slug"),
            )
        };
        if db.source_by_slug(&slug).await?.is_some() {
            return Err(exists(&slug));
        }
        let created = new_outlet.is_some();
        let dossier = Dossier {
            outlets: new_outlet.into_iter().collect(),
            sources: vec![source],
            ..Dossier::default()
        };
        super::write_new(&db, "source add", dossier, exists).await?;
        db.close().await;
        let new = if created { "new " } else { "" };
        println!("added source {slug} ({new}outlet {outlet_slug})");
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
