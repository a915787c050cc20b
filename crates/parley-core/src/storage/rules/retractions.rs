//! What a retraction names, and what a retracted claim or round no longer takes.

use futures_util::future::BoxFuture;
use sqlx::SqliteConnection;

use super::{Finder, Rule, Violation};
use crate::error::Result;

/// Retractions (migrations/20251215000000_retractions.sql): what a retraction names,
/// and what a retracted claim or round no longer takes. A row written at a retracted
/// round is found when it was recorded after the round's retraction.
pub(super) const RETRACTIONS: [Rule; 10] = [
    Rule {
        name: "retraction_references",
        table: "retraction",
        triggers: &["retraction_references"],
        message: "retraction: the claim, round or write it names does not exist",
        foreign_key: true,
        find: finder!(
            r#"SELECT CAST(x.retraction_id AS TEXT) AS "row!: String",
                      'names a claim, round or write that does not exist' AS "detail!: String"
               FROM retraction x
               WHERE (x.round_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM round WHERE round_id = x.round_id))
                  OR (x.status_record_id IS NOT NULL
                      AND NOT EXISTS (SELECT 1 FROM status_record WHERE status_record_id = x.status_record_id))
                  OR (x.position_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM position WHERE position_id = x.position_id))
                  OR (x.commitment_id IS NOT NULL
                      AND NOT EXISTS (SELECT 1 FROM commitment WHERE commitment_id = x.commitment_id))
                  OR (x.quote_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM quote WHERE quote_id = x.quote_id))
                  OR (x.round_note_id IS NOT NULL
                      AND NOT EXISTS (SELECT 1 FROM round_note WHERE round_note_id = x.round_note_id))
                  OR NOT EXISTS (SELECT 1 FROM write_log WHERE write_log_id = x.write_log_id)
               ORDER BY x.retraction_id LIMIT ?1"#
        ),
    },
    Rule {
        name: "retraction_in_force",
        table: "retraction",
        triggers: &["retraction_in_force"],
        message: "retraction: a status record or position retracted must be the one in force (nothing supersedes it)",
        foreign_key: false,
        find: finder!(
            r#"SELECT CAST(x.retraction_id AS TEXT) AS "row!: String",
                      CASE WHEN x.status_record_id IS NOT NULL
                           THEN printf('retracts status_record %d, which a correction supersedes', x.status_record_id)
                           ELSE printf('retracts position %d, which a correction supersedes', x.position_id) END
                          AS "detail!: String"
               FROM retraction x
               WHERE EXISTS (SELECT 1 FROM status_record c WHERE c.supersedes_status_record_id = x.status_record_id)
                  OR EXISTS (SELECT 1 FROM position c WHERE c.supersedes_position_id = x.position_id)
               ORDER BY x.retraction_id LIMIT ?1"#
        ),
    },
    Rule {
        name: "status_record_not_retracted",
        table: "status_record",
        triggers: &["status_record_not_retracted"],
        message: "status_record: the record it corrects, or its round, is retracted; a retracted claim is never corrected",
        foreign_key: false,
        find: finder!(
            r#"SELECT CAST(n.status_record_id AS TEXT) AS "row!: String",
                      printf('corrects a retracted record, or was recorded at round %d after its retraction', n.round_id)
                          AS "detail!: String"
               FROM status_record n
               WHERE EXISTS (SELECT 1 FROM retraction x WHERE x.status_record_id = n.supersedes_status_record_id)
                  OR EXISTS (SELECT 1 FROM retraction x WHERE x.round_id = n.round_id AND x.recorded_at < n.recorded_at)
               ORDER BY n.status_record_id LIMIT ?1"#
        ),
    },
    Rule {
        name: "position_not_retracted",
        table: "position",
        triggers: &["position_not_retracted"],
        message: "position: the row it corrects, or its round, is retracted; a retracted claim is never corrected",
        foreign_key: false,
        find: finder!(
            r#"SELECT CAST(n.position_id AS TEXT) AS "row!: String",
                      printf('corrects a retracted row, or was recorded at round %d after its retraction', n.round_id)
                          AS "detail!: String"
               FROM position n
               WHERE EXISTS (SELECT 1 FROM retraction x WHERE x.position_id = n.supersedes_position_id)
                  OR EXISTS (SELECT 1 FROM retraction x WHERE x.round_id = n.round_id AND x.recorded_at < n.recorded_at)
               ORDER BY n.position_id LIMIT ?1"#
        ),
    },
    Rule {
        name: "commitment_fate_not_retracted",
        table: "commitment_fate",
        triggers: &["commitment_fate_not_retracted"],
        message: "commitment_fate: the commitment, or the round that produced it, is retracted",
        foreign_key: false,
        find: finder!(
            r#"SELECT CAST(f.commitment_fate_id AS TEXT) AS "row!: String",
                      printf('a fate of commitment %d, recorded after it or its round was retracted', f.commitment_id)
                          AS "detail!: String"
               FROM commitment_fate f
               JOIN commitment c ON c.commitment_id = f.commitment_id
               WHERE EXISTS (SELECT 1 FROM retraction x
                             WHERE x.commitment_id = f.commitment_id AND x.recorded_at < f.recorded_at)
                  OR EXISTS (SELECT 1 FROM retraction x WHERE x.round_id = c.round_id AND x.recorded_at < f.recorded_at)
               ORDER BY f.commitment_fate_id LIMIT ?1"#
        ),
    },
    Rule {
        name: "commitment_round_not_retracted",
        table: "commitment",
        triggers: &["commitment_round_not_retracted"],
        message: "commitment: its round is retracted and takes no more records",
        foreign_key: false,
        find: finder!(
            r#"SELECT CAST(c.commitment_id AS TEXT) AS "row!: String",
                      printf('recorded at round %d after its retraction', c.round_id) AS "detail!: String"
               FROM commitment c JOIN retraction x ON x.round_id = c.round_id
               WHERE x.recorded_at < c.recorded_at
               ORDER BY c.commitment_id LIMIT ?1"#
        ),
    },
    Rule {
        name: "quote_round_not_retracted",
        table: "quote",
        triggers: &["quote_round_not_retracted"],
        message: "quote: its round is retracted and takes no more records",
        foreign_key: false,
        find: finder!(
            r#"SELECT CAST(q.quote_id AS TEXT) AS "row!: String",
                      printf('recorded at round %d after its retraction', q.round_id) AS "detail!: String"
               FROM quote q JOIN retraction x ON x.round_id = q.round_id
               WHERE x.recorded_at < q.recorded_at
               ORDER BY q.quote_id LIMIT ?1"#
        ),
    },
    Rule {
        name: "round_note_round_not_retracted",
        table: "round_note",
        triggers: &["round_note_round_not_retracted"],
        message: "round_note: its round is retracted and takes no more records",
        foreign_key: false,
        find: finder!(
            r#"SELECT CAST(n.round_note_id AS TEXT) AS "row!: String",
                      printf('recorded at round %d after its retraction', n.round_id) AS "detail!: String"
               FROM round_note n JOIN retraction x ON x.round_id = n.round_id
               WHERE x.recorded_at < n.recorded_at
               ORDER BY n.round_note_id LIMIT ?1"#
        ),
    },
    Rule {
        name: "round_party_round_not_retracted",
        table: "round_party",
        triggers: &["round_party_round_not_retracted"],
        message: "round_party: its round is retracted and takes no more records",
        foreign_key: false,
        find: finder!(
            r#"SELECT CAST(rp.round_party_id AS TEXT) AS "row!: String",
                      printf('recorded at round %d after its retraction', rp.round_id) AS "detail!: String"
               FROM round_party rp JOIN retraction x ON x.round_id = rp.round_id
               WHERE x.recorded_at < rp.recorded_at
               ORDER BY rp.round_party_id LIMIT ?1"#
        ),
    },
    Rule {
        name: "round_retracted_kept",
        table: "round",
        triggers: &["round_retracted_kept"],
        message: "round: a retracted round is never changed",
        foreign_key: false,
        find: None,
    },
];
