//! What the plain export leaves out and a history export carries: retracted claims
//! and retracted rounds (which are in neither `status_in_force` nor `round_order`,
//! the tables the plain export reads by), each with its `retracted` block, and the
//! write log those blocks name. Retractions are few, so each kind is read for the
//! whole process at once, by the retractions that name it, and handed to its round:
//! a retracted claim of a round in force joins that round's entry
//! ([`LeftOut::add_to`]); a retracted round, with every claim it holds, is written
//! after the rounds in force ([`LeftOut::rounds`]).

use std::collections::HashMap;

use sqlx::SqliteConnection;

use crate::domain::history::*;
use crate::domain::model::*;
use crate::domain::{Credibility, PartialDate};
use crate::error::{Error, Result};
use crate::storage::unreadable::{known, known_opt};

/// The write log in order, and each row's place in it (from 1), by row id.
pub(super) async fn write_log(
    conn: &mut SqliteConnection,
) -> Result<(Vec<WriteRecord>, HashMap<i64, usize>)> {
    let rows = sqlx::query!(
        r#"SELECT write_log_id AS "id!", recorded_at, clock_at, command, summary
           FROM write_log ORDER BY write_log_id"#
    )
    .fetch_all(&mut *conn)
    .await?;
    let places = rows.iter().zip(1..).map(|(r, at)| (r.id, at)).collect();
    let writes = rows
        .into_iter()
        .map(|r| WriteRecord {
            recorded_at: r.recorded_at,
            clock_at: r.clock_at,
            command: r.command,
            summary: r.summary,
        })
        .collect();
    Ok((writes, places))
}

/// A claim the plain export leaves out, with its stamps and its own retraction.
enum Claim {
    Status(StatusClaim, ClaimStamps<StatusVersion>),
    Position(PositionClaim, ClaimStamps<PositionVersion>),
    Commitment(Commitment, CommitmentStamps),
    Quote(Quote, Recorded),
    Note(RoundNote, Recorded),
}

/// The retracted claims and rounds of a process, read once.
pub(super) struct LeftOut {
    /// By round id, in the order read (by kind, then row id).
    claims: HashMap<i64, Vec<(Claim, Option<Retracted>)>>,
    /// The retracted rounds, by row id, without their claims yet.
    rounds: Vec<(i64, Round, RoundStamps)>,
}

/// A retraction's columns as read beside what it retracts.
fn retracted(
    places: &HashMap<i64, usize>,
    reason: Option<String>,
    recorded_at: Option<String>,
    write_log_id: Option<i64>,
) -> Result<Option<Retracted>> {
    let (Some(reason), Some(recorded_at), Some(id)) = (reason, recorded_at, write_log_id) else {
        return Ok(None);
    };
    let write = *places.get(&id).ok_or_else(|| {
        Error::Unreadable(format!(
            "a retraction names write {id}, which the log lacks"
        ))
    })?;
    Ok(Some(Retracted {
        reason,
        recorded_at,
        write,
    }))
}

fn credibility(grade: Option<i64>) -> Result<Option<Credibility>> {
    grade
        .map(|g| Credibility::new(g).map_err(Error::Unreadable))
        .transpose()
}

fn date(value: Option<String>) -> Result<Update<PartialDate>> {
    let date = value
        .map(|d| {
            d.parse()
                .map_err(|_| Error::Unreadable(format!("an unknown date '{d}'")))
        })
        .transpose()?;
    Ok(Update::whole(date))
}

/// Row ids as a JSON array, for `json_each`.
fn ids(list: &[i64]) -> String {
    serde_json::to_string(list).expect("ids serialise")
}

/// Citations by the kind of row cited and its id.
#[derive(Default)]
struct Cited(HashMap<(&'static str, i64), Vec<Citation>>);

impl Cited {
    fn of(&mut self, kind: &'static str, id: i64) -> Vec<Citation> {
        self.0.remove(&(kind, id)).unwrap_or_default()
    }
}

impl LeftOut {
    /// Reads every retracted round and claim of the process, and the claims of the
    /// retracted rounds, with their history.
    pub(super) async fn read(
        conn: &mut SqliteConnection,
        process_id: i64,
        process_slug: &str,
        places: &HashMap<i64, usize>,
    ) -> Result<Self> {
        let statuses = sqlx::query!(
            r#"SELECT sr.status_record_id AS "id!", sr.round_id, i.slug AS item, sr.status, sr.note,
                      sr.confidence, sr.recorded_at,
                      x.reason AS "reason?", x.recorded_at AS "retracted_at?", x.write_log_id AS "write?"
               FROM status_record sr JOIN round r ON r.round_id = sr.round_id
               JOIN agenda_item i ON i.agenda_item_id = sr.agenda_item_id
               LEFT JOIN retraction x ON x.status_record_id = sr.status_record_id
               WHERE r.process_id = ?1
                 AND (sr.round_id IN (SELECT round_id FROM retraction WHERE round_id IS NOT NULL)
                      OR (sr.round_id, sr.agenda_item_id) IN
                         (SELECT h.round_id, h.agenda_item_id FROM retraction y
                          JOIN status_record h ON h.status_record_id = y.status_record_id))
               ORDER BY sr.status_record_id"#,
            process_id
        )
        .fetch_all(&mut *conn)
        .await?;
        let positions = sqlx::query!(
            r#"SELECT p.position_id AS "id!", p.round_id, pa.slug AS party, i.slug AS item, p.stance,
                      p.note, p.recorded_at,
                      x.reason AS "reason?", x.recorded_at AS "retracted_at?", x.write_log_id AS "write?"
               FROM position p JOIN round r ON r.round_id = p.round_id
               JOIN agenda_item i ON i.agenda_item_id = p.agenda_item_id
               JOIN party pa ON pa.party_id = p.party_id
               LEFT JOIN retraction x ON x.position_id = p.position_id
               WHERE r.process_id = ?1
                 AND (p.round_id IN (SELECT round_id FROM retraction WHERE round_id IS NOT NULL)
                      OR (p.round_id, p.party_id, p.agenda_item_id) IN
                         (SELECT h.round_id, h.party_id, h.agenda_item_id FROM retraction y
                          JOIN position h ON h.position_id = y.position_id))
               ORDER BY p.position_id"#,
            process_id
        )
        .fetch_all(&mut *conn)
        .await?;
        let commitments = sqlx::query!(
            r#"SELECT c.commitment_id AS "id!", c.round_id, c.slug, i.slug AS "item?", c.kind,
                      c.description, c.due_date, c.recorded_at,
                      x.reason AS "reason?", x.recorded_at AS "retracted_at?", x.write_log_id AS "write?"
               FROM commitment c JOIN round r ON r.round_id = c.round_id
               LEFT JOIN agenda_item i ON i.agenda_item_id = c.agenda_item_id
               LEFT JOIN retraction x ON x.commitment_id = c.commitment_id
               WHERE r.process_id = ?1
                 AND (c.round_id IN (SELECT round_id FROM retraction WHERE round_id IS NOT NULL)
                      OR x.retraction_id IS NOT NULL)
               ORDER BY c.commitment_id"#,
            process_id
        )
        .fetch_all(&mut *conn)
        .await?;
        let quotes = sqlx::query!(
            r#"SELECT q.quote_id AS "id!", q.round_id, pe.slug AS "speaker?", q.speaker_name,
                      q.speaker_description, pa.slug AS "party?", i.slug AS "item?", q.text, q.recorded_at,
                      x.reason AS "reason?", x.recorded_at AS "retracted_at?", x.write_log_id AS "write?"
               FROM quote q JOIN round r ON r.round_id = q.round_id
               LEFT JOIN person pe ON pe.person_id = q.speaker_person_id
               LEFT JOIN party pa ON pa.party_id = q.party_id
               LEFT JOIN agenda_item i ON i.agenda_item_id = q.agenda_item_id
               LEFT JOIN retraction x ON x.quote_id = q.quote_id
               WHERE r.process_id = ?1
                 AND (q.round_id IN (SELECT round_id FROM retraction WHERE round_id IS NOT NULL)
                      OR x.retraction_id IS NOT NULL)
               ORDER BY q.quote_id"#,
            process_id
        )
        .fetch_all(&mut *conn)
        .await?;
        let notes = sqlx::query!(
            r#"SELECT n.round_note_id AS "id!", n.round_id, n.kind, n.body, n.recorded_at,
                      x.reason AS "reason?", x.recorded_at AS "retracted_at?", x.write_log_id AS "write?"
               FROM round_note n JOIN round r ON r.round_id = n.round_id
               LEFT JOIN retraction x ON x.round_note_id = n.round_note_id
               WHERE r.process_id = ?1
                 AND (n.round_id IN (SELECT round_id FROM retraction WHERE round_id IS NOT NULL)
                      OR x.retraction_id IS NOT NULL)
               ORDER BY n.round_note_id"#,
            process_id
        )
        .fetch_all(&mut *conn)
        .await?;
        let rounds = sqlx::query!(
            r#"SELECT r.round_id AS "id!", r.slug, r.title, r.start_date, r.end_date, r.location,
                      r.format, r.level, r.state, r.tone, r.summary, r.recorded_at,
                      x.reason, x.recorded_at AS retracted_at, x.write_log_id
               FROM retraction x JOIN round r ON r.round_id = x.round_id
               WHERE r.process_id = ?1
               ORDER BY r.round_id"#,
            process_id
        )
        .fetch_all(&mut *conn)
        .await?;

        // Everything these rows name, read by their ids.
        let round_ids: Vec<i64> = rounds.iter().map(|r| r.id).collect();
        let status_ids: Vec<i64> = statuses.iter().map(|s| s.id).collect();
        let position_ids: Vec<i64> = positions.iter().map(|p| p.id).collect();
        let commitment_ids: Vec<i64> = commitments.iter().map(|c| c.id).collect();
        let quote_ids: Vec<i64> = quotes.iter().map(|q| q.id).collect();
        let note_ids: Vec<i64> = notes.iter().map(|n| n.id).collect();
        let (rounds_json, statuses_json, positions_json) =
            (ids(&round_ids), ids(&status_ids), ids(&position_ids));
        let (commitments_json, quotes_json, notes_json) =
            (ids(&commitment_ids), ids(&quote_ids), ids(&note_ids));
        let mut cited = Cited::default();
        for c in sqlx::query!(
            r#"SELECT c.round_id, c.status_record_id, c.position_id, c.commitment_id, c.quote_id,
                      c.round_note_id, s.slug, c.credibility
               FROM citation c JOIN source s ON s.source_id = c.source_id
               WHERE c.round_id IN (SELECT value FROM json_each(?1))
                  OR c.status_record_id IN (SELECT value FROM json_each(?2))
                  OR c.position_id IN (SELECT value FROM json_each(?3))
                  OR c.commitment_id IN (SELECT value FROM json_each(?4))
                  OR c.quote_id IN (SELECT value FROM json_each(?5))
                  OR c.round_note_id IN (SELECT value FROM json_each(?6))
               ORDER BY c.citation_id"#,
            rounds_json,
            statuses_json,
            positions_json,
            commitments_json,
            quotes_json,
            notes_json
        )
        .fetch_all(&mut *conn)
        .await?
        {
            let key = match (
                c.round_id,
                c.status_record_id,
                c.position_id,
                c.commitment_id,
                c.quote_id,
                c.round_note_id,
            ) {
                (Some(id), ..) => ("round", id),
                (_, Some(id), ..) => ("status_record", id),
                (_, _, Some(id), ..) => ("position", id),
                (_, _, _, Some(id), ..) => ("commitment", id),
                (_, _, _, _, Some(id), _) => ("quote", id),
                (.., Some(id)) => ("round_note", id),
                _ => continue,
            };
            cited.0.entry(key).or_default().push(Citation {
                source: c.slug,
                credibility: credibility(c.credibility)?,
            });
        }
        let mut claims: HashMap<i64, Vec<(Claim, Option<Retracted>)>> = HashMap::new();

        // A status record chain at a round and item: each record corrects the one
        // before it; the last (nothing supersedes it) is the claim.
        let mut chains: Vec<((i64, String), Vec<StatusVersion>)> = Vec::new();
        let mut heads = HashMap::new();
        for s in statuses {
            let retraction = retracted(places, s.reason, s.retracted_at, s.write)?;
            let version = StatusVersion {
                status: known("status_record", s.id, "status", &s.status)?,
                note: s.note,
                confidence: credibility(s.confidence)?,
                sources: cited.of("status_record", s.id),
                recorded_at: s.recorded_at,
            };
            let key = (s.round_id, s.item);
            match chains.iter_mut().find(|(k, _)| *k == key) {
                Some((_, chain)) => chain.push(version),
                None => chains.push((key.clone(), vec![version])),
            }
            if retraction.is_some() {
                heads.insert(key, retraction);
            }
        }
        for ((round_id, item), mut chain) in chains {
            let head = chain.pop().expect("a chain has a record");
            let retraction = heads.remove(&(round_id, item.clone())).flatten();
            claims.entry(round_id).or_default().push((
                Claim::Status(
                    StatusClaim {
                        item,
                        status: head.status,
                        note: Update::whole(head.note),
                        confidence: Update::whole(head.confidence),
                        sources: Update::Set(head.sources),
                    },
                    ClaimStamps {
                        recorded_at: head.recorded_at,
                        superseded: chain,
                    },
                ),
                retraction,
            ));
        }

        let mut chains: Vec<((i64, String, String), Vec<PositionVersion>)> = Vec::new();
        let mut heads = HashMap::new();
        for p in positions {
            let retraction = retracted(places, p.reason, p.retracted_at, p.write)?;
            let version = PositionVersion {
                stance: known("position", p.id, "stance", &p.stance)?,
                note: p.note,
                sources: cited.of("position", p.id),
                recorded_at: p.recorded_at,
            };
            let key = (p.round_id, p.party, p.item);
            match chains.iter_mut().find(|(k, _)| *k == key) {
                Some((_, chain)) => chain.push(version),
                None => chains.push((key.clone(), vec![version])),
            }
            if retraction.is_some() {
                heads.insert(key, retraction);
            }
        }
        for ((round_id, party, item), mut chain) in chains {
            let head = chain.pop().expect("a chain has a row");
            let retraction = heads
                .remove(&(round_id, party.clone(), item.clone()))
                .flatten();
            claims.entry(round_id).or_default().push((
                Claim::Position(
                    PositionClaim {
                        party,
                        item,
                        stance: head.stance,
                        note: Update::whole(head.note),
                        sources: Update::Set(head.sources),
                    },
                    ClaimStamps {
                        recorded_at: head.recorded_at,
                        superseded: chain,
                    },
                ),
                retraction,
            ));
        }

        let mut bound: HashMap<i64, Vec<String>> = HashMap::new();
        for b in sqlx::query!(
            "SELECT cp.commitment_id, pa.slug FROM commitment_party cp
             JOIN party pa ON pa.party_id = cp.party_id
             WHERE cp.commitment_id IN (SELECT value FROM json_each(?1))
             ORDER BY cp.commitment_party_id",
            commitments_json
        )
        .fetch_all(&mut *conn)
        .await?
        {
            bound.entry(b.commitment_id).or_default().push(b.slug);
        }
        let mut fates: HashMap<i64, Vec<FateRecord>> = HashMap::new();
        for f in sqlx::query!(
            r#"SELECT f.commitment_fate_id AS "id!", f.commitment_id, f.fate, f.note,
                      r.slug AS "round?", f.recorded_at
               FROM commitment_fate f LEFT JOIN round r ON r.round_id = f.round_id
               WHERE f.commitment_id IN (SELECT value FROM json_each(?1))
               ORDER BY f.commitment_fate_id"#,
            commitments_json
        )
        .fetch_all(&mut *conn)
        .await?
        {
            fates.entry(f.commitment_id).or_default().push(FateRecord {
                fate: known("commitment_fate", f.id, "fate", &f.fate)?,
                note: f.note,
                round: f.round,
                recorded_at: f.recorded_at,
            });
        }
        for c in commitments {
            let retraction = retracted(places, c.reason, c.retracted_at, c.write)?;
            claims.entry(c.round_id).or_default().push((
                Claim::Commitment(
                    Commitment {
                        slug: c.slug,
                        item: Update::whole(c.item),
                        kind: Some(known("commitment", c.id, "kind", &c.kind)?),
                        description: Some(c.description),
                        due_date: date(c.due_date)?,
                        parties: bound.remove(&c.id).unwrap_or_default(),
                        // A history export gives every fate in `fates`.
                        fate: None,
                        fate_note: None,
                        sources: Update::Set(cited.of("commitment", c.id)),
                    },
                    CommitmentStamps {
                        recorded_at: c.recorded_at,
                        fates: fates.remove(&c.id).unwrap_or_default(),
                    },
                ),
                retraction,
            ));
        }

        for q in quotes {
            let retraction = retracted(places, q.reason, q.retracted_at, q.write)?;
            claims.entry(q.round_id).or_default().push((
                Claim::Quote(
                    Quote {
                        // A person's quote holds their name as it was: the person names them.
                        speaker_name: q.speaker_name.filter(|_| q.speaker.is_none()),
                        speaker: q.speaker,
                        speaker_description: q.speaker_description,
                        party: q.party,
                        item: q.item,
                        text: q.text,
                        sources: Update::Set(cited.of("quote", q.id)),
                    },
                    q.recorded_at,
                ),
                retraction,
            ));
        }

        let mut named: HashMap<i64, Vec<String>> = HashMap::new();
        for n in sqlx::query!(
            "SELECT np.round_note_id, pe.slug FROM round_note_person np
             JOIN person pe ON pe.person_id = np.person_id
             WHERE np.round_note_id IN (SELECT value FROM json_each(?1))
             ORDER BY np.round_note_person_id",
            notes_json
        )
        .fetch_all(&mut *conn)
        .await?
        {
            named.entry(n.round_note_id).or_default().push(n.slug);
        }
        for n in notes {
            let retraction = retracted(places, n.reason, n.retracted_at, n.write)?;
            claims.entry(n.round_id).or_default().push((
                Claim::Note(
                    RoundNote {
                        kind: known("round_note", n.id, "kind", &n.kind)?,
                        body: n.body,
                        persons: named.remove(&n.id).unwrap_or_default(),
                        sources: Update::Set(cited.of("round_note", n.id)),
                    },
                    n.recorded_at,
                ),
                retraction,
            ));
        }

        // The retracted rounds themselves: details, participants, earlier versions.
        let mut participants: HashMap<i64, Vec<(Participant, Recorded)>> = HashMap::new();
        for p in sqlx::query!(
            r#"SELECT rp.round_party_id AS "id!", rp.round_id, pa.slug, rp.role, rp.note,
                      pe.slug AS "lead?", rp.recorded_at
               FROM round_party rp JOIN party pa ON pa.party_id = rp.party_id
               LEFT JOIN person pe ON pe.person_id = rp.lead_person_id
               WHERE rp.round_id IN (SELECT value FROM json_each(?1))
               ORDER BY rp.round_party_id"#,
            rounds_json
        )
        .fetch_all(&mut *conn)
        .await?
        {
            participants.entry(p.round_id).or_default().push((
                Participant {
                    party: p.slug,
                    role: known("round_party", p.id, "role", &p.role)?,
                    note: Update::whole(p.note),
                    lead: p.lead,
                },
                p.recorded_at,
            ));
        }
        let mut versions = super::edits::round_versions_of(conn, &rounds_json).await?;
        let mut participant_versions =
            super::edits::participant_versions_of(conn, &rounds_json).await?;
        let mut read = Vec::with_capacity(rounds.len());
        for r in rounds {
            let (list, instants): (Vec<_>, Vec<_>) = participants
                .remove(&r.id)
                .unwrap_or_default()
                .into_iter()
                .unzip();
            let round = Round {
                process: process_slug.to_owned(),
                slug: r.slug,
                title: Some(r.title),
                start_date: date(r.start_date)?,
                end_date: date(r.end_date)?,
                location: Update::whole(r.location),
                format: Update::whole(known_opt("round", r.id, "format", r.format.as_deref())?),
                level: Update::whole(known_opt("round", r.id, "level", r.level.as_deref())?),
                state: Some(known("round", r.id, "state", &r.state)?),
                tone: Update::whole(r.tone),
                summary: Update::whole(r.summary),
                sources: cited.of("round", r.id),
                participants: list,
                withdrawn: Vec::new(),
                statuses: Vec::new(),
                positions: Vec::new(),
                commitments: Vec::new(),
                quotes: Vec::new(),
                notes: Vec::new(),
            };
            let stamps = RoundStamps {
                recorded_at: r.recorded_at,
                versions: versions.remove(&r.id).unwrap_or_default(),
                participants: instants,
                participant_versions: participant_versions.remove(&r.id).unwrap_or_default(),
                retracted: retracted(
                    places,
                    Some(r.reason),
                    Some(r.retracted_at),
                    Some(r.write_log_id),
                )?,
                ..RoundStamps::default()
            };
            read.push((r.id, round, stamps));
        }
        Ok(LeftOut {
            claims,
            rounds: read,
        })
    }

    /// Adds the left-out claims of the round with this id to its entry and stamps.
    pub(super) fn add_to(&mut self, round_id: i64, round: &mut Round, stamps: &mut RoundStamps) {
        for (claim, retracted) in self.claims.remove(&round_id).unwrap_or_default() {
            let (kind, index) = match claim {
                Claim::Status(c, s) => {
                    round.statuses.push(c);
                    stamps.statuses.push(s);
                    (ClaimKind::Status, round.statuses.len() - 1)
                }
                Claim::Position(c, s) => {
                    round.positions.push(c);
                    stamps.positions.push(s);
                    (ClaimKind::Position, round.positions.len() - 1)
                }
                Claim::Commitment(c, s) => {
                    round.commitments.push(c);
                    stamps.commitments.push(s);
                    (ClaimKind::Commitment, round.commitments.len() - 1)
                }
                Claim::Quote(c, at) => {
                    round.quotes.push(c);
                    stamps.quotes.push(at);
                    (ClaimKind::Quote, round.quotes.len() - 1)
                }
                Claim::Note(c, at) => {
                    round.notes.push(c);
                    stamps.notes.push(at);
                    (ClaimKind::Note, round.notes.len() - 1)
                }
            };
            if let Some(retracted) = retracted {
                stamps.retractions.push(ClaimRetraction {
                    kind,
                    index,
                    retracted,
                });
            }
        }
    }

    /// The retracted rounds, each with every claim it holds, in the order recorded.
    pub(super) fn rounds(mut self) -> (Vec<Round>, Vec<RoundStamps>) {
        let rounds = std::mem::take(&mut self.rounds);
        let mut out = (Vec::new(), Vec::new());
        for (id, mut round, mut stamps) in rounds {
            self.add_to(id, &mut round, &mut stamps);
            out.0.push(round);
            out.1.push(stamps);
        }
        out
    }
}
