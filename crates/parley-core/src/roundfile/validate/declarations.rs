//! The declarations at a file's head: its process, parties, persons, outlets, sources
//! and agenda items, each checked and added to the names the rest of the import
//! resolves against. A source's outlet is resolved like a party; one no outlet answers
//! to is a new outlet, declared by the source.

use std::collections::HashSet;
use std::ops::Range;

use toml::Spanned;

use super::Validator;
use crate::domain::model::*;
use crate::domain::names::{Named, Unresolved};
use crate::roundfile::format::*;

/// A file's declarations, as written.
pub(in crate::roundfile) struct Declared {
    pub process: Spanned<ProcessEntry>,
    pub parties: Vec<Spanned<PartyEntry>>,
    pub persons: Vec<Spanned<PersonEntry>>,
    pub outlets: Vec<Spanned<OutletEntry>>,
    pub sources: Vec<Spanned<SourceEntry>>,
    pub items: Vec<Spanned<ItemEntry>>,
}

impl Validator<'_> {
    /// The process's slug, and a dossier of what the file declares (no rounds yet).
    pub(super) fn declarations(&mut self, declared: Declared) -> (String, Dossier) {
        let Declared {
            process,
            parties,
            persons,
            outlets,
            sources,
            items,
        } = declared;
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
        for (i, person) in persons.into_iter().enumerate() {
            let path = format!("person[{}]", i + 1);
            if let Some(p) = self.person(person, &path, &mut seen) {
                dossier.persons.push(p);
            }
        }
        let mut seen = HashSet::new();
        for (i, outlet) in outlets.into_iter().enumerate() {
            let path = format!("outlet[{}]", i + 1);
            if let Some(o) = self.outlet(outlet, &path, &mut seen) {
                dossier.outlets.push(o);
            }
        }
        let mut seen = HashSet::new();
        for (i, src) in sources.into_iter().enumerate() {
            let path = format!("source[{}]", i + 1);
            if let Some(s) = self.source_entry(src, &path, &mut seen, &mut dossier.outlets) {
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
        // A name, short code or alias answers for one party only.
        let names = std::iter::once((&entry.name, name.as_ref(), format!("{path}.name")))
            .chain((entry.short.iter()).map(|s| (s, short_code.as_ref(), format!("{path}.short"))))
            .collect();
        let aliases = self.names_free(
            Named::Party,
            entry.slug.get_ref(),
            names,
            &entry.aliases,
            path,
        );
        let (true, Some(name), Some(kind), Some(aliases)) = (slug_ok, name, kind, aliases) else {
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

    /// A record's aliases checked, and its names (as checked, with the field each is
    /// at) and aliases each one no other record of its kind answers to: every name of
    /// a party, person or outlet answers for that record only. `None` when one does
    /// not pass.
    fn names_free(
        &mut self,
        kind: Named,
        slug: &str,
        names: Vec<(&Spanned<String>, Option<&String>, String)>,
        aliases: &[Spanned<String>],
        path: &str,
    ) -> Option<Vec<String>> {
        let checked: Vec<Option<String>> = (aliases.iter().enumerate())
            .map(|(i, a)| self.name(a, &format!("{path}.aliases[{}]", i + 1)))
            .collect();
        let named = names.into_iter().chain(
            aliases
                .iter()
                .zip(&checked)
                .enumerate()
                .map(|(i, (a, c))| (a, c.as_ref(), format!("{path}.aliases[{}]", i + 1))),
        );
        let mut taken = Vec::new();
        for (field, checked, at) in named {
            if let Some(value) = checked
                && let Err(message) = self.catalogs.named(kind).check_name_free(slug, value)
            {
                taken.push((field.span(), at, message));
            }
        }
        let clashes = !taken.is_empty();
        for (span, at, message) in taken {
            self.problem(span, at, message);
        }
        let aliases: Option<Vec<String>> = checked.into_iter().collect();
        aliases.filter(|_| !clashes)
    }

    fn person(
        &mut self,
        entry: Spanned<PersonEntry>,
        path: &str,
        seen: &mut HashSet<String>,
    ) -> Option<Person> {
        let entry = entry.into_inner();
        let slug_ok = self.slug_once(&entry.slug, &format!("{path}.slug"), seen, |slug| {
            format!("person '{slug}' is declared twice in this file")
        });
        let name = self.name(&entry.name, &format!("{path}.name"));
        let party = self.reference(&entry.party, &format!("{path}.party"), |c| &mut c.parties);
        let role = self.opt_name(entry.role.as_ref(), &format!("{path}.role"));
        let aliases = self.names_free(
            Named::Person,
            entry.slug.get_ref(),
            vec![(&entry.name, name.as_ref(), format!("{path}.name"))],
            &entry.aliases,
            path,
        );
        let (true, Some(name), Some(party), Some(aliases)) = (slug_ok, name, party, aliases) else {
            return None;
        };
        let slug = entry.slug.into_inner();
        let names = std::iter::once(name.clone()).chain(aliases.iter().cloned());
        self.catalogs.persons.insert(&slug, names);
        Some(Person {
            slug,
            name,
            party,
            role,
            aliases,
        })
    }

    fn outlet(
        &mut self,
        entry: Spanned<OutletEntry>,
        path: &str,
        seen: &mut HashSet<String>,
    ) -> Option<Outlet> {
        let entry = entry.into_inner();
        let slug_ok = self.slug_once(&entry.slug, &format!("{path}.slug"), seen, |slug| {
            format!("outlet '{slug}' is declared twice in this file")
        });
        let name = self.name(&entry.name, &format!("{path}.name"));
        let aliases = self.names_free(
            Named::Outlet,
            entry.slug.get_ref(),
            vec![(&entry.name, name.as_ref(), format!("{path}.name"))],
            &entry.aliases,
            path,
        );
        let (true, Some(name), Some(aliases)) = (slug_ok, name, aliases) else {
            return None;
        };
        let slug = entry.slug.into_inner();
        let names = std::iter::once(name.clone()).chain(aliases.iter().cloned());
        self.catalogs.outlets.insert(&slug, names);
        Some(Outlet {
            slug,
            name,
            aliases,
        })
    }

    /// The outlet a source's `outlet` names, and how it was obtained: see
    /// [`resolve_outlet`]. A new outlet is added to `new`.
    fn source_outlet(
        &mut self,
        value: &Spanned<String>,
        text: &str,
        path: &str,
        new: &mut Vec<Outlet>,
    ) -> Option<(String, Option<String>)> {
        match resolve_outlet(&mut self.catalogs.outlets, text) {
            Ok((slug, via, created)) => {
                new.extend(created);
                Some((slug, via))
            }
            Err(message) => {
                self.problem(value.span(), path, message);
                None
            }
        }
    }

    fn source_entry(
        &mut self,
        entry: Spanned<SourceEntry>,
        path: &str,
        seen: &mut HashSet<String>,
        outlets: &mut Vec<Outlet>,
    ) -> Option<Source> {
        let entry = entry.into_inner();
        let slug_ok = self.slug_once(&entry.slug, &format!("{path}.slug"), seen, |slug| {
            format!("source '{slug}' is declared twice in this file")
        });
        let outlet = self.name(&entry.outlet, &format!("{path}.outlet"));
        let given_via = self.opt_name(entry.obtained_via.as_ref(), &format!("{path}.obtained_via"));
        let resolved = outlet
            .as_deref()
            .and_then(|o| self.source_outlet(&entry.outlet, o, &format!("{path}.outlet"), outlets));
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
        let (true, Some(outlet), Some((outlet_slug, via))) = (slug_ok, outlet, resolved) else {
            return None;
        };
        let slug = entry.slug.into_inner();
        self.catalogs
            .sources
            .insert(&slug, std::iter::empty::<String>());
        Some(Source {
            slug,
            outlet,
            outlet_slug,
            obtained_via: given_via.or(via),
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

/// The outlet an outlet's text names, how the text says it was obtained, and the
/// outlet to create when none answers to it: the whole text, resolved like a party's
/// name; else, for `Reuters (via Investing.com)`, the outlet `Reuters`, obtained via
/// `Investing.com`; else a new outlet of that name (its slug made from it), which is
/// added to `outlets`. Fails only when the name is ambiguous.
pub fn resolve_outlet(
    outlets: &mut crate::domain::names::Catalog,
    text: &str,
) -> Result<(String, Option<String>, Option<Outlet>), String> {
    let (name, via) = split_obtained_via(text);
    let found = match outlets.resolve(text) {
        Ok(slug) => Ok((slug.to_owned(), None)),
        Err(Unresolved::Unknown(_)) if via.is_some() => {
            outlets.resolve(name).map(|slug| (slug.to_owned(), via))
        }
        Err(why) => Err(why),
    };
    match found {
        Ok((slug, via)) => Ok((slug, via.map(str::to_owned), None)),
        Err(Unresolved::Unknown(_)) => {
            let base = match slugify(name) {
                slug if slug.is_empty() => "outlet".to_owned(),
                slug => slug,
            };
            let slug = (1..)
                .map(|n| match n {
                    1 => base.clone(),
                    n => format!("{base}-{n}"),
                })
                .find(|s| !outlets.contains(s))
                .expect("some suffix is free");
            outlets.insert(&slug, [name.to_owned()]);
            let outlet = Outlet {
                slug: slug.clone(),
                name: name.to_owned(),
                aliases: Vec::new(),
            };
            Ok((slug, via.map(str::to_owned), Some(outlet)))
        }
        Err(why) => Err(outlets.error(text, why).to_string()),
    }
}
