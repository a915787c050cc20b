//! One path for every kind of claim at a round. For each claim: find the claim in
//! force with the same key, complete what the claim leaves out, and decide whether it
//! says anything new; if it does, count it, remember it as the claim now in force
//! (a second claim of the same key in the import is compared with it), and plan its
//! write. The kinds differ only in their [`ClaimKind`] data: key, completion, and how a
//! changed claim is recorded ([`Change`]).

use std::collections::{HashMap, HashSet};
use std::hash::Hash;

use super::refusal::{ClaimPlace, Refusal, RetractedPart, Retraction};
use super::round::RoundView;
use super::{Changes, Row};
use crate::domain::Credibility;
use crate::domain::model::{Citation, Round};
use crate::error::{Error, Result};

/// How a claim that differs from the one in force is recorded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    /// A new row that supersedes the one in force, which stays: a correction (status,
    /// position).
    Supersede,
    /// A new row beside those held; one with the same key is the same claim, written
    /// once (quote, note: their key is all they say).
    Beside,
    /// The row in force, updated in place where it differs, gaining what the claim
    /// adds (a commitment's parties, sources and fate; a participant's role).
    Amend,
}

/// What a claim's write does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// A new row, citing the claim's sources.
    Insert,
    /// A new row, citing the claim's sources, that supersedes the row in force.
    Supersede(Row),
    /// The row in force: its values are updated when `changed`, and `citations` are
    /// added to its own (or regraded).
    Amend {
        row: Row,
        changed: bool,
        citations: Vec<Citing>,
    },
}

/// A citation a row gains, or one it holds whose credibility changes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Citing {
    pub source: String,
    pub credibility: Option<Credibility>,
    /// The row cites the source already: only the credibility changes.
    pub regrade: bool,
}

/// The citations a row amended in place gains: those `given` that it lacks, and
/// those it holds with another credibility. `held` becomes what the row cites then.
pub(super) fn citations_gained(given: &[Citation], held: &mut Vec<Citation>) -> Vec<Citing> {
    let mut gained = Vec::new();
    for c in given {
        match held.iter_mut().find(|h| h.source == c.source) {
            Some(h) if h.credibility == c.credibility => {}
            Some(h) => {
                h.credibility = c.credibility;
                gained.push(Citing {
                    source: c.source.clone(),
                    credibility: c.credibility,
                    regrade: true,
                });
            }
            None => {
                held.push(c.clone());
                gained.push(Citing {
                    source: c.source.clone(),
                    credibility: c.credibility,
                    regrade: false,
                });
            }
        }
    }
    gained
}

/// The claims of one kind at a round, by key, as the database (and the import so
/// far) holds them.
pub type Holdings<K> = HashMap<<K as ClaimKind>::Key, <K as ClaimKind>::Held>;

/// A claim's write: which claim of the round (its place in the round's list, where
/// the plan's round holds it completed), what the write does, and what else it
/// carries.
#[derive(Debug)]
pub struct ClaimWrite<K: ClaimKind> {
    pub index: usize,
    pub action: Action,
    pub extra: K::Extra,
}

/// What one claim writes, as its kind decides it.
pub struct Decision<K: ClaimKind> {
    pub action: Action,
    pub extra: K::Extra,
    /// What a correction carries over from the record it replaces.
    pub kept: Vec<&'static str>,
}

/// The round a claim is planned at.
pub struct RoundCx {
    pub process: String,
    pub slug: String,
    /// How many times the import gave this round before ([`ClaimPlace::occurrence`]).
    pub occurrence: usize,
    /// The round's retraction, when it is retracted: it takes no claim.
    pub retracted: Option<Retraction>,
    /// The round's sources, once this import has added its own: what a new claim that
    /// gives none cites.
    pub sources: Vec<Citation>,
}

/// One kind of claim: its data for the shared path.
pub trait ClaimKind: Sized {
    /// The claim as a file or command gives it.
    type Claim;
    /// What identifies it at its round.
    type Key: Eq + Hash;
    /// The claim in force, as the database holds it.
    type Held;
    /// What a write carries beyond its action.
    type Extra;
    const CHANGE: Change;
    /// The kind's table as a round file names it (`status` in `[[round.status]]`).
    const TABLE: &'static str;

    fn claims(round: &Round) -> &[Self::Claim];
    fn claims_mut(round: &mut Round) -> &mut [Self::Claim];
    /// This kind's claims in a view of a round (`None` until read).
    fn holdings(view: &mut RoundView) -> &mut Option<Holdings<Self>>;
    fn key(claim: &Self::Claim) -> Self::Key;
    /// The sources a completed claim cites (a new row cites them all).
    fn cited(claim: &Self::Claim) -> &[Citation];

    /// Completes the claim in place from the claim in force (or, for a new claim,
    /// from nothing and the round's sources), and decides what it writes; `None` when
    /// it says nothing new.
    fn decide(
        claim: &mut Self::Claim,
        held: Option<&Self::Held>,
        round: &RoundCx,
    ) -> Result<Option<Decision<Self>>>;

    /// Counts a write in the import's changes.
    fn count(
        changes: &mut Changes,
        claim: &Self::Claim,
        held: Option<&Self::Held>,
        decision: &Decision<Self>,
        round: &RoundCx,
    );

    /// The claim in force once the write is made (`held`: the one before it).
    fn held_after(claim: &Self::Claim, held: Option<Self::Held>) -> Self::Held;

    /// The retraction of the claim in force, for kinds whose retracted claim a write
    /// could still correct or amend (a status, a stance, a commitment).
    fn retraction<'h>(
        claim: &Self::Claim,
        held: &'h Self::Held,
    ) -> Option<(RetractedPart, &'h Retraction)> {
        let _ = (claim, held);
        None
    }
}

impl RoundCx {
    /// Refuses a write at this round because of `retraction`: the claim at `index`
    /// of kind `K` (`None`: the round's own details or sources).
    pub(super) fn refuse(
        &self,
        claim: Option<(&'static str, usize)>,
        retracted: RetractedPart,
        retraction: &Retraction,
    ) -> Error {
        Error::Retracted(Box::new(Refusal {
            place: ClaimPlace {
                process: self.process.clone(),
                round: self.slug.clone(),
                occurrence: self.occurrence,
                claim,
            },
            retracted,
            retraction: retraction.clone(),
        }))
    }
}

/// Plans the claims of one kind at a round. `holdings` are those the round holds;
/// `None` for a round new to the database whose view is not kept, which holds
/// nothing: every claim is new then, and only a claim repeated within the round (a
/// quote or note, whose kind writes a repeat once) is left out.
pub(super) fn plan_claims<K: ClaimKind>(
    round: &mut Round,
    mut holdings: Option<&mut Holdings<K>>,
    cx: &RoundCx,
    changes: &mut Changes,
) -> Result<Vec<ClaimWrite<K>>> {
    let mut writes = Vec::new();
    let mut repeated = HashSet::new();
    for (index, claim) in K::claims_mut(round).iter_mut().enumerate() {
        let key = match (&holdings, K::CHANGE) {
            (Some(_), _) => Some(K::key(claim)),
            (None, Change::Beside) => {
                if !repeated.insert(K::key(claim)) {
                    continue;
                }
                None
            }
            // Validation lets a new round hold one claim of each key.
            (None, _) => None,
        };
        let held = match (&holdings, &key) {
            (Some(holdings), Some(key)) => holdings.get(key),
            _ => None,
        };
        if K::CHANGE == Change::Beside && held.is_some() {
            continue;
        }
        let Some(decision) = K::decide(claim, held, cx)? else {
            continue;
        };
        // What writes nothing is let through: importing a file again is no change.
        if let Some(retraction) = &cx.retracted {
            return Err(cx.refuse(Some((K::TABLE, index)), RetractedPart::Round, retraction));
        }
        if decision.action != Action::Insert
            && let Some((retracted, retraction)) = held.and_then(|h| K::retraction(claim, h))
        {
            return Err(cx.refuse(Some((K::TABLE, index)), retracted, retraction));
        }
        K::count(changes, claim, held, &decision, cx);
        if let (Some(holdings), Some(key)) = (holdings.as_mut(), key) {
            let before = holdings.remove(&key);
            let after = K::held_after(claim, before);
            holdings.insert(key, after);
        }
        writes.push(ClaimWrite {
            index,
            action: decision.action,
            extra: decision.extra,
        });
    }
    Ok(writes)
}
