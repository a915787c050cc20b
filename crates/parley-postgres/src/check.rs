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

use sqlx::{Connection, PgConnection};

use super::Server;
use parley_core::error::Result;
use parley_core::storage::check::{
    DERIVED_LISTED, Problem, round_order_problem, round_status_count_problem, rule_problem,
    status_in_force_problem,
};
use parley_core::storage::rules::{Violation, rules};

/// The statement finding the rows that break each rule, by the rule's name
/// (queries/check_<rule>.sql): `$1` rows at most (-1: every one), each as its `row`
/// and `detail`. One `match` arm per rule, each a checked macro.
macro_rules! finders {
    ($($name:literal => $file:literal),* $(,)?) => {
        /// The rules that have a statement here.
        #[cfg(test)]
        const FINDABLE: &[&str] = &[$($name),*];

        /// Every row breaking the rule `rule` names; `None` for a rule with no
        /// statement here.
        async fn find(conn: &mut PgConnection, rule: &str) -> Result<Option<Vec<Violation>>> {
            Ok(Some(match rule {
                $($name => sqlx::query_file_as!(Violation, $file, -1)
                    .fetch_all(&mut *conn)
                    .await?,)*
                _ => return Ok(None),
            }))
        }
    };
}

finders!(
    "write_log_in_order" => "src/queries/check_write_log_in_order.sql",
    "status_record_references" => "src/queries/check_status_record_references.sql",
    "status_record_same_process" => "src/queries/check_status_record_same_process.sql",
    "status_record_one_in_force" => "src/queries/check_status_record_one_in_force.sql",
    "status_record_supersedes_same_claim" => "src/queries/check_status_record_supersedes_same_claim.sql",
    "status_record_correction_later" => "src/queries/check_status_record_correction_later.sql",
    "status_record_status" => "src/queries/check_status_record_status.sql",
    "status_record_confidence" => "src/queries/check_status_record_confidence.sql",
    "position_references" => "src/queries/check_position_references.sql",
    "position_same_process" => "src/queries/check_position_same_process.sql",
    "position_one_in_force" => "src/queries/check_position_one_in_force.sql",
    "position_supersedes_same_claim" => "src/queries/check_position_supersedes_same_claim.sql",
    "position_correction_later" => "src/queries/check_position_correction_later.sql",
    "position_stance" => "src/queries/check_position_stance.sql",
    "source_reliability" => "src/queries/check_source_reliability.sql",
    "citation_credibility" => "src/queries/check_citation_credibility.sql",
    "round_slug_reserved" => "src/queries/check_round_slug_reserved.sql",
    "agenda_item_parent_same_process" => "src/queries/check_agenda_item_parent_same_process.sql",
    "agenda_item_no_cycle" => "src/queries/check_agenda_item_no_cycle.sql",
    "retraction_references" => "src/queries/check_retraction_references.sql",
    "retraction_in_force" => "src/queries/check_retraction_in_force.sql",
    "status_record_not_retracted" => "src/queries/check_status_record_not_retracted.sql",
    "position_not_retracted" => "src/queries/check_position_not_retracted.sql",
    "commitment_fate_not_retracted" => "src/queries/check_commitment_fate_not_retracted.sql",
    "commitment_round_not_retracted" => "src/queries/check_commitment_round_not_retracted.sql",
    "quote_round_not_retracted" => "src/queries/check_quote_round_not_retracted.sql",
    "round_note_round_not_retracted" => "src/queries/check_round_note_round_not_retracted.sql",
    "round_party_round_not_retracted" => "src/queries/check_round_party_round_not_retracted.sql",
    "party_alias_id_never_reused" => "src/queries/check_party_alias_id_never_reused.sql",
    "round_party_id_never_reused" => "src/queries/check_round_party_id_never_reused.sql",
);

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
            let found = find(&mut tx, rule.name).await?.unwrap_or_else(|| {
                // rules() and the list above are both Parley's: a slip is a bug.
                panic!("rule {} has no PostgreSQL statement", rule.name)
            });
            problems.extend(found.into_iter().map(|found| rule_problem(rule, found)));
        }
        let rows = sqlx::query_file!("src/queries/check_derived_round_order.sql", DERIVED_LISTED)
            .fetch_all(&mut *tx)
            .await?;
        problems.extend(
            rows.iter()
                .map(|r| round_order_problem(&r.round, r.stored, r.expected)),
        );
        let rows = sqlx::query_file!(
            "src/queries/check_derived_status_in_force.sql",
            DERIVED_LISTED
        )
        .fetch_all(&mut *tx)
        .await?;
        problems
            .extend(rows.iter().map(|r| {
                status_in_force_problem(r.missing, r.status_record_id, &r.item, &r.round)
            }));
        let rows = sqlx::query_file!(
            "src/queries/check_derived_round_status_count.sql",
            DERIVED_LISTED
        )
        .fetch_all(&mut *tx)
        .await?;
        problems.extend(
            rows.iter()
                .map(|r| round_status_count_problem(&r.round, r.stored, r.expected)),
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
            assert!(FINDABLE.contains(&rule.name), "{}", rule.name);
        }
    }
}
