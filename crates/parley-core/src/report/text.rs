//! How reports word things, shared by every format that prints for people. Here:
//! dates (`23 Nov 2025`, `2–4 Dec 2025`, `Nov 2025`), round names, vocabulary labels
//! instead of slugs, grades, status glyphs and plurals. `text/item.rs` holds the
//! sentences that describe one item's standing and what is listed under it;
//! `text/sections.rs` the report-wide lines, the sources section and the rounds that
//! get a section. Both are re-exported here: renderers call `text::standing` and the
//! like wherever it lives.
//! Nothing here escapes: each renderer escapes what it prints.

mod item;
mod sections;

pub use item::{commitment, last_addressed, moved, quote, setback, sources, staleness, standing};
pub use sections::{
    RoundSection, quote_with_item, round_sections, rounds_line, scope_line, source_groups,
    source_reference, source_support, supported_items,
};

use crate::domain::{
    CommitmentKind, Fate, Instant, Level, NoteKind, PartialDate, RoundFormat, Status,
};

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// `1 round`, `2 rounds`.
pub fn count(n: usize, singular: &str, plural: &str) -> String {
    format!("{n} {}", if n == 1 { singular } else { plural })
}

/// `23 Nov 2025`, `Nov 2025` or `2025`; text that is not a date is returned as it is.
pub fn date(text: &str) -> String {
    match text.parse::<PartialDate>() {
        Ok(d) => {
            let year = d.year();
            match (d.month(), d.day()) {
                (Some(m), Some(day)) => format!("{day} {} {year}", MONTHS[usize::from(m) - 1]),
                (Some(m), None) => format!("{} {year}", MONTHS[usize::from(m) - 1]),
                _ => year.to_string(),
            }
        }
        Err(_) => text.to_owned(),
    }
}

/// A span of days as one reads it: `2–4 Dec 2025`, `30 Nov – 2 Dec 2025`,
/// `30 Dec 2025 – 2 Jan 2026`, `Nov – Dec 2025`; a single day or month when the end
/// is missing or the same as the start.
pub fn dates(start: Option<&str>, end: Option<&str>) -> Option<String> {
    let start_text = start?;
    let Some(end_text) = end.filter(|e| *e != start_text) else {
        return Some(date(start_text));
    };
    let (Ok(s), Ok(e)) = (
        start_text.parse::<PartialDate>(),
        end_text.parse::<PartialDate>(),
    ) else {
        return Some(format!("{} – {}", date(start_text), date(end_text)));
    };
    let month = |m: Option<u8>| m.map(|m| MONTHS[usize::from(m) - 1]);
    let text = match (s.month(), s.day(), e.month(), e.day()) {
        (Some(sm), Some(sd), Some(em), Some(ed)) if s.year() == e.year() && sm == em => {
            format!("{sd}–{ed} {} {}", MONTHS[usize::from(sm) - 1], s.year())
        }
        (Some(_), Some(sd), Some(_), Some(ed)) if s.year() == e.year() => format!(
            "{sd} {} – {ed} {} {}",
            month(s.month()).unwrap_or_default(),
            month(e.month()).unwrap_or_default(),
            s.year()
        ),
        (Some(_), None, Some(_), None) if s.year() == e.year() => format!(
            "{} – {} {}",
            month(s.month()).unwrap_or_default(),
            month(e.month()).unwrap_or_default(),
            s.year()
        ),
        _ => format!("{} – {}", date(start_text), date(end_text)),
    };
    Some(text)
}

/// The day an instant (`2025-11-24T09:00:00.000Z`) falls on, in UTC: `24 Nov 2025`.
pub fn instant_date(instant: Instant) -> String {
    date(&instant.to_string()[..10])
}

/// An instant as a reader wants it: `24 Nov 2025, 09:00 UTC`.
pub fn instant(instant: Instant) -> String {
    let text = instant.to_string();
    format!("{}, {} UTC", date(&text[..10]), &text[11..16])
}

/// How reports name a round: its place and dates (`Geneva, 23 Nov 2025`); its title
/// when no place is recorded.
pub fn round_label(
    title: &str,
    location: Option<&str>,
    start: Option<&str>,
    end: Option<&str>,
) -> String {
    let place = location.unwrap_or(title);
    match dates(start, end) {
        Some(d) => format!("{place}, {d}"),
        None => format!("{place}, undated"),
    }
}

/// A vocabulary slug as reports print it; an unknown slug is shown humanised.
fn label_of<T: std::str::FromStr>(slug: &str, label: impl Fn(T) -> &'static str) -> String {
    slug.parse::<T>().map(label).map_or_else(
        |_| {
            let mut text = slug.replace('_', " ");
            if let Some(first) = text.get(..1) {
                let upper = first.to_uppercase();
                text.replace_range(..1, &upper);
            }
            text
        },
        str::to_owned,
    )
}

pub fn commitment_kind(slug: &str) -> String {
    label_of(slug, |k: CommitmentKind| match k {
        CommitmentKind::Mechanism => "Mechanism",
        CommitmentKind::AgreementInPrinciple => "Agreement in principle",
        CommitmentKind::Agreement => "Agreement",
        CommitmentKind::FollowUp => "Follow-up",
        CommitmentKind::Statement => "Statement",
    })
}

pub fn fate(slug: &str) -> String {
    label_of(slug, |f: Fate| match f {
        Fate::Open => "Open",
        Fate::Fulfilled => "Fulfilled",
        Fate::PartlyFulfilled => "Partly fulfilled",
        Fate::Broken => "Broken",
        Fate::Lapsed => "Lapsed",
        Fate::Superseded => "Superseded",
    })
}

pub fn note_kind(slug: &str) -> String {
    label_of(slug, |k: NoteKind| match k {
        NoteKind::Driver => "Driver",
        NoteKind::Caution => "Caution",
        NoteKind::Context => "Context",
        NoteKind::Assessment => "Assessment",
    })
}

pub fn round_format(slug: &str) -> String {
    label_of(slug, |f: RoundFormat| match f {
        RoundFormat::Bilateral => "Bilateral",
        RoundFormat::Trilateral => "Trilateral",
        RoundFormat::Multilateral => "Multilateral",
        RoundFormat::Proximity => "Proximity talks",
        RoundFormat::Shuttle => "Shuttle diplomacy",
        RoundFormat::Virtual => "Virtual",
    })
}

pub fn level(slug: &str) -> String {
    label_of(slug, |l: Level| match l {
        Level::Leaders => "Leaders",
        Level::Ministers => "Ministers",
        Level::SeniorOfficials => "Senior officials",
        Level::Envoys => "Envoys",
        Level::Technical => "Technical",
    })
}

/// A round's state, with what else is known of it: `held · Bilateral · Senior officials`.
pub fn round_facts(r: &crate::storage::RoundRow) -> String {
    let mut facts = vec![r.state.clone()];
    facts.extend(r.format.as_deref().map(round_format));
    facts.extend(r.level.as_deref().map(level));
    facts.join(" · ")
}

/// `advanced`, `regressed`, …
pub fn movement(m: crate::domain::Movement) -> &'static str {
    m.as_str()
}

/// A source's grade in Admiralty notation: `C`, `C3`, or `ungraded`.
pub fn grade(reliability: Option<&str>, credibility: Option<i64>) -> String {
    match (reliability, credibility) {
        (Some(r), Some(c)) => format!("graded {r}{c}"),
        (Some(r), None) => format!("graded {r}"),
        (None, Some(c)) => format!("credibility {c}"),
        (None, None) => "ungraded".to_owned(),
    }
}

/// The status glyph the chart and the legend use: the ladder by rank, setbacks by sign.
pub fn status_code(status: Status) -> &'static str {
    match status {
        Status::Proposed => "1",
        Status::Discussed => "2",
        Status::Progressing => "3",
        Status::Preliminary => "4",
        Status::Agreed => "5",
        Status::Implementing => "6",
        Status::Implemented => "7",
        Status::Contested => "≠",
        Status::Stalled => "‖",
        Status::Dropped => "✕",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_read_as_dates_and_partial_dates_as_partial() {
        assert_eq!(date("2025-11-23"), "23 Nov 2025");
        assert_eq!(date("2025-11"), "Nov 2025");
        assert_eq!(date("2026"), "2026");
        assert_eq!(
            dates(Some("2025-12-02"), Some("2025-12-04")).unwrap(),
            "2–4 Dec 2025"
        );
        assert_eq!(
            dates(Some("2025-11-30"), Some("2025-12-02")).unwrap(),
            "30 Nov – 2 Dec 2025"
        );
        assert_eq!(
            dates(Some("2025-12-30"), Some("2026-01-02")).unwrap(),
            "30 Dec 2025 – 2 Jan 2026"
        );
        assert_eq!(
            dates(Some("2025-11"), Some("2025-12")).unwrap(),
            "Nov – Dec 2025"
        );
        assert_eq!(
            dates(Some("2025-11-23"), Some("2025-11-23")).unwrap(),
            "23 Nov 2025"
        );
        assert_eq!(dates(None, None), None);
        let at = Instant::parse("2025-11-24T09:00:00.000Z").unwrap();
        assert_eq!(instant_date(at), "24 Nov 2025");
        assert_eq!(instant(at), "24 Nov 2025, 09:00 UTC");
        // The day and time in UTC, whatever offset the instant was given with.
        let late = Instant::parse("2025-11-24T23:30:00-02:00").unwrap();
        assert_eq!(instant(late), "25 Nov 2025, 01:30 UTC");
    }

    #[test]
    fn rounds_are_named_by_place_and_date() {
        assert_eq!(
            round_label("Talks", Some("Geneva"), Some("2025-11-23"), None),
            "Geneva, 23 Nov 2025"
        );
        assert_eq!(
            round_label("Third round", None, Some("2026-01"), None),
            "Third round, Jan 2026"
        );
        assert_eq!(
            round_label("Third round", None, None, None),
            "Third round, undated"
        );
    }

    #[test]
    fn slugs_become_labels() {
        assert_eq!(
            commitment_kind("agreement_in_principle"),
            "Agreement in principle"
        );
        assert_eq!(commitment_kind("follow_up"), "Follow-up");
        assert_eq!(fate("partly_fulfilled"), "Partly fulfilled");
        assert_eq!(level("senior_officials"), "Senior officials");
        assert_eq!(commitment_kind("something_new"), "Something new");
        assert_eq!(count(1, "round", "rounds"), "1 round");
        assert_eq!(count(2, "round", "rounds"), "2 rounds");
    }
}
