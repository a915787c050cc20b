//! `report` on a terminal: a table of every agenda item that fits 100 columns, with
//! statuses coloured only when colour is wanted.

use comfy_table::{Attribute, Cell, Color, ContentArrangement, Table, presets};

use super::Report;
use super::model::ItemReport;
use crate::domain::{Movement, Status};

/// The width the table is laid out for when the terminal's is unknown.
pub const WIDTH: u16 = 100;

pub fn render(report: &Report, colour: bool) -> String {
    let mut out = String::new();
    out.push_str(&heading(report));
    out.push('\n');

    let mut table = Table::new();
    table
        .load_preset(presets::UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_width(WIDTH)
        .set_header(["Agenda item", "Status", "Moved", "Round", "Note"]);
    if !colour {
        table.force_no_tty();
    } else {
        table.enforce_styling();
    }
    for item in &report.items {
        table.add_row(row(item, colour));
    }
    out.push_str(&table.to_string());
    out.push('\n');
    out
}

fn heading(report: &Report) -> String {
    let mut text = format!("{} ({})\n", report.process_name, report.process);
    let held = report.rounds.iter().filter(|r| r.state == "held").count();
    match &report.latest_round {
        Some(latest) => {
            let round = report.rounds.iter().find(|r| &r.round == latest);
            let date = round.and_then(|r| r.date.as_deref()).unwrap_or("undated");
            text.push_str(&format!(
                "{held} round{} held; latest: {latest} ({date})\n",
                if held == 1 { "" } else { "s" }
            ));
        }
        None => text.push_str("No rounds recorded yet.\n"),
    }
    if let Some(as_of) = &report.as_of {
        text.push_str(&format!("As recorded at {as_of}\n"));
    }
    text
}

fn row(item: &ItemReport, colour: bool) -> Vec<Cell> {
    let title = format!("{}{}", "  ".repeat(item.depth), item.title);
    let status = match item.status {
        Some(s) => {
            let cell = Cell::new(s.label());
            if colour {
                cell.fg(status_colour(s)).add_attribute(Attribute::Bold)
            } else {
                cell
            }
        }
        None => Cell::new("—"),
    };
    let moved = Cell::new(item.movement.map_or("", Movement::as_str));
    let round = Cell::new(item.round.as_deref().unwrap_or(""));
    let note = Cell::new(item.note.as_deref().unwrap_or(""));
    vec![Cell::new(title), status, moved, round, note]
}

/// Warm colours for setbacks, cool ones for progress along the ladder.
pub fn status_colour(status: Status) -> Color {
    match status {
        Status::Proposed => Color::Grey,
        Status::Discussed => Color::Cyan,
        Status::Progressing => Color::Blue,
        Status::Preliminary => Color::DarkGreen,
        Status::Agreed | Status::Implementing | Status::Implemented => Color::Green,
        Status::Contested => Color::Yellow,
        Status::Stalled => Color::DarkYellow,
        Status::Dropped => Color::Red,
    }
}
