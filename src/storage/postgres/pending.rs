//! The methods a server does not run yet: each refuses, naming what it is, before
//! anything is read or written. Commands that need one are refused by name before
//! they open anything (`Cli::run`), so these are not reached from the
//! command line. A method written for the server, in the file of its area, takes
//! the place of its entry here (delete the entry); when none is left, so is this file.

#![allow(unused_variables)]

use std::collections::HashMap;

use super::Server;
use crate::domain::Instant;
use crate::domain::history::Stamps;
use crate::domain::model::{Dossier, FieldUpdates, RoundRef};
use crate::domain::names::{Catalog, Catalogs, Named, NamesUsed};
use crate::error::{Error, Result};
use crate::storage::check::Problem;
use crate::storage::edit::{EditKey, EditTable};
use crate::storage::listing::{
    ItemListRow, ItemRecordRow, PartyListRow, RoundDetail, RoundListRow, SourceListRow,
};
use crate::storage::persons::{OutletListRow, PersonListRow, PersonRecordRow};
use crate::storage::{
    Changes, CitationRow, CommitmentRow, HistoryRow, ImportOptions, ItemRow, ItemStances,
    ItemStatuses, NextRoundFacts, PositionRow, RecordEdit, RecordHit, ReportNoteRow,
    ReportQuoteRow, RetractTarget, Retracted, RoundCitationRow, RoundRow, SearchHit, SearchQuery,
    StatusRow,
};

impl Server {
    pub async fn process_catalog(&self) -> Result<Catalog> {
        Err(not_yet("process_catalog"))
    }
    pub async fn party_catalog(&self) -> Result<Catalog> {
        Err(not_yet("party_catalog"))
    }
    pub async fn named_catalog(&self, kind: Named) -> Result<Catalog> {
        Err(not_yet("named_catalog"))
    }
    pub async fn party_by_index(&self, name: &str) -> Result<Option<String>> {
        Err(not_yet("party_by_index"))
    }
    pub async fn named_by_index(&self, kind: Named, name: &str) -> Result<Option<String>> {
        Err(not_yet("named_by_index"))
    }
    pub async fn item_catalog(&self, process_id: i64) -> Result<Catalog> {
        Err(not_yet("item_catalog"))
    }
    pub async fn item_by_slug(&self, process_id: i64, slug: &str) -> Result<Option<String>> {
        Err(not_yet("item_by_slug"))
    }
    pub async fn item_and_ancestors(&self, process_id: i64, slug: &str) -> Result<Vec<String>> {
        Err(not_yet("item_and_ancestors"))
    }
    pub async fn source_catalog(&self) -> Result<Catalog> {
        Err(not_yet("source_catalog"))
    }
    pub async fn source_by_slug(&self, slug: &str) -> Result<Option<String>> {
        Err(not_yet("source_by_slug"))
    }
    pub async fn catalogs(&self) -> Result<Catalogs> {
        Err(not_yet("catalogs"))
    }
    pub async fn catalogs_for(&self, used: &NamesUsed) -> Result<Catalogs> {
        Err(not_yet("catalogs_for"))
    }
    pub async fn rounds(&self, process_id: i64) -> Result<Vec<RoundRef>> {
        Err(not_yet("rounds"))
    }
    pub async fn resolve_round(&self, process_id: i64, name: &str, flag: &str) -> Result<RoundRef> {
        Err(not_yet("resolve_round"))
    }
    pub async fn item_id(&self, process_id: i64, slug: &str) -> Result<i64> {
        Err(not_yet("item_id"))
    }
    pub async fn round_by_slug(&self, process_id: i64, slug: &str) -> Result<Option<RoundRef>> {
        Err(not_yet("round_by_slug"))
    }
    pub async fn round_and_later(
        &self,
        process_id: i64,
        slug: &str,
        shown: i64,
    ) -> Result<(RoundRef, Vec<RoundRef>, i64)> {
        Err(not_yet("round_and_later"))
    }
    pub async fn rounds_with_commitment(
        &self,
        process_id: i64,
        slug: &str,
    ) -> Result<Vec<RoundRef>> {
        Err(not_yet("rounds_with_commitment"))
    }
    pub async fn commitment_slugs(&self, process_id: i64) -> Result<Vec<String>> {
        Err(not_yet("commitment_slugs"))
    }
    pub async fn process_id(&self, slug: &str) -> Result<Option<(i64, String)>> {
        Err(not_yet("process_id"))
    }
    pub async fn round_exists(&self, process_id: i64, slug: &str) -> Result<bool> {
        Err(not_yet("round_exists"))
    }
    pub async fn retraction(&self, target: RetractTarget<'_>) -> Result<Option<(String, Instant)>> {
        Err(not_yet("retraction"))
    }
    pub async fn retracted_round(
        &self,
        process_id: i64,
        slug: &str,
    ) -> Result<Option<(String, Instant)>> {
        Err(not_yet("retracted_round"))
    }
}

impl Server {
    pub async fn movement_at(
        &self,
        item_id: i64,
        round_id: i64,
    ) -> Result<Option<(String, Option<String>, String)>> {
        Err(not_yet("movement_at"))
    }
    pub async fn report_rounds(
        &self,
        process_id: i64,
        as_of: Option<Instant>,
    ) -> Result<Vec<RoundRow>> {
        Err(not_yet("report_rounds"))
    }
    pub async fn report_items(
        &self,
        process_id: i64,
        as_of: Option<Instant>,
    ) -> Result<Vec<ItemRow>> {
        Err(not_yet("report_items"))
    }
    pub async fn report_statuses(
        &self,
        process_id: i64,
        as_of: Option<Instant>,
    ) -> Result<Vec<StatusRow>> {
        Err(not_yet("report_statuses"))
    }
    pub async fn report_notes(&self, status_record_ids: &[i64]) -> Result<HashMap<i64, String>> {
        Err(not_yet("report_notes"))
    }
    pub async fn report_positions(
        &self,
        process_id: i64,
        as_of: Option<Instant>,
    ) -> Result<Vec<PositionRow>> {
        Err(not_yet("report_positions"))
    }
    pub async fn report_citations(
        &self,
        status_record_ids: &[i64],
        as_of: Option<Instant>,
    ) -> Result<Vec<CitationRow>> {
        Err(not_yet("report_citations"))
    }
    pub async fn report_commitments(
        &self,
        process_id: i64,
        as_of: Option<Instant>,
    ) -> Result<Vec<CommitmentRow>> {
        Err(not_yet("report_commitments"))
    }
    pub async fn report_round_notes(
        &self,
        process_id: i64,
        as_of: Option<Instant>,
    ) -> Result<Vec<ReportNoteRow>> {
        Err(not_yet("report_round_notes"))
    }
    pub async fn report_quotes(
        &self,
        process_id: i64,
        as_of: Option<Instant>,
    ) -> Result<Vec<ReportQuoteRow>> {
        Err(not_yet("report_quotes"))
    }
    pub async fn report_round_citations(&self, round_ids: &[i64]) -> Result<Vec<RoundCitationRow>> {
        Err(not_yet("report_round_citations"))
    }
    pub async fn statuses_at(&self, a: &RoundRef, b: &RoundRef) -> Result<Vec<ItemStatuses>> {
        Err(not_yet("statuses_at"))
    }
    pub async fn stances_at(&self, a: &RoundRef, b: &RoundRef) -> Result<Vec<ItemStances>> {
        Err(not_yet("stances_at"))
    }
    pub async fn status_history(
        &self,
        process_id: i64,
        item: Option<&str>,
        as_of: Option<Instant>,
    ) -> Result<Vec<HistoryRow>> {
        Err(not_yet("status_history"))
    }
    pub async fn next_round_facts(&self, process_id: i64, sources: i64) -> Result<NextRoundFacts> {
        Err(not_yet("next_round_facts"))
    }
}

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
