-- Other clients, version 4: the timeline's rules hold whoever writes to the file.
--
-- Parley opens the file with foreign keys on and writes only what it has checked; the
-- sqlite3 shell, Python's sqlite3, Datasette and DB Browser open it with foreign keys
-- off, and `INSERT OR REPLACE` deletes a row before it writes its replacement without
-- firing delete triggers. The triggers below keep every rule in force for them too:
--   * <table>_new_key: an insert may not reuse a row id or a unique key (a BEFORE
--     INSERT trigger runs before REPLACE deletes the row that holds it);
--   * <table>_keep_key: an update may not renumber a row, or take a key another row
--     holds (UPDATE OR REPLACE would delete that row);
--   * <table>_no_delete: nothing recorded is deleted; append-only tables refuse
--     updates too (<table>_no_update);
--   * vocabulary columns that only a foreign key guarded hold only their vocabulary;
--   * status records and positions name an item, a round (and a party) that exist.
-- Each message is a rule of src/storage/rules.rs, where `parley check` finds rows that
-- break it (written while these triggers were dropped) and a test keeps the two
-- alike. The lookup vocabularies (status, stance, reliability, credibility) are fixed:
-- their labels and descriptions may be edited, nothing else.
-- Nothing here needs a SQLite newer than 3.37.

-- The lookup vocabularies: Parley's code knows exactly these values.

CREATE TRIGGER status_no_insert BEFORE INSERT ON status
BEGIN
    SELECT RAISE(ABORT, 'status: the vocabulary is fixed; only labels and descriptions may be edited');
END;
CREATE TRIGGER status_keep_meaning BEFORE UPDATE OF slug, rank, is_setback ON status
BEGIN
    SELECT RAISE(ABORT, 'status: the vocabulary is fixed; only labels and descriptions may be edited');
END;
CREATE TRIGGER status_no_delete BEFORE DELETE ON status
BEGIN
    SELECT RAISE(ABORT, 'status: the vocabulary is fixed; only labels and descriptions may be edited');
END;

CREATE TRIGGER stance_no_insert BEFORE INSERT ON stance
BEGIN
    SELECT RAISE(ABORT, 'stance: the vocabulary is fixed; only labels and descriptions may be edited');
END;
CREATE TRIGGER stance_keep_meaning BEFORE UPDATE OF slug, rank, leaning ON stance
BEGIN
    SELECT RAISE(ABORT, 'stance: the vocabulary is fixed; only labels and descriptions may be edited');
END;
CREATE TRIGGER stance_no_delete BEFORE DELETE ON stance
BEGIN
    SELECT RAISE(ABORT, 'stance: the vocabulary is fixed; only labels and descriptions may be edited');
END;

CREATE TRIGGER reliability_no_insert BEFORE INSERT ON reliability
BEGIN
    SELECT RAISE(ABORT, 'reliability: the vocabulary is fixed; only labels and descriptions may be edited');
END;
CREATE TRIGGER reliability_keep_meaning BEFORE UPDATE OF grade ON reliability
BEGIN
    SELECT RAISE(ABORT, 'reliability: the vocabulary is fixed; only labels and descriptions may be edited');
END;
CREATE TRIGGER reliability_no_delete BEFORE DELETE ON reliability
BEGIN
    SELECT RAISE(ABORT, 'reliability: the vocabulary is fixed; only labels and descriptions may be edited');
END;

CREATE TRIGGER credibility_no_insert BEFORE INSERT ON credibility
BEGIN
    SELECT RAISE(ABORT, 'credibility: the vocabulary is fixed; only labels and descriptions may be edited');
END;
CREATE TRIGGER credibility_keep_meaning BEFORE UPDATE OF grade ON credibility
BEGIN
    SELECT RAISE(ABORT, 'credibility: the vocabulary is fixed; only labels and descriptions may be edited');
END;
CREATE TRIGGER credibility_no_delete BEFORE DELETE ON credibility
BEGIN
    SELECT RAISE(ABORT, 'credibility: the vocabulary is fixed; only labels and descriptions may be edited');
END;

-- Tables Parley updates in place. A row id given as -1 is SQLite's placeholder for
-- one not chosen yet (an ordinary INSERT), never a row that exists.

CREATE TRIGGER process_new_key BEFORE INSERT ON process
WHEN EXISTS (SELECT 1 FROM process WHERE (process_id = NEW.process_id AND NEW.process_id <> -1) OR slug = NEW.slug)
BEGIN
    SELECT RAISE(ABORT, 'process: a process keeps its process_id, and no two processes share a slug; rows are never replaced');
END;
CREATE TRIGGER process_keep_key BEFORE UPDATE OF process_id, slug ON process
WHEN NEW.process_id IS NOT OLD.process_id
  OR EXISTS (SELECT 1 FROM process WHERE slug = NEW.slug AND process_id <> OLD.process_id)
BEGIN
    SELECT RAISE(ABORT, 'process: a process keeps its process_id, and no two processes share a slug; rows are never replaced');
END;
CREATE TRIGGER process_no_delete BEFORE DELETE ON process
BEGIN
    SELECT RAISE(ABORT, 'process: nothing recorded is ever deleted');
END;

CREATE TRIGGER party_new_key BEFORE INSERT ON party
WHEN EXISTS (SELECT 1 FROM party WHERE (party_id = NEW.party_id AND NEW.party_id <> -1) OR slug = NEW.slug
                                    OR short_code = NEW.short_code)
BEGIN
    SELECT RAISE(ABORT, 'party: a party keeps its party_id, and no two parties share a slug or short code; rows are never replaced');
END;
CREATE TRIGGER party_keep_key BEFORE UPDATE OF party_id, slug, short_code ON party
WHEN NEW.party_id IS NOT OLD.party_id
  OR EXISTS (SELECT 1 FROM party WHERE (slug = NEW.slug OR short_code = NEW.short_code) AND party_id <> OLD.party_id)
BEGIN
    SELECT RAISE(ABORT, 'party: a party keeps its party_id, and no two parties share a slug or short code; rows are never replaced');
END;
CREATE TRIGGER party_no_delete BEFORE DELETE ON party
BEGIN
    SELECT RAISE(ABORT, 'party: nothing recorded is ever deleted');
END;

CREATE TRIGGER source_new_key BEFORE INSERT ON source
WHEN EXISTS (SELECT 1 FROM source WHERE (source_id = NEW.source_id AND NEW.source_id <> -1) OR slug = NEW.slug)
BEGIN
    SELECT RAISE(ABORT, 'source: a source keeps its source_id, and no two sources share a slug; rows are never replaced');
END;
CREATE TRIGGER source_keep_key BEFORE UPDATE OF source_id, slug ON source
WHEN NEW.source_id IS NOT OLD.source_id
  OR EXISTS (SELECT 1 FROM source WHERE slug = NEW.slug AND source_id <> OLD.source_id)
BEGIN
    SELECT RAISE(ABORT, 'source: a source keeps its source_id, and no two sources share a slug; rows are never replaced');
END;
CREATE TRIGGER source_no_delete BEFORE DELETE ON source
BEGIN
    SELECT RAISE(ABORT, 'source: nothing recorded is ever deleted');
END;
CREATE TRIGGER source_reliability BEFORE INSERT ON source
WHEN NEW.reliability IS NOT NULL AND NEW.reliability NOT IN ('A', 'B', 'C', 'D', 'E', 'F')
BEGIN
    SELECT RAISE(ABORT, 'source.reliability must be empty or an Admiralty grade: A, B, C, D, E or F');
END;
CREATE TRIGGER source_reliability_update BEFORE UPDATE OF reliability ON source
WHEN NEW.reliability IS NOT NULL AND NEW.reliability NOT IN ('A', 'B', 'C', 'D', 'E', 'F')
BEGIN
    SELECT RAISE(ABORT, 'source.reliability must be empty or an Admiralty grade: A, B, C, D, E or F');
END;

CREATE TRIGGER agenda_item_new_key BEFORE INSERT ON agenda_item
WHEN EXISTS (SELECT 1 FROM agenda_item
             WHERE (agenda_item_id = NEW.agenda_item_id AND NEW.agenda_item_id <> -1)
                OR (process_id = NEW.process_id AND slug = NEW.slug))
BEGIN
    SELECT RAISE(ABORT, 'agenda_item: an item keeps its agenda_item_id and process, and no two items of a process share a slug; rows are never replaced');
END;
CREATE TRIGGER agenda_item_keep_key BEFORE UPDATE OF agenda_item_id, process_id, slug ON agenda_item
WHEN NEW.agenda_item_id IS NOT OLD.agenda_item_id OR NEW.process_id IS NOT OLD.process_id
  OR EXISTS (SELECT 1 FROM agenda_item WHERE process_id = NEW.process_id AND slug = NEW.slug
                                         AND agenda_item_id <> OLD.agenda_item_id)
BEGIN
    SELECT RAISE(ABORT, 'agenda_item: an item keeps its agenda_item_id and process, and no two items of a process share a slug; rows are never replaced');
END;
CREATE TRIGGER agenda_item_no_delete BEFORE DELETE ON agenda_item
BEGIN
    SELECT RAISE(ABORT, 'agenda_item: nothing recorded is ever deleted');
END;
CREATE TRIGGER agenda_item_no_cycle BEFORE UPDATE OF parent_agenda_item_id ON agenda_item
WHEN NEW.parent_agenda_item_id IS NOT NULL AND EXISTS (
    WITH RECURSIVE ancestor (agenda_item_id, depth) AS (
        SELECT NEW.parent_agenda_item_id, 1
        UNION ALL
        SELECT i.parent_agenda_item_id, a.depth + 1
        FROM ancestor a JOIN agenda_item i ON i.agenda_item_id = a.agenda_item_id
        WHERE i.parent_agenda_item_id IS NOT NULL AND a.depth < 1000
    )
    SELECT 1 FROM ancestor WHERE agenda_item_id = NEW.agenda_item_id)
BEGIN
    SELECT RAISE(ABORT, 'agenda_item: an item cannot be its own ancestor');
END;

CREATE TRIGGER round_new_key BEFORE INSERT ON round
WHEN EXISTS (SELECT 1 FROM round WHERE (round_id = NEW.round_id AND NEW.round_id <> -1)
                                    OR (process_id = NEW.process_id AND slug = NEW.slug))
BEGIN
    SELECT RAISE(ABORT, 'round: a round keeps its round_id and process, and no two rounds of a process share a slug; rows are never replaced');
END;
CREATE TRIGGER round_keep_key BEFORE UPDATE OF round_id, process_id, slug ON round
WHEN NEW.round_id IS NOT OLD.round_id OR NEW.process_id IS NOT OLD.process_id
  OR EXISTS (SELECT 1 FROM round WHERE process_id = NEW.process_id AND slug = NEW.slug AND round_id <> OLD.round_id)
BEGIN
    SELECT RAISE(ABORT, 'round: a round keeps its round_id and process, and no two rounds of a process share a slug; rows are never replaced');
END;
CREATE TRIGGER round_no_delete BEFORE DELETE ON round
BEGIN
    SELECT RAISE(ABORT, 'round: nothing recorded is ever deleted');
END;
-- `status set --round 1` reads a number, `latest` and `previous` read as keywords:
-- a round so named could never be reached by its slug.
CREATE TRIGGER round_slug_reserved BEFORE INSERT ON round
WHEN NEW.slug IN ('latest', 'previous') OR ltrim(NEW.slug, '-') NOT GLOB '*[^0-9]*'
BEGIN
    SELECT RAISE(ABORT, 'round.slug cannot be a number, latest or previous: a round reference would read it as one');
END;
CREATE TRIGGER round_slug_reserved_update BEFORE UPDATE OF slug ON round
WHEN NEW.slug IN ('latest', 'previous') OR ltrim(NEW.slug, '-') NOT GLOB '*[^0-9]*'
BEGIN
    SELECT RAISE(ABORT, 'round.slug cannot be a number, latest or previous: a round reference would read it as one');
END;

CREATE TRIGGER round_party_new_key BEFORE INSERT ON round_party
WHEN EXISTS (SELECT 1 FROM round_party WHERE (round_party_id = NEW.round_party_id AND NEW.round_party_id <> -1)
                                          OR (round_id = NEW.round_id AND party_id = NEW.party_id))
BEGIN
    SELECT RAISE(ABORT, 'round_party: a row keeps its round_party_id, and a party takes part in a round once; rows are never replaced');
END;
CREATE TRIGGER round_party_keep_key BEFORE UPDATE OF round_party_id, round_id, party_id ON round_party
WHEN NEW.round_party_id IS NOT OLD.round_party_id
  OR EXISTS (SELECT 1 FROM round_party WHERE round_id = NEW.round_id AND party_id = NEW.party_id
                                         AND round_party_id <> OLD.round_party_id)
BEGIN
    SELECT RAISE(ABORT, 'round_party: a row keeps its round_party_id, and a party takes part in a round once; rows are never replaced');
END;
CREATE TRIGGER round_party_no_delete BEFORE DELETE ON round_party
BEGIN
    SELECT RAISE(ABORT, 'round_party: nothing recorded is ever deleted');
END;

CREATE TRIGGER commitment_new_key BEFORE INSERT ON commitment
WHEN EXISTS (SELECT 1 FROM commitment WHERE (commitment_id = NEW.commitment_id AND NEW.commitment_id <> -1)
                                         OR (round_id = NEW.round_id AND slug = NEW.slug))
BEGIN
    SELECT RAISE(ABORT, 'commitment: a commitment keeps its commitment_id, and no two commitments of a round share a slug; rows are never replaced');
END;
CREATE TRIGGER commitment_keep_key BEFORE UPDATE OF commitment_id, round_id, slug ON commitment
WHEN NEW.commitment_id IS NOT OLD.commitment_id
  OR EXISTS (SELECT 1 FROM commitment WHERE round_id = NEW.round_id AND slug = NEW.slug
                                        AND commitment_id <> OLD.commitment_id)
BEGIN
    SELECT RAISE(ABORT, 'commitment: a commitment keeps its commitment_id, and no two commitments of a round share a slug; rows are never replaced');
END;
CREATE TRIGGER commitment_no_delete BEFORE DELETE ON commitment
BEGIN
    SELECT RAISE(ABORT, 'commitment: nothing recorded is ever deleted');
END;

-- One look-up per claim column, so that each uses its own partial unique index.
CREATE TRIGGER citation_new_key BEFORE INSERT ON citation
WHEN (NEW.citation_id <> -1 AND EXISTS (SELECT 1 FROM citation WHERE citation_id = NEW.citation_id))
  OR (NEW.round_id IS NOT NULL AND EXISTS (SELECT 1 FROM citation WHERE round_id = NEW.round_id AND source_id = NEW.source_id))
  OR (NEW.status_record_id IS NOT NULL AND EXISTS (SELECT 1 FROM citation WHERE status_record_id = NEW.status_record_id AND source_id = NEW.source_id))
  OR (NEW.position_id IS NOT NULL AND EXISTS (SELECT 1 FROM citation WHERE position_id = NEW.position_id AND source_id = NEW.source_id))
  OR (NEW.commitment_id IS NOT NULL AND EXISTS (SELECT 1 FROM citation WHERE commitment_id = NEW.commitment_id AND source_id = NEW.source_id))
  OR (NEW.quote_id IS NOT NULL AND EXISTS (SELECT 1 FROM citation WHERE quote_id = NEW.quote_id AND source_id = NEW.source_id))
  OR (NEW.round_note_id IS NOT NULL AND EXISTS (SELECT 1 FROM citation WHERE round_note_id = NEW.round_note_id AND source_id = NEW.source_id))
BEGIN
    SELECT RAISE(ABORT, 'citation: a citation keeps its citation_id, and a claim cites a source once; rows are never replaced');
END;
CREATE TRIGGER citation_keep_key BEFORE UPDATE OF citation_id, source_id, round_id, status_record_id, position_id,
                                                  commitment_id, quote_id, round_note_id ON citation
WHEN NEW.citation_id IS NOT OLD.citation_id
  OR (NEW.round_id IS NOT NULL AND EXISTS (SELECT 1 FROM citation WHERE round_id = NEW.round_id AND source_id = NEW.source_id AND citation_id <> OLD.citation_id))
  OR (NEW.status_record_id IS NOT NULL AND EXISTS (SELECT 1 FROM citation WHERE status_record_id = NEW.status_record_id AND source_id = NEW.source_id AND citation_id <> OLD.citation_id))
  OR (NEW.position_id IS NOT NULL AND EXISTS (SELECT 1 FROM citation WHERE position_id = NEW.position_id AND source_id = NEW.source_id AND citation_id <> OLD.citation_id))
  OR (NEW.commitment_id IS NOT NULL AND EXISTS (SELECT 1 FROM citation WHERE commitment_id = NEW.commitment_id AND source_id = NEW.source_id AND citation_id <> OLD.citation_id))
  OR (NEW.quote_id IS NOT NULL AND EXISTS (SELECT 1 FROM citation WHERE quote_id = NEW.quote_id AND source_id = NEW.source_id AND citation_id <> OLD.citation_id))
  OR (NEW.round_note_id IS NOT NULL AND EXISTS (SELECT 1 FROM citation WHERE round_note_id = NEW.round_note_id AND source_id = NEW.source_id AND citation_id <> OLD.citation_id))
BEGIN
    SELECT RAISE(ABORT, 'citation: a citation keeps its citation_id, and a claim cites a source once; rows are never replaced');
END;
CREATE TRIGGER citation_no_delete BEFORE DELETE ON citation
BEGIN
    SELECT RAISE(ABORT, 'citation: nothing recorded is ever deleted');
END;
CREATE TRIGGER citation_credibility BEFORE INSERT ON citation
WHEN NEW.credibility IS NOT NULL AND NEW.credibility NOT IN (1, 2, 3, 4, 5, 6)
BEGIN
    SELECT RAISE(ABORT, 'citation.credibility must be empty or a credibility grade: 1, 2, 3, 4, 5 or 6');
END;
CREATE TRIGGER citation_credibility_update BEFORE UPDATE OF credibility ON citation
WHEN NEW.credibility IS NOT NULL AND NEW.credibility NOT IN (1, 2, 3, 4, 5, 6)
BEGIN
    SELECT RAISE(ABORT, 'citation.credibility must be empty or a credibility grade: 1, 2, 3, 4, 5 or 6');
END;

-- Append-only tables: rows are added, never changed, replaced or deleted.

CREATE TRIGGER status_record_new_key BEFORE INSERT ON status_record
WHEN NEW.status_record_id <> -1 AND EXISTS (SELECT 1 FROM status_record WHERE status_record_id = NEW.status_record_id)
BEGIN
    SELECT RAISE(ABORT, 'status_record: a record keeps its status_record_id; records are never replaced: insert a correction that supersedes it');
END;
CREATE TRIGGER status_record_correct_once BEFORE INSERT ON status_record
WHEN NEW.supersedes_status_record_id IS NOT NULL
 AND EXISTS (SELECT 1 FROM status_record WHERE supersedes_status_record_id = NEW.supersedes_status_record_id)
BEGIN
    SELECT RAISE(ABORT, 'status_record: the record it supersedes is corrected already; supersede the latest correction instead');
END;
CREATE TRIGGER status_record_references BEFORE INSERT ON status_record
WHEN NOT EXISTS (SELECT 1 FROM agenda_item WHERE agenda_item_id = NEW.agenda_item_id)
  OR NOT EXISTS (SELECT 1 FROM round WHERE round_id = NEW.round_id)
BEGIN
    SELECT RAISE(ABORT, 'status_record: the agenda item or the round it names does not exist');
END;
-- Fires only when both exist: a missing one is status_record_references' to report.
DROP TRIGGER status_record_same_process;
CREATE TRIGGER status_record_same_process BEFORE INSERT ON status_record
WHEN EXISTS (SELECT 1 FROM agenda_item i JOIN round r ON r.round_id = NEW.round_id
             WHERE i.agenda_item_id = NEW.agenda_item_id AND i.process_id <> r.process_id)
BEGIN
    SELECT RAISE(ABORT, 'status_record: the agenda item and the round belong to different processes');
END;
CREATE TRIGGER status_record_correction_later BEFORE INSERT ON status_record
WHEN NEW.supersedes_status_record_id IS NOT NULL AND EXISTS (
    SELECT 1 FROM status_record o WHERE o.status_record_id = NEW.supersedes_status_record_id
      AND (o.recorded_at > NEW.recorded_at
           OR (NEW.status_record_id <> -1 AND NEW.status_record_id <= o.status_record_id)))
BEGIN
    SELECT RAISE(ABORT, 'status_record: a correction comes after the record it supersedes (a higher status_record_id, recorded no earlier)');
END;
CREATE TRIGGER status_record_status BEFORE INSERT ON status_record
WHEN NEW.status NOT IN ('proposed', 'discussed', 'progressing', 'preliminary', 'agreed', 'implementing',
                        'implemented', 'contested', 'stalled', 'dropped')
BEGIN
    SELECT RAISE(ABORT, 'status_record.status must be one of: proposed, discussed, progressing, preliminary, agreed, implementing, implemented, contested, stalled, dropped');
END;
CREATE TRIGGER status_record_confidence BEFORE INSERT ON status_record
WHEN NEW.confidence IS NOT NULL AND NEW.confidence NOT IN (1, 2, 3, 4, 5, 6)
BEGIN
    SELECT RAISE(ABORT, 'status_record.confidence must be empty or a credibility grade: 1, 2, 3, 4, 5 or 6');
END;

CREATE TRIGGER position_new_key BEFORE INSERT ON position
WHEN NEW.position_id <> -1 AND EXISTS (SELECT 1 FROM position WHERE position_id = NEW.position_id)
BEGIN
    SELECT RAISE(ABORT, 'position: a row keeps its position_id; rows are never replaced: insert a correction that supersedes it');
END;
CREATE TRIGGER position_correct_once BEFORE INSERT ON position
WHEN NEW.supersedes_position_id IS NOT NULL
 AND EXISTS (SELECT 1 FROM position WHERE supersedes_position_id = NEW.supersedes_position_id)
BEGIN
    SELECT RAISE(ABORT, 'position: the row it supersedes is corrected already; supersede the latest correction instead');
END;
CREATE TRIGGER position_references BEFORE INSERT ON position
WHEN NOT EXISTS (SELECT 1 FROM party WHERE party_id = NEW.party_id)
  OR NOT EXISTS (SELECT 1 FROM agenda_item WHERE agenda_item_id = NEW.agenda_item_id)
  OR NOT EXISTS (SELECT 1 FROM round WHERE round_id = NEW.round_id)
BEGIN
    SELECT RAISE(ABORT, 'position: the party, the agenda item or the round it names does not exist');
END;
CREATE TRIGGER position_same_process BEFORE INSERT ON position
WHEN EXISTS (SELECT 1 FROM agenda_item i JOIN round r ON r.round_id = NEW.round_id
             WHERE i.agenda_item_id = NEW.agenda_item_id AND i.process_id <> r.process_id)
BEGIN
    SELECT RAISE(ABORT, 'position: the agenda item and the round belong to different processes');
END;
CREATE TRIGGER position_supersedes_same_claim BEFORE INSERT ON position
WHEN NEW.supersedes_position_id IS NOT NULL AND NOT EXISTS (
    SELECT 1 FROM position p
    WHERE p.position_id = NEW.supersedes_position_id AND p.party_id = NEW.party_id
      AND p.agenda_item_id = NEW.agenda_item_id AND p.round_id = NEW.round_id)
BEGIN
    SELECT RAISE(ABORT, 'position: a correction must supersede a row of the same party, item and round');
END;
CREATE TRIGGER position_correction_later BEFORE INSERT ON position
WHEN NEW.supersedes_position_id IS NOT NULL AND EXISTS (
    SELECT 1 FROM position o WHERE o.position_id = NEW.supersedes_position_id
      AND (o.recorded_at > NEW.recorded_at
           OR (NEW.position_id <> -1 AND NEW.position_id <= o.position_id)))
BEGIN
    SELECT RAISE(ABORT, 'position: a correction comes after the row it supersedes (a higher position_id, recorded no earlier)');
END;
CREATE TRIGGER position_stance BEFORE INSERT ON position
WHEN NEW.stance NOT IN ('red_line', 'priority', 'proposes', 'supports', 'open', 'opposes', 'rejects')
BEGIN
    SELECT RAISE(ABORT, 'position.stance must be one of: red_line, priority, proposes, supports, open, opposes, rejects');
END;

CREATE TRIGGER party_alias_new_key BEFORE INSERT ON party_alias
WHEN EXISTS (SELECT 1 FROM party_alias WHERE (party_alias_id = NEW.party_alias_id AND NEW.party_alias_id <> -1)
                                          OR alias = NEW.alias)
BEGIN
    SELECT RAISE(ABORT, 'party_alias: an alias keeps its party_alias_id and names one party (regardless of case); rows are never replaced');
END;
CREATE TRIGGER party_alias_no_update BEFORE UPDATE ON party_alias
BEGIN
    SELECT RAISE(ABORT, 'party_alias is append-only: rows are never changed or deleted');
END;
CREATE TRIGGER party_alias_no_delete BEFORE DELETE ON party_alias
BEGIN
    SELECT RAISE(ABORT, 'party_alias is append-only: rows are never changed or deleted');
END;

CREATE TRIGGER round_history_new_key BEFORE INSERT ON round_history
WHEN NEW.round_history_id <> -1 AND EXISTS (SELECT 1 FROM round_history WHERE round_history_id = NEW.round_history_id)
BEGIN
    SELECT RAISE(ABORT, 'round_history: a row keeps its round_history_id; rows are never replaced');
END;
CREATE TRIGGER round_history_no_update BEFORE UPDATE ON round_history
BEGIN
    SELECT RAISE(ABORT, 'round_history is append-only: rows are never changed or deleted');
END;
CREATE TRIGGER round_history_no_delete BEFORE DELETE ON round_history
BEGIN
    SELECT RAISE(ABORT, 'round_history is append-only: rows are never changed or deleted');
END;

CREATE TRIGGER commitment_party_new_key BEFORE INSERT ON commitment_party
WHEN EXISTS (SELECT 1 FROM commitment_party
             WHERE (commitment_party_id = NEW.commitment_party_id AND NEW.commitment_party_id <> -1)
                OR (commitment_id = NEW.commitment_id AND party_id = NEW.party_id))
BEGIN
    SELECT RAISE(ABORT, 'commitment_party: a row keeps its commitment_party_id, and a commitment binds a party once; rows are never replaced');
END;
CREATE TRIGGER commitment_party_no_update BEFORE UPDATE ON commitment_party
BEGIN
    SELECT RAISE(ABORT, 'commitment_party is append-only: rows are never changed or deleted');
END;
CREATE TRIGGER commitment_party_no_delete BEFORE DELETE ON commitment_party
BEGIN
    SELECT RAISE(ABORT, 'commitment_party is append-only: rows are never changed or deleted');
END;

CREATE TRIGGER commitment_fate_new_key BEFORE INSERT ON commitment_fate
WHEN NEW.commitment_fate_id <> -1 AND EXISTS (SELECT 1 FROM commitment_fate WHERE commitment_fate_id = NEW.commitment_fate_id)
BEGIN
    SELECT RAISE(ABORT, 'commitment_fate: a row keeps its commitment_fate_id; rows are never replaced');
END;
CREATE TRIGGER commitment_fate_no_update BEFORE UPDATE ON commitment_fate
BEGIN
    SELECT RAISE(ABORT, 'commitment_fate is append-only: rows are never changed or deleted');
END;
CREATE TRIGGER commitment_fate_no_delete BEFORE DELETE ON commitment_fate
BEGIN
    SELECT RAISE(ABORT, 'commitment_fate is append-only: rows are never changed or deleted');
END;

CREATE TRIGGER quote_new_key BEFORE INSERT ON quote
WHEN NEW.quote_id <> -1 AND EXISTS (SELECT 1 FROM quote WHERE quote_id = NEW.quote_id)
BEGIN
    SELECT RAISE(ABORT, 'quote: a row keeps its quote_id; rows are never replaced');
END;
CREATE TRIGGER quote_no_update BEFORE UPDATE ON quote
BEGIN
    SELECT RAISE(ABORT, 'quote is append-only: rows are never changed or deleted');
END;
CREATE TRIGGER quote_no_delete BEFORE DELETE ON quote
BEGIN
    SELECT RAISE(ABORT, 'quote is append-only: rows are never changed or deleted');
END;

CREATE TRIGGER round_note_new_key BEFORE INSERT ON round_note
WHEN NEW.round_note_id <> -1 AND EXISTS (SELECT 1 FROM round_note WHERE round_note_id = NEW.round_note_id)
BEGIN
    SELECT RAISE(ABORT, 'round_note: a row keeps its round_note_id; rows are never replaced');
END;
CREATE TRIGGER round_note_no_update BEFORE UPDATE ON round_note
BEGIN
    SELECT RAISE(ABORT, 'round_note is append-only: rows are never changed or deleted');
END;
CREATE TRIGGER round_note_no_delete BEFORE DELETE ON round_note
BEGIN
    SELECT RAISE(ABORT, 'round_note is append-only: rows are never changed or deleted');
END;
