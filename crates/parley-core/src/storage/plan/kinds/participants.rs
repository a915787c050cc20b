//! A party's part in a round: updated in place, withdrawn only by `round edit`.

use super::*;

impl ClaimKind for Participants {
    type Claim = Participant;
    type Key = String;
    type Held = HeldParticipant;
    type Extra = ();
    const CHANGE: Change = Change::Amend;
    const TABLE: &'static str = "participant";

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
