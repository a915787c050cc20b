-- A stored round order: round numbers, and the status in force at each item's
-- rounds, kept in two derived tables by triggers, so that "an item's latest round" and
-- "its previous round" are index seeks in any SQLite client instead of a sort of the
-- whole history (issue 11).
--
-- round_order holds each round's place in its process; status_in_force holds, for each
-- item and round that has a status, the record in force there, with a copy of the
-- round's date key so that an index on (item, date key, round) finds the latest and the
-- previous round of an item by seeking. Both are written only by the triggers below
-- (and rebuilt set-wise at the end of a bulk import); `parley check` compares both with
-- a recomputation from scratch. The views round_sequence, status_timeline, movement and
-- current_status are re-created on top of them with the same columns and meaning.
--
-- The order is today's: rounds by start date, a partial date before the full dates it
-- contains ('2025-11' before '2025-11-03'), then in the order recorded (round_id);
-- rounds with no date yet last. COALESCE(start_date, 'undated') sorts as text exactly
-- so, since every date starts with a digit and 'undated' does not.
-- Nothing here needs a SQLite newer than 3.37 (row values: 3.15; upserts: 3.24).

CREATE TABLE round_order (
    -- Each round's place in its process's order, kept by triggers on round (never
    -- written directly): rounds by start date (a partial date before the full dates it
    -- contains), then in the order recorded; rounds with no date yet last. A round
    -- dated between two others renumbers the rounds after it. round_sequence reads it.
    round_id    INTEGER PRIMARY KEY REFERENCES round (round_id), -- the round
    process_id  INTEGER NOT NULL REFERENCES process (process_id), -- its process, as round.process_id
    date_key    TEXT NOT NULL,              -- round.start_date, or 'undated': with round_id, sorts as the process's order
    number      INTEGER NOT NULL            -- its place in the process's order: 1 for the first
) STRICT;
CREATE INDEX round_order_date_key ON round_order (process_id, date_key, round_id);
CREATE INDEX round_order_number ON round_order (process_id, number);
-- For analysts' `WHERE round_number = 12` on the views, which do not name the process.
CREATE INDEX round_order_number_any_process ON round_order (number);

CREATE TABLE status_in_force (
    -- Derived, kept by triggers (never written directly): one row per agenda item and
    -- round that has a status, naming the status record in force there (the one
    -- nothing supersedes), keyed so that an item's rounds are in order: an item's
    -- latest round, and its round before a given one, are each one seek. A correction
    -- takes its row over; a round's new date rewrites that round's round_date_key.
    -- status_timeline counts a record as in force when its row is here. Analysts
    -- should not need it: status_timeline shows the same with names. Its ids are not
    -- declared as foreign keys: every row is derived from a status_record row, and
    -- `parley check` compares the whole table with a recomputation from the records.
    agenda_item_id INTEGER NOT NULL,        -- the item (agenda_item.agenda_item_id)
    round_date_key TEXT NOT NULL,           -- its round's round_order.date_key: with round_id, the item's rounds in order
    round_id    INTEGER NOT NULL,           -- the round (round.round_id)
    status_record_id INTEGER NOT NULL,      -- the record in force there (status_record.status_record_id)
    PRIMARY KEY (agenda_item_id, round_date_key, round_id)
) STRICT, WITHOUT ROWID;

-- A round's statuses are found from status_record's index on round_id, then each looked
-- up here by its key; with the records that are not corrections in the same index, a
-- round's statuses are counted without reading a record (`round list`).
DROP INDEX status_record_round_id;
CREATE INDEX status_record_round_id ON status_record (round_id, supersedes_status_record_id);

-- Analysts filter the views by slug (`WHERE item = '...'`, `WHERE round = '...'`)
-- without naming the process: these let SQLite start from the one item or round instead
-- of scanning the timeline. (Slugs are unique within a process: see the tables.)
CREATE INDEX agenda_item_slug ON agenda_item (slug);
CREATE INDEX round_slug ON round (slug);

-- What the file already holds.
INSERT INTO round_order (round_id, process_id, date_key, number)
SELECT round_id, process_id, COALESCE(start_date, 'undated'),
       ROW_NUMBER() OVER (PARTITION BY process_id ORDER BY COALESCE(start_date, 'undated'), round_id)
FROM round;

INSERT INTO status_in_force (agenda_item_id, round_date_key, round_id, status_record_id)
SELECT sr.agenda_item_id, o.date_key, sr.round_id, sr.status_record_id
FROM status_record sr
JOIN round_order o ON o.round_id = sr.round_id
WHERE NOT EXISTS (SELECT 1 FROM status_record c WHERE c.supersedes_status_record_id = sr.status_record_id);

-- Numbering: a row entering round_order moves the rounds after it up by one and takes
-- the number after its predecessor's; a row leaving moves them down. Both touch only
-- the rounds after it, none when a round is added last.
CREATE TRIGGER round_order_number_insert AFTER INSERT ON round_order
BEGIN
    UPDATE round_order SET number = number + 1
    WHERE process_id = NEW.process_id AND (date_key, round_id) > (NEW.date_key, NEW.round_id);
    UPDATE round_order SET number = 1 + COALESCE((
        SELECT p.number FROM round_order p
        WHERE p.process_id = NEW.process_id AND (p.date_key, p.round_id) < (NEW.date_key, NEW.round_id)
        ORDER BY p.date_key DESC, p.round_id DESC LIMIT 1), 0)
    WHERE round_id = NEW.round_id;
END;

CREATE TRIGGER round_order_number_delete AFTER DELETE ON round_order
BEGIN
    UPDATE round_order SET number = number - 1
    WHERE process_id = OLD.process_id AND (date_key, round_id) > (OLD.date_key, OLD.round_id);
END;

-- round_order follows round: a new round enters it, a deleted one leaves it, and a
-- round that changes date (or process) leaves its old place and enters its new one.
CREATE TRIGGER round_order_insert AFTER INSERT ON round
BEGIN
    INSERT INTO round_order (round_id, process_id, date_key, number)
    VALUES (NEW.round_id, NEW.process_id, COALESCE(NEW.start_date, 'undated'), 0);
END;

CREATE TRIGGER round_order_update AFTER UPDATE OF process_id, start_date ON round
WHEN NEW.process_id IS NOT OLD.process_id OR NEW.start_date IS NOT OLD.start_date
BEGIN
    DELETE FROM round_order WHERE round_id = OLD.round_id;
    INSERT INTO round_order (round_id, process_id, date_key, number)
    VALUES (NEW.round_id, NEW.process_id, COALESCE(NEW.start_date, 'undated'), 0);
END;

CREATE TRIGGER round_order_delete AFTER DELETE ON round
BEGIN
    DELETE FROM round_order WHERE round_id = OLD.round_id;
END;

-- status_in_force follows status_record and the rounds' dates. A record is in force
-- when it is written: a first record adds its item and round's row, a correction
-- (which supersedes the record in force, the only one nothing supersedes yet) takes
-- the row over. A retraction, when the schema has one, will delete the row.
CREATE TRIGGER status_in_force_insert AFTER INSERT ON status_record
BEGIN
    INSERT INTO status_in_force (agenda_item_id, round_date_key, round_id, status_record_id)
    SELECT NEW.agenda_item_id, COALESCE(r.start_date, 'undated'), NEW.round_id, NEW.status_record_id
    FROM round r WHERE r.round_id = NEW.round_id
    ON CONFLICT (agenda_item_id, round_date_key, round_id)
    DO UPDATE SET status_record_id = excluded.status_record_id;
END;

CREATE TRIGGER status_in_force_redate AFTER UPDATE OF start_date ON round
WHEN NEW.start_date IS NOT OLD.start_date
BEGIN
    UPDATE status_in_force SET round_date_key = COALESCE(NEW.start_date, 'undated')
    WHERE agenda_item_id IN (SELECT agenda_item_id FROM status_record WHERE round_id = NEW.round_id)
      AND round_date_key = COALESCE(OLD.start_date, 'undated') AND round_id = NEW.round_id;
END;

-- The views, with the same columns and meaning, read through the derived tables. None
-- uses a window function: each is a join that SQLite folds into the query that reads
-- it, so a filter on an item or a round reaches the indexes.
DROP VIEW current_status;
DROP VIEW movement;
DROP VIEW status_timeline;
DROP VIEW round_sequence;

CREATE VIEW round_sequence AS
    -- Every round with its number in its process: rounds in order of start date (a
    -- partial date sorts before the full dates it contains), then in the order they
    -- were recorded; rounds with no date yet come last. The number is stored, in
    -- round_order.
    -- Columns: process, round, number, round_date, state, round_id, process_id.
    SELECT p.slug AS process,
           r.slug AS round,
           o.number,
           r.start_date AS round_date,
           r.state,
           o.round_id,
           o.process_id
    FROM round_order o
    JOIN round r ON r.round_id = o.round_id
    JOIN process p ON p.process_id = o.process_id;

CREATE VIEW status_timeline AS
    -- One row per agenda item per round that addressed it: the status in force there
    -- after corrections (the record nothing supersedes), in round order.
    -- Columns: process, item, item_title, round, round_number, round_date, status,
    -- status_label, rank, note, confidence, recorded_at, and the row ids
    -- status_record_id, agenda_item_id, round_id.
    SELECT p.slug AS process,
           ai.slug AS item,
           ai.title AS item_title,
           r.slug AS round,
           o.number AS round_number,
           r.start_date AS round_date,
           sr.status,
           s.label AS status_label,
           s.rank,
           sr.note,
           sr.confidence,
           sr.recorded_at,
           sr.status_record_id,
           sr.agenda_item_id,
           sr.round_id
    FROM status_record sr
    JOIN round_order o ON o.round_id = sr.round_id
    JOIN status_in_force f ON f.agenda_item_id = sr.agenda_item_id AND f.round_date_key = o.date_key
                          AND f.round_id = sr.round_id AND f.status_record_id = sr.status_record_id
    JOIN agenda_item ai ON ai.agenda_item_id = sr.agenda_item_id
    JOIN round r ON r.round_id = sr.round_id
    JOIN process p ON p.process_id = r.process_id
    JOIN status s ON s.slug = sr.status;

CREATE VIEW movement AS
    -- status_timeline with each item's status at its previous round and how it moved
    -- since: 'new' (first round to address the item), 'advanced' (higher rank),
    -- 'regressed' (lower rank) or 'unchanged' (same rank).
    -- Columns: those of status_timeline, then previous_round, previous_status,
    -- previous_rank, movement.
    SELECT t.*,
           pr.slug AS previous_round,
           ps.status AS previous_status,
           pst.rank AS previous_rank,
           CASE
               WHEN pst.rank IS NULL THEN 'new'
               WHEN t.rank > pst.rank THEN 'advanced'
               WHEN t.rank < pst.rank THEN 'regressed'
               ELSE 'unchanged'
           END AS movement
    FROM status_timeline t
    LEFT JOIN status_record ps ON ps.status_record_id = (
        SELECT pf.status_record_id FROM status_in_force pf
        WHERE pf.agenda_item_id = t.agenda_item_id
          AND (pf.round_date_key, pf.round_id) < (COALESCE(t.round_date, 'undated'), t.round_id)
        ORDER BY pf.round_date_key DESC, pf.round_id DESC
        LIMIT 1)
    LEFT JOIN round pr ON pr.round_id = ps.round_id
    LEFT JOIN status pst ON pst.slug = ps.status;

CREATE VIEW current_status AS
    -- One row per agenda item that has a status: the status in force at the latest
    -- round that addressed it, with how it moved there.
    -- Columns: process, item, item_title, status, status_label, rank, round,
    -- round_number, round_date, note, confidence, previous_status, movement,
    -- recorded_at, and the row ids status_record_id, agenda_item_id, round_id.
    SELECT m.process, m.item, m.item_title, m.status, m.status_label, m.rank, m.round,
           m.round_number, m.round_date, m.note, m.confidence, m.previous_status,
           m.movement, m.recorded_at, m.status_record_id, m.agenda_item_id, m.round_id
    FROM agenda_item latest_of
    JOIN movement m ON m.status_record_id = (
        SELECT l.status_record_id FROM status_in_force l
        WHERE l.agenda_item_id = latest_of.agenda_item_id
        ORDER BY l.round_date_key DESC, l.round_id DESC
        LIMIT 1);
