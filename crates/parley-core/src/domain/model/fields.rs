//! The rules one field of a record obeys, whatever it came from (a round file or a
//! flag): text without control characters and within its length, a round's dates,
//! slugs made from names (and round slugs that never read as a round reference),
//! an outlet's `(via …)`, and parent chains that must not return to their start.

use crate::domain::{PartialDate, RoundState};

/// A problem with one field of a record, whatever it came from (a file or a flag).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldProblem {
    /// The field as the round file names it (`date`, `end_date`, …).
    pub field: &'static str,
    pub message: String,
}

/// The rules a round's dates obey: a date unless the round is only scheduled or
/// postponed, and an end that does not precede the start.
pub fn check_round_dates(
    start: Option<PartialDate>,
    end: Option<PartialDate>,
    state: RoundState,
) -> Result<(), FieldProblem> {
    if start.is_none() && !matches!(state, RoundState::Scheduled | RoundState::Postponed) {
        return Err(FieldProblem {
            field: "date",
            message: format!(
                "a round that is {state} needs a date (YYYY, YYYY-MM or YYYY-MM-DD); only a scheduled or postponed one may have none"
            ),
        });
    }
    match (start, end) {
        (None, Some(_)) => Err(FieldProblem {
            field: "end_date",
            message: "an end date needs a start date".into(),
        }),
        (Some(start), Some(end)) if !end.can_end(start) => Err(FieldProblem {
            field: "end_date",
            message: format!("the round ends ({end}) before it starts ({start})"),
        }),
        _ => Ok(()),
    }
}

/// Trims a text field and checks it is neither empty nor longer than `max`
/// characters, nor holds a control character: tabs and line breaks are text, a
/// Windows line break (CR LF) becomes a line break, and anything else (ESC, NUL, a
/// lone CR, the C1 controls) could rewrite the terminal of whoever reads it later.
pub fn check_text(text: &str, max: usize) -> Result<String, String> {
    let text = text.trim();
    if text.is_empty() {
        return Err("is empty; leave it out instead, or write something".into());
    }
    let text = text.replace("\r\n", "\n");
    if let Some((at, c)) = text
        .chars()
        .enumerate()
        .find(|(_, c)| c.is_control() && !matches!(c, '\n' | '\t'))
    {
        return Err(format!(
            "holds the control character {} at character {}; remove it (only tabs and line breaks are allowed)",
            c.escape_unicode(),
            at + 1
        ));
    }
    let chars = text.chars().count();
    if chars > max {
        return Err(format!(
            "is {chars} characters long; at most {max} are allowed"
        ));
    }
    Ok(text)
}

/// A slug made from a name: transliterated to ASCII (`Türkiye` gives `turkiye`,
/// `Україна` gives `ukraina`), lowercase letters and digits, other runs of
/// characters turned into single hyphens. Empty when nothing is left (a name of
/// punctuation alone): then a slug must be given.
pub fn slugify(name: &str) -> String {
    let ascii = any_ascii::any_ascii(name);
    let mut slug = String::with_capacity(ascii.len());
    for c in ascii.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.ends_with('-') && !slug.is_empty() {
            slug.push('-');
        }
    }
    while slug.ends_with('-') {
        slug.pop();
    }
    slug.truncate(100);
    slug.trim_end_matches('-').to_owned()
}

/// An outlet's text split into the outlet's name and how the article was obtained:
/// `Reuters (via Investing.com)` is `Reuters`, via `Investing.com`. Text without a
/// trailing `(via …)` is the name alone.
pub fn split_obtained_via(text: &str) -> (&str, Option<&str>) {
    let text = text.trim();
    let split = text
        .strip_suffix(')')
        .and_then(|t| t.rsplit_once(" (via "))
        .map(|(name, via)| (name.trim(), via.trim()))
        .filter(|(name, via)| !name.is_empty() && !via.is_empty());
    match split {
        Some((name, via)) => (name, Some(via)),
        None => (text, None),
    }
}

/// Whether a round slug would read as a round reference rather than a name: a
/// number (`2`, which `--round 2` takes as the second round), `latest` or `previous`.
pub fn is_reserved_round_slug(slug: &str) -> bool {
    let digits = slug.strip_prefix('-').unwrap_or(slug);
    matches!(slug, "latest" | "previous")
        || (!digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()))
}

/// Refuses a round slug that a round reference would read as a number or keyword.
pub fn check_round_slug(slug: &str) -> Result<(), String> {
    if is_reserved_round_slug(slug) {
        return Err(format!(
            "'{slug}' cannot name a round: `--round {slug}` would read it as {}; choose another slug, e.g. '{slug}-round'",
            if slug.starts_with(|c: char| c.is_ascii_digit() || c == '-') {
                "a round number"
            } else {
                "a keyword"
            }
        ));
    }
    Ok(())
}

/// A round slug made from a name: as [`slugify`], with `-round` added when the name
/// alone would read as a round reference (a title "Latest" or "2025").
pub fn round_slugify(name: &str) -> String {
    let slug = slugify(name);
    if is_reserved_round_slug(&slug) {
        format!("{slug}-round")
    } else {
        slug
    }
}

/// Where following parents from `start` leads back to it: the chain `start`, its
/// parent, …, `start`; none when the chain ends. `parent_of` gives a record's parent.
pub fn ancestry_cycle<'a>(
    start: &'a str,
    parent_of: impl Fn(&str) -> Option<&'a str>,
) -> Option<Vec<&'a str>> {
    let mut chain = vec![start];
    let mut current = start;
    while let Some(parent) = parent_of(current) {
        if parent == start {
            chain.push(parent);
            return Some(chain);
        }
        if chain.contains(&parent) {
            // A cycle above `start`, not through it: the cycle's own items report it.
            return None;
        }
        chain.push(parent);
        current = parent;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_made_from_names() {
        assert_eq!(
            slugify("Geneva, Switzerland 2025-11-23"),
            "geneva-switzerland-2025-11-23"
        );
        assert_eq!(slugify("  U.S. "), "u-s");
        assert_eq!(slugify("Україна"), "ukraina");
        assert_eq!(slugify("Türkiye"), "turkiye");
        assert_eq!(slugify("Tu\u{308}rkiye"), "turkiye");
        assert_eq!(slugify("?!"), "");
    }

    #[test]
    fn how_an_article_was_obtained_is_split_from_its_outlet() {
        assert_eq!(
            split_obtained_via("Reuters (via Investing.com)"),
            ("Reuters", Some("Investing.com"))
        );
        assert_eq!(split_obtained_via(" AP News "), ("AP News", None));
        assert_eq!(split_obtained_via("(via X)"), ("(via X)", None));
        assert_eq!(
            split_obtained_via("Kyiv Post (print)"),
            ("Kyiv Post (print)", None)
        );
    }

    #[test]
    fn round_slugs_never_read_as_references() {
        for reserved in ["1", "42", "007", "-3", "latest", "previous"] {
            assert!(check_round_slug(reserved).is_err(), "{reserved}");
        }
        for fine in ["round-1", "2025-11-23", "latest-talks", "1a"] {
            assert!(check_round_slug(fine).is_ok(), "{fine}");
        }
        assert_eq!(round_slugify("Latest"), "latest-round");
        assert_eq!(round_slugify("2025"), "2025-round");
        assert_eq!(round_slugify("Geneva 2025"), "geneva-2025");
    }

    #[test]
    fn text_refuses_control_characters_but_keeps_tabs_and_line_breaks() {
        assert_eq!(check_text("a\tb\r\nc", 100).unwrap(), "a\tb\nc");
        for hostile in ["\u{1b}[31mred", "a\0b", "a\rb", "a\u{9b}b", "a\u{7f}"] {
            let err = check_text(hostile, 100).unwrap_err();
            assert!(err.contains("\\u{"), "{err}");
            assert!(!err.chars().any(|c| c.is_control()), "{err:?}");
        }
    }

    #[test]
    fn a_parent_chain_that_returns_is_a_cycle() {
        let parents =
            std::collections::HashMap::from([("a", "b"), ("b", "c"), ("c", "a"), ("d", "a")]);
        let parent_of = |s: &str| parents.get(s).copied();
        assert_eq!(
            ancestry_cycle("a", parent_of),
            Some(vec!["a", "b", "c", "a"])
        );
        assert_eq!(ancestry_cycle("d", parent_of), None);
        assert_eq!(ancestry_cycle("e", parent_of), None);
    }

    #[test]
    fn a_held_round_needs_a_date_and_an_end_after_its_start() {
        let d = |t: &str| Some(t.parse::<PartialDate>().unwrap());
        assert!(check_round_dates(None, None, RoundState::Scheduled).is_ok());
        assert_eq!(
            check_round_dates(None, None, RoundState::Held)
                .unwrap_err()
                .field,
            "date"
        );
        let err =
            check_round_dates(d("2025-12-02"), d("2025-12-01"), RoundState::Held).unwrap_err();
        assert_eq!(err.field, "end_date");
    }
}
