//! Quotes and round notes: written once, never corrected.

use super::*;

impl ClaimKind for Quotes {
    type Claim = Quote;
    /// The words and who said them (a person, else the name given, and the
    /// description): the same words from the same speaker are the same quote, whatever
    /// else is given. A person's quote holds their name, which the key leaves out.
    type Key = (String, Option<String>, Option<String>, Option<String>);
    type Held = ();
    type Extra = ();
    const CHANGE: Change = Change::Beside;
    const TABLE: &'static str = "quote";

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
    const TABLE: &'static str = "note";

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
