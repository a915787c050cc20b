//! The rows of a run of rounds, table by table, and their multi-row INSERTs in the
//! order the references need (rounds, then what names them, citations last).

use sqlx::SqliteConnection;

use super::rows::PROCESS_ID;
use crate::domain::history::*;
use crate::domain::model::Round;
use crate::error::Result;
use crate::storage::import::staged::{Cited, insert_rows};

/// A status record or position as written: its id, the record it corrects, and
/// what differs per kind.
pub(super) struct ClaimRow<T> {
    pub(super) id: i64,
    pub(super) round_id: i64,
    pub(super) supersedes: Option<i64>,
    pub(super) note: Option<String>,
    pub(super) recorded_at: Recorded,
    pub(super) fields: T,
}

/// What a status record holds beside [`ClaimRow`]'s.
pub(super) struct StatusFields {
    pub(super) item_id: i64,
    pub(super) status: &'static str,
    pub(super) confidence: Option<i64>,
}

/// What a position holds beside [`ClaimRow`]'s.
pub(super) struct PositionFields {
    pub(super) party_id: i64,
    pub(super) item_id: i64,
    pub(super) stance: &'static str,
}

pub(super) struct ParticipantRow {
    pub(super) id: i64,
    pub(super) round_id: i64,
    pub(super) party_id: i64,
    pub(super) lead_person_id: Option<i64>,
    pub(super) role: &'static str,
    pub(super) note: Option<String>,
    pub(super) recorded_at: Recorded,
}

pub(super) struct CommitmentRow {
    pub(super) id: i64,
    pub(super) round_id: i64,
    pub(super) item_id: Option<i64>,
    pub(super) slug: String,
    pub(super) kind: &'static str,
    pub(super) description: String,
    pub(super) due_date: Option<String>,
    pub(super) recorded_at: Recorded,
}

pub(super) struct FateRow {
    pub(super) commitment_id: i64,
    pub(super) round_id: Option<i64>,
    pub(super) fate: &'static str,
    pub(super) note: Option<String>,
    pub(super) recorded_at: Recorded,
}

pub(super) struct QuoteRow {
    pub(super) id: i64,
    pub(super) round_id: i64,
    pub(super) party_id: Option<i64>,
    pub(super) item_id: Option<i64>,
    pub(super) speaker_person_id: Option<i64>,
    pub(super) speaker_name: Option<String>,
    pub(super) speaker_description: Option<String>,
    pub(super) text: String,
    pub(super) recorded_at: Recorded,
}

pub(super) struct NoteRow {
    pub(super) id: i64,
    pub(super) round_id: i64,
    pub(super) kind: &'static str,
    pub(super) body: String,
    pub(super) recorded_at: Recorded,
}

/// What a retraction names: its column in `retraction`.
#[derive(Clone, Copy)]
pub(super) enum Retracts {
    Round,
    StatusRecord,
    Position,
    Commitment,
    Quote,
    RoundNote,
}

/// A retraction as written: what it names (one of six columns), why, when, and the
/// write of the carried log that made it (its place, from 1).
pub(super) struct RetractionRow {
    pub(super) retracts: Retracts,
    pub(super) id: i64,
    pub(super) reason: String,
    pub(super) recorded_at: Recorded,
    pub(super) write: usize,
}

impl RetractionRow {
    pub(super) fn new(retracts: Retracts, id: i64, r: &Retracted) -> Self {
        RetractionRow {
            retracts,
            id,
            reason: r.reason.clone(),
            recorded_at: r.recorded_at.clone(),
            write: r.write,
        }
    }

    /// The row id in each of the six columns: this one's, NULL in the others.
    fn columns(&self) -> [Option<i64>; 6] {
        let mut columns = [None; 6];
        columns[self.retracts as usize] = Some(self.id);
        columns
    }
}

/// Writes the retractions, naming each write by its row id: the carried log's
/// first row is `first_write` (the log's rows follow each other). Their triggers
/// take the retracted rows out of the derived tables, as they did in the database
/// the export came from.
pub(super) async fn write_retractions(
    conn: &mut SqliteConnection,
    rows: &[RetractionRow],
    first_write: i64,
) -> Result<()> {
    insert_rows(
        conn,
        "INSERT INTO retraction (round_id, status_record_id, position_id, commitment_id, \
         quote_id, round_note_id, reason, write_log_id, recorded_at) ",
        9,
        rows,
        |b, r| {
            for id in r.columns() {
                b.push_bind(id);
            }
            b.push_bind(r.reason.clone())
                .push_bind(first_write + r.write as i64 - 1)
                .push_bind(r.recorded_at.clone());
        },
    )
    .await
}

/// Writes the carried write log, in order, its first row at `first_write`.
pub(super) async fn write_log(
    conn: &mut SqliteConnection,
    writes: &[WriteRecord],
    first_write: i64,
) -> Result<()> {
    let rows: Vec<(i64, &WriteRecord)> = (first_write..).zip(writes).collect();
    insert_rows(
        conn,
        "INSERT INTO write_log (write_log_id, recorded_at, clock_at, command, summary) ",
        5,
        &rows,
        |b, (id, w)| {
            b.push_bind(*id)
                .push_bind(w.recorded_at.clone())
                .push_bind(w.clock_at.clone())
                .push_bind(w.command.clone())
                .push_bind(w.summary.clone());
        },
    )
    .await
}

/// (source id, credibility, claim id)
pub(super) type CitationRow = (i64, Option<i64>, i64);

/// The rows of a run of rounds, table by table.
#[derive(Default)]
pub(super) struct Batch<'d> {
    /// Each round with its row id and `recorded_at`.
    pub(super) rounds: Vec<(i64, &'d Round, &'d str)>,
    pub(super) versions: Vec<(i64, &'d RoundVersion)>,
    pub(super) participants: Vec<ParticipantRow>,
    /// (round_party_id, round id, party id, the row): a withdrawn participation's
    /// rows name an id no participant holds.
    pub(super) participant_versions: Vec<(i64, i64, i64, &'d ParticipantVersion)>,
    pub(super) statuses: Vec<ClaimRow<StatusFields>>,
    pub(super) positions: Vec<ClaimRow<PositionFields>>,
    pub(super) commitments: Vec<CommitmentRow>,
    /// (commitment id, party id)
    pub(super) commitment_parties: Vec<(i64, i64)>,
    pub(super) fates: Vec<FateRow>,
    pub(super) quotes: Vec<QuoteRow>,
    pub(super) notes: Vec<NoteRow>,
    /// (round note id, person id)
    pub(super) note_persons: Vec<(i64, i64)>,
    /// By the kind of claim (`Cited as usize`).
    pub(super) citations: [Vec<CitationRow>; 6],
}

impl Batch<'_> {
    /// Writes the run's rows, table by table: rounds before what names them, claims
    /// before their citations.
    pub(super) async fn write(self, conn: &mut SqliteConnection) -> Result<()> {
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
            "INSERT INTO round_party (round_party_id, round_id, party_id, lead_person_id, role, note, \
             recorded_at) ",
            7,
            &self.participants,
            |b, p| {
                b.push_bind(p.id)
                    .push_bind(p.round_id)
                    .push_bind(p.party_id)
                    .push_bind(p.lead_person_id)
                    .push_bind(p.role)
                    .push_bind(p.note.clone())
                    .push_bind(p.recorded_at.clone());
            },
        )
        .await?;
        insert_rows(
            conn,
            "INSERT INTO round_party_history (round_party_id, round_id, party_id, role, note, \
             recorded_at, replaced_at, withdrawn) ",
            8,
            &self.participant_versions,
            |b, (id, round_id, party_id, v)| {
                b.push_bind(*id)
                    .push_bind(*round_id)
                    .push_bind(*party_id)
                    .push_bind(v.role.clone())
                    .push_bind(v.note.clone())
                    .push_bind(v.recorded_at.clone())
                    .push_bind(v.replaced_at.clone())
                    .push_bind(i64::from(v.withdrawn));
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
            "INSERT INTO quote (quote_id, round_id, party_id, agenda_item_id, speaker_person_id, \
             speaker_name, speaker_description, text, recorded_at) ",
            9,
            &self.quotes,
            |b, q| {
                b.push_bind(q.id)
                    .push_bind(q.round_id)
                    .push_bind(q.party_id)
                    .push_bind(q.item_id)
                    .push_bind(q.speaker_person_id)
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
        insert_rows(
            conn,
            "INSERT INTO round_note_person (round_note_id, person_id) ",
            2,
            &self.note_persons,
            |b, (note, person)| {
                b.push_bind(*note).push_bind(*person);
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
