//! The round file as it is written: TOML, documented field by field in
//! `docs/round-file.md`. Fields that validation checks keep their place in the file
//! (`Spanned`), so that a problem is reported at its line and column.

use serde::{Deserialize, Serialize};
use toml::Spanned;

/// A whole round file.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RoundFile {
    pub process: Spanned<ProcessEntry>,
    #[serde(default, rename = "party", skip_serializing_if = "Vec::is_empty")]
    pub parties: Vec<Spanned<PartyEntry>>,
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
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SourceEntry {
    pub slug: Spanned<String>,
    pub outlet: Spanned<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<Spanned<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<Spanned<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published: Option<Spanned<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reliability: Option<Spanned<String>>,
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
    #[serde(default, rename = "participant", skip_serializing_if = "Vec::is_empty")]
    pub participants: Vec<Spanned<ParticipantEntry>>,
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
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct QuoteEntry {
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
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct NoteEntry {
    pub kind: Spanned<String>,
    pub body: Spanned<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sources: Option<Vec<Spanned<CitationEntry>>>,
}
