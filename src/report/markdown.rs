//! `report --format markdown`: a heading, the per-item table and the sections, every
//! piece of user text escaped so that it reads as text (no links, no HTML).

use super::Report;
use crate::output::escape::markdown_cell as md;

pub fn render(report: &Report) -> String {
    let mut out = format!(
        "# {} ({})\n\n",
        md(&report.process_name),
        md(&report.process)
    );
    match &report.latest_round {
        Some(latest) => {
            let date = report
                .round(latest)
                .and_then(|r| r.date.as_deref())
                .unwrap_or("undated");
            out.push_str(&format!("Latest round: **{}** ({}).", md(latest), md(date)));
        }
        None => out.push_str("No rounds recorded yet."),
    }
    if let Some(since) = &report.since {
        out.push_str(&format!(" Covering rounds from {} on.", md(since)));
    }
    if let Some(as_of) = &report.as_of {
        out.push_str(&format!(" As recorded at {}.", md(as_of)));
    }
    out.push_str(&format!(" Generated {}.\n\n", md(&report.generated_at)));

    out.push_str(
        "| Agenda item | Status | Round | Moved | Trajectory | Sources | Stances | Note |\n",
    );
    out.push_str("|---|---|---|---|---|---|---|---|\n");
    for item in &report.items {
        let indent = "\u{a0}\u{a0}".repeat(item.depth);
        let cells = [
            format!("{indent}{}", md(&item.title)),
            md(item.status.map_or("—", |s| s.label())),
            md(item.round.as_deref().unwrap_or("")),
            md(item.movement.map_or("", |m| m.as_str())),
            md(&item.trajectory_text()),
            md(&item.sources_text()),
            md(&item.stances_text()),
            md(item.note.as_deref().unwrap_or("")),
        ];
        out.push_str(&format!("| {} |\n", cells.join(" | ")));
    }
    for (title, lines) in super::table::sections(report) {
        out.push_str(&format!("\n## {}\n\n", md(&title)));
        for line in lines {
            out.push_str(&format!("- {}\n", md(&line)));
        }
    }
    out.push_str("\n## Sources\n\n");
    let sources = report.cited_sources();
    if sources.is_empty() {
        out.push_str("- none cited for the current statuses\n");
    }
    for s in sources {
        let mut line = md(&s.outlet);
        if let Some(title) = &s.title {
            line.push_str(&format!(", *{}*", md(title)));
        }
        if let Some(url) = &s.url {
            line.push_str(&format!(": {}", md(url)));
        }
        line.push_str(&format!(
            " (reliability {})",
            md(s.reliability.as_deref().unwrap_or("ungraded"))
        ));
        out.push_str(&format!("- {line}\n"));
    }
    out
}
