//! `parley check` on the server: every rule of the timeline searched for by its
//! PostgreSQL statement (queries/check_<rule>.sql, the same question as the file's
//! finder in [`parley_core::storage::rules`], reporting with the same words), then the
//! derived tables against a recomputation from the records, all in one read-only
//! snapshot. The rules themselves (names, tables, messages) are the file's list.
//!
//! What a file's check does that a server's does not:
//! - SQLite's `integrity_check` and `foreign_key_check`: the server keeps its own
//!   storage, and enforces foreign keys for every session (below).
//! - the full-text indexes' check (FTS5's `integrity-check`): the server's `<table>_fts`
//!   tables are plain tables kept by triggers, not compared here.
//!
//! Rules a server holds whatever its triggers: those a foreign key also guards
//! (`Rule::foreign_key`: `status_record_references`, `position_references`,
//! `retraction_references`, and the vocabularies, which are tables with foreign keys
//! there: `status_record_status`, `status_record_confidence`, `position_stance`,
//! `source_reliability`, `citation_credibility`). A file's client may turn foreign keys
//! off; a server's session may not (only a superuser's `session_replication_role =
//! replica` skips them), so their rows cannot be written, even with the rule's triggers
//! disabled (tests/postgres_edits.rs tries). Their searches run all the same.
//!
//! The ids-never-reused rules compare the ids held with the table's sequence
//! (`pg_sequence_last_value`) where a file compares them with `sqlite_sequence`, and
//! say "its sequence" for it.

use sqlx::Connection;

use super::Server;
use parley_core::error::Result;
use parley_core::storage::check::{
    DERIVED_LISTED, Problem, round_order_problem, round_status_count_problem, rule_problem,
    status_in_force_problem,
};
use parley_core::storage::rules::{Violation, rules};

const ROUND_ORDER: &str = include_str!("queries/check_derived_round_order.sql");
const STATUS_IN_FORCE: &str = include_str!("queries/check_derived_status_in_force.sql");
const ROUND_STATUS_COUNT: &str = include_str!("queries/check_derived_round_status_count.sql");

/// The statement that finds the rows breaking a rule, by the rule's name: `$1` rows
/// at most (-1: every one), each as (row, detail).
fn finder(rule: &str) -> Option<&'static str> {
    macro_rules! queries {
        ($($name:literal),* $(,)?) => {
            match rule {
                $($name => Some(include_str!(concat!("queries/check_", $name, ".sql"))),)*
                _ => None,
            }
        };
    }
    queries!(
        "write_log_in_order",
        "status_record_references",
        "status_record_same_process",
        "status_record_one_in_force",
        "status_record_supersedes_same_claim",
        "status_record_correction_later",
        "status_record_status",
        "status_record_confidence",
        "position_references",
        "position_same_process",
        "position_one_in_force",
        "position_supersedes_same_claim",
        "position_correction_later",
        "position_stance",
        "source_reliability",
        "citation_credibility",
        "round_slug_reserved",
        "agenda_item_parent_same_process",
        "agenda_item_no_cycle",
        "retraction_references",
        "retraction_in_force",
        "status_record_not_retracted",
        "position_not_retracted",
        "commitment_fate_not_retracted",
        "commitment_round_not_retracted",
        "quote_round_not_retracted",
        "round_note_round_not_retracted",
        "round_party_round_not_retracted",
        "party_alias_id_never_reused",
        "round_party_id_never_reused",
    )
}

impl Server {
    /// Runs every check and returns the problems found (none for a sound database),
    /// in the order a file's check reports them. Reading only, in one snapshot.
    pub async fn check(&self) -> Result<Vec<Problem>> {
        let mut conn = self.pool().acquire().await?;
        let mut tx = conn
            .begin_with("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
            .await?;
        let mut problems = Vec::new();
        for rule in rules().iter().filter(|r| r.findable()) {
            let sql = finder(rule.name).unwrap_or_else(|| {
                // rules() and the list above are both Parley's: a slip is a bug.
                panic!("rule {} has no PostgreSQL statement", rule.name)
            });
            let found: Vec<(String, String)> =
                sqlx::query_as(sql).bind(-1_i64).fetch_all(&mut *tx).await?;
            problems.extend(
                found
                    .into_iter()
                    .map(|(row, detail)| rule_problem(rule, Violation { row, detail })),
            );
        }
        let rows: Vec<(String, Option<i64>, Option<i64>)> = sqlx::query_as(ROUND_ORDER)
            .bind(DERIVED_LISTED)
            .fetch_all(&mut *tx)
            .await?;
        problems.extend(rows.iter().map(|(r, s, e)| round_order_problem(r, *s, *e)));
        let rows: Vec<(bool, i64, String, String)> = sqlx::query_as(STATUS_IN_FORCE)
            .bind(DERIVED_LISTED)
            .fetch_all(&mut *tx)
            .await?;
        problems.extend(
            rows.iter().map(|(missing, id, item, round)| {
                status_in_force_problem(*missing, *id, item, round)
            }),
        );
        let rows: Vec<(String, Option<i64>, Option<i64>)> = sqlx::query_as(ROUND_STATUS_COUNT)
            .bind(DERIVED_LISTED)
            .fetch_all(&mut *tx)
            .await?;
        problems.extend(
            rows.iter()
                .map(|(r, s, e)| round_status_count_problem(r, *s, *e)),
        );
        tx.rollback().await?;
        Ok(problems)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every rule a file's check searches for has its statement on the server.
    #[test]
    fn every_findable_rule_has_a_server_statement() {
        for rule in rules().iter().filter(|r| r.findable()) {
            assert!(finder(rule.name).is_some(), "{}", rule.name);
        }
    }
}
