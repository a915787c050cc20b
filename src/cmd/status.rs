use super::Target;

use clap::{Args, Subcommand};

use crate::domain::model::{StatusClaim, Update};
use crate::domain::{Credibility, Status};
use crate::error::Result;
use crate::storage::prelude::*;

/// Record where an agenda item stands after a round.
#[derive(Debug, Subcommand)]
pub enum StatusCommand {
    Set(Set),
    Retract(super::retract::StatusRetract),
}

impl StatusCommand {
    pub async fn run(self, target: &Target) -> Result<()> {
        match self {
            StatusCommand::Set(cmd) => cmd.run(target).await,
            StatusCommand::Retract(cmd) => cmd.run(target).await,
        }
    }
}

/// Set an agenda item's status at a round.
///
/// If the item already has a status at that round, the new one is recorded as a
/// correction that supersedes it; the earlier record is kept. A correction keeps the
/// note, confidence and sources of the record it corrects unless new ones are given.
///
/// Example: parley status set prisoner-exchanges --round latest --status discussed
/// --note "Taken up by both delegations" --source ap-2025-12-02 --confidence 2
#[derive(Debug, Args)]
pub struct Set {
    /// The agenda item: slug or title.
    pub item: String,
    /// The round: slug, number, title, `latest` or `previous`.
    #[arg(long, default_value = "latest")]
    pub round: String,
    /// The status it reached: the ladder from proposed to implemented, in rank order,
    /// or a setback (contested, stalled, dropped).
    #[arg(long, value_parser = super::vocabulary::<Status>())]
    pub status: Status,
    /// The evidence, in a sentence.
    #[arg(long)]
    pub note: Option<String>,
    /// A source behind the claim (its slug, or SLUG:CREDIBILITY). Repeatable.
    #[arg(long = "source", value_name = "SOURCE")]
    pub sources: Vec<String>,
    /// Admiralty credibility of the claim, 1 (confirmed) to 6 (cannot be judged).
    #[arg(long)]
    pub confidence: Option<String>,
    /// The process [default: the only one].
    #[arg(long)]
    pub process: Option<String>,
}

impl Set {
    pub async fn run(self, target: &Target) -> Result<()> {
        let status = self.status;
        let confidence: Option<Credibility> = self
            .confidence
            .as_deref()
            .map(|c| super::parse_flag("--confidence", c))
            .transpose()?;
        let note = super::opt_text_flag("--note", self.note.as_deref())?;

        let (db, _) = super::open(target, true).await?;
        let process = super::process_flag(&db, self.process.as_deref()).await?;
        let item = super::item_flag(&db, &process, "ITEM", &self.item).await?;
        let at = super::ClaimAt::resolve(&db, process, &self.round, &self.sources).await?;
        let target = crate::storage::RetractTarget::Status {
            round_id: at.round.round_id,
            item: &item,
        };
        if let Some((reason, when)) = db.retraction(target).await? {
            return Err(crate::Error::invalid_argument(
                "ITEM",
                format!(
                    "the status of {item} at {} was retracted at {when} ({reason}); {}",
                    super::round_label(&at.round),
                    crate::storage::RetractedPart::Status { item: item.clone() }.instead()
                ),
            ));
        }
        let claim = StatusClaim {
            item: item.clone(),
            status,
            note: Update::if_given(note),
            confidence: Update::if_given(confidence),
            sources: at.sources(),
        };
        let changes = at
            .write(&db, "status set", |round| round.statuses.push(claim))
            .await?;
        let (process_id, round_ref) = (at.process.id, &at.round);
        let now = match changes.statuses {
            0 => None,
            _ => {
                let item_id = db.item_id(process_id, &item).await?;
                db.movement_at(item_id, round_ref.round_id).await?
            }
        };
        db.close().await;

        let at = format!("{item} at {}", super::round_label(round_ref));
        if let Some(c) = changes.corrections.first() {
            let kept = super::kept_phrase(&c.kept);
            match c.was == c.now {
                true => println!("corrected {at}: still {status}{kept}"),
                false => println!("corrected {at}: now {status}, was {}{kept}", c.was),
            }
        } else if changes.statuses > 0 {
            let moved = match &now {
                Some((_, Some(previous), movement)) => format!(" ({movement} from {previous})"),
                Some((_, None, movement)) => format!(" ({movement})"),
                None => String::new(),
            };
            println!("set {at}: {status}{moved}");
        } else {
            println!(
                "unchanged: {at} is already {status}, with the same note, confidence and sources; nothing was written"
            );
        }
        Ok(())
    }
}
