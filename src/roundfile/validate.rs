//! From the file as written to the domain's [`Dossier`]: every value checked, every
//! reference resolved against what the file declares and what the database holds.
//! All problems are collected, each at its line and column, before anything is
//! written.

mod round_details;

use std::collections::HashSet;
use std::ops::Range;
use std::str::FromStr;

use toml::Spanned;

use super::format::*;
use super::{Problem, SourceText};
use crate::domain::model::*;
use crate::domain::names::{Catalog, Catalogs, Unresolved};
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
        let (process, mut dossier) =
            v.declarations(file.process, file.parties, file.sources, file.items);
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

    /// The process's slug, and a dossier of what the file declares (no rounds yet).
    fn declarations(
        &mut self,
        process: Spanned<ProcessEntry>,
        parties: Vec<Spanned<PartyEntry>>,
        sources: Vec<Spanned<SourceEntry>>,
        items: Vec<Spanned<ItemEntry>>,
    ) -> (String, Dossier) {
        let process_span = process.span();
        let (process_slug, declared) = self.process(process.into_inner(), process_span);
        let mut dossier = Dossier {
            processes: declared.into_iter().collect(),
            ..Dossier::default()
        };

        let mut seen = HashSet::new();
        for (i, party) in parties.into_iter().enumerate() {
            let path = format!("party[{}]", i + 1);
            if let Some(p) = self.party(party, &path, &mut seen) {
                dossier.parties.push(p);
            }
        }
        let mut seen = HashSet::new();
        for (i, src) in sources.into_iter().enumerate() {
            let path = format!("source[{}]", i + 1);
            if let Some(s) = self.source_entry(src, &path, &mut seen) {
                dossier.sources.push(s);
            }
        }
        // Declare every item before resolving parents, so a parent may come later. A
        // title is a name items are found by: another item's would make it ambiguous.
        let mut seen = HashSet::new();
        for (i, item) in items.iter().enumerate() {
            let slug = &item.get_ref().slug;
            let path = format!("item[{}].slug", i + 1);
            if self.slug(slug, &path) && !seen.insert(slug.get_ref().clone()) {
                self.problem(
                    slug.span(),
                    path,
                    format!("item '{}' is declared twice in this file", slug.get_ref()),
                );
            }
            let title = &item.get_ref().title;
            let catalog = self.catalogs.items_of(&process_slug);
            if let Err(message) = catalog.check_name_free(slug.get_ref(), title.get_ref()) {
                self.problem(title.span(), format!("item[{}].title", i + 1), message);
            }
            self.catalogs
                .items_of(&process_slug)
                .insert(slug.get_ref(), [title.get_ref().clone()]);
        }
        let parent_spans: Vec<(String, Range<usize>)> = items
            .iter()
            .map(|item| {
                let item = item.get_ref();
                let span = item.parent.as_ref().map_or(item.slug.span(), |p| p.span());
                (item.slug.get_ref().clone(), span)
            })
            .collect();
        for (i, item) in items.into_iter().enumerate() {
            let path = format!("item[{}]", i + 1);
            if let Some(item) = self.item(item.into_inner(), &process_slug, &path) {
                dossier.items.push(item);
            }
        }
        self.check_item_cycles(&process_slug, &dossier.items, &parent_spans);
        (process_slug, dossier)
    }

    /// The process's slug, and what the file declares of it (nothing when it only
    /// names a process the database holds).
    fn process(&mut self, entry: ProcessEntry, span: Range<usize>) -> (String, Option<Process>) {
        let slug = entry.slug.get_ref().clone();
        (slug, self.declared_process(entry, span))
    }

    fn declared_process(&mut self, entry: ProcessEntry, span: Range<usize>) -> Option<Process> {
        if !self.slug(&entry.slug, "process.slug") {
            return None;
        }
        let slug = entry.slug.get_ref().clone();
        let known = self.catalogs.processes.contains(&slug);
        let name = match entry.name {
            Some(name) => self.name(&name, "process.name")?,
            None if known => return None,
            None => {
                let known: Vec<&str> = self.catalogs.processes.slugs().collect();
                let hint = match known.as_slice() {
                    [] => String::new(),
                    slugs => format!(" (the database holds {})", slugs.join(", ")),
                };
                self.problem(
                    span,
                    "process.name",
                    format!("process '{slug}' is new, so it needs a name{hint}"),
                );
                return None;
            }
        };
        let description = self.opt_text(entry.description.as_ref(), "process.description");
        self.catalogs.processes.insert(&slug, [name.clone()]);
        Some(Process {
            slug,
            name,
            description,
        })
    }

    fn party(
        &mut self,
        entry: Spanned<PartyEntry>,
        path: &str,
        seen: &mut HashSet<String>,
    ) -> Option<Party> {
        let entry = entry.into_inner();
        let slug_ok = self.slug(&entry.slug, &format!("{path}.slug"));
        if slug_ok && !seen.insert(entry.slug.get_ref().clone()) {
            self.problem(
                entry.slug.span(),
                format!("{path}.slug"),
                format!(
                    "party '{}' is declared twice in this file",
                    entry.slug.get_ref()
                ),
            );
        }
        let name = self.name(&entry.name, &format!("{path}.name"));
        let short_code = entry
            .short
            .as_ref()
            .and_then(|s| self.name(s, &format!("{path}.short")));
        let kind = self.vocab(&entry.kind, &format!("{path}.kind"));
        let aliases: Vec<String> = entry
            .aliases
            .iter()
            .enumerate()
            .filter_map(|(i, a)| self.name(a, &format!("{path}.aliases[{}]", i + 1)))
            .collect();
        // A name, short code or alias answers for one party only.
        let named = std::iter::once((&entry.name, name.as_ref(), format!("{path}.name")))
            .chain(
                entry
                    .short
                    .iter()
                    .map(|s| (s, short_code.as_ref(), format!("{path}.short"))),
            )
            .chain(entry.aliases.iter().enumerate().map(|(i, a)| {
                let checked = aliases.iter().find(|c| **c == a.get_ref().trim());
                (a, checked, format!("{path}.aliases[{}]", i + 1))
            }));
        let mut taken = Vec::new();
        for (field, checked, at) in named {
            if let Some(value) = checked
                && let Err(message) = self
                    .catalogs
                    .parties
                    .check_name_free(entry.slug.get_ref(), value)
            {
                taken.push((field.span(), at, message));
            }
        }
        let clashes = !taken.is_empty();
        for (span, at, message) in taken {
            self.problem(span, at, message);
        }
        let (true, Some(name), Some(kind), false) = (slug_ok, name, kind, clashes) else {
            return None;
        };
        let slug = entry.slug.into_inner();
        let names = std::iter::once(name.clone())
            .chain(short_code.clone())
            .chain(aliases.iter().cloned());
        self.catalogs.parties.insert(&slug, names);
        Some(Party {
            slug,
            name,
            short_code,
            kind,
            aliases,
        })
    }

    fn source_entry(
        &mut self,
        entry: Spanned<SourceEntry>,
        path: &str,
        seen: &mut HashSet<String>,
    ) -> Option<Source> {
        let entry = entry.into_inner();
        let slug_ok = self.slug(&entry.slug, &format!("{path}.slug"));
        if slug_ok && !seen.insert(entry.slug.get_ref().clone()) {
            self.problem(
                entry.slug.span(),
                format!("{path}.slug"),
                format!(
                    "source '{}' is declared twice in this file",
                    entry.slug.get_ref()
                ),
            );
        }
        let outlet = self.name(&entry.outlet, &format!("{path}.outlet"));
        let title = self.opt_text(entry.title.as_ref(), &format!("{path}.title"));
        let url = self.opt_text(entry.url.as_ref(), &format!("{path}.url"));
        let published_on = entry
            .published
            .as_ref()
            .and_then(|d| self.date(d, &format!("{path}.published")));
        let reliability = entry
            .reliability
            .as_ref()
            .and_then(|r| self.vocab(r, &format!("{path}.reliability")));
        let (true, Some(outlet)) = (slug_ok, outlet) else {
            return None;
        };
        let slug = entry.slug.into_inner();
        self.catalogs
            .sources
            .insert(&slug, std::iter::empty::<String>());
        Some(Source {
            slug,
            outlet,
            title,
            url,
            published_on,
            reliability,
        })
    }

    fn item(&mut self, entry: ItemEntry, process: &str, path: &str) -> Option<AgendaItem> {
        let title = self.name(&entry.title, &format!("{path}.title"));
        let description = self.opt_text(entry.description.as_ref(), &format!("{path}.description"));
        let parent = match &entry.parent {
            Some(p) => Some(self.reference(p, &format!("{path}.parent"), |c| c.items_of(process))?),
            None => None,
        };
        if parent.as_deref() == Some(entry.slug.get_ref()) {
            self.problem(
                entry.parent.as_ref().map(|p| p.span()).unwrap_or_default(),
                format!("{path}.parent"),
                "an item cannot be its own parent",
            );
            return None;
        }
        Some(AgendaItem {
            process: process.to_owned(),
            slug: entry.slug.into_inner(),
            parent,
            title: title?,
            description,
        })
    }

    /// A parent chain must end: a → b → a is refused, whether the links are all in
    /// this file or some are in the database (or an earlier file of the import). The
    /// file's items replace their own links, then every chain from them is followed.
    fn check_item_cycles(
        &mut self,
        process: &str,
        items: &[AgendaItem],
        parent_spans: &[(String, Range<usize>)],
    ) {
        let parents = self.catalogs.parents_of(process);
        for item in items {
            match &item.parent {
                Some(parent) => parents.insert(item.slug.clone(), parent.clone()),
                None => parents.remove(&item.slug),
            };
        }
        let parents = &self.catalogs.parents[process];
        let cycle = items.iter().find_map(|item| {
            ancestry_cycle(&item.slug, |slug| parents.get(slug).map(String::as_str))
        });
        if let Some(chain) = cycle {
            let (i, span) = parent_spans
                .iter()
                .enumerate()
                .find(|(_, (slug, _))| slug == chain[0])
                .map(|(i, (_, span))| (i, span.clone()))
                .unwrap_or_default();
            let message = format!(
                "item '{}' would be its own ancestor: {}; an item's parent must not be one of its sub-items",
                chain[0],
                chain.join(" → ")
            );
            self.problem(span, format!("item[{}].parent", i + 1), message);
        }
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
        let mut slug_ok = self.slug(&e.slug, &format!("{path}.slug"));
        if slug_ok && !seen.insert(e.slug.get_ref().clone()) {
            self.problem(
                e.slug.span(),
                format!("{path}.slug"),
                format!("round '{}' appears twice in this file", e.slug.get_ref()),
            );
        }
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

        let mut participants = Vec::new();
        let mut seen_parties = HashSet::new();
        for (i, p) in e.participants.iter().enumerate() {
            let at = format!("{path}.participant[{}]", i + 1);
            let party = self.reference(&p.get_ref().party, &format!("{at}.party"), |c| {
                &mut c.parties
            });
            let role = self.vocab(&p.get_ref().role, &format!("{at}.role"));
            let note = self.opt_text(p.get_ref().note.as_ref(), &format!("{at}.note"));
            if let Some(party) = &party
                && !seen_parties.insert(party.clone())
            {
                self.problem(
                    p.get_ref().party.span(),
                    format!("{at}.party"),
                    format!("party '{party}' takes part twice in this round"),
                );
            }
            if let (Some(party), Some(role)) = (party, role) {
                participants.push(Participant { party, role, note });
            }
        }

        let mut statuses = Vec::new();
        let mut seen_items = HashSet::new();
        for (i, s) in e.statuses.iter().enumerate() {
            let at = format!("{path}.status[{}]", i + 1);
            let s = s.get_ref();
            let item = self.reference(&s.item, &format!("{at}.item"), |c| c.items_of(process));
            if let Some(item) = &item
                && !seen_items.insert(item.clone())
            {
                self.problem(
                    s.item.span(),
                    format!("{at}.item"),
                    format!("item '{item}' has two statuses in this round; keep one"),
                );
            }
            let status = self.vocab(&s.status, &format!("{at}.status"));
            let note = self.opt_text(s.note.as_ref(), &format!("{at}.note"));
            let confidence = s
                .confidence
                .as_ref()
                .and_then(|c| self.credibility(c, &format!("{at}.confidence")));
            let own = self.own_citations(s.sources.as_deref(), &sources, &format!("{at}.sources"));
            if let (Some(item), Some(status)) = (item, status) {
                // A claim in a file is whole: what it leaves out, it has none of.
                statuses.push(StatusClaim {
                    item,
                    status,
                    note: Update::whole(note),
                    confidence: Update::whole(confidence),
                    sources: Update::Set(own),
                });
            }
        }

        let mut positions = Vec::new();
        let mut seen_pairs = HashSet::new();
        for (i, p) in e.positions.iter().enumerate() {
            let at = format!("{path}.position[{}]", i + 1);
            let p = p.get_ref();
            let party = self.reference(&p.party, &format!("{at}.party"), |c| &mut c.parties);
            let item = self.reference(&p.item, &format!("{at}.item"), |c| c.items_of(process));
            let stance = self.vocab(&p.stance, &format!("{at}.stance"));
            let note = self.opt_text(p.note.as_ref(), &format!("{at}.note"));
            let own = self.own_citations(p.sources.as_deref(), &sources, &format!("{at}.sources"));
            if let (Some(party), Some(item)) = (&party, &item)
                && !seen_pairs.insert((party.clone(), item.clone()))
            {
                self.problem(
                    p.item.span(),
                    format!("{at}.item"),
                    format!("party '{party}' has two stances on '{item}' in this round; keep one"),
                );
            }
            if let (Some(party), Some(item), Some(stance)) = (party, item, stance) {
                positions.push(PositionClaim {
                    party,
                    item,
                    stance,
                    note: Update::whole(note),
                    sources: Update::Set(own),
                });
            }
        }

        let mut commitments = Vec::new();
        let mut seen_slugs = HashSet::new();
        for (i, c) in e.commitments.iter().enumerate() {
            let at = format!("{path}.commitment[{}]", i + 1);
            let c = c.get_ref();
            let slug_ok = self.slug(&c.slug, &format!("{at}.slug"));
            if slug_ok && !seen_slugs.insert(c.slug.get_ref().clone()) {
                self.problem(
                    c.slug.span(),
                    format!("{at}.slug"),
                    format!(
                        "commitment '{}' appears twice in this round",
                        c.slug.get_ref()
                    ),
                );
            }
            let item = match &c.item {
                Some(i) => self
                    .reference(i, &format!("{at}.item"), |cat| cat.items_of(process))
                    .map(Some),
                None => Some(None),
            };
            let kind = self.vocab(&c.kind, &format!("{at}.kind"));
            let description = self.text(&c.description, &format!("{at}.description"));
            let due_date = c
                .due
                .as_ref()
                .and_then(|d| self.date(d, &format!("{at}.due")));
            let parties: Vec<Option<String>> = c
                .parties
                .iter()
                .enumerate()
                .map(|(j, p)| {
                    self.reference(p, &format!("{at}.parties[{}]", j + 1), |cat| {
                        &mut cat.parties
                    })
                })
                .collect();
            let fate = c
                .fate
                .as_ref()
                .and_then(|f| self.vocab(f, &format!("{at}.fate")));
            let fate_note = self.opt_text(c.fate_note.as_ref(), &format!("{at}.fate_note"));
            let own = self.own_citations(c.sources.as_deref(), &sources, &format!("{at}.sources"));
            if let (true, Some(item), Some(kind), Some(description), Some(parties)) = (
                slug_ok,
                item,
                kind,
                description,
                parties.into_iter().collect::<Option<Vec<_>>>(),
            ) {
                commitments.push(Commitment {
                    slug: c.slug.get_ref().clone(),
                    item,
                    kind,
                    description,
                    due_date,
                    parties,
                    fate,
                    fate_note,
                    sources: own,
                });
            }
        }

        let mut quotes = Vec::new();
        for (i, q) in e.quotes.iter().enumerate() {
            let at = format!("{path}.quote[{}]", i + 1);
            let span = q.span();
            let q = q.get_ref();
            let speaker_name =
                self.opt_name(q.speaker_name.as_ref(), &format!("{at}.speaker_name"));
            let speaker_description = self.opt_name(
                q.speaker_description.as_ref(),
                &format!("{at}.speaker_description"),
            );
            if q.speaker_name.is_none() && q.speaker_description.is_none() {
                self.problem(span, format!("{at}.speaker_name"), "a quote needs a speaker: `speaker_name`, or `speaker_description` for an unnamed one");
            }
            let party = match &q.party {
                Some(p) => self
                    .reference(p, &format!("{at}.party"), |c| &mut c.parties)
                    .map(Some),
                None => Some(None),
            };
            let item = match &q.item {
                Some(i) => self
                    .reference(i, &format!("{at}.item"), |c| c.items_of(process))
                    .map(Some),
                None => Some(None),
            };
            let text = self.text(&q.text, &format!("{at}.text"));
            let own = self.own_citations(q.sources.as_deref(), &sources, &format!("{at}.sources"));
            if let (Some(party), Some(item), Some(text)) = (party, item, text) {
                quotes.push(Quote {
                    speaker_name,
                    speaker_description,
                    party,
                    item,
                    text,
                    sources: own,
                });
            }
        }

        let mut notes = Vec::new();
        for (i, n) in e.notes.iter().enumerate() {
            let at = format!("{path}.note[{}]", i + 1);
            let n = n.get_ref();
            let kind = self.vocab(&n.kind, &format!("{at}.kind"));
            let body = self.text(&n.body, &format!("{at}.body"));
            let own = self.own_citations(n.sources.as_deref(), &sources, &format!("{at}.sources"));
            if let (Some(kind), Some(body)) = (kind, body) {
                notes.push(RoundNote {
                    kind,
                    body,
                    sources: own,
                });
            }
        }

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
            statuses,
            positions,
            commitments,
            quotes,
            notes,
        })
    }

    /// A claim's own sources, or the round's when it names none.
    fn own_citations(
        &mut self,
        own: Option<&[Spanned<CitationEntry>]>,
        round: &[Citation],
        path: &str,
    ) -> Vec<Citation> {
        match own {
            Some(own) => self.citations(own, path),
            None => round.to_vec(),
        }
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
                                "party" => "party",
                                "source" => "source",
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
