use super::Target;

use clap::{Args, Subcommand};

use crate::domain::NoteKind;
use crate::domain::model::RoundNote;
use crate::error::Result;
use crate::storage::prelude::*;

/// Record the analyst's context on a round.
#[derive(Debug, Subcommand)]
pub enum NoteCommand {
    Add(Add),
    Retract(super::retract::NoteRetract),
}

impl NoteCommand {
    pub async fn run(self, target: &Target) -> Result<()> {
        match self {
            NoteCommand::Add(cmd) => cmd.run(target).await,
            NoteCommand::Retract(cmd) => cmd.run(target).await,
        }
    }
}

/// Add a note to a round: a driver of momentum, a caution, context or an assessment.
///
/// Writes what a `[[round.note]]` of a round file would. A note the round holds
/// already (the same kind and words) is not written again. Without --source, the
/// note cites the round's sources.
///
/// Example: parley note add caution "Kyiv wants guarantees settled before territory"
/// --round latest
#[derive(Debug, Args)]
pub struct Add {
    /// What sort of note.
    #[arg(value_parser = super::vocabulary::<NoteKind>())]
    pub kind: NoteKind,
    /// The note.
    pub body: String,
    /// A person the note names: slug, name or alias. Repeatable.
    #[arg(long = "person", value_name = "PERSON")]
    pub persons: Vec<String>,
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
        let body = super::text_flag("BODY", &self.body)?;
        let (db, _) = super::open(target, true).await?;
        let process = super::process_flag(&db, self.process.as_deref()).await?;
        let mut persons: Vec<String> = Vec::new();
        for name in &self.persons {
            let person = super::person_flag(&db, "--person", name).await?;
            if persons.contains(&person) {
                return Err(crate::error::Error::invalid_argument(
                    "--person",
                    format!("person '{person}' is given twice"),
                ));
            }
            persons.push(person);
        }
        let at = super::ClaimAt::resolve(&db, process, &self.round, &self.sources).await?;
        let note = RoundNote {
            kind: self.kind,
            body: body.clone(),
            persons,
            sources: at.sources(),
        };
        let changes = at
            .write(&db, "note add", |round| round.notes.push(note))
            .await?;
        db.close().await;

        let (kind, round) = (self.kind, super::round_label(&at.round));
        if changes.notes > 0 {
            println!(
                "added a {kind} note at {round}: “{body}”{}",
                at.citing(changes.citations)
            );
        } else {
            println!("unchanged: {round} already has this {kind} note; nothing was written");
        }
        Ok(())
    }
}
