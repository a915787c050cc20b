//! Writing a history export ([`Stamps`] beside the records in force) into a database
//! that holds no records: every row as it was, with its own `recorded_at`, each
//! corrected record before the one that corrects it, each round's earlier versions
//! in `round_history`, every fate of a commitment in order. Nothing is planned
//! against what the database holds (it holds nothing), so the rows go straight to
//! multi-row INSERTs, a run of rounds at a time, with the bulk path's deferred upkeep
//! ([`DeferredUpkeep`]) for a large file.
//!
//! Row ids are given here, in the order of the file (they are not the exported
//! database's: ids are not part of a timeline). Foreign keys are checked at commit
//! (`defer_foreign_keys`), so that an item may name a parent declared after it and a
//! fate the round, later in the file, at which it was learned.
//!
//! One function per kind of record ([`Rows`]); a kind that gains a history adds its
//! rows there.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use sqlx::{Connection, SqliteConnection};

use super::staged::{Cited, insert_rows};
use super::upkeep::DeferredUpkeep;
use super::write_log::{Instant, latest_instant};
use super::{BULK_STATUSES, ImportOptions};
use crate::domain::history::*;
use crate::domain::model::{Citation, Dossier, Round};
use crate::error::{Error, Result};
use crate::storage::{Changes, Database};

/// Rounds whose rows are written together: bounded memory, few statements.
const ROUNDS_PER_RUN: usize = 256;

impl Database {
    /// Writes a history export in one `BEGIN IMMEDIATE` transaction: all of it or
    /// none. Refused, with nothing written, unless the database holds no records. A
    /// dry run writes everything and rolls it back.
    pub async fn import_history(
        &self,
        dossier: Dossier,
        stamps: Stamps,
        options: &ImportOptions<'_>,
    ) -> Result<Changes> {
        let mut conn = self.pool().acquire().await?;
        sqlx::query("PRAGMA cache_size = -262144")
            .execute(&mut *conn)
            .await?;
        sqlx::query("PRAGMA temp_store = MEMORY")
            .execute(&mut *conn)
            .await?;
        let mut tx = conn.begin_with("BEGIN IMMEDIATE").await?;
        let written = write_history(&mut tx, dossier, stamps, options).await;
        let ended = match (&written, options.dry_run) {
            (Ok(_), false) => tx.commit().await,
            _ => tx.rollback().await,
        };
        sqlx::query("PRAGMA cache_size = -2000")
            .execute(&mut *conn)
            .await?;
        let changes = written?;
        ended?;
        Ok(changes)
    }
}

async fn write_history(
    conn: &mut SqliteConnection,
    dossier: Dossier,
    stamps: Stamps,
    options: &ImportOptions<'_>,
) -> Result<Changes> {
    refuse_unless_empty(conn).await?;
    sqlx::query("PRAGMA defer_foreign_keys = ON")
        .execute(&mut *conn)
        .await?;
    let statuses: usize = stamps
        .rounds
        .iter()
        .flat_map(|r| &r.statuses)
        .map(|c| 1 + c.superseded.len())
        .sum();
    let deferred = match statuses >= BULK_STATUSES {
        true => DeferredUpkeep::begin(&mut *conn).await?,
        false => None,
    };
    let mut rows = Rows::new(&dossier);
    let mut changes = rows.declarations(conn, &dossier, &stamps).await?;
    let runs = dossier
        .rounds
        .chunks(ROUNDS_PER_RUN)
        .zip(stamps.rounds.chunks(ROUNDS_PER_RUN));
    let mut written = 0;
    for (rounds, round_stamps) in runs {
        let mut batch = Batch::default();
        for (round, stamp) in rounds.iter().zip(round_stamps) {
            rows.round(&mut batch, round, stamp, &mut changes)?;
        }
        batch.write(conn).await?;
        written += rounds.len();
        (options.progress)(written);
    }
    if let Some(deferred) = deferred {
        deferred.finish(&mut *conn).await?;
    }
    let instant = instant_after(conn, (options.clock)()?, &stamps).await?;
    instant
        .log(
            &mut *conn,
            options.command,
            &format!("{changes} (a history export)"),
        )
        .await?;
    Ok(changes)
}

/// A history export reproduces the rows it holds as they were; merged into records
/// the database holds, they would be neither (ids, corrections and instants would
/// interleave with the database's own), so the database must hold none.
async fn refuse_unless_empty(conn: &mut SqliteConnection) -> Result<()> {
    let held = sqlx::query!(
        r#"SELECT (SELECT COUNT(*) FROM process) AS "processes!: i64",
                  (SELECT COUNT(*) FROM party) AS "parties!: i64",
                  (SELECT COUNT(*) FROM source) AS "sources!: i64""#
    )
    .fetch_one(&mut *conn)
    .await?;
    if held.processes + held.parties + held.sources == 0 {
        return Ok(());
    }
    Err(Error::Conflict(format!(
        "a history export imports only into a database that holds no records, where it can \
         reproduce every row as it was; this one holds {} process(es), {} party(ies) and {} \
         source(s). Import it into a new file (`parley --db NEW.db import FILE` creates it \
         empty), or import a plain export (`parley export`, without --history), which merges",
        held.processes, held.parties, held.sources
    )))
}

/// The write's own instant: the clock's, moved up to the latest instant the log or
/// the imported rows hold, so that the next write never records before them.
async fn instant_after(
    conn: &mut SqliteConnection,
    now: DateTime<Utc>,
    stamps: &Stamps,
) -> Result<Instant> {
    let mut instant = Instant::take(&mut *conn, now).await?;
    if let Some(latest) = stamps.latest() {
        instant.recorded_at = instant.recorded_at.max(latest_instant(latest)?);
    }
    Ok(instant)
}

/// Row ids by slug, given in the order of the file.
/// The process's row id: the database holds no other.
const PROCESS_ID: i64 = 1;

struct Rows {
    parties: HashMap<String, i64>,
    sources: HashMap<String, i64>,
    items: HashMap<String, i64>,
    rounds: HashMap<String, i64>,
    next_status: i64,
    next_position: i64,
    next_commitment: i64,
    next_quote: i64,
    next_note: i64,
}

fn numbered<'a>(slugs: impl Iterator<Item = &'a String>) -> HashMap<String, i64> {
    slugs.cloned().zip(1..).collect()
}

/// A status record or position as written: its id, the record it corrects, and
/// what differs per kind.
struct ClaimRow<T> {
    id: i64,
    round_id: i64,
    supersedes: Option<i64>,
    note: Option<String>,
    recorded_at: Recorded,
    fields: T,
}

/// What a status record holds beside [`ClaimRow`]'s.
struct StatusFields {
    item_id: i64,
    status: &'static str,
    confidence: Option<i64>,
}

/// What a position holds beside [`ClaimRow`]'s.
struct PositionFields {
    party_id: i64,
    item_id: i64,
    stance: &'static str,
}

struct ParticipantRow {
    round_id: i64,
    party_id: i64,
    role: &'static str,
    note: Option<String>,
    recorded_at: Recorded,
}

struct CommitmentRow {
    id: i64,
    round_id: i64,
    item_id: Option<i64>,
    slug: String,
    kind: &'static str,
    description: String,
    due_date: Option<String>,
    recorded_at: Recorded,
}

struct FateRow {
    commitment_id: i64,
    round_id: Option<i64>,
    fate: &'static str,
    note: Option<String>,
    recorded_at: Recorded,
}

struct QuoteRow {
    id: i64,
    round_id: i64,
    party_id: Option<i64>,
    item_id: Option<i64>,
    speaker_name: Option<String>,
    speaker_description: Option<String>,
    text: String,
    recorded_at: Recorded,
}

struct NoteRow {
    id: i64,
    round_id: i64,
    kind: &'static str,
    body: String,
    recorded_at: Recorded,
}

/// (source id, credibility, claim id)
type CitationRow = (i64, Option<i64>, i64);

/// The rows of a run of rounds, table by table.
#[derive(Default)]
struct Batch<'d> {
    /// Each round with its row id and `recorded_at`.
    rounds: Vec<(i64, &'d Round, &'d str)>,
    versions: Vec<(i64, &'d RoundVersion)>,
    participants: Vec<ParticipantRow>,
    statuses: Vec<ClaimRow<StatusFields>>,
    positions: Vec<ClaimRow<PositionFields>>,
    commitments: Vec<CommitmentRow>,
    /// (commitment id, party id)
    commitment_parties: Vec<(i64, i64)>,
    fates: Vec<FateRow>,
    quotes: Vec<QuoteRow>,
    notes: Vec<NoteRow>,
    /// By the kind of claim (`Cited as usize`).
    citations: [Vec<CitationRow>; 6],
}

impl Rows {
    fn new(dossier: &Dossier) -> Self {
        Rows {
            parties: numbered(dossier.parties.iter().map(|p| &p.slug)),
            sources: numbered(dossier.sources.iter().map(|s| &s.slug)),
            items: numbered(dossier.items.iter().map(|i| &i.slug)),
            rounds: numbered(dossier.rounds.iter().map(|r| &r.slug)),
            next_status: 1,
            next_position: 1,
            next_commitment: 1,
            next_quote: 1,
            next_note: 1,
        }
    }

    fn id(map: &HashMap<String, i64>, kind: &str, slug: &str) -> Result<i64> {
        map.get(slug).copied().ok_or_else(|| {
            Error::Conflict(format!(
                "the history export names an unknown {kind} '{slug}'"
            ))
        })
    }

    fn party(&self, slug: &str) -> Result<i64> {
        Self::id(&self.parties, "party", slug)
    }

    fn item(&self, slug: &str) -> Result<i64> {
        Self::id(&self.items, "item", slug)
    }

    /// The process, parties and their aliases, sources and items.
    async fn declarations(
        &mut self,
        conn: &mut SqliteConnection,
        dossier: &Dossier,
        stamps: &Stamps,
    ) -> Result<Changes> {
        let process = &dossier.processes[0];
        sqlx::query!(
            "INSERT INTO process (process_id, slug, name, description, recorded_at) VALUES (?1, ?2, ?3, ?4, ?5)",
            PROCESS_ID,
            process.slug,
            process.name,
            process.description,
            stamps.process
        )
        .execute(&mut *conn)
        .await?;
        let parties: Vec<_> = dossier
            .parties
            .iter()
            .zip(&stamps.parties)
            .zip(1..)
            .collect();
        insert_rows(
            conn,
            "INSERT INTO party (party_id, slug, name, short_code, kind, recorded_at) ",
            6,
            &parties,
            |b, ((p, st), id)| {
                b.push_bind(*id)
                    .push_bind(p.slug.clone())
                    .push_bind(p.name.clone())
                    .push_bind(p.short_code.clone())
                    .push_bind(p.kind.as_str())
                    .push_bind(st.recorded_at.clone());
            },
        )
        .await?;
        let aliases: Vec<(i64, &String, &String)> = parties
            .iter()
            .flat_map(|((p, st), id)| {
                p.aliases
                    .iter()
                    .zip(&st.aliases)
                    .map(|(a, at)| (*id, a, at))
            })
            .collect();
        insert_rows(
            conn,
            "INSERT INTO party_alias (party_id, alias, recorded_at) ",
            3,
            &aliases,
            |b, (id, alias, at)| {
                b.push_bind(*id)
                    .push_bind((*alias).clone())
                    .push_bind((*at).clone());
            },
        )
        .await?;
        let sources: Vec<_> = dossier
            .sources
            .iter()
            .zip(&stamps.sources)
            .zip(1..)
            .collect();
        insert_rows(
            conn,
            "INSERT INTO source (source_id, slug, outlet, title, url, published_on, reliability, recorded_at) ",
            8,
            &sources,
            |b, ((s, at), id)| {
                b.push_bind(*id)
                    .push_bind(s.slug.clone())
                    .push_bind(s.outlet.clone())
                    .push_bind(s.title.clone())
                    .push_bind(s.url.clone())
                    .push_bind(s.published_on.map(|d| d.to_string()))
                    .push_bind(s.reliability.map(|r| r.as_str()))
                    .push_bind((*at).clone());
            },
        )
        .await?;
        let mut items = Vec::with_capacity(dossier.items.len());
        for ((item, at), id) in dossier.items.iter().zip(&stamps.items).zip(1..) {
            let parent = item.parent.as_deref().map(|p| self.item(p)).transpose()?;
            items.push((id, parent, item, at));
        }
        insert_rows(
            conn,
            "INSERT INTO agenda_item (agenda_item_id, process_id, parent_agenda_item_id, slug, title, description, recorded_at) ",
            7,
            &items,
            |b, (id, parent, item, at)| {
                b.push_bind(*id)
                    .push_bind(PROCESS_ID)
                    .push_bind(*parent)
                    .push_bind(item.slug.clone())
                    .push_bind(item.title.clone())
                    .push_bind(item.description.clone())
                    .push_bind((*at).clone());
            },
        )
        .await?;
        Ok(Changes {
            processes: 1,
            parties: dossier.parties.len() as u64,
            sources: dossier.sources.len() as u64,
            items: dossier.items.len() as u64,
            ..Changes::default()
        })
    }

    fn cite(
        &self,
        batch: &mut Batch<'_>,
        cited: Cited,
        claim: i64,
        list: &[Citation],
    ) -> Result<u64> {
        for c in list {
            let source = Self::id(&self.sources, "source", &c.source)?;
            batch.citations[cited as usize].push((source, c.credibility.map(|g| g.grade()), claim));
        }
        Ok(list.len() as u64)
    }

    /// A round's rows, with its claims' and their history's.
    fn round<'d>(
        &mut self,
        batch: &mut Batch<'d>,
        r: &'d Round,
        stamps: &'d RoundStamps,
        changes: &mut Changes,
    ) -> Result<()> {
        let round_id = Self::id(&self.rounds, "round", &r.slug)?;
        batch.rounds.push((round_id, r, &stamps.recorded_at));
        changes.rounds += 1;
        changes.citations += self.cite(batch, Cited::Round, round_id, &r.sources)?;
        batch
            .versions
            .extend(stamps.versions.iter().map(|v| (round_id, v)));

        for (p, at) in r.participants.iter().zip(&stamps.participants) {
            batch.participants.push(ParticipantRow {
                round_id,
                party_id: self.party(&p.party)?,
                role: p.role.as_str(),
                note: p.note.clone(),
                recorded_at: at.clone(),
            });
            changes.participants += 1;
        }

        for (claim, stamp) in r.statuses.iter().zip(&stamps.statuses) {
            let item = self.item(&claim.item)?;
            let mut supersedes = None;
            let in_force = StatusVersion {
                status: claim.status,
                note: claim.note.given().cloned(),
                confidence: claim.confidence.given().copied(),
                sources: claim.sources.given().cloned().unwrap_or_default(),
                recorded_at: stamp.recorded_at.clone(),
            };
            for version in stamp.superseded.iter().chain([&in_force]) {
                let id = take(&mut self.next_status);
                batch.statuses.push(ClaimRow {
                    id,
                    round_id,
                    supersedes,
                    note: version.note.clone(),
                    recorded_at: version.recorded_at.clone(),
                    fields: StatusFields {
                        item_id: item,
                        status: version.status.as_str(),
                        confidence: version.confidence.map(|g| g.grade()),
                    },
                });
                changes.citations += self.cite(batch, Cited::StatusRecord, id, &version.sources)?;
                supersedes = Some(id);
            }
            changes.statuses += 1;
            changes.status_corrections += stamp.superseded.len() as u64;
        }

        for (claim, stamp) in r.positions.iter().zip(&stamps.positions) {
            let (party, item) = (self.party(&claim.party)?, self.item(&claim.item)?);
            let mut supersedes = None;
            let in_force = PositionVersion {
                stance: claim.stance,
                note: claim.note.given().cloned(),
                sources: claim.sources.given().cloned().unwrap_or_default(),
                recorded_at: stamp.recorded_at.clone(),
            };
            for version in stamp.superseded.iter().chain([&in_force]) {
                let id = take(&mut self.next_position);
                batch.positions.push(ClaimRow {
                    id,
                    round_id,
                    supersedes,
                    note: version.note.clone(),
                    recorded_at: version.recorded_at.clone(),
                    fields: PositionFields {
                        party_id: party,
                        item_id: item,
                        stance: version.stance.as_str(),
                    },
                });
                changes.citations += self.cite(batch, Cited::Position, id, &version.sources)?;
                supersedes = Some(id);
            }
            changes.positions += 1;
            changes.position_corrections += stamp.superseded.len() as u64;
        }

        for (c, stamp) in r.commitments.iter().zip(&stamps.commitments) {
            let id = take(&mut self.next_commitment);
            batch.commitments.push(CommitmentRow {
                id,
                round_id,
                item_id: c.item.given().map(|i| self.item(i)).transpose()?,
                slug: c.slug.clone(),
                kind: c.kind.map_or("statement", |k| k.as_str()),
                description: c.description.clone().unwrap_or_default(),
                due_date: c.due_date.given().map(|d| d.to_string()),
                recorded_at: stamp.recorded_at.clone(),
            });
            for party in &c.parties {
                batch.commitment_parties.push((id, self.party(party)?));
            }
            for f in &stamp.fates {
                let round = f
                    .round
                    .as_deref()
                    .map(|slug| Self::id(&self.rounds, "round", slug))
                    .transpose()?;
                batch.fates.push(FateRow {
                    commitment_id: id,
                    round_id: round,
                    fate: f.fate.as_str(),
                    note: f.note.clone(),
                    recorded_at: f.recorded_at.clone(),
                });
            }
            changes.commitments += 1;
            changes.commitment_fates += stamp.fates.len() as u64;
            let sources = c.sources.given().map_or(&[][..], Vec::as_slice);
            changes.citations += self.cite(batch, Cited::Commitment, id, sources)?;
        }

        for (q, at) in r.quotes.iter().zip(&stamps.quotes) {
            let id = take(&mut self.next_quote);
            batch.quotes.push(QuoteRow {
                id,
                round_id,
                party_id: q.party.as_deref().map(|p| self.party(p)).transpose()?,
                item_id: q.item.as_deref().map(|i| self.item(i)).transpose()?,
                speaker_name: q.speaker_name.clone(),
                speaker_description: q.speaker_description.clone(),
                text: q.text.clone(),
                recorded_at: at.clone(),
            });
            changes.quotes += 1;
            let sources = q.sources.given().map_or(&[][..], Vec::as_slice);
            changes.citations += self.cite(batch, Cited::Quote, id, sources)?;
        }

        for (n, at) in r.notes.iter().zip(&stamps.notes) {
            let id = take(&mut self.next_note);
            batch.notes.push(NoteRow {
                id,
                round_id,
                kind: n.kind.as_str(),
                body: n.body.clone(),
                recorded_at: at.clone(),
            });
            changes.notes += 1;
            let sources = n.sources.given().map_or(&[][..], Vec::as_slice);
            changes.citations += self.cite(batch, Cited::RoundNote, id, sources)?;
        }
        Ok(())
    }
}

fn take(next: &mut i64) -> i64 {
    let id = *next;
    *next += 1;
    id
}

impl Batch<'_> {
    /// Writes the run's rows, table by table: rounds before what names them, claims
    /// before their citations.
    async fn write(self, conn: &mut SqliteConnection) -> Result<()> {
        insert_rows(
            conn,
            "INSERT INTO round (round_id, process_id, slug, title, start_date, end_date, location, \
             format, level, state, tone, summary, recorded_at) ",
            13,
            &self.rounds,
            |b, (id, r, recorded_at)| {
                b.push_bind(*id)
                    .push_bind(PROCESS_ID)
                    .push_bind(r.slug.clone())
                    .push_bind(r.title.clone())
                    .push_bind(r.start_date.given().map(|d| d.to_string()))
                    .push_bind(r.end_date.given().map(|d| d.to_string()))
                    .push_bind(r.location.given().cloned())
                    .push_bind(r.format.given().map(|f| f.as_str()))
                    .push_bind(r.level.given().map(|l| l.as_str()))
                    .push_bind(r.state.map(|s| s.as_str()))
                    .push_bind(r.tone.given().cloned())
                    .push_bind(r.summary.given().cloned())
                    .push_bind(recorded_at.to_string());
            },
        )
        .await?;
        insert_rows(
            conn,
            "INSERT INTO round_history (round_id, slug, title, start_date, end_date, location, \
             format, level, state, tone, summary, recorded_at, replaced_at) ",
            13,
            &self.versions,
            |b, (round_id, v)| {
                b.push_bind(*round_id)
                    .push_bind(v.slug.clone())
                    .push_bind(v.title.clone())
                    .push_bind(v.start_date.clone())
                    .push_bind(v.end_date.clone())
                    .push_bind(v.location.clone())
                    .push_bind(v.format.clone())
                    .push_bind(v.level.clone())
                    .push_bind(v.state.clone())
                    .push_bind(v.tone.clone())
                    .push_bind(v.summary.clone())
                    .push_bind(v.recorded_at.clone())
                    .push_bind(v.replaced_at.clone());
            },
        )
        .await?;
        insert_rows(
            conn,
            "INSERT INTO round_party (round_id, party_id, role, note, recorded_at) ",
            5,
            &self.participants,
            |b, p| {
                b.push_bind(p.round_id)
                    .push_bind(p.party_id)
                    .push_bind(p.role)
                    .push_bind(p.note.clone())
                    .push_bind(p.recorded_at.clone());
            },
        )
        .await?;
        insert_rows(
            conn,
            "INSERT INTO status_record (status_record_id, agenda_item_id, round_id, status, note, \
             confidence, supersedes_status_record_id, recorded_at) ",
            8,
            &self.statuses,
            |b, s| {
                b.push_bind(s.id)
                    .push_bind(s.fields.item_id)
                    .push_bind(s.round_id)
                    .push_bind(s.fields.status)
                    .push_bind(s.note.clone())
                    .push_bind(s.fields.confidence)
                    .push_bind(s.supersedes)
                    .push_bind(s.recorded_at.clone());
            },
        )
        .await?;
        insert_rows(
            conn,
            "INSERT INTO position (position_id, party_id, agenda_item_id, round_id, stance, note, \
             supersedes_position_id, recorded_at) ",
            8,
            &self.positions,
            |b, p| {
                b.push_bind(p.id)
                    .push_bind(p.fields.party_id)
                    .push_bind(p.fields.item_id)
                    .push_bind(p.round_id)
                    .push_bind(p.fields.stance)
                    .push_bind(p.note.clone())
                    .push_bind(p.supersedes)
                    .push_bind(p.recorded_at.clone());
            },
        )
        .await?;
        insert_rows(
            conn,
            "INSERT INTO commitment (commitment_id, round_id, agenda_item_id, slug, kind, \
             description, due_date, recorded_at) ",
            8,
            &self.commitments,
            |b, c| {
                b.push_bind(c.id)
                    .push_bind(c.round_id)
                    .push_bind(c.item_id)
                    .push_bind(c.slug.clone())
                    .push_bind(c.kind)
                    .push_bind(c.description.clone())
                    .push_bind(c.due_date.clone())
                    .push_bind(c.recorded_at.clone());
            },
        )
        .await?;
        insert_rows(
            conn,
            "INSERT INTO commitment_party (commitment_id, party_id) ",
            2,
            &self.commitment_parties,
            |b, (c, p)| {
                b.push_bind(*c).push_bind(*p);
            },
        )
        .await?;
        insert_rows(
            conn,
            "INSERT INTO commitment_fate (commitment_id, round_id, fate, note, recorded_at) ",
            5,
            &self.fates,
            |b, f| {
                b.push_bind(f.commitment_id)
                    .push_bind(f.round_id)
                    .push_bind(f.fate)
                    .push_bind(f.note.clone())
                    .push_bind(f.recorded_at.clone());
            },
        )
        .await?;
        insert_rows(
            conn,
            "INSERT INTO quote (quote_id, round_id, party_id, agenda_item_id, speaker_name, \
             speaker_description, text, recorded_at) ",
            8,
            &self.quotes,
            |b, q| {
                b.push_bind(q.id)
                    .push_bind(q.round_id)
                    .push_bind(q.party_id)
                    .push_bind(q.item_id)
                    .push_bind(q.speaker_name.clone())
                    .push_bind(q.speaker_description.clone())
                    .push_bind(q.text.clone())
                    .push_bind(q.recorded_at.clone());
            },
        )
        .await?;
        insert_rows(
            conn,
            "INSERT INTO round_note (round_note_id, round_id, kind, body, recorded_at) ",
            5,
            &self.notes,
            |b, n| {
                b.push_bind(n.id)
                    .push_bind(n.round_id)
                    .push_bind(n.kind)
                    .push_bind(n.body.clone())
                    .push_bind(n.recorded_at.clone());
            },
        )
        .await?;
        for cited in Cited::ALL {
            insert_rows(
                conn,
                &format!(
                    "INSERT INTO citation (source_id, credibility, {}) ",
                    cited.column()
                ),
                3,
                &self.citations[cited as usize],
                |b, (source, credibility, claim)| {
                    b.push_bind(*source)
                        .push_bind(*credibility)
                        .push_bind(*claim);
                },
            )
            .await?;
        }
        Ok(())
    }
}
