//! How SQLite holds an [`Instant`]: as TEXT in its one text form (UTC, milliseconds,
//! `Z`: `2025-11-23T17:00:00.000Z`), which sorts as the instants do, so that the
//! schema's views and triggers compare instants as text. This is the only place
//! an instant becomes a column value or comes back from one; queries name the type
//! with sqlx's override (`recorded_at AS "recorded_at: Instant"`), so that a column
//! read as anything else does not compile.
//!
//! Reading accepts what another client may have written in an instant column:
//! RFC 3339 with any offset, and the forms SQLite's own date functions write
//! (`2025-11-23 17:00:00`, read as UTC), as sqlx's chrono decoding reads them,
//! within the years 0000–9999. A value that is none of these fails to decode,
//! naming the value and the form expected.

use chrono::{DateTime, Utc};
use sqlx::encode::IsNull;
use sqlx::error::BoxDynError;
use sqlx::sqlite::{SqliteArgumentsBuffer, SqliteTypeInfo, SqliteValueRef};
use sqlx::{Decode, Encode, Sqlite, Type};

use crate::domain::Instant;

impl Type<Sqlite> for Instant {
    fn type_info() -> SqliteTypeInfo {
        <String as Type<Sqlite>>::type_info()
    }

    fn compatible(ty: &SqliteTypeInfo) -> bool {
        <DateTime<Utc> as Type<Sqlite>>::compatible(ty)
    }
}

impl Encode<'_, Sqlite> for Instant {
    fn encode_by_ref(&self, buf: &mut SqliteArgumentsBuffer) -> Result<IsNull, BoxDynError> {
        <String as Encode<'_, Sqlite>>::encode(self.to_string(), buf)
    }
}

impl<'r> Decode<'r, Sqlite> for Instant {
    fn decode(value: SqliteValueRef<'r>) -> Result<Self, BoxDynError> {
        let instant = <DateTime<Utc> as Decode<'r, Sqlite>>::decode(value).map_err(|e| {
            format!("{e}; expected an instant in RFC 3339, such as 2025-11-23T17:00:00.000Z")
        })?;
        Ok(Instant::new(instant)?)
    }
}
