//! Applying a round's plan on the server: what changes in place (a round's details,
//! a participant's role, a commitment's fields, a citation's grade, a withdrawal) is
//! written at once; every new row is staged for the batch's statements
//! ([`super::staged`]). The same steps as SQLite's `apply.rs`, with rows named by
//! [`Ref`] until the batch is given its ids.

use super::PgStore;
use super::kinds::PgKind;
use super::staged::{ROUND, Ref, StagedRound, claim_table};
use super::write_log::column;
use parley_core::error::{Error, Result};
use parley_core::storage::import::kinds::{StagedKind, held_id};
use parley_core::storage::import::staged::Cited;
use parley_core::storage::plan::*;

impl PgStore<'_> {
    /// Stages what `plan` inserts and writes what it amends.
    pub(super) async fn apply(&mut self, plan: RoundPlan) -> Result<()> {
        self.read_ids(&plan.round).await?;
        let round = &plan.round;
        let process_id = self.ids.processes[&round.process];
        let (round_ref, new) = match &plan.target {
            Target::New => {
                let row = self.batch.new_row(ROUND);
                for c in &round.sources {
                    let source = self.ids.sources[&c.source];
                    let grade = c.credibility.map(|g| g.grade());
                    self.batch.cite(Cited::Round, row, source, grade);
                }
                (row, true)
            }
            Target::Held {
                row,
                edit,
                citations,
            } => {
                let id = held_id(*row)?;
                if let Some(edit) = edit {
                    self.update_round(id, edit).await?;
                }
                self.cite(Cited::Round, Ref::Held(id), citations).await?;
                (Ref::Held(id), false)
            }
        };
        let claims = [
            self.stage::<Participants>(&plan).await?,
            self.stage::<Statuses>(&plan).await?,
            self.stage::<Positions>(&plan).await?,
            self.stage::<Commitments>(&plan).await?,
            self.stage::<Quotes>(&plan).await?,
            self.stage::<Notes>(&plan).await?,
        ];
        // What a commitment adds beside its row: the parties it now binds, its fate.
        for (w, &row) in plan.commitments.iter().zip(&claims[Commitments::SLOT]) {
            let c = &round.commitments[w.index];
            for party in &w.extra.parties {
                let party = self.ids.parties[party];
                self.batch.commitment_parties.push((row, party));
            }
            if let (true, Some(fate)) = (w.extra.fate, c.fate) {
                let fate = (row, round_ref, fate, c.fate_note.clone());
                self.batch.fates.push(fate);
            }
            self.batch.rows += w.extra.parties.len() + usize::from(w.extra.fate);
        }
        // The persons a new note names.
        for (w, &row) in plan.notes.iter().zip(&claims[Notes::SLOT]) {
            for person in &round.notes[w.index].persons {
                let person = self.ids.persons[person].0;
                self.batch.note_persons.push((row, person));
                self.batch.rows += 1;
            }
        }
        for &row in &plan.withdrawals {
            self.withdraw(held_id(row)?).await?;
        }
        self.batch.rounds.push(StagedRound {
            round: round_ref,
            process_id,
            new,
            plan,
            claims,
        });
        Ok(())
    }

    /// Stages the new rows of one kind of claim, with their citations, and amends
    /// the rows the plan amends; gives each write's row.
    async fn stage<K: PgKind>(&mut self, plan: &RoundPlan) -> Result<Vec<Ref>> {
        let mut rows = Vec::with_capacity(K::writes(plan).len());
        for w in K::writes(plan) {
            let claim = &K::claims(&plan.round)[w.index];
            let row = match &w.action {
                Action::Insert | Action::Supersede(_) => {
                    let row = self.batch.new_row(claim_table::<K>());
                    if let Some(cited) = K::CITED {
                        for c in K::cited(claim) {
                            let source = self.ids.sources[&c.source];
                            let grade = c.credibility.map(|g| g.grade());
                            self.batch.cite(cited, row, source, grade);
                        }
                    }
                    row
                }
                Action::Amend {
                    row,
                    changed,
                    citations,
                } => {
                    let id = held_id(*row)?;
                    if *changed {
                        let place = (plan.round.process.as_str(), &self.ids);
                        K::amend(&mut *self.conn, id, claim, place, column(self.at)).await?;
                    }
                    if let Some(cited) = K::CITED {
                        self.cite(cited, Ref::Held(id), citations).await?;
                    }
                    Ref::Held(id)
                }
            };
            rows.push(row);
        }
        Ok(rows)
    }

    /// What an amended row gains: new citations are staged, a changed grade is
    /// written at once.
    async fn cite(&mut self, cited: Cited, claim: Ref, citations: &[Citing]) -> Result<()> {
        for c in citations {
            let source = self.ids.sources[&c.source];
            let grade = c.credibility.map(|g| g.grade());
            if !c.regrade {
                self.batch.cite(cited, claim, source, grade);
                continue;
            }
            match cited {
                Cited::Round => sqlx::query!(
                    "UPDATE citation SET credibility = $3 WHERE round_id = $1 AND source_id = $2",
                    regraded(claim)?,
                    source,
                    grade
                )
                .execute(&mut *self.conn)
                .await?,
                Cited::Commitment => {
                    sqlx::query!(
                        "UPDATE citation SET credibility = $3
                         WHERE commitment_id = $1 AND source_id = $2",
                        regraded(claim)?,
                        source,
                        grade
                    )
                    .execute(&mut *self.conn)
                    .await?
                }
                // Only rounds and commitments are amended: other claims are corrected
                // or written beside.
                other => {
                    return Err(Error::Conflict(format!(
                        "the import planned to regrade a citation of a {other:?}, which is never amended"
                    )));
                }
            };
        }
        Ok(())
    }

    /// Withdraws a participant from its round: its last version is kept in
    /// `round_party_history`, stamped with this write's instant, then its row goes.
    async fn withdraw(&mut self, round_party_id: i64) -> Result<()> {
        sqlx::query!(
            "INSERT INTO round_party_history (round_party_id, round_id, party_id, role, note,
                                              recorded_at, replaced_at, withdrawn)
             SELECT round_party_id, round_id, party_id, role, note, recorded_at, $2, true
             FROM round_party WHERE round_party_id = $1",
            round_party_id,
            column(self.at)
        )
        .execute(&mut *self.conn)
        .await?;
        sqlx::query!(
            "DELETE FROM round_party WHERE round_party_id = $1",
            round_party_id
        )
        .execute(&mut *self.conn)
        .await?;
        Ok(())
    }

    /// Writes a round's details as they will be.
    async fn update_round(&mut self, round_id: i64, new: &RoundColumns) -> Result<()> {
        sqlx::query!(
            "UPDATE round SET title = $2, start_date = $3, end_date = $4, location = $5,
                              format = $6, level = $7, state = $8, tone = $9, summary = $10,
                              recorded_at = $11
             WHERE round_id = $1",
            round_id,
            &new.title,
            new.start_date.as_deref(),
            new.end_date.as_deref(),
            new.location.as_deref(),
            new.format.as_deref(),
            new.level.as_deref(),
            &new.state,
            new.tone.as_deref(),
            new.summary.as_deref(),
            column(self.at)
        )
        .execute(&mut *self.conn)
        .await?;
        Ok(())
    }
}

/// The held row whose citation an amendment regrades.
fn regraded(claim: Ref) -> Result<i64> {
    match claim {
        Ref::Held(id) => Ok(id),
        Ref::New(_) => Err(Error::Conflict(
            "the import planned to regrade a citation it had not written".into(),
        )),
    }
}
