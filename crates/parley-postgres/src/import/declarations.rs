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
            let id = match write {
                Write::Insert => {
                    sqlx::query_scalar!(
                        "INSERT INTO process (slug, name, description, recorded_at)
                     VALUES ($1, $2, $3, $4) RETURNING process_id",
                        &p.slug,
                        &p.name,
                        p.description.as_deref(),
                        at
                    )
                    .fetch_one(&mut *conn)
                    .await?
                }
                Write::Update => {
                    sqlx::query_scalar!(
                        "UPDATE process SET name = $2, description = $3, recorded_at = $4
                     WHERE slug = $1 RETURNING process_id",
                        &p.slug,
                        &p.name,
                        p.description.as_deref(),
                        at
                    )
                    .fetch_one(&mut *conn)
                    .await?
                }
            };
            self.ids.processes.insert(p.slug.clone(), id);
        }

        for write in [Write::Update, Write::Insert] {
            let parties: Vec<&Party> = rows(&plan.parties, write);
            if parties.is_empty() {
                continue;
            }
            let (slugs, names) = (
                col(&parties, |p| p.slug.as_str()),
                col(&parties, |p| p.name.as_str()),
            );
            let short_codes = col(&parties, |p| p.short_code.as_deref());
            let kinds = col(&parties, |p| p.kind.as_str());
            match write {
                Write::Update => {
                    sqlx::query!(
                        "UPDATE party SET name = u.name, short_code = u.short_code, kind = u.kind,
                                          recorded_at = $5
                         FROM UNNEST($1::text[], $2::text[], $3::text[], $4::text[])
                             AS u(slug, name, short_code, kind)
                         WHERE party.slug = u.slug",
                        &slugs as &[&str],
                        &names as &[&str],
                        &short_codes as &[Option<&str>],
                        &kinds as &[&str],
                        at
                    )
                    .execute(&mut *conn)
                    .await?;
                }
                Write::Insert => {
                    let written = sqlx::query!(
                        "INSERT INTO party (slug, name, short_code, kind, recorded_at)
                         SELECT u.*, $5::timestamptz
                         FROM UNNEST($1::text[], $2::text[], $3::text[], $4::text[]) AS u
                         RETURNING party_id, slug",
                        &slugs as &[&str],
                        &names as &[&str],
                        &short_codes as &[Option<&str>],
                        &kinds as &[&str],
                        at
                    )
                    .fetch_all(&mut *conn)
                    .await?;
                    (self.ids.parties).extend(written.into_iter().map(|w| (w.slug, w.party_id)));
                }
            }
        }

        for write in [Write::Update, Write::Insert] {
            let persons: Vec<&Person> = rows(&plan.persons, write);
            if persons.is_empty() {
                continue;
            }
            let (slugs, names) = (
                col(&persons, |p| p.slug.as_str()),
                col(&persons, |p| p.name.as_str()),
            );
            let parties = col(&persons, |p| p.party.as_str());
            let roles = col(&persons, |p| p.role.as_deref());
            match write {
                Write::Update => {
                    sqlx::query!(
                        "UPDATE person SET name = u.name, party_id = pa.party_id, role = u.role,
                                       recorded_at = $5
                     FROM UNNEST($1::text[], $2::text[], $3::text[], $4::text[])
                         AS u(slug, name, party, role)
                     JOIN party pa ON pa.slug = u.party
                     WHERE person.slug = u.slug",
                        &slugs as &[&str],
                        &names as &[&str],
                        &parties as &[&str],
                        &roles as &[Option<&str>],
                        at
                    )
                    .execute(&mut *conn)
                    .await?
                }
                Write::Insert => {
                    sqlx::query!(
                        "INSERT INTO person (slug, name, party_id, role, recorded_at)
                     SELECT u.slug, u.name, pa.party_id, u.role, $5
                     FROM UNNEST($1::text[], $2::text[], $3::text[], $4::text[])
                         WITH ORDINALITY AS u(slug, name, party, role, n)
                     JOIN party pa ON pa.slug = u.party
                     ORDER BY u.n",
                        &slugs as &[&str],
                        &names as &[&str],
                        &parties as &[&str],
                        &roles as &[Option<&str>],
                        at
                    )
                    .execute(&mut *conn)
                    .await?
                }
            };
        }

        for write in [Write::Update, Write::Insert] {
            let outlets: Vec<&Outlet> = rows(&plan.outlets, write);
            if outlets.is_empty() {
                continue;
            }
            let (slugs, names) = (
                col(&outlets, |o| o.slug.as_str()),
                col(&outlets, |o| o.name.as_str()),
            );
            match write {
                Write::Update => {
                    sqlx::query!(
                        "UPDATE outlet SET name = u.name, recorded_at = $3
                     FROM UNNEST($1::text[], $2::text[]) AS u(slug, name)
                     WHERE outlet.slug = u.slug",
                        &slugs as &[&str],
                        &names as &[&str],
                        at
                    )
                    .execute(&mut *conn)
                    .await?
                }
                Write::Insert => {
                    sqlx::query!(
                        "INSERT INTO outlet (slug, name, recorded_at)
                     SELECT u.*, $3::timestamptz FROM UNNEST($1::text[], $2::text[]) AS u",
                        &slugs as &[&str],
                        &names as &[&str],
                        at
                    )
                    .execute(&mut *conn)
                    .await?
                }
            };
        }

        for kind in [Named::Party, Named::Person, Named::Outlet] {
            let (slugs, aliases): (Vec<&str>, Vec<&str>) = (plan.aliases.iter())
                .filter(|(k, _, _)| *k == kind)
                .map(|(_, slug, alias)| (slug.as_str(), alias.as_str()))
                .unzip();
            if slugs.is_empty() {
                continue;
            }
            match kind {
                Named::Party => {
                    sqlx::query!(
                        "INSERT INTO party_alias (party_id, alias, recorded_at)
                     SELECT party.party_id, a.alias, $3
                     FROM UNNEST($1::text[], $2::text[]) WITH ORDINALITY AS a(slug, alias, n)
                     JOIN party ON party.slug = a.slug ORDER BY a.n",
                        &slugs as &[&str],
                        &aliases as &[&str],
                        at
                    )
                    .execute(&mut *conn)
                    .await?
                }
                Named::Person => {
                    sqlx::query!(
                        "INSERT INTO person_alias (person_id, alias, recorded_at)
                     SELECT person.person_id, a.alias, $3
                     FROM UNNEST($1::text[], $2::text[]) WITH ORDINALITY AS a(slug, alias, n)
                     JOIN person ON person.slug = a.slug ORDER BY a.n",
                        &slugs as &[&str],
                        &aliases as &[&str],
                        at
                    )
                    .execute(&mut *conn)
                    .await?
                }
                Named::Outlet => {
                    sqlx::query!(
                        "INSERT INTO outlet_alias (outlet_id, alias, recorded_at)
                     SELECT outlet.outlet_id, a.alias, $3
                     FROM UNNEST($1::text[], $2::text[]) WITH ORDINALITY AS a(slug, alias, n)
                     JOIN outlet ON outlet.slug = a.slug ORDER BY a.n",
                        &slugs as &[&str],
                        &aliases as &[&str],
                        at
                    )
                    .execute(&mut *conn)
                    .await?
                }
            };
        }

        for write in [Write::Update, Write::Insert] {
            let sources: Vec<&Source> = rows(&plan.sources, write);
            if sources.is_empty() {
                continue;
            }
            let (slugs, outlets) = (
                col(&sources, |s| s.slug.as_str()),
                col(&sources, |s| s.outlet.as_str()),
            );
            let (titles, urls) = (
                col(&sources, |s| s.title.as_deref()),
                col(&sources, |s| s.url.as_deref()),
            );
            let published = col(&sources, |s| s.published_on.map(|d| d.to_string()));
            let reliabilities = col(&sources, |s| s.reliability.map(|r| r.as_str()));
            let outlet_slugs = col(&sources, |s| s.outlet_slug.as_str());
            let obtained_via = col(&sources, |s| s.obtained_via.as_deref());
            match write {
                Write::Update => {
                    sqlx::query!(
                        "UPDATE source SET outlet = u.outlet, title = u.title, url = u.url,
                             published_on = u.published_on, reliability = u.reliability,
                             outlet_id = (SELECT outlet_id FROM outlet WHERE slug = u.outlet_slug),
                             obtained_via = u.obtained_via, recorded_at = $9
                         FROM UNNEST($1::text[], $2::text[], $3::text[], $4::text[], $5::text[],
                                     $6::text[], $7::text[], $8::text[])
                             AS u(slug, outlet, title, url, published_on, reliability, outlet_slug,
                                  obtained_via)
                         WHERE source.slug = u.slug",
                        &slugs as &[&str],
                        &outlets as &[&str],
                        &titles as &[Option<&str>],
                        &urls as &[Option<&str>],
                        &published as &[Option<String>],
                        &reliabilities as &[Option<&str>],
                        &outlet_slugs as &[&str],
                        &obtained_via as &[Option<&str>],
                        at
                    )
                    .execute(&mut *conn)
                    .await?;
                }
                Write::Insert => {
                    let written = sqlx::query!(
                        "INSERT INTO source (slug, outlet, title, url, published_on, reliability,
                                             outlet_id, obtained_via, recorded_at)
                         SELECT u.slug, u.outlet, u.title, u.url, u.published_on, u.reliability,
                                (SELECT outlet_id FROM outlet WHERE slug = u.outlet_slug),
                                u.obtained_via, $9
                         FROM UNNEST($1::text[], $2::text[], $3::text[], $4::text[], $5::text[],
                                     $6::text[], $7::text[], $8::text[]) WITH ORDINALITY
                             AS u(slug, outlet, title, url, published_on, reliability, outlet_slug,
                                  obtained_via, n)
                         ORDER BY u.n
                         RETURNING source_id, slug",
                        &slugs as &[&str],
                        &outlets as &[&str],
                        &titles as &[Option<&str>],
                        &urls as &[Option<&str>],
                        &published as &[Option<String>],
                        &reliabilities as &[Option<&str>],
                        &outlet_slugs as &[&str],
                        &obtained_via as &[Option<&str>],
                        at
                    )
                    .fetch_all(&mut *conn)
                    .await?;
                    (self.ids.sources).extend(written.into_iter().map(|w| (w.slug, w.source_id)));
                }
            }
        }

        // A new item is written with its parent, so that it has one version: parents
        // new to the database first, then the items below them, level by level.
        let (inserted, cyclic) = insert_levels(&plan.items);
        for level in inserted.iter().chain([&cyclic]).filter(|l| !l.is_empty()) {
            let written = sqlx::query!(
                r#"INSERT INTO agenda_item (process_id, slug, title, description, recorded_at,
                                            parent_agenda_item_id)
                   SELECT p.process_id, i.slug, i.title, i.description, $6,
                          (SELECT parent.agenda_item_id FROM agenda_item parent
                           WHERE parent.process_id = p.process_id AND parent.slug = i.parent)
                   FROM UNNEST($1::text[], $2::text[], $3::text[], $4::text[], $5::text[])
                       WITH ORDINALITY AS i(process, slug, title, description, parent, n)
                   JOIN process p ON p.slug = i.process
                   ORDER BY i.n
                   RETURNING agenda_item_id, slug,
                       (SELECT slug FROM process WHERE process.process_id = agenda_item.process_id)
                           AS "process!""#,
                &col(level, |i| i.process.as_str()) as &[&str],
                &col(level, |i| i.slug.as_str()) as &[&str],
                &col(level, |i| i.title.as_str()) as &[&str],
                &col(level, |i| i.description.as_deref()) as &[Option<&str>],
                &col(level, |i| i.parent.as_deref()) as &[Option<&str>],
                at
            )
            .fetch_all(&mut *conn)
            .await?;
            for w in written {
                self.ids.add_item(w.process, w.slug, w.agenda_item_id);
            }
        }
        // The items the database held, once every item is written (a parent may be
        // declared after its child): each changed by one UPDATE, its details and its
        // parent together, so that one write makes one version of it.
        let changes = held_item_changes(&plan, &inserted);
        if !changes.is_empty() {
            let changes: Vec<_> = changes.iter().collect();
            sqlx::query!(
                "UPDATE agenda_item SET
                     title = CASE WHEN u.details THEN u.title ELSE agenda_item.title END,
                     description = CASE WHEN u.details THEN u.description
                                        ELSE agenda_item.description END,
                     parent_agenda_item_id = CASE WHEN u.reparent
                         THEN (SELECT parent.agenda_item_id FROM agenda_item parent
                               WHERE parent.process_id = agenda_item.process_id
                                 AND parent.slug = u.parent)
                         ELSE agenda_item.parent_agenda_item_id END,
                     recorded_at = $8
                 FROM UNNEST($1::text[], $2::text[], $3::text[], $4::text[], $5::text[],
                             $6::boolean[], $7::boolean[])
                     AS u(process, slug, title, description, parent, details, reparent)
                 JOIN process p ON p.slug = u.process
                 WHERE agenda_item.process_id = p.process_id AND agenda_item.slug = u.slug",
                &col(&changes, |c| c.process) as &[&str],
                &col(&changes, |c| c.slug) as &[&str],
                &col(&changes, |c| c.title) as &[Option<&str>],
                &col(&changes, |c| c.description) as &[Option<&str>],
                &col(&changes, |c| c.parent) as &[Option<&str>],
                &col(&changes, |c| c.details_changed),
                &col(&changes, |c| c.parent_changed),
                at
            )
            .execute(&mut *conn)
            .await?;
        }
        Ok(())
    }
}
