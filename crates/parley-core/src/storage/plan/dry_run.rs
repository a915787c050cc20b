//! A dry run: the import planned in full against what the database holds, and
//! nothing written. Each plan is applied to the planner's own view of its round
//! instead, so that a round the import names again (in a later file, or a later
//! piece) is compared with what the import would have made of it, exactly as a real
//! import compares it with what it wrote.

use std::collections::HashMap;

use super::declarations::{DeclarationPlan, HeldDeclarations, Wanted};
use super::round::{Parts, RoundPlan, RoundView};
use super::run::Store;
use crate::error::Result;

/// A store that reads through `inner` and applies nothing.
pub struct DryRun<S> {
    inner: S,
    /// The rounds plans were made for, as the plans leave them.
    views: HashMap<(String, String), RoundView>,
}

impl<S> DryRun<S> {
    pub fn new(inner: S) -> Self {
        DryRun {
            inner,
            views: HashMap::new(),
        }
    }
}

impl<S: Store> Store for DryRun<S> {
    async fn declarations(&mut self, wanted: &Wanted) -> Result<HeldDeclarations> {
        // The planner remembers every declaration it planned: it asks only of others.
        self.inner.declarations(wanted).await
    }

    async fn held_rounds(&mut self, wanted: &[(String, String)]) -> Result<Vec<(String, String)>> {
        self.inner.held_rounds(wanted).await
    }

    async fn round_view(&mut self, process: &str, slug: &str, parts: Parts) -> Result<RoundView> {
        let key = (process.to_owned(), slug.to_owned());
        match self.views.remove(&key) {
            // A round new in this import holds every part: only a held round's view
            // can lack one, which the database then holds as it was.
            Some(mut view) => {
                let missing = view.missing(parts);
                if !missing.is_empty() {
                    let read = self.inner.round_view(process, slug, missing).await?;
                    view.fill(read);
                }
                Ok(view)
            }
            None => self.inner.round_view(process, slug, parts).await,
        }
    }

    fn keeps_views(&self) -> bool {
        true
    }

    async fn apply_declarations(&mut self, _: DeclarationPlan) -> Result<()> {
        Ok(())
    }

    async fn apply_round(&mut self, plan: RoundPlan, view: Option<RoundView>) -> Result<bool> {
        if let Some(view) = view {
            let key = (plan.round.process, plan.round.slug);
            self.views.insert(key, view);
        }
        Ok(false)
    }

    async fn piece_done(&mut self) -> Result<()> {
        Ok(())
    }

    async fn finish(&mut self) -> Result<()> {
        Ok(())
    }
}
