use super::Target;

use clap::{Args, Subcommand};

use crate::domain::model::{Dossier, Source, Update, split_obtained_via};
use crate::domain::names::Named;
use crate::domain::{PartialDate, Reliability};
use crate::error::{Error, Result};
use crate::output::{self, Tabular, TabularFormat};
use crate::roundfile::resolve_outlet;
use crate::storage::edit::{EditKey, SourceOutlet, Sources};
use crate::storage::prelude::*;

/// Add, edit or list sources.
#[derive(Debug, Subcommand)]
pub enum SourceCommand {
    Add(Add),
    Edit(Edit),
    List(List),
}

impl SourceCommand {
    pub async fn run(self, target: &Target) -> Result<()> {
        match self {
            SourceCommand::Add(cmd) => cmd.run(target).await,
            SourceCommand::Edit(cmd) => cmd.run(target).await,
            SourceCommand::List(cmd) => cmd.run(target).await,
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
    pub async fn run(self, target: &Target) -> Result<()> {
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
        let (db, _) = super::open(target, true).await?;
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
                format!(
                    "source '{slug}' already exists; choose another --slug, or change it with `parley source edit {slug}`"
                ),
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
    /// Who published it: an outlet's slug, name or alias, or a new outlet's name, as
    /// `source add` takes it (`Reuters (via Investing.com)` sets how it was obtained).
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
    pub async fn run(self, target: &Target) -> Result<()> {
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
        let (db, _) = super::open(target, true).await?;
        let slug = match db.source_by_slug(self.source.trim()).await? {
            Some(slug) => slug,
            None => super::resolve_flag(&db.source_catalog().await?, "SOURCE", &self.source)?,
        };
        let key = EditKey {
            process_id: None,
            slug: &slug,
        };
        // The new text names an outlet as `source add`'s does: found, or made.
        let outlet = match updates.iter().find(|(field, _)| *field == "outlet") {
            Some((_, Update::Set(text))) => {
                let mut outlets = db.named_catalog(Named::Outlet).await?;
                let (slug, obtained_via, new) = resolve_outlet(&mut outlets, text)
                    .map_err(|m| Error::invalid_argument("--outlet", m))?;
                Some(SourceOutlet {
                    slug,
                    obtained_via,
                    new,
                })
            }
            _ => None,
        };
        let edit = db
            .edit_record::<Sources>("source edit", key, &updates, &outlet)
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
    pub async fn run(self, target: &Target) -> Result<()> {
        let db = super::open_for_reading(target).await?;
        let rows = db.list_sources().await?;
        db.close().await;
        let table = Tabular::from_records(&rows);
        output::emit(&table.render(self.format), None)
    }
}
