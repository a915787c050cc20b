//! What an export reads, as rows any backend hands over, and how they become the
//! domain's [`Dossier`]: the SQLite reads ([`super::export`]) and the PostgreSQL ones
//! (`parley-postgres`'s `export.rs`) fill these rows with the same statements' meaning, and both
//! call [`head`] and [`rounds`] to assemble them, so that the round files from either
//! are the same bytes.

use std::collections::HashMap;
use std::str::FromStr;

use super::unreadable::{known, known_opt};
use crate::domain::model::*;
use crate::domain::{Credibility, PartialDate};
use crate::error::{Error, Result};

/// Rounds read and handed over at a time: about 25,000 status records at the
/// largest benchmark's hundred per round, a few megabytes.
pub const ROUNDS_PER_RUN: i64 = 256;

/// The runs of round numbers to read for a whole process of `count` rounds, in order,
/// [`ROUNDS_PER_RUN`] at a time.
pub fn runs_of(count: i64) -> Vec<(i64, i64)> {
    (0..count)
        .step_by(ROUNDS_PER_RUN as usize)
        .map(|first| (first + 1, (first + ROUNDS_PER_RUN).min(count)))
        .collect()
}

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

/// A name that belongs to a row: an alias of a party, person or outlet; a party a
/// commitment binds; a person a note names.
#[derive(Debug, sqlx::FromRow)]
pub struct Owned {
    pub owner: i64,
    pub name: String,
}

#[derive(Debug, sqlx::FromRow)]
pub struct ProcessRow {
    pub slug: String,
    pub name: String,
    pub description: Option<String>,
}

#[derive(Debug, sqlx::FromRow)]
pub struct PartyRow {
    pub party_id: i64,
    pub slug: String,
    pub name: String,
    pub short_code: Option<String>,
    pub kind: String,
}

#[derive(Debug, sqlx::FromRow)]
pub struct PersonRow {
    pub person_id: i64,
    pub slug: String,
    pub name: String,
    pub party: String,
    pub role: Option<String>,
}

#[derive(Debug, sqlx::FromRow)]
pub struct OutletRow {
    pub outlet_id: i64,
    pub slug: String,
    pub name: String,
}

#[derive(Debug, sqlx::FromRow)]
pub struct SourceRow {
    pub slug: String,
    pub outlet: String,
    pub outlet_slug: Option<String>,
    pub obtained_via: Option<String>,
    pub title: Option<String>,
    pub url: Option<String>,
    pub published_on: Option<String>,
    pub reliability: Option<String>,
}

#[derive(Debug, sqlx::FromRow)]
pub struct ItemRow {
    pub slug: String,
    pub parent: Option<String>,
    pub title: String,
    pub description: Option<String>,
}

/// Everything [`head`] assembles, each list in row-id order (aliases by their own id).
pub struct HeadRows {
    pub process: ProcessRow,
    pub party_aliases: Vec<Owned>,
    pub parties: Vec<PartyRow>,
    pub person_aliases: Vec<Owned>,
    pub persons: Vec<PersonRow>,
    pub outlet_aliases: Vec<Owned>,
    pub outlets: Vec<OutletRow>,
    pub sources: Vec<SourceRow>,
    pub items: Vec<ItemRow>,
}

/// The process, every party, person, outlet and source, and the process's items.
pub fn head(rows: HeadRows) -> Result<Dossier> {
    let process_slug = rows.process.slug.clone();
    let mut dossier = Dossier {
        processes: vec![Process {
            slug: rows.process.slug,
            name: rows.process.name,
            description: rows.process.description,
        }],
        ..Dossier::default()
    };
    let mut aliases = by_owner(rows.party_aliases);
    for party in rows.parties {
        dossier.parties.push(Party {
            slug: party.slug,
            name: party.name,
            short_code: party.short_code,
            kind: parse(&party.kind, "party kind")?,
            aliases: aliases.remove(&party.party_id).unwrap_or_default(),
        });
    }
    let mut aliases = by_owner(rows.person_aliases);
    for p in rows.persons {
        dossier.persons.push(Person {
            slug: p.slug,
            name: p.name,
            party: p.party,
            role: p.role,
            aliases: aliases.remove(&p.person_id).unwrap_or_default(),
        });
    }
    let mut aliases = by_owner(rows.outlet_aliases);
    for o in rows.outlets {
        dossier.outlets.push(Outlet {
            slug: o.slug,
            name: o.name,
            aliases: aliases.remove(&o.outlet_id).unwrap_or_default(),
        });
    }
    for s in rows.sources {
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
    for i in rows.items {
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

/// Names by the row they belong to, in the order read.
fn by_owner(names: Vec<Owned>) -> HashMap<i64, Vec<String>> {
    let mut by_owner: HashMap<i64, Vec<String>> = HashMap::new();
    for n in names {
        by_owner.entry(n.owner).or_default().push(n.name);
    }
    by_owner
}

/// A citation of one claim of the rounds read: exactly one of the claim ids is set.
#[derive(Debug, sqlx::FromRow)]
pub struct CitationRow {
    pub round_id: Option<i64>,
    pub status_record_id: Option<i64>,
    pub position_id: Option<i64>,
    pub commitment_id: Option<i64>,
    pub quote_id: Option<i64>,
    pub round_note_id: Option<i64>,
    pub slug: String,
    pub credibility: Option<i64>,
}

#[derive(Debug, sqlx::FromRow)]
pub struct RoundRow {
    pub round_id: i64,
    pub slug: String,
    pub title: String,
    pub start_date: Option<String>,
    pub end_date: Option<String>,
    pub location: Option<String>,
    pub format: Option<String>,
    pub level: Option<String>,
    pub state: String,
    pub tone: Option<String>,
    pub summary: Option<String>,
}

#[derive(Debug, sqlx::FromRow)]
pub struct ParticipantRow {
    pub id: i64,
    pub round_id: i64,
    pub slug: String,
    pub role: String,
    pub note: Option<String>,
    pub lead: Option<String>,
}

#[derive(Debug, sqlx::FromRow)]
pub struct StatusRow {
    pub id: i64,
    pub round_id: i64,
    pub item: String,
    pub status: String,
    pub note: Option<String>,
    pub confidence: Option<i64>,
}

#[derive(Debug, sqlx::FromRow)]
pub struct PositionRow {
    pub id: i64,
    pub round_id: i64,
    pub party: String,
    pub item: String,
    pub stance: String,
    pub note: Option<String>,
}

#[derive(Debug, sqlx::FromRow)]
pub struct CommitmentRow {
    pub id: i64,
    pub round_id: i64,
    pub slug: String,
    pub item: Option<String>,
    pub kind: String,
    pub description: String,
    pub due_date: Option<String>,
    pub fate: Option<String>,
    pub fate_note: Option<String>,
}

#[derive(Debug, sqlx::FromRow)]
pub struct QuoteRow {
    pub id: i64,
    pub round_id: i64,
    pub speaker: Option<String>,
    pub speaker_name: Option<String>,
    pub speaker_description: Option<String>,
    pub party: Option<String>,
    pub item: Option<String>,
    pub text: String,
}

#[derive(Debug, sqlx::FromRow)]
pub struct NoteRow {
    pub id: i64,
    pub round_id: i64,
    pub kind: String,
    pub body: String,
}

/// Everything [`rounds`] assembles for one run of rounds: the rounds in number order,
/// their claims in force (each list in the order its round's list holds them), the
/// parties commitments bind and the persons notes name (in the order written), and
/// every claim's citations (in citation id order).
pub struct RunRows {
    pub citations: Vec<CitationRow>,
    pub rounds: Vec<RoundRow>,
    pub participants: Vec<ParticipantRow>,
    pub statuses: Vec<StatusRow>,
    pub positions: Vec<PositionRow>,
    pub bound: Vec<Owned>,
    pub commitments: Vec<CommitmentRow>,
    pub quotes: Vec<QuoteRow>,
    pub named: Vec<Owned>,
    pub notes: Vec<NoteRow>,
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

/// The row ids of a round read for an export and of its claims, in the order the
/// [`Round`]'s lists hold them: what a history export reads the rest of a row by.
#[derive(Debug, Default)]
pub struct RowIds {
    pub round: i64,
    pub participants: Vec<i64>,
    pub statuses: Vec<i64>,
    pub positions: Vec<i64>,
    pub commitments: Vec<i64>,
    pub quotes: Vec<i64>,
    pub notes: Vec<i64>,
}

/// The rounds of a run, with their claims in force and every claim's sources, each
/// with the row ids it was read from.
pub fn rounds(rows: RunRows, process_slug: &str) -> Result<Vec<(Round, RowIds)>> {
    let mut cited: HashMap<Claim, Vec<Citation>> = HashMap::new();
    for c in rows.citations {
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
    for r in rows.rounds {
        order.push(r.round_id);
        let ids = RowIds {
            round: r.round_id,
            ..RowIds::default()
        };
        let round = Round {
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
        };
        by_round.insert(r.round_id, (round, ids));
    }

    for p in rows.participants {
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

    for s in rows.statuses {
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

    for p in rows.positions {
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

    let mut bound = by_owner(rows.bound);
    for c in rows.commitments {
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

    for q in rows.quotes {
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

    let mut named = by_owner(rows.named);
    for n in rows.notes {
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
