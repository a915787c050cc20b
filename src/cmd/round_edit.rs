//! `parley round edit`: a round's details and participants changed from flags, through
//! the import's path. The flags make the `[[round]]` table a round file naming the round
//! would hold (its slug, the fields given, `clear`, its participants), so the edit
//! changes, checks, keeps in `round_history` and reports exactly what that file would.

use super::Target;

use clap::Args;

use crate::domain::model::{Dossier, Participant, ProcessRef, Round, Update, check_round_dates};
use crate::domain::{Level, PartialDate, Role, RoundFormat, RoundState};
use crate::error::{Error, Result};
use crate::storage::listing::RoundDetail;
use crate::storage::prelude::*;

/// The round fields `--clear` empties, as a round file's `clear` names them.
const CLEARABLE: [&str; 7] = [
    "date", "end_date", "location", "format", "level", "tone", "summary",
];

/// Change a round's details and participants: only what is given.
///
/// Writes what a round file naming the round with only those fields would (see
/// docs/round-file.md, "Updating a round"): the round keeps its slug and every field
/// not given, --clear empties an optional one, and the earlier version is kept in
/// round_history. Each change is shown old → new; a round that holds every value given
/// already is left as it is ("nothing to change"). To take back a claim logged in
/// error, correct it (`status set` again) instead.
///
/// Example: parley round edit latest --title "Talks in Geneva (day one)" --end-date 2025-11-24
/// --party "Ukraine:delegation:led by Rustem Umerov" --remove-party Russia --clear tone
#[derive(Debug, Args)]
pub struct Edit {
    /// The round: slug, number, title, `latest` or `previous`.
    pub round: String,
    /// Display title.
    #[arg(long)]
    pub title: Option<String>,
    /// First day: YYYY-MM-DD, YYYY-MM or YYYY.
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
    /// Whether it has taken place.
    #[arg(long, value_parser = super::vocabulary::<RoundState>())]
    pub state: Option<RoundState>,
    /// Tone or assessment the sources report.
    #[arg(long)]
    pub tone: Option<String>,
    /// What happened, in a few sentences.
    #[arg(long)]
    pub summary: Option<String>,
    /// An optional field to empty. Repeatable.
    #[arg(long, value_name = "FIELD", value_parser = CLEARABLE)]
    pub clear: Vec<String>,
    /// A participant to add, or whose role or note changes: NAME, NAME:ROLE or
    /// NAME:ROLE:NOTE. A role or note left out (`US::led by Marco Rubio`) keeps the
    /// participant's own; a new participant's role is then delegation. Repeatable.
    #[arg(long = "party", value_name = "NAME[:ROLE[:NOTE]]")]
    pub parties: Vec<String>,
    /// A party to withdraw from the round's participants (kept in
    /// round_party_history). Repeatable.
    #[arg(long = "remove-party", value_name = "NAME")]
    pub remove_parties: Vec<String>,
    /// A source for the round as a whole, beside those it cites (its slug, or
    /// SLUG:CREDIBILITY). Repeatable.
    #[arg(long = "source", value_name = "SOURCE")]
    pub sources: Vec<String>,
    /// The process [default: the only one].
    #[arg(long)]
    pub process: Option<String>,
}

impl Edit {
    pub async fn run(self, target: &Target) -> Result<()> {
        let (db, _) = super::open(target, true).await?;
        let process = super::process_flag(&db, self.process.as_deref()).await?;
        let held = db.resolve_round(process.id, &self.round, "ROUND").await?;
        let detail = db.round_detail(held.round_id, false).await?;
        let round = self.round_of(&db, &process, &detail).await?;
        let dossier = Dossier {
            rounds: vec![round],
            ..Dossier::default()
        };
        let changes = super::write(&db, "round edit", dossier).await;
        db.close().await;
        let changes = changes?;
        match changes.is_empty() {
            true => println!("round {}: nothing to change", detail.round),
            false => super::import::print_changes(&changes, false),
        }
        Ok(())
    }

    /// The `[[round]]` table the flags give: the round by its slug, the fields given
    /// and cleared, its participants. Checked here against what the round holds, so a
    /// problem names its flag; the import checks again once it holds the write lock.
    async fn round_of(
        &self,
        db: &impl Storage,
        process: &ProcessRef,
        held: &RoundDetail,
    ) -> Result<Round> {
        let date = |flag: &str, value: &Option<String>| -> Result<Option<PartialDate>> {
            value
                .as_deref()
                .map(|d| super::parse_flag(flag, d))
                .transpose()
        };
        let text = |flag, value: &Option<String>| super::opt_text_flag(flag, value.as_deref());
        let name = |flag, value: &Option<String>| super::opt_name_flag(flag, value.as_deref());
        let given = vec![
            ("date", date("--date", &self.date)?.map(|d| d.to_string())),
            (
                "end_date",
                date("--end-date", &self.end_date)?.map(|d| d.to_string()),
            ),
            ("location", name("--location", &self.location)?),
            ("format", self.format.map(|f| f.as_str().to_owned())),
            ("level", self.level.map(|l| l.as_str().to_owned())),
            ("tone", text("--tone", &self.tone)?),
            ("summary", text("--summary", &self.summary)?),
        ];
        let others = self.title.is_some()
            || self.state.is_some()
            || !self.parties.is_empty()
            || !self.remove_parties.is_empty()
            || !self.sources.is_empty();
        let updates = super::record_edit::field_updates(
            given,
            &self.clear,
            others,
            "--title, --date, --end-date, --location, --format, --level, --state, --tone, \
             --summary, --clear, --party, --remove-party or --source",
        )?;
        let update = |field: &str| {
            (updates.iter())
                .find(|(f, _)| *f == field)
                .map_or(Update::Keep, |(_, u)| u.clone())
        };
        // Typed values as the flags gave them; cleared as `--clear` says.
        let typed = |field: &str, value: Option<PartialDate>| match update(field) {
            Update::Clear => Update::Clear,
            _ => Update::if_given(value),
        };
        let start_date = typed("date", date("--date", &self.date)?);
        let end_date = typed("end_date", date("--end-date", &self.end_date)?);
        self.check_dates(held, &start_date, &end_date)?;

        let mut round = Round::named(&process.slug, &held.round);
        round.title = super::opt_name_flag("--title", self.title.as_deref())?;
        round.start_date = start_date;
        round.end_date = end_date;
        round.location = update("location");
        round.format = match update("format") {
            Update::Clear => Update::Clear,
            _ => Update::if_given(self.format),
        };
        round.level = match update("level") {
            Update::Clear => Update::Clear,
            _ => Update::if_given(self.level),
        };
        round.state = self.state;
        round.tone = update("tone");
        round.summary = update("summary");
        round.sources = super::sources_flag(db, &self.sources).await?;
        for value in &self.parties {
            let (name, role, note) = super::round::participant_parts(value)?;
            let party = super::party_flag(db, "--party", name).await?;
            // An empty role keeps a participant's role; a new one is a delegation.
            let held_participant = held.participants.iter().find(|p| p.party == party);
            let held_role = held_participant.and_then(|p| p.role.parse::<Role>().ok());
            // A participant's lead is kept: `round edit` has no flag for it yet.
            let lead = held_participant.and_then(|p| p.lead_slug.clone());
            let role = role.or(held_role).unwrap_or(Role::Delegation);
            if round.participants.iter().any(|p| p.party == party) {
                return Err(Error::invalid_argument(
                    "--party",
                    format!("party '{party}' is given twice"),
                ));
            }
            round.participants.push(Participant {
                party,
                role,
                note: Update::if_given(note),
                lead,
            });
        }
        for name in &self.remove_parties {
            let party = super::party_flag(db, "--remove-party", name).await?;
            if round.participants.iter().any(|p| p.party == party) {
                return Err(Error::invalid_argument(
                    "--remove-party",
                    format!("party '{party}' is given with --party too; do one or the other"),
                ));
            }
            if !held.participants.iter().any(|p| p.party == party) {
                let taking_part: Vec<&str> =
                    held.participants.iter().map(|p| p.party.as_str()).collect();
                return Err(Error::invalid_argument(
                    "--remove-party",
                    format!(
                        "party '{party}' does not take part in {}; its participants: {}",
                        super::round_label_of(held.number, &held.round, held.date.as_deref()),
                        match taking_part.is_empty() {
                            true => "none".to_owned(),
                            false => taking_part.join(", "),
                        }
                    ),
                ));
            }
            if !round.withdrawn.contains(&party) {
                round.withdrawn.push(party);
            }
        }
        Ok(round)
    }

    /// The round's dates as they will be obey a round's rules, named by the flag that
    /// breaks them.
    fn check_dates(
        &self,
        held: &RoundDetail,
        start: &Update<PartialDate>,
        end: &Update<PartialDate>,
    ) -> Result<()> {
        let held_date = |d: &Option<String>| d.as_deref().and_then(|d| d.parse().ok());
        let start = start.clone().applied_to(held_date(&held.date));
        let end = end.clone().applied_to(held_date(&held.end_date));
        let state = match self.state {
            Some(state) => state,
            None => match held.state.parse() {
                Ok(state) => state,
                // A state another client wrote: the import reports it.
                Err(_) => return Ok(()),
            },
        };
        check_round_dates(start, end, state).map_err(|p| {
            let flag = match (p.field, self.clear.iter().any(|c| c == p.field)) {
                ("date", true) | ("end_date", true) => "--clear".to_owned(),
                ("date", false) if self.state.is_some() && self.date.is_none() => {
                    "--state".to_owned()
                }
                (field, _) => format!("--{}", field.replace('_', "-")),
            };
            Error::invalid_argument(
                flag,
                format!("{} (with the round's other details)", p.message),
            )
        })
    }
}
