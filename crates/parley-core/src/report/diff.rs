//! `parley diff A B`: what changed between two rounds. An item's status "at" a round is
//! the one in force after it: recorded at that round, or else at the latest earlier
//! round that addressed the item. Likewise a party's stance.

use serde_json::{Value, json};

use crate::domain::Movement;
use crate::domain::model::RoundRef;
use crate::error::Result;
use crate::output::Tabular;
use crate::storage::prelude::*;

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

pub async fn changes(db: &impl Storage, a: &RoundRef, b: &RoundRef) -> Result<Vec<Change>> {
    let mut out = Vec::new();
    for item in db.statuses_at(a, b).await? {
        match (item.before, item.after) {
            (Some(x), Some(y)) if x != y => out.push(Change {
                change: "status",
                item: item.item,
                title: item.title,
                party: None,
                before: Some(x.as_str().to_owned()),
                after: y.as_str().to_owned(),
                movement: Movement::between(Some(x), y).as_str().to_owned(),
            }),
            (None, Some(y)) => out.push(Change {
                change: "new",
                item: item.item,
                title: item.title,
                party: None,
                before: None,
                after: y.as_str().to_owned(),
                movement: "new".to_owned(),
            }),
            _ => {}
        }
    }
    for stance in db.stances_at(a, b).await? {
        let Some(after) = stance.after else { continue };
        if stance.before != Some(after) {
            out.push(Change {
                change: "stance",
                item: stance.item,
                title: stance.title,
                party: Some(stance.party),
                movement: if stance.before.is_some() {
                    "changed"
                } else {
                    "new"
                }
                .to_owned(),
                before: stance.before.map(|s| s.as_str().to_owned()),
                after: after.as_str().to_owned(),
            });
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
