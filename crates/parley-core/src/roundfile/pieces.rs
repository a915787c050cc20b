//! Large round files read and checked a piece at a time, so that writing can begin
//! while the rest is still being read, and memory holds a piece rather than the
//! whole file's syntax tree.
//!
//! A file splits before its top-level `[[round]]` headers: its head (the process and
//! every declaration) and then runs of whole rounds. Each piece is parsed and checked
//! on its own, against what the pieces before it declared. Anything that does not
//! split so cleanly, and any problem at all, stops the reading: the caller then reads
//! the files in one piece, which reports every problem at its line and column exactly
//! as an import of a small file does.

use std::fmt;

use serde::Deserialize;
use toml::Spanned;

use super::SourceText;
use super::format::{RoundEntry, RoundFile};
use super::validate::FileCheck;
use crate::domain::model::Dossier;
use crate::domain::names::Catalogs;

/// Imports whose files hold at least this many bytes in all are read in pieces.
const PIECEWISE_BYTES: usize = 512 << 10;

/// About this many bytes of rounds make a piece: enough that a piece costs far more
/// to parse than to hand over, few enough that writing starts early.
const PIECE_BYTES: usize = 256 << 10;

/// Reading in pieces stopped: the files must be read in one piece, either to report
/// their problems or because their layout does not split.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NeedsWholeRead;

impl fmt::Display for NeedsWholeRead {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("the round files must be read in one piece")
    }
}

impl std::error::Error for NeedsWholeRead {}

/// Whether an import of these files is large enough to read in pieces.
pub fn reads_in_pieces(sources: &[SourceText]) -> bool {
    sources.iter().map(|s| s.text.len()).sum::<usize>() >= PIECEWISE_BYTES
}

/// How many `[[round]]` tables the files hold (for a progress bar).
pub fn round_count(sources: &[SourceText]) -> usize {
    sources
        .iter()
        .map(|s| headers(&s.text, ROUND).count())
        .sum()
}

/// About how many status records the files hold: their `[[round.status]]` tables,
/// found without parsing (a status written as an inline table is not counted).
pub fn status_count(sources: &[SourceText]) -> usize {
    sources
        .iter()
        .map(|s| headers(&s.text, "[[round.status]]").count())
        .sum()
}

const ROUND: &str = "[[round]]";

/// The rounds of a piece after a file's head.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LaterRounds {
    #[serde(rename = "round")]
    rounds: Vec<Spanned<RoundEntry>>,
}

/// Reads and checks the files in order, a piece at a time, handing each checked
/// piece to `deliver`; the first piece of each file holds its declarations. Stops
/// early, with nothing more delivered, when `deliver` returns false.
pub fn load_in_pieces(
    sources: &[SourceText],
    known: &Catalogs,
    mut deliver: impl FnMut(Dossier) -> bool,
) -> Result<(), NeedsWholeRead> {
    let mut catalogs = known.clone();
    for source in sources {
        let text = source.text.as_str();
        let mut bounds = piece_bounds(text).into_iter();
        let head_end = bounds.next().unwrap_or(text.len());
        let head: RoundFile = whole_piece(&text[..head_end])?;
        // What only a history export holds is reported by the whole read.
        if !head.rounds.is_empty()
            || head.history.is_some()
            || !super::history::history_fields_outside_history(source, &head).is_empty()
        {
            // Rounds written other than as `[[round]]` tables: not split here.
            return Err(NeedsWholeRead);
        }
        let (mut check, declared) = FileCheck::start(source, head, &mut catalogs);
        if check.has_problems() {
            return Err(NeedsWholeRead);
        }
        if !deliver(declared) {
            return Ok(());
        }
        let mut start = head_end;
        for end in bounds.chain((head_end < text.len()).then_some(text.len())) {
            let piece: LaterRounds = whole_piece(&text[start..end])?;
            if piece
                .rounds
                .iter()
                .any(|r| super::history::has_history_fields(r.get_ref()))
            {
                return Err(NeedsWholeRead);
            }
            let rounds = check.rounds(piece.rounds);
            if check.has_problems() {
                return Err(NeedsWholeRead);
            }
            if !deliver(Dossier {
                rounds,
                ..Dossier::default()
            }) {
                return Ok(());
            }
            start = end;
        }
    }
    Ok(())
}

/// A piece deserialised, unless it holds a problem (a field the format does not know
/// included): the whole read then reports it.
fn whole_piece<T: serde::de::DeserializeOwned>(text: &str) -> Result<T, NeedsWholeRead> {
    match super::format::from_toml(text) {
        (Ok(piece), unknown) if unknown.is_empty() => Ok(piece),
        _ => Err(NeedsWholeRead),
    }
}

/// Where a file's pieces end: first its head (everything before the first `[[round]]`
/// header), then about every [`PIECE_BYTES`], always just before a `[[round]]` header.
/// The last piece ends at the end of the file, which is not listed.
fn piece_bounds(text: &str) -> Vec<usize> {
    let mut bounds = Vec::new();
    let mut last = None;
    for at in headers(text, ROUND) {
        match last {
            None => bounds.push(at),
            Some(start) if at - start >= PIECE_BYTES => bounds.push(at),
            Some(_) => continue,
        }
        last = Some(at);
    }
    bounds
}

/// Byte offsets of the table headers (`[[round]]`) that begin a line and end it (or a
/// comment follows). A header-like line inside a multi-line string would split a
/// string in two; the piece then fails to parse, and the file is read in one piece.
fn headers<'t>(text: &'t str, header: &'static str) -> impl Iterator<Item = usize> + 't {
    text.match_indices(header)
        .map(|(at, _)| at)
        .filter(move |&at| {
            let starts_line = at == 0 || text.as_bytes()[at - 1] == b'\n';
            let rest = text[at + header.len()..].trim_start_matches([' ', '\t']);
            let ends_line = rest.is_empty() || rest.starts_with(['\n', '\r', '#']);
            starts_line && ends_line
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::roundfile::load;

    fn file(rounds: usize, padding: usize) -> String {
        let mut text = String::from(
            "[process]\nslug = \"p\"\nname = \"P\"\n\n[[item]]\nslug = \"i\"\ntitle = \"I\"\n",
        );
        let summary = "x".repeat(padding);
        for n in 0..rounds {
            text.push_str(&format!(
                "\n[[round]]\nslug = \"r{n}\"\ntitle = \"Round {n} — ü\"\ndate = \"2025-01-01\"\nstate = \"held\"\nsummary = \"{summary}\"\n\n[[round.status]]\nitem = \"i\"\nstatus = \"proposed\"\n"
            ));
        }
        text
    }

    fn pieces(text: &str) -> Result<Vec<Dossier>, NeedsWholeRead> {
        let mut pieces = Vec::new();
        load_in_pieces(
            &[SourceText::new("t.toml", text)],
            &Catalogs::default(),
            |d| {
                pieces.push(d);
                true
            },
        )?;
        Ok(pieces)
    }

    #[test]
    fn pieces_together_hold_what_one_read_holds() {
        let text = file(40, 20_000);
        let pieces = pieces(&text).unwrap();
        assert!(pieces.len() > 3, "{} pieces", pieces.len());
        assert!(pieces[0].rounds.is_empty());
        assert_eq!(pieces[0].items.len(), 1);
        let mut joined = Dossier::default();
        for piece in pieces {
            joined.extend(piece);
        }
        let whole = load(&[SourceText::new("t.toml", text)], &Catalogs::default()).unwrap();
        assert_eq!(joined, whole);
    }

    #[test]
    fn a_problem_in_a_later_piece_stops_the_reading() {
        let mut text = file(40, 20_000);
        text.push_str("\n[[round]]\nslug = \"r0\"\ntitle = \"Again\"\nstate = \"held\"\n");
        assert_eq!(pieces(&text), Err(NeedsWholeRead));
        let mut text = file(40, 20_000);
        text.push_str("\n[[round]]\nslug = \"late\"\nunknown_field = 1\n");
        assert_eq!(pieces(&text), Err(NeedsWholeRead));
    }

    #[test]
    fn declarations_after_the_first_round_need_a_whole_read() {
        let mut text = file(40, 20_000);
        text.push_str("\n[[item]]\nslug = \"late-item\"\ntitle = \"Late\"\n");
        assert_eq!(pieces(&text), Err(NeedsWholeRead));
        let indented = file(40, 20_000).replacen("\n[[round]]", "\n  [[round]]", 1);
        assert_eq!(pieces(&indented), Err(NeedsWholeRead));
        let inline = "[process]\nslug = \"p\"\nname = \"P\"\nround = [{ slug = \"a\", title = \"A\", state = \"held\" }]\n";
        assert_eq!(pieces(inline), Err(NeedsWholeRead));
    }

    #[test]
    fn headers_are_found_only_where_a_line_is_one() {
        let text = "[[round]]\nx = 1\n  [[round]]\n[[round]] # c\ns = \"[[round]]\"\n[[round]]";
        let found: Vec<usize> = headers(text, ROUND).collect();
        assert_eq!(found, vec![0, 28, text.len() - 9]);
        assert_eq!(round_count(&[SourceText::new("t", text)]), 3);
        let statuses = "[[round]]\n[[round.status]]\n[[round.status]]\n x = \"[[round.status]]\"\n";
        assert_eq!(status_count(&[SourceText::new("t", statuses)]), 2);
    }

    #[test]
    fn a_file_with_no_rounds_is_one_piece() {
        let text = "[process]\nslug = \"p\"\nname = \"P\"\n";
        let pieces = pieces(text).unwrap();
        assert_eq!(pieces.len(), 1);
        assert_eq!(pieces[0].processes.len(), 1);
    }
}
