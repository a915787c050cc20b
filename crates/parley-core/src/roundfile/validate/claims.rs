//! The claims of a `[[round]]` table, every kind checked by one path: each entry gets
//! its place (`round[1].status[2]`), its names resolved and its fields checked; a
//! second entry of one key in the round is refused at that key's field; and a claim
//! is kept only when every field passed. What differs per kind is data: its table's
//! name, its fields, and its key.

use std::collections::HashSet;
use std::convert::Infallible;
use std::hash::Hash;
use std::ops::Range;

use std::str::FromStr;

use toml::Spanned;

use super::Validator;
use crate::domain::Credibility;
use crate::domain::model::*;
use crate::roundfile::format::*;

/// A round as its claims are checked against it.
pub(super) struct RoundContext<'r> {
    pub process: &'r str,
    /// The round's field path, e.g. `round[2]`.
    pub path: &'r str,
    /// The round's own citations, which a claim that names none inherits.
    pub sources: &'r [Citation],
}

/// What one entry's check found: the claim, when every field passed, and its key in
/// the round, when the names it is made of resolved.
pub(super) struct Checked<C, K> {
    pub claim: Option<C>,
    pub key: Option<Keyed<K>>,
}

/// A claim's key in its round, with the field that a repeated key is reported at.
pub(super) struct Keyed<K> {
    pub key: K,
    /// The field, after the entry's path: `item`.
    pub field: &'static str,
    pub span: Range<usize>,
}

/// One kind of entry in a `[[round]]` table.
pub(super) trait ClaimEntry {
    /// The table's name in field paths: `status` in `round[1].status[2]`.
    const TABLE: &'static str;
    type Claim;
    /// What the round may hold once.
    type Key: Eq + Hash;

    /// Checks the entry, reporting each problem at its field.
    fn check(&self, entry: &mut Entry<'_, '_>) -> Checked<Self::Claim, Self::Key>;

    /// The problem with a second entry of one key.
    fn repeated(key: &Self::Key) -> String;
}

/// One entry being checked: its round, its path and its place in the file. Each
/// check names a field after the entry's path (`item` is `round[1].status[2].item`).
pub(super) struct Entry<'c, 'v> {
    v: &'c mut Validator<'v>,
    round: &'c RoundContext<'c>,
    /// The entry's path, e.g. `round[1].status[2]`.
    at: String,
    /// The whole entry's span.
    span: Range<usize>,
}

impl Entry<'_, '_> {
    fn path(&self, field: &str) -> String {
        format!("{}.{field}", self.at)
    }

    fn problem(&mut self, field: &str, message: &str) {
        let path = self.path(field);
        self.v.problem(self.span.clone(), path, message);
    }

    fn party(&mut self, name: &Spanned<String>, field: &str) -> Option<String> {
        let path = self.path(field);
        self.v.reference(name, &path, |c| &mut c.parties)
    }

    fn person(&mut self, name: &Spanned<String>, field: &str) -> Option<String> {
        let path = self.path(field);
        self.v.reference(name, &path, |c| &mut c.persons)
    }

    fn optional_person(
        &mut self,
        name: Option<&Spanned<String>>,
        field: &str,
    ) -> Option<Option<String>> {
        name.map_or(Some(None), |name| self.person(name, field).map(Some))
    }

    /// Persons named in a list, each resolved at its index; `None` if one does not
    /// resolve or one is named twice.
    fn persons(&mut self, names: &[Spanned<String>], field: &str) -> Option<Vec<String>> {
        let mut out = Vec::with_capacity(names.len());
        let mut ok = true;
        for (j, name) in names.iter().enumerate() {
            let at = format!("{field}[{}]", j + 1);
            match self.person(name, &at) {
                Some(slug) if out.contains(&slug) => {
                    let path = self.path(&at);
                    self.v
                        .problem(name.span(), path, format!("person '{slug}' is named twice"));
                    ok = false;
                }
                Some(slug) => out.push(slug),
                None => ok = false,
            }
        }
        ok.then_some(out)
    }

    fn item(&mut self, name: &Spanned<String>, field: &str) -> Option<String> {
        let (path, process) = (self.path(field), self.round.process);
        self.v.reference(name, &path, |c| c.items_of(process))
    }

    /// An optional reference: `Some(None)` when not given, `None` when it does not
    /// resolve.
    fn optional_party(
        &mut self,
        name: Option<&Spanned<String>>,
        field: &str,
    ) -> Option<Option<String>> {
        name.map_or(Some(None), |name| self.party(name, field).map(Some))
    }

    fn optional_item(
        &mut self,
        name: Option<&Spanned<String>>,
        field: &str,
    ) -> Option<Option<String>> {
        name.map_or(Some(None), |name| self.item(name, field).map(Some))
    }

    fn vocab<T: FromStr>(&mut self, value: &Spanned<String>, field: &str) -> Option<T>
    where
        T::Err: std::fmt::Display,
    {
        let path = self.path(field);
        self.v.vocab(value, &path)
    }

    fn optional_vocab<T: FromStr>(
        &mut self,
        value: Option<&Spanned<String>>,
        field: &str,
    ) -> Option<T>
    where
        T::Err: std::fmt::Display,
    {
        value.and_then(|value| self.vocab(value, field))
    }

    fn text(&mut self, value: &Spanned<String>, field: &str) -> Option<String> {
        let path = self.path(field);
        self.v.text(value, &path)
    }

    fn optional_text(&mut self, value: Option<&Spanned<String>>, field: &str) -> Option<String> {
        value.and_then(|value| self.text(value, field))
    }

    fn optional_name(&mut self, value: Option<&Spanned<String>>, field: &str) -> Option<String> {
        let path = self.path(field);
        value.and_then(|value| self.v.name(value, &path))
    }

    fn slug(&mut self, value: &Spanned<String>, field: &str) -> Option<String> {
        let path = self.path(field);
        self.v.slug(value, &path).then(|| value.get_ref().clone())
    }

    fn credibility(&mut self, value: Option<&Spanned<i64>>, field: &str) -> Option<Credibility> {
        let path = self.path(field);
        value.and_then(|value| self.v.credibility(value, &path))
    }

    /// The claim's own sources, or the round's when it names none: a claim in a file
    /// is whole, so what it gives is all it has.
    fn sources(&mut self, own: Option<&[Spanned<CitationEntry>]>) -> Vec<Citation> {
        match own {
            Some(own) => {
                let path = self.path("sources");
                self.v.citations(own, &path)
            }
            None => self.round.sources.to_vec(),
        }
    }
}

impl Validator<'_> {
    /// Checks every entry of one kind in a round: one loop for every kind.
    pub(super) fn claims<E: ClaimEntry>(
        &mut self,
        entries: &[Spanned<E>],
        round: &RoundContext<'_>,
    ) -> Vec<E::Claim> {
        let mut seen = HashSet::new();
        let mut claims = Vec::with_capacity(entries.len());
        for (i, spanned) in entries.iter().enumerate() {
            let mut entry = Entry {
                v: self,
                round,
                at: format!("{}.{}[{}]", round.path, E::TABLE, i + 1),
                span: spanned.span(),
            };
            let checked = spanned.get_ref().check(&mut entry);
            if let Some(Keyed { key, field, span }) = checked.key {
                let message = E::repeated(&key);
                if !seen.insert(key) {
                    let path = entry.path(field);
                    self.problem(span, path, message);
                }
            }
            claims.extend(checked.claim);
        }
        claims
    }
}

/// The key of a claim whose names resolved.
fn keyed<K>(key: Option<K>, field: &'static str, span: Range<usize>) -> Option<Keyed<K>> {
    key.map(|key| Keyed { key, field, span })
}

impl ClaimEntry for ParticipantEntry {
    const TABLE: &'static str = "participant";
    type Claim = Participant;
    type Key = String;

    fn check(&self, c: &mut Entry<'_, '_>) -> Checked<Participant, String> {
        let party = c.party(&self.party, "party");
        let role = c.vocab(&self.role, "role");
        let note = c.optional_text(self.note.as_ref(), "note");
        let lead = c.optional_person(self.lead.as_ref(), "lead");
        Checked {
            key: keyed(party.clone(), "party", self.party.span()),
            claim: match (party, role, lead) {
                (Some(party), Some(role), Some(lead)) => Some(Participant {
                    party,
                    role,
                    note: Update::whole(note),
                    lead,
                }),
                _ => None,
            },
        }
    }

    fn repeated(party: &String) -> String {
        format!("party '{party}' takes part twice in this round")
    }
}

impl ClaimEntry for StatusEntry {
    const TABLE: &'static str = "status";
    type Claim = StatusClaim;
    type Key = String;

    fn check(&self, c: &mut Entry<'_, '_>) -> Checked<StatusClaim, String> {
        let item = c.item(&self.item, "item");
        let status = c.vocab(&self.status, "status");
        let note = c.optional_text(self.note.as_ref(), "note");
        let confidence = c.credibility(self.confidence.as_ref(), "confidence");
        let sources = c.sources(self.sources.as_deref());
        Checked {
            key: keyed(item.clone(), "item", self.item.span()),
            claim: match (item, status) {
                // A claim in a file is whole: what it leaves out, it has none of.
                (Some(item), Some(status)) => Some(StatusClaim {
                    item,
                    status,
                    note: Update::whole(note),
                    confidence: Update::whole(confidence),
                    sources: Update::Set(sources),
                }),
                _ => None,
            },
        }
    }

    fn repeated(item: &String) -> String {
        format!("item '{item}' has two statuses in this round; keep one")
    }
}

impl ClaimEntry for PositionEntry {
    const TABLE: &'static str = "position";
    type Claim = PositionClaim;
    type Key = (String, String);

    fn check(&self, c: &mut Entry<'_, '_>) -> Checked<PositionClaim, (String, String)> {
        let party = c.party(&self.party, "party");
        let item = c.item(&self.item, "item");
        let stance = c.vocab(&self.stance, "stance");
        let note = c.optional_text(self.note.as_ref(), "note");
        let sources = c.sources(self.sources.as_deref());
        Checked {
            key: keyed(party.clone().zip(item.clone()), "item", self.item.span()),
            claim: match (party, item, stance) {
                (Some(party), Some(item), Some(stance)) => Some(PositionClaim {
                    party,
                    item,
                    stance,
                    note: Update::whole(note),
                    sources: Update::Set(sources),
                }),
                _ => None,
            },
        }
    }

    fn repeated((party, item): &(String, String)) -> String {
        format!("party '{party}' has two stances on '{item}' in this round; keep one")
    }
}

impl ClaimEntry for CommitmentEntry {
    const TABLE: &'static str = "commitment";
    type Claim = Commitment;
    type Key = String;

    fn check(&self, c: &mut Entry<'_, '_>) -> Checked<Commitment, String> {
        let slug = c.slug(&self.slug, "slug");
        let item = c.optional_item(self.item.as_ref(), "item");
        let kind = c.vocab(&self.kind, "kind");
        let description = c.text(&self.description, "description");
        let due_date = c.optional_vocab(self.due.as_ref(), "due");
        let parties: Vec<Option<String>> = (self.parties.iter().enumerate())
            .map(|(j, p)| c.party(p, &format!("parties[{}]", j + 1)))
            .collect();
        let fate = c.optional_vocab(self.fate.as_ref(), "fate");
        let fate_note = c.optional_text(self.fate_note.as_ref(), "fate_note");
        let sources = c.sources(self.sources.as_deref());
        let parties: Option<Vec<String>> = parties.into_iter().collect();
        Checked {
            key: keyed(slug.clone(), "slug", self.slug.span()),
            claim: match (slug, item, kind, description, parties) {
                (Some(slug), Some(item), Some(kind), Some(description), Some(parties)) => {
                    Some(Commitment {
                        slug,
                        item: Update::whole(item),
                        kind: Some(kind),
                        description: Some(description),
                        due_date: Update::whole(due_date),
                        parties,
                        fate,
                        fate_note,
                        sources: Update::Set(sources),
                    })
                }
                _ => None,
            },
        }
    }

    fn repeated(slug: &String) -> String {
        format!("commitment '{slug}' appears twice in this round")
    }
}

impl ClaimEntry for QuoteEntry {
    const TABLE: &'static str = "quote";
    type Claim = Quote;
    /// A quote repeated in a round is written once, not refused: no key.
    type Key = Infallible;

    fn check(&self, c: &mut Entry<'_, '_>) -> Checked<Quote, Infallible> {
        let speaker = c.optional_person(self.speaker.as_ref(), "speaker");
        let speaker_name = c.optional_name(self.speaker_name.as_ref(), "speaker_name");
        let speaker_description =
            c.optional_name(self.speaker_description.as_ref(), "speaker_description");
        if self.speaker.is_none()
            && self.speaker_name.is_none()
            && self.speaker_description.is_none()
        {
            c.problem(
                "speaker",
                "a quote needs a speaker: `speaker` (a person), `speaker_name`, or `speaker_description` for an unnamed one",
            );
        }
        if let (Some(_), Some(name)) = (&self.speaker, &self.speaker_name) {
            let path = c.path("speaker_name");
            c.v.problem(
                name.span(),
                path,
                "give `speaker` (a person, whose name the quote takes) or `speaker_name`, not both",
            );
        }
        let party = c.optional_party(self.party.as_ref(), "party");
        let item = c.optional_item(self.item.as_ref(), "item");
        let text = c.text(&self.text, "text");
        let sources = c.sources(self.sources.as_deref());
        Checked {
            key: None,
            claim: match (speaker, party, item, text) {
                (Some(speaker), Some(party), Some(item), Some(text)) => Some(Quote {
                    speaker,
                    speaker_name,
                    speaker_description,
                    party,
                    item,
                    text,
                    sources: Update::Set(sources),
                }),
                _ => None,
            },
        }
    }

    fn repeated(key: &Infallible) -> String {
        match *key {}
    }
}

impl ClaimEntry for NoteEntry {
    const TABLE: &'static str = "note";
    type Claim = RoundNote;
    /// A note repeated in a round is written once, not refused: no key.
    type Key = Infallible;

    fn check(&self, c: &mut Entry<'_, '_>) -> Checked<RoundNote, Infallible> {
        let kind = c.vocab(&self.kind, "kind");
        let body = c.text(&self.body, "body");
        let persons = c.persons(&self.persons, "persons");
        let sources = c.sources(self.sources.as_deref());
        Checked {
            key: None,
            claim: match (kind, body, persons) {
                (Some(kind), Some(body), Some(persons)) => Some(RoundNote {
                    kind,
                    body,
                    persons,
                    sources: Update::Set(sources),
                }),
                _ => None,
            },
        }
    }

    fn repeated(key: &Infallible) -> String {
        match *key {}
    }
}
