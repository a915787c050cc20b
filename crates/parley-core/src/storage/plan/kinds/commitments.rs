//! Commitments, the parties they bind, and their fates.

use super::*;

impl ClaimKind for Commitments {
    type Claim = Commitment;
    type Key = String;
    type Held = HeldCommitment;
    type Extra = CommitmentWrite;
    const CHANGE: Change = Change::Amend;
    const TABLE: &'static str = "commitment";

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
        let (row, mut parties, fate, mut citations, retraction) = match held {
            Some(h) => (h.row, h.parties, h.fate, h.citations, h.retraction),
            None => (Row::Planned, Vec::new(), None, Vec::new(), None),
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
            retraction,
        }
    }

    fn retraction<'h>(
        c: &Commitment,
        held: &'h HeldCommitment,
    ) -> Option<(RetractedPart, &'h Retraction)> {
        let slug = c.slug.clone();
        (held.retraction.as_ref()).map(|r| (RetractedPart::Commitment { slug }, r))
    }
}
