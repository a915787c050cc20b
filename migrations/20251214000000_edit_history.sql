-- Edit history (issue 12): sources, parties, their aliases, agenda items and
-- participants keep their earlier versions, as rounds do in round_history.
--
-- Every history table is kept the way round_history is: a trigger on the table copies
-- the row as it was into the history table whenever it changes, so that an UPDATE from
-- any client (the sqlite3 shell, Python, Datasette) is recorded as Parley's own edits
-- are. A version was in force from its recorded_at until its replaced_at, which is the
-- recorded_at of the version that replaced it: a client that changes a row without
-- setting recorded_at leaves the new version with the old one's instant, and the
-- history row then says when the old version was written but not when it was replaced.
--
-- An alias can now be removed and a participant withdrawn from a round: the row leaves
-- party_alias or round_party (whose UNIQUE keys then let the name, or the party, be
-- given again) and its last version stays in the history table. Parley writes that
-- history row itself, with its write's instant, before it deletes; a DELETE from
-- another client is recorded by the trigger, at the later of the clock and the newest
-- instant in the file. Nothing else may be deleted, and history rows never change.
-- Nothing here needs a SQLite newer than 3.37.

CREATE TABLE source_history (
    -- Earlier versions of sources: the source_update trigger copies the old row here
    -- whenever a source's details change (`parley source edit`, an import, any client).
    source_history_id INTEGER PRIMARY KEY,  -- row id
    source_id   INTEGER NOT NULL REFERENCES source (source_id), -- the source this was a version of
    slug        TEXT NOT NULL,              -- as source.slug was
    outlet      TEXT NOT NULL,              -- as source.outlet was
    title       TEXT,                       -- as source.title was
    url         TEXT,                       -- as source.url was
    published_on TEXT,                      -- as source.published_on was
    reliability TEXT,                       -- as source.reliability was
    recorded_at TEXT NOT NULL,              -- when that version was written
    replaced_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) -- when it was replaced: the recorded_at of the version after it
) STRICT;
CREATE INDEX source_history_source_id ON source_history (source_id, replaced_at);

CREATE TRIGGER source_update AFTER UPDATE ON source
WHEN OLD.slug IS NOT NEW.slug OR OLD.outlet IS NOT NEW.outlet OR OLD.title IS NOT NEW.title
  OR OLD.url IS NOT NEW.url OR OLD.published_on IS NOT NEW.published_on
  OR OLD.reliability IS NOT NEW.reliability
BEGIN
    INSERT INTO source_history (source_id, slug, outlet, title, url, published_on, reliability, recorded_at, replaced_at)
    VALUES (OLD.source_id, OLD.slug, OLD.outlet, OLD.title, OLD.url, OLD.published_on, OLD.reliability,
            OLD.recorded_at, NEW.recorded_at);
END;

CREATE TABLE party_history (
    -- Earlier versions of parties: the party_update trigger copies the old row here
    -- whenever a party's name, short code or kind changes. Its aliases' history is in
    -- party_alias_history.
    party_history_id INTEGER PRIMARY KEY,   -- row id
    party_id    INTEGER NOT NULL REFERENCES party (party_id), -- the party this was a version of
    slug        TEXT NOT NULL,              -- as party.slug was
    name        TEXT NOT NULL,              -- as party.name was
    short_code  TEXT,                       -- as party.short_code was
    kind        TEXT NOT NULL,              -- as party.kind was
    recorded_at TEXT NOT NULL,              -- when that version was written
    replaced_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) -- when it was replaced: the recorded_at of the version after it
) STRICT;
CREATE INDEX party_history_party_id ON party_history (party_id, replaced_at);

CREATE TRIGGER party_update AFTER UPDATE ON party
WHEN OLD.slug IS NOT NEW.slug OR OLD.name IS NOT NEW.name OR OLD.short_code IS NOT NEW.short_code
  OR OLD.kind IS NOT NEW.kind
BEGIN
    INSERT INTO party_history (party_id, slug, name, short_code, kind, recorded_at, replaced_at)
    VALUES (OLD.party_id, OLD.slug, OLD.name, OLD.short_code, OLD.kind, OLD.recorded_at, NEW.recorded_at);
END;

CREATE TABLE agenda_item_history (
    -- Earlier versions of agenda items: the agenda_item_update trigger copies the old
    -- row here whenever an item's title, description or parent changes.
    agenda_item_history_id INTEGER PRIMARY KEY, -- row id
    agenda_item_id INTEGER NOT NULL REFERENCES agenda_item (agenda_item_id), -- the item this was a version of
    process_id  INTEGER NOT NULL,           -- as agenda_item.process_id was
    parent_agenda_item_id INTEGER,          -- as agenda_item.parent_agenda_item_id was
    slug        TEXT NOT NULL,              -- as agenda_item.slug was
    title       TEXT NOT NULL,              -- as agenda_item.title was
    description TEXT,                       -- as agenda_item.description was
    recorded_at TEXT NOT NULL,              -- when that version was written
    replaced_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) -- when it was replaced: the recorded_at of the version after it
) STRICT;
CREATE INDEX agenda_item_history_agenda_item_id ON agenda_item_history (agenda_item_id, replaced_at);

CREATE TRIGGER agenda_item_update AFTER UPDATE ON agenda_item
WHEN OLD.slug IS NOT NEW.slug OR OLD.process_id IS NOT NEW.process_id OR OLD.title IS NOT NEW.title
  OR OLD.description IS NOT NEW.description OR OLD.parent_agenda_item_id IS NOT NEW.parent_agenda_item_id
BEGIN
    INSERT INTO agenda_item_history (agenda_item_id, process_id, parent_agenda_item_id, slug, title, description,
                                     recorded_at, replaced_at)
    VALUES (OLD.agenda_item_id, OLD.process_id, OLD.parent_agenda_item_id, OLD.slug, OLD.title, OLD.description,
            OLD.recorded_at, NEW.recorded_at);
END;

CREATE TABLE party_alias_history (
    -- Aliases a party no longer goes by: a removed alias's row, as it was, with when it
    -- was removed. An alias is never changed, only added (party_alias) or removed.
    party_alias_history_id INTEGER PRIMARY KEY, -- row id
    party_alias_id INTEGER NOT NULL,        -- as party_alias.party_alias_id was (that row is gone)
    party_id    INTEGER NOT NULL REFERENCES party (party_id), -- the party it named
    alias       TEXT NOT NULL,              -- the name, as it was
    recorded_at TEXT NOT NULL,              -- when the alias was added
    removed_at  TEXT NOT NULL               -- when it was removed
) STRICT;
CREATE INDEX party_alias_history_party_id ON party_alias_history (party_id);
CREATE INDEX party_alias_history_party_alias_id ON party_alias_history (party_alias_id);

CREATE TABLE round_party_history (
    -- Earlier versions of participations: a participant's role and note before they
    -- changed, and participants withdrawn from a round (the round_party row is gone;
    -- its last version is here, with withdrawn = 1).
    round_party_history_id INTEGER PRIMARY KEY, -- row id
    round_party_id INTEGER NOT NULL,        -- as round_party.round_party_id was (gone once withdrawn)
    round_id    INTEGER NOT NULL REFERENCES round (round_id), -- the round
    party_id    INTEGER NOT NULL REFERENCES party (party_id), -- the party
    role        TEXT NOT NULL,              -- as round_party.role was
    note        TEXT,                       -- as round_party.note was
    recorded_at TEXT NOT NULL,              -- when that version was written
    replaced_at TEXT NOT NULL,              -- when it was replaced, or the participant withdrawn
    withdrawn   INTEGER NOT NULL DEFAULT 0 CHECK (withdrawn IN (0, 1)) -- 1 when the party was withdrawn from the round then
) STRICT;
CREATE INDEX round_party_history_round_id ON round_party_history (round_id);
CREATE INDEX round_party_history_party_id ON round_party_history (party_id);
CREATE INDEX round_party_history_round_party_id ON round_party_history (round_party_id);

CREATE TRIGGER round_party_update AFTER UPDATE ON round_party
WHEN OLD.round_id IS NOT NEW.round_id OR OLD.party_id IS NOT NEW.party_id OR OLD.role IS NOT NEW.role
  OR OLD.note IS NOT NEW.note
BEGIN
    INSERT INTO round_party_history (round_party_id, round_id, party_id, role, note, recorded_at, replaced_at)
    VALUES (OLD.round_party_id, OLD.round_id, OLD.party_id, OLD.role, OLD.note, OLD.recorded_at, NEW.recorded_at);
END;

-- Removing an alias, withdrawing a participant: the row goes, its history stays. Parley
-- writes the history row first, with its write's instant; another client's DELETE is
-- recorded here, at the later of the clock, the newest write and the row's own instant.
-- (The row's whole identity is compared: SQLite may give a later row a deleted row's id.)
DROP TRIGGER party_alias_no_delete;
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
DROP TRIGGER party_alias_no_update;
CREATE TRIGGER party_alias_no_update BEFORE UPDATE ON party_alias
BEGIN
    SELECT RAISE(ABORT, 'party_alias: an alias is never changed; delete it (party_alias_history keeps it) and add the new name');
END;

DROP TRIGGER round_party_no_delete;
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

-- History rows are added, never changed, replaced or deleted.
CREATE TRIGGER source_history_new_key BEFORE INSERT ON source_history
WHEN NEW.source_history_id <> -1 AND EXISTS (SELECT 1 FROM source_history WHERE source_history_id = NEW.source_history_id)
BEGIN
    SELECT RAISE(ABORT, 'source_history: a row keeps its source_history_id; rows are never replaced');
END;
CREATE TRIGGER source_history_no_update BEFORE UPDATE ON source_history
BEGIN
    SELECT RAISE(ABORT, 'source_history is append-only: rows are never changed or deleted');
END;
CREATE TRIGGER source_history_no_delete BEFORE DELETE ON source_history
BEGIN
    SELECT RAISE(ABORT, 'source_history is append-only: rows are never changed or deleted');
END;

CREATE TRIGGER party_history_new_key BEFORE INSERT ON party_history
WHEN NEW.party_history_id <> -1 AND EXISTS (SELECT 1 FROM party_history WHERE party_history_id = NEW.party_history_id)
BEGIN
    SELECT RAISE(ABORT, 'party_history: a row keeps its party_history_id; rows are never replaced');
END;
CREATE TRIGGER party_history_no_update BEFORE UPDATE ON party_history
BEGIN
    SELECT RAISE(ABORT, 'party_history is append-only: rows are never changed or deleted');
END;
CREATE TRIGGER party_history_no_delete BEFORE DELETE ON party_history
BEGIN
    SELECT RAISE(ABORT, 'party_history is append-only: rows are never changed or deleted');
END;

CREATE TRIGGER agenda_item_history_new_key BEFORE INSERT ON agenda_item_history
WHEN NEW.agenda_item_history_id <> -1
 AND EXISTS (SELECT 1 FROM agenda_item_history WHERE agenda_item_history_id = NEW.agenda_item_history_id)
BEGIN
    SELECT RAISE(ABORT, 'agenda_item_history: a row keeps its agenda_item_history_id; rows are never replaced');
END;
CREATE TRIGGER agenda_item_history_no_update BEFORE UPDATE ON agenda_item_history
BEGIN
    SELECT RAISE(ABORT, 'agenda_item_history is append-only: rows are never changed or deleted');
END;
CREATE TRIGGER agenda_item_history_no_delete BEFORE DELETE ON agenda_item_history
BEGIN
    SELECT RAISE(ABORT, 'agenda_item_history is append-only: rows are never changed or deleted');
END;

CREATE TRIGGER party_alias_history_new_key BEFORE INSERT ON party_alias_history
WHEN NEW.party_alias_history_id <> -1
 AND EXISTS (SELECT 1 FROM party_alias_history WHERE party_alias_history_id = NEW.party_alias_history_id)
BEGIN
    SELECT RAISE(ABORT, 'party_alias_history: a row keeps its party_alias_history_id; rows are never replaced');
END;
CREATE TRIGGER party_alias_history_no_update BEFORE UPDATE ON party_alias_history
BEGIN
    SELECT RAISE(ABORT, 'party_alias_history is append-only: rows are never changed or deleted');
END;
CREATE TRIGGER party_alias_history_no_delete BEFORE DELETE ON party_alias_history
BEGIN
    SELECT RAISE(ABORT, 'party_alias_history is append-only: rows are never changed or deleted');
END;

CREATE TRIGGER round_party_history_new_key BEFORE INSERT ON round_party_history
WHEN NEW.round_party_history_id <> -1
 AND EXISTS (SELECT 1 FROM round_party_history WHERE round_party_history_id = NEW.round_party_history_id)
BEGIN
    SELECT RAISE(ABORT, 'round_party_history: a row keeps its round_party_history_id; rows are never replaced');
END;
CREATE TRIGGER round_party_history_no_update BEFORE UPDATE ON round_party_history
BEGIN
    SELECT RAISE(ABORT, 'round_party_history is append-only: rows are never changed or deleted');
END;
CREATE TRIGGER round_party_history_no_delete BEFORE DELETE ON round_party_history
BEGIN
    SELECT RAISE(ABORT, 'round_party_history is append-only: rows are never changed or deleted');
END;
