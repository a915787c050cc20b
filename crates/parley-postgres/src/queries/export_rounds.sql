-- `export`: the rounds numbered $2 to $3 of process $1, in number order.
SELECT r.round_id, r.slug, r.title, r.start_date, r.end_date, r.location, r.format,
       r.level, r.state, r.tone, r.summary
FROM round_order o JOIN round r ON r.round_id = o.round_id
WHERE o.process_id = $1 AND o.number BETWEEN $2 AND $3 ORDER BY o.number
