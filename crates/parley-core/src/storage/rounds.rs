//! Reading rounds in their order, and finding the round an analyst named.

use super::Database;
use crate::domain::model::RoundRef;
use crate::error::Result;

impl Database {
    /// A process's rounds in number order.
    pub async fn rounds(&self, process_id: i64) -> Result<Vec<RoundRef>> {
        Ok(sqlx::query_file_as!(
            RoundRef,
            "src/storage/queries/rounds_in_order.sql",
            process_id
        )
        .fetch_all(self.pool())
        .await?)
    }

    /// The round an analyst named (see [`RoundRef::find`]); an error names `flag`.
    ///
    /// `latest`, `previous`, a number and an exact slug are each one indexed lookup.
    /// Anything else (a title, a slug in another case, a mistyped name), and a name
    /// that finds nothing that way, is resolved against every round of the process,
    /// which also gives the error its suggestions.
    pub async fn resolve_round(&self, process_id: i64, name: &str, flag: &str) -> Result<RoundRef> {
        if let Some(round) = self.find_round(process_id, name.trim()).await? {
            return Ok(round);
        }
        let rounds = self.rounds(process_id).await?;
        match RoundRef::find(&rounds, name) {
            Ok(found) => Ok(found.clone()),
            Err(message) => {
                let retracted = self.retracted_round(process_id, name.trim()).await?;
                Err(unresolved_round(name, flag, message, retracted))
            }
        }
    }

    /// The round a name picks out by index, tried in [`RoundRef::find`]'s order;
    /// `None` when it needs the full search.
    async fn find_round(&self, process_id: i64, name: &str) -> Result<Option<RoundRef>> {
        let pool = self.pool();
        let found = match RoundLookup::of(name) {
            RoundLookup::HeldFromLast(offset) => {
                sqlx::query_file_as!(
                    RoundRef,
                    "src/storage/queries/round_held_from_last.sql",
                    process_id,
                    offset
                )
                .fetch_optional(pool)
                .await?
            }
            RoundLookup::Number(number) => {
                sqlx::query_file_as!(
                    RoundRef,
                    "src/storage/queries/round_by_number.sql",
                    process_id,
                    number
                )
                .fetch_optional(pool)
                .await?
            }
            RoundLookup::Slug(slug) => {
                sqlx::query_file_as!(
                    RoundRef,
                    "src/storage/queries/round_by_slug.sql",
                    process_id,
                    slug
                )
                .fetch_optional(pool)
                .await?
            }
        };
        Ok(found)
    }
}

/// The one indexed lookup a round's name is tried with first, in
/// [`RoundRef::find`]'s order: both backends' `resolve_round` take it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RoundLookup<'a> {
    /// The `n`-th round held counting back from the last (0: `latest`, 1: `previous`).
    HeldFromLast(i64),
    /// A number (`3`, `#3`).
    Number(i64),
    /// Anything else, tried as an exact slug.
    Slug(&'a str),
}

impl<'a> RoundLookup<'a> {
    /// The lookup for a name (trimmed).
    pub fn of(name: &'a str) -> RoundLookup<'a> {
        match name.to_ascii_lowercase().as_str() {
            "latest" => RoundLookup::HeldFromLast(0),
            "previous" => RoundLookup::HeldFromLast(1),
            _ => match name.trim_start_matches('#').parse::<i64>() {
                Ok(number) => RoundLookup::Number(number),
                Err(_) => RoundLookup::Slug(name),
            },
        }
    }
}

/// The error for a round name that the full search did not resolve (`message`, from
/// [`RoundRef::find`]), naming `flag`; a round of that slug that was retracted is
/// said to be, rather than unknown. Both backends' `resolve_round` give it.
pub fn unresolved_round(
    name: &str,
    flag: &str,
    message: String,
    retracted: Option<(String, crate::domain::Instant)>,
) -> crate::Error {
    match retracted {
        // A retracted round has left the numbering: say so rather than "unknown".
        Some((reason, at)) => crate::Error::invalid_argument(
            flag,
            format!(
                "round '{}' was retracted at {at} ({reason}): it has left the numbering, the listings and the views; {}",
                name.trim(),
                crate::storage::RetractedPart::Round.instead()
            ),
        ),
        None => crate::Error::invalid_argument(flag, message),
    }
}

/// What `round_and_later` says of a slug that names no round.
pub fn round_not_in_database(slug: &str) -> crate::Error {
    crate::Error::Conflict(format!("round '{slug}' is not in the database"))
}

impl Database {
    /// How an item stands at a round after corrections: its status there, its status
    /// at its previous round, and the movement between them.
    pub async fn movement_at(
        &self,
        item_id: i64,
        round_id: i64,
    ) -> Result<Option<(String, Option<String>, String)>> {
        let row = sqlx::query!(
            r#"SELECT status AS "status!: String", previous_status AS "previous_status?: String",
                      movement AS "movement!: String"
               FROM movement WHERE agenda_item_id = ?1 AND round_id = ?2"#,
            item_id,
            round_id
        )
        .fetch_optional(self.pool())
        .await?;
        Ok(row.map(|r| (r.status, r.previous_status, r.movement)))
    }

    /// The id of an agenda item of a process.
    pub async fn item_id(&self, process_id: i64, slug: &str) -> Result<i64> {
        Ok(sqlx::query_scalar!(
            r#"SELECT agenda_item_id AS "id!" FROM agenda_item WHERE process_id = ?1 AND slug = ?2"#,
            process_id,
            slug
        )
        .fetch_one(self.pool())
        .await?)
    }
}

impl Database {
    /// The round of a process with this slug.
    pub async fn round_by_slug(&self, process_id: i64, slug: &str) -> Result<Option<RoundRef>> {
        Ok(sqlx::query_as!(
            RoundRef,
            r#"SELECT r.round_id AS "round_id!", r.process_id, s.number AS "number!: i64", r.slug, r.title,
                      r.start_date, r.state
               FROM round r JOIN round_sequence s ON s.round_id = r.round_id
               WHERE r.process_id = ?1 AND r.slug = ?2"#,
            process_id,
            slug
        )
        .fetch_optional(self.pool())
        .await?)
    }

    /// A round, the first `shown` rounds after it in number order, and how many more
    /// there are: what a round added before others renumbered.
    pub async fn round_and_later(
        &self,
        process_id: i64,
        slug: &str,
        shown: i64,
    ) -> Result<(RoundRef, Vec<RoundRef>, i64)> {
        let round = self
            .round_by_slug(process_id, slug)
            .await?
            .ok_or_else(|| round_not_in_database(slug))?;
        let later = sqlx::query_as!(
            RoundRef,
            r#"SELECT r.round_id AS "round_id!", r.process_id, s.number AS "number!: i64", r.slug, r.title,
                      r.start_date, r.state
               FROM round r JOIN round_sequence s ON s.round_id = r.round_id
               WHERE r.process_id = ?1 AND s.number > ?2
               ORDER BY s.number LIMIT ?3"#,
            process_id,
            round.number,
            shown
        )
        .fetch_all(self.pool())
        .await?;
        let after = sqlx::query_scalar!(
            r#"SELECT count(*) AS "n!: i64" FROM round_sequence s JOIN round r ON r.round_id = s.round_id
               WHERE r.process_id = ?1 AND s.number > ?2"#,
            process_id,
            round.number
        )
        .fetch_one(self.pool())
        .await?;
        let more = after - later.len() as i64;
        Ok((round, later, more))
    }

    /// The rounds of a process that hold a commitment of this slug.
    pub async fn rounds_with_commitment(
        &self,
        process_id: i64,
        slug: &str,
    ) -> Result<Vec<RoundRef>> {
        Ok(sqlx::query_as!(
            RoundRef,
            r#"SELECT r.round_id AS "round_id!", r.process_id, s.number AS "number!: i64", r.slug, r.title,
                      r.start_date, r.state
               FROM commitment c
               JOIN round r ON r.round_id = c.round_id
               JOIN round_sequence s ON s.round_id = r.round_id
               WHERE r.process_id = ?1 AND c.slug = ?2
               ORDER BY s.number"#,
            process_id,
            slug
        )
        .fetch_all(self.pool())
        .await?)
    }

    /// The slugs of a process's commitments, for suggestions.
    pub async fn commitment_slugs(&self, process_id: i64) -> Result<Vec<String>> {
        Ok(sqlx::query_scalar!(
            "SELECT DISTINCT c.slug FROM commitment c JOIN round r ON r.round_id = c.round_id
             WHERE r.process_id = ?1 ORDER BY c.slug",
            process_id
        )
        .fetch_all(self.pool())
        .await?)
    }
}
