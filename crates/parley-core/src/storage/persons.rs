//! Reads behind `person list`, `person show` and `outlet list`: persons and outlets
//! with their names, and everything a person did at the rounds, in round order.

use serde::Serialize;

use super::Database;
use crate::error::Result;

#[derive(Debug, Clone, Default, PartialEq, Serialize, sqlx::FromRow)]
pub struct PersonListRow {
    pub person: String,
    pub name: String,
    pub party: String,
    pub role: Option<String>,
    pub aliases: Option<String>,
    /// Rounds at which they led a delegation, spoke or were named.
    pub rounds: i64,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, sqlx::FromRow)]
pub struct OutletListRow {
    pub outlet: String,
    pub name: String,
    pub aliases: Option<String>,
    pub sources: i64,
}

/// One thing a person did at a round: led a delegation, spoke a quote, or was named
/// by a note.
#[derive(Debug, Clone, Default, PartialEq, Serialize, sqlx::FromRow)]
pub struct PersonRecordRow {
    pub process: String,
    pub number: i64,
    pub round: String,
    pub date: Option<String>,
    /// `led`, `quote` or `note`.
    pub part: String,
    /// The party led, or the side the quote speaks for.
    pub party: Option<String>,
    /// The delegation's role, the quote's words, or the note's kind and body.
    pub text: String,
}

impl Database {
    pub async fn list_persons(&self) -> Result<Vec<PersonListRow>> {
        Ok(sqlx::query_as!(
            PersonListRow,
            r#"SELECT p.slug AS person, p.name, pa.slug AS party, p.role,
                      (SELECT group_concat(a.alias, ', ') FROM person_alias a WHERE a.person_id = p.person_id)
                          AS "aliases?: String",
                      (SELECT count(*) FROM (
                           SELECT round_id FROM round_party WHERE lead_person_id = p.person_id
                           UNION SELECT round_id FROM quote WHERE speaker_person_id = p.person_id
                           UNION SELECT n.round_id FROM round_note_person np
                                 JOIN round_note n ON n.round_note_id = np.round_note_id
                                 WHERE np.person_id = p.person_id)) AS "rounds!: i64"
               FROM person p JOIN party pa ON pa.party_id = p.party_id
               ORDER BY p.person_id"#
        )
        .fetch_all(self.pool())
        .await?)
    }

    pub async fn list_outlets(&self) -> Result<Vec<OutletListRow>> {
        Ok(sqlx::query_as!(
            OutletListRow,
            r#"SELECT o.slug AS outlet, o.name,
                      (SELECT group_concat(a.alias, ', ') FROM outlet_alias a WHERE a.outlet_id = o.outlet_id)
                          AS "aliases?: String",
                      (SELECT count(*) FROM source s WHERE s.outlet_id = o.outlet_id) AS "sources!: i64"
               FROM outlet o ORDER BY o.outlet_id"#
        )
        .fetch_all(self.pool())
        .await?)
    }

    /// Every delegation a person led, quote they spoke and note naming them, in round
    /// order (by process, then number), then in that order of parts, then as recorded.
    pub async fn person_records(&self, person: &str) -> Result<Vec<PersonRecordRow>> {
        Ok(sqlx::query_as!(
            PersonRecordRow,
            r#"SELECT pr.slug AS "process!: String", o.number AS "number!: i64", r.slug AS "round!: String",
                      r.start_date AS date, x.part AS "part!: String", x.party, x.text AS "text!: String"
               FROM person pe
               JOIN (SELECT rp.lead_person_id AS person_id, rp.round_id, 0 AS ord, rp.round_party_id AS id,
                            'led' AS part, pa.slug AS party, rp.role AS text
                     FROM round_party rp JOIN party pa ON pa.party_id = rp.party_id
                     WHERE rp.lead_person_id IS NOT NULL
                     UNION ALL
                     SELECT q.speaker_person_id, q.round_id, 1, q.quote_id, 'quote', pa.slug, q.text
                     FROM quote q LEFT JOIN party pa ON pa.party_id = q.party_id
                     WHERE q.speaker_person_id IS NOT NULL
                     UNION ALL
                     SELECT np.person_id, n.round_id, 2, n.round_note_id, 'note', NULL, n.kind || ': ' || n.body
                     FROM round_note_person np JOIN round_note n ON n.round_note_id = np.round_note_id) x
                 ON x.person_id = pe.person_id
               JOIN round r ON r.round_id = x.round_id
               JOIN round_order o ON o.round_id = r.round_id
               JOIN process pr ON pr.process_id = r.process_id
               WHERE pe.slug = ?1
               ORDER BY pr.slug, o.number, x.ord, x.id"#,
            person
        )
        .fetch_all(self.pool())
        .await?)
    }
}
