//! "Now", as Parley records it. `PARLEY_NOW` (an RFC 3339 instant) fixes the clock so
//! that tests and replays write the same `recorded_at` every time.

use chrono::{DateTime, Datelike, SecondsFormat, Utc};

use crate::error::{Error, Result};

/// The environment variable that fixes the clock.
pub const NOW_VAR: &str = "PARLEY_NOW";

/// The current instant: `$PARLEY_NOW` when set, else the system clock.
pub fn now() -> Result<DateTime<Utc>> {
    match std::env::var(NOW_VAR) {
        Ok(value) if !value.trim().is_empty() => parse_instant(&value)
            .map_err(|message| Error::invalid_argument(format!("${NOW_VAR}"), message)),
        _ => Ok(Utc::now()),
    }
}

/// Parses an instant as analysts write it: RFC 3339 (`2025-11-23T18:00:00Z`), or a
/// bare date (`2025-11-23`, meaning the end of that day, UTC).
/// The instant must fall within the years 0000–9999 once converted to UTC, the
/// range whose text form ([`to_column`]) sorts as the instants do.
pub fn parse_instant(text: &str) -> std::result::Result<DateTime<Utc>, String> {
    let text = text.trim();
    let instant = if let Ok(instant) = DateTime::parse_from_rfc3339(text) {
        instant.with_timezone(&Utc)
    } else if let Ok(date) = chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d") {
        date.and_hms_milli_opt(23, 59, 59, 999)
            .expect("23:59:59.999 is a valid time")
            .and_utc()
    } else {
        return Err(format!(
            "'{text}' is not a time; expected RFC 3339 such as 2025-11-23T18:00:00Z, or a date such as 2025-11-23"
        ));
    };
    if !(0..=9999).contains(&instant.year()) {
        return Err(format!(
            "'{text}' is {} in UTC, outside the years 0000–9999 that Parley records",
            to_column(instant)
        ));
    }
    Ok(instant)
}

/// The text form every `recorded_at` column holds: UTC with milliseconds, so that
/// instants sort as text.
pub fn to_column(instant: DateTime<Utc>) -> String {
    instant.to_rfc3339_opts(SecondsFormat::Millis, true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn instants_are_stored_in_one_sortable_form() {
        let a = parse_instant("2025-11-23T18:00:00+01:00").unwrap();
        assert_eq!(to_column(a), "2025-11-23T17:00:00.000Z");
        let b = parse_instant("2025-11-23").unwrap();
        assert_eq!(to_column(b), "2025-11-23T23:59:59.999Z");
        assert!(to_column(a) < to_column(b));
    }

    #[test]
    fn instants_outside_years_0000_to_9999_in_utc_are_refused() {
        for text in ["9999-12-31T23:59:59-23:59", "0000-01-01T00:00:00+00:01"] {
            let err = parse_instant(text).unwrap_err();
            assert!(err.contains("0000–9999"), "{text}: {err}");
        }
        for text in ["9999-12-31T23:59:59Z", "0000-01-01T00:00:00Z", "9999-12-31"] {
            let instant = parse_instant(text).unwrap();
            assert!(!to_column(instant).starts_with('+'), "{text}");
        }
    }

    #[test]
    fn a_non_time_is_refused_with_the_expected_forms() {
        let err = parse_instant("yesterday").unwrap_err();
        assert!(err.contains("RFC 3339"), "{err}");
    }
}
