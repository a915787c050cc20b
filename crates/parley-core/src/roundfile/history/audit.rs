//! The audit trail of a history export read back: the carried write log, the
//! `retracted` tables that name its writes, and the edit-history tables' rows
//! carried under their entries, each checked at its place.

use toml::Spanned;

use super::read::RoundStampsCheck;
use crate::domain::history::*;
use crate::roundfile::format::*;

/// A round's or a claim's `retracted` table, if it has one.
type RetractedBlock = Option<Spanned<RetractedEntry>>;

impl RoundStampsCheck<'_> {
    /// The carried write log: each write as it was, its instants checked.
    pub(super) fn writes(&mut self, history: &HistoryEntry) -> Vec<WriteRecord> {
        let writes: Vec<WriteRecord> = history
            .writes
            .iter()
            .enumerate()
            .map(|(i, w)| {
                let at = format!("history.write[{}]", i + 1);
                let w = w.get_ref();
                WriteRecord {
                    recorded_at: self.instant(&w.recorded_at, &format!("{at}.recorded_at")),
                    clock_at: self.instant(&w.clock_at, &format!("{at}.clock_at")),
                    command: w.command.get_ref().clone(),
                    summary: w.summary.get_ref().clone(),
                }
            })
            .collect();
        self.writes = writes.len();
        writes
    }

    /// A `retracted` block: its instant, and the write it names, which must be one
    /// the file carries.
    pub(super) fn retracted(&mut self, entry: &RetractedBlock, path: &str) -> Option<Retracted> {
        let entry = entry.as_ref()?.get_ref();
        let at = format!("{path}.retracted");
        let recorded_at = self.instant(&entry.recorded_at, &format!("{at}.recorded_at"));
        let write = *entry.write.get_ref();
        if write < 1 || write as usize > self.writes {
            self.problem(
                entry.write.span(),
                format!("{at}.write"),
                format!(
                    "write {write} is not in the file: a retraction names the write that made it \
                     by its place among the {} [[history.write]] (from 1)",
                    self.writes
                ),
            );
        }
        if entry.reason.get_ref().is_empty() {
            self.problem(
                entry.reason.span(),
                format!("{at}.reason"),
                "a retraction gives its reason".into(),
            );
        }
        Some(Retracted {
            reason: entry.reason.get_ref().clone(),
            recorded_at,
            write: write.max(0) as usize,
        })
    }

    /// The retractions of a round's claims, by kind and place in the round's lists.
    pub(super) fn retractions(&mut self, r: &RoundEntry, path: &str) -> Vec<ClaimRetraction> {
        let mut retractions = Vec::new();
        let kinds: [(ClaimKind, &str, Vec<&RetractedBlock>); 5] = [
            (
                ClaimKind::Status,
                "status",
                r.statuses.iter().map(|c| &c.get_ref().retracted).collect(),
            ),
            (
                ClaimKind::Position,
                "position",
                r.positions.iter().map(|c| &c.get_ref().retracted).collect(),
            ),
            (
                ClaimKind::Commitment,
                "commitment",
                r.commitments
                    .iter()
                    .map(|c| &c.get_ref().retracted)
                    .collect(),
            ),
            (
                ClaimKind::Quote,
                "quote",
                r.quotes.iter().map(|c| &c.get_ref().retracted).collect(),
            ),
            (
                ClaimKind::Note,
                "note",
                r.notes.iter().map(|c| &c.get_ref().retracted).collect(),
            ),
        ];
        for (kind, key, blocks) in kinds {
            for (index, block) in blocks.into_iter().enumerate() {
                if let Some(retracted) =
                    self.retracted(block, &format!("{path}.{key}[{}]", index + 1))
                {
                    retractions.push(ClaimRetraction {
                        kind,
                        index,
                        retracted,
                    });
                }
            }
        }
        retractions
    }

    /// The rows of an edit-history table carried under each entry of one kind (a
    /// source's versions, a party's removed aliases, …), their instants checked.
    pub(super) fn versions<E, V: Clone + Instants>(
        &mut self,
        entries: &[Spanned<E>],
        kind: &str,
        key: &str,
        list: impl Fn(&E) -> &Vec<Spanned<V>>,
    ) -> Vec<Vec<V>> {
        entries
            .iter()
            .enumerate()
            .map(|(i, entry)| self.rows(list(entry.get_ref()), &format!("{kind}[{}].{key}", i + 1)))
            .collect()
    }

    /// Edit-history rows as the file gives them, each instant checked at the row.
    pub(super) fn rows<V: Clone + Instants>(&mut self, list: &[Spanned<V>], path: &str) -> Vec<V> {
        list.iter()
            .enumerate()
            .map(|(j, row)| {
                for (field, text) in row.get_ref().instants() {
                    if chrono::DateTime::parse_from_rfc3339(text).is_err()
                        || crate::domain::Instant::parse(text).is_err()
                    {
                        self.problem(
                            row.span(),
                            format!("{path}[{}].{field}", j + 1),
                            format!(
                                "'{text}' is not an instant; expected RFC 3339 such as 2025-11-23T18:00:00.000Z"
                            ),
                        );
                    }
                }
                row.get_ref().clone()
            })
            .collect()
    }
}

/// The instants an edit-history row holds, by field, for checking.
pub(super) trait Instants {
    fn instants(&self) -> [(&'static str, &str); 2];
}

impl Instants for SourceVersion {
    fn instants(&self) -> [(&'static str, &str); 2] {
        [
            ("recorded_at", &self.recorded_at),
            ("replaced_at", &self.replaced_at),
        ]
    }
}

impl Instants for PartyVersion {
    fn instants(&self) -> [(&'static str, &str); 2] {
        [
            ("recorded_at", &self.recorded_at),
            ("replaced_at", &self.replaced_at),
        ]
    }
}

impl Instants for RemovedAlias {
    fn instants(&self) -> [(&'static str, &str); 2] {
        [
            ("recorded_at", &self.recorded_at),
            ("removed_at", &self.removed_at),
        ]
    }
}

impl Instants for ItemVersion {
    fn instants(&self) -> [(&'static str, &str); 2] {
        [
            ("recorded_at", &self.recorded_at),
            ("replaced_at", &self.replaced_at),
        ]
    }
}

impl Instants for ParticipantVersion {
    fn instants(&self) -> [(&'static str, &str); 2] {
        [
            ("recorded_at", &self.recorded_at),
            ("replaced_at", &self.replaced_at),
        ]
    }
}
