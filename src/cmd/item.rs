use super::Target;

use clap::{Args, Subcommand};

use crate::domain::model::ProcessRef;
use crate::domain::model::{AgendaItem, Dossier, Update};
use crate::error::{Error, Result};
use crate::output::{self, Tabular, TabularFormat};
use crate::storage::edit::{EditKey, Items};
use crate::storage::prelude::*;

/// Add, edit, list or show agenda items.
#[derive(Debug, Subcommand)]
pub enum ItemCommand {
    Add(Add),
    Edit(Edit),
    List(List),
    Show(Show),
}

impl ItemCommand {
    pub async fn run(self, target: &Target) -> Result<()> {
        match self {
            ItemCommand::Add(cmd) => cmd.run(target).await,
            ItemCommand::Edit(cmd) => cmd.run(target).await,
            ItemCommand::List(cmd) => cmd.run(target).await,
            ItemCommand::Show(cmd) => cmd.run(target).await,
        }
    }
}

/// Retitle an agenda item, change its description, or move it under another item (or
/// to the top): only what is given.
///
/// The item keeps its slug (its stable name, which statuses and round files use). A new
/// parent must be an item of the same process and not the item itself or one below it.
/// The earlier version is kept in agenda_item_history, and what changed is shown old →
/// new.
///
/// Example: parley item edit prisoner-exchanges --title "Prisoner exchanges (all for all)"
/// --parent humanitarian-coordination
#[derive(Debug, Args)]
pub struct Edit {
    /// The agenda item: its slug or title.
    pub item: String,
    /// Display title.
    #[arg(long)]
    pub title: Option<String>,
    /// What the item covers.
    #[arg(long)]
    pub description: Option<String>,
    /// The broader item it now belongs to (slug or title).
    #[arg(long, conflicts_with = "no_parent")]
    pub parent: Option<String>,
    /// Move it to the top: it belongs to no broader item.
    #[arg(long)]
    pub no_parent: bool,
    /// A field to empty. Repeatable.
    #[arg(long, value_name = "FIELD", value_parser = ["description"])]
    pub clear: Vec<String>,
    /// The process [default: the only one].
    #[arg(long)]
    pub process: Option<String>,
}

impl Edit {
    pub async fn run(self, target: &Target) -> Result<()> {
        let title = super::opt_name_flag("--title", self.title.as_deref())?;
        let description = super::opt_text_flag("--description", self.description.as_deref())?;
        let (db, _) = super::open(target, true).await?;
        let process = super::process_flag(&db, self.process.as_deref()).await?;
        let slug = super::item_flag(&db, &process, "ITEM", &self.item).await?;
        let parent = match &self.parent {
            Some(name) => {
                let parent = super::item_flag(&db, &process, "--parent", name).await?;
                // The new parent's line up to the top must not pass through the item.
                let line = db.item_and_ancestors(process.id, &parent).await?;
                if line.contains(&slug) {
                    let at = line.iter().position(|s| *s == slug).expect("found");
                    return Err(Error::invalid_argument(
                        "--parent",
                        format!(
                            "'{parent}' is {} '{slug}' ({}), so it cannot be its parent: an item cannot be its own ancestor",
                            if at == 0 { "the item" } else { "below" },
                            line[..=at].join(" → ")
                        ),
                    ));
                }
                Some(parent)
            }
            None => None,
        };
        if let Some(title) = &title {
            db.item_catalog(process.id)
                .await?
                .check_name_free(&slug, title)
                .map_err(|m| Error::invalid_argument("--title", m))?;
        }
        let mut updates = super::record_edit::field_updates(
            vec![
                ("title", title),
                ("description", description),
                ("parent", parent),
            ],
            &self.clear,
            self.no_parent,
            "--title, --description, --parent, --no-parent or --clear",
        )?;
        if self.no_parent {
            updates.push(("parent", Update::Clear));
        }
        let key = EditKey {
            process_id: Some(process.id),
            slug: &slug,
        };
        let edit = db
            .edit_record::<Items>("item edit", key, &updates, &())
            .await;
        db.close().await;
        super::record_edit::print(&edit?);
        Ok(())
    }
}

/// Add an agenda item to a process.
///
/// Example: parley item add "Energy infrastructure strikes" --parent localized-ceasefires
#[derive(Debug, Args)]
pub struct Add {
    /// Display title.
    pub title: String,
    /// Stable name [default: made from the title].
    #[arg(long)]
    pub slug: Option<String>,
    /// The broader item it belongs to.
    #[arg(long)]
    pub parent: Option<String>,
    /// What the item covers.
    #[arg(long)]
    pub description: Option<String>,
    /// The process [default: the only one].
    #[arg(long)]
    pub process: Option<String>,
}

impl Add {
    pub async fn run(self, target: &Target) -> Result<()> {
        let title = super::name_flag("TITLE", &self.title)?;
        let slug = super::slug_flag(self.slug.as_deref(), &title)?;
        let description = super::opt_text_flag("--description", self.description.as_deref())?;
        let (db, _) = super::open(target, true).await?;
        let process_ref = super::process_flag(&db, self.process.as_deref()).await?;
        let process = process_ref.slug.clone();
        let exists = |slug: &str| {
            Error::invalid_argument(
                "--slug",
                format!("agenda item '{slug}' already exists in {process}; choose another --slug"),
            )
        };
        // A process's items are few: every title is read, to refuse one another item
        // answers to.
        let items = db.item_catalog(process_ref.id).await?;
        if items.contains(&slug) {
            return Err(exists(&slug));
        }
        items
            .check_name_free(&slug, &title)
            .map_err(|m| Error::invalid_argument("TITLE", m))?;
        let parent = match &self.parent {
            Some(name) => Some(super::item_flag(&db, &process_ref, "--parent", name).await?),
            None => None,
        };
        let item = AgendaItem {
            process: process.clone(),
            slug: slug.clone(),
            parent,
            title,
            description,
        };
        let dossier = Dossier {
            items: vec![item],
            ..Dossier::default()
        };
        super::write_new(&db, "item add", dossier, exists).await?;
        db.close().await;
        println!("added agenda item {slug} to {process}");
        Ok(())
    }
}

/// List a process's agenda items with their current status.
///
/// Example: parley item list --format json
#[derive(Debug, Args)]
pub struct List {
    /// The process [default: the only one].
    #[arg(long)]
    pub process: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = TabularFormat::Table)]
    pub format: TabularFormat,
}

impl List {
    pub async fn run(self, target: &Target) -> Result<()> {
        let db = super::open_for_reading(target).await?;
        let processes = db.process_catalog().await?;
        let ProcessRef { id: process_id, .. } =
            super::resolve_process(&db, &processes, self.process.as_deref()).await?;
        let rows = db.list_items(process_id).await?;
        db.close().await;
        let table = Tabular::from_records(&rows);
        output::emit(&table.render(self.format), None)
    }
}

/// Show an agenda item's every status record, corrections included, in round order.
///
/// Retracted records (and those of retracted rounds) are left out; --retracted lists
/// them too, with the reason. --as-of shows the records as they stood at an earlier
/// moment, before later corrections and retractions.
///
/// Example: parley item show "prisoner exchanges" --as-of 2025-12-01
#[derive(Debug, Args)]
pub struct Show {
    /// The agenda item: slug or title.
    pub item: String,
    /// Show the records as they stood at this instant (RFC 3339, or a date meaning
    /// the end of that day, UTC).
    #[arg(long, value_name = "TIME")]
    pub as_of: Option<String>,
    /// Also list the records retracted, with the reason.
    #[arg(long)]
    pub retracted: bool,
    /// The process [default: the only one].
    #[arg(long)]
    pub process: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = TabularFormat::Table)]
    pub format: TabularFormat,
}

impl Show {
    pub async fn run(self, target: &Target) -> Result<()> {
        let as_of = super::as_of_flag(self.as_of.as_deref())?;
        let db = super::open_for_reading(target).await?;
        let process = super::process_flag(&db, self.process.as_deref()).await?;
        let item = super::item_flag(&db, &process, "ITEM", &self.item).await?;
        let process_id = process.id;
        let mut rows = db.item_records(process_id, &item, as_of).await?;
        if !self.retracted {
            rows.retain(|r| r.retracted.is_none());
        }
        db.close().await;
        let table = Tabular::from_records(&rows);
        output::emit(&table.render(self.format), None)
    }
}
