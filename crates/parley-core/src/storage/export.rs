//! Reading a process back into the domain's [`Dossier`], the shape a round file
//! holds: the records in force now, without the corrections they replaced, the
//! claims retracted or the rounds retracted (which are not in round_order). The
//! rounds are read a run at a time and handed over as they are read, so that an
//! export of any size holds one run in memory. The rows read become the dossier in
//! [`super::export_rows`], which the PostgreSQL export calls too.

use sqlx::SqliteConnection;

use super::Database;
pub(super) use super::export_rows::RowIds;
use super::export_rows::{
    self, CitationRow, CommitmentRow, HeadRows, ItemRow, NoteRow, OutletRow, Owned, ParticipantRow,
    PartyRow, PersonRow, PositionRow, ProcessRow, QuoteRow, RoundRow, RunRows, SourceRow,
    StatusRow,
};
use crate::domain::model::{Dossier, Round};
use crate::error::Result;

impl Database {
    /// The process with the given rounds (all of them when `rounds` is empty), read in
    /// one transaction, so that a write in the meantime is not half seen. `send` gets
    /// first the process with every party and source in the database and every item
    /// of the process, then the rounds in order, a run of them at a time (in a dossier
    /// that holds nothing else). When `send` says `false` (the reader has gone), the
    /// export stops.
    pub async fn export(
        &self,
        process_id: i64,
        rounds: &[i64],
        mut send: impl AsyncFnMut(Dossier) -> bool,
    ) -> Result<()> {
        let mut conn = self.pool().acquire().await?;
        let mut tx = sqlx::Connection::begin(&mut *conn).await?;
        let head = export_head(&mut tx, process_id).await?;
        let process = head.processes[0].slug.clone();
        if !send(head).await {
            return Ok(());
        }
        for (first, last) in runs(&mut tx, process_id, rounds).await? {
            let rounds = export_rounds(&mut tx, process_id, &process, first, last)
                .await?
                .into_iter()
                .map(|(round, _)| round)
                .collect();
            if !send(Dossier {
                rounds,
                ..Dossier::default()
            })
            .await
            {
                return Ok(());
            }
        }
        tx.commit().await?;
        Ok(())
    }
}

/// The process, every party, person, outlet and source, and the process's items.
pub(super) async fn export_head(conn: &mut SqliteConnection, process_id: i64) -> Result<Dossier> {
    let p = sqlx::query!(
        "SELECT slug, name, description FROM process WHERE process_id = ?1",
        process_id
    )
    .fetch_one(&mut *conn)
    .await?;
    let process = ProcessRow {
        slug: p.slug,
        name: p.name,
        description: p.description,
    };
    let party_aliases =
        sqlx::query!("SELECT party_id, alias FROM party_alias ORDER BY party_alias_id")
            .fetch_all(&mut *conn)
            .await?
            .into_iter()
            .map(|a| Owned {
                owner: a.party_id,
                name: a.alias,
            })
            .collect();
    let parties = sqlx::query_as!(
        PartyRow,
        r#"SELECT party_id AS "party_id!", slug, name, short_code, kind FROM party ORDER BY party_id"#
    )
    .fetch_all(&mut *conn)
    .await?;
    let person_aliases =
        sqlx::query!("SELECT person_id, alias FROM person_alias ORDER BY person_alias_id")
            .fetch_all(&mut *conn)
            .await?
            .into_iter()
            .map(|a| Owned {
                owner: a.person_id,
                name: a.alias,
            })
            .collect();
    let persons = sqlx::query_as!(
        PersonRow,
        r#"SELECT p.person_id AS "person_id!", p.slug, p.name, pa.slug AS party, p.role
           FROM person p JOIN party pa ON pa.party_id = p.party_id ORDER BY p.person_id"#
    )
    .fetch_all(&mut *conn)
    .await?;
    let outlet_aliases =
        sqlx::query!("SELECT outlet_id, alias FROM outlet_alias ORDER BY outlet_alias_id")
            .fetch_all(&mut *conn)
            .await?
            .into_iter()
            .map(|a| Owned {
                owner: a.outlet_id,
                name: a.alias,
            })
            .collect();
    let outlets = sqlx::query_as!(
        OutletRow,
        r#"SELECT outlet_id AS "outlet_id!", slug, name FROM outlet ORDER BY outlet_id"#
    )
    .fetch_all(&mut *conn)
    .await?;
    let sources = sqlx::query_as!(
        SourceRow,
        r#"SELECT s.slug, s.outlet, o.slug AS "outlet_slug?", s.obtained_via, s.title, s.url,
                  s.published_on, s.reliability
           FROM source s LEFT JOIN outlet o ON o.outlet_id = s.outlet_id ORDER BY s.source_id"#
    )
    .fetch_all(&mut *conn)
    .await?;
    let items = sqlx::query_as!(
        ItemRow,
        r#"SELECT i.slug, p.slug AS "parent?", i.title, i.description
           FROM agenda_item i LEFT JOIN agenda_item p ON p.agenda_item_id = i.parent_agenda_item_id
           WHERE i.process_id = ?1 ORDER BY i.agenda_item_id"#,
        process_id
    )
    .fetch_all(&mut *conn)
    .await?;
    export_rows::head(HeadRows {
        process,
        party_aliases,
        parties,
        person_aliases,
        persons,
        outlet_aliases,
        outlets,
        sources,
        items,
    })
}

/// The runs of round numbers to read, in order: every round of the process in runs
/// of [`export_rows::ROUNDS_PER_RUN`], or each chosen round on its own.
pub(super) async fn runs(
    conn: &mut SqliteConnection,
    process_id: i64,
    rounds: &[i64],
) -> Result<Vec<(i64, i64)>> {
    if rounds.is_empty() {
        let count = sqlx::query_scalar!(
            r#"SELECT COALESCE(MAX(number), 0) AS "count!: i64" FROM round_order WHERE process_id = ?1"#,
            process_id
        )
        .fetch_one(&mut *conn)
        .await?;
        return Ok(export_rows::runs_of(count));
    }
    let ids = serde_json::to_string(rounds).expect("ids serialise");
    let numbers = sqlx::query_scalar!(
        r#"SELECT DISTINCT number AS "number!: i64" FROM round_order
           WHERE process_id = ?1 AND round_id IN (SELECT value FROM json_each(?2))
           ORDER BY number"#,
        process_id,
        ids
    )
    .fetch_all(&mut *conn)
    .await?;
    Ok(numbers.into_iter().map(|n| (n, n)).collect())
}

/// The rounds numbered `first` to `last`, with their claims in force and every
/// claim's sources, each with the row ids it was read from.
pub(super) async fn export_rounds(
    conn: &mut SqliteConnection,
    process_id: i64,
    process_slug: &str,
    first: i64,
    last: i64,
) -> Result<Vec<(Round, RowIds)>> {
    // Citations of every claim of these rounds, in citation order.
    let citations = sqlx::query_as!(
        CitationRow,
        r#"SELECT c.round_id, c.status_record_id, c.position_id, c.commitment_id, c.quote_id,
                  c.round_note_id, s.slug, c.credibility
           FROM (SELECT c.* FROM round_order o JOIN citation c ON c.round_id = o.round_id
                 WHERE o.process_id = ?1 AND o.number BETWEEN ?2 AND ?3
                 UNION ALL
                 SELECT c.* FROM round_order o JOIN status_record sr ON sr.round_id = o.round_id
                 JOIN status_in_force f ON f.agenda_item_id = sr.agenda_item_id AND f.round_date_key = o.date_key
                                       AND f.round_id = sr.round_id AND f.status_record_id = sr.status_record_id
                 JOIN citation c ON c.status_record_id = sr.status_record_id
                 WHERE o.process_id = ?1 AND o.number BETWEEN ?2 AND ?3
                 UNION ALL
                 SELECT c.* FROM round_order o JOIN position p ON p.round_id = o.round_id
                 JOIN citation c ON c.position_id = p.position_id
                 WHERE o.process_id = ?1 AND o.number BETWEEN ?2 AND ?3
                 UNION ALL
                 SELECT c.* FROM round_order o JOIN commitment m ON m.round_id = o.round_id
                 JOIN citation c ON c.commitment_id = m.commitment_id
                 WHERE o.process_id = ?1 AND o.number BETWEEN ?2 AND ?3
                 UNION ALL
                 SELECT c.* FROM round_order o JOIN quote q ON q.round_id = o.round_id
                 JOIN citation c ON c.quote_id = q.quote_id
                 WHERE o.process_id = ?1 AND o.number BETWEEN ?2 AND ?3
                 UNION ALL
                 SELECT c.* FROM round_order o JOIN round_note n ON n.round_id = o.round_id
                 JOIN citation c ON c.round_note_id = n.round_note_id
                 WHERE o.process_id = ?1 AND o.number BETWEEN ?2 AND ?3) c
           JOIN source s ON s.source_id = c.source_id
           ORDER BY c.citation_id"#,
        process_id,
        first,
        last
    )
    .fetch_all(&mut *conn)
    .await?;
    let rounds = sqlx::query_as!(
        RoundRow,
        r#"SELECT r.round_id AS "round_id!", r.slug, r.title, r.start_date, r.end_date, r.location, r.format,
                  r.level, r.state, r.tone, r.summary
           FROM round_order o JOIN round r ON r.round_id = o.round_id
           WHERE o.process_id = ?1 AND o.number BETWEEN ?2 AND ?3 ORDER BY o.number"#,
        process_id,
        first,
        last
    )
    .fetch_all(&mut *conn)
    .await?;
    let participants = sqlx::query_as!(
        ParticipantRow,
        r#"SELECT rp.round_party_id AS "id!", rp.round_id, pa.slug, rp.role, rp.note, pe.slug AS "lead?"
         FROM round_order o JOIN round_party rp ON rp.round_id = o.round_id
         JOIN party pa ON pa.party_id = rp.party_id
         LEFT JOIN person pe ON pe.person_id = rp.lead_person_id
         WHERE o.process_id = ?1 AND o.number BETWEEN ?2 AND ?3 ORDER BY rp.round_party_id"#,
        process_id,
        first,
        last
    )
    .fetch_all(&mut *conn)
    .await?;
    let statuses = sqlx::query_as!(
        StatusRow,
        r#"SELECT sr.status_record_id AS "id!", sr.round_id, i.slug AS item, sr.status, sr.note, sr.confidence
           FROM round_order o JOIN status_record sr ON sr.round_id = o.round_id
           JOIN status_in_force f ON f.agenda_item_id = sr.agenda_item_id AND f.round_date_key = o.date_key
                                 AND f.round_id = sr.round_id AND f.status_record_id = sr.status_record_id
           JOIN agenda_item i ON i.agenda_item_id = sr.agenda_item_id
           WHERE o.process_id = ?1 AND o.number BETWEEN ?2 AND ?3
           ORDER BY o.number, sr.agenda_item_id"#,
        process_id,
        first,
        last
    )
    .fetch_all(&mut *conn)
    .await?;
    let positions = sqlx::query_as!(
        PositionRow,
        r#"SELECT p.position_id AS "id!", p.round_id, pa.slug AS party, i.slug AS item, p.stance, p.note
           FROM round_order o JOIN position p ON p.round_id = o.round_id
           JOIN agenda_item i ON i.agenda_item_id = p.agenda_item_id
           JOIN party pa ON pa.party_id = p.party_id
           WHERE o.process_id = ?1 AND o.number BETWEEN ?2 AND ?3
             AND NOT EXISTS (SELECT 1 FROM position n WHERE n.supersedes_position_id = p.position_id)
             AND NOT EXISTS (SELECT 1 FROM retraction x WHERE x.position_id = p.position_id)
           ORDER BY p.position_id"#,
        process_id,
        first,
        last
    )
    .fetch_all(&mut *conn)
    .await?;
    let bound = sqlx::query!(
        "SELECT cp.commitment_id, pa.slug
         FROM round_order o JOIN commitment c ON c.round_id = o.round_id
         JOIN commitment_party cp ON cp.commitment_id = c.commitment_id
         JOIN party pa ON pa.party_id = cp.party_id
         WHERE o.process_id = ?1 AND o.number BETWEEN ?2 AND ?3 ORDER BY cp.commitment_party_id",
        process_id,
        first,
        last
    )
    .fetch_all(&mut *conn)
    .await?
    .into_iter()
    .map(|b| Owned {
        owner: b.commitment_id,
        name: b.slug,
    })
    .collect();
    let commitments = sqlx::query_as!(
        CommitmentRow,
        r#"SELECT c.commitment_id AS "id!", c.round_id, c.slug, i.slug AS "item?", c.kind, c.description, c.due_date,
                  (SELECT f.fate FROM commitment_fate f WHERE f.commitment_id = c.commitment_id
                   ORDER BY f.recorded_at DESC, f.commitment_fate_id DESC LIMIT 1) AS "fate?: String",
                  (SELECT f.note FROM commitment_fate f WHERE f.commitment_id = c.commitment_id
                   ORDER BY f.recorded_at DESC, f.commitment_fate_id DESC LIMIT 1) AS "fate_note?: String"
           FROM round_order o JOIN commitment c ON c.round_id = o.round_id
           LEFT JOIN agenda_item i ON i.agenda_item_id = c.agenda_item_id
           WHERE o.process_id = ?1 AND o.number BETWEEN ?2 AND ?3
             AND NOT EXISTS (SELECT 1 FROM retraction x WHERE x.commitment_id = c.commitment_id)
           ORDER BY c.commitment_id"#,
        process_id,
        first,
        last
    )
    .fetch_all(&mut *conn)
    .await?;
    let quotes = sqlx::query_as!(
        QuoteRow,
        r#"SELECT q.quote_id AS "id!", q.round_id, pe.slug AS "speaker?", q.speaker_name, q.speaker_description,
                  pa.slug AS "party?", i.slug AS "item?", q.text
           FROM round_order o JOIN quote q ON q.round_id = o.round_id
           LEFT JOIN person pe ON pe.person_id = q.speaker_person_id
           LEFT JOIN party pa ON pa.party_id = q.party_id
           LEFT JOIN agenda_item i ON i.agenda_item_id = q.agenda_item_id
           WHERE o.process_id = ?1 AND o.number BETWEEN ?2 AND ?3
             AND NOT EXISTS (SELECT 1 FROM retraction x WHERE x.quote_id = q.quote_id)
           ORDER BY q.quote_id"#,
        process_id,
        first,
        last
    )
    .fetch_all(&mut *conn)
    .await?;
    let named = sqlx::query!(
        "SELECT np.round_note_id, pe.slug
         FROM round_order o JOIN round_note n ON n.round_id = o.round_id
         JOIN round_note_person np ON np.round_note_id = n.round_note_id
         JOIN person pe ON pe.person_id = np.person_id
         WHERE o.process_id = ?1 AND o.number BETWEEN ?2 AND ?3 ORDER BY np.round_note_person_id",
        process_id,
        first,
        last
    )
    .fetch_all(&mut *conn)
    .await?
    .into_iter()
    .map(|n| Owned {
        owner: n.round_note_id,
        name: n.slug,
    })
    .collect();
    let notes = sqlx::query_as!(
        NoteRow,
        r#"SELECT n.round_note_id AS "id!", n.round_id, n.kind, n.body
           FROM round_order o JOIN round_note n ON n.round_id = o.round_id
           WHERE o.process_id = ?1 AND o.number BETWEEN ?2 AND ?3
             AND NOT EXISTS (SELECT 1 FROM retraction x WHERE x.round_note_id = n.round_note_id)
           ORDER BY n.round_note_id"#,
        process_id,
        first,
        last
    )
    .fetch_all(&mut *conn)
    .await?;
    export_rows::rounds(
        RunRows {
            citations,
            rounds,
            participants,
            statuses,
            positions,
            bound,
            commitments,
            quotes,
            named,
            notes,
        },
        process_slug,
    )
}
