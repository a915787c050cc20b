//! The round file as it is written: TOML, documented field by field in
//! `docs/round-file.md`. Fields that validation checks keep their place in the file
//! (`Spanned`), so that a problem is reported at its line and column.

use serde::{Deserialize, Serialize};
use toml::Spanned;

use crate::domain::history::{
    ItemVersion, ParticipantVersion, PartyVersion, RemovedAlias, SourceVersion,
};

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

/// The fields only a history export holds (`parley export --history`).
const HISTORY_ONLY: &[&str] = &[
    "history",
    "recorded_at",
    "aliases_recorded_at",
    "version",
    "superseded",
    "fates",
    "retracted",
    "removed_alias",
    "participant_version",
];

/// The keys a graded citation (`{ source = "…", credibility = 2 }`) takes. Written out
/// because an untagged enum's variant cannot be asked for its fields, and serde would
/// ignore any other key of it.
pub const GRADED_CITATION_FIELDS: &[&str] = &["source", "credibility"];

/// A key that no table of the format takes where it stands, at its place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownField {
    /// The key's span in the file.
    pub span: std::ops::Range<usize>,
    /// Its field path, e.g. `round[2].quote[1].speaker` (indices 1-based).
    pub path: String,
    pub message: String,
}

/// Deserialises a round file (or a piece of one: any table whose keys are a round
/// file's) from TOML. Every key no table of the format takes is removed first and
/// returned, each with its place, its field path and the fields expected there, so
/// that one misnamed field neither hides the file's other problems nor stops the
/// rest of the file from being checked.
pub fn from_toml<T: serde::de::DeserializeOwned>(
    text: &str,
) -> (Result<T, toml::de::Error>, Vec<UnknownField>) {
    let mut root = match toml::de::DeTable::parse(text) {
        Ok(root) => root,
        Err(e) => return (Err(e), Vec::new()),
    };
    let mut unknown = Vec::new();
    file_fields(root.get_mut(), &mut unknown);
    unknown.sort_by_key(|u| u.span.start);
    (T::deserialize(toml::de::Deserializer::from(root)), unknown)
}

type Table<'i> = toml::de::DeTable<'i>;

/// The fields each table of the format takes, read from the structs once.
struct Shapes {
    file: &'static [&'static str],
    process: &'static [&'static str],
    party: &'static [&'static str],
    person: &'static [&'static str],
    outlet: &'static [&'static str],
    source: &'static [&'static str],
    item: &'static [&'static str],
    round: &'static [&'static str],
    participant: &'static [&'static str],
    /// Each claim's table key and fields.
    claims: [(&'static str, &'static [&'static str]); 5],
    history: &'static [&'static str],
    /// `[[history.write]]`'s fields.
    write: &'static [&'static str],
    /// A `retracted` table's fields (a round's or a claim's).
    retracted: &'static [&'static str],
    /// The tables a history export nests in a round and in its claims: (the table's
    /// key, the key nested in it, its fields).
    versions: [(&'static str, &'static str, &'static [&'static str]); 9],
}

fn shapes() -> &'static Shapes {
    static SHAPES: std::sync::OnceLock<Shapes> = std::sync::OnceLock::new();
    SHAPES.get_or_init(|| Shapes {
        file: fields_of::<RoundFile>(),
        process: fields_of::<ProcessEntry>(),
        party: fields_of::<PartyEntry>(),
        person: fields_of::<PersonEntry>(),
        outlet: fields_of::<OutletEntry>(),
        source: fields_of::<SourceEntry>(),
        item: fields_of::<ItemEntry>(),
        round: fields_of::<RoundEntry>(),
        participant: fields_of::<ParticipantEntry>(),
        claims: [
            ("status", fields_of::<StatusEntry>()),
            ("position", fields_of::<PositionEntry>()),
            ("commitment", fields_of::<CommitmentEntry>()),
            ("quote", fields_of::<QuoteEntry>()),
            ("note", fields_of::<NoteEntry>()),
        ],
        history: fields_of::<HistoryEntry>(),
        write: fields_of::<WriteEntry>(),
        retracted: fields_of::<RetractedEntry>(),
        versions: [
            ("round", "version", fields_of::<RoundVersionEntry>()),
            ("status", "superseded", fields_of::<StatusVersionEntry>()),
            (
                "position",
                "superseded",
                fields_of::<PositionVersionEntry>(),
            ),
            ("commitment", "fates", fields_of::<FateEntry>()),
            ("source", "version", fields_of::<SourceVersion>()),
            ("party", "version", fields_of::<PartyVersion>()),
            ("party", "removed_alias", fields_of::<RemovedAlias>()),
            ("item", "version", fields_of::<ItemVersion>()),
            (
                "round",
                "participant_version",
                fields_of::<ParticipantVersion>(),
            ),
        ],
    })
}

/// Where a table is in the file (`round[1].status[2]`), written out only when one of
/// its keys is unknown: a file of a million claims builds no million paths.
#[derive(Clone, Copy)]
struct Place<'a> {
    parent: Option<&'a Place<'a>>,
    key: &'a str,
    /// 0-based; shown 1-based.
    index: Option<usize>,
}

impl Place<'_> {
    const ROOT: Place<'static> = Place {
        parent: None,
        key: "",
        index: None,
    };

    fn is_root(&self) -> bool {
        self.parent.is_none() && self.key.is_empty()
    }

    /// The path of `key` in this table.
    fn field(&self, key: &str) -> String {
        match self.is_root() {
            true => key.to_owned(),
            false => format!("{self}.{key}"),
        }
    }
}

impl std::fmt::Display for Place<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if let Some(parent) = self.parent {
            write!(f, "{parent}")?;
            if !parent.is_root() {
                f.write_str(".")?;
            }
        }
        f.write_str(self.key)?;
        if let Some(i) = self.index {
            write!(f, "[{}]", i + 1)?;
        }
        Ok(())
    }
}

fn file_fields(root: &mut Table<'_>, unknown: &mut Vec<UnknownField>) {
    let shapes = shapes();
    let at = Place::ROOT;
    keep_known(root, shapes.file, &at, unknown);
    for (key, fields) in [("process", shapes.process), ("history", shapes.history)] {
        if let Some(toml::de::DeValue::Table(table)) = root.get_mut(key).map(|v| v.get_mut()) {
            let place = Place {
                parent: Some(&at),
                key,
                index: None,
            };
            keep_known(table, fields, &place, unknown);
            if key == "history" {
                entries(table, &place, "write", unknown, |t, place, u| {
                    keep_known(t, shapes.write, place, u)
                });
            }
        }
    }
    for (key, fields) in [
        ("party", shapes.party),
        ("person", shapes.person),
        ("outlet", shapes.outlet),
        ("source", shapes.source),
        ("item", shapes.item),
    ] {
        entries(root, &at, key, unknown, |t, place, u| {
            keep_known(t, fields, place, u);
            nested_fields(t, key, place, u);
        });
    }
    entries(root, &at, "round", unknown, round_fields);
}

fn round_fields(round: &mut Table<'_>, at: &Place<'_>, unknown: &mut Vec<UnknownField>) {
    let shapes = shapes();
    keep_known(round, shapes.round, at, unknown);
    retracted_fields(round, at, unknown);
    citation_fields(round, at, unknown);
    nested_fields(round, "round", at, unknown);
    entries(round, at, "participant", unknown, |t, place, u| {
        keep_known(t, shapes.participant, place, u)
    });
    for (key, fields) in shapes.claims {
        entries(round, at, key, unknown, |t, place, u| {
            keep_known(t, fields, place, u);
            retracted_fields(t, place, u);
            citation_fields(t, place, u);
            nested_fields(t, key, place, u);
        });
    }
}

/// The keys of the tables a history export nests in a table of kind `kind` (a
/// round's versions, a claim's superseded records, a commitment's fates).
fn nested_fields(
    table: &mut Table<'_>,
    kind: &str,
    at: &Place<'_>,
    unknown: &mut Vec<UnknownField>,
) {
    for (of, key, fields) in shapes().versions {
        if of == kind {
            entries(table, at, key, unknown, |t, place, u| {
                keep_known(t, fields, place, u);
                citation_fields(t, place, u);
            });
        }
    }
}

/// The keys of a history export's `retracted` table in a round or a claim.
fn retracted_fields(table: &mut Table<'_>, at: &Place<'_>, unknown: &mut Vec<UnknownField>) {
    if let Some(toml::de::DeValue::Table(retracted)) =
        table.get_mut("retracted").map(|v| v.get_mut())
    {
        let place = Place {
            parent: Some(at),
            key: "retracted",
            index: None,
        };
        keep_known(retracted, shapes().retracted, &place, unknown);
    }
}

/// The keys of the graded citations in a table's `sources`.
fn citation_fields(table: &mut Table<'_>, at: &Place<'_>, unknown: &mut Vec<UnknownField>) {
    entries(table, at, "sources", unknown, |t, place, u| {
        keep_known(t, GRADED_CITATION_FIELDS, place, u)
    });
}

/// Calls `check` on each table in the array at `key` (`[[round.status]]`, or an array
/// of inline tables), with its place (`round[1].status[2]`). A value of another shape
/// is left for deserialisation to report.
fn entries<'i>(
    table: &mut Table<'i>,
    at: &Place<'_>,
    key: &str,
    unknown: &mut Vec<UnknownField>,
    mut check: impl FnMut(&mut Table<'i>, &Place<'_>, &mut Vec<UnknownField>),
) {
    let Some(toml::de::DeValue::Array(array)) = table.get_mut(key).map(|v| v.get_mut()) else {
        return;
    };
    for (i, entry) in array.iter_mut().enumerate() {
        if let toml::de::DeValue::Table(entry) = entry.get_mut() {
            let place = Place {
                parent: Some(at),
                key,
                index: Some(i),
            };
            check(entry, &place, unknown);
        }
    }
}

/// Removes the keys of `table` that are not among `fields`, reporting each.
fn keep_known(
    table: &mut Table<'_>,
    fields: &[&str],
    at: &Place<'_>,
    unknown: &mut Vec<UnknownField>,
) {
    if table
        .iter()
        .all(|(key, _)| fields.contains(&key.get_ref().as_ref()))
    {
        return;
    }
    let strangers: Vec<(String, std::ops::Range<usize>)> = table
        .iter()
        .map(|(key, _)| (key.get_ref().as_ref(), key.span()))
        .filter(|(name, _)| !fields.contains(name))
        .map(|(name, span)| (name.to_owned(), span))
        .collect();
    // What only a history export holds is accepted everywhere (validation refuses it
    // outside one, at its place) but not offered to someone writing a round file.
    let listed: Vec<&str> = fields
        .iter()
        .copied()
        .filter(|f| !HISTORY_ONLY.contains(f))
        .collect();
    for (name, span) in strangers {
        table.remove(name.as_str());
        unknown.push(UnknownField {
            span,
            path: at.field(&name),
            message: format!(
                "unknown field '{name}'; expected one of: {}{}",
                listed.join(", "),
                crate::domain::names::Suggestions::nearest(&name, listed.iter().copied())
            ),
        });
    }
}

/// The field names a struct of the format takes, as serde reads them (renamed ones by
/// their name in the file), asked of the struct's own `Deserialize`: the list cannot
/// drift from the struct.
fn fields_of<T: serde::de::DeserializeOwned>() -> &'static [&'static str] {
    let mut fields: &'static [&'static str] = &[];
    let _ = T::deserialize(FieldNames(&mut fields));
    fields
}

/// A deserialiser that only records the fields a struct asks for, then stops.
struct FieldNames<'a>(&'a mut &'static [&'static str]);

impl<'de> serde::Deserializer<'de> for FieldNames<'_> {
    type Error = serde::de::value::Error;

    fn deserialize_any<V: serde::de::Visitor<'de>>(self, _: V) -> Result<V::Value, Self::Error> {
        Err(serde::de::Error::custom(
            "only a struct's field names are read",
        ))
    }

    fn deserialize_struct<V: serde::de::Visitor<'de>>(
        self,
        _name: &'static str,
        fields: &'static [&'static str],
        _: V,
    ) -> Result<V::Value, Self::Error> {
        *self.0 = fields;
        Err(serde::de::Error::custom("field names read"))
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes
        byte_buf option unit unit_struct newtype_struct seq tuple tuple_struct map enum
        identifier ignored_any
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_names_come_from_the_structs_as_the_file_names_them() {
        assert_eq!(
            fields_of::<ProcessEntry>(),
            ["slug", "name", "description", "recorded_at"]
        );
        let round = fields_of::<RoundEntry>();
        for name in ["slug", "clear", "participant", "status", "quote", "note"] {
            assert!(round.contains(&name), "{round:?}");
        }
        assert!(!round.contains(&"participants"), "{round:?}");
    }

    #[test]
    fn every_graded_citation_field_is_one_serde_reads() {
        let entry: CitationEntry = toml::from_str::<
            std::collections::BTreeMap<String, CitationEntry>,
        >("c = { source = \"ap\", credibility = 2 }")
        .unwrap()
        .remove("c")
        .unwrap();
        assert!(matches!(
            entry,
            CitationEntry::Graded { ref source, credibility: Some(2) } if source == "ap"
        ));
        assert_eq!(GRADED_CITATION_FIELDS, ["source", "credibility"]);
    }

    #[test]
    fn unknown_keys_anywhere_are_all_found_with_their_paths_and_removed() {
        let text = "[process]\nslug = \"p\"\ncolour = \"red\"\n\n\
                    [[round]]\nslug = \"r\"\nsources = [{ source = \"ap\", credibilty = 2 }]\n\n\
                    [[round]]\nslug = \"s\"\n\n\
                    [[round.quote]]\nspeakr = \"x\"\ntext = \"t\"\n\n\
                    [[round.quotes]]\ntext = \"u\"\n";
        let (file, unknown) = from_toml::<RoundFile>(text);
        let paths: Vec<&str> = unknown.iter().map(|u| u.path.as_str()).collect();
        assert_eq!(
            paths,
            [
                "process.colour",
                "round[1].sources[1].credibilty",
                "round[2].quote[1].speakr",
                "round[2].quotes"
            ]
        );
        assert!(unknown[2].message.starts_with(
            "unknown field 'speakr'; expected one of: speaker, speaker_name, speaker_description, party, item, text, sources; did you mean 'speaker'?"
        ), "{}", unknown[2].message);
        assert!(
            unknown[3].message.ends_with("did you mean 'quote'?"),
            "{}",
            unknown[3].message
        );
        assert_eq!(&text[unknown[0].span.clone()], "colour");
        // What is left deserialises: the rest of the file can be checked.
        let file = file.unwrap();
        assert_eq!(file.rounds[1].get_ref().quotes.len(), 1);
    }
}
