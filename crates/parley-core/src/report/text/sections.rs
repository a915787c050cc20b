//! The report-wide text of the formats that print for people: the heading and
//! scope lines, the sources section (sources that support the same claims grouped,
//! and what each group supports), and which rounds get a section of their own.

use super::{count, date, grade, instant, quote};
use crate::report::RoundWindow;
use crate::report::model::{ItemReport, QuoteSummary, Report, RoundSummary, SourceSummary};

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
        parts.push(format!("as recorded at {}", instant(*as_of)));
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

/// The sources behind the current statuses, those that support exactly the same
/// claims together (the six references of one article, cited for every claim of its
/// round, are one entry rather than six that read as independent confirmations).
pub fn source_groups(report: &Report) -> Vec<Vec<&SourceSummary>> {
    let mut groups: Vec<Vec<&SourceSummary>> = Vec::new();
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
pub fn source_reference(s: &SourceSummary) -> String {
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
pub fn source_support(report: &Report, group: &[&SourceSummary], max: usize) -> String {
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
    pub round: &'a RoundSummary,
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
pub fn round_sections(report: &Report, window: RoundWindow) -> Vec<RoundSection<'_>> {
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
}
