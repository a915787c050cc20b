//! Writing a [`Dossier`] back out in the round-file format, so that exporting and
//! importing into an empty database reproduces the same timeline. An export is
//! written as its rounds are read, so that its size never has to fit in memory.

use std::cell::RefCell;
use std::io::{self, Write};
use std::iter::Peekable;

use serde::Serialize;
use serde::ser::{Error as _, SerializeSeq, Serializer};
use toml::Spanned;

use super::format::*;
use crate::domain::model::*;

/// Positions in an exported file mean nothing; every span is empty.
fn s<T>(value: T) -> Spanned<T> {
    Spanned::new(0..0, value)
}

fn opt(value: &Option<String>) -> Option<Spanned<String>> {
    value.clone().map(s)
}

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

/// A claim's sources, left out when they are the round's (which it then inherits).
fn own_citations(list: &[Citation], round: &[Citation]) -> Option<Vec<Spanned<CitationEntry>>> {
    let mut mine = list.to_vec();
    let mut theirs = round.to_vec();
    mine.sort();
    theirs.sort();
    (mine != theirs).then(|| citations(list))
}

/// A claim's citations as given; none when it gives none.
fn claim_citations(sources: &Update<Vec<Citation>>) -> &[Citation] {
    sources.given().map_or(&[], Vec::as_slice)
}

/// The round file for a dossier holding one process.
pub fn to_round_file(dossier: &Dossier) -> RoundFile {
    let process = dossier
        .processes
        .first()
        .expect("an export holds its process");
    RoundFile {
        history: None,
        process: s(ProcessEntry {
            slug: s(process.slug.clone()),
            name: Some(s(process.name.clone())),
            description: opt(&process.description),
            recorded_at: None,
        }),
        parties: dossier
            .parties
            .iter()
            .map(|p| {
                s(PartyEntry {
                    slug: s(p.slug.clone()),
                    name: s(p.name.clone()),
                    short: opt(&p.short_code),
                    kind: s(p.kind.as_str().to_owned()),
                    aliases: p.aliases.iter().cloned().map(s).collect(),
                    recorded_at: None,
                    aliases_recorded_at: Vec::new(),
                    versions: Vec::new(),
                    removed_aliases: Vec::new(),
                })
            })
            .collect(),
        persons: dossier
            .persons
            .iter()
            .map(|p| {
                s(PersonEntry {
                    slug: s(p.slug.clone()),
                    name: s(p.name.clone()),
                    party: s(p.party.clone()),
                    role: opt(&p.role),
                    aliases: p.aliases.iter().cloned().map(s).collect(),
                    recorded_at: None,
                    aliases_recorded_at: Vec::new(),
                })
            })
            .collect(),
        outlets: dossier
            .outlets
            .iter()
            .map(|o| {
                s(OutletEntry {
                    slug: s(o.slug.clone()),
                    name: s(o.name.clone()),
                    aliases: o.aliases.iter().cloned().map(s).collect(),
                    recorded_at: None,
                    aliases_recorded_at: Vec::new(),
                })
            })
            .collect(),
        sources: dossier
            .sources
            .iter()
            .map(|src| {
                s(SourceEntry {
                    slug: s(src.slug.clone()),
                    outlet: s(src.outlet.clone()),
                    obtained_via: opt(&src.obtained_via),
                    title: opt(&src.title),
                    url: opt(&src.url),
                    published: src.published_on.map(|d| s(d.to_string())),
                    reliability: src.reliability.map(|r| s(r.as_str().to_owned())),
                    recorded_at: None,
                    versions: Vec::new(),
                })
            })
            .collect(),
        items: dossier
            .items
            .iter()
            .map(|i| {
                s(ItemEntry {
                    slug: s(i.slug.clone()),
                    parent: opt(&i.parent),
                    title: s(i.title.clone()),
                    description: opt(&i.description),
                    recorded_at: None,
                    versions: Vec::new(),
                })
            })
            .collect(),
        rounds: dossier.rounds.iter().map(|r| s(round(r))).collect(),
    }
}

/// A round as it is held: every detail it has, and no `clear`, so that importing the
/// file again adds and updates but never empties a field.
pub(super) fn round(r: &Round) -> RoundEntry {
    RoundEntry {
        slug: s(r.slug.clone()),
        title: r.title.clone().map(s),
        date: r.start_date.given().map(|d| s(d.to_string())),
        end_date: r.end_date.given().map(|d| s(d.to_string())),
        location: r.location.given().cloned().map(s),
        format: r.format.given().map(|f| s(f.as_str().to_owned())),
        level: r.level.given().map(|l| s(l.as_str().to_owned())),
        state: r.state.map(|state| s(state.as_str().to_owned())),
        tone: r.tone.given().cloned().map(s),
        summary: r.summary.given().cloned().map(s),
        clear: Vec::new(),
        sources: citations(&r.sources),
        recorded_at: None,
        versions: Vec::new(),
        retracted: None,
        participant_versions: Vec::new(),
        participants: r
            .participants
            .iter()
            .map(|p| {
                s(ParticipantEntry {
                    party: s(p.party.clone()),
                    role: s(p.role.as_str().to_owned()),
                    note: p.note.given().cloned().map(s),
                    lead: opt(&p.lead),
                    recorded_at: None,
                })
            })
            .collect(),
        statuses: r
            .statuses
            .iter()
            .map(|c| {
                s(StatusEntry {
                    item: s(c.item.clone()),
                    status: s(c.status.as_str().to_owned()),
                    note: c.note.given().cloned().map(s),
                    confidence: c.confidence.given().map(|g| s(g.grade())),
                    sources: own_citations(claim_citations(&c.sources), &r.sources),
                    recorded_at: None,
                    superseded: Vec::new(),
                    retracted: None,
                })
            })
            .collect(),
        positions: r
            .positions
            .iter()
            .map(|p| {
                s(PositionEntry {
                    party: s(p.party.clone()),
                    item: s(p.item.clone()),
                    stance: s(p.stance.as_str().to_owned()),
                    note: p.note.given().cloned().map(s),
                    sources: own_citations(claim_citations(&p.sources), &r.sources),
                    recorded_at: None,
                    superseded: Vec::new(),
                    retracted: None,
                })
            })
            .collect(),
        commitments: r
            .commitments
            .iter()
            .map(|c| {
                s(CommitmentEntry {
                    slug: s(c.slug.clone()),
                    item: opt(&c.item.given().cloned()),
                    // An exported commitment is whole: it has its kind and description.
                    kind: s(c.kind.map_or("", |k| k.as_str()).to_owned()),
                    description: s(c.description.clone().unwrap_or_default()),
                    due: c.due_date.given().map(|d| s(d.to_string())),
                    parties: c.parties.iter().cloned().map(s).collect(),
                    fate: c.fate.map(|f| s(f.as_str().to_owned())),
                    fate_note: opt(&c.fate_note),
                    sources: own_citations(claim_citations(&c.sources), &r.sources),
                    recorded_at: None,
                    fates: Vec::new(),
                    retracted: None,
                })
            })
            .collect(),
        quotes: r
            .quotes
            .iter()
            .map(|q| {
                s(QuoteEntry {
                    speaker: opt(&q.speaker),
                    speaker_name: opt(&q.speaker_name),
                    speaker_description: opt(&q.speaker_description),
                    party: opt(&q.party),
                    item: opt(&q.item),
                    text: s(q.text.clone()),
                    sources: own_citations(claim_citations(&q.sources), &r.sources),
                    recorded_at: None,
                    retracted: None,
                })
            })
            .collect(),
        notes: r
            .notes
            .iter()
            .map(|n| {
                s(NoteEntry {
                    kind: s(n.kind.as_str().to_owned()),
                    body: s(n.body.clone()),
                    persons: n.persons.iter().cloned().map(s).collect(),
                    sources: own_citations(claim_citations(&n.sources), &r.sources),
                    recorded_at: None,
                    retracted: None,
                })
            })
            .collect(),
    }
}

/// The rounds of an export as they arrive, a run at a time; an error ends it (the
/// reader failed or went away).
pub type Runs<'a> = &'a mut dyn Iterator<Item = io::Result<Vec<Round>>>;

/// A run of rounds on its own: `[[round]]` tables, as they read in a whole file.
#[derive(Serialize)]
struct RoundTables {
    #[serde(rename = "round")]
    rounds: Vec<RoundEntry>,
}

/// Runs of round entries, ready to write, as they arrive.
pub(super) type EntryRuns<'a> = &'a mut dyn Iterator<Item = io::Result<Vec<RoundEntry>>>;

fn entries(runs: Runs<'_>) -> impl Iterator<Item = io::Result<Vec<RoundEntry>>> + '_ {
    runs.map(|run| run.map(|rounds| rounds.iter().map(round).collect()))
}

/// Writes an export as round-file TOML as its rounds arrive: a header saying where
/// it came from, the process, parties, persons, outlets, sources and items of `head`, then each run of
/// rounds. The text is the same as the whole file serialised at once.
pub fn write_toml(
    head: &Dossier,
    runs: Runs<'_>,
    exported_at: &str,
    out: &mut dyn Write,
) -> io::Result<()> {
    let header = format!(
        "# Exported by parley {} at {exported_at}: the records in force, without the\n\
         # corrections they replaced. Import it with `parley import`.\n\n",
        env!("CARGO_PKG_VERSION")
    );
    write_toml_entries(&header, &to_round_file(head), &mut entries(runs), out)
}

/// Writes a round file's head after `header`, then its rounds as they arrive.
pub(super) fn write_toml_entries(
    header: &str,
    head: &RoundFile,
    runs: EntryRuns<'_>,
    out: &mut dyn Write,
) -> io::Result<()> {
    let head = toml::to_string(head).map_err(io::Error::other)?;
    write!(out, "{header}{head}")?;
    for run in runs {
        let rounds = run?;
        let text = toml::to_string(&RoundTables { rounds }).map_err(io::Error::other)?;
        // Tables are separated by a blank line, as in a whole file.
        out.write_all(b"\n")?;
        out.write_all(text.as_bytes())?;
    }
    Ok(())
}

/// Writes an export as JSON in the round file's shape as its rounds arrive: the
/// same text as the whole file serialised at once.
pub fn write_json(head: &Dossier, runs: Runs<'_>, out: &mut dyn Write) -> io::Result<()> {
    write_json_entries(&to_round_file(head), &mut entries(runs), out)
}

/// Writes a round file's head and its rounds as they arrive, as JSON.
pub(super) fn write_json_entries(
    file: &RoundFile,
    runs: EntryRuns<'_>,
    out: &mut dyn Write,
) -> io::Result<()> {
    let streamed = StreamedFile {
        history: &file.history,
        process: &file.process,
        parties: &file.parties,
        persons: &file.persons,
        outlets: &file.outlets,
        sources: &file.sources,
        items: &file.items,
        rounds: RoundSeq(RefCell::new(runs.peekable())),
    };
    serde_json::to_writer_pretty(&mut *out, &streamed).map_err(|e| match e.io_error_kind() {
        Some(kind) => io::Error::new(kind, e),
        None => io::Error::other(e),
    })?;
    out.write_all(b"\n")
}

/// [`RoundFile`] with its rounds serialised from the runs as they arrive.
#[derive(Serialize)]
struct StreamedFile<'a, 'r> {
    #[serde(skip_serializing_if = "Option::is_none")]
    history: &'a Option<Spanned<HistoryEntry>>,
    process: &'a Spanned<ProcessEntry>,
    #[serde(rename = "party", skip_serializing_if = "<[_]>::is_empty")]
    parties: &'a [Spanned<PartyEntry>],
    #[serde(rename = "person", skip_serializing_if = "<[_]>::is_empty")]
    persons: &'a [Spanned<PersonEntry>],
    #[serde(rename = "outlet", skip_serializing_if = "<[_]>::is_empty")]
    outlets: &'a [Spanned<OutletEntry>],
    #[serde(rename = "source", skip_serializing_if = "<[_]>::is_empty")]
    sources: &'a [Spanned<SourceEntry>],
    #[serde(rename = "item", skip_serializing_if = "<[_]>::is_empty")]
    items: &'a [Spanned<ItemEntry>],
    #[serde(rename = "round", skip_serializing_if = "RoundSeq::is_empty")]
    rounds: RoundSeq<'r>,
}

struct RoundSeq<'r>(RefCell<Peekable<EntryRuns<'r>>>);

impl RoundSeq<'_> {
    /// Whether no round will come (a failure counts as one: it must be reported).
    fn is_empty(&self) -> bool {
        let mut runs = self.0.borrow_mut();
        while runs
            .next_if(|run| run.as_ref().is_ok_and(Vec::is_empty))
            .is_some()
        {}
        runs.peek().is_none()
    }
}

impl Serialize for RoundSeq<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut seq = serializer.serialize_seq(None)?;
        for run in &mut *self.0.borrow_mut() {
            for r in run.map_err(S::Error::custom)? {
                seq.serialize_element(&r)?;
            }
        }
        seq.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::names::Catalogs;

    /// The seed and the follow-up fixture: a few rounds with every kind of claim.
    fn dossier() -> Dossier {
        let follow_up = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../tests/fixtures/follow-up.toml"
        ))
        .unwrap();
        let mut sources = crate::roundfile::seed_sources();
        sources.push(crate::roundfile::SourceText::new(
            "follow-up.toml",
            follow_up,
        ));
        crate::roundfile::load(&sources, &Catalogs::default()).expect("the seed loads")
    }

    /// The rounds handed over one run at a time, in runs of `size`.
    fn streamed(
        dossier: &Dossier,
        size: usize,
        write: impl FnOnce(&Dossier, Runs<'_>, &mut dyn Write) -> io::Result<()>,
    ) -> String {
        let head = Dossier {
            rounds: Vec::new(),
            ..dossier.clone()
        };
        let mut runs = dossier.rounds.chunks(size).map(|run| Ok(run.to_vec()));
        let mut out = Vec::new();
        write(&head, &mut runs, &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn a_streamed_export_reads_exactly_as_the_whole_file_serialised_at_once() {
        let dossier = dossier();
        assert!(dossier.rounds.len() >= 2, "several rounds to split");
        let file = to_round_file(&dossier);
        let toml = format!(
            "# Exported by parley {} at NOW: the records in force, without the\n\
             # corrections they replaced. Import it with `parley import`.\n\n{}",
            env!("CARGO_PKG_VERSION"),
            toml::to_string(&file).unwrap()
        );
        let json = serde_json::to_string_pretty(&file).unwrap() + "\n";
        for size in [1, 2, dossier.rounds.len()] {
            assert_eq!(
                streamed(&dossier, size, |h, r, o| write_toml(h, r, "NOW", o)),
                toml
            );
            assert_eq!(streamed(&dossier, size, write_json), json);
        }
        // With no rounds, the file has no round key at all.
        let head = Dossier {
            rounds: Vec::new(),
            ..dossier
        };
        let json = serde_json::to_string_pretty(&to_round_file(&head)).unwrap() + "\n";
        assert_eq!(streamed(&head, 1, write_json), json);
    }

    #[test]
    fn an_interrupted_export_fails() {
        let head = Dossier {
            rounds: Vec::new(),
            ..dossier()
        };
        let broken = || std::iter::once(Err(io::Error::other("the export was interrupted")));
        let mut out = Vec::new();
        assert!(write_toml(&head, &mut broken(), "NOW", &mut out).is_err());
        assert!(write_json(&head, &mut broken(), &mut out).is_err());
    }
}
