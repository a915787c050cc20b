//! The kinds of claim at a round, as data for the shared path: each one's key, how it
//! is completed from the claim in force, how a change is recorded, and what it
//! counts. The rules each kind follows are written here once, for every backend and
//! for the dry run alike.

use std::collections::BTreeSet;

use super::claims::{Action, Change, ClaimKind, Decision, Holdings, RoundCx, citations_gained};
use super::refusal::{RetractedPart, Retraction};
use super::round::RoundView;
use super::{Changes, Correction, FateChange, FieldEdit, ParticipantEdit, Row};
use crate::domain::model::*;
use crate::domain::{CommitmentKind, Credibility, Fate, NoteKind, PartialDate, Role};
use crate::error::{Error, Result};

// One file per kind of claim (or pair of kinds that share a shape).
mod commitments;
mod participants;
mod records;
mod said;

/// A status or stance in force, as the database holds it.
#[derive(Debug, Clone, PartialEq)]
pub struct HeldClaim {
    pub row: Row,
    /// The status or stance.
    pub value: String,
    pub note: Option<String>,
    pub confidence: Option<Credibility>,
    /// In the order they were written.
    pub citations: Vec<Citation>,
    /// Its retraction, if it was retracted: it is never corrected then.
    pub retraction: Option<Retraction>,
}

/// A party's part in a round, as the database holds it.
#[derive(Debug, Clone, PartialEq)]
pub struct HeldParticipant {
    pub row: Row,
    pub role: Role,
    pub note: Option<String>,
    /// The person who led the delegation (slug).
    pub lead: Option<String>,
}

/// A commitment, as the database holds it.
#[derive(Debug, Clone, PartialEq)]
pub struct HeldCommitment {
    pub row: Row,
    pub item: Option<String>,
    pub kind: CommitmentKind,
    pub description: String,
    pub due_date: Option<PartialDate>,
    pub parties: Vec<String>,
    /// The latest fate recorded; none: open.
    pub fate: Option<HeldFate>,
    pub citations: Vec<Citation>,
    /// Its retraction, if it was retracted: it takes no fate, party or source then.
    pub retraction: Option<Retraction>,
}

/// The latest row of a commitment's fate history.
#[derive(Debug, Clone, PartialEq)]
pub struct HeldFate {
    pub fate: Fate,
    pub note: Option<String>,
}

/// What a commitment's write adds beside the row: the parties it binds that it did
/// not bind before, and whether its fate is appended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommitmentWrite {
    pub parties: Vec<String>,
    pub fate: bool,
}

/// Whether a fate claimed for a commitment is appended to its history: when it
/// differs from the latest (a commitment with no fate is open), or gives a note the
/// latest does not have. A new commitment's first fate is so recorded only if it
/// says more than "open".
pub(super) fn fate_appended(latest: Option<&HeldFate>, fate: Fate, note: Option<&str>) -> bool {
    let (latest_fate, latest_note) =
        latest.map_or((Fate::Open, None), |l| (l.fate, l.note.as_deref()));
    fate != latest_fate || (note.is_some() && note != latest_note)
}

/// A part a claim leaves out, completed from the record in force when it has one
/// (and noted as kept), else emptied.
fn complete<T: Clone>(
    part: &mut Update<T>,
    held: Option<&T>,
    name: &'static str,
    kept: &mut Vec<&'static str>,
) {
    if part.is_keep() {
        *part = match held {
            Some(value) => {
                kept.push(name);
                Update::Set(value.clone())
            }
            None => Update::Clear,
        };
    }
}

/// A claim's sources when it gives none: a new claim cites its round's; an amended
/// or correcting one keeps those of the row in force (`held`), if any.
fn complete_sources(
    sources: &mut Update<Vec<Citation>>,
    held: Option<&[Citation]>,
    round: &RoundCx,
    kept: &mut Vec<&'static str>,
) {
    match held {
        None if sources.is_keep() => *sources = Update::Set(round.sources.clone()),
        None => {}
        // A record in force that cites nothing leaves its correction citing nothing.
        Some([]) if sources.is_keep() => *sources = Update::Set(Vec::new()),
        Some(held) if sources.is_keep() => {
            *sources = Update::Set(held.to_vec());
            kept.push("sources");
        }
        Some(_) => {}
    }
}

/// The sources a completed claim cites.
fn cited(sources: &Update<Vec<Citation>>) -> &[Citation] {
    sources.given().map_or(&[], Vec::as_slice)
}

fn citation_set(citations: &[Citation]) -> BTreeSet<(&str, Option<Credibility>)> {
    citations
        .iter()
        .map(|c| (c.source.as_str(), c.credibility))
        .collect()
}

/// Each name once, in the order first given.
fn once(names: &[String]) -> Vec<String> {
    let mut seen = BTreeSet::new();
    names
        .iter()
        .filter(|n| seen.insert(n.as_str()))
        .cloned()
        .collect()
}

/// The parts of a status or stance a correction completes: its note, its
/// confidence (a stance has none) and its sources.
type Parts<'c> = (
    &'c mut Update<String>,
    Option<&'c mut Update<Credibility>>,
    &'c mut Update<Vec<Citation>>,
);

/// A status or stance: superseded by a correction when it changes.
trait Superseding {
    fn value(&self) -> &'static str;
    fn parts(&mut self) -> Parts<'_>;
    /// The record it makes once completed.
    fn held(&self) -> HeldClaim;
}

impl Superseding for StatusClaim {
    fn value(&self) -> &'static str {
        self.status.as_str()
    }
    fn parts(&mut self) -> Parts<'_> {
        (
            &mut self.note,
            Some(&mut self.confidence),
            &mut self.sources,
        )
    }
    fn held(&self) -> HeldClaim {
        HeldClaim {
            row: Row::Planned,
            value: self.value().to_owned(),
            note: self.note.given().cloned(),
            confidence: self.confidence.given().copied(),
            citations: cited(&self.sources).to_vec(),
            retraction: None,
        }
    }
}

impl Superseding for PositionClaim {
    fn value(&self) -> &'static str {
        self.stance.as_str()
    }
    fn parts(&mut self) -> Parts<'_> {
        (&mut self.note, None, &mut self.sources)
    }
    fn held(&self) -> HeldClaim {
        HeldClaim {
            row: Row::Planned,
            value: self.value().to_owned(),
            note: self.note.given().cloned(),
            confidence: None,
            citations: cited(&self.sources).to_vec(),
            retraction: None,
        }
    }
}

/// A status or stance completed from the record in force, and what it writes: a new
/// record, a correction, or (saying nothing new) nothing.
fn decide_superseding<K: ClaimKind<Extra = ()>>(
    claim: &mut impl Superseding,
    held: Option<&HeldClaim>,
    round: &RoundCx,
) -> Option<Decision<K>> {
    let mut kept = Vec::new();
    let value = claim.value();
    let (note, confidence, sources) = claim.parts();
    complete(note, held.and_then(|h| h.note.as_ref()), "note", &mut kept);
    let confidence = confidence.map(|c| {
        complete(
            c,
            held.and_then(|h| h.confidence.as_ref()),
            "confidence",
            &mut kept,
        );
        c.given().copied()
    });
    complete_sources(
        sources,
        held.map(|h| h.citations.as_slice()),
        round,
        &mut kept,
    );
    let action = match held {
        None => Action::Insert,
        Some(h)
            if h.value == value
                && h.note.as_ref() == note.given()
                && h.confidence == confidence.flatten()
                && citation_set(&h.citations) == citation_set(cited(sources)) =>
        {
            return None;
        }
        Some(h) => Action::Supersede(h.row),
    };
    Some(Decision {
        action,
        extra: (),
        kept,
    })
}

/// The kinds of claim, as data for the shared path.
#[derive(Debug)]
pub struct Statuses;
#[derive(Debug)]
pub struct Positions;
#[derive(Debug)]
pub struct Participants;
#[derive(Debug)]
pub struct Commitments;
#[derive(Debug)]
pub struct Quotes;
#[derive(Debug)]
pub struct Notes;
