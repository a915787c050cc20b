-- Item links and view columns (issue 13): a parent item that Datasette and DB browsers
-- follow as a link, and the columns analysts would otherwise join in themselves on
-- status_timeline, movement and current_status.
--
-- agenda_item.parent_agenda_item_id was a composite foreign key, (parent_agenda_item_id,
-- process_id) -> agenda_item (agenda_item_id, process_id), which held the "same process"
-- rule but which Datasette and sqlite-utils do not follow. It becomes a foreign key of
-- its own column, and the rule a trigger (agenda_item_parent_same_process, a rule of
-- src/storage/rules.rs that `parley check` also runs). SQLite cannot alter a foreign key,
-- so the table is rebuilt with the same rows and ids, and with everything that the table
-- carried (its indexes and triggers, as the earlier migrations left them) created again:
--
--   * its rows are set aside in a temporary table, the table is dropped and created
--     again under its own name (no ALTER TABLE RENAME, which would rewrite or refuse the
--     views and triggers that name it: they are left exactly as they are and read the
--     new table once it exists);
--   * foreign keys are deferred (defer_foreign_keys) for the rest of the transaction:
--     dropping the table counts every row of status_record, position, commitment and
--     quote that names an item as a violation, and putting the rows back (the same ids)
--     resolves each of them again, so the count is back to zero when the transaction
--     commits, where SQLite checks it. It is not switched back off here: switching it
--     off would discard the count unchecked. A row put back that breaks a foreign key
--     itself (a parent or process that does not exist, which only a client with foreign
--     keys off could have written) is counted too: the upgrade then fails at its commit
--     and the file is left as it was; `parley check` names the row.
--   * the full-text index agenda_item_fts reads its text from agenda_item by row id,
--     which the rows keep: it stays as it is, and its triggers are created again after
--     the rows are back so that they are not indexed twice.
--
-- The UNIQUE (agenda_item_id, process_id) constraint existed only as the composite key's
-- target and goes with it. Nothing here needs a SQLite newer than 3.37.

PRAGMA defer_foreign_keys = ON;

CREATE TEMP TABLE agenda_item_rows AS
SELECT agenda_item_id, process_id, parent_agenda_item_id, slug, title, description, recorded_at
FROM agenda_item;

DROP TABLE agenda_item;

CREATE TABLE agenda_item (
    -- An issue on the table ("humanitarian coordination"), scoped to one process.
    -- Items nest: a sub-item names its parent in the same process.
    agenda_item_id INTEGER PRIMARY KEY,     -- row id
    process_id  INTEGER NOT NULL REFERENCES process (process_id), -- the process it belongs to
    parent_agenda_item_id INTEGER REFERENCES agenda_item (agenda_item_id), -- the broader item it is part of, if any: an item of the same process
    slug        TEXT NOT NULL CHECK (slug <> '' AND slug NOT GLOB '*[^a-z0-9-]*'), -- stable name, unique within the process
    title       TEXT NOT NULL CHECK (title <> ''), -- display title
    description TEXT,                       -- what the item covers
    recorded_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')), -- when this row was written (UTC)
    UNIQUE (process_id, slug),
    CHECK (parent_agenda_item_id IS NULL OR parent_agenda_item_id <> agenda_item_id)
) STRICT;

INSERT INTO agenda_item (agenda_item_id, process_id, parent_agenda_item_id, slug, title, description, recorded_at)
SELECT agenda_item_id, process_id, parent_agenda_item_id, slug, title, description, recorded_at
FROM temp.agenda_item_rows
ORDER BY agenda_item_id;

DROP TABLE temp.agenda_item_rows;

-- The indexes, as 20251123000000_timeline and 20251211000000_stored_round_order made them.
CREATE INDEX agenda_item_parent ON agenda_item (parent_agenda_item_id, process_id);
CREATE INDEX agenda_item_slug ON agenda_item (slug);

-- The full-text index's triggers, as 20251201000000_search made them.
CREATE TRIGGER agenda_item_fts_insert AFTER INSERT ON agenda_item
BEGIN
    INSERT INTO agenda_item_fts (rowid, title, description) VALUES (NEW.agenda_item_id, NEW.title, NEW.description);
END;
CREATE TRIGGER agenda_item_fts_delete AFTER DELETE ON agenda_item
BEGIN
    INSERT INTO agenda_item_fts (agenda_item_fts, rowid, title, description) VALUES ('delete', OLD.agenda_item_id, OLD.title, OLD.description);
END;
CREATE TRIGGER agenda_item_fts_update AFTER UPDATE ON agenda_item
BEGIN
    INSERT INTO agenda_item_fts (agenda_item_fts, rowid, title, description) VALUES ('delete', OLD.agenda_item_id, OLD.title, OLD.description);
    INSERT INTO agenda_item_fts (rowid, title, description) VALUES (NEW.agenda_item_id, NEW.title, NEW.description);
END;

-- The rules' triggers, as 20251210000000_other_clients made them.
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

-- The rule the composite foreign key held, for every client: a parent is an item of the
-- same process (an item that does not exist is in no process). Parley's own connections
-- also meet the foreign key on a parent that does not exist.
CREATE TRIGGER agenda_item_parent_same_process BEFORE INSERT ON agenda_item
WHEN NEW.parent_agenda_item_id IS NOT NULL AND NOT EXISTS (
    SELECT 1 FROM agenda_item p
    WHERE p.agenda_item_id = NEW.parent_agenda_item_id AND p.process_id = NEW.process_id)
BEGIN
    SELECT RAISE(ABORT, 'agenda_item: an item''s parent must be an item of the same process');
END;
CREATE TRIGGER agenda_item_parent_same_process_update BEFORE UPDATE OF parent_agenda_item_id, process_id ON agenda_item
WHEN NEW.parent_agenda_item_id IS NOT NULL AND NOT EXISTS (
    SELECT 1 FROM agenda_item p
    WHERE p.agenda_item_id = NEW.parent_agenda_item_id AND p.process_id = NEW.process_id)
BEGIN
    SELECT RAISE(ABORT, 'agenda_item: an item''s parent must be an item of the same process');
END;

-- The status views, with the columns they had, in the same order, and new ones after
-- them. They still read through round_order and status_in_force with joins and index
-- seeks (20251211000000_stored_round_order); a record's sources are counted and graded
-- through citation's index on status_record_id, and only when a query reads those
-- columns. current_status starts from the items, whatever columns a query reads (CROSS
-- JOIN keeps SQLite from starting at status_record instead, as it did for a query
-- reading only columns that status_record's indexes cover, e.g. `SELECT item, status`),
-- and takes the item's slug, title and id from the item it starts from, so that
-- `WHERE item = ...` seeks it. current_position and commitment_status are left as they
-- are.
DROP VIEW current_status;
DROP VIEW movement;
DROP VIEW status_timeline;

CREATE VIEW status_timeline AS
    -- One row per agenda item per round that addressed it: the status in force there
    -- after corrections (the record nothing supersedes), in round order.
    -- With the round's title, the broader item the item is part of, whether the status
    -- is a setback, and how many sources the record cites and the best graded of them.
    -- Columns: process, item, item_title, round, round_number, round_date, status,
    -- status_label, rank, note, confidence, recorded_at, the row ids status_record_id,
    -- agenda_item_id, round_id, then round_title, parent_item, parent_item_title,
    -- parent_agenda_item_id, is_setback, source_count, best_reliability.
    SELECT p.slug AS process,                -- the process's slug
           ai.slug AS item,                  -- the agenda item's slug
           ai.title AS item_title,           -- the agenda item's title
           r.slug AS round,                  -- the round's slug
           o.number AS round_number,         -- the round's number in its process: 1 for the first, by date
           r.start_date AS round_date,       -- the round's start date, possibly partial
           sr.status,                        -- the status in force (a status.slug)
           s.label AS status_label,          -- the status as reports print it
           s.rank,                           -- the status's rank: higher is further along; setbacks are 0 or below
           sr.note,                          -- the status record's note
           sr.confidence,                    -- Admiralty credibility 1-6 of the status record, when assessed
           sr.recorded_at,                   -- when the status record in force was written (UTC)
           sr.status_record_id,              -- the status record in force (status_record.status_record_id)
           sr.agenda_item_id,                -- the item's row id (agenda_item.agenda_item_id)
           sr.round_id,                      -- the round's row id (round.round_id)
           r.title AS round_title,           -- the round's title
           parent.slug AS parent_item,       -- the slug of the broader item this item is part of, if any
           parent.title AS parent_item_title, -- that item's title
           ai.parent_agenda_item_id,         -- that item's row id (agenda_item.agenda_item_id), if any
           s.is_setback,                     -- 1 when the status is a setback (contested, stalled, dropped), else 0
           (SELECT count(*) FROM citation c
            WHERE c.status_record_id = sr.status_record_id) AS source_count, -- how many sources the record cites
           (SELECT min(so.reliability) FROM citation c JOIN source so ON so.source_id = c.source_id
            WHERE c.status_record_id = sr.status_record_id) AS best_reliability -- the best Admiralty reliability (A best) among them; empty when none is graded
    FROM status_record sr
    JOIN round_order o ON o.round_id = sr.round_id
    JOIN status_in_force f ON f.agenda_item_id = sr.agenda_item_id AND f.round_date_key = o.date_key
                          AND f.round_id = sr.round_id AND f.status_record_id = sr.status_record_id
    JOIN agenda_item ai ON ai.agenda_item_id = sr.agenda_item_id
    LEFT JOIN agenda_item parent ON parent.agenda_item_id = ai.parent_agenda_item_id
    JOIN round r ON r.round_id = sr.round_id
    JOIN process p ON p.process_id = r.process_id
    JOIN status s ON s.slug = sr.status;

CREATE VIEW movement AS
    -- status_timeline with each item's status at its previous round and how it moved
    -- since: 'new' (first round to address the item), 'advanced' (higher rank),
    -- 'regressed' (lower rank) or 'unchanged' (same rank).
    -- Columns: process, item, item_title, round, round_number, round_date, status,
    -- status_label, rank, note, confidence, recorded_at, the row ids status_record_id,
    -- agenda_item_id, round_id, then previous_round, previous_status, previous_rank,
    -- movement, round_title, parent_item, parent_item_title, parent_agenda_item_id,
    -- is_setback, source_count, best_reliability, previous_status_label.
    SELECT t.process,                        -- the process's slug
           t.item,                           -- the agenda item's slug
           t.item_title,                     -- the agenda item's title
           t.round,                          -- the round's slug
           t.round_number,                   -- the round's number in its process: 1 for the first, by date
           t.round_date,                     -- the round's start date, possibly partial
           t.status,                         -- the status in force (a status.slug)
           t.status_label,                   -- the status as reports print it
           t.rank,                           -- the status's rank: higher is further along; setbacks are 0 or below
           t.note,                           -- the status record's note
           t.confidence,                     -- Admiralty credibility 1-6 of the status record, when assessed
           t.recorded_at,                    -- when the status record in force was written (UTC)
           t.status_record_id,               -- the status record in force (status_record.status_record_id)
           t.agenda_item_id,                 -- the item's row id (agenda_item.agenda_item_id)
           t.round_id,                       -- the round's row id (round.round_id)
           pr.slug AS previous_round,        -- the slug of the item's previous round, if any
           ps.status AS previous_status,     -- the item's status at its previous round, if any
           pst.rank AS previous_rank,        -- the rank of that status
           CASE
               WHEN pst.rank IS NULL THEN 'new'
               WHEN t.rank > pst.rank THEN 'advanced'
               WHEN t.rank < pst.rank THEN 'regressed'
               ELSE 'unchanged'
           END AS movement,                  -- new, advanced, regressed or unchanged, by rank against the previous round
           t.round_title,                    -- the round's title
           t.parent_item,                    -- the slug of the broader item this item is part of, if any
           t.parent_item_title,              -- that item's title
           t.parent_agenda_item_id,          -- that item's row id (agenda_item.agenda_item_id), if any
           t.is_setback,                     -- 1 when the status is a setback (contested, stalled, dropped), else 0
           t.source_count,                   -- how many sources the record cites
           t.best_reliability,               -- the best Admiralty reliability (A best) among them; empty when none is graded
           pst.label AS previous_status_label -- the previous status as reports print it, if any
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
    -- round that addressed it, with how it moved there, as status_timeline and
    -- movement describe it.
    -- Columns: process, item, item_title, status, status_label, rank, round,
    -- round_number, round_date, note, confidence, previous_status, movement,
    -- recorded_at, the row ids status_record_id, agenda_item_id, round_id, then
    -- round_title, parent_item, parent_item_title, parent_agenda_item_id, is_setback,
    -- previous_status_label, source_count, best_reliability.
    SELECT m.process,                        -- the process's slug
           latest_of.slug AS item,           -- the agenda item's slug
           latest_of.title AS item_title,    -- the agenda item's title
           m.status,                         -- the status in force (a status.slug)
           m.status_label,                   -- the status as reports print it
           m.rank,                           -- the status's rank: higher is further along; setbacks are 0 or below
           m.round,                          -- the slug of the latest round that addressed the item
           m.round_number,                   -- that round's number in its process: 1 for the first, by date
           m.round_date,                     -- that round's start date, possibly partial
           m.note,                           -- the status record's note
           m.confidence,                     -- Admiralty credibility 1-6 of the status record, when assessed
           m.previous_status,                -- the item's status at its previous round, if any
           m.movement,                       -- new, advanced, regressed or unchanged, by rank against the previous round
           m.recorded_at,                    -- when the status record in force was written (UTC)
           m.status_record_id,               -- the status record in force (status_record.status_record_id)
           latest_of.agenda_item_id,         -- the item's row id (agenda_item.agenda_item_id)
           m.round_id,                       -- the round's row id (round.round_id)
           m.round_title,                    -- that round's title
           m.parent_item,                    -- the slug of the broader item this item is part of, if any
           m.parent_item_title,              -- that item's title
           m.parent_agenda_item_id,          -- that item's row id (agenda_item.agenda_item_id), if any
           m.is_setback,                     -- 1 when the status is a setback (contested, stalled, dropped), else 0
           m.previous_status_label,          -- the previous status as reports print it, if any
           m.source_count,                   -- how many sources the record cites
           m.best_reliability                -- the best Admiralty reliability (A best) among them; empty when none is graded
    FROM agenda_item latest_of
    CROSS JOIN movement m ON m.status_record_id = (
        SELECT l.status_record_id FROM status_in_force l
        WHERE l.agenda_item_id = latest_of.agenda_item_id
        ORDER BY l.round_date_key DESC, l.round_id DESC
        LIMIT 1);
