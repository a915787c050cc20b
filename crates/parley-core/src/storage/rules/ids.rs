//! Ids never reused (migrations/20251219000000_ids_never_reused.sql): an alias removed
//! or a participant withdrawn leaves its table, and its history table names it by its
//! id, so no later row may take that id. AUTOINCREMENT hands out only ids above the
//! table's sequence, which every history row moves past the id it names; these rules
//! refuse a row given such an id anyway, and find one afterwards, or a sequence that
//! another client moved back below an id the table or its history holds.

use futures_util::future::BoxFuture;
use sqlx::SqliteConnection;

use super::{Finder, Rule, Violation};
use crate::error::Result;

pub(super) const IDS: [Rule; 2] = [
    Rule {
        name: "party_alias_id_never_reused",
        table: "party_alias",
        triggers: &["party_alias_new_id"],
        message: "party_alias: a new alias takes an id no alias has held; party_alias_history names this one",
        foreign_key: false,
        find: finder!(
            r#"SELECT row AS "row!: String", detail AS "detail!: String"
               FROM (SELECT a.party_alias_id AS id, CAST(a.party_alias_id AS TEXT) AS row,
                            printf('alias ''%s'' has the id of the removed alias ''%s'' (party_alias_history %d)',
                                   a.alias, h.alias, h.party_alias_history_id) AS detail
                     FROM party_alias a JOIN party_alias_history h ON h.party_alias_id = a.party_alias_id
                     UNION ALL
                     SELECT held.id, CAST(held.id AS TEXT),
                            printf('id %d has been held, but sqlite_sequence hands out ids after %d: a new alias could take it',
                                   held.id, COALESCE(s.seq, 0))
                     FROM (SELECT max(id) AS id
                           FROM (SELECT max(party_alias_id) AS id FROM party_alias
                                 UNION ALL SELECT max(party_alias_id) FROM party_alias_history)) held
                     LEFT JOIN sqlite_sequence s ON s.name = 'party_alias'
                     WHERE held.id > COALESCE(s.seq, 0))
               ORDER BY id LIMIT ?1"#
        ),
    },
    Rule {
        name: "round_party_id_never_reused",
        table: "round_party",
        triggers: &["round_party_new_id"],
        message: "round_party: a new participant takes an id no participant has held; round_party_history names this one",
        foreign_key: false,
        // A participant's own earlier versions name its id too: a withdrawal, or a
        // version of another round or party, names an id some participant held before.
        find: finder!(
            r#"SELECT row AS "row!: String", detail AS "detail!: String"
               FROM (SELECT rp.round_party_id AS id, CAST(rp.round_party_id AS TEXT) AS row,
                            printf('participant has the id of %s (round_party_history %d)',
                                   CASE WHEN h.withdrawn = 1 THEN 'a withdrawn participant'
                                        ELSE 'another round''s or party''s participant' END,
                                   h.round_party_history_id) AS detail
                     FROM round_party rp
                     JOIN round_party_history h
                       ON h.round_party_history_id = (
                              SELECT min(x.round_party_history_id) FROM round_party_history x
                              WHERE x.round_party_id = rp.round_party_id
                                AND (x.withdrawn = 1 OR x.round_id <> rp.round_id OR x.party_id <> rp.party_id))
                     UNION ALL
                     SELECT held.id, CAST(held.id AS TEXT),
                            printf('id %d has been held, but sqlite_sequence hands out ids after %d: a new participant could take it',
                                   held.id, COALESCE(s.seq, 0))
                     FROM (SELECT max(id) AS id
                           FROM (SELECT max(round_party_id) AS id FROM round_party
                                 UNION ALL SELECT max(round_party_id) FROM round_party_history)) held
                     LEFT JOIN sqlite_sequence s ON s.name = 'round_party'
                     WHERE held.id > COALESCE(s.seq, 0))
               ORDER BY id LIMIT ?1"#
        ),
    },
];
