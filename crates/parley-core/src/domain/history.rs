//! What a history export adds to the records in force (a [`Dossier`]): when every
//! row was recorded, the rows that later ones replaced (superseded status records
//! and positions, the earlier versions of rounds, sources, parties, items and
//! participants, removed aliases, every fate of a commitment), the retractions, and
//! the write log they name. The records in force stay in the dossier, and so do the
//! retracted claims and rounds (beside those in force, marked by their stamps);
//! [`Stamps`] holds the rest, aligned with it entry by entry (`Stamps::parties[i]` is
//! `Dossier::parties[i]`'s, and so on).
//!
//! Instants are kept as the text the database holds, so that what is imported is
//! what was exported, byte for byte. One type per kind of record: a kind that gains
//! a history (an edit, a retraction) adds its field here, and its arm in
//! `roundfile::history` (the file), `storage::export_history` (reading) and
//! `storage::import::history` (writing).
//!
//! [`Dossier`]: super::model::Dossier

use serde::{Deserialize, Serialize};

use super::model::Citation;
use super::{Credibility, Fate, Instant, Stance, Status};

/// A `recorded_at` (or `replaced_at`) as the column holds it: UTC, RFC 3339.
pub type Recorded = String;

/// The history of a dossier's declarations and rounds, aligned with it.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Stamps {
    pub process: Recorded,
    pub parties: Vec<PartyStamps>,
    /// Aligned with `Dossier::persons`.
    pub persons: Vec<PartyStamps>,
    /// Aligned with `Dossier::outlets`.
    pub outlets: Vec<PartyStamps>,
    pub sources: Vec<Recorded>,
    pub items: Vec<Recorded>,
    pub rounds: Vec<RoundStamps>,
    /// Every write of the write log, in order: the audit trail, which retractions
    /// name by position ([`Retracted::write`]).
    pub writes: Vec<WriteRecord>,
    /// Each source's earlier versions (`source_history`), aligned with `sources`.
    pub source_versions: Vec<Vec<SourceVersion>>,
    /// Each party's earlier versions (`party_history`), aligned with `parties`.
    pub party_versions: Vec<Vec<PartyVersion>>,
    /// Each party's removed aliases (`party_alias_history`), aligned with `parties`.
    pub removed_aliases: Vec<Vec<RemovedAlias>>,
    /// Each item's earlier versions (`agenda_item_history`), aligned with `items`.
    pub item_versions: Vec<Vec<ItemVersion>>,
}

impl Stamps {
    /// The latest instant any row holds: a later write must not record before it.
    pub fn latest(&self) -> Option<Instant> {
        let declarations = std::iter::once(&self.process)
            .chain(
                self.parties
                    .iter()
                    .chain(&self.persons)
                    .chain(&self.outlets)
                    .flat_map(|p| std::iter::once(&p.recorded_at).chain(&p.aliases)),
            )
            .chain(&self.sources)
            .chain(&self.items)
            .chain(self.writes.iter().map(|w| &w.recorded_at));
        declarations
            .filter_map(|at| at.parse().ok())
            .chain(self.rounds.iter().filter_map(RoundStamps::latest))
            .max()
    }
}

/// A party's, person's or outlet's: the row's instant and each alias's.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct PartyStamps {
    pub recorded_at: Recorded,
    /// Each alias's, in the order of `Party::aliases`.
    pub aliases: Vec<Recorded>,
}

/// A round's history, aligned with a [`super::model::Round`]'s claims.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct RoundStamps {
    pub recorded_at: Recorded,
    /// Its earlier versions (`round_history`), oldest first.
    pub versions: Vec<RoundVersion>,
    pub participants: Vec<Recorded>,
    pub statuses: Vec<ClaimStamps<StatusVersion>>,
    pub positions: Vec<ClaimStamps<PositionVersion>>,
    pub commitments: Vec<CommitmentStamps>,
    pub quotes: Vec<Recorded>,
    pub notes: Vec<Recorded>,
    /// The round's own retraction, when it was retracted.
    pub retracted: Option<Retracted>,
    /// The retracted claims among the round's, by kind and place in its lists.
    pub retractions: Vec<ClaimRetraction>,
    /// Its participants' earlier versions and withdrawals (`round_party_history`),
    /// in the order written.
    pub participant_versions: Vec<ParticipantVersion>,
}

impl RoundStamps {
    /// The latest instant the round's rows hold.
    pub fn latest(&self) -> Option<Instant> {
        let claims = self.statuses.iter().flat_map(|c| {
            std::iter::once(&c.recorded_at).chain(c.superseded.iter().map(|v| &v.recorded_at))
        });
        let positions = self.positions.iter().flat_map(|c| {
            std::iter::once(&c.recorded_at).chain(c.superseded.iter().map(|v| &v.recorded_at))
        });
        let commitments = self.commitments.iter().flat_map(|c| {
            std::iter::once(&c.recorded_at).chain(c.fates.iter().map(|f| &f.recorded_at))
        });
        let versions = self
            .versions
            .iter()
            .flat_map(|v| [&v.recorded_at, &v.replaced_at]);
        let retractions = self
            .retracted
            .iter()
            .chain(self.retractions.iter().map(|r| &r.retracted))
            .map(|r| &r.recorded_at);
        std::iter::once(&self.recorded_at)
            .chain(versions)
            .chain(retractions)
            .chain(&self.participants)
            .chain(claims)
            .chain(positions)
            .chain(commitments)
            .chain(&self.quotes)
            .chain(&self.notes)
            .filter_map(|at| at.parse().ok())
            .max()
    }
}

/// A claim's `recorded_at`, and the records it corrected, oldest first (each
/// corrects the one before it; the claim in force corrects the last).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClaimStamps<V> {
    pub recorded_at: Recorded,
    pub superseded: Vec<V>,
}

impl<V> ClaimStamps<V> {
    /// A claim that corrected nothing.
    pub fn new(recorded_at: Recorded) -> Self {
        ClaimStamps {
            recorded_at,
            superseded: Vec::new(),
        }
    }
}

/// A status record a later one corrected.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StatusVersion {
    pub status: Status,
    pub note: Option<String>,
    pub confidence: Option<Credibility>,
    pub sources: Vec<Citation>,
    pub recorded_at: Recorded,
}

/// A position a later row corrected.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PositionVersion {
    pub stance: Stance,
    pub note: Option<String>,
    pub sources: Vec<Citation>,
    pub recorded_at: Recorded,
}

/// A commitment's `recorded_at` and every fate recorded for it, in order.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CommitmentStamps {
    pub recorded_at: Recorded,
    pub fates: Vec<FateRecord>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FateRecord {
    pub fate: Fate,
    pub note: Option<String>,
    /// The slug of the round at which it was learned, if one.
    pub round: Option<String>,
    pub recorded_at: Recorded,
}

/// An earlier version of a round, as `round_history` holds it: each column's text
/// as it was (the table takes any text), when it was recorded and when replaced.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RoundVersion {
    pub slug: String,
    pub title: String,
    pub start_date: Option<String>,
    pub end_date: Option<String>,
    pub location: Option<String>,
    pub format: Option<String>,
    pub level: Option<String>,
    pub state: String,
    pub tone: Option<String>,
    pub summary: Option<String>,
    pub recorded_at: Recorded,
    pub replaced_at: Recorded,
}

/// A row of the write log, as a history export carries it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WriteRecord {
    pub recorded_at: Recorded,
    pub clock_at: Recorded,
    pub command: String,
    pub summary: String,
}

/// A retraction: why, when, and which write of the carried log made it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Retracted {
    pub reason: String,
    pub recorded_at: Recorded,
    /// The write's position in [`Stamps::writes`], from 1 (a write's `recorded_at`
    /// need not be unique: a clock behind the file records several at one instant).
    pub write: usize,
}

/// The kinds of claim a retraction names beside a round.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum ClaimKind {
    Status,
    Position,
    Commitment,
    Quote,
    Note,
}

/// A retracted claim of a round: its kind and index in the round's list of that kind.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClaimRetraction {
    pub kind: ClaimKind,
    pub index: usize,
    pub retracted: Retracted,
}

// The edit-history tables' rows, as a history export carries them: each column's
// text as the table holds it (the tables take any text), references by slug.

/// An earlier version of a source (`source_history`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SourceVersion {
    pub slug: String,
    pub outlet: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published_on: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reliability: Option<String>,
    pub recorded_at: Recorded,
    pub replaced_at: Recorded,
}

/// An earlier version of a party (`party_history`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PartyVersion {
    pub slug: String,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub short_code: Option<String>,
    pub kind: String,
    pub recorded_at: Recorded,
    pub replaced_at: Recorded,
}

/// An alias a party no longer goes by (`party_alias_history`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RemovedAlias {
    pub alias: String,
    pub recorded_at: Recorded,
    pub removed_at: Recorded,
}

/// An earlier version of an agenda item (`agenda_item_history`); its parent by the
/// slug that item has now.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ItemVersion {
    pub slug: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<String>,
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    pub recorded_at: Recorded,
    pub replaced_at: Recorded,
}

/// An earlier version of a participation, or its last one when the party was
/// withdrawn from the round (`round_party_history`). A party's rows at a round are
/// in order; each run of them that ends in a withdrawal is one participation, gone,
/// and the rows after the last withdrawal are the participant's in force.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ParticipantVersion {
    pub party: String,
    pub role: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    pub recorded_at: Recorded,
    pub replaced_at: Recorded,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub withdrawn: bool,
}
