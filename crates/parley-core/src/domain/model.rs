//! The records a round file holds once it has been read and checked: every
//! vocabulary value parsed, every date valid, every reference resolved to the slug of
//! a record in the file or the database. Storage writes these as they are.
//!
//! Beside them, re-exported here: how commands name a process or a round
//! (`model/refs.rs`), and the rules one field obeys whatever it came from, a file or
//! a flag: text, round dates, slugs made from names, parent chains
//! (`model/fields.rs`).

mod fields;
mod refs;

pub use fields::{
    FieldProblem, ancestry_cycle, check_round_dates, check_round_slug, check_text,
    is_reserved_round_slug, round_slugify, slugify, split_obtained_via,
};
pub use refs::{ProcessRef, RoundRef};

use serde::Serialize;

use super::{
    CommitmentKind, Credibility, Fate, Level, NoteKind, PartialDate, PartyKind, Reliability, Role,
    RoundFormat, RoundState, Stance, Status,
};

/// Everything one import writes: reference data first, then rounds in file order.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Dossier {
    pub processes: Vec<Process>,
    pub parties: Vec<Party>,
    /// Persons, after the parties they act for.
    pub persons: Vec<Person>,
    /// Outlets, before the sources they publish: those a file declares, and those its
    /// sources name that no record answers to yet.
    pub outlets: Vec<Outlet>,
    pub sources: Vec<Source>,
    pub items: Vec<AgendaItem>,
    pub rounds: Vec<Round>,
}

impl Dossier {
    /// How many claims the rounds hold, for progress and summaries.
    pub fn claim_count(&self) -> usize {
        self.rounds.iter().map(Round::claim_count).sum()
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Process {
    pub slug: String,
    pub name: String,
    pub description: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Party {
    pub slug: String,
    pub name: String,
    pub short_code: Option<String>,
    pub kind: PartyKind,
    pub aliases: Vec<String>,
}

/// A negotiator, envoy or official, acting for a party.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Person {
    pub slug: String,
    pub name: String,
    /// The party they act for.
    pub party: String,
    /// Their role or title, as the sources give it.
    pub role: Option<String>,
    pub aliases: Vec<String>,
}

/// Who publishes sources.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Outlet {
    pub slug: String,
    pub name: String,
    pub aliases: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Source {
    pub slug: String,
    /// The outlet as the source was logged (`Reuters (via Investing.com)`).
    pub outlet: String,
    /// The outlet's slug: the record `outlet` resolved to.
    pub outlet_slug: String,
    /// How the article was obtained, as it says (`Investing.com`).
    pub obtained_via: Option<String>,
    pub title: Option<String>,
    pub url: Option<String>,
    pub published_on: Option<PartialDate>,
    pub reliability: Option<Reliability>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AgendaItem {
    pub process: String,
    pub slug: String,
    pub parent: Option<String>,
    pub title: String,
    pub description: Option<String>,
}

/// What an import gives one field of a record the database may already hold: a
/// value, an explicit clearing, or nothing, which leaves the value held as it is (a
/// new record then has none).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub enum Update<T> {
    /// Not given: a held record keeps its value.
    #[default]
    Keep,
    /// Given: this value.
    Set(T),
    /// Given as none: a held record loses its value.
    Clear,
}

impl<T> Update<T> {
    /// A field given whole, as a claim in a round file gives it: a value, or none.
    pub fn whole(value: Option<T>) -> Self {
        value.map_or(Update::Clear, Update::Set)
    }

    /// What a flag gives: its value, or nothing when it is left out.
    pub fn if_given(value: Option<T>) -> Self {
        value.map_or(Update::Keep, Update::Set)
    }

    /// The value given, if one was: what a new record holds.
    pub fn given(&self) -> Option<&T> {
        match self {
            Update::Set(value) => Some(value),
            Update::Keep | Update::Clear => None,
        }
    }

    /// The value a record holds after the update, given what it held.
    pub fn applied_to(self, held: Option<T>) -> Option<T> {
        match self {
            Update::Keep => held,
            Update::Set(value) => Some(value),
            Update::Clear => None,
        }
    }

    pub fn is_keep(&self) -> bool {
        matches!(self, Update::Keep)
    }
}

/// What an edit command gives a record the database holds, field by field: each
/// field named as its flag is (`title`, `reliability`, `parent`), with its value as the
/// column holds it, checked already, or a clearing. A field not named keeps its value.
pub type FieldUpdates = Vec<(&'static str, Update<String>)>;

/// A round and what to record on it. A round the database already holds is named by
/// its slug and updated only in the details given; a new one needs a title and a
/// state.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Round {
    pub process: String,
    pub slug: String,
    /// Required of a new round; `None` keeps a held round's title.
    pub title: Option<String>,
    pub start_date: Update<PartialDate>,
    pub end_date: Update<PartialDate>,
    pub location: Update<String>,
    pub format: Update<RoundFormat>,
    pub level: Update<Level>,
    /// Required of a new round; `None` keeps a held round's state.
    pub state: Option<RoundState>,
    pub tone: Update<String>,
    pub summary: Update<String>,
    /// Sources for the round's details as a whole.
    pub sources: Vec<Citation>,
    pub participants: Vec<Participant>,
    /// Parties to withdraw from the round's participants (their last version is kept
    /// in `round_party_history`): `round edit --remove-party`; a round file has none.
    pub withdrawn: Vec<String>,
    pub statuses: Vec<StatusClaim>,
    pub positions: Vec<PositionClaim>,
    pub commitments: Vec<Commitment>,
    pub quotes: Vec<Quote>,
    pub notes: Vec<RoundNote>,
}

impl Round {
    /// A round named by its slug alone: the claims added to it are written at the
    /// round the database holds, whose details stay as they are.
    pub fn named(process: &str, slug: &str) -> Round {
        Round {
            process: process.to_owned(),
            slug: slug.to_owned(),
            title: None,
            start_date: Update::Keep,
            end_date: Update::Keep,
            location: Update::Keep,
            format: Update::Keep,
            level: Update::Keep,
            state: None,
            tone: Update::Keep,
            summary: Update::Keep,
            sources: Vec::new(),
            participants: Vec::new(),
            withdrawn: Vec::new(),
            statuses: Vec::new(),
            positions: Vec::new(),
            commitments: Vec::new(),
            quotes: Vec::new(),
            notes: Vec::new(),
        }
    }

    pub fn claim_count(&self) -> usize {
        self.participants.len()
            + self.statuses.len()
            + self.positions.len()
            + self.commitments.len()
            + self.quotes.len()
            + self.notes.len()
    }
}

/// A source behind a claim, with the credibility of the claim as that source tells it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct Citation {
    pub source: String,
    pub credibility: Option<Credibility>,
}

/// A party's part in a round. A participant in a round file is whole (no note: it has
/// none); one from flags (`round edit --party NAME:ROLE`) may leave the note out
/// ([`Update::Keep`]), and a participant the round holds keeps its note then.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Participant {
    pub party: String,
    pub role: Role,
    pub note: Update<String>,
    /// The person who led the party's delegation.
    pub lead: Option<String>,
}

/// An item's status at a round. A claim in a round file is whole (what it leaves out
/// it has none of); one from flags may leave the note, confidence and sources out
/// ([`Update::Keep`]): a correction then keeps those of the record in force, and a new
/// record cites its round's sources.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StatusClaim {
    pub item: String,
    pub status: Status,
    pub note: Update<String>,
    pub confidence: Update<Credibility>,
    pub sources: Update<Vec<Citation>>,
}

/// A party's stance on an item as of a round; whole or partial like [`StatusClaim`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PositionClaim {
    pub party: String,
    pub item: String,
    pub stance: Stance,
    pub note: Update<String>,
    pub sources: Update<Vec<Citation>>,
}

/// What a round produced, named by its slug within the round. A commitment in a
/// round file is whole; one from flags (`commitment fate`) may give its slug and a
/// fate alone, and a commitment the round holds keeps what the claim leaves out. A
/// commitment is amended in place: its parties are added to, its fate appended.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Commitment {
    pub slug: String,
    pub item: Update<String>,
    /// Required of a new commitment; `None` keeps a held one's.
    pub kind: Option<CommitmentKind>,
    /// Required of a new commitment; `None` keeps a held one's.
    pub description: Option<String>,
    pub due_date: Update<PartialDate>,
    /// Parties it binds, beside any it binds already.
    pub parties: Vec<String>,
    /// The fate as this claim knows it; a change is appended to the commitment's history.
    pub fate: Option<Fate>,
    pub fate_note: Option<String>,
    /// Sources, beside any it cites already; not given, a new commitment cites its
    /// round's.
    pub sources: Update<Vec<Citation>>,
}

/// Words attributed to a speaker at a round. A quote the round holds already (the
/// same words from the same speaker) is not written again.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Quote {
    /// The speaker, as a person (slug); `speaker_name` then holds their name.
    pub speaker: Option<String>,
    pub speaker_name: Option<String>,
    pub speaker_description: Option<String>,
    pub party: Option<String>,
    pub item: Option<String>,
    pub text: String,
    /// Not given, it cites its round's sources.
    pub sources: Update<Vec<Citation>>,
}

/// The analyst's note on a round. A note the round holds already (the same kind and
/// words) is not written again.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RoundNote {
    pub kind: NoteKind,
    pub body: String,
    /// The persons it names (slugs), each once.
    pub persons: Vec<String>,
    /// Not given, it cites its round's sources.
    pub sources: Update<Vec<Citation>>,
}

impl Dossier {
    /// Appends another file's records after this one's.
    pub fn extend(&mut self, other: Dossier) {
        self.processes.extend(other.processes);
        self.parties.extend(other.parties);
        self.persons.extend(other.persons);
        self.outlets.extend(other.outlets);
        self.sources.extend(other.sources);
        self.items.extend(other.items);
        self.rounds.extend(other.rounds);
    }
}
