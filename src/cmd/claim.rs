//! What every command that logs a claim by flags shares: the process, round and
//! sources it names, the round it writes (named by its slug alone, with the one
//! claim), and how it says what it cited. The claim takes the import's path, as a
//! round file's would.

use crate::domain::model::{Citation, Dossier, ProcessRef, Round, RoundRef, Update};
use crate::error::{Error, Result};
use crate::storage::Changes;
use crate::storage::prelude::*;

/// Where a claim logged by flags goes.
pub(crate) struct ClaimAt {
    pub process: ProcessRef,
    pub round: RoundRef,
    /// The sources given with `--source`; none: a new claim cites the round's.
    pub given: Vec<Citation>,
}

impl ClaimAt {
    /// The round named by `round` (`--round`) and the sources named by `sources`.
    pub async fn resolve(
        db: &impl Storage,
        process: ProcessRef,
        round: &str,
        sources: &[String],
    ) -> Result<Self> {
        let given = super::sources_flag(db, sources).await?;
        let round = db.resolve_round(process.id, round, "--round").await?;
        Ok(ClaimAt {
            process,
            round,
            given,
        })
    }

    /// The claim's sources for the writer: those given, or none given, which a new
    /// claim fills with the round's (and a correction with those in force).
    pub fn sources(&self) -> Update<Vec<Citation>> {
        Update::if_given((!self.given.is_empty()).then(|| self.given.clone()))
    }

    /// The round by its slug alone, with the claim `add` puts in it: the writer reads
    /// the round, and what it holds, once it holds the write lock.
    fn dossier(&self, add: impl FnOnce(&mut Round)) -> Dossier {
        let mut round = Round::named(&self.process.slug, &self.round.slug);
        add(&mut round);
        Dossier {
            rounds: vec![round],
            ..Dossier::default()
        }
    }

    /// Writes the claim.
    pub async fn write(
        &self,
        db: &impl Storage,
        command: &str,
        add: impl FnOnce(&mut Round),
    ) -> Result<Changes> {
        super::write(db, command, self.dossier(add))
            .await
            .map_err(at_flag)
    }

    /// Writes a claim that must be new (a commitment); `exists` words the error when
    /// the round holds one of its key once the write lock is held.
    pub async fn write_new(
        &self,
        db: &impl Storage,
        command: &str,
        exists: impl FnOnce(&str) -> Error,
        add: impl FnOnce(&mut Round),
    ) -> Result<Changes> {
        super::write_new(db, command, self.dossier(add), exists)
            .await
            .map_err(at_flag)
    }

    /// `; citing ap-2025-12-02`, `; citing the round's 2 sources`: what a new claim
    /// that wrote `citations` cites.
    pub fn citing(&self, citations: u64) -> String {
        let names: Vec<&str> = self.given.iter().map(|c| c.source.as_str()).collect();
        match (names.as_slice(), citations) {
            ([], 0) => "; citing no source (the round has none; give --source)".into(),
            ([], 1) => "; citing the round's source".into(),
            ([], n) => format!("; citing the round's {n} sources"),
            (names, _) => format!("; citing {}", names.join(", ")),
        }
    }
}

/// A claim the writer refused because of a retraction (found once the write lock was
/// held: the command's own check came before it), named by its flag.
fn at_flag(error: Error) -> Error {
    match error {
        Error::Retracted(refusal) => Error::invalid_argument(
            refusal.flag(),
            format!("{}; nothing was written", refusal.message()),
        ),
        e => e,
    }
}
