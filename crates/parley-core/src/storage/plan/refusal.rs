//! A claim an import may not write because of a retraction: one at a retracted round
//! (which takes no more records and is never changed), or one that would correct or
//! amend a retracted claim (which is never corrected). The planner finds it in what
//! it reads inside the write transaction (the round's retraction, and each held
//! claim's), and refuses the whole import before its round is written; the triggers
//! of migration 20251215000000 stay as the backstop for other clients.
//!
//! The planner knows a claim by its round and its place in the round's list of its
//! kind, not by where it was written: [`Refusal::place`] says which, and the command
//! that read a round file or flags turns it into a file:line:col or a flag.

use std::fmt;

use crate::domain::Instant;

/// A retraction as a plan meets it: why, and when (the `recorded_at` of its row).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Retraction {
    pub reason: String,
    pub recorded_at: Instant,
}

/// What was retracted that the claim runs into.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RetractedPart {
    /// The round the claim is at (or whose details or citations would change).
    Round,
    /// The item's status in force at the round, which the claim would correct.
    Status { item: String },
    /// The party's stance on the item at the round, which the claim would correct.
    Position { party: String, item: String },
    /// The commitment, which the claim would amend (a fate, parties, sources).
    Commitment { slug: String },
}

/// Where, in the round as the import gives it, the refused claim is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClaimPlace {
    /// The process's slug.
    pub process: String,
    /// The round's slug.
    pub round: String,
    /// How many times this import gave the round before (0: the first): a round a
    /// second file names again is that file's.
    pub occurrence: usize,
    /// The claim's table as a round file names it (`status`, `position`,
    /// `commitment`, `quote`, `note`, `participant`) and its 0-based place in the
    /// round's list of that kind; `None`: the round's own details or sources.
    pub claim: Option<(&'static str, usize)>,
}

/// A claim refused because of a retraction; nothing was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    pub place: ClaimPlace,
    pub retracted: RetractedPart,
    pub retraction: Retraction,
}

impl RetractedPart {
    /// What to do instead of writing to what was retracted, in the words of
    /// docs/round-file.md; the commands that check before writing say the same.
    pub fn instead(&self) -> &'static str {
        match self {
            RetractedPart::Round => {
                "a retracted round takes no more records and is never changed: log this in \
                 another round (a new one, if the round itself was logged in error)"
            }
            RetractedPart::Status { .. } => {
                "a retracted claim is not corrected: record the item's status as a new claim \
                 at a later round"
            }
            RetractedPart::Position { .. } => {
                "a retracted claim is not corrected: record the party's stance as a new \
                 claim at a later round"
            }
            RetractedPart::Commitment { .. } => {
                "a retracted commitment takes no fate, party or source: log the commitment \
                 anew, under another slug"
            }
        }
    }
}

impl Refusal {
    /// What was retracted, when and why, and what to do instead, without the place.
    pub fn message(&self) -> String {
        let round = &self.place.round;
        let Retraction {
            reason,
            recorded_at,
        } = &self.retraction;
        let what = match &self.retracted {
            RetractedPart::Round => format!("round '{round}'"),
            RetractedPart::Status { item } => {
                format!("the status of '{item}' at round '{round}'")
            }
            RetractedPart::Position { party, item } => {
                format!("the stance of '{party}' on '{item}' at round '{round}'")
            }
            RetractedPart::Commitment { slug } => {
                format!("commitment '{slug}' of round '{round}'")
            }
        };
        let instead = self.retracted.instead();
        format!("{what} was retracted at {recorded_at} ({reason}); {instead}")
    }

    /// The flag a command that logs a claim by flags names it by: the round's, or
    /// the claim's own.
    pub fn flag(&self) -> &'static str {
        match self.retracted {
            RetractedPart::Round => "--round",
            RetractedPart::Status { .. } => "ITEM",
            RetractedPart::Position { .. } => "PARTY",
            RetractedPart::Commitment { .. } => "COMMITMENT",
        }
    }
}

/// The message with the round and claim named as the planner knows them
/// (`round 'r', status 1: …`), for when no file or flag is known.
impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "round '{}'", self.place.round)?;
        if let Some((table, index)) = self.place.claim {
            write!(f, ", {table} {}", index + 1)?;
        }
        write!(f, ": {}; nothing was written", self.message())
    }
}
