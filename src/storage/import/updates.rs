//! Updating what the database holds: a round's details merged field by field with
//! the import's, and a correction completed from the record it replaces. Both read
//! what they update inside the write transaction, so nothing another writer changed
//! meanwhile is written back.

use std::collections::BTreeSet;
use std::fmt;

use serde::Serialize;
use sqlx::SqliteConnection;

use crate::domain::model::{Citation, Round, Update, check_round_dates};
use crate::domain::{Credibility, PartialDate, RoundState};
use crate::error::{Error, Result};

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

/// A part of a correction: the claim's when it gives one, else what the record it
/// replaces holds (noted in `kept`).
fn completed<T: Clone>(
    given: &Update<T>,
    held: &Option<T>,
    part: &'static str,
    kept: &mut Vec<&'static str>,
) -> Option<T> {
    if given.is_keep() && held.is_some() {
        kept.push(part);
    }
    given.clone().applied_to(held.clone())
}

/// A claim as the database holds it, for comparison with the file.
#[derive(Debug, PartialEq)]
pub(super) struct HeldClaim {
    pub id: i64,
    pub value: String,
    pub note: Option<String>,
    pub confidence: Option<Credibility>,
    /// In the order they were written.
    pub citations: Vec<Citation>,
}

fn citation_set(citations: &[Citation]) -> BTreeSet<(&str, Option<Credibility>)> {
    citations
        .iter()
        .map(|c| (c.source.as_str(), c.credibility))
        .collect()
}

pub(super) fn held_grade(grade: Option<i64>) -> Result<Option<Credibility>> {
    grade
        .map(|g| Credibility::new(g).map_err(Error::Unreadable))
        .transpose()
}

pub(super) fn held_citation(source: String, credibility: Option<i64>) -> Result<Citation> {
    Ok(Citation {
        source,
        credibility: held_grade(credibility)?,
    })
}

/// A claim as it will be written at a round the database holds: the parts it gives,
/// and for those it leaves out, the record in force's (a new record has none).
pub(super) struct Completed {
    pub note: Option<String>,
    pub confidence: Option<Credibility>,
    pub citations: Vec<Citation>,
    /// The parts carried over from the record in force.
    pub kept: Vec<&'static str>,
}

impl Completed {
    pub(super) fn from(
        held: Option<&HeldClaim>,
        note: &Update<String>,
        confidence: &Update<Credibility>,
        sources: &Update<Vec<Citation>>,
    ) -> Self {
        let mut kept = Vec::new();
        let (held_note, held_confidence, held_citations) = match held {
            Some(h) => (
                h.note.clone(),
                h.confidence,
                Some(h.citations.clone()).filter(|c| !c.is_empty()),
            ),
            None => (None, None, None),
        };
        Completed {
            note: completed(note, &held_note, "note", &mut kept),
            confidence: completed(confidence, &held_confidence, "confidence", &mut kept),
            citations: completed(sources, &held_citations, "sources", &mut kept)
                .unwrap_or_default(),
            kept,
        }
    }
}

impl HeldClaim {
    /// Whether a claim of `value`, completed from this record, says nothing new.
    pub(super) fn says(&self, value: &str, claim: &Completed) -> bool {
        self.value == value
            && self.note == claim.note
            && self.confidence == claim.confidence
            && citation_set(&self.citations) == citation_set(&claim.citations)
    }
}

/// A round's details as its columns hold them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct RoundColumns {
    pub title: String,
    pub start_date: Option<String>,
    pub end_date: Option<String>,
    pub location: Option<String>,
    pub format: Option<String>,
    pub level: Option<String>,
    pub state: String,
    pub tone: Option<String>,
    pub summary: Option<String>,
}

impl RoundColumns {
    /// The round's details as the database holds them now.
    pub(super) async fn read(conn: &mut SqliteConnection, round_id: i64) -> Result<Self> {
        let r = sqlx::query!(
            "SELECT title, start_date, end_date, location, format, level, state, tone, summary
             FROM round WHERE round_id = ?1",
            round_id
        )
        .fetch_one(&mut *conn)
        .await?;
        Ok(RoundColumns {
            title: r.title,
            start_date: r.start_date,
            end_date: r.end_date,
            location: r.location,
            format: r.format,
            level: r.level,
            state: r.state,
            tone: r.tone,
            summary: r.summary,
        })
    }

    /// The details once `r` has updated them, and the fields that change; an error
    /// when the result breaks the rules of a round's dates.
    pub(super) fn updated_by(&self, r: &Round) -> Result<(RoundColumns, Vec<FieldEdit>)> {
        fn merged<T>(
            update: &Update<T>,
            held: &Option<String>,
            text: impl Fn(&T) -> String,
        ) -> Option<String> {
            match update {
                Update::Keep => held.clone(),
                Update::Set(value) => Some(text(value)),
                Update::Clear => None,
            }
        }
        let new = RoundColumns {
            title: r.title.clone().unwrap_or_else(|| self.title.clone()),
            start_date: merged(&r.start_date, &self.start_date, PartialDate::to_string),
            end_date: merged(&r.end_date, &self.end_date, PartialDate::to_string),
            location: merged(&r.location, &self.location, String::clone),
            format: merged(&r.format, &self.format, |f| f.as_str().to_owned()),
            level: merged(&r.level, &self.level, |l| l.as_str().to_owned()),
            state: r
                .state
                .map_or_else(|| self.state.clone(), |s| s.as_str().to_owned()),
            tone: merged(&r.tone, &self.tone, String::clone),
            summary: merged(&r.summary, &self.summary, String::clone),
        };
        new.check_dates(&r.slug)?;
        let pairs = [
            ("title", Some(&self.title), Some(&new.title)),
            ("date", self.start_date.as_ref(), new.start_date.as_ref()),
            ("end_date", self.end_date.as_ref(), new.end_date.as_ref()),
            ("location", self.location.as_ref(), new.location.as_ref()),
            ("format", self.format.as_ref(), new.format.as_ref()),
            ("level", self.level.as_ref(), new.level.as_ref()),
            ("state", Some(&self.state), Some(&new.state)),
            ("tone", self.tone.as_ref(), new.tone.as_ref()),
            ("summary", self.summary.as_ref(), new.summary.as_ref()),
        ];
        let edits = pairs
            .into_iter()
            .filter(|(_, old, new)| old != new)
            .map(|(field, old, new)| FieldEdit {
                field,
                old: old.cloned(),
                new: new.cloned(),
            })
            .collect();
        Ok((new, edits))
    }

    /// A round's dates obey the same rules however they were given: checked again
    /// here on the details as they will be, since a file may give some and the round
    /// hold the rest.
    fn check_dates(&self, slug: &str) -> Result<()> {
        let unreadable = |what: &str, value: &str| {
            Error::Unreadable(format!("a round '{slug}' with the {what} '{value}'"))
        };
        let date = |value: &Option<String>| {
            value
                .as_deref()
                .map(|d| d.parse::<PartialDate>().map_err(|_| unreadable("date", d)))
                .transpose()
        };
        let state: RoundState = self
            .state
            .parse()
            .map_err(|_| unreadable("state", &self.state))?;
        check_round_dates(date(&self.start_date)?, date(&self.end_date)?, state).map_err(|p| {
            Error::Conflict(format!(
                "round '{slug}': {}: {} (with the details the round holds)",
                p.field, p.message
            ))
        })
    }
}
