-- The round of a process with a given number.
SELECT o.round_id AS "round_id!", o.process_id, o.number, r.slug, r.title, r.start_date, r.state
FROM round_order o
JOIN round r ON r.round_id = o.round_id
WHERE o.process_id = ?1 AND o.number = ?2
