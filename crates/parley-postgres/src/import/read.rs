//! What the planner asks of the server: the declarations a piece names, which of its
//! rounds the database holds, a round's details, and the ids of the records a round
//! names. Each is read by key, one statement per kind of record (the keys travel as
//! arrays: `= ANY($1)`, or `UNNEST` for pairs), inside the import's transaction.

use std::str::FromStr;

use chrono::{DateTime, Utc};

use super::PgStore;
use super::kinds::{PgKind, read_round_citations};
use super::write_log::instant;
use parley_core::domain::model::{AgendaItem, Outlet, Party, Person, Process, Round, Source};
use parley_core::domain::names::Named;
use parley_core::error::{Error, Result};
use parley_core::storage::import::kinds::retraction;
use parley_core::storage::plan::*;

const PROCESSES: &str =
    "SELECT process_id, slug, name, description FROM process WHERE slug = ANY($1)";
const PARTIES: &str =
    "SELECT party_id, slug, name, short_code, kind FROM party WHERE slug = ANY($1)";
const PERSONS: &str = "SELECT p.slug, p.name, pa.slug AS party, p.role
                       FROM person p JOIN party pa ON pa.party_id = p.party_id
                       WHERE p.slug = ANY($1)";
const OUTLETS: &str = "SELECT slug, name FROM outlet WHERE slug = ANY($1)";
/// An alias compares regardless of case, as the unique indexes on `lower(alias)` do
/// (SQLite's NOCASE column).
const ALIASES: &str = "SELECT w.kind, a.alias, p.slug
                       FROM UNNEST($1::text[], $2::text[]) AS w(kind, alias)
                       JOIN party_alias a ON lower(a.alias) = lower(w.alias)
                       JOIN party p ON p.party_id = a.party_id
                       WHERE w.kind = 'party'
                       UNION ALL
                       SELECT w.kind, a.alias, p.slug
                       FROM UNNEST($1::text[], $2::text[]) AS w(kind, alias)
                       JOIN person_alias a ON lower(a.alias) = lower(w.alias)
                       JOIN person p ON p.person_id = a.person_id
                       WHERE w.kind = 'person'
                       UNION ALL
                       SELECT w.kind, a.alias, o.slug
                       FROM UNNEST($1::text[], $2::text[]) AS w(kind, alias)
                       JOIN outlet_alias a ON lower(a.alias) = lower(w.alias)
                       JOIN outlet o ON o.outlet_id = a.outlet_id
                       WHERE w.kind = 'outlet'";
const SOURCES: &str = "SELECT s.source_id, s.slug, s.outlet, o.slug AS outlet_slug, s.obtained_via,
                              s.title, s.url, s.published_on, s.reliability
                       FROM source s LEFT JOIN outlet o ON o.outlet_id = s.outlet_id
                       WHERE s.slug = ANY($1)";
const ITEMS: &str = "SELECT i.agenda_item_id, p.slug AS process, i.slug, i.title, i.description,
                            parent.slug AS parent
                     FROM UNNEST($1::text[], $2::text[]) AS w(process, slug)
                     JOIN process p ON p.slug = w.process
                     JOIN agenda_item i ON i.process_id = p.process_id AND i.slug = w.slug
                     LEFT JOIN agenda_item parent ON parent.agenda_item_id = i.parent_agenda_item_id";
const PARENT_LINKS: &str = "SELECT p.slug AS process, i.slug, parent.slug AS parent
                            FROM process p
                            JOIN agenda_item i ON i.process_id = p.process_id
                            JOIN agenda_item parent ON parent.agenda_item_id = i.parent_agenda_item_id
                            WHERE p.slug = ANY($1)";
const HELD_ROUNDS: &str = "SELECT p.slug AS process, r.slug, r.round_id
                           FROM UNNEST($1::text[], $2::text[]) AS w(process, slug)
                           JOIN process p ON p.slug = w.process
                           JOIN round r ON r.process_id = p.process_id AND r.slug = w.slug";
/// The round's retraction, by its unique index: a retracted round takes nothing.
const ROUND: &str =
    "SELECT r.title, r.start_date, r.end_date, r.location, r.format, r.level, r.state,
                            r.tone, r.summary, x.reason, x.recorded_at
                     FROM round r LEFT JOIN retraction x ON x.round_id = r.round_id
                     WHERE r.round_id = $1";

const PROCESS_IDS: &str = "SELECT slug, process_id FROM process WHERE slug = ANY($1)";
const PARTY_IDS: &str = "SELECT slug, party_id FROM party WHERE slug = ANY($1)";
const PERSON_IDS: &str = "SELECT slug, person_id, name FROM person WHERE slug = ANY($1)";
const SOURCE_IDS: &str = "SELECT slug, source_id FROM source WHERE slug = ANY($1)";
const ITEM_IDS: &str = "SELECT i.slug, i.agenda_item_id
                        FROM process p JOIN agenda_item i ON i.process_id = p.process_id
                        WHERE p.slug = $1 AND i.slug = ANY($2)";

/// A vocabulary value or date a declaration holds, read.
fn parse<T: FromStr>(what: &str, slug: &str, field: &str, value: &str) -> Result<T> {
    value
        .parse()
        .map_err(|_| Error::Unreadable(format!("{what} '{slug}' with the {field} '{value}'")))
}

/// Pairs as the two arrays a statement's `UNNEST` reads.
fn unzip(keys: &[(String, String)]) -> (Vec<&str>, Vec<&str>) {
    keys.iter().map(|(a, b)| (a.as_str(), b.as_str())).unzip()
}

type RoundRow = (
    String,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<DateTime<Utc>>,
);

/// (id, process, slug, title, description, parent)
type ItemRow = (i64, String, String, String, Option<String>, Option<String>);

type SourceRow = (
    i64,
    String,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
);

impl PgStore<'_> {
    pub(super) async fn read_declarations(&mut self, wanted: &Wanted) -> Result<HeldDeclarations> {
        let mut held = HeldDeclarations::default();
        let conn = &mut *self.conn;
        if !wanted.processes.is_empty() {
            let rows: Vec<(i64, String, String, Option<String>)> = sqlx::query_as(PROCESSES)
                .bind(&wanted.processes)
                .fetch_all(&mut *conn)
                .await?;
            for (id, slug, name, description) in rows {
                self.ids.processes.insert(slug.clone(), id);
                held.processes.push(Process {
                    slug,
                    name,
                    description,
                });
            }
        }
        if !wanted.parties.is_empty() {
            let rows: Vec<(i64, String, String, Option<String>, String)> = sqlx::query_as(PARTIES)
                .bind(&wanted.parties)
                .fetch_all(&mut *conn)
                .await?;
            for (id, slug, name, short_code, kind) in rows {
                self.ids.parties.insert(slug.clone(), id);
                held.parties.push(Party {
                    kind: parse("party", &slug, "kind", &kind)?,
                    slug,
                    name,
                    short_code,
                    aliases: Vec::new(),
                });
            }
        }
        if !wanted.persons.is_empty() {
            let rows: Vec<(String, String, String, Option<String>)> = sqlx::query_as(PERSONS)
                .bind(&wanted.persons)
                .fetch_all(&mut *conn)
                .await?;
            for (slug, name, party, role) in rows {
                held.persons.push(Person {
                    slug,
                    name,
                    party,
                    role,
                    aliases: Vec::new(),
                });
            }
        }
        if !wanted.outlets.is_empty() {
            let rows: Vec<(String, String)> = sqlx::query_as(OUTLETS)
                .bind(&wanted.outlets)
                .fetch_all(&mut *conn)
                .await?;
            for (slug, name) in rows {
                held.outlets.push(Outlet {
                    slug,
                    name,
                    aliases: Vec::new(),
                });
            }
        }
        if !wanted.aliases.is_empty() {
            let (kinds, aliases): (Vec<&str>, Vec<&str>) = (wanted.aliases.iter())
                .map(|(kind, alias)| (kind.kind(), alias.as_str()))
                .unzip();
            let rows: Vec<(String, String, String)> = sqlx::query_as(ALIASES)
                .bind(kinds)
                .bind(aliases)
                .fetch_all(&mut *conn)
                .await?;
            for (kind, alias, slug) in rows {
                let kind = match kind.as_str() {
                    "party" => Named::Party,
                    "person" => Named::Person,
                    _ => Named::Outlet,
                };
                held.aliases.push((kind, alias, slug));
            }
        }
        if !wanted.sources.is_empty() {
            let rows: Vec<SourceRow> = sqlx::query_as(SOURCES)
                .bind(&wanted.sources)
                .fetch_all(&mut *conn)
                .await?;
            for (
                id,
                slug,
                outlet,
                outlet_slug,
                obtained_via,
                title,
                url,
                published_on,
                reliability,
            ) in rows
            {
                self.ids.sources.insert(slug.clone(), id);
                let published_on = (published_on.as_deref())
                    .map(|d| parse("source", &slug, "published_on", d))
                    .transpose()?;
                let reliability = (reliability.as_deref())
                    .map(|r| parse("source", &slug, "reliability", r))
                    .transpose()?;
                held.sources.push(Source {
                    slug,
                    outlet,
                    outlet_slug: outlet_slug.unwrap_or_default(),
                    obtained_via,
                    title,
                    url,
                    published_on,
                    reliability,
                });
            }
        }
        if !wanted.items.is_empty() {
            let (processes, slugs) = unzip(&wanted.items);
            let rows: Vec<ItemRow> = sqlx::query_as(ITEMS)
                .bind(processes)
                .bind(slugs)
                .fetch_all(&mut *conn)
                .await?;
            for (id, process, slug, title, description, parent) in rows {
                self.ids.add_item(process.clone(), slug.clone(), id);
                held.items.push(AgendaItem {
                    process,
                    slug,
                    parent,
                    title,
                    description,
                });
            }
        }
        if !wanted.parent_links.is_empty() {
            let rows: Vec<(String, String, String)> = sqlx::query_as(PARENT_LINKS)
                .bind(&wanted.parent_links)
                .fetch_all(&mut *conn)
                .await?;
            held.parent_links.extend(rows);
        }
        Ok(held)
    }

    pub(super) async fn read_held_rounds(
        &mut self,
        wanted: &[(String, String)],
    ) -> Result<Vec<(String, String)>> {
        let (processes, slugs) = unzip(wanted);
        let rows: Vec<(String, String, i64)> = sqlx::query_as(HELD_ROUNDS)
            .bind(processes)
            .bind(slugs)
            .fetch_all(&mut *self.conn)
            .await?;
        Ok(rows
            .into_iter()
            .map(|(process, slug, id)| {
                self.ids.add_round(&process, &slug, id);
                (process, slug)
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
        let r: RoundRow = sqlx::query_as(ROUND)
            .bind(round_id)
            .fetch_one(&mut *conn)
            .await?;
        let (title, start_date, end_date, location, format, level, state, tone, summary) =
            (r.0, r.1, r.2, r.3, r.4, r.5, r.6, r.7, r.8);
        let mut view = RoundView::new(
            Row::Held(round_id),
            RoundColumns {
                title,
                start_date,
                end_date,
                location,
                format,
                level,
                state,
                tone,
                summary,
            },
        );
        view.retracted = retraction(r.9, r.10.map(instant).transpose()?);
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

    /// Reads the ids of every record `round` names (as its plan completed it) that
    /// are not known yet; fails if one is not in the database.
    pub(super) async fn read_ids(&mut self, round: &Round) -> Result<()> {
        let unknown = self.ids.unknown(round);
        let conn = &mut *self.conn;
        let list = |names: &std::collections::HashSet<&str>| -> Vec<String> {
            names.iter().map(|n| n.to_string()).collect()
        };
        let (processes, parties, persons, sources, items) = (
            list(&unknown.processes),
            list(&unknown.parties),
            list(&unknown.persons),
            list(&unknown.sources),
            list(&unknown.items),
        );
        if !processes.is_empty() {
            let rows: Vec<(String, i64)> = sqlx::query_as(PROCESS_IDS)
                .bind(processes)
                .fetch_all(&mut *conn)
                .await?;
            self.ids.processes.extend(rows);
        }
        if !parties.is_empty() {
            let rows: Vec<(String, i64)> = sqlx::query_as(PARTY_IDS)
                .bind(parties)
                .fetch_all(&mut *conn)
                .await?;
            self.ids.parties.extend(rows);
        }
        if !persons.is_empty() {
            let rows: Vec<(String, i64, String)> = sqlx::query_as(PERSON_IDS)
                .bind(persons)
                .fetch_all(&mut *conn)
                .await?;
            (self.ids.persons).extend(rows.into_iter().map(|(slug, id, name)| (slug, (id, name))));
        }
        if !sources.is_empty() {
            let rows: Vec<(String, i64)> = sqlx::query_as(SOURCE_IDS)
                .bind(sources)
                .fetch_all(&mut *conn)
                .await?;
            self.ids.sources.extend(rows);
        }
        if !items.is_empty() {
            let rows: Vec<(String, i64)> = sqlx::query_as(ITEM_IDS)
                .bind(&round.process)
                .bind(items)
                .fetch_all(&mut *conn)
                .await?;
            for (slug, id) in rows {
                self.ids.add_item(round.process.clone(), slug, id);
            }
        }
        self.ids.all_known(round)
    }
}
