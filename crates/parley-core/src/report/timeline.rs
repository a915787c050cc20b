//! `parley timeline [ITEM]`: the chronological record. Every round, then the status
//! records written for it, superseded ones included: a record a later correction
//! replaced is marked `corrected`, the correction `correction`, each with the time it
//! was recorded.

use std::collections::HashMap;

use serde_json::{Value, json};

use crate::domain::{Instant, Movement, Status};
use crate::error::Result;
use crate::output::Tabular;
use crate::storage::prelude::*;

/// The columns `timeline` prints. Stable: add, never rename.
pub const COLUMNS: [&str; 8] = [
    "round",
    "date",
    "event",
    "item",
    "status",
    "movement",
    "note",
    "recorded_at",
];

/// The record of a process, or of one item (by slug) when `item` is given, as it
/// stood at `as_of` (now when `None`); an item's timeline leaves out the round rows.
pub async fn build(
    db: &impl Storage,
    process_id: i64,
    item: Option<&str>,
    as_of: Option<Instant>,
) -> Result<Tabular> {
    let rounds = db.report_rounds(process_id, as_of).await?;
    let history = db.status_history(process_id, item, as_of).await?;
    let mut by_round: HashMap<i64, Vec<&crate::storage::HistoryRow>> = HashMap::new();
    for h in &history {
        by_round.entry(h.round_id).or_default().push(h);
    }
    let mut standing: HashMap<&str, Status> = HashMap::new();
    let mut t = Tabular::new(COLUMNS);
    let text = |s: Option<&str>| s.map_or(Value::Null, |s| json!(s));
    for r in &rounds {
        let records = by_round.get(&r.round_id).map(Vec::as_slice).unwrap_or(&[]);
        if item.is_none() {
            t.push(vec![
                json!(r.round),
                text(r.date.as_deref()),
                json!(format!("round {}", r.state)),
                Value::Null,
                Value::Null,
                Value::Null,
                json!(r.title),
                Value::Null,
            ]);
        }
        // Movement of the records in force, against the item's previous round.
        let mut moved: HashMap<&str, Movement> = HashMap::new();
        for h in records.iter().filter(|h| !h.superseded) {
            if let Ok(status) = h.status.parse::<Status>() {
                let previous = standing.get(h.item.as_str()).copied();
                moved.insert(&h.item, Movement::between(previous, status));
            }
        }
        for h in records.iter().filter(|h| !h.superseded) {
            if let Ok(status) = h.status.parse::<Status>() {
                standing.insert(&h.item, status);
            }
        }
        for h in records {
            let event = if h.superseded {
                "corrected"
            } else if h.supersedes.is_some() {
                "correction"
            } else {
                "status"
            };
            t.push(vec![
                json!(r.round),
                text(r.date.as_deref()),
                json!(event),
                json!(h.item),
                json!(h.status),
                if h.superseded {
                    Value::Null
                } else {
                    moved
                        .get(h.item.as_str())
                        .map_or(Value::Null, |m| json!(m.as_str()))
                },
                text(h.note.as_deref()),
                json!(h.recorded_at),
            ]);
        }
    }
    Ok(t)
}
