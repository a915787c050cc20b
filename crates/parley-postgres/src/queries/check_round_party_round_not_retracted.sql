SELECT rp.round_party_id::text AS "row!", format('recorded at round %s after its retraction', rp.round_id) AS "detail!"
FROM round_party rp JOIN retraction x ON x.round_id = rp.round_id
WHERE x.recorded_at < rp.recorded_at
ORDER BY rp.round_party_id LIMIT NULLIF($1, -1)
