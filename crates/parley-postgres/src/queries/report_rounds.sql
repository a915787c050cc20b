-- The rounds of process $1 in force now, in number order.
SELECT r.round_id, s.number AS "number!", r.slug AS round, r.title, r.start_date AS date, r.end_date, r.location,
       r.format, r.level, r.state, r.tone, r.summary
FROM round r
JOIN round_sequence s ON s.round_id = r.round_id
WHERE r.process_id = $1
ORDER BY s.number
