//! `report --format html`: one self-contained page, good on screen and on paper. No
//! script, no external style, font or image, and a Content-Security-Policy that lets
//! the page load nothing at all; the status chart is inline SVG. Every piece of user
//! text goes through `output::escape::html`.

use std::collections::HashMap;
use std::fmt::Write as _;

use super::Report;
use crate::domain::Status;
use crate::output::escape::html as esc;

/// Fill colours by status: greens up the ladder, warm colours for setbacks.
pub fn status_fill(status: Status) -> &'static str {
    match status {
        Status::Proposed => "#d0d7de",
        Status::Discussed => "#9ecae1",
        Status::Progressing => "#4292c6",
        Status::Preliminary => "#74c476",
        Status::Agreed => "#31a354",
        Status::Implementing => "#006d2c",
        Status::Implemented => "#00441b",
        Status::Contested => "#fdae6b",
        Status::Stalled => "#e6550d",
        Status::Dropped => "#a50f15",
    }
}

const STYLE: &str = r#"
:root { color-scheme: light; --ink: #1f2328; --muted: #59636e; --rule: #d1d9e0; }
* { box-sizing: border-box; }
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink);
       max-width: 1100px; margin: 2rem auto; padding: 0 1rem; }
h1 { font-size: 1.6rem; margin: 0 0 .25rem; }
h2 { font-size: 1.2rem; margin: 2rem 0 .5rem; border-bottom: 1px solid var(--rule); padding-bottom: .2rem; }
.meta { color: var(--muted); margin: 0; }
table { border-collapse: collapse; width: 100%; font-size: .9rem; }
th, td { text-align: left; vertical-align: top; padding: .3rem .45rem; border-bottom: 1px solid var(--rule); }
td:first-child, td.note { overflow-wrap: anywhere; }
td:first-child { min-width: 8rem; } td.note { min-width: 12rem; }
.scroll { overflow-x: auto; }
th { background: #f6f8fa; }
td.depth-1 { padding-left: 1.4rem; } td.depth-2 { padding-left: 2.4rem; }
.status { display: inline-block; padding: 0 .4rem; border-radius: .6rem;
          -webkit-print-color-adjust: exact; print-color-adjust: exact; }
.status.dark { color: #fff; }
.chart svg { max-width: 100%; height: auto; }
.chart text { font: 12px system-ui, sans-serif; fill: var(--ink); }
.chart rect { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
ul { padding-left: 1.2rem; }
.note { color: var(--muted); }
a { color: #0969da; overflow-wrap: anywhere; }
footer { margin-top: 2rem; color: var(--muted); font-size: .85rem; }
@media print {
  @page { size: A4 landscape; margin: 12mm; }
  body { max-width: none; margin: 0; font-size: 10pt; }
  h2 { break-after: avoid; }
  tr, li, .chart { break-inside: avoid; }
  .scroll { overflow: visible; }
  a { color: inherit; text-decoration: none; }
  a[href]::after { content: " <" attr(href) ">"; font-size: .85em; }
}
"#;

pub fn render(report: &Report) -> String {
    let mut out = String::new();
    let title = format!("{} — Parley report", report.process_name);
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n",
        esc(&title)
    );
    let _ = writeln!(
        out,
        "<header>\n<h1>{}</h1>\n<p class=\"meta\">{}</p>\n</header>",
        esc(&report.process_name),
        esc(&meta_line(report))
    );

    out.push_str("<section class=\"chart\" id=\"chart\">\n<h2>Status by round</h2>\n");
    out.push_str(&chart(report));
    out.push_str("<p class=\"note\">A full cell: the status recorded at that round. A faded cell: the status stands from an earlier round. An empty cell: no status yet.</p>\n</section>\n");

    out.push_str("<section id=\"items\">\n<h2>Agenda items</h2>\n<div class=\"scroll\">\n<table>\n<thead><tr><th>Agenda item</th><th>Status</th><th>Round</th><th>Moved</th><th>Trajectory</th><th>Sources</th><th>Stances</th><th>Note</th></tr></thead>\n<tbody>\n");
    for item in &report.items {
        let _ = writeln!(
            out,
            "<tr id=\"item-{}\"><td class=\"depth-{}\">{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td class=\"note\">{}</td></tr>",
            esc(&item.item),
            item.depth.min(2),
            esc(&item.title),
            item.status.map_or("—".to_owned(), chip),
            esc(item.round.as_deref().unwrap_or("")),
            item.movement.map_or("", |m| m.as_str()),
            esc(&item.trajectory_text()),
            esc(&item.sources_text()),
            esc(&item.stances_text()),
            esc(item.note.as_deref().unwrap_or("")),
        );
    }
    out.push_str("</tbody>\n</table>\n</div>\n</section>\n");

    for (i, (heading, lines)) in super::table::sections(report).into_iter().enumerate() {
        let id = ["moved", "setbacks", "commitments", "next-round"]
            .get(i)
            .copied()
            .unwrap_or("section");
        let _ = writeln!(
            out,
            "<section id=\"{id}\">\n<h2>{}</h2>\n<ul>",
            esc(&heading)
        );
        for line in lines {
            let _ = writeln!(out, "<li>{}</li>", esc(&line));
        }
        out.push_str("</ul>\n</section>\n");
    }

    out.push_str("<section id=\"rounds\">\n<h2>Rounds</h2>\n<div class=\"scroll\">\n<table>\n<thead><tr><th>#</th><th>Round</th><th>Date</th><th>Place</th><th>State</th><th>Summary</th></tr></thead>\n<tbody>\n");
    for r in &report.rounds {
        let _ = writeln!(
            out,
            "<tr><td>{}</td><td>{}<br><span class=\"note\">{}</span></td><td>{}</td><td>{}</td><td>{}</td><td class=\"note\">{}</td></tr>",
            r.number,
            esc(&r.title),
            esc(&r.round),
            esc(r.date.as_deref().unwrap_or("")),
            esc(r.location.as_deref().unwrap_or("")),
            esc(&r.state),
            esc(r.summary.as_deref().unwrap_or("")),
        );
    }
    out.push_str("</tbody>\n</table>\n</div>\n</section>\n");

    out.push_str("<section id=\"sources\">\n<h2>Sources</h2>\n");
    let sources = report.cited_sources();
    if sources.is_empty() {
        out.push_str("<p>No sources are cited for the current statuses.</p>\n");
    } else {
        out.push_str("<ol>\n");
        for s in sources {
            let _ = write!(
                out,
                "<li id=\"source-{}\">{}",
                esc(&s.source),
                esc(&s.outlet)
            );
            if let Some(t) = &s.title {
                let _ = write!(out, ", <cite>{}</cite>", esc(t));
            }
            match s.url.as_deref() {
                Some(url) if url.starts_with("https://") || url.starts_with("http://") => {
                    let _ = write!(out, ". <a href=\"{0}\">{0}</a>", esc(url));
                }
                Some(url) => {
                    let _ = write!(out, ". {}", esc(url));
                }
                None => out.push_str(". <span class=\"note\">No address recorded.</span>"),
            }
            let _ = writeln!(
                out,
                " <span class=\"note\">Reliability: {}.</span></li>",
                esc(s.reliability.as_deref().unwrap_or("ungraded"))
            );
        }
        out.push_str("</ol>\n");
    }
    out.push_str("</section>\n");
    let _ = writeln!(
        out,
        "<footer>Generated by Parley at {}.</footer>\n</body>\n</html>",
        esc(&report.generated_at)
    );
    out
}

fn meta_line(report: &Report) -> String {
    let mut parts = vec![report.process.clone()];
    let held = report.rounds.iter().filter(|r| r.state == "held").count();
    parts.push(format!("{held} round(s) held"));
    if let Some(latest) = &report.latest_round {
        parts.push(format!("latest: {latest}"));
    }
    if let Some(since) = &report.since {
        parts.push(format!("covering rounds from {since} on"));
    }
    if let Some(as_of) = &report.as_of {
        parts.push(format!("as recorded at {as_of}"));
    }
    parts.join(" · ")
}

fn chip(status: Status) -> String {
    let dark = matches!(
        status,
        Status::Progressing
            | Status::Agreed
            | Status::Implementing
            | Status::Implemented
            | Status::Stalled
            | Status::Dropped
    );
    format!(
        "<span class=\"status{}\" style=\"background:{}\">{}</span>",
        if dark { " dark" } else { "" },
        status_fill(status),
        esc(status.label())
    )
}

/// Agenda items × rounds, each cell filled with the status recorded at that round;
/// a status carried from an earlier round is drawn faded.
fn chart(report: &Report) -> String {
    const LABEL: usize = 280;
    const CELL_W: usize = 84;
    const CELL_H: usize = 22;
    const TOP: usize = 44;
    let rounds = &report.rounds;
    let items = &report.items;
    let width = LABEL + CELL_W * rounds.len().max(1) + 10;
    let grid_bottom = TOP + CELL_H * items.len();
    let per_row = ((width - 8) / 160).max(1);
    let legend_rows = Status::ALL.len().div_ceil(per_row);
    let height = grid_bottom + 20 + legend_rows * 22 + 10;
    let mut svg = String::new();
    let _ = writeln!(
        svg,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" role=\"img\" aria-labelledby=\"chart-title\">\n<title id=\"chart-title\">Status of each agenda item at each round</title>"
    );
    for (c, r) in rounds.iter().enumerate() {
        let x = LABEL + c * CELL_W + CELL_W / 2;
        let _ = writeln!(
            svg,
            "<text x=\"{x}\" y=\"16\" text-anchor=\"middle\">#{}</text><text x=\"{x}\" y=\"32\" text-anchor=\"middle\" font-size=\"10\">{}</text>",
            r.number,
            esc(r.date.as_deref().unwrap_or(&r.state))
        );
    }
    for (row, item) in items.iter().enumerate() {
        let y = TOP + row * CELL_H;
        let _ = writeln!(
            svg,
            "<text x=\"{}\" y=\"{}\">{}</text>",
            4 + 12 * item.depth.min(3),
            y + CELL_H / 2 + 4,
            esc(&truncate(&item.title, 40 - 2 * item.depth.min(3)))
        );
        let at: HashMap<&str, Status> = item
            .trajectory
            .iter()
            .map(|s| (&*s.round, s.status))
            .collect();
        let mut standing: Option<Status> = None;
        for (c, r) in rounds.iter().enumerate() {
            let x = LABEL + c * CELL_W;
            let (status, carried) = match at.get(r.round.as_str()) {
                Some(s) => {
                    standing = Some(*s);
                    (Some(*s), false)
                }
                None => (standing, true),
            };
            match status {
                Some(s) if !(carried && r.state == "scheduled") => {
                    let _ = writeln!(
                        svg,
                        "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\"{}><title>{} at {}: {}{}</title></rect>",
                        x + 1,
                        y + 1,
                        CELL_W - 2,
                        CELL_H - 2,
                        status_fill(s),
                        if carried {
                            " fill-opacity=\"0.35\""
                        } else {
                            ""
                        },
                        esc(&item.title),
                        esc(&r.round),
                        esc(s.label()),
                        if carried {
                            " (carried from an earlier round)"
                        } else {
                            ""
                        }
                    );
                }
                _ => {
                    let _ = writeln!(
                        svg,
                        "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"none\" stroke=\"#d1d9e0\"/>",
                        x + 1,
                        y + 1,
                        CELL_W - 2,
                        CELL_H - 2
                    );
                }
            }
        }
    }
    let _ = writeln!(svg, "<g class=\"legend\">");
    for (i, s) in Status::ALL.iter().enumerate() {
        let x = 4 + (i % per_row) * 160;
        let y = grid_bottom + 20 + (i / per_row) * 22;
        let _ = writeln!(
            svg,
            "<rect x=\"{x}\" y=\"{y}\" width=\"14\" height=\"14\" fill=\"{}\"/><text x=\"{}\" y=\"{}\">{}</text>",
            status_fill(*s),
            x + 20,
            y + 12,
            esc(s.label())
        );
    }
    svg.push_str("</g>\n</svg>\n");
    svg
}

fn truncate(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_owned()
    } else {
        let mut t: String = text.chars().take(max.saturating_sub(1)).collect();
        t.push('…');
        t
    }
}
