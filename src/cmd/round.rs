use super::Target;

use clap::{Args, Subcommand};

use crate::domain::model::{
    Dossier, Participant, Round, Update, check_round_dates, check_round_slug, round_slugify,
};
use crate::domain::model::{ProcessRef, RoundRef};
use crate::domain::{Level, PartialDate, Role, RoundFormat, RoundState};
use crate::error::{Error, Result};
use crate::output::tabular::{self, Cell};
use crate::output::{self, TabularFormat};
use crate::storage::listing::{RoundDetail, RoundListRow};
use crate::storage::prelude::*;

/// Log a round from flags, change one, list the rounds, show everything on one, or start
/// a round file for the next one.
#[derive(Debug, Subcommand)]
pub enum RoundCommand {
    Add(Box<Add>),
    Edit(Box<super::round_edit::Edit>),
    List(List),
    Show(Show),
    New(Box<super::round_new::New>),
    Retract(super::retract::RoundRetract),
}

impl RoundCommand {
    pub async fn run(self, target: &Target) -> Result<()> {
        match self {
            RoundCommand::Add(cmd) => cmd.run(target).await,
            RoundCommand::Edit(cmd) => cmd.run(target).await,
            RoundCommand::List(cmd) => cmd.run(target).await,
            RoundCommand::Show(cmd) => cmd.run(target).await,
            RoundCommand::New(cmd) => cmd.run(target).await,
            RoundCommand::Retract(cmd) => cmd.run(target).await,
        }
    }
}

/// Log a round: when and where the parties met, and who took part.
///
/// Example: parley round add --title "Follow-up talks" --date 2025-12-02 --location Istanbul
/// --party "US:delegation:led by Marco Rubio" --party Ukraine --party Turkey:host
#[derive(Debug, Args)]
pub struct Add {
    /// Display title.
    #[arg(long)]
    pub title: String,
    /// First day: YYYY-MM-DD, YYYY-MM or YYYY. Needed unless the round is scheduled
    /// or postponed.
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
    /// Whether it has taken place [default: held for a date not after today, else
    /// scheduled].
    #[arg(long, value_parser = super::vocabulary::<RoundState>())]
    pub state: Option<RoundState>,
    /// A party that took part, with its role (delegation by default). Repeat for each
    /// party.
    #[arg(long = "party", value_name = "NAME[:ROLE[:NOTE]]", long_help = party_help())]
    pub parties: Vec<String>,
    /// Who led a party's delegation: PARTY=PERSON (the party given with --party; the
    /// person by slug, name or alias). Repeatable.
    #[arg(long = "lead", value_name = "PARTY=PERSON")]
    pub leads: Vec<String>,
    /// Tone or assessment the sources report.
    #[arg(long)]
    pub tone: Option<String>,
    /// What happened, in a few sentences.
    #[arg(long)]
    pub summary: Option<String>,
    /// A source for the round (its slug, or SLUG:CREDIBILITY). Repeatable.
    #[arg(long = "source", value_name = "SOURCE")]
    pub sources: Vec<String>,
    /// Stable name [default: made from the location, or the title, and the date].
    #[arg(long)]
    pub slug: Option<String>,
    /// The process [default: the only one].
    #[arg(long)]
    pub process: Option<String>,
}

impl Add {
    pub async fn run(self, target: &Target) -> Result<()> {
        let (db, _) = super::open(target, true).await?;
        let ProcessRef {
            id: process_id,
            slug: process,
            ..
        } = super::process_flag(&db, self.process.as_deref()).await?;

        let title = super::name_flag("--title", &self.title)?;
        let start_date: Option<PartialDate> = self
            .date
            .as_deref()
            .map(|d| super::parse_flag("--date", d))
            .transpose()?;
        let end_date: Option<PartialDate> = self
            .end_date
            .as_deref()
            .map(|d| super::parse_flag("--end-date", d))
            .transpose()?;
        let state: RoundState = match self.state {
            Some(state) => state,
            None => default_state(start_date)?,
        };
        check_round_dates(start_date, end_date, state).map_err(|p| {
            Error::invalid_argument(format!("--{}", p.field.replace('_', "-")), p.message)
        })?;
        let location = self
            .location
            .as_deref()
            .map(|l| super::name_flag("--location", l))
            .transpose()?;
        let slug = round_slug(
            self.slug.as_deref(),
            Some(&title),
            location.as_deref(),
            start_date,
        )?
        .expect("a slug is made from the title");
        let exists = |slug: &str| {
            Error::invalid_argument(
                "--slug",
                format!(
                    "round '{slug}' already exists; choose another --slug, or change it with `parley round edit {slug}`"
                ),
            )
        };
        if db.round_by_slug(process_id, &slug).await?.is_some() {
            return Err(exists(&slug));
        }

        let mut participants: Vec<Participant> = Vec::new();
        for value in &self.parties {
            let (name, role, note) = participant_flag(value)?;
            let party = super::party_flag(&db, "--party", name).await?;
            if participants.iter().any(|p| p.party == party) {
                return Err(Error::invalid_argument(
                    "--party",
                    format!("party '{party}' is given twice"),
                ));
            }
            participants.push(Participant {
                party,
                role,
                note: Update::whole(note),
                lead: None,
            });
        }
        for value in &self.leads {
            let Some((party, person)) = value.split_once('=') else {
                return Err(Error::invalid_argument(
                    "--lead",
                    format!("'{value}' is not PARTY=PERSON, e.g. --lead US=\"Marco Rubio\""),
                ));
            };
            let party = super::party_flag(&db, "--lead", party).await?;
            let person = super::person_flag(&db, "--lead", person).await?;
            let Some(participant) = participants.iter_mut().find(|p| p.party == party) else {
                return Err(Error::invalid_argument(
                    "--lead",
                    format!(
                        "party '{party}' is not given with --party; a lead leads a party that takes part"
                    ),
                ));
            };
            if participant.lead.is_some() {
                return Err(Error::invalid_argument(
                    "--lead",
                    format!("party '{party}' is given two leads"),
                ));
            }
            participant.lead = Some(person);
        }

        let round = Round {
            process: process.clone(),
            slug: slug.clone(),
            title: Some(title),
            start_date: Update::if_given(start_date),
            end_date: Update::if_given(end_date),
            location: Update::if_given(location),
            format: Update::if_given(self.format),
            level: Update::if_given(self.level),
            state: Some(state),
            tone: Update::if_given(super::opt_text_flag("--tone", self.tone.as_deref())?),
            summary: Update::if_given(super::opt_text_flag("--summary", self.summary.as_deref())?),
            sources: super::sources_flag(&db, &self.sources).await?,
            participants,
            withdrawn: Vec::new(),
            statuses: Vec::new(),
            positions: Vec::new(),
            commitments: Vec::new(),
            quotes: Vec::new(),
            notes: Vec::new(),
        };
        let dossier = Dossier {
            rounds: vec![round],
            ..Dossier::default()
        };
        let changes = super::write_new(&db, "round add", dossier, exists).await?;
        // Numbers follow the dates: a round dated before others moves them up one.
        let (added, later, more) = db
            .round_and_later(process_id, &slug, RENUMBERED_SHOWN)
            .await?;
        db.close().await;
        let parties = match changes.participants {
            0 => String::new(),
            1 => ", 1 participant".into(),
            n => format!(", {n} participants"),
        };
        println!(
            "added {} of {process}: {state}{parties}",
            super::round_label(&added)
        );
        if !later.is_empty() {
            println!("{}", renumbered(&later, more));
        }
        Ok(())
    }
}

/// A new round's slug: the one given with `--slug`, or one made from the place (or
/// else the title) and the date; `None` when there is nothing to make one from.
pub(super) fn round_slug(
    given: Option<&str>,
    title: Option<&str>,
    location: Option<&str>,
    date: Option<PartialDate>,
) -> Result<Option<String>> {
    let base = match (location.or(title), date) {
        (Some(name), Some(date)) => format!("{name} {date}"),
        (Some(name), None) => name.to_owned(),
        (None, _) => String::new(),
    };
    // A slug of a number or `latest` would be read as a reference: refused when
    // given, made unambiguous when made from a name.
    match given {
        Some(given) => {
            let slug = super::slug_flag(Some(given), &base)?;
            check_round_slug(&slug).map_err(|m| Error::invalid_argument("--slug", m))?;
            Ok(Some(slug))
        }
        None if base.is_empty() => Ok(None),
        None => super::slug_flag(Some(&round_slugify(&base)), &base).map(Some),
    }
}

/// How many of the rounds a back-dated round renumbers are named.
const RENUMBERED_SHOWN: i64 = 3;

/// What a back-dated round did to the rounds after it: the first few, each named by
/// its new number, slug and date, and how many `more` there are.
fn renumbered(later: &[RoundRef], more: i64) -> String {
    let mut names: Vec<String> = later
        .iter()
        .map(|r| format!("{} was {}", super::round_label(r), r.number - 1))
        .collect();
    if more > 0 {
        names.push(format!("and {more} more"));
    }
    format!(
        "renumbered: {} (round numbers follow the dates; slugs stay)",
        names.join("; ")
    )
}

/// `--party`'s help, with the roles from their vocabulary.
fn party_help() -> String {
    format!(
        "A party that took part, with its role (delegation by default) and a note on its \
         part (who led the delegation, why absent). Repeat for each party.\n\nNAME, \
         NAME:ROLE or NAME:ROLE:NOTE, e.g. 'US:delegation:led by Marco Rubio', or \
         'Kyiv::led by Rustem Umerov' for the default role. The party is named by slug, name, \
         short code or alias; the role is one of: {}. The note is everything after the \
         second colon.",
        Role::SLUGS.join(", ")
    )
}

/// A `--party` value: `NAME`, `NAME:ROLE` or `NAME:ROLE:NOTE` (an empty role is a
/// delegation's; the note may hold colons of its own).
fn participant_flag(value: &str) -> Result<(&str, Role, Option<String>)> {
    let (name, role, note) = participant_parts(value)?;
    Ok((name, role.unwrap_or(Role::Delegation), note))
}

/// A `--party` value's name, role and note, each `None` when empty.
pub(super) fn participant_parts(value: &str) -> Result<(&str, Option<Role>, Option<String>)> {
    let (name, rest) = value.split_once(':').unwrap_or((value, ""));
    let (role, note) = rest.split_once(':').unwrap_or((rest, ""));
    let role = match role.trim() {
        "" => None,
        role => Some(super::parse_flag::<Role>("--party", role)?),
    };
    let note = match note.trim() {
        "" => None,
        note => Some(super::text_flag("--party", note)?),
    };
    Ok((name, role, note))
}

/// Held if its date is not after today (by the Parley clock), else scheduled.
pub(super) fn default_state(date: Option<PartialDate>) -> Result<RoundState> {
    let today = crate::clock::now()?
        .to_datetime()
        .date_naive()
        .format("%Y-%m-%d")
        .to_string();
    Ok(match date {
        Some(d) if d.to_string().as_str() <= today.as_str() => RoundState::Held,
        _ => RoundState::Scheduled,
    })
}

/// List the rounds of a process in order, with their numbers.
///
/// Example: parley round list --format csv
#[derive(Debug, Args)]
pub struct List {
    /// The process [default: the only one].
    #[arg(long)]
    pub process: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = TabularFormat::Table)]
    pub format: TabularFormat,
}

impl List {
    pub async fn run(self, target: &Target) -> Result<()> {
        let db = super::open_for_reading(target).await?;
        let processes = db.process_catalog().await?;
        let ProcessRef { id: process_id, .. } =
            super::resolve_process(&db, &processes, self.process.as_deref()).await?;
        let rows = db.list_rounds(process_id).await?;
        db.close().await;
        output::write_with(None, |out| write_round_list(self.format, &rows, out))
    }
}

/// The rounds' columns: [`RoundListRow`]'s fields, in order.
const ROUND_LIST_COLUMNS: [&str; 11] = [
    "number", "round", "title", "date", "end_date", "location", "format", "level", "state",
    "parties", "statuses",
];

/// Writes the rounds, a column per field of [`RoundListRow`] in its order (as a
/// [`crate::output::Tabular::from_records`] of them would print), each row as it comes: no copy of a
/// value (10,000 rounds at 1M records).
fn write_round_list(
    format: TabularFormat,
    rows: &[RoundListRow],
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    let columns = ROUND_LIST_COLUMNS.map(String::from);
    tabular::write_rows(
        format,
        &columns,
        rows,
        |r, cells| {
            cells.extend([
                Cell::from(r.number),
                Cell::from(&r.round),
                Cell::from(&r.title),
                Cell::from(&r.date),
                Cell::from(&r.end_date),
                Cell::from(&r.location),
                Cell::from(&r.format),
                Cell::from(&r.level),
                Cell::from(&r.state),
                Cell::from(&r.parties),
                Cell::from(r.statuses),
            ])
        },
        out,
    )
}

/// Show everything recorded on one round: participants, statuses (with the
/// corrections kept), positions, commitments, quotes, notes and sources.
///
/// A round is named by its slug, its number, `latest` or `previous`. Quotes and
/// notes are shown with their numbers (`[quote 4]`), which `quote retract` and `note
/// retract` take. Retracted claims are left out unless --retracted is given.
///
/// Example: parley round show latest
#[derive(Debug, Args)]
pub struct Show {
    /// The round: slug, number, title, `latest` or `previous`.
    pub round: String,
    /// The process [default: the only one].
    #[arg(long)]
    pub process: Option<String>,
    /// Output format: text for people, or json.
    #[arg(long, value_enum, default_value_t = ShowFormat::Text)]
    pub format: ShowFormat,
    /// Also list the claims retracted, each marked with the reason.
    #[arg(long)]
    pub retracted: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ShowFormat {
    Text,
    Json,
}

impl Show {
    pub async fn run(self, target: &Target) -> Result<()> {
        let db = super::open_for_reading(target).await?;
        let processes = db.process_catalog().await?;
        let ProcessRef { id: process_id, .. } =
            super::resolve_process(&db, &processes, self.process.as_deref()).await?;
        let round = db.resolve_round(process_id, &self.round, "ROUND").await?;
        let detail = db.round_detail(round.round_id, self.retracted).await?;
        db.close().await;
        let text = match self.format {
            ShowFormat::Json => {
                let mut s = serde_json::to_string_pretty(&detail).expect("a round serialises");
                s.push('\n');
                s
            }
            // Text written by other programs may hold escape sequences: shown escaped.
            ShowFormat::Text => output::escape::terminal(&render_detail(&detail)).into_owned(),
        };
        output::emit(&text, None)
    }
}

/// How `round show` marks a claim that is not simply in force.
fn claim_mark(superseded: bool, corrects: bool, retracted: &Option<String>) -> String {
    match retracted {
        Some(reason) => format!(" [retracted: {reason}]"),
        None if superseded => " [corrected later; not in force]".into(),
        None if corrects => " [correction]".into(),
        None => String::new(),
    }
}

fn render_detail(d: &RoundDetail) -> String {
    let mut out = String::new();
    let mut line = |s: String| {
        out.push_str(&s);
        out.push('\n');
    };
    // `Round 2 (istanbul-2025-12-02, 2 Dec 2025) of ukraine-peace: Follow-up talks`
    let mut label = super::round_label_of(d.number, &d.round, d.date.as_deref());
    label.replace_range(..1, "R");
    line(format!("{label} of {}: {}", d.process, d.title));
    let dates = match (&d.date, &d.end_date) {
        (Some(s), Some(e)) => format!("{s} to {e}"),
        (Some(s), None) => s.clone(),
        _ => "undated".into(),
    };
    let mut facts = vec![dates, d.state.clone()];
    facts.extend(d.location.clone());
    facts.extend(d.format.clone());
    facts.extend(d.level.as_ref().map(|l| l.replace('_', " ")));
    line(format!("  {}", facts.join(" · ")));
    if let Some(tone) = &d.tone {
        line(format!("  Tone: {tone}"));
    }
    if let Some(summary) = &d.summary {
        line(format!("  Summary: {summary}"));
    }

    if !d.participants.is_empty() {
        line("\nParticipants".into());
        for p in &d.participants {
            let note = p
                .note
                .as_ref()
                .map(|n| format!(" — {n}"))
                .unwrap_or_default();
            let lead = p
                .lead
                .as_ref()
                .map(|l| format!(", led by {l}"))
                .unwrap_or_default();
            line(format!(
                "  {} ({}): {}{lead}{note}",
                p.name, p.party, p.role
            ));
        }
    }
    if !d.statuses.is_empty() {
        line("\nStatuses".into());
        for s in &d.statuses {
            let mark = claim_mark(s.superseded, s.corrects, &s.retracted);
            line(format!(
                "  {}: {}{mark} (recorded {})",
                s.item, s.value, s.recorded_at
            ));
            if let Some(note) = &s.note {
                line(format!("      {note}"));
            }
            if let Some(sources) = &s.sources {
                line(format!("      sources: {sources}"));
            }
        }
    }
    if !d.positions.is_empty() {
        line("\nPositions".into());
        for p in &d.positions {
            let mark = claim_mark(p.superseded, p.corrects, &p.retracted);
            let note = p
                .note
                .as_ref()
                .map(|n| format!(" — {n}"))
                .unwrap_or_default();
            line(format!(
                "  {} on {}: {}{mark}{note}",
                p.party.as_deref().unwrap_or("?"),
                p.item,
                p.value
            ));
        }
    }
    if !d.commitments.is_empty() {
        line("\nCommitments".into());
        for c in &d.commitments {
            let parties = c
                .parties
                .as_ref()
                .map(|p| format!(" binding {p}"))
                .unwrap_or_default();
            let due = c
                .due_date
                .as_ref()
                .map(|d| format!(", due {d}"))
                .unwrap_or_default();
            let mark = claim_mark(false, false, &c.retracted);
            line(format!(
                "  {} [{}, {}{due}]{parties}: {}{mark}",
                c.commitment, c.kind, c.fate, c.description
            ));
        }
    }
    if !d.quotes.is_empty() {
        line("\nQuotes".into());
        for q in &d.quotes {
            let mark = claim_mark(false, false, &q.retracted);
            line(format!(
                "  [quote {}] “{}” — {}{mark}",
                q.id, q.text, q.speaker
            ));
        }
    }
    if !d.notes.is_empty() {
        line("\nNotes".into());
        for n in &d.notes {
            let mark = claim_mark(false, false, &n.retracted);
            line(format!("  [note {}] {}: {}{mark}", n.id, n.kind, n.body));
        }
    }
    if !d.sources.is_empty() {
        line("\nSources".into());
        for s in &d.sources {
            let title = s
                .title
                .as_ref()
                .map(|t| format!(": {t}"))
                .unwrap_or_default();
            let grade = s
                .reliability
                .as_ref()
                .map(|r| format!(" [{r}]"))
                .unwrap_or_default();
            let url = s
                .url
                .as_ref()
                .map(|u| format!(" <{u}>"))
                .unwrap_or_default();
            line(format!("  {} — {}{title}{grade}{url}", s.source, s.outlet));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `round list` prints its rows as a `Tabular` of the records prints them (the
    /// columns the records' fields, in order), in every format.
    #[test]
    fn round_list_prints_the_records_fields_in_order() {
        use crate::output::Tabular;
        let row = RoundListRow {
            number: 3,
            round: "r".into(),
            title: "T".into(),
            date: Some("2025-11-23".into()),
            end_date: None,
            location: Some("Geneva".into()),
            format: Some("bilateral".into()),
            level: None,
            state: "held".into(),
            parties: Some("us (delegation)".into()),
            statuses: 7,
        };
        let second = RoundListRow {
            number: 4,
            round: "=s".into(),
            ..RoundListRow::default()
        };
        for format in [
            TabularFormat::Table,
            TabularFormat::Json,
            TabularFormat::Nl,
            TabularFormat::Csv,
            TabularFormat::Markdown,
        ] {
            for rows in [vec![row.clone(), second.clone()], Vec::new()] {
                let mut out = Vec::new();
                write_round_list(format, &rows, &mut out).unwrap();
                assert_eq!(
                    String::from_utf8(out).unwrap(),
                    Tabular::from_records(&rows).render(format),
                    "{format:?}"
                );
            }
        }
    }
}
