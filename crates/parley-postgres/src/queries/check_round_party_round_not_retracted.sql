SELECT rp.round_party_id::text, format('recorded at round %s after its retraction', rp.round_id)
FROM round_party rp JOIN retraction x ON x.round_id = rp.round_id
WHERE x.recorded_at < rp.recorded_at
ORDER BY rp.round_party_id LIMIT NULLIF($1, -1)
