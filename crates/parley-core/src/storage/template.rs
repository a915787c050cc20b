//! What a round file for a process's next round starts from (`parley round new`): the
//! last round held and who took part in it, every agenda item with its status in
//! force, and the sources most likely to be cited. Read in a few indexed statements,
//! without loading every round or every source.

use serde::Serialize;

use super::Database;
use crate::error::Result;

/// Everything the template of a process's next round shows.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NextRoundFacts {
    /// The last round held, if any.
    pub last_round: Option<LastRound>,
    /// Who took part in the last round held, in the order they were recorded.
    pub participants: Vec<TemplateParticipant>,
    /// Every agenda item of the process, in the order they were recorded, with its
    /// status in force.
    pub items: Vec<TemplateItem>,
    /// The sources most recently added or cited: those not cited yet first (newest
    /// first: likely added for the round being logged), then by their latest citation.
    pub sources: Vec<TemplateSource>,
    /// How many sources the database holds in all.
    pub source_count: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct LastRound {
    pub round_id: i64,
    pub slug: String,
    pub title: String,
    pub date: Option<String>,
    pub location: Option<String>,
    pub format: Option<String>,
    pub level: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct TemplateParticipant {
    pub party: String,
    pub name: String,
    pub role: String,
    pub note: Option<String>,
    /// The person who led the delegation at the last round (slug), and their name.
    pub lead: Option<String>,
    pub lead_name: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct TemplateItem {
    pub item: String,
    pub title: String,
    pub parent: Option<String>,
    /// The status in force, and the round and date of the record that set it.
    pub status: Option<String>,
    pub round: Option<String>,
    pub round_date: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct TemplateSource {
    pub source: String,
    pub outlet: String,
    pub published_on: Option<String>,
}

impl Database {
    /// What the template of `process_id`'s next round starts from, with at most
    /// `sources` sources.
    pub async fn next_round_facts(&self, process_id: i64, sources: i64) -> Result<NextRoundFacts> {
        let pool = self.pool();
        // round_sequence numbers the rounds per process: the filter on its partition
        // column reaches the window, so only this process's rounds are read.
        let last_round = sqlx::query_as!(
            LastRound,
            r#"SELECT r.round_id AS "round_id!", r.slug, r.title, r.start_date AS date,
                      r.location, r.format, r.level
               FROM round_sequence s JOIN round r ON r.round_id = s.round_id
               WHERE s.process_id = ?1 AND s.state = 'held'
               ORDER BY s.number DESC
               LIMIT 1"#,
            process_id
        )
        .fetch_optional(pool)
        .await?;

        let participants = match &last_round {
            None => Vec::new(),
            Some(last) => {
                sqlx::query_as!(
                    TemplateParticipant,
                    r#"SELECT p.slug AS party, p.name, rp.role, rp.note,
                              pe.slug AS "lead?", pe.name AS "lead_name?"
                       FROM round_party rp JOIN party p ON p.party_id = rp.party_id
                       LEFT JOIN person pe ON pe.person_id = rp.lead_person_id
                       WHERE rp.round_id = ?1
                       ORDER BY rp.round_party_id"#,
                    last.round_id
                )
                .fetch_all(pool)
                .await?
            }
        };

        let items = sqlx::query_as!(
            TemplateItem,
            r#"SELECT i.slug AS item, i.title, parent.slug AS "parent?",
                      c.status AS "status?", c.round AS "round?", c.round_date AS "round_date?"
               FROM agenda_item i
               LEFT JOIN agenda_item parent ON parent.agenda_item_id = i.parent_agenda_item_id
               LEFT JOIN current_status c ON c.agenda_item_id = i.agenda_item_id
               WHERE i.process_id = ?1
               ORDER BY i.agenda_item_id"#,
            process_id
        )
        .fetch_all(pool)
        .await?;

        // A source's latest citation is one step down the citation_source_id index
        // (whose entries end with the row id), so ranking the sources reads one index
        // entry per source rather than every citation.
        let sources = sqlx::query_as!(
            TemplateSource,
            r#"SELECT source AS "source!: String", outlet AS "outlet!: String",
                      published_on AS "published_on?: String"
               FROM (SELECT s.slug AS source, s.outlet, s.published_on, s.source_id,
                            (SELECT max(c.citation_id) FROM citation c
                             WHERE c.source_id = s.source_id) AS last_cited
                     FROM source s)
               ORDER BY last_cited IS NOT NULL, last_cited DESC, source_id DESC
               LIMIT ?1"#,
            sources
        )
        .fetch_all(pool)
        .await?;
        let source_count = sqlx::query_scalar!(r#"SELECT count(*) AS "n!: i64" FROM source"#)
            .fetch_one(pool)
            .await?;

        Ok(NextRoundFacts {
            last_round,
            participants,
            items,
            sources,
            source_count,
        })
    }

    /// Whether a process holds a round of this slug.
    pub async fn round_exists(&self, process_id: i64, slug: &str) -> Result<bool> {
        Ok(sqlx::query_scalar!(
            r#"SELECT EXISTS (SELECT 1 FROM round WHERE process_id = ?1 AND slug = ?2) AS "held!: bool""#,
            process_id,
            slug
        )
        .fetch_one(self.pool())
        .await?)
    }
}
