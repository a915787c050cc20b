//! Writing a checked [`Dossier`] in one transaction. Records that already exist are
//! compared, and only what changed is written: a changed status or stance becomes a
//! correction that supersedes the record in force, so importing the same file twice
//! writes nothing the second time.
//!
//! Everything written back is read inside the transaction, once the write lock is
//! held: whether a round exists, its details, the records in force, the next free
//! ids, and the instant the write records. A command's claim and a file's are
//! written by this one path.

mod updates;
mod write_log;

use std::collections::hash_map::Entry;
use std::collections::{HashMap, HashSet};
use std::fmt;

use chrono::{DateTime, Utc};
use serde::Serialize;
use sqlx::query_builder::Separated;
use sqlx::{Connection, QueryBuilder, Sqlite, SqliteConnection};
use tokio::sync::mpsc;

use self::updates::{Completed, HeldClaim, RoundColumns, held_citation, held_grade};
use self::write_log::Instant;
use super::Database;
use super::rules::{check_bulk_load, rule, rules};
use crate::domain::model::*;
use crate::domain::{Fate, RoundState};
use crate::error::{Error, Result};

pub use self::updates::{Correction, FieldEdit, RoundEdit};

/// How an import runs.
pub struct ImportOptions<'a> {
    /// What writes, as the write log records it: `import`, `status set`, …
    pub command: &'a str,
    /// Check and write everything, then roll back.
    pub dry_run: bool,
    /// Refuse a record the import declares (a process, party, source, item or round)
    /// that the database already holds, instead of updating it: for commands that
    /// add one.
    pub adds_only: bool,
    /// Reads the clock; called once the write lock is held (see `write_log`).
    pub clock: &'a (dyn Fn() -> Result<DateTime<Utc>> + Sync),
    /// Called after each round with the number of rounds written so far.
    pub progress: &'a (dyn Fn(usize) + Sync),
}

impl<'a> ImportOptions<'a> {
    /// A write by `command`, recorded by Parley's clock, with no progress shown.
    pub fn new(command: &'a str) -> Self {
        ImportOptions {
            command,
            dry_run: false,
            adds_only: false,
            clock: &crate::clock::now,
            progress: &|_| {},
        }
    }
}

/// What an import wrote (or, in a dry run, would have written), table by table.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Changes {
    pub processes: u64,
    pub parties: u64,
    pub sources: u64,
    pub items: u64,
    pub rounds: u64,
    pub participants: u64,
    pub statuses: u64,
    pub status_corrections: u64,
    pub positions: u64,
    pub position_corrections: u64,
    pub commitments: u64,
    pub commitment_fates: u64,
    pub quotes: u64,
    pub notes: u64,
    pub citations: u64,
    /// Each round the database held whose details changed, field by field.
    pub round_edits: Vec<RoundEdit>,
    /// Each correction, with the record it replaced.
    pub corrections: Vec<Correction>,
}

impl Changes {
    /// (singular, plural, count) for each kind of record.
    fn entries(&self) -> [(&'static str, &'static str, u64); 15] {
        [
            ("process", "processes", self.processes),
            ("party", "parties", self.parties),
            ("source", "sources", self.sources),
            ("agenda item", "agenda items", self.items),
            ("round", "rounds", self.rounds),
            ("participant", "participants", self.participants),
            ("status", "statuses", self.statuses),
            (
                "status correction",
                "status corrections",
                self.status_corrections,
            ),
            ("position", "positions", self.positions),
            (
                "position correction",
                "position corrections",
                self.position_corrections,
            ),
            ("commitment", "commitments", self.commitments),
            ("commitment fate", "commitment fates", self.commitment_fates),
            ("quote", "quotes", self.quotes),
            ("note", "notes", self.notes),
            ("citation", "citations", self.citations),
        ]
    }

    pub fn is_empty(&self) -> bool {
        self.entries().iter().all(|(_, _, n)| *n == 0)
    }
}

impl fmt::Display for Changes {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_empty() {
            return f.write_str("nothing changed");
        }
        let parts: Vec<String> = self
            .entries()
            .iter()
            .filter(|(_, _, n)| *n > 0)
            .map(|(one, many, n)| format!("{n} {}", if *n == 1 { one } else { many }))
            .collect();
        f.write_str(&parts.join(", "))
    }
}

/// A piece of an import, as the reader hands it over while earlier pieces are being
/// written.
#[derive(Debug)]
pub enum Piece {
    /// Checked records to write, after those of the pieces before.
    Records(Dossier),
    /// Every piece has been sent: the import may commit.
    Complete,
}

impl Database {
    /// Writes a dossier in one `BEGIN IMMEDIATE` transaction: all of it or none.
    pub async fn import(&self, dossier: Dossier, options: &ImportOptions<'_>) -> Result<Changes> {
        let statuses = dossier.rounds.iter().map(|r| r.statuses.len()).sum();
        let (pieces, received) = mpsc::channel(2);
        for piece in [Piece::Records(dossier), Piece::Complete] {
            // The channel has room for both and its receiver is alive: this cannot fail.
            let _ = pieces.try_send(piece);
        }
        self.import_pieces(received, statuses, options).await
    }

    /// Writes pieces as they arrive, in one `BEGIN IMMEDIATE` transaction that commits
    /// only once [`Piece::Complete`] has arrived. If the sender goes away before that,
    /// everything is rolled back and the import fails with [`Error::Incomplete`].
    /// `expected_statuses` is about how many status records the pieces hold, if
    /// known: a large import into an empty timeline is loaded in bulk from its first
    /// write.
    pub async fn import_pieces(
        &self,
        mut pieces: mpsc::Receiver<Piece>,
        expected_statuses: usize,
        options: &ImportOptions<'_>,
    ) -> Result<Changes> {
        let mut conn = self.pool().acquire().await?;
        // A large import touches far more pages than the default 2 MB cache holds;
        // spilling them to the log mid-transaction doubles the writing. The cache
        // grows only as pages are touched, so a small import stays small.
        sqlx::query("PRAGMA cache_size = -262144")
            .execute(&mut *conn)
            .await?;
        // Multi-row INSERTs keep a statement journal; in memory, not in a temporary file.
        sqlx::query("PRAGMA temp_store = MEMORY")
            .execute(&mut *conn)
            .await?;
        // Take the write lock at once, waiting (up to the busy timeout) while another
        // writer holds it: a deferred transaction would fail when it upgraded.
        let mut tx = conn.begin_with("BEGIN IMMEDIATE").await?;
        let written = write_in_transaction(&mut tx, &mut pieces, expected_statuses, options).await;
        // Stop the sender before waiting for the transaction to end.
        drop(pieces);
        let ended = match written {
            Ok(_) if !options.dry_run => tx.commit().await,
            _ => tx.rollback().await,
        };
        // Give the connection back to the pool with the default cache.
        sqlx::query("PRAGMA cache_size = -2000")
            .execute(&mut *conn)
            .await?;
        let changes = written?;
        ended?;
        Ok(changes)
    }
}

/// Writes pieces as they arrive on a connection already inside a write transaction
/// (taken with `BEGIN IMMEDIATE`), which the caller commits or rolls back; fails with
/// [`Error::Incomplete`] if the sender goes away before [`Piece::Complete`].
pub(super) async fn write_in_transaction(
    conn: &mut SqliteConnection,
    pieces: &mut mpsc::Receiver<Piece>,
    expected_statuses: usize,
    options: &ImportOptions<'_>,
) -> Result<Changes> {
    let mut writer = Writer {
        conn,
        options,
        at: String::new(),
        changes: Changes::default(),
        ids: Ids::default(),
        batch: Batch::default(),
        bulk: Bulk::Undecided,
        expected_statuses,
        rounds_done: 0,
    };
    writer.pieces(pieces).await?;
    Ok(writer.changes)
}

/// Status records an import must bring before it loads the timeline in bulk.
const BULK_STATUSES: usize = 10_000;

/// The tables whose rules' insert triggers a bulk load replaces with one check of
/// each rule over the whole table, once loaded.
const BULK_TABLES: &[&str] = &["status_record", "position", "citation"];

/// Upkeep postponed while a large import fills an empty timeline. The secondary
/// indexes of `status_record` and `citation`, and the full-text index of status
/// notes, are built once after loading instead of updated row by row; the triggers
/// that check each status record, position and citation as it arrives are replaced
/// by one set-based check of the same rules (rules.rs) over the whole tables; the
/// triggers that keep the derived tables round_order and status_in_force, by one
/// set-wise rebuild of both (which also numbers rounds recorded out of date order in
/// one pass, where the triggers would renumber the later rounds at every one). The schema
/// ends the transaction exactly as it began (the same statements, re-run), and a
/// failure rolls the whole transaction back, so nothing outside it ever sees the
/// difference. Unique indexes (which upserts need) and the index the checks search
/// are kept throughout.
struct DeferredUpkeep {
    /// The CREATE statements to run again, indexes before triggers.
    statements: Vec<String>,
}

impl DeferredUpkeep {
    /// Begins a bulk load, unless the timeline already holds status records.
    async fn begin(conn: &mut SqliteConnection) -> Result<Option<Self>> {
        let empty = sqlx::query_scalar!(
            r#"SELECT NOT EXISTS (SELECT 1 FROM status_record) AS "empty!: bool""#
        )
        .fetch_one(&mut *conn)
        .await?;
        if !empty {
            return Ok(None);
        }
        // The rules' insert triggers on the tables loaded, by name (see rules.rs).
        let triggers = serde_json::to_string(
            &rules()
                .iter()
                .filter(|r| BULK_TABLES.contains(&r.table))
                .flat_map(|r| r.triggers)
                .collect::<Vec<_>>(),
        )
        .expect("names serialise");
        let postponed = sqlx::query!(
            r#"SELECT name AS "name!: String", type AS "kind!: String", sql AS "sql!: String"
               FROM sqlite_master
               WHERE (type = 'index' AND tbl_name IN ('status_record', 'citation')
                      AND sql IS NOT NULL AND sql NOT LIKE 'CREATE UNIQUE%'
                      AND name <> 'status_record_item_round')
                  OR (type = 'trigger' AND name IN ('status_record_fts_insert', 'status_in_force_insert',
                                                    'round_order_insert', 'round_order_number_insert'))
                  OR (type = 'trigger' AND sql LIKE '%BEFORE INSERT ON%'
                      AND name IN (SELECT value FROM json_each(?1)))
               ORDER BY type = 'trigger', name"#,
            triggers
        )
        .fetch_all(&mut *conn)
        .await?;
        for object in &postponed {
            // Names come from sqlite_master, not from users.
            let drop = format!("DROP {} \"{}\"", object.kind.to_uppercase(), object.name);
            sqlx::query(sqlx::AssertSqlSafe(drop))
                .execute(&mut *conn)
                .await?;
        }
        Ok(Some(DeferredUpkeep {
            statements: postponed.into_iter().map(|o| o.sql).collect(),
        }))
    }

    async fn finish(self, conn: &mut SqliteConnection) -> Result<()> {
        let (triggers, indexes): (Vec<_>, Vec<_>) = self.statements.into_iter().partition(|sql| {
            sql.trim_start()
                .to_uppercase()
                .starts_with("CREATE TRIGGER")
        });
        for sql in indexes {
            sqlx::raw_sql(sqlx::AssertSqlSafe(sql))
                .execute(&mut *conn)
                .await?;
        }
        // One record in force per item and round is status_in_force's key: filling the
        // table checks it, and the set-based check of that rule (a scan of every
        // record) is spared.
        check_bulk_load(&mut *conn, BULK_TABLES, &[ONE_IN_FORCE]).await?;
        rebuild_orders(&mut *conn).await?;
        // The full-text index was empty with the table: build it from its content.
        sqlx::query("INSERT INTO status_record_fts (status_record_fts) VALUES ('rebuild')")
            .execute(&mut *conn)
            .await?;
        for sql in triggers {
            sqlx::raw_sql(sqlx::AssertSqlSafe(sql))
                .execute(&mut *conn)
                .await?;
        }
        Ok(())
    }
}

/// What the postponed triggers of round_order and status_in_force would have written,
/// set-wise: the rounds the load added enter round_order, every process's rounds are
/// numbered afresh, and status_in_force is filled from the records nothing supersedes.
async fn rebuild_orders(conn: &mut SqliteConnection) -> Result<()> {
    sqlx::query!(
        "INSERT INTO round_order (round_id, process_id, date_key, number)
         SELECT r.round_id, r.process_id, COALESCE(r.start_date, 'undated'), 0 FROM round r
         WHERE NOT EXISTS (SELECT 1 FROM round_order o WHERE o.round_id = r.round_id)"
    )
    .execute(&mut *conn)
    .await?;
    sqlx::query!(
        "UPDATE round_order SET number = s.number
         FROM (SELECT round_id, ROW_NUMBER() OVER (PARTITION BY process_id ORDER BY date_key, round_id) AS number
               FROM round_order) AS s
         WHERE s.round_id = round_order.round_id AND round_order.number IS NOT s.number"
    )
    .execute(&mut *conn)
    .await?;
    sqlx::query!("DELETE FROM status_in_force")
        .execute(&mut *conn)
        .await?;
    // The records a correction supersedes are few: set them aside once. Two records in
    // force for one item and round would have one key: the trigger's rule, checked.
    sqlx::query!(
        "INSERT INTO status_in_force (status_record_id, agenda_item_id, round_date_key, round_id)
         SELECT sr.status_record_id, sr.agenda_item_id, o.date_key, sr.round_id
         FROM status_record sr JOIN round_order o ON o.round_id = sr.round_id
         WHERE sr.status_record_id NOT IN (SELECT supersedes_status_record_id FROM status_record
                                           WHERE supersedes_status_record_id IS NOT NULL)"
    )
    .execute(&mut *conn)
    .await
    .map_err(|e| match (&e, rule(ONE_IN_FORCE)) {
        (sqlx::Error::Database(db), Some(rule)) if db.is_unique_violation() => {
            Error::Constraint(rule.message.to_owned())
        }
        _ => e.into(),
    })?;
    Ok(())
}

/// The rule status_in_force's key enforces as a bulk load fills it.
const ONE_IN_FORCE: &str = "status_record_one_in_force";

/// Row ids by slug, filled as records are written.
#[derive(Default)]
struct Ids {
    processes: HashMap<String, i64>,
    parties: HashMap<String, i64>,
    sources: HashMap<String, i64>,
    /// By process slug, then item slug (looked up for every claim, without allocating).
    items: HashMap<String, HashMap<String, i64>>,
    /// Items this import created or changed, counted once however many fields changed.
    items_written: HashSet<i64>,
    /// (process id, round slug): the rounds the database holds, and those written so far.
    rounds: HashMap<(i64, String), i64>,
}

struct Writer<'c> {
    conn: &'c mut SqliteConnection,
    options: &'c ImportOptions<'c>,
    /// The `recorded_at` of every row written, taken once the lock is held.
    at: String,
    changes: Changes,
    ids: Ids,
    batch: Batch,
    bulk: Bulk,
    /// About how many status records the import brings, if known beforehand.
    expected_statuses: usize,
    /// Rounds written (or staged) so far, for progress.
    rounds_done: usize,
}

/// Whether this import loads the timeline in bulk: decided at the first write of
/// staged rounds, by how many status records it brings (or is expected to).
enum Bulk {
    Undecided,
    Declined,
    Loading(DeferredUpkeep),
}

impl Writer<'_> {
    /// Writes every piece, then finishes any bulk load; fails with
    /// [`Error::Incomplete`] if the sender goes away before the last piece.
    async fn pieces(&mut self, pieces: &mut mpsc::Receiver<Piece>) -> Result<()> {
        let instant = Instant::take(&mut *self.conn, (self.options.clock)()?).await?;
        self.at = instant.recorded_at.clone();
        self.load_ids().await?;
        loop {
            match pieces.recv().await {
                Some(Piece::Records(dossier)) => {
                    self.dossier(dossier).await?;
                    // Write what is staged while the reader works on the next piece,
                    // unless pieces are waiting: then stage them too, for fewer and
                    // larger statements.
                    if pieces.is_empty() {
                        self.flush().await?;
                        (self.options.progress)(self.rounds_done);
                    }
                }
                Some(Piece::Complete) => break,
                None => return Err(Error::Incomplete),
            }
        }
        self.flush().await?;
        self.end_bulk().await?;
        if !self.changes.is_empty() {
            let summary = self.changes.to_string();
            instant
                .log(&mut *self.conn, self.options.command, &summary)
                .await?;
        }
        (self.options.progress)(self.rounds_done);
        Ok(())
    }

    async fn dossier(&mut self, d: Dossier) -> Result<()> {
        for p in &d.processes {
            self.process(p).await?;
        }
        self.parties(&d.parties).await?;
        self.sources(&d.sources).await?;
        self.items(&d.items).await?;
        self.changes.items = self.ids.items_written.len() as u64;
        // Rounds new to the database are written in batches of multi-row INSERTs; a
        // round the database (or this import) already holds goes through the diff,
        // after everything before it has been written.
        for r in d.rounds {
            let key = (self.process_id(&r.process), r.slug.clone());
            if let Some(&round_id) = self.ids.rounds.get(&key) {
                self.refuse_existing("round", &r.slug)?;
                self.flush().await?;
                // The diff reads what is held through the indexes a bulk load drops.
                self.end_bulk().await?;
                self.round(&r, round_id).await?;
            } else {
                self.stage_round(r).await?;
            }
            self.rounds_done += 1;
            if self.batch.rows >= FLUSH_ROWS {
                self.flush().await?;
                (self.options.progress)(self.rounds_done);
            }
        }
        Ok(())
    }

    /// Ends a bulk load, if one is under way: builds what it postponed and checks
    /// what the triggers would have checked.
    async fn end_bulk(&mut self) -> Result<()> {
        if let Bulk::Loading(deferred) = std::mem::replace(&mut self.bulk, Bulk::Declined) {
            deferred.finish(&mut *self.conn).await?;
        }
        Ok(())
    }

    /// With [`ImportOptions::adds_only`], a record the database already holds is
    /// refused: the command that declared it meant to add it.
    fn refuse_existing(&self, kind: &'static str, slug: &str) -> Result<()> {
        match self.options.adds_only {
            true => Err(Error::Exists {
                kind,
                slug: slug.to_owned(),
            }),
            false => Ok(()),
        }
    }

    // Declarations return the rows they wrote, whose ids join those read at the start.

    async fn process(&mut self, p: &Process) -> Result<()> {
        if self.ids.processes.contains_key(&p.slug) {
            self.refuse_existing("process", &p.slug)?;
        }
        let updated = sqlx::query_scalar!(
            r#"UPDATE process SET name = ?2, description = ?3, recorded_at = ?4
               WHERE slug = ?1 AND (name IS NOT ?2 OR description IS NOT ?3)
               RETURNING process_id AS "process_id!""#,
            p.slug,
            p.name,
            p.description,
            self.at
        )
        .fetch_optional(&mut *self.conn)
        .await?;
        let inserted = sqlx::query_scalar!(
            r#"INSERT INTO process (slug, name, description, recorded_at)
               SELECT ?1, ?2, ?3, ?4 WHERE NOT EXISTS (SELECT 1 FROM process WHERE slug = ?1)
               RETURNING process_id AS "process_id!""#,
            p.slug,
            p.name,
            p.description,
            self.at
        )
        .fetch_optional(&mut *self.conn)
        .await?;
        if let Some(id) = updated.or(inserted) {
            self.ids.processes.insert(p.slug.clone(), id);
            self.changes.processes += 1;
        }
        Ok(())
    }

    // Parties, sources and items are written with one UPDATE and one INSERT per kind,
    // whatever their number: the rows travel as one JSON array, which SQLite reads with
    // json_each, in order. Not upserts: the schema's insert triggers refuse a key that
    // is taken (so that `INSERT OR REPLACE` from another client cannot delete a row),
    // and they run before an upsert finds its conflict. A record declared twice (by
    // two files) is written once, as the later declaration says.

    async fn parties(&mut self, parties: &[Party]) -> Result<()> {
        if parties.is_empty() {
            return Ok(());
        }
        if let Some(p) = parties
            .iter()
            .find(|p| self.ids.parties.contains_key(&p.slug))
        {
            self.refuse_existing("party", &p.slug)?;
        }
        let rows = json_rows(
            last_of_each(parties, |p| p.slug.clone())
                .map(|p| serde_json::json!([p.slug, p.name, p.short_code, p.kind.as_str()])),
        );
        let updated = sqlx::query!(
            r#"UPDATE party SET name = p.value ->> 1, short_code = p.value ->> 2, kind = p.value ->> 3,
                   recorded_at = ?2
               FROM json_each(?1) AS p
               WHERE party.slug = p.value ->> 0
                 AND (name IS NOT p.value ->> 1 OR short_code IS NOT p.value ->> 2 OR kind IS NOT p.value ->> 3)
               RETURNING party_id AS "party_id!", slug AS "slug!: String""#,
            rows,
            self.at
        )
        .fetch_all(&mut *self.conn)
        .await?;
        let inserted = sqlx::query!(
            r#"INSERT INTO party (slug, name, short_code, kind, recorded_at)
               SELECT value ->> 0, value ->> 1, value ->> 2, value ->> 3, ?2 FROM json_each(?1)
               WHERE NOT EXISTS (SELECT 1 FROM party WHERE slug = value ->> 0)
               RETURNING party_id AS "party_id!", slug AS "slug!: String""#,
            rows,
            self.at
        )
        .fetch_all(&mut *self.conn)
        .await?;
        let mut changed = HashSet::new();
        for (party_id, slug) in updated
            .into_iter()
            .map(|r| (r.party_id, r.slug))
            .chain(inserted.into_iter().map(|r| (r.party_id, r.slug)))
        {
            self.ids.parties.insert(slug.clone(), party_id);
            changed.insert(slug);
        }
        // An alias is one party's, regardless of (ASCII) case, as the column's NOCASE says.
        let aliases: Vec<(&str, &str)> = parties
            .iter()
            .flat_map(|p| p.aliases.iter().map(|a| (p.slug.as_str(), a.as_str())))
            .collect();
        let mut seen = HashSet::new();
        let aliases = json_rows(
            aliases
                .into_iter()
                .filter(|(_, alias)| seen.insert(alias.to_ascii_lowercase()))
                .map(|(slug, alias)| serde_json::json!([slug, alias])),
        );
        let aliased = sqlx::query_scalar!(
            r#"INSERT INTO party_alias (party_id, alias, recorded_at)
               SELECT party.party_id, a.value ->> 1, ?2
               FROM json_each(?1) AS a JOIN party ON party.slug = a.value ->> 0
               WHERE NOT EXISTS (SELECT 1 FROM party_alias WHERE alias = a.value ->> 1)
               RETURNING (SELECT slug FROM party WHERE party.party_id = party_alias.party_id) AS "slug!: String""#,
            aliases,
            self.at
        )
        .fetch_all(&mut *self.conn)
        .await?;
        // An alias another party holds stays that party's: say so, rather than drop it.
        if let Some(taken) = sqlx::query!(
            r#"SELECT a.value ->> 1 AS "alias!: String", a.value ->> 0 AS "party!: String",
                      party.slug AS "holder!: String"
               FROM json_each(?1) AS a
               JOIN party_alias ON party_alias.alias = a.value ->> 1
               JOIN party ON party.party_id = party_alias.party_id
               WHERE party.slug <> a.value ->> 0
               LIMIT 1"#,
            aliases
        )
        .fetch_optional(&mut *self.conn)
        .await?
        {
            return Err(Error::Conflict(format!(
                "party '{}': the alias '{}' already names party '{}'",
                taken.party, taken.alias, taken.holder
            )));
        }
        // A party counts once, whether its row, its aliases or both changed.
        changed.extend(aliased);
        self.changes.parties += changed.len() as u64;
        Ok(())
    }

    async fn sources(&mut self, sources: &[Source]) -> Result<()> {
        if sources.is_empty() {
            return Ok(());
        }
        if let Some(s) = sources
            .iter()
            .find(|s| self.ids.sources.contains_key(&s.slug))
        {
            self.refuse_existing("source", &s.slug)?;
        }
        let rows = json_rows(last_of_each(sources, |s| s.slug.clone()).map(|s| {
            serde_json::json!([
                s.slug,
                s.outlet,
                s.title,
                s.url,
                s.published_on.map(|d| d.to_string()),
                s.reliability.map(|r| r.as_str()),
            ])
        }));
        let updated = sqlx::query!(
            r#"UPDATE source SET outlet = s.value ->> 1, title = s.value ->> 2, url = s.value ->> 3,
                   published_on = s.value ->> 4, reliability = s.value ->> 5, recorded_at = ?2
               FROM json_each(?1) AS s
               WHERE source.slug = s.value ->> 0
                 AND (outlet IS NOT s.value ->> 1 OR title IS NOT s.value ->> 2 OR url IS NOT s.value ->> 3
                      OR published_on IS NOT s.value ->> 4 OR reliability IS NOT s.value ->> 5)
               RETURNING source_id AS "source_id!", slug AS "slug!: String""#,
            rows,
            self.at
        )
        .fetch_all(&mut *self.conn)
        .await?;
        let inserted = sqlx::query!(
            r#"INSERT INTO source (slug, outlet, title, url, published_on, reliability, recorded_at)
               SELECT value ->> 0, value ->> 1, value ->> 2, value ->> 3, value ->> 4, value ->> 5, ?2
               FROM json_each(?1)
               WHERE NOT EXISTS (SELECT 1 FROM source WHERE slug = value ->> 0)
               RETURNING source_id AS "source_id!", slug AS "slug!: String""#,
            rows,
            self.at
        )
        .fetch_all(&mut *self.conn)
        .await?;
        self.changes.sources += (updated.len() + inserted.len()) as u64;
        let written = updated
            .into_iter()
            .map(|row| (row.slug, row.source_id))
            .chain(inserted.into_iter().map(|row| (row.slug, row.source_id)));
        self.ids.sources.extend(written);
        Ok(())
    }

    /// Reads the ids of every process, party, source, item and round once, when the
    /// write lock is held, rather than one look-up per reference; writes add theirs.
    async fn load_ids(&mut self) -> Result<()> {
        for r in sqlx::query!("SELECT process_id, slug FROM process")
            .fetch_all(&mut *self.conn)
            .await?
        {
            self.ids.processes.insert(r.slug, r.process_id);
        }
        for r in sqlx::query!("SELECT party_id, slug FROM party")
            .fetch_all(&mut *self.conn)
            .await?
        {
            self.ids.parties.insert(r.slug, r.party_id);
        }
        for r in sqlx::query!("SELECT source_id, slug FROM source")
            .fetch_all(&mut *self.conn)
            .await?
        {
            self.ids.sources.insert(r.slug, r.source_id);
        }
        for r in sqlx::query!(
            "SELECT i.agenda_item_id, i.slug, p.slug AS process
             FROM agenda_item i JOIN process p ON p.process_id = i.process_id"
        )
        .fetch_all(&mut *self.conn)
        .await?
        {
            self.ids
                .items
                .entry(r.process)
                .or_default()
                .insert(r.slug, r.agenda_item_id);
        }
        for r in sqlx::query!("SELECT round_id, process_id, slug FROM round")
            .fetch_all(&mut *self.conn)
            .await?
        {
            self.ids.rounds.insert((r.process_id, r.slug), r.round_id);
        }
        Ok(())
    }

    fn process_id(&self, slug: &str) -> i64 {
        self.ids.processes[slug]
    }

    fn item_id(&self, process: &str, slug: &str) -> i64 {
        self.ids.items[process][slug]
    }

    /// Writes items, then their parents (a parent may be declared after its child).
    async fn items(&mut self, items: &[AgendaItem]) -> Result<()> {
        if items.is_empty() {
            return Ok(());
        }
        let held = |i: &&AgendaItem| {
            (self.ids.items.get(&i.process)).is_some_and(|held| held.contains_key(&i.slug))
        };
        if let Some(i) = items.iter().find(held) {
            self.refuse_existing("agenda item", &i.slug)?;
        }
        let rows = json_rows(
            last_of_each(items, |i| (i.process.clone(), i.slug.clone())).map(|i| {
                serde_json::json!([self.process_id(&i.process), i.slug, i.title, i.description])
            }),
        );
        let updated = sqlx::query!(
            r#"UPDATE agenda_item SET title = i.value ->> 2, description = i.value ->> 3, recorded_at = ?2
               FROM json_each(?1) AS i
               WHERE agenda_item.process_id = i.value ->> 0 AND agenda_item.slug = i.value ->> 1
                 AND (title IS NOT i.value ->> 2 OR description IS NOT i.value ->> 3)
               RETURNING agenda_item_id AS "agenda_item_id!", slug AS "slug!: String",
                   (SELECT slug FROM process WHERE process.process_id = agenda_item.process_id) AS "process!: String""#,
            rows,
            self.at
        )
        .fetch_all(&mut *self.conn)
        .await?;
        let inserted = sqlx::query!(
            r#"INSERT INTO agenda_item (process_id, slug, title, description, recorded_at)
               SELECT value ->> 0, value ->> 1, value ->> 2, value ->> 3, ?2 FROM json_each(?1)
               WHERE NOT EXISTS (SELECT 1 FROM agenda_item WHERE process_id = value ->> 0 AND slug = value ->> 1)
               RETURNING agenda_item_id AS "agenda_item_id!", slug AS "slug!: String",
                   (SELECT slug FROM process WHERE process.process_id = agenda_item.process_id) AS "process!: String""#,
            rows,
            self.at
        )
        .fetch_all(&mut *self.conn)
        .await?;
        let written = updated
            .into_iter()
            .map(|r| (r.agenda_item_id, r.slug, r.process))
            .chain(
                inserted
                    .into_iter()
                    .map(|r| (r.agenda_item_id, r.slug, r.process)),
            );
        for (agenda_item_id, slug, process) in written {
            self.ids.items_written.insert(agenda_item_id);
            self.ids
                .items
                .entry(process)
                .or_default()
                .insert(slug, agenda_item_id);
        }
        self.check_item_cycles(items).await?;
        let parents = json_rows(items.iter().map(|i| {
            let parent = i.parent.as_ref().map(|p| self.item_id(&i.process, p));
            serde_json::json!([self.item_id(&i.process, &i.slug), parent])
        }));
        let reparented = sqlx::query_scalar!(
            r#"UPDATE agenda_item SET parent_agenda_item_id = p.value ->> 1, recorded_at = ?2
               FROM json_each(?1) AS p
               WHERE agenda_item_id = p.value ->> 0 AND parent_agenda_item_id IS NOT p.value ->> 1
               RETURNING agenda_item_id AS "agenda_item_id!""#,
            parents,
            self.at
        )
        .fetch_all(&mut *self.conn)
        .await?;
        self.ids.items_written.extend(reparented);
        Ok(())
    }

    /// Refuses parents that would make an item its own ancestor. The files were
    /// checked against the items as they stood then; another import may have added
    /// the other half of a cycle since. Checked again here, under the write lock.
    async fn check_item_cycles(&mut self, items: &[AgendaItem]) -> Result<()> {
        if items.iter().all(|i| i.parent.is_none()) {
            return Ok(());
        }
        let mut parents: HashMap<String, HashMap<String, String>> = HashMap::new();
        for link in sqlx::query!(
            r#"SELECT p.slug AS process, i.slug, parent.slug AS "parent!: String"
               FROM agenda_item i
               JOIN process p ON p.process_id = i.process_id
               JOIN agenda_item parent ON parent.agenda_item_id = i.parent_agenda_item_id"#
        )
        .fetch_all(&mut *self.conn)
        .await?
        {
            parents
                .entry(link.process)
                .or_default()
                .insert(link.slug, link.parent);
        }
        for item in items {
            let links = parents.entry(item.process.clone()).or_default();
            match &item.parent {
                Some(parent) => links.insert(item.slug.clone(), parent.clone()),
                None => links.remove(&item.slug),
            };
        }
        for item in items.iter().filter(|i| i.parent.is_some()) {
            let links = &parents[&item.process];
            if let Some(chain) =
                ancestry_cycle(&item.slug, |slug| links.get(slug).map(String::as_str))
            {
                return Err(Error::Constraint(format!(
                    "agenda item '{}' would be its own ancestor: {}; another import changed the items \
                     after this one was checked, so nothing was written",
                    item.slug,
                    chain.join(" → ")
                )));
            }
        }
        Ok(())
    }

    /// Writes what a file or command gives a round the database holds: the details it
    /// changes (read and merged here, under the lock), then its claims.
    async fn round(&mut self, r: &Round, round_id: i64) -> Result<()> {
        let held = RoundColumns::read(&mut *self.conn, round_id).await?;
        let (new, fields) = held.updated_by(r)?;
        if !fields.is_empty() {
            sqlx::query!(
                "UPDATE round SET title = ?2, start_date = ?3, end_date = ?4, location = ?5, format = ?6,
                     level = ?7, state = ?8, tone = ?9, summary = ?10, recorded_at = ?11
                 WHERE round_id = ?1",
                round_id,
                new.title,
                new.start_date,
                new.end_date,
                new.location,
                new.format,
                new.level,
                new.state,
                new.tone,
                new.summary,
                self.at
            )
            .execute(&mut *self.conn)
            .await?;
            self.changes.rounds += 1;
            self.changes.round_edits.push(RoundEdit {
                round: r.slug.clone(),
                fields,
            });
        }

        for c in &r.sources {
            let source_id = self.ids.sources[&c.source];
            let credibility = c.credibility.map(|g| g.grade());
            let updated = sqlx::query!(
                "UPDATE citation SET credibility = ?2
                 WHERE round_id = ?3 AND source_id = ?1 AND credibility IS NOT ?2",
                source_id,
                credibility,
                round_id
            )
            .execute(&mut *self.conn)
            .await?;
            let inserted = sqlx::query!(
                "INSERT INTO citation (source_id, credibility, round_id) SELECT ?1, ?2, ?3
                 WHERE NOT EXISTS (SELECT 1 FROM citation WHERE round_id = ?3 AND source_id = ?1)",
                source_id,
                credibility,
                round_id
            )
            .execute(&mut *self.conn)
            .await?;
            self.changes.citations += updated.rows_affected() + inserted.rows_affected();
        }

        for p in &r.participants {
            let party_id = self.ids.parties[&p.party];
            let role = p.role.as_str();
            let updated = sqlx::query!(
                "UPDATE round_party SET role = ?3, note = ?4, recorded_at = ?5
                 WHERE round_id = ?1 AND party_id = ?2 AND (role IS NOT ?3 OR note IS NOT ?4)",
                round_id,
                party_id,
                role,
                p.note,
                self.at
            )
            .execute(&mut *self.conn)
            .await?;
            let inserted = sqlx::query!(
                "INSERT INTO round_party (round_id, party_id, role, note, recorded_at) SELECT ?1, ?2, ?3, ?4, ?5
                 WHERE NOT EXISTS (SELECT 1 FROM round_party WHERE round_id = ?1 AND party_id = ?2)",
                round_id,
                party_id,
                role,
                p.note,
                self.at
            )
            .execute(&mut *self.conn)
            .await?;
            self.changes.participants += updated.rows_affected() + inserted.rows_affected();
        }

        self.statuses(r, round_id).await?;
        self.positions(r, round_id).await?;
        self.commitments(r, round_id).await?;
        self.quotes(r, round_id).await?;
        self.notes(r, round_id).await?;
        Ok(())
    }

    /// Statuses at a round the database holds: a claim that differs from the record
    /// in force corrects it, completed from it where the claim leaves parts out.
    async fn statuses(&mut self, r: &Round, round_id: i64) -> Result<()> {
        if r.statuses.is_empty() {
            return Ok(());
        }
        let held = self.held_statuses(round_id).await?;
        for s in &r.statuses {
            let item_id = self.item_id(&r.process, &s.item);
            let status = s.status.as_str();
            let held = held.get(&item_id);
            let claim = Completed::from(held, &s.note, &s.confidence, &s.sources);
            if held.is_some_and(|h| h.says(status, &claim)) {
                continue;
            }
            let supersedes = held.map(|h| h.id);
            let confidence = claim.confidence.map(|c| c.grade());
            let id = sqlx::query_scalar!(
                r#"INSERT INTO status_record (agenda_item_id, round_id, status, note, confidence,
                     supersedes_status_record_id, recorded_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
                 RETURNING status_record_id AS "id!""#,
                item_id,
                round_id,
                status,
                claim.note,
                confidence,
                supersedes,
                self.at
            )
            .fetch_one(&mut *self.conn)
            .await?;
            match held {
                Some(h) => {
                    self.changes.status_corrections += 1;
                    self.changes.corrections.push(Correction {
                        round: r.slug.clone(),
                        item: s.item.clone(),
                        party: None,
                        was: h.value.clone(),
                        now: status.to_owned(),
                        kept: claim.kept,
                    });
                }
                None => self.changes.statuses += 1,
            }
            self.cite(Cited::StatusRecord, id, &claim.citations).await?;
        }
        Ok(())
    }

    /// The status records in force at a round, by item id, with their citations.
    async fn held_statuses(&mut self, round_id: i64) -> Result<HashMap<i64, HeldClaim>> {
        let rows = sqlx::query!(
            r#"SELECT sr.status_record_id AS "id!", sr.agenda_item_id, sr.status, sr.note, sr.confidence,
                      s.slug AS "source?", c.credibility
               FROM status_record sr
               LEFT JOIN citation c ON c.status_record_id = sr.status_record_id
               LEFT JOIN source s ON s.source_id = c.source_id
               WHERE sr.round_id = ?1
                 AND NOT EXISTS (SELECT 1 FROM status_record n
                                 WHERE n.supersedes_status_record_id = sr.status_record_id)
               ORDER BY sr.status_record_id, c.citation_id"#,
            round_id
        )
        .fetch_all(&mut *self.conn)
        .await?;
        let mut held: HashMap<i64, HeldClaim> = HashMap::new();
        for row in rows {
            let claim = match held.entry(row.agenda_item_id) {
                Entry::Occupied(claim) => claim.into_mut(),
                Entry::Vacant(claim) => claim.insert(HeldClaim {
                    id: row.id,
                    value: row.status,
                    note: row.note,
                    confidence: held_grade(row.confidence)?,
                    citations: Vec::new(),
                }),
            };
            if let Some(source) = row.source {
                claim
                    .citations
                    .push(held_citation(source, row.credibility)?);
            }
        }
        Ok(held)
    }

    /// Stances at a round the database holds, as [`Writer::statuses`] writes statuses.
    async fn positions(&mut self, r: &Round, round_id: i64) -> Result<()> {
        if r.positions.is_empty() {
            return Ok(());
        }
        let held = self.held_positions(round_id).await?;
        for p in &r.positions {
            let party_id = self.ids.parties[&p.party];
            let item_id = self.item_id(&r.process, &p.item);
            let stance = p.stance.as_str();
            let held = held.get(&(party_id, item_id));
            let claim = Completed::from(held, &p.note, &Update::Keep, &p.sources);
            if held.is_some_and(|h| h.says(stance, &claim)) {
                continue;
            }
            let supersedes = held.map(|h| h.id);
            let id = sqlx::query_scalar!(
                r#"INSERT INTO position (party_id, agenda_item_id, round_id, stance, note,
                     supersedes_position_id, recorded_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
                 RETURNING position_id AS "id!""#,
                party_id,
                item_id,
                round_id,
                stance,
                claim.note,
                supersedes,
                self.at
            )
            .fetch_one(&mut *self.conn)
            .await?;
            match held {
                Some(h) => {
                    self.changes.position_corrections += 1;
                    self.changes.corrections.push(Correction {
                        round: r.slug.clone(),
                        item: p.item.clone(),
                        party: Some(p.party.clone()),
                        was: h.value.clone(),
                        now: stance.to_owned(),
                        kept: claim.kept,
                    });
                }
                None => self.changes.positions += 1,
            }
            self.cite(Cited::Position, id, &claim.citations).await?;
        }
        Ok(())
    }

    /// The positions in force at a round, by (party id, item id).
    async fn held_positions(&mut self, round_id: i64) -> Result<HashMap<(i64, i64), HeldClaim>> {
        let rows = sqlx::query!(
            r#"SELECT p.position_id AS "id!", p.party_id, p.agenda_item_id, p.stance, p.note,
                      s.slug AS "source?", c.credibility
               FROM position p
               LEFT JOIN citation c ON c.position_id = p.position_id
               LEFT JOIN source s ON s.source_id = c.source_id
               WHERE p.round_id = ?1
                 AND NOT EXISTS (SELECT 1 FROM position n WHERE n.supersedes_position_id = p.position_id)
               ORDER BY p.position_id, c.citation_id"#,
            round_id
        )
        .fetch_all(&mut *self.conn)
        .await?;
        let mut held: HashMap<(i64, i64), HeldClaim> = HashMap::new();
        for row in rows {
            let key = (row.party_id, row.agenda_item_id);
            let claim = held.entry(key).or_insert_with(|| HeldClaim {
                id: row.id,
                value: row.stance,
                note: row.note,
                confidence: None,
                citations: Vec::new(),
            });
            if let Some(source) = row.source {
                claim
                    .citations
                    .push(held_citation(source, row.credibility)?);
            }
        }
        Ok(held)
    }

    async fn commitments(&mut self, r: &Round, round_id: i64) -> Result<()> {
        for c in &r.commitments {
            let item_id = c.item.as_ref().map(|i| self.item_id(&r.process, i));
            let kind = c.kind.as_str();
            let due = c.due_date.map(|d| d.to_string());
            let updated = sqlx::query!(
                "UPDATE commitment SET agenda_item_id = ?2, kind = ?4, description = ?5, due_date = ?6,
                     recorded_at = ?7
                 WHERE round_id = ?1 AND slug = ?3
                   AND (agenda_item_id IS NOT ?2 OR kind IS NOT ?4 OR description IS NOT ?5 OR due_date IS NOT ?6)",
                round_id,
                item_id,
                c.slug,
                kind,
                c.description,
                due,
                self.at
            )
            .execute(&mut *self.conn)
            .await?;
            let inserted = sqlx::query!(
                "INSERT INTO commitment (round_id, agenda_item_id, slug, kind, description, due_date, recorded_at)
                 SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7
                 WHERE NOT EXISTS (SELECT 1 FROM commitment WHERE round_id = ?1 AND slug = ?3)",
                round_id,
                item_id,
                c.slug,
                kind,
                c.description,
                due,
                self.at
            )
            .execute(&mut *self.conn)
            .await?;
            if updated.rows_affected() + inserted.rows_affected() > 0 {
                self.changes.commitments += 1;
            }
            let id = sqlx::query_scalar!(
                "SELECT commitment_id FROM commitment WHERE round_id = ?1 AND slug = ?2",
                round_id,
                c.slug
            )
            .fetch_one(&mut *self.conn)
            .await?;
            for party in &c.parties {
                let party_id = self.ids.parties[party];
                sqlx::query!(
                    "INSERT INTO commitment_party (commitment_id, party_id) SELECT ?1, ?2
                     WHERE NOT EXISTS (SELECT 1 FROM commitment_party WHERE commitment_id = ?1 AND party_id = ?2)",
                    id,
                    party_id
                )
                .execute(&mut *self.conn)
                .await?;
            }
            if let Some(fate) = c.fate {
                let fate = fate.as_str();
                // Appended only when it differs from the latest fate (no fate is 'open').
                let written = sqlx::query!(
                    "INSERT INTO commitment_fate (commitment_id, round_id, fate, note, recorded_at)
                     SELECT ?1, ?2, ?3, ?4, ?5
                     WHERE COALESCE((SELECT fate FROM commitment_fate WHERE commitment_id = ?1
                                     ORDER BY recorded_at DESC, commitment_fate_id DESC LIMIT 1), 'open') IS NOT ?3
                        OR (SELECT note FROM commitment_fate WHERE commitment_id = ?1
                            ORDER BY recorded_at DESC, commitment_fate_id DESC LIMIT 1) IS NOT ?4 AND ?4 IS NOT NULL",
                    id,
                    round_id,
                    fate,
                    c.fate_note,
                    self.at
                )
                .execute(&mut *self.conn)
                .await?;
                self.changes.commitment_fates += written.rows_affected();
            }
            for s in &c.sources {
                let source_id = self.ids.sources[&s.source];
                let credibility = s.credibility.map(|g| g.grade());
                let updated = sqlx::query!(
                    "UPDATE citation SET credibility = ?2
                     WHERE commitment_id = ?3 AND source_id = ?1 AND credibility IS NOT ?2",
                    source_id,
                    credibility,
                    id
                )
                .execute(&mut *self.conn)
                .await?;
                let inserted = sqlx::query!(
                    "INSERT INTO citation (source_id, credibility, commitment_id) SELECT ?1, ?2, ?3
                     WHERE NOT EXISTS (SELECT 1 FROM citation WHERE commitment_id = ?3 AND source_id = ?1)",
                    source_id,
                    credibility,
                    id
                )
                .execute(&mut *self.conn)
                .await?;
                self.changes.citations += updated.rows_affected() + inserted.rows_affected();
            }
        }
        Ok(())
    }

    async fn quotes(&mut self, r: &Round, round_id: i64) -> Result<()> {
        for q in &r.quotes {
            let party_id = q.party.as_ref().map(|p| self.ids.parties[p]);
            let item_id = q.item.as_ref().map(|i| self.item_id(&r.process, i));
            let id = sqlx::query_scalar!(
                r#"INSERT INTO quote (round_id, party_id, agenda_item_id, speaker_name, speaker_description, text, recorded_at)
                 SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7
                 WHERE NOT EXISTS (SELECT 1 FROM quote WHERE round_id = ?1 AND text = ?6
                                   AND speaker_name IS ?4 AND speaker_description IS ?5)
                 RETURNING quote_id AS "id!""#,
                round_id,
                party_id,
                item_id,
                q.speaker_name,
                q.speaker_description,
                q.text,
                self.at
            )
            .fetch_optional(&mut *self.conn)
            .await?;
            if let Some(id) = id {
                self.changes.quotes += 1;
                self.cite(Cited::Quote, id, &q.sources).await?;
            }
        }
        Ok(())
    }

    async fn notes(&mut self, r: &Round, round_id: i64) -> Result<()> {
        for n in &r.notes {
            let kind = n.kind.as_str();
            let id = sqlx::query_scalar!(
                r#"INSERT INTO round_note (round_id, kind, body, recorded_at)
                 SELECT ?1, ?2, ?3, ?4
                 WHERE NOT EXISTS (SELECT 1 FROM round_note WHERE round_id = ?1 AND kind = ?2 AND body = ?3)
                 RETURNING round_note_id AS "id!""#,
                round_id,
                kind,
                n.body,
                self.at
            )
            .fetch_optional(&mut *self.conn)
            .await?;
            if let Some(id) = id {
                self.changes.notes += 1;
                self.cite(Cited::RoundNote, id, &n.sources).await?;
            }
        }
        Ok(())
    }
}

/// Rows per multi-row INSERT (fewer when the columns would pass SQLite's parameter
/// limit): enough to spread the cost of a statement, and of its statement journal,
/// thin.
const ROWS_PER_STATEMENT: usize = 4000;
/// SQLite's limit on bound parameters in one statement.
const MAX_PARAMETERS: usize = 32_766;
/// Staged rows that set off a write, so that progress shows and memory stays bounded.
const FLUSH_ROWS: usize = 50_000;

/// The claim a citation supports, by its column in `citation`.
#[derive(Clone, Copy)]
enum Cited {
    Round,
    StatusRecord,
    Position,
    Commitment,
    Quote,
    RoundNote,
}

impl Cited {
    const ALL: [Cited; 6] = [
        Cited::Round,
        Cited::StatusRecord,
        Cited::Position,
        Cited::Commitment,
        Cited::Quote,
        Cited::RoundNote,
    ];

    /// The column of `citation` that names this kind of claim.
    fn column(self) -> &'static str {
        match self {
            Cited::Round => "round_id",
            Cited::StatusRecord => "status_record_id",
            Cited::Position => "position_id",
            Cited::Commitment => "commitment_id",
            Cited::Quote => "quote_id",
            Cited::RoundNote => "round_note_id",
        }
    }
}

/// The next free row ids, read once the write lock is held (`BEGIN IMMEDIATE`), so
/// that staged rows can refer to one another before they are written, and so that
/// ids follow the order of the files however the rows are batched.
#[derive(Clone, Copy)]
struct NextIds {
    round: i64,
    status_record: i64,
    position: i64,
    commitment: i64,
    quote: i64,
    round_note: i64,
    citation: i64,
}

fn take(id: &mut i64) -> i64 {
    let taken = *id;
    *id += 1;
    taken
}

/// (quote id, round id, party id, item id, quote)
type QuoteRow<'r> = (i64, i64, Option<i64>, Option<i64>, &'r Quote);

/// A round new to the database, staged with the row ids of everything in it.
struct StagedRound {
    id: i64,
    process_id: i64,
    /// The round's title and state, which a new round must have.
    title: String,
    state: RoundState,
    round: Round,
    /// The party id of each participant.
    participants: Vec<i64>,
    /// (status record id, item id) of each status.
    statuses: Vec<(i64, i64)>,
    /// (position id, party id, item id) of each position.
    positions: Vec<(i64, i64, i64)>,
    /// (commitment id, item id) of each commitment.
    commitments: Vec<(i64, Option<i64>)>,
    /// (index in the round's quotes, quote id, party id, item id) of each quote to
    /// write: a quote repeated within the round is written once.
    quotes: Vec<(usize, i64, Option<i64>, Option<i64>)>,
    /// (index in the round's notes, note id), likewise.
    notes: Vec<(usize, i64)>,
}

/// (citation id, source id, credibility, claim id)
type CitationRow = (i64, i64, Option<i64>, i64);

/// Rounds new to the database, staged to be written together.
#[derive(Default)]
struct Batch {
    /// Staged rows in all.
    rows: usize,
    /// Staged status records.
    statuses: usize,
    next: Option<NextIds>,
    rounds: Vec<StagedRound>,
    /// By the kind of claim (`Cited as usize`).
    citations: [Vec<CitationRow>; 6],
}

/// A claim's citations as given; none when it gives none.
fn given(sources: &Update<Vec<Citation>>) -> &[Citation] {
    sources.given().map_or(&[], Vec::as_slice)
}

/// Each record once, where it last appears (a later declaration wins), in the order
/// of those last appearances.
fn last_of_each<T, K: Eq + std::hash::Hash>(
    records: &[T],
    key: impl Fn(&T) -> K,
) -> impl Iterator<Item = &T> {
    let last: HashMap<K, usize> = records
        .iter()
        .enumerate()
        .map(|(i, r)| (key(r), i))
        .collect();
    records
        .iter()
        .enumerate()
        .filter(move |(i, r)| last[&key(r)] == *i)
        .map(|(_, r)| r)
}

/// Rows as one JSON array of arrays, for a statement that reads them with `json_each`.
fn json_rows(rows: impl Iterator<Item = serde_json::Value>) -> String {
    serde_json::Value::Array(rows.collect()).to_string()
}

/// Writes rows with multi-row INSERTs of at most [`ROWS_PER_STATEMENT`] rows.
async fn insert_rows<T>(
    conn: &mut SqliteConnection,
    head: &str,
    columns: usize,
    rows: &[T],
    mut push: impl FnMut(&mut Separated<'_, Sqlite, &'static str>, &T),
) -> Result<()> {
    let per_statement = ROWS_PER_STATEMENT.min(MAX_PARAMETERS / columns);
    let mut build = |chunk: &[T]| {
        let mut builder = QueryBuilder::<Sqlite>::new(head);
        builder.push_values(chunk, |mut b, row| push(&mut b, row));
        builder
    };
    let mut chunks = rows.chunks(per_statement);
    let Some(first) = chunks.next() else {
        return Ok(());
    };
    let mut builder = build(first);
    loop {
        let chunk = chunks.next();
        // sqlx runs the statement on SQLite's own thread: bind the next one meanwhile.
        let (written, next) = tokio::join!(builder.build().execute(&mut *conn), async {
            chunk.map(&mut build)
        });
        written?;
        match next {
            Some(next) => builder = next,
            None => return Ok(()),
        }
    }
}

impl Writer<'_> {
    async fn next_ids(&mut self) -> Result<NextIds> {
        let row = sqlx::query!(
            r#"SELECT (SELECT COALESCE(MAX(round_id), 0) FROM round) + 1 AS "round!: i64",
                      (SELECT COALESCE(MAX(status_record_id), 0) FROM status_record) + 1 AS "status_record!: i64",
                      (SELECT COALESCE(MAX(position_id), 0) FROM position) + 1 AS "position!: i64",
                      (SELECT COALESCE(MAX(commitment_id), 0) FROM commitment) + 1 AS "commitment!: i64",
                      (SELECT COALESCE(MAX(quote_id), 0) FROM quote) + 1 AS "quote!: i64",
                      (SELECT COALESCE(MAX(round_note_id), 0) FROM round_note) + 1 AS "round_note!: i64",
                      (SELECT COALESCE(MAX(citation_id), 0) FROM citation) + 1 AS "citation!: i64""#
        )
        .fetch_one(&mut *self.conn)
        .await?;
        Ok(NextIds {
            round: row.round,
            status_record: row.status_record,
            position: row.position,
            commitment: row.commitment,
            quote: row.quote,
            round_note: row.round_note,
            citation: row.citation,
        })
    }

    /// Writes one claim's citations in one statement (the row-by-row path).
    async fn cite(&mut self, cited: Cited, claim: i64, citations: &[Citation]) -> Result<()> {
        let rows: Vec<(i64, Option<i64>, i64)> = citations
            .iter()
            .map(|c| {
                (
                    self.ids.sources[&c.source],
                    c.credibility.map(|g| g.grade()),
                    claim,
                )
            })
            .collect();
        insert_rows(
            &mut *self.conn,
            &format!(
                "INSERT INTO citation (source_id, credibility, {}) ",
                cited.column()
            ),
            3,
            &rows,
            |b, (source_id, credibility, claim)| {
                b.push_bind(*source_id)
                    .push_bind(*credibility)
                    .push_bind(*claim);
            },
        )
        .await?;
        self.changes.citations += rows.len() as u64;
        Ok(())
    }

    fn stage_citations(
        &mut self,
        next: &mut NextIds,
        cited: Cited,
        claim: i64,
        citations: &[Citation],
    ) {
        for c in citations {
            let source_id = self.ids.sources[&c.source];
            self.batch.citations[cited as usize].push((
                take(&mut next.citation),
                source_id,
                c.credibility.map(|g| g.grade()),
                claim,
            ));
        }
        self.changes.citations += citations.len() as u64;
        self.batch.rows += citations.len();
    }

    /// Stages a round the database does not hold yet, with everything in it. Being
    /// new, it has nothing to compare with: every claim is written as it is, except
    /// a quote or note repeated within the round, which is written once (as the
    /// row-by-row path does).
    async fn stage_round(&mut self, mut r: Round) -> Result<()> {
        // Validation asked a round it did not know for these; one it knew, and that is
        // gone now (other clients can delete), arrives here without them.
        let (Some(title), Some(state)) = (r.title.take(), r.state) else {
            return Err(Error::Conflict(format!(
                "round '{}' is not in the database, so it needs a title and a state",
                r.slug
            )));
        };
        check_round_dates(
            r.start_date.given().copied(),
            r.end_date.given().copied(),
            state,
        )
        .map_err(|p| Error::Conflict(format!("round '{}': {}: {}", r.slug, p.field, p.message)))?;
        let mut next = match self.batch.next {
            Some(next) => next,
            None => self.next_ids().await?,
        };
        let process_id = self.process_id(&r.process);
        let round_id = take(&mut next.round);
        self.ids
            .rounds
            .insert((process_id, r.slug.clone()), round_id);
        self.changes.rounds += 1;
        self.stage_citations(&mut next, Cited::Round, round_id, &r.sources);

        let participants = r
            .participants
            .iter()
            .map(|p| self.ids.parties[&p.party])
            .collect();
        self.changes.participants += r.participants.len() as u64;

        let mut statuses = Vec::with_capacity(r.statuses.len());
        for s in &r.statuses {
            let id = take(&mut next.status_record);
            statuses.push((id, self.item_id(&r.process, &s.item)));
            self.stage_citations(&mut next, Cited::StatusRecord, id, given(&s.sources));
        }
        self.changes.statuses += r.statuses.len() as u64;

        let mut positions = Vec::with_capacity(r.positions.len());
        for p in &r.positions {
            let id = take(&mut next.position);
            let party_id = self.ids.parties[&p.party];
            positions.push((id, party_id, self.item_id(&r.process, &p.item)));
            self.stage_citations(&mut next, Cited::Position, id, given(&p.sources));
        }
        self.changes.positions += r.positions.len() as u64;

        let mut commitments = Vec::with_capacity(r.commitments.len());
        for c in &r.commitments {
            let id = take(&mut next.commitment);
            commitments.push((id, c.item.as_ref().map(|i| self.item_id(&r.process, i))));
            self.stage_citations(&mut next, Cited::Commitment, id, &c.sources);
        }
        self.changes.commitments += r.commitments.len() as u64;

        let mut quotes = Vec::new();
        for (i, q) in r.quotes.iter().enumerate() {
            let repeated = r.quotes[..i].iter().any(|o| {
                o.text == q.text
                    && o.speaker_name == q.speaker_name
                    && o.speaker_description == q.speaker_description
            });
            if repeated {
                continue;
            }
            let id = take(&mut next.quote);
            let party_id = q.party.as_ref().map(|p| self.ids.parties[p]);
            let item_id = q.item.as_ref().map(|i| self.item_id(&r.process, i));
            quotes.push((i, id, party_id, item_id));
            self.stage_citations(&mut next, Cited::Quote, id, &q.sources);
        }
        self.changes.quotes += quotes.len() as u64;

        let mut notes = Vec::new();
        for (i, n) in r.notes.iter().enumerate() {
            let repeated = r.notes[..i]
                .iter()
                .any(|o| o.kind == n.kind && o.body == n.body);
            if repeated {
                continue;
            }
            let id = take(&mut next.round_note);
            notes.push((i, id));
            self.stage_citations(&mut next, Cited::RoundNote, id, &n.sources);
        }
        self.changes.notes += notes.len() as u64;

        let commitment_rows: usize = r.commitments.iter().map(|c| 2 + c.parties.len()).sum();
        self.batch.rows += 1
            + r.participants.len()
            + r.statuses.len()
            + r.positions.len()
            + commitment_rows
            + quotes.len()
            + notes.len();
        self.batch.statuses += r.statuses.len();
        self.batch.next = Some(next);
        self.batch.rounds.push(StagedRound {
            id: round_id,
            process_id,
            title,
            state,
            round: r,
            participants,
            statuses,
            positions,
            commitments,
            quotes,
            notes,
        });
        Ok(())
    }

    /// Writes every staged row: claims after their rounds, citations after their
    /// claims, so that every foreign key holds as each statement runs.
    async fn flush(&mut self) -> Result<()> {
        if self.batch.rounds.is_empty() {
            return Ok(());
        }
        if let Bulk::Undecided = self.bulk {
            // A full batch means more to come; otherwise count what there is.
            let statuses = self.batch.statuses.max(self.expected_statuses);
            let large = statuses >= BULK_STATUSES || self.batch.rows >= FLUSH_ROWS;
            self.bulk = match large {
                true => DeferredUpkeep::begin(&mut *self.conn)
                    .await?
                    .map_or(Bulk::Declined, Bulk::Loading),
                false => Bulk::Declined,
            };
        }
        let batch = std::mem::take(&mut self.batch);
        let staged = &batch.rounds;
        let participants: Vec<(i64, i64, &Participant)> = staged
            .iter()
            .flat_map(|s| {
                let rows = s.round.participants.iter().zip(&s.participants);
                rows.map(|(p, party_id)| (s.id, *party_id, p))
            })
            .collect();
        let statuses: Vec<(i64, i64, i64, &StatusClaim)> = staged
            .iter()
            .flat_map(|s| {
                let rows = s.round.statuses.iter().zip(&s.statuses);
                rows.map(|(claim, (id, item_id))| (*id, *item_id, s.id, claim))
            })
            .collect();
        let positions: Vec<(i64, i64, i64, i64, &PositionClaim)> = staged
            .iter()
            .flat_map(|s| {
                let rows = s.round.positions.iter().zip(&s.positions);
                rows.map(|(claim, (id, party_id, item_id))| (*id, *party_id, *item_id, s.id, claim))
            })
            .collect();
        let quotes: Vec<QuoteRow> = staged
            .iter()
            .flat_map(|s| {
                s.quotes.iter().map(|(i, id, party_id, item_id)| {
                    (*id, s.id, *party_id, *item_id, &s.round.quotes[*i])
                })
            })
            .collect();
        let notes: Vec<(i64, i64, &RoundNote)> = staged
            .iter()
            .flat_map(|s| {
                s.notes
                    .iter()
                    .map(|(i, id)| (*id, s.id, &s.round.notes[*i]))
            })
            .collect();
        let commitments: Vec<(i64, i64, Option<i64>, &Commitment)> = staged
            .iter()
            .flat_map(|s| {
                let rows = s.round.commitments.iter().zip(&s.commitments);
                rows.map(|(c, (id, item_id))| (*id, s.id, *item_id, c))
            })
            .collect();
        let commitment_parties: Vec<(i64, i64)> = commitments
            .iter()
            .flat_map(|(id, _, _, c)| c.parties.iter().map(|p| (*id, self.ids.parties[p])))
            .collect();
        // A new commitment's history starts 'open': a fate is recorded if it says more.
        let fates: Vec<(i64, i64, Fate, Option<&str>)> = commitments
            .iter()
            .filter_map(|(id, round_id, _, c)| {
                let fate = c.fate?;
                (fate != Fate::Open || c.fate_note.is_some()).then_some((
                    *id,
                    *round_id,
                    fate,
                    c.fate_note.as_deref(),
                ))
            })
            .collect();
        self.changes.commitment_fates += fates.len() as u64;
        let at = self.at.as_str();
        let conn = &mut *self.conn;
        insert_rows(
            conn,
            "INSERT INTO round (round_id, process_id, slug, title, start_date, end_date, location, \
             format, level, state, tone, summary, recorded_at) ",
            13,
            staged,
            |b, s| {
                let r = &s.round;
                b.push_bind(s.id)
                    .push_bind(s.process_id)
                    .push_bind(r.slug.as_str())
                    .push_bind(s.title.as_str())
                    .push_bind(r.start_date.given().map(|d| d.to_string()))
                    .push_bind(r.end_date.given().map(|d| d.to_string()))
                    .push_bind(r.location.given().map(String::as_str))
                    .push_bind(r.format.given().map(|f| f.as_str()))
                    .push_bind(r.level.given().map(|l| l.as_str()))
                    .push_bind(s.state.as_str())
                    .push_bind(r.tone.given().map(String::as_str))
                    .push_bind(r.summary.given().map(String::as_str))
                    .push_bind(at);
            },
        )
        .await?;
        insert_rows(
            conn,
            "INSERT INTO round_party (round_id, party_id, role, note, recorded_at) ",
            5,
            &participants,
            |b, (round_id, party_id, p)| {
                b.push_bind(*round_id)
                    .push_bind(*party_id)
                    .push_bind(p.role.as_str())
                    .push_bind(p.note.as_deref())
                    .push_bind(at);
            },
        )
        .await?;
        insert_rows(
            conn,
            "INSERT INTO status_record (status_record_id, agenda_item_id, round_id, status, note, \
             confidence, recorded_at) ",
            7,
            &statuses,
            |b, (id, item_id, round_id, s)| {
                b.push_bind(*id)
                    .push_bind(*item_id)
                    .push_bind(*round_id)
                    .push_bind(s.status.as_str())
                    .push_bind(s.note.given().map(String::as_str))
                    .push_bind(s.confidence.given().map(|c| c.grade()))
                    .push_bind(at);
            },
        )
        .await?;
        insert_rows(
            conn,
            "INSERT INTO position (position_id, party_id, agenda_item_id, round_id, stance, note, \
             recorded_at) ",
            7,
            &positions,
            |b, (id, party_id, item_id, round_id, p)| {
                b.push_bind(*id)
                    .push_bind(*party_id)
                    .push_bind(*item_id)
                    .push_bind(*round_id)
                    .push_bind(p.stance.as_str())
                    .push_bind(p.note.given().map(String::as_str))
                    .push_bind(at);
            },
        )
        .await?;
        insert_rows(
            conn,
            "INSERT INTO commitment (commitment_id, round_id, agenda_item_id, slug, kind, \
             description, due_date, recorded_at) ",
            8,
            &commitments,
            |b, (id, round_id, item_id, c)| {
                b.push_bind(*id)
                    .push_bind(*round_id)
                    .push_bind(*item_id)
                    .push_bind(c.slug.as_str())
                    .push_bind(c.kind.as_str())
                    .push_bind(c.description.as_str())
                    .push_bind(c.due_date.map(|d| d.to_string()))
                    .push_bind(at);
            },
        )
        .await?;
        insert_rows(
            conn,
            "INSERT INTO commitment_party (commitment_id, party_id) ",
            2,
            &commitment_parties,
            |b, (id, party_id)| {
                b.push_bind(*id).push_bind(*party_id);
            },
        )
        .await?;
        insert_rows(
            conn,
            "INSERT INTO commitment_fate (commitment_id, round_id, fate, note, recorded_at) ",
            5,
            &fates,
            |b, (id, round_id, fate, note)| {
                b.push_bind(*id)
                    .push_bind(*round_id)
                    .push_bind(fate.as_str())
                    .push_bind(*note)
                    .push_bind(at);
            },
        )
        .await?;
        insert_rows(
            conn,
            "INSERT INTO quote (quote_id, round_id, party_id, agenda_item_id, speaker_name, \
             speaker_description, text, recorded_at) ",
            8,
            &quotes,
            |b, (id, round_id, party_id, item_id, q)| {
                b.push_bind(*id)
                    .push_bind(*round_id)
                    .push_bind(*party_id)
                    .push_bind(*item_id)
                    .push_bind(q.speaker_name.as_deref())
                    .push_bind(q.speaker_description.as_deref())
                    .push_bind(q.text.as_str())
                    .push_bind(at);
            },
        )
        .await?;
        insert_rows(
            conn,
            "INSERT INTO round_note (round_note_id, round_id, kind, body, recorded_at) ",
            5,
            &notes,
            |b, (id, round_id, n)| {
                b.push_bind(*id)
                    .push_bind(*round_id)
                    .push_bind(n.kind.as_str())
                    .push_bind(n.body.as_str())
                    .push_bind(at);
            },
        )
        .await?;
        for cited in Cited::ALL {
            insert_rows(
                conn,
                &format!(
                    "INSERT INTO citation (citation_id, source_id, credibility, {}) ",
                    cited.column()
                ),
                4,
                &batch.citations[cited as usize],
                |b, (id, source_id, credibility, claim)| {
                    b.push_bind(*id)
                        .push_bind(*source_id)
                        .push_bind(*credibility)
                        .push_bind(*claim);
                },
            )
            .await?;
        }
        Ok(())
    }
}
