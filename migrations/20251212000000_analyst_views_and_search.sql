-- Views analysts would otherwise write themselves, and full-text search over the
-- records they look things up by: sources, parties and their aliases, commitments and
-- what became of them.
--
-- The views read the tables directly and find "the latest" through the indexes (no
-- window functions), so a query on them costs about what the rows it returns cost.
-- Rounds are ordered as round_sequence orders them: by start date within the process
-- (undated rounds last), then as recorded. Each column of a view is documented by the
-- comment that ends its line (`parley schema` reads them).
--
-- The full-text indexes follow the search migration's pattern: FTS5 tables named
-- `<table>_fts`, external content (content=<table>, content_rowid=<table>_id), kept in
-- step by triggers named `<table>_fts_insert`, `_delete` and `_update`; an update
-- re-indexes a row only when an indexed column changes.
-- Nothing here needs more than SQLite 3.37.

CREATE VIEW current_position AS
    -- Each party's stance in force on each agenda item: its position at the latest
    -- round where the party took one on the item, after corrections (the row nothing
    -- supersedes). Rounds are in their process's order, as in round_sequence.
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
    JOIN round r ON r.round_id = po.round_id
    JOIN process pr ON pr.process_id = r.process_id
    JOIN party pa ON pa.party_id = po.party_id
    JOIN agenda_item ai ON ai.agenda_item_id = po.agenda_item_id
    JOIN stance st ON st.slug = po.stance
    WHERE NOT EXISTS (SELECT 1 FROM position c WHERE c.supersedes_position_id = po.position_id)
      AND NOT EXISTS (SELECT 1
                      FROM position later
                      JOIN round lr ON lr.round_id = later.round_id
                      WHERE later.party_id = po.party_id
                        AND later.agenda_item_id = po.agenda_item_id
                        AND (lr.start_date IS NULL, COALESCE(lr.start_date, ''), lr.round_id)
                          > (r.start_date IS NULL, COALESCE(r.start_date, ''), r.round_id));

-- A commitment's latest fate is the first entry of this index read backwards, with no
-- sort (the row id, which breaks ties, is the index's last key). It still serves the
-- foreign key on commitment_id.
DROP INDEX commitment_fate_commitment_id;
CREATE INDEX commitment_fate_commitment_id ON commitment_fate (commitment_id, recorded_at);

CREATE VIEW commitment_status AS
    -- Each commitment with its fate now: the latest commitment_fate row (the last
    -- recorded), or 'open' when it has none; with the round that produced it and the
    -- parties it binds.
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
    LEFT JOIN round fr ON fr.round_id = f.round_id;

CREATE VIRTUAL TABLE source_fts USING fts5(
    -- Full-text index of sources' outlets and titles; rowid is source_id.
    outlet , -- indexes source.outlet
    title , -- indexes source.title
    content="source", content_rowid="source_id",
    tokenize = 'unicode61 remove_diacritics 2'
);

CREATE TRIGGER source_fts_insert AFTER INSERT ON source
BEGIN
    INSERT INTO source_fts (rowid, outlet, title) VALUES (NEW.source_id, NEW.outlet, NEW.title);
END;
CREATE TRIGGER source_fts_delete AFTER DELETE ON source
BEGIN
    INSERT INTO source_fts (source_fts, rowid, outlet, title) VALUES ('delete', OLD.source_id, OLD.outlet, OLD.title);
END;
CREATE TRIGGER source_fts_update AFTER UPDATE OF outlet, title ON source
BEGIN
    INSERT INTO source_fts (source_fts, rowid, outlet, title) VALUES ('delete', OLD.source_id, OLD.outlet, OLD.title);
    INSERT INTO source_fts (rowid, outlet, title) VALUES (NEW.source_id, NEW.outlet, NEW.title);
END;

CREATE VIRTUAL TABLE party_fts USING fts5(
    -- Full-text index of party names and short codes; rowid is party_id. Other names a
    -- party goes by are in party_alias_fts.
    name , -- indexes party.name
    short_code , -- indexes party.short_code
    content="party", content_rowid="party_id",
    tokenize = 'unicode61 remove_diacritics 2'
);

CREATE TRIGGER party_fts_insert AFTER INSERT ON party
BEGIN
    INSERT INTO party_fts (rowid, name, short_code) VALUES (NEW.party_id, NEW.name, NEW.short_code);
END;
CREATE TRIGGER party_fts_delete AFTER DELETE ON party
BEGIN
    INSERT INTO party_fts (party_fts, rowid, name, short_code) VALUES ('delete', OLD.party_id, OLD.name, OLD.short_code);
END;
CREATE TRIGGER party_fts_update AFTER UPDATE OF name, short_code ON party
BEGIN
    INSERT INTO party_fts (party_fts, rowid, name, short_code) VALUES ('delete', OLD.party_id, OLD.name, OLD.short_code);
    INSERT INTO party_fts (rowid, name, short_code) VALUES (NEW.party_id, NEW.name, NEW.short_code);
END;

CREATE VIRTUAL TABLE party_alias_fts USING fts5(
    -- Full-text index of the other names parties go by; rowid is party_alias_id.
    alias , -- indexes party_alias.alias
    content="party_alias", content_rowid="party_alias_id",
    tokenize = 'unicode61 remove_diacritics 2'
);

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

CREATE VIRTUAL TABLE commitment_fts USING fts5(
    -- Full-text index of what commitments promise; rowid is commitment_id.
    description , -- indexes commitment.description
    content="commitment", content_rowid="commitment_id",
    tokenize = 'unicode61 remove_diacritics 2'
);

CREATE TRIGGER commitment_fts_insert AFTER INSERT ON commitment
BEGIN
    INSERT INTO commitment_fts (rowid, description) VALUES (NEW.commitment_id, NEW.description);
END;
CREATE TRIGGER commitment_fts_delete AFTER DELETE ON commitment
BEGIN
    INSERT INTO commitment_fts (commitment_fts, rowid, description) VALUES ('delete', OLD.commitment_id, OLD.description);
END;
CREATE TRIGGER commitment_fts_update AFTER UPDATE OF description ON commitment
BEGIN
    INSERT INTO commitment_fts (commitment_fts, rowid, description) VALUES ('delete', OLD.commitment_id, OLD.description);
    INSERT INTO commitment_fts (rowid, description) VALUES (NEW.commitment_id, NEW.description);
END;

CREATE VIRTUAL TABLE commitment_fate_fts USING fts5(
    -- Full-text index of the evidence for commitments' fates, earlier fates included;
    -- rowid is commitment_fate_id.
    note , -- indexes commitment_fate.note
    content="commitment_fate", content_rowid="commitment_fate_id",
    tokenize = 'unicode61 remove_diacritics 2'
);

CREATE TRIGGER commitment_fate_fts_insert AFTER INSERT ON commitment_fate
BEGIN
    INSERT INTO commitment_fate_fts (rowid, note) VALUES (NEW.commitment_fate_id, NEW.note);
END;
CREATE TRIGGER commitment_fate_fts_delete AFTER DELETE ON commitment_fate
BEGIN
    INSERT INTO commitment_fate_fts (commitment_fate_fts, rowid, note) VALUES ('delete', OLD.commitment_fate_id, OLD.note);
END;
CREATE TRIGGER commitment_fate_fts_update AFTER UPDATE OF note ON commitment_fate
BEGIN
    INSERT INTO commitment_fate_fts (commitment_fate_fts, rowid, note) VALUES ('delete', OLD.commitment_fate_id, OLD.note);
    INSERT INTO commitment_fate_fts (rowid, note) VALUES (NEW.commitment_fate_id, NEW.note);
END;

-- Index what the database already holds.
INSERT INTO source_fts (source_fts) VALUES ('rebuild');
INSERT INTO party_fts (party_fts) VALUES ('rebuild');
INSERT INTO party_alias_fts (party_alias_fts) VALUES ('rebuild');
INSERT INTO commitment_fts (commitment_fts) VALUES ('rebuild');
INSERT INTO commitment_fate_fts (commitment_fate_fts) VALUES ('rebuild');
