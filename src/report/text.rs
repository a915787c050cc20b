//! How reports word things, shared by every format that prints for people: dates
//! (`23 Nov 2025`, `2–4 Dec 2025`, `Nov 2025`), round names, vocabulary labels
//! instead of slugs, plurals, and the sentences that describe an item's standing.
//! Nothing here escapes: each renderer escapes what it prints.

use crate::domain::{CommitmentKind, Fate, Level, NoteKind, PartialDate, RoundFormat, Status};

use super::model::{ItemReport, QuoteSummary, Report, SourceRef};

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

/// The day an instant (`2025-11-24T09:00:00.000Z`) falls on: `24 Nov 2025`.
pub fn instant_date(instant: &str) -> String {
    date(instant.get(..10).unwrap_or(instant))
}

/// An instant as a reader wants it: `24 Nov 2025, 09:00 UTC`.
pub fn instant(instant: &str) -> String {
    match instant.get(11..16) {
        Some(time) => format!("{}, {time} UTC", instant_date(instant)),
        None => instant.to_owned(),
    }
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
pub fn setback(s: &super::model::SetbackSummary) -> String {
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
pub fn moved(m: &super::model::MoveSummary) -> String {
    match m.previous_status_label {
        Some(prev) => format!("{}: {}, {prev} → {}", m.title, m.movement, m.status_label),
        None => format!("{}: {}, {}", m.title, m.movement, m.status_label),
    }
}

/// An open commitment in a line.
pub fn commitment(c: &super::model::CommitmentSummary) -> String {
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

/// The report's heading line: `2 rounds held; latest: Geneva, 5 Dec 2025 (Follow-up
/// talks); next: …`.
pub fn rounds_line(report: &Report) -> String {
    let held = report.held();
    let mut parts = Vec::new();
    match report
        .latest_round
        .as_deref()
        .and_then(|slug| report.round(slug))
    {
        Some(latest) => parts.push(format!(
            "{} held; latest: {} ({})",
            count(held, "round", "rounds"),
            latest.label,
            latest.title
        )),
        None => parts.push("No rounds recorded yet".to_owned()),
    }
    if let Some(next) = &report.next_round {
        parts.push(format!("next: {} ({}, scheduled)", next.label, next.title));
    }
    parts.join("; ")
}

/// What qualifies the report: `Covering rounds from …; as recorded at …`.
pub fn scope_line(report: &Report) -> Option<String> {
    let mut parts = Vec::new();
    if let Some(since) = &report.since {
        parts.push(format!(
            "Covering the rounds from {} on",
            report.round_label(since)
        ));
    }
    if let Some(as_of) = &report.as_of {
        parts.push(format!("as recorded at {}", instant(as_of)));
    }
    if parts.is_empty() {
        None
    } else {
        let mut line = parts.join("; ");
        if let Some(first) = line.get(..1) {
            let upper = first.to_uppercase();
            line.replace_range(..1, &upper);
        }
        Some(line)
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

/// The sources behind the current statuses, those that support exactly the same
/// claims together (the six references of one article, cited for every claim of its
/// round, are one entry rather than six that read as independent confirmations).
pub fn source_groups(report: &Report) -> Vec<Vec<&super::model::SourceSummary>> {
    let mut groups: Vec<Vec<&super::model::SourceSummary>> = Vec::new();
    for s in &report.sources {
        match groups
            .iter_mut()
            .find(|g| g[0].items == s.items && g[0].rounds == s.rounds)
        {
            Some(group) => group.push(s),
            None => groups.push(vec![s]),
        }
    }
    groups
}

/// One source as a reference: `AP News, “In Geneva, …”, 23 Nov 2025, ungraded`.
pub fn source_reference(s: &super::model::SourceSummary) -> String {
    let mut text = s.outlet.clone();
    if let Some(title) = &s.title {
        text.push_str(&format!(", “{title}”"));
    }
    if let Some(published) = &s.published {
        text.push_str(&format!(", {}", date(published)));
    }
    text.push_str(&format!(", {}", grade(s.reliability.as_deref(), None)));
    if let Some(url) = &s.url {
        text.push_str(&format!(", {url}"));
    }
    text
}

/// What a group of sources supports: `Supports the statuses of 6 items: …; cited for
/// the round at Geneva, 23 Nov 2025 as a whole.`
pub fn source_support(
    report: &Report,
    group: &[&super::model::SourceSummary],
    max: usize,
) -> String {
    let first = group[0];
    let mut text = if group.len() == 1 {
        format!("Supports {}", supported_items(report, &first.items, max))
    } else {
        format!(
            "Together these {} support {}",
            group.len(),
            supported_items(report, &first.items, max)
        )
    };
    if !first.rounds.is_empty() {
        let rounds: Vec<&str> = first.rounds.iter().map(|r| report.round_label(r)).collect();
        text.push_str(&format!(
            "; {} for {} as a whole",
            if group.len() == 1 {
                "cited"
            } else {
                "all cited"
            },
            rounds_at(&rounds)
        ));
    }
    text.push('.');
    text
}

/// Rounds by their labels, which hold commas themselves (`Geneva, 5 Dec 2025`): `the
/// round at A`, `the rounds at A and B`, `the rounds at A; B and C`.
fn rounds_at(labels: &[&str]) -> String {
    match labels {
        [] => String::new(),
        [one] => format!("the round at {one}"),
        [first @ .., last] => format!("the rounds at {} and {last}", first.join("; ")),
    }
}

/// The current statuses a source supports, by item title: `the status of Dialogue
/// channels`, `the statuses of 9 items: A, B, …` (at most `max` named).
pub fn supported_items(report: &Report, items: &[String], max: usize) -> String {
    let titles: Vec<&str> = items
        .iter()
        .take(max)
        .map(|slug| {
            report
                .item(slug)
                .map_or(slug.as_str(), |i| i.title.as_str())
        })
        .collect();
    let mut list = titles.join(", ");
    if items.len() > titles.len() {
        list.push_str(&format!(" and {} more", items.len() - titles.len()));
    }
    if items.len() == 1 {
        format!("the status of {list}")
    } else {
        format!("the statuses of {} items: {list}", items.len())
    }
}

/// A quote, and the item it concerns when it concerns one.
pub fn quote_with_item(report: &Report, q: &QuoteSummary) -> String {
    let text = quote(q);
    match q.item.as_deref().and_then(|slug| report.item(slug)) {
        Some(item) => format!("{text}, on {}", item.title),
        None => text,
    }
}

/// A round's section in the text formats: the round, and the items whose current
/// status it set.
pub struct RoundSection<'a> {
    pub report: &'a Report,
    pub round: &'a super::model::RoundSummary,
    pub items: Vec<&'a ItemReport>,
}

impl<'a> RoundSection<'a> {
    /// The round's quotes that are not listed under an item of the section.
    pub fn other_quotes(&self) -> impl Iterator<Item = &'a QuoteSummary> + '_ {
        self.round.quotes.iter().filter(|q| {
            !q.item
                .as_deref()
                .is_some_and(|slug| self.items.iter().any(|i| i.item == slug))
        })
    }
}

/// The rounds that get a section, latest first: those in the window, and any other
/// that set a status still in force (so that every status's cautions are shown).
pub fn round_sections(report: &Report, window: super::RoundWindow) -> Vec<RoundSection<'_>> {
    let (start, _) = report.window(window.0);
    let mut set_by: std::collections::HashMap<&str, Vec<&ItemReport>> =
        std::collections::HashMap::new();
    for item in &report.items {
        if let Some(round) = &item.round {
            set_by.entry(round.as_str()).or_default().push(item);
        }
    }
    report
        .rounds
        .iter()
        .enumerate()
        .rev()
        .filter_map(|(i, round)| {
            let items = set_by.remove(round.round.as_str());
            (i >= start || items.is_some()).then(|| RoundSection {
                report,
                round,
                items: items.unwrap_or_default(),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Before, two rounds read as one: "cited for the round at Geneva, 5 Dec 2025,
    /// Vienna, 9–11 Feb 2026 as a whole".
    #[test]
    fn rounds_are_counted_and_their_labels_kept_apart() {
        assert_eq!(
            rounds_at(&["Geneva, 5 Dec 2025"]),
            "the round at Geneva, 5 Dec 2025"
        );
        assert_eq!(
            rounds_at(&["Geneva, 5 Dec 2025", "Vienna, 9–11 Feb 2026"]),
            "the rounds at Geneva, 5 Dec 2025 and Vienna, 9–11 Feb 2026"
        );
        assert_eq!(
            rounds_at(&["A, 1 Jan 2026", "B, 2 Jan 2026", "C, 3 Jan 2026"]),
            "the rounds at A, 1 Jan 2026; B, 2 Jan 2026 and C, 3 Jan 2026"
        );
    }

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
        assert_eq!(instant_date("2025-11-24T09:00:00.000Z"), "24 Nov 2025");
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
