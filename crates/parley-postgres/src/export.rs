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
    let process = sqlx::query_as!(
        ProcessRow,
        "SELECT slug, name, description FROM process WHERE process_id = $1",
        process_id
    )
    .fetch_one(&mut *conn)
    .await?;
    let party_aliases = sqlx::query_as!(
        Owned,
        "SELECT party_id AS owner, alias AS name FROM party_alias ORDER BY party_alias_id"
    )
    .fetch_all(&mut *conn)
    .await?;
    let parties = sqlx::query_as!(
        PartyRow,
        "SELECT party_id, slug, name, short_code, kind FROM party ORDER BY party_id"
    )
    .fetch_all(&mut *conn)
    .await?;
    let person_aliases = sqlx::query_as!(
        Owned,
        "SELECT person_id AS owner, alias AS name FROM person_alias ORDER BY person_alias_id"
    )
    .fetch_all(&mut *conn)
    .await?;
    let persons = sqlx::query_as!(
        PersonRow,
        "SELECT p.person_id, p.slug, p.name, pa.slug AS party, p.role
         FROM person p JOIN party pa ON pa.party_id = p.party_id ORDER BY p.person_id"
    )
    .fetch_all(&mut *conn)
    .await?;
    let outlet_aliases = sqlx::query_as!(
        Owned,
        "SELECT outlet_id AS owner, alias AS name FROM outlet_alias ORDER BY outlet_alias_id"
    )
    .fetch_all(&mut *conn)
    .await?;
    let outlets = sqlx::query_as!(
        OutletRow,
        "SELECT outlet_id, slug, name FROM outlet ORDER BY outlet_id"
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
           WHERE i.process_id = $1 ORDER BY i.agenda_item_id"#,
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

/// The runs of round numbers to read, in order: every round of the process in runs,
/// or each chosen round on its own.
pub(super) async fn runs(
    conn: &mut PgConnection,
    process_id: i64,
    rounds: &[i64],
) -> Result<Vec<(i64, i64)>> {
    if rounds.is_empty() {
        let count = sqlx::query_scalar!(
            r#"SELECT COALESCE(MAX(number), 0)::bigint AS "count!"
               FROM round_order WHERE process_id = $1"#,
            process_id
        )
        .fetch_one(&mut *conn)
        .await?;
        return Ok(export_rows::runs_of(count));
    }
    let numbers = sqlx::query_scalar!(
        "SELECT DISTINCT number FROM round_order
         WHERE process_id = $1 AND round_id = ANY($2) ORDER BY number",
        process_id,
        rounds
    )
    .fetch_all(&mut *conn)
    .await?;
    Ok(numbers.into_iter().map(|n| (n, n)).collect())
}

/// The rows of one kind for the rounds numbered `first` to `last` of a process
/// (`$1`, `$2`, `$3` of queries/export_<kind>.sql), read into `$row`.
macro_rules! run_rows {
    ($conn:expr, $row:ident, $file:literal, $process_id:expr, $first:expr, $last:expr) => {
        sqlx::query_file_as!($row, $file, $process_id, $first, $last)
            .fetch_all(&mut *$conn)
            .await?
    };
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
    let citations = run_rows!(
        conn,
        CitationRow,
        "src/queries/export_citations.sql",
        process_id,
        first,
        last
    );
    let rounds = run_rows!(
        conn,
        RoundRow,
        "src/queries/export_rounds.sql",
        process_id,
        first,
        last
    );
    let participants = run_rows!(
        conn,
        ParticipantRow,
        "src/queries/export_participants.sql",
        process_id,
        first,
        last
    );
    let statuses = run_rows!(
        conn,
        StatusRow,
        "src/queries/export_statuses.sql",
        process_id,
        first,
        last
    );
    let positions = run_rows!(
        conn,
        PositionRow,
        "src/queries/export_positions.sql",
        process_id,
        first,
        last
    );
    let bound = run_rows!(
        conn,
        Owned,
        "src/queries/export_bound.sql",
        process_id,
        first,
        last
    );
    let commitments = run_rows!(
        conn,
        CommitmentRow,
        "src/queries/export_commitments.sql",
        process_id,
        first,
        last
    );
    let quotes = run_rows!(
        conn,
        QuoteRow,
        "src/queries/export_quotes.sql",
        process_id,
        first,
        last
    );
    let named = run_rows!(
        conn,
        Owned,
        "src/queries/export_named.sql",
        process_id,
        first,
        last
    );
    let notes = run_rows!(
        conn,
        NoteRow,
        "src/queries/export_notes.sql",
        process_id,
        first,
        last
    );
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
