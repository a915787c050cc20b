//! The methods a server does not run yet: each refuses, naming what it is, before
//! anything is read or written. Commands that need one are refused by name before
//! they open anything (`Cli::run`), so these are not reached from the
//! command line. A method written for the server, in the file of its area, takes
//! the place of its entry here (delete the entry); when none is left, so is this file.

#![allow(unused_variables)]

use super::Server;
use crate::domain::Instant;
use crate::domain::history::Stamps;
use crate::domain::model::{Dossier, FieldUpdates};
use crate::error::{Error, Result};
use crate::storage::check::Problem;
use crate::storage::edit::{EditKey, EditTable};
use crate::storage::listing::{
    ItemListRow, ItemRecordRow, PartyListRow, RoundDetail, RoundListRow, SourceListRow,
};
use crate::storage::persons::{OutletListRow, PersonListRow, PersonRecordRow};
use crate::storage::{
    Changes, ImportOptions, RecordEdit, RecordHit, RetractTarget, Retracted, SearchHit, SearchQuery,
};

impl Server {
    pub async fn list_rounds(&self, process_id: i64) -> Result<Vec<RoundListRow>> {
        Err(not_yet("list_rounds"))
    }
    pub async fn round_detail(&self, round_id: i64, retracted: bool) -> Result<RoundDetail> {
        Err(not_yet("round_detail"))
    }
    pub async fn list_items(&self, process_id: i64) -> Result<Vec<ItemListRow>> {
        Err(not_yet("list_items"))
    }
    pub async fn item_records(
        &self,
        process_id: i64,
        item: &str,
        as_of: Option<Instant>,
    ) -> Result<Vec<ItemRecordRow>> {
        Err(not_yet("item_records"))
    }
    pub async fn list_parties(&self) -> Result<Vec<PartyListRow>> {
        Err(not_yet("list_parties"))
    }
    pub async fn list_sources(&self) -> Result<Vec<SourceListRow>> {
        Err(not_yet("list_sources"))
    }
    pub async fn list_persons(&self) -> Result<Vec<PersonListRow>> {
        Err(not_yet("list_persons"))
    }
    pub async fn list_outlets(&self) -> Result<Vec<OutletListRow>> {
        Err(not_yet("list_outlets"))
    }
    pub async fn person_records(&self, person: &str) -> Result<Vec<PersonRecordRow>> {
        Err(not_yet("person_records"))
    }
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

impl Server {
    pub async fn export(
        &self,
        process_id: i64,
        rounds: &[i64],
        send: impl AsyncFnMut(Dossier) -> bool,
    ) -> Result<()> {
        Err(not_yet("export"))
    }
    pub async fn export_history(
        &self,
        process_id: i64,
        send: impl AsyncFnMut(Dossier, Stamps) -> bool,
    ) -> Result<()> {
        Err(not_yet("export_history"))
    }
}

impl Server {
    pub async fn retract(
        &self,
        target: RetractTarget<'_>,
        what: &str,
        reason: &str,
        command: &str,
    ) -> Result<Retracted> {
        Err(not_yet("retract"))
    }
    pub async fn import_history(
        &self,
        dossier: Dossier,
        stamps: Stamps,
        options: &ImportOptions<'_>,
    ) -> Result<Changes> {
        Err(not_yet("import_history"))
    }
    pub async fn edit_record<T: EditTable>(
        &self,
        command: &str,
        key: EditKey<'_>,
        updates: &FieldUpdates,
        extra: &T::Extra,
    ) -> Result<RecordEdit> {
        Err(not_yet("edit_record"))
    }
}

impl Server {
    pub async fn check(&self) -> Result<Vec<Problem>> {
        Err(not_yet("check"))
    }
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
