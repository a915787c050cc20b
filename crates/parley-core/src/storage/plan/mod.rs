//! Deciding what an import changes, apart from writing it. Given a checked
//! [`Dossier`] and what the database holds of the records it names, the planner says
//! what to write: the declarations to insert or update, the rounds new to the
//! database, and for each round it holds, the details that change, the claims that
//! are new, the corrections and what each supersedes, the rows amended in place, and
//! the citations added; it counts all of it as the [`Changes`] an import reports.
//!
//! Nothing here knows SQL. A backend reads what the planner asks for and applies its
//! plans through the [`Store`] trait (`storage/import/` is SQLite's); a dry run is
//! the same planning over [`DryRun`], which applies plans to its own views of the
//! rounds instead of the database. Names are slugs throughout; the only row ids here
//! are those of rows the database holds, which corrections and amendments name.
//!
//! Every kind of claim takes one path ([`claims`]): what differs per kind (its key,
//! how a changed claim is recorded, what it counts) is the small [`ClaimKind`]
//! implementation in [`kinds`].
//!
//! A write to a retracted round, or one that would correct a retracted claim, is
//! refused here ([`Refusal`]): each round and held claim is read with its retraction.

mod changes;
mod claims;
mod declarations;
mod dry_run;
mod kinds;
mod refusal;
mod round;
mod run;

pub use changes::{
    Changes, Correction, FateChange, FieldEdit, ParticipantEdit, RecordEdit, RoundEdit,
};
pub use claims::{Action, Change, Citing, ClaimKind, ClaimWrite, Decision, Holdings, RoundCx};
pub use declarations::{DeclarationPlan, HeldDeclarations, Wanted, Write};
pub use dry_run::DryRun;
pub use kinds::{
    CommitmentWrite, Commitments, HeldClaim, HeldCommitment, HeldFate, HeldParticipant, Notes,
    Participants, Positions, Quotes, Statuses,
};
pub use refusal::{ClaimPlace, Refusal, RetractedPart, Retraction};
pub use round::{Parts, RoundColumns, RoundPlan, RoundView, Target};
pub use run::{Piece, PlanOptions, Store, run};

/// A row a plan names: one the database holds, by its id, or one this import has
/// planned but not written. Only a dry run, which writes nothing, meets the second:
/// a backend that writes reads every round it has written again before planning it
/// once more.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Row {
    Held(i64),
    Planned,
}
