//! `report --format csv`: one row per agenda item, for spreadsheets. Every text cell
//! that a spreadsheet would run as a formula is neutralised (see `output::escape`).

use serde_json::{Value, json};

use super::Report;
use crate::output::{Tabular, TabularFormat};

/// The columns, in order. Stable: add, never rename.
pub const COLUMNS: [&str; 16] = [
    "item",
    "title",
    "parent",
    "status",
    "status_label",
    "rank",
    "round",
    "round_date",
    "movement",
    "previous_status",
    "trajectory",
    "stances",
    "source_count",
    "weakest_reliability",
    "setback_rounds",
    "note",
];

pub fn render(report: &Report) -> String {
    let mut table = Tabular::new(COLUMNS);
    let text = |s: Option<&str>| s.map_or(Value::Null, |s| json!(s));
    for item in &report.items {
        table.push(vec![
            json!(item.item),
            json!(item.title),
            text(item.parent.as_deref()),
            text(item.status.map(|s| s.as_str())),
            text(item.status_label.as_deref()),
            item.rank.map_or(Value::Null, |r| json!(r)),
            text(item.round.as_deref()),
            text(item.round_date.as_deref()),
            text(item.movement.map(|m| m.as_str())),
            text(item.previous_status.map(|s| s.as_str())),
            json!(item.trajectory_text()),
            json!(item.stances_text()),
            json!(item.source_count),
            text(item.weakest_reliability.as_deref()),
            item.setback_rounds.map_or(Value::Null, |n| json!(n)),
            text(item.note.as_deref()),
        ]);
    }
    table.render(TabularFormat::Csv)
}
