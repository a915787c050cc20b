//! Writing a [`Dossier`] back out in the round-file format, so that exporting and
//! importing into an empty database reproduces the same timeline.

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
        process: s(ProcessEntry {
            slug: s(process.slug.clone()),
            name: Some(s(process.name.clone())),
            description: opt(&process.description),
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
                    title: opt(&src.title),
                    url: opt(&src.url),
                    published: src.published_on.map(|d| s(d.to_string())),
                    reliability: src.reliability.map(|r| s(r.as_str().to_owned())),
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
                })
            })
            .collect(),
        rounds: dossier.rounds.iter().map(|r| s(round(r))).collect(),
    }
}

/// A round as it is held: every detail it has, and no `clear`, so that importing the
/// file again adds and updates but never empties a field.
fn round(r: &Round) -> RoundEntry {
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
        participants: r
            .participants
            .iter()
            .map(|p| {
                s(ParticipantEntry {
                    party: s(p.party.clone()),
                    role: s(p.role.as_str().to_owned()),
                    note: opt(&p.note),
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
                })
            })
            .collect(),
        quotes: r
            .quotes
            .iter()
            .map(|q| {
                s(QuoteEntry {
                    speaker_name: opt(&q.speaker_name),
                    speaker_description: opt(&q.speaker_description),
                    party: opt(&q.party),
                    item: opt(&q.item),
                    text: s(q.text.clone()),
                    sources: own_citations(claim_citations(&q.sources), &r.sources),
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
                    sources: own_citations(claim_citations(&n.sources), &r.sources),
                })
            })
            .collect(),
    }
}

/// The dossier as round-file TOML, with a header saying where it came from.
pub fn to_toml(dossier: &Dossier, exported_at: &str) -> String {
    let body = toml::to_string(&to_round_file(dossier)).expect("a round file serialises as TOML");
    format!(
        "# Exported by parley {} at {exported_at}: the records in force, without the\n\
         # corrections they replaced. Import it with `parley import`.\n\n{body}",
        env!("CARGO_PKG_VERSION")
    )
}

/// The dossier as JSON in the round file's shape.
pub fn to_json(dossier: &Dossier) -> String {
    let mut text = serde_json::to_string_pretty(&to_round_file(dossier))
        .expect("a round file serialises as JSON");
    text.push('\n');
    text
}
