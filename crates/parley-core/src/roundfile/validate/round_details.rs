//! A round's details as a `[[round]]` table gives them. A new round needs its title and
//! state; a round the database holds needs only its slug, and is updated in the fields
//! given and emptied in those `clear` names. The writer checks the round's dates again
//! once it holds the write lock, against the details the round holds then.

use std::collections::HashSet;
use std::ops::Range;

use super::Validator;
use crate::domain::model::{Update, check_round_dates};
use crate::domain::{Level, PartialDate, RoundFormat, RoundState};
use crate::roundfile::format::RoundEntry;

/// The fields `clear` may name: a round's optional details.
pub const CLEARABLE: [&str; 7] = [
    "date", "end_date", "location", "format", "level", "tone", "summary",
];

/// A round's details, checked.
pub(super) struct Details {
    pub title: Option<String>,
    pub state: Option<RoundState>,
    pub start_date: Update<PartialDate>,
    pub end_date: Update<PartialDate>,
    pub location: Update<String>,
    pub format: Update<RoundFormat>,
    pub level: Update<Level>,
    pub tone: Update<String>,
    pub summary: Update<String>,
}

impl Validator<'_> {
    /// Checks a round's details; `span` is the whole `[[round]]` table's.
    pub(super) fn round_details(
        &mut self,
        e: &RoundEntry,
        span: Range<usize>,
        process: &str,
        path: &str,
    ) -> Details {
        let slug = e.slug.get_ref();
        let held = self.catalogs.rounds_of(process).contains(slug);
        let cleared = self.cleared(e, path);
        let title = e
            .title
            .as_ref()
            .and_then(|t| self.name(t, &format!("{path}.title")));
        let state = e
            .state
            .as_ref()
            .and_then(|s| self.vocab(s, &format!("{path}.state")));
        let missing = match (e.title.is_some(), e.state.is_some()) {
            _ if held => None,
            (false, false) => Some(("title", "a title and a state")),
            (false, true) => Some(("title", "a title")),
            (true, false) => Some(("state", "a state")),
            (true, true) => None,
        };
        if let Some((field, needs)) = missing {
            self.problem(
                span.clone(),
                format!("{path}.{field}"),
                format!(
                    "round '{slug}' is new, so it needs {needs} (a round the database holds needs only its slug)"
                ),
            );
        }
        let date = e
            .date
            .as_ref()
            .map(|d| self.date(d, &format!("{path}.date")));
        let end = e
            .end_date
            .as_ref()
            .map(|d| self.date(d, &format!("{path}.end_date")));
        let start_date = update(date.flatten(), "date", &cleared);
        let end_date = update(end.flatten(), "end_date", &cleared);
        // Checked here when the file settles the dates (always, for a new round);
        // otherwise by the writer, against what the round holds.
        let dates_read = !matches!(date, Some(None)) && !matches!(end, Some(None));
        let settled = !held || (!start_date.is_keep() && !end_date.is_keep());
        if dates_read
            && settled
            && let Err(p) = check_round_dates(
                start_date.given().copied(),
                end_date.given().copied(),
                // The state decides only whether a date is needed: unknown, assume not.
                state.unwrap_or(RoundState::Scheduled),
            )
        {
            let span = match (p.field, &e.end_date) {
                ("end_date", Some(d)) => d.span(),
                _ => span,
            };
            self.problem(span, format!("{path}.{}", p.field), p.message);
        }
        let location = self.opt_name(e.location.as_ref(), &format!("{path}.location"));
        let format = e
            .format
            .as_ref()
            .and_then(|f| self.vocab(f, &format!("{path}.format")));
        let level = e
            .level
            .as_ref()
            .and_then(|l| self.vocab(l, &format!("{path}.level")));
        let tone = self.opt_text(e.tone.as_ref(), &format!("{path}.tone"));
        let summary = self.opt_text(e.summary.as_ref(), &format!("{path}.summary"));
        Details {
            title,
            state,
            start_date,
            end_date,
            location: update(location, "location", &cleared),
            format: update(format, "format", &cleared),
            level: update(level, "level", &cleared),
            tone: update(tone, "tone", &cleared),
            summary: update(summary, "summary", &cleared),
        }
    }

    /// The fields `clear` names, each checked at its place: an optional detail, named
    /// once, and not also given a value.
    fn cleared(&mut self, e: &RoundEntry, path: &str) -> HashSet<&'static str> {
        let given = |field: &str| match field {
            "date" => e.date.is_some(),
            "end_date" => e.end_date.is_some(),
            "location" => e.location.is_some(),
            "format" => e.format.is_some(),
            "level" => e.level.is_some(),
            "tone" => e.tone.is_some(),
            _ => e.summary.is_some(),
        };
        let mut cleared = HashSet::new();
        for (i, name) in e.clear.iter().enumerate() {
            let at = format!("{path}.clear[{}]", i + 1);
            let wanted = name.get_ref().as_str();
            let problem = match CLEARABLE.iter().find(|f| **f == wanted) {
                Some(field) if given(field) => {
                    Some(format!("'{field}' is given a value and cleared; keep one"))
                }
                Some(field) if !cleared.insert(*field) => Some(format!("'{field}' is named twice")),
                Some(_) => None,
                None if ["slug", "title", "state"].contains(&wanted) => Some(format!(
                    "'{wanted}' cannot be cleared: every round has one; give a new value instead"
                )),
                None => Some(format!(
                    "'{}' is not a field that can be cleared; expected one of: {}",
                    name.get_ref().escape_debug(),
                    CLEARABLE.join(", ")
                )),
            };
            if let Some(message) = problem {
                self.problem(name.span(), at, message);
            }
        }
        cleared
    }
}

/// A field as the entry gives it: its value, cleared, or neither.
fn update<T>(value: Option<T>, field: &str, cleared: &HashSet<&str>) -> Update<T> {
    match value {
        Some(value) => Update::Set(value),
        None if cleared.contains(field) => Update::Clear,
        None => Update::Keep,
    }
}
