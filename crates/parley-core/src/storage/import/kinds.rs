//! Each kind of claim as SQLite stores it: its table's multi-row INSERT, and the
//! checked query that reads the claims a round holds. The shared path (planning,
//! staging, writing) is generic over [`SqliteKind`]; what differs per kind is here.

use std::collections::HashMap;

use sqlx::query_builder::Separated;
use sqlx::{Sqlite, SqliteConnection};

use super::ids::Ids;
use super::staged::Cited;
use crate::domain::model::{Citation, Commitment, Participant};
use crate::domain::{Credibility, Instant, PartialDate};
use crate::error::{Error, Result};
use crate::storage::plan::*;

/// A claim staged for a multi-row INSERT: the row id it gets, its round, and the
/// write the plan made of it.
pub struct StagedClaim<'s, K: ClaimKind> {
    pub id: i64,
    pub round_id: i64,
    pub process: &'s str,
    pub claim: &'s K::Claim,
    pub action: &'s Action,
}

/// A kind of claim as every backend stages it: where its rows go, whatever the SQL.
pub trait StagedKind: ClaimKind {
    /// Its place in a staged round's lists of row ids.
    const SLOT: usize;
    /// Its column in `citation`, for kinds that are cited.
    const CITED: Option<Cited>;

    /// The plan's writes of this kind.
    fn writes(plan: &RoundPlan) -> &[ClaimWrite<Self>];
}

/// A kind of claim in SQLite.
#[allow(async_fn_in_trait)]
pub trait SqliteKind: StagedKind {
    /// The multi-row INSERT's head, and how many values each row binds.
    const INSERT: &'static str;
    const COLUMNS: usize;

    fn bind(
        b: &mut Separated<'_, Sqlite, &'static str>,
        row: &StagedClaim<'_, Self>,
        ids: &Ids,
        at: Instant,
    );
    /// The claims of this kind the round holds, in force.
    async fn read(conn: &mut SqliteConnection, round_id: i64) -> Result<Holdings<Self>>;

    /// Updates row `id` in place with the claim's values, for a kind the planner
    /// amends ([`Change::Amend`]).
    async fn amend(
        conn: &mut SqliteConnection,
        id: i64,
        claim: &Self::Claim,
        place: (&str, &Ids),
        at: Instant,
    ) -> Result<()> {
        let _ = (conn, id, claim, place, at);
        Err(Error::Conflict(format!(
            "the import planned to amend a claim of a kind that is never amended ({})",
            std::any::type_name::<Self>()
        )))
    }
}

/// The id of a row the database holds; a backend that writes never plans against
/// a row it has not written (it reads every round again first).
pub fn held_id(row: Row) -> Result<i64> {
    match row {
        Row::Held(id) => Ok(id),
        Row::Planned => Err(Error::Conflict(
            "the import planned against a row it had not written".into(),
        )),
    }
}

/// Citations as a claim's query packs them: `[[slug, credibility], ...]`.
pub fn citations(packed: &str) -> Result<Vec<Citation>> {
    let rows: Vec<(String, Option<i64>)> = serde_json::from_str(packed)
        .map_err(|e| Error::Unreadable(format!("a claim's citations that do not read: {e}")))?;
    rows.into_iter()
        .map(|(source, grade)| {
            Ok(Citation {
                source,
                credibility: grade
                    .map(|g| Credibility::new(g).map_err(Error::Unreadable))
                    .transpose()?,
            })
        })
        .collect()
}

/// A value of a vocabulary column, read.
pub fn known<T: std::str::FromStr>(table: &str, id: i64, column: &str, value: &str) -> Result<T> {
    value
        .parse()
        .map_err(|_| Error::Unreadable(format!("{table} row {id} with the {column} '{value}'")))
}

/// A retraction as a claim's query reads it (both columns, or neither).
pub fn retraction(reason: Option<String>, at: Option<Instant>) -> Option<Retraction> {
    Some(Retraction {
        reason: reason?,
        recorded_at: at?,
    })
}

pub fn given<T>(u: &crate::domain::model::Update<T>) -> Option<&T> {
    u.given()
}

pub fn supersedes(action: &Action) -> Option<i64> {
    match action {
        Action::Supersede(Row::Held(id)) => Some(*id),
        _ => None,
    }
}

impl StagedKind for Participants {
    const SLOT: usize = 0;
    const CITED: Option<Cited> = None;

    fn writes(plan: &RoundPlan) -> &[ClaimWrite<Self>] {
        &plan.participants
    }
}

impl SqliteKind for Participants {
    const INSERT: &'static str =
        "INSERT INTO round_party (round_id, party_id, role, note, lead_person_id, recorded_at) ";
    const COLUMNS: usize = 6;

    fn bind(
        b: &mut Separated<'_, Sqlite, &'static str>,
        row: &StagedClaim<'_, Self>,
        ids: &Ids,
        at: Instant,
    ) {
        let p = row.claim;
        b.push_bind(row.round_id)
            .push_bind(ids.parties[&p.party])
            .push_bind(p.role.as_str())
            .push_bind(p.note.given().map(String::as_str))
            .push_bind(p.lead.as_ref().map(|l| ids.persons[l].0))
            .push_bind(at);
    }

    async fn read(conn: &mut SqliteConnection, round_id: i64) -> Result<Holdings<Self>> {
        let rows = sqlx::query!(
            r#"SELECT rp.round_party_id AS "id!", p.slug, rp.role, rp.note, pe.slug AS "lead?"
               FROM round_party rp JOIN party p ON p.party_id = rp.party_id
               LEFT JOIN person pe ON pe.person_id = rp.lead_person_id
               WHERE rp.round_id = ?1"#,
            round_id
        )
        .fetch_all(&mut *conn)
        .await?;
        let mut held = HashMap::new();
        for r in rows {
            let role = known("round_party", r.id, "role", &r.role)?;
            held.insert(
                r.slug,
                HeldParticipant {
                    row: Row::Held(r.id),
                    role,
                    note: r.note,
                    lead: r.lead,
                },
            );
        }
        Ok(held)
    }

    async fn amend(
        conn: &mut SqliteConnection,
        id: i64,
        p: &Participant,
        (_, ids): (&str, &Ids),
        at: Instant,
    ) -> Result<()> {
        let (role, note) = (p.role.as_str(), p.note.given());
        let lead = p.lead.as_ref().map(|l| ids.persons[l].0);
        sqlx::query!(
            "UPDATE round_party SET role = ?2, note = ?3, lead_person_id = ?4, recorded_at = ?5
             WHERE round_party_id = ?1",
            id,
            role,
            note,
            lead,
            at
        )
        .execute(&mut *conn)
        .await?;
        Ok(())
    }
}

impl StagedKind for Statuses {
    const SLOT: usize = 1;
    const CITED: Option<Cited> = Some(Cited::StatusRecord);

    fn writes(plan: &RoundPlan) -> &[ClaimWrite<Self>] {
        &plan.statuses
    }
}

impl SqliteKind for Statuses {
    const INSERT: &'static str = "INSERT INTO status_record (status_record_id, agenda_item_id, round_id, status, \
         note, confidence, supersedes_status_record_id, recorded_at) ";
    const COLUMNS: usize = 8;

    fn bind(
        b: &mut Separated<'_, Sqlite, &'static str>,
        row: &StagedClaim<'_, Self>,
        ids: &Ids,
        at: Instant,
    ) {
        let s = row.claim;
        b.push_bind(row.id)
            .push_bind(ids.item(row.process, &s.item))
            .push_bind(row.round_id)
            .push_bind(s.status.as_str())
            .push_bind(given(&s.note).map(String::as_str))
            .push_bind(given(&s.confidence).map(|c| c.grade()))
            .push_bind(supersedes(row.action))
            .push_bind(at);
    }

    async fn read(conn: &mut SqliteConnection, round_id: i64) -> Result<Holdings<Self>> {
        let rows = sqlx::query!(
            r#"SELECT sr.status_record_id AS "id!", i.slug AS item, sr.status, sr.note, sr.confidence,
                      (SELECT json_group_array(json_array(slug, credibility))
                       FROM (SELECT s.slug, c.credibility FROM citation c JOIN source s ON s.source_id = c.source_id
                             WHERE c.status_record_id = sr.status_record_id ORDER BY c.citation_id))
                          AS "citations!: String",
                      x.reason AS "retraction_reason?", x.recorded_at AS "retracted_at?: Instant"
               FROM status_record sr JOIN agenda_item i ON i.agenda_item_id = sr.agenda_item_id
               LEFT JOIN retraction x ON x.status_record_id = sr.status_record_id
               WHERE sr.round_id = ?1
                 AND NOT EXISTS (SELECT 1 FROM status_record n
                                 WHERE n.supersedes_status_record_id = sr.status_record_id)"#,
            round_id
        )
        .fetch_all(&mut *conn)
        .await?;
        let mut held = HashMap::new();
        for r in rows {
            let confidence = r
                .confidence
                .map(|g| Credibility::new(g).map_err(Error::Unreadable))
                .transpose()?;
            held.insert(
                r.item,
                HeldClaim {
                    row: Row::Held(r.id),
                    value: r.status,
                    note: r.note,
                    confidence,
                    citations: citations(&r.citations)?,
                    retraction: retraction(r.retraction_reason, r.retracted_at),
                },
            );
        }
        Ok(held)
    }
}

impl StagedKind for Positions {
    const SLOT: usize = 2;
    const CITED: Option<Cited> = Some(Cited::Position);

    fn writes(plan: &RoundPlan) -> &[ClaimWrite<Self>] {
        &plan.positions
    }
}

impl SqliteKind for Positions {
    const INSERT: &'static str = "INSERT INTO position (position_id, party_id, agenda_item_id, round_id, stance, \
         note, supersedes_position_id, recorded_at) ";
    const COLUMNS: usize = 8;

    fn bind(
        b: &mut Separated<'_, Sqlite, &'static str>,
        row: &StagedClaim<'_, Self>,
        ids: &Ids,
        at: Instant,
    ) {
        let p = row.claim;
        b.push_bind(row.id)
            .push_bind(ids.parties[&p.party])
            .push_bind(ids.item(row.process, &p.item))
            .push_bind(row.round_id)
            .push_bind(p.stance.as_str())
            .push_bind(given(&p.note).map(String::as_str))
            .push_bind(supersedes(row.action))
            .push_bind(at);
    }

    async fn read(conn: &mut SqliteConnection, round_id: i64) -> Result<Holdings<Self>> {
        let rows = sqlx::query!(
            r#"SELECT p.position_id AS "id!", pa.slug AS party, i.slug AS item, p.stance, p.note,
                      (SELECT json_group_array(json_array(slug, credibility))
                       FROM (SELECT s.slug, c.credibility FROM citation c JOIN source s ON s.source_id = c.source_id
                             WHERE c.position_id = p.position_id ORDER BY c.citation_id))
                          AS "citations!: String",
                      x.reason AS "retraction_reason?", x.recorded_at AS "retracted_at?: Instant"
               FROM position p
               JOIN party pa ON pa.party_id = p.party_id
               JOIN agenda_item i ON i.agenda_item_id = p.agenda_item_id
               LEFT JOIN retraction x ON x.position_id = p.position_id
               WHERE p.round_id = ?1
                 AND NOT EXISTS (SELECT 1 FROM position n WHERE n.supersedes_position_id = p.position_id)"#,
            round_id
        )
        .fetch_all(&mut *conn)
        .await?;
        let mut held = HashMap::new();
        for r in rows {
            held.insert(
                (r.party, r.item),
                HeldClaim {
                    row: Row::Held(r.id),
                    value: r.stance,
                    note: r.note,
                    confidence: None,
                    citations: citations(&r.citations)?,
                    retraction: retraction(r.retraction_reason, r.retracted_at),
                },
            );
        }
        Ok(held)
    }
}

impl StagedKind for Commitments {
    const SLOT: usize = 3;
    const CITED: Option<Cited> = Some(Cited::Commitment);

    fn writes(plan: &RoundPlan) -> &[ClaimWrite<Self>] {
        &plan.commitments
    }
}

impl SqliteKind for Commitments {
    const INSERT: &'static str = "INSERT INTO commitment (commitment_id, round_id, agenda_item_id, slug, kind, \
         description, due_date, recorded_at) ";
    const COLUMNS: usize = 8;

    fn bind(
        b: &mut Separated<'_, Sqlite, &'static str>,
        row: &StagedClaim<'_, Self>,
        ids: &Ids,
        at: Instant,
    ) {
        let c = row.claim;
        b.push_bind(row.id)
            .push_bind(row.round_id)
            .push_bind(given(&c.item).map(|i| ids.item(row.process, i)))
            .push_bind(c.slug.as_str())
            .push_bind(c.kind.map(|k| k.as_str()))
            .push_bind(c.description.as_deref())
            .push_bind(given(&c.due_date).map(PartialDate::to_string))
            .push_bind(at);
    }

    async fn read(conn: &mut SqliteConnection, round_id: i64) -> Result<Holdings<Self>> {
        let rows = sqlx::query!(
            r#"SELECT c.commitment_id AS "id!", c.slug, i.slug AS "item?", c.kind, c.description, c.due_date,
                      (SELECT json_group_array(slug)
                       FROM (SELECT p.slug FROM commitment_party cp JOIN party p ON p.party_id = cp.party_id
                             WHERE cp.commitment_id = c.commitment_id ORDER BY cp.commitment_party_id))
                          AS "parties!: String",
                      f.fate AS "fate?", f.note AS "fate_note?",
                      (SELECT json_group_array(json_array(slug, credibility))
                       FROM (SELECT s.slug, ci.credibility FROM citation ci JOIN source s ON s.source_id = ci.source_id
                             WHERE ci.commitment_id = c.commitment_id ORDER BY ci.citation_id))
                          AS "citations!: String",
                      x.reason AS "retraction_reason?", x.recorded_at AS "retracted_at?: Instant"
               FROM commitment c
               LEFT JOIN agenda_item i ON i.agenda_item_id = c.agenda_item_id
               LEFT JOIN retraction x ON x.commitment_id = c.commitment_id
               LEFT JOIN commitment_fate f ON f.commitment_fate_id =
                   (SELECT commitment_fate_id FROM commitment_fate WHERE commitment_id = c.commitment_id
                    ORDER BY recorded_at DESC, commitment_fate_id DESC LIMIT 1)
               WHERE c.round_id = ?1"#,
            round_id
        )
        .fetch_all(&mut *conn)
        .await?;
        let mut held = HashMap::new();
        for r in rows {
            let fate = match r.fate {
                Some(fate) => Some(HeldFate {
                    fate: known("commitment_fate", r.id, "fate", &fate)?,
                    note: r.fate_note,
                }),
                None => None,
            };
            let parties: Vec<String> = serde_json::from_str(&r.parties).map_err(|e| {
                Error::Unreadable(format!(
                    "commitment {}'s parties that do not read: {e}",
                    r.id
                ))
            })?;
            let due_date = r
                .due_date
                .as_deref()
                .map(|d| known("commitment", r.id, "due_date", d))
                .transpose()?;
            held.insert(
                r.slug,
                HeldCommitment {
                    row: Row::Held(r.id),
                    item: r.item,
                    kind: known("commitment", r.id, "kind", &r.kind)?,
                    description: r.description,
                    due_date,
                    parties,
                    fate,
                    citations: citations(&r.citations)?,
                    retraction: retraction(r.retraction_reason, r.retracted_at),
                },
            );
        }
        Ok(held)
    }

    async fn amend(
        conn: &mut SqliteConnection,
        id: i64,
        c: &Commitment,
        (process, ids): (&str, &Ids),
        at: Instant,
    ) -> Result<()> {
        let item = given(&c.item).map(|i| ids.item(process, i));
        let kind = c.kind.map(|k| k.as_str());
        let due = given(&c.due_date).map(PartialDate::to_string);
        sqlx::query!(
            "UPDATE commitment SET agenda_item_id = ?2, kind = ?3, description = ?4, due_date = ?5,
                 recorded_at = ?6
             WHERE commitment_id = ?1",
            id,
            item,
            kind,
            c.description,
            due,
            at
        )
        .execute(&mut *conn)
        .await?;
        Ok(())
    }
}

impl StagedKind for Quotes {
    const SLOT: usize = 4;
    const CITED: Option<Cited> = Some(Cited::Quote);

    fn writes(plan: &RoundPlan) -> &[ClaimWrite<Self>] {
        &plan.quotes
    }
}

impl SqliteKind for Quotes {
    const INSERT: &'static str = "INSERT INTO quote (quote_id, round_id, party_id, agenda_item_id, \
         speaker_person_id, speaker_name, speaker_description, text, recorded_at) ";
    const COLUMNS: usize = 9;

    fn bind(
        b: &mut Separated<'_, Sqlite, &'static str>,
        row: &StagedClaim<'_, Self>,
        ids: &Ids,
        at: Instant,
    ) {
        let q = row.claim;
        // A person's quote holds their name as it is now, for readers of the table.
        let speaker = q.speaker.as_ref().map(|p| &ids.persons[p]);
        b.push_bind(row.id)
            .push_bind(row.round_id)
            .push_bind(q.party.as_ref().map(|p| ids.parties[p]))
            .push_bind(q.item.as_ref().map(|i| ids.item(row.process, i)))
            .push_bind(speaker.map(|(id, _)| *id))
            .push_bind(speaker.map_or(q.speaker_name.as_deref(), |(_, name)| Some(name)))
            .push_bind(q.speaker_description.as_deref())
            .push_bind(q.text.as_str())
            .push_bind(at);
    }

    async fn read(conn: &mut SqliteConnection, round_id: i64) -> Result<Holdings<Self>> {
        let rows = sqlx::query!(
            r#"SELECT q.text, pe.slug AS "speaker?", q.speaker_name, q.speaker_description
               FROM quote q LEFT JOIN person pe ON pe.person_id = q.speaker_person_id
               WHERE q.round_id = ?1"#,
            round_id
        )
        .fetch_all(&mut *conn)
        .await?;
        Ok(rows
            .into_iter()
            .map(|q| {
                let name = q.speaker_name.filter(|_| q.speaker.is_none());
                ((q.text, q.speaker, name, q.speaker_description), ())
            })
            .collect())
    }
}

impl StagedKind for Notes {
    const SLOT: usize = 5;
    const CITED: Option<Cited> = Some(Cited::RoundNote);

    fn writes(plan: &RoundPlan) -> &[ClaimWrite<Self>] {
        &plan.notes
    }
}

impl SqliteKind for Notes {
    const INSERT: &'static str =
        "INSERT INTO round_note (round_note_id, round_id, kind, body, recorded_at) ";
    const COLUMNS: usize = 5;

    fn bind(
        b: &mut Separated<'_, Sqlite, &'static str>,
        row: &StagedClaim<'_, Self>,
        _: &Ids,
        at: Instant,
    ) {
        let n = row.claim;
        b.push_bind(row.id)
            .push_bind(row.round_id)
            .push_bind(n.kind.as_str())
            .push_bind(n.body.as_str())
            .push_bind(at);
    }

    async fn read(conn: &mut SqliteConnection, round_id: i64) -> Result<Holdings<Self>> {
        let rows = sqlx::query!(
            r#"SELECT round_note_id AS "id!", kind, body FROM round_note WHERE round_id = ?1"#,
            round_id
        )
        .fetch_all(&mut *conn)
        .await?;
        let mut held = HashMap::new();
        for n in rows {
            held.insert((known("round_note", n.id, "kind", &n.kind)?, n.body), ());
        }
        Ok(held)
    }
}

/// The round's own citations, in the order written.
pub async fn read_round_citations(
    conn: &mut SqliteConnection,
    round_id: i64,
) -> Result<Vec<Citation>> {
    let packed = sqlx::query_scalar!(
        r#"SELECT json_group_array(json_array(slug, credibility)) AS "citations!: String"
           FROM (SELECT s.slug, c.credibility FROM citation c JOIN source s ON s.source_id = c.source_id
                 WHERE c.round_id = ?1 ORDER BY c.citation_id)"#,
        round_id
    )
    .fetch_one(&mut *conn)
    .await?;
    citations(&packed)
}
