//! Planning the declarations a dossier brings: processes, parties, persons and
//! outlets (with their aliases), sources and agenda items (with their parents). Each is inserted when
//! new, updated in place when a field differs, and left alone otherwise; a record
//! declared twice in one piece is written once, as its last declaration says.

use std::collections::{HashMap, HashSet};
use std::hash::Hash;

use super::Changes;
use crate::domain::model::{
    AgendaItem, Dossier, Outlet, Party, Person, Process, Source, ancestry_cycle,
};
use crate::domain::names::Named;
use crate::error::{Error, Result};

/// Whether a declaration adds a record or updates the one held.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Write {
    Insert,
    Update,
}

/// The declarations to write, in order: processes, parties, persons, outlets, the
/// new aliases of all three, sources, items, then the items' parents (a parent may be
/// declared after its child).
#[derive(Debug, Default)]
pub struct DeclarationPlan {
    pub processes: Vec<(Process, Write)>,
    /// Parties as declared; their aliases are in `aliases`.
    pub parties: Vec<(Party, Write)>,
    /// Persons as declared, without their aliases.
    pub persons: Vec<(Person, Write)>,
    /// Outlets as declared, without their aliases.
    pub outlets: Vec<(Outlet, Write)>,
    /// (kind, slug, alias): aliases no record of the kind holds yet.
    pub aliases: Vec<(Named, String, String)>,
    pub sources: Vec<(Source, Write)>,
    /// Items as declared; their parents are in `parents`.
    pub items: Vec<(AgendaItem, Write)>,
    /// (process slug, item slug, parent slug): items whose parent changes.
    pub parents: Vec<(String, String, Option<String>)>,
}

impl DeclarationPlan {
    pub fn is_empty(&self) -> bool {
        self.processes.is_empty()
            && self.parties.is_empty()
            && self.persons.is_empty()
            && self.outlets.is_empty()
            && self.aliases.is_empty()
            && self.sources.is_empty()
            && self.items.is_empty()
            && self.parents.is_empty()
    }
}

/// The declarations whose held state the planner does not know yet, by key.
#[derive(Debug, Default)]
pub struct Wanted {
    pub processes: Vec<String>,
    pub parties: Vec<String>,
    pub persons: Vec<String>,
    pub outlets: Vec<String>,
    /// Aliases of each kind, as declared: the database compares them regardless of
    /// (ASCII) case.
    pub aliases: Vec<(Named, String)>,
    pub sources: Vec<String>,
    /// (process slug, item slug)
    pub items: Vec<(String, String)>,
    /// Processes whose items' parent links are needed (to refuse a cycle).
    pub parent_links: Vec<String>,
}

impl Wanted {
    pub fn is_empty(&self) -> bool {
        self.processes.is_empty()
            && self.parties.is_empty()
            && self.persons.is_empty()
            && self.outlets.is_empty()
            && self.aliases.is_empty()
            && self.sources.is_empty()
            && self.items.is_empty()
            && self.parent_links.is_empty()
    }
}

/// What the database holds of the declarations asked for; what it lacks is absent.
#[derive(Debug, Default)]
pub struct HeldDeclarations {
    pub processes: Vec<Process>,
    /// Parties without their aliases, which `aliases` holds.
    pub parties: Vec<Party>,
    /// Persons without their aliases.
    pub persons: Vec<Person>,
    /// Outlets without their aliases.
    pub outlets: Vec<Outlet>,
    /// (kind, alias as held, slug of the record holding it)
    pub aliases: Vec<(Named, String, String)>,
    pub sources: Vec<Source>,
    /// Items with their parents.
    pub items: Vec<AgendaItem>,
    /// (process slug, item slug, parent slug): every parent link of the processes
    /// asked for.
    pub parent_links: Vec<(String, String, String)>,
}

/// What the planner knows of the declarations: as the database holds them, once
/// this import's plans so far are applied. `None`: no such record.
#[derive(Debug, Default)]
pub(super) struct Known {
    processes: HashMap<String, Option<Process>>,
    parties: HashMap<String, Option<Party>>,
    persons: HashMap<String, Option<Person>>,
    outlets: HashMap<String, Option<Outlet>>,
    /// By kind and alias in ASCII lowercase (the column's NOCASE): the record holding it.
    aliases: HashMap<(Named, String), Option<String>>,
    sources: HashMap<String, Option<Source>>,
    items: HashMap<(String, String), Option<AgendaItem>>,
    /// Per process whose links were read: item slug to parent slug.
    parents: HashMap<String, HashMap<String, String>>,
    /// Items the import created or changed, counted once however often.
    items_written: HashSet<(String, String)>,
}

fn alias_key(kind: Named, alias: &str) -> (Named, String) {
    (kind, alias.to_ascii_lowercase())
}

/// Every alias a dossier declares, with its kind and the slug declaring it.
fn declared_aliases(d: &Dossier) -> impl Iterator<Item = (Named, &str, &String)> {
    let parties = (d.parties.iter())
        .flat_map(|p| p.aliases.iter().map(|a| (Named::Party, p.slug.as_str(), a)));
    let persons = (d.persons.iter()).flat_map(|p| {
        p.aliases
            .iter()
            .map(|a| (Named::Person, p.slug.as_str(), a))
    });
    let outlets = (d.outlets.iter()).flat_map(|o| {
        o.aliases
            .iter()
            .map(|a| (Named::Outlet, o.slug.as_str(), a))
    });
    parties.chain(persons).chain(outlets)
}

/// The keys of `records` that `known` does not hold, once each.
fn unknown<T, K: Eq + Hash + Clone>(
    records: impl Iterator<Item = T>,
    key: impl Fn(T) -> K,
    known: &HashMap<K, impl Sized>,
) -> Vec<K> {
    let mut seen = HashSet::new();
    records
        .map(key)
        .filter(|k| !known.contains_key(k) && seen.insert(k.clone()))
        .collect()
}

impl Known {
    /// What must be read before a dossier's declarations can be planned.
    pub(super) fn wanted(&self, d: &Dossier) -> Wanted {
        let mut aliases = HashSet::new();
        Wanted {
            processes: unknown(d.processes.iter(), |p| p.slug.clone(), &self.processes),
            parties: unknown(d.parties.iter(), |p| p.slug.clone(), &self.parties),
            persons: unknown(d.persons.iter(), |p| p.slug.clone(), &self.persons),
            outlets: unknown(d.outlets.iter(), |o| o.slug.clone(), &self.outlets),
            aliases: declared_aliases(d)
                .filter(|(kind, _, a)| {
                    let key = alias_key(*kind, a);
                    !self.aliases.contains_key(&key) && aliases.insert(key)
                })
                .map(|(kind, _, a)| (kind, a.clone()))
                .collect(),
            sources: unknown(d.sources.iter(), |s| s.slug.clone(), &self.sources),
            items: unknown(
                d.items.iter(),
                |i| (i.process.clone(), i.slug.clone()),
                &self.items,
            ),
            parent_links: unknown(
                d.items.iter().filter(|i| i.parent.is_some()),
                |i| i.process.clone(),
                &self.parents,
            ),
        }
    }

    /// Learns what the database holds of what was `wanted`.
    pub(super) fn learn(&mut self, wanted: Wanted, held: HeldDeclarations) {
        fn absent<K: Eq + Hash, V>(map: &mut HashMap<K, Option<V>>, keys: Vec<K>) {
            for key in keys {
                map.entry(key).or_insert(None);
            }
        }
        for p in held.processes {
            self.processes.insert(p.slug.clone(), Some(p));
        }
        absent(&mut self.processes, wanted.processes);
        for p in held.parties {
            self.parties.insert(p.slug.clone(), Some(p));
        }
        absent(&mut self.parties, wanted.parties);
        for p in held.persons {
            self.persons.insert(p.slug.clone(), Some(p));
        }
        absent(&mut self.persons, wanted.persons);
        for o in held.outlets {
            self.outlets.insert(o.slug.clone(), Some(o));
        }
        absent(&mut self.outlets, wanted.outlets);
        for (kind, alias, slug) in held.aliases {
            self.aliases.insert(alias_key(kind, &alias), Some(slug));
        }
        absent(
            &mut self.aliases,
            (wanted.aliases.iter())
                .map(|(kind, a)| alias_key(*kind, a))
                .collect(),
        );
        for s in held.sources {
            self.sources.insert(s.slug.clone(), Some(s));
        }
        absent(&mut self.sources, wanted.sources);
        for i in held.items {
            self.items
                .insert((i.process.clone(), i.slug.clone()), Some(i));
        }
        absent(&mut self.items, wanted.items);
        for process in wanted.parent_links {
            self.parents.entry(process).or_default();
        }
        for (process, item, parent) in held.parent_links {
            self.parents
                .entry(process)
                .or_default()
                .insert(item, parent);
        }
    }

    /// Plans the dossier's declarations, counting them in `changes`. With
    /// `adds_only`, a declaration of a record that exists is refused.
    pub(super) fn plan(
        &mut self,
        d: &Dossier,
        adds_only: bool,
        changes: &mut Changes,
    ) -> Result<DeclarationPlan> {
        let mut plan = DeclarationPlan::default();
        let refuse = |kind: &'static str, slug: &str| match adds_only {
            true => Err(Error::Exists {
                kind,
                slug: slug.to_owned(),
            }),
            false => Ok(()),
        };

        for p in &d.processes {
            let held = known(&self.processes, &p.slug);
            if held.is_some() {
                refuse("process", &p.slug)?;
            }
            let write = match held {
                None => Write::Insert,
                Some(h) if h.name != p.name || h.description != p.description => Write::Update,
                Some(_) => continue,
            };
            self.processes.insert(p.slug.clone(), Some(p.clone()));
            changes.processes += 1;
            plan.processes.push((p.clone(), write));
        }

        if let Some(p) = d
            .parties
            .iter()
            .find(|p| known(&self.parties, &p.slug).is_some())
        {
            refuse("party", &p.slug)?;
        }
        let mut changed = HashSet::new();
        for p in last_of_each(&d.parties, |p| p.slug.clone()) {
            let write = match known(&self.parties, &p.slug) {
                None => Write::Insert,
                Some(h) if h.name != p.name || h.short_code != p.short_code || h.kind != p.kind => {
                    Write::Update
                }
                Some(_) => continue,
            };
            let declared = Party {
                aliases: Vec::new(),
                ..p.clone()
            };
            self.parties.insert(p.slug.clone(), Some(declared.clone()));
            changed.insert(p.slug.clone());
            plan.parties.push((declared, write));
        }
        let mut changed_persons = HashSet::new();
        if let Some(p) = (d.persons.iter()).find(|p| known(&self.persons, &p.slug).is_some()) {
            refuse("person", &p.slug)?;
        }
        for p in last_of_each(&d.persons, |p| p.slug.clone()) {
            let write = match known(&self.persons, &p.slug) {
                None => Write::Insert,
                Some(h) if h.name != p.name || h.party != p.party || h.role != p.role => {
                    Write::Update
                }
                Some(_) => continue,
            };
            let declared = Person {
                aliases: Vec::new(),
                ..p.clone()
            };
            self.persons.insert(p.slug.clone(), Some(declared.clone()));
            changed_persons.insert(p.slug.clone());
            plan.persons.push((declared, write));
        }
        let mut changed_outlets = HashSet::new();
        for o in last_of_each(&d.outlets, |o| o.slug.clone()) {
            let write = match known(&self.outlets, &o.slug) {
                None => Write::Insert,
                Some(h) if h.name != o.name => Write::Update,
                Some(_) => continue,
            };
            let declared = Outlet {
                aliases: Vec::new(),
                ..o.clone()
            };
            self.outlets.insert(o.slug.clone(), Some(declared.clone()));
            changed_outlets.insert(o.slug.clone());
            plan.outlets.push((declared, write));
        }
        // An alias is one record's, regardless of (ASCII) case, as the columns' NOCASE
        // says; one another record holds stays that record's: say so, rather than drop it.
        for (kind, slug, alias) in declared_aliases(d) {
            match self.aliases.get(&alias_key(kind, alias)).cloned().flatten() {
                None => {
                    self.aliases
                        .insert(alias_key(kind, alias), Some(slug.to_owned()));
                    match kind {
                        Named::Party => changed.insert(slug.to_owned()),
                        Named::Person => changed_persons.insert(slug.to_owned()),
                        Named::Outlet => changed_outlets.insert(slug.to_owned()),
                    };
                    plan.aliases.push((kind, slug.to_owned(), alias.clone()));
                }
                Some(holder) if holder == slug => {}
                Some(holder) => {
                    let kind = kind.kind();
                    return Err(Error::Conflict(format!(
                        "{kind} '{slug}': the alias '{alias}' already names {kind} '{holder}'"
                    )));
                }
            }
        }
        changes.parties += changed.len() as u64;
        changes.persons += changed_persons.len() as u64;
        changes.outlets += changed_outlets.len() as u64;

        if let Some(s) = d
            .sources
            .iter()
            .find(|s| known(&self.sources, &s.slug).is_some())
        {
            refuse("source", &s.slug)?;
        }
        for s in last_of_each(&d.sources, |s| s.slug.clone()) {
            let write = match known(&self.sources, &s.slug) {
                None => Write::Insert,
                Some(h) if h != s => Write::Update,
                Some(_) => continue,
            };
            self.sources.insert(s.slug.clone(), Some(s.clone()));
            changes.sources += 1;
            plan.sources.push((s.clone(), write));
        }

        self.plan_items(d, &mut plan, refuse)?;
        changes.items = self.items_written.len() as u64;
        Ok(plan)
    }

    /// Plans items, then their parents, refusing a parent that would make an item
    /// its own ancestor. The files were checked against the items as they stood then;
    /// another import may have added the other half of a cycle since: checked again
    /// here, against the links as the database holds them now.
    fn plan_items(
        &mut self,
        d: &Dossier,
        plan: &mut DeclarationPlan,
        refuse: impl Fn(&'static str, &str) -> Result<()>,
    ) -> Result<()> {
        let key = |i: &AgendaItem| (i.process.clone(), i.slug.clone());
        if let Some(i) = d
            .items
            .iter()
            .find(|i| known(&self.items, &key(i)).is_some())
        {
            refuse("agenda item", &i.slug)?;
        }
        for i in last_of_each(&d.items, key) {
            let held = known(&self.items, &key(i));
            let held_parent = held.and_then(|h| h.parent.clone());
            let write = match held {
                None => Some(Write::Insert),
                Some(h) if h.title != i.title || h.description != i.description => {
                    Some(Write::Update)
                }
                Some(_) => None,
            };
            if let Some(write) = write {
                plan.items.push((i.clone(), write));
            }
            if held_parent != i.parent {
                plan.parents
                    .push((i.process.clone(), i.slug.clone(), i.parent.clone()));
            }
            if write.is_some() || held_parent != i.parent {
                self.items_written.insert(key(i));
            }
            self.items.insert(key(i), Some(i.clone()));
            if let Some(links) = self.parents.get_mut(&i.process) {
                match &i.parent {
                    Some(parent) => links.insert(i.slug.clone(), parent.clone()),
                    None => links.remove(&i.slug),
                };
            }
        }
        for item in d.items.iter().filter(|i| i.parent.is_some()) {
            let links = &self.parents[&item.process];
            if let Some(chain) =
                ancestry_cycle(&item.slug, |slug| links.get(slug).map(String::as_str))
            {
                return Err(Error::Constraint(format!(
                    "agenda item '{}' would be its own ancestor: {}; another import changed the items \
                     after this one was checked, so nothing was written",
                    item.slug,
                    chain.join(" → ")
                )));
            }
        }
        Ok(())
    }
}

/// The record held under `key`, once the planner has learnt it.
fn known<'k, K: Eq + Hash, V>(map: &'k HashMap<K, Option<V>>, key: &K) -> Option<&'k V> {
    map.get(key).and_then(Option::as_ref)
}

/// Each record once, where it last appears (a later declaration wins), in the order
/// of those last appearances.
fn last_of_each<T, K: Eq + Hash>(records: &[T], key: impl Fn(&T) -> K) -> impl Iterator<Item = &T> {
    let last: HashMap<K, usize> = records
        .iter()
        .enumerate()
        .map(|(i, r)| (key(r), i))
        .collect();
    records
        .iter()
        .enumerate()
        .filter(move |(i, r)| last[&key(r)] == *i)
        .map(|(_, r)| r)
}
