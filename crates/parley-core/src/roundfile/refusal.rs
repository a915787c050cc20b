//! Where, in the round files of an import, a claim the planner refused stands. The
//! planner knows a claim by its round (and how many times the import gave that round
//! before) and its place in the round's list of its kind ([`ClaimPlace`]); validation
//! keeps every claim of a valid file in its order, so the same entry of the file that
//! gave the round is the claim.

use super::{Problem, RoundFileError, SourceText, parse};
use crate::storage::{ClaimPlace, Refusal};

/// The refusal as a problem at the claim's (or the round's) line and column, or
/// `None` when no file gives that round (the files changed meanwhile).
pub fn refusal_problem(sources: &[SourceText], refusal: &Refusal) -> Option<RoundFileError> {
    let message = format!("{}; nothing was written", refusal.message());
    let problem = locate(sources, &refusal.place, message)?;
    Some(RoundFileError::from(problem))
}

fn locate(sources: &[SourceText], place: &ClaimPlace, message: String) -> Option<Problem> {
    let mut earlier = 0;
    for source in sources {
        let Ok(file) = parse(source) else { continue };
        if *file.process.get_ref().slug.get_ref() != place.process {
            continue;
        }
        for (i, round) in file.rounds.iter().enumerate() {
            let entry = round.get_ref();
            if *entry.slug.get_ref() != place.round {
                continue;
            }
            if earlier < place.occurrence {
                earlier += 1;
                continue;
            }
            let path = format!("round[{}]", i + 1);
            let Some((table, index)) = place.claim else {
                return Some(source.problem(round.span(), path, message));
            };
            let span = match table {
                "participant" => entry.participants.get(index).map(|e| e.span()),
                "status" => entry.statuses.get(index).map(|e| e.span()),
                "position" => entry.positions.get(index).map(|e| e.span()),
                "commitment" => entry.commitments.get(index).map(|e| e.span()),
                "quote" => entry.quotes.get(index).map(|e| e.span()),
                "note" => entry.notes.get(index).map(|e| e.span()),
                _ => None,
            };
            let field = format!("{path}.{table}[{}]", index + 1);
            return Some(source.problem(span.unwrap_or(round.span()), field, message));
        }
    }
    None
}
