//! `export` on a server: [`parley_core::storage::Database::export`]'s reads in PostgreSQL's
//! words (queries/export_*.sql), in one `REPEATABLE READ READ ONLY` transaction so
//! that every statement sees the same moment, as one SQLite read transaction does.
//! The rows become the dossier in [`parley_core::storage::export_rows`], as the file's do,
//! so that the round files are the same bytes.

use sqlx::{Connection, PgConnection};

use super::Server;
use parley_core::domain::model::{Dossier, Round};
use parley_core::error::Result;
use parley_core::storage::export_rows::{
    self, CitationRow, CommitmentRow, HeadRows, ItemRow, NoteRow, OutletRow, Owned, ParticipantRow,
    PartyRow, PersonRow, PositionRow, ProcessRow, QuoteRow, RoundRow, RowIds, RunRows, SourceRow,
    StatusRow,
};

/// The transaction every read of one export runs in.
pub(super) const SNAPSHOT: &str = "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY";

const PROCESS: &str = "SELECT slug, name, description FROM process WHERE process_id = $1";
const PARTY_ALIASES: &str =
    "SELECT party_id AS owner, alias AS name FROM party_alias ORDER BY party_alias_id";
const PARTIES: &str = "SELECT party_id, slug, name, short_code, kind FROM party ORDER BY party_id";
const PERSON_ALIASES: &str =
    "SELECT person_id AS owner, alias AS name FROM person_alias ORDER BY person_alias_id";
const PERSONS: &str = "SELECT p.person_id, p.slug, p.name, pa.slug AS party, p.role
     FROM person p JOIN party pa ON pa.party_id = p.party_id ORDER BY p.person_id";
const OUTLET_ALIASES: &str =
    "SELECT outlet_id AS owner, alias AS name FROM outlet_alias ORDER BY outlet_alias_id";
const OUTLETS: &str = "SELECT outlet_id, slug, name FROM outlet ORDER BY outlet_id";
const SOURCES: &str =
    "SELECT s.slug, s.outlet, o.slug AS outlet_slug, s.obtained_via, s.title, s.url,
            s.published_on, s.reliability
     FROM source s LEFT JOIN outlet o ON o.outlet_id = s.outlet_id ORDER BY s.source_id";
const ITEMS: &str = "SELECT i.slug, p.slug AS parent, i.title, i.description
     FROM agenda_item i LEFT JOIN agenda_item p ON p.agenda_item_id = i.parent_agenda_item_id
     WHERE i.process_id = $1 ORDER BY i.agenda_item_id";
const ROUND_COUNT: &str =
    "SELECT COALESCE(MAX(number), 0)::bigint FROM round_order WHERE process_id = $1";
const CHOSEN_NUMBERS: &str = "SELECT DISTINCT number FROM round_order
     WHERE process_id = $1 AND round_id = ANY($2) ORDER BY number";

impl Server {
    /// The process with the given rounds (all of them when `rounds` is empty), as
    /// [`parley_core::storage::Database::export`] hands it over: the head, then the rounds
    /// in order, a run at a time, until `send` says `false`.
    pub async fn export(
        &self,
        process_id: i64,
        rounds: &[i64],
        mut send: impl AsyncFnMut(Dossier) -> bool,
    ) -> Result<()> {
        let mut conn = self.pool().acquire().await?;
        let mut tx = conn.begin_with(SNAPSHOT).await?;
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
pub(super) async fn export_head(conn: &mut PgConnection, process_id: i64) -> Result<Dossier> {
    let process: ProcessRow = sqlx::query_as(PROCESS)
        .bind(process_id)
        .fetch_one(&mut *conn)
        .await?;
    let party_aliases: Vec<Owned> = sqlx::query_as(PARTY_ALIASES).fetch_all(&mut *conn).await?;
    let parties: Vec<PartyRow> = sqlx::query_as(PARTIES).fetch_all(&mut *conn).await?;
    let person_aliases: Vec<Owned> = sqlx::query_as(PERSON_ALIASES).fetch_all(&mut *conn).await?;
    let persons: Vec<PersonRow> = sqlx::query_as(PERSONS).fetch_all(&mut *conn).await?;
    let outlet_aliases: Vec<Owned> = sqlx::query_as(OUTLET_ALIASES).fetch_all(&mut *conn).await?;
    let outlets: Vec<OutletRow> = sqlx::query_as(OUTLETS).fetch_all(&mut *conn).await?;
    let sources: Vec<SourceRow> = sqlx::query_as(SOURCES).fetch_all(&mut *conn).await?;
    let items: Vec<ItemRow> = sqlx::query_as(ITEMS)
        .bind(process_id)
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

/// The runs of round numbers to read, in order: every round of the process in runs,
/// or each chosen round on its own.
pub(super) async fn runs(
    conn: &mut PgConnection,
    process_id: i64,
    rounds: &[i64],
) -> Result<Vec<(i64, i64)>> {
    if rounds.is_empty() {
        let count: i64 = sqlx::query_scalar(ROUND_COUNT)
            .bind(process_id)
            .fetch_one(&mut *conn)
            .await?;
        return Ok(export_rows::runs_of(count));
    }
    let numbers: Vec<i64> = sqlx::query_scalar(CHOSEN_NUMBERS)
        .bind(process_id)
        .bind(rounds)
        .fetch_all(&mut *conn)
        .await?;
    Ok(numbers.into_iter().map(|n| (n, n)).collect())
}

/// The rows of one kind for the rounds numbered `first` to `last` of a process.
async fn run_rows<T>(
    conn: &mut PgConnection,
    sql: &'static str,
    (process_id, first, last): (i64, i64, i64),
) -> Result<Vec<T>>
where
    T: for<'r> sqlx::FromRow<'r, sqlx::postgres::PgRow> + Send + Unpin,
{
    Ok(sqlx::query_as(sql)
        .bind(process_id)
        .bind(first)
        .bind(last)
        .fetch_all(&mut *conn)
        .await?)
}

/// The rounds numbered `first` to `last`, with their claims in force and every
/// claim's sources, each with the row ids it was read from.
pub(super) async fn export_rounds(
    conn: &mut PgConnection,
    process_id: i64,
    process_slug: &str,
    first: i64,
    last: i64,
) -> Result<Vec<(Round, RowIds)>> {
    let run = (process_id, first, last);
    let citations: Vec<CitationRow> =
        run_rows(conn, include_str!("queries/export_citations.sql"), run).await?;
    let rounds: Vec<RoundRow> =
        run_rows(conn, include_str!("queries/export_rounds.sql"), run).await?;
    let participants: Vec<ParticipantRow> =
        run_rows(conn, include_str!("queries/export_participants.sql"), run).await?;
    let statuses: Vec<StatusRow> =
        run_rows(conn, include_str!("queries/export_statuses.sql"), run).await?;
    let positions: Vec<PositionRow> =
        run_rows(conn, include_str!("queries/export_positions.sql"), run).await?;
    let bound: Vec<Owned> = run_rows(conn, include_str!("queries/export_bound.sql"), run).await?;
    let commitments: Vec<CommitmentRow> =
        run_rows(conn, include_str!("queries/export_commitments.sql"), run).await?;
    let quotes: Vec<QuoteRow> =
        run_rows(conn, include_str!("queries/export_quotes.sql"), run).await?;
    let named: Vec<Owned> = run_rows(conn, include_str!("queries/export_named.sql"), run).await?;
    let notes: Vec<NoteRow> = run_rows(conn, include_str!("queries/export_notes.sql"), run).await?;
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
