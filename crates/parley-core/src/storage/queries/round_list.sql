-- `round list`: a process's rounds in number order, each with how many items have a
-- status there (stored: round_status_count): one range of round_order's index, each
-- round's row and count by its key; no status is read, no sort. Their participants are
-- read apart, in one range of an index (round_list_participants.sql), and joined in
-- Rust: a subquery per round cost more than the rest of the statement. Read in place
-- through SQLite's C API (src/storage/raw_rows.rs): 10,000 rounds at 1M records.
SELECT o.number, o.round_id, r.slug AS round, r.title, r.start_date AS date, r.end_date,
       r.location, r.format, r.level, r.state, COALESCE(c.statuses, 0) AS statuses
FROM round_order o
JOIN round r ON r.round_id = o.round_id
LEFT JOIN round_status_count c ON c.round_id = o.round_id
WHERE o.process_id = ?1
ORDER BY o.number
