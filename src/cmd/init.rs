use super::Target;

use clap::Args;

use crate::domain::names::Catalogs;
use crate::error::{Error, Result};
use crate::postgres::{Server, ServerUrl};
use crate::storage::Opened;
use crate::storage::prelude::*;

/// Create the database, or bring an existing one up to date.
///
/// A new database gets the shipped Geneva seed unless --empty is given.
///
/// On a PostgreSQL database (--db postgres://…), init creates the schema on a
/// database that holds nothing, with the seed unless --empty is given (or brings
/// Parley's up to date). --roles then creates the roles analysts log in with
/// (sql/postgres/roles.sql; a superuser's work).
///
/// Example: parley --db talks.db init --empty
///
/// Example: parley --db postgres://postgres@db.example/ukraine init --empty --roles
#[derive(Debug, Args)]
pub struct Init {
    /// Create the schema only, with no seed data.
    #[arg(long)]
    pub empty: bool,

    /// On a PostgreSQL database: also create the roles parley_writer and
    /// parley_reader (if missing) and their rights.
    #[arg(long)]
    pub roles: bool,
}

impl Init {
    pub async fn run(self, target: &Target) -> Result<()> {
        if let Target::Server(url) = target {
            return self.run_on_server(url).await;
        }
        if self.roles {
            return Err(Error::invalid_argument(
                "--roles",
                "roles are a PostgreSQL server's: give --db postgres://…; a file has no roles",
            ));
        }
        let (db, opened) = super::open(target, !self.empty).await?;
        match opened {
            Opened::Created(None) => eprintln!("parley: created {} (empty)", target),
            Opened::Created(Some(_)) => {}
            Opened::Existing => eprintln!("parley: {} is up to date", target),
        }
        db.close().await;
        Ok(())
    }

    /// `init` on a server: the schema (with the seed unless --empty), and the roles
    /// if asked.
    async fn run_on_server(self, url: &ServerUrl) -> Result<()> {
        let server = Server::connect(url).await?;
        let done = self.init_server(&server).await;
        server.close().await;
        done
    }

    async fn init_server(&self, server: &Server) -> Result<()> {
        let url = server.url();
        if self.empty {
            match server.create_or_upgrade().await? {
                true => eprintln!("parley: created Parley's schema on {url} (empty)"),
                false => eprintln!("parley: {url} is up to date"),
            }
        } else {
            // A new database: no names to resolve against but the seed's own.
            let seed = || super::seed_dossier(&Catalogs::default());
            match server.create_with_seed(seed).await? {
                Some(changes) => {
                    eprintln!(
                        "parley: created Parley's schema on {url} with the shipped seed ({changes})"
                    )
                }
                None => eprintln!("parley: {url} is up to date"),
            }
        }
        if !self.roles {
            return Ok(());
        }
        let roles = server.create_roles().await?;
        for role in &roles {
            println!("{}\t{}", role.name, role.comment);
        }
        eprintln!(
            "parley: each analyst logs in with a role of their own in one of these, e.g. \
             CREATE ROLE alice LOGIN PASSWORD '…' IN ROLE parley_reader; then \
             psql postgres://alice@HOST/DATABASE (README, \"For a team\")"
        );
        Ok(())
    }
}
