//! The fields only a history export holds, found in a plain round file (one with no
//! `[history]`), where each is refused at its place.

use toml::Spanned;

use crate::roundfile::format::*;
use crate::roundfile::{Problem, SourceText};

/// The problems of a plain round file (no `[history]`) that gives what only a history
/// export holds: it would import without them, silently.
pub(in crate::roundfile) fn history_fields_outside_history(
    source: &SourceText,
    file: &RoundFile,
) -> Vec<Problem> {
    if file.history.is_some() {
        return Vec::new();
    }
    // (where, field path) of each field only a history export holds.
    let mut found: Vec<(std::ops::Range<usize>, String)> = Vec::new();
    fn recorded(
        found: &mut Vec<(std::ops::Range<usize>, String)>,
        at: &Option<Spanned<String>>,
        path: String,
    ) {
        if let Some(at) = at {
            found.push((at.span(), format!("{path}.recorded_at")));
        }
    }
    fn nested<T>(
        found: &mut Vec<(std::ops::Range<usize>, String)>,
        list: &[Spanned<T>],
        path: String,
    ) {
        if let Some(first) = list.first() {
            found.push((first.span(), path));
        }
    }
    fn retracted(
        found: &mut Vec<(std::ops::Range<usize>, String)>,
        block: &Option<Spanned<RetractedEntry>>,
        path: &str,
    ) {
        if let Some(block) = block {
            found.push((block.span(), format!("{path}.retracted")));
        }
    }
    let f = &mut found;
    recorded(f, &file.process.get_ref().recorded_at, "process".into());
    for (i, p) in file.parties.iter().enumerate() {
        recorded(f, &p.get_ref().recorded_at, format!("party[{}]", i + 1));
        nested(
            f,
            &p.get_ref().versions,
            format!("party[{}].version", i + 1),
        );
        nested(
            f,
            &p.get_ref().removed_aliases,
            format!("party[{}].removed_alias", i + 1),
        );
        nested(
            f,
            &p.get_ref().aliases_recorded_at,
            format!("party[{}].aliases_recorded_at", i + 1),
        );
    }
    for (i, p) in file.persons.iter().enumerate() {
        recorded(f, &p.get_ref().recorded_at, format!("person[{}]", i + 1));
        nested(
            f,
            &p.get_ref().aliases_recorded_at,
            format!("person[{}].aliases_recorded_at", i + 1),
        );
    }
    for (i, o) in file.outlets.iter().enumerate() {
        recorded(f, &o.get_ref().recorded_at, format!("outlet[{}]", i + 1));
        nested(
            f,
            &o.get_ref().aliases_recorded_at,
            format!("outlet[{}].aliases_recorded_at", i + 1),
        );
    }
    for (i, e) in file.sources.iter().enumerate() {
        recorded(f, &e.get_ref().recorded_at, format!("source[{}]", i + 1));
        nested(
            f,
            &e.get_ref().versions,
            format!("source[{}].version", i + 1),
        );
    }
    for (i, e) in file.items.iter().enumerate() {
        recorded(f, &e.get_ref().recorded_at, format!("item[{}]", i + 1));
        nested(f, &e.get_ref().versions, format!("item[{}].version", i + 1));
    }
    for (i, r) in file.rounds.iter().enumerate() {
        let (r, at) = (r.get_ref(), format!("round[{}]", i + 1));
        recorded(f, &r.recorded_at, at.clone());
        retracted(f, &r.retracted, &at);
        nested(f, &r.versions, format!("{at}.version"));
        nested(
            f,
            &r.participant_versions,
            format!("{at}.participant_version"),
        );
        for (j, c) in r.participants.iter().enumerate() {
            recorded(
                f,
                &c.get_ref().recorded_at,
                format!("{at}.participant[{}]", j + 1),
            );
        }
        for (j, c) in r.statuses.iter().enumerate() {
            let path = format!("{at}.status[{}]", j + 1);
            retracted(f, &c.get_ref().retracted, &path);
            recorded(f, &c.get_ref().recorded_at, path.clone());
            nested(f, &c.get_ref().superseded, format!("{path}.superseded"));
        }
        for (j, c) in r.positions.iter().enumerate() {
            let path = format!("{at}.position[{}]", j + 1);
            retracted(f, &c.get_ref().retracted, &path);
            recorded(f, &c.get_ref().recorded_at, path.clone());
            nested(f, &c.get_ref().superseded, format!("{path}.superseded"));
        }
        for (j, c) in r.commitments.iter().enumerate() {
            let path = format!("{at}.commitment[{}]", j + 1);
            retracted(f, &c.get_ref().retracted, &path);
            recorded(f, &c.get_ref().recorded_at, path.clone());
            nested(f, &c.get_ref().fates, format!("{path}.fates"));
        }
        for (j, c) in r.quotes.iter().enumerate() {
            retracted(f, &c.get_ref().retracted, &format!("{at}.quote[{}]", j + 1));
            recorded(
                f,
                &c.get_ref().recorded_at,
                format!("{at}.quote[{}]", j + 1),
            );
        }
        for (j, c) in r.notes.iter().enumerate() {
            retracted(f, &c.get_ref().retracted, &format!("{at}.note[{}]", j + 1));
            recorded(f, &c.get_ref().recorded_at, format!("{at}.note[{}]", j + 1));
        }
    }
    found
        .into_iter()
        .map(|(span, path)| {
            source.problem(
                span,
                path,
                "only a history export (a file with a [history] table, from `parley export \
                 --history`) holds this; leave it out",
            )
        })
        .collect()
}

/// Whether a round entry gives anything only a history export holds.
pub(in crate::roundfile) fn has_history_fields(r: &RoundEntry) -> bool {
    r.recorded_at.is_some()
        || r.retracted.is_some()
        || !r.versions.is_empty()
        || !r.participant_versions.is_empty()
        || r.participants
            .iter()
            .any(|c| c.get_ref().recorded_at.is_some())
        || r.statuses
            .iter()
            .any(|c| c.get_ref().recorded_at.is_some() || !c.get_ref().superseded.is_empty())
        || r.statuses.iter().any(|c| c.get_ref().retracted.is_some())
        || r.positions.iter().any(|c| c.get_ref().retracted.is_some())
        || r.commitments
            .iter()
            .any(|c| c.get_ref().retracted.is_some())
        || r.quotes.iter().any(|c| c.get_ref().retracted.is_some())
        || r.notes.iter().any(|c| c.get_ref().retracted.is_some())
        || r.positions
            .iter()
            .any(|c| c.get_ref().recorded_at.is_some() || !c.get_ref().superseded.is_empty())
        || r.commitments
            .iter()
            .any(|c| c.get_ref().recorded_at.is_some() || !c.get_ref().fates.is_empty())
        || r.quotes.iter().any(|c| c.get_ref().recorded_at.is_some())
        || r.notes.iter().any(|c| c.get_ref().recorded_at.is_some())
}
