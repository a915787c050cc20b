-- Full-text search, version 2: FTS5 indexes over the text analysts search (`parley
-- search`, Datasette, sqlite-utils).
--
-- Each index is named `<table>_fts` and is an external-content FTS5 table
-- (content=<table>, content_rowid=<table>_id): it stores only the index, reads the text
-- from its table, and triggers keep it in step. Tables that are append-only
-- (status_record, position) need only an insert trigger. Query one with
--   SELECT * FROM agenda_item WHERE agenda_item_id IN
--       (SELECT rowid FROM agenda_item_fts WHERE agenda_item_fts MATCH 'prisoner');
-- FTS5 has been in SQLite since 3.9; nothing here needs more than 3.37.

CREATE VIRTUAL TABLE agenda_item_fts USING fts5(
    -- Full-text index of agenda item titles and descriptions; rowid is agenda_item_id.
    title , -- indexes agenda_item.title
    description , -- indexes agenda_item.description
    content="agenda_item", content_rowid="agenda_item_id",
    tokenize = 'unicode61 remove_diacritics 2'
);

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

CREATE VIRTUAL TABLE round_fts USING fts5(
    -- Full-text index of round titles, tones and summaries; rowid is round_id.
    title , -- indexes round.title
    tone , -- indexes round.tone
    summary , -- indexes round.summary
    content="round", content_rowid="round_id",
    tokenize = 'unicode61 remove_diacritics 2'
);

CREATE TRIGGER round_fts_insert AFTER INSERT ON round
BEGIN
    INSERT INTO round_fts (rowid, title, tone, summary) VALUES (NEW.round_id, NEW.title, NEW.tone, NEW.summary);
END;
CREATE TRIGGER round_fts_delete AFTER DELETE ON round
BEGIN
    INSERT INTO round_fts (round_fts, rowid, title, tone, summary) VALUES ('delete', OLD.round_id, OLD.title, OLD.tone, OLD.summary);
END;
CREATE TRIGGER round_fts_update AFTER UPDATE ON round
BEGIN
    INSERT INTO round_fts (round_fts, rowid, title, tone, summary) VALUES ('delete', OLD.round_id, OLD.title, OLD.tone, OLD.summary);
    INSERT INTO round_fts (rowid, title, tone, summary) VALUES (NEW.round_id, NEW.title, NEW.tone, NEW.summary);
END;

CREATE VIRTUAL TABLE status_record_fts USING fts5(
    -- Full-text index of status record notes, superseded records included; rowid is
    -- status_record_id.
    note , -- indexes status_record.note
    content="status_record", content_rowid="status_record_id",
    tokenize = 'unicode61 remove_diacritics 2'
);

CREATE TRIGGER status_record_fts_insert AFTER INSERT ON status_record
BEGIN
    INSERT INTO status_record_fts (rowid, note) VALUES (NEW.status_record_id, NEW.note);
END;

CREATE VIRTUAL TABLE position_fts USING fts5(
    -- Full-text index of the notes on parties' positions, superseded rows included;
    -- rowid is position_id.
    note , -- indexes position.note
    content="position", content_rowid="position_id",
    tokenize = 'unicode61 remove_diacritics 2'
);

CREATE TRIGGER position_fts_insert AFTER INSERT ON position
BEGIN
    INSERT INTO position_fts (rowid, note) VALUES (NEW.position_id, NEW.note);
END;

CREATE VIRTUAL TABLE round_note_fts USING fts5(
    -- Full-text index of the analysts' round notes; rowid is round_note_id.
    body , -- indexes round_note.body
    content="round_note", content_rowid="round_note_id",
    tokenize = 'unicode61 remove_diacritics 2'
);

CREATE TRIGGER round_note_fts_insert AFTER INSERT ON round_note
BEGIN
    INSERT INTO round_note_fts (rowid, body) VALUES (NEW.round_note_id, NEW.body);
END;
CREATE TRIGGER round_note_fts_delete AFTER DELETE ON round_note
BEGIN
    INSERT INTO round_note_fts (round_note_fts, rowid, body) VALUES ('delete', OLD.round_note_id, OLD.body);
END;
CREATE TRIGGER round_note_fts_update AFTER UPDATE ON round_note
BEGIN
    INSERT INTO round_note_fts (round_note_fts, rowid, body) VALUES ('delete', OLD.round_note_id, OLD.body);
    INSERT INTO round_note_fts (rowid, body) VALUES (NEW.round_note_id, NEW.body);
END;

CREATE VIRTUAL TABLE quote_fts USING fts5(
    -- Full-text index of quotes and who said them; rowid is quote_id.
    text , -- indexes quote.text
    speaker_name , -- indexes quote.speaker_name
    speaker_description , -- indexes quote.speaker_description
    content="quote", content_rowid="quote_id",
    tokenize = 'unicode61 remove_diacritics 2'
);

CREATE TRIGGER quote_fts_insert AFTER INSERT ON quote
BEGIN
    INSERT INTO quote_fts (rowid, text, speaker_name, speaker_description) VALUES (NEW.quote_id, NEW.text, NEW.speaker_name, NEW.speaker_description);
END;
CREATE TRIGGER quote_fts_delete AFTER DELETE ON quote
BEGIN
    INSERT INTO quote_fts (quote_fts, rowid, text, speaker_name, speaker_description) VALUES ('delete', OLD.quote_id, OLD.text, OLD.speaker_name, OLD.speaker_description);
END;
CREATE TRIGGER quote_fts_update AFTER UPDATE ON quote
BEGIN
    INSERT INTO quote_fts (quote_fts, rowid, text, speaker_name, speaker_description) VALUES ('delete', OLD.quote_id, OLD.text, OLD.speaker_name, OLD.speaker_description);
    INSERT INTO quote_fts (rowid, text, speaker_name, speaker_description) VALUES (NEW.quote_id, NEW.text, NEW.speaker_name, NEW.speaker_description);
END;

-- Index what the database already holds.
INSERT INTO agenda_item_fts (agenda_item_fts) VALUES ('rebuild');
INSERT INTO round_fts (round_fts) VALUES ('rebuild');
INSERT INTO status_record_fts (status_record_fts) VALUES ('rebuild');
INSERT INTO position_fts (position_fts) VALUES ('rebuild');
INSERT INTO round_note_fts (round_note_fts) VALUES ('rebuild');
INSERT INTO quote_fts (quote_fts) VALUES ('rebuild');
