SELECT n.round_note_id::text AS "row!", format('recorded at round %s after its retraction', n.round_id) AS "detail!"
FROM round_note n JOIN retraction x ON x.round_id = n.round_id
WHERE x.recorded_at < n.recorded_at
ORDER BY n.round_note_id LIMIT NULLIF($1, -1)
