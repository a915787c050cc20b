-- The first $3 rounds of process $1 numbered after $2, in number order.
SELECT r.round_id, r.process_id, s.number AS "number!", r.slug, r.title, r.start_date, r.state
FROM round r JOIN round_sequence s ON s.round_id = r.round_id
WHERE r.process_id = $1 AND s.number > $2
ORDER BY s.number LIMIT $3
