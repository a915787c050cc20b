-- Retractions (issue 12): a claim or a round logged in error is withdrawn by an
-- appended record with a reason, never by a delete or an update of what it withdraws.
--
-- One table, `retraction`, holds every retraction: one nullable column per kind of
-- thing retracted (a round, a status record, a position, a commitment, a quote, a
-- round note), exactly one of them set, as `citation` names its claim. One table
-- rather than one per kind: "what was retracted, when and why" is one query, the
-- rules (append-only, once per claim) are written once, and a kind added later is a
-- column. A claim is retracted at most once: each column has a unique index.
--
-- What a retraction takes out of the views:
--   * a status record: its row in status_in_force, so every status view (which reads
--     status_in_force) drops it and the item's earlier round shows through, as if it
--     had never been logged;
--   * a round: its row in round_order (the later rounds' numbers move down one) and
--     its rows in status_in_force, so its statuses leave the status views; the other
--     views below leave out every claim of a retracted round;
--   * a position or a commitment: current_position and commitment_status, redefined
--     here, leave it out (an earlier round's stance then shows through).
-- A retracted claim is never corrected and a retracted round takes nothing more: the
-- triggers below refuse both, whoever writes. Reads "as of" an earlier instant count a
-- retraction only from its recorded_at on.
-- Nothing here needs a SQLite newer than 3.37.

CREATE TABLE retraction (
    -- A claim or a round withdrawn because it was logged in error, with the reason.
    -- Append-only: nothing retracted is deleted, and a retraction is never undone or
    -- edited. Exactly one of the columns round_id … round_note_id names what it
    -- retracts; each is retracted at most once. A status record or position retracted
    -- is the one in force at its item (and party) and round; a round retracted takes
    -- everything logged at it out of the views with it.
    retraction_id INTEGER PRIMARY KEY,      -- row id
    round_id    INTEGER REFERENCES round (round_id), -- retracts: a round, with everything logged at it
    status_record_id INTEGER REFERENCES status_record (status_record_id), -- retracts: a status record in force (an item's status at a round)
    position_id INTEGER REFERENCES position (position_id), -- retracts: a position in force (a party's stance on an item at a round)
    commitment_id INTEGER REFERENCES commitment (commitment_id), -- retracts: a commitment, with its fates
    quote_id    INTEGER REFERENCES quote (quote_id), -- retracts: a quote
    round_note_id INTEGER REFERENCES round_note (round_note_id), -- retracts: a round note
    reason      TEXT NOT NULL CHECK (reason <> ''), -- why it was retracted, in the analyst's words
    write_log_id INTEGER NOT NULL REFERENCES write_log (write_log_id), -- the write that retracted it
    recorded_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')), -- when it was retracted (UTC): reads as of an earlier instant still show the claim
    CHECK ((round_id IS NOT NULL) + (status_record_id IS NOT NULL) + (position_id IS NOT NULL)
         + (commitment_id IS NOT NULL) + (quote_id IS NOT NULL) + (round_note_id IS NOT NULL) = 1)
) STRICT;
-- One retraction per claim; each also serves its column's foreign key, and the
-- look-ups "is this retracted?" that every read makes.
CREATE UNIQUE INDEX retraction_round_id ON retraction (round_id);
CREATE UNIQUE INDEX retraction_status_record_id ON retraction (status_record_id);
CREATE UNIQUE INDEX retraction_position_id ON retraction (position_id);
CREATE UNIQUE INDEX retraction_commitment_id ON retraction (commitment_id);
CREATE UNIQUE INDEX retraction_quote_id ON retraction (quote_id);
CREATE UNIQUE INDEX retraction_round_note_id ON retraction (round_note_id);
CREATE INDEX retraction_write_log_id ON retraction (write_log_id);

-- The rules, for every client (src/storage/rules.rs lists each with its message).

CREATE TRIGGER retraction_new_key BEFORE INSERT ON retraction
WHEN (NEW.retraction_id <> -1 AND EXISTS (SELECT 1 FROM retraction WHERE retraction_id = NEW.retraction_id))
  OR (NEW.round_id IS NOT NULL AND EXISTS (SELECT 1 FROM retraction WHERE round_id = NEW.round_id))
  OR (NEW.status_record_id IS NOT NULL AND EXISTS (SELECT 1 FROM retraction WHERE status_record_id = NEW.status_record_id))
  OR (NEW.position_id IS NOT NULL AND EXISTS (SELECT 1 FROM retraction WHERE position_id = NEW.position_id))
  OR (NEW.commitment_id IS NOT NULL AND EXISTS (SELECT 1 FROM retraction WHERE commitment_id = NEW.commitment_id))
  OR (NEW.quote_id IS NOT NULL AND EXISTS (SELECT 1 FROM retraction WHERE quote_id = NEW.quote_id))
  OR (NEW.round_note_id IS NOT NULL AND EXISTS (SELECT 1 FROM retraction WHERE round_note_id = NEW.round_note_id))
BEGIN
    SELECT RAISE(ABORT, 'retraction: a retraction keeps its retraction_id, and a claim is retracted once; rows are never replaced');
END;
CREATE TRIGGER retraction_no_update BEFORE UPDATE ON retraction
BEGIN
    SELECT RAISE(ABORT, 'retraction is append-only: rows are never changed or deleted');
END;
CREATE TRIGGER retraction_no_delete BEFORE DELETE ON retraction
BEGIN
    SELECT RAISE(ABORT, 'retraction is append-only: rows are never changed or deleted');
END;
CREATE TRIGGER retraction_references BEFORE INSERT ON retraction
WHEN (NEW.round_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM round WHERE round_id = NEW.round_id))
  OR (NEW.status_record_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM status_record WHERE status_record_id = NEW.status_record_id))
  OR (NEW.position_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM position WHERE position_id = NEW.position_id))
  OR (NEW.commitment_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM commitment WHERE commitment_id = NEW.commitment_id))
  OR (NEW.quote_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM quote WHERE quote_id = NEW.quote_id))
  OR (NEW.round_note_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM round_note WHERE round_note_id = NEW.round_note_id))
  OR NOT EXISTS (SELECT 1 FROM write_log WHERE write_log_id = NEW.write_log_id)
BEGIN
    SELECT RAISE(ABORT, 'retraction: the claim, round or write it names does not exist');
END;
-- A status record or position retracted is the one in force: a superseded one is no
-- longer a claim of the timeline.
CREATE TRIGGER retraction_in_force BEFORE INSERT ON retraction
WHEN (NEW.status_record_id IS NOT NULL
      AND EXISTS (SELECT 1 FROM status_record WHERE supersedes_status_record_id = NEW.status_record_id))
  OR (NEW.position_id IS NOT NULL
      AND EXISTS (SELECT 1 FROM position WHERE supersedes_position_id = NEW.position_id))
BEGIN
    SELECT RAISE(ABORT, 'retraction: a status record or position retracted must be the one in force (nothing supersedes it)');
END;

-- A retracted claim is never corrected, and a retracted round takes no more claims.
-- (A new record at an item and round whose record was retracted is refused already:
-- the retracted record is still the one nothing supersedes.)
CREATE TRIGGER status_record_not_retracted BEFORE INSERT ON status_record
WHEN EXISTS (SELECT 1 FROM retraction WHERE status_record_id = NEW.supersedes_status_record_id)
  OR EXISTS (SELECT 1 FROM retraction WHERE round_id = NEW.round_id)
BEGIN
    SELECT RAISE(ABORT, 'status_record: the record it corrects, or its round, is retracted; a retracted claim is never corrected');
END;
CREATE TRIGGER position_not_retracted BEFORE INSERT ON position
WHEN EXISTS (SELECT 1 FROM retraction WHERE position_id = NEW.supersedes_position_id)
  OR EXISTS (SELECT 1 FROM retraction WHERE round_id = NEW.round_id)
BEGIN
    SELECT RAISE(ABORT, 'position: the row it corrects, or its round, is retracted; a retracted claim is never corrected');
END;
CREATE TRIGGER commitment_fate_not_retracted BEFORE INSERT ON commitment_fate
WHEN EXISTS (SELECT 1 FROM retraction WHERE commitment_id = NEW.commitment_id)
  OR EXISTS (SELECT 1 FROM retraction x JOIN commitment c ON x.round_id = c.round_id
             WHERE c.commitment_id = NEW.commitment_id)
BEGIN
    SELECT RAISE(ABORT, 'commitment_fate: the commitment, or the round that produced it, is retracted');
END;
CREATE TRIGGER commitment_round_not_retracted BEFORE INSERT ON commitment
WHEN EXISTS (SELECT 1 FROM retraction WHERE round_id = NEW.round_id)
BEGIN
    SELECT RAISE(ABORT, 'commitment: its round is retracted and takes no more records');
END;
CREATE TRIGGER quote_round_not_retracted BEFORE INSERT ON quote
WHEN EXISTS (SELECT 1 FROM retraction WHERE round_id = NEW.round_id)
BEGIN
    SELECT RAISE(ABORT, 'quote: its round is retracted and takes no more records');
END;
CREATE TRIGGER round_note_round_not_retracted BEFORE INSERT ON round_note
WHEN EXISTS (SELECT 1 FROM retraction WHERE round_id = NEW.round_id)
BEGIN
    SELECT RAISE(ABORT, 'round_note: its round is retracted and takes no more records');
END;
CREATE TRIGGER round_party_round_not_retracted BEFORE INSERT ON round_party
WHEN EXISTS (SELECT 1 FROM retraction WHERE round_id = NEW.round_id)
BEGIN
    SELECT RAISE(ABORT, 'round_party: its round is retracted and takes no more records');
END;
-- A retracted round keeps the details it was retracted with (a new date would also
-- put it back in round_order).
CREATE TRIGGER round_retracted_kept BEFORE UPDATE ON round
WHEN EXISTS (SELECT 1 FROM retraction WHERE round_id = OLD.round_id)
BEGIN
    SELECT RAISE(ABORT, 'round: a retracted round is never changed');
END;

-- The derived tables follow retractions: a retracted status record leaves
-- status_in_force (the item's earlier round shows through); a retracted round leaves
-- round_order (round_order_number_delete moves the later rounds down one) and takes
-- its statuses out of status_in_force.
CREATE TRIGGER status_in_force_retract AFTER INSERT ON retraction
WHEN NEW.status_record_id IS NOT NULL
BEGIN
    DELETE FROM status_in_force
    WHERE status_record_id = NEW.status_record_id
      AND agenda_item_id = (SELECT agenda_item_id FROM status_record WHERE status_record_id = NEW.status_record_id)
      AND round_id = (SELECT round_id FROM status_record WHERE status_record_id = NEW.status_record_id);
END;
CREATE TRIGGER round_order_retract AFTER INSERT ON retraction
WHEN NEW.round_id IS NOT NULL
BEGIN
    DELETE FROM status_in_force
    WHERE agenda_item_id IN (SELECT agenda_item_id FROM status_record WHERE round_id = NEW.round_id)
      AND round_date_key = (SELECT date_key FROM round_order WHERE round_id = NEW.round_id)
      AND round_id = NEW.round_id;
    DELETE FROM round_order WHERE round_id = NEW.round_id;
END;

-- The views that do not read status_in_force leave out retracted rows and the rows of
-- retracted rounds (the status views follow from the derived tables above).
DROP VIEW current_position;
CREATE VIEW current_position AS
    -- Each party's stance in force on each agenda item: its position at the latest
    -- round where the party took one on the item, after corrections (the row nothing
    -- supersedes) and retractions (a retracted position, or one at a retracted round,
    -- does not count: the party's stance at an earlier round shows through). Rounds
    -- are in their process's order, as in round_sequence.
    -- Columns: process, party, party_name, item, item_title, stance, stance_label,
    -- leaning, round, round_title, round_date, note, recorded_at, and the row ids
    -- position_id, party_id, agenda_item_id, round_id.
    SELECT pr.slug AS process,          -- the process's slug
           pa.slug AS party,            -- the party's slug
           pa.name AS party_name,       -- the party's display name
           ai.slug AS item,             -- the agenda item's slug
           ai.title AS item_title,      -- the agenda item's title
           po.stance,                   -- the stance in force (a stance.slug)
           st.label AS stance_label,    -- the stance as reports print it
           st.leaning,                  -- 1 for the item, 0 neutral, -1 against it
           r.slug AS round,             -- the slug of the round the stance was taken at
           r.title AS round_title,      -- that round's title
           r.start_date AS round_date,  -- that round's start date, possibly partial
           po.note,                     -- the party's words or the analyst's reading
           po.recorded_at,              -- when the position in force was written (UTC)
           po.position_id,              -- the position in force (position.position_id)
           po.party_id,                 -- the party's row id (party.party_id)
           po.agenda_item_id,           -- the item's row id (agenda_item.agenda_item_id)
           po.round_id                  -- the round's row id (round.round_id)
    FROM position po
    JOIN round_order o ON o.round_id = po.round_id
    JOIN round r ON r.round_id = po.round_id
    JOIN process pr ON pr.process_id = r.process_id
    JOIN party pa ON pa.party_id = po.party_id
    JOIN agenda_item ai ON ai.agenda_item_id = po.agenda_item_id
    JOIN stance st ON st.slug = po.stance
    WHERE NOT EXISTS (SELECT 1 FROM position c WHERE c.supersedes_position_id = po.position_id)
      AND NOT EXISTS (SELECT 1 FROM retraction x WHERE x.position_id = po.position_id)
      AND NOT EXISTS (SELECT 1
                      FROM position later
                      JOIN round_order lo ON lo.round_id = later.round_id
                      WHERE later.party_id = po.party_id
                        AND later.agenda_item_id = po.agenda_item_id
                        AND (lo.date_key, lo.round_id) > (o.date_key, o.round_id)
                        AND NOT EXISTS (SELECT 1 FROM retraction lx WHERE lx.position_id = later.position_id));

DROP VIEW commitment_status;
CREATE VIEW commitment_status AS
    -- Each commitment with its fate now: the latest commitment_fate row (the last
    -- recorded), or 'open' when it has none; with the round that produced it and the
    -- parties it binds. A retracted commitment, or one of a retracted round, is left
    -- out.
    -- Columns: process, round, round_title, round_date, commitment, kind, description,
    -- item, item_title, due_date, parties, fate, fate_round, fate_note,
    -- fate_recorded_at, recorded_at, and the row ids commitment_id, round_id,
    -- agenda_item_id, commitment_fate_id.
    SELECT pr.slug AS process,                 -- the process's slug
           r.slug AS round,                    -- the slug of the round that produced the commitment
           r.title AS round_title,             -- that round's title
           r.start_date AS round_date,         -- that round's start date, possibly partial
           c.slug AS commitment,               -- the commitment's slug, unique within its round
           c.kind,                             -- mechanism, agreement_in_principle, agreement, follow_up or statement
           c.description,                      -- what was promised
           ai.slug AS item,                    -- the slug of the agenda item it concerns, if one
           ai.title AS item_title,             -- that item's title
           c.due_date,                         -- when it falls due, possibly partial
           (SELECT group_concat(slug, ', ')
            FROM (SELECT pa.slug
                  FROM commitment_party cp
                  JOIN party pa ON pa.party_id = cp.party_id
                  WHERE cp.commitment_id = c.commitment_id
                  ORDER BY cp.party_id)) AS parties, -- the slugs of the parties it binds, separated by ', ', in the order the parties were first recorded
           COALESCE(f.fate, 'open') AS fate,   -- its fate now: open, fulfilled, partly_fulfilled, broken, lapsed or superseded ('open' when none is recorded)
           fr.slug AS fate_round,              -- the slug of the round at which that fate was learned, if any
           f.note AS fate_note,                -- the evidence for that fate
           f.recorded_at AS fate_recorded_at,  -- when that fate was written (UTC); empty while none is recorded
           c.recorded_at,                      -- when the commitment was written (UTC)
           c.commitment_id,                    -- the commitment's row id (commitment.commitment_id)
           c.round_id,                         -- the producing round's row id (round.round_id)
           c.agenda_item_id,                   -- the item's row id (agenda_item.agenda_item_id), if one
           f.commitment_fate_id                -- the latest fate's row id (commitment_fate.commitment_fate_id), if any
    FROM commitment c
    JOIN round r ON r.round_id = c.round_id
    JOIN process pr ON pr.process_id = r.process_id
    LEFT JOIN agenda_item ai ON ai.agenda_item_id = c.agenda_item_id
    LEFT JOIN commitment_fate f
           ON f.commitment_fate_id = (SELECT l.commitment_fate_id
                                      FROM commitment_fate l
                                      WHERE l.commitment_id = c.commitment_id
                                      ORDER BY l.recorded_at DESC, l.commitment_fate_id DESC
                                      LIMIT 1)
    LEFT JOIN round fr ON fr.round_id = f.round_id
    WHERE NOT EXISTS (SELECT 1 FROM retraction x WHERE x.commitment_id = c.commitment_id)
      AND NOT EXISTS (SELECT 1 FROM retraction x WHERE x.round_id = c.round_id);
