use super::Target;

use clap::{Args, Subcommand};

use crate::domain::Stance;
use crate::domain::model::{PositionClaim, Update};
use crate::error::Result;
use crate::storage::prelude::*;

/// Record a party's stance on an agenda item.
#[derive(Debug, Subcommand)]
pub enum PositionCommand {
    Set(Set),
    Retract(super::retract::PositionRetract),
}

impl PositionCommand {
    pub async fn run(self, target: &Target) -> Result<()> {
        match self {
            PositionCommand::Set(cmd) => cmd.run(target).await,
            PositionCommand::Retract(cmd) => cmd.run(target).await,
        }
    }
}

/// Set a party's stance on an agenda item as of a round.
///
/// A different stance at the same round is recorded as a correction; the earlier
/// record is kept. A correction keeps the note and sources of the record it corrects
/// unless new ones are given.
///
/// Example: parley position set Ukraine territorial-questions --stance red_line --round latest
#[derive(Debug, Args)]
pub struct Set {
    /// The party: slug, name, short code or alias.
    pub party: String,
    /// The agenda item: slug or title.
    pub item: String,
    /// The party's stance, from the firmest for the item to the firmest against.
    #[arg(long, value_parser = super::vocabulary::<Stance>())]
    pub stance: Stance,
    /// The round: slug, number, title, `latest` or `previous`.
    #[arg(long, default_value = "latest")]
    pub round: String,
    /// The party's words or the analyst's reading.
    #[arg(long)]
    pub note: Option<String>,
    /// A source behind the claim (its slug, or SLUG:CREDIBILITY). Repeatable.
    #[arg(long = "source", value_name = "SOURCE")]
    pub sources: Vec<String>,
    /// The process [default: the only one].
    #[arg(long)]
    pub process: Option<String>,
}

impl Set {
    pub async fn run(self, target: &Target) -> Result<()> {
        let stance = self.stance;
        let note = super::opt_text_flag("--note", self.note.as_deref())?;

        let (db, _) = super::open(target, true).await?;
        let process = super::process_flag(&db, self.process.as_deref()).await?;
        let party = super::party_flag(&db, "PARTY", &self.party).await?;
        let item = super::item_flag(&db, &process, "ITEM", &self.item).await?;
        let at = super::ClaimAt::resolve(&db, process, &self.round, &self.sources).await?;
        let target = crate::storage::RetractTarget::Position {
            round_id: at.round.round_id,
            party: &party,
            item: &item,
        };
        if let Some((reason, when)) = db.retraction(target).await? {
            return Err(crate::Error::invalid_argument(
                "PARTY",
                format!(
                    "the stance of {party} on {item} at {} was retracted at {when} ({reason}); {}",
                    super::round_label(&at.round),
                    crate::storage::RetractedPart::Position {
                        party: party.clone(),
                        item: item.clone(),
                    }
                    .instead()
                ),
            ));
        }
        let claim = PositionClaim {
            party: party.clone(),
            item: item.clone(),
            stance,
            note: Update::if_given(note),
            sources: at.sources(),
        };
        let changes = at
            .write(&db, "position set", |round| round.positions.push(claim))
            .await?;
        db.close().await;

        let at = format!("{party} on {item} at {}", super::round_label(&at.round));
        if let Some(c) = changes.corrections.first() {
            let kept = super::kept_phrase(&c.kept);
            match c.was == c.now {
                true => println!("corrected {at}: still {stance}{kept}"),
                false => println!("corrected {at}: now {stance}, was {}{kept}", c.was),
            }
        } else if changes.positions > 0 {
            println!("set {at}: {stance}");
        } else {
            println!(
                "unchanged: {at} is already {stance}, with the same note and sources; nothing was written"
            );
        }
        Ok(())
    }
}
