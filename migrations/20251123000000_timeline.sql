-- Parley's timeline schema, version 1.
--
-- Conventions (the schema is a public interface: see docs/sql.md and `parley schema`):
--   * every table is STRICT; keys are `<table>_id`; foreign keys carry the name of the
--     table they point to and every one has an index;
--   * vocabularies whose values carry meaning (a status's rank) are lookup tables keyed
--     by slug; the others are CHECK constraints;
--   * a documentation comment opens every table and view, and ends every column line:
--     `parley schema` prints them, and so does `.schema` in the sqlite3 shell;
--   * instants are UTC text 'YYYY-MM-DDTHH:MM:SS.SSSZ', so they sort as text;
--   * dates may be partial: 'YYYY', 'YYYY-MM' or 'YYYY-MM-DD';
--   * claims are append-only: a correction is a new row that supersedes the old one.
-- Nothing here needs a SQLite newer than 3.37 (STRICT tables).

CREATE TABLE status (
    -- The status vocabulary: where an agenda item stands after a round. The ladder runs
    -- proposed (1) to implemented (7); contested, stalled and dropped are setbacks ranked
    -- below the ladder. Movement between two rounds compares ranks: higher is `advanced`,
    -- lower is `regressed`, equal is `unchanged`.
    slug        TEXT PRIMARY KEY NOT NULL,  -- the value status_record.status holds
    label       TEXT NOT NULL,              -- how reports print it
    rank        INTEGER NOT NULL UNIQUE,    -- order for comparison: higher is further along
    is_setback  INTEGER NOT NULL CHECK (is_setback IN (0, 1)), -- 1 for the off-ladder states
    description TEXT NOT NULL               -- what an analyst means by it
) STRICT, WITHOUT ROWID;

INSERT INTO status (slug, label, rank, is_setback, description) VALUES
    ('proposed',     'Proposed',              1, 0, 'Put on the table by at least one party; not yet taken up by the others.'),
    ('discussed',    'Discussed',             2, 0, 'Taken up by the parties; no convergence reported.'),
    ('progressing',  'Progressing',           3, 0, 'Parties report convergence or drafting work under way.'),
    ('preliminary',  'Preliminary agreement', 4, 0, 'Agreed in principle or as a preliminary mechanism; details open.'),
    ('agreed',       'Agreed',                5, 0, 'Agreed by the parties concerned.'),
    ('implementing', 'Implementing',          6, 0, 'Implementation has begun.'),
    ('implemented',  'Implemented',           7, 0, 'Implemented as agreed.'),
    ('contested',    'Contested',             0, 1, 'Parties hold opposing positions; a setback from any ladder status.'),
    ('stalled',      'Stalled',              -1, 1, 'Talks on the item have stopped moving or been suspended.'),
    ('dropped',      'Dropped',              -2, 1, 'Taken off the table.');

CREATE TABLE stance (
    -- The stance vocabulary: what a party holds on an agenda item (see position).
    slug        TEXT PRIMARY KEY NOT NULL,  -- the value position.stance holds
    label       TEXT NOT NULL,              -- how reports print it
    rank        INTEGER NOT NULL UNIQUE,    -- display order, from insisting to refusing
    leaning     INTEGER NOT NULL CHECK (leaning IN (-1, 0, 1)), -- 1 for, 0 neutral, -1 against the item
    description TEXT NOT NULL               -- what an analyst means by it
) STRICT, WITHOUT ROWID;

INSERT INTO stance (slug, label, rank, leaning, description) VALUES
    ('red_line', 'Red line',  1,  1, 'Non-negotiable: the party will not settle without it.'),
    ('priority', 'Priority',  2,  1, 'A stated priority of the party.'),
    ('proposes', 'Proposes',  3,  1, 'The party put it forward.'),
    ('supports', 'Supports',  4,  1, 'The party backs it.'),
    ('open',     'Open',      5,  0, 'The party is open to it or has not committed.'),
    ('opposes',  'Opposes',   6, -1, 'The party argues against it.'),
    ('rejects',  'Rejects',   7, -1, 'The party refuses it outright.');

CREATE TABLE reliability (
    -- Admiralty code, source reliability: how far a source has proved reliable.
    grade       TEXT PRIMARY KEY NOT NULL CHECK (grade IN ('A', 'B', 'C', 'D', 'E', 'F')), -- A (best) to F
    label       TEXT NOT NULL,              -- the code's wording
    description TEXT NOT NULL               -- when to use it
) STRICT, WITHOUT ROWID;

INSERT INTO reliability (grade, label, description) VALUES
    ('A', 'Completely reliable', 'No doubt of authenticity, trustworthiness or competency; a history of complete reliability.'),
    ('B', 'Usually reliable',    'Minor doubt; a history of mostly valid information.'),
    ('C', 'Fairly reliable',     'Doubt; has provided valid information in the past.'),
    ('D', 'Not usually reliable','Significant doubt; has provided valid information in the past.'),
    ('E', 'Unreliable',          'Lacking in authenticity, trustworthiness and competency; a history of invalid information.'),
    ('F', 'Reliability cannot be judged', 'No basis exists for evaluating the reliability of the source.');

CREATE TABLE credibility (
    -- Admiralty code, information credibility: how far one claim is confirmed.
    grade       INTEGER PRIMARY KEY NOT NULL CHECK (grade BETWEEN 1 AND 6), -- 1 (best) to 6
    label       TEXT NOT NULL,              -- the code's wording
    description TEXT NOT NULL               -- when to use it
) STRICT;

INSERT INTO credibility (grade, label, description) VALUES
    (1, 'Confirmed by other sources', 'Confirmed by other independent sources; logical in itself; consistent with other information.'),
    (2, 'Probably true',       'Not confirmed; logical in itself; consistent with other information.'),
    (3, 'Possibly true',       'Not confirmed; reasonably logical in itself; agrees with some other information.'),
    (4, 'Doubtful',            'Not confirmed; possible but not logical; no other information on the subject.'),
    (5, 'Improbable',          'Not confirmed; not logical in itself; contradicted by other information.'),
    (6, 'Truth cannot be judged', 'No basis exists for evaluating the validity of the information.');

CREATE TABLE process (
    -- A negotiation track, e.g. the talks on ending Russia's invasion of Ukraine.
    -- A database can hold several; rounds and agenda items belong to one.
    process_id  INTEGER PRIMARY KEY,        -- row id
    slug        TEXT NOT NULL UNIQUE CHECK (slug <> '' AND slug NOT GLOB '*[^a-z0-9-]*'), -- stable name: lowercase letters, digits, hyphens
    name        TEXT NOT NULL CHECK (name <> ''), -- display name
    description TEXT,                       -- scope of the track
    recorded_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) -- when this row was written (UTC)
) STRICT;

CREATE TABLE party (
    -- A state, organisation, bloc, delegation or group that takes part in talks or has a
    -- stake in them. Parties are shared by every process in the database.
    party_id    INTEGER PRIMARY KEY,        -- row id
    slug        TEXT NOT NULL UNIQUE CHECK (slug <> '' AND slug NOT GLOB '*[^a-z0-9-]*'), -- stable name: lowercase letters, digits, hyphens
    name        TEXT NOT NULL CHECK (name <> ''), -- display name
    short_code  TEXT UNIQUE COLLATE NOCASE CHECK (short_code <> ''), -- e.g. US, UA; unique regardless of case
    kind        TEXT NOT NULL CHECK (kind IN ('state', 'organisation', 'bloc', 'delegation', 'group')), -- what sort of actor
    recorded_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) -- when this row was written (UTC)
) STRICT;

CREATE TABLE party_alias (
    -- Other names a party goes by ("Washington", "Kyiv"); names resolve case-insensitively.
    party_alias_id INTEGER PRIMARY KEY,     -- row id
    party_id    INTEGER NOT NULL REFERENCES party (party_id), -- the party so named
    alias       TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (alias <> ''), -- the other name; unique regardless of case
    recorded_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) -- when this row was written (UTC)
) STRICT;
CREATE INDEX party_alias_party_id ON party_alias (party_id);

CREATE TABLE round (
    -- One meeting of a process. Its number is not stored: round_sequence derives it from
    -- the dates. A follow-up known before it happens is a round in state 'scheduled'.
    round_id    INTEGER PRIMARY KEY,        -- row id
    process_id  INTEGER NOT NULL REFERENCES process (process_id), -- the process it belongs to
    slug        TEXT NOT NULL CHECK (slug <> '' AND slug NOT GLOB '*[^a-z0-9-]*'), -- stable name, unique within the process
    title       TEXT NOT NULL CHECK (title <> ''), -- display title
    start_date  TEXT CHECK (start_date GLOB '[0-9][0-9][0-9][0-9]' OR start_date GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]' OR start_date GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'), -- first day, possibly partial ('2025', '2025-11', '2025-11-23'); empty only while scheduled or postponed
    end_date    TEXT CHECK (end_date GLOB '[0-9][0-9][0-9][0-9]' OR end_date GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]' OR end_date GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'), -- last day of a meeting over several days, possibly partial
    location    TEXT,                       -- place, as the sources name it
    format      TEXT CHECK (format IN ('bilateral', 'trilateral', 'multilateral', 'proximity', 'shuttle', 'virtual')), -- how the parties met
    level       TEXT CHECK (level IN ('leaders', 'ministers', 'senior_officials', 'envoys', 'technical')), -- who led the delegations
    state       TEXT NOT NULL CHECK (state IN ('scheduled', 'held', 'postponed', 'cancelled')), -- whether it has taken place
    tone        TEXT,                       -- the tone or assessment the sources report
    summary     TEXT,                       -- what happened, in a few sentences
    recorded_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')), -- when this version of the round was written (UTC); earlier versions are in round_history
    UNIQUE (process_id, slug),
    CHECK (start_date IS NOT NULL OR state IN ('scheduled', 'postponed')),
    CHECK (end_date IS NULL OR (start_date IS NOT NULL AND end_date >= substr(start_date, 1, length(end_date))))
) STRICT;

CREATE TABLE round_history (
    -- Earlier versions of rounds: the round_update trigger copies the old row here
    -- whenever a round's details change, so that nothing recorded is lost.
    round_history_id INTEGER PRIMARY KEY,   -- row id
    round_id    INTEGER NOT NULL REFERENCES round (round_id), -- the round this was a version of
    slug        TEXT NOT NULL,              -- as round.slug was
    title       TEXT NOT NULL,              -- as round.title was
    start_date  TEXT,                       -- as round.start_date was
    end_date    TEXT,                       -- as round.end_date was
    location    TEXT,                       -- as round.location was
    format      TEXT,                       -- as round.format was
    level       TEXT,                       -- as round.level was
    state       TEXT NOT NULL,              -- as round.state was
    tone        TEXT,                       -- as round.tone was
    summary     TEXT,                       -- as round.summary was
    recorded_at TEXT NOT NULL,              -- when that version was written
    replaced_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) -- when it was replaced
) STRICT;
CREATE INDEX round_history_round_id ON round_history (round_id);

CREATE TRIGGER round_update AFTER UPDATE ON round
BEGIN
    INSERT INTO round_history (round_id, slug, title, start_date, end_date, location, format, level, state, tone, summary, recorded_at, replaced_at)
    VALUES (OLD.round_id, OLD.slug, OLD.title, OLD.start_date, OLD.end_date, OLD.location, OLD.format, OLD.level, OLD.state, OLD.tone, OLD.summary, OLD.recorded_at, NEW.recorded_at);
END;

CREATE TABLE round_party (
    -- Participation: which parties a round involved and how. Parties discussed but not
    -- at the table are recorded too, with the role 'absent' or 'stakeholder'.
    round_party_id INTEGER PRIMARY KEY,     -- row id
    round_id    INTEGER NOT NULL REFERENCES round (round_id), -- the round
    party_id    INTEGER NOT NULL REFERENCES party (party_id), -- the party
    role        TEXT NOT NULL CHECK (role IN ('delegation', 'host', 'mediator', 'observer', 'stakeholder', 'absent')), -- delegation at the table, host, mediator, observer, stakeholder with an interest, or absent party to the conflict
    note        TEXT,                       -- who led the delegation, why absent, and so on
    recorded_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')), -- when this row was written (UTC)
    UNIQUE (round_id, party_id)
) STRICT;
CREATE INDEX round_party_party_id ON round_party (party_id);

CREATE TABLE agenda_item (
    -- An issue on the table ("humanitarian coordination"), scoped to one process.
    -- Items nest: a sub-item names its parent in the same process.
    agenda_item_id INTEGER PRIMARY KEY,     -- row id
    process_id  INTEGER NOT NULL REFERENCES process (process_id), -- the process it belongs to
    parent_agenda_item_id INTEGER,          -- the broader item it is part of, if any
    slug        TEXT NOT NULL CHECK (slug <> '' AND slug NOT GLOB '*[^a-z0-9-]*'), -- stable name, unique within the process
    title       TEXT NOT NULL CHECK (title <> ''), -- display title
    description TEXT,                       -- what the item covers
    recorded_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')), -- when this row was written (UTC)
    UNIQUE (process_id, slug),
    UNIQUE (agenda_item_id, process_id),
    -- the parent must belong to the same process
    FOREIGN KEY (parent_agenda_item_id, process_id) REFERENCES agenda_item (agenda_item_id, process_id),
    CHECK (parent_agenda_item_id IS NULL OR parent_agenda_item_id <> agenda_item_id)
) STRICT;
CREATE INDEX agenda_item_parent ON agenda_item (parent_agenda_item_id, process_id);

CREATE TABLE source (
    -- A publication that claims rest on, graded for reliability.
    source_id   INTEGER PRIMARY KEY,        -- row id
    slug        TEXT NOT NULL UNIQUE CHECK (slug <> '' AND slug NOT GLOB '*[^a-z0-9-]*'), -- stable name: lowercase letters, digits, hyphens
    outlet      TEXT NOT NULL CHECK (outlet <> ''), -- who published it
    title       TEXT,                       -- headline or document title
    url         TEXT,                       -- address, when known
    published_on TEXT CHECK (published_on GLOB '[0-9][0-9][0-9][0-9]' OR published_on GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]' OR published_on GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'), -- publication date, possibly partial
    reliability TEXT REFERENCES reliability (grade), -- Admiralty grade A-F; empty until an analyst grades it
    recorded_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) -- when this row was written (UTC)
) STRICT;
CREATE INDEX source_reliability ON source (reliability);

CREATE TABLE status_record (
    -- The heart of the timeline: an agenda item's status at a round. Append-only: a
    -- correction is a new row whose supersedes_status_record_id names the row it
    -- replaces; the replaced row stays. The record in force is the one nothing
    -- supersedes (see status_timeline).
    status_record_id INTEGER PRIMARY KEY,   -- row id
    agenda_item_id INTEGER NOT NULL REFERENCES agenda_item (agenda_item_id), -- the item
    round_id    INTEGER NOT NULL REFERENCES round (round_id), -- the round after which the item stood so
    status      TEXT NOT NULL REFERENCES status (slug), -- the status reached
    note        TEXT,                       -- why: the evidence in a sentence
    confidence  INTEGER REFERENCES credibility (grade), -- Admiralty credibility 1-6 of the claim as a whole, when assessed
    supersedes_status_record_id INTEGER UNIQUE REFERENCES status_record (status_record_id), -- the earlier record this one corrects
    recorded_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) -- when this row was written (UTC)
) STRICT;
CREATE INDEX status_record_item_round ON status_record (agenda_item_id, round_id, status_record_id, status);
CREATE INDEX status_record_round_id ON status_record (round_id);
CREATE INDEX status_record_status ON status_record (status);
CREATE INDEX status_record_confidence ON status_record (confidence);

CREATE TRIGGER status_record_same_process BEFORE INSERT ON status_record
WHEN (SELECT process_id FROM agenda_item WHERE agenda_item_id = NEW.agenda_item_id)
  IS NOT (SELECT process_id FROM round WHERE round_id = NEW.round_id)
BEGIN
    SELECT RAISE(ABORT, 'status_record: the agenda item and the round belong to different processes');
END;

CREATE TRIGGER status_record_one_in_force BEFORE INSERT ON status_record
WHEN NEW.supersedes_status_record_id IS NULL AND EXISTS (
    SELECT 1 FROM status_record s
    WHERE s.agenda_item_id = NEW.agenda_item_id AND s.round_id = NEW.round_id
      AND NOT EXISTS (SELECT 1 FROM status_record c WHERE c.supersedes_status_record_id = s.status_record_id))
BEGIN
    SELECT RAISE(ABORT, 'status_record: the item already has a status at this round; insert a correction that supersedes it');
END;

CREATE TRIGGER status_record_supersedes_same_claim BEFORE INSERT ON status_record
WHEN NEW.supersedes_status_record_id IS NOT NULL AND NOT EXISTS (
    SELECT 1 FROM status_record s
    WHERE s.status_record_id = NEW.supersedes_status_record_id
      AND s.agenda_item_id = NEW.agenda_item_id AND s.round_id = NEW.round_id)
BEGIN
    SELECT RAISE(ABORT, 'status_record: a correction must supersede a record of the same item and round');
END;

CREATE TRIGGER status_record_no_update BEFORE UPDATE ON status_record
BEGIN
    SELECT RAISE(ABORT, 'status_record is append-only: insert a correction that supersedes the record');
END;

CREATE TRIGGER status_record_no_delete BEFORE DELETE ON status_record
BEGIN
    SELECT RAISE(ABORT, 'status_record is append-only: insert a correction that supersedes the record');
END;

CREATE TABLE position (
    -- A party's stance on an agenda item as of a round. Append-only like status_record:
    -- a change of stance at the same round is a correction that supersedes the old row.
    position_id INTEGER PRIMARY KEY,        -- row id
    party_id    INTEGER NOT NULL REFERENCES party (party_id), -- whose stance
    agenda_item_id INTEGER NOT NULL REFERENCES agenda_item (agenda_item_id), -- on which item
    round_id    INTEGER NOT NULL REFERENCES round (round_id), -- as of which round
    stance      TEXT NOT NULL REFERENCES stance (slug), -- the stance held
    note        TEXT,                       -- the party's words or the analyst's reading
    supersedes_position_id INTEGER UNIQUE REFERENCES position (position_id), -- the earlier row this one corrects
    recorded_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) -- when this row was written (UTC)
) STRICT;
CREATE INDEX position_party_item_round ON position (party_id, agenda_item_id, round_id);
CREATE INDEX position_agenda_item_id ON position (agenda_item_id);
CREATE INDEX position_round_id ON position (round_id);
CREATE INDEX position_stance ON position (stance);

CREATE TRIGGER position_one_in_force BEFORE INSERT ON position
WHEN NEW.supersedes_position_id IS NULL AND EXISTS (
    SELECT 1 FROM position p
    WHERE p.party_id = NEW.party_id AND p.agenda_item_id = NEW.agenda_item_id AND p.round_id = NEW.round_id
      AND NOT EXISTS (SELECT 1 FROM position c WHERE c.supersedes_position_id = p.position_id))
BEGIN
    SELECT RAISE(ABORT, 'position: the party already has a stance on this item at this round; insert a correction that supersedes it');
END;

CREATE TRIGGER position_no_update BEFORE UPDATE ON position
BEGIN
    SELECT RAISE(ABORT, 'position is append-only: insert a correction that supersedes the row');
END;

CREATE TRIGGER position_no_delete BEFORE DELETE ON position
BEGIN
    SELECT RAISE(ABORT, 'position is append-only: insert a correction that supersedes the row');
END;

CREATE TABLE commitment (
    -- What a round produced: a mechanism, an agreement in principle, a scheduled
    -- follow-up. Its later fate is in commitment_fate.
    commitment_id INTEGER PRIMARY KEY,      -- row id
    round_id    INTEGER NOT NULL REFERENCES round (round_id), -- the round that produced it
    agenda_item_id INTEGER REFERENCES agenda_item (agenda_item_id), -- the item it concerns, if one
    slug        TEXT NOT NULL CHECK (slug <> '' AND slug NOT GLOB '*[^a-z0-9-]*'), -- stable name, unique within the round
    kind        TEXT NOT NULL CHECK (kind IN ('mechanism', 'agreement_in_principle', 'agreement', 'follow_up', 'statement')), -- what sort of outcome
    description TEXT NOT NULL CHECK (description <> ''), -- what was promised
    due_date    TEXT CHECK (due_date GLOB '[0-9][0-9][0-9][0-9]' OR due_date GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]' OR due_date GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'), -- when it falls due, possibly partial
    recorded_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')), -- when this row was written (UTC)
    UNIQUE (round_id, slug)
) STRICT;
CREATE INDEX commitment_agenda_item_id ON commitment (agenda_item_id);

CREATE TABLE commitment_party (
    -- The parties a commitment binds.
    commitment_party_id INTEGER PRIMARY KEY, -- row id
    commitment_id INTEGER NOT NULL REFERENCES commitment (commitment_id), -- the commitment
    party_id    INTEGER NOT NULL REFERENCES party (party_id), -- a party it binds
    UNIQUE (commitment_id, party_id)
) STRICT;
CREATE INDEX commitment_party_party_id ON commitment_party (party_id);

CREATE TABLE commitment_fate (
    -- What became of a commitment, appended as it is learned; the latest row is its
    -- fate now, and a commitment with no row is open.
    commitment_fate_id INTEGER PRIMARY KEY, -- row id
    commitment_id INTEGER NOT NULL REFERENCES commitment (commitment_id), -- the commitment
    round_id    INTEGER REFERENCES round (round_id), -- the round at which this was learned, if any
    fate        TEXT NOT NULL CHECK (fate IN ('open', 'fulfilled', 'partly_fulfilled', 'broken', 'lapsed', 'superseded')), -- its state
    note        TEXT,                       -- the evidence
    recorded_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) -- when this row was written (UTC)
) STRICT;
CREATE INDEX commitment_fate_commitment_id ON commitment_fate (commitment_id);
CREATE INDEX commitment_fate_round_id ON commitment_fate (round_id);

CREATE TABLE round_note (
    -- The analyst's context on a round, tagged by kind: a driver of momentum, a
    -- caution, background context, or an assessment.
    round_note_id INTEGER PRIMARY KEY,      -- row id
    round_id    INTEGER NOT NULL REFERENCES round (round_id), -- the round
    kind        TEXT NOT NULL CHECK (kind IN ('driver', 'caution', 'context', 'assessment')), -- what sort of note
    body        TEXT NOT NULL CHECK (body <> ''), -- the note
    recorded_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) -- when this row was written (UTC)
) STRICT;
CREATE INDEX round_note_round_id ON round_note (round_id);

CREATE TABLE quote (
    -- Words attributed to a speaker, named ("Andriy Yermak") or described ("a senior
    -- U.S. official"), at a round.
    quote_id    INTEGER PRIMARY KEY,        -- row id
    round_id    INTEGER NOT NULL REFERENCES round (round_id), -- the round it was said about or at
    party_id    INTEGER REFERENCES party (party_id), -- the speaker's side, if one
    agenda_item_id INTEGER REFERENCES agenda_item (agenda_item_id), -- the item it concerns, if one
    speaker_name TEXT,                      -- the speaker's name, when published
    speaker_description TEXT,               -- how the sources describe an unnamed speaker
    text        TEXT NOT NULL CHECK (text <> ''), -- the words, as quoted
    recorded_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')), -- when this row was written (UTC)
    CHECK (speaker_name IS NOT NULL OR speaker_description IS NOT NULL)
) STRICT;
CREATE INDEX quote_round_id ON quote (round_id);
CREATE INDEX quote_party_id ON quote (party_id);
CREATE INDEX quote_agenda_item_id ON quote (agenda_item_id);

CREATE TABLE citation (
    -- Links a claim to a source that supports it, with the credibility of the claim as
    -- that source tells it. Exactly one of the claim columns is set.
    citation_id INTEGER PRIMARY KEY,        -- row id
    source_id   INTEGER NOT NULL REFERENCES source (source_id), -- the source
    credibility INTEGER REFERENCES credibility (grade), -- Admiralty credibility 1-6, when assessed
    round_id    INTEGER REFERENCES round (round_id), -- claim: the round's details as a whole
    status_record_id INTEGER REFERENCES status_record (status_record_id), -- claim: a status record
    position_id INTEGER REFERENCES position (position_id), -- claim: a position
    commitment_id INTEGER REFERENCES commitment (commitment_id), -- claim: a commitment
    quote_id    INTEGER REFERENCES quote (quote_id), -- claim: a quote
    round_note_id INTEGER REFERENCES round_note (round_note_id), -- claim: a round note
    CHECK ((round_id IS NOT NULL) + (status_record_id IS NOT NULL) + (position_id IS NOT NULL)
         + (commitment_id IS NOT NULL) + (quote_id IS NOT NULL) + (round_note_id IS NOT NULL) = 1)
) STRICT;
CREATE INDEX citation_source_id ON citation (source_id);
CREATE INDEX citation_credibility ON citation (credibility);
CREATE UNIQUE INDEX citation_round_id ON citation (round_id, source_id) WHERE round_id IS NOT NULL;
CREATE UNIQUE INDEX citation_status_record_id ON citation (status_record_id, source_id) WHERE status_record_id IS NOT NULL;
CREATE UNIQUE INDEX citation_position_id ON citation (position_id, source_id) WHERE position_id IS NOT NULL;
CREATE UNIQUE INDEX citation_commitment_id ON citation (commitment_id, source_id) WHERE commitment_id IS NOT NULL;
CREATE UNIQUE INDEX citation_quote_id ON citation (quote_id, source_id) WHERE quote_id IS NOT NULL;
CREATE UNIQUE INDEX citation_round_note_id ON citation (round_note_id, source_id) WHERE round_note_id IS NOT NULL;

CREATE VIEW round_sequence AS
    -- Every round with its number in its process: rounds in order of start date (a
    -- partial date sorts before the full dates it contains), then in the order they
    -- were recorded; rounds with no date yet come last.
    -- Columns: process, round, number, round_date, state, round_id, process_id.
    SELECT p.slug AS process,
           r.slug AS round,
           ROW_NUMBER() OVER (PARTITION BY r.process_id
                              ORDER BY r.start_date IS NULL, r.start_date, r.round_id) AS number,
           r.start_date AS round_date,
           r.state,
           r.round_id,
           r.process_id
    FROM round r
    JOIN process p ON p.process_id = r.process_id;

CREATE VIEW status_timeline AS
    -- One row per agenda item per round that addressed it: the status in force there
    -- after corrections (the record nothing supersedes), in round order.
    -- Columns: process, item, item_title, round, round_number, round_date, status,
    -- status_label, rank, note, confidence, recorded_at, and the row ids
    -- status_record_id, agenda_item_id, round_id.
    SELECT rs.process,
           ai.slug AS item,
           ai.title AS item_title,
           rs.round,
           rs.number AS round_number,
           rs.round_date,
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
    JOIN agenda_item ai ON ai.agenda_item_id = sr.agenda_item_id
    JOIN round_sequence rs ON rs.round_id = sr.round_id
    JOIN status s ON s.slug = sr.status
    WHERE NOT EXISTS (SELECT 1 FROM status_record c
                      WHERE c.supersedes_status_record_id = sr.status_record_id);

CREATE VIEW movement AS
    -- status_timeline with each item's status at its previous round and how it moved
    -- since: 'new' (first round to address the item), 'advanced' (higher rank),
    -- 'regressed' (lower rank) or 'unchanged' (same rank).
    -- Columns: those of status_timeline, then previous_round, previous_status,
    -- previous_rank, movement.
    SELECT t.*,
           LAG(t.round) OVER w AS previous_round,
           LAG(t.status) OVER w AS previous_status,
           LAG(t.rank) OVER w AS previous_rank,
           CASE
               WHEN LAG(t.rank) OVER w IS NULL THEN 'new'
               WHEN t.rank > LAG(t.rank) OVER w THEN 'advanced'
               WHEN t.rank < LAG(t.rank) OVER w THEN 'regressed'
               ELSE 'unchanged'
           END AS movement
    FROM status_timeline t
    WINDOW w AS (PARTITION BY t.agenda_item_id ORDER BY t.round_number);

CREATE VIEW current_status AS
    -- One row per agenda item that has a status: the status in force at the latest
    -- round that addressed it, with how it moved there.
    -- Columns: process, item, item_title, status, status_label, rank, round,
    -- round_number, round_date, note, confidence, previous_status, movement,
    -- recorded_at, and the row ids status_record_id, agenda_item_id, round_id.
    SELECT process, item, item_title, status, status_label, rank, round, round_number,
           round_date, note, confidence, previous_status, movement, recorded_at,
           status_record_id, agenda_item_id, round_id
    FROM (SELECT m.*,
                 ROW_NUMBER() OVER (PARTITION BY m.agenda_item_id
                                    ORDER BY m.round_number DESC) AS latest
          FROM movement m)
    WHERE latest = 1;
