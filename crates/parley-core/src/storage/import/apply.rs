//! Applying a round's plan: what changes in place (a round's details, a participant's
//! role, a commitment's fields, a citation's grade) is updated at once, row by row;
//! every new row is staged with its id for the next multi-row write
//! ([`super::staged`]). Every kind of claim takes the same steps.

use super::SqliteStore;
use super::kinds::{SqliteKind, StagedKind, held_id};
use super::staged::{Cited, NextIds, StagedRound, take};
use crate::error::{Error, Result};
use crate::storage::plan::*;

impl SqliteStore<'_> {
    /// Stages what `plan` inserts and updates what it amends.
    pub(super) async fn apply(&mut self, plan: RoundPlan) -> Result<()> {
        self.ids.read_for(&mut *self.conn, &plan.round).await?;
        let mut next = match self.batch.next {
            Some(next) => next,
            None => NextIds::read(&mut *self.conn).await?,
        };
        let round = &plan.round;
        let process_id = self.ids.processes[&round.process];
        let (round_id, new) = match &plan.target {
            Target::New => {
                let id = take(&mut next.round);
                self.ids.add_round(&round.process, &round.slug, id);
                for c in &round.sources {
                    let source = self.ids.sources[&c.source];
                    let grade = c.credibility.map(|g| g.grade());
                    self.batch.cite(&mut next, Cited::Round, id, source, grade);
                }
                (id, true)
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
                self.cite(&mut next, Cited::Round, id, citations).await?;
                (id, false)
            }
        };
        self.batch.rows += usize::from(new);
        let ids = [
            self.stage::<Participants>(&plan, &mut next).await?,
            self.stage::<Statuses>(&plan, &mut next).await?,
            self.stage::<Positions>(&plan, &mut next).await?,
            self.stage::<Commitments>(&plan, &mut next).await?,
            self.stage::<Quotes>(&plan, &mut next).await?,
            self.stage::<Notes>(&plan, &mut next).await?,
        ];
        // What a commitment adds beside its row: the parties it now binds, its fate.
        for (w, &id) in plan.commitments.iter().zip(&ids[Commitments::SLOT]) {
            let c = &round.commitments[w.index];
            for party in &w.extra.parties {
                let party = self.ids.parties[party];
                self.batch.commitment_parties.push((id, party));
            }
            if let (true, Some(fate)) = (w.extra.fate, c.fate) {
                self.batch
                    .fates
                    .push((id, round_id, fate, c.fate_note.clone()));
            }
            self.batch.rows += w.extra.parties.len() + usize::from(w.extra.fate);
        }
        // The persons a new note names.
        for (w, &id) in plan.notes.iter().zip(&ids[Notes::SLOT]) {
            for person in &round.notes[w.index].persons {
                let person = self.ids.persons[person].0;
                self.batch.note_persons.push((id, person));
                self.batch.rows += 1;
            }
        }
        for &row in &plan.withdrawals {
            self.withdraw(held_id(row)?).await?;
        }
        self.batch.statuses += plan.statuses.len();
        self.batch.next = Some(next);
        self.batch.rounds.push(StagedRound {
            id: round_id,
            process_id,
            new,
            plan,
            ids,
        });
        Ok(())
    }

    /// Stages the new rows of one kind of claim, with their citations, and amends
    /// the rows the plan amends; gives each write's row id.
    async fn stage<K: SqliteKind>(
        &mut self,
        plan: &RoundPlan,
        next: &mut NextIds,
    ) -> Result<Vec<i64>> {
        let mut ids = Vec::with_capacity(K::writes(plan).len());
        for w in K::writes(plan) {
            let claim = &K::claims(&plan.round)[w.index];
            let id = match &w.action {
                Action::Insert | Action::Supersede(_) => {
                    let id = take(&mut next.claims[K::SLOT]);
                    if let Some(cited) = K::CITED {
                        for c in K::cited(claim) {
                            let source = self.ids.sources[&c.source];
                            let grade = c.credibility.map(|g| g.grade());
                            self.batch.cite(next, cited, id, source, grade);
                        }
                    }
                    self.batch.rows += 1;
                    id
                }
                Action::Amend {
                    row,
                    changed,
                    citations,
                } => {
                    let id = held_id(*row)?;
                    if *changed {
                        let place = (plan.round.process.as_str(), &self.ids);
                        K::amend(&mut *self.conn, id, claim, place, self.at).await?;
                    }
                    if let Some(cited) = K::CITED {
                        self.cite(next, cited, id, citations).await?;
                    }
                    id
                }
            };
            ids.push(id);
        }
        Ok(ids)
    }

    /// What an amended row gains: new citations are staged, a changed grade is
    /// written at once.
    async fn cite(
        &mut self,
        next: &mut NextIds,
        cited: Cited,
        claim: i64,
        citations: &[Citing],
    ) -> Result<()> {
        for c in citations {
            let source = self.ids.sources[&c.source];
            let grade = c.credibility.map(|g| g.grade());
            if !c.regrade {
                self.batch.cite(next, cited, claim, source, grade);
                continue;
            }
            match cited {
                Cited::Round => {
                    sqlx::query!(
                        "UPDATE citation SET credibility = ?3 WHERE round_id = ?1 AND source_id = ?2",
                        claim,
                        source,
                        grade
                    )
                    .execute(&mut *self.conn)
                    .await?;
                }
                Cited::Commitment => {
                    sqlx::query!(
                        "UPDATE citation SET credibility = ?3 WHERE commitment_id = ?1 AND source_id = ?2",
                        claim,
                        source,
                        grade
                    )
                    .execute(&mut *self.conn)
                    .await?;
                }
                // Only rounds and commitments are amended: other claims are corrected
                // or written beside.
                other => {
                    return Err(Error::Conflict(format!(
                        "the import planned to regrade a citation of a {other:?}, which is never amended"
                    )));
                }
            }
        }
        Ok(())
    }

    /// Withdraws a participant from its round: its last version is kept in
    /// `round_party_history`, stamped with this write's instant, then its row goes.
    async fn withdraw(&mut self, round_party_id: i64) -> Result<()> {
        sqlx::query!(
            "INSERT INTO round_party_history (round_party_id, round_id, party_id, role, note, recorded_at,
                                              replaced_at, withdrawn)
             SELECT round_party_id, round_id, party_id, role, note, recorded_at, ?2, 1
             FROM round_party WHERE round_party_id = ?1",
            round_party_id,
            self.at
        )
        .execute(&mut *self.conn)
        .await?;
        sqlx::query!(
            "DELETE FROM round_party WHERE round_party_id = ?1",
            round_party_id
        )
        .execute(&mut *self.conn)
        .await?;
        Ok(())
    }

    /// Writes a round's details as they will be.
    async fn update_round(&mut self, round_id: i64, new: &RoundColumns) -> Result<()> {
        sqlx::query!(
            "UPDATE round SET title = ?2, start_date = ?3, end_date = ?4, location = ?5, format = ?6,
                 level = ?7, state = ?8, tone = ?9, summary = ?10, recorded_at = ?11
             WHERE round_id = ?1",
            round_id,
            new.title,
            new.start_date,
            new.end_date,
            new.location,
            new.format,
            new.level,
            new.state,
            new.tone,
            new.summary,
            self.at
        )
        .execute(&mut *self.conn)
        .await?;
        Ok(())
    }
}
