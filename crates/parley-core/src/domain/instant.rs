//! Instants: when a row was written (`recorded_at`), replaced, retracted, logged, or
//! what a report is read as of. Parley carries them typed, as [`Instant`], and writes
//! them in one text form everywhere: the form SQLite's columns hold and every output
//! shows (`2025-11-23T17:00:00.000Z`: UTC, milliseconds, `Z`). Each storage backend
//! converts an `Instant` to and from its column once (src/storage/instant.rs).

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, Datelike, NaiveDate, SecondsFormat, TimeDelta, Utc};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A point in time, in UTC, within the years 0000–9999: the range whose text form
/// sorts as the instants do.
///
/// It keeps whatever precision it was made with; its text form ([`fmt::Display`],
/// [`Serialize`]) has milliseconds, the finer part cut off, as the clock's readings
/// have always been written. Instants compare as points in time, so two that differ
/// below the millisecond are unequal though they are written alike.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Instant(DateTime<Utc>);

impl Instant {
    /// The last instant Parley records (9999-12-31T23:59:59.999Z): what "as of now"
    /// reads as, so that no recorded instant is after it.
    pub const END_OF_TIME: Instant = Instant(
        NaiveDate::from_ymd_opt(9999, 12, 31)
            .expect("9999-12-31 is a date")
            .and_hms_milli_opt(23, 59, 59, 999)
            .expect("23:59:59.999 is a time")
            .and_utc(),
    );

    /// The first instant Parley records (0000-01-01T00:00:00.000Z).
    pub const START_OF_TIME: Instant = Instant(
        NaiveDate::from_ymd_opt(0, 1, 1)
            .expect("0000-01-01 is a date")
            .and_hms_milli_opt(0, 0, 0, 0)
            .expect("00:00:00.000 is a time")
            .and_utc(),
    );

    /// `instant`, if it falls within the years 0000–9999 (in UTC).
    pub fn new(instant: DateTime<Utc>) -> Result<Instant, OutOfRange> {
        match (0..=9999).contains(&instant.year()) {
            true => Ok(Instant(instant)),
            false => Err(OutOfRange(instant)),
        }
    }

    /// Parses an instant as analysts write it: RFC 3339 with any offset
    /// (`2025-11-23T18:00:00+01:00`), or a bare date (`2025-11-23`, meaning the end of
    /// that day, UTC). The error says what was expected.
    pub fn parse(text: &str) -> Result<Instant, String> {
        let text = text.trim();
        let instant = if let Ok(instant) = DateTime::parse_from_rfc3339(text) {
            instant.with_timezone(&Utc)
        } else if let Ok(date) = NaiveDate::parse_from_str(text, "%Y-%m-%d") {
            date.and_hms_milli_opt(23, 59, 59, 999)
                .expect("23:59:59.999 is a valid time")
                .and_utc()
        } else {
            return Err(format!(
                "'{text}' is not a time; expected RFC 3339 such as 2025-11-23T18:00:00Z, or a date such as 2025-11-23"
            ));
        };
        Instant::new(instant).map_err(|out| {
            format!(
                "'{text}' is {} in UTC, outside the years 0000–9999 that Parley records",
                out.0.to_rfc3339_opts(SecondsFormat::Millis, true)
            )
        })
    }

    /// The instant as chrono's type, with the precision it was made with.
    pub fn to_datetime(self) -> DateTime<Utc> {
        self.0
    }

    /// The first instant of the text form's resolution at or after this one: an
    /// instant read more finely than a millisecond, rounded up so that one written
    /// after it is never written earlier.
    pub fn ceil_to_millis(self) -> Instant {
        let below_millis = i64::from(self.0.timestamp_subsec_nanos() % 1_000_000);
        match below_millis {
            0 => self,
            // Only 9999-12-31T23:59:59.999xxx could leave the range; it stays put.
            n => Instant::new(self.0 + TimeDelta::nanoseconds(1_000_000 - n)).unwrap_or(self),
        }
    }
}

/// The first instant Parley records: for rows built field by field (a listing takes
/// its column names from a default row), never a time anything happened.
impl Default for Instant {
    fn default() -> Instant {
        Instant::START_OF_TIME
    }
}

/// An instant outside the years 0000–9999 in UTC.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OutOfRange(pub DateTime<Utc>);

impl fmt::Display for OutOfRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} is outside the years 0000–9999 that Parley records",
            self.0.to_rfc3339_opts(SecondsFormat::Millis, true)
        )
    }
}

impl std::error::Error for OutOfRange {}

/// The one text form: UTC, milliseconds (the finer part cut off), `Z`.
impl fmt::Display for Instant {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0.to_rfc3339_opts(SecondsFormat::Millis, true))
    }
}

impl FromStr for Instant {
    type Err = String;

    fn from_str(text: &str) -> Result<Instant, String> {
        Instant::parse(text)
    }
}

impl Serialize for Instant {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Instant {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Instant, D::Error> {
        let text = String::deserialize(deserializer)?;
        Instant::parse(&text).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> Instant {
        Instant::parse(text).unwrap()
    }

    #[test]
    fn any_offset_is_written_in_utc_with_milliseconds() {
        assert_eq!(
            at("2025-11-23T18:00:00+01:00").to_string(),
            "2025-11-23T17:00:00.000Z"
        );
        assert_eq!(
            at("2025-11-23T12:30:00-05:30").to_string(),
            "2025-11-23T18:00:00.000Z"
        );
        assert_eq!(
            at("2025-11-23T18:00:00z").to_string(),
            "2025-11-23T18:00:00.000Z"
        );
        // An offset that crosses midnight, and the year.
        assert_eq!(
            at("2025-12-31T23:30:00-01:00").to_string(),
            "2026-01-01T00:30:00.000Z"
        );
        // RFC 3339 allows a space for the T.
        assert_eq!(
            at("2025-11-23 18:00:00.5Z").to_string(),
            "2025-11-23T18:00:00.500Z"
        );
    }

    #[test]
    fn a_bare_date_is_the_end_of_that_day_in_utc() {
        assert_eq!(at("2025-11-23").to_string(), "2025-11-23T23:59:59.999Z");
        assert_eq!(at("9999-12-31"), Instant::END_OF_TIME);
    }

    /// The clock's readings were always written with the part below the millisecond
    /// cut off, never rounded; the typed instant keeps it, and compares by it.
    #[test]
    fn below_the_millisecond_is_cut_off_in_the_text_form_and_kept_for_comparing() {
        let fine = at("2025-11-23T18:00:00.123999999Z");
        assert_eq!(fine.to_string(), "2025-11-23T18:00:00.123Z");
        let coarse = at("2025-11-23T18:00:00.123Z");
        assert!(coarse < fine);
        assert_eq!(
            fine.ceil_to_millis().to_string(),
            "2025-11-23T18:00:00.124Z"
        );
        assert_eq!(coarse.ceil_to_millis(), coarse);
        assert_eq!(
            at("2025-11-23T18:00:00.999500Z")
                .ceil_to_millis()
                .to_string(),
            "2025-11-23T18:00:01.000Z"
        );
        assert_eq!(Instant::END_OF_TIME.ceil_to_millis(), Instant::END_OF_TIME);
        let last = at("9999-12-31T23:59:59.9995Z");
        assert_eq!(last.ceil_to_millis(), last);
    }

    #[test]
    fn years_0000_and_9999_are_the_edges() {
        assert_eq!(
            at("0000-01-01T00:00:00Z").to_string(),
            "0000-01-01T00:00:00.000Z"
        );
        assert_eq!(
            at("9999-12-31T23:59:59.999Z").to_string(),
            "9999-12-31T23:59:59.999Z"
        );
        assert_eq!(Instant::END_OF_TIME.to_string(), "9999-12-31T23:59:59.999Z");
        assert_eq!(
            Instant::START_OF_TIME.to_string(),
            "0000-01-01T00:00:00.000Z"
        );
        assert_eq!(at("0000-01-01T00:00:00Z"), Instant::START_OF_TIME);
        // Within the range once in UTC, though not as written.
        assert_eq!(
            at("0000-01-01T00:30:00+00:15").to_string(),
            "0000-01-01T00:15:00.000Z"
        );
        assert_eq!(
            at("0001-01-01T00:30:00+01:00").to_string(),
            "0000-12-31T23:30:00.000Z"
        );
        assert_eq!(
            at("9999-12-31T23:30:00-00:29").to_string(),
            "9999-12-31T23:59:00.000Z"
        );
    }

    #[test]
    fn instants_outside_years_0000_to_9999_in_utc_are_refused() {
        for text in ["9999-12-31T23:59:59-23:59", "0000-01-01T00:00:00+00:01"] {
            let err = Instant::parse(text).unwrap_err();
            assert!(err.contains("0000–9999"), "{text}: {err}");
        }
        let before = DateTime::parse_from_rfc3339("0000-01-01T00:00:00+00:01").unwrap();
        assert!(Instant::new(before.with_timezone(&Utc)).is_err());
    }

    #[test]
    fn the_text_form_sorts_as_the_instants_do() {
        let texts = [
            "0000-01-01T00:00:00Z",
            "0999-06-01T12:00:00+02:00",
            "2025-11-23T17:59:59.999Z",
            "2025-11-23T18:00:00+00:00",
            "2025-11-23T18:00:00.001Z",
            "9999-12-31T23:59:59.999Z",
        ];
        let instants: Vec<Instant> = texts.iter().map(|t| at(t)).collect();
        assert!(instants.windows(2).all(|w| w[0] < w[1]));
        let written: Vec<String> = instants.iter().map(Instant::to_string).collect();
        assert!(written.windows(2).all(|w| w[0] < w[1]), "{written:?}");
        // And the text form reads back as the instant it was (to the millisecond).
        for (instant, text) in instants.iter().zip(&written) {
            assert_eq!(at(text), *instant);
        }
    }

    #[test]
    fn serialised_as_the_text_form() {
        let instant = at("2025-11-23T18:00:00+01:00");
        assert_eq!(
            serde_json::to_string(&instant).unwrap(),
            "\"2025-11-23T17:00:00.000Z\""
        );
        let back: Instant = serde_json::from_str("\"2025-11-23T17:00:00.000Z\"").unwrap();
        assert_eq!(back, instant);
        assert!(serde_json::from_str::<Instant>("\"yesterday\"").is_err());
    }

    #[test]
    fn a_non_time_is_refused_with_the_expected_forms() {
        let err = Instant::parse("yesterday").unwrap_err();
        assert!(err.contains("RFC 3339"), "{err}");
    }
}
