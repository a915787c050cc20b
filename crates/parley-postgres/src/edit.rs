//! Editing a source, a party or an agenda item in place on the server: the same path
//! as a file's ([`parley_core::storage::edit`]: the fields compared, the aliases planned,
//! the write log), with the server's statements. The earlier version is kept by the
//! table's `<table>_update` trigger in its history table (migrations/postgres/), as on
//! a file; a removed alias is written to `party_alias_history` here, stamped with the
//! write's instant, before the trigger that would otherwise stamp it looks.
//!
//! A refused edit writes nothing, as on a file, but an id a history row took before
//! the refusal is spent: PostgreSQL's sequences do not roll back, so a server's history
//! tables may skip an id where a file's reuse it. Ids stay unique and in order; an item
//! given a parent that is no item is refused before anything is written.

use chrono::{DateTime, Utc};
use sqlx::{Connection, PgConnection};

use super::Server;
use super::write_log::{self, WriteStamp, bound};
use parley_core::clock;
use parley_core::domain::Instant;
use parley_core::domain::model::FieldUpdates;
use parley_core::error::Result;
use parley_core::storage::edit::{
    AliasEdit, AliasPlan, EditBackend, EditKey, EditKind, EditStatements, EditTable, Held, Items,
    Parties, Sources, changed, not_held, outlet_change, outlet_gone, parent_found, record_edit,
    summary, updated,
};
use parley_core::storage::plan::{FieldEdit, RecordEdit};

impl Server {
    /// Changes the fields `updates` names of the record `key` names, and does what
    /// `extra` asks, in one transaction under the write lock; as
    /// [`parley_core::storage::Database::edit_record`] does on a file.
    pub async fn edit_record<T: EditTable>(
        &self,
        command: &str,
        key: EditKey<'_>,
        updates: &FieldUpdates,
        extra: &T::Extra,
    ) -> Result<RecordEdit> {
        let mut conn = self.pool().acquire().await?;
        let mut tx = conn.begin().await?;
        write_log::lock(&mut tx).await?;
        let stamp = WriteStamp::take(&mut tx, clock::now()?).await?;
        let at = stamp.recorded_at;
        let held = T::read::<OnServer>(&mut tx, key)
            .await?
            .ok_or_else(|| not_held::<T>(key))?;
        let new = updated::<T>(&held.fields, updates);
        let mut fields = changed(T::FIELDS, &held.fields, &new);
        if !fields.is_empty() {
            T::write::<OnServer>(&mut tx, key, held.id, &new, at).await?;
        }
        fields.extend(
            T::write_extra::<OnServer>(&mut tx, held.id, &held.fields, &new, extra, at).await?,
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

/// A row of `id` and text fields, as the read statements select them.
fn held<const N: usize>(id: i64, fields: [Option<String>; N]) -> Held {
    Held {
        id,
        fields: fields.into(),
    }
}

/// The server's edit statements.
pub(crate) struct OnServer;

impl EditBackend for OnServer {
    type Conn = PgConnection;
}

impl EditStatements<Sources> for OnServer {
    async fn read(conn: &mut PgConnection, key: EditKey<'_>) -> Result<Option<Held>> {
        let row = sqlx::query_file!("src/queries/edit_source_read.sql", key.slug)
            .fetch_optional(&mut *conn)
            .await?;
        Ok(row.map(|r| {
            held(
                r.source_id,
                [
                    Some(r.outlet),
                    r.title,
                    r.url,
                    r.published_on,
                    r.reliability,
                ],
            )
        }))
    }

    async fn write(
        conn: &mut PgConnection,
        _: EditKey<'_>,
        id: i64,
        f: &[Option<String>],
        at: Instant,
    ) -> Result<()> {
        sqlx::query_file!(
            "src/queries/edit_source_write.sql",
            id,
            f[0],
            f[1],
            f[2],
            f[3],
            f[4],
            bound(at)
        )
        .execute(&mut *conn)
        .await?;
        Ok(())
    }

    async fn write_extra(
        conn: &mut PgConnection,
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
            sqlx::query_file!(
                "src/queries/edit_source_outlet_new.sql",
                made.slug,
                made.name,
                bound(at)
            )
            .execute(&mut *conn)
            .await?;
        }
        let updated = sqlx::query_file!(
            "src/queries/edit_source_outlet.sql",
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

impl EditStatements<Parties> for OnServer {
    async fn read(conn: &mut PgConnection, key: EditKey<'_>) -> Result<Option<Held>> {
        let row = sqlx::query_file!("src/queries/edit_party_read.sql", key.slug)
            .fetch_optional(&mut *conn)
            .await?;
        Ok(row.map(|r| held(r.party_id, [Some(r.name), r.short_code, Some(r.kind)])))
    }

    async fn write(
        conn: &mut PgConnection,
        _: EditKey<'_>,
        id: i64,
        f: &[Option<String>],
        at: Instant,
    ) -> Result<()> {
        sqlx::query_file!(
            "src/queries/edit_party_write.sql",
            id,
            f[0],
            f[1],
            f[2],
            bound(at)
        )
        .execute(&mut *conn)
        .await?;
        Ok(())
    }

    async fn write_extra(
        conn: &mut PgConnection,
        id: i64,
        old: &[Option<String>],
        new: &[Option<String>],
        extra: &AliasEdit,
        at: Instant,
    ) -> Result<Vec<FieldEdit>> {
        let held = sqlx::query_file_scalar!("src/queries/edit_party_aliases.sql", id)
            .fetch_all(&mut *conn)
            .await?;
        let plan = AliasPlan::new(&held, old, new, extra)?;
        let at: DateTime<Utc> = bound(at);
        for alias in &plan.remove {
            sqlx::query_file!("src/queries/edit_party_alias_remove.sql", id, alias, at)
                .execute(&mut *conn)
                .await?;
            sqlx::query_file!("src/queries/edit_party_alias_delete.sql", id, alias)
                .execute(&mut *conn)
                .await?;
        }
        for alias in &plan.add {
            sqlx::query_file!("src/queries/edit_party_alias_add.sql", id, alias, at)
                .execute(&mut *conn)
                .await?;
        }
        Ok(plan.edits)
    }
}

impl EditStatements<Items> for OnServer {
    async fn read(conn: &mut PgConnection, key: EditKey<'_>) -> Result<Option<Held>> {
        let row = sqlx::query_file!("src/queries/edit_item_read.sql", key.process_id, key.slug)
            .fetch_optional(&mut *conn)
            .await?;
        Ok(row.map(|r| held(r.agenda_item_id, [Some(r.title), r.description, r.parent])))
    }

    async fn write(
        conn: &mut PgConnection,
        key: EditKey<'_>,
        id: i64,
        f: &[Option<String>],
        at: Instant,
    ) -> Result<()> {
        // A parent that is no item of the process leaves the row as it was: no
        // earlier version is written (its id would be spent, as a sequence's are even
        // when the transaction rolls back), and the refusal is the file's.
        let parent = sqlx::query_file_scalar!(
            "src/queries/edit_item_write.sql",
            id,
            f[0],
            f[1],
            f[2],
            bound(at),
            key.process_id
        )
        .fetch_optional(&mut *conn)
        .await?;
        parent_found(key, f, parent.flatten())
    }
}
