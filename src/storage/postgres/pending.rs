//! The methods a server does not run yet: each refuses, naming what it is, before
//! anything is read or written. Commands that need one are refused by name before
//! they open anything (`Cli::run`), so these are not reached from the
//! command line. A method written for the server, in the file of its area, takes
//! the place of its entry here (delete the entry); when none is left, so is this file.

#![allow(unused_variables)]

use super::Server;
use crate::error::{Error, Result};
use crate::storage::{RecordHit, SearchHit, SearchQuery};

impl Server {
    pub async fn search(
        &self,
        query: &SearchQuery,
        process_id: Option<i64>,
        limit: i64,
    ) -> Result<Vec<SearchHit>> {
        Err(not_yet("search"))
    }
    pub async fn plain_words_query(&self, words: &[&str]) -> Result<SearchQuery> {
        Err(not_yet("plain_words_query"))
    }
    pub async fn search_records(
        &self,
        fts_query: &str,
        process_id: Option<i64>,
        limit: i64,
    ) -> Result<Vec<RecordHit>> {
        Err(not_yet("search_records"))
    }
}

fn not_yet(what: &'static str) -> Error {
    Error::NotOnServer {
        command: what,
        runs: "",
    }
}
