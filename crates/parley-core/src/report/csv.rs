//! `report --format csv`: one row per agenda item, for spreadsheets. Every text cell
//! that a spreadsheet would run as a formula is neutralised (see `output::escape`).
//! Slug columns (`item`, `status`, `round`, …) hold the database's values; the text
//! columns (`trajectory`, `stances`, `sources`, …) read as the other reports do.

use serde_json::{Value, json};

use super::{Report, text};
use crate::output::{Tabular, TabularFormat};

/// The columns, in order. Stable: add, never rename.
pub const COLUMNS: [&str; 22] = [
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
    "round_label",
    "rounds_since",
    "last_addressed",
    "sources",
    "cautions",
    "quotes",
];

pub fn render(report: &Report) -> String {
    let mut table = Tabular::new(COLUMNS);
    let text = |s: Option<&str>| s.map_or(Value::Null, |s| json!(s));
    let lines = |lines: Vec<String>| json!(lines.join("\n"));
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
            text(item.round_label.as_deref()),
            item.rounds_since.map_or(Value::Null, |n| json!(n)),
            json!(text::last_addressed(item)),
            json!(text::sources(&item.sources, item.cites_round_sources)),
            lines(item.cautions.clone()),
            lines(
                item.quotes
                    .iter()
                    .map(|q| format!("{}, {}", text::quote(q), q.round_label))
                    .collect(),
            ),
        ]);
    }
    table.render(TabularFormat::Csv)
}
