//! Writing the declarations a plan inserts and updates: processes one by one (a file
//! declares one), and parties, persons, outlets, aliases, sources and items with one
//! UPDATE and one INSERT per kind, whatever their number, the rows travelling as one
//! array per column (`UNNEST`). Not upserts, as on SQLite: the insert triggers refuse
//! a key that is taken. Which items are written in which order (parents first) and
//! how a held item's changes combine are the SQLite store's functions, shared.

use super::PgStore;
use super::write_log::column;
use parley_core::domain::model::{Outlet, Party, Person, Source};
use parley_core::domain::names::Named;
use parley_core::error::Result;
use parley_core::storage::import::declarations::{held_item_changes, insert_levels};
use parley_core::storage::plan::*;

const INSERT_PROCESS: &str = "INSERT INTO process (slug, name, description, recorded_at)
                              VALUES ($1, $2, $3, $4) RETURNING process_id";
const UPDATE_PROCESS: &str = "UPDATE process SET name = $2, description = $3, recorded_at = $4
                              WHERE slug = $1 RETURNING process_id";
const UPDATE_PARTIES: &str =
    "UPDATE party SET name = u.name, short_code = u.short_code, kind = u.kind,
                                  recorded_at = $5
                              FROM UNNEST($1::text[], $2::text[], $3::text[], $4::text[])
                                  AS u(slug, name, short_code, kind)
                              WHERE party.slug = u.slug";
const INSERT_PARTIES: &str = "INSERT INTO party (slug, name, short_code, kind, recorded_at)
                              SELECT u.*, $5::timestamptz
                              FROM UNNEST($1::text[], $2::text[], $3::text[], $4::text[]) AS u
                              RETURNING party_id, slug";
const UPDATE_PERSONS: &str =
    "UPDATE person SET name = u.name, party_id = pa.party_id, role = u.role,
                                  recorded_at = $5
                              FROM UNNEST($1::text[], $2::text[], $3::text[], $4::text[])
                                  AS u(slug, name, party, role)
                              JOIN party pa ON pa.slug = u.party
                              WHERE person.slug = u.slug";
const INSERT_PERSONS: &str = "INSERT INTO person (slug, name, party_id, role, recorded_at)
                              SELECT u.slug, u.name, pa.party_id, u.role, $5
                              FROM UNNEST($1::text[], $2::text[], $3::text[], $4::text[])
                                  WITH ORDINALITY AS u(slug, name, party, role, n)
                              JOIN party pa ON pa.slug = u.party
                              ORDER BY u.n";
const UPDATE_OUTLETS: &str = "UPDATE outlet SET name = u.name, recorded_at = $3
                              FROM UNNEST($1::text[], $2::text[]) AS u(slug, name)
                              WHERE outlet.slug = u.slug";
const INSERT_OUTLETS: &str = "INSERT INTO outlet (slug, name, recorded_at)
                              SELECT u.*, $3::timestamptz FROM UNNEST($1::text[], $2::text[]) AS u";
const INSERT_PARTY_ALIASES: &str = "INSERT INTO party_alias (party_id, alias, recorded_at)
    SELECT party.party_id, a.alias, $3
    FROM UNNEST($1::text[], $2::text[]) WITH ORDINALITY AS a(slug, alias, n)
    JOIN party ON party.slug = a.slug ORDER BY a.n";
const INSERT_PERSON_ALIASES: &str = "INSERT INTO person_alias (person_id, alias, recorded_at)
    SELECT person.person_id, a.alias, $3
    FROM UNNEST($1::text[], $2::text[]) WITH ORDINALITY AS a(slug, alias, n)
    JOIN person ON person.slug = a.slug ORDER BY a.n";
const INSERT_OUTLET_ALIASES: &str = "INSERT INTO outlet_alias (outlet_id, alias, recorded_at)
    SELECT outlet.outlet_id, a.alias, $3
    FROM UNNEST($1::text[], $2::text[]) WITH ORDINALITY AS a(slug, alias, n)
    JOIN outlet ON outlet.slug = a.slug ORDER BY a.n";
const UPDATE_SOURCES: &str = "UPDATE source SET outlet = u.outlet, title = u.title, url = u.url,
                                  published_on = u.published_on, reliability = u.reliability,
                                  outlet_id = (SELECT outlet_id FROM outlet WHERE slug = u.outlet_slug),
                                  obtained_via = u.obtained_via, recorded_at = $9
                              FROM UNNEST($1::text[], $2::text[], $3::text[], $4::text[], $5::text[],
                                          $6::text[], $7::text[], $8::text[])
                                  AS u(slug, outlet, title, url, published_on, reliability, outlet_slug,
                                       obtained_via)
                              WHERE source.slug = u.slug";
const INSERT_SOURCES: &str = "INSERT INTO source (slug, outlet, title, url, published_on, reliability,
                                                 outlet_id, obtained_via, recorded_at)
                              SELECT u.slug, u.outlet, u.title, u.url, u.published_on, u.reliability,
                                     (SELECT outlet_id FROM outlet WHERE slug = u.outlet_slug),
                                     u.obtained_via, $9
                              FROM UNNEST($1::text[], $2::text[], $3::text[], $4::text[], $5::text[],
                                          $6::text[], $7::text[], $8::text[]) WITH ORDINALITY
                                  AS u(slug, outlet, title, url, published_on, reliability, outlet_slug,
                                       obtained_via, n)
                              ORDER BY u.n
                              RETURNING source_id, slug";
const INSERT_ITEMS: &str =
    "INSERT INTO agenda_item (process_id, slug, title, description, recorded_at,
                                                    parent_agenda_item_id)
    SELECT p.process_id, i.slug, i.title, i.description, $6,
           (SELECT parent.agenda_item_id FROM agenda_item parent
            WHERE parent.process_id = p.process_id AND parent.slug = i.parent)
    FROM UNNEST($1::text[], $2::text[], $3::text[], $4::text[], $5::text[]) WITH ORDINALITY
        AS i(process, slug, title, description, parent, n)
    JOIN process p ON p.slug = i.process
    ORDER BY i.n
    RETURNING agenda_item_id, slug,
        (SELECT slug FROM process WHERE process.process_id = agenda_item.process_id)";
const UPDATE_ITEMS: &str = "UPDATE agenda_item SET
        title = CASE WHEN u.details THEN u.title ELSE agenda_item.title END,
        description = CASE WHEN u.details THEN u.description ELSE agenda_item.description END,
        parent_agenda_item_id = CASE WHEN u.reparent
            THEN (SELECT parent.agenda_item_id FROM agenda_item parent
                  WHERE parent.process_id = agenda_item.process_id AND parent.slug = u.parent)
            ELSE agenda_item.parent_agenda_item_id END,
        recorded_at = $8
    FROM UNNEST($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::boolean[],
                $7::boolean[]) AS u(process, slug, title, description, parent, details, reparent)
    JOIN process p ON p.slug = u.process
    WHERE agenda_item.process_id = p.process_id AND agenda_item.slug = u.slug";

/// The declarations of one kind that a plan writes one way.
fn rows<T>(rows: &[(T, Write)], write: Write) -> Vec<&T> {
    (rows.iter())
        .filter(|(_, w)| *w == write)
        .map(|(r, _)| r)
        .collect()
}

fn col<'a, T, V>(rows: &[&'a T], f: impl Fn(&'a T) -> V) -> Vec<V> {
    rows.iter().map(|r| f(r)).collect()
}

impl PgStore<'_> {
    pub(super) async fn write_declarations(&mut self, plan: DeclarationPlan) -> Result<()> {
        let (conn, at) = (&mut *self.conn, column(self.at));
        for (p, write) in &plan.processes {
            let statement = match write {
                Write::Insert => INSERT_PROCESS,
                Write::Update => UPDATE_PROCESS,
            };
            let id: i64 = sqlx::query_scalar(statement)
                .bind(&p.slug)
                .bind(&p.name)
                .bind(&p.description)
                .bind(at)
                .fetch_one(&mut *conn)
                .await?;
            self.ids.processes.insert(p.slug.clone(), id);
        }

        for write in [Write::Update, Write::Insert] {
            let parties: Vec<&Party> = rows(&plan.parties, write);
            if parties.is_empty() {
                continue;
            }
            let statement = match write {
                Write::Update => UPDATE_PARTIES,
                Write::Insert => INSERT_PARTIES,
            };
            let written: Vec<(i64, String)> = sqlx::query_as(statement)
                .bind(col(&parties, |p| p.slug.as_str()))
                .bind(col(&parties, |p| p.name.as_str()))
                .bind(col(&parties, |p| p.short_code.as_deref()))
                .bind(col(&parties, |p| p.kind.as_str()))
                .bind(at)
                .fetch_all(&mut *conn)
                .await?;
            self.ids
                .parties
                .extend(written.into_iter().map(|(id, slug)| (slug, id)));
        }

        for write in [Write::Update, Write::Insert] {
            let persons: Vec<&Person> = rows(&plan.persons, write);
            if persons.is_empty() {
                continue;
            }
            let statement = match write {
                Write::Update => UPDATE_PERSONS,
                Write::Insert => INSERT_PERSONS,
            };
            sqlx::query(statement)
                .bind(col(&persons, |p| p.slug.as_str()))
                .bind(col(&persons, |p| p.name.as_str()))
                .bind(col(&persons, |p| p.party.as_str()))
                .bind(col(&persons, |p| p.role.as_deref()))
                .bind(at)
                .execute(&mut *conn)
                .await?;
        }

        for write in [Write::Update, Write::Insert] {
            let outlets: Vec<&Outlet> = rows(&plan.outlets, write);
            if outlets.is_empty() {
                continue;
            }
            let statement = match write {
                Write::Update => UPDATE_OUTLETS,
                Write::Insert => INSERT_OUTLETS,
            };
            sqlx::query(statement)
                .bind(col(&outlets, |o| o.slug.as_str()))
                .bind(col(&outlets, |o| o.name.as_str()))
                .bind(at)
                .execute(&mut *conn)
                .await?;
        }

        for (kind, statement) in [
            (Named::Party, INSERT_PARTY_ALIASES),
            (Named::Person, INSERT_PERSON_ALIASES),
            (Named::Outlet, INSERT_OUTLET_ALIASES),
        ] {
            let (slugs, aliases): (Vec<&str>, Vec<&str>) = (plan.aliases.iter())
                .filter(|(k, _, _)| *k == kind)
                .map(|(_, slug, alias)| (slug.as_str(), alias.as_str()))
                .unzip();
            if slugs.is_empty() {
                continue;
            }
            sqlx::query(statement)
                .bind(slugs)
                .bind(aliases)
                .bind(at)
                .execute(&mut *conn)
                .await?;
        }

        for write in [Write::Update, Write::Insert] {
            let sources: Vec<&Source> = rows(&plan.sources, write);
            if sources.is_empty() {
                continue;
            }
            let statement = match write {
                Write::Update => UPDATE_SOURCES,
                Write::Insert => INSERT_SOURCES,
            };
            let written: Vec<(i64, String)> = sqlx::query_as(statement)
                .bind(col(&sources, |s| s.slug.as_str()))
                .bind(col(&sources, |s| s.outlet.as_str()))
                .bind(col(&sources, |s| s.title.as_deref()))
                .bind(col(&sources, |s| s.url.as_deref()))
                .bind(col(&sources, |s| s.published_on.map(|d| d.to_string())))
                .bind(col(&sources, |s| s.reliability.map(|r| r.as_str())))
                .bind(col(&sources, |s| s.outlet_slug.as_str()))
                .bind(col(&sources, |s| s.obtained_via.as_deref()))
                .bind(at)
                .fetch_all(&mut *conn)
                .await?;
            self.ids
                .sources
                .extend(written.into_iter().map(|(id, slug)| (slug, id)));
        }

        // A new item is written with its parent, so that it has one version: parents
        // new to the database first, then the items below them, level by level.
        let (inserted, cyclic) = insert_levels(&plan.items);
        for level in inserted.iter().chain([&cyclic]).filter(|l| !l.is_empty()) {
            let written: Vec<(i64, String, String)> = sqlx::query_as(INSERT_ITEMS)
                .bind(col(level, |i| i.process.as_str()))
                .bind(col(level, |i| i.slug.as_str()))
                .bind(col(level, |i| i.title.as_str()))
                .bind(col(level, |i| i.description.as_deref()))
                .bind(col(level, |i| i.parent.as_deref()))
                .bind(at)
                .fetch_all(&mut *conn)
                .await?;
            for (id, slug, process) in written {
                self.ids.add_item(process, slug, id);
            }
        }
        // The items the database held, once every item is written (a parent may be
        // declared after its child): each changed by one UPDATE, its details and its
        // parent together, so that one write makes one version of it.
        let changes = held_item_changes(&plan, &inserted);
        if !changes.is_empty() {
            let changes: Vec<_> = changes.iter().collect();
            sqlx::query(UPDATE_ITEMS)
                .bind(col(&changes, |c| c.process))
                .bind(col(&changes, |c| c.slug))
                .bind(col(&changes, |c| c.title))
                .bind(col(&changes, |c| c.description))
                .bind(col(&changes, |c| c.parent))
                .bind(col(&changes, |c| c.details_changed))
                .bind(col(&changes, |c| c.parent_changed))
                .bind(at)
                .execute(&mut *conn)
                .await?;
        }
        Ok(())
    }
}
