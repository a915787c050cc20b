//! The declarations at a file's head: its process, parties, sources and agenda items,
//! each checked and added to the names the rest of the import resolves against.

use std::collections::HashSet;
use std::ops::Range;

use toml::Spanned;

use super::Validator;
use crate::domain::model::*;
use crate::roundfile::format::*;

impl Validator<'_> {
    /// The process's slug, and a dossier of what the file declares (no rounds yet).
    pub(super) fn declarations(
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
            self.slug_once(slug, &path, &mut seen, |slug| {
                format!("item '{slug}' is declared twice in this file")
            });
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
        let slug_ok = self.slug_once(&entry.slug, &format!("{path}.slug"), seen, |slug| {
            format!("party '{slug}' is declared twice in this file")
        });
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
        let slug_ok = self.slug_once(&entry.slug, &format!("{path}.slug"), seen, |slug| {
            format!("source '{slug}' is declared twice in this file")
        });
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
}
