-- `round list` (src/storage/queries/round_list.sql and round_list_participants.sql):
-- a process's rounds in number order, each with its participants (party slug and
-- role, in party id order then role, as SQLite's index on (round_id, party_id, role)
-- hands them over) and its count of statuses. One statement: the server joins what
-- the SQLite side joins in Rust.
SELECT o.number, r.slug AS round, r.title, r.start_date AS date, r.end_date,
       r.location, r.format, r.level, r.state,
       (SELECT string_agg(pa.slug || ' (' || rp.role || ')', ', '
                          ORDER BY rp.party_id, rp.role COLLATE "C")
        FROM round_party rp JOIN party pa ON pa.party_id = rp.party_id
        WHERE rp.round_id = o.round_id) AS parties,
       COALESCE(c.statuses, 0)::bigint AS "statuses!"
FROM round_order o
JOIN round r ON r.round_id = o.round_id
LEFT JOIN round_status_count c ON c.round_id = o.round_id
WHERE o.process_id = $1
ORDER BY o.number
