use super::Target;

use clap::{Args, Subcommand};

use crate::domain::model::{Commitment, Update, slugify};
use crate::domain::{CommitmentKind, Fate, PartialDate};
use crate::error::{Error, Result};
use crate::report::text::count;
use crate::storage::prelude::*;

/// Record what a round produced, and what became of it.
#[derive(Debug, Subcommand)]
pub enum CommitmentCommand {
    Add(Add),
    Fate(SetFate),
    Retract(super::retract::CommitmentRetract),
}

impl CommitmentCommand {
    pub async fn run(self, target: &Target) -> Result<()> {
        match self {
            CommitmentCommand::Add(cmd) => cmd.run(target).await,
            CommitmentCommand::Fate(cmd) => cmd.run(target).await,
            CommitmentCommand::Retract(cmd) => cmd.run(target).await,
        }
    }
}

/// Add a commitment a round produced: a mechanism, an agreement, a follow-up.
///
/// Writes what a `[[round.commitment]]` of a round file would. Without --source, the
/// commitment cites the round's sources.
///
/// Example: parley commitment add "Joint humanitarian working group" --kind mechanism
/// --item humanitarian-coordination --party US --party Ukraine --round latest
#[derive(Debug, Args)]
pub struct Add {
    /// What was promised.
    pub description: String,
    /// What sort of outcome it is.
    #[arg(long, value_parser = super::vocabulary::<CommitmentKind>())]
    pub kind: CommitmentKind,
    /// Stable name within the round [default: made from the description].
    #[arg(long)]
    pub slug: Option<String>,
    /// The agenda item it concerns: slug or title.
    #[arg(long)]
    pub item: Option<String>,
    /// When it falls due: YYYY-MM-DD, YYYY-MM or YYYY.
    #[arg(long)]
    pub due: Option<String>,
    /// A party it binds: slug, name, short code or alias. Repeatable.
    #[arg(long = "party", value_name = "PARTY")]
    pub parties: Vec<String>,
    /// What has become of it already [default: open].
    #[arg(long, value_parser = super::vocabulary::<Fate>())]
    pub fate: Option<Fate>,
    /// The evidence for the fate.
    #[arg(long, requires = "fate")]
    pub fate_note: Option<String>,
    /// The round that produced it: slug, number, title, `latest` or `previous`.
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

/// Longest slug made from a description: a few words, not the sentence.
const MADE_SLUG_CHARS: usize = 40;

/// A slug made from a description: its first words, cut at a word's end.
fn slug_from(description: &str) -> String {
    let slug = slugify(description);
    if slug.len() <= MADE_SLUG_CHARS {
        return slug;
    }
    match slug[..=MADE_SLUG_CHARS].rfind('-') {
        Some(end) if end > 0 => slug[..end].to_owned(),
        _ => slug[..MADE_SLUG_CHARS].trim_end_matches('-').to_owned(),
    }
}

impl Add {
    pub async fn run(self, target: &Target) -> Result<()> {
        let description = super::text_flag("DESCRIPTION", &self.description)?;
        let slug = super::slug_flag(self.slug.as_deref(), &slug_from(&description))?;
        let due_date: Option<PartialDate> = self
            .due
            .as_deref()
            .map(|d| super::parse_flag("--due", d))
            .transpose()?;
        let fate_note = super::opt_text_flag("--fate-note", self.fate_note.as_deref())?;

        let (db, _) = super::open(target, true).await?;
        let process = super::process_flag(&db, self.process.as_deref()).await?;
        let item = match &self.item {
            Some(name) => Some(super::item_flag(&db, &process, "--item", name).await?),
            None => None,
        };
        let mut parties: Vec<String> = Vec::new();
        for name in &self.parties {
            let party = super::party_flag(&db, "--party", name).await?;
            if parties.contains(&party) {
                return Err(Error::invalid_argument(
                    "--party",
                    format!("party '{party}' is given twice"),
                ));
            }
            parties.push(party);
        }
        let at = super::ClaimAt::resolve(&db, process, &self.round, &self.sources).await?;
        let round = super::round_label(&at.round);
        let exists = |slug: &str| {
            Error::invalid_argument(
                "--slug",
                format!(
                    "commitment '{slug}' already exists at {round}; choose another --slug, or record \
                     what became of it with `parley commitment fate {slug} FATE`"
                ),
            )
        };
        let commitment = Commitment {
            slug: slug.clone(),
            item: Update::whole(item),
            kind: Some(self.kind),
            description: Some(description),
            due_date: Update::whole(due_date),
            parties: parties.clone(),
            fate: self.fate,
            fate_note,
            sources: at.sources(),
        };
        let changes = at
            .write_new(&db, "commitment add", exists, |round| {
                round.commitments.push(commitment)
            })
            .await?;
        db.close().await;

        let mut facts = vec![self.kind.as_str().replace('_', " ")];
        if !parties.is_empty() {
            facts.push(format!("binding {}", parties.join(", ")));
        }
        facts.extend(due_date.map(|d| format!("due {d}")));
        if let Some(fate) = changes.fates.first() {
            facts.push(fate.now.replace('_', " "));
        }
        println!(
            "added commitment {slug} at {round}: {}{}",
            facts.join(", "),
            at.citing(changes.citations)
        );
        Ok(())
    }
}

/// Record what became of a commitment: fulfilled, broken, lapsed, …
///
/// Writes what the commitment repeated in its round's `[[round.commitment]]` with a
/// `fate` would: a fate that differs from the latest (or gives a new note) is
/// appended to the commitment's history, which keeps every earlier one. A source
/// given is added to the commitment's.
///
/// Example: parley commitment fate humanitarian-mechanism fulfilled --note "First
/// convoy reached Kherson" --source reuters-2025-12-10
#[derive(Debug, Args)]
pub struct SetFate {
    /// The commitment: its slug.
    pub commitment: String,
    /// What became of it.
    #[arg(value_parser = super::vocabulary::<Fate>())]
    pub fate: Fate,
    /// The evidence.
    #[arg(long)]
    pub note: Option<String>,
    /// The round that produced the commitment [default: the one round of the process
    /// that has a commitment of this slug].
    #[arg(long)]
    pub round: Option<String>,
    /// A source for the fate, added to the commitment's (its slug, or
    /// SLUG:CREDIBILITY). Repeatable.
    #[arg(long = "source", value_name = "SOURCE")]
    pub sources: Vec<String>,
    /// The process [default: the only one].
    #[arg(long)]
    pub process: Option<String>,
}

impl SetFate {
    pub async fn run(self, target: &Target) -> Result<()> {
        let note = super::opt_text_flag("--note", self.note.as_deref())?;
        let (db, _) = super::open(target, true).await?;
        let process = super::process_flag(&db, self.process.as_deref()).await?;
        let slug = self.commitment.trim();
        let round = super::commitment_round(&db, &process, slug, self.round.as_deref()).await?;
        let target = crate::storage::RetractTarget::Commitment {
            round_id: round.round_id,
            slug,
        };
        if let Some((reason, when)) = db.retraction(target).await? {
            return Err(Error::invalid_argument(
                "COMMITMENT",
                format!(
                    "commitment {slug} of {} was retracted at {when} ({reason}); {}",
                    super::round_label(&round),
                    crate::storage::RetractedPart::Commitment {
                        slug: slug.to_owned()
                    }
                    .instead()
                ),
            ));
        }
        let sources = super::sources_flag(&db, &self.sources).await?;
        let at = super::ClaimAt {
            process,
            round,
            given: sources,
        };
        let label = super::round_label(&at.round);
        let commitment = Commitment {
            slug: slug.to_owned(),
            item: Update::Keep,
            kind: None,
            description: None,
            due_date: Update::Keep,
            parties: Vec::new(),
            fate: Some(self.fate),
            fate_note: note,
            sources: at.sources(),
        };
        let changes = at
            .write(&db, "commitment fate", |round| {
                round.commitments.push(commitment)
            })
            .await?;
        db.close().await;

        match changes.fates.first() {
            Some(fate) => println!(
                "recorded commitment {slug} of {label}: now {}, was {}{}",
                fate.now,
                fate.was.as_deref().unwrap_or("open"),
                match changes.citations {
                    0 => String::new(),
                    n => format!("; {} added", count(n as usize, "citation", "citations")),
                }
            ),
            None if changes.citations > 0 => println!(
                "commitment {slug} of {label} is already {}; {} added",
                self.fate,
                count(changes.citations as usize, "citation", "citations")
            ),
            None => println!(
                "unchanged: commitment {slug} of {label} is already {}, with that note; nothing was written",
                self.fate
            ),
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_made_from_descriptions_are_a_few_words() {
        assert_eq!(slug_from("Joint working group"), "joint-working-group");
        let long = slug_from(
            "A preliminary mechanism for humanitarian coordination across the front line",
        );
        assert!(long.len() <= MADE_SLUG_CHARS, "{long}");
        assert_eq!(long, "a-preliminary-mechanism-for-humanitarian");
    }
}
