//! Reading a process back into the domain's [`Dossier`], the shape a round file
//! holds: the records in force now, without the corrections they replaced, the
//! claims retracted or the rounds retracted (which are not in round_order). The
//! rounds are read a run at a time and handed over as they are read, so that an
//! export of any size holds one run in memory.

use std::collections::HashMap;
use std::str::FromStr;

use sqlx::SqliteConnection;

use super::Database;
use super::unreadable::{known, known_opt};
use crate::domain::model::*;
use crate::domain::{Credibility, PartialDate};
use crate::error::{Error, Result};

fn parse<T: FromStr>(value: &str, what: &str) -> Result<T> {
    value
        .parse()
        .map_err(|_| Error::Unreadable(format!("an unknown {what} '{value}'")))
}

fn parse_opt<T: FromStr>(value: Option<&str>, what: &str) -> Result<Option<T>> {
    value.map(|v| parse(v, what)).transpose()
}

fn credibility(grade: Option<i64>) -> Result<Option<Credibility>> {
    grade
        .map(|g| Credibility::new(g).map_err(Error::Unreadable))
        .transpose()
}

/// Which claim a citation supports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Claim {
    Round(i64),
    Status(i64),
    Position(i64),
    Commitment(i64),
    Quote(i64),
    Note(i64),
}

/// Rounds read and handed over at a time: about 25,000 status records at the
/// largest benchmark's hundred per round, a few megabytes.
const ROUNDS_PER_RUN: i64 = 256;

impl Database {
    /// The process with the given rounds (all of them when `rounds` is empty), read in
    /// one transaction, so that a write in the meantime is not half seen. `send` gets
    /// first the process with every party and source in the database and every item
    /// of the process, then the rounds in order, a run of them at a time (in a dossier
    /// that holds nothing else). When `send` says `false` (the reader has gone), the
    /// export stops.
    pub async fn export(
        &self,
        process_id: i64,
        rounds: &[i64],
        mut send: impl AsyncFnMut(Dossier) -> bool,
    ) -> Result<()> {
        let mut conn = self.pool().acquire().await?;
        let mut tx = sqlx::Connection::begin(&mut *conn).await?;
        let head = export_head(&mut tx, process_id).await?;
        let process = head.processes[0].slug.clone();
        if !send(head).await {
            return Ok(());
        }
        for (first, last) in runs(&mut tx, process_id, rounds).await? {
            let rounds = export_rounds(&mut tx, process_id, &process, first, last)
                .await?
                .into_iter()
                .map(|(round, _)| round)
                .collect();
            if !send(Dossier {
                rounds,
                ..Dossier::default()
            })
            .await
            {
                return Ok(());
            }
        }
        tx.commit().await?;
        Ok(())
    }
}

/// The process, every party, person, outlet and source, and the process's items.
pub(super) async fn export_head(conn: &mut SqliteConnection, process_id: i64) -> Result<Dossier> {
    let p = sqlx::query!(
        "SELECT slug, name, description FROM process WHERE process_id = ?1",
        process_id
    )
    .fetch_one(&mut *conn)
    .await?;
    let process_slug = p.slug.clone();
    let mut dossier = Dossier {
        processes: vec![Process {
            slug: p.slug,
            name: p.name,
            description: p.description,
        }],
        ..Dossier::default()
    };

    let mut aliases: HashMap<i64, Vec<String>> = HashMap::new();
    for a in sqlx::query!("SELECT party_id, alias FROM party_alias ORDER BY party_alias_id")
        .fetch_all(&mut *conn)
        .await?
    {
        aliases.entry(a.party_id).or_default().push(a.alias);
    }
    for party in sqlx::query!(
        r#"SELECT party_id AS "party_id!", slug, name, short_code, kind FROM party ORDER BY party_id"#
    )
    .fetch_all(&mut *conn)
    .await?
    {
        dossier.parties.push(Party {
            slug: party.slug,
            name: party.name,
            short_code: party.short_code,
            kind: parse(&party.kind, "party kind")?,
            aliases: aliases.remove(&party.party_id).unwrap_or_default(),
        });
    }

    let mut person_aliases: HashMap<i64, Vec<String>> = HashMap::new();
    for a in sqlx::query!("SELECT person_id, alias FROM person_alias ORDER BY person_alias_id")
        .fetch_all(&mut *conn)
        .await?
    {
        person_aliases.entry(a.person_id).or_default().push(a.alias);
    }
    for p in sqlx::query!(
        r#"SELECT p.person_id AS "person_id!", p.slug, p.name, pa.slug AS party, p.role
           FROM person p JOIN party pa ON pa.party_id = p.party_id ORDER BY p.person_id"#
    )
    .fetch_all(&mut *conn)
    .await?
    {
        dossier.persons.push(Person {
            slug: p.slug,
            name: p.name,
            party: p.party,
            role: p.role,
            aliases: person_aliases.remove(&p.person_id).unwrap_or_default(),
        });
    }

    let mut outlet_aliases: HashMap<i64, Vec<String>> = HashMap::new();
    for a in sqlx::query!("SELECT outlet_id, alias FROM outlet_alias ORDER BY outlet_alias_id")
        .fetch_all(&mut *conn)
        .await?
    {
        outlet_aliases.entry(a.outlet_id).or_default().push(a.alias);
    }
    for o in sqlx::query!(
        r#"SELECT outlet_id AS "outlet_id!", slug, name FROM outlet ORDER BY outlet_id"#
    )
    .fetch_all(&mut *conn)
    .await?
    {
        dossier.outlets.push(Outlet {
            slug: o.slug,
            name: o.name,
            aliases: outlet_aliases.remove(&o.outlet_id).unwrap_or_default(),
        });
    }

    for s in sqlx::query!(
        r#"SELECT s.slug, s.outlet, o.slug AS "outlet_slug?", s.obtained_via, s.title, s.url,
                  s.published_on, s.reliability
           FROM source s LEFT JOIN outlet o ON o.outlet_id = s.outlet_id ORDER BY s.source_id"#
    )
    .fetch_all(&mut *conn)
    .await?
    {
        dossier.sources.push(Source {
            slug: s.slug,
            outlet: s.outlet,
            // A source another client wrote without an outlet resolves its text again.
            outlet_slug: s.outlet_slug.unwrap_or_default(),
            obtained_via: s.obtained_via,
            title: s.title,
            url: s.url,
            published_on: parse_opt::<PartialDate>(s.published_on.as_deref(), "date")?,
            reliability: parse_opt(s.reliability.as_deref(), "reliability grade")?,
        });
    }

    for i in sqlx::query!(
        r#"SELECT i.slug, p.slug AS "parent?", i.title, i.description
           FROM agenda_item i LEFT JOIN agenda_item p ON p.agenda_item_id = i.parent_agenda_item_id
           WHERE i.process_id = ?1 ORDER BY i.agenda_item_id"#,
        process_id
    )
    .fetch_all(&mut *conn)
    .await?
    {
        dossier.items.push(AgendaItem {
            process: process_slug.clone(),
            slug: i.slug,
            parent: i.parent,
            title: i.title,
            description: i.description,
        });
    }
    Ok(dossier)
}

/// The runs of round numbers to read, in order: every round of the process in runs
/// of [`ROUNDS_PER_RUN`], or each chosen round on its own.
pub(super) async fn runs(
    conn: &mut SqliteConnection,
    process_id: i64,
    rounds: &[i64],
) -> Result<Vec<(i64, i64)>> {
    if rounds.is_empty() {
        let count = sqlx::query_scalar!(
            r#"SELECT COALESCE(MAX(number), 0) AS "count!: i64" FROM round_order WHERE process_id = ?1"#,
            process_id
        )
        .fetch_one(&mut *conn)
        .await?;
        return Ok((0..count)
            .step_by(ROUNDS_PER_RUN as usize)
            .map(|first| (first + 1, (first + ROUNDS_PER_RUN).min(count)))
            .collect());
    }
    let ids = serde_json::to_string(rounds).expect("ids serialise");
    let numbers = sqlx::query_scalar!(
        r#"SELECT DISTINCT number AS "number!: i64" FROM round_order
           WHERE process_id = ?1 AND round_id IN (SELECT value FROM json_each(?2))
           ORDER BY number"#,
        process_id,
        ids
    )
    .fetch_all(&mut *conn)
    .await?;
    Ok(numbers.into_iter().map(|n| (n, n)).collect())
}

/// The row ids of a round read for an export and of its claims, in the order the
/// [`Round`]'s lists hold them: what a history export reads the rest of a row by.
#[derive(Debug, Default)]
pub(super) struct RowIds {
    pub round: i64,
    pub participants: Vec<i64>,
    pub statuses: Vec<i64>,
    pub positions: Vec<i64>,
    pub commitments: Vec<i64>,
    pub quotes: Vec<i64>,
    pub notes: Vec<i64>,
}

/// The rounds numbered `first` to `last`, with their claims in force and every
/// claim's sources, each with the row ids it was read from.
pub(super) async fn export_rounds(
    conn: &mut SqliteConnection,
    process_id: i64,
    process_slug: &str,
    first: i64,
    last: i64,
) -> Result<Vec<(Round, RowIds)>> {
    // Citations of every claim of these rounds, grouped by claim.
    let mut cited: HashMap<Claim, Vec<Citation>> = HashMap::new();
    for c in sqlx::query!(
        r#"SELECT c.round_id, c.status_record_id, c.position_id, c.commitment_id, c.quote_id,
                  c.round_note_id, s.slug, c.credibility
           FROM (SELECT c.* FROM round_order o JOIN citation c ON c.round_id = o.round_id
                 WHERE o.process_id = ?1 AND o.number BETWEEN ?2 AND ?3
                 UNION ALL
                 SELECT c.* FROM round_order o JOIN status_record sr ON sr.round_id = o.round_id
                 JOIN status_in_force f ON f.agenda_item_id = sr.agenda_item_id AND f.round_date_key = o.date_key
                                       AND f.round_id = sr.round_id AND f.status_record_id = sr.status_record_id
                 JOIN citation c ON c.status_record_id = sr.status_record_id
                 WHERE o.process_id = ?1 AND o.number BETWEEN ?2 AND ?3
                 UNION ALL
                 SELECT c.* FROM round_order o JOIN position p ON p.round_id = o.round_id
                 JOIN citation c ON c.position_id = p.position_id
                 WHERE o.process_id = ?1 AND o.number BETWEEN ?2 AND ?3
                 UNION ALL
                 SELECT c.* FROM round_order o JOIN commitment m ON m.round_id = o.round_id
                 JOIN citation c ON c.commitment_id = m.commitment_id
                 WHERE o.process_id = ?1 AND o.number BETWEEN ?2 AND ?3
                 UNION ALL
                 SELECT c.* FROM round_order o JOIN quote q ON q.round_id = o.round_id
                 JOIN citation c ON c.quote_id = q.quote_id
                 WHERE o.process_id = ?1 AND o.number BETWEEN ?2 AND ?3
                 UNION ALL
                 SELECT c.* FROM round_order o JOIN round_note n ON n.round_id = o.round_id
                 JOIN citation c ON c.round_note_id = n.round_note_id
                 WHERE o.process_id = ?1 AND o.number BETWEEN ?2 AND ?3) c
           JOIN source s ON s.source_id = c.source_id
           ORDER BY c.citation_id"#,
        process_id,
        first,
        last
    )
    .fetch_all(&mut *conn)
    .await?
    {
        let claim = match (
            c.round_id,
            c.status_record_id,
            c.position_id,
            c.commitment_id,
            c.quote_id,
            c.round_note_id,
        ) {
            (Some(id), ..) => Claim::Round(id),
            (_, Some(id), ..) => Claim::Status(id),
            (_, _, Some(id), ..) => Claim::Position(id),
            (_, _, _, Some(id), ..) => Claim::Commitment(id),
            (_, _, _, _, Some(id), _) => Claim::Quote(id),
            (.., Some(id)) => Claim::Note(id),
            _ => continue,
        };
        cited.entry(claim).or_default().push(Citation {
            source: c.slug,
            credibility: credibility(c.credibility)?,
        });
    }
    let mut sources_of = |claim: Claim| cited.remove(&claim).unwrap_or_default();

    let mut by_round: HashMap<i64, (Round, RowIds)> = HashMap::new();
    let mut order = Vec::new();
    for r in sqlx::query!(
        r#"SELECT r.round_id AS "round_id!", r.slug, r.title, r.start_date, r.end_date, r.location, r.format,
                  r.level, r.state, r.tone, r.summary
           FROM round_order o JOIN round r ON r.round_id = o.round_id
           WHERE o.process_id = ?1 AND o.number BETWEEN ?2 AND ?3 ORDER BY o.number"#,
        process_id,
        first,
        last
    )
    .fetch_all(&mut *conn)
    .await?
    {
        order.push(r.round_id);
        let ids = RowIds {
            round: r.round_id,
            ..RowIds::default()
        };
        by_round.insert(
            r.round_id,
            (Round {
                process: process_slug.to_owned(),
                slug: r.slug,
                title: Some(r.title),
                start_date: Update::whole(parse_opt(r.start_date.as_deref(), "date")?),
                end_date: Update::whole(parse_opt(r.end_date.as_deref(), "date")?),
                location: Update::whole(r.location),
                format: Update::whole(known_opt(
                    "round",
                    r.round_id,
                    "format",
                    r.format.as_deref(),
                )?),
                level: Update::whole(known_opt("round", r.round_id, "level", r.level.as_deref())?),
                state: Some(known("round", r.round_id, "state", &r.state)?),
                tone: Update::whole(r.tone),
                summary: Update::whole(r.summary),
                sources: sources_of(Claim::Round(r.round_id)),
                participants: Vec::new(),
                withdrawn: Vec::new(),
                statuses: Vec::new(),
                positions: Vec::new(),
                commitments: Vec::new(),
                quotes: Vec::new(),
                notes: Vec::new(),
            }, ids),
        );
    }

    for p in sqlx::query!(
        r#"SELECT rp.round_party_id AS "id!", rp.round_id, pa.slug, rp.role, rp.note, pe.slug AS "lead?"
         FROM round_order o JOIN round_party rp ON rp.round_id = o.round_id
         JOIN party pa ON pa.party_id = rp.party_id
         LEFT JOIN person pe ON pe.person_id = rp.lead_person_id
         WHERE o.process_id = ?1 AND o.number BETWEEN ?2 AND ?3 ORDER BY rp.round_party_id"#,
        process_id,
        first,
        last
    )
    .fetch_all(&mut *conn)
    .await?
    {
        if let Some((round, ids)) = by_round.get_mut(&p.round_id) {
            ids.participants.push(p.id);
            round.participants.push(Participant {
                party: p.slug,
                role: parse(&p.role, "participant role")?,
                note: Update::whole(p.note),
                lead: p.lead,
            });
        }
    }

    for s in sqlx::query!(
        r#"SELECT sr.status_record_id AS "id!", sr.round_id, i.slug AS item, sr.status, sr.note, sr.confidence
           FROM round_order o JOIN status_record sr ON sr.round_id = o.round_id
           JOIN status_in_force f ON f.agenda_item_id = sr.agenda_item_id AND f.round_date_key = o.date_key
                                 AND f.round_id = sr.round_id AND f.status_record_id = sr.status_record_id
           JOIN agenda_item i ON i.agenda_item_id = sr.agenda_item_id
           WHERE o.process_id = ?1 AND o.number BETWEEN ?2 AND ?3
           ORDER BY o.number, sr.agenda_item_id"#,
        process_id,
        first,
        last
    )
    .fetch_all(&mut *conn)
    .await?
    {
        if let Some((round, ids)) = by_round.get_mut(&s.round_id) {
            ids.statuses.push(s.id);
            round.statuses.push(StatusClaim {
                item: s.item,
                status: known("status_record", s.id, "status", &s.status)?,
                note: Update::whole(s.note),
                confidence: Update::whole(credibility(s.confidence)?),
                sources: Update::Set(sources_of(Claim::Status(s.id))),
            });
        }
    }

    for p in sqlx::query!(
        r#"SELECT p.position_id AS "id!", p.round_id, pa.slug AS party, i.slug AS item, p.stance, p.note
           FROM round_order o JOIN position p ON p.round_id = o.round_id
           JOIN agenda_item i ON i.agenda_item_id = p.agenda_item_id
           JOIN party pa ON pa.party_id = p.party_id
           WHERE o.process_id = ?1 AND o.number BETWEEN ?2 AND ?3
             AND NOT EXISTS (SELECT 1 FROM position n WHERE n.supersedes_position_id = p.position_id)
             AND NOT EXISTS (SELECT 1 FROM retraction x WHERE x.position_id = p.position_id)
           ORDER BY p.position_id"#,
        process_id,
        first,
        last
    )
    .fetch_all(&mut *conn)
    .await?
    {
        if let Some((round, ids)) = by_round.get_mut(&p.round_id) {
            ids.positions.push(p.id);
            round.positions.push(PositionClaim {
                party: p.party,
                item: p.item,
                stance: known("position", p.id, "stance", &p.stance)?,
                note: Update::whole(p.note),
                sources: Update::Set(sources_of(Claim::Position(p.id))),
            });
        }
    }

    let mut bound: HashMap<i64, Vec<String>> = HashMap::new();
    for b in sqlx::query!(
        "SELECT cp.commitment_id, pa.slug
         FROM round_order o JOIN commitment c ON c.round_id = o.round_id
         JOIN commitment_party cp ON cp.commitment_id = c.commitment_id
         JOIN party pa ON pa.party_id = cp.party_id
         WHERE o.process_id = ?1 AND o.number BETWEEN ?2 AND ?3 ORDER BY cp.commitment_party_id",
        process_id,
        first,
        last
    )
    .fetch_all(&mut *conn)
    .await?
    {
        bound.entry(b.commitment_id).or_default().push(b.slug);
    }
    for c in sqlx::query!(
        r#"SELECT c.commitment_id AS "id!", c.round_id, c.slug, i.slug AS "item?", c.kind, c.description, c.due_date,
                  (SELECT f.fate FROM commitment_fate f WHERE f.commitment_id = c.commitment_id
                   ORDER BY f.recorded_at DESC, f.commitment_fate_id DESC LIMIT 1) AS "fate?: String",
                  (SELECT f.note FROM commitment_fate f WHERE f.commitment_id = c.commitment_id
                   ORDER BY f.recorded_at DESC, f.commitment_fate_id DESC LIMIT 1) AS "fate_note?: String"
           FROM round_order o JOIN commitment c ON c.round_id = o.round_id
           LEFT JOIN agenda_item i ON i.agenda_item_id = c.agenda_item_id
           WHERE o.process_id = ?1 AND o.number BETWEEN ?2 AND ?3
             AND NOT EXISTS (SELECT 1 FROM retraction x WHERE x.commitment_id = c.commitment_id)
           ORDER BY c.commitment_id"#,
        process_id,
        first,
        last
    )
    .fetch_all(&mut *conn)
    .await?
    {
        if let Some((round, ids)) = by_round.get_mut(&c.round_id) {
            ids.commitments.push(c.id);
            round.commitments.push(Commitment {
                slug: c.slug,
                item: Update::whole(c.item),
                kind: Some(known("commitment", c.id, "kind", &c.kind)?),
                description: Some(c.description),
                due_date: Update::whole(parse_opt(c.due_date.as_deref(), "date")?),
                parties: bound.remove(&c.id).unwrap_or_default(),
                fate: parse_opt(c.fate.as_deref(), "commitment fate")?,
                fate_note: c.fate_note,
                sources: Update::Set(sources_of(Claim::Commitment(c.id))),
            });
        }
    }

    for q in sqlx::query!(
        r#"SELECT q.quote_id AS "id!", q.round_id, pe.slug AS "speaker?", q.speaker_name, q.speaker_description,
                  pa.slug AS "party?", i.slug AS "item?", q.text
           FROM round_order o JOIN quote q ON q.round_id = o.round_id
           LEFT JOIN person pe ON pe.person_id = q.speaker_person_id
           LEFT JOIN party pa ON pa.party_id = q.party_id
           LEFT JOIN agenda_item i ON i.agenda_item_id = q.agenda_item_id
           WHERE o.process_id = ?1 AND o.number BETWEEN ?2 AND ?3
             AND NOT EXISTS (SELECT 1 FROM retraction x WHERE x.quote_id = q.quote_id)
           ORDER BY q.quote_id"#,
        process_id,
        first,
        last
    )
    .fetch_all(&mut *conn)
    .await?
    {
        if let Some((round, ids)) = by_round.get_mut(&q.round_id) {
            ids.quotes.push(q.id);
            round.quotes.push(Quote {
                // A person's quote holds their name as it was: the person names them.
                speaker_name: q.speaker_name.filter(|_| q.speaker.is_none()),
                speaker: q.speaker,
                speaker_description: q.speaker_description,
                party: q.party,
                item: q.item,
                text: q.text,
                sources: Update::Set(sources_of(Claim::Quote(q.id))),
            });
        }
    }

    let mut named: HashMap<i64, Vec<String>> = HashMap::new();
    for n in sqlx::query!(
        "SELECT np.round_note_id, pe.slug
         FROM round_order o JOIN round_note n ON n.round_id = o.round_id
         JOIN round_note_person np ON np.round_note_id = n.round_note_id
         JOIN person pe ON pe.person_id = np.person_id
         WHERE o.process_id = ?1 AND o.number BETWEEN ?2 AND ?3 ORDER BY np.round_note_person_id",
        process_id,
        first,
        last
    )
    .fetch_all(&mut *conn)
    .await?
    {
        named.entry(n.round_note_id).or_default().push(n.slug);
    }
    for n in sqlx::query!(
        r#"SELECT n.round_note_id AS "id!", n.round_id, n.kind, n.body
           FROM round_order o JOIN round_note n ON n.round_id = o.round_id
           WHERE o.process_id = ?1 AND o.number BETWEEN ?2 AND ?3
             AND NOT EXISTS (SELECT 1 FROM retraction x WHERE x.round_note_id = n.round_note_id)
           ORDER BY n.round_note_id"#,
        process_id,
        first,
        last
    )
    .fetch_all(&mut *conn)
    .await?
    {
        if let Some((round, ids)) = by_round.get_mut(&n.round_id) {
            ids.notes.push(n.id);
            round.notes.push(RoundNote {
                kind: parse(&n.kind, "note kind")?,
                body: n.body,
                persons: named.remove(&n.id).unwrap_or_default(),
                sources: Update::Set(sources_of(Claim::Note(n.id))),
            });
        }
    }

    Ok(order
        .into_iter()
        .filter_map(|id| by_round.remove(&id))
        .collect())
}
