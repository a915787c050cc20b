//! Reading a process with its whole history, for `parley export --history`: the
//! records in force as the plain export reads them ([`super::export`]), and beside
//! them ([`Stamps`]) when each row was recorded and every row a later one replaced.
//! Rounds are read and handed over a run at a time, as the plain export does, so
//! that an export of any size holds one run in memory.
//!
//! One function per kind of record's history below; a kind that gains a history
//! (a table of edits, a retraction) adds its query here. What the plain export
//! leaves out altogether (retracted claims and rounds) is read in `left_out.rs`,
//! with the write log that their retractions name.

use std::collections::HashMap;

use sqlx::SqliteConnection;

mod edits;
mod left_out;

use self::edits::{edit_history, participant_versions_of, round_versions_of};
use self::left_out::{LeftOut, write_log};

use super::Database;
use super::export::{RowIds, export_head, export_rounds, runs};
use super::unreadable::known;
use crate::domain::Credibility;
use crate::domain::history::*;
use crate::domain::model::{Citation, Dossier, Round};
use crate::error::{Error, Result};

impl Database {
    /// Every round of a process with its history, read in one transaction. `send`
    /// gets first the process, every party and source and the process's items, with
    /// their stamps, then the rounds in order, a run at a time. When `send` says
    /// `false` (the reader has gone), the export stops.
    pub async fn export_history(
        &self,
        process_id: i64,
        mut send: impl AsyncFnMut(Dossier, Stamps) -> bool,
    ) -> Result<()> {
        let mut conn = self.pool().acquire().await?;
        let mut tx = sqlx::Connection::begin(&mut *conn).await?;
        let head = export_head(&mut tx, process_id).await?;
        let mut stamps = head_stamps(&mut tx, process_id).await?;
        let process = head.processes[0].slug.clone();
        let (writes, places) = write_log(&mut tx).await?;
        stamps.writes = writes;
        let mut left_out = LeftOut::read(&mut tx, process_id, &process, &places).await?;
        if !send(head, stamps).await {
            return Ok(());
        }
        for (first, last) in runs(&mut tx, process_id, &[]).await? {
            let read = export_rounds(&mut tx, process_id, &process, first, last).await?;
            let mut stamps = round_stamps(&mut tx, process_id, (first, last), &read).await?;
            let rounds = read
                .into_iter()
                .zip(&mut stamps)
                .map(|((mut round, ids), stamps)| {
                    left_out.add_to(ids.round, &mut round, stamps);
                    round
                })
                .collect();
            let run = Stamps {
                rounds: stamps,
                ..Stamps::default()
            };
            if !send(
                Dossier {
                    rounds,
                    ..Dossier::default()
                },
                run,
            )
            .await
            {
                return Ok(());
            }
        }
        // The retracted rounds, which round_order no longer holds, come last.
        let (rounds, stamps) = left_out.rounds();
        if !rounds.is_empty() {
            let run = Stamps {
                rounds: stamps,
                ..Stamps::default()
            };
            let dossier = Dossier {
                rounds,
                ..Dossier::default()
            };
            if !send(dossier, run).await {
                return Ok(());
            }
        }
        tx.commit().await?;
        Ok(())
    }
}

/// The stamps of the head, in the order [`export_head`] reads it.
async fn head_stamps(conn: &mut SqliteConnection, process_id: i64) -> Result<Stamps> {
    let process = sqlx::query_scalar!(
        "SELECT recorded_at FROM process WHERE process_id = ?1",
        process_id
    )
    .fetch_one(&mut *conn)
    .await?;
    // Parties, persons and outlets: each record's instant with its aliases' (the queries
    // differ only by table, and query! takes no table name; `stamped` does the rest).
    let parties = stamped(
        sqlx::query!(r#"SELECT party_id AS "id!", recorded_at FROM party ORDER BY party_id"#)
            .fetch_all(&mut *conn)
            .await?
            .into_iter()
            .map(|r| (r.id, r.recorded_at)),
        sqlx::query!("SELECT party_id AS id, recorded_at FROM party_alias ORDER BY party_alias_id")
            .fetch_all(&mut *conn)
            .await?
            .into_iter()
            .map(|a| (a.id, a.recorded_at)),
    );
    let persons = stamped(
        sqlx::query!(r#"SELECT person_id AS "id!", recorded_at FROM person ORDER BY person_id"#)
            .fetch_all(&mut *conn)
            .await?
            .into_iter()
            .map(|r| (r.id, r.recorded_at)),
        sqlx::query!(
            "SELECT person_id AS id, recorded_at FROM person_alias ORDER BY person_alias_id"
        )
        .fetch_all(&mut *conn)
        .await?
        .into_iter()
        .map(|a| (a.id, a.recorded_at)),
    );
    let outlets = stamped(
        sqlx::query!(r#"SELECT outlet_id AS "id!", recorded_at FROM outlet ORDER BY outlet_id"#)
            .fetch_all(&mut *conn)
            .await?
            .into_iter()
            .map(|r| (r.id, r.recorded_at)),
        sqlx::query!(
            "SELECT outlet_id AS id, recorded_at FROM outlet_alias ORDER BY outlet_alias_id"
        )
        .fetch_all(&mut *conn)
        .await?
        .into_iter()
        .map(|a| (a.id, a.recorded_at)),
    );
    let sources = sqlx::query_scalar!("SELECT recorded_at FROM source ORDER BY source_id")
        .fetch_all(&mut *conn)
        .await?;
    let items = sqlx::query_scalar!(
        "SELECT recorded_at FROM agenda_item WHERE process_id = ?1 ORDER BY agenda_item_id",
        process_id
    )
    .fetch_all(&mut *conn)
    .await?;
    let edits = edit_history(conn, process_id).await?;
    Ok(Stamps {
        source_versions: edits.sources,
        party_versions: edits.parties,
        removed_aliases: edits.removed_aliases,
        item_versions: edits.items,
        process,
        parties,
        persons,
        outlets,
        sources,
        items,
        rounds: Vec::new(),
        writes: Vec::new(),
    })
}

/// Each record's instant with its aliases' instants, in the order both were read.
fn stamped(
    records: impl Iterator<Item = (i64, Recorded)>,
    aliases: impl Iterator<Item = (i64, Recorded)>,
) -> Vec<PartyStamps> {
    let mut by_owner: HashMap<i64, Vec<Recorded>> = HashMap::new();
    for (owner, recorded_at) in aliases {
        by_owner.entry(owner).or_default().push(recorded_at);
    }
    records
        .map(|(id, recorded_at)| PartyStamps {
            recorded_at,
            aliases: by_owner.remove(&id).unwrap_or_default(),
        })
        .collect()
}

/// The instants of the rows of rounds numbered `first` to `last`, by table and row id.
#[derive(Default)]
struct Instants(HashMap<(&'static str, i64), Recorded>);

impl Instants {
    fn of(&mut self, table: &'static str, id: i64) -> Result<Recorded> {
        self.0
            .remove(&(table, id))
            .ok_or_else(|| Error::Unreadable(format!("no recorded_at for {table} {id}")))
    }
}

/// The stamps of a run of rounds, aligned with what [`export_rounds`] read.
async fn round_stamps(
    conn: &mut SqliteConnection,
    process_id: i64,
    (first, last): (i64, i64),
    read: &[(Round, RowIds)],
) -> Result<Vec<RoundStamps>> {
    let mut instants = Instants::default();
    for row in sqlx::query!(
        r#"SELECT 'round' AS "kind!: String", r.round_id AS "id!: i64", r.recorded_at
           FROM round_order o JOIN round r ON r.round_id = o.round_id
           WHERE o.process_id = ?1 AND o.number BETWEEN ?2 AND ?3
           UNION ALL
           SELECT 'round_party', rp.round_party_id, rp.recorded_at
           FROM round_order o JOIN round_party rp ON rp.round_id = o.round_id
           WHERE o.process_id = ?1 AND o.number BETWEEN ?2 AND ?3
           UNION ALL
           SELECT 'status_record', sr.status_record_id, sr.recorded_at
           FROM round_order o JOIN status_record sr ON sr.round_id = o.round_id
           WHERE o.process_id = ?1 AND o.number BETWEEN ?2 AND ?3
             AND NOT EXISTS (SELECT 1 FROM status_record c WHERE c.supersedes_status_record_id = sr.status_record_id)
           UNION ALL
           SELECT 'position', p.position_id, p.recorded_at
           FROM round_order o JOIN position p ON p.round_id = o.round_id
           WHERE o.process_id = ?1 AND o.number BETWEEN ?2 AND ?3
             AND NOT EXISTS (SELECT 1 FROM position c WHERE c.supersedes_position_id = p.position_id)
           UNION ALL
           SELECT 'commitment', c.commitment_id, c.recorded_at
           FROM round_order o JOIN commitment c ON c.round_id = o.round_id
           WHERE o.process_id = ?1 AND o.number BETWEEN ?2 AND ?3
           UNION ALL
           SELECT 'quote', q.quote_id, q.recorded_at
           FROM round_order o JOIN quote q ON q.round_id = o.round_id
           WHERE o.process_id = ?1 AND o.number BETWEEN ?2 AND ?3
           UNION ALL
           SELECT 'round_note', n.round_note_id, n.recorded_at
           FROM round_order o JOIN round_note n ON n.round_id = o.round_id
           WHERE o.process_id = ?1 AND o.number BETWEEN ?2 AND ?3"#,
        process_id,
        first,
        last
    )
    .fetch_all(&mut *conn)
    .await?
    {
        let table = TABLES
            .iter()
            .find(|t| **t == row.kind)
            .expect("the query names its tables");
        instants.0.insert((table, row.id), row.recorded_at);
    }
    let round_ids: Vec<i64> = read.iter().map(|(_, ids)| ids.round).collect();
    let round_ids = serde_json::to_string(&round_ids).expect("ids serialise");
    let mut versions = round_versions_of(conn, &round_ids).await?;
    let mut participant_versions = participant_versions_of(conn, &round_ids).await?;
    let mut statuses = superseded_statuses(conn, process_id, first, last).await?;
    let mut positions = superseded_positions(conn, process_id, first, last).await?;
    let mut fates = commitment_fates(conn, process_id, first, last).await?;

    let mut stamps = Vec::with_capacity(read.len());
    for (round, ids) in read {
        let id = ids.round;
        let all = |list: &[i64], table, instants: &mut Instants| {
            list.iter()
                .map(|row| instants.of(table, *row))
                .collect::<Result<Vec<_>>>()
        };
        let mut status_stamps = Vec::new();
        for (claim, row) in round.statuses.iter().zip(&ids.statuses) {
            status_stamps.push(ClaimStamps {
                recorded_at: instants.of("status_record", *row)?,
                superseded: statuses
                    .remove(&(id, claim.item.clone()))
                    .unwrap_or_default(),
            });
        }
        let mut position_stamps = Vec::new();
        for (claim, row) in round.positions.iter().zip(&ids.positions) {
            position_stamps.push(ClaimStamps {
                recorded_at: instants.of("position", *row)?,
                superseded: positions
                    .remove(&(id, claim.party.clone(), claim.item.clone()))
                    .unwrap_or_default(),
            });
        }
        let mut commitment_stamps = Vec::new();
        for row in &ids.commitments {
            commitment_stamps.push(CommitmentStamps {
                recorded_at: instants.of("commitment", *row)?,
                fates: fates.remove(row).unwrap_or_default(),
            });
        }
        stamps.push(RoundStamps {
            recorded_at: instants.of("round", id)?,
            versions: versions.remove(&id).unwrap_or_default(),
            participants: all(&ids.participants, "round_party", &mut instants)?,
            statuses: status_stamps,
            positions: position_stamps,
            commitments: commitment_stamps,
            quotes: all(&ids.quotes, "quote", &mut instants)?,
            notes: all(&ids.notes, "round_note", &mut instants)?,
            retracted: None,
            retractions: Vec::new(),
            participant_versions: participant_versions.remove(&id).unwrap_or_default(),
        });
    }
    Ok(stamps)
}

/// The tables whose rows [`round_stamps`] reads the instants of.
const TABLES: &[&str] = &[
    "round",
    "round_party",
    "status_record",
    "position",
    "commitment",
    "quote",
    "round_note",
];

/// The citations of the superseded records of one kind (`status_record_id` or
/// `position_id` set), by record.
fn group_citations(
    rows: impl IntoIterator<Item = (i64, String, Option<i64>)>,
) -> Result<HashMap<i64, Vec<Citation>>> {
    let mut cited: HashMap<i64, Vec<Citation>> = HashMap::new();
    for (id, source, credibility) in rows {
        cited.entry(id).or_default().push(Citation {
            source,
            credibility: credibility
                .map(|g| Credibility::new(g).map_err(Error::Unreadable))
                .transpose()?,
        });
    }
    Ok(cited)
}

/// The status records a later one corrected, by round and item, oldest first.
async fn superseded_statuses(
    conn: &mut SqliteConnection,
    process_id: i64,
    first: i64,
    last: i64,
) -> Result<HashMap<(i64, String), Vec<StatusVersion>>> {
    let cited = group_citations(
        sqlx::query!(
            r#"SELECT c.status_record_id AS "id!: i64", s.slug, c.credibility
               FROM round_order o JOIN status_record sr ON sr.round_id = o.round_id
               JOIN citation c ON c.status_record_id = sr.status_record_id
               JOIN source s ON s.source_id = c.source_id
               WHERE o.process_id = ?1 AND o.number BETWEEN ?2 AND ?3
                 AND EXISTS (SELECT 1 FROM status_record n WHERE n.supersedes_status_record_id = sr.status_record_id)
               ORDER BY c.citation_id"#,
            process_id,
            first,
            last
        )
        .fetch_all(&mut *conn)
        .await?
        .into_iter()
        .map(|c| (c.id, c.slug, c.credibility)),
    )?;
    let mut cited = cited;
    let mut superseded: HashMap<(i64, String), Vec<StatusVersion>> = HashMap::new();
    for s in sqlx::query!(
        r#"SELECT sr.status_record_id AS "id!", sr.round_id, i.slug AS item, sr.status, sr.note,
                  sr.confidence, sr.recorded_at
           FROM round_order o JOIN status_record sr ON sr.round_id = o.round_id
           JOIN agenda_item i ON i.agenda_item_id = sr.agenda_item_id
           WHERE o.process_id = ?1 AND o.number BETWEEN ?2 AND ?3
             AND EXISTS (SELECT 1 FROM status_record n WHERE n.supersedes_status_record_id = sr.status_record_id)
           ORDER BY sr.status_record_id"#,
        process_id,
        first,
        last
    )
    .fetch_all(&mut *conn)
    .await?
    {
        superseded
            .entry((s.round_id, s.item))
            .or_default()
            .push(StatusVersion {
                status: known("status_record", s.id, "status", &s.status)?,
                note: s.note,
                confidence: s
                    .confidence
                    .map(|g| Credibility::new(g).map_err(Error::Unreadable))
                    .transpose()?,
                sources: cited.remove(&s.id).unwrap_or_default(),
                recorded_at: s.recorded_at,
            });
    }
    Ok(superseded)
}

/// The positions a later row corrected, by round, party and item, oldest first.
async fn superseded_positions(
    conn: &mut SqliteConnection,
    process_id: i64,
    first: i64,
    last: i64,
) -> Result<HashMap<(i64, String, String), Vec<PositionVersion>>> {
    let mut cited = group_citations(
        sqlx::query!(
            r#"SELECT c.position_id AS "id!: i64", s.slug, c.credibility
               FROM round_order o JOIN position p ON p.round_id = o.round_id
               JOIN citation c ON c.position_id = p.position_id
               JOIN source s ON s.source_id = c.source_id
               WHERE o.process_id = ?1 AND o.number BETWEEN ?2 AND ?3
                 AND EXISTS (SELECT 1 FROM position n WHERE n.supersedes_position_id = p.position_id)
               ORDER BY c.citation_id"#,
            process_id,
            first,
            last
        )
        .fetch_all(&mut *conn)
        .await?
        .into_iter()
        .map(|c| (c.id, c.slug, c.credibility)),
    )?;
    let mut superseded: HashMap<(i64, String, String), Vec<PositionVersion>> = HashMap::new();
    for p in sqlx::query!(
        r#"SELECT p.position_id AS "id!", p.round_id, pa.slug AS party, i.slug AS item, p.stance,
                  p.note, p.recorded_at
           FROM round_order o JOIN position p ON p.round_id = o.round_id
           JOIN agenda_item i ON i.agenda_item_id = p.agenda_item_id
           JOIN party pa ON pa.party_id = p.party_id
           WHERE o.process_id = ?1 AND o.number BETWEEN ?2 AND ?3
             AND EXISTS (SELECT 1 FROM position n WHERE n.supersedes_position_id = p.position_id)
           ORDER BY p.position_id"#,
        process_id,
        first,
        last
    )
    .fetch_all(&mut *conn)
    .await?
    {
        superseded
            .entry((p.round_id, p.party, p.item))
            .or_default()
            .push(PositionVersion {
                stance: known("position", p.id, "stance", &p.stance)?,
                note: p.note,
                sources: cited.remove(&p.id).unwrap_or_default(),
                recorded_at: p.recorded_at,
            });
    }
    Ok(superseded)
}

/// Every fate of the commitments of these rounds, by commitment, in the order written.
async fn commitment_fates(
    conn: &mut SqliteConnection,
    process_id: i64,
    first: i64,
    last: i64,
) -> Result<HashMap<i64, Vec<FateRecord>>> {
    let mut fates: HashMap<i64, Vec<FateRecord>> = HashMap::new();
    for f in sqlx::query!(
        r#"SELECT f.commitment_fate_id AS "id!", f.commitment_id, f.fate, f.note,
                  r.slug AS "round?", f.recorded_at
           FROM round_order o JOIN commitment c ON c.round_id = o.round_id
           JOIN commitment_fate f ON f.commitment_id = c.commitment_id
           LEFT JOIN round r ON r.round_id = f.round_id
           WHERE o.process_id = ?1 AND o.number BETWEEN ?2 AND ?3
           ORDER BY f.commitment_fate_id"#,
        process_id,
        first,
        last
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
    Ok(fates)
}
