//! Editing a source, a party or an agenda item in place: one path for every kind,
//! where what differs is data ([`EditKind`]: the table's fields and what else an edit
//! of it does; [`EditStatements`]: the statements that read and write its row, once
//! per backend, the PostgreSQL ones in `parley-postgres`'s `edit.rs`). A round is edited through
//! the import's path instead (`parley round edit` writes what a round file naming the
//! round would).
//!
//! An edit runs in one `BEGIN IMMEDIATE` transaction and reads the record once the
//! lock is held, so that it changes only the fields given and never writes back a
//! value another writer changed meanwhile. The earlier version is kept by the table's
//! `<table>_update` trigger in its history table (as `round_update` keeps
//! `round_history`), so an UPDATE from another client is recorded the same way; the
//! write stamps the row with its instant, which becomes the old version's
//! `replaced_at`, and appends its `write_log` row.

use sqlx::{Connection, SqliteConnection};

use super::Database;
use super::import::write_log::WriteStamp;
use super::plan::{FieldEdit, RecordEdit};
use crate::clock;
use crate::domain::Instant;
use crate::domain::model::{FieldUpdates, Outlet};
use crate::error::{Error, Result};

/// The record an edit names: its slug, within a process for an agenda item.
#[derive(Debug, Clone, Copy)]
pub struct EditKey<'a> {
    pub process_id: Option<i64>,
    pub slug: &'a str,
}

/// What an edit of a party does besides its fields: aliases added and removed, and
/// whether a new name keeps the old one as an alias.
#[derive(Debug, Clone, Default)]
pub struct AliasEdit {
    pub add: Vec<String>,
    pub remove: Vec<String>,
    pub keep_old_name: bool,
}

/// The outlet a source's new `outlet` text names, resolved as `source add` resolves
/// it: the outlet's slug, how the text says the article was obtained, and the outlet
/// to create when none answered to the text.
#[derive(Debug, Clone)]
pub struct SourceOutlet {
    pub slug: String,
    pub obtained_via: Option<String>,
    pub new: Option<Outlet>,
}

/// A record as an edit reads it: its row id and its fields, in [`EditKind::FIELDS`]
/// order, as the columns hold them.
pub struct Held {
    pub id: i64,
    pub fields: Vec<Option<String>>,
}

/// One table an edit command changes, as far as it is not SQL: what an edit names and
/// may change. The transaction, the comparison, the write log and what is reported are
/// shared ([`Database::edit_record`], and the server's).
pub trait EditKind {
    /// The record as messages name it.
    const KIND: &'static str;
    /// The fields an edit may change, as their flags name them, in the order shown.
    const FIELDS: &'static [&'static str];
    /// What else an edit of this table may do.
    type Extra: Sync;
}

/// A backend's connection, as its edit statements take it.
pub trait EditBackend {
    type Conn;
}

/// The statements that read and write table `T`'s row on one backend, implemented by
/// the backend's marker type ([`OnFile`] here, `OnServer` in `parley-postgres`). What
/// they decide beyond SQL (which aliases go, which outlet a source names, whether a
/// parent was found) is shared: [`AliasPlan`], [`outlet_change`], [`parent_found`].
#[allow(async_fn_in_trait)]
pub trait EditStatements<T: EditKind>: EditBackend {
    async fn read(conn: &mut Self::Conn, key: EditKey<'_>) -> Result<Option<Held>>;

    /// Writes the row's fields as they will be, stamped `at`.
    async fn write(
        conn: &mut Self::Conn,
        key: EditKey<'_>,
        id: i64,
        fields: &[Option<String>],
        at: Instant,
    ) -> Result<()>;

    /// Does what `extra` asks, once the fields are written; says what changed.
    async fn write_extra(
        _conn: &mut Self::Conn,
        _id: i64,
        _old: &[Option<String>],
        _new: &[Option<String>],
        _extra: &T::Extra,
        _at: Instant,
    ) -> Result<Vec<FieldEdit>> {
        Ok(Vec::new())
    }
}

/// A backend with the edit statements of every table an edit command changes.
pub trait EditsEveryTable:
    EditStatements<Sources> + EditStatements<Parties> + EditStatements<Items>
{
}

impl<B> EditsEveryTable for B where
    B: EditStatements<Sources> + EditStatements<Parties> + EditStatements<Items>
{
}

/// A table an edit command changes: what `edit_record` takes on a file and on a
/// server alike. Its statements are the backend's ([`EditStatements`]), reached
/// through these methods, so that code generic over the table needs to know only that
/// the backend edits every table.
#[allow(async_fn_in_trait)]
pub trait EditTable: EditKind + Sized {
    async fn read<B: EditsEveryTable>(conn: &mut B::Conn, key: EditKey<'_>)
    -> Result<Option<Held>>;

    async fn write<B: EditsEveryTable>(
        conn: &mut B::Conn,
        key: EditKey<'_>,
        id: i64,
        fields: &[Option<String>],
        at: Instant,
    ) -> Result<()>;

    async fn write_extra<B: EditsEveryTable>(
        conn: &mut B::Conn,
        id: i64,
        old: &[Option<String>],
        new: &[Option<String>],
        extra: &Self::Extra,
        at: Instant,
    ) -> Result<Vec<FieldEdit>>;
}

/// Each table's [`EditTable`] methods, by the backend's statements for that table.
macro_rules! edit_tables {
    ($($table:ident),+) => {$(
        impl EditTable for $table {
            async fn read<B: EditsEveryTable>(
                conn: &mut B::Conn,
                key: EditKey<'_>,
            ) -> Result<Option<Held>> {
                <B as EditStatements<$table>>::read(conn, key).await
            }

            async fn write<B: EditsEveryTable>(
                conn: &mut B::Conn,
                key: EditKey<'_>,
                id: i64,
                fields: &[Option<String>],
                at: Instant,
            ) -> Result<()> {
                <B as EditStatements<$table>>::write(conn, key, id, fields, at).await
            }

            async fn write_extra<B: EditsEveryTable>(
                conn: &mut B::Conn,
                id: i64,
                old: &[Option<String>],
                new: &[Option<String>],
                extra: &Self::Extra,
                at: Instant,
            ) -> Result<Vec<FieldEdit>> {
                <B as EditStatements<$table>>::write_extra(conn, id, old, new, extra, at).await
            }
        }
    )+};
}

edit_tables!(Sources, Parties, Items);

/// The SQLite backend's edit statements.
pub struct OnFile;

impl EditBackend for OnFile {
    type Conn = SqliteConnection;
}

impl Database {
    /// Changes the fields `updates` names of the record `key` names, and does what
    /// `extra` asks, in one transaction; the earlier version is kept in the table's
    /// history. Writes nothing (and logs no write) when the record holds every value
    /// given already: the edit then has no fields.
    pub async fn edit_record<T: EditTable>(
        &self,
        command: &str,
        key: EditKey<'_>,
        updates: &FieldUpdates,
        extra: &T::Extra,
    ) -> Result<RecordEdit> {
        let mut conn = self.pool().acquire().await?;
        let mut tx = conn.begin_with("BEGIN IMMEDIATE").await?;
        let stamp = WriteStamp::take(&mut tx, clock::now()?).await?;
        let at = stamp.recorded_at;
        let held = T::read::<OnFile>(&mut tx, key)
            .await?
            .ok_or_else(|| not_held::<T>(key))?;
        let new = updated::<T>(&held.fields, updates);
        let mut fields = changed(T::FIELDS, &held.fields, &new);
        if !fields.is_empty() {
            T::write::<OnFile>(&mut tx, key, held.id, &new, at).await?;
        }
        fields.extend(
            T::write_extra::<OnFile>(&mut tx, held.id, &held.fields, &new, extra, at).await?,
        );
        let edit = record_edit::<T>(key, fields);
        if edit.fields.is_empty() {
            tx.rollback().await?;
            return Ok(edit);
        }
        stamp.log(&mut tx, command, &summary(&edit)).await?;
        tx.commit().await?;
        Ok(edit)
    }
}

/// The refusal of an edit naming a record the database does not hold.
pub fn not_held<T: EditKind>(key: EditKey<'_>) -> Error {
    Error::Conflict(format!("{} '{}' is not in the database", T::KIND, key.slug))
}

pub fn record_edit<T: EditKind>(key: EditKey<'_>, fields: Vec<FieldEdit>) -> RecordEdit {
    RecordEdit {
        kind: T::KIND,
        slug: key.slug.to_owned(),
        fields,
    }
}

/// What the write log says an edit wrote: the record and the fields it changed.
pub fn summary(edit: &RecordEdit) -> String {
    let mut fields: Vec<&str> = edit.fields.iter().map(|f| f.field).collect();
    fields.dedup();
    format!("{} {}: {}", edit.kind, edit.slug, fields.join(", "))
}

/// The fields once `updates` has changed them.
pub fn updated<T: EditKind>(
    held: &[Option<String>],
    updates: &FieldUpdates,
) -> Vec<Option<String>> {
    let mut new = held.to_vec();
    for (field, update) in updates {
        let Some(at) = T::FIELDS.iter().position(|f| f == field) else {
            // The commands name only their table's fields: a slip here is a bug.
            panic!("{} has no field '{field}'", T::KIND);
        };
        new[at] = update.clone().applied_to(held[at].clone());
    }
    new
}

/// Each field whose value differs, old → new.
pub fn changed(
    names: &'static [&'static str],
    old: &[Option<String>],
    new: &[Option<String>],
) -> Vec<FieldEdit> {
    (names.iter().zip(old.iter().zip(new)))
        .filter(|(_, (old, new))| old != new)
        .map(|(field, (old, new))| FieldEdit {
            field,
            old: old.clone(),
            new: new.clone(),
        })
        .collect()
}

/// `sources`: a publication's outlet, title, address, date and grade.
pub struct Sources;

impl EditKind for Sources {
    const KIND: &'static str = "source";
    const FIELDS: &'static [&'static str] = &["outlet", "title", "url", "date", "reliability"];
    /// The outlet the new text names, when `--outlet` is given.
    type Extra = Option<SourceOutlet>;
}

/// The outlet a source's edit points it at: the one `--outlet` names, when its text
/// changed. Neither `outlet_id` nor `obtained_via` is in source_history: the text
/// there is.
pub fn outlet_change<'e>(
    old: &[Option<String>],
    new: &[Option<String>],
    extra: &'e Option<SourceOutlet>,
) -> Option<&'e SourceOutlet> {
    extra.as_ref().filter(|_| old[0] != new[0])
}

/// The refusal of a source's edit whose outlet went away before the write.
pub fn outlet_gone(outlet: &SourceOutlet) -> Error {
    Error::Conflict(format!(
        "outlet '{}' is no longer in the database; run the edit again",
        outlet.slug
    ))
}

impl EditStatements<Sources> for OnFile {
    async fn read(conn: &mut SqliteConnection, key: EditKey<'_>) -> Result<Option<Held>> {
        let row = sqlx::query!(
            r#"SELECT source_id AS "id!", outlet, title, url, published_on, reliability
               FROM source WHERE slug = ?1"#,
            key.slug
        )
        .fetch_optional(&mut *conn)
        .await?;
        Ok(row.map(|r| Held {
            id: r.id,
            fields: vec![
                Some(r.outlet),
                r.title,
                r.url,
                r.published_on,
                r.reliability,
            ],
        }))
    }

    async fn write(
        conn: &mut SqliteConnection,
        _: EditKey<'_>,
        id: i64,
        f: &[Option<String>],
        at: Instant,
    ) -> Result<()> {
        sqlx::query!(
            "UPDATE source SET outlet = ?2, title = ?3, url = ?4, published_on = ?5, reliability = ?6,
                 recorded_at = ?7
             WHERE source_id = ?1",
            id,
            f[0],
            f[1],
            f[2],
            f[3],
            f[4],
            at
        )
        .execute(&mut *conn)
        .await?;
        Ok(())
    }

    /// A changed outlet text points `outlet_id` at the outlet it names (made first
    /// when new) and sets `obtained_via` from it, so that the outlet's sources and
    /// the text agree.
    async fn write_extra(
        conn: &mut SqliteConnection,
        id: i64,
        old: &[Option<String>],
        new: &[Option<String>],
        extra: &<Sources as EditKind>::Extra,
        at: Instant,
    ) -> Result<Vec<FieldEdit>> {
        let Some(outlet) = outlet_change(old, new, extra) else {
            return Ok(Vec::new());
        };
        if let Some(made) = &outlet.new {
            sqlx::query!(
                "INSERT INTO outlet (slug, name, recorded_at) VALUES (?1, ?2, ?3)",
                made.slug,
                made.name,
                at
            )
            .execute(&mut *conn)
            .await?;
        }
        let updated = sqlx::query!(
            "UPDATE source SET outlet_id = (SELECT outlet_id FROM outlet WHERE slug = ?2),
                 obtained_via = ?3
             WHERE source_id = ?1 AND EXISTS (SELECT 1 FROM outlet WHERE slug = ?2)",
            id,
            outlet.slug,
            outlet.obtained_via
        )
        .execute(&mut *conn)
        .await?;
        if updated.rows_affected() == 0 {
            return Err(outlet_gone(outlet));
        }
        Ok(Vec::new())
    }
}

/// `party`: a party's name, short code and kind; its aliases are the extra.
pub struct Parties;

impl EditKind for Parties {
    const KIND: &'static str = "party";
    const FIELDS: &'static [&'static str] = &["name", "short", "kind"];
    type Extra = AliasEdit;
}

/// What an edit does to a party's aliases, decided from those it holds: the held
/// aliases to remove (as the table spells them), then those to add, and the edits
/// to report, in that order.
pub struct AliasPlan {
    pub remove: Vec<String>,
    pub add: Vec<String>,
    pub edits: Vec<FieldEdit>,
}

impl AliasPlan {
    /// Removes the aliases asked, then adds those asked, and the old name when the
    /// party is renamed and keeps it. An alias compares regardless of (ASCII) case,
    /// as its column does; one the party does not hold cannot be removed.
    pub fn new(
        held: &[String],
        old: &[Option<String>],
        new: &[Option<String>],
        extra: &AliasEdit,
    ) -> Result<AliasPlan> {
        let holds = |alias: &str| held.iter().find(|h| h.eq_ignore_ascii_case(alias));
        let mut plan = AliasPlan {
            remove: Vec::new(),
            add: Vec::new(),
            edits: Vec::new(),
        };
        for alias in &extra.remove {
            let Some(held_alias) = holds(alias) else {
                return Err(Error::invalid_argument(
                    "--remove-alias",
                    format!(
                        "the party has no alias '{alias}'; its aliases: {}",
                        list_or_none(held)
                    ),
                ));
            };
            plan.remove.push(held_alias.clone());
            plan.edits.push(FieldEdit {
                field: "alias",
                old: Some(held_alias.clone()),
                new: None,
            });
        }
        let old_name = match (&old[0], &new[0], extra.keep_old_name) {
            (Some(old), Some(new), true) if old != new => Some(old.clone()),
            _ => None,
        };
        let removed = |a: &str| extra.remove.iter().any(|r| r.eq_ignore_ascii_case(a));
        for alias in extra.add.iter().chain(&old_name) {
            let kept = holds(alias).is_some() && !removed(alias);
            if kept || plan.add.iter().any(|a| a.eq_ignore_ascii_case(alias)) {
                continue;
            }
            plan.add.push(alias.clone());
            plan.edits.push(FieldEdit {
                field: "alias",
                old: None,
                new: Some(alias.clone()),
            });
        }
        Ok(plan)
    }
}

impl EditStatements<Parties> for OnFile {
    async fn read(conn: &mut SqliteConnection, key: EditKey<'_>) -> Result<Option<Held>> {
        let row = sqlx::query!(
            r#"SELECT party_id AS "id!", name, short_code, kind FROM party WHERE slug = ?1"#,
            key.slug
        )
        .fetch_optional(&mut *conn)
        .await?;
        Ok(row.map(|r| Held {
            id: r.id,
            fields: vec![Some(r.name), r.short_code, Some(r.kind)],
        }))
    }

    async fn write(
        conn: &mut SqliteConnection,
        _: EditKey<'_>,
        id: i64,
        f: &[Option<String>],
        at: Instant,
    ) -> Result<()> {
        sqlx::query!(
            "UPDATE party SET name = ?2, short_code = ?3, kind = ?4, recorded_at = ?5 WHERE party_id = ?1",
            id,
            f[0],
            f[1],
            f[2],
            at
        )
        .execute(&mut *conn)
        .await?;
        Ok(())
    }

    /// Does what [`AliasPlan`] decides: each alias removed is kept in
    /// `party_alias_history`, stamped with this write's instant.
    async fn write_extra(
        conn: &mut SqliteConnection,
        id: i64,
        old: &[Option<String>],
        new: &[Option<String>],
        extra: &AliasEdit,
        at: Instant,
    ) -> Result<Vec<FieldEdit>> {
        let held: Vec<String> = sqlx::query_scalar!(
            "SELECT alias FROM party_alias WHERE party_id = ?1 ORDER BY party_alias_id",
            id
        )
        .fetch_all(&mut *conn)
        .await?;
        let plan = AliasPlan::new(&held, old, new, extra)?;
        for alias in &plan.remove {
            sqlx::query!(
                "INSERT INTO party_alias_history (party_alias_id, party_id, alias, recorded_at, removed_at)
                 SELECT party_alias_id, party_id, alias, recorded_at, ?3 FROM party_alias
                 WHERE party_id = ?1 AND alias = ?2",
                id,
                alias,
                at
            )
            .execute(&mut *conn)
            .await?;
            sqlx::query!(
                "DELETE FROM party_alias WHERE party_id = ?1 AND alias = ?2",
                id,
                alias
            )
            .execute(&mut *conn)
            .await?;
        }
        for alias in &plan.add {
            sqlx::query!(
                "INSERT INTO party_alias (party_id, alias, recorded_at) VALUES (?1, ?2, ?3)",
                id,
                alias,
                at
            )
            .execute(&mut *conn)
            .await?;
        }
        Ok(plan.edits)
    }
}

fn list_or_none(names: &[String]) -> String {
    match names.is_empty() {
        true => "none".into(),
        false => names.join(", "),
    }
}

/// `agenda_item`: an item's title, description and parent (by slug, in its process).
pub struct Items;

impl EditKind for Items {
    const KIND: &'static str = "agenda item";
    const FIELDS: &'static [&'static str] = &["title", "description", "parent"];
    type Extra = ();
}

/// Refuses an item's new parent (`fields[2]`, a slug) that the write found no item of
/// the process for (`parent`, the id it wrote).
pub fn parent_found(
    key: EditKey<'_>,
    fields: &[Option<String>],
    parent: Option<i64>,
) -> Result<()> {
    match (&fields[2], parent) {
        (Some(slug), None) => Err(Error::Conflict(format!(
            "agenda item '{}': its new parent '{slug}' is not an item of its process",
            key.slug
        ))),
        _ => Ok(()),
    }
}

impl EditStatements<Items> for OnFile {
    async fn read(conn: &mut SqliteConnection, key: EditKey<'_>) -> Result<Option<Held>> {
        let row = sqlx::query!(
            r#"SELECT i.agenda_item_id AS "id!", i.title, i.description, p.slug AS "parent?"
               FROM agenda_item i
               LEFT JOIN agenda_item p ON p.agenda_item_id = i.parent_agenda_item_id
               WHERE i.process_id = ?1 AND i.slug = ?2"#,
            key.process_id,
            key.slug
        )
        .fetch_optional(&mut *conn)
        .await?;
        Ok(row.map(|r| Held {
            id: r.id,
            fields: vec![Some(r.title), r.description, r.parent],
        }))
    }

    /// The parent is named by slug within the item's process; the schema's triggers
    /// refuse a parent that would make the item its own ancestor.
    async fn write(
        conn: &mut SqliteConnection,
        key: EditKey<'_>,
        id: i64,
        f: &[Option<String>],
        at: Instant,
    ) -> Result<()> {
        let parent = sqlx::query_scalar!(
            "UPDATE agenda_item SET title = ?2, description = ?3, recorded_at = ?5,
                 parent_agenda_item_id = (SELECT agenda_item_id FROM agenda_item
                                          WHERE process_id = ?6 AND slug = ?4)
             WHERE agenda_item_id = ?1
             RETURNING parent_agenda_item_id AS \"parent?: i64\"",
            id,
            f[0],
            f[1],
            f[2],
            at,
            key.process_id
        )
        .fetch_one(&mut *conn)
        .await?;
        parent_found(key, f, parent)
    }
}
