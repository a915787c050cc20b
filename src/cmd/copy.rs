use std::path::Path;

use clap::Args;

use super::Target;
use crate::error::{Error, Result};
use crate::output::NewFile;
use crate::postgres::transfer;
use crate::postgres::{Server, ServerUrl};
use crate::storage::Database;

/// Copy a whole timeline, with its history, between a file and a PostgreSQL database.
///
/// Moves every record, every earlier version, retraction and the write log, keeping
/// their ids, so that a copy back gives the same rows. The source is read as of one
/// moment while others may write to it; the target is written in one transaction, so
/// a failed copy leaves nothing behind.
///
/// To a server: the database must hold no timeline (a new database, or one that
/// `parley --db URL init --empty` prepared); the schema is created if it holds
/// nothing, every row is loaded with COPY and checked by the server's triggers. A
/// file of an older Parley is upgraded first, as every command upgrades it (its old
/// version kept beside it).
///
/// To a file: the file must not exist yet; it is written under a temporary name and
/// takes its name only once complete and `parley check` passes on it.
///
/// Example: parley copy --from parley.db --to postgres://parley@db.example/ukraine
///
/// Example: parley copy --from postgres://parley@db.example/ukraine --to offline.db
#[derive(Debug, Args)]
pub struct Copy {
    /// Where the timeline is: a Parley file, or a PostgreSQL database's URL.
    #[arg(long, value_name = "PATH|URL", value_parser = Target::parse)]
    pub from: Target,

    /// Where it goes: a new file, or a PostgreSQL database that holds no timeline.
    #[arg(long, value_name = "PATH|URL", value_parser = Target::parse)]
    pub to: Target,
}

impl Copy {
    pub async fn run(self) -> Result<()> {
        match (&self.from, &self.to) {
            (Target::File(file), Target::Server(url)) => file_to_server(file, url).await,
            (Target::Server(url), Target::File(file)) => {
                let copied = server_to_new_file(url, file, "--to").await?;
                eprintln!("parley: copied {url} to {} ({copied})", file.display());
                Ok(())
            }
            (Target::File(_), Target::File(_)) => Err(Error::invalid_argument(
                "--to",
                "both sides are files; `parley --db FILE backup NEW-FILE` copies a file",
            )),
            (Target::Server(_), Target::Server(_)) => Err(Error::invalid_argument(
                "--to",
                "both sides are servers; copy through a file (--to FILE, then --from FILE), \
                 or use pg_dump",
            )),
        }
    }
}

/// Copies a file onto a server. The file must exist (a copy never creates one); an
/// older Parley's is upgraded first.
async fn file_to_server(file: &Path, url: &ServerUrl) -> Result<()> {
    if !file.exists() {
        return Err(Error::NotCreated {
            path: file.to_owned(),
        });
    }
    let (db, _) = Database::open(file).await?;
    let server = match Server::connect(url).await {
        Ok(server) => server,
        Err(e) => {
            db.close().await;
            return Err(e);
        }
    };
    let copied = transfer::file_to_server(&db, &server).await;
    db.close().await;
    server.close().await;
    let copied = copied?;
    eprintln!(
        "parley: copied {} to {url} ({copied}); the server's triggers checked every row",
        file.display()
    );
    Ok(())
}

/// Copies a server's timeline into `file`, which must not exist yet: written under a
/// temporary name beside it, checked with `parley check`'s rules, and given its name
/// only then. `flag` names the file in messages (`--to`, or backup's `FILE`).
pub(super) async fn server_to_new_file(
    url: &ServerUrl,
    file: &Path,
    flag: &str,
) -> Result<transfer::Transferred> {
    // No database file here to protect: the source is on the server.
    let new = NewFile::reserve(flag, file, Path::new(""))?;
    let server = Server::open(url).await?;
    let (db, _) = match Database::open(new.path()).await {
        Ok(opened) => opened,
        Err(e) => {
            server.close().await;
            return Err(e);
        }
    };
    let copied = transfer::server_to_file(&server, &db).await;
    server.close().await;
    let checked = match copied {
        Ok(copied) => db.check().await.map(|problems| (copied, problems)),
        Err(e) => Err(e),
    };
    db.close().await;
    let (copied, problems) = checked?;
    if !problems.is_empty() {
        for p in &problems {
            eprintln!("parley: check: {}: {}", p.check, p.detail);
        }
        return Err(Error::Check(problems.len()));
    }
    new.commit()?;
    Ok(copied)
}
