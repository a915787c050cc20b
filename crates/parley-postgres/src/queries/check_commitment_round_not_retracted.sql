SELECT c.commitment_id::text AS "row!", format('recorded at round %s after its retraction', c.round_id) AS "detail!"
FROM commitment c JOIN retraction x ON x.round_id = c.round_id
WHERE x.recorded_at < c.recorded_at
ORDER BY c.commitment_id LIMIT NULLIF($1, -1)
