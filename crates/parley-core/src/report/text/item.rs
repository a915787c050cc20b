//! Sentences about one item, for every format that prints for people: where it
//! stands and since when, and the lines listed under it or in the summary (its
//! sources, quotes, setbacks, moves and open commitments).

use super::{commitment_kind, date, grade};
use crate::report::model::{
    CommitmentSummary, ItemReport, MoveSummary, QuoteSummary, SetbackSummary, SourceRef,
};

/// The sources behind a claim, named: `Fixture Wire (5 Dec 2025, graded C); …`.
/// Sources that share a date and a grade are listed together, so six references of
/// one day read as one line.
pub fn sources(sources: &[SourceRef], round_sources: bool) -> String {
    let mut groups: Vec<(Vec<&str>, String)> = Vec::new();
    for s in sources {
        let mut facts: Vec<String> = s.published.as_deref().map(date).into_iter().collect();
        facts.push(grade(s.reliability.as_deref(), s.credibility));
        let facts = facts.join(", ");
        match groups.last_mut() {
            Some((names, f)) if *f == facts => names.push(&s.outlet),
            _ => groups.push((vec![&s.outlet], facts)),
        }
    }
    let mut text = groups
        .iter()
        .map(|(names, facts)| format!("{} ({facts})", names.join(", ")))
        .collect::<Vec<_>>()
        .join("; ");
    if round_sources && !text.is_empty() {
        // Say so: these were cited for the round as a whole, not found for this claim.
        text.push_str(if sources.len() == 1 {
            "; the round's source"
        } else {
            "; the round's sources"
        });
    }
    text
}

/// When the item was last addressed, if not at the latest round:
/// `not addressed in the last 6 rounds; last at Geneva, 23 Nov 2025`.
pub fn staleness(item: &ItemReport) -> Option<String> {
    let since = item.rounds_since.filter(|n| *n > 0)?;
    let last = item.round_label.as_deref().unwrap_or("an earlier round");
    Some(if since == 1 {
        format!("not addressed in the last round; last at {last}")
    } else {
        format!("not addressed in the last {since} rounds; last at {last}")
    })
}

/// The round that set the status, and how long ago when it was not the latest.
pub fn last_addressed(item: &ItemReport) -> String {
    match (&item.round_label, staleness(item)) {
        (Some(_), Some(stale)) => stale,
        (Some(label), None) => label.clone(),
        (None, _) => String::new(),
    }
}

/// Where the item stands, in a sentence: `Agreed at Geneva, 5 Dec 2025 (advanced from
/// Preliminary agreement)`, then its staleness.
pub fn standing(item: &ItemReport) -> String {
    let Some(status) = item.status else {
        return "No status recorded yet".to_owned();
    };
    let mut text = format!(
        "{} at {}",
        status.label(),
        item.round_label.as_deref().unwrap_or("an unknown round")
    );
    match (item.movement, item.previous_status) {
        (Some(m @ crate::domain::Movement::Advanced), Some(p))
        | (Some(m @ crate::domain::Movement::Regressed), Some(p)) => {
            text.push_str(&format!(" ({} from {})", m, p.label()));
        }
        (Some(crate::domain::Movement::Unchanged), _) => text.push_str(" (unchanged)"),
        (Some(crate::domain::Movement::New), _) => text.push_str(" (new)"),
        _ => {}
    }
    if let Some(stale) = staleness(item) {
        text.push_str("; ");
        text.push_str(&stale);
    }
    text
}

/// A quote with its speaker: `“…” — a senior U.S. official (United States)`.
pub fn quote(q: &QuoteSummary) -> String {
    let mut text = format!("“{}” — {}", q.text, q.speaker());
    if let Some(party) = &q.party_name
        && !q.speaker().contains(party.as_str())
    {
        text.push_str(&format!(" ({party})"));
    }
    text
}

/// A setback in a line: `Territorial questions: Contested at 2 rounds running,
/// since Geneva, 23 Nov 2025`.
pub fn setback(s: &SetbackSummary) -> String {
    let mut text = if s.rounds == 1 {
        format!(
            "{}: {} since {}",
            s.title, s.status_label, s.since_round_label
        )
    } else {
        format!(
            "{}: {} at {} rounds running, since {}",
            s.title, s.status_label, s.rounds, s.since_round_label
        )
    };
    match s.rounds_since {
        0 => {}
        1 => text.push_str(&format!(
            "; not addressed in the last round (last at {})",
            s.last_round_label
        )),
        n => text.push_str(&format!(
            "; not addressed in the last {n} rounds (last at {})",
            s.last_round_label
        )),
    }
    text
}

/// A move at the latest round: `Prisoner exchanges: advanced, Proposed → Progressing`.
pub fn moved(m: &MoveSummary) -> String {
    match m.previous_status_label {
        Some(prev) => format!("{}: {}, {prev} → {}", m.title, m.movement, m.status_label),
        None => format!("{}: {}, {}", m.title, m.movement, m.status_label),
    }
}

/// An open commitment in a line.
pub fn commitment(c: &CommitmentSummary) -> String {
    let mut line = format!(
        "{} ({}, {})",
        c.description,
        commitment_kind(&c.kind),
        c.round_label
    );
    if !c.party_names.is_empty() {
        line.push_str(&format!(" Binds: {}.", c.party_names.join(", ")));
    }
    if let Some(due) = &c.due_date {
        line.push_str(&format!(" Due: {}.", date(due)));
    }
    line
}
