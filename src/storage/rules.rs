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

const PROCESS: [Rule; 2] = kept_table!(
    "process",
    "process: a process keeps its process_id, and no two processes share a slug; rows are never replaced"
);
const PARTY: [Rule; 2] = kept_table!(
    "party",
    "party: a party keeps its party_id, and no two parties share a slug or short code; rows are never replaced"
);
const PERSON: [Rule; 2] = kept_table!(
    "person",
    "person: a person keeps its person_id, and no two persons share a slug; rows are never replaced"
);
const OUTLET: [Rule; 2] = kept_table!(
    "outlet",
    "outlet: an outlet keeps its outlet_id, and no two outlets share a slug; rows are never replaced"
);
const SOURCE: [Rule; 2] = kept_table!(
    "source",
    "source: a source keeps its source_id, and no two sources share a slug; rows are never replaced"
);
const AGENDA_ITEM: [Rule; 2] = kept_table!(
    "agenda_item",
    "agenda_item: an item keeps its agenda_item_id and process, and no two items of a process share a slug; rows are never replaced"
);
const ROUND: [Rule; 2] = kept_table!(
    "round",
    "round: a round keeps its round_id and process, and no two rounds of a process share a slug; rows are never replaced"
);
/// A participant may be withdrawn from a round (migrations/20251214000000_edit_history.sql):
/// its row goes, its last version stays in round_party_history.
const ROUND_PARTY: [Rule; 1] = [Rule {
    name: "round_party_identity",
    table: "round_party",
    triggers: &["round_party_new_key", "round_party_keep_key"],
    message: "round_party: a row keeps its round_party_id, and a party takes part in a round once; rows are never replaced",
    foreign_key: false,
    find: None,
}];
const COMMITMENT: [Rule; 2] = kept_table!(
    "commitment",
    "commitment: a commitment keeps its commitment_id, and no two commitments of a round share a slug; rows are never replaced"
);
const CITATION: [Rule; 2] = kept_table!(
    "citation",
    "citation: a citation keeps its citation_id, and a claim cites a source once; rows are never replaced"
);
/// An alias is added or removed, never changed; a removed one stays in
/// party_alias_history (migrations/20251214000000_edit_history.sql).
const PARTY_ALIAS: [Rule; 2] = [
    Rule {
        name: "party_alias_identity",
        table: "party_alias",
        triggers: &["party_alias_new_key"],
        message: "party_alias: an alias keeps its party_alias_id and names one party (regardless of case); rows are never replaced",
        foreign_key: false,
        find: None,
    },
    Rule {
        name: "party_alias_unchanged",
        table: "party_alias",
        triggers: &["party_alias_no_update"],
        message: "party_alias: an alias is never changed; delete it (party_alias_history keeps it) and add the new name",
        foreign_key: false,
        find: None,
    },
];
const PERSON_ALIAS: [Rule; 2] = append_only_table!(
    "person_alias",
    "person_alias: an alias keeps its person_alias_id and names one person (regardless of case); rows are never replaced"
);
const OUTLET_ALIAS: [Rule; 2] = append_only_table!(
    "outlet_alias",
    "outlet_alias: an alias keeps its outlet_alias_id and names one outlet (regardless of case); rows are never replaced"
);
const ROUND_NOTE_PERSON: [Rule; 2] = append_only_table!(
    "round_note_person",
    "round_note_person: a row keeps its round_note_person_id, and a note names a person once; rows are never replaced"
);
const ROUND_HISTORY: [Rule; 2] = append_only_table!(
    "round_history",
    "round_history: a row keeps its round_history_id; rows are never replaced"
);
const SOURCE_HISTORY: [Rule; 2] = append_only_table!(
    "source_history",
    "source_history: a row keeps its source_history_id; rows are never replaced"
);
const PARTY_HISTORY: [Rule; 2] = append_only_table!(
    "party_history",
    "party_history: a row keeps its party_history_id; rows are never replaced"
);
const AGENDA_ITEM_HISTORY: [Rule; 2] = append_only_table!(
    "agenda_item_history",
    "agenda_item_history: a row keeps its agenda_item_history_id; rows are never replaced"
);
const PARTY_ALIAS_HISTORY: [Rule; 2] = append_only_table!(
    "party_alias_history",
    "party_alias_history: a row keeps its party_alias_history_id; rows are never replaced"
);
const ROUND_PARTY_HISTORY: [Rule; 2] = append_only_table!(
    "round_party_history",
    "round_party_history: a row keeps its round_party_history_id; rows are never replaced"
);
const COMMITMENT_PARTY: [Rule; 2] = append_only_table!(
    "commitment_party",
    "commitment_party: a row keeps its commitment_party_id, and a commitment binds a party once; rows are never replaced"
);
const COMMITMENT_FATE: [Rule; 2] = append_only_table!(
    "commitment_fate",
    "commitment_fate: a row keeps its commitment_fate_id; rows are never replaced"
);
const QUOTE: [Rule; 2] = append_only_table!(
    "quote",
    "quote: a row keeps its quote_id; rows are never replaced"
);
const ROUND_NOTE: [Rule; 2] = append_only_table!(
    "round_note",
    "round_note: a row keeps its round_note_id; rows are never replaced"
);

const RETRACTION_TABLE: [Rule; 2] = append_only_table!(
    "retraction",
    "retraction: a retraction keeps its retraction_id, and a claim is retracted once; rows are never replaced"
);

/// Retractions (migrations/20251215000000_retractions.sql): what a retraction names,
/// and what a retracted claim or round no longer takes. A row written at a retracted
/// round is found when it was recorded after the round's retraction.
const RETRACTIONS: [Rule; 10] = [
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

/// The log of writes (migrations/20251209000000_write_log.sql): one row per write,
/// its instants never running backwards.
const WRITE_LOG: [Rule; 3] = [
    Rule {
        name: "write_log_identity",
        table: "write_log",
        triggers: &["write_log_no_replace"],
        message: "write_log is append-only: a new row takes a new id",
        foreign_key: false,
        find: None,
    },
    Rule {
        name: "write_log_append_only",
        table: "write_log",
        triggers: &["write_log_no_update", "write_log_no_delete"],
        message: "write_log is append-only",
        foreign_key: false,
        find: None,
    },
    Rule {
        name: "write_log_in_order",
        table: "write_log",
        triggers: &["write_log_in_order"],
        message: "write_log: a write cannot record an instant before the previous write's",
        foreign_key: false,
        find: finder!(
            r#"SELECT CAST(w.write_log_id AS TEXT) AS "row!: String",
                      printf('recorded at %s, before the write before it (%s)', w.recorded_at, p.recorded_at)
                          AS "detail!: String"
               FROM write_log w
               JOIN write_log p ON p.write_log_id = (SELECT max(write_log_id) FROM write_log
                                                     WHERE write_log_id < w.write_log_id)
               WHERE w.recorded_at < p.recorded_at
               ORDER BY w.write_log_id LIMIT ?1"#
        ),
    },
];

const TIMELINE: [Rule; 24] = [
    // status_record: the heart of the timeline.
    Rule {
        name: "status_record_identity",
        table: "status_record",
        triggers: &["status_record_new_key"],
        message: "status_record: a record keeps its status_record_id; records are never replaced: insert a correction that supersedes it",
        foreign_key: false,
        find: None,
    },
    Rule {
        name: "status_record_correct_once",
        table: "status_record",
        triggers: &["status_record_correct_once"],
        message: "status_record: the record it supersedes is corrected already; supersede the latest correction instead",
        foreign_key: false,
        find: None,
    },
    Rule {
        name: "status_record_append_only",
        table: "status_record",
        triggers: &["status_record_no_update", "status_record_no_delete"],
        message: "status_record is append-only: insert a correction that supersedes the record",
        foreign_key: false,
        find: None,
    },
    Rule {
        name: "status_record_references",
        table: "status_record",
        triggers: &["status_record_references"],
        message: "status_record: the agenda item or the round it names does not exist",
        foreign_key: true,
        find: finder!(
            r#"SELECT CAST(sr.status_record_id AS TEXT) AS "row!: String",
                      CASE WHEN i.agenda_item_id IS NULL
                           THEN printf('names agenda item %d, which does not exist', sr.agenda_item_id)
                           ELSE printf('names round %d, which does not exist', sr.round_id) END AS "detail!: String"
               FROM status_record sr
               LEFT JOIN agenda_item i ON i.agenda_item_id = sr.agenda_item_id
               LEFT JOIN round r ON r.round_id = sr.round_id
               WHERE i.agenda_item_id IS NULL OR r.round_id IS NULL
               ORDER BY sr.status_record_id LIMIT ?1"#
        ),
    },
    Rule {
        name: "status_record_same_process",
        table: "status_record",
        triggers: &["status_record_same_process"],
        message: "status_record: the agenda item and the round belong to different processes",
        foreign_key: false,
        find: finder!(
            r#"SELECT CAST(sr.status_record_id AS TEXT) AS "row!: String",
                      printf('item ''%s'' and round ''%s'' belong to different processes', i.slug, r.slug) AS "detail!: String"
               FROM status_record sr
               JOIN agenda_item i ON i.agenda_item_id = sr.agenda_item_id
               JOIN round r ON r.round_id = sr.round_id
               WHERE i.process_id <> r.process_id
               ORDER BY sr.status_record_id LIMIT ?1"#
        ),
    },
    Rule {
        name: "status_record_one_in_force",
        table: "status_record",
        triggers: &["status_record_one_in_force"],
        message: "status_record: the item already has a status at this round; insert a correction that supersedes it",
        // With no corrections at all every record is in force: the first test spares
        // a look-up per record then.
        foreign_key: false,
        find: finder!(
            r#"SELECT CAST(g.latest AS TEXT) AS "row!: String",
                      printf('item ''%s'' has %d statuses in force at round ''%s''',
                             COALESCE(i.slug, g.agenda_item_id), g.records, COALESCE(r.slug, g.round_id)) AS "detail!: String"
               FROM (SELECT s.agenda_item_id, s.round_id, max(s.status_record_id) AS latest, count(*) AS records
                     FROM status_record s
                     WHERE NOT EXISTS (SELECT 1 FROM status_record WHERE supersedes_status_record_id IS NOT NULL)
                        OR NOT EXISTS (SELECT 1 FROM status_record c WHERE c.supersedes_status_record_id = s.status_record_id)
                     GROUP BY s.agenda_item_id, s.round_id HAVING count(*) > 1) g
               LEFT JOIN agenda_item i ON i.agenda_item_id = g.agenda_item_id
               LEFT JOIN round r ON r.round_id = g.round_id
               ORDER BY g.latest LIMIT ?1"#
        ),
    },
    Rule {
        name: "status_record_supersedes_same_claim",
        table: "status_record",
        triggers: &["status_record_supersedes_same_claim"],
        message: "status_record: a correction must supersede a record of the same item and round",
        foreign_key: false,
        find: finder!(
            r#"SELECT CAST(n.status_record_id AS TEXT) AS "row!: String",
                      printf('supersedes %d, which is not a record of the same item and round',
                             n.supersedes_status_record_id) AS "detail!: String"
               FROM status_record n
               LEFT JOIN status_record o ON o.status_record_id = n.supersedes_status_record_id
               WHERE n.supersedes_status_record_id IS NOT NULL
                 AND (o.status_record_id IS NULL OR o.agenda_item_id <> n.agenda_item_id OR o.round_id <> n.round_id)
               ORDER BY n.status_record_id LIMIT ?1"#
        ),
    },
    Rule {
        name: "status_record_correction_later",
        table: "status_record",
        triggers: &["status_record_correction_later"],
        message: "status_record: a correction comes after the record it supersedes (a higher status_record_id, recorded no earlier)",
        foreign_key: false,
        find: finder!(
            r#"SELECT CAST(n.status_record_id AS TEXT) AS "row!: String",
                      printf('supersedes %d but is not a later record (recorded %s, the record it corrects %s)',
                             o.status_record_id, n.recorded_at, o.recorded_at) AS "detail!: String"
               FROM status_record n
               JOIN status_record o ON o.status_record_id = n.supersedes_status_record_id
               WHERE n.supersedes_status_record_id IS NOT NULL
                 AND (n.status_record_id <= o.status_record_id OR n.recorded_at < o.recorded_at)
               ORDER BY n.status_record_id LIMIT ?1"#
        ),
    },
    Rule {
        name: "status_record_status",
        table: "status_record",
        triggers: &["status_record_status"],
        message: "status_record.status must be one of: proposed, discussed, progressing, preliminary, agreed, implementing, implemented, contested, stalled, dropped",
        foreign_key: true,
        find: finder!(
            r#"SELECT CAST(status_record_id AS TEXT) AS "row!: String",
                      printf('status ''%s'' is not a status', status) AS "detail!: String"
               FROM status_record
               WHERE status NOT IN ('proposed', 'discussed', 'progressing', 'preliminary', 'agreed', 'implementing',
                                    'implemented', 'contested', 'stalled', 'dropped')
               ORDER BY status_record_id LIMIT ?1"#
        ),
    },
    Rule {
        name: "status_record_confidence",
        table: "status_record",
        triggers: &["status_record_confidence"],
        message: "status_record.confidence must be empty or a credibility grade: 1, 2, 3, 4, 5 or 6",
        foreign_key: true,
        find: finder!(
            r#"SELECT CAST(status_record_id AS TEXT) AS "row!: String",
                      printf('confidence %d is not a credibility grade', confidence) AS "detail!: String"
               FROM status_record
               WHERE confidence IS NOT NULL AND confidence NOT IN (1, 2, 3, 4, 5, 6)
               ORDER BY status_record_id LIMIT ?1"#
        ),
    },
    // position: a party's stance, append-only like status_record.
    Rule {
        name: "position_identity",
        table: "position",
        triggers: &["position_new_key"],
        message: "position: a row keeps its position_id; rows are never replaced: insert a correction that supersedes it",
        foreign_key: false,
        find: None,
    },
    Rule {
        name: "position_correct_once",
        table: "position",
        triggers: &["position_correct_once"],
        message: "position: the row it supersedes is corrected already; supersede the latest correction instead",
        foreign_key: false,
        find: None,
    },
    Rule {
        name: "position_append_only",
        table: "position",
        triggers: &["position_no_update", "position_no_delete"],
        message: "position is append-only: insert a correction that supersedes the row",
        foreign_key: false,
        find: None,
    },
    Rule {
        name: "position_references",
        table: "position",
        triggers: &["position_references"],
        message: "position: the party, the agenda item or the round it names does not exist",
        foreign_key: true,
        find: finder!(
            r#"SELECT CAST(p.position_id AS TEXT) AS "row!: String",
                      CASE WHEN pa.party_id IS NULL THEN printf('names party %d, which does not exist', p.party_id)
                           WHEN i.agenda_item_id IS NULL
                           THEN printf('names agenda item %d, which does not exist', p.agenda_item_id)
                           ELSE printf('names round %d, which does not exist', p.round_id) END AS "detail!: String"
               FROM position p
               LEFT JOIN party pa ON pa.party_id = p.party_id
               LEFT JOIN agenda_item i ON i.agenda_item_id = p.agenda_item_id
               LEFT JOIN round r ON r.round_id = p.round_id
               WHERE pa.party_id IS NULL OR i.agenda_item_id IS NULL OR r.round_id IS NULL
               ORDER BY p.position_id LIMIT ?1"#
        ),
    },
    Rule {
        name: "position_same_process",
        table: "position",
        triggers: &["position_same_process"],
        message: "position: the agenda item and the round belong to different processes",
        foreign_key: false,
        find: finder!(
            r#"SELECT CAST(p.position_id AS TEXT) AS "row!: String",
                      printf('item ''%s'' and round ''%s'' belong to different processes', i.slug, r.slug) AS "detail!: String"
               FROM position p
               JOIN agenda_item i ON i.agenda_item_id = p.agenda_item_id
               JOIN round r ON r.round_id = p.round_id
               WHERE i.process_id <> r.process_id
               ORDER BY p.position_id LIMIT ?1"#
        ),
    },
    Rule {
        name: "position_one_in_force",
        table: "position",
        triggers: &["position_one_in_force"],
        message: "position: the party already has a stance on this item at this round; insert a correction that supersedes it",
        foreign_key: false,
        find: finder!(
            r#"SELECT CAST(g.latest AS TEXT) AS "row!: String",
                      printf('party %d has %d stances in force on item %d at round %d',
                             g.party_id, g.records, g.agenda_item_id, g.round_id) AS "detail!: String"
               FROM (SELECT p.party_id, p.agenda_item_id, p.round_id, max(p.position_id) AS latest, count(*) AS records
                     FROM position p
                     WHERE NOT EXISTS (SELECT 1 FROM position WHERE supersedes_position_id IS NOT NULL)
                        OR NOT EXISTS (SELECT 1 FROM position c WHERE c.supersedes_position_id = p.position_id)
                     GROUP BY p.party_id, p.agenda_item_id, p.round_id HAVING count(*) > 1) g
               ORDER BY g.latest LIMIT ?1"#
        ),
    },
    Rule {
        name: "position_supersedes_same_claim",
        table: "position",
        triggers: &["position_supersedes_same_claim"],
        message: "position: a correction must supersede a row of the same party, item and round",
        foreign_key: false,
        find: finder!(
            r#"SELECT CAST(n.position_id AS TEXT) AS "row!: String",
                      printf('supersedes %d, which is not a row of the same party, item and round',
                             n.supersedes_position_id) AS "detail!: String"
               FROM position n
               LEFT JOIN position o ON o.position_id = n.supersedes_position_id
               WHERE n.supersedes_position_id IS NOT NULL
                 AND (o.position_id IS NULL OR o.party_id <> n.party_id OR o.agenda_item_id <> n.agenda_item_id
                      OR o.round_id <> n.round_id)
               ORDER BY n.position_id LIMIT ?1"#
        ),
    },
    Rule {
        name: "position_correction_later",
        table: "position",
        triggers: &["position_correction_later"],
        message: "position: a correction comes after the row it supersedes (a higher position_id, recorded no earlier)",
        foreign_key: false,
        find: finder!(
            r#"SELECT CAST(n.position_id AS TEXT) AS "row!: String",
                      printf('supersedes %d but is not a later row (recorded %s, the row it corrects %s)',
                             o.position_id, n.recorded_at, o.recorded_at) AS "detail!: String"
               FROM position n
               JOIN position o ON o.position_id = n.supersedes_position_id
               WHERE n.supersedes_position_id IS NOT NULL
                 AND (n.position_id <= o.position_id OR n.recorded_at < o.recorded_at)
               ORDER BY n.position_id LIMIT ?1"#
        ),
    },
    Rule {
        name: "position_stance",
        table: "position",
        triggers: &["position_stance"],
        message: "position.stance must be one of: red_line, priority, proposes, supports, open, opposes, rejects",
        foreign_key: true,
        find: finder!(
            r#"SELECT CAST(position_id AS TEXT) AS "row!: String",
                      printf('stance ''%s'' is not a stance', stance) AS "detail!: String"
               FROM position
               WHERE stance NOT IN ('red_line', 'priority', 'proposes', 'supports', 'open', 'opposes', 'rejects')
               ORDER BY position_id LIMIT ?1"#
        ),
    },
    // Vocabularies only a foreign key guarded, and the names rounds may not take.
    Rule {
        name: "source_reliability",
        table: "source",
        triggers: &["source_reliability", "source_reliability_update"],
        message: "source.reliability must be empty or an Admiralty grade: A, B, C, D, E or F",
        foreign_key: true,
        find: finder!(
            r#"SELECT CAST(source_id AS TEXT) AS "row!: String",
                      printf('reliability ''%s'' is not an Admiralty grade', reliability) AS "detail!: String"
               FROM source
               WHERE reliability IS NOT NULL AND reliability NOT IN ('A', 'B', 'C', 'D', 'E', 'F')
               ORDER BY source_id LIMIT ?1"#
        ),
    },
    Rule {
        name: "citation_credibility",
        table: "citation",
        triggers: &["citation_credibility", "citation_credibility_update"],
        message: "citation.credibility must be empty or a credibility grade: 1, 2, 3, 4, 5 or 6",
        foreign_key: true,
        find: finder!(
            r#"SELECT CAST(citation_id AS TEXT) AS "row!: String",
                      printf('credibility %d is not a credibility grade', credibility) AS "detail!: String"
               FROM citation
               WHERE credibility IS NOT NULL AND credibility NOT IN (1, 2, 3, 4, 5, 6)
               ORDER BY citation_id LIMIT ?1"#
        ),
    },
    Rule {
        name: "round_slug_reserved",
        table: "round",
        triggers: &["round_slug_reserved", "round_slug_reserved_update"],
        message: "round.slug cannot be a number, latest or previous: a round reference would read it as one",
        foreign_key: false,
        find: finder!(
            r#"SELECT CAST(round_id AS TEXT) AS "row!: String",
                      printf('round ''%s'' cannot be named by its slug: it reads as a number or a keyword', slug) AS "detail!: String"
               FROM round
               WHERE slug IN ('latest', 'previous') OR ltrim(slug, '-') NOT GLOB '*[^0-9]*'
               ORDER BY round_id LIMIT ?1"#
        ),
    },
    Rule {
        name: "agenda_item_parent_same_process",
        table: "agenda_item",
        triggers: &[
            "agenda_item_parent_same_process",
            "agenda_item_parent_same_process_update",
        ],
        message: "agenda_item: an item's parent must be an item of the same process",
        // The foreign key on parent_agenda_item_id refuses a parent that does not
        // exist, not one of another process (migrations/20251213000000_…).
        foreign_key: false,
        find: finder!(
            r#"SELECT CAST(i.agenda_item_id AS TEXT) AS "row!: String",
                      CASE WHEN p.agenda_item_id IS NULL
                           THEN printf('agenda item ''%s'' names parent %d, which does not exist',
                                       i.slug, i.parent_agenda_item_id)
                           ELSE printf('agenda item ''%s'' and its parent ''%s'' belong to different processes',
                                       i.slug, p.slug) END AS "detail!: String"
               FROM agenda_item i
               LEFT JOIN agenda_item p ON p.agenda_item_id = i.parent_agenda_item_id
               WHERE i.parent_agenda_item_id IS NOT NULL
                 AND (p.agenda_item_id IS NULL OR p.process_id <> i.process_id)
               ORDER BY i.agenda_item_id LIMIT ?1"#
        ),
    },
    Rule {
        name: "agenda_item_no_cycle",
        table: "agenda_item",
        triggers: &["agenda_item_no_cycle"],
        message: "agenda_item: an item cannot be its own ancestor",
        foreign_key: false,
        find: finder!(
            r#"WITH RECURSIVE ancestry (start, current, depth) AS (
                   SELECT agenda_item_id, parent_agenda_item_id, 1 FROM agenda_item
                   WHERE parent_agenda_item_id IS NOT NULL
                   UNION ALL
                   SELECT a.start, i.parent_agenda_item_id, a.depth + 1
                   FROM ancestry a JOIN agenda_item i ON i.agenda_item_id = a.current
                   WHERE i.parent_agenda_item_id IS NOT NULL AND a.depth < 100
               )
               SELECT DISTINCT CAST(i.agenda_item_id AS TEXT) AS "row!: String",
                      printf('agenda item ''%s'' is its own ancestor', i.slug) AS "detail!: String"
               FROM ancestry a JOIN agenda_item i ON i.agenda_item_id = a.start
               WHERE a.current = a.start
               ORDER BY i.agenda_item_id LIMIT ?1"#
        ),
    },
];

/// Every rule: the lookup vocabularies, the tables kept and the append-only tables,
/// then the timeline's own.
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
        rules
    });
    &RULES
}
