//! The round file as it is written: TOML, documented field by field in
//! `docs/round-file.md`. Fields that validation checks keep their place in the file
//! (`Spanned`), so that a problem is reported at its line and column.

use serde::{Deserialize, Serialize};
use toml::Spanned;

use crate::domain::history::{
    ItemVersion, ParticipantVersion, PartyVersion, RemovedAlias, SourceVersion,
};

mod fields;

pub use fields::{GRADED_CITATION_FIELDS, UnknownField, from_toml};

/// A whole round file.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RoundFile {
    /// Present in a history export (`parley export --history`) alone: every record
    /// then carries its `recorded_at`, and the versions it replaced.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub history: Option<Spanned<HistoryEntry>>,
    pub process: Spanned<ProcessEntry>,
    #[serde(default, rename = "party", skip_serializing_if = "Vec::is_empty")]
    pub parties: Vec<Spanned<PartyEntry>>,
    #[serde(default, rename = "person", skip_serializing_if = "Vec::is_empty")]
    pub persons: Vec<Spanned<PersonEntry>>,
    #[serde(default, rename = "outlet", skip_serializing_if = "Vec::is_empty")]
    pub outlets: Vec<Spanned<OutletEntry>>,
    #[serde(default, rename = "source", skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<Spanned<SourceEntry>>,
    #[serde(default, rename = "item", skip_serializing_if = "Vec::is_empty")]
    pub items: Vec<Spanned<ItemEntry>>,
    #[serde(default, rename = "round", skip_serializing_if = "Vec::is_empty")]
    pub rounds: Vec<Spanned<RoundEntry>>,
}

/// `[process]`: the process the file's items and rounds belong to. A process the
/// database already holds needs only its slug; a new one needs its name too.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ProcessEntry {
    pub slug: Spanned<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<Spanned<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<Spanned<String>>,
    /// History exports only: when the row was recorded (see `[history]`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recorded_at: Option<Spanned<String>>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct PartyEntry {
    pub slug: Spanned<String>,
    pub name: Spanned<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub short: Option<Spanned<String>>,
    pub kind: Spanned<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<Spanned<String>>,
    /// History exports only: when the row was recorded (see `[history]`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recorded_at: Option<Spanned<String>>,
    /// History exports only: when each alias was recorded, in the order of `aliases`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases_recorded_at: Vec<Spanned<String>>,
    /// History exports only: its earlier versions (`party_history`), oldest first.
    #[serde(default, rename = "version", skip_serializing_if = "Vec::is_empty")]
    pub versions: Vec<Spanned<PartyVersion>>,
    /// History exports only: the aliases removed (`party_alias_history`), in order.
    #[serde(
        default,
        rename = "removed_alias",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub removed_aliases: Vec<Spanned<RemovedAlias>>,
}

/// `[[person]]`: a negotiator, envoy or official, acting for a party.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct PersonEntry {
    pub slug: Spanned<String>,
    pub name: Spanned<String>,
    pub party: Spanned<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<Spanned<String>>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<Spanned<String>>,
    /// History exports only: when the row was recorded (see `[history]`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recorded_at: Option<Spanned<String>>,
    /// History exports only: when each alias was recorded, in the order of `aliases`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases_recorded_at: Vec<Spanned<String>>,
}

/// `[[outlet]]`: who publishes sources, with the other names it goes by.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct OutletEntry {
    pub slug: Spanned<String>,
    pub name: Spanned<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<Spanned<String>>,
    /// History exports only: when the row was recorded (see `[history]`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recorded_at: Option<Spanned<String>>,
    /// History exports only: when each alias was recorded, in the order of `aliases`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases_recorded_at: Vec<Spanned<String>>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SourceEntry {
    pub slug: Spanned<String>,
    pub outlet: Spanned<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub obtained_via: Option<Spanned<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<Spanned<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<Spanned<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published: Option<Spanned<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reliability: Option<Spanned<String>>,
    /// History exports only: when the row was recorded (see `[history]`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recorded_at: Option<Spanned<String>>,
    /// History exports only: its earlier versions (`source_history`), oldest first.
    #[serde(default, rename = "version", skip_serializing_if = "Vec::is_empty")]
    pub versions: Vec<Spanned<SourceVersion>>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ItemEntry {
    pub slug: Spanned<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<Spanned<String>>,
    pub title: Spanned<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<Spanned<String>>,
    /// History exports only: when the row was recorded (see `[history]`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recorded_at: Option<Spanned<String>>,
    /// History exports only: its earlier versions (`agenda_item_history`), oldest first.
    #[serde(default, rename = "version", skip_serializing_if = "Vec::is_empty")]
    pub versions: Vec<Spanned<ItemVersion>>,
}

/// `[[round]]`: a new round, or one the database holds, named by its slug and updated
/// only in the fields given (and those named in `clear`).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RoundEntry {
    pub slug: Spanned<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<Spanned<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<Spanned<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_date: Option<Spanned<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<Spanned<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub format: Option<Spanned<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub level: Option<Spanned<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state: Option<Spanned<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tone: Option<Spanned<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<Spanned<String>>,
    /// Optional fields of a round the database holds to empty, e.g. `["location"]`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub clear: Vec<Spanned<String>>,
    /// Sources of the round's details, and of every claim below that names none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<Spanned<CitationEntry>>,
    /// History exports only: when the row was recorded (see `[history]`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recorded_at: Option<Spanned<String>>,
    /// History exports only: the round's earlier versions (`round_history`), oldest first.
    #[serde(default, rename = "version", skip_serializing_if = "Vec::is_empty")]
    pub versions: Vec<Spanned<RoundVersionEntry>>,
    /// History exports only: its retraction, when it was retracted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retracted: Option<Spanned<RetractedEntry>>,
    #[serde(default, rename = "participant", skip_serializing_if = "Vec::is_empty")]
    pub participants: Vec<Spanned<ParticipantEntry>>,
    /// History exports only: its participants' earlier versions and withdrawals
    /// (`round_party_history`), in order.
    #[serde(
        default,
        rename = "participant_version",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub participant_versions: Vec<Spanned<ParticipantVersion>>,
    #[serde(default, rename = "status", skip_serializing_if = "Vec::is_empty")]
    pub statuses: Vec<Spanned<StatusEntry>>,
    #[serde(default, rename = "position", skip_serializing_if = "Vec::is_empty")]
    pub positions: Vec<Spanned<PositionEntry>>,
    #[serde(default, rename = "commitment", skip_serializing_if = "Vec::is_empty")]
    pub commitments: Vec<Spanned<CommitmentEntry>>,
    #[serde(default, rename = "quote", skip_serializing_if = "Vec::is_empty")]
    pub quotes: Vec<Spanned<QuoteEntry>>,
    #[serde(default, rename = "note", skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<Spanned<NoteEntry>>,
}

/// A source behind a claim: its slug, or `{ source = "slug", credibility = 2 }`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(untagged)]
pub enum CitationEntry {
    Slug(String),
    Graded {
        source: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        credibility: Option<i64>,
    },
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ParticipantEntry {
    pub party: Spanned<String>,
    pub role: Spanned<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<Spanned<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lead: Option<Spanned<String>>,
    /// History exports only: when the row was recorded (see `[history]`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recorded_at: Option<Spanned<String>>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct StatusEntry {
    pub item: Spanned<String>,
    pub status: Spanned<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<Spanned<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confidence: Option<Spanned<i64>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sources: Option<Vec<Spanned<CitationEntry>>>,
    /// History exports only: when the row was recorded (see `[history]`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recorded_at: Option<Spanned<String>>,
    /// History exports only: the records this one corrected, oldest first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub superseded: Vec<Spanned<StatusVersionEntry>>,
    /// History exports only: its retraction, when it was retracted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retracted: Option<Spanned<RetractedEntry>>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct PositionEntry {
    pub party: Spanned<String>,
    pub item: Spanned<String>,
    pub stance: Spanned<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<Spanned<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sources: Option<Vec<Spanned<CitationEntry>>>,
    /// History exports only: when the row was recorded (see `[history]`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recorded_at: Option<Spanned<String>>,
    /// History exports only: the rows this one corrected, oldest first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub superseded: Vec<Spanned<PositionVersionEntry>>,
    /// History exports only: its retraction, when it was retracted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retracted: Option<Spanned<RetractedEntry>>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct CommitmentEntry {
    pub slug: Spanned<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub item: Option<Spanned<String>>,
    pub kind: Spanned<String>,
    pub description: Spanned<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due: Option<Spanned<String>>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub parties: Vec<Spanned<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fate: Option<Spanned<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fate_note: Option<Spanned<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sources: Option<Vec<Spanned<CitationEntry>>>,
    /// History exports only: when the row was recorded (see `[history]`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recorded_at: Option<Spanned<String>>,
    /// History exports only: every fate recorded, in order (`fate` and `fate_note`
    /// are then left out).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fates: Vec<Spanned<FateEntry>>,
    /// History exports only: its retraction, when it was retracted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retracted: Option<Spanned<RetractedEntry>>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct QuoteEntry {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub speaker: Option<Spanned<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub speaker_name: Option<Spanned<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub speaker_description: Option<Spanned<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub party: Option<Spanned<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub item: Option<Spanned<String>>,
    pub text: Spanned<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sources: Option<Vec<Spanned<CitationEntry>>>,
    /// History exports only: when the row was recorded (see `[history]`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recorded_at: Option<Spanned<String>>,
    /// History exports only: its retraction, when it was retracted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retracted: Option<Spanned<RetractedEntry>>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct NoteEntry {
    pub kind: Spanned<String>,
    pub body: Spanned<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub persons: Vec<Spanned<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sources: Option<Vec<Spanned<CitationEntry>>>,
    /// History exports only: when the row was recorded (see `[history]`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recorded_at: Option<Spanned<String>>,
    /// History exports only: its retraction, when it was retracted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retracted: Option<Spanned<RetractedEntry>>,
}

/// `[history]`: marks a history export, which imports only into an empty database.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct HistoryEntry {
    /// When the file was exported (UTC).
    pub exported_at: Spanned<String>,
    /// `[[history.write]]`: every row of the write log, in order.
    #[serde(default, rename = "write", skip_serializing_if = "Vec::is_empty")]
    pub writes: Vec<Spanned<WriteEntry>>,
}

/// `[[history.write]]`: a write of the exported database's write log, as it was.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct WriteEntry {
    pub recorded_at: Spanned<String>,
    pub clock_at: Spanned<String>,
    pub command: Spanned<String>,
    pub summary: Spanned<String>,
}

/// `retracted`: a round's or a claim's retraction in a history export: the reason,
/// when, and the write that made it (its place among the `[[history.write]]`, from 1).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RetractedEntry {
    pub reason: Spanned<String>,
    pub recorded_at: Spanned<String>,
    pub write: Spanned<i64>,
}

/// `[[round.version]]`: an earlier version of a round, as `round_history` holds it:
/// the text of each column as it was, when it was recorded and when it was replaced.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RoundVersionEntry {
    pub slug: Spanned<String>,
    pub title: Spanned<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<Spanned<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_date: Option<Spanned<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<Spanned<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub format: Option<Spanned<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub level: Option<Spanned<String>>,
    pub state: Spanned<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tone: Option<Spanned<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<Spanned<String>>,
    pub recorded_at: Spanned<String>,
    pub replaced_at: Spanned<String>,
}

/// `[[round.status.superseded]]`: a status record that a later one corrected.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct StatusVersionEntry {
    pub status: Spanned<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<Spanned<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confidence: Option<Spanned<i64>>,
    /// Its own citations, always given (`[]` for none): nothing is inherited.
    #[serde(default)]
    pub sources: Vec<Spanned<CitationEntry>>,
    pub recorded_at: Spanned<String>,
}

/// `[[round.position.superseded]]`: a stance that a later row corrected.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct PositionVersionEntry {
    pub stance: Spanned<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<Spanned<String>>,
    /// Its own citations, always given (`[]` for none): nothing is inherited.
    #[serde(default)]
    pub sources: Vec<Spanned<CitationEntry>>,
    pub recorded_at: Spanned<String>,
}

/// `[[round.commitment.fates]]`: one fate of a commitment, as it was recorded.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct FateEntry {
    pub fate: Spanned<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<Spanned<String>>,
    /// The round (slug) at which it was learned, if one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub round: Option<Spanned<String>>,
    pub recorded_at: Spanned<String>,
}
