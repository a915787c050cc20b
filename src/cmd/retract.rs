//! The `retract` subcommands: `status`, `position`, `commitment`, `quote`, `note` and
//! `round retract`. Each names what it withdraws as its add or set command names it,
//! takes a required `--reason`, and appends a retraction (see
//! migrations/20251215000000_retractions.sql): nothing is deleted, and a report as of
//! an earlier moment still shows what was retracted. They share one path: resolve
//! the names, then [`Writes::retract`](crate::storage::Writes::retract).

use super::Target;

use clap::Args;

use crate::Backend;
use crate::domain::model::ProcessRef;
use crate::error::Result;
use crate::storage::RetractTarget;
use crate::storage::prelude::*;

/// What every retraction takes: why, and of which process.
#[derive(Debug, Args)]
pub struct Why {
    /// Why it is retracted: what was logged in error (required; kept with the
    /// retraction).
    #[arg(long)]
    pub reason: String,
    /// The process [default: the only one].
    #[arg(long)]
    pub process: Option<String>,
}

impl Why {
    /// The reason, checked as free text, then the database and the process.
    async fn open(&self, target: &Target) -> Result<(String, Backend, ProcessRef)> {
        let reason = super::text_flag("--reason", &self.reason)?;
        let (db, _) = super::open(target, true).await?;
        let process = super::process_flag(&db, self.process.as_deref()).await?;
        Ok((reason, db, process))
    }
}

/// Writes the retraction and says what was withdrawn.
async fn retract(
    db: Backend,
    target: RetractTarget<'_>,
    what: &str,
    reason: &str,
    command: &str,
) -> Result<()> {
    let written = db.retract(target, what, reason, command).await;
    db.close().await;
    let retracted = written?;
    println!(
        "retracted {what}: {}; reason: {reason}",
        short(&retracted.said, 60)
    );
    Ok(())
}

/// The first `chars` characters of a text, marked `…` when cut.
fn short(text: &str, chars: usize) -> String {
    match text.char_indices().nth(chars) {
        Some((at, _)) => format!("\"{}…\"", &text[..at]),
        None => format!("\"{text}\""),
    }
}

/// Retract an item's status at a round, logged in error.
///
/// The status record stays in the database with its retraction: reports, views and
/// `item show` leave it out (the item's status at its earlier round shows through, as
/// if it had never been logged), while `report --as-of` an earlier moment still shows
/// it. A retracted status is not corrected: log the right one at another round. To
/// change a status that was logged rightly but reads wrongly, `status set` it again
/// (a correction).
///
/// Example: parley status retract --round latest --item prisoner-exchanges
/// --reason "The wire report was about another round"
#[derive(Debug, Args)]
pub struct StatusRetract {
    /// The round: slug, number, title, `latest` or `previous`.
    #[arg(long)]
    pub round: String,
    /// The agenda item: slug or title.
    #[arg(long)]
    pub item: String,
    #[command(flatten)]
    pub why: Why,
}

impl StatusRetract {
    pub async fn run(self, target: &Target) -> Result<()> {
        let (reason, db, process) = self.why.open(target).await?;
        let item = super::item_flag(&db, &process, "--item", &self.item).await?;
        let round = db.resolve_round(process.id, &self.round, "--round").await?;
        let what = format!("the status of {item} at {}", super::round_label(&round));
        let target = RetractTarget::Status {
            round_id: round.round_id,
            item: &item,
        };
        retract(db, target, &what, &reason, "status retract").await
    }
}

/// Retract a party's stance on an item at a round, logged in error.
///
/// The position stays in the database with its retraction; reports and the
/// current_position view leave it out (the party's stance at an earlier round shows
/// through), while `report --as-of` an earlier moment still shows it.
///
/// Example: parley position retract --round latest --item territorial-questions
/// --party Ukraine --reason "Attributed to the wrong delegation"
#[derive(Debug, Args)]
pub struct PositionRetract {
    /// The round: slug, number, title, `latest` or `previous`.
    #[arg(long)]
    pub round: String,
    /// The agenda item: slug or title.
    #[arg(long)]
    pub item: String,
    /// The party: slug, name, short code or alias.
    #[arg(long)]
    pub party: String,
    #[command(flatten)]
    pub why: Why,
}

impl PositionRetract {
    pub async fn run(self, target: &Target) -> Result<()> {
        let (reason, db, process) = self.why.open(target).await?;
        let party = super::party_flag(&db, "--party", &self.party).await?;
        let item = super::item_flag(&db, &process, "--item", &self.item).await?;
        let round = db.resolve_round(process.id, &self.round, "--round").await?;
        let what = format!(
            "the stance of {party} on {item} at {}",
            super::round_label(&round)
        );
        let target = RetractTarget::Position {
            round_id: round.round_id,
            party: &party,
            item: &item,
        };
        retract(db, target, &what, &reason, "position retract").await
    }
}

/// Retract a commitment, logged in error, with its fates.
///
/// Named by its slug, as `commitment fate` names it (with --round when two rounds
/// have one of that slug). Reports and the commitment_status view leave it out; no
/// fate is recorded for it afterwards.
///
/// Example: parley commitment retract exchange-lists --reason "Never agreed; misread"
#[derive(Debug, Args)]
pub struct CommitmentRetract {
    /// The commitment's slug.
    #[arg(value_name = "COMMITMENT")]
    pub slug: String,
    /// The round that produced it, when several rounds have a commitment of that slug.
    #[arg(long)]
    pub round: Option<String>,
    #[command(flatten)]
    pub why: Why,
}

impl CommitmentRetract {
    pub async fn run(self, target: &Target) -> Result<()> {
        let (reason, db, process) = self.why.open(target).await?;
        let slug = self.slug.trim().to_owned();
        let round = super::commitment_round(&db, &process, &slug, self.round.as_deref()).await?;
        let what = format!("commitment {slug} of {}", super::round_label(&round));
        let target = RetractTarget::Commitment {
            round_id: round.round_id,
            slug: &slug,
        };
        retract(db, target, &what, &reason, "commitment retract").await
    }
}

/// Retract a quote, logged in error.
///
/// A quote is named by the number `round show` prints beside it (`[quote 4]`).
///
/// Example: parley quote retract 4 --reason "Said by another official"
#[derive(Debug, Args)]
pub struct QuoteRetract {
    /// The quote's number, as `round show` prints it.
    #[arg(value_name = "QUOTE")]
    pub id: i64,
    #[command(flatten)]
    pub why: Why,
}

impl QuoteRetract {
    pub async fn run(self, target: &Target) -> Result<()> {
        let (reason, db, process) = self.why.open(target).await?;
        let what = format!("quote {} of {}", self.id, process.slug);
        let target = RetractTarget::Quote {
            process_id: process.id,
            quote_id: self.id,
        };
        retract(db, target, &what, &reason, "quote retract").await
    }
}

/// Retract a round note, logged in error.
///
/// A note is named by the number `round show` prints beside it (`[note 2]`).
///
/// Example: parley note retract 2 --reason "Belongs to the Berlin round"
#[derive(Debug, Args)]
pub struct NoteRetract {
    /// The note's number, as `round show` prints it.
    #[arg(value_name = "NOTE")]
    pub id: i64,
    #[command(flatten)]
    pub why: Why,
}

impl NoteRetract {
    pub async fn run(self, target: &Target) -> Result<()> {
        let (reason, db, process) = self.why.open(target).await?;
        let what = format!("note {} of {}", self.id, process.slug);
        let target = RetractTarget::Note {
            process_id: process.id,
            round_note_id: self.id,
        };
        retract(db, target, &what, &reason, "note retract").await
    }
}

/// Retract a round logged in error, with everything logged at it.
///
/// The round leaves the round numbering (the rounds after it move down one number:
/// name rounds by slug) and its statuses, positions, commitments, quotes and notes
/// leave reports, views, `diff` and search; `report --as-of` an earlier moment still
/// shows them. A retracted round takes no more records and is never changed. To fix
/// a round's details instead, import a round file naming it by slug.
///
/// Example: parley round retract miami-2025-12-20 --reason "Logged twice; the talks
/// are berlin-2025-12-15"
#[derive(Debug, Args)]
pub struct RoundRetract {
    /// The round: slug, number, title, `latest` or `previous`.
    #[arg(value_name = "ROUND")]
    pub round: String,
    #[command(flatten)]
    pub why: Why,
}

impl RoundRetract {
    pub async fn run(self, target: &Target) -> Result<()> {
        let (reason, db, process) = self.why.open(target).await?;
        let round = db.resolve_round(process.id, &self.round, "ROUND").await?;
        let (_, _, later) = db.round_and_later(process.id, &round.slug, 0).await?;
        let what = super::round_label(&round);
        let target = RetractTarget::Round {
            round_id: round.round_id,
        };
        retract(db, target, &what, &reason, "round retract").await?;
        if later > 0 {
            println!(
                "renumbered: the {later} round(s) after it move down one number (round numbers follow the dates; slugs stay)"
            );
        }
        Ok(())
    }
}
