//! The schema as documentation: every table and view with the comment that opens it
//! and each column with the comment that ends its line, read back from the
//! statements SQLite stores (so the sqlite3 shell's `.schema` shows the same text).

use serde::Serialize;

use super::Database;
use crate::error::Result;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SchemaObject {
    pub name: String,
    /// `table` or `view`.
    pub kind: String,
    pub doc: String,
    pub columns: Vec<SchemaColumn>,
    /// The statement as SQLite stores it.
    pub sql: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SchemaColumn {
    pub name: String,
    pub r#type: String,
    pub not_null: bool,
    pub primary_key: bool,
    /// `table.column` this column refers to, if it is a foreign key.
    pub references: Option<String>,
    pub doc: String,
}

#[derive(sqlx::FromRow)]
struct ColumnRow {
    object: String,
    name: String,
    r#type: String,
    not_null: bool,
    pk: i64,
    references: Option<String>,
}

impl Database {
    /// Every table and view of Parley's schema, tables first, in the order the migrations
    /// introduced them.
    pub async fn schema(&self) -> Result<Vec<SchemaObject>> {
        let objects = sqlx::query!(
            r#"SELECT name AS "name!: String", type AS "kind!: String", sql AS "sql!: String"
               FROM sqlite_master
               WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '\_%' ESCAPE '\'
                 AND sql IS NOT NULL AND name NOT LIKE '%\_fts\_%' ESCAPE '\'
               ORDER BY type = 'view', rowid"#
        )
        .fetch_all(self.pool())
        .await?;
        // sqlx cannot describe the pragma table-valued functions at compile time, so
        // this one statement is checked by the schema tests instead.
        let columns: Vec<ColumnRow> = sqlx::query_as(
            r#"SELECT m.name AS object, c.name, c.type, c."notnull" AS not_null, c.pk,
                      (SELECT f."table" || '.' || COALESCE(f."to", 'rowid')
                       FROM pragma_foreign_key_list(m.name) f WHERE f."from" = c.name LIMIT 1) AS "references"
               FROM sqlite_master m, pragma_table_info(m.name) c
               WHERE m.type IN ('table', 'view')
               ORDER BY m.rowid, c.cid"#,
        )
        .fetch_all(self.pool())
        .await?;

        let mut objects = objects;
        // Stable: objects no migration creates by name keep SQLite's order, last.
        objects.sort_by_key(|o| {
            let at = introduced_at(&o.kind, &o.name);
            (o.kind == "view", at.is_none(), at)
        });
        Ok(objects
            .into_iter()
            .map(|o| {
                let columns = columns
                    .iter()
                    .filter(|c| c.object == o.name)
                    .map(|c| SchemaColumn {
                        name: c.name.clone(),
                        r#type: c.r#type.clone(),
                        not_null: c.not_null,
                        primary_key: c.pk > 0,
                        references: c.references.clone(),
                        doc: match column_doc(&o.sql, &c.name) {
                            doc if doc.is_empty() && o.kind == "view" => {
                                match select_column_doc(&o.sql, &c.name) {
                                    doc if doc.is_empty() => view_column_doc(&c.name).to_owned(),
                                    doc => doc,
                                }
                            }
                            doc => doc,
                        },
                    })
                    .collect();
                SchemaObject {
                    doc: object_doc(&o.sql),
                    name: o.name,
                    kind: o.kind,
                    columns,
                    sql: o.sql,
                }
            })
            .collect())
    }

    /// The tables that are machinery rather than interface, which [`Self::schema`]
    /// leaves out: the migration log, the full-text indexes' own storage (FTS5's
    /// `_data`, `_idx`, `_docsize`, `_config` and `_content` tables) and SQLite's.
    pub async fn internal_tables(&self) -> Result<Vec<String>> {
        let names = sqlx::query_scalar!(
            r#"SELECT name AS "name!: String"
               FROM sqlite_master
               WHERE type = 'table'
                 AND (name LIKE 'sqlite\_%' ESCAPE '\' OR name LIKE '\_%' ESCAPE '\'
                      OR name LIKE '%\_fts\_%' ESCAPE '\')
               ORDER BY name"#
        )
        .fetch_all(self.pool())
        .await?;
        Ok(names)
    }
}

/// Where the migrations first create a table or view: (migration, offset in it); `None`
/// for one they do not create by name. `schema` lists objects in that order, the order they
/// were introduced in, which a table rebuilt by a later migration (a new sqlite_master
/// row, after every other) keeps.
fn introduced_at(kind: &str, name: &str) -> Option<(usize, usize)> {
    let kind = kind.to_uppercase();
    let creates = [
        format!("CREATE {kind} {name} "),
        format!("CREATE {kind} {name}("),
        format!("CREATE VIRTUAL {kind} {name} "),
    ];
    super::MIGRATOR.iter().enumerate().find_map(|(i, m)| {
        creates
            .iter()
            .filter_map(|c| m.sql.as_str().find(c.as_str()))
            .min()
            .map(|at| (i, at))
    })
}

/// The comment ending the line of a view's SELECT that names a column: the line's
/// code, before `--`, ends with `expression AS column`, `alias.column` or `column`,
/// then perhaps a comma. Views written this way document themselves.
fn select_column_doc(sql: &str, column: &str) -> String {
    sql.lines()
        .filter_map(|l| l.split_once("-- "))
        .find(|(code, _)| {
            let code = code.trim_end().trim_end_matches(',').trim_end();
            !code.is_empty()
                && code
                    .rsplit(|c: char| c.is_whitespace() || c == '.')
                    .next()
                    .is_some_and(|name| name.trim_matches('"') == column)
        })
        .map(|(_, doc)| doc.trim().to_owned())
        .unwrap_or_default()
}

/// What the views' columns hold. A view's statement has no line per column to carry
/// a comment, and the views share their column names, so they are documented here.
fn view_column_doc(column: &str) -> &'static str {
    match column {
        "process" => "the process's slug",
        "item" => "the agenda item's slug",
        "item_title" => "the agenda item's title",
        "round" => "the round's slug",
        "number" | "round_number" => "the round's number in its process: 1 for the first, by date",
        "round_date" => "the round's start date, possibly partial",
        "state" => "scheduled, held, postponed or cancelled",
        "status" => "the status in force (a status.slug)",
        "status_label" => "the status as reports print it",
        "rank" => "the status's rank: higher is further along; setbacks are 0 or below",
        "note" => "the status record's note",
        "confidence" => "Admiralty credibility 1-6 of the status record, when assessed",
        "recorded_at" => "when the status record in force was written (UTC)",
        "previous_round" => "the slug of the item's previous round, if any",
        "previous_status" => "the item's status at its previous round, if any",
        "previous_rank" => "the rank of that status",
        "movement" => "new, advanced, regressed or unchanged, by rank against the previous round",
        "status_record_id" => "the status record in force (status_record.status_record_id)",
        "agenda_item_id" => "the item's row id (agenda_item.agenda_item_id)",
        "round_id" => "the round's row id (round.round_id)",
        "process_id" => "the process's row id (process.process_id)",
        _ => "",
    }
}

/// The comment lines that open a statement's body, joined into one paragraph.
fn object_doc(sql: &str) -> String {
    sql.lines()
        .skip(1)
        .map(str::trim)
        .skip_while(|l| l.is_empty())
        .take_while(|l| l.starts_with("--"))
        .map(|l| l.trim_start_matches('-').trim())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The comment at the end of a column's line in a CREATE TABLE statement; for a
/// column a later migration added (`ALTER TABLE … ADD COLUMN`, which SQLite appends
/// as `, column TYPE … /* doc */` and which keeps no line comment), the `/* */`
/// comment that ends its definition.
fn column_doc(sql: &str, column: &str) -> String {
    let line_doc = sql
        .lines()
        .map(str::trim)
        .find(|l| {
            l.strip_prefix(column)
                .is_some_and(|rest| rest.starts_with(char::is_whitespace))
        })
        .and_then(|l| l.split_once("-- "))
        .map(|(_, doc)| doc.trim().to_owned());
    line_doc
        .or_else(|| {
            let (_, added) = sql.split_once(&format!(", {column} "))?;
            let opens = added.find("/*")?;
            // The comment must end this column's definition, not a later column's.
            if added.find(", ").is_some_and(|next| next < opens) {
                return None;
            }
            let (doc, _) = added[opens + 2..].split_once("*/")?;
            Some(doc.trim().to_owned())
        })
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    const SQL: &str = "CREATE TABLE party (\n    -- A state or group.\n    -- Shared by processes.\n    party_id INTEGER PRIMARY KEY, -- row id\n    name TEXT NOT NULL -- display name\n) STRICT";

    #[test]
    fn reads_the_comments_that_document_the_schema() {
        assert_eq!(object_doc(SQL), "A state or group. Shared by processes.");
        assert_eq!(column_doc(SQL, "party_id"), "row id");
        assert_eq!(column_doc(SQL, "name"), "display name");
        assert_eq!(column_doc(SQL, "missing"), "");
    }

    #[test]
    fn reads_the_comments_of_columns_added_later() {
        let sql = "CREATE TABLE q (\n    q_id INTEGER PRIMARY KEY, -- row id\n    text TEXT -- words\n, person_id INTEGER REFERENCES person (person_id) /* the speaker */, via TEXT CHECK (via <> '') /* how, obtained */) STRICT";
        assert_eq!(column_doc(sql, "person_id"), "the speaker");
        assert_eq!(column_doc(sql, "via"), "how, obtained");
        assert_eq!(column_doc(sql, "text"), "words");
    }

    #[test]
    fn reads_the_comment_that_ends_a_views_select_line() {
        let view = "CREATE VIEW v AS\n    -- A view.\n    -- Columns: a, b, c, d.\n    SELECT t.a,  -- the a\n           upper(t.x) AS b, -- the b\n           (SELECT 1\n            FROM u) AS \"c\", -- the c\n           t.d          -- the d\n    FROM t -- no column";
        assert_eq!(select_column_doc(view, "a"), "the a");
        assert_eq!(select_column_doc(view, "b"), "the b");
        assert_eq!(select_column_doc(view, "c"), "the c");
        assert_eq!(select_column_doc(view, "d"), "the d");
        assert_eq!(select_column_doc(view, "x"), "");
        assert_eq!(select_column_doc(view, "Columns:"), "");
    }
}
