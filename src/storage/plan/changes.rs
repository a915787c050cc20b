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
    /// Each correction, with the record it replaced.
    pub corrections: Vec<Correction>,
    /// Each fate appended to a commitment's history, with the one before it.
    pub fates: Vec<FateChange>,
}

impl Changes {
    /// (singular, plural, count) for each kind of record.
    fn entries(&self) -> [(&'static str, &'static str, u64); 17] {
        [
            ("process", "processes", self.processes),
            ("party", "parties", self.parties),
            ("person", "persons", self.persons),
            ("outlet", "outlets", self.outlets),
            ("source", "sources", self.sources),
            ("agenda item", "agenda items", self.items),
            ("round", "rounds", self.rounds),
            ("participant", "participants", self.participants),
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
        for (i, edit) in self.fields.iter().enumerate() {
            if i > 0 {
                f.write_str("; ")?;
            }
            let old = shown(edit.field, edit.old.as_deref(), "(none)");
            let new = shown(edit.field, edit.new.as_deref(), "(cleared)");
            write!(f, "{} {old} → {new}", edit.field)?;
        }
        Ok(())
    }
}

/// Longest value shown whole in an edit; longer text is cut short.
const SHOWN_CHARS: usize = 60;

/// Free text quoted (escaped, and cut short when long); dates and vocabulary values
/// as they are.
fn shown(field: &str, value: Option<&str>, absent: &str) -> String {
    match value {
        None => absent.to_owned(),
        Some(text) if matches!(field, "title" | "location" | "tone" | "summary") => {
            if text.chars().count() <= SHOWN_CHARS {
                format!("{text:?}")
            } else {
                let start: String = text.chars().take(SHOWN_CHARS - 1).collect();
                format!("{start:?}…")
            }
        }
        Some(value) => value.to_owned(),
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
