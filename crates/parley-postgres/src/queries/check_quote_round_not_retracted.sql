SELECT q.quote_id::text AS "row!", format('recorded at round %s after its retraction', q.round_id) AS "detail!"
FROM quote q JOIN retraction x ON x.round_id = q.round_id
WHERE x.recorded_at < q.recorded_at
ORDER BY q.quote_id LIMIT NULLIF($1, -1)
