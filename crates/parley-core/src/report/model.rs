//! The report as data: what every format prints. [`Report::build`] (in `build.rs`)
//! reads the database a handful of times, not once per item, and derives movement in
//! one pass; the renderers only lay it out.

use std::sync::Arc;

use serde::Serialize;

use crate::domain::{Instant, Movement, Status};

/// What to report on.
#[derive(Debug, Clone)]
pub struct ReportRequest {
    pub process_id: i64,
    pub process: String,
    pub process_name: String,
    /// Report as the database read at this instant.
    pub as_of: Option<Instant>,
    /// When the report was made (`$PARLEY_NOW` in tests).
    pub generated_at: Instant,
}

/// A report, in the shape `report --format json` prints. Field names are stable:
/// add, never rename (docs/report-json.md).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    pub process: String,
    pub process_name: String,
    pub generated_at: Instant,
    pub as_of: Option<Instant>,
    /// The latest round that has taken place (or, failing that, the latest recorded).
    pub latest_round: Option<String>,
    pub rounds: Vec<RoundSummary>,
    pub items: Vec<ItemReport>,
    pub commitments: Vec<CommitmentSummary>,
    /// The first round still scheduled, if any.
    pub next_round: Option<RoundSummary>,
    /// With `--since`: the first round the report covers (see [`Report::since`]).
    pub since: Option<String>,
    /// The items the latest round addressed, and how each moved there.
    pub moved: Vec<MoveSummary>,
    /// The items whose current status is a setback (contested, stalled, dropped),
    /// and for how many consecutive rounds they have held it.
    pub setbacks: Vec<SetbackSummary>,
    /// Every source behind a current status, once, with what it supports.
    pub sources: Vec<SourceSummary>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MoveSummary {
    pub item: String,
    pub title: String,
    pub movement: Movement,
    pub previous_status: Option<Status>,
    pub status: Status,
    pub previous_status_label: Option<&'static str>,
    pub status_label: &'static str,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SetbackSummary {
    pub item: String,
    pub title: String,
    pub status: Status,
    /// Consecutive rounds, up to the item's latest, at this status.
    pub rounds: usize,
    /// The first of those rounds.
    pub since_round: String,
    pub status_label: &'static str,
    pub since_round_label: String,
    /// The latest round that addressed the item.
    pub last_round: String,
    pub last_round_label: String,
    /// Rounds held since that round (0 when the latest round addressed the item).
    pub rounds_since: usize,
}

/// A round as the report lists it: the round as stored, then what the report adds.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RoundSummary {
    #[serde(flatten)]
    pub row: crate::storage::RoundRow,
    /// Place and date, as reports name the round: `Geneva, 23 Nov 2025`.
    pub label: String,
    /// Its dates as text (`23 Nov 2025`, `2–4 Dec 2025`, `Jan 2026`); none if undated.
    pub dates: Option<String>,
    /// The analyst's notes on the round: drivers, cautions, context, assessments.
    pub notes: Vec<RoundNote>,
    /// The quotes recorded at the round.
    pub quotes: Vec<QuoteSummary>,
}

impl std::ops::Deref for RoundSummary {
    type Target = crate::storage::RoundRow;
    fn deref(&self) -> &Self::Target {
        &self.row
    }
}

impl RoundSummary {
    /// The bodies of its notes of one kind (`caution`, `driver`, …).
    pub fn notes_of<'a>(&'a self, kind: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.notes
            .iter()
            .filter(move |n| n.kind == kind)
            .map(|n| n.body.as_str())
    }

    pub fn is_held(&self) -> bool {
        self.state == "held"
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RoundNote {
    /// `driver`, `caution`, `context` or `assessment`.
    pub kind: String,
    pub body: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QuoteSummary {
    /// The round it was recorded at.
    pub round: String,
    pub round_label: String,
    /// The agenda item it concerns, if one.
    pub item: Option<String>,
    pub party: Option<String>,
    pub party_name: Option<String>,
    pub speaker_name: Option<String>,
    pub speaker_description: Option<String>,
    pub text: String,
}

impl QuoteSummary {
    /// Who said it, as the sources name or describe the speaker.
    pub fn speaker(&self) -> &str {
        self.speaker_name
            .as_deref()
            .or(self.speaker_description.as_deref())
            .unwrap_or("unattributed")
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ItemReport {
    pub item: String,
    pub title: String,
    pub parent: Option<String>,
    /// 0 for a top-level item, 1 for its sub-items, and so on.
    pub depth: usize,
    /// The status in force at the latest round that addressed the item; none if no
    /// round has.
    pub status: Option<Status>,
    pub status_label: Option<String>,
    pub rank: Option<i64>,
    pub round: Option<String>,
    /// The number of that round in the process (1 for the first).
    pub round_number: Option<i64>,
    pub round_date: Option<String>,
    pub note: Option<String>,
    pub confidence: Option<i64>,
    pub previous_status: Option<Status>,
    /// How the item moved at its latest round, against its previous one.
    pub movement: Option<Movement>,
    /// Every round that addressed the item, in round order.
    pub trajectory: Vec<Step>,
    /// Each party's latest stance on the item.
    pub stances: Vec<StanceSummary>,
    /// The sources behind the current status.
    pub sources: Vec<SourceRef>,
    /// How many sources back the current status.
    pub source_count: usize,
    /// The weakest Admiralty reliability among those sources (F is weakest); none if
    /// no source is graded.
    pub weakest_reliability: Option<String>,
    /// For a setback (contested, stalled, dropped): how many consecutive rounds, up
    /// to the latest, the item has held it.
    pub setback_rounds: Option<usize>,
    /// The round that set the current status, as reports name it.
    pub round_label: Option<String>,
    /// Rounds held since that round; 0 when the latest round addressed the item.
    pub rounds_since: Option<usize>,
    /// Whether the sources are exactly those cited for that round as a whole (a
    /// round file's claims inherit the round's sources): they were not tied to this
    /// claim in particular.
    pub cites_round_sources: bool,
    /// The cautions noted for the round that set the current status: a round's
    /// caution applies to every item it addressed.
    pub cautions: Vec<String>,
    /// The quotes that concern the item, in round order.
    pub quotes: Vec<QuoteSummary>,
    /// With `--since`: the status in force before the first round covered.
    pub earlier_status: Option<Status>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Step {
    /// Shared by every step at that round.
    pub round: Arc<str>,
    pub status: Status,
    /// Whether the record in force corrects an earlier one.
    pub corrected: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StanceSummary {
    pub party: String,
    pub party_name: String,
    pub stance: String,
    pub round: String,
    pub note: Option<String>,
    pub stance_label: String,
}

/// A source behind a claim.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SourceRef {
    pub source: String,
    pub outlet: String,
    pub title: Option<String>,
    pub url: Option<String>,
    pub reliability: Option<String>,
    /// The claim's credibility as this source tells it (Admiralty 1–6).
    pub credibility: Option<i64>,
    /// Its publication date, possibly partial.
    pub published: Option<String>,
}

/// A source, once, with the claims of the report it supports.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SourceSummary {
    pub source: String,
    pub outlet: String,
    pub title: Option<String>,
    pub url: Option<String>,
    pub published: Option<String>,
    pub reliability: Option<String>,
    /// The items whose current status it backs.
    pub items: Vec<String>,
    /// Among the rounds that set those statuses, the ones it is cited for as a whole.
    pub rounds: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CommitmentSummary {
    pub round: String,
    pub commitment: String,
    pub item: Option<String>,
    pub kind: String,
    pub description: String,
    pub due_date: Option<String>,
    pub parties: Vec<String>,
    pub fate: String,
    /// The names of the parties it binds, in the order of `parties`.
    pub party_names: Vec<String>,
    pub round_label: String,
}

impl Report {
    /// Limits the report to the rounds from `round` (a round slug) on: the rounds
    /// listed, each item's trajectory (so the chart) and the commitments start there.
    /// Current statuses, movement and setback counts are left as they are: they say
    /// where each item stands now, which earlier rounds decided.
    /// `number` is the round's number in its process.
    pub fn since(mut self, round: &str, number: i64) -> Report {
        let dropped: std::collections::HashSet<&str> = self
            .rounds
            .iter()
            .filter(|r| r.number < number)
            .map(|r| r.round.as_str())
            .collect();
        for item in &mut self.items {
            let before = item
                .trajectory
                .iter()
                .take_while(|s| dropped.contains(&*s.round))
                .count();
            item.earlier_status = before.checked_sub(1).map(|i| item.trajectory[i].status);
            item.trajectory.drain(..before);
        }
        let kept = |slug: &str| !dropped.contains(slug);
        self.commitments.retain(|c| kept(&c.round));
        self.rounds.retain(|r| r.number >= number);
        self.since = Some(round.to_owned());
        self
    }

    /// The commitments whose fate is still open.
    pub fn open_commitments(&self) -> impl Iterator<Item = &CommitmentSummary> {
        self.commitments.iter().filter(|c| c.fate == "open")
    }

    /// The round a slug names, among those the report covers.
    pub fn round(&self, slug: &str) -> Option<&RoundSummary> {
        self.rounds.iter().find(|r| r.round == slug)
    }

    /// The round a slug names, as reports name it; the slug itself for a round the
    /// report does not cover (before `--since`).
    pub fn round_label<'a>(&'a self, slug: &'a str) -> &'a str {
        self.round(slug).map_or(slug, |r| r.label.as_str())
    }

    /// The latest `count` rounds (all with none), and how many come before them.
    pub fn window(&self, count: Option<usize>) -> (usize, &[RoundSummary]) {
        let start = count.map_or(0, |n| self.rounds.len().saturating_sub(n.max(1)));
        (start, &self.rounds[start..])
    }

    /// The item a slug names.
    pub fn item(&self, slug: &str) -> Option<&ItemReport> {
        self.items.iter().find(|i| i.item == slug)
    }

    /// The number of rounds held, among those the report covers.
    pub fn held(&self) -> usize {
        self.rounds.iter().filter(|r| r.is_held()).count()
    }
}

impl ItemReport {
    /// The trajectory with unchanged runs collapsed: each status once per run, with
    /// the number of rounds it held.
    pub fn changes(&self) -> Vec<(Status, usize)> {
        let mut runs: Vec<(Status, usize)> = Vec::new();
        for step in &self.trajectory {
            match runs.last_mut() {
                Some((status, n)) if *status == step.status => *n += 1,
                _ => runs.push((step.status, 1)),
            }
        }
        runs
    }

    /// The collapsed trajectory as text: `Proposed → Discussed ×2 → Agreed`.
    pub fn trajectory_text(&self) -> String {
        Self::runs_text(&self.changes())
    }

    /// The last `max` runs of the collapsed trajectory, after a count of the runs
    /// left out: what fits a terminal cell when an item has moved hundreds of times.
    pub fn recent_trajectory_text(&self, max: usize) -> String {
        let runs = self.changes();
        match runs.len().checked_sub(max) {
            Some(earlier) if earlier > 0 => {
                format!(
                    "… {earlier} earlier → {}",
                    Self::runs_text(&runs[earlier..])
                )
            }
            _ => Self::runs_text(&runs),
        }
    }

    fn runs_text(runs: &[(Status, usize)]) -> String {
        runs.iter()
            .map(|(s, n)| {
                if *n > 1 {
                    format!("{} ×{n}", s.label())
                } else {
                    s.label().to_owned()
                }
            })
            .collect::<Vec<_>>()
            .join(" → ")
    }

    /// Each party's stance by name and label: `Ukraine: Red line; United States: Proposes`.
    pub fn stances_text(&self) -> String {
        self.stances
            .iter()
            .map(|s| format!("{}: {}", s.party_name, s.stance_label))
            .collect::<Vec<_>>()
            .join("; ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(crate) fn item(statuses: &[Status]) -> ItemReport {
        ItemReport {
            item: "i".into(),
            title: "I".into(),
            parent: None,
            depth: 0,
            status: statuses.last().copied(),
            status_label: None,
            rank: None,
            round: None,
            round_number: None,
            round_date: None,
            note: None,
            confidence: None,
            previous_status: None,
            movement: None,
            trajectory: statuses
                .iter()
                .map(|s| Step {
                    round: Arc::from("r"),
                    status: *s,
                    corrected: false,
                })
                .collect(),
            stances: Vec::new(),
            source_count: 0,
            sources: Vec::new(),
            weakest_reliability: None,
            setback_rounds: None,
            round_label: None,
            rounds_since: None,
            cites_round_sources: false,
            cautions: Vec::new(),
            quotes: Vec::new(),
            earlier_status: None,
        }
    }

    #[test]
    fn unchanged_runs_collapse_and_a_long_trajectory_keeps_its_end() {
        use Status::*;
        let i = item(&[Proposed, Proposed, Discussed, Contested, Discussed, Agreed]);
        assert_eq!(
            i.trajectory_text(),
            "Proposed ×2 → Discussed → Contested → Discussed → Agreed"
        );
        assert_eq!(
            i.recent_trajectory_text(2),
            "… 3 earlier → Discussed → Agreed"
        );
        assert_eq!(i.recent_trajectory_text(5), i.trajectory_text());
    }
}
