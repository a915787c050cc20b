//! Writing the declarations a plan inserts and updates: processes one by one (a file
//! declares one), and parties, persons, outlets, aliases, sources and items with one UPDATE and one
//! INSERT per kind, whatever their number: the rows travel as one JSON array, which
//! SQLite reads with `json_each`, in order. Not upserts: the schema's insert triggers
//! refuse a key that is taken (so that `INSERT OR REPLACE` from another client cannot
//! delete a row), and they run before an upsert finds its conflict.

use std::collections::{BTreeMap, HashSet};

use super::SqliteStore;
use crate::domain::model::AgendaItem;
use crate::domain::names::Named;
use crate::error::Result;
use crate::storage::plan::*;

/// Rows as one JSON array of arrays, for a statement that reads them with `json_each`.
fn json_rows<T>(
    rows: &[(T, Write)],
    write: Write,
    row: impl Fn(&T) -> serde_json::Value,
) -> Option<String> {
    let rows: Vec<serde_json::Value> = rows
        .iter()
        .filter(|(_, w)| *w == write)
        .map(|(r, _)| row(r))
        .collect();
    (!rows.is_empty()).then(|| serde_json::Value::Array(rows).to_string())
}

impl SqliteStore<'_> {
    pub async fn write_declarations(&mut self, plan: DeclarationPlan) -> Result<()> {
        let (conn, at) = (&mut *self.conn, self.at);
        for (p, write) in &plan.processes {
            let id = match write {
                Write::Insert => sqlx::query_scalar!(
                    r#"INSERT INTO process (slug, name, description, recorded_at) VALUES (?1, ?2, ?3, ?4)
                       RETURNING process_id AS "id!""#,
                    p.slug,
                    p.name,
                    p.description,
                    at
                )
                .fetch_one(&mut *conn)
                .await?,
                Write::Update => sqlx::query_scalar!(
                    r#"UPDATE process SET name = ?2, description = ?3, recorded_at = ?4 WHERE slug = ?1
                       RETURNING process_id AS "id!""#,
                    p.slug,
                    p.name,
                    p.description,
                    at
                )
                .fetch_one(&mut *conn)
                .await?,
            };
            self.ids.processes.insert(p.slug.clone(), id);
        }

        let party = |p: &crate::domain::model::Party| {
            serde_json::json!([p.slug, p.name, p.short_code, p.kind.as_str()])
        };
        if let Some(rows) = json_rows(&plan.parties, Write::Update, party) {
            sqlx::query!(
                r#"UPDATE party SET name = p.value ->> 1, short_code = p.value ->> 2, kind = p.value ->> 3,
                       recorded_at = ?2
                   FROM json_each(?1) AS p
                   WHERE party.slug = p.value ->> 0"#,
                rows,
                at
            )
            .execute(&mut *conn)
            .await?;
        }
        if let Some(rows) = json_rows(&plan.parties, Write::Insert, party) {
            for r in sqlx::query!(
                r#"INSERT INTO party (slug, name, short_code, kind, recorded_at)
                   SELECT value ->> 0, value ->> 1, value ->> 2, value ->> 3, ?2 FROM json_each(?1)
                   RETURNING party_id AS "id!", slug AS "slug!: String""#,
                rows,
                at
            )
            .fetch_all(&mut *conn)
            .await?
            {
                self.ids.parties.insert(r.slug, r.id);
            }
        }

        let person =
            |p: &crate::domain::model::Person| serde_json::json!([p.slug, p.name, p.party, p.role]);
        if let Some(rows) = json_rows(&plan.persons, Write::Update, person) {
            sqlx::query!(
                r#"UPDATE person SET name = p.value ->> 1, party_id = pa.party_id, role = p.value ->> 3,
                       recorded_at = ?2
                   FROM json_each(?1) AS p JOIN party pa ON pa.slug = p.value ->> 2
                   WHERE person.slug = p.value ->> 0"#,
                rows,
                at
            )
            .execute(&mut *conn)
            .await?;
        }
        if let Some(rows) = json_rows(&plan.persons, Write::Insert, person) {
            sqlx::query!(
                r#"INSERT INTO person (slug, name, party_id, role, recorded_at)
                   SELECT p.value ->> 0, p.value ->> 1, pa.party_id, p.value ->> 3, ?2
                   FROM json_each(?1) AS p JOIN party pa ON pa.slug = p.value ->> 2"#,
                rows,
                at
            )
            .execute(&mut *conn)
            .await?;
        }

        let outlet = |o: &crate::domain::model::Outlet| serde_json::json!([o.slug, o.name]);
        if let Some(rows) = json_rows(&plan.outlets, Write::Update, outlet) {
            sqlx::query!(
                r#"UPDATE outlet SET name = o.value ->> 1, recorded_at = ?2
                   FROM json_each(?1) AS o WHERE outlet.slug = o.value ->> 0"#,
                rows,
                at
            )
            .execute(&mut *conn)
            .await?;
        }
        if let Some(rows) = json_rows(&plan.outlets, Write::Insert, outlet) {
            sqlx::query!(
                r#"INSERT INTO outlet (slug, name, recorded_at)
                   SELECT value ->> 0, value ->> 1, ?2 FROM json_each(?1)"#,
                rows,
                at
            )
            .execute(&mut *conn)
            .await?;
        }

        let aliases_of = |kind: Named| -> Option<String> {
            let rows: Vec<serde_json::Value> = (plan.aliases.iter())
                .filter(|(k, _, _)| *k == kind)
                .map(|(_, slug, alias)| serde_json::json!([slug, alias]))
                .collect();
            (!rows.is_empty()).then(|| serde_json::Value::from(rows).to_string())
        };
        if let Some(aliases) = aliases_of(Named::Party) {
            sqlx::query!(
                "INSERT INTO party_alias (party_id, alias, recorded_at)
                 SELECT party.party_id, a.value ->> 1, ?2
                 FROM json_each(?1) AS a JOIN party ON party.slug = a.value ->> 0",
                aliases,
                at
            )
            .execute(&mut *conn)
            .await?;
        }
        if let Some(aliases) = aliases_of(Named::Person) {
            sqlx::query!(
                "INSERT INTO person_alias (person_id, alias, recorded_at)
                 SELECT person.person_id, a.value ->> 1, ?2
                 FROM json_each(?1) AS a JOIN person ON person.slug = a.value ->> 0",
                aliases,
                at
            )
            .execute(&mut *conn)
            .await?;
        }
        if let Some(aliases) = aliases_of(Named::Outlet) {
            sqlx::query!(
                "INSERT INTO outlet_alias (outlet_id, alias, recorded_at)
                 SELECT outlet.outlet_id, a.value ->> 1, ?2
                 FROM json_each(?1) AS a JOIN outlet ON outlet.slug = a.value ->> 0",
                aliases,
                at
            )
            .execute(&mut *conn)
            .await?;
        }

        let source = |s: &crate::domain::model::Source| {
            serde_json::json!([
                s.slug,
                s.outlet,
                s.title,
                s.url,
                s.published_on.map(|d| d.to_string()),
                s.reliability.map(|r| r.as_str()),
                s.outlet_slug,
                s.obtained_via,
            ])
        };
        if let Some(rows) = json_rows(&plan.sources, Write::Update, source) {
            sqlx::query!(
                r#"UPDATE source SET outlet = s.value ->> 1, title = s.value ->> 2, url = s.value ->> 3,
                       published_on = s.value ->> 4, reliability = s.value ->> 5,
                       outlet_id = (SELECT outlet_id FROM outlet WHERE slug = s.value ->> 6),
                       obtained_via = s.value ->> 7, recorded_at = ?2
                   FROM json_each(?1) AS s
                   WHERE source.slug = s.value ->> 0"#,
                rows,
                at
            )
            .execute(&mut *conn)
            .await?;
        }
        if let Some(rows) = json_rows(&plan.sources, Write::Insert, source) {
            for r in sqlx::query!(
                r#"INSERT INTO source (slug, outlet, title, url, published_on, reliability, outlet_id,
                                       obtained_via, recorded_at)
                   SELECT value ->> 0, value ->> 1, value ->> 2, value ->> 3, value ->> 4, value ->> 5,
                          (SELECT outlet_id FROM outlet WHERE slug = value ->> 6), value ->> 7, ?2
                   FROM json_each(?1)
                   RETURNING source_id AS "id!", slug AS "slug!: String""#,
                rows,
                at
            )
            .fetch_all(&mut *conn)
            .await?
            {
                self.ids.sources.insert(r.slug, r.id);
            }
        }

        let item = |i: &crate::domain::model::AgendaItem| {
            serde_json::json!([i.process, i.slug, i.title, i.description, i.parent])
        };
        // A new item is written with its parent, so that it has one version: parents
        // new to the database first, then the items below them, level by level.
        let (inserted, cyclic) = insert_levels(&plan.items);
        for level in inserted.iter().chain([&cyclic]).filter(|l| !l.is_empty()) {
            let rows = serde_json::Value::from(level.iter().map(|i| item(i)).collect::<Vec<_>>())
                .to_string();
            for r in sqlx::query!(
                r#"INSERT INTO agenda_item (process_id, slug, title, description, recorded_at, parent_agenda_item_id)
                   SELECT p.process_id, i.value ->> 1, i.value ->> 2, i.value ->> 3, ?2,
                          (SELECT parent.agenda_item_id FROM agenda_item parent
                           WHERE parent.process_id = p.process_id AND parent.slug = i.value ->> 4)
                   FROM json_each(?1) AS i JOIN process p ON p.slug = i.value ->> 0
                   RETURNING agenda_item_id AS "id!", slug AS "slug!: String",
                       (SELECT slug FROM process WHERE process.process_id = agenda_item.process_id) AS "process!: String""#,
                rows,
                at
            )
            .fetch_all(&mut *conn)
            .await?
            {
                self.ids.add_item(r.process, r.slug, r.id);
            }
        }
        // The items the database held, once every item is written (a parent may be
        // declared after its child): each changed by one UPDATE, its details and its
        // parent together, so that one write makes one version of it.
        if let Some(rows) = held_item_rows(&plan, &inserted) {
            sqlx::query!(
                r#"UPDATE agenda_item SET
                       title = CASE WHEN u.value ->> 5 THEN u.value ->> 2 ELSE agenda_item.title END,
                       description = CASE WHEN u.value ->> 5 THEN u.value ->> 3
                                          ELSE agenda_item.description END,
                       parent_agenda_item_id = CASE WHEN u.value ->> 6
                           THEN (SELECT parent.agenda_item_id FROM agenda_item parent
                                 WHERE parent.process_id = agenda_item.process_id
                                   AND parent.slug = u.value ->> 4)
                           ELSE agenda_item.parent_agenda_item_id END,
                       recorded_at = ?2
                   FROM json_each(?1) AS u JOIN process p ON p.slug = u.value ->> 0
                   WHERE agenda_item.process_id = p.process_id AND agenda_item.slug = u.value ->> 1"#,
                rows,
                at
            )
            .execute(&mut *conn)
            .await?;
        }
        Ok(())
    }
}

/// An item the database held that a plan changes: its details (when they change)
/// and its parent (when it changes), to be written by one UPDATE.
#[derive(Debug, Default)]
pub struct HeldItemChange<'p> {
    pub process: &'p str,
    pub slug: &'p str,
    pub title: Option<&'p str>,
    pub description: Option<&'p str>,
    pub parent: Option<&'p str>,
    pub details_changed: bool,
    pub parent_changed: bool,
}

/// The items the database held that a plan changes (not those it inserts), in
/// (process, slug) order.
pub fn held_item_changes<'p>(
    plan: &'p DeclarationPlan,
    inserted: &[Vec<&AgendaItem>],
) -> Vec<HeldItemChange<'p>> {
    let new: HashSet<(&str, &str)> = (inserted.iter().flatten())
        .map(|i| (i.process.as_str(), i.slug.as_str()))
        .collect();
    let mut rows: BTreeMap<(&str, &str), HeldItemChange<'p>> = BTreeMap::new();
    for (i, _) in plan.items.iter().filter(|(_, w)| *w == Write::Update) {
        rows.insert(
            (&i.process, &i.slug),
            HeldItemChange {
                process: &i.process,
                slug: &i.slug,
                title: Some(&i.title),
                description: i.description.as_deref(),
                details_changed: true,
                ..Default::default()
            },
        );
    }
    for (process, slug, parent) in &plan.parents {
        if new.contains(&(process.as_str(), slug.as_str())) {
            continue;
        }
        let row = rows
            .entry((process, slug))
            .or_insert_with(|| HeldItemChange {
                process,
                slug,
                ..Default::default()
            });
        row.parent = parent.as_deref();
        row.parent_changed = true;
    }
    rows.into_values().collect()
}

/// The items the database held that a plan changes, one row each as the UPDATE
/// reads it: `[process, slug, title, description, parent, details changed, parent
/// changed]`; `None` when there is none.
fn held_item_rows(plan: &DeclarationPlan, inserted: &[Vec<&AgendaItem>]) -> Option<String> {
    let rows: Vec<serde_json::Value> = held_item_changes(plan, inserted)
        .into_iter()
        .map(|c| {
            serde_json::json!([
                c.process,
                c.slug,
                c.title,
                c.description,
                c.parent,
                c.details_changed,
                c.parent_changed
            ])
        })
        .collect();
    (!rows.is_empty()).then(|| serde_json::Value::from(rows).to_string())
}

/// The items a plan inserts, in levels: first those whose parent is none or not new
/// (held already), then those whose parent is in the level before, and so on. The
/// planner refuses a cycle, so every item finds its level; any that do not are given
/// apart, to be written without their parents, which the parents' pass then sets (and
/// the schema's trigger refuses).
pub fn insert_levels(items: &[(AgendaItem, Write)]) -> (Vec<Vec<&AgendaItem>>, Vec<&AgendaItem>) {
    let mut left: Vec<&AgendaItem> = (items.iter())
        .filter(|(_, w)| *w == Write::Insert)
        .map(|(i, _)| i)
        .collect();
    let mut levels = Vec::new();
    while !left.is_empty() {
        let waiting: HashSet<(&str, &str)> = (left.iter())
            .map(|i| (i.process.as_str(), i.slug.as_str()))
            .collect();
        let (ready, rest): (Vec<&AgendaItem>, Vec<&AgendaItem>) = left.into_iter().partition(|i| {
            i.parent
                .as_deref()
                .is_none_or(|p| !waiting.contains(&(i.process.as_str(), p)))
        });
        if ready.is_empty() {
            return (levels, rest);
        }
        levels.push(ready);
        left = rest;
    }
    (levels, Vec::new())
}
