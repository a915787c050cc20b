//! Row ids by slug, for the rows a plan names: looked up, inside the import's
//! transaction, for the names each round uses that are not known yet (one statement
//! per kind of record, whatever their number), and added to as rows are written. An
//! import reads the ids of what it names, never whole tables.

use std::collections::{HashMap, HashSet};

use sqlx::SqliteConnection;

use crate::domain::model::Round;
use crate::error::{Error, Result};

#[derive(Default)]
pub struct Ids {
    pub processes: HashMap<String, i64>,
    pub parties: HashMap<String, i64>,
    /// Each person's id and name (a quote they speak holds their name).
    pub persons: HashMap<String, (i64, String)>,
    pub sources: HashMap<String, i64>,
    /// By process slug, then item slug (looked up for every claim, without allocating).
    pub items: HashMap<String, HashMap<String, i64>>,
    /// By process slug, then round slug.
    pub rounds: HashMap<String, HashMap<String, i64>>,
}

/// The names a round uses whose ids are not known yet.
#[derive(Default)]
pub struct Unknown<'r> {
    pub processes: HashSet<&'r str>,
    pub parties: HashSet<&'r str>,
    pub persons: HashSet<&'r str>,
    pub sources: HashSet<&'r str>,
    pub items: HashSet<&'r str>,
}

impl Ids {
    pub fn item(&self, process: &str, slug: &str) -> i64 {
        self.items[process][slug]
    }

    pub fn round(&self, process: &str, slug: &str) -> Option<i64> {
        self.rounds.get(process)?.get(slug).copied()
    }

    pub fn add_round(&mut self, process: &str, slug: &str, id: i64) {
        (self.rounds.entry(process.to_owned()).or_default()).insert(slug.to_owned(), id);
    }

    pub fn add_item(&mut self, process: String, slug: String, id: i64) {
        self.items.entry(process).or_default().insert(slug, id);
    }

    /// Reads the ids of every record `round` names (as its plan completed it) that
    /// are not known yet; fails if one is not in the database.
    pub async fn read_for(&mut self, conn: &mut SqliteConnection, round: &Round) -> Result<()> {
        let unknown = self.unknown(round);
        if !unknown.processes.is_empty() {
            let wanted = json_list(&unknown.processes);
            for r in sqlx::query!(
                r#"SELECT slug AS "slug!", process_id AS "id!" FROM process
                   WHERE slug IN (SELECT value FROM json_each(?1))"#,
                wanted
            )
            .fetch_all(&mut *conn)
            .await?
            {
                self.processes.insert(r.slug, r.id);
            }
        }
        if !unknown.parties.is_empty() {
            let wanted = json_list(&unknown.parties);
            for r in sqlx::query!(
                r#"SELECT slug AS "slug!", party_id AS "id!" FROM party
                   WHERE slug IN (SELECT value FROM json_each(?1))"#,
                wanted
            )
            .fetch_all(&mut *conn)
            .await?
            {
                self.parties.insert(r.slug, r.id);
            }
        }
        if !unknown.persons.is_empty() {
            let wanted = json_list(&unknown.persons);
            for r in sqlx::query!(
                r#"SELECT slug AS "slug!", person_id AS "id!", name FROM person
                   WHERE slug IN (SELECT value FROM json_each(?1))"#,
                wanted
            )
            .fetch_all(&mut *conn)
            .await?
            {
                self.persons.insert(r.slug, (r.id, r.name));
            }
        }
        if !unknown.sources.is_empty() {
            let wanted = json_list(&unknown.sources);
            for r in sqlx::query!(
                r#"SELECT slug AS "slug!", source_id AS "id!" FROM source
                   WHERE slug IN (SELECT value FROM json_each(?1))"#,
                wanted
            )
            .fetch_all(&mut *conn)
            .await?
            {
                self.sources.insert(r.slug, r.id);
            }
        }
        if !unknown.items.is_empty() {
            let wanted = json_list(&unknown.items);
            for r in sqlx::query!(
                r#"SELECT i.slug AS "slug!", i.agenda_item_id AS "id!"
                   FROM process p JOIN agenda_item i ON i.process_id = p.process_id
                   WHERE p.slug = ?1 AND i.slug IN (SELECT value FROM json_each(?2))"#,
                round.process,
                wanted
            )
            .fetch_all(&mut *conn)
            .await?
            {
                self.add_item(round.process.clone(), r.slug, r.id);
            }
        }
        self.all_known(round)
    }

    /// Fails if `round` names a record whose id is still unknown once read:
    /// validation found every name, so one missing now was never written.
    pub fn all_known(&self, round: &Round) -> Result<()> {
        let still = self.unknown(round);
        let missing = [
            ("process", still.processes),
            ("party", still.parties),
            ("person", still.persons),
            ("source", still.sources),
            ("agenda item", still.items),
        ];
        if let Some((kind, names)) = missing.into_iter().find(|(_, names)| !names.is_empty()) {
            let name = names.into_iter().next().unwrap_or_default();
            return Err(Error::Conflict(format!(
                "round '{}' names {kind} '{name}', which the database does not hold",
                round.slug
            )));
        }
        Ok(())
    }

    /// The names `r` uses whose ids are not known yet.
    pub fn unknown<'r>(&self, r: &'r Round) -> Unknown<'r> {
        let mut unknown = Unknown::default();
        let items = self.items.get(&r.process);
        let mut party = |p: &'r str| {
            if !self.parties.contains_key(p) {
                unknown.parties.insert(p);
            }
        };
        r.participants.iter().for_each(|p| party(&p.party));
        r.positions.iter().for_each(|p| party(&p.party));
        r.commitments
            .iter()
            .flat_map(|c| &c.parties)
            .for_each(|p| party(p));
        r.quotes
            .iter()
            .filter_map(|q| q.party.as_deref())
            .for_each(&mut party);
        let persons = (r.participants.iter().filter_map(|p| p.lead.as_deref()))
            .chain(r.quotes.iter().filter_map(|q| q.speaker.as_deref()))
            .chain(
                r.notes
                    .iter()
                    .flat_map(|n| n.persons.iter().map(String::as_str)),
            );
        for person in persons {
            if !self.persons.contains_key(person) {
                unknown.persons.insert(person);
            }
        }
        let item_names = (r.statuses.iter().map(|s| s.item.as_str()))
            .chain(r.positions.iter().map(|p| p.item.as_str()))
            .chain(
                r.commitments
                    .iter()
                    .filter_map(|c| c.item.given().map(String::as_str)),
            )
            .chain(r.quotes.iter().filter_map(|q| q.item.as_deref()));
        for item in item_names {
            if !items.is_some_and(|i| i.contains_key(item)) {
                unknown.items.insert(item);
            }
        }
        let given = |s: &'r crate::domain::model::Update<Vec<_>>| s.given().into_iter().flatten();
        let cited = (r.sources.iter())
            .chain(r.statuses.iter().flat_map(|s| given(&s.sources)))
            .chain(r.positions.iter().flat_map(|p| given(&p.sources)))
            .chain(r.commitments.iter().flat_map(|c| given(&c.sources)))
            .chain(r.quotes.iter().flat_map(|q| given(&q.sources)))
            .chain(r.notes.iter().flat_map(|n| given(&n.sources)));
        for c in cited {
            if !self.sources.contains_key(&c.source) {
                unknown.sources.insert(&c.source);
            }
        }
        if !self.processes.contains_key(&r.process) {
            unknown.processes.insert(&r.process);
        }
        unknown
    }
}

/// Names as one JSON array, for a statement that reads them with `json_each`.
pub fn json_list<'a>(names: impl IntoIterator<Item = &'a &'a str>) -> String {
    serde_json::Value::Array(
        names
            .into_iter()
            .map(|n| serde_json::Value::from(*n))
            .collect(),
    )
    .to_string()
}
