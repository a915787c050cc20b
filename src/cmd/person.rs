use super::Target;

use clap::{Args, Subcommand};

use crate::domain::model::{Dossier, Person};
use crate::domain::names::Named;
use crate::error::{Error, Result};
use crate::output::{self, Tabular, TabularFormat};
use crate::storage::prelude::*;

/// Add, list or show persons: negotiators, envoys and officials.
#[derive(Debug, Subcommand)]
pub enum PersonCommand {
    Add(Add),
    List(List),
    Show(Show),
}

impl PersonCommand {
    pub async fn run(self, target: &Target) -> Result<()> {
        match self {
            PersonCommand::Add(cmd) => cmd.run(target).await,
            PersonCommand::List(cmd) => cmd.run(target).await,
            PersonCommand::Show(cmd) => cmd.run(target).await,
        }
    }
}

/// Add a person, who acts for a party: who may lead its delegation (`round add --lead`),
/// speak a quote (`quote add --speaker`) or be named by a note (`note add --person`).
///
/// A person is then named by slug or, regardless of case, by name or alias.
///
/// Example: parley person add "Rustem Umerov" --party Ukraine --role "Secretary of the
/// National Security and Defense Council" --alias Umerov
#[derive(Debug, Args)]
pub struct Add {
    /// Display name.
    pub name: String,
    /// The party they act for: slug, name, short code or alias.
    #[arg(long)]
    pub party: String,
    /// Their role or title, as the sources give it.
    #[arg(long)]
    pub role: Option<String>,
    /// Another name they go by. Repeatable.
    #[arg(long = "alias", value_name = "ALIAS")]
    pub aliases: Vec<String>,
    /// Stable name [default: made from the name].
    #[arg(long)]
    pub slug: Option<String>,
}

impl Add {
    pub async fn run(self, target: &Target) -> Result<()> {
        let name = super::name_flag("NAME", &self.name)?;
        let slug = super::slug_flag(self.slug.as_deref(), &name)?;
        let role = super::opt_name_flag("--role", self.role.as_deref())?;
        let aliases = self
            .aliases
            .iter()
            .map(|a| super::name_flag("--alias", a))
            .collect::<Result<Vec<_>>>()?;
        let (db, _) = super::open(target, true).await?;
        let party = super::party_flag(&db, "--party", &self.party).await?;
        // Persons are few: every name is read, to refuse one another person answers to.
        let persons = db.named_catalog(Named::Person).await?;
        let exists = |slug: &str| {
            Error::invalid_argument(
                "--slug",
                format!("person '{slug}' already exists; choose another --slug"),
            )
        };
        if persons.contains(&slug) {
            return Err(exists(&slug));
        }
        let named = std::iter::once(("NAME", &name)).chain(aliases.iter().map(|a| ("--alias", a)));
        for (flag, name) in named {
            persons
                .check_name_free(&slug, name)
                .map_err(|m| Error::invalid_argument(flag, m))?;
        }
        let dossier = Dossier {
            persons: vec![Person {
                slug: slug.clone(),
                name,
                party: party.clone(),
                role,
                aliases,
            }],
            ..Dossier::default()
        };
        super::write_new(&db, "person add", dossier, exists).await?;
        db.close().await;
        println!("added person {slug} ({party})");
        Ok(())
    }
}

/// List every person with their party, role, aliases and how many rounds they appear at.
///
/// Example: parley person list --format csv
#[derive(Debug, Args)]
pub struct List {
    /// Output format.
    #[arg(long, value_enum, default_value_t = TabularFormat::Table)]
    pub format: TabularFormat,
}

impl List {
    pub async fn run(self, target: &Target) -> Result<()> {
        let db = super::open_for_reading(target).await?;
        let rows = db.list_persons().await?;
        db.close().await;
        output::emit(&Tabular::from_records(&rows).render(self.format), None)
    }
}

/// Show what a person did, round by round: each delegation they led (`led`), each
/// quote they spoke (`quote`) and each note naming them (`note`), in round order.
///
/// Example: parley person show Umerov --format markdown
#[derive(Debug, Args)]
pub struct Show {
    /// The person: slug, name or alias.
    pub person: String,
    /// Output format.
    #[arg(long, value_enum, default_value_t = TabularFormat::Table)]
    pub format: TabularFormat,
}

impl Show {
    pub async fn run(self, target: &Target) -> Result<()> {
        let db = super::open_for_reading(target).await?;
        let person = super::person_flag(&db, "PERSON", &self.person).await?;
        let rows = db.person_records(&person).await?;
        db.close().await;
        output::emit(&Tabular::from_records(&rows).render(self.format), None)
    }
}
