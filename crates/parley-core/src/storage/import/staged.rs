//! The staged path: every row a plan inserts is held back with the row id it will
//! have, and written with the others in multi-row INSERTs, table by table in the
//! order foreign keys need (rounds, then their claims, then the claims' parties and
//! fates, then citations). Row ids are allocated here from `MAX(id) + 1`, read once
//! the write lock is held, so that staged rows can name one another before they are
//! written, and so that ids follow the order of the files however rows are batched.

use sqlx::query_builder::Separated;
use sqlx::{QueryBuilder, Sqlite, SqliteConnection};

use super::ids::Ids;
use super::kinds::{SqliteKind, StagedClaim};
use crate::domain::{Fate, Instant};
use crate::error::Result;
use crate::storage::plan::*;

/// Rows per multi-row INSERT (fewer when the columns would pass SQLite's parameter
/// limit): enough to spread the cost of a statement, and of its statement journal,
/// thin.
const ROWS_PER_STATEMENT: usize = 4000;
/// SQLite's limit on bound parameters in one statement.
const MAX_PARAMETERS: usize = 32_766;
/// Staged rows that set off a write, so that progress shows and memory stays bounded.
pub const FLUSH_ROWS: usize = 50_000;

/// The claim a citation supports, by its column in `citation`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cited {
    Round,
    StatusRecord,
    Position,
    Commitment,
    Quote,
    RoundNote,
}

impl Cited {
    pub const ALL: [Cited; 6] = [
        Cited::Round,
        Cited::StatusRecord,
        Cited::Position,
        Cited::Commitment,
        Cited::Quote,
        Cited::RoundNote,
    ];

    /// The column of `citation` that names this kind of claim.
    pub fn column(self) -> &'static str {
        match self {
            Cited::Round => "round_id",
            Cited::StatusRecord => "status_record_id",
            Cited::Position => "position_id",
            Cited::Commitment => "commitment_id",
            Cited::Quote => "quote_id",
            Cited::RoundNote => "round_note_id",
        }
    }
}

/// The next free row ids, read once the write lock is held (`BEGIN IMMEDIATE`).
#[derive(Clone, Copy)]
pub struct NextIds {
    pub round: i64,
    /// By [`SqliteKind::SLOT`] (participants take the table's own ids).
    pub claims: [i64; 6],
    pub citation: i64,
}

impl NextIds {
    pub async fn read(conn: &mut SqliteConnection) -> Result<Self> {
        let row = sqlx::query!(
            r#"SELECT (SELECT COALESCE(MAX(round_id), 0) FROM round) + 1 AS "round!: i64",
                      (SELECT COALESCE(MAX(status_record_id), 0) FROM status_record) + 1 AS "status_record!: i64",
                      (SELECT COALESCE(MAX(position_id), 0) FROM position) + 1 AS "position!: i64",
                      (SELECT COALESCE(MAX(commitment_id), 0) FROM commitment) + 1 AS "commitment!: i64",
                      (SELECT COALESCE(MAX(quote_id), 0) FROM quote) + 1 AS "quote!: i64",
                      (SELECT COALESCE(MAX(round_note_id), 0) FROM round_note) + 1 AS "round_note!: i64",
                      (SELECT COALESCE(MAX(citation_id), 0) FROM citation) + 1 AS "citation!: i64""#
        )
        .fetch_one(&mut *conn)
        .await?;
        Ok(NextIds {
            round: row.round,
            claims: [
                0,
                row.status_record,
                row.position,
                row.commitment,
                row.quote,
                row.round_note,
            ],
            citation: row.citation,
        })
    }
}

pub fn take(id: &mut i64) -> i64 {
    let taken = *id;
    *id += 1;
    taken
}

/// A round whose plan is staged: its row id, and the row id of each claim write, by
/// kind ([`SqliteKind::SLOT`]): a new row's, or the amended row's.
pub struct StagedRound {
    pub id: i64,
    pub process_id: i64,
    /// A round new to the database: its own row is written too.
    pub new: bool,
    pub plan: RoundPlan,
    pub ids: [Vec<i64>; 6],
}

/// (citation id, source id, credibility, claim id)
type CitationRow = (i64, i64, Option<i64>, i64);

/// Rows staged to be written together.
#[derive(Default)]
pub struct Batch {
    /// Staged rows in all.
    pub rows: usize,
    /// Staged status records.
    pub statuses: usize,
    pub next: Option<NextIds>,
    pub rounds: Vec<StagedRound>,
    /// By the kind of claim (`Cited as usize`).
    pub citations: [Vec<CitationRow>; 6],
    /// (commitment id, party id)
    pub commitment_parties: Vec<(i64, i64)>,
    /// (commitment id, round id, fate, note)
    pub fates: Vec<(i64, i64, Fate, Option<String>)>,
    /// (round note id, person id)
    pub note_persons: Vec<(i64, i64)>,
}

impl Batch {
    pub fn is_empty(&self) -> bool {
        self.rows == 0
    }

    /// Stages a citation of `claim` (whose kind `cited` names).
    pub fn cite(
        &mut self,
        next: &mut NextIds,
        cited: Cited,
        claim: i64,
        source_id: i64,
        credibility: Option<i64>,
    ) {
        self.citations[cited as usize].push((
            take(&mut next.citation),
            source_id,
            credibility,
            claim,
        ));
        self.rows += 1;
    }
}

/// Writes every staged row: claims after their rounds, citations after their claims,
/// so that every foreign key holds as each statement runs.
pub async fn write(
    conn: &mut SqliteConnection,
    batch: Batch,
    ids: &Ids,
    at: Instant,
) -> Result<()> {
    let new_rounds: Vec<&StagedRound> = batch.rounds.iter().filter(|s| s.new).collect();
    insert_rows(
        conn,
        "INSERT INTO round (round_id, process_id, slug, title, start_date, end_date, location, \
         format, level, state, tone, summary, recorded_at) ",
        13,
        &new_rounds,
        |b, s| {
            let r = &s.plan.round;
            b.push_bind(s.id)
                .push_bind(s.process_id)
                .push_bind(r.slug.as_str())
                .push_bind(r.title.as_deref())
                .push_bind(r.start_date.given().map(|d| d.to_string()))
                .push_bind(r.end_date.given().map(|d| d.to_string()))
                .push_bind(r.location.given().map(String::as_str))
                .push_bind(r.format.given().map(|f| f.as_str()))
                .push_bind(r.level.given().map(|l| l.as_str()))
                .push_bind(r.state.map(|s| s.as_str()))
                .push_bind(r.tone.given().map(String::as_str))
                .push_bind(r.summary.given().map(String::as_str))
                .push_bind(at);
        },
    )
    .await?;
    insert_claims::<Participants>(conn, &batch, ids, at).await?;
    insert_claims::<Statuses>(conn, &batch, ids, at).await?;
    insert_claims::<Positions>(conn, &batch, ids, at).await?;
    insert_claims::<Commitments>(conn, &batch, ids, at).await?;
    insert_rows(
        conn,
        "INSERT INTO commitment_party (commitment_id, party_id) ",
        2,
        &batch.commitment_parties,
        |b, (id, party_id)| {
            b.push_bind(*id).push_bind(*party_id);
        },
    )
    .await?;
    insert_rows(
        conn,
        "INSERT INTO commitment_fate (commitment_id, round_id, fate, note, recorded_at) ",
        5,
        &batch.fates,
        |b, (id, round_id, fate, note)| {
            b.push_bind(*id)
                .push_bind(*round_id)
                .push_bind(fate.as_str())
                .push_bind(note.as_deref())
                .push_bind(at);
        },
    )
    .await?;
    insert_claims::<Quotes>(conn, &batch, ids, at).await?;
    insert_claims::<Notes>(conn, &batch, ids, at).await?;
    insert_rows(
        conn,
        "INSERT INTO round_note_person (round_note_id, person_id) ",
        2,
        &batch.note_persons,
        |b, (id, person_id)| {
            b.push_bind(*id).push_bind(*person_id);
        },
    )
    .await?;
    for cited in Cited::ALL {
        insert_rows(
            conn,
            &format!(
                "INSERT INTO citation (citation_id, source_id, credibility, {}) ",
                cited.column()
            ),
            4,
            &batch.citations[cited as usize],
            |b, (id, source_id, credibility, claim)| {
                b.push_bind(*id)
                    .push_bind(*source_id)
                    .push_bind(*credibility)
                    .push_bind(*claim);
            },
        )
        .await?;
    }
    Ok(())
}

/// Writes the new rows of one kind of claim that the batch holds.
async fn insert_claims<K: SqliteKind>(
    conn: &mut SqliteConnection,
    batch: &Batch,
    ids: &Ids,
    at: Instant,
) -> Result<()> {
    let rows: Vec<StagedClaim<'_, K>> = batch
        .rounds
        .iter()
        .flat_map(|s| {
            let claims = K::claims(&s.plan.round);
            K::writes(&s.plan)
                .iter()
                .zip(&s.ids[K::SLOT])
                .filter(|(w, _)| !matches!(w.action, Action::Amend { .. }))
                .map(move |(w, id)| StagedClaim {
                    id: *id,
                    round_id: s.id,
                    process: s.plan.round.process.as_str(),
                    claim: &claims[w.index],
                    action: &w.action,
                })
        })
        .collect();
    insert_rows(conn, K::INSERT, K::COLUMNS, &rows, |b, row| {
        K::bind(b, row, ids, at)
    })
    .await
}

/// Writes rows with multi-row INSERTs of at most [`ROWS_PER_STATEMENT`] rows.
pub async fn insert_rows<T>(
    conn: &mut SqliteConnection,
    head: &str,
    columns: usize,
    rows: &[T],
    mut push: impl FnMut(&mut Separated<'_, Sqlite, &'static str>, &T),
) -> Result<()> {
    let per_statement = ROWS_PER_STATEMENT.min(MAX_PARAMETERS / columns);
    let mut build = |chunk: &[T]| {
        let mut builder = QueryBuilder::<Sqlite>::new(head);
        builder.push_values(chunk, |mut b, row| push(&mut b, row));
        builder
    };
    let mut chunks = rows.chunks(per_statement);
    let Some(first) = chunks.next() else {
        return Ok(());
    };
    let mut builder = build(first);
    loop {
        let chunk = chunks.next();
        // sqlx runs the statement on SQLite's own thread: bind the next one meanwhile.
        let (written, next) = tokio::join!(builder.build().execute(&mut *conn), async {
            chunk.map(&mut build)
        });
        written?;
        match next {
            Some(next) => builder = next,
            None => return Ok(()),
        }
    }
}
