//! Datasette's metadata file for a Parley database (`parley schema --format datasette`),
//! generated from the schema's own documentation, so that a table or view added later
//! is described without anyone writing its metadata by hand.
//!
//! What is derived, and from what:
//! - descriptions of tables, views and columns: their documentation comments;
//! - hidden: the migration log, SQLite's tables, and the full-text indexes with their
//!   shadow tables (Datasette hides most of these itself; the file says so for every
//!   version);
//! - label columns (what Datasette shows for a foreign key): the first of
//!   [`LABEL_COLUMNS`] that the table has and that is never empty;
//! - sort: by `rank` where a table has one (the status ladder, the stances); views keep
//!   their own order;
//! - facets: a table's vocabulary columns (a `CHECK (column IN (...))`, or a reference
//!   to a vocabulary table, one with a `label`), except in the vocabularies themselves,
//!   and for views the columns in [`VIEW_FACETS`];
//! - search: each table's FTS5 index (`content=` and `content_rowid=`), and for a view
//!   the index of the first `<table>_id` column whose table has one, so that a view's
//!   search box searches the records it shows.

use serde_json::{Map, Value, json};

use crate::storage::SchemaObject;

/// Columns that name a row, most telling first. A column qualifies only when it is
/// NOT NULL: Datasette would print an empty label as "None".
pub const LABEL_COLUMNS: [&str; 8] = [
    "label",
    "name",
    "title",
    "description",
    "outlet",
    "text",
    "body",
    "alias",
];

/// Facets for views, which carry no CHECK constraints to derive them from. The
/// timeline's views (current_status, movement, status_timeline, round_sequence) have
/// none: every facet counts the whole view, every status at every round, again.
pub const VIEW_FACETS: [(&str, &[&str]); 2] = [
    ("current_position", &["stance", "party"]),
    ("commitment_status", &["fate", "kind"]),
];

/// The metadata for one database, as Datasette names it (the file's name without
/// its extension). `internal` lists the tables [`SchemaObject`]s leave out.
pub fn metadata(database: &str, objects: &[SchemaObject], internal: &[String]) -> Value {
    let search = search_indexes(objects);
    let vocabularies: Vec<&str> = objects
        .iter()
        .filter(|o| o.kind == "table" && o.columns.iter().any(|c| c.name == "label"))
        .map(|o| o.name.as_str())
        .collect();

    let mut tables = Map::new();
    for object in objects {
        let mut table = Map::new();
        table.insert("description".into(), json!(description(object)));
        let columns: Map<String, Value> = object
            .columns
            .iter()
            .filter(|c| !c.doc.is_empty())
            .map(|c| (c.name.clone(), json!(c.doc)))
            .collect();
        if !columns.is_empty() {
            table.insert("columns".into(), Value::Object(columns));
        }
        if is_fts(object) {
            table.insert("hidden".into(), json!(true));
            tables.insert(object.name.clone(), Value::Object(table));
            continue;
        }
        if object.kind == "table"
            && let Some(label) = label_column(object)
        {
            table.insert("label_column".into(), json!(label));
        }
        if object.kind == "table" && object.columns.iter().any(|c| c.name == "rank") {
            table.insert("sort".into(), json!("rank"));
        }
        let facets = facets(object, &vocabularies);
        if !facets.is_empty() {
            table.insert("facets".into(), json!(facets));
        }
        let index = if object.kind == "view" {
            object.columns.iter().find_map(|c| {
                let base = c.name.strip_suffix("_id")?;
                let (fts, _) = search.iter().find(|(_, s)| s.table == base)?;
                Some((fts.as_str(), c.name.as_str()))
            })
        } else {
            search
                .iter()
                .find(|(_, s)| s.table == object.name)
                .map(|(fts, s)| (fts.as_str(), s.rowid.as_str()))
        };
        if let Some((fts, pk)) = index {
            table.insert("fts_table".into(), json!(fts));
            table.insert("fts_pk".into(), json!(pk));
        }
        tables.insert(object.name.clone(), Value::Object(table));
    }
    for name in internal {
        tables.insert(name.clone(), json!({ "hidden": true }));
    }

    json!({
        "title": "Parley",
        "description": "A negotiation timeline, round by round. Described from the schema's own \
                        documentation by `parley schema --format datasette`; `parley schema` \
                        prints the same.",
        "databases": {
            database: {
                "description": "Start with the views: current_status (where each item \
                                stands), movement and status_timeline (how it got there), \
                                current_position (each party's stance), commitment_status \
                                (what was promised, and what became of it).",
                "tables": tables,
            }
        }
    })
}

/// An object's documentation without the list of columns a view's comment ends with
/// (Datasette shows each column's own description).
fn description(object: &SchemaObject) -> &str {
    match object.doc.find(" Columns:") {
        Some(at) => &object.doc[..at],
        None => &object.doc,
    }
}

fn is_fts(object: &SchemaObject) -> bool {
    object.kind == "table" && object.sql.to_lowercase().contains("using fts5")
}

fn label_column(object: &SchemaObject) -> Option<&'static str> {
    LABEL_COLUMNS.into_iter().find(|name| {
        object
            .columns
            .iter()
            .any(|c| c.name == *name && (c.not_null || c.primary_key))
    })
}

fn facets<'a>(object: &'a SchemaObject, vocabularies: &[&str]) -> Vec<&'a str> {
    if object.kind == "view" {
        let wanted = VIEW_FACETS
            .iter()
            .find(|(view, _)| *view == object.name)
            .map_or(&[][..], |(_, columns)| *columns);
        return object
            .columns
            .iter()
            .filter(|c| wanted.contains(&c.name.as_str()))
            .map(|c| c.name.as_str())
            .collect();
    }
    if vocabularies.contains(&object.name.as_str()) {
        return Vec::new();
    }
    object
        .columns
        .iter()
        .filter(|c| !c.primary_key)
        .filter(|c| {
            let vocabulary = c.references.as_deref().is_some_and(|target| {
                target
                    .split_once('.')
                    .is_some_and(|(table, _)| vocabularies.contains(&table))
            });
            vocabulary || has_check_in(&object.sql, &c.name)
        })
        .map(|c| c.name.as_str())
        .collect()
}

/// Whether the column's line in a CREATE TABLE holds `CHECK (column IN (`.
fn has_check_in(sql: &str, column: &str) -> bool {
    let check = format!("CHECK ({column} IN (");
    sql.lines().map(str::trim).any(|l| {
        l.strip_prefix(column)
            .is_some_and(|rest| rest.starts_with(char::is_whitespace))
            && l.contains(&check)
    })
}

/// An FTS5 index: the table it indexes and that table's column its rowid holds.
struct SearchIndex {
    table: String,
    rowid: String,
}

/// Every external-content FTS5 index, by name.
fn search_indexes(objects: &[SchemaObject]) -> Vec<(String, SearchIndex)> {
    objects
        .iter()
        .filter(|o| is_fts(o))
        .filter_map(|o| {
            let table = option(&o.sql, "content")?;
            let rowid = option(&o.sql, "content_rowid").unwrap_or_else(|| "rowid".into());
            Some((o.name.clone(), SearchIndex { table, rowid }))
        })
        .collect()
}

/// The value of an FTS5 option such as `content="agenda_item"`, quoted or not.
fn option(sql: &str, name: &str) -> Option<String> {
    sql.split([',', '(', ')', '\n']).find_map(|part| {
        let (key, value) = part.split_once('=')?;
        (key.trim() == name).then(|| {
            value
                .trim()
                .trim_matches(|c| c == '"' || c == '\'' || c == '[' || c == ']')
                .to_owned()
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::storage::SchemaColumn;

    fn column(name: &str, not_null: bool, references: Option<&str>) -> SchemaColumn {
        SchemaColumn {
            name: name.into(),
            r#type: "TEXT".into(),
            not_null,
            primary_key: name.ends_with("_id") && references.is_none(),
            references: references.map(Into::into),
            doc: format!("the {name}"),
        }
    }

    fn object(name: &str, kind: &str, sql: &str, columns: Vec<SchemaColumn>) -> SchemaObject {
        SchemaObject {
            name: name.into(),
            kind: kind.into(),
            doc: format!("About {name}. Columns: all of them."),
            columns,
            sql: sql.into(),
        }
    }

    fn schema() -> Vec<SchemaObject> {
        vec![
            object(
                "grade",
                "table",
                "CREATE TABLE grade (\n    slug TEXT PRIMARY KEY,\n    label TEXT NOT NULL,\n    rank INTEGER NOT NULL\n)",
                vec![
                    column("slug", true, None),
                    column("label", true, None),
                    column("rank", true, None),
                ],
            ),
            object(
                "claim",
                "table",
                "CREATE TABLE claim (\n    claim_id INTEGER PRIMARY KEY,\n    title TEXT,\n    body TEXT NOT NULL,\n    kind TEXT NOT NULL CHECK (kind IN ('a', 'b')),\n    grade TEXT REFERENCES grade (slug)\n)",
                vec![
                    column("claim_id", true, None),
                    column("title", false, None),
                    column("body", true, None),
                    column("kind", true, None),
                    column("grade", false, Some("grade.slug")),
                ],
            ),
            object(
                "claim_fts",
                "table",
                "CREATE VIRTUAL TABLE claim_fts USING fts5(\n    body , -- indexes claim.body\n    content=\"claim\", content_rowid=\"claim_id\",\n    tokenize = 'unicode61'\n)",
                vec![column("body", false, None)],
            ),
            object(
                "claim_view",
                "view",
                "CREATE VIEW claim_view AS SELECT ...",
                vec![
                    column("grade_id", false, None),
                    column("claim_id", false, None),
                ],
            ),
        ]
    }

    #[test]
    fn derives_labels_sorting_facets_and_search_from_the_schema() {
        let internal = vec!["_sqlx_migrations".to_owned(), "claim_fts_data".to_owned()];
        let m = metadata("timeline", &schema(), &internal);
        let tables = &m["databases"]["timeline"]["tables"];
        assert_eq!(tables["grade"]["label_column"], "label");
        assert_eq!(tables["grade"]["sort"], "rank");
        assert!(tables["grade"].get("facets").is_none());
        assert_eq!(tables["grade"]["description"], "About grade.");
        assert_eq!(tables["grade"]["columns"]["rank"], "the rank");
        // A title that may be empty is passed over for a column that never is.
        assert_eq!(tables["claim"]["label_column"], "body");
        assert_eq!(tables["claim"]["facets"], json!(["kind", "grade"]));
        assert_eq!(tables["claim"]["fts_table"], "claim_fts");
        assert_eq!(tables["claim"]["fts_pk"], "claim_id");
        assert_eq!(tables["claim_view"]["fts_table"], "claim_fts");
        assert_eq!(tables["claim_view"]["fts_pk"], "claim_id");
        assert!(tables["claim_view"].get("label_column").is_none());
        for hidden in ["claim_fts", "_sqlx_migrations", "claim_fts_data"] {
            assert_eq!(tables[hidden]["hidden"], true, "{hidden}");
        }
        assert!(tables["claim"].get("hidden").is_none());
    }

    #[test]
    fn reads_fts5_options_quoted_or_not() {
        let sql = "CREATE VIRTUAL TABLE x USING fts5(a, content=[t], content_rowid='t_id')";
        assert_eq!(option(sql, "content").as_deref(), Some("t"));
        assert_eq!(option(sql, "content_rowid").as_deref(), Some("t_id"));
        assert_eq!(option(sql, "tokenize"), None);
    }
}
