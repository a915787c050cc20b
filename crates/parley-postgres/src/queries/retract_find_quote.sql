SELECT q.quote_id, q.round_id, q.text
FROM quote q JOIN round r ON r.round_id = q.round_id
WHERE q.quote_id = $1 AND r.process_id = $2
