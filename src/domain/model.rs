//! The records a round file holds once it has been read and checked: every
//! vocabulary value parsed, every date valid, every reference resolved to the slug of
//! a record in the file or the database. Storage writes these as they are.

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

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Source {
    pub slug: String,
    pub outlet: String,
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

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Round {
    pub process: String,
    pub slug: String,
    pub title: String,
    pub start_date: Option<PartialDate>,
    pub end_date: Option<PartialDate>,
    pub location: Option<String>,
    pub format: Option<RoundFormat>,
    pub level: Option<Level>,
    pub state: RoundState,
    pub tone: Option<String>,
    pub summary: Option<String>,
    /// Sources for the round's details as a whole.
    pub sources: Vec<Citation>,
    pub participants: Vec<Participant>,
    pub statuses: Vec<StatusClaim>,
    pub positions: Vec<PositionClaim>,
    pub commitments: Vec<Commitment>,
    pub quotes: Vec<Quote>,
    pub notes: Vec<RoundNote>,
}

impl Round {
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

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Participant {
    pub party: String,
    pub role: Role,
    pub note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StatusClaim {
    pub item: String,
    pub status: Status,
    pub note: Option<String>,
    pub confidence: Option<Credibility>,
    pub sources: Vec<Citation>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PositionClaim {
    pub party: String,
    pub item: String,
    pub stance: Stance,
    pub note: Option<String>,
    pub sources: Vec<Citation>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Commitment {
    pub slug: String,
    pub item: Option<String>,
    pub kind: CommitmentKind,
    pub description: String,
    pub due_date: Option<PartialDate>,
    pub parties: Vec<String>,
    /// The fate as this file knows it; a change is appended to the commitment's history.
    pub fate: Option<Fate>,
    pub fate_note: Option<String>,
    pub sources: Vec<Citation>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Quote {
    pub speaker_name: Option<String>,
    pub speaker_description: Option<String>,
    pub party: Option<String>,
    pub item: Option<String>,
    pub text: String,
    pub sources: Vec<Citation>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RoundNote {
    pub kind: NoteKind,
    pub body: String,
    pub sources: Vec<Citation>,
}

impl Dossier {
    /// Appends another file's records after this one's.
    pub fn extend(&mut self, other: Dossier) {
        self.processes.extend(other.processes);
        self.parties.extend(other.parties);
        self.sources.extend(other.sources);
        self.items.extend(other.items);
        self.rounds.extend(other.rounds);
    }
}
