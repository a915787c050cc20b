//! `parley diff A B`: what changed between two rounds. An item's status "at" a round is
//! the one in force after it: recorded at that round, or else at the latest earlier
//! round that addressed the item. Likewise a party's stance.

use std::collections::HashMap;

use serde_json::{Value, json};

use crate::domain::model::RoundRef;
use crate::domain::{Movement, Status};
use crate::error::Result;
use crate::output::Tabular;
use crate::storage::Database;

/// The columns `diff` prints. Stable: add, never rename.
pub const COLUMNS: [&str; 7] = [
    "change", "item", "title", "party", "before", "after", "movement",
];

/// One change between the rounds.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    /// `status` (the item's status differs), `new` (no status at A, one at B) or
    /// `stance` (a party's stance differs or is new).
    pub change: &'static str,
    pub item: String,
    pub title: String,
    pub party: Option<String>,
    pub before: Option<String>,
    pub after: String,
    /// For statuses: `advanced`, `regressed` or `new`; for stances: `changed` or `new`.
    pub movement: String,
}

pub async fn changes(db: &Database, a: &RoundRef, b: &RoundRef) -> Result<Vec<Change>> {
    let process_id = b.process_id;
    let rounds = db.rounds(process_id).await?;
    let number: HashMap<i64, i64> = rounds.iter().map(|r| (r.round_id, r.number)).collect();
    let items = db.report_items(process_id, None).await?;
    let statuses = db.report_statuses(process_id, None).await?;
    let positions = db.report_positions(process_id, None).await?;

    // Each item's records, and each party's positions on it, as (round number,
    // value) in recording order: one pass, so a large database diffs quickly.
    let mut item_statuses: HashMap<i64, Vec<(i64, &str)>> = HashMap::new();
    for s in &statuses {
        if let Some(&n) = number.get(&s.round_id) {
            item_statuses
                .entry(s.agenda_item_id)
                .or_default()
                .push((n, s.status.as_str()));
        }
    }
    let mut item_stances: HashMap<(i64, &str), Vec<(i64, &str)>> = HashMap::new();
    for p in &positions {
        if let Some(&n) = number.get(&p.round_id) {
            item_stances
                .entry((p.agenda_item_id, p.party.as_str()))
                .or_default()
                .push((n, p.stance.as_str()));
        }
    }
    // The value in force after a round: from the latest round up to it; among records
    // of one round, the last recorded.
    fn latest<'a>(records: Option<&Vec<(i64, &'a str)>>, round: &RoundRef) -> Option<&'a str> {
        let mut best: Option<(i64, &str)> = None;
        for &(n, value) in records.into_iter().flatten() {
            if n <= round.number && best.is_none_or(|(m, _)| n >= m) {
                best = Some((n, value));
            }
        }
        best.map(|(_, v)| v)
    }
    let at = |round: &RoundRef, item: i64| -> Option<Status> {
        latest(item_statuses.get(&item), round).and_then(|s| s.parse().ok())
    };
    let stance_at = |round: &RoundRef, item: i64, party: &str| -> Option<String> {
        latest(item_stances.get(&(item, party)), round).map(str::to_owned)
    };

    let mut out = Vec::new();
    for item in &items {
        let before = at(a, item.agenda_item_id);
        let after = at(b, item.agenda_item_id);
        match (before, after) {
            (Some(x), Some(y)) if x != y => out.push(Change {
                change: "status",
                item: item.slug.clone(),
                title: item.title.clone(),
                party: None,
                before: Some(x.as_str().to_owned()),
                after: y.as_str().to_owned(),
                movement: Movement::between(Some(x), y).as_str().to_owned(),
            }),
            (None, Some(y)) => out.push(Change {
                change: "new",
                item: item.slug.clone(),
                title: item.title.clone(),
                party: None,
                before: None,
                after: y.as_str().to_owned(),
                movement: "new".to_owned(),
            }),
            _ => {}
        }
    }
    let mut parties: Vec<&str> = positions.iter().map(|p| p.party.as_str()).collect();
    parties.sort_unstable();
    parties.dedup();
    for item in &items {
        for party in &parties {
            let before = stance_at(a, item.agenda_item_id, party);
            let Some(after) = stance_at(b, item.agenda_item_id, party) else {
                continue;
            };
            if before.as_deref() != Some(after.as_str()) {
                out.push(Change {
                    change: "stance",
                    item: item.slug.clone(),
                    title: item.title.clone(),
                    party: Some(party.to_string()),
                    movement: if before.is_some() { "changed" } else { "new" }.to_owned(),
                    before,
                    after,
                });
            }
        }
    }
    Ok(out)
}

pub fn tabular(changes: &[Change]) -> Tabular {
    let mut t = Tabular::new(COLUMNS);
    let opt = |s: &Option<String>| s.as_ref().map_or(Value::Null, |s| json!(s));
    for c in changes {
        t.push(vec![
            json!(c.change),
            json!(c.item),
            json!(c.title),
            opt(&c.party),
            opt(&c.before),
            json!(c.after),
            json!(c.movement),
        ]);
    }
    t
}
