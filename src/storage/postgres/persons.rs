//! The reads behind `person list`, `person show` and `outlet list` on a server:
//! [`crate::storage::persons`]'s methods, method for method, returning the same rows
//! (queries/persons_*.sql).

use super::Server;
use crate::error::Result;
use crate::storage::persons::{OutletListRow, PersonListRow, PersonRecordRow};

impl Server {
    pub async fn list_persons(&self) -> Result<Vec<PersonListRow>> {
        type Row = (String, String, String, Option<String>, Option<String>, i64);
        let rows: Vec<Row> = sqlx::query_as(include_str!("queries/persons_list.sql"))
            .fetch_all(self.pool())
            .await?;
        Ok(rows
            .into_iter()
            .map(
                |(person, name, party, role, aliases, rounds)| PersonListRow {
                    person,
                    name,
                    party,
                    role,
                    aliases,
                    rounds,
                },
            )
            .collect())
    }

    pub async fn list_outlets(&self) -> Result<Vec<OutletListRow>> {
        type Row = (String, String, Option<String>, i64);
        let rows: Vec<Row> = sqlx::query_as(include_str!("queries/persons_outlets.sql"))
            .fetch_all(self.pool())
            .await?;
        Ok(rows
            .into_iter()
            .map(|(outlet, name, aliases, sources)| OutletListRow {
                outlet,
                name,
                aliases,
                sources,
            })
            .collect())
    }

    /// Every delegation a person led, quote they spoke and note naming them, in round
    /// order (by process, then number), then in that order of parts, then as recorded.
    pub async fn person_records(&self, person: &str) -> Result<Vec<PersonRecordRow>> {
        type Row = (
            String,
            i64,
            String,
            Option<String>,
            String,
            Option<String>,
            String,
        );
        let rows: Vec<Row> = sqlx::query_as(include_str!("queries/persons_records.sql"))
            .bind(person)
            .fetch_all(self.pool())
            .await?;
        Ok(rows
            .into_iter()
            .map(
                |(process, number, round, date, part, party, text)| PersonRecordRow {
                    process,
                    number,
                    round,
                    date,
                    part,
                    party,
                    text,
                },
            )
            .collect())
    }
}
