//! Row ids for what a history export names, and each record's rows: one arm per kind
//! of record in [`Rows::round`].

use std::collections::HashMap;

use sqlx::SqliteConnection;

use super::batch::*;
use crate::domain::history::*;
use crate::domain::model::{Citation, Dossier, Round};
use crate::error::{Error, Result};
use crate::storage::Changes;
use crate::storage::import::staged::{Cited, insert_rows};

/// The process's row id: the database holds no other.
pub(super) const PROCESS_ID: i64 = 1;

/// Row ids by slug, given in the order of the file.
pub(super) struct Rows {
    parties: HashMap<String, i64>,
    /// Each person's row id and name (a person's quote holds the name).
    persons: HashMap<String, (i64, String)>,
    outlets: HashMap<String, i64>,
    sources: HashMap<String, i64>,
    items: HashMap<String, i64>,
    rounds: HashMap<String, i64>,
    next_status: i64,
    next_position: i64,
    next_commitment: i64,
    next_quote: i64,
    next_note: i64,
    next_participant: i64,
    /// Ids for withdrawn participations' history rows: after every participant's.
    next_withdrawn: i64,
    /// The retractions of the rounds and claims written so far, written once every
    /// claim is (a retracted round takes no more claims).
    pub(super) retractions: Vec<RetractionRow>,
}

fn numbered<'a>(slugs: impl Iterator<Item = &'a String>) -> HashMap<String, i64> {
    slugs.cloned().zip(1..).collect()
}

impl Rows {
    pub(super) fn new(dossier: &Dossier) -> Self {
        Rows {
            parties: numbered(dossier.parties.iter().map(|p| &p.slug)),
            persons: dossier
                .persons
                .iter()
                .zip(1..)
                .map(|(p, id)| (p.slug.clone(), (id, p.name.clone())))
                .collect(),
            outlets: numbered(dossier.outlets.iter().map(|o| &o.slug)),
            sources: numbered(dossier.sources.iter().map(|s| &s.slug)),
            items: numbered(dossier.items.iter().map(|i| &i.slug)),
            rounds: numbered(dossier.rounds.iter().map(|r| &r.slug)),
            next_status: 1,
            next_position: 1,
            next_commitment: 1,
            next_quote: 1,
            next_note: 1,
            next_participant: 1,
            next_withdrawn: 1 + dossier
                .rounds
                .iter()
                .map(|r| r.participants.len() as i64)
                .sum::<i64>(),
            retractions: Vec::new(),
        }
    }

    fn id(map: &HashMap<String, i64>, kind: &str, slug: &str) -> Result<i64> {
        map.get(slug).copied().ok_or_else(|| {
            Error::Conflict(format!(
                "the history export names an unknown {kind} '{slug}'"
            ))
        })
    }

    fn party(&self, slug: &str) -> Result<i64> {
        Self::id(&self.parties, "party", slug)
    }

    fn person(&self, slug: &str) -> Result<&(i64, String)> {
        self.persons.get(slug).ok_or_else(|| {
            Error::Conflict(format!(
                "the history export names an unknown person '{slug}'"
            ))
        })
    }

    pub(super) fn item(&self, slug: &str) -> Result<i64> {
        Self::id(&self.items, "item", slug)
    }

    /// The process, parties, persons and outlets with their aliases, sources and items.
    pub(super) async fn declarations(
        &mut self,
        conn: &mut SqliteConnection,
        dossier: &Dossier,
        stamps: &Stamps,
    ) -> Result<Changes> {
        let process = &dossier.processes[0];
        sqlx::query!(
            "INSERT INTO process (process_id, slug, name, description, recorded_at) VALUES (?1, ?2, ?3, ?4, ?5)",
            PROCESS_ID,
            process.slug,
            process.name,
            process.description,
            stamps.process
        )
        .execute(&mut *conn)
        .await?;
        let parties: Vec<_> = dossier
            .parties
            .iter()
            .zip(&stamps.parties)
            .zip(1..)
            .collect();
        insert_rows(
            conn,
            "INSERT INTO party (party_id, slug, name, short_code, kind, recorded_at) ",
            6,
            &parties,
            |b, ((p, st), id)| {
                b.push_bind(*id)
                    .push_bind(p.slug.clone())
                    .push_bind(p.name.clone())
                    .push_bind(p.short_code.clone())
                    .push_bind(p.kind.as_str())
                    .push_bind(st.recorded_at.clone());
            },
        )
        .await?;
        let party_aliases: Vec<(i64, &String, &String)> = parties
            .iter()
            .flat_map(|((p, st), id)| {
                p.aliases
                    .iter()
                    .zip(&st.aliases)
                    .map(|(a, at)| (*id, a, at))
            })
            .collect();
        let aliases_count = party_aliases.len() as i64;
        insert_rows(
            conn,
            "INSERT INTO party_alias (party_id, alias, recorded_at) ",
            3,
            &party_aliases,
            |b, (id, alias, at)| {
                b.push_bind(*id)
                    .push_bind((*alias).clone())
                    .push_bind((*at).clone());
            },
        )
        .await?;
        let mut persons = Vec::with_capacity(dossier.persons.len());
        for ((p, st), id) in dossier.persons.iter().zip(&stamps.persons).zip(1..) {
            persons.push((id, self.party(&p.party)?, p, st));
        }
        insert_rows(
            conn,
            "INSERT INTO person (person_id, slug, name, party_id, role, recorded_at) ",
            6,
            &persons,
            |b, (id, party, p, st)| {
                b.push_bind(*id)
                    .push_bind(p.slug.clone())
                    .push_bind(p.name.clone())
                    .push_bind(*party)
                    .push_bind(p.role.clone())
                    .push_bind(st.recorded_at.clone());
            },
        )
        .await?;
        let aliases: Vec<(i64, &String, &String)> = persons
            .iter()
            .flat_map(|(id, _, p, st)| {
                p.aliases
                    .iter()
                    .zip(&st.aliases)
                    .map(|(a, at)| (*id, a, at))
            })
            .collect();
        insert_rows(
            conn,
            "INSERT INTO person_alias (person_id, alias, recorded_at) ",
            3,
            &aliases,
            |b, (id, alias, at)| {
                b.push_bind(*id)
                    .push_bind((*alias).clone())
                    .push_bind((*at).clone());
            },
        )
        .await?;
        let outlets: Vec<_> = dossier
            .outlets
            .iter()
            .zip(&stamps.outlets)
            .zip(1..)
            .collect();
        insert_rows(
            conn,
            "INSERT INTO outlet (outlet_id, slug, name, recorded_at) ",
            4,
            &outlets,
            |b, ((o, st), id)| {
                b.push_bind(*id)
                    .push_bind(o.slug.clone())
                    .push_bind(o.name.clone())
                    .push_bind(st.recorded_at.clone());
            },
        )
        .await?;
        let aliases: Vec<(i64, &String, &String)> = outlets
            .iter()
            .flat_map(|((o, st), id)| {
                o.aliases
                    .iter()
                    .zip(&st.aliases)
                    .map(|(a, at)| (*id, a, at))
            })
            .collect();
        insert_rows(
            conn,
            "INSERT INTO outlet_alias (outlet_id, alias, recorded_at) ",
            3,
            &aliases,
            |b, (id, alias, at)| {
                b.push_bind(*id)
                    .push_bind((*alias).clone())
                    .push_bind((*at).clone());
            },
        )
        .await?;
        let mut sources = Vec::with_capacity(dossier.sources.len());
        for ((s, at), id) in dossier.sources.iter().zip(&stamps.sources).zip(1..) {
            sources.push((
                id,
                Self::id(&self.outlets, "outlet", &s.outlet_slug)?,
                s,
                at,
            ));
        }
        insert_rows(
            conn,
            "INSERT INTO source (source_id, slug, outlet, outlet_id, obtained_via, title, url, \
             published_on, reliability, recorded_at) ",
            10,
            &sources,
            |b, (id, outlet, s, at)| {
                b.push_bind(*id)
                    .push_bind(s.slug.clone())
                    .push_bind(s.outlet.clone())
                    .push_bind(*outlet)
                    .push_bind(s.obtained_via.clone())
                    .push_bind(s.title.clone())
                    .push_bind(s.url.clone())
                    .push_bind(s.published_on.map(|d| d.to_string()))
                    .push_bind(s.reliability.map(|r| r.as_str()))
                    .push_bind((*at).clone());
            },
        )
        .await?;
        let mut items = Vec::with_capacity(dossier.items.len());
        for ((item, at), id) in dossier.items.iter().zip(&stamps.items).zip(1..) {
            let parent = item.parent.as_deref().map(|p| self.item(p)).transpose()?;
            items.push((id, parent, item, at));
        }
        insert_rows(
            conn,
            "INSERT INTO agenda_item (agenda_item_id, process_id, parent_agenda_item_id, slug, title, description, recorded_at) ",
            7,
            &items,
            |b, (id, parent, item, at)| {
                b.push_bind(*id)
                    .push_bind(PROCESS_ID)
                    .push_bind(*parent)
                    .push_bind(item.slug.clone())
                    .push_bind(item.title.clone())
                    .push_bind(item.description.clone())
                    .push_bind((*at).clone());
            },
        )
        .await?;
        super::edits::write(self, conn, aliases_count, stamps).await?;
        Ok(Changes {
            processes: 1,
            parties: dossier.parties.len() as u64,
            persons: dossier.persons.len() as u64,
            outlets: dossier.outlets.len() as u64,
            sources: dossier.sources.len() as u64,
            items: dossier.items.len() as u64,
            ..Changes::default()
        })
    }

    fn cite(
        &self,
        batch: &mut Batch<'_>,
        cited: Cited,
        claim: i64,
        list: &[Citation],
    ) -> Result<u64> {
        for c in list {
            let source = Self::id(&self.sources, "source", &c.source)?;
            batch.citations[cited as usize].push((source, c.credibility.map(|g| g.grade()), claim));
        }
        Ok(list.len() as u64)
    }

    /// A round's rows, with its claims' and their history's.
    pub(super) fn round<'d>(
        &mut self,
        batch: &mut Batch<'d>,
        r: &'d Round,
        stamps: &'d RoundStamps,
        changes: &mut Changes,
    ) -> Result<()> {
        let round_id = Self::id(&self.rounds, "round", &r.slug)?;
        batch.rounds.push((round_id, r, &stamps.recorded_at));
        // The row ids of the claims in force, by kind, in the order of the round's lists.
        let mut claim_ids: [Vec<i64>; 5] = Default::default();
        changes.rounds += 1;
        changes.citations += self.cite(batch, Cited::Round, round_id, &r.sources)?;
        batch
            .versions
            .extend(stamps.versions.iter().map(|v| (round_id, v)));

        let mut live = HashMap::new();
        for (p, at) in r.participants.iter().zip(&stamps.participants) {
            let id = take(&mut self.next_participant);
            live.insert(p.party.as_str(), id);
            batch.participants.push(ParticipantRow {
                id,
                round_id,
                party_id: self.party(&p.party)?,
                lead_person_id: p
                    .lead
                    .as_deref()
                    .map(|l| self.person(l).map(|(id, _)| *id))
                    .transpose()?,
                role: p.role.as_str(),
                note: p.note.given().cloned(),
                recorded_at: at.clone(),
            });
            changes.participants += 1;
        }

        // A party's history rows at the round, walked back: those after its last
        // withdrawal are its participant's in force; each run ending in a withdrawal
        // is a participation that is gone, under an id of its own.
        let mut current: HashMap<&str, i64> = HashMap::new();
        let mut versions = Vec::with_capacity(stamps.participant_versions.len());
        for v in stamps.participant_versions.iter().rev() {
            let party = v.party.as_str();
            let id = match (v.withdrawn, current.get(party), live.get(party)) {
                (false, Some(id), _) => *id,
                (false, None, Some(id)) => *id,
                _ => take(&mut self.next_withdrawn),
            };
            current.insert(party, id);
            versions.push((id, round_id, self.party(party)?, v));
        }
        versions.reverse();
        batch.participant_versions.extend(versions);

        for (claim, stamp) in r.statuses.iter().zip(&stamps.statuses) {
            let item = self.item(&claim.item)?;
            let mut supersedes = None;
            let in_force = StatusVersion {
                status: claim.status,
                note: claim.note.given().cloned(),
                confidence: claim.confidence.given().copied(),
                sources: claim.sources.given().cloned().unwrap_or_default(),
                recorded_at: stamp.recorded_at.clone(),
            };
            for version in stamp.superseded.iter().chain([&in_force]) {
                let id = take(&mut self.next_status);
                batch.statuses.push(ClaimRow {
                    id,
                    round_id,
                    supersedes,
                    note: version.note.clone(),
                    recorded_at: version.recorded_at.clone(),
                    fields: StatusFields {
                        item_id: item,
                        status: version.status.as_str(),
                        confidence: version.confidence.map(|g| g.grade()),
                    },
                });
                changes.citations += self.cite(batch, Cited::StatusRecord, id, &version.sources)?;
                supersedes = Some(id);
            }
            claim_ids[0].extend(supersedes);
            changes.statuses += 1;
            changes.status_corrections += stamp.superseded.len() as u64;
        }

        for (claim, stamp) in r.positions.iter().zip(&stamps.positions) {
            let (party, item) = (self.party(&claim.party)?, self.item(&claim.item)?);
            let mut supersedes = None;
            let in_force = PositionVersion {
                stance: claim.stance,
                note: claim.note.given().cloned(),
                sources: claim.sources.given().cloned().unwrap_or_default(),
                recorded_at: stamp.recorded_at.clone(),
            };
            for version in stamp.superseded.iter().chain([&in_force]) {
                let id = take(&mut self.next_position);
                batch.positions.push(ClaimRow {
                    id,
                    round_id,
                    supersedes,
                    note: version.note.clone(),
                    recorded_at: version.recorded_at.clone(),
                    fields: PositionFields {
                        party_id: party,
                        item_id: item,
                        stance: version.stance.as_str(),
                    },
                });
                changes.citations += self.cite(batch, Cited::Position, id, &version.sources)?;
                supersedes = Some(id);
            }
            claim_ids[1].extend(supersedes);
            changes.positions += 1;
            changes.position_corrections += stamp.superseded.len() as u64;
        }

        for (c, stamp) in r.commitments.iter().zip(&stamps.commitments) {
            let id = take(&mut self.next_commitment);
            claim_ids[2].push(id);
            batch.commitments.push(CommitmentRow {
                id,
                round_id,
                item_id: c.item.given().map(|i| self.item(i)).transpose()?,
                slug: c.slug.clone(),
                kind: c.kind.map_or("statement", |k| k.as_str()),
                description: c.description.clone().unwrap_or_default(),
                due_date: c.due_date.given().map(|d| d.to_string()),
                recorded_at: stamp.recorded_at.clone(),
            });
            for party in &c.parties {
                batch.commitment_parties.push((id, self.party(party)?));
            }
            for f in &stamp.fates {
                let round = f
                    .round
                    .as_deref()
                    .map(|slug| Self::id(&self.rounds, "round", slug))
                    .transpose()?;
                batch.fates.push(FateRow {
                    commitment_id: id,
                    round_id: round,
                    fate: f.fate.as_str(),
                    note: f.note.clone(),
                    recorded_at: f.recorded_at.clone(),
                });
            }
            changes.commitments += 1;
            changes.commitment_fates += stamp.fates.len() as u64;
            let sources = c.sources.given().map_or(&[][..], Vec::as_slice);
            changes.citations += self.cite(batch, Cited::Commitment, id, sources)?;
        }

        for (q, at) in r.quotes.iter().zip(&stamps.quotes) {
            let id = take(&mut self.next_quote);
            claim_ids[3].push(id);
            // A person's quote holds their name, as the plain import writes it.
            let speaker = q.speaker.as_deref().map(|p| self.person(p)).transpose()?;
            batch.quotes.push(QuoteRow {
                id,
                round_id,
                party_id: q.party.as_deref().map(|p| self.party(p)).transpose()?,
                item_id: q.item.as_deref().map(|i| self.item(i)).transpose()?,
                speaker_person_id: speaker.map(|(id, _)| *id),
                speaker_name: speaker
                    .map(|(_, name)| name.clone())
                    .or_else(|| q.speaker_name.clone()),
                speaker_description: q.speaker_description.clone(),
                text: q.text.clone(),
                recorded_at: at.clone(),
            });
            changes.quotes += 1;
            let sources = q.sources.given().map_or(&[][..], Vec::as_slice);
            changes.citations += self.cite(batch, Cited::Quote, id, sources)?;
        }

        for (n, at) in r.notes.iter().zip(&stamps.notes) {
            let id = take(&mut self.next_note);
            claim_ids[4].push(id);
            batch.notes.push(NoteRow {
                id,
                round_id,
                kind: n.kind.as_str(),
                body: n.body.clone(),
                recorded_at: at.clone(),
            });
            for person in &n.persons {
                batch.note_persons.push((id, self.person(person)?.0));
            }
            changes.notes += 1;
            let sources = n.sources.given().map_or(&[][..], Vec::as_slice);
            changes.citations += self.cite(batch, Cited::RoundNote, id, sources)?;
        }

        if let Some(retracted) = &stamps.retracted {
            self.retractions
                .push(RetractionRow::new(Retracts::Round, round_id, retracted));
        }
        for c in &stamps.retractions {
            let (retracts, ids) = match c.kind {
                ClaimKind::Status => (Retracts::StatusRecord, &claim_ids[0]),
                ClaimKind::Position => (Retracts::Position, &claim_ids[1]),
                ClaimKind::Commitment => (Retracts::Commitment, &claim_ids[2]),
                ClaimKind::Quote => (Retracts::Quote, &claim_ids[3]),
                ClaimKind::Note => (Retracts::RoundNote, &claim_ids[4]),
            };
            let id = *ids.get(c.index).ok_or_else(|| {
                Error::Conflict(format!(
                    "round '{}': a retraction names claim {} of a kind the round has {} of",
                    r.slug,
                    c.index + 1,
                    ids.len()
                ))
            })?;
            self.retractions
                .push(RetractionRow::new(retracts, id, &c.retracted));
        }
        Ok(())
    }
}

fn take(next: &mut i64) -> i64 {
    let id = *next;
    *next += 1;
    id
}
