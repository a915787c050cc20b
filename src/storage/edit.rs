//! Editing a source, a party or an agenda item in place: one path for every kind,
//! where what differs is data ([`EditTable`]: the table's fields, and the statements
//! that read and write its row). A round is edited through the import's path instead
//! (`parley round edit` writes what a round file naming the round would).
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

/// A record as an edit reads it: its row id and its fields, in [`EditTable::FIELDS`]
/// order, as the columns hold them.
pub struct Held {
    id: i64,
    fields: Vec<Option<String>>,
}

/// One table an edit command changes. What differs from table to table is here; the
/// transaction, the comparison, the write log and what is reported are shared.
#[allow(async_fn_in_trait)]
pub trait EditTable {
    /// The record as messages name it.
    const KIND: &'static str;
    /// The fields an edit may change, as their flags name them, in the order shown.
    const FIELDS: &'static [&'static str];
    /// What else an edit of this table may do.
    type Extra: Sync;

    async fn read(conn: &mut SqliteConnection, key: EditKey<'_>) -> Result<Option<Held>>;

    /// Writes the row's fields as they will be, stamped `at`.
    async fn write(
        conn: &mut SqliteConnection,
        key: EditKey<'_>,
        id: i64,
        fields: &[Option<String>],
        at: Instant,
    ) -> Result<()>;

    /// Does what `extra` asks, once the fields are written; says what changed.
    async fn write_extra(
        _conn: &mut SqliteConnection,
        _id: i64,
        _old: &[Option<String>],
        _new: &[Option<String>],
        _extra: &Self::Extra,
        _at: Instant,
    ) -> Result<Vec<FieldEdit>> {
        Ok(Vec::new())
    }
}

impl Database {
    /// Changes the fields `updates` names of the record `key` names, and does what
    /// `extra` asks, in one transaction; the earlier version is kept in the table's
    /// history. Writes nothing (and logs no write) when the record holds every value
    /// given already: the edit then has no fields.
    pub(crate) async fn edit_record<T: EditTable>(
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
        let held = T::read(&mut tx, key).await?.ok_or_else(|| {
            Error::Conflict(format!("{} '{}' is not in the database", T::KIND, key.slug))
        })?;
        let new = updated::<T>(&held.fields, updates);
        let mut fields = changed(T::FIELDS, &held.fields, &new);
        if !fields.is_empty() {
            T::write(&mut tx, key, held.id, &new, at).await?;
        }
        fields.extend(T::write_extra(&mut tx, held.id, &held.fields, &new, extra, at).await?);
        let edit = RecordEdit {
            kind: T::KIND,
            slug: key.slug.to_owned(),
            fields,
        };
        if edit.fields.is_empty() {
            tx.rollback().await?;
            return Ok(edit);
        }
        let mut summary: Vec<&str> = edit.fields.iter().map(|f| f.field).collect();
        summary.dedup();
        let summary = format!("{} {}: {}", T::KIND, key.slug, summary.join(", "));
        stamp.log(&mut tx, command, &summary).await?;
        tx.commit().await?;
        Ok(edit)
    }
}

/// The fields once `updates` has changed them.
fn updated<T: EditTable>(held: &[Option<String>], updates: &FieldUpdates) -> Vec<Option<String>> {
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
fn changed(
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

impl EditTable for Sources {
    const KIND: &'static str = "source";
    const FIELDS: &'static [&'static str] = &["outlet", "title", "url", "date", "reliability"];
    /// The outlet the new text names, when `--outlet` is given.
    type Extra = Option<SourceOutlet>;

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
    /// the text agree. Neither column is in source_history: the text there is.
    async fn write_extra(
        conn: &mut SqliteConnection,
        id: i64,
        old: &[Option<String>],
        new: &[Option<String>],
        extra: &Self::Extra,
        at: Instant,
    ) -> Result<Vec<FieldEdit>> {
        let Some(outlet) = extra.as_ref().filter(|_| old[0] != new[0]) else {
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
            return Err(Error::Conflict(format!(
                "outlet '{}' is no longer in the database; run the edit again",
                outlet.slug
            )));
        }
        Ok(Vec::new())
    }
}

/// `party`: a party's name, short code and kind; its aliases are the extra.
pub struct Parties;

impl EditTable for Parties {
    const KIND: &'static str = "party";
    const FIELDS: &'static [&'static str] = &["name", "short", "kind"];
    type Extra = AliasEdit;

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

    /// Removes the aliases asked (keeping each in `party_alias_history`, stamped with
    /// this write's instant), then adds those asked, and the old name when the party
    /// is renamed and keeps it. An alias compares regardless of (ASCII) case, as its
    /// column does.
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
        let holds = |alias: &str| held.iter().find(|h| h.eq_ignore_ascii_case(alias));
        let mut edits = Vec::new();
        for alias in &extra.remove {
            let Some(held_alias) = holds(alias) else {
                return Err(Error::invalid_argument(
                    "--remove-alias",
                    format!(
                        "the party has no alias '{alias}'; its aliases: {}",
                        list_or_none(&held)
                    ),
                ));
            };
            sqlx::query!(
                "INSERT INTO party_alias_history (party_alias_id, party_id, alias, recorded_at, removed_at)
                 SELECT party_alias_id, party_id, alias, recorded_at, ?3 FROM party_alias
                 WHERE party_id = ?1 AND alias = ?2",
                id,
                held_alias,
                at
            )
            .execute(&mut *conn)
            .await?;
            sqlx::query!(
                "DELETE FROM party_alias WHERE party_id = ?1 AND alias = ?2",
                id,
                held_alias
            )
            .execute(&mut *conn)
            .await?;
            edits.push(FieldEdit {
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
        let mut added: Vec<&String> = Vec::new();
        for alias in extra.add.iter().chain(&old_name) {
            let kept = holds(alias).is_some() && !removed(alias);
            if kept || added.iter().any(|a| a.eq_ignore_ascii_case(alias)) {
                continue;
            }
            sqlx::query!(
                "INSERT INTO party_alias (party_id, alias, recorded_at) VALUES (?1, ?2, ?3)",
                id,
                alias,
                at
            )
            .execute(&mut *conn)
            .await?;
            added.push(alias);
            edits.push(FieldEdit {
                field: "alias",
                old: None,
                new: Some(alias.clone()),
            });
        }
        Ok(edits)
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

impl EditTable for Items {
    const KIND: &'static str = "agenda item";
    const FIELDS: &'static [&'static str] = &["title", "description", "parent"];
    type Extra = ();

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
        match (&f[2], parent) {
            (Some(slug), None) => Err(Error::Conflict(format!(
                "agenda item '{}': its new parent '{slug}' is not an item of its process",
                key.slug
            ))),
            _ => Ok(()),
        }
    }
}
