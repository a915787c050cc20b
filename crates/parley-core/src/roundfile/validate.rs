//! From the file as written to the domain's [`Dossier`]: every value checked, every
//! reference resolved against what the file declares and what the database holds.
//! All problems are collected, each at its line and column, before anything is
//! written.

mod claims;
mod declarations;
mod round_details;

use std::collections::HashSet;
use std::ops::Range;
use std::str::FromStr;

use toml::Spanned;

use self::claims::RoundContext;
use self::declarations::Declared;
pub use self::declarations::resolve_outlet;
use super::format::*;
use super::{Problem, SourceText};
use crate::domain::model::*;
use crate::domain::names::{Catalog, Catalogs, NamesUsed, Unresolved};
use crate::domain::{Credibility, PartialDate};

/// Longest name, title or slug Parley accepts, in characters.
pub const MAX_NAME_CHARS: usize = 300;
/// Longest note, summary or quote, in characters.
pub const MAX_TEXT_CHARS: usize = 20_000;
/// More problems than this in one file are not worth listing.
const MAX_PROBLEMS: usize = 50;

/// Checks one file. `catalogs` holds what the database and the files before this one
/// declare; this file's declarations are added to it.
pub(super) fn validate(
    source: &SourceText,
    file: RoundFile,
    catalogs: &mut Catalogs,
) -> Result<Dossier, Vec<Problem>> {
    let (check, dossier) = FileCheck::start(source, file, catalogs);
    check.finish().map(|()| dossier)
}

/// One file checked in steps: its declarations and first rounds, then further rounds
/// as they are read. Checks that span rounds (a round slug used twice) hold across
/// the steps, and round indices in problems count from the file's first round.
pub(super) struct FileCheck<'a> {
    v: Validator<'a>,
    process: String,
    seen_rounds: HashSet<String>,
    rounds_checked: usize,
}

impl<'a> FileCheck<'a> {
    /// Checks a file's declarations and the rounds it holds.
    pub(super) fn start(
        source: &'a SourceText,
        file: RoundFile,
        catalogs: &'a mut Catalogs,
    ) -> (Self, Dossier) {
        let mut v = Validator {
            source,
            problems: Vec::new(),
            catalogs,
        };
        let rounds = file.rounds;
        let (process, mut dossier) = v.declarations(Declared {
            process: file.process,
            parties: file.parties,
            persons: file.persons,
            outlets: file.outlets,
            sources: file.sources,
            items: file.items,
        });
        let mut check = FileCheck {
            v,
            process,
            seen_rounds: HashSet::new(),
            rounds_checked: 0,
        };
        dossier.rounds = check.rounds(rounds);
        (check, dossier)
    }

    /// Checks the next rounds of the file.
    pub(super) fn rounds(&mut self, rounds: Vec<Spanned<RoundEntry>>) -> Vec<Round> {
        let mut checked = Vec::with_capacity(rounds.len());
        for round in rounds {
            self.rounds_checked += 1;
            let path = format!("round[{}]", self.rounds_checked);
            if let Some(round) = self
                .v
                .round(round, &self.process, &path, &mut self.seen_rounds)
            {
                checked.push(round);
            }
        }
        checked
    }

    /// Whether a problem has been found so far.
    pub(super) fn has_problems(&self) -> bool {
        !self.v.problems.is_empty()
    }

    /// Every problem found, or none.
    pub(super) fn finish(mut self) -> Result<(), Vec<Problem>> {
        if self.v.problems.is_empty() {
            Ok(())
        } else {
            self.v.problems.truncate(MAX_PROBLEMS);
            Err(self.v.problems)
        }
    }
}

struct Validator<'a> {
    source: &'a SourceText,
    problems: Vec<Problem>,
    /// What the database holds, plus what the files have declared so far.
    catalogs: &'a mut Catalogs,
}

impl Validator<'_> {
    fn problem(
        &mut self,
        span: Range<usize>,
        field: impl Into<String>,
        message: impl Into<String>,
    ) {
        self.problems
            .push(self.source.problem(span, field, message));
    }

    fn round(
        &mut self,
        entry: Spanned<RoundEntry>,
        process: &str,
        path: &str,
        seen: &mut HashSet<String>,
    ) -> Option<Round> {
        let span = entry.span();
        let e = entry.into_inner();
        let mut slug_ok = self.slug_once(&e.slug, &format!("{path}.slug"), seen, |slug| {
            format!("round '{slug}' appears twice in this file")
        });
        // A new round may not take a name a round reference reads otherwise.
        if slug_ok
            && !self.catalogs.rounds_of(process).contains(e.slug.get_ref())
            && let Err(message) = check_round_slug(e.slug.get_ref())
        {
            self.problem(e.slug.span(), format!("{path}.slug"), message);
            slug_ok = false;
        }
        let details = self.round_details(&e, span, process, path);
        let sources = self.citations(&e.sources, &format!("{path}.sources"));
        let round = RoundContext {
            process,
            path,
            sources: &sources,
        };
        let participants = self.claims(&e.participants, &round);
        let statuses = self.claims(&e.statuses, &round);
        let positions = self.claims(&e.positions, &round);
        let commitments = self.claims(&e.commitments, &round);
        let quotes = self.claims(&e.quotes, &round);
        let notes = self.claims(&e.notes, &round);

        if !slug_ok {
            return None;
        }
        let slug = e.slug.into_inner();
        self.catalogs
            .rounds_of(process)
            .insert(&slug, std::iter::empty::<String>());
        Some(Round {
            process: process.to_owned(),
            slug,
            title: details.title,
            start_date: details.start_date,
            end_date: details.end_date,
            location: details.location,
            format: details.format,
            level: details.level,
            state: details.state,
            tone: details.tone,
            summary: details.summary,
            sources,
            participants,
            withdrawn: Vec::new(),
            statuses,
            positions,
            commitments,
            quotes,
            notes,
        })
    }

    fn citations(&mut self, entries: &[Spanned<CitationEntry>], path: &str) -> Vec<Citation> {
        let mut out: Vec<Citation> = Vec::new();
        for (i, entry) in entries.iter().enumerate() {
            let at = format!("{path}[{}]", i + 1);
            let (slug, credibility) = match entry.get_ref() {
                CitationEntry::Slug(s) => (s.clone(), None),
                CitationEntry::Graded {
                    source,
                    credibility,
                } => (source.clone(), *credibility),
            };
            let credibility = match credibility.map(Credibility::new) {
                Some(Err(message)) => {
                    self.problem(entry.span(), format!("{at}.credibility"), message);
                    continue;
                }
                Some(Ok(c)) => Some(c),
                None => None,
            };
            match self.catalogs.sources.resolve(&slug) {
                Ok(source) => {
                    if out.iter().any(|c| c.source == source) {
                        self.problem(
                            entry.span(),
                            at,
                            format!("source '{source}' is cited twice"),
                        );
                    } else {
                        out.push(Citation {
                            source: source.to_owned(),
                            credibility,
                        });
                    }
                }
                Err(why) => {
                    let message = self.catalogs.sources.error(&slug, why).to_string();
                    self.problem(entry.span(), at, message);
                }
            }
        }
        out
    }

    fn reference(
        &mut self,
        name: &Spanned<String>,
        path: &str,
        catalog: impl FnOnce(&mut Catalogs) -> &mut Catalog,
    ) -> Option<String> {
        let catalog = catalog(self.catalogs);
        match catalog.resolve(name.get_ref()) {
            Ok(slug) => Some(slug.to_owned()),
            Err(why) => {
                let hint = matches!(why, Unresolved::Unknown(_))
                    .then(|| {
                        format!(
                            " (declare it in a [[{}]] table, or add it first)",
                            match catalog.kind() {
                                kind @ ("party" | "person" | "source") => kind,
                                _ => "item",
                            }
                        )
                    })
                    .unwrap_or_default();
                let message = format!("{}{hint}", catalog.error(name.get_ref(), why));
                self.problem(name.span(), path, message);
                None
            }
        }
    }

    fn vocab<T: FromStr>(&mut self, value: &Spanned<String>, path: &str) -> Option<T>
    where
        T::Err: std::fmt::Display,
    {
        match value.get_ref().parse() {
            Ok(v) => Some(v),
            Err(e) => {
                self.problem(value.span(), path, e.to_string());
                None
            }
        }
    }

    fn date(&mut self, value: &Spanned<String>, path: &str) -> Option<PartialDate> {
        self.vocab(value, path)
    }

    fn credibility(&mut self, value: &Spanned<i64>, path: &str) -> Option<Credibility> {
        match Credibility::new(*value.get_ref()) {
            Ok(c) => Some(c),
            Err(message) => {
                self.problem(value.span(), path, message);
                None
            }
        }
    }

    /// Checks a slug that names one record of the file, reporting a second use with
    /// the message `twice` makes; whether the slug itself is valid.
    fn slug_once(
        &mut self,
        value: &Spanned<String>,
        path: &str,
        seen: &mut HashSet<String>,
        twice: impl FnOnce(&str) -> String,
    ) -> bool {
        let valid = self.slug(value, path);
        if valid && !seen.insert(value.get_ref().clone()) {
            self.problem(value.span(), path, twice(value.get_ref()));
        }
        valid
    }

    fn slug(&mut self, value: &Spanned<String>, path: &str) -> bool {
        match check_slug(value.get_ref()) {
            Ok(()) => true,
            Err(message) => {
                self.problem(value.span(), path, message);
                false
            }
        }
    }

    fn bounded(&mut self, value: &Spanned<String>, path: &str, max: usize) -> Option<String> {
        match check_text(value.get_ref(), max) {
            Ok(text) => Some(text),
            Err(message) => {
                self.problem(value.span(), path, message);
                None
            }
        }
    }

    fn name(&mut self, value: &Spanned<String>, path: &str) -> Option<String> {
        self.bounded(value, path, MAX_NAME_CHARS)
    }

    fn text(&mut self, value: &Spanned<String>, path: &str) -> Option<String> {
        self.bounded(value, path, MAX_TEXT_CHARS)
    }

    fn opt_name(&mut self, value: Option<&Spanned<String>>, path: &str) -> Option<String> {
        value.and_then(|v| self.name(v, path))
    }

    fn opt_text(&mut self, value: Option<&Spanned<String>>, path: &str) -> Option<String> {
        value.and_then(|v| self.text(v, path))
    }
}

/// The processes, sources and rounds a file names: what checking it needs of the
/// kinds a database may hold many of.
pub fn names_used(file: &RoundFile, used: &mut NamesUsed) {
    let process = file.process.get_ref().slug.get_ref();
    used.processes.push(process.clone());
    let cited = |entries: &[Spanned<CitationEntry>]| -> Vec<String> {
        entries
            .iter()
            .map(|e| match e.get_ref() {
                CitationEntry::Slug(slug) => slug.clone(),
                CitationEntry::Graded { source, .. } => source.clone(),
            })
            .collect()
    };
    let own =
        |entries: &Option<Vec<Spanned<CitationEntry>>>| cited(entries.as_deref().unwrap_or(&[]));
    used.sources.extend(
        file.sources
            .iter()
            .map(|s| s.get_ref().slug.get_ref().clone()),
    );
    for round in &file.rounds {
        let r = round.get_ref();
        used.rounds
            .push((process.clone(), r.slug.get_ref().clone()));
        used.sources.extend(cited(&r.sources));
        used.sources
            .extend(r.statuses.iter().flat_map(|c| own(&c.get_ref().sources)));
        used.sources
            .extend(r.positions.iter().flat_map(|c| own(&c.get_ref().sources)));
        used.sources
            .extend(r.commitments.iter().flat_map(|c| own(&c.get_ref().sources)));
        used.sources
            .extend(r.quotes.iter().flat_map(|c| own(&c.get_ref().sources)));
        used.sources
            .extend(r.notes.iter().flat_map(|c| own(&c.get_ref().sources)));
    }
}

/// Slugs are the stable names analysts type and SQL joins on: lowercase ASCII
/// letters, digits and hyphens, starting with a letter or digit.
pub fn check_slug(slug: &str) -> Result<(), String> {
    let valid = !slug.is_empty()
        && slug.len() <= 100
        && slug
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !slug.starts_with('-');
    if valid {
        Ok(())
    } else {
        Err(format!(
            "'{slug}' is not a slug; expected lowercase letters, digits and hyphens (at most 100), e.g. 'geneva-2025-11-23'"
        ))
    }
}
