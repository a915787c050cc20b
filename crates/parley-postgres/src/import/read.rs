//! What the planner asks of the server: the declarations a piece names, which of its
//! rounds the database holds, a round's details, and the ids of the records a round
//! names. Each is read by key, one statement per kind of record (the keys travel as
//! arrays: `= ANY($1)`, or `UNNEST` for pairs), inside the import's transaction.

use std::str::FromStr;

use super::PgStore;
use super::kinds::{PgKind, read_round_citations};
use super::write_log::instant;
use parley_core::domain::model::{AgendaItem, Outlet, Party, Person, Process, Round, Source};
use parley_core::domain::names::Named;
use parley_core::error::{Error, Result};
use parley_core::storage::import::kinds::retraction;
use parley_core::storage::plan::*;

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

impl PgStore<'_> {
    pub(super) async fn read_declarations(&mut self, wanted: &Wanted) -> Result<HeldDeclarations> {
        let mut held = HeldDeclarations::default();
        let conn = &mut *self.conn;
        if !wanted.processes.is_empty() {
            let rows = sqlx::query!(
                "SELECT process_id, slug, name, description FROM process WHERE slug = ANY($1)",
                &wanted.processes
            )
            .fetch_all(&mut *conn)
            .await?;
            for r in rows {
                self.ids.processes.insert(r.slug.clone(), r.process_id);
                held.processes.push(Process {
                    slug: r.slug,
                    name: r.name,
                    description: r.description,
                });
            }
        }
        if !wanted.parties.is_empty() {
            let rows = sqlx::query!(
                "SELECT party_id, slug, name, short_code, kind FROM party WHERE slug = ANY($1)",
                &wanted.parties
            )
            .fetch_all(&mut *conn)
            .await?;
            for r in rows {
                self.ids.parties.insert(r.slug.clone(), r.party_id);
                held.parties.push(Party {
                    kind: parse("party", &r.slug, "kind", &r.kind)?,
                    slug: r.slug,
                    name: r.name,
                    short_code: r.short_code,
                    aliases: Vec::new(),
                });
            }
        }
        if !wanted.persons.is_empty() {
            let rows = sqlx::query!(
                "SELECT p.slug, p.name, pa.slug AS party, p.role
                 FROM person p JOIN party pa ON pa.party_id = p.party_id
                 WHERE p.slug = ANY($1)",
                &wanted.persons
            )
            .fetch_all(&mut *conn)
            .await?;
            for r in rows {
                held.persons.push(Person {
                    slug: r.slug,
                    name: r.name,
                    party: r.party,
                    role: r.role,
                    aliases: Vec::new(),
                });
            }
        }
        if !wanted.outlets.is_empty() {
            let rows = sqlx::query!(
                "SELECT slug, name FROM outlet WHERE slug = ANY($1)",
                &wanted.outlets
            )
            .fetch_all(&mut *conn)
            .await?;
            for r in rows {
                held.outlets.push(Outlet {
                    slug: r.slug,
                    name: r.name,
                    aliases: Vec::new(),
                });
            }
        }
        if !wanted.aliases.is_empty() {
            let (kinds, aliases): (Vec<&str>, Vec<&str>) = (wanted.aliases.iter())
                .map(|(kind, alias)| (kind.kind(), alias.as_str()))
                .unzip();
            // An alias compares regardless of case, as the unique indexes on
            // `lower(alias)` do (SQLite's NOCASE column).
            let rows = sqlx::query!(
                r#"SELECT w.kind AS "kind!", a.alias AS "alias!", p.slug AS "slug!"
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
                   WHERE w.kind = 'outlet'"#,
                &kinds as &[&str],
                &aliases as &[&str]
            )
            .fetch_all(&mut *conn)
            .await?;
            for r in rows {
                let (kind, alias, slug) = (r.kind, r.alias, r.slug);
                let kind = match kind.as_str() {
                    "party" => Named::Party,
                    "person" => Named::Person,
                    _ => Named::Outlet,
                };
                held.aliases.push((kind, alias, slug));
            }
        }
        if !wanted.sources.is_empty() {
            let rows = sqlx::query!(
                r#"SELECT s.source_id AS "source_id!", s.slug AS "slug!", s.outlet AS "outlet!",
                          o.slug AS "outlet_slug?", s.obtained_via, s.title, s.url,
                          s.published_on, s.reliability
                   FROM source s LEFT JOIN outlet o ON o.outlet_id = s.outlet_id
                   WHERE s.slug = ANY($1)"#,
                &wanted.sources
            )
            .fetch_all(&mut *conn)
            .await?;
            for r in rows {
                let slug = r.slug;
                self.ids.sources.insert(slug.clone(), r.source_id);
                let published_on = (r.published_on.as_deref())
                    .map(|d| parse("source", &slug, "published_on", d))
                    .transpose()?;
                let reliability = (r.reliability.as_deref())
                    .map(|v| parse("source", &slug, "reliability", v))
                    .transpose()?;
                held.sources.push(Source {
                    slug,
                    outlet: r.outlet,
                    outlet_slug: r.outlet_slug.unwrap_or_default(),
                    obtained_via: r.obtained_via,
                    title: r.title,
                    url: r.url,
                    published_on,
                    reliability,
                });
            }
        }
        if !wanted.items.is_empty() {
            let (processes, slugs) = unzip(&wanted.items);
            let rows = sqlx::query!(
                r#"SELECT i.agenda_item_id, p.slug AS process, i.slug, i.title, i.description,
                          parent.slug AS "parent?"
                   FROM UNNEST($1::text[], $2::text[]) AS w(process, slug)
                   JOIN process p ON p.slug = w.process
                   JOIN agenda_item i ON i.process_id = p.process_id AND i.slug = w.slug
                   LEFT JOIN agenda_item parent
                       ON parent.agenda_item_id = i.parent_agenda_item_id"#,
                &processes as &[&str],
                &slugs as &[&str]
            )
            .fetch_all(&mut *conn)
            .await?;
            for r in rows {
                self.ids
                    .add_item(r.process.clone(), r.slug.clone(), r.agenda_item_id);
                held.items.push(AgendaItem {
                    process: r.process,
                    slug: r.slug,
                    parent: r.parent,
                    title: r.title,
                    description: r.description,
                });
            }
        }
        if !wanted.parent_links.is_empty() {
            let rows = sqlx::query!(
                "SELECT p.slug AS process, i.slug, parent.slug AS parent
                 FROM process p
                 JOIN agenda_item i ON i.process_id = p.process_id
                 JOIN agenda_item parent ON parent.agenda_item_id = i.parent_agenda_item_id
                 WHERE p.slug = ANY($1)",
                &wanted.parent_links
            )
            .fetch_all(&mut *conn)
            .await?;
            (held.parent_links).extend(rows.into_iter().map(|r| (r.process, r.slug, r.parent)));
        }
        Ok(held)
    }

    pub(super) async fn read_held_rounds(
        &mut self,
        wanted: &[(String, String)],
    ) -> Result<Vec<(String, String)>> {
        let (processes, slugs) = unzip(wanted);
        let rows = sqlx::query!(
            "SELECT p.slug AS process, r.slug, r.round_id
             FROM UNNEST($1::text[], $2::text[]) AS w(process, slug)
             JOIN process p ON p.slug = w.process
             JOIN round r ON r.process_id = p.process_id AND r.slug = w.slug",
            &processes as &[&str],
            &slugs as &[&str]
        )
        .fetch_all(&mut *self.conn)
        .await?;
        Ok(rows
            .into_iter()
            .map(|r| {
                self.ids.add_round(&r.process, &r.slug, r.round_id);
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
                      r.tone, r.summary, x.reason AS "reason?", x.recorded_at AS "retracted_at?"
               FROM round r LEFT JOIN retraction x ON x.round_id = r.round_id
               WHERE r.round_id = $1"#,
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
        view.retracted = retraction(r.reason, r.retracted_at.map(instant).transpose()?);
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
            let rows = sqlx::query!(
                "SELECT slug, process_id FROM process WHERE slug = ANY($1)",
                &processes
            )
            .fetch_all(&mut *conn)
            .await?;
            (self.ids.processes).extend(rows.into_iter().map(|r| (r.slug, r.process_id)));
        }
        if !parties.is_empty() {
            let rows = sqlx::query!(
                "SELECT slug, party_id FROM party WHERE slug = ANY($1)",
                &parties
            )
            .fetch_all(&mut *conn)
            .await?;
            (self.ids.parties).extend(rows.into_iter().map(|r| (r.slug, r.party_id)));
        }
        if !persons.is_empty() {
            let rows = sqlx::query!(
                "SELECT slug, person_id, name FROM person WHERE slug = ANY($1)",
                &persons
            )
            .fetch_all(&mut *conn)
            .await?;
            (self.ids.persons).extend(rows.into_iter().map(|r| (r.slug, (r.person_id, r.name))));
        }
        if !sources.is_empty() {
            let rows = sqlx::query!(
                "SELECT slug, source_id FROM source WHERE slug = ANY($1)",
                &sources
            )
            .fetch_all(&mut *conn)
            .await?;
            (self.ids.sources).extend(rows.into_iter().map(|r| (r.slug, r.source_id)));
        }
        if !items.is_empty() {
            let rows = sqlx::query!(
                "SELECT i.slug, i.agenda_item_id
                 FROM process p JOIN agenda_item i ON i.process_id = p.process_id
                 WHERE p.slug = $1 AND i.slug = ANY($2)",
                &round.process,
                &items
            )
            .fetch_all(&mut *conn)
            .await?;
            for r in rows {
                (self.ids).add_item(round.process.clone(), r.slug, r.agenda_item_id);
            }
        }
        self.ids.all_known(round)
    }
}
