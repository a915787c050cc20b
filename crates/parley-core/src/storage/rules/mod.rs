//! The timeline's rules, written once. Each rule has a name, the triggers that
//! enforce it as rows are written (migrations/, which raise its message), and, where
//! a row breaking it can be found afterwards, the query that finds such rows.
//!
//! `parley check` runs every rule's query; a bulk load drops the insert triggers of
//! the tables it fills and runs the same queries once at its end, failing with the
//! rule's message as the trigger would have. `tests/rules.rs` breaks every rule with
//! its triggers in place (the message must be the rule's) and with them dropped
//! (`check` must name the rule), so the SQL and this list cannot drift apart.
//!
//! Some rules leave nothing to find once broken: a replaced or deleted row is gone.
//! Those have no query; `check` still sees what such a write leaves behind (a
//! full-text index out of step with its table, a reference to a missing row).

use futures_util::future::BoxFuture;
use sqlx::SqliteConnection;

use crate::error::{Error, Result};

/// A row that breaks a rule: its id (or key) and what is wrong with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    pub row: String,
    pub detail: String,
}

/// Finds at most `limit` rows breaking a rule (-1: every one).
type Finder = for<'c> fn(&'c mut SqliteConnection, i64) -> BoxFuture<'c, Result<Vec<Violation>>>;

/// One rule of the timeline.
pub struct Rule {
    /// What `check` reports it as.
    pub name: &'static str,
    /// The table whose rows it governs.
    pub table: &'static str,
    /// The triggers that enforce it, all raising `message`.
    pub triggers: &'static [&'static str],
    /// What its triggers raise (SQLite's words for the error, without a prefix).
    pub message: &'static str,
    /// Also enforced by a foreign key: Parley's own connections, which turn foreign
    /// keys on, cannot break it; the triggers are for clients that leave them off.
    pub foreign_key: bool,
    find: Option<Finder>,
}

impl Rule {
    /// Whether a row breaking the rule can be found after the fact.
    pub fn findable(&self) -> bool {
        self.find.is_some()
    }

    /// Up to `limit` rows that break the rule (-1 for all); none for a rule that
    /// leaves nothing to find.
    pub async fn violations(
        &self,
        conn: &mut SqliteConnection,
        limit: i64,
    ) -> Result<Vec<Violation>> {
        match self.find {
            Some(find) => find(conn, limit).await,
            None => Ok(Vec::new()),
        }
    }
}

/// The rule a name stands for.
pub fn rule(name: &str) -> Option<&'static Rule> {
    rules().iter().find(|r| r.name == name)
}

/// Checks, over whole tables at once, the rules whose insert triggers a bulk load of
/// `tables` dropped; fails with the message the first broken rule's trigger raises.
/// Rules a foreign key also enforces hold already on Parley's own connection, and
/// those named in `enforced` the load checks otherwise.
pub async fn check_bulk_load(
    conn: &mut SqliteConnection,
    tables: &[&str],
    enforced: &[&str],
) -> Result<()> {
    for rule in rules()
        .iter()
        .filter(|r| tables.contains(&r.table) && !r.foreign_key && !enforced.contains(&r.name))
    {
        if !rule.violations(conn, 1).await?.is_empty() {
            return Err(Error::Constraint(rule.message.to_owned()));
        }
    }
    Ok(())
}

/// A finder from one checked query selecting `row` and `detail`, limited by `?1`.
macro_rules! finder {
    ($sql:tt) => {{
        fn find(conn: &mut SqliteConnection, limit: i64) -> BoxFuture<'_, Result<Vec<Violation>>> {
            Box::pin(async move {
                Ok(sqlx::query_as!(Violation, $sql, limit)
                    .fetch_all(conn)
                    .await?)
            })
        }
        Some(find as Finder)
    }};
}

/// A lookup vocabulary: Parley's code knows exactly its values.
macro_rules! fixed_vocabulary {
    ($table:literal) => {
        Rule {
            name: concat!($table, "_fixed"),
            table: $table,
            triggers: &[
                concat!($table, "_no_insert"),
                concat!($table, "_keep_meaning"),
                concat!($table, "_no_delete"),
            ],
            message: concat!(
                $table,
                ": the vocabulary is fixed; only labels and descriptions may be edited"
            ),
            foreign_key: false,
            find: None,
        }
    };
}

/// A table Parley updates in place: its keys stay its own, and nothing is deleted.
macro_rules! kept_table {
    ($table:literal, $identity:literal) => {
        [
            Rule {
                name: concat!($table, "_identity"),
                table: $table,
                triggers: &[concat!($table, "_new_key"), concat!($table, "_keep_key")],
                message: $identity,
                foreign_key: false,
                find: None,
            },
            Rule {
                name: concat!($table, "_kept"),
                table: $table,
                triggers: &[concat!($table, "_no_delete")],
                message: concat!($table, ": nothing recorded is ever deleted"),
                foreign_key: false,
                find: None,
            },
        ]
    };
}

/// An append-only table: rows are added with ids of their own, never changed.
macro_rules! append_only_table {
    ($table:literal, $identity:literal) => {
        [
            Rule {
                name: concat!($table, "_identity"),
                table: $table,
                triggers: &[concat!($table, "_new_key")],
                message: $identity,
                foreign_key: false,
                find: None,
            },
            Rule {
                name: concat!($table, "_append_only"),
                table: $table,
                triggers: &[concat!($table, "_no_update"), concat!($table, "_no_delete")],
                message: concat!($table, " is append-only: rows are never changed or deleted"),
                foreign_key: false,
                find: None,
            },
        ]
    };
}

// The rules themselves, by what they guard; declared after the macros they use.
mod ids;
mod retractions;
mod tables;
mod timeline;

use ids::IDS;
use retractions::RETRACTIONS;
use tables::*;
use timeline::{TIMELINE, WRITE_LOG};

/// Every rule: the lookup vocabularies, the tables kept and the append-only tables,
/// then the timeline's own, then the ids never reused.
pub fn rules() -> &'static [Rule] {
    static RULES: std::sync::LazyLock<Vec<Rule>> = std::sync::LazyLock::new(|| {
        let mut rules = vec![
            fixed_vocabulary!("status"),
            fixed_vocabulary!("stance"),
            fixed_vocabulary!("reliability"),
            fixed_vocabulary!("credibility"),
        ];
        for table in [
            PROCESS,
            PARTY,
            PERSON,
            OUTLET,
            SOURCE,
            AGENDA_ITEM,
            ROUND,
            COMMITMENT,
            CITATION,
            PARTY_ALIAS,
            PERSON_ALIAS,
            OUTLET_ALIAS,
            ROUND_NOTE_PERSON,
            ROUND_HISTORY,
            SOURCE_HISTORY,
            PARTY_HISTORY,
            AGENDA_ITEM_HISTORY,
            PARTY_ALIAS_HISTORY,
            ROUND_PARTY_HISTORY,
            COMMITMENT_PARTY,
            COMMITMENT_FATE,
            QUOTE,
            ROUND_NOTE,
            RETRACTION_TABLE,
        ] {
            rules.extend(table);
        }
        rules.extend(ROUND_PARTY);
        rules.extend(WRITE_LOG);
        rules.extend(TIMELINE);
        rules.extend(RETRACTIONS);
        rules.extend(IDS);
        rules
    });
    &RULES
}
