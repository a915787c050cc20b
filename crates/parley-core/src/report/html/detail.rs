//! The page's detail, after the summary and the chart: each agenda item as a card,
//! the rounds headed by their tone and cautions, open commitments, and the sources.
//! Each list stops at its byte mark and says how many entries it left out.

use std::io::{self, Write};

use super::{
    COMMITMENTS_UNTIL, ITEMS_UNTIL, LIST, Page, ROUNDS_UNTIL, SOURCES_UNTIL, chip, item_link, more,
    user,
};
use crate::domain::{Movement, Status};
use crate::output::escape::html as esc;
use crate::report::model::ItemReport;
use crate::report::{Report, RoundWindow, text};

pub(super) fn items(page: &mut Page<'_>, report: &Report) -> io::Result<()> {
    page.put("<section id=\"items\">\n<h2>Agenda items</h2>\n")?;
    for (n, item) in report.items.iter().enumerate() {
        if page.written > ITEMS_UNTIL {
            more(page, report.items.len() - n, "agenda item", "p")?;
            break;
        }
        item_card(page, report, item)?;
    }
    page.put("</section>\n")
}

fn item_card(page: &mut Page<'_>, report: &Report, item: &ItemReport) -> io::Result<()> {
    write!(
        page,
        "<article class=\"item\" id=\"item-{}\">\n<div><h3 class=\"d{}\">{}</h3>\n<p>{}",
        esc(&item.item),
        item.depth.min(2),
        user(&item.title),
        chip(item.status)
    )?;
    match (item.movement, item.previous_status) {
        (Some(Movement::Advanced), Some(p)) => write!(
            page,
            " <span class=\"mv up\">▲ advanced</span> from {}",
            esc(p.label())
        )?,
        (Some(Movement::Regressed), Some(p)) => write!(
            page,
            " <span class=\"mv down\">▼ regressed</span> from {}",
            esc(p.label())
        )?,
        (Some(m), _) => write!(page, " <span class=\"mv\">{m}</span>")?,
        (None, _) => {}
    }
    page.put("</p>\n")?;
    if let Some(label) = &item.round_label {
        write!(page, "<p class=\"note\">Set at {}", esc(label))?;
        match item.rounds_since {
            Some(n) if n > 0 => write!(
                page,
                "; <b>not addressed in the last {}</b>",
                if n == 1 {
                    "round".to_owned()
                } else {
                    format!("{n} rounds")
                }
            )?,
            _ => {}
        }
        page.put("</p>\n")?;
    }
    page.put("</div>\n<div>\n")?;
    if let Some(note) = &item.note {
        writeln!(page, "<p>{}</p>", user(note))?;
    }
    for caution in item.cautions.iter().take(3) {
        writeln!(
            page,
            "<p class=\"caution\"><b>⚠ Caution</b> <small>(noted for the round as a whole)</small>: {}</p>",
            user(caution)
        )?;
    }
    for q in item.quotes.iter().rev().take(3) {
        writeln!(
            page,
            "<blockquote>“{}”<small>— {}, {}</small></blockquote>",
            user(&q.text),
            user(&speaker(q)),
            esc(&q.round_label)
        )?;
    }
    page.put("</div>\n<dl>\n")?;
    if !item.stances.is_empty() {
        writeln!(page, "<dt>Stances</dt><dd>{}</dd>", stances(item))?;
    }
    if !item.sources.is_empty() {
        let shown = &item.sources[..item.sources.len().min(LIST)];
        write!(
            page,
            "<dt>Sources</dt><dd>{}",
            user(&text::sources(shown, item.cites_round_sources))
        )?;
        if item.sources.len() > shown.len() {
            write!(page, "; and {} more", item.sources.len() - shown.len())?;
        }
        page.put("</dd>\n")?;
    }
    if !item.trajectory.is_empty() {
        writeln!(
            page,
            "<dt>Trajectory</dt><dd>{}</dd>",
            esc(&item.recent_trajectory_text(6))
        )?;
    }
    let open: Vec<_> = report
        .open_commitments()
        .filter(|c| c.item.as_deref() == Some(item.item.as_str()))
        .collect();
    if !open.is_empty() {
        let latest: Vec<String> = open
            .iter()
            .rev()
            .take(2)
            .map(|c| user(&text::commitment(c)))
            .collect();
        writeln!(
            page,
            "<dt>Open commitments ({})</dt><dd>{}{}</dd>",
            open.len(),
            latest.join("<br>"),
            if open.len() > 2 {
                format!(
                    " <a href=\"#commitments\">… and {} earlier</a>",
                    open.len() - 2
                )
            } else {
                String::new()
            }
        )?;
    }
    page.put("</dl>\n</article>\n")
}

/// Each party's stance: `United States: Proposes; Ukraine: Red line`; when many
/// parties hold stances, grouped by stance from insisting to refusing, so that who holds
/// a red line and who opposes reads at once.
fn stances(item: &ItemReport) -> String {
    if item.stances.len() <= 4 {
        let each: Vec<String> = item
            .stances
            .iter()
            .map(|s| format!("{}: {}", user(&s.party_name), esc(&s.stance_label)))
            .collect();
        return each.join("; ");
    }
    let mut groups: Vec<(&str, &str, Vec<&str>)> = Vec::new();
    for s in &item.stances {
        match groups.iter_mut().find(|(slug, _, _)| *slug == s.stance) {
            Some((_, _, parties)) => parties.push(&s.party_name),
            None => groups.push((&s.stance, &s.stance_label, vec![&s.party_name])),
        }
    }
    groups.sort_by_key(|(slug, _, _)| {
        crate::domain::Stance::SLUGS
            .iter()
            .position(|s| s == slug)
            .unwrap_or(usize::MAX)
    });
    groups
        .iter()
        .map(|(_, label, parties)| {
            let names: Vec<String> = parties.iter().take(LIST * 3).map(|p| user(p)).collect();
            format!("<b>{}</b>: {}", esc(label), names.join(", "))
        })
        .collect::<Vec<_>>()
        .join("; ")
}

fn speaker(q: &crate::report::model::QuoteSummary) -> String {
    match &q.party_name {
        Some(party) if !q.speaker().contains(party.as_str()) => {
            format!("{} ({party})", q.speaker())
        }
        _ => q.speaker().to_owned(),
    }
}

pub(super) fn rounds(page: &mut Page<'_>, report: &Report, window: RoundWindow) -> io::Result<()> {
    page.put("<section id=\"rounds\">\n<h2>Rounds, latest first</h2>\n")?;
    let sections = text::round_sections(report, window);
    let listed = sections.len();
    for (n, section) in sections.iter().enumerate() {
        if page.written > ROUNDS_UNTIL {
            more(page, listed - n, "round", "p")?;
            break;
        }
        let r = section.round;
        writeln!(
            page,
            "<article class=\"round\" id=\"round-{}\">\n<h3>{} <small>{} · {}</small></h3>",
            esc(&r.round),
            user(&r.title),
            esc(&r.label),
            esc(&text::round_facts(r))
        )?;
        if let Some(tone) = &r.tone {
            writeln!(page, "<p class=\"tone\"><b>Tone:</b> {}</p>", user(tone))?;
        }
        for caution in r.notes_of("caution").take(LIST) {
            writeln!(
                page,
                "<p class=\"caution\"><b>⚠ Caution:</b> {}</p>",
                user(caution)
            )?;
        }
        if let Some(summary) = &r.summary {
            writeln!(page, "<p>{}</p>", user(summary))?;
        }
        if !section.items.is_empty() {
            let set: Vec<String> = section
                .items
                .iter()
                .take(40)
                .map(|i| {
                    format!(
                        "{} ({})",
                        item_link(report, &i.item),
                        esc(i.status.map_or("—", Status::label))
                    )
                })
                .collect();
            writeln!(
                page,
                "<p><b>Current statuses set here:</b> {}{}</p>",
                set.join(", "),
                if section.items.len() > 40 {
                    format!(" and {} more", section.items.len() - 40)
                } else {
                    String::new()
                }
            )?;
        }
        let others: Vec<_> = r.notes.iter().filter(|n| n.kind != "caution").collect();
        if !others.is_empty() {
            page.put("<ul>\n")?;
            for note in others.iter().take(LIST) {
                writeln!(
                    page,
                    "<li><b>{}:</b> {}</li>",
                    esc(&text::note_kind(&note.kind)),
                    user(&note.body)
                )?;
            }
            page.put("</ul>\n")?;
        }
        for q in r.quotes.iter().take(LIST) {
            let on = q
                .item
                .as_deref()
                .and_then(|slug| report.item(slug))
                .map(|i| format!(", on {}", item_link(report, &i.item)))
                .unwrap_or_default();
            writeln!(
                page,
                "<blockquote>“{}”<small>— {}{on}</small></blockquote>",
                user(&q.text),
                user(&speaker(q))
            )?;
        }
        page.put("</article>\n")?;
    }
    let unlisted = report.rounds.len().saturating_sub(listed);
    if unlisted > 0 {
        writeln!(
            page,
            "<p class=\"note\">{} not listed here: <code>parley round list</code>.</p>",
            text::count(unlisted, "other round is", "other rounds are")
        )?;
    }
    page.put("</section>\n")
}

pub(super) fn commitments(page: &mut Page<'_>, report: &Report) -> io::Result<()> {
    page.put("<section id=\"commitments\">\n<h2>Open commitments</h2>\n<ul>\n")?;
    let open: Vec<_> = report.open_commitments().collect();
    if open.is_empty() {
        page.put("<li>None.</li>\n")?;
    }
    for (n, c) in open.iter().enumerate() {
        if page.written > COMMITMENTS_UNTIL {
            more(page, open.len() - n, "commitment", "li")?;
            break;
        }
        write!(page, "<li>{}", user(&text::commitment(c)))?;
        if let Some(item) = &c.item {
            write!(page, " <small>On {}.</small>", item_link(report, item))?;
        }
        page.put("</li>\n")?;
    }
    page.put("</ul>\n</section>\n")
}

pub(super) fn sources(page: &mut Page<'_>, report: &Report) -> io::Result<()> {
    page.put("<section id=\"sources\">\n<h2>Sources behind the current statuses</h2>\n")?;
    if report.sources.is_empty() {
        page.put("<p>No sources are cited for the current statuses.</p>\n</section>\n")?;
        return Ok(());
    }
    let groups = text::source_groups(report);
    page.put("<ul class=\"sources\">\n")?;
    for (n, group) in groups.iter().enumerate() {
        if page.written > SOURCES_UNTIL {
            more(page, groups.len() - n, "group of sources", "li")?;
            break;
        }
        page.put("<li><ul>\n")?;
        for s in group.iter().take(40) {
            source(page, s)?;
        }
        if group.len() > 40 {
            writeln!(page, "<li>… and {} more</li>", group.len() - 40)?;
        }
        writeln!(
            page,
            "</ul><small>{}</small></li>",
            esc(&text::source_support(report, group, 40))
        )?;
    }
    page.put("</ul>\n</section>\n")
}

fn source(page: &mut Page<'_>, s: &crate::report::model::SourceSummary) -> io::Result<()> {
    write!(
        page,
        "<li id=\"source-{}\"><b>{}</b>",
        esc(&s.source),
        user(&s.outlet)
    )?;
    if let Some(t) = &s.title {
        write!(page, ", <cite>{}</cite>", user(t))?;
    }
    if let Some(p) = &s.published {
        write!(page, ", {}", esc(&text::date(p)))?;
    }
    write!(
        page,
        ", {}.",
        esc(&text::grade(s.reliability.as_deref(), None))
    )?;
    match s.url.as_deref() {
        Some(url) if url.starts_with("https://") || url.starts_with("http://") => {
            write!(page, " <a href=\"{0}\">{0}</a>", esc(url))?;
        }
        Some(url) => write!(page, " {}", user(url))?,
        None => page.put(" <span class=\"note\">No address recorded.</span>")?,
    }
    page.put("</li>\n")
}
