SELECT status_record_id::text AS "row!", format('confidence %s is not a credibility grade', confidence) AS "detail!"
FROM status_record
WHERE confidence IS NOT NULL AND confidence NOT IN (1, 2, 3, 4, 5, 6)
ORDER BY status_record_id LIMIT NULLIF($1, -1)
