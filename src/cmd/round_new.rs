//! `parley round new`: a round file for the next round, printed or edited and imported.

use super::Target;
use std::path::PathBuf;

use clap::Args;

use crate::domain::model::{ProcessRef, check_round_dates};
use crate::domain::{Level, PartialDate, RoundFormat, RoundState};
use crate::error::{Error, Result};
use crate::output;
use crate::roundfile::template::{self, NextRound, TEMPLATE_SOURCES};
use crate::storage::prelude::*;

/// Print a round file for the next round, ready to fill in.
///
/// The file holds the process; the round, with the details given (the others
/// commented out, with the values they take and the last round's); the parties of the
/// last round held as participants, with their roles; every agenda item with its
/// status in force as a commented-out [[round.status]] block (uncomment and change what
/// moved); and the sources to cite. It imports as printed once the title and date are
/// in it: what only the analyst can give is left commented out, so an unfilled file is
/// refused at its line rather than imported.
///
/// With --edit, the file opens in $VISUAL (or else $EDITOR; arguments split on spaces,
/// as git does). When the editor exits, nothing is written if it failed or the file
/// comes back unchanged. Otherwise the file is imported as `parley import` imports it:
/// on a terminal its dry run is shown first and `Import? [y/N]` asked (--yes skips the
/// question; so does a standard input that is not a terminal). On a problem the file
/// reopens with the problems as comments at the top, until it imports, is left
/// unchanged, or the editor fails. A file that was edited but not imported is kept, and
/// its path said.
///
/// Example: parley round new --title "Talks in Abu Dhabi" --date 2025-12-02 --location
/// "Abu Dhabi" -o abu-dhabi.toml
///
/// Example: parley round new --title "Talks in Miami" --date 2025-12-20 --location Miami
/// --edit
#[derive(Debug, Args)]
pub struct New {
    /// Display title [default: left for you to fill in].
    #[arg(long)]
    pub title: Option<String>,
    /// First day: YYYY-MM-DD, YYYY-MM or YYYY [default: left for you to fill in].
    #[arg(long)]
    pub date: Option<String>,
    /// Last day of a meeting over several days.
    #[arg(long)]
    pub end_date: Option<String>,
    /// Place, as the sources name it.
    #[arg(long)]
    pub location: Option<String>,
    /// How the parties met.
    #[arg(long, value_parser = super::vocabulary::<RoundFormat>())]
    pub format: Option<RoundFormat>,
    /// Who led the delegations.
    #[arg(long, value_parser = super::vocabulary::<Level>())]
    pub level: Option<Level>,
    /// Whether it has taken place [default: held, unless the date is after today].
    #[arg(long, value_parser = super::vocabulary::<RoundState>())]
    pub state: Option<RoundState>,
    /// Stable name [default: made from the location, or the title, and the date, as
    /// `round add` makes it].
    #[arg(long)]
    pub slug: Option<String>,
    /// The process [default: the only one].
    #[arg(long)]
    pub process: Option<String>,
    /// Write the file here instead of standard output.
    #[arg(
        short = 'o',
        long = "output",
        value_name = "FILE",
        conflicts_with = "edit"
    )]
    pub output: Option<PathBuf>,
    /// Open the file in $VISUAL or $EDITOR, and import it when the editor exits.
    #[arg(long)]
    pub edit: bool,
    /// With --edit: import without showing the dry run and asking first.
    #[arg(long, requires = "edit")]
    pub yes: bool,
}

impl New {
    pub async fn run(self, target: &Target) -> Result<()> {
        let title = self
            .title
            .as_deref()
            .map(|t| super::name_flag("--title", t))
            .transpose()?;
        let date: Option<PartialDate> = self
            .date
            .as_deref()
            .map(|d| super::parse_flag("--date", d))
            .transpose()?;
        let end_date: Option<PartialDate> = self
            .end_date
            .as_deref()
            .map(|d| super::parse_flag("--end-date", d))
            .transpose()?;
        let location = self
            .location
            .as_deref()
            .map(|l| super::name_flag("--location", l))
            .transpose()?;
        // A round without a date yet is most often one that was held: the file asks
        // for its date rather than making it a scheduled round.
        let state = match (self.state, date) {
            (Some(state), _) => state,
            (None, Some(_)) => super::round::default_state(date)?,
            (None, None) => RoundState::Held,
        };
        if date.is_some() || end_date.is_some() {
            check_round_dates(date, end_date, state).map_err(|p| {
                Error::invalid_argument(format!("--{}", p.field.replace('_', "-")), p.message)
            })?;
        }
        let slug = super::round::round_slug(
            self.slug.as_deref(),
            title.as_deref(),
            location.as_deref(),
            date,
        )?;
        let editor = match self.edit {
            true => Some(super::edit::Editor::from_environment()?),
            false => None,
        };
        let file =
            output::OutputFile::new("--output", self.output.as_deref(), target.local_file())?;

        let (db, _) = super::open(target, true).await?;
        let processes = db.process_catalog().await?;
        let ProcessRef {
            id: process_id,
            slug: process,
            ..
        } = super::resolve_process(&db, &processes, self.process.as_deref()).await?;
        if let Some(slug) = &slug
            && db.round_exists(process_id, slug).await?
        {
            db.close().await;
            return Err(Error::invalid_argument(
                "--slug",
                format!(
                    "round '{slug}' already exists; choose another --slug, or export it to change it: `parley export {slug} -o FILE`"
                ),
            ));
        }
        let facts = db.next_round_facts(process_id, TEMPLATE_SOURCES).await?;
        let round = NextRound {
            slug,
            title,
            date,
            end_date,
            location,
            format: self.format,
            level: self.level,
            ..NextRound::new(&process, state)
        };
        let text = template::next_round(&round, &facts);
        match editor {
            Some(editor) => {
                let done = editor.edit_and_import(&db, &text, !self.yes).await;
                db.close().await;
                done
            }
            None => {
                db.close().await;
                output::emit(&text, file.as_ref())
            }
        }
    }
}
