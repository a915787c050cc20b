use std::path::Path;

use clap::{Args, Subcommand};

use crate::domain::PartyKind;
use crate::domain::model::{Dossier, Party};
use crate::error::{Error, Result};
use crate::output::{self, Tabular, TabularFormat};

/// Add or list parties.
#[derive(Debug, Subcommand)]
pub enum PartyCommand {
    Add(Add),
    List(List),
}

impl PartyCommand {
    pub async fn run(self, path: &Path) -> Result<()> {
        match self {
            PartyCommand::Add(cmd) => cmd.run(path).await,
            PartyCommand::List(cmd) => cmd.run(path).await,
        }
    }
}

/// Add a party: a state, organisation, bloc, delegation or group.
///
/// Example: parley party add Turkey --short TR --alias Türkiye --alias Ankara
#[derive(Debug, Args)]
pub struct Add {
    /// Display name.
    pub name: String,
    /// Stable name [default: made from the name].
    #[arg(long)]
    pub slug: Option<String>,
    /// Short code, e.g. TR.
    #[arg(long)]
    pub short: Option<String>,
    /// Another name it goes by. Repeatable.
    #[arg(long = "alias", value_name = "ALIAS")]
    pub aliases: Vec<String>,
    /// What sort of actor it is.
    #[arg(long, default_value = "state", value_parser = super::vocabulary::<PartyKind>())]
    pub kind: PartyKind,
}

impl Add {
    pub async fn run(self, path: &Path) -> Result<()> {
        let name = super::name_flag("NAME", &self.name)?;
        let slug = super::slug_flag(self.slug.as_deref(), &name)?;
        let kind = self.kind;
        let short_code = self
            .short
            .as_deref()
            .map(|s| super::name_flag("--short", s))
            .transpose()?;
        let aliases = self
            .aliases
            .iter()
            .map(|a| super::name_flag("--alias", a))
            .collect::<Result<Vec<_>>>()?;
        let (db, _) = super::open(path, true).await?;
        let catalogs = db.catalogs().await?;
        let exists = |slug: &str| {
            Error::invalid_argument("--slug", format!("party '{slug}' already exists"))
        };
        if catalogs.parties.contains(&slug) {
            return Err(exists(&slug));
        }
        let named = std::iter::once(("NAME", &name))
            .chain(short_code.iter().map(|s| ("--short", s)))
            .chain(aliases.iter().map(|a| ("--alias", a)));
        for (flag, name) in named {
            catalogs
                .parties
                .check_name_free(&slug, name)
                .map_err(|m| Error::invalid_argument(flag, m))?;
        }
        let party = Party {
            slug: slug.clone(),
            name,
            short_code,
            kind,
            aliases,
        };
        let dossier = Dossier {
            parties: vec![party],
            ..Dossier::default()
        };
        super::write_new(&db, "party add", dossier, exists).await?;
        db.close().await;
        println!("added party {slug}");
        Ok(())
    }
}

/// List every party with its short code and aliases.
///
/// Example: parley party list --format csv
#[derive(Debug, Args)]
pub struct List {
    /// Output format.
    #[arg(long, value_enum, default_value_t = TabularFormat::Table)]
    pub format: TabularFormat,
}

impl List {
    pub async fn run(self, path: &Path) -> Result<()> {
        let (db, _) = super::open(path, true).await?;
        let rows = db.list_parties().await?;
        db.close().await;
        let table = Tabular::from_records(&rows);
        output::emit(&table.render(self.format), None)
    }
}
