//! The staged rows of a batch of round plans, and how they are written: each table
//! in one statement (`UNNEST` of one array per column), in the order foreign keys
//! need (rounds, their claims, the claims' parties, fates and persons, citations).
//!
//! Rows are staged before they have ids: a new row is named by its place among the
//! batch's new rows of its table ([`Ref::New`]). When the batch is written, each
//! table's identity sequence hands out as many ids as it has new rows, in one
//! statement for all tables ([`next_ids`]), and the staged rows are given them in
//! the order they were staged, so that ids follow the order of the files however
//! rows are batched, as on SQLite.

use chrono::{DateTime, Utc};
use sqlx::PgConnection;

use super::kinds::PgKind;
use super::write_log::column;
use parley_core::domain::{Fate, Instant};
use parley_core::error::Result;
use parley_core::storage::import::ids::Ids;
use parley_core::storage::import::kinds::{StagedClaim, StagedKind};
use parley_core::storage::import::staged::Cited;
use parley_core::storage::plan::*;

/// A row a staged row names: one the database holds, or one of this batch's new rows
/// of the table, by its place among them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Ref {
    Held(i64),
    New(usize),
}

/// The tables whose new rows are given ids before they are written, by their place
/// in [`Batch::new`]: rounds, then each kind of claim at `1 + SLOT`, then citations.
pub(super) const ROUND: usize = 0;
pub(super) const CITATION: usize = 7;

pub(super) const fn claim_table<K: StagedKind>() -> usize {
    1 + K::SLOT
}

/// A round whose plan is staged: its row, and the row of each claim write, by kind
/// ([`StagedKind::SLOT`]): a new row, or the amended one.
pub(super) struct StagedRound {
    pub round: Ref,
    pub process_id: i64,
    /// A round new to the database: its own row is written too.
    pub new: bool,
    pub plan: RoundPlan,
    pub claims: [Vec<Ref>; 6],
}

/// A citation: what it cites (the kind, and its row), the source, the credibility.
pub(super) struct StagedCitation {
    pub id: Ref,
    pub cited: Cited,
    pub claim: Ref,
    pub source_id: i64,
    pub credibility: Option<i64>,
}

/// Rows staged to be written together.
#[derive(Default)]
pub(super) struct Batch {
    /// Staged rows in all.
    pub rows: usize,
    pub rounds: Vec<StagedRound>,
    /// New rows staged, by table ([`ROUND`], [`claim_table`], [`CITATION`]).
    pub new: [usize; 8],
    pub citations: Vec<StagedCitation>,
    /// (commitment, party id)
    pub commitment_parties: Vec<(Ref, i64)>,
    /// (commitment, round, fate, note)
    pub fates: Vec<(Ref, Ref, Fate, Option<String>)>,
    /// (round note, person id)
    pub note_persons: Vec<(Ref, i64)>,
}

impl Batch {
    pub fn is_empty(&self) -> bool {
        self.rows == 0
    }

    /// A new row of `table`, to be given its id when the batch is written.
    pub fn new_row(&mut self, table: usize) -> Ref {
        let place = self.new[table];
        self.new[table] += 1;
        self.rows += 1;
        Ref::New(place)
    }

    /// Stages a citation of `claim` (whose kind `cited` names).
    pub fn cite(&mut self, cited: Cited, claim: Ref, source_id: i64, credibility: Option<i64>) {
        let id = self.new_row(CITATION);
        self.citations.push(StagedCitation {
            id,
            cited,
            claim,
            source_id,
            credibility,
        });
    }

    /// Writes every staged row; the rounds it adds are named in `ids` from then on.
    pub async fn write(self, conn: &mut PgConnection, ids: &mut Ids, at: Instant) -> Result<()> {
        let mut given = next_ids(&mut *conn, self.new.map(|n| n as i64)).await?;
        // Handed out in order; sorted all the same, so that ids follow the staging.
        given.iter_mut().for_each(|ids| ids.sort_unstable());
        let resolved = Resolved(given);
        let at = column(at);

        let new_rounds: Vec<&StagedRound> = self.rounds.iter().filter(|s| s.new).collect();
        for s in &new_rounds {
            let r = &s.plan.round;
            ids.add_round(&r.process, &r.slug, resolved.id(ROUND, s.round));
        }
        if !new_rounds.is_empty() {
            let rounds = new_rounds.iter().map(|s| &s.plan.round);
            let text =
                |f: fn(&parley_core::domain::model::Round) -> Option<String>| -> Vec<Option<String>> {
                    rounds.clone().map(f).collect()
                };
            sqlx::query!(
                "INSERT INTO round (round_id, process_id, slug, title, start_date, end_date,
                                    location, format, level, state, tone, summary, recorded_at)
                 SELECT u.*, $13::timestamptz
                 FROM UNNEST($1::bigint[], $2::bigint[], $3::text[], $4::text[], $5::text[],
                             $6::text[], $7::text[], $8::text[], $9::text[], $10::text[],
                             $11::text[], $12::text[]) AS u",
                &new_rounds
                    .iter()
                    .map(|s| resolved.id(ROUND, s.round))
                    .collect::<Vec<_>>(),
                &new_rounds.iter().map(|s| s.process_id).collect::<Vec<_>>(),
                &rounds.clone().map(|r| r.slug.as_str()).collect::<Vec<_>>() as &[&str],
                &rounds
                    .clone()
                    .map(|r| r.title.as_deref())
                    .collect::<Vec<_>>() as &[Option<&str>],
                &text(|r| r.start_date.given().map(|d| d.to_string())) as &[Option<String>],
                &text(|r| r.end_date.given().map(|d| d.to_string())) as &[Option<String>],
                &text(|r| r.location.given().cloned()) as &[Option<String>],
                &text(|r| r.format.given().map(|f| f.as_str().to_owned())) as &[Option<String>],
                &text(|r| r.level.given().map(|l| l.as_str().to_owned())) as &[Option<String>],
                &text(|r| r.state.map(|s| s.as_str().to_owned())) as &[Option<String>],
                &text(|r| r.tone.given().cloned()) as &[Option<String>],
                &text(|r| r.summary.given().cloned()) as &[Option<String>],
                at
            )
            .execute(&mut *conn)
            .await?;
        }
        self.insert_claims::<Participants>(conn, &resolved, ids, at)
            .await?;
        self.insert_claims::<Statuses>(conn, &resolved, ids, at)
            .await?;
        self.insert_claims::<Positions>(conn, &resolved, ids, at)
            .await?;
        self.insert_claims::<Commitments>(conn, &resolved, ids, at)
            .await?;
        if !self.commitment_parties.is_empty() {
            let commitments = claim_table::<Commitments>();
            sqlx::query!(
                "INSERT INTO commitment_party (commitment_id, party_id)
                 SELECT * FROM UNNEST($1::bigint[], $2::bigint[])",
                &(self.commitment_parties.iter())
                    .map(|(c, _)| resolved.id(commitments, *c))
                    .collect::<Vec<_>>(),
                &self
                    .commitment_parties
                    .iter()
                    .map(|(_, p)| *p)
                    .collect::<Vec<_>>()
            )
            .execute(&mut *conn)
            .await?;
        }
        if !self.fates.is_empty() {
            let commitments = claim_table::<Commitments>();
            sqlx::query!(
                "INSERT INTO commitment_fate (commitment_id, round_id, fate, note, recorded_at)
                 SELECT u.*, $5::timestamptz
                 FROM UNNEST($1::bigint[], $2::bigint[], $3::text[], $4::text[]) AS u",
                &self
                    .fates
                    .iter()
                    .map(|f| resolved.id(commitments, f.0))
                    .collect::<Vec<_>>(),
                &self
                    .fates
                    .iter()
                    .map(|f| resolved.id(ROUND, f.1))
                    .collect::<Vec<_>>(),
                &self.fates.iter().map(|f| f.2.as_str()).collect::<Vec<_>>() as &[&str],
                &self
                    .fates
                    .iter()
                    .map(|f| f.3.as_deref())
                    .collect::<Vec<_>>() as &[Option<&str>],
                at
            )
            .execute(&mut *conn)
            .await?;
        }
        self.insert_claims::<Quotes>(conn, &resolved, ids, at)
            .await?;
        self.insert_claims::<Notes>(conn, &resolved, ids, at)
            .await?;
        if !self.note_persons.is_empty() {
            let notes = claim_table::<Notes>();
            sqlx::query!(
                "INSERT INTO round_note_person (round_note_id, person_id)
                 SELECT * FROM UNNEST($1::bigint[], $2::bigint[])",
                &self
                    .note_persons
                    .iter()
                    .map(|(n, _)| resolved.id(notes, *n))
                    .collect::<Vec<_>>(),
                &self
                    .note_persons
                    .iter()
                    .map(|(_, p)| *p)
                    .collect::<Vec<_>>()
            )
            .execute(&mut *conn)
            .await?;
        }
        if !self.citations.is_empty() {
            let claim = |cited: Cited| -> Vec<Option<i64>> {
                (self.citations.iter())
                    .map(|c| (c.cited == cited).then(|| resolved.id(table_of(c.cited), c.claim)))
                    .collect()
            };
            sqlx::query!(
                "INSERT INTO citation (citation_id, source_id, credibility, round_id,
                                       status_record_id, position_id, commitment_id, quote_id,
                                       round_note_id)
                 SELECT * FROM UNNEST($1::bigint[], $2::bigint[], $3::bigint[], $4::bigint[],
                                      $5::bigint[], $6::bigint[], $7::bigint[], $8::bigint[],
                                      $9::bigint[])",
                &self
                    .citations
                    .iter()
                    .map(|c| resolved.id(CITATION, c.id))
                    .collect::<Vec<_>>(),
                &self
                    .citations
                    .iter()
                    .map(|c| c.source_id)
                    .collect::<Vec<_>>(),
                &self
                    .citations
                    .iter()
                    .map(|c| c.credibility)
                    .collect::<Vec<_>>() as &[Option<i64>],
                &claim(Cited::Round) as &[Option<i64>],
                &claim(Cited::StatusRecord) as &[Option<i64>],
                &claim(Cited::Position) as &[Option<i64>],
                &claim(Cited::Commitment) as &[Option<i64>],
                &claim(Cited::Quote) as &[Option<i64>],
                &claim(Cited::RoundNote) as &[Option<i64>]
            )
            .execute(&mut *conn)
            .await?;
        }
        Ok(())
    }

    /// Writes the new rows of one kind of claim that the batch holds.
    async fn insert_claims<K: PgKind>(
        &self,
        conn: &mut PgConnection,
        resolved: &Resolved,
        ids: &Ids,
        at: DateTime<Utc>,
    ) -> Result<()> {
        let rows: Vec<StagedClaim<'_, K>> = (self.rounds.iter())
            .flat_map(|s| {
                let claims = K::claims(&s.plan.round);
                (K::writes(&s.plan).iter())
                    .zip(&s.claims[K::SLOT])
                    .filter(|(w, _)| !matches!(w.action, Action::Amend { .. }))
                    .map(move |(w, row)| StagedClaim {
                        id: resolved.id(claim_table::<K>(), *row),
                        round_id: resolved.id(ROUND, s.round),
                        process: s.plan.round.process.as_str(),
                        claim: &claims[w.index],
                        action: &w.action,
                    })
            })
            .collect();
        if rows.is_empty() {
            return Ok(());
        }
        K::insert(conn, &rows, ids, at).await
    }
}

/// The table of the claims a citation of `cited` names.
fn table_of(cited: Cited) -> usize {
    match cited {
        Cited::Round => ROUND,
        Cited::StatusRecord => claim_table::<Statuses>(),
        Cited::Position => claim_table::<Positions>(),
        Cited::Commitment => claim_table::<Commitments>(),
        Cited::Quote => claim_table::<Quotes>(),
        Cited::RoundNote => claim_table::<Notes>(),
    }
}

/// The next ids of every table that [`Batch::new`] counts, `counts[table]` of each,
/// from their identity sequences, in the order they are handed out.
async fn next_ids(conn: &mut PgConnection, counts: [i64; 8]) -> Result<[Vec<i64>; 8]> {
    let next = sqlx::query!(
        r#"SELECT
    ARRAY(SELECT nextval(pg_get_serial_sequence('public.round', 'round_id'))
          FROM generate_series(1, $1::bigint)) AS "round!",
    ARRAY(SELECT nextval(pg_get_serial_sequence('public.round_party', 'round_party_id'))
          FROM generate_series(1, $2::bigint)) AS "round_party!",
    ARRAY(SELECT nextval(pg_get_serial_sequence('public.status_record', 'status_record_id'))
          FROM generate_series(1, $3::bigint)) AS "status_record!",
    ARRAY(SELECT nextval(pg_get_serial_sequence('public.position', 'position_id'))
          FROM generate_series(1, $4::bigint)) AS "position!",
    ARRAY(SELECT nextval(pg_get_serial_sequence('public.commitment', 'commitment_id'))
          FROM generate_series(1, $5::bigint)) AS "commitment!",
    ARRAY(SELECT nextval(pg_get_serial_sequence('public.quote', 'quote_id'))
          FROM generate_series(1, $6::bigint)) AS "quote!",
    ARRAY(SELECT nextval(pg_get_serial_sequence('public.round_note', 'round_note_id'))
          FROM generate_series(1, $7::bigint)) AS "round_note!",
    ARRAY(SELECT nextval(pg_get_serial_sequence('public.citation', 'citation_id'))
          FROM generate_series(1, $8::bigint)) AS "citation!""#,
        counts[0],
        counts[1],
        counts[2],
        counts[3],
        counts[4],
        counts[5],
        counts[6],
        counts[7]
    )
    .fetch_one(&mut *conn)
    .await?;
    Ok([
        next.round,
        next.round_party,
        next.status_record,
        next.position,
        next.commitment,
        next.quote,
        next.round_note,
        next.citation,
    ])
}

/// The ids the sequences gave the batch's new rows, by table.
struct Resolved([Vec<i64>; 8]);

impl Resolved {
    fn id(&self, table: usize, row: Ref) -> i64 {
        match row {
            Ref::Held(id) => id,
            Ref::New(place) => self.0[table][place],
        }
    }
}
