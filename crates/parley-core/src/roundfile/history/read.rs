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

/// Reads the stamps of a history export, reporting each problem at its place. What
/// the records in force hold is checked by the plain validation; this checks what a
/// history export adds.
pub(super) struct RoundStampsCheck<'a> {
    source: &'a SourceText,
    problems: Vec<Problem>,
    /// The file's source slugs: a history export declares every source it cites.
    sources: HashSet<String>,
    /// The file's round slugs, which a fate may name.
    rounds: HashSet<String>,
    /// How many writes `[history]` carries, which a retraction names by place.
    pub(super) writes: usize,
}

impl RoundStampsCheck<'_> {
    pub(super) fn problem(&mut self, span: std::ops::Range<usize>, path: String, message: String) {
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

    /// Each claim's instant and the versions it corrected (`superseded`): the same
    /// steps for statuses and positions; `version` reads one kind's earlier version.
    fn corrected<E, V, T>(
        &mut self,
        claims: &[Spanned<E>],
        kind: &str,
        path: &str,
        parts: impl Fn(&E) -> (&Option<Spanned<String>>, &[Spanned<V>]),
        mut version: impl FnMut(&mut Self, &V, &str) -> Option<T>,
    ) -> Vec<ClaimStamps<T>> {
        claims
            .iter()
            .enumerate()
            .map(|(i, claim)| {
                let at = format!("{path}.{kind}[{}]", i + 1);
                let (recorded_at, superseded) = parts(claim.get_ref());
                let recorded_at = self.recorded(recorded_at, claim.span(), &at);
                let superseded = superseded
                    .iter()
                    .enumerate()
                    .filter_map(|(j, v)| {
                        version(self, v.get_ref(), &format!("{at}.superseded[{}]", j + 1))
                    })
                    .collect();
                ClaimStamps {
                    recorded_at,
                    superseded,
                }
            })
            .collect()
    }

    /// An instant as the file gives it (RFC 3339), kept as written once it reads as
    /// one: what is imported is what was exported, byte for byte.
    pub(super) fn instant(&mut self, value: &Spanned<String>, path: &str) -> Recorded {
        let text = value.get_ref();
        let read = chrono::DateTime::parse_from_rfc3339(text)
            .map_err(|_| {
                format!(
                    "'{text}' is not an instant; expected RFC 3339 such as 2025-11-23T18:00:00.000Z"
                )
            })
            .and_then(|at| crate::domain::Instant::parse(text).map(|_| at));
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
        let statuses = self.corrected(
            &r.statuses,
            "status",
            path,
            |e| (&e.recorded_at, &e.superseded),
            |this, v, at| {
                let status: Option<Status> = this.vocab(&v.status, format!("{at}.status"));
                let confidence = this.credibility(&v.confidence, format!("{at}.confidence"));
                let sources = this.citations(&v.sources, at);
                let recorded_at = this.instant(&v.recorded_at, &format!("{at}.recorded_at"));
                Some(StatusVersion {
                    status: status?,
                    note: v.note.as_ref().map(|n| n.get_ref().clone()),
                    confidence,
                    sources,
                    recorded_at,
                })
            },
        );
        let positions = self.corrected(
            &r.positions,
            "position",
            path,
            |e| (&e.recorded_at, &e.superseded),
            |this, v, at| {
                let stance: Option<Stance> = this.vocab(&v.stance, format!("{at}.stance"));
                let sources = this.citations(&v.sources, at);
                let recorded_at = this.instant(&v.recorded_at, &format!("{at}.recorded_at"));
                Some(PositionVersion {
                    stance: stance?,
                    note: v.note.as_ref().map(|n| n.get_ref().clone()),
                    sources,
                    recorded_at,
                })
            },
        );
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
        let retractions = self.retractions(r, path);
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
