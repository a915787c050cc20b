-- Ids are never reused (issue 10: a record once logged is never lost or silently
-- changed). Two tables lose rows: an alias removed leaves party_alias, a participant
-- withdrawn leaves round_party (20251214000000_edit_history), and their history tables,
-- party_alias_history and round_party_history, name the row that left by its id. An
-- INTEGER PRIMARY KEY without AUTOINCREMENT hands the largest id out again once its row
-- is deleted, so the next alias or participant took the id of the one just removed, and
-- the history row then named a record it never recorded. Every other table refuses
-- DELETE (its <table>_no_delete trigger), so its ids are never freed; the derived tables
-- round_order, status_in_force and round_status_count are keyed by the round's and the
-- record's ids, never by ids of their own.
--
-- The two tables are rebuilt with AUTOINCREMENT, with the same columns in the same order,
-- the same rows and ids, STRICT, and everything they carried (indexes, triggers, as the
-- earlier migrations left them), as 20251213000000 rebuilt agenda_item: the rows are set
-- aside in a temporary table, the table is dropped and created again under its own name
-- (no ALTER TABLE RENAME, which would rewrite the views and triggers that name it), the
-- rows put back, then the indexes and triggers created again (the full-text index
-- party_alias_fts reads by the same ids, so it stays as it is, and its triggers come back
-- after the rows so that nothing is indexed twice). No table has a foreign key to either,
-- so dropping them leaves no reference dangling. A row put back that breaks a foreign key
-- (written by a client with foreign keys off) stops the upgrade, and the file is left as
-- it was; `parley check` names the row.
--
-- A file written before this migration may already hold a reused id: an alias that took a
-- removed alias's id, a participant that took a withdrawn one's. That row (the one in
-- force) is given a new id, after every id held, and the history keeps naming what it
-- recorded: the removed alias, the withdrawn participant. A participant's own versions
-- follow it to its new id: they are the history rows naming its id written after the
-- last withdrawal under that id (history rows are appended in order, and a participant
-- can only have taken the id once its holder was withdrawn), the one change this
-- migration makes to a history row. Every other row keeps its id.
--
-- AUTOINCREMENT keeps the largest id a table has held in sqlite_sequence and hands out
-- only ids above it. The ids the history tables name are held too: the sequence starts
-- past the largest id the table or its history table holds, and an insert into the history
-- table (Parley's own, a history import's, another client's) moves it past the id that
-- row names (<table>_history_reserves_id). A row given an id its history table names is
-- refused whoever writes it (<table>_new_id, a rule of src/storage/rules/), and
-- `parley check` lists such rows and a sequence behind a held id (another client can
-- lower sqlite_sequence).
-- Nothing here needs a SQLite newer than 3.37 (AUTOINCREMENT is as old as SQLite 3).

-- party_alias

CREATE TEMP TABLE party_alias_rows AS
SELECT party_alias_id, party_id, alias, recorded_at FROM party_alias;

-- An alias in force that holds a removed alias's id takes a new one, after every id held.
CREATE TEMP TABLE party_alias_moved AS
SELECT party_alias_id AS old_id, alias,
       (SELECT max(id) FROM (SELECT max(party_alias_id) AS id FROM party_alias
                             UNION ALL SELECT max(party_alias_id) FROM party_alias_history))
       + row_number() OVER (ORDER BY party_alias_id) AS new_id
FROM party_alias
WHERE party_alias_id IN (SELECT party_alias_id FROM party_alias_history);

DROP TABLE party_alias;

CREATE TABLE party_alias (
    -- Other names a party goes by ("Washington", "Kyiv"); names resolve case-insensitively.
    party_alias_id INTEGER PRIMARY KEY AUTOINCREMENT, -- row id
    party_id    INTEGER NOT NULL REFERENCES party (party_id), -- the party so named
    alias       TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (alias <> ''), -- the other name; unique regardless of case
    recorded_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) -- when this row was written (UTC)
) STRICT;

INSERT INTO party_alias (party_alias_id, party_id, alias, recorded_at)
SELECT COALESCE(m.new_id, r.party_alias_id), r.party_id, r.alias, r.recorded_at
FROM temp.party_alias_rows r LEFT JOIN temp.party_alias_moved m ON m.old_id = r.party_alias_id
ORDER BY 1;

-- The full-text index follows a moved alias to its new id.
INSERT INTO party_alias_fts (party_alias_fts, rowid, alias) SELECT 'delete', old_id, alias FROM temp.party_alias_moved;
INSERT INTO party_alias_fts (rowid, alias) SELECT new_id, alias FROM temp.party_alias_moved;

DROP TABLE temp.party_alias_rows;
DROP TABLE temp.party_alias_moved;

CREATE INDEX party_alias_party_id ON party_alias (party_id);
CREATE TRIGGER party_alias_new_key BEFORE INSERT ON party_alias
WHEN EXISTS (SELECT 1 FROM party_alias WHERE (party_alias_id = NEW.party_alias_id AND NEW.party_alias_id <> -1)
                                          OR alias = NEW.alias)
BEGIN
    SELECT RAISE(ABORT, 'party_alias: an alias keeps its party_alias_id and names one party (regardless of case); rows are never replaced');
END;
CREATE TRIGGER party_alias_fts_insert AFTER INSERT ON party_alias
BEGIN
    INSERT INTO party_alias_fts (rowid, alias) VALUES (NEW.party_alias_id, NEW.alias);
END;
CREATE TRIGGER party_alias_fts_delete AFTER DELETE ON party_alias
BEGIN
    INSERT INTO party_alias_fts (party_alias_fts, rowid, alias) VALUES ('delete', OLD.party_alias_id, OLD.alias);
END;
CREATE TRIGGER party_alias_fts_update AFTER UPDATE OF alias ON party_alias
BEGIN
    INSERT INTO party_alias_fts (party_alias_fts, rowid, alias) VALUES ('delete', OLD.party_alias_id, OLD.alias);
    INSERT INTO party_alias_fts (rowid, alias) VALUES (NEW.party_alias_id, NEW.alias);
END;
CREATE TRIGGER party_alias_removed AFTER DELETE ON party_alias
WHEN NOT EXISTS (SELECT 1 FROM party_alias_history
                 WHERE party_alias_id = OLD.party_alias_id AND party_id = OLD.party_id
                   AND alias = OLD.alias AND recorded_at = OLD.recorded_at)
BEGIN
    INSERT INTO party_alias_history (party_alias_id, party_id, alias, recorded_at, removed_at)
    VALUES (OLD.party_alias_id, OLD.party_id, OLD.alias, OLD.recorded_at,
            max(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), OLD.recorded_at,
                COALESCE((SELECT recorded_at FROM write_log ORDER BY write_log_id DESC LIMIT 1), '')));
END;
CREATE TRIGGER party_alias_no_update BEFORE UPDATE ON party_alias
BEGIN
    SELECT RAISE(ABORT, 'party_alias: an alias is never changed; delete it (party_alias_history keeps it) and add the new name');
END;

-- round_party (lead_person_id, added by 20251216000000_persons_and_outlets, stays last)

CREATE TEMP TABLE round_party_rows AS
SELECT round_party_id, round_id, party_id, role, note, recorded_at, lead_person_id FROM round_party;

-- A participant in force that holds a withdrawn participant's id takes a new one, after
-- every id held; its versions are the history rows under the old id after the last
-- withdrawal (withdrawn_at_history_id).
CREATE TEMP TABLE round_party_moved AS
SELECT rp.round_party_id AS old_id,
       (SELECT max(id) FROM (SELECT max(round_party_id) AS id FROM round_party
                             UNION ALL SELECT max(round_party_id) FROM round_party_history))
       + row_number() OVER (ORDER BY rp.round_party_id) AS new_id,
       (SELECT max(h.round_party_history_id) FROM round_party_history h
        WHERE h.round_party_id = rp.round_party_id AND h.withdrawn = 1) AS withdrawn_at_history_id
FROM round_party rp
WHERE EXISTS (SELECT 1 FROM round_party_history h WHERE h.round_party_id = rp.round_party_id AND h.withdrawn = 1);

DROP TABLE round_party;

CREATE TABLE round_party (
    -- Participation: which parties a round involved and how. Parties discussed but not
    -- at the table are recorded too, with the role 'absent' or 'stakeholder'.
    round_party_id INTEGER PRIMARY KEY AUTOINCREMENT, -- row id
    round_id    INTEGER NOT NULL REFERENCES round (round_id), -- the round
    party_id    INTEGER NOT NULL REFERENCES party (party_id), -- the party
    role        TEXT NOT NULL CHECK (role IN ('delegation', 'host', 'mediator', 'observer', 'stakeholder', 'absent')), -- delegation at the table, host, mediator, observer, stakeholder with an interest, or absent party to the conflict
    note        TEXT,                       -- who led the delegation, why absent, and so on
    recorded_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')), -- when this row was written (UTC)
    lead_person_id INTEGER REFERENCES person (person_id), -- who led the party's delegation, if recorded
    UNIQUE (round_id, party_id)
) STRICT;

INSERT INTO round_party (round_party_id, round_id, party_id, role, note, recorded_at, lead_person_id)
SELECT COALESCE(m.new_id, r.round_party_id), r.round_id, r.party_id, r.role, r.note, r.recorded_at, r.lead_person_id
FROM temp.round_party_rows r LEFT JOIN temp.round_party_moved m ON m.old_id = r.round_party_id
ORDER BY 1;

-- A moved participant's versions follow it (round_party_history_no_update, which refuses
-- every other change, is set aside for this one statement and created again as it was).
DROP TRIGGER round_party_history_no_update;
UPDATE round_party_history
SET round_party_id = (SELECT m.new_id FROM temp.round_party_moved m WHERE m.old_id = round_party_history.round_party_id)
WHERE EXISTS (SELECT 1 FROM temp.round_party_moved m
              WHERE m.old_id = round_party_history.round_party_id
                AND round_party_history.round_party_history_id > m.withdrawn_at_history_id);
CREATE TRIGGER round_party_history_no_update BEFORE UPDATE ON round_party_history
BEGIN
    SELECT RAISE(ABORT, 'round_party_history is append-only: rows are never changed or deleted');
END;

DROP TABLE temp.round_party_rows;
DROP TABLE temp.round_party_moved;

CREATE INDEX round_party_party_id ON round_party (party_id);
CREATE INDEX round_party_lead_person_id ON round_party (lead_person_id);
-- `round list` shows each round's participants with their roles: read from this index
-- alone, a round's participants are one seek, with no row of round_party to fetch.
CREATE INDEX round_party_round_role ON round_party (round_id, party_id, role);
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
CREATE TRIGGER round_party_update AFTER UPDATE ON round_party
WHEN OLD.round_id IS NOT NEW.round_id OR OLD.party_id IS NOT NEW.party_id OR OLD.role IS NOT NEW.role
  OR OLD.note IS NOT NEW.note
BEGIN
    INSERT INTO round_party_history (round_party_id, round_id, party_id, role, note, recorded_at, replaced_at)
    VALUES (OLD.round_party_id, OLD.round_id, OLD.party_id, OLD.role, OLD.note, OLD.recorded_at, NEW.recorded_at);
END;
CREATE TRIGGER round_party_withdrawn AFTER DELETE ON round_party
WHEN NOT EXISTS (SELECT 1 FROM round_party_history
                 WHERE round_party_id = OLD.round_party_id AND withdrawn = 1 AND round_id = OLD.round_id
                   AND party_id = OLD.party_id AND recorded_at = OLD.recorded_at)
BEGIN
    INSERT INTO round_party_history (round_party_id, round_id, party_id, role, note, recorded_at, replaced_at, withdrawn)
    VALUES (OLD.round_party_id, OLD.round_id, OLD.party_id, OLD.role, OLD.note, OLD.recorded_at,
            max(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), OLD.recorded_at,
                COALESCE((SELECT recorded_at FROM write_log ORDER BY write_log_id DESC LIMIT 1), '')),
            1);
END;
CREATE TRIGGER round_party_round_not_retracted BEFORE INSERT ON round_party
WHEN EXISTS (SELECT 1 FROM retraction WHERE round_id = NEW.round_id)
BEGIN
    SELECT RAISE(ABORT, 'round_party: its round is retracted and takes no more records');
END;

-- The sequences start past every id held: the table's own (put back above, which set
-- them) and those its history table names, a removed alias's or a withdrawn
-- participant's included.
INSERT INTO sqlite_sequence (name, seq)
SELECT name, 0 FROM (SELECT 'party_alias' AS name UNION ALL SELECT 'round_party')
WHERE name NOT IN (SELECT name FROM sqlite_sequence);
UPDATE sqlite_sequence
SET seq = max(seq, COALESCE((SELECT max(party_alias_id) FROM party_alias_history), 0))
WHERE name = 'party_alias';
UPDATE sqlite_sequence
SET seq = max(seq, COALESCE((SELECT max(round_party_id) FROM round_party_history), 0))
WHERE name = 'round_party';

-- A history row holds the id it names: whoever writes it, the sequence moves past that id,
-- so a history import (which gives removed aliases and withdrawn participants ids after
-- those of the rows in force) leaves no held id to be handed out again.
CREATE TRIGGER party_alias_history_reserves_id AFTER INSERT ON party_alias_history
BEGIN
    INSERT INTO sqlite_sequence (name, seq)
    SELECT 'party_alias', NEW.party_alias_id WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'party_alias');
    UPDATE sqlite_sequence SET seq = NEW.party_alias_id WHERE name = 'party_alias' AND seq < NEW.party_alias_id;
END;
CREATE TRIGGER round_party_history_reserves_id AFTER INSERT ON round_party_history
BEGIN
    INSERT INTO sqlite_sequence (name, seq)
    SELECT 'round_party', NEW.round_party_id WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'round_party');
    UPDATE sqlite_sequence SET seq = NEW.round_party_id WHERE name = 'round_party' AND seq < NEW.round_party_id;
END;

-- The rule, for every client: a new row never takes an id its history table names (an
-- explicit id, or one handed out after another client lowered sqlite_sequence). AFTER
-- INSERT: before it, a row given no id reads as -1.
CREATE TRIGGER party_alias_new_id AFTER INSERT ON party_alias
WHEN EXISTS (SELECT 1 FROM party_alias_history WHERE party_alias_id = NEW.party_alias_id)
BEGIN
    SELECT RAISE(ABORT, 'party_alias: a new alias takes an id no alias has held; party_alias_history names this one');
END;
CREATE TRIGGER round_party_new_id AFTER INSERT ON round_party
WHEN EXISTS (SELECT 1 FROM round_party_history WHERE round_party_id = NEW.round_party_id)
BEGIN
    SELECT RAISE(ABORT, 'round_party: a new participant takes an id no participant has held; round_party_history names this one');
END;
