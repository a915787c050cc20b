//! The records a round file holds once it has been read and checked: every
//! vocabulary value parsed, every date valid, every reference resolved to the slug of
//! a record in the file or the database. Storage writes these as they are.

use serde::Serialize;

use super::{
    CommitmentKind, Credibility, Fate, Level, NoteKind, PartialDate, PartyKind, Reliability, Role,
    RoundFormat, RoundState, Stance, Status,
};

/// Everything one import writes: reference data first, then rounds in file order.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Dossier {
    pub processes: Vec<Process>,
    pub parties: Vec<Party>,
    /// Persons, after the parties they act for.
    pub persons: Vec<Person>,
    /// Outlets, before the sources they publish: those a file declares, and those its
    /// sources name that no record answers to yet.
    pub outlets: Vec<Outlet>,
    pub sources: Vec<Source>,
    pub items: Vec<AgendaItem>,
    pub rounds: Vec<Round>,
}

impl Dossier {
    /// How many claims the rounds hold, for progress and summaries.
    pub fn claim_count(&self) -> usize {
        self.rounds.iter().map(Round::claim_count).sum()
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Process {
    pub slug: String,
    pub name: String,
    pub description: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Party {
    pub slug: String,
    pub name: String,
    pub short_code: Option<String>,
    pub kind: PartyKind,
    pub aliases: Vec<String>,
}

/// A negotiator, envoy or official, acting for a party.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Person {
    pub slug: String,
    pub name: String,
    /// The party they act for.
    pub party: String,
    /// Their role or title, as the sources give it.
    pub role: Option<String>,
    pub aliases: Vec<String>,
}

/// Who publishes sources.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Outlet {
    pub slug: String,
    pub name: String,
    pub aliases: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Source {
    pub slug: String,
    /// The outlet as the source was logged (`Reuters (via Investing.com)`).
    pub outlet: String,
    /// The outlet's slug: the record `outlet` resolved to.
    pub outlet_slug: String,
    /// How the article was obtained, as it says (`Investing.com`).
    pub obtained_via: Option<String>,
    pub title: Option<String>,
    pub url: Option<String>,
    pub published_on: Option<PartialDate>,
    pub reliability: Option<Reliability>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AgendaItem {
    pub process: String,
    pub slug: String,
    pub parent: Option<String>,
    pub title: String,
    pub description: Option<String>,
}

/// What an import gives one field of a record the database may already hold: a
/// value, an explicit clearing, or nothing, which leaves the value held as it is (a
/// new record then has none).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub enum Update<T> {
    /// Not given: a held record keeps its value.
    #[default]
    Keep,
    /// Given: this value.
    Set(T),
    /// Given as none: a held record loses its value.
    Clear,
}

impl<T> Update<T> {
    /// A field given whole, as a claim in a round file gives it: a value, or none.
    pub fn whole(value: Option<T>) -> Self {
        value.map_or(Update::Clear, Update::Set)
    }

    /// What a flag gives: its value, or nothing when it is left out.
    pub fn if_given(value: Option<T>) -> Self {
        value.map_or(Update::Keep, Update::Set)
    }

    /// The value given, if one was: what a new record holds.
    pub fn given(&self) -> Option<&T> {
        match self {
            Update::Set(value) => Some(value),
            Update::Keep | Update::Clear => None,
        }
    }

    /// The value a record holds after the update, given what it held.
    pub fn applied_to(self, held: Option<T>) -> Option<T> {
        match self {
            Update::Keep => held,
            Update::Set(value) => Some(value),
            Update::Clear => None,
        }
    }

    pub fn is_keep(&self) -> bool {
        matches!(self, Update::Keep)
    }
}

/// What an edit command gives a record the database holds, field by field: each
/// field named as its flag is (`title`, `reliability`, `parent`), with its value as the
/// column holds it, checked already, or a clearing. A field not named keeps its value.
pub type FieldUpdates = Vec<(&'static str, Update<String>)>;

/// A round and what to record on it. A round the database already holds is named by
/// its slug and updated only in the details given; a new one needs a title and a
/// state.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Round {
    pub process: String,
    pub slug: String,
    /// Required of a new round; `None` keeps a held round's title.
    pub title: Option<String>,
    pub start_date: Update<PartialDate>,
    pub end_date: Update<PartialDate>,
    pub location: Update<String>,
    pub format: Update<RoundFormat>,
    pub level: Update<Level>,
    /// Required of a new round; `None` keeps a held round's state.
    pub state: Option<RoundState>,
    pub tone: Update<String>,
    pub summary: Update<String>,
    /// Sources for the round's details as a whole.
    pub sources: Vec<Citation>,
    pub participants: Vec<Participant>,
    /// Parties to withdraw from the round's participants (their last version is kept
    /// in `round_party_history`): `round edit --remove-party`; a round file has none.
    pub withdrawn: Vec<String>,
    pub statuses: Vec<StatusClaim>,
    pub positions: Vec<PositionClaim>,
    pub commitments: Vec<Commitment>,
    pub quotes: Vec<Quote>,
    pub notes: Vec<RoundNote>,
}

impl Round {
    /// A round named by its slug alone: the claims added to it are written at the
    /// round the database holds, whose details stay as they are.
    pub fn named(process: &str, slug: &str) -> Round {
        Round {
            process: process.to_owned(),
            slug: slug.to_owned(),
            title: None,
            start_date: Update::Keep,
            end_date: Update::Keep,
            location: Update::Keep,
            format: Update::Keep,
            level: Update::Keep,
            state: None,
            tone: Update::Keep,
            summary: Update::Keep,
            sources: Vec::new(),
            participants: Vec::new(),
            withdrawn: Vec::new(),
            statuses: Vec::new(),
            positions: Vec::new(),
            commitments: Vec::new(),
            quotes: Vec::new(),
            notes: Vec::new(),
        }
    }

    pub fn claim_count(&self) -> usize {
        self.participants.len()
            + self.statuses.len()
            + self.positions.len()
            + self.commitments.len()
            + self.quotes.len()
            + self.notes.len()
    }
}

/// A source behind a claim, with the credibility of the claim as that source tells it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct Citation {
    pub source: String,
    pub credibility: Option<Credibility>,
}

/// A party's part in a round. A participant in a round file is whole (no note: it has
/// none); one from flags (`round edit --party NAME:ROLE`) may leave the note out
/// ([`Update::Keep`]), and a participant the round holds keeps its note then.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Participant {
    pub party: String,
    pub role: Role,
    pub note: Update<String>,
    /// The person who led the party's delegation.
    pub lead: Option<String>,
}

/// An item's status at a round. A claim in a round file is whole (what it leaves out
/// it has none of); one from flags may leave the note, confidence and sources out
/// ([`Update::Keep`]): a correction then keeps those of the record in force, and a new
/// record cites its round's sources.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StatusClaim {
    pub item: String,
    pub status: Status,
    pub note: Update<String>,
    pub confidence: Update<Credibility>,
    pub sources: Update<Vec<Citation>>,
}

/// A party's stance on an item as of a round; whole or partial like [`StatusClaim`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PositionClaim {
    pub party: String,
    pub item: String,
    pub stance: Stance,
    pub note: Update<String>,
    pub sources: Update<Vec<Citation>>,
}

/// What a round produced, named by its slug within the round. A commitment in a
/// round file is whole; one from flags (`commitment fate`) may give its slug and a
/// fate alone, and a commitment the round holds keeps what the claim leaves out. A
/// commitment is amended in place: its parties are added to, its fate appended.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Commitment {
    pub slug: String,
    pub item: Update<String>,
    /// Required of a new commitment; `None` keeps a held one's.
    pub kind: Option<CommitmentKind>,
    /// Required of a new commitment; `None` keeps a held one's.
    pub description: Option<String>,
    pub due_date: Update<PartialDate>,
    /// Parties it binds, beside any it binds already.
    pub parties: Vec<String>,
    /// The fate as this claim knows it; a change is appended to the commitment's history.
    pub fate: Option<Fate>,
    pub fate_note: Option<String>,
    /// Sources, beside any it cites already; not given, a new commitment cites its
    /// round's.
    pub sources: Update<Vec<Citation>>,
}

/// Words attributed to a speaker at a round. A quote the round holds already (the
/// same words from the same speaker) is not written again.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Quote {
    /// The speaker, as a person (slug); `speaker_name` then holds their name.
    pub speaker: Option<String>,
    pub speaker_name: Option<String>,
    pub speaker_description: Option<String>,
    pub party: Option<String>,
    pub item: Option<String>,
    pub text: String,
    /// Not given, it cites its round's sources.
    pub sources: Update<Vec<Citation>>,
}

/// The analyst's note on a round. A note the round holds already (the same kind and
/// words) is not written again.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RoundNote {
    pub kind: NoteKind,
    pub body: String,
    /// The persons it names (slugs), each once.
    pub persons: Vec<String>,
    /// Not given, it cites its round's sources.
    pub sources: Update<Vec<Citation>>,
}

impl Dossier {
    /// Appends another file's records after this one's.
    pub fn extend(&mut self, other: Dossier) {
        self.processes.extend(other.processes);
        self.parties.extend(other.parties);
        self.persons.extend(other.persons);
        self.outlets.extend(other.outlets);
        self.sources.extend(other.sources);
        self.items.extend(other.items);
        self.rounds.extend(other.rounds);
    }
}

/// A process as commands name it: its row id, slug and display name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProcessRef {
    pub id: i64,
    pub slug: String,
    pub name: String,
}

/// A round as commands name it: `latest`, `previous`, its number or its slug.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RoundRef {
    pub round_id: i64,
    pub process_id: i64,
    /// Its place in the process's chronological order, from 1.
    pub number: i64,
    pub slug: String,
    pub title: String,
    pub start_date: Option<String>,
    pub state: String,
}

impl RoundRef {
    /// Finds a round among a process's rounds (in number order) by what an analyst
    /// typed: `latest` (the last round held), `previous` (the held round before it),
    /// a number, a slug, or a title regardless of case.
    pub fn find<'a>(rounds: &'a [RoundRef], name: &str) -> Result<&'a RoundRef, String> {
        let name = name.trim();
        let held: Vec<&RoundRef> = rounds.iter().filter(|r| r.state == "held").collect();
        match name.to_ascii_lowercase().as_str() {
            "latest" => {
                return held.last().copied().ok_or_else(|| {
                    "'latest' names no round: no round of this process has been held yet".into()
                });
            }
            "previous" => {
                return held.len().checked_sub(2).map(|i| held[i]).ok_or_else(|| {
                    "'previous' names no round: fewer than two rounds have been held".into()
                });
            }
            _ => {}
        }
        if let Ok(number) = name.trim_start_matches('#').parse::<i64>() {
            return rounds.iter().find(|r| r.number == number).ok_or_else(|| {
                format!(
                    "there is no round {number}; this process has {} round(s)",
                    rounds.len()
                )
            });
        }
        let mut catalog = super::names::Catalog::new("round");
        for r in rounds {
            catalog.insert(&r.slug, [r.title.clone()]);
        }
        let slug = catalog.lookup(name).map_err(|e| e.to_string())?;
        Ok(rounds
            .iter()
            .find(|r| r.slug == slug)
            .expect("the catalog holds these rounds"))
    }
}

/// A problem with one field of a record, whatever it came from (a file or a flag).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldProblem {
    /// The field as the round file names it (`date`, `end_date`, …).
    pub field: &'static str,
    pub message: String,
}

/// The rules a round's dates obey: a date unless the round is only scheduled or
/// postponed, and an end that does not precede the start.
pub fn check_round_dates(
    start: Option<PartialDate>,
    end: Option<PartialDate>,
    state: RoundState,
) -> Result<(), FieldProblem> {
    if start.is_none() && !matches!(state, RoundState::Scheduled | RoundState::Postponed) {
        return Err(FieldProblem {
            field: "date",
            message: format!(
                "a round that is {state} needs a date (YYYY, YYYY-MM or YYYY-MM-DD); only a scheduled or postponed one may have none"
            ),
        });
    }
    match (start, end) {
        (None, Some(_)) => Err(FieldProblem {
            field: "end_date",
            message: "an end date needs a start date".into(),
        }),
        (Some(start), Some(end)) if !end.can_end(start) => Err(FieldProblem {
            field: "end_date",
            message: format!("the round ends ({end}) before it starts ({start})"),
        }),
        _ => Ok(()),
    }
}

/// Trims a text field and checks it is neither empty nor longer than `max`
/// characters, nor holds a control character: tabs and line breaks are text, a
/// Windows line break (CR LF) becomes a line break, and anything else (ESC, NUL, a
/// lone CR, the C1 controls) could rewrite the terminal of whoever reads it later.
pub fn check_text(text: &str, max: usize) -> Result<String, String> {
    let text = text.trim();
    if text.is_empty() {
        return Err("is empty; leave it out instead, or write something".into());
    }
    let text = text.replace("\r\n", "\n");
    if let Some((at, c)) = text
        .chars()
        .enumerate()
        .find(|(_, c)| c.is_control() && !matches!(c, '\n' | '\t'))
    {
        return Err(format!(
            "holds the control character {} at character {}; remove it (only tabs and line breaks are allowed)",
            c.escape_unicode(),
            at + 1
        ));
    }
    let chars = text.chars().count();
    if chars > max {
        return Err(format!(
            "is {chars} characters long; at most {max} are allowed"
        ));
    }
    Ok(text)
}

/// A slug made from a name: transliterated to ASCII (`Türkiye` gives `turkiye`,
/// `Україна` gives `ukraina`), lowercase letters and digits, other runs of
/// characters turned into single hyphens. Empty when nothing is left (a name of
/// punctuation alone): then a slug must be given.
pub fn slugify(name: &str) -> String {
    let ascii = any_ascii::any_ascii(name);
    let mut slug = String::with_capacity(ascii.len());
    for c in ascii.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.ends_with('-') && !slug.is_empty() {
            slug.push('-');
        }
    }
    while slug.ends_with('-') {
        slug.pop();
    }
    slug.truncate(100);
    slug.trim_end_matches('-').to_owned()
}

/// An outlet's text split into the outlet's name and how the article was obtained:
/// `Reuters (via Investing.com)` is `Reuters`, via `Investing.com`. Text without a
/// trailing `(via …)` is the name alone.
pub fn split_obtained_via(text: &str) -> (&str, Option<&str>) {
    let text = text.trim();
    let split = text
        .strip_suffix(')')
        .and_then(|t| t.rsplit_once(" (via "))
        .map(|(name, via)| (name.trim(), via.trim()))
        .filter(|(name, via)| !name.is_empty() && !via.is_empty());
    match split {
        Some((name, via)) => (name, Some(via)),
        None => (text, None),
    }
}

/// Whether a round slug would read as a round reference rather than a name: a
/// number (`2`, which `--round 2` takes as the second round), `latest` or `previous`.
pub fn is_reserved_round_slug(slug: &str) -> bool {
    let digits = slug.strip_prefix('-').unwrap_or(slug);
    matches!(slug, "latest" | "previous")
        || (!digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()))
}

/// Refuses a round slug that a round reference would read as a number or keyword.
pub fn check_round_slug(slug: &str) -> Result<(), String> {
    if is_reserved_round_slug(slug) {
        return Err(format!(
            "'{slug}' cannot name a round: `--round {slug}` would read it as {}; choose another slug, e.g. '{slug}-round'",
            if slug.starts_with(|c: char| c.is_ascii_digit() || c == '-') {
                "a round number"
            } else {
                "a keyword"
            }
        ));
    }
    Ok(())
}

/// A round slug made from a name: as [`slugify`], with `-round` added when the name
/// alone would read as a round reference (a title "Latest" or "2025").
pub fn round_slugify(name: &str) -> String {
    let slug = slugify(name);
    if is_reserved_round_slug(&slug) {
        format!("{slug}-round")
    } else {
        slug
    }
}

/// Where following parents from `start` leads back to it: the chain `start`, its
/// parent, …, `start`; none when the chain ends. `parent_of` gives a record's parent.
pub fn ancestry_cycle<'a>(
    start: &'a str,
    parent_of: impl Fn(&str) -> Option<&'a str>,
) -> Option<Vec<&'a str>> {
    let mut chain = vec![start];
    let mut current = start;
    while let Some(parent) = parent_of(current) {
        if parent == start {
            chain.push(parent);
            return Some(chain);
        }
        if chain.contains(&parent) {
            // A cycle above `start`, not through it: the cycle's own items report it.
            return None;
        }
        chain.push(parent);
        current = parent;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_made_from_names() {
        assert_eq!(
            slugify("Geneva, Switzerland 2025-11-23"),
            "geneva-switzerland-2025-11-23"
        );
        assert_eq!(slugify("  U.S. "), "u-s");
        assert_eq!(slugify("Україна"), "ukraina");
        assert_eq!(slugify("Türkiye"), "turkiye");
        assert_eq!(slugify("Tu\u{308}rkiye"), "turkiye");
        assert_eq!(slugify("?!"), "");
    }

    #[test]
    fn how_an_article_was_obtained_is_split_from_its_outlet() {
        assert_eq!(
            split_obtained_via("Reuters (via Investing.com)"),
            ("Reuters", Some("Investing.com"))
        );
        assert_eq!(split_obtained_via(" AP News "), ("AP News", None));
        assert_eq!(split_obtained_via("(via X)"), ("(via X)", None));
        assert_eq!(
            split_obtained_via("Kyiv Post (print)"),
            ("Kyiv Post (print)", None)
        );
    }

    #[test]
    fn round_slugs_never_read_as_references() {
        for reserved in ["1", "42", "007", "-3", "latest", "previous"] {
            assert!(check_round_slug(reserved).is_err(), "{reserved}");
        }
        for fine in ["round-1", "2025-11-23", "latest-talks", "1a"] {
            assert!(check_round_slug(fine).is_ok(), "{fine}");
        }
        assert_eq!(round_slugify("Latest"), "latest-round");
        assert_eq!(round_slugify("2025"), "2025-round");
        assert_eq!(round_slugify("Geneva 2025"), "geneva-2025");
    }

    #[test]
    fn text_refuses_control_characters_but_keeps_tabs_and_line_breaks() {
        assert_eq!(check_text("a\tb\r\nc", 100).unwrap(), "a\tb\nc");
        for hostile in ["\u{1b}[31mred", "a\0b", "a\rb", "a\u{9b}b", "a\u{7f}"] {
            let err = check_text(hostile, 100).unwrap_err();
            assert!(err.contains("\\u{"), "{err}");
            assert!(!err.chars().any(|c| c.is_control()), "{err:?}");
        }
    }

    #[test]
    fn a_parent_chain_that_returns_is_a_cycle() {
        let parents =
            std::collections::HashMap::from([("a", "b"), ("b", "c"), ("c", "a"), ("d", "a")]);
        let parent_of = |s: &str| parents.get(s).copied();
        assert_eq!(
            ancestry_cycle("a", parent_of),
            Some(vec!["a", "b", "c", "a"])
        );
        assert_eq!(ancestry_cycle("d", parent_of), None);
        assert_eq!(ancestry_cycle("e", parent_of), None);
    }

    #[test]
    fn a_held_round_needs_a_date_and_an_end_after_its_start() {
        let d = |t: &str| Some(t.parse::<PartialDate>().unwrap());
        assert!(check_round_dates(None, None, RoundState::Scheduled).is_ok());
        assert_eq!(
            check_round_dates(None, None, RoundState::Held)
                .unwrap_err()
                .field,
            "date"
        );
        let err =
            check_round_dates(d("2025-12-02"), d("2025-12-01"), RoundState::Held).unwrap_err();
        assert_eq!(err.field, "end_date");
    }
}
