//! The schema as documentation on a server: every table and view with its `COMMENT ON`
//! and each column with its own, in the shape `parley schema` gives for a file
//! ([`SchemaObject`]), so that both print the same documentation. Types are the
//! server's (`bigint`, `timestamp with time zone`); PostgreSQL keeps no CREATE
//! statement, so `sql` holds a view's definition and is empty for a table.

use super::Server;
use parley_core::error::Result;
use parley_core::storage::{SchemaColumn, SchemaObject};

/// A column of a table or view, by its object's oid.
struct ColumnRow {
    object: i64,
    name: String,
    type_name: String,
    not_null: bool,
    primary_key: bool,
    references: Option<String>,
    doc: String,
}

impl Server {
    /// Every table and view of Parley's schema, tables first, in the order the
    /// migration created them; the migration log and anything whose name begins
    /// with `_` left out, as for a file.
    pub async fn schema(&self) -> Result<Vec<SchemaObject>> {
        let objects = sqlx::query!(
            r#"SELECT c.oid::int8 AS "oid!", c.relname::text AS "name!",
                      CASE c.relkind WHEN 'v' THEN 'view' ELSE 'table' END AS "kind!",
                      COALESCE(obj_description(c.oid, 'pg_class'), '') AS "doc!",
                      CASE c.relkind WHEN 'v'
                           THEN 'CREATE VIEW ' || quote_ident(c.relname) || ' AS' || chr(10) || pg_get_viewdef(c.oid)
                           ELSE '' END AS "sql!"
               FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
               WHERE n.nspname = 'public' AND c.relkind IN ('r', 'v') AND c.relname NOT LIKE '\_%'
               ORDER BY c.relkind = 'v', c.oid"#
        )
        .fetch_all(self.pool())
        .await?;
        let columns = sqlx::query_as!(
            ColumnRow,
            r#"SELECT c.oid::int8 AS "object!", a.attname::text AS "name!",
                      format_type(a.atttypid, a.atttypmod) AS "type_name!", a.attnotnull AS not_null,
                      EXISTS (SELECT 1 FROM pg_constraint k
                              WHERE k.conrelid = c.oid AND k.contype = 'p' AND a.attnum = ANY (k.conkey))
                        AS "primary_key!",
                      (SELECT f.relname::text || '.' || fa.attname::text
                       FROM pg_constraint k
                       JOIN pg_class f ON f.oid = k.confrelid
                       JOIN pg_attribute fa ON fa.attrelid = f.oid
                        AND fa.attnum = k.confkey[array_position(k.conkey, a.attnum)]
                       WHERE k.conrelid = c.oid AND k.contype = 'f' AND a.attnum = ANY (k.conkey)
                       ORDER BY k.oid LIMIT 1) AS "references?",
                      COALESCE(col_description(c.oid, a.attnum), '') AS "doc!"
               FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
               JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
               WHERE n.nspname = 'public' AND c.relkind IN ('r', 'v') AND c.relname NOT LIKE '\_%'
               ORDER BY c.oid, a.attnum"#
        )
        .fetch_all(self.pool())
        .await?;
        Ok(objects
            .into_iter()
            .map(|object| SchemaObject {
                name: object.name,
                kind: object.kind,
                doc: object.doc,
                columns: columns
                    .iter()
                    .filter(|c| c.object == object.oid)
                    .map(|c| SchemaColumn {
                        name: c.name.clone(),
                        r#type: c.type_name.clone(),
                        not_null: c.not_null,
                        primary_key: c.primary_key,
                        references: c.references.clone(),
                        doc: c.doc.clone(),
                    })
                    .collect(),
                sql: object.sql,
            })
            .collect())
    }
}
