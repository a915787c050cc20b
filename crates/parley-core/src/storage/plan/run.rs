//! An import, piece by piece: the planner asks its [`Store`] for what the database
//! holds of each piece's records, plans the piece, and hands each plan to the store
//! to apply. The loop is the same whichever backend applies the plans, and whether
//! they are applied at all ([`super::DryRun`]).

use std::collections::{HashMap, HashSet};

use tokio::sync::mpsc;

use super::Changes;
use super::declarations::{DeclarationPlan, HeldDeclarations, Known, Wanted};
use super::round::{Parts, RoundPlan, RoundView, plan_round};
use crate::domain::model::Dossier;
use crate::error::{Error, Result};

/// A piece of an import, as the reader hands it over while earlier pieces are being
/// written.
#[derive(Debug)]
pub enum Piece {
    /// Checked records to write, after those of the pieces before.
    Records(Dossier),
    /// Every piece has been sent: the import may commit.
    Complete,
}

/// How the planner decides.
#[derive(Debug, Clone, Copy, Default)]
pub struct PlanOptions {
    /// Refuse a record the dossier declares (a process, party, source, item, a round
    /// with a title, a commitment with a kind) that the database already holds,
    /// instead of updating it: for commands that add one.
    pub adds_only: bool,
}

/// A backend, as the planner uses it: what it reads, and how it applies plans. A
/// backend that writes reads a round again (through its own connection, inside the
/// import's transaction) each time the planner asks for it; one that does not write
/// keeps the views the plans leave ([`Store::keeps_views`]).
#[allow(async_fn_in_trait)]
pub trait Store {
    /// What the database holds of the declarations `wanted` names.
    async fn declarations(&mut self, wanted: &Wanted) -> Result<HeldDeclarations>;
    /// Which of these rounds, (process slug, round slug), the database holds.
    async fn held_rounds(&mut self, wanted: &[(String, String)]) -> Result<Vec<(String, String)>>;
    /// A round the database holds, or that this import has applied a plan to: its
    /// details and at least the `parts` asked for, as they stand now.
    async fn round_view(&mut self, process: &str, slug: &str, parts: Parts) -> Result<RoundView>;
    /// Whether plans of new rounds should come with their views (see above).
    fn keeps_views(&self) -> bool;
    async fn apply_declarations(&mut self, plan: DeclarationPlan) -> Result<()>;
    /// Applies (or stages) a round's plan; `view` is the round as the plan leaves
    /// it, when views are kept. True when what was staged has been written.
    async fn apply_round(&mut self, plan: RoundPlan, view: Option<RoundView>) -> Result<bool>;
    /// Every round of a piece has been handed over; no other piece is waiting.
    async fn piece_done(&mut self) -> Result<()>;
    /// The last piece is done: write what is left, and finish what was postponed.
    async fn finish(&mut self) -> Result<()>;
}

/// Plans and applies every piece, in order; fails with [`Error::Incomplete`] if the
/// sender goes away before [`Piece::Complete`]. `progress` hears how many rounds have
/// been written. Returns what the import changes.
pub async fn run(
    store: &mut impl Store,
    pieces: &mut mpsc::Receiver<Piece>,
    options: PlanOptions,
    progress: &(dyn Fn(usize) + Sync),
) -> Result<Changes> {
    let mut planner = Planner {
        options,
        changes: Changes::default(),
        known: Known::default(),
        rounds: HashMap::new(),
        occurrences: HashMap::new(),
        rounds_done: 0,
    };
    loop {
        match pieces.recv().await {
            Some(Piece::Records(dossier)) => {
                planner.piece(store, dossier, progress).await?;
                // Write what is staged while the reader works on the next piece,
                // unless pieces are waiting: then stage them too, for fewer and
                // larger statements.
                if pieces.is_empty() {
                    store.piece_done().await?;
                    progress(planner.rounds_done);
                }
            }
            Some(Piece::Complete) => break,
            None => return Err(Error::Incomplete),
        }
    }
    store.finish().await?;
    progress(planner.rounds_done);
    Ok(planner.changes)
}

struct Planner {
    options: PlanOptions,
    changes: Changes,
    known: Known,
    /// (process slug, round slug) of every round asked about: whether the database
    /// holds it, or this import has planned it.
    rounds: HashMap<(String, String), bool>,
    /// How many times the import has given each round so far, for where a refusal
    /// points ([`super::ClaimPlace::occurrence`]).
    occurrences: HashMap<(String, String), usize>,
    rounds_done: usize,
}

impl Planner {
    async fn piece(
        &mut self,
        store: &mut impl Store,
        mut dossier: Dossier,
        progress: &(dyn Fn(usize) + Sync),
    ) -> Result<()> {
        let wanted = self.known.wanted(&dossier);
        if !wanted.is_empty() {
            let held = store.declarations(&wanted).await?;
            self.known.learn(wanted, held);
        }
        let declarations = self
            .known
            .plan(&dossier, self.options.adds_only, &mut self.changes)?;
        if !declarations.is_empty() {
            store.apply_declarations(declarations).await?;
        }

        let mut asked = HashSet::new();
        let wanted: Vec<(String, String)> = (dossier.rounds.iter())
            .map(|r| (r.process.clone(), r.slug.clone()))
            .filter(|key| !self.rounds.contains_key(key) && asked.insert(key.clone()))
            .collect();
        if !wanted.is_empty() {
            for key in &wanted {
                self.rounds.insert(key.clone(), false);
            }
            for key in store.held_rounds(&wanted).await? {
                self.rounds.insert(key, true);
            }
        }

        let keep_views = store.keeps_views();
        for round in std::mem::take(&mut dossier.rounds) {
            let key = (round.process.clone(), round.slug.clone());
            let view = match self.rounds[&key] {
                true => {
                    // A round declared with details is a declaration too.
                    if self.options.adds_only && round.title.is_some() {
                        return Err(Error::Exists {
                            kind: "round",
                            slug: round.slug,
                        });
                    }
                    Some(store.round_view(&key.0, &key.1, Parts::of(&round)).await?)
                }
                false => None,
            };
            if self.options.adds_only {
                refuse_held_commitments(&round, view.as_ref())?;
            }
            let occurrence = self.occurrences.entry(key.clone()).or_default();
            let (plan, view) = plan_round(round, view, keep_views, *occurrence, &mut self.changes)?;
            *occurrence += 1;
            self.rounds.insert(key, true);
            self.rounds_done += 1;
            if store.apply_round(plan, view).await? {
                progress(self.rounds_done);
            }
        }
        Ok(())
    }
}

/// With [`PlanOptions::adds_only`], a commitment given with a kind (one being
/// added, not a fate recorded) that the round holds already is refused.
fn refuse_held_commitments(
    round: &crate::domain::model::Round,
    view: Option<&RoundView>,
) -> Result<()> {
    let Some(held) = view.and_then(|v| v.commitments.as_ref()) else {
        return Ok(());
    };
    match round
        .commitments
        .iter()
        .find(|c| c.kind.is_some() && held.contains_key(&c.slug))
    {
        Some(c) => Err(Error::Exists {
            kind: "commitment",
            slug: c.slug.clone(),
        }),
        None => Ok(()),
    }
}
