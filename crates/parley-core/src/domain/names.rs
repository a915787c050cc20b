//! Suggesting the nearest known name when an analyst mistypes one.

use std::fmt;

/// Up to three known names close to an unknown one; displays as
/// "; did you mean 'x'?" or "; did you mean 'x', 'y' or 'z'?", or nothing.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Suggestions(pub Vec<String>);

/// How far below the best suggestion's similarity (0 to 1) another may be and still
/// be suggested beside it: one edit in twenty. Wider, and `implementng` would suggest
/// `implemented` (two edits in eleven) beside `implementing` (one in twelve).
pub const SIMILARITY_SLACK: f64 = 0.05;

impl Suggestions {
    /// The known names nearest to `wanted`, best first, at most three.
    ///
    /// A name is a candidate when it is within a third of `wanted`'s length in edit
    /// distance (at least 2; a swap of two letters counts as one edit), or when one
    /// contains the other. Of the candidates, only those about as similar as the best
    /// are kept: similarity is one minus the distance over the longer name's length,
    /// and a candidate more than [`SIMILARITY_SLACK`] below the best is dropped, so
    /// that `propsed` suggests `proposed` (one edit in eight) and not also `dropped`
    /// (two in seven).
    pub fn nearest<'a>(wanted: &str, known: impl IntoIterator<Item = &'a str>) -> Self {
        let wanted_lower = wanted.trim().to_lowercase();
        let wanted_chars = wanted_lower.chars().count();
        let limit = (wanted_chars / 3).max(2);
        let mut scored: Vec<(f64, usize, &str)> = known
            .into_iter()
            .filter_map(|name| {
                let lower = name.to_lowercase();
                let chars = lower.chars().count();
                let distance = strsim::osa_distance(&wanted_lower, &lower);
                // Containment suggests only for names long enough to mean something:
                // "us" inside "rusia" is a coincidence.
                let related = wanted_chars.min(chars) >= 4
                    && (lower.contains(&wanted_lower) || wanted_lower.contains(&lower));
                let similarity = 1.0 - distance as f64 / wanted_chars.max(chars).max(1) as f64;
                (distance <= limit || related).then_some((similarity, distance, name))
            })
            .collect();
        scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(b.2)));
        scored.dedup_by(|a, b| a.2 == b.2);
        let best = scored.first().map_or(0.0, |s| s.0);
        Suggestions(
            scored
                .into_iter()
                .take_while(|s| s.0 >= best - SIMILARITY_SLACK)
                .take(3)
                .map(|(_, _, n)| n.to_owned())
                .collect(),
        )
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Display for Suggestions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0.as_slice() {
            [] => Ok(()),
            [one] => write!(f, "; did you mean '{one}'?"),
            [init @ .., last] => {
                let init: Vec<String> = init.iter().map(|n| format!("'{n}'")).collect();
                write!(f, "; did you mean {} or '{last}'?", init.join(", "))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::vocab::*;

    #[test]
    fn suggests_close_and_containing_names() {
        let known = [
            "prisoner-exchanges",
            "territorial-questions",
            "dialogue-channels",
        ];
        let s = Suggestions::nearest("prisoner", known);
        assert_eq!(s.0, vec!["prisoner-exchanges"]);
        let s = Suggestions::nearest("dialog-channels", known);
        assert_eq!(s.to_string(), "; did you mean 'dialogue-channels'?");
        assert!(Suggestions::nearest("zzzz", known).is_empty());
    }

    /// Before suggestions were ranked by similarity, 'propsed' suggested 'dropped'
    /// too: two edits away, within the old limit of two.
    #[test]
    fn a_clear_winner_is_suggested_alone() {
        let s = Suggestions::nearest("propsed", Status::SLUGS.iter().copied());
        assert_eq!(s.0, vec!["proposed"]);
        let s = Suggestions::nearest("hled", RoundState::SLUGS.iter().copied());
        assert_eq!(s.0, vec!["held"], "a swap of two letters is one edit");
        let s = Suggestions::nearest("implemnted", Status::SLUGS.iter().copied());
        assert_eq!(s.0, vec!["implemented"]);
    }

    #[test]
    fn names_about_as_close_are_suggested_together() {
        let s = Suggestions::nearest("stat", ["state", "stats", "status"]);
        assert_eq!(s.0, vec!["state", "stats"]);
        let items = [
            "prisoner-exchanges",
            "prisoner-releases",
            "dialogue-channels",
        ];
        let s = Suggestions::nearest("prisoner", items);
        // Both contain it; the shorter is the nearer.
        assert_eq!(s.0, vec!["prisoner-releases", "prisoner-exchanges"]);
    }

    /// Every one-letter slip (a letter left out, doubled or swapped with the next) in
    /// every vocabulary value suggests that value, and nothing farther from the slip.
    #[test]
    fn slips_in_every_vocabulary_suggest_the_value_meant() {
        let vocabularies: [&[&str]; 10] = [
            Status::SLUGS,
            Stance::SLUGS,
            RoundState::SLUGS,
            RoundFormat::SLUGS,
            Level::SLUGS,
            Role::SLUGS,
            PartyKind::SLUGS,
            CommitmentKind::SLUGS,
            Fate::SLUGS,
            NoteKind::SLUGS,
        ];
        for slugs in vocabularies {
            for slug in slugs {
                let chars: Vec<char> = slug.chars().collect();
                let mut slips = Vec::new();
                for i in 0..chars.len() {
                    let mut dropped = chars.clone();
                    dropped.remove(i);
                    slips.push(dropped);
                    let mut doubled = chars.clone();
                    doubled.insert(i, chars[i]);
                    slips.push(doubled);
                    if i + 1 < chars.len() && chars[i] != chars[i + 1] {
                        let mut swapped = chars.clone();
                        swapped.swap(i, i + 1);
                        slips.push(swapped);
                    }
                }
                for slip in slips {
                    let slip: String = slip.into_iter().collect();
                    if slugs.contains(&slip.as_str()) {
                        continue;
                    }
                    let s = Suggestions::nearest(&slip, slugs.iter().copied());
                    assert!(
                        s.0.contains(&slug.to_string()),
                        "'{slip}' suggested {:?}",
                        s.0
                    );
                    // Another value only when the slip is one edit from it too
                    // ('poposes': 'proposes' or 'opposes').
                    for other in &s.0 {
                        assert_eq!(
                            strsim::osa_distance(&slip, other),
                            1,
                            "'{slip}' suggested {:?}",
                            s.0
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn party_and_item_names_suggest_the_one_meant() {
        let parties = [
            "us",
            "United States",
            "ukraine",
            "Ukraine",
            "russia",
            "Russia",
            "europe",
            "European states",
            "aid-organisations",
        ];
        assert_eq!(
            Suggestions::nearest("Rusia", parties).0,
            vec!["Russia", "russia"]
        );
        assert_eq!(
            Suggestions::nearest("Untied States", parties).0,
            vec!["United States"]
        );
        assert_eq!(Suggestions::nearest("europ", parties).0, vec!["europe"]);
        let items = [
            "security-architecture",
            "security-guarantees",
            "territorial-questions",
            "humanitarian-coordination",
            "humanitarian-corridors",
        ];
        assert_eq!(
            Suggestions::nearest("security-guarantes", items).0,
            vec!["security-guarantees"]
        );
        assert_eq!(
            Suggestions::nearest("humanitarian-corridor", items).0,
            vec!["humanitarian-corridors"]
        );
        assert_eq!(
            Suggestions::nearest("security", items).0,
            vec!["security-guarantees", "security-architecture"]
        );
    }
}

/// The names one kind of record answers to: its slug and, case-insensitively, its
/// display name, short code and aliases. Resolving a name gives the slug.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Catalog {
    kind: &'static str,
    entries: Vec<CatalogEntry>,
    /// Each slug's place in `entries`: a file of a million claims resolves a name per
    /// claim, so the exact-slug case must not scan.
    by_slug: std::collections::HashMap<String, usize>,
}

#[derive(Debug, Clone, PartialEq)]
struct CatalogEntry {
    slug: String,
    other_names: Vec<String>,
    /// The slug and every other name, folded (see [`fold`]) once, when added.
    keys: Vec<String>,
}

impl CatalogEntry {
    fn answers_to(&self, folded: &str) -> bool {
        self.keys.iter().any(|k| k == folded)
    }
}

/// Why a name did not resolve.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unresolved {
    Unknown(Suggestions),
    Ambiguous(Vec<String>),
}

impl Catalog {
    pub fn new(kind: &'static str) -> Self {
        Catalog {
            kind,
            entries: Vec::new(),
            by_slug: Default::default(),
        }
    }

    pub fn kind(&self) -> &'static str {
        self.kind
    }

    /// Adds a record, or more names for one already present.
    pub fn insert(&mut self, slug: &str, other_names: impl IntoIterator<Item = impl Into<String>>) {
        let names: Vec<String> = other_names.into_iter().map(Into::into).collect();
        let keys = names.iter().map(|n| fold(n));
        match self.by_slug.get(slug) {
            Some(&i) => {
                let entry = &mut self.entries[i];
                entry.keys.extend(keys);
                entry.other_names.extend(names);
            }
            None => {
                self.by_slug.insert(slug.to_owned(), self.entries.len());
                self.entries.push(CatalogEntry {
                    slug: slug.to_owned(),
                    keys: std::iter::once(fold(slug)).chain(keys).collect(),
                    other_names: names,
                });
            }
        }
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    pub fn contains(&self, slug: &str) -> bool {
        self.by_slug.contains_key(slug)
    }

    pub fn slugs(&self) -> impl Iterator<Item = &str> {
        self.entries.iter().map(|e| e.slug.as_str())
    }

    /// The slug a name stands for: an exact slug first, then any name regardless of
    /// case (and of hyphens versus spaces or underscores).
    pub fn resolve(&self, name: &str) -> Result<&str, Unresolved> {
        let name = name.trim();
        if let Some(&i) = self.by_slug.get(name) {
            return Ok(&self.entries[i].slug);
        }
        let wanted = fold(name);
        let mut matches: Vec<&str> = self
            .entries
            .iter()
            .filter(|e| e.answers_to(&wanted))
            .map(|e| e.slug.as_str())
            .collect();
        matches.dedup();
        match matches.as_slice() {
            [one] => Ok(one),
            [] => {
                let known = self.entries.iter().flat_map(|e| {
                    std::iter::once(e.slug.as_str()).chain(e.other_names.iter().map(String::as_str))
                });
                let mut suggestions = Suggestions::nearest(name, known);
                // Suggest slugs, the names that always work.
                suggestions.0 = suggestions
                    .0
                    .iter()
                    .filter_map(|n| self.resolve_exactly(n))
                    .map(str::to_owned)
                    .collect();
                suggestions.0.dedup();
                Err(Unresolved::Unknown(suggestions))
            }
            many => Err(Unresolved::Ambiguous(
                many.iter().map(|s| s.to_string()).collect(),
            )),
        }
    }

    /// The records, other than `own`, that already answer to `name` (regardless of
    /// case and Unicode normalisation): a second record with the name would make it
    /// ambiguous.
    pub fn holders_other_than<'a>(&'a self, own: &str, name: &str) -> Vec<&'a str> {
        let wanted = fold(name);
        self.entries
            .iter()
            .filter(|e| e.slug != own)
            .filter(|e| e.answers_to(&wanted))
            .map(|e| e.slug.as_str())
            .collect()
    }

    /// Refuses `name` for record `own` when another record answers to it, in words
    /// that name the other record.
    pub fn check_name_free(&self, own: &str, name: &str) -> Result<(), String> {
        match self.holders_other_than(own, name).as_slice() {
            [] => Ok(()),
            holders => Err(format!(
                "'{name}' already names {} '{}' (names are compared regardless of case and accents' encoding); give another",
                self.kind,
                holders.join("', '")
            )),
        }
    }

    fn resolve_exactly(&self, name: &str) -> Option<&str> {
        let wanted = fold(name);
        self.entries
            .iter()
            .find(|e| e.answers_to(&wanted))
            .map(|e| e.slug.as_str())
    }

    /// Resolves a name or says, as the library error, what went wrong.
    pub fn lookup(&self, name: &str) -> crate::Result<&str> {
        self.resolve(name).map_err(|why| self.error(name, why))
    }

    pub fn error(&self, name: &str, why: Unresolved) -> crate::Error {
        match why {
            Unresolved::Unknown(suggestions) => crate::Error::UnknownName {
                kind: self.kind,
                name: name.to_owned(),
                suggestions,
            },
            Unresolved::Ambiguous(candidates) => crate::Error::AmbiguousName {
                kind: self.kind,
                name: name.to_owned(),
                candidates,
            },
        }
    }
}

/// Case, Unicode normalisation and separators do not distinguish names: "Red Line"
/// finds "red_line", and `Türkiye` composed, decomposed or as `TÜRKIYE` is one name.
/// Unicode's canonical caseless match (NFD, full case folding, NFD), so that `ß`
/// matches `SS` too, which lowercasing alone misses; NFC at the end keeps it short.
fn fold(name: &str) -> String {
    use caseless::Caseless;
    use unicode_normalization::UnicodeNormalization;
    name.trim()
        .chars()
        .map(|c| if c == '_' || c == ' ' { '-' } else { c })
        .nfd()
        .default_case_fold()
        .nfc()
        .collect()
}

#[cfg(test)]
mod catalog_tests {
    use super::*;

    fn parties() -> Catalog {
        let mut c = Catalog::new("party");
        c.insert("us", ["United States", "US", "Washington"]);
        c.insert("ukraine", ["Ukraine", "UA", "Kyiv", "Україна"]);
        c
    }

    #[test]
    fn resolves_slugs_names_codes_and_aliases_regardless_of_case() {
        let c = parties();
        assert_eq!(c.resolve("us"), Ok("us"));
        assert_eq!(c.resolve("united states"), Ok("us"));
        assert_eq!(c.resolve("ua"), Ok("ukraine"));
        assert_eq!(c.resolve("WASHINGTON"), Ok("us"));
        assert_eq!(c.resolve("україна"), Ok("ukraine"));
    }

    #[test]
    fn an_unknown_name_suggests_slugs() {
        let c = parties();
        match c.resolve("ukrain") {
            Err(Unresolved::Unknown(s)) => assert_eq!(s.0, vec!["ukraine"]),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn names_equal_under_normalisation_and_case_folding_are_one_name() {
        let mut c = Catalog::new("party");
        c.insert("turkey", ["Turkey", "T\u{fc}rkiye"]);
        assert_eq!(c.resolve("Tu\u{308}rkiye"), Ok("turkey"));
        assert_eq!(c.resolve("T\u{dc}RKIYE"), Ok("turkey"));
        assert!(c.check_name_free("other", "TU\u{308}RKIYE").is_err());
        assert!(c.check_name_free("turkey", "TU\u{308}RKIYE").is_ok());
        c.insert("street", ["Straße"]);
        assert_eq!(c.resolve("STRASSE"), Ok("street"));
    }

    #[test]
    fn a_name_shared_by_two_records_is_ambiguous() {
        let mut c = parties();
        c.insert("us-delegation", ["Washington"]);
        assert!(matches!(
            c.resolve("washington"),
            Err(Unresolved::Ambiguous(_))
        ));
    }
}

/// The kinds of record that answer to a name and aliases besides their slug, and are
/// resolved by one path: parties (also by short code), persons and outlets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Named {
    Party,
    Person,
    Outlet,
}

impl Named {
    /// The kind as messages and the schema name it: `party`, `person`, `outlet`.
    pub fn kind(self) -> &'static str {
        match self {
            Named::Party => "party",
            Named::Person => "person",
            Named::Outlet => "outlet",
        }
    }
}

/// Every name an import or a command may refer to, as the database holds them.
#[derive(Debug, Clone, PartialEq)]
pub struct Catalogs {
    pub processes: Catalog,
    pub parties: Catalog,
    pub persons: Catalog,
    pub outlets: Catalog,
    pub sources: Catalog,
    /// Agenda items, per process slug.
    pub items: std::collections::BTreeMap<String, Catalog>,
    /// Rounds, per process slug.
    pub rounds: std::collections::BTreeMap<String, Catalog>,
    /// Each agenda item's parent, per process slug: item slug to parent slug.
    pub parents: std::collections::BTreeMap<String, std::collections::HashMap<String, String>>,
}

impl Default for Catalogs {
    fn default() -> Self {
        Catalogs {
            processes: Catalog::new("process"),
            parties: Catalog::new(Named::Party.kind()),
            persons: Catalog::new(Named::Person.kind()),
            outlets: Catalog::new(Named::Outlet.kind()),
            sources: Catalog::new("source"),
            items: Default::default(),
            rounds: Default::default(),
            parents: Default::default(),
        }
    }
}

impl Catalogs {
    pub fn items_of(&mut self, process: &str) -> &mut Catalog {
        self.items
            .entry(process.to_owned())
            .or_insert_with(|| Catalog::new("agenda item"))
    }

    pub fn parents_of(&mut self, process: &str) -> &mut std::collections::HashMap<String, String> {
        self.parents.entry(process.to_owned()).or_default()
    }

    /// The catalog of a kind of named record.
    pub fn named(&mut self, kind: Named) -> &mut Catalog {
        match kind {
            Named::Party => &mut self.parties,
            Named::Person => &mut self.persons,
            Named::Outlet => &mut self.outlets,
        }
    }

    pub fn rounds_of(&mut self, process: &str) -> &mut Catalog {
        self.rounds
            .entry(process.to_owned())
            .or_insert_with(|| Catalog::new("round"))
    }
}

/// The records some round files name by slug: what checking them needs to read of
/// the kinds a database may hold many of (see `Database::catalogs_for`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NamesUsed {
    /// The processes the files are about.
    pub processes: Vec<String>,
    /// Sources declared or cited.
    pub sources: Vec<String>,
    /// (process slug, round slug) of every round the files give.
    pub rounds: Vec<(String, String)>,
}
