//! The report as data: what every format prints. Building it reads the database a
//! handful of times (not once per item) and derives movement in one pass.

use std::collections::HashMap;
use std::sync::Arc;

use serde::Serialize;

use crate::domain::{Movement, Status};
use crate::error::Result;
use crate::storage::{CitationRow, Database, StatusRow};

/// What to report on.
#[derive(Debug, Clone)]
pub struct ReportRequest {
    pub process_id: i64,
    pub process: String,
    pub process_name: String,
    /// Report as the database read at this instant (a `recorded_at` value).
    pub as_of: Option<String>,
    /// When the report was made (`$PARLEY_NOW` in tests).
    pub generated_at: String,
}

/// A report, in the shape `report --format json` prints. Field names are stable:
/// add, never rename.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    pub process: String,
    pub process_name: String,
    pub generated_at: String,
    pub as_of: Option<String>,
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
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MoveSummary {
    pub item: String,
    pub title: String,
    pub movement: Movement,
    pub previous_status: Option<Status>,
    pub status: Status,
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
}

/// A round as the report lists it.
pub use crate::storage::RoundRow as RoundSummary;

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
}

/// A source behind a claim, as `round show` lists them too.
pub use crate::storage::listing::SourceCitation as SourceRef;

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
}

impl Report {
    pub async fn build(db: &Database, request: &ReportRequest) -> Result<Report> {
        let as_of = request.as_of.as_deref();
        let rounds = db.report_rounds(request.process_id, as_of).await?;
        let items = db
            .report_items(request.process_id, request.as_of.as_deref())
            .await?;
        let statuses = db.report_statuses(request.process_id, as_of).await?;
        let positions = db.report_positions(request.process_id, as_of).await?;
        let commitments = db.report_commitments(request.process_id, as_of).await?;

        let round_index: HashMap<i64, usize> = rounds
            .iter()
            .enumerate()
            .map(|(i, r)| (r.round_id, i))
            .collect();

        // Each item's records in round order; records of rounds not yet recorded at
        // `as_of` cannot exist, but skip them defensively.
        let mut by_item: HashMap<i64, Vec<&StatusRow>> = HashMap::new();
        for s in statuses
            .iter()
            .filter(|s| round_index.contains_key(&s.round_id))
        {
            by_item.entry(s.agenda_item_id).or_default().push(s);
        }
        for records in by_item.values_mut() {
            records.sort_by_key(|s| round_index[&s.round_id]);
        }

        let current_ids: Vec<i64> = by_item
            .values()
            .filter_map(|r| r.last().map(|s| s.status_record_id))
            .collect();
        let citations = db.report_citations(&current_ids).await?;
        let mut notes = db.report_notes(&current_ids).await?;
        // Every step of every trajectory names its round: share one copy of each slug.
        let round_slugs: Vec<Arc<str>> =
            rounds.iter().map(|r| Arc::from(r.round.as_str())).collect();
        let mut cited: HashMap<i64, Vec<&CitationRow>> = HashMap::new();
        for c in &citations {
            cited.entry(c.status_record_id).or_default().push(c);
        }

        let latest_round = rounds
            .iter()
            .rev()
            .find(|r| r.state == "held")
            .or(rounds.last());

        let slug_of: HashMap<i64, &str> = items
            .iter()
            .map(|i| (i.agenda_item_id, i.slug.as_str()))
            .collect();
        let depth_of = |mut id: i64| {
            let mut depth = 0;
            while let Some(parent) = items
                .iter()
                .find(|i| i.agenda_item_id == id)
                .and_then(|i| i.parent_agenda_item_id)
            {
                depth += 1;
                id = parent;
                if depth > items.len() {
                    break;
                }
            }
            depth
        };

        // Each item's positions, grouped once rather than filtered per item.
        let mut positions_of: HashMap<i64, Vec<&crate::storage::PositionRow>> = HashMap::new();
        for p in positions
            .iter()
            .filter(|p| round_index.contains_key(&p.round_id))
        {
            positions_of.entry(p.agenda_item_id).or_default().push(p);
        }

        let mut item_reports = Vec::with_capacity(items.len());
        for item in tree_order(&items) {
            let records = by_item
                .get(&item.agenda_item_id)
                .map(Vec::as_slice)
                .unwrap_or(&[]);
            let trajectory: Vec<Step> = records
                .iter()
                .map(|s| Step {
                    round: Arc::clone(&round_slugs[round_index[&s.round_id]]),
                    status: s.status,
                    corrected: s.is_correction,
                })
                .collect();
            let current = records.last();
            let status: Option<Status> = current.map(|s| s.status);
            let previous_status: Option<Status> =
                records.len().checked_sub(2).map(|i| records[i].status);
            let movement = status.map(|s| Movement::between(previous_status, s));
            let round = current.map(|s| &rounds[round_index[&s.round_id]]);

            let sources: Vec<SourceRef> = current
                .and_then(|s| cited.get(&s.status_record_id))
                .map(|cs| {
                    cs.iter()
                        .map(|c| SourceRef {
                            source: c.source.clone(),
                            outlet: c.outlet.clone(),
                            title: c.title.clone(),
                            url: c.url.clone(),
                            reliability: c.reliability.clone(),
                            credibility: c.credibility,
                        })
                        .collect()
                })
                .unwrap_or_default();
            let weakest_reliability = sources.iter().filter_map(|s| s.reliability.clone()).max();

            let setback_rounds = status.filter(|s| s.is_setback()).map(|s| {
                trajectory
                    .iter()
                    .rev()
                    .take_while(|step| step.status == s)
                    .count()
            });

            // The latest stance of each party, by round order then recording order.
            let mut stances: Vec<StanceSummary> = Vec::new();
            let mut item_positions = positions_of
                .remove(&item.agenda_item_id)
                .unwrap_or_default();
            item_positions.sort_by_key(|p| round_index[&p.round_id]);
            for p in item_positions {
                let summary = StanceSummary {
                    party: p.party.clone(),
                    party_name: p.party_name.clone(),
                    stance: p.stance.clone(),
                    round: rounds[round_index[&p.round_id]].round.clone(),
                    note: p.note.clone(),
                };
                match stances.iter_mut().find(|s| s.party == p.party) {
                    Some(existing) => *existing = summary,
                    None => stances.push(summary),
                }
            }

            item_reports.push(ItemReport {
                item: item.slug.clone(),
                title: item.title.clone(),
                parent: item
                    .parent_agenda_item_id
                    .and_then(|p| slug_of.get(&p).map(|s| s.to_string())),
                depth: depth_of(item.agenda_item_id),
                status,
                status_label: status.map(|s| s.label().to_owned()),
                rank: status.map(Status::rank),
                round: round.map(|r| r.round.clone()),
                round_number: round.map(|r| r.number),
                round_date: round.and_then(|r| r.date.clone()),
                note: current.and_then(|s| notes.remove(&s.status_record_id)),
                confidence: current.and_then(|s| s.confidence),
                previous_status,
                movement,
                trajectory,
                stances,
                source_count: sources.len(),
                sources,
                weakest_reliability,
                setback_rounds,
            });
        }

        let slug_of_round: HashMap<i64, &str> = rounds
            .iter()
            .map(|r| (r.round_id, r.round.as_str()))
            .collect();
        let commitments = commitments
            .into_iter()
            .map(|c| CommitmentSummary {
                round: slug_of_round
                    .get(&c.round_id)
                    .map(|s| s.to_string())
                    .unwrap_or_default(),
                commitment: c.slug,
                item: c.item,
                kind: c.kind,
                description: c.description,
                due_date: c.due_date,
                parties: c
                    .parties
                    .map(|p| p.split(", ").map(str::to_owned).collect())
                    .unwrap_or_default(),
                fate: c.fate,
            })
            .collect();

        let next_round = rounds.iter().find(|r| r.state == "scheduled").cloned();

        // What the latest round moved, and what is held up and for how long.
        let latest_slug = latest_round.map(|r| r.round.as_str());
        let moved = item_reports
            .iter()
            .filter(|i| i.round.is_some() && i.round.as_deref() == latest_slug)
            .filter_map(|i| {
                Some(MoveSummary {
                    item: i.item.clone(),
                    title: i.title.clone(),
                    movement: i.movement?,
                    previous_status: i.previous_status,
                    status: i.status?,
                })
            })
            .collect();
        let setbacks = item_reports
            .iter()
            .filter_map(|i| {
                let rounds = i.setback_rounds?;
                let first = i.trajectory.len().checked_sub(rounds)?;
                Some(SetbackSummary {
                    item: i.item.clone(),
                    title: i.title.clone(),
                    status: i.status?,
                    rounds,
                    since_round: i.trajectory[first].round.to_string(),
                })
            })
            .collect();

        Ok(Report {
            process: request.process.clone(),
            process_name: request.process_name.clone(),
            generated_at: request.generated_at.clone(),
            as_of: request.as_of.clone(),
            latest_round: latest_round.map(|r| r.round.clone()),
            rounds,
            items: item_reports,
            commitments,
            next_round,
            since: None,
            moved,
            setbacks,
        })
    }

    /// Limits the report to the rounds from `round` (a round slug) on: the rounds
    /// listed, each item's trajectory (so the chart) and the commitments start there.
    /// Current statuses, movement and setback counts are left as they are: they say
    /// where each item stands now, which earlier rounds decided.
    /// `number` is the round's number in its process.
    pub fn since(mut self, round: &str, number: i64) -> Report {
        self.rounds.retain(|r| r.number >= number);
        let kept: Vec<&str> = self.rounds.iter().map(|r| r.round.as_str()).collect();
        for item in &mut self.items {
            item.trajectory.retain(|s| kept.contains(&&*s.round));
        }
        self.commitments
            .retain(|c| kept.contains(&c.round.as_str()));
        self.since = Some(round.to_owned());
        self
    }

    /// The commitments whose fate is still open.
    pub fn open_commitments(&self) -> impl Iterator<Item = &CommitmentSummary> {
        self.commitments.iter().filter(|c| c.fate == "open")
    }

    /// Every source behind a current status, once, in order of first citation.
    pub fn cited_sources(&self) -> Vec<&SourceRef> {
        let mut seen: Vec<&SourceRef> = Vec::new();
        for s in self.items.iter().flat_map(|i| &i.sources) {
            if !seen.iter().any(|o| o.source == s.source) {
                seen.push(s);
            }
        }
        seen
    }

    /// The round a slug names, among those the report covers.
    pub fn round(&self, slug: &str) -> Option<&RoundSummary> {
        self.rounds.iter().find(|r| r.round == slug)
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

    /// The collapsed trajectory as text: `proposed → discussed ×2 → agreed`.
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
                    format!("{} ×{n}", s.as_str())
                } else {
                    s.as_str().to_owned()
                }
            })
            .collect::<Vec<_>>()
            .join(" → ")
    }

    /// Each party's stance as text: `ukraine: red_line; us: proposes`.
    pub fn stances_text(&self) -> String {
        self.stances
            .iter()
            .map(|s| format!("{}: {}", s.party, s.stance))
            .collect::<Vec<_>>()
            .join("; ")
    }

    /// The sources behind the current status as text: `6 (weakest C)`, `6 (ungraded)`.
    pub fn sources_text(&self) -> String {
        if self.source_count == 0 {
            return String::new();
        }
        match &self.weakest_reliability {
            Some(grade) => format!("{} (weakest {grade})", self.source_count),
            None => format!("{} (ungraded)", self.source_count),
        }
    }
}

/// Items with each parent followed by its sub-items, otherwise in recording order.
fn tree_order(items: &[crate::storage::ItemRow]) -> Vec<&crate::storage::ItemRow> {
    fn visit<'a>(
        parent: Option<i64>,
        items: &'a [crate::storage::ItemRow],
        out: &mut Vec<&'a crate::storage::ItemRow>,
    ) {
        for item in items.iter().filter(|i| i.parent_agenda_item_id == parent) {
            if out.iter().any(|o| o.agenda_item_id == item.agenda_item_id) {
                continue;
            }
            out.push(item);
            visit(Some(item.agenda_item_id), items, out);
        }
    }
    let mut out = Vec::with_capacity(items.len());
    visit(None, items, &mut out);
    // Anything unreachable (a parent cycle written by hand in SQL) still appears.
    for item in items {
        if !out.iter().any(|o| o.agenda_item_id == item.agenda_item_id) {
            out.push(item);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(statuses: &[Status]) -> ItemReport {
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
        }
    }

    #[test]
    fn unchanged_runs_collapse_and_a_long_trajectory_keeps_its_end() {
        use Status::*;
        let i = item(&[Proposed, Proposed, Discussed, Contested, Discussed, Agreed]);
        assert_eq!(
            i.trajectory_text(),
            "proposed ×2 → discussed → contested → discussed → agreed"
        );
        assert_eq!(
            i.recent_trajectory_text(2),
            "… 3 earlier → discussed → agreed"
        );
        assert_eq!(i.recent_trajectory_text(5), i.trajectory_text());
    }
}
