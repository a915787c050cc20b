//! What the planner asks of SQLite: the declarations a piece names, which of its
//! rounds the database holds, and a round's details and claims. Each is read by key,
//! one statement per kind of record (the keys travel as one JSON array, which SQLite
//! reads with `json_each`), inside the import's transaction.

use std::str::FromStr;

use super::SqliteStore;
use super::ids::json_list;
use super::kinds::{SqliteKind, read_round_citations};
use crate::domain::Instant;
use crate::domain::model::{AgendaItem, Outlet, Party, Person, Process, Source};
use crate::domain::names::Named;
use crate::error::{Error, Result};
use crate::storage::plan::*;

/// A vocabulary value or date a declaration holds, read.
fn parse<T: FromStr>(what: &str, slug: &str, field: &str, value: &str) -> Result<T> {
    value
        .parse()
        .map_err(|_| Error::Unreadable(format!("{what} '{slug}' with the {field} '{value}'")))
}

fn pairs(keys: &[(String, String)]) -> String {
    serde_json::Value::from(
        keys.iter()
            .map(|(a, b)| serde_json::json!([a, b]))
            .collect::<Vec<_>>(),
    )
    .to_string()
}

fn list(names: &[String]) -> String {
    json_list(&names.iter().map(String::as_str).collect::<Vec<_>>())
}

impl SqliteStore<'_> {
    pub(super) async fn read_declarations(&mut self, wanted: &Wanted) -> Result<HeldDeclarations> {
        let mut held = HeldDeclarations::default();
        let conn = &mut *self.conn;
        if !wanted.processes.is_empty() {
            let slugs = list(&wanted.processes);
            for p in sqlx::query!(
                r#"SELECT process_id AS "id!", slug, name, description FROM process
                   WHERE slug IN (SELECT value FROM json_each(?1))"#,
                slugs
            )
            .fetch_all(&mut *conn)
            .await?
            {
                self.ids.processes.insert(p.slug.clone(), p.id);
                held.processes.push(Process {
                    slug: p.slug,
                    name: p.name,
                    description: p.description,
                });
            }
        }
        if !wanted.parties.is_empty() {
            let slugs = list(&wanted.parties);
            for p in sqlx::query!(
                r#"SELECT party_id AS "id!", slug, name, short_code, kind FROM party
                   WHERE slug IN (SELECT value FROM json_each(?1))"#,
                slugs
            )
            .fetch_all(&mut *conn)
            .await?
            {
                self.ids.parties.insert(p.slug.clone(), p.id);
                held.parties.push(Party {
                    kind: parse("party", &p.slug, "kind", &p.kind)?,
                    slug: p.slug,
                    name: p.name,
                    short_code: p.short_code,
                    aliases: Vec::new(),
                });
            }
        }
        if !wanted.persons.is_empty() {
            let slugs = list(&wanted.persons);
            for p in sqlx::query!(
                r#"SELECT p.slug, p.name, pa.slug AS party, p.role
                   FROM person p JOIN party pa ON pa.party_id = p.party_id
                   WHERE p.slug IN (SELECT value FROM json_each(?1))"#,
                slugs
            )
            .fetch_all(&mut *conn)
            .await?
            {
                held.persons.push(Person {
                    slug: p.slug,
                    name: p.name,
                    party: p.party,
                    role: p.role,
                    aliases: Vec::new(),
                });
            }
        }
        if !wanted.outlets.is_empty() {
            let slugs = list(&wanted.outlets);
            for o in sqlx::query!(
                "SELECT slug, name FROM outlet WHERE slug IN (SELECT value FROM json_each(?1))",
                slugs
            )
            .fetch_all(&mut *conn)
            .await?
            {
                held.outlets.push(Outlet {
                    slug: o.slug,
                    name: o.name,
                    aliases: Vec::new(),
                });
            }
        }
        if !wanted.aliases.is_empty() {
            let aliases = serde_json::Value::from(
                (wanted.aliases.iter())
                    .map(|(kind, alias)| serde_json::json!([kind.kind(), alias]))
                    .collect::<Vec<_>>(),
            )
            .to_string();
            // `alias` compares regardless of (ASCII) case: IN takes its collation.
            for a in sqlx::query!(
                r#"SELECT 'party' AS "kind!: String", a.alias, p.slug
                   FROM party_alias a JOIN party p ON p.party_id = a.party_id
                   WHERE a.alias IN (SELECT value ->> 1 FROM json_each(?1) WHERE value ->> 0 = 'party')
                   UNION ALL
                   SELECT 'person', a.alias, p.slug
                   FROM person_alias a JOIN person p ON p.person_id = a.person_id
                   WHERE a.alias IN (SELECT value ->> 1 FROM json_each(?1) WHERE value ->> 0 = 'person')
                   UNION ALL
                   SELECT 'outlet', a.alias, o.slug
                   FROM outlet_alias a JOIN outlet o ON o.outlet_id = a.outlet_id
                   WHERE a.alias IN (SELECT value ->> 1 FROM json_each(?1) WHERE value ->> 0 = 'outlet')"#,
                aliases
            )
            .fetch_all(&mut *conn)
            .await?
            {
                let kind = match a.kind.as_str() {
                    "party" => Named::Party,
                    "person" => Named::Person,
                    _ => Named::Outlet,
                };
                held.aliases.push((kind, a.alias, a.slug));
            }
        }
        if !wanted.sources.is_empty() {
            let slugs = list(&wanted.sources);
            for s in sqlx::query!(
                r#"SELECT s.source_id AS "id!", s.slug, s.outlet, o.slug AS "outlet_slug?", s.obtained_via,
                          s.title, s.url, s.published_on, s.reliability
                   FROM source s LEFT JOIN outlet o ON o.outlet_id = s.outlet_id
                   WHERE s.slug IN (SELECT value FROM json_each(?1))"#,
                slugs
            )
            .fetch_all(&mut *conn)
            .await?
            {
                self.ids.sources.insert(s.slug.clone(), s.id);
                let published_on = (s.published_on.as_deref())
                    .map(|d| parse("source", &s.slug, "published_on", d))
                    .transpose()?;
                let reliability = (s.reliability.as_deref())
                    .map(|r| parse("source", &s.slug, "reliability", r))
                    .transpose()?;
                held.sources.push(Source {
                    slug: s.slug,
                    outlet: s.outlet,
                    outlet_slug: s.outlet_slug.unwrap_or_default(),
                    obtained_via: s.obtained_via,
                    title: s.title,
                    url: s.url,
                    published_on,
                    reliability,
                });
            }
        }
        if !wanted.items.is_empty() {
            let keys = pairs(&wanted.items);
            for i in sqlx::query!(
                r#"SELECT i.agenda_item_id AS "id!", p.slug AS process, i.slug, i.title, i.description,
                          parent.slug AS "parent?"
                   FROM json_each(?1) AS w
                   JOIN process p ON p.slug = w.value ->> 0
                   JOIN agenda_item i ON i.process_id = p.process_id AND i.slug = w.value ->> 1
                   LEFT JOIN agenda_item parent ON parent.agenda_item_id = i.parent_agenda_item_id"#,
                keys
            )
            .fetch_all(&mut *conn)
            .await?
            {
                self.ids.add_item(i.process.clone(), i.slug.clone(), i.id);
                held.items.push(AgendaItem {
                    process: i.process,
                    slug: i.slug,
                    parent: i.parent,
                    title: i.title,
                    description: i.description,
                });
            }
        }
        if !wanted.parent_links.is_empty() {
            let processes = list(&wanted.parent_links);
            for link in sqlx::query!(
                r#"SELECT p.slug AS process, i.slug, parent.slug AS "parent!: String"
                   FROM process p
                   JOIN agenda_item i ON i.process_id = p.process_id
                   JOIN agenda_item parent ON parent.agenda_item_id = i.parent_agenda_item_id
                   WHERE p.slug IN (SELECT value FROM json_each(?1))"#,
                processes
            )
            .fetch_all(&mut *conn)
            .await?
            {
                held.parent_links
                    .push((link.process, link.slug, link.parent));
            }
        }
        Ok(held)
    }

    pub(super) async fn read_held_rounds(
        &mut self,
        wanted: &[(String, String)],
    ) -> Result<Vec<(String, String)>> {
        let keys = pairs(wanted);
        let rows = sqlx::query!(
            r#"SELECT p.slug AS process, r.slug, r.round_id AS "id!"
               FROM json_each(?1) AS w
               JOIN process p ON p.slug = w.value ->> 0
               JOIN round r ON r.process_id = p.process_id AND r.slug = w.value ->> 1"#,
            keys
        )
        .fetch_all(&mut *self.conn)
        .await?;
        Ok(rows
            .into_iter()
            .map(|r| {
                self.ids.add_round(&r.process, &r.slug, r.id);
                (r.process, r.slug)
            })
            .collect())
    }

    /// A round's details and the parts asked for, as the database holds them now.
    pub(super) async fn read_round(
        &mut self,
        process: &str,
        slug: &str,
        parts: Parts,
    ) -> Result<RoundView> {
        let round_id = self.ids.round(process, slug).ok_or_else(|| {
            Error::Conflict(format!(
                "round '{slug}' of process '{process}' is not in the database"
            ))
        })?;
        let conn = &mut *self.conn;
        // The round's retraction, by its unique index: a retracted round takes nothing.
        let r = sqlx::query!(
            r#"SELECT r.title, r.start_date, r.end_date, r.location, r.format, r.level, r.state,
                      r.tone, r.summary,
                      x.reason AS "retraction_reason?", x.recorded_at AS "retracted_at?: Instant"
               FROM round r LEFT JOIN retraction x ON x.round_id = r.round_id
               WHERE r.round_id = ?1"#,
            round_id
        )
        .fetch_one(&mut *conn)
        .await?;
        let mut view = RoundView::new(
            Row::Held(round_id),
            RoundColumns {
                title: r.title,
                start_date: r.start_date,
                end_date: r.end_date,
                location: r.location,
                format: r.format,
                level: r.level,
                state: r.state,
                tone: r.tone,
                summary: r.summary,
            },
        );
        view.retracted = super::kinds::retraction(r.retraction_reason, r.retracted_at);
        if parts.citations {
            view.citations = Some(read_round_citations(conn, round_id).await?);
        }
        if parts.participants {
            view.participants = Some(Participants::read(conn, round_id).await?);
        }
        if parts.statuses {
            view.statuses = Some(Statuses::read(conn, round_id).await?);
        }
        if parts.positions {
            view.positions = Some(Positions::read(conn, round_id).await?);
        }
        if parts.commitments {
            view.commitments = Some(Commitments::read(conn, round_id).await?);
        }
        if parts.quotes {
            view.quotes = Some(Quotes::read(conn, round_id).await?);
        }
        if parts.notes {
            view.notes = Some(Notes::read(conn, round_id).await?);
        }
        Ok(view)
    }
}
