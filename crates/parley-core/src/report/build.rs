//! Building a [`Report`] from the database: a handful of reads (not one per item or
//! round), then one pass over each item's records.

use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;

use super::model::*;
use super::text;
use crate::domain::{Movement, Status};
use crate::error::Result;
use crate::storage::prelude::*;
use crate::storage::{CitationRow, ItemRow, PositionRow, StatusRow};

impl Report {
    pub async fn build(db: &impl Storage, request: &ReportRequest) -> Result<Report> {
        let as_of = request.as_of;
        let round_rows = db.report_rounds(request.process_id, as_of).await?;
        let items = db.report_items(request.process_id, as_of).await?;
        let statuses = db.report_statuses(request.process_id, as_of).await?;
        let positions = db.report_positions(request.process_id, as_of).await?;
        let commitments = db.report_commitments(request.process_id, as_of).await?;
        let notes = db.report_round_notes(request.process_id, as_of).await?;
        let quotes = db.report_quotes(request.process_id, as_of).await?;

        let round_index: HashMap<i64, usize> = round_rows
            .iter()
            .enumerate()
            .map(|(i, r)| (r.round_id, i))
            .collect();
        let item_slug: HashMap<i64, &str> = items
            .iter()
            .map(|i| (i.agenda_item_id, i.slug.as_str()))
            .collect();

        // The rounds, each with its label, notes and quotes.
        let mut rounds: Vec<RoundSummary> = round_rows
            .into_iter()
            .map(|row| RoundSummary {
                label: text::round_label(
                    &row.title,
                    row.location.as_deref(),
                    row.date.as_deref(),
                    row.end_date.as_deref(),
                ),
                dates: text::dates(row.date.as_deref(), row.end_date.as_deref()),
                row,
                notes: Vec::new(),
                quotes: Vec::new(),
            })
            .collect();
        for n in notes {
            if let Some(&i) = round_index.get(&n.round_id) {
                rounds[i].notes.push(RoundNote {
                    kind: n.kind,
                    body: n.body,
                });
            }
        }
        // Quotes in round order, each also listed under the item it concerns.
        let mut item_quotes: HashMap<i64, Vec<QuoteSummary>> = HashMap::new();
        let mut quotes: Vec<(usize, Option<i64>, crate::storage::ReportQuoteRow)> = quotes
            .into_iter()
            .filter_map(|q| {
                round_index
                    .get(&q.round_id)
                    .map(|&i| (i, q.agenda_item_id, q))
            })
            .collect();
        quotes.sort_by_key(|(i, _, _)| *i);
        for (i, item_id, q) in quotes {
            let summary = QuoteSummary {
                round: rounds[i].round.clone(),
                round_label: rounds[i].label.clone(),
                item: item_id.and_then(|id| item_slug.get(&id).map(|s| s.to_string())),
                party: q.party,
                party_name: q.party_name,
                speaker_name: q.speaker_name,
                speaker_description: q.speaker_description,
                text: q.text,
            };
            if let Some(id) = item_id {
                item_quotes.entry(id).or_default().push(summary.clone());
            }
            rounds[i].quotes.push(summary);
        }

        // Held rounds up to and including each round: how stale a status is.
        let held_through: Vec<usize> = rounds
            .iter()
            .scan(0, |held, r| {
                *held += usize::from(r.is_held());
                Some(*held)
            })
            .collect();
        let latest_index = rounds
            .iter()
            .rposition(|r| r.is_held())
            .or(rounds.len().checked_sub(1));
        let held_since = |i: usize| {
            latest_index.map_or(0, |latest| {
                held_through[latest].saturating_sub(held_through[i])
            })
        };

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

        let current: Vec<&StatusRow> = by_item.values().filter_map(|r| r.last().copied()).collect();
        let current_ids: Vec<i64> = current.iter().map(|s| s.status_record_id).collect();
        let citations = db.report_citations(&current_ids, as_of).await?;
        let mut record_notes = db.report_notes(&current_ids).await?;
        // The sources each round that set a current status cites as a whole.
        let setting_rounds: Vec<i64> = current
            .iter()
            .map(|s| s.round_id)
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        let mut round_sources: HashMap<i64, BTreeSet<String>> = HashMap::new();
        for c in db.report_round_citations(&setting_rounds).await? {
            round_sources
                .entry(c.round_id)
                .or_default()
                .insert(c.source);
        }
        let mut cited: HashMap<i64, Vec<&CitationRow>> = HashMap::new();
        for c in &citations {
            cited.entry(c.status_record_id).or_default().push(c);
        }
        // Every step of every trajectory names its round: share one copy of each slug.
        let round_slugs: Vec<Arc<str>> =
            rounds.iter().map(|r| Arc::from(r.round.as_str())).collect();

        // Each item's positions, grouped once rather than filtered per item.
        let mut positions_of: HashMap<i64, Vec<&PositionRow>> = HashMap::new();
        for p in positions
            .iter()
            .filter(|p| round_index.contains_key(&p.round_id))
        {
            positions_of.entry(p.agenda_item_id).or_default().push(p);
        }
        let depths = depths(&items);

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
            let round_at = current.map(|s| round_index[&s.round_id]);
            let round = round_at.map(|i| &rounds[i]);

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
                            published: c.published.clone(),
                        })
                        .collect()
                })
                .unwrap_or_default();
            let weakest_reliability = sources.iter().filter_map(|s| s.reliability.clone()).max();
            let cites_round_sources = current.is_some_and(|s| {
                round_sources.get(&s.round_id).is_some_and(|of_round| {
                    !sources.is_empty()
                        && sources.len() == of_round.len()
                        && sources.iter().all(|c| of_round.contains(&c.source))
                })
            });

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
                    stance_label: p.stance_label.clone(),
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
                    .and_then(|p| item_slug.get(&p).map(|s| s.to_string())),
                depth: depths.get(&item.agenda_item_id).copied().unwrap_or(0),
                status,
                status_label: status.map(|s| s.label().to_owned()),
                rank: status.map(Status::rank),
                round: round.map(|r| r.round.clone()),
                round_number: round.map(|r| r.number),
                round_date: round.and_then(|r| r.date.clone()),
                note: current.and_then(|s| record_notes.remove(&s.status_record_id)),
                confidence: current.and_then(|s| s.confidence),
                previous_status,
                movement,
                trajectory,
                stances,
                source_count: sources.len(),
                sources,
                weakest_reliability,
                setback_rounds,
                round_label: round.map(|r| r.label.clone()),
                rounds_since: round_at.map(held_since),
                cites_round_sources,
                cautions: round
                    .map(|r| r.notes_of("caution").map(str::to_owned).collect())
                    .unwrap_or_default(),
                quotes: item_quotes.remove(&item.agenda_item_id).unwrap_or_default(),
                earlier_status: None,
            });
        }

        let commitments = commitments
            .into_iter()
            .map(|c| {
                let round = round_index.get(&c.round_id).map(|&i| &rounds[i]);
                let list =
                    |json: &str| serde_json::from_str::<Vec<String>>(json).unwrap_or_default();
                CommitmentSummary {
                    round: round.map(|r| r.round.clone()).unwrap_or_default(),
                    round_label: round.map(|r| r.label.clone()).unwrap_or_default(),
                    commitment: c.slug,
                    item: c.item,
                    kind: c.kind,
                    description: c.description,
                    due_date: c.due_date,
                    parties: list(&c.parties),
                    party_names: list(&c.party_names),
                    fate: c.fate,
                }
            })
            .collect();

        let next_round = rounds.iter().find(|r| r.state == "scheduled").cloned();
        let latest_round = latest_index.map(|i| rounds[i].round.clone());

        // What the latest round moved, and what is held up and for how long.
        let moved = item_reports
            .iter()
            .filter(|i| i.round.is_some() && i.round == latest_round)
            .filter_map(|i| {
                let status = i.status?;
                Some(MoveSummary {
                    item: i.item.clone(),
                    title: i.title.clone(),
                    movement: i.movement?,
                    previous_status: i.previous_status,
                    status,
                    previous_status_label: i.previous_status.map(Status::label),
                    status_label: status.label(),
                })
            })
            .collect();
        let label_of: HashMap<&str, &str> = rounds
            .iter()
            .map(|r| (r.round.as_str(), r.label.as_str()))
            .collect();
        let setbacks = item_reports
            .iter()
            .filter_map(|i| {
                let count = i.setback_rounds?;
                let first = i.trajectory.len().checked_sub(count)?;
                let since_round = i.trajectory[first].round.to_string();
                let status = i.status?;
                Some(SetbackSummary {
                    item: i.item.clone(),
                    title: i.title.clone(),
                    status,
                    rounds: count,
                    since_round_label: label_of
                        .get(since_round.as_str())
                        .map_or_else(|| since_round.clone(), |l| l.to_string()),
                    since_round,
                    status_label: status.label(),
                    last_round: i.round.clone()?,
                    last_round_label: i.round_label.clone()?,
                    rounds_since: i.rounds_since.unwrap_or(0),
                })
            })
            .collect();
        let sources = source_summaries(&item_reports, &round_sources, &rounds, &round_index);

        Ok(Report {
            process: request.process.clone(),
            process_name: request.process_name.clone(),
            generated_at: request.generated_at,
            as_of: request.as_of,
            latest_round,
            rounds,
            items: item_reports,
            commitments,
            next_round,
            since: None,
            moved,
            setbacks,
            sources,
        })
    }
}

/// Every source behind a current status, once, in order of first citation, with the
/// items it backs and the rounds it is cited for as a whole.
fn source_summaries(
    items: &[ItemReport],
    round_sources: &HashMap<i64, BTreeSet<String>>,
    rounds: &[RoundSummary],
    round_index: &HashMap<i64, usize>,
) -> Vec<SourceSummary> {
    let mut out: Vec<SourceSummary> = Vec::new();
    let mut at: HashMap<String, usize> = HashMap::new();
    for item in items {
        for s in &item.sources {
            let i = *at.entry(s.source.clone()).or_insert_with(|| {
                out.push(SourceSummary {
                    source: s.source.clone(),
                    outlet: s.outlet.clone(),
                    title: s.title.clone(),
                    url: s.url.clone(),
                    published: s.published.clone(),
                    reliability: s.reliability.clone(),
                    items: Vec::new(),
                    rounds: Vec::new(),
                });
                out.len() - 1
            });
            out[i].items.push(item.item.clone());
        }
    }
    let mut by_round: Vec<(usize, &BTreeSet<String>)> = round_sources
        .iter()
        .filter_map(|(id, sources)| round_index.get(id).map(|&i| (i, sources)))
        .collect();
    by_round.sort_by_key(|(i, _)| *i);
    for (i, sources) in by_round {
        for source in sources {
            if let Some(&at) = at.get(source) {
                out[at].rounds.push(rounds[i].round.clone());
            }
        }
    }
    out
}

/// Each item's depth in the tree: 0 for a top-level item. A parent cycle written by
/// hand in SQL stops the count rather than looping.
fn depths(items: &[ItemRow]) -> HashMap<i64, usize> {
    let parent: HashMap<i64, Option<i64>> = items
        .iter()
        .map(|i| (i.agenda_item_id, i.parent_agenda_item_id))
        .collect();
    items
        .iter()
        .map(|i| {
            let mut depth = 0;
            let mut id = i.agenda_item_id;
            while let Some(Some(p)) = parent.get(&id) {
                depth += 1;
                id = *p;
                if depth > items.len() {
                    break;
                }
            }
            (i.agenda_item_id, depth)
        })
        .collect()
}

/// Items with each parent followed by its sub-items, otherwise in recording order.
fn tree_order(items: &[ItemRow]) -> Vec<&ItemRow> {
    let mut children: HashMap<Option<i64>, Vec<&ItemRow>> = HashMap::new();
    for item in items {
        children
            .entry(item.parent_agenda_item_id)
            .or_default()
            .push(item);
    }
    let mut out = Vec::with_capacity(items.len());
    let mut seen = std::collections::HashSet::new();
    let mut stack: Vec<&ItemRow> = children.get(&None).cloned().unwrap_or_default();
    stack.reverse();
    while let Some(item) = stack.pop() {
        if !seen.insert(item.agenda_item_id) {
            continue;
        }
        out.push(item);
        if let Some(kids) = children.get(&Some(item.agenda_item_id)) {
            stack.extend(kids.iter().rev());
        }
    }
    // Anything unreachable (a parent cycle written by hand in SQL) still appears.
    for item in items {
        if seen.insert(item.agenda_item_id) {
            out.push(item);
        }
    }
    out
}
