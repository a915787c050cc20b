//! The status chart: agenda items × rounds, as an HTML table whose item labels stay
//! put while the rounds scroll sideways in the chart's own area.
//!
//! Its cost is bounded whatever the timeline's size: it shows the latest rounds
//! (`--rounds`, 12 by default) and groups the earlier ones in one column (the status
//! in force before the window), with at most [`MAX_CELLS`] cells. A cell is one table
//! cell per record: the status carried forward to later rounds that did not address
//! the item extends the recorded cell (`colspan`) rather than adding cells, so a row
//! costs what it records.

use std::collections::HashMap;
use std::io::{self, Write};

use super::style::class;
use super::{Page, clip};
use crate::domain::Status;
use crate::output::escape::html as esc;
use crate::report::model::{ItemReport, RoundSummary};
use crate::report::{Report, RoundWindow, text};

/// At most this many cells (items × rounds shown): a chart that a browser lays out at
/// once and that keeps the page under its size bound.
pub const MAX_CELLS: usize = 30_000;

/// At most this many rounds as columns, however few the items.
pub const MAX_COLUMNS: usize = 400;

/// At most this many items as rows.
pub const MAX_ROWS: usize = 2_000;

/// The chart stops adding rows once the page has reached this many bytes (long item
/// titles full of characters to escape could otherwise outgrow the bound).
const CHART_UNTIL: usize = 2_600_000;

/// Cells get a tooltip while the chart has at most this many.
const TOOLTIP_CELLS: usize = 6_000;

/// What the chart shows.
#[derive(Debug, Clone, Copy)]
pub struct Plan {
    /// The index (in `report.rounds`) of the first round shown as a column.
    pub start: usize,
    /// The rounds shown as columns.
    pub columns: usize,
    /// The rounds before the first column, in the whole process: the grouped column.
    pub earlier: usize,
    /// The items shown as rows.
    pub rows: usize,
    /// Whether the chart was cut to fit its bound (not only to the window asked for).
    pub capped: bool,
}

impl Plan {
    pub fn new(report: &Report, window: RoundWindow) -> Plan {
        let rows = report.items.len().min(MAX_ROWS);
        let fits = (MAX_CELLS / rows.max(1)).clamp(1, MAX_COLUMNS);
        let wanted = window.0.unwrap_or(usize::MAX).max(1);
        let columns = report.rounds.len().min(wanted).min(fits);
        let start = report.rounds.len() - columns;
        let earlier = report
            .rounds
            .get(start)
            .map_or(0, |r| usize::try_from(r.number - 1).unwrap_or(0));
        Plan {
            start,
            columns,
            earlier,
            rows,
            capped: columns < report.rounds.len().min(wanted) || rows < report.items.len(),
        }
    }

    /// A chart of a few rounds gets wider columns.
    pub fn roomy(&self) -> bool {
        self.columns + usize::from(self.earlier > 0) <= 8
    }

    /// The chart's width in rem at the page's default sizes: for fitting it to paper.
    pub fn width_rem(&self) -> f64 {
        let col = if self.roomy() { 3.0 } else { 1.9 };
        let grouped = if self.earlier > 0 { col + 0.5 } else { 0.0 };
        15.0 + grouped + col * self.columns as f64 + 0.2
    }
}

/// The legend: the ten statuses with their codes, then the marks.
pub fn legend(page: &mut Page<'_>) -> io::Result<()> {
    page.put("<ul class=\"legend\" aria-label=\"Statuses\">")?;
    for status in Status::ALL {
        write!(
            page,
            "<li><span class=\"sw {}\">{}</span>{}</li>",
            class(*status),
            text::status_code(*status),
            esc(status.label())
        )?;
    }
    page.put("</ul>\n")?;
    writeln!(
        page,
        "<p class=\"key\">The ladder runs 1 (proposed) to 7 (implemented); setbacks are striped. \
         A cell with a code: the status recorded at that round \
         (<span class=\"mv up\">▲</span> advanced, <span class=\"mv down\">▼</span> regressed from the item's previous status). \
         <span class=\"sw c2 run\"><b>3</b></span> The colour running on without a code: the status carried forward through rounds that did not address the item. \
         White: no status yet; grey stripes: a round still scheduled.</p>"
    )
}

/// The chart itself.
pub fn write(page: &mut Page<'_>, report: &Report, plan: &Plan) -> io::Result<()> {
    let shown: &[RoundSummary] = &report.rounds[plan.start..plan.start + plan.columns];
    let column_of: HashMap<&str, usize> = shown
        .iter()
        .enumerate()
        .map(|(i, r)| (r.round.as_str(), i))
        .collect();
    let future: Vec<bool> = shown.iter().map(|r| r.state == "scheduled").collect();
    let tooltips = plan.rows * (plan.columns + 1) <= TOOLTIP_CELLS;
    let latest = report.latest_round.as_deref();

    write!(
        page,
        "<div class=\"chart-area\" role=\"region\" aria-label=\"Status of each agenda item at each round\" tabindex=\"0\">\n\
         <table class=\"grid{}\" style=\"width:calc(var(--lab) + {} * var(--col) + {}rem)\">\n\
         <thead><tr><th class=\"lab\" scope=\"col\">Agenda item</th>",
        if plan.roomy() { " roomy" } else { "" },
        plan.columns + usize::from(plan.earlier > 0),
        if plan.earlier > 0 { ".7" } else { ".2" }
    )?;
    if plan.earlier > 0 {
        write!(
            page,
            "<th class=\"e\" scope=\"col\" title=\"The status in force before the rounds shown\"><span>earlier: {}</span></th>",
            text::count(plan.earlier, "round", "rounds")
        )?;
    }
    for r in shown {
        let place = r.location.as_deref().unwrap_or(&r.title);
        let when = r.dates.as_deref().unwrap_or("undated");
        let state = if r.is_held() {
            String::new()
        } else {
            format!(" · {}", r.state)
        };
        write!(
            page,
            "<th class=\"r{}\" scope=\"col\" title=\"{} — {}{}\"><span>{} · {}{}</span></th>",
            if Some(r.round.as_str()) == latest {
                " latest"
            } else {
                ""
            },
            esc(&clip(&r.title, 80)),
            esc(&clip(&r.label, 80)),
            esc(&state),
            esc(&clip(place, 40)),
            esc(when),
            esc(&state)
        )?;
    }
    page.put("</tr></thead>\n<tbody>\n")?;

    for (n, item) in report.items.iter().take(plan.rows).enumerate() {
        if page.written > CHART_UNTIL {
            page.put("</tbody>\n</table>\n</div>\n")?;
            return writeln!(
                page,
                "<p class=\"note\">… and {} more agenda items not shown in the chart, so that the page stays small.</p>",
                report.items.len() - n
            );
        }
        write!(
            page,
            "<tr><th class=\"lab d{}\" scope=\"row\" title=\"{}\"><a href=\"#item-{}\">{}</a></th>",
            item.depth.min(3),
            esc(&clip(&item.title, 160)),
            esc(&item.item),
            esc(&clip(&item.title, 160))
        )?;
        row(page, item, plan, shown, &column_of, &future, tooltips)?;
        page.put("</tr>\n")?;
    }
    page.put("</tbody>\n</table>\n</div>\n")?;
    if plan.capped {
        writeln!(
            page,
            "<p class=\"note\">The chart shows {} of {} and {} of {} agenda items, so that the page stays readable; \
             <code>parley report --format json</code> or <code>--format csv</code> holds every round.</p>",
            text::count(plan.columns, "round", "rounds"),
            report.rounds.len(),
            plan.rows,
            report.items.len()
        )?;
    }
    Ok(())
}

/// What one column of a row shows.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Cell {
    /// A status recorded at that round, and how it moved.
    Recorded(Status, Option<bool>),
    /// The status in force, carried from an earlier round.
    Carried(Status),
    /// No status yet.
    Empty,
    /// A round still to come.
    Future,
}

fn row(
    page: &mut Page<'_>,
    item: &ItemReport,
    plan: &Plan,
    shown: &[RoundSummary],
    column_of: &HashMap<&str, usize>,
    future: &[bool],
    tooltips: bool,
) -> io::Result<()> {
    // The records at the rounds shown, and the status in force before them.
    let first_shown = item
        .trajectory
        .iter()
        .position(|s| column_of.contains_key(&*s.round))
        .unwrap_or(item.trajectory.len());
    let before = first_shown
        .checked_sub(1)
        .map(|i| item.trajectory[i].status)
        .or(item.earlier_status);
    let mut recorded: Vec<Option<(Status, Option<bool>)>> = vec![None; plan.columns];
    let mut previous = before;
    for step in &item.trajectory[first_shown..] {
        if let Some(&c) = column_of.get(&*step.round) {
            let moved = previous.and_then(|p| match step.status.rank().cmp(&p.rank()) {
                std::cmp::Ordering::Greater => Some(true),
                std::cmp::Ordering::Less => Some(false),
                std::cmp::Ordering::Equal => None,
            });
            recorded[c] = Some((step.status, moved));
        }
        previous = Some(step.status);
    }

    if plan.earlier > 0 {
        match before {
            Some(s) => write!(
                page,
                "<td class=\"e {}\"{}><i>{}</i></td>",
                class(s),
                tip(tooltips, &format!("{} before the rounds shown", s.label())),
                text::status_code(s)
            )?,
            None => page.put("<td class=\"e none\"></td>")?,
        }
    }

    let mut in_force = before;
    let cells: Vec<Cell> = (0..plan.columns)
        .map(|c| {
            if future[c] && recorded[c].is_none() {
                Cell::Future
            } else if let Some((s, moved)) = recorded[c] {
                in_force = Some(s);
                Cell::Recorded(s, moved)
            } else {
                in_force.map_or(Cell::Empty, Cell::Carried)
            }
        })
        .collect();

    // One table cell per run: a record and the rounds it is carried through, or a run
    // of empty or future columns.
    let mut c = 0;
    while c < cells.len() {
        let head = cells[c];
        let mut span = 1;
        while c + span < cells.len() {
            let next = cells[c + span];
            let continues = matches!(
                (head, next),
                (Cell::Recorded(..) | Cell::Carried(_), Cell::Carried(_))
                    | (Cell::Empty, Cell::Empty)
                    | (Cell::Future, Cell::Future)
            );
            if !continues {
                break;
            }
            span += 1;
        }
        let colspan = if span > 1 {
            format!(" colspan=\"{span}\"")
        } else {
            String::new()
        };
        match head {
            Cell::Recorded(s, moved) => {
                let (mark, how) = match moved {
                    Some(true) => ("▲", ", advanced"),
                    Some(false) => ("▼", ", regressed"),
                    None => ("", ""),
                };
                let tip_text = if span > 1 {
                    format!(
                        "{}{how}: recorded at {}; carried through {}",
                        s.label(),
                        shown[c].label,
                        text::count(span - 1, "later round", "later rounds")
                    )
                } else {
                    format!("{}{how}: recorded at {}", s.label(), shown[c].label)
                };
                write!(
                    page,
                    "<td class=\"{}\"{colspan}{}><i>{mark}{}</i></td>",
                    class(s),
                    tip(tooltips, &tip_text),
                    text::status_code(s)
                )?;
            }
            Cell::Carried(s) => write!(
                page,
                "<td class=\"{}\"{colspan}{}></td>",
                class(s),
                tip(
                    tooltips,
                    &format!("{}: carried from an earlier round", s.label())
                )
            )?,
            Cell::Empty => write!(page, "<td class=\"none\"{colspan}></td>")?,
            Cell::Future => write!(page, "<td class=\"s\"{colspan}></td>")?,
        }
        c += span;
    }
    Ok(())
}

fn tip(wanted: bool, text: &str) -> String {
    if wanted {
        format!(" title=\"{}\"", esc(text))
    } else {
        String::new()
    }
}
