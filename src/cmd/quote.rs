use super::Target;

use clap::{ArgGroup, Args, Subcommand};

use crate::domain::model::Quote;
use crate::error::Result;
use crate::storage::prelude::*;

/// Record words attributed to a speaker.
#[derive(Debug, Subcommand)]
pub enum QuoteCommand {
    Add(Add),
    Retract(super::retract::QuoteRetract),
}

impl QuoteCommand {
    pub async fn run(self, target: &Target) -> Result<()> {
        match self {
            QuoteCommand::Add(cmd) => cmd.run(target).await,
            QuoteCommand::Retract(cmd) => cmd.run(target).await,
        }
    }
}

/// Add a quote to a round: the words, and who said them.
///
/// Writes what a `[[round.quote]]` of a round file would. A quote the round holds
/// already (the same words from the same speaker) is not written again. Without
/// --source, the quote cites the round's sources.
///
/// Example: parley quote add "The talks were productive" --speaker "Marco Rubio" --party US
/// --round latest --source reuters-2025-11-23
///
/// --speaker names a person recorded with `parley person add` (by slug, name or
/// alias); --speaker-name gives the name of a speaker who is not one.
#[derive(Debug, Args)]
#[command(group(ArgGroup::new("who").required(true).multiple(true)))]
pub struct Add {
    /// The words, as quoted.
    pub text: String,
    /// The speaker, a person: slug, name or alias (see `parley person add`).
    #[arg(
        long,
        value_name = "PERSON",
        group = "who",
        conflicts_with = "speaker_name"
    )]
    pub speaker: Option<String>,
    /// The speaker's name, when published, for a speaker not recorded as a person.
    #[arg(long, value_name = "NAME", group = "who")]
    pub speaker_name: Option<String>,
    /// How the sources describe an unnamed speaker, e.g. "a senior U.S. official".
    #[arg(long, value_name = "TEXT", group = "who")]
    pub speaker_description: Option<String>,
    /// The speaker's side: slug, name, short code or alias.
    #[arg(long)]
    pub party: Option<String>,
    /// The agenda item it concerns: slug or title.
    #[arg(long)]
    pub item: Option<String>,
    /// The round: slug, number, title, `latest` or `previous`.
    #[arg(long, default_value = "latest")]
    pub round: String,
    /// A source behind it (its slug, or SLUG:CREDIBILITY). Repeatable. Default: the
    /// round's sources.
    #[arg(long = "source", value_name = "SOURCE")]
    pub sources: Vec<String>,
    /// The process [default: the only one].
    #[arg(long)]
    pub process: Option<String>,
}

impl Add {
    pub async fn run(self, target: &Target) -> Result<()> {
        let text = super::text_flag("TEXT", &self.text)?;
        let speaker_name = super::opt_name_flag("--speaker-name", self.speaker_name.as_deref())?;
        let speaker_description =
            super::opt_name_flag("--speaker-description", self.speaker_description.as_deref())?;

        let (db, _) = super::open(target, true).await?;
        let process = super::process_flag(&db, self.process.as_deref()).await?;
        let person = match &self.speaker {
            Some(name) => Some(super::person_flag(&db, "--speaker", name).await?),
            None => None,
        };
        let party = match &self.party {
            Some(name) => Some(super::party_flag(&db, "--party", name).await?),
            None => None,
        };
        let item = match &self.item {
            Some(name) => Some(super::item_flag(&db, &process, "--item", name).await?),
            None => None,
        };
        let at = super::ClaimAt::resolve(&db, process, &self.round, &self.sources).await?;
        let speaker = (person.clone())
            .or_else(|| speaker_name.clone())
            .or_else(|| speaker_description.clone())
            .unwrap_or_default();
        let side = party
            .as_ref()
            .map(|p| format!(" ({p})"))
            .unwrap_or_default();
        let quote = Quote {
            speaker: person,
            speaker_name,
            speaker_description,
            party,
            item,
            text: text.clone(),
            sources: at.sources(),
        };
        let changes = at
            .write(&db, "quote add", |round| round.quotes.push(quote))
            .await?;
        db.close().await;

        let round = super::round_label(&at.round);
        if changes.quotes > 0 {
            println!(
                "added a quote at {round}: “{text}” — {speaker}{side}{}",
                at.citing(changes.citations)
            );
        } else {
            println!(
                "unchanged: {round} already has this quote from {speaker}; nothing was written"
            );
        }
        Ok(())
    }
}
