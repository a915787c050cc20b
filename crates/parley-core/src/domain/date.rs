//! Partial dates: a round is often known only by its month or year.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A calendar date of which only the year, or the year and month, may be known.
/// It is stored as text ('2025', '2025-11', '2025-11-23'), which sorts a partial date
/// before the full dates it contains.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct PartialDate {
    year: u16,
    month: Option<u8>,
    day: Option<u8>,
}

impl PartialDate {
    pub fn year(self) -> u16 {
        self.year
    }

    pub fn month(self) -> Option<u8> {
        self.month
    }

    pub fn day(self) -> Option<u8> {
        self.day
    }

    /// The full date, when the day is known.
    pub fn to_naive(self) -> Option<chrono::NaiveDate> {
        let (month, day) = (self.month?, self.day?);
        chrono::NaiveDate::from_ymd_opt(i32::from(self.year), u32::from(month), u32::from(day))
    }

    /// Whether `self` can end a span that starts at `start`: it must not lie wholly
    /// before it, at the precision both share.
    pub fn can_end(self, start: PartialDate) -> bool {
        let shared = |d: PartialDate, with: PartialDate| {
            (
                d.year,
                d.month.filter(|_| with.month.is_some()),
                d.day.filter(|_| with.day.is_some()),
            )
        };
        shared(self, start) >= shared(start, self)
    }

    pub fn from_ymd(year: u16, month: Option<u8>, day: Option<u8>) -> Result<Self, String> {
        let date = PartialDate { year, month, day };
        if day.is_some() && month.is_none() {
            return Err("a day needs a month".into());
        }
        if !(1000..=9999).contains(&year) {
            return Err(format!("year {year} is out of range"));
        }
        if let Some(m) = month
            && !(1..=12).contains(&m)
        {
            return Err(format!("month {m} does not exist"));
        }
        if day.is_some() && date.to_naive().is_none() {
            return Err(format!("{date} is not a day of the calendar"));
        }
        Ok(date)
    }
}

impl FromStr for PartialDate {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, String> {
        let expected = || {
            format!(
                "'{text}' is not a date; expected YYYY-MM-DD, YYYY-MM or YYYY (e.g. 2025-11-23)"
            )
        };
        let mut parts = text.trim().split('-');
        let number = |part: Option<&str>, width: usize| -> Result<Option<u16>, String> {
            match part {
                None => Ok(None),
                Some(p) if p.len() == width && p.bytes().all(|b| b.is_ascii_digit()) => {
                    Ok(Some(p.parse().map_err(|_| expected())?))
                }
                Some(_) => Err(expected()),
            }
        };
        let year = number(parts.next(), 4)?.ok_or_else(expected)?;
        let month = number(parts.next(), 2)?.map(|m| m as u8);
        let day = number(parts.next(), 2)?.map(|d| d as u8);
        if parts.next().is_some() {
            return Err(expected());
        }
        PartialDate::from_ymd(year, month, day).map_err(|why| format!("'{text}': {why}"))
    }
}

impl fmt::Display for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}", self.year)?;
        if let Some(m) = self.month {
            write!(f, "-{m:02}")?;
        }
        if let Some(d) = self.day {
            write!(f, "-{d:02}")?;
        }
        Ok(())
    }
}

impl PartialOrd for PartialDate {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

/// The order of the stored text: a partial date before the full dates it contains.
impl Ord for PartialDate {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        (self.year, self.month, self.day).cmp(&(other.year, other.month, other.day))
    }
}

impl Serialize for PartialDate {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for PartialDate {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_every_precision_and_prints_it_back() {
        for text in ["2025", "2025-11", "2025-11-23", "2024-02-29"] {
            assert_eq!(text.parse::<PartialDate>().unwrap().to_string(), text);
        }
    }

    #[test]
    fn refuses_impossible_dates() {
        for text in [
            "2025-02-30",
            "2025-13",
            "2025-11-1",
            "23-11-2025",
            "",
            "2025-11-23-01",
            "2023-02-29",
        ] {
            assert!(text.parse::<PartialDate>().is_err(), "{text} was accepted");
        }
    }

    #[test]
    fn orders_like_the_stored_text() {
        let mut dates: Vec<PartialDate> = ["2025-11-23", "2025", "2025-11", "2024-12-31"]
            .iter()
            .map(|d| d.parse().unwrap())
            .collect();
        dates.sort();
        let text: Vec<String> = dates.iter().map(|d| d.to_string()).collect();
        let mut sorted_text = text.clone();
        sorted_text.sort();
        assert_eq!(text, sorted_text);
    }

    #[test]
    fn an_end_must_not_precede_its_start() {
        let d = |t: &str| t.parse::<PartialDate>().unwrap();
        assert!(d("2025-11-24").can_end(d("2025-11-23")));
        assert!(d("2025-11").can_end(d("2025-11-23")));
        assert!(!d("2025-11-22").can_end(d("2025-11-23")));
        assert!(!d("2025-10").can_end(d("2025-11-23")));
    }
}
