//! How commands name a process or a round: the row id with the slug and the names
//! an analyst types, and finding a round by `latest`, `previous`, its number, slug or
//! title.

use serde::Serialize;

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
        let mut catalog = crate::domain::names::Catalog::new("round");
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
