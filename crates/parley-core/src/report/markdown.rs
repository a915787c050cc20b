//! `report --format markdown`: a heading, the per-item table and the sections, every
//! piece of user text escaped so that it reads as text (no links, no HTML).

use super::text;
use super::{Report, RoundWindow};
use crate::output::escape::markdown_cell as md;

pub fn render(report: &Report, window: RoundWindow) -> String {
    let mut out = format!(
        "# {} ({})\n\n",
        md(&report.process_name),
        md(&report.process)
    );
    out.push_str(&md(&text::rounds_line(report)));
    out.push('.');
    if let Some(scope) = text::scope_line(report) {
        out.push_str(&format!(" {}.", md(&scope)));
    }
    out.push_str(&format!(
        " Report of {}.\n\n",
        md(&text::instant_date(report.generated_at))
    ));

    out.push_str(
        "| Agenda item | Status | Moved | Last addressed | Trajectory | Stances | Sources | Notes |\n",
    );
    out.push_str("|---|---|---|---|---|---|---|---|\n");
    for item in &report.items {
        let indent = "\u{a0}\u{a0}".repeat(item.depth);
        let mut notes: Vec<String> = item.note.iter().cloned().collect();
        for caution in &item.cautions {
            notes.push(format!("⚠ Caution (the round's): {caution}"));
        }
        for q in item.quotes.iter().rev().take(3) {
            notes.push(format!("{}, {}", text::quote(q), q.round_label));
        }
        let cells = [
            format!("{indent}{}", md(&item.title)),
            md(item.status.map_or("—", |s| s.label())),
            md(item.movement.map_or("", |m| m.as_str())),
            md(&text::last_addressed(item)),
            md(&item.trajectory_text()),
            md(&item.stances_text()),
            md(&text::sources(&item.sources, item.cites_round_sources)),
            md(&notes.join("\n")),
        ];
        out.push_str(&format!("| {} |\n", cells.join(" | ")));
    }
    for (title, lines) in super::table::sections(report, window) {
        out.push_str(&format!("\n## {}\n\n", md(&title)));
        for (depth, line) in lines {
            out.push_str(&format!("{}- {}\n", "  ".repeat(depth), md(&line)));
        }
    }
    out
}
