//! A round as the planner sees it: what the database holds of it ([`RoundView`]),
//! and the plan for what a file or command gives it ([`RoundPlan`]). A round the
//! database does not hold is new: it is written whole. One it holds changes in the
//! details given, gains the citations given, and has its claims planned kind by kind
//! along the one path of [`super::claims`].

use super::claims::{
    Citing, ClaimKind, ClaimWrite, Holdings, RoundCx, citations_gained, plan_claims,
};
use super::kinds::{Commitments, Notes, Participants, Positions, Quotes, Statuses};
use super::refusal::{RetractedPart, Retraction};
use super::{Changes, FieldEdit, ParticipantEdit, RoundEdit, Row};
use crate::domain::model::{Citation, Round, Update, check_round_dates};
use crate::domain::{PartialDate, RoundState};
use crate::error::{Error, Result};

/// The parts of a round a plan compares with: its own citations, and each kind of
/// claim. A backend reads only the parts a round's claims need.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Parts {
    pub citations: bool,
    pub participants: bool,
    pub statuses: bool,
    pub positions: bool,
    pub commitments: bool,
    pub quotes: bool,
    pub notes: bool,
}

impl Parts {
    /// Every part.
    pub const ALL: Parts = Parts {
        citations: true,
        participants: true,
        statuses: true,
        positions: true,
        commitments: true,
        quotes: true,
        notes: true,
    };

    /// The parts planning `round` compares with. Its own citations are needed whenever
    /// anything is claimed: a new claim that gives no sources cites the round's.
    pub fn of(round: &Round) -> Parts {
        let claims = round.claim_count() > 0;
        Parts {
            citations: claims || !round.sources.is_empty(),
            participants: !round.participants.is_empty() || !round.withdrawn.is_empty(),
            statuses: !round.statuses.is_empty(),
            positions: !round.positions.is_empty(),
            commitments: !round.commitments.is_empty(),
            quotes: !round.quotes.is_empty(),
            notes: !round.notes.is_empty(),
        }
    }

    pub fn is_empty(&self) -> bool {
        *self == Parts::default()
    }
}

/// What the database (and, in a dry run, the import so far) holds of a round: its
/// details, and those parts that have been read.
pub struct RoundView {
    pub row: Row,
    pub details: RoundColumns,
    /// The round's retraction, if it was retracted: it takes nothing more then.
    pub retracted: Option<Retraction>,
    pub citations: Option<Vec<Citation>>,
    pub participants: Option<Holdings<Participants>>,
    pub statuses: Option<Holdings<Statuses>>,
    pub positions: Option<Holdings<Positions>>,
    pub commitments: Option<Holdings<Commitments>>,
    pub quotes: Option<Holdings<Quotes>>,
    pub notes: Option<Holdings<Notes>>,
}

impl RoundView {
    /// A round's view with its details, no part read yet.
    pub fn new(row: Row, details: RoundColumns) -> Self {
        RoundView {
            row,
            details,
            retracted: None,
            citations: None,
            participants: None,
            statuses: None,
            positions: None,
            commitments: None,
            quotes: None,
            notes: None,
        }
    }

    /// The parts of `wanted` this view has not read.
    pub fn missing(&self, wanted: Parts) -> Parts {
        Parts {
            citations: wanted.citations && self.citations.is_none(),
            participants: wanted.participants && self.participants.is_none(),
            statuses: wanted.statuses && self.statuses.is_none(),
            positions: wanted.positions && self.positions.is_none(),
            commitments: wanted.commitments && self.commitments.is_none(),
            quotes: wanted.quotes && self.quotes.is_none(),
            notes: wanted.notes && self.notes.is_none(),
        }
    }

    /// Takes the parts this view lacks from `other`, a later reading of the round.
    pub fn fill(&mut self, other: RoundView) {
        fn take<T>(mine: &mut Option<T>, theirs: Option<T>) {
            if mine.is_none() {
                *mine = theirs;
            }
        }
        take(&mut self.citations, other.citations);
        take(&mut self.participants, other.participants);
        take(&mut self.statuses, other.statuses);
        take(&mut self.positions, other.positions);
        take(&mut self.commitments, other.commitments);
        take(&mut self.quotes, other.quotes);
        take(&mut self.notes, other.notes);
    }

    /// A round new to the database holds nothing yet: every part is read, and empty.
    fn of_new(details: RoundColumns) -> Self {
        RoundView {
            row: Row::Planned,
            details,
            retracted: None,
            citations: Some(Vec::new()),
            participants: Some(Default::default()),
            statuses: Some(Default::default()),
            positions: Some(Default::default()),
            commitments: Some(Default::default()),
            quotes: Some(Default::default()),
            notes: Some(Default::default()),
        }
    }
}

/// Where a round's plan writes.
#[derive(Debug)]
pub enum Target {
    /// A round new to the database, written whole: its title and state are in the
    /// plan's round; it cites the round's sources.
    New,
    /// A round the database holds.
    Held {
        row: Row,
        /// Its details as they will be, when they change.
        edit: Option<Box<RoundColumns>>,
        /// Citations the round gains, or regrades.
        citations: Vec<Citing>,
    },
}

/// What to write for one round. Claims are named by their place in `round`, which
/// holds them completed: a correction's note, confidence and sources as it will
/// record them, a new claim's sources (the round's, when it gave none).
#[derive(Debug)]
pub struct RoundPlan {
    pub round: Round,
    pub target: Target,
    pub participants: Vec<ClaimWrite<Participants>>,
    pub statuses: Vec<ClaimWrite<Statuses>>,
    pub positions: Vec<ClaimWrite<Positions>>,
    pub commitments: Vec<ClaimWrite<Commitments>>,
    pub quotes: Vec<ClaimWrite<Quotes>>,
    pub notes: Vec<ClaimWrite<Notes>>,
    /// Participants withdrawn from a round the database holds: their rows.
    pub withdrawals: Vec<Row>,
}

/// Plans a round: a new one when `view` is `None`, else one the database holds, as
/// `view` shows it (with the parts [`Parts::of`] names). With `keep_view`, a new
/// round's view is built too. `occurrence` counts the times the import gave the
/// round before. Returns the plan and the view as the plan leaves it.
///
/// A round the database holds retracted takes nothing: the first write the plan would
/// make there (a detail, a citation, a claim) refuses the whole import, while what
/// it holds already is let through (a file imported again writes nothing).
pub(super) fn plan_round(
    mut round: Round,
    view: Option<RoundView>,
    keep_view: bool,
    occurrence: usize,
    changes: &mut Changes,
) -> Result<(RoundPlan, Option<RoundView>)> {
    let retracted = view.as_ref().and_then(|v| v.retracted.clone());
    let (target, mut view, sources) = match view {
        Some(mut view) => {
            let (new, fields) = view.details.updated_by(&round)?;
            let edit = (!fields.is_empty()).then(|| {
                changes.rounds += 1;
                changes.round_edits.push(RoundEdit {
                    round: round.slug.clone(),
                    fields,
                });
                new.clone()
            });
            view.details = new;
            let held = view.citations.get_or_insert_with(Vec::new);
            let citations = citations_gained(&round.sources, held);
            changes.citations += citations.len() as u64;
            let sources = held.clone();
            let target = Target::Held {
                row: view.row,
                edit: edit.map(Box::new),
                citations,
            };
            (target, Some(view), sources)
        }
        None => {
            let details = RoundColumns::of_new(&round)?;
            changes.rounds += 1;
            changes.citations += round.sources.len() as u64;
            let view = keep_view.then(|| {
                let mut view = RoundView::of_new(details);
                view.citations = Some(round.sources.clone());
                view
            });
            (Target::New, view, round.sources.clone())
        }
    };
    let cx = RoundCx {
        process: round.process.clone(),
        slug: round.slug.clone(),
        occurrence,
        sources,
        retracted,
    };
    if let (
        Some(retraction),
        Target::Held {
            edit, citations, ..
        },
    ) = (&cx.retracted, &target)
        && (edit.is_some() || !citations.is_empty() || !round.withdrawn.is_empty())
    {
        return Err(cx.refuse(None, RetractedPart::Round, retraction));
    }
    let participants = plan::<Participants>(&mut round, &mut view, &cx, changes)?;
    let withdrawals = withdraw(&round, &mut view, changes)?;
    let statuses = plan::<Statuses>(&mut round, &mut view, &cx, changes)?;
    let positions = plan::<Positions>(&mut round, &mut view, &cx, changes)?;
    let commitments = plan::<Commitments>(&mut round, &mut view, &cx, changes)?;
    let quotes = plan::<Quotes>(&mut round, &mut view, &cx, changes)?;
    let notes = plan::<Notes>(&mut round, &mut view, &cx, changes)?;
    let plan = RoundPlan {
        round,
        target,
        participants,
        statuses,
        positions,
        commitments,
        quotes,
        notes,
        withdrawals,
    };
    Ok((plan, view))
}

/// Plans the withdrawal of each party `round.withdrawn` names from the round's
/// participants: each must take part in the round as the database holds it.
fn withdraw(
    round: &Round,
    view: &mut Option<RoundView>,
    changes: &mut Changes,
) -> Result<Vec<Row>> {
    let mut rows = Vec::new();
    for party in &round.withdrawn {
        let held = view
            .as_mut()
            .and_then(|v| v.participants.as_mut())
            .and_then(|held| held.remove(party));
        let Some(held) = held else {
            return Err(Error::Conflict(format!(
                "party '{party}' does not take part in round '{}', so it cannot be withdrawn",
                round.slug
            )));
        };
        changes.withdrawals += 1;
        changes.participant_edits.push(ParticipantEdit {
            round: round.slug.clone(),
            party: party.clone(),
            fields: vec![FieldEdit {
                field: "role",
                old: Some(held.role.as_str().to_owned()),
                new: None,
            }],
            withdrawn: true,
        });
        rows.push(held.row);
    }
    Ok(rows)
}

/// Plans one kind of claim at a round, against the view's holdings of it.
fn plan<K: ClaimKind>(
    round: &mut Round,
    view: &mut Option<RoundView>,
    cx: &RoundCx,
    changes: &mut Changes,
) -> Result<Vec<ClaimWrite<K>>> {
    debug_assert!(
        view.as_mut().is_none_or(|v| K::holdings(v).is_some()) || K::claims(round).is_empty(),
        "a view of a held round holds every part its claims need"
    );
    let holdings = view.as_mut().and_then(|v| K::holdings(v).as_mut());
    plan_claims::<K>(round, holdings, cx, changes)
}

/// A round's details as its columns hold them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoundColumns {
    pub title: String,
    pub start_date: Option<String>,
    pub end_date: Option<String>,
    pub location: Option<String>,
    pub format: Option<String>,
    pub level: Option<String>,
    pub state: String,
    pub tone: Option<String>,
    pub summary: Option<String>,
}

impl RoundColumns {
    /// A new round's details, as it gives them: it must have a title and a state, and
    /// dates that obey the rules. Validation asked a round it did not know for these;
    /// one it knew, which is gone now (another client removed it), arrives without.
    fn of_new(r: &Round) -> Result<Self> {
        let (Some(title), Some(state)) = (&r.title, r.state) else {
            return Err(Error::Conflict(format!(
                "round '{}' is not in the database, so it needs a title and a state",
                r.slug
            )));
        };
        check_round_dates(
            r.start_date.given().copied(),
            r.end_date.given().copied(),
            state,
        )
        .map_err(|p| Error::Conflict(format!("round '{}': {}: {}", r.slug, p.field, p.message)))?;
        let text = |u: &Update<String>| u.given().cloned();
        Ok(RoundColumns {
            title: title.clone(),
            start_date: r.start_date.given().map(PartialDate::to_string),
            end_date: r.end_date.given().map(PartialDate::to_string),
            location: text(&r.location),
            format: r.format.given().map(|f| f.as_str().to_owned()),
            level: r.level.given().map(|l| l.as_str().to_owned()),
            state: state.as_str().to_owned(),
            tone: text(&r.tone),
            summary: text(&r.summary),
        })
    }

    /// The details once `r` has updated them, and the fields that change; an error
    /// when the result breaks the rules of a round's dates.
    pub(super) fn updated_by(&self, r: &Round) -> Result<(RoundColumns, Vec<FieldEdit>)> {
        fn merged<T>(
            update: &Update<T>,
            held: &Option<String>,
            text: impl Fn(&T) -> String,
        ) -> Option<String> {
            match update {
                Update::Keep => held.clone(),
                Update::Set(value) => Some(text(value)),
                Update::Clear => None,
            }
        }
        let new = RoundColumns {
            title: r.title.clone().unwrap_or_else(|| self.title.clone()),
            start_date: merged(&r.start_date, &self.start_date, PartialDate::to_string),
            end_date: merged(&r.end_date, &self.end_date, PartialDate::to_string),
            location: merged(&r.location, &self.location, String::clone),
            format: merged(&r.format, &self.format, |f| f.as_str().to_owned()),
            level: merged(&r.level, &self.level, |l| l.as_str().to_owned()),
            state: r
                .state
                .map_or_else(|| self.state.clone(), |s| s.as_str().to_owned()),
            tone: merged(&r.tone, &self.tone, String::clone),
            summary: merged(&r.summary, &self.summary, String::clone),
        };
        new.check_dates(&r.slug)?;
        let pairs = [
            ("title", Some(&self.title), Some(&new.title)),
            ("date", self.start_date.as_ref(), new.start_date.as_ref()),
            ("end_date", self.end_date.as_ref(), new.end_date.as_ref()),
            ("location", self.location.as_ref(), new.location.as_ref()),
            ("format", self.format.as_ref(), new.format.as_ref()),
            ("level", self.level.as_ref(), new.level.as_ref()),
            ("state", Some(&self.state), Some(&new.state)),
            ("tone", self.tone.as_ref(), new.tone.as_ref()),
            ("summary", self.summary.as_ref(), new.summary.as_ref()),
        ];
        let edits = pairs
            .into_iter()
            .filter(|(_, old, new)| old != new)
            .map(|(field, old, new)| FieldEdit {
                field,
                old: old.cloned(),
                new: new.cloned(),
            })
            .collect();
        Ok((new, edits))
    }

    /// A round's dates obey the same rules however they were given: checked again
    /// here on the details as they will be, since a file may give some and the round
    /// hold the rest.
    fn check_dates(&self, slug: &str) -> Result<()> {
        let unreadable = |what: &str, value: &str| {
            Error::Unreadable(format!("a round '{slug}' with the {what} '{value}'"))
        };
        let date = |value: &Option<String>| {
            value
                .as_deref()
                .map(|d| d.parse::<PartialDate>().map_err(|_| unreadable("date", d)))
                .transpose()
        };
        let state: RoundState = self
            .state
            .parse()
            .map_err(|_| unreadable("state", &self.state))?;
        check_round_dates(date(&self.start_date)?, date(&self.end_date)?, state).map_err(|p| {
            Error::Conflict(format!(
                "round '{slug}': {}: {} (with the details the round holds)",
                p.field, p.message
            ))
        })
    }
}
