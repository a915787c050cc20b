//! The storage interface: what commands, reports and the import ask of a database,
//! as a few traits by area. Two backends implement them: the SQLite file
//! ([`Database`], the default, in this crate) and a PostgreSQL server (the
//! `parley-postgres` crate's `Server`); the command line picks one at run time by what
//! `--db` names (its `Backend` enum).
//!
//! Code above storage is written against the traits (`&impl Storage`, or the one area
//! it needs), never against a backend. A backend implements the traits by giving
//! itself a method of each name and signature (`impl Server { pub async fn … }`), in
//! the file of its area, beside the statements it runs; its `impl Trait for …` blocks
//! are generated from the one declaration of each method below, by
//! [`implement_storage_by_inherent_methods!`](crate::implement_storage_by_inherent_methods),
//! and an enum of backends is given them by
//! [`implement_storage_by_variants!`](crate::implement_storage_by_variants). So a
//! backend never writes a signature twice, and one that lacks a method, or gives it
//! another signature, does not compile. Nothing here knows SQL. The traits use
//! `async fn` and are used generically, never as `dyn`.

use signature_types::*;

/// Every type the interface's signatures name. The impls the macros below generate in
/// a backend's crate import these, so that the signatures read there as they do here.
#[doc(hidden)]
pub mod signature_types {
    pub use std::collections::HashMap;

    pub use tokio::sync::mpsc;

    pub use crate::domain::Instant;
    pub use crate::domain::history::Stamps;
    pub use crate::domain::model::{Dossier, FieldUpdates, RoundRef};
    pub use crate::domain::names::{Catalog, Catalogs, Named, NamesUsed};
    pub use crate::error::Result;
    pub use crate::storage::check::Problem;
    pub use crate::storage::edit::{EditKey, EditTable};
    pub use crate::storage::listing::{
        ItemListRow, ItemRecordRow, PartyListRow, RoundDetail, RoundListRow, SourceListRow,
    };
    pub use crate::storage::persons::{OutletListRow, PersonListRow, PersonRecordRow};
    pub use crate::storage::{
        Changes, CitationRow, CommitmentRow, HistoryRow, ImportOptions, ItemRow, ItemStances,
        ItemStatuses, NextRoundFacts, Piece, PositionRow, RecordEdit, RecordHit, ReportNoteRow,
        ReportQuoteRow, RetractTarget, Retracted, RoundCitationRow, RoundRow, SchemaObject,
        SearchHit, SearchQuery, StatusRow,
    };
}

/// Everything a database does: every area's trait, and closing it.
#[allow(async_fn_in_trait)]
pub trait Storage: Lookup + Reports + Listings + Exports + Writes + Inspect {
    /// Closes the connections, waiting for each to finish cleanly (on a file, this
    /// checkpoints the write-ahead log).
    async fn close(self);
}

/// Implements every trait of the interface for a backend, each method by the
/// backend's own method of the same name and signature (written beside its statements):
/// `parley_core::implement_storage_by_inherent_methods!(Server);`.
#[macro_export]
macro_rules! implement_storage_by_inherent_methods {
    ($backend:ty) => {
        $crate::__storage_interface!(__forward_to_inherent[$backend]);

        impl $crate::storage::interface::Storage for $backend {
            async fn close(self) {
                <$backend>::close(self).await
            }
        }
    };
}

/// Implements every trait of the interface for an enum of two variants, each holding a
/// backend, each method by handing the call to the backend the value holds:
/// `parley_core::implement_storage_by_variants!(Backend { File, Server });`.
#[macro_export]
macro_rules! implement_storage_by_variants {
    ($backends:ident { $first:ident, $second:ident $(,)? }) => {
        $crate::__storage_interface!(__forward_to_variant[$backends { $first, $second }]);

        impl $crate::storage::interface::Storage for $backends {
            async fn close(self) {
                match self {
                    $backends::$first(backend) => backend.close().await,
                    $backends::$second(backend) => backend.close().await,
                }
            }
        }
    };
}

/// Hands the one declaration of the interface (each area's trait and its methods'
/// signatures) to `$callback`, a macro of this crate, with `[$args]`. Not for use
/// outside the macros above.
#[doc(hidden)]
#[macro_export]
macro_rules! __storage_interface {
    ($callback:ident [$($args:tt)*]) => {
        $crate::$callback! { [$($args)*]
            /// Resolving what users type (names, slugs, round references) to what the database holds.
            pub trait Lookup {
                /// Every process, with the name it answers to: all that a command which only
                /// picks a process needs to read.
                async fn process_catalog(&self) -> Result<Catalog>;

                /// Every party, with the names each answers to: name, short code and aliases.
                async fn party_catalog(&self) -> Result<Catalog>;

                /// Every record of a named kind (parties, persons, outlets), with the names each
                /// answers to: its name, and a party's short code, and its aliases. One path for
                /// every kind: they are few, and resolve alike.
                async fn named_catalog(&self, kind: Named) -> Result<Catalog>;

                /// The party a name is the slug, short code or alias of (the last two regardless
                /// of ASCII case, as their columns compare), each through its index; `None` when
                /// it is none of those.
                async fn party_by_index(&self, name: &str) -> Result<Option<String>>;

                /// The record of a named kind whose slug, alias (or a party's short code) a name
                /// is, each through its index (aliases and short codes regardless of ASCII case,
                /// as their columns compare); `None` when it is none of those, or names two.
                async fn named_by_index(&self, kind: Named, name: &str) -> Result<Option<String>>;

                /// A process's agenda items, with the titles they answer to.
                async fn item_catalog(&self, process_id: i64) -> Result<Catalog>;

                /// The agenda item of a process whose slug `slug` is, through its index.
                async fn item_by_slug(&self, process_id: i64, slug: &str) -> Result<Option<String>>;

                /// An agenda item and the items above it, from `slug` up to the top of its tree,
                /// each through the primary key.
                async fn item_and_ancestors(&self, process_id: i64, slug: &str) -> Result<Vec<String>>;

                /// Every source's slug (sources answer to nothing else).
                async fn source_catalog(&self) -> Result<Catalog>;

                /// Whether a source of this slug exists, through its index.
                async fn source_by_slug(&self, slug: &str) -> Result<Option<String>>;

                /// Every process, party, source, agenda item and round, with the names each
                /// answers to: what a large import checks its files against.
                async fn catalogs(&self) -> Result<Catalogs>;

                /// What files that use only `used` are checked against: every process, party,
                /// person and outlet
                /// and the items of the processes named (all few), and of sources and rounds,
                /// which may be many, only those named by slug. A file that names one otherwise
                /// (by another case, or mistyped) fails its check against these: it is checked
                /// again against [`Database::catalogs`], which finds or suggests the record.
                async fn catalogs_for(&self, used: &NamesUsed) -> Result<Catalogs>;

                /// A process's rounds in number order.
                async fn rounds(&self, process_id: i64) -> Result<Vec<RoundRef>>;

                /// The round an analyst named (see [`RoundRef::find`]); an error names `flag`.
                ///
                /// `latest`, `previous`, a number and an exact slug are each one indexed lookup.
                /// Anything else (a title, a slug in another case, a mistyped name), and a name
                /// that finds nothing that way, is resolved against every round of the process,
                /// which also gives the error its suggestions.
                async fn resolve_round(&self, process_id: i64, name: &str, flag: &str) -> Result<RoundRef>;

                /// The id of an agenda item of a process.
                async fn item_id(&self, process_id: i64, slug: &str) -> Result<i64>;

                /// The round of a process with this slug.
                async fn round_by_slug(&self, process_id: i64, slug: &str) -> Result<Option<RoundRef>>;

                /// A round, the first `shown` rounds after it in number order, and how many more
                /// there are: what a round added before others renumbered.
                async fn round_and_later(
                    &self,
                    process_id: i64,
                    slug: &str,
                    shown: i64,
                ) -> Result<(RoundRef, Vec<RoundRef>, i64)>;

                /// The rounds of a process that hold a commitment of this slug.
                async fn rounds_with_commitment(
                    &self,
                    process_id: i64,
                    slug: &str,
                ) -> Result<Vec<RoundRef>>;

                /// The slugs of a process's commitments, for suggestions.
                async fn commitment_slugs(&self, process_id: i64) -> Result<Vec<String>>;

                /// The id of a process by slug.
                async fn process_id(&self, slug: &str) -> Result<Option<(i64, String)>>;

                /// Whether a process holds a round of this slug.
                async fn round_exists(&self, process_id: i64, slug: &str) -> Result<bool>;

                /// The retraction of what `target` names, if it was retracted: its reason and
                /// when. For the commands that would correct it, to refuse with the reason (the
                /// schema's triggers refuse it too, whoever writes).
                async fn retraction(&self, target: RetractTarget<'_>) -> Result<Option<(String, Instant)>>;

                /// The retraction of a round with this slug, if the process has one that was
                /// retracted: its reason and when.
                async fn retracted_round(
                    &self,
                    process_id: i64,
                    slug: &str,
                ) -> Result<Option<(String, Instant)>>;
            }

            /// The reads behind `report`, `diff`, `timeline` and `round new`'s template.
            pub trait Reports {
                /// How an item stands at a round after corrections: its status there, its status
                /// at its previous round, and the movement between them.
                async fn movement_at(
                    &self,
                    item_id: i64,
                    round_id: i64,
                ) -> Result<Option<(String, Option<String>, String)>>;

                /// The process's rounds recorded by `as_of`, in order, with their numbers. As of
                /// an earlier instant each round reads as it did then (its version in force, from
                /// `round_history`), and is numbered among the rounds recorded by then.
                async fn report_rounds(
                    &self,
                    process_id: i64,
                    as_of: Option<Instant>,
                ) -> Result<Vec<RoundRow>>;

                /// The process's agenda items recorded by `as_of`, in the order they were
                /// recorded, each as it read then: the earliest version in `agenda_item_history`
                /// replaced after `as_of`, else the item's row. An item's row changed before that
                /// history was kept records only its latest change, so an item changed since
                /// counts too if a status or position about it was recorded by then.
                async fn report_items(
                    &self,
                    process_id: i64,
                    as_of: Option<Instant>,
                ) -> Result<Vec<ItemRow>>;

                /// Every status record of the process in force at `as_of`, grouped by item.
                ///
                /// A report over a long history reads a million records; handing each across
                /// as a row of its own costs more than reading it. SQLite packs each item's
                /// records into one JSON array instead, so only one row per item crosses over.
                async fn report_statuses(
                    &self,
                    process_id: i64,
                    as_of: Option<Instant>,
                ) -> Result<Vec<StatusRow>>;

                /// The notes of the given status records (the report shows only the current
                /// record's, so the timeline read leaves them out).
                async fn report_notes(&self, status_record_ids: &[i64]) -> Result<HashMap<i64, String>>;

                /// Every position of the process in force at `as_of`, its party named as it was
                /// then (`party_history`).
                async fn report_positions(
                    &self,
                    process_id: i64,
                    as_of: Option<Instant>,
                ) -> Result<Vec<PositionRow>>;

                /// The sources cited by the given status records, each as it read at `as_of`
                /// (its earliest version in `source_history` replaced after then, else its row).
                async fn report_citations(
                    &self,
                    status_record_ids: &[i64],
                    as_of: Option<Instant>,
                ) -> Result<Vec<CitationRow>>;

                /// The process's commitments recorded by `as_of`, with their fate then and their
                /// parties' names then.
                async fn report_commitments(
                    &self,
                    process_id: i64,
                    as_of: Option<Instant>,
                ) -> Result<Vec<CommitmentRow>>;

                /// The notes of the process's rounds recorded by `as_of`, in the order written.
                async fn report_round_notes(
                    &self,
                    process_id: i64,
                    as_of: Option<Instant>,
                ) -> Result<Vec<ReportNoteRow>>;

                /// The quotes of the process's rounds recorded by `as_of`, in the order written,
                /// the speaker's party named as it was then.
                async fn report_quotes(
                    &self,
                    process_id: i64,
                    as_of: Option<Instant>,
                ) -> Result<Vec<ReportQuoteRow>>;

                /// The sources cited for the given rounds as a whole.
                async fn report_round_citations(&self, round_ids: &[i64]) -> Result<Vec<RoundCitationRow>>;

                /// Every item of the process, in the order recorded, with its status in force
                /// after round `a` and after round `b`.
                async fn statuses_at(&self, a: &RoundRef, b: &RoundRef) -> Result<Vec<ItemStatuses>>;

                /// Each party's stance in force after round `a` and after round `b`, for every
                /// party and item with a position recorded between the two (which are the only
                /// ones that can differ), by item in the order recorded, then party.
                async fn stances_at(&self, a: &RoundRef, b: &RoundRef) -> Result<Vec<ItemStances>>;

                /// The status records of a process (of one item when `item` is a slug) recorded
                /// by `as_of` (now when `None`), in round order, then item order, then the order
                /// they were written. A record counts as superseded only by a correction recorded
                /// by then; an item's records at a round whose status was retracted by then (the
                /// retracted record and the ones it corrected), and those of rounds retracted by
                /// then, are left out.
                async fn status_history(
                    &self,
                    process_id: i64,
                    item: Option<&str>,
                    as_of: Option<Instant>,
                ) -> Result<Vec<HistoryRow>>;

                /// What the template of `process_id`'s next round starts from, with at most
                /// `sources` sources.
                async fn next_round_facts(&self, process_id: i64, sources: i64) -> Result<NextRoundFacts>;
            }

            /// The lists and shows of records, and full-text search.
            pub trait Listings {
                /// A process's rounds in number order, each with its participants and its count of
                /// statuses: the rounds from one range of an index, their participants from one range
                /// of another, joined here.
                async fn list_rounds(&self, process_id: i64) -> Result<Vec<RoundListRow>>;

                /// Everything on one round; retracted claims only when `retracted` is true.
                async fn round_detail(&self, round_id: i64, retracted: bool) -> Result<RoundDetail>;

                async fn list_items(&self, process_id: i64) -> Result<Vec<ItemListRow>>;

                /// Every status record of an item recorded by `as_of` (now when `None`),
                /// corrections and corrected records included, in round order and then in the
                /// order they were recorded; each with whether it was in force then and, if it was
                /// retracted by then, the reason. The records of a round retracted by then are left
                /// out; the rounds are numbered as they were then.
                async fn item_records(
                    &self,
                    process_id: i64,
                    item: &str,
                    as_of: Option<Instant>,
                ) -> Result<Vec<ItemRecordRow>>;

                async fn list_parties(&self) -> Result<Vec<PartyListRow>>;

                async fn list_sources(&self) -> Result<Vec<SourceListRow>>;

                async fn list_persons(&self) -> Result<Vec<PersonListRow>>;

                async fn list_outlets(&self) -> Result<Vec<OutletListRow>>;

                /// Every delegation a person led, quote they spoke and note naming them, in round
                /// order (by process, then number), then in that order of parts, then as recorded.
                async fn person_records(&self, person: &str) -> Result<Vec<PersonRecordRow>>;

                /// What matches an FTS5 query, at most `limit` hits, kind by kind: agenda items
                /// best match first, then rounds, status notes in force, position notes in force,
                /// round notes and quotes, each newest first; only the process `process_id` when
                /// one is given. Each kind costs the hits it returns, not the size of its index.
                async fn search(
                    &self,
                    query: &SearchQuery,
                    process_id: Option<i64>,
                    limit: i64,
                ) -> Result<Vec<SearchHit>>;

                /// Plain words as an FTS5 query that every word must match, as a word or as the
                /// start of one (`prison` finds "prisoner"); each is taken literally (punctuation
                /// and FTS5's keywords included).
                ///
                /// FTS5 matches a prefix (`"prison"*`) by merging the whole list of rows of every
                /// word that starts with it before returning the first: for a word in most notes,
                /// that is what the index holds (400,000 rows at 1M records), however few hits are
                /// shown. So a word is looked up first in the indexes' vocabularies, where finding
                /// the words it starts is a seek each: one that starts no other word is matched as
                /// itself, one that starts a few (`"prison" OR "prisoner"`) as those whole words,
                /// and FTS5 then reads only the newest rows of each. The same rows match either
                /// way. A word that starts many others, or is not plain ASCII (which the indexes'
                /// tokenizer folds by its own tables), is left to FTS5 as a prefix.
                async fn plain_words_query(&self, words: &[&str]) -> Result<SearchQuery>;

                /// Sources, parties, persons, outlets, commitments and fates matching an FTS5
                /// query, in that order, best matches of each kind first, at most `limit`. Each index is ranked and cut
                /// to `limit` before its rows are read. With `process_id`, commitments and fates
                /// of other processes are left out; sources and parties are kept (every process
                /// shares them).
                async fn search_records(
                    &self,
                    fts_query: &str,
                    process_id: Option<i64>,
                    limit: i64,
                ) -> Result<Vec<RecordHit>>;
            }

            /// Writing a process out as round files, and its audit trail.
            pub trait Exports {
                /// The process with the given rounds (all of them when `rounds` is empty), read in
                /// one transaction, so that a write in the meantime is not half seen. `send` gets
                /// first the process with every party and source in the database and every item
                /// of the process, then the rounds in order, a run of them at a time (in a dossier
                /// that holds nothing else). When `send` says `false` (the reader has gone), the
                /// export stops.
                async fn export(
                    &self,
                    process_id: i64,
                    rounds: &[i64],
                    send: impl AsyncFnMut(Dossier) -> bool,
                ) -> Result<()>;

                /// Every round of a process with its history, read in one transaction. `send`
                /// gets first the process, every party and source and the process's items, with
                /// their stamps, then the rounds in order, a run at a time. When `send` says
                /// `false` (the reader has gone), the export stops.
                async fn export_history(
                    &self,
                    process_id: i64,
                    send: impl AsyncFnMut(Dossier, Stamps) -> bool,
                ) -> Result<()>;
            }

            /// Every write: imports (which every logging command goes through), the seed, edits of records in place, retractions, and loading an audit trail.
            pub trait Writes {
                /// Retracts what `target` names, with `reason`, in one `BEGIN IMMEDIATE`
                /// transaction that also appends the write's row to `write_log`. `what` names
                /// it in messages and in the log (`the status of prisoner-exchanges at round 2
                /// (…)`). Refused, writing nothing, when it does not exist, was retracted
                /// already, or was logged at a round that was.
                async fn retract(
                    &self,
                    target: RetractTarget<'_>,
                    what: &str,
                    reason: &str,
                    command: &str,
                ) -> Result<Retracted>;

                /// Writes a dossier in one `BEGIN IMMEDIATE` transaction: all of it or none.
                async fn import(&self, dossier: Dossier, options: &ImportOptions<'_>) -> Result<Changes>;

                /// Writes pieces as they arrive, in one `BEGIN IMMEDIATE` transaction that commits
                /// only once [`Piece::Complete`] has arrived. If the sender goes away before that,
                /// everything is rolled back and the import fails with
                /// [`crate::Error::Incomplete`]. `expected_statuses` is about how many status
                /// records the pieces hold, if known: a large import into an empty timeline is
                /// loaded in bulk from its first write. A dry run plans the pieces in a read
                /// transaction, which takes no lock and writes nothing.
                async fn import_pieces(
                    &self,
                    pieces: mpsc::Receiver<Piece>,
                    expected_statuses: usize,
                    options: &ImportOptions<'_>,
                ) -> Result<Changes>;

                /// Writes a history export in one `BEGIN IMMEDIATE` transaction: all of it or
                /// none. Refused, with nothing written, unless the database holds no records. A
                /// dry run writes everything and rolls it back.
                async fn import_history(
                    &self,
                    dossier: Dossier,
                    stamps: Stamps,
                    options: &ImportOptions<'_>,
                ) -> Result<Changes>;

                /// Adds the records of `dossier` the database lacks, in one `BEGIN IMMEDIATE`
                /// transaction; what exists, and the instant recorded, are decided once the lock
                /// is held.
                async fn insert_missing(&self, dossier: Dossier) -> Result<Changes>;

                /// Changes the fields `updates` names of the record `key` names, and does what
                /// `extra` asks, in one transaction; the earlier version is kept in the table's
                /// history. Writes nothing (and logs no write) when the record holds every value
                /// given already: the edit then has no fields.
                async fn edit_record<T: EditTable>(
                    &self,
                    command: &str,
                    key: EditKey<'_>,
                    updates: &FieldUpdates,
                    extra: &T::Extra,
                ) -> Result<RecordEdit>;
            }

            /// Looking at the database as a whole: its problems, its documented schema, and analysts' own read-only SQL.
            pub trait Inspect {
                /// Runs every check and returns the problems found (none for a sound file).
                /// Reading only; the full-text indexes are compared with their tables in a
                /// transaction that writes nothing and is rolled back, when the file is writable.
                async fn check(&self) -> Result<Vec<Problem>>;

                /// Every table and view of Parley's schema, tables first, in the order the migrations
                /// introduced them.
                async fn schema(&self) -> Result<Vec<SchemaObject>>;
            }
        }
    };
}

/// Declares each area's trait (here, once).
#[doc(hidden)]
#[macro_export]
macro_rules! __declare_traits {
    ([] $(
        $(#[$trait_attr:meta])*
        pub trait $trait:ident {
            $(
                $(#[$attr:meta])*
                async fn $name:ident $(<$generic:ident: $bound:path>)? (
                    &self $(, $arg:ident: $ty:ty)* $(,)?
                ) -> $ret:ty;
            )*
        }
    )*) => {
        $(
            $(#[$trait_attr])*
            #[allow(async_fn_in_trait)]
            pub trait $trait {
                $(
                    $(#[$attr])*
                    async fn $name $(<$generic: $bound>)? (&self $(, $arg: $ty)*) -> $ret;
                )*
            }
        )*
    };
}

/// Implements each area's trait for `$backend` by its inherent methods. `Type::method`
/// names the inherent method, which takes precedence over the trait's of that name.
#[doc(hidden)]
#[macro_export]
macro_rules! __forward_to_inherent {
    ([$backend:ty] $(
        $(#[$trait_attr:meta])*
        pub trait $trait:ident {
            $(
                $(#[$attr:meta])*
                async fn $name:ident $(<$generic:ident: $bound:path>)? (
                    &self $(, $arg:ident: $ty:ty)* $(,)?
                ) -> $ret:ty;
            )*
        }
    )*) => {
        // An unnamed const, so that the signatures' types are in scope here as they
        // are where the traits are declared, whichever crate this expands in.
        const _: () = {
            use $crate::storage::interface::signature_types::*;
            $(
                impl $crate::storage::interface::$trait for $backend {
                    $(
                        async fn $name $(<$generic: $bound>)? (&self $(, $arg: $ty)*) -> $ret {
                            <$backend>::$name $(::<$generic>)? (self $(, $arg)*).await
                        }
                    )*
                }
            )*
        };
    };
}

/// Implements each area's trait for an enum of backends by a `match` on the variant.
#[doc(hidden)]
#[macro_export]
macro_rules! __forward_to_variant {
    ([$backends:ident { $first:ident, $second:ident }] $(
        $(#[$trait_attr:meta])*
        pub trait $trait:ident {
            $(
                $(#[$attr:meta])*
                async fn $name:ident $(<$generic:ident: $bound:path>)? (
                    &self $(, $arg:ident: $ty:ty)* $(,)?
                ) -> $ret:ty;
            )*
        }
    )*) => {
        const _: () = {
            use $crate::storage::interface::signature_types::*;
            $(
                impl $crate::storage::interface::$trait for $backends {
                    $(
                        async fn $name $(<$generic: $bound>)? (&self $(, $arg: $ty)*) -> $ret {
                            match self {
                                $backends::$first(backend) => {
                                    backend.$name $(::<$generic>)? ($($arg),*).await
                                }
                                $backends::$second(backend) => {
                                    backend.$name $(::<$generic>)? ($($arg),*).await
                                }
                            }
                        }
                    )*
                }
            )*
        };
    };
}

__storage_interface!(__declare_traits []);

implement_storage_by_inherent_methods!(super::Database);

/// Every trait of the interface, for code that calls a database's methods:
/// `use crate::storage::prelude::*;`.
pub mod prelude {
    pub use super::{Exports, Inspect, Listings, Lookup, Reports, Storage, Writes};
}
