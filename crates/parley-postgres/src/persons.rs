//! The reads behind `person list`, `person show` and `outlet list` on a server:
//! [`parley_core::storage::persons`]'s methods, method for method, returning the same rows
//! (queries/persons_*.sql).

use super::Server;
use parley_core::error::Result;
use parley_core::storage::persons::{OutletListRow, PersonListRow, PersonRecordRow};

impl Server {
    pub async fn list_persons(&self) -> Result<Vec<PersonListRow>> {
        Ok(
            sqlx::query_file_as!(PersonListRow, "src/queries/persons_list.sql")
                .fetch_all(self.pool())
                .await?,
        )
    }

    pub async fn list_outlets(&self) -> Result<Vec<OutletListRow>> {
        Ok(
            sqlx::query_file_as!(OutletListRow, "src/queries/persons_outlets.sql")
                .fetch_all(self.pool())
                .await?,
        )
    }

    /// Every delegation a person led, quote they spoke and note naming them, in round
    /// order (by process, then number), then in that order of parts, then as recorded.
    pub async fn person_records(&self, person: &str) -> Result<Vec<PersonRecordRow>> {
        Ok(
            sqlx::query_file_as!(PersonRecordRow, "src/queries/persons_records.sql", person)
                .fetch_all(self.pool())
                .await?,
        )
    }
}
