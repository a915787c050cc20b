use super::Target;

use clap::{Args, Subcommand};

use crate::domain::PartyKind;
use crate::domain::model::{Dossier, Party};
use crate::error::{Error, Result};
use crate::output::{self, Tabular, TabularFormat};
use crate::storage::edit::{AliasEdit, EditKey, Parties};
use crate::storage::prelude::*;

/// Add, edit or list parties.
#[derive(Debug, Subcommand)]
pub enum PartyCommand {
    Add(Add),
    Edit(Edit),
    List(List),
}

impl PartyCommand {
    pub async fn run(self, target: &Target) -> Result<()> {
        match self {
            PartyCommand::Add(cmd) => cmd.run(target).await,
            PartyCommand::Edit(cmd) => cmd.run(target).await,
            PartyCommand::List(cmd) => cmd.run(target).await,
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
    pub async fn run(self, target: &Target) -> Result<()> {
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
        let (db, _) = super::open(target, true).await?;
        // Parties are few: every name is read, to refuse one another party answers to.
        let parties = db.party_catalog().await?;
        let exists = |slug: &str| {
            Error::invalid_argument("--slug", format!("party '{slug}' already exists"))
        };
        if parties.contains(&slug) {
            return Err(exists(&slug));
        }
        let named = std::iter::once(("NAME", &name))
            .chain(short_code.iter().map(|s| ("--short", s)))
            .chain(aliases.iter().map(|a| ("--alias", a)));
        for (flag, name) in named {
            parties
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

/// Change a party's name, short code or kind, and add or remove its aliases: only
/// what is given.
///
/// The party keeps its slug (its stable name, which round files and claims use). A
/// renamed party keeps its old name as an alias, so that what named it before still
/// does, unless --drop-old-name is given. Its earlier version is kept in party_history,
/// a removed alias in party_alias_history, and what changed is shown old → new.
///
/// Example: parley party edit Turkey --name "Republic of Türkiye" --add-alias Ankara --remove-alias Türkiye
#[derive(Debug, Args)]
pub struct Edit {
    /// The party: its slug, name, short code or alias.
    pub party: String,
    /// Display name. The old one becomes an alias unless --drop-old-name is given.
    #[arg(long)]
    pub name: Option<String>,
    /// Short code, e.g. TR.
    #[arg(long)]
    pub short: Option<String>,
    /// What sort of actor it is.
    #[arg(long, value_parser = super::vocabulary::<PartyKind>())]
    pub kind: Option<PartyKind>,
    /// Another name it goes by, to add. Repeatable.
    #[arg(long = "add-alias", value_name = "ALIAS")]
    pub add_aliases: Vec<String>,
    /// An alias it no longer goes by, to remove (kept in party_alias_history). Repeatable.
    #[arg(long = "remove-alias", value_name = "ALIAS")]
    pub remove_aliases: Vec<String>,
    /// With --name: do not keep the old name as an alias.
    #[arg(long, requires = "name")]
    pub drop_old_name: bool,
    /// A field to empty. Repeatable.
    #[arg(long, value_name = "FIELD", value_parser = ["short"])]
    pub clear: Vec<String>,
}

impl Edit {
    pub async fn run(self, target: &Target) -> Result<()> {
        let name = super::opt_name_flag("--name", self.name.as_deref())?;
        let short = super::opt_name_flag("--short", self.short.as_deref())?;
        let add = (self.add_aliases.iter())
            .map(|a| super::name_flag("--add-alias", a))
            .collect::<Result<Vec<_>>>()?;
        let remove = (self.remove_aliases.iter())
            .map(|a| super::name_flag("--remove-alias", a))
            .collect::<Result<Vec<_>>>()?;
        if let Some(both) = add
            .iter()
            .find(|a| remove.iter().any(|r| r.eq_ignore_ascii_case(a)))
        {
            return Err(Error::invalid_argument(
                "--remove-alias",
                format!("'{both}' is both added and removed; do one or the other"),
            ));
        }
        let updates = super::record_edit::field_updates(
            vec![
                ("name", name.clone()),
                ("short", short.clone()),
                ("kind", self.kind.map(|k| k.as_str().to_owned())),
            ],
            &self.clear,
            !add.is_empty() || !remove.is_empty(),
            "--name, --short, --kind, --add-alias, --remove-alias or --clear",
        )?;
        let (db, _) = super::open(target, true).await?;
        let slug = super::party_flag(&db, "PARTY", &self.party).await?;
        // Parties are few: every name is read, to refuse one another party answers to.
        let parties = db.party_catalog().await?;
        let named = (name.iter().map(|n| ("--name", n)))
            .chain(short.iter().map(|s| ("--short", s)))
            .chain(add.iter().map(|a| ("--add-alias", a)));
        for (flag, name) in named {
            parties
                .check_name_free(&slug, name)
                .map_err(|m| Error::invalid_argument(flag, m))?;
        }
        let aliases = AliasEdit {
            add,
            remove,
            keep_old_name: !self.drop_old_name,
        };
        let key = EditKey {
            process_id: None,
            slug: &slug,
        };
        let edit = db
            .edit_record::<Parties>("party edit", key, &updates, &aliases)
            .await;
        db.close().await;
        super::record_edit::print(&edit?);
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
    pub async fn run(self, target: &Target) -> Result<()> {
        let db = super::open_for_reading(target).await?;
        let rows = db.list_parties().await?;
        db.close().await;
        let table = Tabular::from_records(&rows);
        output::emit(&table.render(self.format), None)
    }
}
