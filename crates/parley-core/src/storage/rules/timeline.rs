//! The timeline's own rules: the log of writes, and what each record must agree with.

use futures_util::future::BoxFuture;
use sqlx::SqliteConnection;

use super::{Finder, Rule, Violation};
use crate::error::Result;

/// The log of writes (migrations/20251209000000_write_log.sql): one row per write,
/// its instants never running backwards.
pub(super) const WRITE_LOG: [Rule; 3] = [
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

pub(super) const TIMELINE: [Rule; 24] = [
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
