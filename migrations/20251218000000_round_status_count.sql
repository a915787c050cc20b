-- How many agenda items have a status at each round, stored (issue 11): `round list`
-- shows it for every round, and counting it there read every status of the timeline
-- (a million index entries at 1M records, most of the command's time). Kept by triggers
-- on status_in_force, whose rows are exactly the items with a status in force at each
-- round, so whatever adds or removes one of those rows keeps the count; rebuilt
-- set-wise at the end of a bulk import, and compared by `parley check` with a count of
-- status_in_force. And an index that holds each round's participants with their roles,
-- which `round list` shows too. Nothing here needs a SQLite newer than 3.37 (upserts:
-- 3.24).

CREATE TABLE round_status_count (
    -- Derived, kept by triggers (never written directly): per round with at least one
    -- status, how many agenda items have a status in force there (its rows in
    -- status_in_force); a round with none has no row. `round list` reads it.
    round_id    INTEGER PRIMARY KEY REFERENCES round (round_id), -- the round
    statuses    INTEGER NOT NULL CHECK (statuses > 0) -- how many items have a status at the round
) STRICT;

-- What the file already holds.
INSERT INTO round_status_count (round_id, statuses)
SELECT round_id, count(*) FROM status_in_force GROUP BY round_id;

CREATE TRIGGER round_status_count_insert AFTER INSERT ON status_in_force
BEGIN
    INSERT INTO round_status_count (round_id, statuses) VALUES (NEW.round_id, 1)
    ON CONFLICT (round_id) DO UPDATE SET statuses = statuses + 1;
END;

-- A round's last status gone, its row goes (a count is never 0); else one less.
CREATE TRIGGER round_status_count_delete AFTER DELETE ON status_in_force
BEGIN
    DELETE FROM round_status_count WHERE round_id = OLD.round_id AND statuses = 1;
    UPDATE round_status_count SET statuses = statuses - 1 WHERE round_id = OLD.round_id;
END;

-- Parley never moves a status_in_force row to another round (a correction keeps its
-- round, a re-dated round keeps its id); counted right should anything do so.
CREATE TRIGGER round_status_count_move AFTER UPDATE OF round_id ON status_in_force
WHEN NEW.round_id IS NOT OLD.round_id
BEGIN
    DELETE FROM round_status_count WHERE round_id = OLD.round_id AND statuses = 1;
    UPDATE round_status_count SET statuses = statuses - 1 WHERE round_id = OLD.round_id;
    INSERT INTO round_status_count (round_id, statuses) VALUES (NEW.round_id, 1)
    ON CONFLICT (round_id) DO UPDATE SET statuses = statuses + 1;
END;

-- `round list` shows each round's participants with their roles: read from this index
-- alone, a round's participants are one seek, with no row of round_party to fetch.
CREATE INDEX round_party_round_role ON round_party (round_id, party_id, role);
