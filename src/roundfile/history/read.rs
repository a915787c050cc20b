//! A history export read back: the records in force checked as any round file's, and
//! the stamps beside them checked here, every problem at its place.

use std::collections::HashSet;

use toml::Spanned;

use crate::domain::history::*;
use crate::domain::model::{Citation, Dossier};
use crate::domain::names::Catalogs;
use crate::domain::{Credibility, Fate, Stance, Status};
use crate::roundfile::format::*;
use crate::roundfile::{Problem, RoundFileError, SourceText};

/// Reads and checks a history export: the records in force as any round file's
/// (against an empty database: the file declares everything it names), and their
/// stamps. Every problem is reported at its place.
pub fn load_history(source: &SourceText) -> Result<(Dossier, Stamps), RoundFileError> {
    let (file, mut problems) = crate::roundfile::read(source);
    let Some(file) = file else {
        return Err(RoundFileError { problems });
    };
    if file.history.is_none() {
        problems.push(source.problem(
            0..0,
            "history",
            "a history export holds a [history] table; this file reads as a plain round file",
        ));
        return Err(RoundFileError { problems });
    }
    let mut check = RoundStampsCheck {
        source,
        problems: Vec::new(),
        sources: file
            .sources
            .iter()
            .map(|e| e.get_ref().slug.get_ref().clone())
            .collect(),
        rounds: file
            .rounds
            .iter()
            .map(|e| e.get_ref().slug.get_ref().clone())
            .collect(),
        writes: 0,
    };
    let stamps = check.file(&file);
    let mut catalogs = Catalogs::default();
    let dossier = match crate::roundfile::validate::validate(source, file, &mut catalogs) {
        Ok(dossier) => Some(dossier),
        Err(mut found) => {
            problems.append(&mut found);
            None
        }
    };
    problems.append(&mut check.problems);
    if let Some(dossier) = &dossier {
        // A source whose outlet no [[outlet]] answers to makes one, which has no
        // instant: a history export declares every outlet.
        for outlet in dossier.outlets.iter().skip(stamps.outlets.len()) {
            problems.push(source.problem(
                0..0,
                "outlet",
                format!(
                    "a source names the outlet '{}', which no [[outlet]] declares: a history \
                     export declares every outlet its sources name",
                    outlet.name
                ),
            ));
        }
    }
    match dossier {
        Some(dossier) if problems.is_empty() => Ok((dossier, stamps)),
        _ => {
            problems.sort_by_key(|p| (p.line == 0, p.line, p.column));
            Err(RoundFileError { problems })
        }
    }
}

/// The problems of a plain round file (no `[history]`) that gives what only a history
/// export holds: it would import without them, silently.
pub(in crate::roundfile) fn history_fields_outside_history(
    source: &SourceText,
    file: &RoundFile,
) -> Vec<Problem> {
    if file.history.is_some() {
        return Vec::new();
    }
    // (where, field path) of each field only a history export holds.
    let mut found: Vec<(std::ops::Range<usize>, String)> = Vec::new();
    fn recorded(
        found: &mut Vec<(std::ops::Range<usize>, String)>,
        at: &Option<Spanned<String>>,
        path: String,
    ) {
        if let Some(at) = at {
            found.push((at.span(), format!("{path}.recorded_at")));
        }
    }
    fn nested<T>(
        found: &mut Vec<(std::ops::Range<usize>, String)>,
        list: &[Spanned<T>],
        path: String,
    ) {
        if let Some(first) = list.first() {
            found.push((first.span(), path));
        }
    }
    fn retracted(
        found: &mut Vec<(std::ops::Range<usize>, String)>,
        block: &Option<Spanned<RetractedEntry>>,
        path: &str,
    ) {
        if let Some(block) = block {
            found.push((block.span(), format!("{path}.retracted")));
        }
    }
    let f = &mut found;
    recorded(f, &file.process.get_ref().recorded_at, "process".into());
    for (i, p) in file.parties.iter().enumerate() {
        recorded(f, &p.get_ref().recorded_at, format!("party[{}]", i + 1));
        nested(
            f,
            &p.get_ref().versions,
            format!("party[{}].version", i + 1),
        );
        nested(
            f,
            &p.get_ref().removed_aliases,
            format!("party[{}].removed_alias", i + 1),
        );
        nested(
            f,
            &p.get_ref().aliases_recorded_at,
            format!("party[{}].aliases_recorded_at", i + 1),
        );
    }
    for (i, p) in file.persons.iter().enumerate() {
        recorded(f, &p.get_ref().recorded_at, format!("person[{}]", i + 1));
        nested(
            f,
            &p.get_ref().aliases_recorded_at,
            format!("person[{}].aliases_recorded_at", i + 1),
        );
    }
    for (i, o) in file.outlets.iter().enumerate() {
        recorded(f, &o.get_ref().recorded_at, format!("outlet[{}]", i + 1));
        nested(
            f,
            &o.get_ref().aliases_recorded_at,
            format!("outlet[{}].aliases_recorded_at", i + 1),
        );
    }
    for (i, e) in file.sources.iter().enumerate() {
        recorded(f, &e.get_ref().recorded_at, format!("source[{}]", i + 1));
        nested(
            f,
            &e.get_ref().versions,
            format!("source[{}].version", i + 1),
        );
    }
    for (i, e) in file.items.iter().enumerate() {
        recorded(f, &e.get_ref().recorded_at, format!("item[{}]", i + 1));
        nested(f, &e.get_ref().versions, format!("item[{}].version", i + 1));
    }
    for (i, r) in file.rounds.iter().enumerate() {
        let (r, at) = (r.get_ref(), format!("round[{}]", i + 1));
        recorded(f, &r.recorded_at, at.clone());
        retracted(f, &r.retracted, &at);
        nested(f, &r.versions, format!("{at}.version"));
        nested(
            f,
            &r.participant_versions,
            format!("{at}.participant_version"),
        );
        for (j, c) in r.participants.iter().enumerate() {
            recorded(
                f,
                &c.get_ref().recorded_at,
                format!("{at}.participant[{}]", j + 1),
            );
        }
        for (j, c) in r.statuses.iter().enumerate() {
            let path = format!("{at}.status[{}]", j + 1);
            retracted(f, &c.get_ref().retracted, &path);
            recorded(f, &c.get_ref().recorded_at, path.clone());
            nested(f, &c.get_ref().superseded, format!("{path}.superseded"));
        }
        for (j, c) in r.positions.iter().enumerate() {
            let path = format!("{at}.position[{}]", j + 1);
            retracted(f, &c.get_ref().retracted, &path);
            recorded(f, &c.get_ref().recorded_at, path.clone());
            nested(f, &c.get_ref().superseded, format!("{path}.superseded"));
        }
        for (j, c) in r.commitments.iter().enumerate() {
            let path = format!("{at}.commitment[{}]", j + 1);
            retracted(f, &c.get_ref().retracted, &path);
            recorded(f, &c.get_ref().recorded_at, path.clone());
            nested(f, &c.get_ref().fates, format!("{path}.fates"));
        }
        for (j, c) in r.quotes.iter().enumerate() {
            retracted(f, &c.get_ref().retracted, &format!("{at}.quote[{}]", j + 1));
            recorded(
                f,
                &c.get_ref().recorded_at,
                format!("{at}.quote[{}]", j + 1),
            );
        }
        for (j, c) in r.notes.iter().enumerate() {
            retracted(f, &c.get_ref().retracted, &format!("{at}.note[{}]", j + 1));
            recorded(f, &c.get_ref().recorded_at, format!("{at}.note[{}]", j + 1));
        }
    }
    found
        .into_iter()
        .map(|(span, path)| {
            source.problem(
                span,
                path,
                "only a history export (a file with a [history] table, from `parley export \
                 --history`) holds this; leave it out",
            )
        })
        .collect()
}

/// Whether a round entry gives anything only a history export holds.
pub(in crate::roundfile) fn has_history_fields(r: &RoundEntry) -> bool {
    r.recorded_at.is_some()
        || r.retracted.is_some()
        || !r.versions.is_empty()
        || !r.participant_versions.is_empty()
        || r.participants
            .iter()
            .any(|c| c.get_ref().recorded_at.is_some())
        || r.statuses
            .iter()
            .any(|c| c.get_ref().recorded_at.is_some() || !c.get_ref().superseded.is_empty())
        || r.statuses.iter().any(|c| c.get_ref().retracted.is_some())
        || r.positions.iter().any(|c| c.get_ref().retracted.is_some())
        || r.commitments
            .iter()
            .any(|c| c.get_ref().retracted.is_some())
        || r.quotes.iter().any(|c| c.get_ref().retracted.is_some())
        || r.notes.iter().any(|c| c.get_ref().retracted.is_some())
        || r.positions
            .iter()
            .any(|c| c.get_ref().recorded_at.is_some() || !c.get_ref().superseded.is_empty())
        || r.commitments
            .iter()
            .any(|c| c.get_ref().recorded_at.is_some() || !c.get_ref().fates.is_empty())
        || r.quotes.iter().any(|c| c.get_ref().recorded_at.is_some())
        || r.notes.iter().any(|c| c.get_ref().recorded_at.is_some())
}

/// Reads the stamps of a history export, reporting each problem at its place. What
/// the records in force hold is checked by the plain validation; this checks what a
/// history export adds.
struct RoundStampsCheck<'a> {
    source: &'a SourceText,
    problems: Vec<Problem>,
    /// The file's source slugs: a history export declares every source it cites.
    sources: HashSet<String>,
    /// The file's round slugs, which a fate may name.
    rounds: HashSet<String>,
    /// How many writes `[history]` carries, which a retraction names by place.
    writes: usize,
}

impl RoundStampsCheck<'_> {
    fn problem(&mut self, span: std::ops::Range<usize>, path: String, message: String) {
        self.problems.push(self.source.problem(span, path, message));
    }

    /// An instant, required: `entry` is the span of the entry that lacks it.
    fn recorded(
        &mut self,
        value: &Option<Spanned<String>>,
        entry: std::ops::Range<usize>,
        path: &str,
    ) -> Recorded {
        match value {
            Some(value) => self.instant(value, &format!("{path}.recorded_at")),
            None => {
                self.problem(
                    entry,
                    format!("{path}.recorded_at"),
                    "a history export gives every record's recorded_at".into(),
                );
                String::new()
            }
        }
    }

    /// An instant as the file gives it (RFC 3339), kept as written once it reads as
    /// one: what is imported is what was exported, byte for byte.
    fn instant(&mut self, value: &Spanned<String>, path: &str) -> Recorded {
        let text = value.get_ref();
        let read = chrono::DateTime::parse_from_rfc3339(text)
            .map_err(|_| {
                format!(
                    "'{text}' is not an instant; expected RFC 3339 such as 2025-11-23T18:00:00.000Z"
                )
            })
            .and_then(|at| crate::clock::parse_instant(text).map(|_| at));
        if let Err(message) = read {
            self.problem(value.span(), path.to_owned(), message);
        }
        text.clone()
    }

    fn vocab<T: std::str::FromStr>(&mut self, value: &Spanned<String>, path: String) -> Option<T>
    where
        T::Err: std::fmt::Display,
    {
        value
            .get_ref()
            .parse()
            .map_err(|e: T::Err| self.problem(value.span(), path, e.to_string()))
            .ok()
    }

    fn credibility(&mut self, value: &Option<Spanned<i64>>, path: String) -> Option<Credibility> {
        let value = value.as_ref()?;
        Credibility::new(*value.get_ref())
            .map_err(|message| self.problem(value.span(), path, message))
            .ok()
    }

    fn citations(&mut self, list: &[Spanned<CitationEntry>], path: &str) -> Vec<Citation> {
        let mut out = Vec::new();
        for (i, entry) in list.iter().enumerate() {
            let at = format!("{path}.sources[{}]", i + 1);
            let (source, credibility) = match entry.get_ref() {
                CitationEntry::Slug(slug) => (slug.clone(), None),
                CitationEntry::Graded {
                    source,
                    credibility,
                } => (source.clone(), *credibility),
            };
            if !self.sources.contains(&source) {
                self.problem(
                    entry.span(),
                    at.clone(),
                    format!(
                        "unknown source '{source}': a history export declares every source it cites"
                    ),
                );
            }
            let credibility = credibility.and_then(|g| {
                Credibility::new(g)
                    .map_err(|message| {
                        self.problem(entry.span(), format!("{at}.credibility"), message)
                    })
                    .ok()
            });
            out.push(Citation {
                source,
                credibility,
            });
        }
        out
    }

    /// The carried write log: each write as it was, its instants checked.
    fn writes(&mut self, history: &HistoryEntry) -> Vec<WriteRecord> {
        let writes: Vec<WriteRecord> = history
            .writes
            .iter()
            .enumerate()
            .map(|(i, w)| {
                let at = format!("history.write[{}]", i + 1);
                let w = w.get_ref();
                WriteRecord {
                    recorded_at: self.instant(&w.recorded_at, &format!("{at}.recorded_at")),
                    clock_at: self.instant(&w.clock_at, &format!("{at}.clock_at")),
                    command: w.command.get_ref().clone(),
                    summary: w.summary.get_ref().clone(),
                }
            })
            .collect();
        self.writes = writes.len();
        writes
    }

    /// A `retracted` block: its instant, and the write it names, which must be one
    /// the file carries.
    fn retracted(
        &mut self,
        entry: &Option<Spanned<RetractedEntry>>,
        path: &str,
    ) -> Option<Retracted> {
        let entry = entry.as_ref()?.get_ref();
        let at = format!("{path}.retracted");
        let recorded_at = self.instant(&entry.recorded_at, &format!("{at}.recorded_at"));
        let write = *entry.write.get_ref();
        if write < 1 || write as usize > self.writes {
            self.problem(
                entry.write.span(),
                format!("{at}.write"),
                format!(
                    "write {write} is not in the file: a retraction names the write that made it \
                     by its place among the {} [[history.write]] (from 1)",
                    self.writes
                ),
            );
        }
        if entry.reason.get_ref().is_empty() {
            self.problem(
                entry.reason.span(),
                format!("{at}.reason"),
                "a retraction gives its reason".into(),
            );
        }
        Some(Retracted {
            reason: entry.reason.get_ref().clone(),
            recorded_at,
            write: write.max(0) as usize,
        })
    }

    fn file(&mut self, file: &RoundFile) -> Stamps {
        let writes = file
            .history
            .as_ref()
            .map(|h| self.writes(h.get_ref()))
            .unwrap_or_default();
        let process = self.recorded(
            &file.process.get_ref().recorded_at,
            file.process.span(),
            "process",
        );
        let parties = self.aliased_entries("party", &file.parties, |e| {
            (&e.recorded_at, e.aliases.len(), &e.aliases_recorded_at[..])
        });
        let persons = self.aliased_entries("person", &file.persons, |e| {
            (&e.recorded_at, e.aliases.len(), &e.aliases_recorded_at[..])
        });
        let outlets = self.aliased_entries("outlet", &file.outlets, |e| {
            (&e.recorded_at, e.aliases.len(), &e.aliases_recorded_at[..])
        });
        let sources = file
            .sources
            .iter()
            .enumerate()
            .map(|(i, e)| {
                self.recorded(
                    &e.get_ref().recorded_at,
                    e.span(),
                    &format!("source[{}]", i + 1),
                )
            })
            .collect();
        let items = file
            .items
            .iter()
            .enumerate()
            .map(|(i, e)| {
                self.recorded(
                    &e.get_ref().recorded_at,
                    e.span(),
                    &format!("item[{}]", i + 1),
                )
            })
            .collect();
        let rounds = file
            .rounds
            .iter()
            .enumerate()
            .map(|(i, r)| self.round(r, &format!("round[{}]", i + 1)))
            .collect();
        let source_versions = self.versions(&file.sources, "source", "version", |e| &e.versions);
        let party_versions = self.versions(&file.parties, "party", "version", |e| &e.versions);
        let removed_aliases = self.versions(&file.parties, "party", "removed_alias", |e| {
            &e.removed_aliases
        });
        let item_versions = self.versions(&file.items, "item", "version", |e| &e.versions);
        Stamps {
            source_versions,
            party_versions,
            removed_aliases,
            item_versions,
            process,
            parties,
            persons,
            outlets,
            sources,
            items,
            rounds,
            writes,
        }
    }

    /// The rows of an edit-history table carried under each entry of one kind (a
    /// source's versions, a party's removed aliases, …), their instants checked.
    fn versions<E, V: Clone + Instants>(
        &mut self,
        entries: &[Spanned<E>],
        kind: &str,
        key: &str,
        list: impl Fn(&E) -> &Vec<Spanned<V>>,
    ) -> Vec<Vec<V>> {
        entries
            .iter()
            .enumerate()
            .map(|(i, entry)| self.rows(list(entry.get_ref()), &format!("{kind}[{}].{key}", i + 1)))
            .collect()
    }

    /// Edit-history rows as the file gives them, each instant checked at the row.
    fn rows<V: Clone + Instants>(&mut self, list: &[Spanned<V>], path: &str) -> Vec<V> {
        list.iter()
            .enumerate()
            .map(|(j, row)| {
                for (field, text) in row.get_ref().instants() {
                    if chrono::DateTime::parse_from_rfc3339(text).is_err()
                        || crate::clock::parse_instant(text).is_err()
                    {
                        self.problem(
                            row.span(),
                            format!("{path}[{}].{field}", j + 1),
                            format!(
                                "'{text}' is not an instant; expected RFC 3339 such as 2025-11-23T18:00:00.000Z"
                            ),
                        );
                    }
                }
                row.get_ref().clone()
            })
            .collect()
    }

    /// The stamps of each named entry of one kind (a party, person or outlet): its
    /// instant and its aliases', each checked at the entry's path.
    fn aliased_entries<T>(
        &mut self,
        kind: &str,
        entries: &[Spanned<T>],
        fields: impl Fn(&T) -> (&Option<Spanned<String>>, usize, &[Spanned<String>]),
    ) -> Vec<PartyStamps> {
        entries
            .iter()
            .enumerate()
            .map(|(i, entry)| {
                let (recorded_at, aliases, aliases_recorded_at) = fields(entry.get_ref());
                let path = format!("{kind}[{}]", i + 1);
                self.aliased(
                    entry.span(),
                    &path,
                    recorded_at,
                    aliases,
                    aliases_recorded_at,
                )
            })
            .collect()
    }

    /// The stamps of a party, person or outlet: its instant and one per alias.
    fn aliased(
        &mut self,
        entry: std::ops::Range<usize>,
        path: &str,
        recorded_at: &Option<Spanned<String>>,
        aliases: usize,
        aliases_recorded_at: &[Spanned<String>],
    ) -> PartyStamps {
        let recorded_at = self.recorded(recorded_at, entry.clone(), path);
        if aliases_recorded_at.len() != aliases {
            self.problem(
                entry,
                format!("{path}.aliases_recorded_at"),
                format!(
                    "a history export gives one instant per alias: {aliases} alias(es), {} instant(s)",
                    aliases_recorded_at.len()
                ),
            );
        }
        let aliases = aliases_recorded_at
            .iter()
            .enumerate()
            .map(|(j, at)| self.instant(at, &format!("{path}.aliases_recorded_at[{}]", j + 1)))
            .collect();
        PartyStamps {
            recorded_at,
            aliases,
        }
    }

    fn round(&mut self, entry: &Spanned<RoundEntry>, path: &str) -> RoundStamps {
        let r = entry.get_ref();
        let recorded_at = self.recorded(&r.recorded_at, entry.span(), path);
        let versions = r
            .versions
            .iter()
            .enumerate()
            .map(|(i, v)| {
                let at = format!("{path}.version[{}]", i + 1);
                let v = v.get_ref();
                let text =
                    |value: &Option<Spanned<String>>| value.as_ref().map(|v| v.get_ref().clone());
                RoundVersion {
                    slug: v.slug.get_ref().clone(),
                    title: v.title.get_ref().clone(),
                    start_date: text(&v.date),
                    end_date: text(&v.end_date),
                    location: text(&v.location),
                    format: text(&v.format),
                    level: text(&v.level),
                    state: v.state.get_ref().clone(),
                    tone: text(&v.tone),
                    summary: text(&v.summary),
                    recorded_at: self.instant(&v.recorded_at, &format!("{at}.recorded_at")),
                    replaced_at: self.instant(&v.replaced_at, &format!("{at}.replaced_at")),
                }
            })
            .collect();
        let participants = r
            .participants
            .iter()
            .enumerate()
            .map(|(i, c)| {
                self.recorded(
                    &c.get_ref().recorded_at,
                    c.span(),
                    &format!("{path}.participant[{}]", i + 1),
                )
            })
            .collect();
        let statuses = r
            .statuses
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let at = format!("{path}.status[{}]", i + 1);
                let recorded_at = self.recorded(&c.get_ref().recorded_at, c.span(), &at);
                let superseded = c
                    .get_ref()
                    .superseded
                    .iter()
                    .enumerate()
                    .filter_map(|(j, v)| {
                        let at = format!("{at}.superseded[{}]", j + 1);
                        let v = v.get_ref();
                        let status: Option<Status> = self.vocab(&v.status, format!("{at}.status"));
                        let confidence =
                            self.credibility(&v.confidence, format!("{at}.confidence"));
                        let sources = self.citations(&v.sources, &at);
                        let recorded_at =
                            self.instant(&v.recorded_at, &format!("{at}.recorded_at"));
                        Some(StatusVersion {
                            status: status?,
                            note: v.note.as_ref().map(|n| n.get_ref().clone()),
                            confidence,
                            sources,
                            recorded_at,
                        })
                    })
                    .collect();
                ClaimStamps {
                    recorded_at,
                    superseded,
                }
            })
            .collect();
        let positions = r
            .positions
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let at = format!("{path}.position[{}]", i + 1);
                let recorded_at = self.recorded(&c.get_ref().recorded_at, c.span(), &at);
                let superseded = c
                    .get_ref()
                    .superseded
                    .iter()
                    .enumerate()
                    .filter_map(|(j, v)| {
                        let at = format!("{at}.superseded[{}]", j + 1);
                        let v = v.get_ref();
                        let stance: Option<Stance> = self.vocab(&v.stance, format!("{at}.stance"));
                        let sources = self.citations(&v.sources, &at);
                        let recorded_at =
                            self.instant(&v.recorded_at, &format!("{at}.recorded_at"));
                        Some(PositionVersion {
                            stance: stance?,
                            note: v.note.as_ref().map(|n| n.get_ref().clone()),
                            sources,
                            recorded_at,
                        })
                    })
                    .collect();
                ClaimStamps {
                    recorded_at,
                    superseded,
                }
            })
            .collect();
        let commitments = r
            .commitments
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let at = format!("{path}.commitment[{}]", i + 1);
                let e = c.get_ref();
                let recorded_at = self.recorded(&e.recorded_at, c.span(), &at);
                if let Some(fate) = e.fate.as_ref().filter(|_| !e.fates.is_empty()) {
                    self.problem(
                        fate.span(),
                        format!("{at}.fate"),
                        "a commitment with `fates` gives every fate there; leave `fate` out".into(),
                    );
                }
                let fates = e
                    .fates
                    .iter()
                    .enumerate()
                    .filter_map(|(j, f)| {
                        let at = format!("{at}.fates[{}]", j + 1);
                        let f = f.get_ref();
                        let fate: Option<Fate> = self.vocab(&f.fate, format!("{at}.fate"));
                        if let Some(round) = &f.round
                            && !self.rounds.contains(round.get_ref())
                        {
                            self.problem(
                                round.span(),
                                format!("{at}.round"),
                                format!(
                                    "unknown round '{}': a fate names a round of the file",
                                    round.get_ref()
                                ),
                            );
                        }
                        let recorded_at =
                            self.instant(&f.recorded_at, &format!("{at}.recorded_at"));
                        Some(FateRecord {
                            fate: fate?,
                            note: f.note.as_ref().map(|n| n.get_ref().clone()),
                            round: f.round.as_ref().map(|r| r.get_ref().clone()),
                            recorded_at,
                        })
                    })
                    .collect();
                CommitmentStamps { recorded_at, fates }
            })
            .collect();
        let quotes = r
            .quotes
            .iter()
            .enumerate()
            .map(|(i, c)| {
                self.recorded(
                    &c.get_ref().recorded_at,
                    c.span(),
                    &format!("{path}.quote[{}]", i + 1),
                )
            })
            .collect();
        let notes = r
            .notes
            .iter()
            .enumerate()
            .map(|(i, c)| {
                self.recorded(
                    &c.get_ref().recorded_at,
                    c.span(),
                    &format!("{path}.note[{}]", i + 1),
                )
            })
            .collect();
        let retracted = self.retracted(&r.retracted, path);
        let mut retractions = Vec::new();
        let kinds: [(ClaimKind, &str, Vec<&Option<Spanned<RetractedEntry>>>); 5] = [
            (
                ClaimKind::Status,
                "status",
                r.statuses.iter().map(|c| &c.get_ref().retracted).collect(),
            ),
            (
                ClaimKind::Position,
                "position",
                r.positions.iter().map(|c| &c.get_ref().retracted).collect(),
            ),
            (
                ClaimKind::Commitment,
                "commitment",
                r.commitments
                    .iter()
                    .map(|c| &c.get_ref().retracted)
                    .collect(),
            ),
            (
                ClaimKind::Quote,
                "quote",
                r.quotes.iter().map(|c| &c.get_ref().retracted).collect(),
            ),
            (
                ClaimKind::Note,
                "note",
                r.notes.iter().map(|c| &c.get_ref().retracted).collect(),
            ),
        ];
        for (kind, key, blocks) in kinds {
            for (index, block) in blocks.into_iter().enumerate() {
                if let Some(retracted) =
                    self.retracted(block, &format!("{path}.{key}[{}]", index + 1))
                {
                    retractions.push(ClaimRetraction {
                        kind,
                        index,
                        retracted,
                    });
                }
            }
        }
        let participant_versions = self.rows(
            &r.participant_versions,
            &format!("{path}.participant_version"),
        );
        RoundStamps {
            participant_versions,
            recorded_at,
            versions,
            participants,
            statuses,
            positions,
            commitments,
            quotes,
            notes,
            retracted,
            retractions,
        }
    }
}

/// The instants an edit-history row holds, by field, for checking.
trait Instants {
    fn instants(&self) -> [(&'static str, &str); 2];
}

impl Instants for SourceVersion {
    fn instants(&self) -> [(&'static str, &str); 2] {
        [
            ("recorded_at", &self.recorded_at),
            ("replaced_at", &self.replaced_at),
        ]
    }
}

impl Instants for PartyVersion {
    fn instants(&self) -> [(&'static str, &str); 2] {
        [
            ("recorded_at", &self.recorded_at),
            ("replaced_at", &self.replaced_at),
        ]
    }
}

impl Instants for RemovedAlias {
    fn instants(&self) -> [(&'static str, &str); 2] {
        [
            ("recorded_at", &self.recorded_at),
            ("removed_at", &self.removed_at),
        ]
    }
}

impl Instants for ItemVersion {
    fn instants(&self) -> [(&'static str, &str); 2] {
        [
            ("recorded_at", &self.recorded_at),
            ("replaced_at", &self.replaced_at),
        ]
    }
}

impl Instants for ParticipantVersion {
    fn instants(&self) -> [(&'static str, &str); 2] {
        [
            ("recorded_at", &self.recorded_at),
            ("replaced_at", &self.replaced_at),
        ]
    }
}
