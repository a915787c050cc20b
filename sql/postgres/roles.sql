-- Parley's roles on PostgreSQL: run once per database, after the migrations
-- (migrations/postgres/), by a superuser (it creates roles and takes rights away from
-- PUBLIC on functions PostgreSQL owns). Safe to run again: the roles are created only
-- when missing, and every grant and revoke may be repeated.
--
--   psql "$DATABASE_URL" -v ON_ERROR_STOP=1 -f sql/postgres/roles.sql
--
-- It is not a migration (it lives outside migrations/postgres/, which sqlx::migrate!
-- reads), because roles belong to the server, not to one database, and because the
-- migration runner need not be a superuser.
--
-- parley_writer: what Parley's commands connect as. Reads and writes rows; the
--   triggers refuse every write the timeline's rules forbid (append-only tables,
--   fixed vocabularies, derived tables), whoever connects. Cannot create or drop
--   tables, nor touch the migration log.
-- parley_reader: for analysts who only query. Reads every table and view; cannot
--   change anything: no INSERT, UPDATE, DELETE, TRUNCATE or CREATE, no temporary
--   tables, no large objects. Privileges alone stop every write. Its own sessions
--   also default to read-only transactions, but PostgreSQL applies a login's own
--   settings, not its groups': give a reader's login the setting too (below).
--
-- Both are NOLOGIN group roles: give each analyst a login of their own in one of them,
--   CREATE ROLE alice LOGIN PASSWORD '...' IN ROLE parley_reader;
--   ALTER ROLE alice SET default_transaction_read_only = on;  -- a reader's login
-- Neither can reach the server's files: pg_read_file, pg_ls_dir, pg_stat_file,
-- lo_import / lo_export and COPY to or from a file or PROGRAM need superuser or the
-- pg_read_server_files / pg_write_server_files / pg_execute_server_program roles, which
-- neither has (revoked below in case someone granted them).

DO $$
BEGIN
    CREATE ROLE parley_writer NOLOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS;
EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
END
$$;
DO $$
BEGIN
    CREATE ROLE parley_reader NOLOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS;
EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
END
$$;
COMMENT ON ROLE parley_writer IS 'Parley''s commands: read and write rows; the triggers enforce the timeline''s rules';
COMMENT ON ROLE parley_reader IS 'Analysts who only query: read every table and view, change nothing';
ALTER ROLE parley_reader SET default_transaction_read_only = on;

-- Nobody but the owner creates objects or temporary tables here (PostgreSQL 15 already
-- denies CREATE on public to PUBLIC; older servers do not).
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
DO $$
BEGIN
    EXECUTE format('REVOKE TEMPORARY ON DATABASE %I FROM PUBLIC', current_database());
    EXECUTE format('GRANT CONNECT ON DATABASE %I TO parley_writer, parley_reader', current_database());
END
$$;
GRANT USAGE ON SCHEMA public TO parley_writer, parley_reader;

GRANT SELECT ON ALL TABLES IN SCHEMA public TO parley_reader;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO parley_writer;
GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO parley_writer;
-- The migration log (sqlx's) is the migration runner's alone.
DO $$
BEGIN
    IF to_regclass('_sqlx_migrations') IS NOT NULL THEN
        REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON TABLE _sqlx_migrations FROM parley_writer;
    END IF;
END
$$;
-- Tables and views later migrations add, when run by the role running this file.
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT ON TABLES TO parley_reader;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO parley_writer;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE ON SEQUENCES TO parley_writer;

-- The server's files: out of reach of both roles.
SET client_min_messages = error; -- "is not a member": the usual case
REVOKE pg_read_server_files, pg_write_server_files, pg_execute_server_program
    FROM parley_writer, parley_reader;
RESET client_min_messages;
REVOKE EXECUTE ON FUNCTION pg_read_file(text), pg_read_file(text, bigint, bigint),
    pg_read_file(text, bigint, bigint, boolean), pg_read_binary_file(text),
    pg_ls_dir(text), pg_ls_dir(text, boolean, boolean), pg_stat_file(text),
    lo_import(text), lo_import(text, oid), lo_export(oid, text)
    FROM PUBLIC;
-- Large objects are rows of pg_largeobject that no table's grants cover: a reader must
-- not create or write them.
REVOKE EXECUTE ON FUNCTION lo_creat(integer), lo_create(oid), lo_from_bytea(oid, bytea),
    lo_put(oid, bigint, bytea), lowrite(integer, bytea), lo_unlink(oid), lo_truncate(integer, integer),
    lo_truncate64(integer, bigint)
    FROM PUBLIC;
GRANT EXECUTE ON FUNCTION lo_creat(integer), lo_create(oid), lo_from_bytea(oid, bytea),
    lo_put(oid, bigint, bytea), lowrite(integer, bytea), lo_unlink(oid), lo_truncate(integer, integer),
    lo_truncate64(integer, bigint)
    TO parley_writer;
