-- Persons and outlets (issue 12): negotiators as records rather than free text, and
-- the outlets sources come from, each resolved like parties (by slug, or regardless of
-- case by name or alias).
--
-- A person acts for a party and may lead a delegation (round_party.lead_person_id),
-- speak a quote (quote.speaker_person_id, beside the party the quote speaks for), and
-- be named by a round note (round_note_person). An outlet is who publishes sources:
-- source.outlet_id names it, source.obtained_via keeps what an article says about how
-- it was obtained ("via Investing.com"), and source.outlet keeps the text as logged,
-- for analysts' existing queries. Existing sources are given their outlets here, one
-- per distinct outlet text once a trailing " (via …)" is split off, so that "Reuters"
-- and "Reuters (via Investing.com)" are one outlet.
--
-- Columns added to existing tables carry their documentation in a /* */ comment (an
-- ALTER TABLE keeps no line comment). The rules other clients must obey are triggers,
-- listed in src/storage/rules.rs; the full-text indexes follow the search migrations'
-- pattern (`<table>_fts`, external content, triggers). Nothing here needs more than
-- SQLite 3.37.

CREATE TABLE person (
    -- A negotiator, envoy or official: who leads a delegation, speaks a quote or is named
    -- by a note. Resolved like parties: by slug, or regardless of case by name or alias.
    person_id   INTEGER PRIMARY KEY,        -- row id
    slug        TEXT NOT NULL UNIQUE CHECK (slug <> '' AND slug NOT GLOB '*[^a-z0-9-]*'), -- stable name: lowercase letters, digits, hyphens
    name        TEXT NOT NULL CHECK (name <> ''), -- display name, e.g. Rustem Umerov
    party_id    INTEGER NOT NULL REFERENCES party (party_id), -- the party they act for
    role        TEXT CHECK (role <> ''),    -- their role or title as the sources give it, e.g. Secretary of State
    recorded_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) -- when this row was written (UTC)
) STRICT;
CREATE INDEX person_party_id ON person (party_id);

CREATE TABLE person_alias (
    -- Other names a person goes by ("Rubio"); names resolve regardless of case.
    person_alias_id INTEGER PRIMARY KEY,    -- row id
    person_id   INTEGER NOT NULL REFERENCES person (person_id), -- the person so named
    alias       TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (alias <> ''), -- the other name; unique regardless of case
    recorded_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) -- when this row was written (UTC)
) STRICT;
CREATE INDEX person_alias_person_id ON person_alias (person_id);

CREATE TABLE outlet (
    -- Who publishes sources: a news agency, newspaper, broadcaster or government site.
    -- Resolved like parties: by slug, or regardless of case by name or alias.
    outlet_id   INTEGER PRIMARY KEY,        -- row id
    slug        TEXT NOT NULL UNIQUE CHECK (slug <> '' AND slug NOT GLOB '*[^a-z0-9-]*'), -- stable name: lowercase letters, digits, hyphens
    name        TEXT NOT NULL CHECK (name <> ''), -- display name, e.g. Reuters
    recorded_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) -- when this row was written (UTC)
) STRICT;

CREATE TABLE outlet_alias (
    -- Other names an outlet goes by ("Associated Press" for AP News); names resolve
    -- regardless of case.
    outlet_alias_id INTEGER PRIMARY KEY,    -- row id
    outlet_id   INTEGER NOT NULL REFERENCES outlet (outlet_id), -- the outlet so named
    alias       TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (alias <> ''), -- the other name; unique regardless of case
    recorded_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) -- when this row was written (UTC)
) STRICT;
CREATE INDEX outlet_alias_outlet_id ON outlet_alias (outlet_id);

CREATE TABLE round_note_person (
    -- The persons a round note names ("Umerov briefed Zelensky"): a note may name several.
    round_note_person_id INTEGER PRIMARY KEY, -- row id
    round_note_id INTEGER NOT NULL REFERENCES round_note (round_note_id), -- the note
    person_id   INTEGER NOT NULL REFERENCES person (person_id), -- a person it names
    UNIQUE (round_note_id, person_id)
) STRICT;
CREATE INDEX round_note_person_person_id ON round_note_person (person_id);

ALTER TABLE round_party ADD COLUMN lead_person_id INTEGER REFERENCES person (person_id) /* who led the party's delegation, if recorded */;
CREATE INDEX round_party_lead_person_id ON round_party (lead_person_id);

ALTER TABLE quote ADD COLUMN speaker_person_id INTEGER REFERENCES person (person_id) /* the speaker, when recorded as a person; speaker_name then holds their name as it was when the quote was written */;
CREATE INDEX quote_speaker_person_id ON quote (speaker_person_id);

ALTER TABLE source ADD COLUMN outlet_id INTEGER REFERENCES outlet (outlet_id) /* the outlet that published it; source.outlet keeps the text as logged */;
CREATE INDEX source_outlet_id ON source (outlet_id);

ALTER TABLE source ADD COLUMN obtained_via TEXT CHECK (obtained_via <> '') /* how the article was obtained, as it says, e.g. Investing.com for Reuters via Investing.com */;

-- Existing sources' outlets: the text before a trailing " (via …)", one outlet per
-- name regardless of ASCII case and of spaces, hyphens and underscores (as Parley
-- compares names), its slug made of the name's ASCII letters and digits.
WITH RECURSIVE
named (source_id, name, via, recorded_at) AS (
    SELECT source_id,
           CASE WHEN outlet LIKE '% (via %)' THEN trim(substr(outlet, 1, instr(outlet, ' (via ') - 1))
                ELSE trim(outlet) END,
           CASE WHEN outlet LIKE '% (via %)'
                THEN trim(substr(outlet, instr(outlet, ' (via ') + 6, length(outlet) - instr(outlet, ' (via ') - 6)) END,
           recorded_at
    FROM source
),
outlets (name, recorded_at) AS (
    SELECT min(name), min(recorded_at) FROM named WHERE name <> ''
    GROUP BY lower(replace(replace(name, ' ', '-'), '_', '-'))
),
spelled (name, recorded_at, i, slug) AS (
    SELECT name, recorded_at, 1, '' FROM outlets
    UNION ALL
    SELECT name, recorded_at, i + 1,
           CASE WHEN lower(substr(name, i, 1)) GLOB '[a-z0-9]' THEN slug || lower(substr(name, i, 1))
                WHEN slug = '' OR slug GLOB '*-' THEN slug
                ELSE slug || '-' END
    FROM spelled WHERE i <= length(name)
),
slugged (name, recorded_at, slug) AS (
    SELECT name, recorded_at, COALESCE(NULLIF(rtrim(slug, '-'), ''), 'outlet')
    FROM spelled WHERE i = length(name) + 1
)
INSERT INTO outlet (slug, name, recorded_at)
SELECT slug || CASE WHEN n > 1 THEN '-' || n ELSE '' END, name, recorded_at
FROM (SELECT slug, name, recorded_at, row_number() OVER (PARTITION BY slug ORDER BY name) AS n FROM slugged)
ORDER BY recorded_at, name;

UPDATE source SET
    outlet_id = (SELECT o.outlet_id FROM outlet o
                 WHERE lower(replace(replace(o.name, ' ', '-'), '_', '-'))
                     = lower(replace(replace(CASE WHEN source.outlet LIKE '% (via %)'
                                                  THEN trim(substr(source.outlet, 1, instr(source.outlet, ' (via ') - 1))
                                                  ELSE trim(source.outlet) END, ' ', '-'), '_', '-'))),
    obtained_via = CASE WHEN outlet LIKE '% (via %)'
                        THEN NULLIF(trim(substr(outlet, instr(outlet, ' (via ') + 6,
                                                length(outlet) - instr(outlet, ' (via ') - 6)), '') END;

-- Other clients: keys stay their own, nothing is deleted, aliases and a note's persons
-- are append-only (see migrations/20251210000000_other_clients.sql).

CREATE TRIGGER person_new_key BEFORE INSERT ON person
WHEN EXISTS (SELECT 1 FROM person WHERE (person_id = NEW.person_id AND NEW.person_id <> -1) OR slug = NEW.slug)
BEGIN
    SELECT RAISE(ABORT, 'person: a person keeps its person_id, and no two persons share a slug; rows are never replaced');
END;
CREATE TRIGGER person_keep_key BEFORE UPDATE OF person_id, slug ON person
WHEN NEW.person_id IS NOT OLD.person_id
  OR EXISTS (SELECT 1 FROM person WHERE slug = NEW.slug AND person_id <> OLD.person_id)
BEGIN
    SELECT RAISE(ABORT, 'person: a person keeps its person_id, and no two persons share a slug; rows are never replaced');
END;
CREATE TRIGGER person_no_delete BEFORE DELETE ON person
BEGIN
    SELECT RAISE(ABORT, 'person: nothing recorded is ever deleted');
END;

CREATE TRIGGER outlet_new_key BEFORE INSERT ON outlet
WHEN EXISTS (SELECT 1 FROM outlet WHERE (outlet_id = NEW.outlet_id AND NEW.outlet_id <> -1) OR slug = NEW.slug)
BEGIN
    SELECT RAISE(ABORT, 'outlet: an outlet keeps its outlet_id, and no two outlets share a slug; rows are never replaced');
END;
CREATE TRIGGER outlet_keep_key BEFORE UPDATE OF outlet_id, slug ON outlet
WHEN NEW.outlet_id IS NOT OLD.outlet_id
  OR EXISTS (SELECT 1 FROM outlet WHERE slug = NEW.slug AND outlet_id <> OLD.outlet_id)
BEGIN
    SELECT RAISE(ABORT, 'outlet: an outlet keeps its outlet_id, and no two outlets share a slug; rows are never replaced');
END;
CREATE TRIGGER outlet_no_delete BEFORE DELETE ON outlet
BEGIN
    SELECT RAISE(ABORT, 'outlet: nothing recorded is ever deleted');
END;

CREATE TRIGGER person_alias_new_key BEFORE INSERT ON person_alias
WHEN EXISTS (SELECT 1 FROM person_alias WHERE (person_alias_id = NEW.person_alias_id AND NEW.person_alias_id <> -1)
                                           OR alias = NEW.alias)
BEGIN
    SELECT RAISE(ABORT, 'person_alias: an alias keeps its person_alias_id and names one person (regardless of case); rows are never replaced');
END;
CREATE TRIGGER person_alias_no_update BEFORE UPDATE ON person_alias
BEGIN
    SELECT RAISE(ABORT, 'person_alias is append-only: rows are never changed or deleted');
END;
CREATE TRIGGER person_alias_no_delete BEFORE DELETE ON person_alias
BEGIN
    SELECT RAISE(ABORT, 'person_alias is append-only: rows are never changed or deleted');
END;

CREATE TRIGGER outlet_alias_new_key BEFORE INSERT ON outlet_alias
WHEN EXISTS (SELECT 1 FROM outlet_alias WHERE (outlet_alias_id = NEW.outlet_alias_id AND NEW.outlet_alias_id <> -1)
                                           OR alias = NEW.alias)
BEGIN
    SELECT RAISE(ABORT, 'outlet_alias: an alias keeps its outlet_alias_id and names one outlet (regardless of case); rows are never replaced');
END;
CREATE TRIGGER outlet_alias_no_update BEFORE UPDATE ON outlet_alias
BEGIN
    SELECT RAISE(ABORT, 'outlet_alias is append-only: rows are never changed or deleted');
END;
CREATE TRIGGER outlet_alias_no_delete BEFORE DELETE ON outlet_alias
BEGIN
    SELECT RAISE(ABORT, 'outlet_alias is append-only: rows are never changed or deleted');
END;

CREATE TRIGGER round_note_person_new_key BEFORE INSERT ON round_note_person
WHEN EXISTS (SELECT 1 FROM round_note_person
             WHERE (round_note_person_id = NEW.round_note_person_id AND NEW.round_note_person_id <> -1)
                OR (round_note_id = NEW.round_note_id AND person_id = NEW.person_id))
BEGIN
    SELECT RAISE(ABORT, 'round_note_person: a row keeps its round_note_person_id, and a note names a person once; rows are never replaced');
END;
CREATE TRIGGER round_note_person_no_update BEFORE UPDATE ON round_note_person
BEGIN
    SELECT RAISE(ABORT, 'round_note_person is append-only: rows are never changed or deleted');
END;
CREATE TRIGGER round_note_person_no_delete BEFORE DELETE ON round_note_person
BEGIN
    SELECT RAISE(ABORT, 'round_note_person is append-only: rows are never changed or deleted');
END;

-- Full-text search over persons (names, roles, aliases) and outlets (names, aliases).

CREATE VIRTUAL TABLE person_fts USING fts5(
    -- Full-text index of persons' names and roles; rowid is person_id. Other names a
    -- person goes by are in person_alias_fts.
    name , -- indexes person.name
    role , -- indexes person.role
    content="person", content_rowid="person_id",
    tokenize = 'unicode61 remove_diacritics 2'
);

CREATE TRIGGER person_fts_insert AFTER INSERT ON person
BEGIN
    INSERT INTO person_fts (rowid, name, role) VALUES (NEW.person_id, NEW.name, NEW.role);
END;
CREATE TRIGGER person_fts_delete AFTER DELETE ON person
BEGIN
    INSERT INTO person_fts (person_fts, rowid, name, role) VALUES ('delete', OLD.person_id, OLD.name, OLD.role);
END;
CREATE TRIGGER person_fts_update AFTER UPDATE OF name, role ON person
BEGIN
    INSERT INTO person_fts (person_fts, rowid, name, role) VALUES ('delete', OLD.person_id, OLD.name, OLD.role);
    INSERT INTO person_fts (rowid, name, role) VALUES (NEW.person_id, NEW.name, NEW.role);
END;

CREATE VIRTUAL TABLE person_alias_fts USING fts5(
    -- Full-text index of the other names persons go by; rowid is person_alias_id.
    alias , -- indexes person_alias.alias
    content="person_alias", content_rowid="person_alias_id",
    tokenize = 'unicode61 remove_diacritics 2'
);

CREATE TRIGGER person_alias_fts_insert AFTER INSERT ON person_alias
BEGIN
    INSERT INTO person_alias_fts (rowid, alias) VALUES (NEW.person_alias_id, NEW.alias);
END;
CREATE TRIGGER person_alias_fts_delete AFTER DELETE ON person_alias
BEGIN
    INSERT INTO person_alias_fts (person_alias_fts, rowid, alias) VALUES ('delete', OLD.person_alias_id, OLD.alias);
END;
CREATE TRIGGER person_alias_fts_update AFTER UPDATE OF alias ON person_alias
BEGIN
    INSERT INTO person_alias_fts (person_alias_fts, rowid, alias) VALUES ('delete', OLD.person_alias_id, OLD.alias);
    INSERT INTO person_alias_fts (rowid, alias) VALUES (NEW.person_alias_id, NEW.alias);
END;

CREATE VIRTUAL TABLE outlet_fts USING fts5(
    -- Full-text index of outlets' names; rowid is outlet_id. Other names an outlet goes
    -- by are in outlet_alias_fts.
    name , -- indexes outlet.name
    content="outlet", content_rowid="outlet_id",
    tokenize = 'unicode61 remove_diacritics 2'
);

CREATE TRIGGER outlet_fts_insert AFTER INSERT ON outlet
BEGIN
    INSERT INTO outlet_fts (rowid, name) VALUES (NEW.outlet_id, NEW.name);
END;
CREATE TRIGGER outlet_fts_delete AFTER DELETE ON outlet
BEGIN
    INSERT INTO outlet_fts (outlet_fts, rowid, name) VALUES ('delete', OLD.outlet_id, OLD.name);
END;
CREATE TRIGGER outlet_fts_update AFTER UPDATE OF name ON outlet
BEGIN
    INSERT INTO outlet_fts (outlet_fts, rowid, name) VALUES ('delete', OLD.outlet_id, OLD.name);
    INSERT INTO outlet_fts (rowid, name) VALUES (NEW.outlet_id, NEW.name);
END;

CREATE VIRTUAL TABLE outlet_alias_fts USING fts5(
    -- Full-text index of the other names outlets go by; rowid is outlet_alias_id.
    alias , -- indexes outlet_alias.alias
    content="outlet_alias", content_rowid="outlet_alias_id",
    tokenize = 'unicode61 remove_diacritics 2'
);

CREATE TRIGGER outlet_alias_fts_insert AFTER INSERT ON outlet_alias
BEGIN
    INSERT INTO outlet_alias_fts (rowid, alias) VALUES (NEW.outlet_alias_id, NEW.alias);
END;
CREATE TRIGGER outlet_alias_fts_delete AFTER DELETE ON outlet_alias
BEGIN
    INSERT INTO outlet_alias_fts (outlet_alias_fts, rowid, alias) VALUES ('delete', OLD.outlet_alias_id, OLD.alias);
END;
CREATE TRIGGER outlet_alias_fts_update AFTER UPDATE OF alias ON outlet_alias
BEGIN
    INSERT INTO outlet_alias_fts (outlet_alias_fts, rowid, alias) VALUES ('delete', OLD.outlet_alias_id, OLD.alias);
    INSERT INTO outlet_alias_fts (rowid, alias) VALUES (NEW.outlet_alias_id, NEW.alias);
END;

-- Index the outlets written above, before their index existed.
INSERT INTO outlet_fts (outlet_fts) VALUES ('rebuild');
