//! The round file `parley round new` prints for a process's next round, ready to fill
//! in: the round's details as given (the rest commented out, with what they take), the
//! parties of the last round held as participants, every agenda item's status in force
//! as a commented-out `[[round.status]]` to uncomment where it moved, and the sources
//! to cite.
//!
//! It imports as printed once the title and date are there. Nothing in it is invented:
//! what the analyst must give and did not is left commented out (or an empty string),
//! so an unfilled template is refused with the import's own message at its line
//! (`round 'x' is new, so it needs a title`, `… is empty`) rather than imported with a
//! placeholder.

use std::fmt::Write;

use crate::domain::{Level, PartialDate, RoundFormat, RoundState, Stance, Status};
use crate::storage::NextRoundFacts;

/// The round the template is for, as far as the analyst gave it.
#[derive(Debug, Clone)]
pub struct NextRound {
    pub process: String,
    /// None when no slug was given and none could be made (no title, place or date).
    pub slug: Option<String>,
    pub title: Option<String>,
    pub date: Option<PartialDate>,
    pub end_date: Option<PartialDate>,
    pub location: Option<String>,
    pub format: Option<RoundFormat>,
    pub level: Option<Level>,
    pub state: RoundState,
}

impl NextRound {
    /// A round of `process` in `state`, of which nothing else is known yet.
    pub fn new(process: &str, state: RoundState) -> Self {
        NextRound {
            process: process.to_owned(),
            slug: None,
            title: None,
            date: None,
            end_date: None,
            location: None,
            format: None,
            level: None,
            state,
        }
    }
}

/// How many sources a template lists.
pub const TEMPLATE_SOURCES: i64 = 20;

/// The round file for `round`, from what the database holds.
pub fn next_round(round: &NextRound, facts: &NextRoundFacts) -> String {
    let mut out = String::new();
    header(&mut out, round);
    round_table(&mut out, round, facts);
    participants(&mut out, facts);
    statuses(&mut out, facts);
    other_claims(&mut out);
    sources(&mut out, facts);
    out
}

/// Appends a line.
macro_rules! line {
    ($out:expr) => { $out.push('\n') };
    ($out:expr, $($arg:tt)*) => {{
        let _ = write!($out, $($arg)*);
        $out.push('\n');
    }};
}

fn header(out: &mut String, round: &NextRound) {
    line!(
        out,
        "# The next round of {}, ready to fill in.",
        comment(&round.process)
    );
    line!(
        out,
        "# Give what is asked for, uncomment (remove the leading `# `) and change what"
    );
    line!(
        out,
        "# moved, and delete what does not apply. Then check it and import it:"
    );
    line!(out, "#   parley import FILE --dry-run");
    line!(out, "#   parley import FILE");
    line!(out, "# docs/round-file.md documents every field.");
    line!(out);
    line!(out, "[process]");
    line!(out, "slug = {}", quoted(&round.process));
    line!(out);
}

fn round_table(out: &mut String, round: &NextRound, facts: &NextRoundFacts) {
    let last = facts.last_round.as_ref();
    line!(out, "[[round]]");
    match &round.slug {
        Some(slug) => line!(out, "slug = {}", quoted(slug)),
        None => line!(
            out,
            "slug = \"\"   # required: a stable name, e.g. place-yyyy-mm-dd (`istanbul-2025-12-02`)"
        ),
    }
    match &round.title {
        Some(title) => line!(out, "title = {}", quoted(title)),
        None => line!(out, "# title = \"\"   # required: the round's title"),
    }
    match (round.date, round.state) {
        (Some(date), _) => line!(out, "date = {}", quoted(&date.to_string())),
        (None, RoundState::Held | RoundState::Cancelled) => line!(
            out,
            "# date = \"\"   # required of a held round: YYYY-MM-DD, or YYYY-MM or YYYY when that is all that is known"
        ),
        (None, _) => line!(
            out,
            "# date = \"\"   # YYYY-MM-DD, YYYY-MM or YYYY, when known"
        ),
    }
    match round.end_date {
        Some(date) => line!(out, "end_date = {}", quoted(&date.to_string())),
        None => line!(
            out,
            "# end_date = \"\"   # the last day, for a meeting over several days"
        ),
    }
    match &round.location {
        Some(place) => line!(out, "location = {}", quoted(place)),
        None => line!(
            out,
            "# location = {}   # the place, as the sources name it{}",
            quoted(""),
            last_was(last.and_then(|l| l.location.as_deref()))
        ),
    }
    vocabulary_field(
        out,
        "format",
        round.format.map(RoundFormat::as_str),
        RoundFormat::SLUGS,
        last.and_then(|l| l.format.as_deref()),
    );
    vocabulary_field(
        out,
        "level",
        round.level.map(Level::as_str),
        Level::SLUGS,
        last.and_then(|l| l.level.as_deref()),
    );
    line!(
        out,
        "state = {}   # {}",
        quoted(round.state.as_str()),
        RoundState::SLUGS.join(", ")
    );
    line!(
        out,
        "# tone = \"\"   # the tone or assessment the sources report"
    );
    line!(
        out,
        "# summary = \"\"   # what happened, in a few sentences"
    );
    line!(
        out,
        "# sources = [\"\"]   # the round's sources (slugs, listed at the end); every claim below that lists none cites them"
    );
    line!(out);
}

/// A round field whose value is a vocabulary's: given, or commented out with the
/// values it takes and the last round's.
fn vocabulary_field(
    out: &mut String,
    field: &str,
    given: Option<&str>,
    values: &[&str],
    last: Option<&str>,
) {
    match given {
        Some(value) => line!(out, "{field} = {}", quoted(value)),
        None => line!(
            out,
            "# {field} = {}   # {}{}",
            quoted(last.unwrap_or("")),
            values.join(", "),
            last_was(last)
        ),
    }
}

fn last_was(value: Option<&str>) -> String {
    value
        .map(|v| format!("; the last round's: {}", comment(v)))
        .unwrap_or_default()
}

fn participants(out: &mut String, facts: &NextRoundFacts) {
    let Some(last) = &facts.last_round else {
        line!(
            out,
            "# Who took part (no round has been held yet): one table per party."
        );
        line!(out, "# [[round.participant]]");
        line!(
            out,
            "# party = \"\"   # slug, name, short code or alias (`parley party list`)"
        );
        line!(out, "# role = \"delegation\"   # {}", roles());
        line!(out);
        return;
    };
    line!(
        out,
        "# Who took part: the parties of the last round held, {}. Delete those",
        round_named(&last.slug, last.date.as_deref())
    );
    line!(
        out,
        "# not at this one, change a role, add others. Roles: {}.",
        roles()
    );
    line!(out);
    for p in &facts.participants {
        line!(out, "[[round.participant]]");
        line!(out, "party = {}   # {}", quoted(&p.party), comment(&p.name));
        line!(out, "role = {}", quoted(&p.role));
        if let Some(note) = &p.note {
            line!(out, "# note = {}   # at the last round", quoted(note));
        }
        if let (Some(lead), Some(name)) = (&p.lead, &p.lead_name) {
            line!(
                out,
                "lead = {}   # {}, who led at the last round: change or delete",
                quoted(lead),
                comment(name)
            );
        }
        line!(out);
    }
}

fn roles() -> String {
    crate::domain::Role::SLUGS.join(", ")
}

fn statuses(out: &mut String, facts: &NextRoundFacts) {
    if facts.items.is_empty() {
        line!(
            out,
            "# The process has no agenda items yet: declare them in [[item]] tables"
        );
        line!(
            out,
            "# (docs/round-file.md) or add them with `parley item add`."
        );
        line!(out);
        return;
    }
    line!(
        out,
        "# Where each agenda item stands now. For each item that moved at this round,"
    );
    line!(
        out,
        "# uncomment its block and change the status. The ladder, in rank order:"
    );
    line!(out, "# {}; the setbacks: {}.", ladder(false), ladder(true));
    line!(
        out,
        "# A status may also take a note, a confidence (1 to 6) and its own sources."
    );
    line!(out);
    for item in &facts.items {
        line!(out, "# [[round.status]]");
        let parent = item
            .parent
            .as_deref()
            .map(|p| format!(", under {p}"))
            .unwrap_or_default();
        line!(
            out,
            "# item = {}   # {}{parent}",
            quoted(&item.item),
            comment(&item.title)
        );
        match (&item.status, &item.round) {
            (Some(status), Some(round)) => line!(
                out,
                "# status = {}   # in force since {}",
                quoted(status),
                round_named(round, item.round_date.as_deref())
            ),
            _ => line!(out, "# status = \"\"   # no status yet"),
        }
        line!(out, "# note = \"\"");
        line!(out);
    }
}

fn ladder(setbacks: bool) -> String {
    Status::ALL
        .iter()
        .filter(|s| s.is_setback() == setbacks)
        .map(|s| s.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

fn other_claims(out: &mut String) {
    line!(
        out,
        "# A party's stance on an item, words attributed to a speaker, and the"
    );
    line!(
        out,
        "# analyst's notes on the round (commitments too: see docs/round-file.md):"
    );
    line!(out, "# [[round.position]]");
    line!(out, "# party = \"\"");
    line!(out, "# item = \"\"");
    line!(out, "# stance = \"\"   # {}", Stance::SLUGS.join(", "));
    line!(out, "#");
    line!(out, "# [[round.quote]]");
    line!(
        out,
        "# speaker_name = \"\"   # or speaker_description = \"a senior official\""
    );
    line!(out, "# text = \"\"");
    line!(out, "#");
    line!(out, "# [[round.note]]");
    line!(
        out,
        "# kind = \"\"   # {}",
        crate::domain::NoteKind::SLUGS.join(", ")
    );
    line!(out, "# body = \"\"");
    line!(out);
}

fn sources(out: &mut String, facts: &NextRoundFacts) {
    if facts.sources.is_empty() {
        line!(
            out,
            "# No sources yet: add one with `parley source add`, or declare it in a"
        );
        line!(out, "# [[source]] table (docs/round-file.md).");
        return;
    }
    let shown = facts.sources.len() as i64;
    match facts.source_count - shown {
        0 => line!(out, "# Sources to cite, by slug (outlet, date):"),
        more => {
            line!(
                out,
                "# Sources to cite, by slug (outlet, date): the {shown} most recently added or cited;"
            );
            line!(
                out,
                "# `parley source list` lists all {} ({more} more).",
                facts.source_count
            );
        }
    }
    for s in &facts.sources {
        let date = s
            .published_on
            .as_deref()
            .map(|d| format!(", {}", crate::report::text::date(d)))
            .unwrap_or_default();
        line!(
            out,
            "#   {} ({}{date})",
            comment(&s.source),
            comment(&s.outlet)
        );
    }
    line!(
        out,
        "# Add a new one with `parley source add`, or in a [[source]] table."
    );
}

/// `geneva-2025-11-23 (23 Nov 2025)`: a round by its slug, the name that stays.
fn round_named(slug: &str, date: Option<&str>) -> String {
    match date {
        Some(date) => format!("{slug} ({})", crate::report::text::date(date)),
        None => slug.to_owned(),
    }
}

/// A TOML basic string, always on one line (so that it can be commented out whole).
fn quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Text for a comment: on one line, without control characters.
fn comment(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::storage::{LastRound, TemplateItem, TemplateParticipant, TemplateSource};

    fn facts() -> NextRoundFacts {
        NextRoundFacts {
            last_round: Some(LastRound {
                round_id: 1,
                slug: "geneva-2025-11-23".into(),
                title: "Talks in Geneva".into(),
                date: Some("2025-11-23".into()),
                location: Some("Geneva".into()),
                format: Some("bilateral".into()),
                level: None,
            }),
            participants: vec![TemplateParticipant {
                party: "ukraine".into(),
                name: "Ukraine".into(),
                role: "delegation".into(),
                note: Some("led by \"Umerov\"\nand others".into()),
                lead: Some("rustem-umerov".into()),
                lead_name: Some("Rustem Umerov".into()),
            }],
            items: vec![TemplateItem {
                item: "prisoner-exchanges".into(),
                title: "Prisoner exchanges".into(),
                parent: None,
                status: Some("proposed".into()),
                round: Some("geneva-2025-11-23".into()),
                round_date: Some("2025-11-23".into()),
            }],
            sources: vec![TemplateSource {
                source: "ap-2025-11-23".into(),
                outlet: "AP\nNews".into(),
                published_on: Some("2025-11-23".into()),
            }],
            source_count: 30,
        }
    }

    #[test]
    fn the_template_is_toml_with_every_claim_commented_out() {
        let round = NextRound {
            slug: Some("abu-dhabi-2025-12-02".into()),
            title: Some("Talks in \"Abu Dhabi\"".into()),
            date: Some("2025-12-02".parse().unwrap()),
            ..NextRound::new("ukraine-peace", RoundState::Held)
        };
        let text = next_round(&round, &facts());
        let file: toml::Table = toml::from_str(&text).unwrap_or_else(|e| panic!("{e}\n{text}"));
        let r = &file["round"][0];
        assert_eq!(r["title"].as_str(), Some("Talks in \"Abu Dhabi\""));
        assert_eq!(r["participant"][0]["party"].as_str(), Some("ukraine"));
        assert_eq!(r["participant"][0]["lead"].as_str(), Some("rustem-umerov"));
        assert!(r.get("status").is_none());
        assert!(text.contains(
            "# [[round.status]]\n# item = \"prisoner-exchanges\"   # Prisoner exchanges\n\
             # status = \"proposed\"   # in force since geneva-2025-11-23 (23 Nov 2025)\n"
        ));
        assert!(text.contains("# format = \"bilateral\"   # bilateral, trilateral"));
        assert!(
            text.contains("# note = \"led by \\\"Umerov\\\"\\nand others\"   # at the last round")
        );
        assert!(
            text.contains("#   ap-2025-11-23 (AP News, 23 Nov 2025)\n"),
            "{text}"
        );
        assert!(
            text.contains("`parley source list` lists all 30 (29 more)"),
            "{text}"
        );
    }

    #[test]
    fn quoted_text_reads_back_as_itself_on_one_line() {
        for text in [
            "plain",
            "a \"quote\"",
            "back\\slash",
            "two\nlines\r\t",
            "bell\u{7}",
            "Україна",
        ] {
            let line = format!("v = {}", quoted(text));
            assert!(!line.contains('\n'), "{line}");
            let table: toml::Table = toml::from_str(&line).unwrap();
            assert_eq!(table["v"].as_str(), Some(text));
        }
    }

    #[test]
    fn what_was_not_given_is_left_for_the_analyst() {
        let round = NextRound::new("ukraine-peace", RoundState::Held);
        let text = next_round(&round, &facts());
        let file: toml::Table = toml::from_str(&text).unwrap();
        let r = &file["round"][0];
        assert_eq!(r["slug"].as_str(), Some(""));
        assert!(r.get("title").is_none() && r.get("date").is_none());
        assert!(text.contains("# date = \"\"   # required of a held round"));
    }
}
