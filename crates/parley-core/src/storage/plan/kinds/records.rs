//! Statuses and stances: records that a correction supersedes.

use super::*;

impl ClaimKind for Statuses {
    type Claim = StatusClaim;
    type Key = String;
    type Held = HeldClaim;
    type Extra = ();
    const CHANGE: Change = Change::Supersede;
    const TABLE: &'static str = "status";

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

    fn retraction<'h>(
        claim: &StatusClaim,
        held: &'h HeldClaim,
    ) -> Option<(RetractedPart, &'h Retraction)> {
        let item = claim.item.clone();
        (held.retraction.as_ref()).map(|r| (RetractedPart::Status { item }, r))
    }
}

impl ClaimKind for Positions {
    type Claim = PositionClaim;
    type Key = (String, String);
    type Held = HeldClaim;
    type Extra = ();
    const CHANGE: Change = Change::Supersede;
    const TABLE: &'static str = "position";

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

    fn retraction<'h>(
        claim: &PositionClaim,
        held: &'h HeldClaim,
    ) -> Option<(RetractedPart, &'h Retraction)> {
        let retracted = RetractedPart::Position {
            party: claim.party.clone(),
            item: claim.item.clone(),
        };
        held.retraction.as_ref().map(|r| (retracted, r))
    }
}
