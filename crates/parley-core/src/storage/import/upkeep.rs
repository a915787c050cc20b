//! The upkeep a large import into an empty timeline postpones to its end: index
//! maintenance, the full-text index of status notes, and the rules' insert triggers,
//! each replaced by one set-wise pass once the rows are in. A copy from a server into
//! a new file (`storage::transfer`) loads the same way.

use sqlx::SqliteConnection;

use crate::error::{Error, Result};
use crate::storage::rules::{check_bulk_load, rule, rules};

/// The tables whose rules' insert triggers a bulk load replaces with one check of
/// each rule over the whole table, once loaded.
const BULK_TABLES: &[&str] = &["status_record", "position", "citation"];

/// Upkeep postponed while a large import fills an empty timeline. The secondary
/// indexes of `status_record` and `citation`, and the full-text index of status
/// notes, are built once after loading instead of updated row by row; the triggers
/// that check each status record, position and citation as it arrives are replaced
/// by one set-based check of the same rules (rules.rs) over the whole tables; the
/// triggers that keep the derived tables round_order, status_in_force and
/// round_status_count, by one set-wise rebuild of each (which also numbers rounds recorded out of date order in
/// one pass, where the triggers would renumber the later rounds at every one). The schema
/// ends the transaction exactly as it began (the same statements, re-run), and a
/// failure rolls the whole transaction back, so nothing outside it ever sees the
/// difference. Unique indexes (which upserts need) and the index the checks search
/// are kept throughout.
pub struct DeferredUpkeep {
    /// The CREATE statements to run again, indexes before triggers.
    statements: Vec<String>,
}

impl DeferredUpkeep {
    /// Begins a bulk load, unless the timeline already holds status records.
    pub async fn begin(conn: &mut SqliteConnection) -> Result<Option<Self>> {
        let empty = sqlx::query_scalar!(
            r#"SELECT NOT EXISTS (SELECT 1 FROM status_record) AS "empty!: bool""#
        )
        .fetch_one(&mut *conn)
        .await?;
        if !empty {
            return Ok(None);
        }
        // The rules' insert triggers on the tables loaded, by name (see rules.rs).
        let triggers = serde_json::to_string(
            &rules()
                .iter()
                .filter(|r| BULK_TABLES.contains(&r.table))
                .flat_map(|r| r.triggers)
                .collect::<Vec<_>>(),
        )
        .expect("names serialise");
        let postponed = sqlx::query!(
            r#"SELECT name AS "name!: String", type AS "kind!: String", sql AS "sql!: String"
               FROM sqlite_master
               WHERE (type = 'index' AND tbl_name IN ('status_record', 'citation')
                      AND sql IS NOT NULL AND sql NOT LIKE 'CREATE UNIQUE%'
                      AND name <> 'status_record_item_round')
                  OR (type = 'trigger' AND name IN ('status_record_fts_insert', 'status_in_force_insert',
                                                    'round_order_insert', 'round_order_number_insert',
                                                    'round_status_count_insert'))
                  OR (type = 'trigger' AND sql LIKE '%BEFORE INSERT ON%'
                      AND name IN (SELECT value FROM json_each(?1)))
               ORDER BY type = 'trigger', name"#,
            triggers
        )
        .fetch_all(&mut *conn)
        .await?;
        for object in &postponed {
            // Names come from sqlite_master, not from users.
            let drop = format!("DROP {} \"{}\"", object.kind.to_uppercase(), object.name);
            sqlx::query(sqlx::AssertSqlSafe(drop))
                .execute(&mut *conn)
                .await?;
        }
        Ok(Some(DeferredUpkeep {
            statements: postponed.into_iter().map(|o| o.sql).collect(),
        }))
    }

    pub async fn finish(self, conn: &mut SqliteConnection) -> Result<()> {
        let (triggers, indexes): (Vec<_>, Vec<_>) = self.statements.into_iter().partition(|sql| {
            sql.trim_start()
                .to_uppercase()
                .starts_with("CREATE TRIGGER")
        });
        for sql in indexes {
            sqlx::raw_sql(sqlx::AssertSqlSafe(sql))
                .execute(&mut *conn)
                .await?;
        }
        // One record in force per item and round is status_in_force's key: filling the
        // table checks it, and the set-based check of that rule (a scan of every
        // record) is spared.
        check_bulk_load(&mut *conn, BULK_TABLES, &[ONE_IN_FORCE]).await?;
        rebuild_orders(&mut *conn).await?;
        // The full-text index was empty with the table: build it from its content.
        sqlx::query("INSERT INTO status_record_fts (status_record_fts) VALUES ('rebuild')")
            .execute(&mut *conn)
            .await?;
        for sql in triggers {
            sqlx::raw_sql(sqlx::AssertSqlSafe(sql))
                .execute(&mut *conn)
                .await?;
        }
        Ok(())
    }
}

/// What the postponed triggers of round_order, status_in_force and round_status_count
/// would have written, set-wise: the rounds the load added enter round_order (a
/// retracted round never does), every process's rounds are numbered afresh,
/// status_in_force is filled from the records nothing supersedes or retracts (at rounds
/// in round_order), and each round's statuses are counted there.
async fn rebuild_orders(conn: &mut SqliteConnection) -> Result<()> {
    sqlx::query!(
        "INSERT INTO round_order (round_id, process_id, date_key, number)
         SELECT r.round_id, r.process_id, COALESCE(r.start_date, 'undated'), 0 FROM round r
         WHERE NOT EXISTS (SELECT 1 FROM round_order o WHERE o.round_id = r.round_id)
           AND NOT EXISTS (SELECT 1 FROM retraction x WHERE x.round_id = r.round_id)"
    )
    .execute(&mut *conn)
    .await?;
    sqlx::query!(
        "UPDATE round_order SET number = s.number
         FROM (SELECT round_id, ROW_NUMBER() OVER (PARTITION BY process_id ORDER BY date_key, round_id) AS number
               FROM round_order) AS s
         WHERE s.round_id = round_order.round_id AND round_order.number IS NOT s.number"
    )
    .execute(&mut *conn)
    .await?;
    sqlx::query!("DELETE FROM status_in_force")
        .execute(&mut *conn)
        .await?;
    // The records a correction supersedes are few: set them aside once. Two records in
    // force for one item and round would have one key: the trigger's rule, checked.
    sqlx::query!(
        "INSERT INTO status_in_force (status_record_id, agenda_item_id, round_date_key, round_id)
         SELECT sr.status_record_id, sr.agenda_item_id, o.date_key, sr.round_id
         FROM status_record sr JOIN round_order o ON o.round_id = sr.round_id
         WHERE sr.status_record_id NOT IN (SELECT supersedes_status_record_id FROM status_record
                                           WHERE supersedes_status_record_id IS NOT NULL)
           AND sr.status_record_id NOT IN (SELECT status_record_id FROM retraction
                                           WHERE status_record_id IS NOT NULL)"
    )
    .execute(&mut *conn)
    .await
    .map_err(|e| match (&e, rule(ONE_IN_FORCE)) {
        (sqlx::Error::Database(db), Some(rule)) if db.is_unique_violation() => {
            Error::Constraint(rule.message.to_owned())
        }
        _ => e.into(),
    })?;
    sqlx::query!("DELETE FROM round_status_count")
        .execute(&mut *conn)
        .await?;
    sqlx::query!(
        "INSERT INTO round_status_count (round_id, statuses)
         SELECT round_id, count(*) FROM status_in_force GROUP BY round_id"
    )
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// The rule status_in_force's key enforces as a bulk load fills it.
const ONE_IN_FORCE: &str = "status_record_one_in_force";
