-- `round list`: up to 256 of a process's rounds in number order, after number ?2, each
-- with how many items have a status there (stored: round_status_count): one range of
-- round_order's index, each round's row and count by its key; no status is read. Their
-- participants are read apart, in one range of an index (round_list_participants.sql),
-- and joined in Rust: a subquery per round cost more than the rest of the statement.
-- The rows cross from SQLite packed in one JSON array per run of 256: handed over one
-- at a time, 10,000 rounds cost more than reading them; packed in one, the text grows
-- by copies into fresh memory. The run comes in number order from the index: no sort.
SELECT json_group_array(json_array(number, round_id, round, title, date, end_date, location,
                                   format, level, state, statuses)) AS "rows!: String"
FROM (
    SELECT o.number, o.round_id, r.slug AS round, r.title, r.start_date AS date, r.end_date,
           r.location, r.format, r.level, r.state, COALESCE(c.statuses, 0) AS statuses
    FROM round_order o
    JOIN round r ON r.round_id = o.round_id
    LEFT JOIN round_status_count c ON c.round_id = o.round_id
    WHERE o.process_id = ?1 AND o.number > ?2
    ORDER BY o.number
    LIMIT 256)
