//! `report` on a terminal: a table of every agenda item that fits 100 columns, with
//! statuses coloured only when colour is wanted, then the sections (what moved at the
//! latest round, setbacks, open commitments, the next round).

use comfy_table::{Attribute, Cell, Color, ContentArrangement, Table, presets};

use super::Report;
use super::model::ItemReport;
use crate::domain::{Movement, Status};
use crate::output::escape::terminal;

/// The width the table is laid out for when the terminal's is unknown.
pub const WIDTH: u16 = 100;

/// How many runs of an item's trajectory the table shows; the other formats show all.
const RECENT_RUNS: usize = 6;

pub fn render(report: &Report, colour: bool) -> String {
    let mut out = String::new();
    out.push_str(&heading(report));
    out.push('\n');

    let mut table = Table::new();
    table
        .load_preset(presets::UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_width(WIDTH)
        .set_header([
            "Agenda item",
            "Status",
            "Round",
            "Moved",
            "Trajectory",
            "Sources",
            "Stances",
        ]);
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
    for (title, lines) in sections(report) {
        out.push('\n');
        out.push_str(&title);
        out.push('\n');
        for line in lines {
            for (i, part) in wrap(&line, WIDTH as usize - 4).into_iter().enumerate() {
                out.push_str(if i == 0 { "  " } else { "    " });
                out.push_str(&terminal(&part));
                out.push('\n');
            }
        }
    }
    out
}

fn heading(report: &Report) -> String {
    let mut text = format!("{} ({})\n", terminal(&report.process_name), report.process);
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
    for r in &report.rounds {
        text.push_str(&format!(
            "  #{} {} ({}, {})\n",
            r.number,
            r.round,
            r.date.as_deref().unwrap_or("undated"),
            r.state
        ));
    }
    if let Some(since) = &report.since {
        text.push_str(&format!("Covering rounds from {since} on\n"));
    }
    if let Some(as_of) = &report.as_of {
        text.push_str(&format!("As recorded at {as_of}\n"));
    }
    text
}

fn row(item: &ItemReport, colour: bool) -> Vec<Cell> {
    // comfy-table trims leading spaces, so sub-items are marked rather than indented.
    let title = format!("{}{}", "└ ".repeat(item.depth), item.title);
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
    // The round by number; the heading lists the rounds.
    let round = Cell::new(item.round_number.map_or(String::new(), |n| format!("#{n}")));
    vec![
        // Nothing a user wrote may reach the terminal as a control sequence.
        Cell::new(terminal(&title)),
        status,
        round,
        moved,
        Cell::new(item.recent_trajectory_text(RECENT_RUNS)),
        Cell::new(item.sources_text()),
        Cell::new(item.stances_text()),
    ]
}

/// The report's sections as plain lines, shared by the terminal and Markdown
/// renderers (which escape them): a title, then one line per entry.
pub fn sections(report: &Report) -> Vec<(String, Vec<String>)> {
    let mut out = Vec::new();
    let latest = report.latest_round.as_deref().unwrap_or("none");
    let moved: Vec<String> = report
        .moved
        .iter()
        .map(|m| match m.previous_status {
            Some(prev) => format!(
                "{}: {} ({} → {})",
                m.title,
                m.movement,
                prev.as_str(),
                m.status.as_str()
            ),
            None => format!("{}: {} ({})", m.title, m.movement, m.status.as_str()),
        })
        .collect();
    out.push((
        format!("What moved at the latest round ({latest})"),
        or_none(moved),
    ));
    let setbacks: Vec<String> = report
        .setbacks
        .iter()
        .map(|s| {
            format!(
                "{}: {} for {} round{} (since {})",
                s.title,
                s.status.as_str(),
                s.rounds,
                if s.rounds == 1 { "" } else { "s" },
                s.since_round
            )
        })
        .collect();
    out.push(("Contested or stalled".to_owned(), or_none(setbacks)));
    let commitments: Vec<String> = report
        .open_commitments()
        .map(|c| {
            let mut line = format!(
                "{} ({}, {}): {}",
                c.commitment, c.round, c.kind, c.description
            );
            if !c.parties.is_empty() {
                line.push_str(&format!(" Binds: {}.", c.parties.join(", ")));
            }
            if let Some(due) = &c.due_date {
                line.push_str(&format!(" Due: {due}."));
            }
            line
        })
        .collect();
    out.push(("Open commitments".to_owned(), or_none(commitments)));
    let next = match &report.next_round {
        Some(r) => {
            let mut line = format!("{} ({})", r.title, r.round);
            let when = [r.date.as_deref(), r.location.as_deref()]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(", ");
            if !when.is_empty() {
                line.push_str(&format!(": {when}"));
            }
            line
        }
        None => "none scheduled".to_owned(),
    };
    out.push(("Next round".to_owned(), vec![next]));
    out
}

fn or_none(lines: Vec<String>) -> Vec<String> {
    if lines.is_empty() {
        vec!["none".to_owned()]
    } else {
        lines
    }
}

/// Splits text into lines of at most `width` characters, at spaces.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
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
