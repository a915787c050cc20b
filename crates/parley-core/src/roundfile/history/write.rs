//! A history export written: the plain export's entries, with the stamps set in them.

use std::io::{self, Write};

use toml::Spanned;

use crate::domain::history::*;
use crate::domain::model::{Citation, Dossier, Round};
use crate::roundfile::export::{round, to_round_file};
use crate::roundfile::format::*;

/// Positions in an exported file mean nothing; every span is empty.
fn s<T>(value: T) -> Spanned<T> {
    Spanned::new(0..0, value)
}

fn opt(value: &Option<String>) -> Option<Spanned<String>> {
    value.clone().map(s)
}

/// Citations as a history export writes a superseded record's: always given.
fn citations(list: &[Citation]) -> Vec<Spanned<CitationEntry>> {
    list.iter()
        .map(|c| {
            s(match c.credibility {
                None => CitationEntry::Slug(c.source.clone()),
                Some(grade) => CitationEntry::Graded {
                    source: c.source.clone(),
                    credibility: Some(grade.grade()),
                },
            })
        })
        .collect()
}

/// The head of a history export: the plain export's, with `[history]` and the
/// declarations' instants.
pub fn history_head(head: &Dossier, stamps: &Stamps, exported_at: &str) -> RoundFile {
    let mut file = to_round_file(head);
    file.history = Some(s(HistoryEntry {
        exported_at: s(exported_at.to_owned()),
        writes: stamps
            .writes
            .iter()
            .map(|w| {
                s(WriteEntry {
                    recorded_at: s(w.recorded_at.clone()),
                    clock_at: s(w.clock_at.clone()),
                    command: s(w.command.clone()),
                    summary: s(w.summary.clone()),
                })
            })
            .collect(),
    }));
    file.process.get_mut().recorded_at = Some(s(stamps.process.clone()));
    for (entry, stamp) in file.parties.iter_mut().zip(&stamps.parties) {
        let entry = entry.get_mut();
        entry.recorded_at = Some(s(stamp.recorded_at.clone()));
        entry.aliases_recorded_at = stamp.aliases.iter().cloned().map(s).collect();
    }
    for (entry, versions) in file.parties.iter_mut().zip(&stamps.party_versions) {
        entry.get_mut().versions = versions.iter().cloned().map(s).collect();
    }
    for (entry, removed) in file.parties.iter_mut().zip(&stamps.removed_aliases) {
        entry.get_mut().removed_aliases = removed.iter().cloned().map(s).collect();
    }
    for (entry, versions) in file.sources.iter_mut().zip(&stamps.source_versions) {
        entry.get_mut().versions = versions.iter().cloned().map(s).collect();
    }
    for (entry, versions) in file.items.iter_mut().zip(&stamps.item_versions) {
        entry.get_mut().versions = versions.iter().cloned().map(s).collect();
    }
    for (entry, stamp) in file.persons.iter_mut().zip(&stamps.persons) {
        let entry = entry.get_mut();
        entry.recorded_at = Some(s(stamp.recorded_at.clone()));
        entry.aliases_recorded_at = stamp.aliases.iter().cloned().map(s).collect();
    }
    for (entry, stamp) in file.outlets.iter_mut().zip(&stamps.outlets) {
        let entry = entry.get_mut();
        entry.recorded_at = Some(s(stamp.recorded_at.clone()));
        entry.aliases_recorded_at = stamp.aliases.iter().cloned().map(s).collect();
    }
    for (entry, stamp) in file.sources.iter_mut().zip(&stamps.sources) {
        entry.get_mut().recorded_at = Some(s(stamp.clone()));
    }
    for (entry, stamp) in file.items.iter_mut().zip(&stamps.items) {
        entry.get_mut().recorded_at = Some(s(stamp.clone()));
    }
    file
}

/// A round as a history export writes it: as the plain export does, with its
/// instants, its earlier versions, its claims' superseded records and fates, and
/// the `retracted` block of the round or of each claim retracted.
pub fn annotate_round(r: &Round, stamps: &RoundStamps) -> RoundEntry {
    let mut entry = round(r);
    entry.recorded_at = Some(s(stamps.recorded_at.clone()));
    entry.versions = stamps.versions.iter().map(|v| s(version(v))).collect();
    entry.participant_versions = stamps.participant_versions.iter().cloned().map(s).collect();
    for (p, at) in entry.participants.iter_mut().zip(&stamps.participants) {
        p.get_mut().recorded_at = Some(s(at.clone()));
    }
    for (c, stamp) in entry.statuses.iter_mut().zip(&stamps.statuses) {
        let c = c.get_mut();
        c.recorded_at = Some(s(stamp.recorded_at.clone()));
        c.superseded = stamp
            .superseded
            .iter()
            .map(|v| {
                s(StatusVersionEntry {
                    status: s(v.status.as_str().to_owned()),
                    note: opt(&v.note),
                    confidence: v.confidence.map(|g| s(g.grade())),
                    sources: citations(&v.sources),
                    recorded_at: s(v.recorded_at.clone()),
                })
            })
            .collect();
    }
    for (c, stamp) in entry.positions.iter_mut().zip(&stamps.positions) {
        let c = c.get_mut();
        c.recorded_at = Some(s(stamp.recorded_at.clone()));
        c.superseded = stamp
            .superseded
            .iter()
            .map(|v| {
                s(PositionVersionEntry {
                    stance: s(v.stance.as_str().to_owned()),
                    note: opt(&v.note),
                    sources: citations(&v.sources),
                    recorded_at: s(v.recorded_at.clone()),
                })
            })
            .collect();
    }
    for (c, stamp) in entry.commitments.iter_mut().zip(&stamps.commitments) {
        let c = c.get_mut();
        c.recorded_at = Some(s(stamp.recorded_at.clone()));
        // Every fate in order stands for the latest alone.
        c.fate = None;
        c.fate_note = None;
        c.fates = stamp
            .fates
            .iter()
            .map(|f| {
                s(FateEntry {
                    fate: s(f.fate.as_str().to_owned()),
                    note: opt(&f.note),
                    round: opt(&f.round),
                    recorded_at: s(f.recorded_at.clone()),
                })
            })
            .collect();
    }
    for (q, at) in entry.quotes.iter_mut().zip(&stamps.quotes) {
        q.get_mut().recorded_at = Some(s(at.clone()));
    }
    for (n, at) in entry.notes.iter_mut().zip(&stamps.notes) {
        n.get_mut().recorded_at = Some(s(at.clone()));
    }
    entry.retracted = stamps.retracted.as_ref().map(retracted);
    for r in &stamps.retractions {
        let block = Some(retracted(&r.retracted));
        let i = r.index;
        match r.kind {
            ClaimKind::Status => entry.statuses[i].get_mut().retracted = block,
            ClaimKind::Position => entry.positions[i].get_mut().retracted = block,
            ClaimKind::Commitment => entry.commitments[i].get_mut().retracted = block,
            ClaimKind::Quote => entry.quotes[i].get_mut().retracted = block,
            ClaimKind::Note => entry.notes[i].get_mut().retracted = block,
        }
    }
    entry
}

fn retracted(r: &Retracted) -> Spanned<RetractedEntry> {
    s(RetractedEntry {
        reason: s(r.reason.clone()),
        recorded_at: s(r.recorded_at.clone()),
        write: s(r.write as i64),
    })
}

fn version(v: &RoundVersion) -> RoundVersionEntry {
    RoundVersionEntry {
        slug: s(v.slug.clone()),
        title: s(v.title.clone()),
        date: opt(&v.start_date),
        end_date: opt(&v.end_date),
        location: opt(&v.location),
        format: opt(&v.format),
        level: opt(&v.level),
        state: s(v.state.clone()),
        tone: opt(&v.tone),
        summary: opt(&v.summary),
        recorded_at: s(v.recorded_at.clone()),
        replaced_at: s(v.replaced_at.clone()),
    }
}

/// The runs of a history export as they arrive: rounds with their stamps.
pub type HistoryRuns<'a> = &'a mut dyn Iterator<Item = io::Result<(Vec<Round>, Vec<RoundStamps>)>>;

fn entries(runs: HistoryRuns<'_>) -> impl Iterator<Item = io::Result<Vec<RoundEntry>>> + '_ {
    runs.map(|run| {
        run.map(|(rounds, stamps)| {
            rounds
                .iter()
                .zip(&stamps)
                .map(|(r, st)| annotate_round(r, st))
                .collect()
        })
    })
}

/// Writes a history export as TOML as its rounds arrive.
pub fn write_history_toml(
    head: &Dossier,
    stamps: &Stamps,
    runs: HistoryRuns<'_>,
    exported_at: &str,
    out: &mut dyn Write,
) -> io::Result<()> {
    let header = format!(
        "# Exported by parley {} at {exported_at} with --history: every record, those\n\
         # corrected and replaced too, with the instant each was recorded. Import it\n\
         # into an empty database with `parley import` to move the timeline whole.\n\n",
        env!("CARGO_PKG_VERSION")
    );
    let file = history_head(head, stamps, exported_at);
    crate::roundfile::export::write_toml_entries(&header, &file, &mut entries(runs), out)
}

/// Writes a history export as JSON in the round file's shape as its rounds arrive.
pub fn write_history_json(
    head: &Dossier,
    stamps: &Stamps,
    runs: HistoryRuns<'_>,
    exported_at: &str,
    out: &mut dyn Write,
) -> io::Result<()> {
    let file = history_head(head, stamps, exported_at);
    crate::roundfile::export::write_json_entries(&file, &mut entries(runs), out)
}
