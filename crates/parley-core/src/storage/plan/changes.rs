//! What an import changes, as its plan counts it: table by table, with every round
//! edit and correction named. A dry run reports the same, having written nothing.

use std::fmt;

use serde::Serialize;

/// What an import wrote (or, in a dry run, would have written), table by table.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Changes {
    pub processes: u64,
    pub parties: u64,
    pub persons: u64,
    pub outlets: u64,
    pub sources: u64,
    pub items: u64,
    pub rounds: u64,
    pub participants: u64,
    /// Participants withdrawn from a round (`round edit --remove-party`).
    pub withdrawals: u64,
    pub statuses: u64,
    pub status_corrections: u64,
    pub positions: u64,
    pub position_corrections: u64,
    pub commitments: u64,
    pub commitment_fates: u64,
    pub quotes: u64,
    pub notes: u64,
    pub citations: u64,
    /// Each round the database held whose details changed, field by field.
    pub round_edits: Vec<RoundEdit>,
    /// Each participant whose role or note changed, or who was withdrawn.
    pub participant_edits: Vec<ParticipantEdit>,
    /// Each correction, with the record it replaced.
    pub corrections: Vec<Correction>,
    /// Each fate appended to a commitment's history, with the one before it.
    pub fates: Vec<FateChange>,
}

impl Changes {
    /// (singular, plural, count) for each kind of record.
    fn entries(&self) -> [(&'static str, &'static str, u64); 18] {
        [
            ("process", "processes", self.processes),
            ("party", "parties", self.parties),
            ("person", "persons", self.persons),
            ("outlet", "outlets", self.outlets),
            ("source", "sources", self.sources),
            ("agenda item", "agenda items", self.items),
            ("round", "rounds", self.rounds),
            ("participant", "participants", self.participants),
            (
                "participant withdrawn",
                "participants withdrawn",
                self.withdrawals,
            ),
            ("status", "statuses", self.statuses),
            (
                "status correction",
                "status corrections",
                self.status_corrections,
            ),
            ("position", "positions", self.positions),
            (
                "position correction",
                "position corrections",
                self.position_corrections,
            ),
            ("commitment", "commitments", self.commitments),
            ("commitment fate", "commitment fates", self.commitment_fates),
            ("quote", "quotes", self.quotes),
            ("note", "notes", self.notes),
            ("citation", "citations", self.citations),
        ]
    }

    pub fn is_empty(&self) -> bool {
        self.entries().iter().all(|(_, _, n)| *n == 0)
    }
}

impl fmt::Display for Changes {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_empty() {
            return f.write_str("nothing changed");
        }
        let parts: Vec<String> = self
            .entries()
            .iter()
            .filter(|(_, _, n)| *n > 0)
            .map(|(one, many, n)| format!("{n} {}", if *n == 1 { one } else { many }))
            .collect();
        f.write_str(&parts.join(", "))
    }
}

/// A round the database held that an import changed, field by field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RoundEdit {
    pub round: String,
    pub fields: Vec<FieldEdit>,
}

/// One field of a round, before and after (`None`: empty).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldEdit {
    /// The field as the round file names it.
    pub field: &'static str,
    pub old: Option<String>,
    pub new: Option<String>,
}

/// `round geneva-2025-11-23: title "A" → "B"; location "Geneva" → (cleared)`
impl fmt::Display for RoundEdit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "round {}: ", self.round)?;
        write_fields(f, &self.fields)
    }
}

/// A record an edit command changed (a source, a party, an agenda item), field by
/// field, as [`RoundEdit`] is a round's.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RecordEdit {
    /// What it is, as messages name it: `source`, `party`, `agenda item`.
    pub kind: &'static str,
    pub slug: String,
    /// Each field that changed; empty when the record held every value already.
    pub fields: Vec<FieldEdit>,
}

/// `source ap-news-2025-12-09: reliability (none) → B; title "A" → "B"`
impl fmt::Display for RecordEdit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}: ", self.kind, self.slug)?;
        match self.fields.is_empty() {
            true => f.write_str("nothing to change"),
            false => write_fields(f, &self.fields),
        }
    }
}

/// A participant of a round an import (or `round edit`) changed or withdrew.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ParticipantEdit {
    pub round: String,
    pub party: String,
    /// Its role and note, old → new; the role alone (→ nothing) when withdrawn.
    pub fields: Vec<FieldEdit>,
    pub withdrawn: bool,
}

/// `round geneva-2025-11-23, participant us: role delegation → host` or
/// `round geneva-2025-11-23, participant us: withdrawn (was delegation)`
impl fmt::Display for ParticipantEdit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "round {}, participant {}: ", self.round, self.party)?;
        if self.withdrawn {
            let was = self.fields.iter().find(|e| e.field == "role");
            let was = was.and_then(|e| e.old.as_deref()).unwrap_or("?");
            return write!(f, "withdrawn (was {was})");
        }
        write_fields(f, &self.fields)
    }
}

/// `title "A" → "B"; location "Geneva" → (cleared)`
fn write_fields(f: &mut fmt::Formatter<'_>, fields: &[FieldEdit]) -> fmt::Result {
    for (i, edit) in fields.iter().enumerate() {
        if i > 0 {
            f.write_str("; ")?;
        }
        let (none, cleared) = match edit.field {
            "alias" => ("(added)", "(removed)"),
            _ => ("(none)", "(cleared)"),
        };
        let old = shown(edit.field, edit.old.as_deref(), none);
        let new = shown(edit.field, edit.new.as_deref(), cleared);
        match (edit.field, &edit.old) {
            // `alias (added) → "Ankara"` reads backwards: `alias "Ankara" (added)`.
            ("alias", None) => write!(f, "alias {new} {none}")?,
            _ => write!(f, "{} {old} → {new}", edit.field)?,
        }
    }
    Ok(())
}

/// Longest value shown whole in an edit; longer text is cut short.
const SHOWN_CHARS: usize = 60;

/// Free text quoted (escaped, and cut short when long); dates, vocabulary values and
/// slugs as they are.
fn shown(field: &str, value: Option<&str>, absent: &str) -> String {
    let plain = matches!(
        field,
        "date"
            | "end_date"
            | "format"
            | "level"
            | "state"
            | "reliability"
            | "kind"
            | "parent"
            | "role"
    );
    match value {
        None => absent.to_owned(),
        Some(value) if plain => value.to_owned(),
        Some(text) => {
            if text.chars().count() <= SHOWN_CHARS {
                format!("{text:?}")
            } else {
                let start: String = text.chars().take(SHOWN_CHARS - 1).collect();
                format!("{start:?}…")
            }
        }
    }
}

/// A correction written, with the record it replaced.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Correction {
    pub round: String,
    pub item: String,
    /// The party, when the record is a stance.
    pub party: Option<String>,
    /// The status (or stance) it replaced.
    pub was: String,
    /// The status (or stance) it records.
    pub now: String,
    /// What it carries over from the record it replaced because the claim left it out:
    /// `note`, `confidence`, `sources` (only what that record held).
    pub kept: Vec<&'static str>,
}

/// A fate appended to a commitment's history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FateChange {
    /// The round that produced the commitment.
    pub round: String,
    pub commitment: String,
    /// Its latest fate before (`None`: it had none, so was open).
    pub was: Option<String>,
    pub now: String,
}
