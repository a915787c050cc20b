//! How PostgreSQL holds an [`Instant`]: as `timestamptz`, read and written as UTC.
//! The counterpart of [`super::instant`] (SQLite's text form), and like it the only
//! place an instant becomes a column value or comes back from one on a server. It is
//! here rather than in the `parley-postgres` crate because Rust lets only the crate of
//! `Instant` (or of sqlx's traits) implement sqlx's traits for it.
//!
//! Written to the millisecond, the finer part cut off, as SQLite's text form writes
//! it: an `as_of` compares with `recorded_at` on the server exactly as on a file.

use chrono::{DateTime, SubsecRound, Utc};
use sqlx::encode::IsNull;
use sqlx::error::BoxDynError;
use sqlx::postgres::{PgArgumentBuffer, PgTypeInfo, PgValueRef};
use sqlx::{Decode, Encode, Postgres, Type};

use crate::domain::Instant;

impl Type<Postgres> for Instant {
    fn type_info() -> PgTypeInfo {
        <DateTime<Utc> as Type<Postgres>>::type_info()
    }

    fn compatible(ty: &PgTypeInfo) -> bool {
        <DateTime<Utc> as Type<Postgres>>::compatible(ty)
    }
}

impl Encode<'_, Postgres> for Instant {
    fn encode_by_ref(&self, buf: &mut PgArgumentBuffer) -> Result<IsNull, BoxDynError> {
        <DateTime<Utc> as Encode<'_, Postgres>>::encode(self.to_datetime().trunc_subsecs(3), buf)
    }
}

impl<'r> Decode<'r, Postgres> for Instant {
    fn decode(value: PgValueRef<'r>) -> Result<Self, BoxDynError> {
        let instant = <DateTime<Utc> as Decode<'r, Postgres>>::decode(value)?;
        Ok(Instant::new(instant)?)
    }
}
