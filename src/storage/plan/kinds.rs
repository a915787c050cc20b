//! The kinds of claim at a round, as data for the shared path: each one's key, how it
//! is completed from the claim in force, how a change is recorded, and what it
//! counts. The rules each kind follows are written here once, for every backend and
//! for the dry run alike.

use std::collections::BTreeSet;

use super::claims::{Action, Change, ClaimKind, Decision, Holdings, RoundCx, citations_gained};
use super::round::RoundView;
use super::{Changes, Correction, FateChange, FieldEdit, ParticipantEdit, Row};
use crate::domain::model::*;
use crate::domain::{CommitmentKind, Credibility, Fate, NoteKind, PartialDate, Role};
use crate::error::{Error, Result};

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

impl ClaimKind for Statuses {
    type Claim = StatusClaim;
    type Key = String;
    type Held = HeldClaim;
    type Extra = ();
    const CHANGE: Change = Change::Supersede;

    fn claims(round: &Round) -> &[StatusClaim] {
        &round.statuses
    }
    fn claims_mut(round: &mut Round) -> &mut [StatusClaim] {
        &mut round.statuses
    }
    fn holdings(view: &mut RoundView) -> &mut Option<Holdings<Self>> {
        &mut view.statuses
    }
    fn key(claim: &StatusClaim) -> String {
        claim.item.clone()
    }
    fn cited(claim: &StatusClaim) -> &[Citation] {
        cited(&claim.sources)
    }

    fn decide(
        claim: &mut StatusClaim,
        held: Option<&HeldClaim>,
        round: &RoundCx,
    ) -> Result<Option<Decision<Self>>> {
        Ok(decide_superseding(claim, held, round))
    }

    fn count(
        changes: &mut Changes,
        claim: &StatusClaim,
        held: Option<&HeldClaim>,
        decision: &Decision<Self>,
        round: &RoundCx,
    ) {
        match held {
            None => changes.statuses += 1,
            Some(h) => {
                changes.status_corrections += 1;
                changes.corrections.push(Correction {
                    round: round.slug.clone(),
                    item: claim.item.clone(),
                    party: None,
                    was: h.value.clone(),
                    now: claim.status.as_str().to_owned(),
                    kept: decision.kept.clone(),
                });
            }
        }
        changes.citations += cited(&claim.sources).len() as u64;
    }

    fn held_after(claim: &StatusClaim, _: Option<HeldClaim>) -> HeldClaim {
        claim.held()
    }
}

impl ClaimKind for Positions {
    type Claim = PositionClaim;
    type Key = (String, String);
    type Held = HeldClaim;
    type Extra = ();
    const CHANGE: Change = Change::Supersede;

    fn claims(round: &Round) -> &[PositionClaim] {
        &round.positions
    }
    fn claims_mut(round: &mut Round) -> &mut [PositionClaim] {
        &mut round.positions
    }
    fn holdings(view: &mut RoundView) -> &mut Option<Holdings<Self>> {
        &mut view.positions
    }
    fn key(claim: &PositionClaim) -> (String, String) {
        (claim.party.clone(), claim.item.clone())
    }
    fn cited(claim: &PositionClaim) -> &[Citation] {
        cited(&claim.sources)
    }

    fn decide(
        claim: &mut PositionClaim,
        held: Option<&HeldClaim>,
        round: &RoundCx,
    ) -> Result<Option<Decision<Self>>> {
        Ok(decide_superseding(claim, held, round))
    }

    fn count(
        changes: &mut Changes,
        claim: &PositionClaim,
        held: Option<&HeldClaim>,
        decision: &Decision<Self>,
        round: &RoundCx,
    ) {
        match held {
            None => changes.positions += 1,
            Some(h) => {
                changes.position_corrections += 1;
                changes.corrections.push(Correction {
                    round: round.slug.clone(),
                    item: claim.item.clone(),
                    party: Some(claim.party.clone()),
                    was: h.value.clone(),
                    now: claim.stance.as_str().to_owned(),
                    kept: decision.kept.clone(),
                });
            }
        }
        changes.citations += cited(&claim.sources).len() as u64;
    }

    fn held_after(claim: &PositionClaim, _: Option<HeldClaim>) -> HeldClaim {
        claim.held()
    }
}

impl ClaimKind for Participants {
    type Claim = Participant;
    type Key = String;
    type Held = HeldParticipant;
    type Extra = ();
    const CHANGE: Change = Change::Amend;

    fn claims(round: &Round) -> &[Participant] {
        &round.participants
    }
    fn claims_mut(round: &mut Round) -> &mut [Participant] {
        &mut round.participants
    }
    fn holdings(view: &mut RoundView) -> &mut Option<Holdings<Self>> {
        &mut view.participants
    }
    fn key(claim: &Participant) -> String {
        claim.party.clone()
    }
    fn cited(_: &Participant) -> &[Citation] {
        &[]
    }

    fn decide(
        claim: &mut Participant,
        held: Option<&HeldParticipant>,
        _: &RoundCx,
    ) -> Result<Option<Decision<Self>>> {
        // A note left out (by a flag) keeps the note held; a new participant has none.
        if claim.note.is_keep() {
            claim.note = Update::whole(held.and_then(|h| h.note.clone()));
        }
        let action = match held {
            None => Action::Insert,
            Some(h)
                if h.role == claim.role
                    && h.note.as_ref() == claim.note.given()
                    && h.lead == claim.lead =>
            {
                return Ok(None);
            }
            Some(h) => Action::Amend {
                row: h.row,
                changed: true,
                citations: Vec::new(),
            },
        };
        Ok(Some(Decision {
            action,
            extra: (),
            kept: Vec::new(),
        }))
    }

    fn count(
        changes: &mut Changes,
        claim: &Participant,
        held: Option<&HeldParticipant>,
        _: &Decision<Self>,
        cx: &RoundCx,
    ) {
        changes.participants += 1;
        if let Some(held) = held {
            let role = (held.role != claim.role).then(|| FieldEdit {
                field: "role",
                old: Some(held.role.as_str().to_owned()),
                new: Some(claim.role.as_str().to_owned()),
            });
            let note = (held.note.as_ref() != claim.note.given()).then(|| FieldEdit {
                field: "note",
                old: held.note.clone(),
                new: claim.note.given().cloned(),
            });
            changes.participant_edits.push(ParticipantEdit {
                round: cx.slug.clone(),
                party: claim.party.clone(),
                fields: role.into_iter().chain(note).collect(),
                withdrawn: false,
            });
        }
    }

    fn held_after(claim: &Participant, held: Option<HeldParticipant>) -> HeldParticipant {
        HeldParticipant {
            row: held.map_or(Row::Planned, |h| h.row),
            role: claim.role,
            note: claim.note.given().cloned(),
            lead: claim.lead.clone(),
        }
    }
}

impl ClaimKind for Commitments {
    type Claim = Commitment;
    type Key = String;
    type Held = HeldCommitment;
    type Extra = CommitmentWrite;
    const CHANGE: Change = Change::Amend;

    fn claims(round: &Round) -> &[Commitment] {
        &round.commitments
    }
    fn claims_mut(round: &mut Round) -> &mut [Commitment] {
        &mut round.commitments
    }
    fn holdings(view: &mut RoundView) -> &mut Option<Holdings<Self>> {
        &mut view.commitments
    }
    fn key(claim: &Commitment) -> String {
        claim.slug.clone()
    }
    fn cited(claim: &Commitment) -> &[Citation] {
        cited(&claim.sources)
    }

    fn decide(
        c: &mut Commitment,
        held: Option<&HeldCommitment>,
        round: &RoundCx,
    ) -> Result<Option<Decision<Self>>> {
        let mut kept = Vec::new();
        let Some(h) = held else {
            if c.kind.is_none() || c.description.is_none() {
                return Err(Error::Conflict(format!(
                    "commitment '{}' is not at round '{}', so it needs a kind and a description",
                    c.slug, round.slug
                )));
            }
            complete(&mut c.item, None, "item", &mut kept);
            complete(&mut c.due_date, None, "due", &mut kept);
            complete_sources(&mut c.sources, None, round, &mut kept);
            let fate = c
                .fate
                .is_some_and(|f| fate_appended(None, f, c.fate_note.as_deref()));
            return Ok(Some(Decision {
                action: Action::Insert,
                extra: CommitmentWrite {
                    parties: once(&c.parties),
                    fate,
                },
                kept,
            }));
        };
        let kind = *c.kind.get_or_insert(h.kind);
        let description = c.description.get_or_insert_with(|| h.description.clone());
        complete(&mut c.item, h.item.as_ref(), "item", &mut kept);
        complete(&mut c.due_date, h.due_date.as_ref(), "due", &mut kept);
        let changed = kind != h.kind
            || *description != h.description
            || c.item.given() != h.item.as_ref()
            || c.due_date.given() != h.due_date.as_ref();
        let parties: Vec<String> = once(&c.parties)
            .into_iter()
            .filter(|p| !h.parties.contains(p))
            .collect();
        let fate = c
            .fate
            .is_some_and(|f| fate_appended(h.fate.as_ref(), f, c.fate_note.as_deref()));
        // Sources given are added to those it cites; none given, it keeps its own.
        let citations = match c.sources.given() {
            Some(given) => citations_gained(given, &mut h.citations.clone()),
            None => Vec::new(),
        };
        if !changed && parties.is_empty() && !fate && citations.is_empty() {
            return Ok(None);
        }
        Ok(Some(Decision {
            action: Action::Amend {
                row: h.row,
                changed,
                citations,
            },
            extra: CommitmentWrite { parties, fate },
            kept,
        }))
    }

    fn count(
        changes: &mut Changes,
        c: &Commitment,
        held: Option<&HeldCommitment>,
        decision: &Decision<Self>,
        round: &RoundCx,
    ) {
        if let (true, Some(fate)) = (decision.extra.fate, c.fate) {
            changes.fates.push(FateChange {
                round: round.slug.clone(),
                commitment: c.slug.clone(),
                was: held
                    .and_then(|h| h.fate.as_ref())
                    .map(|f| f.fate.as_str().to_owned()),
                now: fate.as_str().to_owned(),
            });
        }
        let (written, citations) = match &decision.action {
            Action::Amend {
                changed, citations, ..
            } => (*changed, citations.len()),
            _ => (true, cited(&c.sources).len()),
        };
        changes.commitments += u64::from(written);
        changes.commitment_fates += u64::from(decision.extra.fate);
        changes.citations += citations as u64;
    }

    fn held_after(c: &Commitment, held: Option<HeldCommitment>) -> HeldCommitment {
        let (row, mut parties, fate, mut citations) = match held {
            Some(h) => (h.row, h.parties, h.fate, h.citations),
            None => (Row::Planned, Vec::new(), None, Vec::new()),
        };
        let appended = c
            .fate
            .filter(|f| fate_appended(fate.as_ref(), *f, c.fate_note.as_deref()));
        let fate = match appended {
            Some(f) => Some(HeldFate {
                fate: f,
                note: c.fate_note.clone(),
            }),
            None => fate,
        };
        for p in &c.parties {
            if !parties.contains(p) {
                parties.push(p.clone());
            }
        }
        citations_gained(cited(&c.sources), &mut citations);
        HeldCommitment {
            row,
            item: c.item.given().cloned(),
            kind: c.kind.expect("completed by decide"),
            description: c.description.clone().expect("completed by decide"),
            due_date: c.due_date.given().copied(),
            parties,
            fate,
            citations,
        }
    }
}

impl ClaimKind for Quotes {
    type Claim = Quote;
    /// The words and who said them (a person, else the name given, and the
    /// description): the same words from the same speaker are the same quote, whatever
    /// else is given. A person's quote holds their name, which the key leaves out.
    type Key = (String, Option<String>, Option<String>, Option<String>);
    type Held = ();
    type Extra = ();
    const CHANGE: Change = Change::Beside;

    fn claims(round: &Round) -> &[Quote] {
        &round.quotes
    }
    fn claims_mut(round: &mut Round) -> &mut [Quote] {
        &mut round.quotes
    }
    fn holdings(view: &mut RoundView) -> &mut Option<Holdings<Self>> {
        &mut view.quotes
    }
    fn key(q: &Quote) -> Self::Key {
        (
            q.text.clone(),
            q.speaker.clone(),
            q.speaker_name.clone().filter(|_| q.speaker.is_none()),
            q.speaker_description.clone(),
        )
    }
    fn cited(q: &Quote) -> &[Citation] {
        cited(&q.sources)
    }

    fn decide(q: &mut Quote, _: Option<&()>, round: &RoundCx) -> Result<Option<Decision<Self>>> {
        complete_sources(&mut q.sources, None, round, &mut Vec::new());
        Ok(Some(Decision {
            action: Action::Insert,
            extra: (),
            kept: Vec::new(),
        }))
    }

    fn count(changes: &mut Changes, q: &Quote, _: Option<&()>, _: &Decision<Self>, _: &RoundCx) {
        changes.quotes += 1;
        changes.citations += cited(&q.sources).len() as u64;
    }

    fn held_after(_: &Quote, _: Option<()>) {}
}

impl ClaimKind for Notes {
    type Claim = RoundNote;
    /// The kind and the words: the same words of the same kind are the same note.
    type Key = (NoteKind, String);
    type Held = ();
    type Extra = ();
    const CHANGE: Change = Change::Beside;

    fn claims(round: &Round) -> &[RoundNote] {
        &round.notes
    }
    fn claims_mut(round: &mut Round) -> &mut [RoundNote] {
        &mut round.notes
    }
    fn holdings(view: &mut RoundView) -> &mut Option<Holdings<Self>> {
        &mut view.notes
    }
    fn key(n: &RoundNote) -> Self::Key {
        (n.kind, n.body.clone())
    }
    fn cited(n: &RoundNote) -> &[Citation] {
        cited(&n.sources)
    }

    fn decide(
        n: &mut RoundNote,
        _: Option<&()>,
        round: &RoundCx,
    ) -> Result<Option<Decision<Self>>> {
        complete_sources(&mut n.sources, None, round, &mut Vec::new());
        Ok(Some(Decision {
            action: Action::Insert,
            extra: (),
            kept: Vec::new(),
        }))
    }

    fn count(
        changes: &mut Changes,
        n: &RoundNote,
        _: Option<&()>,
        _: &Decision<Self>,
        _: &RoundCx,
    ) {
        changes.notes += 1;
        changes.citations += cited(&n.sources).len() as u64;
    }

    fn held_after(_: &RoundNote, _: Option<()>) {}
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_first_fate_is_recorded_only_when_it_says_more_than_open() {
        assert!(!fate_appended(None, Fate::Open, None));
        assert!(fate_appended(None, Fate::Open, Some("still open")));
        assert!(fate_appended(None, Fate::Fulfilled, None));
        let latest = HeldFate {
            fate: Fate::Fulfilled,
            note: Some("done".into()),
        };
        assert!(!fate_appended(Some(&latest), Fate::Fulfilled, None));
        assert!(!fate_appended(Some(&latest), Fate::Fulfilled, Some("done")));
        assert!(fate_appended(
            Some(&latest),
            Fate::Fulfilled,
            Some("done twice")
        ));
        assert!(fate_appended(Some(&latest), Fate::Broken, None));
    }
}
