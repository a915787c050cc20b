-- The write log, version 4: one row per write that changed the timeline.
--
-- Every row a Parley write stamps carries the same recorded_at, taken once the write
-- holds the write lock and never earlier than the newest row here: a clock that runs
-- behind the file is moved up to it. So instants never run backwards from one write
-- to the next, a correction never precedes what it corrects, and `--as-of` never shows
-- a record before the one it replaced. The newest row is found through the primary
-- key, whatever the size of the file.

CREATE TABLE write_log (
    -- One row per write that changed the timeline, in the order they committed:
    -- when it recorded, what wrote it and what it wrote. Append-only; each row's
    -- recorded_at is no earlier than the row before it.
    write_log_id INTEGER PRIMARY KEY,       -- row id, in the order the writes committed
    recorded_at TEXT NOT NULL,              -- the recorded_at of every row the write stamped (UTC); never before the previous write's
    clock_at    TEXT NOT NULL,              -- the clock's reading once the write held the lock (UTC); earlier than recorded_at only when the clock was behind the file
    command     TEXT NOT NULL CHECK (command <> ''), -- what wrote: import, seed, round add, status set, position set, item add, party add or source add (upgrade: the row this migration adds)
    summary     TEXT NOT NULL CHECK (summary <> '')  -- what it wrote, as the command reported it, e.g. '1 status correction'
) STRICT;

CREATE TRIGGER write_log_in_order BEFORE INSERT ON write_log
WHEN NEW.recorded_at < (SELECT recorded_at FROM write_log ORDER BY write_log_id DESC LIMIT 1)
BEGIN
    SELECT RAISE(ABORT, 'write_log: a write cannot record an instant before the previous write''s');
END;

CREATE TRIGGER write_log_no_replace BEFORE INSERT ON write_log
WHEN EXISTS (SELECT 1 FROM write_log WHERE write_log_id = NEW.write_log_id)
BEGIN
    SELECT RAISE(ABORT, 'write_log is append-only: a new row takes a new id');
END;

CREATE TRIGGER write_log_no_update BEFORE UPDATE ON write_log
BEGIN
    SELECT RAISE(ABORT, 'write_log is append-only');
END;

CREATE TRIGGER write_log_no_delete BEFORE DELETE ON write_log
BEGIN
    SELECT RAISE(ABORT, 'write_log is append-only');
END;

-- A file written before the log began: its latest instant starts the log, so that the
-- next write does not record before it.
INSERT INTO write_log (recorded_at, clock_at, command, summary)
SELECT latest, latest, 'upgrade', 'the latest instant recorded before the write log began'
FROM (SELECT max(at) AS latest FROM (
          SELECT max(recorded_at) AS at FROM process
          UNION ALL SELECT max(recorded_at) FROM party
          UNION ALL SELECT max(recorded_at) FROM party_alias
          UNION ALL SELECT max(recorded_at) FROM round
          UNION ALL SELECT max(replaced_at) FROM round_history
          UNION ALL SELECT max(recorded_at) FROM round_party
          UNION ALL SELECT max(recorded_at) FROM agenda_item
          UNION ALL SELECT max(recorded_at) FROM source
          UNION ALL SELECT max(recorded_at) FROM status_record
          UNION ALL SELECT max(recorded_at) FROM position
          UNION ALL SELECT max(recorded_at) FROM commitment
          UNION ALL SELECT max(recorded_at) FROM commitment_fate
          UNION ALL SELECT max(recorded_at) FROM round_note
          UNION ALL SELECT max(recorded_at) FROM quote))
WHERE latest IS NOT NULL;
