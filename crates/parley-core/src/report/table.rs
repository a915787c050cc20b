//! `report` on a terminal: a heading, a table of every agenda item laid out for the
//! terminal's width, statuses coloured only when colour is wanted, then the sections
//! (what moved at the latest round, setbacks, the rounds with their tone, cautions,
//! notes and quotes, open commitments, the next round, the sources).

use super::model::ItemReport;
use super::text::{self, RoundSection};
use super::{Report, RoundWindow};
use crate::domain::Status;
use crate::output::escape::terminal;
use crate::output::grid::{self, Cell, Grid};

/// How many runs of an item's trajectory the table shows; the other formats show all.
const RECENT_RUNS: usize = 6;

/// Marks a status whose round noted a caution.
const CAUTION: &str = "⚠";

pub fn render(report: &Report, colour: bool, width: usize, window: RoundWindow) -> String {
    let mut out = String::new();
    out.push_str(&terminal(&format!(
        "{} ({})\n",
        report.process_name, report.process
    )));
    out.push_str(&paragraph(&text::rounds_line(report), width, "", ""));
    if let Some(scope) = text::scope_line(report) {
        out.push_str(&paragraph(&scope, width, "", ""));
    }
    out.push('\n');

    if width < STACK_BELOW {
        stacked(&mut out, report, colour, width);
    } else {
        let grid = Grid {
            header: [
                "Agenda item",
                "Status",
                "Last addressed",
                "Trajectory",
                "Stances",
                "Sources",
            ]
            .map(str::to_owned)
            .to_vec(),
            rows: report.items.iter().map(|i| row(i, colour)).collect(),
        };
        out.push_str(&grid.render(width));
    }
    if report.items.iter().any(|i| !i.cautions.is_empty()) {
        out.push_str(&paragraph(
            &format!("{CAUTION} The round that set the status noted a caution: see Rounds below."),
            width,
            "",
            "  ",
        ));
    }

    for (title, lines) in sections(report, window) {
        out.push('\n');
        out.push_str(&paragraph(&title, width, "", "  "));
        for (depth, line) in lines {
            let indent = "  ".repeat(depth + 1);
            out.push_str(&paragraph(&line, width, &indent, &format!("{indent}  ")));
        }
    }
    out
}

/// Below this width the items are listed one under another instead of in a table
/// whose seven columns would each be a word wide.
const STACK_BELOW: usize = 90;

/// The items one under another, each a heading line and its facts.
fn stacked(out: &mut String, report: &Report, colour: bool, width: usize) {
    for item in &report.items {
        let cells = row(item, false);
        let mut heading = format!("{}{}", "  ".repeat(item.depth), item.title);
        if let Some(s) = item.status {
            let status = cells[1].text.replace('\n', " ");
            heading.push_str(" — ");
            heading.push_str(&match colour {
                true => format!("{}{status}\x1b[0m", status_style(s)),
                false => status,
            });
        }
        out.push_str(&paragraph(&heading, width, "", "    "));
        let indent = "  ".repeat(item.depth + 1);
        for (label, cell) in ["Last addressed", "Trajectory", "Stances", "Sources"]
            .iter()
            .zip(&cells[2..])
        {
            if !cell.text.is_empty() {
                out.push_str(&paragraph(
                    &format!("{label}: {}", cell.text),
                    width,
                    &indent,
                    &format!("{indent}  "),
                ));
            }
        }
    }
}

/// Text wrapped to `width`, its first line after `first` and the others after `rest`,
/// with nothing a user wrote able to reach the terminal as a control sequence.
fn paragraph(text: &str, width: usize, first: &str, rest: &str) -> String {
    let mut out = String::new();
    let room = width.saturating_sub(grid::width(rest)).max(20);
    for (i, line) in grid::wrap(&terminal(text), room).into_iter().enumerate() {
        out.push_str(if i == 0 { first } else { rest });
        out.push_str(&line);
        out.push('\n');
    }
    out
}

fn row(item: &ItemReport, colour: bool) -> Vec<Cell> {
    // Sub-items are marked rather than indented, so that wrapping keeps the mark.
    let title = format!("{}{}", "└ ".repeat(item.depth), item.title);
    let status = match item.status {
        Some(s) => {
            let mut text = s.label().to_owned();
            if !item.cautions.is_empty() {
                text.push_str(&format!(" {CAUTION}"));
            }
            if let Some(m) = item.movement {
                text.push_str(&format!("\n({m})"));
            }
            Cell {
                text,
                style: colour.then(|| status_style(s)),
            }
        }
        None => Cell::from("—"),
    };
    let last = match (&item.round_label, item.rounds_since) {
        (Some(label), Some(1)) => format!("{label}; not in the last round"),
        (Some(label), Some(n)) if n > 1 => format!("{label}; not in the last {n} rounds"),
        (Some(label), _) => label.clone(),
        (None, _) => String::new(),
    };
    let plain = |text: &str| Cell::from(terminal(text).into_owned());
    vec![
        plain(&title),
        status,
        plain(&last),
        plain(&item.recent_trajectory_text(RECENT_RUNS)),
        plain(&item.stances_text()),
        plain(&text::sources(&item.sources, item.cites_round_sources)),
    ]
}

/// The report's sections as plain lines (`(indent, text)`), for the terminal and
/// Markdown (which escapes them): a title, then the entries.
pub fn sections(report: &Report, window: RoundWindow) -> Vec<(String, Vec<(usize, String)>)> {
    let mut out = Vec::new();
    let latest = report
        .latest_round
        .as_deref()
        .map_or("none", |slug| report.round_label(slug));
    let moved: Vec<(usize, String)> = report.moved.iter().map(|m| (0, text::moved(m))).collect();
    out.push((
        format!("What moved at the latest round ({latest})"),
        or_none(moved),
    ));
    let setbacks: Vec<(usize, String)> = report
        .setbacks
        .iter()
        .map(|s| (0, text::setback(s)))
        .collect();
    out.push(("Contested or stalled".to_owned(), or_none(setbacks)));

    let mut rounds = Vec::new();
    for section in text::round_sections(report, window) {
        rounds.extend(round_lines(&section));
    }
    out.push((
        "Rounds, latest first: tone, cautions, and the statuses each set".to_owned(),
        or_none(rounds),
    ));

    let commitments: Vec<(usize, String)> = report
        .open_commitments()
        .map(|c| (0, text::commitment(c)))
        .collect();
    out.push(("Open commitments".to_owned(), or_none(commitments)));
    let next = match &report.next_round {
        Some(r) => format!("{} ({})", r.label, r.title),
        None => "none scheduled".to_owned(),
    };
    out.push(("Next round".to_owned(), vec![(0, next)]));
    let mut sources: Vec<(usize, String)> = Vec::new();
    for group in text::source_groups(report) {
        for s in &group {
            sources.push((0, text::source_reference(s)));
        }
        sources.push((1, text::source_support(report, &group, usize::MAX)));
    }
    out.push((
        "Sources behind the current statuses".to_owned(),
        or_none(sources),
    ));
    out
}

/// A round's section as lines: its heading, tone, cautions and summary; the statuses
/// it set that still stand, with their notes and quotes; its other notes and quotes.
pub fn round_lines(section: &RoundSection<'_>) -> Vec<(usize, String)> {
    let r = section.round;
    let mut lines = vec![(
        0,
        format!("{} — {} ({})", r.label, r.title, text::round_facts(r)),
    )];
    if let Some(tone) = &r.tone {
        lines.push((1, format!("Tone: {tone}")));
    }
    for caution in r.notes_of("caution") {
        lines.push((1, format!("{CAUTION} Caution: {caution}")));
    }
    if let Some(summary) = &r.summary {
        lines.push((1, summary.clone()));
    }
    if !section.items.is_empty() {
        lines.push((1, "Current statuses set here:".to_owned()));
        for item in &section.items {
            let status = item.status.map_or("—", Status::label);
            let line = match &item.note {
                Some(note) => format!("{}: {status}. {note}", item.title),
                None => format!("{}: {status}.", item.title),
            };
            lines.push((2, line));
            for q in item.quotes.iter().filter(|q| q.round == r.round) {
                lines.push((3, text::quote(q)));
            }
        }
    }
    for note in r.notes.iter().filter(|n| n.kind != "caution") {
        lines.push((1, format!("{}: {}", text::note_kind(&note.kind), note.body)));
    }
    for q in section.other_quotes() {
        lines.push((1, text::quote_with_item(section.report, q)));
    }
    lines
}

fn or_none(lines: Vec<(usize, String)>) -> Vec<(usize, String)> {
    if lines.is_empty() {
        vec![(0, "none".to_owned())]
    } else {
        lines
    }
}

/// Cool colours for progress along the ladder, warm ones for setbacks, bold.
pub fn status_style(status: Status) -> &'static str {
    match status {
        Status::Proposed => "\x1b[1;37m",
        Status::Discussed => "\x1b[1;36m",
        Status::Progressing => "\x1b[1;34m",
        Status::Preliminary => "\x1b[1;32m",
        Status::Agreed | Status::Implementing | Status::Implemented => "\x1b[1;92m",
        Status::Contested => "\x1b[1;33m",
        Status::Stalled => "\x1b[1;93m",
        Status::Dropped => "\x1b[1;31m",
    }
}
