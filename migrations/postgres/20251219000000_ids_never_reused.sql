-- Ids are never reused: PostgreSQL's counterpart of migrations/20251219000000_ids_never_reused.sql,
-- at the same version so that both backends report the same schema version.
--
-- On SQLite, party_alias and round_party (the two tables that lose rows: an alias
-- removed, a participant withdrawn) are rebuilt with AUTOINCREMENT, so that a deleted
-- row's id, which party_alias_history or round_party_history names, is never handed out
-- again. Here their ids are identity columns, whose sequences never hand a value out
-- twice, deleted row or not: nothing is rebuilt. What SQLite adds besides holds here too:
--
--   * a history row holds the id it names: inserting one moves the table's sequence past
--     that id (<table>_history_reserves_id), so a copy of a SQLite file or a history
--     import, which give rows their ids, leaves no held id to be handed out again. The
--     functions run as their owner (SECURITY DEFINER): moving a sequence takes UPDATE on
--     it, which parley_writer (USAGE only) does not have;
--   * a row given an id its history table names is refused whoever writes it
--     (<table>_new_id, a rule of src/storage/rules/, with SQLite's words).
--
-- A copy must still move each sequence past the ids of the rows it copies (setval), as
-- 20251218000000_schema.sql says.

CREATE FUNCTION party_alias_history_reserves_id() RETURNS trigger LANGUAGE plpgsql
SECURITY DEFINER SET search_path = public, pg_catalog AS $$
DECLARE
    sequence regclass := pg_get_serial_sequence('public.party_alias', 'party_alias_id')::regclass;
BEGIN
    IF NEW.party_alias_id > COALESCE(pg_sequence_last_value(sequence), 0) THEN
        PERFORM setval(sequence, NEW.party_alias_id);
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER party_alias_history_reserves_id AFTER INSERT ON party_alias_history FOR EACH ROW EXECUTE FUNCTION party_alias_history_reserves_id();

CREATE FUNCTION round_party_history_reserves_id() RETURNS trigger LANGUAGE plpgsql
SECURITY DEFINER SET search_path = public, pg_catalog AS $$
DECLARE
    sequence regclass := pg_get_serial_sequence('public.round_party', 'round_party_id')::regclass;
BEGIN
    IF NEW.round_party_id > COALESCE(pg_sequence_last_value(sequence), 0) THEN
        PERFORM setval(sequence, NEW.round_party_id);
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER round_party_history_reserves_id AFTER INSERT ON round_party_history FOR EACH ROW EXECUTE FUNCTION round_party_history_reserves_id();

CREATE FUNCTION party_alias_new_id() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM party_alias_history WHERE party_alias_id = NEW.party_alias_id) THEN
        RAISE EXCEPTION USING ERRCODE = 'integrity_constraint_violation', MESSAGE = 'party_alias: a new alias takes an id no alias has held; party_alias_history names this one';
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER party_alias_new_id AFTER INSERT ON party_alias FOR EACH ROW EXECUTE FUNCTION party_alias_new_id();

CREATE FUNCTION round_party_new_id() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM round_party_history WHERE round_party_id = NEW.round_party_id) THEN
        RAISE EXCEPTION USING ERRCODE = 'integrity_constraint_violation', MESSAGE = 'round_party: a new participant takes an id no participant has held; round_party_history names this one';
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER round_party_new_id AFTER INSERT ON round_party FOR EACH ROW EXECUTE FUNCTION round_party_new_id();

-- The sequences start past every id the history tables already name.
SELECT setval(pg_get_serial_sequence('public.party_alias', 'party_alias_id'), max(party_alias_id))
FROM party_alias_history
HAVING max(party_alias_id) > COALESCE(pg_sequence_last_value(pg_get_serial_sequence('public.party_alias', 'party_alias_id')::regclass), 0);
SELECT setval(pg_get_serial_sequence('public.round_party', 'round_party_id'), max(round_party_id))
FROM round_party_history
HAVING max(round_party_id) > COALESCE(pg_sequence_last_value(pg_get_serial_sequence('public.round_party', 'round_party_id')::regclass), 0);
