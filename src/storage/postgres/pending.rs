//! The methods a server does not run yet: each refuses, naming what it is, before
//! anything is read or written. Commands that need one are refused by name before
//! they open anything (`Cli::run`), so these are not reached from the
//! command line. A method written for the server, in the file of its area, takes
//! the place of its entry here (delete the entry); when none is left, so is this file.

#![allow(unused_variables)]

use tokio::sync::mpsc;

use super::Server;
use crate::domain::history::Stamps;
use crate::domain::model::Dossier;
use crate::error::{Error, Result};
use crate::storage::{Changes, ImportOptions, Piece};

impl Server {
    pub async fn export_history(
        &self,
        process_id: i64,
        send: impl AsyncFnMut(Dossier, Stamps) -> bool,
    ) -> Result<()> {
        Err(not_yet("export_history"))
    }
}

impl Server {
    pub async fn import(&self, dossier: Dossier, options: &ImportOptions<'_>) -> Result<Changes> {
        Err(not_yet("import"))
    }
    pub async fn import_pieces(
        &self,
        pieces: mpsc::Receiver<Piece>,
        expected_statuses: usize,
        options: &ImportOptions<'_>,
    ) -> Result<Changes> {
        Err(not_yet("import_pieces"))
    }
    pub async fn insert_missing(&self, dossier: Dossier) -> Result<Changes> {
        Err(not_yet("insert_missing"))
    }
}

impl Server {
    pub async fn internal_tables(&self) -> Result<Vec<String>> {
        Err(not_yet("internal_tables"))
    }
}

fn not_yet(what: &'static str) -> Error {
    Error::NotOnServer {
        command: what,
        runs: "",
    }
}
