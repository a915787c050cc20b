//! The statements that break each of the timeline's rules, by trigger, and the rows
//! they lean on: tests/rules.rs runs them on SQLite, tests/postgres_schema.rs on
//! PostgreSQL, so that both backends' triggers are held to the same list.

use std::collections::BTreeMap;

/// Rows every breach below can lean on: a second process with a round and an item,
/// a corrected status record and position, a commitment fate, the history of a round, a
/// source, a party, an item, a participant, a removed alias and a withdrawn participant;
/// and retractions: a round of that process, and a status record and a position (on a
/// second item) and a commitment at its other round.
pub const SETUP: &str = "
INSERT INTO process (slug, name) VALUES ('other', 'Other');
INSERT INTO round (process_id, slug, title, start_date, state)
    SELECT process_id, 'o', 'O', '2025-01-01', 'held' FROM process WHERE slug = 'other';
INSERT INTO agenda_item (process_id, slug, title) SELECT process_id, 'oi', 'OI' FROM process WHERE slug = 'other';
INSERT INTO status_record (agenda_item_id, round_id, status, supersedes_status_record_id, recorded_at)
    SELECT agenda_item_id, round_id, 'agreed', status_record_id, '2025-11-25T00:00:00.000Z'
    FROM status_record WHERE status_record_id = 1;
INSERT INTO position (party_id, agenda_item_id, round_id, stance, supersedes_position_id, recorded_at)
    SELECT party_id, agenda_item_id, round_id, 'open', position_id, '2025-11-25T00:00:00.000Z'
    FROM position WHERE position_id = 1;
INSERT INTO commitment_fate (commitment_id, fate) SELECT min(commitment_id), 'broken' FROM commitment;
UPDATE round SET tone = 'Tense' WHERE slug = 'o';
UPDATE source SET title = 'Retitled' WHERE source_id = (SELECT min(source_id) FROM source);
UPDATE party SET name = 'Renamed' WHERE slug = 'russia';
UPDATE agenda_item SET title = 'OI retitled' WHERE slug = 'oi';
UPDATE round_party SET note = 'Noted' WHERE round_party_id = (SELECT min(round_party_id) FROM round_party);
INSERT INTO party_alias (party_id, alias) SELECT party_id, 'Moscow (old)' FROM party WHERE slug = 'russia';
DELETE FROM party_alias WHERE alias = 'Moscow (old)';
INSERT INTO round_party (round_id, party_id, role)
    SELECT round_id, (SELECT party_id FROM party WHERE slug = 'us'), 'observer' FROM round WHERE slug = 'o';
DELETE FROM round_party WHERE round_id = (SELECT round_id FROM round WHERE slug = 'o');
INSERT INTO person (slug, name, party_id) SELECT 'p1', 'P One', party_id FROM party WHERE slug = 'us';
INSERT INTO person_alias (person_id, alias) SELECT person_id, 'Pee' FROM person WHERE slug = 'p1';
INSERT INTO outlet_alias (outlet_id, alias) SELECT outlet_id, 'Thomson Reuters' FROM outlet WHERE slug = 'reuters';
INSERT INTO round_note_person (round_note_id, person_id)
    SELECT min(round_note_id), (SELECT person_id FROM person WHERE slug = 'p1') FROM round_note;
INSERT INTO round (process_id, slug, title, start_date, state)
    SELECT process_id, 'ox', 'OX', '2025-02-01', 'held' FROM process WHERE slug = 'other';
INSERT INTO agenda_item (process_id, slug, title) SELECT process_id, 'oj', 'OJ' FROM process WHERE slug = 'other';
INSERT INTO status_record (agenda_item_id, round_id, status, recorded_at)
    SELECT agenda_item_id, (SELECT round_id FROM round WHERE slug = 'o'), 'agreed', '2025-11-25T00:00:00.000Z'
    FROM agenda_item WHERE slug = 'oj';
INSERT INTO position (party_id, agenda_item_id, round_id, stance, recorded_at)
    SELECT (SELECT party_id FROM party WHERE slug = 'us'), agenda_item_id, (SELECT round_id FROM round WHERE slug = 'o'),
           'open', '2025-11-25T00:00:00.000Z'
    FROM agenda_item WHERE slug = 'oj';
INSERT INTO commitment (round_id, slug, kind, description, recorded_at)
    SELECT round_id, 'oc', 'statement', 'OC', '2025-11-25T00:00:00.000Z' FROM round WHERE slug = 'o';
INSERT INTO retraction (round_id, reason, write_log_id, recorded_at)
    SELECT round_id, 'in error', (SELECT max(write_log_id) FROM write_log), '2025-11-26T00:00:00.000Z'
    FROM round WHERE slug = 'ox';
INSERT INTO retraction (status_record_id, reason, write_log_id, recorded_at)
    SELECT status_record_id, 'in error', (SELECT max(write_log_id) FROM write_log), '2025-11-26T00:00:00.000Z'
    FROM status_record WHERE round_id = (SELECT round_id FROM round WHERE slug = 'o');
INSERT INTO retraction (position_id, reason, write_log_id, recorded_at)
    SELECT position_id, 'in error', (SELECT max(write_log_id) FROM write_log), '2025-11-26T00:00:00.000Z'
    FROM position WHERE round_id = (SELECT round_id FROM round WHERE slug = 'o');
INSERT INTO retraction (commitment_id, reason, write_log_id, recorded_at)
    SELECT commitment_id, 'in error', (SELECT max(write_log_id) FROM write_log), '2025-11-26T00:00:00.000Z'
    FROM commitment WHERE slug = 'oc';
";

/// The retracted round of SETUP, as `retraction` names it.
pub const RETRACTED_ROUND: &str = "(SELECT round_id FROM retraction WHERE round_id IS NOT NULL)";

pub const OI: &str = "(SELECT agenda_item_id FROM agenda_item WHERE slug = 'oi')";
pub const O: &str = "(SELECT round_id FROM round WHERE slug = 'o')";

/// One statement breaking the rule each trigger enforces, by trigger name.
pub fn breaches() -> BTreeMap<&'static str, String> {
    let mut b: BTreeMap<&'static str, String> = BTreeMap::new();
    let mut add = |trigger: &'static str, sql: String| {
        b.insert(trigger, sql);
    };
    for (table, insert, update) in [
        (
            "status",
            "INSERT INTO status VALUES ('paused', 'Paused', 8, 0, 'x')",
            "UPDATE status SET rank = 9 WHERE slug = 'agreed'",
        ),
        (
            "stance",
            "INSERT INTO stance VALUES ('wavers', 'Wavers', 8, 0, 'x')",
            "UPDATE stance SET rank = 9 WHERE slug = 'open'",
        ),
        (
            "reliability",
            "REPLACE INTO reliability (grade, label, description) VALUES ('A', 'x', 'y')",
            "UPDATE reliability SET grade = 'F' WHERE grade = 'A'",
        ),
        (
            "credibility",
            "REPLACE INTO credibility (grade, label, description) VALUES (1, 'x', 'y')",
            "UPDATE credibility SET grade = 6 WHERE grade = 1",
        ),
    ] {
        add(leak(format!("{table}_no_insert")), insert.into());
        add(leak(format!("{table}_keep_meaning")), update.into());
        add(
            leak(format!("{table}_no_delete")),
            format!("DELETE FROM {table}"),
        );
    }
    // Tables Parley updates in place.
    add(
        "process_new_key",
        "REPLACE INTO process (process_id, slug, name) SELECT process_id, slug, 'Renamed' FROM process WHERE slug = 'other'".into(),
    );
    add(
        "process_keep_key",
        "UPDATE process SET process_id = 99 WHERE slug = 'other'".into(),
    );
    add(
        "party_new_key",
        "REPLACE INTO party (slug, name, kind) VALUES ('us', 'Someone else', 'state')".into(),
    );
    add(
        "party_keep_key",
        "UPDATE OR REPLACE party SET slug = 'ukraine' WHERE slug = 'us'".into(),
    );
    add(
        "person_new_key",
        "REPLACE INTO person (slug, name, party_id) SELECT 'p1', 'Someone else', party_id FROM party WHERE slug = 'ukraine'".into(),
    );
    add(
        "person_keep_key",
        "UPDATE person SET person_id = 999 WHERE slug = 'p1'".into(),
    );
    add(
        "outlet_new_key",
        "REPLACE INTO outlet (slug, name) VALUES ('reuters', 'Someone else')".into(),
    );
    add(
        "outlet_keep_key",
        "UPDATE outlet SET outlet_id = 999 WHERE slug = 'reuters'".into(),
    );
    add(
        "source_new_key",
        "REPLACE INTO source (source_id, slug, outlet) SELECT source_id, slug, 'x' FROM source LIMIT 1".into(),
    );
    add(
        "source_keep_key",
        "UPDATE source SET source_id = 999 WHERE source_id = (SELECT min(source_id) FROM source)"
            .into(),
    );
    add(
        "source_reliability",
        "INSERT INTO source (slug, outlet, reliability) VALUES ('s-new', 'X', 'Z')".into(),
    );
    add(
        "source_reliability_update",
        "UPDATE source SET reliability = 'Z'".into(),
    );
    add(
        "agenda_item_new_key",
        "REPLACE INTO agenda_item (process_id, slug, title) SELECT process_id, slug, 'x' FROM agenda_item WHERE slug = 'oi'".into(),
    );
    add(
        "agenda_item_keep_key",
        "UPDATE agenda_item SET agenda_item_id = 999 WHERE slug = 'oi'".into(),
    );
    add(
        "agenda_item_no_cycle",
        "UPDATE agenda_item SET parent_agenda_item_id = (SELECT agenda_item_id FROM agenda_item WHERE slug = 'medical-deliveries') WHERE slug = 'humanitarian-coordination'".into(),
    );
    // An item of the other process under an item of the seed's.
    add(
        "agenda_item_parent_same_process",
        "INSERT INTO agenda_item (process_id, slug, title, parent_agenda_item_id) SELECT process_id, 'oi2', 'OI2', (SELECT agenda_item_id FROM agenda_item WHERE slug = 'prisoner-exchanges') FROM process WHERE slug = 'other'".into(),
    );
    add(
        "agenda_item_parent_same_process_update",
        "UPDATE agenda_item SET parent_agenda_item_id = (SELECT agenda_item_id FROM agenda_item WHERE slug = 'prisoner-exchanges') WHERE slug = 'oi'".into(),
    );
    add(
        "round_new_key",
        "REPLACE INTO round (round_id, process_id, slug, title, start_date, state) SELECT round_id, process_id, slug, 'Retitled', start_date, state FROM round WHERE slug = 'o'".into(),
    );
    add(
        "round_keep_key",
        "UPDATE round SET round_id = 999 WHERE slug = 'o'".into(),
    );
    add(
        "round_slug_reserved",
        "INSERT INTO round (process_id, slug, title, start_date, state) SELECT process_id, 'latest', 'L', '2025-02-01', 'held' FROM process WHERE slug = 'other'".into(),
    );
    add(
        "round_slug_reserved_update",
        "UPDATE round SET slug = '2' WHERE slug = 'o'".into(),
    );
    add(
        "party_alias_no_update",
        "UPDATE party_alias SET alias = alias || ' (renamed)'".into(),
    );
    add(
        "round_party_new_key",
        "REPLACE INTO round_party (round_id, party_id, role) SELECT round_id, party_id, 'observer' FROM round_party LIMIT 1".into(),
    );
    add(
        "round_party_keep_key",
        "UPDATE round_party SET round_party_id = 999 WHERE round_party_id = (SELECT min(round_party_id) FROM round_party)".into(),
    );
    add(
        "commitment_new_key",
        "REPLACE INTO commitment (round_id, slug, kind, description) SELECT round_id, slug, kind, 'x' FROM commitment LIMIT 1".into(),
    );
    add(
        "commitment_keep_key",
        "UPDATE commitment SET commitment_id = 999 WHERE commitment_id = (SELECT min(commitment_id) FROM commitment)".into(),
    );
    add(
        "citation_new_key",
        "REPLACE INTO citation (source_id, credibility, status_record_id) SELECT source_id, 1, status_record_id FROM citation WHERE status_record_id IS NOT NULL LIMIT 1".into(),
    );
    add(
        "citation_keep_key",
        "UPDATE citation SET citation_id = 99999 WHERE citation_id = (SELECT min(citation_id) FROM citation)".into(),
    );
    add(
        "citation_credibility",
        format!(
            "INSERT INTO citation (source_id, credibility, round_id) SELECT min(source_id), 9, {O} FROM source"
        ),
    );
    add(
        "citation_credibility_update",
        "UPDATE citation SET credibility = 9".into(),
    );
    for table in [
        "process",
        "party",
        "person",
        "outlet",
        "source",
        "agenda_item",
        "round",
        "commitment",
        "citation",
    ] {
        add(
            leak(format!("{table}_no_delete")),
            format!("DELETE FROM {table}"),
        );
    }
    // Append-only tables.
    add(
        "status_record_new_key",
        format!(
            "REPLACE INTO status_record (status_record_id, agenda_item_id, round_id, status) VALUES (2, {OI}, {O}, 'agreed')"
        ),
    );
    add(
        "status_record_correct_once",
        "REPLACE INTO status_record (agenda_item_id, round_id, status, supersedes_status_record_id) SELECT agenda_item_id, round_id, 'stalled', 1 FROM status_record WHERE status_record_id = 1".into(),
    );
    add(
        "status_record_references",
        "INSERT INTO status_record (agenda_item_id, round_id, status) VALUES (9999, 9999, 'agreed')"
            .into(),
    );
    add(
        "status_record_same_process",
        format!(
            "INSERT INTO status_record (agenda_item_id, round_id, status) SELECT agenda_item_id, {O}, 'agreed' FROM agenda_item WHERE slug = 'prisoner-exchanges'"
        ),
    );
    add(
        "status_record_one_in_force",
        "INSERT INTO status_record (agenda_item_id, round_id, status) SELECT agenda_item_id, round_id, 'agreed' FROM status_record WHERE status_record_id = 2".into(),
    );
    add(
        "status_record_supersedes_same_claim",
        format!(
            "INSERT INTO status_record (agenda_item_id, round_id, status, supersedes_status_record_id) VALUES ({OI}, {O}, 'agreed', 2)"
        ),
    );
    add(
        "status_record_correction_later",
        "INSERT INTO status_record (agenda_item_id, round_id, status, supersedes_status_record_id, recorded_at) SELECT agenda_item_id, round_id, 'agreed', status_record_id, '2000-01-01T00:00:00.000Z' FROM status_record WHERE status_record_id = 2".into(),
    );
    add(
        "status_record_status",
        format!(
            "INSERT INTO status_record (agenda_item_id, round_id, status) VALUES ({OI}, {O}, 'bogus')"
        ),
    );
    add(
        "status_record_confidence",
        format!(
            "INSERT INTO status_record (agenda_item_id, round_id, status, confidence) VALUES ({OI}, {O}, 'agreed', 9)"
        ),
    );
    add(
        "position_new_key",
        format!(
            "REPLACE INTO position (position_id, party_id, agenda_item_id, round_id, stance) SELECT 2, party_id, {OI}, {O}, 'open' FROM position WHERE position_id = 2"
        ),
    );
    add(
        "position_correct_once",
        "REPLACE INTO position (party_id, agenda_item_id, round_id, stance, supersedes_position_id) SELECT party_id, agenda_item_id, round_id, 'rejects', 1 FROM position WHERE position_id = 1".into(),
    );
    add(
        "position_references",
        "INSERT INTO position (party_id, agenda_item_id, round_id, stance) VALUES (9999, 9999, 9999, 'open')".into(),
    );
    add(
        "position_same_process",
        format!(
            "INSERT INTO position (party_id, agenda_item_id, round_id, stance) SELECT party_id, agenda_item_id, {O}, 'open' FROM position WHERE position_id = 2"
        ),
    );
    add(
        "position_one_in_force",
        "INSERT INTO position (party_id, agenda_item_id, round_id, stance) SELECT party_id, agenda_item_id, round_id, 'open' FROM position WHERE position_id = 2".into(),
    );
    add(
        "position_supersedes_same_claim",
        format!(
            "INSERT INTO position (party_id, agenda_item_id, round_id, stance, supersedes_position_id) SELECT party_id, {OI}, {O}, 'open', 2 FROM position WHERE position_id = 2"
        ),
    );
    add(
        "position_correction_later",
        "INSERT INTO position (party_id, agenda_item_id, round_id, stance, supersedes_position_id, recorded_at) SELECT party_id, agenda_item_id, round_id, 'open', position_id, '2000-01-01T00:00:00.000Z' FROM position WHERE position_id = 2".into(),
    );
    add(
        "position_stance",
        format!(
            "INSERT INTO position (party_id, agenda_item_id, round_id, stance) SELECT party_id, {OI}, {O}, 'bogus' FROM position WHERE position_id = 2"
        ),
    );
    add(
        "party_alias_new_key",
        "REPLACE INTO party_alias (party_id, alias) SELECT party_id, 'washington' FROM party WHERE slug = 'russia'".into(),
    );
    // Ids never reused: a row given the id of a removed alias or a withdrawn participant.
    add(
        "party_alias_new_id",
        "INSERT INTO party_alias (party_alias_id, party_id, alias) SELECT party_alias_id, party_id, 'Moscow (again)' FROM party_alias_history".into(),
    );
    add(
        "round_party_new_id",
        "INSERT INTO round_party (round_party_id, round_id, party_id, role) SELECT h.round_party_id, h.round_id, h.party_id, 'host' FROM round_party_history h WHERE NOT EXISTS (SELECT 1 FROM round_party p WHERE p.round_party_id = h.round_party_id OR (p.round_id = h.round_id AND p.party_id = h.party_id))".into(),
    );
    for (table, columns) in [
        (
            "source_history",
            "source_id, slug, outlet, recorded_at, replaced_at",
        ),
        (
            "party_history",
            "party_id, slug, name, kind, recorded_at, replaced_at",
        ),
        (
            "agenda_item_history",
            "agenda_item_id, process_id, slug, title, recorded_at, replaced_at",
        ),
        (
            "party_alias_history",
            "party_alias_id, party_id, alias, recorded_at, removed_at",
        ),
        (
            "round_party_history",
            "round_party_id, round_id, party_id, role, recorded_at, replaced_at",
        ),
    ] {
        add(
            leak(format!("{table}_new_key")),
            format!(
                "REPLACE INTO {table} ({table}_id, {columns}) SELECT {table}_id, {columns} FROM {table} LIMIT 1"
            ),
        );
    }
    add(
        "person_alias_new_key",
        "REPLACE INTO person_alias (person_id, alias) SELECT person_id, 'PEE' FROM person WHERE slug = 'p1'".into(),
    );
    add(
        "outlet_alias_new_key",
        "REPLACE INTO outlet_alias (outlet_id, alias) SELECT outlet_id, 'thomson reuters' FROM outlet WHERE slug = 'ap-news'".into(),
    );
    add(
        "round_note_person_new_key",
        "REPLACE INTO round_note_person (round_note_id, person_id) SELECT round_note_id, person_id FROM round_note_person LIMIT 1".into(),
    );
    add(
        "round_history_new_key",
        "REPLACE INTO round_history (round_history_id, round_id, slug, title, state, recorded_at) SELECT round_history_id, round_id, slug, 'x', state, recorded_at FROM round_history LIMIT 1".into(),
    );
    add(
        "commitment_party_new_key",
        "REPLACE INTO commitment_party (commitment_id, party_id) SELECT commitment_id, party_id FROM commitment_party LIMIT 1".into(),
    );
    add(
        "commitment_fate_new_key",
        "REPLACE INTO commitment_fate (commitment_fate_id, commitment_id, fate) SELECT commitment_fate_id, commitment_id, 'fulfilled' FROM commitment_fate LIMIT 1".into(),
    );
    add(
        "quote_new_key",
        "REPLACE INTO quote (quote_id, round_id, speaker_name, text) SELECT quote_id, round_id, 'X', 'Y' FROM quote LIMIT 1".into(),
    );
    add(
        "write_log_no_replace",
        "REPLACE INTO write_log (write_log_id, recorded_at, clock_at, command, summary) SELECT write_log_id, recorded_at, clock_at, 'sqlite3', 'by hand' FROM write_log LIMIT 1".into(),
    );
    add(
        "write_log_in_order",
        "INSERT INTO write_log (recorded_at, clock_at, command, summary) VALUES ('2000-01-01T00:00:00.000Z', '2000-01-01T00:00:00.000Z', 'sqlite3', 'by hand')".into(),
    );
    add(
        "round_note_new_key",
        "REPLACE INTO round_note (round_note_id, round_id, kind, body) SELECT round_note_id, round_id, kind, 'Y' FROM round_note LIMIT 1".into(),
    );
    // Retractions.
    add(
        "retraction_new_key",
        "REPLACE INTO retraction (round_id, reason, write_log_id) SELECT round_id, 'again', write_log_id FROM retraction WHERE round_id IS NOT NULL".into(),
    );
    add(
        "retraction_references",
        "INSERT INTO retraction (quote_id, reason, write_log_id) VALUES (99999, 'x', 1)".into(),
    );
    add(
        "retraction_in_force",
        "INSERT INTO retraction (status_record_id, reason, write_log_id) VALUES (1, 'x', 1)".into(),
    );
    add(
        "status_record_not_retracted",
        "INSERT INTO status_record (agenda_item_id, round_id, status, supersedes_status_record_id) SELECT agenda_item_id, round_id, 'stalled', status_record_id FROM status_record WHERE status_record_id = (SELECT status_record_id FROM retraction WHERE status_record_id IS NOT NULL)".into(),
    );
    add(
        "position_not_retracted",
        "INSERT INTO position (party_id, agenda_item_id, round_id, stance, supersedes_position_id) SELECT party_id, agenda_item_id, round_id, 'rejects', position_id FROM position WHERE position_id = (SELECT position_id FROM retraction WHERE position_id IS NOT NULL)".into(),
    );
    add(
        "commitment_fate_not_retracted",
        "INSERT INTO commitment_fate (commitment_id, fate) SELECT commitment_id, 'broken' FROM retraction WHERE commitment_id IS NOT NULL".into(),
    );
    add(
        "commitment_round_not_retracted",
        format!(
            "INSERT INTO commitment (round_id, slug, kind, description) VALUES ({RETRACTED_ROUND}, 'late', 'statement', 'Late')"
        ),
    );
    add(
        "quote_round_not_retracted",
        format!(
            "INSERT INTO quote (round_id, speaker_name, text) VALUES ({RETRACTED_ROUND}, 'X', 'Late')"
        ),
    );
    add(
        "round_note_round_not_retracted",
        format!(
            "INSERT INTO round_note (round_id, kind, body) VALUES ({RETRACTED_ROUND}, 'context', 'Late')"
        ),
    );
    add(
        "round_party_round_not_retracted",
        format!(
            "INSERT INTO round_party (round_id, party_id, role) SELECT {RETRACTED_ROUND}, party_id, 'observer' FROM party WHERE slug = 'us'"
        ),
    );
    add(
        "round_retracted_kept",
        "UPDATE round SET tone = 'Late' WHERE slug = 'ox'".into(),
    );
    for (table, column) in [
        ("retraction", "reason"),
        ("status_record", "note"),
        ("position", "note"),
        ("person_alias", "alias"),
        ("outlet_alias", "alias"),
        ("round_note_person", "person_id"),
        ("round_history", "title"),
        ("source_history", "outlet"),
        ("party_history", "name"),
        ("agenda_item_history", "title"),
        ("party_alias_history", "alias"),
        ("round_party_history", "role"),
        ("commitment_party", "party_id"),
        ("commitment_fate", "note"),
        ("quote", "text"),
        ("round_note", "body"),
        ("write_log", "summary"),
    ] {
        add(
            leak(format!("{table}_no_update")),
            format!("UPDATE {table} SET {column} = {column}"),
        );
        add(
            leak(format!("{table}_no_delete")),
            format!("DELETE FROM {table}"),
        );
    }
    b
}

pub fn leak(name: String) -> &'static str {
    Box::leak(name.into_boxed_str())
}
